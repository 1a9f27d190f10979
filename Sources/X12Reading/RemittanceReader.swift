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
      denialRule: DenialRule = .standard, isKnownCARC: (@Sendable (String) -> Bool)? = { CARC.isKnown($0) },
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
    var remittances: [Remittance] = []
    let mapper = RemittanceMapper(reader: reader, options: options, keepClaims: true)
    mapper.onTransaction = { remittances.append($0) }
    reader.forEachSegment { mapper.consume($0) }
    mapper.finish()
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
    var remittances: [Remittance] = []
    let mapper = RemittanceMapper(reader: reader, options: options, keepClaims: false)
    mapper.onTransaction = { remittances.append($0) }
    withoutActuallyEscaping(onClaim) { onClaim in
      mapper.onClaim = onClaim
      reader.forEachSegment { mapper.consume($0) }
      mapper.finish()
      mapper.onClaim = nil
    }
    return Result(remittances: remittances, diagnostics: reader.diagnostics, counts: reader.counts)
  }
}

/// The 835 state machine: header loops, claims (2100), lines (2110), PLB.
final class RemittanceMapper {
  let reader: X12Reader
  let options: RemittanceReader.Options
  let keepClaims: Bool
  var onClaim: ((ClaimPayment, Remittance) -> Void)?
  var onTransaction: ((Remittance) -> Void)?

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
  var warnedUnknown: Set<String> = []
  var warnedComponent = false

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

