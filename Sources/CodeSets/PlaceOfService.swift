/// CMS place-of-service (POS) codes: the two-digit setting code on a professional claim
/// (837P `CLM05-1` / `SV105`, CMS-1500 box 24B).
///
/// The POS code set is maintained by CMS and is public domain; names here are short forms of the
/// CMS names. Every assigned code from `01` to `99` is listed; unassigned codes (for example `28`,
/// `35`, `82`) are not known.
///
/// Codes are exactly two digits: `"2"` is not `02`, and `"002"` is not `02`. Keep the leading
/// zero when storing and comparing.
public enum PlaceOfService: Sendable {
  /// The CMS name for `code`, or nil when `code` is not an assigned POS code.
  public static func name(_ code: String) -> String? { table[code] }

  /// Whether `code` is an assigned POS code.
  public static func isKnown(_ code: String) -> Bool { table[code] != nil }

  /// Whether `code` is a telehealth POS (`02` patient not at home, `10` patient at home).
  public static func isTelehealth(_ code: String) -> Bool { code == "02" || code == "10" }

  /// Whether `code` has the shape of a POS code: exactly two ASCII digits.
  public static func isWellFormed(_ code: String) -> Bool {
    CodeLookup.isDigits(Substring(code).utf8, min: 2, max: 2)
  }

  /// Every assigned code, in order.
  public static let allCodes: [String] = table.keys.sorted()

  /// Code -> CMS name (public domain).
  static let table: [String: String] = [
    "01": "Pharmacy",
    "02": "Telehealth provided other than in patient's home",
    "03": "School",
    "04": "Homeless shelter",
    "05": "Indian Health Service free-standing facility",
    "06": "Indian Health Service provider-based facility",
    "07": "Tribal 638 free-standing facility",
    "08": "Tribal 638 provider-based facility",
    "09": "Prison/correctional facility",
    "10": "Telehealth provided in patient's home",
    "11": "Office",
    "12": "Home",
    "13": "Assisted living facility",
    "14": "Group home",
    "15": "Mobile unit",
    "16": "Temporary lodging",
    "17": "Walk-in retail health clinic",
    "18": "Place of employment/worksite",
    "19": "Off campus-outpatient hospital",
    "20": "Urgent care facility",
    "21": "Inpatient hospital",
    "22": "On campus-outpatient hospital",
    "23": "Emergency room - hospital",
    "24": "Ambulatory surgical center",
    "25": "Birthing center",
    "26": "Military treatment facility",
    "27": "Outreach site/street",
    "31": "Skilled nursing facility",
    "32": "Nursing facility",
    "33": "Custodial care facility",
    "34": "Hospice",
    "41": "Ambulance - land",
    "42": "Ambulance - air or water",
    "49": "Independent clinic",
    "50": "Federally qualified health center",
    "51": "Inpatient psychiatric facility",
    "52": "Psychiatric facility - partial hospitalization",
    "53": "Community mental health center",
    "54": "Intermediate care facility/individuals with intellectual disabilities",
    "55": "Residential substance abuse treatment facility",
    "56": "Psychiatric residential treatment center",
    "57": "Non-residential substance abuse treatment facility",
    "58": "Non-residential opioid treatment facility",
    "60": "Mass immunization center",
    "61": "Comprehensive inpatient rehabilitation facility",
    "62": "Comprehensive outpatient rehabilitation facility",
    "65": "End-stage renal disease treatment facility",
    "66": "Programs of All-Inclusive Care for the Elderly (PACE) center",
    "71": "Public health clinic",
    "72": "Rural health clinic",
    "81": "Independent laboratory",
    "99": "Other place of service",
  ]
}
