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

  /// Masking hides names and ids, and an id that a missing element shifted into the qualifier's
  /// place (`NM1*QC*1*DOE*JANE***ZZ0000001` one `*` short); real qualifiers stay.
  @Test func maskingHidesAnIdShiftedIntoTheQualifier() {
    let shifted = PersonName(last: "DOE", first: "JANE", idQualifier: "ZZ0000001").masked
    #expect(shifted.idQualifier == "***")
    #expect(shifted.last == "***" && shifted.first == "***")
    let normal = PersonName(last: "DOE", first: "JANE", idQualifier: "MI", id: "M123").masked
    #expect(normal.idQualifier == "MI")
    #expect(normal.id == "***")
  }

  @Test func procedureCodeShowsModifiers() {
    #expect(ProcedureCode(code: "29881", modifiers: ["RT", "59"]).description == "29881-RT-59")
  }

  @Test func maskingHidesEveryPresentValue() {
    let name = PersonName(last: "DOE", first: "JANE", idQualifier: "MI", id: "W123")
    #expect(name.masked == PersonName(last: "***", first: "***", idQualifier: "MI", id: "***"))
  }
}
