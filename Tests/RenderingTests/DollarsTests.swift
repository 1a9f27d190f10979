import Foundation
import Testing

@testable import Rendering

@Suite struct MoneyTests {
  @Test(arguments: [
    ("0", "$0.00"), ("0.1", "$0.10"), ("5", "$5.00"), ("999.99", "$999.99"), ("1000", "$1,000.00"),
    ("1234.5", "$1,234.50"), ("1234567.891", "$1,234,567.89"), ("0.005", "$0.01"),
    ("999.995", "$1,000.00"),
    ("-12.5", "-$12.50"), ("100000", "$100,000.00"),
    ("12345678901234.56", "$12,345,678,901,234.56"),
  ])
  func formatsDollarsAndCents(_ input: String, _ expected: String) {
    #expect(
      Dollars.format(Decimal(string: input, locale: Locale(identifier: "en_US_POSIX"))!) == expected
    )
  }

  /// The fast path (exact hundredths read from the Decimal's fields) prints what the general
  /// rounding path prints, for amounts of every size, sign and exponent.
  @Test func exactCentsPrintAsTheRoundingPathDoes() {
    var generator = SystemRandomNumberGenerator()
    var values: [Decimal] = [
      0, 1, -1, Decimal(string: "0.01")!, Decimal(string: "-0.01")!, 100, 1000, 1e5, 12e4,
      Decimal(Int64.max), Decimal(string: "92233720368547758.07")!,
    ]
    for _ in 0..<5000 {
      let cents = Int64.random(in: -10_000_000_000...10_000_000_000, using: &generator)
      values.append(Decimal(cents) / 100)
      values.append(Decimal(cents / 1000) * 10)
      values.append(
        Decimal(
          sign: cents < 0 ? .minus : .plus, exponent: Int.random(in: -4...4, using: &generator),
          significand: Decimal(cents.magnitude % 100_000)))
    }
    var fast = 0
    for v in values {
      if Dollars.exactCents(v) != nil { fast += 1 }
      #expect(Dollars.format(v) == Dollars.formatRounding(v), "\(v)")
    }
    #expect(fast > values.count / 2, "the fast path is taken for most amounts")
  }

  @Test func sumsExactly() {
    let tenths = Array(repeating: Decimal(string: "0.1")!, count: 10)
    #expect(Dollars.sum(tenths) == 1)
    #expect(Dollars.format(Dollars.sum(tenths)) == "$1.00")
  }
}
