import Claims
import Evaluation
import Foundation
import Testing

@testable import OutcomeStore

/// Migration 3 (worklist indexes): old databases migrate, and the worklist reads in index order
/// with the same result as the single sorted query it replaced.
@Suite struct WorklistIndexTests {
  let today = day("2027-01-10")

  /// The worklist query before migration 3: one query sorted as a whole.
  func sortedWorklist(_ store: SQLiteOutcomeStore, _ q: WorklistQuery) throws -> [String] {
    var sql = "SELECT account FROM denials WHERE state IN ('open', 'appealed')"
    var values: [SQLValue] = []
    if let days = q.dueWithin {
      // Appeals sent wait for a decision: no deadline to be within.
      sql += " AND state = 'open' AND due_date IS NOT NULL AND due_date <= ?"
      values.append(.text(q.today.adding(days: days).description))
    }
    if let payer = q.payer {
      sql += " AND payer_key = ?"
      values.append(.text(payer))
    }
    if let reason = q.reason {
      sql += " AND reason_id = ?"
      values.append(.text(reason))
    }
    sql += " ORDER BY state = 'appealed', due_date IS NULL, due_date, denied_cents DESC LIMIT ?"
    values.append(.int(Int64(q.limit)))
    var out: [String] = []
    try store.db.query(sql, values) { out.append($0.text(0) ?? "") }
    return out
  }

  func indexNames(_ db: SQLiteDatabase) throws -> Set<String> {
    var names: Set<String> = []
    try db.query("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'denials' AND sql IS NOT NULL") { names.insert($0.text(0) ?? "") }
    return names
  }

  @Test func aVersion2DatabaseMigratesAndKeepsItsDenials() throws {
    let tmp = TempFolder()
    defer { tmp.cleanup() }
    let path = tmp.file("old.db")
    // A database as a build with two migrations left it, with denials in it.
    do {
      let db = try SQLiteDatabase(path: path, create: true)
      try db.execute("PRAGMA foreign_keys = ON")
      for step in 0..<2 { try db.execute(Schema.migrations[step]) }
      try db.execute("PRAGMA user_version = 2")
      try db.execute("INSERT INTO files (id, name, sha256, kind, ingested_at) VALUES (1, 'old.835', 'abc', '835', '2026-11-20T00:00:00Z')")
      try db.execute("INSERT INTO remittances (id, file_id, segment) VALUES (1, 1, 4)")
      let rows: [(String, String, String?, Int64)] = [
        ("LATER", "open", "2027-02-20", 50_000), ("UNDATED", "open", nil, 9_000), ("OVERDUE", "open", "2027-01-05", 190_000),
        ("APPEALED", "appealed", "2027-01-08", 280_000), ("CLOSED", "closed", "2027-01-01", 1_000),
      ]
      for (i, r) in rows.enumerated() {
        try db.run(
          """
          INSERT INTO denials (remittance_id, file_id, segment, account, payer_key, billed_cents, paid_cents, denied_cents, partial,
            state, action, due_date, payload)
          VALUES (1, 1, ?, ?, 'acme-health', ?, 0, ?, 0, ?, 'appeal', ?, '{"patient_control_number":"x"}')
          """, [.int(Int64(10 + i)), .text(r.0), .int(r.3), .int(r.3), .text(r.1), r.2.map { .text($0) } ?? .null])
      }
      #expect(try indexNames(db).contains("denials_open_due"))
    }
    let store = try SQLiteOutcomeStore(path: path, actor: "tester")
    #expect(try rawInt(store, "PRAGMA user_version") == Int64(Schema.version))
    #expect(Schema.version >= 3)
    let names = try indexNames(store.db)
    #expect(names.isSuperset(of: ["denials_worklist", "denials_worklist_payer", "denials_worklist_reason", "denials_account", "denials_claim_number"]))
    #expect(!names.contains("denials_open_due") && !names.contains("denials_reason"))
    #expect(try store.counts()["denials"] == 5)
    #expect(try store.worklist(WorklistQuery(today: today)).map(\.account) == ["OVERDUE", "LATER", "UNDATED", "APPEALED"])
    #expect(try rawText(store, "PRAGMA integrity_check") == "ok")
  }

  @Test func everyWorklistSliceReadsInIndexOrderWithoutSorting() throws {
    let tmp = TempFolder()
    defer { tmp.cleanup() }
    let store = try SQLiteOutcomeStore(path: tmp.file("pb.db"), actor: "tester")
    let queries = [
      WorklistQuery(today: today), WorklistQuery(today: today, dueWithin: 30), WorklistQuery(today: today, payer: "acme-health"),
      WorklistQuery(today: today, reason: "timely-filing"), WorklistQuery(today: today, dueWithin: 30, payer: "acme-health", reason: "timely-filing"),
    ]
    for q in queries {
      for slice in SQLiteOutcomeStore.worklistSlices {
        guard let (sql, values) = SQLiteOutcomeStore.worklistSQL(q, state: slice.state, dated: slice.dated, limit: 200) else { continue }
        var plan: [String] = []
        try store.db.query("EXPLAIN QUERY PLAN " + sql, values) { plan.append($0.text(3) ?? "") }
        #expect(!plan.joined(separator: "\n").contains("TEMP B-TREE"), "\(sql): \(plan)")
        #expect(plan.contains { $0.contains("USING INDEX denials_worklist") }, "\(sql): \(plan)")
      }
    }
  }

  @Test func slicedWorklistEqualsTheSortedQuery() throws {
    let tmp = TempFolder()
    defer { tmp.cleanup() }
    let store = try SQLiteOutcomeStore(path: tmp.file("pb.db"), actor: "tester")
    var rng = SplitMix(seed: 5)
    let payers = ["acme-health", "medicare-part-b", "MYSTERY"]
    let reasons: [String?] = ["timely-filing", "knee-arthroscopy-necessity", nil]
    var specs: [DenialSpec] = []
    for i in 0..<400 {
      // Distinct amounts: the order has no ties.
      let due: String? = rng.next() % 5 == 0 ? nil : day("2026-12-01").adding(days: Int(rng.next() % 90)).description
      specs.append(
        DenialSpec(
          account: "A\(i)", claimNumber: "C\(i)", payer: payers[Int(rng.next() % 3)], reason: reasons[Int(rng.next() % 3)],
          billed: Decimal(1000 + i), due: due))
    }
    let ids = try seed(store, specs)
    for (n, id) in ids.enumerated() where n % 7 == 0 {
      try store.recordAppeal(denialID: id, levelID: "first-level-appeal", proofs: [], channel: nil, date: day("2027-01-02"), by: "t")
    }
    for id in ids.prefix(30) where id % 2 == 0 {
      try store.recordOutcome(OutcomeEntry(claimRef: "A\(id - ids[0])", result: "upheld", recovered: 0, date: day("2027-01-05"), note: nil), by: "t")
    }
    for limit in [1, 7, 60, 200, 1000] {
      for days: Int? in [nil, 0, 15, 60] {
        for payer: String? in [nil, "acme-health", "MYSTERY"] {
          for reason: String? in [nil, "timely-filing"] {
            let q = WorklistQuery(today: today, dueWithin: days, payer: payer, reason: reason, limit: limit)
            #expect(try store.worklist(q).map(\.account) == (try sortedWorklist(store, q)))
          }
        }
      }
    }
  }
}

/// SplitMix64: a seeded generator for repeatable test data.
fileprivate struct SplitMix: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
