/*
 * t-review.c - unit tests of lib/review.h.
 *
 * md_review_scan() must take the Reviewed-by, Acked-by and Tested-by
 * trailers of the replier's own text in every form kernel people write
 * them (and nothing quoted, after a diff or after the signature), dedup
 * them, and tell "Applied, thanks." and its relatives from text that
 * merely mentions applying.  md_review_maybe() must say yes for every
 * raw message whose body the scan finds something in, including bodies
 * hidden by base64 or split by quoted-printable.  The texts are written
 * for the test in the shapes of kernel list mail.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/review.h"
#include "tests/unit/tap.h"
#include "util/buf.h"
#include "util/banned.h"

/* The trailers of r as "Kind|name|addr" lines, and the verdict. */
static void
describe(struct md_buf *out, const struct md_review *r)
{
	for (size_t i = 0; i < r->n_trailers; i++)
		md_buf_addf(out, "%s|%s|%s\n",
			    md_trailer_kind_name(r->trailers[i].kind),
			    r->trailers[i].name, r->trailers[i].addr);
	md_buf_addf(out, "=%s", md_verdict_name(r->verdict));
}

/* A raw message around body, for the prefilter. */
static void
wrap(struct md_buf *out, const char *body)
{
	md_buf_addstr(out, "From: A <a@example.org>\n"
			   "Subject: Re: [PATCH] x: y\n"
			   "Message-ID: <1@example.org>\n"
			   "\n");
	md_buf_addstr(out, body);
}

static void
expect(const char *body, const char *want, int line)
{
	struct md_review r;
	struct md_buf got = MD_BUF_INIT, raw = MD_BUF_INIT, what = MD_BUF_INIT;
	int rc = md_review_scan(&r, body, strlen(body));

	/* The first line of the body names the check. */
	md_buf_addf(&what, "scan \"%.*s\"", (int)strcspn(body, "\r\n"), body);
	tap_int(rc, MD_OK, what.buf, __FILE__, line);
	describe(&got, &r);
	tap_str(got.buf, want, what.buf, __FILE__, line);
	/* Whatever the scan finds, the prefilter must let through. */
	if (r.n_trailers || r.verdict != MD_VERDICT_NONE) {
		wrap(&raw, body);
		if (!md_review_maybe(raw.buf, md_buf_len(&raw)))
			tap_result(0, "prefilter lets it through", __FILE__,
				   line);
	}
	md_review_release(&r);
	md_buf_release(&got);
	md_buf_release(&raw);
	md_buf_release(&what);
}

#define SCAN(body, want) expect((body), (want), __LINE__)
#define APPLIED(body) expect((body), "=applied", __LINE__)
#define QUEUED(body) expect((body), "=queued", __LINE__)
#define NONE(body) expect((body), "=none", __LINE__)

