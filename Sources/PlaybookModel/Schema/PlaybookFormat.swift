import CodeSets

/// The playbook format, version 1, as data. See `docs/playbook-format.md`.
public enum PlaybookFormat {
  /// Where a deadline or filing limit is counted from.
  public static let deadlineStarts = [
    "remit_date", "notice_date", "service_date", "previous_decision", "submission_date",
  ]
  /// How an appeal is sent.
  public static let channels = ["portal", "fax", "mail", "phone", "clearinghouse"]
  /// Severities of pre-submission findings.
  public static let severities = ["error", "warning", "info"]
  /// What to do about a denial.
  public static let actions = ["appeal", "correct_and_resubmit", "write_off"]
  /// Plan type words.
  public static var planTypes: [String] { PlanType.allCases.map(\.rawValue) }

  static func codeList(_ kind: CodeKind) -> Shape {
    .list(.scalar(.code(kind)), nonEmpty: true, single: true)
  }

  /// The conditions of a `match` or `when`.
  public static let match = ObjectShape(
    "match", "Conditions; within a field any value may match, across fields all must.",
    [
      Field("group", codeList(.group), "Claim adjustment group codes: CO, PR, OA, PI."),
      Field("carc", codeList(.carc), "Claim adjustment reason codes, e.g. 50, 197."),
      Field("rarc", codeList(.rarc), "Remittance remark codes, e.g. N115, MA130."),
      Field("procedures", codeList(.procedure), "CPT/HCPCS: exact 29881, range 29870-29889, prefix J*; any may match."),
      Field("procedures_all", codeList(.procedure), "Every pattern must match some procedure on the claim (code pairs)."),
      Field("modifiers", codeList(.modifier), "Any of these modifiers is present."),
      Field("modifiers_absent", codeList(.modifier), "None of these modifiers is present."),
      Field("diagnoses", codeList(.diagnosis), "ICD-10-CM codes or patterns, with or without the dot: M17.11, M17.*."),
      Field("place_of_service", codeList(.placeOfService), "Two-digit place-of-service codes, e.g. 11, 22, 02."),
      Field("plan_types", .list(.scalar(.choice(planTypes)), nonEmpty: true, single: true), "Plan types the rule applies to."),
      Field("billed_over", .scalar(.money), "Applies when the billed amount is over this amount."),
    ])

  /// A deadline rule.
  public static let deadline = ObjectShape(
    "deadline", "One of days, business_days or months, counted from a start date.",
    [
      Field("days", .scalar(.integer(min: 1, max: 3650)), "Calendar days after the start date."),
      Field("business_days", .scalar(.integer(min: 1, max: 2600)), "Weekdays after the start date, skipping the playbook's holidays."),
      Field("months", .scalar(.integer(min: 1, max: 120)), "Calendar months after the start date, clamped to the month's end."),
      Field("from", .scalar(.choice(deadlineStarts)), required: true, "The date the count starts from."),
      Field("receipt_days", .scalar(.integer(min: 0, max: 30)), "Days added for presumed receipt of the notice (Medicare: 5)."),
    ])

  static let payer = ObjectShape(
    "payer", "Who this playbook is for.",
    [
      Field("id", .scalar(.id), required: true, "Payerbook's id for the payer, e.g. acme-health."),
      Field("name", .scalar(.text), required: true, "The payer's name as people say it."),
      Field(
        "identifiers",
        .object(
          ObjectShape(
            "identifiers", "How remittances and claims name this payer.",
            [
              Field("payer_ids", .list(.scalar(.code(.payerID)), nonEmpty: true, single: true), "Payer ids as they appear in files (N1*PR, NM1*PR, REF*2U)."),
              Field("names", .list(.scalar(.text), nonEmpty: true, single: true), "Name variants as they appear in files."),
            ])), "Payer ids and name variants used to route files to this playbook."),
      Field("plan_types", .list(.scalar(.choice(planTypes)), nonEmpty: true, single: true), "Plan types this payer offers."),
      Field("default_for", .list(.scalar(.choice(planTypes)), nonEmpty: true, single: true), "Plan types this playbook serves when no payer-specific playbook matches."),
      Field("timely_filing", .object(deadline), "The payer's claim filing limit, e.g. {days: 365, from: service_date}."),
    ])

  static let proof = ObjectShape(
    "proof", "A kind of document or evidence.",
    [
      Field("title", .scalar(.text), required: true, "Short name shown as a checkbox."),
      Field("description", .scalar(.text), "What exactly to gather."),
      Field("attachment_types", .list(.scalar(.code(.payerID)), nonEmpty: true, single: true), "PWK report type codes that count as this proof on file, e.g. OB for an operative note."),
    ])

