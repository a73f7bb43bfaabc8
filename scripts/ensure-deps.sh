#!/usr/bin/env bash
# Installs the project's npm dependencies from package-lock.json when they are missing or
# out of date (idempotent; only npm packages are downloaded).
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.zopo-lock-hash
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  printf '[setup] npm dependencies up to date\n'
  exit 0
fi
printf '[setup] installing npm dependencies (npm ci)\n'
npm ci --no-audit --no-fund --loglevel=error
echo "$want" >"$stamp"
