/*
 * t-when.c - unit tests of the --since/--until date parser (lib/when.h).
 *
 * Runs in UTC (TZ=UTC set here) with a fixed "now", so local-time forms
 * have exact answers; one check runs in another zone.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "lib/mail.h"
#include "lib/when.h"
#include "tests/unit/tap.h"
#include "util/banned.h"

/* Friday 2026-11-20 15:30:45 UTC. */
#define NOW INT64_C(1795188645)

static void
ok_date(const char *s, int64_t want)
{
	struct md_err err = { 0, "" };
	int64_t got = -1;
	char what[160];

	snprintf(what, sizeof(what), "'%s'", s);
	CHECK_INT(md_when_parse(&got, s, NOW, &err), MD_OK);
	if (got != want)
		fprintf(stderr, "#   %s: got %lld want %lld\n", s,
			(long long)got, (long long)want);
	CHECK(got == want);
}

static void
bad_date(const char *s)
{
	struct md_err err = { 0, "" };
	int64_t got = 0;

	CHECK_INT(md_when_parse(&got, s, NOW, &err), MD_EINVAL);
	CHECK(strstr(err.msg, "not understood") != NULL);
}

int
main(void)
{
	char buf[32];

	setenv("TZ", "UTC", 1);
	tzset();
	md_mail_global_init();

	/* ISO dates and times, local (here UTC) or with an offset. */
	ok_date("2026-11-20", 1795132800);
	ok_date("2026-11-20 15:30", NOW - 45);
	ok_date("2026-11-20 15:30:45", NOW);
	ok_date("2026-11-20T15:30:45", NOW);
	ok_date("2026-11-20T15:30:45Z", NOW);
	ok_date("2026-11-20 16:30:45 +0100", NOW);
	ok_date("2026-11-20 10:30:45 -05:00", NOW);
	ok_date("2026-11-20 17:30:45 +02", NOW);
	ok_date("2026-11-20 15:30:45 UTC", NOW);
	ok_date("1970-01-01", 0);
	/* Seconds since the epoch, and the named days. */
	ok_date("@1795188645", NOW);
	ok_date("@0", 0);
	ok_date("now", NOW);
	ok_date("today", 1795132800);
	ok_date("yesterday", 1795132800 - 86400);
	/* Relative forms, as git writes them and as people do. */
	ok_date("7.days.ago", NOW - 7 * 86400);
	ok_date("1.day.ago", NOW - 86400);
	ok_date("7 days ago", NOW - 7 * 86400);
	ok_date("2.weeks.ago", NOW - 14 * 86400);
	ok_date("90.minutes.ago", NOW - 5400);
	ok_date("36.hours.ago", NOW - 36 * 3600);
	ok_date("10.seconds.ago", NOW - 10);
	ok_date("0.days.ago", NOW);
	/* Months and years move the calendar date: 2026-10-20, 2025-11-20. */
	ok_date("1.month.ago", 1792510245);
	ok_date("1.year.ago", 1763652645);
	/* An RFC 5322 date. */
	ok_date("Fri, 20 Nov 2026 15:30:45 +0000", NOW);

	/* What is not a date. */
	bad_date("");
	bad_date("nonsense");
	bad_date("2026-13-01");
	bad_date("2026-11-32");
	bad_date("2026-11-20 25:00");
	bad_date("2026-11-20 15:30 +2500");
	bad_date("2026-11-20 15:30 junk");
	bad_date("2026/11/20");
	bad_date("7.days");
	bad_date("7.fortnights.ago");
	bad_date("-7.days.ago");
	bad_date("7.days.ago.");
	bad_date("@12x");
	bad_date("@");

	/* Local time follows TZ. */
	setenv("TZ", "Europe/Berlin", 1);
	tzset();
	ok_date("2026-11-20 16:30:45", NOW);
	ok_date("today", 1795132800 - 3600);
	setenv("TZ", "UTC", 1);
	tzset();

	md_when_format(buf, NOW);
	CHECK_STR(buf, "2026-11-20 15:30:45 +0000");
	md_mail_global_shutdown();
	return tap_done();
}
