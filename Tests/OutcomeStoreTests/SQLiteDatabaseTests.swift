import Foundation
import Testing

@testable import OutcomeStore

@Suite struct SQLiteDatabaseTests {
  func mode(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
  }

  func bytes(_ path: String) -> Data { FileManager.default.contents(atPath: path) ?? Data() }

  /// Opening `path` must fail with a message containing `words`, leaving the file byte for byte.
  func expectRefused(_ path: String, _ words: String, help: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
    let before = bytes(path)
    do {
      _ = try SQLiteOutcomeStore(path: path, actor: "test")
      Issue.record("`\(path)` was opened", sourceLocation: sourceLocation)
    } catch let e as StoreError {
      #expect(e.message.contains(words), "message: \(e.message)", sourceLocation: sourceLocation)
      #expect(e.message.contains(path), "the message names the file: \(e.message)", sourceLocation: sourceLocation)
      #expect(e.help != nil, sourceLocation: sourceLocation)
      if let help { #expect(e.help?.contains(help) == true, "help: \(e.help ?? "")", sourceLocation: sourceLocation) }
    } catch {
      Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
    }
    #expect(bytes(path) == before, "the file was changed", sourceLocation: sourceLocation)
    // Opening for reading (worklist, stats) is refused the same way.
    #expect(throws: StoreError.self, sourceLocation: sourceLocation) { _ = try SQLiteOutcomeStore(path: path, create: false, actor: "test") }
    #expect(bytes(path) == before, "the file was changed", sourceLocation: sourceLocation)
  }

  /// A real Payerbook database with some rows, closed.
  func payerbookDatabase(_ path: String, rows: Int = 1) throws {
    let store = try SQLiteOutcomeStore(path: path, actor: "test")
    try seed(store, (0..<rows).map { DenialSpec(account: "A\($0)", due: "2027-01-01") })
  }

  @Test func createdOwnerOnly() throws {
    let tmp = TempFolder()
    defer { tmp.cleanup() }
    let path = tmp.file("pb.db")
    let oldMask = umask(0o022)
    defer { umask(oldMask) }
    let store = try SQLiteOutcomeStore(path: path, actor: "test")
    try seed(store, [DenialSpec(account: "A1")])
    #expect(try mode(path) == 0o600)
    // SQLite gives the WAL and shared-memory files the database file's permissions.
    for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
      #expect(try mode(path + suffix) == 0o600, "\(suffix)")
    }
  }

  @Test func missingDatabaseIsNotCreatedByReadingCommands() {
    let tmp = TempFolder()
    defer { tmp.cleanup() }
    let path = tmp.file("none.db")
    #expect(throws: StoreError.self) { _ = try SQLiteOutcomeStore(path: path, create: false, actor: "test") }
    #expect(!FileManager.default.fileExists(atPath: path))
  }

  @Test func missingFolderGivesAClearError() {
    let path = "/nonexistent-\(UUID().uuidString)/pb.db"
    do {
      _ = try SQLiteOutcomeStore(path: path, actor: "test")
      Issue.record("opened")
    } catch let e as StoreError {
      #expect(e.message == "cannot create the database `\(path)`: No such file or directory")
      #expect(e.help == "check that the folder exists and is writable, or pass --db PATH")
    } catch { Issue.record("\(error)") }
  }

  @Test func randomBytesAreRefused() throws {
    let tmp = TempFolder()
    defer { tmp.cleanup() }
    let path = tmp.file("random.db")
    var generator = SystemRandomNumberGenerator()
    let data = Data((0..<8192).map { _ in UInt8.random(in: 0...255, using: &generator) })
    try data.write(to: URL(fileURLWithPath: path))
    expectRefused(path, "is not a Payerbook database")
    // Text that is not SQLite either (someone's spreadsheet passed as --db).
    let csv = tmp.file("outcomes.csv")
    try Data("claim_ref,result\nACC1001,overturned\n".utf8).write(to: URL(fileURLWithPath: csv))
    expectRefused(csv, "is not a Payerbook database")
  }

