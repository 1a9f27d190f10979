// evaluator-bench: denial evaluation throughput of the compiled RuleIndex (issue 4, Figures).
//
//   evaluator-bench DIR [--denials N] [--runs N] [--linear N] [--export FILE --export-count N]
//                       [--series LABEL=DIR ...] [--series-denials N] [--json-only]
//
// DIR is a generated playbooks folder (scripts/gen-playbooks.py). The bench loads it, compiles
// the RuleIndex, generates N denied claims deterministically in memory (DeniedClaim values: 1-3
// adjustments from common CARCs with their groups, remarks, 1-3 denied lines with modifiers,
// diagnoses, place of service, plan type, billed amount, date of service; about 60% built
// from one of the payer's reasons, a third of those then perturbed, so a fair share match),
// pre-builds their Facts, then times, single thread, best of --runs:
//   facts     : DeniedClaim.facts for every denial (the cost of building Facts);
//   route     : RuleIndex.route(payerID:payerName:planType:) alone;
//   indexed   : route + matches(traces: false) over pre-built Facts (the headline figure);
//   traces    : route + matches(traces: true);
//   e2e       : DeniedClaim.facts + route + matches(traces: false);
//   linear    : route + matchesLinear(traces: false), on the first --linear denials (scaled to
//               per-denial cost; the same subset is checked to give identical results);
// and, for each --series LABEL=DIR, route + indexed matching over --series-denials denials
// generated from that folder. A checksum of the matches is printed so nothing is optimized
// away. Times are this thread's CPU time (the machine is shared), so rates are per core.
// Prints a table and a JSON line (prefixed `BENCH_JSON `).
//
// --export FILE writes the first --export-count denials as JSON lines (normalized codes, the
// routed playbook and the expected reason ids) and FILE.rules.json (every playbook's reasons),
// for scripts/bench-zen.py.

import Claims
import Dispatch
import Evaluation
import Foundation
import PlaybookModel

func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data("evaluator-bench: \(message)\n".utf8))
  exit(2)
}

/// Nanoseconds of CPU time of this thread: the machine is shared (concurrent builds), so timings
/// are per core, not wall clock.
func now() -> UInt64 {
  var ts = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
  return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// SplitMix64: deterministic across runs and platforms.
struct SplitMix: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
  mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }
  mutating func pick<T>(_ list: [T]) -> T { list[int(list.count)] }
}

// MARK: Vocabulary (the generator's, scripts/gen-playbooks.py, plus codes no reason names)

let commonCARCs = ["16", "50", "97", "197", "4", "11", "96", "204", "22", "18", "29", "252", "236", "198", "45", "109", "27", "31"]
let remarkCodes = ["MA130", "M51", "N4", "MA04", "N290", "M127", "N115", "N386", "N432", "M15", "N19", "N20", "N54", "M62",
  "N362", "N517", "M80", "N657", "M64", "N130", "N30", "N479", "M86", "N122", "N211", "N381"]
let procedureCodes = ["29881", "29880", "29877", "27447", "27130", "63030", "64483", "72148", "72149", "73721", "20610",
  "97110", "97140", "99213", "99214", "99215", "J1030", "J3301", "J0585", "G0283", "E0114", "L1833", "43239", "45380",
  "66984", "93000", "95810", "29875", "64490", "72156", "97530", "99203", "36415", "80053", "85025", "71046"]
let diagnosisCodes = ["M17.11", "M17.12", "M23.221", "M54.50", "M54.16", "M51.26", "S83.241A", "M75.110", "G89.29",
  "M25.561", "M19.011", "E11.9", "I10", "Z96.651", "M48.061", "M16.11", "G47.33", "M17.0", "S83.200A", "M79.604",
  "J06.9", "R51.9", "Z00.00", "K21.9", "F41.1"]
let modifierCodes = ["59", "XS", "XU", "LT", "RT", "25", "26", "TC", "GA", "GZ", "KX", "76", "50", "51"]
let placesOfService = ["11", "22", "19", "21", "23", "24", "02", "10", "12", "49"]
let planTypes = ["commercial", "ppo", "hmo", "epo", "pos", "medicare_advantage", "medicaid_mco", "medicare_part_b"]

