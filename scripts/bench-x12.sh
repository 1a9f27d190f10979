#!/usr/bin/env bash
# Benchmark of the X12 reader (issue 3): throughput (CPU time, so a busy machine does not skew it)
# on a generated ~100 MB 835, as ratios against a
# bare byte scan of the same file (in the same run) and against pyx12's X12Reader; with --big,
# peak memory (max RSS) on a ~1 GB file.
#
# usage: scripts/bench-x12.sh [--big] [--no-pyx12]
# Needs python3 and ../shared/tools/gen835.py. Data goes to bench-data/ (gitignored).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
big=0
pyx12=1
for arg in "$@"; do
  case "$arg" in
    --big) big=1 ;;
    --no-pyx12) pyx12=0 ;;
    *) echo "unknown option $arg" >&2; exit 2 ;;
  esac
done
gen="$root/../shared/tools/gen835.py"
scratch=${X12_BENCH_SCRATCH:-/tmp/x12-build}
mkdir -p bench-data
if [ ! -s bench-data/big.835 ]; then
  echo "generating bench-data/big.835 (200000 claims)..."
  python3 "$gen" 200000 > bench-data/big.835
fi
echo "building x12-bench (release)..."
swift build -c release --scratch-path "$scratch" --product x12-bench 2>&1 | tail -1
bench="$scratch/release/x12-bench"

echo
echo "== Swift: byte scan, syntax layer, 835 model + denial rule streamed, the denial-only path (claim lane), the model floor, and read(path:) (best of 3)"
out=$("$bench" bench-data/big.835 --repeat 3)
echo "$out"
scan_s=$(echo "$out" | awk '$1=="byte-scan"{print $2}')
remit_s=$(echo "$out" | awk '$1=="remit+denials"{print $2}')
denials_s=$(echo "$out" | awk '$1=="denials-only"{print $2}')
read_s=$(echo "$out" | awk '$1=="read(path:)"{print $2}')
floor_s=$(echo "$out" | awk '$1=="model-floor"{print $2}')
appeal_s=$(echo "$out" | awk '$1=="readDenials"{print $2}')
size_mb=$(python3 -c "import os;print(os.path.getsize('bench-data/big.835')/1e6)")

if [ "$pyx12" = 1 ]; then
  echo
  echo "== pyx12 X12Reader iterating segments"
  if [ ! -x bench-data/venv/bin/python ]; then
    python3 -m venv bench-data/venv
    bench-data/venv/bin/pip install --quiet pyx12
  fi
  # pyx12 is slow: time it on the first 20000 claims' worth of the same generator (~10 MB) and
  # compare throughput (MB/s); the work per byte is the same.
  if [ ! -s bench-data/pyx12.835 ]; then python3 "$gen" 20000 > bench-data/pyx12.835; fi
  py_out=$(bench-data/venv/bin/python - bench-data/pyx12.835 <<'PY'
import sys, time
import pyx12.x12file
path = sys.argv[1]
start = time.process_time()
n = 0
with open(path) as f:
    for seg in pyx12.x12file.X12Reader(f):
        n += 1
t = time.process_time() - start
import os
mb = os.path.getsize(path) / 1e6
print(f"pyx12 {t:.3f} s {mb/t:.2f} MB/s segments={n}")
PY
)
  echo "$py_out"
  py_mbs=$(echo "$py_out" | awk '{print $4}')
  "$bench" bench-data/pyx12.835 --repeat 3 --only remit | tail -1 | sed 's/^/swift on the same file: /'
  "$bench" bench-data/pyx12.835 --repeat 3 --only denials | tail -1 | sed 's/^/swift on the same file: /'
  python3 - "$size_mb" "$scan_s" "$remit_s" "$py_mbs" "$read_s" "$denials_s" "$floor_s" "$appeal_s" <<'PY'
import sys
size, scan, remit, py, read, denials, floor, appeal = map(float, sys.argv[1:])
print()
for name, t in (("denial-only path (RemittanceReader.denials)", denials),
                ("streamed reading + denial extraction (full model)", remit),
                ("RemittanceReader.readDenials (what `payerbook appeal` pays)", appeal),
                ("RemittanceReader.read (what `payerbook remit` pays: every claim kept)", read)):
    print(f"{name}: {size/t:.1f} MB/s")
    print(f"  vs byte scan: {t/scan:.2f}x the byte scan's time (target: within 4x)")
    print(f"  vs pyx12 segment iteration: {size/t/py:.0f}x faster (target: 100x)")
print()
print("what the model of the denied claims costs by itself (ClaimPayment values re-made from values")
print("already in memory, every array allocated anew, nothing parsed, then freed):")
print(f"  {floor:.3f} s = {floor/scan:.2f}x the byte scan; {floor/denials*100:.0f}% of the denial-only path")
budget = size / 300
print(f"  at 300 MB/s the whole read may take {budget:.3f} s: {budget - floor:.3f} s would be left for reading,")
print(f"  splitting and checking {size:.0f} MB, against {scan:.3f} s for the bare byte scan alone")
print(f"  within 4x of the byte scan: {4*scan:.3f} s, of which the model takes {floor/(4*scan)*100:.0f}%")
PY
fi

if [ "$big" = 1 ]; then
  echo
  echo "== peak memory on ~1 GB (2,000,000 claims)"
  if [ ! -s bench-data/huge.835 ]; then python3 "$gen" 2000000 > bench-data/huge.835; fi
  ls -l bench-data/huge.835 | awk '{printf "file: %.0f MB\n", $5/1e6}'
  for only in remit denials; do
    echo "-- $only"
    /usr/bin/time -v "$bench" bench-data/huge.835 --repeat 1 --only $only 2> bench-data/time.txt | tail -1
    grep -E "Maximum resident set size|Elapsed" bench-data/time.txt
  done
fi
