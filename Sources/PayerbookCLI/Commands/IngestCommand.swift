import Claims
import Diagnostics
import Evaluation
import Foundation
import Ingestion
import OutcomeStore
import Rendering

/// `payerbook ingest`: records claims and remittances in the outcome store.
enum IngestCommand: Subcommand {
  static let name = "ingest"
  static let summary = "Record 837P claims, case JSON and 835 remittances in the outcome store"
  static let usage = "FILE... [--db PATH] [--playbooks DIR] [--today DATE] [--keep-patient-names]"
  static let discussion = """
    Files may come in any order: a remittance that arrives before its claim is linked when the
    claim arrives, and matched again with the claim's diagnoses. Denials are matched against
    the current playbooks; a later remittance for an appealed claim records the outcome. Each
    file is one transaction: a file that cannot be read whole (cut off, broken envelopes, bad
    ISA, unreadable numbers or JSON) stores nothing; other errors, such as a wrong segment count,
    are reported and the file is stored. A crash leaves nothing half written, and a file already
    ingested (same sha256) is skipped. Only regular files are taken (not pipes). Patient names are stored only
    with --keep-patient-names; otherwise only the practice's account numbers.
    """
  static let options: [OptionSpec] =
    StoreAccess.options + [
      .option("--playbooks", "DIR", "The playbooks folder (default: $PAYERBOOK_PLAYBOOKS or ./playbooks)."),
      .option("--today", "DATE", "Compute due dates as of this date (YYYY-MM-DD; default: today)."),
      .option("--by", "NAME", "Who is ingesting, for the audit log (default: $USER)."),
      .flag("--keep-patient-names", "Store patient names (off by default)."),
    ]
  static let examples = [
    ("payerbook ingest samples/claims/*.837 samples/remits/*.835", "claims and remittances, in any order"),
    ("payerbook ingest --db /srv/payerbook/ortho.db today.835", "a team database"),
  ]

  static func run(_ arguments: ParsedArguments, _ console: Console) -> Int32 {
    guard !arguments.positionals.isEmpty else {
      PayerbookCLI.usageError(UsageError(message: "give at least one file to ingest", help: "payerbook ingest FILE.835 FILE.837"), console: console)
      return ExitCode.usage
    }
    let today: CalendarDate
    let evaluator: Evaluator
    switch Inputs.prepare(arguments, console) {
    case .exit(let code): return code
    case .ready(let t, let e): (today, evaluator) = (t, e)
    }
    guard let store = StoreAccess.open(arguments, console, create: true) else { return ExitCode.usage }
    var ingestor = Ingestor(store: store, evaluator: evaluator, today: today, keepPatientNames: arguments.has("--keep-patient-names"))
    if console.interactiveErr {
      ingestor.progress = { line in console.err("\r\u{1B}[2K" + line) }
    }
    var total = FileReport(path: "")
    var files = 0
    var skipped = 0
    var failed = false
    for path in arguments.positionals {
      let report: FileReport
      do {
        report = try ingestor.ingest(path: path)
      } catch let error as StoreError {
        StoreAccess.report(error, console)
        return ExitCode.usage
      } catch {
        console.err("payerbook: error: \(path): \(error)\n")
        return ExitCode.usage
      }
      if ingestor.progress != nil { console.err("\r\u{1B}[2K") }
      for d in report.diagnostics where d.severity != .note { console.err(DiagnosticRenderer.human(d, color: console.colorErr)) }
      if report.skipped {
        skipped += 1
        console.err("note: \(path) was already ingested (same sha256); skipped\n")
        continue
      }
      if report.rejected {
        failed = true
        console.err("payerbook: error: \(path) was not stored (see the errors above); fix it and ingest it again\n")
        continue
      }
      if report.diagnostics.contains(where: { $0.severity == .error }) { failed = true }
      files += 1
      total.claims += report.claims
      total.denials += report.denials
      total.deniedAmount += report.deniedAmount
      total.unplaybooked += report.unplaybooked
      total.decided += report.decided
      total.linked += report.linked
    }
    var line = "ingested \(files) file\(files == 1 ? "" : "s")"
    if skipped > 0 { line += " (\(skipped) skipped)" }
    line += ": \(total.claims) claims, \(total.denials) denials, \(Dollars.format(total.deniedAmount)) denied, \(total.unplaybooked) unplaybooked"
    if total.linked > 0 { line += ", \(total.linked) linked to their claim" }
    if total.decided > 0 { line += ", \(total.decided) appeal decision\(total.decided == 1 ? "" : "s") recorded" }
    console.out(line + "\n")
    return failed ? ExitCode.findings : ExitCode.ok
  }
}
