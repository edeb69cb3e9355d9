#!/usr/bin/env bash
# `npm run soak`: the fault soak (soak/driver.ts) through the real Pulumi CLI against the sandbox.
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"
# Dependencies, the packed package in examples/ and the real Pulumi CLI, as for npm test.
PULUMI_BIN_DIR=$(bash scripts/prepare.sh | tail -n 1)
export PULUMI_BIN_DIR
node node_modules/tsx/dist/cli.mjs soak/main.ts "$@"
