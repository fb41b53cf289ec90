/*
 * utf8.c - UTF-8 validation (RFC 3629: no overlongs, no surrogates,
 * nothing above U+10FFFF), cp1252 decoding and terminal-safe output in
 * the manner of mblaze's safe_u8putstr.c.
 */
#include <stdio.h>
#include <string.h>

#include "util/utf8.h"
#include "util/banned.h"

size_t
md_utf8_seq(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t c;
	size_t n;

	if (!len)
		return 0;
	if (s[0] < 0x80) {
		c = s[0];
		n = 1;
	} else if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		c = s[0] & 0x1f;
		n = 2;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		c = s[0] & 0x0f;
		n = 3;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		c = s[0] & 0x07;
		n = 4;
	} else {
		return 0;
	}
	if (n > len)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	if (cp)
		*cp = c;
	return n;
}

int
md_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		size_t n;

		if (p[i] < 0x80) {
			i++;
			continue;
		}
		n = md_utf8_seq(p + i, len - i, NULL);
		if (!n)
			return 0;
		i += n;
	}
	return 1;
}

int
md_utf8_add_cp(struct md_buf *out, uint32_t cp)
{
	unsigned char b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = (unsigned char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (unsigned char)(0xc0 | (cp >> 6));
		b[1] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (unsigned char)(0xe0 | (cp >> 12));
		b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (unsigned char)(0xf0 | (cp >> 18));
		b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return md_buf_add(out, b, n);
}

int
md_utf8_add_repaired(struct md_buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0;
	int rc;

	while (i < len) {
		size_t n = p[i] < 0x80 ? 1 : md_utf8_seq(p + i, len - i, NULL);

		if (n) {
			i += n;
			continue;
		}
		rc = md_buf_add(out, s + run, i - run);
		if (!rc)
			rc = md_buf_add(out, "\xef\xbf\xbd", 3);
		if (rc)
			return rc;
		i++;
		run = i;
	}
	return md_buf_add(out, s + run, len - run);
}

/* cp1252 0x80-0x9f; 0 marks the five undefined bytes (kept as C1). */
static const uint16_t cp1252_high[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
};

int
md_utf8_add_cp1252(struct md_buf *out, const char *s, size_t len)
{
	int rc = MD_OK;

	for (size_t i = 0; i < len && !rc; i++) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp = c;

		if (c >= 0x80 && c < 0xa0 && cp1252_high[c - 0x80])
			cp = cp1252_high[c - 0x80];
		rc = md_utf8_add_cp(out, cp);
	}
	return rc;
}

int
md_utf8_add_guess(struct md_buf *out, const char *s, size_t len)
{
	if (md_utf8_valid(s, len))
		return md_buf_add(out, s, len);
	return md_utf8_add_cp1252(out, s, len);
}

int
md_cp_is_unsafe(uint32_t cp)
{
	if (cp < 0x20)
		return cp != '\t' && cp != '\n';
	if (cp == 0x7f || (cp >= 0x80 && cp <= 0x9f))
		return 1;
	/* LRE..RLO, LRI..PDI, and LRM/RLM/ALM which can reorder text. */
	if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
		return 1;
	if (cp == 0x200e || cp == 0x200f || cp == 0x061c)
		return 1;
	return 0;
}

int
md_utf8_add_tty_safe(struct md_buf *out, const char *s, size_t len,
		     int keep_newline)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0;
	int rc;

	while (i < len) {
		uint32_t cp;
		size_t n = md_utf8_seq(p + i, len - i, &cp);
		char esc[16];

		if (n && !md_cp_is_unsafe(cp) && (cp != '\n' || keep_newline)) {
			i += n;
			continue;
		}
		rc = md_buf_add(out, s + run, i - run);
		if (rc)
			return rc;
		if (!n) {
			rc = md_buf_add(out, "\xef\xbf\xbd", 3);
			n = 1;
		} else if (cp < 0x20 || cp == 0x7f) {
			esc[0] = '^';
			esc[1] = (char)(cp == 0x7f ? '?' : cp + '@');
			rc = md_buf_add(out, esc, 2);
		} else {
			snprintf(esc, sizeof(esc), "<U+%04X>", (unsigned)cp);
			rc = md_buf_addstr(out, esc);
		}
		if (rc)
			return rc;
		i += n;
		run = i;
	}
	return md_buf_add(out, s + run, len - run);
}
