import Claims
import Diagnostics
import Foundation

/// The streaming X12 syntax layer: reads a file in chunks and hands each segment to a closure,
/// checking the envelopes (ISA/IEA, GS/GE, ST/SE) on the way.
///
/// The whole file is never held in memory: bytes are read into a buffer of about 1 MB that
/// slides along the file, so a 1 GB file costs the same memory as a 1 MB one. Delimiters come
/// from each ISA header and are re-detected at every ISA.
///
/// Tolerated, as real files do: CR, LF or CRLF after the terminator; a newline as the
/// terminator; one file on a single line; a UTF-8 byte order mark; indentation; trailing empty
/// elements left out; TA1 between ISA and GS; a space before the terminator (warned about).
/// Problems become diagnostics with the segment number, byte offset, line and column; nothing
/// in the input makes the reader crash.
///
/// Diagnostics never quote the file's bytes (segments hold names and member ids): they point at
/// a segment by number and name its id and elements.
public final class X12Reader {
  /// The path shown in diagnostics.
  public let path: String
  /// Everything reported so far, in file order.
  public private(set) var diagnostics: [Diagnostic] = []
  /// The id of the segment the file ends inside, when the file was cut off after that id: the
  /// readers use it to tell whether the claim before it was complete.
  public private(set) var truncatedSegmentID: SegmentID?
  /// The envelope the current segment is in.
  public private(set) var envelope = EnvelopeState()
  /// Totals over the file so far.
  public private(set) var counts = Counts()

  /// What the reader has seen so far.
  public struct Counts: Sendable, Equatable {
    /// ISA headers.
    public var interchanges = 0
    /// GS headers.
    public var groups = 0
    /// ST headers.
    public var transactions = 0
    /// Segments of any kind.
    public var segments = 0
    /// Bytes read.
    public var bytes = 0
  }

  /// The envelope numbers in force.
  public struct EnvelopeState: Sendable {
    /// 1-based index of the current interchange; 0 before any ISA.
    public var interchangeIndex = 0
    /// ISA13 of the current interchange.
    public var interchangeControlNumber: String?
    /// ISA06 and ISA08, trimmed.
    public var senderID: String?
    /// ISA08, trimmed.
    public var receiverID: String?
    /// GS06 of the current group.
    public var groupControlNumber: String?
    /// GS08 of the current group.
    public var version: String?
    /// ST01 of the current transaction.
    public var transactionType: String?
    /// ST02 of the current transaction.
    public var transactionControlNumber: String?
    /// The delimiters in force.
    public var delimiters: Delimiters?
    var inInterchange = false
    var inGroup = false
    var inTransaction = false
    var groupsInInterchange = 0
    var transactionsInGroup = 0
    var segmentsInTransaction = 0
    var interchangeLocation: X12Location?
    var groupLocation: X12Location?
    var transactionLocation: X12Location?
    var warnedTrailingSpace = false
  }

  // Input.
  private var fd: Int32 = -1
  private var buffer: UnsafeMutablePointer<UInt8>
  private var capacity: Int
  private var end = 0
  private var bufferBase = 0
  private var eof = false
  private var separators: UnsafeMutablePointer<Int32>
  private var separatorCapacity = 64
  // Positions.
  private var line = 1
  private var lineStart = 0
  // Diagnostics.
  private let sourceFile: SourceFile
  private var reportedPerCode: [String: Int] = [:]
  /// The most diagnostics of one code kept per file; the rest are counted in a closing note.
  public var limitPerCode = 50

  /// Opens a file for reading. Throws when the file cannot be opened.
  public init(path: String, chunkSize: Int = 1 << 20) throws {
    self.path = path
    self.sourceFile = SourceFile(path: path, bytes: [])
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else {
      throw X12ReadError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
    }
    fd = descriptor
    capacity = max(4096, chunkSize)
    buffer = .allocate(capacity: capacity)
    separators = .allocate(capacity: separatorCapacity)
  }

