#!/usr/bin/env bash
# DR replication benchmark: real `coffer server` processes on loopback, SQLite storage, driven over HTTP.
#
#   1. lag        apply lag (secondary's histogram, scraped before/after) at fixed open-loop KV v2 write rates
#   2. bootstrap  dr/secondary/enable -> secondary streams with the primary's merkle root, COUNT secrets on the primary
#   3. catch-up   secondary SIGKILLed, COUNT writes on a primary keeping only BUFFER WAL entries, secondary
#                 restarted + unsealed -> equal merkle roots (merkle diff + sync)
#   4. promote    promote call -> first successful KV write on the promoted cluster
#
# A bare-Kestrel baseline (as in run.sh) is measured first in each run, so the figures can be read against how
# busy the machine was. Every process the script starts is killed by pid on exit.
#
# Environment knobs:
#   RUNS=1               how many times to run everything     SKIP_BUILD=1   reuse existing builds
#   RATES=100,1000       write rates of the lag phase         LAG_DURATION=10s
#   COUNT=100000         secrets for bootstrap and catch-up    PAYLOAD=1024   their size in bytes
#   BUFFER=1000          logshipper_buffer_length of the catch-up primary
#   PHASES=lag,bootstrap,promote,catchup                       COFFER_BIN=out/coffer/coffer   KEEP_TMP=1
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

runs=${RUNS:-1}
rates=${RATES:-100,1000}
lag_duration=${LAG_DURATION:-10s}
count=${COUNT:-100000}
payload=${PAYLOAD:-1024}
buffer=${BUFFER:-1000}
phases=${PHASES:-lag,bootstrap,promote,catchup}
coffer=${COFFER_BIN:-$repo/out/coffer/coffer}
bench_dll=$repo/bench/Coffer.Bench/bin/Release/net10.0/Coffer.Bench.dll

tmp=$(mktemp -d "${TMPDIR:-/tmp}/coffer-repl-bench.XXXXXX")
pids=()
results=$tmp/results.txt
: >"$results"

