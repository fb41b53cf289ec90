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
  "shown" references, "received" against "patches", the review state
  against its trailers, the groups against the series) and the numbers
  of a text report made with a --top large enough for every row: the
  "New:" entries, the patch list entries, the table rows and the
  malformed count.  Prints one line per failed check; exits 1 if any
  failed.
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


def day(iso):
    return iso[:10] if iso else "?"


def previous(p):
    out = "v%d, %s" % (p["version"], day(p["received"]))
    if p["message_id"]:
        out += ", <%s>" % tty_safe(p["message_id"])
    return out


def review_line(s):
    """The text after "Review: " (lib/render.c), from the JSON alone."""
    rv, total = s["review"], s["total"]
    if total == 1:
        out = "the patch is %sreviewed" % ("" if rv["reviewed"] else "not ")
    elif rv["all_reviewed"]:
        out = "all %d patches reviewed" % total
    else:
        out = "%d of %d patches reviewed" % (rv["reviewed"], total)
    groups = {}
    for t in rv["trailers"]:
        g = groups.setdefault((t["kind"], t["email"].lower()),
                              {"first": t, "patches": set()})
        g["patches"].add(t["patch"])
    for i, g in enumerate(groups.values()):
        t = g["first"]
        out += "%s %s: %s" % ("," if i else ";", t["kind"], person(t))
        if total > 1:
            if 0 in g["patches"]:
                out += " (all)"
            else:
                out += " (%s)" % ", ".join(map(str, sorted(g["patches"])))
    if rv["verdict"]:
        out += "; " + rv["verdict"]
        if rv["verdict_by"]:
            out += " by " + person(rv["verdict_by"])
    return out


