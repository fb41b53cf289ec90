/*
 * t-subject.c - unit tests of the subject tag parser (lib/subject.h).
 *
 * A table of subject lines in the forms git format-patch, b4, the
 * kernel's stable and pull-request tooling and common mail clients
 * write, each with every field md_subject_parse() must give (flags,
 * version, N/M, extra tags, title) and what md_subject_is_patch_mail()
 * and md_subject_is_series_head() say about it.
 */
#include <stdio.h>
#include <string.h>

#include "lib/subject.h"
#include "tests/unit/tap.h"
#include "util/banned.h"

/* Short names for the flags, to keep the table readable. */
enum {
	RE = MD_SUBJ_REPLY,
	FW = MD_SUBJ_FORWARD,
	PA = MD_SUBJ_PATCH,
	RFC = MD_SUBJ_RFC,
	RS = MD_SUBJ_RESEND,
	PU = MD_SUBJ_PULL,
	NU = MD_SUBJ_NUMBERED,
	TG = MD_SUBJ_TAGGED,
};

struct subject_case {
	const char *subject;
	unsigned flags;
	unsigned version, num, total;
	const char *extra;
	const char *title;
	int is_patch, is_head;
};

static const struct subject_case cases[] = {
	/* subject, flags, version, num, total, extra, title, patch, head */
	{"[PATCH] foo", PA | TG, 1, 0, 0, "", "foo", 1, 1},
	{"[PATCH v3 2/7] foo", PA | NU | TG, 3, 2, 7, "", "foo", 1, 0},
	{"[PATCH v3 02/07] foo", PA | NU | TG, 3, 2, 7, "", "foo", 1, 0},
	{"[RFC PATCH net-next v2 0/4] foo", RFC | PA | NU | TG, 2, 0, 4,
	 "net-next", "foo", 1, 1},
	{"[PATCH RESEND] foo", PA | RS | TG, 1, 0, 0, "", "foo", 1, 1},
	{"[RESEND PATCH v2 1/3] foo", PA | RS | NU | TG, 2, 1, 3, "", "foo", 1,
	 1},
	{"[kvm-unit-tests PATCH] foo", PA | TG, 1, 0, 0, "kvm-unit-tests",
	 "foo", 1, 1},
	{"[kvm-unit-tests PATCH v2 1/2] foo", PA | NU | TG, 2, 1, 2,
	 "kvm-unit-tests", "foo", 1, 1},
	{"[PATCH 6.1.y] foo", PA | TG, 1, 0, 0, "6.1.y", "foo", 1, 1},
	{"[PATCH 5.10 3/9] foo", PA | NU | TG, 1, 3, 9, "5.10", "foo", 1, 0},
	{"[GIT PULL] KVM/arm64 fixes", PU | TG, 1, 0, 0, "", "KVM/arm64 fixes",
	 0, 0},
	{"[PATCHv2 1/3] foo", PA | NU | TG, 2, 1, 3, "", "foo", 1, 1},
	{"[PATCH-v2] foo", PA | TG, 2, 0, 0, "", "foo", 1, 1},
	{"[PATCH v2] [1/3] foo", PA | NU | TG, 2, 1, 3, "", "foo", 1, 1},
	{"Re: [PATCH 1/3] foo", RE | PA | NU | TG, 1, 1, 3, "", "foo", 0, 0},
	{"RE: [PATCH] foo", RE | PA | TG, 1, 0, 0, "", "foo", 0, 0},
	{"Re: Re: [PATCH] foo", RE | PA | TG, 1, 0, 0, "", "foo", 0, 0},
	{"AW: [PATCH] foo", RE | PA | TG, 1, 0, 0, "", "foo", 0, 0},
	{"Fwd: [PATCH] foo", FW | PA | TG, 1, 0, 0, "", "foo", 0, 0},
	{"Re[2]: [PATCH] foo", RE | PA | TG, 1, 0, 0, "", "foo", 0, 0},
	{"Re: foo", RE, 1, 0, 0, "", "foo", 0, 0},
	{"foo", 0, 1, 0, 0, "", "foo", 0, 0},
	/* RFC without PATCH is not a patch. */
	{"[RFC] foo", RFC | TG, 1, 0, 0, "", "foo", 0, 0},
	{"[RFC PATCH v5 00/12] foo", RFC | PA | NU | TG, 5, 0, 12, "", "foo", 1,
	 1},
	/* N/M needs M > 0 and N <= M; otherwise it is just another tag. */
	{"[PATCH 0/0] foo", PA | TG, 1, 0, 0, "0/0", "foo", 1, 1},
	{"[PATCH 3/2] foo", PA | TG, 1, 0, 0, "3/2", "foo", 1, 1},
	/* v0 is not a version. */
	{"[PATCH v0] foo", PA | TG, 1, 0, 0, "v0", "foo", 1, 1},
	{"[PATCH]foo", PA | TG, 1, 0, 0, "", "foo", 1, 1},
	/* Leading blanks are skipped; the title keeps its trailing ones. */
	{"  [PATCH]   foo  ", PA | TG, 1, 0, 0, "", "foo  ", 1, 1},
	{"[PATCH bpf-next,v2 1/2] foo", PA | NU | TG, 2, 1, 2, "bpf-next",
	 "foo", 1, 1},
	{"[PATCH] [PATCH] foo", PA | TG, 1, 0, 0, "", "foo", 1, 1},
	/* An unclosed bracket is title. */
	{"[PATCH", 0, 1, 0, 0, "", "[PATCH", 0, 0},
	{"[]", TG, 1, 0, 0, "", "", 0, 0},
	{"", 0, 1, 0, 0, "", "", 0, 0},
	{"Re:", RE, 1, 0, 0, "", "", 0, 0},
	{"[ANNOUNCE] foo", TG, 1, 0, 0, "ANNOUNCE", "foo", 0, 0},
	{"[PATCH net] foo", PA | TG, 1, 0, 0, "net", "foo", 1, 1},
	{"[PATCH for-next v4 3/5] foo", PA | NU | TG, 4, 3, 5, "for-next",
	 "foo", 1, 0},
	{"[PATCH stable 5.15] foo", PA | TG, 1, 0, 0, "stable 5.15", "foo", 1,
	 1},
	{"[PULL 0/3] foo", PU | NU | TG, 1, 0, 3, "", "foo", 0, 0},
	{"[GIT PULL v2] foo", PU | TG, 2, 0, 0, "", "foo", 0, 0},
	{"[PATCH V2 1/2] foo", PA | NU | TG, 2, 1, 2, "", "foo", 1, 1},
	{"[PATCH v12 01/12] foo", PA | NU | TG, 12, 1, 12, "", "foo", 1, 1},
	{"Re: [RFC PATCH] foo", RE | RFC | PA | TG, 1, 0, 0, "", "foo", 0, 0},
	/* The version may come after the number. */
	{"[PATCH 1/2 v2] foo", PA | NU | TG, 2, 1, 2, "", "foo", 1, 1},

	/* More prefixes. */
	{"Fw: [PATCH] foo", FW | PA | TG, 1, 0, 0, "", "foo", 0, 0},
	{"Re: Fwd: [PATCH v2 3/4] foo", RE | FW | PA | NU | TG, 2, 3, 4, "",
	 "foo", 0, 0},
	{"SV: [PATCH] foo", RE | PA | TG, 1, 0, 0, "", "foo", 0, 0},
	{"R: [PATCH] foo", RE | PA | TG, 1, 0, 0, "", "foo", 0, 0},
	{"Re : [PATCH] foo", RE | PA | TG, 1, 0, 0, "", "foo", 0, 0},
	{"Re:[PATCH]foo", RE | PA | TG, 1, 0, 0, "", "foo", 0, 0},
	{"Re: Re[3]: AW: foo", RE, 1, 0, 0, "", "foo", 0, 0},
	/* Words that only start like a prefix are title. */
	{"Revert \"foo\"", 0, 1, 0, 0, "", "Revert \"foo\"", 0, 0},
	{"Response: yes", 0, 1, 0, 0, "", "Response: yes", 0, 0},
	/* More tag forms. */
	{"[patch v2] foo", PA | TG, 2, 0, 0, "", "foo", 1, 1},
	{"[RFC v2] foo", RFC | TG, 2, 0, 0, "", "foo", 0, 0},
	{"[RFC-v3 PATCH] foo", RFC | PA | TG, 3, 0, 0, "", "foo", 1, 1},
	{"[PATCH v2 RESEND 2/2] foo", PA | RS | NU | TG, 2, 2, 2, "", "foo", 1,
	 0},
	{"[GIT] foo", TG, 1, 0, 0, "GIT", "foo", 0, 0},
	{"[GIT PATCH] foo", PA | TG, 1, 0, 0, "GIT", "foo", 1, 1},
	{"[PATCH] [net-next] foo", PA | TG, 1, 0, 0, "net-next", "foo", 1, 1},
	{"[PATCH 1/3]", PA | NU | TG, 1, 1, 3, "", "", 1, 1},
	{"[PATCH v2 0/3]\tfoo", PA | NU | TG, 2, 0, 3, "", "foo", 1, 1},
	{"[PATCH] foo [bar] baz", PA | TG, 1, 0, 0, "", "foo [bar] baz", 1, 1},
	{"[PATCH 1234567/2] foo", PA | TG, 1, 0, 0, "1234567/2", "foo", 1, 1},
	/* A reply prefix only counts in front of the tags: after them it
	 * is part of the title ("fw" is a subsystem name here). */
	{"[PATCH] fw: add a loader", PA | TG, 1, 0, 0, "", "fw: add a loader",
	 1, 1},
	{"[PATCH] Re: foo", PA | TG, 1, 0, 0, "", "Re: foo", 1, 1},
	/* ... but a list tag may come before "Re:" and the patch tags. */
	{"[U-Boot] Re: [PATCH] foo", RE | PA | TG, 1, 0, 0, "U-Boot", "foo", 0,
	 0},
	/* Braces group one tag word; ':' separates words. */
	{"[PATCH stable-4.{4,9}] foo", PA | TG, 1, 0, 0, "stable-4.{4,9}",
	 "foo", 1, 1},
	{"[PATCH net:v2 1/2] foo", PA | NU | TG, 2, 1, 2, "net", "foo", 1, 1},
	/* An unclosed brace groups nothing: the words after it still
	 * count. */
	{"[PATCH stable-{4 v3 2/5] foo", PA | NU | TG, 3, 2, 5, "stable-{4",
	 "foo", 1, 0},
};

