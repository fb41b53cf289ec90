/*
 * archive.c - public-inbox archives through libgit2.
 *
 * Layout (public-inbox-v2-format(5)): an inbox directory holds git/N.git
 * for N = 0, 1, ...; each epoch is a bare repository whose history is a
 * single line of commits, each with a tree of one file: "m" for a
 * message, "d" for a deleted one.  A v1 inbox or a plain repository is
 * told apart by its tree and refused here.
 */
#include <ctype.h>
#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <git2.h>

#include "lib/archive.h"
#include "util/buf.h"
#include "util/banned.h"

struct epoch {
	char *path;
	git_repository *repo;
	git_oid head;
	int empty;
	int v1;               /* public-inbox v1: xx/yyyy... paths */
};

struct md_archive {
	char *path;
	char *name;
	struct epoch *epochs;
	size_t n_epochs;
};

struct md_archive_reader {
	git_repository **repos;
	unsigned char *v1;    /* per epoch: the v1 layout */
	size_t n;
	int own;
};

struct md_blob {
	git_blob *blob;
};

void
md_oid_fmt(char *out, size_t n, const struct md_oid *oid)
{
	static const char hex[] = "0123456789abcdef";

	if (n > MD_OID_HEXSZ)
		n = MD_OID_HEXSZ;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = oid->id[i / 2];

		out[i] = hex[i % 2 ? c & 0xf : c >> 4];
	}
	out[n] = '\0';
}

static void
to_md(struct md_oid *out, const git_oid *in)
{
	memcpy(out->id, in->id, MD_OID_RAWSZ);
}

static void
to_git(git_oid *out, const struct md_oid *in)
{
	memcpy(out->id, in->id, MD_OID_RAWSZ);
}

static int
is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

