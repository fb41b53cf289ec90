/*
 * subject.c - subject prefix and tag parser.
 *
 * Grammar accepted (case-insensitive, white space anywhere between):
 *   subject = *( reply-prefix / "[" tags "]" ) title
 *   reply-prefix = word [ "[" digits "]" ] ":"  with word one of
 *                  re, aw, sv, antw, odp, vs, ynt, r  (replies) or
 *                  fwd, fw, wg, tr  (forwards)
 *   tags = tag *( ( " " / "," / ":" ) tag )
 *   tag  = "PATCH" [ ["-"] "v" digits ] / "RFC" [ ["-"] "v" digits ]
 *        / "RESEND" / "GIT" "PULL" / "PULL" / "v" digits
 *        / digits "/" digits / other-word
 * The same forms git format-patch, b4 and the kernel's tooling write.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/subject.h"
#include "util/banned.h"

static const char *
skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* If p starts a reply or forward prefix, return what follows its colon
 * and set *flag; else return NULL. */
static const char *
reply_prefix(const char *p, unsigned *flag)
{
	static const struct {
		const char *word;
		unsigned flag;
	} words[] = {
		{ "re", MD_SUBJ_REPLY },   { "aw", MD_SUBJ_REPLY },
		{ "sv", MD_SUBJ_REPLY },   { "antw", MD_SUBJ_REPLY },
		{ "odp", MD_SUBJ_REPLY },  { "vs", MD_SUBJ_REPLY },
		{ "ynt", MD_SUBJ_REPLY },  { "r", MD_SUBJ_REPLY },
		{ "fwd", MD_SUBJ_FORWARD }, { "fw", MD_SUBJ_FORWARD },
		{ "wg", MD_SUBJ_FORWARD }, { "tr", MD_SUBJ_FORWARD },
		/* Chinese mail clients: "reply" (two forms), "forward". */
		{ "\xe5\x9b\x9e\xe5\xa4\x8d", MD_SUBJ_REPLY },
		{ "\xe7\xad\x94\xe5\xa4\x8d", MD_SUBJ_REPLY },
		{ "\xe8\xbd\xac\xe5\x8f\x91", MD_SUBJ_FORWARD },
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t n = strlen(words[i].word);
		const char *q;

		if (strncasecmp(p, words[i].word, n))
			continue;
		q = p + n;
		if (*q == '[') { /* "Re[2]:" */
			q++;
			while (isdigit((unsigned char)*q))
				q++;
			if (*q != ']')
				continue;
			q++;
		}
		q = skip_ws(q);
		if (*q == ':') {
			*flag = words[i].flag;
			return q + 1;
		}
		/* The full-width colon U+FF1A. */
		if (!strncmp(q, "\xef\xbc\x9a", 3)) {
			*flag = words[i].flag;
			return q + 3;
		}
	}
	return NULL;
}

static int
parse_uint(const char *s, size_t n, unsigned *out)
{
	unsigned long v = 0;

	if (!n || n > 6)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return 0;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	*out = (unsigned)v;
	return 1;
}

/* "v3", "V3"; *out is only written for a version of at least 1. */
static int
parse_version(const char *s, size_t n, unsigned *out)
{
	unsigned v;

	if (n < 2 || (s[0] != 'v' && s[0] != 'V') ||
	    !parse_uint(s + 1, n - 1, &v) || !v)
		return 0;
	*out = v;
	return 1;
}

static void
add_extra(struct md_subject *out, const char *w, size_t n)
{
	size_t used = strlen(out->extra);

	if (used + (used ? 1 : 0) + n + 1 > sizeof(out->extra))
		return;
	if (used)
		out->extra[used++] = ' ';
	memcpy(out->extra + used, w, n);
	out->extra[used + n] = '\0';
}

/* A keyword with an optional glued version: PATCH, PATCHv2, PATCH-v2. */
static int
keyword_with_version(const char *w, size_t n, const char *kw,
		     unsigned *version)
{
	size_t k = strlen(kw);

	if (n < k || strncasecmp(w, kw, k))
		return 0;
	if (n == k)
		return 1;
	w += k;
	n -= k;
	if (*w == '-' || *w == '_') {
		w++;
		n--;
	}
	return parse_version(w, n, version);
}

