/*
 * render_html.c - the report as one self-contained HTML5 page.
 *
 * The page fetches nothing and runs nothing: a Content-Security-Policy
 * meta element allows only inline style and data: images, the CSS is
 * inline, the bar charts of the top tables are inline SVG, and there is
 * no script at all.  It is a single column with a maximum width, tables
 * scroll sideways inside a wrapper on narrow screens, and the colours
 * follow prefers-color-scheme.
 *
 * Escaping, by construction: every string that came from mail goes
 * through mail_text(), which first makes it terminal-safe exactly as the
 * text report does (md_utf8_add_tty_safe(): control and bidirectional
 * characters shown as ^[ or <U+202E>, invalid UTF-8 repaired) and then
 * escapes the five HTML-special characters & < > " ', so the same
 * function is right for element content and for quoted attribute
 * values.  Message-ids in links are percent-encoded byte by byte (all
 * but the RFC 3986 unreserved characters and the sub-delims, ':' and
 * '@' of a path segment) and then attribute-escaped.  Only literals of
 * this file are written without escaping.  MAINTAINERS titles are
 * treated as mail text.
 *
 * Beyond the text report's tables: a reviewers table (with a chart of
 * the replies), and under each patch list title the lines the text
 * report indents (previous version, review state with each patch number
 * linked to the reply that gave the trailer, subsystems); with
 * --group-by subsystem, one <tbody> per group under a header row.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/render.h"
#include "lib/review.h"
#include "lib/when.h"
#include "util/utf8.h"
#include "util/banned.h"

/* Bar charts: the geometry of one row (a label line above a bar with
 * its number after it), in CSS pixels, and the share of the width the
 * longest bar takes, in hundredths of a percent. */
#define CHART_ROW_H 34
#define CHART_LABEL_Y 14
#define CHART_BAR_Y 19
#define CHART_BAR_H 11
#define CHART_NUM_Y 29
#define CHART_PAD 4
#define CHART_MAX_WIDTH 8500u

