/*
 * t-mailmap.c - unit tests of .mailmap parsing and lookup (lib/mailmap.h),
 * on the forms of gitmailmap(5).
 */
#include <stdio.h>
#include <string.h>

#include "lib/mailmap.h"
#include "tests/unit/tap.h"
#include "util/banned.h"

static struct md_mailmap *
parse(const char *text)
{
	struct md_mailmap *m = NULL;
	struct md_err err = { 0, "" };

	CHECK_INT(md_mailmap_parse(&m, text, strlen(text), "test", &err),
		  MD_OK);
	return m;
}

/* Look (name, email) up and compare with the expected name and email
 * ("" for unchanged). */
static void
expect(const struct md_mailmap *m, const char *name, const char *email,
       const char *want_name, const char *want_email)
{
	const char *n, *e;

	md_mailmap_lookup(&n, &e, m, name, email);
	CHECK_STR(n ? n : "", want_name);
	CHECK_STR(e ? e : "", want_email);
}

int
main(void)
{
	struct md_mailmap *m;
	struct md_err err = { 0, "" };

	m = parse("# people\n"
		  "\n"
		  "Proper Name <commit@example.org>\n"
		  "<proper@example.org> <old@example.org>\n"
		  "Jane Doe <jane@example.org> <jdoe@corp.example>\n"
		  "Joe Bloggs <joe@example.org> Joe <bugs@example.org>\n"
		  "  Both Lines <two@example.org>\n"
		  "<two.new@example.org> <two@example.org>\n");
	CHECK_INT(md_mailmap_count(m), 6);
	/* The name for an address, matched without case. */
	expect(m, "whoever", "commit@example.org", "Proper Name", "");
	expect(m, "", "COMMIT@Example.ORG", "Proper Name", "");
	/* The address for an address. */
	expect(m, "Old", "old@example.org", "", "proper@example.org");
	/* Both. */
	expect(m, "J. Doe", "jdoe@corp.example", "Jane Doe", "jane@example.org");
	/* For one name only: other names at the address are left alone. */
	expect(m, "Joe", "bugs@example.org", "Joe Bloggs", "joe@example.org");
	expect(m, "JOE", "bugs@example.org", "Joe Bloggs", "joe@example.org");
	expect(m, "Someone", "bugs@example.org", "", "");
	/* Two lines for one address add up. */
	expect(m, "x", "two@example.org", "Both Lines", "two.new@example.org");
	/* Unknown people and empty addresses are unchanged. */
	expect(m, "Nobody", "nobody@example.org", "", "");
	expect(m, "Nobody", "", "", "");
	md_mailmap_free(m);

	/* A specific entry wins over the address's default, whatever the
	 * order of the lines. */
	m = parse("Specific <s@example.org> Old Name <a@example.org>\n"
		  "Default <a@example.org>\n");
	expect(m, "Old Name", "a@example.org", "Specific", "s@example.org");
	expect(m, "Other", "a@example.org", "Default", "");
	md_mailmap_free(m);

	/* Later lines override earlier ones for the same address. */
	m = parse("First <a@example.org>\nSecond <a@example.org>\n");
	expect(m, "", "a@example.org", "Second", "");
	md_mailmap_free(m);

	/* CRLF lines and a file without a final newline. */
	m = parse("Crlf Name <crlf@example.org>\r\nLast <last@example.org>");
	expect(m, "", "crlf@example.org", "Crlf Name", "");
	expect(m, "", "last@example.org", "Last", "");
	md_mailmap_free(m);

	/* A line with no <address> is an error naming the line. */
	m = NULL;
	CHECK_INT(md_mailmap_parse(&m, "ok <a@b>\njust a name\n", 19, "mm",
				   &err),
		  MD_EINVAL);
	CHECK(m == NULL);
	CHECK_STR(err.msg, "mailmap 'mm': line 2: no <address>");
	CHECK_INT(md_mailmap_load(&m, "/nonexistent/mailmap", &err), MD_EIO);
	CHECK(strstr(err.msg, "/nonexistent/mailmap") != NULL);
	return tap_done();
}
