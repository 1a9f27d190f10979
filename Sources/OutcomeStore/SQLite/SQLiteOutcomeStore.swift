import Claims
import Evaluation
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The SQLite outcome store: one database file, WAL mode, foreign keys on, a busy timeout so
/// concurrent processes queue instead of failing, versioned migrations applied on open. Every
/// query binds its values; nothing is built into SQL text.
public final class SQLiteOutcomeStore: OutcomeStore {
  let db: SQLiteDatabase
  let encoder: JSONEncoder
  let decoder = JSONDecoder()
  /// Who is acting, for the audit log.
  public let actor: String

  /// Opens or creates a store. `create: false` refuses a missing file (read-only commands).
  public init(path: String, create: Bool = true, actor: String) throws {
    db = try SQLiteDatabase(path: path, create: create)
    self.actor = actor
    encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    // Wait up to 10 minutes for another process's transaction (a large ingest) to finish.
    try db.execute("PRAGMA busy_timeout = 600000")
    // A 64 MiB page cache (the default is 2 MiB): a large ingest inserts into several indexes
    // at random places, and every page that falls out of the cache is read back from the WAL.
    try db.execute("PRAGMA cache_size = -65536")
    try db.execute("PRAGMA foreign_keys = ON")
    // Check the file is ours before anything writes to it, then switch to WAL before
    // migrating, so concurrent first opens never mix rollback-journal and WAL transactions.
    try checkVersion()
    try switchToWAL()
    try migrate()
    try db.execute("PRAGMA synchronous = NORMAL")
  }

  /// Switching to WAL needs a moment alone with the file: another process opening the same new
  /// database at the same time can make it fail once; retry for a while before giving up.
  func switchToWAL() throws {
    var mode = ""
    for attempt in 0..<200 {
      mode = ((try? db.scalar("PRAGMA journal_mode = WAL"))?.text ?? "").lowercased()
      if mode == "wal" { return }
      usleep(useconds_t(min(50_000, 1_000 * (attempt + 1))))
    }
    throw StoreError(
      "the database `\(db.path)` could not switch to WAL mode (\(mode))",
      help: "check that its folder is writable")
  }

  /// Refuses a database written by a newer Payerbook, or an SQLite file that is not ours.
  ///
  /// The version and the tables are read in one read transaction: read apart, another process
  /// creating the same new database could commit its migration in between, and a fresh
  /// Payerbook database would look like a foreign one (version 0, tables present).
  func checkVersion() throws {
    try db.execute("BEGIN")
    do {
      try checkVersionInTransaction()
      try db.execute("COMMIT")
    } catch {
      try? db.execute("ROLLBACK")
      throw error
    }
  }

  private func checkVersionInTransaction() throws {
    let version = Int(try db.scalar("PRAGMA user_version").int ?? 0)
    if version > Schema.version {
      throw StoreError(
        "the database `\(db.path)` was written by a newer Payerbook (schema \(version); this build knows up to \(Schema.version))",
        help: "upgrade Payerbook; the database was left untouched")
    }
    if version == 0 {
      let tables = try db.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table'").int ?? 0
      if tables > 0 {
        throw StoreError(
          "`\(db.path)` is an SQLite database but not a Payerbook one; it was left untouched",
          help: "pass the right file with --db")
      }
    }
  }

  func migrate() throws {
    let version = Int(try db.scalar("PRAGMA user_version").int ?? 0)
    guard version < Schema.version else { return }
    try db.transaction {
      // Re-read inside the write lock: another process may have migrated meanwhile.
      let current = Int(try db.scalar("PRAGMA user_version").int ?? 0)
      for step in current..<Schema.version {
        try db.execute(Schema.migrations[step])
        try db.execute("PRAGMA user_version = \(step + 1)")
      }
    }
  }

  // MARK: Helpers

  static func cents(_ d: Decimal) -> Int64 {
    var scaled = d * 100
    var rounded = Decimal()
    NSDecimalRound(&rounded, &scaled, 0, .bankers)
    return NSDecimalNumber(decimal: rounded).int64Value
  }

  static func money(_ cents: Int64?) -> Decimal { Decimal(cents ?? 0) / 100 }