/* The page's style sheet (no input in it). */
static const char style[] =
	":root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;"
	"--muted:#59636e;--line:#d1d9e0;--head:#f6f8fa;--bar:#0969da;"
	"--link:#0969da;--code:#f6f8fa;--warn:#9a6700;--chip:#ddf4ff;"
	"--chipfg:#0550ae}\n"
	"@media (prefers-color-scheme:dark){:root{--bg:#0d1117;"
	"--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--head:#151b23;"
	"--bar:#4493f8;--link:#4493f8;--code:#151b23;--warn:#d29922;"
	"--chip:#0c2d6b;--chipfg:#a5d6ff}}\n"
	"*{box-sizing:border-box}\n"
	"html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\n"
	"body{margin:0;background:var(--bg);color:var(--fg);"
	"font:16px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,"
	"\"Noto Sans\",\"Liberation Sans\",\"DejaVu Sans\",sans-serif}\n"
	"main{max-width:72rem;margin:0 auto;padding:1.5rem 1rem 3rem}\n"
	"a{color:var(--link);text-decoration:none}\n"
	"a:hover,a:focus{text-decoration:underline}\n"
	"h1{font-size:1.75rem;line-height:1.25;margin:0 0 .375rem;"
	"overflow-wrap:anywhere}\n"
	"h2{font-size:1.25rem;line-height:1.3;margin:2.5rem 0 .75rem;"
	"padding-bottom:.3rem;"
	"border-bottom:1px solid var(--line)}\n"
	"h3{font-size:1.0625rem;line-height:1.35;margin:0 0 .375rem;"
	"overflow-wrap:anywhere}\n"
	".kicker{margin:0;color:var(--muted);font-size:.8125rem;"
	"text-transform:uppercase;letter-spacing:.06em}\n"
	".meta{margin:0;color:var(--muted)}\n"
	"code,pre{font-family:ui-monospace,SFMono-Regular,\"SF Mono\","
	"Menlo,Consolas,\"Liberation Mono\",\"DejaVu Sans Mono\",monospace}\n"
	".meta code{font-size:.875em}\n"
	".nw{white-space:nowrap}\n"
	".stats{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;"
	"margin:1.25rem 0 0;padding:0}\n"
	".stats li{border:1px solid var(--line);border-radius:.5rem;"
	"padding:.375rem .875rem;color:var(--muted);font-size:.875rem}\n"
	".stats b{display:block;color:var(--fg);font-size:1.25rem;"
	"font-variant-numeric:tabular-nums}\n"
	"nav{margin:1rem 0 0;font-size:.875rem}\n"
	"nav a{margin-right:1rem;white-space:nowrap}\n"
	".pair{display:grid;grid-template-columns:minmax(0,1fr);"
	"gap:1rem 2rem;align-items:start}\n"
	"@media (min-width:60rem){.pair{grid-template-columns:"
	"minmax(0,1fr) minmax(0,1fr)}}\n"
	".chart{margin:0}\n"
	".chart svg{display:block;width:100%;overflow:hidden}\n"
	".chart text{fill:var(--fg);font-size:13px}\n"
	".chart .addr{fill:var(--muted)}\n"
	".chart .n{fill:var(--muted);font-size:12px;"
	"font-variant-numeric:tabular-nums}\n"
	".chart rect{fill:var(--bar)}\n"
	".scroll{overflow-x:auto;border:1px solid var(--line);"
	"border-radius:.5rem}\n"
	"table{border-collapse:collapse;width:100%;font-size:.875rem}\n"
	"th,td{padding:.4rem .75rem;text-align:left;vertical-align:top;"
	"border-top:1px solid var(--line)}\n"
	"thead th{background:var(--head);font-weight:600;"
	"white-space:nowrap}\n"
	".num{text-align:right;font-variant-numeric:tabular-nums;"
	"white-space:nowrap}\n"
	".addr{color:var(--muted)}\n"
	"td.who{min-width:12rem}\n"
	"td.who .addr{white-space:nowrap}\n"
	"td.title{min-width:16rem;overflow-wrap:anywhere}\n"
	"td.tags{white-space:nowrap}\n"
	"td.title p{margin:.25rem 0 0;font-size:.8125rem;color:var(--muted)}\n"
	"tr.group th{background:var(--head);font-weight:600;"
	"overflow-wrap:anywhere}\n"
	".tag{display:inline-block;padding:0 .45em;margin:0 .25em .125em 0;"
	"border-radius:1em;background:var(--chip);color:var(--chipfg);"
	"white-space:nowrap;"
	"font-size:.75rem;line-height:1.6}\n"
	".part{color:var(--warn);font-weight:600}\n"
	"article{margin:0 0 2rem}\n"
	"article .subject{margin:0 0 .25rem;font-size:.8125rem;"
	"color:var(--muted);overflow-wrap:anywhere}\n"
	"article .by{margin:0 0 .625rem;font-size:.875rem}\n"
	"article .prev{margin:-.375rem 0 .625rem;font-size:.875rem}\n"
	"pre{margin:0;padding:.75rem 1rem;background:var(--code);"
	"border:1px solid var(--line);border-radius:.5rem;overflow-x:auto;"
	"font-size:.8125rem;line-height:1.45;tab-size:8}\n"
	".empty{color:var(--muted);font-style:italic}\n"
	"@media (max-width:40rem){main{padding:1rem .75rem 2rem}"
	"h1{font-size:1.5rem}th,td{padding:.375rem .5rem}"
	"td.tags{white-space:normal;min-width:4.5rem}"
	"td.title{min-width:13rem}td.who{min-width:8rem}"
	"thead th,thead th.num{white-space:normal}"
	"pre{font-size:.75rem;padding:.5rem .625rem}}\n"
	"footer{margin-top:3rem;padding-top:.75rem;"
	"border-top:1px solid var(--line);color:var(--muted);"
	"font-size:.8125rem}\n"
	".malformed{color:var(--warn)}\n";

/* The writer: the output, a scratch buffer, and the first error.  Once
 * rc is set, every helper does nothing, so the sections can be written
 * straight through and the error checked once at the end. */
struct html {
	struct md_buf *out;
	struct md_buf tmp;
	int rc;
};

/* A literal of this file, written as it is. */
static void
lit(struct html *h, const char *s)
{
	if (!h->rc)
		h->rc = md_buf_addstr(h->out, s);
}

