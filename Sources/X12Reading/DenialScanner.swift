import Claims
import Diagnostics
import Foundation

/// Claims to hand over even when they are not denials: those whose patient control number
/// (CLP01) or payer claim control number (CLP07) is in a set. Ingestion watches the claims of
/// appealed denials, which a later remittance may pay.
///
/// The numbers are kept as 64-bit hashes of their bytes (spaces trimmed, as the reader trims
/// them), so that the scanner tests a claim without making a string; a hash collision only
/// hands over one claim too many, never one too few.
public struct ClaimWatch: Sendable {
  var accounts: Set<UInt64> = []
  var payerClaimNumbers: Set<UInt64> = []

  /// Watches these patient control numbers and payer claim control numbers.
  public init<A: Sequence<String>, P: Sequence<String>>(accounts: A, payerClaimNumbers: P) {
    for a in accounts { self.accounts.insert(Self.hash(a)) }
    for p in payerClaimNumbers { self.payerClaimNumbers.insert(Self.hash(p)) }
  }

  /// True when nothing is watched.
  public var isEmpty: Bool { accounts.isEmpty && payerClaimNumbers.isEmpty }

  static func hash(_ s: String) -> UInt64 {
    var s = s
    return s.withUTF8 { b in b.baseAddress.map { trimmedHash($0, b.count) } ?? trimmedHash(nil, 0) }
  }

  /// FNV-1a over the bytes with spaces trimmed at both ends.
  @inline(__always) static func trimmedHash(_ base: UnsafePointer<UInt8>?, _ count: Int) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    guard let base else { return h }
    var start = 0
    var end = count
    while start < end, base[start] == 0x20 { start += 1 }
    while end > start, base[end - 1] == 0x20 { end -= 1 }
    for i in start..<end { h = (h ^ UInt64(base[i])) &* 0x100_0000_01B3 }
    return h
  }
}

extension RemittanceReader {
  /// What the denial path hands over besides denials.
  public struct DenialSelection: Sendable {
    /// Also hand over reversals (CLP02 = 22), so that the caller can cancel an earlier denial
    /// with the same payer claim control number.
    public var reversals: Bool
    /// Also hand over the claims these numbers name, denied or not.
    public var watch: ClaimWatch?

    /// Denials only by default.
    public init(reversals: Bool = false, watch: ClaimWatch? = nil) {
      self.reversals = reversals
      self.watch = watch
    }
  }

  /// The result of the denial path.
  public struct DenialScanResult: Sendable {
    /// The 835 transactions, without their claims.
    public var remittances: [Remittance]
    /// Problems found, in file order (a claim's own problems come at the end of that claim).
    public var diagnostics: [Diagnostic]
    /// Envelope and segment counts.
    public var counts: X12Reader.Counts
    /// Claims read (CLP segments in 835 transactions).
    public var claims: Int
    /// Claims for which the full model was built (denials, claims that may be denials,
    /// claims with something to report, reversals and watched claims when asked for).
    public var built: Int
    /// Of those, the claims built in one pass by the claim lane (the others went segment by
    /// segment: something to report, a reversal or watched claim, or a claim too long for the
    /// lane's window).
    public var builtInLane: Int
  }

  /// The fast path for denial extraction: streams the file and hands `onClaim` each claim the
  /// denial rule finds denied or partially denied (exactly the claims, with exactly the
  /// fields, that ``stream(_:options:onClaim:)`` gives with a non-nil `denial`), plus the
  /// reversals and watched claims that `selection` asks for. Other claims never become a
  /// ``ClaimPayment``: see ``DenialScanner``. Diagnostics are the same as the full stream's.
  public static func denials(
    _ reader: X12Reader, options: Options = Options(),
    selection: DenialSelection = DenialSelection(),
    onClaim: (ClaimPayment, Remittance) -> Void
  ) -> DenialScanResult {
    var scanner = DenialScanner(reader: reader, options: options, selection: selection)
    defer { scanner.deallocate() }
    withoutActuallyEscaping(onClaim) { onClaim in
      scanner.mapper.onClaim = onClaim
      reader.forEachSegment(lane: { scanner.lane($0) }) { scanner.consume($0) }
      scanner.finish()
      scanner.mapper.onClaim = nil
    }
    return DenialScanResult(
      remittances: scanner.mapper.transactions, diagnostics: reader.diagnostics,
      counts: reader.counts,
      claims: scanner.claims, built: scanner.built, builtInLane: scanner.builtInLane)
  }

