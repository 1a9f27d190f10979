import Claims
import Diagnostics
import Evaluation
import Foundation
import PlaybookModel
import YAMLLoading

/// The outcome of one playbook test.
public struct PlaybookTestResult: Sendable {
  /// The playbook the test belongs to.
  public var playbook: String
  /// The test's name.
  public var name: String
  /// Where the test is written.
  public var location: String
  /// Each failed expectation: what was expected and what came out.
  public var failures: [Mismatch]

  /// One failed expectation.
  public struct Mismatch: Sendable, Equatable {
    /// The key of `expect` (`reason`, `due`, ...).
    public var key: String
    /// What the test expects.
    public var expected: String
    /// What came out.
    public var actual: String
  }

  /// True when every expectation held.
  public var passed: Bool { failures.isEmpty }
}

/// Runs the `tests:` of playbooks (and of `NAME.test.yaml` files beside them): each builds a
/// denial or a case from its YAML, evaluates it against its own playbook, and compares only
/// the keys `expect` names.
public enum PlaybookTestRunner {
  /// Runs every test of one resolved playbook (its own `tests`, plus `extra` from a
  /// `.test.yaml` file).
  public static func run(_ playbook: ResolvedPlaybook, extra: [PlaybookTest] = [], evaluator: Evaluator) -> [PlaybookTestResult] {
    (playbook.playbook.tests + extra).map { run($0, playbook: playbook, evaluator: evaluator) }
  }

  static func run(_ test: PlaybookTest, playbook: ResolvedPlaybook, evaluator: Evaluator) -> PlaybookTestResult {
    let node = test.node
    let key = playbook.playbook.key
    var result = PlaybookTestResult(
      playbook: key, name: test.name, location: "\(test.span.file.path):\(test.span.start.line)", failures: [])
    guard let expect = node["expect"] else { return result }
    let payerID = playbook.playbook.payer?.id
    if let denialNode = node["denial"] {
      let denied = denial(denialNode, payerID: payerID)
      let today = date(node["today"]) ?? denied.remitDate ?? denied.serviceFrom ?? CalendarDate(year: 2026, month: 1, day: 1)!
      let checklist = evaluator.checklist(for: denied, today: today)
      result.failures = compare(checklist: checklist, expect: expect, playbook: key)
    } else if let caseNode = node["case"] {
      let c = makeCase(caseNode, payerID: payerID)
      let today = date(node["today"]) ?? c.lines.first?.serviceFrom ?? CalendarDate(year: 2026, month: 1, day: 1)!
      var withDate = c
      if withDate.submissionDate == nil { withDate.submissionDate = today }
      let report = evaluator.report(for: withDate, today: today)
      result.failures = compare(report: report, expect: expect, playbook: key)
    } else {
      result.failures = [.init(key: "denial/case", expected: "a `denial` or a `case`", actual: "neither")]
    }
    return result
  }

  // MARK: Building inputs from YAML

  static func text(_ n: YAMLNode?) -> String? {
    guard let s = n?.scalar, !s.isNull else { return nil }
    return s.text
  }

  static func texts(_ n: YAMLNode?) -> [String] {
    guard let n else { return [] }
    if let items = n.sequence { return items.compactMap { text($0) } }
    return text(n).map { [$0] } ?? []
  }

  static func date(_ n: YAMLNode?) -> CalendarDate? { text(n).flatMap { CalendarDate(iso: $0) } }

  static func money(_ n: YAMLNode?) -> Decimal? { text(n).flatMap { Money.parse($0) } }

  /// `29881-RT-59` is code 29881 with modifiers RT and 59.
  static func procedure(_ s: String) -> ProcedureCode {
    let parts = s.split(separator: "-").map { String($0).uppercased() }
    return ProcedureCode(code: parts.first ?? s, modifiers: Array(parts.dropFirst()))
  }

  static func denial(_ n: YAMLNode, payerID: String?) -> DeniedClaim {
    var d = DeniedClaim(patientControlNumber: "TEST", billed: money(n["billed"]) ?? 0, paid: money(n["paid"]) ?? 0)
    d.payerID = text(n["payer_id"]) ?? (text(n["payer_name"]) == nil ? payerID : nil)
    d.payerName = text(n["payer_name"])
    d.planType = text(n["plan_type"])
    d.adjustments = texts(n["adjustments"]).compactMap { pair in
      let parts = pair.uppercased().split(separator: "-")
      guard parts.count == 2 else { return nil }
      return Adjustment(group: String(parts[0]), reason: String(parts[1]), amount: d.billed - d.paid)
    }
    d.remarks = texts(n["remarks"]).map { $0.uppercased() }
    let service = date(n["service_date"])
    d.lines = texts(n["procedures"]).map { p in
      var line = DeniedLine(procedure: procedure(p), billed: 0, paid: 0, denied: true)
      line.serviceFrom = service
      return line
    }
    if n["diagnoses"] != nil {
      d.diagnoses = texts(n["diagnoses"]).map { DiagnosisCode($0) }
      d.linkedToClaim = true
    }
    d.placeOfService = text(n["place_of_service"])
    d.serviceFrom = service
    d.remitDate = date(n["remit_date"]) ?? date(n["notice_date"])
    d.noticeDate = date(n["notice_date"]) ?? d.remitDate
    d.previousDecisionDate = date(n["previous_decision_date"])
    d.attachments = texts(n["attachments"]).map { Attachment(reportType: $0, transmissionCode: "FX") }
    d.proofsOnFile = texts(n["proofs_on_file"])
    return d
  }

