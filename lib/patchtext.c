/*
 * patchtext.c - commit message excerpt of a patch mail, following what
 * git format-patch writes: message, "---", diffstat, summary line, diff;
 * and the paths a patch touches, read the way git apply reads a diff
 * (git's apply.c: "diff --git" header lines, extended headers, C-quoted
 * names, hunks consumed by their line counts) with patch(1)'s -p1 for
 * diffs that are not git's.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lib/patchtext.h"
#include "util/utf8.h"
#include "util/banned.h"

/* Match "N word" at *p, advancing past it; word is a prefix that may be
 * followed by "s" (file/files, insertion/insertions). */
static int
match_count(const char **p, const char *end, const char *word)
{
	const char *q = *p;
	size_t n = strlen(word);

	if (q >= end || !isdigit((unsigned char)*q))
		return 0;
	while (q < end && isdigit((unsigned char)*q))
		q++;
	if (q >= end || *q != ' ')
		return 0;
	q++;
	if ((size_t)(end - q) < n || memcmp(q, word, n))
		return 0;
	q += n;
	if (q < end && *q == 's')
		q++;
	*p = q;
	return 1;
}

static int
match_lit(const char **p, const char *end, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(end - *p) < n || memcmp(*p, lit, n))
		return 0;
	*p += n;
	return 1;
}

int
md_patch_is_summary_line(const char *line, size_t len)
{
	const char *p = line, *end = line + len;

	while (end > p && (end[-1] == ' ' || end[-1] == '\r'))
		end--;
	if (p >= end || *p != ' ')
		return 0;
	while (p < end && *p == ' ')
		p++;
	if (!match_count(&p, end, "file") || !match_lit(&p, end, " changed"))
		return 0;
	if (p == end)
		return 1;
	if (!match_lit(&p, end, ", "))
		return 0;
	if (match_count(&p, end, "insertion")) {
		if (!match_lit(&p, end, "(+)"))
			return 0;
		if (p == end)
			return 1;
		if (!match_lit(&p, end, ", "))
			return 0;
	}
	if (match_count(&p, end, "deletion") && match_lit(&p, end, "(-)"))
		return p == end;
	return 0;
}

/* Whether the line is quoted: '>' after optional blanks. */
static int
line_is_quoted(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	return i < n && p[i] == '>';
}

static int
starts_with(const char *p, size_t n, const char *lit)
{
	size_t k = strlen(lit);

	return n >= k && !memcmp(p, lit, k);
}

int
md_patch_excerpt(struct md_buf *out, const char *body, size_t len)
{
	const char *p = body, *end = body + len, *cut = end, *summary = NULL;
	size_t start = md_buf_len(out);
	int rc;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (starts_with(p, n, "diff --git ") ||
		    starts_with(p, n, "Index: ") ||
		    (n == 3 && !memcmp(p, "-- ", 3)) ||
		    (n == 4 && !memcmp(p, "-- \r", 4))) {
			cut = p;
			break;
		}
		if (md_patch_is_summary_line(p, n))
			summary = p + n;
		p = nl ? nl + 1 : end;
	}
	if (summary)
		cut = summary;
	rc = md_buf_add(out, body, (size_t)(cut - body));
	if (rc)
		return rc;
	/* Drop trailing blank lines (and trailing white space on them). */
	{
		size_t n = md_buf_len(out);

		while (n > start && (out->buf[n - 1] == '\n' ||
				     out->buf[n - 1] == ' ' ||
				     out->buf[n - 1] == '\t' ||
				     out->buf[n - 1] == '\r')) {
			/* Keep trailing spaces of the last real line. */
			size_t k = n;

			while (k > start && out->buf[k - 1] != '\n')
				k--;
			if (k < n && strspn(out->buf + k, " \t\r") != n - k)
				break;
			n = k > start ? k - 1 : start;
		}
		md_buf_setlen(out, n);
	}
	/* A "---" separator with nothing after it says nothing. */
	{
		size_t n = md_buf_len(out);

		if (n >= start + 3 && !memcmp(out->buf + n - 3, "---", 3) &&
		    (n == start + 3 || out->buf[n - 4] == '\n')) {
			n -= 3;
			while (n > start && (out->buf[n - 1] == '\n' ||
					     out->buf[n - 1] == ' '))
				n--;
			md_buf_setlen(out, n);
		}
	}
	return MD_OK;
}

