import Claims
import CodeSets
import Diagnostics
import Foundation

/// Maps 835 transactions to ``Remittance`` values, streaming claim by claim.
///
/// Use ``read(path:options:)`` for a whole file, or ``stream(_:options:onClaim:)`` to see each
/// claim as soon as it is complete without keeping the file's claims in memory (large files).
/// Transactions other than 835 are skipped with a note.
public struct RemittanceReader {
  /// What the reader does besides mapping.
  public struct Options: Sendable {
    /// The denial rule applied to each claim.
    public var denialRule: DenialRule
    /// Whether a CARC is in the code list (unknown codes are kept and warned about once per
    /// file); CodeSets' list by default, nil to skip the check.
    public var isKnownCARC: (@Sendable (String) -> Bool)?
    /// Whether a RARC is in the code list; CodeSets' list by default.
    public var isKnownRARC: (@Sendable (String) -> Bool)?
    /// Check CLP and SVC balancing (warnings).
    public var checkBalancing: Bool
    /// The most diagnostics of one code kept per file (the rest are counted in a note).
    public var diagnosticLimit = 50

    /// Options with the standard denial rule and balancing checks.
    public init(
      denialRule: DenialRule = .standard,
      isKnownCARC: (@Sendable (String) -> Bool)? = { CARC.isKnown($0) },
      isKnownRARC: (@Sendable (String) -> Bool)? = { RARC.isKnown($0) }, checkBalancing: Bool = true
    ) {
      self.denialRule = denialRule
      self.isKnownCARC = isKnownCARC
      self.isKnownRARC = isKnownRARC
      self.checkBalancing = checkBalancing
    }
  }

  /// The result of reading one file.
  public struct Result: Sendable {
    /// The 835 transactions, in file order.
    public var remittances: [Remittance]
    /// Problems found, in file order.
    public var diagnostics: [Diagnostic]
    /// Envelope and segment counts.
    public var counts: X12Reader.Counts
  }

  /// Reads a whole file into remittances (claims kept), applying reversals across the file.
  public static func read(path: String, options: Options = Options()) throws -> Result {
    let reader = try X12Reader(path: path)
    reader.limitPerCode = options.diagnosticLimit
    return read(reader, options: options)
  }

  /// Reads bytes already in memory.
  public static func read(path: String, bytes: [UInt8], options: Options = Options()) -> Result {
    let reader = X12Reader(path: path, bytes: bytes)
    reader.limitPerCode = options.diagnosticLimit
    return read(reader, options: options)
  }

  static func read(_ reader: X12Reader, options: Options) -> Result {
    var mapper = RemittanceMapper(reader: reader, options: options, keepClaims: true)
    reader.forEachSegment { mapper.consume($0) }
    mapper.finish()
    var remittances = mapper.transactions
    mapper.transactions = []
    options.denialRule.applyReversals(to: &remittances)
    return Result(remittances: remittances, diagnostics: reader.diagnostics, counts: reader.counts)
  }

  /// Streams the claims of a file: `onClaim` gets each claim (denial rule applied) with its
  /// transaction's header (payer, payee, payment; `claims` empty). Returns the transactions
  /// without their claims, and the diagnostics.
  public static func stream(
    _ reader: X12Reader, options: Options = Options(),
    onClaim: (ClaimPayment, Remittance) -> Void
  ) -> Result {
    var mapper = RemittanceMapper(reader: reader, options: options, keepClaims: false)
    withoutActuallyEscaping(onClaim) { onClaim in
      mapper.onClaim = onClaim
      reader.forEachSegment { mapper.consume($0) }
      mapper.finish()
      mapper.onClaim = nil
    }
    return Result(
      remittances: mapper.transactions, diagnostics: reader.diagnostics, counts: reader.counts)
  }
}

