import Claims
import Evaluation
import Foundation
import PlaybookModel
import Testing

@testable import Suggestions

/// Each kind on a small hand-built history, and not found when the support is too small.
@Suite struct MinerTests {
  static let today = CalendarDate(year: 2026, month: 12, day: 31)!

  /// Builds evidence with increasing ids and claim references.
  final class History {
    var evidence: [DenialEvidence] = []
    var next: Int64 = 1

    func day(_ daysBeforeToday: Int) -> CalendarDate { CalendarDate(dayNumber: MinerTests.today.dayNumber - daysBeforeToday) }

    /// A denial remitted `ago` days before today, appealed `sentAfter` days after the remit with
    /// `proofs` and decided 30 days later, when `won` is given.
    @discardableResult
    func add(
      payer: String = "acme", reason: String?, adjustments: [String] = ["CO-50"], remarks: [String] = [], procedure: String? = "29881",
      ago: Int = 200, proofs: [String]? = nil, won: Bool? = nil, untimely: Bool = false, sentAfter: Int = 20, level: String = "level-1"
    ) -> DenialEvidence {
      let remit = day(ago)
      var e = DenialEvidence(
        id: next, claimRef: "PCN\(next)", payer: payer, reasonID: reason, adjustments: adjustments, remarks: remarks, procedure: procedure,
        remitDate: remit, denied: 500)
      next += 1
      if let proofs {
        let sent = CalendarDate(dayNumber: remit.dayNumber + sentAfter)
        e.appeals = [AppealEvidence(level: level, date: sent, proofs: proofs)]
        if let won {
          e.outcomes = [OutcomeEvidence(result: won ? "overturned" : "upheld", date: CalendarDate(dayNumber: sent.dayNumber + 30), untimely: untimely)]
        }
      }
      evidence.append(e)
      return e
    }
  }

  static func facts(_ reasons: [PlaybookFacts.Reason], levels: [PlaybookFacts.Level] = [.init(id: "level-1", deadlineCount: 180)]) -> PlaybookFacts {
    PlaybookFacts(payers: [PlaybookFacts.Payer(id: "acme", reasons: reasons, levels: levels)])
  }

  func mine(_ h: History, _ facts: PlaybookFacts, _ options: MiningOptions = MiningOptions()) -> [Suggestion] {
    Miner(options: options).suggestions(from: h.evidence, playbooks: facts, today: Self.today)
  }

  // MARK: Uncovered denials

  @Test func uncoveredDenialsBecomeANewReason() {
    let h = History()
    for (i, code) in ["64483", "64484", "64490", "64483-RT", "64491", "64493"].enumerated() {
      h.add(reason: nil, adjustments: ["CO-197"], remarks: ["N54"], procedure: code, ago: 10 + i)
    }
    h.add(reason: nil, adjustments: ["CO-197"], remarks: ["N54"], procedure: "72148")  // other family
    h.add(reason: nil, adjustments: ["CO-197"], remarks: [], procedure: "64483")  // other remarks
    let found = mine(h, Self.facts([]))
    #expect(found.count == 1)
    let s = found[0]
    #expect(s.kind == .uncoveredDenials)
    #expect(s.payer == "acme")
    #expect(s.evidence.counts["claims"] == 6)
    #expect(s.evidence.examples.count == 5)
    #expect(s.evidence.examples.allSatisfy { $0.hasPrefix("PCN") })
    guard case .addReason(let id, _, let group, let carc, let rarcs, let procedures) = s.change else {
      Issue.record("unexpected change \(s.change)")
      return
    }
    #expect(id == "co-197-n54-644")
    #expect(group == "CO" && carc == "197" && rarcs == ["N54"])
    #expect(procedures == ["64400-64499"])
  }

