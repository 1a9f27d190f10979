import Claims
import Foundation
import Rendering
import OutcomeStore
import PlaybookModel

/// `payerbook outcome`: records appeal decisions, one at a time or from a spreadsheet.
enum OutcomeCommand: Subcommand {
  static let name = "outcome"
  static let summary = "Record an appeal's outcome, or import outcomes from a CSV file"
  static let usage = "CLAIM-REF --result overturned|partial|upheld|withdrawn [--recovered AMOUNT] [--date DATE] [--note TEXT] | import FILE.csv"
  static let discussion = """
    `payerbook outcome import FILE.csv` reads a spreadsheet export with a header row and the
    columns claim_ref, result, recovered, date, note, untimely (recovered, note and untimely
    may be empty; untimely is true or false). Every row is checked first; a file with any bad
    row is rejected with the row numbers and nothing is imported.
    """
  static let options: [OptionSpec] =
    StoreAccess.options + [
      .option("--result", "RESULT", choices: OutcomeEntry.results, "The decision."),
      .option("--recovered", "AMOUNT", "Dollars recovered, e.g. 1250.00."),
      .option("--date", "DATE", "The decision date (default: today)."),
      .option("--note", "TEXT", "A note (no patient names, please)."),
      .flag("--untimely", "The payer rejected the appeal as filed late."),
      .option("--by", "NAME", "Who records it (default: $USER)."),
      .option("--playbooks", "DIR", "The playbooks folder, for the next level after an upheld appeal."),
    ]
  static let examples = [
    ("payerbook outcome ACC1001 --result overturned --recovered 2800 --date 2027-01-15", "an appeal won"),
    ("payerbook outcome import appeals-2026.csv --by 'R. Alvarez'", "import a team's spreadsheet"),
  ]

  static func run(_ arguments: ParsedArguments, _ console: Console) -> Int32 {
    if arguments.positionals.first == "import" {
      return importFile(arguments, console)
    }
    guard arguments.positionals.count == 1, let ref = arguments.positionals.first else {
      PayerbookCLI.usageError(UsageError(message: "give exactly one claim reference", help: "payerbook outcome ACC1001 --result overturned"), console: console)
      return ExitCode.usage
    }
    guard let result = arguments["--result"] else {
      PayerbookCLI.usageError(UsageError(message: "`--result` is required", help: "one of: \(OutcomeEntry.results.joined(separator: ", "))"), console: console)
      return ExitCode.usage
    }
    let parsed = parseRow(ref: ref, result: result, recovered: arguments["--recovered"], date: arguments["--date"], note: arguments["--note"], untimely: arguments.has("--untimely") ? "true" : nil)
    guard case .success(let entry) = parsed else {
      if case .failure(let message) = parsed { PayerbookCLI.usageError(UsageError(message: message), console: console) }
      return ExitCode.usage
    }
    guard let store = StoreAccess.open(arguments, console, create: false) else { return ExitCode.usage }
    return StoreAccess.attempt(console) {
      guard let denial = try store.denial(ref: ref) else {
        console.err("payerbook: error: no stored denial for claim `\(ref)`\n  help: give the patient control number or payer claim number of an ingested denial\n")
        return ExitCode.findings
      }
      let found = problems(entry, denial: denial)
      if !found.isEmpty {
        for p in found { console.err("payerbook: error: \(p)\n") }
        console.err("nothing was recorded\n")
        return ExitCode.findings
      }
      let entry = try withNextLevel(entry, store: store, arguments, console)
      try store.recordOutcome(entry, by: StoreAccess.actor(arguments, console))
      console.out("recorded: \(ref) \(entry.result), \(Dollars.format(entry.recovered)) recovered, decided \(entry.date)\n")
      if let next = entry.nextLevel {
        console.out("next: \(next)\(entry.nextDue.map { ", due \($0)" } ?? ""); the denial is back on the worklist\n")
      }
      return ExitCode.ok
    }
  }

  enum RowResult {
    case success(OutcomeEntry)
    case failure(String)
  }

