#!/usr/bin/env bash
# `npm run soak`: the fault soak (soak/driver.ts) through the real Pulumi CLI against the sandbox, then the
# credential scan over everything it wrote (its output, the stack's state files and transcripts).
set -euo pipefail
# shellcheck source=scripts/ready.sh
source "$(dirname "${BASH_SOURCE[0]}")/ready.sh"
fresh_artifacts soak
node node_modules/tsx/dist/cli.mjs soak/main.ts "$@" 2>&1 | tee "$artifacts/soak.log"
echo "[soak] credential scan: no configured secret in anything the soak wrote" >&2
node node_modules/tsx/dist/cli.mjs scripts/credential-scan.ts "$artifacts"