/*
 * Paths.
 */

struct paths {
	struct md_ptrvec *out;
	struct md_strmap seen; /* paths in out */
	int from_diff;         /* a diff gave a path (maybe a duplicate) */
};

static int
add_path(struct paths *ps, const char *p, size_t n)
{
	struct md_buf b = MD_BUF_INIT;
	int created = 0, rc;

	if (!n || n > MD_PATCH_MAX_PATH || memchr(p, '\0', n))
		return MD_OK;
	rc = md_utf8_add_repaired(&b, p, n);
	if (!rc && !md_strmap_slot(&ps->seen, b.buf, &created))
		rc = MD_ENOMEM;
	if (!rc && created) {
		char *s = md_buf_detach(&b, NULL);

		if (!s)
			rc = MD_ENOMEM;
		else if (md_ptrvec_push(ps->out, s)) {
			free(s);
			rc = MD_ENOMEM;
		}
	}
	md_buf_release(&b);
	return rc;
}

static int
is_odigit(char c)
{
	return c >= '0' && c <= '7';
}

/*
 * Unquote the C-quoted name at *pp (which points at its '"') into out,
 * as git's unquote_c_style() does, and advance *pp past the closing
 * quote.  *pp becomes NULL when the name is not well-formed.
 */
static int
unquote_c(struct md_buf *out, const char **pp, const char *end)
{
	const char *p = *pp + 1;
	int rc = MD_OK;

	*pp = NULL;
	while (p < end && !rc) {
		char c = *p++;

		if (c == '"') {
			*pp = p;
			return MD_OK;
		}
		if (c != '\\') {
			rc = md_buf_addch(out, c);
			continue;
		}
		if (p >= end)
			break;
		c = *p++;
		switch (c) {
		case 'a':
			c = '\a';
			break;
		case 'b':
			c = '\b';
			break;
		case 'f':
			c = '\f';
			break;
		case 'n':
			c = '\n';
			break;
		case 'r':
			c = '\r';
			break;
		case 't':
			c = '\t';
			break;
		case 'v':
			c = '\v';
			break;
		case '\\':
		case '"':
			break;
		default:
			if (c < '0' || c > '3' || end - p < 2 ||
			    !is_odigit(p[0]) || !is_odigit(p[1]))
				return MD_OK; /* malformed */
			c = (char)(((c - '0') << 6) | ((p[0] - '0') << 3) |
				   (p[1] - '0'));
			p += 2;
			break;
		}
		rc = md_buf_addch(out, c);
	}
	return rc;
}

/* The name in v[0..n) of a "--- ", "+++ ", "rename from " line: C-quoted,
 * or as written up to a tab.  *ok is 0 when there is none. */
static int
get_name(struct md_buf *out, const char *v, size_t n, int *ok)
{
	const char *end = v + n, *q;
	int rc;

	md_buf_reset(out);
	*ok = 0;
	if (n && *v == '"') {
		q = v;
		rc = unquote_c(out, &q, end);
		*ok = !rc && q && md_buf_len(out);
		return rc;
	}
	q = memchr(v, '\t', n);
	if (q)
		end = q;
	while (end > v && end[-1] == ' ')
		end--;
	if (end == v)
		return MD_OK;
	*ok = 1;
	return md_buf_add(out, v, (size_t)(end - v));
}

/* Whether b starts with a one-letter prefix such as "a/". */
static int
has_letter_prefix(const struct md_buf *b)
{
	return md_buf_len(b) > 2 && b->buf[1] == '/' && b->buf[0] != '/';
}

static void
drop_prefix(struct md_buf *b, size_t k)
{
	size_t n = md_buf_len(b);

	memmove(b->buf, b->buf + k, n - k);
	md_buf_setlen(b, n - k);
}

/* Drop the first path component (patch -p1), unless there is no '/'. */
static void
drop_component(struct md_buf *b)
{
	char *slash = memchr(b->buf, '/', md_buf_len(b));

	if (slash && (size_t)(slash - b->buf) + 1 < md_buf_len(b))
		drop_prefix(b, (size_t)(slash - b->buf) + 1);
}

static int
is_dev_null(const struct md_buf *b)
{
	return md_buf_len(b) == 9 && !memcmp(b->buf, "/dev/null", 9);
}

