import Claims
import CodeSets
import Foundation

/// A denied claim with everything known about it: what the remittance says and, when the
/// original claim was given, its diagnoses, place of service, prior authorization and
/// attachments. This is also the denial JSON format (`docs/denial-format.md`).
public struct DeniedClaim: Sendable, Codable, Equatable {
  /// The payer's name as the remittance writes it.
  public var payerName: String?
  /// The payer's id as the remittance writes it.
  public var payerID: String?
  /// Plan type word (from the claim filing indicator).
  public var planType: String?
  /// CLP06 / SBR09 claim filing indicator.
  public var filingIndicator: String?
  /// The practice's patient control number (CLP01 / CLM01).
  public var patientControlNumber: String
  /// The payer's claim control number (CLP07).
  public var payerClaimNumber: String?
  /// First date of service.
  public var serviceFrom: CalendarDate?
  /// Last date of service.
  public var serviceTo: CalendarDate?
  /// Billed amount.
  public var billed: Decimal
  /// Paid amount.
  public var paid: Decimal
  /// Denial adjustments (claim and line level), routine ones excluded.
  public var adjustments: [Adjustment]
  /// Remark codes (claim and denied lines).
  public var remarks: [String]
  /// Service lines.
  public var lines: [DeniedLine]
  /// Whether only some lines are denied.
  public var partial: Bool
  /// The remittance's payment date.
  public var remitDate: CalendarDate?
  /// The date printed on the notice.
  public var noticeDate: CalendarDate?
  /// The date of the previous appeal decision, when this is a decision on an appeal.
  public var previousDecisionDate: CalendarDate?
  /// Diagnoses from the original claim; nil when it was not given.
  public var diagnoses: [DiagnosisCode]?
  /// Place of service (claim's, else CLP08).
  public var placeOfService: String?
  /// Prior authorization from the original claim.
  public var priorAuthorization: PriorAuthorization?
  /// Attachments sent with the original claim (PWK).
  public var attachments: [Attachment]
  /// Proof ids known to be on file (besides attachments).
  public var proofsOnFile: [String]
  /// When the original claim was submitted.
  public var submissionDate: CalendarDate?
  /// Whether the original claim was found and joined.
  public var linkedToClaim: Bool
  /// Where in the input the denial came from (file, segment), for provenance.
  public var source: String?

  enum CodingKeys: String, CodingKey {
    case payerName = "payer_name", payerID = "payer_id", planType = "plan_type", filingIndicator = "filing_indicator"
    case patientControlNumber = "patient_control_number", payerClaimNumber = "payer_claim_number"
    case serviceFrom = "service_from", serviceTo = "service_to", billed, paid, adjustments, remarks, lines, partial
    case remitDate = "remit_date", noticeDate = "notice_date", previousDecisionDate = "previous_decision_date"
    case diagnoses, placeOfService = "place_of_service", priorAuthorization = "prior_authorization", attachments
    case proofsOnFile = "proofs_on_file", submissionDate = "submission_date", linkedToClaim = "linked_to_claim", source
  }

  /// Keys the denial JSON format defines, for reporting misspelt ones (JSON decoding would
  /// silently drop them).
  public static var jsonKeys: Set<String> {
    [
      "payer_name", "payer_id", "plan_type", "filing_indicator", "patient_control_number", "payer_claim_number", "service_from",
      "service_to", "billed", "paid", "adjustments", "remarks", "lines", "partial", "remit_date", "notice_date",
      "previous_decision_date", "diagnoses", "place_of_service", "prior_authorization", "attachments", "proofs_on_file",
      "submission_date", "linked_to_claim", "source",
    ]
  }

  /// Misspelt or unknown keys of a denial JSON file (top level, denials and their lines), as
  /// `path: key` pairs, e.g. `denials[0].lines[1]`, `remit_dte`.
  public static func unknownKeys(in json: Any) -> [(path: String, key: String)] {
    var out: [(String, String)] = []
    let lineKeys: Set<String> = [
      "procedure", "submitted_procedure", "billed", "paid", "units", "service_from", "adjustments", "remarks", "denied",
      "line_control_number",
    ]
    func denial(_ object: Any, _ path: String) {
      guard let d = object as? [String: Any] else { return }
      for key in d.keys.sorted() where !jsonKeys.contains(key) { out.append((path, key)) }
      for (i, line) in ((d["lines"] as? [Any]) ?? []).enumerated() {
        guard let l = line as? [String: Any] else { continue }
        for key in l.keys.sorted() where !lineKeys.contains(key) { out.append(("\(path).lines[\(i)]", key)) }
      }
    }
    if let top = json as? [String: Any], let list = top["denials"] as? [Any] {
      for key in top.keys.sorted() where key != "denials" { out.append(("top level", key)) }
      for (i, d) in list.enumerated() { denial(d, "denials[\(i)]") }
    } else {
      denial(json, "the denial")
    }
    return out
  }

