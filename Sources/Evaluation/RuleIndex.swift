import Claims
import Foundation
import PlaybookModel

/// A playbook's reasons, shared by the matches that refer to them (a match holds the table and
/// a position instead of a copy of the reason).
final class ReasonTable: Sendable {
  let reasons: [DenialReason]
  init(_ reasons: [DenialReason]) { self.reasons = reasons }
}

/// A matched denial reason, with why it matched.
public struct ReasonMatch: Sendable {
  let table: ReasonTable
  let position: Int
  /// The reason.
  public var reason: DenialReason {
    get { table.reasons[position] }
    set { self = ReasonMatch(table: ReasonTable([newValue]), position: 0, trace: trace, constrainedFields: constrainedFields, breadth: breadth, order: order) }
  }
  /// Why, one condition per entry: `carc 50 in {50}`, `procedure 29881 in 29870-29889`.
  /// Empty when evaluated with traces off.
  public var trace: [String]
  /// Constrained fields (more is more specific).
  public var constrainedFields: Int
  /// Width of the code sets (less is more specific).
  public var breadth: Double
  /// Position in the playbook (ties keep file order).
  public var order: Int
}

/// A reason that did not match, and the first condition that failed (`--explain`).
public struct NearMiss: Sendable {
  /// The reason's id.
  public var reasonID: String
  /// The failed condition, in words.
  public var failed: String
}

/// How a denial or case found its playbook.
public enum Routing: Sendable, Equatable {
  /// By a payer id listed in `identifiers.payer_ids` (or the playbook's payer id).
  case payerID(String)
  /// By a name listed in `identifiers.names` (or the payer's name), normalized.
  case name(String)
  /// By `default_for` the plan type.
  case defaultFor(String)
  /// No playbook serves this payer.
  case none

  /// In words, for checklists and traces.
  public var description: String {
    switch self {
    case .payerID(let id): return "payer id \(id)"
    case .name(let n): return "payer name \(n)"
    case .defaultFor(let plan): return "default playbook for \(plan)"
    case .none: return "no playbook"
    }
  }
}

/// A compiled reason: its condition and position.
struct CompiledReason: Sendable {
  var reason: DenialReason
  var condition: CompiledCondition
  var order: Int
}

/// The loaded playbooks compiled for evaluation: routing tables, and per playbook an index of
/// its denial reasons by CARC, so the cost per denial depends on the few reasons that share the
/// denial's codes, not on how many reasons exist.
public struct RuleIndex: Sendable {
  /// The playbooks, in routing order.
  public let playbooks: [ResolvedPlaybook]
  let reasons: [[CompiledReason]]
  /// Per playbook, the conditions and the CARC index in contiguous storage: what matching reads.
  let flat: [FlatPlaybook]
  /// Per playbook, its reasons for match results.
  let tables: [ReasonTable]
  /// CARC buckets of signatures: what matching reads first.
  let signatures: SignatureIndex
  let byPayerID: [String: Int]
  let byName: [String: Int]
  /// Names exactly as the playbooks list them, to the playbook their normalized form routes
  /// to: a remittance usually writes the payer's name as listed, and this skips normalizing.
  let byListedName: [String: Int]
  let byDefault: [String: Int]
  /// `byPayerID` for plain ids of up to 16 bytes, looked up without hashing a String.
  let packedIDs: PackedIDTable?

