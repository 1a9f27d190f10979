import Claims
import Evaluation
import Foundation

/// Where denials, their context and their outcomes live. Commands talk to this interface only;
/// ``SQLiteOutcomeStore`` implements it, and a PostgreSQL store can implement it later without
/// touching the commands.
public protocol OutcomeStore: AnyObject {
  /// Runs `body` for one file in one transaction. Returns false (and does not call `body`)
  /// when a file with the same sha256 was already ingested.
  func ingestFile(name: String, sha256: String, kind: String, _ body: (any FileIngestion) throws -> FileCounts) throws -> Bool

  /// Open denials, overdue first, then soonest due date.
  func worklist(_ query: WorklistQuery) throws -> [WorklistItem]


  /// A stored denial by patient control number or payer claim number (the most recent).
  func denial(ref: String) throws -> StoredDenial?

  /// Appeals and outcomes for a payer and reason.
  func history(payerKey: String, reasonID: String) throws -> History

  /// Records an appeal sent.
  func recordAppeal(denialID: Int64, levelID: String, proofs: [String], channel: String?, date: CalendarDate, by: String) throws

  /// Records an outcome (manual entry).
  func recordOutcome(_ outcome: OutcomeEntry, by: String) throws

  /// Records several outcomes in one transaction: all or none.
  func importOutcomes(_ outcomes: [OutcomeEntry], by: String, file: String) throws -> Int

  /// Denial and appeal statistics.
  func statistics(by: StatsDimension, since: CalendarDate?) throws -> [StatsRow]

  /// Audit log entries, newest first.
  func audit(limit: Int) throws -> [AuditEntry]

  /// Row counts of the main tables (tests and `payerbook stats`).
  func counts() throws -> [String: Int]

  /// Every stored denial remitted on or after a date, with its appeals and outcomes (the
  /// evidence playbook suggestions are mined from).
  func denials(since: CalendarDate?) throws -> [StoredDenial]

  /// Records new matches for stored denials (after a playbook changed), in one transaction;
  /// open denials take the new action, level and due date.
  func rematch(_ updates: [(denialID: Int64, match: MatchRecord)]) throws

  /// Every stored submission (the latest of each account and payer), without patient data.
  func submissions() throws -> [Case]

  /// Records a person's decision on a suggestion (`approved` or `rejected`), with the evidence
  /// fingerprint it was made on, in the audit log too.
  func recordSuggestionDecision(id: String, fingerprint: String, decision: String, by: String, reason: String?) throws

  /// The latest decision on each suggestion: id -> (decision, fingerprint).
  func suggestionDecisions() throws -> [String: (decision: String, fingerprint: String)]
}

/// What one ingested file contributes, inside its transaction.
public protocol FileIngestion {
  /// Stores a submission; returns the stored denials of the same account and payer that had
  /// no submission yet (a remittance that arrived first), now linked, for re-matching.
  func addSubmission(_ c: Case, payerKey: String, patientName: String?) throws -> [StoredDenial]
  /// The latest stored submission for an account and payer, if any.
  func submission(account: String, payerKey: String) throws -> Case?
  /// Stores a remittance header; returns its id.
  func addRemittance(payerID: String?, payerName: String?, paymentDate: CalendarDate?, noticeDate: CalendarDate?, trace: String?, segment: Int) throws -> Int64
  /// The latest appealed, undecided denial for a claim (by payer claim number, else account),
  /// when a later remittance may decide it.
  func appealedDenial(account: String, payerClaimNumber: String?, payerKey: String) throws -> AppealedDenial?
  /// Records the decision a later remittance carries. `reopen` with a next level and due date
  /// when the appeal was upheld and a further level exists.
  func recordDecision(_ decision: RemitDecision) throws
  /// Stores a new denial; nil when the same denial (payer, account, payer claim number and
  /// remittance date) is already stored from another file.
  func addDenial(_ claim: RemitClaim) throws -> Int64?
  /// Replaces the match of a stored denial (after its claim arrived).
  func updateMatch(denialID: Int64, denied: DeniedClaim, match: MatchRecord) throws
}

/// An appealed denial a remittance may decide.
public struct AppealedDenial: Sendable {
  /// Row id.
  public var id: Int64
  /// The stored denial.
  public var denied: DeniedClaim
  /// The level of the latest appeal.
  public var lastLevel: String
  /// The latest appeal's id.
  public var appealID: Int64
}

