#!/usr/bin/env bash
# The oldest supported pair: the engine tier (every real `pulumi up/preview/refresh/destroy` test) on
# Node.js 20 with @pulumi/pulumi 3.246.0 and the Pulumi CLI built at 3.246.0. `npm test` runs it after
# the main suite (Node.js 24 with the newest @pulumi/pulumi); run it alone with `npm run test:compat`.
#
# It works in a copy of the working tree in a temporary folder outside the repository (so no module can
# resolve from the repository's own node_modules), where the root and examples/ pin @pulumi/pulumi to
# the oldest version; the repository's lock files never change.
set -euo pipefail
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"
oldest_pulumi=3.246.0
log() { echo "[compat] $*" >&2; }

# shellcheck source=scripts/use-node.sh
source scripts/use-node.sh 20
log "Node.js $(node --version) with @pulumi/pulumi $oldest_pulumi"

copy=$(mktemp -d "${TMPDIR:-/tmp}/pulumi-mailreseller-compat-XXXXXX")
trap 'rm -rf "$copy"' EXIT
git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | tar -xf - -C "$copy"
cd "$copy"
npm pkg set "devDependencies.@pulumi/pulumi=$oldest_pulumi"
(cd examples && npm pkg set "dependencies.@pulumi/pulumi=$oldest_pulumi")
log "installing dependencies"
npm install --no-audit --no-fund --loglevel=error >&2
installed=$(node -p 'require("@pulumi/pulumi/package.json").version')
if [ "$installed" != "$oldest_pulumi" ]; then
  log "error: installed @pulumi/pulumi $installed, expected $oldest_pulumi"
  exit 1
fi

PULUMI_BIN_DIR=$(bash scripts/prepare.sh | tail -n 1)
export PULUMI_BIN_DIR
cli=$("$PULUMI_BIN_DIR/pulumi" version)
if [ "$cli" != "v$oldest_pulumi" ]; then
  log "error: the Pulumi CLI is $cli, expected v$oldest_pulumi"
  exit 1
fi
examples_pulumi=$(node -p 'require("./examples/node_modules/@pulumi/pulumi/package.json").version')
if [ "$examples_pulumi" != "$oldest_pulumi" ]; then
  log "error: examples/ installed @pulumi/pulumi $examples_pulumi, expected $oldest_pulumi"
  exit 1
fi

artifacts="$copy/.work/test-artifacts"
mkdir -p "$artifacts"
export MAILRESELLER_TEST_ARTIFACTS="$artifacts"
log "jest: the engine tier"
# Arguments select test files as for jest (e.g. one engine test, to debug it on this pair).
# The fleet's engine test runs on the newest pair only: the Automation API and the CLI it relies on are
# what every other engine test proves here, and its PostgreSQL backend is the CLI's, not ours. So does the
# Go program's (native-go): this pair proves the oldest @pulumi/pulumi under our TypeScript classes and the
# native plugin on the oldest CLI (native-yaml), while the Go program's SDK is its own go.mod's
# github.com/pulumi/pulumi/sdk/v3, independent of both.
if [ "$#" -eq 0 ]; then set -- test/engine --testPathIgnorePatterns 'fleet\.engine|native-go\.engine'; fi
npx jest --maxWorkers="${MAILRESELLER_JEST_WORKERS:-2}" "$@" 2>&1 | tee "$artifacts/jest.log"
log "credential scan: no configured secret in anything the engine tier wrote"
npx tsx scripts/credential-scan.ts "$artifacts"
log "Node.js $(node --version) with @pulumi/pulumi $oldest_pulumi: passed in ${SECONDS}s"
