#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL 15 cluster.
#
#   scripts/with_postgres.sh .venv/bin/python -m pytest
#
# Creates a cluster in a temporary directory (owned by the `postgres` OS user),
# listening on 127.0.0.1 only, with a role `ledcheck` (CREATEDB, so pytest-django
# can create test_* databases) and a database `ledcheck`; exports DATABASE_URL,
# runs the command, then stops the cluster and deletes it. Exits with the
# command's exit code. Needs root (CI and dev machines run as root).
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
fi

find_pg_bin() {
    local dir
    for dir in /usr/lib/postgresql/15/bin /usr/local/bin /usr/lib/postgresql/*/bin; do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            echo "$dir"
            return 0
        fi
    done
    return 1
}

if ! PG_BIN="$(find_pg_bin)"; then
    echo "with_postgres: installing PostgreSQL (apt)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql-15 >/dev/null 2>&1 || apt-get install -y -qq postgresql >/dev/null
    PG_BIN="$(find_pg_bin)"
fi

if ! id -u postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
fi

as_postgres() { runuser -u postgres -- "$@"; }

free_port() {
    local port
    for port in 54329 54330 54331 54332 54333 54334 54335 54336 54337 54338; do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    echo "with_postgres: no free port in 54329-54338" >&2
    return 1
}

PG_TMP="$(mktemp -d -t ledcheck-pg.XXXXXX)"
chmod 755 "$PG_TMP"
chown postgres: "$PG_TMP"
PG_DATA="$PG_TMP/data"
PG_PORT="$(free_port)"
PG_PASSWORD="ledcheck-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
PG_STARTED=0

cleanup() {
    local rc=$?
    if [ "$PG_STARTED" = 1 ]; then
        as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$PG_TMP"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_TMP/initdb.log" 2>&1 \
    || { cat "$PG_TMP/initdb.log" >&2; exit 1; }

# Password auth over TCP for the app role; trust only on the private socket.
cat >"$PG_DATA/pg_hba.conf" <<HBA
local   all   all                 trust
host    all   all   127.0.0.1/32  scram-sha-256
HBA

as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -w -t 60 -l "$PG_TMP/server.log" \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_TMP -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { cat "$PG_TMP/server.log" >&2; exit 1; }
PG_STARTED=1

as_postgres "$PG_BIN/psql" -h "$PG_TMP" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q <<SQL
CREATE ROLE ledcheck LOGIN CREATEDB PASSWORD '$PG_PASSWORD';
CREATE DATABASE ledcheck OWNER ledcheck;
SQL

export DATABASE_URL="postgresql://ledcheck:$PG_PASSWORD@127.0.0.1:$PG_PORT/ledcheck"
echo "with_postgres: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT" >&2

set +e
"$@"
CMD_RC=$?
set -e
exit "$CMD_RC"