static int
cmp_epoch_num(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

/* Epoch numbers N of the N.git directories under gitdir, sorted. */
static int
scan_epochs(long **out, size_t *n, const char *gitdir)
{
	DIR *d = opendir(gitdir);
	struct dirent *de;
	long *v = NULL;
	size_t cap = 0;

	*n = 0;
	if (!d)
		return MD_ENOTARCHIVE;
	while ((de = readdir(d))) {
		char *end;
		long num;

		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		num = strtol(de->d_name, &end, 10);
		if (strcmp(end, ".git") || num < 0 || num > 100000)
			continue;
		if (*n == cap) {
			size_t nc = cap ? cap * 2 : 8;
			long *nv = realloc(v, nc * sizeof(*nv));

			if (!nv) {
				free(v);
				closedir(d);
				return MD_ENOMEM;
			}
			v = nv;
			cap = nc;
		}
		v[(*n)++] = num;
	}
	closedir(d);
	if (*n)
		qsort(v, *n, sizeof(*v), cmp_epoch_num);
	*out = v;
	return MD_OK;
}

/* The newest commit of an epoch: HEAD, else the first branch. */
static int
epoch_head(struct epoch *e)
{
	git_reference *ref = NULL;
	git_reference_iterator *it = NULL;
	int rc;

	if (git_repository_head_unborn(e->repo) == 1 ||
	    git_repository_is_empty(e->repo) == 1) {
		e->empty = 1;
		return 0;
	}
	rc = git_reference_name_to_id(&e->head, e->repo, "HEAD");
	if (!rc)
		return 0;
	if (git_reference_iterator_glob_new(&it, e->repo, "refs/heads/*"))
		return -1;
	rc = git_reference_next(&ref, it);
	if (!rc) {
		git_reference *res = NULL;

		rc = git_reference_resolve(&res, ref);
		if (!rc && git_reference_target(res))
			git_oid_cpy(&e->head, git_reference_target(res));
		else
			rc = -1;
		git_reference_free(res);
		git_reference_free(ref);
	} else {
		e->empty = 1;
		rc = 0;
	}
	git_reference_iterator_free(it);
	return rc;
}

/* Whether tree entry te is a public-inbox v1 fan-out directory: a tree
 * named by two lower-case hex digits. */
static int
is_v1_dir(const git_tree_entry *te)
{
	const char *name = git_tree_entry_name(te);

	return git_tree_entry_type(te) == GIT_OBJECT_TREE &&
	       strlen(name) == 2 && isxdigit((unsigned char)name[0]) &&
	       isxdigit((unsigned char)name[1]) && !isupper((unsigned char)name[0]) &&
	       !isupper((unsigned char)name[1]);
}

/* Whether the tree of the epoch's newest commit looks like public-inbox:
 * a file "m" or "d" at the top (v2), or fan-out directories "xx" holding
 * one file per message (v1).  Sets e->v1. */
static int
epoch_check_layout(struct epoch *e)
{
	git_commit *c = NULL;
	git_tree *t = NULL;
	int ok = 0;

	if (e->empty)
		return 1;
	if (git_commit_lookup(&c, e->repo, &e->head))
		return -1;
	if (git_commit_tree(&t, c)) {
		git_commit_free(c);
		return -1;
	}
	ok = git_tree_entry_byname(t, "m") || git_tree_entry_byname(t, "d");
	if (!ok && git_tree_entrycount(t)) {
		size_t count = git_tree_entrycount(t), dirs = 0;

		for (size_t i = 0; i < count; i++)
			dirs += is_v1_dir(git_tree_entry_byindex(t, i));
		/* v1 trees may also hold a few other files (ssoma's
		 * metadata); most of the top level is fan-out. */
		e->v1 = ok = dirs > 0 && dirs * 2 >= count;
	}
	git_tree_free(t);
	git_commit_free(c);
	return ok;
}

/*
 * The message a v1 commit adds or replaces: its tree compared with its
 * first parent's, two levels deep (xx/yyyy...).  A commit that only
 * removes a file is a deletion.  -1 on a git error.
 */
static int
v1_resolve(struct md_archive_entry *ent, git_repository *repo)
{
	git_commit *c = NULL, *parent = NULL;
	git_tree *now = NULL, *before = NULL;
	git_oid id;
	int rc = -1, found = 0;

	to_git(&id, &ent->commit);
	if (git_commit_lookup(&c, repo, &id) || git_commit_tree(&now, c))
		goto done;
	if (git_commit_parentcount(c) &&
	    (git_commit_parent(&parent, c, 0) ||
	     git_commit_tree(&before, parent)))
		goto done;
	for (size_t i = 0; i < git_tree_entrycount(now) && !found; i++) {
		const git_tree_entry *te = git_tree_entry_byindex(now, i), *old;
		git_tree *sub = NULL, *old_sub = NULL;

		if (!is_v1_dir(te))
			continue;
		old = before ? git_tree_entry_byname(before,
						     git_tree_entry_name(te))
			     : NULL;
		if (old && git_oid_equal(git_tree_entry_id(old),
					 git_tree_entry_id(te)))
			continue;
		if (git_tree_lookup(&sub, repo, git_tree_entry_id(te)) ||
		    (old && git_tree_entry_type(old) == GIT_OBJECT_TREE &&
		     git_tree_lookup(&old_sub, repo, git_tree_entry_id(old)))) {
			git_tree_free(sub);
			goto done;
		}
		for (size_t j = 0; j < git_tree_entrycount(sub); j++) {
			const git_tree_entry *m = git_tree_entry_byindex(sub, j);
			const git_tree_entry *was = old_sub ?
				git_tree_entry_byname(old_sub,
						      git_tree_entry_name(m)) :
				NULL;

			if (git_tree_entry_type(m) != GIT_OBJECT_BLOB ||
			    (was && git_oid_equal(git_tree_entry_id(was),
						  git_tree_entry_id(m))))
				continue;
			to_md(&ent->blob, git_tree_entry_id(m));
			found = 1;
			break;
		}
		git_tree_free(sub);
		git_tree_free(old_sub);
	}
	ent->deleted = !found;
	ent->resolved = 1;
	rc = 0;
done:
	git_tree_free(now);
	git_tree_free(before);
	git_commit_free(parent);
	git_commit_free(c);
	return rc;
}

static int
open_epoch(struct epoch *e, const char *path, struct md_err *err)
{
	int rc;

	e->path = strdup(path);
	if (!e->path)
		return md_err_set(err, MD_ENOMEM, "open archive: out of memory");
	if (git_repository_open_ext(&e->repo, path,
				    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL))
		return md_err_set(err, MD_ENOTARCHIVE,
				  "open archive '%s': %s", path,
				  md_err_git("not a git repository"));
	if (epoch_head(e))
		return md_err_set(err, MD_ECORRUPT,
				  "open archive '%s': cannot read HEAD: %s",
				  path, md_err_git("unknown error"));
	rc = epoch_check_layout(e);
	if (rc < 0)
		return md_err_set(err, MD_ECORRUPT,
				  "open archive '%s': cannot read newest "
				  "commit: %s",
				  path, md_err_git("unknown error"));
	if (!rc)
		return md_err_set(err, MD_ENOTARCHIVE,
				  "open archive '%s': not a public-inbox "
				  "archive (no file 'm' and no xx/ directories "
				  "in the newest commit)",
				  path);
	return MD_OK;
}

static char *
derive_name(const char *path)
{
	struct md_buf b = MD_BUF_INIT;
	char *copy = strdup(path), *base, *slash;
	size_t n;

	if (!copy)
		return NULL;
	for (;;) {
		n = strlen(copy);
		while (n > 1 && copy[n - 1] == '/')
			copy[--n] = '\0';
		slash = strrchr(copy, '/');
		base = slash ? slash + 1 : copy;
		n = strlen(base);
		if (n > 4 && !strcmp(base + n - 4, ".git"))
			base[n -= 4] = '\0';
		/* .../name/git/0.git -> name */
		if (n && strspn(base, "0123456789") == n && slash &&
		    slash - copy >= 4 && !strncmp(slash - 4, "/git", 4)) {
			slash[-4] = '\0';
			continue;
		}
		break;
	}
	if (md_buf_addstr(&b, *base ? base : "archive"))
		b.buf[0] = '\0';
	free(copy);
	return md_buf_detach(&b, NULL);
}

int
md_archive_open(struct md_archive **out, const char *path,
		struct md_err *err)
{
	struct md_archive *a;
	struct md_buf gitdir = MD_BUF_INIT, ep = MD_BUF_INIT;
	char real[PATH_MAX];
	long *nums = NULL;
	size_t n = 0;
	int rc = MD_OK;

	*out = NULL;
	if (!realpath(path, real))
		return md_err_set(err, MD_ENOTARCHIVE,
				  "open archive '%s': no such directory", path);
	if (!is_dir(real))
		return md_err_set(err, MD_ENOTARCHIVE,
				  "open archive '%s': not a directory, nor an "
				  "mbox file (no 'From ' line at the start)",
				  path);
	git_libgit2_init();
	/* Like git, trust zlib's checksum instead of hashing every object
	 * read again: the SHA-1 check costs a third of a whole-archive run. */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	/* Map packs in 32 MiB windows, at most 64 MiB at a time over all
	 * threads (libgit2's defaults are 1 GiB and 8 GiB), so the memory of
	 * a run does not grow with the size of the archive's packs. */
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)8 << 20);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)24 << 20);
	/* Every commit, tree and blob is read once: libgit2's object cache
	 * (up to 256 MiB of parsed commits and trees) would only grow. */
	git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
	a = calloc(1, sizeof(*a));
	if (!a) {
		git_libgit2_shutdown();
		return md_err_set(err, MD_ENOMEM, "open archive: out of memory");
	}
	a->path = strdup(real);
	a->name = derive_name(real);
	if (!a->path || !a->name ||
	    md_buf_addf(&gitdir, "%s/git", real)) {
		rc = md_err_set(err, MD_ENOMEM, "open archive: out of memory");
		goto done;
	}
	if (is_dir(gitdir.buf)) {
		rc = scan_epochs(&nums, &n, gitdir.buf);
		if (rc == MD_ENOMEM) {
			md_err_set(err, rc, "open archive: out of memory");
			goto done;
		}
		if (!n) {
			rc = md_err_set(err, MD_ENOTARCHIVE,
					"open archive '%s': no epochs "
					"(git/N.git) in the inbox",
					path);
			goto done;
		}
		a->epochs = calloc(n, sizeof(*a->epochs));
		if (!a->epochs) {
			rc = md_err_set(err, MD_ENOMEM,
					"open archive: out of memory");
			goto done;
		}
		for (size_t i = 0; i < n; i++) {
			md_buf_reset(&ep);
			if (md_buf_addf(&ep, "%s/%ld.git", gitdir.buf,
					nums[i])) {
				rc = md_err_set(err, MD_ENOMEM,
						"open archive: out of memory");
				goto done;
			}
			a->n_epochs = i + 1;
			rc = open_epoch(&a->epochs[i], ep.buf, err);
			if (rc)
				goto done;
		}
	} else {
		a->epochs = calloc(1, sizeof(*a->epochs));
		if (!a->epochs) {
			rc = md_err_set(err, MD_ENOMEM,
					"open archive: out of memory");
			goto done;
		}
		a->n_epochs = 1;
		rc = open_epoch(&a->epochs[0], real, err);
		if (rc)
			goto done;
	}