/// A code inside a pattern (exact, prefix filled with digits, range: a value between the ends).
func sample(_ pattern: CodePattern, length: Int, _ rng: inout SplitMix) -> String {
  switch pattern.form {
  case .exact(let c): return c
  case .prefix(let p):
    var s = p
    while s.count < length { s.append(Character(String(rng.int(10)))) }
    return s
  case .range(let low, let high):
    let lo = Array(low), hi = Array(high)
    var common = 0
    while common < lo.count, common < hi.count, lo[common] == hi[common] { common += 1 }
    let restLo = String(lo[common...]), restHi = String(hi[common...])
    if lo.count == hi.count, let a = Int(restLo), let b = Int(restHi), a <= b, restLo.allSatisfy(\.isNumber) {
      let v = a + rng.int(b - a + 1)
      var digits = String(v)
      while digits.count < restLo.count { digits = "0" + digits }
      return String(lo[..<common]) + digits
    }
    return rng.chance(0.5) ? low : high
  }
}

func randomDate(_ rng: inout SplitMix) -> CalendarDate {
  CalendarDate(year: 2024 + rng.int(3), month: 1 + rng.int(12), day: 1 + rng.int(28))!
}

/// A payer as the remittance names it: by one of its ids, by a name variant only, or unknown.
struct PayerRef {
  var ids: [String]
  var names: [String]
}

/// Generates denials against a compiled index's payer playbooks.
func generateDenials(_ count: Int, index: RuleIndex, seed: UInt64) -> [DeniedClaim] {
  var rng = SplitMix(state: seed)
  var payers: [(p: Int, ref: PayerRef, reasons: [DenialReason])] = []
  for (p, pb) in index.playbooks.enumerated() {
    guard let payer = pb.playbook.payer else { continue }
    payers.append((p, PayerRef(ids: [payer.id] + payer.payerIDs, names: [payer.name] + payer.names),
      pb.denialReasons.filter(\.enabled)))
  }
  if payers.isEmpty { fail("no payer playbooks") }
  var out: [DeniedClaim] = []
  out.reserveCapacity(count)
  for n in 0..<count {
    let payer = rng.pick(payers)
    var d = DeniedClaim(patientControlNumber: "PCN\(n)", billed: 0, paid: 0)
    let r = rng.int(100)
    if r < 85 {
      d.payerID = payer.ref.ids.count > 1 ? payer.ref.ids[1 + rng.int(payer.ref.ids.count - 1)] : payer.ref.ids[0]
    } else if r < 95 {
      d.payerName = rng.pick(payer.ref.names)
    } else {
      d.payerID = "99\(rng.int(1000))"
      d.payerName = "Unlisted Health Plan"
    }
    d.planType = rng.pick(planTypes)
    d.placeOfService = rng.pick(placesOfService)
    d.serviceFrom = randomDate(&rng)
    d.billed = Decimal(50 + rng.int(5000))
    d.payerClaimNumber = "PCC\(n)"
    var adjustments: [Adjustment] = []
    var remarks: [String] = []
    var procs: [ProcedureCode] = []
    var diagnoses: [DiagnosisCode]? = nil
    if rng.chance(0.85) {
      diagnoses = (0..<(1 + rng.int(3))).map { _ in DiagnosisCode(rng.pick(diagnosisCodes)) }
    }
    if !payer.reasons.isEmpty && rng.chance(0.6) {
      // From a reason of this payer.
      let m = rng.pick(payer.reasons).match
      let reason = m
      let carc = reason.carcs.map { rng.pick($0) } ?? rng.pick(commonCARCs)
      let group = reason.groups.map { rng.pick($0) } ?? "CO"
      adjustments.append(Adjustment(group: group, reason: carc, amount: d.billed))
      if let rarcs = reason.rarcs { remarks.append(rng.pick(rarcs)) }
      if let pats = reason.procedures { procs.append(ProcedureCode(code: sample(rng.pick(pats), length: 5, &rng))) }
      for pat in reason.proceduresAll ?? [] { procs.append(ProcedureCode(code: sample(pat, length: 5, &rng))) }
      if procs.isEmpty { procs.append(ProcedureCode(code: rng.pick(procedureCodes))) }
      if let mods = reason.modifiers { procs[0].modifiers.append(rng.pick(mods)) }
      if let dx = reason.diagnoses {
        let code = sample(rng.pick(dx), length: 5 + rng.int(2), &rng)
        diagnoses = (diagnoses ?? []) + [DiagnosisCode(code)]
      }
      if let pos = reason.placesOfService { d.placeOfService = rng.pick(pos) }
      if let plans = reason.planTypes { d.planType = rng.pick(plans) }
      if let over = reason.billedOver { d.billed = over + Decimal(1 + rng.int(2000)) }
      // A third are perturbed: near misses.
      if rng.chance(0.33) {
        switch rng.int(4) {
        case 0: adjustments[0].group = rng.pick(["CO", "PR", "OA", "PI"])
        case 1: procs[0].code = rng.pick(procedureCodes)
        case 2: diagnoses = rng.chance(0.5) ? nil : [DiagnosisCode(rng.pick(diagnosisCodes))]
        default: d.placeOfService = rng.pick(placesOfService)
        }
      }
    }
    // Fill up to 1-3 adjustments, 1-3 lines, some remarks.
    let nAdj = 1 + rng.int(3)
    while adjustments.count < nAdj {
      let carc = rng.pick(commonCARCs)
      let group = rng.chance(0.8) ? "CO" : rng.pick(["PR", "OA", "PI"])
      adjustments.append(Adjustment(group: group, reason: carc, amount: Decimal(10 + rng.int(500))))
    }
    let nRemarks = rng.int(3)
    while remarks.count < nRemarks { remarks.append(rng.pick(remarkCodes)) }
    let nProcs = 1 + rng.int(3)
    while procs.count < nProcs { procs.append(ProcedureCode(code: rng.pick(procedureCodes))) }
    for i in procs.indices where rng.chance(0.35) {
      let mod = rng.pick(modifierCodes)
      if !procs[i].modifiers.contains(mod) { procs[i].modifiers.append(mod) }
    }
    d.adjustments = adjustments
    d.remarks = remarks
    d.diagnoses = diagnoses
    d.linkedToClaim = diagnoses != nil
    let perLine = d.billed / Decimal(procs.count)
    d.lines = procs.map { p in
      var line = DeniedLine(procedure: p, billed: perLine, paid: 0, denied: true)
      line.serviceFrom = d.serviceFrom
      line.adjustments = adjustments
      return line
    }
    out.append(d)
  }
  return out
}

