import Testing

@testable import CodeSets

@Suite struct AdjustmentGroupTests {
  @Test func allFiveGroups() {
    #expect(AdjustmentGroup.allCases.map(\.code) == ["CO", "PR", "OA", "PI", "CR"])
    #expect(AdjustmentGroup(code: "CO") == .contractualObligation)
    #expect(AdjustmentGroup(code: "pr") == .patientResponsibility)
    #expect(AdjustmentGroup(code: "XX") == nil)
    #expect(AdjustmentGroup(code: "C") == nil)
    #expect(AdjustmentGroup(code: "") == nil)
  }

  @Test func wordingAndFlags() {
    #expect(AdjustmentGroup.wording("PR") == "patient responsibility")
    #expect(AdjustmentGroup.wording("CR")?.contains("deprecated") == true)
    #expect(AdjustmentGroup.isKnown("OA"))
    #expect(AdjustmentGroup.isKnown("pi"))
    #expect(!AdjustmentGroup.isKnown("XX"))
    #expect(AdjustmentGroup.correctionReversal.isDeprecated)
    #expect(AdjustmentGroup.allCases.filter(\.isDeprecated) == [.correctionReversal])
    #expect(AdjustmentGroup.allCases.filter(\.patientMayBeBilled) == [.patientResponsibility])
  }
}
