/*
 * render_text.c - the plain-text report, in the layout of the seed
 * reports (SPEC section 3), without their defects: names and subjects
 * decoded, cover letters before their first patch, the patch list
 * filled in.  Every string from mail goes through md_utf8_add_tty_safe(),
 * so no control character from mail reaches a terminal; so do the
 * subsystem titles of a MAINTAINERS file.
 *
 * Beyond the seeds (SPEC section 5): a "Top N reviewers" table after the
 * contributors, with the replies each person sent to patch threads and
 * the trailers given ("%7u %6u  %s"); under a patch list entry, lines
 * indented by four spaces, each only when it has something to say (each
 * is one line, however long):
 *
 *     Previous: v2, 2021-02-24, <message-id>
 *     Review: 3 of 8 patches reviewed; Reviewed-by: A <a@x> (1, 2), ...
 *     Subsystems: KVM, ARM64 PORT (AARCH64 ARCHITECTURE)
 *
 * (lib/render.c words the review line; the subsystems only when the list
 * is not grouped); with --group-by
 * subsystem the list is cut into "--- TITLE (N series) ---" parts; and a
 * "Previous version: ..." line after the Author: line of a shown message
 * whose series replaces an earlier version.
 */
#include <string.h>

#include "lib/render.h"
#include "util/utf8.h"
#include "util/banned.h"

#define SEPARATOR \
	"----------------------------------------------------------------------"

static int
add_safe(struct md_buf *out, const char *s)
{
	return md_utf8_add_tty_safe(out, s, strlen(s), 0);
}

static int
add_person(struct md_buf *out, const char *name, const char *addr)
{
	return md__render_add_person(out, name, addr);
}

static int
add_id(struct md_buf *out, const struct md_oid *oid)
{
	char hex[MD_OID_HEXSZ + 1];

	md_oid_fmt(hex, 9, oid);
	return md_buf_addstr(out, hex);
}

static int
add_header(struct md_buf *out, const struct md_report *r)
{
	int rc = md_buf_addstr(out, "From ");

	if (!rc)
		rc = add_id(out, &r->from);
	if (!rc)
		rc = md_buf_addstr(out, " to ");
	if (!rc)
		rc = add_id(out, &r->to);
	if (!rc)
		rc = md_buf_addch(out, '\n');
	if (!rc)
		rc = add_safe(out, r->list_name);
	if (!rc)
		rc = md_buf_addstr(out, " mailing list update from ");
	if (!rc)
		rc = add_id(out, &r->from);
	if (!rc)
		rc = md_buf_addstr(out, " to ");
	if (!rc)
		rc = add_id(out, &r->to);
	if (!rc)
		rc = md_buf_addstr(out, "\n\n");
	return rc;
}

static int
add_tables(struct md_buf *out, const struct md_report *r, unsigned top)
{
	int rc = md_buf_addf(out, "Top %u contributor Email domains (Based on "
				  "Email Body)\n\n",
			     top);

	for (size_t i = 0; i < r->n_domains && i < top && !rc; i++) {
		rc = md_buf_addf(out, "%7u ", r->domains[i].count);
		if (!rc)
			rc = add_safe(out, r->domains[i].key);
		if (!rc)
			rc = md_buf_addch(out, '\n');
	}
	if (!rc && r->has_orgs)
		rc = md_buf_addf(out, "\nTop %u contributor organisations "
				      "(Based on Email Body)\n\n",
				 top);
	for (size_t i = 0; r->has_orgs && i < r->n_orgs && i < top && !rc;
	     i++) {
		rc = md_buf_addf(out, "%7u ", r->orgs[i].count);
		if (!rc)
			rc = add_safe(out, r->orgs[i].key);
		if (!rc)
			rc = md_buf_addch(out, '\n');
	}
	if (!rc)
		rc = md_buf_addf(out, "\nTop %u contributors (Based on Email "
				      "Body)\n\n",
				 top);
	for (size_t i = 0; i < r->n_people && i < top && !rc; i++) {
		rc = md_buf_addf(out, "%7u  ", r->people[i].count);
		if (!rc)
			rc = add_person(out, r->people[i].name,
					r->people[i].key);
		if (!rc)
			rc = md_buf_addch(out, '\n');
	}
	if (!rc)
		rc = md_buf_addf(out,
				 "\nTop %u reviewers (replies to patches, "
				 "trailers given)\n\n",
				 top);
	for (size_t i = 0; i < r->n_reviewers && i < top && !rc; i++) {
		const struct md_reviewer_row *row = &r->reviewers[i];

		rc = md_buf_addf(out, "%7u %6u  ", row->replies, row->trailers);
		if (!rc)
			rc = add_person(out, row->name, row->key);
		if (!rc)
			rc = md_buf_addch(out, '\n');
	}
	if (!rc)
		rc = md_buf_addch(out, '\n');
	return rc;
}

/* "[RFC net-next v2 3/5]": kind, extra tags, version, received/total. */
static int
add_series_tag(struct md_buf *out, const struct md_series *s)
{
	const struct md_subject *t = &s->head->subj;
	int rc = md_buf_addch(out, '[');

	if (!rc && (t->flags & MD_SUBJ_RFC))
		rc = md_buf_addstr(out, "RFC ");
	if (!rc && (t->flags & MD_SUBJ_RESEND))
		rc = md_buf_addstr(out, "RESEND ");
	if (!rc && t->extra[0]) {
		rc = add_safe(out, t->extra);
		if (!rc)
			rc = md_buf_addch(out, ' ');
	}
	if (!rc)
		rc = md_buf_addf(out, "v%u %u/%u]", s->version, s->received,
				 s->total);
	return rc;
}

