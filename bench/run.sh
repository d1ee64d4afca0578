#!/usr/bin/env bash
# Builds Coffer and the benchmark tool, then measures KV read/write throughput of
#   1. a dev-mode (in-memory) Coffer server, and
#   2. a Coffer server on SQLite storage (initialised and unsealed here),
# each in the same invocation as the bare-Kestrel baseline, so every result carries
# ratio_to_baseline. All servers listen on free loopback ports; every process this script
# starts is killed by pid on exit.
#
# Environment knobs:
#   DURATION=10s   measured time per test        WORKERS=32   concurrent connections
#   TESTS=baseline,kv_read,kv_write              SKIP_BUILD=1 reuse existing builds
#   COFFER_BIN=out/coffer/coffer                 KEEP_TMP=1   keep logs and the SQLite file
#   SERVERS=memory,sqlite                        EXTRA_FLAGS="-policies=1000" more flags for every run
#   TESTS=baseline,kvv2_read,kvv2_write,transit_encrypt,transit_decrypt works on both servers:
#   those tests mount their own KV v2 / transit engines during setup (-kvv2-mount, -transit-mount).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

duration=${DURATION:-10s}
workers=${WORKERS:-32}
tests=${TESTS:-baseline,kv_read,kv_write}
servers=${SERVERS:-memory,sqlite}
read -r -a extra_flags <<<"${EXTRA_FLAGS:-}"
coffer=${COFFER_BIN:-$repo/out/coffer/coffer}
bench_dll=$repo/bench/Coffer.Bench/bin/Release/net10.0/Coffer.Bench.dll

tmp=$(mktemp -d "${TMPDIR:-/tmp}/coffer-bench.XXXXXX")
pids=()