  static let appealLevel = ObjectShape(
    "appeal level", "One step of the payer's appeal process, in order.",
    [
      Field("id", .scalar(.id), required: true, "Id used by start_at."),
      Field("title", .scalar(.text), required: true, "Name of the level."),
      Field("deadline", .object(deadline), required: true, "When the request must be received."),
      Field("channel", .scalar(.choice(channels)), "How to send: portal, fax, mail, phone or clearinghouse."),
      Field("where", .scalar(.text), "Address, fax number or portal path."),
      Field("citation", .scalar(.text), "The rule or manual section that sets the deadline."),
      Field("minimum_amount", .scalar(.money), "Amount in controversy required for this level."),
      Field("decision_days", .scalar(.integer(min: 1, max: 3650)), "Days the payer has to decide."),
    ])

  static let effective = ObjectShape(
    "effective dates", "When a rule applies (by date of service).",
    [
      Field("from", .scalar(.date), "First date the rule applies."),
      Field("until", .scalar(.date), "Last date the rule applies."),
    ])

  static let action = ObjectShape(
    "action", "What to do about the denial, with why.",
    [
      Field("type", .scalar(.choice(actions)), required: true, "appeal, correct_and_resubmit or write_off."),
      Field("reason", .scalar(.text), "Why; shown on the checklist."),
      Field("fix", .list(.scalar(.text), nonEmpty: true, single: true), "For correct_and_resubmit: what to correct on the claim."),
    ])

  static let prevent = ObjectShape(
    "prevent", "The lesson carried into pre-submission checks of future cases.",
    [
      Field("requires", .list(.scalar(.id), nonEmpty: true, single: true), required: true, "Proof ids a new case must have."),
      Field("message", .scalar(.text), "What the coordinator sees."),
      Field("severity", .scalar(.choice(severities)), "error, warning or info (default warning)."),
    ])

  static let denialReason = ObjectShape(
    "denial reason", "A reason this payer denies, and how to answer it.",
    [
      Field("id", .scalar(.id), required: true, "Stable id, e.g. knee-arthroscopy-necessity."),
      Field("title", .scalar(.text), required: true, "One line for people."),
      Field("match", .object(match), required: true, "Which denials this reason covers."),
      Field("effective", .object(effective), "Dates of service the reason applies to."),
      Field("gap", .scalar(.text), "What the payer found missing."),
      Field("requires", .list(.scalar(.id), nonEmpty: false, single: true), "Proof ids the appeal needs."),
      Field("steps", .list(.scalar(.text), nonEmpty: true, single: false), "What works, in order."),
      Field("start_at", .scalar(.id), "The appeal level to start at (default: the first)."),
      Field("action", .scalarOrObject(.choice(actions), action), "appeal (default), correct_and_resubmit or write_off."),
      Field("prevent", .object(prevent), "The lesson for pre-submission checks."),
      Field("enabled", .scalar(.boolean), "false turns the reason off without deleting it (default true)."),
    ])

  static let check = ObjectShape(
    "check", "A pre-submission rule not tied to a past denial.",
    [
      Field("id", .scalar(.id), required: true, "Stable id, e.g. lumbar-mri-prior-auth."),
      Field("title", .scalar(.text), "One line for people."),
      Field("when", .object(match), required: true, "Which cases the check applies to."),
      Field("unless", .object(match), "Cases that are exempt (e.g. a modifier is present)."),
      Field("requires", .list(.scalar(.id), nonEmpty: true, single: true), "Proof ids the case must have."),
      Field("severity", .scalar(.choice(severities)), required: true, "error, warning or info."),
      Field("message", .scalar(.text), "What the coordinator sees, and the fix."),
      Field("effective", .object(effective), "Dates of service the check applies to."),
      Field("enabled", .scalar(.boolean), "false turns the check off without deleting it (default true)."),
    ])

  /// A denial written inline in a playbook test.
  public static let testDenial = ObjectShape(
    "test denial", "A denial as the remittance and the original claim describe it.",
    [
      Field("payer_id", .scalar(.code(.payerID)), "Payer id as the remittance writes it (default: this playbook's payer)."),
      Field("payer_name", .scalar(.text), "Payer name as the remittance writes it."),
      Field("plan_type", .scalar(.choice(planTypes)), "The plan type (from the claim filing indicator)."),
      Field("adjustments", .list(.scalar(.code(.adjustment)), nonEmpty: true, single: true), required: true, "GROUP-CARC pairs, e.g. CO-50."),
      Field("remarks", codeList(.rarc), "Remark codes, e.g. N115."),
      Field("procedures", .list(.scalar(.text), nonEmpty: true, single: true), "Procedures with modifiers after dashes, e.g. 29881-RT."),
      Field("diagnoses", codeList(.diagnosis), "Diagnoses from the original claim (omit to test a remittance alone)."),
      Field("place_of_service", .scalar(.code(.placeOfService)), "Place of service."),
      Field("billed", .scalar(.money), "Billed amount."),
      Field("paid", .scalar(.money), "Paid amount (default 0)."),
      Field("service_date", .scalar(.date), "Date of service."),
      Field("remit_date", .scalar(.date), "Remittance (payment) date."),
      Field("notice_date", .scalar(.date), "Date printed on the notice."),
      Field("previous_decision_date", .scalar(.date), "Date of the previous appeal decision."),
      Field("attachments", .list(.scalar(.code(.payerID)), nonEmpty: true, single: true), "PWK report types sent with the claim, e.g. OB."),
      Field("proofs_on_file", .list(.scalar(.id), nonEmpty: true, single: true), "Proof ids already on file."),
    ])

