#!/usr/bin/env bash
# The main job on the bundled samples. Installs missing system packages, builds in release,
# then lints the sample playbooks.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh
swift build -c release --product payerbook >&2
bin="$(swift build -c release --show-bin-path)/payerbook"
echo "== payerbook lint playbooks/"
"$bin" lint playbooks/
