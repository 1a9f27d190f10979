import CodeSets
import Evaluation
import Foundation

/// What a checklist says, in order, for every human format: header, service lines, why this
/// reason, the gap, proofs, steps, where and by when to file, other reasons, near misses.
enum ChecklistDocument {
  /// The document of one checklist.
  static func build(_ c: Checklist) -> Document {
    var blocks: [Block] = [.fields(header(c))]
    if !c.lines.isEmpty { blocks += [.heading("Service lines"), lines(c.lines)] }
    if let u = c.unplaybooked { blocks.append(unplaybooked(u, c)) }
    if let reason = c.reason {
      blocks += [.heading("Why this reason"), .fields(why(reason))]
      if let gap = reason.gap { blocks += [.heading("What the payer found missing"), .paragraph([[t(gap)]])] }
    }
    switch c.action {
    case "correct_and_resubmit": blocks += corrected(c)
    case "write_off":
      blocks.append(
        .callout(.warn, title: "Write off: do not appeal", blocks: [
          .paragraph([[t("Why: "), t(c.actionReason ?? "the playbook marks this denial as not worth appealing.")]])
        ]))
    default: break
    }
    if !c.proofs.isEmpty { blocks += [.heading("Proofs to gather"), .checks(c.proofs.map(proof))] }
    if !c.steps.isEmpty { blocks += [.heading("Steps"), .numbered(c.steps.map { [t($0)] })] }
    if let level = c.level {
      blocks += [.heading("File by"), .fields(fileBy(level, denied: c.claim.denied))]
    } else if c.action == "appeal" {
      blocks += [
        .heading("File by"),
        .paragraph([[t("No appeal level is known (no playbook for this payer): look up the payer's appeal deadline today.", .bad)]]),
      ]
    }
    if !c.otherReasons.isEmpty {
      blocks += [
        .heading("Other matching reasons"),
        .bullets(c.otherReasons.map { [t($0.title + " ("), code($0.id), t("), "), code($0.definedAt)] }),
      ]
    }
    if let misses = c.nearMisses {
      blocks.append(.heading("Near misses"))
      blocks.append(
        misses.isEmpty
          ? .paragraph([[t("none: no other reason came close", .muted)]])
          : .bullets(misses.map { [code($0.id), t(" failed on "), code($0.failed)] }))
    }
    var footer = "Computed for \(c.today)"
    if let revision = c.playbookRevision { footer += " with playbook revision \(revision)" }
    blocks.append(.paragraph([[t(footer + ".", .muted)]]))
    return Document(title: title(c), blocks: blocks)
  }

  static func title(_ c: Checklist) -> String {
    switch c.action {
    case "correct_and_resubmit": return "Corrected claim checklist: \(c.claim.patientControlNumber)"
    case "write_off": return "Write-off: \(c.claim.patientControlNumber)"
    default:
      return c.unplaybooked == nil
        ? "Appeal checklist: \(c.claim.patientControlNumber)"
        : "Appeal checklist (unplaybooked denial): \(c.claim.patientControlNumber)"
    }
  }

  static func header(_ c: Checklist) -> [Field] {
    let claim = c.claim
    let (playbook, tone) = Wording.playbook(c.payer)
    var fields = [Field("Payer", Wording.payer(c.payer)), Field("Playbook", [t(playbook, tone)])]
    if let plan = c.payer.planType { fields.append(Field("Plan type", plan)) }
    fields.append(Field("Patient control number", [code(claim.patientControlNumber)]))
    fields.append(
      Field("Payer claim number", claim.payerClaimNumber.map { [code($0)] } ?? [t("not on the remittance", .muted)]))
    if let dates = Wording.datesOfService(claim) { fields.append(Field("Dates of service", dates)) }
    if let remit = claim.remitDate { fields.append(Field("Remittance date", "\(remit)")) }
    fields.append(Field("Billed", Dollars.format(claim.billed)))
    fields.append(Field("Paid", Dollars.format(claim.paid)))
    var denied: Inline = [t(Dollars.format(claim.denied), .strong)]
    if claim.partial {
      let n = c.lines.filter(\.denied).count
      denied.append(t(" (partial denial: \(n) of \(Wording.count(c.lines.count, "line")) denied)"))
    }
    fields.append(Field("Denied", denied))
    if !c.adjustments.isEmpty {
      let width = c.adjustments.map(\.code.count).max() ?? 0
      fields.append(
        Field(
          "Adjustments",
          c.adjustments.map { a in
            var l: Inline = [code(a.code), t(String(repeating: " ", count: width - a.code.count + 2))]
            if let amount = a.amount { l.append(t(Dollars.format(amount) + "  ")) }
            l.append(t(Wording.wording(a)))
            return l
          }))
    }
    if !c.remarks.isEmpty {
      let width = c.remarks.map(\.code.count).max() ?? 0
      fields.append(
        Field(
          "Remark codes",
          c.remarks.map { [code($0.code), t(String(repeating: " ", count: width - $0.code.count + 2) + Wording.wording($0))] }))
    }
    if claim.linkedToClaim {
      let dx = claim.diagnoses ?? []
      fields.append(Field("Diagnoses", dx.isEmpty ? [t("none on the original claim", .warn)] : [code(dx.joined(separator: ", "))]))
      if let pos = claim.placeOfService {
        fields.append(Field("Place of service", [code(pos)] + (PlaceOfService.name(pos).map { [t(" " + $0)] } ?? [])))
      }
    } else {
      fields.append(
        Field("Original claim", [
          [t("not given", .warn), t(claim.placeOfService == nil ? ": diagnoses, place of service and attachments are unknown" : ": diagnoses and attachments are unknown")],
          [t("(give the 837P or case file with --claims to link it)", .muted)],
        ]))
      if let pos = claim.placeOfService {
        fields.append(Field("Place of service", [code(pos)] + (PlaceOfService.name(pos).map { [t(" " + $0)] } ?? []) + [t(" (from the remittance)", .muted)]))
      }
    }
    return fields
  }

