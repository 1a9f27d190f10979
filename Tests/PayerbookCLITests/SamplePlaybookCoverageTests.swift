import Diagnostics
import Evaluation
import Foundation
import PlaybookModel
import PlaybookTesting
import Testing
import YAMLLoading

/// The sample playbooks in `playbooks/` are the starting point people copy, so every rule in
/// them is shown working both ways by a test (issue 4, "Playbook tests"):
///
/// - every enabled denial reason is the match (`reason` or `reasons`) of some denial test, and
///   is named in `not_reasons` of some denial test (a near miss that must not match it);
/// - every enabled check is in `findings` of some case test and in `not_findings` of another;
/// - every reason whose `prevent` lesson can apply to a case (its match has a condition about
///   the case, not only denial codes) is in `findings` of some case test and in `not_findings`
///   of another.
///
/// A payer playbook's own rules are covered by its own tests (its `tests:` and its
/// `NAME.test.yaml`). A rule inherited from a base is covered when at least one payer playbook
/// extending that base, without replacing or disabling the rule, covers it. Only explicit ids
/// count as negative evidence: `unplaybooked: true` alone does not name the near miss.
@Suite struct SamplePlaybookCoverageTests {
  /// The sample playbooks, their test files and the evaluator, loaded once.
  struct Samples {
    var library: PlaybookLibrary
    var tests: [String: [PlaybookTest]]
    var testFileDiagnostics: [Diagnostic]
    var evaluator: Evaluator
  }

  static let samples: Samples = {
    let library = PlaybookLibrary.load(folder: packageRoot + "/playbooks")
    var tests: [String: [PlaybookTest]] = [:]
    var diagnostics: [Diagnostic] = []
    for playbook in library.resolved {
      var all = playbook.playbook.tests
      let path = playbook.playbook.file.path
      let testPath = String(path.dropLast(path.hasSuffix(".yml") ? 4 : 5)) + ".test.yaml"
      if FileManager.default.fileExists(atPath: testPath) {
        let (extra, found) = PlaybookTestRunner.loadTestFile(testPath)
        all += extra
        diagnostics += found
        diagnostics += PlaybookLibrary.checkTestReferences(extra, playbook: playbook)
      }
      tests[playbook.playbook.key] = all
    }
    return Samples(library: library, tests: tests, testFileDiagnostics: diagnostics, evaluator: Evaluator(playbooks: library.resolved))
  }()

  /// What a playbook's tests show, by rule id.
  struct Evidence {
    var matched = Set<String>()  // reason/reasons of denial tests
    var notMatched = Set<String>()  // not_reasons of denial tests
    var found = Set<String>()  // findings of case tests
    var notFound = Set<String>()  // not_findings of case tests
  }

  static func ids(_ node: YAMLNode?) -> [String] {
    guard let node else { return [] }
    let items = node.sequence ?? [node]
    return items.compactMap { item in
      guard let s = item.scalar, !s.isNull else { return nil }
      return s.text
    }
  }

  static func evidence(_ tests: [PlaybookTest]) -> Evidence {
    var e = Evidence()
    for test in tests {
      guard let expect = test.node["expect"] else { continue }
      if test.node["denial"] != nil {
        e.matched.formUnion(ids(expect["reason"]) + ids(expect["reasons"]))
        e.notMatched.formUnion(ids(expect["not_reasons"]))
      } else if test.node["case"] != nil {
        e.found.formUnion(ids(expect["findings"]))
        e.notFound.formUnion(ids(expect["not_findings"]))
      }
    }
    return e
  }

  /// Whether a reason's `prevent` lesson can ever fire on a case.
  static func lessonApplies(_ reason: DenialReason) -> Bool {
    reason.prevent != nil && CompiledCondition(reason.match, effective: reason.effective).hasCaseConditions
  }

  /// What is missing for one rule, in words (empty when covered).
  static func gaps(reason: DenialReason, in e: Evidence) -> [String] {
    var out: [String] = []
    if !e.matched.contains(reason.id) { out.append("no denial test matching it (`reason`/`reasons`)") }
    if !e.notMatched.contains(reason.id) { out.append("no near-miss denial test (`not_reasons`)") }
    if lessonApplies(reason) {
      if !e.found.contains(reason.id) { out.append("no case test where its prevent lesson fires (`findings`)") }
      if !e.notFound.contains(reason.id) { out.append("no case test where its prevent lesson does not fire (`not_findings`)") }
    }
    return out
  }

  static func gaps(check: Check, in e: Evidence) -> [String] {
    var out: [String] = []
    if !e.found.contains(check.id) { out.append("no case test triggering it (`findings`)") }
    if !e.notFound.contains(check.id) { out.append("no case test where it does not fire (`not_findings`)") }
    return out
  }

