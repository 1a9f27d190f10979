import Claims
import Diagnostics
import Evaluation
import Foundation
import Rendering

/// `payerbook appeal`: appeal checklists for the denials in remittances.
enum AppealCommand: Subcommand {
  static let name = "appeal"
  static let summary = "Appeal checklists for the denials in 835 remittances or denial JSON"
  static let usage = "FILE.835|DENIAL.json... [--claims FILE.837|CASES.json]... [--today DATE] [--format text|markdown|html|json] [--out DIR] [--explain]"
  static let discussion = """
    Reads remittances, finds the denied claims, matches each against its payer's playbook and
    prints one checklist per denied claim: the matched reason and why, the proofs to gather
    (those sent with the claim are ticked), the steps, and the appeal level with its due date
    and days left. Give the original claims with --claims so diagnoses, place of service,
    prior authorization and attachments join the denial (the 835 carries no diagnoses).
    A denial no reason matches is reported as unplaybooked, with the first level's due date.
    """
  static let options: [OptionSpec] = [
    .option("--claims", "FILE", "Original claims (X12 837P or case JSON), linked by patient control number; repeatable with commas."),
    .option("--playbooks", "DIR", "The playbooks folder (default: $PAYERBOOK_PLAYBOOKS or ./playbooks)."),
    .option("--today", "DATE", "Compute days left as of this date (YYYY-MM-DD; default: today)."),
    .option("--format", "FORMAT", choices: OutputFormat.allCases.map(\.rawValue), "Output: text, markdown, html or json."),
    .option("--out", "DIR", "Write one file per checklist into DIR instead of printing."),
    .flag("--explain", "Also show the reasons that did not match and the condition that failed."),
  ]
  static let examples = [
    ("payerbook appeal samples/remits/acme-2026-11.835 --claims samples/claims/acme-2026-10.837", "checklists with the claims' context joined"),
    ("payerbook appeal denial.json --today 2026-12-03 --format markdown --out checklists/", "printable Markdown, one file per claim"),
    ("payerbook appeal remit.835 --explain", "show near misses to see why a reason did not match"),
  ]

  static func run(_ arguments: ParsedArguments, _ console: Console) -> Int32 {
    guard !arguments.positionals.isEmpty else {
      PayerbookCLI.usageError(UsageError(message: "give at least one remittance file", help: "payerbook appeal FILE.835 [--claims FILE.837]"), console: console)
      return ExitCode.usage
    }
    let today: CalendarDate
    switch Inputs.today(arguments) {
    case .failure(let e):
      PayerbookCLI.usageError(e, console: console)
      return ExitCode.usage
    case .success(let d): today = d
    }
    let format = OutputFormat(rawValue: arguments["--format"] ?? "text") ?? .text
    let (evaluator, playbookProblems) = Inputs.evaluator(folder: PlaybookLocation.folder(arguments, console))
    guard let evaluator else {
      report(playbookProblems, console)
      console.err("payerbook: error: the playbooks have errors; fix them first (`payerbook lint`)\n")
      return ExitCode.findings
    }
    let claimPaths = (arguments["--claims"] ?? "").split(separator: ",").map(String.init).filter { !$0.isEmpty }
    let (cases, caseProblems) = Inputs.cases(claimPaths)
    let (denials, denialProblems) = Inputs.denials(arguments.positionals, claims: cases)
    let problems = caseProblems + denialProblems
    report(problems, console)
    if problems.contains(where: { $0.code == .cannotRead }) && denials.isEmpty { return ExitCode.usage }

    let checklists = denials.map { evaluator.checklist(for: $0, today: today, explain: arguments.has("--explain")) }
    if let out = arguments["--out"] {
      guard write(checklists, format: format, to: out, console: console) else { return ExitCode.usage }
    } else if checklists.isEmpty && format != .json {
      console.out("no denied claims found in \(arguments.positionals.joined(separator: ", "))\n")
    } else {
      console.out(ChecklistRenderer.render(checklists, format: format, color: console.colorOut && format == .text))
    }
    return problems.contains(where: { $0.severity == .error }) ? ExitCode.findings : ExitCode.ok
  }

  /// Prints reader problems on standard error (positions, never patient data).
  static func report(_ problems: [Diagnostic], _ console: Console) {
    for d in problems where d.severity != .note {
      console.err(DiagnosticRenderer.human(d, color: console.colorErr))
    }
  }

  static func write(_ checklists: [Checklist], format: OutputFormat, to folder: String, console: Console) -> Bool {
    do {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      let ext = ["text": "txt", "markdown": "md", "html": "html", "json": "json"][format.rawValue] ?? "txt"
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
        try Data(ChecklistRenderer.render([checklist], format: format).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
      }
      console.err("wrote \(checklists.count) checklist\(checklists.count == 1 ? "" : "s") to \(folder)\n")
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