  @Test func uncoveredDenialsNeedMinSupport() {
    let h = History()
    for _ in 0..<5 { h.add(reason: nil, adjustments: ["CO-197"], remarks: ["N54"], procedure: "J1885") }
    #expect(mine(h, Self.facts([])).isEmpty)
    h.add(reason: nil, adjustments: ["CO-197"], remarks: ["N54"], procedure: "J1890")
    let found = mine(h, Self.facts([]))
    #expect(found.count == 1)
    if case .addReason(_, _, _, _, _, let procedures) = found.first?.change { #expect(procedures == ["J1800-J1899"]) }
    // A lower threshold finds five.
    let five = History()
    for _ in 0..<5 { five.add(reason: nil, adjustments: ["CO-197"], procedure: "J1885") }
    #expect(mine(five, Self.facts([]), MiningOptions(minSupport: 5)).count == 1)
  }

  // MARK: Proofs

  /// `with` appeals including the proof, `withWon` of them overturned; likewise without.
  func proofHistory(with: Int, withWon: Int, without: Int, withoutWon: Int, proof: String = "peer_to_peer", always: [String] = ["lmn"]) -> History {
    let h = History()
    for i in 0..<with { h.add(reason: "knee", procedure: "2988\(i % 10)", ago: 30 + i % 300, proofs: always + [proof], won: i < withWon) }
    for i in 0..<without { h.add(reason: "knee", procedure: "2987\(i % 10)", ago: 30 + i % 300, proofs: always, won: i < withoutWon) }
    return h
  }

  static let knee = PlaybookFacts.Reason(id: "knee", requires: ["lmn"], preventRequires: ["lmn"], preventSeverity: "error", procedures: ["29870-29889"])

  @Test func proofThatMakesTheDifferenceIsRequired() {
    let h = proofHistory(with: 40, withWon: 30, without: 40, withoutWon: 10)
    let found = mine(h, Self.facts([Self.knee]))
    #expect(found.map(\.kind) == [.proofMakesDifference])
    let s = found[0]
    #expect(s.change == .addRequired(reason: "knee", proof: "peer_to_peer"))
    #expect(s.evidence.counts["with_proof"] == 40 && s.evidence.counts["with_proof_won"] == 30)
    #expect(s.evidence.rates["p_with"] == 0.75 && s.evidence.rates["p_without"] == 0.25)
    // scipy.stats.fisher_exact([[30, 10], [10, 30]]) -> 1.4874803071085417e-05
    #expect(abs(s.evidence.pValue! - 1.4874803071085417e-05) / 1.4874803071085417e-05 < 1e-6)
    #expect(s.evidence.interval!.count == 2 && s.evidence.interval![0] > 0)
  }

  @Test func proofNeedsSupportAndSignificance() {
    // Too few appeals in a group.
    #expect(mine(proofHistory(with: 15, withWon: 14, without: 40, withoutWon: 5), Self.facts([Self.knee])).isEmpty)
    // A difference that is not significant.
    #expect(mine(proofHistory(with: 40, withWon: 22, without: 40, withoutWon: 17), Self.facts([Self.knee])).isEmpty)
    // A proof that lowers the rate is not suggested.
    #expect(mine(proofHistory(with: 40, withWon: 10, without: 40, withoutWon: 30), Self.facts([Self.knee])).isEmpty)
  }

  @Test func requiredProofThatMattersBecomesAPreventLesson() {
    let h = proofHistory(with: 40, withWon: 30, without: 40, withoutWon: 10, proof: "imaging", always: [])
    var reason = Self.knee
    reason.requires = ["imaging"]
    reason.preventRequires = ["lmn"]
    let found = mine(h, Self.facts([reason]))
    #expect(found.count == 1)
    if case .addPrevent(let r, let requires, let severity, _) = found.first?.change {
      #expect(r == "knee" && requires == ["lmn", "imaging"] && severity == "error")
    } else {
      Issue.record("expected addPrevent, got \(String(describing: found.first?.change))")
    }
    // Already prevented at error: nothing to suggest.
    reason.preventRequires = ["imaging"]
    #expect(mine(h, Self.facts([reason])).isEmpty)
  }

  @Test func bonferroniCorrectsForEveryPairTested() {
    // scipy: fisher_exact([[27, 13], [14, 26]]) -> 0.0069: passes alone (0.01), not among five pairs.
    let h = proofHistory(with: 40, withWon: 27, without: 40, withoutWon: 14)
    let alone = mine(h, Self.facts([Self.knee]))
    #expect(alone.count == 1)
    #expect(alone.first?.evidence.counts["pairs_tested"] == 1)
    // Four more reasons with one untested-effect proof each: five pairs, threshold 0.002.
    var reasons = [Self.knee]
    for r in 0..<4 {
      reasons.append(.init(id: "other\(r)", requires: []))
      for i in 0..<60 { h.add(reason: "other\(r)", procedure: "1000\(i % 10)", proofs: i % 2 == 0 ? ["x"] : [], won: i % 3 == 0) }
    }
    #expect(mine(h, Self.facts(reasons)).filter { $0.kind == .proofMakesDifference }.isEmpty)
  }

  @Test func requiredProofWithoutEffectIsFlaggedOnlyWithTightEvidence() {
    var reason = Self.knee
    reason.requires = ["lmn", "imaging"]
    // 150 with, 150 without, 40% overturned either way: the one-sided bound is about 0.09.
    let big = proofHistory(with: 150, withWon: 60, without: 150, withoutWon: 60, proof: "imaging")
    let found = mine(big, Self.facts([reason]))
    #expect(found.map(\.kind) == [.proofWithoutEffect])
    #expect(found.first?.change == .removeRequired(reason: "knee", proof: "imaging"))
    #expect((found.first?.evidence.interval?[1] ?? 1) < 0.2)
    // 40 and 40: equal rates, but the data cannot rule out a real effect.
    #expect(mine(proofHistory(with: 40, withWon: 16, without: 40, withoutWon: 16, proof: "imaging"), Self.facts([reason])).isEmpty)
    // Large groups with a 12-point difference: not significant, but not shown to be without effect.
    #expect(mine(proofHistory(with: 100, withWon: 52, without: 100, withoutWon: 40, proof: "imaging"), Self.facts([reason])).isEmpty)
  }

  // MARK: Low-yield appeals

  @Test func hopelessAppealsBecomeWriteOffs() {
    let h = History()
    for i in 0..<40 { h.add(reason: "knee", proofs: ["lmn"], won: i < 0) }
    let found = mine(h, Self.facts([Self.knee]))
    #expect(found.map(\.kind) == [.lowYieldAppeals])
    if case .setAction(let r, let action, _) = found.first?.change { #expect(r == "knee" && action == "write_off") } else { Issue.record("\(found)") }
    #expect(found.first?.evidence.counts["decided_appeals"] == 40)
  }

  @Test func missingInformationDenialsBecomeCorrectedClaims() {
    let h = History()
    for i in 0..<40 { h.add(reason: "knee", adjustments: ["CO-16"], remarks: ["MA130"], proofs: ["lmn"], won: i < 1) }
    if case .setAction(_, let action, _) = mine(h, Self.facts([Self.knee])).first?.change {
      #expect(action == "correct_and_resubmit")
    } else {
      Issue.record("expected setAction")
    }
  }

  @Test func lowButNotHopelessGetsAReviewNote() {
    let h = History()
    for i in 0..<100 { h.add(reason: "knee", proofs: ["lmn"], won: i < 8) }
    let found = mine(h, Self.facts([Self.knee]))
    #expect(found.count == 1)
    if case .reviewSteps(let r, _) = found.first?.change { #expect(r == "knee") } else { Issue.record("\(found)") }
  }

  @Test func lowYieldNeedsSupportAndAnAppealAction() {
    let h = History()
    for _ in 0..<15 { h.add(reason: "knee", proofs: ["lmn"], won: false) }
    #expect(mine(h, Self.facts([Self.knee])).isEmpty)  // 15 decided: too few
    for _ in 0..<25 { h.add(reason: "knee", proofs: ["lmn"], won: false) }
    var written = Self.knee
    written.action = "write_off"
    #expect(mine(h, Self.facts([written])).isEmpty)  // already not appealed
    // Withdrawn and untimely outcomes are not decisions on the merits.
    let w = History()
    for _ in 0..<40 {
      var e = w.add(reason: "knee", proofs: ["lmn"], won: false)
      e.outcomes[0].result = "withdrawn"
      w.evidence[w.evidence.count - 1] = e
    }
    #expect(mine(w, Self.facts([Self.knee])).isEmpty)
  }

  // MARK: Late appeals

  @Test func lateAppealsShortenTheDeadline() {
    let h = History()
    for i in 0..<40 { h.add(reason: "knee", ago: 300, proofs: ["lmn"], won: i % 2 == 0, sentAfter: 10 + i * 90 / 40) }
    for i in 0..<10 { h.add(reason: "knee", ago: 300, proofs: ["lmn"], won: false, untimely: true, sentAfter: 125 + i * 5) }
    // Sent after the playbook's own deadline: staff's lateness, not the playbook's.
    for _ in 0..<10 { h.add(reason: "knee", ago: 300, proofs: ["lmn"], won: false, untimely: true, sentAfter: 200) }
    let found = mine(h, Self.facts([Self.knee])).filter { $0.kind == .lateAppeals }
    #expect(found.count == 1)
    let s = found[0]
    #expect(s.subject == "level-1")
    // The last accepted appeal went out on day 97; the first untimely one on day 125.
    #expect(s.change == .shortenDeadline(level: "level-1", days: 97))
    #expect(s.evidence.counts["untimely"] == 10 && s.evidence.counts["appeals_on_time_by_playbook"] == 50)
    #expect(s.evidence.counts["margin_days"] == 83)
  }

  @Test func lateAppealsNeedARateAboveChance() {
    let h = History()
    for i in 0..<200 { h.add(reason: "knee", ago: 300, proofs: ["lmn"], won: i % 2 == 0, sentAfter: 10 + i % 100) }
    for i in 0..<5 { h.add(reason: "knee", ago: 300, proofs: ["lmn"], won: false, untimely: true, sentAfter: 20 + i) }
    // 5 of 205 (2.4%): below the 5% rate.
    #expect(mine(h, Self.facts([Self.knee])).filter { $0.kind == .lateAppeals }.isEmpty)
  }

  // MARK: Prevention

  static let auth = PlaybookFacts.Reason(id: "mri-auth", requires: ["auth_letter", "office_notes"], procedures: ["72148"])

  @Test func recurringReasonForOneProcedureGetsAPreventLesson() {
    let h = History()
    for i in 0..<10 { h.add(reason: "mri-auth", procedure: "72148", ago: 5 + i * 15) }
    h.add(reason: "mri-auth", procedure: "72148", ago: 400)  // outside the window
    let found = mine(h, Self.facts([Self.auth]))
    #expect(found.map(\.kind) == [.prevention])
    if case .addPrevent(let r, let requires, let severity, _) = found.first?.change {
      #expect(r == "mri-auth" && requires == ["auth_letter", "office_notes"] && severity == "error")
    } else {
      Issue.record("\(found)")
    }
    #expect(found.first?.evidence.counts["denials"] == 10)
    // A lesson at warning is strengthened; one at error is left alone.
    var warned = Self.auth
    warned.preventRequires = ["auth_letter"]
    warned.preventSeverity = "warning"
    #expect(mine(h, Self.facts([warned])).map(\.kind) == [.prevention])
    warned.preventSeverity = "error"
    #expect(mine(h, Self.facts([warned])).isEmpty)
  }

  @Test func preventionNeedsRecurrenceForTheSameProcedure() {
    let h = History()
    for i in 0..<9 { h.add(reason: "mri-auth", procedure: "72148", ago: 5 + i * 15) }
    for i in 0..<9 { h.add(reason: "mri-auth", procedure: "72149", ago: 5 + i * 15) }
    #expect(mine(h, Self.facts([Self.auth])).isEmpty)
  }

  // MARK: Stale rules

  @Test func staleReasonsAreTurnedOff() {
    let h = History()
    for i in 0..<30 { h.add(reason: "knee", ago: 10 + i * 10) }
    h.add(reason: "knee", ago: 600)  // the history reaches back
    h.add(reason: "old", ago: 500)  // last matched 500 days ago
    let reasons = [Self.knee, PlaybookFacts.Reason(id: "old"), PlaybookFacts.Reason(id: "off", enabled: false)]
    let found = mine(h, Self.facts(reasons))
    #expect(found.map(\.kind) == [.staleRule])
    #expect(found.first?.change == .disableReason(reason: "old"))
    // A longer stale period keeps it.
    #expect(mine(h, Self.facts(reasons), MiningOptions(staleDays: 550)).isEmpty)
  }

  @Test func staleNeedsOtherDenialsAndHistory() {
    let reasons = [Self.knee, PlaybookFacts.Reason(id: "old")]
    let few = History()
    for i in 0..<29 { few.add(reason: "knee", ago: 10 + i * 10) }
    few.add(reason: "knee", ago: 600)
    #expect(mine(few, Self.facts(reasons)).isEmpty)  // 29 other denials in the last year
    let short = History()
    for i in 0..<40 { short.add(reason: "knee", ago: 10 + i * 5) }
    #expect(mine(short, Self.facts(reasons)).isEmpty)  // the history is shorter than a year
  }

  // MARK: Shared behaviour

  @Test func orderedStrongestFirstWithStableIDs() {
    let h = proofHistory(with: 40, withWon: 30, without: 40, withoutWon: 10)
    for i in 0..<6 { h.add(reason: nil, adjustments: ["CO-197"], procedure: "6448\(i)") }
    let first = mine(h, Self.facts([Self.knee]))
    #expect(first.count == 2)
    #expect(zip(first, first.dropFirst()).allSatisfy { $0.strength >= $1.strength })
    // More evidence: same ids, new fingerprints.
    h.add(reason: nil, adjustments: ["CO-197"], procedure: "64489")
    h.add(reason: "knee", proofs: ["lmn", "peer_to_peer"], won: true)
    let again = mine(h, Self.facts([Self.knee]))
    #expect(Set(again.map(\.id)) == Set(first.map(\.id)))
    #expect(Set(again.map(\.fingerprint)).isDisjoint(with: first.map(\.fingerprint)))
  }

  @Test func sinceLeavesOlderDenialsOut() {
    let h = History()
    for _ in 0..<6 { h.add(reason: nil, adjustments: ["CO-197"], procedure: "64483", ago: 400) }
    #expect(mine(h, Self.facts([])).count == 1)
    #expect(mine(h, Self.facts([]), MiningOptions(since: h.day(300))).isEmpty)
  }

  @Test func dayNumbersRoundTrip() {
    for n in stride(from: -1000, to: 30000, by: 37) { #expect(CalendarDate(dayNumber: n).dayNumber == n) }
    #expect(CalendarDate(year: 1970, month: 1, day: 1)!.dayNumber == 0)
    #expect(CalendarDate(year: 2024, month: 3, day: 1)!.dayNumber - CalendarDate(year: 2024, month: 2, day: 28)!.dayNumber == 2)
  }
}

/// The adapter from loaded playbooks.
@Suite struct PlaybookFactsTests {
  @Test func describesTheSamplePlaybooks() throws {
    let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let library = PlaybookLibrary.load(folder: root.appendingPathComponent("playbooks").path)
    let facts = PlaybookFacts(library.resolved)
    let acme = try #require(facts.payers["acme-health"])
    let knee = try #require(acme.reason("knee-arthroscopy-necessity"))
    #expect(knee.requires == ["lmn", "op_note", "conservative_care", "imaging_report", "member_authorization"])
    #expect(knee.action == "appeal")
    #expect(knee.preventRequires == ["conservative_care", "prior_auth"] && knee.preventSeverity == "error")
    #expect(knee.procedures == ["29870-29889"])
    #expect(knee.groups == ["CO"] && knee.carcs == ["50"])
    #expect(knee.startLevel == "first-level-appeal")
    let first = try #require(acme.level("first-level-appeal"))
    #expect(first.deadlineCount == 180 && first.deadlineUnit == "days" && first.deadlineFrom == "remit_date")
    #expect(facts.payers.count == 6)  // five payers and the state Medicaid default
    #expect(facts.payers.keys.allSatisfy { !$0.hasPrefix("base/") })
  }
}
