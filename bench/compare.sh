#!/usr/bin/env bash
# Cortado side by side with what else a Java test can start: jedis-mock (pure Java), embedded-redis
# (a Redis binary shipped in a jar, run as a child process) and Debian's redis-server. Measures, on
# this machine:
#   startup  - first start in a fresh JVM (main() to the first PING reply, median of FRESH JVMs),
#              warm start (median of WARM starts in a JVM that started one already); for the
#              standalone servers, exec to the first PING reply (median of FRESH processes)
#   speed    - redis-benchmark -c 50 SET/GET unpipelined and -P 16, ROUNDS interleaved rounds,
#              medians and ratios to redis-server
#   support  - what each answers, by running commands: RESP3 (HELLO 3), Lua (EVAL), functions
#              (FUNCTION LOAD + FCALL), MULTI/EXEC, pub/sub (a message delivered), keyspace
#              notifications, streams (XADD + consumer group), ACL users, blocking pops, and a
#              3-master cluster started through the library's own API (cluster_state:ok)
# Testcontainers needs a Docker engine: none here, so it is not measured (the table says so).
# Usage: bench/compare.sh   (JAR=target/cortado-*-standalone.jar ROUNDS=3 N=100000 FRESH=5 WARM=20
#                           JEDIS_MOCK=com.github.fppt:jedis-mock:1.1.18
#                           EMBEDDED_REDIS=com.github.codemonstur:embedded-redis:1.4.4)
# Takes 3-5 minutes. Figures only, no pass/fail; the load average is printed before and after.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
N=${N:-100000}
FRESH=${FRESH:-5}
WARM=${WARM:-20}
JEDIS_MOCK=${JEDIS_MOCK:-com.github.fppt:jedis-mock:1.1.18}
EMBEDDED_REDIS=${EMBEDDED_REDIS:-com.github.codemonstur:embedded-redis:1.4.4}
. bench/common.sh

jar=${JAR:-$(standalone_jar)}
load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs);" \
  "redis-server $(redis-server --version | awk '{print $3}' | cut -d= -f2); $(java -version 2>&1 | head -1); load $(load)"

