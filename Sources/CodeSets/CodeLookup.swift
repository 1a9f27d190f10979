/// Shared lookup rules for every code set in this module.
///
/// Codes are matched exactly, except that ASCII letters are compared without regard to case
/// (`n115` finds `N115`, `co` finds `CO`). Nothing else is forgiven: no whitespace trimming, no
/// leading-zero padding or stripping. `"2"` is not place of service `02`, and `"050"` is not
/// CARC `50`. Payers send codes in upper case, so the exact lookup is tried first and costs no
/// allocation.
enum CodeLookup {
  /// Looks `code` up in `table`, retrying with ASCII upper case on a miss.
  @inline(__always)
  static func value<V>(_ code: String, in table: [String: V]) -> V? {
    if let hit = table[code] { return hit }
    guard code.utf8.contains(where: { $0 >= 0x61 && $0 <= 0x7A }) else { return nil }
    return table[canonical(code)]
  }

  /// `code` with ASCII lower-case letters turned to upper case; other bytes unchanged.
  static func canonical(_ code: String) -> String {
    String(decoding: code.utf8.map { ($0 >= 0x61 && $0 <= 0x7A) ? $0 - 0x20 : $0 }, as: UTF8.self)
  }

  /// Sort order for codes: letter prefix first (none before any), then numeric value.
  static func sortKey(_ code: String) -> (String, Int) {
    let prefix = String(code.prefix { !$0.isNumber })
    let number = Int(code.dropFirst(prefix.count)) ?? 0
    return (prefix, number)
  }

  /// Every key of `table`, in ``sortKey(_:)`` order.
  static func sortedKeys<V>(_ table: [String: V]) -> [String] {
    table.keys.sorted { sortKey($0) < sortKey($1) }
  }

  /// Whether `bytes` is `min`...`max` ASCII digits.
  static func isDigits(_ bytes: Substring.UTF8View, min: Int = 1, max: Int) -> Bool {
    let n = bytes.count
    return n >= min && n <= max && bytes.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
  }
}