done:
	free(nums);
	md_buf_release(&gitdir);
	md_buf_release(&ep);
	if (rc) {
		md_archive_free(a);
		return rc;
	}
	*out = a;
	return MD_OK;
}

void
md_archive_free(struct md_archive *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n_epochs; i++) {
		git_repository_free(a->epochs[i].repo);
		free(a->epochs[i].path);
	}
	free(a->epochs);
	free(a->path);
	free(a->name);
	free(a);
	git_libgit2_shutdown();
}

size_t
md_archive_epoch_count(const struct md_archive *a)
{
	return a->n_epochs;
}

const char *
md_archive_name(const struct md_archive *a)
{
	return a->name;
}

const char *
md_archive_path(const struct md_archive *a)
{
	return a->path;
}

int
md_archive_epoch_head(struct md_oid *out, const struct md_archive *a,
		      uint32_t k)
{
	if (k >= a->n_epochs || a->epochs[k].empty) {
		memset(out, 0, sizeof(*out));
		return 0;
	}
	to_md(out, &a->epochs[k].head);
	return 1;
}

int
md_archive_is_ancestor(struct md_archive *a, uint32_t k,
		       const struct md_oid *anc, const struct md_oid *desc)
{
	git_oid x, y;

	if (k >= a->n_epochs || a->epochs[k].empty)
		return 0;
	if (!memcmp(anc, desc, sizeof(*anc)))
		return 1;
	to_git(&x, anc);
	to_git(&y, desc);
	return git_graph_descendant_of(a->epochs[k].repo, &y, &x) == 1;
}

