/*
 * t-render-email.c - md_render_email() (lib/render_email.c) on a small
 * report built by hand: the message it writes is parsed back with GMime
 * and its text/plain part must decode to md_render_text()'s output byte
 * for byte; the headers are checked as a mail program reads them, and
 * the raw message for its form (LF only, body lines of at most 76
 * characters, no trailing white space, no lone dot, no "From " line).
 * Header values with control characters must be refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gmime/gmime.h>

#include "lib/render.h"
#include "lib/report.h"
#include "tests/unit/tap.h"

struct spec {
	const char *from;
	const char *subject;
	const char *msgid;
	const char *in_reply_to; /* NULL: none */
	const char *excerpt;	 /* NULL: none */
};

static char *
xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		abort();
	return p;
}

/* Messages parsed from inline headers, then counted and assembled; the
 * shown list is made as md_report_build() makes it. */
static void
build(struct md_report *r, const struct spec *s, size_t n,
      const char *list_name)
{
	size_t k = 0;

	md_report_init(r);
	r->msgs = calloc(n, sizeof(*r->msgs));
	if (!r->msgs)
		abort();
	for (size_t i = 0; i < n; i++) {
		struct md_rmsg *m = calloc(1, sizeof(*m));
		char raw[1024];
		int len;

		if (!m)
			abort();
		len = snprintf(
			raw, sizeof(raw),
			"From: %s\nSubject: %s\nMessage-ID: <%s>\n%s%s%s\n"
			"body\n",
			s[i].from, s[i].subject, s[i].msgid,
			s[i].in_reply_to ? "In-Reply-To: <" : "",
			s[i].in_reply_to ? s[i].in_reply_to : "",
			s[i].in_reply_to ? ">\n" : "");
		md_mail_parse(&m->mail, raw, (size_t)len);
		md_subject_parse(&m->subj, m->mail.subject);
		m->patch_mail = md_subject_is_patch_mail(&m->subj);
		m->excerpt = s[i].excerpt ? xstrdup(s[i].excerpt) : NULL;
		m->index = i;
		m->time = 1795000000 + (int64_t)i * 60;
		r->msgs[r->n_msgs++] = m;
	}
	for (size_t i = 0; i < sizeof(r->from.id); i++) {
		r->from.id[i] = (unsigned char)(0x12 + i);
		r->to.id[i] = (unsigned char)(0xfe - i);
	}
	r->has_from = 1;
	r->list_name = xstrdup(list_name);
	r->list_id = xstrdup("");
	r->archive_name = xstrdup("test");
	md_report_count(r);
	md_report_assemble(r);
	r->shown = calloc(r->n_series * 2 + 1, sizeof(*r->shown));
	if (!r->shown)
		abort();
	for (size_t i = 0; i < r->n_series; i++) {
		struct md_series *se = r->series[i];

		if (se->cover)
			r->shown[k++] = se->cover;
		if (se->patches[0] && se->patches[0]->subj.num <= 1)
			r->shown[k++] = se->patches[0];
	}
	r->n_shown = k;
}

/* The second line of the text report: the expected subject. */
static char *
title_line(const char *text)
{
	const char *a = strchr(text, '\n') + 1;
	const char *b = strchr(a, '\n');
	char *t = malloc((size_t)(b - a) + 1);

	if (!t)
		abort();
	memcpy(t, a, (size_t)(b - a));
	t[b - a] = '\0';
	return t;
}

/* The raw form: LF only, ASCII only, header lines of at most 78
 * characters, body lines of at most 76 that end in no white space, are
 * no lone dot and do not start with "From ". */
static void
check_form(const char *mail, size_t len)
{
	const char *body = strstr(mail, "\n\n");
	int ascii = 1, cr = 0, long_head = 0, long_body = 0, trailing = 0;
	int dot = 0, from = 0;
	size_t i = 0;

	for (size_t k = 0; k < len; k++) {
		if ((unsigned char)mail[k] >= 0x80)
			ascii = 0;
		if (mail[k] == '\r')
			cr = 1;
	}
	CHECK(body != NULL);
	if (!body)
		return;
	while (i < len) {
		const char *nl = memchr(mail + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - mail) : len;
		size_t n = end - i;
		int in_body = mail + i > body;

		if (!in_body && n > 78)
			long_head = 1;
		if (in_body && n > 76)
			long_body = 1;
		if (in_body && n &&
		    (mail[end - 1] == ' ' || mail[end - 1] == '\t'))
			trailing = 1;
		if (in_body && n == 1 && mail[i] == '.')
			dot = 1;
		if (in_body && n >= 5 && !memcmp(mail + i, "From ", 5))
			from = 1;
		i = end + 1;
	}
	CHECK(ascii);
	CHECK(!cr);
	CHECK(!long_head);
	CHECK(!long_body);
	CHECK(!trailing);
	CHECK(!dot);
	CHECK(!from);
	CHECK(len && mail[len - 1] == '\n');
}

