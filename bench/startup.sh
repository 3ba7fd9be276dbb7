#!/usr/bin/env bash
# Startup benchmark: prints how long a server takes from start() to its first PING reply.
#   first start in a fresh JVM  - median over FRESH_RUNS new JVMs (class loading included)
#   warm start                  - median over WARM_STARTS starts in one JVM that already started one
# Usage: bench/startup.sh [FRESH_RUNS=11] [WARM_STARTS=200]. Figures only, no pass/fail.
# The machine's load average is printed before and after: on a shared machine, compare figures only
# from runs at a similar load (or interleave the variants being compared).
set -euo pipefail
cd "$(dirname "$0")/.."

FRESH_RUNS=${1:-11}
WARM_STARTS=${2:-200}
BUILD=target-bench

# What a user's test gets: Cortado's jar, its dependencies relocated inside it, and nothing else.
# CLASSES=1 measures the unrelocated classes with the dependencies' own jars instead.
mvn -B -q package -DskipTests -DbuildDir="$BUILD"
if [ "${CLASSES:-0}" = 1 ]; then
  mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -DbuildDir="$BUILD" -Dmdep.includeScope=runtime -Dmdep.outputFile="$BUILD/bench.classpath"
  CP="$BUILD/classes:$BUILD/test-classes:$(cat "$BUILD/bench.classpath")"
else
  CP="$(ls "$BUILD"/cortado-*-SNAPSHOT.jar):$BUILD/test-classes"
fi

load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'; }
echo "java: $(java -version 2>&1 | head -1); cores: $(nproc 2>/dev/null || echo '?'); load: $(load)"

firsts=()
for _ in $(seq "$FRESH_RUNS"); do
  firsts+=("$(java -cp "$CP" dev.cortado.StartupBenchmark first | awk '/^first/ {print $2}')")
done
sorted=$(printf '%s\n' "${firsts[@]}" | sort -g)
median=$(printf '%s\n' "$sorted" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "first start in a fresh JVM, main() to first PING reply: median ${median} ms over ${FRESH_RUNS} JVMs ($(echo $sorted | tr '\n' ' '))"

java -cp "$CP" dev.cortado.StartupBenchmark warm "$WARM_STARTS" \
  | awk '{print "warm start, start() to first PING reply: " $0 " (ms)"}'
echo "load after: $(load)"
