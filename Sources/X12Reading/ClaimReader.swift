import Claims
import CodeSets
import Diagnostics
import Foundation

/// Maps 837P transactions to ``Case`` values, the model the case JSON format also uses.
///
/// Read per claim (CLM): patient control number, total, place of service and frequency
/// (CLM05), payer responsibility and filing indicator (SBR01, SBR09), payer (NM1*PR), billing
/// (NM1*85) and rendering (NM1*82) NPIs, diagnoses (HI: ABK principal, ABF others; BK/BF as
/// ICD-9), service lines (SV1, DTP*472, REF*6R), prior authorization (REF*G1), original claim
/// (REF*F8), attachments (PWK), notes (NTE) and the submission date (BHT04). The other payer
/// loops of coordination of benefits (2320 and below) do not change the claim's payer.
public enum ClaimReader {
  /// The result of reading one file.
  public struct Result: Sendable {
    /// One case per CLM, in file order.
    public var cases: [Case]
    /// Problems found, in file order.
    public var diagnostics: [Diagnostic]
    /// Envelope and segment counts.
    public var counts: X12Reader.Counts
    /// The number of 837 transactions read.
    public var transactions: Int
  }

  /// Reads an 837P file.
  public static func read(path: String) throws -> Result {
    read(try X12Reader(path: path))
  }

  /// Reads 837P bytes already in memory.
  public static func read(path: String, bytes: [UInt8]) -> Result {
    read(X12Reader(path: path, bytes: bytes))
  }

  static func read(_ reader: X12Reader) -> Result {
    let mapper = ClaimMapper(reader: reader)
    reader.forEachSegment { mapper.consume($0) }
    mapper.finishAtEnd()
    return Result(
      cases: mapper.cases, diagnostics: reader.diagnostics, counts: reader.counts,
      transactions: mapper.transactions)
  }
}

final class ClaimMapper {
  let reader: X12Reader
  var cases: [Case] = []
  var transactions = 0
  var in837 = false

  // Context carried from the hierarchical levels into each claim.
  var submissionDate: CalendarDate?
  var billingNPI: String?
  var payer = CasePayer()
  var payerResponsibility: String?
  var filingIndicator: String?
  var subscriber: CasePatient?
  var patient: CasePatient?
  var level = ""  // HL03: 20 billing, 22 subscriber, 23 patient
  var lastNameEntity = ""

  var current: Case?
  var claimLocation: X12Location?
  var line: CaseLine?
  var inOtherPayer = false  // loop 2320 and below
  var warnedDot = false

  init(reader: X12Reader) { self.reader = reader }

  static let BHT = SegmentID("BHT"), HL = SegmentID("HL"), NM1 = SegmentID("NM1"),
    SBR = SegmentID("SBR")
  static let DMG = SegmentID("DMG"), CLM = SegmentID("CLM"), REF = SegmentID("REF"),
    PWK = SegmentID("PWK")
  static let NTE = SegmentID("NTE"), HI = SegmentID("HI"), LX = SegmentID("LX"),
    SV1 = SegmentID("SV1")
  static let DTP = SegmentID("DTP")

