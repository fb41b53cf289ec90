/*
 * cache.h - the SQLite cache: what was read of each message, and where
 * each archive's messages are.
 *
 * One database file holds, for any number of archives:
 *   - msg: the facts of one message (struct md_rmsg minus its place in
 *     an archive), keyed by the message's blob id, so a message is
 *     parsed once whichever archive or range it is read through;
 *   - entry: per archive and epoch, the commits in order (seq 1, 2, ...)
 *     with their blob and receive time: a contiguous prefix of the
 *     epoch's history, so a range maps to a span of seq;
 *   - archive: the archive's path and the end of its last report.
 * The file can be deleted at any time.  It runs in WAL mode; writers take
 * the write lock for one batch at a time (md_cache_begin), so readers are
 * never blocked and a killed run loses at most its open batch.  Its
 * schema is versioned: a file written with another schema, or with
 * another MD_MSG_FACTS_VERSION, is emptied and rebuilt.
 *
 * A struct md_cache is one connection, for one thread.  The library never
 * picks the file's location: callers pass the path.
 *
 * Ownership: struct md_cache owns its connection (md_cache_free()).
 * Messages and entries handed out are the caller's (md_rmsg_free(),
 * free()).
 */
#ifndef MD_CACHE_H
#define MD_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "lib/archive.h"
#include "lib/err.h"
#include "lib/msg.h"

/* Bump when the tables change. */
#define MD_CACHE_SCHEMA 3

struct md_cache;

/* Open or create the database at path (its directory must exist).
 * MD_ECACHE when it cannot be used. */
int md_cache_open(struct md_cache **out, const char *path,
		  struct md_err *err);
void md_cache_free(struct md_cache *c);

/* The id of the archive at path (canonical), created if new. */
int md_cache_archive_id(int64_t *out, struct md_cache *c, const char *path,
			struct md_err *err);

/* Write batches: every put between begin and commit lands together or
 * not at all.  begin waits for other writers (up to a timeout). */
int md_cache_begin(struct md_cache *c, struct md_err *err);
int md_cache_commit(struct md_cache *c, struct md_err *err);
void md_cache_rollback(struct md_cache *c);

/* Store m's facts under its blob id (kept if already there). */
int md_cache_put_msg(struct md_cache *c, const struct md_rmsg *m,
		     struct md_err *err);

/*
 * The entry index.  An epoch's entries are seq 1..count.
 */
/* The count of an epoch's entries and the last one's commit (*count 0
 * when there are none). */
int md_cache_epoch_tip(size_t *count, struct md_oid *tip, struct md_cache *c,
		       int64_t archive, uint32_t epoch, struct md_err *err);
/* The seq of a commit of the epoch: MD_ENOTFOUND when not indexed. */
int md_cache_entry_seq(size_t *seq, struct md_cache *c, int64_t archive,
		       uint32_t epoch, const struct md_oid *commit,
		       struct md_err *err);
/* Store ent (resolved) as seq of its epoch. */
int md_cache_put_entry(struct md_cache *c, int64_t archive, size_t seq,
		       const struct md_archive_entry *ent, struct md_err *err);
/* Forget an epoch's entries (its history was rewritten). */
int md_cache_drop_epoch(struct md_cache *c, int64_t archive, uint32_t epoch,
			struct md_err *err);
/* Append the entries of seq (after, upto] of an epoch received at
 * since <= time < until (INT64_MIN and INT64_MAX for no bound), and
 * their messages (NULL for deletions), to the arrays (grown with
 * realloc; *n counts both).  MD_ENOTFOUND when a message of them is not
 * cached. */
int md_cache_load_span(struct md_archive_entry **ents, struct md_rmsg ***msgs,
		       size_t *n, struct md_cache *c, int64_t archive,
		       uint32_t epoch, size_t after, size_t upto,
		       int64_t since, int64_t until, struct md_err *err);

/*
 * The end of the last report made for an archive (for runs with no
 * range): its epoch, commit and receive time.
 */
int md_cache_get_last(int *found, uint32_t *epoch, struct md_oid *commit,
		      int64_t *time, struct md_cache *c, int64_t archive,
		      struct md_err *err);
/*
 * Earlier series heads (cover letters, first and single patches) of an
 * archive with a revision key (lib/revision.h): b4's change-id, a b4
 * Message-ID slug, or a normalised title with the author's address.
 * The caller frees *out with md_cache_heads_free().
 */
enum md_cache_key {
	MD_CACHE_KEY_CHANGE_ID,
	MD_CACHE_KEY_SLUG,
	MD_CACHE_KEY_TITLE,
};

struct md_cache_head {
	char *message_id;
	char *subject;
	int64_t time;
	uint32_t epoch;
	size_t seq;
	struct md_oid blob;
};

int md_cache_find_heads(struct md_cache_head **out, size_t *n,
			struct md_cache *c, int64_t archive,
			enum md_cache_key key, const char *value,
			const char *author_addr, struct md_err *err);
void md_cache_heads_free(struct md_cache_head *h, size_t n);

int md_cache_set_last(struct md_cache *c, int64_t archive, uint32_t epoch,
		      const struct md_oid *commit, int64_t time,
		      struct md_err *err);

#endif
