/*
 * domainmap.c - gitdm domain maps (see domainmap.h for the format).
 *
 * Keys (lower-cased domains or addresses) go into a string map; a
 * lookup tries the whole address, then its domain and each shorter
 * suffix of it, so the longest match wins.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lib/domainmap.h"
#include "util/buf.h"
#include "util/vec.h"
#include "util/banned.h"

#define MAX_FILE (16u << 20)

struct md_domainmap {
	struct md_strmap keys;     /* lower-cased key -> organisation */
	struct md_ptrvec names;    /* the organisation strings we own */
};

void
md_domainmap_free(struct md_domainmap *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->names.n; i++)
		free(m->names.items[i]);
	md_ptrvec_release(&m->names);
	md_strmap_release(&m->keys);
	free(m);
}

int
md_domainmap_parse(struct md_domainmap **out, const char *text, size_t len,
		   const char *source, struct md_err *err)
{
	struct md_domainmap *m = calloc(1, sizeof(*m));
	const char *p = text, *end = text + len;
	unsigned line = 0;
	int rc = MD_OK;

	*out = NULL;
	if (!m)
		return md_err_set(err, MD_ENOMEM, "domain map: out of memory");
	m->keys.fold_case = 1;
	while (p < end && !rc) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *k, *ke, *o, *oe;
		char *key = NULL, *org = NULL;

		if (!eol)
			eol = end;
		line++;
		k = p;
		p = eol + 1;
		while (k < eol && isspace((unsigned char)*k))
			k++;
		if (k == eol || *k == '#')
			continue;
		ke = k;
		while (ke < eol && !isspace((unsigned char)*ke))
			ke++;
		o = ke;
		while (o < eol && isspace((unsigned char)*o))
			o++;
		oe = eol;
		while (oe > o && isspace((unsigned char)oe[-1]))
			oe--;
		if (o == oe) {
			rc = md_err_set(err, MD_EINVAL,
					"domain map '%s': line %u: a domain "
					"without an organisation",
					source, line);
			break;
		}
		key = strndup(k, (size_t)(ke - k));
		org = strndup(o, (size_t)(oe - o));
		if (!key || !org || md_ptrvec_push(&m->names, org)) {
			free(key);
			free(org);
			rc = md_err_set(err, MD_ENOMEM,
					"domain map: out of memory");
			break;
		}
		/* "@example.org" means the domain, as a bare one does. */
		if (md_strmap_put(&m->keys, key[0] == '@' ? key + 1 : key, org))
			rc = md_err_set(err, MD_ENOMEM,
					"domain map: out of memory");
		free(key);
	}
	if (rc) {
		md_domainmap_free(m);
		return rc;
	}
	*out = m;
	return MD_OK;
}

int
md_domainmap_load(struct md_domainmap **out, const char *path,
		  struct md_err *err)
{
	struct md_buf text = MD_BUF_INIT;
	int rc;

	*out = NULL;
	rc = md_err_read_file(&text, path, MAX_FILE, "domain map", err);
	if (!rc)
		rc = md_domainmap_parse(out, text.buf, md_buf_len(&text),
					path, err);
	md_buf_release(&text);
	return rc;
}

const char *
md_domainmap_lookup(const struct md_domainmap *m, const char *email)
{
	const char *at, *d, *org;

	if (!m || !email || !*email)
		return NULL;
	org = md_strmap_get(&m->keys, email);
	if (org)
		return org;
	at = strrchr(email, '@');
	for (d = at ? at + 1 : email; d && *d;) {
		org = md_strmap_get(&m->keys, d);
		if (org)
			return org;
		d = strchr(d, '.');
		if (d)
			d++;
	}
	return NULL;
}
