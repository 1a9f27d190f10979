import Claims
import Foundation
import PlaybookModel

/// A short code (up to 8 ASCII characters) packed into an integer, so that comparing codes,
/// testing prefixes and testing ranges cost one or two integer operations.
///
/// Characters are stored left-aligned and uppercased, so for codes of the same length the
/// integer order is the text order. Dots and spaces are dropped (`M17.11` is `M1711`).
public struct PackedCode: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// The characters, first character in the highest byte.
  public var bits: UInt64
  /// How many characters.
  public var length: UInt8

  /// Packs a code; codes longer than 8 characters keep their first 8 (no real code is longer).
  public init(_ text: String) {
    var bits: UInt64 = 0
    var length: UInt8 = 0
    for var b in text.utf8 where b != 0x2E && b != 0x20 {
      guard length < 8 else { break }
      if b >= 0x61 && b <= 0x7A { b -= 0x20 }
      bits |= UInt64(b) << (56 - 8 * UInt64(length))
      length += 1
    }
    self.bits = bits
    self.length = length
  }

  /// Whether the code starts with a prefix.
  @inlinable public func hasPrefix(_ p: PackedCode) -> Bool {
    guard p.length <= length else { return false }
    if p.length == 0 { return true }
    let mask: UInt64 = p.length >= 8 ? ~0 : ~(~UInt64(0) >> (8 * UInt64(p.length)))
    return bits & mask == p.bits
  }

  public static func < (a: PackedCode, b: PackedCode) -> Bool { a.bits < b.bits }

  public var description: String {
    var out = ""
    for i in 0..<Int(length) {
      out.unicodeScalars.append(Unicode.Scalar(UInt8(truncatingIfNeeded: bits >> (56 - 8 * UInt64(i)))))
    }
    return out
  }
}

/// A code pattern compiled for fast matching.
public struct CompiledPattern: Sendable {
  /// The pattern as written, for traces.
  public var text: String
  enum Form: Sendable {
    case exact(PackedCode)
    case range(PackedCode, PackedCode)
    case prefix(PackedCode)
  }
  var form: Form

  init(_ pattern: CodePattern) {
    text = pattern.text
    switch pattern.form {
    case .exact(let c): form = .exact(PackedCode(c))
    case .range(let l, let h): form = .range(PackedCode(l), PackedCode(h))
    case .prefix(let p): form = .prefix(PackedCode(p))
    }
  }

  /// Whether a code is in the set.
  func matches(_ code: PackedCode) -> Bool { CompiledPattern.matches(form, code) }

  /// Whether a code is in the set a pattern's form describes.
  @inline(__always)
  static func matches(_ form: Form, _ code: PackedCode) -> Bool {
    switch form {
    case .exact(let c): return c == code
    case .prefix(let p): return code.hasPrefix(p)
    case .range(let l, let h):
      return code.length == l.length && l.bits <= code.bits && code.bits <= h.bits
        && sameLetterLayout(code, l)
    }
  }

  /// Letters sit where the range's letters sit (so `0005F` is in `0001F-0015F`, `00051` is not).
  static func sameLetterLayout(_ a: PackedCode, _ b: PackedCode) -> Bool {
    var x = a.bits
    var y = b.bits
    for _ in 0..<Int(a.length) {
      let cx = UInt8(truncatingIfNeeded: x >> 56)
      let cy = UInt8(truncatingIfNeeded: y >> 56)
      let lx = cx >= 0x41
      let ly = cy >= 0x41
      if lx != ly || (lx && cx != cy) { return false }
      x <<= 8
      y <<= 8
    }
    return true
  }

  /// How the pattern matched, for traces: `in 29870-29889`, `matches M17.*`, `is 29881`.
  var verb: String {
    switch form {
    case .exact: return "is \(text)"
    case .range: return "in \(text)"
    case .prefix: return "matches \(text)"
    }
  }
}

/// One adjustment of a denial: group and reason code.
public struct AdjustmentFact: Sendable, Hashable {
  /// CO, PR, OA, PI, CR.
  public var group: PackedCode
  /// The CARC.
  public var carc: PackedCode
  /// The amount.
  public var amount: Decimal

  /// Creates an adjustment fact.
  public init(group: String, carc: String, amount: Decimal = 0) {
    self.group = PackedCode(group)
    self.carc = PackedCode(carc)
    self.amount = amount
  }
}

/// One procedure with its modifiers.
public struct ProcedureFact: Sendable, Hashable {
  /// The code.
  public var code: PackedCode
  /// Its modifiers.
  public var modifiers: [PackedCode]

  /// Creates a procedure fact.
  public init(code: String, modifiers: [String] = []) {
    self.code = PackedCode(code)
    self.modifiers = modifiers.map(PackedCode.init)
  }
}

/// Everything a rule can be matched against, normalized once: a denial (claim or line, with
/// the original claim's context joined in when known) or a case before submission.
public struct Facts: Sendable {
  /// Adjustments (empty for a case before submission).
  public var adjustments: [AdjustmentFact] = []
  /// Remark codes.
  public var remarks: [PackedCode] = []
  /// Procedures with their modifiers.
  public var procedures: [ProcedureFact] = []
  /// Diagnoses; nil when unknown (an 835 without its claim).
  public var diagnoses: [PackedCode]?
  /// Place of service.
  public var placeOfService: PackedCode?
  /// Plan type word (`medicare_part_b`, ...).
  public var planType: String?
  /// Billed amount.
  public var billed: Decimal = 0
  /// Date of service.
  public var serviceDate: CalendarDate?

  /// Creates empty facts.
  public init() {}
}