  /// ``denials(_:options:selection:onClaim:)`` on a file.
  public static func denials(
    path: String, options: Options = Options(), selection: DenialSelection = DenialSelection(),
    onClaim: (ClaimPayment, Remittance) -> Void
  ) throws -> DenialScanResult {
    let reader = try X12Reader(path: path)
    reader.limitPerCode = options.diagnosticLimit
    return denials(reader, options: options, selection: selection, onClaim: onClaim)
  }
}

extension RemittanceReader {
  /// The denials of a file as ``read(path:options:)`` lists them (claims with a denial, not
  /// reversals, not cancelled by a later reversal), each with its transaction's header, read by
  /// streaming: only denials are built and kept, so memory follows the number of denials, not
  /// the size of the file.
  public struct DenialRead: Sendable {
    /// The denied claims in file order, each with its transaction header (`claims` empty).
    public var denials: [(claim: ClaimPayment, remittance: Remittance)]
    /// Problems found, as the full read reports them.
    public var diagnostics: [Diagnostic]
    /// Envelope and segment counts.
    public var counts: X12Reader.Counts
    /// Claims read.
    public var claims: Int
    /// 835 transactions read (0 for a file of other transactions, such as an 837).
    public var transactions: Int
  }

  /// Reads the denials of a file (see ``DenialRead``).
  ///
  /// Reversals are applied in the same pass, exactly as ``DenialRule/applyReversals(to:)``
  /// applies them to the whole file: a claim is cancelled when the next claim with its payer
  /// claim control number (CLP07) is a reversal. That next claim may be a paid one the denial
  /// path never builds, so the scanner reports every claim's number as it goes.
  public static func readDenials(path: String, options: Options = Options()) throws -> DenialRead {
    let reader = try X12Reader(path: path)
    reader.limitPerCode = options.diagnosticLimit
    return readDenials(reader, options: options)
  }

  /// ``readDenials(path:options:)`` on bytes already in memory (standard input, a pipe).
  public static func readDenials(path: String, bytes: [UInt8], options: Options = Options())
    -> DenialRead
  {
    let reader = X12Reader(path: path, bytes: bytes)
    reader.limitPerCode = options.diagnosticLimit
    return readDenials(reader, options: options)
  }

  static func readDenials(_ reader: X12Reader, options: Options) -> DenialRead {
    var scanner = DenialScanner(reader: reader, options: options, selection: DenialSelection())
    defer { scanner.deallocate() }
    var kept: [(claim: ClaimPayment, remittance: Remittance)] = []
    var handedOver = false
    // The number of each kept denial that is still the latest claim with its number.
    var latest: [String: Int] = [:]
    withoutActuallyEscaping({ (claim: ClaimPayment, header: Remittance) in
      kept.append((claim, header))
      handedOver = true
    }) { onClaim in
      scanner.mapper.onClaim = onClaim
      scanner.onClaimNumber = { element, isReversal in
        defer { handedOver = false }
        let number = element.string
        guard !number.isEmpty else { return }
        if isReversal {
          // A claim is cancelled when the next claim with its number is a reversal.
          if let i = latest.removeValue(forKey: number) { kept[i].claim.reversedLater = true }
        } else if handedOver {
          latest[number] = kept.count - 1
        } else {
          latest.removeValue(forKey: number)
        }
      }
      reader.forEachSegment(lane: { scanner.lane($0) }) { scanner.consume($0) }
      scanner.finish()
      scanner.mapper.onClaim = nil
      scanner.onClaimNumber = nil
    }
    // Each denial with its transaction's header as it ends, as `read` gives it: a payer loop
    // written after some claims still names the payer of those claims.
    var headers: [Int: Remittance] = [:]
    for r in scanner.mapper.transactions { headers[r.envelope.segmentNumber] = r }
    var denials: [(claim: ClaimPayment, remittance: Remittance)] = []
    for (claim, header) in kept
    where claim.denial != nil && !claim.isReversal && claim.reversedLater != true {
      denials.append((claim, headers[header.envelope.segmentNumber] ?? header))
    }
    return DenialRead(
      denials: denials, diagnostics: reader.diagnostics, counts: reader.counts,
      claims: scanner.claims, transactions: scanner.mapper.transactions.count)
  }
}

