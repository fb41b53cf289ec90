/*
 * cache.c - the SQLite cache (see cache.h for what it holds).
 *
 * Schema, version MD_CACHE_SCHEMA (with the facts version, in
 * PRAGMA user_version):
 *
 *   archive(id, path UNIQUE, last_epoch, last_commit, last_time)
 *   entry(archive, epoch, seq, commit_id, blob, time, tz)
 *       PRIMARY KEY (archive, epoch, seq); blob NULL for a deletion;
 *       indexed by commit and by (archive, epoch, time)
 *   msg(id, blob UNIQUE, message_id, in_reply_to, refs, subject,
 *       list_id, date, from_name, from_addr, author_name, author_addr,
 *       inbody, defects, excerpt, trailers, verdict, paths, change_id,
 *       slug, norm_title)
 *       refs, paths: strings, each followed by a NUL byte;
 *       trailers: kind digit, name, address, each followed by a NUL;
 *       change_id, slug, norm_title: the revision keys of a series head
 *       (lib/revision.h), NULL for other mail, indexed
 *
 * Statements are prepared once per connection.  Text read back is
 * copied into malloc'd strings: nothing of SQLite's crosses the module.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "lib/cache.h"
#include "lib/review.h"
#include "lib/revision.h"
#include "util/banned.h"

#define USER_VERSION (MD_CACHE_SCHEMA * 65536 + MD_MSG_FACTS_VERSION)
#define BUSY_TIMEOUT_MS 60000

enum stmt_id {
	S_ARCHIVE_GET,
	S_ARCHIVE_ADD,
	S_BEGIN,
	S_COMMIT,
	S_ROLLBACK,
	S_MSG_PUT,
	S_TIP,
	S_ENTRY_SEQ,
	S_ENTRY_PUT,
	S_DROP_EPOCH,
	S_SPAN,
	S_SPAN_TIME,
	S_LAST_GET,
	S_LAST_SET,
	S_HEADS_CHANGE,
	S_HEADS_SLUG,
	S_HEADS_TITLE,
	S_COUNT
};

#define MSG_COLUMNS \
	"message_id, in_reply_to, refs, subject, list_id, date, from_name, " \
	"from_addr, author_name, author_addr, inbody, defects, excerpt, " \
	"trailers, verdict, paths, change_id"
#define MSG_COLUMNS_M \
	"m.message_id, m.in_reply_to, m.refs, m.subject, m.list_id, m.date, " \
	"m.from_name, m.from_addr, m.author_name, m.author_addr, m.inbody, " \
	"m.defects, m.excerpt, m.trailers, m.verdict, m.paths, m.change_id"
#define N_MSG_COLUMNS 17
#define HEADS_SELECT \
	"SELECT m.message_id, m.subject, e.time, e.epoch, e.seq, m.blob " \
	"FROM msg m JOIN entry e ON e.blob = m.blob WHERE e.archive = ?1 AND "


static const char *const stmt_sql[S_COUNT] = {
	[S_ARCHIVE_GET] = "SELECT id FROM archive WHERE path = ?1",
	[S_ARCHIVE_ADD] = "INSERT OR IGNORE INTO archive(path) VALUES (?1)",
	[S_BEGIN] = "BEGIN IMMEDIATE",
	[S_COMMIT] = "COMMIT",
	[S_ROLLBACK] = "ROLLBACK",
	[S_MSG_PUT] = "INSERT OR IGNORE INTO msg(blob, " MSG_COLUMNS
		      ", slug, norm_title) "
		      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
		      "?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
	[S_TIP] = "SELECT seq, commit_id FROM entry WHERE archive = ?1 AND "
		  "epoch = ?2 ORDER BY seq DESC LIMIT 1",
	[S_ENTRY_SEQ] = "SELECT seq FROM entry WHERE archive = ?1 AND "
			"epoch = ?2 AND commit_id = ?3",
	[S_ENTRY_PUT] = "INSERT INTO entry(archive, epoch, seq, commit_id, "
			"blob, time, tz) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[S_DROP_EPOCH] = "DELETE FROM entry WHERE archive = ?1 AND epoch = ?2",
	[S_SPAN] = "SELECT e.commit_id, e.blob, e.time, e.tz, m.id, "
		   MSG_COLUMNS_M " FROM entry e LEFT JOIN msg m ON "
		   "m.blob = e.blob WHERE e.archive = ?1 AND e.epoch = ?2 AND "
		   "e.seq > ?3 AND e.seq <= ?4 ORDER BY e.seq",
	/* The same within receive-time bounds, found through the time
	 * index rather than by reading the whole span. */
	[S_SPAN_TIME] = "SELECT e.commit_id, e.blob, e.time, e.tz, m.id, "
			MSG_COLUMNS_M " FROM entry e INDEXED BY entry_time "
			"LEFT JOIN msg m ON m.blob = e.blob WHERE "
			"e.archive = ?1 AND e.epoch = ?2 AND e.time >= ?5 AND "
			"e.time < ?6 AND e.seq > ?3 AND e.seq <= ?4 "
			"ORDER BY e.seq",
	[S_LAST_GET] = "SELECT last_epoch, last_commit, last_time FROM archive "
		       "WHERE id = ?1",
	[S_LAST_SET] = "UPDATE archive SET last_epoch = ?2, last_commit = ?3, "
		       "last_time = ?4 WHERE id = ?1",
	[S_HEADS_CHANGE] = HEADS_SELECT "m.change_id = ?2",
	[S_HEADS_SLUG] = HEADS_SELECT "m.slug = ?2",
	[S_HEADS_TITLE] = HEADS_SELECT "m.norm_title = ?2 AND "
			  "m.author_addr = ?3 COLLATE NOCASE",
};

