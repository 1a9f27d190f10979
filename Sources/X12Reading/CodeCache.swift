import Foundation

/// Strings for short codes (group codes, CARC and RARC codes, qualifiers, procedure codes and
/// modifiers), made once per distinct byte sequence and found again by their bytes.
///
/// Codes repeat on nearly every claim of a remittance; making a `String` from bytes (UTF-8
/// validation, then the small-string form) costs more than finding the one already made. The
/// cache is direct-mapped and keyed by the bytes themselves (up to 7, packed with the length in
/// one integer), so a lookup is one multiply, one compare and a copy of an inline string; a
/// collision simply replaces the slot. Longer values are made each time and not cached.
///
/// Each slot also remembers, once computed, facts about its code that the reader asks for on
/// every occurrence: whether it is a known CARC or RARC, and the plan type of a filing
/// indicator. A pair table remembers whether a group and reason make a denial reason.
/// One cache belongs to one read (the checks it remembers come from that read's options).
final class CodeCache {
  static let slotBits = 10
  static var slotCount: Int { 1 << slotBits }

  private let keys: UnsafeMutablePointer<UInt64>
  private let strings: UnsafeMutablePointer<String>
  /// Bit 0: CARC checked, bit 1: known CARC; bit 2: RARC checked, bit 3: known RARC;
  /// bit 4: plan type computed.
  private let flags: UnsafeMutablePointer<UInt8>
  private let plans: UnsafeMutablePointer<String?>
  private let pairGroups: UnsafeMutablePointer<UInt64>
  private let pairReasons: UnsafeMutablePointer<UInt64>
  private let pairValues: UnsafeMutablePointer<Bool>

  init() {
    let n = CodeCache.slotCount
    keys = .allocate(capacity: n)
    keys.initialize(repeating: 0, count: n)
    strings = .allocate(capacity: n)
    strings.initialize(repeating: "", count: n)
    flags = .allocate(capacity: n)
    flags.initialize(repeating: 0, count: n)
    plans = .allocate(capacity: n)
    plans.initialize(repeating: nil, count: n)
    pairGroups = .allocate(capacity: n)
    pairGroups.initialize(repeating: 0, count: n)
    pairReasons = .allocate(capacity: n)
    pairReasons.initialize(repeating: 0, count: n)
    pairValues = .allocate(capacity: n)
    pairValues.initialize(repeating: false, count: n)
  }

  deinit {
    let n = CodeCache.slotCount
    keys.deallocate()
    strings.deinitialize(count: n)
    strings.deallocate()
    flags.deallocate()
    plans.deinitialize(count: n)
    plans.deallocate()
    pairGroups.deallocate()
    pairReasons.deallocate()
    pairValues.deallocate()
  }

  /// The bytes packed with their length; 0 when empty or longer than 7 bytes.
  @inline(__always) static func key(_ base: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
    guard count >= 1, count <= 7 else { return 0 }
    var k = UInt64(count) << 56
    for i in 0..<count { k |= UInt64(base[i]) << (8 * UInt64(i)) }
    return k
  }

  /// The same key from a string's UTF-8 (0 when empty or longer than 7 bytes).
  @inline(__always) static func key(_ string: String) -> UInt64 {
    var s = string
    return s.withUTF8 { b in b.baseAddress.map { key($0, b.count) } ?? 0 }
  }

  @inline(__always) static func slot(_ key: UInt64) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - slotBits))
  }

  /// The element as `X12Element.string` makes it (spaces trimmed), and its slot (-1 when the
  /// value is not cached: empty or longer than 7 bytes).
  @inline(__always) func string(_ e: X12Element) -> (String, Int) {
    guard let base = e.base, e.count > 0 else { return ("", -1) }
    var start = 0
    var end = e.count
    while start < end, base[start] == 0x20 { start += 1 }
    while end > start, base[end - 1] == 0x20 { end -= 1 }
    let k = CodeCache.key(base + start, end - start)
    guard k != 0 else {
      return (String(decoding: UnsafeBufferPointer(start: base + start, count: end - start), as: UTF8.self), -1)
    }
    let slot = CodeCache.slot(k)
    if keys[slot] == k { return (strings[slot], slot) }
    let made = String(decoding: UnsafeBufferPointer(start: base + start, count: end - start), as: UTF8.self)
    keys[slot] = k
    strings[slot] = made
    flags[slot] = 0
    plans[slot] = nil
    return (made, slot)
  }

  /// A yes/no fact about the code in `slot`, computed once by `check`.
  @inline(__always) func fact(_ slot: Int, checkedBit: UInt8, _ code: String, _ check: (String) -> Bool) -> Bool {
    let f = flags[slot]
    if f & checkedBit != 0 { return f & (checkedBit << 1) != 0 }
    let value = check(code)
    flags[slot] = f | checkedBit | (value ? checkedBit << 1 : 0)
    return value
  }

  static let carcBit: UInt8 = 0x01
  static let rarcBit: UInt8 = 0x04

  /// The plan type for the filing indicator in `slot`, computed once by `compute`.
  @inline(__always) func plan(_ slot: Int, _ code: String, _ compute: (String) -> String?) -> String? {
    let f = flags[slot]
    if f & 0x10 != 0 { return plans[slot] }
    let value = compute(code)
    plans[slot] = value
    flags[slot] = f | 0x10
    return value
  }

  /// Whether the group and reason make a denial reason (before the amount is looked at), computed
  /// once per pair by `compute`.
  @inline(__always) func denialPair(_ group: String, _ reason: String, _ compute: () -> Bool) -> Bool {
    let g = CodeCache.key(group)
    let r = CodeCache.key(reason)
    guard g != 0, r != 0 else { return compute() }
    let slot = CodeCache.slot(g ^ (r &* 0xC2B2_AE3D_27D4_EB4F))
    if pairGroups[slot] == g, pairReasons[slot] == r { return pairValues[slot] }
    let value = compute()
    pairGroups[slot] = g
    pairReasons[slot] = r
    pairValues[slot] = value
    return value
  }
}
