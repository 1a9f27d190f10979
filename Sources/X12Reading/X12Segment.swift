import Claims
import Foundation

/// A segment id packed into an integer, so that readers switch on it without making strings.
public struct SegmentID: Hashable, Sendable, CustomStringConvertible {
  /// The id's bytes, big-endian: `CLP` is `0x434C50`.
  public let raw: UInt32

  /// Packs an id written as text (two or three characters).
  public init(_ text: StaticString) {
    var value: UInt32 = 0
    text.withUTF8Buffer { for b in $0 { value = value << 8 | UInt32(b) } }
    raw = value
  }

  init(raw: UInt32) { self.raw = raw }

  /// The id as text.
  public var description: String {
    var bytes: [UInt8] = []
    var v = raw
    while v != 0 {
      bytes.insert(UInt8(v & 0xFF), at: 0)
      v >>= 8
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  // Constants as integer literals: statically initialized, no lazy-global check on access.
  static var ISA: SegmentID { SegmentID(raw: 0x49_53_41) }
  static var IEA: SegmentID { SegmentID(raw: 0x49_45_41) }
  static var GS: SegmentID { SegmentID(raw: 0x47_53) }
  static var GE: SegmentID { SegmentID(raw: 0x47_45) }
  static var ST: SegmentID { SegmentID(raw: 0x53_54) }
  static var SE: SegmentID { SegmentID(raw: 0x53_45) }
  static var TA1: SegmentID { SegmentID(raw: 0x54_41_31) }
}

/// One element of a segment: a view of its bytes, valid only while the segment is.
public struct X12Element {
  @usableFromInline let base: UnsafePointer<UInt8>?
  /// The number of bytes.
  public let count: Int
  @usableFromInline let component: UInt8
  /// Byte offset of the element's first byte in the file.
  public let offset: Int

  @inlinable init(base: UnsafePointer<UInt8>?, count: Int, component: UInt8, offset: Int) {
    self.base = base
    self.count = count
    self.component = component
    self.offset = offset
  }

  /// True when the element is empty or missing.
  @inlinable public var isEmpty: Bool { count == 0 }

  /// The bytes as a buffer (empty for a missing element).
  @inlinable public var bytes: UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: base, count: count)
  }

  /// The element as text with surrounding spaces trimmed (ISA ids are space-padded).
  public var string: String {
    var start = 0
    var end = count
    guard let base else { return "" }
    while start < end, base[start] == 0x20 { start += 1 }
    while end > start, base[end - 1] == 0x20 { end -= 1 }
    return String(
      decoding: UnsafeBufferPointer(start: base + start, count: end - start), as: UTF8.self)
  }

  /// The text, or nil when empty.
  public var nonEmptyString: String? {
    let s = string
    return s.isEmpty ? nil : s
  }

  /// True when the element is exactly the given ASCII text.
  @inlinable public func equals(_ text: StaticString) -> Bool {
    guard text.utf8CodeUnitCount == count, let base else {
      return text.utf8CodeUnitCount == 0 && count == 0
    }
    let t = text.utf8Start
    for i in 0..<count where base[i] != t[i] { return false }
    return true
  }

  /// The first two bytes packed (for two-letter qualifiers), or 0.
  @inlinable public var code2: UInt16 {
    guard count == 2, let base else { return 0 }
    return UInt16(base[0]) << 8 | UInt16(base[1])
  }

  /// The components of a composite element (split on the component separator).
  public func components(separator: UInt8? = nil) -> [X12Element] {
    guard let base else { return [] }
    let sep = separator ?? component
    var parts: [X12Element] = []
    var start = 0
    for i in 0..<count where base[i] == sep {
      parts.append(
        X12Element(
          base: base + start, count: i - start, component: component, offset: offset + start))
      start = i + 1
    }
    parts.append(
      X12Element(
        base: base + start, count: count - start, component: component, offset: offset + start))
    return parts
  }

  /// True when the element contains the byte.
  public func contains(_ byte: UInt8) -> Bool {
    guard let base else { return false }
    for i in 0..<count where base[i] == byte { return true }
    return false
  }