static const char schema_sql[] =
	"CREATE TABLE archive ("
	"  id INTEGER PRIMARY KEY,"
	"  path TEXT NOT NULL UNIQUE,"
	"  last_epoch INTEGER,"
	"  last_commit BLOB,"
	"  last_time INTEGER);"
	"CREATE TABLE entry ("
	"  archive INTEGER NOT NULL,"
	"  epoch INTEGER NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  commit_id BLOB NOT NULL,"
	"  blob BLOB,"
	"  time INTEGER NOT NULL,"
	"  tz INTEGER NOT NULL,"
	"  PRIMARY KEY (archive, epoch, seq)) WITHOUT ROWID;"
	"CREATE INDEX entry_commit ON entry(archive, epoch, commit_id);"
	"CREATE INDEX entry_time ON entry(archive, epoch, time);"
	"CREATE INDEX entry_blob ON entry(blob);"
	"CREATE TABLE msg ("
	"  id INTEGER PRIMARY KEY,"
	"  blob BLOB NOT NULL UNIQUE,"
	"  message_id TEXT NOT NULL,"
	"  in_reply_to TEXT NOT NULL,"
	"  refs BLOB,"
	"  subject TEXT NOT NULL,"
	"  list_id TEXT NOT NULL,"
	"  date INTEGER NOT NULL,"
	"  from_name TEXT NOT NULL,"
	"  from_addr TEXT NOT NULL,"
	"  author_name TEXT NOT NULL,"
	"  author_addr TEXT NOT NULL,"
	"  inbody INTEGER NOT NULL,"
	"  defects INTEGER NOT NULL,"
	"  excerpt TEXT,"
	"  trailers BLOB,"
	"  verdict INTEGER NOT NULL,"
	"  paths BLOB,"
	"  change_id TEXT,"
	"  slug TEXT,"
	"  norm_title TEXT);"
	"CREATE INDEX msg_change_id ON msg(change_id) "
	"  WHERE change_id IS NOT NULL;"
	"CREATE INDEX msg_slug ON msg(slug) WHERE slug IS NOT NULL;"
	"CREATE INDEX msg_title ON msg(norm_title, author_addr COLLATE NOCASE) "
	"  WHERE norm_title IS NOT NULL;";

struct md_cache {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *stmt[S_COUNT];
	int in_tx;
};

