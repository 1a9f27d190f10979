import Claims
import CodeSets
import Foundation
import PlaybookModel

/// Evaluates denials and cases against compiled playbooks. Pure: no I/O, no clock (the caller
/// passes `today`).
public struct Evaluator: Sendable {
  /// The compiled playbooks.
  public let index: RuleIndex

  /// Compiles playbooks for evaluation.
  public init(playbooks: [ResolvedPlaybook]) {
    index = RuleIndex(playbooks)
  }

  /// The appeal checklist for one denied claim. `startAt` overrides the level to file at (the
  /// next level, after an appeal was upheld).
  public func checklist(
    for denied: DeniedClaim, today: CalendarDate, explain: Bool = false, startAt: String? = nil
  ) -> Checklist {
    let (p, routing) = index.route(
      payerID: denied.payerID, payerName: denied.payerName, planType: denied.planType)
    let playbook = p.map { index.playbooks[$0] }
    let facts = denied.facts
    let matches = p.map { index.matches(facts, playbook: $0) } ?? []

    var payer = PayerRef(
      name: denied.payerName, id: denied.payerID, routing: routing.description,
      planType: denied.planType)
    payer.playbook = playbook?.playbook.payer?.id
    payer.playbookFile = playbook?.playbook.file.path

    let claim = ClaimRef(
      patientControlNumber: denied.patientControlNumber, payerClaimNumber: denied.payerClaimNumber,
      serviceFrom: denied.serviceFrom, serviceTo: denied.serviceTo, billed: denied.billed,
      paid: denied.paid,
      denied: denied.deniedAmount, partial: denied.partial, linkedToClaim: denied.linkedToClaim,
      diagnoses: denied.diagnoses?.map(\.display), placeOfService: denied.placeOfService,
      remitDate: denied.remitDate)

    let adjustments = denied.adjustments.map {
      CodeWithWording(code: $0.key, wording: CARC.wording($0.reason), amount: $0.amount)
    }
    let remarks = denied.remarks.map {
      CodeWithWording(code: $0, wording: RARC.wording($0), amount: nil)
    }
    let lines = denied.lines.map { l in
      LineRef(
        procedure: l.procedure.description, submittedProcedure: l.submittedProcedure?.description,
        billed: l.billed,
        paid: l.paid, denied: l.denied, adjustments: l.adjustments.map(\.key), remarks: l.remarks,
        serviceFrom: l.serviceFrom)
    }

    let reasons = matches.map { m in
      MatchedReason(
        id: m.reason.id, title: m.reason.title, why: m.trace, gap: m.reason.gap,
        definedAt: "\(m.reason.span.file.path):\(m.reason.span.start.line)")
    }
    let best = matches.first?.reason
    var checklist = Checklist(
      payer: payer, claim: claim, adjustments: adjustments, remarks: remarks, lines: lines,
      reason: reasons.first,
      otherReasons: Array(reasons.dropFirst()), unplaybooked: nil,
      action: best?.action.kind.rawValue ?? "appeal",
      actionReason: best?.action.reason, proofs: [], steps: best?.steps ?? [], level: nil,
      correctedClaim: nil,
      nearMisses: nil, playbookRevision: playbook?.revision, today: today)

    if best == nil {
      let denied = denied.lines.filter(\.denied)
      // Each code once (two lines denied CO-24 are one code to add to the playbook), in order.
      func once(_ codes: [String]) -> [String] {
        var seen: Set<String> = []
        return codes.filter { seen.insert($0).inserted }
      }
      checklist.unplaybooked = Unplaybooked(
        payer: [payer.name, payer.id.map { "id \($0)" }].compactMap { $0 }.joined(separator: ", "),
        adjustments: once(adjustments.map(\.code)), remarks: once(remarks.map(\.code)),
        procedures: once(
          denied.isEmpty ? lines.map(\.procedure) : denied.map { $0.procedure.description }))
    }
    if let playbook {
      let onFile = proofsOnFile(denied, playbook: playbook)
      checklist.proofs = (best?.requires ?? []).map { id in
        let proof = playbook.proofs[id]
        return ProofItem(
          id: id, title: proof?.title ?? id, description: proof?.description,
          onFile: onFile.contains(id))
      }
      let kind = best?.action.kind ?? .appeal
      if kind == .appeal {
        let levelID = startAt ?? best?.startAt?.id
        if let level = playbook.appealLevels.first(where: { $0.id == levelID })
          ?? playbook.appealLevels.first
        {
          checklist.level = levelRef(level, denied: denied, playbook: playbook, today: today)
        }
      }
      if kind == .correctAndResubmit {
        // A corrected claim is still bound by the payer's filing limit from the date of service.
        let limit = playbook.playbook.payer?.timelyFiling.flatMap {
          DeadlineCalculator.due(
            $0, dates: StartDates(service: denied.serviceFrom, submission: denied.submissionDate),
            holidays: Set(playbook.holidays), today: today)
        }
        checklist.correctedClaim = CorrectedClaim(
          frequencyCode: "7", originalReference: denied.payerClaimNumber,
          fix: best?.action.fix ?? [], due: limit)
      }
      if explain, let p {
        let missed = index.nearMisses(facts, playbook: p)
        checklist.nearMisses = missed.map { NearMissRef(id: $0.reasonID, failed: $0.failed) }
      }
    }
    return checklist
  }

  /// Proof ids on file: listed explicitly, attachments whose PWK type a proof names, and
  /// `prior_auth` when the claim carries an authorization number.
  func proofsOnFile(_ denied: DeniedClaim, playbook: ResolvedPlaybook) -> Set<String> {
    var ids = Set(denied.proofsOnFile)
    let types = Set(denied.attachments.map { $0.reportType.uppercased() })
    for (id, proof) in playbook.proofs where !proof.attachmentTypes.isEmpty {
      if proof.attachmentTypes.contains(where: types.contains) { ids.insert(id) }
    }
    if denied.priorAuthorization != nil { ids.insert("prior_auth") }
    return ids
  }

  func levelRef(
    _ level: AppealLevel, denied: DeniedClaim, playbook: ResolvedPlaybook, today: CalendarDate
  ) -> LevelRef {
    var ref = LevelRef(
      id: level.id, title: level.title, channel: level.channel, destination: level.destination,
      citation: level.citation,
      minimumAmount: level.minimumAmount)
    if let minimum = level.minimumAmount { ref.meetsMinimum = denied.deniedAmount >= minimum }
    let dates = StartDates(
      remit: denied.remitDate, notice: denied.noticeDate, service: denied.serviceFrom,
      previousDecision: denied.previousDecisionDate, submission: denied.submissionDate)
    if let rule = level.deadline {
      ref.due = DeadlineCalculator.due(
        rule, dates: dates, holidays: Set(playbook.holidays), today: today)
      if ref.due == nil {
        ref.dueUnknown = "the \(rule.from.replacingOccurrences(of: "_", with: " ")) is not known"
      }
    }
    return ref
  }
}
