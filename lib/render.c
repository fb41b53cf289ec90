/*
 * render.c - what the renderers share.
 */
#include <ctype.h>
#include <string.h>

#include "lib/render.h"
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
