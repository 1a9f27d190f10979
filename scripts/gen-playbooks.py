#!/usr/bin/env python3
"""Generates a folder of realistic, valid playbooks for the load benchmark.

    scripts/gen-playbooks.py OUT_DIR [--files 500] [--reasons 50000] [--seed 7]

Writes OUT_DIR/base/commercial-bench.yaml (proofs, appeal levels, checks; no denial reasons)
and OUT_DIR/payer-NNNN.yaml payer playbooks extending it. The payer files hold `--reasons`
denial reasons in total, spread evenly. Every file should lint with 0 errors and 0 warnings
(`payerbook lint OUT_DIR`). The output is a pure function of the arguments.

Files mix block and flow style and quote some codes, as people write them.
"""

import argparse
import os
import random
import sys

# Common CARCs and the RARCs and actions that go with them.
CARCS = ["16", "50", "97", "197", "4", "11", "96", "204", "22", "18", "29", "252", "236", "198"]
RARCS = {
    "16": ["MA130", "M51", "N4", "MA04", "N290", "M127"],
    "50": ["N115", "N386", "N432"],
    "97": ["M15", "N19", "N20"],
    "197": ["N54", "M62"],
    "198": ["N54", "N362"],
    "4": ["N517", "M80"],
    "11": ["N657", "M64"],
    "96": ["N130", "N30"],
    "204": ["N130", "N30"],
    "22": ["MA04", "N479"],
    "18": ["M86", "N122"],
    "29": ["N211"],
    "252": ["M127", "N479"],
    "236": ["N20", "M80"],
}
GROUPS = {"18": "OA", "22": "OA"}  # the rest are mostly CO
PROCEDURE_EXACT = ["29881", "29880", "29877", "27447", "27130", "63030", "64483", "72148", "72149",
                   "73721", "20610", "97110", "97140", "99213", "99214", "99215", "J1030", "J3301",
                   "J0585", "G0283", "E0114", "L1833", "43239", "45380", "66984", "93000", "95810"]
PROCEDURE_RANGES = ["29870-29889", "27440-27447", "63001-63048", "64479-64495", "72141-72158",
                    "J0120-J9999", "97010-97799", "99202-99215", "E0100-E0999", "L1810-L1860",
                    "43235-43259", "45378-45398", "70010-76499"]
PROCEDURE_PREFIXES = ["J*", "E0*", "L18*", "2987*", "2988*", "6448*", "9711*", "G02*", "7214*"]
DIAGNOSES = ["M17.*", "M17.11", "M17.12", "M23.2*", "M54.5*", "M54.16", "M51.26", "S83.2*", "M75.1*",
             "G89.29", "M25.561", "M19.011", "E11.9", "I10", "Z96.651", "M48.06*", "M16.*", "G47.33",
             "M17.0-M17.9", "S83.200A", "M79.604"]
MODIFIERS = ["59", "XS", "XU", "LT", "RT", "25", "26", "TC", "GA", "GZ", "KX", "76", "50", "51"]
POS = ["11", "22", "19", "21", "23", "24", "02", "10", "12", "49"]
PLAN_TYPES = ["commercial", "ppo", "hmo", "epo", "pos", "medicare_advantage", "medicaid_mco"]

BASE_PROOFS = [
    ("lmn", "Letter of medical necessity", "Signed by the treating physician, tied to the policy criteria"),
    ("op_note", "Operative note", "Dictated and signed, with the procedure and findings"),
    ("conservative_care", "Six weeks of documented conservative treatment", "PT or NSAID notes from the last 6 months"),
    ("prior_auth", "Prior authorization on file", "Authorization number and approved units and dates"),
    ("imaging", "Imaging report", "MRI or X-ray read within the last 12 months"),
    ("corrected_claim", "Corrected claim", "Frequency code 7 with the original claim number"),
    ("records", "Office visit records", "Notes for the dates of service"),
    ("itemized_bill", "Itemized bill", "Line items with codes, units and charges"),
    ("primary_eob", "Primary payer EOB", "The primary payer's explanation of benefits"),
    ("timely_proof", "Proof of timely filing", "Clearinghouse acceptance report (999/277CA) dated in time"),
    ("referral", "Referral from the primary care physician", "Referral number and dates"),
    ("ncci_rationale", "Distinct procedure rationale", "Note showing a separate site, session or incision"),
]
ACTIONS_BY_CARC = {
    "16": "correct_and_resubmit", "4": "correct_and_resubmit", "11": "correct_and_resubmit",
    "18": "write_off", "22": "correct_and_resubmit", "29": "appeal", "96": "appeal", "204": "write_off",
}
TITLES = {
    "16": "Claim missing information", "50": "Not medically necessary", "97": "Bundled into another service",
    "197": "Prior authorization missing", "4": "Modifier inconsistent with procedure",
    "11": "Diagnosis inconsistent with procedure", "96": "Non-covered charge", "204": "Not covered under plan",
    "22": "Coordination of benefits", "18": "Duplicate claim", "29": "Timely filing limit expired",
    "252": "Attachment required", "236": "NCCI procedure pair", "198": "Authorization exceeded",
}
STEP_TEXTS = [
    "Ask for a peer-to-peer review within 14 days",
    "File the reconsideration with the proofs attached",
    "Quote the payer's policy number and the criteria met",
    "Call provider services and note the reference number",
    "Attach the clearinghouse acceptance report",
    "Resubmit with frequency code 7 and the original claim number",
    "Check eligibility for the date of service before resubmitting",
    "Send the records through the portal attachment tool",
    "Escalate to the provider representative if no answer in 30 days",
    "Request the retro-authorization within 10 business days",
]
GAPS = [
    "Policy requires failed conservative care before surgery",
    "No authorization number on the claim",
    "Documentation did not support the level of service",
    "The payer considers the service part of the primary procedure",
    "Primary payer information missing or outdated",
    "Modifier missing for the bilateral or distinct service",
    "Diagnosis does not support the procedure under the payer's policy",
]