struct expect {
	const char *from_name, *from_addr;
	const char *to_name, *to_addr;
	int n_to;
	const char *msgid;
	const char *date_line;
};

/* The header block holds line (given without its newline) as a whole
 * line. */
static void
check_header_line(const char *mail, const char *line)
{
	const char *end = strstr(mail, "\n\n");
	size_t n = strlen(line);
	const char *p = mail;
	int found = 0;

	while (end && p < end && !found) {
		const char *nl = strchr(p, '\n');

		found = (size_t)(nl - p) == n && !memcmp(p, line, n);
		p = nl + 1;
	}
	if (!tap_result(found, line, __FILE__, __LINE__))
		fprintf(stderr, "#   in:\n%.*s\n", end ? (int)(end - mail) : 0,
			mail);
}

/* Parse mail back and compare with text and the expected headers. */
static void
check_mail(const char *mail, size_t len, const char *text,
	   const struct expect *e)
{
	GMimeStream *stream;
	GMimeParser *parser;
	GMimeMessage *msg;
	GMimeObject *part;
	InternetAddressList *list;
	InternetAddress *ia;
	GDateTime *date;
	char *title = title_line(text), *decoded = NULL;
	const char *v;

	check_form(mail, len);
	check_header_line(mail, "MIME-Version: 1.0");
	check_header_line(mail, "Content-Type: text/plain; charset=UTF-8");
	check_header_line(mail, "Content-Transfer-Encoding: quoted-printable");
	check_header_line(mail, e->date_line);

	stream = g_mime_stream_mem_new_with_buffer(mail, len);
	parser = g_mime_parser_new_with_stream(stream);
	msg = g_mime_parser_construct_message(parser, NULL);
	CHECK(msg != NULL);
	if (!msg)
		goto done;

	CHECK_STR(g_mime_message_get_subject(msg), title);
	list = g_mime_message_get_from(msg);
	CHECK_INT(internet_address_list_length(list), 1);
	ia = internet_address_list_get_address(list, 0);
	CHECK_STR(internet_address_get_name(ia) ? internet_address_get_name(ia)
						: "",
		  e->from_name);
	CHECK(INTERNET_ADDRESS_IS_MAILBOX(ia));
	CHECK_STR(
		internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia)),
		e->from_addr);
	list = g_mime_message_get_to(msg);
	CHECK_INT(internet_address_list_length(list), e->n_to);
	ia = internet_address_list_get_address(list, 0);
	CHECK_STR(internet_address_get_name(ia) ? internet_address_get_name(ia)
						: "",
		  e->to_name);
	CHECK_STR(
		internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia)),
		e->to_addr);
	date = g_mime_message_get_date(msg);
	CHECK(date != NULL);
	if (date)
		CHECK_INT(g_date_time_to_unix(date), 1795132800);
	CHECK_STR(g_mime_message_get_message_id(msg), e->msgid);

	part = g_mime_message_get_mime_part(msg);
	CHECK(part && GMIME_IS_TEXT_PART(part));
	if (!part || !GMIME_IS_TEXT_PART(part))
		goto done;
	v = g_mime_object_get_content_type_parameter(part, "charset");
	CHECK_STR(v, "UTF-8");
	CHECK_INT(g_mime_part_get_content_encoding(GMIME_PART(part)),
		  GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
	decoded = g_mime_text_part_get_text(GMIME_TEXT_PART(part));
	CHECK(decoded && !strcmp(decoded, text));
	if (decoded && strcmp(decoded, text))
		fprintf(stderr, "#   decoded:\n%s\n#   text:\n%s\n", decoded,
			text);
done:
	g_free(decoded);
	if (msg)
		g_object_unref(msg);
	g_object_unref(parser);
	g_object_unref(stream);
	free(title);
}