# Each library's classpath, resolved from Maven Central (group:artifact:version).
classpath() {
  local g a v
  IFS=: read -r g a v <<< "$1"
  mvn -B -q -f bench/compare-pom.xml dependency:build-classpath -Dlib.group="$g" -Dlib.artifact="$a" \
    -Dlib.version="$v" -Dmdep.outputFile="$work/$a.cp" >/dev/null
  cat "$work/$a.cp"
}
declare -A cp version
cp[cortado]=$jar
cp[jedis-mock]=$(classpath "$JEDIS_MOCK")
cp[embedded-redis]=$(classpath "$EMBEDDED_REDIS")
version[cortado]=$(basename "$jar" | sed 's/^cortado-//; s/-standalone.jar$//')
version[jedis-mock]=${JEDIS_MOCK##*:}
version[embedded-redis]=${EMBEDDED_REDIS##*:}
libs=(cortado jedis-mock embedded-redis)
mkdir -p "$work/classes"
javac -d "$work/classes" bench/CompareStartup.java
harness() { java -cp "$work/classes:${cp[$1]}" CompareStartup "$@" 2>/dev/null; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# ---- startup -------------------------------------------------------------------------------
declare -A first warm
for lib in "${libs[@]}"; do
  echo "startup: $lib" >&2
  first[$lib]=$(for _ in $(seq "$FRESH"); do harness "$lib" first | awk '/^first/ {print $2}'; done | median)
  warm[$lib]=$(harness "$lib" warm "$WARM" | awk '/^warm/ {print $2}')
done
# A standalone server: exec to the first PING reply, in ms.
exec_to_ping() {
  python3 - "$@" <<'PY'
import socket, subprocess, sys, time
port = int(sys.argv[1]); cmd = sys.argv[2:]
t0 = time.monotonic()
p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
                s.sendall(b"*1\r\n$4\r\nPING\r\n")
                if b"PONG" in s.recv(64):
                    break
        except OSError:
            time.sleep(0.001)
    print(round((time.monotonic() - t0) * 1000))
finally:
    p.terminate(); p.wait()
PY
}
echo "startup: standalone" >&2
exec_redis=$(for _ in $(seq "$FRESH"); do p=$(free_port); exec_to_ping "$p" redis-server --port "$p" --save '' --appendonly no; done | median)
exec_jar=$(for _ in $(seq "$FRESH"); do p=$(free_port); exec_to_ping "$p" java -jar "$jar" --port "$p"; done | median)

# ---- servers for throughput and support ------------------------------------------------------
declare -A port
port[redis]=$(free_port)
redis-server --port "${port[redis]}" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
  --logfile "$work/redis.log" & pids+=($!)
port[cortado]=$(free_port)
java -jar "$jar" --port "${port[cortado]}" > "$work/cortado.log" 2>&1 & pids+=($!)
for lib in jedis-mock embedded-redis; do
  java -cp "$work/classes:${cp[$lib]}" CompareStartup "$lib" serve > "$work/$lib.log" 2>/dev/null & pids+=($!)
done
for lib in jedis-mock embedded-redis; do
  for _ in $(seq 200); do grep -q '^port ' "$work/$lib.log" && break; sleep 0.1; done
  port[$lib]=$(awk '/^port/ {print $2}' "$work/$lib.log")
done
targets=(redis cortado jedis-mock embedded-redis)
for t in "${targets[@]}"; do wait_ping "${port[$t]}"; done
# embedded-redis's child process: redis-server of the version its jar ships
version[embedded-redis]+=" (redis $(redis-cli -p "${port[embedded-redis]}" INFO server | tr -d '\r' | awk -F: '/^redis_version/ {print $2}'))"

# ---- support ---------------------------------------------------------------------------------
# One check: prints yes or no. $1 port.
cli() { timeout 5 redis-cli -p "$@" 2>&1; }
yes_if() { if "$@" >/dev/null 2>&1; then echo yes; else echo no; fi; }
check_resp3() { cli "$1" -3 HELLO 3 | grep -qx 'proto 3'; }
check_lua() { [ "$(cli "$1" EVAL "return redis.call('INCRBY', KEYS[1], ARGV[1])" 1 lua:n 41)" = 41 ]; }
check_functions() {
  cli "$1" FUNCTION LOAD REPLACE "#!lua name=cmp
redis.register_function('cmp_one', function() return 1 end)" >/dev/null
  [ "$(cli "$1" FCALL cmp_one 0)" = 1 ]
}
check_multi() { [ "$(printf 'MULTI\nSET tx:a 1\nINCR tx:a\nEXEC\n' | cli "$1" | tail -1)" = 2 ]; }
check_pubsub() {
  (timeout 3 redis-cli -p "$1" SUBSCRIBE cmp:ch > "$work/sub.$1" 2>&1 &)
  sleep 0.5
  [ "$(cli "$1" PUBLISH cmp:ch hello)" = 1 ] && sleep 0.2 && grep -q '^hello$' "$work/sub.$1"
}
check_notifications() {
  cli "$1" CONFIG SET notify-keyspace-events KEA >/dev/null
  (timeout 3 redis-cli -p "$1" SUBSCRIBE __keyevent@0__:set > "$work/ev.$1" 2>&1 &)
  sleep 0.5
  cli "$1" SET ev:k v >/dev/null; sleep 0.3
  grep -q '^ev:k$' "$work/ev.$1"
}
check_streams() {
  cli "$1" XADD st:s 1-1 f v >/dev/null
  cli "$1" XGROUP CREATE st:s g 0 >/dev/null
  cli "$1" XREADGROUP GROUP g c COUNT 1 STREAMS st:s '>' | grep -q '^1-1$'
}
check_acl() {
  cli "$1" ACL SETUSER cmpuser on '>pw' '~cmp:*' +get >/dev/null
  [ "$(cli "$1" --user cmpuser --pass pw --no-auth-warning SET other 1 | grep -c NOPERM)" = 1 ]
}
check_blocking() {
  (sleep 0.3; cli "$1" RPUSH bl:q x >/dev/null) &
  [ "$(cli "$1" BLPOP bl:q 2 | tail -1)" = x ]
}
features=(resp3 lua functions multi pubsub notifications streams acl blocking)
declare -A has
for t in "${targets[@]}"; do
  echo "support: $t" >&2
  for f in "${features[@]}"; do has[$t,$f]=$(yes_if "check_$f" "${port[$t]}"); done
done
for lib in "${libs[@]}"; do
  echo "support: $lib cluster" >&2
  has[$lib,cluster]=$(harness "$lib" cluster | sed -n 's/^cluster //p')
done
has[redis,cluster]="not run here"

# ---- throughput ------------------------------------------------------------------------------
# JVM servers are measured warm, as a test suite sees them after its first tests.
for t in cortado jedis-mock; do
  echo "warming up $t" >&2
  redis-benchmark -p "${port[$t]}" -c 50 -n "$((N / 2))" -P 16 -t set,get -q >/dev/null 2>&1
  redis-benchmark -p "${port[$t]}" -c 50 -n "$((N / 4))" -t set,get -q >/dev/null 2>&1
done
results="$work/results.csv"
for round in $(seq "$ROUNDS"); do
  order=("${targets[@]:round%${#targets[@]}}" "${targets[@]:0:round%${#targets[@]}}")
  for t in "${order[@]}"; do
    for pipeline in 1 16; do
      n=$N; [ "$pipeline" = 16 ] && n=$((N * 4))
      [ "$t" = jedis-mock ] && n=$((n / (pipeline == 1 ? 4 : 16)))   # slow: a shorter run
      echo "round $round: $t -P $pipeline" >&2
      redis-benchmark -p "${port[$t]}" -c 50 -n "$n" -P "$pipeline" -t set,get --csv 2>/dev/null \
        | tail -n +2 | tr -d '"' | cut -d, -f1,2 | sed "s/^/$t,$pipeline,/" >> "$results"
    done
  done
done

# ---- the table -------------------------------------------------------------------------------
{
  for lib in "${libs[@]}"; do echo "version,$lib,${version[$lib]}"; done
  for lib in "${libs[@]}"; do echo "first,$lib,${first[$lib]}"; echo "warm,$lib,${warm[$lib]}"; done
  echo "exec,redis,$exec_redis"; echo "exec,cortado,$exec_jar"
  for k in "${!has[@]}"; do echo "has,${k%%,*},${k#*,},${has[$k]}"; done
} > "$work/facts.csv"
python3 - "$results" "$work/facts.csv" "$ROUNDS" <<'PY'
import csv, statistics, sys
rps = {}
for target, pipe, test, v in csv.reader(open(sys.argv[1])):
    rps.setdefault((target, int(pipe), test), []).append(float(v))
facts = {}
for row in csv.reader(open(sys.argv[2])):
    facts[tuple(row[:-1])] = row[-1]
cols = ["cortado", "jedis-mock", "embedded-redis", "redis"]
names = {"redis": "redis-server", "cortado": "Cortado"}
def med(t, p, test):
    v = rps.get((t, p, test))
    return statistics.median(v) if v else None
print()
print("| | " + " | ".join(names.get(c, c) for c in cols) + " | Testcontainers |")
print("|---" * (len(cols) + 2) + "|")
nm = "not measured here (no Docker engine)"
print("| version | " + " | ".join(facts.get(("version", c), "Debian package") for c in cols) + f" | {nm} |")
print("| first start, fresh JVM (main() to PING) | " + " | ".join(
    f"{facts[('first', c)]} ms" if ("first", c) in facts else "-" for c in cols) + f" | {nm} |")
print("| warm start (in a JVM that started one) | " + " | ".join(
    f"{float(facts[('warm', c)]):.1f} ms" if ("warm", c) in facts else "-" for c in cols) + f" | {nm} |")
print("| standalone, exec to PING | " + " | ".join(
    f"{facts[('exec', c)]} ms" if ("exec", c) in facts else "-" for c in cols) + " | - |")
for p in (1, 16):
    for test in ("SET", "GET"):
        r = med("redis", p, test)
        cells = []
        for c in cols:
            m = med(c, p, test)
            cells.append("-" if m is None else f"{m:,.0f}" + ("" if c == "redis" else f" ({m / r:.2f}x)"))
        print(f"| {test} req/s, -P {p} | " + " | ".join(cells) + f" | {nm} |")
features = ["resp3", "lua", "functions", "multi", "pubsub", "notifications", "streams", "acl",
            "blocking", "cluster"]
labels = {"resp3": "RESP3 (HELLO 3)", "lua": "Lua (EVAL)", "functions": "functions (FCALL)",
          "multi": "MULTI/EXEC", "pubsub": "pub/sub", "notifications": "keyspace notifications",
          "streams": "streams + consumer groups", "acl": "ACL users", "blocking": "BLPOP",
          "cluster": "cluster (3 masters, library API)"}
for f in features:
    print(f"| {labels[f]} | " + " | ".join(facts.get(("has", c, f), "-") for c in cols) + " | - |")
print()
print(f"req/s: redis-benchmark -c 50 medians of {sys.argv[3]} interleaved rounds (x: ratio to redis-server);"
      " startup medians in ms")
PY
echo "load after: $(load)"