static void
check_case(const struct subject_case *c)
{
	struct md_subject s;
	char what[160];

	md_subject_parse(&s, c->subject);
	snprintf(what, sizeof(what), "\"%s\" flags", c->subject);
	tap_int(s.flags, c->flags, what, __FILE__, __LINE__);
	snprintf(what, sizeof(what), "\"%s\" version", c->subject);
	tap_int(s.version, c->version, what, __FILE__, __LINE__);
	snprintf(what, sizeof(what), "\"%s\" num", c->subject);
	tap_int(s.num, c->num, what, __FILE__, __LINE__);
	snprintf(what, sizeof(what), "\"%s\" total", c->subject);
	tap_int(s.total, c->total, what, __FILE__, __LINE__);
	snprintf(what, sizeof(what), "\"%s\" extra", c->subject);
	tap_str(s.extra, c->extra, what, __FILE__, __LINE__);
	snprintf(what, sizeof(what), "\"%s\" title", c->subject);
	tap_str(s.title, c->title, what, __FILE__, __LINE__);
	snprintf(what, sizeof(what), "\"%s\" title points into the subject",
		 c->subject);
	tap_result(s.title >= c->subject &&
			   s.title <= c->subject + strlen(c->subject),
		   what, __FILE__, __LINE__);
	snprintf(what, sizeof(what), "\"%s\" is_patch_mail", c->subject);
	tap_int(md_subject_is_patch_mail(&s), c->is_patch, what, __FILE__,
		__LINE__);
	snprintf(what, sizeof(what), "\"%s\" is_series_head", c->subject);
	tap_int(md_subject_is_series_head(&s), c->is_head, what, __FILE__,
		__LINE__);
}

