import Claims
import CodeSets
import Diagnostics
import Foundation
import X12Reading

/// `payerbook remit`: reads 835 remittances and shows each with its denials highlighted.
enum RemitCommand: Subcommand {
  static let name = "remit"
  static let summary = "Read 835 remittance files and list their claims, with denials highlighted"
  static let usage = "FILE... [--format text|json] [--show-patient] [--denials-only]"
  static let discussion = """
    Reads X12 835 remittance files of any size (streamed, never loaded whole) and prints, per
    transaction, the payer, payee, payment and each claim with its status, billed and paid
    amounts. Denied and partially denied claims are marked, with their adjustment reasons and
    remark codes (see docs/denial-rule.md). Problems in the file (envelope counts, cut-off files,
    unbalanced claims) are reported with the segment number. Patient names and member ids are
    masked unless --show-patient is given. --format json prints the full normalized model.
    """
  static let options: [OptionSpec] = [
    .option(
      "--format", "FORMAT", choices: ["text", "json"],
      "Output for people (text) or machines (json)."),
    .flag("--show-patient", "Show patient names and member ids (masked by default)."),
    .flag("--denials-only", "List only denied and partially denied claims."),
  ]
  static let examples = [
    ("payerbook remit era/2026-11-01.835", "summary with denials highlighted"),
    ("payerbook remit --denials-only era/*.835", "only the denials of several files"),
    (
      "payerbook remit --format json era/2026-11-01.835 | jq '.files[0].remittances[0].claims'",
      "the full model"
    ),
  ]

