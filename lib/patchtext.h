/*
 * patchtext.h - reading the text of a patch mail: where its commit
 * message ends, its diffstat, and the paths it touches.
 *
 * Functions take UTF-8 text with LF line ends (as md_mail_decode_body()
 * gives; stray CRs are tolerated) and append to caller-owned buffers or
 * vectors; they keep no pointer into the text.
 */
#ifndef MD_PATCHTEXT_H
#define MD_PATCHTEXT_H

#include <stddef.h>

#include "util/buf.h"
#include "util/vec.h"

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

/* Longest path md_patch_paths() returns, in bytes; longer ones are
 * skipped. */
#define MD_PATCH_MAX_PATH 4096

/*
 * The paths of the files a patch touches, appended to out as malloc'd,
 * NUL-terminated strings (invalid UTF-8 repaired, no NUL inside), each
 * once, in the order first seen; a path out already holds is not added
 * again.  The caller free()s every item and md_ptrvec_release()s out,
 * also after a failure (then out holds what was added so far).
 * Returns 0 or MD_ENOMEM.
 *
 * Sources, in this order of preference:
 *  - git diffs: a "diff --git A B" line and the extended header lines
 *    after it ("rename from/to", "copy from/to", "new file mode",
 *    "deleted file mode", "--- ", "+++ ") up to the first hunk.  The
 *    path is the new name, or the old one for a deletion ("+++
 *    /dev/null"); a rename gives the old name and then the new one; a
 *    copy only the new one.  Names may be C-quoted ("a/with\ttab",
 *    octal escapes); a one-letter prefix ("a/", "b/", or "c/", "w/",
 *    "i/", "o/" of diff.mnemonicPrefix) is dropped when both names have
 *    one and they differ, so --no-prefix diffs keep their paths.  When
 *    unquoted names with blanks cannot be split (a rename with blanks),
 *    the rename and ---/+++ lines decide.
 *  - other diffs (quilt, diff -u) outside a git diff's header: a
 *    "--- X" line right followed by "+++ Y": Y with its first path
 *    component dropped (patch -p1, as kernel patches are applied), or X
 *    for a deletion ("+++ /dev/null"); what follows a tab (a timestamp)
 *    is no part of the name.  "Index:" lines are not read, and an svn
 *    diff, relative to its checkout, loses a real first component.
 *  - only when those give no path at all (a cover letter): the file
 *    lines of a diffstat (" path | 12 +++--", " path | Bin 0 -> 5
 *    bytes") in a block ended by its summary line ("N files changed");
 *    "{old => new}" and "old => new" renames give both names; a name
 *    abbreviated with a leading "..." is not a real path and is dropped.
 *
 * Hunks are followed by their line counts ("@@ -1,5 +1,6 @@"), so a
 * removed line that reads "--- a/x" or "-- " is read as part of the hunk;
 * a hunk ends early at a line that cannot belong to it.  Outside hunks,
 * quoted lines ('>' after optional blanks) are skipped and a "-- "
 * signature line ends the scan.
 */
int md_patch_paths(struct md_ptrvec *out, const char *body, size_t len);

#endif
