/*
 * index.c - incremental indexing of an archive into the cache.
 *
 * Per epoch: read the cache's count and tip; if the tip is the epoch's
 * head there is nothing to do.  Otherwise walk from the head back to
 * the tip (or to the root when the tip is not an ancestor of the head:
 * the history was rewritten and the epoch is dropped first), then read
 * the new commits oldest first in windows.  Each window is parsed in
 * parallel and stored in one transaction, which first checks that the
 * tip is still the one the window follows; if another run moved it,
 * this run starts the epoch over from the new tip.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/index.h"
#include "util/banned.h"

#define WINDOW 2048
#define MAX_RETRIES 8

static int
oid_eq(const struct md_oid *a, const struct md_oid *b)
{
	return !memcmp(a->id, b->id, MD_OID_RAWSZ);
}

/* The commits after start (if has_start) up to head, oldest first. */
static int
walk_new(struct md_archive_entry **out, size_t *n, struct md_archive *a,
	 uint32_t k, int has_start, const struct md_oid *start,
	 const struct md_oid *head, struct md_err *err)
{
	struct md_archive_walk *w = NULL;
	struct md_archive_entry *v = NULL;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	rc = md_archive_walk_epoch_new(&w, a, k, has_start ? start : NULL,
				       head, err);
	while (!rc) {
		if (*n == cap) {
			size_t nc = cap ? cap * 2 : 1024;
			struct md_archive_entry *nv = realloc(v, nc * sizeof(*nv));

			if (!nv) {
				rc = md_err_set(err, MD_ENOMEM,
						"index: out of memory");
				break;
			}
			v = nv;
			cap = nc;
		}
		rc = md_archive_walk_next(&v[*n], w, err);
		if (!rc)
			(*n)++;
	}
	md_archive_walk_free(w);
	if (rc != MD_ENOTFOUND) {
		free(v);
		*n = 0;
		return rc;
	}
	for (size_t i = 0, j = *n; i + 1 < j; i++, j--) {
		struct md_archive_entry t = v[i];

		v[i] = v[j - 1];
		v[j - 1] = t;
	}
	*out = v;
	return MD_OK;
}

/* Store one parsed window after seq `count`, if the epoch's tip is still
 * `tip`: MD_OK, 1 when another run moved the tip, or an error. */
static int
store_window(struct md_cache *c, int64_t archive, uint32_t k, size_t count,
	     const struct md_oid *tip, const struct md_archive_entry *ents,
	     struct md_rmsg **msgs, size_t n, struct md_err *err)
{
	struct md_oid now_tip;
	size_t now_count;
	int rc;

	rc = md_cache_begin(c, err);
	if (rc)
		return rc;
	rc = md_cache_epoch_tip(&now_count, &now_tip, c, archive, k, err);
	if (!rc && (now_count != count || (count && !oid_eq(&now_tip, tip)))) {
		md_cache_rollback(c);
		return 1;
	}
	for (size_t i = 0; i < n && !rc; i++) {
		rc = md_cache_put_entry(c, archive, count + 1 + i, &ents[i],
					err);
		if (!rc && msgs[i])
			rc = md_cache_put_msg(c, msgs[i], err);
	}
	if (rc) {
		md_cache_rollback(c);
		return rc;
	}
	return md_cache_commit(c, err);
}

/* Index epoch k; *added counts what this run stored.  Returns 1 when
 * another run got in the way (try again), or an error. */
static int
index_epoch(struct md_index_stats *st, struct md_cache *c, int64_t archive,
	    struct md_archive *a, uint32_t k,
	    const struct md_index_options *opts, struct md_err *err)
{
	struct md_scan_options sopts = { opts ? opts->jobs : 0, NULL, NULL,
					 NULL, NULL };
	struct md_archive_entry *ents = NULL;
	struct md_rmsg **msgs = NULL;
	struct md_oid head, tip;
	size_t count, n = 0, base = st->total;
	int rc, has_start;

	if (!md_archive_epoch_head(&head, a, k))
		return MD_OK;
	rc = md_cache_epoch_tip(&count, &tip, c, archive, k, err);
	if (rc)
		return rc;
	if (count && oid_eq(&tip, &head)) {
		st->total += count;
		return MD_OK;
	}
	has_start = count > 0;
	if (count && !md_archive_is_ancestor(a, k, &tip, &head)) {
		/* Rewritten history: start the epoch again. */
		rc = md_cache_begin(c, err);
		if (!rc)
			rc = md_cache_drop_epoch(c, archive, k, err);
		if (!rc)
			rc = md_cache_commit(c, err);
		else
			md_cache_rollback(c);
		if (rc)
			return rc;
		st->rewritten++;
		count = 0;
		has_start = 0;
	}
	rc = walk_new(&ents, &n, a, k, has_start, &tip, &head, err);
	if (rc == MD_ENONLINEAR) {
		st->skipped++;
		return MD_OK;
	}
	if (rc)
		return rc;
	msgs = calloc(WINDOW, sizeof(*msgs));
	if (!msgs) {
		free(ents);
		return md_err_set(err, MD_ENOMEM, "index: out of memory");
	}
	for (size_t at = 0; at < n && !rc; at += WINDOW) {
		size_t w = n - at < WINDOW ? n - at : WINDOW;

		rc = md_scan_entries(msgs, ents + at, w, a, &sopts, err);
		if (!rc)
			rc = store_window(c, archive, k, count, &tip, ents + at,
					  msgs, w, err);
		for (size_t i = 0; i < w; i++) {
			md_rmsg_free(msgs[i]);
			msgs[i] = NULL;
		}
		if (rc)
			break;
		count += w;
		tip = ents[at + w - 1].commit;
		st->added += w;
		if (opts && opts->progress)
			opts->progress(opts->progress_arg, base + count,
				       base + count + (n - at - w));
	}
	if (!rc)
		st->total += count;
	free(msgs);
	free(ents);
	return rc;
}

int
md_index_update(struct md_index_stats *out, struct md_cache *c,
		int64_t archive, struct md_archive *a,
		const struct md_index_options *opts, struct md_err *err)
{
	struct md_index_stats st;
	int rc = MD_OK;

	memset(&st, 0, sizeof(st));
	for (uint32_t k = 0; k < md_archive_epoch_count(a) && !rc; k++) {
		size_t total = st.total;
		int tries = 0;

		do {
			st.total = total;
			rc = index_epoch(&st, c, archive, a, k, opts, err);
		} while (rc == 1 && ++tries < MAX_RETRIES);
		if (rc == 1)
			rc = md_err_set(err, MD_ECACHE,
					"index '%s': other runs keep changing "
					"the cache, try again",
					md_archive_path(a));
	}
	if (out)
		*out = st;
	return rc;
}