static void
test_extra_overflow(void)
{
	struct md_subject s;
	char subj[512];
	size_t len;

	/* Twenty ten-letter words: more than fit in extra. */
	len = (size_t)snprintf(subj, sizeof(subj), "[PATCH");
	for (int i = 0; i < 20; i++)
		len += (size_t)snprintf(subj + len, sizeof(subj) - len,
					" word%06d", i);
	snprintf(subj + len, sizeof(subj) - len, " v4 2/3] title");
	md_subject_parse(&s, subj);
	CHECK(memchr(s.extra, '\0', sizeof(s.extra)) != NULL);
	CHECK(strlen(s.extra) < sizeof(s.extra));
	CHECK(!strncmp(s.extra, "word000000 word000001 ", 22));
	CHECK_INT(s.flags, PA | NU | TG);
	CHECK_INT(s.version, 4);
	CHECK_INT(s.num, 2);
	CHECK_INT(s.total, 3);
	CHECK_STR(s.title, "title");

	/* One word longer than extra. */
	len = (size_t)snprintf(subj, sizeof(subj), "[");
	for (int i = 0; i < 200; i++)
		subj[len++] = 'x';
	snprintf(subj + len, sizeof(subj) - len, " PATCH] t");
	md_subject_parse(&s, subj);
	CHECK(strlen(s.extra) < sizeof(s.extra));
	CHECK_INT(s.flags, PA | TG);
	CHECK_STR(s.title, "t");
}

static void
test_bad_glued_version(void)
{
	struct md_subject s;

	/* A glued v0 is no version either: the default stays 1. */
	md_subject_parse(&s, "[PATCHv0] foo");
	CHECK_INT(s.version, 1);
	CHECK_STR(s.title, "foo");
	md_subject_parse(&s, "[PATCH v3 PATCH-v0] foo");
	CHECK_INT(s.version, 3);
	CHECK_STR(s.title, "foo");
	md_subject_parse(&s, "[RFCv0 PATCH] foo");
	CHECK_INT(s.version, 1);
	CHECK_INT(s.flags & PA, PA);
}

int
main(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_case(&cases[i]);
	test_extra_overflow();
	test_bad_glued_version();
	return tap_done();
}
