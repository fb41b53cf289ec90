/*
 * review.c - trailers and maintainer verdicts in replies to patches.
 *
 * Trailers follow the kernel's submitting-patches.rst and what b4 picks
 * up from replies (a "Tag-by: Name <addr>" line of its own), with the
 * leniency real mail needs (case, misspellings, a space before the
 * colon, a missing '>').  Verdicts are found by a small word grammar
 * over sentences, described in review.h: it accepts the terse forms
 * maintainers and b4 "ty" write and refuses anything with a word before
 * the verb that the grammar does not know, which is what keeps out
 * negations, conditionals, questions and promises.  The input is
 * untrusted: every loop is bounded by the input, each byte is visited a
 * bounded number of times, and a sentence is judged on its first
 * MAX_TOKENS words.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/review.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/utf8.h"
#include "util/vec.h"
#include "util/banned.h"

/* Words of a sentence looked at for a verdict. */
#define MAX_TOKENS 40
/* Longest address kept (RFC 5321 allows 254 in a path). */
#define MAX_ADDR 320

void
md_review_init(struct md_review *r)
{
	r->trailers = NULL;
	r->n_trailers = 0;
	r->alloc_trailers = 0;
	r->verdict = MD_VERDICT_NONE;
}

void
md_review_release(struct md_review *r)
{
	for (size_t i = 0; i < r->n_trailers; i++) {
		free(r->trailers[i].name);
		free(r->trailers[i].addr);
	}
	free(r->trailers);
	md_review_init(r);
}

const char *
md_trailer_kind_name(enum md_trailer_kind k)
{
	switch (k) {
	case MD_TRAILER_REVIEWED:
		return "Reviewed-by";
	case MD_TRAILER_ACKED:
		return "Acked-by";
	case MD_TRAILER_TESTED:
		return "Tested-by";
	default:
		return "?";
	}
}

const char *
md_verdict_name(enum md_verdict v)
{
	switch (v) {
	case MD_VERDICT_NONE:
		return "none";
	case MD_VERDICT_APPLIED:
		return "applied";
	case MD_VERDICT_QUEUED:
		return "queued";
	default:
		return "?";
	}
}

/*
 * Byte helpers.  None of them looks at the C locale.
 */
static int
is_blank(unsigned char c)
{
	return c == ' ' || c == '\t';
}

static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

static unsigned char
lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* Whether p[0..n) starts with the lowercase ASCII lit, in any case. */
static int
ci_prefix(const char *p, size_t n, const char *lit)
{
	size_t k = strlen(lit);

	if (n < k)
		return 0;
	for (size_t i = 0; i < k; i++)
		if (lower((unsigned char)p[i]) != (unsigned char)lit[i])
			return 0;
	return 1;
}

/* Whether c is one of the bytes of set (never for NUL). */
static int
in_set(char c, const char *set)
{
	return c && strchr(set, c);
}

static int
starts_with(const char *p, size_t n, const char *lit)
{
	size_t k = strlen(lit);

	return n >= k && !memcmp(p, lit, k);
}

/* Whether the text p[0..n) holds lit (lowercase), in any case. */
static int
ci_contains(const char *p, size_t n, const char *lit)
{
	size_t k = strlen(lit);

	for (size_t i = 0; i + k <= n; i++)
		if (lower((unsigned char)p[i]) == (unsigned char)lit[0] &&
		    ci_prefix(p + i, n - i, lit))
			return 1;
	return 0;
}

/*
 * Lines.
 */
static int
line_is_quoted(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n && is_blank((unsigned char)p[i]))
		i++;
	return i < n && p[i] == '>';
}

static int
line_is_blank(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_space((unsigned char)p[i]))
			return 0;
	return 1;
}

/* "-- >8 --", "----8<----", ">8------": a perforation of at least two
 * dashes with a scissors mark in it, then anything. */
static int
line_is_scissors(const char *p, size_t n)
{
	size_t i = 0, dashes = 0;
	int mark = 0;

	while (i < n && is_blank((unsigned char)p[i]))
		i++;
	for (; i < n; i++) {
		char c = p[i], d = i + 1 < n ? p[i + 1] : '\0';

		if (c == '-') {
			dashes++;
		} else if (((c == '>' && (d == '8' || d == '%')) ||
			    ((c == '8' || c == '%') && d == '<'))) {
			mark = 1;
			i++;
		} else if (!is_blank((unsigned char)c)) {
			break;
		}
	}
	return mark && dashes >= 2;
}

/* Where the replier's own text ends (see review.h).  n excludes the
 * line's LF and a CR before it. */
