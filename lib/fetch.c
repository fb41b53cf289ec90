/*
 * fetch.c - mirroring a public-inbox v2 inbox with libgit2 (see fetch.h
 * for what a run guarantees).
 *
 * Layout (public-inbox-v2-format(5)): epoch N of an inbox is the bare
 * repository URL/git/N.git, N = 0, 1, ...  Nothing in git lists the
 * epochs (public-inbox's manifest.js.gz would need a JSON download of its
 * own), so they are probed in order until one is not there.  "Not
 * there" has to be told apart from a failure, each transport its own way:
 *
 *  - a plain path or file:// URL: the directory does not exist (checked
 *    with stat(), before libgit2, which would search parent directories);
 *  - http(s): the server answers 404 or 410 (public-inbox answers 404);
 *  - git://: the daemon hangs up before advertising any ref, which is how
 *    git daemon says "no such repository" (or sends "ERR ... not
 *    exported" / "no such repository" with --informative-errors);
 *  - anything else (ssh): every failure is an error.
 *
 * When DIR already holds epochs 0..M, they are known to exist and the
 * probe starts at M + 1: a run with nothing new costs one probe and one
 * fetch per epoch.
 *
 * Each epoch is mirrored like `git clone --mirror`: the refspec
 * +refs/\*:refs/\* (every ref copied as is, forced), remote "origin" at
 * the epoch's URL and remote.origin.mirror set, so plain git can update
 * it too.  Clones go through the transport even for local paths
 * (GIT_CLONE_NO_LOCAL): the mirror never shares object files with its
 * source.  The staging directory DIR/.fetch is outside DIR/git, the only
 * place lib/archive.c looks for epochs.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "lib/fetch.h"
#include "util/buf.h"
#include "util/banned.h"

/* The highest epoch number lib/archive.c reads. */
#define MAX_EPOCH 100000L

/* The refspec of a mirror (git clone --mirror). */
#define MIRROR_REFSPEC "+refs/*:refs/*"

enum url_kind {
	URL_PATH,   /* a plain local path */
	URL_FILE,   /* file:// */
	URL_HTTP,   /* http:// and https:// */
	URL_GIT,    /* git:// */
	URL_OTHER,  /* ssh:// and scp-like host:path, anything else */
};

struct fetch {
	const struct md_fetch_options *opts;
	struct md_err *err;
	enum url_kind kind;
	const char *dir;        /* as given, for messages */
	struct md_buf url;      /* the inbox URL, no trailing slash */
	struct md_buf local;    /* its local path (URL_PATH, URL_FILE) */
	struct md_buf gitdir;   /* DIR/git */
	struct md_buf staging;  /* DIR/.fetch */
	long local_max;         /* the newest epoch in DIR, -1: none */
	int lock_fd;
	unsigned cur;           /* the epoch being transferred */
	size_t objects, bytes;  /* its transfer so far */
};

static int
oom(struct fetch *f)
{
	return md_err_set(f->err, MD_ENOMEM, "fetch: out of memory");
}

