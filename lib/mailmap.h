/*
 * mailmap.h - git's .mailmap: one person's names and addresses merged
 * into one (gitmailmap(5)).
 *
 * Lines, after git:
 *   Proper Name <commit@email>                  the name for an address
 *   <proper@email> <commit@email>               the address for one
 *   Proper Name <proper@email> <commit@email>   both
 *   Proper Name <proper@email> Commit Name <commit@email>
 *                                               both, for that name only
 * '#' starts a comment; blank lines are ignored.  Addresses and names
 * are matched case-insensitively; an entry for a name and address wins
 * over one for the address alone.
 *
 * struct md_mailmap owns its entries (md_mailmap_free()); strings handed
 * out by md_mailmap_lookup() belong to the map.
 */
#ifndef MD_MAILMAP_H
#define MD_MAILMAP_H

#include <stddef.h>

#include "lib/err.h"

struct md_mailmap;

int md_mailmap_parse(struct md_mailmap **out, const char *text, size_t len,
		     const char *source, struct md_err *err);
/* Read and parse the file at path. */
int md_mailmap_load(struct md_mailmap **out, const char *path,
		    struct md_err *err);
void md_mailmap_free(struct md_mailmap *m);

/* The canonical name and address of (name, email): *name_out and
 * *email_out are set to the map's replacement, or left NULL when that
 * part does not change. */
void md_mailmap_lookup(const char **name_out, const char **email_out,
		       const struct md_mailmap *m, const char *name,
		       const char *email);
size_t md_mailmap_count(const struct md_mailmap *m);

#endif
