import Claims
import Evaluation
import Foundation
import Testing

@testable import Ingestion
@testable import OutcomeStore

@Suite struct IngestorTests {
  let today = CalendarDate(iso: "2026-12-03")!

  final class Fixture {
    let folder: String
    var db: String { folder + "/pb.db" }
    init() {
      folder = NSTemporaryDirectory() + "pb-ingest-\(UUID().uuidString)"
      try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: folder) }
    func store() throws -> SQLiteOutcomeStore { try SQLiteOutcomeStore(path: db, actor: "ingest-test") }
  }

  func ingestor(_ store: SQLiteOutcomeStore, keepNames: Bool = false, today: CalendarDate? = nil) -> Ingestor {
    Ingestor(store: store, evaluator: sampleEvaluator, today: today ?? self.today, keepPatientNames: keepNames)
  }

  func reason(_ store: SQLiteOutcomeStore, _ account: String) throws -> String? {
    try store.db.scalar("SELECT reason_id FROM denials WHERE account = ?", [.text(account)]).text
  }

  @Test func samplesGiveTheExpectedRows() throws {
    let f = Fixture()
    let store = try f.store()
    let i = ingestor(store)
    let acme = try i.ingest(path: Samples.acmeRemit)
    #expect(acme.kind == "835" && !acme.skipped && !acme.rejected)
    #expect(acme.claims == 5 && acme.denials == 4 && acme.deniedAmount == 4750 && acme.unplaybooked == 1)
    let claims = try i.ingest(path: Samples.acmeClaims)
    #expect(claims.kind == "837" && claims.claims == 4 && claims.linked == 4 && claims.denials == 0)
    let mcr = try i.ingest(path: Samples.medicareRemit)
    #expect(mcr.claims == 1 && mcr.denials == 1 && mcr.deniedAmount == 1900)
    let cases = try i.ingest(path: Samples.caseJSON)
    #expect(cases.kind == "case-json" && cases.claims == 1)
    #expect(try store.counts() == ["files": 4, "submissions": 5, "remittances": 2, "denials": 5, "matches": 9, "appeals": 0, "outcomes": 0, "audit_log": 4])
    #expect(try store.db.scalar("SELECT count(*) FROM denial_adjustments").int == 5)
    #expect(try store.db.scalar("SELECT count(*) FROM denial_remarks").int == 4)
    #expect(try store.db.scalar("SELECT count(*) FROM submission_lines").int == 6)
    // Provenance: file and segment number of the CLP.
    let acc1002 = try #require(try store.denial(ref: "ACC1002"))
    #expect(acc1002.provenance == Samples.acmeRemit + " segment 20")
    #expect(acc1002.denied.source == Samples.acmeRemit + ": segment 20")
    #expect(try store.db.scalar("SELECT revision FROM matches m JOIN denials d ON d.id = m.denial_id WHERE d.account = 'ACC1002' AND m.current = 1").text == "acme-health@2026-06-01+base/commercial-erisa@2026-06-01")
  }

  @Test func reingestingChangesNothing() throws {
    let f = Fixture()
    let store = try f.store()
    let i = ingestor(store)
    for path in Samples.all { #expect(try !i.ingest(path: path).skipped) }
    let counts = try store.counts()
    let worklist = try store.worklist(WorklistQuery(today: today))
    #expect(worklist.count == 5)
    for path in Samples.all.reversed() {
      let again = try i.ingest(path: path)
      #expect(again.skipped, "\(path)")
      #expect(again.claims == 0 && again.denials == 0 && again.linked == 0)
    }
    // A copy under another name is the same file.
    let copy = f.folder + "/copy.835"
    try FileManager.default.copyItem(atPath: Samples.acmeRemit, toPath: copy)
    #expect(try i.ingest(path: copy).skipped)
    #expect(try store.counts() == counts)
    #expect(try store.worklist(WorklistQuery(today: today)) == worklist)
  }

  @Test func aRemitBeforeItsClaimLinksWhenTheClaimArrives() throws {
    let f = Fixture()
    let store = try f.store()
    let i = ingestor(store)
    _ = try i.ingest(path: Samples.acmeRemit)
    // Without the claim's diagnoses only the generic commercial reason can match.
    #expect(try reason(store, "ACC1001") == "commercial-medical-necessity")
    #expect(try store.db.scalar("SELECT count(*) FROM denials WHERE submission_id IS NULL").int == 4)
    let report = try i.ingest(path: Samples.acmeClaims)
    #expect(report.linked == 4)
    #expect(try reason(store, "ACC1001") == "knee-arthroscopy-necessity")
    #expect(try store.db.scalar("SELECT count(*) FROM denials WHERE submission_id IS NULL").int == 0)
    let denial = try #require(try store.denial(ref: "ACC1001"))
    #expect(denial.denied.diagnoses?.map(\.code) == ["M1711", "M2321"])
    // The first match is kept, no longer current.
    var matches: [(String?, Int64?)] = []
    try store.db.query("SELECT reason_id, current FROM matches WHERE denial_id = ? ORDER BY id", [.int(denial.id)]) { matches.append(($0.text(0), $0.int(1))) }
    #expect(matches.map(\.0) == ["commercial-medical-necessity", "knee-arthroscopy-necessity"])
    #expect(matches.map(\.1) == [0, 1])
    let item = try #require(try store.worklist(WorklistQuery(today: today)).first { $0.account == "ACC1001" })
    #expect(item.reason == "knee-arthroscopy-necessity" && item.level == "first-level-appeal" && item.due == CalendarDate(iso: "2027-05-19"))
  }

  @Test func eitherOrderGivesTheSameWorklist() throws {
    let a = Fixture(), b = Fixture()
    let remitFirst = try a.store(), claimFirst = try b.store()
    for path in [Samples.acmeRemit, Samples.medicareRemit, Samples.acmeClaims, Samples.medicareClaims] { _ = try ingestor(remitFirst).ingest(path: path) }
    for path in [Samples.acmeClaims, Samples.medicareClaims, Samples.acmeRemit, Samples.medicareRemit] { _ = try ingestor(claimFirst).ingest(path: path) }
    let one = try remitFirst.worklist(WorklistQuery(today: today))
    let two = try claimFirst.worklist(WorklistQuery(today: today))
    #expect(one == two)
    // Overdue first, then by due date; ties by dollars at stake.
    #expect(one.map(\.account) == ["ACC1004", "MCR2001", "ACC1001", "ACC1002", "ACC1003"])
    #expect(one.map(\.reason) == ["commercial-missing-information", "knee-arthroscopy-oa-ncd", "knee-arthroscopy-necessity", "lumbar-mri-no-authorization", nil])
    #expect(one.map { $0.due?.description } == ["2027-01-11", "2027-03-07", "2027-05-19", "2027-05-19", "2027-05-19"])
    #expect(one.map(\.daysLeft) == [39, 94, 167, 167, 167])
    #expect(one.map(\.nextAction) == ["correct_and_resubmit", "appeal", "appeal", "appeal", "appeal"])
  }

  // MARK: Later remittances decide appeals

  /// Claims and the first remittance, then ACC1001 appealed at the first level on 2026-12-10.
  func appealed(_ f: Fixture) throws -> SQLiteOutcomeStore {
    let store = try f.store()
    _ = try ingestor(store).ingest(path: Samples.acmeClaims)
    _ = try ingestor(store).ingest(path: Samples.acmeRemit)
    let denial = try #require(try store.denial(ref: "ACC1001"))
    try store.recordAppeal(
      denialID: denial.id, levelID: "first-level-appeal", proofs: ["lmn", "op_note", "conservative_care"], channel: "portal",
      date: CalendarDate(iso: "2026-12-10")!, by: "R. Alvarez")
    return store
  }

  @Test func aLaterPaymentRecordsAnOverturn() throws {
    let f = Fixture()
    let store = try appealed(f)
    let before = try store.counts()
    let file = write(acmeReadjudication(paid: 2800, date: "20270120"), to: f.folder + "/acme-paid.835")
    let report = try ingestor(store, today: CalendarDate(iso: "2027-01-25")!).ingest(path: file)
    #expect(!report.rejected, "\(report.diagnostics)")
    #expect(report.claims == 1 && report.decided == 1 && report.denials == 0)
    let denial = try #require(try store.denial(ref: "ACC1001"))
    #expect(denial.state == "closed")
    #expect(denial.outcomes.count == 1)
    let o = denial.outcomes[0]
    #expect(o.result == "overturned" && o.recovered == 2800 && o.date == CalendarDate(iso: "2027-01-20") && o.source == "remit")
    #expect(try store.db.scalar("SELECT appeal_id FROM outcomes").int == denial.appeals[0].id)
    #expect(try store.counts()["denials"] == before["denials"])
    #expect(try !store.worklist(WorklistQuery(today: today)).contains { $0.account == "ACC1001" })
    #expect(try store.history(payerKey: "acme-health", reasonID: "knee-arthroscopy-necessity")
      == History(decided: 1, overturned: 1, proofsInOverturned: ["lmn": 1, "op_note": 1, "conservative_care": 1]))
  }

  @Test func aLaterPartPaymentRecordsAPartialWithTheAmount() throws {
    let f = Fixture()
    let store = try appealed(f)
    let file = write(acmeReadjudication(paid: 1000, date: "20270120"), to: f.folder + "/acme-part.835")
    let report = try ingestor(store).ingest(path: file)
    #expect(report.decided == 1 && !report.rejected, "\(report.diagnostics)")
    let denial = try #require(try store.denial(ref: "ACC1001"))
    #expect(denial.outcomes.map(\.result) == ["partial"])
    #expect(denial.outcomes.map(\.recovered) == [1000])
    #expect(denial.state == "closed")
  }

  @Test func aLaterDenialUpholdsAndOpensTheNextLevelFromTheDecisionDate() throws {
    let f = Fixture()
    let store = try appealed(f)
    let file = write(acmeReadjudication(paid: 0, date: "20270120"), to: f.folder + "/acme-denied-again.835")
    let report = try ingestor(store, today: CalendarDate(iso: "2027-01-25")!).ingest(path: file)
    #expect(report.decided == 1 && report.denials == 0 && !report.rejected, "\(report.diagnostics)")
    let denial = try #require(try store.denial(ref: "ACC1001"))
    #expect(denial.outcomes.map(\.result) == ["upheld"])
    #expect(denial.outcomes.map(\.recovered) == [0])
    #expect(denial.outcomes.map(\.date) == [CalendarDate(iso: "2027-01-20")!])
    #expect(denial.state == "open")
    // commercial-erisa: second-level-appeal, 60 days from the previous decision: 2027-01-20 + 60.
    let item = try #require(try store.worklist(WorklistQuery(today: CalendarDate(iso: "2027-01-25")!)).first { $0.account == "ACC1001" })
    #expect(item.level == "second-level-appeal")
    #expect(item.due == CalendarDate(iso: "2027-03-21"))
    #expect(item.daysLeft == 55)
    #expect(item.nextAction == "appeal")
    // The second level, denied again: external review, 4 months from that decision.
    try store.recordAppeal(denialID: denial.id, levelID: "second-level-appeal", proofs: ["lmn"], channel: "mail", date: CalendarDate(iso: "2027-02-01")!, by: "R. Alvarez")
    let third = write(acmeReadjudication(paid: 0, date: "20270305", claimNumber: "ACM2703050001"), to: f.folder + "/acme-denied-twice.835")
    #expect(try ingestor(store).ingest(path: third).decided == 1)
    let again = try #require(try store.worklist(WorklistQuery(today: today)).first { $0.account == "ACC1001" })
    #expect(again.level == "external-review" && again.due == CalendarDate(iso: "2027-07-05"))
    #expect(try store.denial(ref: "ACC1001")?.outcomes.map(\.result) == ["upheld", "upheld"])
  }

  @Test func aRemittanceOlderThanTheDenialDoesNotDecideIt() throws {
    let f = Fixture()
    let store = try appealed(f)
    let file = write(acmeReadjudication(paid: 2800, date: "20261001"), to: f.folder + "/acme-old.835")
    let report = try ingestor(store).ingest(path: file)
    #expect(report.decided == 0)
    #expect(try store.denial(ref: "ACC1001")?.state == "appealed")
  }

  // MARK: Privacy and refusals

  func fileBytes(_ path: String) -> Data {
    var data = FileManager.default.contents(atPath: path) ?? Data()
    data += FileManager.default.contents(atPath: path + "-wal") ?? Data()
    return data
  }

  @Test func patientNamesAreNotStoredUnlessAsked() throws {
    let f = Fixture()
    do {
      let store = try f.store()
      for path in Samples.all { _ = try ingestor(store).ingest(path: path) }
      #expect(try store.db.scalar("SELECT count(*) FROM denials WHERE patient_name IS NOT NULL").int == 0)
      #expect(try store.db.scalar("SELECT count(*) FROM submissions WHERE patient_name IS NOT NULL").int == 0)
    }
    let bytes = fileBytes(f.db)
    #expect(bytes.count > 0)
    #expect(bytes.range(of: Data("SAMPLE".utf8)) == nil, "a patient name is in the database file")
    #expect(bytes.range(of: Data("PATIENT2".utf8)) == nil)

    let kept = Fixture()
    do {
      let store = try kept.store()
      for path in Samples.all { _ = try ingestor(store, keepNames: true).ingest(path: path) }
      #expect(try store.db.scalar("SELECT patient_name FROM submissions WHERE account = 'ACC1001'").text == "SAMPLE, PATIENT2")
      #expect(try store.db.scalar("SELECT patient_name FROM denials WHERE account = 'ACC1001'").text == "SAMPLE, PAT")
      // Even then, not in the JSON payloads that commands render.
      #expect(try store.db.scalar("SELECT count(*) FROM denials WHERE payload GLOB '*SAMPLE*'").int == 0)
      #expect(try store.db.scalar("SELECT count(*) FROM submissions WHERE payload GLOB '*SAMPLE*'").int == 0)
    }
    #expect(fileBytes(kept.db).range(of: Data("SAMPLE".utf8)) != nil)
  }

  @Test func aDamagedFileStoresNothing() throws {
    let f = Fixture()
    let store = try f.store()
    _ = try ingestor(store).ingest(path: Samples.acmeClaims)
    let before = try store.counts()
    // The sample remittance cut off in the middle of a claim: no SE, GE or IEA.
    let text = try String(contentsOfFile: Samples.acmeRemit, encoding: .utf8)
    let cut = write(String(text.prefix(text.count * 2 / 3)), to: f.folder + "/cut.835")
    let report = try ingestor(store).ingest(path: cut)
    #expect(report.rejected)
    #expect(report.denials == 0 && report.claims == 0)
    #expect(report.diagnostics.contains { $0.severity == .error })
    #expect(try store.counts() == before)
    // Not remembered as ingested: the full file still goes in.
    #expect(try !ingestor(store).ingest(path: Samples.acmeRemit).skipped)

    let junk = write("hello, this is not a claim file\n", to: f.folder + "/junk.txt")
    let j = try ingestor(store).ingest(path: junk)
    #expect(j.rejected && j.kind == "unknown")
    let missing = try ingestor(store).ingest(path: f.folder + "/missing.835")
    #expect(missing.rejected)
  }
}
