/*
 * t-patchtext.c - unit tests of lib/patchtext.h.
 *
 * md_patch_is_summary_line() must accept exactly the diffstat summary
 * lines git writes (" N file(s) changed, N insertion(s)(+), N
 * deletion(s)(-)", either count optional) and nothing else.
 * md_patch_excerpt() must end at the last summary line before the diff,
 * or without one cut before the first "diff --git", "Index: " or "-- "
 * line, and drop trailing blank lines.  The bodies are the shapes git
 * format-patch, b4 and svn diff produce.
 */
#include <string.h>

#include "lib/patchtext.h"
#include "tests/unit/tap.h"
#include "util/banned.h"

#define SUMMARY(s) md_patch_is_summary_line((s), strlen(s))

static void
expect_excerpt(const char *body, size_t len, const char *want, const char *what,
	       int line)
{
	struct md_buf b = MD_BUF_INIT;
	int rc = md_patch_excerpt(&b, body, len);

	tap_int(rc, MD_OK, what, __FILE__, line);
	tap_str(b.buf, want, what, __FILE__, line);
	md_buf_release(&b);
}

#define EXCERPT(body, want)                                               \
	expect_excerpt((body), strlen(body), (want), "excerpt of " #body, \
		       __LINE__)

static void
test_summary_line(void)
{
	CHECK(SUMMARY(" 1 file changed, 3 insertions(+)"));
	CHECK(SUMMARY(" 9 files changed, 17 insertions(+), 17 deletions(-)"));
	CHECK(SUMMARY(" 2 files changed, 5 deletions(-)"));
	CHECK(SUMMARY(" 1 file changed, 1 insertion(+), 1 deletion(-)"));
	CHECK(SUMMARY("  12 files changed, 252 insertions(+), 4 deletions(-)"));
	CHECK(SUMMARY(" 1 file changed"));
	CHECK(SUMMARY(" 3 files changed, 0 insertions(+), 0 deletions(-)"));
	/* Trailing white space and a CR are tolerated. */
	CHECK(SUMMARY(" 1 file changed, 3 insertions(+)  "));
	CHECK(SUMMARY(" 1 file changed, 3 insertions(+)\r"));
	/* The length argument bounds the line. */
	CHECK(md_patch_is_summary_line(" 1 file changed, 3 insertions(+)\n",
				       32));

	CHECK(!SUMMARY(""));
	CHECK(!SUMMARY(" "));
	CHECK(!SUMMARY("1 file changed, 3 insertions(+)"));
	CHECK(!SUMMARY("1 file changed"));
	CHECK(!SUMMARY(" 1 file changed, 3 insertions"));
	CHECK(!SUMMARY(" 1 file changed, 3 deletions"));
	CHECK(!SUMMARY(" files changed"));
	CHECK(!SUMMARY(" file changed, 3 insertions(+)"));
	CHECK(!SUMMARY(" 1 file changed, 3 insertions(+) and more"));
	CHECK(!SUMMARY(" 1 file changed, 3 insertions(+), 2 deletions(-)x"));
	CHECK(!SUMMARY(" 1 file changed, 3 insertions(+),"));
	CHECK(!SUMMARY(" 1 file changed, 3 insertions(+), "));
	CHECK(!SUMMARY(" 1 file changed; 3 insertions(+)"));
	CHECK(!SUMMARY(" 1 file changed garbage"));
	CHECK(!SUMMARY(" 1 file modified"));
	CHECK(!SUMMARY(" 1 file changed, 3 deletions(-), 2 insertions(+)"));
	CHECK(!SUMMARY(" x file changed"));
	CHECK(!SUMMARY(" 1file changed"));
	/* The ", " between the counts is required. */
	CHECK(!SUMMARY(" 1 file changed5 deletions(-)"));
	CHECK(!SUMMARY(" 1 file changed 5 deletions(-)"));
	CHECK(!SUMMARY(" 1 file changed, 3 insertions(+)2 deletions(-)"));
	/* A diffstat file line is not a summary. */
	CHECK(!SUMMARY(" lib/mail.c | 12 ++++++------"));
}