/* One file's part of a diff. */
struct section {
	int kind;      /* 0 none, 1 git, 2 other */
	int in_header; /* git: before the first hunk */
	int prefix;    /* git: names carry a letter prefix: 1, 0, or -1
			  when the "diff --git" line could not be split */
	struct md_buf a, b, minus, plus, from, to;
	int have_a, have_b, have_minus, have_plus, have_from, have_to;
	int minus_null, plus_null, created, deleted, copy;
};

static void
section_start(struct section *s, int kind)
{
	md_buf_reset(&s->a);
	md_buf_reset(&s->b);
	md_buf_reset(&s->minus);
	md_buf_reset(&s->plus);
	md_buf_reset(&s->from);
	md_buf_reset(&s->to);
	s->have_a = s->have_b = s->have_minus = s->have_plus = 0;
	s->have_from = s->have_to = 0;
	s->minus_null = s->plus_null = s->created = s->deleted = s->copy = 0;
	s->kind = kind;
	s->in_header = 1;
	s->prefix = -1;
}

static void
section_release(struct section *s)
{
	md_buf_release(&s->a);
	md_buf_release(&s->b);
	md_buf_release(&s->minus);
	md_buf_release(&s->plus);
	md_buf_release(&s->from);
	md_buf_release(&s->to);
}

static int
emit(struct paths *ps, const struct md_buf *b)
{
	ps->from_diff = 1;
	return add_path(ps, b->buf, md_buf_len(b));
}

/* Add the paths of the section that ends. */
static int
section_flush(struct paths *ps, struct section *s)
{
	const struct md_buf *old = NULL, *new = NULL;
	int rc = MD_OK;

	if (s->kind == 1) {
		if (s->have_from)
			old = &s->from;
		else if (s->have_minus && !s->minus_null)
			old = &s->minus;
		else if (s->have_a)
			old = &s->a;
		if (s->have_to)
			new = &s->to;
		else if (s->have_plus && !s->plus_null)
			new = &s->plus;
		else if (s->have_b)
			new = &s->b;
		if (s->deleted || s->plus_null) {
			new = NULL;
		} else if (s->created || s->minus_null) {
			old = NULL;
		} else if (old && new && !s->copy &&
			   (md_buf_len(old) != md_buf_len(new) ||
			    memcmp(old->buf, new->buf, md_buf_len(old)))) {
			rc = emit(ps, old);
			old = NULL;
		}
		if (!rc && (new || old))
			rc = emit(ps, new ? new : old);
	} else if (s->kind == 2) {
		if (s->plus_null && !s->minus_null)
			rc = emit(ps, &s->minus);
		else if (!s->plus_null)
			rc = emit(ps, &s->plus);
	}
	s->kind = 0;
	return rc;
}

/* Whether the unquoted names A = p[0..h) and B = q[0..h) of a
 * "diff --git" line name the same file (with or without prefixes). */
static int
same_names(const char *p, const char *q, size_t h)
{
	if (!memcmp(p, q, h))
		return 1;
	return h > 2 && p[1] == '/' && q[1] == '/' &&
	       !memcmp(p + 2, q + 2, h - 2);
}

