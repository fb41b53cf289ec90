/*
 * when.c - parsing --since/--until dates (see when.h for the forms).
 *
 * ISO 8601 dates and times are parsed by hand (sscanf on fixed shapes);
 * local times go through mktime(), explicit offsets through timegm().
 * RFC 5322 dates go to GMime.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <gmime/gmime.h>

#include "lib/when.h"
#include "util/banned.h"

static int
bad_date(struct md_err *err, const char *s)
{
	return md_err_set(err, MD_EINVAL,
			  "date '%s': not understood; use YYYY-MM-DD[ HH:MM[:SS]]"
			  "[ +HHMM], @SECONDS, N.days.ago, today or yesterday",
			  s);
}

/* Local midnight of the day of t, moved by days. */
static int64_t
local_midnight(int64_t t, int days)
{
	time_t tt = (time_t)t;
	struct tm tm;

	localtime_r(&tt, &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_mday += days;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

/* "+0100", "-05:00", "Z", "UTC", "GMT": offset in seconds. */
static int
parse_offset(const char *s, long *out)
{
	int h, m;
	char sign;

	while (*s == ' ')
		s++;
	if (!strcmp(s, "Z") || !strcasecmp(s, "UTC") || !strcasecmp(s, "GMT")) {
		*out = 0;
		return 1;
	}
	if ((s[0] != '+' && s[0] != '-') || strlen(s) < 3)
		return 0;
	sign = s[0];
	s++;
	if (strlen(s) == 4 && strspn(s, "0123456789") == 4) {
		h = (s[0] - '0') * 10 + (s[1] - '0');
		m = (s[2] - '0') * 10 + (s[3] - '0');
	} else if (strlen(s) == 5 && s[2] == ':' &&
		   strspn(s, "0123456789") == 2 &&
		   strspn(s + 3, "0123456789") == 2) {
		h = (s[0] - '0') * 10 + (s[1] - '0');
		m = (s[3] - '0') * 10 + (s[4] - '0');
	} else if (strlen(s) == 2 && strspn(s, "0123456789") == 2) {
		h = (s[0] - '0') * 10 + (s[1] - '0');
		m = 0;
	} else {
		return 0;
	}
	if (h > 23 || m > 59)
		return 0;
	*out = (sign == '-' ? -1 : 1) * (long)(h * 3600 + m * 60);
	return 1;
}

static int
parse_iso(const char *s, int64_t *out)
{
	struct tm tm;
	int y, mo, d, h = 0, mi = 0, sec = 0, n = 0, k;
	const char *rest;
	long off = 0;
	int has_off = 0;

	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
		return 0;
	rest = s + n;
	if (*rest == ' ' || *rest == 'T') {
		k = 0;
		if (sscanf(rest + 1, "%2d:%2d%n", &h, &mi, &k) == 2 && k == 5) {
			rest += 1 + k;
			if (*rest == ':') {
				k = 0;
				if (sscanf(rest + 1, "%2d%n", &sec, &k) != 1 ||
				    k != 2)
					return 0;
				rest += 1 + k;
			}
		} else if (*rest == 'T') {
			return 0;
		}
	}
	if (*rest) {
		if (!parse_offset(rest, &off))
			return 0;
		has_off = 1;
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    sec > 60)
		return 0;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	if (has_off) {
		*out = (int64_t)timegm(&tm) - off;
	} else {
		tm.tm_isdst = -1;
		*out = (int64_t)mktime(&tm);
	}
	return 1;
}

/* "7.days.ago", "2 weeks ago", "1.year.ago". */
static int
parse_ago(const char *s, int64_t now, int64_t *out)
{
	static const struct {
		const char *name;
		long seconds; /* 0: calendar months */
		int months;
	} units[] = {
		{ "second", 1, 0 }, { "minute", 60, 0 }, { "hour", 3600, 0 },
		{ "day", 86400, 0 }, { "week", 7 * 86400, 0 },
		{ "month", 0, 1 }, { "year", 0, 12 },
	};
	char unit[16], ago[8];
	char sep1, sep2;
	long n;
	int k = 0;
	size_t ulen;

	if (sscanf(s, "%ld%c%15[a-z]%c%7[a-z]%n", &n, &sep1, unit, &sep2, ago,
		   &k) != 5 || s[k] || n < 0 || n > 100000)
		return 0;
	if ((sep1 != '.' && sep1 != ' ') || sep2 != sep1 || strcmp(ago, "ago"))
		return 0;
	ulen = strlen(unit);
	if (ulen > 1 && unit[ulen - 1] == 's')
		unit[--ulen] = '\0';
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		time_t tt = (time_t)now;
		struct tm tm;

		if (strcmp(unit, units[i].name))
			continue;
		if (units[i].seconds) {
			*out = now - (int64_t)n * units[i].seconds;
			return 1;
		}
		localtime_r(&tt, &tm);
		tm.tm_mon -= (int)n * units[i].months;
		tm.tm_isdst = -1;
		*out = (int64_t)mktime(&tm);
		return 1;
	}
	return 0;
}

/* An RFC 5322 date names its month ("Nov", or "November"); GMime's
 * parser is lenient enough to accept anything else with digits in it,
 * so only these go to it. */
static int
has_month_name(const char *s)
{
	static const char *const months[] = {
		"january", "february", "march", "april", "may", "june",
		"july", "august", "september", "october", "november",
		"december",
	};

	while (*s) {
		size_t n = 0;

		while (s[n] && isalpha((unsigned char)s[n]))
			n++;
		for (size_t m = 0; n && m < 12; m++)
			if ((n == 3 || n == strlen(months[m])) &&
			    !strncasecmp(s, months[m], n))
				return 1;
		s += n ? n : 1;
	}
	return 0;
}

int
md_when_parse(int64_t *out, const char *s, int64_t now, struct md_err *err)
{
	GDateTime *dt;

	if (!s || !*s)
		return bad_date(err, s ? s : "");
	if (!strcmp(s, "now")) {
		*out = now;
		return MD_OK;
	}
	if (!strcmp(s, "today")) {
		*out = local_midnight(now, 0);
		return MD_OK;
	}
	if (!strcmp(s, "yesterday")) {
		*out = local_midnight(now, -1);
		return MD_OK;
	}
	if (s[0] == '@') {
		char *end;
		long long v = strtoll(s + 1, &end, 10);

		if (end == s + 1 || *end)
			return bad_date(err, s);
		*out = (int64_t)v;
		return MD_OK;
	}
	if (parse_iso(s, out) || parse_ago(s, now, out))
		return MD_OK;
	if (has_month_name(s)) {
		dt = g_mime_utils_header_decode_date(s);
		if (dt) {
			*out = (int64_t)g_date_time_to_unix(dt);
			g_date_time_unref(dt);
			return MD_OK;
		}
	}
	return bad_date(err, s);
}

void
md_when_format(char *buf, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(buf, 26, "%Y-%m-%d %H:%M:%S +0000", &tm);
}
