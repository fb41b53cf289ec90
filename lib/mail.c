/*
 * mail.c - header scan and body decoding of one message.
 *
 * The header scan follows RFC 5322 section 2.2: a field is a name, a
 * colon and a body that continues on lines starting with white space;
 * unfolding removes the line breaks (section 2.2.3).  It works on the raw
 * bytes without copying the message, accepts LF or CRLF line ends, an
 * mbox "From " line in front, NUL bytes and an unterminated header block,
 * and records what it had to forgive in md_mail.defects.  Deviations that
 * are accepted on purpose are listed in VIOLATIONS.md.
 *
 * Header values that hold encoded words (RFC 2047) or raw 8-bit bytes are
 * decoded by GMime, once prepare_words() has worked around what GMime
 * gets wrong there; plain ASCII values, the large majority, never leave
 * this file.  Bodies: single-part text/plain in 7bit or 8bit and UTF-8 or
 * ASCII are used as they are; everything else (base64, quoted-printable,
 * multipart, other charsets) is parsed by GMime, which finds the first
 * text/plain part and undoes its quoted-printable; base64 is decoded by
 * add_base64() and the charset converted to UTF-8 by add_converted(),
 * both with GMime's primitives, so that no byte is lost.
 */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gmime/gmime.h>

#include "lib/mail.h"
#include "util/utf8.h"
#include "util/banned.h"

enum body_kind {
	BODY_PLAIN = 0,   /* take the raw bytes (after CRLF folding) */
	BODY_MIME = 1,    /* needs GMime: not text/plain, or transfer-
			     encoded */
	BODY_CHARSET = 2, /* text/plain in another charset: GMime converts
			     it for the text shown; an 8-bit guess reads
			     it well enough for trailers */
	BODY_QP = 4,      /* quoted-printable: GMime for the text shown;
			     decoded here for trailers */
	BODY_BASE64 = 8,  /* base64: likewise */
};

static GMimeParserOptions *parser_options;