/// The 835 state machine: header loops, claims (2100), lines (2110), PLB.
///
/// `buildClean` (ClaimSpanBuilder.swift) maps a whole claim in one pass for the denial path's
/// claim lane and must map it as this type does: a change to what a claim segment becomes here
/// belongs there too (`DenialScannerTests` compare the two, field for field).
///
/// A struct driven through `inout` (no per-segment exclusivity checks on class properties).
/// Short codes come from a ``CodeCache``; numbers are parsed straight from the bytes into
/// hundredths and a Decimal built from the integer. The claim being read is built in place, and
/// the denial rule only runs on claims that can be denials (status 4 or an adjustment that is a
/// denial reason): on the others it would change nothing.
struct RemittanceMapper {
  let reader: X12Reader
  let options: RemittanceReader.Options
  let keepClaims: Bool
  var onClaim: ((ClaimPayment, Remittance) -> Void)?
  /// The denial path (``DenialScanner``): `onClaim` only gets claims with a denial, and those
  /// the scanner marks with `forceSurface` (reversals, watched claims).
  var onlyDenials = false
  var forceSurface = false
  /// Finished transactions, in file order (with their claims when `keepClaims`).
  var transactions: [Remittance] = []

  enum Loop { case outside, header, payer, payee, claim, line, trailer }
  var loop = Loop.outside
  var remittance: Remittance?
  var inTransaction = false
  var header: HeaderBox?

  /// The transaction header as it stood at its first claim, shared by the claims of a stream.
  final class HeaderBox {
    let value: Remittance
    init(_ value: Remittance) { self.value = value }
  }
  var claim: ClaimPayment?
  /// `claim != nil` and `line != nil`, kept apart: comparing the optionals copies them.
  var hasClaim = false
  var hasLine = false
  // The parts of the claim and line being read that segments after CLP and SVC add, kept
  // here and moved into the claim or line once it is complete: mutating a large optional
  // struct in place field by field costs a copy of it each time.
  var claimAdjustments: [Adjustment] = []
  var claimRemarks: [String] = []
  var claimReferences: [Reference] = []
  var claimAmounts: [QualifiedAmount] = []
  var claimLines: [ServicePayment] = []
  var claimPatient: PersonName?
  var claimInsured: PersonName?
  var claimRenderingProvider: PersonName?
  var claimStatementFrom: CalendarDate?
  var claimStatementTo: CalendarDate?
  var claimReceived: CalendarDate?
  var claimCoverageExpiration: CalendarDate?
  var lineAdjustments: [Adjustment] = []
  var lineReferences: [Reference] = []
  var lineRemarks: [String] = []
  var lineAmounts: [QualifiedAmount] = []
  var lineServiceFrom: CalendarDate?
  var lineServiceTo: CalendarDate?
  var lineControlNumber: String?
  var claimLocation: X12Location?
  var lineLocation: X12Location?
  var line: ServicePayment?
  // Balancing in hundredths; nil once a value is not exact in them.
  var claimAdjustmentCents: Int64? = 0
  var lineAdjustmentCents: Int64? = 0
  var allAdjustmentCents: Int64? = 0
  var claimBilledCents: Int64?
  var claimPaidCents: Int64?
  var lineBilledCents: Int64?
  var linePaidCents: Int64?
  var claimHasLines = false
  /// The claim has CLP02 = 4 or a denial-reason adjustment: the denial rule must run.
  var claimMayBeDenied = false
  var warnedUnknown: Set<String> = []
  var warnedComponent = false
  let codes = CodeCache()

  init(reader: X12Reader, options: RemittanceReader.Options, keepClaims: Bool) {
    self.reader = reader
    self.options = options
    self.keepClaims = keepClaims
  }

  // MARK: Segments

