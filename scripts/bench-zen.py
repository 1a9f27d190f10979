#!/usr/bin/env python3
"""zen-engine (GoRules, PyPI `zen-engine`) on the evaluator benchmark's denials.

    bench-zen.py DENIALS.jsonl [--runs 3] [--limit N] [--swift-json JSON]

Reads what `evaluator-bench --export DENIALS.jsonl` wrote: DENIALS.jsonl.rules.json (every
playbook's denial reasons, codes normalized as the Swift side packs them) and the denials (one
JSON object a line: normalized facts, the playbook the Swift router chose, and the reason ids
the Swift evaluator matched). Builds one JDM decision per payer playbook: input node ->
decision table (hit policy "collect", one row per reason, output the reason id) -> output node.
Checks that zen matches exactly the same reason ids as Swift for every denial, then times
decision.evaluate(denial) over all denials, one thread, best of --runs, and prints
evaluations/s and a `ZEN_JSON ` line. Routing is the Swift router's answer (a list index
here); zen evaluates the routed playbook's table.

How the conditions translate (each input column gets a unary test with `$`; an empty cell
matches anything):
  group + carc   : one column on `adjustments`:
                   some($, #.group in [..] and #.carc in [..]), both on the same adjustment.
  rarc           : some($, # in [..]) on `remarks`.
  procedures     : some($, P1) or some($, P2) ... on `procedures`, where each code is an object
                   {c: code, s: shape, n: number}, see below.
  procedures_all : some($, P1) and some($, P2) ...
  modifiers      : some($, # in [..]) on `modifiers` (every denied line's modifiers, flat:
                   the Swift semantics "any modifier on any procedure").
  modifiers_absent: not some($, # in [..]) on `modifiers`.
  diagnoses      : some($, P1) or ... on `diagnoses` (unknown is given as [], which fails
                   the same way).
  place_of_service / plan_types: $ in [..] (unknown given as "").
  billed_over    : $ > X on `billed` (a number).
  effective      : $ < 0 or $ >= FROM and $ <= UNTIL on `date` (YYYYMMDD as a number; an
                   unknown date is given as -1 and passes, as in Swift).
Parsing: zen's unary parser (decision table cells) reads `(` as the start of an interval and
gives `and` and `or` the same precedence, left to right (`true or x == 1 and y > 2` is
`(true or x == 1) and y > 2` in a cell, unlike in a plain expression), so every cell is written
as a chain of one operator over atoms: `some(...) or some(...)`, `A and B and C`. The whole
translation is checked against the Swift results, denial by denial, before timing.
Code patterns (codes upper-cased, dots removed, as PackedCode does):
  exact  X       : #.c == "X"
  prefix X*      : startsWith(#.c, "X")
  range  L-H     : zen's expression language cannot compare strings (`"a" < "b"` is a VM
                   error), so each code carries its shape `s` (letters kept, every other
                   character `#`) and the number `n` its digits make; the range becomes
                   #.s == shape(L) and #.n >= digits(L) and #.n <= digits(H). This is the Swift
                   rule exactly (same length, letters where L has them, L <= code <= H) when
                   L and H have the same shape, which every generated range does (checked).
"""

import argparse
import json
import os
import sys
import time

import zen


def shape_and_number(code):
    shape = "".join(ch if ord(ch) >= 0x41 else "#" for ch in code)
    digits = "".join(ch for ch in code if ch.isdigit())
    return shape, int(digits) if digits else -1


def q(s):
    return json.dumps(s)


def code_list(values):
    return "[" + ", ".join(q(v) for v in values) + "]"


def pattern_test(p):
    if "exact" in p:
        return f"#.c == {q(p['exact'])}"
    if "prefix" in p:
        return f"startsWith(#.c, {q(p['prefix'])})"
    ls, ln = shape_and_number(p["low"])
    hs, hn = shape_and_number(p["high"])
    if ls != hs:
        sys.exit(f"bench-zen: range {p['low']}-{p['high']}: ends of different shapes, no exact translation")
    return f"#.s == {q(ls)} and #.n >= {ln} and #.n <= {hn}"


