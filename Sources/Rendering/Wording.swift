import CodeSets
import Evaluation

/// Phrases shared by checklists and findings in every human format.
enum Wording {
  /// A due date counts as soon (yellow) within this many days.
  static let dueSoonDays = 14

  /// `1 day`, `3 days`.
  static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
    "\(n) " + (n == 1 ? singular : plural ?? singular + "s")
  }

  /// `Acme Health (id 12345)`.
  static func payer(_ p: PayerRef) -> String {
    switch (p.name, p.id) {
    case (let name?, let id?): return "\(name) (id \(id))"
    case (let name?, nil): return name
    case (nil, let id?): return "payer id \(id)"
    case (nil, nil): return "unknown payer"
    }
  }

  /// `acme-health (playbooks/acme.yaml), routed by payer id 12345`.
  static func playbook(_ p: PayerRef) -> (String, Tone) {
    guard p.playbook != nil || p.playbookFile != nil else {
      return ("none: no playbook for this payer (\(p.routing))", .bad)
    }
    var s = p.playbook ?? "playbook"
    if let file = p.playbookFile { s += " (\(file))" }
    return (s + ", routed by \(p.routing)", .plain)
  }

  /// `2026-09-14` or `2026-09-14 to 2026-09-16`.
  static func datesOfService(_ claim: ClaimRef) -> String? {
    switch (claim.serviceFrom, claim.serviceTo) {
    case (let from?, let to?) where from != to: return "\(from) to \(to)"
    case (let from?, _): return "\(from)"
    case (nil, let to?): return "\(to)"
    case (nil, nil): return nil
    }
  }

  /// `12 days left`, `due today`, `OVERDUE by 3 days`, with its tone.
  static func daysLeft(_ due: DueDate) -> (String, Tone) {
    if due.overdue || due.daysLeft < 0 { return ("OVERDUE by " + count(-due.daysLeft, "day"), .bad) }
    if due.daysLeft == 0 { return ("due today", .warn) }
    return (count(due.daysLeft, "day") + " left", due.daysLeft <= dueSoonDays ? .warn : .plain)
  }

  /// Whether a checklist's due date is past.
  static func isOverdue(_ c: Checklist) -> Bool { c.level?.due.map { $0.overdue || $0.daysLeft < 0 } ?? false }

  /// Whether a checklist is due within `dueSoonDays` (today included), not overdue.
  static func isDueSoon(_ c: Checklist) -> Bool {
    guard let due = c.level?.due, !isOverdue(c) else { return false }
    return due.daysLeft <= dueSoonDays
  }

  /// `3 denied claims, $1,234.00 denied, 1 unplaybooked, 1 overdue` (and how many are due soon).
  static func summary(_ checklists: [Checklist]) -> String {
    var s = count(checklists.count, "denied claim") + ", " + Dollars.format(Dollars.sum(checklists.map(\.claim.denied))) + " denied"
    s += ", \(checklists.filter { $0.unplaybooked != nil }.count) unplaybooked"
    s += ", \(checklists.filter(isOverdue).count) overdue"
    let soon = checklists.filter(isDueSoon).count
    if soon > 0 { s += ", \(soon) due within \(dueSoonDays) days" }
    return s
  }

  /// The order findings are grouped in.
  static let severities = ["error", "warning", "info"]

  /// `2 errors, 1 warning in 3 cases; 1 ready to submit`.
  static func summary(_ reports: [CaseReport]) -> String {
    let all = reports.flatMap(\.findings)
    var parts = [
      count(all.filter { $0.severity == "error" }.count, "error"),
      count(all.filter { $0.severity == "warning" }.count, "warning"),
    ]
    let info = all.filter { $0.severity == "info" }.count
    if info > 0 { parts.append("\(info) info") }
    let other = all.filter { !severities.contains($0.severity) }.count
    if other > 0 { parts.append("\(other) other") }
    var s = parts.joined(separator: ", ") + " in " + count(reports.count, "case")
    let ready = reports.filter(\.findings.isEmpty).count
    if ready > 0 { s += "; \(ready) ready to submit" }
    return s
  }

  /// `CO-50`'s wording, or a note that the code is not in our list.
  static func wording(_ code: CodeWithWording) -> String { code.wording ?? "(not in our code list)" }
}
