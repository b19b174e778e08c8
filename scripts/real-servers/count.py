#!/usr/bin/env python3
"""Counts the statuses in a real-server log without any logcodes code.

  count.py clf  <log> > <log>.expected.json   # any CLF-like line: status follows "request"
  count.py json <log> > <log>.expected.json   # one JSON object per line, key "status"
  count.py clf-upstream <log>                 # CLF-like, plus the $upstream_status list of
                                              # the "upstream" format (see nginx.conf)
  count.py clf-upstreaminfo <log>             # the same for ingress-nginx "upstreaminfo"

CLF-like lines (nginx combined and custom formats, Apache combined, vhost_combined,
the %D format) all put the status right after the quoted request, which itself
follows the bracketed time. The quoted field is read honouring backslash escapes
(Apache writes \\" inside it; nginx never writes a raw quote). A line where that
structure is missing is counted under "unreadable" rather than guessed at.

Upstream statuses (nginx $upstream_status: "502, 200", "503 : 200", "-") are
counted element by element, and separately by the last element of each line,
which is the answer of the last upstream tried. In the "upstream" format they
sit between the quoted user agent and the quoted host, among addresses (with a
colon or a group name) and times (with a dot); the statuses are the only
three-digit tokens there. In "upstreaminfo" the status list ends the line
before the request id, right after the times (which have a dot): the statuses
are the run of three-digit, "-" and ":" tokens before the id.

JSON lines are decoded as UTF-8 with replacement, as nginx escape=json passes
non-UTF-8 bytes through raw.
"""
import json
import re
import sys
from collections import Counter

CLF = re.compile(rb'\[[^\]]*\] "((?:[^"\\]|\\.)*)" (\d{3}|-) ')
# "$http_user_agent" $request_time <addrs> <statuses> <times> "$host" at line end
UPSTREAM_TAIL = re.compile(rb'"(?:[^"\\]|\\.)*" (\d+\.\d{3}) (.*) "[^"]*"$')
STATUS_TOKEN = re.compile(rb'^\d{3}$')
# ... $upstream_status $req_id at line end; the id is hex
UPSTREAMINFO_TAIL = re.compile(rb' ([0-9a-f]+)$')


def upstreaminfo_statuses(line):
    if not UPSTREAMINFO_TAIL.search(line):
        return None
    tokens = line.split(b" ")[:-1]
    run = []
    while tokens:
        token = tokens.pop().rstrip(b",")
        if STATUS_TOKEN.match(token):
            run.append(token.decode())
        elif token not in (b"-", b":"):
            break
    return run[::-1]


def upstream_elements(text):
    """Status elements of one $upstream_status value, in order ('-' kept)."""
    return [e for e in re.split(r", | : ", text) if e]


def count(kind, data):
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    statuses = Counter()
    upstream_all = Counter()
    upstream_last = Counter()
    unreadable = []
    for number, line in enumerate(lines, 1):
        status = None
        if kind != "json":
            match = CLF.search(line)
            if match:
                status = match.group(2).decode()
                if kind == "clf-upstreaminfo":
                    found = upstreaminfo_statuses(line)
                    if found is None:
                        status = None
                    else:
                        upstream_all.update(found)
                        if found:
                            upstream_last[found[-1]] += 1
                if kind == "clf-upstream":
                    tail = UPSTREAM_TAIL.search(line)
                    if tail is None:
                        status = None
                    else:
                        tokens = [t.rstrip(b",") for t in tail.group(2).split(b" ")]
                        found = [t.decode() for t in tokens if STATUS_TOKEN.match(t)]
                        upstream_all.update(found)
                        if found:
                            upstream_last[found[-1]] += 1
        else:
            try:
                record = json.loads(line.decode("utf-8", errors="replace"))
                value = record.get("status")
                status = str(value) if value is not None else None
                elements = [e for e in upstream_elements(str(record.get("upstream_status", ""))) if e != "-"]
                upstream_all.update(elements)
                if elements:
                    upstream_last[elements[-1]] += 1
            except ValueError:
                status = None
        if status is None:
            unreadable.append(number)
        else:
            statuses[status] += 1
    return {
        "lines": len(lines),
        "unreadable": len(unreadable),
        "unreadableLines": unreadable,
        "statuses": dict(sorted(statuses.items())),
        **({
            "upstreamStatuses": dict(sorted(upstream_all.items())),
            "upstreamLastStatuses": dict(sorted(upstream_last.items())),
        } if kind != "clf" else {}),
    }


def main():
    kind, path = sys.argv[1], sys.argv[2]
    if kind not in ("clf", "clf-upstream", "clf-upstreaminfo", "json"):
        sys.exit("usage: count.py <clf|clf-upstream|clf-upstreaminfo|json> <log>")
    with open(path, "rb") as handle:
        result = count(kind, handle.read())
    result = {"file": path.rsplit("/", 1)[-1], "method": "count.py " + kind, **result}
    json.dump(result, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
