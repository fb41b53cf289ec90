/*
 * t-utf8.c - unit tests of util/utf8.h.
 *
 * Validation follows RFC 3629 (no overlong forms, no surrogates,
 * nothing above U+10FFFF, no truncated sequences).  Repair replaces each
 * bad byte with U+FFFD and drops nothing.  cp1252 decoding maps the
 * 0x80-0x9F block to its windows-1252 characters, undefined bytes to the
 * C1 code points.  Terminal-safe output shows C0 controls and DEL in
 * caret notation, C1 controls and bidi controls as <U+XXXX>, keeps tab,
 * and keeps or escapes newline on request.
 */
#include <stdint.h>
#include <string.h>

#include "util/utf8.h"
#include "tests/unit/tap.h"
#include "util/banned.h"

#define FFFD "\xef\xbf\xbd"

/* Whether the string literal s is valid UTF-8 (embedded NULs count). */
#define VALID(s) md_utf8_valid((s), sizeof(s) - 1)

typedef int (*add_fn)(struct md_buf *, const char *, size_t);

/* Run fn on in[0..inlen) into a fresh buffer and compare with want. */
static void
expect_add(add_fn fn, const char *in, size_t inlen, const char *want,
	   const char *what, int line)
{
	struct md_buf b = MD_BUF_INIT;
	int rc = fn(&b, in, inlen);

	tap_int(rc, MD_OK, what, __FILE__, line);
	tap_str(b.buf, want, what, __FILE__, line);
	md_buf_release(&b);
}

