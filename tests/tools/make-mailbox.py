#!/usr/bin/env python3
"""make-mailbox - write a directory of message files as an mbox or a Maildir.

usage: make-mailbox.py (--mboxrd | --mboxo | --maildir) [--gzip] [--crlf] SRC_DIR OUT

The *.eml files of SRC_DIR, in sorted name order (the order sample/make-inbox
commits them in), become the messages; *.delete files are left out (in an
inbox they remove a message that stays in its history).  Each message's
receive time is its Date header, as make-inbox's commit dates are, with the
same fallback (2026-11-01 00:00 UTC), so the same range selects the same
messages.  --mboxrd escapes "^>*From " lines with one more '>', --mboxo only
"^From " lines; each message is preceded by a "From SENDER DATE" line
(asctime, UTC) and followed by a blank line.  --maildir writes OUT/cur/
TIME.M<N>P0.mldigest-test:2,S files (and empty new/ and tmp/).  --gzip
compresses the mbox.  The bytes of the messages are written unchanged.
"""
import email.utils
import gzip
import os
import re
import sys
import time

FALLBACK = 1793491200  # 2026-11-01 00:00:00 UTC


def header(raw, name):
    """The first NAME: header of raw (bytes), unfolded, as str, or None."""
    head = re.split(rb"\r?\n\r?\n", raw, maxsplit=1)[0]
    lines = head.split(b"\n")
    val = None
    for line in lines:
        if val is not None:
            if line[:1] in (b" ", b"\t"):
                val += line.rstrip(b"\r")
                continue
            break
        k, sep, v = line.partition(b":")
        if sep and k.strip().lower() == name.encode():
            val = v.rstrip(b"\r")
    return None if val is None else val.decode("latin-1").strip()


def receive_time(raw):
    d = header(raw, "date")
    if d:
        d = re.sub(r"\([^)]*\)", "", d)
        try:
            return int(email.utils.parsedate_to_datetime(d).timestamp())
        except (TypeError, ValueError, IndexError, OverflowError):
            pass
    return FALLBACK


def main(argv):
    kind, gz, crlf = None, False, False
    args = []
    for a in argv[1:]:
        if a in ("--mboxrd", "--mboxo", "--maildir"):
            kind = a[2:]
        elif a == "--gzip":
            gz = True
        elif a == "--crlf":
            crlf = True
        else:
            args.append(a)
    if not kind or len(args) != 2:
        sys.exit(__doc__.split("\n")[2])
    src, out = args
    names = sorted(n for n in os.listdir(src) if n.endswith(".eml"))
    msgs = []
    for n in names:
        with open(os.path.join(src, n), "rb") as f:
            raw = f.read()
        if crlf:
            raw = re.sub(rb"\r?\n", b"\r\n", raw)
        msgs.append(raw)
    if kind == "maildir":
        for d in ("cur", "new", "tmp"):
            os.makedirs(os.path.join(out, d))
        for i, raw in enumerate(msgs):
            name = "%d.M%dP0.mldigest-test:2,S" % (receive_time(raw), i)
            with open(os.path.join(out, "cur", name), "wb") as f:
                f.write(raw)
        return
    pat = re.compile(rb"^(>*From )" if kind == "mboxrd" else rb"^(From )",
                     re.M)
    nl = b"\r\n" if crlf else b"\n"
    data = bytearray()
    for raw in msgs:
        t = time.gmtime(receive_time(raw))
        sender = (header(raw, "from") or "unknown").encode("latin-1")
        m = re.search(rb"<([^>\s]+)>", sender)
        sender = m.group(1) if m else b"MAILER-DAEMON"
        data += b"From " + sender + b" " + \
            time.strftime("%a %b %e %H:%M:%S %Y", t).encode() + nl
        data += pat.sub(rb">\1", raw)
        data += nl
    if gz:
        with gzip.open(out, "wb") as f:
            f.write(bytes(data))
    else:
        with open(out, "wb") as f:
            f.write(bytes(data))


if __name__ == "__main__":
    main(sys.argv)