/* "v2, 2021-02-24, <message-id>": the version s replaces. */
static int
add_previous(struct md_buf *out, const struct md_series *s)
{
	char day[MD__RENDER_DAY_SIZE];
	int rc;

	md__render_day(day, s->prev_time);
	rc = md_buf_addf(out, "v%u, %s", s->prev_version, day);
	if (!rc && s->prev_message_id && s->prev_message_id[0]) {
		rc = md_buf_addstr(out, ", <");
		if (!rc)
			rc = add_safe(out, s->prev_message_id);
		if (!rc)
			rc = md_buf_addch(out, '>');
	}
	return rc;
}

/* One entry of the patch list: its line, then the indented lines. */
static int
add_entry(struct md_buf *out, const struct md_report *r,
	  const struct md_series *s, int grouped)
{
	const struct md_rmsg *h = s->head;
	int rc = add_series_tag(out, s);

	if (!rc)
		rc = md_buf_addch(out, ' ');
	if (!rc)
		rc = add_safe(out, h->subj.title);
	if (!rc)
		rc = md_buf_addstr(out, " (");
	if (!rc)
		rc = add_person(out, h->mail.author.name, h->mail.author.addr);
	if (!rc)
		rc = md_buf_addf(out, ", %u %s)\n", s->n_replies,
				 s->n_replies == 1 ? "reply" : "replies");
	if (!rc && s->has_prev) {
		rc = md_buf_addstr(out, "    Previous: ");
		if (!rc)
			rc = add_previous(out, s);
		if (!rc)
			rc = md_buf_addch(out, '\n');
	}
	if (!rc && md__render_has_review(s)) {
		rc = md_buf_addstr(out, "    Review: ");
		if (!rc)
			rc = md__render_add_review_text(out, s);
		if (!rc)
			rc = md_buf_addch(out, '\n');
	}
	if (!rc && r->has_subsystems && s->n_subsystems && !grouped) {
		rc = md_buf_addstr(out, "    Subsystems: ");
		for (size_t k = 0; k < s->n_subsystems && !rc; k++) {
			if (k)
				rc = md_buf_addstr(out, ", ");
			if (!rc)
				rc = add_safe(out, s->subsystems[k]);
		}
		if (!rc)
			rc = md_buf_addch(out, '\n');
	}
	return rc;
}

static int
add_patch_list(struct md_buf *out, const struct md_report *r)
{
	int rc = md_buf_addstr(out,
			       "===== Patch list in this time period =====\n\n");

	if (r->groups && r->n_groups) {
		for (size_t i = 0; i < r->n_groups && !rc; i++) {
			const struct md_series_group *g = &r->groups[i];

			rc = md_buf_addstr(out, "--- ");
			if (!rc)
				rc = add_safe(out, g->title[0]
							   ? g->title
							   : "No subsystem");
			if (!rc)
				rc = md_buf_addf(out, " (%zu series) ---\n\n",
						 g->n_series);
			for (size_t k = 0; k < g->n_series && !rc; k++)
				rc = add_entry(out, r, g->series[k], 1);
			if (!rc)
				rc = md_buf_addch(out, '\n');
		}
		return rc;
	}
	for (size_t i = 0; i < r->n_series && !rc; i++)
		rc = add_entry(out, r, r->series[i], 0);
	if (!rc)
		rc = md_buf_addch(out, '\n');
	return rc;
}

static int
add_messages(struct md_buf *out, const struct md_report *r)
{
	int rc = md_buf_addstr(out, "===== Patch Commit Messages ====\n\n");

	for (size_t i = 0; i < r->n_shown && !rc; i++) {
		const struct md_rmsg *m = r->shown[i];

		rc = md_buf_addstr(out, "New:  ");
		if (!rc)
			rc = add_safe(out, m->subj.title);
		if (!rc)
			rc = md_buf_addch(out, '\n');
		if (!rc)
			rc = add_safe(out, m->mail.subject);
		if (!rc)
			rc = md_buf_addstr(out, "\nAuthor: ");
		if (!rc)
			rc = add_person(out, m->mail.author.name,
					m->mail.author.addr);
		if (!rc && m->series && m->series->has_prev) {
			rc = md_buf_addstr(out, "\nPrevious version: ");
			if (!rc)
				rc = add_previous(out, m->series);
		}
		if (!rc)
			rc = md_buf_addstr(out, "\n\n");
		if (!rc && m->excerpt && m->excerpt[0]) {
			rc = md_utf8_add_tty_safe(out, m->excerpt,
						  strlen(m->excerpt), 1);
			if (!rc)
				rc = md_buf_addstr(out, "\n\n");
		}
		if (!rc)
			rc = md_buf_addstr(out, SEPARATOR "\n\n");
	}
	return rc;
}

int
md_render_text(struct md_buf *out, const struct md_report *r,
	       const struct md_render_options *o)
{
	unsigned top = o ? o->top : 15;
	int rc;

	rc = add_header(out, r);
	if (!rc)
		rc = add_tables(out, r, top);
	if (!rc)
		rc = add_patch_list(out, r);
	if (!rc)
		rc = add_messages(out, r);
	if (!rc && r->n_malformed)
		rc = md_buf_addf(out,
				 "%zu malformed message%s in this range "
				 "(counted with what could be read)\n",
				 r->n_malformed,
				 r->n_malformed == 1 ? "" : "s");
	return rc;
}
