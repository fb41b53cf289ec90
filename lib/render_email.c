/*
 * render_email.c - the text report (md_render_text()) as a ready-to-send
 * RFC 5322 message, for "sendmail -t" or any MTA:
 *
 *   From: / To:          the options' mail_from and mail_to
 *   Subject:             the text report's title line
 *   Date:                mail_date, RFC 5322 section 3.3, in +0000
 *   Message-ID:          mail_msgid, else <mldigest.A-B.DATE@DOMAIN>
 *   MIME-Version: 1.0
 *   Content-Type: text/plain; charset=UTF-8
 *   Content-Transfer-Encoding: quoted-printable
 *
 * Lines end in LF only, headers and body alike: sendmail -t and the
 * other local submission programs take LF and write CRLF on the wire
 * themselves (RFC 5321 is their business, not ours).
 *
 * Headers.  The values given by the caller are checked first: a control
 * character (CR and LF above all) would let them add header fields of
 * their own, so any C0 character but tab, and DEL, make the call fail
 * with MD_EINVAL before anything is written.  The addresses must parse
 * (GMime's address parser) to at least one address.  ASCII values are
 * written as given; values with 8-bit text are RFC 2047-encoded by
 * GMime (encoded words in UTF-8 for display names, IDNA for domains).
 * The address and subject fields are folded by GMime at 78 columns.  The
 * subject is the text report's second line, so it is terminal-safe as the
 * report is.
 *
 * Body.  RFC 2045 section 6.7 quoted-printable, written here rather
 * than with GMime's encoder so that these rules hold by construction
 * (and are tested): every physical line is at most 76 characters (soft
 * breaks "=" at the end of a line, never inside an "=XX"); a space or
 * tab at the end of a line is encoded (=20, =09) so no transport strips
 * it; a '.' that starts a line is encoded (=2E, so a line holding a lone
 * dot never ends the input of sendmail run without -i, nor meets SMTP
 * dot-stuffing); and so is the 'F' of a line starting "From " (=46, so
 * no mbox delivery adds a '>').  Decoding gives back the text report
 * byte for byte.
 *
 * NEEDSWORK: GMime does not encode ASCII text that looks like an
 * encoded word, so a list name such as "=?utf-8?q?x?=" in the subject
 * is decoded by the reader's mail program.  It cannot add header
 * fields; it only changes how the subject is shown.
 */
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <gmime/gmime.h>

#include "lib/render.h"
#include "util/utf8.h"
#include "util/banned.h"

/* The longest encoded body line, soft-break '=' included (RFC 2045). */
#define QP_LINE_MAX 76

/* Whether a caller-given header value is safe to put in a header: no
 * control character but tab (a CR or LF would start a header field of
 * the caller's choosing). */
static int
header_value_ok(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return 0;
	}
	return 1;
}

static int
is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

/* A Message-ID's inside, without <>: printable ASCII with an '@'. */
static int
msgid_ok(const char *s)
{
	if (!*s || !strchr(s, '@'))
		return 0;
	for (; *s; s++)
		if (*s <= ' ' || *s >= 0x7f || *s == '<' || *s == '>')
			return 0;
	return 1;
}

/* Append a GMime string (which ends in a newline) and free it. */
static int
take_gstr(struct md_buf *out, char *s)
{
	int rc;

	if (!s)
		return MD_ENOMEM;
	rc = md_buf_addstr(out, s);
	g_free(s);
	return rc;
}

/* The domain of the first mailbox in list (IDNA form), when it is a
 * plain host name; appended to domain. */
static int
first_domain(struct md_buf *domain, InternetAddressList *list)
{
	int n = internet_address_list_length(list);

	for (int i = 0; i < n; i++) {
		InternetAddress *ia =
			internet_address_list_get_address(list, i);
		const char *addr, *at;

		if (!INTERNET_ADDRESS_IS_MAILBOX(ia))
			continue;
		addr = internet_address_mailbox_get_idn_addr(
			INTERNET_ADDRESS_MAILBOX(ia));
		at = addr ? strrchr(addr, '@') : NULL;
		if (!at || !at[1])
			return MD_OK;
		for (const char *c = at + 1; *c; c++)
			if (!((*c >= 'a' && *c <= 'z') ||
			      (*c >= 'A' && *c <= 'Z') ||
			      (*c >= '0' && *c <= '9') || *c == '.' ||
			      *c == '-'))
				return MD_OK;
		return md_buf_addstr(domain, at + 1);
	}
	return MD_OK;
}

