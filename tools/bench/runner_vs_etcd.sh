#!/usr/bin/env bash
# Side by side: a 3-node etcd 3.4 and a 3-node Stepwise Raft cluster, both on
# loopback and both fsyncing, under the same closed-loop write load from
# long-lived clients (stepwise_loadgen). Prints a Markdown table with ratios.
# Goal: Stepwise at least 1.5x etcd's throughput at equal or lower p99.
#
#   tools/bench/runner_vs_etcd.sh [--seconds S] [--warmup-seconds W]
#                                 [--loads "1 32"] [--value-bytes B]
#                                 [--keys N]
#                                 [--only etcd|stepwise]
# Environment: STEPWISE_BUILD_DIR (default build), STEPWISE_JOBS,
# BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (2), BENCH_LOADS ("1 32"),
# BENCH_VALUE_BYTES (256), BENCH_KEYS (10000), BENCH_STEPWISE_BASE_PORT (27100),
# BENCH_ETCD_PORT_PREFIX (2379x clients, 2380x peers).
# Runs as root or with sudo only if etcd-server must be installed.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build_dir=${STEPWISE_BUILD_DIR:-$root/build}
jobs=${STEPWISE_JOBS:-$(nproc)}
seconds=${BENCH_SECONDS:-10}
warmup=${BENCH_WARMUP_SECONDS:-2}
loads=${BENCH_LOADS:-1 32}
value_bytes=${BENCH_VALUE_BYTES:-256}
keys=${BENCH_KEYS:-10000}
base_port=${BENCH_STEPWISE_BASE_PORT:-27100}
etcd_prefix=${BENCH_ETCD_PORT_PREFIX:-}
only=""

usage() { sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; }
while (($#)); do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --warmup-seconds) warmup=$2; shift 2 ;;
    --loads) loads=$2; shift 2 ;;
    --value-bytes) value_bytes=$2; shift 2 ;;
    --keys) keys=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "runner_vs_etcd: unknown argument '$1'" >&2; usage; exit 2 ;;
  esac
done

case "$only" in
  "" | etcd | stepwise) ;;
  *) echo "runner_vs_etcd: --only takes etcd or stepwise, not '$only'" >&2; exit 2 ;;
esac

log() { echo "runner_vs_etcd: $*" >&2; }
die() { log "$*"; exit 1; }

install_etcd() {
  if command -v etcd >/dev/null && command -v etcdctl >/dev/null; then return; fi
  log "installing etcd-server etcd-client"
  local sudo=()
  if ((EUID != 0)); then sudo=(sudo); fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq \
    --no-install-recommends etcd-server etcd-client >/dev/null
}

build() {
  if [[ ! -f "$build_dir/build.ninja" ]]; then
    # shellcheck disable=SC2086
    cmake -S "$root" -B "$build_dir" -G Ninja \
      -DCMAKE_CXX_COMPILER="${CXX:-g++}" ${STEPWISE_CMAKE_ARGS:-} >/dev/null
  fi
  if ! cmake --build "$build_dir" -j "$jobs" --target stepwise stepwise_loadgen \
      >"$tmp/build.log" 2>&1; then
    tail -n 30 "$tmp/build.log" >&2
    die "build failed"
  fi
}

tmp=$(mktemp -d -t runner_vs_etcd.XXXXXX)
etcd_pids=()
stepwise_dir=""

