#!/usr/bin/env bash
# Installs what the extension-host and UI tests need, idempotently, printing each step:
# Debian's chromium (driven by playwright-core), ripgrep (seeds @vscode/ripgrep's download
# cache, since nothing but the package registries is reachable), libkrb5-dev (headers for
# code-server's native `kerberos` module), and code-server 4.100.3 (VS Code 1.100.3, the
# newest that runs on Node 20) outside the project's dependency tree.
set -euo pipefail
cd "$(dirname "$0")/.."

CODE_SERVER_VERSION=4.100.3
RIPGREP_PKG_VERSION=1.15.11 # the @vscode/ripgrep that code-server 4.100.3 brings
PREFIX=.vscode-test/code-server

say() { printf '[setup] %s\n' "$*"; }

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  apt_get=(apt-get)
  [ "$(id -u)" -eq 0 ] || apt_get=(sudo apt-get)
  "${apt_get[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -qq "${missing[@]}" >/dev/null
else
  say "Debian packages present: chromium, ripgrep, libkrb5-dev"
fi

installed=$("$PREFIX/node_modules/.bin/code-server" --version 2>/dev/null | tail -n 1 | cut -d' ' -f1 || true)
if [ "$installed" = "$CODE_SERVER_VERSION" ]; then
  say "code-server $CODE_SERVER_VERSION present in $PREFIX"
  exit 0
fi

cache="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION"
archive="$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -f "$archive" ]; then
  say "seeding the ripgrep download cache from /usr/bin/rg: $archive"
  staging=$(mktemp -d)
  cp "$(command -v rg)" "$staging/rg"
  mkdir -p "$cache"
  tar -czf "$archive" -C "$staging" rg
  rm -rf "$staging"
fi

say "installing code-server $CODE_SERVER_VERSION into $PREFIX (native builds; about a minute)"
rm -rf "$PREFIX"
mkdir -p "$PREFIX"
# npm 11 runs dependencies' install scripts only when allowed by package.json; code-server's
# postinstall checks npm_config_unsafe_perm itself when run as root; node-pty's build calls npx.
cat >"$PREFIX/package.json" <<JSON
{
  "private": true,
  "dependencies": { "code-server": "$CODE_SERVER_VERSION" },
  "allowScripts": { "code-server": true, "argon2": true }
}
JSON
(cd "$PREFIX" && npm_config_unsafe_perm=true npm_config_yes=true npm install --no-audit --no-fund --loglevel=error)
installed=$("$PREFIX/node_modules/.bin/code-server" --version 2>/dev/null | tail -n 1 | cut -d' ' -f1 || true)
if [ "$installed" != "$CODE_SERVER_VERSION" ]; then
  say "code-server did not install correctly (got '$installed'); see the npm output above"
  exit 1
fi
for native in node-pty/build/Release/pty.node @vscode/ripgrep/bin/rg; do
  if [ ! -e "$PREFIX/node_modules/code-server/lib/vscode/node_modules/$native" ]; then
    say "code-server installed but $native is missing: its postinstall did not complete"
    exit 1
  fi
done
say "code-server $CODE_SERVER_VERSION installed"
