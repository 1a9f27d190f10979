import Foundation
import Testing

@testable import OutcomeStore

@Suite struct SchemaTests {
  static let tables: Set<String> = [
    "files", "submissions", "submission_lines", "submission_diagnoses", "submission_attachments", "remittances", "denials",
    "denial_adjustments", "denial_remarks", "matches", "appeals", "appeal_proofs", "outcomes", "audit_log",
  ]

  /// Every table the migrations create.
  static var created: Set<String> {
    var names: Set<String> = []
    for migration in Schema.migrations {
      for part in migration.components(separatedBy: "CREATE TABLE ").dropFirst() {
        names.insert(String(part.prefix { $0 != " " && $0 != "(" }))
      }
    }
    return names
  }

  func tableNames(_ store: SQLiteOutcomeStore) throws -> Set<String> {
    var names: Set<String> = []
    try store.db.query("SELECT name FROM sqlite_master WHERE type = 'table'") { names.insert($0.text(0) ?? "") }
    return names
  }

  @Test func freshDatabaseIsMigratedToTheCurrentVersion() throws {
    let tmp = TempFolder()
    defer { tmp.cleanup() }
    let store = try SQLiteOutcomeStore(path: tmp.file("pb.db"), actor: "test")
    #expect(Schema.version == Schema.migrations.count)
    #expect(try rawInt(store, "PRAGMA user_version") == Int64(Schema.version))
    #expect(Self.tables.isSubset(of: Self.created))
    #expect(try tableNames(store) == Self.created)
  }

  @Test func walForeignKeysAndBusyTimeoutAreOn() throws {
    let tmp = TempFolder()
    defer { tmp.cleanup() }
    let store = try SQLiteOutcomeStore(path: tmp.file("pb.db"), actor: "test")
    #expect(try rawText(store, "PRAGMA journal_mode") == "wal")
    #expect(try rawInt(store, "PRAGMA foreign_keys") == 1)
    #expect(try rawInt(store, "PRAGMA busy_timeout") == 600000)
    // The file header records WAL (bytes 18 and 19 are 2), so every later connection uses it.
    let head = try #require(FileManager.default.contents(atPath: tmp.file("pb.db")))
    #expect(head.count >= 100 && head[18] == 2 && head[19] == 2)
  }

  @Test func foreignKeysAreEnforced() throws {
    let tmp = TempFolder()
    defer { tmp.cleanup() }
    let store = try SQLiteOutcomeStore(path: tmp.file("pb.db"), actor: "test")
    #expect(throws: StoreError.self) {
      try store.db.run("INSERT INTO remittances (file_id, segment) VALUES (?, ?)", [.int(999), .int(1)])
    }
    do {
      try store.db.run("INSERT INTO appeals (denial_id, level_id, sent_date, sent_by, created_at) VALUES (42, 'x', '2026-01-01', 'me', 'now')")
      Issue.record("an appeal of a missing denial was stored")
    } catch let e as StoreError {
      #expect(e.code.map { $0 & 0xFF } == 19)  // SQLITE_CONSTRAINT
      #expect(e.message.contains("FOREIGN KEY constraint failed"))
    }
    #expect(try store.counts()["appeals"] == 0)
  }

  @Test func reopeningKeepsDataAndDoesNotMigrateAgain() throws {
    let tmp = TempFolder()
    defer { tmp.cleanup() }
    let path = tmp.file("pb.db")
    do {
      let store = try SQLiteOutcomeStore(path: path, actor: "test")
      try seed(store, [DenialSpec(account: "A1", due: "2027-01-01")])
    }
    let again = try SQLiteOutcomeStore(path: path, create: false, actor: "test")
    #expect(try rawInt(again, "PRAGMA user_version") == Int64(Schema.version))
    #expect(try again.counts()["denials"] == 1)
    #expect(try again.counts()["files"] == 1)
    #expect(try tableNames(again) == Self.created)
  }

  @Test func anEmptyFileIsANewDatabase() throws {
    let tmp = TempFolder()
    defer { tmp.cleanup() }
    let path = tmp.file("empty.db")
    FileManager.default.createFile(atPath: path, contents: Data(), attributes: [.posixPermissions: 0o600])
    let store = try SQLiteOutcomeStore(path: path, actor: "test")
    #expect(try rawInt(store, "PRAGMA user_version") == Int64(Schema.version))
  }
}