# etcd's leader can take 5-10 s to exit after SIGTERM; past 20 s it is stuck.
stop_etcd() {
  ((${#etcd_pids[@]})) || return 0
  kill -TERM "${etcd_pids[@]}" 2>/dev/null || true
  local deadline=$((SECONDS + 20)) pid
  for pid in "${etcd_pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  etcd_pids=()
}

# Also after a failed `cluster up`: it leaves its nodes running.
stop_stepwise() {
  [[ -n "$stepwise_dir" ]] || return 0
  if ! "$stepwise" cluster down --dir "$stepwise_dir" >&2; then
    log "stepwise cluster down failed; killing the nodes \`cluster up\` named"
    local pid
    while read -r pid; do
      # Only our own node: the pid may have been reused since.
      if grep -qsF "$stepwise_dir" "/proc/$pid/cmdline"; then
        kill -KILL "$pid" 2>/dev/null || true
      fi
    done < <(sed -n 's/.* pid \([0-9]*\) .*/\1/p' "$tmp/stepwise-up.log" \
      2>/dev/null)
  fi
  stepwise_dir=""
}

cleanup() {
  stop_etcd
  stop_stepwise
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A cluster already on our ports would answer in place of ours, and we
# would measure (and write into) it.
require_free_ports() {
  local port
  for port in "$@"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      die "127.0.0.1:$port is in use; stop what listens there or change ports" \
        "(BENCH_STEPWISE_BASE_PORT, BENCH_ETCD_PORT_PREFIX)"
    fi
  done
}

etcd_client() { echo "127.0.0.1:${etcd_prefix:-2379}$1"; }
etcd_peer() { echo "http://127.0.0.1:${etcd_prefix:-2380}$1"; }

start_etcd() {
  local cluster i
  cluster="n1=$(etcd_peer 1),n2=$(etcd_peer 2),n3=$(etcd_peer 3)"
  for i in 1 2 3; do
    # Defaults kept: etcd fsyncs its WAL on every commit.
    etcd --name "n$i" --data-dir "$tmp/etcd/n$i" \
      --listen-client-urls "http://$(etcd_client "$i")" \
      --advertise-client-urls "http://$(etcd_client "$i")" \
      --listen-peer-urls "$(etcd_peer "$i")" \
      --initial-advertise-peer-urls "$(etcd_peer "$i")" \
      --initial-cluster "$cluster" --initial-cluster-token runner-vs-etcd \
      --initial-cluster-state new >"$tmp/etcd-n$i.log" 2>&1 &
    etcd_pids+=($!)
  done
  local endpoints
  endpoints="$(etcd_client 1),$(etcd_client 2),$(etcd_client 3)"
  local deadline=$((SECONDS + 30))
  until ETCDCTL_API=3 etcdctl --endpoints "$endpoints" endpoint health \
      >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      tail -n 5 "$tmp"/etcd-n*.log >&2
      die "etcd did not become healthy in 30 s"
    fi
    sleep 0.5
  done
  # Load goes to the leader, as Stepwise's clients are redirected to its
  # leader: a follower would add a forwarding hop to every etcd write.
  # Fields: endpoint, id, version, db size, is leader, ...
  etcd_leader=$(ETCDCTL_API=3 etcdctl --endpoints "$endpoints" endpoint status |
    awk -F', ' '$5 == "true" { print $1 }')
  [[ -n "$etcd_leader" ]] || die "etcd reports no leader"
  log "etcd healthy, leader $etcd_leader"
}

# loadgen TARGET ENDPOINT CLIENTS -> one JSON line on stdout.
loadgen() {
  "$build_dir/tools/stepwise_loadgen" --target "$1" --endpoint "$2" \
    --clients "$3" --seconds "$seconds" --warmup-seconds "$warmup" \
    --value-bytes "$value_bytes" --keys "$keys" --json
}

field() { sed -n "s/.*\"$1\":\\([^,}]*\\).*/\\1/p" <<<"$2"; }

# Waits until a write succeeds: an election may still be under way.
wait_writable() {
  local deadline=$((SECONDS + 30))
  until "$build_dir/tools/stepwise_loadgen" --target "$1" --endpoint "$2" \
      --clients 1 --seconds 0.5 --warmup-seconds 0 >/dev/null 2>&1; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

install_etcd
log "building (cmake --build $build_dir --target stepwise stepwise_loadgen)"
build
stepwise="$build_dir/tools/stepwise/stepwise"
declare -A etcd_result stepwise_result

run_etcd() {
  start_etcd
  wait_writable etcd "$etcd_leader" || die "etcd accepts no writes"
  local clients
  for clients in $loads; do
    log "etcd, $clients client(s), ${seconds} s after ${warmup} s warm-up"
    etcd_result[$clients]=$(loadgen etcd "$etcd_leader" "$clients") ||
      die "loadgen against etcd failed"
    log "  ${etcd_result[$clients]}"
  done
  log "stopping etcd"
  stop_etcd
}

# Sets stepwise_failed instead of exiting, so the etcd half still prints.
run_stepwise() {
  stepwise_dir="$tmp/stepwise"
  if ! "$stepwise" cluster up --nodes 3 --dir "$stepwise_dir" \
      --base-port "$base_port" >"$tmp/stepwise-up.log" 2>&1; then
    cat "$tmp/stepwise-up.log" >&2
    local node_log
    for node_log in "$stepwise_dir"/n*/node.log; do
      [[ -f "$node_log" ]] || continue
      log "end of $node_log:"
      tail -n 10 "$node_log" >&2
    done
    stepwise_failed="stepwise cluster up failed"
    return
  fi
  cat "$tmp/stepwise-up.log" >&2
  # `cluster up` prints `  node 1: client HOST:PORT ...`; node 1's client
  # port is the base port should that line change.
  local endpoint clients
  endpoint=$(sed -n 's/^ *node 1: client \([^ ]*\).*/\1/p' \
    "$tmp/stepwise-up.log" | head -n 1)
  endpoint=${endpoint:-127.0.0.1:$base_port}
  if ! wait_writable resp "$endpoint"; then
    stepwise_failed="stepwise cluster accepts no writes at $endpoint"
    return
  fi
  for clients in $loads; do
    log "stepwise, $clients client(s), ${seconds} s after ${warmup} s warm-up"
    if ! stepwise_result[$clients]=$(loadgen resp "$endpoint" "$clients"); then
      stepwise_failed="loadgen against stepwise failed"
      return
    fi
    log "  ${stepwise_result[$clients]}"
  done
}

# Checked up front so a busy port does not waste the other half's run.
if [[ "$only" != stepwise ]]; then
  require_free_ports "${etcd_prefix:-2379}"{1,2,3} "${etcd_prefix:-2380}"{1,2,3}
fi
if [[ "$only" != etcd ]]; then
  # `cluster up` uses base+i-1 for clients, +100 for peers, +200 for metrics.
  require_free_ports $((base_port)) $((base_port + 1)) $((base_port + 2)) \
    $((base_port + 100)) $((base_port + 101)) $((base_port + 102)) \
    $((base_port + 200)) $((base_port + 201)) $((base_port + 202))
fi

stepwise_failed=""
if [[ "$only" != stepwise ]]; then run_etcd; fi
if [[ "$only" != etcd ]]; then
  run_stepwise
  stop_stepwise
fi

# cell JSON FIELD...: "a / b" of the fields, or a dash without a result.
cell() {
  local json=$1 out="" name
  shift
  if [[ -z "$json" ]]; then echo "—"; return; fi
  for name in "$@"; do out+="${out:+ / }$(field "$name" "$json")"; done
  echo "$out"
}

echo
echo "3 nodes on 127.0.0.1, fsync on; ${seconds} s per load after ${warmup} s warm-up;"
echo "${value_bytes}-byte values over ${keys} keys (0: unique keys), closed loop (one write in flight per client)."
echo
echo "| load | etcd ops/s | stepwise ops/s | ratio | etcd p50/p99 ms | stepwise p50/p99 ms | goal |"
echo "|---|---:|---:|---:|---:|---:|---|"
for clients in $loads; do
  e=${etcd_result[$clients]:-}
  s=${stepwise_result[$clients]:-}
  load="$clients client$([[ $clients == 1 ]] || echo s)"
  ratio="—" goal="—"
  if [[ -n "$e" && -n "$s" ]]; then
    ratio=$(awk -v s="$(field ops_per_sec "$s")" -v e="$(field ops_per_sec "$e")" \
      'BEGIN { printf "%.2fx", (e > 0 ? s / e : 0) }')
    goal=$(awk -v s="$(field ops_per_sec "$s")" -v e="$(field ops_per_sec "$e")" \
      -v sp="$(field p99_ms "$s")" -v ep="$(field p99_ms "$e")" \
      'BEGIN { print (s >= 1.5 * e && sp <= ep) ? "met" : "missed" }')
  fi
  echo "| $load | $(cell "$e" ops_per_sec) | $(cell "$s" ops_per_sec) | $ratio" \
    "| $(cell "$e" p50_ms p99_ms) | $(cell "$s" p50_ms p99_ms) | $goal |"
done
echo
echo "Goal: stepwise ≥ 1.5x etcd's ops/s at p99 ≤ etcd's. etcd load goes to its leader;"
echo "stepwise load goes to node 1 and follows -MOVED to the leader."

if [[ -n "$stepwise_failed" ]]; then die "$stepwise_failed"; fi
