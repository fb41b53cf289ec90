/*
 * t-mail.c - unit tests of the message parser (lib/mail.h).
 *
 * Every message is written inline.  md_mail_parse() is checked on
 * RFC 5322 unfolding (2.2.3), RFC 2047 encoded words (Q and B in the
 * charsets archives hold, adjacent words joined, malformed words left as
 * written), raw 8-bit header text (UTF-8 kept, anything else read as
 * windows-1252), CRLF, LF and lone CR line ends, an mbox "From " line,
 * Message-ID / In-Reply-To / References, the defects it records, the
 * From forms seen in the wild, and hostile mail (duplicate fields, 1 MiB
 * lines, NUL bytes, messages cut off).  md_mail_decode_body() is checked
 * on in-body From/Date/Subject blocks (as git mailinfo and b4 write
 * them), transfer encodings (also broken ones), body charsets (also
 * invalid bytes and unknown names), multipart structures and NUL bytes.
 * Each group of checks says what it covers in the comment above it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "lib/mail.h"
#include "tests/unit/tap.h"
#include "util/banned.h"

/* Parse a NUL-terminated message into *m (initialised here). */
static void
parse(struct md_mail *m, const char *raw)
{
	md_mail_init(m);
	CHECK_INT(md_mail_parse(m, raw, strlen(raw)), MD_OK);
}

/* Parse and decode the body too. */
static void
parse_body(struct md_mail *m, const char *raw, size_t len)
{
	md_mail_init(m);
	CHECK_INT(md_mail_parse(m, raw, len), MD_OK);
	CHECK_INT(md_mail_decode_body(m, raw, len), MD_OK);
}

/* The body of raw, decoded, compared with want; m is released. */
static void
expect_body(const char *raw, const char *want, int line)
{
	struct md_mail m;

	parse_body(&m, raw, strlen(raw));
	tap_str(m.body, want, "decoded body", __FILE__, line);
	md_mail_release(&m);
}

#define BODY(raw, want) expect_body((raw), (want), __LINE__)

/* md_mail_parse_addr() of value, compared with name and addr. */
static void
expect_addr(const char *value, const char *name, const char *addr, int line)
{
	struct md_addr a = {NULL, NULL};
	char what[128];

	snprintf(what, sizeof(what), "parse_addr(%s) rc", value);
	tap_int(md_mail_parse_addr(&a, value, strlen(value)), MD_OK, what,
		__FILE__, line);
	snprintf(what, sizeof(what), "parse_addr(%s) name", value);
	tap_str(a.name, name, what, __FILE__, line);
	snprintf(what, sizeof(what), "parse_addr(%s) addr", value);
	tap_str(a.addr, addr, what, __FILE__, line);
	md_addr_release(&a);
}

#define ADDR(value, name, addr) expect_addr((value), (name), (addr), __LINE__)

/* The subject of a message whose Subject value is value (raw bytes, no
 * NUL), decoded, compared with want. */
static void
expect_subject(const char *value, const char *want, int line)
{
	struct md_buf raw = MD_BUF_INIT;
	struct md_mail m;

	md_buf_addf(&raw, "From: a@example.org\nSubject: %s\n\nbody\n", value);
	md_mail_init(&m);
	tap_int(md_mail_parse(&m, raw.buf, md_buf_len(&raw)), MD_OK, "parse rc",
		__FILE__, line);
	tap_str(m.subject, want, "decoded subject", __FILE__, line);
	md_mail_release(&m);
	md_buf_release(&raw);
}

#define SUBJECT(value, want) expect_subject((value), (want), __LINE__)

/* The body of a single-part text/plain message in charset cs with
 * transfer encoding cte, decoded, compared with want. */
static void
expect_charset_body(const char *cs, const char *cte, const char *body,
		    const char *want, int line)
{
	struct md_buf raw = MD_BUF_INIT;

	md_buf_addf(&raw,
		    "From: a@example.org\n"
		    "Subject: charset\n"
		    "MIME-Version: 1.0\n"
		    "Content-Type: text/plain; charset=%s\n"
		    "Content-Transfer-Encoding: %s\n"
		    "\n"
		    "%s",
		    cs, cte, body);
	expect_body(raw.buf, want, line);
	md_buf_release(&raw);
}

#define CHARSET_BODY(cs, cte, body, want) \
	expect_charset_body((cs), (cte), (body), (want), __LINE__)

static void
test_unfold_subject(void)
{
	struct md_mail m;

	parse(&m, "From: A U Thor <author@example.org>\n"
		  "Subject: this is\n"
		  "\ta folded\n"
		  "\t  subject   line\n"
		  "Message-ID: <fold@example.org>\n"
		  "\n"
		  "body\n");
	CHECK_STR(m.subject, "this is a folded subject line");
	CHECK_STR(m.message_id, "fold@example.org");
	CHECK_INT(m.defects, 0);
	md_mail_release(&m);

	/* Folded with spaces, and leading and trailing blanks. */
	parse(&m, "Subject:    [PATCH v2 1/2]\n"
		  "   mail: fix it   \n"
		  "From: a@example.org\n"
		  "\n");
	CHECK_STR(m.subject, "[PATCH v2 1/2] mail: fix it");
	md_mail_release(&m);

	/* A value that starts on the next line; tabs inside a line; a
	 * continuation line holding only white space (obsolete syntax,
	 * RFC 5322 section 4.2). */
	SUBJECT("\n   starts on the next line", "starts on the next line");
	SUBJECT("tabs\t\tinside\t and  spaces", "tabs inside and spaces");
	SUBJECT("a\r\n\t\r\n b \t\r\n\tc", "a b c");

	/* Folded From and Message-ID fields are unfolded too. */
	parse(&m, "From: A U\n"
		  "\tThor\n"
		  " <author@example.org>\n"
		  "Subject: s\n"
		  "Message-ID:\n"
		  " <folded@example.org>\n"
		  "\n");
	CHECK_STR(m.from.name, "A U Thor");
	CHECK_STR(m.from.addr, "author@example.org");
	CHECK_STR(m.message_id, "folded@example.org");
	CHECK_INT(m.defects, 0);
	md_mail_release(&m);
}

static void
test_encoded_words(void)
{
	struct md_mail m;

	parse(&m, "From: =?UTF-8?q?Jos=C3=A9?= <jose@example.org>\n"
		  "Subject: =?UTF-8?q?caf=C3=A9?=\n"
		  "\n");
	CHECK_STR(m.from.name, "Jos\xc3\xa9");
	CHECK_STR(m.from.addr, "jose@example.org");
	CHECK_STR(m.author.name, "Jos\xc3\xa9");
	CHECK_STR(m.author.addr, "jose@example.org");
	CHECK_STR(m.subject, "caf\xc3\xa9");
	md_mail_release(&m);

	parse(&m, "From: =?utf-8?b?SsO8cmdlbiBNw7xsbGVy?= <jm@example.org>\n"
		  "Subject: x\n"
		  "\n");
	CHECK_STR(m.from.name, "J\xc3\xbcrgen M\xc3\xbcller");
	CHECK_STR(m.from.addr, "jm@example.org");
	md_mail_release(&m);

	/* Adjacent encoded words: the white space between them goes. */
	parse(&m, "From: a@example.org\n"
		  "Subject: =?UTF-8?q?foo?= =?UTF-8?q?bar?=\n"
		  "\n");
	CHECK_STR(m.subject, "foobar");
	md_mail_release(&m);
	parse(&m, "From: a@example.org\n"
		  "Subject: =?UTF-8?q?caf=C3=A9?=\n"
		  " =?UTF-8?q?_cr=C3=A8me?= and tea\n"
		  "\n");
	CHECK_STR(m.subject, "caf\xc3\xa9 cr\xc3\xa8me and tea");
	md_mail_release(&m);

	/* ISO-8859-1. */
	parse(&m, "From: =?ISO-8859-1?Q?Andr=E9?= <andre@example.org>\n"
		  "Subject: =?iso-8859-1?q?Gr=FC=DFe?= aus Wien\n"
		  "\n");
	CHECK_STR(m.from.name, "Andr\xc3\xa9");
	CHECK_STR(m.subject, "Gr\xc3\xbc\xc3\x9f"
			     "e aus Wien");
	md_mail_release(&m);

	/* B encoding in a subject. */
	parse(&m, "From: a@example.org\n"
		  "Subject: Re: =?UTF-8?B?w4ltaWxl?=\n"
		  "\n");
	CHECK_STR(m.subject, "Re: \xc3\x89mile");
	md_mail_release(&m);

	/* md_mail_decode_header without collapsing keeps the spaces. */
	{
		struct md_buf b = MD_BUF_INIT;
		const char *v = " a  =?UTF-8?q?b=C3=A9?=\n\tc";

		CHECK_INT(md_mail_decode_header(&b, v, strlen(v), 1), MD_OK);
		CHECK_STR(b.buf, "a b\xc3\xa9 c");
		md_buf_release(&b);
	}
}

