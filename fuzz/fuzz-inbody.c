/*
 * fuzz-inbody.c - libFuzzer target for the in-body header stripper,
 * md_mail_strip_inbody() (lib/mail.h).
 *
 * Each input is taken as the decoded text of a message body, as git
 * mailinfo and b4 write it: perhaps a block of From:/Date:/Subject:
 * lines, then the text.  Besides the memory errors the sanitizers catch,
 * the target checks what mail.h promises and calls abort() when a
 * promise is broken:
 *   - what is appended is the rest of the text, that is, a tail of the
 *     input, so it is valid UTF-8 whenever the input is;
 *   - *found is 0 or 1; when it is 1 the author was replaced by the
 *     in-body From mailbox, whose strings are set, valid UTF-8 (always:
 *     addresses are repaired) and whose address holds an '@'; when it
 *     is 0 the author is left as it was;
 *   - with NULL for author and found the same text is appended.
 * The input is passed with its length and no terminating NUL.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/mail.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/utf8.h"
#include "util/banned.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The author strings before the call, to see that they stay. */
static const char old_name[] = "Old Author";
static const char old_addr[] = "old@example.org";

static void
fail(const char *why)
{
	fprintf(stderr, "fuzz-inbody: %s\n", why);
	abort();
}

static char *
dup_str(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);

	if (p)
		memcpy(p, s, n);
	return p;
}

static void
check_author(const struct md_addr *a, int found)
{
	if (!a->name || !a->addr)
		fail("an author string is NULL");
	if (!found) {
		if (strcmp(a->name, old_name) || strcmp(a->addr, old_addr))
			fail("the author changed though found is 0");
		return;
	}
	if (!md_utf8_valid(a->name, strlen(a->name)))
		fail("author.name is not valid UTF-8");
	if (!md_utf8_valid(a->addr, strlen(a->addr)))
		fail("author.addr is not valid UTF-8");
	if (!strchr(a->addr, '@'))
		fail("author.addr has no '@'");
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
	const char *text = (const char *)data;
	struct md_buf out = MD_BUF_INIT, out2 = MD_BUF_INIT;
	struct md_addr author = {NULL, NULL};
	int found = -1;
	size_t n;

	author.name = dup_str(old_name);
	author.addr = dup_str(old_addr);
	if (!author.name || !author.addr)
		goto done;
	if (md_mail_strip_inbody(&out, text, size, &author, &found) != MD_OK)
		goto done;
	n = md_buf_len(&out);
	if (found != 0 && found != 1)
		fail("found is neither 0 nor 1");
	if (n > size || memcmp(out.buf, text + size - n, n))
		fail("the output is not a tail of the input");
	if (out.buf[n] != '\0')
		fail("the output buffer is not NUL-terminated");
	if (md_utf8_valid(text, size) && !md_utf8_valid(out.buf, n))
		fail("the output is not valid UTF-8 but the input is");
	check_author(&author, found);

	if (md_mail_strip_inbody(&out2, text, size, NULL, NULL) != MD_OK)
		goto done;
	if (md_buf_len(&out2) != n || memcmp(out2.buf, out.buf, n))
		fail("the output differs without an author to fill");
done:
	md_buf_release(&out);
	md_buf_release(&out2);
	md_addr_release(&author);
	return 0;
}
