/// A calendar date without a time or time zone, as X12 and the case format write dates.
///
/// Encoded in JSON as `YYYY-MM-DD`. X12 `CCYYMMDD` values convert with ``init(x12:)``.
public struct CalendarDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
  /// Four-digit year.
  public var year: Int
  /// Month, 1 to 12.
  public var month: Int
  /// Day of the month, 1 to 31.
  public var day: Int

  /// Creates a date; returns nil when the month or day is out of range.
  public init?(year: Int, month: Int, day: Int) {
    guard (1...9999).contains(year), (1...12).contains(month),
      (1...CalendarDate.daysIn(month: month, year: year)).contains(day)
    else { return nil }
    self.year = year
    self.month = month
    self.day = day
  }

  /// Parses `YYYY-MM-DD`; nil for anything else.
  public init?(iso text: String) {
    let bytes = Array(text.utf8)
    guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
      let y = CalendarDate.number(bytes[0..<4]), let m = CalendarDate.number(bytes[5..<7]),
      let d = CalendarDate.number(bytes[8..<10])
    else { return nil }
    self.init(year: y, month: m, day: d)
  }

  /// Parses an X12 date `CCYYMMDD` (8 digits); nil for anything else.
  public init?<C: Collection>(x12 bytes: C) where C.Element == UInt8 {
    let b = Array(bytes)
    guard b.count == 8, let y = CalendarDate.number(b[0..<4]), let m = CalendarDate.number(b[4..<6]),
      let d = CalendarDate.number(b[6..<8])
    else { return nil }
    self.init(year: y, month: m, day: d)
  }

  private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
    var value = 0
    for byte in digits {
      guard byte >= 0x30, byte <= 0x39 else { return nil }
      value = value * 10 + Int(byte - 0x30)
    }
    return value
  }

  private static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// `YYYY-MM-DD`.
  public var description: String {
    func pad(_ n: Int, _ width: Int) -> String {
      let s = String(n)
      return String(repeating: "0", count: max(0, width - s.count)) + s
    }
    return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
  }

  public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
    (a.year, a.month, a.day) < (b.year, b.month, b.day)
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    guard let date = CalendarDate(iso: text) else {
      throw DecodingError.dataCorruptedError(
        in: container, debugDescription: "`\(text)` is not a calendar date written YYYY-MM-DD")
    }
    self = date
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}
