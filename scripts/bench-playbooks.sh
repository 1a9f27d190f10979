#!/usr/bin/env bash
# Playbook load benchmark (issue 2): load and validate 500 generated playbooks with 50,000
# denial reasons, as ratios to (a) a raw libyaml event pass over the same files (target: at
# most 1.5x) and (b) PyYAML's C loader, yaml.load(f, Loader=yaml.CSafeLoader) (target: faster).
# Everything is measured in this one run, on this machine.
#
#   scripts/bench-playbooks.sh [--runs N] [--regen]
#
# Environment: BENCH_DIR (default bench-data/playbooks), BENCH_SCRATCH (SwiftPM scratch path,
# default .build), PYTHON (default python3).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=5
regen=0
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --regen) regen=1; shift ;;
    *) echo "usage: scripts/bench-playbooks.sh [--runs N] [--regen]" >&2; exit 2 ;;
  esac
done

data="${BENCH_DIR:-bench-data/playbooks}"
scratch="${BENCH_SCRATCH:-.build}"
python="${PYTHON:-python3}"
venv="bench-data/venv"

scripts/ensure-deps.sh

# 1. Data (deterministic: seed 7).
if [ "$regen" = 1 ] || [ ! -f "$data/payer-0500.yaml" ]; then
  rm -rf "$data"
  "$python" scripts/gen-playbooks.py "$data" --files 500 --reasons 50000 --seed 7
fi

# 2. PyYAML with its libyaml binding, in a venv of its own.
if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import yaml' 2>/dev/null; then
  "$venv/bin/pip" install --quiet pyyaml
fi
if ! "$venv/bin/python" -c 'import yaml, sys; sys.exit(0 if hasattr(yaml, "CSafeLoader") else 1)'; then
  echo "bench-playbooks: PyYAML has no yaml.CSafeLoader (built without libyaml);" >&2
  echo "  install libyaml-dev and run: $venv/bin/pip install --force-reinstall --no-binary pyyaml pyyaml" >&2
  exit 1
fi

# 3. The Swift benchmark (release).
swift build --scratch-path "$scratch" -c release --product payerbook-bench >&2
bin="$(swift build --scratch-path "$scratch" -c release --show-bin-path)/payerbook-bench"
swift_out="$("$bin" playbooks "$data" --runs "$runs")"
echo "$swift_out"
swift_json="$(printf '%s\n' "$swift_out" | sed -n 's/^BENCH_JSON //p')"

# 4. PyYAML CSafeLoader over the same files (same list: every .yaml, *.test.yaml excluded), best
# of the same number of runs, then the ratios.
SWIFT_JSON="$swift_json" "$venv/bin/python" - "$data" "$runs" <<'PY'
import json, os, sys, time
import yaml

folder, runs = sys.argv[1], int(sys.argv[2])
files = []
for dirpath, dirnames, names in os.walk(folder):
    dirnames[:] = [d for d in dirnames if not d.startswith(".")]
    for n in names:
        if n.startswith(".") or not n.endswith((".yaml", ".yml")) or n.endswith((".test.yaml", ".test.yml")):
            continue
        files.append(os.path.join(dirpath, n))
files.sort()

def load_all():
    reasons = 0
    for path in files:
        with open(path, "rb") as f:
            doc = yaml.load(f, Loader=yaml.CSafeLoader)
        reasons += len(doc.get("denial_reasons") or [])
    return reasons

best = float("inf")
reasons = 0
for _ in range(runs):
    t = time.perf_counter()
    reasons = load_all()
    best = min(best, time.perf_counter() - t)

s = json.loads(os.environ["SWIFT_JSON"])
if len(files) != s["files"]:
    sys.exit(f"bench-playbooks: PyYAML saw {len(files)} files, the Swift bench {s['files']}")
mb = s["bytes"] / 1e6
py_mb = mb / best
print()
print(f"PyYAML {yaml.__version__} CSafeLoader (1 thread): {best:.3f} s, {py_mb:.1f} MB/s, {reasons} reasons")
print()
r_raw = s["payerbook_s"] / s["raw_libyaml_s"]
r_py = s["payerbook_s"] / best
r_par_py = s["payerbook_parallel_s"] / best
print("Ratios (best of %d, same run):" % runs)
print(f"  Payerbook / raw libyaml events, 1 thread : {r_raw:.2f}x   (target <= 1.5x: {'met' if r_raw <= 1.5 else 'MISSED'})")
print(f"  Payerbook / PyYAML CSafeLoader, 1 thread : {r_py:.2f}x   (target < 1.0x: {'met' if r_py < 1.0 else 'MISSED'})")
print(f"  Payerbook parallel ({s['cores']} cores) / raw libyaml : {s['ratio_parallel_raw']:.2f}x")
print(f"  Payerbook parallel ({s['cores']} cores) / PyYAML      : {r_par_py:.2f}x")
s.update({"pyyaml_version": yaml.__version__, "pyyaml_csafe_s": round(best, 4), "pyyaml_mb_s": round(py_mb, 1),
          "ratio_payerbook_pyyaml": round(r_py, 3), "ratio_parallel_pyyaml": round(r_par_py, 3)})
print("BENCH_RESULT " + json.dumps(s, separators=(",", ":")))
PY
