#!/usr/bin/env bash
# `npm run gen:sdk`: writes the Go, Python and Node.js SDKs (sdk/go, sdk/python, sdk/nodejs) from the package
# schema provider/native/schema.json, with pulumi-gen-mailreseller (sdk-gen/: Pulumi's own generators at the
# version sdk-gen/go.mod pins). The schema comes first: `npm run gen` runs `gen:schema`, then this.
#
#   bash scripts/gen-sdk.sh [OUT_DIR]    # OUT_DIR/go, OUT_DIR/python, OUT_DIR/nodejs; default: the clone's sdk/
#
# The generator is built with Go into a cache outside the clone, under a hash of its go.mod, go.sum and Go
# sources (${PULUMI_MAILRESELLER_CACHE:-~/.cache/pulumi-mailreseller}/sdk-gen/<hash>/), so every clone on a
# machine with the same generator reuses one build, and a changed generator gets its own. Progress goes to
# stderr; the generator prints each folder it wrote with its number of files.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
log() { echo "[gen-sdk] $*" >&2; }
out=${1:-$repo_root/sdk}
src="$repo_root/sdk-gen"

if ! command -v go >/dev/null 2>&1; then
  log "error: no Go toolchain: the SDK generator (sdk-gen/) is a Go program; install Go $(awk '/^go /{print $2; exit}' "$src/go.mod") or newer"
  exit 1
fi

# What the build depends on, in a fixed order, each file under its path.
hash=$(
  cd "$src"
  find . -type f \( -name go.mod -o -name go.sum -o -name '*.go' \) -print | LC_ALL=C sort |
    while IFS= read -r file; do
      printf '%s\n' "$file"
      sha256sum <"$file"
    done | sha256sum | cut -c1-16
)
cache_root=${PULUMI_MAILRESELLER_CACHE:-$HOME/.cache/pulumi-mailreseller}
bin_dir="$cache_root/sdk-gen/$hash"
gen="$bin_dir/pulumi-gen-mailreseller"

if [ -x "$gen" ]; then
  log "using cached pulumi-gen-mailreseller $hash from $bin_dir"
else
  log "building pulumi-gen-mailreseller $hash with Go (the first build compiles Pulumi's generators: a few minutes)"
  started=$(date +%s)
  mkdir -p "$bin_dir"
  tmp=$(mktemp "$bin_dir/.build-XXXXXX")
  # -mod=readonly, not the CLI build's -mod=mod: that one writes its go.mod on the fly, this module's go.mod
  # and go.sum are committed, and an incomplete one should fail here rather than be rewritten in the clone.
  # GOTOOLCHAIN=local: build with this machine's Go, never download another.
  if ! (
    cd "$src"
    GOFLAGS="$(echo " ${GOFLAGS:-} " | sed 's/ -mod=[^ ]*//g') -mod=readonly"
    export GOFLAGS GOTOOLCHAIN=local
    go build -trimpath -o "$tmp" ./cmd/pulumi-gen-mailreseller 2>&1 | { grep -v '^go: downloading' || true; } >&2
  ); then
    rm -f "$tmp"
    log "error: building the SDK generator failed"
    exit 1
  fi
  # A rename, so a concurrent run sees either no generator or a whole one.
  mv -f "$tmp" "$gen"
  log "built in $(($(date +%s) - started))s into $bin_dir"
fi

mkdir -p "$out"
"$gen" -schema "$repo_root/provider/native/schema.json" -out "$out"
