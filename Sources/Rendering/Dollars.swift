import Foundation

/// Money as the billing team reads it: `$1,234.00`, `-$12.50`.
///
/// en_US style, two decimals, commas between thousands. Works on `Decimal` digits only (rounded
/// half away from zero to cents with `NSDecimalRound`), never through `Double`, so amounts print
/// exactly as the remittance wrote them, whatever the process locale.
public enum Dollars {
  /// `$1,234.00`.
  public static func format(_ amount: Decimal) -> String {
    if let cents = exactCents(amount) { return format(cents: cents) }
    return formatRounding(amount)
  }

  /// The amount in hundredths when it is exact in them and small enough (nearly every amount a
  /// remittance carries), read from the Decimal's 20 bytes (exponent, length and sign, then the
  /// mantissa); nil otherwise. The layout is checked once against public initializers; if a
  /// Foundation version lays Decimal out differently, every amount takes the general path.
  static func exactCents(_ amount: Decimal) -> Int64? {
    guard layoutIsKnown, !amount.isNaN else { return nil }
    return rawCents(amount)
  }

  static func rawCents(_ amount: Decimal) -> Int64? {
    var value = amount
    return withUnsafeBytes(of: &value) { raw -> Int64? in
      let exponent = Int8(bitPattern: raw[0])
      let length = raw[1] >> 4
      let negative = raw[1] & 0x08 != 0
      guard length <= 4 else { return nil }
      let mantissa = raw.loadUnaligned(fromByteOffset: 4, as: UInt64.self).littleEndian
      let scale: UInt64
      switch exponent {
      case -2: scale = 1
      case -1: scale = 10
      case 0: scale = 100
      case 1: scale = 1_000
      case 2: scale = 10_000
      default: return nil
      }
      guard mantissa <= UInt64(Int64.max) / scale else { return nil }
      let cents = Int64(mantissa * scale)
      return negative ? -cents : cents
    }
  }

  /// Whether ``rawCents(_:)`` reads Decimals as they are laid out here.
  static let layoutIsKnown: Bool = {
    guard MemoryLayout<Decimal>.size == 20 else { return false }
    let samples: [(String, Int64)] = [
      ("0", 0), ("12.5", 1250), ("-42.58", -4258), ("7", 700), ("120", 12000),
      ("1234567890123.45", 123_456_789_012_345),
      ("-0.01", -1), ("65536", 6_553_600), ("42949672.96", 4_294_967_296),
    ]
    for (text, cents) in samples {
      guard let d = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")),
        rawCents(d) == cents
      else { return false }
    }
    return true
  }()

  /// `$1,234.00` from hundredths.
  static func format(cents: Int64) -> String {
    let negative = cents < 0
    var whole = cents.magnitude / 100
    let fraction = cents.magnitude % 100
    var out: [UInt8] = []
    out.reserveCapacity(24)
    var digits = 0
    repeat {
      if digits > 0, digits % 3 == 0 { out.append(UInt8(ascii: ",")) }
      out.append(UInt8(ascii: "0") + UInt8(whole % 10))
      whole /= 10
      digits += 1
    } while whole > 0
    out.append(UInt8(ascii: "$"))
    if negative { out.append(UInt8(ascii: "-")) }
    out.reverse()
    out.append(UInt8(ascii: "."))
    out.append(UInt8(ascii: "0") + UInt8(fraction / 10))
    out.append(UInt8(ascii: "0") + UInt8(fraction % 10))
    return String(decoding: out, as: UTF8.self)
  }

  /// The general way: round half away from zero to cents, then group the digits.
  static func formatRounding(_ amount: Decimal) -> String {
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