static int
db_fail(struct md_cache *c, struct md_err *err, const char *what)
{
	return md_err_set(err, MD_ECACHE, "cache '%s': %s: %s", c->path, what,
			  c->db ? sqlite3_errmsg(c->db) : "cannot open");
}

static sqlite3_stmt *
stmt(struct md_cache *c, enum stmt_id id)
{
	sqlite3_stmt *s = c->stmt[id];

	if (!s) {
		if (sqlite3_prepare_v3(c->db, stmt_sql[id], -1,
				       SQLITE_PREPARE_PERSISTENT, &s, NULL))
			return NULL;
		c->stmt[id] = s;
	}
	return s;
}

static void
done_with(sqlite3_stmt *s)
{
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
}

/* Run a statement with no result rows. */
static int
run(struct md_cache *c, enum stmt_id id, struct md_err *err)
{
	sqlite3_stmt *s = stmt(c, id);
	int rc;

	if (!s)
		return db_fail(c, err, "prepare");
	rc = sqlite3_step(s);
	done_with(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_fail(c, err, "write");
	return MD_OK;
}

/* Create the tables, or empty the file and create them when it holds
 * another version's; under the write lock, so concurrent openers agree. */
static int
read_version(struct md_cache *c, int *version)
{
	sqlite3_stmt *s = NULL;
	int rc = -1;

	if (!sqlite3_prepare_v2(c->db, "PRAGMA user_version", -1, &s, NULL) &&
	    sqlite3_step(s) == SQLITE_ROW) {
		*version = sqlite3_column_int(s, 0);
		rc = 0;
	}
	sqlite3_finalize(s);
	return rc;
}

static int
check_schema(struct md_cache *c, struct md_err *err)
{
	sqlite3_stmt *s = NULL;
	int version = -1, n_tables = 0, rc = MD_OK;

	/* The common case, without taking the write lock. */
	if (!read_version(c, &version) && version == USER_VERSION)
		return MD_OK;
	if (sqlite3_exec(c->db, "BEGIN IMMEDIATE", NULL, NULL, NULL))
		return db_fail(c, err, "lock");
	if (read_version(c, &version)) {
		rc = db_fail(c, err, "read the schema version");
		goto done;
	}
	if (version == USER_VERSION)
		goto done;
	if (sqlite3_prepare_v2(c->db,
			       "SELECT count(*) FROM sqlite_master "
			       "WHERE type = 'table'", -1, &s, NULL) ||
	    sqlite3_step(s) != SQLITE_ROW) {
		rc = db_fail(c, err, "read the schema");
		goto done;
	}
	n_tables = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	s = NULL;
	if (n_tables && sqlite3_exec(c->db,
				     "DROP TABLE IF EXISTS entry;"
				     "DROP TABLE IF EXISTS msg;"
				     "DROP TABLE IF EXISTS archive;",
				     NULL, NULL, NULL)) {
		rc = db_fail(c, err, "drop an old schema");
		goto done;
	}
	if (sqlite3_exec(c->db, schema_sql, NULL, NULL, NULL)) {
		rc = db_fail(c, err, "create the schema");
		goto done;
	}
	{
		char pragma[64];

		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d",
			 USER_VERSION);
		if (sqlite3_exec(c->db, pragma, NULL, NULL, NULL))
			rc = db_fail(c, err, "set the schema version");
	}
done:
	sqlite3_finalize(s);
	if (rc || sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL)) {
		if (!rc)
			rc = db_fail(c, err, "create the schema");
		sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
	}
	return rc;
}

/*
 * Switch a new file to WAL mode.  The switch needs an exclusive lock,
 * and while another connection creates the schema SQLite answers BUSY
 * at once instead of waiting (to avoid a deadlock), so wait here.  Once
 * set, the mode is stored in the file and this is a no-op.
 */
static int
set_wal(struct md_cache *c)
{
	int rc;

	for (int waited = 0;; waited += 10) {
		/* journal_mode answers with a row: exec ignores it. */
		rc = sqlite3_exec(c->db, "PRAGMA journal_mode = WAL", NULL,
				  NULL, NULL);
		if ((rc & 0xff) != SQLITE_BUSY || waited >= BUSY_TIMEOUT_MS)
			return rc;
		sqlite3_sleep(10);
	}
}