static enum url_kind
url_kind(const char *url)
{
	const char *colon = strchr(url, ':'), *slash = strchr(url, '/');

	if (!strncmp(url, "file://", 7))
		return URL_FILE;
	if (!strncasecmp(url, "http://", 7) || !strncasecmp(url, "https://", 8))
		return URL_HTTP;
	if (!strncmp(url, "git://", 6))
		return URL_GIT;
	if (strstr(url, "://"))
		return URL_OTHER;
	/* git's rule: a colon before any slash makes host:path (ssh). */
	if (colon && (!slash || colon < slash))
		return URL_OTHER;
	return URL_PATH;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* The path of a file:// URL, %XX decoded (as libgit2 does). */
static int
file_url_path(struct md_buf *out, const char *url)
{
	const char *p = url + 7;

	if (!strncmp(p, "localhost/", 10))
		p += 9;
	for (; *p; p++) {
		int hi, lo, rc;

		if (p[0] == '%' && p[1] && p[2]) {
			hi = hexval((unsigned char)p[1]);
			lo = hexval((unsigned char)p[2]);
			if (hi >= 0 && lo >= 0) {
				rc = md_buf_addch(out, hi * 16 + lo);
				if (rc)
					return rc;
				p += 2;
				continue;
			}
		}
		rc = md_buf_addch(out, *p);
		if (rc)
			return rc;
	}
	return MD_OK;
}

/* The inbox URL without trailing slashes; a plain path made absolute
 * and canonical when it exists. */
static int
normalize_url(struct fetch *f, const char *url)
{
	struct md_buf tmp = MD_BUF_INIT;
	char real[PATH_MAX];
	size_t n = strlen(url);
	int rc;

	while (n > 1 && url[n - 1] == '/')
		n--;
	if (md_buf_add(&tmp, url, n))
		return oom(f);
	f->kind = url_kind(tmp.buf);
	if (f->kind == URL_PATH && realpath(tmp.buf, real))
		rc = md_buf_addstr(&f->url, real);
	else
		rc = md_buf_add(&f->url, tmp.buf, md_buf_len(&tmp));
	md_buf_release(&tmp);
	if (!rc && f->kind == URL_PATH)
		rc = md_buf_addstr(&f->local, f->url.buf);
	if (!rc && f->kind == URL_FILE) {
		rc = file_url_path(&f->local, f->url.buf);
		if (!rc && realpath(f->local.buf, real)) {
			md_buf_reset(&f->local);
			rc = md_buf_addstr(&f->local, real);
		}
	}
	return rc ? oom(f) : MD_OK;
}

/* out = the URL of epoch n (URL/git/N.git), or with local set its path. */
static int
epoch_url(struct md_buf *out, const struct fetch *f, unsigned long n,
	  int local)
{
	md_buf_reset(out);
	return md_buf_addf(out, "%s/git/%lu.git",
			   local ? f->local.buf : f->url.buf, n);
}

/* Whether name is an epoch directory "N.git" as lib/archive.c reads it. */
static int
epoch_name(long *num, const char *name)
{
	char *end;
	long v;

	if (!isdigit((unsigned char)name[0]))
		return 0;
	v = strtol(name, &end, 10);
	if (strcmp(end, ".git") || v < 0 || v > MAX_EPOCH)
		return 0;
	*num = v;
	return 1;
}

static int
is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

static int
rm_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path) ? -1 : 0;
}

/* Remove path and everything under it (symbolic links are not
 * followed); 0 also when it does not exist, else -1 with errno. */
static int
remove_tree(const char *path)
{
	struct stat st;

	if (lstat(path, &st))
		return errno == ENOENT ? 0 : -1;
	return nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS) ? -1 : 0;
}

/* mkdir -p. */
static int
mkdir_p(const char *path)
{
	char *copy = strdup(path);
	int rc = 0;

	if (!copy) {
		errno = ENOMEM;
		return -1;
	}
	for (char *p = copy + 1; *p && !rc; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0777) && errno != EEXIST)
			rc = -1;
		*p = '/';
	}
	if (!rc && mkdir(copy, 0777) && (errno != EEXIST || !is_dir(copy)))
		rc = -1;
	free(copy);
	return rc;
}

