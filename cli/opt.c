/*
 * opt.c - table-driven option parsing: "--name value", "--name=value",
 * "-x value", "-xVALUE", "--" to end options, and --help.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli/opt.h"
#include "util/banned.h"

static const char *cur_cmd = "mldigest";

static int
bad(const char *fmt, const char *a, const char *b)
{
	fprintf(stderr, "mldigest: %s: ", cur_cmd);
	fprintf(stderr, fmt, a, b);
	fputc('\n', stderr);
	return -1;
}

static int
set_value(const struct md_opt *o, const char *val, const char *shown)
{
	switch (o->type) {
	case MD_OPT_STRING:
		*(const char **)o->target = val;
		return 0;
	case MD_OPT_UINT: {
		char *end;
		unsigned long v;

		errno = 0;
		v = strtoul(val, &end, 10);
		if (!*val || *end || errno || v > UINT_MAX || val[0] == '-')
			return bad("option '%s': '%s' is not a number", shown,
				   val);
		*(unsigned *)o->target = (unsigned)v;
		return 0;
	}
	case MD_OPT_LIST: {
		struct md_optlist *l = o->target;
		const char **nv = realloc(l->v, (l->n + 1) * sizeof(*nv));

		if (!nv)
			return bad("option '%s': %s", shown, "out of memory");
		l->v = nv;
		l->v[l->n++] = val;
		return 0;
	}
	default:
		return bad("option '%s': %s", shown, "internal error");
	}
}

void
md_optlist_release(struct md_optlist *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

void
md_opt_usage(FILE *f, const struct md_opt *opts, const char *usage)
{
	fprintf(f, "usage: %s\n\n", usage);
	for (const struct md_opt *o = opts; o->type != MD_OPT_END; o++) {
		char left[64];
		int n = 0;

		if (o->short_name)
			n = snprintf(left, sizeof(left), "-%c, ", o->short_name);
		else
			n = snprintf(left, sizeof(left), "    ");
		snprintf(left + n, sizeof(left) - (size_t)n, "--%s%s%s",
			 o->long_name, o->argname ? " " : "",
			 o->argname ? o->argname : "");
		fprintf(f, "    %-26s %s\n", left, o->help);
	}
	fprintf(f, "    %-26s %s\n", "-h, --help", "show this help");
}

static const struct md_opt *
find_long(const struct md_opt *opts, const char *name, size_t n)
{
	for (const struct md_opt *o = opts; o->type != MD_OPT_END; o++)
		if (strlen(o->long_name) == n && !strncmp(o->long_name, name, n))
			return o;
	return NULL;
}

static const struct md_opt *
find_short(const struct md_opt *opts, char c)
{
	for (const struct md_opt *o = opts; o->type != MD_OPT_END; o++)
		if (o->short_name == c)
			return o;
	return NULL;
}

int
md_opt_parse(const char *cmd, const struct md_opt *opts, int argc,
	     char **argv, const char **pos, size_t max_pos, size_t *n_pos,
	     const char *usage)
{
	int only_pos = 0;

	cur_cmd = cmd;
	*n_pos = 0;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const struct md_opt *o;
		const char *val = NULL;

		if (only_pos || a[0] != '-' || !a[1]) {
			if (*n_pos == max_pos)
				return bad("unexpected argument '%s'%s", a, "");
			pos[(*n_pos)++] = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			only_pos = 1;
			continue;
		}
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			md_opt_usage(stdout, opts, usage);
			return MD_OPT_HELP_EXIT;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);

			o = find_long(opts, a + 2, n);
			if (!o)
				return bad("unknown option '%s'%s", a, "");
			if (eq) {
				if (o->type == MD_OPT_BOOL)
					return bad("option '--%s' takes no "
						   "value%s",
						   o->long_name, "");
				val = eq + 1;
			}
		} else {
			o = find_short(opts, a[1]);
			if (!o)
				return bad("unknown option '%s'%s", a, "");
			if (a[2]) {
				if (o->type == MD_OPT_BOOL)
					return bad("unknown option '%s'%s", a,
						   "");
				val = a + 2;
			}
		}
		if (o->type == MD_OPT_BOOL) {
			*(int *)o->target = 1;
			continue;
		}
		if (!val) {
			if (i + 1 >= argc)
				return bad("option '%s' needs a value%s", a, "");
			val = argv[++i];
		}
		if (set_value(o, val, a))
			return -1;
	}
	return 0;
}