static void
test_trailer_forms(void)
{
	SCAN("Reviewed-by: Jane Doe <jane@example.org>\n",
	     "Reviewed-by|Jane Doe|jane@example.org\n=none");
	SCAN("Acked-by: Jane Doe <jane@example.org>\n"
	     "Tested-by: John Roe <john@example.com>\n",
	     "Acked-by|Jane Doe|jane@example.org\n"
	     "Tested-by|John Roe|john@example.com\n=none");
	/* Any case, a space before the colon, "by" after a space,
	 * leading blanks, no newline at the end. */
	SCAN("reviewed-by: A <a@example.org>\n"
	     "ACKED-BY: B <b@example.org>\n"
	     "Tested-By : C <c@example.org>\n"
	     "Reviewed by: D <d@example.org>\n"
	     "   \tAcked-by:E <e@example.org>",
	     "Reviewed-by|A|a@example.org\n"
	     "Acked-by|B|b@example.org\n"
	     "Tested-by|C|c@example.org\n"
	     "Reviewed-by|D|d@example.org\n"
	     "Acked-by|E|e@example.org\n=none");
	/* An address alone, bare or in <>; a quoted name. */
	SCAN("Acked-by: jane@example.org\n"
	     "Reviewed-by: <john@example.com>\n"
	     "Tested-by: \"Doe, Jane \\\"JD\\\"\" <jd@example.org>\n",
	     "Acked-by||jane@example.org\n"
	     "Reviewed-by||john@example.com\n"
	     "Tested-by|Doe, Jane \"JD\"|jd@example.org\n=none");
	/* Comments after the mailbox; a '>' that went missing; a bare
	 * address with a comment. */
	SCAN("Acked-by: A B <ab@example.org> # v5.10+\n"
	     "Acked-by: C D <cd@example.org> [for the arm64 part]\n"
	     "Reviewed-by: E F <ef@example.org> (powerpc)\n"
	     "Tested-by: G H <gh@example.org\n"
	     "Tested-by: ij@example.org # on the Foo board\n",
	     "Acked-by|A B|ab@example.org\n"
	     "Acked-by|C D|cd@example.org\n"
	     "Reviewed-by|E F|ef@example.org\n"
	     "Tested-by|G H|gh@example.org\n"
	     "Tested-by||ij@example.org\n=none");
	/* Misspellings, and kinds joined by -and-. */
	SCAN("Reviwed-by: A <a@example.org>\n"
	     "Reviewed-and-tested-by: B <b@example.org>\n",
	     "Reviewed-by|A|a@example.org\n"
	     "Reviewed-by|B|b@example.org\n"
	     "Tested-by|B|b@example.org\n=none");
	/* Names: blank runs collapse, a CR before the LF goes, control
	 * characters become spaces, bad UTF-8 is repaired. */
	SCAN("Reviewed-by:   Ann \t  Other   <ann@example.org>\r\n"
	     "Acked-by: Bo\x01" "b <bob@example.org>\r\n"
	     "Tested-by: Zo\xe9 <zoe@example.org>\n"
	     "Acked-by: J\xc3\xb6rg <joerg@example.org>\n",
	     "Reviewed-by|Ann Other|ann@example.org\n"
	     "Acked-by|Bo b|bob@example.org\n"
	     "Tested-by|Zo\xef\xbf\xbd|zoe@example.org\n"
	     "Acked-by|J\xc3\xb6rg|joerg@example.org\n=none");
}

static void
test_trailer_refused(void)
{
	/* Other tags; no mailbox; an address without a domain or local
	 * part; text before the tag. */
	SCAN("Signed-off-by: A <a@example.org>\n"
	     "Reported-by: B <b@example.org>\n"
	     "Suggested-by: C <c@example.org>\n"
	     "Reviewed-by: Marc <marc at example.org>\n"
	     "Tested-by: Someone Else\n"
	     "Acked-by: D <d@>\n"
	     "Acked-by: E <@example.org>\n"
	     "Acked-by\n"
	     "Reviewed-byx: F <f@example.org>\n"
	     "Looks good. Reviewed-by: G <g@example.org>\n"
	     "Reviewed-by G <g@example.org>\n",
	     "=none");
	/* Quoted trailers are someone else's. */
	SCAN("On Mon, 1 Jan 2024, A wrote:\n"
	     "> Reviewed-by: Q <q@example.org>\n"
	     ">> Acked-by: R <r@example.org>\n"
	     "   > Tested-by: S <s@example.org>\n"
	     "\n"
	     "Acked-by: Me <me@example.org>\n",
	     "Acked-by|Me|me@example.org\n=none");
	/* Nothing after a diff, a signature, scissors or an Outlook
	 * original. */
	SCAN("Acked-by: A <a@example.org>\n"
	     "diff --git a/x b/x\n"
	     "Reviewed-by: B <b@example.org>\n",
	     "Acked-by|A|a@example.org\n=none");
	SCAN("Acked-by: A <a@example.org>\n"
	     "--- a/x\n"
	     "Reviewed-by: B <b@example.org>\n",
	     "Acked-by|A|a@example.org\n=none");
	SCAN("Acked-by: A <a@example.org>\n"
	     "-- \n"
	     "Reviewed-by: B <b@example.org>\n",
	     "Acked-by|A|a@example.org\n=none");
	SCAN("Acked-by: A <a@example.org>\r\n"
	     "-- \r\n"
	     "Reviewed-by: B <b@example.org>\r\n",
	     "Acked-by|A|a@example.org\n=none");
	SCAN("How about this instead?\n"
	     "\n"
	     "-- >8 --\n"
	     "Reviewed-by: B <b@example.org>\n", "=none");
	SCAN("Sure.\n"
	     "-----Original Message-----\n"
	     "Reviewed-by: B <b@example.org>\n", "=none");
	SCAN("Applied, thanks.\n"
	     "________________________________\n"
	     "From: B <b@example.org>\n"
	     "Reviewed-by: B <b@example.org>\n", "=applied");
	SCAN("FYI.\n"
	     "\n"
	     "Begin forwarded message:\n"
	     "Queued, thanks.\n"
	     "Reviewed-by: B <b@example.org>\n", "=none");
	/* "--" without the space is no signature. */
	SCAN("--\n"
	     "Reviewed-by: B <b@example.org>\n",
	     "Reviewed-by|B|b@example.org\n=none");
	/* A value too long to be a trailer. */
	{
		struct md_buf b = MD_BUF_INIT;
		struct md_review r;

		md_buf_addstr(&b, "Reviewed-by: ");
		for (int i = 0; i < MD_REVIEW_MAX_VALUE; i++)
			md_buf_addch(&b, 'n');
		md_buf_addstr(&b, " <n@example.org>\n");
		CHECK_INT(md_review_scan(&r, b.buf, md_buf_len(&b)), MD_OK);
		CHECK_INT(r.n_trailers, 0);
		md_review_release(&r);
		md_buf_release(&b);
	}
}