/* Make a rename inside dir durable. */
static void
sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* The length of origin (an epoch's remote URL) without the suffix that
 * names epoch num, url/git/N.git or lore's other form url/N, nor trailing
 * slashes; all of it when it has neither suffix. */
static size_t
origin_base_len(const char *origin, long num)
{
	char a[40], b[40];
	size_t ol = strlen(origin), al, bl;

	while (ol > 1 && origin[ol - 1] == '/')
		ol--;
	al = (size_t)snprintf(a, sizeof(a), "/git/%ld.git", num);
	bl = (size_t)snprintf(b, sizeof(b), "/%ld", num);
	if (ol > al && !memcmp(origin + ol - al, a, al))
		return ol - al;
	if (ol > bl && !memcmp(origin + ol - bl, b, bl))
		return ol - bl;
	return strlen(origin);
}

/* Whether origin, the remote URL of epoch num, is that epoch of the
 * inbox.  Local inboxes compare by path, so that a plain path and a
 * file:// URL of the same directory agree. */
static int
same_inbox(struct fetch *f, const char *origin, long num)
{
	struct md_buf base = MD_BUF_INIT, path = MD_BUF_INIT;
	size_t n = origin_base_len(origin, num);
	char real[PATH_MAX];
	int same = 0;

	if (n == strlen(origin) || md_buf_add(&base, origin, n))
		goto done;
	if (f->kind != URL_PATH && f->kind != URL_FILE) {
		same = !strcmp(base.buf, f->url.buf);
		goto done;
	}
	switch (url_kind(base.buf)) {
	case URL_PATH:
		if (md_buf_addstr(&path, base.buf))
			goto done;
		break;
	case URL_FILE:
		if (file_url_path(&path, base.buf))
			goto done;
		break;
	default:
		goto done;
	}
	same = !strcmp(realpath(path.buf, real) ? real : path.buf,
		       f->local.buf);
done:
	md_buf_release(&base);
	md_buf_release(&path);
	return same;
}

/* Check that DIR/git/<name> (epoch num) mirrors epoch num of the inbox. */
static int
check_epoch(struct fetch *f, const char *name, long num)
{
	struct md_buf path = MD_BUF_INIT;
	git_repository *repo = NULL;
	git_config *cfg = NULL;
	const char *origin = NULL;
	int rc = MD_OK;

	if (md_buf_addf(&path, "%s/%s", f->gitdir.buf, name)) {
		rc = oom(f);
		goto done;
	}
	if (git_repository_open_ext(&repo, path.buf,
				    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL)) {
		rc = md_err_set(f->err, MD_EINVAL,
				"fetch '%s': 'git/%s' is not a git repository, "
				"so not a mirror of an inbox: %s",
				f->dir, name, md_err_git("cannot open it"));
		goto done;
	}
	if (git_repository_config_snapshot(&cfg, repo) ||
	    git_config_get_string(&origin, cfg, "remote.origin.url")) {
		rc = md_err_set(f->err, MD_EINVAL,
				"fetch '%s': 'git/%s' has no remote 'origin', "
				"so it is not a mirror of an inbox",
				f->dir, name);
		goto done;
	}
	if (!same_inbox(f, origin, num)) {
		size_t n = origin_base_len(origin, num);

		rc = md_err_set(f->err, MD_EINVAL,
				"fetch '%s': mirrors '%.*s', not '%s'", f->dir,
				(int)(n > 512 ? 512 : n), origin, f->url.buf);
	}
done:
	git_config_free(cfg);
	git_repository_free(repo);
	md_buf_release(&path);
	return rc;
}

/*
 * Look at DIR: *exists = 0 when it does not exist; else it must be empty
 * or a mirror of the inbox (only its "git" directory, with N.git epochs
 * that mirror the inbox, and ".fetch" count; other files are allowed
 * beside epochs).  Sets f->local_max.
 */
static int
inspect_dir(int *exists, struct fetch *f)
{
	struct stat st;
	DIR *d = NULL;
	struct dirent *de;
	size_t other = 0, epochs = 0;
	int has_git = 0, rc = MD_OK;
	long num;

	*exists = 0;
	f->local_max = -1;
	if (stat(f->dir, &st)) {
		if (errno == ENOENT)
			return MD_OK;
		return md_err_set(f->err, MD_EIO, "fetch '%s': %s", f->dir,
				  strerror(errno));
	}
	if (!S_ISDIR(st.st_mode))
		return md_err_set(f->err, MD_EINVAL,
				  "fetch '%s': exists and is not a directory",
				  f->dir);
	*exists = 1;
	d = opendir(f->dir);
	if (!d)
		return md_err_set(f->err, MD_EIO, "fetch '%s': %s", f->dir,
				  strerror(errno));
	for (;;) {
		de = readdir(d);
		if (!de)
			break;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    !strcmp(de->d_name, ".fetch"))
			continue;
		if (!strcmp(de->d_name, "git") && is_dir(f->gitdir.buf))
			has_git = 1;
		else
			other++;
	}
	closedir(d);
	d = NULL;
	if (has_git) {
		d = opendir(f->gitdir.buf);
		if (!d)
			return md_err_set(f->err, MD_EIO, "fetch '%s': %s",
					  f->gitdir.buf, strerror(errno));
		for (;;) {
			de = readdir(d);
			if (!de)
				break;
			if (!strcmp(de->d_name, ".") ||
			    !strcmp(de->d_name, ".."))
				continue;
			if (!epoch_name(&num, de->d_name)) {
				other++;
				continue;
			}
			rc = check_epoch(f, de->d_name, num);
			if (rc)
				goto done;
			epochs++;
			if (num > f->local_max)
				f->local_max = num;
		}
	}
	if (!epochs && other)
		rc = md_err_set(f->err, MD_EINVAL,
				"fetch '%s': exists, is not empty and is not "
				"a mirror of an inbox",
				f->dir);
done:
	if (d)
		closedir(d);
	return rc;
}