  /// The element read as a decimal number; nil when empty; `.failure` when malformed.
  public var number: NumberParse { NumberParse.parse(bytes) }

  /// The years a remittance or claim date can plausibly fall in; readers warn about others
  /// (`11111111` is a valid CCYYMMDD but not a real service or payment date).
  public static let plausibleYears = 1900...2199

  /// An 8-digit CCYYMMDD date; nil when empty or malformed.
  public var date: CalendarDate? {
    guard count == 8, let base else { return nil }
    var parts = (0, 0, 0)
    for k in 0..<8 {
      let digit = Int(base[k]) &- 0x30
      guard digit >= 0, digit <= 9 else { return nil }
      if k < 4 {
        parts.0 = parts.0 * 10 + digit
      } else if k < 6 {
        parts.1 = parts.1 * 10 + digit
      } else {
        parts.2 = parts.2 * 10 + digit
      }
    }
    return CalendarDate(year: parts.0, month: parts.1, day: parts.2)
  }
}

/// A decimal read from X12 bytes: the value, and the value in hundredths when it is exact in
/// them (for cheap balancing arithmetic).
public enum NumberParse {
  /// No digits at all.
  case empty
  /// Not a number.
  case invalid
  /// A number.
  case value(Decimal, cents: Int64?)

  /// Parses `[-+]digits[.digits]` (also `.5` and `5.`). Up to 19 significant digits take the
  /// fast path; longer ones go through `Decimal(string:)`.
  public static func parse(_ b: UnsafeBufferPointer<UInt8>) -> NumberParse {
    var i = 0
    let n = b.count
    if n == 0 { return .empty }
    var negative = false
    if b[0] == UInt8(ascii: "-") {
      negative = true
      i = 1
    } else if b[0] == UInt8(ascii: "+") {
      i = 1
    }
    var mantissa: UInt64 = 0
    var digits = 0
    var fraction = 0
    var seenDot = false
    var overflow = false
    while i < n {
      let c = b[i]
      if c >= 0x30, c <= 0x39 {
        if digits < 19 {
          mantissa = mantissa &* 10 &+ UInt64(c &- 0x30)
          if mantissa != 0 { digits += 1 }
        } else {
          overflow = true
        }
        if seenDot { fraction += 1 }
      } else if c == UInt8(ascii: "."), !seenDot {
        seenDot = true
      } else {
        return .invalid
      }
      i += 1
    }
    let sawDigit = n - (negative || b[0] == UInt8(ascii: "+") ? 1 : 0) - (seenDot ? 1 : 0) > 0
    guard sawDigit else { return .invalid }
    if overflow {
      guard let d = Decimal(string: String(decoding: b, as: UTF8.self)) else { return .invalid }
      return .value(d, cents: nil)
    }
    var cents: Int64?
    if fraction <= 2, mantissa < UInt64(Int64.max / 100) {
      var c = Int64(mantissa)
      for _ in fraction..<2 { c *= 10 }
      cents = negative ? -c : c
    }
    return .value(
      makeDecimal(mantissa: mantissa, fraction: fraction, negative: negative), cents: cents)
  }

  /// The value `±mantissa × 10^-fraction` exactly as
  /// `Decimal(sign:exponent:significand: Decimal(mantissa))` makes it (trailing zeros moved into
  /// the exponent, compact, zero without sign or exponent), written straight into the Decimal's
  /// 20 bytes. That layout is checked once against the slow path; if a Foundation version lays
  /// Decimal out differently, the slow path is used.
  @inline(__always)
  static func makeDecimal(mantissa: UInt64, fraction: Int, negative: Bool) -> Decimal {
    guard directDecimalWorks, fraction <= 100 else {
      return referenceDecimal(mantissa: mantissa, fraction: fraction, negative: negative)
    }
    return directDecimal(mantissa: mantissa, fraction: fraction, negative: negative)
  }

  /// The slow, public way: the reference `makeDecimal` must match.
  static func referenceDecimal(mantissa: UInt64, fraction: Int, negative: Bool) -> Decimal {
    Decimal(
      sign: negative && mantissa != 0 ? .minus : .plus, exponent: -fraction,
      significand: Decimal(mantissa))
  }

