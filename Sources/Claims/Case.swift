import Foundation

/// A claim before submission: what an 837P carries and what the case JSON format holds.
///
/// The same model comes from an 837P (`ClaimReader` in X12Reading) or from a case file (see
/// ``CaseFile`` and `docs/case-format.md`). JSON keys are snake_case. Patient names and member
/// ids are optional and never printed unless asked.
public struct Case: Sendable, Codable, Equatable {
  /// CLM01: the provider's patient control number (the key to the remittance's CLP01).
  public var patientControlNumber: String
  /// The payer the claim goes to (NM1*PR in loop 2010BB).
  public var payer: CasePayer
  /// The plan type, for example `medicare`, `medicaid`, `commercial`; from SBR09 when the claim
  /// came from an 837P.
  public var planType: String?
  /// SBR09: the claim filing indicator, for example `MB` or `CI`.
  public var filingIndicator: String?
  /// SBR01: payer responsibility sequence (`P` primary, `S` secondary, `T` tertiary).
  public var payerResponsibility: String?
  /// CLM05-1: place of service, two digits with the leading zero kept (`02`).
  public var placeOfService: String?
  /// CLM05-3: claim frequency code (`1` original, `7` replacement, `8` void).
  public var frequencyCode: String?
  /// CLM02: total charge.
  public var totalCharge: Decimal
  /// The billing provider's NPI (loop 2010AA).
  public var billingNPI: String?
  /// The rendering provider's NPI (loop 2310B, or the billing NPI when absent).
  public var renderingNPI: String?
  /// Diagnoses in order, principal first (HI ABK, then ABF).
  public var diagnoses: [DiagnosisCode]
  /// Service lines (loop 2400).
  public var lines: [CaseLine]
  /// REF*G1: the prior authorization, with optional approval details for later checks.
  public var priorAuthorization: PriorAuthorization?
  /// REF*F8: the payer's claim control number of the original claim (for replacements).
  public var originalClaimReference: String?
  /// PWK attachments.
  public var attachments: [Attachment]
  /// NTE notes.
  public var notes: [String]
  /// BHT04: the date the claim was created or submitted.
  public var submissionDate: CalendarDate?
  /// The patient (subscriber or patient loop). Protected: never printed unless asked.
  public var patient: CasePatient?

  /// Creates a case.
  public init(
    patientControlNumber: String, payer: CasePayer, totalCharge: Decimal,
    planType: String? = nil, filingIndicator: String? = nil, payerResponsibility: String? = nil,
    placeOfService: String? = nil, frequencyCode: String? = nil, billingNPI: String? = nil,
    renderingNPI: String? = nil, diagnoses: [DiagnosisCode] = [], lines: [CaseLine] = [],
    priorAuthorization: PriorAuthorization? = nil, originalClaimReference: String? = nil,
    attachments: [Attachment] = [], notes: [String] = [], submissionDate: CalendarDate? = nil,
    patient: CasePatient? = nil
  ) {
    self.patientControlNumber = patientControlNumber
    self.payer = payer
    self.totalCharge = totalCharge
    self.planType = planType
    self.filingIndicator = filingIndicator
    self.payerResponsibility = payerResponsibility
    self.placeOfService = placeOfService
    self.frequencyCode = frequencyCode
    self.billingNPI = billingNPI
    self.renderingNPI = renderingNPI
    self.diagnoses = diagnoses
    self.lines = lines
    self.priorAuthorization = priorAuthorization
    self.originalClaimReference = originalClaimReference
    self.attachments = attachments
    self.notes = notes
    self.submissionDate = submissionDate
    self.patient = patient
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case patientControlNumber = "patient_control_number"
    case payer
    case planType = "plan_type"
    case filingIndicator = "filing_indicator"
    case payerResponsibility = "payer_responsibility"
    case placeOfService = "place_of_service"
    case frequencyCode = "frequency_code"
    case totalCharge = "total_charge"
    case billingNPI = "billing_npi"
    case renderingNPI = "rendering_npi"
    case diagnoses
    case lines
    case priorAuthorization = "prior_authorization"
    case originalClaimReference = "original_claim_reference"
    case attachments
    case notes
    case submissionDate = "submission_date"
    case patient
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    patientControlNumber = try c.decode(String.self, forKey: .patientControlNumber)
    payer = try c.decode(CasePayer.self, forKey: .payer)
    planType = try c.decodeIfPresent(String.self, forKey: .planType)
    filingIndicator = try c.decodeIfPresent(String.self, forKey: .filingIndicator)
    payerResponsibility = try c.decodeIfPresent(String.self, forKey: .payerResponsibility)
    placeOfService = try c.decodeIfPresent(String.self, forKey: .placeOfService)
    frequencyCode = try c.decodeIfPresent(String.self, forKey: .frequencyCode)
    totalCharge = try c.decode(Decimal.self, forKey: .totalCharge)
    billingNPI = try c.decodeIfPresent(String.self, forKey: .billingNPI)
    renderingNPI = try c.decodeIfPresent(String.self, forKey: .renderingNPI)
    diagnoses = try c.decodeIfPresent([DiagnosisCode].self, forKey: .diagnoses) ?? []
    lines = try c.decodeIfPresent([CaseLine].self, forKey: .lines) ?? []
    priorAuthorization = try c.decodeIfPresent(PriorAuthorization.self, forKey: .priorAuthorization)
    originalClaimReference = try c.decodeIfPresent(String.self, forKey: .originalClaimReference)
    attachments = try c.decodeIfPresent([Attachment].self, forKey: .attachments) ?? []
    notes = try c.decodeIfPresent([String].self, forKey: .notes) ?? []
    submissionDate = try c.decodeIfPresent(CalendarDate.self, forKey: .submissionDate)
    patient = try c.decodeIfPresent(CasePatient.self, forKey: .patient)
  }