/*
 * RFC 2047 words in the charsets archives hold, in B and Q form: each
 * must come out as the exact UTF-8 of the phrase.  Adjacent words are
 * joined without the white space between them, also across a fold and
 * across charsets; a character split over two words of one charset is
 * joined (GMime's loose mode).  Padded B words in a row lost all but
 * the first word's text in GMime 3.2, and a B word without padding its
 * last bytes: both are regressions of bugs fixed in prepare_words().
 */
static void
test_encoded_charsets(void)
{
	struct md_mail m;

	SUBJECT("=?ISO-8859-1?B?Y2Fm6Q==?= ok", "caf\xc3\xa9 ok");
	SUBJECT("=?ISO-8859-15?Q?Prix_5=A4_=BDuvre?=",
		"Prix 5\xe2\x82\xac \xc5\x93uvre");
	SUBJECT("=?windows-1252?B?k0dy/N9llCCWIDWA?=",
		"\xe2\x80\x9cGr\xc3\xbc\xc3\x9f"
		"e\xe2\x80\x9d \xe2\x80\x93 5\xe2\x82\xac");
	SUBJECT("=?KOI8-R?Q?=F0=D2=C9=D7=C5=D4_=CD=C9=D2?=",
		"\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82 "
		"\xd0\xbc\xd0\xb8\xd1\x80");
	SUBJECT("=?GB2312?B?1tDOxLLiytQ=?=",
		"\xe4\xb8\xad\xe6\x96\x87\xe6\xb5\x8b\xe8\xaf\x95");
	SUBJECT("=?Big5?Q?=A4=A4=A4=E5=B4=FA=B8=D5?=",
		"\xe4\xb8\xad\xe6\x96\x87\xe6\xb8\xac\xe8\xa9\xa6");
	SUBJECT("=?Shift_JIS?B?k/qWe4zqg2WDWINn?=",
		"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"
		"\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88");
	SUBJECT("=?EUC-JP?Q?=C6=FC=CB=DC=B8=EC=A5=C6=A5=B9=A5=C8?=",
		"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"
		"\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88");
	SUBJECT("=?ISO-2022-JP?B?GyRCRnxLXDhsJUYlOSVIGyhC?=",
		"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"
		"\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88");
	/* An RFC 2231 language does not hide the charset. */
	SUBJECT("=?UTF-8*en?Q?hello?=", "hello");

	/* A From name in KOI8-R, B form. */
	parse(&m, "From: =?koi8-r?b?8NLJ18XU?= <ivan@example.org>\n"
		  "Subject: s\n"
		  "\n");
	CHECK_STR(m.from.name, "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5"
			       "\xd1\x82");
	CHECK_STR(m.from.addr, "ivan@example.org");
	md_mail_release(&m);

	/* Joined across a fold and across charsets; white space inside a
	 * word is kept, between words and plain text too. */
	SUBJECT("=?ISO-8859-1?Q?caf=E9?=\n =?KOI8-R?Q?_=F0=D2=C9=D7=C5=D4?=",
		"caf\xc3\xa9 \xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82");
	SUBJECT("=?UTF-8?Q?a?=\n\t=?UTF-8?Q?b?=\n =?ISO-8859-1?Q?=E9?=",
		"ab\xc3\xa9");
	SUBJECT("=?UTF-8?Q?a?= x =?UTF-8?Q?b?=", "a x b");
	SUBJECT("=?Shift_JIS?B?k/qWe4zq?=\n =?Shift_JIS?B?g2WDWINn?=",
		"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"
		"\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88");
	SUBJECT("=?ISO-2022-JP?B?GyRCRnxLXBsoQg==?=\n"
		" =?ISO-2022-JP?B?GyRCOGwbKEI=?=",
		"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e");

	/* Padded B words in a row, and a character split across them. */
	SUBJECT("=?UTF-8?B?w6k=?= =?UTF-8?B?w6k=?=", "\xc3\xa9\xc3\xa9");
	SUBJECT("=?UTF-8?B?SA==?= =?UTF-8?B?aQ==?=", "Hi");
	SUBJECT("=?UTF-8?B?w6k=?= =?UTF-8?B?4oI=?=\n =?UTF-8?B?rA==?=",
		"\xc3\xa9\xe2\x82\xac");
	SUBJECT("=?UTF-8?Q?=E2=82?= =?UTF-8?Q?=AC?=", "\xe2\x82\xac");
	/* A B word without its padding. */
	SUBJECT("=?UTF-8?B?SGVsbG8?= x", "Hello x");
	SUBJECT("=?UTF-8?B?SGk?=", "Hi");

	/* The same in a From name, plain and in a quoted string. */
	ADDR("=?UTF-8?B?w6k=?= =?UTF-8?B?w6k=?= <a@b.example>",
	     "\xc3\xa9\xc3\xa9", "a@b.example");
	ADDR("\"=?UTF-8?B?SsO8cmdl?= =?UTF-8?B?bg==?=\" <jm@example.org>",
	     "J\xc3\xbcrgen", "jm@example.org");
	ADDR("=?UTF-8?B?SsO8cmdlbg?= <jm@example.org>", "J\xc3\xbcrgen",
	     "jm@example.org");
}

/*
 * Malformed encoded words are left as written (RFC 2047 section 6.3),
 * white space around them kept: an unknown charset (GMime used to
 * decode it with its fallback charsets), text that is not base64
 * (GMime used to drop the word), no closing "?=", an unknown encoding
 * letter, a '=' in Q text without two hex digits, no charset.  Bytes
 * invalid in a word's charset become GMime's '?'.  The address of a
 * mailbox is never decoded.
 */
static void
test_malformed_words(void)
{
	/* "=?" that starts no valid word (here white space inside it):
	 * GMime's loose parser would decode up to a later "?=" (found by
	 * the hostile corpus, tests/t1000). */
	SUBJECT("[PATCH] =?utf-8?B?!!!not base64?= and more",
		"[PATCH] =?utf-8?B?!!!not base64?= and more");
	SUBJECT("a =?b c?= d", "a =?b c?= d");
	SUBJECT("plain =? text", "plain =? text");
	SUBJECT("x =?utf-8?q?caf=C3=A9?= y =?", "x caf\xc3\xa9 y =?");
	SUBJECT("=?x-no-such-charset?Q?caf=E9?= tail",
		"=?x-no-such-charset?Q?caf=E9?= tail");
	SUBJECT("=?UTF-8?B?w4l!!!?= tail", "=?UTF-8?B?w4l!!!?= tail");
	SUBJECT("=?UTF-8?B?@@@@?= tail", "=?UTF-8?B?@@@@?= tail");
	SUBJECT("=?UTF-8?B?S===?= tail", "=?UTF-8?B?S===?= tail");
	SUBJECT("=?UTF-8?B?SGVsb?= tail", "=?UTF-8?B?SGVsb?= tail");
	SUBJECT("=?UTF-8?Q?caf=C3=A9 tail", "=?UTF-8?Q?caf=C3=A9 tail");
	SUBJECT("=?UTF-8?X?caf=C3=A9?= tail", "=?UTF-8?X?caf=C3=A9?= tail");
	SUBJECT("=?UTF-8?Q?a=ZZb?= tail", "=?UTF-8?Q?a=ZZb?= tail");
	SUBJECT("=?UTF-8?Q?ab=?= tail", "=?UTF-8?Q?ab=?= tail");
	SUBJECT("=??Q?abc?= tail", "=??Q?abc?= tail");
	/* Between good words: the white space around it stays. */
	SUBJECT("=?UTF-8?Q?a?= =?x-bad?Q?b?= =?UTF-8?Q?c?=",
		"a =?x-bad?Q?b?= c");
	SUBJECT("x =?x-bad?Q?b?= y", "x =?x-bad?Q?b?= y");
	/* Bytes that are not UTF-8 in a word labelled UTF-8. */
	SUBJECT("=?UTF-8?Q?caf=E9?=", "caf?");

	ADDR("=?x-bad?Q?Jos=E9?= <jose@example.org>",
	     "=?x-bad?Q?Jos=E9?=", "jose@example.org");
	ADDR("=?UTF-8?Q?Jos=C3=A9?= =?x-bad?Q?X?= <jose@example.org>",
	     "Jos\xc3\xa9 =?x-bad?Q?X?=", "jose@example.org");
	ADDR("<=?UTF-8?B?YQ==?=@b.example>", "", "=?UTF-8?B?YQ==?=@b.example");
}