/* Hold an exclusive lock on DIR for the run. */
static int
lock_dir(struct fetch *f)
{
	int fd = open(f->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return md_err_set(f->err, MD_EIO, "fetch '%s': %s", f->dir,
				  strerror(errno));
	if (flock(fd, LOCK_EX | LOCK_NB) && errno == EWOULDBLOCK) {
		close(fd);
		return md_err_set(f->err, MD_EIO,
				  "fetch '%s': another mldigest fetch is "
				  "writing it",
				  f->dir);
	}
	/* Other flock() errors: a file system without locks; go on. */
	f->lock_fd = fd;
	return MD_OK;
}

/* Whether libgit2's failure to connect (rc) means the repository is not
 * there, rather than that something failed (see the top of the file). */
static int
not_there(enum url_kind kind, int rc)
{
	const git_error *e = git_error_last();
	const char *msg = e && e->message ? e->message : "";

	switch (kind) {
	case URL_HTTP:
		return e && e->klass == GIT_ERROR_HTTP &&
		       (strcasestr(msg, "status code: 404") ||
			strcasestr(msg, "status code: 410"));
	case URL_GIT:
		return rc == GIT_EEOF || strstr(msg, "no such repository") ||
		       strstr(msg, "not exported");
	default:
		return 0;
	}
}

/* *there = whether epoch n exists at the inbox. */
static int
probe_epoch(int *there, struct fetch *f, unsigned long n)
{
	struct md_buf url = MD_BUF_INIT;
	git_remote *remote = NULL;
	git_repository *repo = NULL;
	git_remote_connect_options co;
	const git_remote_head **heads;
	size_t n_heads;
	struct stat st;
	int rc = MD_OK, grc;

	*there = 0;
	if (epoch_url(&url, f, n, 0)) {
		rc = oom(f);
		goto done;
	}
	if (f->kind == URL_PATH || f->kind == URL_FILE) {
		struct md_buf path = MD_BUF_INIT;

		if (epoch_url(&path, f, n, 1)) {
			rc = oom(f);
			goto done;
		}
		if (stat(path.buf, &st)) {
			if (errno != ENOENT && errno != ENOTDIR)
				rc = md_err_set(f->err, MD_EIO,
						"fetch '%s': %s", url.buf,
						strerror(errno));
		} else if (git_repository_open_ext(
				   &repo, path.buf,
				   GIT_REPOSITORY_OPEN_NO_SEARCH, NULL)) {
			rc = md_err_set(f->err, MD_ENOTARCHIVE,
					"fetch '%s': %s", url.buf,
					md_err_git("not a git repository"));
		} else {
			*there = 1;
		}
		md_buf_release(&path);
		goto done;
	}
	if (git_remote_create_detached(&remote, url.buf)) {
		rc = md_err_set(f->err, MD_EINVAL, "fetch '%s': %s", url.buf,
				md_err_git("not a URL"));
		goto done;
	}
	git_remote_connect_options_init(&co,
					GIT_REMOTE_CONNECT_OPTIONS_VERSION);
	co.proxy_opts.type = GIT_PROXY_AUTO;
	co.follow_redirects = GIT_REMOTE_REDIRECT_INITIAL;
	grc = git_remote_connect_ext(remote, GIT_DIRECTION_FETCH, &co);
	if (!grc)
		grc = git_remote_ls(&heads, &n_heads, remote);
	if (!grc)
		*there = 1;
	else if (!not_there(f->kind, grc))
		rc = md_err_set(f->err, MD_EIO, "fetch '%s': %s", url.buf,
				md_err_git("cannot connect"));
done:
	git_remote_free(remote);
	git_repository_free(repo);
	md_buf_release(&url);
	return rc;
}

static int
on_transfer(const git_indexer_progress *st, void *payload)
{
	struct fetch *f = payload;
	struct md_fetch_progress p;

	f->objects = st->received_objects;
	f->bytes = st->received_bytes;
	if (f->opts->progress) {
		p.num = f->cur;
		p.total_objects = st->total_objects;
		p.received_objects = st->received_objects;
		p.indexed_objects = st->indexed_objects;
		p.received_bytes = st->received_bytes;
		f->opts->progress(f->opts->arg, &p);
	}
	return 0;
}

static void
fetch_options(git_fetch_options *fo, struct fetch *f)
{
	git_fetch_options_init(fo, GIT_FETCH_OPTIONS_VERSION);
	fo->callbacks.transfer_progress = on_transfer;
	fo->callbacks.payload = f;
	fo->prune = GIT_FETCH_NO_PRUNE;
	fo->update_fetchhead = 0;
	fo->proxy_opts.type = GIT_PROXY_AUTO;
	fo->follow_redirects = GIT_REMOTE_REDIRECT_INITIAL;
}

/* HEAD's commit in *out; *found = 0 (and 0 returned) when unborn. */
static int
head_oid(git_oid *out, int *found, git_repository *repo)
{
	int rc = git_reference_name_to_id(out, repo, "HEAD");

	*found = !rc;
	if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH)
		return 0;
	return rc;
}