__attribute__((format(printf, 2, 3))) static void
litf(struct html *h, const char *fmt, ...)
{
	va_list ap;

	if (h->rc)
		return;
	va_start(ap, fmt);
	h->rc = md_buf_vaddf(h->out, fmt, ap);
	va_end(ap);
}

/* Append s[0..len) with & < > " ' as character references: right for
 * text and for attribute values in double or single quotes. */
static int
add_escaped(struct md_buf *out, const char *s, size_t len)
{
	size_t start = 0;
	int rc = MD_OK;

	for (size_t i = 0; i < len && !rc; i++) {
		const char *ref;

		switch (s[i]) {
		case '&':
			ref = "&amp;";
			break;
		case '<':
			ref = "&lt;";
			break;
		case '>':
			ref = "&gt;";
			break;
		case '"':
			ref = "&quot;";
			break;
		case '\'':
			ref = "&#39;";
			break;
		default:
			continue;
		}
		rc = md_buf_add(out, s + start, i - start);
		if (!rc)
			rc = md_buf_addstr(out, ref);
		start = i + 1;
	}
	if (!rc)
		rc = md_buf_add(out, s + start, len - start);
	return rc;
}

/* Text from mail, s[0..len): terminal-safe as in the text report, then
 * escaped.  Newlines are kept only when keep_newline (for <pre>). */
static void
mail_textn(struct html *h, const char *s, size_t len, int keep_newline)
{
	if (h->rc)
		return;
	md_buf_reset(&h->tmp);
	h->rc = md_utf8_add_tty_safe(&h->tmp, s, len, keep_newline);
	if (!h->rc)
		h->rc = add_escaped(h->out, h->tmp.buf, md_buf_len(&h->tmp));
}

static void
mail_text(struct html *h, const char *s)
{
	mail_textn(h, s, strlen(s), 0);
}

/* Whether a byte may stand for itself in a URL path segment: RFC 3986
 * unreserved, sub-delims, ':' and '@'. */
static int
segment_safe(unsigned char c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	return c && strchr("._~-!$&'()*+,;=:@", c) != NULL;
}

/* A path segment of a URL inside an attribute value: percent-encoded,
 * then escaped (the '&' and '\'' it keeps become references). */
static void
url_segment(struct html *h, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	if (h->rc)
		return;
	md_buf_reset(&h->tmp);
	for (const unsigned char *p = (const unsigned char *)s; *p && !h->rc;
	     p++) {
		if (segment_safe(*p)) {
			h->rc = md_buf_addch(&h->tmp, *p);
		} else {
			char enc[3] = {'%', hex[*p >> 4], hex[*p & 15]};

			h->rc = md_buf_add(&h->tmp, enc, 3);
		}
	}
	if (!h->rc)
		h->rc = add_escaped(h->out, h->tmp.buf, md_buf_len(&h->tmp));
}

/* Whether a Message-ID can be a path segment: not empty, and not "."
 * or "..", which URL parsers resolve as dot segments even encoded. */
static int
linkable(const char *msgid)
{
	return msgid[0] && strcmp(msgid, ".") && strcmp(msgid, "..");
}

/* The lore address of a message, as an attribute value. */
static void
lore_href(struct html *h, const char *lore, const char *msgid)
{
	lit(h, "https://lore.kernel.org/");
	url_segment(h, lore);
	lit(h, "/");
	url_segment(h, msgid);
	lit(h, "/");
}

/* "Name <addr>" with the address muted, or the address alone, or
 * "(unknown)" as in the text report. */
static void
person(struct html *h, const char *name, const char *addr)
{
	if (!name[0]) {
		mail_text(h, addr[0] ? addr : "(unknown)");
		return;
	}
	mail_text(h, name);
	if (addr[0]) {
		lit(h, " <span class=\"addr\">&lt;");
		mail_text(h, addr);
		lit(h, "&gt;</span>");
	}
}

static void
oid(struct html *h, const struct md_oid *id)
{
	char hex[MD_OID_HEXSZ + 1];

	md_oid_fmt(hex, 9, id);
	lit(h, hex);
}