  /// Compiles resolved playbooks. Disabled reasons are left out.
  public init(_ playbooks: [ResolvedPlaybook]) {
    self.playbooks = playbooks
    var reasons: [[CompiledReason]] = []
    var byCARC: [[PackedCode: [Int]]] = []
    var anyCARC: [[Int]] = []
    var byPayerID: [String: Int] = [:]
    var byName: [String: Int] = [:]
    var byDefault: [String: Int] = [:]
    for (p, playbook) in playbooks.enumerated() {
      var compiled: [CompiledReason] = []
      var index: [PackedCode: [Int]] = [:]
      var any: [Int] = []
      for (order, reason) in playbook.denialReasons.enumerated() where reason.enabled {
        let c = CompiledReason(reason: reason, condition: CompiledCondition(reason.match, effective: reason.effective), order: order)
        let i = compiled.count
        compiled.append(c)
        if let keys = c.condition.indexKeys {
          for key in Set(keys) { index[key, default: []].append(i) }
        } else {
          any.append(i)
        }
      }
      reasons.append(compiled)
      byCARC.append(index)
      anyCARC.append(any)
      if let payer = playbook.playbook.payer {
        byPayerID[payer.id.uppercased()] = byPayerID[payer.id.uppercased()] ?? p
        for id in payer.payerIDs { byPayerID[id.uppercased()] = byPayerID[id.uppercased()] ?? p }
        for name in [payer.name] + payer.names {
          let n = PayerNames.normalize(name)
          byName[n] = byName[n] ?? p
        }
        for plan in payer.defaultFor { byDefault[plan] = byDefault[plan] ?? p }
      }
    }
    self.reasons = reasons
    self.flat = reasons.indices.map { FlatPlaybook(reasons[$0].map(\.condition), orders: reasons[$0].map(\.order), byCARC: byCARC[$0], anyCARC: anyCARC[$0]) }
    self.tables = reasons.map { ReasonTable($0.map(\.reason)) }
    self.signatures = SignatureIndex(reasons.map { $0.map(\.condition) }, byCARC: byCARC, anyCARC: anyCARC)
    self.byPayerID = byPayerID
    self.byName = byName
    var byListedName: [String: Int] = [:]
    for playbook in playbooks {
      guard let payer = playbook.playbook.payer else { continue }
      for name in [payer.name] + payer.names {
        let n = PayerNames.normalize(name)
        if !n.isEmpty, let p = byName[n] { byListedName[name] = p }
      }
    }
    self.byListedName = byListedName
    self.byDefault = byDefault
    self.packedIDs = PackedIDTable(byPayerID)
  }

  /// The number of enabled reasons across all playbooks.
  public var reasonCount: Int { reasons.reduce(0) { $0 + $1.count } }

  /// Finds the playbook for a payer: by id, then by normalized name, then by the plan type's
  /// default playbook.
  public func route(payerID: String?, payerName: String?, planType: String?) -> (playbook: Int?, routing: Routing) {
    if let payerID, let table = packedIDs, let (a, b, n) = PackedIDTable.pack(payerID) {
      // A plain id of up to 16 bytes: the table holds every such key.
      if let p = table.lookup(a, b, n) { return (p, .payerID(payerID)) }
    } else if let payerID {
      // Most ids are already trimmed upper-case ASCII: look them up as they are.
      let id = RuleIndex.isPlainID(payerID) ? payerID : payerID.trimmingCharacters(in: .whitespaces).uppercased()
      if !id.isEmpty, let p = byPayerID[id] { return (p, .payerID(id)) }
    }
    if let name = payerName {
      if let p = byListedName[name] { return (p, .name(name)) }
      let n = PayerNames.normalize(name)
      if !n.isEmpty, let p = byName[n] { return (p, .name(name)) }
    }
    if let plan = planType, let p = byDefault[plan] { return (p, .defaultFor(plan)) }
    return (nil, .none)
  }

  /// Whether an id needs no trimming or upper-casing: ASCII, no lower-case letter, no space or
  /// tab at either end (`.whitespaces` holds no other ASCII character).
  static func isPlainID(_ id: String) -> Bool {
    guard let first = id.utf8.first, let last = id.utf8.last else { return false }
    if first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 { return false }
    for c in id.utf8 where c >= 0x80 || (c >= 0x61 && c <= 0x7A) { return false }
    return true
  }