int
md_archive_commit_time(int64_t *out, struct md_archive *a, uint32_t k,
		       const struct md_oid *c)
{
	git_commit *commit = NULL;
	git_oid id;

	if (k >= a->n_epochs || a->epochs[k].empty)
		return MD_ENOTFOUND;
	to_git(&id, c);
	if (git_commit_lookup(&commit, a->epochs[k].repo, &id))
		return MD_ENOTFOUND;
	*out = (int64_t)git_commit_time(commit);
	git_commit_free(commit);
	return MD_OK;
}

static int
is_hex_prefix(const char *s)
{
	size_t n = strlen(s);

	return n >= 4 && n <= MD_OID_HEXSZ && strspn(s, "0123456789abcdefABCDEF") == n;
}

/* Resolve one revision to (epoch, commit). */
static int
resolve_one(uint32_t *epoch, struct md_oid *oid, struct md_archive *a,
	    const char *rev, struct md_err *err)
{
	int found = 0, hex = is_hex_prefix(rev);

	for (size_t k = a->n_epochs; k-- > 0;) {
		git_object *obj = NULL, *peeled = NULL;

		if (a->epochs[k].empty)
			continue;
		if (git_revparse_single(&obj, a->epochs[k].repo, rev))
			continue;
		if (git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT)) {
			git_object_free(obj);
			continue;
		}
		if (found) {
			git_object_free(peeled);
			git_object_free(obj);
			return md_err_set(err, MD_EREV,
					  "resolve '%s': ambiguous: it names "
					  "commits in epochs %zu and %u",
					  rev, k, *epoch);
		}
		*epoch = (uint32_t)k;
		to_md(oid, git_object_id(peeled));
		found = 1;
		git_object_free(peeled);
		git_object_free(obj);
		if (!hex)
			break;
	}
	if (!found)
		return md_err_set(err, MD_EREV,
				  "resolve '%s': unknown revision", rev);
	return MD_OK;
}

/* The newest non-empty epoch, for the default end of a range. */
static int
newest_end(struct md_range *r, struct md_archive *a, struct md_err *err)
{
	for (size_t k = a->n_epochs; k-- > 0;) {
		if (a->epochs[k].empty)
			continue;
		r->end_epoch = (uint32_t)k;
		to_md(&r->end, &a->epochs[k].head);
		return MD_OK;
	}
	return md_err_set(err, MD_ENOTFOUND,
			  "read archive '%s': the archive is empty", a->path);
}

