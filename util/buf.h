/*
 * buf.h - the growable byte buffer used everywhere in mldigest.
 *
 * Invariants (after git's strbuf):
 *  - buf is never NULL: MD_BUF_INIT points it at a static empty string, so
 *    a fresh buffer can be printed or compared without a check;
 *  - buf is always NUL-terminated, also when it holds binary data;
 *  - len and alloc are private: read them with md_buf_len();
 *  - md_buf_detach() is the only way to take ownership of the bytes; the
 *    caller then frees them with free().
 *
 * From curl's dynbuf it takes an optional size cap ("max"), meant for data
 * that came from mail: an append that would pass it fails with MD_ETOOBIG
 * and leaves the buffer as it was.  Appends never abort: they return 0,
 * MD_ENOMEM or MD_ETOOBIG.
 */
#ifndef MD_BUF_H
#define MD_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "util/error.h"

struct md_buf {
	char *buf;
	size_t len;   /* private */
	size_t alloc; /* private: 0 while buf is the static empty string */
	size_t max;   /* private: 0 means no cap */
};

extern char md_buf_empty[];
#define MD_BUF_INIT { md_buf_empty, 0, 0, 0 }

/* Initialise without allocating; max = 0 means unbounded. */
void md_buf_init(struct md_buf *b, size_t max);
/* Free the contents; the buffer is left as after md_buf_init(b, max). */
void md_buf_release(struct md_buf *b);
/* Empty the buffer but keep its memory. */
void md_buf_reset(struct md_buf *b);
/* Hand the bytes to the caller (free() them); the buffer is re-initialised.
 * Never returns NULL unless memory runs out (then NULL and the buffer is
 * released). If lenp is not NULL it receives the length. */
char *md_buf_detach(struct md_buf *b, size_t *lenp);

static inline size_t md_buf_len(const struct md_buf *b) { return b->len; }

/* Make room for at least extra more bytes (plus the terminator). */
int md_buf_grow(struct md_buf *b, size_t extra);
int md_buf_add(struct md_buf *b, const void *data, size_t len);
int md_buf_addstr(struct md_buf *b, const char *s);
int md_buf_addch(struct md_buf *b, int c);
int md_buf_addf(struct md_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int md_buf_vaddf(struct md_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Shorten to len bytes (len <= current length). */
void md_buf_setlen(struct md_buf *b, size_t len);
/* Drop trailing characters that isspace() accepts. */
void md_buf_rtrim(struct md_buf *b);
/* Append the contents of the file at path (within the buffer's cap).
 * MD_EIO with errno set when it cannot be opened or read. */
int md_buf_read_file(struct md_buf *b, const char *path);

#endif
