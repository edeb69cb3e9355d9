#!/usr/bin/env bash
# `npm run bench`: benchmarks in bench/, each printing ratios against a baseline measured in the same run,
# then the credential scan over everything they wrote (their output, the engine stacks' state files).
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"
# Node.js 24, which the newest @pulumi/pulumi needs (scripts/node.sh installs it when missing).
# shellcheck source=scripts/use-node.sh
source scripts/use-node.sh 24
# Dependencies, the packed package in examples/ and the real Pulumi CLI, as for npm test.
PULUMI_BIN_DIR=$(bash scripts/prepare.sh | tail -n 1)
export PULUMI_BIN_DIR
artifacts="$repo_root/.work/bench-artifacts"
rm -rf "$artifacts"
mkdir -p "$artifacts"
export MAILRESELLER_TEST_ARTIFACTS="$artifacts"
echo "[bench] 1/2 provider overhead: our provider's calls against the same requests sent with axios" >&2
node node_modules/tsx/dist/cli.mjs bench/provider-overhead.ts "$@" 2>&1 | tee "$artifacts/provider-overhead.log"
echo "[bench] 2/2 engine scale: N resources through the real CLI against N no-op dynamic resources" >&2
node node_modules/tsx/dist/cli.mjs bench/engine-scale.ts "$@" 2>&1 | tee "$artifacts/engine-scale.log"
echo "[bench] credential scan: no configured secret in anything the benchmarks wrote" >&2
node node_modules/tsx/dist/cli.mjs scripts/credential-scan.ts "$artifacts"
