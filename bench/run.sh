#!/usr/bin/env bash
# Throughput side by side: redis-benchmark -c 50 against Debian's redis-server, Cortado's standalone
# jar, (unless JOURNAL=0) a second Cortado with the mock layer's journal on, and (unless
# JEDIS_MOCK=0) jedis-mock, in interleaved rounds; prints medians and ratios. bench/journal.sh
# measures the journal's cost more finely: both servers in one JVM, so JIT luck does not differ.
# Usage: bench/run.sh   (ROUNDS=3 N=200000 TESTS=set,get,incr,sadd,hset JOURNAL=1 JEDIS_MOCK=1
#                       GOAL1=0.9 GOAL16=0.6)
# Lists and sorted sets (issue #13, goals 0.9 and 0.8): TESTS=lpush,rpush,lpop,rpop,lrange_100,
#   lrange_300,zadd,zpopmin GOAL16=0.8 JOURNAL=0 JEDIS_MOCK=0 bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
N=${N:-200000}
TESTS=${TESTS:-set,get,incr,sadd,hset}
JEDIS_MOCK=${JEDIS_MOCK:-1}
JOURNAL=${JOURNAL:-1}
. bench/common.sh

jar=$(standalone_jar)

declare -A port
port[redis]=$(free_port)
redis-server --port "${port[redis]}" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
  --logfile "$work/redis.log" & pids+=($!)
port[cortado]=$(free_port)
java -jar "$jar" --port "${port[cortado]}" > "$work/cortado.log" 2>&1 & pids+=($!)
targets=(redis cortado)
if [ "$JOURNAL" = 1 ]; then
  # The mock layer switched on with no stub: every command recorded in a 100,000-entry journal.
  port[journal]=$(free_port)
  java -jar "$jar" --port "${port[journal]}" --journal-limit 100000 > "$work/journal.log" 2>&1 & pids+=($!)
  targets+=(journal)
fi
if [ "$JEDIS_MOCK" = 1 ]; then
  mvn -B -q -f bench/jedis-mock-pom.xml dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null
  port[jedis-mock]=$(free_port)
  java -cp "$(cat "$work/cp.txt")" bench/JedisMockServer.java "${port[jedis-mock]}" > "$work/jedis-mock.log" 2>&1 & pids+=($!)
  targets+=(jedis-mock)
fi
for t in "${targets[@]}"; do wait_ping "${port[$t]}"; done

# JVM servers are measured warm, as a test suite sees them after its first tests: JIT first.
for t in "${targets[@]}"; do
  [ "$t" = redis ] && continue
  echo "warming up $t" >&2
  redis-benchmark -p "${port[$t]}" -c 50 -n "$N" -P 16 -t "$TESTS" -q >/dev/null 2>&1
  redis-benchmark -p "${port[$t]}" -c 50 -n "$((N / 2))" -t "$TESTS" -q >/dev/null 2>&1
done

results="$work/results.csv"
for round in $(seq "$ROUNDS"); do
  # Rotate the order each round so no server always runs first (warm-up, thermal drift).
  order=("${targets[@]:round%${#targets[@]}}" "${targets[@]:0:round%${#targets[@]}}")
  for t in "${order[@]}"; do
    for pipeline in 1 16; do
      n=$N; [ "$pipeline" = 16 ] && n=$((N * 4))
      [ "$t" = jedis-mock ] && n=$((n / 4))   # it is slow; fewer requests keep the run short
      echo "round $round: $t -P $pipeline" >&2
      redis-cli -p "${port[$t]}" FLUSHALL >/dev/null
      redis-benchmark -p "${port[$t]}" -c 50 -n "$n" -P "$pipeline" -t "$TESTS" --csv 2>/dev/null \
        | tail -n +2 | sed "s/^/$round,$t,$pipeline,/" >> "$results"
    done
  done
done

python3 - "$results" "${GOAL1:-0.9}" "${GOAL16:-0.6}" <<'PY'
import csv, statistics, sys
rows = {}
for r in csv.reader(open(sys.argv[1])):
    rnd, target, pipe, test, rps = r[0], r[1], int(r[2]), r[3], float(r[4])
    rows.setdefault((test, pipe, target), []).append(rps)
targets = [t for t in ("redis", "cortado", "journal", "jedis-mock") if any(k[2] == t for k in rows)]
goal = {1: float(sys.argv[2]), 16: float(sys.argv[3])}
print(f"{'test':<34} {'-P':>3} " + " ".join(f"{t:>12}" for t in targets)
      + f" {'cortado/redis':>14} {'goal':>5}" + (f" {'jm/redis':>9}" if "jedis-mock" in targets else "")
      + (f" {'journal/cortado':>16}" if "journal" in targets else ""))
for (test, pipe) in sorted({(k[0], k[1]) for k in rows}, key=lambda k: (k[1], k[0])):
    med = {t: statistics.median(rows[(test, pipe, t)]) for t in targets if (test, pipe, t) in rows}
    ratio = med.get("cortado", 0) / med["redis"]
    line = f"{test:<34} {pipe:>3} " + " ".join(f"{med.get(t, 0):>12,.0f}" for t in targets)
    line += f" {ratio:>14.2f} {'ok' if ratio >= goal[pipe] else 'MISS':>5}"
    if "jedis-mock" in med:
        line += f" {med['jedis-mock'] / med['redis']:>9.2f}"
    if "journal" in med:
        line += f" {med['journal'] / med['cortado']:>16.2f}"
    print(line)
print("medians of requests per second over", len(next(iter(rows.values()))), "rounds")
PY