  /// Reads from bytes in memory (tests, standard input).
  public init(path: String, bytes: [UInt8]) {
    self.path = path
    self.sourceFile = SourceFile(path: path, bytes: [])
    capacity = max(256, bytes.count)
    let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    bytes.withUnsafeBufferPointer { source in
      if let b = source.baseAddress { storage.update(from: b, count: source.count) }
    }
    buffer = storage
    end = bytes.count
    eof = true
    separators = .allocate(capacity: separatorCapacity)
  }

  deinit {
    buffer.deallocate()
    separators.deallocate()
    if fd >= 0 { close(fd) }
  }

  // MARK: Input

  /// Makes at least `needed` bytes available from buffer index `pos` (fewer at end of file).
  /// Moves the unread bytes to the front of the buffer; `pos` is adjusted. Returns the bytes
  /// available from `pos`.
  @discardableResult
  private func fill(_ pos: inout Int, needed: Int) -> Int {
    if end - pos >= needed || eof { return end - pos }
    // Compact: keep from pos.
    if pos > 0 {
      let keep = end - pos
      if keep > 0 { buffer.update(from: buffer + pos, count: keep) }
      bufferBase += pos
      end = keep
      pos = 0
    }
    if needed > capacity {
      var newCapacity = capacity
      while newCapacity < needed { newCapacity *= 2 }
      let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
      grown.update(from: buffer, count: end)
      buffer.deallocate()
      buffer = grown
      capacity = newCapacity
    }
    while end - pos < needed, !eof {
      let n = read(fd, buffer + end, capacity - end)
      if n > 0 {
        end += n
        counts.bytes += n
      } else if n < 0, errno == EINTR {
        continue
      } else {
        eof = true
      }
    }
    return end - pos
  }

  // MARK: Reading

  /// Reads every segment and calls `body` with each, in file order, envelope segments
  /// included. The segment is a view into the reader's buffer: copy what you keep.
  public func forEachSegment(_ body: (X12Segment) -> Void) {
    forEachSegment(lane: nil, body)
  }

