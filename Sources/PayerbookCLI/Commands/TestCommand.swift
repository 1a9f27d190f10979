import Diagnostics
import Evaluation
import Foundation
import PlaybookModel
import PlaybookTesting

/// `payerbook test`: runs the examples written in playbooks.
enum TestCommand: Subcommand {
  static let name = "test"
  static let summary = "Run the playbooks' tests (their `tests:` and NAME.test.yaml files)"
  static let usage = "[PATH...] [--playbooks DIR] [--verbose]"
  static let discussion = """
    Each test gives a denial or a case and what should come out: the matched reasons, the
    level and due date, the proofs still missing, the pre-submission findings. Tests live in a
    playbook's `tests:` section or in NAME.test.yaml beside NAME.yaml. PATH narrows the run to
    some playbook files. Exits 1 when a test fails.
    """
  static let options: [OptionSpec] = [
    .option("--playbooks", "DIR", "The playbooks folder (default: $PAYERBOOK_PLAYBOOKS or ./playbooks)."),
    .flag("--verbose", "List passing tests too."),
  ]
  static let examples = [
    ("payerbook test", "run every playbook's tests"),
    ("payerbook test playbooks/acme-health.yaml --verbose", "one playbook, listing each test"),
  ]

  static func run(_ arguments: ParsedArguments, _ console: Console) -> Int32 {
    let folder = PlaybookLocation.folder(arguments, console)
    let library = PlaybookLibrary.load(folder: folder)
    if library.diagnostics.hasErrors {
      for d in library.diagnostics.sorted where d.severity == .error { console.out(DiagnosticRenderer.human(d, color: console.colorOut)) }
      console.out("the playbooks have errors; fix them first (`payerbook lint`)\n")
      return library.playbooks.isEmpty ? ExitCode.usage : ExitCode.findings
    }
    let wanted = Set(arguments.positionals.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
    let evaluator = Evaluator(playbooks: library.resolved)
    var results: [PlaybookTestResult] = []
    var problems: [Diagnostic] = []
    for playbook in library.resolved {
      let path = playbook.playbook.file.path
      let standardized = URL(fileURLWithPath: path).standardizedFileURL.path
      let testPath = String(path.dropLast(path.hasSuffix(".yml") ? 4 : 5)) + ".test.yaml"
      guard wanted.isEmpty || wanted.contains(standardized) || wanted.contains(URL(fileURLWithPath: testPath).standardizedFileURL.path) else { continue }
      var extra: [PlaybookTest] = []
      if FileManager.default.fileExists(atPath: testPath) {
        let (tests, diagnostics) = PlaybookTestRunner.loadTestFile(testPath)
        problems += diagnostics
        extra = tests
      }
      results += PlaybookTestRunner.run(playbook, extra: extra, evaluator: evaluator)
    }
    for d in problems { console.out(DiagnosticRenderer.human(d, color: console.colorOut)) }
    let red = console.colorOut ? "\u{1B}[31m" : ""
    let green = console.colorOut ? "\u{1B}[32m" : ""
    let reset = console.colorOut ? "\u{1B}[0m" : ""
    for r in results {
      if r.passed {
        if arguments.has("--verbose") { console.out("\(green)PASS\(reset) \(r.playbook) › \(r.name)\n") }
        continue
      }
      console.out("\(red)FAIL\(reset) \(r.playbook) › \(r.name) (\(r.location))\n")
      for m in r.failures {
        console.out("  \(m.key):\n    expected: \(m.expected)\n    actual:   \(m.actual)\n")
      }
    }
    let failed = results.filter { !$0.passed }.count
    let invalid = problems.filter { $0.severity == .error }.count
    var line = "\(results.count - failed) passed, \(failed) failed"
    if invalid > 0 { line += ", \(invalid) test file error\(invalid == 1 ? "" : "s")" }
    console.out(line + "\n")
    return failed > 0 || invalid > 0 ? ExitCode.findings : ExitCode.ok
  }
}