  /// The same case with the patient's name, member id and birth date replaced by `***`.
  public var masked: Case {
    var copy = self
    copy.patient = patient?.masked
    return copy
  }
}

/// The payer of a case: name and payer id.
public struct CasePayer: Sendable, Codable, Equatable {
  /// The payer's name as written on the claim.
  public var name: String?
  /// The payer id (NM109 of NM1*PR).
  public var id: String?

  /// Creates a payer.
  public init(name: String? = nil, id: String? = nil) {
    self.name = name
    self.id = id
  }
}

/// The patient on a case. Every field is optional and protected.
public struct CasePatient: Sendable, Codable, Equatable {
  /// Last name.
  public var lastName: String?
  /// First name.
  public var firstName: String?
  /// The payer's member id.
  public var memberID: String?
  /// Date of birth.
  public var birthDate: CalendarDate?

  /// Creates a patient record.
  public init(
    lastName: String? = nil, firstName: String? = nil, memberID: String? = nil,
    birthDate: CalendarDate? = nil
  ) {
    self.lastName = lastName
    self.firstName = firstName
    self.memberID = memberID
    self.birthDate = birthDate
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case lastName = "last_name"
    case firstName = "first_name"
    case memberID = "member_id"
    case birthDate = "birth_date"
  }

  /// Every present value replaced by `***` (the birth date is dropped).
  public var masked: CasePatient {
    CasePatient(
      lastName: lastName.map { _ in "***" }, firstName: firstName.map { _ in "***" },
      memberID: memberID.map { _ in "***" }, birthDate: nil)
  }
}

/// One service line of a case (loop 2400, SV1).
public struct CaseLine: Sendable, Codable, Equatable {
  /// SV101: procedure with qualifier and modifiers.
  public var procedure: ProcedureCode
  /// SV102: line charge.
  public var charge: Decimal
  /// SV104: units (or minutes for anesthesia).
  public var units: Decimal
  /// SV105: the line's place of service when it differs from the claim's.
  public var placeOfService: String?
  /// DTP*472: service date, or start of the range.
  public var serviceFrom: CalendarDate?
  /// DTP*472 range end, when a range is given.
  public var serviceTo: CalendarDate?
  /// REF*6R: the provider's line control number.
  public var lineControlNumber: String?
  /// SV107: 1-based pointers into the claim's diagnoses.
  public var diagnosisPointers: [Int]

  /// Creates a line.
  public init(
    procedure: ProcedureCode, charge: Decimal, units: Decimal = 1, placeOfService: String? = nil,
    serviceFrom: CalendarDate? = nil, serviceTo: CalendarDate? = nil,
    lineControlNumber: String? = nil, diagnosisPointers: [Int] = []
  ) {
    self.procedure = procedure
    self.charge = charge
    self.units = units
    self.placeOfService = placeOfService
    self.serviceFrom = serviceFrom
    self.serviceTo = serviceTo
    self.lineControlNumber = lineControlNumber
    self.diagnosisPointers = diagnosisPointers
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case procedure, charge, units
    case placeOfService = "place_of_service"
    case serviceFrom = "service_from"
    case serviceTo = "service_to"
    case lineControlNumber = "line_control_number"
    case diagnosisPointers = "diagnosis_pointers"
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    procedure = try c.decode(ProcedureCode.self, forKey: .procedure)
    charge = try c.decode(Decimal.self, forKey: .charge)
    units = try c.decodeIfPresent(Decimal.self, forKey: .units) ?? 1
    placeOfService = try c.decodeIfPresent(String.self, forKey: .placeOfService)
    serviceFrom = try c.decodeIfPresent(CalendarDate.self, forKey: .serviceFrom)
    serviceTo = try c.decodeIfPresent(CalendarDate.self, forKey: .serviceTo)
    lineControlNumber = try c.decodeIfPresent(String.self, forKey: .lineControlNumber)
    diagnosisPointers = try c.decodeIfPresent([Int].self, forKey: .diagnosisPointers) ?? []
  }
}

/// A prior authorization: the number on the claim (REF*G1) and, when known, what was approved.
public struct PriorAuthorization: Sendable, Codable, Equatable {
  /// The authorization number.
  public var number: String
  /// The last day the authorization is valid.
  public var expires: CalendarDate?
  /// The procedure codes approved (codes only, no modifiers).
  public var approvedProcedures: [String]?
  /// The number of units approved.
  public var approvedUnits: Decimal?

  /// Creates an authorization.
  public init(
    number: String, expires: CalendarDate? = nil, approvedProcedures: [String]? = nil,
    approvedUnits: Decimal? = nil
  ) {
    self.number = number
    self.expires = expires
    self.approvedProcedures = approvedProcedures
    self.approvedUnits = approvedUnits
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case number, expires
    case approvedProcedures = "approved_procedures"
    case approvedUnits = "approved_units"
  }
}

/// A paperwork attachment (PWK): what the document is and how it is sent.
public struct Attachment: Sendable, Codable, Equatable {
  /// PWK01: report type, for example `OZ` (support data), `09` (progress report).
  public var reportType: String
  /// PWK02: transmission code, for example `EL` (electronic), `FX` (fax), `BM` (mail).
  public var transmissionCode: String
  /// PWK06: the attachment control number.
  public var controlNumber: String?

  /// Creates an attachment.
  public init(reportType: String, transmissionCode: String, controlNumber: String? = nil) {
    self.reportType = reportType
    self.transmissionCode = transmissionCode
    self.controlNumber = controlNumber
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case reportType = "report_type"
    case transmissionCode = "transmission_code"
    case controlNumber = "control_number"
  }
}