/* A cover letter whose lines sit on and around the 76-column limit. */
static const char cover_text[] =
	"This series adds an idle hint.  The next line is 76 characters.\n"
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	"aaaaaa\n"
	"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
	"bbbbbbb\n"
	"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"
	"ccccc \n"
	"dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
	"dddé\n"
	"eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"
	"ee==x\n"
	"A very long line of prose that goes on well past the seventy-six "
	"column "
	"limit of quoted-printable, with Ünïcödé words and = signs = "
	"everywhere, "
	"and then some more text so that it needs three soft breaks at least.\n"
	"\n"
	"Zoë Ångström (2):\n"
	"  KVM: x86: one\n"
	"  KVM: x86: two";

static const char single_text[] =
	"Trailing spaces here   \n"
	"A trailing tab\t\n"
	".\n"
	"..\n"
	"From the first column, a mbox would quote this line.\n"
	"=3D is not an escape here, and neither is =\n"
	"\tindented with a tab\n"
	"   \n"
	"---\n"
	" a.c | 2 +-\n"
	" 1 file changed, 1 insertion(+), 1 deletion(-)";

static const struct spec corpus[] = {
	{"Zoë Ångström <zoe@nordvirt.example>",
	 "[PATCH v2 0/2] KVM: x86: Expose the “idle hint” MSR to guests, "
	 "a subject long enough to be folded",
	 "c0@nordvirt.example", NULL, cover_text},
	{"Zoë Ångström <zoe@nordvirt.example>", "[PATCH v2 1/2] KVM: x86: one",
	 "p1@nordvirt.example", "c0@nordvirt.example",
	 "One.\n\nSigned-off-by: Zoë Ångström <zoe@nordvirt.example>"},
	{"Zoë Ångström <zoe@nordvirt.example>", "[PATCH v2 2/2] KVM: x86: two",
	 "p2@nordvirt.example", "c0@nordvirt.example", NULL},
	{"Bob <bob@example.com>", "[PATCH] single with odd lines",
	 "s1@example.com", NULL, single_text},
	{"Jürgen Groß <jgross@example.de>", "Re: [PATCH] single with odd lines",
	 "r1@example.de", "s1@example.com", NULL},
};

static void
render_both(struct md_buf *text, struct md_buf *mail, int *rc,
	    const struct md_report *r, const struct md_render_options *o)
{
	CHECK_INT(md_render_text(text, r, o), 0);
	*rc = md_render_email(mail, r, o);
	CHECK_INT(*rc, 0);
}

static void
test_ascii_envelope(void)
{
	struct md_render_options o = MD_RENDER_OPTIONS_INIT;
	struct md_buf text = MD_BUF_INIT, mail = MD_BUF_INIT;
	struct md_report r;
	struct expect e = {
		"Digest",
		"digest@example.org",
		"",
		"kvm@vger.kernel.org",
		1,
		"mldigest.121314151-fefdfcfbf.1795132800@example.org",
		"Date: Fri, 20 Nov 2026 00:00:00 +0000"};
	int rc;

	build(&r, corpus, sizeof(corpus) / sizeof(corpus[0]), "KVM");
	CHECK_INT(r.n_shown, 3);
	o.mail_from = "Digest <digest@example.org>";
	o.mail_to = "kvm@vger.kernel.org";
	o.mail_date = 1795132800;
	render_both(&text, &mail, &rc, &r, &o);
	if (!rc) {
		check_header_line(mail.buf,
				  "From: Digest <digest@example.org>");
		check_header_line(mail.buf, "To: kvm@vger.kernel.org");
		check_header_line(mail.buf, "Subject: KVM mailing list update "
					    "from 121314151 to fefdfcfbf");
		check_mail(mail.buf, md_buf_len(&mail), text.buf, &e);
	}
	/* The body's trailing white space and odd lines are in the text. */
	CHECK(strstr(text.buf, "Trailing spaces here   \n") != NULL);
	CHECK(strstr(text.buf, "\n.\n") != NULL);
	md_buf_release(&text);
	md_buf_release(&mail);
	md_report_release(&r);
}