  static var BPR: SegmentID { SegmentID(raw: 0x425052) }
  static var TRN: SegmentID { SegmentID(raw: 0x54524E) }
  static var DTM: SegmentID { SegmentID(raw: 0x44544D) }
  static var N1: SegmentID { SegmentID(raw: 0x4E31) }
  static var REF: SegmentID { SegmentID(raw: 0x524546) }
  static var LX: SegmentID { SegmentID(raw: 0x4C58) }
  static var CLP: SegmentID { SegmentID(raw: 0x434C50) }
  static var CAS: SegmentID { SegmentID(raw: 0x434153) }
  static var NM1: SegmentID { SegmentID(raw: 0x4E4D31) }
  static var MIA: SegmentID { SegmentID(raw: 0x4D4941) }
  static var MOA: SegmentID { SegmentID(raw: 0x4D4F41) }
  static var AMT: SegmentID { SegmentID(raw: 0x414D54) }
  static var SVC: SegmentID { SegmentID(raw: 0x535643) }
  static var LQ: SegmentID { SegmentID(raw: 0x4C51) }
  static var PLB: SegmentID { SegmentID(raw: 0x504C42) }

  mutating func consume(_ s: X12Segment) {
    switch s.id {
    case .ST:
      finishTransaction()
      guard s[1].equals("835") else {
        if s[1].nonEmptyString != nil {
          reader.report(
            .x12OtherTransaction, "transaction set `\(s[1].string)` is not an 835; skipped",
            at: s.location(element: 1))
        }
        loop = .outside
        return
      }
      let e = reader.envelope
      remittance = Remittance(
        envelope: Envelope(
          interchangeIndex: e.interchangeIndex,
          interchangeControlNumber: e.interchangeControlNumber,
          senderID: e.senderID, receiverID: e.receiverID, groupControlNumber: e.groupControlNumber,
          version: e.version, transactionControlNumber: e.transactionControlNumber,
          segmentNumber: s.number, byteOffset: s.offset))
      loop = .header
      inTransaction = true
      return
    case .SE:
      finishTransaction()
      return
    case .ISA, .IEA, .GS, .GE, .TA1:
      finishTransaction()
      return
    default: break
    }
    guard inTransaction else { return }
    switch s.id {
    case Self.CLP: startClaim(s)
    case Self.SVC: startLine(s)
    case Self.CAS: adjustments(s)
    case Self.LQ:
      if loop == .line, hasLine, s[1].equals("HE") || s[1].equals("RX") {
        let (code, slot) = codes.string(s[2])
        checkRARC(code, slot, s)
        lineRemarks.append(code)
      } else {
        misplaced(s)
      }
    case Self.DTM: date(s)
    case Self.REF: reference(s)
    case Self.AMT:
      guard let amount = money(s, 2) else { return }
      if loop == .line {
        if hasLine {
          lineAmounts.append(QualifiedAmount(qualifier: codes.string(s[1]).0, amount: amount))
        }
      } else if loop == .claim {
        if hasClaim {
          claimAmounts.append(QualifiedAmount(qualifier: codes.string(s[1]).0, amount: amount))
        }
      }
    case Self.NM1: name(s)
    case Self.MIA:
      remarkElement(s, 5)
      remarkElement(s, 20)
      remarkElement(s, 21)
      remarkElement(s, 22)
      remarkElement(s, 23)
    case Self.MOA:
      for k in 3...7 { remarkElement(s, k) }
    case Self.N1: party(s)
    case Self.BPR:
      let payment = Payment(
        handlingCode: s[1].nonEmptyString, amount: money(s, 2) ?? 0,
        creditDebit: s[3].nonEmptyString,
        method: s[4].nonEmptyString, effectiveDate: date(s, 16))
      remittance?.payment = payment
    case Self.TRN:
      if loop == .header {
        remittance?.trace = Trace(number: s[2].string, originatorID: s[3].nonEmptyString)
      }
    case Self.LX:
      finishClaim()
      loop = .header
    case Self.PLB: providerAdjustments(s)
    default: break
    }
  }

  mutating func misplaced(_ s: X12Segment) {
    reader.report(.x12SegmentOrder, "`\(s.id)` is not expected here; ignored", at: s.location())
  }

