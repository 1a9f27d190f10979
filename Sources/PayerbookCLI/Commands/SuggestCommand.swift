import Claims
import Diagnostics
import Evaluation
import Foundation
import OutcomeStore
import PlaybookModel
import PlaybookTesting
import Suggestions

/// `payerbook suggest`: playbook revisions backed by tracked outcomes, for a person to approve.
enum SuggestCommand: Subcommand {
  static let name = "suggest"
  static let summary = "Suggest playbook revisions from tracked outcomes; show, apply (with approval) or reject them"
  static let usage = "[--since DATE] [--min-support N] [--format text|json] | show ID | apply ID --by NAME | reject ID --by NAME --reason TEXT"
  static let discussion = """
    Mines the outcome store: recurring unplaybooked denials, proofs that make appeals win (or
    never matter), appeals that rarely win, appeals rejected as late, reasons that keep
    recurring for one procedure, and rules that match nothing any more. Each suggestion has a
    stable id, its evidence (counts, rates, intervals, a few claim references, never patient
    data) and a patch that changes only the affected lines of the playbook.
    Nothing changes a playbook without approval: `apply` writes the file only when it lints,
    bumps its revision, runs its tests and records who approved it; `reject` keeps a
    suggestion away until its evidence changes. See docs/suggestions.md.
    """
  static let options: [OptionSpec] =
    StoreAccess.options + [
      .option("--playbooks", "DIR", "The playbooks folder (default: $PAYERBOOK_PLAYBOOKS or ./playbooks)."),
      .option("--since", "DATE", "Only evidence from denials remitted on or after DATE."),
      .option("--min-support", "N", "The fewest cases a finding needs (default 6)."),
      .option("--today", "DATE", "The date to judge staleness and revisions by (default: today)."),
      .option("--format", "FORMAT", choices: ["text", "json"], "Output: text or json."),
      .option("--by", "NAME", "Who approves or rejects (required for apply and reject)."),
      .option("--reason", "TEXT", "Why a suggestion is rejected."),
    ]
  static let examples = [
    ("payerbook suggest", "what the outcomes say, strongest evidence first"),
    ("payerbook suggest show S1a2b3c4d", "the evidence and the patch"),
    ("payerbook suggest apply S1a2b3c4d --by 'M. Chen'", "approve: write, lint, test, record"),
    ("payerbook suggest reject S1a2b3c4d --by 'M. Chen' --reason 'contract changed in July'", "not now"),
  ]