static void
test_trailer_dedup(void)
{
	/* Same kind and address (in any case): the first one stays.
	 * Another kind from the same person is another trailer. */
	SCAN("Reviewed-by: Jane <jane@example.org>\n"
	     "Acked-by: Jane <jane@example.org>\n"
	     "Reviewed-by: Jane Doe <JANE@Example.ORG>\n"
	     "Reviewed-by: John <john@example.org>\n"
	     "Reviewed-by: Jane <jane@example.org>\n",
	     "Reviewed-by|Jane|jane@example.org\n"
	     "Acked-by|Jane|jane@example.org\n"
	     "Reviewed-by|John|john@example.org\n=none");
	/* Many distinct trailers keep their order. */
	{
		struct md_buf b = MD_BUF_INIT;
		struct md_review r;
		int ok = 1;

		for (int i = 0; i < 3000; i++)
			md_buf_addf(&b, "Acked-by: P%d <p%d@example.org>\n",
				    i % 1000, i % 1000);
		CHECK_INT(md_review_scan(&r, b.buf, md_buf_len(&b)), MD_OK);
		CHECK_INT(r.n_trailers, 1000);
		for (size_t i = 0; i < r.n_trailers && ok; i++) {
			char want[64];

			snprintf(want, sizeof(want), "p%zu@example.org", i);
			ok = !strcmp(r.trailers[i].addr, want);
		}
		CHECK(ok);
		md_review_release(&r);
		md_buf_release(&b);
	}
}

static void
test_verdict_positive(void)
{
	APPLIED("Applied, thanks.\n");
	APPLIED("Applied to kvm-arm64/next, thanks!\n");
	QUEUED("Queued, thanks.\n");
	QUEUED("Queued for 6.2.\n");
	APPLIED("Thanks, applied.\n");
	QUEUED("Thanks, queued to kvm/queue\n");
	APPLIED("Applied to\n"
		"\n"
		"   https://git.kernel.org/pub/scm/linux/kernel/git/x/y.git\n"
		"\n"
		"Thanks!\n");
	APPLIED("I've applied this to my tree.\n");
	APPLIED("I\xe2\x80\x99ve applied it to for-next/misc.\n");
	APPLIED("Pushed to kvm/next\n");
	APPLIED("Merged into kvmarm/next, thanks.\n");
	APPLIED("Picked up, thanks.\n");
	APPLIED("I have picked up patches 1-3.\n");
	QUEUED("Thanks for the patches, queued.\n");
	APPLIED("Patches 1-3 applied, thanks.\n");
	QUEUED("Both now queued up, thanks!\n");
	APPLIED("Hi Jane,\n"
		"applied to fixes.\n");
	APPLIED("Looks good to me. Applied to fixes.\n");
	APPLIED("Ok, I applied this one to the s390 tree. Thanks!\n");
	APPLIED("I finally merged this.\n");
	QUEUED("I queued these three to x86/urgent.\n");
	/* b4 ty: attribution, quote, verdict, commit list. */
	APPLIED("On Mon, 02 Jan 2023 10:00:00 +0000, Jane Doe wrote:\n"
		"> This series fixes the frobnicator.\n"
		"> \n"
		"> Jane Doe (2):\n"
		">   KVM: arm64: Foo\n"
		"\n"
		"Applied to next, thanks!\n"
		"\n"
		"[1/2] KVM: arm64: Foo\n"
		"      commit: 0123456789ab\n"
		"[2/2] KVM: arm64: Bar\n"
		"      commit: ba9876543210\n"
		"\n"
		"Cheers,\n"
		"\n"
		"\tM.\n"
		"-- \n"
		"Without deviation from the norm, progress is not possible.\n");
	/* Top-posted above the quote; the verdict after an opinion. */
	APPLIED("Applied, thanks!\r\n"
		"\r\n"
		"On 1/2/23 10:00, Jane Doe wrote:\r\n"
		"> Fix the thing.\r\n");
	/* The first verdict wins. */
	QUEUED("Queued patches 1-2, thanks. Patch 3 is applied elsewhere.\n");
	/* Trailers and a verdict together. */
	SCAN("Acked-by: Jane <jane@example.org>\n"
	     "\n"
	     "Applied to next.\n",
	     "Acked-by|Jane|jane@example.org\n=applied");
}

