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

#include "lib/report.h"
#include "util/buf.h"

struct md_render_options {
	unsigned top;        /* rows of the top tables (15 by default) */
};

#define MD_RENDER_OPTIONS_INIT { 15 }

/* The plain-text report in the seeds' layout (SPEC section 3). */
int md_render_text(struct md_buf *out, const struct md_report *r,
		   const struct md_render_options *o);

#endif
