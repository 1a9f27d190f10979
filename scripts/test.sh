#!/usr/bin/env bash
# Runs the whole test suite: installs missing system packages, builds, runs every test,
# and checks that the generated files (schema, diagnostics reference) are current.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh
if [ -z "${PAYERBOOK_CORPUS:-}" ] && [ ! -d ../shared/corpus ]; then
  echo "note: ../shared/corpus not found and PAYERBOOK_CORPUS unset: real-file conformance tests will be skipped" >&2
fi
if [ ! -f ../shared/tools/gen835.py ]; then
  echo "note: ../shared/tools/gen835.py not found: the multi-process ingest tests (concurrency, kill, full disk) will be skipped" >&2
fi
swift build --build-tests -j 2
swift test --skip-build --parallel --num-workers 2