/* Encoded words of 8-bit display names in UTF-8, also inside groups. */
static void
set_charset(InternetAddressList *list)
{
	int n = internet_address_list_length(list);

	for (int i = 0; i < n; i++) {
		InternetAddress *ia =
			internet_address_list_get_address(list, i);

		internet_address_set_charset(ia, "UTF-8");
		if (INTERNET_ADDRESS_IS_GROUP(ia))
			set_charset(internet_address_group_get_members(
				INTERNET_ADDRESS_GROUP(ia)));
	}
}

/* "Name: value\n" for an address header, folded; the first mailbox's
 * domain goes to domain when it is not NULL. */
static int
add_address_header(struct md_buf *out, struct md_buf *domain,
		   GMimeFormatOptions *fmt, const char *name, const char *value)
{
	InternetAddressList *list;
	GString *g = NULL;
	char *line;
	int rc;

	list = internet_address_list_parse(NULL, value);
	if (!list)
		return MD_EINVAL;
	if (internet_address_list_length(list) < 1) {
		g_object_unref(list);
		return MD_EINVAL;
	}
	rc = domain ? first_domain(domain, list) : MD_OK;
	if (!rc && is_ascii(value)) {
		line = g_strdup_printf("%s: %s", name, value);
		rc = take_gstr(out, g_mime_utils_structured_header_fold(
					    NULL, fmt, line));
		g_free(line);
	} else if (!rc) {
		set_charset(list);
		g = g_string_new(name);
		g_string_append(g, ": ");
		internet_address_list_encode(list, fmt, g);
		rc = md_buf_add(out, g->str, g->len);
		g_string_free(g, TRUE);
	}
	g_object_unref(list);
	return rc;
}

static int
add_subject(struct md_buf *out, GMimeFormatOptions *fmt,
	    const struct md_report *r)
{
	struct md_buf subj = MD_BUF_INIT;
	char hexa[MD_OID_HEXSZ + 1], hexb[MD_OID_HEXSZ + 1];
	char *enc = NULL, *line;
	const char *name = r->list_name ? r->list_name : "";
	int rc;

	md_oid_fmt(hexa, 9, &r->from);
	md_oid_fmt(hexb, 9, &r->to);
	rc = md_utf8_add_tty_safe(&subj, name, strlen(name), 0);
	if (!rc)
		rc = md_buf_addf(&subj, " mailing list update from %s to %s",
				 hexa, hexb);
	if (rc)
		goto done;
	if (!is_ascii(subj.buf)) {
		enc = g_mime_utils_header_encode_text(fmt, subj.buf, "UTF-8");
		if (!enc) {
			rc = MD_ENOMEM;
			goto done;
		}
	}
	line = g_strdup_printf("Subject: %s", enc ? enc : subj.buf);
	rc = take_gstr(out,
		       g_mime_utils_unstructured_header_fold(NULL, fmt, line));
	g_free(line);
done:
	g_free(enc);
	md_buf_release(&subj);
	return rc;
}

/* "Date: Thu, 19 Nov 2026 00:00:00 +0000" (RFC 5322 section 3.3),
 * with English names whatever the locale. */
