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
npx tsc -p tsconfig.build.json
exec node dist/server.js
