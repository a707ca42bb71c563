#!/usr/bin/env bash
# Fuzzes every parser for a fixed time each: bash scripts/fuzz.sh [seconds-per-harness] [name...]
# Builds the libFuzzer harnesses of fuzz/ with clang into build-fuzz/ (never build/), runs each
# one from its corpus in fuzz/corpus/<name>/, and prints per harness its executions and any
# crash file. Exits 1 when a harness found a crash, a hang (>10 s) or a blow-up (>2 GB).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
shift || true
all=(csv xlsx xlsx_sheet actiris hxl notes dvz_decisions dvz_register vdab vdab_werkplekvrij forem fedasil)
names=("$@")
if [ ${#names[@]} -eq 0 ]; then names=("${all[@]}"); fi

# The project's packages, then clang and its libFuzzer and sanitizer runtimes.
bash scripts/install-deps.sh
missing=()
for p in clang-14 libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

# -O1 with assertions on: what libFuzzer's documentation recommends for finding faults.
cmake -S . -B build-fuzz -DSITREP_FUZZ=ON -DBUILD_TESTING=OFF \
  -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" >/dev/null
# The machine may be shared: builds take turns on one lock. SITREP_FUZZ_BUILD=0 runs the
# harnesses already built, e.g. a second round while others hold the lock.
if [ "${SITREP_FUZZ_BUILD:-1}" != 0 ]; then
  flock "${SITREP_BUILD_LOCK:-/tmp/sitrep-build.lock}" \
    cmake --build build-fuzz -j "$(nproc)" --target fuzzers | tail -3
fi

# A report of undefined behaviour comes with the stack that led to it.
export UBSAN_OPTIONS="print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
failed=0
summary=()
for name in "${names[@]}"; do
  corpus="fuzz/corpus/$name"
  work="build-fuzz/corpus/$name"      # new inputs land here, not in the repository
  artifacts="build-fuzz/crashes/$name"
  log="build-fuzz/fuzz-$name.log"
  mkdir -p "$corpus" "$work" "$artifacts"
  dict=()
  case "$name" in
    actiris) dict=(-dict=fuzz/dict/json.dict) ;;
    xlsx_sheet) dict=(-dict=fuzz/dict/xml.dict) ;;
  esac
  echo "== fuzz_$name for ${seconds}s"
  status=0
  nice -n 10 "build-fuzz/fuzz/fuzz_$name" "$work" "$corpus" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "${dict[@]}" >"$log" 2>&1 || status=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
  crash=$(grep -o 'Test unit written to .*' "$log" | sed 's/Test unit written to //' | tail -1 || true)
  line="fuzz_$name: ${execs:-?} executions"
  if [ "$status" -ne 0 ] || [ -n "$crash" ]; then
    failed=1
    line="$line, FAILED (exit $status): ${crash:-no crash file} (log: $log)"
  fi
  echo "$line"
  summary+=("$line")
done

echo "== summary"
printf '%s\n' "${summary[@]}"
exit "$failed"
