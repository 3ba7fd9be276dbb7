#!/usr/bin/env bash
# Pub/sub throughput side by side: Debian's redis-server and Cortado's standalone jar, in interleaved
# rounds after a warm-up; delivered messages per second (bench/PubSubLoad.java), medians and ratios.
#   fanout-1    one subscriber, PUBLISH pipelined 100 at a time
#   fanout-100  100 subscribers of one channel
#   crowded     one subscriber, with 10,000 other channels and 1,000 non-matching patterns subscribed:
#               PUBLISH checks every pattern (O(N+M), as Redis)
# Usage: bench/pubsub.sh   (ROUNDS=5 N=200000)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-5}
N=${N:-200000}
. bench/common.sh

jar=$(standalone_jar)
declare -A port
port[redis]=$(free_port)
redis-server --port "${port[redis]}" --save "" --appendonly no > "$work/redis.log" 2>&1 & pids+=($!)
port[cortado]=$(free_port)
java -jar "$jar" --port "${port[cortado]}" > "$work/cortado.log" 2>&1 & pids+=($!)
for s in redis cortado; do wait_ping "${port[$s]}"; done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg); $(redis-server --version | cut -d' ' -f1-3); cores: $(nproc)"

declare -A scenario=([fanout-1]="1 $N" [fanout-100]="100 $((N / 20))" [crowded]="1 $((N / 4)) 10000 1000")
for s in redis cortado; do java bench/PubSubLoad.java "${port[$s]}" 10 "$N" >/dev/null; done   # warm-up
for round in $(seq "$ROUNDS"); do
  order=(redis cortado); [ $((round % 2)) = 0 ] && order=(cortado redis)
  for name in fanout-1 fanout-100 crowded; do
    for s in "${order[@]}"; do
      # shellcheck disable=SC2086
      echo "$name,$s,$(java bench/PubSubLoad.java "${port[$s]}" ${scenario[$name]})" >> "$work/r.csv"
    done
  done
done
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for name in fanout-1 fanout-100 crowded; do
  r=$(grep "^$name,redis," "$work/r.csv" | cut -d, -f3 | median)
  c=$(grep "^$name,cortado," "$work/r.csv" | cut -d, -f3 | median)
  printf '%-11s delivered msg/s  redis %10.0f  cortado %10.0f  cortado/redis %.2f\n' "$name" "$r" "$c" \
    "$(echo "$c / $r" | bc -l)"
done
echo "medians over $ROUNDS interleaved rounds; load after: $(cut -d' ' -f1-3 /proc/loadavg)"