/* Read the names of "diff --git " + p[0..end). */
static int
parse_git_line(struct section *s, const char *p, const char *end)
{
	const char *q;
	size_t n = (size_t)(end - p);
	int rc = MD_OK;

	while (end > p && end[-1] == ' ')
		end--;
	n = (size_t)(end - p);
	if (n && *p == '"') {
		q = p;
		rc = unquote_c(&s->a, &q, end);
		if (rc || !q || q >= end || *q != ' ')
			goto ambiguous;
		q++;
		if (q < end && *q == '"') {
			const char *r = q;

			rc = unquote_c(&s->b, &r, end);
			if (rc || r != end)
				goto ambiguous;
		} else if (q < end) {
			rc = md_buf_add(&s->b, q, (size_t)(end - q));
		} else {
			goto ambiguous;
		}
	} else if (n && end[-1] == '"') {
		/* A unquoted, B quoted: the first " \"" that quotes B to
		 * the end of the line. */
		for (q = p; q + 1 < end && !rc; q++) {
			const char *r = q + 1;

			if (*q != ' ' || *r != '"')
				continue;
			md_buf_reset(&s->b);
			rc = unquote_c(&s->b, &r, end);
			if (!rc && r == end) {
				rc = md_buf_add(&s->a, p, (size_t)(q - p));
				break;
			}
		}
		if (rc || q + 1 >= end)
			goto ambiguous;
	} else {
		/* Both unquoted: equal names split the line in halves;
		 * else the one blank followed by a letter prefix. */
		size_t h = n / 2, split = 0, splits = 0;

		if (n >= 3 && (n & 1) && p[h] == ' ' &&
		    same_names(p, p + h + 1, h)) {
			split = h;
		} else {
			for (size_t i = 1; i + 3 < n; i++) {
				if (p[i] == ' ' && p[i + 1] != '/' &&
				    p[i + 2] == '/') {
					split = i;
					splits++;
				}
			}
			if (splits != 1)
				goto ambiguous;
		}
		rc = md_buf_add(&s->a, p, split);
		if (!rc)
			rc = md_buf_add(&s->b, p + split + 1, n - split - 1);
	}
	if (rc)
		return rc;
	if (!md_buf_len(&s->a) || !md_buf_len(&s->b))
		goto ambiguous;
	s->have_a = s->have_b = 1;
	s->prefix = 0;
	if (has_letter_prefix(&s->a) && has_letter_prefix(&s->b) &&
	    s->a.buf[0] != s->b.buf[0]) {
		drop_prefix(&s->a, 2);
		drop_prefix(&s->b, 2);
		s->prefix = 1;
	}
	return MD_OK;
ambiguous:
	md_buf_reset(&s->a);
	md_buf_reset(&s->b);
	s->have_a = s->have_b = 0;
	s->prefix = -1;
	return rc;
}

/* A "--- " or "+++ " name of a git section into b; *null for
 * /dev/null. */
static int
git_side(struct section *s, struct md_buf *b, int *have, int *null,
	 const char *v, size_t n)
{
	int ok, rc;

	if (*have)
		return MD_OK;
	rc = get_name(b, v, n, &ok);
	if (rc || !ok)
		return rc;
	*have = 1;
	if (is_dev_null(b))
		*null = 1;
	else if (s->prefix != 0 && has_letter_prefix(b))
		drop_prefix(b, 2);
	return MD_OK;
}

/* Parse a hunk header "@@ -l[,n] +l[,n] @@"; the counts go to *old and
 * *new (at most a billion each). */
static int
parse_hunk(const char *p, const char *end, unsigned long *old,
	   unsigned long *new)
{
	unsigned long *dst[2] = { old, new };

	p += 3;
	for (int k = 0; k < 2; k++) {
		unsigned long v = 1;
		int digits = 0;

		if (p >= end || *p != (k ? '+' : '-'))
			return 0;
		for (p++; p < end && isdigit((unsigned char)*p); p++)
			digits = 1;
		if (!digits)
			return 0;
		if (p < end && *p == ',') {
			v = 0;
			digits = 0;
			for (p++; p < end && isdigit((unsigned char)*p); p++) {
				if (v < 1000000000ul)
					v = v * 10 + (unsigned long)(*p - '0');
				digits = 1;
			}
			if (!digits)
				return 0;
		}
		*dst[k] = v;
		if (p >= end || *p != ' ')
			return 0;
		p++;
	}
	return end - p >= 2 && p[0] == '@' && p[1] == '@';
}

/* The name part of a diffstat file line "name | 12 +-" or
 * "name | Bin 0 -> 12 bytes". */
static int
diffstat_name(const char *p, size_t n, const char **name, size_t *name_len)
{
	const char *end = p + n, *bar = NULL, *q, *l, *r;
	int digits = 0;

	for (q = end; q > p; q--) {
		if (q[-1] == '|') {
			bar = q - 1;
			break;
		}
	}
	if (!bar)
		return 0;
	q = bar + 1;
	while (q < end && *q == ' ')
		q++;
	if (!(end - q >= 3 && !memcmp(q, "Bin", 3))) {
		while (q < end && isdigit((unsigned char)*q)) {
			q++;
			digits = 1;
		}
		if (!digits)
			return 0;
		while (q < end && *q == ' ')
			q++;
		while (q < end && (*q == '+' || *q == '-'))
			q++;
		while (q < end && *q == ' ')
			q++;
		if (q != end)
			return 0;
	}
	for (l = p; l < bar && (*l == ' ' || *l == '\t'); l++)
		;
	for (r = bar; r > l && (r[-1] == ' ' || r[-1] == '\t'); r--)
		;
	if (r == l)
		return 0;
	*name = l;
	*name_len = (size_t)(r - l);
	return 1;
}

