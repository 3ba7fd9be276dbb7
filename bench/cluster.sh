#!/usr/bin/env bash
# Cluster benchmark, side by side with real Redis:
#  1. how long a CortadoCluster of 3 primaries + 3 replicas takes to start (fresh JVM, and warm);
#  2. redis-benchmark --cluster against a real 3-primary cluster (redis-cli --cluster create) and a
#     Cortado one (the standalone jar's --cluster 3), interleaved rounds, medians and ratios.
# Usage: [JAVA_OPTS=...] bench/cluster.sh [ROUNDS=3] [N=1000000] [FRESH_RUNS=7]. Figures only, no
# pass/fail. JAVA_OPTS go to the JVM holding the benchmarked Cortado nodes (e.g. -XX:+UseParallelGC).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
ROUNDS=${1:-3}
N=${2:-1000000}
FRESH_RUNS=${3:-7}
PIPELINES=${PIPELINES:-"1 16"}
# redis-benchmark --cluster's elapsed time moved in 250 ms steps on this VM (200,000 requests
# measured 198k, 265k or 397k req/s, nothing between): a run must last many steps, so pipelined
# runs get 5 times the requests, and N should be a million (about 20 s a run unpipelined).
N_PIPELINED=${N_PIPELINED:-$((N * 5))}
BUILD=target-bench

mvn -B -q package -DskipTests -DbuildDir="$BUILD"
CP="$(ls "$BUILD"/cortado-*-SNAPSHOT.jar):$BUILD/test-classes"
JAR=$(ls "$BUILD"/cortado-*-standalone.jar)
echo "java: $(java -version 2>&1 | head -1); cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg)"
firsts=()
for _ in $(seq "$FRESH_RUNS"); do
  firsts+=("$(java -cp "$CP" dev.cortado.ClusterStartupBenchmark first | awk '/^first/ {print $2}')")
done
sorted=$(printf '%s\n' "${firsts[@]}" | sort -g)
median=$(printf '%s\n' "$sorted" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "3+3 cluster, first start in a fresh JVM to a PING on every node: median ${median} ms over ${FRESH_RUNS} JVMs ($(echo $sorted | tr '\n' ' '))"
java -cp "$CP" dev.cortado.ClusterStartupBenchmark warm 50 \
  | awk '{print "3+3 cluster, warm start to a PING on every node: " $0 " (ms)"}'

# A real 3-primary cluster and a Cortado one.
# Three free ports in a row whose cluster bus ports (+10000) are free too: a port above 55535
# has no bus port, and redis-server refuses to start on it.
cluster_ports() {
  python3 -c '
import random, socket
while True:
    p = random.randint(20000, 45000)
    socks = []
    try:
        for q in (p, p + 1, p + 2, p + 10000, p + 10001, p + 10002):
            s = socket.socket(); socks.append(s); s.bind(("127.0.0.1", q))
        print(p); break
    except OSError:
        pass
    finally:
        for s in socks: s.close()
'
}
rbase=$(cluster_ports)
rports=()
for i in 0 1 2; do
  p=$((rbase + i))
  rports+=("$p")
  redis-server --port "$p" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
    --cluster-enabled yes --cluster-config-file "$work/nodes-$p.conf" --dir "$work" \
    --logfile "$work/redis-$p.log" & pids+=($!)
done
for p in "${rports[@]}"; do wait_ping "$p"; done
redis-cli --cluster create "${rports[@]/#/127.0.0.1:}" --cluster-yes > "$work/create.log"
for p in "${rports[@]}"; do
  until redis-cli -p "$p" cluster info | grep -q cluster_state:ok; do sleep 0.1; done
done
cbase=$(cluster_ports)
java ${JAVA_OPTS:-} -jar "$JAR" --cluster 3 --port "$cbase" > "$work/cortado.log" 2>&1 & pids+=($!)
for i in 0 1 2; do
  for _ in $(seq 300); do redis-cli -p $((cbase + i)) PING >/dev/null 2>&1 && break; sleep 0.1; done
  redis-cli -p $((cbase + i)) PING >/dev/null 2>&1 || { cat "$work/cortado.log"; exit 1; }
done
rport=${rports[0]}
cport=$cbase
# The JVM measured warm, as a test suite sees it after its first tests (compare.sh does the same).
for p in 16 1; do
  redis-benchmark -p "$cport" --cluster -c 50 -n "$N" -r 1000000 -P "$p" -t set,get -q >/dev/null 2>&1
done
declare -A cmd=([set]="-t set" [get]="-t get")
tests="set get"
BENCH_FLAGS=--cluster
out="$work/rows.csv"
bench_rounds "$out"
print_medians "$out"
echo "(redis-benchmark --cluster: the real cluster's 3 redis-server processes against one JVM holding 3 Cortado nodes)"