int
md_cache_open(struct md_cache **out, const char *path, struct md_err *err)
{
	struct md_cache *c = calloc(1, sizeof(*c));
	int rc;

	*out = NULL;
	if (!c || !(c->path = strdup(path))) {
		free(c);
		return md_err_set(err, MD_ENOMEM, "cache: out of memory");
	}
	if (sqlite3_open_v2(path, &c->db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
				    SQLITE_OPEN_NOMUTEX,
			    NULL)) {
		rc = db_fail(c, err, "open");
		goto fail;
	}
	sqlite3_busy_timeout(c->db, BUSY_TIMEOUT_MS);
	rc = set_wal(c);
	if (rc || sqlite3_exec(c->db, "PRAGMA synchronous = NORMAL", NULL,
			       NULL, NULL)) {
		rc = db_fail(c, err, "open");
		goto fail;
	}
	rc = check_schema(c, err);
	if (rc)
		goto fail;
	*out = c;
	return MD_OK;
fail:
	md_cache_free(c);
	return rc;
}

void
md_cache_free(struct md_cache *c)
{
	if (!c)
		return;
	if (c->in_tx)
		md_cache_rollback(c);
	for (int i = 0; i < S_COUNT; i++)
		sqlite3_finalize(c->stmt[i]);
	sqlite3_close(c->db);
	free(c->path);
	free(c);
}

int
md_cache_archive_id(int64_t *out, struct md_cache *c, const char *path,
		    struct md_err *err)
{
	for (int pass = 0; pass < 2; pass++) {
		sqlite3_stmt *s = stmt(c, S_ARCHIVE_GET);
		int rc;

		if (!s)
			return db_fail(c, err, "prepare");
		sqlite3_bind_text(s, 1, path, -1, SQLITE_STATIC);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			*out = sqlite3_column_int64(s, 0);
			done_with(s);
			return MD_OK;
		}
		done_with(s);
		if (rc != SQLITE_DONE)
			return db_fail(c, err, "read");
		s = stmt(c, S_ARCHIVE_ADD);
		if (!s)
			return db_fail(c, err, "prepare");
		sqlite3_bind_text(s, 1, path, -1, SQLITE_STATIC);
		rc = sqlite3_step(s);
		done_with(s);
		if (rc != SQLITE_DONE)
			return db_fail(c, err, "add an archive");
	}
	return db_fail(c, err, "add an archive");
}

int
md_cache_begin(struct md_cache *c, struct md_err *err)
{
	int rc = run(c, S_BEGIN, err);

	if (!rc)
		c->in_tx = 1;
	return rc;
}

int
md_cache_commit(struct md_cache *c, struct md_err *err)
{
	int rc = run(c, S_COMMIT, err);

	if (rc)
		md_cache_rollback(c);
	c->in_tx = 0;
	return rc;
}

void
md_cache_rollback(struct md_cache *c)
{
	run(c, S_ROLLBACK, NULL);
	c->in_tx = 0;
}

static void
bind_oid(sqlite3_stmt *s, int col, const struct md_oid *oid)
{
	sqlite3_bind_blob(s, col, oid->id, MD_OID_RAWSZ, SQLITE_STATIC);
}

static int
column_oid(struct md_oid *out, sqlite3_stmt *s, int col)
{
	if (sqlite3_column_bytes(s, col) != MD_OID_RAWSZ) {
		memset(out, 0, sizeof(*out));
		return 0;
	}
	memcpy(out->id, sqlite3_column_blob(s, col), MD_OID_RAWSZ);
	return 1;
}

int
md_cache_put_msg(struct md_cache *c, const struct md_rmsg *m,
		 struct md_err *err)
{
	sqlite3_stmt *s = stmt(c, S_MSG_PUT);
	const struct md_mail *ml = &m->mail;
	struct md_buf refs = MD_BUF_INIT, trailers = MD_BUF_INIT;
	struct md_buf paths = MD_BUF_INIT, title = MD_BUF_INIT;
	char slug[256];
	int rc = MD_OK, head;

