import Foundation
import Testing

@testable import Claims

@Suite struct CodesTests {
  @Test func diagnosisIsStoredWithoutTheDotAndShownWithIt() {
    let withDot = DiagnosisCode("M17.11")
    let without = DiagnosisCode("m1711")
    #expect(withDot == without)
    #expect(withDot.code == "M1711")
    #expect(withDot.display == "M17.11")
    #expect(DiagnosisCode("R69").display == "R69")
    #expect(DiagnosisCode("E8889", system: .icd9).display == "E888.9")
    #expect(DiagnosisCode("4011", system: .icd9).display == "401.1")
  }

  @Test func procedureCodeShowsModifiers() {
    #expect(ProcedureCode(code: "29881", modifiers: ["RT", "59"]).description == "29881-RT-59")
  }

  @Test func maskingHidesEveryPresentValue() {
    let name = PersonName(last: "DOE", first: "JANE", idQualifier: "MI", id: "W123")
    #expect(name.masked == PersonName(last: "***", first: "***", idQualifier: "MI", id: "***"))
  }
}
