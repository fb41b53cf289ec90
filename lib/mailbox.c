/*
 * mailbox.c - mbox files (plain or gzip) and Maildir directories read
 * into raw messages (the rules are in mailbox.h).
 *
 * mbox follows the "default" family of formats as the qmail mbox(5) page
 * and RFC 4155 describe it, split the classic way (a "From " line after a
 * blank line) and unquoted the mboxrd way, which undoes mboxo's quoting
 * too.  The whole file is read (or inflated by zlib) into one buffer and
 * compacted in place: the separator lines, the '>' of quoted "From "
 * lines and the blank line writers add after each message are squeezed
 * out while the bytes move towards the start, so every message ends up
 * contiguous, followed by a NUL that fits in the room the separator left.
 *
 * Maildir follows the layout of D. J. Bernstein's maildir(5): messages
 * are the files of new/ and cur/, named "TIME.UNIQUE.HOST[:2,FLAGS]".
 *
 * Message ids are computed with libgit2's git_odb_hash(), so they are
 * exactly what the blob would be called in a git archive.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>
#include <zlib.h>

#include "lib/mailbox.h"
#include "util/buf.h"
#include "util/banned.h"

/* The bytes md_mailbox_kind() looks at. */
#define PEEK_SIZE 4096
/* Largest single read() or gzread(): both take or return int-sized
 * counts on some systems. */
#define READ_CHUNK ((size_t)1 << 30)
/* The date of a From_ line is looked for in its first tokens only. */
#define MAX_TOKENS 24
/* git format-patch's fixed From_ date, Mon Sep 17 00:00:00 2001 UTC,
 * which says nothing about the message. */
#define GIT_MAGIC_TIME INT64_C(1000684800)

/* Messages gathered while reading: where strings go into one buffer and
 * are pointed at only at the end, since the buffer moves as it grows. */
struct collect {
	struct md_mailbox_msg *msgs;
	size_t n, alloc;
	size_t *where_off;  /* offsets into names, one per message */
	struct md_buf names;
	int own_raw;        /* Maildir: each raw is malloc'd */
};

void
md_mailbox_init(struct md_mailbox *mb)
{
	struct md_mailbox init = MD_MAILBOX_INIT;

	*mb = init;
}

void
md_mailbox_release(struct md_mailbox *mb)
{
	if (!mb)
		return;
	if (mb->kind == MD_MAILBOX_MAILDIR)
		for (size_t i = 0; i < mb->n; i++)
			free(mb->msgs[i].raw);
	free(mb->msgs);
	free(mb->data);
	free(mb->names);
	md_mailbox_init(mb);
}

static void
collect_release(struct collect *c)
{
	if (c->own_raw)
		for (size_t i = 0; i < c->n; i++)
			free(c->msgs[i].raw);
	free(c->msgs);
	free(c->where_off);
	md_buf_release(&c->names);
}

/* Add a message; raw (len bytes, NUL after them) passes to c only on
 * success.  The where string is "PREFIX" followed by "NUMBER" when
 * name is NULL, else by "/NAME". */
static int
collect_add(struct collect *c, char *raw, size_t len, int64_t time,
	    const char *prefix, const char *name, size_t number)
{
	struct md_mailbox_msg *m;
	git_oid oid;
	size_t off = md_buf_len(&c->names);
	int rc;

	if (c->n == c->alloc) {
		size_t alloc = c->alloc ? c->alloc * 2 : 64;
		struct md_mailbox_msg *msgs;
		size_t *offs;

		if (alloc > SIZE_MAX / sizeof(*msgs))
			return MD_ENOMEM;
		msgs = realloc(c->msgs, alloc * sizeof(*msgs));
		if (!msgs)
			return MD_ENOMEM;
		c->msgs = msgs;
		offs = realloc(c->where_off, alloc * sizeof(*offs));
		if (!offs)
			return MD_ENOMEM;
		c->where_off = offs;
		c->alloc = alloc;
	}
	if (name)
		rc = md_buf_addf(&c->names, "%s/%s", prefix, name);
	else
		rc = md_buf_addf(&c->names, "%s%zu", prefix, number);
	/* The terminator of this string; the buffer adds its own after. */
	if (!rc)
		rc = md_buf_addch(&c->names, '\0');
	if (rc) {
		md_buf_setlen(&c->names, off);
		return rc;
	}
	if (git_odb_hash(&oid, raw, len, GIT_OBJECT_BLOB)) {
		md_buf_setlen(&c->names, off);
		return MD_ECORRUPT;
	}
	m = &c->msgs[c->n];
	m->raw = raw;
	m->len = len;
	m->time = time;
	memcpy(m->id.id, oid.id, MD_OID_RAWSZ);
	m->where = NULL;
	c->where_off[c->n++] = off;
	return MD_OK;
}

