#!/usr/bin/env bash
# `npm run soak`: the fault soak (soak/driver.ts) through the real Pulumi CLI against the sandbox, then the
# credential scan over everything it wrote (its output, the stack's state files and transcripts).
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"
# Node.js 24, which the newest @pulumi/pulumi needs (scripts/node.sh installs it when missing).
# shellcheck source=scripts/use-node.sh
source scripts/use-node.sh 24
# Dependencies, the packed package in examples/ and the real Pulumi CLI, as for npm test.
PULUMI_BIN_DIR=$(bash scripts/prepare.sh | tail -n 1)
export PULUMI_BIN_DIR
artifacts="$repo_root/.work/soak-artifacts"
rm -rf "$artifacts"
mkdir -p "$artifacts"
export MAILRESELLER_TEST_ARTIFACTS="$artifacts"
node node_modules/tsx/dist/cli.mjs soak/main.ts "$@" 2>&1 | tee "$artifacts/soak.log"
echo "[soak] credential scan: no configured secret in anything the soak wrote" >&2
node node_modules/tsx/dist/cli.mjs scripts/credential-scan.ts "$artifacts"