static int
line_is_stop(const char *p, size_t n)
{
	size_t i = 0, k, under = 0;

	if (n == 3 && !memcmp(p, "-- ", 3))
		return 1;
	if (starts_with(p, n, "diff --git ") || starts_with(p, n, "--- a/") ||
	    starts_with(p, n, "Index: "))
		return 1;
	while (i < n && is_blank((unsigned char)p[i]))
		i++;
	if (i + 2 <= n && p[i] == '-' && p[i + 1] == '-' &&
	    ci_contains(p + i, n - i, "original message"))
		return 1;
	if (ci_prefix(p + i, n - i, "begin forwarded message:"))
		return 1;
	for (k = i; k < n && (p[k] == '_' || is_blank((unsigned char)p[k]));
	     k++)
		under += p[k] == '_';
	if (k == n && under >= 10)
		return 1;
	return line_is_scissors(p, n);
}

/*
 * Trailers.
 */

/* Parse "TAG[-and-TAG...]-by[blanks]:" at p; the kinds go to *kinds as
 * bits, the value's start to *value.  0 when the line is no trailer. */
static int
parse_tag(const char *p, const char *end, unsigned *kinds,
	  const char **value)
{
	static const struct {
		const char *word;
		enum md_trailer_kind kind;
	} words[] = {
		{ "reviewed", MD_TRAILER_REVIEWED },
		{ "reviwed", MD_TRAILER_REVIEWED },
		{ "reveiwed", MD_TRAILER_REVIEWED },
		{ "reviewd", MD_TRAILER_REVIEWED },
		{ "acked", MD_TRAILER_ACKED },
		{ "tested", MD_TRAILER_TESTED },
	};
	unsigned bits = 0;

	for (;;) {
		const char *w = p;
		size_t i, n;

		while (p < end && lower((unsigned char)*p) >= 'a' &&
		       lower((unsigned char)*p) <= 'z')
			p++;
		n = (size_t)(p - w);
		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			if (n == strlen(words[i].word) &&
			    ci_prefix(w, n, words[i].word))
				break;
		if (i == sizeof(words) / sizeof(words[0]))
			return 0;
		bits |= 1u << words[i].kind;
		if (ci_prefix(p, (size_t)(end - p), "-and-")) {
			p += 5;
			continue;
		}
		break;
	}
	if (p >= end || (*p != '-' && *p != ' '))
		return 0;
	p++;
	if (!ci_prefix(p, (size_t)(end - p), "by"))
		return 0;
	p += 2;
	while (p < end && is_blank((unsigned char)*p))
		p++;
	if (p >= end || *p != ':')
		return 0;
	*kinds = bits;
	*value = p + 1;
	return 1;
}

/* Whether a[0..n) is an address we keep: text on both sides of an '@',
 * no blank, control or structural character. */
static int
addr_ok(const char *a, size_t n)
{
	const char *at = memchr(a, '@', n);

	if (!at || at == a || at == a + n - 1 || n > MAX_ADDR)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)a[i];

		if (c <= ' ' || c == 0x7f || in_set((char)c, "<>\"(),;[]\\"))
			return 0;
	}
	return 1;
}

/* Append name text with control characters as spaces, blank runs
 * collapsed and '"' dropped (unless quoted, where the quotes are already
 * gone), trimmed at both ends. */
static int
add_name(struct md_buf *out, const char *p, size_t n, int quoted)
{
	int space = 0, rc = MD_OK;

	for (size_t i = 0; i < n && !rc; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c < ' ' || c == 0x7f || c == ' ') {
			space = 1;
			continue;
		}
		if (c == '"' && !quoted)
			continue;
		if (space && md_buf_len(out))
			rc = md_buf_addch(out, ' ');
		space = 0;
		if (!rc)
			rc = md_buf_addch(out, c);
	}
	return rc;
}

/* Find the mailbox in the value v[0..end): the raw name and address go
 * to name and addr (appended), *found says whether there was one. */