  @inline(__always)
  static func directDecimal(mantissa: UInt64, fraction: Int, negative: Bool) -> Decimal {
    var d = Decimal()
    if mantissa == 0 { return d }
    var m = mantissa
    var exponent = -fraction
    while m % 10 == 0 {
      m /= 10
      exponent += 1
    }
    let length: UInt8 = m >> 48 != 0 ? 4 : m >> 32 != 0 ? 3 : m >> 16 != 0 ? 2 : 1
    withUnsafeMutableBytes(of: &d) { raw in
      raw[0] = UInt8(bitPattern: Int8(truncatingIfNeeded: exponent))
      raw[1] = length << 4 | (negative ? 0x08 : 0) | 0x04
      raw.storeBytes(of: UInt64(littleEndian: m), toByteOffset: 4, as: UInt64.self)
    }
    return d
  }

  /// Whether ``directDecimal`` builds the same bytes as the public initializers here.
  static let directDecimalWorks: Bool = {
    guard MemoryLayout<Decimal>.size == 20 else { return false }
    let samples: [(UInt64, Int, Bool)] = [
      (12500, 2, false), (4258, 2, true), (1, 0, false), (0, 2, true), (70000, 0, false),
      (4_294_967_296, 0, false), (1_234_567_890_123_456_789, 2, false), (15, 1, false),
      (281_474_976_710_656, 3, true),
    ]
    for (m, f, n) in samples {
      var a = directDecimal(mantissa: m, fraction: f, negative: n)
      var b = referenceDecimal(mantissa: m, fraction: f, negative: n)
      let same = withUnsafeBytes(of: &a) { x in withUnsafeBytes(of: &b) { y in x.elementsEqual(y) }
      }
      if !same || a != b { return false }
    }
    return true
  }()
}

/// One segment, as a view into the reader's buffer: valid only inside the closure that receives
/// it. Elements are numbered from 1 as in the X12 guides (`segment[1]` is CLP01).
public struct X12Segment {
  @usableFromInline let base: UnsafePointer<UInt8>
  @usableFromInline let separators: UnsafePointer<Int32>
  /// The number of elements after the id (trailing empty ones that the file left out are not
  /// counted; reading them gives an empty element).
  public let count: Int
  /// The segment id.
  public let id: SegmentID
  /// 1-based number of the segment in the file.
  public let number: Int
  /// Byte offset of the segment's first byte in the file.
  public let offset: Int
  /// The delimiters in force.
  public let delimiters: Delimiters
  /// 1-based line of the segment's start.
  public let line: Int
  /// Byte offset of the start of that line.
  @usableFromInline let lineStart: Int

  @inlinable init(
    base: UnsafePointer<UInt8>, separators: UnsafePointer<Int32>, count: Int, id: SegmentID,
    number: Int, offset: Int, delimiters: Delimiters, line: Int, lineStart: Int
  ) {
    self.base = base
    self.separators = separators
    self.count = count
    self.id = id
    self.number = number
    self.offset = offset
    self.delimiters = delimiters
    self.line = line
    self.lineStart = lineStart
  }

  /// Element `index` (1-based); an empty element past the end.
  @inlinable public subscript(index: Int) -> X12Element {
    guard index >= 1, index <= count else {
      return X12Element(base: nil, count: 0, component: delimiters.component, offset: offset)
    }
    let start = Int(separators[index - 1]) + 1
    let end = Int(separators[index])
    return X12Element(
      base: base + start, count: end - start, component: delimiters.component,
      offset: offset + start)
  }

  /// Where the segment (or one of its elements) is, for diagnostics.
  public func location(element: Int? = nil) -> X12Location {
    let at = element.map { self[$0].offset } ?? offset
    return X12Location(segment: number, id: id, offset: at, line: line, column: at - lineStart + 1)
  }
}

/// Where a segment is in its file: segment number, id, byte offset, line and column.
public struct X12Location: Sendable, Hashable {
  /// 1-based segment number in the file.
  public var segment: Int
  /// The segment id.
  public var id: SegmentID
  /// Byte offset in the file.
  public var offset: Int
  /// 1-based line.
  public var line: Int
  /// 1-based column in bytes.
  public var column: Int
}
