/// 835 claim status codes (`CLP02`): how the payer processed the claim.
///
/// The 005010 835 uses this subset of X12 element 1029. Points that trip people up:
/// - ``processedAsPrimary`` (`1`) means processed, not paid: a $0 denial of a recognized member
///   is still `1`, `2` or `3`, with the reason in the CARC/RARC.
/// - ``denied`` (`4`) is for a patient/subscriber the payer does not recognize, when the claim was
///   not forwarded.
/// - ``reversal`` (`22`) carries the original adjustments negated; RARCs N687-N698 say why.
/// - The `19`-`21` forwarded codes tell the provider not to resubmit to the next payer.
///
/// Codes are X12 values; the wording is Payerbook's own.
public enum ClaimStatus: String, CaseIterable, Sendable {
  /// `1`: processed as primary.
  case processedAsPrimary = "1"
  /// `2`: processed as secondary.
  case processedAsSecondary = "2"
  /// `3`: processed as tertiary.
  case processedAsTertiary = "3"
  /// `4`: denied (patient not recognized, claim not forwarded).
  case denied = "4"
  /// `19`: processed as primary, forwarded to additional payer(s).
  case primaryForwarded = "19"
  /// `20`: processed as secondary, forwarded to additional payer(s).
  case secondaryForwarded = "20"
  /// `21`: processed as tertiary, forwarded to additional payer(s).
  case tertiaryForwarded = "21"
  /// `22`: reversal of a previous payment.
  case reversal = "22"
  /// `23`: not our claim, forwarded to additional payer(s).
  case notOurClaimForwarded = "23"
  /// `25`: predetermination pricing only, no payment.
  case predeterminationOnly = "25"

  /// The status for a `CLP02` value; nil for anything else (no leading-zero forgiveness).
  public init?(code: String) { self.init(rawValue: code) }

  /// The `CLP02` value.
  public var code: String { rawValue }

  /// Our short wording.
  public var wording: String {
    switch self {
    case .processedAsPrimary: "processed as primary"
    case .processedAsSecondary: "processed as secondary"
    case .processedAsTertiary: "processed as tertiary"
    case .denied: "denied"
    case .primaryForwarded: "processed as primary, forwarded to another payer"
    case .secondaryForwarded: "processed as secondary, forwarded to another payer"
    case .tertiaryForwarded: "processed as tertiary, forwarded to another payer"
    case .reversal: "reversal of a previous payment"
    case .notOurClaimForwarded: "not our claim, forwarded to another payer"
    case .predeterminationOnly: "predetermination pricing only, no payment"
    }
  }

  /// Payer order for processed statuses (1 primary, 2 secondary, 3 tertiary); nil otherwise.
  public var payerOrder: Int? {
    switch self {
    case .processedAsPrimary, .primaryForwarded: 1
    case .processedAsSecondary, .secondaryForwarded: 2
    case .processedAsTertiary, .tertiaryForwarded: 3
    default: nil
    }
  }

  /// Whether the payer says it forwarded the claim to another payer (19, 20, 21, 23).
  public var isForwarded: Bool {
    switch self {
    case .primaryForwarded, .secondaryForwarded, .tertiaryForwarded, .notOurClaimForwarded: true
    default: false
    }
  }

  /// Our short wording for a `CLP02` value, or nil when it is not listed.
  public static func wording(_ code: String) -> String? { ClaimStatus(code: code)?.wording }

  /// Whether `code` is a listed `CLP02` value.
  public static func isKnown(_ code: String) -> Bool { ClaimStatus(code: code) != nil }
}
