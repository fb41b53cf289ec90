/*
 * t-mail.c - unit tests of the message parser (lib/mail.h).
 *
 * Every message is written inline.  md_mail_parse() is checked on
 * RFC 5322 unfolding (2.2.3), RFC 2047 encoded words (Q and B, UTF-8 and
 * ISO-8859-1, adjacent words joined), raw 8-bit header text (UTF-8 kept,
 * anything else read as windows-1252), CRLF line ends, an mbox "From "
 * line, Message-ID / In-Reply-To / References, the defects it records,
 * and the From forms seen in the wild.  md_mail_decode_body() is checked
 * on in-body From/Date/Subject blocks (as git mailinfo reads them),
 * transfer encodings, charsets, multipart structures and NUL bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int
main(void)
{
	md_mail_global_init();
	test_unfold_subject();
	test_encoded_words();
	test_raw_8bit();
	test_crlf_and_mbox();
	test_ids();
	test_defects();
	test_from_forms();
	test_inbody();
	test_transfer_encodings();
	test_multipart();
	test_nul();
	md_mail_global_shutdown();
	return tap_done();
}
