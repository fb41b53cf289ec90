/*
 * t-patchtext.c - unit tests of lib/patchtext.h.
 *
 * md_patch_is_summary_line() must accept exactly the diffstat summary
 * lines git writes (" N file(s) changed, N insertion(s)(+), N
 * deletion(s)(-)", either count optional) and nothing else.
 * md_patch_excerpt() must end at the last summary line before the diff,
 * or without one cut before the first "diff --git", "Index: " or "-- "
 * line, and drop trailing blank lines.  md_patch_paths() must name the
 * files a diff touches (renames both ways, deletions by the old name,
 * quoted names), read other diffs with -p1, fall back to a cover
 * letter's diffstat, and not be fooled by hunk lines, quotes or the
 * signature.  The bodies are the shapes git format-patch, b4, quilt and
 * svn diff produce.
 */
#include <stdlib.h>
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

/* The paths of body joined with '\n'. */
static void
expect_paths(const char *body, const char *want, int line)
{
	struct md_ptrvec v = MD_PTRVEC_INIT;
	struct md_buf got = MD_BUF_INIT, what = MD_BUF_INIT;
	int rc = md_patch_paths(&v, body, strlen(body));

	md_buf_addf(&what, "paths of \"%.*s\"", (int)strcspn(body, "\r\n"),
		    body);
	for (size_t i = 0; i < v.n; i++) {
		md_buf_addstr(&got, v.items[i]);
		md_buf_addch(&got, '\n');
		free(v.items[i]);
	}
	md_ptrvec_release(&v);
	tap_int(rc, MD_OK, what.buf, __FILE__, line);
	tap_str(got.buf, want, what.buf, __FILE__, line);
	md_buf_release(&got);
	md_buf_release(&what);
}

#define PATHS(body, want) expect_paths((body), (want), __LINE__)

static void
test_paths_git(void)
{
	/* A format-patch mail: the abbreviated diffstat is not used. */
	PATHS("kvm: fix the thing\n"
	      "\n"
	      "Signed-off-by: A <a@example.org>\n"
	      "---\n"
	      " arch/arm64/kvm/arm.c             | 2 +-\n"
	      " .../selftests/kvm/aarch64/foo.c   | 1 +\n"
	      " 2 files changed, 2 insertions(+), 1 deletion(-)\n"
	      "\n"
	      "diff --git a/arch/arm64/kvm/arm.c b/arch/arm64/kvm/arm.c\n"
	      "index 1111111..2222222 100644\n"
	      "--- a/arch/arm64/kvm/arm.c\n"
	      "+++ b/arch/arm64/kvm/arm.c\n"
	      "@@ -10,3 +10,3 @@ int x;\n"
	      " a\n"
	      "-b\n"
	      "+c\n"
	      " d\n"
	      "diff --git a/tools/testing/selftests/kvm/aarch64/foo.c "
	      "b/tools/testing/selftests/kvm/aarch64/foo.c\n"
	      "index 3333333..4444444 100644\n"
	      "--- a/tools/testing/selftests/kvm/aarch64/foo.c\n"
	      "+++ b/tools/testing/selftests/kvm/aarch64/foo.c\n"
	      "@@ -1,1 +1,2 @@\n"
	      " x\n"
	      "+y\n"
	      "-- \n"
	      "2.43.0\n",
	      "arch/arm64/kvm/arm.c\n"
	      "tools/testing/selftests/kvm/aarch64/foo.c\n");
	/* A new file, a deleted file, a rename, a copy, a mode change. */
	PATHS("diff --git a/new.c b/new.c\n"
	      "new file mode 100644\n"
	      "index 0000000..e69de29\n"
	      "--- /dev/null\n"
	      "+++ b/new.c\n"
	      "@@ -0,0 +1,2 @@\n"
	      "+a\n"
	      "+b\n"
	      "diff --git a/old.c b/old.c\n"
	      "deleted file mode 100644\n"
	      "index e69de29..0000000\n"
	      "--- a/old.c\n"
	      "+++ /dev/null\n"
	      "@@ -1 +0,0 @@\n"
	      "-a\n"
	      "diff --git a/x/from.c b/y/to.c\n"
	      "similarity index 90%\n"
	      "rename from x/from.c\n"
	      "rename to y/to.c\n"
	      "index 1111111..2222222 100644\n"
	      "--- a/x/from.c\n"
	      "+++ b/y/to.c\n"
	      "@@ -1 +1 @@\n"
	      "-a\n"
	      "+b\n"
	      "diff --git a/pure.h b/moved/pure.h\n"
	      "similarity index 100%\n"
	      "rename from pure.h\n"
	      "rename to moved/pure.h\n"
	      "diff --git a/src.c b/copy.c\n"
	      "similarity index 100%\n"
	      "copy from src.c\n"
	      "copy to copy.c\n"
	      "diff --git a/run.sh b/run.sh\n"
	      "old mode 100644\n"
	      "new mode 100755\n",
	      "new.c\nold.c\nx/from.c\ny/to.c\npure.h\nmoved/pure.h\ncopy.c\n"
	      "run.sh\n");
	/* Quoted names (a tab, UTF-8 in octal), names with blanks, a
	 * rename with blanks decided by its rename lines. */
	PATHS("diff --git \"a/dir/with\\ttab\" \"b/dir/with\\ttab\"\n"
	      "--- \"a/dir/with\\ttab\"\n"
	      "+++ \"b/dir/with\\ttab\"\n"
	      "@@ -1 +1 @@\n"
	      "-a\n"
	      "+b\n"
	      "diff --git a/plain.txt \"b/caf\\303\\251.txt\"\n"
	      "similarity index 100%\n"
	      "rename from plain.txt\n"
	      "rename to \"caf\\303\\251.txt\"\n"
	      "diff --git \"a/caf\\303\\251.c\" b/plain.c\n"
	      "rename from \"caf\\303\\251.c\"\n"
	      "rename to plain.c\n"
	      "diff --git a/my file.c b/my file.c\n"
	      "--- a/my file.c\t\n"
	      "+++ b/my file.c\t\n"
	      "@@ -1 +1 @@\n"
	      "-a\n"
	      "+b\n"
	      "diff --git a/a b/c b/a b/d\n"
	      "similarity index 90%\n"
	      "rename from a b/c\n"
	      "rename to a b/d\n",
	      "dir/with\ttab\n"
	      "plain.txt\ncaf\xc3\xa9.txt\n"
	      "caf\xc3\xa9.c\nplain.c\nmy file.c\na b/c\na b/d\n");
	/* Prefixes: mnemonic c/ and w/ go, --no-prefix names stay. */
	PATHS("diff --git c/lib/a.c w/lib/a.c\n"
	      "diff --git lib/b.c lib/b.c\n"
	      "--- lib/b.c\n"
	      "+++ lib/b.c\n"
	      "@@ -1 +1 @@\n"
	      "-a\n"
	      "+b\n",
	      "lib/a.c\nlib/b.c\n");
	/* A binary patch; CRLF line ends. */
	PATHS("diff --git a/img.png b/img.png\r\n"
	      "index 1111111..2222222 100644\r\n"
	      "GIT binary patch\r\n"
	      "literal 10\r\n"
	      "RcmZ?wbhEHbRA6BL0RS8o0-XQ=\r\n"
	      "\r\n",
	      "img.png\n");
}