/// The denial path's claim filter, in front of the 835 mapper.
///
/// Segments outside claims go to the mapper as usual (headers, PLB, envelopes: a few per
/// transaction). The segments of a claim (CLP up to the segment that ends it) are copied into
/// reusable buffers, bytes and separator tables, while a light pass keeps integer cents and
/// flags: whether the claim **may be a denial** (CLP02 = 4, or a CO/OA/PI adjustment that is
/// not routine with a non-zero amount: the mapper's own test for running the denial rule), and
/// whether the full reader **would report something** on it (an empty CLP01 or CLP02, a
/// malformed or inexact number, a bad date, an unknown CARC or RARC, an unbalanced claim or
/// line, a procedure composite without its separator or code, a misplaced LQ, a BPR inside the
/// claim). At the end of the claim, only if one of these holds (or the claim is a reversal or
/// watched, when asked for), the saved segments are replayed through the mapper, which builds
/// the ``ClaimPayment`` and applies the denial rule exactly as the full stream does; otherwise
/// the claim is dropped and no memory is allocated for it.
///
/// The checks err on the side of replaying: a claim replayed needlessly costs time, never a
/// difference. Reversals are never denials (the rule says so), so they are only built when
/// asked for.
struct DenialScanner {
  var mapper: RemittanceMapper
  let rule: DenialRule
  let checkBalancing: Bool
  let isKnownCARC: (@Sendable (String) -> Bool)?
  let isKnownRARC: (@Sendable (String) -> Bool)?
  let wantReversals: Bool
  let watch: ClaimWatch?
  /// Called at the end of every claim, in file order and after `onClaim` for that claim: its
  /// payer claim control number (CLP07, untrimmed) and whether it is a reversal.
  var onClaimNumber: ((X12Element, Bool) -> Void)?

  struct Saved {
    var byteStart: Int
    var separatorStart: Int
    var count: Int
    var id: SegmentID
    var number: Int
    var offset: Int
    var delimiters: Delimiters
    var line: Int
    var lineStart: Int
  }

  // The claim's segments.
  var bytes: UnsafeMutablePointer<UInt8>
  var byteCapacity = 1 << 14
  var byteCount = 0
  var separators: UnsafeMutablePointer<Int32>
  var separatorCapacity = 1 << 12
  var separatorCount = 0
  var saved: [Saved] = []

  // The claim's state.
  var inClaim = false
  var inLine = false
  var mayBeDenied = false
  var suspicious = false
  var reversal = false
  var watched = false
  var claimBilled: Int64 = 0
  var claimPaid: Int64 = 0
  var allAdjustments: Int64 = 0
  var lineBilled: Int64 = 0
  var linePaid: Int64 = 0
  var lineAdjustments: Int64 = 0

  var claims = 0
  var built = 0
  var builtInLane = 0
  // Diagnostics of the claim being saved: the reader's count when it began, how many of the
  // reader's have been seen, and the segment each was seen at.
  var diagnosticMark = 0
  var seenDiagnostics = 0
  var syntaxDiagnosticsAt: [Int] = []

