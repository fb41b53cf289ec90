/*
 * render_markdown.c - the report as Markdown that GitHub (GFM, as
 * cmark-gfm reads it) and pandoc both render: a level-1 title, a
 * level-2 heading per section of the text report (SPEC section 3), the
 * top tables as pipe tables, the patch list as a bulleted list with
 * each series head linked to lore.kernel.org (and, as the text report
 * has them, a nested list of the previous version, the review state and
 * the subsystems; with --group-by subsystem a level-3 heading per
 * group), and each shown message under a level-3 heading with its body
 * in a fenced code block.
 *
 * Escaping, by construction (CommonMark 0.30 section 2.4: any ASCII
 * punctuation may be backslash-escaped and then stands for itself):
 *
 *  - Every string from mail (and every MAINTAINERS title) outside a
 *    code block goes through add_inline() or flush_inline(): first
 *    md_utf8_add_tty_safe() without newlines (as
 *    the text report: control and bidirectional characters shown as ^[
 *    or <U+202E>, invalid UTF-8 repaired, so the string stays on one
 *    line), then a backslash before each character of md_special[].
 *    That set is CommonMark's inline and block syntax, '|' for table
 *    cells, '~' for GFM strikethrough, and what pandoc's default
 *    extensions add: '$' (TeX math), '^' (superscript), '@' (citations),
 *    '"' and '\'' (smart quotes).  Raw HTML, entities, links, emphasis
 *    and autolinks in <> therefore all come out as text.
 *  - Bodies go into a fenced code block, where CommonMark takes every
 *    character literally.  They keep their newlines and tabs; other
 *    control characters are shown as in the text report.  The fence is
 *    a run of backticks longer than the longest run in the body (at
 *    least three), so no line of the body can close it.
 *  - Link destinations are https://lore.kernel.org/<list>/<id>/ with the
 *    list name and message-id percent-encoded as RFC 3986 path segments
 *    (every byte but the unreserved characters, the sub-delims, ':' and
 *    '@'), where the sub-delims '(', ')' and '&' are encoded as well:
 *    an unbalanced parenthesis would end the destination and "&amp;"
 *    would be read as an entity.  lore decodes them all alike.
 *
 * NEEDSWORK: GitHub's own additions that are not GFM, such as emoji
 * short codes (":tada:") in text, are not escaped; escaping ':' would
 * make every "KVM: x86:" title unreadable in the source.
 */
#include <string.h>

#include "lib/render.h"
#include "util/utf8.h"
#include "util/banned.h"

/* Characters that get a backslash in text from mail. */
static const char md_special[] = "\\`*_{}[]()#+-.!|<>&~^$\"'@";

static int
add_id(struct md_buf *out, const struct md_oid *oid)
{
	char hex[MD_OID_HEXSZ + 1];

	md_oid_fmt(hex, 9, oid);
	return md_buf_addstr(out, hex);
}

/* Append s[0..len) with md_special[] characters backslash-escaped. */
static int
add_escaped(struct md_buf *out, const char *s, size_t len)
{
	size_t run = 0;
	int rc = MD_OK;

	for (size_t i = 0; i < len && !rc; i++) {
		if (!s[i] || !strchr(md_special, s[i]))
			continue;
		rc = md_buf_add(out, s + run, i - run);
		if (!rc)
			rc = md_buf_addch(out, '\\');
		run = i;
	}
	if (!rc)
		rc = md_buf_add(out, s + run, len - run);
	return rc;
}

/* Append tmp's contents escaped for inline Markdown. */
static int
flush_inline(struct md_buf *out, const struct md_buf *tmp)
{
	return add_escaped(out, tmp->buf, md_buf_len(tmp));
}

/* Append a mail string as inline Markdown text on one line. */
static int
add_inline(struct md_buf *out, struct md_buf *tmp, const char *s)
{
	int rc;

	md_buf_reset(tmp);
	rc = md_utf8_add_tty_safe(tmp, s, strlen(s), 0);
	if (!rc)
		rc = flush_inline(out, tmp);
	return rc;
}