static void
test_paths_hunks(void)
{
	/* Hunk lines that look like headers or a signature are read as
	 * hunk lines: a removed "-- a/fake.c" and "- ", an added
	 * "++ b/fake.c"; after the counts run out, the signature ends. */
	PATHS("diff --git a/real.c b/real.c\n"
	      "--- a/real.c\n"
	      "+++ b/real.c\n"
	      "@@ -1,4 +1,3 @@\n"
	      "--- a/fake.c\n"
	      "-- \n"
	      "+++ b/fake.c\n"
	      " ctx\n"
	      "\n"
	      "-diff --git a/no b/no\n"
	      "diff --git a/second.c b/second.c\n"
	      "-- \n"
	      "diff --git a/after-sig.c b/after-sig.c\n",
	      "real.c\nsecond.c\n");
	/* Quoted diffs are someone else's; the same file twice is one
	 * path. */
	PATHS("On Mon, A wrote:\n"
	      "> diff --git a/quoted.c b/quoted.c\n"
	      "> --- a/quoted.c\n"
	      "> +++ b/quoted.c\n"
	      "\n"
	      "diff --git a/x.c b/x.c\n"
	      "diff --git a/y.c b/y.c\n"
	      "diff --git a/x.c b/x.c\n",
	      "x.c\ny.c\n");
}

