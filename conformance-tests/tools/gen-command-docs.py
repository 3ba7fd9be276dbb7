#!/usr/bin/env python3
"""Regenerates Cortado's COMMAND DOCS data from a running redis-server (the oracle's own reply).

    redis-server --port 7401 --save '' --appendonly no --daemonize yes
    python3 conformance-tests/tools/gen-command-docs.py 7401 \
        > src/main/resources/dev/cortado/command/command-docs.txt

The file holds, per top-level command, "@name" and then the docs map as a prefix-order token
stream, one token a line (Cortado's own format, read by CommandDocs):
  %N map of N pairs   *N array   ~N set   :N integer   $text bulk   +text simple
Text is escaped: backslash as \\ and newline as \n. Commands, and a container's subcommands, are
written in name order (Redis lists them in its hash order, which changes with each process), so
regenerating gives the same file.
"""
import socket
import sys


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 6379
    sock = socket.create_connection(("127.0.0.1", port))
    stream = sock.makefile("rb")

    def send(*args):
        out = b"*%d\r\n" % len(args)
        for a in args:
            a = a.encode()
            out += b"$%d\r\n%s\r\n" % (len(a), a)
        sock.sendall(out)

    def read():
        line = stream.readline()
        kind, rest = line[:1].decode(), line[1:-2]
        if kind in "*~%":
            n = int(rest)
            return (kind, [read() for _ in range(n * 2 if kind == "%" else n)])
        if kind == "$":
            return (kind, stream.read(int(rest) + 2)[:-2])
        if kind in "+:":
            return (kind, rest)
        raise ValueError("unexpected reply %r" % line)

    send("HELLO", "3")
    read()
    send("COMMAND", "DOCS")
    _, items = read()
    docs = {items[i][1].decode(): items[i + 1] for i in range(0, len(items), 2)}
    lines = []

    def emit(node):
        kind, value = node
        if kind == "%":
            # A container's subcommands come in Redis's hash order, which changes with each
            # process: sorted by name, the file is the same at every regeneration.
            pairs = [value[i:i + 2] for i in range(0, len(value), 2)]
            for pair in pairs:
                if pair[0] == ("$", b"subcommands"):
                    sub_kind, subs = pair[1]
                    entries = sorted((subs[i:i + 2] for i in range(0, len(subs), 2)),
                                     key=lambda e: e[0][1])
                    pair[1] = (sub_kind, [x for e in entries for x in e])
            value = [x for p in pairs for x in p]
        if kind in "*~%":
            lines.append("%s%d" % (kind, len(value) // 2 if kind == "%" else len(value)))
            for child in value:
                emit(child)
        else:
            text = value.decode("utf-8")
            lines.append(kind + text.replace("\\", "\\\\").replace("\n", "\\n"))

    for name in sorted(docs):
        lines.append("@" + name)
        emit(docs[name])
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
