/// Claim frequency codes (837 `CLM05-3`; CMS-1500 box 22; third digit of the UB-04 type of bill).
///
/// Professional claims use `1`, `7` and `8`. `7` replaces a prior claim completely (resend every
/// line) and `8` voids it; both need the payer claim control number (`REF*F8`). `2`-`5` are
/// institutional interim and late-charge bills. Beware: some sources swap 7 and 8; the values
/// here follow X12/NUBC.
///
/// Codes are NUBC/X12 values; the wording is Payerbook's own.
public enum ClaimFrequency: String, CaseIterable, Sendable {
  /// `1`: original claim.
  case original = "1"
  /// `2`: interim bill, first claim (institutional).
  case interimFirst = "2"
  /// `3`: interim bill, continuing claim (institutional).
  case interimContinuing = "3"
  /// `4`: interim bill, last claim (institutional).
  case interimLast = "4"
  /// `5`: late charges only (institutional).
  case lateCharges = "5"
  /// `7`: replacement of a prior claim.
  case replacement = "7"
  /// `8`: void or cancel a prior claim.
  case void = "8"

  /// The frequency for a code; nil for anything else.
  public init?(code: String) { self.init(rawValue: code) }

  /// The frequency code.
  public var code: String { rawValue }

  /// Our short wording.
  public var wording: String {
    switch self {
    case .original: "original claim"
    case .interimFirst: "interim bill, first claim"
    case .interimContinuing: "interim bill, continuing claim"
    case .interimLast: "interim bill, last claim"
    case .lateCharges: "late charges only"
    case .replacement: "replacement of a prior claim"
    case .void: "void or cancel a prior claim"
    }
  }

  /// Whether the code is for institutional claims only (`2`-`5`).
  public var isInstitutionalOnly: Bool {
    switch self {
    case .interimFirst, .interimContinuing, .interimLast, .lateCharges: true
    default: false
    }
  }

  /// Whether the claim refers to a prior claim and needs its payer claim control number
  /// (`REF*F8`): ``replacement`` and ``void``.
  public var needsOriginalClaimNumber: Bool { self == .replacement || self == .void }

  /// Our short wording for a frequency code, or nil when it is not listed.
  public static func wording(_ code: String) -> String? { ClaimFrequency(code: code)?.wording }

  /// Whether `code` is a listed frequency code.
  public static func isKnown(_ code: String) -> Bool { ClaimFrequency(code: code) != nil }
}
