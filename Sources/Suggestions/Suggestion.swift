import Claims
import Foundation

/// One denial with what happened to it: the evidence suggestions are mined from. No patient
/// data: claim references are the practice's account numbers.
public struct DenialEvidence: Sendable, Codable, Equatable {
  /// Store row id.
  public var id: Int64
  /// Patient control number (the practice's account number).
  public var claimRef: String
  /// The playbook's payer id (routing key).
  public var payer: String
  /// The reason matched; nil when unplaybooked.
  public var reasonID: String?
  /// Denial adjustments as `CO-50`.
  public var adjustments: [String]
  /// Remark codes.
  public var remarks: [String]
  /// The denied procedure (first denied line).
  public var procedure: String?
  /// Remittance date.
  public var remitDate: CalendarDate?
  /// Dollars denied.
  public var denied: Decimal
  /// Appeals sent, oldest first.
  public var appeals: [AppealEvidence]
  /// Decisions, oldest first.
  public var outcomes: [OutcomeEvidence]

  /// Creates evidence.
  public init(
    id: Int64, claimRef: String, payer: String, reasonID: String?, adjustments: [String], remarks: [String], procedure: String?,
    remitDate: CalendarDate?, denied: Decimal, appeals: [AppealEvidence] = [], outcomes: [OutcomeEvidence] = []
  ) {
    self.id = id
    self.claimRef = claimRef
    self.payer = payer
    self.reasonID = reasonID
    self.adjustments = adjustments
    self.remarks = remarks
    self.procedure = procedure
    self.remitDate = remitDate
    self.denied = denied
    self.appeals = appeals
    self.outcomes = outcomes
  }
}

/// An appeal sent.
public struct AppealEvidence: Sendable, Codable, Equatable {
  /// The level.
  public var level: String
  /// Date sent.
  public var date: CalendarDate
  /// Proof ids included.
  public var proofs: [String]

  /// Creates an appeal record.
  public init(level: String, date: CalendarDate, proofs: [String]) {
    self.level = level
    self.date = date
    self.proofs = proofs
  }
}

/// A decision.
public struct OutcomeEvidence: Sendable, Codable, Equatable {
  /// overturned, partial, upheld, withdrawn.
  public var result: String
  /// Decision date.
  public var date: CalendarDate
  /// Rejected as late (CARC 29 on the decision, or noted untimely).
  public var untimely: Bool

  /// Creates an outcome record.
  public init(result: String, date: CalendarDate, untimely: Bool) {
    self.result = result
    self.date = date
    self.untimely = untimely
  }

  /// Overturned in full or in part.
  public var won: Bool { result == "overturned" || result == "partial" }
}

/// The kinds of suggestion.
public enum SuggestionKind: String, Sendable, Codable, CaseIterable {
  /// Recurring unplaybooked denials: a new denial reason.
  case uncoveredDenials = "uncovered-denials"
  /// A proof that makes the difference: add it to `requires`.
  case proofMakesDifference = "proof-makes-difference"
  /// A required proof that never moved the outcome.
  case proofWithoutEffect = "proof-without-effect"
  /// Appeals rarely overturned: correct and resubmit, write off, or review the steps.
  case lowYieldAppeals = "low-yield-appeals"
  /// Appeals rejected as late: a shorter deadline or an earlier start.
  case lateAppeals = "late-appeals"
  /// A reason that keeps recurring for one procedure: a `prevent` lesson.
  case prevention
  /// A reason that matched nothing for a long time.
  case staleRule = "stale-rule"
}

/// The edit a suggestion proposes, in playbook terms. ``PatchWriter`` turns it into a patch
/// that changes only these lines of the file.
public enum ProposedChange: Sendable, Codable, Equatable {
  /// Append a new denial reason (YAML written by the miner, proofs and steps left to a person).
  case addReason(id: String, title: String, group: String, carc: String, rarcs: [String], procedures: [String])
  /// Add a proof id to a reason's `requires`.
  case addRequired(reason: String, proof: String)
  /// Remove a proof id from a reason's `requires`.
  case removeRequired(reason: String, proof: String)
  /// Set a reason's action (`correct_and_resubmit` or `write_off`) with why.
  case setAction(reason: String, action: String, why: String)
  /// Add a note under a reason to review its steps (a YAML comment).
  case reviewSteps(reason: String, note: String)
  /// Shorten a level's deadline to `days` (or start earlier).
  case shortenDeadline(level: String, days: Int)
  /// Add (or strengthen) a reason's `prevent` lesson.
  case addPrevent(reason: String, requires: [String], severity: String, message: String)
  /// Turn a reason off (`enabled: false`).
  case disableReason(reason: String)
}

/// The figures behind a suggestion.
public struct SuggestionEvidence: Sendable, Codable, Equatable {
  /// Named counts (`with_proof`, `with_proof_won`, `denials`, ...).
  public var counts: [String: Int]
  /// Named rates (`p_with`, `p_without`, `overturn_rate`).
  public var rates: [String: Double]
  /// A 95% interval, when one applies.
  public var interval: [Double]?
  /// The p-value of the test used, when one applies.
  public var pValue: Double?
  /// A few claim references (account numbers; never patient data).
  public var examples: [String]
  /// One line in words.
  public var summary: String

  /// Creates evidence.
  public init(counts: [String: Int], rates: [String: Double] = [:], interval: [Double]? = nil, pValue: Double? = nil, examples: [String], summary: String) {
    self.counts = counts
    self.rates = rates
    self.interval = interval
    self.pValue = pValue
    self.examples = examples
    self.summary = summary
  }
}

/// A reviewable suggestion to revise a playbook.
public struct Suggestion: Sendable, Codable, Equatable {
  /// Stable id: the same finding on the same playbook keeps its id as evidence grows.
  public var id: String
  /// What kind of finding.
  public var kind: SuggestionKind
  /// The payer playbook it changes (payer id).
  public var payer: String
  /// The reason or level it is about, when any.
  public var subject: String?
  /// One line for people.
  public var title: String
  /// The figures.
  public var evidence: SuggestionEvidence
  /// The edit.
  public var change: ProposedChange
  /// How strong the evidence is, for ordering (higher first).
  public var strength: Double
  /// A hash of the evidence counts: a rejected suggestion comes back only when this changes.
  public var fingerprint: String

  /// Creates a suggestion; the id is derived from kind, payer, subject and change.
  public init(kind: SuggestionKind, payer: String, subject: String?, title: String, evidence: SuggestionEvidence, change: ProposedChange, strength: Double) {
    self.kind = kind
    self.payer = payer
    self.subject = subject
    self.title = title
    self.evidence = evidence
    self.change = change
    self.strength = strength
    self.id = Suggestion.stableID(kind: kind, payer: payer, subject: subject, change: change)
    self.fingerprint = Suggestion.hash(evidence.counts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";"))
  }

  static func stableID(kind: SuggestionKind, payer: String, subject: String?, change: ProposedChange) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let changeText = (try? encoder.encode(change)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    return "S" + String(hash("\(kind.rawValue)|\(payer)|\(subject ?? "")|\(changeText)").prefix(8))
  }

  /// FNV-1a 64-bit, as hex: stable across runs and platforms (unlike `Hasher`).
  static func hash(_ text: String) -> String {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in text.utf8 {
      h ^= UInt64(b)
      h = h &* 0x100_0000_01b3
    }
    let hex = String(h, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }
}