/* Add a+b+c with "//" squeezed (from "dir/{ => sub}/f"), unless it is
 * abbreviated ("..."). */
static int
add_joined(struct paths *ps, const char *a, size_t an, const char *b,
	   size_t bn, const char *c, size_t cn)
{
	struct md_buf j = MD_BUF_INIT;
	int rc = md_buf_add(&j, a, an);

	if (!rc)
		rc = md_buf_add(&j, b, bn);
	if (!rc)
		rc = md_buf_add(&j, c, cn);
	if (!rc) {
		char *d = j.buf, *s = j.buf, *e = j.buf + md_buf_len(&j);

		for (; s < e; s++)
			if (!(*s == '/' && d > j.buf && d[-1] == '/'))
				*d++ = *s;
		md_buf_setlen(&j, (size_t)(d - j.buf));
		if (!(md_buf_len(&j) >= 3 && !memcmp(j.buf, "...", 3)) &&
		    !(md_buf_len(&j) && j.buf[0] == '/'))
			rc = add_path(ps, j.buf, md_buf_len(&j));
	}
	md_buf_release(&j);
	return rc;
}

/* The paths of one diffstat name (quoted, or a rename). */
static int
add_diffstat_name(struct paths *ps, const char *p, size_t n)
{
	struct md_buf u = MD_BUF_INIT;
	const char *end, *arrow = NULL, *lb, *rb;
	int rc = MD_OK;

	if (*p == '"') {
		const char *q = p;

		rc = unquote_c(&u, &q, p + n);
		if (rc || !q || q != p + n)
			goto done;
		p = u.buf;
		n = md_buf_len(&u);
	}
	end = p + n;
	for (const char *q = p; q + 4 <= end; q++) {
		if (!memcmp(q, " => ", 4)) {
			arrow = q;
			break;
		}
	}
	if (!arrow) {
		rc = add_joined(ps, p, n, "", 0, "", 0);
		goto done;
	}
	lb = arrow;
	while (lb > p && lb[-1] != '{')
		lb--;
	rb = memchr(arrow + 4, '}', (size_t)(end - arrow - 4));
	if (lb > p && rb) {
		/* "pre{old => new}post" */
		rc = add_joined(ps, p, (size_t)(lb - 1 - p), lb,
				(size_t)(arrow - lb), rb + 1,
				(size_t)(end - rb - 1));
		if (!rc)
			rc = add_joined(ps, p, (size_t)(lb - 1 - p), arrow + 4,
					(size_t)(rb - arrow - 4), rb + 1,
					(size_t)(end - rb - 1));
	} else {
		rc = add_joined(ps, p, (size_t)(arrow - p), "", 0, "", 0);
		if (!rc)
			rc = add_joined(ps, arrow + 4,
					(size_t)(end - arrow - 4), "", 0, "",
					0);
	}
done:
	md_buf_release(&u);
	return rc;
}

struct span {
	const char *p;
	size_t n;
};