/* The commits reachable from tip and not from hide (NULL: none). */
static int
count_commits(size_t *out, git_repository *repo, const git_oid *tip,
	      const git_oid *hide)
{
	git_revwalk *w = NULL;
	git_oid id;
	size_t n = 0;
	int rc;

	*out = 0;
	rc = git_revwalk_new(&w, repo);
	if (!rc)
		rc = git_revwalk_push(w, tip);
	if (!rc && hide)
		rc = git_revwalk_hide(w, hide);
	while (!rc) {
		rc = git_revwalk_next(&id, w);
		if (!rc)
			n++;
	}
	git_revwalk_free(w);
	if (rc != GIT_ITEROVER)
		return rc;
	*out = n;
	return 0;
}

/*
 * The mirror's remote: name "origin" in the repository's config (the
 * clone's), or NULL for one in memory (updates).  url.<base>.insteadOf is
 * not applied: mldigest reads no user configuration, and libgit2 1.5
 * leaks a PCRE2 match block for every config entry it looks at there.
 */
static int
mirror_remote_new(git_remote **out, git_repository *repo, const char *name,
		  const char *url)
{
	git_remote_create_options o;

	git_remote_create_options_init(&o, GIT_REMOTE_CREATE_OPTIONS_VERSION);
	o.repository = repo;
	o.name = name;
	o.fetchspec = MIRROR_REFSPEC;
	o.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF;
	return git_remote_create_with_opts(out, url, &o);
}

static int
mirror_remote(git_remote **out, git_repository *repo, const char *name,
	      const char *url, void *payload)
{
	(void)payload;
	return mirror_remote_new(out, repo, name, url);
}