  static func text(_ date: CalendarDate?) -> SQLValue {
    date.map { .text($0.description) } ?? .null
  }
  static func text(_ s: String?) -> SQLValue { s.map { .text($0) } ?? .null }

  static func date(_ v: SQLValue) -> CalendarDate? { v.text.flatMap { CalendarDate(iso: $0) } }

  /// The current time in UTC as ISO 8601 (`2026-11-01T12:00:00Z`, as ISO8601DateFormatter's
  /// internet date-time writes it). Formatted by hand: a formatter per call costs more than
  /// the insert it stamps.
  static func now() -> String {
    var t = time_t(Date().timeIntervalSince1970.rounded(.down))
    var tm = tm()
    gmtime_r(&t, &tm)
    func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
    let year = tm.tm_year + 1900
    let y = year < 1000 ? String(repeating: "0", count: 4 - "\(year)".count) + "\(year)" : "\(year)"
    return
      "\(y)-\(two(tm.tm_mon + 1))-\(two(tm.tm_mday))T\(two(tm.tm_hour)):\(two(tm.tm_min)):\(two(tm.tm_sec))Z"
  }

  func json<T: Encodable>(_ value: T) throws -> String {
    String(decoding: try encoder.encode(value), as: UTF8.self)
  }

  /// A denial payload: the same bytes as the generic `json`, written by ``PayloadJSON``.
  func json(_ value: DeniedClaim) throws -> String {
    PayloadJSON.encode(value)
  }

  func audit(_ action: String, subject: String, detail: String?, who: String? = nil) throws {
    try db.run(
      "INSERT INTO audit_log (at, who, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
      [.text(Self.now()), .text(who ?? actor), .text(action), .text(subject), Self.text(detail)])
  }

  // MARK: Ingest

  public func ingestFile(
    name: String, sha256: String, kind: String, _ body: (any FileIngestion) throws -> FileCounts
  ) throws -> Bool {
    if try db.scalar("SELECT 1 FROM files WHERE sha256 = ?", [.text(sha256)]) != .null {
      return false
    }
    return try db.transaction {
      if try db.scalar("SELECT 1 FROM files WHERE sha256 = ?", [.text(sha256)]) != .null {
        return false
      }
      try db.run(
        "INSERT INTO files (name, sha256, kind, ingested_at) VALUES (?, ?, ?, ?)",
        [.text(name), .text(sha256), .text(kind), .text(Self.now())])
      let fileID = db.lastInsertID
      let anyAppealed =
        try db.scalar("SELECT EXISTS (SELECT 1 FROM denials WHERE state = 'appealed')") != .int(0)
      let counts = try body(
        SQLiteFileIngestion(store: self, fileID: fileID, anyAppealed: anyAppealed))
      try db.run(
        "UPDATE files SET claims = ?, denials = ? WHERE id = ?",
        [.int(Int64(counts.claims)), .int(Int64(counts.denials)), .int(fileID)])
      try audit(
        "ingest", subject: name,
        detail:
          "\(kind), sha256 \(sha256.prefix(12)), \(counts.claims) claims, \(counts.denials) denials"
      )
      return true
    }
  }

  // MARK: Reading denials

  func loadDenial(_ s: Statement) throws -> StoredDenial {
    // Columns: id, payload, state, payer_key, reason_id, file name, segment.
    let id = s.int(0) ?? 0
    let payload = s.text(1) ?? "{}"
    let denied = try decoder.decode(DeniedClaim.self, from: Data(payload.utf8))
    return StoredDenial(
      id: id, denied: denied, state: s.text(2) ?? "open", payerKey: s.text(3) ?? "",
      reasonID: s.text(4), revision: nil,
      provenance: "\(s.text(5) ?? "?") segment \(s.int(6) ?? 0)", appeals: [], outcomes: [])
  }

  static let denialColumns = """
    SELECT d.id, d.payload, d.state, d.payer_key, d.reason_id, f.name, d.segment
    FROM denials d JOIN files f ON f.id = d.file_id
    """