static int
parse_mailbox(struct md_buf *name, struct md_buf *addr, const char *v,
	      const char *end, int *found)
{
	const char *p = v, *q, *lt, *a, *ae;
	struct md_buf qname = MD_BUF_INIT;
	int quoted = 0, rc = MD_OK;

	*found = 0;
	while (p < end && is_blank((unsigned char)*p))
		p++;
	while (end > p && is_space((unsigned char)end[-1]))
		end--;
	if ((size_t)(end - p) > MD_REVIEW_MAX_VALUE || p == end)
		return MD_OK;
	q = p;
	if (*q == '"') {
		/* A quoted name, with backslash escapes. */
		for (q++; q < end && *q != '"' && !rc; q++) {
			if (*q == '\\' && q + 1 < end)
				q++;
			rc = md_buf_addch(&qname, *q);
		}
		if (rc || q >= end)
			goto done;
		q++;
		quoted = 1;
	}
	lt = memchr(q, '<', (size_t)(end - q));
	if (lt) {
		a = lt + 1;
		while (a < end && is_blank((unsigned char)*a))
			a++;
		ae = a;
		while (ae < end && *ae != '>' && !is_space((unsigned char)*ae))
			ae++;
	} else {
		/* A bare address: the first word with an '@'. */
		const char *w = q;

		a = ae = NULL;
		while (w < end) {
			const char *we;

			while (w < end && is_space((unsigned char)*w))
				w++;
			we = w;
			while (we < end && !is_space((unsigned char)*we))
				we++;
			if (memchr(w, '@', (size_t)(we - w))) {
				a = w;
				ae = we;
				break;
			}
			w = we;
		}
		if (!a)
			goto done;
		lt = a;
		while (a < ae && in_set(*a, "([<'\""))
			a++;
		while (ae > a && in_set(ae[-1], ")]>'\".,;:"))
			ae--;
	}
	if (!addr_ok(a, (size_t)(ae - a)))
		goto done;
	if (quoted)
		rc = add_name(name, qname.buf, md_buf_len(&qname), 1);
	else
		rc = add_name(name, p, (size_t)(lt - p), 0);
	if (!rc)
		rc = md_buf_add(addr, a, (size_t)(ae - a));
	if (!rc)
		*found = 1;
done:
	md_buf_release(&qname);
	return rc;
}

/* Copy s as repaired UTF-8 into a new malloc'd string. */
static int
dup_repaired(char **out, const char *s, size_t n)
{
	struct md_buf b = MD_BUF_INIT;
	int rc = md_utf8_add_repaired(&b, s, n);

	if (rc) {
		md_buf_release(&b);
		return rc;
	}
	*out = md_buf_detach(&b, NULL);
	return *out ? MD_OK : MD_ENOMEM;
}

static int
add_trailer(struct md_review *r, struct md_strmap *seen,
	    enum md_trailer_kind kind, const struct md_buf *name,
	    const struct md_buf *addr)
{
	struct md_buf key = MD_BUF_INIT;
	struct md_trailer *t;
	int created = 0, rc;

	rc = md_buf_addf(&key, "%d:%s", (int)kind, addr->buf);
	if (!rc && !md_strmap_slot(seen, key.buf, &created))
		rc = MD_ENOMEM;
	md_buf_release(&key);
	if (rc || !created)
		return rc;
	if (r->n_trailers == r->alloc_trailers) {
		size_t na = r->alloc_trailers ? 2 * r->alloc_trailers : 4;
		struct md_trailer *nt = realloc(r->trailers, na * sizeof(*nt));

		if (!nt)
			return MD_ENOMEM;
		r->trailers = nt;
		r->alloc_trailers = na;
	}
	t = &r->trailers[r->n_trailers];
	t->kind = kind;
	t->name = t->addr = NULL;
	rc = dup_repaired(&t->name, name->buf, md_buf_len(name));
	if (!rc)
		rc = dup_repaired(&t->addr, addr->buf, md_buf_len(addr));
	if (rc) {
		free(t->name);
		free(t->addr);
		return rc;
	}
	r->n_trailers++;
	return MD_OK;
}

/* The trailers of one unquoted line p[0..n) (CR already cut). */
static int
scan_trailer_line(struct md_review *r, struct md_strmap *seen,
		  const char *p, size_t n)
{
	const char *end = p + n, *value;
	struct md_buf name = MD_BUF_INIT, addr = MD_BUF_INIT;
	unsigned kinds;
	int found, rc;

	while (p < end && is_blank((unsigned char)*p))
		p++;
	if (p == end || lower((unsigned char)*p) < 'a' ||
	    lower((unsigned char)*p) > 't')
		return MD_OK;
	if (!parse_tag(p, end, &kinds, &value))
		return MD_OK;
	rc = parse_mailbox(&name, &addr, value, end, &found);
	for (int k = 0; !rc && found && k < MD_TRAILER_KIND_LAST; k++)
		if (kinds & (1u << k))
			rc = add_trailer(r, seen, (enum md_trailer_kind)k,
					 &name, &addr);
	md_buf_release(&name);
	md_buf_release(&addr);
	return rc;
}

/*
 * Verdicts.
 */
struct tok {
	const char *p;
	size_t n;
	char punct; /* 0 for a word; ',' or another punctuation byte */
};

static int
is_word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c >= 0x80 ||
	       in_set((char)c, "'-/#_.+@&=~");
}

/* Whether p[0..n) ends (at_end) or starts with a curly quote. */
static size_t
curly_len(const char *p, size_t n, int at_end)
{
	const unsigned char *s;

	if (n < 3)
		return 0;
	s = (const unsigned char *)(at_end ? p + n - 3 : p);
	if (s[0] == 0xe2 && s[1] == 0x80 && s[2] >= 0x98 && s[2] <= 0x9d)
		return 3;
	return 0;
}