/* Clone epoch n into DIR/.fetch/N.git, then rename it to DIR/git/N.git. */
static int
clone_epoch(struct md_fetch_epoch *ep, struct fetch *f, unsigned long n)
{
	struct md_buf url = MD_BUF_INIT, stage = MD_BUF_INIT,
		      final = MD_BUF_INIT;
	git_clone_options co;
	git_repository *repo = NULL;
	git_config *cfg = NULL;
	git_reference *ref = NULL;
	git_oid head;
	int found, rc = MD_OK;

	if (epoch_url(&url, f, n, 0) ||
	    md_buf_addf(&stage, "%s/%lu.git", f->staging.buf, n)) {
		rc = oom(f);
		goto done;
	}
	if ((mkdir(f->staging.buf, 0777) && errno != EEXIST) ||
	    remove_tree(stage.buf)) {
		rc = md_err_set(f->err, MD_EIO, "fetch: staging '%s': %s",
				stage.buf, strerror(errno));
		goto done;
	}
	git_clone_options_init(&co, GIT_CLONE_OPTIONS_VERSION);
	co.bare = 1;
	co.local = GIT_CLONE_NO_LOCAL;
	co.checkout_opts.checkout_strategy = GIT_CHECKOUT_NONE;
	co.remote_cb = mirror_remote;
	fetch_options(&co.fetch_opts, f);
	if (git_clone(&repo, url.buf, stage.buf, &co)) {
		rc = md_err_set(f->err, MD_EIO, "fetch '%s': %s", url.buf,
				md_err_git("clone failed"));
		goto done;
	}
	/* git_clone() leaves refs/remotes/origin/HEAD, which git clone
	 * --mirror does not. */
	if (!git_reference_lookup(&ref, repo, "refs/remotes/origin/HEAD")) {
		git_reference_delete(ref);
		git_reference_free(ref);
	}
	if (git_repository_config(&cfg, repo) ||
	    git_config_set_bool(cfg, "remote.origin.mirror", 1)) {
		rc = md_err_set(f->err, MD_EIO, "fetch: '%s': %s", stage.buf,
				md_err_git("cannot write the config"));
		goto done;
	}
	if (head_oid(&head, &found, repo) ||
	    (found && count_commits(&ep->commits, repo, &head, NULL))) {
		rc = md_err_set(f->err, MD_EIO, "fetch '%s': %s", url.buf,
				md_err_git("cannot read the history"));
		goto done;
	}
	git_config_free(cfg);
	cfg = NULL;
	git_repository_free(repo);
	repo = NULL;
	md_buf_reset(&final);
	if (md_buf_addf(&final, "%s/%lu.git", f->gitdir.buf, n)) {
		rc = oom(f);
		goto done;
	}
	if ((mkdir(f->gitdir.buf, 0777) && errno != EEXIST) ||
	    rename(stage.buf, final.buf)) {
		rc = md_err_set(f->err, MD_EIO,
				"fetch: rename '%s' to '%s': %s", stage.buf,
				final.buf, strerror(errno));
		goto done;
	}
	sync_dir(f->gitdir.buf);
	ep->what = MD_FETCH_CLONED;
	ep->objects = f->objects;
	ep->bytes = f->bytes;
done:
	git_config_free(cfg);
	git_repository_free(repo);
	if (rc && md_buf_len(&stage))
		remove_tree(stage.buf);
	md_buf_release(&url);
	md_buf_release(&stage);
	md_buf_release(&final);
	return rc;
}

/* Fetch what is new into the existing epoch at path. */
static int
update_epoch(struct md_fetch_epoch *ep, struct fetch *f, const char *path)
{
	char spec[] = MIRROR_REFSPEC;
	char *specs[] = { spec };
	git_strarray refspecs = { specs, 1 };
	git_repository *repo = NULL;
	git_config *cfg = NULL;
	git_remote *remote = NULL;
	git_fetch_options fo;
	const git_indexer_progress *st;
	const char *url;
	git_oid old, new;
	int had, has, rc = MD_OK;

	if (git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH,
				    NULL) ||
	    head_oid(&old, &had, repo)) {
		rc = md_err_set(f->err, MD_EIO, "fetch: open '%s': %s", path,
				md_err_git("cannot read it"));
		goto done;
	}
	/* The URL the mirror was made from (inspect_dir() checked it). */
	if (git_repository_config_snapshot(&cfg, repo) ||
	    git_config_get_string(&url, cfg, "remote.origin.url") ||
	    mirror_remote_new(&remote, repo, NULL, url)) {
		rc = md_err_set(f->err, MD_EIO, "fetch: '%s': %s", path,
				md_err_git("no remote 'origin'"));
		goto done;
	}
	fetch_options(&fo, f);
	if (git_remote_fetch(remote, &refspecs, &fo, NULL)) {
		rc = md_err_set(f->err, MD_EIO, "fetch '%s': %s", url,
				md_err_git("fetch failed"));
		goto done;
	}
	st = git_remote_stats(remote);
	ep->objects = st->received_objects;
	ep->bytes = st->received_bytes;
	if (head_oid(&new, &has, repo)) {
		rc = md_err_set(f->err, MD_EIO, "fetch: '%s': %s", path,
				md_err_git("cannot read HEAD"));
		goto done;
	}
	ep->what = MD_FETCH_UP_TO_DATE;
	if (!has || (had && git_oid_equal(&old, &new)))
		goto done;
	ep->what = MD_FETCH_UPDATED;
	if (had)
		ep->rewritten = git_graph_descendant_of(repo, &new, &old) != 1;
	if (count_commits(&ep->commits, repo, &new, had ? &old : NULL))
		rc = md_err_set(f->err, MD_EIO, "fetch: '%s': %s", path,
				md_err_git("cannot read the history"));