int
md_archive_resolve(struct md_range *out, struct md_archive *a,
		   const char *spec, struct md_err *err)
{
	const char *dots;
	char *left = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!spec || !*spec)
		return newest_end(out, a, err);
	dots = strstr(spec, "..");
	if (!dots)
		return resolve_one(&out->end_epoch, &out->end, a, spec, err);
	if (dots[2] == '.')
		return md_err_set(err, MD_EINVAL,
				  "range '%s': 'A...B' is not supported, "
				  "use A..B",
				  spec);
	if (strstr(dots + 2, ".."))
		return md_err_set(err, MD_EINVAL, "range '%s': bad syntax",
				  spec);
	if (dots[2])
		rc = resolve_one(&out->end_epoch, &out->end, a, dots + 2, err);
	else
		rc = newest_end(out, a, err);
	if (rc)
		return rc;
	if (dots == spec)
		return md_err_set(err, MD_EINVAL,
				  "range '%s': the start is missing", spec);
	left = strndup(spec, (size_t)(dots - spec));
	if (!left)
		return md_err_set(err, MD_ENOMEM, "range: out of memory");
	rc = resolve_one(&out->start_epoch, &out->start, a, left, err);
	if (!rc) {
		out->has_start = 1;
		if (out->start_epoch > out->end_epoch) {
			rc = md_err_set(err, MD_ENOTANCESTOR,
					"range '%s': '%s' is not an ancestor "
					"of '%s'",
					spec, left, dots[2] ? dots + 2 : "HEAD");
		} else if (out->start_epoch == out->end_epoch &&
			   memcmp(&out->start, &out->end, sizeof(out->start))) {
			git_oid s, e;

			to_git(&s, &out->start);
			to_git(&e, &out->end);
			if (git_graph_descendant_of(
				    a->epochs[out->end_epoch].repo, &e, &s) != 1)
				rc = md_err_set(err, MD_ENOTANCESTOR,
						"range '%s': '%s' is not an "
						"ancestor of '%s'",
						spec, left,
						dots[2] ? dots + 2 : "HEAD");
		}
	}
	free(left);
	return rc;
}

static int
push_entry(struct md_archive_entry **v, size_t *n, size_t *cap,
	   const struct md_archive_entry *e)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 1024;
		struct md_archive_entry *nv = realloc(*v, nc * sizeof(*nv));

		if (!nv)
			return MD_ENOMEM;
		*v = nv;
		*cap = nc;
	}
	(*v)[(*n)++] = *e;
	return MD_OK;
}

/* The entry of commit c: its time, and the blob of its "m". */
static int
fill_entry(struct md_archive_entry *ent, struct epoch *e, uint32_t k,
	   git_commit *c, struct md_err *err)
{
	git_tree *t = NULL;
	const git_tree_entry *te;
	char hex[MD_OID_HEXSZ + 1];

	memset(ent, 0, sizeof(*ent));
	if (git_commit_tree(&t, c)) {
		git_oid_tostr(hex, sizeof(hex), git_commit_id(c));
		return md_err_set(err, MD_ECORRUPT,
				  "read commit %s in '%s': %s", hex, e->path,
				  md_err_git("missing tree"));
	}
	to_md(&ent->commit, git_commit_id(c));
	to_md(&ent->tree, git_commit_tree_id(c));
	ent->resolved = 1;
	ent->time = (int64_t)git_commit_time(c);
	ent->tz_minutes = git_commit_time_offset(c);
	ent->epoch = k;
	if (e->v1) {
		git_tree_free(t);
		if (!v1_resolve(ent, e->repo))
			return MD_OK;
		git_oid_tostr(hex, sizeof(hex), git_commit_id(c));
		return md_err_set(err, MD_ECORRUPT,
				  "read commit %s in '%s': %s", hex, e->path,
				  md_err_git("missing object"));
	}
	te = git_tree_entry_byname(t, "m");
	if (te && git_tree_entry_type(te) == GIT_OBJECT_BLOB)
		to_md(&ent->blob, git_tree_entry_id(te));
	else
		ent->deleted = 1;
	git_tree_free(t);
	return MD_OK;
}

static int
missing_commit(struct epoch *e, const git_oid *id, struct md_err *err)
{
	char hex[MD_OID_HEXSZ + 1];

	git_oid_tostr(hex, sizeof(hex), id);
	return md_err_set(err, MD_ECORRUPT, "read commit %s in '%s': %s", hex,
			  e->path, md_err_git("missing object"));
}

/*
 * The fast path for a public-inbox epoch, whose history is one line:
 * follow the parents from end back to start (or the root), then reverse.
 * Each commit and tree is read once, where a revwalk reads every commit
 * twice and sorts them.  Returns 1 (nothing appended) when the history
 * turns out not to be a line, for the general walk to take over.
 */