cleanup() {
    local status=$?
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    if [[ $status -ne 0 ]]; then
        # Server logs are the quickest way to see why a run failed.
        for log in "$tmp"/*.log; do
            [[ -s $log ]] || continue
            echo "---- last lines of $(basename "$log") ----" >&2
            tail -n 20 "$log" >&2
        done
    fi
    if [[ -n ${KEEP_TMP:-} ]]; then
        echo "kept $tmp" >&2
    else
        rm -rf "$tmp"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

die() {
    echo "run.sh: $*" >&2
    exit 1
}

need() {
    command -v "$1" >/dev/null 2>&1 || die "$1 is required"
}

# Asks the kernel for an unused loopback port. There is a small window before the server
# binds it, which is acceptable on a machine dedicated to the benchmark.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Stops one process this script started and forgets it, so the exit trap cannot hit a
# later process that happens to reuse its pid.
stop_pid() {
    local victim=$1 kept=() pid
    kill "$victim" 2>/dev/null || true
    wait "$victim" 2>/dev/null || true
    for pid in "${pids[@]}"; do
        [[ $pid == "$victim" ]] || kept+=("$pid")
    done
    pids=("${kept[@]}")
}

# Prints the HTTP status of /v1/sys/health, or 000 while nothing listens.
health_status() {
    curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1/v1/sys/health" || true
}

# Waits until the server at $1 (pid $2) answers health with one of the statuses in $3.
wait_for_health() {
    local addr=$1 pid=$2 wanted=$3 status
    for _ in $(seq 1 300); do
        kill -0 "$pid" 2>/dev/null || die "server at $addr (pid $pid) exited during startup"
        status=$(health_status "$addr")
        if [[ " $wanted " == *" $status "* ]]; then
            return 0
        fi
        sleep 0.1
    done
    die "server at $addr did not report health status in [$wanted] within 30s (last: $status)"
}

# Reads a field of a JSON document on stdin: a jq filter, or the python equivalent.
json_field() {
    if command -v jq >/dev/null 2>&1; then
        jq -er "$1"
    else
        python3 -c 'import json, sys
doc = json.load(sys.stdin)
path = sys.argv[1].lstrip(".").replace("[", ".").replace("]", "").split(".")
for part in path:
    doc = doc[int(part)] if part.isdigit() else doc[part]
print(doc)' "$1"
    fi
}

# Runs the benchmark; $1 labels the server in the summary, the rest are extra flags.
run_bench() {
    local label=$1
    shift
    echo "==== $label: $tests, $workers workers, $duration each ===="
    dotnet "$bench_dll" run \
        -baseline-address="$baseline_addr" \
        -tests="$tests" -workers="$workers" -duration="$duration" \
        "${extra_flags[@]}" "$@" | tee "$tmp/result-$label.txt"
    echo
}

need dotnet
need curl
need python3

if [[ -z ${SKIP_BUILD:-} ]]; then
    echo "==== building (Release) ===="
    dotnet build bench/Coffer.Bench -c Release -nologo -v quiet
    dotnet publish src/Coffer.Cli -c Release -o out/coffer -nologo -v quiet
fi
[[ -f $bench_dll ]] || die "missing $bench_dll (build bench/Coffer.Bench first)"
[[ -x $coffer ]] || die "missing $coffer (dotnet publish src/Coffer.Cli -c Release -o out/coffer)"

# 1. Baseline server: port 0 lets it pick a free port, which it prints.
dotnet "$bench_dll" baseline-server -address=127.0.0.1:0 >"$tmp/baseline.log" 2>&1 &
pids+=($!)
baseline_pid=$!
baseline_addr=""
for _ in $(seq 1 300); do
    kill -0 "$baseline_pid" 2>/dev/null || die "baseline server exited during startup"
    baseline_addr=$(sed -n 's/^listening on //p' "$tmp/baseline.log")
    [[ -n $baseline_addr ]] && break
    sleep 0.1
done
[[ -n $baseline_addr ]] || die "baseline server did not start within 30s"
echo "baseline server: $baseline_addr (pid $baseline_pid)"

# 2. Coffer in dev mode: in-memory storage, unsealed, KV v1 at secret/, root token "root".
if [[ ,$servers, == *,memory,* ]]; then
dev_port=$(free_port)
dev_addr=http://127.0.0.1:$dev_port
"$coffer" server -dev -dev-root-token-id=root -dev-listen-address="127.0.0.1:$dev_port" >"$tmp/coffer-dev.log" 2>&1 &
pids+=($!)
dev_pid=$!
wait_for_health "$dev_addr" "$dev_pid" "200"
echo "coffer dev server: $dev_addr (pid $dev_pid)"

run_bench memory -address="$dev_addr" -token=root

# The dev server is done; stop it now so it does not compete for the two cores.
stop_pid "$dev_pid"
fi

# 3. Coffer on SQLite: a real config file, then init, unseal and mount KV v1 at secret/.
if [[ ,$servers, == *,sqlite,* ]]; then
sqlite_port=$(free_port)
sqlite_addr=http://127.0.0.1:$sqlite_port
cat >"$tmp/coffer.hcl" <<EOF
storage "sqlite" {
  path = "$tmp/coffer.db"
}

listener "tcp" {
  address     = "127.0.0.1:$sqlite_port"
  tls_disable = true
}
EOF
"$coffer" server -config="$tmp/coffer.hcl" >"$tmp/coffer-sqlite.log" 2>&1 &
pids+=($!)
sqlite_pid=$!
# 501 = not initialised, 503 = sealed: either means the listener is up.
wait_for_health "$sqlite_addr" "$sqlite_pid" "200 429 501 503"

COFFER_ADDR=$sqlite_addr "$coffer" operator init -key-shares=1 -key-threshold=1 -format=json >"$tmp/init.json" \
    || die "operator init failed"
unseal_key=$(json_field '.unseal_keys_b64[0]' <"$tmp/init.json") || die "no unseal_keys_b64[0] in operator init output"
root_token=$(json_field '.root_token' <"$tmp/init.json") || die "no root_token in operator init output"
COFFER_ADDR=$sqlite_addr "$coffer" operator unseal "$unseal_key" >"$tmp/unseal.log" 2>&1 \
    || die "operator unseal failed: $(cat "$tmp/unseal.log")"
wait_for_health "$sqlite_addr" "$sqlite_pid" "200"

mount_status=$(curl -s -o "$tmp/mount.log" -w '%{http_code}' -X POST \
    -H "X-Vault-Token: $root_token" -H "Content-Type: application/json" \
    -d '{"type":"kv"}' "$sqlite_addr/v1/sys/mounts/secret")
[[ $mount_status == 2* ]] || die "mounting kv at secret/ failed: HTTP $mount_status $(cat "$tmp/mount.log")"
echo "coffer sqlite server: $sqlite_addr (pid $sqlite_pid)"

# The token goes through the environment so it does not show up in the process list.
COFFER_TOKEN=$root_token run_bench sqlite -address="$sqlite_addr"
fi

echo "==== summary ===="
for label in memory sqlite; do
    [[ -f $tmp/result-$label.txt ]] || continue
    sed -n "s/^BENCH /BENCH server=$label /p" "$tmp/result-$label.txt"
done