  static func run(_ arguments: ParsedArguments, _ console: Console) -> Int32 {
    let verb = arguments.positionals.first ?? "list"
    guard ["list", "show", "apply", "reject"].contains(verb) else {
      let guess = Spelling.suggestion(for: verb, among: ["show", "apply", "reject"])
      PayerbookCLI.usageError(UsageError(message: "unknown action `\(verb)`", help: guess.map { "did you mean `\($0)`?" } ?? "use show, apply or reject"), console: console)
      return ExitCode.usage
    }
    if verb != "list" && arguments.positionals.count != 2 {
      PayerbookCLI.usageError(UsageError(message: "`suggest \(verb)` needs one suggestion id", help: "payerbook suggest \(verb) ID"), console: console)
      return ExitCode.usage
    }
    if (verb == "apply" || verb == "reject") && arguments["--by"] == nil {
      PayerbookCLI.usageError(UsageError(message: "`suggest \(verb)` needs `--by NAME`", help: "say who approves or rejects; it goes in the audit log"), console: console)
      return ExitCode.usage
    }
    if verb == "reject" && arguments["--reason"] == nil {
      PayerbookCLI.usageError(UsageError(message: "`suggest reject` needs `--reason TEXT`", help: "say why, so the next reviewer knows"), console: console)
      return ExitCode.usage
    }
    let today: CalendarDate
    switch Inputs.today(arguments) {
    case .failure(let e):
      PayerbookCLI.usageError(e, console: console)
      return ExitCode.usage
    case .success(let d): today = d
    }
    var options = MiningOptions()
    if let text = arguments["--since"] {
      guard let d = CalendarDate(iso: text) else {
        PayerbookCLI.usageError(UsageError(message: "`--since` must be written YYYY-MM-DD, not `\(text)`"), console: console)
        return ExitCode.usage
      }
      options.since = d
    }
    if let text = arguments["--min-support"] {
      guard let n = Int(text), n >= 1 else {
        PayerbookCLI.usageError(UsageError(message: "`--min-support` must be a whole number of at least 1, not `\(text)`"), console: console)
        return ExitCode.usage
      }
      options.minSupport = n
    }
    let folder = PlaybookLocation.folder(arguments, console)
    let library = PlaybookLibrary.load(folder: folder)
    if library.diagnostics.hasErrors {
      AppealCommand.report(library.diagnostics.sorted, console)
      console.err("payerbook: error: the playbooks have errors; fix them first (`payerbook lint`)\n")
      return ExitCode.findings
    }
    guard let store = StoreAccess.open(arguments, console, create: false) else { return ExitCode.usage }
    return StoreAccess.attempt(console) {
      let engine = SuggestionEngine(library: library)
      let evidence = SuggestionEngine.evidence(try store.denials(since: options.since))
      let decisions = try store.suggestionDecisions()
      let list = engine.review(evidence: evidence, options: options, today: today, decisions: verb == "list" ? decisions : [:])
      switch verb {
      case "list":
        if arguments["--format"] == "json" {
          console.out(try json(list))
        } else if list.isEmpty {
          console.out("No suggestions: the outcomes so far give no evidence strong enough to change a playbook (\(evidence.count) denials read).\n")
        } else {
          for r in list {
            let s = r.suggestion
            console.out("\(s.id)  \(s.kind.rawValue)  \(s.payer)\(s.subject.map { " / \($0)" } ?? "")\n  \(s.title)\n  \(s.evidence.summary)\n")
            if let problem = r.problem { console.out("  (no patch: \(problem))\n") }
            console.out("\n")
          }
          console.out("\(list.count) suggestion\(list.count == 1 ? "" : "s") from \(evidence.count) denials; `payerbook suggest show ID` for the evidence and the patch\n")
        }
        return ExitCode.ok
      default:
        let id = arguments.positionals[1]
        guard let r = list.first(where: { $0.suggestion.id.lowercased() == id.lowercased() }) else {
          console.err("payerbook: error: no current suggestion `\(id)`\n  help: run `payerbook suggest` to list them; ids change only when the finding changes\n")
          return ExitCode.findings
        }
        if verb == "show" { return show(r, format: arguments["--format"] ?? "text", console) }
        if verb == "reject" {
          try store.recordSuggestionDecision(
            id: r.suggestion.id, fingerprint: r.suggestion.fingerprint, decision: "rejected", by: arguments["--by"] ?? "", reason: arguments["--reason"])
          console.out("rejected \(r.suggestion.id); it will not be suggested again until its evidence changes\n")
          return ExitCode.ok
        }
        return try apply(r, library: library, folder: folder, today: today, store: store, arguments, console)
      }
    }
  }