  @Test func samplePlaybooksLoadCleanly() {
    let s = Self.samples
    let errors = s.library.diagnostics.sorted.filter { $0.severity == .error }
    #expect(errors.isEmpty, "\(errors.map(\.message))")
    #expect(s.library.resolved.map(\.playbook.key) == [
      "acme-health", "bluepeak-medicare-advantage", "medicare-part-b", "riverstone-medicaid", "state-medicaid-ffs", "summit-mutual",
    ])
    #expect(s.testFileDiagnostics.isEmpty, "\(s.testFileDiagnostics.map(\.message))")
  }

  @Test func everyOwnReasonAndCheckIsTestedBothWays() {
    let s = Self.samples
    for playbook in s.library.resolved {
      let key = playbook.playbook.key
      let tests = s.tests[key] ?? []
      #expect(!tests.isEmpty, "\(key) has no tests")
      let e = Self.evidence(tests)
      for reason in playbook.denialReasons where reason.enabled && reason.sourceKey == key {
        let missing = Self.gaps(reason: reason, in: e)
        #expect(missing.isEmpty, "\(key): reason `\(reason.id)`: \(missing.joined(separator: "; "))")
      }
      for check in playbook.checks where check.enabled && check.sourceKey == key {
        let missing = Self.gaps(check: check, in: e)
        #expect(missing.isEmpty, "\(key): check `\(check.id)`: \(missing.joined(separator: "; "))")
      }
    }
  }

  @Test func everyBaseReasonAndCheckIsTestedThroughSomePayer() {
    let s = Self.samples
    let bases = s.library.playbooks.values.filter(\.isBase).sorted { $0.key < $1.key }
    #expect(bases.map(\.key) == [
      "base/commercial-erisa", "base/medicaid-managed-care", "base/medicare-advantage", "base/medicare-part-b",
    ])
    for base in bases {
      // Payer playbooks extending this base, directly or through another base.
      let payers = s.library.resolved.filter { $0.bases.contains(base.key) }
      #expect(!payers.isEmpty, "\(base.key) is extended by no payer playbook, so its rules are never tested")
      let reasonIDs = Set(base.denialReasons.filter(\.enabled).map(\.id))
      let checkIDs = Set(base.checks.filter(\.enabled).map(\.id))
      for id in reasonIDs.sorted() {
        var why: [String] = []
        let covered = payers.contains { payer in
          // Only payers that inherit the base's own entry (not replaced, not disabled).
          guard let reason = payer.denialReasons.first(where: { $0.id == id }), reason.enabled,
            reason.sourceKey == base.key
          else { return false }
          let missing = Self.gaps(reason: reason, in: Self.evidence(s.tests[payer.playbook.key] ?? []))
          if !missing.isEmpty { why.append("\(payer.playbook.key): \(missing.joined(separator: "; "))") }
          return missing.isEmpty
        }
        #expect(covered, "\(base.key): reason `\(id)` is not tested both ways by any payer extending it (\(why.joined(separator: " | ")))")
      }
      for id in checkIDs.sorted() {
        var why: [String] = []
        let covered = payers.contains { payer in
          guard let check = payer.checks.first(where: { $0.id == id }), check.enabled, check.sourceKey == base.key else {
            return false
          }
          let missing = Self.gaps(check: check, in: Self.evidence(s.tests[payer.playbook.key] ?? []))
          if !missing.isEmpty { why.append("\(payer.playbook.key): \(missing.joined(separator: "; "))") }
          return missing.isEmpty
        }
        #expect(covered, "\(base.key): check `\(id)` is not tested both ways by any payer extending it (\(why.joined(separator: " | ")))")
      }
    }
  }

  @Test func everySampleTestPasses() {
    let s = Self.samples
    var total = 0
    for playbook in s.library.resolved {
      let key = playbook.playbook.key
      let extra = Array((s.tests[key] ?? []).dropFirst(playbook.playbook.tests.count))
      let results = PlaybookTestRunner.run(playbook, extra: extra, evaluator: s.evaluator)
      #expect(results.count == (s.tests[key] ?? []).count)
      total += results.count
      for r in results where !r.passed {
        let diff = r.failures.map { "\($0.key): expected \($0.expected), actual \($0.actual)" }.joined(separator: "; ")
        Issue.record("\(r.playbook) › \(r.name) (\(r.location)): \(diff)")
      }
    }
    #expect(total >= 100, "expected the sample playbooks to carry their full test suites, found \(total) tests")
  }
}
