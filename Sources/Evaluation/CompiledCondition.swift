import Claims
import Foundation
import PlaybookModel

/// A `match`, `when` or `unless` compiled for evaluation: codes packed, patterns compiled.
///
/// Semantics: within a field any value may match; across fields all must. `group` and `carc`
/// are tested on the same adjustment (CO-50 matches `{group: [CO], carc: [50]}`; CO-45 plus
/// PR-50 does not).
public struct CompiledCondition: Sendable {
  var groups: [PackedCode]?
  var carcs: [PackedCode]?
  var rarcs: [PackedCode]?
  var procedures: [CompiledPattern]?
  var proceduresAll: [CompiledPattern]?
  var modifiers: [PackedCode]?
  var modifiersAbsent: [PackedCode]?
  var diagnoses: [CompiledPattern]?
  var placesOfService: [PackedCode]?
  var planTypes: [String]?
  var billedOver: Decimal?
  var effective: Effective?

  /// The number of constrained fields.
  public let constrainedFields: Int
  /// How wide the code sets are (lower is narrower).
  public let breadth: Double

  /// Compiles a condition, with the rule's effective dates.
  public init(_ m: MatchCondition, effective: Effective? = nil) {
    groups = m.groups?.map(PackedCode.init)
    carcs = m.carcs?.map(PackedCode.init)
    rarcs = m.rarcs?.map(PackedCode.init)
    procedures = m.procedures?.map(CompiledPattern.init)
    proceduresAll = m.proceduresAll?.map(CompiledPattern.init)
    modifiers = m.modifiers?.map(PackedCode.init)
    modifiersAbsent = m.modifiersAbsent?.map(PackedCode.init)
    diagnoses = m.diagnoses?.map(CompiledPattern.init)
    placesOfService = m.placesOfService?.map(PackedCode.init)
    planTypes = m.planTypes
    billedOver = m.billedOver
    self.effective = effective
    constrainedFields = m.specificity(effective: effective).fields
    breadth = m.specificity(effective: effective).breadth
  }

  /// Whether any condition is about the case itself (procedures, diagnoses, modifiers, place of
  /// service, amount), not only about the denial codes. A plan type alone does not count: it
  /// would make a lesson fire on every case of that plan.
  public var hasCaseConditions: Bool {
    procedures != nil || proceduresAll != nil || modifiers != nil || modifiersAbsent != nil || diagnoses != nil
      || placesOfService != nil || billedOver != nil
  }

  /// The CARCs this condition requires, for indexing (nil: any).
  var indexKeys: [PackedCode]? { carcs }

  /// Whether the facts satisfy the condition. With `ignoringDenialCodes`, group, CARC and
  /// RARC are not tested (pre-submission checks of a denial reason's lesson).
  public func matches(_ f: Facts, ignoringDenialCodes: Bool = false) -> Bool {
    holds(f, ignoringDenialCodes: ignoringDenialCodes)
  }

  /// Whether the facts satisfy the condition: always the same answer as
  /// `evaluate(...) == nil`, without building traces or failure messages and without
  /// allocating (the path matching takes with traces off, and the filter before tracing).
  @inline(__always)
  func holds(_ f: Facts, ignoringDenialCodes: Bool = false) -> Bool {
    if !ignoringDenialCodes && (groups != nil || carcs != nil) {
      var hit = false
      for a in f.adjustments {
        if let groups, !groups.contains(a.group) { continue }
        if let carcs, !carcs.contains(a.carc) { continue }
        hit = true
        break
      }
      if !hit { return false }
    }
    if !ignoringDenialCodes, let rarcs, !f.remarks.contains(where: { rarcs.contains($0) }) { return false }
    if let procedures, !f.procedures.contains(where: { p in procedures.contains { $0.matches(p.code) } }) {
      return false
    }
    if let proceduresAll {
      for pattern in proceduresAll where !f.procedures.contains(where: { pattern.matches($0.code) }) { return false }
    }
    if let modifiers, !f.procedures.contains(where: { p in p.modifiers.contains { modifiers.contains($0) } }) {
      return false
    }
    if let modifiersAbsent {
      for p in f.procedures where p.modifiers.contains(where: { modifiersAbsent.contains($0) }) { return false }
    }
    if let diagnoses {
      guard let known = f.diagnoses, known.contains(where: { d in diagnoses.contains { $0.matches(d) } }) else {
        return false
      }
    }
    if let placesOfService {
      guard let pos = f.placeOfService, placesOfService.contains(pos) else { return false }
    }
    if let planTypes {
      guard let plan = f.planType, planTypes.contains(plan) else { return false }
    }
    if let billedOver, !(f.billed > billedOver) { return false }
    if let effective, let date = f.serviceDate, !effective.contains(date) { return false }
    return true
  }

