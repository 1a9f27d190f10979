import Claims
import Diagnostics
import Evaluation
import Foundation
import Rendering

/// `payerbook check`: pre-submission checks of new cases.
enum CheckCommand: Subcommand {
  static let name = "check"
  static let summary =
    "Check cases before submission against the playbooks' checks and past denials' lessons"
  static let usage = "CASE.json|FILE.837... [--today DATE] [--format text|markdown|html|json]"
  static let discussion = """
    Runs each case through its payer's playbook: the `checks`, the `prevent` lesson of every
    denial reason whose conditions fit the case, prior authorization missing or expired,
    malformed codes and modifiers, and the payer's filing limit. Exits 1 when any finding is an
    error, so it can gate a submission batch. Give `-` to read standard input.
    """
  static let options: [OptionSpec] = [
    .option(
      "--playbooks", "DIR", "The playbooks folder (default: $PAYERBOOK_PLAYBOOKS or ./playbooks)."),
    .option("--today", "DATE", "Check as of this date (YYYY-MM-DD; default: today)."),
    .option(
      "--format", "FORMAT", choices: OutputFormat.allCases.map(\.rawValue),
      "Output: text, markdown, html or json."),
  ]
  static let examples = [
    ("payerbook check samples/cases/acme-knee-scope.json", "check one case"),
    (
      "payerbook check batch.837 --format json > findings.json",
      "check a batch of 837P claims, for machines"
    ),
  ]

  static func run(_ arguments: ParsedArguments, _ console: Console) -> Int32 {
    guard !arguments.positionals.isEmpty else {
      PayerbookCLI.usageError(
        UsageError(message: "give at least one case file", help: "payerbook check CASE.json"),
        console: console)
      return ExitCode.usage
    }
    let today: CalendarDate
    let evaluator: Evaluator
    switch Inputs.prepare(arguments, console) {
    case .exit(let code): return code
    case .ready(let t, let e): (today, evaluator) = (t, e)
    }
    let format = OutputFormat(rawValue: arguments["--format"] ?? "text") ?? .text
    let (cases, problems) = Inputs.cases(arguments.positionals)
    AppealCommand.report(problems, console)
    if cases.isEmpty && problems.contains(where: { $0.code == .cannotRead }) {
      return ExitCode.usage
    }
    let reports = cases.map { evaluator.report(for: $0, today: today) }
    console.out(
      FindingsRenderer.render(reports, format: format, color: console.colorOut && format == .text))
    let inputErrors = problems.contains { $0.severity == .error }
    return reports.contains(where: \.hasErrors) || inputErrors ? ExitCode.findings : ExitCode.ok
  }
}