  @Test func truncatedDatabaseIsRefused() throws {
    let tmp = TempFolder()
    defer { tmp.cleanup() }
    let full = tmp.file("full.db")
    try payerbookDatabase(full, rows: 300)
    let original = bytes(full)
    #expect(original.count > 8 * 4096)
    // Cut inside the first page (the header survives), and after a few pages.
    for cut in [100, 1500, 3 * 4096 + 17] {
      let path = tmp.file("cut-\(cut).db")
      try original.prefix(cut).write(to: URL(fileURLWithPath: path))
      expectRefused(path, "database disk image is malformed", help: "damaged")
    }
  }

  @Test func foreignSQLiteDatabaseIsRefused() throws {
    let tmp = TempFolder()
    defer { tmp.cleanup() }
    let path = tmp.file("other.db")
    do {
      let other = try SQLiteDatabase(path: path, create: true)
      try other.execute("CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup')")
    }
    expectRefused(path, "is an SQLite database but not a Payerbook one")
  }

  @Test func newerSchemaIsRefused() throws {
    let tmp = TempFolder()
    defer { tmp.cleanup() }
    let path = tmp.file("newer.db")
    try payerbookDatabase(path)
    do {
      let raw = try SQLiteDatabase(path: path, create: false)
      try raw.execute("PRAGMA user_version = 99")
      try raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    }
    expectRefused(path, "was written by a newer Payerbook (schema 99; this build knows up to \(Schema.version))")
  }

  @Test func boundParametersFindNothingAndBreakNothing() throws {
    let tmp = TempFolder()
    defer { tmp.cleanup() }
    let store = try SQLiteOutcomeStore(path: tmp.file("pb.db"), actor: "test")
    try seed(store, [
      DenialSpec(account: "ACC1001", claimNumber: "C1", due: "2027-01-01"),
      DenialSpec(account: "O'Brien-7", claimNumber: "C2", due: "2027-01-02"),
    ])
    let before = try store.counts()
    let injection = "x' OR '1'='1"
    #expect(try store.denial(ref: injection) == nil)
    #expect(try store.denial(ref: "x\" OR \"1\"=\"1") == nil)
    #expect(try store.denial(ref: "'; DROP TABLE denials; --") == nil)
    #expect(try store.worklist(WorklistQuery(today: day("2026-12-01"), payer: injection)).isEmpty)
    #expect(try store.worklist(WorklistQuery(today: day("2026-12-01"), reason: injection)).isEmpty)
    #expect(throws: StoreError.self) {
      try store.recordOutcome(OutcomeEntry(claimRef: injection, result: "upheld", recovered: 0, date: day("2027-01-01"), note: nil), by: "t")
    }
    #expect(try store.history(payerKey: injection, reasonID: injection) == History(decided: 0, overturned: 0, proofsInOverturned: [:]))
    // A quote inside a real value is stored and found as written.
    #expect(try store.denial(ref: "O'Brien-7")?.denied.payerClaimNumber == "C2")
    #expect(try store.counts() == before)
    #expect(try store.worklist(WorklistQuery(today: day("2026-12-01"))).map(\.account) == ["ACC1001", "O'Brien-7"])
  }

  @Test func aFailedTransactionLeavesNothing() throws {
    let tmp = TempFolder()
    defer { tmp.cleanup() }
    let store = try SQLiteOutcomeStore(path: tmp.file("pb.db"), actor: "test")
    struct Boom: Error {}
    #expect(throws: Boom.self) {
      _ = try store.ingestFile(name: "half.835", sha256: SHA("half"), kind: "835") { tx in
        let r = try tx.addRemittance(payerID: "1", payerName: nil, paymentDate: nil, noticeDate: nil, trace: nil, segment: 1)
        _ = try tx.addDenial(RemitClaim(remittanceID: r, segment: 2, claim: DenialSpec(account: "A").claim, payerKey: "p", match: nil, patientName: nil))
        throw Boom()
      }
    }
    #expect(try store.counts().values.allSatisfy { $0 == 0 })
    // The same file can then be ingested.
    try seed(store, [DenialSpec(account: "A")], file: "half.835")
    #expect(try store.counts()["denials"] == 1)
  }
}
