import Claims
import Foundation
import PlaybookModel

/// A matched denial reason, with why it matched.
public struct ReasonMatch: Sendable {
  /// The reason.
  public var reason: DenialReason
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
  let byCARC: [[PackedCode: [Int]]]
  let anyCARC: [[Int]]
  let byPayerID: [String: Int]
  let byName: [String: Int]
  /// Names exactly as the playbooks list them, to the playbook their normalized form routes
  /// to: a remittance usually writes the payer's name as listed, and this skips normalizing.
  let byListedName: [String: Int]
  let byDefault: [String: Int]

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
    self.flat = reasons.indices.map { FlatPlaybook(reasons[$0].map(\.condition), byCARC: byCARC[$0], anyCARC: anyCARC[$0]) }
    self.byCARC = byCARC
    self.anyCARC = anyCARC
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
  }

  /// The number of enabled reasons across all playbooks.
  public var reasonCount: Int { reasons.reduce(0) { $0 + $1.count } }

  /// Finds the playbook for a payer: by id, then by normalized name, then by the plan type's
  /// default playbook.
  public func route(payerID: String?, payerName: String?, planType: String?) -> (playbook: Int?, routing: Routing) {
    if let payerID {
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
    for i in fp.anyCARC { test(fp, Int(i), facts, playbook: p, traces: traces, into: &out) }
    let adjustments = facts.adjustments
    for k in adjustments.indices {
      let carc = adjustments[k].carc
      // Each CARC once.
      var repeated = false
      for j in 0..<k where adjustments[j].carc == carc {
        repeated = true
        break
      }
      if repeated { continue }
      guard let bucket = fp.bucket(carc) else { continue }
      for m in bucket.range {
        let i = Int(fp.members[m])
        // A reason that names several CARCs sits in several buckets: test it only under the
        // first of the denial's CARCs it names.
        if k > 0, RuleIndex.names(fp, fp.conditions[i].carcs, anyOf: adjustments, before: k) { continue }
        test(fp, i, facts, playbook: p, traces: traces, into: &out)
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
    let r = reasons[p][i]
    var trace: [String] = []
    if traces {
      // holds() and evaluate() agree (the differential test checks it): this only records why.
      _ = r.condition.evaluate(facts, record: true, trace: &trace)
    }
    out.append(
      ReasonMatch(
        reason: r.reason, trace: trace, constrainedFields: r.condition.constrainedFields, breadth: r.condition.breadth,
        order: r.order))
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
            reason: r.reason, trace: trace, constrainedFields: r.condition.constrainedFields,
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