#define REPAIRED(in, want)                                             \
	expect_add(md_utf8_add_repaired, (in), sizeof(in) - 1, (want), \
		   "repaired " #in, __LINE__)
#define CP1252(in, want)                                             \
	expect_add(md_utf8_add_cp1252, (in), sizeof(in) - 1, (want), \
		   "cp1252 " #in, __LINE__)
#define GUESS(in, want)                                             \
	expect_add(md_utf8_add_guess, (in), sizeof(in) - 1, (want), \
		   "guess " #in, __LINE__)

static void
expect_tty(const char *in, size_t inlen, int keep_newline, const char *want,
	   const char *what, int line)
{
	struct md_buf b = MD_BUF_INIT;
	int rc = md_utf8_add_tty_safe(&b, in, inlen, keep_newline);

	tap_int(rc, MD_OK, what, __FILE__, line);
	tap_str(b.buf, want, what, __FILE__, line);
	md_buf_release(&b);
}

#define TTY(in, keep, want)                                               \
	expect_tty((in), sizeof(in) - 1, (keep), (want), "tty_safe " #in, \
		   __LINE__)

static void
test_seq(void)
{
	uint32_t cp = 0;

	CHECK_INT(md_utf8_seq((const unsigned char *)"A", 1, &cp), 1);
	CHECK_INT(cp, 'A');
	CHECK_INT(md_utf8_seq((const unsigned char *)"\xc3\xa9", 2, &cp), 2);
	CHECK_INT(cp, 0xe9);
	CHECK_INT(md_utf8_seq((const unsigned char *)"\xe2\x82\xac", 3, &cp),
		  3);
	CHECK_INT(cp, 0x20ac);
	CHECK_INT(
		md_utf8_seq((const unsigned char *)"\xf0\x9f\x98\x80", 4, &cp),
		4);
	CHECK_INT(cp, 0x1f600);
	CHECK_INT(
		md_utf8_seq((const unsigned char *)"\xf4\x8f\xbf\xbf", 4, &cp),
		4);
	CHECK_INT(cp, 0x10ffff);
	CHECK_INT(md_utf8_seq((const unsigned char *)"\xc3\xa9", 1, &cp), 0);
	CHECK_INT(md_utf8_seq((const unsigned char *)"", 0, &cp), 0);
	CHECK_INT(md_utf8_seq((const unsigned char *)"\xc0\x80", 2, NULL), 0);
	CHECK_INT(md_utf8_seq((const unsigned char *)"\x80", 1, NULL), 0);
}

static void
test_valid(void)
{
	CHECK(VALID(""));
	CHECK(VALID("plain ASCII\t\n"));
	CHECK(VALID("a\0b"));
	CHECK(VALID("Zo\xc3\xab"));
	CHECK(VALID("\xc2\x80"));	  /* U+0080, smallest 2-byte */
	CHECK(VALID("\xdf\xbf"));	  /* U+07FF */
	CHECK(VALID("\xe0\xa0\x80"));	  /* U+0800, smallest 3-byte */
	CHECK(VALID("\xe2\x82\xac"));	  /* euro sign */
	CHECK(VALID("\xed\x9f\xbf"));	  /* U+D7FF, below surrogates */
	CHECK(VALID("\xee\x80\x80"));	  /* U+E000, above surrogates */
	CHECK(VALID("\xef\xbf\xbf"));	  /* U+FFFF */
	CHECK(VALID("\xf0\x90\x80\x80")); /* U+10000 */
	CHECK(VALID("\xf0\x9f\x98\x80")); /* emoji */
	CHECK(VALID("\xf4\x8f\xbf\xbf")); /* U+10FFFF */
	CHECK(VALID("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 ok"));

	/* Overlong forms. */
	CHECK(!VALID("\xc0\x80"));
	CHECK(!VALID("\xc1\xbf"));
	CHECK(!VALID("\xe0\x80\x80"));
	CHECK(!VALID("\xe0\x9f\xbf"));
	CHECK(!VALID("\xf0\x80\x80\x80"));
	CHECK(!VALID("\xf0\x8f\xbf\xbf"));
	/* Surrogates. */
	CHECK(!VALID("\xed\xa0\x80"));
	CHECK(!VALID("\xed\xbf\xbf"));
	CHECK(!VALID("a\xed\xb0\x80z"));
	/* Above U+10FFFF, and bytes that never occur. */
	CHECK(!VALID("\xf4\x90\x80\x80"));
	CHECK(!VALID("\xf5\x80\x80\x80"));
	CHECK(!VALID("\xf8\x88\x80\x80\x80"));
	CHECK(!VALID("\xfe"));
	CHECK(!VALID("\xff"));
	/* Lone continuation bytes. */
	CHECK(!VALID("\x80"));
	CHECK(!VALID("a\xbf"));
	/* Truncated sequences, at the end and before other text. */
	CHECK(!VALID("\xc3"));
	CHECK(!VALID("\xe2\x82"));
	CHECK(!VALID("\xf0\x9f\x98"));
	CHECK(!VALID("\xc3z"));
	CHECK(!VALID("\xe2\x82z"));
	CHECK(!VALID("\xf0\x9f\x98z"));
	CHECK(!VALID("\xe2\xc3\xa9"));
	/* A valid sequence cut by the length argument. */
	CHECK(!md_utf8_valid("\xe2\x82\xac", 2));
	CHECK(md_utf8_valid("\xe2\x82\xac", 0));
}

static void
test_repaired(void)
{
	REPAIRED("", "");
	REPAIRED("plain", "plain");
	REPAIRED("Zo\xc3\xab", "Zo\xc3\xab");
	REPAIRED("\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80");
	REPAIRED("\xff", FFFD);
	REPAIRED("a\xffz", "a" FFFD "z");
	REPAIRED("caf\xe9!", "caf" FFFD "!");
	/* Overlong: both bytes are bad. */
	REPAIRED("a\xc0\x80z", "a" FFFD FFFD "z");
	/* Surrogate: three bad bytes. */
	REPAIRED("\xed\xa0\x80", FFFD FFFD FFFD);
	REPAIRED("\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD);
	/* Truncated: each byte replaced, what follows kept. */
	REPAIRED("\xe2\x82", FFFD FFFD);
	REPAIRED("\xe2\x82z", FFFD FFFD "z");
	REPAIRED("\xe2\xc3\xa9", FFFD "\xc3\xa9");
	REPAIRED("x\xc3", "x" FFFD);
	/* Embedded NUL is valid and kept. */
	{
		struct md_buf b = MD_BUF_INIT;

		CHECK_INT(md_utf8_add_repaired(&b, "a\0\xff", 3), MD_OK);
		CHECK_INT(md_buf_len(&b), 5);
		CHECK(!memcmp(b.buf, "a\0" FFFD, 6));
		md_buf_release(&b);
	}
	/* It appends. */
	{
		struct md_buf b = MD_BUF_INIT;

		md_buf_addstr(&b, "pre:");
		CHECK_INT(md_utf8_add_repaired(&b, "\x80x", 2), MD_OK);
		CHECK_STR(b.buf, "pre:" FFFD "x");
		md_buf_release(&b);
	}
}

static void
test_cp1252(void)
{
	CP1252("", "");
	CP1252("ascii ~", "ascii ~");
	CP1252("\x80", "\xe2\x82\xac"); /* euro sign */
	CP1252("\xe9", "\xc3\xa9");	/* e acute */
	CP1252("caf\xe9", "caf\xc3\xa9");
	CP1252("\x9d", "\xc2\x9d"); /* undefined: U+009D */
	CP1252("\x81\x8d\x8f\x90", "\xc2\x81\xc2\x8d\xc2\x8f\xc2\x90");
	CP1252("\x92", "\xe2\x80\x99"); /* right single quote */
	CP1252("\x93q\x94", "\xe2\x80\x9cq\xe2\x80\x9d");
	CP1252("\x96", "\xe2\x80\x93"); /* en dash */
	CP1252("\x8a", "\xc5\xa0");	/* S caron */
	CP1252("\x9f", "\xc5\xb8");	/* Y diaeresis */
	CP1252("\xa0", "\xc2\xa0");
	CP1252("\xff", "\xc3\xbf");
	/* UTF-8 input is not special: each byte is one character. */
	CP1252("\xc3\xa9", "\xc3\x83\xc2\xa9");
}

static void
test_guess(void)
{
	GUESS("", "");
	GUESS("plain", "plain");
	GUESS("caf\xc3\xa9", "caf\xc3\xa9");
	GUESS("\xe2\x82\xac 5", "\xe2\x82\xac 5");
	GUESS("caf\xe9", "caf\xc3\xa9");
	GUESS("\x80 5", "\xe2\x82\xac 5");
	/* Once invalid, the whole text is read as cp1252. */
	GUESS("\xc3\xa9 \xe9", "\xc3\x83\xc2\xa9 \xc3\xa9");
	GUESS("\xed\xa0\x80", "\xc3\xad\xc2\xa0\xe2\x82\xac");
}

static void
test_tty_safe(void)
{
	TTY("", 1, "");
	TTY("plain text", 1, "plain text");
	TTY("Zo\xc3\xab", 1, "Zo\xc3\xab");
	TTY("Zo\xc3\xab", 0, "Zo\xc3\xab");
	TTY("\xe2\x82\xac \xf0\x9f\x98\x80", 0,
	    "\xe2\x82\xac \xf0\x9f\x98\x80");
	TTY("a\x1b[31mred", 1, "a^[[31mred");
	TTY("line\r", 1, "line^M");
	TTY("\a", 1, "^G");
	TTY("x\x7fy", 1, "x^?y");
	TTY("\x01\x1f", 1, "^A^_");
	TTY("\b", 1, "^H");
	TTY("\f\v", 1, "^L^K");
	TTY("\xc2\x85", 1, "<U+0085>"); /* NEL, a C1 control */
	TTY("\xc2\x80\xc2\x9f", 1, "<U+0080><U+009F>");
	TTY("\xc2\xa0", 1, "\xc2\xa0");			/* NBSP is fine */
	TTY("abc\xe2\x80\xaexyz", 1, "abc<U+202E>xyz"); /* RLO */
	TTY("\xe2\x80\xaa", 1, "<U+202A>");		/* LRE */
	TTY("\xe2\x81\xa6", 1, "<U+2066>");		/* LRI */
	TTY("\xe2\x81\xa9", 1, "<U+2069>");		/* PDI */
	TTY("\xe2\x80\x8f", 1, "<U+200F>");		/* RLM */
	TTY("\xd8\x9c", 1, "<U+061C>");			/* ALM */
	TTY("\xe2\x80\x8b", 1, "\xe2\x80\x8b"); /* ZWSP is not a control */
	TTY("a\tb", 1, "a\tb");
	TTY("a\tb", 0, "a\tb");
	TTY("a\nb\n", 1, "a\nb\n");
	TTY("a\nb\n", 0, "a^Jb^J");
	TTY("a\xffz", 1, "a" FFFD "z");
	TTY("\xc0\x80", 1, FFFD FFFD);
	TTY("\xe2\x82", 0, FFFD FFFD);
	TTY("\xed\xa0\x80", 1, FFFD FFFD FFFD);
	TTY("caf\xe9\x1b", 1, "caf" FFFD "^[");
	{
		struct md_buf b = MD_BUF_INIT;

		/* NUL in caret notation; the call appends. */
		md_buf_addstr(&b, "> ");
		CHECK_INT(md_utf8_add_tty_safe(&b, "a\0b", 3, 1), MD_OK);
		CHECK_STR(b.buf, "> a^@b");
		md_buf_release(&b);
	}

	CHECK(md_cp_is_unsafe(0x1b));
	CHECK(md_cp_is_unsafe(0));
	CHECK(md_cp_is_unsafe('\r'));
	CHECK(!md_cp_is_unsafe('\t'));
	CHECK(!md_cp_is_unsafe('\n'));
	CHECK(!md_cp_is_unsafe(' '));
	CHECK(!md_cp_is_unsafe('~'));
	CHECK(md_cp_is_unsafe(0x7f));
	CHECK(md_cp_is_unsafe(0x85));
	CHECK(md_cp_is_unsafe(0x9f));
	CHECK(!md_cp_is_unsafe(0xa0));
	CHECK(md_cp_is_unsafe(0x202e));
	CHECK(md_cp_is_unsafe(0x2066));
	CHECK(!md_cp_is_unsafe(0x2070));
	CHECK(!md_cp_is_unsafe(0xe9));
}

static void
test_add_cp(void)
{
	struct md_buf b = MD_BUF_INIT;

	CHECK_INT(md_utf8_add_cp(&b, 'A'), MD_OK);
	CHECK_INT(md_utf8_add_cp(&b, 0xe9), MD_OK);
	CHECK_INT(md_utf8_add_cp(&b, 0x20ac), MD_OK);
	CHECK_INT(md_utf8_add_cp(&b, 0x1f600), MD_OK);
	CHECK_STR(b.buf, "A\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
	CHECK(md_utf8_valid(b.buf, md_buf_len(&b)));
	md_buf_release(&b);

	/* The cap applies: a refused append leaves the buffer alone. */
	md_buf_init(&b, 4);
	CHECK_INT(md_utf8_add_repaired(&b, "abc", 3), MD_OK);
	CHECK_INT(md_utf8_add_repaired(&b, "\xff", 1), MD_ETOOBIG);
	CHECK_STR(b.buf, "abc");
	CHECK_INT(md_utf8_add_cp1252(&b, "\x80", 1), MD_ETOOBIG);
	CHECK_STR(b.buf, "abc");
	md_buf_release(&b);
}

int
main(void)
{
	test_seq();
	test_valid();
	test_repaired();
	test_cp1252();
	test_guess();
	test_tty_safe();
	test_add_cp();
	return tap_done();
}
