/*
 * cmd_index.c - "mldigest index": read an archive into the cache, or
 * bring the cache up to date with it.
 *
 * Prints one summary line on stdout:
 *   indexed NAME: N messages, M new (cache FILE)
 */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/opt.h"
#include "cli/progress.h"
#include "lib/archive.h"
#include "lib/index.h"
#include "lib/mailbox.h"
#include "util/banned.h"

#define INDEX_USAGE "mldigest index [-j N] [--cache FILE] [--quiet] ARCHIVE"

int
cmd_index(int argc, char **argv)
{
	const char *cache_path = NULL, *pos[1];
	unsigned jobs = 0;
	int quiet = 0;
	const struct md_opt opts[] = {
		{ 'j', "jobs", MD_OPT_UINT, &jobs, "N",
		  "parse with N threads (default: one per core)" },
		{ 0, "cache", MD_OPT_STRING, &cache_path, "FILE",
		  "the cache database (default: "
		  "$XDG_CACHE_HOME/mldigest/cache.sqlite)" },
		{ 'q', "quiet", MD_OPT_BOOL, &quiet, NULL,
		  "no progress line, no summary" },
		{ 0, NULL, MD_OPT_END, NULL, NULL, NULL },
	};
	struct md_index_options iopts = { 0, NULL, NULL };
	struct md_index_stats stats;
	struct md_progress progress;
	struct md_archive *a = NULL;
	struct md_cache *cache = NULL;
	struct md_err err = { 0, "" };
	int64_t id;
	size_t n_pos;
	int rc;

	rc = md_opt_parse("index", opts, argc, argv, pos, 1, &n_pos,
			  INDEX_USAGE);
	if (rc == MD_OPT_HELP_EXIT)
		return MD_EXIT_OK;
	if (rc)
		return MD_EXIT_USAGE;
	if (n_pos < 1) {
		md_error("index: missing ARCHIVE; see 'mldigest index --help'");
		return MD_EXIT_USAGE;
	}
	if (md_mailbox_kind(pos[0]) != MD_MAILBOX_NONE) {
		md_error("index '%s': an mbox or a Maildir has no index; "
			 "'mldigest report' reads it whole", pos[0]);
		return MD_EXIT_USAGE;
	}
	rc = md_archive_open(&a, pos[0], &err);
	if (rc) {
		rc = md_error_exit(&err);
		goto done;
	}
	rc = md_cli_cache_open(&cache, cache_path);
	if (rc)
		goto done;
	md_progress_init(&progress, "indexing", quiet);
	iopts.jobs = jobs;
	iopts.progress = md_progress_update;
	iopts.progress_arg = &progress;
	rc = md_cache_archive_id(&id, cache, md_archive_path(a), &err);
	if (!rc)
		rc = md_index_update(&stats, cache, id, a, &iopts, &err);
	md_progress_done(&progress);
	if (rc) {
		rc = md_error_exit(&err);
		goto done;
	}
	if (!quiet) {
		printf("indexed %s: %zu commits, %zu new",
		       md_archive_name(a), stats.total, stats.added);
		if (stats.rewritten)
			printf(", %zu epochs rewritten and read again",
			       stats.rewritten);
		if (stats.skipped)
			printf(", %zu epochs with merges left to git",
			       stats.skipped);
		putchar('\n');
		if (fflush(stdout))
			rc = md_error("write standard output: failed");
	}
done:
	md_cache_free(cache);
	md_archive_free(a);
	return rc;
}