// MARK: Timed loops

struct Routed {
  var payerID: String?
  var payerName: String?
  var planType: String?
}

@inline(never)
func runIndexed(_ index: RuleIndex, _ routed: [Routed], _ facts: [Facts], count: Int, traces: Bool) -> Int {
  var checksum = 0
  for k in 0..<count {
    let r = routed[k]
    guard let p = index.route(payerID: r.payerID, payerName: r.payerName, planType: r.planType).playbook else {
      checksum &+= 1
      continue
    }
    let m = index.matches(facts[k], playbook: p, traces: traces)
    checksum &+= m.count &* 31 &+ (m.first?.order ?? 0)
    if traces { for x in m { checksum &+= x.trace.count } }
  }
  return checksum
}

@inline(never)
func runLinear(_ index: RuleIndex, _ routed: [Routed], _ facts: [Facts], count: Int) -> Int {
  var checksum = 0
  for k in 0..<count {
    let r = routed[k]
    guard let p = index.route(payerID: r.payerID, payerName: r.payerName, planType: r.planType).playbook else {
      checksum &+= 1
      continue
    }
    let m = index.matchesLinear(facts[k], playbook: p, traces: false)
    checksum &+= m.count &* 31 &+ (m.first?.order ?? 0)
  }
  return checksum
}

@inline(never)
func runRouteOnly(_ index: RuleIndex, _ routed: [Routed]) -> Int {
  var checksum = 0
  for r in routed {
    checksum &+= index.route(payerID: r.payerID, payerName: r.payerName, planType: r.planType).playbook ?? -1
  }
  return checksum
}

@inline(never)
func runMatchOnly(_ index: RuleIndex, _ playbooks: [Int], _ facts: [Facts]) -> Int {
  var checksum = 0
  for k in 0..<facts.count where playbooks[k] >= 0 {
    let m = index.matches(facts[k], playbook: playbooks[k], traces: false)
    checksum &+= m.count &* 31 &+ (m.first?.order ?? 0)
  }
  return checksum
}

@inline(never)
func runEndToEnd(_ index: RuleIndex, _ claims: [DeniedClaim]) -> Int {
  var checksum = 0
  for c in claims {
    let f = c.facts
    guard let p = index.route(payerID: c.payerID, payerName: c.payerName, planType: c.planType).playbook else {
      checksum &+= 1
      continue
    }
    let m = index.matches(f, playbook: p, traces: false)
    checksum &+= m.count &* 31 &+ (m.first?.order ?? 0)
  }
  return checksum
}

