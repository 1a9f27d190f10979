import Testing

@testable import CodeSets

@Suite struct PlanTypeTests {
  @Test func filingIndicatorMapping() {
    #expect(PlanType.fromFilingIndicator("MB") == .medicarePartB)
    #expect(PlanType.fromFilingIndicator("MA") == .medicarePartA)
    #expect(PlanType.fromFilingIndicator("16") == .medicareAdvantage)
    #expect(PlanType.fromFilingIndicator("MC") == .medicaid)
    #expect(PlanType.fromFilingIndicator("BL") == .bcbs)
    #expect(PlanType.fromFilingIndicator("CI") == .commercial)
    #expect(PlanType.fromFilingIndicator("15") == .commercial)
    #expect(PlanType.fromFilingIndicator("CH") == .tricare)
    #expect(PlanType.fromFilingIndicator("VA") == .champva)
    #expect(PlanType.fromFilingIndicator("WC") == .workersComp)
    #expect(PlanType.fromFilingIndicator("AM") == .auto)
    #expect(PlanType.fromFilingIndicator("09") == .selfPay)
    #expect(PlanType.fromFilingIndicator("HM") == .hmo)
    #expect(PlanType.fromFilingIndicator("12") == .ppo)
    #expect(PlanType.fromFilingIndicator("13") == .pos)
    #expect(PlanType.fromFilingIndicator("14") == .epo)
    #expect(PlanType.fromFilingIndicator("OF") == .otherFederal)
    #expect(PlanType.fromFilingIndicator("FI") == .otherFederal)
    #expect(PlanType.fromFilingIndicator("TV") == .other)
    #expect(PlanType.fromFilingIndicator("mb") == .medicarePartB)
  }

  @Test func unknownAndNonPlanIndicators() {
    #expect(PlanType.fromFilingIndicator("ZZ") == nil)
    #expect(PlanType.isFilingIndicator("ZZ"))
    #expect(PlanType.filingIndicatorName("ZZ") != nil)
    #expect(PlanType.fromFilingIndicator("9") == nil)
    #expect(!PlanType.isFilingIndicator("9"))
    #expect(PlanType.fromFilingIndicator("XX") == nil)
    #expect(PlanType.fromFilingIndicator("") == nil)
    #expect(PlanType.filingIndicatorCodes.count == 25)
  }

  @Test func vocabulary() {
    #expect(PlanType.allCases.count == 19)
    #expect(PlanType(word: "medicare_part_b") == .medicarePartB)
    #expect(PlanType(word: "workers_comp") == .workersComp)
    #expect(PlanType(word: "Medicare_Part_B") == nil)
    #expect(PlanType.medicarePartB.title == "Medicare Part B")
    #expect(PlanType.medicareDME.isMedicareFFS && !PlanType.medicareAdvantage.isMedicareFFS)
    for plan in PlanType.allCases {
      #expect(!plan.title.isEmpty)
      #expect(plan.rawValue == plan.rawValue.lowercased() && !plan.rawValue.contains(" "))
    }
    let words = Set(PlanType.allCases.map(\.rawValue))
    #expect(words.count == PlanType.allCases.count)
  }
}
