#!/usr/bin/env bash
# `npm run bench`: benchmarks in bench/, each printing ratios against a baseline measured in the same run.
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
exec node node_modules/tsx/dist/cli.mjs bench/provider-overhead.ts "$@"
