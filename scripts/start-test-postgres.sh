#!/bin/sh
# Starts a throwaway PostgreSQL server for the sync tests, bound to 127.0.0.1 only, and prints its
# connection URL on stdout. Running it again while the server is up only prints the URL.
#
#   export PROPERTYME_TEST_POSTGRES_URL="$(scripts/start-test-postgres.sh)"
#
# Settings (environment): PROPERTYME_TEST_POSTGRES_DIR (default /tmp/pg) contains the data directory,
# socket and log; PROPERTYME_TEST_POSTGRES_PORT (default 54329). Stop the server with
#   pg_ctl -D "$PROPERTYME_TEST_POSTGRES_DIR/data" stop   (as the user that started it)
# Run as root, the server runs as the `postgres` user, because PostgreSQL refuses to run as root.
set -eu

dir="${PROPERTYME_TEST_POSTGRES_DIR:-/tmp/pg}"
port="${PROPERTYME_TEST_POSTGRES_PORT:-54329}"
url="postgres://postgres@127.0.0.1:${port}/postgres"

bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "start-test-postgres: no PostgreSQL server found under /usr/lib/postgresql; install Debian's postgresql package" >&2
  exit 1
fi

as_owner() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi
}

mkdir -p "$dir"
if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi

if [ ! -f "$dir/data/PG_VERSION" ]; then
  as_owner "'$bin/initdb' -D '$dir/data' -A trust -U postgres" >"$dir/initdb.log" 2>&1 || {
    echo "start-test-postgres: initdb failed; see $dir/initdb.log" >&2
    exit 1
  }
fi

if ! as_owner "'$bin/pg_ctl' -D '$dir/data' status" >/dev/null 2>&1; then
  as_owner "'$bin/pg_ctl' -D '$dir/data' -o \"-k '$dir' -c listen_addresses=127.0.0.1 -p $port\" -l '$dir/log' -w start" >/dev/null || {
    echo "start-test-postgres: the server did not start; see $dir/log" >&2
    exit 1
  }
fi

echo "$url"