  static func parseRow(ref: String, result: String, recovered: String?, date: String?, note: String?, untimely: String?) -> RowResult {
    // Every problem of the row, not just the first.
    var problems: [String] = []
    let ref = ref.trimmingCharacters(in: .whitespaces)
    if ref.isEmpty { problems.append("claim_ref is empty") }
    let result = result.trimmingCharacters(in: .whitespaces).lowercased()
    if !OutcomeEntry.results.contains(result) {
      problems.append("result `\(result)` is not one of \(OutcomeEntry.results.joined(separator: ", "))")
    }
    var amount = Decimal(0)
    if let text = recovered?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
      if let d = Money.parse(text) { amount = d } else { problems.append("recovered `\(text)` is not an amount such as 1250.00") }
    }
    var day: CalendarDate?
    if let text = date?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
      day = CalendarDate(iso: text)
      if day == nil {
        let shaped = text.count == 10 && text.split(separator: "-").count == 3
        problems.append(shaped ? "date `\(text)` is not a real calendar date" : "date `\(text)` is not written YYYY-MM-DD")
      }
    } else if case .success(let d) = Inputs.today(ParsedArguments()) {
      day = d
    }
    var late = false
    if let text = untimely?.trimmingCharacters(in: .whitespaces).lowercased(), !text.isEmpty {
      if text == "true" || text == "false" { late = text == "true" } else { problems.append("untimely `\(text)` must be true or false") }
    }
    if result == "upheld" || result == "withdrawn", amount > 0 { problems.append("an \(result) appeal cannot have recovered \(amount)") }
    guard problems.isEmpty, let day else { return .failure(problems.joined(separator: "; ")) }
    return .success(OutcomeEntry(claimRef: ref, result: result, recovered: amount, date: day, note: note.flatMap { $0.isEmpty ? nil : $0 }, untimely: late))
  }

  /// What makes an outcome impossible for a stored denial; empty when it can be recorded.
  static func problems(_ entry: OutcomeEntry, denial: StoredDenial) -> [String] {
    var out: [String] = []
    if denial.state == "closed", let last = denial.outcomes.last {
      out.append("claim `\(entry.claimRef)` already has an outcome (\(last.result) on \(last.date))")
    }
    if let sent = denial.appeals.last?.date, entry.date < sent {
      out.append("date \(entry.date) is before the appeal was sent (\(sent))")
    } else if let remit = denial.denied.remitDate, entry.date < remit {
      out.append("date \(entry.date) is before the denial (\(remit))")
    }
    if entry.recovered > denial.denied.deniedAmount {
      out.append("recovered \(entry.recovered) is more than the \(denial.denied.deniedAmount) denied")
    }
    return out
  }

  /// For an upheld appeal: the next level of the denial's playbook, due from the decision date.
  static func withNextLevel(_ entry: OutcomeEntry, store: any OutcomeStore, _ arguments: ParsedArguments, _ console: Console) throws -> OutcomeEntry {
    guard entry.result == "upheld", let denial = try store.denial(ref: entry.claimRef), let appealed = denial.appeals.last else { return entry }
    let (evaluator, _) = Inputs.evaluator(folder: PlaybookLocation.folder(arguments, console))
    guard let evaluator else { return entry }
    var denied = denial.denied
    denied.previousDecisionDate = entry.date
    guard let next = AppealCommand.nextLevel(after: appealed.levelID, denied: denied, evaluator: evaluator) else { return entry }
    let checklist = evaluator.checklist(for: denied, today: entry.date, startAt: next)
    var out = entry
    out.nextLevel = next
    out.nextDue = checklist.level?.due?.date
    return out
  }

  static let columns = ["claim_ref", "result", "recovered", "date", "note", "untimely"]

  static func importFile(_ arguments: ParsedArguments, _ console: Console) -> Int32 {
    guard arguments.positionals.count == 2 else {
      PayerbookCLI.usageError(UsageError(message: "give one CSV file", help: "payerbook outcome import FILE.csv"), console: console)
      return ExitCode.usage
    }
    let path = arguments.positionals[1]
    guard let data = FileManager.default.contents(atPath: path) else {
      console.err("payerbook: error: cannot read `\(path)`\n")
      return ExitCode.usage
    }
    let (rows, unterminated) = CSV.parse(String(decoding: data, as: UTF8.self))
    if let row = unterminated {
      console.err("\(path): row \(row): error: a quoted field is never closed\n  help: close the quote; nothing was imported\n")
      return ExitCode.findings
    }
    guard let header = rows.first?.map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) else {
      console.err("\(path): error: the file is empty\n  help: the first row names the columns: \(columns.joined(separator: ","))\n")
      return ExitCode.findings
    }
    let unknown = header.filter { !columns.contains($0) && !$0.isEmpty }
    let missing = ["claim_ref", "result"].filter { !header.contains($0) }
    if !unknown.isEmpty || !missing.isEmpty {
      var message = "\(path):1: error: "
      message += !missing.isEmpty ? "missing column \(missing.joined(separator: ", "))" : "unknown column \(unknown.joined(separator: ", "))"
      console.err(message + "\n  help: the columns are \(columns.joined(separator: ", ")) (claim_ref and result required)\n")
      return ExitCode.findings
    }
    func field(_ row: [String], _ name: String) -> String? {
      guard let i = header.firstIndex(of: name), i < row.count else { return nil }
      return row[i]
    }
    guard let store = StoreAccess.open(arguments, console, create: false) else { return ExitCode.usage }
    return StoreAccess.attempt(console) {
      var entries: [OutcomeEntry] = []
      var errors: [String] = []
      var seen: [String: Int] = [:]
      for (n, row) in rows.enumerated().dropFirst() {
        if row.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
        let line = n + 1
        if row.count != header.count {
          errors.append("\(path): row \(line): error: \(row.count) fields, but the header names \(header.count) (a comma inside a value must be quoted)")
          continue
        }
        let ref = field(row, "claim_ref")?.trimmingCharacters(in: .whitespaces) ?? ""
        if let first = seen[ref], !ref.isEmpty {
          errors.append("\(path): row \(line): error: claim `\(ref)` is already on row \(first)")
          continue
        }
        seen[ref] = line
        switch parseRow(
          ref: field(row, "claim_ref") ?? "", result: field(row, "result") ?? "", recovered: field(row, "recovered"),
          date: field(row, "date"), note: field(row, "note"), untimely: field(row, "untimely"))
        {
        case .failure(let message): errors.append("\(path): row \(line): error: \(message)")
        case .success(let entry):
          if let denial = try store.denial(ref: entry.claimRef) {
            let found = problems(entry, denial: denial)
            if found.isEmpty {
              entries.append(try withNextLevel(entry, store: store, arguments, console))
            } else {
              errors += found.map { "\(path): row \(line): error: \($0)" }
            }
          } else {
            errors.append("\(path): row \(line): error: no stored denial for claim `\(entry.claimRef)`")
          }
        }
      }
      if !errors.isEmpty {
        for e in errors { console.err(e + "\n") }
        console.err("payerbook: error: \(errors.count) bad row\(errors.count == 1 ? "" : "s"); nothing was imported\n  help: fix the rows above and import the file again\n")
        return ExitCode.findings
      }
      let count = try store.importOutcomes(entries, by: StoreAccess.actor(arguments, console), file: path)
      console.out("imported \(count) outcome\(count == 1 ? "" : "s") from \(path)\n")
      return ExitCode.ok
    }
  }
}

