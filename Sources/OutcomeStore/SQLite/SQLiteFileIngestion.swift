import Claims
import Evaluation
import Foundation

/// The writes of one file's ingest, all inside the file's transaction.
struct SQLiteFileIngestion: FileIngestion {
  let store: SQLiteOutcomeStore
  let fileID: Int64
  /// Whether any denial was in the appealed state when the file's transaction began. Nothing a
  /// file ingest does puts a denial into that state (decisions reopen or close them, new
  /// denials are open), so when there was none, no claim of the file can decide an appeal and
  /// the per-claim lookup is skipped.
  var anyAppealed = true
  var db: SQLiteDatabase { store.db }

  func addSubmission(_ c: Case, payerKey: String, patientName: String?) throws -> [StoredDenial] {
    var stored = c
    stored.patient = nil  // names and member ids never go into the payload
    let service = c.lines.compactMap(\.serviceFrom).min()
    try db.run(
      """
      INSERT INTO submissions (file_id, account, payer_key, payer_id, payer_name, plan_type, place_of_service, total_cents,
        service_from, submission_date, prior_auth, prior_auth_expires, original_reference, patient_name, payload)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """,
      [.int(fileID), .text(c.patientControlNumber), .text(payerKey), SQLiteOutcomeStore.text(c.payer.id),
       SQLiteOutcomeStore.text(c.payer.name), SQLiteOutcomeStore.text(c.planType), SQLiteOutcomeStore.text(c.placeOfService),
       .int(SQLiteOutcomeStore.cents(c.totalCharge)), SQLiteOutcomeStore.text(service), SQLiteOutcomeStore.text(c.submissionDate),
       SQLiteOutcomeStore.text(c.priorAuthorization?.number), SQLiteOutcomeStore.text(c.priorAuthorization?.expires),
       SQLiteOutcomeStore.text(c.originalClaimReference), SQLiteOutcomeStore.text(patientName), .text(try store.json(stored))])
    let id = db.lastInsertID
    for (i, line) in c.lines.enumerated() {
      try db.run(
        """
        INSERT INTO submission_lines (submission_id, seq, procedure, modifiers, charge_cents, units, service_from, line_control)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [.int(id), .int(Int64(i + 1)), .text(line.procedure.code), .text(line.procedure.modifiers.joined(separator: ":")),
         .int(SQLiteOutcomeStore.cents(line.charge)), .text("\(line.units)"), SQLiteOutcomeStore.text(line.serviceFrom),
         SQLiteOutcomeStore.text(line.lineControlNumber)])
    }
    for (i, d) in c.diagnoses.enumerated() {
      try db.run("INSERT INTO submission_diagnoses (submission_id, seq, code) VALUES (?, ?, ?)", [.int(id), .int(Int64(i + 1)), .text(d.code)])
    }
    for a in c.attachments {
      try db.run("INSERT INTO submission_attachments (submission_id, report_type, transmission) VALUES (?, ?, ?)", [.int(id), .text(a.reportType), .text(a.transmissionCode)])
    }
    // Denials that arrived before their claim: link them now.
    var waiting: [StoredDenial] = []
    try db.query(
      SQLiteOutcomeStore.denialColumns + " WHERE d.account = ? AND d.payer_key = ? AND d.submission_id IS NULL",
      [.text(c.patientControlNumber), .text(payerKey)]
    ) { waiting.append(try store.loadDenial($0)) }
    for w in waiting { try db.run("UPDATE denials SET submission_id = ? WHERE id = ?", [.int(id), .int(w.id)]) }
    return waiting
  }

  func submission(account: String, payerKey: String) throws -> Case? {
    let payload = try db.scalar(
      "SELECT payload FROM submissions WHERE account = ? AND payer_key = ? ORDER BY id DESC LIMIT 1", [.text(account), .text(payerKey)])
    guard let text = payload.text else { return nil }
    return try store.decoder.decode(Case.self, from: Data(text.utf8))
  }

  func addRemittance(payerID: String?, payerName: String?, paymentDate: CalendarDate?, noticeDate: CalendarDate?, trace: String?, segment: Int) throws -> Int64 {
    try db.run(
      "INSERT INTO remittances (file_id, payer_id, payer_name, payment_date, notice_date, trace, segment) VALUES (?, ?, ?, ?, ?, ?, ?)",
      [.int(fileID), SQLiteOutcomeStore.text(payerID), SQLiteOutcomeStore.text(payerName), SQLiteOutcomeStore.text(paymentDate),
       SQLiteOutcomeStore.text(noticeDate), SQLiteOutcomeStore.text(trace), .int(Int64(segment))])
    return db.lastInsertID
  }

  func appealedDenial(account: String, payerClaimNumber: String?, payerKey: String) throws -> AppealedDenial? {
    guard anyAppealed else { return nil }
    var found: (Int64, String)?
    // The unary `+` keeps SQLite from searching by state or payer key (every denial of a payer
    // would be read, for every claim): it looks the claim up by account and payer claim number
    // (the two indexes, OR-ed) and filters those few rows.
    try db.query(
      """
      SELECT id, payload FROM denials
      WHERE +state = 'appealed' AND +payer_key = ? AND (account = ? OR (payer_claim_number IS NOT NULL AND payer_claim_number = ?))
      ORDER BY id DESC LIMIT 1
      """, [.text(payerKey), .text(account), SQLiteOutcomeStore.text(payerClaimNumber)]
    ) { s in found = (s.int(0) ?? 0, s.text(1) ?? "{}") }
    guard let (id, payload) = found else { return nil }
    var appeal: (Int64, String)?
    try db.query("SELECT id, level_id FROM appeals WHERE denial_id = ? ORDER BY id DESC LIMIT 1", [.int(id)]) { s in
      appeal = (s.int(0) ?? 0, s.text(1) ?? "")
    }
    guard let (appealID, level) = appeal else { return nil }
    let denied = try store.decoder.decode(DeniedClaim.self, from: Data(payload.utf8))
    return AppealedDenial(id: id, denied: denied, lastLevel: level, appealID: appealID)
  }

  func recordDecision(_ d: RemitDecision) throws {
    try db.run(
      """
      INSERT INTO outcomes (denial_id, appeal_id, result, recovered_cents, decided_date, untimely, note, source, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, 'remit', ?)
      """,
      [.int(d.denialID), .int(d.appealID), .text(d.result), .int(SQLiteOutcomeStore.cents(d.recovered)), .text(d.date.description),
       .int(d.untimely ? 1 : 0), .text("recorded from a later remittance"), .text(SQLiteOutcomeStore.now())])
    if d.result == "upheld", let next = d.nextLevel {
      try db.run(
        "UPDATE denials SET state = 'open', level_id = ?, due_date = ?, action = 'appeal' WHERE id = ?",
        [.text(next), SQLiteOutcomeStore.text(d.nextDue), .int(d.denialID)])
    } else {
      try db.run("UPDATE denials SET state = 'closed' WHERE id = ?", [.int(d.denialID)])
    }
  }

  func addDenial(_ r: RemitClaim) throws -> Int64? {
    let c = r.claim
    let duplicate = try db.scalar(
      """
      SELECT 1 FROM denials WHERE payer_key = ? AND account = ? AND payer_claim_number IS ? AND remit_date IS ? AND file_id != ?
      """,
      [.text(r.payerKey), .text(c.patientControlNumber), SQLiteOutcomeStore.text(c.payerClaimNumber), SQLiteOutcomeStore.text(c.remitDate), .int(fileID)])
    if duplicate != .null { return nil }
    let submission = try db.scalar(
      "SELECT id FROM submissions WHERE account = ? AND payer_key = ? ORDER BY id DESC LIMIT 1", [.text(c.patientControlNumber), .text(r.payerKey)])
    let procedure = (c.lines.first(where: \.denied) ?? c.lines.first)?.procedure.code
    try db.run(
      """
      INSERT INTO denials (remittance_id, file_id, segment, account, payer_claim_number, payer_key, plan_type, billed_cents,
        paid_cents, denied_cents, partial, service_from, remit_date, submission_id, state, reason_id, action, level_id,
        due_date, procedure, patient_name, payload)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?)
      """,
      [.int(r.remittanceID), .int(fileID), .int(Int64(r.segment)), .text(c.patientControlNumber),
       SQLiteOutcomeStore.text(c.payerClaimNumber), .text(r.payerKey), SQLiteOutcomeStore.text(c.planType),
       .int(SQLiteOutcomeStore.cents(c.billed)), .int(SQLiteOutcomeStore.cents(c.paid)), .int(SQLiteOutcomeStore.cents(c.deniedAmount)),
       .int(c.partial ? 1 : 0), SQLiteOutcomeStore.text(c.serviceFrom), SQLiteOutcomeStore.text(c.remitDate), submission,
       SQLiteOutcomeStore.text(r.match?.reasonID), .text(r.match?.action ?? "appeal"), SQLiteOutcomeStore.text(r.match?.levelID),
       SQLiteOutcomeStore.text(r.match?.dueDate), SQLiteOutcomeStore.text(procedure), SQLiteOutcomeStore.text(r.patientName),
       .text(try store.json(c))])
    let id = db.lastInsertID
    for a in c.adjustments {
      try db.run(
        "INSERT INTO denial_adjustments (denial_id, grp, carc, amount_cents) VALUES (?, ?, ?, ?)",
        [.int(id), .text(a.group), .text(a.reason), .int(SQLiteOutcomeStore.cents(a.amount))])
    }
    for remark in c.remarks { try db.run("INSERT INTO denial_remarks (denial_id, code) VALUES (?, ?)", [.int(id), .text(remark)]) }
    // A new denial has no earlier match to retire.
    if let m = r.match { try insertMatch(id, m, retire: false) }
    return id
  }

  func insertMatch(_ denialID: Int64, _ m: MatchRecord, retire: Bool = true) throws {
    if retire { try db.run("UPDATE matches SET current = 0 WHERE denial_id = ?", [.int(denialID)]) }
    try db.run(
      "INSERT INTO matches (denial_id, reason_id, playbook, revision, matched_at) VALUES (?, ?, ?, ?, ?)",
      [.int(denialID), SQLiteOutcomeStore.text(m.reasonID), SQLiteOutcomeStore.text(m.playbook), SQLiteOutcomeStore.text(m.revision),
       .text(SQLiteOutcomeStore.now())])
  }

  func updateMatch(denialID: Int64, denied: DeniedClaim, match m: MatchRecord) throws {
    try db.run("UPDATE denials SET payload = ?, reason_id = ? WHERE id = ?", [.text(try store.json(denied)), SQLiteOutcomeStore.text(m.reasonID), .int(denialID)])
    // Until someone appeals, the next action follows the new match.
    try db.run(
      "UPDATE denials SET action = ?, level_id = ?, due_date = ? WHERE id = ? AND state = 'open'",
      [.text(m.action), SQLiteOutcomeStore.text(m.levelID), SQLiteOutcomeStore.text(m.dueDate), .int(denialID)])
    try insertMatch(denialID, m)
  }
}