static int
add_date(struct md_buf *out, int64_t when)
{
	static const char days[7][4] = {"Sun", "Mon", "Tue", "Wed",
					"Thu", "Fri", "Sat"};
	static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr",
					   "May", "Jun", "Jul", "Aug",
					   "Sep", "Oct", "Nov", "Dec"};
	time_t t = (time_t)when;
	struct tm tm;

	if (!gmtime_r(&t, &tm) || tm.tm_wday < 0 || tm.tm_wday > 6 ||
	    tm.tm_mon < 0 || tm.tm_mon > 11)
		return MD_EINVAL;
	return md_buf_addf(out, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\n",
			   days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
			   tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static int
add_message_id(struct md_buf *out, const struct md_report *r,
	       const struct md_render_options *o, const struct md_buf *domain)
{
	char hexa[MD_OID_HEXSZ + 1], hexb[MD_OID_HEXSZ + 1];

	if (o->mail_msgid)
		return md_buf_addf(out, "Message-ID: <%s>\n", o->mail_msgid);
	md_oid_fmt(hexa, 9, &r->from);
	md_oid_fmt(hexb, 9, &r->to);
	return md_buf_addf(out, "Message-ID: <mldigest.%s-%s.%lld@%s>\n", hexa,
			   hexb, (long long)o->mail_date,
			   md_buf_len(domain) ? domain->buf : "localhost");
}

/* The quoted-printable form of byte c at column col of a line: 1 byte
 * written as it is or 3 ("=XX"); rest/n_rest is the line from c on. */
static size_t
qp_token(char tok[3], const char *rest, size_t n_rest, size_t col)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char c = (unsigned char)rest[0];
	int last = n_rest == 1;
	int plain = (c > ' ' && c < 0x7f && c != '=') ||
		    ((c == ' ' || c == '\t') && !last);

	if (col == 0 && c == '.')
		plain = 0;
	if (col == 0 && n_rest >= 5 && !memcmp(rest, "From ", 5))
		plain = 0;
	if (plain) {
		tok[0] = (char)c;
		return 1;
	}
	tok[0] = '=';
	tok[1] = hex[c >> 4];
	tok[2] = hex[c & 0xf];
	return 3;
}

/* One line of text (without its newline), encoded; newline says whether
 * it had one.  A last line without one ends in a soft break, so the
 * message still ends in a newline and decodes to the same bytes. */
static int
qp_line(struct md_buf *out, const char *s, size_t n, int newline)
{
	size_t col = 0;
	int rc = MD_OK;

	for (size_t i = 0; i < n && !rc; i++) {
		char tok[3];
		size_t len = qp_token(tok, s + i, n - i, col);
		/* A token that ends the line may use the last column; any
		 * other must leave it for a soft break. */
		size_t limit = i + 1 == n ? QP_LINE_MAX : QP_LINE_MAX - 1;

		if (col + len > limit) {
			rc = md_buf_addstr(out, "=\n");
			col = 0;
			len = qp_token(tok, s + i, n - i, col);
		}
		if (!rc)
			rc = md_buf_add(out, tok, len);
		col += len;
	}
	if (!rc)
		rc = md_buf_addstr(out, newline ? "\n" : "=\n");
	return rc;
}

static int
qp_encode(struct md_buf *out, const char *s, size_t len)
{
	size_t i = 0;
	int rc = MD_OK;

	while (i < len && !rc) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - s) : len;

		rc = qp_line(out, s + i, end - i, nl != NULL);
		i = nl ? end + 1 : len;
	}
	return rc;
}

int
md_render_email(struct md_buf *out, const struct md_report *r,
		const struct md_render_options *o)
{
	struct md_buf text = MD_BUF_INIT, head = MD_BUF_INIT;
	struct md_buf domain = MD_BUF_INIT;
	GMimeFormatOptions *fmt = NULL;
	int rc;

	if (!o || !o->mail_from || !o->mail_to ||
	    !header_value_ok(o->mail_from) || !header_value_ok(o->mail_to) ||
	    (o->mail_msgid && !msgid_ok(o->mail_msgid)))
		return MD_EINVAL;
	fmt = g_mime_format_options_new();
	if (!fmt)
		return MD_ENOMEM;
	g_mime_format_options_set_newline_format(fmt,
						 GMIME_NEWLINE_FORMAT_UNIX);
	rc = add_address_header(&head, &domain, fmt, "From", o->mail_from);
	if (!rc)
		rc = add_address_header(&head, NULL, fmt, "To", o->mail_to);
	if (!rc)
		rc = add_subject(&head, fmt, r);
	if (!rc)
		rc = add_date(&head, o->mail_date);
	if (!rc)
		rc = add_message_id(&head, r, o, &domain);
	if (!rc)
		rc = md_buf_addstr(&head,
				   "MIME-Version: 1.0\n"
				   "Content-Type: text/plain; charset=UTF-8\n"
				   "Content-Transfer-Encoding: "
				   "quoted-printable\n\n");
	if (!rc)
		rc = md_render_text(&text, r, o);
	if (!rc)
		rc = md_buf_add(out, head.buf, md_buf_len(&head));
	if (!rc)
		rc = qp_encode(out, text.buf, md_buf_len(&text));
	g_mime_format_options_free(fmt);
	md_buf_release(&domain);
	md_buf_release(&head);
	md_buf_release(&text);
	return rc;
}
