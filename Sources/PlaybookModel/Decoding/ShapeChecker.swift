import Claims
import Diagnostics
import Foundation
import YAMLLoading

/// Checks a YAML tree against a ``Shape``: unknown keys (with "did you mean"), missing fields,
/// wrong shapes and malformed scalars. Reports every problem it finds, not just the first.
struct ShapeChecker {
  var diagnostics: [Diagnostic] = []

  mutating func check(_ node: YAMLNode, against shape: Shape, field: String) {
    switch shape {
    case .any:
      return
    case .scalar(let kind):
      checkScalar(node, kind, field: field)
    case .list(let item, let nonEmpty, let single):
      if let items = node.sequence {
        if nonEmpty && items.isEmpty {
          diagnostics.append(
            Diagnostic(.emptyList, "`\(field)` is an empty list", at: node.span,
                       help: "list at least one value, or remove `\(field)`"))
        }
        for child in items { check(child, against: item, field: field) }
      } else if single, node.scalar != nil {
        check(node, against: item, field: field)
      } else if node.isNull {
        missingValue(node, field: field)
      } else {
        diagnostics.append(
          Diagnostic(.wrongType, "`\(field)` must be a list, not \(node.shapeDescription)", at: node.span,
                     help: "write `\(field): [first, second]` or one `- item` per line under `\(field):`"))
      }
    case .object(let object):
      checkObject(node, object, field: field)
    case .dictionary(let value, let what):
      guard let pairs = node.mapping else {
        if node.isNull { return missingValue(node, field: field) }
        diagnostics.append(
          Diagnostic(.wrongType, "`\(field)` must be a mapping of \(what) ids, not \(node.shapeDescription)", at: node.span,
                     help: "write one `id: {title: ...}` entry per line under `\(field):`"))
        return
      }
      for pair in pairs {
        checkID(pair.key.text, at: pair.keySpan, field: "\(what) id")
        check(pair.value, against: value, field: pair.key.text)
      }
    case .scalarOrObject(let kind, let object):
      if node.mapping != nil {
        checkObject(node, object, field: field)
      } else {
        checkScalar(node, kind, field: field)
      }
    }
  }

  mutating func missingValue(_ node: YAMLNode, field: String) {
    diagnostics.append(
      Diagnostic(.missingValue, "`\(field)` has no value", at: node.span,
                 help: "write a value after `\(field):` or remove the line"))
  }

  mutating func checkObject(_ node: YAMLNode, _ object: ObjectShape, field: String) {
    guard let pairs = node.mapping else {
      if node.isNull { return missingValue(node, field: field) }
      diagnostics.append(
        Diagnostic(.wrongType, "`\(field)` must be a mapping (\(object.what)), not \(node.shapeDescription)", at: node.span,
                   help: "write the \(object.what)'s fields as `key: value` lines indented under `\(field):`"))
      return
    }
    // Declared fields seen, by index (field names are unique within an object shape): a bit
    // mask for shapes of up to 64 fields (all of them today), a list beyond that.
    let fields = object.fields
    var seenMask: UInt64 = 0
    var seenList = fields.count > 64 ? [Bool](repeating: false, count: fields.count) : []
    for pair in pairs {
      let key = pair.key.text
      let keyLength = key.utf8.count
      guard let index = fields.firstIndex(where: { $0.name.utf8.count == keyLength && $0.name == key }) else {
        let names = object.fields.map(\.name)
        let help: String
        if let guess = Spelling.suggestion(for: key, among: names) {
          help = "did you mean `\(guess)`?"
        } else {
          help = "keys allowed in \(article(object.what)) \(object.what): \(names.joined(separator: ", "))"
        }
        diagnostics.append(
          Diagnostic(.unknownKey, "unknown key `\(key)` in \(object.what)", at: pair.keySpan, help: help))
        continue
      }
      if index < 64 { seenMask |= 1 << UInt64(index) } else { seenList[index] = true }
      check(pair.value, against: fields[index].shape, field: key)
    }
    for (index, required) in fields.enumerated() where required.required {
      let seen = index < 64 ? seenMask & (1 << UInt64(index)) != 0 : seenList[index]
      if seen { continue }
      // Only report the missing key when no misspelling of it was already reported.
      let misspelled = pairs.contains { pair in
        object.field(pair.key.text) == nil
          && Spelling.suggestion(for: pair.key.text, among: [required.name]) != nil
      }
      if misspelled { continue }
      let start = node.span.start
      let headSpan = SourceSpan(
        file: node.span.file, start: start,
        end: SourcePosition(line: start.line, column: start.column + 1, offset: start.offset + 1))
      diagnostics.append(
        Diagnostic(.missingField, "\(object.what) is missing `\(required.name)`", at: headSpan,
                   help: "add `\(required.name):` (\(lowercasedFirst(required.description)))"))
    }
  }

