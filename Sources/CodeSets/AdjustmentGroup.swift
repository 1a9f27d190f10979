/// Claim adjustment group codes: the first element of an 835 `CAS` segment, saying who bears an
/// adjustment.
///
/// | Code | Case | Meaning |
/// |---|---|---|
/// | `CO` | ``contractualObligation`` | provider writes it off; may not bill the patient |
/// | `PR` | ``patientResponsibility`` | patient owes it (deductible, coinsurance, copay, non-covered) |
/// | `OA` | ``otherAdjustment`` | no other group applies (e.g. OA-23 prior payer, OA-18 duplicate) |
/// | `PI` | ``payerInitiated`` | payer reduction without contract basis; patient not responsible |
/// | `CR` | ``correctionReversal`` | deprecated: not used in 005010, where reversals use CLP02 `22` |
///
/// Group codes are X12 values; the wording is Payerbook's own.
public enum AdjustmentGroup: String, CaseIterable, Sendable {
  /// `CO`: contractual obligation.
  case contractualObligation = "CO"
  /// `PR`: patient responsibility.
  case patientResponsibility = "PR"
  /// `OA`: other adjustment.
  case otherAdjustment = "OA"
  /// `PI`: payer-initiated reduction.
  case payerInitiated = "PI"
  /// `CR`: correction and reversal (deprecated; not used in 005010).
  case correctionReversal = "CR"

  /// The group for `code`, ASCII case-insensitive (`co` -> ``contractualObligation``); nil for
  /// anything else.
  public init?(code: String) {
    guard let group = CodeLookup.value(code, in: Self.byCode) else { return nil }
    self = group
  }

  /// The two-letter code, for example `CO`.
  public var code: String { rawValue }

  /// Our short wording.
  public var wording: String {
    switch self {
    case .contractualObligation: "contractual obligation: provider writes off"
    case .patientResponsibility: "patient responsibility"
    case .otherAdjustment: "other adjustment"
    case .payerInitiated: "payer-initiated reduction"
    case .correctionReversal: "correction and reversal (deprecated)"
    }
  }

  /// Whether the group is deprecated (``correctionReversal``: not used in 005010).
  public var isDeprecated: Bool { self == .correctionReversal }

  /// Whether the patient may be billed for amounts in this group (only ``patientResponsibility``).
  public var patientMayBeBilled: Bool { self == .patientResponsibility }

  /// Our short wording for `code`, or nil when it is not a group code.
  public static func wording(_ code: String) -> String? { AdjustmentGroup(code: code)?.wording }

  /// Whether `code` is a group code (CR included).
  public static func isKnown(_ code: String) -> Bool { AdjustmentGroup(code: code) != nil }

  static let byCode: [String: AdjustmentGroup] = Dictionary(
    uniqueKeysWithValues: allCases.map { ($0.rawValue, $0) })
}
