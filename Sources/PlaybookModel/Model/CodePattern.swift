import Diagnostics
import Foundation

/// A procedure or diagnosis code pattern: an exact code, a range of equal-length codes, or a
/// prefix ending in `*`.
///
/// Codes are compared case-insensitively. ICD-10 codes compare without their dot, so `M17.11`,
/// `M1711` and `m17.11` are the same code and `M17.*` matches all three.
public struct CodePattern: Sendable, Hashable, CustomStringConvertible {
  /// The forms a pattern takes.
  public enum Form: Sendable, Hashable {
    /// One code.
    case exact(String)
    /// Codes from `low` to `high` inclusive; both the same length.
    case range(low: String, high: String)
    /// Codes that start with the text.
    case prefix(String)
  }

  /// The normalized form (uppercase, no dots).
  public var form: Form
  /// The pattern as written.
  public var text: String

  /// How narrow the pattern is: 0 for an exact code, larger for wider sets. Used to rank
  /// more specific reasons first.
  public var breadth: Double {
    switch form {
    case .exact: return 0
    case .range(let low, let high):
      // Approximate count of codes in the range, on a log scale.
      let span = CodePattern.numericDistance(low, high)
      return log10(Double(span) + 1)
    case .prefix(let p): return Double(max(0, 7 - p.count))
    }
  }

  /// Normalizes a code for comparison: uppercase, without dots and surrounding spaces.
  public static func normalize(_ code: String) -> String {
    if let fast = normalizeASCII(code) { return fast }
    var out = ""
    out.reserveCapacity(code.utf8.count)
    for scalar in code.unicodeScalars where scalar != "." && scalar != " " {
      out.unicodeScalars.append(contentsOf: String(scalar).uppercased().unicodeScalars)
    }
    return out
  }

  /// `normalize` for ASCII text, byte by byte (nil when the text has non-ASCII characters,
  /// whose uppercasing needs Unicode rules). Returns the text itself when nothing changes.
  static func normalizeASCII(_ code: String) -> String? {
    var utf8 = code.utf8
    var clean = true
    for b in utf8 {
      if b >= 0x80 { return nil }
      if b == 0x2E || b == 0x20 || (b >= 0x61 && b <= 0x7A) { clean = false }
    }
    if clean { return code }
    utf8 = code.utf8
    return String(unsafeUninitializedCapacity: utf8.count) { out in
      var n = 0
      for b in utf8 where b != 0x2E && b != 0x20 {
        out[n] = (b >= 0x61 && b <= 0x7A) ? b - 0x20 : b
        n += 1
      }
      return n
    }
  }

  /// Whether a code is in the pattern's set.
  public func matches(_ code: String) -> Bool {
    matches(normalized: CodePattern.normalize(code))
  }

  /// Whether an already normalized code is in the pattern's set.
  public func matches(normalized code: String) -> Bool {
    switch form {
    case .exact(let c): return code == c
    case .prefix(let p): return code.hasPrefix(p)
    case .range(let low, let high):
      return code.utf8.count == low.utf8.count && low <= code && code <= high
        && CodePattern.sameLetterLayout(code, low)
    }
  }

  public var description: String { text }

  /// Parses a pattern; on failure returns the diagnostic code and a message.
  public static func parse(_ text: String) -> Result<CodePattern, PatternError> {
    let trimmed = FastText.trimmingWhitespace(text)
    guard !trimmed.isEmpty else { return .failure(.init(.emptyPattern, "empty code pattern", "write a code, a range like 29870-29889 or a prefix like M17.*")) }
    if trimmed.hasSuffix("*") {
      let prefix = normalize(String(trimmed.dropLast()))
      guard !prefix.isEmpty else {
        return .failure(.init(.badPattern, "pattern `\(text)` matches every code", "remove the condition instead, or write a prefix such as `J*`"))
      }
      guard isAlphanumeric(prefix) else {
        return .failure(.init(.badPattern, "pattern `\(text)` has characters other than letters, digits and one final `*`", "write a prefix such as `M17.*`"))
      }
      return .success(CodePattern(form: .prefix(prefix), text: text))
    }
    guard let dash = trimmed.utf8.firstIndex(of: 0x2D) else {
      // No dash: one code (the common case; skips splitting).
      let code = normalize(trimmed)
      guard isAlphanumeric(code) else {
        return .failure(.init(.badPattern, "code `\(text)` has characters other than letters and digits", "write the code alone, e.g. 29881 or M17.11"))
      }
      return .success(CodePattern(form: .exact(code), text: text))
    }
    // Split at the dash by bytes (`-` is ASCII, so its index is a character boundary).
    let afterDash = trimmed.utf8.index(after: dash)
    if !trimmed.utf8[afterDash...].contains(0x2D) {
      let lowText = trimmed[..<dash]
      let highText = trimmed[afterDash...]
      let low = normalize(String(lowText))
      let high = normalize(String(highText))
      guard !low.isEmpty, !high.isEmpty else {
        return .failure(.init(.badPattern, "range `\(text)` is missing one end", "write both ends, e.g. 29870-29889"))
      }
      guard isAlphanumeric(low), isAlphanumeric(high) else {
        return .failure(.init(.badPattern, "range `\(text)` has characters other than letters and digits", "write a range such as 29870-29889"))
      }
      guard low.count == high.count, sameLetterLayout(low, high) else {
        return .failure(.init(.unevenRange, "range `\(text)` has ends of different shape", "both ends need the same length and the same letters in the same places, e.g. J0120-J9999"))
      }
      guard low <= high else {
        return .failure(.init(.invertedRange, "range `\(text)` starts after it ends", "write it as `\(highText)-\(lowText)`"))
      }
      return .success(CodePattern(form: .range(low: low, high: high), text: text))
    }
    return .failure(.init(.badPattern, "pattern `\(text)` has more than one `-`", "write a range with one dash, e.g. 29870-29889"))
  }