static void
parse_tag_word(struct md_subject *out, const char *w, size_t n,
	       int *git_pending)
{
	unsigned a, b;
	const char *slash;

	if (*git_pending) {
		*git_pending = 0;
		if (n == 4 && !strncasecmp(w, "PULL", 4)) {
			out->flags |= MD_SUBJ_PULL;
			return;
		}
		add_extra(out, "GIT", 3);
	}
	if (keyword_with_version(w, n, "PATCH", &out->version)) {
		out->flags |= MD_SUBJ_PATCH;
	} else if (keyword_with_version(w, n, "RFC", &out->version)) {
		out->flags |= MD_SUBJ_RFC;
	} else if (n == 6 && !strncasecmp(w, "RESEND", 6)) {
		out->flags |= MD_SUBJ_RESEND;
	} else if (n == 4 && !strncasecmp(w, "PULL", 4)) {
		out->flags |= MD_SUBJ_PULL;
	} else if (n == 3 && !strncasecmp(w, "GIT", 3)) {
		*git_pending = 1;
	} else if (parse_version(w, n, &a)) {
		out->version = a;
	} else if ((slash = memchr(w, '/', n)) &&
		   parse_uint(w, (size_t)(slash - w), &a) &&
		   parse_uint(slash + 1, n - (size_t)(slash - w) - 1, &b) &&
		   b > 0 && a <= b) {
		out->num = a;
		out->total = b;
		out->flags |= MD_SUBJ_NUMBERED;
	} else {
		add_extra(out, w, n);
	}
}

static int
is_tag_sep(char c)
{
	return c == ' ' || c == '\t' || c == ',' || c == ':';
}

/* Parse the inside of one [...] group. */
static void
parse_tags(struct md_subject *out, const char *s, size_t len)
{
	size_t i = 0;
	int git_pending = 0;

	while (i < len) {
		size_t j;

		while (i < len && is_tag_sep(s[i]))
			i++;
		j = i;
		/* "stable-4.{4,9,14}" is one word: braces group, when they
		 * close; an unclosed '{' is an ordinary character. */
		for (int depth = 0; j < len && (depth || !is_tag_sep(s[j])); j++) {
			if (s[j] == '{' &&
			    memchr(s + j + 1, '}', len - j - 1))
				depth++;
			else if (s[j] == '}' && depth)
				depth--;
		}
		if (j > i)
			parse_tag_word(out, s + i, j - i, &git_pending);
		i = j;
	}
	if (git_pending)
		add_extra(out, "GIT", 3);
}

void
md_subject_parse(struct md_subject *out, const char *subject)
{
	const char *p = subject;

	memset(out, 0, sizeof(*out));
	out->version = 1;
	for (;;) {
		const char *q;
		unsigned flag = 0;

		p = skip_ws(p);
		q = reply_prefix(p, &flag);
		/* After tags, "fw: add a loader" is a title, not a forward:
		 * there a prefix counts only before another tag group, as in
		 * "[kbuild] Re: [PATCH] ...". */
		if (q && (!(out->flags & MD_SUBJ_TAGGED) || *skip_ws(q) == '[')) {
			out->flags |= flag;
			p = q;
			continue;
		}
		if (*p == '[') {
			const char *close = strchr(p, ']');

			if (!close)
				break;
			parse_tags(out, p + 1, (size_t)(close - p - 1));
			out->flags |= MD_SUBJ_TAGGED;
			p = close + 1;
			continue;
		}
		break;
	}
	out->title = skip_ws(p);
}

int
md_subject_is_patch_mail(const struct md_subject *s)
{
	return (s->flags & MD_SUBJ_PATCH) &&
	       !(s->flags & (MD_SUBJ_REPLY | MD_SUBJ_FORWARD));
}

int
md_subject_is_series_head(const struct md_subject *s)
{
	return md_subject_is_patch_mail(s) && s->num <= 1;
}
