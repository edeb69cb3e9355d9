#!/usr/bin/env bash
# `npm run demo`: the sandbox on a free port, examples/quickstart deployed with the real Pulumi CLI,
# regraded, previewed unchanged, destroyed.
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"
# Node.js 24, which the newest @pulumi/pulumi needs (scripts/node.sh installs it when missing).
# shellcheck source=scripts/use-node.sh
source scripts/use-node.sh 24
PULUMI_BIN_DIR=$(bash scripts/prepare.sh | tail -n 1)
export PULUMI_BIN_DIR
exec node node_modules/tsx/dist/cli.mjs scripts/demo.ts "$@"