  // Facts per code, by its bytes (up to 7, packed with the length): bit 0 CARC checked, bit 1
  // known CARC, bit 2 RARC checked, bit 3 known RARC.
  static let slotBits = 10
  let codeKeys: UnsafeMutablePointer<UInt64>
  let codeFlags: UnsafeMutablePointer<UInt8>
  // Denial pairs (group, reason) -> can make a denial.
  let pairGroups: UnsafeMutablePointer<UInt64>
  let pairReasons: UnsafeMutablePointer<UInt64>
  let pairValues: UnsafeMutablePointer<Bool>

  init(
    reader: X12Reader, options: RemittanceReader.Options,
    selection: RemittanceReader.DenialSelection
  ) {
    mapper = RemittanceMapper(reader: reader, options: options, keepClaims: false)
    mapper.onlyDenials = true
    rule = options.denialRule
    checkBalancing = options.checkBalancing
    isKnownCARC = options.isKnownCARC
    isKnownRARC = options.isKnownRARC
    wantReversals = selection.reversals
    watch = selection.watch.flatMap { $0.isEmpty ? nil : $0 }
    bytes = .allocate(capacity: byteCapacity)
    separators = .allocate(capacity: separatorCapacity)
    saved.reserveCapacity(64)
    let n = 1 << Self.slotBits
    codeKeys = .allocate(capacity: n)
    codeKeys.initialize(repeating: 0, count: n)
    codeFlags = .allocate(capacity: n)
    codeFlags.initialize(repeating: 0, count: n)
    pairGroups = .allocate(capacity: n)
    pairGroups.initialize(repeating: 0, count: n)
    pairReasons = .allocate(capacity: n)
    pairReasons.initialize(repeating: 0, count: n)
    pairValues = .allocate(capacity: n)
    pairValues.initialize(repeating: false, count: n)
  }

  func deallocate() {
    bytes.deallocate()
    separators.deallocate()
    codeKeys.deallocate()
    codeFlags.deallocate()
    pairGroups.deallocate()
    pairReasons.deallocate()
    pairValues.deallocate()
  }

  static var CLP: SegmentID { SegmentID(raw: 0x434C50) }
  static var SVC: SegmentID { SegmentID(raw: 0x535643) }
  static var CAS: SegmentID { SegmentID(raw: 0x434153) }
  static var DTM: SegmentID { SegmentID(raw: 0x44544D) }
  static var AMT: SegmentID { SegmentID(raw: 0x414D54) }
  static var LQ: SegmentID { SegmentID(raw: 0x4C51) }
  static var MIA: SegmentID { SegmentID(raw: 0x4D4941) }
  static var MOA: SegmentID { SegmentID(raw: 0x4D4F41) }
  static var N1: SegmentID { SegmentID(raw: 0x4E31) }
  static var LX: SegmentID { SegmentID(raw: 0x4C58) }
  static var PLB: SegmentID { SegmentID(raw: 0x504C42) }
  static var BPR: SegmentID { SegmentID(raw: 0x425052) }

  // MARK: Segments

  mutating func consume(_ s: X12Segment) {
    if inClaim {
      observeDiagnostics(at: s.number)
      switch s.id {
      case Self.CLP:
        endClaim(endedAt: s.number)
        beginClaim(s)
        return
      case Self.LX, Self.PLB, .ST, .SE, .ISA, .IEA, .GS, .GE, .TA1:
        endClaim(endedAt: s.number)
        mapper.consume(s)
        return
      case Self.N1:
        if s[1].equals("PR") || s[1].equals("PE") {
          endClaim(endedAt: s.number)
          mapper.consume(s)
          return
        }
        save(s)
        return
      default:
        save(s)
        if !suspicious { inspect(s) }
        return
      }
    }
    if s.id == Self.CLP, mapper.inTransaction {
      beginClaim(s)
      return
    }
    mapper.consume(s)
  }

