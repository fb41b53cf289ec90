/*
 * render.h - turning a report model into text for people or programs.
 *
 * Each renderer appends its whole output to a caller-owned md_buf and
 * escapes every string that came from mail for the format it writes
 * (the text renderer makes it terminal-safe).  Renderers never modify
 * the report.
 */
#ifndef MD_RENDER_H
#define MD_RENDER_H

#include <stddef.h>
#include <stdint.h>

#include "lib/report.h"
#include "util/buf.h"

struct md_render_options {
	unsigned top;           /* rows of the top tables (15 by default) */
	const char *lore_list;  /* the list's name on lore.kernel.org, for
				   links: https://lore.kernel.org/<it>/<id>/;
				   NULL: md_render_lore_list() */
	/* The email format's envelope. */
	const char *mail_from;  /* From: (required for email) */
	const char *mail_to;    /* To: (required for email) */
	int64_t mail_date;      /* Date:, seconds since the epoch */
	const char *mail_msgid; /* Message-ID without <>; NULL: made up
				   from the range and the date */
};

#define MD_RENDER_OPTIONS_INIT { 15, NULL, NULL, NULL, 0, NULL }

/* The plain-text report in the seeds' layout (SPEC section 3). */
int md_render_text(struct md_buf *out, const struct md_report *r,
		   const struct md_render_options *o);
/* Markdown: headings, the top tables as Markdown tables, the patch list
 * as a list (what the text report indents as a nested list), bodies in
 * fenced code blocks (GitHub and pandoc). */
int md_render_markdown(struct md_buf *out, const struct md_report *r,
		       const struct md_render_options *o);
/* One self-contained HTML page: inline CSS and SVG bar charts, no
 * script, links to lore; every mail string HTML-escaped. */
int md_render_html(struct md_buf *out, const struct md_report *r,
		   const struct md_render_options *o);
/* JSON with "schema_version" (docs/json-schema.json), through jansson. */
int md_render_json(struct md_buf *out, const struct md_report *r,
		   const struct md_render_options *o);
/* The text report as an RFC 5322 message: UTF-8, quoted-printable. */
int md_render_email(struct md_buf *out, const struct md_report *r,
		    const struct md_render_options *o);

/* The lore list name of the report: the first label of its most common
 * List-Id, lower-cased ("kvm" for kvm.vger.kernel.org), else the
 * archive's name.  Belongs to the report's list_name storage rules:
 * written into buf (at least 64 bytes). */
void md_render_lore_list(char *buf, size_t size, const struct md_report *r);

/*
 * What the renderers share to show the review state, the previous
 * version and the subsystems of a series (lib/render.c).  Private to
 * the renderers.
 */

/* The day of t, "2026-11-02" in UTC, into buf (at least 11 bytes); "?"
 * when t is outside the years 0000-9999. */
#define MD__RENDER_DAY_SIZE 11
void md__render_day(char *buf, int64_t t);

/* The trailers of a series grouped per kind and person (the address,
 * case-insensitively), in the order each pair was first seen. */
struct md__render_tgroup {
	int kind;                  /* enum md_trailer_kind */
	const char *name;          /* first seen; borrowed from the series */
	const char *addr;
	int all;                   /* one was given on the cover letter */
	/* The trailers of the group, by patch number (the cover letter's,
	 * 0, first), one per number; borrowed from the series. */
	const struct md_series_trailer *const *items;
	size_t n_items;
};

struct md__render_review {
	struct md__render_tgroup *groups;
	size_t n_groups;
	const struct md_series_trailer **store; /* private */
};

/* Group s's trailers into out (which need not be initialised; empty
 * when s has none).  0 or MD_ENOMEM; either way release out after. */
int md__render_review_init(struct md__render_review *out,
			   const struct md_series *s);
void md__render_review_release(struct md__render_review *rv);

/* Whether the patch list says anything about s's review: a trailer or a
 * verdict. */
int md__render_has_review(const struct md_series *s);
/* Whether the patch numbers of a trailer group are worth showing: not
 * for a series of one patch. */
int md__render_show_patches(const struct md_series *s);
/* "3 of 8 patches reviewed", "all 8 patches reviewed", "the patch is
 * reviewed", "the patch is not reviewed" (no mail text in it). */
int md__render_add_reviewed(struct md_buf *out, const struct md_series *s);
/* The whole review line after "Review: ", terminal-safe as the text
 * report writes it: the count, the trailers ("Reviewed-by: Name <addr>
 * (1, 2)", "(all)" for the cover letter's), and "applied by Name
 * <addr>" or "queued by ..." when there is a verdict. */
int md__render_add_review_text(struct md_buf *out, const struct md_series *s);
/* "Name <addr>", the address alone without a name, "(unknown)" without
 * either; terminal-safe. */
int md__render_add_person(struct md_buf *out, const char *name,
			  const char *addr);

#endif
