/*
 * series_subsys.c - the subsystems of a range's series (from the
 * kernel's MAINTAINERS file, lib/maintainers.h), and the patch list
 * grouped by them.
 *
 * A series falls under, for each path its patches touch (or its cover
 * letter's diffstat names, when no patch of it arrived), the most
 * specific sections for that path; its subsystems are the union, in the
 * file's order.  Catch-all sections (THE REST's "*", specificity 0)
 * count only for a series that falls under nothing else.  Groups are ordered by the number of series (most
 * first), then title; the series with no subsystem come last, under "".
 */
#include <stdlib.h>
#include <string.h>

#include "lib/report.h"
#include "util/vec.h"
#include "util/banned.h"

struct group {
	size_t section;            /* index in the MAINTAINERS file */
	size_t title_index;        /* into r->subsystem_titles */
	struct md_ptrvec series;
};

static int
add_section(size_t **v, size_t *n, size_t section)
{
	size_t *nv;

	for (size_t i = 0; i < *n; i++)
		if ((*v)[i] == section)
			return MD_OK;
	nv = realloc(*v, (*n + 1) * sizeof(*nv));
	if (!nv)
		return MD_ENOMEM;
	*v = nv;
	nv[(*n)++] = section;
	return MD_OK;
}

/* The most specific sections of one path, added to the set. */
struct sections {
	size_t *v, n;              /* specific ones */
	size_t *rest, n_rest;      /* catch-alls */
};

static int
path_sections(struct sections *set, const struct md_maintainers *m,
	      const char *path)
{
	struct md_maintainers_hit *hits = NULL;
	size_t n_hits = 0;
	int best = -1, rc;

	rc = md_maintainers_match(&hits, &n_hits, m, path);
	for (size_t i = 0; i < n_hits; i++)
		if (hits[i].specificity > best)
			best = hits[i].specificity;
	for (size_t i = 0; i < n_hits && !rc; i++)
		if (hits[i].specificity == best)
			rc = best ? add_section(&set->v, &set->n,
						hits[i].section)
				  : add_section(&set->rest, &set->n_rest,
						hits[i].section);
	free(hits);
	return rc;
}

static int
msg_sections(struct sections *set, const struct md_maintainers *m,
	     const struct md_rmsg *msg)
{
	int rc = MD_OK;

	for (size_t i = 0; msg && i < msg->n_paths && !rc; i++)
		rc = path_sections(set, m, msg->paths[i]);
	return rc;
}

static int
cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return (x > y) - (x < y);
}

static int
cmp_groups(const void *a, const void *b, void *arg)
{
	const struct group *x = a, *y = b;
	const struct md_maintainers *m = arg;

	if (x->series.n != y->series.n)
		return x->series.n > y->series.n ? -1 : 1;
	return strcmp(md_maintainers_title(m, x->section),
		      md_maintainers_title(m, y->section));
}

/* Group index of a section, adding it (and its title) when new. */
static int
group_of(struct group **groups, size_t *n_groups, struct md_report *r,
	 const struct md_maintainers *m, size_t section, size_t *out)
{
	struct group *ng;
	char **nt, *title;

	for (size_t i = 0; i < *n_groups; i++)
		if ((*groups)[i].section == section) {
			*out = i;
			return MD_OK;
		}
	title = strdup(md_maintainers_title(m, section));
	nt = title ? realloc(r->subsystem_titles,
			     (r->n_subsystem_titles + 1) * sizeof(*nt))
		   : NULL;
	if (!nt) {
		free(title);
		return MD_ENOMEM;
	}
	r->subsystem_titles = nt;
	nt[r->n_subsystem_titles] = title;
	ng = realloc(*groups, (*n_groups + 1) * sizeof(*ng));
	if (!ng)
		return MD_ENOMEM;
	*groups = ng;
	memset(&ng[*n_groups], 0, sizeof(*ng));
	ng[*n_groups].section = section;
	ng[*n_groups].title_index = r->n_subsystem_titles++;
	*out = (*n_groups)++;
	return MD_OK;
}

static int
build_groups(struct md_report *r, struct group *groups, size_t n_groups,
	     const struct md_maintainers *m, struct md_ptrvec *none)
{
	size_t total = n_groups + (none->n ? 1 : 0);

	qsort_r(groups, n_groups, sizeof(*groups), cmp_groups, (void *)m);
	r->groups = calloc(total ? total : 1, sizeof(*r->groups));
	if (!r->groups)
		return MD_ENOMEM;
	for (size_t i = 0; i < total; i++) {
		struct md_ptrvec *v = i < n_groups ? &groups[i].series : none;
		struct md_series_group *g = &r->groups[i];

		g->title = strdup(i < n_groups ?
				  r->subsystem_titles[groups[i].title_index] :
				  "");
		r->n_groups = i + 1;
		if (!g->title)
			return MD_ENOMEM;
		g->series = (struct md_series **)v->items;
		g->n_series = v->n;
		v->items = NULL;
		v->n = v->alloc = 0;
	}
	return MD_OK;
}

int
md_report_subsystems(struct md_report *r, const struct md_maintainers *m,
		     int group)
{
	struct group *groups = NULL;
	struct md_ptrvec none = MD_PTRVEC_INIT;
	size_t n_groups = 0;
	int rc = MD_OK;

	r->has_subsystems = 1;
	for (size_t i = 0; i < r->n_series && !rc; i++) {
		struct md_series *s = r->series[i];
		struct sections set = { NULL, 0, NULL, 0 };
		size_t *sections, n;

		for (unsigned k = 0; k < s->total && !rc; k++)
			rc = msg_sections(&set, m, s->patches[k]);
		for (size_t k = 0; k < s->n_extra && !rc; k++)
			rc = msg_sections(&set, m, s->extra[k]);
		if (!rc && !set.n && !set.n_rest)
			rc = msg_sections(&set, m, s->cover);
		if (set.n) {
			sections = set.v;
			n = set.n;
			free(set.rest);
		} else {
			sections = set.rest;
			n = set.n_rest;
			free(set.v);
		}
		if (!rc && n)
			qsort(sections, n, sizeof(*sections), cmp_size);
		if (!rc && n) {
			s->subsystems = calloc(n, sizeof(*s->subsystems));
			if (!s->subsystems)
				rc = MD_ENOMEM;
		}
		for (size_t k = 0; k < n && !rc; k++) {
			size_t g;

			rc = group_of(&groups, &n_groups, r, m, sections[k], &g);
			if (!rc) {
				s->subsystems[s->n_subsystems++] =
					r->subsystem_titles[groups[g].title_index];
				rc = md_ptrvec_push(&groups[g].series, s);
			}
		}
		if (!rc && !n)
			rc = md_ptrvec_push(&none, s);
		free(sections);
	}
	if (!rc && group)
		rc = build_groups(r, groups, n_groups, m, &none);
	for (size_t i = 0; i < n_groups; i++)
		md_ptrvec_release(&groups[i].series);
	free(groups);
	md_ptrvec_release(&none);
	return rc;
}
