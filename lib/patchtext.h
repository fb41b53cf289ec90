/*
 * patchtext.h - reading the text of a patch mail: where its commit
 * message ends, and its diffstat.
 *
 * Functions take UTF-8 text with LF line ends (as md_mail_decode_body()
 * gives) and append to caller-owned buffers.
 */
#ifndef MD_PATCHTEXT_H
#define MD_PATCHTEXT_H

#include <stddef.h>

#include "util/buf.h"

/* Whether line[0..len) (no newline) is a diffstat summary line:
 * " N file(s) changed[, N insertion(s)(+)][, N deletion(s)(-)]". */
int md_patch_is_summary_line(const char *line, size_t len);

/*
 * The part of a body the report shows: up to and including the last
 * diffstat summary line before the first "diff --git", "Index: " or
 * "-- " signature line; without a summary line, everything before that
 * first line.  Trailing blank lines, and a "---" separator line with
 * nothing after it, are dropped.
 */
int md_patch_excerpt(struct md_buf *out, const char *body, size_t len);

#endif
