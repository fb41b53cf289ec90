/*
 * series_review.c - review state of a range's series, from its replies,
 * and the Top reviewers table.
 *
 * A reply belongs to the series of the nearest series message its
 * thread leads to (In-Reply-To, then References from the newest back).
 * Its trailers (Reviewed-by, Acked-by, Tested-by: lib/review.h) are
 * given to the patch it answers, or to every patch when it answers the
 * cover letter; each (person, kind, patch) counts once.  A maintainer's
 * verdict (applied, queued) is the series' when it is the latest in the
 * range.  A patch is reviewed when it has a Reviewed-by or an Acked-by.
 *
 * The reviewers table counts, per address (case-insensitive), the
 * replies sent to patch threads (duplicates and patch mail excluded)
 * and the trailers given, shown with the name first seen.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/report.h"
#include "lib/review.h"
#include "util/vec.h"
#include "util/banned.h"

/* Where a series message sits: its series and patch number (0: cover). */
struct place {
	struct md_series *s;
	unsigned patch;
};

struct reviewer {
	const char *name;
	const char *addr;
	unsigned replies, trailers;
	size_t first;              /* arrival of the first count */
};

static int
place_put(struct md_strmap *map, struct md_ptrvec *owned,
	  const struct md_rmsg *m, struct md_series *s, unsigned patch)
{
	struct place *p;

	if (!m || !m->mail.message_id[0] ||
	    md_strmap_get(map, m->mail.message_id))
		return MD_OK;
	p = malloc(sizeof(*p));
	if (!p || md_ptrvec_push(owned, p)) {
		free(p);
		return MD_ENOMEM;
	}
	p->s = s;
	p->patch = patch;
	return md_strmap_put(map, m->mail.message_id, p);
}

static struct reviewer *
reviewer_get(struct md_strmap *people, struct md_ptrvec *all,
	     const char *name, const char *addr, size_t when)
{
	int created;
	void **slot = md_strmap_slot(people, addr, &created);
	struct reviewer *v;

	if (!slot)
		return NULL;
	if (!created)
		return *slot;
	v = calloc(1, sizeof(*v));
	if (!v || md_ptrvec_push(all, v)) {
		free(v);
		return NULL;
	}
	v->name = name;
	v->addr = addr;
	v->first = when;
	*slot = v;
	return v;
}

static int
has_trailer(const struct md_series *s, int kind, const char *addr,
	    unsigned patch)
{
	for (size_t i = 0; i < s->n_trailers; i++)
		if (s->trailers[i].kind == kind &&
		    s->trailers[i].patch == patch &&
		    !strcasecmp(s->trailers[i].addr, addr))
			return 1;
	return 0;
}

static int
add_trailer(struct md_series *s, const struct md_trailer *t, unsigned patch,
	    const struct md_rmsg *reply)
{
	struct md_series_trailer *nv;

	nv = realloc(s->trailers, (s->n_trailers + 1) * sizeof(*nv));
	if (!nv)
		return MD_ENOMEM;
	s->trailers = nv;
	nv[s->n_trailers].kind = (int)t->kind;
	nv[s->n_trailers].name = t->name;
	nv[s->n_trailers].addr = t->addr;
	nv[s->n_trailers].patch = patch;
	nv[s->n_trailers].reply = reply;
	s->n_trailers++;
	return MD_OK;
}

static void
count_reviewed(struct md_series *s)
{
	int cover = 0;

	s->n_reviewed = 0;
	for (size_t i = 0; i < s->n_trailers; i++)
		if (s->trailers[i].patch == 0 &&
		    s->trailers[i].kind != MD_TRAILER_TESTED)
			cover = 1;
	for (unsigned n = 1; n <= s->total; n++) {
		int ok = cover;

		for (size_t i = 0; i < s->n_trailers && !ok; i++)
			ok = s->trailers[i].patch == n &&
			     s->trailers[i].kind != MD_TRAILER_TESTED;
		s->n_reviewed += (unsigned)ok;
	}
	s->all_reviewed = s->total && s->n_reviewed == s->total;
}

