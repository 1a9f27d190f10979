/// The SQLite schema, as numbered migrations. `PRAGMA user_version` records how many have been
/// applied; opening a database applies the missing ones in one transaction, and refuses a
/// database whose version is newer than this build knows.
///
/// Money is stored as integer cents, dates as `YYYY-MM-DD` text. Patient names are stored only
/// when ingest was asked to keep them (`patient_name` columns stay NULL otherwise).
enum Schema {
  static let migrations: [String] = [
    // 1: the first schema.
    """
    CREATE TABLE files (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      sha256 TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL,
      ingested_at TEXT NOT NULL,
      claims INTEGER NOT NULL DEFAULT 0,
      denials INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE submissions (
      id INTEGER PRIMARY KEY,
      file_id INTEGER NOT NULL REFERENCES files(id),
      account TEXT NOT NULL,
      payer_key TEXT NOT NULL,
      payer_id TEXT,
      payer_name TEXT,
      plan_type TEXT,
      place_of_service TEXT,
      total_cents INTEGER NOT NULL,
      service_from TEXT,
      submission_date TEXT,
      prior_auth TEXT,
      prior_auth_expires TEXT,
      original_reference TEXT,
      patient_name TEXT,
      payload TEXT NOT NULL
    );
    CREATE INDEX submissions_account ON submissions(account);
    CREATE TABLE submission_lines (
      submission_id INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      procedure TEXT NOT NULL,
      modifiers TEXT NOT NULL,
      charge_cents INTEGER NOT NULL,
      units TEXT NOT NULL,
      service_from TEXT,
      line_control TEXT,
      PRIMARY KEY (submission_id, seq)
    );
    CREATE TABLE submission_diagnoses (
      submission_id INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      code TEXT NOT NULL,
      PRIMARY KEY (submission_id, seq)
    );
    CREATE TABLE submission_attachments (
      submission_id INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
      report_type TEXT NOT NULL,
      transmission TEXT NOT NULL
    );
    CREATE TABLE remittances (
      id INTEGER PRIMARY KEY,
      file_id INTEGER NOT NULL REFERENCES files(id),
      payer_id TEXT,
      payer_name TEXT,
      payment_date TEXT,
      notice_date TEXT,
      trace TEXT,
      segment INTEGER NOT NULL
    );
    CREATE TABLE denials (
      id INTEGER PRIMARY KEY,
      remittance_id INTEGER NOT NULL REFERENCES remittances(id),
      file_id INTEGER NOT NULL REFERENCES files(id),
      segment INTEGER NOT NULL,
      account TEXT NOT NULL,
      payer_claim_number TEXT,
      payer_key TEXT NOT NULL,
      plan_type TEXT,
      billed_cents INTEGER NOT NULL,
      paid_cents INTEGER NOT NULL,
      denied_cents INTEGER NOT NULL,
      partial INTEGER NOT NULL,
      service_from TEXT,
      remit_date TEXT,
      submission_id INTEGER REFERENCES submissions(id),
      state TEXT NOT NULL,
      reason_id TEXT,
      action TEXT NOT NULL,
      level_id TEXT,
      due_date TEXT,
      procedure TEXT,
      patient_name TEXT,
      payload TEXT NOT NULL,
      UNIQUE (file_id, segment)
    );
    CREATE INDEX denials_open_due ON denials(state, due_date);
    CREATE INDEX denials_account ON denials(account);
    CREATE INDEX denials_claim_number ON denials(payer_claim_number);
    CREATE INDEX denials_reason ON denials(payer_key, reason_id);
    CREATE TABLE denial_adjustments (
      denial_id INTEGER NOT NULL REFERENCES denials(id) ON DELETE CASCADE,
      grp TEXT NOT NULL,
      carc TEXT NOT NULL,
      amount_cents INTEGER NOT NULL
    );
    CREATE INDEX denial_adjustments_denial ON denial_adjustments(denial_id);
    CREATE TABLE denial_remarks (
      denial_id INTEGER NOT NULL REFERENCES denials(id) ON DELETE CASCADE,
      code TEXT NOT NULL
    );
    CREATE INDEX denial_remarks_denial ON denial_remarks(denial_id);
    CREATE TABLE matches (
      id INTEGER PRIMARY KEY,
      denial_id INTEGER NOT NULL REFERENCES denials(id) ON DELETE CASCADE,
      reason_id TEXT,
      playbook TEXT,
      revision TEXT,
      matched_at TEXT NOT NULL,
      current INTEGER NOT NULL DEFAULT 1
    );
    CREATE INDEX matches_denial ON matches(denial_id);
    CREATE TABLE appeals (
      id INTEGER PRIMARY KEY,
      denial_id INTEGER NOT NULL REFERENCES denials(id),
      level_id TEXT NOT NULL,
      sent_date TEXT NOT NULL,
      channel TEXT,
      sent_by TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE INDEX appeals_denial ON appeals(denial_id);
    CREATE TABLE appeal_proofs (
      appeal_id INTEGER NOT NULL REFERENCES appeals(id) ON DELETE CASCADE,
      proof_id TEXT NOT NULL
    );
    CREATE INDEX appeal_proofs_appeal ON appeal_proofs(appeal_id);
    CREATE TABLE outcomes (
      id INTEGER PRIMARY KEY,
      denial_id INTEGER NOT NULL REFERENCES denials(id),
      appeal_id INTEGER REFERENCES appeals(id),
      result TEXT NOT NULL,
      recovered_cents INTEGER NOT NULL DEFAULT 0,
      decided_date TEXT NOT NULL,
      untimely INTEGER NOT NULL DEFAULT 0,
      note TEXT,
      source TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE INDEX outcomes_denial ON outcomes(denial_id);
    CREATE TABLE audit_log (
      id INTEGER PRIMARY KEY,
      at TEXT NOT NULL,
      who TEXT NOT NULL,
      action TEXT NOT NULL,
      subject TEXT NOT NULL,
      detail TEXT
    );
    """,
    // 2: decisions on playbook suggestions (reject until the evidence changes; approvals).
    """
    CREATE TABLE suggestion_decisions (
      id INTEGER PRIMARY KEY,
      suggestion_id TEXT NOT NULL,
      fingerprint TEXT NOT NULL,
      decision TEXT NOT NULL,
      who TEXT NOT NULL,
      at TEXT NOT NULL,
      reason TEXT
    );
    CREATE INDEX suggestion_decisions_id ON suggestion_decisions(suggestion_id);
    """,
    // 3: worklist indexes. The worklist reads each state's dated denials by due date, then
    // its undated ones, biggest first (see `SQLiteOutcomeStore.worklist`); these indexes hold
    // that order, for all payers, one payer or one reason, so a query reads only the rows it
    // returns instead of sorting every open denial. They replace (state, due_date) and
    // (payer_key, reason_id), which are their prefixes.
    """
    DROP INDEX denials_open_due;
    DROP INDEX denials_reason;
    CREATE INDEX denials_worklist ON denials(state, due_date, denied_cents DESC);
    CREATE INDEX denials_worklist_payer ON denials(payer_key, state, due_date, denied_cents DESC);
    CREATE INDEX denials_worklist_reason ON denials(reason_id, state, due_date, denied_cents DESC);
    """,
  ]

  /// The schema version this build writes.
  static var version: Int { migrations.count }
}
