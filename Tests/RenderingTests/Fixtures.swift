import Claims
import Foundation

@testable import Evaluation

// Synthetic test inputs, built as the evaluator would build them. Payers, claim numbers, codes
// and amounts are made up; the models carry no patient names or member ids.

func date(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }
func money(_ s: String) -> Decimal { Decimal(string: s, locale: Locale(identifier: "en_US_POSIX"))! }

/// Today for every fixture.
let fixtureToday = date("2027-02-20")

let bluestem = PayerRef(
  name: "Bluestem Health Plan", id: "BSH01", playbook: "bluestem-health", playbookFile: "playbooks/bluestem-health.yaml",
  routing: "payer id BSH01", planType: "commercial")

func due(_ start: String, days: Int, receipt: Int = 0, word: String = "notice") -> DueDate {
  let s = date(start)
  let d = s.adding(days: receipt + days)
  var explanation = "\(days) days from \(word) \(s)"
  if receipt > 0 { explanation += ", +\(receipt) days presumed receipt" }
  explanation += ": due \(d)"
  let left = fixtureToday.days(until: d)
  return DueDate(date: d, start: s, explanation: explanation, daysLeft: left, overdue: left < 0)
}

/// An appeal with a proof on file, a due date 12 days out, another matching reason and a
/// near miss (`--explain`), linked to its original claim.
func appealChecklist() -> Checklist {
  Checklist(
    payer: bluestem,
    claim: ClaimRef(
      patientControlNumber: "PCN-1001", payerClaimNumber: "BSH26-000417", serviceFrom: date("2026-09-14"),
      serviceTo: date("2026-09-14"), billed: money("1250.00"), paid: 0, denied: money("1250.00"), partial: false,
      linkedToClaim: true, diagnoses: ["M17.11", "M25.561"], placeOfService: "22", remitDate: date("2026-10-30")),
    adjustments: [CodeWithWording(code: "CO-50", wording: "not medically necessary per payer", amount: money("1250.00"))],
    remarks: [CodeWithWording(code: "N115", wording: "decision based on a coverage policy (LCD)", amount: nil)],
    lines: [
      LineRef(
        procedure: "29881-59", submittedProcedure: nil, billed: money("1250.00"), paid: 0, denied: true,
        adjustments: ["CO-50"], remarks: ["N115"], serviceFrom: date("2026-09-14"))
    ],
    reason: MatchedReason(
      id: "knee-arthroscopy-conservative-care", title: "Knee arthroscopy without documented conservative care",
      why: ["carc 50 in {50}", "procedure 29881 in 29870-29889", "diagnosis M17.11 matches M17.*"],
      gap: "No record of six weeks of physical therapy or injections before surgery.",
      definedAt: "playbooks/bluestem-health.yaml:42"),
    otherReasons: [
      MatchedReason(
        id: "medical-necessity-generic", title: "Medical necessity (any procedure)", why: ["carc 50 in {50}"], gap: nil,
        definedAt: "playbooks/base/commercial.yaml:18")
    ],
    unplaybooked: nil, action: "appeal", actionReason: nil,
    proofs: [
      ProofItem(id: "op_note", title: "Operative note", description: "Signed, dated, with findings", onFile: true),
      ProofItem(
        id: "pt_records", title: "Physical therapy records",
        description: "At least six weeks within the six months before surgery", onFile: false),
      ProofItem(id: "imaging", title: "MRI report", description: nil, onFile: false),
    ],
    steps: [
      "Get the physical therapy records from the referring clinic.",
      "Write a letter of medical necessity citing the failed conservative care.",
      "Submit the reconsideration with all proofs attached.",
    ],
    level: LevelRef(
      id: "reconsideration", title: "Level 1: reconsideration", channel: "portal",
      destination: "Bluestem provider portal > Claims > Appeals", citation: "Bluestem provider manual 7.2",
      minimumAmount: nil, meetsMinimum: nil, due: due("2026-10-30", days: 120, receipt: 5), dueUnknown: nil),
    correctedClaim: nil,
    nearMisses: [NearMissRef(id: "knee-arthroscopy-modifier", failed: "carc 50 not in {4}")],
    playbookRevision: "r2027.02", today: fixtureToday)
}