	if (!s)
		return db_fail(c, err, "prepare");
	head = m->patch_mail && md_subject_is_series_head(&m->subj);
	for (size_t i = 0; i < ml->n_refs && !rc; i++)
		rc = md_buf_add(&refs, ml->refs[i], strlen(ml->refs[i]) + 1);
	for (size_t i = 0; i < m->n_trailers && !rc; i++) {
		const struct md_trailer *t = &m->trailers[i];

		rc = md_buf_addch(&trailers, '0' + (int)t->kind);
		if (!rc)
			rc = md_buf_add(&trailers, "", 1);
		if (!rc)
			rc = md_buf_add(&trailers, t->name, strlen(t->name) + 1);
		if (!rc)
			rc = md_buf_add(&trailers, t->addr, strlen(t->addr) + 1);
	}
	for (size_t i = 0; i < m->n_paths && !rc; i++)
		rc = md_buf_add(&paths, m->paths[i], strlen(m->paths[i]) + 1);
	if (!rc && head)
		rc = md_revision_title(&title, m->subj.title);
	if (rc) {
		md_buf_release(&refs);
		md_buf_release(&trailers);
		md_buf_release(&paths);
		md_buf_release(&title);
		return md_err_set(err, MD_ENOMEM, "cache: out of memory");
	}
	bind_oid(s, 1, &m->blob);
	sqlite3_bind_text(s, 2, ml->message_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, ml->in_reply_to, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 4, refs.buf, (int)md_buf_len(&refs),
			  SQLITE_STATIC);
	sqlite3_bind_text(s, 5, ml->subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, ml->list_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 7, ml->date);
	sqlite3_bind_text(s, 8, ml->from.name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 9, ml->from.addr, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 10, ml->author.name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 11, ml->author.addr, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 12, ml->has_inbody_from);
	sqlite3_bind_int64(s, 13, ml->defects);
	if (m->excerpt)
		sqlite3_bind_text(s, 14, m->excerpt, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 14);
	sqlite3_bind_blob(s, 15, trailers.buf, (int)md_buf_len(&trailers),
			  SQLITE_STATIC);
	sqlite3_bind_int(s, 16, m->verdict);
	sqlite3_bind_blob(s, 17, paths.buf, (int)md_buf_len(&paths),
			  SQLITE_STATIC);
	if (m->change_id)
		sqlite3_bind_text(s, 18, m->change_id, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 18);
	if (head && md_revision_slug(slug, sizeof(slug), ml->message_id))
		sqlite3_bind_text(s, 19, slug, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 19);
	if (head)
		sqlite3_bind_text(s, 20, title.buf ? title.buf : "", -1,
				  SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 20);
	rc = sqlite3_step(s);
	done_with(s);
	md_buf_release(&refs);
	md_buf_release(&trailers);
	md_buf_release(&paths);
	md_buf_release(&title);
	if (rc != SQLITE_DONE)
		return db_fail(c, err, "store a message");
	return MD_OK;
}

static int
column_str(char **out, sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);
	int n = sqlite3_column_bytes(s, col);

	*out = malloc((size_t)n + 1);
	if (!*out)
		return MD_ENOMEM;
	if (n)
		memcpy(*out, t, (size_t)n);
	(*out)[n] = '\0';
	return MD_OK;
}

/* NUL-terminated strings of a blob column as a malloc'd array. */
static int
column_strings(char ***out, size_t *n, sqlite3_stmt *s, int col)
{
	const char *p = sqlite3_column_blob(s, col);
	size_t len = (size_t)sqlite3_column_bytes(s, col), k = 0;

	*out = NULL;
	*n = 0;
	for (size_t i = 0; i < len; i++)
		k += !p[i];
	if (!k)
		return MD_OK;
	*out = calloc(k, sizeof(**out));
	if (!*out)
		return MD_ENOMEM;
	for (size_t i = 0; i < len && *n < k;) {
		size_t l = strnlen(p + i, len - i);

		(*out)[*n] = strndup(p + i, l);
		if (!(*out)[*n])
			return MD_ENOMEM;
		(*n)++;
		i += l + 1;
	}
	return MD_OK;
}