/* "Name <addr>", "addr" or "(unknown)", tty-safe, appended to tmp as in
 * the text report (not yet Markdown-escaped). */
static int
person_to(struct md_buf *tmp, const char *name, const char *addr)
{
	int rc;

	if (!name[0] && !addr[0])
		return md_buf_addstr(tmp, "(unknown)");
	if (!name[0])
		return md_utf8_add_tty_safe(tmp, addr, strlen(addr), 0);
	rc = md_utf8_add_tty_safe(tmp, name, strlen(name), 0);
	if (!rc)
		rc = md_buf_addstr(tmp, " <");
	if (!rc)
		rc = md_utf8_add_tty_safe(tmp, addr, strlen(addr), 0);
	if (!rc)
		rc = md_buf_addch(tmp, '>');
	return rc;
}

static int
add_person(struct md_buf *out, struct md_buf *tmp, const char *name,
	   const char *addr)
{
	int rc;

	md_buf_reset(tmp);
	rc = person_to(tmp, name, addr);
	if (!rc)
		rc = flush_inline(out, tmp);
	return rc;
}

/* Percent-encode s as an RFC 3986 path segment (pchar), except that
 * '(', ')' and '&' are encoded too: a Markdown link destination would
 * read them (cmark decodes entities in a destination even after a
 * backslash, so "\&amp;" does not protect "&amp;"). */
static int
add_url_segment(struct md_buf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	static const char keep[] = "._~!$'*+,;=:@-";
	int rc = MD_OK;

	for (; *s && !rc; s++) {
		unsigned char c = (unsigned char)*s;
		char pct[3];

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || strchr(keep, c)) {
			rc = md_buf_addch(out, c);
		} else {
			pct[0] = '%';
			pct[1] = hex[c >> 4];
			pct[2] = hex[c & 0xf];
			rc = md_buf_add(out, pct, 3);
		}
	}
	return rc;
}

static int
add_title(struct md_buf *out, struct md_buf *tmp, const struct md_report *r)
{
	int rc = md_buf_addstr(out, "# ");

	if (!rc)
		rc = add_inline(out, tmp, r->list_name ? r->list_name : "");
	if (!rc)
		rc = md_buf_addstr(out, " mailing list update from ");
	if (!rc)
		rc = add_id(out, &r->from);
	if (!rc)
		rc = md_buf_addstr(out, " to ");
	if (!rc)
		rc = add_id(out, &r->to);
	if (!rc)
		rc = md_buf_addch(out, '\n');
	return rc;
}

