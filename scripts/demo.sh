#!/usr/bin/env bash
# `npm run demo`: the sandbox on a free port, examples/quickstart deployed with the real Pulumi CLI,
# regraded, previewed unchanged, destroyed.
set -euo pipefail
# shellcheck source=scripts/ready.sh
source "$(dirname "${BASH_SOURCE[0]}")/ready.sh"
exec node node_modules/tsx/dist/cli.mjs scripts/demo.ts "$@"