@inline(never)
func buildFacts(_ claims: [DeniedClaim]) -> [Facts] { claims.map(\.facts) }

/// Best of `runs`: (seconds, checksum). Every run must give the same checksum.
func best(_ runs: Int, _ body: () -> Int) -> (Double, Int) {
  var bestNs = UInt64.max
  var sum: Int?
  for _ in 0..<runs {
    let t = now()
    let c = body()
    bestNs = min(bestNs, now() - t)
    if let sum, sum != c { fail("checksum differs between runs") }
    sum = c
  }
  return (Double(bestNs) / 1e9, sum ?? 0)
}

// MARK: Export for scripts/bench-zen.py

func jsonString(_ s: String) -> String {
  var out = "\""
  for ch in s.unicodeScalars {
    switch ch {
    case "\"": out += "\\\""
    case "\\": out += "\\\\"
    default: out.unicodeScalars.append(ch)
    }
  }
  return out + "\""
}
func jsonList(_ items: [String]) -> String { "[" + items.map(jsonString).joined(separator: ",") + "]" }
func packed(_ s: String) -> String { PackedCode(s).description }
func dateInt(_ d: CalendarDate) -> Int { d.year * 10000 + d.month * 100 + d.day }

/// A code with its shape (letters kept, other characters as `#`) and the number its digits
/// make: how bench-zen.py tests ranges, since zen's expressions do not compare strings.
func codeObject(_ c: PackedCode) -> String {
  let text = c.description
  var shape = ""
  var digits = ""
  for u in text.unicodeScalars {
    if u.value >= 0x41 { shape.unicodeScalars.append(u) } else { shape += "#" }
    if u.value >= 0x30 && u.value <= 0x39 { digits.unicodeScalars.append(u) }
  }
  return "{\"c\":\(jsonString(text)),\"s\":\(jsonString(shape)),\"n\":\(Int(digits) ?? -1)}"
}

func patternObject(_ p: CodePattern) -> String {
  switch p.form {
  case .exact(let c): return "{\"exact\":\(jsonString(packed(c)))}"
  case .prefix(let c): return "{\"prefix\":\(jsonString(packed(c)))}"
  case .range(let l, let h): return "{\"low\":\(jsonString(packed(l))),\"high\":\(jsonString(packed(h)))}"
  }
}

func exportRules(_ index: RuleIndex, to path: String) {
  var out = "{\"playbooks\":[\n"
  var first = true
  for pb in index.playbooks {
    if !first { out += ",\n" }
    first = false
    out += "{\"key\":\(jsonString(pb.playbook.key)),\"reasons\":["
    var items: [String] = []
    for r in pb.denialReasons where r.enabled {
      let m = r.match
      var fields = ["\"id\":\(jsonString(r.id))"]
      if let v = m.groups { fields.append("\"groups\":\(jsonList(v.map(packed)))") }
      if let v = m.carcs { fields.append("\"carcs\":\(jsonList(v.map(packed)))") }
      if let v = m.rarcs { fields.append("\"rarcs\":\(jsonList(v.map(packed)))") }
      if let v = m.procedures { fields.append("\"procedures\":[\(v.map(patternObject).joined(separator: ","))]") }
      if let v = m.proceduresAll { fields.append("\"procedures_all\":[\(v.map(patternObject).joined(separator: ","))]") }
      if let v = m.modifiers { fields.append("\"modifiers\":\(jsonList(v.map(packed)))") }
      if let v = m.modifiersAbsent { fields.append("\"modifiers_absent\":\(jsonList(v.map(packed)))") }
      if let v = m.diagnoses { fields.append("\"diagnoses\":[\(v.map(patternObject).joined(separator: ","))]") }
      if let v = m.placesOfService { fields.append("\"pos\":\(jsonList(v.map(packed)))") }
      if let v = m.planTypes { fields.append("\"plan_types\":\(jsonList(v))") }
      if let v = m.billedOver { fields.append("\"billed_over\":\(v)") }
      if let e = r.effective {
        fields.append("\"from\":\(e.from.map { String(dateInt($0)) } ?? "null")")
        fields.append("\"until\":\(e.until.map { String(dateInt($0)) } ?? "null")")
      }
      items.append("{" + fields.joined(separator: ",") + "}")
    }
    out += items.joined(separator: ",\n") + "]}"
  }
  out += "\n]}\n"
  do { try out.write(toFile: path, atomically: true, encoding: .utf8) } catch { fail("cannot write \(path)") }
}

