/*
 * render.c - what the renderers share: the lore list name, and the
 * pieces of the review state, previous version and day of a series that
 * every format shows alike.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "lib/render.h"
#include "lib/review.h"
#include "util/utf8.h"
#include "util/banned.h"

void
md_render_lore_list(char *buf, size_t size, const struct md_report *r)
{
	const char *src = r->list_id && r->list_id[0] ? r->list_id
						       : r->archive_name;
	size_t n = 0;

	if (!size)
		return;
	for (; src && *src && *src != '.' && n + 1 < size; src++) {
		unsigned char c = (unsigned char)*src;

		/* A lore list name is a DNS label: keep it to one. */
		if (isalnum(c) || c == '-' || c == '_')
			buf[n++] = (char)tolower(c);
	}
	buf[n] = '\0';
}

void
md__render_day(char *buf, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if ((int64_t)tt != t || !gmtime_r(&tt, &tm) || tm.tm_year < -1900 ||
	    tm.tm_year > 9999 - 1900 ||
	    !strftime(buf, MD__RENDER_DAY_SIZE, "%Y-%m-%d", &tm)) {
		buf[0] = '?';
		buf[1] = '\0';
	}
}

/* Trailers ordered by kind, then address (case-insensitively), then
 * patch number, then arrival: a group is a run, its items in order. */
static int
cmp_trailer(const void *a, const void *b)
{
	const struct md_series_trailer *x =
		*(const struct md_series_trailer *const *)a;
	const struct md_series_trailer *y =
		*(const struct md_series_trailer *const *)b;
	int c;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	c = strcasecmp(x->addr, y->addr);
	if (c)
		return c;
	if (x->patch != y->patch)
		return x->patch < y->patch ? -1 : 1;
	/* The series' array is in arrival order. */
	return (x > y) - (x < y);
}

/* The trailer of a group that came first: the lowest address. */
static const struct md_series_trailer *
group_first(const struct md__render_tgroup *g)
{
	const struct md_series_trailer *first = g->items[0];

	for (size_t i = 1; i < g->n_items; i++)
		if (g->items[i] < first)
			first = g->items[i];
	return first;
}

static int
cmp_group(const void *a, const void *b)
{
	const struct md_series_trailer *x =
		group_first((const struct md__render_tgroup *)a);
	const struct md_series_trailer *y =
		group_first((const struct md__render_tgroup *)b);

	return (x > y) - (x < y);
}

int
md__render_review_init(struct md__render_review *out, const struct md_series *s)
{
	const struct md_series_trailer **v;
	size_t n = 0;

	out->groups = NULL;
	out->n_groups = 0;
	out->store = NULL;
	if (!s->n_trailers)
		return MD_OK;
	v = calloc(s->n_trailers, sizeof(*v));
	out->groups = calloc(s->n_trailers, sizeof(*out->groups));
	out->store = v;
	if (!v || !out->groups)
		return MD_ENOMEM;
	for (size_t i = 0; i < s->n_trailers; i++)
		v[i] = &s->trailers[i];
	qsort(v, s->n_trailers, sizeof(*v), cmp_trailer);
	/* Cut the runs, keeping one trailer per patch number (the first;
	 * the model keeps one per person, kind and patch already). */
	for (size_t i = 0; i < s->n_trailers; i++) {
		struct md__render_tgroup *g =
			out->n_groups ? &out->groups[out->n_groups - 1] : NULL;

		if (!g || g->kind != v[i]->kind ||
		    strcasecmp(g->addr, v[i]->addr)) {
			g = &out->groups[out->n_groups++];
			g->kind = v[i]->kind;
			g->addr = v[i]->addr;
			g->all = 0;
			g->items = v + n;
			g->n_items = 0;
		} else if (v[n - 1]->patch == v[i]->patch) {
			continue;
		}
		if (v[i]->patch == 0)
			g->all = 1;
		v[n++] = v[i];
		g->n_items++;
	}
	for (size_t i = 0; i < out->n_groups; i++) {
		const struct md_series_trailer *first =
			group_first(&out->groups[i]);

		out->groups[i].name = first->name;
		out->groups[i].addr = first->addr;
	}
	qsort(out->groups, out->n_groups, sizeof(*out->groups), cmp_group);
	return MD_OK;
}

void
md__render_review_release(struct md__render_review *rv)
{
	free(rv->groups);
	free(rv->store);
	rv->groups = NULL;
	rv->store = NULL;
	rv->n_groups = 0;
}

int
md__render_has_review(const struct md_series *s)
{
	return s->n_trailers || s->verdict != MD_VERDICT_NONE;
}

int
md__render_show_patches(const struct md_series *s)
{
	return s->total > 1;
}

int
md__render_add_reviewed(struct md_buf *out, const struct md_series *s)
{
	if (s->total == 1)
		return md_buf_addstr(
			out, s->n_reviewed ? "the patch is reviewed"
					   : "the patch is not reviewed");
	if (s->all_reviewed)
		return md_buf_addf(out, "all %u patches reviewed", s->total);
	return md_buf_addf(out, "%u of %u patches reviewed", s->n_reviewed,
			   s->total);
}

int
md__render_add_person(struct md_buf *out, const char *name, const char *addr)
{
	int rc;

	if (!name[0])
		return md_utf8_add_tty_safe(
			out, addr[0] ? addr : "(unknown)",
			strlen(addr[0] ? addr : "(unknown)"), 0);
	rc = md_utf8_add_tty_safe(out, name, strlen(name), 0);
	if (!rc)
		rc = md_buf_addstr(out, " <");
	if (!rc)
		rc = md_utf8_add_tty_safe(out, addr, strlen(addr), 0);
	if (!rc)
		rc = md_buf_addch(out, '>');
	return rc;
}

int
md__render_add_review_text(struct md_buf *out, const struct md_series *s)
{
	struct md__render_review rv;
	int rc = md__render_review_init(&rv, s);

	if (!rc)
		rc = md__render_add_reviewed(out, s);
	for (size_t i = 0; i < rv.n_groups && !rc; i++) {
		const struct md__render_tgroup *g = &rv.groups[i];

		rc = md_buf_addf(out, "%s %s: ", i ? "," : ";",
				 md_trailer_kind_name(g->kind));
		if (!rc)
			rc = md__render_add_person(out, g->name, g->addr);
		if (rc || !md__render_show_patches(s))
			continue;
		if (g->all) {
			rc = md_buf_addstr(out, " (all)");
			continue;
		}
		for (size_t k = 0; k < g->n_items && !rc; k++)
			rc = md_buf_addf(out, "%s%u", k ? ", " : " (",
					 g->items[k]->patch);
		if (!rc)
			rc = md_buf_addch(out, ')');
	}
	if (!rc && s->verdict != MD_VERDICT_NONE) {
		rc = md_buf_addf(out, "; %s", md_verdict_name(s->verdict));
		if (!rc && s->verdict_reply) {
			rc = md_buf_addstr(out, " by ");
			if (!rc)
				rc = md__render_add_person(
					out, s->verdict_reply->mail.author.name,
					s->verdict_reply->mail.author.addr);
		}
	}
	md__render_review_release(&rv);
	return rc;
}