  /// Creates a denied claim.
  public init(patientControlNumber: String, billed: Decimal = 0, paid: Decimal = 0) {
    self.patientControlNumber = patientControlNumber
    self.billed = billed
    self.paid = paid
    adjustments = []
    remarks = []
    lines = []
    partial = false
    attachments = []
    proofsOnFile = []
    linkedToClaim = false
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(patientControlNumber: try c.decode(String.self, forKey: .patientControlNumber))
    payerName = try c.decodeIfPresent(String.self, forKey: .payerName)
    payerID = try c.decodeIfPresent(String.self, forKey: .payerID)
    planType = try c.decodeIfPresent(String.self, forKey: .planType)
    filingIndicator = try c.decodeIfPresent(String.self, forKey: .filingIndicator)
    if planType == nil, let f = filingIndicator { planType = PlanType.fromFilingIndicator(f)?.rawValue }
    payerClaimNumber = try c.decodeIfPresent(String.self, forKey: .payerClaimNumber)
    serviceFrom = try c.decodeIfPresent(CalendarDate.self, forKey: .serviceFrom)
    serviceTo = try c.decodeIfPresent(CalendarDate.self, forKey: .serviceTo)
    billed = try c.decodeIfPresent(Decimal.self, forKey: .billed) ?? 0
    paid = try c.decodeIfPresent(Decimal.self, forKey: .paid) ?? 0
    adjustments = try c.decodeIfPresent([Adjustment].self, forKey: .adjustments) ?? []
    remarks = try c.decodeIfPresent([String].self, forKey: .remarks) ?? []
    lines = try c.decodeIfPresent([DeniedLine].self, forKey: .lines) ?? []
    partial = try c.decodeIfPresent(Bool.self, forKey: .partial) ?? false
    remitDate = try c.decodeIfPresent(CalendarDate.self, forKey: .remitDate)
    noticeDate = try c.decodeIfPresent(CalendarDate.self, forKey: .noticeDate)
    previousDecisionDate = try c.decodeIfPresent(CalendarDate.self, forKey: .previousDecisionDate)
    diagnoses = try c.decodeIfPresent([DiagnosisCode].self, forKey: .diagnoses)
    placeOfService = try c.decodeIfPresent(String.self, forKey: .placeOfService)
    priorAuthorization = try c.decodeIfPresent(PriorAuthorization.self, forKey: .priorAuthorization)
    attachments = try c.decodeIfPresent([Attachment].self, forKey: .attachments) ?? []
    proofsOnFile = try c.decodeIfPresent([String].self, forKey: .proofsOnFile) ?? []
    submissionDate = try c.decodeIfPresent(CalendarDate.self, forKey: .submissionDate)
    linkedToClaim = try c.decodeIfPresent(Bool.self, forKey: .linkedToClaim) ?? (diagnoses != nil)
    source = try c.decodeIfPresent(String.self, forKey: .source)
    if serviceFrom == nil { serviceFrom = lines.compactMap(\.serviceFrom).min() }
  }

  /// The amount denied: billed minus paid of the denied lines, or of the claim.
  public var deniedAmount: Decimal {
    let denied = lines.filter(\.denied)
    if partial, !denied.isEmpty { return denied.reduce(0) { $0 + $1.billed - $1.paid } }
    return billed - paid
  }
}

/// A service line of a denied claim.
public struct DeniedLine: Sendable, Codable, Equatable {
  /// The procedure with its modifiers (as paid; see `submittedProcedure`).
  public var procedure: ProcedureCode
  /// The procedure as billed, when the payer changed it.
  public var submittedProcedure: ProcedureCode?
  /// Billed.
  public var billed: Decimal
  /// Paid.
  public var paid: Decimal
  /// Units.
  public var units: Decimal?
  /// Date of service.
  public var serviceFrom: CalendarDate?
  /// Line adjustments (all, including routine ones).
  public var adjustments: [Adjustment]
  /// Line remark codes.
  public var remarks: [String]
  /// Whether this line is denied.
  public var denied: Bool
  /// REF*6R line control number.
  public var lineControlNumber: String?

  enum CodingKeys: String, CodingKey {
    case procedure, submittedProcedure = "submitted_procedure", billed, paid, units, serviceFrom = "service_from"
    case adjustments, remarks, denied, lineControlNumber = "line_control_number"
  }

