import Testing

@testable import CodeSets

@Suite struct ClaimFrequencyTests {
  @Test func codes() {
    #expect(ClaimFrequency(code: "1") == .original)
    #expect(ClaimFrequency(code: "7") == .replacement)
    #expect(ClaimFrequency(code: "8") == .void)
    #expect(ClaimFrequency.wording("7") == "replacement of a prior claim")
    #expect(ClaimFrequency.wording("8") == "void or cancel a prior claim")
    #expect(!ClaimFrequency.isKnown("6"))
    #expect(!ClaimFrequency.isKnown("07"))
    #expect(ClaimFrequency.isKnown("5"))
  }

  @Test func flags() {
    #expect(ClaimFrequency.allCases.filter(\.needsOriginalClaimNumber) == [.replacement, .void])
    #expect(
      ClaimFrequency.allCases.filter(\.isInstitutionalOnly)
        == [.interimFirst, .interimContinuing, .interimLast, .lateCharges])
    #expect(!ClaimFrequency.original.isInstitutionalOnly)
  }
}
