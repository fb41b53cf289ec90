/*
 * cli.h - what the subcommands of the mldigest program share: the
 * command table's signature, exit codes and error printing.
 */
#ifndef MD_CLI_H
#define MD_CLI_H

#include "lib/cache.h"
#include "lib/err.h"

/* Exit codes (documented in README.md and mldigest.1). */
enum md_exit {
	MD_EXIT_OK = 0,
	MD_EXIT_ERROR = 1,      /* anything else: I/O, memory */
	MD_EXIT_USAGE = 2,      /* bad option or argument */
	MD_EXIT_ARCHIVE = 3,    /* not an archive, or an empty one */
	MD_EXIT_RANGE = 4,      /* unknown revision, A not an ancestor of B */
	MD_EXIT_CORRUPT = 5,    /* a git object is missing or corrupt */
	MD_EXIT_CACHE = 6,      /* the cache cannot be used */
};

struct md_command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

/* Print "mldigest: <formatted>" on stderr; returns MD_EXIT_ERROR. */
int md_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print e's message and return the exit code for its status. */
int md_error_exit(const struct md_err *e);
int md_exit_for_status(int status);

/* Open the cache at path, or at the default place when path is NULL
 * (creating directories); prints the error and returns its exit code. */
int md_cli_cache_open(struct md_cache **out, const char *path);

/* Let libgit2 load the CA certificates, for commands that use the
 * network; call before opening anything (see tls.c). */
void md_tls_enable(void);

int cmd_report(int argc, char **argv);
int cmd_index(int argc, char **argv);
int cmd_fetch(int argc, char **argv);

#endif
