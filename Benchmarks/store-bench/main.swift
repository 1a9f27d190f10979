// store-bench: the cost of the outcome store on a large 835 ingest (issue 5, Figures).
//
//   store-bench FILE.835 --playbooks DIR [--db PATH] [--today DATE] [--runs N] [--ingest-runs N]
//               [--query-runs N] [--extra FILE.835 ...] [--json-only]
//
// In one process and one run:
//   a. pure     : read + denial rule + match with no database: the Ingestor's code path minus the
//                 store (stream the claims, skip reversals, route the payer, build DeniedClaim for
//                 denied claims, Evaluator.checklist, MatchRecord), with a checksum of the results;
//                 best of --runs;
//   b. ingest   : Ingestor with a fresh SQLiteOutcomeStore at --db (deleted first), the whole
//                 file in one transaction; best of --ingest-runs (each into a fresh database);
//   c. size     : the database file (after the connection is closed, so the WAL is checkpointed)
//                 per claim and per denial;
//   d. worklist : SQLiteOutcomeStore.worklist over the stored denials: default (limit 200),
//                 --due-within 30, --payer (the routed payer), --reason (the most frequent stored
//                 reason); cold (a new connection per run) and warm (one connection), best and
//                 median of --query-runs;
//   e. skip     : a second ingest of the same file (same sha256: hashed and skipped).
// With --extra FILE..., those files are then ingested into the same database (other seeds: new
// payer claim numbers, so new denials) and c. and d. are measured again, to give the worklist
// time at a million denials and more.
//
// Times: wall clock and this thread's CPU time (user + system; the machine is shared, so CPU
// time is the steadier figure). Prints a table and a JSON line prefixed `BENCH_JSON `.

import Claims
import CodeSets
import Evaluation
import Foundation
import Ingestion
import OutcomeStore
import PlaybookModel
import X12Reading

func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data("store-bench: \(message)\n".utf8))
  exit(2)
}

func note(_ message: String) {
  FileHandle.standardError.write(Data("store-bench: \(message)\n".utf8))
}

// MARK: Clocks

struct Sample {
  var wall: Double
  var cpu: Double
}

func threadCPU() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func wallClock() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func measure<T>(_ body: () throws -> T) rethrows -> (T, Sample) {
  let w0 = wallClock()
  let c0 = threadCPU()
  let result = try body()
  let c1 = threadCPU()
  let w1 = wallClock()
  return (result, Sample(wall: w1 - w0, cpu: c1 - c0))
}

func best(_ samples: [Sample]) -> Sample {
  Sample(wall: samples.map(\.wall).min() ?? 0, cpu: samples.map(\.cpu).min() ?? 0)
}

