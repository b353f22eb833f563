#!/usr/bin/env bash
# Puts DuckDB's delta extension at the path given (<extension_directory>/v<version>/<platform>/delta.duckdb_extension):
# the file PyPI's duckdb-extension-delta ships, at the version pinned in superset/requirements.txt. DuckDB's own
# `INSTALL delta` downloads from DuckDB's extension site instead, which not every machine reaches.
# Needs python3 with venv (Debian: python3-venv). Usage: install-delta-extension.sh TARGET_FILE
set -euo pipefail
target="${1:?usage: install-delta-extension.sh TARGET_FILE}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pin="$(grep -E '^duckdb-extension-delta==' "$here/superset/requirements.txt")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" download -q --disable-pip-version-check --no-deps --only-binary=:all: -d "$work/wheel" "$pin"
"$work/venv/bin/python" -m zipfile -e "$work"/wheel/*.whl "$work/unpacked"
found="$(find "$work/unpacked" -name delta.duckdb_extension | head -n 1)"
[ -n "$found" ] || { echo "install-delta-extension: no delta.duckdb_extension in $pin" >&2; exit 1; }
mkdir -p "$(dirname "$target")"
cp "$found" "$target.tmp" && mv "$target.tmp" "$target"
echo "install-delta-extension: $pin -> $target" >&2
