/*
 * maintainers.c - reading the kernel's MAINTAINERS file and finding the
 * sections a path falls under (see maintainers.h for the format and the
 * ranking), after scripts/get_maintainer.pl.
 *
 * The map keeps its own copy of the text and cuts it into strings in
 * place (mblaze style): titles and patterns point into it.
 *
 * F: and X: patterns are indexed by their literal prefix, the leading
 * components without a wildcard ("drivers/net" for "drivers/net/foo*.c",
 * the whole pattern when it has no wildcard), in a string map.  A path
 * looks up each of its own prefixes that end at a '/' and the whole
 * path, so only patterns rooted on its way are tried, and only their
 * remainder is glob-matched, one component at a time.  Patterns whose
 * first component is a glob (THE REST's "*", or ARM/VERSATILE EXPRESS's
 * patterns) are tried for every path, and so are the N: expressions:
 * those without metacharacters with strstr(), the others with
 * regexec().  Matches are gathered, sorted by section, and a section
 * with an X: match among them is dropped.
 */
#include <regex.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/maintainers.h"
#include "util/buf.h"
#include "util/vec.h"
#include "util/banned.h"

#define MAX_FILE (16u << 20)

struct pat {
	const char *key;  /* literal prefix, "" for the wild list */
	const char *rest; /* after the prefix and its '/'; NULL when the
			     whole pattern is literal */
	struct pat *next; /* the next pattern with the same key */
	size_t section;
	size_t key_len;
	unsigned rest_slashes;
	int spec;	       /* 2 * components, 0 for catch-alls */
	unsigned char exclude; /* X: */
	unsigned char dir;     /* had a trailing slash */
};

struct regex_pat {
	regex_t re;
	const char *literal; /* set when the expression is a plain string */
	size_t section;
};

struct md_maintainers {
	char *text;	     /* owned, cut into strings */
	const char **titles; /* point into text */
	size_t n_sections, a_sections;
	struct pat *pats;
	size_t n_pats, a_pats;
	struct regex_pat *res;
	size_t n_res, a_res;
	struct md_strmap index; /* literal prefix -> struct pat chain */
	struct pat *wild;	/* first component is a glob */
};

struct cand {
	size_t section;
	int spec;
	int exclude;
};

/* Make room for one more element of size in *v (n used, *alloc held). */
static int
grow(void *v, size_t *alloc, size_t n, size_t size)
{
	void **pv = v;
	size_t na;
	void *nv;

	if (n < *alloc)
		return MD_OK;
	na = *alloc ? *alloc * 2 : 64;
	nv = realloc(*pv, na * size);
	if (!nv)
		return MD_ENOMEM;
	*pv = nv;
	*alloc = na;
	return MD_OK;
}

void
md_maintainers_free(struct md_maintainers *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n_res; i++)
		if (!m->res[i].literal)
			regfree(&m->res[i].re);
	free(m->res);
	free(m->pats);
	free(m->titles);
	md_strmap_release(&m->index);
	free(m->text);
	free(m);
}

size_t
md_maintainers_count(const struct md_maintainers *m)
{
	return m ? m->n_sections : 0;
}

