#!/usr/bin/env bash
# What `npm test` and `npm run demo` need on a fresh clone: the dependencies (npm ci when missing or
# stale), the package built and installed into examples/ as users install it, and the real Pulumi CLI.
# Prints the CLI's directory as the last line of stdout.
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[prepare] installing dependencies (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
bash scripts/install-examples.sh
bash scripts/pulumi-cli.sh | tail -n 1
