/*
 * t-buf.c - unit tests of struct md_buf (util/buf.h).
 *
 * After every operation the strbuf invariants are checked: buf is never
 * NULL, it is NUL-terminated at md_buf_len(), and the length and bytes
 * are the expected ones.  Also covers md_buf_detach() ownership (an
 * empty buffer still detaches to a malloc'd ""), and the size cap: an
 * append that would pass it returns MD_ETOOBIG and changes nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "tests/unit/tap.h"
#include "util/banned.h"

/* Check the invariants of b and that it holds want[0..wlen). */
static void
expect_buf(const struct md_buf *b, const char *want, size_t wlen,
	   const char *what, int line)
{
	int ok = b->buf != NULL;

	tap_result(ok, what, __FILE__, line);
	if (!ok)
		return;
	tap_int((long long)md_buf_len(b), (long long)wlen, "length", __FILE__,
		line);
	tap_result(b->buf[md_buf_len(b)] == '\0', "NUL-terminated", __FILE__,
		   line);
	ok = md_buf_len(b) == wlen && !memcmp(b->buf, want, wlen);
	if (!tap_result(ok, "content", __FILE__, line))
		fprintf(stderr, "#   got:  \"%s\"\n#   want: \"%.*s\"\n",
			b->buf, (int)wlen, want);
}

#define EXPECT(b, lit)                                                    \
	expect_buf((b), (lit), sizeof(lit) - 1, "buf of " #b " is " #lit, \
		   __LINE__)

static void
test_init(void)
{
	struct md_buf a = MD_BUF_INIT, b;

	EXPECT(&a, "");
	md_buf_init(&b, 0);
	EXPECT(&b, "");
	/* Releasing, resetting and trimming a never-used buffer is fine. */
	md_buf_reset(&b);
	EXPECT(&b, "");
	md_buf_rtrim(&b);
	EXPECT(&b, "");
	md_buf_setlen(&b, 0);
	EXPECT(&b, "");
	md_buf_release(&b);
	EXPECT(&b, "");
	md_buf_release(&a);
	EXPECT(&a, "");
}

static void
test_add(void)
{
	struct md_buf b = MD_BUF_INIT;

	CHECK_INT(md_buf_add(&b, "abc", 3), MD_OK);
	EXPECT(&b, "abc");
	CHECK_INT(md_buf_add(&b, "xyz", 0), MD_OK);
	EXPECT(&b, "abc");
	CHECK_INT(md_buf_add(&b, "d\0e", 3), MD_OK);
	EXPECT(&b, "abcd\0e");
	CHECK_INT(md_buf_addstr(&b, "fgh"), MD_OK);
	EXPECT(&b, "abcd\0efgh");
	CHECK_INT(md_buf_addstr(&b, ""), MD_OK);
	EXPECT(&b, "abcd\0efgh");
	CHECK_INT(md_buf_addch(&b, 'i'), MD_OK);
	EXPECT(&b, "abcd\0efghi");
	CHECK_INT(md_buf_addch(&b, '\0'), MD_OK);
	EXPECT(&b, "abcd\0efghi\0");
	CHECK_INT(md_buf_addch(&b, 0xe9), MD_OK);
	EXPECT(&b, "abcd\0efghi\0\xe9");
	md_buf_release(&b);
	EXPECT(&b, "");

	/* Many small appends: the buffer grows and keeps every byte. */
	{
		int bad = 0;

		for (int i = 0; i < 100000; i++)
			if (md_buf_addch(&b, 'a' + i % 26))
				bad++;
		CHECK_INT(bad, 0);
		CHECK_INT(md_buf_len(&b), 100000);
		CHECK(b.buf[100000] == '\0');
		for (int i = 0; i < 100000; i++)
			if (b.buf[i] != 'a' + i % 26)
				bad++;
		CHECK_INT(bad, 0);
	}
	md_buf_release(&b);
	EXPECT(&b, "");

	/* One large append onto a fresh buffer. */
	{
		char big[5000];

		memset(big, 'q', sizeof(big));
		CHECK_INT(md_buf_add(&b, big, sizeof(big)), MD_OK);
		CHECK_INT(md_buf_len(&b), sizeof(big));
		CHECK(b.buf[sizeof(big)] == '\0');
		CHECK(!memcmp(b.buf, big, sizeof(big)));
	}
	md_buf_release(&b);
}

