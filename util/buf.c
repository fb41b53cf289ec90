/*
 * buf.c - the growable byte buffer (see buf.h for the invariants).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/banned.h"

char md_buf_empty[1];

void
md_buf_init(struct md_buf *b, size_t max)
{
	b->buf = md_buf_empty;
	b->len = 0;
	b->alloc = 0;
	b->max = max;
}

void
md_buf_release(struct md_buf *b)
{
	if (b->alloc)
		free(b->buf);
	md_buf_init(b, b->max);
}

void
md_buf_reset(struct md_buf *b)
{
	b->len = 0;
	/* md_buf_empty is shared by every thread: never written. */
	if (b->alloc)
		b->buf[0] = '\0';
}

char *
md_buf_detach(struct md_buf *b, size_t *lenp)
{
	char *res;

	if (lenp)
		*lenp = b->len;
	if (!b->alloc) {
		res = calloc(1, 1);
		md_buf_init(b, b->max);
		return res;
	}
	res = b->buf;
	md_buf_init(b, b->max);
	return res;
}

int
md_buf_grow(struct md_buf *b, size_t extra)
{
	size_t want, nalloc;
	char *p;

	if (extra > (size_t)-1 / 2 - b->len)
		return MD_ETOOBIG;
	want = b->len + extra + 1;
	if (b->max && want - 1 > b->max)
		return MD_ETOOBIG;
	if (want <= b->alloc)
		return MD_OK;
	nalloc = b->alloc ? b->alloc : 32;
	while (nalloc < want)
		nalloc *= 2;
	if (b->max && nalloc > b->max + 1)
		nalloc = b->max + 1;
	p = realloc(b->alloc ? b->buf : NULL, nalloc);
	if (!p)
		return MD_ENOMEM;
	if (!b->alloc)
		p[0] = '\0';
	b->buf = p;
	b->alloc = nalloc;
	return MD_OK;
}

int
md_buf_add(struct md_buf *b, const void *data, size_t len)
{
	int rc;

	if (!len)
		return MD_OK;
	rc = md_buf_grow(b, len);
	if (rc)
		return rc;
	memmove(b->buf + b->len, data, len);
	b->len += len;
	b->buf[b->len] = '\0';
	return MD_OK;
}

int
md_buf_addstr(struct md_buf *b, const char *s)
{
	return md_buf_add(b, s, strlen(s));
}

int
md_buf_addch(struct md_buf *b, int c)
{
	char ch = (char)c;

	return md_buf_add(b, &ch, 1);
}

int
md_buf_vaddf(struct md_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n, rc;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return MD_EINVAL;
	rc = md_buf_grow(b, (size_t)n);
	if (rc)
		return rc;
	vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return MD_OK;
}

int
md_buf_addf(struct md_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = md_buf_vaddf(b, fmt, ap);
	va_end(ap);
	return rc;
}

void
md_buf_setlen(struct md_buf *b, size_t len)
{
	if (len > b->len || !b->alloc)
		return;
	b->len = len;
	b->buf[len] = '\0';
}

void
md_buf_rtrim(struct md_buf *b)
{
	size_t n = b->len;

	while (n && isspace((unsigned char)b->buf[n - 1]))
		n--;
	md_buf_setlen(b, n);
}

int
md_buf_read_file(struct md_buf *b, const char *path)
{
	char chunk[65536];
	FILE *f = fopen(path, "rb");
	size_t n;
	int rc = MD_OK, saved;

	if (!f)
		return MD_EIO;
	while (!rc && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rc = md_buf_add(b, chunk, n);
	if (!rc && ferror(f)) {
		rc = MD_EIO;
		if (!errno)
			errno = EIO;
	}
	saved = errno;
	fclose(f);
	errno = saved;
	return rc;
}
