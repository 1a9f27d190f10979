/// Claim filing indicator (CLP06, SBR09) to plan type.
///
/// Kept here until CodeSets carries the mapping; the plan type names are the playbooks'.
enum FilingIndicator {
  static func planType(_ code: String) -> String? {
    switch code {
    case "MA", "MB": return "medicare"
    case "16": return "medicare_advantage"
    case "MC": return "medicaid"
    case "CH": return "tricare"
    case "VA": return "va"
    case "WC": return "workers_comp"
    case "AM": return "auto"
    case "BL", "CI", "HM", "12", "13", "14", "15", "17", "DS", "FI", "LM": return "commercial"
    case "OF": return "other_federal"
    case "TV": return "title_v"
    case "11", "ZZ": return "other"
    default: return nil
    }
  }
}
