#!/usr/bin/env bash
# Stream throughput, side by side with redis-server under redis-benchmark (-c 50), unpipelined
# and pipelined: XADD with an ID from the clock to one growing stream, XADD capped with MAXLEN ~,
# XRANGE and XREVRANGE of a stream of 10 entries, XREAD of those 10. Interleaved rounds; prints
# medians and Cortado/Redis. Figures only, no pass/fail; the machine's load shows in them.
# Issue #15's goal: XADD and XRANGE of 10 entries at least 0.9 of Redis unpipelined.
# Usage: bench/stream.sh   (ROUNDS=3 N=200000 PIPELINES="1 16" CORTADO="java args", default the jar)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
N=${N:-200000}
PIPELINES=${PIPELINES:-1 16}
. bench/common.sh

CORTADO=${CORTADO:-"-jar $(standalone_jar)"}
set -f  # from here on: the commands hold a literal * (XADD IDs), not a file pattern
rport=$(free_port)
cport=$(free_port)
redis-server --port "$rport" --bind 127.0.0.1 --save '' --appendonly no --logfile /dev/null &
pids+=($!)
# shellcheck disable=SC2086
java $CORTADO --port "$cport" > "$work/cortado.log" 2>&1 & pids+=($!)
wait_ping "$rport"
wait_ping "$cport"

declare -A cmd=(
  [xadd]="XADD bench:stream * field __rand_int__"
  [xadd-maxlen]="XADD bench:capped MAXLEN ~ 1000 * field __rand_int__"
  [xrange-10]="XRANGE bench:ten - +"
  [xrevrange-10]="XREVRANGE bench:ten + -"
  [xread-10]="XREAD COUNT 10 STREAMS bench:ten 0"
)
tests="xadd xadd-maxlen xrange-10 xrevrange-10 xread-10"

for port in "$rport" "$cport"; do
  # The stream of ten entries the reads read; a warm-up run of every test for the JIT.
  for i in $(seq 10); do redis-cli -p "$port" XADD bench:ten "$i-1" field "value-$i" >/dev/null; done
  for t in $tests; do
    # shellcheck disable=SC2086
    redis-benchmark -p "$port" -c 50 -n 200000 -r 1000000 -P 16 -q ${cmd[$t]} >/dev/null
  done
done

bench_rounds "$work/r.csv"
print_medians "$work/r.csv"