const char *
md_maintainers_title(const struct md_maintainers *m, size_t section)
{
	if (!m || section >= m->n_sections)
		return NULL;
	return m->titles[section];
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Cut trailing blanks off the string s..*end by writing a NUL. */
static char *
rtrim(char *s, char *end)
{
	while (end > s && is_blank(end[-1]))
		end--;
	*end = '\0';
	return s;
}

static int
add_pattern(struct md_maintainers *m, char *v, size_t section, int exclude)
{
	unsigned comps = 0, literal = 0;
	struct pat *p;
	char *w, *slash;
	size_t len;
	int dir = 0;

	/* Paths are relative: "/drivers/net/" means drivers/net/. */
	while (*v == '/')
		v++;
	len = strlen(v);
	if (!len)
		return MD_OK;
	while (v[len - 1] == '/') {
		v[--len] = '\0';
		dir = 1;
	}
	if (grow(&m->pats, &m->a_pats, m->n_pats, sizeof(*m->pats)))
		return MD_ENOMEM;
	p = &m->pats[m->n_pats++];
	memset(p, 0, sizeof(*p));
	p->section = section;
	p->exclude = (unsigned char)exclude;
	p->dir = (unsigned char)dir;
	for (const char *c = v; *c; c++) {
		if (*c != '/' && (c == v || c[-1] == '/'))
			comps++;
		if (*c != '/' && *c != '*' && *c != '?')
			literal = 1;
	}
	p->spec = literal ? (int)(2 * comps) : 0;
	w = strpbrk(v, "*?[");
	if (!w) {
		p->key = v;
		p->rest = NULL;
	} else {
		/* The literal prefix ends at the last '/' before it. */
		slash = w;
		while (slash > v && *slash != '/')
			slash--;
		if (*slash != '/') {
			p->key = "";
			p->rest = v;
		} else {
			*slash = '\0';
			p->key = v;
			p->rest = slash + 1;
		}
	}
	p->key_len = strlen(p->key);
	if (p->rest)
		for (const char *c = p->rest; *c; c++)
			p->rest_slashes += *c == '/';
	return MD_OK;
}

static int
add_regex(struct md_maintainers *m, const char *v, size_t section)
{
	struct regex_pat *r;

	if (!*v)
		return MD_OK;
	if (grow(&m->res, &m->a_res, m->n_res, sizeof(*m->res)))
		return MD_ENOMEM;
	r = &m->res[m->n_res];
	memset(r, 0, sizeof(*r));
	r->section = section;
	if (!strpbrk(v, "\\^$.|?*+()[]{}")) {
		r->literal = v;
	} else if (regcomp(&r->re, v, REG_EXTENDED | REG_NOSUB)) {
		/* Perl syntax POSIX does not know, say: leave it out.  A
		 * failed regcomp() leaves nothing to free. */
		return MD_OK;
	}
	m->n_res++;
	return MD_OK;
}

/* Cut m->text (len bytes, NUL-terminated) into lines and sections. */
static int
parse_text(struct md_maintainers *m, size_t len)
{
	char *p = m->text, *end = m->text + len;
	const char *title = NULL; /* the non-field line just before */
	size_t cur = SIZE_MAX;	  /* the section being read */

	while (p < end) {
		char *eol = memchr(p, '\n', (size_t)(end - p)), *q, *v;
		int rc = MD_OK;

		if (!eol)
			eol = end;
		*eol = '\0';
		q = p;
		while (q < eol && is_blank(*q))
			q++;
		if (q == eol || *q == '#') {
			p = eol + 1;
			continue;
		}
		if (!(p[0] >= 'A' && p[0] <= 'Z' && p[1] == ':')) {
			/* A title, if field lines follow; else text. */
			title = rtrim(q, eol);
			cur = SIZE_MAX;
			p = eol + 1;
			continue;
		}
		if (title) {
			if (grow(&m->titles, &m->a_sections, m->n_sections,
				 sizeof(*m->titles)))
				return MD_ENOMEM;
			cur = m->n_sections++;
			m->titles[cur] = title;
			title = NULL;
		}
		v = p + 2;
		while (v < eol && is_blank(*v))
			v++;
		rtrim(v, eol);
		if (cur != SIZE_MAX) {
			if (p[0] == 'F' || p[0] == 'X')
				rc = add_pattern(m, v, cur, p[0] == 'X');
			else if (p[0] == 'N')
				rc = add_regex(m, v, cur);
		}
		if (rc)
			return rc;
		p = eol + 1;
	}
	return MD_OK;
}

/* Chain the patterns into the index, each chain in file order. */
static int
build_index(struct md_maintainers *m)
{
	for (size_t i = m->n_pats; i-- > 0;) {
		struct pat *p = &m->pats[i];
		void **slot;

		if (!*p->key) {
			p->next = m->wild;
			m->wild = p;
			continue;
		}
		slot = md_strmap_slot(&m->index, p->key, NULL);
		if (!slot)
			return MD_ENOMEM;
		p->next = *slot;
		*slot = p;
	}
	return MD_OK;
}

/* Parse text that m already owns (and will free). */
static int
parse_owned(struct md_maintainers **out, char *text, size_t len)
{
	struct md_maintainers *m = calloc(1, sizeof(*m));
	int rc;

	*out = NULL;
	if (!m) {
		free(text);
		return MD_ENOMEM;
	}
	m->text = text;
	rc = parse_text(m, len);
	if (!rc)
		rc = build_index(m);
	if (rc) {
		md_maintainers_free(m);
		return rc;
	}
	*out = m;
	return MD_OK;
}

int
md_maintainers_parse(struct md_maintainers **out, const char *text, size_t len)
{
	char *copy = malloc(len + 1);

	*out = NULL;
	if (!copy)
		return MD_ENOMEM;
	if (len)
		memcpy(copy, text, len);
	copy[len] = '\0';
	return parse_owned(out, copy, len);
}

int
md_maintainers_load(struct md_maintainers **out, const char *path,
		    struct md_err *err)
{
	struct md_buf b = MD_BUF_INIT;
	char *text;
	size_t len;
	int rc;

	*out = NULL;
	rc = md_err_read_file(&b, path, MAX_FILE, "read maintainers", err);
	if (rc) {
		md_buf_release(&b);
		return rc;
	}
	text = md_buf_detach(&b, &len);
	if (text)
		rc = parse_owned(out, text, len);
	if (!text || rc)
		return md_err_set(err, MD_ENOMEM,
				  "read maintainers '%s': out of memory", path);
	return MD_OK;
}

/* The length of the pattern element at p (a character, '?' or a
 * "[...]" set) if it matches c, else 0. */
static size_t
match_one(const char *p, const char *pe, char c)
{
	const char *q = p + 1;
	int negate = 0, hit = 0;

	if (*p == '?')
		return 1;
	if (*p != '[')
		return *p == c;
	if (q < pe && (*q == '!' || *q == '^')) {
		negate = 1;
		q++;
	}
	/* A ']' first in the set is an ordinary member. */
	for (const char *s = q; s < pe; s++) {
		if (*s == ']' && s > q)
			return hit != negate ? (size_t)(s + 1 - p) : 0;
		if (s + 2 < pe && s[1] == '-' && s[2] != ']') {
			hit |= (unsigned char)c >= (unsigned char)s[0] &&
			       (unsigned char)c <= (unsigned char)s[2];
			s += 2;
		} else {
			hit |= *s == c;
		}
	}
	/* No closing ']': the '[' is itself. */
	return c == '[';
}

/* Glob-match one component: p..pe against s..se (neither holds '/'). */
static int
match_component(const char *p, const char *pe, const char *s, const char *se)
{
	const char *star_p = NULL, *star_s = NULL;

	while (s < se) {
		size_t n;

		if (p < pe && *p == '*') {
			star_p = ++p;
			star_s = s;
			continue;
		}
		n = p < pe ? match_one(p, pe, *s) : 0;
		if (n) {
			p += n;
			s++;
			continue;
		}
		if (!star_p)
			return 0;
		p = star_p;
		s = ++star_s;
	}
	while (p < pe && *p == '*')
		p++;
	return p == pe;
}

/* Glob-match the pattern pat against s[0..len), component by component,
 * so that no wildcard matches '/'. */
static int
match_glob(const char *pat, const char *s, size_t len)
{
	const char *se = s + len;

	for (;;) {
		const char *pe = strchr(pat, '/'), *ce;

		if (!pe)
			pe = pat + strlen(pat);
		ce = memchr(s, '/', (size_t)(se - s));
		if (!ce)
			ce = se;
		if (!match_component(pat, pe, s, ce))
			return 0;
		if (!*pe || ce == se)
			return !*pe && ce == se;
		pat = pe + 1;
		s = ce + 1;
	}
}

/* Whether p matches path (plen bytes), given that path starts with
 * p->key followed by '/' or its end.  *exact is set for a literal
 * pattern that is the whole path. */
static int
pat_match(int *exact, const struct pat *p, const char *path, size_t plen)
{
	const char *r;
	size_t rlen;

	*exact = 0;
	if (!p->rest) {
		if (p->key_len == plen) {
			*exact = 1;
			return !p->dir;
		}
		return 1;
	}
	if (p->key_len == plen)
		return 0;
	r = p->key_len ? path + p->key_len + 1 : path;
	rlen = plen - (size_t)(r - path);
	if (p->dir) {
		/* The directory has as many components as the pattern:
		 * cut the path at the slash after them. */
		const char *s = r, *re = r + rlen;

		for (unsigned k = p->rest_slashes + 1;; s++) {
			s = memchr(s, '/', (size_t)(re - s));
			if (!s)
				return 0;
			if (!--k)
				break;
		}
		rlen = (size_t)(s - r);
	}
	return match_glob(p->rest, r, rlen);
}

struct cands {
	struct cand *v;
	size_t n, alloc;
};

static int
try_chain(struct cands *c, const struct pat *p, const char *path, size_t plen)
{
	for (; p; p = p->next) {
		int exact;

		if (!pat_match(&exact, p, path, plen))
			continue;
		if (grow(&c->v, &c->alloc, c->n, sizeof(*c->v)))
			return MD_ENOMEM;
		c->v[c->n].section = p->section;
		c->v[c->n].spec = p->spec + exact;
		c->v[c->n].exclude = p->exclude;
		c->n++;
	}
	return MD_OK;
}

static int
cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	return x->section < y->section ? -1 : x->section > y->section;
}

