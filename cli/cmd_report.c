/*
 * cmd_report.c - "mldigest report": the list's update for a range.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/opt.h"
#include "cli/progress.h"
#include "lib/archive.h"
#include "lib/render.h"
#include "lib/report.h"
#include "lib/when.h"
#include "util/buf.h"
#include "util/banned.h"

#define REPORT_USAGE \
	"mldigest report [--since DATE] [--until DATE] [--dry-run]\n" \
	"                       [--format FORMAT] [--mail-from ADDR] [--mail-to ADDR]\n" \
	"                       [--lore-list NAME] [--mailmap FILE] [--domain-map FILE]\n" \
	"                       [--maintainers FILE [--group-by subsystem]]\n" \
	"                       [--list-name NAME] [--top N] [-j N] [-o FILE]\n" \
	"                       [--cache FILE | --no-cache] [--quiet] ARCHIVE [A..B]\n" \
	"ARCHIVE: a public-inbox v2 inbox or epoch, a v1 repository, an mbox file\n" \
	"(gzip too) or a Maildir; for an mbox or Maildir, ranges are by date only"

/* Write data to path through a temporary file renamed into place, so a
 * failed run never leaves half a report behind. */
static int
write_file(const char *path, const char *data, size_t len)
{
	struct md_buf tmp = MD_BUF_INIT;
	FILE *f;
	int ok;

	if (md_buf_addf(&tmp, "%s.tmp.%ld", path, (long)getpid()))
		return md_error("write '%s': out of memory", path);
	f = fopen(tmp.buf, "wb");
	if (!f) {
		md_error("write '%s': %s", path, strerror(errno));
		md_buf_release(&tmp);
		return MD_EXIT_ERROR;
	}
	ok = fwrite(data, 1, len, f) == len;
	ok = !fclose(f) && ok;
	if (!ok || rename(tmp.buf, path)) {
		md_error("write '%s': %s", path, strerror(errno));
		unlink(tmp.buf);
		md_buf_release(&tmp);
		return MD_EXIT_ERROR;
	}
	md_buf_release(&tmp);
	return MD_EXIT_OK;
}

static int
write_stdout(const char *data, size_t len)
{
	if (fwrite(data, 1, len, stdout) != len || fflush(stdout))
		return md_error("write standard output: %s", strerror(errno));
	return MD_EXIT_OK;
}

/* The Date: of --format email: now, or SOURCE_DATE_EPOCH when set (the
 * reproducible-builds convention, which the golden tests use). */
static int64_t
mail_date(void)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	if (sde && *sde) {
		v = strtoll(sde, &end, 10);
		if (!*end && v >= 0)
			return (int64_t)v;
	}
	return (int64_t)time(NULL);
}

static const struct format {
	const char *name;
	int (*render)(struct md_buf *, const struct md_report *,
		      const struct md_render_options *);
} formats[] = {
	{ "text", md_render_text },
	{ "markdown", md_render_markdown },
	{ "html", md_render_html },
	{ "json", md_render_json },
	{ "email", md_render_email },
};

/* A header value from the command line may not carry a line break or
 * another control character (header injection). */
static int
bad_header_value(const char *option, const char *value)
{
	if (!value)
		return 0;
	for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			md_error("report: option '%s': a control character "
				 "(0x%02x) may not go into a mail header",
				 option, *p);
			return 1;
		}
	}
	if (!*value) {
		md_error("report: option '%s' is empty", option);
		return 1;
	}
	return 0;
}

static int
set_dates(struct md_range *range, const char *since, const char *until,
	  struct md_err *err)
{
	int64_t now = (int64_t)time(NULL);
	int rc;

	if (since) {
		rc = md_when_parse(&range->since, since, now, err);
		if (rc)
			return rc;
		range->has_since = 1;
	}
	if (until) {
		rc = md_when_parse(&range->until, until, now, err);
		if (rc)
			return rc;
		range->has_until = 1;
	}
	return MD_OK;
}