static void
test_paths_other(void)
{
	/* quilt: Index line, -p1 names with timestamps after a tab. */
	PATHS("Fix foo.\n"
	      "\n"
	      "Index: linux-2.6/drivers/foo.c\n"
	      "===================================================\n"
	      "--- linux-2.6.orig/drivers/foo.c\t2009-01-01 00:00:00.0 +0100\n"
	      "+++ linux-2.6/drivers/foo.c\t2009-01-02 00:00:00.0 +0100\n"
	      "@@ -1,2 +1,2 @@\n"
	      " a\n"
	      "-b\n"
	      "+c\n"
	      "--- /dev/null\n"
	      "+++ linux-2.6/drivers/new.h\n"
	      "@@ -0,0 +1 @@\n"
	      "+x\n"
	      "--- linux-2.6.orig/drivers/gone.h\n"
	      "+++ /dev/null\n"
	      "@@ -1 +0,0 @@\n"
	      "-x\n"
	      "--- Makefile\n"
	      "+++ Makefile\n",
	      "drivers/foo.c\ndrivers/new.h\ndrivers/gone.h\nMakefile\n");
	/* A "--- " line not followed by "+++ " is text. */
	PATHS("--- a/x.c\n"
	      "Some text\n"
	      "+++ b/y.c\n", "");
}

static void
test_paths_diffstat(void)
{
	/* A cover letter: diffstat paths, abbreviations dropped, renames
	 * both ways, binary files. */
	PATHS("This series fixes two things.\n"
	      "\n"
	      "A U Thor (2):\n"
	      "  kvm: one\n"
	      "  kvm: two\n"
	      "\n"
	      " arch/arm64/kvm/arm.c                          | 12 +++---\n"
	      " .../selftests/kvm/aarch64/vgic_irq.c          |  3 +\n"
	      " include/{linux => uapi/linux}/kvm_foo.h       |  0\n"
	      " Documentation/{ => virt}/kvm.rst              |  4 +-\n"
	      " old_name.c => new_name.c                      |  0\n"
	      " firmware/blob.bin                         | Bin 0 -> 12 bytes\n"
	      " \"we\\303\\251rd.c\"                                  |  1 -\n"
	      " 7 files changed, 13 insertions(+), 7 deletions(-)\n"
	      "\n"
	      "-- \n"
	      "2.43.0\n",
	      "arch/arm64/kvm/arm.c\n"
	      "include/linux/kvm_foo.h\n"
	      "include/uapi/linux/kvm_foo.h\n"
	      "Documentation/kvm.rst\n"
	      "Documentation/virt/kvm.rst\n"
	      "old_name.c\nnew_name.c\n"
	      "firmware/blob.bin\n"
	      "we\xc3\xa9rd.c\n");
	/* Lines like a diffstat without a summary, or cut by another
	 * line, are not one; a quoted diffstat is someone else's. */
	PATHS("a table | 3\n"
	      "other | 4 ++\n"
	      "\n"
	      " x.c | 1 +\n"
	      "text\n"
	      " 1 file changed, 1 insertion(+)\n"
	      "> y.c | 2 ++\n"
	      "> 1 file changed, 2 insertions(+)\n", "");
	/* No diff and no diffstat: nothing. */
	PATHS("Thanks, looks good.\n\n-- \nsig\n", "");
	PATHS("", "");
}

static void
test_paths_append(void)
{
	/* Existing items of out stay and are not added again. */
	struct md_ptrvec v = MD_PTRVEC_INIT;
	const char *body = "diff --git a/b.c b/b.c\ndiff --git a/a.c b/a.c\n";
	char *first = malloc(4);

	memcpy(first, "a.c", 4);
	md_ptrvec_push(&v, first);
	CHECK_INT(md_patch_paths(&v, body, strlen(body)), MD_OK);
	CHECK_INT(v.n, 2);
	CHECK_STR(v.n == 2 ? (char *)v.items[1] : NULL, "b.c");
	for (size_t i = 0; i < v.n; i++)
		free(v.items[i]);
	md_ptrvec_release(&v);

	/* Hostile: a huge name is skipped, a hunk with absurd counts ends
	 * at the first line that cannot be in it. */
	{
		struct md_buf b = MD_BUF_INIT;

		md_buf_addstr(&b, "diff --git a/");
		for (int i = 0; i <= MD_PATCH_MAX_PATH; i++)
			md_buf_addch(&b, 'x');
		md_buf_addstr(&b, " b/");
		for (int i = 0; i <= MD_PATCH_MAX_PATH; i++)
			md_buf_addch(&b, 'x');
		md_buf_addstr(&b, "\ndiff --git a/ok.c b/ok.c\n"
				  "@@ -1,4000000000 +1,4000000000 @@\n"
				  " a\n"
				  "diff --git a/ok2.c b/ok2.c\n");
		expect_paths(b.buf, "ok.c\nok2.c\n", __LINE__);
		md_buf_release(&b);
	}
}

int
main(void)
{
	test_summary_line();
	test_excerpt();
	test_paths_git();
	test_paths_hunks();
	test_paths_other();
	test_paths_diffstat();
	test_paths_append();
	return tap_done();
}
