/*
 * err.h - an error's code plus the one line that explains it.
 *
 * Library functions that can fail for a reason worth telling fill a
 * caller-owned struct md_err: code is the md_status value returned, msg
 * the line the CLI prints after "mldigest: " (lowercase, no full stop,
 * "what: why", e.g. "open archive '/x': not a git repository").  The
 * struct holds no pointers and needs no release.
 */
#ifndef MD_ERR_H
#define MD_ERR_H

#include "util/error.h"

struct md_err {
	int code;
	char msg[1024];
};

/* Set e (if not NULL) and return code, so callers can
 * "return md_err_set(e, MD_EREV, "...", ...)". */
int md_err_set(struct md_err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Read the file at path into b (whose max it sets), for a user's file
 * such as a mailmap: errors fill e as "WHAT 'PATH': why" (MD_EIO with
 * the system's reason, MD_ETOOBIG, MD_ENOMEM). */
struct md_buf;
int md_err_read_file(struct md_buf *b, const char *path, size_t max,
		     const char *what, struct md_err *e);
/* The message of libgit2's last error, or fallback when it has none
 * (libgit2 1.5's git_error_last() can return NULL). */
const char *md_err_git(const char *fallback);

#endif
