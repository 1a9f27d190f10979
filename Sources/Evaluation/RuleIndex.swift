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
  let byCARC: [[PackedCode: [Int]]]
  let anyCARC: [[Int]]
  let byPayerID: [String: Int]
  let byName: [String: Int]
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
    self.byCARC = byCARC
    self.anyCARC = anyCARC
    self.byPayerID = byPayerID
    self.byName = byName
    self.byDefault = byDefault
  }

  /// The number of enabled reasons across all playbooks.
  public var reasonCount: Int { reasons.reduce(0) { $0 + $1.count } }

  /// Finds the playbook for a payer: by id, then by normalized name, then by the plan type's
  /// default playbook.
  public func route(payerID: String?, payerName: String?, planType: String?) -> (playbook: Int?, routing: Routing) {
    if let id = payerID?.trimmingCharacters(in: .whitespaces).uppercased(), !id.isEmpty, let p = byPayerID[id] {
      return (p, .payerID(id))
    }
    if let name = payerName {
      let n = PayerNames.normalize(name)
      if !n.isEmpty, let p = byName[n] { return (p, .name(name)) }
    }
    if let plan = planType, let p = byDefault[plan] { return (p, .defaultFor(plan)) }
    return (nil, .none)
  }

  /// Every reason of a playbook that matches, most specific first. Uses the CARC index.
  public func matches(_ facts: Facts, playbook p: Int, traces: Bool = true) -> [ReasonMatch] {
    var candidates = anyCARC[p]
    if !facts.adjustments.isEmpty {
      let index = byCARC[p]
      var seenCARC: [PackedCode] = []
      for a in facts.adjustments where !seenCARC.contains(a.carc) {
        seenCARC.append(a.carc)
        if let bucket = index[a.carc] { candidates += bucket }
      }
      if seenCARC.count > 1 || !anyCARC[p].isEmpty {
        candidates.sort()
        var unique: [Int] = []
        unique.reserveCapacity(candidates.count)
        for c in candidates where unique.last != c { unique.append(c) }
        candidates = unique
      }
    }
    return evaluate(candidates, facts, playbook: p, traces: traces)
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