/* Gather every matching pattern of path into c. */
static int
gather(struct cands *c, const struct md_maintainers *m, const char *path,
       size_t plen)
{
	char small[512], *buf = small;
	int rc;

	if (plen >= sizeof(small)) {
		buf = malloc(plen + 1);
		if (!buf)
			return MD_ENOMEM;
	}
	memcpy(buf, path, plen + 1);
	rc = try_chain(c, m->wild, path, plen);
	for (size_t i = 1; i <= plen && !rc; i++) {
		if (i < plen && buf[i] != '/')
			continue;
		buf[i] = '\0';
		rc = try_chain(c, md_strmap_get(&m->index, buf), path, plen);
		buf[i] = path[i];
	}
	if (buf != small)
		free(buf);
	for (size_t i = 0; i < m->n_res && !rc; i++) {
		const struct regex_pat *r = &m->res[i];

		if (r->literal ? !strstr(path, r->literal)
			       : regexec(&r->re, path, 0, NULL, 0) != 0)
			continue;
		rc = grow(&c->v, &c->alloc, c->n, sizeof(*c->v));
		if (!rc) {
			c->v[c->n].section = r->section;
			c->v[c->n].spec = MD_MAINTAINERS_SPEC_REGEX;
			c->v[c->n].exclude = 0;
			c->n++;
		}
	}
	return rc;
}

