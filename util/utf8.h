/*
 * utf8.h - UTF-8 validation, repair and terminal-safe escaping.
 *
 * All functions append to a caller-owned struct md_buf and return 0,
 * MD_ENOMEM or MD_ETOOBIG.  None of them keeps a pointer to its input.
 */
#ifndef MD_UTF8_H
#define MD_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

/* Length of the valid UTF-8 sequence at s (1-4), 0 if s[0..len) does not
 * start with one; the code point goes to *cp when cp is not NULL. */
size_t md_utf8_seq(const unsigned char *s, size_t len, uint32_t *cp);
int md_utf8_valid(const char *s, size_t len);
/* Append s, replacing each byte that does not start a valid sequence
 * with U+FFFD (one replacement per bad byte: nothing is dropped). */
int md_utf8_add_repaired(struct md_buf *out, const char *s, size_t len);
/* Append s decoded as windows-1252 (a superset of latin-1 in what mail
 * uses); bytes undefined in cp1252 map to their latin-1 code points. */
int md_utf8_add_cp1252(struct md_buf *out, const char *s, size_t len);
/* Append s as UTF-8: unchanged when valid, else decoded as cp1252. */
int md_utf8_add_guess(struct md_buf *out, const char *s, size_t len);
/* Append one code point. */
int md_utf8_add_cp(struct md_buf *out, uint32_t cp);

/* Whether a code point must never reach a terminal: C0 controls other
 * than tab and newline, DEL, C1 controls, and the bidirectional
 * embedding, override and isolate characters. */
int md_cp_is_unsafe(uint32_t cp);
/* Append s with unsafe code points shown escaped: C0 and DEL in caret
 * notation (^[, ^M, ^?), others as <U+XXXX>; invalid bytes as U+FFFD.
 * Newlines are kept when keep_newline, else shown as ^J; tabs are kept. */
int md_utf8_add_tty_safe(struct md_buf *out, const char *s, size_t len,
			 int keep_newline);

#endif