/// An overdue appeal with a minimum amount met; the original claim was not given.
func overdueChecklist() -> Checklist {
  Checklist(
    payer: PayerRef(
      name: "Northwind Medicare Advantage", id: "NWMA7", playbook: "northwind-ma", playbookFile: "playbooks/northwind-ma.yaml",
      routing: "payer name Northwind Medicare Advantage", planType: "medicare_advantage"),
    claim: ClaimRef(
      patientControlNumber: "PCN-1002", payerClaimNumber: "NW-88120", serviceFrom: date("2026-08-03"),
      serviceTo: date("2026-08-05"), billed: money("2400.00"), paid: 0, denied: money("2400.00"), partial: false,
      linkedToClaim: false, diagnoses: nil, placeOfService: "11", remitDate: date("2026-12-19")),
    adjustments: [CodeWithWording(code: "CO-197", wording: "prior authorization missing", amount: money("2400.00"))],
    remarks: [CodeWithWording(code: "N54", wording: "claim does not match the authorized services", amount: nil)],
    lines: [
      LineRef(
        procedure: "72148", submittedProcedure: nil, billed: money("2400.00"), paid: 0, denied: true,
        adjustments: ["CO-197"], remarks: ["N54"], serviceFrom: date("2026-08-03"))
    ],
    reason: MatchedReason(
      id: "imaging-no-auth", title: "Advanced imaging without prior authorization", why: ["carc 197 in {197}", "procedure 72148 in 70010-79999"],
      gap: nil, definedAt: "playbooks/northwind-ma.yaml:77"),
    otherReasons: [], unplaybooked: nil, action: "appeal", actionReason: nil,
    proofs: [ProofItem(id: "prior_auth", title: "Prior authorization approval", description: nil, onFile: false)],
    steps: ["Ask for a retro-authorization.", "File the reconsideration with the approval."],
    level: LevelRef(
      id: "reconsideration", title: "Plan reconsideration", channel: "fax", destination: "555-0100 (Appeals unit)",
      citation: nil, minimumAmount: money("180"), meetsMinimum: true, due: due("2026-12-19", days: 60, word: "remittance"),
      dueUnknown: nil),
    correctedClaim: nil, nearMisses: nil, playbookRevision: "r2027.02", today: fixtureToday)
}

/// A partial denial fixed by a corrected claim: line 2 needs modifier 59.
func correctedChecklist() -> Checklist {
  Checklist(
    payer: bluestem,
    claim: ClaimRef(
      patientControlNumber: "PCN-1003", payerClaimNumber: "BSH26-000733", serviceFrom: date("2027-01-11"),
      serviceTo: date("2027-01-11"), billed: money("310.00"), paid: money("112.40"), denied: money("180.00"), partial: true,
      linkedToClaim: true, diagnoses: ["M25.561"], placeOfService: "11", remitDate: date("2027-02-05")),
    adjustments: [CodeWithWording(code: "CO-4", wording: "modifier missing or does not fit the procedure", amount: money("180.00"))],
    remarks: [],
    lines: [
      LineRef(
        procedure: "99213", submittedProcedure: nil, billed: money("130.00"), paid: money("112.40"), denied: false,
        adjustments: ["CO-45"], remarks: [], serviceFrom: date("2027-01-11")),
      LineRef(
        procedure: "20610", submittedProcedure: nil, billed: money("180.00"), paid: 0, denied: true, adjustments: ["CO-4"],
        remarks: [], serviceFrom: date("2027-01-11")),
    ],
    reason: MatchedReason(
      id: "injection-with-visit-modifier", title: "Joint injection billed with a visit, no modifier",
      why: ["carc 4 in {4}", "procedure 20610 in {20610, 20611}"], gap: nil, definedAt: "playbooks/bluestem-health.yaml:88"),
    otherReasons: [], unplaybooked: nil, action: "correct_and_resubmit",
    actionReason: "A coding error is corrected with a replacement claim, not an appeal.", proofs: [],
    steps: ["Correct the claim in the billing system.", "Send it as a replacement claim."], level: nil,
    correctedClaim: CorrectedClaim(
      frequencyCode: "7", originalReference: "BSH26-000733", fix: ["Add modifier 25 to 99213 on line 1"]),
    nearMisses: nil, playbookRevision: "r2027.02", today: fixtureToday)
}

