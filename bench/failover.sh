#!/usr/bin/env bash
# Failover under fire: two `sitrep serve` on one PostgreSQL store, the leader killed (-9) at a
# random moment around the late daily report it issues as it comes to lead. Per try: how long
# from the kill until the standby leads and until today's daily report exists, and whether a
# report number was lost or reused or a mail sent twice (each must never happen).
#
#   bench/failover.sh [--tries N]     (default 20; binary: $SITREP_BIN, build-release/sitrep
#                                      or build/sitrep)
#
# Self-contained: its own PostgreSQL (scripts/pg-test-server.sh) and SMTP sink (aiosmtpd, as
# the tests use) in a temporary folder. Exits 1 when any try broke a rule.
set -euo pipefail

tries=20
while [ $# -gt 0 ]; do
  case "$1" in
    --tries) tries="$2"; shift 2 ;;
    *) echo "usage: $0 [--tries N]" >&2; exit 64 ;;
  esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${SITREP_BIN:-}"
for candidate in "$root/build-release/sitrep" "$root/build/sitrep"; do
  [ -z "$bin" ] && [ -x "$candidate" ] && bin="$candidate"
done
[ -x "$bin" ] || { echo "no sitrep binary: build it or set SITREP_BIN" >&2; exit 66; }

work="$(mktemp -d /tmp/sitrep-failover-XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
  bash "$root/scripts/pg-test-server.sh" stop "$work/pg" >/dev/null 2>&1 || true
  [ -n "${SITREP_BENCH_KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

server_url="$(bash "$root/scripts/pg-test-server.sh" start "$work/pg" | tail -1)"
echo "$bin on $server_url ($tries tries)"
token=operator-secret

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Starts `sitrep serve` for folder $1 in the background; sets $pid and $port.
serve() {
  local dir="$1"
  "$bin" serve --config "$dir/sitrep.ini" >"$dir/stdout" 2>"$dir/log" &
  pid=$!
  pids+=("$pid")
  port=""
  for _ in $(seq 200); do
    # The shell may not have made the file yet.
    port="$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$dir/stdout" 2>/dev/null | head -1 || true)"
    [ -n "$port" ] && return 0
    sleep 0.05
  done
  echo "the service in $dir did not start:" >&2
  cat "$dir/log" >&2
  exit 1
}

