#!/usr/bin/env bash
# What the mock journal costs: redis-benchmark -c 50 against two Cortado servers in one JVM (the
# journal off, and on with LIMIT entries), in interleaved rounds; prints medians and on/off per test.
# Usage: bench/journal.sh   (ROUNDS=5 N=1000000 P=16 LIMIT=100000 TESTS=set,get,incr,sadd,hset JAR=...)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-5}
N=${N:-1000000}
P=${P:-16}
LIMIT=${LIMIT:-100000}
TESTS=${TESTS:-set,get,incr,sadd,hset}
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

jar=${JAR:-$(ls target/cortado-*-standalone.jar 2>/dev/null | head -1 || true)}
if [ -z "$jar" ]; then
  mvn -B -q package -DskipTests
  jar=$(ls target/cortado-*-standalone.jar | head -1)
fi
java ${JAVA_OPTS:-} -cp "$jar" bench/JournalCost.java "$LIMIT" > "$work/ports" 2>&1 & pid=$!
for _ in $(seq 200); do [ -s "$work/ports" ] && break; sleep 0.1; done
read -r off on < "$work/ports"
declare -A port=([off]=$off [on]=$on)
for t in off on; do redis-benchmark -p "${port[$t]}" -c 50 -n "$N" -P "$P" -t "$TESTS" -q >/dev/null 2>&1; done
for round in $(seq "$ROUNDS"); do
  order=(off on); [ $((round % 2)) = 0 ] && order=(on off)
  for test in ${TESTS//,/ }; do
    for t in "${order[@]}"; do
      redis-cli -p "${port[$t]}" FLUSHALL >/dev/null
      rps=$(redis-benchmark -p "${port[$t]}" -c 50 -n "$N" -P "$P" -t "$test" --csv 2>/dev/null \
        | tail -n +2 | cut -d, -f2 | tr -d '"')
      echo "$test,$t,$rps" >> "$work/r.csv"
    done
  done
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$work/r.csv" "$ROUNDS" "$P" "$LIMIT" <<'PY'
import csv, statistics, sys
rps = {}
for test, t, v in csv.reader(open(sys.argv[1])):
    rps.setdefault((test, t), []).append(float(v))
for test in sorted({k[0] for k in rps}):
    off, on = statistics.median(rps[(test, "off")]), statistics.median(rps[(test, "on")])
    pairs = sorted(b / a for a, b in zip(rps[(test, "off")], rps[(test, "on")]))
    print(f"{test:<5} journal off {off:>10,.0f}  on {on:>10,.0f}  on/off {on / off:.3f}"
          f"  (per round {' '.join(f'{r:.2f}' for r in pairs)})")
print(f"medians over {sys.argv[2]} interleaved rounds, -P {sys.argv[3]}, journal of {sys.argv[4]}")
PY