/// A decision found in a later remittance.
public struct RemitDecision: Sendable {
  /// The denial decided.
  public var denialID: Int64
  /// The appeal decided.
  public var appealID: Int64
  /// overturned, partial or upheld.
  public var result: String
  /// Amount paid now.
  public var recovered: Decimal
  /// The remittance date.
  public var date: CalendarDate
  /// Whether the payer said the appeal was late (CARC 29 on the new remittance).
  public var untimely: Bool
  /// For an upheld appeal with a further level: the next level and its due date.
  public var nextLevel: String?
  /// The next level's due date.
  public var nextDue: CalendarDate?

  /// Creates a decision.
  public init(denialID: Int64, appealID: Int64, result: String, recovered: Decimal, date: CalendarDate, untimely: Bool, nextLevel: String?, nextDue: CalendarDate?) {
    self.denialID = denialID
    self.appealID = appealID
    self.result = result
    self.recovered = recovered
    self.date = date
    self.untimely = untimely
    self.nextLevel = nextLevel
    self.nextDue = nextDue
  }
}

/// Rows added by one file.
public struct FileCounts: Sendable {
  /// Claims read.
  public var claims = 0
  /// Denials stored.
  public var denials = 0

  /// Creates counts.
  public init(claims: Int = 0, denials: Int = 0) {
    self.claims = claims
    self.denials = denials
  }
}

/// The result of matching a denial, as stored.
public struct MatchRecord: Sendable {
  /// The best reason, nil when unplaybooked.
  public var reasonID: String?
  /// The playbook's payer id.
  public var playbook: String?
  /// The playbook revision.
  public var revision: String?
  /// appeal, correct_and_resubmit or write_off.
  public var action: String
  /// The level to start at.
  public var levelID: String?
  /// Its due date.
  public var dueDate: CalendarDate?

  /// Creates a match record.
  public init(reasonID: String?, playbook: String?, revision: String?, action: String, levelID: String?, dueDate: CalendarDate?) {
    self.reasonID = reasonID
    self.playbook = playbook
    self.revision = revision
    self.action = action
    self.levelID = levelID
    self.dueDate = dueDate
  }

  /// From a checklist.
  public init(_ c: Checklist) {
    self.init(
      reasonID: c.reason?.id, playbook: c.payer.playbook, revision: c.playbookRevision, action: c.action,
      levelID: c.level?.id, dueDate: c.level?.due?.date ?? c.correctedClaim?.due?.date)
  }
}

/// One claim of a remittance, for storage.
public struct RemitClaim: Sendable {
  /// The remittance header's id.
  public var remittanceID: Int64
  /// The claim's segment number in the file (provenance).
  public var segment: Int
  /// The denied claim.
  public var claim: DeniedClaim
  /// The routing key (playbook payer id, else payer id or name).
  public var payerKey: String
  /// The match, for denied claims.
  public var match: MatchRecord?
  /// The patient's name, only when asked to keep it.
  public var patientName: String?

  /// Creates a remit claim.
  public init(remittanceID: Int64, segment: Int, claim: DeniedClaim, payerKey: String, match: MatchRecord?, patientName: String?) {
    self.remittanceID = remittanceID
    self.segment = segment
    self.claim = claim
    self.payerKey = payerKey
    self.match = match
    self.patientName = patientName
  }
}

/// A stored denial with its context.
public struct StoredDenial: Sendable {
  /// Row id.
  public var id: Int64
  /// The denial as evaluated (context joined when known).
  public var denied: DeniedClaim
  /// open, appealed, closed.
  public var state: String
  /// The routing key.
  public var payerKey: String
  /// The reason matched.
  public var reasonID: String?
  /// The playbook revision of the current match.
  public var revision: String?
  /// Provenance: file name and segment.
  public var provenance: String
  /// Appeals sent, oldest first.
  public var appeals: [AppealRecord]
  /// Outcomes, oldest first.
  public var outcomes: [OutcomeRecord]
}

/// An appeal sent.
public struct AppealRecord: Sendable {
  /// Row id.
  public var id: Int64
  /// Level.
  public var levelID: String
  /// Date sent.
  public var date: CalendarDate
  /// Proof ids included.
  public var proofs: [String]
  /// Who sent it.
  public var by: String
}

/// A decision.
public struct OutcomeRecord: Sendable {
  /// overturned, partial, upheld, withdrawn.
  public var result: String
  /// Recovered amount.
  public var recovered: Decimal
  /// Decision date.
  public var date: CalendarDate
  /// manual, import or remit.
  public var source: String
  /// Free text.
  public var note: String?
  /// The payer rejected the appeal as late.
  public var untimely: Bool = false
}

/// An outcome to record.
public struct OutcomeEntry: Sendable {
  /// Patient control number or payer claim number.
  public var claimRef: String
  /// overturned, partial, upheld, withdrawn.
  public var result: String
  /// Recovered amount.
  public var recovered: Decimal
  /// Decision date.
  public var date: CalendarDate
  /// Free text.
  public var note: String?
  /// The appeal was rejected as late.
  public var untimely: Bool
  /// For an upheld appeal: the next level to file at, when there is one.
  public var nextLevel: String?
  /// The next level's due date.
  public var nextDue: CalendarDate?

