// x12-bench: throughput of the X12 reader against a bare byte scan of the same file.
//
// usage: x12-bench FILE [--repeat N] [--only scan|segments|remit|denials|appeal|model-floor|read]
// Prints one line per measure: name, seconds, MB/s, claims/s, and the ratio to the byte scan.
// Run it through scripts/bench-x12.sh, which also measures pyx12 and peak memory.

import Claims
import Foundation
import X12Reading

struct Measure {
  var name: String
  /// CPU time of this thread (not disturbed by other processes on a busy machine).
  var seconds: Double
  var claims: Int
  var detail: String
}

/// Thread CPU time: the machine may be shared, and wall time would count other processes' turns.
func now() -> Double {
  var t = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
  return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// The floor: read the file in 1 MB chunks and count segment terminators (`~`).
func byteScan(_ path: String) -> Measure {
  let start = now()
  let fd = open(path, O_RDONLY)
  guard fd >= 0 else { fatalError("cannot open \(path)") }
  defer { close(fd) }
  let size = 1 << 20
  let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
  defer { buffer.deallocate() }
  var terminators = 0
  while true {
    let n = read(fd, buffer, size)
    if n <= 0 { break }
    for i in 0..<n where buffer[i] == 0x7E { terminators += 1 }
  }
  return Measure(
    name: "byte-scan", seconds: now() - start, claims: 0, detail: "terminators=\(terminators)")
}

/// The syntax layer alone: every segment, envelope checks, no mapping.
func segments(_ path: String) throws -> Measure {
  let start = now()
  let reader = try X12Reader(path: path)
  var count = 0
  var clp = 0
  reader.forEachSegment { segment in
    count += 1
    if segment.id == SegmentID("CLP") { clp += 1 }
  }
  return Measure(name: "segments", seconds: now() - start, claims: clp, detail: "segments=\(count)")
}

/// Reading plus the 835 model plus the denial rule, streaming claim by claim.
func remit(_ path: String) throws -> Measure {
  let start = now()
  let reader = try X12Reader(path: path)
  var claims = 0
  var denied = 0
  var partial = 0
  var deniedLines = 0
  var lines = 0
  let result = RemittanceReader.stream(reader) { claim, _ in
    claims += 1
    lines += claim.lines.count
    switch claim.denial?.kind {
    case .denied?: denied += 1
    case .partial?: partial += 1
    case nil: break
    }
    for line in claim.lines where line.denial != nil { deniedLines += 1 }
  }
  return Measure(
    name: "remit+denials", seconds: now() - start, claims: claims,
    detail:
      "lines=\(lines) denied=\(denied) partial=\(partial) denied_lines=\(deniedLines) diagnostics=\(result.diagnostics.count)"
  )
}

/// The denial path: the same denials as `remit`, without building the paid claims.
func denialsOnly(_ path: String) throws -> Measure {
  let start = now()
  var denied = 0
  var partial = 0
  var deniedLines = 0
  var lines = 0
  let result = try RemittanceReader.denials(path: path) { claim, _ in
    lines += claim.lines.count
    switch claim.denial?.kind {
    case .denied?: denied += 1
    case .partial?: partial += 1
    case nil: break
    }
    for line in claim.lines where line.denial != nil { deniedLines += 1 }
  }
  return Measure(
    name: "denials-only", seconds: now() - start, claims: result.claims,
    detail:
      "built=\(result.built) lines(built)=\(lines) denied=\(denied) partial=\(partial) denied_lines=\(deniedLines) diagnostics=\(result.diagnostics.count)"
  )
}

/// What `payerbook appeal` pays: `RemittanceReader.readDenials`, the denial path with reversals
/// applied, denials kept in memory.
func readDenials(_ path: String) throws -> Measure {
  let start = now()
  let result = try RemittanceReader.readDenials(path: path)
  return Measure(
    name: "readDenials", seconds: now() - start, claims: result.claims,
    detail: "denials=\(result.denials.count) diagnostics=\(result.diagnostics.count)")
}

/// The floor for building the model of the denied claims: the same claims, re-made from values
/// already in memory (every array allocated anew, nothing parsed), then freed.
func modelFloor(_ path: String) throws -> Measure {
  var kept: [ClaimPayment] = []
  _ = try RemittanceReader.denials(path: path) { claim, _ in kept.append(claim) }
  func remake(_ a: [Adjustment]) -> [Adjustment] {
    a.map {
      Adjustment(group: $0.group, reason: $0.reason, amount: $0.amount, quantity: $0.quantity)
    }
  }
  let start = now()
  var total = 0
  for c in kept {
    var copy = ClaimPayment(
      patientControlNumber: c.patientControlNumber, status: c.status, billed: c.billed,
      paid: c.paid, segmentNumber: c.segmentNumber)
    copy.adjustments = remake(c.adjustments)
    copy.remarks = c.remarks.map { $0 }
    copy.patient = c.patient
    copy.renderingProvider = c.renderingProvider
    copy.statementFrom = c.statementFrom
    copy.statementTo = c.statementTo
    copy.received = c.received
    copy.payerClaimControlNumber = c.payerClaimControlNumber
    copy.filingIndicator = c.filingIndicator
    copy.planType = c.planType
    var lines: [ServicePayment] = []
    lines.reserveCapacity(c.lines.count)
    for l in c.lines {
      var m = ServicePayment(
        procedure: ProcedureCode(
          qualifier: l.procedure.qualifier, code: l.procedure.code,
          modifiers: l.procedure.modifiers.map { $0 }), billed: l.billed, paid: l.paid,
        segmentNumber: l.segmentNumber)
      m.adjustments = remake(l.adjustments)
      m.remarks = l.remarks.map { $0 }
      m.amounts = l.amounts.map { $0 }
      m.serviceFrom = l.serviceFrom
      m.serviceTo = l.serviceTo
      m.lineControlNumber = l.lineControlNumber
      if let d = l.denial {
        m.denial = Denial(kind: d.kind, reasons: remake(d.reasons), remarks: d.remarks)
      }
      lines.append(m)
    }
    copy.lines = lines
    if let d = c.denial {
      copy.denial = Denial(kind: d.kind, reasons: remake(d.reasons), remarks: d.remarks.map { $0 })
    }
    total &+= copy.lines.count
  }
  return Measure(
    name: "model-floor", seconds: now() - start, claims: 0,
    detail: "claims=\(kept.count) lines=\(total)")
}

/// What `payerbook remit` pays: `RemittanceReader.read` on the file, every
/// claim kept in memory, reversals applied, then the denials listed.
func readWhole(_ path: String) throws -> Measure {
  let start = now()
  let result = try RemittanceReader.read(path: path)
  var claims = 0
  var denials = 0
  for r in result.remittances {
    claims += r.claims.count
    denials += r.denials.count
  }
  let seconds = now() - start
  return Measure(
    name: "read(path:)", seconds: seconds, claims: claims,
    detail: "denials=\(denials) diagnostics=\(result.diagnostics.count)")
}

var arguments = Array(CommandLine.arguments.dropFirst())
guard let path = arguments.first else {
  FileHandle.standardError.write(
    Data("usage: x12-bench FILE [--repeat N] [--only scan|segments|remit|denials|read]\n".utf8))
  exit(2)
}
var repeats = 3
var only: String?
var i = 1
while i < arguments.count {
  switch arguments[i] {
  case "--repeat": repeats = Int(arguments[safe: i + 1] ?? "") ?? 3; i += 1
  case "--only": only = arguments[safe: i + 1]; i += 1
  default: break
  }
  i += 1
}

extension Array {
  subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
let megabytes = Double(bytes) / 1_000_000
func best(_ repeats: Int, _ body: () throws -> Measure) rethrows -> Measure {
  var result = try body()
  for _ in 1..<max(1, repeats) {
    let next = try body()
    if next.seconds < result.seconds { result = next }
  }
  return result
}

var measures: [Measure] = []
if only == nil || only == "scan" { measures.append(best(repeats) { byteScan(path) }) }
if only == nil || only == "segments" { measures.append(try best(repeats) { try segments(path) }) }
if only == nil || only == "remit" { measures.append(try best(repeats) { try remit(path) }) }
if only == nil || only == "denials" { measures.append(try best(repeats) { try denialsOnly(path) }) }
if only == nil || only == "appeal" { measures.append(try best(repeats) { try readDenials(path) }) }
if only == nil || only == "model-floor" {
  measures.append(try best(repeats) { try modelFloor(path) })
}
if only == nil || only == "read" { measures.append(try best(repeats) { try readWhole(path) }) }
let floor = measures.first { $0.name == "byte-scan" }?.seconds
print(String(format: "file: %@ (%.1f MB), best of %d, thread CPU time", path, megabytes, repeats))
for m in measures {
  var line = String(
    format: "%-14@ %8.3f s %9.1f MB/s", m.name as NSString, m.seconds, megabytes / m.seconds)
  if m.claims > 0 { line += String(format: " %12.0f claims/s", Double(m.claims) / m.seconds) }
  if let floor, m.name != "byte-scan" {
    line += String(format: "  %.2fx byte-scan time", m.seconds / floor)
  }
  print(line + "  " + m.detail)
}