/* Cut [p, end) into at most max tokens. */
static size_t
tokenize(struct tok *t, size_t max, const char *p, const char *end)
{
	size_t n = 0;

	while (p < end && n < max) {
		unsigned char c = (unsigned char)*p;
		const char *w, *we;

		if (is_space(c) || c == '"' || c == '`' || c == '*') {
			p++;
			continue;
		}
		if (!is_word_byte(c)) {
			t[n].p = p;
			t[n].n = 1;
			t[n].punct = (char)c;
			n++;
			p++;
			continue;
		}
		w = p;
		while (p < end && is_word_byte((unsigned char)*p))
			p++;
		we = p;
		/* Quotes and a full stop around a word are no part of it. */
		for (;;) {
			size_t k;

			if (we > w && (we[-1] == '\'' || we[-1] == '.')) {
				we--;
				continue;
			}
			if (w < we && *w == '\'') {
				w++;
				continue;
			}
			k = curly_len(w, (size_t)(we - w), 1);
			if (k) {
				we -= k;
				continue;
			}
			k = curly_len(w, (size_t)(we - w), 0);
			if (k) {
				w += k;
				continue;
			}
			break;
		}
		if (we > w) {
			t[n].p = w;
			t[n].n = (size_t)(we - w);
			t[n].punct = 0;
			n++;
		}
	}
	return n;
}

/* Whether the word token t is lit (lowercase ASCII); a '\'' in lit also
 * matches a right single quotation mark (U+2019). */
static int
word_eq(const struct tok *t, const char *lit)
{
	const unsigned char *p = (const unsigned char *)t->p,
			    *end = p + t->n;

	if (t->punct)
		return 0;
	for (; *lit; lit++) {
		if (*lit == '\'') {
			if (p < end && *p == '\'') {
				p++;
				continue;
			}
			if (end - p >= 3 && p[0] == 0xe2 && p[1] == 0x80 &&
			    p[2] == 0x99) {
				p += 3;
				continue;
			}
			return 0;
		}
		if (p >= end || lower(*p) != (unsigned char)*lit)
			return 0;
		p++;
	}
	return p == end;
}

static int
word_in(const struct tok *t, const char *const *list)
{
	for (; *list; list++)
		if (word_eq(t, *list))
			return 1;
	return 0;
}

/* Whether the word token ends with lit (lowercase), in any case. */
static int
word_ends(const struct tok *t, const char *lit)
{
	size_t k = strlen(lit);

	return !t->punct && t->n >= k && ci_prefix(t->p + t->n - k, k, lit);
}

/* "1", "2-3", "#4", "1/2", "3+5": a patch number or range. */
static int
is_number_tok(const struct tok *t)
{
	int digit = 0;

	if (t->punct)
		return 0;
	for (size_t i = 0; i < t->n; i++) {
		char c = t->p[i];

		if (c >= '0' && c <= '9')
			digit = 1;
		else if (!in_set(c, "-/#+&"))
			return 0;
	}
	return digit;
}

static const char *const greets[] = {
	"thanks", "thank", "many", "hi", "hello", "hey", "dear", "looks",
	"cheers", NULL
};
static const char *const openers[] = {
	"ok", "okay", "yes", "yep", "yup", "great", "cool", "nice", "good",
	"so", "and", "sure", "alright", "excellent", "perfect", "lgtm", "thx",
	"ty", "you", "now", "also", "finally", NULL
};
static const char *const quantities[] = {
	"the", "whole", "entire", "both", "all", "patch", "patches", "series",
	"patchset", "patch-set", "set", "fix", "fixes", "rest", "remaining",
	"backport", "backports", "and", "of", "this", "first", "last", "two",
	"three", "four", "one", "ones", NULL
};
static const char *const adverbs[] = {
	"now", "also", "just", "finally", "provisionally", "tentatively",
	"already", "all", "both", "then", "actually", "gladly", "happily",
	"simply", NULL
};
static const char *const objects[] = {
	"this", "it", "them", "these", "those", "both", "all", "the",
	"patch", "patches", "series", "that", "your", NULL
};
/* What may follow "the" in an object ("pushed the series", not "pushed
 * the updated branch"). */
static const char *const the_objects[] = {
	"series", "patch", "patches", "fix", "fixes", "set", "patchset",
	"whole", "first", "last", "two", "three", "latter", "former", "rest",
	"remaining", "lot", NULL
};
/* Where an author applies a reviewer's suggestion, after "applied to"
 * and a determiner. */