def q(value, rng):
    """Quotes a code now and then, as people do."""
    r = rng.random()
    if r < 0.08:
        return f'"{value}"'
    if r < 0.12:
        return f"'{value}'"
    return value


def needs_quote(value):
    return value.endswith("*") or value.startswith("*")


def code_list(values, rng, force_quote=False):
    out = []
    for v in values:
        if force_quote or needs_quote(v):
            out.append(f'"{v}"' if rng.random() < 0.5 else f"'{v}'")
        else:
            out.append(q(v, rng))
    return out


def pick(rng, seq, lo, hi):
    return rng.sample(seq, rng.randint(lo, hi))


def match_fields(rng, carc):
    """A match mapping as a list of (key, [values]) plus scalars."""
    fields = []
    fields.append(("group", [GROUPS.get(carc, "CO" if rng.random() < 0.9 else "PR")]))
    carcs = [carc]
    if rng.random() < 0.2:
        carcs.append(rng.choice([c for c in CARCS if c != carc]))
    fields.append(("carc", carcs))
    if rng.random() < 0.6:
        fields.append(("rarc", pick(rng, RARCS[carc], 1, min(2, len(RARCS[carc])))))
    r = rng.random()
    procs = []
    if r < 0.85:
        for _ in range(rng.randint(1, 4)):
            k = rng.random()
            if k < 0.5:
                procs.append(rng.choice(PROCEDURE_EXACT))
            elif k < 0.8:
                procs.append(rng.choice(PROCEDURE_RANGES))
            else:
                procs.append(rng.choice(PROCEDURE_PREFIXES))
        fields.append(("procedures", sorted(set(procs))))
    if carc in ("236", "97") and rng.random() < 0.5:
        fields.append(("procedures_all", ["29881", "29877"]))
    if rng.random() < 0.5:
        fields.append(("diagnoses", pick(rng, DIAGNOSES, 1, 3)))
    if carc in ("4", "236", "97") or rng.random() < 0.2:
        fields.append(("modifiers", pick(rng, MODIFIERS, 1, 2)))
    if carc in ("236",) and rng.random() < 0.5:
        fields.append(("modifiers_absent", ["59", "XS"]))
    if rng.random() < 0.3:
        fields.append(("place_of_service", pick(rng, POS, 1, 3)))
    if rng.random() < 0.15:
        fields.append(("plan_types", pick(rng, PLAN_TYPES, 1, 2)))
    scalars = []
    if rng.random() < 0.1:
        scalars.append(("billed_over", rng.choice(["500", "1000.00", "2500", "750.50"])))
    return fields, scalars


def write_match(lines, indent, key, fields, scalars, rng, flow):
    pad = " " * indent
    if flow:
        parts = []
        for k, vs in fields:
            vals = code_list(vs, rng, force_quote=(k == "place_of_service" and rng.random() < 0.3))
            parts.append(f"{k}: [{', '.join(vals)}]" if len(vals) > 1 or rng.random() < 0.85 else f"{k}: {vals[0]}")
        for k, v in scalars:
            parts.append(f"{k}: {v}")
        lines.append(f"{pad}{key}: {{{', '.join(parts)}}}")
    else:
        lines.append(f"{pad}{key}:")
        for k, vs in fields:
            vals = code_list(vs, rng)
            if rng.random() < 0.3 and len(vals) > 1:
                lines.append(f"{pad}  {k}:")
                for v in vals:
                    lines.append(f"{pad}    - {v}")
            else:
                lines.append(f"{pad}  {k}: [{', '.join(vals)}]")
        for k, v in scalars:
            lines.append(f"{pad}  {k}: {v}")