static void
add_head(struct html *h, const struct md_report *r)
{
	lit(h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	       "<meta charset=\"utf-8\">\n"
	       "<meta http-equiv=\"Content-Security-Policy\" "
	       "content=\"default-src 'none'; style-src 'unsafe-inline'; "
	       "img-src data:; base-uri 'none'; form-action 'none'\">\n"
	       "<meta name=\"viewport\" "
	       "content=\"width=device-width, initial-scale=1\">\n"
	       "<meta name=\"referrer\" content=\"no-referrer\">\n"
	       "<meta name=\"color-scheme\" content=\"light dark\">\n"
	       "<meta name=\"generator\" content=\"mldigest\">\n"
	       "<link rel=\"icon\" href=\"data:,\">\n"
	       "<title>");
	mail_text(h, r->list_name);
	lit(h, " mailing list update from ");
	oid(h, &r->from);
	lit(h, " to ");
	oid(h, &r->to);
	lit(h, "</title>\n<style>\n");
	lit(h, style);
	lit(h, "</style>\n</head>\n");
}

static void
add_stat(struct html *h, size_t n, const char *one, const char *many)
{
	litf(h, "<li><b>%zu</b> %s</li>", n, n == 1 ? one : many);
}

static void
add_header(struct html *h, const struct md_report *r)
{
	char t[32];

	lit(h, "<header>\n<p class=\"kicker\">");
	if (r->list_id && r->list_id[0])
		mail_text(h, r->list_id);
	else if (r->archive_name)
		mail_text(h, r->archive_name);
	lit(h, "</p>\n<h1>");
	mail_text(h, r->list_name);
	lit(h, " mailing list update</h1>\n<p class=\"meta\">From <code>");
	oid(h, &r->from);
	lit(h, "</code> to <code>");
	oid(h, &r->to);
	lit(h, "</code>");
	if (r->from_time || r->to_time) {
		lit(h, "<br>Received <span class=\"nw\">");
		md_when_format(t, r->from_time);
		lit(h, t);
		lit(h, "</span> to <span class=\"nw\">");
		md_when_format(t, r->to_time);
		lit(h, t);
		lit(h, "</span>");
	}
	lit(h, "</p>\n<ul class=\"stats\">");
	add_stat(h, r->n_msgs, "message", "messages");
	add_stat(h, r->n_patch_mail, "patch mail", "patch mails");
	add_stat(h, r->n_series, "series", "series");
	add_stat(h, r->n_people, "contributor", "contributors");
	add_stat(h, r->n_domains, "domain", "domains");
	add_stat(h, r->n_reviewers, "reviewer", "reviewers");
	lit(h, "</ul>\n<nav><a href=\"#domains\">Domains</a>\n");
	if (r->has_orgs)
		lit(h, "<a href=\"#organisations\">Organisations</a>\n");
	lit(h, ""
	       "<a href=\"#contributors\">Contributors</a>\n"
	       "<a href=\"#reviewers\">Reviewers</a>\n"
	       "<a href=\"#patches\">Patch list</a>\n"
	       "<a href=\"#messages\">Patch commit messages</a></nav>\n"
	       "</header>\n");
}

/* The label of a top-table row: the domain, or the name with the
 * address after it (in a muted <tspan> inside the chart's <text>), or
 * the address alone. */
static void
row_label(struct html *h, const struct md_count_row *row, int people, int tspan)
{
	if (!people || !row->name[0]) {
		mail_text(h, row->key[0] ? row->key : "(unknown)");
		return;
	}
	mail_text(h, row->name);
	if (row->key[0]) {
		lit(h, tspan ? " <tspan class=\"addr\">&lt;" : " &lt;");
		mail_text(h, row->key);
		lit(h, tspan ? "&gt;</tspan>" : "&gt;");
	}
}

/* A horizontal bar chart of rows[0..n) in inline SVG: one <rect> per
 * row, its width proportional to the count (the largest takes
 * CHART_MAX_WIDTH), with the label above and the count after it. */
