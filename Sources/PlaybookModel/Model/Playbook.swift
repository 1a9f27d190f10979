import Claims
import Diagnostics
import Foundation
import YAMLLoading

/// One playbook file, decoded. For the playbook with its base merged in, see
/// ``ResolvedPlaybook``.
public struct Playbook: Sendable {
  /// The file it was read from.
  public var file: SourceFile
  /// The path inside the playbooks folder without extension, e.g. `acme-health` or
  /// `base/medicare-part-b`; what `extends` names.
  public var key: String
  /// True for files under `base/`.
  public var isBase: Bool
  /// Who the playbook is for; nil only for bases.
  public var payer: Payer?
  /// The base this playbook extends, as written, with where it is written.
  public var extends: (name: String, span: SourceSpan)?
  /// The playbook's own version.
  public var revision: String?
  /// Dates skipped by `business_days` deadlines.
  public var holidays: [CalendarDate]?
  /// `GROUP-CARC` pairs that are routine adjustments, not denials.
  public var routineAdjustments: [String]?
  /// Proof types by id, in file order.
  public var proofs: [Proof]
  /// Appeal levels in order.
  public var appealLevels: [AppealLevel]?
  /// Denial reasons in file order.
  public var denialReasons: [DenialReason]
  /// Pre-submission checks in file order.
  public var checks: [Check]
  /// The `tests` section, kept as YAML for `payerbook test`.
  public var tests: [PlaybookTest]
}

/// Who a playbook is for and how files name them.
public struct Payer: Sendable {
  /// Payerbook's id for the payer.
  public var id: String
  /// The payer's name.
  public var name: String
  /// Payer ids as they appear in remittances and claims.
  public var payerIDs: [String]
  /// Name variants as they appear in files.
  public var names: [String]
  /// Plan types the payer offers.
  public var planTypes: [String]
  /// Plan types this playbook serves when no payer-specific playbook matches.
  public var defaultFor: [String]
  /// The payer's claim filing limit.
  public var timelyFiling: Deadline?
  /// Where the section is written.
  public var span: SourceSpan
}

/// A kind of proof (document or evidence).
public struct Proof: Sendable {
  /// The id used by `requires`.
  public var id: String
  /// Short name, shown as a checkbox.
  public var title: String
  /// What exactly to gather.
  public var description: String?
  /// PWK report type codes that count as this proof on file.
  public var attachmentTypes: [String]
  /// Where it is defined.
  public var span: SourceSpan
}

/// A deadline rule: a count of days, business days or months from a start date.
public struct Deadline: Sendable, Equatable {
  /// The unit of the count.
  public enum Unit: String, Sendable {
    /// Calendar days.
    case days
    /// Weekdays that are not holidays.
    case businessDays = "business_days"
    /// Calendar months, clamped to the month's end.
    case months
  }
  /// The unit.
  public var unit: Unit
  /// How many units.
  public var count: Int
  /// The start date kind (`remit_date`, `notice_date`, ...).
  public var from: String
  /// Extra days of presumed receipt.
  public var receiptDays: Int

  /// Creates a deadline rule.
  public init(unit: Unit, count: Int, from: String, receiptDays: Int = 0) {
    self.unit = unit
    self.count = count
    self.from = from
    self.receiptDays = receiptDays
  }
}

/// One level of a payer's appeal process.
public struct AppealLevel: Sendable {
  /// Id used by `start_at`.
  public var id: String
  /// Name of the level.
  public var title: String
  /// When the request must be received.
  public var deadline: Deadline?
  /// How to send it.
  public var channel: String?
  /// Address, fax number or portal path.
  public var destination: String?
  /// The rule that sets the deadline.
  public var citation: String?
  /// Amount in controversy required for this level.
  public var minimumAmount: Decimal?
  /// Days the payer has to decide.
  public var decisionDays: Int?
  /// Where it is defined.
  public var span: SourceSpan
}

/// When a rule applies, by date of service.
public struct Effective: Sendable, Equatable {
  /// First date, inclusive.
  public var from: CalendarDate?
  /// Last date, inclusive.
  public var until: CalendarDate?

  /// Whether a date falls inside.
  public func contains(_ date: CalendarDate) -> Bool {
    if let from, date < from { return false }
    if let until, date > until { return false }
    return true
  }
}

/// What to do about a denial.
public struct Action: Sendable {
  /// The kinds of action.
  public enum Kind: String, Sendable {
    /// File an appeal.
    case appeal
    /// Fix the claim and send a corrected claim.
    case correctAndResubmit = "correct_and_resubmit"
    /// Do not pursue.
    case writeOff = "write_off"
  }
  /// The kind.
  public var kind: Kind
  /// Why.
  public var reason: String?
  /// For corrected claims: what to fix.
  public var fix: [String]
}

/// The lesson a denial reason carries into pre-submission checks.
public struct Prevention: Sendable {
  /// Proof ids a new case must have.
  public var requires: [String]
  /// What the coordinator sees.
  public var message: String?
  /// error, warning or info.
  public var severity: String
  /// Where it is written.
  public var span: SourceSpan
}

/// A reason a payer denies, and how to answer it.
public struct DenialReason: Sendable {
  /// Stable id.
  public var id: String
  /// One line for people.
  public var title: String
  /// Which denials this reason covers.
  public var match: MatchCondition
  /// Dates of service it applies to.
  public var effective: Effective?
  /// What the payer found missing.
  public var gap: String?
  /// Proof ids the appeal needs.
  public var requires: [String]
  /// Where `requires` is written (for reference diagnostics).
  public var requiresSpans: [SourceSpan]
  /// What works, in order.
  public var steps: [String]
  /// The level to start at.
  public var startAt: (id: String, span: SourceSpan)?
  /// What to do.
  public var action: Action
  /// The lesson for pre-submission checks.
  public var prevent: Prevention?
  /// False when the reason is turned off.
  public var enabled: Bool
  /// Where the reason is defined.
  public var span: SourceSpan
  /// Which file defines it (a base for inherited reasons).
  public var sourceKey: String
}

/// A pre-submission rule.
public struct Check: Sendable {
  /// Stable id.
  public var id: String
  /// One line for people.
  public var title: String?
  /// Which cases it applies to.
  public var when: MatchCondition
  /// Exemptions.
  public var unless: MatchCondition?
  /// Proof ids the case must have.
  public var requires: [String]
  /// Where each of `requires` is written.
  public var requiresSpans: [SourceSpan]
  /// error, warning or info.
  public var severity: String
  /// What the coordinator sees.
  public var message: String?
  /// Dates of service it applies to.
  public var effective: Effective?
  /// False when the check is turned off.
  public var enabled: Bool
  /// Where it is defined.
  public var span: SourceSpan
  /// Which file defines it.
  public var sourceKey: String
}

/// One example of the `tests` section, kept as YAML until `payerbook test` reads it.
public struct PlaybookTest: Sendable {
  /// What the example shows.
  public var name: String
  /// The whole entry.
  public var node: YAMLNode
  /// Where it is written.
  public var span: SourceSpan
}
