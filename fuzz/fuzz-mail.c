/*
 * fuzz-mail.c - libFuzzer target for the message parser (lib/mail.h and
 * lib/msg.h).
 *
 * Each input is taken as one raw message.  It goes through
 * md_mail_parse() and md_mail_decode_body(), then, on a fresh struct,
 * through md_rmsg_parse(), which adds the subject tags, the review
 * trailers of replies (checked: valid UTF-8, an address each) and, for patch
 * mail, the excerpt.  Besides the memory errors AddressSanitizer and
 * UndefinedBehaviorSanitizer catch, the target checks what mail.h and
 * msg.h promise about the results and calls abort() when a promise is
 * broken: every string is set and is valid UTF-8 (RFC 3629), the subject
 * is one line, the defect bits are known ones, and subj.title points
 * into mail.subject.  The input is passed with its length and no
 * terminating NUL, so a read past the end is a heap overflow.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/mail.h"
#include "lib/msg.h"
#include "lib/review.h"
#include "lib/subject.h"
#include "util/error.h"
#include "util/utf8.h"
#include "util/banned.h"

/* Every bit of enum md_mail_defects. */
#define ALL_DEFECTS                                                \
	(MD_MAIL_NO_FROM | MD_MAIL_NO_MSGID | MD_MAIL_BAD_HEADER | \
	 MD_MAIL_NO_BODY | MD_MAIL_BAD_MIME | MD_MAIL_TRUNCATED |  \
	 MD_MAIL_NO_SUBJECT)

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Report a broken invariant and stop, so libFuzzer keeps the input. */
static void
fail(const char *where, const char *field, const char *why)
{
	fprintf(stderr, "fuzz-mail: %s: %s %s\n", where, field, why);
	abort();
}

/* A string field must be set and be valid UTF-8. */
static void
check_str(const char *where, const char *field, const char *s)
{
	if (!s)
		fail(where, field, "is NULL");
	if (!md_utf8_valid(s, strlen(s)))
		fail(where, field, "is not valid UTF-8");
}

static void
check_addr(const char *where, const char *field, const struct md_addr *a)
{
	char what[64];

	snprintf(what, sizeof(what), "%s.name", field);
	check_str(where, what, a->name);
	snprintf(what, sizeof(what), "%s.addr", field);
	check_str(where, what, a->addr);
}

/* What mail.h promises of a struct md_mail after md_mail_parse(), and
 * after md_mail_decode_body() too when decoded is set. */
static void
check_mail(const char *where, const struct md_mail *m, int decoded)
{
	check_str(where, "message_id", m->message_id);
	check_str(where, "in_reply_to", m->in_reply_to);
	if (m->n_refs > MD_MAIL_MAX_REFS)
		fail(where, "n_refs", "is above MD_MAIL_MAX_REFS");
	if (m->n_refs && !m->refs)
		fail(where, "refs", "is NULL with n_refs > 0");
	for (size_t i = 0; i < m->n_refs; i++)
		check_str(where, "refs[i]", m->refs[i]);
	check_str(where, "subject", m->subject);
	if (strpbrk(m->subject, "\r\n"))
		fail(where, "subject", "holds a line break");
	check_str(where, "list_id", m->list_id);
	check_addr(where, "from", &m->from);
	check_addr(where, "author", &m->author);
	if (m->defects & ~(unsigned)ALL_DEFECTS)
		fail(where, "defects", "has an unknown bit");
	if (m->has_inbody_from != 0 && m->has_inbody_from != 1)
		fail(where, "has_inbody_from", "is neither 0 nor 1");
	if (decoded)
		check_str(where, "body", m->body);
}

static void
fuzz_mail(const char *raw, size_t len)
{
	struct md_mail m;

	md_mail_init(&m);
	if (md_mail_parse(&m, raw, len) == MD_OK) {
		check_mail("md_mail_parse", &m, 0);
		if (md_mail_decode_body(&m, raw, len) == MD_OK)
			check_mail("md_mail_decode_body", &m, 1);
	}
	md_mail_release(&m);
}

static void
fuzz_rmsg(const char *raw, size_t len)
{
	struct md_rmsg *r = calloc(1, sizeof(*r));
	const char *subj;

	if (!r)
		return;
	if (md_rmsg_parse(r, raw, len) == MD_OK) {
		check_mail("md_rmsg_parse", &r->mail, 0);
		if (r->mail.body)
			fail("md_rmsg_parse", "mail.body", "is kept");
		subj = r->mail.subject;
		if (r->subj.title < subj || r->subj.title > subj + strlen(subj))
			fail("md_rmsg_parse", "subj.title",
			     "points outside mail.subject");
		if (r->patch_mail != md_subject_is_patch_mail(&r->subj))
			fail("md_rmsg_parse", "patch_mail",
			     "disagrees with the subject tags");
		if (r->excerpt) {
			if (!r->patch_mail)
				fail("md_rmsg_parse", "excerpt",
				     "is set for mail that is no patch");
			check_str("md_rmsg_parse", "excerpt", r->excerpt);
		}
		for (size_t i = 0; i < r->n_trailers; i++) {
			check_str("md_rmsg_parse", "trailer name",
				  r->trailers[i].name);
			check_str("md_rmsg_parse", "trailer addr",
				  r->trailers[i].addr);
			if (!r->trailers[i].addr[0])
				fail("md_rmsg_parse", "trailer addr", "is empty");
		}
		for (size_t i = 0; i < r->n_paths; i++)
			if (!r->paths[i][0])
				fail("md_rmsg_parse", "paths", "has an empty one");
		if ((r->n_trailers || r->verdict) && r->patch_mail)
			fail("md_rmsg_parse", "trailers",
			     "are set for patch mail");
	}
	md_rmsg_free(r);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	md_mail_global_init();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_mail((const char *)data, size);
	fuzz_rmsg((const char *)data, size);
	return 0;
}
