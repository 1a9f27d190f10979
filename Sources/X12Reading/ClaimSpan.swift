import Foundation

/// The segments of one 835 claim (loop 2100: its CLP up to the segment that ends it), found in
/// the reader's buffer in one pass and handed over whole, so that a reader can decide about the
/// claim before any of its segments goes through the per-segment path.
///
/// A span is a view: the bytes stay in the reader's buffer and are valid only inside the call
/// that receives the span. ``subscript(_:)`` gives each segment as the per-segment path would
/// (same number, offset, line and element table).
///
/// The reader makes a span only for claims with nothing unusual at the syntax level: every
/// segment has a valid id and a terminator inside the buffer window, no space before a
/// terminator, no empty segment, and the terminator is not a newline. Anything else goes
/// through the per-segment path, which reports it.
struct ClaimSpan {
  /// One segment of the span.
  struct Record {
    /// Index of the segment's first byte from ``base``.
    var start: Int32
    /// Index of its element table in ``table``.
    var tableStart: Int32
    /// Its element count.
    var count: Int32
    /// Its id.
    var id: SegmentID
    /// Its line and the file offset of that line's start.
    var line: Int
    var lineStart: Int
  }

  let base: UnsafePointer<UInt8>
  let records: UnsafePointer<Record>
  let table: UnsafePointer<Int32>
  /// The number of segments.
  let count: Int
  /// The file offset of ``base``.
  let offset: Int
  /// The number of the first segment (the CLP) in the file.
  let firstNumber: Int
  let delimiters: Delimiters

  /// Segment `i` (0 is the CLP).
  @inline(__always) subscript(i: Int) -> X12Segment {
    let r = records[i]
    return X12Segment(
      base: base + Int(r.start), separators: table + Int(r.tableStart), count: Int(r.count),
      id: r.id,
      number: firstNumber + i, offset: offset + Int(r.start), delimiters: delimiters, line: r.line,
      lineStart: r.lineStart)
  }

  /// The segments that end an 835 claim loop when they follow its CLP: the next claim, a new
  /// header number (LX), the provider adjustments (PLB), envelope segments, and the payer or
  /// payee name (N1*PR, N1*PE: the start of another header). Everything else belongs to it.
  @inline(__always) static func endsClaim(_ id: UInt32, firstElement: UInt16) -> Bool {
    switch id {
    case 0x43_4C_50, 0x4C_58, 0x50_4C_42, 0x53_54, 0x53_45, 0x49_53_41, 0x49_45_41, 0x47_53,
      0x47_45, 0x54_41_31:
      return true  // CLP LX PLB ST SE ISA IEA GS GE TA1
    case 0x4E_31:
      return firstElement == 0x50_52 || firstElement == 0x50_45  // N1*PR, N1*PE
    default:
      return false
    }
  }
}

/// Reusable storage for ``ClaimSpan`` records and element tables.
final class ClaimSpanStorage {
  var records: UnsafeMutablePointer<ClaimSpan.Record>
  var recordCapacity = 256
  var table: UnsafeMutablePointer<Int32>
  var tableCapacity = 4096

  init() {
    records = .allocate(capacity: recordCapacity)
    table = .allocate(capacity: tableCapacity)
  }

  deinit {
    records.deallocate()
    table.deallocate()
  }

  func growRecords() {
    let grown = UnsafeMutablePointer<ClaimSpan.Record>.allocate(capacity: recordCapacity * 2)
    grown.moveInitialize(from: records, count: recordCapacity)
    records.deallocate()
    records = grown
    recordCapacity *= 2
  }

  func growTable() {
    let grown = UnsafeMutablePointer<Int32>.allocate(capacity: tableCapacity * 2)
    grown.update(from: table, count: tableCapacity)
    table.deallocate()
    table = grown
    tableCapacity *= 2
  }
}

/// Where a claim span ends.
struct ClaimSpanEnd {
  /// Bytes from the CLP's first byte to the first byte of the segment after the claim.
  var consumed: Int
  /// The line, and the file offset of its start, at that segment.
  var line: Int
  var lineStart: Int
}

