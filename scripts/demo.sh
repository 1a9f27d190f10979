#!/usr/bin/env bash
# The main job on the bundled samples: installs missing system packages, builds in release, then
#  1. lints the sample playbooks,
#  2. prints appeal checklists for real public sample remittances (../shared/corpus, when present)
#     and for our synthetic remittances with their linked 837P claims,
#  3. runs a pre-submission check on synthetic cases, one of which fails for a lesson learned
#     from a past denial.
# Days left are computed as of --today (default: the real date; set PAYERBOOK_TODAY to pin it).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh
swift build -c release --product payerbook >&2
bin="$(swift build -c release --show-bin-path)/payerbook"
today=(); [ -n "${PAYERBOOK_TODAY:-}" ] && today=(--today "$PAYERBOOK_TODAY")

section() { printf '\n\033[1m== %s\033[0m\n\n' "$*"; }

section "payerbook lint playbooks/"
"$bin" lint playbooks/

section "payerbook appeal: synthetic Acme Health remittance, with the original 837P claims"
"$bin" appeal samples/remits/acme-health-2026-11.835 --claims samples/claims/acme-health-2026-10.837 "${today[@]}"

section "payerbook appeal: synthetic Medicare Part B remittance (routed to the Medicare playbook)"
"$bin" appeal samples/remits/medicare-b-2026-10.835 --claims samples/claims/medicare-b-2026-09.837 "${today[@]}"

corpus="${PAYERBOOK_CORPUS:-../shared/corpus}"
tmp="$(mktemp -d)"
if [ -d "$corpus/835" ]; then
  for f in "$corpus/835/Inteligenz__X12Parser__835_WithMultipleInterchanges.txt" "$corpus/835/keironstoddart__edi-835-parser__emedny_sample.txt"; do
    [ -f "$f" ] || continue
    section "payerbook appeal: real public sample $(basename "$f") (the first checklist)"
    out="$("$bin" appeal "$f" "${today[@]}" 2>"$tmp/warnings" || true)"
    # The first checklist whole, then the closing summary line of all of them.
    printf '%s\n' "$out" | awk '/^(Appeal checklist|Corrected claim checklist|Write-off)/ { n++ } n <= 1'
    printf '%s\n' "$out" | tail -1
    warnings=$(grep -c 'warning\[' "$tmp/warnings" || true)
    [ "$warnings" -gt 0 ] && echo "   ($warnings reader warnings on this file, e.g. amounts that do not balance: see \`payerbook remit $f\`)"
  done
else
  echo "note: no public corpus at $corpus; skipping the real sample remittances" >&2
fi

section "payerbook check: new cases before submission"
"$bin" check samples/cases/acme-knee-scope.json samples/cases/acme-knee-scope-ready.json "${today[@]}" || true

section "payerbook ingest + worklist: the outcome store (a temporary database)"
db="$(mktemp -d)/demo.db"
"$bin" ingest --db "$db" samples/remits/*.835 samples/claims/*.837 "${today[@]}"
"$bin" worklist --db "$db" "${today[@]}"
rm -rf "$(dirname "$db")"