  mutating func finish() {
    mapper.endOfInput = true
    if inClaim {
      observeDiagnostics(at: Int.max - 1)
      endClaim(endedAt: Int.max)
    }
    mapper.finish()
  }

  /// Notes the reader's new diagnostics (syntax-level, about the claim's segments) as seen at
  /// segment `number`: when the claim is replayed, the mapper's diagnostics are merged with
  /// them in the order the whole read reports them in (see ``endClaim(endedAt:)``).
  @inline(__always) mutating func observeDiagnostics(at number: Int) {
    let n = mapper.reader.diagnostics.count
    while seenDiagnostics < n {
      syntaxDiagnosticsAt.append(number)
      seenDiagnostics += 1
    }
  }

  mutating func save(_ s: X12Segment) {
    let length = Int(s.separators[s.count])
    let tableCount = s.count + 1
    if byteCount + length > byteCapacity {
      var capacity = byteCapacity * 2
      while byteCount + length > capacity { capacity *= 2 }
      let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
      grown.update(from: bytes, count: byteCount)
      bytes.deallocate()
      bytes = grown
      byteCapacity = capacity
    }
    if separatorCount + tableCount > separatorCapacity {
      var capacity = separatorCapacity * 2
      while separatorCount + tableCount > capacity { capacity *= 2 }
      let grown = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
      grown.update(from: separators, count: separatorCount)
      separators.deallocate()
      separators = grown
      separatorCapacity = capacity
    }
    // Segments are short: word copies beat a memmove call each.
    let to = bytes + byteCount
    var k = 0
    while k + 8 <= length {
      UnsafeMutableRawPointer(to + k).storeBytes(
        of: UnsafeRawPointer(s.base + k).loadUnaligned(as: UInt64.self), as: UInt64.self)
      k += 8
    }
    while k < length {
      to[k] = s.base[k]
      k += 1
    }
    let table = separators + separatorCount
    for j in 0..<tableCount { table[j] = s.separators[j] }
    saved.append(
      Saved(
        byteStart: byteCount, separatorStart: separatorCount, count: s.count, id: s.id,
        number: s.number,
        offset: s.offset, delimiters: s.delimiters, line: s.line, lineStart: s.lineStart))
    byteCount += length
    separatorCount += tableCount
  }

  /// A whole claim from the reader's claim lane: the same checks as segment by segment, then
  /// dropped, or built by the mapper from the reader's buffer (no copy). Claims the mapper
  /// would report on, reversals and watched claims go back to the per-segment path (false).
  mutating func lane(_ span: ClaimSpan) -> Bool {
    guard mapper.inTransaction else { return false }
    if inClaim {
      observeDiagnostics(at: span.firstNumber)
      endClaim(endedAt: span.firstNumber)
    }
    resetClaim()
    checkCLP(span[0])
    var k = 1
    var lines = 0
    while k < span.count, !suspicious {
      let segment = span[k]
      if segment.id == Self.SVC { lines += 1 }
      inspect(segment)
      k += 1
    }
    closeLine()
    if checkBalancing, claimBilled &- claimPaid != allAdjustments { suspicious = true }
    if suspicious || watched || (reversal && wantReversals) { return false }
    claims += 1
    if mayBeDenied {
      built += 1
      builtInLane += 1
      mapper.claimsInTransaction += 1
      let claim = mapper.buildClean(span, lines: lines, mayBeDenied: true)
      mapper.deliver(claim)
    } else {
      dropClaim()
    }
    onClaimNumber?(span[0][7], reversal)
    return true
  }

  mutating func resetClaim() {
    inLine = false
    mayBeDenied = false
    suspicious = false
    reversal = false
    watched = false
    allAdjustments = 0
  }

