"""Cortado's admin interface from Python: Debian's python3-redis and the standard library only.

Run by PolyglotTest against the standalone jar started with --admin-port and --manual-clock:
    CORTADO_PORT=6379 CORTADO_ADMIN_PORT=8080 /usr/bin/python3 admin_test.py
Each step checks what it expects and raises on anything else: exit 0 means every check passed.
"""
import json
import os
import sys
import urllib.error
import urllib.request

import redis

PORT = int(os.environ["CORTADO_PORT"])
ADMIN = "http://127.0.0.1:%d/__admin/" % int(os.environ["CORTADO_ADMIN_PORT"])
checks = 0


def admin(method, path, body=None):
    """One admin call over HTTP: (status, JSON reply)."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(ADMIN + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)


def check(condition, what):
    global checks
    if not condition:
        raise AssertionError(what)
    checks += 1
    print("ok -", what)


# ---- the code under test: a user cache that retries once while Redis is loading

def load_user(r, user_id):
    key = "user:%s" % user_id
    for attempt in range(2):
        try:
            return r.hgetall(key)
        except redis.exceptions.BusyLoadingError:
            if attempt == 1:
                raise
    return None


def start_session(r, session_id, user_id):
    r.set("session:%s" % session_id, user_id, ex=3600)


# ---- the test

r = redis.Redis(host="127.0.0.1", port=PORT, decode_responses=True)

status, _ = admin("POST", "reset", {})
check(status == 200, "reset over HTTP")

# Data set-up without the Redis protocol, then read back through it.
status, put = admin("PUT", "key?key=user:1", {"hash": {"name": "Ada", "city": "London"}})
check(status == 200 and put["type"] == "hash", "data set up over HTTP")

# A failure stubbed over HTTP: the first HGETALL of user:1 answers LOADING, then the real value.
status, stub = admin("POST", "stubs", {
    "match": {"command": "HGETALL", "args": ["user:1"]},
    "respond": {"redisError": "LOADING"},
    "times": 1})
check(status == 200 and stub["id"] == 0, "LOADING stubbed once")

user = load_user(r, 1)
check(user == {"name": "Ada", "city": "London"}, "the code retried past LOADING: %r" % user)

# Verification over HTTP and over the Redis port (CORTADO.VERIFY).
status, v = admin("POST", "verify", {"match": {"command": "HGETALL", "args": ["user:1"]}, "times": 2})
check(status == 200 and v["ok"] and v["count"] == 2, "HGETALL sent twice (HTTP verify)")
reply = json.loads(r.execute_command("CORTADO.VERIFY", json.dumps(
    {"match": {"command": "HGETALL", "key": {"glob": "user:*"}}, "atLeast": 2})))
check(reply["ok"], "HGETALL verified with CORTADO.VERIFY")

try:
    r.execute_command("CORTADO.VERIFY", json.dumps({"match": {"command": "DEL"}}))
    check(False, "a failed verification raises")
except redis.exceptions.ResponseError as e:
    message = str(e)
    check(message.startswith("VERIFYFAILED Expected DEL") and "Closest commands received" in message,
          "a failed verification names its near misses: " + message[:80])

status, journal = admin("GET", "journal?command=HGETALL")
first, second = journal["entries"]
check(first["stubbed"] and first["error"].startswith("LOADING") and not second["stubbed"],
      "the journal marks the stubbed reply")

# The clock: a session's TTL moves only when the test moves it.
start_session(r, "abc", 1)
check(r.ttl("session:abc") == 3600, "session TTL starts at 3600 s")
clock = json.loads(r.execute_command("CORTADO.CLOCK", json.dumps({"advanceMs": 600000})))
check(clock["manual"], "clock advanced 10 minutes with CORTADO.CLOCK")
check(r.ttl("session:abc") == 3000, "session TTL moved to 3000 s")
status, _ = admin("POST", "clock", {"advanceMs": 3000001})
check(status == 200 and r.exists("session:abc") == 0, "the session expired once the clock passed it")

status, key = admin("GET", "key?key=session:abc")
check(status == 404, "the admin's data read agrees: no session key")

print("python: %d passed, 0 failed" % checks)
sys.exit(0)
