import Claims
import CodeSets
import Foundation
import PlaybookModel

/// A pre-submission finding: something to fix before a case goes out.
public struct Finding: Sendable, Codable, Equatable {
  /// error, warning or info.
  public var severity: String
  /// The rule that found it: a check id, a denial reason id (its `prevent` lesson), or a
  /// built-in rule such as `builtin:modifier-format`.
  public var rule: String
  /// What is wrong and what to do.
  public var message: String
  /// The fix, when the rule gives one separately.
  public var fix: String?
  /// Proof ids missing.
  public var missingProofs: [String]
  /// `playbooks/acme.yaml:42` for playbook rules.
  public var definedAt: String?
  /// Why the rule applies (trace).
  public var why: [String]

  enum CodingKeys: String, CodingKey {
    case severity, rule, message, fix, missingProofs = "missing_proofs", definedAt = "defined_at", why
  }
}

/// The findings for one case.
public struct CaseReport: Sendable, Codable {
  /// The case's patient control number.
  public var patientControlNumber: String
  /// The payer and routing.
  public var payer: PayerRef
  /// Findings, errors first.
  public var findings: [Finding]
  /// The playbook revision used.
  public var playbookRevision: String?
  /// The date checked as.
  public var today: CalendarDate

  enum CodingKeys: String, CodingKey {
    case patientControlNumber = "patient_control_number", payer, findings, playbookRevision = "playbook_revision", today
  }

  /// True when any finding is an error.
  public var hasErrors: Bool { findings.contains { $0.severity == "error" } }
}

extension Case {
  /// The facts rules match against, before submission (no denial codes).
  public var facts: Facts {
    var f = Facts()
    f.procedures = lines.map { ProcedureFact(code: $0.procedure.code, modifiers: $0.procedure.modifiers) }
    f.diagnoses = diagnoses.map { PackedCode($0.code) }
    f.placeOfService = (placeOfService ?? lines.first?.placeOfService).map(PackedCode.init)
    f.planType = planType ?? filingIndicator.flatMap { PlanType.fromFilingIndicator($0)?.rawValue }
    f.billed = totalCharge
    f.serviceDate = lines.compactMap(\.serviceFrom).min()
    return f
  }
}

