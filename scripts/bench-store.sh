#!/usr/bin/env bash
# Outcome store benchmark (issue 5, Figures): ingest a generated 835 with 1,000,000 claims
# (../shared/tools/gen835.py, seed 1) with matching into a fresh SQLite database, and the same
# read + match with no database, in one process; reports claims/s of both and the ratio (target:
# the store costs at most 3x the pure read-and-match time), the database size per claim, the
# second ingest of the same file (sha256 skip), and the worklist query times (default,
# --due-within 30, --payer, --reason; cold and warm, best of 20; target < 100 ms). With --extra
# N (default 2), N more generated files (seeds 2, 3, ...) are then ingested into the same
# database so the worklist is also timed at over a million denials.
#
#   scripts/bench-store.sh [--claims N] [--extra N] [--runs N] [--playbooks DIR] [--today DATE] [--regen]
#
# Playbooks: the sample playbooks/ folder. gen835.py writes payer `ACME HEALTH PLAN`, id
# 60054, which playbooks/acme-health.yaml lists, so every denial is routed and matched.
# Environment: BENCH_SCRATCH (SwiftPM scratch path, default .build), PYTHON (default python3),
# GEN835 (default ../shared/tools/gen835.py).
set -euo pipefail
cd "$(dirname "$0")/.."

claims=1000000
extra=2
runs=2
playbooks=playbooks
today=2026-12-10
regen=0
while [ $# -gt 0 ]; do
  case "$1" in
    --claims) claims="$2"; shift 2 ;;
    --extra) extra="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --playbooks) playbooks="$2"; shift 2 ;;
    --today) today="$2"; shift 2 ;;
    --regen) regen=1; shift ;;
    *) echo "usage: scripts/bench-store.sh [--claims N] [--extra N] [--runs N] [--playbooks DIR] [--today DATE] [--regen]" >&2; exit 2 ;;
  esac
done

data="bench-data/store"
scratch="${BENCH_SCRATCH:-.build}"
python="${PYTHON:-python3}"
gen="${GEN835:-../shared/tools/gen835.py}"
mkdir -p "$data"

scripts/ensure-deps.sh

# 1. Data (deterministic by seed).
gen() {
  local file="$data/claims-$claims-s$1.835"
  if [ "$regen" = 1 ] || [ ! -f "$file" ]; then
    echo "bench-store: generating $file" >&2
    "$python" "$gen" "$claims" "$1" > "$file.tmp"
    mv "$file.tmp" "$file"
  fi
  printf '%s\n' "$file"
}
main_file="$(gen 1)"
extra_files=()
for ((s = 2; s < extra + 2; s++)); do extra_files+=("$(gen "$s")"); done

# 2. The Swift benchmark (release).
swift build --scratch-path "$scratch" -c release --product store-bench >&2
bin="$(swift build --scratch-path "$scratch" -c release --show-bin-path)/store-bench"
args=("$main_file" --playbooks "$playbooks" --db "$data/bench.db" --today "$today" --runs "$runs" --query-runs 20)
if [ "${#extra_files[@]}" -gt 0 ]; then args+=(--extra "${extra_files[@]}"); fi
out="$("$bin" "${args[@]}")"
echo "$out"
rm -f "$data/bench.db" "$data/bench.db-wal" "$data/bench.db-shm"