static int
column_trailers(struct md_rmsg *m, sqlite3_stmt *s, int col)
{
	char **v = NULL;
	size_t n = 0;
	int rc = column_strings(&v, &n, s, col);

	if (!rc && n >= 3) {
		m->trailers = calloc(n / 3, sizeof(*m->trailers));
		if (!m->trailers)
			rc = MD_ENOMEM;
	}
	for (size_t i = 0; i + 2 < n && !rc; i += 3) {
		struct md_trailer *t = &m->trailers[m->n_trailers++];

		t->kind = (enum md_trailer_kind)(v[i][0] - '0');
		t->name = v[i + 1];
		t->addr = v[i + 2];
		v[i + 1] = v[i + 2] = NULL;
	}
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
	return rc;
}

/* The facts of a message from the N_MSG_COLUMNS columns from col. */
static int
row_to_msg(struct md_rmsg **out, sqlite3_stmt *s, int col)
{
	struct md_rmsg *m = calloc(1, sizeof(*m));
	struct md_mail *ml;
	int rc = MD_OK;

	*out = NULL;
	if (!m)
		return MD_ENOMEM;
	ml = &m->mail;
	rc = column_str(&ml->message_id, s, col + 0);
	if (!rc)
		rc = column_str(&ml->in_reply_to, s, col + 1);
	if (!rc)
		rc = column_strings(&ml->refs, &ml->n_refs, s, col + 2);
	if (!rc)
		rc = column_str(&ml->subject, s, col + 3);
	if (!rc)
		rc = column_str(&ml->list_id, s, col + 4);
	ml->date = sqlite3_column_int64(s, col + 5);
	if (!rc)
		rc = column_str(&ml->from.name, s, col + 6);
	if (!rc)
		rc = column_str(&ml->from.addr, s, col + 7);
	if (!rc)
		rc = column_str(&ml->author.name, s, col + 8);
	if (!rc)
		rc = column_str(&ml->author.addr, s, col + 9);
	ml->has_inbody_from = sqlite3_column_int(s, col + 10);
	ml->defects = (unsigned)sqlite3_column_int64(s, col + 11);
	if (!rc && sqlite3_column_type(s, col + 12) != SQLITE_NULL)
		rc = column_str(&m->excerpt, s, col + 12);
	if (!rc)
		rc = column_trailers(m, s, col + 13);
	m->verdict = sqlite3_column_int(s, col + 14);
	if (!rc)
		rc = column_strings(&m->paths, &m->n_paths, s, col + 15);
	if (!rc && sqlite3_column_type(s, col + 16) != SQLITE_NULL)
		rc = column_str(&m->change_id, s, col + 16);
	if (rc) {
		md_rmsg_free(m);
		return rc;
	}
	md_rmsg_derive(m);
	*out = m;
	return MD_OK;
}

int
md_cache_epoch_tip(size_t *count, struct md_oid *tip, struct md_cache *c,
		   int64_t archive, uint32_t epoch, struct md_err *err)
{
	sqlite3_stmt *s = stmt(c, S_TIP);
	int rc;

	*count = 0;
	memset(tip, 0, sizeof(*tip));
	if (!s)
		return db_fail(c, err, "prepare");
	sqlite3_bind_int64(s, 1, archive);
	sqlite3_bind_int64(s, 2, epoch);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*count = (size_t)sqlite3_column_int64(s, 0);
		column_oid(tip, s, 1);
	}
	done_with(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(c, err, "read the index");
	return MD_OK;
}

int
md_cache_entry_seq(size_t *seq, struct md_cache *c, int64_t archive,
		   uint32_t epoch, const struct md_oid *commit,
		   struct md_err *err)
{
	sqlite3_stmt *s = stmt(c, S_ENTRY_SEQ);
	int rc;

	if (!s)
		return db_fail(c, err, "prepare");
	sqlite3_bind_int64(s, 1, archive);
	sqlite3_bind_int64(s, 2, epoch);
	bind_oid(s, 3, commit);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*seq = (size_t)sqlite3_column_int64(s, 0);
	done_with(s);
	if (rc == SQLITE_DONE)
		return MD_ENOTFOUND;
	if (rc != SQLITE_ROW)
		return db_fail(c, err, "read the index");
	return MD_OK;
}

