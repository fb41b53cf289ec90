/*
 * mldigest.c - the program: global options and the command table.
 */
#include <stdarg.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "lib/mail.h"
#include "util/banned.h"

#ifndef MD_VERSION
#define MD_VERSION "0.1.0"
#endif

static const struct md_command commands[] = {
	{ "report", cmd_report,
	  "write the list's update for a range of an archive" },
	{ "index", cmd_index,
	  "read an archive into the cache, or bring it up to date" },
	{ "fetch", cmd_fetch, "clone or update the mirror of an inbox" },
};

int
md_error(const char *fmt, ...)
{
	va_list ap;

	fputs("mldigest: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return MD_EXIT_ERROR;
}

int
md_exit_for_status(int status)
{
	switch (status) {
	case MD_OK:
		return MD_EXIT_OK;
	case MD_ENOTARCHIVE:
	case MD_ENOTFOUND:
		return MD_EXIT_ARCHIVE;
	case MD_EREV:
	case MD_ENOTANCESTOR:
		return MD_EXIT_RANGE;
	case MD_EINVAL:
		return MD_EXIT_USAGE;
	case MD_ECORRUPT:
		return MD_EXIT_CORRUPT;
	case MD_ECACHE:
		return MD_EXIT_CACHE;
	default:
		return MD_EXIT_ERROR;
	}
}

int
md_error_exit(const struct md_err *e)
{
	char line[sizeof(e->msg)];
	size_t n;

	/* One line: libgit2's messages may carry a newline. */
	snprintf(line, sizeof(line), "%s", e->msg);
	for (n = 0; line[n]; n++)
		if (line[n] == '\n' || line[n] == '\r')
			line[n] = ' ';
	while (n && line[n - 1] == ' ')
		line[--n] = '\0';
	md_error("%s", line[0] ? line : md_strerror(e->code));
	return md_exit_for_status(e->code);
}

static void
usage(FILE *f)
{
	fprintf(f, "usage: mldigest [--version] [--help] <command> [<args>]\n\n"
		   "commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "    %-10s %s\n", commands[i].name,
			commands[i].summary);
	fprintf(f, "\nSee 'mldigest <command> --help' for a command's "
		   "options.\n");
}

/*
 * Reading an archive allocates and frees a buffer per message, most of
 * them between 4 KiB and a few MiB.  With glibc's default thresholds the
 * larger ones are mmapped and unmapped each time and freed heap is given
 * back and faulted in again; keeping them in the heap saves about 7 %
 * of a whole-archive run (bench/run).
 */
static void
tune_malloc(void)
{
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
}

int
main(int argc, char **argv)
{
	int rc;

	if (argc < 2) {
		usage(stderr);
		return MD_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return MD_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("mldigest %s\n", MD_VERSION);
		return MD_EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[1], commands[i].name))
			continue;
		tune_malloc();
		md_mail_global_init();
		rc = commands[i].fn(argc - 2, argv + 2);
		md_mail_global_shutdown();
		return rc;
	}
	md_error("command '%s': not a mldigest command, see 'mldigest --help'",
		 argv[1]);
	return MD_EXIT_USAGE;
}
