import Claims
import CodeSets
import Foundation
import PlaybookModel

/// The appeal checklist for one denied claim: what the billing team prints and works through.
/// Its JSON form is stable and documented by `schema/checklist.schema.json`.
public struct Checklist: Sendable, Codable {
  /// The payer, and which playbook answered.
  public var payer: PayerRef
  /// Claim references, dates and amounts.
  public var claim: ClaimRef
  /// Each denial adjustment with our short wording.
  public var adjustments: [CodeWithWording]
  /// Remark codes with our short wording.
  public var remarks: [CodeWithWording]
  /// The service lines, denied ones marked.
  public var lines: [LineRef]
  /// The best-matching reason; nil when the denial is unplaybooked.
  public var reason: MatchedReason?
  /// Other matching reasons, less specific.
  public var otherReasons: [MatchedReason]
  /// Set when no reason matched: what to record so the playbook can learn it.
  public var unplaybooked: Unplaybooked?
  /// appeal, correct_and_resubmit or write_off.
  public var action: String
  /// Why, for correct_and_resubmit and write_off.
  public var actionReason: String?
  /// The proofs to gather, with those already on file.
  public var proofs: [ProofItem]
  /// The steps, in order.
  public var steps: [String]
  /// The appeal level to start at and its due date (appeals, and unplaybooked denials).
  public var level: LevelRef?
  /// For correct_and_resubmit: the corrected-claim checklist.
  public var correctedClaim: CorrectedClaim?
  /// Reasons that did not match and why (with `--explain`).
  public var nearMisses: [NearMissRef]?
  /// The playbook revision the checklist was built with.
  public var playbookRevision: String?
  /// The date the checklist was computed for.
  public var today: CalendarDate

  enum CodingKeys: String, CodingKey {
    case payer, claim, adjustments, remarks, lines, reason, otherReasons = "other_reasons", unplaybooked, action
    case actionReason = "action_reason", proofs, steps, level, correctedClaim = "corrected_claim"
    case nearMisses = "near_misses", playbookRevision = "playbook_revision", today
  }
}

/// The payer of a checklist or finding.
public struct PayerRef: Sendable, Codable, Equatable {
  /// As the file names it.
  public var name: String?
  /// As the file identifies it.
  public var id: String?
  /// The playbook's payer id, when routed.
  public var playbook: String?
  /// The playbook file.
  public var playbookFile: String?
  /// How the playbook was chosen.
  public var routing: String
  /// The plan type.
  public var planType: String?

  enum CodingKeys: String, CodingKey {
    case name, id, playbook, playbookFile = "playbook_file", routing, planType = "plan_type"
  }
}

/// Claim references of a checklist.
public struct ClaimRef: Sendable, Codable, Equatable {
  /// CLP01.
  public var patientControlNumber: String
  /// CLP07.
  public var payerClaimNumber: String?
  /// First date of service.
  public var serviceFrom: CalendarDate?
  /// Last date of service.
  public var serviceTo: CalendarDate?
  /// Billed.
  public var billed: Decimal
  /// Paid.
  public var paid: Decimal
  /// Denied.
  public var denied: Decimal
  /// Partial denial (some lines paid).
  public var partial: Bool
  /// Whether the original claim was joined.
  public var linkedToClaim: Bool
  /// Diagnoses from the original claim, with dots.
  public var diagnoses: [String]?
  /// Place of service.
  public var placeOfService: String?
  /// Remittance date.
  public var remitDate: CalendarDate?

  enum CodingKeys: String, CodingKey {
    case patientControlNumber = "patient_control_number", payerClaimNumber = "payer_claim_number"
    case serviceFrom = "service_from", serviceTo = "service_to", billed, paid, denied, partial
    case linkedToClaim = "linked_to_claim", diagnoses, placeOfService = "place_of_service", remitDate = "remit_date"
  }
}

/// A code with our short wording.
public struct CodeWithWording: Sendable, Codable, Equatable {
  /// `CO-50`, `N115`.
  public var code: String
  /// Our words; nil for codes not in our list.
  public var wording: String?
  /// The amount, for adjustments.
  public var amount: Decimal?
}

/// A service line on a checklist.
public struct LineRef: Sendable, Codable, Equatable {
  /// `29881-59`.
  public var procedure: String
  /// As billed, when the payer changed it.
  public var submittedProcedure: String?
  /// Billed.
  public var billed: Decimal
  /// Paid.
  public var paid: Decimal
  /// Denied.
  public var denied: Bool
  /// `CO-97`, ...
  public var adjustments: [String]
  /// Remark codes.
  public var remarks: [String]
  /// Date of service.
  public var serviceFrom: CalendarDate?

  enum CodingKeys: String, CodingKey {
    case procedure, submittedProcedure = "submitted_procedure", billed, paid, denied, adjustments, remarks
    case serviceFrom = "service_from"
  }
}

/// A matched reason with its trace.
public struct MatchedReason: Sendable, Codable, Equatable {
  /// The reason id.
  public var id: String
  /// Its title.
  public var title: String
  /// Why it matched.
  public var why: [String]
  /// What the payer found missing.
  public var gap: String?
  /// `playbooks/acme.yaml:42`.
  public var definedAt: String

  enum CodingKeys: String, CodingKey { case id, title, why, gap, definedAt = "defined_at" }
}

/// What to record about an unplaybooked denial.
public struct Unplaybooked: Sendable, Codable, Equatable {
  /// Payer as written.
  public var payer: String
  /// `CO-50`, ...
  public var adjustments: [String]
  /// Remark codes.
  public var remarks: [String]
  /// Procedures of the denied lines.
  public var procedures: [String]
}

/// One proof to gather.
public struct ProofItem: Sendable, Codable, Equatable {
  /// The proof id.
  public var id: String
  /// Its title.
  public var title: String
  /// What exactly to gather.
  public var description: String?
  /// Whether it is already on file (sent with the claim).
  public var onFile: Bool

  enum CodingKeys: String, CodingKey { case id, title, description, onFile = "on_file" }
}

/// The level to start at and its due date.
public struct LevelRef: Sendable, Codable, Equatable {
  /// Level id.
  public var id: String
  /// Level title.
  public var title: String
  /// How to send.
  public var channel: String?
  /// Where to send.
  public var destination: String?
  /// The rule behind the deadline.
  public var citation: String?
  /// Minimum amount in controversy.
  public var minimumAmount: Decimal?
  /// Whether the denied amount meets the minimum.
  public var meetsMinimum: Bool?
  /// The due date with its arithmetic; nil when the start date is unknown.
  public var due: DueDate?
  /// Why no due date could be computed.
  public var dueUnknown: String?

  enum CodingKeys: String, CodingKey {
    case id, title, channel, destination = "where", citation, minimumAmount = "minimum_amount"
    case meetsMinimum = "meets_minimum", due, dueUnknown = "due_unknown"
  }
}

/// The corrected-claim checklist of a correct_and_resubmit reason.
public struct CorrectedClaim: Sendable, Codable, Equatable {
  /// CLM05-3: 7, replacement of a prior claim.
  public var frequencyCode: String
  /// REF*F8: the payer's claim number of the original.
  public var originalReference: String?
  /// What to fix.
  public var fix: [String]
  /// The payer's filing limit for the corrected claim, when the playbook gives one.
  public var due: DueDate?

  enum CodingKeys: String, CodingKey { case frequencyCode = "frequency_code", originalReference = "original_reference", fix, due }
}

/// A near miss on a checklist.
public struct NearMissRef: Sendable, Codable, Equatable {
  /// The reason id.
  public var id: String
  /// The first failed condition.
  public var failed: String
}