int
md_cache_put_entry(struct md_cache *c, int64_t archive, size_t seq,
		   const struct md_archive_entry *ent, struct md_err *err)
{
	sqlite3_stmt *s = stmt(c, S_ENTRY_PUT);
	int rc;

	if (!s)
		return db_fail(c, err, "prepare");
	sqlite3_bind_int64(s, 1, archive);
	sqlite3_bind_int64(s, 2, ent->epoch);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)seq);
	bind_oid(s, 4, &ent->commit);
	if (ent->deleted)
		sqlite3_bind_null(s, 5);
	else
		bind_oid(s, 5, &ent->blob);
	sqlite3_bind_int64(s, 6, ent->time);
	sqlite3_bind_int(s, 7, ent->tz_minutes);
	rc = sqlite3_step(s);
	done_with(s);
	if (rc != SQLITE_DONE)
		return db_fail(c, err, "store the index");
	return MD_OK;
}

int
md_cache_drop_epoch(struct md_cache *c, int64_t archive, uint32_t epoch,
		    struct md_err *err)
{
	sqlite3_stmt *s = stmt(c, S_DROP_EPOCH);
	int rc;

	if (!s)
		return db_fail(c, err, "prepare");
	sqlite3_bind_int64(s, 1, archive);
	sqlite3_bind_int64(s, 2, epoch);
	rc = sqlite3_step(s);
	done_with(s);
	if (rc != SQLITE_DONE)
		return db_fail(c, err, "drop an epoch");
	return MD_OK;
}

static int
grow(struct md_archive_entry **ents, struct md_rmsg ***msgs, size_t n,
     size_t *cap)
{
	struct md_archive_entry *ne;
	struct md_rmsg **nm;
	size_t nc;

	if (n < *cap)
		return MD_OK;
	nc = *cap ? *cap * 2 : 256;
	ne = realloc(*ents, nc * sizeof(*ne));
	if (!ne)
		return MD_ENOMEM;
	*ents = ne;
	nm = realloc(*msgs, nc * sizeof(*nm));
	if (!nm)
		return MD_ENOMEM;
	*msgs = nm;
	*cap = nc;
	return MD_OK;
}

int
md_cache_load_span(struct md_archive_entry **ents, struct md_rmsg ***msgs,
		   size_t *n, struct md_cache *c, int64_t archive,
		   uint32_t epoch, size_t after, size_t upto, int64_t since,
		   int64_t until, struct md_err *err)
{
	int timed = since != INT64_MIN || until != INT64_MAX;
	sqlite3_stmt *s = stmt(c, timed ? S_SPAN_TIME : S_SPAN);
	size_t cap = *n;
	int rc = MD_OK, step;

	if (!s)
		return db_fail(c, err, "prepare");
	sqlite3_bind_int64(s, 1, archive);
	sqlite3_bind_int64(s, 2, epoch);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)after);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)upto);
	if (timed) {
		sqlite3_bind_int64(s, 5, since);
		sqlite3_bind_int64(s, 6, until);
	}
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct md_archive_entry *e;
		struct md_rmsg *m = NULL;

		if (grow(ents, msgs, *n + 1, &cap)) {
			rc = md_err_set(err, MD_ENOMEM, "cache: out of memory");
			break;
		}
		e = &(*ents)[*n];
		memset(e, 0, sizeof(*e));
		column_oid(&e->commit, s, 0);
		e->deleted = !column_oid(&e->blob, s, 1);
		e->time = sqlite3_column_int64(s, 2);
		e->tz_minutes = sqlite3_column_int(s, 3);
		e->epoch = epoch;
		e->resolved = 1;
		if (!e->deleted) {
			if (sqlite3_column_type(s, 4) == SQLITE_NULL) {
				rc = MD_ENOTFOUND;
				break;
			}
			if (row_to_msg(&m, s, 5)) {
				rc = md_err_set(err, MD_ENOMEM,
						"cache: out of memory");
				break;
			}
			m->commit = e->commit;
			m->blob = e->blob;
			m->time = e->time;
			m->tz_minutes = e->tz_minutes;
			m->epoch = epoch;
		}
		(*msgs)[*n] = m;
		(*n)++;
	}
	if (!rc && step != SQLITE_DONE)
		rc = db_fail(c, err, "read the index");
	done_with(s);
	return rc;
}

