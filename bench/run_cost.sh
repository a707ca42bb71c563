#!/usr/bin/env bash
# Run cost in instructions: what run 30 and run 365 of the year replay execute, counted by
# callgrind, whole and by part. Wall time moves with the machine's load (the median of runs 26
# to 35 has moved from 0.046 to 0.064 s between two replays an hour apart); an instruction count
# does not (two counts of one run differ by about a thousandth), so how a run's cost grows over
# the year can be compared from one day or machine to the next. The parts are less steady: a
# one-time set-up (about 5 M) falls in whichever part's thread needs it first, the inbox's
# reading or the rest. It counts instructions, not time: a page faulted in, a cache miss or a
# wait on the disk costs nothing here.
# Usage: bash bench/run_cost.sh [--keep-inbox|--empty-inbox] [--seed N]
#   The year is bench/year_replay.sh's (same seed, same inbox mode), replayed to day 29 and to
#   day 364; runs 30 and 365 then run under callgrind. Its files: bench/data/cost-SEED-MODE/.
# SITREP_BIN=path counts another binary and skips the Release build.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=keep
seed=1
while [ $# -gt 0 ]; do
  case "$1" in
    --keep-inbox) mode=keep ;;
    --empty-inbox) mode=empty ;;
    --seed) seed=${2:?--seed needs a value}; shift ;;
    *) echo "usage: bash bench/run_cost.sh [--keep-inbox|--empty-inbox] [--seed N]" >&2; exit 64 ;;
  esac
  shift
done
case "$seed" in ''|*[!0-9]*) echo "--seed takes a whole number" >&2; exit 64 ;; esac

# valgrind is one of the benchmarks' packages: installed even for a binary given.
bash scripts/install-deps.sh >/dev/null
source bench/replay_day.sh
bin=$(replay_binary)

work=bench/data/replay-$seed-$mode
out=bench/data/cost-$seed-$mode
rm -rf "$out"
mkdir -p "$out"
# A run is counted where the replay made its state: the inbox's known files are known by path.
count_run() {
  local n=$1 day
  day=$(replay_day "$n")
  deliver_day "bench/data/year-$seed" "$work" "$day"
  local rc=0
  run_day "$work" "$day" valgrind --tool=callgrind --callgrind-out-file="$out/run-$n.callgrind" \
    "$bin" >"$out/run-$n.out" 2>"$out/run-$n.err" || rc=$?
  if [ "$rc" != 0 ] && [ "$rc" != 65 ]; then
    echo "run $n ($day) failed with exit $rc:" >&2; tail -5 "$out/run-$n.err" >&2; exit 1
  fi
  # With each function's callers: a part may own only some calls of a shared function.
  callgrind_annotate --tree=caller --inclusive=yes --threshold=100 "$out/run-$n.callgrind" \
    >"$out/run-$n.txt"
}

# The replay goes on past a failed run: a run counted on the state it left would count the wrong
# work.
replayed() {
  SITREP_BIN=$bin bash bench/year_replay.sh "--$mode-inbox" --seed "$seed" --days "$1" \
    >"$out/replay-$1.out"
  if awk -F'\t' 'NR > 1 && $3 != 0 && $3 != 65 { bad = 1 } END { exit !bad }' "$work/runs.tsv"; then
    echo "the replay to day $1 had failed runs: see $work/runs.tsv and $out/replay-$1.out" >&2
    exit 1
  fi
}

echo "run-cost: seed $seed, inbox $([ $mode = keep ] && echo kept || echo emptied after each run); replaying to day 29 and to day 364"
replayed 29
count_run 30
replayed 364
count_run 365
python3 bench/run_cost_parts.py "$out/run-30.txt" "$out/run-365.txt"
echo "callgrind's files: $out/"