  static func makeCase(_ n: YAMLNode, payerID: String?) -> Case {
    let service = date(n["service_date"])
    let lines = texts(n["procedures"]).map { CaseLine(procedure: procedure($0), charge: 0, serviceFrom: service) }
    var auth: PriorAuthorization?
    if let a = n["prior_auth"], let number = text(a["number"]) {
      let procedures = texts(a["procedures"])
      auth = PriorAuthorization(number: number, expires: date(a["expires"]), approvedProcedures: procedures.isEmpty ? nil : procedures)
    }
    return Case(
      patientControlNumber: "TEST",
      payer: CasePayer(name: text(n["payer_name"]), id: text(n["payer_id"]) ?? (text(n["payer_name"]) == nil ? payerID : nil)),
      totalCharge: money(n["billed"]) ?? 0, planType: text(n["plan_type"]), placeOfService: text(n["place_of_service"]),
      diagnoses: texts(n["diagnoses"]).map { DiagnosisCode($0) }, lines: lines, priorAuthorization: auth,
      attachments: texts(n["attachments"]).map { Attachment(reportType: $0, transmissionCode: "FX") },
      submissionDate: date(n["submission_date"]))
  }

  // MARK: Comparing

  typealias Mismatch = PlaybookTestResult.Mismatch

  static func list(_ items: [String]) -> String { items.isEmpty ? "(none)" : items.joined(separator: ", ") }

  static func compare(checklist c: Checklist, expect e: YAMLNode, playbook: String) -> [Mismatch] {
    var out: [Mismatch] = []
    let all = ([c.reason] + c.otherReasons.map { Optional($0) }).compactMap { $0?.id }
    if let want = text(e["reason"]), c.reason?.id != want {
      out.append(.init(key: "reason", expected: want, actual: c.reason?.id ?? "(unplaybooked)"))
    }
    if e["reasons"] != nil {
      let want = texts(e["reasons"])
      if want != all { out.append(.init(key: "reasons", expected: list(want), actual: list(all))) }
    }
    for id in texts(e["not_reasons"]) where all.contains(id) {
      out.append(.init(key: "not_reasons", expected: "`\(id)` not to match", actual: "it matched (\(list(all)))"))
    }
    if let want = text(e["unplaybooked"]) {
      let actual = c.unplaybooked != nil
      if (want == "true") != actual {
        out.append(.init(key: "unplaybooked", expected: want, actual: actual ? "true" : "false (matched \(list(all)))"))
      }
    }
    if let want = text(e["action"]), c.action != want { out.append(.init(key: "action", expected: want, actual: c.action)) }
    if let want = text(e["level"]), c.level?.id != want {
      out.append(.init(key: "level", expected: want, actual: c.level?.id ?? "(no level)"))
    }
    if let want = text(e["due"]) {
      let actual = c.level?.due?.date.description ?? "(no due date: \(c.level?.dueUnknown ?? "no level"))"
      if actual != want {
        out.append(.init(key: "due", expected: want, actual: actual + (c.level?.due.map { " (\($0.explanation))" } ?? "")))
      }
    }
    if e["proofs_missing"] != nil {
      let want = texts(e["proofs_missing"])
      let actual = c.proofs.filter { !$0.onFile }.map(\.id)
      if want != actual { out.append(.init(key: "proofs_missing", expected: list(want), actual: list(actual))) }
    }
    return out
  }

  static func compare(report r: CaseReport, expect e: YAMLNode, playbook: String) -> [Mismatch] {
    var out: [Mismatch] = []
    let rules = r.findings.map(\.rule)
    for want in texts(e["findings"]) where !rules.contains(want) {
      out.append(.init(key: "findings", expected: "a finding from `\(want)`", actual: list(rules)))
    }
    for unwanted in texts(e["not_findings"]) where rules.contains(unwanted) {
      out.append(.init(key: "not_findings", expected: "no finding from `\(unwanted)`", actual: list(rules)))
    }
    if let want = text(e["ready"]) {
      let ready = !r.hasErrors
      if (want == "true") != ready {
        let errors = r.findings.filter { $0.severity == "error" }.map(\.rule)
        out.append(.init(key: "ready", expected: want, actual: ready ? "true" : "false (errors: \(list(errors)))"))
      }
    }
    return out
  }

  /// Tests from a `NAME.test.yaml` file: `{tests: [...]}`, checked with the same shapes as a
  /// playbook's own `tests` section.
  public static func loadTestFile(_ path: String) -> (tests: [PlaybookTest], diagnostics: [Diagnostic]) {
    guard let data = FileManager.default.contents(atPath: path) else {
      return ([], [Diagnostic(.cannotRead, "cannot read `\(path)`", at: nil, path: path)])
    }
    let file = SourceFile(path: path, bytes: [UInt8](data))
    let loaded = YAMLLoader().load(file)
    guard let root = loaded.root else { return ([], loaded.diagnostics) }
    let (decoded, diagnostics) = PlaybookDecoder.decodeTests(root, file: file)
    return (decoded, loaded.diagnostics + diagnostics)
  }
}
