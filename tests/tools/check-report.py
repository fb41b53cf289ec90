#!/usr/bin/env python3
"""check-report.py - an independent check of an mldigest text report.

Usage: check-report.py REPO RANGE REPORT

Counts the patch mail of RANGE in the bare epoch REPO with git and
Python's email package (nothing shared with mldigest's C code) and
checks REPORT, which must have been made with a --top large enough to
list every row, against it:
  - the domain counts and the contributor counts each sum to the number
    of patch messages (non-reply, PATCH-tagged, each Message-ID once);
  - the per-domain counts equal the independent ones;
  - every "New:" entry's subject is a non-reply PATCH numbered 0, 1 or
    unnumbered;
  - every shown body that has a diffstat ends with its "changed" line.
Prints one line per failed check and exits 1 if any failed.
"""
import email
import email.header
import email.policy
import re
import subprocess
import sys

TAG = re.compile(r'^\s*((re|aw|sv|fwd?|antw|回复|答复|转发)\s*[:：]\s*)*', re.I)
SUMMARY = re.compile(r'^ \d+ files? changed(, \d+ insertions?\(\+\))?'
                     r'(, \d+ deletions?\(-\))?$')


def decode(value):
    if value is None:
        return ''
    try:
        parts = email.header.decode_header(str(value))
        out = ''
        for text, cs in parts:
            if isinstance(text, bytes):
                out += text.decode(cs or 'utf-8', 'replace')
            else:
                out += text
        return ' '.join(out.split())
    except Exception:
        return ' '.join(str(value).split())


def classify(subject):
    """(is_patch_mail, number or None) from a decoded subject."""
    m = TAG.match(subject)
    reply = bool(m.group(0).strip())
    rest = subject[m.end():]
    tags = []
    while True:
        rest = rest.lstrip()
        if not rest.startswith('['):
            break
        end = rest.find(']')
        if end < 0:
            break
        tags.append(rest[1:end])
        rest = rest[end + 1:]
        m2 = TAG.match(rest)
        if m2.group(0).strip():
            reply = True
            rest = rest[m2.end():]
    words = ' '.join(tags).replace(',', ' ').replace(':', ' ').split()
    patch = any(re.fullmatch(r'PATCH([-_]?v\d+)?', w, re.I) for w in words)
    num = None
    for w in words:
        n = re.fullmatch(r'(\d+)/(\d+)', w)
        if n and int(n.group(2)) > 0 and int(n.group(1)) <= int(n.group(2)):
            num = int(n.group(1))
    return patch and not reply, num


def messages(repo, rng):
    revs = subprocess.run(['git', '-C', repo, 'rev-list', '--reverse', rng],
                          check=True, capture_output=True,
                          text=True).stdout.split()
    spec = ''.join(f'{c}:m\n' for c in revs).encode()
    out = subprocess.run(['git', '-C', repo, 'cat-file', '--batch'],
                         input=spec, check=True, capture_output=True).stdout
    pos = 0
    while pos < len(out):
        nl = out.index(b'\n', pos)
        header = out[pos:nl].split()
        pos = nl + 1
        if header[-1] == b'missing':
            continue
        size = int(header[2])
        yield out[pos:pos + size]
        pos += size + 1


def author_of(msg):
    frm = msg.get('From')
    body = msg
    if msg.is_multipart():
        for part in msg.walk():
            if part.get_content_type() == 'text/plain':
                body = part
                break
    try:
        payload = body.get_payload(decode=True) or b''
        text = payload.decode(body.get_content_charset() or 'utf-8',
                              'replace')
    except Exception:
        text = ''
    lines = text.replace('\r\n', '\n').split('\n')
    while lines and not lines[0].strip():
        lines.pop(0)
    if lines and lines[0].lower().startswith('from:'):
        cand = lines[0][5:]
        if '@' in cand:
            frm = cand
    name, addr = email.utils.parseaddr(decode(frm))
    return addr


def main():
    repo, rng, report = sys.argv[1:4]
    seen = set()
    domains = {}
    total = 0
    for raw in messages(repo, rng):
        msg = email.message_from_bytes(raw, policy=email.policy.compat32)
        subject = decode(msg.get('Subject'))
        is_patch, _ = classify(subject)
        if not is_patch:
            continue
        mid = (msg.get('Message-ID') or '').strip()
        if mid:
            if mid in seen:
                continue
            seen.add(mid)
        total += 1
        addr = author_of(msg)
        dom = addr.rsplit('@', 1)[1].lower() if '@' in addr else '(unknown)'
        domains[dom] = domains.get(dom, 0) + 1

    text = open(report, encoding='utf-8').read()
    failures = []

    def table(title):
        """Rows of the table under the heading that contains title."""
        lines = text.split('\n')
        for i, line in enumerate(lines):
            if title in line:
                rows = []
                for row in lines[i + 2:]:
                    if not row:
                        break
                    rows.append(row)
                return rows
        failures.append(f'no table {title!r}')
        return []

    got_dom = {}
    for line in table('Email domains (Based on Email Body)'):
        m = re.fullmatch(r' *(\d+) (.*)', line)
        got_dom[m.group(2)] = int(m.group(1))
    ppl_sum = sum(int(re.match(r' *(\d+)', line).group(1))
                  for line in table('contributors (Based on Email Body)'))
    if sum(got_dom.values()) != total:
        failures.append(f'domain counts sum to {sum(got_dom.values())}, '
                        f'patch messages: {total}')
    if ppl_sum != total:
        failures.append(f'contributor counts sum to {ppl_sum}, '
                        f'patch messages: {total}')
    for dom, n in domains.items():
        if got_dom.get(dom) != n:
            failures.append(f'domain {dom}: report {got_dom.get(dom)}, '
                            f'independent count {n}')
    msgs = text.split('===== Patch Commit Messages ====\n\n', 1)
    entries = msgs[1].split('\n' + '-' * 70 + '\n\n') if len(msgs) > 1 else []
    for e in entries:
        if not e.startswith('New:  '):
            continue
        lines = e.split('\n')
        subject = lines[1]
        is_patch, num = classify(subject)
        if not is_patch or (num is not None and num > 1):
            failures.append(f'New: entry is not a head patch: {subject}')
        # After the Author: line, an optional "Previous version:" line,
        # then a blank line.
        body = lines[4:] if lines[3] == '' else lines[5:]
        while body and not body[-1]:
            body.pop()
        if any(SUMMARY.match(l) for l in body) and not SUMMARY.match(body[-1]):
            failures.append(f'body does not end with its diffstat: {subject}')
    for f in failures:
        print(f)
    print(f'checked {total} patch messages, {len(entries)} entries')
    sys.exit(1 if failures else 0)


if __name__ == '__main__':
    main()
