#!/usr/bin/env bash
# Builds the package and installs it into examples/node_modules as a packed copy (install-links), the
# way users get it from the registry. A symlinked copy would not do: Pulumi serializes our providers as
# `require("pulumi-mailreseller/…")` only when the package sits in a node_modules folder.
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"
echo "[examples] building pulumi-mailreseller" >&2
npm run --silent build
cd examples
echo "[examples] installing the examples' dependencies (pulumi-mailreseller as a packed copy)" >&2
# The packed copy's integrity changes with every build, so the lock file cannot pin it; `npm install`
# re-packs it and keeps the registry packages at their locked versions.
rm -rf node_modules/pulumi-mailreseller
npm install --no-audit --no-fund --loglevel=error >&2
if [ -L node_modules/pulumi-mailreseller ]; then
  echo "[examples] error: node_modules/pulumi-mailreseller is a symlink; install-links must be on" >&2
  exit 1
fi