  static func run(_ arguments: ParsedArguments, _ console: Console) -> Int32 {
    guard !arguments.positionals.isEmpty else {
      console.err("error: give at least one 835 file\n  usage: payerbook remit \(usage)\n")
      return ExitCode.usage
    }
    let showPatient = arguments.has("--show-patient")
    let json = arguments["--format"] == "json"
    var files: [[String: Any]] = []
    var errors = 0
    var warnings = 0
    var unreadable = 0
    for given in arguments.positionals {
      // `-` is standard input (read in one pass).
      let path = Inputs.resolved(given)
      let result: RemittanceReader.Result
      do {
        result = try RemittanceReader.read(path: path)
      } catch {
        let d = Diagnostic(
          .cannotRead, "cannot read `\(path)`", at: nil, help: "check the path and its permissions",
          path: path)
        console.err(DiagnosticRenderer.human(d, color: console.colorErr))
        unreadable += 1
        continue
      }
      var diagnostics = result.diagnostics
      if result.remittances.isEmpty {
        diagnostics.append(
          Inputs.noTransaction("835", in: path))
      }
      errors += diagnostics.filter { $0.severity == .error }.count
      warnings += diagnostics.filter { $0.severity == .warning }.count
      let remittances = showPatient ? result.remittances : result.remittances.map(\.masked)
      if json {
        files.append([
          "file": path, "remittances": jsonValue(remittances),
          "diagnostics": diagnostics.map(DiagnosticRenderer.jsonObject),
        ])
      } else {
        console.out(
          text(
            path: path, remittances, counts: result.counts, showPatient: showPatient,
            denialsOnly: arguments.has("--denials-only"), color: console.colorOut
          ).visibleControls(keepingColors: console.colorOut))
        for d in diagnostics { console.out(DiagnosticRenderer.human(d, color: console.colorOut)) }
        console.out("\n")
      }
    }
    if json {
      let object: [String: Any] = ["files": files, "errors": errors, "warnings": warnings]
      let data =
        (try? JSONSerialization.data(
          withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]))
        ?? Data()
      console.out(String(decoding: data, as: UTF8.self) + "\n")
    } else {
      console.out(DiagnosticRenderer.summary(errors: errors, warnings: warnings) + "\n")
    }
    if unreadable > 0 { return ExitCode.usage }
    return errors > 0 ? ExitCode.findings : ExitCode.ok
  }

  /// Encodes a model with snake_case keys into a JSON-compatible value.
  static func jsonValue<T: Encodable>(_ value: T) -> Any {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    guard let data = try? encoder.encode(value),
      let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    else { return NSNull() }
    return object
  }

  static func money(_ d: Decimal) -> String {
    var value = d
    var rounded = Decimal()
    NSDecimalRound(&rounded, &value, 2, .plain)
    let text = "\(rounded)"
    guard let dot = text.firstIndex(of: ".") else { return text + ".00" }
    let decimals = text.distance(from: dot, to: text.endIndex) - 1
    return decimals >= 2 ? text : text + String(repeating: "0", count: 2 - decimals)
  }

  static func text(
    path: String, _ remittances: [Remittance], counts: X12Reader.Counts, showPatient: Bool,
    denialsOnly: Bool,
    color: Bool
  ) -> String {
    let red = color ? "\u{1B}[1;31m" : ""
    let yellow = color ? "\u{1B}[1;33m" : ""
    let bold = color ? "\u{1B}[1m" : ""
    let reset = color ? "\u{1B}[0m" : ""
    let claims = remittances.flatMap(\.claims)
    let denied = claims.filter { $0.denial?.kind == .denied && $0.reversedLater != true }.count
    let partial = claims.filter { $0.denial?.kind == .partial && $0.reversedLater != true }.count
    var out =
      "\(bold)\(path)\(reset): \(remittances.count) remittance\(remittances.count == 1 ? "" : "s"), "
      + "\(claims.count) claim\(claims.count == 1 ? "" : "s"), \(denied) denied, \(partial) partially denied\n"
    for r in remittances {
      let payer = [r.payer.name, r.payer.id.map { "id \($0)" }].compactMap { $0 }.joined(
        separator: ", ")
      let payee = [r.payee.name, r.payee.id.map { "\(r.payee.idQualifier ?? "id") \($0)" }]
        .compactMap { $0 }.joined(separator: ", ")
      out += "  payer \(payer.isEmpty ? "?" : payer) → payee \(payee.isEmpty ? "?" : payee)\n"
      var payment = "  payment \(money(r.payment.amount))"
      if let method = r.payment.method { payment += " \(method)" }
      if let date = r.payment.effectiveDate { payment += " on \(date)" }
      if let trace = r.trace { payment += ", trace \(trace.number)" }
      out += payment + "\n"
      for claim in r.claims {
        let isDenial = claim.denial != nil && claim.reversedLater != true
        if denialsOnly && !isDenial { continue }
        let status = ClaimStatus.wording(claim.status) ?? "status \(claim.status)"
        var line =
          "    claim \(claim.patientControlNumber)  \(status)  billed \(money(claim.billed))  paid \(money(claim.paid))"
        if let patient = claim.patient {
          line +=
            showPatient
            ? "  patient \([patient.last, patient.first].compactMap { $0 }.joined(separator: ", "))\(patient.id.map { " (\($0))" } ?? "")"
            : "  patient ***"
        }
        if claim.reversedLater == true { line += "  (reversed later in this file)" }
        if let denial = claim.denial, claim.reversedLater != true {
          let mark =
            denial.kind == .denied ? "\(red)DENIED\(reset)" : "\(yellow)PARTIALLY DENIED\(reset)"
          out += "  \(mark) " + line.dropFirst(4) + "\n"
          out += reasons(denial)
        } else {
          out += line + "\n"
        }
        for l in claim.lines where l.denial != nil && claim.reversedLater != true {
          out +=
            "      line \(l.procedure)  billed \(money(l.billed))  paid \(money(l.paid))  \(red)denied\(reset)"
          if let reasons = l.denial?.reasons, !reasons.isEmpty {
            out += ": " + reasons.map { "\($0.key) \(money($0.amount))" }.joined(separator: ", ")
          }
          if let remarks = l.denial?.remarks, !remarks.isEmpty {
            out += " [\(remarks.joined(separator: ", "))]"
          }
          out += "\n"
        }
      }
      for plb in r.providerAdjustments {
        out +=
          "    provider adjustment \(plb.reason)\(plb.reference.map { " \($0)" } ?? "") \(money(plb.amount))\n"
      }
    }
    return out
  }

  static func reasons(_ denial: Denial) -> String {
    var out = ""
    for a in denial.reasons {
      out += "        \(a.key) \(money(a.amount))"
      if let wording = CARC.wording(a.reason) { out += "  \(wording)" }
      out += "\n"
    }
    for r in denial.remarks {
      out += "        remark \(r)"
      if let wording = RARC.wording(r) { out += "  \(wording)" }
      out += "\n"
    }
    return out
  }
}
