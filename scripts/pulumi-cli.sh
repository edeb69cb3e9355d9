#!/usr/bin/env bash
# Makes the real Pulumi CLI available and prints, as the last line of stdout, the directory that holds
# `pulumi` and the plugin launchers the CLI looks up beside itself. Progress goes to stderr.
#
#   PULUMI_BIN_DIR=$(bash scripts/pulumi-cli.sh | tail -n 1)
#
# 1. A `pulumi` on PATH is used as it is (a normal install ships its own launchers).
# 2. Otherwise the CLI is built from source with Go through the module proxy, at the version of
#    @pulumi/pulumi in package-lock.json (or $PULUMI_CLI_VERSION, for the oldest supported pair), into a
#    cache outside the clone
#    (${PULUMI_MAILRESELLER_CACHE:-~/.cache/pulumi-mailreseller}/pulumi-cli/vX.Y.Z), so a fresh clone on
#    the same machine reuses it.
#
# Why no pulumi-language-nodejs: the Node.js language host is its own Go module
# (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3) that Pulumi never tags, and none of
# its pseudo-versions at release commits is known to the module proxy or its checksum database, so it
# cannot be built from the proxy. Our programs therefore run as Automation API inline programs
# (test/harness/run-stack.ts): the real CLI drives the real engine and the real dynamic-provider host, and
# talks to the program through the Automation API's in-process language server (`pulumi up --client`).
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
log() { echo "[pulumi-cli] $*" >&2; }

if [ -z "${PULUMI_MAILRESELLER_FORCE_BUILD:-}" ] && command -v pulumi >/dev/null 2>&1; then
  log "using pulumi from PATH: $(command -v pulumi) ($(pulumi version 2>/dev/null || echo unknown))"
  dirname "$(command -v pulumi)"
  exit 0
fi

lock="$repo_root/package-lock.json"
version=${PULUMI_CLI_VERSION:-}
[ -n "$version" ] || version=$(node -e '
  const lock = require(process.argv[1]);
  const pkg = lock.packages && lock.packages["node_modules/@pulumi/pulumi"];
  if (!pkg) { console.error("@pulumi/pulumi is not in package-lock.json"); process.exit(1); }
  console.log(pkg.version);
' "$lock")
cache_root=${PULUMI_MAILRESELLER_CACHE:-$HOME/.cache/pulumi-mailreseller}
dest="$cache_root/pulumi-cli/v$version"
bin="$dest/bin"

install_launchers() {
  # The dynamic-provider launcher ships inside @pulumi/pulumi; it resolves the provider host from the
  # program's own node_modules, so a copy beside the CLI serves every program.
  local launcher="$repo_root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
  if [ ! -f "$launcher" ]; then
    log "error: $launcher is missing; run npm ci first"
    exit 1
  fi
  install -m 0755 "$launcher" "$bin/pulumi-resource-pulumi-nodejs"
  # Without a nodejs language plugin the CLI boots a policy pack through `pulumi-analyzer-policy-nodejs
  # <engine> .` run in the pack's directory; this starts the policy host of the pack's own @pulumi/pulumi.
  cat >"$bin/pulumi-analyzer-policy-nodejs" <<'EOF'
#!/bin/sh
script=$(node -e "console.log(require.resolve('@pulumi/pulumi/cmd/run-policy-pack'))") || exit 1
exec node "$script" "$@"
EOF
  chmod 0755 "$bin/pulumi-analyzer-policy-nodejs"
}

if [ -x "$bin/pulumi" ] && [ "$("$bin/pulumi" version 2>/dev/null)" = "v$version" ]; then
  log "using cached Pulumi CLI v$version from $bin"
  install_launchers
  echo "$bin"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  log "error: no pulumi on PATH and no Go toolchain to build it from source"
  exit 1
fi

log "building the Pulumi CLI v$version from source with Go (first build takes several minutes)"
started=$(date +%s)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$bin"

# pkg/v3's own go.mod points sdk/v3 at ../sdk and swaps a clipboard fork in through `replace`, which stops
# `go install pkg@version`. A wrapper module that requires pkg at one version and repeats the non-local
# replaces builds the same binary.
export GOFLAGS="${GOFLAGS:-} -mod=mod"
export GOTOOLCHAIN=local
module="github.com/pulumi/pulumi/pkg/v3"
(
  cd "$work"
  log "downloading $module@v$version"
  gomod=$(go mod download -json "$module@v$version" | node -e '
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      const info = JSON.parse(s);
      if (info.Error) { console.error(info.Error); process.exit(1); }
      console.log(info.GoMod);
    });')
  goversion=$(awk '/^go /{print $2; exit}' "$gomod")
  {
    echo "module pulumi-mailreseller/pulumi-cli-build"
    echo
    echo "go $goversion"
    echo
    echo "require $module v$version"
    # Repeat every replace of pkg/v3 except the local ones (../sdk and friends).
    awk '/^replace /{ if ($0 !~ /=> \.\.?\//) print }' "$gomod"
  } >go.mod
  log "resolving dependencies"
  go get "$module/cmd/pulumi@v$version" 2>&1 | { grep -v '^go: downloading' || true; } >&2
  log "compiling pulumi (this is the slow part)"
  go build -trimpath \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version" \
    -o "$bin/pulumi.tmp" "$module/cmd/pulumi"
)
mv "$bin/pulumi.tmp" "$bin/pulumi"
install_launchers
log "built $("$bin/pulumi" version) in $(($(date +%s) - started))s into $bin"
echo "$bin"