  /// Every reason of a playbook that matches, most specific first. Uses the CARC index: only
  /// the reasons that name one of the denial's CARCs, and those that name none, are tested.
  public func matches(_ facts: Facts, playbook p: Int, traces: Bool = true) -> [ReasonMatch] {
    var out: [ReasonMatch] = []
    let fp = flat[p]
    let span = signatures.spans[p]
    // The denial's signature, computed when the first candidate needs it.
    var sig: UInt64 = 0
    var haveSig = false
    signatures.entries.withUnsafeBufferPointer { entries in
      if span.anyCount > 0 {
        sig = Signature.of(facts)
        haveSig = true
        for e in entries[Int(span.anyStart)..<Int(span.anyStart + span.anyCount)] where Signature.admits(e.signature, sig) {
          test(fp, Int(e.reason), facts, playbook: p, traces: traces, into: &out)
        }
      }
      let adjustments = facts.adjustments
      let buckets = Int(span.bucketStart)..<Int(span.bucketStart + span.bucketCount)
      for k in adjustments.indices {
        let carc = adjustments[k].carc
        // Each CARC once.
        var repeated = false
        for j in 0..<k where adjustments[j].carc == carc {
          repeated = true
          break
        }
        if repeated { continue }
        var found = -1
        for b in buckets where signatures.buckets[b].carcBits == carc.bits && signatures.buckets[b].carcLength == carc.length {
          found = b
          break
        }
        if found < 0 { continue }
        if !haveSig {
          sig = Signature.of(facts)
          haveSig = true
        }
        let bucket = signatures.buckets[found]
        for m in Int(bucket.start)..<Int(bucket.start + bucket.count) {
          let e = entries[m]
          guard Signature.admits(e.signature, sig) else { continue }
          let i = Int(e.reason)
          // A reason that names several CARCs sits in several buckets: test it only under the
          // first of the denial's CARCs it names.
          if k > 0, e.severalCARCs, RuleIndex.names(fp, fp.conditions[i].carcs, anyOf: adjustments, before: k) { continue }
          test(fp, i, facts, playbook: p, traces: traces, into: &out)
        }
      }
    }
    if out.count > 1 { out.sort(by: RuleIndex.moreSpecific) }
    return out
  }

  /// Whether one of the first `k` adjustments has a CARC in the run.
  @inline(__always)
  static func names(_ fp: FlatPlaybook, _ carcs: FlatField, anyOf adjustments: [AdjustmentFact], before k: Int) -> Bool {
    for j in 0..<k where fp.contains(carcs, adjustments[j].carc) { return true }
    return false
  }

  /// Tests one reason and appends it when it matches. The condition is first tested on the flat
  /// tables, without building words (no allocation); the trace is built only for reasons that
  /// match.
  @inline(__always)
  func test(_ fp: FlatPlaybook, _ i: Int, _ facts: Facts, playbook p: Int, traces: Bool, into out: inout [ReasonMatch]) {
    guard fp.holds(i, facts) else { return }
    var trace: [String] = []
    if traces {
      // holds() and evaluate() agree (the differential test checks it): this only records why.
      _ = reasons[p][i].condition.evaluate(facts, record: true, trace: &trace)
    }
    let c = fp.conditions[i]
    out.append(
      ReasonMatch(
        table: tables[p], position: i, trace: trace, constrainedFields: Int(c.constrainedFields), breadth: c.breadth,
        order: Int(c.order)))
  }

  /// The same result as ``matches(_:playbook:traces:)``, by testing every reason in turn. Kept
  /// as the reference the index is checked against.
  public func matchesLinear(_ facts: Facts, playbook p: Int, traces: Bool = true) -> [ReasonMatch] {
    evaluate(Array(reasons[p].indices), facts, playbook: p, traces: traces)
  }

  /// The reasons that did not match and the first condition each failed (`--explain`).
  public func nearMisses(_ facts: Facts, playbook p: Int) -> [NearMiss] {
    var out: [NearMiss] = []
    var scratch: [String] = []
    for r in reasons[p] {
      if let failed = r.condition.evaluate(facts, record: false, trace: &scratch) {
        out.append(NearMiss(reasonID: r.reason.id, failed: failed))
      }
    }
    return out
  }

  func evaluate(_ candidates: [Int], _ facts: Facts, playbook p: Int, traces: Bool) -> [ReasonMatch] {
    var out: [ReasonMatch] = []
    let list = reasons[p]
    for i in candidates {
      let r = list[i]
      var trace: [String] = []
      if r.condition.evaluate(facts, record: traces, trace: &trace) == nil {
        out.append(
          ReasonMatch(
            table: tables[p], position: i, trace: trace, constrainedFields: r.condition.constrainedFields,
            breadth: r.condition.breadth, order: r.order))
      }
    }
    if out.count > 1 { out.sort(by: RuleIndex.moreSpecific) }
    return out
  }

