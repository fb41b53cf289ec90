#!/usr/bin/env python3
"""dom.py - check an HTML report (as written, or as a browser dumped it).

usage: dom.py PAGE TEXT_REPORT [--msgids MAILDIR] [--title TITLE]...
                               [--lore LIST]

PAGE is the page from 'mldigest report --format html' or the DOM that
'chromium --dump-dom' printed for it; TEXT_REPORT is the text report of
the same range with the same options.  The page must hold exactly the
elements and attributes the renderer writes, each where it writes it
(a content model written out below), so that markup coming from mail
cannot pass as the renderer's: any <script>, any <b> inside a title
cell, any on* attribute fails.  Then the page must agree with the text
report: the document title is its second line, each top table and its
bar chart have one row and one <rect> per line of its table, bar widths
are proportional to the counts (for the reviewers, to the replies), and
each patch-list row has the title, author, counts and replies of the
text report's line, and under the title one paragraph per indented line
of the text report, with the same text; with groups, each group's
header row reads as the text report's "--- TITLE (N series) ---".  Every link is
an in-page anchor that exists or https://lore.kernel.org/LIST/ID/ with
ID percent-encoded; with --msgids, each ID must decode to a Message-ID
of a mail in MAILDIR.  Each --title must be the exact text of a title
cell.  Prints one line per failure and exits 1, else prints a summary.
"""
import os
import re
import sys
import urllib.parse
from html.parser import HTMLParser

VOID = {"meta", "link", "br"}

# Which child elements each element may have (the renderer's output).
CHILDREN = {
    "#root": {"html"},
    "html": {"head", "body"},
    "head": {"meta", "link", "title", "style"},
    "body": {"main"},
    "main": {"header", "section", "footer"},
    "header": {"p", "h1", "ul", "nav"},
    "p": {"code", "br", "span", "a"},
    "ul": {"li"},
    "li": {"b"},
    "nav": {"a"},
    "section": {"h2", "div", "p", "article"},
    "h2": {"small"},
    "div": {"figure", "div", "table"},
    "figure": {"svg"},
    "svg": {"title", "desc", "g"},
    "g": {"title", "text", "rect"},
    "text": {"tspan"},
    "table": {"thead", "tbody"},
    "thead": {"tr"},
    "tbody": {"tr"},
    "tr": {"th", "td"},
    "th": {"span"},
    "td": {"span", "a", "p"},
    "article": {"h3", "p", "pre"},
    "footer": {"p"},
}

# Which attributes each element may carry.
ATTRS = {
    "html": {"lang"},
    "meta": {"charset", "http-equiv", "content", "name"},
    "link": {"rel", "href"},
    "section": {"id"},
    "article": {"id"},
    "p": {"class"},
    "ul": {"class"},
    "span": {"class"},
    "small": {"class"},
    "div": {"class"},
    "figure": {"class"},
    "svg": {"xmlns", "width", "height", "role", "aria-labelledby"},
    "title": {"id"},
    "desc": {"id"},
    "text": {"x", "y", "dx", "class"},
    "tspan": {"class"},
    "rect": {"x", "y", "width", "height", "rx"},
    "table": {"id", "aria-label"},
    "tr": {"class"},
    "th": {"class", "scope", "colspan"},
    "td": {"class"},
    "a": {"href"},
}

CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
       "base-uri 'none'; form-action 'none'")
LORE = "https://lore.kernel.org/"
SEGMENT = re.compile(r"^(?:[A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-F]{2})+$")


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children = []  # Nodes and strings

    def text(self):
        return "".join(c if isinstance(c, str) else c.text()
                       for c in self.children)

    def all(self):
        for c in self.children:
            if isinstance(c, Node):
                yield c
                yield from c.all()

    def find(self, tag, **attrs):
        return [n for n in self.all() if n.tag == tag and
                all(n.attrs.get(k) == v for k, v in attrs.items())]

    def classes(self):
        return (self.attrs.get("class") or "").split()


class Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.cur = self.root
        self.errors = []

    def handle_starttag(self, tag, attrs):
        names = [a for a, _ in attrs]
        if len(names) != len(set(names)):
            self.errors.append("<%s> repeats an attribute" % tag)
        node = Node(tag, attrs, self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.cur = self.cur.parent

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self.cur.tag != tag:
            self.errors.append("</%s> closes <%s>" % (tag, self.cur.tag))
            return
        self.cur = self.cur.parent

    def handle_data(self, data):
        self.cur.children.append(data)

    def handle_comment(self, data):
        self.errors.append("a comment: %r" % data[:40])

    def handle_pi(self, data):
        self.errors.append("a processing instruction")


def text_report(path):
    """The title line, the top tables (the reviewers' last), and the
    patch list: its entries as (line, [indented lines stripped]) and
    its group headings as (heading, index of the next entry)."""
    lines = open(path, encoding="utf-8").read().split("\n")
    tables, cur = [], None
    for line in lines:
        if line.startswith("Top ") and ("(Based on Email Body)" in line or
                                        " reviewers (" in line):
            cur = []
            tables.append(cur)
        elif cur is not None and re.match(r" *[0-9]+ ", line):
            cur.append(line)
        elif cur is not None and line == "" and cur:
            cur = None
    start = lines.index("===== Patch list in this time period =====")
    end = lines.index("===== Patch Commit Messages ====")
    series, groups = [], []
    for line in lines[start + 1:end]:
        if line.startswith("--- ") and line.endswith(" ---"):
            groups.append((line[4:-4], len(series)))
        elif line.startswith("    "):
            series[-1][1].append(line[4:])
        elif line:
            series.append((line, []))
    return lines[1], tables, series, groups


def msgids(maildir):
    ids = set()
    for name in sorted(os.listdir(maildir)):
        raw = open(os.path.join(maildir, name), "rb").read()
        m = re.search(rb"(?im)^message-id:[ \t]*<([^>\n]*)>", raw)
        if m:
            ids.add(m.group(1).strip().decode("utf-8", "replace"))
    return ids


def main():
    args = sys.argv[1:]
    page, report = args[0], args[1]
    want_titles, ids, lore = [], None, None
    i = 2
    while i < len(args):
        if args[i] == "--title":
            want_titles.append(args[i + 1])
        elif args[i] == "--msgids":
            ids = msgids(args[i + 1])
        elif args[i] == "--lore":
            lore = args[i + 1]
        else:
            sys.exit("dom.py: unknown option " + args[i])
        i += 2

    b = Builder()
    b.feed(open(page, encoding="utf-8").read())
    b.close()
    fail = list(b.errors)
    root = b.root
    if b.cur is not root:
        fail.append("<%s> is never closed" % b.cur.tag)

    # The content model and the attributes.
    for n in root.all():
        allowed = CHILDREN.get(n.parent.tag, set())
        if n.tag not in allowed:
            fail.append("<%s> inside <%s>" % (n.tag, n.parent.tag))
        for a in n.attrs:
            if a not in ATTRS.get(n.tag, set()) or a.startswith("on"):
                fail.append("attribute %s on <%s>" % (a, n.tag))
    if root.find("script"):
        fail.append("a <script> element")

    # The head: self-contained and inert.
    metas = root.find("meta")
    if not any(m.attrs.get("charset") == "utf-8" for m in metas):
        fail.append("no <meta charset=utf-8>")
    if not any(m.attrs.get("http-equiv") == "Content-Security-Policy" and
               m.attrs.get("content") == CSP for m in metas):
        fail.append("no strict Content-Security-Policy")
    if not any(m.attrs.get("name") == "viewport" for m in metas):
        fail.append("no viewport")
    for link in root.find("link"):
        if link.attrs.get("href") != "data:,":
            fail.append("a <link> that fetches")
    style = "".join(s.text() for s in root.find("style"))
    if re.search(r"url\(|@import", style):
        fail.append("the style sheet fetches")

    title_line, tables, series, groups = text_report(report)
    head = root.find("head")[0]
    titles = [t.text() for t in head.children
              if isinstance(t, Node) and t.tag == "title"]
    if titles != [title_line]:
        fail.append("document title %r, text report says %r"
                    % (titles, title_line))

    # The top tables and their charts.
    for sec, chart, rows in (("domains", "chart-domains", tables[0]),
                             ("contributors", "chart-people", tables[-2]),
                             ("reviewers", "chart-reviewers", tables[-1])):
        section = root.find("section", id=sec)[0]
        rects = section.find("rect")
        trs = [tr for tb in section.find("tbody") for tr in tb.find("tr")]
        if len(rects) != len(rows) or len(trs) != len(rows):
            fail.append("%s: %d bars, %d table rows, %d text lines"
                        % (sec, len(rects), len(trs), len(rows)))
        counts = [int(r.split()[0]) for r in rows]
        for tr, line, count in zip(trs, rows, counts):
            cells = [td.text() for td in tr.find("td")]
            if sec == "reviewers":
                got = "%7d %6d  %s" % (int(cells[2]), int(cells[3]),
                                       cells[1])
            else:
                sep = "  " if sec == "contributors" else " "
                got = "%7d%s%s" % (int(cells[2]), sep, cells[1])
            if got != line:
                fail.append("%s row %r is not %r" % (sec, cells, line))
        if rects:
            svg = section.find("svg")[0]
            if not section.find("title", id=chart + "-title") or \
               not section.find("desc", id=chart + "-desc"):
                fail.append("%s: the chart has no <title>/<desc>" % sec)
            if svg.attrs.get("role") != "img":
                fail.append("%s: the chart has no role" % sec)
            top = max(counts)
            for rect, count, g in zip(rects, counts, section.find("g")):
                w = float(rect.attrs["width"].rstrip("%"))
                if abs(w - 85.0 * count / top) > 0.02:
                    fail.append("%s: bar of %d is %s wide"
                                % (sec, count, rect.attrs["width"]))
                nums = [t.text() for t in g.find("text")
                        if "n" in t.classes()]
                if nums != [str(count)]:
                    fail.append("%s: bar of %d labelled %r"
                                % (sec, count, nums))

    # The patch list against the text report.
    rows, heads = [], []
    table = root.find("table", id="patch-list")
    if table:
        for tr in (tr for tb in table[0].find("tbody")
                   for tr in tb.find("tr")):
            if "group" in tr.classes():
                ths = tr.find("th")
                if len(ths) != 1 or ths[0].attrs.get("colspan") != "5":
                    fail.append("patch list: a group row of %d cells"
                                % len(ths))
                heads.append((" ".join(th.text() for th in ths), len(rows)))
            else:
                rows.append(tr)
    if len(rows) != len(series):
        fail.append("patch list: %d rows, %d series in the text report"
                    % (len(rows), len(series)))
    if heads != groups:
        fail.append("patch list: group rows %r, text report %r"
                    % (heads, groups))
    cell_titles = []
    for tr, (line, more) in zip(rows, series):
        tds = tr.find("td")
        if [td.attrs.get("class", "").split()[0] for td in tds] != \
           ["tags", "num", "title", "who", "num"]:
            fail.append("patch list: columns %r" % [td.attrs for td in tds])
            continue
        count, _, who, replies = (td.text() for td in tds[1:])
        cell = tds[2]
        title = "".join(c if isinstance(c, str) else c.text()
                        for c in cell.children
                        if isinstance(c, str) or c.tag != "p")
        details = [c.text() for c in cell.children
                   if isinstance(c, Node) and c.tag == "p"]
        if details != more:
            fail.append("patch list: under %r %r, text report %r"
                        % (title, details, more))
        cell_titles.append(title)
        n = int(replies)
        chips = " ".join(s.text() for s in tds[0].find("span"))
        want = "[%s %s] %s (%s, %d %s)" % (chips, count, title, who, n,
                                           "reply" if n == 1 else "replies")
        if want != line:
            fail.append("patch list: row %r, text report %r" % (want, line))
    for t in want_titles:
        if t not in cell_titles:
            fail.append("no title cell reads exactly %r" % t)

    # Links.
    ids_seen = {n.attrs["id"] for n in root.all() if "id" in n.attrs}
    n_lore = 0
    for a in root.find("a"):
        href = a.attrs.get("href", "")
        if href.startswith("#"):
            if href[1:] not in ids_seen:
                fail.append("anchor %r leads nowhere" % href)
            continue
        if not href.startswith(LORE) or not href.endswith("/"):
            fail.append("link %r is not to lore" % href)
            continue
        parts = href[len(LORE):-1].split("/")
        if len(parts) != 2 or not all(SEGMENT.match(p) for p in parts):
            fail.append("lore link %r is not encoded" % href)
            continue
        if lore is not None and parts[0] != lore:
            fail.append("lore link %r is not to list %r" % (href, lore))
        msgid = urllib.parse.unquote(parts[1], errors="strict")
        if ids is not None and msgid not in ids:
            fail.append("lore link %r decodes to %r, no such Message-ID"
                        % (href, msgid))
        n_lore += 1
    for a in root.find("a"):
        if a.parent.tag == "td" and not a.attrs.get("href", "").startswith(
                LORE):
            fail.append("a title links to %r" % a.attrs.get("href"))

    for f in fail:
        print("dom.py: " + f)
    if fail:
        sys.exit(1)
    print("ok: %d patch-list rows, %d groups, %d+%d+%d bars, %d lore links, "
          "%d articles"
          % (len(rows), len(heads),
             len(root.find("section", id="domains")[0].find("rect")),
             len(root.find("section", id="contributors")[0].find("rect")),
             len(root.find("section", id="reviewers")[0].find("rect")),
             n_lore, len(root.find("article"))))


if __name__ == "__main__":
    main()