  // MARK: Values
  //
  // Helpers are `mutating` though most change nothing: a non-mutating method called from a
  // mutating one gets `self` as a borrowed value, and the compiler copies the whole mapper
  // (a few kilobytes) to make one, on every call.

  /// A code-like element (qualifier, code, modifier) as a string, from the cache.
  @inline(__always) mutating func code(_ e: X12Element) -> String { codes.string(e).0 }

  /// A code-like element, nil when empty (after trimming), as `nonEmptyString`.
  @inline(__always) mutating func optionalCode(_ e: X12Element) -> String? {
    let s = codes.string(e).0
    return s.isEmpty ? nil : s
  }

  mutating func money(_ s: X12Segment, _ index: Int) -> Decimal? {
    switch s[index].number {
    case .empty: return nil
    case .value(let d, _): return d
    case .invalid:
      reader.report(
        .x12InvalidNumber, "`\(s.id)\(pad(index))` is not a decimal number: `\(s[index].string)`",
        at: s.location(element: index))
      return nil
    }
  }

  /// Money and its hundredths (nil hundredths when not exact or missing).
  mutating func moneyCents(_ s: X12Segment, _ index: Int, required: Bool) -> (Decimal, Int64?) {
    switch s[index].number {
    case .value(let d, let cents): return (d, cents)
    case .empty:
      if required {
        reader.report(
          .x12MissingElement, "`\(s.id)\(pad(index))` is empty; read as 0",
          at: s.location(element: index))
      }
      return (0, 0)
    case .invalid:
      reader.report(
        .x12InvalidNumber, "`\(s.id)\(pad(index))` is not a decimal number: `\(s[index].string)`",
        at: s.location(element: index))
      return (0, nil)
    }
  }

  mutating func date(_ s: X12Segment, _ index: Int) -> CalendarDate? {
    let e = s[index]
    if e.isEmpty { return nil }
    if let d = e.date {
      if !X12Element.plausibleYears.contains(d.year) {
        reader.report(
          .x12InvalidDate,
          "`\(s.id)\(pad(index))` is `\(e.string)`, a date before \(X12Element.plausibleYears.lowerBound) or after \(X12Element.plausibleYears.upperBound); kept as written",
          at: s.location(element: index),
          help: "check the date: deadlines counted from it will be far off")
      }
      return d
    }
    reader.report(
      .x12InvalidDate, "`\(s.id)\(pad(index))` is not a CCYYMMDD date: `\(e.string)`",
      at: s.location(element: index))
    return nil
  }

  mutating func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

  // MARK: Loops

  mutating func startClaim(_ s: X12Segment) {
    finishClaim()
    claimsInTransaction += 1
    loop = .claim
    let (billed, billedCents) = moneyCents(s, 3, required: true)
    let (paid, paidCents) = moneyCents(s, 4, required: true)
    let pcn = s[1].string
    if pcn.isEmpty {
      reader.report(
        .x12MissingElement, "`CLP01` (patient control number) is empty", at: s.location(element: 1))
    }
    let status = code(s[2])
    var c = ClaimPayment(
      patientControlNumber: pcn, status: status, billed: billed, paid: paid, segmentNumber: s.number
    )
    if s[2].isEmpty {
      reader.report(
        .x12MissingElement, "`CLP02` (claim status) is empty", at: s.location(element: 2))
    }
    c.patientResponsibility = money(s, 5)
    claimCodes(s, into: &c)
    claim = c
    hasClaim = true
    claimLocation = s.location()
    claimBilledCents = billedCents
    claimPaidCents = paidCents
    claimAdjustmentCents = 0
    allAdjustmentCents = 0
    claimHasLines = false
    claimMayBeDenied = status == "4"
  }

