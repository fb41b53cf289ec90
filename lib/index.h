/*
 * index.h - bringing the cache up to date with an archive.
 *
 * md_index_update() appends to the cache's entry index every commit of
 * every epoch that it does not hold yet, and the facts of each new
 * message, parsing them in parallel (lib/scan.h).  It writes in batches,
 * one transaction each, oldest first, so the index of an epoch is
 * always a prefix of its history, whatever happens to the run.  An epoch
 * whose history was rewritten (a purge) is indexed again from the start;
 * one whose history is not a single line is left out (reports then read
 * it from git).  Two runs at once each see the other's batches and
 * continue after them.
 *
 * Ownership: nothing is kept; the caller owns the cache and archive.
 */
#ifndef MD_INDEX_H
#define MD_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "lib/archive.h"
#include "lib/cache.h"
#include "lib/err.h"
#include "lib/scan.h"

struct md_index_options {
	unsigned jobs;                 /* threads; 0: one per core */
	md_scan_progress_fn *progress; /* may be NULL */
	void *progress_arg;
};

struct md_index_stats {
	size_t added;       /* entries added by this run */
	size_t total;       /* entries indexed now, over all epochs */
	size_t rewritten;   /* epochs indexed again from the start */
	size_t skipped;     /* epochs left out (not a single line) */
};

int md_index_update(struct md_index_stats *out, struct md_cache *c,
		    int64_t archive, struct md_archive *a,
		    const struct md_index_options *opts, struct md_err *err);

#endif