  static func json(_ list: [ReviewedSuggestion]) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let objects: [[String: Any]] = try list.map { r in
      var o = try JSONSerialization.jsonObject(with: encoder.encode(r.suggestion)) as? [String: Any] ?? [:]
      o["file"] = r.file
      o["patch"] = r.patch
      if let problem = r.problem { o["problem"] = problem }
      return o
    }
    let data = try JSONSerialization.data(withJSONObject: ["suggestions": objects], options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  static func show(_ r: ReviewedSuggestion, format: String, _ console: Console) -> Int32 {
    if format == "json" {
      console.out((try? json([r])) ?? "{}\n")
      return ExitCode.ok
    }
    let s = r.suggestion
    var out = "\(s.id)  \(s.kind.rawValue)\n\(s.title)\n\nPayer: \(s.payer)\(s.subject.map { "\nAbout: \($0)" } ?? "")\nEvidence: \(s.evidence.summary)\n"
    for (k, v) in s.evidence.counts.sorted(by: { $0.key < $1.key }) { out += "  \(k): \(v)\n" }
    for (k, v) in s.evidence.rates.sorted(by: { $0.key < $1.key }) { out += "  \(k): \(String(format: "%.3f", v))\n" }
    if let i = s.evidence.interval, i.count == 2 { out += "  95% interval: \(String(format: "%.3f", i[0]))-\(String(format: "%.3f", i[1]))\n" }
    if let p = s.evidence.pValue { out += "  p-value: \(String(format: "%.2g", p))\n" }
    if !s.evidence.examples.isEmpty { out += "  for example: \(s.evidence.examples.joined(separator: ", "))\n" }
    out += "\n"
    if let problem = r.problem {
      out += "No patch: \(problem)\n"
    } else {
      out += "Patch (`payerbook suggest apply \(s.id) --by NAME` writes it after review):\n\n\(r.patch)"
    }
    console.out(out)
    return ExitCode.ok
  }

  /// Writes the change when the result lints, bumps the revision, runs the playbook's tests
  /// and records the approval.
  static func apply(
    _ r: ReviewedSuggestion, library: PlaybookLibrary, folder: String, today: CalendarDate, store: SQLiteOutcomeStore,
    _ arguments: ParsedArguments, _ console: Console
  ) throws -> Int32 {
    guard let file = r.file, let newText = r.newText else {
      console.err("payerbook: error: this suggestion has no patch: \(r.problem ?? "unknown reason")\n  help: make the change by hand\n")
      return ExitCode.findings
    }
    var writer = PatchWriter(path: file, text: newText)
    try writer.setRevision(SuggestionEngine.nextRevision(current: writer.revision(), today: today))
    let final = writer.text
    let old = String(decoding: FileManager.default.contents(atPath: file) ?? Data(), as: UTF8.self)

    // Lint the whole folder with the new file in place, in a scratch copy.
    let scratch = NSTemporaryDirectory() + "payerbook-apply-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    try FileManager.default.copyItem(atPath: folder, toPath: scratch)
    let relative = PlaybookLibrary.keyFor(path: file, root: folder)
    let ext = file.hasSuffix(".yml") ? ".yml" : ".yaml"
    let scratchFile = scratch + "/" + relative + ext
    try Data(final.utf8).write(to: URL(fileURLWithPath: scratchFile))
    let checked = PlaybookLibrary.load(folder: scratch)
    if checked.diagnostics.hasErrors {
      for d in checked.diagnostics.sorted where d.severity == .error { console.err(DiagnosticRenderer.human(d)) }
      console.err("payerbook: error: the patched playbook does not lint; nothing was written\n  help: apply the change by hand, or reject the suggestion\n")
      return ExitCode.findings
    }
    // Write atomically, then run the playbook's tests on the written folder.
    try Data(final.utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
    console.out(UnifiedDiff.make(path: file, old: old, new: final))
    let evaluator = Evaluator(playbooks: checked.resolved)
    var results: [PlaybookTestResult] = []
    for playbook in checked.resolved where playbook.playbook.key == relative || playbook.bases.contains(relative) {
      let path = playbook.playbook.file.path
      let testPath = String(path.dropLast(path.hasSuffix(".yml") ? 4 : 5)) + ".test.yaml"
      let extra = FileManager.default.fileExists(atPath: testPath) ? PlaybookTestRunner.loadTestFile(testPath).tests : []
      results += PlaybookTestRunner.run(playbook, extra: extra, evaluator: evaluator)
    }
    let failed = results.filter { !$0.passed }
    for f in failed {
      console.out("FAIL \(f.playbook) › \(f.name)\n")
      for m in f.failures { console.out("  \(m.key): expected \(m.expected), actual \(m.actual)\n") }
    }
    console.out("tests: \(results.count - failed.count) passed, \(failed.count) failed\n")
    try store.recordSuggestionDecision(
      id: r.suggestion.id, fingerprint: r.suggestion.fingerprint, decision: "approved", by: arguments["--by"] ?? "",
      reason: "applied to \(file)")
    // Stored denials of this payer are matched again, so the worklist and the next
    // suggestions see the new playbook.
    let current = Evaluator(playbooks: PlaybookLibrary.load(folder: folder).resolved)
    var updates: [(denialID: Int64, match: MatchRecord)] = []
    for d in try store.denials(since: nil) where d.payerKey == r.suggestion.payer {
      let checklist = current.checklist(for: d.denied, today: today)
      if checklist.reason?.id != d.reasonID || checklist.playbookRevision != d.revision {
        updates.append((d.id, MatchRecord(checklist)))
      }
    }
    try store.rematch(updates)
    if !updates.isEmpty { console.out("matched \(updates.count) stored denial\(updates.count == 1 ? "" : "s") of \(r.suggestion.payer) again\n") }
    console.out("applied \(r.suggestion.id) to \(file) (revision \(writer.revision() ?? "?")); approval recorded\n")
    if !failed.isEmpty {
      console.out("note: update the failing tests to the new behaviour, or revert the file with your version control\n")
    }
    return failed.isEmpty ? ExitCode.ok : ExitCode.findings
  }
}
