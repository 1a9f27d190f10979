import Claims
import Diagnostics
import Evaluation
import Foundation
import OutcomeStore
import PlaybookModel

/// `payerbook backtest`: what an edited copy of the playbooks would change on stored history.
enum BacktestCommand: Subcommand {
  static let name = "backtest"
  static let summary = "Replay stored denials and cases against edited playbooks and show what would change"
  static let usage = "--playbooks EDITED-DIR [--baseline DIR] [--db PATH] [--today DATE] [--format text|json]"
  static let discussion = """
    Evaluates every stored denial and every stored submission twice, with the current playbooks
    (--baseline, default ./playbooks) and with an edited copy (--playbooks), and reports per
    payer and reason: matches gained and lost, checklists that change (action, level, proofs),
    and pre-submission findings that appear or disappear. Run it before approving an edit.
    """
  static let options: [OptionSpec] =
    StoreAccess.options + [
      .option("--playbooks", "DIR", "The edited playbooks folder."),
      .option("--baseline", "DIR", "The playbooks to compare against (default: ./playbooks)."),
      .option("--today", "DATE", "Evaluate as of this date (default: today)."),
      .option("--format", "FORMAT", choices: ["text", "json"], "Output: text or json."),
      .option("--limit", "N", "Show at most N changed claims per group (default 5)."),
    ]
  static let examples = [
    ("cp -r playbooks /tmp/edit && $EDITOR /tmp/edit/acme-health.yaml && payerbook backtest --playbooks /tmp/edit", "try an edit on history first")
  ]

  struct Change: Codable {
    var claim: String
    var kind: String
    var before: String
    var after: String
  }

  static func run(_ arguments: ParsedArguments, _ console: Console) -> Int32 {
    guard let edited = arguments["--playbooks"] else {
      PayerbookCLI.usageError(UsageError(message: "`--playbooks` is required: the edited copy to test", help: "payerbook backtest --playbooks /tmp/edited-playbooks"), console: console)
      return ExitCode.usage
    }
    let baselineFolder = arguments["--baseline"] ?? "playbooks"
    let today: CalendarDate
    switch Inputs.today(arguments) {
    case .failure(let e):
      PayerbookCLI.usageError(e, console: console)
      return ExitCode.usage
    case .success(let d): today = d
    }
    let (baseline, baseProblems) = Inputs.evaluator(folder: baselineFolder)
    let (candidate, editProblems) = Inputs.evaluator(folder: edited)
    guard let baseline, let candidate else {
      AppealCommand.report((baseline == nil ? baseProblems : []) + (candidate == nil ? editProblems : []), console)
      console.err("payerbook: error: the \(baseline == nil ? "baseline" : "edited") playbooks have errors; fix them first (`payerbook lint`)\n")
      return ExitCode.findings
    }
    guard let store = StoreAccess.open(arguments, console, create: false) else { return ExitCode.usage }
    let limit = Int(arguments["--limit"] ?? "5") ?? 5
    return StoreAccess.attempt(console) {
      var groups: [String: [Change]] = [:]
      var denialsRead = 0
      for d in try store.denials(since: nil) {
        denialsRead += 1
        let a = baseline.checklist(for: d.denied, today: today)
        let b = candidate.checklist(for: d.denied, today: today)
        let group = "\(d.payerKey) / \(b.reason?.id ?? a.reason?.id ?? "(unplaybooked)")"
        let ref = d.denied.patientControlNumber
        if a.reason?.id != b.reason?.id {
          let kind = a.reason == nil ? "match gained" : b.reason == nil ? "match lost" : "reason changed"
          groups[group, default: []].append(Change(claim: ref, kind: kind, before: a.reason?.id ?? "unplaybooked", after: b.reason?.id ?? "unplaybooked"))
        }
        if a.action != b.action {
          groups[group, default: []].append(Change(claim: ref, kind: "action changed", before: a.action, after: b.action))
        }
        if a.level?.id != b.level?.id || a.level?.due?.date != b.level?.due?.date {
          groups[group, default: []].append(
            Change(
              claim: ref, kind: "level or due date changed", before: "\(a.level?.id ?? "-") \(a.level?.due?.date.description ?? "")",
              after: "\(b.level?.id ?? "-") \(b.level?.due?.date.description ?? "")"))
        }
        let pa = a.proofs.map(\.id)
        let pb = b.proofs.map(\.id)
        if pa != pb {
          groups[group, default: []].append(Change(claim: ref, kind: "proofs changed", before: pa.joined(separator: ","), after: pb.joined(separator: ",")))
        }
      }
      var casesRead = 0
      for c in try store.submissions() {
        casesRead += 1
        let a = Set(baseline.report(for: c, today: today).findings.map { "\($0.severity):\($0.rule)" })
        let b = Set(candidate.report(for: c, today: today).findings.map { "\($0.severity):\($0.rule)" })
        for gone in a.subtracting(b).sorted() {
          groups["\(c.payer.id ?? c.payer.name ?? "?") / findings", default: []].append(Change(claim: c.patientControlNumber, kind: "finding disappears", before: gone, after: "-"))
        }
        for new in b.subtracting(a).sorted() {
          groups["\(c.payer.id ?? c.payer.name ?? "?") / findings", default: []].append(Change(claim: c.patientControlNumber, kind: "finding appears", before: "-", after: new))
        }
      }
      if arguments["--format"] == "json" {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        struct Report: Codable {
          var denials: Int
          var cases: Int
          var changes: [String: [Change]]
        }
        console.out(String(decoding: try encoder.encode(Report(denials: denialsRead, cases: casesRead, changes: groups)), as: UTF8.self) + "\n")
        return ExitCode.ok
      }
      if groups.isEmpty {
        console.out("No change: \(denialsRead) stored denials and \(casesRead) cases come out the same with \(edited).\n")
        return ExitCode.ok
      }
      for key in groups.keys.sorted() {
        let changes = groups[key] ?? []
        var counts: [String: Int] = [:]
        for c in changes { counts[c.kind, default: 0] += 1 }
        console.out("\(key): " + counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ") + "\n")
        for c in changes.prefix(limit) { console.out("  \(c.claim): \(c.kind): \(c.before) -> \(c.after)\n") }
        if changes.count > limit { console.out("  ... \(changes.count - limit) more\n") }
      }
      let total = groups.values.reduce(0) { $0 + $1.count }
      console.out("\n\(total) change\(total == 1 ? "" : "s") over \(denialsRead) stored denials and \(casesRead) cases\n")
      return ExitCode.ok
    }
  }
}