def any_pattern(patterns):
    # some($, P1 or P2) written as some($, P1) or some($, P2): see the note on parsing above.
    return " or ".join(f"some($, {pattern_test(p)})" for p in patterns)


COLUMNS = ["adjustments", "remarks", "procedures", "procedures_all", "modifiers", "diagnoses", "pos", "plan",
           "billed", "date"]
FIELDS = {"procedures_all": "procedures"}


def rule_cells(r):
    cells = {}
    adj = []
    if "groups" in r:
        adj.append(f"#.group in {code_list(r['groups'])}")
    if "carcs" in r:
        adj.append(f"#.carc in {code_list(r['carcs'])}")
    if adj:
        cells["adjustments"] = "some($, " + " and ".join(adj) + ")"
    if "rarcs" in r:
        cells["remarks"] = f"some($, # in {code_list(r['rarcs'])})"
    if "procedures" in r:
        cells["procedures"] = any_pattern(r["procedures"])
    if "procedures_all" in r:
        cells["procedures_all"] = " and ".join(any_pattern([p]) for p in r["procedures_all"])
    mods = []
    if "modifiers" in r:
        mods.append(f"some($, # in {code_list(r['modifiers'])})")
    if "modifiers_absent" in r:
        mods.append(f"not some($, # in {code_list(r['modifiers_absent'])})")
    if mods:
        cells["modifiers"] = " and ".join(mods)
    if "diagnoses" in r:
        cells["diagnoses"] = any_pattern(r["diagnoses"])
    if "pos" in r:
        cells["pos"] = f"$ in {code_list(r['pos'])}"
    if "plan_types" in r:
        cells["plan"] = f"$ in {code_list(r['plan_types'])}"
    if "billed_over" in r:
        cells["billed"] = f"$ > {r['billed_over']}"
    if r.get("from") is not None or r.get("until") is not None:
        parts = []
        if r.get("from") is not None:
            parts.append(f"$ >= {r['from']}")
        if r.get("until") is not None:
            parts.append(f"$ <= {r['until']}")
        cells["date"] = "$ < 0 or " + " and ".join(parts)
    return cells


def decision_for(reasons):
    inputs = [{"id": f"in_{c}", "name": c, "field": FIELDS.get(c, c)} for c in COLUMNS]
    rules = []
    for k, r in enumerate(reasons):
        cells = rule_cells(r)
        row = {"_id": f"r{k}", "out_id": q(r["id"])}
        for c in COLUMNS:
            row[f"in_{c}"] = cells.get(c, "")
        rules.append(row)
    return {
        "nodes": [
            {"id": "request", "type": "inputNode", "name": "request", "position": {"x": 0, "y": 0}},
            {"id": "reasons", "type": "decisionTableNode", "name": "reasons", "position": {"x": 300, "y": 0},
             "content": {"hitPolicy": "collect", "inputs": inputs,
                         "outputs": [{"id": "out_id", "name": "id", "field": "id"}], "rules": rules}},
            {"id": "response", "type": "outputNode", "name": "response", "position": {"x": 600, "y": 0}},
        ],
        "edges": [
            {"id": "e1", "sourceId": "request", "targetId": "reasons", "type": "edge"},
            {"id": "e2", "sourceId": "reasons", "targetId": "response", "type": "edge"},
        ],
    }