  public func denial(ref: String) throws -> StoredDenial? {
    var found: StoredDenial?
    try db.query(
      Self.denialColumns
        + " WHERE d.account = ? OR d.payer_claim_number = ? ORDER BY d.id DESC LIMIT 1",
      [.text(ref), .text(ref)]
    ) { found = try loadDenial($0) }
    guard var denial = found else { return nil }
    try db.query(
      "SELECT id, level_id, sent_date, sent_by FROM appeals WHERE denial_id = ? ORDER BY id",
      [.int(denial.id)]
    ) { s in
      denial.appeals.append(
        AppealRecord(
          id: s.int(0) ?? 0, levelID: s.text(1) ?? "",
          date: Self.date(s.value(2)) ?? CalendarDate(year: 1970, month: 1, day: 1)!,
          proofs: [], by: s.text(3) ?? ""))
    }
    for i in denial.appeals.indices {
      try db.query(
        "SELECT proof_id FROM appeal_proofs WHERE appeal_id = ? ORDER BY rowid",
        [.int(denial.appeals[i].id)]
      ) { s in
        denial.appeals[i].proofs.append(s.text(0) ?? "")
      }
    }
    try db.query(
      "SELECT result, recovered_cents, decided_date, source, note, untimely FROM outcomes WHERE denial_id = ? ORDER BY id",
      [.int(denial.id)]
    ) { s in
      denial.outcomes.append(
        OutcomeRecord(
          result: s.text(0) ?? "", recovered: Self.money(s.int(1)),
          date: Self.date(s.value(2)) ?? CalendarDate(year: 1970, month: 1, day: 1)!,
          source: s.text(3) ?? "", note: s.text(4), untimely: s.int(5) == 1))
    }
    return denial
  }

  public func history(payerKey: String, reasonID: String) throws -> History {
    var history = History(decided: 0, overturned: 0, proofsInOverturned: [:])
    var overturnedAppeals: [Int64] = []
    try db.query(
      """
      SELECT o.result, o.appeal_id FROM outcomes o JOIN denials d ON d.id = o.denial_id
      WHERE d.payer_key = ? AND d.reason_id = ? AND o.result != 'withdrawn'
      """, [.text(payerKey), .text(reasonID)]
    ) { s in
      history.decided += 1
      let result = s.text(0) ?? ""
      if result == "overturned" || result == "partial" {
        history.overturned += 1
        if let appeal = s.int(1) { overturnedAppeals.append(appeal) }
      }
    }
    for appeal in overturnedAppeals {
      try db.query(
        "SELECT DISTINCT proof_id FROM appeal_proofs WHERE appeal_id = ?", [.int(appeal)]
      ) { s in
        history.proofsInOverturned[s.text(0) ?? "", default: 0] += 1
      }
    }
    return history
  }

  // MARK: People's changes

  func denialID(ref: String) throws -> Int64 {
    guard
      let id = try db.scalar(
        "SELECT id FROM denials WHERE account = ? OR payer_claim_number = ? ORDER BY id DESC LIMIT 1",
        [.text(ref), .text(ref)]
      ).int
    else {
      throw StoreError(
        "no stored denial for claim `\(ref)`",
        help: "give the patient control number or the payer claim number of an ingested denial")
    }
    return id
  }

