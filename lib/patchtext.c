/*
 * patchtext.c - commit message excerpt of a patch mail, following what
 * git format-patch writes: message, "---", diffstat, summary line, diff.
 */
#include <ctype.h>
#include <string.h>

#include "lib/patchtext.h"
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
