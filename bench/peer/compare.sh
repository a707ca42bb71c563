#!/usr/bin/env bash
# Runs sitrep and the pandas + ReportLab peer (bench/peer/peer.py) side by side on the demo
# inbox fixture, alternating, each run on a fresh state and outbox, and prints each one's
# median wall time and the ratio. Usage: bench/peer/compare.sh [SITREP_BINARY] [RUNS]
# Needs the peer's packages: bash bench/peer/install-peer.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-build-release/sitrep}
[ -x "$bin" ] || bin=build/sitrep
runs=${2:-5}
inbox=tests/fixtures/sample/inbox
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
now() { date +%s%N; }
sitrep_times=()
peer_times=()
for i in $(seq 1 "$runs"); do
  rm -rf "$work"/*
  start=$(now)
  "$bin" run --quiet --inbox "$inbox" --outbox "$work/s-out" --state "$work/s-state" \
    --first-number 237 --as-of 2023-02-08 --issued-at 2023-02-08T07:00:00+01:00 >/dev/null
  sitrep_times+=($(( ($(now) - start) / 1000 )))
  start=$(now)
  /usr/bin/python3 bench/peer/peer.py "$inbox" "$work/p-out" "$work/p-state"
  peer_times+=($(( ($(now) - start) / 1000 )))
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }
s=$(median "${sitrep_times[@]}")
p=$(median "${peer_times[@]}")
ls "$work/s-out" "$work/p-out" >/dev/null
printf 'demo inbox end to end, %d runs each, alternating, fresh state each (median wall):\n' "$runs"
printf '  sitrep (%s): %.3f s\n' "$bin" "$(echo "$s / 1000000" | bc -l)"
printf '  pandas + ReportLab peer: %.3f s\n' "$(echo "$p / 1000000" | bc -l)"
printf '  sitrep is %.1fx faster\n' "$(echo "$p / $s" | bc -l)"