static void
test_raw_8bit(void)
{
	struct md_mail m;

	/* Latin-1 bytes are not UTF-8: read as windows-1252. */
	parse(&m, "From: a@example.org\n"
		  "Subject: caf\xe9 ok\n"
		  "\n");
	CHECK_STR(m.subject, "caf\xc3\xa9 ok");
	md_mail_release(&m);
	parse(&m, "From: a@example.org\n"
		  "Subject: \x93quoted\x94 costs 5\x80\n"
		  "\n");
	CHECK_STR(m.subject,
		  "\xe2\x80\x9cquoted\xe2\x80\x9d costs 5\xe2\x82\xac");
	md_mail_release(&m);

	/* Raw UTF-8 is kept. */
	parse(&m, "From: Zo\xc3\xab <zoe@example.org>\n"
		  "Subject: caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\n"
		  "\n");
	CHECK_STR(m.subject, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
	CHECK_STR(m.from.name, "Zo\xc3\xab");
	CHECK_STR(m.from.addr, "zoe@example.org");
	md_mail_release(&m);

	/* A raw latin-1 name in From. */
	parse(&m, "From: Jos\xe9 <jose@example.org>\n"
		  "Subject: x\n"
		  "\n");
	CHECK_STR(m.from.name, "Jos\xc3\xa9");
	CHECK_STR(m.from.addr, "jose@example.org");
	md_mail_release(&m);

	/* UTF-8 and latin-1 words in one value: each word is read on its
	 * own.  A byte windows-1252 leaves undefined keeps its latin-1
	 * code point (GMime made it '?'); raw bytes next to an encoded
	 * word. */
	SUBJECT("caf\xc3\xa9 na\xefve", "caf\xc3\xa9 na\xc3\xafve");
	SUBJECT("a\x81"
		"b \x8d",
		"a\xc2\x81"
		"b \xc2\x8d");
	SUBJECT("Gr\xfc\xdf"
		"e =?UTF-8?Q?caf=C3=A9?=",
		"Gr\xc3\xbc\xc3\x9f"
		"e caf\xc3\xa9");
	ADDR("\"M\xfcller, J\xfcrgen\" <jm@example.org>",
	     "M\xc3\xbcller, J\xc3\xbcrgen", "jm@example.org");
	ADDR("Zo\xc3\xab Jos\xe9 <z@example.org>", "Zo\xc3\xab Jos\xc3\xa9",
	     "z@example.org");
}

static void
test_crlf_and_mbox(void)
{
	struct md_mail m;
	const char *crlf = "From: A U Thor <author@example.org>\r\n"
			   "Subject: crlf\r\n"
			   "\tfolded\r\n"
			   "Message-ID: <crlf@example.org>\r\n"
			   "In-Reply-To: <parent@example.org>\r\n"
			   "References: <root@example.org>\r\n"
			   " <parent@example.org>\r\n"
			   "\r\n"
			   "line one\r\n"
			   "line two\r\n";
	const char *mbox = "From mboxrd@z Thu Jan  1 00:00:00 1970\n"
			   "From: B <b@example.org>\n"
			   "Subject: mbox\n"
			   "Message-ID: <mbox@example.org>\n"
			   "\n"
			   "text\n";

	parse_body(&m, crlf, strlen(crlf));
	CHECK_STR(m.subject, "crlf folded");
	CHECK_STR(m.from.name, "A U Thor");
	CHECK_STR(m.from.addr, "author@example.org");
	CHECK_STR(m.message_id, "crlf@example.org");
	CHECK_STR(m.in_reply_to, "parent@example.org");
	CHECK_INT(m.n_refs, 2);
	if (m.n_refs == 2) {
		CHECK_STR(m.refs[0], "root@example.org");
		CHECK_STR(m.refs[1], "parent@example.org");
	}
	CHECK_INT(m.defects, 0);
	CHECK_STR(m.body, "line one\nline two\n");
	md_mail_release(&m);

	parse_body(&m, mbox, strlen(mbox));
	CHECK_STR(m.from.name, "B");
	CHECK_STR(m.from.addr, "b@example.org");
	CHECK_STR(m.subject, "mbox");
	CHECK_STR(m.message_id, "mbox@example.org");
	CHECK_INT(m.defects, 0);
	CHECK_STR(m.body, "text\n");
	md_mail_release(&m);

	/* An mbox line in front of a MIME message (decoded by GMime). */
	BODY("From mboxrd@z Thu Jan  1 00:00:00 1970\n"
	     "From: B <b@example.org>\n"
	     "Subject: mbox\n"
	     "MIME-Version: 1.0\n"
	     "Content-Type: text/plain; charset=utf-8\n"
	     "Content-Transfer-Encoding: quoted-printable\n"
	     "\n"
	     "caf=C3=A9\n",
	     "caf\xc3\xa9\n");

	/* A CRLF base64 message. */
	BODY("From: a@example.org\r\n"
	     "Subject: b64\r\n"
	     "Content-Type: text/plain; charset=utf-8\r\n"
	     "Content-Transfer-Encoding: base64\r\n"
	     "\r\n"
	     "R3LDvMOfZSBhdXMgS8O2bG4K\r\n",
	     "Gr\xc3\xbc\xc3\x9f"
	     "e aus K\xc3\xb6ln\n");
}

/*
 * Line ends beyond plain LF and CRLF: a lone CR in a header value reads
 * as a space (it used to vanish, joining the words around it); in a
 * body it is kept (the renderer shows it escaped), also after transfer
 * decoding.  LF and CRLF mixed in one message; CRLF soft line breaks in
 * quoted-printable; a CRLF multipart.
 */
static void
test_line_ends(void)
{
	struct md_mail m;
	const char *raw;

	raw = "From: a@example.org\n"
	      "Subject: one\rtwo\n"
	      "Message-ID: <cr@example.org>\n"
	      "\n"
	      "a\rb\r\n"
	      "c\n";
	parse_body(&m, raw, strlen(raw));
	CHECK_STR(m.subject, "one two");
	CHECK_STR(m.message_id, "cr@example.org");
	CHECK_STR(m.body, "a\rb\nc\n");
	CHECK_INT(m.defects, 0);
	md_mail_release(&m);

	/* "a\rb\r\nc\n" in base64. */
	BODY("From: a@example.org\n"
	     "Subject: cr b64\n"
	     "Content-Type: text/plain; charset=utf-8\n"
	     "Content-Transfer-Encoding: base64\n"
	     "\n"
	     "YQ1iDQpjCg==\n",
	     "a\rb\nc\n");

	raw = "From: a@example.org\r\n"
	      "Subject: mixed\n"
	      " ends\r\n"
	      "\n"
	      "body\r\n"
	      "line\n";
	parse_body(&m, raw, strlen(raw));
	CHECK_STR(m.subject, "mixed ends");
	CHECK_STR(m.from.addr, "a@example.org");
	CHECK_STR(m.body, "body\nline\n");
	CHECK(!(m.defects & MD_MAIL_MALFORMED_MASK));
	md_mail_release(&m);

	BODY("From: a@example.org\r\n"
	     "Subject: qp crlf\r\n"
	     "Content-Type: text/plain; charset=utf-8\r\n"
	     "Content-Transfer-Encoding: quoted-printable\r\n"
	     "\r\n"
	     "soft=\r\n"
	     "break a=3Db\r\n"
	     "end\r\n",
	     "softbreak a=b\nend\n");

	BODY("From: a@example.org\r\n"
	     "Subject: crlf multipart\r\n"
	     "MIME-Version: 1.0\r\n"
	     "Content-Type: multipart/alternative; boundary=b\r\n"
	     "\r\n"
	     "--b\r\n"
	     "Content-Type: text/plain\r\n"
	     "\r\n"
	     "line 1\r\n"
	     "line 2\r\n"
	     "--b--\r\n",
	     "line 1\nline 2");
}

static void
test_ids(void)
{
	struct md_mail m;
	char raw[8192];
	size_t len;

	parse(&m, "From: a@example.org\n"
		  "Subject: ids\n"
		  "Message-ID:   <msg.1@example.org>  \n"
		  "In-Reply-To: <parent.1@example.org> (A's message)\n"
		  "References: <root@example.org> <mid@example.org>\n"
		  "\t<parent.1@example.org>\n"
		  "List-Id: Example list <list.example.org>\n"
		  "Date: Thu, 1 Feb 2024 11:00:00 +0100\n"
		  "\n");
	CHECK_STR(m.message_id, "msg.1@example.org");
	CHECK_STR(m.in_reply_to, "parent.1@example.org");
	CHECK_INT(m.n_refs, 3);
	if (m.n_refs == 3) {
		CHECK_STR(m.refs[0], "root@example.org");
		CHECK_STR(m.refs[1], "mid@example.org");
		CHECK_STR(m.refs[2], "parent.1@example.org");
	}
	CHECK_STR(m.list_id, "list.example.org");
	CHECK_INT(m.date, 1706781600);
	CHECK_INT(m.defects, 0);
	md_mail_release(&m);

	/* Ids are UTF-8 like every string (found by fuzz/fuzz-mail): raw
	 * 8-bit bytes are read as windows-1252, NULs become spaces. */
	{
		static const char raw[] =
			"From: a@example.org\n"
			"Message-ID: <Ren\xe9@example.org>\n"
			"In-Reply-To: <a\0b@example.org>\n"
			"References: <\x80> <ok@example.org>\n"
			"List-Id:\x80\n"
			"\n";

		md_mail_init(&m);
		CHECK_INT(md_mail_parse(&m, raw, sizeof(raw) - 1), MD_OK);
		CHECK_STR(m.message_id, "Ren\xc3\xa9@example.org");
		CHECK_STR(m.in_reply_to, "a b@example.org");
		CHECK_INT(m.n_refs, 2);
		if (m.n_refs == 2) {
			CHECK_STR(m.refs[0], "\xe2\x82\xac");
			CHECK_STR(m.refs[1], "ok@example.org");
		}
		CHECK_STR(m.list_id, "\xe2\x82\xac");
		md_mail_release(&m);
	}

	/* Absent ids are "", and a missing Message-ID is recorded. */
	parse(&m, "From: a@example.org\n"
		  "Subject: none\n"
		  "\n");
	CHECK_STR(m.message_id, "");
	CHECK_STR(m.in_reply_to, "");
	CHECK_STR(m.list_id, "");
	CHECK_INT(m.n_refs, 0);
	CHECK_INT(m.date, 0);
	CHECK_INT(m.defects, MD_MAIL_NO_MSGID);
	CHECK(!(m.defects & MD_MAIL_MALFORMED_MASK));
	md_mail_release(&m);

	/* Too many References: the root and the nearest ones are kept. */
	len = (size_t)snprintf(raw, sizeof(raw),
			       "From: a@example.org\nSubject: r\nReferences:");
	for (int i = 0; i < 100; i++)
		len += (size_t)snprintf(raw + len, sizeof(raw) - len,
					" <r%d@x>\n", i);
	snprintf(raw + len, sizeof(raw) - len, "\nbody\n");
	parse(&m, raw);
	CHECK_INT(m.n_refs, MD_MAIL_MAX_REFS);
	if (m.n_refs == MD_MAIL_MAX_REFS) {
		CHECK_STR(m.refs[0], "r0@x");
		CHECK_STR(m.refs[1], "r37@x");
		CHECK_STR(m.refs[MD_MAIL_MAX_REFS - 1], "r99@x");
	}
	md_mail_release(&m);
}

static void
test_defects(void)
{
	struct md_mail m;

	/* No From. */
	parse_body(&m,
		   "Subject: anonymous\n"
		   "Message-ID: <anon@example.org>\n"
		   "\n"
		   "text\n",
		   strlen("Subject: anonymous\n"
			  "Message-ID: <anon@example.org>\n"
			  "\n"
			  "text\n"));
	CHECK(m.defects & MD_MAIL_NO_FROM);
	CHECK_STR(m.from.addr, "");
	CHECK_STR(m.from.name, "");
	CHECK_STR(m.author.addr, "");
	CHECK_STR(m.subject, "anonymous");
	CHECK_STR(m.body, "text\n");
	md_mail_release(&m);

	/* A From without an address. */
	parse(&m, "From: just a name\nSubject: s\n\n");
	CHECK(m.defects & MD_MAIL_NO_FROM);
	CHECK_STR(m.from.addr, "");
	md_mail_release(&m);

	/* A line without a colon ends the header block. */
	{
		const char *raw = "From: a@example.org\n"
				  "Subject: s\n"
				  "this is not a header\n"
				  "Message-ID: <late@example.org>\n"
				  "\n"
				  "body\n";

		parse_body(&m, raw, strlen(raw));
		CHECK(m.defects & MD_MAIL_BAD_HEADER);
		CHECK(m.defects & MD_MAIL_NO_MSGID);
		CHECK(!(m.defects & MD_MAIL_NO_BODY));
		CHECK_STR(m.message_id, "");
		CHECK_STR(m.from.addr, "a@example.org");
		CHECK_STR(m.subject, "s");
		CHECK_STR(m.body, "this is not a header\n"
				  "Message-ID: <late@example.org>\n"
				  "\n"
				  "body\n");
		md_mail_release(&m);
	}

	/* No blank line after the headers. */
	{
		const char *raw = "From: a@example.org\n"
				  "Subject: no body\n"
				  "Message-ID: <nb@example.org>\n";

		parse_body(&m, raw, strlen(raw));
		CHECK(m.defects & MD_MAIL_NO_BODY);
		CHECK(!(m.defects & MD_MAIL_BAD_HEADER));
		CHECK_STR(m.subject, "no body");
		CHECK_STR(m.message_id, "nb@example.org");
		CHECK_STR(m.body, "");
		md_mail_release(&m);
	}
	/* Nor a final newline. */
	parse(&m, "From: a@example.org\nSubject: cut");
	CHECK(m.defects & MD_MAIL_NO_BODY);
	CHECK_STR(m.subject, "cut");
	md_mail_release(&m);

	/* No Subject: recorded, but not malformed. */
	parse(&m, "From: a@example.org\nMessage-ID: <s@x>\n\n");
	CHECK_INT(m.defects, MD_MAIL_NO_SUBJECT);
	CHECK_STR(m.subject, "");
	md_mail_release(&m);

	/* Empty input. */
	parse_body(&m, "", 0);
	CHECK(m.defects & MD_MAIL_NO_FROM);
	CHECK(m.defects & MD_MAIL_NO_BODY);
	CHECK_STR(m.subject, "");
	CHECK_STR(m.body, "");
	md_mail_release(&m);

	/* Parsing again into the same struct replaces everything. */
	parse(&m, "From: a@example.org\nSubject: one\nReferences: <x@y>\n\n");
	CHECK_INT(md_mail_parse(&m, "Subject: two\n\n", 14), MD_OK);
	CHECK_STR(m.subject, "two");
	CHECK_INT(m.n_refs, 0);
	CHECK(m.defects & MD_MAIL_NO_FROM);
	md_mail_release(&m);
}

static void
test_from_forms(void)
{
	struct md_mail m;

	ADDR("Name <a@b.example>", "Name", "a@b.example");
	ADDR(" A U Thor <author@example.org> ", "A U Thor",
	     "author@example.org");
	ADDR("\"Last, First\" <a@b.example>", "Last, First", "a@b.example");
	ADDR("a@b.example (Name)", "Name", "a@b.example");
	ADDR("a@b.example", "", "a@b.example");
	ADDR("<a@b.example>", "", "a@b.example");
	ADDR("Name <a@b.example", "Name", "a@b.example");
	ADDR("=?UTF-8?q?Jos=C3=A9?= <jose@example.org>", "Jos\xc3\xa9",
	     "jose@example.org");
	ADDR("", "", "");
	ADDR("no address here", "no address here", "");
	ADDR("First <f@x.example>, Second <s@x.example>", "First",
	     "f@x.example");

	/* The same through md_mail_parse. */
	parse(&m, "From: \"Last, First\" <a@b.example>\nSubject: s\n\n");
	CHECK_STR(m.from.name, "Last, First");
	CHECK_STR(m.from.addr, "a@b.example");
	CHECK(!(m.defects & MD_MAIL_NO_FROM));
	md_mail_release(&m);
	parse(&m, "From: a@b.example (Name)\nSubject: s\n\n");
	CHECK_STR(m.from.name, "Name");
	CHECK_STR(m.from.addr, "a@b.example");
	md_mail_release(&m);
	parse(&m, "From: Name <a@b.example\nSubject: s\n\n");
	CHECK_STR(m.from.name, "Name");
	CHECK_STR(m.from.addr, "a@b.example");
	CHECK(!(m.defects & MD_MAIL_NO_FROM));
	md_mail_release(&m);
	parse(&m, "From: <a@b.example>\nSubject: s\n\n");
	CHECK_STR(m.from.name, "");
	CHECK_STR(m.from.addr, "a@b.example");
	md_mail_release(&m);
}

static void
test_inbody(void)
{
	struct md_mail m;
	const char *raw;

	/* A plain body is kept, the author is the sender. */
	raw = "From: Sender <sender@example.org>\n"
	      "Subject: [PATCH] plain\n"
	      "\n"
	      "Hello,\n"
	      "\n"
	      "world.\n";
	parse_body(&m, raw, strlen(raw));
	CHECK_STR(m.body, "Hello,\n\nworld.\n");
	CHECK_INT(m.has_inbody_from, 0);
	CHECK_STR(m.author.name, "Sender");
	CHECK_STR(m.author.addr, "sender@example.org");
	md_mail_release(&m);

	/* An in-body From and its blank line go; it names the author. */
	raw = "From: Sender <sender@example.org>\n"
	      "Subject: [PATCH] inbody\n"
	      "\n"
	      "From: Real Author <real@x.example>\n"
	      "\n"
	      "The commit message.\n";
	parse_body(&m, raw, strlen(raw));
	CHECK_STR(m.body, "The commit message.\n");
	CHECK_INT(m.has_inbody_from, 1);
	CHECK_STR(m.author.name, "Real Author");
	CHECK_STR(m.author.addr, "real@x.example");
	CHECK_STR(m.from.name, "Sender");
	CHECK_STR(m.from.addr, "sender@example.org");
	md_mail_release(&m);

	/* Encoded in-body From. */
	raw = "From: Sender <sender@example.org>\n"
	      "Subject: [PATCH] encoded\n"
	      "\n"
	      "From: =?UTF-8?q?Ren=C3=A9_Author?= <rene@x.example>\n"
	      "\n"
	      "Message.\n";
	parse_body(&m, raw, strlen(raw));
	CHECK_STR(m.body, "Message.\n");
	CHECK_INT(m.has_inbody_from, 1);
	CHECK_STR(m.author.name, "Ren\xc3\xa9 Author");
	CHECK_STR(m.author.addr, "rene@x.example");
	md_mail_release(&m);

	/* A From / Date / Subject block. */
	raw = "From: Sender <sender@example.org>\n"
	      "Subject: [PATCH] block\n"
	      "\n"
	      "From: Real Author <real@x.example>\n"
	      "Date: Mon, 1 Jan 2024 00:00:00 +0000\n"
	      "Subject: [PATCH] the real subject\n"
	      " continued\n"
	      "\n"
	      "Body text.\n";
	parse_body(&m, raw, strlen(raw));
	CHECK_STR(m.body, "Body text.\n");
	CHECK_INT(m.has_inbody_from, 1);
	CHECK_STR(m.author.addr, "real@x.example");
	md_mail_release(&m);

	/* "Date:" not followed by a blank line is the message itself. */
	raw = "From: Sender <sender@example.org>\n"
	      "Subject: [PATCH] date\n"
	      "\n"
	      "Date: something\n"
	      "handling is fixed here.\n";
	parse_body(&m, raw, strlen(raw));
	CHECK_STR(m.body, "Date: something\nhandling is fixed here.\n");
	CHECK_INT(m.has_inbody_from, 0);
	CHECK_STR(m.author.addr, "sender@example.org");
	md_mail_release(&m);

	/* In-body From in a CRLF message. */
	raw = "From: Sender <sender@example.org>\r\n"
	      "Subject: [PATCH] crlf\r\n"
	      "\r\n"
	      "From: Real Author <real@x.example>\r\n"
	      "\r\n"
	      "Text.\r\n";
	parse_body(&m, raw, strlen(raw));
	CHECK_STR(m.body, "Text.\n");
	CHECK_INT(m.has_inbody_from, 1);
	CHECK_STR(m.author.addr, "real@x.example");
	md_mail_release(&m);

	/* md_mail_strip_inbody on its own. */
	{
		struct md_buf b = MD_BUF_INIT;
		struct md_addr a = {NULL, NULL};
		const char *t = "Subject: only a subject\n\nrest\n";
		int found = -1;

		CHECK_INT(md_mail_strip_inbody(&b, t, strlen(t), &a, &found),
			  MD_OK);
		CHECK_STR(b.buf, "rest\n");
		CHECK_INT(found, 0);
		CHECK(a.addr == NULL);
		md_buf_release(&b);
		md_addr_release(&a);
	}
}

/*
 * In-body headers as git send-email and b4 write them: a From / Date /
 * Subject block whose From is RFC 2047 encoded, a raw latin-1 in-body
 * name (in a latin-1 part and in an unlabelled body), blank lines before
 * the block; and bodies that merely start with "From" (a sentence, or
 * "From:" with no address and no blank line after it), left alone.
 */
static void
test_inbody_forms(void)
{
	struct md_mail m;
	const char *raw;

	raw = "From: Sender <sender@example.org>\n"
	      "Subject: [PATCH 1/2] send-email\n"
	      "\n"
	      "From: =?UTF-8?q?Ren=C3=A9=20Author?= <rene@x.example>\n"
	      "Date: Tue, 2 Jan 2024 10:00:00 +0100\n"
	      "Subject: [PATCH 1/2] the real subject\n"
	      "\n"
	      "Text.\n";
	parse_body(&m, raw, strlen(raw));
	CHECK_STR(m.body, "Text.\n");
	CHECK_INT(m.has_inbody_from, 1);
	CHECK_STR(m.author.name, "Ren\xc3\xa9 Author");
	CHECK_STR(m.author.addr, "rene@x.example");
	CHECK_STR(m.subject, "[PATCH 1/2] send-email");
	md_mail_release(&m);

	raw = "From: Sender <sender@example.org>\n"
	      "Subject: [PATCH] latin-1\n"
	      "MIME-Version: 1.0\n"
	      "Content-Type: text/plain; charset=ISO-8859-1\n"
	      "Content-Transfer-Encoding: 8bit\n"
	      "\n"
	      "From: Ren\xe9 Author <rene@x.example>\n"
	      "\n"
	      "Caf\xe9.\n";
	parse_body(&m, raw, strlen(raw));
	CHECK_STR(m.body, "Caf\xc3\xa9.\n");
	CHECK_INT(m.has_inbody_from, 1);
	CHECK_STR(m.author.name, "Ren\xc3\xa9 Author");
	CHECK_STR(m.author.addr, "rene@x.example");
	md_mail_release(&m);

	raw = "From: Sender <sender@example.org>\n"
	      "Subject: [PATCH] unlabelled\n"
	      "\n"
	      "From: Jos\xe9 <jose@x.example>\n"
	      "\n"
	      "Text.\n";
	parse_body(&m, raw, strlen(raw));
	CHECK_STR(m.body, "Text.\n");
	CHECK_INT(m.has_inbody_from, 1);
	CHECK_STR(m.author.name, "Jos\xc3\xa9");
	CHECK_STR(m.author.addr, "jose@x.example");
	md_mail_release(&m);

	raw = "From: Sender <sender@example.org>\n"
	      "Subject: [PATCH] blank lines first\n"
	      "\n"
	      "\n"
	      "\r\n"
	      "From: Real Author <real@x.example>\n"
	      "\n"
	      "Text.\n";
	parse_body(&m, raw, strlen(raw));
	CHECK_STR(m.body, "Text.\n");
	CHECK_INT(m.has_inbody_from, 1);
	CHECK_STR(m.author.addr, "real@x.example");
	md_mail_release(&m);

	raw = "From: Sender <sender@example.org>\n"
	      "Subject: [PATCH] prose\n"
	      "\n"
	      "From the start this was broken.\n"
	      "\n"
	      "More.\n";
	parse_body(&m, raw, strlen(raw));
	CHECK_STR(m.body, "From the start this was broken.\n\nMore.\n");
	CHECK_INT(m.has_inbody_from, 0);
	CHECK_STR(m.author.name, "Sender");
	CHECK_STR(m.author.addr, "sender@example.org");
	md_mail_release(&m);

	raw = "From: Sender <sender@example.org>\n"
	      "Subject: [PATCH] prose\n"
	      "\n"
	      "From: is where it goes wrong\n"
	      "second line\n";
	parse_body(&m, raw, strlen(raw));
	CHECK_STR(m.body, "From: is where it goes wrong\nsecond line\n");
	CHECK_INT(m.has_inbody_from, 0);
	CHECK_STR(m.author.addr, "sender@example.org");
	md_mail_release(&m);
}

static void
test_transfer_encodings(void)
{
	BODY("From: a@example.org\n"
	     "Subject: b64\n"
	     "MIME-Version: 1.0\n"
	     "Content-Type: text/plain\n"
	     "Content-Transfer-Encoding: base64\n"
	     "\n"
	     "SGVsbG8gd29ybGQK\n",
	     "Hello world\n");
	BODY("From: a@example.org\n"
	     "Subject: b64 utf8\n"
	     "MIME-Version: 1.0\n"
	     "Content-Type: text/plain; charset=\"utf-8\"\n"
	     "Content-Transfer-Encoding: BASE64\n"
	     "\n"
	     "R3LDvMOfZSBh\n"
	     "dXMgS8O2bG4K\n",
	     "Gr\xc3\xbc\xc3\x9f"
	     "e aus K\xc3\xb6ln\n");
	BODY("From: a@example.org\n"
	     "Subject: qp\n"
	     "MIME-Version: 1.0\n"
	     "Content-Type: text/plain; charset=UTF-8\n"
	     "Content-Transfer-Encoding: quoted-printable\n"
	     "\n"
	     "caf=C3=A9 is a very long line that was soft-=\n"
	     "broken by the sender, a=3Db\n"
	     "second line\n",
	     "caf\xc3\xa9 is a very long line that was soft-broken by the "
	     "sender, a=b\nsecond line\n");
	/* 8bit latin-1 with its charset declared. */
	BODY("From: a@example.org\n"
	     "Subject: latin1\n"
	     "MIME-Version: 1.0\n"
	     "Content-Type: text/plain; charset=iso-8859-1\n"
	     "Content-Transfer-Encoding: 8bit\n"
	     "\n"
	     "caf\xe9 cr\xe8me\n",
	     "caf\xc3\xa9 cr\xc3\xa8me\n");
	/* quoted-printable latin-1. */
	BODY("From: a@example.org\n"
	     "Subject: latin1 qp\n"
	     "MIME-Version: 1.0\n"
	     "Content-Type: text/plain; charset=\"ISO-8859-1\"\n"
	     "Content-Transfer-Encoding: quoted-printable\n"
	     "\n"
	     "Andr=E9\n",
	     "Andr\xc3\xa9\n");
	/* 8bit without a charset: UTF-8 if valid, else windows-1252. */
	BODY("From: a@example.org\nSubject: raw\n\ncaf\xc3\xa9\n",
	     "caf\xc3\xa9\n");
	BODY("From: a@example.org\nSubject: raw\n\ncaf\xe9 \x80\n",
	     "caf\xc3\xa9 \xe2\x82\xac\n");
	/* Bytes that are not UTF-8 in a part labelled UTF-8 are read as
	 * windows-1252, whatever the transfer encoding: nothing is
	 * dropped, and base64 gives what 8bit gives. */
	BODY("From: a@example.org\n"
	     "Subject: mislabelled 8bit\n"
	     "Content-Type: text/plain; charset=utf-8\n"
	     "Content-Transfer-Encoding: 8bit\n"
	     "\n"
	     "caf\xe9\n",
	     "caf\xc3\xa9\n");
	BODY("From: a@example.org\n"
	     "Subject: mislabelled base64\n"
	     "Content-Type: text/plain; charset=utf-8\n"
	     "Content-Transfer-Encoding: base64\n"
	     "\n"
	     "Y2Fm6Qo=\n",
	     "caf\xc3\xa9\n");
	BODY("From: a@example.org\n"
	     "Subject: mislabelled qp\n"
	     "Content-Type: text/plain; charset=UTF-8\n"
	     "Content-Transfer-Encoding: quoted-printable\n"
	     "\n"
	     "caf=E9\n",
	     "caf\xc3\xa9\n");
	/* base64 carrying an in-body From. */
	BODY("From: a@example.org\n"
	     "Subject: b64 inbody\n"
	     "Content-Transfer-Encoding: base64\n"
	     "\n"
	     "RnJvbTogUmVhbCA8cmVhbEB4LmV4YW1wbGU+Cgpib2R5Cg==\n",
	     "body\n");
}

/*
 * Broken transfer encodings.  base64: a last group without padding, or
 * with too much, '=' inside the text (two encodings pasted together),
 * spaces, '!' and lines of noise outside the alphabet (skipped, RFC
 * 2045 section 6.8); GMime used to drop a last group without padding
 * and everything after an inner '='.  quoted-printable: '=' at the very
 * end (a soft line break), invalid escapes kept as written (section
 * 6.7), soft line breaks, lower-case hex digits.
 */
static void
test_broken_encodings(void)
{
	CHARSET_BODY("utf-8", "base64", "SGVsbG8gd29ybGQ\n", "Hello world");
	CHARSET_BODY("utf-8", "base64", "SGk\n", "Hi");
	CHARSET_BODY("utf-8", "base64", "SGk==\n", "Hi");
	CHARSET_BODY("utf-8", "base64", "SGk=\nSGk=\n", "HiHi");
	CHARSET_BODY("utf-8", "base64", "SGk=SGVsbG8K\n", "HiHello\n");
	CHARSET_BODY("utf-8", "base64", "SGVs bG8g\td29y bGQK\n",
		     "Hello world\n");
	CHARSET_BODY("utf-8", "base64", "SGVs!bG8g!d29ybGQK\n",
		     "Hello world\n");
	CHARSET_BODY("utf-8", "base64", "SGVsbG8g\n*** ~~~ !!! ***\nd29ybGQK\n",
		     "Hello world\n");
	/* A lone last character is six bits: no byte. */
	CHARSET_BODY("utf-8", "base64", "SGk=Q\n", "Hi");

	CHARSET_BODY("utf-8", "quoted-printable", "abc=", "abc");
	CHARSET_BODY("utf-8", "quoted-printable", "abc=\n", "abc");
	CHARSET_BODY("utf-8", "quoted-printable", "a=ZZb =4 c=3Dd =\xc3\xa9\n",
		     "a=ZZb =4 c=d =\xc3\xa9\n");
	CHARSET_BODY("utf-8", "quoted-printable", "one=\ntwo=\nthree\n",
		     "onetwothree\n");
	CHARSET_BODY("utf-8", "quoted-printable", "caf=c3=a9\n",
		     "caf\xc3\xa9\n");
}

/*
 * Body charsets converted to UTF-8: a short phrase in each, in 8bit and
 * through quoted-printable or base64.  A byte invalid in the declared
 * charset becomes U+FFFD and the rest is still converted (the whole text
 * used to be read as windows-1252); a charset iconv does not know is
 * read like unlabelled text: UTF-8 when valid, else windows-1252.
 */
static void
test_body_charsets(void)
{
	static const char *const jp = "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"
				      "\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88\n";

	CHARSET_BODY("ISO-8859-1", "8bit",
		     "Gr\xfc\xdf"
		     "e, caf\xe9\n",
		     "Gr\xc3\xbc\xc3\x9f"
		     "e, caf\xc3\xa9\n");
	CHARSET_BODY("iso-8859-2", "8bit",
		     "Za\xbf\xf3\xb3\xe6 g\xea\xb6l\xb1\n",
		     "Za\xc5\xbc\xc3\xb3\xc5\x82\xc4\x87 "
		     "g\xc4\x99\xc5\x9bl\xc4\x85\n");
	CHARSET_BODY("ISO-8859-15", "8bit", "Prix 5\xa4 \xbduvre\n",
		     "Prix 5\xe2\x82\xac \xc5\x93uvre\n");
	CHARSET_BODY("windows-1250", "8bit", "Za\xbf\xf3\xb3\xe6 \x84tak\x94\n",
		     "Za\xc5\xbc\xc3\xb3\xc5\x82\xc4\x87 "
		     "\xe2\x80\x9etak\xe2\x80\x9d\n");
	CHARSET_BODY("windows-1251", "8bit",
		     "\xcf\xf0\xe8\xe2\xe5\xf2, \xec\xe8\xf0\n",
		     "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82, "
		     "\xd0\xbc\xd0\xb8\xd1\x80\n");
	CHARSET_BODY("windows-1252", "8bit",
		     "\x93Gr\xfc\xdf"
		     "e\x94 \x96 5\x80\n",
		     "\xe2\x80\x9cGr\xc3\xbc\xc3\x9f"
		     "e\xe2\x80\x9d \xe2\x80\x93 5\xe2\x82\xac\n");
	CHARSET_BODY("koi8-r", "quoted-printable",
		     "=F0=D2=C9=D7=C5=D4 =CD=C9=D2\n",
		     "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82 "
		     "\xd0\xbc\xd0\xb8\xd1\x80\n");
	CHARSET_BODY("gb2312", "8bit", "\xd6\xd0\xce\xc4\xb2\xe2\xca\xd4\n",
		     "\xe4\xb8\xad\xe6\x96\x87\xe6\xb5\x8b\xe8\xaf\x95\n");
	/* Two characters GB2312 lacks. */
	CHARSET_BODY("GBK", "8bit", "\xd6\xd0\xce\xc4\x9cy\xd4\x87\n",
		     "\xe4\xb8\xad\xe6\x96\x87\xe6\xb8\xac\xe8\xa9\xa6\n");
	CHARSET_BODY("big5", "base64", "pKSk5bT6uNUK\n",
		     "\xe4\xb8\xad\xe6\x96\x87\xe6\xb8\xac\xe8\xa9\xa6\n");
	CHARSET_BODY("Shift_JIS", "8bit",
		     "\x93\xfa\x96{\x8c\xea\x83"
		     "e\x83X\x83g\n",
		     jp);
	CHARSET_BODY("EUC-JP", "8bit",
		     "\xc6\xfc\xcb\xdc\xb8\xec\xa5\xc6\xa5\xb9\xa5\xc8\n", jp);
	CHARSET_BODY("ISO-2022-JP", "7bit", "\x1b$BF|K\\8l%F%9%H\x1b(B\n", jp);

	/* Invalid bytes: one U+FFFD each, nothing else lost. */
	CHARSET_BODY("Shift_JIS", "8bit", "\x93\xfa\x96{\xff\x8c\xea\n",
		     "\xe6\x97\xa5\xe6\x9c\xac\xef\xbf\xbd\xe8\xaa\x9e\n");
	CHARSET_BODY("EUC-JP", "8bit", "\xc6\xfc\xcb\xdc\xa1",
		     "\xe6\x97\xa5\xe6\x9c\xac\xef\xbf\xbd");
	CHARSET_BODY("gb2312", "8bit", "\xd6\xd0\x81\x30x\n",
		     "\xe4\xb8\xad\xef\xbf\xbd"
		     "0x\n");
	CHARSET_BODY("windows-1250", "quoted-printable", "a=81b=98c\n",
		     "a\xef\xbf\xbd"
		     "b\xef\xbf\xbd"
		     "c\n");

	/* Unknown charsets. */
	CHARSET_BODY("x-no-such-charset", "8bit", "caf\xe9 \x80\n",
		     "caf\xc3\xa9 \xe2\x82\xac\n");
	CHARSET_BODY("x-no-such-charset", "8bit", "caf\xc3\xa9\n",
		     "caf\xc3\xa9\n");
	CHARSET_BODY("\"\"", "8bit", "caf\xc3\xa9\n", "caf\xc3\xa9\n");
}

static void
test_multipart(void)
{
	struct md_mail m;
	const char *raw;

	raw = "From: a@example.org\n"
	      "Subject: mixed\n"
	      "MIME-Version: 1.0\n"
	      "Content-Type: multipart/mixed; boundary=\"XYZ\"\n"
	      "\n"
	      "This is a multi-part message in MIME format.\n"
	      "--XYZ\n"
	      "Content-Type: text/plain; charset=utf-8\n"
	      "Content-Transfer-Encoding: 8bit\n"
	      "\n"
	      "First part, caf\xc3\xa9.\n"
	      "--XYZ\n"
	      "Content-Type: application/octet-stream; name=\"x.bin\"\n"
	      "Content-Transfer-Encoding: base64\n"
	      "\n"
	      "AAECAwQF\n"
	      "--XYZ--\n";
	/* The line break before a boundary belongs to the boundary
	 * (RFC 2046 section 5.1.1), so parts end without one. */
	parse_body(&m, raw, strlen(raw));
	CHECK_STR(m.body, "First part, caf\xc3\xa9.");
	CHECK(!(m.defects & MD_MAIL_BAD_MIME));
	md_mail_release(&m);

	BODY("From: a@example.org\n"
	     "Subject: alternative\n"
	     "MIME-Version: 1.0\n"
	     "Content-Type: multipart/alternative; boundary=b1\n"
	     "\n"
	     "--b1\n"
	     "Content-Type: text/plain; charset=us-ascii\n"
	     "\n"
	     "plain text\n"
	     "--b1\n"
	     "Content-Type: text/html; charset=us-ascii\n"
	     "\n"
	     "<p>html text</p>\n"
	     "--b1--\n",
	     "plain text");
	/* The plain part is preferred even when the HTML one comes first. */
	BODY("From: a@example.org\n"
	     "Subject: alternative\n"
	     "MIME-Version: 1.0\n"
	     "Content-Type: multipart/alternative; boundary=b1\n"
	     "\n"
	     "--b1\n"
	     "Content-Type: text/html; charset=us-ascii\n"
	     "\n"
	     "<p>html text</p>\n"
	     "--b1\n"
	     "Content-Type: text/plain; charset=us-ascii\n"
	     "\n"
	     "plain text\n"
	     "--b1--\n",
	     "plain text");

	/* multipart/signed inside multipart/mixed, with an in-body From. */
	raw = "From: Sender <sender@example.org>\n"
	      "Subject: [PATCH] signed\n"
	      "MIME-Version: 1.0\n"
	      "Content-Type: multipart/mixed; boundary=\"outer\"\n"
	      "\n"
	      "--outer\n"
	      "Content-Type: multipart/signed; micalg=pgp-sha256;\n"
	      " protocol=\"application/pgp-signature\"; boundary=\"inner\"\n"
	      "\n"
	      "--inner\n"
	      "Content-Type: text/plain; charset=utf-8\n"
	      "Content-Transfer-Encoding: quoted-printable\n"
	      "\n"
	      "From: Real Author <real@x.example>\n"
	      "\n"
	      "Signed caf=C3=A9 text.\n"
	      "--inner\n"
	      "Content-Type: application/pgp-signature; name=\"sig.asc\"\n"
	      "\n"
	      "-----BEGIN PGP SIGNATURE-----\n"
	      "AAAA\n"
	      "-----END PGP SIGNATURE-----\n"
	      "--inner--\n"
	      "\n"
	      "--outer\n"
	      "Content-Type: text/x-diff; name=\"a.patch\"\n"
	      "\n"
	      "diff --git a/a b/a\n"
	      "--outer--\n";
	parse_body(&m, raw, strlen(raw));
	CHECK_STR(m.body, "Signed caf\xc3\xa9 text.");
	CHECK_INT(m.has_inbody_from, 1);
	CHECK_STR(m.author.addr, "real@x.example");
	CHECK_STR(m.from.addr, "sender@example.org");
	md_mail_release(&m);

	/* No text part at all: an empty body, no crash. */
	BODY("From: a@example.org\n"
	     "Subject: binary\n"
	     "MIME-Version: 1.0\n"
	     "Content-Type: multipart/mixed; boundary=q\n"
	     "\n"
	     "--q\n"
	     "Content-Type: application/octet-stream\n"
	     "Content-Transfer-Encoding: base64\n"
	     "\n"
	     "AAECAwQF\n"
	     "--q--\n",
	     "");
}

/*
 * Multipart structures: nested multiparts (the first text/plain part in
 * depth-first order is the body, even below an HTML part), a top-level
 * multipart/signed, a boundary that never closes (the open part runs to
 * the end, its last line break kept), no text/plain part (the first
 * text part, HTML as written, stands in), preamble and epilogue left
 * out.
 */
static void
test_multipart_structures(void)
{
	struct md_mail m;
	const char *raw;

	raw = "From: a@example.org\n"
	      "Subject: nested\n"
	      "MIME-Version: 1.0\n"
	      "Content-Type: multipart/mixed; boundary=o\n"
	      "\n"
	      "--o\n"
	      "Content-Type: multipart/alternative; boundary=i\n"
	      "\n"
	      "--i\n"
	      "Content-Type: text/html\n"
	      "\n"
	      "<b>html</b>\n"
	      "--i\n"
	      "Content-Type: text/plain; charset=iso-8859-1\n"
	      "Content-Transfer-Encoding: quoted-printable\n"
	      "\n"
	      "nested caf=E9\n"
	      "--i--\n"
	      "--o\n"
	      "Content-Type: text/plain\n"
	      "\n"
	      "second plain part\n"
	      "--o--\n";
	parse_body(&m, raw, strlen(raw));
	CHECK_STR(m.body, "nested caf\xc3\xa9");
	CHECK(!(m.defects & MD_MAIL_BAD_MIME));
	md_mail_release(&m);

	BODY("From: a@example.org\n"
	     "Subject: signed\n"
	     "MIME-Version: 1.0\n"
	     "Content-Type: multipart/signed; micalg=pgp-sha256;\n"
	     " protocol=\"application/pgp-signature\"; boundary=s\n"
	     "\n"
	     "--s\n"
	     "Content-Type: text/plain; charset=utf-8\n"
	     "Content-Transfer-Encoding: base64\n"
	     "\n"
	     "U2lnbmVkIGNhZsOpCg==\n"
	     "--s\n"
	     "Content-Type: application/pgp-signature\n"
	     "\n"
	     "-----BEGIN PGP SIGNATURE-----\n"
	     "--s--\n",
	     "Signed caf\xc3\xa9\n");

	/* The closing boundary never comes. */
	raw = "From: a@example.org\n"
	      "Subject: unclosed\n"
	      "MIME-Version: 1.0\n"
	      "Content-Type: multipart/mixed; boundary=zz\n"
	      "\n"
	      "--zz\n"
	      "Content-Type: text/plain\n"
	      "\n"
	      "open part text\n"
	      "more\n";
	parse_body(&m, raw, strlen(raw));
	CHECK_STR(m.body, "open part text\nmore\n");
	CHECK(!(m.defects & MD_MAIL_BAD_MIME));
	md_mail_release(&m);
	BODY("From: a@example.org\n"
	     "Subject: unclosed\n"
	     "MIME-Version: 1.0\n"
	     "Content-Type: multipart/mixed; boundary=zz\n"
	     "\n"
	     "preamble\n"
	     "--zz\n"
	     "Content-Type: text/html\n"
	     "\n"
	     "<p>x</p>\n"
	     "--zz\n"
	     "Content-Type: text/plain\n"
	     "\n"
	     "second\n",
	     "second\n");

	/* No text/plain part: the HTML part as written. */
	BODY("From: a@example.org\n"
	     "Subject: html only\n"
	     "MIME-Version: 1.0\n"
	     "Content-Type: multipart/alternative; boundary=a\n"
	     "\n"
	     "--a\n"
	     "Content-Type: text/html; charset=utf-8\n"
	     "\n"
	     "<p>only html</p>\n"
	     "--a--\n",
	     "<p>only html</p>");

	/* Preamble and epilogue are not the text. */
	BODY("From: a@example.org\n"
	     "Subject: around\n"
	     "MIME-Version: 1.0\n"
	     "Content-Type: multipart/mixed; boundary=a\n"
	     "\n"
	     "the preamble\n"
	     "--a\n"
	     "Content-Type: text/plain\n"
	     "\n"
	     "the text\n"
	     "--a--\n"
	     "the epilogue\n",
	     "the text");
}

static void
test_nul(void)
{
	struct md_mail m;
	static const char raw[] = "From: a@example.org\n"
				  "Subject: nul\0here\n"
				  "\n"
				  "ab\0cd\n";

	parse_body(&m, raw, sizeof(raw) - 1);
	CHECK_STR(m.body, "ab\xef\xbf\xbd"
			  "cd\n");
	CHECK_INT(strlen(m.body), 8);
	CHECK_STR(m.subject, "nul here");
	CHECK_STR(m.from.addr, "a@example.org");
	md_mail_release(&m);

	/* A NUL that only appears after transfer decoding. */
	BODY("From: a@example.org\n"
	     "Subject: qp nul\n"
	     "Content-Type: text/plain; charset=utf-8\n"
	     "Content-Transfer-Encoding: quoted-printable\n"
	     "\n"
	     "ab=00cd\n",
	     "ab\xef\xbf\xbd"
	     "cd\n");
	BODY("From: a@example.org\n"
	     "Subject: b64 nul\n"
	     "Content-Transfer-Encoding: base64\n"
	     "\n"
	     "YWIAY2QK\n",
	     "ab\xef\xbf\xbd"
	     "cd\n");
}

/*
 * Hostile and damaged mail.  A message with no body at all; duplicate
 * Subject, From, Message-ID and Date fields (the first wins, the first
 * Date that parses, as VIOLATIONS.md says); 1 MiB header lines (a
 * subject, a From name, and a subject of 65536 padded B words, which
 * GMime shrank to one word); NUL bytes in From and Message-ID; messages
 * cut off mid-header, mid-body, mid-base64 and mid-multipart.
 */
static void
test_hostile_mail(void)
{
	struct md_mail m;
	const size_t mib = (size_t)1 << 20;
	char *raw, *want;
	size_t len;

	parse_body(&m, "From: a@example.org\nSubject: empty\n\n",
		   strlen("From: a@example.org\nSubject: empty\n\n"));
	CHECK_STR(m.body, "");
	CHECK_STR(m.subject, "empty");
	CHECK_INT(m.defects, MD_MAIL_NO_MSGID);
	md_mail_release(&m);

	parse(&m, "Subject: first\n"
		  "From: First <first@example.org>\n"
		  "Message-ID: <one@example.org>\n"
		  "Date: not a date\n"
		  "Subject: second\n"
		  "From: Second <second@example.org>\n"
		  "Message-ID: <two@example.org>\n"
		  "Date: Thu, 1 Feb 2024 11:00:00 +0100\n"
		  "Date: Fri, 2 Feb 2024 11:00:00 +0100\n"
		  "\n");
	CHECK_STR(m.subject, "first");
	CHECK_STR(m.from.name, "First");
	CHECK_STR(m.from.addr, "first@example.org");
	CHECK_STR(m.message_id, "one@example.org");
	CHECK_INT(m.date, 1706781600);
	CHECK_INT(m.defects, 0);
	md_mail_release(&m);

	/* A 1 MiB subject line, then a field after it. */
	raw = malloc(mib + 256);
	if (!CHECK(raw != NULL))
		return;
	len = (size_t)snprintf(raw, 64, "From: a@example.org\nSubject: ");
	memset(raw + len, 'a', mib);
	len += mib;
	len += (size_t)snprintf(raw + len, 128,
				"\nMessage-ID: <big@example.org>\n\nbody\n");
	parse_body(&m, raw, len);
	CHECK_INT(strlen(m.subject), mib);
	CHECK(m.subject[0] == 'a' && m.subject[mib - 1] == 'a');
	CHECK_STR(m.message_id, "big@example.org");
	CHECK_STR(m.body, "body\n");
	CHECK_INT(m.defects, 0);
	md_mail_release(&m);

	/* A 1 MiB From name. */
	len = (size_t)snprintf(raw, 64, "From: ");
	memset(raw + len, 'x', mib);
	len += mib;
	len += (size_t)snprintf(raw + len, 128,
				" <a@example.org>\nSubject: s\n\nbody\n");
	md_mail_init(&m);
	CHECK_INT(md_mail_parse(&m, raw, len), MD_OK);
	CHECK_INT(strlen(m.from.name), mib);
	CHECK(m.from.name[0] == 'x' && m.from.name[mib - 1] == 'x');
	CHECK_STR(m.from.addr, "a@example.org");
	CHECK_STR(m.subject, "s");
	md_mail_release(&m);
	free(raw);

	/* 65536 padded B words of one 'é' each: 1.1 MiB of header. */
	raw = malloc(65536 * 17 + 64);
	want = malloc(65536 * 2 + 1);
	if (!CHECK(raw && want)) {
		free(raw);
		free(want);
		return;
	}
	len = (size_t)snprintf(raw, 64, "From: a@example.org\nSubject:");
	for (size_t i = 0; i < 65536; i++) {
		memcpy(raw + len, " =?UTF-8?B?w6k=?=", 17);
		len += 17;
		memcpy(want + 2 * i, "\xc3\xa9", 2);
	}
	want[65536 * 2] = '\0';
	memcpy(raw + len, "\n\n", 2);
	len += 2;
	md_mail_init(&m);
	CHECK_INT(md_mail_parse(&m, raw, len), MD_OK);
	CHECK_INT(strlen(m.subject), 65536 * 2);
	CHECK(!strcmp(m.subject, want));
	md_mail_release(&m);
	free(raw);
	free(want);

	/* NUL bytes in From and Message-ID become spaces. */
	{
		static const char nul[] = "From: A\0B <a@example.org>\n"
					  "Subject: s\n"
					  "Message-ID: <n\0@example.org>\n"
					  "\n"
					  "text\n";

		parse_body(&m, nul, sizeof(nul) - 1);
		CHECK_STR(m.from.name, "A B");
		CHECK_STR(m.from.addr, "a@example.org");
		CHECK_STR(m.message_id, "n @example.org");
		CHECK_STR(m.body, "text\n");
		md_mail_release(&m);
	}

	/* Cut off in a field name: that line is no field, so it is body. */
	parse_body(&m, "From: a@example.org\nSubj",
		   strlen("From: a@example.org\nSubj"));
	CHECK(m.defects & MD_MAIL_BAD_HEADER);
	CHECK_STR(m.subject, "");
	CHECK_STR(m.from.addr, "a@example.org");
	CHECK_STR(m.body, "Subj");
	md_mail_release(&m);
	/* Cut off in a folded field. */
	parse_body(&m, "From: a@example.org\nSubject: one\n two",
		   strlen("From: a@example.org\nSubject: one\n two"));
	CHECK_INT(m.defects, MD_MAIL_NO_MSGID | MD_MAIL_NO_BODY);
	CHECK_STR(m.subject, "one two");
	CHECK_STR(m.body, "");
	md_mail_release(&m);
	/* Cut off mid-body, mid-base64, mid-multipart. */
	BODY("From: a@example.org\nSubject: s\n\nline one\nline tw",
	     "line one\nline tw");
	CHARSET_BODY("utf-8", "base64", "SGVsbG8gd2", "Hello w");
	BODY("From: a@example.org\n"
	     "Subject: cut\n"
	     "MIME-Version: 1.0\n"
	     "Content-Type: multipart/mixed; boundary=a\n"
	     "\n"
	     "--a\n"
	     "Content-Type: text/plain\n"
	     "Content-Transfer-Encoding: base64\n"
	     "\n"
	     "SGVsbG8gd29y",
	     "Hello wor");
	BODY("From: a@example.org\n"
	     "Subject: cut\n"
	     "MIME-Version: 1.0\n"
	     "Content-Type: multipart/mixed; boundary=a\n"
	     "\n"
	     "--a\n"
	     "Content-Type: text/plain\n"
	     "\n"
	     "first li",
	     "first li");
	BODY("From: a@example.org\n"
	     "Subject: cut\n"
	     "MIME-Version: 1.0\n"
	     "Content-Type: multipart/mixed; boundary=a\n"
	     "\n"
	     "--a\n"
	     "Content-Type: text/pl",
	     "");
	/* Cut off right after the header block of an encoded part (GLib
	 * used to log a critical warning here, see main()). */
	CHARSET_BODY("iso-8859-1", "base64", "", "");
	CHARSET_BODY("koi8-r", "quoted-printable", "", "");
}

int
main(void)
{
	md_mail_global_init();
	/* The library never prints: a GLib warning or critical message
	 * (GMime or GLib called wrongly) makes the test fail. */
	g_log_set_always_fatal(G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL |
			       G_LOG_LEVEL_WARNING);
	test_unfold_subject();
	test_encoded_words();
	test_encoded_charsets();
	test_malformed_words();
	test_raw_8bit();
	test_crlf_and_mbox();
	test_line_ends();
	test_ids();
	test_defects();
	test_from_forms();
	test_inbody();
	test_inbody_forms();
	test_transfer_encodings();
	test_broken_encodings();
	test_body_charsets();
	test_multipart();
	test_multipart_structures();
	test_nul();
	test_hostile_mail();
	md_mail_global_shutdown();
	return tap_done();
}