def ids_of(result):
    # Collect: a list of output objects; with a single match some versions return the list too.
    if isinstance(result, list):
        return [x["id"] for x in result]
    if isinstance(result, dict) and "id" in result:
        return [result["id"]]
    return []


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("denials")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--swift-json", default=os.environ.get("SWIFT_JSON", ""))
    args = ap.parse_args()

    with open(args.denials + ".rules.json") as f:
        playbooks = json.load(f)["playbooks"]
    with open(args.denials) as f:
        lines = f.read().splitlines()
    if args.limit:
        lines = lines[: args.limit]
    denials = [json.loads(line) for line in lines]

    engine = zen.ZenEngine()
    t = time.perf_counter()
    decisions = [engine.create_decision(json.dumps(decision_for(pb["reasons"]))) for pb in playbooks]
    build_s = time.perf_counter() - t
    reasons = sum(len(pb["reasons"]) for pb in playbooks)

    # Inputs without the bookkeeping fields; routed denials only (unrouted ones have no table).
    work = []
    for d in denials:
        p = d.pop("playbook")
        expect = d.pop("expect")
        # Unknowns, as values no condition accepts (the Swift semantics; zen's `and`/`or` do
        # not short-circuit a null into a type error): diagnoses [] (a diagnoses condition fails
        # on unknown and on none alike), place of service and plan "", date -1 (passes).
        if d["diagnoses"] is None:
            d["diagnoses"] = []
        if d["pos"] is None:
            d["pos"] = ""
        if d["plan"] is None:
            d["plan"] = ""
        if d["date"] is None:
            d["date"] = -1
        if p >= 0:
            work.append((p, d, expect))
    options = {"trace": False}

    # Equivalence: the same reason ids (as sets; Swift ranks them, zen keeps table order).
    mismatches = 0
    matched = 0
    for p, d, expect in work:
        got = ids_of(decisions[p].evaluate(d, options)["result"])
        matched += len(got)
        if sorted(got) != sorted(expect):
            mismatches += 1
            if mismatches <= 5:
                print(f"bench-zen: mismatch: zen {sorted(got)} swift {sorted(expect)} for {json.dumps(d)}", file=sys.stderr)
    if mismatches:
        sys.exit(f"bench-zen: {mismatches} of {len(work)} denials differ from the Swift evaluator")

    def run_dicts():
        n = 0
        for p, d, _ in work:
            n += len(ids_of(decisions[p].evaluate(d, options)["result"]))
        return n

    # The same denials as JSON text (zen parses it in Rust, skipping Python dict conversion).
    texts = [(p, json.dumps(d)) for p, d, _ in work]

    def run_texts():
        n = 0
        for p, s in texts:
            n += len(ids_of(decisions[p].evaluate(s, options)["result"]))
        return n

    def best(fn):
        b = float("inf")
        for _ in range(args.runs):
            t0 = time.thread_time()
            c = fn()
            b = min(b, time.thread_time() - t0)
            if c != matched:
                sys.exit("bench-zen: match count changed between runs")
        return b

    dict_s = best(run_dicts)
    text_s = best(run_texts)
    best_s = min(dict_s, text_s)
    rate = len(work) / best_s
    out = {"zen_version": getattr(zen, "__version__", None), "denials": len(work), "playbooks": len(playbooks),
           "reasons": reasons, "matches": matched, "build_s": round(build_s, 3),
           "dict_per_s": round(len(work) / dict_s), "text_per_s": round(len(work) / text_s), "per_s": round(rate)}
    try:
        from importlib.metadata import version
        out["zen_version"] = version("zen-engine")
    except Exception:
        pass
    print(f"zen-engine {out['zen_version']}: {len(playbooks)} decision tables, {reasons} rows, built in {build_s:.2f} s")
    print(f"  {len(work)} routed denials, identical reason ids to the Swift evaluator for all, {matched} matches")
    print(f"  decision.evaluate(dict):      {len(work) / dict_s:12,.0f} evaluations/s (one thread, CPU time, best of {args.runs})")
    print(f"  decision.evaluate(json text): {len(work) / text_s:12,.0f} evaluations/s")
    if args.swift_json:
        s = json.loads(args.swift_json)
        ratio = s["indexed_per_s"] / rate
        out["swift_per_s"] = s["indexed_per_s"]
        out["ratio_swift_zen"] = round(ratio, 1)
        print(f"  Swift indexed (traces off) / zen-engine best: {ratio:,.1f}x")
    print("ZEN_JSON " + json.dumps(out, separators=(",", ":")))


if __name__ == "__main__":
    main()
