import Claims

/// What the miner needs to know about the current playbooks, as plain values: per payer, its
/// denial reasons and appeal levels. Built from the loaded playbooks by
/// `PlaybookFacts.init(_ resolved: [ResolvedPlaybook])` (PlaybookFacts+Model.swift), or by hand in
/// tests and the simulator.
public struct PlaybookFacts: Sendable, Equatable {
  /// One denial reason.
  public struct Reason: Sendable, Equatable {
    /// The reason id.
    public var id: String
    /// Proof ids its appeal requires.
    public var requires: [String]
    /// `appeal`, `correct_and_resubmit` or `write_off`.
    public var action: String
    /// The prevent lesson's required proofs; nil when the reason has no lesson.
    public var preventRequires: [String]?
    /// The prevent lesson's severity (`error`, `warning`, `info`); nil without a lesson.
    public var preventSeverity: String?
    /// The match condition's procedure patterns as written (`29870-29889`, `J*`); empty for any.
    public var procedures: [String]
    /// Group codes, CARCs and RARCs of the match condition (uppercase), empty when unconstrained.
    public var groups: [String]
    public var carcs: [String]
    public var rarcs: [String]
    /// The level the appeal starts at; nil for the payer's first level.
    public var startLevel: String?
    /// False when the reason is turned off.
    public var enabled: Bool

    /// Creates a reason description.
    public init(
      id: String, requires: [String] = [], action: String = "appeal", preventRequires: [String]? = nil,
      preventSeverity: String? = nil, procedures: [String] = [], groups: [String] = [], carcs: [String] = [],
      rarcs: [String] = [], startLevel: String? = nil, enabled: Bool = true
    ) {
      self.id = id
      self.requires = requires
      self.action = action
      self.preventRequires = preventRequires
      self.preventSeverity = preventSeverity
      self.procedures = procedures
      self.groups = groups
      self.carcs = carcs
      self.rarcs = rarcs
      self.startLevel = startLevel
      self.enabled = enabled
    }
  }

  /// One appeal level.
  public struct Level: Sendable, Equatable {
    /// The level id.
    public var id: String
    /// The deadline's count; nil when the level has no deadline.
    public var deadlineCount: Int?
    /// `days`, `business_days` or `months`.
    public var deadlineUnit: String
    /// What the deadline counts from (`remit_date`, `notice_date`, `prior_decision`, ...).
    public var deadlineFrom: String

    /// Creates a level description.
    public init(id: String, deadlineCount: Int?, deadlineUnit: String = "days", deadlineFrom: String = "remit_date") {
      self.id = id
      self.deadlineCount = deadlineCount
      self.deadlineUnit = deadlineUnit
      self.deadlineFrom = deadlineFrom
    }

    /// The deadline in calendar days, approximately for other units (a business day counts 7/5
    /// of a day, a month 30 days, rounded down); nil without a deadline.
    public var deadlineCalendarDays: Int? {
      guard let n = deadlineCount else { return nil }
      switch deadlineUnit {
      case "business_days": return n * 7 / 5
      case "months": return n * 30
      default: return n
      }
    }
  }

  /// One payer's playbook.
  public struct Payer: Sendable, Equatable {
    /// The payer id (routing key).
    public var id: String
    /// Denial reasons in file order (own, then inherited).
    public var reasons: [Reason]
    /// Appeal levels in order.
    public var levels: [Level]

    /// Creates a payer description.
    public init(id: String, reasons: [Reason], levels: [Level]) {
      self.id = id
      self.reasons = reasons
      self.levels = levels
    }

    /// A reason by id.
    public func reason(_ id: String) -> Reason? { reasons.first { $0.id == id } }
    /// A level by id.
    public func level(_ id: String) -> Level? { levels.first { $0.id == id } }
  }

  /// Payers by id.
  public var payers: [String: Payer]

  /// Creates facts from payer descriptions.
  public init(payers: [Payer]) {
    var byID: [String: Payer] = [:]
    for p in payers { byID[p.id] = p }
    self.payers = byID
  }
}
