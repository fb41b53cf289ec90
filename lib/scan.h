/*
 * scan.h - reading and parsing many messages of an archive in parallel.
 *
 * A pool of worker threads, each with its own archive reader (libgit2
 * handles are never shared between threads), reads blobs and parses
 * them with md_rmsg_parse().  Results land in slots indexed by archive
 * position, so what comes out does not depend on the number of threads
 * or on timing.
 *
 * md_scan_range() overlaps the listing of the range (a walk from its
 * newest commit back, on the calling thread) with the reading: workers
 * start on the first commits found.  md_scan_entries() reads a list of
 * entries already made.
 *
 * Ownership: the caller owns the arrays returned and every md_rmsg in
 * them (md_rmsg_free()); a deleted message's slot is NULL.
 */
#ifndef MD_SCAN_H
#define MD_SCAN_H

#include <stddef.h>

#include "lib/archive.h"
#include "lib/err.h"
#include "lib/msg.h"

/* Called on the calling thread now and then: done messages of total
 * (total is 0 while the listing is still running). */
typedef void md_scan_progress_fn(void *arg, size_t done, size_t total);

struct md_scan_options {
	unsigned jobs;                 /* threads; 0: one per core */
	md_scan_progress_fn *progress; /* may be NULL */
	void *progress_arg;
	/* md_scan_range(): read only the commits whose message this says
	 * yes to (a history with merges is read whole); may be NULL. */
	md_archive_commit_filter *filter;
	void *filter_arg;
};

/* The range's entries, oldest first, in *ents, and their messages in
 * *msgs (same length *n). */
int md_scan_range(struct md_archive_entry **ents, struct md_rmsg ***msgs,
		  size_t *n, struct md_archive *a, const struct md_range *r,
		  const struct md_scan_options *opts, struct md_err *err);

/* Parse ents[0..n) into msgs[0..n) (the caller's zeroed array); resolves
 * the entries' blobs in place.  Slots left NULL are deletions. */
int md_scan_entries(struct md_rmsg **msgs, struct md_archive_entry *ents,
		    size_t n, struct md_archive *a,
		    const struct md_scan_options *opts, struct md_err *err);

/* Raw messages (not from an archive: an mbox, a Maildir). */
struct md_scan_raw {
	const char *data;
	size_t len;
};

/* Parse raws[0..n) into msgs[0..n) (the caller's zeroed array); only
 * the parsed facts are set, not where the messages are. */
int md_scan_raw(struct md_rmsg **msgs, const struct md_scan_raw *raws,
		size_t n, const struct md_scan_options *opts,
		struct md_err *err);

/* The number of threads "one per core" means here. */
unsigned md_scan_default_jobs(void);

#endif
