import Claims
import Foundation
import Testing

@testable import Evaluation

@Suite struct EvaluatorTests {
  /// An unplaybooked denial lists each code once: two lines denied CO-24 are one code to add to
  /// the playbook (the corpus `Inteligenz` file printed "CO-24, CO-24").
  @Test func anUnplaybookedDenialListsEachCodeOnce() throws {
    let library = try loadPlaybooks([
      "p.yaml":
        "payer: {id: p, name: P}\nproofs: {lmn: {title: L}}\ndenial_reasons:\n  - {id: co50, title: T, match: {group: [CO], carc: [50]}, requires: [lmn]}\n"
    ])
    let evaluator = Evaluator(playbooks: library.resolved)
    var denied = DeniedClaim(patientControlNumber: "A1", billed: 200, paid: 0)
    denied.payerID = "p"
    // As a remittance gives it: the denial's reasons are the lines' adjustments, one per line.
    for code in ["99213", "90716", "99213"] {
      var line = DeniedLine(
        procedure: ProcedureCode(code: code), billed: 100, paid: 0, denied: true)
      line.adjustments = [Adjustment(group: "CO", reason: "24", amount: 100)]
      denied.lines.append(line)
      denied.adjustments.append(Adjustment(group: "CO", reason: "24", amount: 100))
      denied.remarks.append("N1")
    }
    let checklist = evaluator.checklist(for: denied, today: CalendarDate(iso: "2026-12-03")!)
    let unplaybooked = try #require(checklist.unplaybooked)
    #expect(unplaybooked.adjustments == ["CO-24"])
    #expect(unplaybooked.remarks == ["N1"])
    #expect(unplaybooked.procedures == ["99213", "90716"])
  }
}