done:
	git_remote_free(remote);
	git_config_free(cfg);
	git_repository_free(repo);
	return rc;
}

static int
fetch_epochs(struct md_fetch_stats *out, struct fetch *f)
{
	struct md_buf path = MD_BUF_INIT;
	unsigned long n, total;
	int exists, there, rc;

	rc = inspect_dir(&exists, f);
	if (rc)
		return rc;
	for (n = (unsigned long)(f->local_max + 1); n <= MAX_EPOCH; n++) {
		rc = probe_epoch(&there, f, n);
		if (rc)
			return rc;
		if (!there)
			break;
	}
	if (!n)
		return md_err_set(f->err, MD_ENOTARCHIVE,
				  "fetch '%s': not a public-inbox v2 archive "
				  "(no %s/git/0.git)",
				  f->url.buf, f->url.buf);
	total = n;
	if (!exists && mkdir_p(f->dir))
		return md_err_set(f->err, MD_EIO, "fetch: create '%s': %s",
				  f->dir, strerror(errno));
	rc = lock_dir(f);
	if (rc)
		return rc;
	/* Again, under the lock: another run may have been at work. */
	rc = inspect_dir(&exists, f);
	if (rc)
		return rc;
	if ((unsigned long)(f->local_max + 1) > total)
		total = (unsigned long)(f->local_max + 1);
	/* Whatever an interrupted run left in the staging area. */
	if (remove_tree(f->staging.buf))
		return md_err_set(f->err, MD_EIO,
				  "fetch: remove the staging directory '%s': "
				  "%s",
				  f->staging.buf, strerror(errno));
	out->remote_epochs = (unsigned)total;
	out->first = f->opts->epochs && total > f->opts->epochs ?
			     (unsigned)(total - f->opts->epochs) : 0;
	for (n = out->first; n < total; n++) {
		struct md_fetch_epoch ep;

		memset(&ep, 0, sizeof(ep));
		ep.num = (unsigned)n;
		f->cur = (unsigned)n;
		f->objects = f->bytes = 0;
		md_buf_reset(&path);
		if (md_buf_addf(&path, "%s/%lu.git", f->gitdir.buf, n)) {
			rc = oom(f);
			break;
		}
		if (is_dir(path.buf))
			rc = update_epoch(&ep, f, path.buf);
		else
			rc = clone_epoch(&ep, f, n);
		if (rc)
			break;
		if (ep.what == MD_FETCH_CLONED)
			out->cloned++;
		else if (ep.what == MD_FETCH_UPDATED)
			out->updated++;
		else
			out->up_to_date++;
		if (f->opts->epoch_done)
			f->opts->epoch_done(f->opts->arg, &ep);
	}
	md_buf_release(&path);
	rmdir(f->staging.buf);
	return rc;
}

int
md_fetch(struct md_fetch_stats *out, const char *url, const char *dir,
	 const struct md_fetch_options *opts, struct md_err *err)
{
	static const struct md_fetch_options no_opts;
	struct fetch f;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&f, 0, sizeof(f));
	f.opts = opts ? opts : &no_opts;
	f.err = err;
	f.dir = dir;
	f.lock_fd = -1;
	md_buf_init(&f.url, 0);
	md_buf_init(&f.local, 0);
	md_buf_init(&f.gitdir, 0);
	md_buf_init(&f.staging, 0);
	git_libgit2_init();
	/* A mirror is written once and read many times: make what is
	 * written durable before the refs point at it. */
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
	rc = normalize_url(&f, url);
	if (!rc && (md_buf_addf(&f.gitdir, "%s/git", dir) ||
		    md_buf_addf(&f.staging, "%s/.fetch", dir)))
		rc = oom(&f);
	if (!rc)
		rc = fetch_epochs(out, &f);
	if (f.lock_fd >= 0)
		close(f.lock_fd);
	md_buf_release(&f.url);
	md_buf_release(&f.local);
	md_buf_release(&f.gitdir);
	md_buf_release(&f.staging);
	git_libgit2_shutdown();
	return rc;
}
