#!/usr/bin/env python3
"""make.py - write the hostile-mail corpus into a directory.

usage: make.py OUT_DIR

Each message is spelled out here, bytes escaped, so that what it holds
can be read in review; the files are numbered in arrival order for
sample/make-inbox.  They attack the text report (terminal escapes,
bidirectional overrides, NUL and C1 bytes in headers and bodies) and the
parser (a cut-off message, no From, a 1 MiB header line, deep MIME
nesting, broken base64, bad encoded words).
"""
import os
import sys

DATE = "Date: Mon, 2 Nov 2026 %02d:00:00 +0000\n"


def msg(n, headers, body):
    return (headers + DATE % (n % 24)).encode("utf-8", "surrogateescape") \
        + b"\n" + body


def corpus():
    m = []
    # 1. A raw ESC sequence (clear screen) and BEL in a subject.
    m.append(msg(1, "From: Eve <eve@evil.example>\n"
                 "Subject: [PATCH] evil\x1b[2J\x07 title\n"
                 "Message-ID: <h1@evil.example>\n",
                 b"An innocent body.\n---\n a | 1 +\n"
                 b" 1 file changed, 1 insertion(+)\n"))
    # 2. The same through an encoded word: ESC ] (OSC), CR and BEL.
    m.append(msg(2, "From: Eve <eve@evil.example>\n"
                 "Subject: =?UTF-8?B?W1BBVENIIHYyXSBvc2MbXTA7cHduZWQHIGFuZA1j"
                 "cg==?=\n"
                 "Message-ID: <h2@evil.example>\n",
                 b"Body.\n"))
    # 3. A right-to-left override in the sender's name.
    m.append(msg(3, "From: =?UTF-8?Q?Mallory_=E2=80=AEtxt.exe?= "
                 "<mallory@evil.example>\n"
                 "Subject: [PATCH] bidi in the name\n"
                 "Message-ID: <h3@evil.example>\n",
                 b"Body.\n"))
    # 4. C1 controls (CSI as UTF-8 U+009B) and escape sequences in a body.
    m.append(msg(4, "From: Eve <eve@evil.example>\n"
                 "Subject: [PATCH 0/1] cover with escapes\n"
                 "Message-ID: <h4@evil.example>\n"
                 "Content-Type: text/plain; charset=utf-8\n",
                 b"Line with CSI \xc2\x9b31m red and ESC \x1b[1m bold.\n"
                 b"A lone CR here:\rthen overwritten.\n"
                 b"An isolate \xe2\x81\xa6 and pop \xe2\x81\xa9.\n"))
    # 5. NUL bytes in a subject and in a body.
    m.append(msg(5, "From: Nul <nul@evil.example>\n"
                 "Subject: [PATCH] nul\x00in subject\n"
                 "Message-ID: <h5@evil.example>\n",
                 b"before\x00after\n"))
    # 6. Invalid UTF-8 in a raw header (read as windows-1252) and body.
    m.append(msg(6, "From: Ren\udce9 \udc80 <rene@evil.example>\n"
                 "Subject: [PATCH] caf\udce9 \udcff\n"
                 "Message-ID: <h6@evil.example>\n",
                 b"caf\xe9 \xc3\x28 body\n"))
    # 7. No From at all (malformed).
    m.append(msg(7, "Subject: [PATCH] who sent this\n"
                 "Message-ID: <h7@evil.example>\n",
                 b"Body.\n"))
    # 8. Cut off in the middle of the header block (malformed).
    m.append(("From: Cut <cut@evil.example>\n"
              "Subject: [PATCH] cut off\n"
              "Message-ID: <h8@evil.example>\n"
              "X-Long: this header never en").encode())
    # 9. A 1 MiB header line on a reply (not shown, must not hurt).
    m.append(msg(9, "From: Big <big@evil.example>\n"
                 "Subject: Re: [PATCH] evil title\n"
                 "Message-ID: <h9@evil.example>\n"
                 "In-Reply-To: <h1@evil.example>\n"
                 "X-Huge: " + "A" * (1 << 20) + "\n",
                 b"reply\n"))
    # 10. MIME nested 300 deep with the text at the bottom.
    deep = ["From: Deep <deep@evil.example>\n"
            "Subject: [PATCH] deep nesting\n"
            "Message-ID: <h10@evil.example>\n"
            "MIME-Version: 1.0\n"]
    for i in range(300):
        deep.append('Content-Type: multipart/mixed; boundary="b%d"\n\n'
                    '--b%d\n' % (i, i))
    deep.append("Content-Type: text/plain\n\nfound at the bottom\n")
    for i in reversed(range(300)):
        deep.append("--b%d--\n" % i)
    d = "".join(deep)
    head, body = d.split("\n", 3)[:3], d.split("\n", 3)[3]
    m.append(("\n".join(head) + "\n" + DATE % 10 + body).encode())
    # 11. Base64 with garbage, and a bad encoded word in the subject.
    m.append(msg(11, "From: B64 <b64@evil.example>\n"
                 "Subject: [PATCH] =?utf-8?B?!!!not base64?= and "
                 "=?x-unknown?Q?what?=\n"
                 "Message-ID: <h11@evil.example>\n"
                 "MIME-Version: 1.0\n"
                 "Content-Type: text/plain; charset=utf-8\n"
                 "Content-Transfer-Encoding: base64\n",
                 b"SGVsbG8g!!d29y\nbGQhCg=\n"))
    # 12. An HTML-looking, quote-laden title (harmless in text, kept).
    m.append(msg(12, "From: \"<script>alert(1)</script>\" "
                 "<xss@evil.example>\n"
                 "Subject: [PATCH] <b>\"quoted\" & 'single'</b>\n"
                 "Message-ID: <h12@evil.example>\n",
                 b"Body with <script>alert(2)</script>.\n"))
    return m


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for i, data in enumerate(corpus(), 1):
        with open(os.path.join(out, "%03d.eml" % i), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
