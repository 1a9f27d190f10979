import Foundation

/// One 835 transaction (ST..SE): a payer's payment advice to one payee, with its claims.
///
/// Money is `Decimal` throughout. Names and member ids of patients are kept (the summary masks
/// them unless asked).
public struct Remittance: Sendable, Codable, Equatable {
  /// Where the transaction sits in its file.
  public var envelope: Envelope
  /// The payer (loop 1000A): N1*PR name and its XV or REF*2U id.
  public var payer: Party
  /// The payee (loop 1000B): N1*PE name and NPI or other id.
  public var payee: Party
  /// The payment (BPR).
  public var payment: Payment
  /// The reassociation trace (TRN).
  public var trace: Trace?
  /// The production date (DTM*405).
  public var productionDate: CalendarDate?
  /// Claims (loop 2100) in file order.
  public var claims: [ClaimPayment]
  /// Provider-level adjustments (PLB), one entry per adjustment pair.
  public var providerAdjustments: [ProviderAdjustment]

  /// Creates an empty remittance for an envelope.
  public init(
    envelope: Envelope, payer: Party = Party(), payee: Party = Party(), payment: Payment = Payment(),
    trace: Trace? = nil, productionDate: CalendarDate? = nil, claims: [ClaimPayment] = [],
    providerAdjustments: [ProviderAdjustment] = []
  ) {
    self.envelope = envelope
    self.payer = payer
    self.payee = payee
    self.payment = payment
    self.trace = trace
    self.productionDate = productionDate
    self.claims = claims
    self.providerAdjustments = providerAdjustments
  }

  /// Claims that are denied or partially denied and not cancelled by a reversal.
  public var denials: [ClaimPayment] {
    claims.filter { $0.denial != nil && $0.reversedLater != true }
  }
}

/// The interchange, group and transaction numbers around a transaction, and where it starts.
public struct Envelope: Sendable, Codable, Equatable {
  /// 1-based index of the interchange (ISA) in the file; 0 when the file has no ISA.
  public var interchangeIndex: Int
  /// ISA13.
  public var interchangeControlNumber: String?
  /// ISA06, the sender id (trimmed).
  public var senderID: String?
  /// ISA08, the receiver id (trimmed).
  public var receiverID: String?
  /// GS06.
  public var groupControlNumber: String?
  /// GS08, the implementation guide version such as `005010X221A1`.
  public var version: String?
  /// ST02.
  public var transactionControlNumber: String?
  /// The ST segment's 1-based number in the file.
  public var segmentNumber: Int
  /// The ST segment's byte offset in the file.
  public var byteOffset: Int

  /// Creates an envelope record.
  public init(
    interchangeIndex: Int = 0, interchangeControlNumber: String? = nil, senderID: String? = nil,
    receiverID: String? = nil, groupControlNumber: String? = nil, version: String? = nil,
    transactionControlNumber: String? = nil, segmentNumber: Int = 0, byteOffset: Int = 0
  ) {
    self.interchangeIndex = interchangeIndex
    self.interchangeControlNumber = interchangeControlNumber
    self.senderID = senderID
    self.receiverID = receiverID
    self.groupControlNumber = groupControlNumber
    self.version = version
    self.transactionControlNumber = transactionControlNumber
    self.segmentNumber = segmentNumber
    self.byteOffset = byteOffset
  }
}

/// A payer or payee: an organization name and its identifier.
public struct Party: Sendable, Codable, Equatable {
  /// The name (N102).
  public var name: String?
  /// The id qualifier (N103), for example `XV`, `XX` or `FI`.
  public var idQualifier: String?
  /// The id (N104, or REF*2U for a payer without one).
  public var id: String?

  /// Creates a party.
  public init(name: String? = nil, idQualifier: String? = nil, id: String? = nil) {
    self.name = name
    self.idQualifier = idQualifier
    self.id = id
  }
}

/// The financial information of a remittance (BPR).
public struct Payment: Sendable, Codable, Equatable {
  /// BPR01: `I` remittance with payment, `H` notification only, ...
  public var handlingCode: String?
  /// BPR02: the total actually paid.
  public var amount: Decimal
  /// BPR03: `C` credit or `D` debit.
  public var creditDebit: String?
  /// BPR04: `ACH`, `CHK`, `NON`, `FWT`, `BOP`.
  public var method: String?
  /// BPR16: the check issue or effective date.
  public var effectiveDate: CalendarDate?