static void
add_chart(struct html *h, const char *id, const char *what, unsigned top,
	  const struct md_count_row *rows, size_t n, int people,
	  const char *unit)
{
	unsigned max = 1;

	for (size_t i = 0; i < n; i++)
		if (rows[i].count > max)
			max = rows[i].count;
	litf(h,
	     "<figure class=\"chart\">"
	     "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100%%\" "
	     "height=\"%zu\" role=\"img\" "
	     "aria-labelledby=\"%s-title %s-desc\">\n",
	     n * CHART_ROW_H + CHART_PAD, id, id);
	litf(h,
	     "<title id=\"%s-title\">Top %u %s</title>\n"
	     "<desc id=\"%s-desc\">Horizontal bar chart of %s, "
	     "one bar per row, %s: ",
	     id, top, what, id, unit ? unit : "patch mails",
	     unit ? "in the table's order" : "largest first");
	for (size_t i = 0; i < n; i++) {
		if (i)
			lit(h, "; ");
		row_label(h, &rows[i], people, 0);
		litf(h, ": %u", rows[i].count);
	}
	lit(h, ".</desc>\n");
	for (size_t i = 0; i < n; i++) {
		unsigned long long w = (unsigned long long)rows[i].count *
				       CHART_MAX_WIDTH / max;
		size_t y = i * CHART_ROW_H;

		lit(h, "<g><title>");
		row_label(h, &rows[i], people, 0);
		litf(h, ": %u</title>", rows[i].count);
		litf(h, "<text x=\"0\" y=\"%zu\">", y + CHART_LABEL_Y);
		row_label(h, &rows[i], people, 1);
		litf(h,
		     "</text><rect x=\"0\" y=\"%zu\" width=\"%llu.%02llu%%\" "
		     "height=\"%d\" rx=\"2\"/>",
		     y + CHART_BAR_Y, w / 100, w % 100, CHART_BAR_H);
		litf(h,
		     "<text class=\"n\" x=\"%llu.%02llu%%\" dx=\"6\" "
		     "y=\"%zu\">%u</text></g>\n",
		     w / 100, w % 100, y + CHART_NUM_Y, rows[i].count);
	}
	lit(h, "</svg></figure>\n");
}

static void
add_count_table(struct html *h, unsigned top, const char *what, const char *col,
		const struct md_count_row *rows, size_t n, int people)
{
	litf(h,
	     "<div class=\"scroll\"><table aria-label=\"Top %u %s\">\n"
	     "<thead><tr><th class=\"num\" scope=\"col\">#</th>"
	     "<th scope=\"col\">%s</th>"
	     "<th class=\"num\" scope=\"col\">Patch mails</th></tr></thead>\n"
	     "<tbody>\n",
	     top, what, col);
	for (size_t i = 0; i < n; i++) {
		litf(h, "<tr><td class=\"num\">%zu</td><td class=\"who\">",
		     i + 1);
		if (people)
			person(h, rows[i].name, rows[i].key);
		else
			mail_text(h, rows[i].key);
		litf(h, "</td><td class=\"num\">%u</td></tr>\n", rows[i].count);
	}
	lit(h, "</tbody>\n</table></div>\n");
}

/* One top table: heading, then the chart and the table side by side on
 * a wide screen, one above the other on a narrow one. */
static void
add_top(struct html *h, const char *id, const char *heading, unsigned top,
	const char *col, const struct md_count_row *rows, size_t n_rows,
	int people)
{
	size_t n = n_rows < top ? n_rows : top;

	litf(h,
	     "<section id=\"%s\">\n<h2>Top %u %s "
	     "<small class=\"addr\">(based on email body)</small></h2>\n",
	     id, top, heading);
	if (!n) {
		if (!n_rows)
			lit(h, "<p class=\"empty\">No patch mail in this "
			       "range.</p>\n");
		lit(h, "</section>\n");
		return;
	}
	lit(h, "<div class=\"pair\">\n");
	add_chart(h,
		  people ? "chart-people"
		  : strcmp(id, "domains") ? "chart-orgs" : "chart-domains",
		  heading, top, rows, n, people, NULL);
	add_count_table(h, top, heading, col, rows, n, people);
	lit(h, "</div>\n</section>\n");
}

/* The Top reviewers table: a chart of the replies each sent to patch
 * threads, and a table of the replies and the trailers given. */
