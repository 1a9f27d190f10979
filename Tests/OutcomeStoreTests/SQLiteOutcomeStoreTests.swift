import Claims
import Evaluation
import Foundation
import Testing

@testable import OutcomeStore

@Suite struct SQLiteOutcomeStoreTests {
  let today = day("2027-01-10")

  /// Overdue, soon, later, undated and appealed denials across two payers.
  func worklistStore(_ tmp: TempFolder) throws -> (SQLiteOutcomeStore, [Int64]) {
    let store = try SQLiteOutcomeStore(path: tmp.file("pb.db"), actor: "tester")
    let ids = try seed(store, [
      DenialSpec(account: "LATER", claimNumber: "P1", billed: 500, due: "2027-02-20"),
      DenialSpec(account: "UNDATED", claimNumber: "P2", payer: "MYSTERY", reason: nil, level: nil, billed: 90, due: nil),
      DenialSpec(account: "SOON", claimNumber: "P3", reason: "lumbar-mri-no-authorization", billed: 1450, due: "2027-01-12"),
      DenialSpec(account: "OVERDUE", claimNumber: "P4", payer: "medicare-part-b", reason: "mcr-necessity", level: "redetermination", billed: 1900, due: "2027-01-05"),
      DenialSpec(account: "APPEALED", claimNumber: "P5", billed: 2800, due: "2027-01-08"),
      DenialSpec(account: "FIX", claimNumber: "P6", reason: "diagnosis-procedure-mismatch", action: "correct_and_resubmit", level: nil, billed: 260, due: "2027-01-30"),
    ])
    try store.recordAppeal(denialID: ids[4], levelID: "first-level-appeal", proofs: ["lmn", "op_note"], channel: "portal", date: day("2027-01-02"), by: "R. Alvarez")
    return (store, ids)
  }