def date(rng, year_lo=2023, year_hi=2026):
    return f"{rng.randint(year_lo, year_hi)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def reason(lines, rng, idx, proof_ids, level_ids):
    carc = rng.choice(CARCS)
    action = ACTIONS_BY_CARC.get(carc, "appeal")
    if action == "appeal" and rng.random() < 0.1:
        action = "correct_and_resubmit"
    flow = rng.random() < 0.6
    rid = f"{TITLES[carc].lower().replace(' ', '-')}-{idx:03d}"
    lines.append(f"  - id: {rid}")
    lines.append(f"    title: {TITLES[carc]} ({idx})")
    fields, scalars = match_fields(rng, carc)
    write_match(lines, 4, "match", fields, scalars, rng, flow)
    if rng.random() < 0.5:
        f = date(rng, 2023, 2025)
        if rng.random() < 0.3:
            lines.append(f"    effective: {{from: {f}, until: {date(rng, 2026, 2027)}}}")
        else:
            lines.append(f"    effective: {{from: {f}}}")
    if rng.random() < 0.7:
        lines.append(f"    gap: {rng.choice(GAPS)}")
    reqs = pick(rng, proof_ids, 1, 3)
    if action == "appeal" or rng.random() < 0.5:
        if rng.random() < 0.7:
            lines.append(f"    requires: [{', '.join(reqs)}]")
        else:
            lines.append("    requires:")
            for r in reqs:
                lines.append(f"      - {r}")
    steps = pick(rng, STEP_TEXTS, 1, 4)
    if rng.random() < 0.5:
        lines.append(f"    steps: [{', '.join(steps)}]")
    else:
        lines.append("    steps:")
        for s in steps:
            lines.append(f"      - {s}")
    if action == "appeal":
        if rng.random() < 0.6:
            lines.append(f"    start_at: {rng.choice(level_ids)}")
        if rng.random() < 0.3:
            lines.append("    action: appeal")
    else:
        why = {"correct_and_resubmit": "the claim can be fixed and sent again",
               "write_off": "no appeal route is worth the cost"}[action]
        if rng.random() < 0.5:
            lines.append(f"    action: {{type: {action}, reason: {why}}}")
        else:
            lines.append("    action:")
            lines.append(f"      type: {action}")
            lines.append(f"      reason: {why.capitalize()}")
            if action == "correct_and_resubmit":
                lines.append("      fix: [Add the missing element, Send as a corrected claim]")
    if rng.random() < 0.4:
        sev = rng.choice(["error", "warning", "info"])
        preq = pick(rng, proof_ids, 1, 2)
        if rng.random() < 0.5:
            lines.append(f"    prevent: {{requires: [{', '.join(preq)}], severity: {sev}, message: Gather before scheduling}}")
        else:
            lines.append("    prevent:")
            lines.append(f"      requires: [{', '.join(preq)}]")
            lines.append(f"      message: Attach {preq[0].replace('_', ' ')} before submitting")
            lines.append(f"      severity: {sev}")


def base_file():
    lines = [
        "# yaml-language-server: $schema=../../schema/playbook.schema.json",
        "# Generated by scripts/gen-playbooks.py for the load benchmark.",
        "revision: 2026-01-01",
        "holidays: [2026-01-01, 2026-01-19, 2026-02-16, 2026-05-25, 2026-07-03, 2026-09-07, 2026-11-26, 2026-12-25]",
        "routine_adjustments: [CO-45, PR-1, PR-2, PR-3]",
        "proofs:",
    ]
    for pid, title, desc in BASE_PROOFS:
        lines.append(f"  {pid}:")
        lines.append(f"    title: {title}")
        lines.append(f"    description: {desc}")
    lines += [
        "appeal_levels:",
        "  - id: reconsideration",
        "    title: First-level internal appeal",
        "    deadline: {days: 180, from: remit_date}",
        "    channel: portal",
        "    where: Provider portal, Claims > Dispute",
        "    citation: 29 CFR 2560.503-1(h)(3)(i)",
        "    decision_days: 30",
        "  - id: second-level",
        "    title: Second-level internal appeal",
        "    deadline:",
        "      days: 60",
        "      from: previous_decision",
        "    channel: fax",
        "    where: \"Appeals unit, fax 1-800-555-0199\"",
        "  - id: external-review",
        "    title: External review",
        "    deadline: {months: 4, from: previous_decision}",
        "    channel: mail",
        "    where: Independent review organization named in the final denial",
        "checks:",
        "  - id: lumbar-mri-prior-auth",
        "    when: {procedures: [72148, 72149, 72158]}",
        "    requires: [prior_auth]",
        "    severity: error",
        "    message: Lumbar MRI needs a prior authorization on file",
        "  - id: bilateral-modifier",
        "    when: {procedures: ['27447'], modifiers_absent: [LT, RT, '50']}",
        "    severity: warning",
        "    message: Knee replacement without a side modifier",
    ]
    return "\n".join(lines) + "\n"