  /// Creates a payment.
  public init(
    handlingCode: String? = nil, amount: Decimal = 0, creditDebit: String? = nil,
    method: String? = nil, effectiveDate: CalendarDate? = nil
  ) {
    self.handlingCode = handlingCode
    self.amount = amount
    self.creditDebit = creditDebit
    self.method = method
    self.effectiveDate = effectiveDate
  }
}

/// The reassociation trace (TRN): the check or EFT number that ties the 835 to the money.
public struct Trace: Sendable, Codable, Equatable {
  /// TRN02, the check or EFT trace number.
  public var number: String
  /// TRN03, the originating company id.
  public var originatorID: String?

  /// Creates a trace.
  public init(number: String, originatorID: String? = nil) {
    self.number = number
    self.originatorID = originatorID
  }
}

/// One claim adjustment: group code, reason code (CARC), amount and optional quantity.
///
/// A CAS segment holds up to six of these triplets; each becomes one `Adjustment`.
public struct Adjustment: Hashable, Sendable, Codable {
  /// CO (contractual), PR (patient responsibility), OA (other), PI (payer initiated), CR
  /// (corrections, 4010 only).
  public var group: String
  /// The claim adjustment reason code, for example `45`.
  public var reason: String
  /// The amount adjusted; positive reduces payment, negative increases it.
  public var amount: Decimal
  /// The units adjusted, when given.
  public var quantity: Decimal?

  /// Creates an adjustment.
  public init(group: String, reason: String, amount: Decimal, quantity: Decimal? = nil) {
    self.group = group
    self.reason = reason
    self.amount = amount
    self.quantity = quantity
  }

  /// `CO-45`.
  public var key: String { group + "-" + reason }
}

/// How a claim or service line came out, by the denial rule (see `docs/denial-rule.md`).
public enum DenialKind: String, Sendable, Codable {
  /// Not paid, with non-routine CO/OA/PI adjustments, or CLP02 = 4.
  case denied
  /// Paid, but at least one service line is denied.
  case partial
}

/// A denial found on a claim or line, with the adjustments that make it one.
public struct Denial: Hashable, Sendable, Codable {
  /// Denied or partially denied.
  public var kind: DenialKind
  /// The non-routine CO/OA/PI adjustments behind it (claim and line level).
  public var reasons: [Adjustment]
  /// Remark codes (RARC) that go with it.
  public var remarks: [String]

  /// Creates a denial.
  public init(kind: DenialKind, reasons: [Adjustment] = [], remarks: [String] = []) {
    self.kind = kind
    self.reasons = reasons
    self.remarks = remarks
  }
}

/// One claim of a remittance (loop 2100, CLP).
public struct ClaimPayment: Sendable, Codable, Equatable {
  /// CLP01: the provider's patient control number, the key back to the submitted claim.
  public var patientControlNumber: String
  /// CLP02: `1` primary, `2` secondary, `3` tertiary, `4` denied, `19`-`23` forwarded or
  /// reversal (`22`), `25` predetermination.
  public var status: String
  /// CLP03: total billed.
  public var billed: Decimal
  /// CLP04: total paid.
  public var paid: Decimal
  /// CLP05: patient responsibility.
  public var patientResponsibility: Decimal?
  /// CLP06: claim filing indicator, for example `MB` or `CI`.
  public var filingIndicator: String?
  /// The plan type the filing indicator maps to, for example `medicare`.
  public var planType: String?
  /// CLP07: the payer's claim control number (the key reversals use).
  public var payerClaimControlNumber: String?
  /// CLP08: facility type or place of service code, leading zeros kept (`02`).
  public var facilityCode: String?
  /// CLP09: claim frequency code (`1` original, `7` replacement, `8` void).
  public var frequencyCode: String?
  /// CLP11: DRG code, for institutional claims.
  public var drgCode: String?
  /// Claim-level adjustments (CAS), every triplet of every segment in order.
  public var adjustments: [Adjustment]
  /// Remark codes from MIA and MOA (RARC), in order.
  public var remarks: [String]
  /// The patient (NM1*QC). Protected: never printed unless asked.
  public var patient: PersonName?
  /// The insured (NM1*IL). Protected: never printed unless asked.
  public var insured: PersonName?
  /// The rendering provider (NM1*82).
  public var renderingProvider: PersonName?
  /// References (REF) in order.
  public var references: [Reference]
  /// DTM*232: claim statement period start.
  public var statementFrom: CalendarDate?
  /// DTM*233: claim statement period end.
  public var statementTo: CalendarDate?
  /// DTM*050: date the payer received the claim.
  public var received: CalendarDate?
  /// DTM*036: coverage expiration date.
  public var coverageExpiration: CalendarDate?
  /// Claim amounts (AMT) such as `AU` coverage amount.
  public var amounts: [QualifiedAmount]
  /// Service lines (loop 2110).
  public var lines: [ServicePayment]
  /// The denial found by the rule, if any.
  public var denial: Denial?
  /// True when a later reversal (CLP02 = 22) in the same read has the same payer claim control
  /// number: the payment or denial is cancelled.
  public var reversedLater: Bool?
  /// The 1-based number of the CLP segment in its file.
  public var segmentNumber: Int