  public func recordAppeal(
    denialID: Int64, levelID: String, proofs: [String], channel: String?, date: CalendarDate,
    by: String
  ) throws {
    try db.transaction {
      try db.run(
        "INSERT INTO appeals (denial_id, level_id, sent_date, channel, sent_by, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        [
          .int(denialID), .text(levelID), .text(date.description), Self.text(channel), .text(by),
          .text(Self.now()),
        ])
      let appealID = db.lastInsertID
      for proof in proofs {
        try db.run(
          "INSERT INTO appeal_proofs (appeal_id, proof_id) VALUES (?, ?)",
          [.int(appealID), .text(proof)])
      }
      try db.run(
        "UPDATE denials SET state = 'appealed', level_id = ? WHERE id = ?",
        [.text(levelID), .int(denialID)])
      try audit(
        "appeal-sent", subject: "denial \(denialID)",
        detail: "level \(levelID), proofs \(proofs.joined(separator: ",")), \(date)", who: by)
    }
  }

  public func recordOutcome(_ outcome: OutcomeEntry, by: String) throws {
    _ = try importOutcomes([outcome], by: by, file: "manual entry")
  }

  public func importOutcomes(_ outcomes: [OutcomeEntry], by: String, file: String) throws -> Int {
    try db.transaction {
      for o in outcomes {
        let id = try denialID(ref: o.claimRef)
        let appeal = try db.scalar(
          "SELECT id FROM appeals WHERE denial_id = ? ORDER BY id DESC LIMIT 1", [.int(id)])
        try db.run(
          """
          INSERT INTO outcomes (denial_id, appeal_id, result, recovered_cents, decided_date, untimely, note, source, created_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
          """,
          [
            .int(id), appeal, .text(o.result), .int(Self.cents(o.recovered)),
            .text(o.date.description), .int(o.untimely ? 1 : 0),
            Self.text(o.note), .text(file == "manual entry" ? "manual" : "import"),
            .text(Self.now()),
          ])
        if o.result == "upheld", let next = o.nextLevel {
          try db.run(
            "UPDATE denials SET state = 'open', action = 'appeal', level_id = ?, due_date = ? WHERE id = ?",
            [.text(next), Self.text(o.nextDue), .int(id)])
        } else {
          try db.run("UPDATE denials SET state = 'closed' WHERE id = ?", [.int(id)])
        }
        try audit(
          "outcome", subject: o.claimRef,
          detail: "\(o.result), recovered \(o.recovered), \(o.date) (\(file))", who: by)
      }
      return outcomes.count
    }
  }

  // MARK: Queries

  public func worklist(_ q: WorklistQuery) throws -> [WorklistItem] {
    var items: [WorklistItem] = []
    for slice in Self.worklistSlices {
      let left = q.limit - items.count
      guard left > 0 else { break }
      guard
        let (sql, values) = Self.worklistSQL(q, state: slice.state, dated: slice.dated, limit: left)
      else { continue }
      try db.query(sql, values) { s in
        let state = s.text(8) ?? "open"
        // The stored due date of an appealed denial is the filed level's: not a deadline now.
        let due = state == "appealed" ? nil : Self.date(s.value(7))
        items.append(
          WorklistItem(
            account: s.text(0) ?? "", payerClaimNumber: s.text(1), payer: s.text(2) ?? "",
            reason: s.text(3),
            denied: Self.money(s.int(4)),
            nextAction: state == "appealed" ? "await decision" : (s.text(5) ?? "appeal"),
            level: s.text(6), due: due, daysLeft: due.map { q.today.days(until: $0) }, state: state)
        )
      }
    }
    return items
  }

  /// The worklist order is open denials before appealed ones; within each, dated ones by due
  /// date (the overdue come first naturally), then undated ones; ties biggest first. That is
  /// `ORDER BY state = 'appealed', due_date IS NULL, due_date, denied_cents DESC`, which no index
  /// can give, so it is read as these four slices in turn, each in the order of the worklist
  /// indexes (state, due_date, denied_cents DESC), with or without payer or reason first: each
  /// slice reads only the rows it returns instead of sorting every open denial.
  static let worklistSlices: [(state: String, dated: Bool)] = [
    ("open", true), ("open", false), ("appealed", true), ("appealed", false),
  ]

  /// One slice's query; nil when the slice cannot hold a row of the query (undated denials are
  /// never due within some days).
  static func worklistSQL(_ q: WorklistQuery, state: String, dated: Bool, limit: Int) -> (
    String, [SQLValue]
  )? {
    var sql = """
      SELECT account, payer_claim_number, payer_key, reason_id, denied_cents, action, level_id, due_date, state
      FROM denials WHERE state = ?
      """
    var values: [SQLValue] = [.text(state)]
    // An appeal sent has no filing deadline left: it waits for the payer's decision.
    if state == "appealed", q.dueWithin != nil { return nil }
    if dated {
      sql += " AND due_date IS NOT NULL"
      if let days = q.dueWithin {
        sql += " AND due_date <= ?"
        values.append(.text(q.today.adding(days: days).description))
      }
    } else {
      if q.dueWithin != nil { return nil }
      sql += " AND due_date IS NULL"
    }
    if let payer = q.payer {
      sql += " AND payer_key = ?"
      values.append(.text(payer))
    }
    if let reason = q.reason {
      sql += " AND reason_id = ?"
      values.append(.text(reason))
    }
    sql +=
      dated
      ? " ORDER BY due_date, denied_cents DESC LIMIT ?" : " ORDER BY denied_cents DESC LIMIT ?"
    values.append(.int(Int64(limit)))
    return (sql, values)
  }

  public func statistics(by dimension: StatsDimension, since: CalendarDate?) throws -> [StatsRow] {
    let key: String
    var join = ""
    switch dimension {
    case .payer: key = "d.payer_key"
    case .reason: key = "COALESCE(d.reason_id, '(unplaybooked)')"
    case .level: key = "COALESCE(d.level_id, '(none)')"
    case .procedure: key = "COALESCE(d.procedure, '(none)')"
    case .proof:
      key = "p.proof_id"
      join = "JOIN appeals a0 ON a0.denial_id = d.id JOIN appeal_proofs p ON p.appeal_id = a0.id"
    }
    var filter = ""
    var values: [SQLValue] = []
    if let since {
      filter = "WHERE d.remit_date >= ?"
      values.append(.text(since.description))
    }
    var rows: [String: StatsRow] = [:]
    try db.query(
      """
      SELECT \(key) AS k, count(DISTINCT d.id), sum(d.denied_cents),
        count(DISTINCT CASE WHEN EXISTS (SELECT 1 FROM appeals a WHERE a.denial_id = d.id) THEN d.id END)
      FROM denials d \(join) \(filter) GROUP BY k
      """, values
    ) { s in
      let k = s.text(0) ?? "(none)"
      rows[k] = StatsRow(
        key: k, denials: Int(s.int(1) ?? 0), deniedAmount: Self.money(s.int(2)),
        appealed: Int(s.int(3) ?? 0), decided: 0,
        overturned: 0, recovered: 0, medianDaysToDecision: nil)
    }
    var days: [String: [Int]] = [:]
    try db.query(
      """
      SELECT \(key) AS k, o.result, o.recovered_cents, o.decided_date,
        (SELECT a.sent_date FROM appeals a WHERE a.id = o.appeal_id)
      FROM outcomes o JOIN denials d ON d.id = o.denial_id \(join) \(filter.isEmpty ? "WHERE" : filter + " AND") o.result != 'withdrawn'
      """, values
    ) { s in
      let k = s.text(0) ?? "(none)"
      var row =
        rows[k]
        ?? StatsRow(
          key: k, denials: 0, deniedAmount: 0, appealed: 0, decided: 0, overturned: 0, recovered: 0,
          medianDaysToDecision: nil)
      row.decided += 1
      let result = s.text(1) ?? ""
      if result == "overturned" || result == "partial" { row.overturned += 1 }
      row.recovered += Self.money(s.int(2))
      if let decided = Self.date(s.value(3)), let sent = Self.date(s.value(4)) {
        days[k, default: []].append(sent.days(until: decided))
      }
      rows[k] = row
    }
    for (k, list) in days {
      let sorted = list.sorted()
      let mid = sorted.count / 2
      rows[k]?.medianDaysToDecision =
        sorted.count % 2 == 1 ? Double(sorted[mid]) : Double(sorted[mid - 1] + sorted[mid]) / 2
    }
    return rows.values.sorted {
      $0.deniedAmount != $1.deniedAmount ? $0.deniedAmount > $1.deniedAmount : $0.key < $1.key
    }
  }

  public func audit(limit: Int) throws -> [AuditEntry] {
    var out: [AuditEntry] = []
    try db.query(
      "SELECT at, who, action, subject, detail FROM audit_log ORDER BY id DESC LIMIT ?",
      [.int(Int64(limit))]
    ) { s in
      out.append(
        AuditEntry(
          at: s.text(0) ?? "", who: s.text(1) ?? "", action: s.text(2) ?? "",
          subject: s.text(3) ?? "", detail: s.text(4)))
    }
    return out
  }

  public func denials(since: CalendarDate?) throws -> [StoredDenial] {
    var list: [StoredDenial] = []
    var index: [Int64: Int] = [:]
    let filter = since == nil ? "" : " WHERE d.remit_date >= ?"
    let values: [SQLValue] = since.map { [.text($0.description)] } ?? []
    try db.query(Self.denialColumns + filter + " ORDER BY d.id", values) { s in
      let d = try loadDenial(s)
      index[d.id] = list.count
      list.append(d)
    }
    try db.query("SELECT denial_id, revision FROM matches WHERE current = 1") { s in
      if let id = s.int(0), let i = index[id] { list[i].revision = s.text(1) }
    }
    var appealIndex: [Int64: (Int, Int)] = [:]
    try db.query("SELECT id, denial_id, level_id, sent_date, sent_by FROM appeals ORDER BY id") {
      s in
      guard let denial = s.int(1), let i = index[denial], let date = Self.date(s.value(3)) else {
        return
      }
      appealIndex[s.int(0) ?? 0] = (i, list[i].appeals.count)
      list[i].appeals.append(
        AppealRecord(
          id: s.int(0) ?? 0, levelID: s.text(2) ?? "", date: date, proofs: [], by: s.text(4) ?? ""))
    }
    try db.query("SELECT appeal_id, proof_id FROM appeal_proofs ORDER BY rowid") { s in
      guard let appeal = s.int(0), let (i, j) = appealIndex[appeal] else { return }
      list[i].appeals[j].proofs.append(s.text(1) ?? "")
    }
    try db.query(
      "SELECT denial_id, result, recovered_cents, decided_date, source, note, untimely FROM outcomes ORDER BY id"
    ) { s in
      guard let denial = s.int(0), let i = index[denial], let date = Self.date(s.value(3)) else {
        return
      }
      list[i].outcomes.append(
        OutcomeRecord(
          result: s.text(1) ?? "", recovered: Self.money(s.int(2)), date: date,
          source: s.text(4) ?? "", note: s.text(5),
          untimely: s.int(6) == 1))
    }
    return list
  }

  public func rematch(_ updates: [(denialID: Int64, match: MatchRecord)]) throws {
    guard !updates.isEmpty else { return }
    try db.transaction {
      for (id, m) in updates {
        try db.run(
          "UPDATE denials SET reason_id = ? WHERE id = ?", [Self.text(m.reasonID), .int(id)])
        try db.run(
          "UPDATE denials SET action = ?, level_id = ?, due_date = ? WHERE id = ? AND state = 'open'",
          [.text(m.action), Self.text(m.levelID), Self.text(m.dueDate), .int(id)])
        try db.run("UPDATE matches SET current = 0 WHERE denial_id = ?", [.int(id)])
        try db.run(
          "INSERT INTO matches (denial_id, reason_id, playbook, revision, matched_at) VALUES (?, ?, ?, ?, ?)",
          [
            .int(id), Self.text(m.reasonID), Self.text(m.playbook), Self.text(m.revision),
            .text(Self.now()),
          ])
      }
    }
  }

  public func submissions() throws -> [Case] {
    var out: [Case] = []
    try db.query(
      "SELECT payload FROM submissions WHERE id IN (SELECT max(id) FROM submissions GROUP BY account, payer_key) ORDER BY id"
    ) { s in
      if let text = s.text(0) { out.append(try decoder.decode(Case.self, from: Data(text.utf8))) }
    }
    return out
  }

  public func recordSuggestionDecision(
    id: String, fingerprint: String, decision: String, by: String, reason: String?
  ) throws {
    try db.transaction {
      try db.run(
        "INSERT INTO suggestion_decisions (suggestion_id, fingerprint, decision, who, at, reason) VALUES (?, ?, ?, ?, ?, ?)",
        [
          .text(id), .text(fingerprint), .text(decision), .text(by), .text(Self.now()),
          Self.text(reason),
        ])
      try audit("suggestion-\(decision)", subject: id, detail: reason, who: by)
    }
  }

  public func suggestionDecisions() throws -> [String: (decision: String, fingerprint: String)] {
    var out: [String: (decision: String, fingerprint: String)] = [:]
    try db.query(
      "SELECT suggestion_id, decision, fingerprint FROM suggestion_decisions ORDER BY id"
    ) { s in
      out[s.text(0) ?? ""] = (s.text(1) ?? "", s.text(2) ?? "")
    }
    return out
  }

  public func counts() throws -> [String: Int] {
    var out: [String: Int] = [:]
    for table in [
      "files", "submissions", "remittances", "denials", "matches", "appeals", "outcomes",
      "audit_log",
    ] {
      // Table names come from the fixed list above, never from input.
      out[table] = Int(try db.scalar("SELECT count(*) FROM \(table)").int ?? 0)
    }
    return out
  }
}