  func consume(_ s: X12Segment) {
    switch s.id {
    case .ST:
      finishClaim()
      in837 = s[1].equals("837")
      if in837 {
        transactions += 1
        resetContext()
      } else if !s[1].isEmpty {
        reader.report(
          .x12OtherTransaction, "transaction set `\(s[1].string)` is not an 837; skipped",
          at: s.location(element: 1))
      }
      return
    case .SE, .GE, .GS, .ISA, .IEA:
      finishClaim()
      if s.id == .SE { in837 = false }
      return
    default: break
    }
    guard in837 else { return }
    switch s.id {
    case Self.BHT: submissionDate = date(s, 4)
    case Self.HL:
      finishClaim()
      level = s[3].string
      if level == "22" {
        payer = CasePayer()
        payerResponsibility = nil
        filingIndicator = nil
        subscriber = nil
        patient = nil
      } else if level == "20" {
        billingNPI = nil
      }
    case Self.SBR:
      if current != nil {
        inOtherPayer = true
      } else {
        payerResponsibility = s[1].nonEmptyString
        filingIndicator = s[9].nonEmptyString
      }
    case Self.NM1: name(s)
    case Self.DMG:
      guard current == nil, !inOtherPayer else { return }
      let birth = date(s, 2)
      if level == "23" {
        patient?.birthDate = birth
      } else if lastNameEntity == "IL" {
        subscriber?.birthDate = birth
      }
    case Self.CLM: startClaim(s)
    case Self.REF: reference(s)
    case Self.PWK:
      guard current != nil, !inOtherPayer, line == nil else { return }
      current?.attachments.append(
        Attachment(
          reportType: s[1].string, transmissionCode: s[2].string, controlNumber: s[6].nonEmptyString
        ))
    case Self.NTE:
      guard current != nil, !s[2].isEmpty else { return }
      current?.notes.append(s[2].string)
    case Self.HI: diagnoses(s)
    case Self.LX:
      guard current != nil else { return }
      finishLine()
      inOtherPayer = false
    case Self.SV1: startLine(s)
    case Self.DTP:
      guard line != nil, s[1].equals("472") else { return }
      let value = s[3]
      if s[2].equals("RD8") {
        let parts = value.string.split(separator: "-")
        let from = parts.first.flatMap { CalendarDate(x12: Array($0.utf8)) }
        line?.serviceFrom = from
        line?.serviceTo = parts.count > 1 ? CalendarDate(x12: Array(parts[1].utf8)) : from
        if from == nil {
          reader.report(
            .x12InvalidDate, "`DTP03` is not a CCYYMMDD-CCYYMMDD range: `\(value.string)`",
            at: s.location(element: 3))
        }
      } else {
        let day = date(s, 3)
        line?.serviceFrom = day
        line?.serviceTo = day
      }
    default: break
    }
  }

  func resetContext() {
    submissionDate = nil
    billingNPI = nil
    payer = CasePayer()
    payerResponsibility = nil
    filingIndicator = nil
    subscriber = nil
    patient = nil
    level = ""
  }

  func date(_ s: X12Segment, _ index: Int) -> CalendarDate? {
    let e = s[index]
    if e.isEmpty { return nil }
    if let d = e.date {
      if !X12Element.plausibleYears.contains(d.year) {
        let value = s.id == Self.DMG ? "" : " `\(e.string)`"
        reader.report(
          .x12InvalidDate,
          "`\(s.id)\(pad(index))` is\(value) a date before \(X12Element.plausibleYears.lowerBound) or after \(X12Element.plausibleYears.upperBound); kept as written",
          at: s.location(element: index),
          help: "check the date: deadlines and filing limits counted from it will be far off")
      }
      return d
    }
    // A birth date (DMG) is patient data: never quoted.
    let value = s.id == Self.DMG ? "" : ": `\(e.string)`"
    reader.report(
      .x12InvalidDate, "`\(s.id)\(pad(index))` is not a CCYYMMDD date\(value)",
      at: s.location(element: index))
    return nil
  }

  func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

  func money(_ s: X12Segment, _ index: Int, required: Bool) -> Decimal? {
    switch s[index].number {
    case .value(let d, _): return d
    case .empty:
      if required {
        reader.report(
          .x12MissingElement, "`\(s.id)\(pad(index))` is empty", at: s.location(element: index))
      }
      return nil
    case .invalid:
      reader.report(
        .x12InvalidNumber, "`\(s.id)\(pad(index))` is not a decimal number: `\(s[index].string)`",
        at: s.location(element: index))
      return nil
    }
  }

  func name(_ s: X12Segment) {
    let entity = s[1].string
    lastNameEntity = entity
    if inOtherPayer { return }
    let idQualifier = s[8]
    switch entity {
    case "85":
      if idQualifier.equals("XX") { billingNPI = s[9].nonEmptyString }
    case "PR":
      if current == nil { payer = CasePayer(name: s[3].nonEmptyString, id: s[9].nonEmptyString) }
    case "IL":
      if current == nil {
        subscriber = CasePatient(
          lastName: s[3].nonEmptyString, firstName: s[4].nonEmptyString,
          memberID: s[9].nonEmptyString)
      }
    case "QC":
      if current == nil {
        patient = CasePatient(lastName: s[3].nonEmptyString, firstName: s[4].nonEmptyString)
      }
    case "82":
      if idQualifier.equals("XX"), current != nil, line == nil || current?.renderingNPI == nil {
        current?.renderingNPI = s[9].nonEmptyString
      }
    default: break
    }
  }

