#!/usr/bin/env bash
# `npm run editor`: builds and packages the extension, installs it into code-server (set up on first
# use) and opens the bundled example workspace, printing the URL to open. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/setup-test-env.sh
printf '[editor] building and packaging the extension\n'
npm run -s package >/dev/null
home=.vscode-test/demo
mkdir -p "$home/extensions" "$home/user-data/User"
[ -f "$home/user-data/User/settings.json" ] ||
  echo '{"security.workspace.trust.enabled": false, "workbench.startupEditor": "none"}' >"$home/user-data/User/settings.json"
code_server=.vscode-test/code-server/node_modules/.bin/code-server
"$code_server" --install-extension dist/zopo-prompt-optimizer.vsix --force --extensions-dir "$home/extensions" >/dev/null
port=${ZOPO_PORT:-8080}
workspace="$(pwd)/examples/antonyms"
printf '[editor] open http://127.0.0.1:%s/?folder=%s  (Ctrl-C to stop)\n' "$port" "$workspace"
exec "$code_server" --auth none --bind-addr "127.0.0.1:$port" --extensions-dir "$home/extensions" \
  --user-data-dir "$home/user-data" --disable-telemetry --disable-update-check --disable-workspace-trust "$workspace"
