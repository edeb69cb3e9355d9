#!/usr/bin/env bash
# `npm test`: everything CI checks, from a fresh clone: install, type-check, lint, build, the real
# Pulumi CLI (built from source when none is installed), then every test tier.
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"
PULUMI_BIN_DIR=$(bash scripts/prepare.sh | tail -n 1)
export PULUMI_BIN_DIR
echo "[test] type-check" >&2
npm run --silent typecheck
echo "[test] lint" >&2
npm run --silent lint
echo "[test] jest: unit, sandbox, provider and engine tiers" >&2
# Everything the suite writes is kept here for the credential scan below.
artifacts="$repo_root/.work/test-artifacts"
rm -rf "$artifacts"
mkdir -p "$artifacts"
export MAILRESELLER_TEST_ARTIFACTS="$artifacts"
npx jest "$@" 2>&1 | tee "$artifacts/jest.log"
echo "[test] credential scan: no configured secret in anything the suite wrote" >&2
npx tsx scripts/credential-scan.ts "$artifacts"
