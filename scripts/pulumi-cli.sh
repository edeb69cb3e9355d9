#!/usr/bin/env bash
# Makes the real Pulumi CLI available and prints, as the last line of stdout, the directory that holds
# `pulumi` and the plugin launchers the CLI looks up beside itself. Progress goes to stderr.
#
#   PULUMI_BIN_DIR=$(bash scripts/pulumi-cli.sh | tail -n 1)
#
# 1. A `pulumi` on PATH is used as it is (a normal install ships its own launchers and language hosts,
#    pulumi-language-yaml among them).
# 2. Otherwise the CLI is built from source with Go through the module proxy, at the version of
#    @pulumi/pulumi in package-lock.json (or $PULUMI_CLI_VERSION, for the oldest supported pair), into a
#    cache outside the clone
#    (${PULUMI_MAILRESELLER_CACHE:-~/.cache/pulumi-mailreseller}/pulumi-cli/vX.Y.Z), so a fresh clone on
#    the same machine reuses it.
# 3. With a built CLI, the YAML language host (pulumi-language-yaml, which runs `runtime: yaml` programs,
#    the way a YAML user drives our native provider plugin) is built the same way, once, into its own
#    cache (.../pulumi-language-yaml/vX.Y.Z/bin), and linked beside `pulumi`: the CLI looks for its
#    bundled language hosts beside its own executable (sdk/go/common/workspace/plugins.go,
#    IsPluginBundled and getPluginInfoAndPath), so every CLI built here (3.276 and the oldest pair's
#    3.246) finds the one build whether or not its folder is on PATH. It is pulumi-yaml's own release,
#    built at its own pins (pulumi pkg/sdk v3.206.0: it does not compile against newer ones), because
#    pulumi-yaml is a normal tagged module that `go install …@version` builds from the proxy.
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

# pulumi-yaml's release whose language host the YAML tests run (see 3. above).
yaml_version=1.25.0
yaml_module=github.com/pulumi/pulumi-yaml
yaml_bin="$cache_root/pulumi-language-yaml/v$yaml_version/bin"

# The version of pulumi-yaml a pulumi-language-yaml binary was built from, read from the module build info
# Go embeds in every binary (the host has no --version flag).
yaml_host_version() {
  [ -x "$1" ] || return 0
  if command -v go >/dev/null 2>&1; then
    go version -m "$1" 2>/dev/null | awk -v m="$yaml_module" '$1 == "mod" && $2 == m { print $3 }'
  elif grep -aqF "$(printf 'mod\t%s\tv%s\t' "$yaml_module" "$yaml_version")" "$1"; then
    echo "v$yaml_version"
  fi
}

install_yaml_host() {
  local host="$yaml_bin/pulumi-language-yaml"
  if [ "$(yaml_host_version "$host")" = "v$yaml_version" ]; then
    log "using cached pulumi-language-yaml v$yaml_version from $yaml_bin"
  else
    if ! command -v go >/dev/null 2>&1; then
      log "error: no Go toolchain to build pulumi-language-yaml v$yaml_version from source"
      exit 1
    fi
    log "building pulumi-language-yaml v$yaml_version from source with Go (first build takes a few minutes)"
    local started tmp
    started=$(date +%s)
    mkdir -p "$yaml_bin"
    tmp=$(mktemp -d "$yaml_bin/.build-XXXXXX")
    # A plain `go install module@version`: pulumi-yaml's go.mod has no replace, so it builds at its own pins.
    # Not the CLI's -mod=mod, which `go install …@version` refuses.
    if ! (
      export GOTOOLCHAIN=local GOBIN="$tmp"
      GOFLAGS=$(echo " ${GOFLAGS:-} " | sed 's/ -mod=[^ ]*//g')
      export GOFLAGS
      go install -trimpath \
        -ldflags "-s -w -X $yaml_module/pkg/version.Version=v$yaml_version" \
        "$yaml_module/cmd/pulumi-language-yaml@v$yaml_version" 2>&1 |
        { grep -v '^go: downloading' || true; } >&2
    ); then
      rm -rf "$tmp"
      log "error: building pulumi-language-yaml v$yaml_version failed"
      exit 1
    fi
    mv -f "$tmp/pulumi-language-yaml" "$host"
    rm -rf "$tmp"
    log "built pulumi-language-yaml $(yaml_host_version "$host") in $(($(date +%s) - started))s into $yaml_bin"
  fi
  # Beside `pulumi`, where the CLI looks for its bundled language hosts; a link, so one build serves every
  # CLI version cached here.
  ln -sfn "$host" "$bin/pulumi-language-yaml"
}

if [ -x "$bin/pulumi" ] && [ "$("$bin/pulumi" version 2>/dev/null)" = "v$version" ]; then
  log "using cached Pulumi CLI v$version from $bin"
  install_launchers
  install_yaml_host
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
install_yaml_host
log "built $("$bin/pulumi" version) in $(($(date +%s) - started))s into $bin"
echo "$bin"