/* What --dry-run prints: the range as A..B with full ids, the time
 * bounds, and what it holds. */
static int
describe_range(struct md_buf *out, const struct md_range *range,
	       const struct md_report *r, int incremental, int from_last,
	       int mailbox)
{
	char a[MD_OID_HEXSZ + 1], b[MD_OID_HEXSZ + 1], t[32];
	int rc = 0;

	md_oid_fmt(b, MD_OID_HEXSZ, &range->end);
	if (mailbox) {
		rc |= md_buf_addf(out, "range: every message of the %s\n",
				  mailbox == MD_MAILBOX_MBOX ? "mbox"
							     : "Maildir");
	} else if (range->has_start) {
		md_oid_fmt(a, MD_OID_HEXSZ, &range->start);
		rc |= md_buf_addf(out, "range: %s..%s\n", a, b);
	} else {
		rc |= md_buf_addf(out, "range: %s\n", b);
	}
	if (range->has_since) {
		md_when_format(t, range->since);
		rc |= md_buf_addf(out, "since: %s\n", t);
	}
	if (range->has_until) {
		md_when_format(t, range->until);
		rc |= md_buf_addf(out, "until: %s\n", t);
	}
	if (incremental && !mailbox)
		rc |= md_buf_addf(out, "from: %s\n",
				  from_last ? "the end of the last report"
					    : "the last 7 days (no last report)");
	rc |= md_buf_addf(out, "messages: %zu\n", r->n_msgs);
	if (r->n_msgs) {
		md_when_format(t, r->msgs[0]->time);
		rc |= md_buf_addf(out, "first: %s\n", t);
		md_when_format(t, r->msgs[r->n_msgs - 1]->time);
		rc |= md_buf_addf(out, "last: %s\n", t);
	}
	if (rc)
		return md_error("report: out of memory");
	return MD_EXIT_OK;
}