static const char *const own_work[] = {
	"patch", "series", "code", "changes", "commit", "version", "patchset",
	NULL
};
static const char *const revisions[] = {
	"revision", "respin", "spin", "iteration", NULL
};
static const char *const determiners[] = {
	"the", "my", "your", "this", "that", "our", NULL
};
/* Words after the verb that show a tester or author speaking. */
static const char *const tester_words[] = {
	"locally", "cleanly", "tested", "verified", "booted", "boots",
	"tried", "compiled", "builds", "works", "worked", "fails", "failed",
	"crashes", "crashed", "reproduce", "reproduced", "bisected", NULL
};
static const char *const applied_not_next[] = {
	"on", "onto", "against", "fine", "ok", "okay", "without", "atop",
	"cleanly", NULL
};
static const char *const merged_not_next[] = {
	"with", "before", "after", "fine", "ok", "okay", "cleanly", NULL
};
static const char *const branch_ends[] = {
	"next", "queue", "fixes", "tree", "branch", "master", "main", NULL
};

static enum md_verdict
verb_kind(const struct tok *t)
{
	if (word_eq(t, "queued"))
		return MD_VERDICT_QUEUED;
	if (word_eq(t, "applied") || word_eq(t, "merged") ||
	    word_eq(t, "pushed") || word_eq(t, "picked"))
		return MD_VERDICT_APPLIED;
	return MD_VERDICT_NONE;
}

/* Whether a destination follows t[i...]: to/into/in, then within four
 * words a branch-like word and no word of an author's own work. */
static int
has_destination(const struct tok *t, size_t i, size_t n)
{
	for (; i < n; i++) {
		int branch = 0, own = 0;

		if (!word_eq(&t[i], "to") && !word_eq(&t[i], "into") &&
		    !word_eq(&t[i], "in"))
			continue;
		if (i + 1 < n && word_eq(&t[i + 1], "our"))
			continue; /* a downstream tree: a tester's */
		for (size_t j = i + 1; j < n && j <= i + 4; j++) {
			if (t[j].punct)
				continue;
			/* "in the next version": an author's */
			if (word_in(&t[j], own_work) ||
			    word_in(&t[j], revisions))
				own = 1;
			if (memchr(t[j].p, '/', t[j].n))
				branch = 1;
			for (const char *const *e = branch_ends; *e; e++)
				if (word_ends(&t[j], *e))
					branch = 1;
		}
		if (branch && !own)
			return 1;
	}
	return 0;
}

/* The verdict of one sentence of n tokens (see review.h). */
static enum md_verdict
classify(const struct tok *t, size_t n)
{
	size_t i = 0, v;
	int past = 0; /* simple past after "I"/"we" */
	enum md_verdict kind;

	/* Openers, and greetings skipped up to a comma. */
	while (i < n) {
		if (t[i].punct == ',') {
			i++;
			continue;
		}
		if (word_in(&t[i], greets)) {
			size_t j;

			for (j = i + 1; j < n && j <= i + 8; j++)
				if (t[j].punct == ',' || verb_kind(&t[j]))
					break;
			if (j < n && j <= i + 8 && t[j].punct == ',')
				i = j + 1;
			else
				i++;
			continue;
		}
		if (word_in(&t[i], openers)) {
			i++;
			continue;
		}
		break;
	}
	/* A quantity: "patches 1-3", "both", "the whole series". */
	while (i < n && (t[i].punct == ',' || word_in(&t[i], quantities) ||
			 is_number_tok(&t[i])))
		i++;
	while (i < n && word_in(&t[i], adverbs))
		i++;
	/* A subject. */
	if (i < n && (word_eq(&t[i], "i've") || word_eq(&t[i], "ive") ||
		      word_eq(&t[i], "we've"))) {
		i++;
	} else if (i < n && (word_eq(&t[i], "i") || word_eq(&t[i], "we"))) {
		i++;
		if (i < n && word_eq(&t[i], "have"))
			i++;
		else
			past = 1;
	}
	while (i < n && word_in(&t[i], adverbs))
		i++;
	if (i >= n)
		return MD_VERDICT_NONE;
	kind = verb_kind(&t[i]);
	if (kind == MD_VERDICT_NONE)
		return MD_VERDICT_NONE;
	v = i;
	for (size_t j = v + 1; j < n; j++)
		if (word_in(&t[j], tester_words))
			return MD_VERDICT_NONE;
	if (v + 1 < n) {
		const struct tok *next = &t[v + 1];

		if (word_eq(&t[v], "applied") &&
		    word_in(next, applied_not_next))
			return MD_VERDICT_NONE;
		if (word_eq(&t[v], "merged") && word_in(next, merged_not_next))
			return MD_VERDICT_NONE;
		if (word_eq(&t[v], "pushed") && !next->punct &&
		    !word_in(next, objects) && !word_eq(next, "to") &&
		    !word_eq(next, "into") && !word_eq(next, "thanks") &&
		    !word_eq(next, "and"))
			return MD_VERDICT_NONE;
		if (word_eq(&t[v], "picked") && !next->punct &&
		    !word_in(next, objects) && !word_eq(next, "up") &&
		    !word_eq(next, "thanks"))
			return MD_VERDICT_NONE;
		if (word_eq(&t[v], "pushed") || word_eq(&t[v], "picked")) {
			size_t j = v + 1;

			if (word_eq(&t[j], "up"))
				j++;
			if (j + 1 < n && word_eq(&t[j], "the") &&
			    !word_in(&t[j + 1], the_objects))
				return MD_VERDICT_NONE;
		}
	}
	if (word_eq(&t[v], "applied")) {
		/* "I've applied it to the patch": an author's. */
		for (size_t j = v + 1; j + 2 < n && j <= v + 3; j++)
			if (word_eq(&t[j], "to") &&
			    word_in(&t[j + 1], determiners) &&
			    word_in(&t[j + 2], own_work))
				return MD_VERDICT_NONE;
	}
	if (past && kind != MD_VERDICT_QUEUED &&
	    !has_destination(t, v + 1, n) &&
	    !(n == v + 2 && word_in(&t[v + 1], objects)))
		return MD_VERDICT_NONE;
	return kind;
}