  /// CLP06 to CLP11: filing indicator and its plan type, payer claim number, facility,
  /// frequency and DRG (shared with the claim lane's builder).
  mutating func claimCodes(_ s: X12Segment, into c: inout ClaimPayment) {
    let (filing, filingSlot) = codes.string(s[6])
    if !filing.isEmpty {
      c.filingIndicator = filing
      c.planType =
        filingSlot >= 0
        ? codes.plan(filingSlot, filing) { PlanType.fromFilingIndicator($0)?.rawValue }
        : PlanType.fromFilingIndicator(filing)?.rawValue
    }
    c.payerClaimControlNumber = s[7].nonEmptyString
    c.facilityCode = optionalCode(s[8])
    c.frequencyCode = optionalCode(s[9])
    c.drgCode = optionalCode(s[11])
  }

  mutating func startLine(_ s: X12Segment) {
    guard hasClaim else {
      misplaced(s)
      return
    }
    finishLine()
    loop = .line
    claimHasLines = true
    let procedure = procedureCode(s, 1)
    let (billed, billedCents) = moneyCents(s, 2, required: true)
    let (paid, paidCents) = moneyCents(s, 3, required: true)
    var l = ServicePayment(
      procedure: procedure, billed: billed, paid: paid, segmentNumber: s.number)
    l.revenueCode = optionalCode(s[4])
    l.units = money(s, 5)
    if !s[6].isEmpty { l.submittedProcedure = procedureCode(s, 6) }
    l.submittedUnits = money(s, 7)
    line = l
    hasLine = true
    lineLocation = s.location()
    lineBilledCents = billedCents
    linePaidCents = paidCents
    lineAdjustmentCents = 0
  }

  /// A composite procedure (`HC:99213:25`): qualifier, code, up to four modifiers.
  mutating func procedureCode(_ s: X12Segment, _ index: Int) -> ProcedureCode {
    let element = s[index]
    var qualifier = ""
    var procedure = ""
    var modifiers: [String] = []
    if let base = element.base {
      let n = element.count
      var separator = element.component
      var found = false
      for i in 0..<n where base[i] == separator {
        found = true
        break
      }
      if !found, n > 3 {
        // A composite written with another separator than ISA16 (`HC>12345>26` under `:`).
        let candidate = base[2]
        if candidate == UInt8(ascii: ":") || candidate == UInt8(ascii: ">")
          || candidate == UInt8(ascii: "^")
        {
          separator = candidate
          if !warnedComponent {
            warnedComponent = true
            reader.report(
              .x12ComponentSeparator,
              "`\(s.id)\(pad(index))` is split by `\(String(UnicodeScalar(candidate)))` but ISA16 declares `\(String(UnicodeScalar(s.delimiters.component)))`",
              at: s.location(element: index))
          }
        }
      }
      // Parts 0 (qualifier), 1 (code), 2...5 (modifiers, empty ones skipped); later ones ignored.
      var part = 0
      var start = 0
      var i = 0
      while part <= 5 {
        if i == n || base[i] == separator {
          let e = X12Element(
            base: base + start, count: i - start, component: element.component,
            offset: element.offset + start)
          switch part {
          case 0: qualifier = code(e)
          case 1: procedure = code(e)
          default: if !e.isEmpty { modifiers.append(code(e)) }
          }
          part += 1
          start = i + 1
          if i == n { break }
        }
        i += 1
      }
    }
    if procedure.isEmpty {
      reader.report(
        .x12MissingElement,
        "`\(s.id)\(pad(index))` has no procedure code after its qualifier `\(qualifier)`",
        at: s.location(element: index))
    }
    return ProcedureCode(qualifier: qualifier, code: procedure, modifiers: modifiers)
  }

