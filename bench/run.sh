#!/usr/bin/env bash
# Builds the Release benchmark if needed and runs it. Data files are generated on first use into
# bench/data/ (gitignored, about 0.45 GB). Extra arguments are passed to bench_ingest.
set -euo pipefail
cd "$(dirname "$0")/.."

cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF
cmake --build build-release --target bench_ingest
build-release/bench_ingest "$@"