/* Move the messages to out, pointing each where at its string. */
static int
collect_finish(struct md_mailbox *out, struct collect *c, int kind)
{
	char *names = md_buf_detach(&c->names, NULL);

	if (!names)
		return MD_ENOMEM;
	for (size_t i = 0; i < c->n; i++)
		c->msgs[i].where = names + c->where_off[i];
	free(c->where_off);
	out->kind = kind;
	out->msgs = c->msgs;
	out->n = c->n;
	out->names = names;
	c->msgs = NULL;
	c->where_off = NULL;
	c->n = c->alloc = 0;
	return MD_OK;
}

/*
 * Reading whole files.
 */

/* Grow *buf (alloc bytes, len used) so that at least one more byte fits
 * besides the NUL terminator. */
static int
grow(char **buf, size_t *alloc)
{
	size_t a = *alloc < SIZE_MAX / 2 ? *alloc * 2 : SIZE_MAX;
	char *p;

	if (a == *alloc)
		return MD_ETOOBIG;
	p = realloc(*buf, a);
	if (!p)
		return MD_ENOMEM;
	*buf = p;
	*alloc = a;
	return MD_OK;
}

/* Read all of fd into a malloc'd, NUL-terminated *out of *lenp bytes;
 * hint is the expected size (the file's).  MD_EIO with errno set,
 * MD_ENOMEM or MD_ETOOBIG. */
static int
read_all(char **out, size_t *lenp, int fd, size_t hint)
{
	size_t alloc = hint < SIZE_MAX - 1 ? hint + 1 : SIZE_MAX, len = 0;
	char *buf = malloc(alloc);
	int rc = MD_OK;

	*out = NULL;
	*lenp = 0;
	if (!buf)
		return MD_ENOMEM;
	for (;;) {
		size_t room = alloc - len - 1;
		ssize_t n;

		if (!room) {
			/* The expected size is reached: look for more
			 * before growing the buffer for nothing. */
			char probe[4096];

			n = read(fd, probe, sizeof(probe));
			if (n > 0) {
				while (alloc - len - 1 < (size_t)n && !rc)
					rc = grow(&buf, &alloc);
				if (rc)
					break;
				memcpy(buf + len, probe, (size_t)n);
			}
		} else {
			n = read(fd, buf + len,
				 room < READ_CHUNK ? room : READ_CHUNK);
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = MD_EIO;
			break;
		}
		if (!n)
			break;
		len += (size_t)n;
	}
	if (rc) {
		int saved = errno;

		free(buf);
		errno = saved;
		return rc;
	}
	buf[len] = '\0';
	*out = buf;
	*lenp = len;
	return MD_OK;
}

/* Inflate the gzip file open on fd (which this closes) into a
 * malloc'd, NUL-terminated *out of *lenp bytes. */
static int
read_gzip(char **out, size_t *lenp, int fd, size_t csize, const char *path,
	  struct md_err *err)
{
	gzFile gz;
	size_t alloc, len = 0;
	char *buf = NULL;
	const char *why;
	int rc = MD_OK, zerr = Z_OK;

