# Shared by the bench scripts (sourced from the project root): a scratch directory and the
# processes started, both gone on exit; free ports; waiting for a server's PING; the standalone jar.
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
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
