import Claims
import Foundation
import Rendering
import OutcomeStore

/// `payerbook worklist`: open denials, most urgent first.
enum WorklistCommand: Subcommand {
  static let name = "worklist"
  static let summary = "Open denials, overdue and soonest due first, with dollars at stake and the next action"
  static let usage = "[--due-within DAYS] [--payer ID] [--reason ID] [--limit N] [--format text|csv|json] [--db PATH] [--today DATE]"
  static let discussion = """
    Lists the stored denials still to act on: overdue first, then by due date, with the amount
    denied, the next action (appeal, correct_and_resubmit, write_off, or await decision for
    appeals sent) and the level to file at.
    """
  static let options: [OptionSpec] =
    StoreAccess.options + [
      .option("--due-within", "DAYS", "Only denials due within DAYS days (overdue included)."),
      .option("--payer", "ID", "Only this payer (its playbook id)."),
      .option("--reason", "ID", "Only this denial reason."),
      .option("--limit", "N", "At most N rows (default 200)."),
      .option("--today", "DATE", "Count days left from this date (YYYY-MM-DD; default: today)."),
      .option("--format", "FORMAT", choices: ["text", "csv", "json"], "Output: text, csv or json."),
    ]
  static let examples = [
    ("payerbook worklist --due-within 14", "what must go out in the next two weeks"),
    ("payerbook worklist --payer acme-health --format csv > acme.csv", "one payer, for a spreadsheet"),
  ]

  static func run(_ arguments: ParsedArguments, _ console: Console) -> Int32 {
    let today: CalendarDate
    switch Inputs.today(arguments) {
    case .failure(let e):
      PayerbookCLI.usageError(e, console: console)
      return ExitCode.usage
    case .success(let d): today = d
    }
    var query = WorklistQuery(today: today, payer: arguments["--payer"], reason: arguments["--reason"])
    for (flag, apply) in [("--due-within", { (n: Int) in query.dueWithin = n }), ("--limit", { (n: Int) in query.limit = n })] {
      guard let text = arguments[flag] else { continue }
      guard let n = Int(text), n >= 0 else {
        PayerbookCLI.usageError(UsageError(message: "`\(flag)` must be a whole number, not `\(text)`", help: "for example `\(flag) 14`"), console: console)
        return ExitCode.usage
      }
      apply(n)
    }
    guard let store = StoreAccess.open(arguments, console, create: false) else { return ExitCode.usage }
    return StoreAccess.attempt(console) {
      // One row more than asked tells whether the list is cut, without counting every denial
      // (a full count costs a scan of a million-row index).
      var probe = query
      probe.limit = query.limit + 1
      var items = try store.worklist(probe)
      let truncated = items.count > query.limit
      if truncated { items.removeLast() }
      switch arguments["--format"] ?? "text" {
      case "json":
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        struct Output: Encodable {
          var worklist: [WorklistItem]
          var truncated: Bool
        }
        let output = Output(worklist: items, truncated: truncated)
        console.out(String(decoding: try encoder.encode(output), as: UTF8.self) + "\n")
      case "csv":
        console.out("account,payer_claim_number,payer,reason,denied,next_action,level,due,days_left,state\n")
        for i in items {
          let fields = [
            i.account, i.payerClaimNumber ?? "", i.payer, i.reason ?? "unplaybooked", "\(i.denied)", i.nextAction, i.level ?? "",
            i.due?.description ?? "", i.daysLeft.map(String.init) ?? "", i.state,
          ]
          console.out(fields.map(csv).joined(separator: ",") + "\n")
        }
      default:
        console.out(text(items, truncated: truncated, today: today))
      }
      return ExitCode.ok
    }
  }

  static func csv(_ s: String) -> String {
    // Quote fields that hold separators, and neutralize spreadsheet formulas.
    var v = s
    if let first = v.first, "=+-@".contains(first), Double(v) == nil { v = "'" + v }
    return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : v
  }

  static func text(_ items: [WorklistItem], truncated: Bool, today: CalendarDate) -> String {
    guard !items.isEmpty else {
      return truncated ? "Open denials match, but --limit 0 shows none.\n" : "No open denials.\n"
    }
    let header = ["Due", "Days", "Account", "Payer", "Reason", "Denied", "Next action", "Level"]
    var rows: [[String]] = items.map { i in
      let days: String
      if let d = i.daysLeft { days = d < 0 ? "OVERDUE \(-d)" : d == 0 ? "today" : "\(d)" } else { days = "?" }
      return [
        i.due?.description ?? "-", days, i.account, i.payer, i.reason ?? "unplaybooked", Dollars.format(i.denied),
        i.nextAction.replacingOccurrences(of: "_", with: " "), i.level ?? "-",
      ]
    }
    rows.insert(header, at: 0)
    let widths = header.indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
    var out = ""
    for row in rows {
      out += row.enumerated().map { c, cell in c == row.count - 1 ? cell : cell.padding(toLength: widths[c], withPad: " ", startingAt: 0) }
        .joined(separator: "  ") + "\n"
    }
    let total = items.reduce(Decimal(0)) { $0 + $1.denied }
    let overdue = items.filter { ($0.daysLeft ?? 0) < 0 && $0.state == "open" }.count
    if truncated {
      // Overdue denials sort first: unless the whole page is overdue, this is all of them.
      let overdueText = overdue == items.filter({ $0.state == "open" }).count ? "at least \(overdue)" : "\(overdue)"
      out += "\nthe first \(items.count) open denials (more match; raise --limit): \(Dollars.format(total)) at stake on this page, \(overdueText) overdue (as of \(today))\n"
    } else {
      out += "\n\(items.count) open denial\(items.count == 1 ? "" : "s"), \(Dollars.format(total)) at stake, \(overdue) overdue (as of \(today))\n"
    }
    return out
  }
}