/// A small RFC 4180 CSV reader: quoted fields, doubled quotes, CRLF or LF.
enum CSV {
  /// The rows, and the row number where a quoted field is left open (nil when none is).
  static func parse(_ text: String) -> (rows: [[String]], unterminatedRow: Int?) {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var chars = Array(text.unicodeScalars)
    if chars.first == "\u{FEFF}" { chars.removeFirst() }
    var i = 0
    while i < chars.count {
      let c = chars[i]
      if quoted {
        if c == "\"" {
          if i + 1 < chars.count, chars[i + 1] == "\"" {
            field.unicodeScalars.append("\"")
            i += 1
          } else {
            quoted = false
          }
        } else {
          field.unicodeScalars.append(c)
        }
      } else if c == "\"" {
        quoted = true
      } else if c == "," {
        row.append(field)
        field = ""
      } else if c == "\n" || c == "\r" {
        if c == "\r", i + 1 < chars.count, chars[i + 1] == "\n" { i += 1 }
        row.append(field)
        rows.append(row)
        row = []
        field = ""
      } else {
        field.unicodeScalars.append(c)
      }
      i += 1
    }
    let open = quoted ? rows.count + 1 : nil
    if !field.isEmpty || !row.isEmpty {
      row.append(field)
      rows.append(row)
    }
    return (rows, open)
  }
}
