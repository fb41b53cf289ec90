#!/usr/bin/env python3
"""check-series - check a JSON report's series against the archive itself.

usage: check-series.py EPOCH_GIT_DIR SINCE UNTIL REPORT.json

Reads the epoch with git (not with mldigest), finds the numbered patch mail
received in [SINCE, UNTIL) (Unix times) by its own reading of the subjects,
and checks that
  - every numbered patch mail is placed in exactly one series of the report
    (as its cover letter, one of its patches or one of its extra patches);
  - every revision link ("previous") names a message of the archive that
    was received no later than the series' head and is a series head at a
    lower version.
Prints a summary line; exits 1 with the problems on failure.
"""
import email.header
import json
import re
import subprocess
import sys

TAGS = re.compile(r"^\s*\[([^\]]*)\]")
REPLY = re.compile(r"^\s*(re|aw|sv|fwd?|wg|antw|vs)\s*(\[\d+\])?\s*:", re.I)


def decode(value):
    try:
        parts = email.header.decode_header(value)
        out = ""
        for text, cs in parts:
            if isinstance(text, bytes):
                text = text.decode(cs or "utf-8", "replace")
            out += text
        return out
    except Exception:
        return value


def headers(raw):
    head = re.split(rb"\r?\n\r?\n", raw, maxsplit=1)[0].decode("utf-8", "replace")
    out = {}
    name = None
    for line in head.split("\n"):
        line = line.rstrip("\r")
        if line[:1] in (" ", "\t") and name:
            out[name] += " " + line.strip()
            continue
        k, sep, v = line.partition(":")
        if not sep:
            name = None
            continue
        name = k.strip().lower()
        if name not in out:
            out[name] = v.strip()
        else:
            name = None
    return out


def tags(subject):
    """(reply, patch, num, total, version) from a subject."""
    s = decode(subject)
    s = " ".join(s.split())
    reply = False
    while True:
        m = REPLY.match(s)
        if not m:
            break
        reply = True
        s = s[m.end():]
    patch, num, total, version = False, None, None, 1
    while True:
        m = TAGS.match(s)
        if not m:
            break
        for word in re.split(r"[\s,]+", m.group(1)):
            w = word.upper()
            if w.startswith("PATCH"):
                patch = True
                v = re.match(r"PATCH-?V(\d+)$", w)
                if v:
                    version = int(v.group(1))
            v = re.match(r"^V(\d+)$", w)
            if v:
                version = int(v.group(1))
            n = re.match(r"^(\d+)/(\d+)$", word)
            if n:
                num, total = int(n.group(1)), int(n.group(2))
        s = s[m.end():]
        m = REPLY.match(s)
        if m:
            reply = True
            s = s[m.end():]
    return reply, patch, num, total, version


def main(argv):
    gitdir, since, until, report = argv[1], int(argv[2]), int(argv[3]), argv[4]
    with open(report) as f:
        rep = json.load(f)
    log = subprocess.run(["git", "--git-dir", gitdir, "log", "--format=%H %ct"],
                         capture_output=True, text=True, check=True).stdout.split()
    commits = list(zip(log[0::2], (int(t) for t in log[1::2])))
    cat = subprocess.Popen(["git", "--git-dir", gitdir, "cat-file", "--batch"],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    time_of, subject_of = {}, {}
    wanted = {}
    for c, t in commits:
        cat.stdin.write(f"{c}:m\n".encode())
        cat.stdin.flush()
        line = cat.stdout.readline()
        if line.endswith(b"missing\n"):
            continue
        size = int(line.split()[2])
        raw = cat.stdout.read(size)
        cat.stdout.read(1)
        h = headers(raw)
        mid = h.get("message-id", "").strip().strip("<>").split(">")[0]
        if not mid:
            continue
        time_of.setdefault(mid, t)
        time_of[mid] = min(time_of[mid], t)
        subject_of.setdefault(mid, h.get("subject", ""))
        if since <= t < until:
            reply, patch, num, total, version = tags(h.get("subject", ""))
            if patch and not reply and num is not None:
                wanted[mid] = h.get("subject", "")
    cat.stdin.close()
    cat.wait()

    placed = {}
    for s in rep["series"]:
        msgs = ([s["cover"]] if s.get("cover") else []) + \
            [p for p in s.get("patches", []) if p] + \
            [p for p in s.get("extra", []) if p]
        for m in msgs:
            placed[m["message_id"]] = placed.get(m["message_id"], 0) + 1
    problems = []
    for mid, subj in wanted.items():
        if placed.get(mid, 0) != 1:
            problems.append(f"numbered patch placed {placed.get(mid, 0)} times: "
                            f"<{mid}> {subj}")
    links = 0
    for s in rep["series"]:
        prev = s.get("previous")
        if not prev:
            continue
        links += 1
        pmid = prev["message_id"]
        head = s.get("cover") or next((p for p in s.get("patches", []) if p), None)
        if pmid not in time_of:
            problems.append(f"previous <{pmid}> of '{s['title']}' is not in the archive")
            continue
        if head and time_of[pmid] > head["received_unix"]:
            problems.append(f"previous <{pmid}> of '{s['title']}' is later than the series")
        _, patch, num, _, version = tags(subject_of[pmid])
        if not patch or version >= s["version"] or (num not in (None, 0, 1)):
            problems.append(f"previous <{pmid}> of '{s['title']}' (v{version}) "
                            f"is not an earlier version's head")
    print(f"{len(wanted)} numbered patches, {len(placed)} placed, "
          f"{links} revision links, {len(problems)} problems")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
