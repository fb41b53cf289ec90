/*
 * domainmap.h - which organisation an address belongs to, from a gitdm
 * domain map.
 *
 * Lines are "domain organisation" (the organisation is the rest of the
 * line, and may hold spaces); '#' starts a comment.  An address matches
 * the entry for its domain or for the longest suffix of it made of
 * whole labels ("kernel.org" covers "vger.kernel.org"); an entry that
 * is a whole address ("name@example.org") matches that address alone
 * and wins over its domain.  Case does not matter.
 *
 * struct md_domainmap owns its strings (md_domainmap_free()); the names
 * md_domainmap_lookup() returns belong to the map.
 */
#ifndef MD_DOMAINMAP_H
#define MD_DOMAINMAP_H

#include <stddef.h>

#include "lib/err.h"

/* What an address nobody mapped belongs to (gitdm's word). */
#define MD_DOMAINMAP_UNKNOWN "(Unknown)"

struct md_domainmap;

int md_domainmap_parse(struct md_domainmap **out, const char *text,
		       size_t len, const char *source, struct md_err *err);
int md_domainmap_load(struct md_domainmap **out, const char *path,
		      struct md_err *err);
void md_domainmap_free(struct md_domainmap *m);

/* The organisation of address email, or NULL when none matches. */
const char *md_domainmap_lookup(const struct md_domainmap *m,
				const char *email);

#endif
