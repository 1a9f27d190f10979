#!/usr/bin/env python3
"""Writes the synthetic demo samples in samples/: X12 835 remittances, the 837P claims they
answer, and case JSON for pre-submission checks. Everything is made up: fake patients, fake
payer claim numbers, the fictional payers of playbooks/. Rerun after editing; the files are
committed so the demo needs no Python.

    python3 scripts/make-samples.py
"""
import json
import os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "samples")


def interchange(segments, functional_id, control):
    """Wraps transaction segments in ISA/GS/ST...SE/GE/IEA with correct counts."""
    isa = ("ISA*00*          *00*          *ZZ*ORTHOPARTNERS  *ZZ*CLEARINGHOUSE  "
           f"*261120*0930*^*00501*{control:09d}*0*P*:")
    assert len(isa) + 1 == 106, len(isa)
    version = "005010X221A1" if functional_id == "HP" else "005010X222A1"
    kind = "835" if functional_id == "HP" else "837"
    body = [f"ST*{kind}*0001" + ("*" + version if kind == "837" else "")] + segments
    body.append(f"SE*{len(body) + 1}*0001")
    out = [isa, f"GS*{functional_id}*ORTHOPARTNERS*CLEARINGHOUSE*20261120*0930*{control}*X*{version}"]
    out += body
    out += [f"GE*1*{control}", f"IEA*1*{control:09d}"]
    return "~\n".join(out) + "~\n"


def remit_835(payer_name, payer_id, pay_date, notice_date, claims, trace, total):
    seg = [
        f"BPR*I*{total}*C*ACH*CCP*01*999999992*DA*123456*1512345678**01*999988880*DA*98765*{pay_date}",
        f"TRN*1*{trace}*1512345678",
        f"DTM*405*{notice_date}",
        f"N1*PR*{payer_name}",
        "N3*PO BOX 1000",
        "N4*COLUMBUS*OH*43215",
        f"REF*2U*{payer_id}",
        "N1*PE*ORTHO PARTNERS OF SPRINGFIELD*XX*1234567893",
        "LX*1",
    ]
    for c in claims:
        seg += c
    return seg


def claim_835(pcn, status, billed, paid, pr, filing, icn, lines, claim_cas=None, remarks=None):
    seg = [f"CLP*{pcn}*{status}*{billed}*{paid}*{pr}*{filing}*{icn}*11*1"]
    if claim_cas:
        seg.append(claim_cas)
    seg.append("NM1*QC*1*SAMPLE*PAT****MI*ZZ0000001")
    if remarks:
        seg.append("MOA***" + "*".join(remarks))
    seg += lines
    return seg


def line_835(code, billed, paid, dos, cas, ref, remarks=()):
    seg = [f"SVC*HC:{code}*{billed}*{paid}**1", f"DTM*472*{dos}"]
    seg += cas
    seg.append(f"REF*6R*{ref}")
    for r in remarks:
        seg.append(f"LQ*HE*{r}")
    return seg


def claims_837(payer_name, payer_id, filing, claims, submitted):
    seg = [
        f"BHT*0019*00*BATCH1*{submitted}*0900*CH",
        "NM1*41*2*ORTHO PARTNERS OF SPRINGFIELD*****46*ORTHO01",
        "PER*IC*BILLING OFFICE*TE*5555550100",
        "NM1*40*2*CLEARINGHOUSE*****46*CH01",
        "HL*1**20*1",
        "NM1*85*2*ORTHO PARTNERS OF SPRINGFIELD*****XX*1234567893",
        "N3*100 MAIN ST",
        "N4*SPRINGFIELD*OH*45501",
        "REF*EI*311234567",
    ]
    hl = 2
    for c in claims:
        seg += [
            f"HL*{hl}*1*22*0",
            f"SBR*P*18*GRP01******{filing}",
            f"NM1*IL*1*SAMPLE*PATIENT{hl}****MI*ZZ00000{hl}",
            f"NM1*PR*2*{payer_name}*****PI*{payer_id}",
        ]
        hl += 1
        total = sum(l[1] for l in c["lines"])
        seg.append(f"CLM*{c['pcn']}*{total}***{c['pos']}:B:1*Y*A*Y*Y")
        for pwk in c.get("pwk", []):
            seg.append(f"PWK*{pwk}*FX***AC*{c['pcn']}{pwk}")
        if c.get("auth"):
            seg.append(f"REF*G1*{c['auth']}")
        dx = c["dx"]
        seg.append("HI*ABK:" + dx[0] + "".join(f"*ABF:{d}" for d in dx[1:]))
        for i, (code, charge, dos, ref) in enumerate(c["lines"], 1):
            seg += [f"LX*{i}", f"SV1*HC:{code}*{charge}*UN*1***1", f"DTP*472*D8*{dos}", f"REF*6R*{ref}"]
    return seg


