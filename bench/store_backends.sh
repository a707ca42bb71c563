#!/usr/bin/env bash
# The demo inbox end to end on each store: SQLite (the state folder's file) and PostgreSQL (a
# server of its own, started here with scripts/pg-test-server.sh, durable as in production:
# fsync and synchronous commits on). Each run on a fresh state folder and, for PostgreSQL, a
# fresh database. Alternating, so that a busy machine slows both alike. Prints each one's
# median wall time and their ratio (issue 12: PostgreSQL within 1.5x of SQLite).
# A shared store's schema is made once, when it is set up (its first command makes it): the
# PostgreSQL runs are timed on an empty database with its schema, and making the schema is
# timed on its own. SQLite makes its schema within the run, as every new state folder does.
# Usage: bash bench/store_backends.sh [SITREP_BINARY] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build-release/sitrep}
[ -x "$bin" ] || bin=build/sitrep
runs=${2:-9}
inbox=tests/fixtures/sample/inbox
work=$(mktemp -d)
pg=$work/pg
mkdir -p "$pg"
trap 'bash scripts/pg-test-server.sh stop "$pg" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
server=$(PG_DURABLE=on bash scripts/pg-test-server.sh start "$pg")
base=${server%/*}
now() { date +%s%N; }
demo() {
  "$bin" run --quiet --inbox "$inbox" --outbox "$work/out" --state "$work/state" \
    --first-number 237 --as-of 2023-02-08 --issued-at 2023-02-08T07:00:00+01:00 "$@" >/dev/null
}
sqlite_times=()
pg_times=()
schema_times=()
for i in $(seq 1 "$runs"); do
  rm -rf "$work/state" "$work/out"
  start=$(now); demo; sqlite_times+=($(( ($(now) - start) / 1000 )))
  rm -rf "$work/state" "$work/out"
  psql "$server" -qc "CREATE DATABASE demo_$i" >/dev/null
  start=$(now); "$bin" list --store "$base/demo_$i" --state "$work/state" >/dev/null
  schema_times+=($(( ($(now) - start) / 1000 )))
  start=$(now); demo --store "$base/demo_$i"; pg_times+=($(( ($(now) - start) / 1000 )))
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }
s=$(median "${sqlite_times[@]}")
p=$(median "${pg_times[@]}")
printf 'demo inbox end to end, %d runs each, alternating, fresh store each (median wall):\n' "$runs"
printf '  SQLite:     %.3f s\n' "$(echo "$s / 1000000" | bc -l)"
printf '  PostgreSQL: %.3f s (local server, fsync on)\n' "$(echo "$p / 1000000" | bc -l)"
printf '  PostgreSQL / SQLite: %.2fx\n' "$(echo "$p / $s" | bc -l)"
printf '  making the schema of a new PostgreSQL store (once, with its first command): %.3f s\n' \
  "$(echo "$(median "${schema_times[@]}") / 1000000" | bc -l)"
