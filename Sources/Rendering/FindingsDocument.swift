import Evaluation

/// What a pre-submission report says for one case, in every human format: payer and routing,
/// then the findings grouped by severity (errors first), each with its fix, missing proofs,
/// where the rule is defined and why it applies; or "ready to submit".
enum FindingsDocument {
  /// The document of one case.
  static func build(_ r: CaseReport) -> Document {
    let (playbook, tone) = Wording.playbook(r.payer)
    var header = [Field("Payer", Wording.payer(r.payer)), Field("Playbook", [t(playbook, tone)])]
    if let plan = r.payer.planType { header.append(Field("Plan type", plan)) }
    var blocks: [Block] = [.fields(header)]
    if r.findings.isEmpty {
      blocks.append(.paragraph([[t("No findings: "), t("ready to submit", .good), t(".")]]))
    } else {
      let known = Wording.severities
      let order = known + Array(Set(r.findings.map(\.severity)).subtracting(known)).sorted()
      for severity in order {
        let group = r.findings.filter { $0.severity == severity }
        guard !group.isEmpty else { continue }
        let heading = severity == "info" ? "\(group.count) info" : Wording.count(group.count, severity)
        blocks += [.heading(heading.prefix(1).uppercased() + heading.dropFirst()), .entries(group.map(entry))]
      }
    }
    var footer = "Checked as of \(r.today)"
    if let revision = r.playbookRevision { footer += " with playbook revision \(revision)" }
    blocks.append(.paragraph([[t(footer + ".", .muted)]]))
    return Document(title: "Pre-submission check: \(r.patientControlNumber)", blocks: blocks)
  }

  static func tone(_ severity: String) -> Tone {
    switch severity {
    case "error": return .bad
    case "warning": return .warn
    default: return .strong
    }
  }

  static func entry(_ f: Finding) -> Entry {
    let tone = tone(f.severity)
    var fields: [Field] = []
    if let fix = f.fix { fields.append(Field("fix", fix)) }
    if !f.missingProofs.isEmpty { fields.append(Field("missing proofs", [code(f.missingProofs.joined(separator: ", "))])) }
    if let at = f.definedAt { fields.append(Field("defined at", [code(at)])) }
    if !f.why.isEmpty { fields.append(Field("why", f.why.map { [code($0)] })) }
    return Entry(tone: tone, head: [t("\(f.severity)[\(f.rule)]", tone), t(": " + f.message)], fields: fields)
  }
}
