#!/usr/bin/env bash
# Installs the Debian packages Payerbook builds against when they are missing:
# libyaml-dev (YAML), libsqlite3-dev (outcome store), pkg-config (to find them).
# Uses apt-get as root, sudo otherwise. Safe to run repeatedly.
set -euo pipefail

missing=()
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
if command -v pkg-config >/dev/null 2>&1; then
  pkg-config --exists yaml-0.1 || missing+=(libyaml-dev)
  pkg-config --exists sqlite3 || missing+=(libsqlite3-dev)
else
  missing+=(libyaml-dev libsqlite3-dev)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

echo "payerbook: installing missing system packages: ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
  apt_get=(apt-get)
elif command -v sudo >/dev/null 2>&1; then
  apt_get=(sudo apt-get)
else
  echo "payerbook: error: need root or sudo to install: ${missing[*]}" >&2
  echo "  help: run 'apt-get install -y ${missing[*]}' as root, then retry" >&2
  exit 2
fi
DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" update -qq
DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -qq "${missing[@]}"
