/*
 * revision.h - the keys that tie a series to its earlier versions.
 *
 * A new version of a series is matched to an earlier one by, in order:
 *   1. b4's change-id (a "change-id: ..." line in the cover letter or
 *      single patch, written by b4 and kept across versions);
 *   2. the slug of a b4 Message-ID ("20221010-foo-bar-v2-0-1a2b3c@x"
 *      gives "20221010-foo-bar", the same for every version);
 *   3. the normalised title (lower case, runs of white space as one
 *      space, no trailing full stop) together with the author's address.
 *
 * Functions write into caller-owned buffers or return malloc'd strings
 * the caller frees.
 */
#ifndef MD_REVISION_H
#define MD_REVISION_H

#include <stddef.h>

#include "util/buf.h"

/* The slug of a b4 Message-ID (without <>) into out (size bytes): 1 when
 * the id has b4's form, else 0 with out "".  */
int md_revision_slug(char *out, size_t size, const char *message_id);

/* The normalised form of a series title, appended to out.  MD_ENOMEM
 * only. */
int md_revision_title(struct md_buf *out, const char *title);

/* b4's change-id in a decoded body: the value of the last line that
 * starts with "change-id:" (outside quoted text), malloc'd into *out,
 * or NULL when there is none.  MD_ENOMEM only. */
int md_revision_change_id(char **out, const char *body, size_t len);

#endif