func exportDenials(_ index: RuleIndex, _ facts: [Facts], _ playbooks: [Int], count: Int, to path: String) {
  var out = ""
  for k in 0..<min(count, facts.count) {
    let f = facts[k]
    let p = playbooks[k]
    let expect = p < 0 ? [] : index.matches(f, playbook: p, traces: false).map(\.reason.id)
    var fields: [String] = []
    fields.append("\"playbook\":\(p)")
    fields.append("\"adjustments\":[" + f.adjustments.map { "{\"group\":\(jsonString($0.group.description)),\"carc\":\(jsonString($0.carc.description))}" }.joined(separator: ",") + "]")
    fields.append("\"remarks\":\(jsonList(f.remarks.map(\.description)))")
    fields.append("\"procedures\":[" + f.procedures.map(\.code).map(codeObject).joined(separator: ",") + "]")
    fields.append("\"modifiers\":\(jsonList(f.procedures.flatMap(\.modifiers).map(\.description)))")
    fields.append("\"diagnoses\":" + (f.diagnoses.map { "[" + $0.map(codeObject).joined(separator: ",") + "]" } ?? "null"))
    fields.append("\"pos\":" + (f.placeOfService.map { jsonString($0.description) } ?? "null"))
    fields.append("\"plan\":" + (f.planType.map(jsonString) ?? "null"))
    fields.append("\"billed\":\(f.billed)")
    fields.append("\"date\":" + (f.serviceDate.map { String(dateInt($0)) } ?? "null"))
    fields.append("\"expect\":\(jsonList(expect))")
    out += "{" + fields.joined(separator: ",") + "}\n"
  }
  do { try out.write(toFile: path, atomically: true, encoding: .utf8) } catch { fail("cannot write \(path)") }
}

// MARK: Arguments

var args = Array(CommandLine.arguments.dropFirst())
guard let folder = args.first, !folder.hasPrefix("-") else {
  fail("usage: evaluator-bench DIR [--denials N] [--runs N] [--linear N] [--export FILE --export-count N] [--series LABEL=DIR ...] [--series-denials N] [--json-only]")
}
var denialCount = 1_000_000
var runs = 3
var linearCount = 100_000
var exportPath: String?
var exportCount = 20_000
var series: [(String, String)] = []
var seriesDenials = 200_000
var jsonOnly = false
var i = 1
@MainActor func value() -> String {
  guard i + 1 < args.count else { fail("\(args[i]) needs a value") }
  i += 1
  return args[i]
}
@MainActor func intValue(_ what: String) -> Int {
  guard let v = Int(value()) else { fail(what) }
  return v
}
while i < args.count {
  switch args[i] {
  case "--denials": denialCount = intValue("--denials: a number")
  case "--runs": runs = intValue("--runs: a number")
  case "--linear": linearCount = intValue("--linear: a number")
  case "--export": exportPath = value()
  case "--export-count": exportCount = intValue("--export-count: a number")
  case "--series-denials": seriesDenials = intValue("--series-denials: a number")
  case "--series":
    let v = value()
    guard let eq = v.firstIndex(of: "=") else { fail("--series LABEL=DIR") }
    series.append((String(v[..<eq]), String(v[v.index(after: eq)...])))
  case "--json-only": jsonOnly = true
  default: fail("unknown argument \(args[i])")
  }
  i += 1
}

@MainActor func log(_ s: String) { if !jsonOnly { print(s) } }

func loadIndex(_ dir: String) -> RuleIndex {
  let library = PlaybookLibrary.load(folder: dir)
  if library.diagnostics.hasErrors {
    fail("\(dir): \(library.diagnostics.count(.error)) errors loading playbooks (run payerbook lint \(dir))")
  }
  return RuleIndex(library.resolved)
}

func fmtRate(_ perSecond: Double) -> String {
  perSecond >= 1e6 ? String(format: "%.2f M/s", perSecond / 1e6) : String(format: "%.0f k/s", perSecond / 1e3)
}

// MARK: Main figure

let tLoad = now()
let index = loadIndex(folder)
let loadS = Double(now() - tLoad) / 1e9
let payerCount = index.playbooks.filter { $0.playbook.payer != nil }.count
let reasonCount = index.reasonCount