  /// ``forEachSegment(_:)`` with a lane for 835 claims: at each CLP inside a transaction, when
  /// the claim's segments and the id after them fit in the buffer and nothing in them is unusual
  /// at the syntax level (see ``ClaimSpan``), `lane` gets them all at once. It returns true when
  /// it has dealt with the claim (its segments are then counted and skipped, `body` never sees
  /// them), false to have them read one by one as usual.
  func forEachSegment(lane: ((ClaimSpan) -> Bool)?, _ body: (X12Segment) -> Void) {
    var pos = 0
    if fd < 0 { counts.bytes = end }
    fill(&pos, needed: 3)
    if end - pos >= 3, buffer[pos] == 0xEF, buffer[pos + 1] == 0xBB, buffer[pos + 2] == 0xBF {
      pos += 3
    }
    var delimiters: Delimiters? = nil
    var segmentNumber = 0
    // Hot state in locals, written back before anything else reads it: the line position
    // (`line`, `lineStart`: synced before ISA detection, guessing and the end), and the segment
    // count of the open transaction for ordinary segments (added to the envelope before each
    // envelope segment and at the end).
    var line = self.line
    var lineStart = self.lineStart
    var inTransaction = envelope.inTransaction
    var pendingInTransaction = 0
    // SWAR constants: a byte of the word equals `x` when the same byte of `w ^ x*ones` is zero.
    let ones: UInt64 = 0x0101_0101_0101_0101
    let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    let high: UInt64 = 0x8080_8080_8080_8080
    outer: while true {
      // Skip what lies between segments: line breaks, indentation.
      let terminatorByte = delimiters?.segment
      while true {
        if pos >= end {
          if fill(&pos, needed: 1) == 0 { break outer }
        }
        let c = buffer[pos]
        if c == terminatorByte { break }
        if c == 0x0A {
          line += 1
          lineStart = bufferBase + pos + 1
          pos += 1
        } else if c == 0x0D || c == 0x20 || c == 0x09 || c == 0x00 {
          pos += 1
        } else {
          break
        }
      }
      // An ISA sets the delimiters for its interchange.
      if end - pos < 4 { fill(&pos, needed: 4) }
      if end - pos >= 4, buffer[pos] == UInt8(ascii: "I"), buffer[pos + 1] == UInt8(ascii: "S"),
        buffer[pos + 2] == UInt8(ascii: "A"), !isAlphanumeric(buffer[pos + 3])
      {
        fill(&pos, needed: 512)
        self.line = line
        self.lineStart = lineStart
        switch detectDelimiters(at: pos, segmentNumber: segmentNumber + 1) {
        case .some(let found):
          delimiters = found
          envelope.delimiters = found
        case .none: break outer
        }
      } else if delimiters == nil {
        self.line = line
        self.lineStart = lineStart
        let guessed = guessDelimiters(at: pos)
        delimiters = guessed
        envelope.delimiters = guessed
        report(
          .x12MissingISA,
          "the file does not begin with an ISA interchange header; reading with \(guessed)",
          at: X12Location(
            segment: 1, id: SegmentID(raw: 0), offset: bufferBase + pos, line: line,
            column: bufferBase + pos - lineStart + 1))
      }
      guard let d = delimiters else { break }
      if let lane, inTransaction, end - pos >= 4, buffer[pos] == 0x43, buffer[pos + 1] == 0x4C,
        buffer[pos + 2] == 0x50, buffer[pos + 3] == d.element
      {
        if end - pos < laneWindow, !eof { fill(&pos, needed: laneWindow) }
        if let (span, spanEnd) = ClaimSpan.scan(
          base: buffer + pos, limit: end - pos, offset: bufferBase + pos, delimiters: d,
          firstNumber: segmentNumber + 1,
          line: line, lineStart: lineStart, storage: spanStorage), lane(span)
        {
          pos += spanEnd.consumed
          segmentNumber += span.count
          pendingInTransaction += span.count
          line = spanEnd.line
          lineStart = spanEnd.lineStart
          continue outer
        }
      }
      // Find the terminator, noting element separators.
      var start = pos
      var i = pos
      var count = 0
      var terminated = false
      scan: while true {
        // The hot loop: locals only (class properties would be re-read and access-checked).
        // Eight bytes at a time: one mask of terminator bytes, one of separator bytes (exact:
        // no carries cross bytes), separators before the first terminator noted in order.
        let bytes = buffer
        let limit = end
        let terminator = d.segment
        let separator = d.element
        var table = separators
        var tableCapacity = separatorCapacity
        let terminatorPattern = ones &* UInt64(terminator)
        let separatorPattern = ones &* UInt64(separator)
        while i + 8 <= limit {
          let w = UInt64(littleEndian: UnsafeRawPointer(bytes + i).loadUnaligned(as: UInt64.self))
          let a = w ^ terminatorPattern
          let b = w ^ separatorPattern
          let terminators = ~(((a & low7) &+ low7) | a) & high
          var found = ~(((b & low7) &+ low7) | b) & high
          if terminators | found == 0 {
            i += 8
            continue
          }
          if terminators != 0 {
            // Only the separators before the terminator belong to this segment.
            found &= (terminators &- 1) & ~terminators
          }
          while found != 0 {
            if count + 1 >= tableCapacity {
              growSeparators()
              table = separators
              tableCapacity = separatorCapacity
            }
            table[count] = Int32(truncatingIfNeeded: i + found.trailingZeroBitCount >> 3 - start)
            count += 1
            found &= found &- 1
          }
          if terminators != 0 {
            i += terminators.trailingZeroBitCount >> 3
            terminated = true
            break scan
          }
          i += 8
        }
        while i < limit {
          let c = bytes[i]
          if c == terminator {
            terminated = true
            break scan
          }
          if c == separator {
            if count + 1 >= tableCapacity {
              growSeparators()
              table = separators
              tableCapacity = separatorCapacity
            }
            table[count] = Int32(truncatingIfNeeded: i - start)
            count += 1
          }
          i += 1
        }
        let relative = i - start
        let available = fill(&start, needed: relative + 1)
        i = start + relative
        if available <= relative { break scan }
      }
      pos = start
      let base = buffer
      let table = separators
      let segmentOffset = bufferBase + start
      var length = i - start
      // A CR before a newline terminator, and spaces before any terminator, are not data.
      if d.segment == 0x0A, length > 0, base[start + length - 1] == 0x0D { length -= 1 }
      var trailingSpace = false
      while length > 0, base[start + length - 1] == 0x20 {
        length -= 1
        trailingSpace = true
      }
      while count > 0, Int(table[count - 1]) >= length {
        // Separators inside stripped trailing bytes cannot happen (they are not spaces), but
        // keep the table consistent.
        count -= 1
      }
      table[count] = Int32(truncatingIfNeeded: length)
      segmentNumber += 1
      let idLength = count > 0 ? Int(table[0]) : length
      let id = segmentID(base + start, length: idLength)
      let segment = X12Segment(
        base: UnsafePointer(base + start), separators: UnsafePointer(table),
        count: count, id: id ?? SegmentID(raw: 0), number: segmentNumber, offset: segmentOffset,
        delimiters: d, line: line, lineStart: lineStart)
      if trailingSpace || id == .ISA {
        if id == .ISA { envelope.warnedTrailingSpace = false }
        if trailingSpace, !envelope.warnedTrailingSpace {
          envelope.warnedTrailingSpace = true
          report(
            .x12SpaceBeforeTerminator,
            "a space comes before the segment terminator; ignored here and in the rest of this interchange",
            at: segment.location())
        }
      }
      if !terminated {
        if length == 0 { break outer }
        if id == .IEA, count >= 2 {
          report(
            .x12MissingTerminator, "the last segment `IEA` has no segment terminator",
            at: segment.location())
        } else {
          report(
            .x12Truncated,
            "the file ends inside segment \(segmentNumber) (`\(id.map(\.description) ?? "?")`): it was cut off",
            at: segment.location())
          // Its id is certain only when an element separator follows it (`CL` may be `CLP`).
          truncatedSegmentID = count > 0 ? id : nil
          counts.segments = segmentNumber
          envelope.segmentsInTransaction += pendingInTransaction
          self.line = line
          self.lineStart = lineStart
          finish(atEnd: segment.location())
          return
        }
      }
      if let id {
        if inTransaction, !Self.isEnvelope(id) {
          // checkEnvelope would only count it.
          pendingInTransaction += 1
        } else {
          envelope.segmentsInTransaction += pendingInTransaction
          pendingInTransaction = 0
          checkEnvelope(segment)
          inTransaction = envelope.inTransaction
        }
        body(segment)
      } else if length > 0 {
        report(
          .x12BadSegmentID, "segment \(segmentNumber) does not start with a segment id",
          at: segment.location())
      }
      pos = i + (terminated ? 1 : 0)
      if d.segment == 0x0A, terminated {
        line += 1
        lineStart = bufferBase + pos
      }
    }
    counts.segments = segmentNumber
    envelope.segmentsInTransaction += pendingInTransaction
    self.line = line
    self.lineStart = lineStart
    finish(
      atEnd: X12Location(
        segment: segmentNumber, id: SegmentID(raw: 0), offset: bufferBase + end, line: line,
        column: bufferBase + end - lineStart + 1))
  }

