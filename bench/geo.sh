#!/usr/bin/env bash
# Geo benchmark, side by side with Debian's redis-server: POINTS random points over a 20 x 15
# degree box (about 1,650 x 1,650 km) loaded into one geo set by pipelined GEOADD, then
# GEOSEARCH BYRADIUS around random-looking fixed centres at three radii (about 10, 100 and 1,000
# results), plain and WITHDIST WITHCOORD ASC, and a BYBOX search. Each query is timed by
# redis-benchmark with one client, ROUNDS times; the median requests per second of each server
# are printed with their ratio. Figures only, no pass/fail; on a shared machine they are
# indicative.
# Usage: bench/geo.sh [POINTS=100000] [ROUNDS=5] [REQUESTS=2000]
# CORTADO_CP (a classpath with Cortado and its dependencies) skips the build.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
POINTS=${1:-100000}
ROUNDS=${2:-5}
REQUESTS=${3:-2000}

if [ -z "${CORTADO_CP:-}" ]; then
  BUILD=target-gbench
  mvn -B -q compile -DbuildDir="$BUILD"
  mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -DbuildDir="$BUILD" -Dmdep.outputFile="$BUILD/bench.classpath"
  CORTADO_CP="$BUILD/classes:$(cat "$BUILD/bench.classpath")"
fi

rport=$(free_port)
redis-server --port "$rport" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
  --logfile /dev/null & pids+=($!)
cport=$(free_port)
java -Xms512m -Xmx2g ${JAVA_OPTS:-} -cp "$CORTADO_CP" dev.cortado.cli.Main --port "$cport" \
  >"$work/cortado.log" 2>&1 & pids+=($!)
wait_ping "$rport"
wait_ping "$cport"

# The same points for both, as RESP, 100 per GEOADD.
python3 - "$POINTS" >"$work/load.resp" <<'EOF'
import random, sys
n = int(sys.argv[1]); r = random.Random(42)
def enc(parts):
    return "*%d\r\n" % len(parts) + "".join("$%d\r\n%s\r\n" % (len(p), p) for p in parts)
out = sys.stdout
for i in range(0, n, 100):
    args = ["GEOADD", "geo"]
    for j in range(i, min(i + 100, n)):
        args += ["%.6f" % r.uniform(0, 20), "%.6f" % r.uniform(40, 55), "m%d" % j]
    out.write(enc(args))
EOF
for p in "$rport" "$cport"; do
  redis-cli -p "$p" --pipe <"$work/load.resp" >/dev/null
  [ "$(redis-cli -p "$p" ZCARD geo)" = "$POINTS" ] || { echo "load failed on $p" >&2; exit 1; }
done

echo "redis: $(redis-server --version | awk '{print $3}'); java: $(java -version 2>&1 | head -1); cores: $(nproc); points: $POINTS"

# requests per second of one redis-benchmark run, one client
rps() {
  local port=$1; shift
  redis-benchmark -p "$port" -c 1 -n "$REQUESTS" --csv "$@" 2>/dev/null | tail -1 | cut -d'"' -f4
}

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

bench() {
  local label=$1; shift
  # Warm-up runs for the JIT, not counted: JVM servers are measured warm, as a test suite sees them
  # after its first tests (with one run of REQUESTS the first queries ran half-compiled, 2x slower).
  REQUESTS=$((REQUESTS * 10)) rps "$cport" "$@" >/dev/null
  local r c
  r=$(for _ in $(seq "$ROUNDS"); do rps "$rport" "$@"; done | median)
  c=$(for _ in $(seq "$ROUNDS"); do rps "$cport" "$@"; done | median)
  printf '%-44s redis %10.1f/s  cortado %10.1f/s  cortado/redis time %5.2f\n' "$label" "$r" "$c" \
    "$(python3 -c "print($r / $c)")"
}

results() { redis-cli -p "$rport" "$@" | wc -l; }
for radius in 10 30 100; do
  n=$(results GEOSEARCH geo FROMLONLAT 10.3 47.7 BYRADIUS "$radius" km)
  bench "BYRADIUS $radius km ($n results)" GEOSEARCH geo FROMLONLAT 10.3 47.7 BYRADIUS "$radius" km
  bench "BYRADIUS $radius km WITHDIST WITHCOORD ASC" \
    GEOSEARCH geo FROMLONLAT 10.3 47.7 BYRADIUS "$radius" km WITHDIST WITHCOORD ASC
done
bench "BYRADIUS 100 km COUNT 10" GEOSEARCH geo FROMLONLAT 10.3 47.7 BYRADIUS 100 km COUNT 10
n=$(results GEOSEARCH geo FROMLONLAT 4.2 51.1 BYBOX 60 60 km)
bench "BYBOX 60x60 km ($n results)" GEOSEARCH geo FROMLONLAT 4.2 51.1 BYBOX 60 60 km
# The per-request floor, for scale: small searches cost little more than this.
bench "PING (per-request floor)" PING
