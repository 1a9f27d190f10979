import Claims
import CodeSets
import Diagnostics
import Foundation
import X12Reading

/// `payerbook claim`: reads 837P claims (or case JSON files) and shows each case.
enum ClaimCommand: Subcommand {
  static let name = "claim"
  static let summary = "Read 837P claim files (or case JSON) and show each claim as a case"
  static let usage = "FILE... [--format text|json] [--show-patient]"
  static let discussion = """
    Reads X12 837P professional claims and prints each claim: payer, plan type, place of service,
    frequency, total, NPIs, diagnoses (with their dots), service lines, prior authorization,
    original claim reference, attachments and notes. Files ending in .json are read as cases
    (docs/case-format.md). --format json prints the cases in the case JSON format. Patient names
    and member ids are masked unless --show-patient is given.
    """
  static let options: [OptionSpec] = [
    .option(
      "--format", "FORMAT", choices: ["text", "json"],
      "Output for people (text) or machines (json)."),
    .flag("--show-patient", "Show patient names and member ids (masked by default)."),
  ]
  static let examples = [
    ("payerbook claim claims/knee-scope.837", "summary of each claim"),
    (
      "payerbook claim --format json claims/knee-scope.837 > case.json",
      "convert to the case JSON format"
    ),
  ]

  static func run(_ arguments: ParsedArguments, _ console: Console) -> Int32 {
    guard !arguments.positionals.isEmpty else {
      console.err(
        "error: give at least one 837P or case JSON file\n  usage: payerbook claim \(usage)\n")
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
      var cases: [Case]
      var diagnostics: [Diagnostic]
      if path.lowercased().hasSuffix(".json") {
        (cases, diagnostics) = CaseFile.read(path: path)
      } else {
        do {
          let result = try ClaimReader.read(path: path)
          (cases, diagnostics) = (result.cases, result.diagnostics)
          if result.transactions == 0 {
            diagnostics.append(
              Inputs.noTransaction("837", in: path))
          }
        } catch {
          let d = Diagnostic(
            .cannotRead, "cannot read `\(path)`", at: nil,
            help: "check the path and its permissions", path: path)
          console.err(DiagnosticRenderer.human(d, color: console.colorErr))
          unreadable += 1
          continue
        }
      }
      errors += diagnostics.filter { $0.severity == .error }.count
      warnings += diagnostics.filter { $0.severity == .warning }.count
      if !showPatient { cases = cases.map(\.masked) }
      if json {
        let data = (try? CaseFile.encode(cases.count == 1 ? cases : cases)) ?? Data()
        let object =
          (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) ?? NSNull()
        files.append([
          "file": path, "cases": (object as? [String: Any])?["cases"] ?? [object],
          "diagnostics": diagnostics.map(DiagnosticRenderer.jsonObject),
        ])
      } else {
        console.out(
          text(path: path, cases, showPatient: showPatient, color: console.colorOut)
            .visibleControls(keepingColors: console.colorOut))
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

  static func text(path: String, _ cases: [Case], showPatient: Bool, color: Bool) -> String {
    let bold = color ? "\u{1B}[1m" : ""
    let reset = color ? "\u{1B}[0m" : ""
    var out = "\(bold)\(path)\(reset): \(cases.count) claim\(cases.count == 1 ? "" : "s")\n"
    for c in cases {
      let payer = [c.payer.name, c.payer.id.map { "id \($0)" }].compactMap { $0 }.joined(
        separator: ", ")
      out += "  claim \(c.patientControlNumber) to \(payer.isEmpty ? "?" : payer)"
      if let plan = c.planType { out += ", \(PlanType(word: plan)?.title ?? plan)" }
      if let f = c.filingIndicator { out += " (\(f))" }
      out += ", total \(RemitCommand.money(c.totalCharge))\n"
      var facts: [String] = []
      if let pos = c.placeOfService {
        facts.append("place of service \(pos)\(PlaceOfService.name(pos).map { " (\($0))" } ?? "")")
      }
      if let f = c.frequencyCode {
        facts.append("frequency \(f)\(ClaimFrequency.wording(f).map { " (\($0))" } ?? "")")
      }
      if let d = c.submissionDate { facts.append("created \(d)") }
      if !facts.isEmpty { out += "    " + facts.joined(separator: ", ") + "\n" }
      var npis: [String] = []
      if let b = c.billingNPI { npis.append("billing NPI \(b)") }
      if let r = c.renderingNPI { npis.append("rendering NPI \(r)") }
      if !npis.isEmpty { out += "    " + npis.joined(separator: ", ") + "\n" }
      if let p = c.patient {
        out +=
          showPatient
          ? "    patient \([p.lastName, p.firstName].compactMap { $0 }.joined(separator: ", "))\(p.memberID.map { ", member id \($0)" } ?? "")\n"
          : "    patient ***\n"
      }
      if !c.diagnoses.isEmpty {
        out += "    diagnoses \(c.diagnoses.map(\.display).joined(separator: ", "))\n"
      }
      for (i, l) in c.lines.enumerated() {
        var line = "    line \(i + 1)  \(l.procedure)  \(RemitCommand.money(l.charge)) × \(l.units)"
        if let from = l.serviceFrom {
          line += "  \(from)\(l.serviceTo.map { $0 != from ? "…\($0)" : "" } ?? "")"
        }
        if let pos = l.placeOfService { line += "  POS \(pos)" }
        if let n = l.lineControlNumber { line += "  ref \(n)" }
        if !l.diagnosisPointers.isEmpty {
          line += "  dx \(l.diagnosisPointers.map(String.init).joined(separator: ","))"
        }
        out += line + "\n"
      }
      if let auth = c.priorAuthorization { out += "    prior authorization \(auth.number)\n" }
      if let original = c.originalClaimReference { out += "    replaces payer claim \(original)\n" }
      for a in c.attachments {
        out +=
          "    attachment \(a.reportType) sent \(a.transmissionCode)\(a.controlNumber.map { ", control \($0)" } ?? "")\n"
      }
      for n in c.notes { out += "    note: \(n)\n" }
    }
    return out
  }
}
