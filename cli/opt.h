/*
 * opt.h - command-line options declared in a table, parsed with the
 * same table that writes the usage text (after git's parse-options).
 *
 * The table's targets belong to the caller; string targets receive
 * pointers into argv (never freed).  Positional arguments are collected
 * in order into the caller's array.
 */
#ifndef MD_OPT_H
#define MD_OPT_H

#include <stdio.h>

enum md_opt_type {
	MD_OPT_END = 0,
	MD_OPT_BOOL,    /* int *: set to 1 */
	MD_OPT_STRING,  /* const char **: the argument */
	MD_OPT_UINT,    /* unsigned *: a decimal number */
	MD_OPT_LIST,    /* repeated strings: appended to an md_optlist */
};

struct md_optlist {
	const char **v;
	size_t n;
};

struct md_opt {
	char short_name;        /* 0 if none */
	const char *long_name;  /* without "--" */
	enum md_opt_type type;
	void *target;
	const char *argname;    /* for the usage text, NULL for BOOL */
	const char *help;
};

#define MD_OPT_HELP_EXIT 1  /* --help was given and printed */

/*
 * Parse argv[0..argc) for the subcommand cmd (named in errors) (argv[0] is not skipped: pass argv + 1 for a
 * subcommand's arguments).  Positional arguments go to pos (at most
 * max_pos, the rest is an error).  On error prints one line
 * "mldigest: CMD: ..." to stderr and returns -1; "--help" prints the usage to
 * stdout and returns MD_OPT_HELP_EXIT; else returns 0.
 */
int md_opt_parse(const char *cmd, const struct md_opt *opts, int argc,
		 char **argv,
		 const char **pos, size_t max_pos, size_t *n_pos,
		 const char *usage);
void md_opt_usage(FILE *f, const struct md_opt *opts, const char *usage);
void md_optlist_release(struct md_optlist *l);

#endif