	*out = NULL;
	*lenp = 0;
	gz = gzdopen(fd, "rb");
	if (!gz) {
		close(fd);
		return md_err_set(err, MD_ENOMEM,
				  "read mbox '%s': out of memory", path);
	}
	gzbuffer(gz, 128 * 1024);
	/* Mail compresses about fourfold. */
	alloc = csize < READ_CHUNK / 4 ? csize * 4 + 1 : READ_CHUNK;
	if (alloc < 65536)
		alloc = 65536;
	buf = malloc(alloc);
	if (!buf) {
		rc = MD_ENOMEM;
		goto out;
	}
	for (;;) {
		size_t room = alloc - len - 1;
		int n;

		if (!room) {
			rc = grow(&buf, &alloc);
			if (rc)
				goto out;
			room = alloc - len - 1;
		}
		n = gzread(gz, buf + len,
			   (unsigned)(room < READ_CHUNK ? room : READ_CHUNK));
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	why = gzerror(gz, &zerr);
	/* zlib names the file "<fd:N>" for gzdopen(): drop that. */
	if (why && !strncmp(why, "<fd:", 4) && strstr(why, ">: "))
		why = strstr(why, ">: ") + 3;
	if (zerr == Z_BUF_ERROR) {
		rc = md_err_set(err, MD_EIO,
				"read mbox '%s': truncated gzip data", path);
	} else if (zerr == Z_ERRNO) {
		rc = md_err_set(err, MD_EIO, "read mbox '%s': %s", path,
				strerror(errno));
	} else if (zerr == Z_MEM_ERROR) {
		rc = MD_ENOMEM;
	} else if (zerr != Z_OK) {
		rc = md_err_set(err, MD_EIO,
				"read mbox '%s': corrupt gzip data (%s)", path,
				why && *why ? why : "unknown error");
	}
out:
	gzclose_r(gz);
	if (rc == MD_ENOMEM || rc == MD_ETOOBIG)
		md_err_set(err, rc, "read mbox '%s': %s", path,
			   rc == MD_ENOMEM ? "out of memory"
			   : "too large for memory");
	if (rc) {
		free(buf);
		return rc;
	}
	buf[len] = '\0';
	*out = buf;
	*lenp = len;
	return MD_OK;
}

/*
 * The date of a From_ line.
 */

struct tok {
	const char *s;
	size_t n;
};

static int
is_sep(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == ',';
}

/* The token as a number of min..max digits, or -1. */
static long
tok_num(const struct tok *t, size_t min, size_t max)
{
	long v = 0;

	if (t->n < min || t->n > max)
		return -1;
	for (size_t i = 0; i < t->n; i++) {
		if (t->s[i] < '0' || t->s[i] > '9')
			return -1;
		v = v * 10 + (t->s[i] - '0');
	}
	return v;
}

/* 1..12 for a month name (three letters or in full), else 0. */
static int
tok_month(const struct tok *t)
{
	static const char *const names[] = {
		"january", "february", "march", "april", "may", "june",
		"july", "august", "september", "october", "november",
		"december"
	};

	if (t->n < 3)
		return 0;
	for (int i = 0; i < 12; i++)
		if ((t->n == 3 || t->n == strlen(names[i])) &&
		    !strncasecmp(t->s, names[i], t->n))
			return i + 1;
	return 0;
}

/* "H:MM" or "H:MM:SS" (H one or two digits) into seconds of the day. */
static int
tok_time(long *out, const struct tok *t)
{
	struct tok part[3];
	size_t np = 0, start = 0;
	long h, m, s = 0;

	for (size_t i = 0; i <= t->n; i++) {
		if (i < t->n && t->s[i] != ':')
			continue;
		if (np == 3)
			return 0;
		part[np].s = t->s + start;
		part[np].n = i - start;
		np++;
		start = i + 1;
	}
	if (np < 2)
		return 0;
	h = tok_num(&part[0], 1, 2);
	m = tok_num(&part[1], 2, 2);
	if (np == 3)
		s = tok_num(&part[2], 2, 2);
	if (h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 60)
		return 0;
	*out = h * 3600 + m * 60 + s;
	return 1;
}

/* A four-digit year, or a two-digit one (RFC 5322: 00-49 are 20xx). */
static int
tok_year(long *out, const struct tok *t)
{
	long y = tok_num(t, 4, 4);

	if (y < 0) {
		y = tok_num(t, 2, 2);
		if (y < 0)
			return 0;
		y += y < 50 ? 2000 : 1900;
	}
	if (y < 1900)
		return 0;
	*out = y;
	return 1;
}

/* A zone: "+hhmm"/"-hhmm", or letters (the zones of RFC 822 have their
 * offsets; other names count as UTC).  Offset in seconds east. */
static int
tok_zone(long *out, const struct tok *t)
{
	static const struct {
		const char *name;
		int hours;
	} zones[] = {
		{ "UT", 0 }, { "UTC", 0 }, { "GMT", 0 }, { "Z", 0 },
		{ "EST", -5 }, { "EDT", -4 }, { "CST", -6 }, { "CDT", -5 },
		{ "MST", -7 }, { "MDT", -6 }, { "PST", -8 }, { "PDT", -7 },
	};
	struct tok digits;
	long v;

	if (t->n == 5 && (t->s[0] == '+' || t->s[0] == '-')) {
		digits.s = t->s + 1;
		digits.n = 4;
		v = tok_num(&digits, 4, 4);
		if (v < 0 || v / 100 > 23 || v % 100 > 59)
			return 0;
		v = (v / 100) * 3600 + (v % 100) * 60;
		*out = t->s[0] == '-' ? -v : v;
		return 1;
	}
	if (t->n < 1 || t->n > 5)
		return 0;
	for (size_t i = 0; i < t->n; i++)
		if (!((t->s[i] >= 'A' && t->s[i] <= 'Z') ||
		      (t->s[i] >= 'a' && t->s[i] <= 'z')))
			return 0;
	*out = 0;
	for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++)
		if (strlen(zones[i].name) == t->n &&
		    !strncasecmp(zones[i].name, t->s, t->n))
			*out = zones[i].hours * 3600L;
	return 1;
}