let tGen = now()
let claims = generateDenials(denialCount, index: index, seed: 0x5EED_0004)
let genS = Double(now() - tGen) / 1e9
let routed = claims.map { Routed(payerID: $0.payerID, payerName: $0.payerName, planType: $0.planType) }

let (factsS, _) = best(runs) { buildFacts(claims).count }
let facts = buildFacts(claims)
let playbookOf = routed.map { index.route(payerID: $0.payerID, payerName: $0.payerName, planType: $0.planType).playbook ?? -1 }

// Match statistics (untimed).
var matchedDenials = 0
var totalMatches = 0
for k in 0..<facts.count where playbookOf[k] >= 0 {
  let m = index.matches(facts[k], playbook: playbookOf[k], traces: false)
  if !m.isEmpty { matchedDenials += 1 }
  totalMatches += m.count
}
let unrouted = playbookOf.filter { $0 < 0 }.count

let (routeS, _) = best(runs) { runRouteOnly(index, routed) }
let (matchOnlyS, _) = best(runs) { runMatchOnly(index, playbookOf, facts) }
let (indexedS, checksum) = best(runs) { runIndexed(index, routed, facts, count: facts.count, traces: false) }
let (tracesS, checksumTraces) = best(runs) { runIndexed(index, routed, facts, count: facts.count, traces: true) }
let (e2eS, checksumE2E) = best(runs) { runEndToEnd(index, claims) }
if checksumE2E != checksum { fail("end-to-end checksum \(checksumE2E) != indexed \(checksum)") }

// Linear reference on a subset: also checked to give the same results.
let linearN = min(linearCount, facts.count)
for k in 0..<linearN where playbookOf[k] >= 0 {
  let a = index.matches(facts[k], playbook: playbookOf[k], traces: false).map(\.reason.id)
  let b = index.matchesLinear(facts[k], playbook: playbookOf[k], traces: false).map(\.reason.id)
  if a != b { fail("denial \(k): indexed \(a) != linear \(b)") }
}
let (linearS, _) = best(runs) { runLinear(index, routed, facts, count: linearN) }
let (indexedSubsetS, _) = best(runs) { runIndexed(index, routed, facts, count: linearN, traces: false) }

let n = Double(facts.count)
let indexedRate = n / indexedS
let linearRate = Double(linearN) / linearS
let indexedSubsetRate = Double(linearN) / indexedSubsetS

if let exportPath {
  exportDenials(index, facts, playbookOf, count: exportCount, to: exportPath)
  exportRules(index, to: exportPath + ".rules.json")
}

// MARK: Scaling series

struct SeriesResult {
  var label: String
  var payers: Int
  var reasons: Int
  var denials: Int
  var nsPerDenial: Double
  var matchesPerDenial: Double
}
var seriesResults: [SeriesResult] = []
for (label, dir) in series {
  let idx = loadIndex(dir)
  let sc = generateDenials(seriesDenials, index: idx, seed: 0x5EED_0004)
  let sr = sc.map { Routed(payerID: $0.payerID, payerName: $0.payerName, planType: $0.planType) }
  let sf = sc.map(\.facts)
  var total = 0
  for k in 0..<sf.count {
    if let p = idx.route(payerID: sr[k].payerID, payerName: sr[k].payerName, planType: sr[k].planType).playbook {
      total += idx.matches(sf[k], playbook: p, traces: false).count
    }
  }
  let (s, _) = best(runs) { runIndexed(idx, sr, sf, count: sf.count, traces: false) }
  seriesResults.append(SeriesResult(label: label, payers: idx.playbooks.filter { $0.playbook.payer != nil }.count,
    reasons: idx.reasonCount, denials: sf.count, nsPerDenial: s * 1e9 / Double(sf.count),
    matchesPerDenial: Double(total) / Double(sf.count)))
}

// MARK: Report

let cores = ProcessInfo.processInfo.activeProcessorCount
log("evaluator-bench: \(folder): \(payerCount) payer playbooks, \(reasonCount) reasons (loaded in \(String(format: "%.2f", loadS)) s)")
log("  \(facts.count) denials generated in \(String(format: "%.2f", genS)) s; routed \(facts.count - unrouted) (unrouted \(unrouted)); "
  + "\(matchedDenials) match at least one reason (\(String(format: "%.1f", 100 * Double(matchedDenials) / n))%), "
  + String(format: "%.2f", Double(totalMatches) / n) + " matches per denial")
