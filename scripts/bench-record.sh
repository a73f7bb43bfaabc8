#!/usr/bin/env bash
# Runs the optimizer benchmark and records it: `scripts/bench-record.sh <file> <bench args...>`
# writes the command, the start time, the hash of the optimizer code it runs against, the load
# average, the benchmark's own output and the wall time into <file> (bench-results/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
out="$1"
shift
hash=$(cat src/core/optimizer/*.ts src/core/optimizer/*/*.ts | sha256sum | cut -c1-16)
start=$(date +%s)
{
  echo "\$ npm run -s bench -- $*"
  echo "# started $(date -u +%Y-%m-%dT%H:%M:%SZ); sha256(src/core/optimizer/**/*.ts) = $hash; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  npm run -s bench -- "$@"
  echo
  echo "# wall time $(($(date +%s) - start)) s; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$out.tmp"
mv "$out.tmp" "$out"
echo "wrote $out"
