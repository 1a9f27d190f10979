import Foundation
import Testing

@testable import OutcomeStore

#if canImport(Glibc)
  import Glibc
#endif

/// Failure and load tests with the real `payerbook` executable in child processes.
@Suite(
  .serialized,
  .enabled(
    if: payerbookBinary != nil,
    "the payerbook executable was not found next to the tests (build it, or set PAYERBOOK_BIN)"),
  .enabled(
    if: canGenerate, "../shared/tools/gen835.py or python3 is missing: no generated 835 files"))
struct IngestProcessTests {
  var binary: String { payerbookBinary! }

  /// Denials and rows a file gives when ingested alone into a fresh database.
  func reference(_ files: [String], folder: StoreFolder, name: String) throws -> [String: Int] {
    let db = folder.file(name)
    for file in files {
      let (code, _, err) = store("ingest", db, [file])
      #expect(code == 0, "\(err)")
    }
    return try RawDB(db).counts()
  }

  @Test func twoProcessesAtOnceLoseAndDuplicateNothing() throws {
    let folder = StoreFolder()
    let a = try generate835(claims: 1200, seed: 11, folder: folder)
    let b = try generate835(claims: 1200, seed: 12, folder: folder)
    let refA = try reference([a], folder: folder, name: "ref-a.db")
    let refB = try reference([b], folder: folder, name: "ref-b.db")
    #expect(refA["denials"]! > 300 && refB["denials"]! > 300)

    // Both start on a database that does not exist yet: creation and migration race too.
    let db = folder.db
    let one = try Child(binary, ingestArguments(db, [a]), folder: folder)
    let two = try Child(binary, ingestArguments(db, [b]), folder: folder)
    let (c1, o1, e1) = one.wait()
    let (c2, o2, e2) = two.wait()
    #expect(c1 == 0, "\(e1)")
    #expect(c2 == 0, "\(e2)")
    #expect(o1.hasPrefix("ingested 1 file: 1200 claims, \(refA["denials"]!) denials"), "\(o1)")
    #expect(o2.hasPrefix("ingested 1 file: 1200 claims, \(refB["denials"]!) denials"), "\(o2)")
    let raw = try RawDB(db)
    let counts = try raw.counts()
    for table in [
      "files", "remittances", "denials", "denial_adjustments", "denial_remarks", "matches",
      "audit_log",
    ] {
      #expect(
        counts[table] == refA[table]! + refB[table]!,
        "\(table): \(counts[table] ?? -1) != \(refA[table]!) + \(refB[table]!)")
    }
    #expect(
      try raw.int(
        "SELECT count(*) FROM (SELECT DISTINCT account, payer_claim_number, remit_date FROM denials)"
      ) == counts["denials"])
    #expect(try raw.integrity() == "ok")
    #expect(try raw.int("SELECT count(*) FROM pragma_foreign_key_check") == 0)

    // The same file twice at once: one stores it, the other skips it.
    let db2 = folder.file("same.db")
    let three = try Child(binary, ingestArguments(db2, [a]), folder: folder)
    let four = try Child(binary, ingestArguments(db2, [a]), folder: folder)
    let r3 = three.wait(), r4 = four.wait()
    #expect(r3.0 == 0 && r4.0 == 0, "\(r3.2) \(r4.2)")
    let outputs = [r3.1, r4.1].sorted()
    #expect(outputs[0].hasPrefix("ingested 0 files (1 skipped): 0 claims, 0 denials"), "\(outputs)")
    #expect(
      outputs[1].hasPrefix("ingested 1 file: 1200 claims, \(refA["denials"]!) denials"),
      "\(outputs)")
    #expect(
      [r3.2, r4.2].filter { $0.contains("was already ingested (same sha256); skipped") }.count == 1)
    #expect(try RawDB(db2).counts() == refA)
  }

  /// Round after round, two processes create the same new database at once. One once found the
  /// other's freshly migrated database between reading its version and its tables, took it for
  /// a foreign SQLite file and exited 2; the check now reads both in one read transaction.
  @Test func twoProcessesCreatingOneDatabaseNeverTakeItForAForeignOne() throws {
    let folder = StoreFolder()
    let a = try generate835(claims: 30, seed: 31, folder: folder)
    let b = try generate835(claims: 30, seed: 32, folder: folder)
    for round in 0..<12 {
      let db = folder.file("race-\(round).db")
      let one = try Child(binary, ingestArguments(db, [a]), folder: folder)
      let two = try Child(binary, ingestArguments(db, [b]), folder: folder)
      let (c1, _, e1) = one.wait()
      let (c2, _, e2) = two.wait()
      #expect(c1 == 0 && c2 == 0, "round \(round): \(e1) \(e2)")
      #expect(try RawDB(db).counts()["files"] == 2, "round \(round)")
    }
  }

  @Test func aKilledIngestLeavesAConsistentDatabaseAndTheRerunCompletesIt() throws {
    let folder = StoreFolder()
    let claims =
      Int(ProcessInfo.processInfo.environment["PAYERBOOK_KILL_TEST_CLAIMS"] ?? "") ?? 4000
    let big = try generate835(claims: claims, seed: 21, folder: folder)
    let db = folder.db
    #expect(store("ingest", db, Sample.all).0 == 0)
    let before = try RawDB(db).counts()

    let child = try Child(binary, ingestArguments(db, [big]), folder: folder)
    // Wait until the child holds the write lock (its file transaction is open), then a little more.
    let probe = try SQLiteDatabase(path: db, create: false)
    try probe.execute("PRAGMA busy_timeout = 0")
    var inTransaction = false
    let deadline = Date().addingTimeInterval(30)
    while child.process.isRunning, Date() < deadline {
      do {
        try probe.execute("BEGIN IMMEDIATE")
        try probe.execute("ROLLBACK")
      } catch let e as StoreError where (e.code ?? 0) & 0xFF == 5 {  // SQLITE_BUSY
        inTransaction = true
        break
      }
      usleep(20_000)
    }
    try #require(
      inTransaction, "the child finished or never started its transaction; use a larger file")
    usleep(400_000)
    #expect(child.process.isRunning, "the child finished before it could be killed")
    kill(child.process.processIdentifier, SIGKILL)
    child.process.waitUntilExit()
    #expect(child.process.terminationReason == .uncaughtSignal)
    #expect(child.process.terminationStatus == SIGKILL)

    let raw = try RawDB(db)
    #expect(try raw.integrity() == "ok")
    #expect(try raw.int("SELECT count(*) FROM pragma_foreign_key_check") == 0)
    #expect(try raw.counts() == before, "the killed ingest left rows behind")
    #expect(try raw.int("SELECT count(*) FROM files WHERE name LIKE '%gen-%'") == 0)

    // The rerun stores the whole file, like a clean ingest.
    let (code, out, err) = try Child(binary, ingestArguments(db, [big]), folder: folder).wait()
    #expect(code == 0, "\(err)")
    #expect(out.hasPrefix("ingested 1 file: \(claims) claims"), "\(out)")
    let clean = try reference(Sample.all + [big], folder: folder, name: "clean.db")
    #expect(try RawDB(db).counts() == clean)
    #expect(try RawDB(db).integrity() == "ok")
  }

  @Test func aFullDiskGivesAClearErrorAndKeepsTheData() throws {
    // A file size limit (ulimit -f, with SIGXFSZ ignored so writes fail with EFBIG) on the
    // child: every write past the limit fails as on a full disk, without needing root.
    let folder = StoreFolder()
    let big = try generate835(claims: 3000, seed: 31, folder: folder)
    let db = folder.db
    #expect(store("ingest", db, Sample.all).0 == 0)
    let before = try RawDB(db).counts()
    let bytesBefore = FileManager.default.contents(atPath: db)
    let size =
      (try FileManager.default.attributesOfItem(atPath: db)[.size] as? NSNumber)?.intValue ?? 0
    let limitKB = max(64, size / 1024 + 16)
    let command =
      "trap '' XFSZ; ulimit -f \(limitKB); exec '\(binary)' "
      + ingestArguments(db, [big]).map { "'\($0)'" }.joined(separator: " ")
    let (code, out, err) = try shell(command, folder: folder)
    #expect(code == 2, "exit \(code); \(out) \(err)")
    #expect(out.isEmpty)
    #expect(err.hasPrefix("payerbook: error: database error"), "\(err)")
    #expect(err.contains(db))
    #expect(err.contains("help: the disk") && err.contains("nothing was half-written"), "\(err)")
    let raw = try RawDB(db)
    #expect(try raw.integrity() == "ok")
    #expect(try raw.counts() == before)
    _ = bytesBefore
    // With space again, the same file goes in.
    let (again, _, againErr) = try Child(binary, ingestArguments(db, [big]), folder: folder).wait()
    #expect(again == 0, "\(againErr)")
  }
}
