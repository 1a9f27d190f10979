#!/usr/bin/env bash
# Evaluator benchmark (issue 4, Figures): 10,000 denial reasons across 200 generated payer
# playbooks, 1,000,000 generated denials. Reports evaluations per second on one core (routing +
# indexed matching, traces off; target >= 1,000,000/s), traces on, Facts building and end to end,
# the ratio to the plain linear evaluator, how the cost per denial grows from 100 to 10,000
# reasons (target <= 1.5x), and the ratio to zen-engine (PyPI `zen-engine`, GoRules) evaluating
# equivalent decision tables, all in this one run, on this machine.
#
#   scripts/bench-evaluator.sh [--denials N] [--runs N] [--zen-denials N] [--regen] [--no-zen]
#
# Scaling series (route + indexed match, traces off, --series-denials denials each):
#   spread/R : 50 reasons per payer playbook, 2 / 20 / 200 payers (reasons spread as in the
#              real world: more reasons means more payers);
#   payers100/R : 100 payers, 100 / 1,000 / 10,000 reasons (1 / 10 / 100 reasons per payer);
#   onepayer/R  : 1 payer with all 100 / 1,000 / 10,000 reasons (the index is per playbook by
#              CARC, so this is its worst case).
#
# Environment: BENCH_SCRATCH (SwiftPM scratch path, default .build), PYTHON (default python3).
set -euo pipefail
cd "$(dirname "$0")/.."

denials=1000000
runs=3
zen_denials=20000
series_denials=200000
regen=0
zen=1
while [ $# -gt 0 ]; do
  case "$1" in
    --denials) denials="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --zen-denials) zen_denials="$2"; shift 2 ;;
    --series-denials) series_denials="$2"; shift 2 ;;
    --regen) regen=1; shift ;;
    --no-zen) zen=0; shift ;;
    *) echo "usage: scripts/bench-evaluator.sh [--denials N] [--runs N] [--zen-denials N] [--series-denials N] [--regen] [--no-zen]" >&2; exit 2 ;;
  esac
done

data="bench-data/evaluator"
scratch="${BENCH_SCRATCH:-.build}"
python="${PYTHON:-python3}"
venv="bench-data/venv-zen"

scripts/ensure-deps.sh

# 1. Data (deterministic: seed 7). FOLDER is pPAYERS-rREASONS.
gen() {
  local dir="$data/p$1-r$2"
  if [ "$regen" = 1 ] || [ ! -f "$dir/.complete" ]; then
    rm -rf "$dir"
    "$python" scripts/gen-playbooks.py "$dir" --files "$1" --reasons "$2" --seed 7 >&2
    touch "$dir/.complete"
  fi
}
for spec in "200 10000" "2 100" "20 1000" "100 100" "100 1000" "100 10000" "1 100" "1 1000" "1 10000"; do
  gen $spec
done

# 2. The Swift benchmark (release, single thread, thread CPU time, best of --runs).
swift build --scratch-path "$scratch" -c release --product evaluator-bench >&2
bin="$(swift build --scratch-path "$scratch" -c release --show-bin-path)/evaluator-bench"
swift_out="$("$bin" "$data/p200-r10000" --denials "$denials" --runs "$runs" --linear 100000 \
  --export "$data/denials.jsonl" --export-count "$zen_denials" --series-denials "$series_denials" \
  --series spread/100="$data/p2-r100" --series spread/1000="$data/p20-r1000" --series spread/10000="$data/p200-r10000" \
  --series payers100/100="$data/p100-r100" --series payers100/1000="$data/p100-r1000" \
  --series payers100/10000="$data/p100-r10000" \
  --series onepayer/100="$data/p1-r100" --series onepayer/1000="$data/p1-r1000" --series onepayer/10000="$data/p1-r10000")"
echo "$swift_out"
swift_json="$(printf '%s\n' "$swift_out" | sed -n 's/^BENCH_JSON //p')"

# 3. zen-engine in a venv of its own, on the exported denials (same facts, same reasons).
[ "$zen" = 1 ] || exit 0
echo
if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import zen' 2>/dev/null; then
  if ! "$venv/bin/pip" install --quiet zen-engine; then
    echo "bench-evaluator: zen-engine could not be installed (pip install zen-engine failed): no zen ratio" >&2
    exit 0
  fi
fi
SWIFT_JSON="$swift_json" "$venv/bin/python" scripts/bench-zen.py "$data/denials.jsonl" --runs "$runs"
