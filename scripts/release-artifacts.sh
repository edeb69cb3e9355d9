#!/usr/bin/env bash
# Builds everything a release of version V (package.json's) uploads, into OUT_DIR, and prints where each
# file goes. It uploads nothing: the steps that do are in CONTRIBUTING.md, "Releasing".
#
#   bash scripts/release-artifacts.sh OUT_DIR
#
#   OUT_DIR/plugin/   pulumi-resource-mailreseller-vV-<os>-<arch>.tar.gz for every OS-ARCH Pulumi ships, and
#                     their SHA-256 sums: the GitHub release vV's assets, where the SDKs' pluginDownloadURL
#                     sends the CLI
#   OUT_DIR/npm/      pulumi-mailreseller-V.tgz (this package) and pulumi-mailreseller-mailreseller-V.tgz
#                     (the Node.js SDK, compiled), for `npm publish`
#   OUT_DIR/python/   the Python SDK's sdist and wheel, for `twine upload`
#
# The Go SDK is published by a git tag alone (sdk/go/vV); nothing is built for it. The SDKs must have been
# generated from the current schema (`npm run gen`; test/package/sdks.test.ts checks it): this script
# refuses a version that package.json, the schema and the three SDKs do not all carry.
#
# Python: `$PYTHON -m build` when the `build` package is installed; otherwise the same PEP 517 calls made
# directly on setuptools (what `python -m build --no-isolation` does), the wheel only when `wheel` is
# installed too. PYTHON defaults to python3.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
log() { echo "[release] $*" >&2; }
if [ "$#" -ne 1 ]; then
  echo "usage: bash scripts/release-artifacts.sh OUT_DIR" >&2
  exit 2
fi
mkdir -p "$1"
out=$(cd "$1" && pwd)
python=${PYTHON:-python3}
cd "$repo_root"

version=$(node -p 'require("./package.json").version')
targets=(linux-amd64 linux-arm64 darwin-amd64 darwin-arm64 windows-amd64 windows-arm64)

# Every piece carries package.json's version, or the release would ask for a plugin it does not ship.
versions=$(node -e '
  const fs = require("fs");
  const json = (f) => JSON.parse(fs.readFileSync(f, "utf8"));
  const pyproject = fs.readFileSync("sdk/python/pyproject.toml", "utf8").match(/^\s*version = "([^"]+)"/m);
  const found = {
    "provider/native/schema.json": json("provider/native/schema.json").version,
    "sdk/nodejs/package.json": json("sdk/nodejs/package.json").version,
    "sdk/python/pyproject.toml": pyproject && pyproject[1],
    "sdk/go/mailreseller/pulumi-plugin.json": json("sdk/go/mailreseller/pulumi-plugin.json").version,
  };
  for (const [file, v] of Object.entries(found)) console.log(`${file} ${v}`);
')
stale=$(awk -v v="$version" '$2 != v' <<<"$versions")
if [ -n "$stale" ]; then
  log "error: package.json says $version, but:"
  echo "$stale" >&2
  log "run \`npm run gen\` (the schema, then the SDKs) and commit the result first"
  exit 1
fi

rm -rf "$out/plugin" "$out/npm" "$out/python"
mkdir -p "$out/plugin" "$out/npm" "$out/python"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

log "building the package and the plugin (npm run build)"
npm run --silent build >&2

log "plugin tarballs for ${targets[*]}"
bash scripts/plugin-tarball.sh "$out/plugin" "${targets[@]}" >/dev/null
(cd "$out/plugin" && sha256sum pulumi-resource-mailreseller-v"$version"-*.tar.gz >"pulumi-mailreseller_${version}_checksums.txt")

log "this package (npm pack, built above)"
npm pack --ignore-scripts --silent --pack-destination "$out/npm" >/dev/null

log "the Node.js SDK: compiled with this repository's TypeScript, packed from its output folder"
# The published package is the compiled folder with package.json beside index.js (utilities.ts reads the
# version from it), as Pulumi's own providers publish theirs.
node node_modules/typescript/bin/tsc -p sdk/nodejs/tsconfig.json --outDir "$stage/nodejs"
cp sdk/nodejs/package.json sdk/nodejs/README.md LICENSE "$stage/nodejs/"
(cd "$stage/nodejs" && npm pack --silent --pack-destination "$out/npm" >/dev/null)

log "the Python SDK with $python"
# Built from a copy: setuptools writes its egg-info and build/ beside the sources.
cp -r sdk/python "$stage/python"
cp LICENSE "$stage/python/"
# Its output goes to a log, shown when it fails.
python_log="$stage/python-build.log"
python_build() {
  if ! (cd "$stage/python" && "$@") >"$python_log" 2>&1; then
    cat "$python_log" >&2
    log "error: building the Python SDK failed"
    exit 1
  fi
}
pep517() { python_build "$python" -c "import sys, setuptools.build_meta as b; b.build_$1(sys.argv[1])" "$out/python"; }
if "$python" -m build --version >/dev/null 2>&1; then
  python_build "$python" -m build --outdir "$out/python" .
elif "$python" -c 'import setuptools.build_meta' 2>/dev/null; then
  log "no build package: calling setuptools directly (python -m build --no-isolation's calls)"
  pep517 sdist
  if "$python" -c 'import wheel' 2>/dev/null; then
    pep517 wheel
  else
    log "no wheel: $python has setuptools but not the wheel package (set PYTHON to one that has both, or install build)"
  fi
else
  log "no Python packages: $python has neither build nor setuptools (set PYTHON, or pip install build)"
fi
# Where each goes, as the schema and the Go SDK's go.mod say it.
repository=$(node -p 'require("./provider/native/schema.json").repository')
plugin_url=$(node -p 'require("./provider/native/schema.json").pluginDownloadURL')
go_module=$(awk '/^module /{print $2; exit}' sdk/go/go.mod)

echo
echo "Release v$version: built in $out, uploads nothing. A release would:"
echo "1. tag the release commit v$version and sdk/go/v$version (the Go module $go_module) and push both tags;"
echo "2. create the GitHub release v$version of $repository with these assets"
echo "   (the SDKs' pluginDownloadURL $plugin_url looks there):"
for f in "$out"/plugin/*; do echo "     $f"; done
echo "3. npm publish --access public each of:"
for f in "$out"/npm/*.tgz; do echo "     $f"; done
echo "4. twine upload:"
if compgen -G "$out/python/*" >/dev/null; then
  for f in "$out"/python/*; do echo "     $f"; done
else
  echo "     (nothing built here: see above)"
fi
