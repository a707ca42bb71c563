#!/usr/bin/env bash
# All benchmarks, in a Release build: DVZ ingest at 1 M and 10 M rows (data generated on first
# use into bench/data/, about 0.45 GB, gitignored), then the demo inbox end to end.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build build-release -j "$(nproc)" --target bench_ingest sitrep
build-release/bench_ingest "$@"
bash bench/demo_end_to_end.sh build-release/sitrep 20