static void
test_addf(void)
{
	struct md_buf b = MD_BUF_INIT;
	const char *long40 = "0123456789012345678901234567890123456789";

	CHECK_INT(md_buf_addf(&b, "%s", ""), MD_OK);
	EXPECT(&b, "");
	CHECK_INT(md_buf_addf(&b, "%d-%s", 42, "x"), MD_OK);
	EXPECT(&b, "42-x");
	CHECK_INT(md_buf_addf(&b, "%%"), MD_OK);
	EXPECT(&b, "42-x%");
	md_buf_reset(&b);
	EXPECT(&b, "");

	/* Longer than the first allocation (32 bytes). */
	CHECK_INT(md_buf_addf(&b, "[%s]", long40), MD_OK);
	EXPECT(&b, "[0123456789012345678901234567890123456789]");
	CHECK_INT(md_buf_addf(&b, "%s|%05u|%s", long40, 7u, long40), MD_OK);
	EXPECT(&b, "[0123456789012345678901234567890123456789]"
		   "0123456789012345678901234567890123456789|00007|"
		   "0123456789012345678901234567890123456789");
	md_buf_release(&b);

	/* A long formatted string as the very first append. */
	CHECK_INT(md_buf_addf(&b, "%-70s|", "left"), MD_OK);
	CHECK_INT(md_buf_len(&b), 71);
	CHECK(b.buf[71] == '\0');
	CHECK(!strncmp(b.buf, "left ", 5) && b.buf[69] == ' ' &&
	      b.buf[70] == '|');
	md_buf_release(&b);

	/* Repeated appends that cross several doublings. */
	{
		int bad = 0;

		for (int i = 0; i < 1000; i++)
			if (md_buf_addf(&b, "%04d,", i))
				bad++;
		CHECK_INT(bad, 0);
		CHECK_INT(md_buf_len(&b), 5000);
		CHECK(b.buf[5000] == '\0');
		CHECK(!strncmp(b.buf, "0000,0001,", 10));
		CHECK_STR(b.buf + 4990, "0998,0999,");
	}
	md_buf_release(&b);
}

static void
test_reset_setlen_rtrim(void)
{
	struct md_buf b = MD_BUF_INIT;
	size_t len;
	char *s;

	md_buf_addstr(&b, "hello world");
	md_buf_setlen(&b, 5);
	EXPECT(&b, "hello");
	md_buf_setlen(&b, 5);
	EXPECT(&b, "hello");
	/* Growing through setlen is not allowed and is ignored. */
	md_buf_setlen(&b, 50);
	EXPECT(&b, "hello");
	md_buf_setlen(&b, 0);
	EXPECT(&b, "");
	md_buf_addstr(&b, "again");
	EXPECT(&b, "again");

	md_buf_reset(&b);
	EXPECT(&b, "");
	md_buf_addstr(&b, "after reset");
	EXPECT(&b, "after reset");

	md_buf_reset(&b);
	md_buf_addstr(&b, "  text \t\r\n \n");
	md_buf_rtrim(&b);
	EXPECT(&b, "  text");
	md_buf_rtrim(&b);
	EXPECT(&b, "  text");
	md_buf_reset(&b);
	md_buf_addstr(&b, " \t\n\v\f\r");
	md_buf_rtrim(&b);
	EXPECT(&b, "");
	md_buf_reset(&b);
	md_buf_add(&b, "a\0 ", 3);
	md_buf_rtrim(&b);
	EXPECT(&b, "a\0");

	/* Reset keeps the memory: detaching afterwards gives "". */
	md_buf_reset(&b);
	s = md_buf_detach(&b, &len);
	CHECK_STR(s, "");
	CHECK_INT(len, 0);
	EXPECT(&b, "");
	free(s);
	md_buf_release(&b);
}

