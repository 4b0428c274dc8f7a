#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for zwdesk's tests (and for trying zwdesk on a server).
#
#   scripts/pg_test_server.sh start [PORT]   start it (or find it running); prints the line
#                                            export ZWDESK_TEST_PG=postgresql://postgres@127.0.0.1:PORT/postgres
#   scripts/pg_test_server.sh stop [PORT]    stop it and delete its data
#   scripts/pg_test_server.sh url [PORT]     print the URL only
#
# So: eval "$(scripts/pg_test_server.sh start)" && python -m pytest tests/store
#
# The cluster lives in /tmp/zwdesk-pg-PORT (55432 unless PORT is given), listens on 127.0.0.1
# only, trusts local connections (no password: it holds test data only) and runs without fsync.
# initdb and postgres refuse to run as root: as root they run as the postgres user.
# The locale is C.UTF-8: with plain C, pg_trgm finds no trigrams in Chinese text.
set -euo pipefail

command=${1:-}
port=${2:-${ZWDESK_PG_PORT:-55432}}
base=/tmp/zwdesk-pg-$port
url=postgresql://postgres@127.0.0.1:$port/postgres

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$pgbin" ] && command -v pg_ctl >/dev/null 2>&1; then
  pgbin=$(dirname "$(command -v pg_ctl)")
fi

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

running() {
  [ -f "$base/data/postmaster.pid" ] && as_owner "$pgbin/pg_ctl" -D "$base/data" status >/dev/null 2>&1
}

case "$command" in
  start)
    if [ -z "$pgbin" ]; then
      echo "pg_test_server: PostgreSQL is not installed (apt-get install postgresql)" >&2
      exit 1
    fi
    if ! running; then
      rm -rf "$base"
      mkdir -p "$base"
      [ "$(id -u)" = 0 ] && chown postgres:postgres "$base"
      as_owner "$pgbin/initdb" -D "$base/data" -U postgres -A trust -E UTF8 \
        --locale=C.UTF-8 --no-sync >"$base/initdb.log" 2>&1 \
        || { cat "$base/initdb.log" >&2; exit 1; }
      as_owner "$pgbin/pg_ctl" -D "$base/data" -l "$base/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $base -c fsync=off \
            -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null || { cat "$base/server.log" >&2; exit 1; }
    fi
    echo "export ZWDESK_TEST_PG=$url"
    ;;
  stop)
    if running; then
      as_owner "$pgbin/pg_ctl" -D "$base/data" -m fast -w stop >/dev/null
    fi
    rm -rf "$base"
    ;;
  url)
    echo "$url"
    ;;
  *)
    echo "usage: $0 start|stop|url [PORT]" >&2
    exit 2
    ;;
esac