static int
add_tables(struct md_buf *out, struct md_buf *tmp, const struct md_report *r,
	   unsigned top)
{
	int rc = md_buf_addf(out,
			     "\n## Top %u contributor Email domains (Based "
			     "on Email Body)\n\n",
			     top);

	if (!rc)
		rc = md_buf_addstr(out, r->n_domains ? "| Count | Domain |\n"
						       "| ----: | :----- |\n"
						     : "_None._\n");
	for (size_t i = 0; i < r->n_domains && i < top && !rc; i++) {
		rc = md_buf_addf(out, "| %u | ", r->domains[i].count);
		if (!rc)
			rc = add_inline(out, tmp, r->domains[i].key);
		if (!rc)
			rc = md_buf_addstr(out, " |\n");
	}
	if (!rc && r->has_orgs) {
		rc = md_buf_addf(out,
				 "\n## Top %u contributor organisations "
				 "(Based on Email Body)\n\n",
				 top);
		if (!rc)
			rc = md_buf_addstr(out,
					   r->n_orgs ? "| Count | Organisation |\n"
						       "| ----: | :----------- |\n"
						     : "_None._\n");
		for (size_t i = 0; i < r->n_orgs && i < top && !rc; i++) {
			rc = md_buf_addf(out, "| %u | ", r->orgs[i].count);
			if (!rc)
				rc = add_inline(out, tmp, r->orgs[i].key);
			if (!rc)
				rc = md_buf_addstr(out, " |\n");
		}
	}
	if (!rc)
		rc = md_buf_addf(out,
				 "\n## Top %u contributors (Based on Email "
				 "Body)\n\n",
				 top);
	if (!rc)
		rc = md_buf_addstr(out, r->n_people
						? "| Count | Contributor |\n"
						  "| ----: | :---------- |\n"
						: "_None._\n");
	for (size_t i = 0; i < r->n_people && i < top && !rc; i++) {
		rc = md_buf_addf(out, "| %u | ", r->people[i].count);
		if (!rc)
			rc = add_person(out, tmp, r->people[i].name,
					r->people[i].key);
		if (!rc)
			rc = md_buf_addstr(out, " |\n");
	}
	if (!rc)
		rc = md_buf_addf(out,
				 "\n## Top %u reviewers (replies to patches, "
				 "trailers given)\n\n",
				 top);
	if (!rc)
		rc = md_buf_addstr(
			out, r->n_reviewers
				     ? "| Replies | Trailers | Reviewer |\n"
				       "| ------: | -------: | :------- |\n"
				     : "_None._\n");
	for (size_t i = 0; i < r->n_reviewers && i < top && !rc; i++) {
		const struct md_reviewer_row *row = &r->reviewers[i];

		rc = md_buf_addf(out, "| %u | %u | ", row->replies,
				 row->trailers);
		if (!rc)
			rc = add_person(out, tmp, row->name, row->key);
		if (!rc)
			rc = md_buf_addstr(out, " |\n");
	}
	return rc;
}

/* "[RFC net-next v2 3/5]" as the text report writes it, escaped. */
static int
add_series_tag(struct md_buf *out, struct md_buf *tmp,
	       const struct md_series *s)
{
	const struct md_subject *t = &s->head->subj;
	int rc;

	md_buf_reset(tmp);
	rc = md_buf_addch(tmp, '[');
	if (!rc && (t->flags & MD_SUBJ_RFC))
		rc = md_buf_addstr(tmp, "RFC ");
	if (!rc && (t->flags & MD_SUBJ_RESEND))
		rc = md_buf_addstr(tmp, "RESEND ");
	if (!rc && t->extra[0]) {
		rc = md_utf8_add_tty_safe(tmp, t->extra, strlen(t->extra), 0);
		if (!rc)
			rc = md_buf_addch(tmp, ' ');
	}
	if (!rc)
		rc = md_buf_addf(tmp, "v%u %u/%u]", s->version, s->received,
				 s->total);
	if (!rc)
		rc = flush_inline(out, tmp);
	return rc;
}

/* The link destination of a message on lore, after the "](". */
static int
add_lore_url(struct md_buf *out, const char *lore, const char *msgid)
{
	int rc = md_buf_addstr(out, "https://lore.kernel.org/");

	if (!rc)
		rc = add_url_segment(out, lore);
	if (!rc)
		rc = md_buf_addch(out, '/');
	if (!rc)
		rc = add_url_segment(out, msgid);
	if (!rc)
		rc = md_buf_addch(out, '/');
	return rc;
}

/* The series head's title, linked to lore when it has a message-id. */
static int
add_series_title(struct md_buf *out, struct md_buf *tmp,
		 const struct md_rmsg *h, const char *lore)
{
	int rc;

	if (!lore[0] || !h->mail.message_id[0])
		return add_inline(out, tmp, h->subj.title);
	rc = md_buf_addch(out, '[');
	if (!rc)
		rc = add_inline(out, tmp, h->subj.title);
	if (!rc)
		rc = md_buf_addstr(out, "](");
	if (!rc)
		rc = add_lore_url(out, lore, h->mail.message_id);
	if (!rc)
		rc = md_buf_addch(out, ')');
	return rc;
}

