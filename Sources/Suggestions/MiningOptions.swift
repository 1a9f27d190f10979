import Claims

/// Thresholds of the miner. The defaults are the values measured with ``PracticeSimulator``
/// (see docs/suggestions.md for the figures and why each value was chosen):
///
/// - Uncovered denials: at least `minSupport` (6) distinct claims with the same payer, group+CARC,
///   RARC set and procedure family. Random one-off denials rarely share all four, so six repeats
///   is already far beyond chance in the simulated noise while a real recurring denial reaches it
///   within weeks.
/// - Proofs: Fisher's exact test, two-sided, on the first decided appeal of each denial, with
///   `proofAlpha` (0.01) as the family-wise level, Bonferroni-corrected over every
///   (payer, reason, proof) pair tested; a pair is tested only with at least `proofMinGroup` (20)
///   appeals with and 20 without the proof. Family-wise control is what the "no suggestion from a
///   pure-noise history" target asks for; Benjamini–Hochberg would control the false share among
///   suggestions instead and give up that guarantee.
/// - Proof without effect: both groups at least `noEffectMinGroup` (50) and the upper bound of
///   the one-sided 95% Newcombe interval of `p_with − p_without` (Bonferroni-corrected over the
///   required proofs tested) below `noEffectMargin` (0.20): the data rule out that the proof
///   raises the overturn rate by 20 points or more. 200 appeals cannot make the bound tighter.
/// - Low-yield appeals: at least `lowYieldMinAppeals` (30) decided appeals and the upper bound of
///   the 95% Wilson interval of the overturn rate below `lowYieldUpper` (0.20).
/// - Late appeals: per payer and level, appeals sent on time by the playbook but rejected as
///   untimely: at least `lateMinCount` (5) and the lower bound of the 95% Wilson interval of
///   their share above `lateRate` (0.05).
/// - Prevention: at least `preventMinCount` (10) denials for one reason and one procedure within
///   `preventWindowDays` (180) before today.
/// - Stale rules: no matching denial for `staleDays` (365) while the payer had at least
///   `staleMinOtherDenials` (30) other denials, and the history reaches back that far.
public struct MiningOptions: Sendable, Equatable {
  /// Only denials remitted on or after this date count; nil for all.
  public var since: CalendarDate?
  /// Uncovered denials: repeats needed.
  public var minSupport: Int = 6
  /// Proofs: family-wise significance level (Bonferroni over all pairs tested).
  public var proofAlpha: Double = 0.01
  /// Proofs: decided appeals needed in each group (with and without).
  public var proofMinGroup: Int = 20
  /// Proof without effect: decided appeals needed in each group.
  public var noEffectMinGroup: Int = 50
  /// Proof without effect: the largest improvement the interval may leave open.
  public var noEffectMargin: Double = 0.20
  /// Proof without effect: one-sided error level of the interval (before correction).
  public var noEffectAlpha: Double = 0.05
  /// Low-yield appeals: decided appeals needed.
  public var lowYieldMinAppeals: Int = 30
  /// Low-yield appeals: the Wilson upper bound must be below this.
  public var lowYieldUpper: Double = 0.20
  /// Low-yield appeals: below this upper bound, and not a missing-information denial, write off.
  public var writeOffUpper: Double = 0.10
  /// Low-yield appeals: share of denials with CO-16 or a missing-information remark that makes
  /// it `correct_and_resubmit`.
  public var missingInfoShare: Double = 0.5
  /// Late appeals: untimely rejections needed.
  public var lateMinCount: Int = 5
  /// Late appeals: the Wilson lower bound of the untimely share must be above this.
  public var lateRate: Double = 0.05
  /// Prevention: denials for one reason and procedure needed within the window.
  public var preventMinCount: Int = 10
  /// Prevention: the window, in days before today.
  public var preventWindowDays: Int = 180
  /// Stale rules: days without a matching denial.
  public var staleDays: Int = 365
  /// Stale rules: other denials the payer must have had in that time.
  public var staleMinOtherDenials: Int = 30
  /// Claim references kept as examples.
  public var maxExamples: Int = 5

  /// Defaults with a start date and uncovered-denial support.
  public init(since: CalendarDate? = nil, minSupport: Int = 6, staleDays: Int = 365) {
    self.since = since
    self.minSupport = minSupport
    self.staleDays = staleDays
  }
}
