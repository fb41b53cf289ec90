/*
 * fetch.h - cloning or updating a mirror of a public-inbox v2 inbox
 * (libgit2).
 *
 * An inbox at URL serves epoch N as URL/git/N.git: public-inbox's web
 * interface does over http(s), a git daemon may over git://, and a local
 * v2 inbox directory has that layout for file:// URLs and plain paths.
 * md_fetch() mirrors each epoch into DIR/git/N.git as `git clone
 * --mirror` would (every ref copied as is, forced; remote "origin" set to the
 * epoch's URL), so that DIR is an archive md_archive_open() reads.
 *
 * What a run guarantees:
 *  - a new epoch is cloned into DIR/.fetch/N.git, which the archive
 *    reader never looks at, and renamed to DIR/git/N.git only when
 *    complete; a staging directory left by an interrupted run is removed
 *    and the clone started again;
 *  - an existing epoch is updated by a fetch, which moves its refs only
 *    once the new pack is complete and indexed, so a failed fetch leaves
 *    the previous state readable;
 *  - epochs are done oldest first, and those done before a failure stay
 *    complete;
 *  - DIR is locked (flock) for the run: a second fetch into it fails.
 *
 * Ownership: nothing is kept between calls.  The strings passed in stay
 * the caller's; the structs handed to the callbacks are valid for the
 * call only.  The library prints nothing: the callbacks report progress
 * and what each epoch got.
 */
#ifndef MD_FETCH_H
#define MD_FETCH_H

#include <stddef.h>

#include "lib/err.h"

/* What happened to one epoch. */
enum md_fetch_what {
	MD_FETCH_CLONED = 1,   /* it was new here: cloned in full */
	MD_FETCH_UPDATED,      /* new commits were fetched */
	MD_FETCH_UP_TO_DATE,   /* nothing was new */
};

struct md_fetch_epoch {
	unsigned num;             /* N of git/N.git */
	enum md_fetch_what what;
	size_t commits;           /* CLONED: the epoch's commits (from HEAD);
				     UPDATED: the commits new in HEAD */
	int rewritten;            /* UPDATED: the old HEAD is not in the new
				     history (a purge rewrote it) */
	size_t objects;           /* objects received */
	size_t bytes;             /* bytes received */
};

/* The transfer of epoch num so far (libgit2's indexer counts). */
struct md_fetch_progress {
	unsigned num;
	size_t total_objects;     /* 0 until the remote has said */
	size_t received_objects;
	size_t indexed_objects;
	size_t received_bytes;
};

struct md_fetch_options {
	unsigned epochs;          /* mirror only the newest N epochs (older
				     ones are neither cloned nor updated);
				     0: all */
	/* Called after each epoch is complete; may be NULL. */
	void (*epoch_done)(void *arg, const struct md_fetch_epoch *e);
	/* Called as data arrives; may be NULL. */
	void (*progress)(void *arg, const struct md_fetch_progress *p);
	void *arg;                /* passed to both */
};

struct md_fetch_stats {
	unsigned remote_epochs;   /* epochs the inbox has */
	unsigned first;           /* the oldest epoch this run looked at */
	unsigned cloned, updated, up_to_date;
};

/*
 * Clone or update the mirror of the inbox at url in dir (created with its
 * parents if missing).  url may end in slashes; a plain path is made
 * absolute.  dir must be missing, empty, or a mirror of the same inbox
 * (each DIR/git/N.git with remote "origin" at URL/git/N.git, or at URL/N,
 * lore's other form).
 *
 * Errors: MD_ENOTARCHIVE when URL/git/0.git is not there; MD_EINVAL when
 * dir is not a directory, holds something else, or mirrors another URL;
 * MD_EIO when a transfer, the network or the file system fails (err
 * names the epoch); MD_ENOMEM.  *out is filled as far as the run got.
 */
int md_fetch(struct md_fetch_stats *out, const char *url, const char *dir,
	     const struct md_fetch_options *opts, struct md_err *err);

#endif