  mutating func adjustments(_ s: X12Segment) {
    guard loop == .claim || loop == .line else {
      misplaced(s)
      return
    }
    let group = code(s[1])
    if group.isEmpty {
      reader.report(.x12MissingElement, "`CAS01` (group code) is empty", at: s.location(element: 1))
    }
    var k = 2
    while k + 1 <= max(s.count, 3), k <= 17 {
      let reasonElement = s[k]
      if reasonElement.isEmpty {
        k += 3
        continue
      }
      let (amount, cents) = moneyCents(s, k + 1, required: true)
      let quantity = money(s, k + 2)
      let (reason, reasonSlot) = codes.string(reasonElement)
      let a = Adjustment(group: group, reason: reason, amount: amount, quantity: quantity)
      checkCARC(reason, reasonSlot, s, element: k)
      if !claimMayBeDenied, RemittanceMapper.isDenialReason(a, codes, options.denialRule) {
        claimMayBeDenied = true
      }
      if loop == .line {
        if hasLine { lineAdjustments.append(a) }
        lineAdjustmentCents = Self.add(lineAdjustmentCents, cents)
      } else {
        if hasClaim { claimAdjustments.append(a) }
        claimAdjustmentCents = Self.add(claimAdjustmentCents, cents)
      }
      allAdjustmentCents = Self.add(allAdjustmentCents, cents)
      k += 3
    }
  }

  /// ``DenialRule/isDenialReason(_:)``, remembering the group-and-reason part per pair.
  @inline(__always) static func isDenialReason(
    _ a: Adjustment, _ codes: CodeCache, _ rule: DenialRule
  ) -> Bool {
    guard !a.amount.isZero else { return false }
    return codes.denialPair(a.group, a.reason) {
      rule.denialGroups.contains(a.group) && !rule.routine.contains(a.key)
    }
  }

  @inline(__always) static func add(_ a: Int64?, _ b: Int64?) -> Int64? {
    guard let a, let b else { return nil }
    return a &+ b
  }

  mutating func date(_ s: X12Segment) {
    let qualifier = s[1]
    switch loop {
    case .header, .payer, .payee:
      if qualifier.equals("405") {
        let d = date(s, 2)
        remittance?.productionDate = d
      }
    case .claim:
      guard let d = date(s, 2), hasClaim else { return }
      if qualifier.equals("232") {
        claimStatementFrom = d
      } else if qualifier.equals("233") {
        claimStatementTo = d
      } else if qualifier.equals("050") {
        claimReceived = d
      } else if qualifier.equals("036") {
        claimCoverageExpiration = d
      }
    case .line:
      guard let d = date(s, 2), hasLine else { return }
      if qualifier.equals("472") || qualifier.equals("150") {
        lineServiceFrom = d
        if qualifier.equals("472") { lineServiceTo = d }
      } else if qualifier.equals("151") {
        lineServiceTo = d
      }
    default: break
    }
  }

  mutating func reference(_ s: X12Segment) {
    switch loop {
    case .payer:
      if s[1].equals("2U"), remittance?.payer.id == nil {
        remittance?.payer.id = s[2].nonEmptyString
        remittance?.payer.idQualifier = "2U"
      }
    case .claim:
      if hasClaim { claimReferences.append(Reference(qualifier: code(s[1]), value: s[2].string)) }
    case .line:
      guard hasLine else { return }
      if s[1].equals("6R") {
        lineControlNumber = s[2].nonEmptyString
      } else {
        lineReferences.append(Reference(qualifier: code(s[1]), value: s[2].string))
      }
    default: break
    }
  }

  mutating func name(_ s: X12Segment) {
    guard loop == .claim || loop == .line, hasClaim else { return }
    let entity = s[1]
    let kind = entity.code2
    // QC patient, IL insured, 82 rendering provider; other entities are not kept.
    guard kind == 0x5143 || kind == 0x494C || kind == 0x3832 else { return }
    let person = PersonName(
      last: s[3].nonEmptyString, first: s[4].nonEmptyString, middle: s[5].nonEmptyString,
      idQualifier: optionalCode(s[8]), id: s[9].nonEmptyString)
    if kind == 0x5143 {
      claimPatient = person
    } else if kind == 0x494C {
      claimInsured = person
    } else {
      claimRenderingProvider = person
    }
  }