  static func lines(_ lines: [LineRef]) -> Block {
    let rows: [[Inline]] = lines.map { l in
      var procedure: Inline = [code(l.procedure)]
      if let submitted = l.submittedProcedure { procedure += [t(" (billed as "), code(submitted), t(")")] }
      let codes = l.adjustments + l.remarks
      return [
        [l.denied ? t("DENIED", .bad) : t("paid")], procedure, [t(l.serviceFrom.map { "\($0)" } ?? "")],
        [t(Dollars.format(l.billed))], [t(Dollars.format(l.paid))], codes.isEmpty ? [] : [code(codes.joined(separator: ", "))],
      ]
    }
    return .table(
      header: ["Status", "Procedure", "Date", "Billed", "Paid", "Codes"], rows: rows,
      marks: lines.map { $0.denied ? .bad : .plain })
  }

  static func unplaybooked(_ u: Unplaybooked, _ checklist: Checklist) -> Block {
    var fields = [Field("Payer", u.payer.isEmpty ? Wording.payer(checklist.payer) : u.payer)]
    fields.append(Field("Adjustments", u.adjustments.isEmpty ? [t("none")] : [code(u.adjustments.joined(separator: ", "))]))
    fields.append(Field("Remark codes", u.remarks.isEmpty ? [t("none")] : [code(u.remarks.joined(separator: ", "))]))
    fields.append(Field("Procedures", u.procedures.isEmpty ? [t("none")] : [code(u.procedures.joined(separator: ", "))]))
    let whereTo = checklist.payer.playbookFile.map { "add a denial reason for these codes to \($0)" } ?? "add a playbook for this payer"
    return .callout(
      .bad, title: "No playbook reason matches this denial",
      blocks: [
        .fields(fields),
        .paragraph([[t("Record it so the playbook can learn it: " + whereTo + ".")]]),
      ])
  }

  static func why(_ r: MatchedReason) -> [Field] {
    [
      Field("Reason", [t(r.title + " ("), code(r.id), t(")")]),
      Field("Matched", r.why.isEmpty ? [[t("(no trace)", .muted)]] : r.why.map { [code($0)] }),
      Field("Defined at", [code(r.definedAt)]),
    ]
  }

  static func corrected(_ c: Checklist) -> [Block] {
    var blocks: [Block] = [.heading("Correct and resubmit (not an appeal)")]
    if let why = c.actionReason { blocks.append(.paragraph([[t("Why: " + why)]])) }
    let frequency = c.correctedClaim?.frequencyCode ?? "7"
    let original = c.correctedClaim?.originalReference ?? c.claim.payerClaimNumber
    let fixes = c.correctedClaim?.fix ?? []
    var checks: [Check] = []
    let wording = ClaimFrequency.wording(frequency).map { " (\($0.lowercased()))" } ?? ""
    checks.append(Check(checked: false, label: [t("Claim frequency code (CLM05-3): "), code(frequency), t(wording)], detail: nil))
    if let ref = original {
      checks.append(Check(checked: false, label: [t("Original reference (REF*F8): "), code(ref), t(", the payer claim number")], detail: nil))
    } else {
      checks.append(
        Check(
          checked: false, label: [t("Original reference (REF*F8): "), t("the payer claim number is not on the remittance; get it from the payer", .bad)],
          detail: nil))
    }
    for fix in fixes { checks.append(Check(checked: false, label: [t("Fix: " + fix)], detail: nil)) }
    var resubmit: Inline = [t("Resubmit the corrected claim")]
    if let due = c.correctedClaim?.due {
      resubmit.append(t(due.overdue ? " (past the filing limit: \(due.explanation))" : " by \(due.date), the payer's filing limit (\(due.explanation))", due.overdue ? .bad : .plain))
    }
    checks.append(Check(checked: false, label: resubmit, detail: nil))
    blocks.append(.checks(checks))
    return blocks
  }

  static func proof(_ p: ProofItem) -> Check {
    var label: Inline = [t(p.title)]
    if p.onFile { label.append(t(" (on file)", .good)) }
    return Check(checked: p.onFile, label: label, detail: p.description)
  }

  static func fileBy(_ level: LevelRef, denied: Decimal) -> [Field] {
    var fields = [Field("Level", [t(level.title + " ("), code(level.id), t(")")])]
    if let channel = level.channel { fields.append(Field("Channel", channel)) }
    if let destination = level.destination { fields.append(Field("Where", destination)) }
    if let due = level.due {
      let (left, tone) = Wording.daysLeft(due)
      fields.append(Field("Due", [[t("\(due.date)", tone), t(", "), t(left, tone)], [t(due.explanation, .muted)]]))
    } else {
      fields.append(Field("Due", [t("unknown: " + (level.dueUnknown ?? "the level has no deadline"), .warn)]))
    }
    if let minimum = level.minimumAmount {
      let amount = Dollars.format(minimum)
      switch level.meetsMinimum {
      case true?: fields.append(Field("Minimum amount", [t(amount + ", "), t("met", .good), t(" (" + Dollars.format(denied) + " denied)")]))
      case false?:
        fields.append(Field("Minimum amount", [t(amount + ", "), t("NOT met", .bad), t(": only " + Dollars.format(denied) + " denied")]))
      case nil: fields.append(Field("Minimum amount", amount))
      }
    }
    if let citation = level.citation { fields.append(Field("Rule", citation)) }
    return fields
  }
}
