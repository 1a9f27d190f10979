import Foundation
import Suggestions

/// `payerbook simulate`: measures the quality of suggestions on simulated practice histories.
enum SimulateCommand: Subcommand {
  static let name = "simulate"
  static let summary = "Measure suggestion quality on simulated practice histories with planted truths"
  static let usage = "[--seeds N] [--outcomes N]"
  static let discussion = """
    Generates practice histories with planted truths (a proof that raises the overturn rate,
    an uncovered recurring denial, a proof that does nothing, a reason whose appeals always
    fail, late appeals, a recurring reason without a prevent lesson) plus noise, runs the
    suggestion miner on each, and reports precision, recall, and how often pure-noise histories
    produce any suggestion. Exits 1 when the targets (precision >= 0.95, recall >= 0.9, >= 95%
    of noise histories silent) are missed.
    """
  static let options: [OptionSpec] = [
    .option("--seeds", "N", "Histories per mode (default 20)."),
    .option("--outcomes", "N", "Outcomes per planted effect (default 200)."),
  ]
  static let examples = [("payerbook simulate --seeds 50", "the quality figures over 50 seeds")]

  static func run(_ arguments: ParsedArguments, _ console: Console) -> Int32 {
    guard let seeds = Int(arguments["--seeds"] ?? "20"), seeds > 0, let outcomes = Int(arguments["--outcomes"] ?? "200"), outcomes > 0 else {
      PayerbookCLI.usageError(UsageError(message: "`--seeds` and `--outcomes` take whole numbers above 0"), console: console)
      return ExitCode.usage
    }
    let report = PracticeSimulator.quality(seeds: 1..<UInt64(seeds + 1), outcomesPerEffect: outcomes)
    console.out(report.description + "\n")
    return report.meetsTargets ? ExitCode.ok : ExitCode.findings
  }
}