  /// What the mapper's finishClaim would have done for a claim without a denial.
  mutating func dropClaim() {
    mapper.claimsInTransaction += 1
    if mapper.header == nil, let r = mapper.remittance {
      mapper.header = RemittanceMapper.HeaderBox(r)
    }
    mapper.loop = .header
  }

  mutating func beginClaim(_ s: X12Segment) {
    diagnosticMark = mapper.reader.diagnostics.count
    seenDiagnostics = diagnosticMark
    syntaxDiagnosticsAt.removeAll(keepingCapacity: true)
    inClaim = true
    inLine = false
    mayBeDenied = false
    suspicious = false
    reversal = false
    watched = false
    allAdjustments = 0
    saved.removeAll(keepingCapacity: true)
    byteCount = 0
    separatorCount = 0
    save(s)
    checkCLP(s)
  }

  mutating func checkCLP(_ s: X12Segment) {
    let pcn = s[1]
    if Self.trimmedIsEmpty(pcn) || s[2].isEmpty { suspicious = true }
    let status = Self.trimmedKey(s[2])
    if status == Self.key4 { mayBeDenied = true }
    if status == Self.key22 { reversal = true }
    if let b = required(s[3]) { claimBilled = b }
    if let p = required(s[4]) { claimPaid = p }
    optional(s[5])
    if let watch {
      if watch.accounts.contains(ClaimWatch.trimmedHash(pcn.base, pcn.count)) {
        watched = true
      } else {
        let number = s[7]
        if !Self.trimmedIsEmpty(number),
          watch.payerClaimNumbers.contains(ClaimWatch.trimmedHash(number.base, number.count))
        {
          watched = true
        }
      }
    }
  }

  mutating func inspect(_ s: X12Segment) {
    switch s.id {
    case Self.SVC:
      closeLine()
      inLine = true
      procedure(s[1])
      lineBilled = required(s[2]) ?? 0
      linePaid = required(s[3]) ?? 0
      optional(s[5])
      if !s[6].isEmpty { procedure(s[6]) }
      optional(s[7])
      lineAdjustments = 0
    case Self.CAS: adjustments(s)
    case Self.DTM:
      let e = s[2]
      if !e.isEmpty, !(e.date.map { X12Element.plausibleYears.contains($0.year) } ?? false) {
        suspicious = true
      }
    case Self.AMT: optional(s[2])
    case Self.LQ:
      if inLine, s[1].equals("HE") || s[1].equals("RX") {
        rarc(s[2])
      } else {
        suspicious = true
      }
    case Self.MIA:
      if !inLine {
        for k in [5, 20, 21, 22, 23] where !s[k].isEmpty { rarc(s[k]) }
      }
    case Self.MOA:
      if !inLine {
        for k in 3...7 where !s[k].isEmpty { rarc(s[k]) }
      }
    case Self.BPR: suspicious = true
    default: break
    }
  }

  mutating func adjustments(_ s: X12Segment) {
    let groupKey = Self.trimmedKey(s[1])
    if Self.trimmedIsEmpty(s[1]) {
      suspicious = true
      return
    }
    var k = 2
    while k + 1 <= max(s.count, 3), k <= 17 {
      let reason = s[k]
      if reason.isEmpty {
        k += 3
        continue
      }
      let amount = required(s[k + 1]) ?? 0
      optional(s[k + 2])
      carc(reason)
      if amount != 0, !mayBeDenied, isDenialPair(groupKey, s[1], reason) { mayBeDenied = true }
      if inLine { lineAdjustments &+= amount }
      allAdjustments &+= amount
      k += 3
    }
  }

  mutating func closeLine() {
    guard inLine else { return }
    inLine = false
    if checkBalancing, lineBilled &- linePaid != lineAdjustments { suspicious = true }
  }

