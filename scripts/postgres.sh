#!/usr/bin/env bash
# Prints the folder of PostgreSQL's server binaries (initdb, pg_ctl, postgres), installing them from
# Debian's packages when the machine has none: the fleet's engine tests start their own cluster on them
# (test/harness/postgres.ts), as the state backend the shards share.
set -euo pipefail

find_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
      echo "$d"
      return 0
    fi
  done
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir
    return 0
  fi
  return 1
}

if ! bindir=$(find_bindir); then
  echo "[postgres] no PostgreSQL server here: installing it from Debian's packages" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql >&2
  bindir=$(find_bindir)
fi
echo "$bindir"