extension Evaluator {
  /// Pre-submission checks of one case: the playbook's `checks`, the `prevent` lessons of
  /// every denial reason whose match fits the case (denial codes aside; reasons keyed on
  /// denial codes alone are skipped, they would fire on every case), prior authorization
  /// missing or expired, malformed codes, and timely filing.
  public func report(for c: Case, today: CalendarDate) -> CaseReport {
    let planType = c.planType ?? c.filingIndicator.flatMap { PlanType.fromFilingIndicator($0)?.rawValue }
    let (p, routing) = index.route(payerID: c.payer.id, payerName: c.payer.name, planType: planType)
    var payer = PayerRef(name: c.payer.name, id: c.payer.id, routing: routing.description, planType: planType)
    var findings: [Finding] = []
    let facts = c.facts
    findings += formatFindings(c)

    guard let p else {
      findings.append(
        Finding(
          severity: "warning", rule: "builtin:no-playbook",
          message: "no playbook for payer \([c.payer.name, c.payer.id].compactMap { $0 }.joined(separator: ", ")); nothing learned from past denials was checked",
          fix: "add a playbook for this payer, or list its payer id under `identifiers.payer_ids` of an existing one",
          missingProofs: [], definedAt: nil, why: []))
      return CaseReport(patientControlNumber: c.patientControlNumber, payer: payer, findings: sorted(findings), playbookRevision: nil, today: today)
    }
    let playbook = index.playbooks[p]
    payer.playbook = playbook.playbook.payer?.id
    payer.playbookFile = playbook.playbook.file.path
    let onFile = proofsOnFile(c, playbook: playbook, today: today)

    for check in playbook.checks where check.enabled {
      let when = CompiledCondition(check.when, effective: check.effective)
      var why: [String] = []
      guard when.evaluate(facts, ignoringDenialCodes: true, record: true, trace: &why) == nil else { continue }
      if let unless = check.unless.map({ CompiledCondition($0) }), unless.matches(facts, ignoringDenialCodes: true) { continue }
      let missing = check.requires.filter { !onFile.contains($0) }
      if !check.requires.isEmpty && missing.isEmpty { continue }
      findings.append(
        Finding(
          severity: check.severity, rule: check.id,
          message: check.message ?? check.title ?? "check `\(check.id)` applies to this case",
          fix: missing.isEmpty ? nil : "attach: " + missing.map { playbook.proofs[$0]?.title ?? $0 }.joined(separator: "; "),
          missingProofs: missing, definedAt: "\(check.span.file.path):\(check.span.start.line)", why: why))
    }
    for reason in playbook.denialReasons where reason.enabled {
      guard let prevent = reason.prevent else { continue }
      let condition = CompiledCondition(reason.match, effective: reason.effective)
      // A lesson keyed on denial codes alone would fire on every case; it needs a condition
      // about the case (procedure, diagnosis, modifier, place of service, plan, amount).
      guard condition.hasCaseConditions else { continue }
      var why: [String] = []
      guard condition.evaluate(facts, ignoringDenialCodes: true, record: true, trace: &why) == nil else { continue }
      let missing = prevent.requires.filter { !onFile.contains($0) }
      guard !missing.isEmpty else { continue }
      findings.append(
        Finding(
          severity: prevent.severity, rule: reason.id,
          message: prevent.message ?? "past denials: \(reason.title)",
          fix: "attach: " + missing.map { playbook.proofs[$0]?.title ?? $0 }.joined(separator: "; "),
          missingProofs: missing, definedAt: "\(reason.span.file.path):\(reason.span.start.line)",
          why: ["learned from denial reason `\(reason.id)` (\(reason.title))"] + why))
    }
    findings += priorAuthFindings(c, today: today)
    if let limit = playbook.playbook.payer?.timelyFiling, let finding = timelyFiling(c, limit: limit, holidays: playbook.holidays, today: today) {
      findings.append(finding)
    }
    return CaseReport(
      patientControlNumber: c.patientControlNumber, payer: payer, findings: sorted(findings),
      playbookRevision: playbook.revision, today: today)
  }

  func sorted(_ findings: [Finding]) -> [Finding] {
    let rank = ["error": 0, "warning": 1, "info": 2]
    return findings.enumerated().sorted { a, b in
      let ra = rank[a.element.severity] ?? 3
      let rb = rank[b.element.severity] ?? 3
      return ra != rb ? ra < rb : a.offset < b.offset
    }.map(\.element)
  }

  /// Proofs on file for a case: attachments mapped through the proofs' `attachment_types`,
  /// and `prior_auth` when an authorization number is present and not expired.
  func proofsOnFile(_ c: Case, playbook: ResolvedPlaybook, today: CalendarDate) -> Set<String> {
    var ids = Set<String>()
    let types = Set(c.attachments.map { $0.reportType.uppercased() })
    for (id, proof) in playbook.proofs where proof.attachmentTypes.contains(where: types.contains) { ids.insert(id) }
    if let auth = c.priorAuthorization, !auth.number.isEmpty {
      let service = c.lines.compactMap(\.serviceFrom).min() ?? today
      if auth.expires.map({ $0 >= service }) ?? true { ids.insert("prior_auth") }
    }
    return ids
  }

