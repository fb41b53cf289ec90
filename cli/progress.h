/*
 * progress.h - the progress line on stderr.
 *
 * Shown only when stderr is a terminal, the run was not asked to be
 * quiet, it has lasted half a second and it reads more than a few
 * thousand messages; redrawn at most ten times a second on one line
 * ("\r" and erase), and erased when the run ends, so that it never
 * mixes with the report or with an error line.
 *
 * struct md_progress holds no allocated memory.
 */
#ifndef MD_PROGRESS_H
#define MD_PROGRESS_H

#include <stddef.h>

struct md_progress {
	const char *what;       /* "reading", "indexing" */
	int enabled;
	int shown;              /* something is on the line */
	double start, last;     /* monotonic seconds */
};

/* Set p up; quiet, or stderr not a terminal, disables it. */
void md_progress_init(struct md_progress *p, const char *what, int quiet);
/* An md_scan_progress_fn: arg is the struct md_progress. */
void md_progress_update(void *arg, size_t done, size_t total);
/* Erase the line if shown. */
void md_progress_done(struct md_progress *p);

#endif
