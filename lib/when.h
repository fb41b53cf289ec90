/*
 * when.h - dates given on the command line (--since, --until).
 *
 * Understood forms, after git's approxidate for the common ones:
 *   2026-11-14                 midnight, local time
 *   2026-11-14 08:30[:15]      also with 'T' between date and time
 *   ... +0100, ... -05:00, ...Z  an explicit offset instead of local time
 *   @1763107200                seconds since the epoch
 *   now, today, yesterday      (today and yesterday: local midnight)
 *   7.days.ago, "2 weeks ago", 3.months.ago, 1.year.ago
 *                              units: second, minute, hour, day, week,
 *                              month, year (plural or not); months and
 *                              years move the calendar date
 *   an RFC 5322 date ("Fri, 14 Nov 2026 08:30:00 +0000")
 * Local time is the process's time zone (TZ).
 *
 * Nothing is allocated.
 */
#ifndef MD_WHEN_H
#define MD_WHEN_H

#include <stdint.h>

#include "lib/err.h"

/* Parse s into *out (seconds since the epoch), relative forms counted
 * back from now.  MD_EINVAL with a message naming s when not understood. */
int md_when_parse(int64_t *out, const char *s, int64_t now,
		  struct md_err *err);

/* Format t as "2026-11-14 08:30:00 +0000" in UTC into buf (at least 26
 * bytes). */
void md_when_format(char *buf, int64_t t);

#endif