int
md_cache_get_last(int *found, uint32_t *epoch, struct md_oid *commit,
		  int64_t *time, struct md_cache *c, int64_t archive,
		  struct md_err *err)
{
	sqlite3_stmt *s = stmt(c, S_LAST_GET);
	int rc;

	*found = 0;
	if (!s)
		return db_fail(c, err, "prepare");
	sqlite3_bind_int64(s, 1, archive);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
		*epoch = (uint32_t)sqlite3_column_int64(s, 0);
		*found = column_oid(commit, s, 1);
		*time = sqlite3_column_int64(s, 2);
	}
	done_with(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(c, err, "read the last report");
	return MD_OK;
}

int
md_cache_set_last(struct md_cache *c, int64_t archive, uint32_t epoch,
		  const struct md_oid *commit, int64_t time, struct md_err *err)
{
	sqlite3_stmt *s = stmt(c, S_LAST_SET);
	int rc;

	if (!s)
		return db_fail(c, err, "prepare");
	sqlite3_bind_int64(s, 1, archive);
	sqlite3_bind_int64(s, 2, epoch);
	bind_oid(s, 3, commit);
	sqlite3_bind_int64(s, 4, time);
	rc = sqlite3_step(s);
	done_with(s);
	if (rc != SQLITE_DONE)
		return db_fail(c, err, "store the last report");
	return MD_OK;
}

void
md_cache_heads_free(struct md_cache_head *h, size_t n)
{
	for (size_t i = 0; h && i < n; i++) {
		free(h[i].message_id);
		free(h[i].subject);
	}
	free(h);
}

int
md_cache_find_heads(struct md_cache_head **out, size_t *n, struct md_cache *c,
		    int64_t archive, enum md_cache_key key, const char *value,
		    const char *author_addr, struct md_err *err)
{
	enum stmt_id id = key == MD_CACHE_KEY_CHANGE_ID ? S_HEADS_CHANGE :
			  key == MD_CACHE_KEY_SLUG ? S_HEADS_SLUG :
			  S_HEADS_TITLE;
	sqlite3_stmt *s = stmt(c, id);
	struct md_cache_head *v = NULL;
	size_t cap = 0;
	int rc = MD_OK, step;

	*out = NULL;
	*n = 0;
	if (!s)
		return db_fail(c, err, "prepare");
	sqlite3_bind_int64(s, 1, archive);
	sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
	if (key == MD_CACHE_KEY_TITLE)
		sqlite3_bind_text(s, 3, author_addr, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct md_cache_head *h;

		if (*n == cap) {
			size_t nc = cap ? cap * 2 : 8;
			struct md_cache_head *nv = realloc(v, nc * sizeof(*nv));

			if (!nv) {
				rc = MD_ENOMEM;
				break;
			}
			v = nv;
			cap = nc;
		}
		h = &v[(*n)++];
		memset(h, 0, sizeof(*h));
		h->time = sqlite3_column_int64(s, 2);
		h->epoch = (uint32_t)sqlite3_column_int64(s, 3);
		h->seq = (size_t)sqlite3_column_int64(s, 4);
		column_oid(&h->blob, s, 5);
		if (column_str(&h->message_id, s, 0) ||
		    column_str(&h->subject, s, 1)) {
			rc = MD_ENOMEM;
			break;
		}
	}
	if (!rc && step != SQLITE_DONE)
		rc = db_fail(c, err, "look up earlier versions");
	else if (rc)
		md_err_set(err, rc, "cache: out of memory");
	done_with(s);
	if (rc) {
		md_cache_heads_free(v, *n);
		*n = 0;
		return rc;
	}
	*out = v;
	return MD_OK;
}
