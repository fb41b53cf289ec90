/*
 * mailmap.c - reading .mailmap files and looking people up in them
 * (see mailmap.h for the format).
 *
 * Entries are kept in an array and found through a string map keyed by
 * the lower-cased old address; each key leads to the first entry for
 * it, and entries with the same address are chained in file order.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/mailmap.h"
#include "util/buf.h"
#include "util/vec.h"
#include "util/banned.h"

#define MAX_FILE (16u << 20)

struct entry {
	char *old_name;   /* NULL: any name */
	char *old_email;
	char *new_name;   /* NULL: keep */
	char *new_email;  /* NULL: keep */
	struct entry *next_same_email;
};

struct md_mailmap {
	struct md_ptrvec entries;   /* struct entry * */
	struct md_strmap by_email;  /* lower-cased old email -> entry */
};

static void
entry_free(struct entry *e)
{
	if (!e)
		return;
	free(e->old_name);
	free(e->old_email);
	free(e->new_name);
	free(e->new_email);
	free(e);
}

void
md_mailmap_free(struct md_mailmap *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->entries.n; i++)
		entry_free(m->entries.items[i]);
	md_ptrvec_release(&m->entries);
	md_strmap_release(&m->by_email);
	free(m);
}

size_t
md_mailmap_count(const struct md_mailmap *m)
{
	return m ? m->entries.n : 0;
}

/* A trimmed copy of s[0..n), or NULL (with *oom unset) when empty. */
static char *
trimmed(const char *s, size_t n, int *oom)
{
	char *p;

	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (!n)
		return NULL;
	p = strndup(s, n);
	if (!p)
		*oom = 1;
	return p;
}

/* One "name <email>" at *p (up to end): returns 1 with the parts set
 * (name may be NULL), 0 when there is no <...>. */
static int
take_person(char **name, char **email, const char **p, const char *end,
	    int *oom)
{
	const char *lt = memchr(*p, '<', (size_t)(end - *p)), *gt;

	*name = *email = NULL;
	if (!lt)
		return 0;
	gt = memchr(lt, '>', (size_t)(end - lt));
	if (!gt)
		return 0;
	*name = trimmed(*p, (size_t)(lt - *p), oom);
	*email = trimmed(lt + 1, (size_t)(gt - lt - 1), oom);
	*p = gt + 1;
	return 1;
}

static int
add_entry(struct md_mailmap *m, struct entry *e)
{
	struct md_buf key = MD_BUF_INIT;
	struct entry *first;
	int rc = MD_OK;

	for (const char *c = e->old_email; *c && !rc; c++)
		rc = md_buf_addch(&key, (char)tolower((unsigned char)*c));
	if (!rc)
		rc = md_ptrvec_push(&m->entries, e);
	if (rc) {
		md_buf_release(&key);
		return MD_ENOMEM;
	}
	first = md_strmap_get(&m->by_email, key.buf);
	if (first) {
		/* Keep the chain in file order: later lines override. */
		while (first->next_same_email)
			first = first->next_same_email;
		first->next_same_email = e;
	} else {
		rc = md_strmap_put(&m->by_email, key.buf, e);
	}
	md_buf_release(&key);
	return rc;
}

int
md_mailmap_parse(struct md_mailmap **out, const char *text, size_t len,
		 const char *source, struct md_err *err)
{
	struct md_mailmap *m = calloc(1, sizeof(*m));
	const char *p = text, *end = text + len;
	unsigned line = 0;
	int oom = 0;

	*out = NULL;
	if (!m)
		return md_err_set(err, MD_ENOMEM, "mailmap: out of memory");
	while (p < end && !oom) {
		const char *eol = memchr(p, '\n', (size_t)(end - p)), *q;
		char *name1, *email1, *name2 = NULL, *email2 = NULL;
		struct entry *e;

		if (!eol)
			eol = end;
		line++;
		q = p;
		while (q < eol && isspace((unsigned char)*q))
			q++;
		if (q == eol || *q == '#') {
			p = eol + 1;
			continue;
		}
		if (!take_person(&name1, &email1, &q, eol, &oom) || !email1) {
			free(name1);
			free(email1);
			md_mailmap_free(m);
			return md_err_set(err, MD_EINVAL,
					  "mailmap '%s': line %u: no <address>",
					  source, line);
		}
		take_person(&name2, &email2, &q, eol, &oom);
		e = calloc(1, sizeof(*e));
		if (!e) {
			oom = 1;
			free(name1);
			free(email1);
			free(name2);
			free(email2);
			break;
		}
		if (email2) {
			/* New name and address, then the old ones. */
			e->new_name = name1;
			e->new_email = email1;
			e->old_name = name2;
			e->old_email = email2;
		} else {
			/* "Name <email>": the name for that address. */
			free(name2);
			e->new_name = name1;
			e->old_email = email1;
		}
		if (add_entry(m, e)) {
			entry_free(e);
			oom = 1;
		}
		p = eol + 1;
	}
	if (oom) {
		md_mailmap_free(m);
		return md_err_set(err, MD_ENOMEM, "mailmap: out of memory");
	}
	*out = m;
	return MD_OK;
}

int
md_mailmap_load(struct md_mailmap **out, const char *path,
		struct md_err *err)
{
	struct md_buf text = MD_BUF_INIT;
	int rc;

	*out = NULL;
	rc = md_err_read_file(&text, path, MAX_FILE, "mailmap", err);
	if (!rc)
		rc = md_mailmap_parse(out, text.buf, md_buf_len(&text), path,
				      err);
	md_buf_release(&text);
	return rc;
}

void
md_mailmap_lookup(const char **name_out, const char **email_out,
		  const struct md_mailmap *m, const char *name,
		  const char *email)
{
	struct md_buf key = MD_BUF_INIT;
	const struct entry *e;
	const char *dn = NULL, *de = NULL, *sn = NULL, *se = NULL;
	int specific = 0;

	*name_out = *email_out = NULL;
	if (!m || !email || !*email)
		return;
	for (const char *c = email; *c; c++)
		if (md_buf_addch(&key, (char)tolower((unsigned char)*c)))
			goto done;
	/* As git: the entries for this name and address if there are
	 * any, else those for the address alone; within each, later lines
	 * override the parts they give. */
	for (e = md_strmap_get(&m->by_email, key.buf); e;
	     e = e->next_same_email) {
		if (!e->old_name) {
			dn = e->new_name ? e->new_name : dn;
			de = e->new_email ? e->new_email : de;
		} else if (name && !strcasecmp(e->old_name, name)) {
			specific = 1;
			sn = e->new_name ? e->new_name : sn;
			se = e->new_email ? e->new_email : se;
		}
	}
	*name_out = specific ? sn : dn;
	*email_out = specific ? se : de;
done:
	md_buf_release(&key);
}
