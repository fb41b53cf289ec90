/*
 * err.c - filling struct md_err.
 */
#include <stdarg.h>
#include <stdio.h>

#include <git2.h>

#include "lib/err.h"
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

const char *
md_err_git(const char *fallback)
{
	const git_error *ge = git_error_last();

	if (ge && ge->message && ge->message[0])
		return ge->message;
	return fallback;
}