  mutating func checkScalar(_ node: YAMLNode, _ kind: ScalarKind, field: String) {
    guard let scalar = node.scalar else {
      diagnostics.append(
        Diagnostic(.wrongType, "`\(field)` must be \(kindWords(kind)), not \(node.shapeDescription)", at: node.span,
                   help: kindHelp(kind, field: field)))
      return
    }
    if scalar.isNull {
      return missingValue(node, field: field)
    }
    let text = scalar.text
    switch kind {
    case .text, .revision, .code:
      if case .code = kind, FastText.trimmingWhitespace(text).isEmpty {
        diagnostics.append(Diagnostic(.emptyPattern, "`\(field)` has an empty code", at: node.span, help: "write the code or remove the entry"))
      }
    case .id:
      checkID(text, at: node.span, field: field)
    case .date:
      if CalendarDate(iso: text) == nil {
        diagnostics.append(
          Diagnostic(.invalidDate, "`\(field)` must be a date written YYYY-MM-DD, not `\(text)`", at: node.span,
                     help: dateHelp(text)))
      }
    case .choice(let choices):
      if !choices.contains(text) {
        var help = "use one of: \(choices.joined(separator: ", "))"
        if let guess = Spelling.suggestion(for: text, among: choices) { help = "did you mean `\(guess)`?" }
        diagnostics.append(
          Diagnostic(.invalidChoice, "`\(field)` cannot be `\(text)`", at: node.span, help: help))
      }
    case .integer(let min, let max):
      if scalar.style != .plain || Int(text) == nil || !(min...max).contains(Int(text)!) {
        diagnostics.append(
          Diagnostic(.invalidInteger, "`\(field)` must be a whole number from \(min) to \(max), not `\(text)`", at: node.span,
                     help: "write digits only, e.g. `\(field): \(Swift.max(min, Swift.min(max, 120)))`"))
      }
    case .money:
      if Money.parse(text) == nil {
        diagnostics.append(
          Diagnostic(.invalidMoney, "`\(field)` must be an amount such as `200` or `1960.00`, not `\(text)`", at: node.span,
                     help: "write the amount without `$`, commas or spaces; at most two decimals"))
      }
    case .boolean:
      if text != "true" && text != "false" {
        let lower = text.lowercased()
        let guess = ["yes", "y", "on", "true"].contains(lower) ? "true" : ["no", "n", "off", "false"].contains(lower) ? "false" : nil
        diagnostics.append(
          Diagnostic(.invalidBoolean, "`\(field)` must be `true` or `false`, not `\(text)`", at: node.span,
                     help: guess.map { "write `\($0)`" } ?? "write `true` or `false`"))
      }
    }
  }

  mutating func checkID(_ text: String, at span: SourceSpan, field: String) {
    guard !PlaybookID.isValid(text) else { return }
    diagnostics.append(
      Diagnostic(.invalidID, "`\(field)` `\(text)` must use lowercase letters, digits, `-` or `_`", at: span,
                 help: "try `\(PlaybookID.suggest(text))`"))
  }

