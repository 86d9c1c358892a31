#!/usr/bin/env bash
# Installs a real VS Code (code-server, from the npm registry) and playwright-core
# into a cache folder, for driving VS Code headlessly with launch.mjs.
#
#   bash install.sh [CACHE_DIR]      CACHE_DIR defaults to $VSCODE_E2E_CACHE or ./.vscode-e2e-cache
#
# Environment:
#   CODE_SERVER_VERSION      default 4.139.1 (VS Code 1.139, needs Node 24: fetched as the
#                            npm package node-linux-<arch>@24 when the machine's node differs).
#                            4.100.3 (VS Code 1.100) runs on the machine's Node 20.
#   PLAYWRIGHT_CORE_VERSION  default 1.65.1
#   VSCODE_E2E_SKIP_APT=1    do not touch Debian packages
#
# Idempotent: a second run with the same versions only checks and exits.
# Needs: the npm registry and Debian's apt repositories; nothing else is downloaded.
set -euo pipefail

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.100.3}"
PLAYWRIGHT_CORE_VERSION="${PLAYWRIGHT_CORE_VERSION:-1.65.1}"
CACHE_DIR="${1:-${VSCODE_E2E_CACHE:-./.vscode-e2e-cache}}"

log() { printf '[vscode-e2e] %s\n' "$*"; }
START=$SECONDS

# ---- 1. Debian packages -----------------------------------------------------
# chromium: the browser; ripgrep: search backend for code-server <= 4.10x (see README);
# libkrb5-dev + pkg-config + a C++ toolchain: native modules are compiled from source.
if [ "${VSCODE_E2E_SKIP_APT:-0}" != 1 ]; then
  missing=()
  for pkg in chromium ripgrep libkrb5-dev pkg-config make g++; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  command -v python3 >/dev/null || missing+=(python3)
  if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    log "apt-get install ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    log "Debian packages already installed"
  fi
fi

# ---- 2. npm packages into the cache -----------------------------------------
mkdir -p "$CACHE_DIR"
CACHE_DIR="$(cd "$CACHE_DIR" && pwd)"
cd "$CACHE_DIR"
LOG="$CACHE_DIR/install.log"
STAMP="$CACHE_DIR/installed.json"
CS="$CACHE_DIR/node_modules/code-server"
VSC="$CS/lib/vscode"

# installed.json is written last, only after a successful install.
if [ -f "$STAMP" ] && [ -f "$CS/out/node/entry.js" ] &&
   grep -q "\"codeServer\": \"$CODE_SERVER_VERSION\"" "$STAMP" &&
   grep -q "\"playwrightCore\": \"$PLAYWRIGHT_CORE_VERSION\"" "$STAMP"; then
  log "code-server $CODE_SERVER_VERSION and playwright-core $PLAYWRIGHT_CORE_VERSION already installed in $CACHE_DIR"
  exit 0
fi
rm -f "$STAMP"
: > "$LOG"

run() { # run a command, output to the log; show the log's end if it fails
  log "$*"
  if ! "$@" >>"$LOG" 2>&1; then
    tail -n 40 "$LOG"; log "FAILED: $* (full log: $LOG)"; exit 1
  fi
}

export npm_config_yes=true            # node-pty's postinstall runs npx node-gyp
export npm_config_unsafe_perm=true    # code-server's postinstall refuses root without it
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

[ -f package.json ] || echo '{ "private": true }' > package.json
# --ignore-scripts: code-server's own postinstall would fetch ripgrep from GitHub (no network).
run npm install --ignore-scripts "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_CORE_VERSION"

# ---- 3. pick the Node.js that code-server wants ------------------------------
NEED_MAJOR="$(node -p "(require('$CS/package.json').engines.node.match(/\\d+/) || [''])[0]")"
HAVE_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$NEED_MAJOR" = "$HAVE_MAJOR" ]; then
  NODE_BIN="$(command -v node)"
  NODE_REL="$NODE_BIN"
  prefix="$(dirname "$(dirname "$(readlink -f "$NODE_BIN")")")"
  # node-gyp needs Node's headers; without a nodedir it would download them.
  if [ -z "${npm_config_nodedir:-}" ] && [ -f "$prefix/include/node/node.h" ]; then
    export npm_config_nodedir="$prefix"
  fi
else
  NODE_PKG="node-linux-$(node -p process.arch)"
  run npm install --ignore-scripts "$NODE_PKG@$NEED_MAJOR"
  NODE_REL="node_modules/$NODE_PKG/bin/node"
  NODE_BIN="$CACHE_DIR/$NODE_REL"
  export npm_config_nodedir="$CACHE_DIR/node_modules/$NODE_PKG"   # ships include/node
fi
export PATH="$(dirname "$NODE_BIN"):$PATH"
log "using node $("$NODE_BIN" -v) for code-server (needs $NEED_MAJOR)"

# ---- 4. VS Code's own dependencies, native modules built locally -------------
(cd "$VSC" && run npm install --omit=dev --ignore-scripts)
RG_PKG="$VSC/node_modules/@vscode/ripgrep"
if [ -d "$RG_PKG" ]; then
  # @vscode/ripgrep's postinstall downloads rg from GitHub unless bin/ already exists.
  command -v rg >/dev/null || { log "needs ripgrep's rg on PATH (apt-get install ripgrep)"; exit 1; }
  mkdir -p "$RG_PKG/bin"
  ln -sf "$(command -v rg)" "$RG_PKG/bin/rg"
  log "linked $(command -v rg) as @vscode/ripgrep/bin/rg"
fi
(cd "$VSC" && run npm rebuild)   # node-pty, spdlog, kerberos, watcher, ...
# argon2 + code-server's postinstall.sh (symlinks, built-in extensions' deps)
run npm rebuild

# ---- 5. smoke check and stamp --------------------------------------------------
VERSION_LINE="$(XDG_CONFIG_HOME="$CACHE_DIR/xdg-config" "$NODE_BIN" "$CS/out/node/entry.js" --version | head -n 1)"
(cd "$VSC" && "$NODE_BIN" -e "require('node-pty'); require('@vscode/spdlog')") ||
  { log "native modules do not load"; exit 1; }
cat > "$STAMP" <<EOF
{
  "codeServer": "$CODE_SERVER_VERSION",
  "vscode": "$(node -p "require('$VSC/package.json').version")",
  "playwrightCore": "$PLAYWRIGHT_CORE_VERSION",
  "node": "$NODE_REL",
  "nodeVersion": "$("$NODE_BIN" -v)"
}
EOF
log "code-server $VERSION_LINE"
log "done in $((SECONDS - START))s: $CACHE_DIR ($(du -sh "$CACHE_DIR" | cut -f1))"