  /// Puts the diagnostics from index `start` in the given order (indexes from `start`).
  func reorderDiagnostics(from start: Int, _ order: [Int]) {
    let tail = Array(diagnostics[start...])
    guard order.count == tail.count else { return }
    for (i, k) in order.enumerated() { diagnostics[start + i] = tail[k] }
  }

  /// The most bytes a claim may take to go through the claim lane (longer ones are read segment
  /// by segment); tests make it small to put claims across its edge.
  var laneWindow = 1 << 16
  private let spanStorage = ClaimSpanStorage()

  /// The ids ``checkEnvelope(_:)`` does more for than count.
  @inline(__always) static func isEnvelope(_ id: SegmentID) -> Bool {
    switch id.raw {
    case SegmentID.ISA.raw, SegmentID.IEA.raw, SegmentID.GS.raw, SegmentID.GE.raw, SegmentID.ST.raw,
      SegmentID.SE.raw,
      SegmentID.TA1.raw:
      return true
    default: return false
    }
  }

  private func growSeparators() {
    let grown = UnsafeMutablePointer<Int32>.allocate(capacity: separatorCapacity * 2)
    grown.update(from: separators, count: separatorCapacity)
    separators.deallocate()
    separators = grown
    separatorCapacity *= 2
  }

  @inline(__always) private func isAlphanumeric(_ b: UInt8) -> Bool {
    (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
  }

  @inline(__always) private func segmentID(_ p: UnsafeMutablePointer<UInt8>, length: Int)
    -> SegmentID?
  {
    guard length == 2 || length == 3 else { return nil }
    var raw: UInt32 = 0
    for k in 0..<length {
      let b = p[k]
      guard (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) else { return nil }
      raw = raw << 8 | UInt32(b)
    }
    return SegmentID(raw: raw)
  }

  /// Reads the delimiters of the ISA at `pos`; nil (after a diagnostic) when unusable.
  private func detectDelimiters(at pos: Int, segmentNumber: Int) -> Delimiters? {
    let available = end - pos
    let element = buffer[pos + 3]
    let location = X12Location(
      segment: segmentNumber, id: .ISA, offset: bufferBase + pos, line: line,
      column: bufferBase + pos - lineStart + 1)
    let fixedSeparators = [3, 6, 17, 20, 31, 34, 50, 53, 69, 76, 81, 83, 89, 99, 101, 103]
    var component: UInt8
    var terminator: UInt8
    var isa11: UInt8?
    var version = ""
    var terminatorIndex = pos + 105
    if available >= 106, fixedSeparators.allSatisfy({ buffer[pos + $0] == element }),
      !isAlphanumeric(buffer[pos + 105]), buffer[pos + 105] != element
    {
      component = buffer[pos + 104]
      terminator = buffer[pos + 105]
      isa11 = buffer[pos + 82]
      version = String(
        decoding: UnsafeBufferPointer(start: buffer + pos + 84, count: 5), as: UTF8.self)
    } else {
      // Not fixed width: count separators to ISA16.
      var seen = 0
      var k = pos + 3
      var isa11Start = -1
      var isa12Start = -1
      while k < end, seen < 16 {
        if buffer[k] == element {
          seen += 1
          if seen == 11 { isa11Start = k + 1 }
          if seen == 12 { isa12Start = k + 1 }
        }
        k += 1
      }
      guard seen == 16, k + 1 < end else {
        report(
          .x12BadDelimiters,
          "the ISA header is incomplete: it does not reach ISA16 and the segment terminator",
          at: location)
        return nil
      }
      // Counting ran past the end of a short ISA (into the next line or segment).
      if (pos..<k).contains(where: {
        buffer[$0] == 0x0A || buffer[$0] == 0x0D || buffer[$0] == UInt8(ascii: "~")
      }) {
        report(
          .x12BadDelimiters,
          "the ISA has fewer than 16 elements: it ends before ISA16 (the component separator); the rest of the file is not read",
          at: location,
          help:
            "the ISA has 16 elements, the last one (ISA16) a single character such as `:`, then the segment terminator"
        )
        return nil
      }
      component = buffer[k]
      terminator = buffer[k + 1]
      terminatorIndex = k + 1
      if isAlphanumeric(terminator) {
        report(
          .x12BadDelimiters,
          "ISA16 (the component separator) is longer than one character; the rest of the file is not read",
          at: location,
          help:
            "ISA16 is a single character such as `:`, followed at once by the segment terminator")
        return nil
      }
      if terminator == element {
        report(
          .x12BadDelimiters,
          "the ISA has more than 16 elements: another `\(String(UnicodeScalar(element)))` follows ISA16 where the segment terminator belongs; the rest of the file is not read",
          at: location,
          help:
            "ISA16 (the component separator) is the ISA's last element; the segment terminator comes right after it"
        )
        return nil
      }
      if isa11Start >= 0, buffer[isa11Start + 1] == element { isa11 = buffer[isa11Start] }
      if isa12Start >= 0 {
        var e = isa12Start
        while e < end, buffer[e] != element { e += 1 }
        version = String(
          decoding: UnsafeBufferPointer(start: buffer + isa12Start, count: e - isa12Start),
          as: UTF8.self)
      }
      report(
        .x12ISALength,
        "the ISA header is \(k + 2 - pos) bytes, not 106: its elements are not fixed width",
        at: location,
        help: "ISA02, ISA04, ISA06 and ISA08 are padded with spaces to 10 and 15 characters")
    }
    if terminator == 0x20 {
      // A space before the terminator (warned about when the segment is read).
      var k = terminatorIndex
      while k < end, buffer[k] == 0x20 { k += 1 }
      if k < end { terminator = buffer[k] }
    }
    var repetition: UInt8?
    if let r = isa11, version >= "00402", !isAlphanumeric(r) { repetition = r }
    let d = Delimiters(
      element: element, component: component, segment: terminator, repetition: repetition)
    guard d.isUsable else {
      report(
        .x12BadDelimiters,
        "the ISA declares unusable delimiters (\(d)); the rest of the file is not read",
        at: location)
      return nil
    }
    return d
  }

  /// Delimiters for a file that starts without an ISA: the byte after the first segment id
  /// separates elements, and the first `~`, `'`, `|` or newline after it ends segments.
  private func guessDelimiters(at pos: Int) -> Delimiters {
    var p = pos
    fill(&p, needed: 4096)
    var k = p
    while k < end, isAlphanumeric(buffer[k]) { k += 1 }
    let element = k < end ? buffer[k] : UInt8(ascii: "*")
    var terminator = UInt8(ascii: "~")
    var j = k
    while j < end {
      let c = buffer[j]
      if c == UInt8(ascii: "~") || c == UInt8(ascii: "'") || c == 0x0A {
        terminator = c
        break
      }
      j += 1
    }
    // The component separator is whichever of `:` and `>` appears first in an SVC, CLM or SV1.
    var component = UInt8(ascii: ":")
    var q = p
    while q + 5 < end {
      if buffer[q] == terminator || q == p {
        var s = q == p ? q : q + 1
        while s < end, buffer[s] == 0x0A || buffer[s] == 0x0D || buffer[s] == 0x20 { s += 1 }
        if s + 6 < end, buffer[s] == UInt8(ascii: "S"), buffer[s + 1] == UInt8(ascii: "V"),
          buffer[s + 3] == element || buffer[s + 2] == UInt8(ascii: "1")
        {
          var t = s + 3
          while t < end, buffer[t] != terminator {
            if buffer[t] == UInt8(ascii: ">") || buffer[t] == UInt8(ascii: ":") {
              component = buffer[t]
              break
            }
            t += 1
          }
          break
        }
      }
      q += 1
    }
    return Delimiters(element: element, component: component, segment: terminator)
  }

  // MARK: Envelope

  private func checkEnvelope(_ s: X12Segment) {
    if envelope.inTransaction { envelope.segmentsInTransaction += 1 }
    switch s.id {
    case .ISA:
      if envelope.inInterchange, let open = envelope.interchangeLocation {
        closeOpenEnvelopes(before: s, interchangeToo: true, openedAt: open)
      }
      counts.interchanges += 1
      envelope.interchangeIndex += 1
      envelope.inInterchange = true
      envelope.interchangeLocation = s.location()
      envelope.interchangeControlNumber = s[13].nonEmptyString
      envelope.senderID = s[6].nonEmptyString
      envelope.receiverID = s[8].nonEmptyString
      envelope.groupsInInterchange = 0
      envelope.groupControlNumber = nil
      envelope.version = nil
    case .GS:
      if envelope.inGroup { closeOpenEnvelopes(before: s, interchangeToo: false, openedAt: nil) }
      if !envelope.inInterchange, counts.interchanges > 0 {
        report(
          .x12EnvelopeStructure, "`GS` outside an interchange: no `ISA` is open", at: s.location())
      }
      counts.groups += 1
      envelope.inGroup = true
      envelope.groupLocation = s.location()
      envelope.groupsInInterchange += 1
      envelope.transactionsInGroup = 0
      envelope.groupControlNumber = s[6].nonEmptyString
      envelope.version = s[8].nonEmptyString
    case .ST:
      if envelope.inTransaction, let open = envelope.transactionLocation {
        report(
          .x12EnvelopeStructure,
          "`ST` of segment \(open.segment) has no `SE` before the next `ST`", at: s.location())
      }
      if !envelope.inGroup, counts.groups > 0 {
        report(
          .x12EnvelopeStructure, "`ST` outside a functional group: no `GS` is open",
          at: s.location())
      }
      counts.transactions += 1
      envelope.transactionsInGroup += 1
      envelope.inTransaction = true
      envelope.transactionLocation = s.location()
      envelope.segmentsInTransaction = 1
      envelope.transactionType = s[1].nonEmptyString
      envelope.transactionControlNumber = s[2].nonEmptyString
    case .SE:
      guard envelope.inTransaction else {
        report(.x12EnvelopeStructure, "`SE` without an open `ST`", at: s.location())
        return
      }
      let declared = s[1].string
      if Int(declared) != envelope.segmentsInTransaction {
        report(
          .x12SegmentCount,
          "`SE01` is `\(declared)` but the transaction has \(envelope.segmentsInTransaction) segments from `ST` to `SE`",
          at: s.location(element: 1))
      }
      let control = s[2].string
      if control != (envelope.transactionControlNumber ?? "") {
        report(
          .x12ControlNumber,
          "`SE02` is `\(control)` but `ST02` is `\(envelope.transactionControlNumber ?? "")`",
          at: s.location(element: 2))
      }
      envelope.inTransaction = false
    case .GE:
      guard envelope.inGroup else {
        report(.x12EnvelopeStructure, "`GE` without an open `GS`", at: s.location())
        return
      }
      if envelope.inTransaction { closeTransaction(before: s) }
      let declared = s[1].string
      if Int(declared) != envelope.transactionsInGroup {
        report(
          .x12EnvelopeCount,
          "`GE01` is `\(declared)` but the group has \(envelope.transactionsInGroup) transactions",
          at: s.location(element: 1))
      }
      let control = s[2].string
      if control != (envelope.groupControlNumber ?? "") {
        report(
          .x12ControlNumber,
          "`GE02` is `\(control)` but `GS06` is `\(envelope.groupControlNumber ?? "")`",
          at: s.location(element: 2))
      }
      envelope.inGroup = false
    case .IEA:
      guard envelope.inInterchange else {
        report(.x12EnvelopeStructure, "`IEA` without an open `ISA`", at: s.location())
        return
      }
      if envelope.inGroup { closeOpenEnvelopes(before: s, interchangeToo: false, openedAt: nil) }
      let declared = s[1].string
      if Int(declared) != envelope.groupsInInterchange {
        report(
          .x12EnvelopeCount,
          "`IEA01` is `\(declared)` but the interchange has \(envelope.groupsInInterchange) functional groups",
          at: s.location(element: 1))
      }
      let control = s[2].string
      if control != (envelope.interchangeControlNumber ?? "") {
        report(
          .x12ControlNumber,
          "`IEA02` is `\(control)` but `ISA13` is `\(envelope.interchangeControlNumber ?? "")`",
          at: s.location(element: 2))
      }
      envelope.inInterchange = false
    case .TA1:
      break
    default:
      if !envelope.inTransaction {
        report(
          .x12EnvelopeStructure, "`\(s.id)` outside a transaction: no `ST` is open",
          at: s.location())
      }
    }
  }

  private func closeTransaction(before s: X12Segment) {
    if let open = envelope.transactionLocation {
      report(
        .x12EnvelopeStructure, "`ST` of segment \(open.segment) has no `SE` before `\(s.id)`",
        at: s.location())
    }
    envelope.inTransaction = false
  }

  private func closeOpenEnvelopes(
    before s: X12Segment, interchangeToo: Bool, openedAt: X12Location?
  ) {
    if envelope.inTransaction { closeTransaction(before: s) }
    if envelope.inGroup, let open = envelope.groupLocation {
      report(
        .x12EnvelopeStructure, "`GS` of segment \(open.segment) has no `GE` before `\(s.id)`",
        at: s.location())
      envelope.inGroup = false
    }
    if interchangeToo, let open = openedAt {
      report(
        .x12EnvelopeStructure,
        "`ISA` of segment \(open.segment) has no `IEA` before the next `ISA`",
        at: s.location())
    }
  }

  /// At the end of the input: every open envelope lacks its trailer.
  private func finish(atEnd location: X12Location) {
    if envelope.inTransaction, let open = envelope.transactionLocation {
      report(
        .x12EnvelopeStructure,
        "`ST` of segment \(open.segment) has no `SE` before the end of the file", at: location)
    }
    if envelope.inGroup, let open = envelope.groupLocation {
      report(
        .x12EnvelopeStructure,
        "`GS` of segment \(open.segment) has no `GE` before the end of the file", at: location)
    }
    if envelope.inInterchange, let open = envelope.interchangeLocation {
      report(
        .x12EnvelopeStructure,
        "`ISA` of segment \(open.segment) has no `IEA` before the end of the file", at: location)
    }
    envelope.inTransaction = false
    envelope.inGroup = false
    envelope.inInterchange = false
    for (id, n) in reportedPerCode.sorted(by: { $0.key < $1.key }) where n > limitPerCode {
      diagnostics.append(
        Diagnostic(
          .init(id, "suppressed", .note, ""),
          "\(n - limitPerCode) more `\(id)` diagnostics in this file were not shown",
          at: nil, severity: .note, path: path))
    }
  }

  // MARK: Diagnostics

  /// Reports a problem at a location; the message should name the segment's elements, never
  /// quote names or member ids.
  public func report(
    _ code: DiagnosticCode, _ message: String, at location: X12Location, help: String? = nil
  ) {
    let n = (reportedPerCode[code.id] ?? 0) + 1
    reportedPerCode[code.id] = n
    guard n <= limitPerCode else { return }
    let position = SourcePosition(
      line: location.line, column: location.column, offset: location.offset)
    let span = SourceSpan(file: sourceFile, start: position, end: position)
    let where_ =
      location.id.raw != 0
      ? "segment \(location.segment) `\(location.id)`: "
      : location.segment > 0 ? "segment \(location.segment): " : ""
    diagnostics.append(Diagnostic(code, where_ + message, at: span, help: help))
  }
}

/// Why a file could not be read at all.
public enum X12ReadError: Error, CustomStringConvertible {
  /// The file could not be opened.
  case cannotOpen(path: String, reason: String)

  public var description: String {
    switch self {
    case .cannotOpen(let path, let reason): return "cannot open `\(path)`: \(reason)"
    }
  }
}