static void
add_reviewers(struct html *h, const struct md_report *r, unsigned top)
{
	size_t n = r->n_reviewers < top ? r->n_reviewers : top;
	struct md_count_row *rows;

	litf(h,
	     "<section id=\"reviewers\">\n<h2>Top %u reviewers "
	     "<small class=\"addr\">(replies to patches, trailers "
	     "given)</small></h2>\n",
	     top);
	if (!n) {
		if (!r->n_reviewers)
			lit(h,
			    "<p class=\"empty\">No replies to patches in this "
			    "range.</p>\n");
		lit(h, "</section>\n");
		return;
	}
	if (h->rc)
		return;
	/* The chart draws count rows: the replies, names borrowed. */
	rows = calloc(n, sizeof(*rows));
	if (!rows) {
		h->rc = MD_ENOMEM;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		rows[i].name = r->reviewers[i].name;
		rows[i].key = r->reviewers[i].key;
		rows[i].count = r->reviewers[i].replies;
	}
	lit(h, "<div class=\"pair\">\n");
	add_chart(h, "chart-reviewers", "reviewers", top, rows, n, 1,
		  "replies to patches");
	free(rows);
	litf(h,
	     "<div class=\"scroll\"><table aria-label=\"Top %u reviewers\">\n"
	     "<thead><tr><th class=\"num\" scope=\"col\">#</th>"
	     "<th scope=\"col\">Reviewer</th>"
	     "<th class=\"num\" scope=\"col\">Replies</th>"
	     "<th class=\"num\" scope=\"col\">Trailers</th></tr></thead>\n"
	     "<tbody>\n",
	     top);
	for (size_t i = 0; i < n; i++) {
		const struct md_reviewer_row *row = &r->reviewers[i];

		litf(h, "<tr><td class=\"num\">%zu</td><td class=\"who\">",
		     i + 1);
		person(h, row->name, row->key);
		litf(h,
		     "</td><td class=\"num\">%u</td>"
		     "<td class=\"num\">%u</td></tr>\n",
		     row->replies, row->trailers);
	}
	lit(h, "</tbody>\n</table></div>\n</div>\n</section>\n");
}

/* The Message-ID of the reply that gave a trailer ("" if none). */
static const char *
reply_id(const struct md_series_trailer *t)
{
	return t->reply ? t->reply->mail.message_id : "";
}

/* Text linked to a message on lore when its Message-ID can be. */
static void
lore_link(struct html *h, const char *lore, const char *msgid, const char *text)
{
	if (!linkable(msgid)) {
		lit(h, text);
		return;
	}
	lit(h, "<a href=\"");
	lore_href(h, lore, msgid);
	lit(h, "\">");
	lit(h, text);
	lit(h, "</a>");
}

/* "v2, 2021-02-24, <message-id>", the message-id linked to lore. */
static void
previous(struct html *h, const struct md_series *s, const char *lore)
{
	const char *mid = s->prev_message_id ? s->prev_message_id : "";
	char day[MD__RENDER_DAY_SIZE];

	md__render_day(day, s->prev_time);
	litf(h, "v%u, %s", s->prev_version, day);
	if (!mid[0])
		return;
	lit(h, ", ");
	if (linkable(mid)) {
		lit(h, "<a href=\"");
		lore_href(h, lore, mid);
		lit(h, "\">");
	}
	lit(h, "&lt;");
	mail_text(h, mid);
	lit(h, "&gt;");
	if (linkable(mid))
		lit(h, "</a>");
}

/* The review line as the text report has it, each patch number (or
 * "all") linked to the reply that gave the trailer, and the verdict to
 * the reply that said it. */
