#!/usr/bin/env bash
# `npm start`: the main job. Installs the npm dependencies if needed, builds, and runs the
# `zopo` command line on the bundled example (examples/antonyms) with the offline sandbox
# model: a full optimization run whose results are simulated. Extra arguments go to
# `zopo optimize` (e.g. `npm start -- --budget 60 --json`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
printf '[start] building\n'
node scripts/build.mjs >/dev/null 2>&1 || node scripts/build.mjs
example=examples/antonyms
printf '[start] zopo optimize --provider sandbox on %s (simulated)\n' "$example"
exec node dist/cli.js optimize --provider sandbox \
  --prompt "$example/prompts/antonyms.prompt" \
  --data "$example/data/antonyms.jsonl" \
  --test-data "$example/data/antonyms.test.jsonl" "$@"