  @Test func worklistOrderOverdueFirstThenSoonestUndatedLastAppealedAwaiting() throws {
    let tmp = TempFolder()
    defer { tmp.cleanup() }
    let (store, _) = try worklistStore(tmp)
    let items = try store.worklist(WorklistQuery(today: today))
    #expect(items.map(\.account) == ["OVERDUE", "SOON", "FIX", "LATER", "UNDATED", "APPEALED"])
    // An appeal sent has no deadline left to count: it waits for the decision.
    #expect(items.map(\.daysLeft) == [-5, 2, 20, 41, nil, nil])
    #expect(items.map(\.nextAction) == ["appeal", "appeal", "correct_and_resubmit", "appeal", "appeal", "await decision"])
    #expect(items.map(\.state) == ["open", "open", "open", "open", "open", "appealed"])
    #expect(items[0] == WorklistItem(
      account: "OVERDUE", payerClaimNumber: "P4", payer: "medicare-part-b", reason: "mcr-necessity", denied: 1900, nextAction: "appeal",
      level: "redetermination", due: day("2027-01-05"), daysLeft: -5, state: "open"))
    #expect(items[4].reason == nil && items[4].level == nil && items[4].due == nil)
    #expect(items[5].level == "first-level-appeal")
  }

  @Test func worklistFilters() throws {
    let tmp = TempFolder()
    defer { tmp.cleanup() }
    let (store, _) = try worklistStore(tmp)
    // Due within 7 days: overdue ones included, undated ones not.
    #expect(try store.worklist(WorklistQuery(today: today, dueWithin: 7)).filter { $0.state == "open" }.map(\.account) == ["OVERDUE", "SOON"])
    #expect(try store.worklist(WorklistQuery(today: today, dueWithin: 20)).filter { $0.state == "open" }.map(\.account) == ["OVERDUE", "SOON", "FIX"])
    #expect(try store.worklist(WorklistQuery(today: today, dueWithin: 0)).filter { $0.state == "open" }.map(\.account) == ["OVERDUE"])
    #expect(try store.worklist(WorklistQuery(today: today, payer: "medicare-part-b")).map(\.account) == ["OVERDUE"])
    #expect(try store.worklist(WorklistQuery(today: today, payer: "acme-health")).map(\.account) == ["SOON", "FIX", "LATER", "APPEALED"])
    #expect(try store.worklist(WorklistQuery(today: today, reason: "lumbar-mri-no-authorization")).map(\.account) == ["SOON"])
    #expect(try store.worklist(WorklistQuery(today: today, payer: "acme-health", reason: "knee-arthroscopy-necessity")).map(\.account) == ["LATER", "APPEALED"])
    #expect(try store.worklist(WorklistQuery(today: today, limit: 2)).map(\.account) == ["OVERDUE", "SOON"])
    #expect(try store.worklist(WorklistQuery(today: today, payer: "nobody")).isEmpty)
  }

  @Test func outcomeClosesTheDenialAndHistoryCountsIt() throws {
    let tmp = TempFolder()
    defer { tmp.cleanup() }
    let (store, ids) = try worklistStore(tmp)
    try store.recordOutcome(OutcomeEntry(claimRef: "P5", result: "overturned", recovered: 2800, date: day("2027-01-30"), note: "won on P2P"), by: "R. Alvarez")
    #expect(!(try store.worklist(WorklistQuery(today: today)).map(\.account).contains("APPEALED")))
    let denial = try #require(try store.denial(ref: "APPEALED"))
    #expect(denial.id == ids[4])
    #expect(denial.state == "closed")
    #expect(denial.appeals.count == 1)
    #expect(denial.appeals[0].levelID == "first-level-appeal" && denial.appeals[0].proofs == ["lmn", "op_note"] && denial.appeals[0].by == "R. Alvarez")
    #expect(denial.appeals[0].date == day("2027-01-02"))
    #expect(denial.outcomes.count == 1)
    let o = denial.outcomes[0]
    #expect(o.result == "overturned" && o.recovered == 2800 && o.date == day("2027-01-30") && o.source == "manual" && o.note == "won on P2P")
    #expect(try store.history(payerKey: "acme-health", reasonID: "knee-arthroscopy-necessity")
      == History(decided: 1, overturned: 1, proofsInOverturned: ["lmn": 1, "op_note": 1]))
    #expect(denial.provenance.hasSuffix("segment 14"))
  }

  @Test func importIsAllOrNothing() throws {
    let tmp = TempFolder()
    defer { tmp.cleanup() }
    let (store, _) = try worklistStore(tmp)
    let before = try store.counts()
    let good = OutcomeEntry(claimRef: "P5", result: "partial", recovered: 1200, date: day("2027-01-31"), note: nil)
    let bad = OutcomeEntry(claimRef: "NO-SUCH-CLAIM", result: "upheld", recovered: 0, date: day("2027-01-31"), note: nil)
    #expect(throws: StoreError.self) { _ = try store.importOutcomes([good, bad], by: "importer", file: "sheet.csv") }
    #expect(try store.counts() == before)
    #expect(try store.denial(ref: "P5")?.state == "appealed")
    let n = try store.importOutcomes([good, OutcomeEntry(claimRef: "SOON", result: "withdrawn", recovered: 0, date: day("2027-02-01"), note: "paid on reprocessing")], by: "importer", file: "sheet.csv")
    #expect(n == 2)
    #expect(try store.counts()["outcomes"] == 2)
    #expect(try store.denial(ref: "P5")?.outcomes.map(\.source) == ["import"])
    #expect(try store.denial(ref: "SOON")?.state == "closed")
  }

  @Test func auditLogRecordsWhoWhenWhat() throws {
    let tmp = TempFolder()
    defer { tmp.cleanup() }
    let (store, ids) = try worklistStore(tmp)
    try store.recordOutcome(OutcomeEntry(claimRef: "P5", result: "upheld", recovered: 0, date: day("2027-02-01"), note: nil), by: "B. Chen")
    let log = try store.audit(limit: 10)
    #expect(log.map(\.action) == ["outcome", "appeal-sent", "ingest"])
    #expect(log.map(\.who) == ["B. Chen", "R. Alvarez", "tester"])
    #expect(log[0].subject == "P5")
    #expect(log[0].detail == "upheld, recovered 0, 2027-02-01 (manual entry)")
    #expect(log[1].subject == "denial \(ids[4])")
    #expect(log[1].detail == "level first-level-appeal, proofs lmn,op_note, 2027-01-02")
    #expect(log[2].detail?.hasPrefix("835, sha256 ") == true)
    #expect(log[2].detail?.hasSuffix(", 6 claims, 6 denials") == true)
    // When: an ISO 8601 UTC time within the last minute.
    let f = ISO8601DateFormatter()
    for entry in log {
      let at = try #require(f.date(from: entry.at), "\(entry.at)")
      #expect(abs(at.timeIntervalSinceNow) < 60)
    }
    #expect(try store.audit(limit: 1).count == 1)
  }

  @Test func sameShaIsSkippedWithoutCallingTheBody() throws {
    let tmp = TempFolder()
    defer { tmp.cleanup() }
    let store = try SQLiteOutcomeStore(path: tmp.file("pb.db"), actor: "t")
    try seed(store, [DenialSpec(account: "A")], file: "one.835")
    let before = try store.counts()
    var called = false
    let stored = try store.ingestFile(name: "renamed-copy.835", sha256: SHA("one.835"), kind: "835") { _ in
      called = true
      return FileCounts()
    }
    #expect(!stored && !called)
    #expect(try store.counts() == before)
  }

  @Test func theSameDenialFromAnotherFileIsNotStoredTwice() throws {
    let tmp = TempFolder()
    defer { tmp.cleanup() }
    let store = try SQLiteOutcomeStore(path: tmp.file("pb.db"), actor: "t")
    try seed(store, [DenialSpec(account: "A", claimNumber: "C")])
    _ = try store.ingestFile(name: "resent.835", sha256: SHA("resent"), kind: "835") { tx in
      let r = try tx.addRemittance(payerID: nil, payerName: nil, paymentDate: nil, noticeDate: nil, trace: nil, segment: 1)
      let again = try tx.addDenial(RemitClaim(remittanceID: r, segment: 9, claim: DenialSpec(account: "A", claimNumber: "C").claim, payerKey: "acme-health", match: nil, patientName: nil))
      #expect(again == nil)
      // A later remittance date is a new denial.
      let later = try tx.addDenial(RemitClaim(remittanceID: r, segment: 10, claim: DenialSpec(account: "A", claimNumber: "C", remitDate: "2026-12-20").claim, payerKey: "acme-health", match: nil, patientName: nil))
      #expect(later != nil)
      return FileCounts(claims: 2, denials: 1)
    }
    #expect(try store.counts()["denials"] == 2)
  }

  @Test func patientNamesOnlyWhenGiven() throws {
    let tmp = TempFolder()
    defer { tmp.cleanup() }
    let store = try SQLiteOutcomeStore(path: tmp.file("pb.db"), actor: "t")
    try seed(store, [DenialSpec(account: "A"), DenialSpec(account: "B", patientName: "ZEBRAFISH, QUINCY")])
    #expect(try rawInt(store, "SELECT count(*) FROM denials WHERE patient_name IS NOT NULL") == 1)
    #expect(try rawText(store, "SELECT patient_name FROM denials WHERE account = 'B'") == "ZEBRAFISH, QUINCY")
    // Not in the worklist or the stored payload.
    #expect(try rawInt(store, "SELECT count(*) FROM denials WHERE payload LIKE '%ZEBRAFISH%'") == 0)
  }

  // MARK: Statistics

  /// Four appealed knee denials (3 overturned or partial, 1 upheld), one open lumbar MRI denial,
  /// one withdrawn.
  func statsStore(_ tmp: TempFolder) throws -> SQLiteOutcomeStore {
    let store = try SQLiteOutcomeStore(path: tmp.file("pb.db"), actor: "t")
    let ids = try seed(store, [
      DenialSpec(account: "K1", billed: 2800, remitDate: "2026-10-01"),
      DenialSpec(account: "K2", billed: 2000, remitDate: "2026-10-05"),
      DenialSpec(account: "K3", billed: 1000, remitDate: "2026-11-01"),
      DenialSpec(account: "K4", billed: 1500, remitDate: "2026-11-02"),
      DenialSpec(account: "M1", reason: "lumbar-mri-no-authorization", billed: 1450, remitDate: "2026-11-03", procedure: "72148"),
      DenialSpec(account: "W1", payer: "medicare-part-b", reason: "mcr-necessity", level: "redetermination", billed: 1900, remitDate: "2026-12-01"),
    ])
    let sent = ["K1": "2026-10-10", "K2": "2026-10-12", "K3": "2026-11-05", "K4": "2026-11-06", "W1": "2026-12-02"]
    let proofs = ["K1": ["lmn", "op_note", "conservative_care"], "K2": ["lmn", "conservative_care"], "K3": ["lmn"], "K4": ["lmn", "conservative_care"], "W1": ["lmn"]]
    for (i, account) in ["K1", "K2", "K3", "K4", "M1", "W1"].enumerated() where account != "M1" {
      try store.recordAppeal(denialID: ids[i], levelID: account == "W1" ? "redetermination" : "first-level-appeal", proofs: proofs[account]!, channel: nil, date: day(sent[account]!), by: "r")
    }
    let outcomes = [
      OutcomeEntry(claimRef: "K1", result: "overturned", recovered: 2800, date: day("2026-11-09"), note: nil),  // 30 days
      OutcomeEntry(claimRef: "K2", result: "partial", recovered: 800, date: day("2026-11-01"), note: nil),  // 20 days
      OutcomeEntry(claimRef: "K3", result: "upheld", recovered: 0, date: day("2026-12-15"), note: nil),  // 40 days
      OutcomeEntry(claimRef: "K4", result: "overturned", recovered: 1500, date: day("2026-12-16"), note: nil),  // 40 days
      OutcomeEntry(claimRef: "W1", result: "withdrawn", recovered: 0, date: day("2026-12-20"), note: nil),
    ]
    _ = try store.importOutcomes(outcomes, by: "r", file: "x.csv")
    return store
  }

  @Test func statisticsByReason() throws {
    let tmp = TempFolder()
    defer { tmp.cleanup() }
    let store = try statsStore(tmp)
    let rows = try store.statistics(by: .reason, since: nil)
    #expect(rows.map(\.key) == ["knee-arthroscopy-necessity", "mcr-necessity", "lumbar-mri-no-authorization"])
    let knee = rows[0]
    #expect(knee.denials == 4 && knee.deniedAmount == 7300 && knee.appealed == 4 && knee.decided == 4 && knee.overturned == 3)
    #expect(knee.recovered == 5100)
    #expect(knee.appealRate == 1)
    #expect(knee.medianDaysToDecision == 35)  // 20, 30, 40, 40
    let rate = try #require(knee.overturnRate)
    #expect(rate.rate == 0.75 && abs(rate.low - 0.3006) < 0.00005 && abs(rate.high - 0.9544) < 0.00005)
    // Withdrawn appeals are not decisions.
    #expect(rows[1].denials == 1 && rows[1].appealed == 1 && rows[1].decided == 0 && rows[1].overturnRate == nil && rows[1].medianDaysToDecision == nil)
    #expect(rows[2] == StatsRow(key: "lumbar-mri-no-authorization", denials: 1, deniedAmount: 1450, appealed: 0, decided: 0, overturned: 0, recovered: 0, medianDaysToDecision: nil))
    #expect(rows[2].appealRate == 0)
  }

  @Test func statisticsByPayerProofLevelProcedureAndSince() throws {
    let tmp = TempFolder()
    defer { tmp.cleanup() }
    let store = try statsStore(tmp)
    let payers = try store.statistics(by: .payer, since: nil)
    #expect(payers.map(\.key) == ["acme-health", "medicare-part-b"])
    #expect(payers[0].denials == 5 && payers[0].deniedAmount == 8750 && payers[0].appealed == 4)
    #expect(abs(payers[0].appealRate - 0.8) < 1e-12)

    let proofs = try store.statistics(by: .proof, since: nil)
    let byKey = Dictionary(uniqueKeysWithValues: proofs.map { ($0.key, $0) })
    #expect(Set(byKey.keys) == ["lmn", "op_note", "conservative_care"])
    #expect(byKey["lmn"]?.denials == 5 && byKey["lmn"]?.decided == 4 && byKey["lmn"]?.overturned == 3)
    #expect(byKey["conservative_care"]?.denials == 3 && byKey["conservative_care"]?.decided == 3 && byKey["conservative_care"]?.overturned == 3)
    #expect(byKey["conservative_care"]?.recovered == 5100)
    #expect(byKey["op_note"]?.decided == 1 && byKey["op_note"]?.medianDaysToDecision == 30)

    let levels = try store.statistics(by: .level, since: nil)
    #expect(levels.map(\.key) == ["first-level-appeal", "redetermination"])
    #expect(levels[0].denials == 5)  // K1-K4 and M1, which starts at first-level-appeal too

    let procedures = try store.statistics(by: .procedure, since: nil)
    #expect(procedures.map(\.key) == ["29881", "72148"])
    #expect(procedures[0].denials == 5 && procedures[1].denials == 1)

    let since = try store.statistics(by: .reason, since: day("2026-11-01"))
    let knee = try #require(since.first { $0.key == "knee-arthroscopy-necessity" })
    #expect(knee.denials == 2 && knee.deniedAmount == 2500 && knee.decided == 2 && knee.overturned == 1 && knee.recovered == 1500)
    #expect(knee.medianDaysToDecision == 40)
    #expect(try store.statistics(by: .payer, since: day("2027-01-01")).isEmpty)
  }
}
