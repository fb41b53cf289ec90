#!/usr/bin/env python3
"""cache-check.py - check the invariants of an mldigest cache file.

usage: cache-check.py DB            check it, print a summary line
       cache-check.py DB --wait N   wait until N or more entries are
                                    stored (reading while a writer runs)

Invariants (lib/cache.h): the schema version is set; every epoch's
entries are seq 1..count with no gap; every entry with a blob has its
message stored; SQLite's own integrity check passes.
"""
import sqlite3
import sys
import time


def connect(path):
    db = sqlite3.connect(path, timeout=60)
    db.execute("PRAGMA busy_timeout = 60000")
    return db


def check(path):
    db = connect(path)
    problems = []
    ok = db.execute("PRAGMA integrity_check").fetchone()[0]
    if ok != "ok":
        problems.append("integrity_check: " + ok)
    if db.execute("PRAGMA user_version").fetchone()[0] == 0:
        problems.append("no schema version")
    n = 0
    for archive, epoch, count, top in db.execute(
            "SELECT archive, epoch, count(*), max(seq) FROM entry "
            "GROUP BY archive, epoch"):
        n += count
        if count != top:
            problems.append("archive %d epoch %d: %d entries up to seq %d"
                            % (archive, epoch, count, top))
    missing = db.execute(
        "SELECT count(*) FROM entry e WHERE e.blob IS NOT NULL AND NOT "
        "EXISTS (SELECT 1 FROM msg m WHERE m.blob = e.blob)").fetchone()[0]
    if missing:
        problems.append("%d entries without their message" % missing)
    msgs = db.execute("SELECT count(*) FROM msg").fetchone()[0]
    for p in problems:
        print("cache-check: " + p, file=sys.stderr)
    print("entries %d messages %d" % (n, msgs))
    return 1 if problems else 0


def wait(path, want):
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            db = connect(path)
            n = db.execute("SELECT count(*) FROM entry").fetchone()[0]
            db.close()
            if n >= want:
                print(n)
                return 0
        except sqlite3.Error:
            pass
        time.sleep(0.005)
    print("cache-check: timed out waiting for entries", file=sys.stderr)
    return 1


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[2] == "--wait":
        sys.exit(wait(sys.argv[1], int(sys.argv[3])))
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(check(sys.argv[1]))