void
md_mail_global_init(void)
{
	static const char *fallback[] = { "UTF-8", "windows-1252", NULL };

	if (parser_options)
		return;
	g_mime_init();
	parser_options = g_mime_parser_options_new();
	g_mime_parser_options_set_fallback_charsets(parser_options, fallback);
	g_mime_parser_options_set_rfc2047_compliance_mode(
		parser_options, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_address_compliance_mode(
		parser_options, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_parameter_compliance_mode(
		parser_options, GMIME_RFC_COMPLIANCE_LOOSE);
}

void
md_mail_global_shutdown(void)
{
	if (!parser_options)
		return;
	g_mime_parser_options_free(parser_options);
	parser_options = NULL;
	g_mime_shutdown();
}

void
md_mail_init(struct md_mail *m)
{
	memset(m, 0, sizeof(*m));
}

void
md_addr_release(struct md_addr *a)
{
	free(a->name);
	free(a->addr);
	a->name = a->addr = NULL;
}

void
md_mail_release(struct md_mail *m)
{
	free(m->message_id);
	free(m->in_reply_to);
	for (size_t i = 0; i < m->n_refs; i++)
		free(m->refs[i]);
	free(m->refs);
	free(m->subject);
	free(m->list_id);
	md_addr_release(&m->from);
	md_addr_release(&m->author);
	free(m->body);
	md_mail_init(m);
}

static char *
dup_range(const char *s, size_t len)
{
	char *p = malloc(len + 1);

	if (!p)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

static int
is_wsp(int c)
{
	return c == ' ' || c == '\t';
}

/*
 * Copy a raw header value, unfolding it: LF and the CR of a CRLF are
 * dropped; NUL bytes and a lone CR (no line end) become spaces.
 */
static int
unfold(struct md_buf *out, const char *v, size_t len)
{
	size_t run = 0;
	int rc = MD_OK;

	for (size_t i = 0; i < len && !rc; i++) {
		char c = v[i];

		if (c != '\r' && c != '\n' && c != '\0')
			continue;
		rc = md_buf_add(out, v + run, i - run);
		if (!rc && (c == '\0' ||
			    (c == '\r' && (i + 1 == len || v[i + 1] != '\n'))))
			rc = md_buf_addch(out, ' ');
		run = i + 1;
	}
	if (!rc)
		rc = md_buf_add(out, v + run, len - run);
	return rc;
}

static int
needs_gmime(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if ((unsigned char)s[i] >= 0x80)
			return 1;
		if (s[i] == '=' && i + 1 < len && s[i + 1] == '?')
			return 1;
	}
	return 0;
}

/*
 * RFC 2047 encoded words, checked before GMime decodes them.  GMime 3.2
 * loses text after a padded B word that another B word in the same
 * charset follows (it decodes the two as one base64 stream that ends at
 * the first '='), and the last bytes of a B word sent without its
 * padding; it decodes words in a charset it does not know with its
 * fallback charsets, and drops words whose base64 is broken.  So a good
 * B word is handed on as the same bytes in Q form, and a malformed word
 * (unknown charset or encoding, text that is not base64, a '=' in Q text
 * without two hex digits) as a Q word whose text is the word as written,
 * with the white space around it: it reads as plain text, as RFC 2047
 * section 6.3 asks.  Raw text that is not UTF-8 is read as windows-1252
 * a word at a time (GMime would turn the bytes cp1252 leaves undefined
 * into '?'), so GMime only sees UTF-8.
 */
struct ew {
	const char *cs, *enc, *text;
	size_t cs_len, enc_len, text_len;
};

/* Length of the encoded word "=?charset?e?text?=" at s (its parts go
 * to *w), or 0 when s does not start with one. */
static size_t
encoded_word(struct ew *w, const char *s, size_t len)
{
	const char *part[3];
	size_t plen[3], i = 2;

	if (len < 2 || s[0] != '=' || s[1] != '?')
		return 0;
	for (int k = 0; k < 3; k++) {
		part[k] = s + i;
		while (i < len && s[i] != '?') {
			if ((unsigned char)s[i] <= ' ' ||
			    (unsigned char)s[i] >= 127)
				return 0;
			i++;
		}
		if (i >= len)
			return 0;
		plen[k] = (size_t)(s + i - part[k]);
		i++;
	}
	if (i >= len || s[i] != '=')
		return 0;
	w->cs = part[0];
	w->cs_len = plen[0];
	w->enc = part[1];
	w->enc_len = plen[1];
	w->text = part[2];
	w->text_len = plen[2];
	return i + 1;
}

static int
is_b64(int c)
{
	return g_ascii_isalnum(c) || c == '+' || c == '/';
}

/* Whether iconv knows the charset of w (an RFC 2231 language after '*'
 * is not part of it). */
static int
ew_charset_ok(const struct ew *w)
{
	const char *star = memchr(w->cs, '*', w->cs_len);
	size_t n = star ? (size_t)(star - w->cs) : w->cs_len;
	char name[64];
	iconv_t cd;

	if (!n || n >= sizeof(name))
		return 0;
	memcpy(name, w->cs, n);
	name[n] = '\0';
	cd = g_mime_iconv_open("UTF-8", name);
	if (cd == (iconv_t)-1)
		return 0;
	g_mime_iconv_close(cd);
	return 1;
}

/* Whether the text of w is what its encoding allows: base64 (padding
 * may be missing) or Q text whose '=' escapes are two hex digits. */
static int
ew_text_ok(const struct ew *w)
{
	const char *t = w->text;
	size_t n = w->text_len, data = 0, pad = 0;

	if (w->enc_len != 1)
		return 0;
	if (*w->enc == 'B' || *w->enc == 'b') {
		for (size_t i = 0; i < n; i++) {
			if (t[i] == '=')
				pad++;
			else if (is_b64(t[i]) && !pad)
				data++;
			else
				return 0;
		}
		return data % 4 != 1 && pad <= 2 &&
		       (!pad || (data + pad) % 4 == 0);
	}
	if (*w->enc != 'Q' && *w->enc != 'q')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (t[i] == '=' && (i + 2 >= n || !g_ascii_isxdigit(t[i + 1]) ||
				    !g_ascii_isxdigit(t[i + 2])))
			return 0;
	return 1;
}

/* Append bytes as the text of a Q word. */
static int
add_q_text(struct md_buf *out, const unsigned char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	int rc = MD_OK;

	for (size_t i = 0; i < len && !rc; i++) {
		char esc[3] = { '=', hex[s[i] >> 4], hex[s[i] & 15] };

		if (g_ascii_isalnum(s[i]))
			rc = md_buf_addch(out, s[i]);
		else
			rc = md_buf_add(out, esc, 3);
	}
	return rc;
}

/* Append the good B word w as a Q word with the same bytes. */
static int
add_b_as_q(struct md_buf *out, const struct ew *w)
{
	size_t n = w->text_len;
	unsigned char *in = malloc(n + 4), *dec = malloc(n + 4);
	int state = 0, rc;
	guint32 save = 0;

	if (!in || !dec) {
		rc = MD_ENOMEM;
		goto done;
	}
	memcpy(in, w->text, n);
	while (n % 4)
		in[n++] = '=';
	n = g_mime_encoding_base64_decode_step(in, n, dec, &state, &save);
	rc = md_buf_add(out, "=?", 2);
	if (!rc)
		rc = md_buf_add(out, w->cs, w->cs_len);
	if (!rc)
		rc = md_buf_add(out, "?Q?", 3);
	if (!rc)
		rc = add_q_text(out, dec, n);
	if (!rc)
		rc = md_buf_add(out, "?=", 2);
done:
	free(in);
	free(dec);
	return rc;
}

/* Rewrite the header text s (unfolded) for GMime, as said above. */
static int
prepare_words(struct md_buf *out, const char *s, size_t len)
{
	size_t i = 0, ws = 0, ws_len = 0;
	int rc = MD_OK;

	while (i < len && !rc) {
		struct ew w;
		size_t n, j;

		if (is_wsp(s[i])) {
			ws = i;
			while (i < len && is_wsp(s[i]))
				i++;
			ws_len = i - ws;
			continue;
		}
		n = encoded_word(&w, s + i, len - i);
		if (n && ew_charset_ok(&w) && ew_text_ok(&w)) {
			rc = md_buf_add(out, s + ws, ws_len);
			if (!rc && (*w.enc == 'B' || *w.enc == 'b'))
				rc = add_b_as_q(out, &w);
			else if (!rc)
				rc = md_buf_add(out, s + i, n);
			i += n;
		} else if (n) {
			/* Malformed: its text and the white space around
			 * it, as written. */
			j = i + n;
			while (j < len && is_wsp(s[j]))
				j++;
			rc = md_buf_add(out, "=?UTF-8?Q?", 10);
			if (!rc)
				rc = add_q_text(out,
						(const unsigned char *)s + ws,
						ws_len);
			if (!rc)
				rc = add_q_text(out,
						(const unsigned char *)s + i,
						j - i);
			if (!rc)
				rc = md_buf_add(out, "?=", 2);
			i = j;
		} else {
			j = i + 1;
			while (j < len && !is_wsp(s[j]) &&
			       !encoded_word(&w, s + j, len - j))
				j++;
			if (memmem(s + i, j - i, "=?", 2)) {
				/* "=?" that starts no word here: GMime's
				 * loose parser would take it, and what
				 * follows up to some "?=", as one word. */
				rc = md_buf_add(out, "=?UTF-8?Q?", 10);
				if (!rc)
					rc = add_q_text(
						out,
						(const unsigned char *)s + ws,
						ws_len);
				if (!rc)
					rc = add_q_text(
						out,
						(const unsigned char *)s + i,
						j - i);
				if (!rc)
					rc = md_buf_add(out, "?=", 2);
				i = j;
				ws_len = 0;
				continue;
			}
			rc = md_buf_add(out, s + ws, ws_len);
			if (!rc)
				rc = md_utf8_add_guess(out, s + i, j - i);
			i = j;
		}
		ws_len = 0;
	}
	if (!rc)
		rc = md_buf_add(out, s + ws, ws_len);
	return rc;
}

/* Append s with runs of white space (and controls that act as such)
 * collapsed to one space and both ends trimmed. */
static int
add_collapsed(struct md_buf *out, const char *s, size_t len)
{
	int pending = 0, rc = MD_OK;
	size_t start = md_buf_len(out);

	for (size_t i = 0; i < len && !rc; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
		    c == '\v' || c == '\f') {
			pending = 1;
			continue;
		}
		if (pending && md_buf_len(out) > start)
			rc = md_buf_addch(out, ' ');
		pending = 0;
		if (!rc)
			rc = md_buf_addch(out, (char)c);
	}
	return rc;
}

int
md_mail_decode_header(struct md_buf *out, const char *value, size_t len,
		      int collapse)
{
	struct md_buf tmp = MD_BUF_INIT, words = MD_BUF_INIT;
	char *dec = NULL;
	const char *text;
	size_t tlen;
	int rc;

	rc = unfold(&tmp, value, len);
	if (rc)
		goto done;
	text = tmp.buf;
	tlen = md_buf_len(&tmp);
	if (needs_gmime(text, tlen)) {
		rc = prepare_words(&words, text, tlen);
		if (rc)
			goto done;
		dec = g_mime_utils_header_decode_text(parser_options,
						      words.buf);
		if (dec) {
			text = dec;
			tlen = strlen(dec);
		}
	}
	if (collapse) {
		struct md_buf fixed = MD_BUF_INIT;

		rc = md_utf8_add_repaired(&fixed, text, tlen);
		if (!rc)
			rc = add_collapsed(out, fixed.buf, md_buf_len(&fixed));
		md_buf_release(&fixed);
	} else {
		rc = md_utf8_add_repaired(out, text, tlen);
	}
done:
	g_free(dec);
	md_buf_release(&tmp);
	md_buf_release(&words);
	return rc;
}

static int
set_str(char **dst, const char *s, size_t len)
{
	char *p = dup_range(s, len);

	if (!p)
		return MD_ENOMEM;
	free(*dst);
	*dst = p;
	return MD_OK;
}

/* Raw header text that is not decoded (ids): kept as written when it is
 * valid UTF-8 without NUL bytes; else NULs become spaces and the bytes
 * are read as windows-1252, like raw 8-bit text elsewhere. */
static int
set_raw_text(char **dst, const char *s, size_t len)
{
	struct md_buf raw = MD_BUF_INIT, b = MD_BUF_INIT;
	int rc;

	if (!memchr(s, '\0', len) && md_utf8_valid(s, len))
		return set_str(dst, s, len);
	rc = md_buf_add(&raw, s, len);
	for (size_t i = 0; !rc && i < len; i++)
		if (!raw.buf[i])
			raw.buf[i] = ' ';
	if (!rc)
		rc = md_utf8_add_guess(&b, raw.buf, len);
	if (!rc)
		rc = set_str(dst, b.buf, md_buf_len(&b));
	md_buf_release(&raw);
	md_buf_release(&b);
	return rc;
}

static int
set_decoded(char **dst, const char *s, size_t len)
{
	struct md_buf b = MD_BUF_INIT;
	int rc = md_mail_decode_header(&b, s, len, 1);

	if (!rc) {
		free(*dst);
		*dst = md_buf_detach(&b, NULL);
		if (!*dst)
			rc = MD_ENOMEM;
	}
	md_buf_release(&b);
	return rc;
}

/* A heuristic for address text GMime gives up on: the first word with
 * an '@' is the address, text before a '<' is the name. */
static int
parse_addr_loosely(struct md_addr *out, const char *s)
{
	const char *at = strchr(s, '@'), *a, *b, *lt;
	struct md_buf name = MD_BUF_INIT;
	int rc;

	if (at) {
		a = at;
		while (a > s && !isspace((unsigned char)a[-1]) &&
		       !strchr("<>\",;:()", a[-1]))
			a--;
		b = at;
		while (*b && !isspace((unsigned char)*b) &&
		       !strchr("<>\",;:()", *b))
			b++;
		rc = set_str(&out->addr, a, (size_t)(b - a));
	} else {
		rc = set_str(&out->addr, "", 0);
	}
	if (rc)
		return rc;
	lt = strchr(s, '<');
	if (!lt)
		lt = at ? s : s + strlen(s);
	for (const char *p = s; p < lt; p++)
		if (*p != '"' && (rc = md_buf_addch(&name, *p)))
			break;
	if (!rc) {
		struct md_buf c = MD_BUF_INIT;

		rc = add_collapsed(&c, name.buf, md_buf_len(&name));
		if (!rc)
			rc = set_str(&out->name, c.buf, md_buf_len(&c));
		md_buf_release(&c);
	}
	md_buf_release(&name);
	return rc;
}

static InternetAddressMailbox *
first_mailbox(InternetAddressList *list)
{
	int n = list ? internet_address_list_length(list) : 0;

	for (int i = 0; i < n; i++) {
		InternetAddress *ia = internet_address_list_get_address(list, i);

		if (INTERNET_ADDRESS_IS_MAILBOX(ia))
			return INTERNET_ADDRESS_MAILBOX(ia);
		if (INTERNET_ADDRESS_IS_GROUP(ia)) {
			InternetAddressMailbox *mb = first_mailbox(
				internet_address_group_get_members(
					INTERNET_ADDRESS_GROUP(ia)));
			if (mb)
				return mb;
		}
	}
	return NULL;
}

int
md_mail_parse_addr(struct md_addr *out, const char *value, size_t len)
{
	struct md_buf raw = MD_BUF_INIT, fixed = MD_BUF_INIT,
		      words = MD_BUF_INIT;
	InternetAddressList *list = NULL, *wlist = NULL;
	InternetAddressMailbox *mb, *wmb;
	int rc;

	md_addr_release(out);
	rc = unfold(&raw, value, len);
	if (!rc)
		rc = md_utf8_add_guess(&fixed, raw.buf, md_buf_len(&raw));
	if (rc)
		goto done;
	list = internet_address_list_parse(parser_options, fixed.buf);
	mb = first_mailbox(list);
	if (mb && internet_address_mailbox_get_addr(mb) &&
	    strchr(internet_address_mailbox_get_addr(mb), '@')) {
		const char *name = internet_address_get_name(
			INTERNET_ADDRESS(mb));
		const char *addr = internet_address_mailbox_get_addr(mb);
		struct md_buf nb = MD_BUF_INIT, tmp = MD_BUF_INIT;

		/* The name is taken again from the text with its encoded
		 * words prepared (see prepare_words()) when that differs;
		 * the address always as written. */
		if (needs_gmime(raw.buf, md_buf_len(&raw)))
			rc = prepare_words(&words, raw.buf, md_buf_len(&raw));
		if (!rc && md_buf_len(&words) && strcmp(words.buf, fixed.buf)) {
			wlist = internet_address_list_parse(parser_options,
							    words.buf);
			wmb = first_mailbox(wlist);
			if (wmb)
				name = internet_address_get_name(
					INTERNET_ADDRESS(wmb));
		}
		if (!rc)
			rc = md_utf8_add_repaired(&tmp, name ? name : "",
						  name ? strlen(name) : 0);
		if (!rc)
			rc = add_collapsed(&nb, tmp.buf, md_buf_len(&tmp));
		if (!rc)
			rc = set_str(&out->name, nb.buf, md_buf_len(&nb));
		md_buf_reset(&tmp);
		if (!rc)
			rc = md_utf8_add_repaired(&tmp, addr, strlen(addr));
		if (!rc)
			rc = set_str(&out->addr, tmp.buf, md_buf_len(&tmp));
		md_buf_release(&nb);
		md_buf_release(&tmp);
	} else {
		struct md_buf dec = MD_BUF_INIT;

		rc = md_mail_decode_header(&dec, fixed.buf, md_buf_len(&fixed),
					   1);
		if (!rc)
			rc = parse_addr_loosely(out, dec.buf);
		md_buf_release(&dec);
	}
done:
	if (list)
		g_object_unref(list);
	if (wlist)
		g_object_unref(wlist);
	md_buf_release(&raw);
	md_buf_release(&fixed);
	md_buf_release(&words);
	if (!rc && (!out->name || !out->addr)) {
		if (!out->name)
			rc = set_str(&out->name, "", 0);
		if (!rc && !out->addr)
			rc = set_str(&out->addr, "", 0);
	}
	return rc;
}

/* The content of the first <...> in s (or the trimmed text when there
 * is no '<'), copied into *dst. */
static int
set_msgid(char **dst, const char *s, size_t len)
{
	const char *end = s + len, *lt = memchr(s, '<', len), *gt;

	if (lt) {
		gt = memchr(lt, '>', (size_t)(end - lt));
		if (!gt)
			gt = end;
		s = lt + 1;
		len = (size_t)(gt - s);
	}
	while (len && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	if (!lt) {
		/* Without brackets only the first word counts. */
		for (size_t i = 0; i < len; i++) {
			if (isspace((unsigned char)s[i])) {
				len = i;
				break;
			}
		}
	}
	return set_raw_text(dst, s, len);
}

/* All <...> ids of a References header; keeps the last MAX_REFS. */
static int
set_refs(struct md_mail *m, const char *s, size_t len)
{
	const char *end = s + len, *p = s;
	size_t n = 0, cap = 0;
	char **ids = NULL;

	while (p < end) {
		const char *lt = memchr(p, '<', (size_t)(end - p)), *gt;

		if (!lt)
			break;
		gt = memchr(lt, '>', (size_t)(end - lt));
		if (!gt)
			break;
		if (gt > lt + 1) {
			char *id = NULL;

			if (set_msgid(&id, lt, (size_t)(gt - lt + 1)))
				goto nomem;
			if (n == MD_MAIL_MAX_REFS) {
				/* Keep the root and the nearest ones. */
				free(ids[1]);
				memmove(ids + 1, ids + 2,
					(n - 2) * sizeof(*ids));
				n--;
			}
			if (n == cap) {
				size_t nc = cap ? cap * 2 : 4;
				char **ni = realloc(ids, nc * sizeof(*ni));

				if (!ni) {
					free(id);
					goto nomem;
				}
				ids = ni;
				cap = nc;
			}
			ids[n++] = id;
		}
		p = gt + 1;
	}
	for (size_t i = 0; i < m->n_refs; i++)
		free(m->refs[i]);
	free(m->refs);
	m->refs = ids;
	m->n_refs = n;
	return MD_OK;
nomem:
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	return MD_ENOMEM;
}

static int
name_is(const char *name, size_t nlen, const char *want)
{
	return strlen(want) == nlen && !strncasecmp(name, want, nlen);
}

/* Whether text in charset cs is taken as UTF-8: also when there is no
 * charset, or an empty one (iconv would read "" as the locale's). */
static int
is_utf8_charset(const char *cs)
{
	return !cs || !*cs || !g_ascii_strcasecmp(cs, "utf-8") ||
	       !g_ascii_strcasecmp(cs, "utf8") ||
	       !g_ascii_strcasecmp(cs, "us-ascii");
}

/* Content-Type: plain text in UTF-8 or ASCII (or absent) stays on the
 * fast path; anything else needs GMime. */
static void
scan_content_type(const char *v, size_t len, unsigned *kind)
{
	struct md_buf b = MD_BUF_INIT;
	const char *p, *cs;

	if (unfold(&b, v, len))
		goto done;
	p = b.buf;
	while (isspace((unsigned char)*p))
		p++;
	if (strncasecmp(p, "text/plain", 10) ||
	    (p[10] && p[10] != ';' && !isspace((unsigned char)p[10]))) {
		*kind |= BODY_MIME;
		goto done;
	}
	cs = strcasestr(p, "charset=");
	if (cs) {
		char *charset;
		size_t n;

		cs += 8;
		if (*cs == '"')
			cs++;
		n = strcspn(cs, "\";  \t");
		charset = dup_range(cs, n);
		if (!charset || !is_utf8_charset(charset))
			*kind |= BODY_CHARSET;
		free(charset);
	}
done:
	md_buf_release(&b);
}

static void
scan_cte(const char *v, size_t len, unsigned *kind)
{
	while (len && isspace((unsigned char)*v)) {
		v++;
		len--;
	}
	while (len && isspace((unsigned char)v[len - 1]))
		len--;
	if (!len || name_is(v, len, "7bit") || name_is(v, len, "8bit") ||
	    name_is(v, len, "binary"))
		return;
	if (name_is(v, len, "quoted-printable"))
		*kind |= BODY_QP;
	else if (name_is(v, len, "base64"))
		*kind |= BODY_BASE64;
	else
		*kind |= BODY_MIME;
}

static int64_t
parse_date(const char *v, size_t len)
{
	struct md_buf b = MD_BUF_INIT;
	GDateTime *dt;
	int64_t t = 0;

	if (unfold(&b, v, len))
		return 0;
	dt = g_mime_utils_header_decode_date(b.buf);
	if (dt) {
		t = g_date_time_to_unix(dt);
		g_date_time_unref(dt);
	}
	md_buf_release(&b);
	return t;
}

/* Length of the line at p (up to and including its LF), within end. */
static size_t
line_len(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return nl ? (size_t)(nl - p + 1) : (size_t)(end - p);
}

static int
is_blank_line(const char *p, size_t n)
{
	return (n == 1 && p[0] == '\n') || (n == 2 && p[0] == '\r' &&
					    p[1] == '\n') ||
	       (n == 1 && p[0] == '\r');
}

int
md_mail_parse(struct md_mail *m, const char *raw, size_t len)
{
	const char *p = raw, *end, *subj = NULL, *from = NULL;
	size_t subj_len = 0, from_len = 0;
	unsigned kind = BODY_PLAIN;
	int rc = MD_OK, ended = 0;

	md_mail_release(m);
	if (len > MD_MAIL_MAX_SIZE) {
		len = MD_MAIL_MAX_SIZE;
		m->defects |= MD_MAIL_TRUNCATED;
	}
	end = raw + len;
	/* An mbox separator line is not a header. */
	if (len >= 5 && !memcmp(p, "From ", 5))
		p += line_len(p, end);

	while (p < end && !rc) {
		size_t n = line_len(p, end), nlen;
		const char *name = p, *colon, *v, *vend;

		if (is_blank_line(p, n)) {
			p += n;
			ended = 1;
			break;
		}
		colon = memchr(p, ':', n);
		nlen = colon ? (size_t)(colon - p) : 0;
		while (nlen && is_wsp(name[nlen - 1]))
			nlen--;
		if (!colon || !nlen || is_wsp(*p)) {
			if (is_wsp(*p)) {
				/* A continuation with no field before it. */
				p += n;
				continue;
			}
			/* Not a header field: the body starts here. */
			m->defects |= MD_MAIL_BAD_HEADER;
			ended = 1;
			break;
		}
		for (size_t i = 0; i < nlen; i++) {
			unsigned char c = (unsigned char)name[i];

			if (c <= 32 || c >= 127) {
				nlen = 0;
				break;
			}
		}
		if (!nlen) {
			m->defects |= MD_MAIL_BAD_HEADER;
			ended = 1;
			break;
		}
		v = colon + 1;
		p += n;
		while (p < end && is_wsp(*p))
			p += line_len(p, end);
		vend = p;
		if (name_is(name, nlen, "Subject")) {
			if (!subj) {
				subj = v;
				subj_len = (size_t)(vend - v);
			}
		} else if (name_is(name, nlen, "From")) {
			if (!from) {
				from = v;
				from_len = (size_t)(vend - v);
			}
		} else if (name_is(name, nlen, "Message-ID")) {
			if (!m->message_id)
				rc = set_msgid(&m->message_id, v,
					       (size_t)(vend - v));
		} else if (name_is(name, nlen, "In-Reply-To")) {
			if (!m->in_reply_to)
				rc = set_msgid(&m->in_reply_to, v,
					       (size_t)(vend - v));
		} else if (name_is(name, nlen, "References")) {
			if (!m->refs)
				rc = set_refs(m, v, (size_t)(vend - v));
		} else if (name_is(name, nlen, "List-Id")) {
			if (!m->list_id)
				rc = set_msgid(&m->list_id, v,
					       (size_t)(vend - v));
		} else if (name_is(name, nlen, "Date")) {
			if (!m->date)
				m->date = parse_date(v, (size_t)(vend - v));
		} else if (name_is(name, nlen, "Content-Type")) {
			scan_content_type(v, (size_t)(vend - v), &kind);
		} else if (name_is(name, nlen, "Content-Transfer-Encoding")) {
			scan_cte(v, (size_t)(vend - v), &kind);
		}
	}
	if (rc)
		return rc;
	if (!ended)
		m->defects |= MD_MAIL_NO_BODY;
	m->body_off = (size_t)(p - raw);
	m->body_kind = kind;

	if (!m->message_id) {
		m->defects |= MD_MAIL_NO_MSGID;
		rc = set_str(&m->message_id, "", 0);
	}
	if (!rc && !m->in_reply_to)
		rc = set_str(&m->in_reply_to, "", 0);
	if (!rc && !m->list_id)
		rc = set_str(&m->list_id, "", 0);
	if (!rc) {
		if (subj) {
			rc = set_decoded(&m->subject, subj, subj_len);
		} else {
			m->defects |= MD_MAIL_NO_SUBJECT;
			rc = set_str(&m->subject, "", 0);
		}
	}
	if (!rc && from)
		rc = md_mail_parse_addr(&m->from, from, from_len);
	if (!rc && !from) {
		rc = set_str(&m->from.name, "", 0);
		if (!rc)
			rc = set_str(&m->from.addr, "", 0);
	}
	if (!rc && !strchr(m->from.addr, '@'))
		m->defects |= MD_MAIL_NO_FROM;
	if (!rc) {
		rc = set_str(&m->author.name, m->from.name,
			     strlen(m->from.name));
		if (!rc)
			rc = set_str(&m->author.addr, m->from.addr,
				     strlen(m->from.addr));
	}
	return rc;
}

/*
 * In-body headers, as git mailinfo and b4 write them: at the top of the
 * body (after blank lines), a block of "From:", "Date:" or "Subject:"
 * lines, possibly folded, ended by a blank line.
 */
static size_t
inbody_field(const char *p, size_t len)
{
	static const char *const names[] = { "From:", "Date:", "Subject:" };

	for (size_t i = 0; i < 3; i++) {
		size_t n = strlen(names[i]);

		if (len >= n && !strncasecmp(p, names[i], n))
			return n;
	}
	return 0;
}

int
md_mail_strip_inbody(struct md_buf *out, const char *text, size_t len,
		     struct md_addr *author, int *found)
{
	const char *p = text, *end = text + len, *start;
	struct md_addr inbody = { NULL, NULL };
	int seen = 0, rc = MD_OK;

	if (found)
		*found = 0;
	while (p < end) {
		size_t n = line_len(p, end);

		if (!is_blank_line(p, n))
			break;
		p += n;
	}
	start = p;
	for (;;) {
		size_t n = p < end ? line_len(p, end) : 0, fl, vlen;
		const char *v;

		fl = n ? inbody_field(p, n) : 0;
		if (!fl)
			break;
		v = p + fl;
		p += n;
		while (p < end && is_wsp(*p))
			p += line_len(p, end);
		vlen = (size_t)(p - v);
		if (!strncasecmp(v - fl, "From:", 5) && !inbody.addr) {
			rc = md_mail_parse_addr(&inbody, v, vlen);
			if (rc)
				goto done;
			if (!strchr(inbody.addr, '@'))
				md_addr_release(&inbody);
		}
		seen = 1;
	}
	if (seen) {
		size_t n = p < end ? line_len(p, end) : 0;

		if (p < end && !is_blank_line(p, n) && !inbody.addr) {
			/* Date:/Subject: lines not followed by a blank line
			 * are text (a commit message may begin "Date:").  A
			 * From: line counts without one, as in git mailinfo. */
			p = start;
		} else {
			while (p < end) {
				n = line_len(p, end);
				if (!is_blank_line(p, n))
					break;
				p += n;
			}
		}
	}
	if (inbody.addr && author) {
		md_addr_release(author);
		*author = inbody;
		inbody.name = inbody.addr = NULL;
		if (found)
			*found = 1;
	}
	rc = md_buf_add(out, p, (size_t)(end - p));
done:
	md_addr_release(&inbody);
	return rc;
}

/* Append text with CRLF turned into LF (lone CRs are kept). */
static int
add_lf(struct md_buf *out, const char *s, size_t len)
{
	size_t run = 0;
	int rc = MD_OK;

	for (size_t i = 0; i + 1 < len && !rc; i++) {
		if (s[i] == '\r' && s[i + 1] == '\n') {
			rc = md_buf_add(out, s + run, i - run);
			run = i + 1;
		}
	}
	if (!rc)
		rc = md_buf_add(out, s + run, len - run);
	return rc;
}

/* The first text/plain part in depth-first order (else the first
 * text part, else NULL); attached messages are not entered. */
static GMimeTextPart *
find_text_part(GMimeObject *obj, int plain_only)
{
	if (GMIME_IS_MULTIPART(obj)) {
		GMimeMultipart *mp = GMIME_MULTIPART(obj);
		int n = g_mime_multipart_get_count(mp);

		if (GMIME_IS_MULTIPART_ENCRYPTED(obj))
			return NULL;
		for (int i = 0; i < n; i++) {
			GMimeTextPart *t = find_text_part(
				g_mime_multipart_get_part(mp, i), plain_only);
			if (t)
				return t;
		}
		return NULL;
	}
	if (GMIME_IS_TEXT_PART(obj)) {
		GMimeContentType *ct = g_mime_object_get_content_type(obj);

		if (!plain_only || !ct ||
		    g_mime_content_type_is_type(ct, "text", "plain"))
			return GMIME_TEXT_PART(obj);
	}
	return NULL;
}

/*
 * Append base64 text decoded.  GMime's decoder drops a last group of
 * two or three characters (a part cut off, or sent without padding)
 * and reads a '=' inside the text as a zero; so each run of text
 * between '=' signs is decoded on its own, padded as needed.  Bytes
 * outside the base64 alphabet are skipped (RFC 2045 section 6.8); a
 * lone last character, six bits, makes no byte.
 */
static int
add_base64(struct md_buf *out, const char *s, size_t len)
{
	struct md_buf run = MD_BUF_INIT;
	int rc = MD_OK;

	for (size_t i = 0; i <= len && !rc; i++) {
		size_t n = md_buf_len(&run);
		unsigned char *dec;
		int state = 0;
		guint32 save = 0;

		if (i < len && s[i] != '=') {
			if (is_b64((unsigned char)s[i]))
				rc = md_buf_addch(&run, s[i]);
			continue;
		}
		if (n % 4 == 1)
			md_buf_setlen(&run, --n);
		while (!rc && n % 4) {
			rc = md_buf_addch(&run, '=');
			n++;
		}
		if (rc || !n)
			continue;
		dec = malloc(n);
		if (!dec) {
			rc = MD_ENOMEM;
			break;
		}
		n = g_mime_encoding_base64_decode_step(
			(const unsigned char *)run.buf, n, dec, &state, &save);
		rc = md_buf_add(out, dec, n);
		free(dec);
		md_buf_reset(&run);
	}
	md_buf_release(&run);
	return rc;
}

/*
 * Append s, text in the charset cs, as UTF-8.  Each byte that is not
 * valid in cs (or ends the text in the middle of a character) becomes
 * U+FFFD, and the conversion goes on after it: GMime's charset filter
 * drops such bytes and g_convert() gives up on the whole text.  A
 * charset iconv does not know is guessed like unlabelled text: UTF-8
 * when valid, else windows-1252.
 */
static int
add_converted(struct md_buf *out, const char *s, size_t len, const char *cs)
{
	iconv_t cd = g_mime_iconv_open("UTF-8", cs);
	char buf[4096], *in = (char *)s, *o;
	size_t inleft = len, oleft, r;
	int rc = MD_OK;

	if (cd == (iconv_t)-1)
		return md_utf8_add_guess(out, s, len);
	while (!rc && inleft) {
		int err;

		o = buf;
		oleft = sizeof(buf);
		r = iconv(cd, &in, &inleft, &o, &oleft);
		err = r == (size_t)-1 ? errno : 0;
		rc = md_utf8_add_repaired(out, buf, (size_t)(o - buf));
		if (!rc && err && err != E2BIG) {
			rc = md_buf_add(out, "\xef\xbf\xbd", 3);
			in++;
			inleft--;
		}
	}
	o = buf;
	oleft = sizeof(buf);
	iconv(cd, NULL, NULL, &o, &oleft);
	if (!rc)
		rc = md_buf_add(out, buf, (size_t)(o - buf));
	g_mime_iconv_close(cd);
	return rc;
}

/*
 * Append the text of part as UTF-8 with LF line ends.  GMime only
 * transfer-decodes (base64 is decoded here, see add_base64()); the
 * charset conversion is done here with explicit lengths, so NUL bytes
 * reach the caller (which shows them) and no byte is dropped: text
 * labelled UTF-8 (or not labelled) goes through md_utf8_add_guess() as
 * on the 8bit path, other charsets through add_converted().
 * (g_mime_text_part_get_text() returns a C string and silently drops
 * bytes that are invalid in the declared charset.)
 */
static int
add_part_text(struct md_buf *text, GMimeTextPart *part)
{
	GMimeDataWrapper *content = g_mime_part_get_content(GMIME_PART(part));
	const char *cs = g_mime_object_get_content_type_parameter(
		GMIME_OBJECT(part), "charset");
	struct md_buf dec = MD_BUF_INIT, b64 = MD_BUF_INIT;
	GMimeStream *mem;
	GByteArray *bytes;
	const char *src;
	size_t n;
	int rc = MD_OK, base64;

	if (!content)
		return MD_OK;
	base64 = g_mime_data_wrapper_get_encoding(content) ==
		 GMIME_CONTENT_ENCODING_BASE64;
	mem = g_mime_stream_mem_new();
	if (base64) {
		GMimeStream *raw = g_mime_data_wrapper_get_stream(content);

		g_mime_stream_reset(raw);
		g_mime_stream_write_to_stream(raw, mem);
	} else {
		g_mime_data_wrapper_write_to_stream(content, mem);
	}
	bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	src = bytes->len ? (const char *)bytes->data : "";
	n = bytes->len;
	if (base64) {
		rc = add_base64(&b64, src, n);
		src = b64.buf;
		n = md_buf_len(&b64);
	}
	if (!rc && is_utf8_charset(cs))
		rc = md_utf8_add_guess(&dec, src, n);
	else if (!rc)
		rc = add_converted(&dec, src, n, cs);
	if (!rc)
		rc = add_lf(text, dec.buf, md_buf_len(&dec));
	md_buf_release(&dec);
	md_buf_release(&b64);
	g_object_unref(mem);
	return rc;
}

static int
decode_mime_body(struct md_mail *m, struct md_buf *text, const char *raw,
		 size_t len)
{
	GMimeStream *stream;
	GMimeParser *parser;
	GMimeMessage *msg;
	GMimeObject *top;
	GMimeTextPart *part = NULL;
	int rc = MD_OK;

	stream = g_mime_stream_mem_new_with_buffer(raw, len);
	parser = g_mime_parser_new_with_stream(stream);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	msg = g_mime_parser_construct_message(parser, parser_options);
	top = msg ? g_mime_message_get_mime_part(msg) : NULL;
	if (top) {
		part = find_text_part(top, 1);
		if (!part)
			part = find_text_part(top, 0);
	}
	if (part)
		rc = add_part_text(text, part);
	else if (!msg)
		m->defects |= MD_MAIL_BAD_MIME;
	if (msg)
		g_object_unref(msg);
	g_object_unref(parser);
	g_object_unref(stream);
	return rc;
}

/* Append quoted-printable text decoded, by GMime's decoder alone (no
 * MIME parse): what the review scan reads of a quoted-printable body. */
static int
add_qp(struct md_buf *out, const char *s, size_t len)
{
	unsigned char *dec = malloc(len ? len : 1); /* decoding never grows */
	guint32 save = 0;
	int state = 0, rc;
	size_t n;

	if (!dec)
		return MD_ENOMEM;
	n = g_mime_encoding_quoted_decode_step((const unsigned char *)s, len,
					       dec, &state, &save);
	rc = md_buf_add(out, dec, n);
	free(dec);
	return rc;
}

int
md_mail_readable_body(struct md_buf *out, int *done, const struct md_mail *m,
		      const char *raw, size_t len)
{
	struct md_buf lf = MD_BUF_INIT;
	size_t off = m->body_off;
	int rc;

	*done = 0;
	if ((m->body_kind & BODY_MIME) ||
	    (m->body_kind & (BODY_QP | BODY_BASE64)) ==
		    (BODY_QP | BODY_BASE64))
		return MD_OK;
	if (len > MD_MAIL_MAX_SIZE)
		len = MD_MAIL_MAX_SIZE;
	if (off > len)
		off = len;
	if (m->body_kind & (BODY_QP | BODY_BASE64)) {
		struct md_buf dec = MD_BUF_INIT;

		rc = m->body_kind & BODY_QP ?
			     add_qp(&dec, raw + off, len - off) :
			     add_base64(&dec, raw + off, len - off);
		if (!rc)
			rc = add_lf(&lf, dec.buf ? dec.buf : "",
				    md_buf_len(&dec));
		md_buf_release(&dec);
	} else {
		rc = add_lf(&lf, raw + off, len - off);
	}
	if (!rc)
		rc = md_utf8_add_guess(out, lf.buf, md_buf_len(&lf));
	md_buf_release(&lf);
	*done = !rc;
	return rc;
}

int
md_mail_decode_body(struct md_mail *m, const char *raw, size_t len)
{
	struct md_buf text = MD_BUF_INIT, out = MD_BUF_INIT;
	int rc, found = 0;

	if (len > MD_MAIL_MAX_SIZE)
		len = MD_MAIL_MAX_SIZE;
	if (m->body_off > len)
		m->body_off = len;
	if (m->body_kind == BODY_PLAIN) {
		struct md_buf lf = MD_BUF_INIT;
		const char *b = raw + m->body_off;
		size_t blen = len - m->body_off;

		/* NUL bytes would end the string early: show them. */
		rc = add_lf(&lf, b, blen);
		if (!rc)
			rc = md_utf8_add_guess(&text, lf.buf, md_buf_len(&lf));
		md_buf_release(&lf);
	} else {
		rc = decode_mime_body(m, &text, raw, len);
	}
	if (!rc && memchr(text.buf, '\0', md_buf_len(&text))) {
		struct md_buf clean = MD_BUF_INIT;

		for (size_t i = 0; i < md_buf_len(&text) && !rc; i++)
			rc = text.buf[i] ? md_buf_addch(&clean, text.buf[i])
					 : md_buf_add(&clean, "\xef\xbf\xbd", 3);
		md_buf_release(&text);
		text = clean;
	}
	if (!rc)
		rc = md_mail_strip_inbody(&out, text.buf, md_buf_len(&text),
					  &m->author, &found);
	if (!rc) {
		free(m->body);
		m->body = md_buf_detach(&out, NULL);
		if (!m->body)
			rc = MD_ENOMEM;
		m->has_inbody_from = found;
	}
	md_buf_release(&text);
	md_buf_release(&out);
	return rc;
}