static void
review(struct html *h, const struct md_series *s, const char *lore)
{
	struct md__render_review rv;

	if (h->rc)
		return;
	h->rc = md__render_review_init(&rv, s);
	if (!h->rc)
		h->rc = md__render_add_reviewed(h->out, s);
	for (size_t i = 0; i < rv.n_groups && !h->rc; i++) {
		const struct md__render_tgroup *g = &rv.groups[i];

		litf(h, "%s %s: ", i ? "," : ";",
		     md_trailer_kind_name(g->kind));
		person(h, g->name, g->addr);
		if (!md__render_show_patches(s))
			continue;
		lit(h, " (");
		if (g->all) {
			lore_link(h, lore, reply_id(g->items[0]), "all");
		} else {
			for (size_t k = 0; k < g->n_items; k++) {
				char num[16];

				snprintf(num, sizeof(num), "%u",
					 g->items[k]->patch);
				if (k)
					lit(h, ", ");
				lore_link(h, lore, reply_id(g->items[k]), num);
			}
		}
		lit(h, ")");
	}
	md__render_review_release(&rv);
	if (s->verdict == MD_VERDICT_NONE)
		return;
	lit(h, "; ");
	if (!s->verdict_reply) {
		lit(h, md_verdict_name(s->verdict));
		return;
	}
	lore_link(h, lore, s->verdict_reply->mail.message_id,
		  md_verdict_name(s->verdict));
	lit(h, " by ");
	person(h, s->verdict_reply->mail.author.name,
	       s->verdict_reply->mail.author.addr);
}

/* The tags of a series as chips: RFC, RESEND, the other words, vN. */
static void
series_tags(struct html *h, const struct md_series *s)
{
	const struct md_subject *t = &s->head->subj;
	const char *w = t->extra;

	if (t->flags & MD_SUBJ_RFC)
		lit(h, "<span class=\"tag\">RFC</span>");
	if (t->flags & MD_SUBJ_RESEND)
		lit(h, "<span class=\"tag\">RESEND</span>");
	while (*w && !h->rc) {
		size_t len = strcspn(w, " ");

		if (len) {
			lit(h, "<span class=\"tag\">");
			mail_textn(h, w, len, 0);
			lit(h, "</span>");
		}
		w += len;
		w += strspn(w, " ");
	}
	litf(h, "<span class=\"tag\">v%u</span>", s->version);
}

/* One row of the patch list. */
static void
add_entry(struct html *h, const struct md_report *r, const struct md_series *s,
	  const char *lore, int grouped)
{
	const struct md_rmsg *m = s->head;

	lit(h, "<tr><td class=\"tags\">");
	series_tags(h, s);
	litf(h, "</td><td class=\"num%s\">%u/%u</td><td class=\"title\">",
	     s->received < s->total ? " part" : "", s->received, s->total);
	if (linkable(m->mail.message_id)) {
		lit(h, "<a href=\"");
		lore_href(h, lore, m->mail.message_id);
		lit(h, "\">");
		mail_text(h, m->subj.title);
		lit(h, "</a>");
	} else {
		mail_text(h, m->subj.title);
	}
	if (s->has_prev) {
		lit(h, "<p class=\"prev\">Previous: ");
		previous(h, s, lore);
		lit(h, "</p>");
	}
	if (md__render_has_review(s)) {
		lit(h, "<p class=\"review\">Review: ");
		review(h, s, lore);
		lit(h, "</p>");
	}
	if (r->has_subsystems && s->n_subsystems && !grouped) {
		lit(h, "<p class=\"subsys\">Subsystems: ");
		for (size_t k = 0; k < s->n_subsystems; k++) {
			if (k)
				lit(h, ", ");
			mail_text(h, s->subsystems[k]);
		}
		lit(h, "</p>");
	}
	lit(h, "</td><td class=\"who\">");
	person(h, m->mail.author.name, m->mail.author.addr);
	litf(h, "</td><td class=\"num\">%u</td></tr>\n", s->n_replies);
}