  /// Ranking: more constrained fields first, then narrower code sets, then file order.
  static func moreSpecific(_ a: ReasonMatch, _ b: ReasonMatch) -> Bool {
    if a.constrainedFields != b.constrainedFields { return a.constrainedFields > b.constrainedFields }
    if a.breadth != b.breadth { return a.breadth < b.breadth }
    return a.order < b.order
  }
}

/// Payer ids of up to 16 ASCII bytes packed into two integers, in an open-addressing table: a
/// lookup packs the id while checking it is plain (one pass over its bytes) instead of hashing
/// a String. Holds every key of up to 16 bytes, so a miss is a miss; disabled (nil) when a key
/// is not ASCII (String equality is canonical equivalence, which bytes alone cannot decide).
struct PackedIDTable: Sendable {
  struct Slot: Sendable {
    var a: UInt64
    var b: UInt64
    var value: Int32  // -1: empty
    var length: Int32
  }
  var slots: [Slot]
  var mask: Int

  /// The packed form of a plain id (ASCII, no lower-case letter, no space or tab at either
  /// end) of 1-16 bytes; nil otherwise.
  @inline(__always)
  static func pack(_ id: String) -> (UInt64, UInt64, Int)? {
    var a: UInt64 = 0
    var b: UInt64 = 0
    var n = 0
    var last: UInt8 = 0
    for c in id.utf8 {
      if c >= 0x80 || (c >= 0x61 && c <= 0x7A) || n == 16 { return nil }
      if n == 0 && (c == 0x20 || c == 0x09) { return nil }
      if n < 8 { a |= UInt64(c) << (8 * UInt64(n)) } else { b |= UInt64(c) << (8 * UInt64(n - 8)) }
      n += 1
      last = c
    }
    if n == 0 || last == 0x20 || last == 0x09 { return nil }
    return (a, b, n)
  }

  @inline(__always)
  static func hash(_ a: UInt64, _ b: UInt64, _ n: Int) -> Int {
    let h = (a &* 0x9E37_79B9_7F4A_7C15) ^ (b &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(n)
    return Int(truncatingIfNeeded: ((h ^ (h >> 29)) &* 0x1656_67B1_9E37_79F9) >> 40)
  }

  init?(_ keys: [String: Int]) {
    var size = 16
    while size < keys.count * 2 { size *= 2 }
    slots = Array(repeating: Slot(a: 0, b: 0, value: -1, length: 0), count: size)
    mask = size - 1
    for (key, value) in keys {
      if key.utf8.contains(where: { $0 >= 0x80 }) { return nil }
      guard key.utf8.count <= 16 else { continue }
      // Keys that are not plain (lower case, spaces at the ends) are never looked up by their
      // packed form; pack their bytes anyway so lookups stay exact.
      var a: UInt64 = 0
      var b: UInt64 = 0
      for (n, c) in key.utf8.enumerated() {
        if n < 8 { a |= UInt64(c) << (8 * UInt64(n)) } else { b |= UInt64(c) << (8 * UInt64(n - 8)) }
      }
      let n = key.utf8.count
      var s = PackedIDTable.hash(a, b, n) & mask
      while slots[s].value >= 0 { s = (s + 1) & mask }
      slots[s] = Slot(a: a, b: b, value: Int32(value), length: Int32(n))
    }
  }

  /// The value for a packed id; nil when absent.
  @inline(__always)
  func lookup(_ a: UInt64, _ b: UInt64, _ n: Int) -> Int? {
    var s = PackedIDTable.hash(a, b, n) & mask
    while true {
      let slot = slots[s]
      if slot.value < 0 { return nil }
      if slot.a == a && slot.b == b && Int(slot.length) == n { return Int(slot.value) }
      s = (s + 1) & mask
    }
  }
}
