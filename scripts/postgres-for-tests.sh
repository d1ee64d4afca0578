#!/usr/bin/env bash
# A throwaway PostgreSQL for the test suites (the .NET integration tests and the node-vault tests both use this).
#
#   postgres-for-tests.sh start DIR PORT PASSWORD   create DIR (first time: initdb) and start a server on 127.0.0.1:PORT
#                                                   whose superuser "postgres" logs in over TCP with PASSWORD
#   postgres-for-tests.sh stop DIR                  stop the server whose data is in DIR (by the pid in its
#                                                   postmaster.pid, never by name); DIR stays, so start works again
#   postgres-for-tests.sh remove DIR                stop, then delete DIR
#
# The binaries come from $PG_BIN, else the newest /usr/lib/postgresql/<version>/bin, else PATH. As root the server runs
# as the "postgres" system user (PostgreSQL refuses to run as root); otherwise as the caller.
set -euo pipefail

command=${1:-}
dir=${2:-}
[ -n "$command" ] && [ -n "$dir" ] || { echo "usage: $0 start DIR PORT PASSWORD | stop DIR | remove DIR" >&2; exit 2; }

bin=${PG_BIN:-}
if [ -z "$bin" ]; then
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
fi
if [ -z "$bin" ]; then
  bin=$(dirname "$(command -v pg_ctl || echo /nonexistent/pg_ctl)")
fi
[ -x "$bin/pg_ctl" ] || { echo "postgres-for-tests: no PostgreSQL binaries found (install the postgresql package)" >&2; exit 3; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

data="$dir/data"
case "$command" in
  start)
    port=${3:?port}
    password=${4:?password}
    if [ ! -f "$data/PG_VERSION" ]; then
      mkdir -p "$dir/sock"
      chmod 700 "$dir"
      printf '%s\n' "$password" > "$dir/pwfile"
      if [ "$(id -u)" -eq 0 ]; then
        chown -R postgres: "$dir"
      fi
      as_owner "$bin/initdb" -D "$data" -U postgres --pwfile="$dir/pwfile" -A scram-sha-256 --auth-local=trust \
        -E UTF8 --no-instructions >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
      rm -f "$dir/pwfile"
      cat > "$data/pg_hba.conf" <<HBA
local all all trust
host all all 127.0.0.1/32 scram-sha-256
HBA
      if [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$data/pg_hba.conf"
      fi
    fi
    as_owner "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir/sock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    ;;
  stop|remove)
    if [ -f "$data/postmaster.pid" ]; then
      as_owner "$bin/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null || true
    fi
    if [ "$command" = remove ]; then
      rm -rf "$dir"
    fi
    ;;
  *)
    echo "unknown command: $command" >&2
    exit 2
    ;;
esac
