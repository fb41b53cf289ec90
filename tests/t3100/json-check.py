#!/usr/bin/env python3
"""json-check.py - hold mldigest's JSON report against its text report.

usage: json-check.py render REPORT.json TOP
       json-check.py agree REPORT.json REPORT.txt

render: print the text report (SPEC section 3, lib/render_text.c) that
  the JSON describes, with TOP rows per table.  Made with a TOP at least
  as large as the tables, it must equal mldigest's own text report byte
  for byte: then every string, number and order of the JSON is the
  model's.
agree: check the JSON's own invariants (counts against the lists, the
  "shown" references, "received" against "patches") and the numbers of
  a text report made with a --top large enough for every row: the "New:"
  entries, the patch list entries, the table rows and the malformed
  count.  Prints one line per failed check; exits 1 if any failed.
"""
import json
import re
import sys

SEPARATOR = "-" * 70
BIDI = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A)) \
    | {0x200E, 0x200F, 0x061C}


def tty_safe(s, keep_newline=False):
    """What md_utf8_add_tty_safe() makes of a valid UTF-8 string."""
    out = []
    for ch in s:
        c = ord(ch)
        if ch == "\n" and keep_newline or ch == "\t":
            out.append(ch)
        elif c < 0x20 or c == 0x7F:
            out.append("^" + ("?" if c == 0x7F else chr(c + 0x40)))
        elif 0x80 <= c <= 0x9F or c in BIDI:
            out.append("<U+%04X>" % c)
        else:
            out.append(ch)
    return "".join(out)


def person(p):
    if p["name"]:
        return "%s <%s>" % (tty_safe(p["name"]), tty_safe(p["email"]))
    return tty_safe(p["email"] or "(unknown)")


def short(commit):
    return (commit or "0" * 40)[:9]


def messages_by_commit(doc):
    found = {}
    for s in doc["series"]:
        for m in ([s["cover"]] if s["cover"] else []) + s["patches"]:
            found[m["commit"]] = m
    return found


def render(doc, top):
    out = []
    a, b = short(doc["range"]["from"]["commit"]), \
        short(doc["range"]["to"]["commit"])
    out.append("From %s to %s\n" % (a, b))
    out.append("%s mailing list update from %s to %s\n\n"
               % (tty_safe(doc["list"]["name"]), a, b))
    out.append("Top %d contributor Email domains (Based on Email Body)\n\n"
               % top)
    for row in doc["domains"][:top]:
        out.append("%7d %s\n" % (row["count"], tty_safe(row["domain"])))
    out.append("\nTop %d contributors (Based on Email Body)\n\n" % top)
    for row in doc["contributors"][:top]:
        out.append("%7d  %s\n" % (row["count"], person(row)))
    out.append("\n===== Patch list in this time period =====\n\n")
    for s in doc["series"]:
        tag = "["
        tag += "RFC " if s["rfc"] else ""
        tag += "RESEND " if s["resend"] else ""
        tag += tty_safe(" ".join(s["tags"])) + " " if s["tags"] else ""
        tag += "v%d %d/%d]" % (s["version"], s["received"], s["total"])
        out.append("%s %s (%s, %d %s)\n"
                   % (tag, tty_safe(s["title"]), person(s["author"]),
                      s["replies"],
                      "reply" if s["replies"] == 1 else "replies"))
    out.append("\n===== Patch Commit Messages ====\n\n")
    msgs = messages_by_commit(doc)
    for ref in doc["shown"]:
        m = msgs[ref["commit"]]
        out.append("New:  %s\n%s\nAuthor: %s\n\n"
                   % (tty_safe(m["title"]), tty_safe(m["subject"]),
                      person(m["author"])))
        if m.get("body"):
            out.append(tty_safe(m["body"], keep_newline=True) + "\n\n")
        out.append(SEPARATOR + "\n\n")
    n = doc["counts"]["malformed"]
    if n:
        out.append("%d malformed message%s in this range (counted with "
                   "what could be read)\n" % (n, "" if n == 1 else "s"))
    return "".join(out)