cleanup() {
    local status=$?
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    if [[ $status -ne 0 ]]; then
        for log in "$tmp"/*/server.log "$tmp"/baseline.log; do
            [[ -s $log ]] || continue
            echo "---- last lines of $log ----" >&2
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
    echo "replication.sh: $*" >&2
    exit 1
}

forget_pid() {
    local victim=$1 kept=() pid
    for pid in "${pids[@]}"; do
        [[ $pid == "$victim" ]] || kept+=("$pid")
    done
    pids=("${kept[@]}")
}

# Stops one process this script started (SIGTERM, or the signal in $2) and forgets it.
stop_pid() {
    kill "-${2:-TERM}" "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
    forget_pid "$1"
}

# A free API port whose successor (the cluster port) is free too.
free_port_pair() {
    python3 -c 'import socket
while True:
    a = socket.socket(); a.bind(("127.0.0.1", 0)); port = a.getsockname()[1]
    b = socket.socket()
    try:
        b.bind(("127.0.0.1", port + 1)); print(port); break
    except OSError:
        pass
    finally:
        a.close(); b.close()'
}

json_field() {
    python3 -c 'import json, sys
doc = json.load(sys.stdin)
for part in sys.argv[1].split("."):
    doc = doc[int(part)] if part.isdigit() else doc[part]
print(doc)' "$1"
}

bench() {
    dotnet "$bench_dll" "$@"
}

# A cluster lives in $tmp/<name>: config, database, log, init.json. Sets <name>_addr and <name>_pid.
write_config() {
    local name=$1 port=$2 extra=${3:-}
    mkdir -p "$tmp/$name"
    cat >"$tmp/$name/coffer.hcl" <<EOF
api_addr = "http://127.0.0.1:$port"

storage "sqlite" {
  path = "$tmp/$name/coffer.db"
}

listener "tcp" {
  address     = "127.0.0.1:$port"
  tls_disable = true
  telemetry {
    unauthenticated_metrics_access = true
  }
}

telemetry {
  prometheus_retention_time = "10m"
}
$extra
EOF
}

start_server() {
    local name=$1 port=$2
    "$coffer" server -config="$tmp/$name/coffer.hcl" >>"$tmp/$name/server.log" 2>&1 &
    pids+=($!)
    printf -v "${name}_pid" '%s' "$!"
    printf -v "${name}_addr" '%s' "http://127.0.0.1:$port"
}

wait_listening() {
    local addr=$1 pid=$2
    for _ in $(seq 1 300); do
        kill -0 "$pid" 2>/dev/null || die "server at $addr (pid $pid) exited during startup"
        [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$addr/v1/sys/seal-status" || true) == 200 ]] && return 0
        sleep 0.1
    done
    die "server at $addr did not answer within 30s"
}

# Starts, initialises and unseals a cluster: start_cluster NAME [extra config]. Sets NAME_token, NAME_key too.
start_cluster() {
    local name=$1 port
    port=$(free_port_pair)
    write_config "$name" "$port" "${2:-}"
    start_server "$name" "$port"
    local addr_var=${name}_addr pid_var=${name}_pid
    wait_listening "${!addr_var}" "${!pid_var}"
    VAULT_ADDR=${!addr_var} "$coffer" operator init -key-shares=1 -key-threshold=1 -format=json >"$tmp/$name/init.json" \
        || die "operator init of $name failed"
    printf -v "${name}_key" '%s' "$(json_field unseal_keys_b64.0 <"$tmp/$name/init.json")"
    printf -v "${name}_token" '%s' "$(json_field root_token <"$tmp/$name/init.json")"
    local key_var=${name}_key
    VAULT_ADDR=${!addr_var} "$coffer" operator unseal "${!key_var}" >/dev/null || die "unsealing $name failed"
}

# cli NAME TOKEN args...: the coffer CLI against cluster NAME.
cli() {
    local name=$1 token=$2
    shift 2
    local addr_var=${name}_addr
    VAULT_ADDR=${!addr_var} COFFER_TOKEN=$token HOME=$tmp/$name "$coffer" "$@"
}

record() {
    # Tags each REPL line with the run number and keeps it for the summary.
    sed -u "s/^REPL /REPL run=$run /" | tee -a "$results"
}

need() {
    command -v "$1" >/dev/null 2>&1 || die "$1 is required"
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

has_phase() {
    [[ ,$phases, == *,$1,* ]]
}

for run in $(seq 1 "$runs"); do
    echo "==== run $run of $runs ($(date -u +%Y-%m-%dT%H:%M:%SZ), load average $(cut -d' ' -f1-3 /proc/loadavg)) ===="

    # Machine reference: the bare-Kestrel baseline of run.sh, 5 s at 32 connections.
    dotnet "$bench_dll" baseline-server -address=127.0.0.1:0 >"$tmp/baseline.log" 2>&1 &
    pids+=($!)
    baseline_pid=$!
    baseline_addr=""
    for _ in $(seq 1 300); do
        baseline_addr=$(sed -n 's/^listening on //p' "$tmp/baseline.log")
        [[ -n $baseline_addr ]] && break
        sleep 0.1
    done
    [[ -n $baseline_addr ]] || die "baseline server did not start"
    bench run -address="$baseline_addr" -tests=baseline -duration=5s -workers=32 2>/dev/null \
        | sed -n "s/^BENCH /REPL run=$run phase=baseline /p" | tee -a "$results"
    stop_pid "$baseline_pid"

    # ---- Clusters A: lag, bootstrap, promotion (default WAL buffer) ----
    if has_phase lag || has_phase bootstrap || has_phase promote; then
        rm -rf "$tmp/pa" "$tmp/sa"
        start_cluster pa
        start_cluster sa
        cli pa "$pa_token" secrets enable -path=secret kv-v2 >/dev/null
        cli pa "$pa_token" secrets enable -path=bulk -version=1 kv >/dev/null
        cli pa "$pa_token" write -f sys/replication/dr/primary/enable >/dev/null
        pa_pids="primary:$pa_pid,secondary:$sa_pid"

        if has_phase bootstrap; then
            echo "---- bootstrap: loading $count secrets of $payload B on the primary ----"
            COFFER_TOKEN=$pa_token bench repl fill -secondary="$pa_addr" -mount=bulk -kv-version=1 -prefix=boot \
                -count="$count" -payload="$payload" -workers=32 -pids="$pa_pids" | record
        fi
        activation=$(cli pa "$pa_token" write -field=token -f sys/replication/dr/primary/secondary-token)
        REPL_SECONDARY_TOKEN=$sa_token REPL_ACTIVATION_TOKEN=$activation \
            bench repl bootstrap -primary="$pa_addr" -secondary="$sa_addr" -timeout=5m -pids="$pa_pids" | record

        if has_phase lag; then
            for rate in ${rates//,/ }; do
                COFFER_TOKEN=$pa_token bench repl write-rate -primary="$pa_addr" -secondary="$sa_addr" -mount=secret -kv-version=2 \
                    -prefix=lag -rate="$rate" -duration="$lag_duration" -payload=64 -keys=1000 -pids="$pa_pids" | record
            done
        fi

        if has_phase promote; then
            cli pa "$pa_token" policy write dr-promote - >/dev/null <<'EOF'
path "sys/replication/dr/secondary/promote" {
  capabilities = ["update"]
}
EOF
            operation_token=$(cli pa "$pa_token" token create -orphan -type=batch -policy=dr-promote -ttl=8h -field=token)
            # The batch token's key and policy reach the secondary by replication: write once more and wait for it.
            COFFER_TOKEN=$pa_token bench repl write-rate -primary="$pa_addr" -secondary="$sa_addr" -mount=secret -kv-version=2 \
                -prefix=sync -rate=10 -duration=1s -pids="$pa_pids" >/dev/null
            REPL_DR_OPERATION_TOKEN=$operation_token COFFER_TOKEN=$pa_token \
                bench repl promote -secondary="$sa_addr" -mount=secret -kv-version=2 -prefix=promoted -timeout=30s | record
        fi
        stop_pid "$sa_pid"
        stop_pid "$pa_pid"
        rm -rf "$tmp/pa" "$tmp/sa"
    fi

    # ---- Clusters B: merkle catch-up after COUNT missed writes, primary keeps BUFFER WAL entries ----
    if has_phase catchup; then
        rm -rf "$tmp/pb" "$tmp/sb"
        start_cluster pb "replication {
  logshipper_buffer_length = $buffer
}"
        start_cluster sb
        cli pb "$pb_token" secrets enable -path=bulk -version=1 kv >/dev/null
        cli pb "$pb_token" secrets enable -path=secret kv-v2 >/dev/null
        cli pb "$pb_token" write -f sys/replication/dr/primary/enable >/dev/null
        activation=$(cli pb "$pb_token" write -field=token -f sys/replication/dr/primary/secondary-token)
        REPL_SECONDARY_TOKEN=$sb_token REPL_ACTIVATION_TOKEN=$activation \
            bench repl bootstrap -primary="$pb_addr" -secondary="$sb_addr" -timeout=2m >/dev/null
        # Streaming works before the kill: a few writes arrive with a measured lag.
        COFFER_TOKEN=$pb_token bench repl write-rate -primary="$pb_addr" -secondary="$sb_addr" -mount=secret -kv-version=2 \
            -prefix=warm -rate=50 -duration=1s >/dev/null
        sb_port=${sb_addr##*:}
        stop_pid "$sb_pid" KILL
        echo "---- catch-up: secondary killed; writing $count secrets of $payload B on the primary ----"
        COFFER_TOKEN=$pb_token bench repl fill -secondary="$pb_addr" -mount=bulk -kv-version=1 -prefix=missed \
            -count="$count" -payload="$payload" -workers=32 -pids="primary:$pb_pid" | record
        start_server sb "$sb_port"
        REPL_UNSEAL_KEY=$pb_key bench repl catch-up -primary="$pb_addr" -secondary="$sb_addr" -timeout=5m \
            -pids="primary:$pb_pid,secondary:$sb_pid" | record
        stop_pid "$sb_pid"
        stop_pid "$pb_pid"
        rm -rf "$tmp/pb" "$tmp/sb"
    fi
done

echo "==== summary ===="
cat "$results"