log("  single thread, best of \(runs), \(cores) cores on the machine")
log("")
log("  stage                                      ns/denial     rate")
@MainActor func row(_ name: String, _ seconds: Double, _ count: Double) {
  let ns = seconds * 1e9 / count
  log("  " + name.padding(toLength: 40, withPad: " ", startingAt: 0) + String(format: "%10.1f", ns) + "   " + fmtRate(count / seconds))
}
row("build Facts from DeniedClaim", factsS, n)
row("route only", routeS, n)
row("indexed match only (pre-routed)", matchOnlyS, n)
row("route + indexed match, traces off", indexedS, n)
row("route + indexed match, traces on", tracesS, n)
row("end to end: Facts + route + match", e2eS, n)
row("route + linear match (first \(linearN))", linearS, Double(linearN))
row("route + indexed match (same \(linearN))", indexedSubsetS, Double(linearN))
log("")
log(String(format: "  indexed, traces off: %.2f M evaluations/s on one core (target >= 1.00 M/s: %@)", indexedRate / 1e6,
  indexedRate >= 1e6 ? "met" : "MISSED"))
log(String(format: "  indexed / linear speedup (same %d denials): %.1fx", linearN, indexedSubsetRate / linearRate))
log("  checksum \(checksum), with traces \(checksumTraces)")

var growth: [String: Double] = [:]
if !seriesResults.isEmpty {
  log("")
  log("  scaling (route + indexed match, traces off)   payers  reasons   denials   ns/denial  matches/denial")
  for r in seriesResults {
    log("  " + r.label.padding(toLength: 44, withPad: " ", startingAt: 0)
      + String(format: "%7d %8d %9d %11.1f %14.2f", r.payers, r.reasons, r.denials, r.nsPerDenial, r.matchesPerDenial))
  }
  // Growth per group: labels `group/reasons`; smallest reasons to largest.
  var groups: [String: [SeriesResult]] = [:]
  for r in seriesResults { groups[String(r.label.split(separator: "/").first ?? ""), default: []].append(r) }
  for (g, rs) in groups.sorted(by: { $0.key < $1.key }) {
    guard let lo = rs.min(by: { $0.reasons < $1.reasons }), let hi = rs.max(by: { $0.reasons < $1.reasons }), lo.reasons < hi.reasons
    else { continue }
    let ratio = hi.nsPerDenial / lo.nsPerDenial
    growth[g] = ratio
    log(String(format: "  growth %@: %d -> %d reasons: %.2fx per denial (target <= 1.5x: %@)", g, lo.reasons, hi.reasons, ratio,
      ratio <= 1.5 ? "met" : "MISSED"))
  }
}

func r4(_ x: Double) -> Double { (x * 1e4).rounded() / 1e4 }
var json: [String: Any] = [
  "folder": folder, "payers": payerCount, "reasons": reasonCount, "denials": facts.count, "runs": runs, "cores": cores,
  "unrouted": unrouted, "matched_denials": matchedDenials, "matches": totalMatches,
  "facts_ns": r4(factsS * 1e9 / n), "route_ns": r4(routeS * 1e9 / n), "match_only_ns": r4(matchOnlyS * 1e9 / n),
  "indexed_ns": r4(indexedS * 1e9 / n), "traces_ns": r4(tracesS * 1e9 / n), "e2e_ns": r4(e2eS * 1e9 / n),
  "indexed_per_s": indexedRate.rounded(), "traces_per_s": (n / tracesS).rounded(), "e2e_per_s": (n / e2eS).rounded(),
  "linear_denials": linearN, "linear_per_s": linearRate.rounded(), "indexed_subset_per_s": indexedSubsetRate.rounded(),
  "ratio_indexed_linear": r4(indexedSubsetRate / linearRate), "checksum": checksum,
  "series": seriesResults.map { ["label": $0.label, "payers": $0.payers, "reasons": $0.reasons, "denials": $0.denials,
    "ns": r4($0.nsPerDenial), "matches_per_denial": r4($0.matchesPerDenial)] as [String: Any] },
  "growth": growth.mapValues(r4),
]
if let exportPath { json["export"] = exportPath }
let data = try! JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
print("BENCH_JSON " + String(decoding: data, as: UTF8.self))
