import Claims
import Foundation
import PlaybookModel

/// A run of codes or patterns in a ``FlatPlaybook`` pool; `count < 0` when the field is absent.
struct FlatField: Sendable {
  var start: Int32
  var count: Int32
  static let absent = FlatField(start: 0, count: -1)
  @inline(__always) var isPresent: Bool { count >= 0 }
  @inline(__always) var range: Range<Int> { Int(start)..<Int(start) + Int(count) }
}

/// One condition with its code lists as runs in the playbook's pools: a plain value with no
/// references, so testing a reason reads a few contiguous cache lines instead of following a
/// pointer per field. Same semantics as ``CompiledCondition/holds(_:ignoringDenialCodes:)``.
struct FlatCondition: Sendable {
  var groups = FlatField.absent
  var carcs = FlatField.absent
  var rarcs = FlatField.absent
  var modifiers = FlatField.absent
  var modifiersAbsent = FlatField.absent
  var placesOfService = FlatField.absent
  var procedures = FlatField.absent
  var proceduresAll = FlatField.absent
  var diagnoses = FlatField.absent
  /// Index into ``FlatPlaybook/planTypes``, or -1.
  var planTypes: Int32 = -1
  var billedOver: Decimal?
  var effective: Effective?
}

/// One playbook's conditions in contiguous storage, with its CARC index: the structure the
/// untraced matching path reads. Built from the compiled conditions, in the same order.
struct FlatPlaybook: Sendable {
  var conditions: [FlatCondition] = []
  var codes: [PackedCode] = []
  var patterns: [CompiledPattern.Form] = []
  var planTypes: [[String]] = []
  /// CARC buckets: the CARC and its run in `members` (reason positions, ascending).
  var bucketCARCs: [PackedCode] = []
  var bucketRuns: [FlatField] = []
  var members: [Int32] = []
  /// Reasons that name no CARC.
  var anyCARC: [Int32] = []

  init(_ compiled: [CompiledCondition], byCARC: [PackedCode: [Int]], anyCARC: [Int]) {
    for c in compiled {
      var f = FlatCondition()
      f.groups = add(c.groups)
      f.carcs = add(c.carcs)
      f.rarcs = add(c.rarcs)
      f.modifiers = add(c.modifiers)
      f.modifiersAbsent = add(c.modifiersAbsent)
      f.placesOfService = add(c.placesOfService)
      f.procedures = add(c.procedures)
      f.proceduresAll = add(c.proceduresAll)
      f.diagnoses = add(c.diagnoses)
      if let plans = c.planTypes {
        f.planTypes = Int32(planTypes.count)
        planTypes.append(plans)
      }
      f.billedOver = c.billedOver
      f.effective = c.effective
      conditions.append(f)
    }
    for (carc, bucket) in byCARC.sorted(by: { $0.key.bits < $1.key.bits || ($0.key.bits == $1.key.bits && $0.key.length < $1.key.length) }) {
      bucketCARCs.append(carc)
      bucketRuns.append(FlatField(start: Int32(members.count), count: Int32(bucket.count)))
      members += bucket.map { Int32($0) }
    }
    self.anyCARC = anyCARC.map { Int32($0) }
  }

  private mutating func add(_ list: [PackedCode]?) -> FlatField {
    guard let list else { return .absent }
    let run = FlatField(start: Int32(codes.count), count: Int32(list.count))
    codes += list
    return run
  }

  private mutating func add(_ list: [CompiledPattern]?) -> FlatField {
    guard let list else { return .absent }
    let run = FlatField(start: Int32(patterns.count), count: Int32(list.count))
    patterns += list.map(\.form)
    return run
  }

  /// The run of reasons indexed under a CARC, if any.
  @inline(__always)
  func bucket(_ carc: PackedCode) -> FlatField? {
    for k in bucketCARCs.indices where bucketCARCs[k] == carc { return bucketRuns[k] }
    return nil
  }

  @inline(__always)
  func contains(_ run: FlatField, _ code: PackedCode) -> Bool {
    for k in run.range where codes[k] == code { return true }
    return false
  }

  @inline(__always)
  func anyPattern(_ run: FlatField, _ code: PackedCode) -> Bool {
    for k in run.range where CompiledPattern.matches(patterns[k], code) { return true }
    return false
  }

  /// Whether the facts satisfy reason `i`'s condition: exactly `CompiledCondition.holds`.
  @inline(__always)
  func holds(_ i: Int, _ f: Facts) -> Bool {
    let c = conditions[i]
    if c.groups.isPresent || c.carcs.isPresent {
      var hit = false
      for a in f.adjustments {
        if c.groups.isPresent, !contains(c.groups, a.group) { continue }
        if c.carcs.isPresent, !contains(c.carcs, a.carc) { continue }
        hit = true
        break
      }
      if !hit { return false }
    }
    if c.rarcs.isPresent, !f.remarks.contains(where: { contains(c.rarcs, $0) }) { return false }
    if c.procedures.isPresent, !f.procedures.contains(where: { anyPattern(c.procedures, $0.code) }) { return false }
    if c.proceduresAll.isPresent {
      for k in c.proceduresAll.range where !f.procedures.contains(where: { CompiledPattern.matches(patterns[k], $0.code) }) {
        return false
      }
    }
    if c.modifiers.isPresent, !f.procedures.contains(where: { p in p.modifiers.contains { contains(c.modifiers, $0) } }) {
      return false
    }
    if c.modifiersAbsent.isPresent {
      for p in f.procedures where p.modifiers.contains(where: { contains(c.modifiersAbsent, $0) }) { return false }
    }
    if c.diagnoses.isPresent {
      guard let known = f.diagnoses, known.contains(where: { anyPattern(c.diagnoses, $0) }) else { return false }
    }
    if c.placesOfService.isPresent {
      guard let pos = f.placeOfService, contains(c.placesOfService, pos) else { return false }
    }
    if c.planTypes >= 0 {
      guard let plan = f.planType, planTypes[Int(c.planTypes)].contains(plan) else { return false }
    }
    if let billedOver = c.billedOver, !(f.billed > billedOver) { return false }
    if let effective = c.effective, let date = f.serviceDate, !effective.contains(date) { return false }
    return true
  }
}
