#!/usr/bin/env bash
# Times `sitrep run` on the demo inbox end to end (ingest, reconcile, three PDFs, annex,
# manifest), each run on a fresh state folder, and prints min / median / max wall time and
# peak RSS. Usage: bench/demo_end_to_end.sh BINARY [RUNS]
# It reads the sample inbox fixture, not inbox/: an operator empties inbox/, the fixture stays.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build-release/sitrep}
runs=${2:-20}
inbox=tests/fixtures/sample/inbox
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
times=()
rss_max=0
for i in $(seq 1 "$runs"); do
  rm -rf "$work/state" "$work/outbox"
  start=$(date +%s%N)
  /usr/bin/time -f %M -o "$work/rss" "$bin" run --quiet --inbox "$inbox" --outbox "$work/outbox" \
    --state "$work/state" --as-of 2023-02-08 --issued-at 2023-02-08T07:00:00+01:00 >/dev/null
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000 )))
  rss=$(cat "$work/rss")
  [ "$rss" -gt "$rss_max" ] && rss_max=$rss
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
n=${#sorted[@]}
inbox_bytes=$(du -cb "$inbox"/* | tail -1 | cut -f1)
printf 'demo inbox end to end (%d files, %.1f MB, %d runs, fresh state each):\n' \
  "$(ls "$inbox" | wc -l)" "$(echo "$inbox_bytes / 1000000" | bc -l)" "$n"
printf '  wall min %.3f s, median %.3f s, max %.3f s; peak RSS %.1f MiB\n' \
  "$(echo "${sorted[0]} / 1000000" | bc -l)" "$(echo "${sorted[$((n / 2))]} / 1000000" | bc -l)" \
  "$(echo "${sorted[$((n - 1))]} / 1000000" | bc -l)" "$(echo "$rss_max / 1024" | bc -l)"
