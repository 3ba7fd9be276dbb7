#!/usr/bin/env bash
# Lua scripts side by side with Debian's redis-server (issue #14's goals):
#  1. EVALSHA of a small script (a SET and a GET) with redis-benchmark -c 50, unpipelined and at
#     -P 16, in interleaved rounds; medians and the Cortado/Redis ratio (goals 0.8 and 0.5).
#  2. The first EVAL of a new script once one script has run: N different scripts, each sent once
#     over one connection, round-trip time per EVAL; median and p90 (goal: under 5 ms). Also the
#     server's very first EVAL (Cortado: loading the interpreter, made on first use).
# Usage: bench/script.sh   (ROUNDS=3 N=200000 FIRST=300 JAR=the jar, default the standalone one)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
N=${N:-200000}
FIRST=${FIRST:-300}
. bench/common.sh

jar=${JAR:-$(standalone_jar)}  # JAR=path measures another build

declare -A port
start_pair "$jar"

# 2 first: a fresh Cortado has run no script yet; run one, then time new ones.
python3 - "$FIRST" "${port[redis]}" "${port[cortado]}" > "$work/first.txt" <<'PY'
import socket, statistics, sys, time
count = int(sys.argv[1])
def cmd(*args):
    out = b"*%d\r\n" % len(args)
    for a in args:
        a = a.encode()
        out += b"$%d\r\n%s\r\n" % (len(a), a)
    return out
def reply(f):
    line = f.readline()
    if line[:1] == b"$" and line != b"$-1\r\n":
        f.read(int(line[1:]) + 2)
    return line
for name, port in (("redis", sys.argv[2]), ("cortado", sys.argv[3])):
    s = socket.create_connection(("127.0.0.1", int(port)))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    f = s.makefile("rb")
    t0 = time.perf_counter()
    s.sendall(cmd("EVAL", "return 1", "0")); reply(f)       # one script has run
    very_first = (time.perf_counter() - t0) * 1000
    times = []
    for i in range(count):
        body = "local n = %d redis.call('SET', KEYS[1], n) return redis.call('GET', KEYS[1])" % i
        t0 = time.perf_counter()
        s.sendall(cmd("EVAL", body, "1", "first:%d" % i))
        r = reply(f)
        times.append((time.perf_counter() - t0) * 1000)
        assert r.startswith(b"$"), r
    times.sort()
    print(f"{name} {statistics.median(times):.3f} {times[int(len(times) * 0.9)]:.3f} {times[0]:.3f} {very_first:.3f}")
PY

body="redis.call('SET', KEYS[1], ARGV[1]) return redis.call('GET', KEYS[1])"
for t in "${targets[@]}"; do
  sha=$(redis-cli -p "${port[$t]}" SCRIPT LOAD "$body")
done
echo "script $sha: $body" >&2
bench() { # target pipeline n
  redis-benchmark -p "${port[$1]}" -c 50 -n "$3" -P "$2" -r 100000 --csv \
    EVALSHA "$sha" 1 "key:__rand_int__" "value" 2>/dev/null | tail -n +2 | cut -d, -f2 | tr -d '"'
}
echo "warming up cortado" >&2
bench cortado 16 "$N" >/dev/null
bench cortado 1 "$((N / 2))" >/dev/null

results="$work/results.csv"
for round in $(seq "$ROUNDS"); do
  order=("${targets[@]:round%2}" "${targets[@]:0:round%2}")
  for t in "${order[@]}"; do
    for pipeline in 1 16; do
      n=$N; [ "$pipeline" = 16 ] && n=$((N * 4))
      echo "round $round: $t -P $pipeline" >&2
      echo "$round,$t,$pipeline,$(bench "$t" "$pipeline" "$n")" >> "$results"
    done
  done
done

python3 - "$results" "$work/first.txt" <<'PY'
import csv, statistics, sys
rows = {}
for r in csv.reader(open(sys.argv[1])):
    rows.setdefault((int(r[2]), r[1]), []).append(float(r[3]))
goal = {1: 0.8, 16: 0.5}
print(f"{'EVALSHA (SET + GET)':<22} {'-P':>3} {'redis':>12} {'cortado':>12} {'cortado/redis':>14} {'goal':>6}")
for pipe in (1, 16):
    r = statistics.median(rows[(pipe, "redis")])
    c = statistics.median(rows[(pipe, "cortado")])
    print(f"{'requests per second':<22} {pipe:>3} {r:>12,.0f} {c:>12,.0f} {c / r:>14.2f} "
          f"{'ok' if c / r >= goal[pipe] else 'MISS':>6}")
print("medians over", len(rows[(1, "redis")]), "rounds")
first = {l.split()[0]: l.split()[1:] for l in open(sys.argv[2])}
print(f"\nfirst EVAL of a new script (ms)   median      p90      min   the server's very first EVAL")
for name in ("redis", "cortado"):
    m, p90, mn, very = first[name]
    print(f"{name:<32} {float(m):>7.3f} {float(p90):>8.3f} {float(mn):>8.3f} {float(very):>10.1f}")
PY