func median(_ values: [Double]) -> Double {
  let s = values.sorted()
  guard !s.isEmpty else { return 0 }
  return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

// MARK: Arguments

struct Config {
  var file = ""
  var playbooks = "playbooks"
  var dbPath = "bench-data/store/bench.db"
  var today = CalendarDate(year: 2026, month: 11, day: 15)!
  var runs = 2
  var ingestRuns = 1
  var queryRuns = 20
  var extra: [String] = []
  var jsonOnly = false
}

func parse(_ args: [String]) -> Config {
  var c = Config()
  var file: String?
  var i = 0
  func value() -> String {
    i += 1
    guard i < args.count else { fail("\(args[i - 1]) needs a value") }
    return args[i]
  }
  while i < args.count {
    switch args[i] {
    case "--playbooks": c.playbooks = value()
    case "--db": c.dbPath = value()
    case "--today":
      let v = value()
      guard let d = CalendarDate(iso: v) else { fail("--today: not a date: \(v)") }
      c.today = d
    case "--runs": c.runs = max(1, Int(value()) ?? 1)
    case "--ingest-runs": c.ingestRuns = max(1, Int(value()) ?? 1)
    case "--query-runs": c.queryRuns = max(1, Int(value()) ?? 1)
    case "--extra":
      i += 1
      while i < args.count, !args[i].hasPrefix("--") {
        c.extra.append(args[i])
        i += 1
      }
      continue
    case "--json-only": c.jsonOnly = true
    default:
      if args[i].hasPrefix("--") || file != nil {
        fail("usage: store-bench FILE.835 --playbooks DIR [--db PATH] [--today DATE] [--runs N] [--ingest-runs N] [--query-runs N] [--extra FILE ...] [--json-only]")
      }
      file = args[i]
    }
    i += 1
  }
  guard let file else { fail("give an 835 file") }
  c.file = file
  return c
}

let config = parse(Array(CommandLine.arguments.dropFirst()))
let file = config.file
let playbooks = config.playbooks
let dbPath = config.dbPath
let today = config.today
let runs = config.runs
let ingestRuns = config.ingestRuns
let queryRuns = config.queryRuns
let extra = config.extra
let jsonOnly = config.jsonOnly

// MARK: Playbooks

let library = PlaybookLibrary.load(folder: playbooks)
if library.diagnostics.hasErrors { fail("the playbooks in \(playbooks) have errors (payerbook lint \(playbooks))") }
let evaluator = Evaluator(playbooks: library.resolved)

func removeDatabase(_ path: String) {
  for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
}

func fileSize(_ path: String) -> Int {
  ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
}

// MARK: a. Read + denial rule + match, no database

struct PureResult {
  var claims = 0
  var denials = 0
  var matched = 0
  var payers: [String: Int] = [:]
  var checksum: UInt64 = 0xcbf2_9ce4_8422_2325
  mutating func mix(_ s: String) {
    for b in s.utf8 {
      checksum ^= UInt64(b)
      checksum = checksum &* 0x100_0000_01b3
    }
  }
}

/// The Ingestor's 835 path without the store: same reader options, same routing key, same
/// DeniedClaim, same checklist and match record.
func pureRun(_ path: String) -> PureResult {
  guard let reader = try? X12Reader(path: path) else { fail("cannot read \(path)") }
  let options = RemittanceReader.Options(isKnownCARC: { CARC.isKnown($0) }, isKnownRARC: { RARC.isKnown($0) })
  var r = PureResult()
  _ = RemittanceReader.stream(reader, options: options) { claim, header in
    r.claims += 1
    if claim.isReversal { return }
    let planType = claim.planType ?? claim.filingIndicator.flatMap { PlanType.fromFilingIndicator($0)?.rawValue }
    let (p, _) = evaluator.index.route(payerID: header.payer.id, payerName: header.payer.name, planType: planType)
    let key: String
    if let p, let payer = evaluator.index.playbooks[p].playbook.payer {
      key = payer.id
    } else if let id = header.payer.id, !id.isEmpty {
      key = id.uppercased()
    } else {
      key = header.payer.name.map { $0.uppercased() } ?? "unknown"
    }
    guard claim.denial != nil else { return }
    var denied = DeniedClaim(remittance: header, claim: claim, original: nil)
    denied.source = "\(path): segment \(claim.segmentNumber)"
    let match = MatchRecord(evaluator.checklist(for: denied, today: today))
    r.denials += 1
    r.payers[key, default: 0] += 1
    if let reason = match.reasonID {
      r.matched += 1
      r.mix(reason)
    }
    r.mix(match.action)
    r.mix(match.levelID ?? "-")
    r.mix(match.dueDate?.description ?? "-")
  }
  return r
}

// MARK: b. Ingest

func ingest(_ path: String, into db: String) throws -> (FileReport, Sample) {
  let store = try SQLiteOutcomeStore(path: db, create: true, actor: "store-bench")
  let ingestor = Ingestor(store: store, evaluator: evaluator, today: today, keepPatientNames: false)
  return try measure { try ingestor.ingest(path: path) }
}

// MARK: d. Worklist

struct QueryFigure {
  var name: String
  var rows: Int
  var coldBest: Double
  var coldMedian: Double
  var warmBest: Double
  var warmMedian: Double
}

func worklistFigures(db: String, payer: String?, reason: String?) throws -> [QueryFigure] {
  var queries: [(String, WorklistQuery)] = [
    ("default", WorklistQuery(today: today)),
    ("due-within 30", WorklistQuery(today: today, dueWithin: 30)),
  ]
  if let payer { queries.append(("payer \(payer)", WorklistQuery(today: today, payer: payer))) }
  if let reason { queries.append(("reason \(reason)", WorklistQuery(today: today, reason: reason))) }
  var out: [QueryFigure] = []
  for (name, q) in queries {
    // Cold: a new connection (empty page cache, statements not prepared) for each run.
    var cold: [Double] = []
    var rows = 0
    for _ in 0..<queryRuns {
      let store = try SQLiteOutcomeStore(path: db, create: false, actor: "store-bench")
      let (items, s) = try measure { try store.worklist(q) }
      rows = items.count
      cold.append(s.wall)
    }
    // Warm: one connection, the query repeated.
    let store = try SQLiteOutcomeStore(path: db, create: false, actor: "store-bench")
    _ = try store.worklist(q)
    var warm: [Double] = []
    for _ in 0..<queryRuns {
      let (_, s) = try measure { try store.worklist(q) }
      warm.append(s.wall)
    }
    out.append(
      QueryFigure(name: name, rows: rows, coldBest: cold.min() ?? 0, coldMedian: median(cold), warmBest: warm.min() ?? 0, warmMedian: median(warm)))
  }
  return out
}

/// The most frequent stored reason (for the --reason query).
func topReason(db: String) throws -> String? {
  let store = try SQLiteOutcomeStore(path: db, create: false, actor: "store-bench")
  let rows = try store.statistics(by: .reason, since: nil).filter { $0.key != "(unplaybooked)" }
  return rows.max { $0.denials < $1.denials }?.key
}

// MARK: Run

func ms(_ s: Double) -> String { String(format: "%.1f", s * 1000) }
func rate(_ n: Int, _ s: Double) -> String { s > 0 ? String(format: "%.0f", Double(n) / s) : "-" }

do {
  let inputSize = fileSize(file)
  note("\(file): \(inputSize) bytes; playbooks \(playbooks) (\(library.resolved.count) resolved)")

  // a.
  var pureSamples: [Sample] = []
  var pure = PureResult()
  for run in 0..<runs {
    let (r, s) = measure { pureRun(file) }
    if run > 0, r.checksum != pure.checksum { fail("pure runs disagree") }
    pure = r
    pureSamples.append(s)
    note("pure run \(run + 1): \(ms(s.wall)) ms wall, \(ms(s.cpu)) ms CPU")
  }
  let pureBest = best(pureSamples)
  let routedPayer = pure.payers.max { $0.value < $1.value }?.key

  // b.
  var ingestSamples: [Sample] = []
  var report = FileReport(path: file)
  for run in 0..<ingestRuns {
    removeDatabase(dbPath)
    let (r, s) = try ingest(file, into: dbPath)
    report = r
    ingestSamples.append(s)
    note("ingest run \(run + 1): \(ms(s.wall)) ms wall, \(ms(s.cpu)) ms CPU; \(r.claims) claims, \(r.denials) denials")
  }
  if report.rejected || report.skipped { fail("the ingest was \(report.rejected ? "rejected" : "skipped")") }
  let ingestBest = best(ingestSamples)
  if report.denials != pure.denials { note("warning: the ingest stored \(report.denials) denials, the pure run built \(pure.denials)") }
  let unplaybooked = pure.denials - pure.matched
  if report.unplaybooked != unplaybooked { note("warning: unplaybooked differ: ingest \(report.unplaybooked), pure \(unplaybooked)") }

  // c. (the store is closed: its WAL is checkpointed into the file)
  let dbBytes = fileSize(dbPath)
  let walBytes = fileSize(dbPath + "-wal")
  let counts = try SQLiteOutcomeStore(path: dbPath, create: false, actor: "store-bench").counts()

  // e.
  let (again, skipSample) = try ingest(file, into: dbPath)
  if !again.skipped { fail("the second ingest of the same file was not skipped") }

  // d.
  let reason = try topReason(db: dbPath)
  let queries = try worklistFigures(db: dbPath, payer: routedPayer, reason: reason)

  // Extra files: more denials in the same database, then c. and d. again.
  var extraFigures: [String: Any] = [:]
  if !extra.isEmpty {
    var extraSamples: [Sample] = []
    var extraClaims = 0
    for path in extra {
      let (r, s) = try ingest(path, into: dbPath)
      if r.rejected || r.skipped { fail("\(path) was \(r.rejected ? "rejected" : "skipped")") }
      extraSamples.append(s)
      extraClaims += r.claims
      note("extra ingest \(path): \(ms(s.wall)) ms wall, \(ms(s.cpu)) ms CPU; \(r.claims) claims, \(r.denials) denials")
    }
    let bigCounts = try SQLiteOutcomeStore(path: dbPath, create: false, actor: "store-bench").counts()
    let bigBytes = fileSize(dbPath)
    let bigReason = try topReason(db: dbPath)
    let bigQueries = try worklistFigures(db: dbPath, payer: routedPayer, reason: bigReason)
    extraFigures = [
      "files": extra.count, "claims": report.claims + extraClaims, "denials": bigCounts["denials"] ?? 0, "db_bytes": bigBytes,
      "ingest_cpu_s": extraSamples.map(\.cpu), "ingest_wall_s": extraSamples.map(\.wall),
      "worklist": bigQueries.map { ["query": $0.name, "rows": $0.rows, "cold_best_ms": $0.coldBest * 1000, "cold_median_ms": $0.coldMedian * 1000, "warm_best_ms": $0.warmBest * 1000, "warm_median_ms": $0.warmMedian * 1000] },
    ]
    if !jsonOnly {
      print("")
      print("after \(extra.count) more file(s): \(report.claims + extraClaims) claims, \(bigCounts["denials"] ?? 0) denials, \(bigBytes) bytes (\(bigBytes / max(1, report.claims + extraClaims)) per claim)")
      for q in bigQueries {
        print("  worklist \(q.name.padding(toLength: 28, withPad: " ", startingAt: 0)) \(String(q.rows).leftPad(4)) rows  cold \(ms(q.coldBest)) ms (median \(ms(q.coldMedian)))  warm \(ms(q.warmBest)) ms (median \(ms(q.warmMedian)))")
      }
    }
  }

  let ratioCPU = ingestBest.cpu / pureBest.cpu
  let ratioWall = ingestBest.wall / pureBest.wall
  if !jsonOnly {
    print("")
    print("store-bench: \(file) (\(inputSize) bytes), \(pure.claims) claims, \(pure.denials) denials (\(pure.matched) matched a playbook reason, \(unplaybooked) unplaybooked); payer key \(routedPayer ?? "-")")
    print("  a. read + match, no database   \(ms(pureBest.cpu).leftPad(9)) ms CPU  \(ms(pureBest.wall).leftPad(9)) ms wall   \(rate(pure.claims, pureBest.cpu).leftPad(9)) claims/s CPU  \(rate(pure.claims, pureBest.wall).leftPad(9)) claims/s wall  (checksum \(String(pure.checksum, radix: 16)))")
    print("  b. ingest into a fresh SQLite   \(ms(ingestBest.cpu).leftPad(9)) ms CPU  \(ms(ingestBest.wall).leftPad(9)) ms wall   \(rate(report.claims, ingestBest.cpu).leftPad(9)) claims/s CPU  \(rate(report.claims, ingestBest.wall).leftPad(9)) claims/s wall")
    print("     ratio b/a: \(String(format: "%.2f", ratioCPU))x CPU, \(String(format: "%.2f", ratioWall))x wall (target <= 3x); the store alone, (b - a)/a: \(String(format: "%.2f", ratioCPU - 1))x CPU, \(String(format: "%.2f", ratioWall - 1))x wall")
    print("  c. database \(dbBytes) bytes (WAL left: \(walBytes)): \(dbBytes / max(1, report.claims)) bytes per claim, \(dbBytes / max(1, report.denials)) per denial; rows: \(counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))")
    print("  e. second ingest of the same file (sha256 skip): \(ms(skipSample.cpu)) ms CPU, \(ms(skipSample.wall)) ms wall")
    print("  d. worklist at \(counts["denials"] ?? 0) denials, best and median of \(queryRuns) (target < 100 ms):")
    for q in queries {
      print("     \(q.name.padding(toLength: 28, withPad: " ", startingAt: 0)) \(String(q.rows).leftPad(4)) rows  cold \(ms(q.coldBest)) ms (median \(ms(q.coldMedian)))  warm \(ms(q.warmBest)) ms (median \(ms(q.warmMedian)))")
    }
  }
  var json: [String: Any] = [
    "file": file, "file_bytes": inputSize, "claims": pure.claims, "denials": pure.denials, "matched": pure.matched,
    "checksum": String(pure.checksum, radix: 16),
    "pure_cpu_s": pureBest.cpu, "pure_wall_s": pureBest.wall,
    "pure_claims_per_s_cpu": Double(pure.claims) / pureBest.cpu, "pure_claims_per_s_wall": Double(pure.claims) / pureBest.wall,
    "ingest_cpu_s": ingestBest.cpu, "ingest_wall_s": ingestBest.wall,
    "ingest_claims_per_s_cpu": Double(report.claims) / ingestBest.cpu, "ingest_claims_per_s_wall": Double(report.claims) / ingestBest.wall,
    "ratio_cpu": ratioCPU, "ratio_wall": ratioWall,
    "db_bytes": dbBytes, "bytes_per_claim": Double(dbBytes) / Double(max(1, report.claims)),
    "bytes_per_denial": Double(dbBytes) / Double(max(1, report.denials)),
    "skip_cpu_s": skipSample.cpu, "skip_wall_s": skipSample.wall,
    "worklist_denials": counts["denials"] ?? 0,
    "worklist": queries.map { ["query": $0.name, "rows": $0.rows, "cold_best_ms": $0.coldBest * 1000, "cold_median_ms": $0.coldMedian * 1000, "warm_best_ms": $0.warmBest * 1000, "warm_median_ms": $0.warmMedian * 1000] },
  ]
  if !extraFigures.isEmpty { json["extra"] = extraFigures }
  let data = try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
  print("BENCH_JSON " + String(decoding: data, as: UTF8.self))
} catch {
  fail("\(error)")
}

extension String {
  func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
