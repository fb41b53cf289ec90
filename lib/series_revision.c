/*
 * series_revision.c - the version a series replaces, found earlier in
 * the archive (lib/revision.h gives the keys).
 *
 * For each series at version n > 1, the candidates are the series heads
 * (cover letters, first and single patches) that share a key with its
 * head, were received no later, and are at a lower version; the one at
 * the highest version wins, the latest received among equals.  Keys are
 * tried in order (change-id, b4 slug, title and author): the first that
 * finds a candidate decides.  Candidates come from the cache's index of
 * the whole archive, or from messages the caller read (a run without a
 * cache reads the archive up to the range's end; an mbox or Maildir is
 * read whole anyway).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/report.h"
#include "lib/revision.h"
#include "lib/subject.h"
#include "util/buf.h"
#include "util/vec.h"
#include "util/banned.h"

enum { KEY_CHANGE_ID, KEY_SLUG, KEY_TITLE, N_KEYS };

struct best {
	int found;
	unsigned version;
	int64_t time;
	const char *message_id;    /* borrowed until copied */
	const char *subject;
};

struct want {
	struct md_series *s;
	const struct md_rmsg *head;
	char slug[256];
	int has_slug;
	struct md_buf title;       /* normalised title, then the author's
				      lower-cased address after a tab */
	size_t title_len;          /* of the title alone */
	struct best best[N_KEYS];
	struct want *next[N_KEYS]; /* the next want with the same key */
};

static void
consider(struct best *b, unsigned version, int64_t time, const char *mid,
	 const char *subject)
{
	if (b->found && (version < b->version ||
			 (version == b->version && time <= b->time)))
		return;
	b->found = 1;
	b->version = version;
	b->time = time;
	b->message_id = mid;
	b->subject = subject;
}

/* Whether a head with these tags, time and blob is an earlier version
 * for w. */
static int
earlier_subj(const struct want *w, const struct md_subject *subj,
	     int64_t time, const struct md_oid *blob)
{
	return md_subject_is_series_head(subj) &&
	       md_subject_is_patch_mail(subj) &&
	       subj->version < w->s->version && time <= w->head->time &&
	       memcmp(blob, &w->head->blob, sizeof(*blob));
}

static int
earlier(const struct want *w, const char *subject, int64_t time,
	const struct md_oid *blob, unsigned *version)
{
	struct md_subject subj;

	md_subject_parse(&subj, subject);
	*version = subj.version;
	return earlier_subj(w, &subj, time, blob);
}

static int
take_best(struct md_series *s, const struct want *w)
{
	for (int k = 0; k < N_KEYS; k++) {
		const struct best *b = &w->best[k];

		if (!b->found)
			continue;
		s->prev_message_id = strdup(b->message_id);
		s->prev_subject = strdup(b->subject);
		if (!s->prev_message_id || !s->prev_subject)
			return MD_ENOMEM;
		s->has_prev = 1;
		s->prev_version = b->version;
		s->prev_time = b->time;
		return MD_OK;
	}
	return MD_OK;
}

static int
from_cache(struct want *w, struct md_cache *c, int64_t archive,
	   struct md_err *err)
{
	char *title = strndup(w->title.buf, w->title_len);
	const char *value[N_KEYS] = { w->head->change_id,
				      w->has_slug ? w->slug : NULL, title };
	static const enum md_cache_key keys[N_KEYS] = {
		MD_CACHE_KEY_CHANGE_ID, MD_CACHE_KEY_SLUG, MD_CACHE_KEY_TITLE
	};
	int rc = title ? MD_OK : md_err_set(err, MD_ENOMEM,
					     "report: out of memory");

	for (int k = 0; k < N_KEYS && !rc; k++) {
		struct md_cache_head *h = NULL;
		size_t n = 0;

		if (!value[k] || !value[k][0])
			continue;
		rc = md_cache_find_heads(&h, &n, c, archive, keys[k], value[k],
					 w->head->mail.author.addr, err);
		for (size_t i = 0; i < n && !rc; i++) {
			unsigned v;

			if (earlier(w, h[i].subject, h[i].time, &h[i].blob, &v))
				consider(&w->best[k], v, h[i].time,
					 h[i].message_id, h[i].subject);
		}
		if (!rc)
			rc = take_best(w->s, w);
		md_cache_heads_free(h, n);
		if (!rc && w->s->has_prev)
			break;
	}
	free(title);
	return rc;
}

/* The title key of a head: its normalised title, a tab, its address in
 * lower case. */
static int
title_key(struct md_buf *out, const struct md_rmsg *m, size_t *title_len)
{
	int rc = md_revision_title(out, m->subj.title);

	*title_len = md_buf_len(out);
	if (!rc)
		rc = md_buf_addch(out, '\t');
	for (const char *p = m->mail.author.addr; *p && !rc; p++)
		rc = md_buf_addch(out, tolower((unsigned char)*p));
	return rc;
}