int
cmd_report(int argc, char **argv)
{
	const char *list_name = NULL, *output = NULL, *cache_path = NULL;
	const char *pos[2], *since = NULL, *until = NULL;
	const char *format = "text", *mail_from = NULL, *mail_to = NULL;
	const char *lore_list = NULL, *mailmap_path = NULL;
	const char *domainmap_path = NULL, *maintainers_path = NULL;
	const char *group_by = NULL;
	struct md_maintainers *maintainers = NULL;
	struct md_mailbox mailbox = MD_MAILBOX_INIT;
	int mailbox_kind;
	struct md_mailmap *mailmap = NULL;
	struct md_domainmap *domainmap = NULL;
	const struct format *fmt = NULL;
	unsigned top = 15, jobs = 0;
	int no_cache = 0, quiet = 0, dry_run = 0, incremental = 0;
	int from_last = 0;
	const struct md_opt opts[] = {
		{ 0, "since", MD_OPT_STRING, &since, "DATE",
		  "messages received at or after DATE" },
		{ 0, "until", MD_OPT_STRING, &until, "DATE",
		  "messages received before DATE" },
		{ 'n', "dry-run", MD_OPT_BOOL, &dry_run, NULL,
		  "show the range and its size, write no report, remember "
		  "nothing" },
		{ 'f', "format", MD_OPT_STRING, &format, "FORMAT",
		  "text (default), markdown, html, json or email" },
		{ 0, "mail-from", MD_OPT_STRING, &mail_from, "ADDR",
		  "the From: of --format email" },
		{ 0, "mail-to", MD_OPT_STRING, &mail_to, "ADDR",
		  "the To: of --format email" },
		{ 0, "lore-list", MD_OPT_STRING, &lore_list, "NAME",
		  "the list's name in lore.kernel.org links (default: from "
		  "List-Id)" },
		{ 0, "mailmap", MD_OPT_STRING, &mailmap_path, "FILE",
		  "merge people's names and addresses (git's .mailmap "
		  "format)" },
		{ 0, "domain-map", MD_OPT_STRING, &domainmap_path, "FILE",
		  "add a table of organisations (gitdm's 'domain "
		  "organisation' lines)" },
		{ 0, "maintainers", MD_OPT_STRING, &maintainers_path, "FILE",
		  "place series in subsystems (the kernel's MAINTAINERS "
		  "file)" },
		{ 0, "group-by", MD_OPT_STRING, &group_by, "subsystem",
		  "group the patch list by subsystem (needs --maintainers)" },
		{ 0, "list-name", MD_OPT_STRING, &list_name, "NAME",
		  "list name in the title (default: from List-Id)" },
		{ 0, "top", MD_OPT_UINT, &top, "N",
		  "rows in the top tables (default 15)" },
		{ 'o', "output", MD_OPT_STRING, &output, "FILE",
		  "write the report to FILE instead of standard output" },
		{ 'j', "jobs", MD_OPT_UINT, &jobs, "N",
		  "parse with N threads (default: one per core)" },
		{ 0, "cache", MD_OPT_STRING, &cache_path, "FILE",
		  "the cache database (default: "
		  "$XDG_CACHE_HOME/mldigest/cache.sqlite)" },
		{ 0, "no-cache", MD_OPT_BOOL, &no_cache, NULL,
		  "read everything from the archive; use no cache" },
		{ 'q', "quiet", MD_OPT_BOOL, &quiet, NULL,
		  "no progress line on stderr" },
		{ 0, NULL, MD_OPT_END, NULL, NULL, NULL },
	};
	struct md_report_options ropts;
	struct md_render_options render = MD_RENDER_OPTIONS_INIT;
	struct md_archive *a = NULL;
	struct md_cache *cache = NULL;
	struct md_progress progress;
	struct md_report report;
	struct md_range range;
	struct md_buf out = MD_BUF_INIT;
	struct md_err err = { 0, "" };
	size_t n_pos;
	int rc;

	rc = md_opt_parse("report", opts, argc, argv, pos, 2, &n_pos, REPORT_USAGE);
	if (rc == MD_OPT_HELP_EXIT)
		return MD_EXIT_OK;
	if (rc)
		return MD_EXIT_USAGE;
	if (n_pos < 1) {
		md_error("report: missing ARCHIVE; see 'mldigest report --help'");
		return MD_EXIT_USAGE;
	}
	if (top == 0) {
		md_error("report: option '--top' must be at least 1");
		return MD_EXIT_USAGE;
	}
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (!strcmp(format, formats[i].name))
			fmt = &formats[i];
	if (!fmt) {
		md_error("report: unknown format '%s'; use text, markdown, "
			 "html, json or email", format);
		return MD_EXIT_USAGE;
	}
	if (fmt->render == md_render_email && (!mail_from || !mail_to)) {
		md_error("report: '--format email' needs '--mail-from' and "
			 "'--mail-to'");
		return MD_EXIT_USAGE;
	}
	if (bad_header_value("--mail-from", mail_from) ||
	    bad_header_value("--mail-to", mail_to))
		return MD_EXIT_USAGE;
	if (no_cache && cache_path) {
		md_error("report: '--cache' and '--no-cache' do not go "
			 "together");
		return MD_EXIT_USAGE;
	}
	if (group_by && strcmp(group_by, "subsystem")) {
		md_error("report: cannot group by '%s'; only by 'subsystem'",
			 group_by);
		return MD_EXIT_USAGE;
	}
	if (group_by && !maintainers_path) {
		md_error("report: '--group-by subsystem' needs "
			 "'--maintainers FILE'");
		return MD_EXIT_USAGE;
	}
	md_report_init(&report);
	if ((mailmap_path && md_mailmap_load(&mailmap, mailmap_path, &err)) ||
	    (domainmap_path &&
	     md_domainmap_load(&domainmap, domainmap_path, &err)) ||
	    (maintainers_path &&
	     md_maintainers_load(&maintainers, maintainers_path, &err))) {
		rc = md_error_exit(&err);
		goto done;
	}
	memset(&ropts, 0, sizeof(ropts));
	ropts.list_name = list_name;
	ropts.jobs = jobs;
	ropts.mailmap = mailmap;
	ropts.domainmap = domainmap;
	ropts.maintainers = maintainers;
	ropts.group_by_subsystem = group_by != NULL;
	ropts.revisions = !dry_run;
	ropts.progress = md_progress_update;
	ropts.progress_arg = &progress;
	render.top = top;
	render.lore_list = lore_list;
	render.mail_from = mail_from;
	render.mail_to = mail_to;
	render.mail_date = mail_date();
	mailbox_kind = md_mailbox_kind(pos[0]);
	if (mailbox_kind != MD_MAILBOX_NONE) {
		/* An mbox or a Maildir: read whole, ranges by date. */
		if (n_pos > 1) {
			md_error("report: '%s' is %s: ranges are by date only "
				 "(--since, --until), not '%s'", pos[0],
				 mailbox_kind == MD_MAILBOX_MBOX ? "an mbox"
								 : "a Maildir",
				 pos[1]);
			rc = MD_EXIT_USAGE;
			goto done;
		}
		memset(&range, 0, sizeof(range));
		rc = set_dates(&range, since, until, &err);
		if (!rc)
			rc = md_mailbox_read(&mailbox, pos[0], &err);
		if (rc) {
			rc = md_error_exit(&err);
			goto done;
		}
		md_progress_init(&progress, "reading", quiet);
		rc = md_report_build_mailbox(&report, &mailbox, pos[0], &range,
					     &ropts, &err);
		md_progress_done(&progress);
		goto render;
	}
	rc = md_archive_open(&a, pos[0], &err);
	if (rc) {
		rc = md_error_exit(&err);
		goto done;
	}
	if (!no_cache) {
		rc = md_cli_cache_open(&cache, cache_path);
		if (rc)
			goto done;
	}
	incremental = n_pos < 2 && !since && !until;
	if (incremental)
		rc = md_report_next_range(&range, &from_last, a, cache, &err);
	else
		rc = md_archive_resolve(&range, a, n_pos > 1 ? pos[1] : NULL,
					&err);
	if (!rc)
		rc = set_dates(&range, since, until, &err);
	if (rc) {
		rc = md_error_exit(&err);
		goto done;
	}
	md_progress_init(&progress, "reading", quiet);
	ropts.cache = cache;
	rc = md_report_build(&report, a, &range, &ropts, &err);
	md_progress_done(&progress);
render:
	if (!rc && dry_run) {
		rc = describe_range(&out, &range, &report, incremental, from_last,
				    mailbox_kind);
		if (!rc)
			rc = write_stdout(out.buf, md_buf_len(&out));
		goto done;
	}
	if (!rc) {
		int rrc = fmt->render(&out, &report, &render);

		if (rrc)
			rc = md_err_set(&err, rrc, "render report as %s: %s",
					fmt->name, md_strerror(rrc));
	}
	if (rc) {
		rc = md_error_exit(&err);
	} else if (output) {
		rc = write_file(output, out.buf, md_buf_len(&out));
	} else {
		rc = write_stdout(out.buf, md_buf_len(&out));
	}
	/* The next run with no range starts where this one ended. */
	if (rc == MD_EXIT_OK && incremental && cache && a &&
	    md_report_remember_end(cache, a, &range, &err))
		rc = md_error_exit(&err);
done:
	md_buf_release(&out);
	md_report_release(&report);
	md_cache_free(cache);
	md_archive_free(a);
	md_mailmap_free(mailmap);
	md_domainmap_free(domainmap);
	md_maintainers_free(maintainers);
	md_mailbox_release(&mailbox);
	return rc;
}