/// A write-off.
func writeOffChecklist() -> Checklist {
  Checklist(
    payer: bluestem,
    claim: ClaimRef(
      patientControlNumber: "PCN-1004", payerClaimNumber: "BSH26-000802", serviceFrom: date("2027-01-20"),
      serviceTo: nil, billed: money("45.00"), paid: 0, denied: money("45.00"), partial: false, linkedToClaim: true,
      diagnoses: ["Z00.00"], placeOfService: "11", remitDate: date("2027-02-10")),
    adjustments: [CodeWithWording(code: "CO-96", wording: "non-covered charge (see remark code)", amount: money("45.00"))],
    remarks: [CodeWithWording(code: "N130", wording: "see plan benefit documents for restrictions", amount: nil)],
    lines: [
      LineRef(
        procedure: "99401", submittedProcedure: nil, billed: money("45.00"), paid: 0, denied: true, adjustments: ["CO-96"],
        remarks: ["N130"], serviceFrom: date("2027-01-20"))
    ],
    reason: MatchedReason(
      id: "counseling-excluded", title: "Preventive counseling excluded by the plan", why: ["carc 96 in {96}", "procedure 99401 in 99401-99404"],
      gap: nil, definedAt: "playbooks/bluestem-health.yaml:120"),
    otherReasons: [], unplaybooked: nil, action: "write_off",
    actionReason: "The plan excludes this service; an appeal cannot succeed and the patient was not told in advance.",
    proofs: [], steps: [], level: nil, correctedClaim: nil, nearMisses: nil, playbookRevision: "r2027.02", today: fixtureToday)
}

/// A denial no reason matches: still gets the first level, due in 40 days.
func unplaybookedChecklist() -> Checklist {
  Checklist(
    payer: PayerRef(
      name: "Cedar Valley Health", id: "CVH77", playbook: "cedar-valley", playbookFile: "playbooks/cedar-valley.yaml",
      routing: "payer id CVH77", planType: "commercial"),
    claim: ClaimRef(
      patientControlNumber: "PCN-1005", payerClaimNumber: "CV-3307", serviceFrom: date("2027-01-04"),
      serviceTo: date("2027-01-04"), billed: money("95.00"), paid: 0, denied: money("95.00"), partial: false,
      linkedToClaim: false, diagnoses: nil, placeOfService: nil, remitDate: date("2027-01-31")),
    adjustments: [CodeWithWording(code: "CO-234", wording: "procedure not paid separately (see remark code)", amount: money("95.00"))],
    remarks: [CodeWithWording(code: "N657", wording: "bill with the code that fits these services", amount: nil)],
    lines: [
      LineRef(
        procedure: "97110-GP", submittedProcedure: nil, billed: money("95.00"), paid: 0, denied: true,
        adjustments: ["CO-234"], remarks: ["N657"], serviceFrom: date("2027-01-04"))
    ],
    reason: nil, otherReasons: [],
    unplaybooked: Unplaybooked(payer: "Cedar Valley Health, id CVH77", adjustments: ["CO-234"], remarks: ["N657"], procedures: ["97110-GP"]),
    action: "appeal", actionReason: nil, proofs: [], steps: [],
    level: LevelRef(
      id: "first-level", title: "First-level appeal", channel: "mail", destination: "Cedar Valley Health Appeals, PO Box 0000",
      citation: nil, minimumAmount: nil, meetsMinimum: nil, due: due("2027-01-31", days: 60, word: "remittance"), dueUnknown: nil),
    correctedClaim: nil, nearMisses: nil, playbookRevision: nil, today: fixtureToday)
}