static void
test_verdict_negative(void)
{
	NONE("Thanks for the review!\n");
	NONE("Thanks!\n");
	NONE("This doesn't apply on top of -next, please rebase.\n");
	NONE("It can't be applied as is.\n");
	NONE("Not applied, see my comments on patch 2.\n");
	NONE("Once this is applied, the warning goes away.\n");
	NONE("This should be applied to stable as well.\n");
	NONE("Has this been applied?\n");
	NONE("Applied?\n");
	NONE("Queued?\n");
	NONE("It will be queued after -rc1.\n");
	NONE("I'll queue it after -rc1.\n");
	NONE("I will apply it once the merge window closes.\n");
	NONE("If nobody objects, this could be merged for 6.3.\n");
	NONE("> Applied, thanks.\n");
	NONE("Looks fine.\n-- \nApplied, thanks.\n");
	NONE("I've pushed an updated branch, please have a look.\n");
	NONE("I have pushed the updated version.\n");
	NONE("I've pushed out my own version of this.\n");
	NONE("Applied on top of v6.1-rc2, the crash is gone.\n");
	NONE("Applied patch x86/ioport.c cleanly.\n");
	NONE("I applied your fix and it boots now.\n");
	NONE("I applied this locally, but the build breaks.\n");
	NONE("Applied this series and verified the warning is gone.\n");
	NONE("Changes since v1:\n- Applied Marc's suggestions\n");
	NONE("1. Applied the review comments\n");
	NONE("Merged with the previous patch in v3.\n");
	NONE("Really sorry for the delay. I picked up the work again\n"
	     "and applied the patches to our 4.19 stable branch.\n");
	NONE("The fix can be\n"
	     "merged before the rest is ready.\n");
	NONE("Thanks for that, I've applied it to the patch and will\n"
	     "send v2.\n");
	NONE("Patch 1/2 should be applied before the rest.\n");
	NONE("Good catch. I merged them in the next version.\n");
	NONE("I applied that change to the next patchset version.\n");
	NONE("Applied-by? That is no trailer.\n");
	NONE("");
}

static void
test_names(void)
{
	CHECK_STR(md_trailer_kind_name(MD_TRAILER_REVIEWED), "Reviewed-by");
	CHECK_STR(md_trailer_kind_name(MD_TRAILER_ACKED), "Acked-by");
	CHECK_STR(md_trailer_kind_name(MD_TRAILER_TESTED), "Tested-by");
	CHECK_STR(md_trailer_kind_name(MD_TRAILER_KIND_LAST), "?");
	CHECK_STR(md_verdict_name(MD_VERDICT_NONE), "none");
	CHECK_STR(md_verdict_name(MD_VERDICT_APPLIED), "applied");
	CHECK_STR(md_verdict_name(MD_VERDICT_QUEUED), "queued");
}

#define MAYBE(raw) md_review_maybe((raw), sizeof(raw) - 1)