def agree(doc, text):
    bad = []

    def check(ok, what):
        if not ok:
            bad.append(what)

    c = doc["counts"]
    check(c["series"] == len(doc["series"]), "counts.series != len(series)")
    check(c["shown"] == len(doc["shown"]), "counts.shown != len(shown)")
    check(sum(r["count"] for r in doc["domains"]) == c["patch_mail"],
          "the domain counts do not add up to patch_mail")
    check(sum(r["count"] for r in doc["contributors"]) == c["patch_mail"],
          "the contributor counts do not add up to patch_mail")
    msgs = messages_by_commit(doc)
    shown = 0
    for i, s in enumerate(doc["series"]):
        check(s["index"] == i, "series %d has index %d" % (i, s["index"]))
        check(s["received"] == len(s["patches"]),
              "series %d: received %d, patches %d"
              % (i, s["received"], len(s["patches"])))
        nums = [p["number"] for p in s["patches"]]
        check(s["single"] == (nums == [None]) or not s["single"],
              "series %d: a single patch with a number" % i)
        check(all(isinstance(n, int) and 1 <= n <= s["total"]
                  for n in nums) or s["single"],
              "series %d: patch numbers %r out of 1..%d"
              % (i, nums, s["total"]))
        check(nums == sorted(nums, key=lambda n: n or 0),
              "series %d: patches not in number order" % i)
        for m in ([s["cover"]] if s["cover"] else []) + s["patches"]:
            shown += m["shown"]
            check(m["shown"] == ("body" in m),
                  "%s: 'body' present iff shown" % m["commit"])
    check(shown == len(doc["shown"]),
          "%d messages are marked shown, %d listed" % (shown,
                                                       len(doc["shown"])))
    for ref in doc["shown"]:
        m = msgs.get(ref["commit"])
        check(m is not None and m["shown"],
              "shown %s is no shown message of a series" % ref["commit"])
        if m is not None and ref["series"] is not None:
            s = doc["series"][ref["series"]]
            check(m is s["cover"] or m in s["patches"],
                  "shown %s is not in series %d"
                  % (ref["commit"], ref["series"]))

    # The text report, parsed.
    lines = text.split("\n")
    new = [l for l in lines if l.startswith("New:  ")]
    check(len(new) == len(doc["shown"]),
          "%d 'New:' entries, %d shown" % (len(new), len(doc["shown"])))

    def find(pattern):
        return next(k for k, l in enumerate(lines) if re.match(pattern, l))

    def rows(start, end):
        return [l for l in lines[find(start) + 1:find(end)] if l]

    doms = rows(r"Top \d+ contributor Email domains ", r"Top \d+ contributors ")
    people = rows(r"Top \d+ contributors ", r"===== Patch list ")
    plist = rows(r"===== Patch list ", r"===== Patch Commit Messages ")
    check(len(doms) == len(doc["domains"]),
          "%d domain rows, %d in JSON" % (len(doms), len(doc["domains"])))
    check(len(people) == len(doc["contributors"]),
          "%d contributor rows, %d in JSON"
          % (len(people), len(doc["contributors"])))
    check(len(plist) == len(doc["series"]),
          "%d patch list entries, %d series" % (len(plist),
                                                len(doc["series"])))
    for l, row in zip(doms, doc["domains"]):
        n, d = l.split(None, 1)
        check((int(n), d) == (row["count"], tty_safe(row["domain"])),
              "domain row %r != %r" % (l, row))
    for l, row in zip(people, doc["contributors"]):
        n = int(l.split(None, 1)[0])
        check(n == row["count"], "contributor row %r != %r" % (l, row))
    for l, s in zip(plist, doc["series"]):
        m = re.search(r" (\d+)/(\d+)\] .*, (\d+) repl(y|ies)\)$", l)
        check(m is not None and tuple(map(int, m.group(1, 2, 3))) ==
              (s["received"], s["total"], s["replies"]),
              "patch list entry %r != series %d" % (l, s["index"]))
    m = re.search(r"^(\d+) malformed messages? in this range", text, re.M)
    check((int(m.group(1)) if m else 0) == c["malformed"],
          "malformed: text says %s, JSON %d"
          % (m.group(1) if m else 0, c["malformed"]))
    for what in bad:
        print("json-check: " + what)
    return 1 if bad else 0


def main(argv):
    if len(argv) != 4 or argv[1] not in ("render", "agree"):
        sys.stderr.write(__doc__)
        return 2
    with open(argv[2], "rb") as f:
        doc = json.loads(f.read().decode("utf-8"))
    if argv[1] == "render":
        sys.stdout.buffer.write(render(doc, int(argv[3])).encode("utf-8"))
        return 0
    with open(argv[3], "rb") as f:
        text = f.read().decode("utf-8")
    return agree(doc, text)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