static void
test_excerpt(void)
{
	/* git format-patch: message, ---, diffstat, summary, diff. */
	EXCERPT("mail: decode folded subjects\n"
		"\n"
		"Unfold before decoding.\n"
		"\n"
		"Signed-off-by: A U Thor <author@example.org>\n"
		"---\n"
		" lib/mail.c | 3 ++-\n"
		" 1 file changed, 2 insertions(+), 1 deletion(-)\n"
		"\n"
		"diff --git a/lib/mail.c b/lib/mail.c\n"
		"index 1111111..2222222 100644\n"
		"--- a/lib/mail.c\n"
		"+++ b/lib/mail.c\n"
		"@@ -1,3 +1,4 @@\n"
		" a\n"
		"+b\n"
		"-- \n"
		"2.43.0\n",
		"mail: decode folded subjects\n"
		"\n"
		"Unfold before decoding.\n"
		"\n"
		"Signed-off-by: A U Thor <author@example.org>\n"
		"---\n"
		" lib/mail.c | 3 ++-\n"
		" 1 file changed, 2 insertions(+), 1 deletion(-)");

	/* A cover letter: shortlog, diffstat, then the signature. */
	EXCERPT("This series fixes two things.\n"
		"\n"
		"A U Thor (2):\n"
		"  mail: one\n"
		"  mail: two\n"
		"\n"
		" lib/mail.c | 10 +++++-----\n"
		" lib/subject.c | 4 ++--\n"
		" 2 files changed, 7 insertions(+), 7 deletions(-)\n"
		"\n"
		"base-commit: 0123456789abcdef0123456789abcdef01234567\n"
		"-- \n"
		"2.43.0\n"
		"\n",
		"This series fixes two things.\n"
		"\n"
		"A U Thor (2):\n"
		"  mail: one\n"
		"  mail: two\n"
		"\n"
		" lib/mail.c | 10 +++++-----\n"
		" lib/subject.c | 4 ++--\n"
		" 2 files changed, 7 insertions(+), 7 deletions(-)");

	/* No diffstat: cut before the diff, blank lines dropped. */
	EXCERPT("Fix the thing.\n"
		"\n"
		"Signed-off-by: A <a@example.org>\n"
		"\n"
		"\n"
		"diff --git a/x b/x\n"
		"--- a/x\n"
		"+++ b/x\n",
		"Fix the thing.\n"
		"\n"
		"Signed-off-by: A <a@example.org>");

	/* No diffstat: cut before the signature. */
	EXCERPT("Just a message.\n"
		"Second line.\n"
		"\n"
		"-- \n"
		"Sent from a phone\n",
		"Just a message.\n"
		"Second line.");

	/* "--" without the space is not a signature separator. */
	EXCERPT("Text\n"
		"--\n"
		"more\n",
		"Text\n"
		"--\n"
		"more");

	/* svn style. */
	EXCERPT("Fix svn build.\n"
		"\n"
		"Index: trunk/Makefile\n"
		"===================================================\n"
		"--- trunk/Makefile\n",
		"Fix svn build.");

	/* Nothing but blank lines before the cut. */
	EXCERPT("\n\n  \n\t\n"
		"diff --git a/x b/x\n",
		"");
	EXCERPT("\n\n\n", "");
	EXCERPT("", "");
	EXCERPT("diff --git a/x b/x\n", "");

	/* No trailing newline at all. */
	EXCERPT("only a line", "only a line");
	EXCERPT("two\nlines", "two\nlines");
	EXCERPT("msg\n---\n 1 file changed, 1 insertion(+)",
		"msg\n---\n 1 file changed, 1 insertion(+)");

	/* Two summaries before the diff: the last one ends the excerpt. */
	EXCERPT("Message.\n"
		"---\n"
		"v2: rebased\n"
		" 1 file changed, 1 insertion(+)\n"
		"\n"
		" a | 2 +-\n"
		" b | 1 +\n"
		" 2 files changed, 2 insertions(+), 1 deletion(-)\n"
		"\n"
		"diff --git a/a b/a\n"
		" 3 files changed, 9 insertions(+)\n",
		"Message.\n"
		"---\n"
		"v2: rebased\n"
		" 1 file changed, 1 insertion(+)\n"
		"\n"
		" a | 2 +-\n"
		" b | 1 +\n"
		" 2 files changed, 2 insertions(+), 1 deletion(-)");

	/* Trailing blanks of the last real line are kept, blank lines
	 * with white space after it are dropped. */
	EXCERPT("keep  \n   \n\t\n", "keep  ");
	/* Leading blank lines are part of the text. */
	EXCERPT("\nbody\n\n-- \nsig\n", "\nbody");
	/* A line that merely starts with "diff" is text. */
	EXCERPT("diff of opinions\nfine\n", "diff of opinions\nfine");

	/* It appends to what the buffer holds. */
	{
		struct md_buf b = MD_BUF_INIT;

		md_buf_addstr(&b, "> ");
		CHECK_INT(md_patch_excerpt(&b, "x\n\n", 3), MD_OK);
		CHECK_STR(b.buf, "> x");
		md_buf_reset(&b);
		md_buf_addstr(&b, "keep\n");
		CHECK_INT(md_patch_excerpt(&b, "\n\n", 2), MD_OK);
		CHECK_STR(b.buf, "keep\n");
		md_buf_release(&b);
	}
}

int
main(void)
{
	test_summary_line();
	test_excerpt();
	return tap_done();
}
