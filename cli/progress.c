/*
 * progress.c - the progress line (see progress.h for its rules).
 */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "cli/progress.h"
#include "util/banned.h"

/* More messages than this make a run long enough for a progress line. */
#define MIN_MESSAGES 2000

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void
md_progress_init(struct md_progress *p, const char *what, int quiet)
{
	p->what = what;
	p->enabled = !quiet && isatty(STDERR_FILENO);
	p->shown = 0;
	p->start = p->last = now();
}

void
md_progress_update(void *arg, size_t done, size_t total)
{
	struct md_progress *p = arg;
	double t;

	if (!p->enabled)
		return;
	if ((total ? total : done) < MIN_MESSAGES)
		return;
	t = now();
	if (t - p->start < 0.5 || (p->shown && t - p->last < 0.1))
		return;
	p->last = t;
	if (total)
		fprintf(stderr, "\rmldigest: %s messages: %zu/%zu (%zu%%)\033[K",
			p->what, done, total, done * 100 / total);
	else
		fprintf(stderr, "\rmldigest: %s messages: %zu\033[K", p->what,
			done);
	fflush(stderr);
	p->shown = 1;
}

void
md_progress_done(struct md_progress *p)
{
	if (p->shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	p->shown = 0;
}
