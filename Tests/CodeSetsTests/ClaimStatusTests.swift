import Testing

@testable import CodeSets

@Suite struct ClaimStatusTests {
  @Test func codes() {
    #expect(
      ClaimStatus.allCases.map(\.code) == ["1", "2", "3", "4", "19", "20", "21", "22", "23", "25"])
    #expect(ClaimStatus(code: "4") == .denied)
    #expect(ClaimStatus(code: "22") == .reversal)
    #expect(ClaimStatus.wording("1") == "processed as primary")
    #expect(ClaimStatus.wording("25")?.contains("predetermination") == true)
    #expect(!ClaimStatus.isKnown("01"))
    #expect(!ClaimStatus.isKnown("5"))
    #expect(!ClaimStatus.isKnown(""))
  }

  @Test func derivedProperties() {
    #expect(ClaimStatus.primaryForwarded.payerOrder == 1)
    #expect(ClaimStatus.processedAsTertiary.payerOrder == 3)
    #expect(ClaimStatus.denied.payerOrder == nil)
    #expect(ClaimStatus.allCases.filter(\.isForwarded).map(\.code) == ["19", "20", "21", "23"])
  }
}
