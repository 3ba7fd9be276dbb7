#!/usr/bin/env bash
# HyperLogLog throughput, side by side with redis-server under redis-benchmark (-c 50), unpipelined
# and pipelined: PFADD of random elements into one HLL (dense after the first thousands), PFADD
# into many small sparse HLLs, PFCOUNT of one key (the cached count, rewritten after each change)
# and PFCOUNT of two keys (a merge and a full estimate every time). Interleaved rounds; prints
# medians and Cortado/Redis. Figures only, no pass/fail; the machine's load shows in them.
# Usage: bench/hll.sh   (ROUNDS=3 N=200000 PIPELINES="1 16" CORTADO="java args", default the jar)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
N=${N:-200000}
PIPELINES=${PIPELINES:-1 16}
. bench/common.sh

CORTADO=${CORTADO:-"-jar $(standalone_jar)"}
rport=$(free_port)
cport=$(free_port)
redis-server --port "$rport" --bind 127.0.0.1 --save '' --appendonly no --logfile /dev/null &
pids+=($!)
# shellcheck disable=SC2086
java $CORTADO --port "$cport" > "$work/cortado.log" 2>&1 & pids+=($!)
wait_ping "$rport"
wait_ping "$cport"

declare -A cmd=(
  [pfadd]="PFADD bench:hll element:__rand_int__"
  [pfadd-sparse]="PFADD bench:hll:__rand_int__ a b c"
  [pfcount]="PFCOUNT bench:hll"
  [pfcount-2keys]="PFCOUNT bench:hll bench:hll2"
)
tests="pfadd pfadd-sparse pfcount pfcount-2keys"

for port in "$rport" "$cport"; do
  # The HLLs the counts read: two dense ones; a warm-up run for the JIT.
  redis-benchmark -p "$port" -c 50 -n 200000 -r 1000000 -P 16 -q PFADD bench:hll e:__rand_int__ >/dev/null
  redis-benchmark -p "$port" -c 50 -n 200000 -r 1000000 -P 16 -q PFADD bench:hll2 f:__rand_int__ >/dev/null
  redis-benchmark -p "$port" -c 50 -n 200000 -P 16 -q PFCOUNT bench:hll bench:hll2 >/dev/null
done

bench_rounds "$work/r.csv"
print_medians "$work/r.csv"
