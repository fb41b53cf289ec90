/*
 * series.c - patch series assembly inside a range, and reply counts.
 *
 * A series is a cover letter (N/M with N = 0) with the patches of its
 * thread, or patches without a cover letter, or a single unnumbered
 * patch.  Patches join a series through their thread (In-Reply-To, then
 * References from the nearest id back to the root) when version and
 * total match; patches that reach no series through their thread (sent
 * unthreaded, or replying to mail outside the range) join the latest
 * series of the same sender, version and total that lacks their number,
 * else start a series of their own (a partial one).  Because all the
 * range's messages are known before assembly, arrival order does not
 * matter: covers are placed first, then the first patches, then the
 * rest, and series are finally ordered by their earliest message.
 * A patch whose number its series has already (sent again in the
 * thread), or whose number is above the total, is kept among the
 * series' extra patches, so every patch mail is in exactly one series.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/report.h"
#include "util/vec.h"
#include "util/banned.h"

struct assembler {
	struct md_report *r;
	struct md_strmap by_msgid;   /* Message-ID -> series */
	struct md_ptrvec series;     /* struct md_series * */
};

static struct md_series *
series_new(struct assembler *as, struct md_rmsg *m, unsigned total)
{
	struct md_series *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->total = total ? total : 1;
	s->version = m->subj.version;
	s->first = m;
	s->patches = calloc(s->total, sizeof(*s->patches));
	if (!s->patches || md_ptrvec_push(&as->series, s)) {
		free(s->patches);
		free(s);
		return NULL;
	}
	return s;
}

static int
link_msg(struct assembler *as, struct md_series *s, struct md_rmsg *m)
{
	m->series = s;
	if (!s->first || m->index < s->first->index)
		s->first = m;
	if (m->mail.message_id[0] &&
	    !md_strmap_get(&as->by_msgid, m->mail.message_id))
		return md_strmap_put(&as->by_msgid, m->mail.message_id, s);
	return MD_OK;
}

/* The series m's thread leads to, if it matches version and total. */
static struct md_series *
thread_series(struct assembler *as, const struct md_rmsg *m)
{
	const struct md_mail *ml = &m->mail;
	struct md_series *s;

	if (ml->in_reply_to[0]) {
		s = md_strmap_get(&as->by_msgid, ml->in_reply_to);
		if (s && !s->single && s->version == m->subj.version &&
		    s->total == m->subj.total)
			return s;
	}
	for (size_t i = ml->n_refs; i-- > 0;) {
		s = md_strmap_get(&as->by_msgid, ml->refs[i]);
		if (s && !s->single && s->version == m->subj.version &&
		    s->total == m->subj.total)
			return s;
	}
	return NULL;
}

static int
same_sender(const struct md_rmsg *a, const struct md_rmsg *b)
{
	return !strcasecmp(a->mail.from.addr, b->mail.from.addr);
}

/* The latest series from the same sender with the same shape that
 * lacks patch m->subj.num. */
static struct md_series *
loose_series(struct assembler *as, const struct md_rmsg *m)
{
	for (size_t i = as->series.n; i-- > 0;) {
		struct md_series *s = as->series.items[i];

		if (s->single || s->version != m->subj.version ||
		    s->total != m->subj.total || s->patches[m->subj.num - 1])
			continue;
		if (same_sender(s->first, m))
			return s;
	}
	return NULL;
}

static int
add_patch(struct assembler *as, struct md_series *s, struct md_rmsg *m)
{
	unsigned n = m->subj.num;

	if (n >= 1 && n <= s->total && !s->patches[n - 1]) {
		s->patches[n - 1] = m;
		s->received++;
	} else {
		struct md_rmsg **nv = realloc(s->extra, (s->n_extra + 1) *
						       sizeof(*nv));

		if (!nv)
			return MD_ENOMEM;
		s->extra = nv;
		nv[s->n_extra++] = m;
	}
	return link_msg(as, s, m);
}

static int
place_patches(struct assembler *as, int pass)
{
	struct md_report *r = as->r;

	for (size_t i = 0; i < r->n_msgs; i++) {
		struct md_rmsg *m = r->msgs[i];
		struct md_series *s;
		unsigned num = m->subj.num;
		int numbered = (m->subj.flags & MD_SUBJ_NUMBERED) != 0;

		if (!m->patch_mail || m->duplicate || m->series)
			continue;
		if (pass == 0) {
			/* Covers, and single patches. */
			if (numbered && num == 0) {
				s = series_new(as, m, m->subj.total);
				if (!s)
					return MD_ENOMEM;
				s->cover = m;
				if (link_msg(as, s, m))
					return MD_ENOMEM;
			} else if (!numbered) {
				s = series_new(as, m, 1);
				if (!s)
					return MD_ENOMEM;
				s->single = 1;
				s->patches[0] = m;
				s->received = 1;
				if (link_msg(as, s, m))
					return MD_ENOMEM;
			}
			continue;
		}
		if (!numbered || num == 0 || (pass == 1 && num != 1))
			continue;
		s = thread_series(as, m);
		if (!s && pass == 2)
			s = loose_series(as, m);
		if (!s && (num == 1 || pass == 2))
			s = series_new(as, m, m->subj.total);
		if (!s)
			continue;
		if (add_patch(as, s, m))
			return MD_ENOMEM;
	}
	return MD_OK;
}

static int
cmp_series(const void *a, const void *b)
{
	const struct md_series *x = *(const struct md_series *const *)a;
	const struct md_series *y = *(const struct md_series *const *)b;

	return (x->first->index > y->first->index) -
	       (x->first->index < y->first->index);
}

void *
md_series_thread_get(const struct md_strmap *map, const struct md_mail *ml)
{
	void *v = NULL;

	if (ml->in_reply_to[0])
		v = md_strmap_get(map, ml->in_reply_to);
	for (size_t k = ml->n_refs; !v && k-- > 0;)
		v = md_strmap_get(map, ml->refs[k]);
	return v;
}

/* A reply counts for the series its thread leads to. */
static void
count_replies(struct assembler *as)
{
	struct md_report *r = as->r;

	for (size_t i = 0; i < r->n_msgs; i++) {
		struct md_rmsg *m = r->msgs[i];
		struct md_series *s;

		if (m->patch_mail || m->duplicate)
			continue;
		s = md_series_thread_get(&as->by_msgid, &m->mail);
		if (s)
			s->n_replies++;
	}
}

int
md_report_assemble(struct md_report *r)
{
	struct assembler as = { r, MD_STRMAP_INIT, MD_PTRVEC_INIT };
	int rc = MD_OK;

	for (int pass = 0; pass < 3 && !rc; pass++)
		rc = place_patches(&as, pass);
	if (!rc) {
		if (as.series.n)
			qsort(as.series.items, as.series.n,
			      sizeof(*as.series.items), cmp_series);
		for (size_t i = 0; i < as.series.n; i++) {
			struct md_series *s = as.series.items[i];

			s->index = i;
			s->head = s->cover ? s->cover
			       : s->patches[0] ? s->patches[0] : s->first;
		}
		count_replies(&as);
		r->series = (struct md_series **)as.series.items;
		r->n_series = as.series.n;
		as.series.items = NULL;
	} else {
		for (size_t i = 0; i < as.series.n; i++) {
			struct md_series *s = as.series.items[i];

			free(s->patches);
			free(s->extra);
			free(s);
		}
	}
	md_ptrvec_release(&as.series);
	md_strmap_release(&as.by_msgid);
	return rc;
}