/* A list number such as "1" or "b" (a sentence of its own before ". "). */
static int
is_list_number(const char *s, const char *e)
{
	if (e - s > 3 || e == s)
		return 0;
	for (; s < e; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z')))
			return 0;
	return 1;
}

/* The verdict of the paragraph [p, end): of its first sentence that has
 * one. */
static enum md_verdict
scan_paragraph(const char *p, const char *end)
{
	struct tok t[MAX_TOKENS];
	int list_item = 0;

	while (p < end) {
		const char *s, *e = end, *q;
		int question = 0;

		while (p < end && is_space((unsigned char)*p))
			p++;
		if (p >= end)
			break;
		s = p;
		for (q = p; q < end; q++) {
			const char *r;

			if (*q != '.' && *q != '!' && *q != '?')
				continue;
			for (r = q; r < end &&
				    (*r == '.' || *r == '!' || *r == '?');
			     r++)
				if (*r == '?')
					question = 1;
			if (r == end || is_space((unsigned char)*r)) {
				e = q;
				break;
			}
			question = 0;
			q = r - 1;
		}
		p = q < end ? q : end;
		while (p < end && (*p == '.' || *p == '!' || *p == '?'))
			p++;
		if (!list_item && !question) {
			size_t n = tokenize(t, MAX_TOKENS, s, e);
			enum md_verdict v = classify(t, n);

			if (v != MD_VERDICT_NONE)
				return v;
		}
		list_item = is_list_number(s, e);
	}
	return MD_VERDICT_NONE;
}

int
md_review_scan(struct md_review *out, const char *body, size_t len)
{
	const char *p = body, *end = body + len, *para = NULL;
	struct md_strmap seen = MD_STRMAP_INIT;
	int rc = MD_OK;

	md_review_init(out);
	seen.fold_case = 1;
	while (p < end && !rc) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *next = nl ? nl + 1 : end;
		size_t n = (size_t)((nl ? nl : end) - p);

		if (n && p[n - 1] == '\r')
			n--;
		if (line_is_quoted(p, n) || line_is_blank(p, n)) {
			if (para && out->verdict == MD_VERDICT_NONE)
				out->verdict = scan_paragraph(para, p);
			para = NULL;
		} else if (line_is_stop(p, n)) {
			break;
		} else {
			if (!para)
				para = p;
			rc = scan_trailer_line(out, &seen, p, n);
		}
		p = next;
	}
	if (!rc && para && out->verdict == MD_VERDICT_NONE)
		out->verdict = scan_paragraph(para, p);
	md_strmap_release(&seen);
	if (rc)
		md_review_release(out);
	return rc;
}

/*
 * The prefilter.
 */

/* Whether p[0..n) is lit (lowercase), in any case; no bounds check. */
static int
ci_eq(const char *p, const char *lit, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (lower((unsigned char)p[i]) != (unsigned char)lit[i])
			return 0;
	return 1;
}

/*
 * The first occurrence of lit (lowercase ASCII) in [p, end) in any case,
 * or NULL.  Candidates are found with memchr() on lit[k] in both cases
 * (pick a rare letter), each scan resuming where it left off, so every
 * byte is read by memchr at most twice.
 */
