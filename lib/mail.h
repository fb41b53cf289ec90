/*
 * mail.h - one email message: a fast header scan, and body decoding.
 *
 * md_mail_parse() scans the header block of a raw RFC 5322 message with
 * a small parser of our own (the hot path: every message of a range goes
 * through it) and hands to GMime only what needs real work: encoded
 * words, raw 8-bit text and addresses.  md_mail_decode_body() decodes
 * the text of the message (the first text/plain part, transfer-decoded
 * and converted to UTF-8) when the caller needs it; plain 7/8-bit
 * single-part mail is taken as it is, anything else goes through GMime.
 *
 * Body text: a part labelled UTF-8 or US-ASCII, or not labelled, is
 * taken as UTF-8 when valid, else read as windows-1252 as a whole; a
 * part in another charset is converted with each byte invalid in that
 * charset shown as U+FFFD; a charset iconv does not know counts as no
 * label.  Broken base64 (missing padding, a cut-off last group, '='
 * inside the text, stray characters) is decoded as far as it goes.
 * NUL bytes become U+FFFD.  With no text/plain part, the first text
 * part (e.g. text/html, as it is) is used; with no text part, "".
 *
 * Ownership: every string in struct md_mail is malloc'd, NUL-terminated
 * UTF-8 owned by the struct and freed by md_mail_release().  The raw
 * message is never referenced after md_mail_parse() returns, except by
 * md_mail_decode_body(), which takes it again as an argument.
 *
 * GMime must be initialised (md_mail_global_init()) before any call.
 */
#ifndef MD_MAIL_H
#define MD_MAIL_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/* Largest message we look at; larger input is cut there (and flagged). */
#define MD_MAIL_MAX_SIZE (64u << 20)
/* At most this many References ids are kept (the nearest ones). */
#define MD_MAIL_MAX_REFS 64

/* What was wrong with a message (bits of md_mail.malformed). */
enum md_mail_defects {
	MD_MAIL_NO_FROM = 1 << 0,       /* no usable From address */
	MD_MAIL_NO_MSGID = 1 << 1,      /* no Message-ID */
	MD_MAIL_BAD_HEADER = 1 << 2,    /* a line in the header block that
					   is no header field */
	MD_MAIL_NO_BODY = 1 << 3,       /* header block never ended */
	MD_MAIL_BAD_MIME = 1 << 4,      /* GMime could not parse the MIME
					   structure */
	MD_MAIL_TRUNCATED = 1 << 5,     /* larger than MD_MAIL_MAX_SIZE */
	MD_MAIL_NO_SUBJECT = 1 << 6,    /* no Subject (not counted as
					   malformed: legal mail may lack one) */
};
/* Defects that make a message count as malformed in the report. */
#define MD_MAIL_MALFORMED_MASK \
	(MD_MAIL_NO_FROM | MD_MAIL_BAD_HEADER | MD_MAIL_NO_BODY | \
	 MD_MAIL_BAD_MIME | MD_MAIL_TRUNCATED)

struct md_addr {
	char *name; /* display name, decoded; "" when there is none */
	char *addr; /* the address as written (case kept); "" if none */
};

struct md_mail {
	char *message_id;   /* without <>; "" when absent */
	char *in_reply_to;  /* without <>; "" when absent */
	char **refs;        /* References ids without <>, oldest first */
	size_t n_refs;
	char *subject;      /* decoded, unfolded, white space collapsed */
	char *list_id;      /* List-Id without <>; "" when absent */
	int64_t date;       /* Date header as Unix time; 0 if unparsable */
	struct md_addr from;     /* the From header */
	struct md_addr author;   /* in-body From when found, else a copy of
				    from (filled by md_mail_decode_body, or
				    by md_mail_parse for plain bodies) */
	int has_inbody_from;
	char *body;         /* decoded text with in-body From/Date/Subject
			       lines removed; NULL until decoded */
	unsigned defects;   /* enum md_mail_defects bits */

	/* Private: where the body starts in the raw message, and how it is
	 * encoded, as found by the header scan. */
	size_t body_off;
	unsigned body_kind;
};

/* Initialise GMime (idempotent, not thread-safe: call from main first). */
void md_mail_global_init(void);
void md_mail_global_shutdown(void);

void md_mail_init(struct md_mail *m);
/* Parse the header block of raw[0..len).  Never fails on bad mail (the
 * defects are recorded); returns MD_ENOMEM only. */
int md_mail_parse(struct md_mail *out, const char *raw, size_t len);
/* Decode the body text of the message parsed from the same raw bytes:
 * sets m->body, m->author and m->has_inbody_from.  MD_ENOMEM only. */
int md_mail_decode_body(struct md_mail *m, const char *raw, size_t len);
/* The body's text the quick way when its bytes are text as they are
 * (single-part text/plain, not transfer-encoded, whatever its 8-bit
 * charset): CRLF folded, invalid UTF-8 read as windows-1252, appended to
 * out, *done set; else *done is 0 and md_mail_decode_body() is the way.
 * In-body headers are kept.  MD_ENOMEM only. */
int md_mail_readable_body(struct md_buf *out, int *done,
			  const struct md_mail *m, const char *raw, size_t len);
void md_mail_release(struct md_mail *m);

/*
 * Helpers also used by tests and other modules.
 */
/* Decode a raw header value: unfold (a lone CR or a NUL reads as a
 * space), decode RFC 2047 words and raw 8-bit text to UTF-8; with
 * collapse, runs of white space become one space and the ends are
 * trimmed.  Appends to out.  White space between adjacent encoded words
 * goes.  A malformed encoded word (unknown charset or encoding, text
 * that is not base64, a '=' in Q text without two hex digits) is kept
 * as written; a B word without its padding is decoded.  Bytes invalid
 * in an encoded word's charset become '?' (GMime's substitute).  Raw
 * 8-bit text is taken as UTF-8 when valid, else as windows-1252, one
 * white-space separated word at a time. */
int md_mail_decode_header(struct md_buf *out, const char *value, size_t len,
			  int collapse);
/* Parse the first mailbox of an address header value into out (owned
 * strings).  Missing parts become "".  Returns MD_ENOMEM only. */
int md_mail_parse_addr(struct md_addr *out, const char *value, size_t len);
void md_addr_release(struct md_addr *a);
/* Strip in-body From:/Date:/Subject: lines at the start of text (and the
 * blank line after them).  When one is a From line, its mailbox goes to
 * *author (if not NULL) and 1 is returned through *found.  Appends the
 * rest of the text to out. */
int md_mail_strip_inbody(struct md_buf *out, const char *text, size_t len,
			 struct md_addr *author, int *found);

#endif
