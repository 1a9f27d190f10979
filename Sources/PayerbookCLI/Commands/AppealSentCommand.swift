import Claims
import Diagnostics
import Foundation
import OutcomeStore

/// `payerbook appeal-sent`: records an appeal that went out.
enum AppealSentCommand: Subcommand {
  static let name = "appeal-sent"
  static let summary = "Record that an appeal was sent: level, proofs included, date, who"
  static let usage = "CLAIM-REF --level ID --proofs a,b [--date DATE] [--channel CHANNEL] [--by NAME] [--db PATH]"
  static let discussion = """
    CLAIM-REF is the patient control number or the payer claim number. The proofs are the
    playbook's proof ids; recording them is what lets Payerbook learn which proofs win appeals.
    """
  static let options: [OptionSpec] =
    StoreAccess.options + [
      .option("--level", "ID", "The appeal level (its id in the playbook)."),
      .option("--proofs", "IDS", "Proof ids included, separated by commas."),
      .option("--date", "DATE", "The date it was sent (default: today)."),
      .option("--channel", "CHANNEL", "portal, fax, mail, phone or clearinghouse."),
      .option("--by", "NAME", "Who sent it (default: $USER)."),
      .option("--playbooks", "DIR", "The playbooks folder, to check the level and proof ids."),
    ]
  static let examples = [
    ("payerbook appeal-sent ACC1001 --level first-level-appeal --proofs lmn,op_note,conservative_care --by 'R. Alvarez'", "record an appeal")
  ]

  static func run(_ arguments: ParsedArguments, _ console: Console) -> Int32 {
    guard arguments.positionals.count == 1, let ref = arguments.positionals.first else {
      PayerbookCLI.usageError(UsageError(message: "give exactly one claim reference", help: "payerbook appeal-sent ACC1001 --level ID --proofs a,b"), console: console)
      return ExitCode.usage
    }
    guard let level = arguments["--level"], !level.isEmpty else {
      PayerbookCLI.usageError(UsageError(message: "`--level` is required", help: "give the level id from the checklist, e.g. `--level redetermination`"), console: console)
      return ExitCode.usage
    }
    let proofs = (arguments["--proofs"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    let date: CalendarDate
    if let text = arguments["--date"] {
      guard let d = CalendarDate(iso: text) else {
        PayerbookCLI.usageError(UsageError(message: "`--date` must be written YYYY-MM-DD, not `\(text)`"), console: console)
        return ExitCode.usage
      }
      date = d
    } else if case .success(let d) = Inputs.today(ParsedArguments()) {
      date = d
    } else {
      return ExitCode.usage
    }
    guard let store = StoreAccess.open(arguments, console, create: false) else { return ExitCode.usage }
    return StoreAccess.attempt(console) {
      guard let denial = try store.denial(ref: ref) else {
        console.err("payerbook: error: no stored denial for claim `\(ref)`\n  help: give the patient control number or payer claim number of an ingested denial\n")
        return ExitCode.findings
      }
      var problems: [UsageError] = []
      if denial.state == "closed" {
        problems.append(UsageError(message: "claim `\(ref)` is already decided (\(denial.outcomes.last?.result ?? "closed"))", help: "nothing to appeal; see `payerbook appeal \(ref)`"))
      }
      // Level and proof ids must be the playbook's, or the statistics would learn from typos.
      let (evaluator, _) = Inputs.evaluator(folder: PlaybookLocation.folder(arguments, console))
      if let evaluator {
        let (p, _) = evaluator.index.route(payerID: denial.denied.payerID, payerName: denial.denied.payerName, planType: denial.denied.planType)
        if let p {
          let playbook = evaluator.index.playbooks[p]
          let levels = playbook.appealLevels.map(\.id)
          if !levels.contains(level) {
            let guess = Spelling.suggestion(for: level, among: levels)
            problems.append(UsageError(message: "level `\(level)` is not an appeal level of `\(playbook.playbook.key)`", help: guess.map { "did you mean `\($0)`?" } ?? "levels: \(levels.joined(separator: ", "))"))
          }
          let known = Array(playbook.proofs.keys).sorted()
          for proof in proofs where playbook.proofs[proof] == nil {
            let guess = Spelling.suggestion(for: proof, among: known)
            problems.append(UsageError(message: "proof `\(proof)` is not defined in `\(playbook.playbook.key)`", help: guess.map { "did you mean `\($0)`?" } ?? "proofs: \(known.joined(separator: ", "))"))
          }
        }
      }
      if !problems.isEmpty {
        for problem in problems { PayerbookCLI.usageError(problem, console: console) }
        console.err("nothing was recorded\n")
        return ExitCode.findings
      }
      try store.recordAppeal(
        denialID: denial.id, levelID: level, proofs: proofs, channel: arguments["--channel"], date: date,
        by: StoreAccess.actor(arguments, console))
      console.out("recorded: \(ref) appealed at \(level) on \(date) with \(proofs.isEmpty ? "no proofs" : proofs.joined(separator: ", "))\n")
      return ExitCode.ok
    }
  }
}
