import Diagnostics
import Foundation
import PlaybookModel
import PlaybookTesting

/// `payerbook lint`: checks playbooks and reports every problem with its position and fix.
enum LintCommand: Subcommand {
  static let name = "lint"
  static let summary = "Check playbooks for mistakes, with file:line:column and the fix"
  static let usage = "[PATH...] [--playbooks DIR] [--format text|json] [--strict]"
  static let discussion = """
    Checks every playbook file (YAML syntax, unknown keys, missing fields, wrong values, codes,
    references to proofs and appeal levels, `extends` chains, payers claimed twice). PATH may be
    a folder or a file; the default is the playbooks folder (--playbooks, $PAYERBOOK_PLAYBOOKS,
    or ./playbooks). A file is checked together with the base playbooks it extends.
    Warnings do not fail the run unless --strict is given.
    """
  static let options: [OptionSpec] = [
    .option("--playbooks", "DIR", "The playbooks folder (default: $PAYERBOOK_PLAYBOOKS or ./playbooks)."),
    .option("--format", "FORMAT", choices: ["text", "json"], "Output for people (text) or machines (json)."),
    .flag("--strict", "Fail (exit 1) on warnings too."),
    .flag("--quiet", "Print only problems, no summary line."),
    .flag("--analyze", "Also report reasons that can never be the answer (shadowed or contradictory)."),
  ]
  static let examples = [
    ("payerbook lint", "check every playbook in ./playbooks"),
    ("payerbook lint playbooks/acme-health.yaml", "check one playbook and the bases it extends"),
    ("payerbook lint --format json playbooks | jq '.diagnostics[].code'", "machine-readable output"),
    ("payerbook lint --strict", "treat warnings as failures (for CI)"),
    ("payerbook lint --analyze", "find reasons another reason always outranks"),
  ]

  static func run(_ arguments: ParsedArguments, _ console: Console) -> Int32 {
    let playbooksFolder = PlaybookLocation.folder(arguments, console)
    let paths = arguments.positionals.isEmpty ? [playbooksFolder] : arguments.positionals
    var diagnostics: [Diagnostic] = []
    var fileCount = 0
    var payerCount = 0
    for path in paths {
      let result = lint(path: path, playbooksFolder: playbooksFolder, analyze: arguments.has("--analyze"))
      diagnostics += result.diagnostics
      fileCount += result.files
      payerCount += result.payers
    }
    let errors = diagnostics.filter { $0.severity == .error }.count
    let warnings = diagnostics.filter { $0.severity == .warning }.count
    let failed = errors > 0 || (arguments.has("--strict") && warnings > 0)
    if arguments["--format"] == "json" {
      let object: [String: Any] = [
        "files": fileCount, "payers": payerCount, "errors": errors, "warnings": warnings, "ok": !failed,
        "diagnostics": diagnostics.map(DiagnosticRenderer.jsonObject),
      ]
      let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
      console.out(String(decoding: data, as: UTF8.self) + "\n")
    } else {
      for d in diagnostics { console.out(DiagnosticRenderer.human(d, color: console.colorOut) + "\n") }
      if !arguments.has("--quiet") {
        let what = "\(fileCount) file\(fileCount == 1 ? "" : "s") (\(payerCount) payer playbook\(payerCount == 1 ? "" : "s"))"
        console.out("checked \(what): \(DiagnosticRenderer.summary(errors: errors, warnings: warnings))\n")
      }
    }
    if fileCount == 0 && diagnostics.contains(where: { $0.code == .cannotRead }) { return ExitCode.usage }
    return failed ? ExitCode.findings : ExitCode.ok
  }

  struct Result {
    var diagnostics: [Diagnostic]
    var files: Int
    var payers: Int
  }

  /// Lints a folder, or one file together with its library (only that file's chain is reported).
  static func lint(path: String, playbooksFolder: String, analyze: Bool = false) -> Result {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      return Result(
        diagnostics: [Diagnostic(.cannotRead, "`\(path)` does not exist", at: nil, help: "check the path; playbooks live in `playbooks/`", path: path)],
        files: 0, payers: 0)
    }
    if isDirectory.boolValue {
      let library = PlaybookLibrary.load(folder: path)
      let (testDiagnostics, testFiles) = lintTests(library)
      let analysis = analyze ? PlaybookAnalyzer.analyze(library) : []
      return Result(
        diagnostics: library.diagnostics.sorted + testDiagnostics + analysis, files: library.playbooks.count + testFiles,
        payers: library.resolved.count)
    }
    let root = PlaybookLocation.root(forFile: path, playbooksFolder: playbooksFolder)
    var bag = DiagnosticBag()
    var files = PlaybookLibrary.playbookFiles(in: root, diagnostics: &bag)
    let standardized = URL(fileURLWithPath: path).standardizedFileURL.path
    files = files.filter { URL(fileURLWithPath: $0).standardizedFileURL.path != standardized } + [path]
    let library = PlaybookLibrary.load(files: files, root: root)
    let key = PlaybookLibrary.keyFor(path: path, root: root)
    let chain = Set([path] + (library.resolved.first { $0.playbook.key == key }?.bases ?? []).compactMap { library.playbooks[$0]?.file.path })
    let analysis = analyze ? PlaybookAnalyzer.analyze(library) : []
    let relevant = (library.diagnostics.sorted + analysis).filter { d in
      guard let p = d.path else { return true }
      return chain.contains(p)
    }
    return Result(diagnostics: relevant, files: chain.count, payers: library.playbooks[key]?.payer == nil ? 0 : 1)
  }
}

extension LintCommand {
  /// Checks each payer playbook's tests (its `tests:` and its NAME.test.yaml file).
  static func lintTests(_ library: PlaybookLibrary) -> ([Diagnostic], Int) {
    var out: [Diagnostic] = []
    var files = 0
    for playbook in library.resolved {
      var tests: [PlaybookTest] = []
      let path = playbook.playbook.file.path
      let testPath = String(path.dropLast(path.hasSuffix(".yml") ? 4 : 5)) + ".test.yaml"
      if FileManager.default.fileExists(atPath: testPath) {
        let (extra, diagnostics) = PlaybookTestRunner.loadTestFile(testPath)
        out += diagnostics
        tests += extra
        files += 1
      }
      out += PlaybookLibrary.checkTestReferences(tests, playbook: playbook)
    }
    return (out, files)
  }
}

/// Where playbooks are.
enum PlaybookLocation {
  /// `--playbooks`, else `$PAYERBOOK_PLAYBOOKS`, else `playbooks`.
  static func folder(_ arguments: ParsedArguments, _ console: Console) -> String {
    arguments["--playbooks"] ?? console.environment["PAYERBOOK_PLAYBOOKS"] ?? "playbooks"
  }

  /// The library folder a single file belongs to: the playbooks folder when the file is inside
  /// it; else the file's folder (its parent when that folder is `base`).
  static func root(forFile path: String, playbooksFolder: String) -> String {
    let file = URL(fileURLWithPath: path).standardizedFileURL
    let folder = URL(fileURLWithPath: playbooksFolder).standardizedFileURL.path
    if file.path.hasPrefix(folder + "/") { return playbooksFolder }
    let parent = file.deletingLastPathComponent()
    if parent.lastPathComponent == "base" { return parent.deletingLastPathComponent().path }
    return parent.path
  }
}