/* "v2, 2021-02-24, <message-id>" with the message-id linked to lore. */
static int
add_previous(struct md_buf *out, struct md_buf *tmp, const struct md_series *s,
	     const char *lore)
{
	const char *mid = s->prev_message_id ? s->prev_message_id : "";
	char day[MD__RENDER_DAY_SIZE];
	int rc;

	md__render_day(day, s->prev_time);
	rc = md_buf_addf(out, "v%u, %s", s->prev_version, day);
	if (rc || !mid[0])
		return rc;
	rc = md_buf_addstr(out, lore[0] ? ", [" : ", ");
	md_buf_reset(tmp);
	if (!rc)
		rc = md_buf_addch(tmp, '<');
	if (!rc)
		rc = md_utf8_add_tty_safe(tmp, mid, strlen(mid), 0);
	if (!rc)
		rc = md_buf_addch(tmp, '>');
	if (!rc)
		rc = flush_inline(out, tmp);
	if (!rc && lore[0]) {
		rc = md_buf_addstr(out, "](");
		if (!rc)
			rc = add_lore_url(out, lore, mid);
		if (!rc)
			rc = md_buf_addch(out, ')');
	}
	return rc;
}

/* One list item of the patch list, with a nested list of what the text
 * report's indented lines say. */
static int
add_entry(struct md_buf *out, struct md_buf *tmp, const struct md_report *r,
	  const struct md_series *s, const char *lore, int grouped)
{
	const struct md_rmsg *h = s->head;
	int rc = md_buf_addstr(out, "- ");

	if (!rc)
		rc = add_series_tag(out, tmp, s);
	if (!rc)
		rc = md_buf_addch(out, ' ');
	if (!rc)
		rc = add_series_title(out, tmp, h, lore);
	if (!rc)
		rc = md_buf_addstr(out, " (");
	if (!rc)
		rc = add_person(out, tmp, h->mail.author.name,
				h->mail.author.addr);
	if (!rc)
		rc = md_buf_addf(out, ", %u %s)\n", s->n_replies,
				 s->n_replies == 1 ? "reply" : "replies");
	if (!rc && s->has_prev) {
		rc = md_buf_addstr(out, "  - Previous: ");
		if (!rc)
			rc = add_previous(out, tmp, s, lore);
		if (!rc)
			rc = md_buf_addch(out, '\n');
	}
	if (!rc && md__render_has_review(s)) {
		rc = md_buf_addstr(out, "  - Review: ");
		md_buf_reset(tmp);
		if (!rc)
			rc = md__render_add_review_text(tmp, s);
		if (!rc)
			rc = flush_inline(out, tmp);
		if (!rc)
			rc = md_buf_addch(out, '\n');
	}
	if (!rc && r->has_subsystems && s->n_subsystems && !grouped) {
		rc = md_buf_addstr(out, "  - Subsystems: ");
		for (size_t k = 0; k < s->n_subsystems && !rc; k++) {
			if (k)
				rc = md_buf_addstr(out, ", ");
			if (!rc)
				rc = add_inline(out, tmp, s->subsystems[k]);
		}
		if (!rc)
			rc = md_buf_addch(out, '\n');
	}
	return rc;
}

static int
add_patch_list(struct md_buf *out, struct md_buf *tmp,
	       const struct md_report *r, const char *lore)
{
	int rc = md_buf_addstr(out, "\n## Patch list in this time period\n");

	if (!rc && !r->n_series)
		rc = md_buf_addstr(out, "\n_None._\n");
	if (r->groups && r->n_groups) {
		for (size_t i = 0; i < r->n_groups && !rc; i++) {
			const struct md_series_group *g = &r->groups[i];

			rc = md_buf_addstr(out, "\n### ");
			if (!rc)
				rc = add_inline(out, tmp,
						g->title[0] ? g->title
							    : "No subsystem");
			if (!rc)
				rc = md_buf_addf(out, " (%zu series)\n\n",
						 g->n_series);
			for (size_t k = 0; k < g->n_series && !rc; k++)
				rc = add_entry(out, tmp, r, g->series[k], lore,
					       1);
		}
		return rc;
	}
	if (!rc && r->n_series)
		rc = md_buf_addch(out, '\n');
	for (size_t i = 0; i < r->n_series && !rc; i++)
		rc = add_entry(out, tmp, r, r->series[i], lore, 0);
	return rc;
}

