#!/usr/bin/env bash
# `npm test`: installs what the tests need (idempotently), then runs the checks and the three
# test layers — unit (plain Node), extension host (inside code-server) and UI (Playwright
# driving the workbench with the packaged .vsix installed) — and prints one total line.
set -uo pipefail
cd "$(dirname "$0")/.."
logs=test-results/logs
mkdir -p "$logs"
passed=0
failed=0
status=0

step() { printf '\n== %s\n' "$*"; }
count() { # adds mocha's "N passing / N failing" from a log to the totals
  local p f
  p=$(grep -Eo '[0-9]+ passing' "$1" | tail -n 1 | cut -d' ' -f1)
  f=$(grep -Eo '[0-9]+ failing' "$1" | tail -n 1 | cut -d' ' -f1)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
}

set -e
step "set-up"
bash scripts/ensure-deps.sh
bash scripts/setup-test-env.sh
step "type-check and lint"
npm run -s typecheck
npm run -s lint
step "build"
node scripts/build.mjs --tests
set +e

step "unit tests (mocha, plain Node)"
npx mocha 2>&1 | tee "$logs/unit.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
count "$logs/unit.log"

step "extension-host tests (code-server)"
npx tsx test/harness/runExtensionTests.ts 2>&1 | tee "$logs/extension.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
line=$(grep -Eo '[0-9]+ passed, [0-9]+ failed' "$logs/extension.log" | tail -n 1)
passed=$((passed + $(echo "${line:-0 passed, 1 failed}" | cut -d' ' -f1)))
failed=$((failed + $(echo "${line:-0 passed, 1 failed}" | cut -d' ' -f3)))

step "package (.vsix) and UI tests (Playwright + Chromium)"
if npm run -s package >"$logs/package.log" 2>&1; then
  npx mocha --config test/ui/.mocharc.json 2>&1 | tee "$logs/ui.log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  count "$logs/ui.log"
else
  cat "$logs/package.log"
  status=1
  failed=$((failed + 1))
fi

printf '\nScreenshots and logs: test-results/\n'
[ "$status" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
printf '%s passed, %s failed\n' "$passed" "$failed"
exit "$status"
