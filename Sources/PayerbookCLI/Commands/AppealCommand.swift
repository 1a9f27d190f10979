import Claims
import Diagnostics
import Evaluation
import Foundation
import OutcomeStore
import Rendering

/// `payerbook appeal`: appeal checklists for the denials in remittances.
enum AppealCommand: Subcommand {
  static let name = "appeal"
  static let summary = "Appeal checklists for the denials in 835 remittances or denial JSON"
  static let usage =
    "FILE.835|DENIAL.json... [--claims FILE.837|CASES.json] [--today DATE] [--format text|markdown|html|json] [--out DIR] [--explain] | CLAIM-REF [--db PATH]"
  static let discussion = """
    Reads remittances, finds the denied claims, matches each against its payer's playbook and
    prints one checklist per denied claim: the matched reason and why, the proofs to gather
    (those sent with the claim are ticked), the steps, and the appeal level with its due date
    and days left. Give the original claims with --claims so diagnoses, place of service,
    prior authorization and attachments join the denial (the 835 carries no diagnoses).
    A denial no reason matches is reported as unplaybooked, with the first level's due date.
    Given a claim reference (patient control number or payer claim number) instead of files,
    prints the checklist of that stored denial (see `payerbook ingest`) with its appeals and
    outcomes, and what past appeals for the same payer and reason achieved. Give `-` to read standard
    input.
    """
  static let options: [OptionSpec] = [
    .option(
      "--claims", "FILE",
      "Original claims (X12 837P or case JSON), linked by patient control number; repeatable with commas."
    ),
    .option(
      "--playbooks", "DIR", "The playbooks folder (default: $PAYERBOOK_PLAYBOOKS or ./playbooks)."),
    .option("--today", "DATE", "Compute days left as of this date (YYYY-MM-DD; default: today)."),
    .option(
      "--format", "FORMAT", choices: OutputFormat.allCases.map(\.rawValue),
      "Output: text, markdown, html or json."),
    .option("--out", "DIR", "Write one file per checklist into DIR instead of printing."),
    .flag("--explain", "Also show the reasons that did not match and the condition that failed."),
    .option(
      "--db", "PATH",
      "For a claim reference: the database (default: $PAYERBOOK_DB, else ./payerbook.db)."),
  ]
  static let examples = [
    (
      "payerbook appeal samples/remits/acme-health-2026-11.835 --claims samples/claims/acme-health-2026-10.837",
      "checklists with the claims' context joined"
    ),
    (
      "payerbook appeal denial.json --today 2026-12-03 --format markdown --out checklists/",
      "printable Markdown, one file per claim"
    ),
    ("payerbook appeal remit.835 --explain", "show near misses to see why a reason did not match"),
    (
      "payerbook appeal ACC1001 --db payerbook.db",
      "a stored denial's checklist with the payer's appeal history"
    ),
  ]

  static func run(_ arguments: ParsedArguments, _ console: Console) -> Int32 {
    guard !arguments.positionals.isEmpty else {
      PayerbookCLI.usageError(
        UsageError(
          message: "give at least one remittance file",
          help: "payerbook appeal FILE.835 [--claims FILE.837]"), console: console)
      return ExitCode.usage
    }
    let today: CalendarDate
    let evaluator: Evaluator
    switch Inputs.prepare(arguments, console) {
    case .exit(let code): return code
    case .ready(let t, let e): (today, evaluator) = (t, e)
    }
    let format = OutputFormat(rawValue: arguments["--format"] ?? "text") ?? .text
    if arguments.positionals.count == 1, let ref = arguments.positionals.first,
      !FileManager.default.fileExists(atPath: ref),
      !ref.contains("/"), !ref.contains("."), ref != "-"
    {
      return stored(
        ref: ref, evaluator: evaluator, today: today, format: format, arguments, console)
    }
    let claimPaths = (arguments["--claims"] ?? "").split(separator: ",").map(String.init).filter {
      !$0.isEmpty
    }
    let (cases, caseProblems) = Inputs.cases(claimPaths)
    let (denials, denialProblems) = Inputs.denials(arguments.positionals, claims: cases)
    let problems = caseProblems + denialProblems
    report(problems, console)
    if problems.contains(where: { $0.code == .cannotRead }) && denials.isEmpty {
      return ExitCode.usage
    }

    let checklists = denials.map {
      evaluator.checklist(for: $0, today: today, explain: arguments.has("--explain"))
    }
    if let out = arguments["--out"] {
      guard write(checklists, format: format, to: out, console: console) else {
        return ExitCode.usage
      }
    } else if checklists.isEmpty && problems.contains(where: { $0.severity == .error }) {
      // The errors above say why; print no empty checklist.
    } else if checklists.isEmpty && format != .json {
      console.out("no denied claims found in \(arguments.positionals.joined(separator: ", "))\n")
    } else {
      console.out(
        ChecklistRenderer.render(
          checklists, format: format, color: console.colorOut && format == .text))
    }
    return problems.contains(where: { $0.severity == .error }) ? ExitCode.findings : ExitCode.ok
  }

