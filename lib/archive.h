/*
 * archive.h - reading a public-inbox archive kept in git (libgit2).
 *
 * An archive is a public-inbox v2 inbox directory (git/0.git, git/1.git,
 * ... in epoch order) or one bare epoch repository.  Each commit of an
 * epoch adds or replaces the single file "m", one raw message; a commit
 * whose tree has no "m" is a deletion.  The archive is only ever read.
 *
 * struct md_archive owns its libgit2 handles and is freed with
 * md_archive_free().  It is not thread-safe: a thread that reads blobs
 * concurrently opens its own struct md_archive_reader.  Blob contents
 * handed out by md_archive_read() belong to the struct md_blob and are
 * valid until md_blob_free().
 */
#ifndef MD_ARCHIVE_H
#define MD_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>

#include "lib/err.h"

#define MD_OID_RAWSZ 20
#define MD_OID_HEXSZ 40

struct md_oid {
	unsigned char id[MD_OID_RAWSZ];
};

/* Hex form of an oid into out (at least n + 1 bytes); n <= 40. */
void md_oid_fmt(char *out, size_t n, const struct md_oid *oid);

struct md_archive;

/* One commit of a range, in archive order. */
struct md_archive_entry {
	struct md_oid commit;
	struct md_oid tree;   /* the commit's tree */
	struct md_oid blob;   /* the "m" blob; zero when deleted or not
				 yet resolved */
	int64_t time;         /* committer time: when the list received it */
	int tz_minutes;       /* committer time zone offset */
	uint32_t epoch;       /* index into the archive's epochs */
	uint8_t deleted;      /* the commit removes the message */
	uint8_t resolved;     /* blob and deleted are known */
};

struct md_range {
	int has_start;        /* 0: from the first commit of epoch 0 */
	uint32_t start_epoch;
	struct md_oid start;  /* excluded (git's A in A..B) */
	uint32_t end_epoch;
	struct md_oid end;    /* included */
	/* Receive-time bounds, set by the caller: commits with
	 * since <= time < until are kept. */
	int has_since, has_until;
	int64_t since, until;
};

/* Commits older than since met in a row before a walk stops looking:
 * receive times are nearly but not strictly monotonic (as git log
 * --since, which allows 5). */
#define MD_RANGE_SINCE_SLOP 64

/* Whether time t is inside r's time bounds. */
int md_range_has_time(const struct md_range *r, int64_t t);

int md_archive_open(struct md_archive **out, const char *path,
		    struct md_err *err);
void md_archive_free(struct md_archive *a);

size_t md_archive_epoch_count(const struct md_archive *a);
/* The archive's name from its path: "kvm" for .../kvm, .../kvm/git/0.git
 * or kvm.git; belongs to the archive. */
const char *md_archive_name(const struct md_archive *a);
/* Absolute, canonical path of the archive; belongs to the archive. */
const char *md_archive_path(const struct md_archive *a);

/* The newest commit of epoch k in *out; 0 when the epoch is empty. */
int md_archive_epoch_head(struct md_oid *out, const struct md_archive *a,
			  uint32_t k);
/* Whether commit anc is desc or an ancestor of it, in epoch k: 1 or 0
 * (also 0 when either is unknown). */
int md_archive_is_ancestor(struct md_archive *a, uint32_t k,
			   const struct md_oid *anc, const struct md_oid *desc);

/* The receive (committer) time of commit c of epoch k: MD_ENOTFOUND
 * when the epoch has no such commit. */
int md_archive_commit_time(int64_t *out, struct md_archive *a, uint32_t k,
			   const struct md_oid *c);

/*
 * Resolve a range: "A..B" (after A, up to and including B; an empty side
 * means the newest commit), or a single revision "B" (everything up to
 * B), or NULL/"" (the whole archive).  Revisions are whatever
 * git_revparse understands; a hex id is looked up in every epoch, other
 * names in the newest epoch that has them.  Errors: MD_EREV (unknown or
 * ambiguous revision), MD_ENOTANCESTOR, MD_EINVAL (syntax).
 */
int md_archive_resolve(struct md_range *out, struct md_archive *a,
		       const char *spec, struct md_err *err);

/* The range's commits, oldest first, appended to *entries (a malloc'd
 * array the caller frees with free()). */
int md_archive_list(struct md_archive_entry **entries, size_t *n,
		    struct md_archive *a, const struct md_range *r,
		    struct md_err *err);

/*
 * Walking a range newest first, one commit at a time, for readers that
 * start work before the listing is complete.  Entries come with commit,
 * tree, time and epoch but are not resolved: md_archive_read_entry()
 * finds their blob.  md_archive_walk_next() returns MD_OK with *out
 * filled, MD_ENOTFOUND at the end, MD_ENONLINEAR when an epoch's history
 * is not a single line (merges), in which case the caller uses
 * md_archive_list() instead, or another error.
 */
struct md_archive_walk;

int md_archive_walk_new(struct md_archive_walk **out, struct md_archive *a,
			const struct md_range *r, struct md_err *err);
/* A walk of epoch k alone: after start (NULL: from its root) up to end. */
int md_archive_walk_epoch_new(struct md_archive_walk **out,
			      struct md_archive *a, uint32_t k,
			      const struct md_oid *start,
			      const struct md_oid *end, struct md_err *err);
int md_archive_walk_next(struct md_archive_entry *out,
			 struct md_archive_walk *w, struct md_err *err);
/* Skip the commits whose message (public-inbox: the mail's subject) fn
 * says no to (returns 0); for reads that want only some mail. */
typedef int md_archive_commit_filter(void *arg, const char *message);
void md_archive_walk_set_filter(struct md_archive_walk *w,
				md_archive_commit_filter *fn, void *arg);
void md_archive_walk_free(struct md_archive_walk *w);

/*
 * Reading blobs.  A reader has its own libgit2 handles; use one per
 * thread.  md_archive_reader_new() with the archive's own handles is
 * fine for single-threaded use.
 */
struct md_archive_reader;
struct md_blob;

int md_archive_reader_new(struct md_archive_reader **out,
			  const struct md_archive *a, struct md_err *err);
void md_archive_reader_free(struct md_archive_reader *r);
int md_archive_read(struct md_blob **out, struct md_archive_reader *r,
		    uint32_t epoch, const struct md_oid *blob,
		    struct md_err *err);
/* Resolve ent's blob if needed (reading its tree), then read it: *out is
 * NULL for a deletion. */
int md_archive_read_entry(struct md_blob **out, struct md_archive_reader *r,
			  struct md_archive_entry *ent, struct md_err *err);
const char *md_blob_data(const struct md_blob *b);
size_t md_blob_size(const struct md_blob *b);
void md_blob_free(struct md_blob *b);

#endif