static const char *
ci_find(const char *p, const char *end, const char *lit, size_t k)
{
	size_t n = strlen(lit);
	unsigned char lo = (unsigned char)lit[k];
	unsigned char up = lo >= 'a' && lo <= 'z' ? (unsigned char)(lo - 32)
						    : lo;
	const char *s, *send, *nlo = NULL, *nup = NULL;
	int lo_done = 0, up_done = lo == up;

	if ((size_t)(end - p) < n)
		return NULL;
	s = p + k;
	send = end - (n - k) + 1;
	while (s < send) {
		const char *c;

		if (!lo_done && (!nlo || nlo < s)) {
			nlo = memchr(s, lo, (size_t)(send - s));
			lo_done = !nlo;
		}
		if (!up_done && (!nup || nup < s)) {
			nup = memchr(s, up, (size_t)(send - s));
			up_done = !nup;
		}
		if (lo_done && up_done)
			return NULL;
		if (lo_done)
			c = nup;
		else if (up_done)
			c = nlo;
		else
			c = nlo < nup ? nlo : nup;
		if (ci_eq(c - k, lit, n))
			return c - k;
		s = c + 1;
	}
	return NULL;
}

static const char *
skip_ws(const char *p, const char *end)
{
	while (p < end && is_space((unsigned char)*p))
		p++;
	return p;
}

/* What the Content-Transfer-Encoding header fields (of the message or
 * of any part) say: 1 when some encoding hides the text, else 0 with *qp
 * set when one is quoted-printable. */
static int
hidden_by_encoding(const char *raw, const char *end, int *qp)
{
	static const char name[] = "content-transfer-encoding";
	const char *p = raw;

	*qp = 0;
	for (;;) {
		const char *h = ci_find(p, end, name, 13), *v, *ve;
		size_t n;

		if (!h)
			return 0;
		p = skip_ws(h + sizeof(name) - 1, end);
		/* A header field starts a line (DKIM's h= lists the name
		 * too, followed by a ':'). */
		if ((h > raw && h[-1] != '\n') || p >= end || *p != ':')
			continue;
		v = skip_ws(p + 1, end);
		if (v < end && *v == '"')
			v++;
		for (ve = v; ve < end && ((lower((unsigned char)*ve) >= 'a' &&
					   lower((unsigned char)*ve) <= 'z') ||
					  (*ve >= '0' && *ve <= '9') ||
					  *ve == '-' || *ve == '_');
		     ve++)
			;
		n = (size_t)(ve - v);
		p = ve;
		if ((n == 4 && ci_eq(v, "7bit", 4)) ||
		    (n == 4 && ci_eq(v, "8bit", 4)) ||
		    (n == 6 && ci_eq(v, "binary", 6)))
			continue;
		if (n == 16 && ci_eq(v, "quoted-printable", 16)) {
			*qp = 1;
			continue;
		}
		return 1;
	}
}

/* Whether a charset label names a charset whose text is not ASCII. */
static int
hidden_by_charset(const char *raw, const char *end)
{
	static const char *const bad[] = {
		"utf-7", "utf7", "utf-16", "utf16", "utf-32", "utf32", "ucs",
		"unicode", "ebcdic", "ibm", "cp0", "cp2", "cp4", "cp5", "cp8",
		"cp9", "cp10", "cp11", "x-ebcdic", NULL
	};
	const char *p = raw;

	for (;;) {
		const char *h = ci_find(p, end, "charset", 0), *v;

		if (!h)
			return 0;
		p = h + 7;
		v = p;
		while (v < end && (*v == '*' || (*v >= '0' && *v <= '9')))
			v++;
		v = skip_ws(v, end);
		if (v >= end || *v != '=')
			continue;
		v = skip_ws(v + 1, end);
		if (v < end && (*v == '"' || *v == '\''))
			v++;
		for (const char *const *b = bad; *b; b++)
			if (ci_prefix(v, (size_t)(end - v), *b))
				return 1;
	}
}

static int
hex_val(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = lower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* In quoted-printable text: a soft line break, or an escape of a
 * letter, ':', space or tab. */
static int
hidden_by_qp(const char *raw, const char *end)
{
	const char *p = raw;

	for (;;) {
		const char *eq = memchr(p, '=', (size_t)(end - p));
		const char *q;
		int h, l;

		if (!eq)
			return 0;
		p = eq + 1;
		for (q = p; q < end && is_blank((unsigned char)*q); q++)
			;
		if (q < end && (*q == '\n' || *q == '\r'))
			return 1;
		if (end - p < 2)
			continue;
		h = hex_val((unsigned char)p[0]);
		l = hex_val((unsigned char)p[1]);
		if (h >= 0 && l >= 0) {
			int c = h * 16 + l;

			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			    c == ':' || c == ' ' || c == '\t')
				return 1;
		}
	}
}


