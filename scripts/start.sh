#!/usr/bin/env bash
# Starts CivicLine: builds the embedded database and the TypeScript if needed, creates .env on first run.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f .env ]; then
  cp .env.example .env
  echo "Created .env from .env.example (development placeholders: put your Twilio values there)." >&2
fi
if ! grep -qE '^MONGODB_URI=.+' .env && [ -z "${MONGODB_URI:-}" ]; then
  bash scripts/ensure-ferretdb.sh
fi
bash scripts/fetch-webchat.sh  # the Web Chat bundle (already there after npm ci)
# Compile only when the server's sources changed since the last build: a restart after a crash is then quick.
stamp="$(find . \( -path ./node_modules -o -path ./dist -o -path ./test -o -path ./scripts -o -path ./.cache -o -path ./data \) -prune \
  -o \( -name '*.ts' -o -name 'tsconfig*.json' -o -name package-lock.json \) -type f -print | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)"
if [ ! -f dist/server.js ] || [ "$(cat dist/.source-stamp 2>/dev/null)" != "$stamp" ]; then
  npx tsc -p tsconfig.build.json
  echo "$stamp" > dist/.source-stamp
fi
# Under a supervisor: a server that dies is started again, with a fresh embedded database (scripts/supervise.js).
exec node scripts/supervise.js node dist/server.js