static void
test_detach(void)
{
	struct md_buf b = MD_BUF_INIT;
	size_t len = 99;
	char *s;

	md_buf_addstr(&b, "owned bytes");
	s = md_buf_detach(&b, &len);
	CHECK_STR(s, "owned bytes");
	CHECK_INT(len, 11);
	EXPECT(&b, "");
	/* The bytes are no longer the buffer's. */
	CHECK(s != b.buf);
	md_buf_addstr(&b, "new");
	EXPECT(&b, "new");
	CHECK_STR(s, "owned bytes");
	free(s);

	/* Without a length pointer. */
	s = md_buf_detach(&b, NULL);
	CHECK_STR(s, "new");
	EXPECT(&b, "");
	free(s);

	/* An empty, never-allocated buffer still gives malloc'd memory. */
	len = 99;
	s = md_buf_detach(&b, &len);
	CHECK(s != NULL);
	CHECK(s != md_buf_empty);
	CHECK_STR(s, "");
	CHECK_INT(len, 0);
	EXPECT(&b, "");
	free(s);

	/* Binary content keeps its length. */
	md_buf_add(&b, "x\0y", 3);
	s = md_buf_detach(&b, &len);
	CHECK_INT(len, 3);
	CHECK(s && !memcmp(s, "x\0y", 4));
	free(s);
	md_buf_release(&b);
}

static void
test_cap(void)
{
	struct md_buf b;
	char *s;

	md_buf_init(&b, 10);
	EXPECT(&b, "");
	CHECK_INT(md_buf_addstr(&b, "01234"), MD_OK);
	EXPECT(&b, "01234");
	/* 5 + 6 > 10: refused, nothing changes. */
	CHECK_INT(md_buf_addstr(&b, "abcdef"), MD_ETOOBIG);
	EXPECT(&b, "01234");
	CHECK_INT(md_buf_add(&b, "abcdefghijklmnop", 16), MD_ETOOBIG);
	EXPECT(&b, "01234");
	CHECK_INT(md_buf_addf(&b, "%s",
			      "abcdefghijklmnopqrstuvwxyz0123456789"
			      "abcdefghijklmnopqrstuvwxyz0123456789"),
		  MD_ETOOBIG);
	EXPECT(&b, "01234");
	/* Up to exactly the cap is allowed. */
	CHECK_INT(md_buf_addstr(&b, "56789"), MD_OK);
	EXPECT(&b, "0123456789");
	CHECK_INT(md_buf_addch(&b, 'x'), MD_ETOOBIG);
	EXPECT(&b, "0123456789");
	CHECK_INT(md_buf_addf(&b, "%d", 1), MD_ETOOBIG);
	EXPECT(&b, "0123456789");
	CHECK_INT(md_buf_addstr(&b, "y"), MD_ETOOBIG);
	EXPECT(&b, "0123456789");
	CHECK_INT(md_buf_add(&b, "z", 1), MD_ETOOBIG);
	EXPECT(&b, "0123456789");
	CHECK_INT(md_buf_grow(&b, 1), MD_ETOOBIG);
	EXPECT(&b, "0123456789");
	/* Appending nothing at the cap is fine. */
	CHECK_INT(md_buf_add(&b, "", 0), MD_OK);
	CHECK_INT(md_buf_addf(&b, "%s", ""), MD_OK);
	EXPECT(&b, "0123456789");
	/* Room made by setlen can be used again. */
	md_buf_setlen(&b, 8);
	CHECK_INT(md_buf_addstr(&b, "ab"), MD_OK);
	EXPECT(&b, "01234567ab");

	/* The cap survives detach and release. */
	s = md_buf_detach(&b, NULL);
	CHECK_STR(s, "01234567ab");
	free(s);
	CHECK_INT(md_buf_addstr(&b, "0123456789x"), MD_ETOOBIG);
	EXPECT(&b, "");
	CHECK_INT(md_buf_addstr(&b, "0123456789"), MD_OK);
	md_buf_release(&b);
	EXPECT(&b, "");
	CHECK_INT(md_buf_addstr(&b, "0123456789x"), MD_ETOOBIG);
	EXPECT(&b, "");

	/* A fresh capped buffer refuses an oversized first append. */
	md_buf_release(&b);
	md_buf_init(&b, 10);
	CHECK_INT(md_buf_addf(&b, "%s", "eleven char"), MD_ETOOBIG);
	EXPECT(&b, "");
	CHECK_INT(md_buf_addf(&b, "%s", "ten chars!"), MD_OK);
	EXPECT(&b, "ten chars!");
	md_buf_release(&b);
}

int
main(void)
{
	test_init();
	test_add();
	test_addf();
	test_reset_setlen_rtrim();
	test_detach();
	test_cap();
	return tap_done();
}