  /// A case written inline in a playbook test.
  public static let testCase = ObjectShape(
    "test case", "A case before submission.",
    [
      Field("payer_id", .scalar(.code(.payerID)), "Payer id (default: this playbook's payer)."),
      Field("payer_name", .scalar(.text), "Payer name."),
      Field("plan_type", .scalar(.choice(planTypes)), "The plan type."),
      Field("procedures", .list(.scalar(.text), nonEmpty: true, single: true), required: true, "Procedures with modifiers after dashes, e.g. 29881-RT."),
      Field("diagnoses", codeList(.diagnosis), "Diagnoses."),
      Field("place_of_service", .scalar(.code(.placeOfService)), "Place of service."),
      Field("billed", .scalar(.money), "Total charge."),
      Field("service_date", .scalar(.date), "Date of service."),
      Field("submission_date", .scalar(.date), "Date the claim is sent (default: the test's today)."),
      Field(
        "prior_auth",
        .object(
          ObjectShape(
            "prior authorization", "The authorization on the case.",
            [
              Field("number", .scalar(.text), required: true, "Authorization number."),
              Field("expires", .scalar(.date), "Last day it is valid."),
              Field("procedures", .list(.scalar(.text), nonEmpty: true, single: true), "Approved procedure codes."),
            ])), "The prior authorization, when there is one."),
      Field("attachments", .list(.scalar(.code(.payerID)), nonEmpty: true, single: true), "PWK report types attached, e.g. OB, PN."),
    ])

  /// What a playbook test expects.
  public static let testExpect = ObjectShape(
    "test expectation", "What should come out; only the keys written are checked.",
    [
      Field("reason", .scalar(.id), "The best-matching reason's id."),
      Field("reasons", .list(.scalar(.id), nonEmpty: false, single: true), "Every matching reason, most specific first."),
      Field("not_reasons", .list(.scalar(.id), nonEmpty: true, single: true), "Reasons that must not match."),
      Field("unplaybooked", .scalar(.boolean), "true when no reason should match."),
      Field("action", .scalar(.choice(actions)), "appeal, correct_and_resubmit or write_off."),
      Field("level", .scalar(.id), "The appeal level to start at."),
      Field("due", .scalar(.date), "The level's due date."),
      Field("proofs_missing", .list(.scalar(.id), nonEmpty: false, single: true), "Proofs still to gather, in checklist order."),
      Field("findings", .list(.scalar(.text), nonEmpty: false, single: true), "Rule ids of pre-submission findings that must appear."),
      Field("not_findings", .list(.scalar(.text), nonEmpty: true, single: true), "Rule ids of findings that must not appear."),
      Field("ready", .scalar(.boolean), "true when the case should have no error finding."),
    ])

  static let test = ObjectShape(
    "test", "An example run by `payerbook test`: a denial or a case, and what should come out.",
    [
      Field("name", .scalar(.text), required: true, "What the example shows."),
      Field("today", .scalar(.date), "The date the test runs as (default: the remit date, else the service date, else 2026-01-01)."),
      Field("denial", .object(testDenial), "A denial to evaluate."),
      Field("case", .object(testCase), "A case to check before submission."),
      Field("expect", .object(testExpect), required: true, "What should come out."),
    ])

  /// The whole file.
  public static let playbook = ObjectShape(
    "playbook", "A payer playbook (one payer per file) or a base under playbooks/base/.",
    [
      Field("payer", .object(payer), "Who this playbook is for (required outside base/)."),
      Field("extends", .scalar(.text), "A base playbook inside the playbooks folder, e.g. base/commercial-erisa."),
      Field("revision", .scalar(.revision), "This playbook's own version, e.g. 2026-06-01."),
      Field("holidays", .list(.scalar(.date), nonEmpty: false, single: false), "Dates skipped by business_days deadlines."),
      Field("routine_adjustments", .list(.scalar(.code(.adjustment)), nonEmpty: false, single: false), "GROUP-CARC pairs that are routine, not denials (e.g. CO-45)."),
      Field("proofs", .dictionary(.object(proof), what: "proof"), "Catalogue of proof types, by id."),
      Field("appeal_levels", .list(.object(appealLevel), nonEmpty: true, single: false), "The appeal levels, in order."),
      Field("denial_reasons", .list(.object(denialReason), nonEmpty: false, single: false), "Denial reasons and how to answer them."),
      Field("checks", .list(.object(check), nonEmpty: false, single: false), "Pre-submission checks."),
      Field("tests", .list(.object(test), nonEmpty: false, single: false), "Examples run by `payerbook test`."),
    ])
}