  /// Creates a line.
  public init(procedure: ProcedureCode, billed: Decimal, paid: Decimal, denied: Bool) {
    self.procedure = procedure
    self.billed = billed
    self.paid = paid
    self.denied = denied
    adjustments = []
    remarks = []
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    procedure = try c.decode(ProcedureCode.self, forKey: .procedure)
    submittedProcedure = try c.decodeIfPresent(ProcedureCode.self, forKey: .submittedProcedure)
    billed = try c.decodeIfPresent(Decimal.self, forKey: .billed) ?? 0
    paid = try c.decodeIfPresent(Decimal.self, forKey: .paid) ?? 0
    units = try c.decodeIfPresent(Decimal.self, forKey: .units)
    serviceFrom = try c.decodeIfPresent(CalendarDate.self, forKey: .serviceFrom)
    adjustments = try c.decodeIfPresent([Adjustment].self, forKey: .adjustments) ?? []
    remarks = try c.decodeIfPresent([String].self, forKey: .remarks) ?? []
    denied = try c.decodeIfPresent(Bool.self, forKey: .denied) ?? true
    lineControlNumber = try c.decodeIfPresent(String.self, forKey: .lineControlNumber)
  }
}

extension DeniedClaim {
  /// A denied claim from a remittance claim, joined with its original claim when given.
  public init(remittance: Remittance, claim: ClaimPayment, original: Case?) {
    self.init(patientControlNumber: claim.patientControlNumber, billed: claim.billed, paid: claim.paid)
    payerName = remittance.payer.name
    payerID = remittance.payer.id
    filingIndicator = claim.filingIndicator
    planType = claim.planType ?? claim.filingIndicator.flatMap { PlanType.fromFilingIndicator($0)?.rawValue }
    payerClaimNumber = claim.payerClaimControlNumber
    adjustments = claim.denial?.reasons ?? []
    remarks = claim.denial?.remarks ?? claim.remarks
    partial = claim.denial?.kind == .partial
    remitDate = remittance.payment.effectiveDate ?? remittance.productionDate
    noticeDate = remittance.productionDate ?? remittance.payment.effectiveDate
    placeOfService = original?.placeOfService ?? claim.facilityCode
    source = "segment \(claim.segmentNumber)"
    lines = claim.lines.map { l in
      var line = DeniedLine(procedure: l.procedure, billed: l.billed, paid: l.paid, denied: l.denial != nil)
      line.submittedProcedure = l.submittedProcedure
      line.units = l.units
      line.serviceFrom = l.serviceFrom
      line.adjustments = l.adjustments
      line.remarks = l.remarks
      line.lineControlNumber = l.lineControlNumber
      return line
    }
    // A claim denied as a whole marks every line denied.
    if claim.denial?.kind == .denied, !lines.contains(where: \.denied) {
      for i in lines.indices { lines[i].denied = true }
    }
    serviceFrom = claim.statementFrom ?? lines.compactMap(\.serviceFrom).min()
    serviceTo = claim.statementTo ?? lines.compactMap(\.serviceFrom).max()
    if let original { join(original) }
  }

  /// Joins the original claim's context: diagnoses, place of service, prior authorization,
  /// attachments, submission date.
  public mutating func join(_ original: Case) {
    diagnoses = original.diagnoses
    placeOfService = original.placeOfService ?? placeOfService
    priorAuthorization = original.priorAuthorization
    attachments = original.attachments
    submissionDate = original.submissionDate
    if planType == nil { planType = original.planType }
    if serviceFrom == nil { serviceFrom = original.lines.compactMap(\.serviceFrom).min() }
    linkedToClaim = true
  }

  /// The facts the rules match against: denial adjustments, remarks, the denied lines'
  /// procedures (all lines when none is marked), and the joined context.
  public var facts: Facts {
    var f = Facts()
    f.adjustments = adjustments.map { AdjustmentFact(group: $0.group, carc: $0.reason, amount: $0.amount) }
    f.remarks = remarks.map(PackedCode.init)
    let denied = lines.filter(\.denied)
    f.procedures = (denied.isEmpty ? lines : denied).map { ProcedureFact(code: $0.procedure.code, modifiers: $0.procedure.modifiers) }
    f.diagnoses = diagnoses?.map { PackedCode($0.code) }
    f.placeOfService = placeOfService.map(PackedCode.init)
    f.planType = planType
    f.billed = billed
    f.serviceDate = serviceFrom
    return f
  }
}
