# Sourced by the npm scripts (test, demo, bench, soak): what each needs before it runs anything, in one
# place. From the repository's root, on Node.js 24, which the newest @pulumi/pulumi needs (use-node.sh
# installs it when missing), with the dependencies, the packed package in examples/ and the real Pulumi
# CLI (prepare.sh builds it from source when none is installed; PULUMI_BIN_DIR names its folder).
repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"
# shellcheck source=scripts/use-node.sh
source scripts/use-node.sh 24
PULUMI_BIN_DIR=$(bash scripts/prepare.sh | tail -n 1)
export PULUMI_BIN_DIR

# An empty .work/<name>-artifacts for everything the run writes, scanned for credentials at its end:
# sets `artifacts` and exports it to the tests and programs as MAILRESELLER_TEST_ARTIFACTS.
fresh_artifacts() {
  artifacts="$repo_root/.work/$1-artifacts"
  rm -rf "$artifacts"
  mkdir -p "$artifacts"
  export MAILRESELLER_TEST_ARTIFACTS="$artifacts"
}
