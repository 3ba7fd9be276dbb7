#!/usr/bin/env bash
# A/B comparison of two Cortado servers under redis-benchmark -c 50 -P 16, in interleaved rounds
# (A B, B A, ...), to measure one change against JVM-to-JVM noise. Prints medians and B/A per test.
# Also prints the server's CPU time per request (user + system, from /proc), which a busy machine
# disturbs much less than requests per second.
# Usage: bench/ab.sh "java ARGS-A" "java ARGS-B"   (ROUNDS=5 N=800000 P=16 TESTS=set,get,incr,sadd,hset)
# e.g.   bench/ab.sh "-jar before.jar" "-jar target/cortado-0.1.0-SNAPSHOT-standalone.jar"
set -euo pipefail
ROUNDS=${ROUNDS:-5}
N=${N:-800000}
P=${P:-16}
TESTS=${TESTS:-set,get,incr,sadd,hset}
. bench/common.sh

declare -A port pid
cpu() { awk '{print $14 + $15}' "/proc/${pid[$1]}/stat"; }   # clock ticks, user + system
for t in A B; do
  port[$t]=$(free_port)
  args=$([ "$t" = A ] && echo "$1" || echo "$2")
  # shellcheck disable=SC2086
  java $args --port "${port[$t]}" > "$work/$t.log" 2>&1 & pids+=($!); pid[$t]=$!
done
for t in A B; do wait_ping "${port[$t]}"; done
for t in A B; do redis-benchmark -p "${port[$t]}" -c 50 -n "$N" -P "$P" -t "$TESTS" -q >/dev/null 2>&1; done
for round in $(seq "$ROUNDS"); do
  order=(A B); [ $((round % 2)) = 0 ] && order=(B A)
  for t in "${order[@]}"; do
    for test in ${TESTS//,/ }; do
      redis-cli -p "${port[$t]}" FLUSHALL >/dev/null
      before=$(cpu "$t")
      rps=$(redis-benchmark -p "${port[$t]}" -c 50 -n "$N" -P "$P" -t "$test" --csv 2>/dev/null \
        | tail -n +2 | cut -d, -f2 | tr -d '"')
      echo "$round,$t,$test,$rps,$(( $(cpu "$t") - before ))" >> "$work/r.csv"
    done
  done
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$work/r.csv" "$ROUNDS" "$N" "$(getconf CLK_TCK)" <<'PY'
import csv, statistics, sys
rps, cpu = {}, {}
n, tick = int(sys.argv[3]), 1e6 / int(sys.argv[4])
for r in csv.reader(open(sys.argv[1])):
    rps.setdefault((r[2], r[1]), []).append(float(r[3]))
    cpu.setdefault((r[2], r[1]), []).append(int(r[4]) * tick * 1000 / n)  # ns per request
for test in sorted({k[0] for k in rps}):
    a, b = statistics.median(rps[(test, "A")]), statistics.median(rps[(test, "B")])
    ca, cb = statistics.median(cpu[(test, "A")]), statistics.median(cpu[(test, "B")])
    print(f"{test:<6} rps A {a:>10,.0f} B {b:>10,.0f} B/A {b / a:.3f} | CPU ns/request A {ca:6.0f} B {cb:6.0f} B/A {cb / ca:.3f}")
print("medians over", sys.argv[2], "interleaved rounds, -P", end=" ")
PY
echo "$P"
