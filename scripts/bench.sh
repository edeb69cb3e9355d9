#!/usr/bin/env bash
# `npm run bench`: benchmarks in bench/, each printing ratios against a baseline measured in the same run,
# then the credential scan over everything they wrote (their output, the engine stacks' state files).
set -euo pipefail
# shellcheck source=scripts/ready.sh
source "$(dirname "${BASH_SOURCE[0]}")/ready.sh"
fresh_artifacts bench
echo "[bench] 1/2 provider overhead: our provider's calls against the same requests sent with axios" >&2
node node_modules/tsx/dist/cli.mjs bench/provider-overhead.ts "$@" 2>&1 | tee "$artifacts/provider-overhead.log"
echo "[bench] 2/2 engine scale: N resources through the real CLI against N no-op dynamic resources" >&2
node node_modules/tsx/dist/cli.mjs bench/engine-scale.ts "$@" 2>&1 | tee "$artifacts/engine-scale.log"
echo "[bench] credential scan: no configured secret in anything the benchmarks wrote" >&2
node node_modules/tsx/dist/cli.mjs scripts/credential-scan.ts "$artifacts"
