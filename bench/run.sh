#!/usr/bin/env bash
# Every benchmark, one after another, in a Release build; or only those named.
# Usage: bash bench/run.sh [ingest] [demo] [year] [cost] [stores] [failover]
#   ingest    DVZ ingest at 1 M and 10 M rows (data generated on first use into bench/data/,
#             about 0.45 GB, gitignored)
#   demo      the demo inbox end to end, 20 runs
#   year      a year of daily runs replayed (bench/year_replay.sh, seed 1, inbox kept)
#   cost      runs 30 and 365 of that year counted in instructions (bench/run_cost.sh)
#   stores    the demo inbox on SQLite and on PostgreSQL (bench/store_backends.sh)
#   failover  two services on one PostgreSQL store, the leader killed (bench/failover.sh)
# Each is also a script of its own, with its own options; see the README's "Benchmarks".
set -euo pipefail
cd "$(dirname "$0")/.."
all=(ingest demo year cost stores failover)
chosen=("$@")
[ ${#chosen[@]} -gt 0 ] || chosen=("${all[@]}")
for b in "${chosen[@]}"; do
  case " ${all[*]} " in
    *" $b "*) ;;
    *) echo "bench/run.sh: no benchmark '$b' (choose from: ${all[*]})" >&2; exit 64 ;;
  esac
done
bash scripts/install-deps.sh
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
flock /tmp/sitrep-build.lock cmake --build build-release -j "$(nproc)" --target bench_ingest sitrep
export SITREP_BIN=build-release/sitrep
for b in "${chosen[@]}"; do
  echo "== $b"
  case "$b" in
    ingest) build-release/bench_ingest ;;
    demo) bash bench/demo_end_to_end.sh build-release/sitrep 20 ;;
    year) bash bench/year_replay.sh --keep-inbox --seed 1 ;;
    cost) bash bench/run_cost.sh --keep-inbox --seed 1 ;;
    stores) bash bench/store_backends.sh build-release/sitrep ;;
    failover) bash bench/failover.sh ;;
  esac
done
