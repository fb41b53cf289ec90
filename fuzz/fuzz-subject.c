/*
 * fuzz-subject.c - libFuzzer target for the subject tag parser
 * (lib/subject.h).
 *
 * Each input is copied into a malloc'd buffer with a NUL after it (an
 * input with NUL bytes in it is a shorter subject) and given to
 * md_subject_parse().  Besides the memory errors the sanitizers catch,
 * the target checks what the parser guarantees, as read from
 * lib/subject.c, and calls abort() when a guarantee is broken:
 *   - title points into the subject, at most at its terminating NUL,
 *     and never at a blank (leading blanks are skipped);
 *   - extra is NUL-terminated within its array;
 *   - version is at least 1; N/M is only taken with 0 < M and N <= M,
 *     so MD_SUBJ_NUMBERED holds exactly when total > 0, and num and
 *     total are 0 without it; only known flag bits are set, and the
 *     tag flags, extra words and a version come only from a [...]
 *     group, so they imply MD_SUBJ_TAGGED;
 *   - a series head is patch mail;
 *   - the parser splits only at ASCII bytes and copies whole words, so
 *     a valid UTF-8 subject gives a valid UTF-8 title and extra;
 *   - parsing the same subject twice gives the same result.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/subject.h"
#include "util/utf8.h"
#include "util/banned.h"

#define ALL_FLAGS                                                        \
	(MD_SUBJ_REPLY | MD_SUBJ_FORWARD | MD_SUBJ_PATCH | MD_SUBJ_RFC | \
	 MD_SUBJ_RESEND | MD_SUBJ_PULL | MD_SUBJ_NUMBERED | MD_SUBJ_TAGGED)
/* Flags that only a [...] group sets. */
#define TAG_FLAGS                                                      \
	(MD_SUBJ_PATCH | MD_SUBJ_RFC | MD_SUBJ_RESEND | MD_SUBJ_PULL | \
	 MD_SUBJ_NUMBERED)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fail(const char *why)
{
	fprintf(stderr, "fuzz-subject: %s\n", why);
	abort();
}

static void
check(const char *subject, const struct md_subject *s)
{
	size_t len = strlen(subject);

	if (s->title < subject || s->title > subject + len)
		fail("title points outside the subject");
	if (*s->title == ' ' || *s->title == '\t')
		fail("title starts with a blank");
	if (!memchr(s->extra, '\0', sizeof(s->extra)))
		fail("extra is not NUL-terminated within its array");
	if (s->flags & ~(unsigned)ALL_FLAGS)
		fail("flags has an unknown bit");
	if (s->version < 1)
		fail("version is 0");
	if (s->flags & MD_SUBJ_NUMBERED) {
		if (!s->total)
			fail("numbered with total 0");
		if (s->num > s->total)
			fail("numbered with num > total");
	} else if (s->num || s->total) {
		fail("num or total set without MD_SUBJ_NUMBERED");
	}
	if (((s->flags & TAG_FLAGS) || s->extra[0] || s->version != 1) &&
	    !(s->flags & MD_SUBJ_TAGGED))
		fail("tags found without MD_SUBJ_TAGGED");
	if (md_subject_is_series_head(s) && !md_subject_is_patch_mail(s))
		fail("a series head that is no patch mail");
	if (md_utf8_valid(subject, len)) {
		if (!md_utf8_valid(s->title, strlen(s->title)))
			fail("title is not valid UTF-8 but the subject is");
		if (!md_utf8_valid(s->extra, strlen(s->extra)))
			fail("extra is not valid UTF-8 but the subject is");
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct md_subject a, b;
	char *subject = malloc(size + 1);

	if (!subject)
		return 0;
	memcpy(subject, data, size);
	subject[size] = '\0';
	md_subject_parse(&a, subject);
	check(subject, &a);
	md_subject_parse(&b, subject);
	if (memcmp(&a, &b, sizeof(a)))
		fail("a second parse gives another result");
	free(subject);
	return 0;
}