  func startClaim(_ s: X12Segment) {
    finishClaim()
    inOtherPayer = false
    claimLocation = s.location()
    let pcn = s[1].string
    if pcn.isEmpty {
      reader.report(
        .x12MissingElement, "`CLM01` (patient control number) is empty", at: s.location(element: 1))
    }
    let total = money(s, 2, required: true) ?? 0
    let facility = s[5].components()
    var who = patient ?? subscriber
    if patient != nil, let member = subscriber?.memberID { who?.memberID = member }
    current = Case(
      patientControlNumber: pcn, payer: payer, totalCharge: total,
      planType: filingIndicator.flatMap { PlanType.fromFilingIndicator($0)?.rawValue },
      filingIndicator: filingIndicator,
      payerResponsibility: payerResponsibility,
      placeOfService: facility.first?.nonEmptyString,
      frequencyCode: facility.count > 2 ? facility[2].nonEmptyString : nil,
      billingNPI: billingNPI, submissionDate: submissionDate, patient: who)
  }

  func reference(_ s: X12Segment) {
    guard current != nil, !inOtherPayer else { return }
    let qualifier = s[1]
    if line != nil {
      if qualifier.equals("6R") { line?.lineControlNumber = s[2].nonEmptyString }
      return
    }
    if qualifier.equals("G1") {
      if let number = s[2].nonEmptyString {
        current?.priorAuthorization = PriorAuthorization(number: number)
      }
    } else if qualifier.equals("F8") {
      current?.originalClaimReference = s[2].nonEmptyString
    }
  }

  func diagnoses(_ s: X12Segment) {
    guard current != nil, !inOtherPayer else { return }
    for k in 1...max(1, min(s.count, 12)) {
      let parts = s[k].components()
      guard parts.count >= 2 else { continue }
      let qualifier = parts[0].string
      let system: DiagnosisCode.System
      switch qualifier {
      case "ABK", "ABF", "ABJ", "ABN": system = .icd10
      case "BK", "BF", "BJ", "BN": system = .icd9
      default: continue
      }
      let written = parts[1].string
      if written.contains("."), !warnedDot {
        warnedDot = true
        reader.report(
          .x12InvalidValue,
          "diagnosis `\(written)` is written with a dot; X12 carries codes without it (read as `\(DiagnosisCode(written, system: system).code)`)",
          at: s.location(element: k))
      }
      current?.diagnoses.append(DiagnosisCode(written, system: system))
    }
  }

  func startLine(_ s: X12Segment) {
    guard current != nil else {
      reader.report(.x12SegmentOrder, "`SV1` before any `CLM`; ignored", at: s.location())
      return
    }
    finishLine()
    let parts = s[1].components()
    let qualifier = parts.first?.string ?? ""
    let code = parts.count > 1 ? parts[1].string : ""
    if code.isEmpty {
      reader.report(.x12MissingElement, "`SV101` has no procedure code", at: s.location(element: 1))
    }
    var modifiers: [String] = []
    if parts.count > 2 {
      for p in parts[2...min(parts.count - 1, 5)] where !p.isEmpty { modifiers.append(p.string) }
    }
    let pointers = s[7].components().compactMap { Int($0.string) }
    line = CaseLine(
      procedure: ProcedureCode(qualifier: qualifier, code: code, modifiers: modifiers),
      charge: money(s, 2, required: true) ?? 0, units: money(s, 4, required: false) ?? 1,
      placeOfService: s[5].nonEmptyString, diagnosisPointers: pointers)
  }

  func finishLine() {
    if let l = line { current?.lines.append(l) }
    line = nil
  }

  /// At the end of the input: a claim whose transaction has no SE may lack lines; it is left
  /// out (PB623), as the 835 reader does.
  func finishAtEnd() {
    // Cut inside a segment that would have ended the claim: the claim is complete.
    let endsClaim: Set<UInt32> = [
      Self.HL.raw, Self.CLM.raw, SegmentID.SE.raw, SegmentID.ST.raw, SegmentID.GE.raw,
      SegmentID.GS.raw, SegmentID.IEA.raw, SegmentID.ISA.raw,
    ]
    if let cut = reader.truncatedSegmentID, endsClaim.contains(cut.raw) {
      finishClaim()
      return
    }
    if in837, current != nil, let at = claimLocation {
      reader.report(
        .x12IncompleteClaim,
        "the file ends inside the claim at segment \(at.segment), before its transaction's `SE`: the claim is left out",
        at: at, help: "ask for the complete file")
      current = nil
      line = nil
      return
    }
    finishClaim()
  }

  func finishClaim() {
    finishLine()
    if let c = current { cases.append(c) }
    current = nil
    inOtherPayer = false
  }
}