  /// Ends the claim being saved, at segment `endedAt` (the one after it; `Int.max` at the end
  /// of the input).
  mutating func endClaim(endedAt: Int) {
    closeLine()
    if checkBalancing, claimBilled &- claimPaid != allAdjustments { suspicious = true }
    inClaim = false
    // A claim still open at the end of the input is left out by the mapper, which says so.
    let incomplete = mapper.openClaimIsIncomplete
    if !incomplete { claims += 1 }
    let surfaceAnyway = watched || (reversal && wantReversals)
    if mayBeDenied || suspicious || surfaceAnyway || incomplete {
      if !incomplete { built += 1 }
      mapper.forceSurface = surfaceAnyway
      let reader = mapper.reader
      var raisedAt: [Int] = []
      for k in saved.indices {
        let m = saved[k]
        let before = reader.diagnostics.count
        mapper.consume(
          X12Segment(
            base: UnsafePointer(bytes + m.byteStart),
            separators: UnsafePointer(separators + m.separatorStart),
            count: m.count, id: m.id, number: m.number, offset: m.offset, delimiters: m.delimiters,
            line: m.line,
            lineStart: m.lineStart))
        for _ in before..<reader.diagnostics.count { raisedAt.append(m.number) }
      }
      let before = reader.diagnostics.count
      mapper.finishClaim()
      for _ in before..<reader.diagnostics.count { raisedAt.append(endedAt) }
      mapper.forceSurface = false
      // The whole read reports the reader's problem with segment n before the mapper's problems
      // raised at segment n or later: merge the two lists so.
      let syntax = syntaxDiagnosticsAt
      if !syntax.isEmpty, !raisedAt.isEmpty,
        reader.diagnostics.count - diagnosticMark == syntax.count + raisedAt.count
      {
        var order: [Int] = []
        var i = 0
        var j = 0
        while i < syntax.count || j < raisedAt.count {
          if j == raisedAt.count || (i < syntax.count && syntax[i] <= raisedAt[j]) {
            order.append(i)
            i += 1
          } else {
            order.append(syntax.count + j)
            j += 1
          }
        }
        reader.reorderDiagnostics(from: diagnosticMark, order)
      }
    } else {
      dropClaim()
    }
    if let onClaimNumber, let first = saved.first {
      let clp = X12Segment(
        base: UnsafePointer(bytes + first.byteStart),
        separators: UnsafePointer(separators + first.separatorStart),
        count: first.count, id: first.id, number: first.number, offset: first.offset,
        delimiters: first.delimiters,
        line: first.line, lineStart: first.lineStart)
      onClaimNumber(clp[7], reversal)
    }
  }

  // MARK: Checks

  /// A required amount in hundredths; nil (and the claim is replayed) when empty, malformed or
  /// not exact in hundredths.
  @inline(__always) mutating func required(_ e: X12Element) -> Int64? {
    let (ok, cents) = Self.cents(e)
    if !ok || cents == nil { suspicious = true }
    return cents
  }

  /// An optional amount: only its form matters.
  @inline(__always) mutating func optional(_ e: X12Element) {
    if e.isEmpty { return }
    let (ok, _) = Self.cents(e)
    if !ok { suspicious = true }
  }

  /// A procedure composite as the mapper reads it: the separator must be there and the code
  /// after the qualifier not empty, or the mapper reports.
  mutating func procedure(_ e: X12Element) {
    guard let base = e.base else {
      suspicious = true
      return
    }
    let n = e.count
    let separator = e.component
    var first = -1
    for i in 0..<n where base[i] == separator {
      first = i
      break
    }
    guard first >= 0 else {
      suspicious = true
      return
    }
    var end = first + 1
    while end < n, base[end] != separator { end += 1 }
    var nonSpace = false
    for i in (first + 1)..<end where base[i] != 0x20 {
      nonSpace = true
      break
    }
    if !nonSpace { suspicious = true }
  }

  mutating func carc(_ e: X12Element) {
    guard let known = isKnownCARC else { return }
    if !isKnown(e, bit: 0x01, known) { suspicious = true }
  }

