/*
 * tap.h - the assertions of the unit tests, printing TAP.
 *
 * Each CHECK prints "ok N - what" or "not ok N - what" (with the file
 * and line and, for strings, both values on stderr).  main() ends with
 * "return tap_done();", which prints the plan and returns 1 on failure.
 */
#ifndef MD_TAP_H
#define MD_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_count, tap_failures;

static inline int
tap_result(int ok, const char *what, const char *file, int line)
{
	tap_count++;
	printf("%sok %d - %s\n", ok ? "" : "not ", tap_count, what);
	if (!ok) {
		tap_failures++;
		fflush(stdout);
		fprintf(stderr, "#   failed at %s:%d\n", file, line);
	}
	return ok;
}

static inline int
tap_str(const char *got, const char *want, const char *what,
	const char *file, int line)
{
	int ok = got && want && !strcmp(got, want);

	if (!tap_result(ok, what, file, line))
		fprintf(stderr, "#   got:  \"%s\"\n#   want: \"%s\"\n",
			got ? got : "(null)", want ? want : "(null)");
	return ok;
}

static inline int
tap_int(long long got, long long want, const char *what, const char *file,
	int line)
{
	int ok = got == want;

	if (!tap_result(ok, what, file, line))
		fprintf(stderr, "#   got:  %lld\n#   want: %lld\n", got, want);
	return ok;
}

#define CHECK(cond) tap_result(!!(cond), #cond, __FILE__, __LINE__)
#define CHECK_STR(got, want) \
	tap_str((got), (want), #got " == " #want, __FILE__, __LINE__)
#define CHECK_INT(got, want) \
	tap_int((long long)(got), (long long)(want), #got " == " #want, \
		__FILE__, __LINE__)

static inline int
tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failures ? 1 : 0;
}

#endif
