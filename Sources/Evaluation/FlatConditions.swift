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
  /// For match results: ``CompiledCondition/constrainedFields``, ``CompiledCondition/breadth``
  /// and the reason's position in its playbook file.
  var constrainedFields: Int32 = 0
  var order: Int32 = 0
  var breadth: Double = 0
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

  init(_ compiled: [CompiledCondition], orders: [Int], byCARC: [PackedCode: [Int]], anyCARC: [Int]) {
    for (c, order) in zip(compiled, orders) {
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
      f.constrainedFields = Int32(c.constrainedFields)
      f.breadth = c.breadth
      f.order = Int32(order)
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

// MARK: Signatures

/// A 64-bit summary of what a denial has (or of what a reason needs), one lane per field:
/// group (bits 0-7), remark (8-15), procedure by its first two characters (16-31), modifier
/// (32-39), diagnosis by its first two characters (40-47), place of service (48-55), plan type
/// (56-63). A denial sets, per lane, the bit of each code it has; a reason sets the bits of
/// every code its field could match (a lane with all bits set when that cannot be narrowed).
/// A reason can match only if each of its non-empty lanes shares a bit with the denial's:
/// a necessary condition, tested from the CARC bucket before the condition itself is read, so
/// most candidates that do not match are rejected without touching their condition.
enum Signature {
  static let groupLane: UInt64 = 0xFF
  static let rarcLane: UInt64 = 0xFF << 8
  static let procedureLane: UInt64 = 0xFFFF << 16
  static let modifierLane: UInt64 = 0xFF << 32
  static let diagnosisLane: UInt64 = 0xFF << 40
  static let posLane: UInt64 = 0xFF << 48
  static let planLane: UInt64 = 0xFF << 56

  /// One of 8 bits for a code, at `shift`.
  @inline(__always)
  static func bit8(_ c: PackedCode, _ shift: UInt64) -> UInt64 {
    let h = (c.bits ^ UInt64(c.length)) &* 0x9E37_79B9_7F4A_7C15
    return 1 << (shift + (h >> 61))
  }

  /// The lane bit of a code's first two characters (16 bits at 16, or 8 bits at 40).
  @inline(__always)
  static func procedureBit(_ top: UInt64) -> UInt64 { 1 << (16 + ((top &* 0x9E37_79B9_7F4A_7C15) >> 60)) }
  @inline(__always)
  static func diagnosisBit(_ top: UInt64) -> UInt64 { 1 << (40 + ((top &* 0x9E37_79B9_7F4A_7C15) >> 61)) }
  @inline(__always)
  static func top(_ c: PackedCode) -> UInt64 { c.bits >> 48 }

  /// A plan type's bit; every plan bit for a non-ASCII word (String equality is canonical
  /// equivalence, which bytes alone cannot decide).
  @inline(__always)
  static func planBit(_ s: String) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for b in s.utf8 {
      if b >= 0x80 { return planLane }
      h = (h ^ UInt64(b)) &* 0x100_0000_01B3
    }
    return 1 << (56 + ((h &* 0x9E37_79B9_7F4A_7C15) >> 61))
  }

  /// The denial's signature.
  @inline(__always)
  static func of(_ f: Facts) -> UInt64 {
    var s: UInt64 = 0
    for a in f.adjustments { s |= bit8(a.group, 0) }
    for r in f.remarks { s |= bit8(r, 8) }
    for p in f.procedures {
      s |= procedureBit(top(p.code))
      for m in p.modifiers { s |= bit8(m, 32) }
    }
    if let d = f.diagnoses { for c in d { s |= diagnosisBit(top(c)) } }
    if let pos = f.placeOfService { s |= bit8(pos, 48) }
    if let plan = f.planType { s |= planBit(plan) }
    return s
  }

  /// The bits of every first-two-characters value a pattern's codes can have.
  static func patternBits(_ form: CompiledPattern.Form, lane: UInt64, bit: (UInt64) -> UInt64) -> UInt64 {
    switch form {
    case .exact(let c): return bit(top(c))
    case .prefix(let p): return p.length >= 2 ? bit(top(p)) : lane
    case .range(let l, let h):
      // Codes in the range compare between its ends, so their first two characters do too.
      let lo = top(l), hi = top(h)
      if hi < lo { return 0 }
      if hi - lo > 64 { return lane }
      var s: UInt64 = 0
      for v in lo...hi { s |= bit(v) }
      return s
    }
  }

  /// What a reason needs: per lane the bits its field allows (a lane left empty is not tested).
  static func of(_ c: CompiledCondition) -> UInt64 {
    var s: UInt64 = 0
    if let g = c.groups { for x in g { s |= bit8(x, 0) } }
    if let r = c.rarcs { for x in r { s |= bit8(x, 8) } }
    if let p = c.procedures ?? c.proceduresAll.map({ Array($0.prefix(1)) }) {
      for x in p { s |= patternBits(x.form, lane: procedureLane, bit: procedureBit) }
    }
    if let m = c.modifiers { for x in m { s |= bit8(x, 32) } }
    if let d = c.diagnoses { for x in d { s |= patternBits(x.form, lane: diagnosisLane, bit: diagnosisBit) } }
    if let pos = c.placesOfService { for x in pos { s |= bit8(x, 48) } }
    if let plans = c.planTypes { for x in plans { s |= planBit(x) } }
    return s
  }

  /// Whether a reason needing `r` can match a denial with signature `d`.
  @inline(__always)
  static func admits(_ r: UInt64, _ d: UInt64) -> Bool {
    let x = r & d
    @inline(__always) func lane(_ m: UInt64) -> Bool { (r & m) == 0 || (x & m) != 0 }
    return lane(groupLane) && lane(rarcLane) && lane(procedureLane) && lane(modifierLane) && lane(diagnosisLane)
      && lane(posLane) && lane(planLane)
  }
}

/// One candidate in a CARC bucket: the reason's signature and position, side by side, so a
/// bucket is one contiguous run of 16-byte entries.
struct BucketEntry: Sendable {
  var signature: UInt64
  var reason: Int32
  /// Whether the reason names more than one CARC (it then sits in several buckets).
  var severalCARCs: Bool
}

/// A CARC bucket: the CARC and its run of entries.
struct Bucket: Sendable {
  var carcBits: UInt64
  var carcLength: UInt8
  var start: Int32
  var count: Int32
}

/// Where a playbook's buckets and CARC-less reasons sit in ``SignatureIndex``.
struct PlaybookSpan: Sendable {
  var bucketStart: Int32
  var bucketCount: Int32
  var anyStart: Int32
  var anyCount: Int32
}

/// Every playbook's CARC buckets in three contiguous arrays.
struct SignatureIndex: Sendable {
  var spans: [PlaybookSpan] = []
  var buckets: [Bucket] = []
  var entries: [BucketEntry] = []

  init(_ compiled: [[CompiledCondition]], byCARC: [[PackedCode: [Int]]], anyCARC: [[Int]]) {
    for p in compiled.indices {
      let conditions = compiled[p]
      let sigs = conditions.map { Signature.of($0) }
      func entry(_ i: Int) -> BucketEntry {
        BucketEntry(signature: sigs[i], reason: Int32(i), severalCARCs: Set(conditions[i].carcs ?? []).count > 1)
      }
      var span = PlaybookSpan(bucketStart: Int32(buckets.count), bucketCount: 0, anyStart: 0, anyCount: 0)
      for (carc, members) in byCARC[p].sorted(by: { ($0.key.bits, $0.key.length) < ($1.key.bits, $1.key.length) }) {
        buckets.append(Bucket(carcBits: carc.bits, carcLength: carc.length, start: Int32(entries.count), count: Int32(members.count)))
        entries += members.map(entry)
      }
      span.bucketCount = Int32(buckets.count) - span.bucketStart
      span.anyStart = Int32(entries.count)
      entries += anyCARC[p].map(entry)
      span.anyCount = Int32(entries.count) - span.anyStart
      spans.append(span)
    }
  }
}
