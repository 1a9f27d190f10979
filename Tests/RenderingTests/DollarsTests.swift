import Foundation
import Testing

@testable import Rendering

@Suite struct MoneyTests {
  @Test(arguments: [
    ("0", "$0.00"), ("0.1", "$0.10"), ("5", "$5.00"), ("999.99", "$999.99"), ("1000", "$1,000.00"),
    ("1234.5", "$1,234.50"), ("1234567.891", "$1,234,567.89"), ("0.005", "$0.01"), ("999.995", "$1,000.00"),
    ("-12.5", "-$12.50"), ("100000", "$100,000.00"), ("12345678901234.56", "$12,345,678,901,234.56"),
  ])
  func formatsDollarsAndCents(_ input: String, _ expected: String) {
    #expect(Dollars.format(Decimal(string: input, locale: Locale(identifier: "en_US_POSIX"))!) == expected)
  }

  @Test func sumsExactly() {
    let tenths = Array(repeating: Decimal(string: "0.1")!, count: 10)
    #expect(Dollars.sum(tenths) == 1)
    #expect(Dollars.format(Dollars.sum(tenths)) == "$1.00")
  }
}