static void
test_prefilter(void)
{
	static const char plain_yes[] =
		"From: A <a@example.org>\n"
		"Subject: Re: [PATCH] x\n"
		"\n"
		"Reviewed-by: A <a@example.org>\n";
	static const char verb_yes[] =
		"Subject: Re: [PATCH] x\n"
		"\n"
		"> Looks fine.\n"
		"QUEUED, thanks\n";
	static const char space_tag[] =
		"Subject: Re: x\n\nReviewed by  : A <a@example.org>\n";
	static const char nothing[] =
		"From: A <a@example.org>\n"
		"Subject: Re: [PATCH] x\n"
		"\n"
		"Looks good to me, but see below.\n"
		"Signed-off-by: A <a@example.org>\n";
	static const char only_quoted[] =
		"Subject: Re: [PATCH] x\n"
		"\n"
		"> Reviewed-by: B <b@example.org>\n"
		"  > This was applied, queued, merged, pushed and picked.\n"
		"What?\n";
	static const char base64[] =
		"Subject: Re: [PATCH] x\n"
		"MIME-Version: 1.0\n"
		"Content-Type: text/plain; charset=utf-8\n"
		"content-transfer-encoding:\n"
		"\tBASE64\n"
		"\n"
		"QXBwbGllZCwgdGhhbmtzLgo=\n";
	static const char qp_split[] =
		"Subject: Re: [PATCH] x\n"
		"Content-Transfer-Encoding: quoted-printable\n"
		"\n"
		"Looks good. Revie=\n"
		"wed-by: A <a@example.org>\n";
	static const char qp_letter[] =
		"Subject: Re: [PATCH] x\n"
		"Content-Transfer-Encoding: quoted-printable\n"
		"\n"
		"=41pplied, thanks=2E\n";
	static const char qp_clean[] =
		"Subject: Re: [PATCH] x\n"
		"Content-Transfer-Encoding: quoted-printable\n"
		"\n"
		"Caf=C3=A9 looks fine =3D no objection.\n";
	static const char dkim[] =
		"DKIM-Signature: v=1; h=From:Subject:\n"
		"\tContent-Transfer-Encoding:MIME-Version; b=abc\n"
		"Content-Transfer-Encoding: 8bit\n"
		"Subject: Re: x\n"
		"\n"
		"Nice.\n";
	static const char utf7[] =
		"Subject: Re: x\n"
		"Content-Type: text/plain; charset=\"UTF-7\"\n"
		"\n"
		"+AEE-pplied\n";
	static const char utf8[] =
		"Subject: Re: x\n"
		"Content-Type: text/plain; charset=utf-8\n"
		"\n"
		"Nice.\n";
	static const char nul[] = "Subject: Re: x\n\nA\0p\0p\0l\0i\0e\0d\0\n";

	CHECK(MAYBE(plain_yes));
	CHECK(MAYBE(verb_yes));
	CHECK(MAYBE(space_tag));
	CHECK(!MAYBE(nothing));
	CHECK(!MAYBE(only_quoted));
	CHECK(MAYBE(base64));
	CHECK(MAYBE(qp_split));
	CHECK(MAYBE(qp_letter));
	CHECK(!MAYBE(qp_clean));
	CHECK(!MAYBE(dkim));
	CHECK(MAYBE(utf7));
	CHECK(!MAYBE(utf8));
	CHECK(MAYBE(nul));
	CHECK(!md_review_maybe("", 0));
	CHECK(!md_review_maybe("applied", 3));
}

/* The prefilter reads no byte past the end: a 'b' (of "by") last. */
static void
test_maybe_end(void)
{
	static const char text[] = "X: y\n\nReviewed-b";
	char *copy = malloc(sizeof(text) - 1);

	memcpy(copy, text, sizeof(text) - 1);
	CHECK(!md_review_maybe(copy, sizeof(text) - 1));
	CHECK(!md_review_maybe(copy, sizeof(text) - 2));
	free(copy);
}

/* Hostile shapes: huge lines and many candidate words (the time they
 * take is bench work, not a test's: no threshold here). */
static void
test_hostile(void)
{
	struct md_buf b = MD_BUF_INIT;
	struct md_review r;

	for (int i = 0; i < 200000; i++)
		md_buf_addstr(&b, "applied:by ");
	CHECK_INT(md_review_scan(&r, b.buf, md_buf_len(&b)), MD_OK);
	CHECK_INT(r.verdict, MD_VERDICT_APPLIED);
	md_review_release(&r);
	CHECK(md_review_maybe(b.buf, md_buf_len(&b)));
	md_buf_reset(&b);
	for (int i = 0; i < 2000000; i++)
		md_buf_addch(&b, i % 7 ? ' ' : '>');
	md_buf_addstr(&b, "\nReviewed-by: <\n\"\n");
	CHECK_INT(md_review_scan(&r, b.buf, md_buf_len(&b)), MD_OK);
	CHECK_INT(r.n_trailers, 0);
	md_review_release(&r);
	CHECK(md_review_maybe(b.buf, md_buf_len(&b)));
	md_buf_release(&b);
}

int
main(void)
{
	test_trailer_forms();
	test_trailer_refused();
	test_trailer_dedup();
	test_verdict_positive();
	test_verdict_negative();
	test_names();
	test_prefilter();
	test_hostile();
	test_maybe_end();
	return tap_done();
}