  /// Evaluates and, with `record`, appends why each condition held to `trace`. Returns nil on
  /// a match, else the first condition that failed, in words.
  public func evaluate(_ f: Facts, ignoringDenialCodes: Bool = false, record: Bool, trace: inout [String]) -> String? {
    if !ignoringDenialCodes && (groups != nil || carcs != nil) {
      var hit: AdjustmentFact?
      for a in f.adjustments {
        if let groups, !groups.contains(a.group) { continue }
        if let carcs, !carcs.contains(a.carc) { continue }
        hit = a
        break
      }
      guard let hit else {
        let seen = f.adjustments.map { "\($0.group)-\($0.carc)" }.joined(separator: ", ")
        return "no adjustment \(describe(groups: groups, carcs: carcs)) (denial has \(seen.isEmpty ? "none" : seen))"
      }
      if record {
        if let groups { trace.append("group \(hit.group) in {\(list(groups))}") }
        if let carcs { trace.append("carc \(hit.carc) in {\(list(carcs))}") }
      }
    }
    if !ignoringDenialCodes, let rarcs {
      guard let hit = f.remarks.first(where: { rarcs.contains($0) }) else {
        return "no remark in {\(list(rarcs))} (denial has \(f.remarks.isEmpty ? "none" : list(f.remarks)))"
      }
      if record { trace.append("rarc \(hit) in {\(list(rarcs))}") }
    }
    if let procedures {
      var found: (ProcedureFact, CompiledPattern)?
      outer: for p in f.procedures {
        for pattern in procedures where pattern.matches(p.code) {
          found = (p, pattern)
          break outer
        }
      }
      guard let (p, pattern) = found else {
        return "no procedure in {\(procedures.map(\.text).joined(separator: ", "))} (has \(f.procedures.isEmpty ? "none" : f.procedures.map { "\($0.code)" }.joined(separator: ", ")))"
      }
      if record { trace.append("procedure \(p.code) \(pattern.verb)") }
    }
    if let proceduresAll {
      for pattern in proceduresAll {
        guard let p = f.procedures.first(where: { pattern.matches($0.code) }) else {
          return "no procedure \(pattern.verb) (procedures_all)"
        }
        if record { trace.append("procedure \(p.code) \(pattern.verb) (all of \(proceduresAll.map(\.text).joined(separator: ", ")))") }
      }
    }
    if let modifiers {
      var hit: (PackedCode, PackedCode)?
      outer: for p in f.procedures {
        for m in p.modifiers where modifiers.contains(m) {
          hit = (p.code, m)
          break outer
        }
      }
      guard let (code, m) = hit else { return "no modifier in {\(list(modifiers))}" }
      if record { trace.append("modifier \(m) on \(code) in {\(list(modifiers))}") }
    }
    if let modifiersAbsent {
      for p in f.procedures {
        if let m = p.modifiers.first(where: { modifiersAbsent.contains($0) }) {
          return "modifier \(m) on \(p.code) is present (modifiers_absent)"
        }
      }
      if record { trace.append("no modifier in {\(list(modifiersAbsent))}") }
    }
    if let diagnoses {
      guard let known = f.diagnoses else {
        return "diagnoses unknown (the remittance has none; give the original claim with --claims)"
      }
      var found: (PackedCode, CompiledPattern)?
      outer: for d in known {
        for pattern in diagnoses where pattern.matches(d) {
          found = (d, pattern)
          break outer
        }
      }
      guard let (d, pattern) = found else {
        return "no diagnosis in {\(diagnoses.map(\.text).joined(separator: ", "))} (has \(known.isEmpty ? "none" : list(known)))"
      }
      if record { trace.append("diagnosis \(DiagnosisCode(d.description).display) \(pattern.verb)") }
    }
    if let placesOfService {
      guard let pos = f.placeOfService, placesOfService.contains(pos) else {
        return "place of service \(f.placeOfService.map { "\($0)" } ?? "unknown") not in {\(list(placesOfService))}"
      }
      if record { trace.append("place of service \(pos) in {\(list(placesOfService))}") }
    }
    if let planTypes {
      guard let plan = f.planType, planTypes.contains(plan) else {
        return "plan type \(f.planType ?? "unknown") not in {\(planTypes.joined(separator: ", "))}"
      }
      if record { trace.append("plan type \(plan) in {\(planTypes.joined(separator: ", "))}") }
    }
    if let billedOver {
      guard f.billed > billedOver else { return "billed \(f.billed) is not over \(billedOver)" }
      if record { trace.append("billed \(f.billed) over \(billedOver)") }
    }
    if let effective, let date = f.serviceDate {
      guard effective.contains(date) else { return "date of service \(date) is not \(describe(effective))" }
      if record { trace.append("date of service \(date) \(describe(effective))") }
    }
    return nil
  }

  func describe(_ e: Effective) -> String {
    switch (e.from, e.until) {
    case (let f?, let u?): return "between \(f) and \(u)"
    case (let f?, nil): return "on or after \(f)"
    case (nil, let u?): return "on or before \(u)"
    default: return "any date"
    }
  }

  func list(_ codes: [PackedCode]) -> String { codes.map(\.description).joined(separator: ", ") }

  func describe(groups: [PackedCode]?, carcs: [PackedCode]?) -> String {
    switch (groups, carcs) {
    case (let g?, let c?): return "with group in {\(list(g))} and carc in {\(list(c))}"
    case (let g?, nil): return "with group in {\(list(g))}"
    case (nil, let c?): return "with carc in {\(list(c))}"
    default: return ""
    }
  }
}