  /// Creates an entry.
  public init(claimRef: String, result: String, recovered: Decimal, date: CalendarDate, note: String?, untimely: Bool = false) {
    self.claimRef = claimRef
    self.result = result
    self.recovered = recovered
    self.date = date
    self.note = note
    self.untimely = untimely
  }

  /// The results an outcome can have.
  public static let results = ["overturned", "partial", "upheld", "withdrawn"]
}

/// Filters of the worklist.
public struct WorklistQuery: Sendable {
  /// Only denials due within this many days of `today` (overdue included).
  public var dueWithin: Int?
  /// Only this payer (routing key).
  public var payer: String?
  /// Only this reason.
  public var reason: String?
  /// The date days left are counted from.
  public var today: CalendarDate
  /// At most this many rows.
  public var limit: Int

  /// Creates a query.
  public init(today: CalendarDate, dueWithin: Int? = nil, payer: String? = nil, reason: String? = nil, limit: Int = 200) {
    self.today = today
    self.dueWithin = dueWithin
    self.payer = payer
    self.reason = reason
    self.limit = limit
  }
}

/// One open denial on the worklist.
public struct WorklistItem: Sendable, Codable, Equatable {
  /// Patient control number.
  public var account: String
  /// Payer claim number.
  public var payerClaimNumber: String?
  /// Routing key.
  public var payer: String
  /// Reason matched (nil: unplaybooked).
  public var reason: String?
  /// Dollars at stake.
  public var denied: Decimal
  /// Next action: appeal, correct_and_resubmit, write_off, or await decision.
  public var nextAction: String
  /// Level to file at.
  public var level: String?
  /// Due date.
  public var due: CalendarDate?
  /// Days left (negative: overdue).
  public var daysLeft: Int?
  /// open or appealed.
  public var state: String

  enum CodingKeys: String, CodingKey {
    case account, payerClaimNumber = "payer_claim_number", payer, reason, denied, nextAction = "next_action", level, due
    case daysLeft = "days_left", state
  }
}

/// Appeals and outcomes for one payer and reason.
public struct History: Sendable, Equatable {
  /// Appeals decided.
  public var decided: Int
  /// Overturned (fully or partly).
  public var overturned: Int
  /// For each proof id: in how many overturned appeals it was included.
  public var proofsInOverturned: [String: Int]
}

/// What statistics are grouped by.
public enum StatsDimension: String, Sendable, CaseIterable {
  case payer, reason, proof, level, procedure
}

/// One row of statistics.
public struct StatsRow: Sendable, Codable, Equatable {
  /// The group (payer key, reason id, ...).
  public var key: String
  /// Denials.
  public var denials: Int
  /// Dollars denied.
  public var deniedAmount: Decimal
  /// Denials appealed.
  public var appealed: Int
  /// Appeals decided.
  public var decided: Int
  /// Overturned or partly overturned.
  public var overturned: Int
  /// Dollars recovered.
  public var recovered: Decimal
  /// Median days from appeal to decision.
  public var medianDaysToDecision: Double?

  enum CodingKeys: String, CodingKey {
    case key, denials, deniedAmount = "denied_amount", appealed, decided, overturned, recovered
    case medianDaysToDecision = "median_days_to_decision"
  }

  /// Appealed / denials.
  public var appealRate: Double { denials == 0 ? 0 : Double(appealed) / Double(denials) }
  /// Overturned / decided, with its Wilson 95% interval.
  public var overturnRate: (rate: Double, low: Double, high: Double)? {
    decided == 0 ? nil : Wilson.interval(successes: overturned, trials: decided)
  }
}

/// An audit log entry.
public struct AuditEntry: Sendable {
  /// When (UTC, ISO 8601).
  public var at: String
  /// Who.
  public var who: String
  /// What.
  public var action: String
  /// On what.
  public var subject: String
  /// Details.
  public var detail: String?
}

/// The Wilson score interval for a binomial proportion.
public enum Wilson {
  /// The rate and its 95% interval (z = 1.96).
  public static func interval(successes: Int, trials: Int, z: Double = 1.959964) -> (rate: Double, low: Double, high: Double) {
    guard trials > 0 else { return (0, 0, 0) }
    let n = Double(trials)
    let p = Double(successes) / n
    let z2 = z * z
    let center = (p + z2 / (2 * n)) / (1 + z2 / n)
    let half = z * ((p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()) / (1 + z2 / n)
    return (p, max(0, center - half), min(1, center + half))
  }
}