def entry(s, grouped):
    tag = "["
    tag += "RFC " if s["rfc"] else ""
    tag += "RESEND " if s["resend"] else ""
    tag += tty_safe(" ".join(s["tags"])) + " " if s["tags"] else ""
    tag += "v%d %d/%d]" % (s["version"], s["received"], s["total"])
    out = "%s %s (%s, %d %s)\n" % (tag, tty_safe(s["title"]),
                                   person(s["author"]), s["replies"],
                                   "reply" if s["replies"] == 1
                                   else "replies")
    if s["previous"]:
        out += "    Previous: %s\n" % previous(s["previous"])
    if s["review"]["trailers"] or s["review"]["verdict"]:
        out += "    Review: %s\n" % review_line(s)
    if s["subsystems"] and not grouped:
        out += "    Subsystems: %s\n" % ", ".join(map(tty_safe,
                                                     s["subsystems"]))
    return out


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
    out.append("\nTop %d reviewers (replies to patches, trailers given)\n\n"
               % top)
    for row in doc["reviewers"][:top]:
        out.append("%7d %6d  %s\n" % (row["replies"], row["trailers"],
                                      person(row)))
    out.append("\n===== Patch list in this time period =====\n\n")
    if doc["groups"]:
        for g in doc["groups"]:
            out.append("--- %s (%d series) ---\n\n"
                       % (tty_safe(g["title"] or "No subsystem"),
                          len(g["series"])))
            for i in g["series"]:
                out.append(entry(doc["series"][i], True))
            out.append("\n")
    else:
        for s in doc["series"]:
            out.append(entry(s, False))
        out.append("\n")
    out.append("===== Patch Commit Messages ====\n\n")
    msgs = messages_by_commit(doc)
    for ref in doc["shown"]:
        m = msgs[ref["commit"]]
        out.append("New:  %s\n%s\nAuthor: %s\n"
                   % (tty_safe(m["title"]), tty_safe(m["subject"]),
                      person(m["author"])))
        s = doc["series"][ref["series"]] if ref["series"] is not None \
            else None
        if s and s["previous"]:
            out.append("Previous version: %s\n" % previous(s["previous"]))
        out.append("\n")
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
    for i, s in enumerate(doc["series"]):
        rv = s["review"]
        for t in rv["trailers"]:
            check(0 <= t["patch"] <= s["total"],
                  "series %d: a trailer for patch %d of %d"
                  % (i, t["patch"], s["total"]))
        keys = [(t["kind"], t["email"].lower(), t["patch"])
                for t in rv["trailers"]]
        check(len(keys) == len(set(keys)),
              "series %d: a trailer given twice" % i)
        cover = any(t["patch"] == 0 and t["kind"] != "Tested-by"
                    for t in rv["trailers"])
        nums = {t["patch"] for t in rv["trailers"]
                if t["kind"] != "Tested-by"}
        want = s["total"] if cover else len(nums & set(range(1, s["total"] + 1)))
        check(rv["reviewed"] == want,
              "series %d: reviewed %d, the trailers say %d"
              % (i, rv["reviewed"], want))
        check(rv["all_reviewed"] == (rv["reviewed"] == s["total"]),
              "series %d: all_reviewed %r with %d of %d"
              % (i, rv["all_reviewed"], rv["reviewed"], s["total"]))
        check((rv["verdict"] is None) == (rv["verdict_by"] is None) ==
              (rv["verdict_message_id"] is None),
              "series %d: verdict, verdict_by and verdict_message_id "
              "disagree" % i)
        p = s["previous"]
        check(p is None or (p["version"] < s["version"] and
                            p["received_unix"] <= s["first"]["received_unix"]),
              "series %d: previous %r is not an earlier version" % (i, p))
    given = sum(len(s["review"]["trailers"]) for s in doc["series"])
    check(sum(r["trailers"] for r in doc["reviewers"]) == given,
          "the reviewers' trailers do not add up to the series' trailers")
    if doc["groups"] is not None:
        listed = [i for g in doc["groups"] for i in g["series"]]
        check(set(listed) == set(range(len(doc["series"]))),
              "the groups do not list every series")
        titles = [g["title"] for g in doc["groups"]]
        check(len(titles) == len(set(titles)), "a group title twice")
        check("" not in titles[:-1], "the group without a title is not last")
        for g in doc["groups"]:
            check(g["series"] == sorted(set(g["series"])),
                  "group %r: series not in arrival order" % g["title"])
            for i in g["series"]:
                s = doc["series"][i]
                check(g["title"] in s["subsystems"] if g["title"]
                      else not s["subsystems"],
                      "series %d is in group %r but has subsystems %r"
                      % (i, g["title"], s["subsystems"]))
        for i, s in enumerate(doc["series"]):
            for t in s["subsystems"]:
                check(t in titles, "series %d: subsystem %r has no group"
                      % (i, t))
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
    people = rows(r"Top \d+ contributors ", r"Top \d+ reviewers ")
    revs = rows(r"Top \d+ reviewers ", r"===== Patch list ")
    plist = [l for l in rows(r"===== Patch list ",
                             r"===== Patch Commit Messages ")
             if not l.startswith("    ") and not l.startswith("--- ")]
    heads = [l for l in rows(r"===== Patch list ",
                             r"===== Patch Commit Messages ")
             if l.startswith("--- ")]
    n_entries = sum(len(g["series"]) for g in doc["groups"]) \
        if doc["groups"] else len(doc["series"])
    check(len(heads) == len(doc["groups"] or []),
          "%d group headings, %d groups" % (len(heads),
                                            len(doc["groups"] or [])))
    check(len(revs) == len(doc["reviewers"]),
          "%d reviewer rows, %d in JSON" % (len(revs), len(doc["reviewers"])))
    for l, row in zip(revs, doc["reviewers"]):
        n = tuple(map(int, l.split(None, 2)[:2]))
        check(n == (row["replies"], row["trailers"]),
              "reviewer row %r != %r" % (l, row))
    check(len(doms) == len(doc["domains"]),
          "%d domain rows, %d in JSON" % (len(doms), len(doc["domains"])))
    check(len(people) == len(doc["contributors"]),
          "%d contributor rows, %d in JSON"
          % (len(people), len(doc["contributors"])))
    check(len(plist) == n_entries,
          "%d patch list entries, %d in the JSON" % (len(plist), n_entries))
    for l, row in zip(doms, doc["domains"]):
        n, d = l.split(None, 1)
        check((int(n), d) == (row["count"], tty_safe(row["domain"])),
              "domain row %r != %r" % (l, row))
    for l, row in zip(people, doc["contributors"]):
        n = int(l.split(None, 1)[0])
        check(n == row["count"], "contributor row %r != %r" % (l, row))
    order = [doc["series"][i] for g in doc["groups"] for i in g["series"]] \
        if doc["groups"] else doc["series"]
    for l, s in zip(plist, order):
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
