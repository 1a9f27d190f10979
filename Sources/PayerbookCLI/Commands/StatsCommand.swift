import Claims
import Foundation
import Rendering
import OutcomeStore

/// `payerbook stats`: denials, appeals and what they recovered.
enum StatsCommand: Subcommand {
  static let name = "stats"
  static let summary = "Denials and dollars, appeal and overturn rates (Wilson 95% interval), recovered, days to decision"
  static let usage = "[--by payer|reason|proof|level|procedure] [--since DATE] [--format text|csv|json] [--db PATH]"
  static let discussion = """
    Groups the stored denials and shows: denials and dollars denied, the share appealed, the
    overturn rate of decided appeals with its Wilson 95% interval (so 2 of 2 is not read as a
    sure thing), dollars recovered and the median days from appeal to decision.
    """
  static let options: [OptionSpec] =
    StoreAccess.options + [
      .option("--by", "DIMENSION", choices: StatsDimension.allCases.map(\.rawValue), "Group by payer (default), reason, proof, level or procedure."),
      .option("--since", "DATE", "Only denials remitted on or after DATE."),
      .option("--format", "FORMAT", choices: ["text", "csv", "json"], "Output: text, csv or json."),
    ]
  static let examples = [
    ("payerbook stats --by reason --since 2026-01-01", "which denial reasons cost most this year"),
    ("payerbook stats --by proof", "which proofs appear in won appeals"),
  ]

  static func run(_ arguments: ParsedArguments, _ console: Console) -> Int32 {
    let dimension = StatsDimension(rawValue: arguments["--by"] ?? "payer") ?? .payer
    var since: CalendarDate?
    if let text = arguments["--since"] {
      guard let d = CalendarDate(iso: text) else {
        PayerbookCLI.usageError(UsageError(message: "`--since` must be written YYYY-MM-DD, not `\(text)`"), console: console)
        return ExitCode.usage
      }
      since = d
    }
    guard let store = StoreAccess.open(arguments, console, create: false) else { return ExitCode.usage }
    return StoreAccess.attempt(console) {
      let rows = try store.statistics(by: dimension, since: since)
      func pct(_ x: Double) -> String { String(format: "%.0f%%", x * 100) }
      switch arguments["--format"] ?? "text" {
      case "json":
        let objects: [[String: Any]] = rows.map { r in
          var o: [String: Any] = [
            dimension.rawValue: r.key, "denials": r.denials, "denied_amount": NSDecimalNumber(decimal: r.deniedAmount),
            "appealed": r.appealed, "appeal_rate": r.appealRate, "decided": r.decided, "overturned": r.overturned,
            "recovered": NSDecimalNumber(decimal: r.recovered),
          ]
          if let o2 = r.overturnRate { o["overturn_rate"] = ["rate": o2.rate, "low95": o2.low, "high95": o2.high] }
          if let m = r.medianDaysToDecision { o["median_days_to_decision"] = m }
          return o
        }
        let data = try JSONSerialization.data(withJSONObject: ["by": dimension.rawValue, "rows": objects], options: [.prettyPrinted, .sortedKeys])
        console.out(String(decoding: data, as: UTF8.self) + "\n")
      case "csv":
        console.out("\(dimension.rawValue),denials,denied_amount,appealed,appeal_rate,decided,overturned,overturn_rate,overturn_low95,overturn_high95,recovered,median_days_to_decision\n")
        for r in rows {
          func f(_ x: Double?) -> String { x.map { String(format: "%.4f", $0) } ?? "" }
          let o = r.overturnRate
          var cells: [String] = [WorklistCommand.csv(r.key), "\(r.denials)", "\(r.deniedAmount)", "\(r.appealed)", f(r.appealRate)]
          cells += ["\(r.decided)", "\(r.overturned)", f(o?.rate), f(o?.low), f(o?.high), "\(r.recovered)"]
          cells.append(r.medianDaysToDecision.map { String(format: "%.1f", $0) } ?? "")
          console.out(cells.joined(separator: ",") + "\n")
        }
      default:
        guard !rows.isEmpty else {
          console.out("No denials stored\(since.map { " since \($0)" } ?? "").\n")
          return ExitCode.ok
        }
        var table: [[String]] = [[dimension.rawValue.capitalized, "Denials", "Denied", "Appealed", "Decided", "Overturned (95% CI)", "Recovered", "Median days"]]
        for r in rows {
          let overturn = r.overturnRate.map { "\(r.overturned)/\(r.decided) \(pct($0.rate)) (\(pct($0.low))-\(pct($0.high)))" } ?? "-"
          table.append([
            r.key, "\(r.denials)", Dollars.format(r.deniedAmount), "\(r.appealed) (\(pct(r.appealRate)))", "\(r.decided)", overturn,
            Dollars.format(r.recovered), r.medianDaysToDecision.map { String(format: "%.0f", $0) } ?? "-",
          ])
        }
        let widths = table[0].indices.map { c in table.map { $0[c].count }.max() ?? 0 }
        for row in table {
          let cells = row.enumerated().map { c, cell in c == row.count - 1 ? cell : cell.padding(toLength: widths[c], withPad: " ", startingAt: 0) }
          console.out(cells.joined(separator: "  ") + "\n")
        }
      }
      return ExitCode.ok
    }
  }
}
