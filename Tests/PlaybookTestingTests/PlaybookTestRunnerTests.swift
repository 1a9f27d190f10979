import Evaluation
import Foundation
import PlaybookModel
import Testing

@testable import PlaybookTesting

@Suite struct PlaybookTestRunnerTests {
  static let playbook = """
    payer: {id: t, name: Test Payer}
    proofs:
      lmn: {title: Letter}
      op_note: {title: Op note, attachment_types: [OB]}
    appeal_levels:
      - {id: first, title: First, deadline: {days: 60, from: remit_date}}
    denial_reasons:
      - id: knee
        title: Knee
        match: {group: [CO], carc: [50], procedures: [29870-29889], diagnoses: [M17.*]}
        requires: [lmn, op_note]
        prevent: {requires: [lmn], severity: error, message: Attach the letter}
    tests:
      - name: passes
        denial: {adjustments: [CO-50], procedures: [29881-RT], diagnoses: [M17.11], remit_date: 2026-03-01, attachments: [OB]}
        expect: {reason: knee, level: first, due: 2026-04-30, proofs_missing: [lmn]}
      - name: fails on purpose
        denial: {adjustments: [CO-50], procedures: [29881], remit_date: 2026-03-01}
        expect: {reason: knee, due: 2026-05-01}
      - name: case stopped by the lesson
        case: {procedures: [29881], diagnoses: [M17.11], service_date: 2026-03-10}
        expect: {findings: [knee], ready: false}
    """

  func run() throws -> [PlaybookTestResult] {
    let dir = NSTemporaryDirectory() + "pb-tests-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try Data(Self.playbook.utf8).write(to: URL(fileURLWithPath: dir + "/t.yaml"))
    let library = PlaybookLibrary.load(folder: dir)
    #expect(library.diagnostics.all.isEmpty, "\(library.diagnostics.all.map(\.description))")
    let playbook = try #require(library.resolved.first)
    return PlaybookTestRunner.run(playbook, evaluator: Evaluator(playbooks: library.resolved))
  }

  @Test func passingAndFailingTestsReportExpectedAndActual() throws {
    let results = try run()
    #expect(results.map(\.name) == ["passes", "fails on purpose", "case stopped by the lesson"])
    #expect(results[0].passed, "\(results[0].failures)")
    #expect(results[2].passed, "\(results[2].failures)")
    #expect(
      results[1].failures == [
        .init(key: "reason", expected: "knee", actual: "(unplaybooked)"),
        .init(key: "due", expected: "2026-05-01", actual: "2026-04-30 (60 days from remittance 2026-03-01: due 2026-04-30)"),
      ])
    #expect(results[1].location.hasSuffix("t.yaml:17"))
  }

  @Test func proceduresWithModifiersParse() {
    let p = PlaybookTestRunner.procedure("29881-rt-59")
    #expect(p.code == "29881")
    #expect(p.modifiers == ["RT", "59"])
  }
}