static int
list_line(struct md_archive_entry **v, size_t *n, size_t *cap,
	  struct md_archive *a, uint32_t k, const git_oid *start,
	  const git_oid *end, struct md_err *err)
{
	struct epoch *e = &a->epochs[k];
	size_t first = *n;
	git_commit *c = NULL;
	git_oid id;
	int rc = MD_OK;

	git_oid_cpy(&id, end);
	for (;;) {
		struct md_archive_entry ent;
		unsigned parents;

		if (start && git_oid_equal(&id, start))
			break;
		if (git_commit_lookup(&c, e->repo, &id)) {
			rc = missing_commit(e, &id, err);
			break;
		}
		rc = fill_entry(&ent, e, k, c, err);
		if (!rc && push_entry(v, n, cap, &ent))
			rc = md_err_set(err, MD_ENOMEM,
					"read archive: out of memory");
		parents = git_commit_parentcount(c);
		if (!rc && parents == 1)
			git_oid_cpy(&id, git_commit_parent_id(c, 0));
		git_commit_free(c);
		if (rc)
			break;
		if (parents > 1 || (parents == 0 && start)) {
			rc = 1; /* not a line, or start not on it */
			break;
		}
		if (parents == 0)
			break;
	}
	if (rc) {
		*n = first;
		return rc;
	}
	for (size_t i = first, j = *n; i + 1 < j; i++, j--) {
		struct md_archive_entry t = (*v)[i];

		(*v)[i] = (*v)[j - 1];
		(*v)[j - 1] = t;
	}
	return MD_OK;
}

/* The general walk of one epoch, oldest first, after start if given. */
static int
list_walk(struct md_archive_entry **v, size_t *n, size_t *cap,
	  struct md_archive *a, uint32_t k, const git_oid *start,
	  const git_oid *end, struct md_err *err)
{
	struct epoch *e = &a->epochs[k];
	git_revwalk *walk = NULL;
	git_oid id;
	int rc = MD_OK, grc;

	if (git_revwalk_new(&walk, e->repo) ||
	    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE) ||
	    git_revwalk_push(walk, end) || (start && git_revwalk_hide(walk, start))) {
		rc = md_err_set(err, MD_ECORRUPT, "read archive '%s': %s",
				e->path, md_err_git("cannot walk history"));
		goto done;
	}
	while (!(grc = git_revwalk_next(&id, walk))) {
		struct md_archive_entry ent;
		git_commit *c = NULL;

		if (git_commit_lookup(&c, e->repo, &id)) {
			rc = missing_commit(e, &id, err);
			goto done;
		}
		rc = fill_entry(&ent, e, k, c, err);
		git_commit_free(c);
		if (rc)
			goto done;
		if (push_entry(v, n, cap, &ent)) {
			rc = md_err_set(err, MD_ENOMEM,
					"read archive: out of memory");
			goto done;
		}
	}
	if (grc != GIT_ITEROVER)
		rc = md_err_set(err, MD_ECORRUPT, "read archive '%s': %s",
				e->path, md_err_git("cannot walk history"));
done:
	git_revwalk_free(walk);
	return rc;
}

static int
list_epoch(struct md_archive_entry **v, size_t *n, size_t *cap,
	   struct md_archive *a, uint32_t k, const git_oid *start,
	   const git_oid *end, struct md_err *err)
{
	int rc = list_line(v, n, cap, a, k, start, end, err);

	return rc == 1 ? list_walk(v, n, cap, a, k, start, end, err) : rc;
}

int
md_archive_list(struct md_archive_entry **entries, size_t *n,
		struct md_archive *a, const struct md_range *r,
		struct md_err *err)
{
	size_t cap = 0;
	uint32_t first = r->has_start ? r->start_epoch : 0;
	int rc = MD_OK;

	*entries = NULL;
	*n = 0;
	for (uint32_t k = first; k <= r->end_epoch && !rc; k++) {
		git_oid start, end;
		int with_start = r->has_start && k == r->start_epoch;

		if (a->epochs[k].empty)
			continue;
		if (with_start)
			to_git(&start, &r->start);
		if (k == r->end_epoch)
			to_git(&end, &r->end);
		else
			git_oid_cpy(&end, &a->epochs[k].head);
		if (with_start && git_oid_equal(&start, &end))
			continue;
		rc = list_epoch(entries, n, &cap, a, k,
				with_start ? &start : NULL, &end, err);
	}
	if (!rc && (r->has_since || r->has_until)) {
		size_t kept = 0;

		for (size_t i = 0; i < *n; i++)
			if (md_range_has_time(r, (*entries)[i].time))
				(*entries)[kept++] = (*entries)[i];
		*n = kept;
	}
	if (rc) {
		free(*entries);
		*entries = NULL;
		*n = 0;
	}
	return rc;
}

int
md_range_has_time(const struct md_range *r, int64_t t)
{
	return (!r->has_since || t >= r->since) &&
	       (!r->has_until || t < r->until);
}