static void
add_patch_list(struct html *h, const struct md_report *r, const char *lore)
{
	lit(h, "<section id=\"patches\">\n<h2>Patch list in this time "
	       "period</h2>\n");
	if (!r->n_series) {
		lit(h, "<p class=\"empty\">No patch series in this range.</p>\n"
		       "</section>\n");
		return;
	}
	lit(h, "<div class=\"scroll\"><table id=\"patch-list\">\n"
	       "<thead><tr><th scope=\"col\">Tags</th>"
	       "<th class=\"num\" scope=\"col\">Patches</th>"
	       "<th scope=\"col\">Title</th><th scope=\"col\">Author</th>"
	       "<th class=\"num\" scope=\"col\">Replies</th></tr></thead>\n");
	if (r->groups && r->n_groups) {
		for (size_t i = 0; i < r->n_groups; i++) {
			const struct md_series_group *g = &r->groups[i];

			lit(h, "<tbody>\n<tr class=\"group\"><th colspan=\"5\" "
			       "scope=\"rowgroup\">");
			mail_text(h, g->title[0] ? g->title : "No subsystem");
			litf(h,
			     " <span class=\"addr\">(%zu series)</span>"
			     "</th></tr>\n",
			     g->n_series);
			for (size_t k = 0; k < g->n_series; k++)
				add_entry(h, r, g->series[k], lore, 1);
			lit(h, "</tbody>\n");
		}
	} else {
		lit(h, "<tbody>\n");
		for (size_t i = 0; i < r->n_series; i++)
			add_entry(h, r, r->series[i], lore, 0);
		lit(h, "</tbody>\n");
	}
	lit(h, "</table></div>\n</section>\n");
}

static void
add_messages(struct html *h, const struct md_report *r, const char *lore)
{
	lit(h, "<section id=\"messages\">\n<h2>Patch commit messages</h2>\n");
	if (!r->n_shown)
		lit(h,
		    "<p class=\"empty\">No new patches in this range.</p>\n");
	for (size_t i = 0; i < r->n_shown; i++) {
		const struct md_rmsg *m = r->shown[i];

		litf(h, "<article id=\"msg-%zu\">\n<h3>", m->index + 1);
		mail_text(h, m->subj.title);
		lit(h, "</h3>\n<p class=\"subject\"><code>");
		mail_text(h, m->mail.subject);
		lit(h, "</code></p>\n<p class=\"by\">Author: ");
		person(h, m->mail.author.name, m->mail.author.addr);
		if (linkable(m->mail.message_id)) {
			lit(h, " &middot; <a href=\"");
			lore_href(h, lore, m->mail.message_id);
			lit(h, "\">on lore</a>");
		}
		lit(h, "</p>\n");
		if (m->series && m->series->has_prev) {
			lit(h, "<p class=\"prev\">Previous version: ");
			previous(h, m->series, lore);
			lit(h, "</p>\n");
		}
		if (m->excerpt && m->excerpt[0]) {
			lit(h, "<pre>");
			mail_textn(h, m->excerpt, strlen(m->excerpt), 1);
			lit(h, "</pre>\n");
		}
		lit(h, "</article>\n");
	}
	lit(h, "</section>\n");
}

int
md_render_html(struct md_buf *out, const struct md_report *r,
	       const struct md_render_options *o)
{
	struct html h = {out, MD_BUF_INIT, MD_OK};
	unsigned top = o ? o->top : 15;
	const char *lore = o ? o->lore_list : NULL;
	char derived[64];

	if (!lore || !linkable(lore)) {
		md_render_lore_list(derived, sizeof(derived), r);
		/* lore.kernel.org/all/ finds a message on any list. */
		lore = derived[0] ? derived : "all";
	}

	add_head(&h, r);
	lit(&h, "<body>\n<main>\n");
	add_header(&h, r);
	add_top(&h, "domains", "contributor email domains", top, "Domain",
		r->domains, r->n_domains, 0);
	if (r->has_orgs)
		add_top(&h, "organisations", "contributor organisations", top,
			"Organisation", r->orgs, r->n_orgs, 0);
	add_top(&h, "contributors", "contributors", top, "Contributor",
		r->people, r->n_people, 1);
	add_reviewers(&h, r, top);
	add_patch_list(&h, r, lore);
	add_messages(&h, r, lore);
	lit(&h, "<footer>\n");
	if (r->n_malformed)
		litf(&h,
		     "<p class=\"malformed\">%zu malformed message%s in "
		     "this range (counted with what could be read)</p>\n",
		     r->n_malformed, r->n_malformed == 1 ? "" : "s");
	lit(&h, "<p>Made by mldigest.</p>\n</footer>\n</main>\n</body>\n"
		"</html>\n");
	md_buf_release(&h.tmp);
	return h.rc;
}
