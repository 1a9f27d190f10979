// payerbook-bench: load-and-validate throughput of a playbooks folder against a raw libyaml pass.
//
//   payerbook-bench playbooks DIR [--runs N] [--json-only] [--profile raw|tree|decode|library]
//
// Measured in one process, best of N runs each, runs interleaved so that all three see the
// same machine state; single-threaded passes in thread CPU time, the parallel pass in wall time:
//   raw      : for each file, read the bytes and pull every libyaml event (parse + delete),
//              nothing else: the floor any libyaml-based loader pays;
//   payerbook: PlaybookLibrary.load(files:parallel: false): read, YAMLLoader tree, shape checks,
//              decoding, code checks, then extends resolution and cross-file checks, one thread;
//   parallel : the same with the parallel loader (concurrentPerform over files).
// Prints a table and a JSON line (prefixed `BENCH_JSON `). See scripts/bench-playbooks.sh.

import CYAML
import Diagnostics
import Dispatch
import Foundation
import PlaybookModel
import YAMLLoading

func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data("payerbook-bench: \(message)\n".utf8))
  exit(2)
}

/// Thread CPU time in nanoseconds, for the single-threaded passes: the VM is shared, and wall
/// time would count other processes' turns (runs swing about 20% in wall time).
func now() -> UInt64 {
  var t = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
  return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
}

/// Wall time, for the parallel pass (its work runs on other threads too).
func wallNow() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// One libyaml pass over a file's bytes: every event parsed and deleted. Returns the event count.
func rawEventPass(_ path: String) -> Int {
  guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
  return data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Int in
    var parser = yaml_parser_t()
    guard yaml_parser_initialize(&parser) == 1 else { fail("yaml_parser_initialize failed") }
    defer { yaml_parser_delete(&parser) }
    let base = raw.bindMemory(to: UInt8.self).baseAddress
    yaml_parser_set_input_string(&parser, base, raw.count)
    var event = yaml_event_t()
    var events = 0
    while true {
      guard yaml_parser_parse(&parser, &event) == 1 else { fail("libyaml error in \(path)") }
      let done = event.type == YAML_STREAM_END_EVENT
      yaml_event_delete(&event)
      events += 1
      if done { break }
    }
    return events
  }
}

/// Stage timings (single thread): read + YAMLLoader tree; the same + PlaybookDecoder (shape
/// checks, decoding, code checks), without the library's resolution and cross-file checks.
func treeOnly(_ path: String) -> Int {
  guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
  let file = SourceFile(path: path, bytes: [UInt8](data))
  return YAMLLoader().load(file).root == nil ? 0 : 1
}

func treeAndDecode(_ path: String, root: String) -> Int {
  guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
  let file = SourceFile(path: path, bytes: [UInt8](data))
  guard let node = YAMLLoader().load(file).root else { return 0 }
  let key = PlaybookLibrary.keyFor(path: path, root: root)
  let (playbook, _) = PlaybookDecoder.decode(node, file: file, key: key, isBase: key.hasPrefix("base/"))
  return playbook?.denialReasons.count ?? 0
}

// MARK: Arguments

var args = Array(CommandLine.arguments.dropFirst())
guard args.first == "playbooks", args.count >= 2 else {
  fail("usage: payerbook-bench playbooks DIR [--runs N] [--json-only] [--profile raw|tree|decode|library]")
}
let folder = args[1]
var runs = 5
var jsonOnly = false
var profileStage: String?
var i = 2
while i < args.count {
  switch args[i] {
  case "--runs":
    guard i + 1 < args.count, let n = Int(args[i + 1]), n >= 1 else { fail("--runs needs a positive number") }
    runs = n
    i += 2
  case "--profile":
    // Runs one stage only, `--runs` times, for perf/callgrind: raw, tree, decode or library.
    guard i + 1 < args.count else { fail("--profile needs raw, tree, decode or library") }
    profileStage = args[i + 1]
    i += 2
  case "--json-only":
    jsonOnly = true
    i += 1
  default:
    fail("unknown argument `\(args[i])`")
  }
}

var listing = DiagnosticBag()
let files = PlaybookLibrary.playbookFiles(in: folder, diagnostics: &listing)
if files.isEmpty { fail("no playbook files in \(folder)") }
var totalBytes = 0
for f in files {
  guard let attrs = try? FileManager.default.attributesOfItem(atPath: f), let size = attrs[.size] as? Int else {
    fail("cannot stat \(f)")
  }
  totalBytes += size
}

if let stage = profileStage {
  var sink = 0
  for _ in 0..<runs {
    switch stage {
    case "raw": for f in files { sink &+= rawEventPass(f) }
    case "tree": for f in files { sink &+= treeOnly(f) }
    case "decode": for f in files { sink &+= treeAndDecode(f, root: folder) }
    case "library": sink &+= PlaybookLibrary.load(files: files, root: folder, parallel: false).playbooks.count
    default: fail("--profile needs raw, tree, decode or library")
    }
  }
  print("profiled \(stage) x\(runs) (\(sink))")
  exit(0)
}

// MARK: Correctness gate (and warm-up): the folder must load clean.

