/*
 * cmd_fetch.c - "mldigest fetch": clone or update the mirror of a
 * public-inbox v2 inbox (lib/fetch.h), e.g.
 *
 *   mldigest fetch https://lore.kernel.org/kvm ~/lore/kvm
 *
 * Prints one line per epoch on stdout as it completes:
 *   git/4.git: cloned, 1234 commits
 *   git/3.git: 12 new commits
 *   git/3.git: 12 new commits, history rewritten
 *   git/2.git: up to date
 * and, on a terminal, a progress line on stderr while an epoch is being
 * transferred (after half a second; erased before anything else is
 * printed).  --quiet prints neither.
 */
#include <limits.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/opt.h"
#include "lib/fetch.h"
#include "util/banned.h"

#define FETCH_USAGE "mldigest fetch [--epochs N] [--quiet] URL DIR"

struct fetch_ui {
	int quiet;
	int tty;            /* stderr is a terminal and not quiet */
	int shown;          /* the progress line is on the screen */
	unsigned cur;       /* the epoch of the progress line */
	double start, last; /* monotonic seconds */
};

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void
progress_erase(struct fetch_ui *ui)
{
	if (ui->shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	ui->shown = 0;
}

static void
on_progress(void *arg, const struct md_fetch_progress *p)
{
	struct fetch_ui *ui = arg;
	double t, mib;

	if (!ui->tty)
		return;
	t = now();
	if (p->num != ui->cur || ui->start == 0) {
		ui->cur = p->num;
		ui->start = t;
		return;
	}
	if (t - ui->start < 0.5 || (ui->shown && t - ui->last < 0.1))
		return;
	ui->last = t;
	mib = (double)p->received_bytes / (1024.0 * 1024.0);
	if (p->total_objects)
		fprintf(stderr,
			"\rmldigest: fetching git/%u.git: %zu/%zu objects "
			"(%zu%%), %.1f MiB\033[K",
			p->num, p->received_objects, p->total_objects,
			p->received_objects * 100 / p->total_objects, mib);
	else
		fprintf(stderr,
			"\rmldigest: fetching git/%u.git: %.1f MiB\033[K",
			p->num, mib);
	fflush(stderr);
	ui->shown = 1;
}

static void
on_epoch(void *arg, const struct md_fetch_epoch *e)
{
	struct fetch_ui *ui = arg;

	progress_erase(ui);
	ui->start = 0;
	if (ui->quiet)
		return;
	switch (e->what) {
	case MD_FETCH_CLONED:
		printf("git/%u.git: cloned, %zu commit%s\n", e->num, e->commits,
		       e->commits == 1 ? "" : "s");
		break;
	case MD_FETCH_UPDATED:
		printf("git/%u.git: %zu new commit%s%s\n", e->num, e->commits,
		       e->commits == 1 ? "" : "s",
		       e->rewritten ? ", history rewritten" : "");
		break;
	default:
		printf("git/%u.git: up to date\n", e->num);
		break;
	}
	fflush(stdout);
}

int
cmd_fetch(int argc, char **argv)
{
	const char *pos[2];
	unsigned epochs = UINT_MAX;
	int quiet = 0;
	const struct md_opt opts[] = {
		{ 0, "epochs", MD_OPT_UINT, &epochs, "N",
		  "mirror only the newest N epochs (default: all)" },
		{ 'q', "quiet", MD_OPT_BOOL, &quiet, NULL,
		  "no progress line, no summary" },
		{ 0, NULL, MD_OPT_END, NULL, NULL, NULL },
	};
	struct fetch_ui ui = { 0, 0, 0, 0, 0, 0 };
	struct md_fetch_options fopts = { 0, on_epoch, on_progress, &ui };
	struct md_fetch_stats stats;
	struct md_err err = { 0, "" };
	size_t n_pos;
	int rc;

	rc = md_opt_parse("fetch", opts, argc, argv, pos, 2, &n_pos,
			  FETCH_USAGE);
	if (rc == MD_OPT_HELP_EXIT)
		return MD_EXIT_OK;
	if (rc)
		return MD_EXIT_USAGE;
	if (n_pos < 2) {
		md_error("fetch: missing %s; see 'mldigest fetch --help'",
			 n_pos ? "DIR" : "URL and DIR");
		return MD_EXIT_USAGE;
	}
	if (epochs == 0) {
		md_error("fetch: option '--epochs' must be at least 1");
		return MD_EXIT_USAGE;
	}
	fopts.epochs = epochs == UINT_MAX ? 0 : epochs;
	ui.quiet = quiet;
	ui.tty = !quiet && isatty(STDERR_FILENO);
	/* Before libgit2 is initialised: https needs the CA certificates. */
	md_tls_enable();
	rc = md_fetch(&stats, pos[0], pos[1], &fopts, &err);
	progress_erase(&ui);
	if (rc)
		return md_error_exit(&err);
	if (fflush(stdout))
		return md_error("write standard output: failed");
	return MD_EXIT_OK;
}