  /// A pattern parse failure.
  public struct PatternError: Error, Sendable {
    /// The diagnostic code.
    public var code: DiagnosticCode
    /// The message.
    public var message: String
    /// The fix.
    public var help: String
    init(_ code: DiagnosticCode, _ message: String, _ help: String) {
      self.code = code
      self.message = message
      self.help = help
    }
  }

  static func isAlphanumeric(_ s: String) -> Bool {
    s.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) }
  }

  /// Letters sit in the same places in both codes, and are the same letters.
  static func sameLetterLayout(_ a: String, _ b: String) -> Bool {
    for (x, y) in zip(a.utf8, b.utf8) {
      let xl = x >= 0x41
      let yl = y >= 0x41
      if xl != yl || (xl && x != y) { return false }
    }
    return true
  }

  static func numericDistance(_ a: String, _ b: String) -> Int {
    let da = Int(String(a.unicodeScalars.filter { CharacterSet.decimalDigits.contains($0) })) ?? 0
    let db = Int(String(b.unicodeScalars.filter { CharacterSet.decimalDigits.contains($0) })) ?? 0
    return abs(db - da)
  }
}

/// The conditions of a `match` (denial reasons) or `when`/`unless` (checks).
///
/// Within a field any value may match; across fields all must. A nil field is unconstrained.
public struct MatchCondition: Sendable {
  /// Group codes (CO, PR, OA, PI), uppercase.
  public var groups: [String]?
  /// CARCs, uppercase.
  public var carcs: [String]?
  /// RARCs, uppercase.
  public var rarcs: [String]?
  /// Any of these procedures.
  public var procedures: [CodePattern]?
  /// Each of these matches some procedure.
  public var proceduresAll: [CodePattern]?
  /// Any of these modifiers is present.
  public var modifiers: [String]?
  /// None of these modifiers is present.
  public var modifiersAbsent: [String]?
  /// Any of these diagnoses.
  public var diagnoses: [CodePattern]?
  /// Places of service.
  public var placesOfService: [String]?
  /// Plan types.
  public var planTypes: [String]?
  /// Billed amount over this.
  public var billedOver: Decimal?
  /// Where the conditions are written.
  public var span: SourceSpan?

  /// Creates an unconstrained condition.
  public init() {}

  /// The number of constrained fields: more constrained means more specific.
  public var constrainedFieldCount: Int {
    var n = 0
    if groups != nil { n += 1 }
    if carcs != nil { n += 1 }
    if rarcs != nil { n += 1 }
    if procedures != nil { n += 1 }
    if proceduresAll != nil { n += 1 }
    if modifiers != nil { n += 1 }
    if modifiersAbsent != nil { n += 1 }
    if diagnoses != nil { n += 1 }
    if placesOfService != nil { n += 1 }
    if planTypes != nil { n += 1 }
    if billedOver != nil { n += 1 }
    return n
  }

  /// True when no field is constrained.
  public var isEmpty: Bool { constrainedFieldCount == 0 }

  /// How specific the condition is, for ranking matches: more constrained fields first, then
  /// narrower code sets (lower breadth). Effective dates count as a field.
  public func specificity(effective: Effective?) -> (fields: Int, breadth: Double) {
    var b = 0.0
    for list in [procedures, proceduresAll, diagnoses] {
      guard let list else { continue }
      b += list.reduce(0) { $0 + $1.breadth } + Double(list.count - 1)
    }
    for list in [groups, carcs, rarcs, modifiers, placesOfService] {
      if let list { b += Double(list.count - 1) * 0.1 }
    }
    // Plan types narrow a rule less than any code does (routing already picks the payer), so
    // they do not count as a constrained field; they only widen the breadth a little.
    let fields = constrainedFieldCount - (planTypes == nil ? 0 : 1) + (effective == nil ? 0 : 1)
    return (fields, b + (planTypes == nil ? 0 : 0.5))
  }
}