static int
cmp_reviewers(const void *a, const void *b)
{
	const struct reviewer *x = *(struct reviewer *const *)a;
	const struct reviewer *y = *(struct reviewer *const *)b;
	unsigned tx = x->replies + x->trailers, ty = y->replies + y->trailers;
	int c;

	if (tx != ty)
		return tx > ty ? -1 : 1;
	if (x->replies != y->replies)
		return x->replies > y->replies ? -1 : 1;
	c = strcasecmp(x->addr, y->addr);
	return c ? c : strcmp(x->addr, y->addr);
}

static int
reviewers_to_rows(struct md_report *r, struct md_ptrvec *all)
{
	if (!all->n)
		return MD_OK;
	qsort(all->items, all->n, sizeof(*all->items), cmp_reviewers);
	r->reviewers = calloc(all->n, sizeof(*r->reviewers));
	if (!r->reviewers)
		return MD_ENOMEM;
	for (size_t i = 0; i < all->n; i++) {
		const struct reviewer *v = all->items[i];
		struct md_reviewer_row *row = &r->reviewers[i];

		row->name = strdup(v->name);
		row->key = strdup(v->addr);
		row->replies = v->replies;
		row->trailers = v->trailers;
		r->n_reviewers = i + 1;
		if (!row->name || !row->key)
			return MD_ENOMEM;
	}
	return MD_OK;
}

int
md_report_review(struct md_report *r)
{
	struct md_strmap places = MD_STRMAP_INIT, people = MD_STRMAP_INIT;
	struct md_ptrvec owned = MD_PTRVEC_INIT, all = MD_PTRVEC_INIT;
	int rc = MD_OK;

	people.fold_case = 1;
	for (size_t i = 0; i < r->n_series && !rc; i++) {
		struct md_series *s = r->series[i];

		rc = place_put(&places, &owned, s->cover, s, 0);
		for (unsigned n = 0; n < s->total && !rc; n++)
			rc = place_put(&places, &owned, s->patches[n], s,
				       s->single ? 1 : n + 1);
		/* A patch sent again still leads replies to its series. */
		for (size_t k = 0; k < s->n_extra && !rc; k++)
			rc = place_put(&places, &owned, s->extra[k], s,
				       s->extra[k]->subj.num);
	}
	for (size_t i = 0; i < r->n_msgs && !rc; i++) {
		const struct md_rmsg *m = r->msgs[i];
		const struct place *p;
		struct reviewer *v;

		if (m->patch_mail || m->duplicate)
			continue;
		p = md_series_thread_get(&places, &m->mail);
		if (!p)
			continue;
		if (m->mail.author.addr[0]) {
			v = reviewer_get(&people, &all, m->mail.author.name,
					 m->mail.author.addr, i);
			if (!v) {
				rc = MD_ENOMEM;
				break;
			}
			v->replies++;
		}
		for (size_t k = 0; k < m->n_trailers && !rc; k++) {
			const struct md_trailer *t = &m->trailers[k];

			if (!t->addr[0] ||
			    has_trailer(p->s, (int)t->kind, t->addr, p->patch))
				continue;
			rc = add_trailer(p->s, t, p->patch, m);
			v = rc ? NULL : reviewer_get(&people, &all, t->name,
						     t->addr, i);
			if (!rc && !v)
				rc = MD_ENOMEM;
			if (v)
				v->trailers++;
		}
		if (m->verdict != MD_VERDICT_NONE) {
			p->s->verdict = m->verdict;
			p->s->verdict_reply = m;
		}
	}
	for (size_t i = 0; i < r->n_series && !rc; i++)
		count_reviewed(r->series[i]);
	if (!rc)
		rc = reviewers_to_rows(r, &all);
	for (size_t i = 0; i < owned.n; i++)
		free(owned.items[i]);
	for (size_t i = 0; i < all.n; i++)
		free(all.items[i]);
	md_ptrvec_release(&owned);
	md_ptrvec_release(&all);
	md_strmap_release(&places);
	md_strmap_release(&people);
	return rc;
}