let check = PlaybookLibrary.load(files: files, root: folder, parallel: false)
let errors = check.diagnostics.count(.error)
let warnings = check.diagnostics.count(.warning)
if errors > 0 {
  for d in check.diagnostics.all.prefix(5) { FileHandle.standardError.write(Data("\(d)\n".utf8)) }
  fail("the folder has \(errors) errors; the benchmark needs valid playbooks")
}
let reasons = check.playbooks.values.reduce(0) { $0 + $1.denialReasons.count }
let resolvedCount = check.resolved.count
let events = files.reduce(0) { $0 + rawEventPass($1) }
let parallelCheck = PlaybookLibrary.load(files: files, root: folder, parallel: true)
if parallelCheck.playbooks.count != check.playbooks.count || parallelCheck.diagnostics.all.count != check.diagnostics.all.count {
  fail("parallel and single-threaded loads disagree")
}

// MARK: Timed runs

var best = (raw: UInt64.max, payerbook: UInt64.max, parallel: UInt64.max)
var bestStage = (tree: UInt64.max, decode: UInt64.max)
var all: (raw: [UInt64], payerbook: [UInt64], parallel: [UInt64]) = ([], [], [])
var sink = 0
for _ in 0..<runs {
  var t = now()
  for f in files { sink &+= rawEventPass(f) }
  let raw = now() - t

  t = now()
  do {
    let library = PlaybookLibrary.load(files: files, root: folder, parallel: false)
    sink &+= library.playbooks.count
  }
  let single = now() - t

  t = wallNow()
  do {
    let library = PlaybookLibrary.load(files: files, root: folder, parallel: true)
    sink &+= library.playbooks.count
  }
  let par = wallNow() - t

  t = now()
  for f in files { sink &+= treeOnly(f) }
  let tree = now() - t
  t = now()
  for f in files { sink &+= treeAndDecode(f, root: folder) }
  let decode = now() - t
  bestStage = (min(bestStage.tree, tree), min(bestStage.decode, decode))

  all.raw.append(raw)
  all.payerbook.append(single)
  all.parallel.append(par)
  best = (min(best.raw, raw), min(best.payerbook, single), min(best.parallel, par))
}
if sink == 42 { print("") }  // keep the work observable

// MARK: Report

func seconds(_ ns: UInt64) -> Double { Double(ns) / 1e9 }
let mb = Double(totalBytes) / 1e6
let rawS = seconds(best.raw)
let singleS = seconds(best.payerbook)
let parS = seconds(best.parallel)
let cores = ProcessInfo.processInfo.activeProcessorCount

func fmt(_ x: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", x) }

if !jsonOnly {
  print("payerbook-bench playbooks: \(files.count) files, \(fmt(mb, 1)) MB, \(reasons) denial reasons, \(events) libyaml events")
  print("  \(resolvedCount) payer playbooks resolved; \(errors) errors, \(warnings) warnings; best of \(runs) runs; \(cores) cores")
  print("")
  print("  pass                          best (s)      MB/s    reasons/s   vs raw libyaml")
  func row(_ name: String, _ s: Double) {
    let padded = name.padding(toLength: 28, withPad: " ", startingAt: 0)
    print(
      "  \(padded) \(fmt(s).leftPad(9)) \(fmt(mb / s, 1).leftPad(9)) \(String(Int(Double(reasons) / s)).leftPad(12))   \(fmt(s / rawS, 2))x")
  }
  row("raw libyaml events (1 thr)", rawS)
  row("payerbook load+validate (1)", singleS)
  row("payerbook parallel (\(cores))", parS)
  print("  stages (1 thread):")
  row("  read + YAMLLoader tree", seconds(bestStage.tree))
  row("  + PlaybookDecoder", seconds(bestStage.decode))
  row("  + library resolution", singleS)
  print("")
  let verdict = singleS / rawS <= 1.5 ? "meets" : "misses"
  print("  payerbook / raw libyaml, single thread: \(fmt(singleS / rawS, 2))x (\(verdict) the 1.5x target)")
}

let json =
  "{\"bench\":\"playbooks\",\"files\":\(files.count),\"bytes\":\(totalBytes),\"reasons\":\(reasons),\"events\":\(events),"
  + "\"runs\":\(runs),\"cores\":\(cores),\"errors\":\(errors),\"warnings\":\(warnings),"
  + "\"raw_libyaml_s\":\(fmt(rawS, 4)),\"payerbook_s\":\(fmt(singleS, 4)),\"payerbook_parallel_s\":\(fmt(parS, 4)),"
  + "\"raw_mb_s\":\(fmt(mb / rawS, 1)),\"payerbook_mb_s\":\(fmt(mb / singleS, 1)),\"parallel_mb_s\":\(fmt(mb / parS, 1)),"
  + "\"payerbook_reasons_s\":\(Int(Double(reasons) / singleS)),\"parallel_reasons_s\":\(Int(Double(reasons) / parS)),"
  + "\"stage_tree_s\":\(fmt(seconds(bestStage.tree), 4)),\"stage_tree_decode_s\":\(fmt(seconds(bestStage.decode), 4)),"
  + "\"ratio_payerbook_raw\":\(fmt(singleS / rawS, 3)),\"ratio_parallel_raw\":\(fmt(parS / rawS, 3)),"
  + "\"all_raw_s\":[\(all.raw.map { fmt(seconds($0), 4) }.joined(separator: ","))],"
  + "\"all_payerbook_s\":[\(all.payerbook.map { fmt(seconds($0), 4) }.joined(separator: ","))],"
  + "\"all_parallel_s\":[\(all.parallel.map { fmt(seconds($0), 4) }.joined(separator: ","))]}"
print("BENCH_JSON \(json)")

extension String {
  func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
