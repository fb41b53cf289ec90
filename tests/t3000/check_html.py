#!/usr/bin/env python3
"""check_html.py - what a Markdown renderer made of mldigest's Markdown.

usage: check_html.py HTML_FILE TEXT_REPORT [TEXT ...]

HTML_FILE is the HTML that cmark-gfm or pandoc wrote for a Markdown
report, TEXT_REPORT the text report of the same range.  Prints a summary
for the test to compare:

    tables R1 R2 ...   body rows of each table, in order
    items N            list items (the patch list entries)
    subitems N         items of the lists nested in them
    groups N           group headings of the patch list
    code N             code blocks
    links N            links to lore.kernel.org

and fails (exit 1, with the reasons on stderr) when

  - an element appears that the renderer makes only from raw HTML or
    from Markdown syntax mldigest never writes (<script>, <b>, <img>,
    <span>, <del>, <sup>, ...), or an event handler or source attribute;
  - a link goes anywhere but lore.kernel.org or a mailto: address;
  - what a reader sees differs from the text report: the title, each
    table row, each patch list entry with its indented lines and each
    group heading, each message's title, subject, author and previous
    version (white space aside), and each body (exactly);
  - a TEXT argument is not found in the text of the page.
"""
import re
import sys
from html.parser import HTMLParser

# Everything mldigest's Markdown may become in cmark-gfm and pandoc.
ALLOWED = {
    "h1", "h2", "h3", "p", "table", "thead", "tbody", "tr", "th", "td",
    "colgroup", "col", "ul", "li", "a", "pre", "code", "strong", "em", "br",
}
SEPARATOR = "-" * 70


def norm(s):
    return " ".join(s.split())


class Page(HTMLParser):
    """The parts of the page, as text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.bad = []
        self.h1 = []
        self.tables = []     # per table, its body rows as lists of cells
        self.items = []
        self.subitems = 0
        self.depth = 0       # of list items
        self.groups = []     # h3 before "Patch Commit Messages"
        self.in_messages = False
        self.h3 = []
        self.meta = []       # the paragraph after each h3
        self.pre = []
        self.links = 0
        self.text = []
        self.open = []       # (tag, buffer) of the elements collected
        self.in_tbody = False
        self.after_h3 = False

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED:
            self.bad.append("element <%s>" % tag)
        for name, value in attrs:
            # Table alignment and column widths are all the style
            # pandoc writes for these tables.
            if name == "style" and re.fullmatch(
                    r"(text-align: (left|right|center)|width: [0-9.]+%);",
                    value or ""):
                continue
            if name.startswith("on") or name in ("src", "style"):
                self.bad.append("attribute %s on <%s>" % (name, tag))
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith("https://lore.kernel.org/"):
                self.links += 1
            elif not href.startswith("mailto:"):
                self.bad.append("link to %r" % href)
        if tag == "table":
            self.tables.append([])
        elif tag == "tbody":
            self.in_tbody = True
        elif tag == "tr" and self.in_tbody:
            self.tables[-1].append([])
        elif tag == "td" and self.in_tbody:
            self.open.append(("td", []))
        elif tag == "li":
            self.depth += 1
            if self.depth == 1:
                self.open.append((tag, []))
            else:
                self.subitems += 1
        elif tag in ("h1", "h2", "h3", "pre"):
            self.open.append((tag, []))
        elif tag == "p" and self.after_h3:
            self.open.append(("meta", []))
        if tag == "br":
            self.data(" ")
        if tag != "h3":
            self.after_h3 = False

    def handle_endtag(self, tag):
        if tag == "tbody":
            self.in_tbody = False
        if tag == "li":
            self.depth -= 1
            if self.depth:
                return
        want = "meta" if tag == "p" else tag
        if not self.open or self.open[-1][0] != want:
            return
        _, buf = self.open.pop()
        text = "".join(buf)
        if tag == "td":
            self.tables[-1][-1].append(norm(text))
        elif tag == "h1":
            self.h1.append(norm(text))
        elif tag == "li":
            self.items.append(norm(text))
        elif tag == "h2":
            self.in_messages = norm(text) == "Patch Commit Messages"
        elif tag == "h3" and not self.in_messages:
            self.groups.append(norm(text))
        elif tag == "h3":
            self.h3.append(norm(text))
            self.after_h3 = True
        elif tag == "p":
            self.meta.append(norm(text))
        elif tag == "pre":
            self.pre.append(text)

    def data(self, data):
        for _, buf in self.open:
            buf.append(data)

    def handle_data(self, data):
        self.text.append(data)
        self.data(data)

    def handle_comment(self, data):
        self.bad.append("comment <!--%s-->" % data)


class Report:
    """The parts of the text report (SPEC section 3)."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        self.title = norm(lines[1])
        i = 3
        self.tables = []
        while lines[i].startswith("Top "):
            # The reviewers table has two numbers before the name.
            cells = 3 if " reviewers " in lines[i] else 2
            i += 2                       # the heading and a blank line
            rows = []
            while lines[i]:
                rows.append(lines[i].split(None, cells - 1))
                i += 1
            self.tables.append([[norm(c) for c in r] for r in rows])
            i += 1
        i += 2                           # "===== Patch list" and a blank
        self.items, self.groups = [], []
        while not lines[i].startswith("===== Patch Commit Messages"):
            if lines[i].startswith("--- "):
                self.groups.append(norm(lines[i][4:-4]))
            elif lines[i].startswith("    "):
                self.items[-1] = norm(self.items[-1] + " " + lines[i])
            elif lines[i]:
                self.items.append(norm(lines[i]))
            i += 1
        i += 2                           # "===== Patch Commit", blank
        self.titles, self.meta, self.bodies = [], [], []
        while i < len(lines) and lines[i].startswith("New:  "):
            self.titles.append(norm(lines[i][6:]))
            meta = "Subject: " + lines[i + 1] + " " + lines[i + 2]
            i += 3
            if lines[i].startswith("Previous version: "):
                meta += " " + lines[i]
                i += 1
            self.meta.append(norm(meta))
            i += 1
            body = []
            while lines[i] != SEPARATOR:
                body.append(lines[i])
                i += 1
            if body:
                self.bodies.append("\n".join(body[:-1]))  # a blank ends it
            i += 2


def compare(bad, what, got, want):
    if got != want:
        bad.append("%s differ:\n  html: %r\n  text: %r" % (what, got, want))


def main():
    page = Page()
    with open(sys.argv[1], encoding="utf-8") as f:
        page.feed(f.read())
    page.close()
    report = Report(sys.argv[2])
    bad = page.bad
    compare(bad, "titles", page.h1, [report.title])
    compare(bad, "tables", page.tables, [t for t in report.tables if t])
    compare(bad, "patch lists", page.items, report.items)
    compare(bad, "group headings", page.groups, report.groups)
    compare(bad, "message titles", page.h3, report.titles)
    compare(bad, "subjects and authors", page.meta, report.meta)
    compare(bad, "bodies", [p.rstrip("\n") for p in page.pre],
            report.bodies)
    text = " ".join("".join(page.text).split())
    for want in sys.argv[3:]:
        if norm(want) not in text:
            bad.append("text %r not found" % want)
    if bad:
        for b in bad:
            print("bad: " + b, file=sys.stderr)
        sys.exit(1)
    print("tables " + " ".join(str(len(t)) for t in page.tables))
    print("items %d" % len(page.items))
    print("subitems %d" % page.subitems)
    print("groups %d" % len(page.groups))
    print("code %d" % len(page.pre))
    print("links %d" % page.links)


if __name__ == "__main__":
    main()
