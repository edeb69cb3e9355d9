#!/usr/bin/env bash
# `npm run bench`: benchmarks in bench/, each printing ratios against a baseline measured in the same run,
# then the credential scan over everything they wrote (their output, the engine stacks' state files).
set -euo pipefail
# shellcheck source=scripts/ready.sh
source "$(dirname "${BASH_SOURCE[0]}")/ready.sh"
fresh_artifacts bench
# `--fleet N[,N…]`: the sharded fleet's bench alone (bench/fleet-scale.ts).
if [[ " $* " == *" --fleet"* ]]; then
  echo "[bench] fleet scale: N resources in shards on PostgreSQL, beside one stack" >&2
  node node_modules/tsx/dist/cli.mjs bench/fleet-scale.ts "$@" 2>&1 | tee "$artifacts/fleet-scale.log"
  node node_modules/tsx/dist/cli.mjs scripts/credential-scan.ts "$artifacts"
  exit 0
fi
echo "[bench] 1/2 provider overhead: our provider's calls against the same requests sent with axios" >&2
node node_modules/tsx/dist/cli.mjs bench/provider-overhead.ts "$@" 2>&1 | tee "$artifacts/provider-overhead.log"
echo "[bench] 2/2 engine scale: N resources through the real CLI against N no-op dynamic resources" >&2
node node_modules/tsx/dist/cli.mjs bench/engine-scale.ts "$@" 2>&1 | tee "$artifacts/engine-scale.log"
echo "[bench] credential scan: no configured secret in anything the benchmarks wrote" >&2
node node_modules/tsx/dist/cli.mjs scripts/credential-scan.ts "$artifacts"