struct md_archive_walk {
	struct md_archive *a;
	struct md_range range;
	unsigned too_old;     /* commits before since met in a row */
	uint32_t epoch;       /* the epoch being walked */
	uint32_t first;       /* the oldest epoch to walk */
	int started;          /* next is set for this epoch */
	int done;
	git_oid next;         /* the commit to yield next */
	md_archive_commit_filter *filter; /* or NULL */
	void *filter_arg;
};

int
md_archive_walk_new(struct md_archive_walk **out, struct md_archive *a,
		    const struct md_range *r, struct md_err *err)
{
	struct md_archive_walk *w = calloc(1, sizeof(*w));

	*out = NULL;
	if (!w)
		return md_err_set(err, MD_ENOMEM, "read archive: out of memory");
	w->a = a;
	w->range = *r;
	w->epoch = r->end_epoch;
	w->first = r->has_start ? r->start_epoch : 0;
	*out = w;
	return MD_OK;
}

int
md_archive_walk_epoch_new(struct md_archive_walk **out, struct md_archive *a,
			  uint32_t k, const struct md_oid *start,
			  const struct md_oid *end, struct md_err *err)
{
	struct md_range r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.has_start = start != NULL;
	if (start)
		r.start = *start;
	r.start_epoch = r.end_epoch = k;
	r.end = *end;
	rc = md_archive_walk_new(out, a, &r, err);
	if (!rc)
		(*out)->first = k;
	return rc;
}

/* Position w at the top of its epoch, or of the next older one with
 * anything to walk; 0 when there is none left. */
static int
walk_start_epoch(struct md_archive_walk *w)
{
	const struct md_range *r = &w->range;

	for (;;) {
		struct epoch *e = &w->a->epochs[w->epoch];

		if (!e->empty) {
			if (w->epoch == r->end_epoch)
				to_git(&w->next, &r->end);
			else
				git_oid_cpy(&w->next, &e->head);
			w->started = 1;
			return 1;
		}
		if (w->epoch == w->first)
			return 0;
		w->epoch--;
	}
}

int
md_archive_walk_next(struct md_archive_entry *out, struct md_archive_walk *w,
		     struct md_err *err)
{
	const struct md_range *r = &w->range;

	for (;;) {
		struct epoch *e;
		git_commit *c = NULL;
		unsigned parents;
		int at_start, wanted;

		if (w->done)
			return MD_ENOTFOUND;
		if (!w->started && !walk_start_epoch(w)) {
			w->done = 1;
			continue;
		}
		e = &w->a->epochs[w->epoch];
		at_start = r->has_start && w->epoch == r->start_epoch;
		if (at_start) {
			git_oid s;

			to_git(&s, &r->start);
			if (git_oid_equal(&s, &w->next)) {
				w->done = 1;
				continue;
			}
		}
		if (git_commit_lookup(&c, e->repo, &w->next))
			return missing_commit(e, &w->next, err);
		memset(out, 0, sizeof(*out));
		to_md(&out->commit, git_commit_id(c));
		to_md(&out->tree, git_commit_tree_id(c));
		out->time = (int64_t)git_commit_time(c);
		out->tz_minutes = git_commit_time_offset(c);
		out->epoch = w->epoch;
		parents = git_commit_parentcount(c);
		if (parents == 1)
			git_oid_cpy(&w->next, git_commit_parent_id(c, 0));
		wanted = !w->filter || w->filter(w->filter_arg,
						 git_commit_message(c));
		git_commit_free(c);
		if (parents > 1 || (parents == 0 && at_start))
			return md_err_set(err, MD_ENONLINEAR,
					  "read archive '%s': the history is "
					  "not a single line", e->path);
		if (parents == 0) {
			if (w->epoch == w->first)
				w->done = 1;
			else
				w->epoch--;
			w->started = 0;
		}
		if (r->has_since && out->time < r->since) {
			/* Older epochs are older still: stop for good. */
			if (++w->too_old >= MD_RANGE_SINCE_SLOP)
				w->done = 1;
			continue;
		}
		w->too_old = 0;
		if (!wanted || !md_range_has_time(r, out->time))
			continue;
		return MD_OK;
	}
}

void
md_archive_walk_set_filter(struct md_archive_walk *w,
			   md_archive_commit_filter *fn, void *arg)
{
	w->filter = fn;
	w->filter_arg = arg;
}

void
md_archive_walk_free(struct md_archive_walk *w)
{
	free(w);
}