  mutating func party(_ s: X12Segment) {
    let entity = s[1]
    let party = Party(
      name: s[2].nonEmptyString, idQualifier: s[3].nonEmptyString, id: s[4].nonEmptyString)
    if entity.equals("PR") || entity.equals("PE") {
      finishClaim()
      if claimsInTransaction > 0 {
        // Streamed claims have gone out with the header as it stood; `read` and `readDenials`
        // give every claim the header as it ends.
        reader.report(
          .x12SegmentOrder,
          "`N1*\(entity.string)` comes after claims of its transaction; the payer and payee loops belong before the first claim",
          at: s.location())
      }
      if entity.equals("PR") {
        remittance?.payer = party
        loop = .payer
      } else {
        remittance?.payee = party
        loop = .payee
      }
    }
  }

  /// A MIA or MOA remark code element, when present (claim loop only).
  mutating func remarkElement(_ s: X12Segment, _ k: Int) {
    let e = s[k]
    guard !e.isEmpty, loop == .claim else { return }
    let (code, slot) = codes.string(e)
    checkRARC(code, slot, s)
    if hasClaim { claimRemarks.append(code) }
  }

  mutating func providerAdjustments(_ s: X12Segment) {
    finishClaim()
    loop = .trailer
    let provider = s[1].string
    let period = date(s, 2)
    var k = 3
    while k <= 13 {
      let reasonElement = s[k]
      if !reasonElement.isEmpty {
        let parts = reasonElement.components()
        let amount = money(s, k + 1) ?? 0
        remittance?.providerAdjustments.append(
          ProviderAdjustment(
            providerID: provider, fiscalPeriodEnd: period, reason: parts[0].string,
            reference: parts.count > 1 ? parts[1].nonEmptyString : nil, amount: amount))
      }
      k += 2
    }
  }

  mutating func checkCARC(_ code: String, _ slot: Int, _ s: X12Segment, element: Int) {
    guard let known = options.isKnownCARC else { return }
    let isKnown =
      slot >= 0 ? codes.fact(slot, checkedBit: CodeCache.carcBit, code, known) : known(code)
    guard !isKnown, warnedUnknown.insert("CARC " + code).inserted else { return }
    reader.report(
      .unknownCARC, "CARC `\(code)` is not in Payerbook's list; kept as written",
      at: s.location(element: element))
  }

  mutating func checkRARC(_ code: String, _ slot: Int, _ s: X12Segment) {
    guard let known = options.isKnownRARC else { return }
    let isKnown =
      slot >= 0 ? codes.fact(slot, checkedBit: CodeCache.rarcBit, code, known) : known(code)
    guard !isKnown, warnedUnknown.insert("RARC " + code).inserted else { return }
    reader.report(
      .unknownRARC, "RARC `\(code)` is not in Payerbook's list; kept as written", at: s.location())
  }

  // MARK: Finishing

  mutating func finishLine() {
    guard hasLine, var l = line.take() else { return }
    hasLine = false
    swap(&l.adjustments, &lineAdjustments)
    swap(&l.references, &lineReferences)
    swap(&l.remarks, &lineRemarks)
    swap(&l.amounts, &lineAmounts)
    l.serviceFrom = lineServiceFrom.take()
    l.serviceTo = lineServiceTo.take()
    l.lineControlNumber = lineControlNumber.take()
    if options.checkBalancing, !openClaimIsIncomplete, let billed = lineBilledCents,
      let paid = linePaidCents,
      let adjusted = lineAdjustmentCents,
      billed - paid != adjusted, let at = lineLocation
    {
      reader.report(
        .x12UnbalancedLine,
        "line billed \(l.billed) minus paid \(l.paid) is \(formatCents(billed - paid)) but its adjustments total \(formatCents(adjusted))",
        at: at)
    }
    if hasClaim { claimLines.append(l) }
  }

