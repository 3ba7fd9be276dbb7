# Shared by the bench scripts (sourced from the project root): a scratch directory and the
# processes started, both gone on exit; free ports; waiting for a server's PING; the standalone jar.
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  # A server may still write (redis-server its nodes.conf) on its way out.
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ping() { for _ in $(seq 100); do redis-cli -p "$1" PING >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "no PING on $1" >&2; exit 1; }

# The standalone jar in target/, built if absent.
standalone_jar() {
  local jar
  jar=$(ls target/cortado-*-standalone.jar 2>/dev/null | head -1 || true)
  if [ -z "$jar" ]; then
    mvn -B -q package -DskipTests >&2
    jar=$(ls target/cortado-*-standalone.jar | head -1)
  fi
  echo "$jar"
}

# A redis-server and a Cortado (the jar given) on free ports, both answering PING:
# fills the caller's associative array port[redis], port[cortado] and sets targets=(redis cortado).
start_pair() {
  port[redis]=$(free_port)
  redis-server --port "${port[redis]}" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
    --logfile "$work/redis.log" & pids+=($!)
  port[cortado]=$(free_port)
  java -jar "$1" --port "${port[cortado]}" > "$work/cortado.log" 2>&1 & pids+=($!)
  targets=(redis cortado)
  for t in "${targets[@]}"; do wait_ping "${port[$t]}"; done
}

# Interleaved rounds (the order flips each round) of redis-benchmark -c 50 on $rport and $cport
# (with $BENCH_FLAGS, e.g. --cluster):
# every test of $tests (its command in the associative array cmd) at every pipeline of
# $PIPELINES, N requests each; rows "test,pipeline,server,rps" go to the file $1.
bench_rounds() {
  local out=$1 round s port p t rps servers n
  for round in $(seq "$ROUNDS"); do
    servers=(redis cortado)
    [ $((round % 2)) = 0 ] && servers=(cortado redis)
    for s in "${servers[@]}"; do
      port=$([ "$s" = redis ] && echo "$rport" || echo "$cport")
      for p in $PIPELINES; do
        for t in $tests; do
          # shellcheck disable=SC2086
          n=$([ "$p" = 1 ] && echo "$N" || echo "${N_PIPELINED:-$N}")
          rps=$(redis-benchmark -p "$port" ${BENCH_FLAGS:-} -c 50 -n "$n" -r 1000000 -P "$p" --csv ${cmd[$t]} 2>/dev/null \
            | grep '^"[A-Z]' | cut -d, -f2 | tr -d '"')   # --cluster prints its nodes first
          echo "$t,$p,$s,$rps" >> "$out"
        done
      done
    done
  done
}

# The medians of bench_rounds' rows and Cortado/Redis, with the machine it ran on.
print_medians() {
  echo "redis: $(redis-server --version | awk '{print $3}'); java: $(java -version 2>&1 | head -1); cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg)"
  python3 - "$1" "$ROUNDS" <<'PY'
import csv, statistics, sys
rps = {}
for t, p, s, v in csv.reader(open(sys.argv[1])):
    rps.setdefault((t, int(p), s), []).append(float(v))
for t, p in sorted({(k[0], k[1]) for k in rps}, key=lambda k: (k[1], k[0])):
    r, c = statistics.median(rps[(t, p, "redis")]), statistics.median(rps[(t, p, "cortado")])
    print(f"{t:<14} -P {p:<3} redis {r:>10,.0f}  cortado {c:>10,.0f}  cortado/redis {c / r:.2f}")
print("requests per second, medians over", sys.argv[2], "interleaved rounds, -c 50")
PY
}