int
md_patch_paths(struct md_ptrvec *out, const char *body, size_t len)
{
	const char *p = body, *end = body + len;
	const char *minus = NULL; /* an unpaired "--- " line just before */
	size_t minus_len = 0, n_stat = 0, alloc_stat = 0, committed = 0;
	struct span *stat = NULL;
	struct paths ps = { out, MD_STRMAP_INIT, 0 };
	struct section s;
	unsigned long h_old = 0, h_new = 0;
	int rc = MD_OK;

	md_buf_init(&s.a, 0);
	md_buf_init(&s.b, 0);
	md_buf_init(&s.minus, 0);
	md_buf_init(&s.plus, 0);
	md_buf_init(&s.from, 0);
	md_buf_init(&s.to, 0);
	s.kind = 0;
	for (size_t i = 0; i < out->n && !rc; i++)
		rc = md_strmap_put(&ps.seen, out->items[i], NULL);
	while (p < end && !rc) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *line = p, *stat_name;
		size_t n = (size_t)((nl ? nl : end) - p), stat_len;
		const char *prev_minus = minus;
		size_t prev_minus_len = minus_len;

		p = nl ? nl + 1 : end;
		if (n && line[n - 1] == '\r')
			n--;
		minus = NULL;
		if (h_old || h_new) {
			char c = n ? line[0] : ' ';

			if (c == ' ' && h_old && h_new) {
				h_old--;
				h_new--;
				continue;
			}
			if (c == '-' && h_old) {
				h_old--;
				continue;
			}
			if (c == '+' && h_new) {
				h_new--;
				continue;
			}
			if (c == '\\')
				continue;
			h_old = h_new = 0; /* a broken hunk: read the line */
		}
		if (line_is_quoted(line, n)) {
			n_stat = committed;
			continue;
		}
		if (n == 3 && !memcmp(line, "-- ", 3))
			break;
		if (starts_with(line, n, "diff --git ")) {
			rc = section_flush(&ps, &s);
			section_start(&s, 1);
			if (!rc)
				rc = parse_git_line(&s, line + 11, line + n);
			n_stat = committed;
			continue;
		}
		if (s.kind && starts_with(line, n, "@@ -") &&
		    parse_hunk(line, line + n, &h_old, &h_new)) {
			s.in_header = 0;
			continue;
		}
		if (s.kind == 1 && s.in_header) {
			int ok;

			if (starts_with(line, n, "rename from ") ||
			    starts_with(line, n, "copy from ")) {
				size_t k = line[0] == 'r' ? 12 : 10;

				s.copy = line[0] == 'c';
				rc = get_name(&s.from, line + k, n - k, &ok);
				s.have_from = ok;
			} else if (starts_with(line, n, "rename to ") ||
				   starts_with(line, n, "copy to ")) {
				size_t k = line[0] == 'r' ? 10 : 8;

				rc = get_name(&s.to, line + k, n - k, &ok);
				s.have_to = ok;
			} else if (starts_with(line, n, "new file mode")) {
				s.created = 1;
			} else if (starts_with(line, n, "deleted file mode")) {
				s.deleted = 1;
			} else if (starts_with(line, n, "--- ")) {
				rc = git_side(&s, &s.minus, &s.have_minus,
					      &s.minus_null, line + 4, n - 4);
			} else if (starts_with(line, n, "+++ ")) {
				rc = git_side(&s, &s.plus, &s.have_plus,
					      &s.plus_null, line + 4, n - 4);
			} else if (starts_with(line, n, "Binary files ") ||
				   starts_with(line, n, "GIT binary patch")) {
				s.in_header = 0;
			}
			continue;
		}
		if (starts_with(line, n, "--- ")) {
			minus = line + 4;
			minus_len = n - 4;
		} else if (starts_with(line, n, "+++ ") && prev_minus) {
			int ok1, ok2;

			rc = section_flush(&ps, &s);
			section_start(&s, 2);
			if (!rc)
				rc = get_name(&s.minus, prev_minus,
					      prev_minus_len, &ok1);
			if (!rc)
				rc = get_name(&s.plus, line + 4, n - 4, &ok2);
			if (!rc && (!ok1 || !ok2)) {
				s.kind = 0;
			} else if (!rc) {
				s.minus_null = is_dev_null(&s.minus);
				s.plus_null = is_dev_null(&s.plus);
				if (!s.minus_null)
					drop_component(&s.minus);
				if (!s.plus_null)
					drop_component(&s.plus);
			}
			n_stat = committed;
			continue;
		}
		/* Diffstat blocks, for when there is no diff. */
		if (md_patch_is_summary_line(line, n)) {
			committed = n_stat;
		} else if (diffstat_name(line, n, &stat_name, &stat_len)) {
			if (n_stat == alloc_stat) {
				size_t na = alloc_stat ? 2 * alloc_stat : 16;
				struct span *ns = realloc(stat,
							  na * sizeof(*ns));

				if (!ns) {
					rc = MD_ENOMEM;
					break;
				}
				stat = ns;
				alloc_stat = na;
			}
			stat[n_stat].p = stat_name;
			stat[n_stat].n = stat_len;
			n_stat++;
		} else {
			n_stat = committed;
		}
	}
	if (!rc)
		rc = section_flush(&ps, &s);
	for (size_t i = 0; !rc && !ps.from_diff && i < committed; i++)
		rc = add_diffstat_name(&ps, stat[i].p, stat[i].n);
	free(stat);
	section_release(&s);
	md_strmap_release(&ps.seen);
	return rc;
}
