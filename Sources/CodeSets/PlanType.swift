/// Payerbook's plan-type vocabulary, used by playbooks and by readers that classify a claim.
///
/// Raw values are the snake_case words used in playbook YAML (`medicare_part_b`).
///
/// ## Claim filing indicator mapping
///
/// ``fromFilingIndicator(_:)`` maps the X12 claim filing indicator (element 1032: 837 `SBR09`,
/// 835 `CLP06`) to a plan type. The indicator is coarse, so the mapping is lossy:
///
/// | Code | X12 meaning | Plan type |
/// |---|---|---|
/// | `09` | self-pay | ``selfPay`` |
/// | `10` | central certification | nil (not a plan) |
/// | `11` | other non-federal programs | ``other`` |
/// | `12` | PPO | ``ppo`` |
/// | `13` | point of service | ``pos`` |
/// | `14` | EPO | ``epo`` |
/// | `15` | indemnity insurance | ``commercial`` |
/// | `16` | HMO Medicare risk | ``medicareAdvantage`` |
/// | `17` | dental maintenance organization | ``other`` |
/// | `AM` | automobile medical | ``auto`` |
/// | `BL` | Blue Cross/Blue Shield | ``bcbs`` |
/// | `CH` | CHAMPUS (TRICARE) | ``tricare`` |
/// | `CI` | commercial insurance | ``commercial`` |
/// | `DS` | disability | ``other`` |
/// | `FI` | Federal Employees Program | ``otherFederal`` |
/// | `HM` | HMO | ``hmo`` |
/// | `LM` | liability medical | ``other`` |
/// | `MA` | Medicare Part A | ``medicarePartA`` |
/// | `MB` | Medicare Part B | ``medicarePartB`` |
/// | `MC` | Medicaid | ``medicaid`` |
/// | `OF` | other federal program | ``otherFederal`` |
/// | `TV` | Title V | ``other`` |
/// | `VA` | Veterans Affairs plan | ``champva`` |
/// | `WC` | workers' compensation | ``workersComp`` |
/// | `ZZ` | mutually defined / unknown | nil |
///
/// No indicator yields ``medicareDME`` (DME MAC claims carry `MB`) or ``medicaidMCO`` (Medicaid
/// managed care plans send `MC` or `HM`), and `CI` says nothing about ERISA: callers that know the
/// payer should refine the result. `VA` covers CHAMPVA and VA community care alike.
public enum PlanType: String, CaseIterable, Sendable {
  /// Medicare Part A fee-for-service (institutional).
  case medicarePartA = "medicare_part_a"
  /// Medicare Part B fee-for-service (professional).
  case medicarePartB = "medicare_part_b"
  /// Medicare Advantage (Part C) plan.
  case medicareAdvantage = "medicare_advantage"
  /// Medicare DME MAC (durable medical equipment, prosthetics, orthotics, supplies).
  case medicareDME = "medicare_dme"
  /// Medicaid fee-for-service.
  case medicaid
  /// Medicaid managed care organization.
  case medicaidMCO = "medicaid_mco"
  /// Commercial insurance (including indemnity).
  case commercial
  /// Blue Cross/Blue Shield plan.
  case bcbs
  /// Health maintenance organization.
  case hmo
  /// Preferred provider organization.
  case ppo
  /// Point-of-service plan.
  case pos
  /// Exclusive provider organization.
  case epo
  /// TRICARE (formerly CHAMPUS).
  case tricare
  /// CHAMPVA and other VA programs.
  case champva
  /// Workers' compensation.
  case workersComp = "workers_comp"
  /// Automobile medical / no-fault.
  case auto
  /// Self-pay.
  case selfPay = "self_pay"
  /// Other federal program (including the Federal Employees Program).
  case otherFederal = "other_federal"
  /// Anything else.
  case other

  /// A short human title, for example "Medicare Part B".
  public var title: String {
    switch self {
    case .medicarePartA: "Medicare Part A"
    case .medicarePartB: "Medicare Part B"
    case .medicareAdvantage: "Medicare Advantage"
    case .medicareDME: "Medicare DME"
    case .medicaid: "Medicaid"
    case .medicaidMCO: "Medicaid managed care"
    case .commercial: "Commercial"
    case .bcbs: "Blue Cross/Blue Shield"
    case .hmo: "HMO"
    case .ppo: "PPO"
    case .pos: "Point-of-service plan"
    case .epo: "EPO"
    case .tricare: "TRICARE"
    case .champva: "CHAMPVA / VA"
    case .workersComp: "Workers' compensation"
    case .auto: "Auto / no-fault"
    case .selfPay: "Self-pay"
    case .otherFederal: "Other federal program"
    case .other: "Other"
    }
  }

  /// Whether the plan is traditional Medicare fee-for-service (Part A, Part B or DME MAC).
  public var isMedicareFFS: Bool {
    self == .medicarePartA || self == .medicarePartB || self == .medicareDME
  }

  /// The plan type for a playbook word such as `medicare_part_b` (exact, lower case).
  public init?(word: String) { self.init(rawValue: word) }

  /// The plan type for an X12 claim filing indicator (see the table on ``PlanType``); nil for
  /// `10`, `ZZ` and unknown codes. ASCII case-insensitive.
  public static func fromFilingIndicator(_ code: String) -> PlanType? {
    CodeLookup.value(code, in: filingIndicators)?.plan
  }

  /// Our short wording for an X12 claim filing indicator, including `10` and `ZZ`; nil for
  /// codes that are not filing indicators.
  public static func filingIndicatorName(_ code: String) -> String? {
    CodeLookup.value(code, in: filingIndicators)?.name
  }

  /// Whether `code` is an X12 claim filing indicator.
  public static func isFilingIndicator(_ code: String) -> Bool {
    CodeLookup.value(code, in: filingIndicators) != nil
  }

  /// Every X12 claim filing indicator code, in order.
  public static let filingIndicatorCodes: [String] = filingIndicators.keys.sorted()

  static let filingIndicators: [String: (name: String, plan: PlanType?)] = [
    "09": ("self-pay", .selfPay),
    "10": ("central certification", nil),
    "11": ("other non-federal program", .other),
    "12": ("PPO", .ppo),
    "13": ("point of service", .pos),
    "14": ("EPO", .epo),
    "15": ("indemnity insurance", .commercial),
    "16": ("HMO Medicare risk (Medicare Advantage)", .medicareAdvantage),
    "17": ("dental maintenance organization", .other),
    "AM": ("automobile medical", .auto),
    "BL": ("Blue Cross/Blue Shield", .bcbs),
    "CH": ("CHAMPUS (TRICARE)", .tricare),
    "CI": ("commercial insurance", .commercial),
    "DS": ("disability", .other),
    "FI": ("Federal Employees Program", .otherFederal),
    "HM": ("HMO", .hmo),
    "LM": ("liability medical", .other),
    "MA": ("Medicare Part A", .medicarePartA),
    "MB": ("Medicare Part B", .medicarePartB),
    "MC": ("Medicaid", .medicaid),
    "OF": ("other federal program", .otherFederal),
    "TV": ("Title V", .other),
    "VA": ("Veterans Affairs plan", .champva),
    "WC": ("workers' compensation", .workersComp),
    "ZZ": ("mutually defined / unknown", nil),
  ]
}
