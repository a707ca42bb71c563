#!/usr/bin/env bash
# The main job on the demo inbox: builds if needed, then writes the next numbered report of
# the demo inbox (as the NCCN would have on 8 February 2023) into outbox/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
build/sitrep run --inbox inbox --outbox outbox --state state \
  --first-number 237 --as-of 2023-02-08 --issued-at 2023-02-08T07:00:00+01:00 "$@"