  mutating func rarc(_ e: X12Element) {
    guard let known = isKnownRARC else { return }
    if !isKnown(e, bit: 0x04, known) { suspicious = true }
  }

  @inline(__always) func isKnown(_ e: X12Element, bit: UInt8, _ known: (String) -> Bool) -> Bool {
    let k = Self.trimmedKey(e)
    guard k != 0 else { return known(e.string) }
    let slot = CodeCache.slot(k)
    var f = codeFlags[slot]
    if codeKeys[slot] != k {
      codeKeys[slot] = k
      f = 0
    }
    if f & bit != 0 { return f & (bit << 1) != 0 }
    let value = known(e.string)
    codeFlags[slot] = f | bit | (value ? bit << 1 : 0)
    return value
  }

  @inline(__always) func isDenialPair(_ groupKey: UInt64, _ group: X12Element, _ reason: X12Element)
    -> Bool
  {
    let r = Self.trimmedKey(reason)
    let compute = { () -> Bool in
      let g = group.string
      return rule.denialGroups.contains(g) && !rule.routine.contains(g + "-" + reason.string)
    }
    guard groupKey != 0, r != 0 else { return compute() }
    let slot = CodeCache.slot(groupKey ^ (r &* 0xC2B2_AE3D_27D4_EB4F))
    if pairGroups[slot] == groupKey, pairReasons[slot] == r { return pairValues[slot] }
    let value = compute()
    pairGroups[slot] = groupKey
    pairReasons[slot] = r
    pairValues[slot] = value
    return value
  }

  static let key4 = CodeCache.key([UInt8(ascii: "4")], 1)
  static let key22 = CodeCache.key([UInt8(ascii: "2"), UInt8(ascii: "2")], 2)

  /// The element's bytes with spaces trimmed, packed as ``CodeCache`` keys them (0 when empty
  /// or longer than 7 bytes).
  @inline(__always) static func trimmedKey(_ e: X12Element) -> UInt64 {
    guard let base = e.base else { return 0 }
    var start = 0
    var end = e.count
    while start < end, base[start] == 0x20 { start += 1 }
    while end > start, base[end - 1] == 0x20 { end -= 1 }
    return CodeCache.key(base + start, end - start)
  }

  @inline(__always) static func trimmedIsEmpty(_ e: X12Element) -> Bool {
    guard let base = e.base else { return true }
    for i in 0..<e.count where base[i] != 0x20 { return false }
    return true
  }

  /// The element as ``NumberParse/parse(_:)`` judges it: `ok` is false only when it would be
  /// `.invalid`; `cents` is the value in hundredths when it is a number exact in them with few
  /// enough digits (nil when empty, invalid, or not sure: the caller then replays).
  @inline(__always) static func cents(_ e: X12Element) -> (ok: Bool, cents: Int64?) {
    guard let b = e.base, e.count > 0 else { return (true, nil) }
    let n = e.count
    var i = 0
    var negative = false
    if b[0] == UInt8(ascii: "-") {
      negative = true
      i = 1
    } else if b[0] == UInt8(ascii: "+") {
      i = 1
    }
    var value: Int64 = 0
    var digits = 0
    var fraction = 0
    var seenDot = false
    var sawDigit = false
    while i < n {
      let c = b[i] &- 0x30
      if c <= 9 {
        sawDigit = true
        if value != 0 || c != 0 { digits += 1 }
        if digits <= 16 { value = value &* 10 &+ Int64(c) }
        if seenDot { fraction += 1 }
      } else if b[i] == UInt8(ascii: "."), !seenDot {
        seenDot = true
      } else {
        return (false, nil)
      }
      i += 1
    }
    guard sawDigit else { return (false, nil) }
    guard digits <= 16, fraction <= 2 else { return (true, nil) }
    if fraction == 0 { value &*= 100 } else if fraction == 1 { value &*= 10 }
    return (true, negative ? -value : value)
  }
}