static int
chain(struct md_strmap *map, const char *key, struct want *w, int k)
{
	int created;
	void **slot = md_strmap_slot(map, key, &created);

	if (!slot)
		return MD_ENOMEM;
	w->next[k] = created ? NULL : *slot;
	*slot = w;
	return MD_OK;
}

/* One pass over the earlier messages, each looked up by its keys. */
static int
from_msgs(struct want *w, size_t n_want, struct md_rmsg *const *hist,
	  size_t n_hist)
{
	struct md_strmap maps[N_KEYS] = { MD_STRMAP_INIT, MD_STRMAP_INIT,
					  MD_STRMAP_INIT };
	struct md_buf title = MD_BUF_INIT;
	int rc = MD_OK;

	for (size_t k = 0; k < n_want && !rc; k++) {
		if (w[k].head->change_id)
			rc = chain(&maps[KEY_CHANGE_ID], w[k].head->change_id,
				   &w[k], KEY_CHANGE_ID);
		if (!rc && w[k].has_slug)
			rc = chain(&maps[KEY_SLUG], w[k].slug, &w[k], KEY_SLUG);
		if (!rc)
			rc = chain(&maps[KEY_TITLE], w[k].title.buf, &w[k],
				   KEY_TITLE);
	}
	for (size_t i = 0; i < n_hist && !rc; i++) {
		const struct md_rmsg *h = hist[i];
		const char *key[N_KEYS];
		char slug[256];
		size_t len;

		if (!h || !h->patch_mail || !md_subject_is_series_head(&h->subj))
			continue;
		md_buf_reset(&title);
		rc = title_key(&title, h, &len);
		key[KEY_CHANGE_ID] = h->change_id;
		key[KEY_SLUG] = md_revision_slug(slug, sizeof(slug),
						 h->mail.message_id) ? slug
								     : NULL;
		key[KEY_TITLE] = title.buf;
		for (int k = 0; k < N_KEYS && !rc; k++) {
			struct want *x;

			if (!key[k])
				continue;
			for (x = md_strmap_get(&maps[k], key[k]); x;
			     x = x->next[k])
				if (earlier_subj(x, &h->subj, h->time, &h->blob))
					consider(&x->best[k], h->subj.version,
						 h->time, h->mail.message_id,
						 h->mail.subject);
		}
	}
	md_buf_release(&title);
	for (int k = 0; k < N_KEYS; k++)
		md_strmap_release(&maps[k]);
	for (size_t k = 0; k < n_want && !rc; k++)
		rc = take_best(w[k].s, &w[k]);
	return rc;
}

int
md_report_revisions(struct md_report *r, struct md_cache *c, int64_t archive,
		    struct md_rmsg *const *hist, size_t n_hist,
		    struct md_err *err)
{
	struct want *w;
	size_t n_want = 0;
	int rc = MD_OK;

	w = calloc(r->n_series ? r->n_series : 1, sizeof(*w));
	if (!w)
		return md_err_set(err, MD_ENOMEM, "report: out of memory");
	for (size_t i = 0; i < r->n_series && !rc; i++) {
		struct md_series *s = r->series[i];
		struct want *x;

		if (s->version < 2 || !s->head || !s->head->patch_mail)
			continue;
		x = &w[n_want++];
		x->s = s;
		x->head = s->head;
		x->has_slug = md_revision_slug(x->slug, sizeof(x->slug),
					       s->head->mail.message_id);
		if (title_key(&x->title, s->head, &x->title_len))
			rc = md_err_set(err, MD_ENOMEM,
					"report: out of memory");
	}
	if (!rc && n_want) {
		if (c) {
			for (size_t k = 0; k < n_want && !rc; k++)
				rc = from_cache(&w[k], c, archive, err);
		} else {
			rc = from_msgs(w, n_want, hist, n_hist);
			if (rc)
				md_err_set(err, rc, "report: out of memory");
		}
	}
	for (size_t k = 0; k < n_want; k++)
		md_buf_release(&w[k].title);
	free(w);
	return rc;
}

int
md_report_needs_revisions(const struct md_report *r)
{
	for (size_t i = 0; i < r->n_series; i++)
		if (r->series[i]->version > 1)
			return 1;
	return 0;
}

int
md_revision_maybe_head(void *arg, const char *message)
{
	char line[1024];
	size_t n = strcspn(message, "\n");
	struct md_subject subj;

	(void)arg;
	/* Encoded words hide the tags; an empty or overlong message says
	 * nothing: read those. */
	if (!n || n >= sizeof(line) || strstr(message, "=?"))
		return 1;
	memcpy(line, message, n);
	line[n] = '\0';
	md_subject_parse(&subj, line);
	return md_subject_is_patch_mail(&subj) &&
	       md_subject_is_series_head(&subj);
}