/// A partial denial appealed: the payer downcoded a visit; the minimum amount is not met and
/// the appeal is due today.
func partialChecklist() -> Checklist {
  Checklist(
    payer: bluestem,
    claim: ClaimRef(
      patientControlNumber: "PCN-1006", payerClaimNumber: "BSH26-000910", serviceFrom: date("2026-12-01"),
      serviceTo: date("2026-12-02"), billed: money("1534.50"), paid: money("1334.50"), denied: money("85.25"), partial: true,
      linkedToClaim: true, diagnoses: [], placeOfService: "11", remitDate: date("2027-01-21")),
    adjustments: [CodeWithWording(code: "CO-150", wording: "level of service not supported", amount: money("85.25"))],
    remarks: [CodeWithWording(code: "ZZ9", wording: nil, amount: nil)],
    lines: [
      LineRef(
        procedure: "99214", submittedProcedure: "99215", billed: money("285.25"), paid: money("200.00"), denied: true,
        adjustments: ["CO-150"], remarks: ["ZZ9"], serviceFrom: date("2026-12-01")),
      LineRef(
        procedure: "27447-RT", submittedProcedure: nil, billed: money("1249.25"), paid: money("1134.50"), denied: false,
        adjustments: ["CO-45"], remarks: [], serviceFrom: date("2026-12-02")),
    ],
    reason: MatchedReason(
      id: "visit-downcoded", title: "Visit level reduced", why: ["carc 150 in {150}", "procedure 99214 in 99202-99215"],
      gap: nil, definedAt: "playbooks/bluestem-health.yaml:140"),
    otherReasons: [], unplaybooked: nil, action: "appeal", actionReason: nil,
    proofs: [ProofItem(id: "visit_note", title: "Visit note", description: nil, onFile: true)],
    steps: ["Send the visit note showing the documented level."],
    level: LevelRef(
      id: "reconsideration", title: "Level 1: reconsideration", channel: "portal", destination: nil, citation: nil,
      minimumAmount: money("100.00"), meetsMinimum: false, due: due("2027-01-21", days: 30, word: "remittance"), dueUnknown: nil),
    correctedClaim: nil, nearMisses: [], playbookRevision: "r2027.02", today: fixtureToday)
}

func allChecklists() -> [Checklist] {
  [appealChecklist(), overdueChecklist(), correctedChecklist(), writeOffChecklist(), unplaybookedChecklist(), partialChecklist()]
}

/// Case reports: errors and a warning; a payer with no playbook; a clean case.
func caseReports() -> [CaseReport] {
  [
    CaseReport(
      patientControlNumber: "PCN-2001", payer: bluestem,
      findings: [
        Finding(
          severity: "error", rule: "knee-arthroscopy-conservative-care",
          message: "past denials: Knee arthroscopy without documented conservative care",
          fix: "attach: Physical therapy records", missingProofs: ["pt_records"],
          definedAt: "playbooks/bluestem-health.yaml:42",
          why: [
            "learned from denial reason `knee-arthroscopy-conservative-care` (Knee arthroscopy without documented conservative care)",
            "procedure 29881 in 29870-29889",
          ]),
        Finding(
          severity: "error", rule: "builtin:modifier-format", message: "line 1: modifier `5` on 29881 must be exactly two characters",
          fix: "write the modifier as two letters or digits, e.g. 59, XS, LT", missingProofs: [], definedAt: nil, why: []),
        Finding(
          severity: "warning", rule: "builtin:timely-filing",
          message: "9 days left to file (90 days from date of service 2026-12-01: due 2027-03-01)", fix: "submit now",
          missingProofs: [], definedAt: nil, why: []),
      ],
      playbookRevision: "r2027.02", today: fixtureToday),
    CaseReport(
      patientControlNumber: "PCN-2002",
      payer: PayerRef(name: "Harbor Mutual", id: "HM404", playbook: nil, playbookFile: nil, routing: "no playbook", planType: nil),
      findings: [
        Finding(
          severity: "warning", rule: "builtin:no-playbook",
          message: "no playbook for payer Harbor Mutual, HM404; nothing learned from past denials was checked",
          fix: "add a playbook for this payer, or list its payer id under `identifiers.payer_ids` of an existing one",
          missingProofs: [], definedAt: nil, why: [])
      ],
      playbookRevision: nil, today: fixtureToday),
    CaseReport(patientControlNumber: "PCN-2003", payer: bluestem, findings: [], playbookRevision: "r2027.02", today: fixtureToday),
  ]
}
