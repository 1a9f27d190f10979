import Foundation

/// Money as the billing team reads it: `$1,234.00`, `-$12.50`.
///
/// en_US style, two decimals, commas between thousands. Works on `Decimal` digits only (rounded
/// half away from zero to cents with `NSDecimalRound`), never through `Double`, so amounts print
/// exactly as the remittance wrote them, whatever the process locale.
public enum Dollars {
  /// `$1,234.00`.
  public static func format(_ amount: Decimal) -> String {
    var value = amount
    var rounded = Decimal()
    NSDecimalRound(&rounded, &value, 2, .plain)
    let negative = rounded < 0
    let digits = (negative ? -rounded : rounded).description
    let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    let whole = String(parts[0])
    var cents = parts.count > 1 ? String(parts[1]) : ""
    cents += String(repeating: "0", count: max(0, 2 - cents.count))
    var grouped = ""
    for (i, ch) in whole.enumerated() {
      if i > 0 && (whole.count - i) % 3 == 0 { grouped.append(",") }
      grouped.append(ch)
    }
    return (negative ? "-$" : "$") + grouped + "." + cents.prefix(2)
  }

  /// The sum of amounts.
  static func sum<S: Sequence>(_ amounts: S) -> Decimal where S.Element == Decimal {
    amounts.reduce(Decimal(0), +)
  }
}
