/*
 * cache_open.c - where the cache lives, and opening it for a command.
 *
 * The default file is $XDG_CACHE_HOME/mldigest/cache.sqlite, else
 * $HOME/.cache/mldigest/cache.sqlite (XDG Base Directory Specification);
 * --cache FILE names another.  The directories are created as needed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "util/buf.h"
#include "util/banned.h"

/* mkdir -p of the directory part of path. */
static int
make_parent_dirs(const char *path)
{
	struct md_buf dir = MD_BUF_INIT;
	int rc = 0;

	if (md_buf_addstr(&dir, path))
		return ENOMEM;
	for (size_t i = 1; i < md_buf_len(&dir) && !rc; i++) {
		if (dir.buf[i] != '/')
			continue;
		dir.buf[i] = '\0';
		if (mkdir(dir.buf, 0700) && errno != EEXIST)
			rc = errno;
		dir.buf[i] = '/';
	}
	md_buf_release(&dir);
	return rc;
}

int
md_cli_cache_open(struct md_cache **out, const char *path)
{
	struct md_buf def = MD_BUF_INIT;
	struct md_err err = { 0, "" };
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	int rc;

	*out = NULL;
	if (!path) {
		if (xdg && xdg[0] == '/')
			rc = md_buf_addf(&def, "%s/mldigest/cache.sqlite", xdg);
		else if (home && home[0] == '/')
			rc = md_buf_addf(&def, "%s/.cache/mldigest/cache.sqlite",
					 home);
		else {
			md_error("cache: no place for it: neither "
				 "XDG_CACHE_HOME nor HOME is set; use --cache "
				 "FILE or --no-cache");
			return MD_EXIT_CACHE;
		}
		if (rc) {
			md_error("cache: out of memory");
			return MD_EXIT_ERROR;
		}
		path = def.buf;
	}
	rc = make_parent_dirs(path);
	if (rc) {
		md_error("cache '%s': cannot create its directory: %s", path,
			 strerror(rc));
		md_buf_release(&def);
		return MD_EXIT_CACHE;
	}
	rc = md_cache_open(out, path, &err);
	md_buf_release(&def);
	if (rc)
		return md_error_exit(&err);
	return MD_EXIT_OK;
}
