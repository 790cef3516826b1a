#!/usr/bin/env bash
# Start or stop a throwaway PostgreSQL cluster for one test run.
#
#   scripts/pg-cluster.sh start DIR   # prints the DATABASE_URL on stdout
#   scripts/pg-cluster.sh stop DIR    # stops the server and deletes DIR
#
# The cluster lives entirely inside DIR: data, log and Unix socket. It listens
# on 127.0.0.1 and a free port, trusts local connections only, and runs with
# fsync off, so it is fast and must never hold data worth keeping. It has a
# role `sakip` with CREATEDB (pytest-django creates `test_sakip` itself) and a
# database `sakip`. The packaged cluster (15/main) is not touched.
#
# initdb refuses to run as root, so as root the server runs as the `postgres`
# user. PG_BIN selects the server binaries (default /usr/lib/postgresql/15/bin).
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
MARKER=.sakip-pg-cluster
DB_NAME=sakip
DB_USER=sakip

usage() {
    echo "usage: $0 start DIR | stop DIR" >&2
    exit 2
}

say() {
    echo "pg-cluster: $*" >&2
}

fail() {
    echo "pg-cluster: error: $*" >&2
    exit 1
}

# Run a command as the cluster's owner: `postgres` under root, else the caller.
as_owner() {
    if [[ $EUID -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

start_cluster() {
    local dir=$1

    [[ -x $PG_BIN/initdb ]] ||
        fail "$PG_BIN/initdb not found; install the PostgreSQL 15 server" \
            "(apt-get install postgresql, or run scripts/setup.sh --test)."
    if [[ $EUID -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
        fail "the user 'postgres' does not exist; install the postgresql package."
    fi

    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if [[ -n $(ls -A "$dir") ]]; then
        fail "$dir is not empty; give an empty or new directory."
    fi
    touch "$dir/$MARKER"
    chmod 700 "$dir"
    if [[ $EUID -eq 0 ]]; then
        chown -R postgres:postgres "$dir"
    fi
    as_owner test -w "$dir" ||
        fail "the postgres user cannot write $dir; use a directory under /tmp."

    local port
    port=$(free_port)
    say "initdb in $dir"
    as_owner "$PG_BIN/initdb" --pgdata="$dir/data" --username=postgres \
        --encoding=UTF8 --locale=C.UTF-8 --auth=trust --no-sync \
        --no-instructions >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; fail "initdb failed."; }

    # Later settings in postgresql.conf override the ones initdb wrote.
    as_owner tee -a "$dir/data/postgresql.conf" >/dev/null <<EOF

# Throwaway test cluster written by scripts/pg-cluster.sh.
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
    as_owner tee "$dir/data/pg_hba.conf" >/dev/null <<EOF
# TYPE  DATABASE  USER  ADDRESS       METHOD
local   all       all                 trust
host    all       all   127.0.0.1/32  trust
EOF

    say "starting the server on 127.0.0.1:$port"
    as_owner "$PG_BIN/pg_ctl" --pgdata="$dir/data" --log="$dir/postgresql.log" \
        --wait --timeout=60 --silent start ||
        { tail -n 20 "$dir/postgresql.log" >&2; fail "the server did not start."; }

    as_owner psql --no-psqlrc --quiet --set=ON_ERROR_STOP=1 --host="$dir" \
        --port="$port" --username=postgres --dbname=postgres \
        --command="CREATE ROLE $DB_USER LOGIN CREATEDB" \
        --command="CREATE DATABASE $DB_NAME OWNER $DB_USER" >/dev/null ||
        fail "could not create the role and database; see $dir/postgresql.log."

    local url="postgres://$DB_USER@127.0.0.1:$port/$DB_NAME"
    echo "$url" >"$dir/database_url"
    echo "$url"
}

stop_cluster() {
    local dir=$1

    if [[ ! -d $dir ]]; then
        say "$dir does not exist; nothing to stop."
        return 0
    fi
    [[ -f $dir/$MARKER ]] ||
        fail "$dir was not made by '$0 start'; not deleting it."

    if [[ -f $dir/data/postmaster.pid ]]; then
        say "stopping the server in $dir"
        as_owner "$PG_BIN/pg_ctl" --pgdata="$dir/data" --mode=fast --wait \
            --silent stop ||
            as_owner "$PG_BIN/pg_ctl" --pgdata="$dir/data" --mode=immediate \
                --wait --silent stop ||
            say "pg_ctl stop failed; deleting $dir anyway."
    fi
    rm -rf -- "$dir"
}

[[ $# -eq 2 ]] || usage
case $1 in
    start) start_cluster "$2" ;;
    stop) stop_cluster "$2" ;;
    *) usage ;;
esac
