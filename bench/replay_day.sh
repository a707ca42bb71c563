# Sourced by the benchmarks that replay the year: the binary they run, which day run N is,
# what reaches the inbox that day, and how that day's report is run.

# sitrep's binary: SITREP_BIN when it is set, else a Release build made now. Each step says
# when it fails: in $(...) bash does not stop at a failed command by itself.
replay_binary() {
  if [ -n "${SITREP_BIN:-}" ]; then realpath "$SITREP_BIN"; return; fi
  cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null || return
  flock /tmp/sitrep-build.lock cmake --build build-release -j "$(nproc)" --target sitrep \
    >/dev/null || return
  echo "$PWD/build-release/sitrep"
}

# The day of run N: the replayed year starts on 2022-03-01.
replay_day() { date -d "2022-03-01 + $(($1 - 1)) days" +%F; }

# Brussels summer time runs from the last Sunday of March to the last Sunday of October (the
# change is at night, so a 07:00 report on either Sunday already has the new offset).
last_sunday() { local d; d=$(date -d "$1" +%F); while [ "$(date -d "$d" +%u)" != 7 ]; do d=$(date -d "$d - 1 day" +%F); done; echo "$d"; }
offset() {
  local y=${1:0:4} s e
  s=$(last_sunday "$y-03-31"); e=$(last_sunday "$y-10-31")
  if [[ ! "$1" < "$s" && "$1" < "$e" ]]; then echo +02:00; else echo +01:00; fi
}

# Copies the files the generated year YEAR delivers on DAY into WORK's inbox, their times kept.
# Usage: deliver_day YEAR WORK DAY
deliver_day() {
  if [ -d "$1/days/$3" ]; then cp -p "$1/days/$3"/* "$2/inbox/"; fi
}

# Runs DAY's report on the replay folder WORK with COMMAND, whose last word is sitrep's binary
# and whose first words may measure it (GNU time, valgrind). Sets run_started and run_ended,
# microseconds since the epoch, just around the command: working out the day's offset forks
# `date` a dozen times, 80 to 100 ms, which a wall time taken around run_day counted as the
# run's own. Bash writes EPOCHREALTIME with the locale's decimal mark: only its digits are kept.
# RUN_OUTBOX, when set, is the outbox instead of WORK's (a run measured again, whose report is
# not the replay's).
# Usage: run_day WORK DAY COMMAND...
run_day() {
  local work=$1 day=$2 issued rc=0
  shift 2
  issued="${day}T07:00:00$(offset "$day")"
  run_started=${EPOCHREALTIME//[!0-9]/}
  "$@" run --quiet --inbox "$work/inbox" --outbox "${RUN_OUTBOX:-$work/outbox}" --state "$work/state" \
    --first-number 1 --as-of "$day" --issued-at "$issued" || rc=$?
  run_ended=${EPOCHREALTIME//[!0-9]/}
  return "$rc"
}

# The last run_day's wall time in seconds, to the millisecond.
elapsed() { awk -v a="$run_started" -v b="$run_ended" 'BEGIN { printf "%.3f", (b - a) / 1e6 }'; }