int
md_maintainers_match(struct md_maintainers_hit **out, size_t *out_n,
		     const struct md_maintainers *m, const char *path)
{
	struct cands c = {NULL, 0, 0};
	struct md_maintainers_hit *hits = NULL;
	size_t n = 0;
	int rc;

	*out = NULL;
	*out_n = 0;
	if (!m || !path || !*path)
		return MD_OK;
	rc = gather(&c, m, path, strlen(path));
	if (rc || !c.n)
		goto done;
	qsort(c.v, c.n, sizeof(*c.v), cand_cmp);
	hits = malloc(c.n * sizeof(*hits));
	if (!hits) {
		rc = MD_ENOMEM;
		goto done;
	}
	for (size_t i = 0, j; i < c.n; i = j) {
		int excluded = 0, best = -1;

		for (j = i; j < c.n && c.v[j].section == c.v[i].section; j++) {
			excluded |= c.v[j].exclude;
			if (!c.v[j].exclude && c.v[j].spec > best)
				best = c.v[j].spec;
		}
		if (excluded || best < 0)
			continue;
		hits[n].section = c.v[i].section;
		hits[n].specificity = best;
		n++;
	}
	if (!n) {
		free(hits);
		hits = NULL;
	}
done:
	free(c.v);
	if (rc)
		return rc;
	*out = hits;
	*out_n = n;
	return MD_OK;
}

int
md_maintainers_best(const char ***out, size_t *out_n,
		    const struct md_maintainers *m, const char *path)
{
	struct md_maintainers_hit *hits;
	const char **titles;
	size_t n, k = 0;
	int rc, best = -1;

	*out = NULL;
	*out_n = 0;
	rc = md_maintainers_match(&hits, &n, m, path);
	if (rc || !n)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (hits[i].specificity > best)
			best = hits[i].specificity;
	titles = malloc(n * sizeof(*titles));
	if (!titles) {
		free(hits);
		return MD_ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		if (hits[i].specificity == best)
			titles[k++] = m->titles[hits[i].section];
	free(hits);
	*out = titles;
	*out_n = k;
	return MD_OK;
}