leads() { curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$1/metrics" | grep -q '^sitrep_leader 1'; }

# The store's reports as "NUMBER KIND ISSUED_AT" lines.
listed() { "$bin" list --store "$1" 2>/dev/null | awk -F'\t' '$1 ~ /^[0-9]+$/ {print $1, $2, $3}'; }

# "RECIPIENT NUMBER" per stored mail, from the envelope and the subject ("SITREP 238 — …").
mails() {
  /usr/bin/python3 - "$1" <<'PY'
import email, email.policy, glob, re, sys
for path in glob.glob(sys.argv[1] + "/new/*") + glob.glob(sys.argv[1] + "/cur/*"):
    with open(path, "rb") as f:
        m = email.message_from_binary_file(f, policy=email.policy.default)
    n = re.search(r"SITREP (\d+)", str(m["subject"]))
    print(m["x-rcptto"], n.group(1) if n else "?")
PY
}

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN {printf "%.1f", b - a}'; }

takeovers=()
issues=()
broken=0
short=0
printf '%-4s %-7s %-9s %-10s %-14s %-8s %-8s %-6s %s\n' try "kill@s" "a_was" issued_by "standby_leads" "issue_s" numbers mails rules
for try in $(seq "$tries"); do
  t="$work/try$try"
  mkdir -p "$t/a/inbox" "$t/b/inbox"
  db="try$try"
  url="${server_url%/*}/$db"
  psql -q "$server_url" -c "CREATE DATABASE $db" >/dev/null
  smtp_port="$(free_port)"
  /usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$smtp_port" -c aiosmtpd.handlers.Mailbox "$t/maildir" \
    >"$t/smtp.log" 2>&1 &
  smtp_pid=$!
  pids+=("$smtp_pid")
  until (exec 3<>"/dev/tcp/127.0.0.1/$smtp_port") 2>/dev/null; do sleep 0.05; done
  # A years-old report: today's daily report (00:00) is then missed, and the leader issues it
  # late as it comes to lead.
  for side in a b; do cp "$root/tests/fixtures/sample/inbox/"* "$t/$side/inbox/"; done
  "$bin" run --quiet --inbox "$t/a/inbox" --outbox "$t/a/outbox" --state "$t/a/state" \
    --store "$url" --as-of 2023-02-08 --issued-at 2023-02-08T07:00:00+01:00 >/dev/null
  for side in a b; do
    echo "$token" >"$t/$side/operator.token"
    cat >"$t/$side/sitrep.ini" <<INI
[paths]
inbox = inbox
outbox = outbox
state = state
[report]
first_number = 1
daily_at = 00:00
[http]
bind = 127.0.0.1
port = 0
operator_token_file = operator.token
[store]
url = $url
[smtp]
host = 127.0.0.1
port = $smtp_port
from = sitrep@crisiscenter.test
[recipient.vdab]
email = crisis@vdab.test
lang = nl
partner = vdab
[recipient.fedasil]
email = ops@fedasil.test
lang = fr
partner = fedasil
INI
  done

  serve "$t/a"; a_pid=$pid; a_port=$port
  # A holds the lock and leads once its 6 s lease has passed: B starts as its standby.
  until grep -q "took the leader lock" "$t/a/log"; do sleep 0.01; done
  serve "$t/b"; b_pid=$pid; b_port=$port
  # Around the report: A logs that it leads as its scheduler starts the takeover, and is done
  # with the late report about 0.1 s later, so the kill lands before, during or after it.
  until grep -q "this instance leads" "$t/a/log"; do sleep 0.01; done
  r=$RANDOM
  delay="$(awk -v r="$r" 'BEGIN {printf "%.2f", r / 32767 * 0.2}')"
  sleep "$delay"
  kill -9 "$a_pid"
  wait "$a_pid" 2>/dev/null || true
  killed="$(now)"
  # Where A was in its takeover: the late report not begun, begun, recorded, mails sent.
  phase=before
  grep -q "issuing it now, late" "$t/a/log" && phase=during
  grep -q "issued report" "$t/a/log" && phase=recorded
  grep -q "mail of report .* sent" "$t/a/log" && phase=mailed
  before="$(listed "$url" | wc -l)"
  by=leader
  [ "$before" -lt 2 ] && by=standby

  deadline=$(( $(date +%s) + 60 ))
  until leads "$b_port"; do
    [ "$(date +%s)" -gt "$deadline" ] && break
    sleep 0.05
  done
  takeover="$(since "$killed")"
  until [ "$(listed "$url" | wc -l)" -ge 2 ]; do
    [ "$(date +%s)" -gt "$deadline" ] && break
    sleep 0.1
  done
  issue="$(since "$killed")"
  [ "$by" = leader ] && issue=-
  # Mails of the new report: sent by A before the kill, by B after, or left in doubt.
  until [ "$(mails "$t/maildir" | wc -l)" -ge 2 ] || [ "$(date +%s)" -gt "$deadline" ]; do
    sleep 0.2
  done
  sleep 3  # time for a second issue or a second send, had either been coming

  rules=ok
  numbers="$(listed "$url" | awk '{print $1}' | sort -n | tr '\n' ' ')"
  dailies="$(listed "$url" | awk '$2 == "daily" && $3 !~ /^2023/' | wc -l)"
  # Gap-free and unique: consecutive from the first.
  if ! echo "$numbers" | awk '{for (i = 2; i <= NF; i++) if ($i != $(i-1) + 1) exit 1}'; then
    rules="numbers"
  fi
  [ "$dailies" -eq 1 ] || rules="dailies=$dailies"
  dup="$(mails "$t/maildir" | sort | uniq -d | wc -l)"
  [ "$dup" -eq 0 ] || rules="mail-duplicated"
  nmails="$(mails "$t/maildir" | wc -l)"
  # Fewer than two is allowed (a mail cut off mid-send stays in doubt, never sent twice) but
  # counted: the summary says how often a recipient got nothing.
  [ "$nmails" -ge 2 ] || short=$((short + 1))
  [ "$(leads "$b_port" && echo y)" = y ] || rules="standby-never-led"
  [ "$rules" = ok ] || broken=$((broken + 1))
  takeovers+=("$takeover")
  [ "$by" = standby ] && issues+=("$issue")
  printf '%-4s %-7s %-9s %-10s %-14s %-8s %-8s %-6s %s\n' "$try" "$delay" "$phase" "$by" "$takeover" \
    "$issue" "$(echo $numbers | tr ' ' ',')" "$nmails/2" "$rules"

  kill "$b_pid" "$smtp_pid" 2>/dev/null || true
  wait "$b_pid" "$smtp_pid" 2>/dev/null || true
  psql -q "$server_url" -c "DROP DATABASE $db WITH (FORCE)" >/dev/null
done

stats() {
  if [ $# -eq 0 ]; then echo "none"; return; fi
  printf '%s\n' "$@" | sort -n | awk '{v[NR] = $1} END {printf "max %.1f s, median %.1f s (%d)", v[NR], (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2), NR}'
}
echo "kill to standby leading:          $(stats "${takeovers[@]}")"
echo "kill to daily issued by standby:  $(stats "${issues[@]}")"
echo "tries where a recipient got no mail (not a rule; in doubt or never queued): $short"
echo "tries breaking a rule (numbers lost/reused, daily twice, mail twice): $broken"
[ "$broken" -eq 0 ]