extension ClaimSpan {
  /// Finds the claim starting at `base[0]` (a CLP) within `limit` bytes, filling `storage`.
  /// Returns nil when anything is unusual (see the type's notes) or the claim, and the id of the
  /// segment after it, do not both fit in the window: the caller then reads it segment by
  /// segment.
  static func scan(
    base: UnsafePointer<UInt8>, limit: Int, offset: Int, delimiters d: Delimiters, firstNumber: Int,
    line startLine: Int, lineStart startLineStart: Int, storage: ClaimSpanStorage
  ) -> (ClaimSpan, ClaimSpanEnd)? {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    let high: UInt64 = 0x8080_8080_8080_8080
    let terminator = d.segment
    let separator = d.element
    guard terminator != 0x0A, terminator != 0x0D, terminator != 0x20 else { return nil }
    let terminatorPattern = ones &* UInt64(terminator)
    let separatorPattern = ones &* UInt64(separator)
    var records = storage.records
    var recordCapacity = storage.recordCapacity
    var table = storage.table
    var tableCapacity = storage.tableCapacity
    var recordCount = 0
    var tableCount = 0
    var line = startLine
    var lineStart = startLineStart
    var i = 0
    while true {
      let segmentStart = i
      let tableStart = tableCount
      var terminated = false
      // Find the terminator, noting element separators (as the syntax layer does).
      scan: while i + 8 <= limit {
        let w = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
        let a = w ^ terminatorPattern
        let b = w ^ separatorPattern
        let terminators = ~(((a & low7) &+ low7) | a) & high
        var found = ~(((b & low7) &+ low7) | b) & high
        if terminators | found == 0 {
          i += 8
          continue
        }
        if terminators != 0 { found &= (terminators &- 1) & ~terminators }
        // Room for the word's separators (at most 8) and the segment's length.
        if tableCount + 10 >= tableCapacity {
          storage.growTable()
          table = storage.table
          tableCapacity = storage.tableCapacity
        }
        let relative = i - segmentStart
        while found != 0 {
          table[tableCount] = Int32(truncatingIfNeeded: relative + found.trailingZeroBitCount >> 3)
          tableCount += 1
          found &= found &- 1
        }
        if terminators != 0 {
          i += terminators.trailingZeroBitCount >> 3
          terminated = true
          break scan
        }
        i += 8
      }
      if !terminated {
        while i < limit {
          let c = base[i]
          if c == terminator {
            terminated = true
            break
          }
          if c == separator {
            if tableCount + 2 >= tableCapacity {
              storage.growTable()
              table = storage.table
              tableCapacity = storage.tableCapacity
            }
            table[tableCount] = Int32(truncatingIfNeeded: i - segmentStart)
            tableCount += 1
          }
          i += 1
        }
      }
      guard terminated else { return nil }
      let count = tableCount - tableStart
      let length = i - segmentStart
      guard length > 0, base[i - 1] != 0x20 else { return nil }
      table[tableCount] = Int32(truncatingIfNeeded: length)
      tableCount += 1
      // The id: two or three capitals or digits before the first separator.
      let idLength = count > 0 ? Int(table[tableStart]) : length
      guard idLength == 2 || idLength == 3 else { return nil }
      var id: UInt32 = 0
      for k in 0..<idLength {
        let c = base[segmentStart + k]
        guard (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) else { return nil }
        id = id << 8 | UInt32(c)
      }
      if recordCount == 0 {
        guard id == 0x43_4C_50 else { return nil }
      } else {
        var first: UInt16 = 0
        if id == 0x4E_31, count >= 1 {
          let s = Int(table[tableStart]) + 1
          let e = count >= 2 ? Int(table[tableStart + 1]) : length
          if e - s == 2 {
            first = UInt16(base[segmentStart + s]) << 8 | UInt16(base[segmentStart + s + 1])
          }
        }
        if endsClaim(id, firstElement: first) {
          let span = ClaimSpan(
            base: base, records: records, table: table, count: recordCount, offset: offset,
            firstNumber: firstNumber, delimiters: d)
          return (span, ClaimSpanEnd(consumed: segmentStart, line: line, lineStart: lineStart))
        }
      }
      if recordCount + 1 >= recordCapacity {
        storage.growRecords()
        records = storage.records
        recordCapacity = storage.recordCapacity
      }
      records[recordCount] = Record(
        start: Int32(truncatingIfNeeded: segmentStart),
        tableStart: Int32(truncatingIfNeeded: tableStart),
        count: Int32(truncatingIfNeeded: count), id: SegmentID(raw: id), line: line,
        lineStart: lineStart)
      recordCount += 1
      i += 1
      // What lies between segments: line breaks and indentation, as the syntax layer skips it.
      while i < limit {
        let c = base[i]
        if c == 0x0A {
          line += 1
          lineStart = offset + i + 1
        } else if c != 0x0D && c != 0x20 && c != 0x09 && c != 0x00 {
          break
        }
        i += 1
      }
      if i >= limit { return nil }
      // An empty segment: the syntax layer numbers it.
      if base[i] == terminator { return nil }
    }
  }
}
