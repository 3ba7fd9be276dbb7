#!/usr/bin/env bash
# Bitmap benchmark, side by side with Debian's redis-server (issue goal: SETBIT and BITCOUNT on a
# 16 MB bitmap at most 2x Redis's time). Each server gets a 16 MB bitmap (SETBIT at offset
# 16*8*1024*1024-1), then, in interleaved rounds:
#  - SETBIT at random offsets, one connection, one request at a time (a Python client: its own
#    cost is in both figures), and pipelined by 100;
#  - SETBIT at one offset with redis-benchmark -c 1 (redis-benchmark's __rand_int__ is zero-padded,
#    which Redis rejects as an offset);
#  - BITCOUNT over the whole bitmap, BITPOS for the last bit of another 16 MB bitmap (a scan of
#    all of it), with redis-benchmark -c 1; PING as the round trip's floor;
#  - SETRANGE and APPEND on a 16 MB string (written in place, not copied).
# Medians of the rounds, time per command, and the Cortado/Redis ratio. Figures only, no pass/fail.
# Usage: bench/bitmap.sh   (ROUNDS=3 N=20000 COUNTS=200)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
N=${N:-20000}
COUNTS=${COUNTS:-200}
. bench/common.sh

jar=$(standalone_jar)

declare -A port
start_pair "$jar"

BITS=$((16 * 8 * 1024 * 1024))
for t in "${targets[@]}"; do
  redis-cli -p "${port[$t]}" SETBIT bm $((BITS - 1)) 1 >/dev/null
  redis-cli -p "${port[$t]}" SETBIT bp $((BITS - 1)) 1 >/dev/null
  redis-cli -p "${port[$t]}" SETRANGE str $((16 * 1024 * 1024 - 1)) x >/dev/null
  redis-cli -p "${port[$t]}" SETRANGE app $((16 * 1024 * 1024 - 1)) x >/dev/null
  echo "$t: STRLEN bm = $(redis-cli -p "${port[$t]}" STRLEN bm)" >&2
done

# Microseconds per command: redis-benchmark -c 1, unpipelined.
bench() { # target n command...
  local t=$1 n=$2; shift 2
  redis-benchmark -p "${port[$t]}" -c 1 -n "$n" --csv "$@" 2>/dev/null | tail -n +2 | cut -d, -f2 | tr -d '"' |
    awk '{printf "%.2f", 1e6 / $1}'
}

# Microseconds per SETBIT at random offsets: one at a time, then pipelined by 100.
setbit_random() { # target
  python3 - "${port[$1]}" "$N" "$BITS" <<'PY'
import random, socket, sys, time
port, n, bits = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(42)
s = socket.create_connection(("127.0.0.1", port))
s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
f = s.makefile("rb")
def cmd(off, v):
    o = str(off).encode()
    return b"*4\r\n$6\r\nSETBIT\r\n$2\r\nbm\r\n$%d\r\n%s\r\n$1\r\n%d\r\n" % (len(o), o, v)
offsets = [rng.randrange(bits - 8) for _ in range(n)]
t0 = time.perf_counter()
for off in offsets:
    s.sendall(cmd(off, 1))
    assert f.readline()[:1] == b":"
single = (time.perf_counter() - t0) * 1e6 / n
t0 = time.perf_counter()
for i in range(0, n, 100):
    s.sendall(b"".join(cmd(off, 0) for off in offsets[i:i + 100]))
    for _ in offsets[i:i + 100]:
        assert f.readline()[:1] == b":"
piped = (time.perf_counter() - t0) * 1e6 / n
print(f"{single:.2f} {piped:.2f}")
PY
}

echo "warming up cortado" >&2
bench cortado 50000 SETBIT bm 4242 1 >/dev/null
bench cortado 50000 PING >/dev/null
bench cortado 200 BITCOUNT bm >/dev/null
setbit_random cortado >/dev/null

results="$work/results.csv"
for round in $(seq "$ROUNDS"); do
  order=("${targets[@]:round%2}" "${targets[@]:0:round%2}")
  for t in "${order[@]}"; do
    echo "round $round: $t" >&2
    echo "$round,$t,PING (the round trip),$(bench "$t" "$N" PING)" >> "$results"
    read -r single piped < <(setbit_random "$t")
    echo "$round,$t,SETBIT random offset (1 at a time),$single" >> "$results"
    echo "$round,$t,SETBIT random offset (pipelined x100),$piped" >> "$results"
    echo "$round,$t,SETBIT one offset (redis-benchmark),$(bench "$t" "$N" SETBIT bm 4242 1)" >> "$results"
    echo "$round,$t,GETBIT (redis-benchmark),$(bench "$t" "$N" GETBIT bm 4242)" >> "$results"
    echo "$round,$t,BITCOUNT 16 MB,$(bench "$t" "$COUNTS" BITCOUNT bm)" >> "$results"
    echo "$round,$t,BITCOUNT 16 MB BIT range,$(bench "$t" "$COUNTS" BITCOUNT bm 3 -5 BIT)" >> "$results"
    echo "$round,$t,BITPOS 1 (16 MB scanned),$(bench "$t" "$COUNTS" BITPOS bp 1)" >> "$results"
    echo "$round,$t,SETRANGE 16 MB string,$(bench "$t" "$N" SETRANGE str 1000 abc)" >> "$results"
    echo "$round,$t,APPEND to a 16 MB string,$(bench "$t" "$N" APPEND app abcdefgh)" >> "$results"
  done
done

python3 - "$results" <<'PY'
import csv, statistics, sys
rows, ops = {}, []
for r in csv.reader(open(sys.argv[1])):
    rows.setdefault((r[2], r[1]), []).append(float(r[3]))
    if r[2] not in ops:
        ops.append(r[2])
print(f"{'microseconds per command':<38} {'redis':>10} {'cortado':>10} {'cortado/redis':>14}")
for op in ops:
    r = statistics.median(rows[(op, "redis")])
    c = statistics.median(rows[(op, "cortado")])
    print(f"{op:<38} {r:>10.2f} {c:>10.2f} {c / r:>14.2f}")
print("medians over", len(rows[(ops[0], "redis")]), "rounds")
PY