  mutating func finishClaim() {
    finishLine()
    guard inTransaction, hasClaim, var c = claim.take() else { return }
    hasClaim = false
    if openClaimIsIncomplete {
      // The file ended before the transaction's SE: lines or adjustments may be missing.
      if let at = claimLocation {
        reader.report(
          .x12IncompleteClaim,
          "the file ends inside the claim at segment \(at.segment), before its transaction's `SE`: the claim is left out",
          at: at, help: "ask the payer or clearinghouse for the complete file")
      }
      if loop == .claim || loop == .line { loop = .header }
      // Its parts are dropped with it; no balancing warning for a claim cut short.
      claimAdjustments = []
      claimRemarks = []
      claimReferences = []
      claimAmounts = []
      claimLines = []
      return
    }
    swap(&c.adjustments, &claimAdjustments)
    swap(&c.remarks, &claimRemarks)
    swap(&c.references, &claimReferences)
    swap(&c.amounts, &claimAmounts)
    swap(&c.lines, &claimLines)
    c.patient = claimPatient.take()
    c.insured = claimInsured.take()
    c.renderingProvider = claimRenderingProvider.take()
    c.statementFrom = claimStatementFrom.take()
    c.statementTo = claimStatementTo.take()
    c.received = claimReceived.take()
    c.coverageExpiration = claimCoverageExpiration.take()
    if options.checkBalancing, let billed = claimBilledCents, let paid = claimPaidCents,
      let adjusted = allAdjustmentCents,
      billed - paid != adjusted, let at = claimLocation
    {
      reader.report(
        .x12UnbalancedClaim,
        "claim billed \(c.billed) minus paid \(c.paid) is \(formatCents(billed - paid)) but claim and line adjustments total \(formatCents(adjusted))",
        at: at)
    }
    // Without status 4 or a denial-reason adjustment the rule finds nothing: `denial` stays nil
    // on the claim and its lines, as it was made.
    if claimMayBeDenied {
      let codes = self.codes
      let rule = options.denialRule
      rule.apply(to: &c) { RemittanceMapper.isDenialReason($0, codes, rule) }
    }
    if keepClaims {
      remittance?.claims.append(c)
    } else if let onClaim {
      // One copy of the header per transaction, then borrowed for each claim.
      if header == nil, let r = remittance { header = HeaderBox(r) }
      if let header, !onlyDenials || forceSurface || c.denial != nil { onClaim(c, header.value) }
    }
    if loop == .claim || loop == .line { loop = .header }
  }

  mutating func finishTransaction() {
    finishClaim()
    claimsInTransaction = 0
    if let r = remittance.take() { transactions.append(r) }
    header = nil
    inTransaction = false
    loop = .outside
  }

  /// At the end of the input, whether the claim still open may lack segments: the file ended
  /// before its transaction's SE, and not inside a segment that would have ended the claim (a
  /// file cut inside `CLP*...` or `LX*...` ends after a complete claim).
  var openClaimIsIncomplete: Bool {
    guard endOfInput, inTransaction else { return false }
    switch reader.truncatedSegmentID?.raw {
    case Self.CLP.raw?, Self.LX.raw?, Self.PLB.raw?, SegmentID("TS3").raw?, SegmentID("TS2").raw?,
      SegmentID.SE.raw?,
      SegmentID.ST.raw?, SegmentID.GE.raw?, SegmentID.GS.raw?, SegmentID.IEA.raw?,
      SegmentID.ISA.raw?:
      return false
    default:
      return true
    }
  }

  /// Claims started in the current transaction (the denial path counts those it skips too).
  var claimsInTransaction = 0
  /// Set at the end of the input: a claim still open then is incomplete and left out.
  var endOfInput = false

  mutating func finish() {
    endOfInput = true
    finishTransaction()
  }

  mutating func formatCents(_ cents: Int64) -> String {
    let sign = cents < 0 ? "-" : ""
    let m = cents.magnitude
    let fraction = m % 100
    return "\(sign)\(m / 100).\(fraction < 10 ? "0" : "")\(fraction)"
  }
}