def write(path, text):
    full = os.path.join(ROOT, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(text)


# Acme Health (commercial, payer id 60054): claims sent 2026-10-20, remittance 2026-11-20.
acme_claims = [
    {"pcn": "ACC1001", "pos": "22", "dx": ["M1711", "M2321"], "pwk": ["OB"], "auth": "ACME-PA-5521",
     "lines": [("29881:RT", 2800, "20261015", "1001-1")]},
    {"pcn": "ACC1002", "pos": "22", "dx": ["M5416"], "lines": [("72148", 1450, "20261009", "1002-1")]},
    {"pcn": "ACC1003", "pos": "11", "dx": ["M1711"],
     "lines": [("99213:25", 180, "20261012", "1003-1"), ("20610:RT", 240, "20261012", "1003-2")]},
    {"pcn": "ACC1004", "pos": "11", "dx": ["S83241A"], "lines": [("99214", 260, "20261013", "1004-1")]},
]
write("claims/acme-health-2026-10.837",
      interchange(claims_837("ACME HEALTH PLAN", "60054", "CI", acme_claims, "20261020"), "HC", 1101))

acme_remit = remit_835("ACME HEALTH PLAN", "60054", "20261120", "20261118", [
    claim_835("ACC1001", "4", 2800, 0, 0, "CI", "ACM2611180001", line_835("29881:RT", 2800, 0, "20261015", ["CAS*CO*50*2800"], "1001-1", ["N115"])),
    claim_835("ACC1002", "4", 1450, 0, 0, "CI", "ACM2611180002", line_835("72148", 1450, 0, "20261009", ["CAS*CO*197*1450"], "1002-1")),
    claim_835("ACC1003", "1", 420, 144, 36, "CI", "ACM2611180003",
              line_835("99213:25", 180, 144, "20261012", ["CAS*PR*3*36"], "1003-1")
              + line_835("20610:RT", 240, 0, "20261012", ["CAS*CO*97*240"], "1003-2", ["M15"])),
    claim_835("ACC1004", "4", 260, 0, 0, "CI", "ACM2611180004", line_835("99214", 260, 0, "20261013", ["CAS*CO*16*260"], "1004-1", ["MA130"])),
    claim_835("ACC1005", "1", 300, 210, 0, "CI", "ACM2611180005", line_835("99213", 300, 210, "20261014", ["CAS*CO*45*90"], "1005-1")),
], "ACM-EFT-20261120", 354)
write("remits/acme-health-2026-11.835", interchange(acme_remit, "HP", 2201))

# Medicare Part B through a MAC (routed by default_for, filing indicator MB).
mcr_claims = [
    {"pcn": "MCR2001", "pos": "22", "dx": ["M1711"], "pwk": ["OB"],
     "lines": [("29881", 1900, "20260922", "2001-1")]},
]
write("claims/medicare-b-2026-09.837",
      interchange(claims_837("NOVITAS SOLUTIONS", "12502", "MB", mcr_claims, "20260925"), "HC", 1102))
mcr_remit = remit_835("NOVITAS SOLUTIONS", "12502", "20261102", "20261030", [
    claim_835("MCR2001", "1", 1900, 0, 0, "MB", "MCR2610300001", line_835("29881", 1900, 0, "20260922", ["CAS*CO*50*1900"], "2001-1", ["N386"])),
], "MCR-EFT-20261102", 0)
write("remits/medicare-b-2026-10.835", interchange(mcr_remit, "HP", 2202))

# A new case before submission: the same knee scope for Acme, without the conservative-care
# notes or the authorization the last denial taught us to attach.
case = {
    "patient_control_number": "ACC1101",
    "payer": {"name": "ACME HEALTH PLAN", "id": "60054"},
    "filing_indicator": "CI",
    "place_of_service": "22",
    "total_charge": 2800.00,
    "diagnoses": ["M17.11", "M23.21"],
    "lines": [{"procedure": {"code": "29881", "modifiers": ["RT"]}, "charge": 2800.00, "units": 1,
               "service_from": "2026-12-10", "line_control_number": "1101-1"}],
    "attachments": [{"report_type": "OB", "transmission_code": "FX"}],
    "submission_date": "2026-12-03",
}
write("cases/acme-knee-scope.json", json.dumps(case, indent=2) + "\n")
ready = dict(case, patient_control_number="ACC1102",
             diagnoses=["S83.241A"],
             prior_authorization={"number": "ACME-PA-6001", "expires": "2027-01-31"},
             attachments=[{"report_type": "OB", "transmission_code": "FX"}, {"report_type": "PN", "transmission_code": "FX"}])
write("cases/acme-knee-scope-ready.json", json.dumps(ready, indent=2) + "\n")
print("wrote samples/")