/* Whether line text at p (before eol) starts with lit, a lower-case
 * word, in any case. */
static int
word_at(const char *p, const char *eol, const char *lit, size_t n)
{
	return (size_t)(eol - p) >= n && ci_eq(p, lit, n);
}

/* A trailer tag ("Reviewed-by:", "Acked by :") whose "by" is at b. */
static int
tag_at(const char *ls, const char *b, const char *eol)
{
	static const struct {
		const char *w;
		size_t n;
	} kinds[] = {
		{ "reviewed", 8 }, { "reviwed", 7 }, { "reveiwed", 8 },
		{ "reviewd", 7 }, { "acked", 5 }, { "tested", 6 },
	};
	const char *c = b + 2;

	if (b - ls < 2 || eol - b < 2 || (b[-1] != '-' && b[-1] != ' ') ||
	    lower((unsigned char)b[1]) != 'y')
		return 0;
	while (c < eol && is_blank((unsigned char)*c))
		c++;
	if (c >= eol || *c != ':')
		return 0;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if ((size_t)(b - 1 - ls) >= kinds[i].n &&
		    ci_eq(b - 1 - kinds[i].n, kinds[i].w, kinds[i].n))
			return 1;
	return 0;
}

/*
 * A trailer tag or a verb of a verdict on an unquoted line of the body.
 * One pass: quoted lines (most of a reply) are skipped with a memchr
 * each; the bytes of the others are looked at once, by a switch on the
 * letters the words start with.
 */
static int
unquoted_has_words(const char *p, const char *end)
{
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end, *ls;

		while (p < eol && is_blank((unsigned char)*p))
			p++;
		if (p < eol && *p == '>') {
			p = eol + (nl != NULL);
			continue;
		}
		for (ls = p; p < eol; p++) {
			switch (*p | 0x20) {
			case 'q':
				if (word_at(p, eol, "queued", 6))
					return 1;
				break;
			case 'p':
				if (word_at(p, eol, "picked", 6) ||
				    word_at(p, eol, "pushed", 6))
					return 1;
				break;
			case 'm':
				if (word_at(p, eol, "merged", 6))
					return 1;
				break;
			case 'a':
				if (word_at(p, eol, "applied", 7))
					return 1;
				break;
			case 'b':
				if (tag_at(ls, p, eol))
					return 1;
				break;
			default:
				break;
			}
		}
		p = eol + (nl != NULL);
	}
	return 0;
}

/*
 * The header fields among the lines of [p, end) that hide text: a
 * Content-Transfer-Encoding other than 7bit, 8bit, binary (*qp set for
 * quoted-printable), a Content-Type with a non-ASCII charset (its
 * continuation lines included).  Sets *multipart when a Content-Type
 * names multipart.  Only line starts are looked at, one memchr a line.
 */
static int
hidden_by_fields(int *qp, int *multipart, const char *p, const char *end)
{
	int in_type = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl + 1 : end;
		int q = 0;

		if (in_type && (*p == ' ' || *p == '\t')) {
			if (hidden_by_charset(p, eol))
				return 1;
			if (ci_find(p, eol, "multipart", 0))
				*multipart = 1;
		} else if ((lower((unsigned char)*p) == 'c') &&
			   word_at(p, eol, "content-", 8)) {
			in_type = word_at(p, eol, "content-type", 12);
			if (in_type) {
				if (hidden_by_charset(p, eol))
					return 1;
				if (ci_find(p, eol, "multipart", 0))
					*multipart = 1;
			} else if (hidden_by_encoding(p, eol, &q)) {
				return 1;
			}
			*qp |= q;
		} else {
			in_type = 0;
		}
		p = eol;
	}
	return 0;
}

/* The end of the message's header block: after its first empty line;
 * raw itself when there is none (text with no header block is all
 * body here). */
static const char *
header_end(const char *raw, const char *end)
{
	for (const char *p = raw; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (!nl)
			return raw;
		if (nl == p || (nl == p + 1 && *p == '\r'))
			return nl + 1;
		p = nl + 1;
	}
	return raw;
}

int
md_review_maybe(const char *raw, size_t len)
{
	const char *end = raw + len;
	const char *hdr_end = header_end(raw, end);
	int qp = 0, multipart = 0;

	if (memchr(raw, '\0', len))
		return 1;
	/* The encodings and charsets that hide text are named in header
	 * fields: the message's, and in multipart mail the parts', which
	 * may be anywhere in it. */
	if (hidden_by_fields(&qp, &multipart, raw, hdr_end))
		return 1;
	if (multipart && hidden_by_fields(&qp, &multipart, hdr_end, end))
		return 1;
	if (qp && hidden_by_qp(raw, end))
		return 1;
	return unquoted_has_words(hdr_end, end);
}