def payer_file(n, reasons_here, rng):
    pid = f"bench-payer-{n:04d}"
    lines = [
        "# yaml-language-server: $schema=../schema/playbook.schema.json",
        f"# Bench payer {n}: generated by scripts/gen-playbooks.py.",
        "payer:",
        f"  id: {pid}",
        f"  name: Bench Payer {n:04d} Health Plan",
    ]
    plan = pick(rng, PLAN_TYPES, 1, 3)
    if rng.random() < 0.5:
        lines.append(f"  identifiers: {{payer_ids: [\"{90000 + n:05d}\", BP{n:04d}], names: [\"BENCH PAYER {n:04d}\", BENCH PYR {n:04d}]}}")
    else:
        lines += [
            "  identifiers:",
            "    payer_ids:",
            f"      - \"{90000 + n:05d}\"",
            f"      - BP{n:04d}",
            f"    names: [BENCH PAYER {n:04d}, \"BENCH PYR {n:04d}\"]",
        ]
    lines.append(f"  plan_types: [{', '.join(plan)}]")
    if rng.random() < 0.5:
        lines.append(f"  timely_filing: {{days: {rng.choice([90, 120, 180, 365])}, from: service_date}}")
    lines.append("extends: base/commercial-bench")
    lines.append(f"revision: {date(rng, 2025, 2026)}")
    own_proofs = [f"payer_form_{n:04d}", "medical_records_release"]
    lines.append("proofs:")
    lines.append(f"  payer_form_{n:04d}: {{title: Payer {n:04d} appeal form, description: Completed and signed}}")
    lines.append("  medical_records_release:")
    lines.append("    title: Records release")
    proof_ids = [p[0] for p in BASE_PROOFS] + own_proofs
    level_ids = ["reconsideration", "second-level", "external-review"]
    if rng.random() < 0.3:
        level_ids = ["reconsideration", "second-level", "external-review"]
        lines += [
            "appeal_levels:",
            "  - id: reconsideration",
            "    title: Reconsideration",
            f"    deadline: {{days: {rng.choice([60, 90, 180])}, from: remit_date, receipt_days: 5}}",
            "    channel: portal",
            f"    where: Bench Payer {n:04d} portal",
            "  - id: second-level",
            "    title: Second-level appeal",
            "    deadline: {business_days: 45, from: previous_decision}",
            "    channel: fax",
            "  - id: external-review",
            "    title: External review",
            "    deadline: {months: 4, from: previous_decision}",
            "    channel: mail",
            "    minimum_amount: 200.00",
        ]
    lines.append("denial_reasons:")
    for i in range(reasons_here):
        reason(lines, rng, i + 1, proof_ids, level_ids)
    nchecks = rng.randint(1, 3)
    lines.append("checks:")
    for c in range(nchecks):
        lines.append(f"  - id: payer-check-{c + 1}")
        lines.append(f"    title: Payer-specific check {c + 1}")
        lines.append(f"    when: {{procedures: [{rng.choice(PROCEDURE_RANGES)}], place_of_service: ['{rng.choice(POS)}']}}")
        if rng.random() < 0.5:
            lines.append(f"    unless: {{modifiers: [{rng.choice(MODIFIERS)}]}}")
        lines.append(f"    requires: [{', '.join(pick(rng, proof_ids, 1, 2))}]")
        lines.append(f"    severity: {rng.choice(['error', 'warning', 'info'])}")
        lines.append("    message: Attach the listed proofs before submitting")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--files", type=int, default=500)
    ap.add_argument("--reasons", type=int, default=50000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    if args.files < 1 or args.reasons < 0:
        sys.exit("gen-playbooks: --files must be >= 1 and --reasons >= 0")
    rng = random.Random(args.seed)
    os.makedirs(os.path.join(args.out, "base"), exist_ok=True)
    with open(os.path.join(args.out, "base", "commercial-bench.yaml"), "w") as f:
        f.write(base_file())
    total = 0
    size = 0
    for n in range(1, args.files + 1):
        here = args.reasons // args.files + (1 if n <= args.reasons % args.files else 0)
        text = payer_file(n, here, rng)
        with open(os.path.join(args.out, f"payer-{n:04d}.yaml"), "w") as f:
            f.write(text)
        total += here
        size += len(text.encode())
    print(f"gen-playbooks: wrote {args.files} payer files + 1 base, {total} denial reasons, "
          f"{size / 1e6:.1f} MB of payer YAML, to {args.out}")


if __name__ == "__main__":
    main()
