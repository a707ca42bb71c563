#!/usr/bin/env bash
# A throwaway PostgreSQL 15 for the tests: `start DIR` prints (and writes to DIR/url) a URL
# like postgresql://sitrep@127.0.0.1:PORT/sitrep; `stop DIR` stops it and deletes DIR.
# For tests of an outage: `kill DIR` stops the server at once as a crash would, keeping its
# data; `restart DIR` starts it again on that data and the same port (the same URL).
#
# The server listens on 127.0.0.1 only with trust authentication (no password to pass
# around), and runs with fsync off: its data lives no longer than one test run (PG_DURABLE=on
# keeps PostgreSQL's durable defaults, for benchmarks that compare with SQLite's commits). PostgreSQL
# refuses to run as root, so as root the server runs as the unprivileged user sitrep-pg
# (created here when missing), with its data in a folder under /tmp that it owns: DIR itself
# may sit where that user cannot write (a build tree under /root).
set -euo pipefail

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_USER=sitrep-pg

usage() {
  echo "usage: $0 start|stop|kill|restart DIR" >&2
  exit 2
}
[ $# -eq 2 ] || usage
action=$1
dir=$2

# Runs a PostgreSQL program as the server's user (ourselves unless we are root).
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    # From /: the caller's folder (a fresh clone in a private temporary folder) may be closed
    # to that user, and PostgreSQL's tools then say so on stderr, mixed into the URL we print.
    (cd / && runuser -u "$PG_USER" -- "$@")
  else
    "$@"
  fi
}

running() {
  [ -f "$dir/pgdata" ] && [ -f "$dir/url" ] && as_pg "$PG_BIN/pg_ctl" status -D "$(cat "$dir/pgdata")/db" >/dev/null 2>&1
}

stop_server() {
  if [ -f "$dir/pgdata" ]; then
    local data
    data=$(cat "$dir/pgdata")
    # Immediate: nothing in a test server is worth a checkpoint.
    as_pg "$PG_BIN/pg_ctl" stop -D "$data/db" -m immediate >/dev/null 2>&1 || true
    rm -rf "$data"
  fi
  rm -rf "$dir"
}

# A port nobody listens on now. Another process can still take it before the server binds,
# so start_server tries a few.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_server() {
  if [ "$(id -u)" -eq 0 ] && ! id "$PG_USER" >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_USER" 2>/dev/null ||
      id "$PG_USER" >/dev/null  # another run may have created it meanwhile
  fi
  mkdir -p "$dir"
  # $dir/pgdata names the folder with the cluster (db/) and the server's log.
  local data
  data=$(mktemp -d /tmp/sitrep-pg.XXXXXX)
  echo "$data" >"$dir/pgdata"
  if [ "$(id -u)" -eq 0 ]; then chown "$PG_USER": "$data"; fi
  as_pg "$PG_BIN/initdb" -D "$data/db" -U sitrep --auth=trust --no-sync --no-instructions \
    -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { echo "initdb failed, see $dir/initdb.log:" >&2; tail -5 "$dir/initdb.log" >&2; return 1; }
  echo "host all all 127.0.0.1/32 trust" | as_pg tee "$data/db/pg_hba.conf" >/dev/null
  cat <<EOF | as_pg tee -a "$data/db/postgresql.conf" >/dev/null
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
fsync = ${PG_DURABLE:-off}
synchronous_commit = ${PG_DURABLE:-off}
full_page_writes = ${PG_DURABLE:-off}
max_connections = 200
shared_buffers = 32MB
EOF
  local port
  for _ in 1 2 3 4 5; do
    port=$(free_port)
    if as_pg "$PG_BIN/pg_ctl" start -D "$data/db" -w -t 30 -o "-p $port" \
         -l "$data/server.log" >/dev/null 2>&1; then
      as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U sitrep sitrep
      echo "postgresql://sitrep@127.0.0.1:$port/sitrep" >"$dir/url"
      cat "$dir/url"
      return 0
    fi
  done
  echo "PostgreSQL did not start in $data/db; its log:" >&2
  tail -20 "$data/server.log" >&2 || true
  return 1
}

# Stops the server without a shutdown checkpoint, as a crash would; the data stays.
kill_server() {
  [ -f "$dir/pgdata" ] || { echo "no test server in $dir" >&2; return 1; }
  as_pg "$PG_BIN/pg_ctl" stop -D "$(cat "$dir/pgdata")/db" -m immediate >/dev/null
}

# Starts a killed server again on its data and its port, so that its URL holds again.
restart_server() {
  if [ ! -f "$dir/pgdata" ] || [ ! -f "$dir/url" ]; then
    echo "no test server in $dir" >&2
    return 1
  fi
  local data url port
  data=$(cat "$dir/pgdata")
  url=$(cat "$dir/url")
  port=${url##*:}
  port=${port%%/*}
  as_pg "$PG_BIN/pg_ctl" start -D "$data/db" -w -t 30 -o "-p $port" -l "$data/server.log" \
    >/dev/null 2>&1 ||
    { echo "PostgreSQL did not start again in $data/db; its log:" >&2; tail -20 "$data/server.log" >&2; return 1; }
  cat "$dir/url"
}

case "$action" in
  start)
    if running; then
      cat "$dir/url"
      exit 0
    fi
    stop_server  # whatever a killed run left behind
    start_server
    ;;
  stop)
    stop_server
    ;;
  kill)
    kill_server
    ;;
  restart)
    if running; then
      cat "$dir/url"
      exit 0
    fi
    restart_server
    ;;
  *)
    usage
    ;;
esac
