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
/* Markdown: headings, the two tables as Markdown tables, the patch list
 * as a list, bodies in fenced code blocks (GitHub and pandoc). */
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

#endif
