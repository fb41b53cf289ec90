/*
 * revision.c - the keys that tie a series to its earlier versions (see
 * revision.h).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/revision.h"
#include "util/banned.h"

/* b4 writes Message-IDs as <YYYYMMDD-slug-vN-M-hash@domain> (the slug of
 * its change-id, the version, the patch number, a hash); "-vN" is left
 * out by some versions of b4 for v1. */
int
md_revision_slug(char *out, size_t size, const char *message_id)
{
	const char *at = strchr(message_id, '@'), *p, *end;
	size_t n;

	if (size)
		out[0] = '\0';
	if (!at || at - message_id < 12)
		return 0;
	for (size_t i = 0; i < 8; i++)
		if (!isdigit((unsigned char)message_id[i]))
			return 0;
	if (message_id[8] != '-')
		return 0;
	/* Back from '@': the hash, the patch number, maybe the version. */
	p = at;
	while (p > message_id && isxdigit((unsigned char)p[-1]))
		p--;
	if (p == at || p[-1] != '-')
		return 0;
	p--;
	end = p;
	while (p > message_id && isdigit((unsigned char)p[-1]))
		p--;
	if (p == end || p[-1] != '-')
		return 0;
	p--;
	end = p;
	while (p > message_id && isdigit((unsigned char)p[-1]))
		p--;
	if (p < end && p[-1] == 'v' && p - 2 > message_id && p[-2] == '-')
		end = p - 2;
	/* What is left must be "YYYYMMDD-" and a non-empty slug of
	 * lower-case letters, digits and dashes. */
	if (end <= message_id + 9)
		return 0;
	for (p = message_id + 9; p < end; p++)
		if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) &&
		    *p != '-')
			return 0;
	n = (size_t)(end - message_id);
	if (n + 1 > size)
		return 0;
	memcpy(out, message_id, n);
	out[n] = '\0';
	return 1;
}

int
md_revision_title(struct md_buf *out, const char *title)
{
	size_t start = md_buf_len(out);
	int space = 0;

	for (const char *p = title; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (isspace(c)) {
			space = md_buf_len(out) > start;
			continue;
		}
		if (space && md_buf_addch(out, ' '))
			return MD_ENOMEM;
		space = 0;
		if (md_buf_addch(out, (char)tolower(c)))
			return MD_ENOMEM;
	}
	while (md_buf_len(out) > start && out->buf[md_buf_len(out) - 1] == '.')
		md_buf_setlen(out, md_buf_len(out) - 1);
	return MD_OK;
}

int
md_revision_change_id(char **out, const char *body, size_t len)
{
	const char *p = body, *end = body + len, *found = NULL;
	size_t found_len = 0;

	*out = NULL;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;

		if (eol - p > 10 && !strncasecmp(p, "change-id:", 10)) {
			const char *v = p + 10, *ve = eol;

			while (v < ve && (*v == ' ' || *v == '\t'))
				v++;
			while (ve > v && isspace((unsigned char)ve[-1]))
				ve--;
			if (ve > v && ve - v < 200) {
				found = v;
				found_len = (size_t)(ve - v);
			}
		}
		p = nl ? nl + 1 : end;
	}
	if (!found)
		return MD_OK;
	for (size_t i = 0; i < found_len; i++)
		if ((unsigned char)found[i] < 0x21 || found[i] == 0x7f)
			return MD_OK;
	*out = strndup(found, found_len);
	return *out ? MD_OK : MD_ENOMEM;
}