/* The longest run of backticks in s[0..len). */
static size_t
longest_backtick_run(const char *s, size_t len)
{
	size_t best = 0, run = 0;

	for (size_t i = 0; i < len; i++) {
		run = s[i] == '`' ? run + 1 : 0;
		if (run > best)
			best = run;
	}
	return best;
}

static int
add_fence(struct md_buf *out, size_t n)
{
	int rc = MD_OK;

	for (size_t i = 0; i < n && !rc; i++)
		rc = md_buf_addch(out, '`');
	if (!rc)
		rc = md_buf_addch(out, '\n');
	return rc;
}

/* The body verbatim but terminal-safe, in a fence it cannot close. */
static int
add_code_block(struct md_buf *out, struct md_buf *tmp, const char *body)
{
	size_t fence, len;
	int rc;

	md_buf_reset(tmp);
	rc = md_utf8_add_tty_safe(tmp, body, strlen(body), 1);
	if (rc)
		return rc;
	len = md_buf_len(tmp);
	fence = longest_backtick_run(tmp->buf, len) + 1;
	if (fence < 3)
		fence = 3;
	rc = add_fence(out, fence);
	if (!rc)
		rc = md_buf_add(out, tmp->buf, len);
	if (!rc && len && tmp->buf[len - 1] != '\n')
		rc = md_buf_addch(out, '\n');
	if (!rc)
		rc = add_fence(out, fence);
	return rc;
}

static int
add_messages(struct md_buf *out, struct md_buf *tmp, const struct md_report *r,
	     const char *lore)
{
	int rc = md_buf_addstr(out, "\n## Patch Commit Messages\n");

	if (!rc && !r->n_shown)
		rc = md_buf_addstr(out, "\n_None._\n");
	for (size_t i = 0; i < r->n_shown && !rc; i++) {
		const struct md_rmsg *m = r->shown[i];

		rc = md_buf_addstr(out, "\n### ");
		if (!rc)
			rc = add_inline(out, tmp, m->subj.title);
		/* A backslash before the newline is a hard line break. */
		if (!rc)
			rc = md_buf_addstr(out, "\n\n**Subject:** ");
		if (!rc)
			rc = add_inline(out, tmp, m->mail.subject);
		if (!rc)
			rc = md_buf_addstr(out, "\\\n**Author:** ");
		if (!rc)
			rc = add_person(out, tmp, m->mail.author.name,
					m->mail.author.addr);
		if (!rc && m->series && m->series->has_prev) {
			rc = md_buf_addstr(out, "\\\n**Previous version:** ");
			if (!rc)
				rc = add_previous(out, tmp, m->series, lore);
		}
		if (!rc)
			rc = md_buf_addch(out, '\n');
		if (!rc && m->excerpt && m->excerpt[0]) {
			rc = md_buf_addch(out, '\n');
			if (!rc)
				rc = add_code_block(out, tmp, m->excerpt);
		}
	}
	return rc;
}

int
md_render_markdown(struct md_buf *out, const struct md_report *r,
		   const struct md_render_options *o)
{
	struct md_buf tmp = MD_BUF_INIT;
	unsigned top = o ? o->top : 15;
	char derived[64];
	const char *lore = o ? o->lore_list : NULL;
	int rc;

	if (!lore) {
		md_render_lore_list(derived, sizeof(derived), r);
		lore = derived;
	}
	rc = add_title(out, &tmp, r);
	if (!rc)
		rc = add_tables(out, &tmp, r, top);
	if (!rc)
		rc = add_patch_list(out, &tmp, r, lore);
	if (!rc)
		rc = add_messages(out, &tmp, r, lore);
	if (!rc && r->n_malformed)
		rc = md_buf_addf(out,
				 "\n%zu malformed message%s in this range "
				 "(counted with what could be read)\n",
				 r->n_malformed,
				 r->n_malformed == 1 ? "" : "s");
	md_buf_release(&tmp);
	return rc;
}
