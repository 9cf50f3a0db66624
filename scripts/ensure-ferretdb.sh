#!/usr/bin/env bash
# Builds the embedded FerretDB (db/ferretdb) into .cache/ferretdb/ unless a build of the same sources is there.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
src="$root/db/ferretdb"
out="$root/.cache/ferretdb"
stamp="$(cat "$src/go.mod" "$src/go.sum" "$src/main.go" | sha256sum | cut -c1-16)"

if [ -x "$out/ferretdb" ] && [ "$(cat "$out/stamp" 2>/dev/null)" = "$stamp" ]; then
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "Go is needed once to build the embedded database (FerretDB): install Go 1.24+ or set MONGODB_URI." >&2
  exit 1
fi
# Go 1.21+ fetches the toolchain FerretDB's go.mod asks for (1.24) by itself; older ones cannot build it.
minor="$(go env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')"
if [ "${minor:-0}" -lt 21 ] 2>/dev/null; then
  echo "Go $(go env GOVERSION) is too old to build the embedded database: install Go 1.21+ or set MONGODB_URI." >&2
  exit 1
fi
mkdir -p "$out"
echo "Building the embedded database (FerretDB 1.24.2 on SQLite); the first build takes a few minutes..." >&2
(cd "$src" && CGO_ENABLED=0 go build -trimpath -o "$out/ferretdb.tmp" .)
mv "$out/ferretdb.tmp" "$out/ferretdb"
echo "$stamp" > "$out/stamp"
