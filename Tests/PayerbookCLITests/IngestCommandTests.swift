import Foundation
import Testing

@testable import OutcomeStore
@testable import PayerbookCLI

#if canImport(Glibc)
  import Glibc
#endif

@Suite struct IngestCommandTests {
  @Test func samplesThenTheSameFilesAgainChangeNothing() throws {
    let f = StoreFolder()
    let (code, out, err) = store("ingest", f.db, Sample.all)
    #expect(code == 0, "\(err)")
    #expect(err.isEmpty)
    #expect(
      out
        == "ingested 5 files: 12 claims, 5 denials, $6,650.00 denied, 1 unplaybooked, 5 linked to their claim\n"
    )
    let counts = try RawDB(f.db).counts()
    let (_, worklist, _) = store("worklist", f.db, ["--format", "csv"])
    let (again, out2, err2) = store("ingest", f.db, Sample.all)
    #expect(again == 0)
    #expect(
      out2 == "ingested 0 files (5 skipped): 0 claims, 0 denials, $0.00 denied, 0 unplaybooked\n")
    #expect(
      err2
        == Sample.all.map { "note: \($0) was already ingested (same sha256); skipped\n" }.joined())
    #expect(try RawDB(f.db).counts() == counts)
    #expect(store("worklist", f.db, ["--format", "csv"]).1 == worklist)
  }

  /// Ingest reads a file twice (its fingerprint, then its contents): a FIFO or a device is
  /// refused before it is opened (no hang, no fingerprint stored), and the real file then
  /// ingests in full instead of being skipped as already seen.
  @Test func pipesAndDevicesAreRefusedAndLeaveNoFingerprint() throws {
    let f = StoreFolder()
    let fifo = f.file("remit.fifo")
    #expect(mkfifo(fifo, 0o600) == 0)
    for input in [fifo, "/dev/null"] {
      let (code, _, err) = store("ingest", f.db, [input])
      #expect(code != 0)
      #expect(err.contains("`\(input)` is not a regular file (a pipe or a device)"), "\(err)")
      #expect(err.contains("save the data to a file first"))
    }
    let (code, out, err) = store("ingest", f.db, [Sample.acmeRemit])
    #expect(code == 0, "\(err)")
    #expect(out.hasPrefix("ingested 1 file:"), "\(out)")
  }

  /// A payer loop written after the first claim: the claims before it are stored under the
  /// payer too (the file is read again with each transaction's final header), with one PB619.
  @Test func aPayerLoopAfterClaimsStillRoutesEveryClaim() throws {
    let f = StoreFolder()
    let text = try String(contentsOfFile: Sample.acmeRemit, encoding: .utf8)
    let segments = text.components(separatedBy: "~").map {
      $0.trimmingCharacters(in: .whitespacesAndNewlines)
    }.filter { !$0.isEmpty }
    let payerStart = try #require(segments.firstIndex { $0.hasPrefix("N1*PR") })
    let payeeStart = try #require(segments.firstIndex { $0.hasPrefix("N1*PE") })
    let payerLoop = Array(segments[payerStart..<payeeStart])
    var moved = segments
    moved.removeSubrange(payerStart..<payeeStart)
    let secondClaim = try #require(
      moved.indices.filter { moved[$0].hasPrefix("CLP*") }.dropFirst().first)
    moved.insert(contentsOf: payerLoop, at: secondClaim)
    let path = f.write("late-payer.835", moved.joined(separator: "~\n") + "~\n")
    let (code, _, err) = store("ingest", f.db, [path])
    #expect(code == 0, "\(err)")
    #expect(err.components(separatedBy: "warning[PB619]").count - 1 == 1, "\(err)")
    let raw = try RawDB(f.db)
    #expect(try raw.int("SELECT count(*) FROM denials") == 4)
    #expect(try raw.int("SELECT count(*) FROM denials WHERE payer_key = 'acme-health'") == 4)
  }

  @Test func theDatabaseIsOwnerOnlyWithWALAndForeignKeys() throws {
    let f = StoreFolder()
    let old = umask(0o022)
    defer { umask(old) }
    #expect(store("ingest", f.db, [Sample.acmeRemit]).0 == 0)
    for path in [f.db, f.db + "-wal", f.db + "-shm"]
    where FileManager.default.fileExists(atPath: path) {
      let mode =
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?
        .intValue
      #expect(mode == 0o600, "\(path)")
    }
    let head = try #require(FileManager.default.contents(atPath: f.db))
    #expect(head[18] == 2 && head[19] == 2, "not in WAL mode")
    let opened = try SQLiteOutcomeStore(path: f.db, create: false, actor: "t")
    #expect(try opened.db.scalar("PRAGMA foreign_keys").int == 1)
    #expect(try opened.db.scalar("PRAGMA journal_mode").text == "wal")
  }

  @Test func theDatabaseComesFromTheEnvironmentWhenNoDbIsGiven() throws {
    let f = StoreFolder()
    let console = Console.capturing(
      environment: ["PAYERBOOK_DB": f.db], workingDirectory: packageRoot)
    let code = PayerbookCLI.main(
      [
        "payerbook", "ingest", Sample.acmeRemit, "--playbooks", Sample.playbooks, "--today",
        "2026-12-03",
      ], console: console)
    #expect(code == 0, "\(console.stderr)")
    #expect(try RawDB(f.db).int("SELECT count(*) FROM denials") == 4)
  }

  @Test func patientNamesAreNotStoredUnlessAskedAndNeverPrinted() throws {
    let f = StoreFolder()
    #expect(store("ingest", f.db, Sample.all).0 == 0)
    let bytes =
      (FileManager.default.contents(atPath: f.db) ?? Data())
      + (FileManager.default.contents(atPath: f.db + "-wal") ?? Data())
    #expect(
      bytes.range(of: Data("SAMPLE".utf8)) == nil, "a sample patient name is in the database file")

    let kept = StoreFolder()
    #expect(store("ingest", kept.db, Sample.all + ["--keep-patient-names"]).0 == 0)
    #expect(
      try RawDB(kept.db).int("SELECT count(*) FROM denials WHERE patient_name = 'SAMPLE, PAT'") == 5
    )
    var outputs: [String] = []
    for format in ["text", "csv", "json"] {
      outputs.append(store("worklist", kept.db, ["--format", format]).1)
      outputs.append(store("stats", kept.db, ["--format", format]).1)
    }
    outputs.append(
      store(
        "appeal-sent", kept.db, ["ACC1001", "--level", "first-level-appeal", "--proofs", "lmn"]
      ).1)
    outputs.append(
      store("outcome", kept.db, ["ACC1001", "--result", "upheld", "--date", "2027-01-05"]).1)
    for out in outputs {
      #expect(!out.isEmpty)
      #expect(!out.contains("SAMPLE"), "a patient name was printed:\n\(out)")
    }
  }

  @Test func aCorruptDatabaseIsRefusedAndNeverOverwritten() throws {
    let f = StoreFolder()
    var bytes = [UInt8](repeating: 0, count: 4096)
    for i in bytes.indices { bytes[i] = UInt8(truncatingIfNeeded: i &* 7919 &+ 13) }
    try Data(bytes).write(to: URL(fileURLWithPath: f.db))
    let (code, out, err) = store("ingest", f.db, [Sample.acmeRemit])
    #expect(code == 2)
    #expect(out.isEmpty)
    #expect(
      err
        == "payerbook: error: `\(f.db)` is not a Payerbook database (it is not an SQLite file, or it is damaged); it was left untouched\n  help: pass the right file with --db, or restore it from a backup\n"
    )
    #expect(FileManager.default.contents(atPath: f.db) == Data(bytes))
    for command in ["worklist", "stats"] {
      let (c, _, e) = store(command, f.db, [])
      #expect(c == 2 && e.contains("is not a Payerbook database"))
    }
    #expect(FileManager.default.contents(atPath: f.db) == Data(bytes))
    // A newer schema, through the command.
    let newer = f.file("newer.db")
    #expect(store("ingest", newer, [Sample.acmeRemit]).0 == 0)
    do {
      let raw = try SQLiteDatabase(path: newer, create: false)
      try raw.execute("PRAGMA user_version = 99")
    }
    let before = FileManager.default.contents(atPath: newer)
    let (c2, _, e2) = store("ingest", newer, [Sample.medicareRemit])
    #expect(c2 == 2)
    #expect(
      e2.contains("was written by a newer Payerbook (schema 99;")
        && e2.contains("help: upgrade Payerbook; the database was left untouched"), "\(e2)")
    #expect(FileManager.default.contents(atPath: newer) == before)
  }

  @Test func readingCommandsDoNotCreateADatabase() {
    let f = StoreFolder()
    let (code, _, err) = store("worklist", f.db, [])
    #expect(code == 2)
    #expect(
      err
        == "payerbook: error: no database at `\(f.db)`\n  help: run `payerbook ingest` first, or pass --db PATH (or set PAYERBOOK_DB)\n"
    )
    #expect(!FileManager.default.fileExists(atPath: f.db))
  }

  /// A read-only folder and file. As root, permission bits do not stop writes, so a small tmpfs
  /// is remounted read-only instead; without root, chmod is enough.
  @Test func aReadOnlyDatabaseGivesAClearErrorAndKeepsTheData() throws {
    let f = StoreFolder()
    let folder = f.file("ro")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let db = folder + "/pb.db"
    let root = getuid() == 0
    if root {
      let (m, _, e) = try shell("mount -t tmpfs -o size=4m tmpfs '\(folder)'", folder: f)
      try #require(m == 0, "cannot mount a tmpfs as root: \(e)")
    }
    defer {
      if root { _ = try? shell("umount '\(folder)'", folder: f) } else { chmod(folder, 0o755) }
    }
    #expect(store("ingest", db, [Sample.acmeRemit]).0 == 0)
    let before = try RawDB(db).counts()
    let bytes = FileManager.default.contents(atPath: db)
    if root {
      let (m, _, e) = try shell("mount -o remount,ro '\(folder)'", folder: f)
      try #require(m == 0, "\(e)")
    } else {
      chmod(db, 0o400)
      chmod(folder, 0o500)
    }
    let (code, out, err) = store("ingest", db, [Sample.acmeClaims])
    #expect(code == 2)
    #expect(out.isEmpty)
    #expect(err.hasPrefix("payerbook: error: "), "\(err)")
    #expect(err.contains(db))
    #expect(err.contains("read-only"), "\(err)")
    #expect(FileManager.default.contents(atPath: db) == bytes)
    // A new database in a read-only folder.
    let (code2, _, err2) = store("ingest", folder + "/new.db", [Sample.acmeClaims])
    #expect(code2 == 2)
    #expect(err2.contains("cannot create the database `\(folder)/new.db`"), "\(err2)")
    if root {
      _ = try shell("mount -o remount,rw '\(folder)'", folder: f)
    } else {
      chmod(folder, 0o700); chmod(db, 0o600)
    }
    #expect(try RawDB(db).counts() == before)
  }

  /// A full disk for real: a 1 MB tmpfs (root only; the ulimit test in IngestProcessTests
  /// covers it without root).
  @Test(
    .enabled(if: getuid() == 0, "needs root to mount a tmpfs"),
    .enabled(if: canGenerate, "needs ../shared/tools/gen835.py"))
  func aFullTmpfsGivesAClearErrorAndKeepsTheData() throws {
    let f = StoreFolder()
    let folder = f.file("small")
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let (m, _, e) = try shell("mount -t tmpfs -o size=1m tmpfs '\(folder)'", folder: f)
    try #require(m == 0, "cannot mount a tmpfs: \(e)")
    defer { _ = try? shell("umount '\(folder)'", folder: f) }
    let db = folder + "/pb.db"
    #expect(store("ingest", db, Sample.all).0 == 0)
    let before = try RawDB(db).counts()
    // A generated remittance needs several MB; the tmpfs has 1 MB in all.
    let big = try generate835(claims: 3000, seed: 41, folder: f)
    let (code, out, err) = store("ingest", db, [big])
    #expect(code == 2, "\(out) \(err)")
    #expect(err.contains("database or disk is full") || err.contains("disk I/O error"), "\(err)")
    #expect(err.contains("help: the disk"), "\(err)")
    #expect(try RawDB(db).integrity() == "ok")
    #expect(try RawDB(db).counts() == before)
  }

  @Test func aRemitBeforeItsClaimLinksWhenTheClaimArrives() throws {
    let f = StoreFolder()
    #expect(store("ingest", f.db, [Sample.acmeRemit]).0 == 0)
    let first = store("worklist", f.db, ["--format", "csv"]).1
    #expect(
      first.contains(
        "ACC1001,ACM2611180001,acme-health,commercial-medical-necessity,2800,appeal,first-level-appeal,2027-05-19,167,open\n"
      ), "\(first)")
    let (code, out, _) = store("ingest", f.db, [Sample.acmeClaims])
    #expect(code == 0)
    #expect(
      out
        == "ingested 1 file: 4 claims, 0 denials, $0.00 denied, 0 unplaybooked, 4 linked to their claim\n"
    )
    let second = store("worklist", f.db, ["--format", "csv"]).1
    #expect(
      second.contains(
        "ACC1001,ACM2611180001,acme-health,knee-arthroscopy-necessity,2800,appeal,first-level-appeal,2027-05-19,167,open\n"
      ), "\(second)")
  }

  @Test func aLaterRemittanceRecordsTheOutcome() throws {
    let f = StoreFolder()
    #expect(store("ingest", f.db, [Sample.acmeClaims, Sample.acmeRemit]).0 == 0)
    #expect(
      store(
        "appeal-sent", f.db,
        [
          "ACC1001", "--level", "first-level-appeal", "--proofs", "lmn,op_note", "--date",
          "2026-12-10", "--by", "R. Alvarez",
        ]
      ).0 == 0)
    let denied = f.write("acme-2027-01-20.835", acme835(paid: 0, date: "20270120"))
    let (code, out, err) = store("ingest", f.db, [denied], today: "2027-01-25")
    #expect(code == 0, "\(err)")
    #expect(
      out
        == "ingested 1 file: 1 claims, 0 denials, $0.00 denied, 0 unplaybooked, 1 appeal decision recorded\n"
    )
    let csv = store(
      "worklist", f.db, ["--format", "csv", "--reason", "knee-arthroscopy-necessity"],
      today: "2027-01-25"
    ).1
    // Upheld: the second level is due 60 days after the 2027-01-20 decision.
    #expect(
      csv
        == "account,payer_claim_number,payer,reason,denied,next_action,level,due,days_left,state\nACC1001,ACM2611180001,acme-health,knee-arthroscopy-necessity,2800,appeal,second-level-appeal,2027-03-21,55,open\n"
    )
    #expect(
      store(
        "appeal-sent", f.db,
        [
          "ACC1001", "--level", "second-level-appeal", "--proofs", "lmn,op_note,conservative_care",
          "--date", "2027-02-01",
        ]
      ).0 == 0)
    let paid = f.write(
      "acme-2027-03-01.835", acme835(claimNumber: "ACM2703010001", paid: 2100, date: "20270301"))
    #expect(
      store("ingest", f.db, [paid], today: "2027-03-05").1.hasSuffix("1 appeal decision recorded\n")
    )
    let raw = try RawDB(f.db)
    #expect(
      try raw.text(
        "SELECT group_concat(result || ':' || recovered_cents || ':' || decided_date || ':' || source, ' ') FROM outcomes"
      ) == "upheld:0:2027-01-20:remit partial:210000:2027-03-01:remit")
    #expect(try raw.text("SELECT state FROM denials WHERE account = 'ACC1001'") == "closed")
  }
}