  /// The checklist of a stored denial, with its own appeals and outcomes and the history of
  /// the same payer and reason.
  static func stored(
    ref: String, evaluator: Evaluator, today: CalendarDate, format: OutputFormat,
    _ arguments: ParsedArguments, _ console: Console
  ) -> Int32 {
    guard let store = StoreAccess.open(arguments, console, create: false) else {
      return ExitCode.usage
    }
    return StoreAccess.attempt(console) {
      guard let denial = try store.denial(ref: ref) else {
        console.err(
          "payerbook: error: no stored denial for claim `\(ref)`, and no file by that name\n")
        console.err(
          "  help: give a remittance file, or the patient control number or payer claim number of an ingested denial\n"
        )
        return ExitCode.findings
      }
      var denied = denial.denied
      // Once an appeal was decided against, the next level counts from that decision.
      var next: String?
      if let last = denial.outcomes.last, last.result == "upheld",
        let appealed = denial.appeals.last
      {
        denied.previousDecisionDate = last.date
        next = nextLevel(after: appealed.levelID, denied: denied, evaluator: evaluator)
      }
      let checklist = evaluator.checklist(
        for: denied, today: today, explain: arguments.has("--explain"), startAt: next)
      let history = try checklist.reason.map {
        try store.history(payerKey: denial.payerKey, reasonID: $0.id)
      }
      if format == .json {
        var object: [String: Any] = [:]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        object["checklist"] = try JSONSerialization.jsonObject(with: encoder.encode(checklist))
        object["state"] = denial.state
        object["provenance"] = denial.provenance
        object["appeals"] = denial.appeals.map {
          ["level": $0.levelID, "date": $0.date.description, "proofs": $0.proofs, "by": $0.by]
        }
        object["outcomes"] = denial.outcomes.map {
          [
            "result": $0.result, "recovered": "\($0.recovered)", "date": $0.date.description,
            "source": $0.source,
          ]
        }
        if let h = history {
          object["history"] = [
            "decided": h.decided, "overturned": h.overturned,
            "proofs_in_overturned": h.proofsInOverturned,
          ]
        }
        let data = try JSONSerialization.data(
          withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        console.out(String(decoding: data, as: UTF8.self) + "\n")
        return ExitCode.ok
      }
      console.out(
        ChecklistRenderer.render(
          [checklist], format: format, color: console.colorOut && format == .text))
      var lines: [String] = ["Stored as \(denial.state), from \(denial.provenance)"]
      for a in denial.appeals {
        lines.append(
          "Appeal sent \(a.date) at \(a.levelID) by \(a.by) with \(a.proofs.isEmpty ? "no proofs recorded" : a.proofs.joined(separator: ", "))"
        )
      }
      for o in denial.outcomes {
        lines.append(
          "Outcome \(o.date): \(o.result)\(o.recovered > 0 ? ", \(Dollars.format(o.recovered)) recovered" : "") (\(o.source))"
        )
      }
      if let h = history, let reason = checklist.reason {
        lines.append(historyLine(h, payer: denial.payerKey, reason: reason.id))
      }
      let heading = format == .markdown ? "## History\n\n" : format == .html ? "" : "History\n\n"
      if format == .html {
        console.out(
          "<section><h2>History</h2><ul>" + lines.map { "<li>\(htmlEscape($0))</li>" }.joined()
            + "</ul></section>\n")
      } else {
        console.out(
          "\n" + heading
            + lines.map { (format == .markdown ? "- " : "  ") + $0 }.joined(separator: "\n") + "\n")
      }
      return ExitCode.ok
    }
  }

  static func nextLevel(after level: String, denied: DeniedClaim, evaluator: Evaluator) -> String? {
    let (p, _) = evaluator.index.route(
      payerID: denied.payerID, payerName: denied.payerName, planType: denied.planType)
    guard let p else { return nil }
    let levels = evaluator.index.playbooks[p].appealLevels
    guard let i = levels.firstIndex(where: { $0.id == level }), i + 1 < levels.count else {
      return nil
    }
    return levels[i + 1].id
  }

  /// "4 appeals decided for acme-health / knee-scope: 3 overturned; all 3 included conservative_care".
  static func historyLine(_ h: History, payer: String, reason: String) -> String {
    guard h.decided > 0 else { return "No decided appeals yet for \(payer) / \(reason)." }
    var line =
      "\(h.decided) appeal\(h.decided == 1 ? "" : "s") decided for \(payer) / \(reason): \(h.overturned) overturned"
    if h.overturned > 0 {
      let always = h.proofsInOverturned.filter { $0.value == h.overturned }.map(\.key).sorted()
      if !always.isEmpty {
        line +=
          "; \(h.overturned == 1 ? "it" : "all \(h.overturned)") included \(always.joined(separator: ", "))"
      }
    }
    return line
  }

  static func htmlEscape(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;")
  }

  /// Prints reader problems on standard error (positions, never patient data).
  static func report(_ problems: [Diagnostic], _ console: Console) {
    for d in problems where d.severity != .note {
      console.err(DiagnosticRenderer.human(d, color: console.colorErr))
    }
  }

  static func write(
    _ checklists: [Checklist], format: OutputFormat, to folder: String, console: Console
  ) -> Bool {
    do {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      let ext =
        ["text": "txt", "markdown": "md", "html": "html", "json": "json"][format.rawValue] ?? "txt"
      var used: [String: Int] = [:]
      for checklist in checklists {
        var base = safeFileName(checklist.claim.patientControlNumber)
        if let n = used[base] {
          used[base] = n + 1
          base += "-\(n + 1)"
        } else {
          used[base] = 1
        }
        let path = (folder as NSString).appendingPathComponent("\(base).\(ext)")
        try Data(ChecklistRenderer.render([checklist], format: format).utf8).write(
          to: URL(fileURLWithPath: path), options: .atomic)
        // Checklists carry account numbers and diagnoses: owner-only, like the database.
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
      }
      console.err(
        "wrote \(checklists.count) checklist\(checklists.count == 1 ? "" : "s") to \(folder)\n")
      return true
    } catch {
      console.err("payerbook: error: cannot write to `\(folder)`: \(error.localizedDescription)\n")
      return false
    }
  }

  static func safeFileName(_ s: String) -> String {
    let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
    let cleaned = String(s.map { allowed.contains($0) ? $0 : "_" })
    return cleaned.isEmpty || cleaned.hasPrefix(".") ? "claim" + cleaned : cleaned
  }
}