static void
test_non_ascii_envelope(void)
{
	struct md_render_options o = MD_RENDER_OPTIONS_INIT;
	struct md_buf text = MD_BUF_INIT, mail = MD_BUF_INIT;
	struct md_report r;
	struct expect e = {"Zoë Ångström",
			   "digest@nordvirt.example",
			   "Jürgen Groß",
			   "jgross@example.de",
			   2,
			   "mldigest.121314151-fefdfcfbf.1795132800@"
			   "nordvirt.example",
			   "Date: Fri, 20 Nov 2026 00:00:00 +0000"};
	int rc;

	/* A non-ASCII list name (from --list-name) and a long one, so the
	 * subject is encoded and folded. */
	build(&r, corpus, sizeof(corpus) / sizeof(corpus[0]),
	      "KVM-ÉTÉ – the kernel virtual machine list, summer edition");
	o.mail_from = "Zoë Ångström <digest@nordvirt.example>";
	o.mail_to = "Jürgen Groß <jgross@example.de>, kvm@vger.kernel.org";
	o.mail_date = 1795132800;
	o.top = 1;
	render_both(&text, &mail, &rc, &r, &o);
	if (!rc) {
		CHECK(strstr(mail.buf, "=?UTF-8?") != NULL);
		check_mail(mail.buf, md_buf_len(&mail), text.buf, &e);
	}
	md_buf_release(&text);
	md_buf_release(&mail);

	/* The made-up Message-ID takes the sender's domain in IDNA form. */
	o.mail_from = "Zoë <digest@bücher.example>";
	rc = md_render_email(&mail, &r, &o);
	CHECK_INT(rc, 0);
	check_header_line(mail.buf, "Message-ID: <mldigest.121314151-"
				    "fefdfcfbf.1795132800@"
				    "xn--bcher-kva.example>");
	md_buf_release(&mail);
	md_report_release(&r);
}

static void
test_given_message_id(void)
{
	struct md_render_options o = MD_RENDER_OPTIONS_INIT;
	struct md_buf mail = MD_BUF_INIT;
	struct md_report r;

	build(&r, corpus, 1, "KVM");
	o.mail_from = "digest@example.org";
	o.mail_to = "kvm@vger.kernel.org";
	o.mail_msgid = "weekly-42@example.org";
	o.mail_date = 0;
	CHECK_INT(md_render_email(&mail, &r, &o), 0);
	check_header_line(mail.buf, "Message-ID: <weekly-42@example.org>");
	check_header_line(mail.buf, "Date: Thu, 01 Jan 1970 00:00:00 +0000");
	md_buf_release(&mail);
	md_report_release(&r);
}

static void
test_refused(void)
{
	static const struct {
		const char *from, *to, *msgid;
	} bad[] = {
		{"d@example.org", "a@b\nBcc: x@y", NULL},
		{"d@example.org", "a@b\r\nBcc: x@y", NULL},
		{"d@example.org\rBcc: x@y", "a@b", NULL},
		{"d@example.org", "a@b\x1b[2J", NULL},
		{"d@example.org", "a@b", "x@y>\nBcc: <z@w"},
		{"d@example.org", "a@b", "no-at-sign"},
		{"d@example.org", "a@b", "with space@x"},
		{"d@example.org", "a@b", ""},
		{"", "a@b", NULL},
		{"d@example.org", "", NULL},
		{NULL, "a@b", NULL},
		{"d@example.org", NULL, NULL},
	};
	struct md_render_options o = MD_RENDER_OPTIONS_INIT;
	struct md_buf mail = MD_BUF_INIT;
	struct md_report r;

	build(&r, corpus, 1, "KVM");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		o.mail_from = bad[i].from;
		o.mail_to = bad[i].to;
		o.mail_msgid = bad[i].msgid;
		CHECK_INT(md_render_email(&mail, &r, &o), MD_EINVAL);
		CHECK_INT(md_buf_len(&mail), 0);
	}
	CHECK_INT(md_render_email(&mail, &r, NULL), MD_EINVAL);
	md_buf_release(&mail);
	md_report_release(&r);
}

int
main(void)
{
	md_mail_global_init();
	test_ascii_envelope();
	test_non_ascii_envelope();
	test_given_message_id();
	test_refused();
	md_mail_global_shutdown();
	return tap_done();
}
