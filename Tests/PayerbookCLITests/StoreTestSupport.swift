import Foundation
import Testing

@testable import OutcomeStore
@testable import PayerbookCLI

#if canImport(Glibc)
  import Glibc
#endif

/// A temporary folder for a test's database and files.
final class StoreFolder: @unchecked Sendable {
  let path: String
  var db: String { path + "/pb.db" }
  init() {
    path = NSTemporaryDirectory() + "pb-cli-\(UUID().uuidString)"
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }
  deinit { try? FileManager.default.removeItem(atPath: path) }
  func file(_ name: String) -> String { path + "/" + name }
  @discardableResult
  func write(_ name: String, _ text: String) -> String {
    try! Data(text.utf8).write(to: URL(fileURLWithPath: file(name)))
    return file(name)
  }
}

enum Sample {
  static let acmeClaims = packageRoot + "/samples/claims/acme-health-2026-10.837"
  static let acmeRemit = packageRoot + "/samples/remits/acme-health-2026-11.835"
  static let medicareClaims = packageRoot + "/samples/claims/medicare-b-2026-09.837"
  static let medicareRemit = packageRoot + "/samples/remits/medicare-b-2026-10.835"
  static let caseJSON = packageRoot + "/samples/cases/acme-knee-scope.json"
  static var all: [String] { [acmeRemit, medicareRemit, acmeClaims, medicareClaims, caseJSON] }
  static let playbooks = packageRoot + "/playbooks"
}

/// Runs a store command on `db` with the sample playbooks and a fixed today.
func store(_ command: String, _ db: String, _ args: [String], today: String = "2026-12-03", environment: [String: String] = [:]) -> (Int32, String, String) {
  let console = Console.capturing(environment: environment, workingDirectory: packageRoot)
  var argv = ["payerbook", command] + args + ["--db", db]
  if ["ingest", "worklist", "appeal"].contains(command) { argv += ["--today", today] }
  if ["ingest", "appeal"].contains(command) { argv += ["--playbooks", Sample.playbooks] }
  let code = PayerbookCLI.main(argv, console: console)
  return (code, console.stdout, console.stderr)
}

/// Raw read access to a database for checks commands do not print.
struct RawDB {
  let db: SQLiteDatabase
  init(_ path: String) throws { db = try SQLiteDatabase(path: path, create: false) }
  func int(_ sql: String) throws -> Int { Int(try db.scalar(sql).int ?? -1) }
  func text(_ sql: String) throws -> String? { try db.scalar(sql).text }
  func counts() throws -> [String: Int] {
    var out: [String: Int] = [:]
    for t in ["files", "submissions", "submission_lines", "remittances", "denials", "denial_adjustments", "denial_remarks", "matches", "appeals", "outcomes", "audit_log"] {
      out[t] = try int("SELECT count(*) FROM \(t)")
    }
    return out
  }
  func integrity() throws -> String? { try text("PRAGMA integrity_check") }
}

/// A one-claim Acme Health 835 (fake names) dated `date` (YYYYMMDD) for `account`: `paid` of
/// `billed`; when nothing is paid, denied with CO-50.
func acme835(account: String = "ACC1001", claimNumber: String = "ACM2701180001", billed: Int = 2800, paid: Int, date: String, carc: String = "50") -> String {
  var body = [
    "ST*835*0001",
    "BPR*I*\(paid)*C*ACH*CCP*01*999999992*DA*123456*1512345678**01*999988880*DA*98765*\(date)",
    "TRN*1*ACM-EFT-\(date)-\(paid)*1512345678", "DTM*405*\(date)", "N1*PR*ACME HEALTH PLAN", "N3*PO BOX 1000", "N4*COLUMBUS*OH*43215",
    "REF*2U*60054", "N1*PE*ORTHO PARTNERS OF SPRINGFIELD*XX*1234567893", "LX*1",
    "CLP*\(account)*\(paid > 0 ? 1 : 4)*\(billed)*\(paid)*0*CI*\(claimNumber)*11*1", "NM1*QC*1*FAKENAME*TESTPAT****MI*ZZ0000009",
    "SVC*HC:29881:RT*\(billed)*\(paid)**1", "DTM*472*20261015",
  ]
  if billed > paid { body.append("CAS*CO*\(carc)*\(billed - paid)") }
  body.append("REF*6R*1001-1")
  body.append("SE*\(body.count + 1)*0001")
  let head = [
    "ISA*00*          *00*          *ZZ*ORTHOPARTNERS  *ZZ*CLEARINGHOUSE  *\(date.dropFirst(2))*0930*^*00501*000003301*0*P*:",
    "GS*HP*ORTHOPARTNERS*CLEARINGHOUSE*\(date)*0930*3301*X*005010X221A1",
  ]
  return (head + body + ["GE*1*3301", "IEA*1*000003301"]).joined(separator: "~\n") + "~\n"
}

// MARK: Child processes

/// The built `payerbook` executable next to the test bundle (or $PAYERBOOK_BIN).
let payerbookBinary: String? = {
  let fm = FileManager.default
  if let env = ProcessInfo.processInfo.environment["PAYERBOOK_BIN"], fm.isExecutableFile(atPath: env) { return env }
  var folders: [URL] = []
  if let exe = Bundle.main.executableURL { folders += [exe.deletingLastPathComponent(), exe.deletingLastPathComponent().deletingLastPathComponent()] }
  folders.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
  folders.append(URL(fileURLWithPath: packageRoot + "/.build/debug"))
  for folder in folders {
    let candidate = folder.appendingPathComponent("payerbook").path
    if fm.isExecutableFile(atPath: candidate) { return candidate }
  }
  return nil
}()

let generator835 = packageRoot + "/../shared/tools/gen835.py"
let canGenerate = FileManager.default.fileExists(atPath: generator835) && FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")

/// A child process whose output goes to files.
final class Child: @unchecked Sendable {
  let process = Process()
  let outPath: String
  let errPath: String

  init(_ executable: String, _ arguments: [String], folder: StoreFolder) throws {
    let id = UUID().uuidString
    outPath = folder.file("out-\(id)")
    errPath = folder.file("err-\(id)")
    FileManager.default.createFile(atPath: outPath, contents: nil)
    FileManager.default.createFile(atPath: errPath, contents: nil)
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardOutput = FileHandle(forWritingAtPath: outPath)
    process.standardError = FileHandle(forWritingAtPath: errPath)
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    process.environment = env
    try process.run()
  }

  func wait() -> (Int32, String, String) {
    process.waitUntilExit()
    let out = String(decoding: FileManager.default.contents(atPath: outPath) ?? Data(), as: UTF8.self)
    let err = String(decoding: FileManager.default.contents(atPath: errPath) ?? Data(), as: UTF8.self)
    return (process.terminationStatus, out, err)
  }
}

/// Runs a shell command; returns its exit status and output.
@discardableResult
func shell(_ command: String, folder: StoreFolder) throws -> (Int32, String, String) {
  try Child("/bin/bash", ["-c", command], folder: folder).wait()
}

/// Writes `gen835.py CLAIMS SEED` into the folder.
func generate835(claims: Int, seed: Int, folder: StoreFolder) throws -> String {
  let path = folder.file("gen-\(claims)-\(seed).835")
  let (code, _, err) = try shell("python3 '\(generator835)' \(claims) \(seed) > '\(path)'", folder: folder)
  #expect(code == 0, "\(err)")
  return path
}

/// The binary's ingest arguments.
func ingestArguments(_ db: String, _ files: [String]) -> [String] {
  ["ingest", "--db", db, "--playbooks", Sample.playbooks, "--today", "2026-12-03"] + files
}