int
md_archive_reader_new(struct md_archive_reader **out,
		      const struct md_archive *a, struct md_err *err)
{
	struct md_archive_reader *r = calloc(1, sizeof(*r));

	*out = NULL;
	if (!r)
		return md_err_set(err, MD_ENOMEM, "read archive: out of memory");
	r->repos = calloc(a->n_epochs, sizeof(*r->repos));
	r->v1 = calloc(a->n_epochs, 1);
	if (!r->repos || !r->v1) {
		free(r->repos);
		free(r->v1);
		free(r);
		return md_err_set(err, MD_ENOMEM, "read archive: out of memory");
	}
	git_libgit2_init();
	r->n = a->n_epochs;
	for (size_t i = 0; i < a->n_epochs; i++) {
		r->v1[i] = (unsigned char)a->epochs[i].v1;
		if (git_repository_open_bare(&r->repos[i], a->epochs[i].path)) {
			md_err_set(err, MD_ENOTARCHIVE,
				   "open archive '%s': %s", a->epochs[i].path,
				   md_err_git("cannot open"));
			md_archive_reader_free(r);
			return MD_ENOTARCHIVE;
		}
	}
	*out = r;
	return MD_OK;
}

void
md_archive_reader_free(struct md_archive_reader *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		git_repository_free(r->repos[i]);
	free(r->repos);
	free(r->v1);
	free(r);
	git_libgit2_shutdown();
}

int
md_archive_read(struct md_blob **out, struct md_archive_reader *r,
		uint32_t epoch, const struct md_oid *blob, struct md_err *err)
{
	struct md_blob *b;
	git_oid id;

	*out = NULL;
	if (epoch >= r->n)
		return md_err_set(err, MD_EINVAL, "read blob: bad epoch %u",
				  epoch);
	b = calloc(1, sizeof(*b));
	if (!b)
		return md_err_set(err, MD_ENOMEM, "read blob: out of memory");
	to_git(&id, blob);
	if (git_blob_lookup(&b->blob, r->repos[epoch], &id)) {
		char hex[MD_OID_HEXSZ + 1];
		const char *path = git_repository_path(r->repos[epoch]);
		size_t plen = strlen(path);

		git_oid_tostr(hex, sizeof(hex), &id);
		free(b);
		if (plen > 1 && path[plen - 1] == '/')
			plen--;
		return md_err_set(err, MD_ECORRUPT,
				  "read message %s in '%.*s': %s", hex,
				  (int)plen, path,
				  md_err_git("missing object"));
	}
	*out = b;
	return MD_OK;
}

int
md_archive_read_entry(struct md_blob **out, struct md_archive_reader *r,
		      struct md_archive_entry *ent, struct md_err *err)
{
	*out = NULL;
	if (ent->epoch >= r->n)
		return md_err_set(err, MD_EINVAL, "read blob: bad epoch %u",
				  ent->epoch);
	if (!ent->resolved && r->v1[ent->epoch]) {
		if (v1_resolve(ent, r->repos[ent->epoch])) {
			char hex[MD_OID_HEXSZ + 1];

			md_oid_fmt(hex, MD_OID_HEXSZ, &ent->commit);
			return md_err_set(err, MD_ECORRUPT,
					  "read commit %s in '%s': %s", hex,
					  git_repository_path(r->repos[ent->epoch]),
					  md_err_git("missing object"));
		}
	} else if (!ent->resolved) {
		git_tree *t = NULL;
		const git_tree_entry *te;
		git_oid id;

		to_git(&id, &ent->tree);
		if (git_tree_lookup(&t, r->repos[ent->epoch], &id)) {
			char hex[MD_OID_HEXSZ + 1];

			md_oid_fmt(hex, MD_OID_HEXSZ, &ent->commit);
			return md_err_set(err, MD_ECORRUPT,
					  "read commit %s in '%s': %s", hex,
					  git_repository_path(r->repos[ent->epoch]),
					  md_err_git("missing tree"));
		}
		te = git_tree_entry_byname(t, "m");
		if (te && git_tree_entry_type(te) == GIT_OBJECT_BLOB)
			to_md(&ent->blob, git_tree_entry_id(te));
		else
			ent->deleted = 1;
		ent->resolved = 1;
		git_tree_free(t);
	}
	if (ent->deleted)
		return MD_OK;
	return md_archive_read(out, r, ent->epoch, &ent->blob, err);
}

const char *
md_blob_data(const struct md_blob *b)
{
	return git_blob_rawcontent(b->blob);
}

size_t
md_blob_size(const struct md_blob *b)
{
	return (size_t)git_blob_rawsize(b->blob);
}

void
md_blob_free(struct md_blob *b)
{
	if (!b)
		return;
	git_blob_free(b->blob);
	free(b);
}