  /// Creates a claim with the CLP values.
  public init(
    patientControlNumber: String, status: String, billed: Decimal, paid: Decimal,
    segmentNumber: Int = 0
  ) {
    self.patientControlNumber = patientControlNumber
    self.status = status
    self.billed = billed
    self.paid = paid
    self.adjustments = []
    self.remarks = []
    self.references = []
    self.amounts = []
    self.lines = []
    self.segmentNumber = segmentNumber
  }

  /// True when CLP02 is 22, a reversal of an earlier payment.
  public var isReversal: Bool { status == "22" }

  /// The lines that are denied.
  public var deniedLines: [ServicePayment] { lines.filter { $0.denial != nil } }
}

/// One service line of a remittance claim (loop 2110, SVC).
public struct ServicePayment: Sendable, Codable, Equatable {
  /// SVC01: the adjudicated procedure.
  public var procedure: ProcedureCode
  /// SVC06: the procedure as submitted, when the payer changed it.
  public var submittedProcedure: ProcedureCode?
  /// SVC02: billed.
  public var billed: Decimal
  /// SVC03: paid.
  public var paid: Decimal
  /// SVC04: revenue code (institutional).
  public var revenueCode: String?
  /// SVC05: units paid.
  public var units: Decimal?
  /// SVC07: units billed, when different.
  public var submittedUnits: Decimal?
  /// DTM*472 (or 150): service date, or start of the range.
  public var serviceFrom: CalendarDate?
  /// DTM*151: end of the service period.
  public var serviceTo: CalendarDate?
  /// Line adjustments (CAS).
  public var adjustments: [Adjustment]
  /// REF*6R: the provider's line control number, the key back to the submitted line.
  public var lineControlNumber: String?
  /// Other references (REF).
  public var references: [Reference]
  /// LQ*HE remark codes.
  public var remarks: [String]
  /// Line amounts (AMT), for example `B6` allowed.
  public var amounts: [QualifiedAmount]
  /// The denial found by the rule, if any.
  public var denial: Denial?
  /// The 1-based number of the SVC segment in its file.
  public var segmentNumber: Int

  /// Creates a line with the SVC values.
  public init(procedure: ProcedureCode, billed: Decimal, paid: Decimal, segmentNumber: Int = 0) {
    self.procedure = procedure
    self.billed = billed
    self.paid = paid
    self.adjustments = []
    self.references = []
    self.remarks = []
    self.amounts = []
    self.segmentNumber = segmentNumber
  }
}

/// A provider-level adjustment (PLB): one reason/reference and amount pair.
public struct ProviderAdjustment: Sendable, Codable, Equatable {
  /// PLB01: the provider id.
  public var providerID: String
  /// PLB02: the fiscal period date.
  public var fiscalPeriodEnd: CalendarDate?
  /// The adjustment reason code, for example `WO` (overpayment recovery) or `L6` (interest).
  public var reason: String
  /// The reference id after the reason (the part after the component separator), if any.
  public var reference: String?
  /// The amount; positive reduces the payment.
  public var amount: Decimal

  /// Creates a provider adjustment.
  public init(
    providerID: String, fiscalPeriodEnd: CalendarDate?, reason: String, reference: String?,
    amount: Decimal
  ) {
    self.providerID = providerID
    self.fiscalPeriodEnd = fiscalPeriodEnd
    self.reason = reason
    self.reference = reference
    self.amount = amount
  }
}

extension Remittance {
  /// The same remittance with patient and insured names and member ids replaced by `***`.
  public var masked: Remittance {
    var copy = self
    for i in copy.claims.indices {
      copy.claims[i].patient = copy.claims[i].patient?.masked
      copy.claims[i].insured = copy.claims[i].insured?.masked
    }
    return copy
  }
}
