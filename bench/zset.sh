#!/usr/bin/env bash
# Sorted-set benchmark, side by side with Debian's redis-server: one sorted set of 1,000,000
# members loaded by pipelined ZADD, then ZRANK, ZRANGE by rank, ZRANGEBYSCORE LIMIT and ZSCORE on
# random members, and memory per member. Figures only, no pass/fail.
# Usage: bench/zset.sh [MEMBERS=1000000] [ROUNDS=3] [QUERIES=100000]
set -euo pipefail
cd "$(dirname "$0")/.."
MEMBERS=${1:-1000000}
ROUNDS=${2:-3}
QUERIES=${3:-100000}
BUILD=target-zbench

mvn -B -q test-compile -DbuildDir="$BUILD"
mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -DbuildDir="$BUILD" -Dmdep.includeScope=test -Dmdep.outputFile="$BUILD/bench.classpath"
CP="$BUILD/classes:$BUILD/test-classes:$(cat "$BUILD/bench.classpath")"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
  --logfile /dev/null & rpid=$!
trap 'kill $rpid 2>/dev/null || true' EXIT
for _ in $(seq 100); do redis-cli -p "$port" PING >/dev/null 2>&1 && break; sleep 0.1; done

echo "redis: $(redis-server --version | awk '{print $3}'); java: $(java -version 2>&1 | head -1); cores: $(nproc)"
java -Xms1g -Xmx4g ${JAVA_OPTS:-} -cp "$CP" dev.cortado.ZSetBenchmark "$port" "$MEMBERS" "$ROUNDS" "$QUERIES"