  func formatFindings(_ c: Case) -> [Finding] {
    var out: [Finding] = []
    for (i, line) in c.lines.enumerated() {
      let code = line.procedure.code.uppercased()
      if line.procedure.qualifier == "HC" && !CodeShapes.isProcedure(code) {
        out.append(
          Finding(
            severity: "error", rule: "builtin:procedure-format",
            message: "line \(i + 1): procedure `\(line.procedure.code)` is not a CPT/HCPCS code",
            fix: "CPT codes are 5 digits (29881) or 4 digits and a letter (0001F); HCPCS a letter and 4 digits (J1030)",
            missingProofs: [], definedAt: nil, why: []))
      }
      for m in line.procedure.modifiers where !CodeShapes.isModifier(m.uppercased()) {
        out.append(
          Finding(
            severity: "error", rule: "builtin:modifier-format",
            message: "line \(i + 1): modifier `\(m)` on \(line.procedure.code) must be exactly two characters",
            fix: "write the modifier as two letters or digits, e.g. 59, XS, LT", missingProofs: [], definedAt: nil, why: []))
      }
    }
    for d in c.diagnoses where d.system == .icd10 && !CodeShapes.isDiagnosis(d.code) {
      out.append(
        Finding(
          severity: "error", rule: "builtin:diagnosis-format",
          message: "diagnosis `\(d.display)` is not an ICD-10-CM code",
          fix: "ICD-10-CM codes are a letter, a digit, then up to 5 letters or digits (M17.11)",
          missingProofs: [], definedAt: nil, why: []))
    }
    if c.diagnoses.isEmpty {
      out.append(
        Finding(
          severity: "error", rule: "builtin:no-diagnosis", message: "the claim has no diagnosis code",
          fix: "add the diagnoses that support the procedures (HI segment, principal first)", missingProofs: [],
          definedAt: nil, why: []))
    }
    return out
  }

  func priorAuthFindings(_ c: Case, today: CalendarDate) -> [Finding] {
    guard let auth = c.priorAuthorization, !auth.number.isEmpty else { return [] }
    var out: [Finding] = []
    let service = c.lines.compactMap(\.serviceFrom).min()
    if let expires = auth.expires, let service, service > expires {
      out.append(
        Finding(
          severity: "error", rule: "builtin:prior-auth-expired",
          message: "prior authorization \(auth.number) expired \(expires), before the date of service \(service)",
          fix: "ask the payer to extend the authorization or get a new one before submitting", missingProofs: ["prior_auth"],
          definedAt: nil, why: []))
    }
    if let approved = auth.approvedProcedures, !approved.isEmpty {
      let set = Set(approved.map { $0.uppercased() })
      for line in c.lines where !set.contains(line.procedure.code.uppercased()) {
        out.append(
          Finding(
            severity: "error", rule: "builtin:prior-auth-procedure",
            message: "procedure \(line.procedure.code) is not on prior authorization \(auth.number) (approved: \(approved.joined(separator: ", ")))",
            fix: "get the authorization updated to cover \(line.procedure.code), or correct the code", missingProofs: ["prior_auth"],
            definedAt: nil, why: []))
      }
    }
    if let units = auth.approvedUnits {
      let billed = c.lines.reduce(Decimal(0)) { $0 + $1.units }
      if billed > units {
        out.append(
          Finding(
            severity: "error", rule: "builtin:prior-auth-units",
            message: "\(billed) units billed but prior authorization \(auth.number) approves \(units)",
            fix: "bill the approved units or ask the payer to raise the authorization", missingProofs: ["prior_auth"],
            definedAt: nil, why: []))
      }
    }
    return out
  }

  func timelyFiling(_ c: Case, limit: Deadline, holidays: [CalendarDate], today: CalendarDate) -> Finding? {
    let service = c.lines.compactMap(\.serviceFrom).min()
    let dates = StartDates(service: service, submission: c.submissionDate)
    guard let due = DeadlineCalculator.due(limit, dates: dates, holidays: Set(holidays), today: c.submissionDate ?? today) else { return nil }
    if due.overdue {
      return Finding(
        severity: "error", rule: "builtin:timely-filing",
        message: "past the payer's filing limit (\(due.explanation)); the claim will be denied as late (CO-29)",
        fix: "if it was filed on time before, attach proof of timely filing (clearinghouse acceptance report)",
        missingProofs: [], definedAt: nil, why: [])
    }
    if due.daysLeft <= 14 {
      return Finding(
        severity: "warning", rule: "builtin:timely-filing",
        message: "\(due.daysLeft) day\(due.daysLeft == 1 ? "" : "s") left to file (\(due.explanation))",
        fix: "submit now", missingProofs: [], definedAt: nil, why: [])
    }
    return nil
  }
}
