import Claims
import Foundation
import Testing

@testable import X12Reading

/// The reader's shortcuts must give exactly what the plain code gives.
@Suite struct FastPathTests {
  func bytes(_ d: Decimal) -> [UInt8] {
    var d = d
    return withUnsafeBytes(of: &d) { Array($0) }
  }

  @Test func directDecimalIsBitForBitThePublicOne() {
    #expect(NumberParse.directDecimalWorks)
    var rng = SystemRandomNumberGenerator()
    var mantissas: [UInt64] = [0, 1, 9, 10, 100, 65_535, 65_536, 1 << 32, 1 << 48, UInt64(Int64.max), 9_999_999_999_999_999_999]
    for _ in 0..<20_000 {
      let digits = Int.random(in: 1...19, using: &rng)
      var m: UInt64 = 0
      for _ in 0..<digits { m = m &* 10 &+ UInt64.random(in: 0...9, using: &rng) }
      mantissas.append(m)
      mantissas.append(m / 1000 * 1000)
    }
    for m in mantissas {
      for fraction in [0, 1, 2, 3, 7, 19] {
        for negative in [false, true] {
          let fast = NumberParse.directDecimal(mantissa: m, fraction: fraction, negative: negative)
          let slow = NumberParse.referenceDecimal(mantissa: m, fraction: fraction, negative: negative)
          #expect(bytes(fast) == bytes(slow), "\(m) e-\(fraction) negative: \(negative)")
        }
      }
    }
  }

  @Test func parsedAmountsPrintAsWritten() {
    for text in ["0", "0.00", "-0.00", "125.00", "-42.58", "1.5", ".5", "5.", "100", "12345678.90", "+7.25"] {
      let d = Array(text.utf8).withUnsafeBufferPointer { b -> Decimal? in
        if case .value(let d, _) = NumberParse.parse(b) { return d }
        return nil
      }
      #expect(d == Decimal(string: text), "\(text)")
      #expect(d.map { "\($0)" } == Decimal(string: text).map { "\($0)" }, "\(text)")
    }
  }

  /// The reader runs the denial rule only on claims that can be denials, with a cached test of
  /// the group and reason; running the public rule again on every claim changes nothing.
  @Test func denialShortcutMatchesThePublicRule() throws {
    var body = Fixture.header()
    let groups = ["CO", "PR", "OA", "PI", "CR"]
    let reasons = ["45", "1", "2", "3", "253", "50", "197", "16", "97", "18", "204"]
    var n = 0
    for status in ["1", "2", "4", "22"] {
      for g in groups {
        for r in reasons {
          for paid in ["0", "40.00"] {
            n += 1
            body += [
              "CLP*PCN\(n)*\(status)*100.00*\(paid)**MB*PCC\(n)*11*1",
              "SVC*HC:99213*60.00*\(paid)**1", "CAS*\(g)*\(r)*\(paid == "0" ? "60.00" : "20.00")",
              "SVC*HC:99214:25*40.00*0**1", "CAS*\(g == "CO" ? "PR" : "CO")*\(r)*40.00*1*OA*23*0",
            ]
          }
        }
      }
    }
    let result = RemittanceReader.read(path: "t.835", bytes: Fixture.bytes(Fixture.interchange([body])))
    let claims = try #require(result.remittances.first?.claims)
    #expect(claims.count == n)
    var denied = 0
    for claim in claims {
      var again = claim
      DenialRule.standard.apply(to: &again)
      #expect(again == claim, "\(claim.patientControlNumber)")
      if claim.denial != nil { denied += 1 }
    }
    #expect(denied > 0 && denied < n)
  }
}
