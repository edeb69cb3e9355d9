#!/usr/bin/env bash
# Packs the `mailreseller` resource provider plugin (bin/plugin/, built by `npm run build` or
# scripts/build-plugin.ts) into the tarball `pulumi plugin install` takes and a release publishes:
#
#   bash scripts/plugin-tarball.sh [OUT_DIR] [OS-ARCH ...]
#   pulumi plugin install resource mailreseller 0.1.0 --file OUT_DIR/pulumi-resource-mailreseller-v0.1.0-linux-amd64.tar.gz
#
# The files sit at the tarball's root (the CLI unpacks it into ~/.pulumi/plugins/resource-mailreseller-vX/
# and runs pulumi-resource-mailreseller from there). The plugin is JavaScript run by the Node.js on the
# user's machine, so every OS-ARCH gets the same content, under the release asset name Pulumi looks for
# (pulumi-resource-<name>-v<version>-<os>-<arch>.tar.gz). Without OS-ARCH arguments: this machine's.
# Prints the tarballs' paths on stdout.
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$(mkdir -p "${1:-$repo_root/.work/plugin}" && cd "${1:-$repo_root/.work/plugin}" && pwd)
shift || true
plugin="$repo_root/bin/plugin"
if [ ! -f "$plugin/pulumi-resource-mailreseller.js" ]; then
  echo "[plugin-tarball] $plugin has no bundle: run npm run build first" >&2
  exit 1
fi
version=$(node -p 'require(process.argv[1]).version' "$repo_root/package.json")
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
  os=$(uname -s | tr '[:upper:]' '[:lower:]')
  case $(uname -m) in
    x86_64 | amd64) arch=amd64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) arch=$(uname -m) ;;
  esac
  targets=("$os-$arch")
fi
staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
chmod 0755 "$staging"
cp "$plugin"/pulumi-resource-mailreseller "$plugin"/pulumi-resource-mailreseller.cmd \
  "$plugin"/pulumi-resource-mailreseller.js "$plugin"/pulumi-resource-mailreseller.js.LEGAL.txt \
  "$repo_root/LICENSE" "$staging/"
chmod 0755 "$staging/pulumi-resource-mailreseller"
for target in "${targets[@]}"; do
  tarball="$out/pulumi-resource-mailreseller-v$version-$target.tar.gz"
  # Reproducible: fixed order, owner and time, so the same build gives the same bytes.
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$staging" -cf - . | gzip -n >"$tarball"
  echo "$tarball"
done
