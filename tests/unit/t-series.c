/*
 * t-series.c - series assembly (lib/series.c) and the counting of
 * lib/report.c on synthetic ranges: messages are parsed from inline
 * headers, then md_report_count() and md_report_assemble() run on them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/report.h"
#include "tests/unit/tap.h"

struct spec {
	const char *from;
	const char *subject;
	const char *msgid;
	const char *in_reply_to; /* NULL: none */
};

static void
build(struct md_report *r, const struct spec *s, size_t n)
{
	md_report_init(r);
	r->msgs = calloc(n, sizeof(*r->msgs));
	for (size_t i = 0; i < n; i++) {
		struct md_rmsg *m = calloc(1, sizeof(*m));
		char raw[1024];
		int len;

		len = snprintf(raw, sizeof(raw),
			       "From: %s\nSubject: %s\nMessage-ID: <%s>\n%s%s%s\n"
			       "body\n",
			       s[i].from, s[i].subject, s[i].msgid,
			       s[i].in_reply_to ? "In-Reply-To: <" : "",
			       s[i].in_reply_to ? s[i].in_reply_to : "",
			       s[i].in_reply_to ? ">\n" : "");
		md_mail_parse(&m->mail, raw, (size_t)len);
		md_subject_parse(&m->subj, m->mail.subject);
		m->patch_mail = md_subject_is_patch_mail(&m->subj);
		m->index = i;
		r->msgs[r->n_msgs++] = m;
	}
	md_report_count(r);
	md_report_assemble(r);
}

static void
test_out_of_order_series(void)
{
	static const struct spec s[] = {
		{ "A <a@x.example>", "[PATCH 2/3] two", "p2", "c0" },
		{ "A <a@x.example>", "[PATCH 0/3] cover", "c0", NULL },
		{ "B <b@y.example>", "Re: [PATCH 2/3] two", "r1", "p2" },
		{ "A <a@x.example>", "[PATCH 1/3] one", "p1", "c0" },
		{ "A <a@x.example>", "[PATCH] single", "s1", NULL },
		{ "A <a@x.example>", "[PATCH 3/3] three", "p3", "c0" },
	};
	struct md_report r;

	build(&r, s, sizeof(s) / sizeof(s[0]));
	CHECK_INT(r.n_series, 2);
	CHECK_INT(r.n_patch_mail, 5);
	CHECK_STR(r.series[0]->cover->mail.message_id, "c0");
	CHECK_STR(r.series[0]->first->mail.message_id, "p2");
	CHECK_INT(r.series[0]->received, 3);
	CHECK_INT(r.series[0]->total, 3);
	CHECK_INT(r.series[0]->n_replies, 1);
	CHECK_STR(r.series[0]->patches[0]->mail.message_id, "p1");
	CHECK(r.series[1]->single);
	CHECK_STR(r.series[1]->head->mail.message_id, "s1");
	md_report_release(&r);
}

static void
test_no_cover_and_same_titles(void)
{
	/* Unthreaded patches of two senders with the same titles stay
	 * apart; a v2 does not join a v1. */
	static const struct spec s[] = {
		{ "A <a@x.example>", "[PATCH 1/2] fix", "a1", NULL },
		{ "B <b@y.example>", "[PATCH 1/2] fix", "b1", NULL },
		{ "B <b@y.example>", "[PATCH 2/2] more", "b2", NULL },
		{ "A <a@x.example>", "[PATCH 2/2] more", "a2", NULL },
		{ "A <a@x.example>", "[PATCH v2 2/2] more", "a22", NULL },
	};
	struct md_report r;

	build(&r, s, sizeof(s) / sizeof(s[0]));
	CHECK_INT(r.n_series, 3);
	CHECK_STR(r.series[0]->patches[1]->mail.message_id, "a2");
	CHECK_STR(r.series[1]->patches[1]->mail.message_id, "b2");
	CHECK_INT(r.series[2]->version, 2);
	CHECK_INT(r.series[2]->received, 1);
	CHECK(r.series[2]->patches[0] == NULL);
	CHECK_STR(r.series[2]->head->mail.message_id, "a22");
	md_report_release(&r);
}

static void
test_partial_and_counts(void)
{
	/* A partial series (1, 2 and 4 of 5) and an in-body-less count:
	 * the contributors are keyed by address case-insensitively. */
	static const struct spec s[] = {
		{ "C <c@z.example>", "[PATCH v3 0/5] big", "c0", NULL },
		{ "C <C@Z.example>", "[PATCH v3 1/5] one", "c1", "c0" },
		{ "C <c@z.example>", "[PATCH v3 2/5] two", "c2", "c0" },
		{ "C <c@z.example>", "[PATCH v3 4/5] four", "c4", "c0" },
		{ "D <d@z.example>", "[RFC] not a patch", "d1", NULL },
		{ "D <d@z.example>", "Re: [PATCH v3 0/5] big", "d2", "c0" },
	};
	struct md_report r;

	build(&r, s, sizeof(s) / sizeof(s[0]));
	CHECK_INT(r.n_series, 1);
	CHECK_INT(r.series[0]->received, 3);
	CHECK_INT(r.series[0]->total, 5);
	CHECK_INT(r.series[0]->version, 3);
	CHECK_INT(r.series[0]->n_replies, 1);
	CHECK_INT(r.n_patch_mail, 4);
	CHECK_INT(r.n_people, 1);
	CHECK_STR(r.people[0].key, "c@z.example");
	CHECK_INT(r.people[0].count, 4);
	CHECK_INT(r.n_domains, 1);
	CHECK_STR(r.domains[0].key, "z.example");
	md_report_release(&r);
}

static void
test_patch_sent_again(void)
{
	/* Patch 2 sent again in its thread stays with the series (extra);
	 * "3/2" is no number (subject.c) but a tag: a single patch. */
	static const struct spec s[] = {
		{ "E <e@w.example>", "[PATCH v2 0/2] pair", "e0", NULL },
		{ "E <e@w.example>", "[PATCH v2 1/2] one", "e1", "e0" },
		{ "E <e@w.example>", "[PATCH v2 2/2] two", "e2", "e0" },
		{ "E <e@w.example>", "[PATCH v2 2/2] two, fixed", "e2b", "e2" },
		{ "E <e@w.example>", "[PATCH v2 3/2] three of two", "e3", "e0" },
		{ "F <f@w.example>", "Re: [PATCH v2 2/2] two, fixed", "f1", "e2b" },
	};
	struct md_report r;
	struct md_series *x;

	build(&r, s, sizeof(s) / sizeof(s[0]));
	CHECK_INT(r.n_series, 2);
	x = r.series[0];
	CHECK_INT(x->received, 2);
	CHECK_INT(x->n_extra, 1);
	CHECK_STR(x->extra[0]->mail.message_id, "e2b");
	CHECK(x->extra[0]->series == x);
	CHECK(r.series[1]->single);
	CHECK_INT(x->n_replies, 1);
	md_report_review(&r);
	CHECK_INT(r.n_reviewers, 1);
	CHECK_INT(r.reviewers[0].replies, 1);
	md_report_release(&r);
}

int
main(void)
{
	md_mail_global_init();
	test_out_of_order_series();
	test_no_cover_and_same_titles();
	test_partial_and_counts();
	test_patch_sent_again();
	md_mail_global_shutdown();
	return tap_done();
}
