#!/usr/bin/env bash
# `npm test`: everything CI checks, from a fresh clone: install, type-check, lint, build, the real
# Pulumi CLI (built from source when none is installed), then every test tier.
set -euo pipefail
# shellcheck source=scripts/ready.sh
source "$(dirname "${BASH_SOURCE[0]}")/ready.sh"
echo "[test] type-check" >&2
npm run --silent typecheck
echo "[test] lint" >&2
npm run --silent lint
echo "[test] jest: unit, sandbox, provider and engine tiers" >&2
# Everything the suite writes is kept here for the credential scan below.
fresh_artifacts test
# Two workers even on a two-core machine (jest would use one): the engine tests spend most of their time
# waiting on the CLI, the provider host and the sandbox, so two files at once nearly halve the run.
npx jest --maxWorkers="${MAILRESELLER_JEST_WORKERS:-2}" "$@" 2>&1 | tee "$artifacts/jest.log"
echo "[test] credential scan: no configured secret in anything the suite wrote" >&2
npx tsx scripts/credential-scan.ts "$artifacts"
echo "[test] Node.js $(node --version) with @pulumi/pulumi $(node -p 'require("@pulumi/pulumi/package.json").version'): passed in ${SECONDS}s" >&2
# With no arguments (the whole suite), the oldest supported pair too: the engine tier on Node.js 20 with
# @pulumi/pulumi 3.246.0 (scripts/test-compat.sh).
if [ "$#" -eq 0 ]; then
  echo "[test] the engine tier on the oldest supported pair" >&2
  bash scripts/test-compat.sh
fi
