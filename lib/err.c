/*
 * err.c - filling struct md_err.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <git2.h>

#include "lib/err.h"
#include "util/buf.h"
#include "util/banned.h"

int
md_err_set(struct md_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return code;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return code;
}

int
md_err_read_file(struct md_buf *b, const char *path, size_t max,
		 const char *what, struct md_err *e)
{
	int rc;

	md_buf_init(b, max);
	errno = 0;
	rc = md_buf_read_file(b, path);
	if (rc == MD_EIO)
		return md_err_set(e, rc, "%s '%s': %s", what, path,
				  strerror(errno));
	if (rc == MD_ETOOBIG)
		return md_err_set(e, rc, "%s '%s': larger than %zu MiB", what,
				  path, max >> 20);
	if (rc)
		return md_err_set(e, rc, "%s '%s': out of memory", what, path);
	return MD_OK;
}

const char *
md_err_git(const char *fallback)
{
	const git_error *ge = git_error_last();

	if (ge && ge->message && ge->message[0])
		return ge->message;
	return fallback;
}