  func consume(_ s: X12Segment) {
    switch s.id {
    case .ST:
      finishTransaction()
      guard s[1].equals("835") else {
        if s[1].nonEmptyString != nil {
          reader.report(.x12OtherTransaction, "transaction set `\(s[1].string)` is not an 835; skipped", at: s.location(element: 1))
        }
        loop = .outside
        return
      }
      let e = reader.envelope
      remittance = Remittance(
        envelope: Envelope(
          interchangeIndex: e.interchangeIndex, interchangeControlNumber: e.interchangeControlNumber,
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
      if loop == .line, line != nil, s[1].equals("HE") || s[1].equals("RX") {
        let code = s[2].string
        checkRARC(code, s)
        line?.remarks.append(code)
      } else {
        misplaced(s)
      }
    case Self.DTM: date(s)
    case Self.REF: reference(s)
    case Self.AMT:
      guard let amount = money(s, 2) else { return }
      let a = QualifiedAmount(qualifier: s[1].string, amount: amount)
      if loop == .line { line?.amounts.append(a) } else if loop == .claim { claim?.amounts.append(a) }
    case Self.NM1: name(s)
    case Self.MIA:
      for k in [5, 20, 21, 22, 23] where !s[k].isEmpty { remark(s[k].string, s) }
    case Self.MOA:
      for k in 3...7 where !s[k].isEmpty { remark(s[k].string, s) }
    case Self.N1: party(s)
    case Self.BPR:
      remittance?.payment = Payment(
        handlingCode: s[1].nonEmptyString, amount: money(s, 2) ?? 0, creditDebit: s[3].nonEmptyString,
        method: s[4].nonEmptyString, effectiveDate: date(s, 16))
    case Self.TRN:
      if loop == .header { remittance?.trace = Trace(number: s[2].string, originatorID: s[3].nonEmptyString) }
    case Self.LX:
      finishClaim()
      loop = .header
    case Self.PLB: providerAdjustments(s)
    default: break
    }
  }

  func misplaced(_ s: X12Segment) {
    reader.report(.x12SegmentOrder, "`\(s.id)` is not expected here; ignored", at: s.location())
  }

  // MARK: Values

  func money(_ s: X12Segment, _ index: Int) -> Decimal? {
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
  func moneyCents(_ s: X12Segment, _ index: Int, required: Bool) -> (Decimal, Int64?) {
    switch s[index].number {
    case .value(let d, let cents): return (d, cents)
    case .empty:
      if required {
        reader.report(.x12MissingElement, "`\(s.id)\(pad(index))` is empty; read as 0", at: s.location(element: index))
      }
      return (0, 0)
    case .invalid:
      reader.report(
        .x12InvalidNumber, "`\(s.id)\(pad(index))` is not a decimal number: `\(s[index].string)`",
        at: s.location(element: index))
      return (0, nil)
    }
  }

  func date(_ s: X12Segment, _ index: Int) -> CalendarDate? {
    let e = s[index]
    if e.isEmpty { return nil }
    if let d = e.date { return d }
    reader.report(.x12InvalidDate, "`\(s.id)\(pad(index))` is not a CCYYMMDD date: `\(e.string)`", at: s.location(element: index))
    return nil
  }

  func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

  // MARK: Loops

  func startClaim(_ s: X12Segment) {
    finishClaim()
    loop = .claim
    let (billed, billedCents) = moneyCents(s, 3, required: true)
    let (paid, paidCents) = moneyCents(s, 4, required: true)
    let pcn = s[1].string
    if pcn.isEmpty {
      reader.report(.x12MissingElement, "`CLP01` (patient control number) is empty", at: s.location(element: 1))
    }
    var c = ClaimPayment(
      patientControlNumber: pcn, status: s[2].string, billed: billed, paid: paid, segmentNumber: s.number)
    if s[2].isEmpty {
      reader.report(.x12MissingElement, "`CLP02` (claim status) is empty", at: s.location(element: 2))
    }
    c.patientResponsibility = money(s, 5)
    c.filingIndicator = s[6].nonEmptyString
    c.planType = c.filingIndicator.flatMap { PlanType.fromFilingIndicator($0)?.rawValue }
    c.payerClaimControlNumber = s[7].nonEmptyString
    c.facilityCode = s[8].nonEmptyString
    c.frequencyCode = s[9].nonEmptyString
    c.drgCode = s[11].nonEmptyString
    claim = c
    claimLocation = s.location()
    claimBilledCents = billedCents
    claimPaidCents = paidCents
    claimAdjustmentCents = 0
    allAdjustmentCents = 0
    claimHasLines = false
  }

  func startLine(_ s: X12Segment) {
    guard claim != nil else {
      misplaced(s)
      return
    }
    finishLine()
    loop = .line
    claimHasLines = true
    let procedure = procedureCode(s, 1)
    let (billed, billedCents) = moneyCents(s, 2, required: true)
    let (paid, paidCents) = moneyCents(s, 3, required: true)
    var l = ServicePayment(procedure: procedure, billed: billed, paid: paid, segmentNumber: s.number)
    l.revenueCode = s[4].nonEmptyString
    l.units = money(s, 5)
    if !s[6].isEmpty { l.submittedProcedure = procedureCode(s, 6) }
    l.submittedUnits = money(s, 7)
    line = l
    lineLocation = s.location()
    lineBilledCents = billedCents
    linePaidCents = paidCents
    lineAdjustmentCents = 0
  }

  func procedureCode(_ s: X12Segment, _ index: Int) -> ProcedureCode {
    let element = s[index]
    var parts = element.components()
    if parts.count == 1, element.count > 3 {
      // A composite written with another separator than ISA16 (`HC>12345>26` under `:`).
      let b = element.bytes
      let candidate = b[2]
      if candidate == UInt8(ascii: ":") || candidate == UInt8(ascii: ">") || candidate == UInt8(ascii: "^") {
        parts = element.components(separator: candidate)
        if !warnedComponent {
          warnedComponent = true
          reader.report(
            .x12ComponentSeparator,
            "`\(s.id)\(pad(index))` is split by `\(String(UnicodeScalar(candidate)))` but ISA16 declares `\(String(UnicodeScalar(s.delimiters.component)))`",
            at: s.location(element: index))
        }
      }
    }
    let qualifier = parts.first?.string ?? ""
    let code = parts.count > 1 ? parts[1].string : ""
    var modifiers: [String] = []
    if parts.count > 2 {
      for p in parts[2...min(parts.count - 1, 5)] where !p.isEmpty { modifiers.append(p.string) }
    }
    if code.isEmpty {
      reader.report(
        .x12MissingElement, "`\(s.id)\(pad(index))` has no procedure code after its qualifier `\(qualifier)`",
        at: s.location(element: index))
    }
    return ProcedureCode(qualifier: qualifier, code: code, modifiers: modifiers)
  }

  func adjustments(_ s: X12Segment) {
    guard loop == .claim || loop == .line else {
      misplaced(s)
      return
    }
    let group = s[1].string
    if group.isEmpty {
      reader.report(.x12MissingElement, "`CAS01` (group code) is empty", at: s.location(element: 1))
    }
    var k = 2
    while k + 1 <= max(s.count, 3), k <= 17 {
      let reason = s[k]
      if reason.isEmpty {
        k += 3
        continue
      }
      let (amount, cents) = moneyCents(s, k + 1, required: true)
      let quantity = money(s, k + 2)
      let a = Adjustment(group: group, reason: reason.string, amount: amount, quantity: quantity)
      checkCARC(a.reason, s, element: k)
      if loop == .line {
        line?.adjustments.append(a)
        lineAdjustmentCents = add(lineAdjustmentCents, cents)
      } else {
        claim?.adjustments.append(a)
        claimAdjustmentCents = add(claimAdjustmentCents, cents)
      }
      allAdjustmentCents = add(allAdjustmentCents, cents)
      k += 3
    }
  }

  @inline(__always) func add(_ a: Int64?, _ b: Int64?) -> Int64? {
    guard let a, let b else { return nil }
    return a &+ b
  }

  func date(_ s: X12Segment) {
    let qualifier = s[1]
    switch loop {
    case .header, .payer, .payee:
      if qualifier.equals("405") { remittance?.productionDate = date(s, 2) }
    case .claim:
      guard let d = date(s, 2) else { return }
      if qualifier.equals("232") {
        claim?.statementFrom = d
      } else if qualifier.equals("233") {
        claim?.statementTo = d
      } else if qualifier.equals("050") {
        claim?.received = d
      } else if qualifier.equals("036") {
        claim?.coverageExpiration = d
      }
    case .line:
      guard let d = date(s, 2) else { return }
      if qualifier.equals("472") || qualifier.equals("150") {
        line?.serviceFrom = d
        if qualifier.equals("472") { line?.serviceTo = d }
      } else if qualifier.equals("151") {
        line?.serviceTo = d
      }
    default: break
    }
  }

  func reference(_ s: X12Segment) {
    switch loop {
    case .payer:
      if s[1].equals("2U"), remittance?.payer.id == nil {
        remittance?.payer.id = s[2].nonEmptyString
        remittance?.payer.idQualifier = "2U"
      }
    case .claim:
      claim?.references.append(Reference(qualifier: s[1].string, value: s[2].string))
    case .line:
      if s[1].equals("6R") {
        line?.lineControlNumber = s[2].nonEmptyString
      } else {
        line?.references.append(Reference(qualifier: s[1].string, value: s[2].string))
      }
    default: break
    }
  }

  func name(_ s: X12Segment) {
    guard loop == .claim || loop == .line else { return }
    let person = PersonName(
      last: s[3].nonEmptyString, first: s[4].nonEmptyString, middle: s[5].nonEmptyString,
      idQualifier: s[8].nonEmptyString, id: s[9].nonEmptyString)
    let entity = s[1]
    if entity.equals("QC") {
      claim?.patient = person
    } else if entity.equals("IL") {
      claim?.insured = person
    } else if entity.equals("82") {
      claim?.renderingProvider = person
    }
  }

  func party(_ s: X12Segment) {
    let entity = s[1]
    let party = Party(name: s[2].nonEmptyString, idQualifier: s[3].nonEmptyString, id: s[4].nonEmptyString)
    if entity.equals("PR") {
      finishClaim()
      remittance?.payer = party
      loop = .payer
    } else if entity.equals("PE") {
      finishClaim()
      remittance?.payee = party
      loop = .payee
    }
  }

  func remark(_ code: String, _ s: X12Segment) {
    guard loop == .claim else { return }
    checkRARC(code, s)
    claim?.remarks.append(code)
  }

  func providerAdjustments(_ s: X12Segment) {
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

  func checkCARC(_ code: String, _ s: X12Segment, element: Int) {
    guard let known = options.isKnownCARC, !known(code), warnedUnknown.insert("CARC " + code).inserted else { return }
    reader.report(.unknownCARC, "CARC `\(code)` is not in Payerbook's list; kept as written", at: s.location(element: element))
  }

  func checkRARC(_ code: String, _ s: X12Segment) {
    guard let known = options.isKnownRARC, !known(code), warnedUnknown.insert("RARC " + code).inserted else { return }
    reader.report(.unknownRARC, "RARC `\(code)` is not in Payerbook's list; kept as written", at: s.location())
  }

  // MARK: Finishing

  func finishLine() {
    guard let l = line.take() else { return }
    if options.checkBalancing, let billed = lineBilledCents, let paid = linePaidCents, let adjusted = lineAdjustmentCents,
      billed - paid != adjusted, let at = lineLocation
    {
      reader.report(
        .x12UnbalancedLine,
        "line billed \(l.billed) minus paid \(l.paid) is \(formatCents(billed - paid)) but its adjustments total \(formatCents(adjusted))",
        at: at)
    }
    claim?.lines.append(l)
  }

  func finishClaim() {
    finishLine()
    guard inTransaction, var c = claim.take() else { return }
    if options.checkBalancing, let billed = claimBilledCents, let paid = claimPaidCents, let adjusted = allAdjustmentCents,
      billed - paid != adjusted, let at = claimLocation
    {
      reader.report(
        .x12UnbalancedClaim,
        "claim billed \(c.billed) minus paid \(c.paid) is \(formatCents(billed - paid)) but claim and line adjustments total \(formatCents(adjusted))",
        at: at)
    }
    options.denialRule.apply(to: &c)
    if keepClaims {
      remittance?.claims.append(c)
    } else if let onClaim {
      // One copy of the header per transaction, then borrowed for each claim.
      if header == nil, let r = remittance { header = HeaderBox(r) }
      if let header { onClaim(c, header.value) }
    }
    claim = nil
    if loop == .claim || loop == .line { loop = .header }
  }

  func finishTransaction() {
    finishClaim()
    if let r = remittance.take() { onTransaction?(r) }
    header = nil
    inTransaction = false
    loop = .outside
  }

  func finish() { finishTransaction() }

  func formatCents(_ cents: Int64) -> String {
    let sign = cents < 0 ? "-" : ""
    let m = cents.magnitude
    let fraction = m % 100
    return "\(sign)\(m / 100).\(fraction < 10 ? "0" : "")\(fraction)"
  }
}