  func dateHelp(_ text: String) -> String {
    // Common slips: US order, missing zero padding, a time or zone added.
    let parts = text.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." })
    if parts.count == 3, let m = Int(parts[0]), let d = Int(parts[1]), let y = Int(parts[2]), y > 999,
      let date = CalendarDate(year: y, month: m, day: d)
    {
      return "did you mean `\(date)`?"
    }
    if parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let dd = parts[2].prefix(2).description as String?,
      let d = Int(dd), let date = CalendarDate(year: y, month: m, day: d)
    {
      return "did you mean `\(date)`?"
    }
    return "write the date as YYYY-MM-DD, for example 2026-01-31"
  }

  func kindWords(_ kind: ScalarKind) -> String {
    switch kind {
    case .text, .revision: return "text"
    case .id: return "an id"
    case .date: return "a date"
    case .choice: return "one word"
    case .integer: return "a whole number"
    case .money: return "an amount"
    case .boolean: return "`true` or `false`"
    case .code: return "a code"
    }
  }

  func kindHelp(_ kind: ScalarKind, field: String) -> String {
    switch kind {
    case .choice(let choices): return "write one of: \(choices.joined(separator: ", "))"
    default: return "write a single value after `\(field):`"
    }
  }

  func article(_ word: String) -> String {
    guard let first = word.first else { return "a" }
    return "aeiou".contains(first) ? "an" : "a"
  }

  func lowercasedFirst(_ s: String) -> String {
    guard let first = s.first else { return s }
    var rest = String(s.dropFirst())
    if rest.hasSuffix(".") { rest.removeLast() }
    return first.lowercased() + rest
  }
}

/// Text helpers for the decoding hot path.
enum FastText {
  /// `text.trimmingCharacters(in: .whitespaces)`, without Foundation's NSString round trip when
  /// there is nothing to trim: an ASCII first and last character other than space and tab (the
  /// only ASCII members of `.whitespaces`) means the text is returned unchanged.
  static func trimmingWhitespace(_ text: String) -> String {
    if let first = text.utf8.first, let last = text.utf8.last, first < 0x80, last < 0x80,
      first != 0x20, first != 0x09, last != 0x20, last != 0x09
    {
      return text
    }
    return text.trimmingCharacters(in: .whitespaces)
  }
}

/// Rules for ids of payers, proofs, levels, reasons and checks.
public enum PlaybookID {
  /// Lowercase letters, digits, `-` and `_`, starting with a letter or digit.
  public static func isValid(_ text: String) -> Bool {
    guard let first = text.utf8.first, isLowerOrDigit(first) else { return false }
    return text.utf8.allSatisfy { isLowerOrDigit($0) || $0 == 0x2D || $0 == 0x5F }
  }

  static func isLowerOrDigit(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) }

  /// A valid id close to some text: `Knee Scope` becomes `knee-scope`.
  public static func suggest(_ text: String) -> String {
    var out = ""
    for ch in text.lowercased() {
      if ch.isLetter && ch.isASCII || ch.isNumber && ch.isASCII || ch == "_" {
        out.append(ch)
      } else if !out.isEmpty && out.last != "-" {
        out.append("-")
      }
    }
    while out.hasSuffix("-") { out.removeLast() }
    return out.isEmpty ? "my-id" : out
  }
}

/// Money amounts as Decimal, parsed from text exactly.
public enum Money {
  /// Parses `200`, `1960.00`, `0.5`; rejects `$200`, `1,960`, `1e3`, more than two decimals and
  /// negative amounts.
  public static func parse(_ text: String) -> Decimal? {
    let u = Array(text.utf8)
    guard !u.isEmpty else { return nil }
    var sawDot = false
    var decimals = 0
    var digits = 0
    for b in u {
      if b == 0x2E {
        if sawDot { return nil }
        sawDot = true
      } else if b >= 0x30 && b <= 0x39 {
        digits += 1
        if sawDot { decimals += 1 }
      } else {
        return nil
      }
    }
    guard digits > 0, decimals <= 2, digits <= 15 else { return nil }
    return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
  }
}