static int
is_leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Seconds since the epoch of a UTC date and time, or 0 when the date
 * does not exist, is not after the epoch or is git's fixed date. */
static int64_t
to_epoch(long y, long mon, long d, long secs, long zone)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
				     30, 31 };
	int64_t yy, era, yoe, doy, doe, days, t;

	if (d < 1 || d > mdays[mon - 1] + (mon == 2 && is_leap(y)))
		return 0;
	/* Days from civil, after Howard Hinnant's algorithm. */
	yy = y - (mon <= 2);
	era = yy / 400;
	yoe = yy - era * 400;
	doy = (153 * (mon + (mon > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	days = era * 146097 + doe - 719468;
	t = days * 86400 + secs - zone;
	if (t <= 0 || t == GIT_MAGIC_TIME)
		return 0;
	return t;
}

/* asctime's order, the month at t[i]: MON DAY TIME [ZONE] YEAR [ZONE]. */
static int64_t
date_asctime(const struct tok *t, size_t nt, size_t i, int mon)
{
	long d, secs, y, zone = 0;
	size_t j = i + 3;
	int has_zone = 0;

	if (i + 3 >= nt)
		return 0;
	d = tok_num(&t[i + 1], 1, 2);
	if (d < 0 || !tok_time(&secs, &t[i + 2]))
		return 0;
	if (!tok_year(&y, &t[j])) {
		if (!tok_zone(&zone, &t[j]))
			return 0;
		has_zone = 1;
		j++;
		if (j >= nt || !tok_year(&y, &t[j]))
			return 0;
	}
	j++;
	if (!has_zone && j < nt)
		tok_zone(&zone, &t[j]);
	return to_epoch(y, mon, d, secs, zone);
}

/* RFC 5322's order, the month at t[i]: DAY MON YEAR TIME [ZONE]. */
static int64_t
date_rfc(const struct tok *t, size_t nt, size_t i, int mon)
{
	long d, secs, y, zone = 0;

	if (i < 1 || i + 2 >= nt)
		return 0;
	d = tok_num(&t[i - 1], 1, 2);
	if (d < 0 || !tok_year(&y, &t[i + 1]) || !tok_time(&secs, &t[i + 2]))
		return 0;
	if (i + 3 < nt)
		tok_zone(&zone, &t[i + 3]);
	return to_epoch(y, mon, d, secs, zone);
}

/* The receive time of the From_ line s (n bytes after "From "), or 0. */
static int64_t
from_line_time(const char *s, size_t n)
{
	struct tok t[MAX_TOKENS];
	const char *e = s + n;
	size_t nt = 0;

	while (nt < MAX_TOKENS) {
		while (s < e && is_sep(*s))
			s++;
		if (s == e)
			break;
		t[nt].s = s;
		while (s < e && !is_sep(*s))
			s++;
		t[nt].n = (size_t)(s - t[nt].s);
		nt++;
	}
	for (size_t i = 0; i < nt; i++) {
		int mon = tok_month(&t[i]);
		int64_t when;

		if (!mon)
			continue;
		when = date_asctime(t, nt, i, mon);
		if (!when)
			when = date_rfc(t, nt, i, mon);
		if (when)
			return when;
	}
	return 0;
}

/*
 * mbox.
 */

static int
is_from(const char *p, const char *end)
{
	return end - p >= 5 && !memcmp(p, "From ", 5);
}

/* Past the blank lines at p. */
static const char *
skip_blank(const char *p, const char *end)
{
	for (;;) {
		if (p < end && *p == '\n')
			p++;
		else if (end - p >= 2 && p[0] == '\r' && p[1] == '\n')
			p += 2;
		else
			return p;
	}
}

/* Split data (len bytes, one more allocated) into messages, compacting
 * it in place (see the top of this file). */
static int
split_mbox(struct collect *c, char *data, size_t len, const char *path,
	   struct md_err *err)
{
	char *end = data + len, *w = data;
	char *p = (char *)skip_blank(data, end);
	size_t line = 1;
	const char *eol, *cr;
	int rc;

	for (const char *q = data; q < p; q++)
		line += *q == '\n';
	if (p == end)
		return MD_OK;
	if (!is_from(p, end))
		return md_err_set(err, MD_EINVAL,
				  "read mbox '%s': not an mbox file (no "
				  "'From ' line at the start)", path);
	eol = memchr(p, '\n', (size_t)(end - p));
	cr = memchr(p, '\r', (size_t)((eol ? eol : end) - p));
	if (cr && cr + 1 != eol)
		return md_err_set(err, MD_EINVAL,
				  "read mbox '%s': lines end with CR alone "
				  "(not supported)", path);

	while (p < end) {
		/* p is at a separator line. */
		size_t from_line = line, blank = 0;
		int64_t time;
		char *msg, *src;

		eol = memchr(p, '\n', (size_t)(end - p));
		time = from_line_time(p + 5,
				      (size_t)((eol ? eol : end) - p) - 5);
		p = eol ? (char *)eol + 1 : end;
		line++;
		/* Bytes [src, p) are yet to move to w. */
		msg = w;
		src = p;
		while (p < end) {
			char *le;

			if (blank && is_from(p, end))
				break;
			eol = memchr(p, '\n', (size_t)(end - p));
			le = eol ? (char *)eol + 1 : end;
			if (*p == '>') {
				const char *q = p;

				while (q < le && *q == '>')
					q++;
				if (is_from(q, le)) {
					memmove(w, src, (size_t)(p - src));
					w += p - src;
					src = p + 1;
				}
			}
			if ((le - p == 1 && p[0] == '\n') ||
			    (le - p == 2 && p[0] == '\r' && p[1] == '\n'))
				blank = (size_t)(le - p);
			else
				blank = 0;
			p = le;
			line++;
		}
		if (w != src)
			memmove(w, src, (size_t)(p - src));
		w += p - src;
		/* The blank line the writer added; a blank line is never
		 * unquoted, so it is the last bytes written. */
		w -= blank;
		/* Room for the NUL before p: each separator so far left
		 * at least five bytes behind, and each earlier message
		 * took one for its NUL. */
		*w = '\0';
		rc = collect_add(c, msg, (size_t)(w - msg), time, "line ", NULL,
				 from_line);
		if (rc)
			return rc;
		w++;
	}
	return MD_OK;
}

static int
read_mbox(struct md_mailbox *out, const char *path, struct md_err *err)
{
	struct collect c = { NULL, 0, 0, NULL, MD_BUF_INIT, 0 };
	unsigned char magic[2];
	struct stat st;
	char *data = NULL;
	size_t len = 0;
	ssize_t n;
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return md_err_set(err, MD_EIO, "read mbox '%s': %s", path,
				  strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return md_err_set(err, MD_EINVAL, "read mailbox '%s': not an "
				  "mbox file or a Maildir directory", path);
	}
	if ((uint64_t)st.st_size >= SIZE_MAX) {
		close(fd);
		return md_err_set(err, MD_ETOOBIG, "read mbox '%s': too large "
				  "for memory", path);
	}
	do
		n = pread(fd, magic, sizeof(magic), 0);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		rc = md_err_set(err, MD_EIO, "read mbox '%s': %s", path,
				strerror(errno));
		close(fd);
		return rc;
	}
	if (n == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
		rc = read_gzip(&data, &len, fd, (size_t)st.st_size, path, err);
		if (rc)
			return rc;
	} else {
		rc = read_all(&data, &len, fd, (size_t)st.st_size);
		if (rc == MD_EIO)
			md_err_set(err, rc, "read mbox '%s': %s", path,
				   strerror(errno));
		close(fd);
		if (rc)
			goto out;
	}
	rc = split_mbox(&c, data, len, path, err);
	if (!rc)
		rc = collect_finish(out, &c, MD_MAILBOX_MBOX);
	if (!rc) {
		out->data = data;
		data = NULL;
	}
out:
	if (rc == MD_ENOMEM || rc == MD_ETOOBIG)
		md_err_set(err, rc, "read mbox '%s': %s", path,
			   rc == MD_ENOMEM ? "out of memory"
			   : "too large for memory");
	else if (rc == MD_ECORRUPT)
		md_err_set(err, rc, "read mbox '%s': %s", path,
			   md_err_git("cannot hash a message"));
	collect_release(&c);
	free(data);
	return rc;
}

/*
 * Maildir.
 */

static int
is_subdir(const char *path, const char *sub)
{
	struct md_buf b = MD_BUF_INIT;
	struct stat st;
	int ok;

	if (md_buf_addf(&b, "%s/%s", path, sub))
		return 0;
	ok = !stat(b.buf, &st) && S_ISDIR(st.st_mode);
	md_buf_release(&b);
	return ok;
}

/* The delivery time a Maildir file name starts with, or 0. */
static int64_t
name_time(const char *name)
{
	int64_t t = 0;
	size_t i;

	for (i = 0; name[i] >= '0' && name[i] <= '9'; i++) {
		if (i == 18)
			return 0;
		t = t * 10 + (name[i] - '0');
	}
	return i && name[i] == '.' ? t : 0;
}

/* Read the file name of the directory dfd: MD_OK with *raw set (and
 * *lenp, *time), or with *raw NULL when the entry is skipped (gone, or
 * not a regular file); MD_EIO with errno set. */
static int
read_entry(char **raw, size_t *lenp, int64_t *time, int dfd,
	   const char *name)
{
	struct stat st;
	int fd, rc, saved;

	*raw = NULL;
	/* Look before opening: opening a FIFO or a device could block or
	 * do something. */
	if (fstatat(dfd, name, &st, 0))
		return errno == ENOENT ? MD_OK : MD_EIO;
	if (!S_ISREG(st.st_mode))
		return MD_OK;
	fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return errno == ENOENT ? MD_OK : MD_EIO;
	if (fstat(fd, &st))
		rc = MD_EIO;
	else if (!S_ISREG(st.st_mode))
		rc = MD_OK;
	else
		rc = read_all(raw, lenp, fd, (size_t)st.st_size);
	saved = errno;
	close(fd);
	errno = saved;
	*time = name_time(name);
	if (!*time && st.st_mtime > 0)
		*time = (int64_t)st.st_mtime;
	return rc;
}

static int
read_subdir(struct collect *c, const char *path, const char *sub,
	    struct md_err *err)
{
	struct md_buf dir = MD_BUF_INIT;
	DIR *d;
	int dfd, rc;

	rc = md_buf_addf(&dir, "%s/%s", path, sub);
	if (rc)
		return rc;
	dfd = open(dir.buf, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	md_buf_release(&dir);
	if (dfd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return MD_OK;
		return md_err_set(err, MD_EIO, "read maildir '%s': '%s': %s",
				  path, sub, strerror(errno));
	}
	d = fdopendir(dfd);
	if (!d) {
		rc = md_err_set(err, MD_EIO, "read maildir '%s': '%s': %s",
				path, sub, strerror(errno));
		close(dfd);
		return rc;
	}
	for (;;) {
		struct dirent *de;
		char *raw;
		size_t len;
		int64_t time;

		errno = 0;
		de = readdir(d);
		if (!de) {
			if (errno)
				rc = md_err_set(err, MD_EIO,
						"read maildir '%s': '%s': %s",
						path, sub, strerror(errno));
			break;
		}
		if (de->d_name[0] == '.')
			continue;
		rc = read_entry(&raw, &len, &time, dfd, de->d_name);
		if (rc == MD_EIO)
			md_err_set(err, rc, "read maildir '%s': '%s/%s': %s",
				   path, sub, de->d_name, strerror(errno));
		if (rc)
			break;
		if (!raw)
			continue;
		rc = collect_add(c, raw, len, time, sub, de->d_name, 0);
		if (rc) {
			free(raw);
			break;
		}
	}
	closedir(d);
	return rc;
}

static int
cmp_maildir(const void *a, const void *b)
{
	const struct md_mailbox_msg *x = a, *y = b;
	int r;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	/* Past "cur/" or "new/". */
	r = strcmp(x->where + 4, y->where + 4);
	return r ? r : strcmp(x->where, y->where);
}

static int
read_maildir(struct md_mailbox *out, const char *path, struct md_err *err)
{
	struct collect c = { NULL, 0, 0, NULL, MD_BUF_INIT, 1 };
	int rc;

	if (!is_subdir(path, "cur") && !is_subdir(path, "new"))
		return md_err_set(err, MD_EINVAL, "read maildir '%s': no cur/ "
				  "or new/ directory", path);
	rc = read_subdir(&c, path, "new", err);
	if (!rc)
		rc = read_subdir(&c, path, "cur", err);
	if (!rc)
		rc = collect_finish(out, &c, MD_MAILBOX_MAILDIR);
	if (rc == MD_ENOMEM || rc == MD_ETOOBIG)
		md_err_set(err, rc, "read maildir '%s': %s", path,
			   rc == MD_ENOMEM ? "out of memory"
			   : "too large for memory");
	else if (rc == MD_ECORRUPT)
		md_err_set(err, rc, "read maildir '%s': %s", path,
			   md_err_git("cannot hash a message"));
	collect_release(&c);
	if (!rc && out->n > 1)
		qsort(out->msgs, out->n, sizeof(*out->msgs), cmp_maildir);
	return rc;
}

/*
 * Entry points.
 */

int
md_mailbox_kind(const char *path)
{
	char peek[PEEK_SIZE];
	const char *p;
	struct stat st;
	ssize_t n;
	int fd;

	if (stat(path, &st))
		return MD_MAILBOX_NONE;
	if (S_ISDIR(st.st_mode))
		return is_subdir(path, "cur") || is_subdir(path, "new")
			? MD_MAILBOX_MAILDIR : MD_MAILBOX_NONE;
	if (!S_ISREG(st.st_mode))
		return MD_MAILBOX_NONE;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return MD_MAILBOX_NONE;
	do
		n = read(fd, peek, sizeof(peek));
	while (n < 0 && errno == EINTR);
	close(fd);
	if (n < 0)
		return MD_MAILBOX_NONE;
	if (n >= 2 && (unsigned char)peek[0] == 0x1f &&
	    (unsigned char)peek[1] == 0x8b)
		return MD_MAILBOX_MBOX;
	p = skip_blank(peek, peek + n);
	if (p == peek + n || is_from(p, peek + n))
		return MD_MAILBOX_MBOX;
	return MD_MAILBOX_NONE;
}

int
md_mailbox_read(struct md_mailbox *out, const char *path,
		struct md_err *err)
{
	struct stat st;
	int rc;

	md_mailbox_init(out);
	if (stat(path, &st))
		return md_err_set(err, MD_EIO, "read mailbox '%s': %s", path,
				  strerror(errno));
	if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode))
		return md_err_set(err, MD_EINVAL, "read mailbox '%s': not an "
				  "mbox file or a Maildir directory", path);
	/* libgit2 wants it before any call; it counts the calls. */
	git_libgit2_init();
	if (S_ISDIR(st.st_mode))
		rc = read_maildir(out, path, err);
	else
		rc = read_mbox(out, path, err);
	git_libgit2_shutdown();
	return rc;
}
