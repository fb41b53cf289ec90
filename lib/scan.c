/*
 * scan.c - the parallel reader: a feed of archive entries, workers that
 * read and parse them.
 *
 * The feed is a list of fixed-size blocks that never move once
 * allocated, so workers can work on entries while the producer appends
 * more.  The producer publishes entries in chunks; a worker takes the
 * next published chunk under the lock and works on it without the lock,
 * writing only the slots of its chunk.  The lock and condition variable
 * guard the counters, the block table and the error.
 *
 * In a range walk the producer goes from the newest commit back, so
 * feed position p is archive position n - 1 - p; the arrays handed out
 * are put in archive order at the end.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/scan.h"
#include "util/banned.h"

#define CHUNK 64
#define BLOCK 4096 /* a multiple of CHUNK */

struct block {
	struct md_archive_entry ents[BLOCK];
	struct md_rmsg *msgs[BLOCK];
};

struct feed {
	struct md_archive *a;
	pthread_mutex_t lock;
	pthread_cond_t changed;   /* published, taken back or finished */

	/* Either blocks (a range walk) or a caller's arrays. */
	struct block **blocks;
	size_t n_blocks;
	struct md_archive_entry *ents;
	struct md_rmsg **msgs;
	const struct md_scan_raw *raws; /* raw messages instead of entries */

	size_t published;         /* entries workers may take */
	size_t next;              /* next entry to hand out */
	size_t finished;          /* entries worked on */
	int closed;               /* nothing more will be published */
	int newest_first;         /* positions run backwards in time */

	int failed;
	size_t err_pos;           /* position of the error kept */
	struct md_err err;
};

/* Where position pos of the feed is: in a block of a range walk (blk),
 * else in the caller's arrays (blk NULL).  Workers must not read
 * f->blocks while the producer may grow it: they get their chunk's
 * block from block_of() under the lock (take_chunk()). */
static struct block *
block_of(const struct feed *f, size_t pos)
{
	return f->blocks ? f->blocks[pos / BLOCK] : NULL;
}

static struct md_archive_entry *
chunk_entry(struct feed *f, struct block *blk, size_t pos)
{
	return blk ? &blk->ents[pos % BLOCK] : &f->ents[pos];
}

static struct md_rmsg **
chunk_slot(struct feed *f, struct block *blk, size_t pos)
{
	return blk ? &blk->msgs[pos % BLOCK] : &f->msgs[pos];
}

/* The same for the producer, or once the workers are done. */
static struct md_archive_entry *
feed_entry(struct feed *f, size_t pos)
{
	return chunk_entry(f, block_of(f, pos), pos);
}

static struct md_rmsg **
feed_slot(struct feed *f, size_t pos)
{
	return chunk_slot(f, block_of(f, pos), pos);
}

/* Keep the error of the oldest message, so that the one reported does
 * not depend on which thread got there first. */
static int
older(const struct feed *f, size_t a, size_t b)
{
	return f->newest_first ? a > b : a < b;
}

static void
feed_fail(struct feed *f, size_t pos, const struct md_err *e)
{
	pthread_mutex_lock(&f->lock);
	if (!f->failed || older(f, pos, f->err_pos)) {
		f->failed = 1;
		f->err_pos = pos;
		f->err = *e;
	}
	pthread_cond_broadcast(&f->changed);
	pthread_mutex_unlock(&f->lock);
}

static int
work_one(struct feed *f, struct block *blk, struct md_archive_reader *reader,
	 size_t pos, struct md_err *err)
{
	struct md_archive_entry *e;
	struct md_blob *blob = NULL;
	struct md_rmsg *m;
	int rc;

	if (f->raws) {
		m = calloc(1, sizeof(*m));
		rc = m ? md_rmsg_parse(m, f->raws[pos].data, f->raws[pos].len)
		       : MD_ENOMEM;
		if (m)
			*chunk_slot(f, blk, pos) = m;
		if (rc)
			return md_err_set(err, rc,
					  "parse message: out of memory");
		return MD_OK;
	}
	e = chunk_entry(f, blk, pos);
	rc = md_archive_read_entry(&blob, reader, e, err);
	if (rc || !blob)
		return rc;
	m = calloc(1, sizeof(*m));
	rc = m ? md_rmsg_parse(m, md_blob_data(blob), md_blob_size(blob))
	       : MD_ENOMEM;
	md_blob_free(blob);
	if (m) {
		m->commit = e->commit;
		m->blob = e->blob;
		m->time = e->time;
		m->tz_minutes = e->tz_minutes;
		m->epoch = e->epoch;
		*chunk_slot(f, blk, pos) = m;
	}
	if (rc)
		return md_err_set(err, rc, "parse message: out of memory");
	return MD_OK;
}

/* Take a chunk: 1 with [*start, *end) and its block *blk set, 0 when
 * the feed is done.  With wait, blocks until work is published. */
static int
take_chunk(struct feed *f, size_t *start, size_t *end, struct block **blk,
	   int wait)
{
	int got = 0;

	pthread_mutex_lock(&f->lock);
	for (;;) {
		if (f->failed)
			break;
		if (f->next < f->published) {
			*start = f->next;
			*end = f->next + CHUNK < f->published ? f->next + CHUNK
							      : f->published;
			f->next = *end;
			/* A chunk never spans two blocks (BLOCK is a
			 * multiple of CHUNK). */
			*blk = block_of(f, *start);
			got = 1;
			break;
		}
		if (f->closed || !wait)
			break;
		pthread_cond_wait(&f->changed, &f->lock);
	}
	pthread_mutex_unlock(&f->lock);
	return got;
}

static void
finish_chunk(struct feed *f, size_t n)
{
	pthread_mutex_lock(&f->lock);
	f->finished += n;
	pthread_cond_broadcast(&f->changed);
	pthread_mutex_unlock(&f->lock);
}

/* Work published chunks until the feed is done.  A worker thread waits
 * for more; the calling thread working alone does not, and reports
 * progress (opts) after each chunk. */
static void
work_chunks(struct feed *f, struct md_archive_reader *reader, int wait,
	    const struct md_scan_options *opts)
{
	struct md_err err = { 0, "" };
	struct block *blk;
	size_t start, end;

	while (take_chunk(f, &start, &end, &blk, wait)) {
		for (size_t pos = start; pos < end; pos++) {
			if (work_one(f, blk, reader, pos, &err)) {
				feed_fail(f, pos, &err);
				break;
			}
		}
		finish_chunk(f, end - start);
		if (opts && opts->progress)
			opts->progress(opts->progress_arg, f->finished,
				       f->published);
	}
}

static void *
worker(void *arg)
{
	struct feed *f = arg;
	struct md_archive_reader *reader = NULL;
	struct md_err err = { 0, "" };

	if (f->a && md_archive_reader_new(&reader, f->a, &err)) {
		feed_fail(f, 0, &err);
		return NULL;
	}
	work_chunks(f, reader, 1, NULL);
	md_archive_reader_free(reader);
	return NULL;
}

unsigned
md_scan_default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 64 ? 64 : (unsigned)n;
}

static int
feed_init(struct feed *f, struct md_archive *a, struct md_err *err)
{
	memset(f, 0, sizeof(*f));
	f->a = a;
	if (pthread_mutex_init(&f->lock, NULL))
		return md_err_set(err, MD_ENOMEM, "scan: cannot create a lock");
	if (pthread_cond_init(&f->changed, NULL)) {
		pthread_mutex_destroy(&f->lock);
		return md_err_set(err, MD_ENOMEM,
				  "scan: cannot create a condition variable");
	}
	return MD_OK;
}

static void
feed_destroy(struct feed *f)
{
	for (size_t i = 0; i < f->n_blocks; i++) {
		for (size_t k = 0; k < BLOCK; k++)
			md_rmsg_free(f->blocks[i]->msgs[k]);
		free(f->blocks[i]);
	}
	free(f->blocks);
	pthread_cond_destroy(&f->changed);
	pthread_mutex_destroy(&f->lock);
}

/* Publish entries up to upto; returns whether the feed failed, and the
 * count finished so far through *finished. */
static int
publish(struct feed *f, size_t upto, int close, size_t *finished)
{
	int failed;

	pthread_mutex_lock(&f->lock);
	f->published = upto;
	if (close)
		f->closed = 1;
	failed = f->failed;
	if (finished)
		*finished = f->finished;
	pthread_cond_broadcast(&f->changed);
	pthread_mutex_unlock(&f->lock);
	return failed;
}

/* Wait for the workers to finish what was published, reporting progress
 * on this thread meanwhile; then join them. */
static void
drain(struct feed *f, pthread_t *threads, unsigned started,
      const struct md_scan_options *opts)
{
	pthread_mutex_lock(&f->lock);
	while (f->finished < f->published && !f->failed) {
		struct timespec until;

		if (opts && opts->progress) {
			size_t done = f->finished, total = f->published;

			pthread_mutex_unlock(&f->lock);
			opts->progress(opts->progress_arg, done, total);
			pthread_mutex_lock(&f->lock);
		}
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 100 * 1000 * 1000;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&f->changed, &f->lock, &until);
	}
	pthread_mutex_unlock(&f->lock);
	for (unsigned i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
}

/* Start up to jobs workers; 0 started means the caller works alone. */
static unsigned
start_workers(pthread_t *threads, unsigned jobs, struct feed *f)
{
	unsigned started = 0;

	if (jobs < 2)
		return 0;
	for (; started < jobs; started++)
		if (pthread_create(&threads[started], NULL, worker, f))
			break;
	return started;
}

/* With no worker threads: the calling thread reads what was published. */
static int
work_alone(struct feed *f, const struct md_scan_options *opts,
	   struct md_err *err)
{
	struct md_archive_reader *reader = NULL;
	int rc = f->a ? md_archive_reader_new(&reader, f->a, err) : MD_OK;

	if (rc)
		return rc;
	work_chunks(f, reader, 0, opts);
	md_archive_reader_free(reader);
	return MD_OK;
}

static unsigned
jobs_for(const struct md_scan_options *opts, size_t n_hint)
{
	unsigned jobs = opts && opts->jobs ? opts->jobs : md_scan_default_jobs();

	if (n_hint && jobs > n_hint / CHUNK + 1)
		jobs = (unsigned)(n_hint / CHUNK + 1);
	return jobs;
}

/* Work a feed whose entries are all published (n of them) to the end. */
static int
run_closed_feed(struct feed *f, size_t n, const struct md_scan_options *opts,
		struct md_err *err)
{
	unsigned jobs = jobs_for(opts, n ? n : 1), started;
	pthread_t *threads = calloc(jobs, sizeof(*threads));
	int rc = MD_OK;

	if (!threads)
		return md_err_set(err, MD_ENOMEM, "scan: out of memory");
	f->published = n;
	f->closed = 1;
	started = start_workers(threads, jobs, f);
	if (started)
		drain(f, threads, started, opts);
	else
		rc = work_alone(f, opts, err);
	if (!rc && f->failed) {
		*err = f->err;
		rc = f->err.code ? f->err.code : MD_EIO;
	}
	free(threads);
	return rc;
}

int
md_scan_entries(struct md_rmsg **msgs, struct md_archive_entry *ents,
		size_t n, struct md_archive *a,
		const struct md_scan_options *opts, struct md_err *err)
{
	struct feed f;
	int rc = feed_init(&f, a, err);

	if (rc)
		return rc;
	f.ents = ents;
	f.msgs = msgs;
	rc = run_closed_feed(&f, n, opts, err);
	feed_destroy(&f);
	return rc;
}

int
md_scan_raw(struct md_rmsg **msgs, const struct md_scan_raw *raws, size_t n,
	    const struct md_scan_options *opts, struct md_err *err)
{
	struct feed f;
	int rc = feed_init(&f, NULL, err);

	if (rc)
		return rc;
	f.raws = raws;
	f.msgs = msgs;
	rc = run_closed_feed(&f, n, opts, err);
	feed_destroy(&f);
	return rc;
}

static int
add_block(struct feed *f)
{
	struct block **nb, *b;

	b = calloc(1, sizeof(*b));
	if (!b)
		return MD_ENOMEM;
	pthread_mutex_lock(&f->lock);
	nb = realloc(f->blocks, (f->n_blocks + 1) * sizeof(*nb));
	if (nb) {
		f->blocks = nb;
		f->blocks[f->n_blocks++] = b;
	}
	pthread_mutex_unlock(&f->lock);
	if (!nb) {
		free(b);
		return MD_ENOMEM;
	}
	return MD_OK;
}

/* The producer: walk the range newest first into the feed, publishing
 * chunk by chunk. */
static int
produce(struct feed *f, struct md_archive *a, const struct md_range *r,
	const struct md_scan_options *opts, int alone, struct md_err *err)
{
	struct md_archive_walk *w = NULL;
	size_t n = 0;
	int rc;

	rc = md_archive_walk_new(&w, a, r, err);
	if (!rc && opts && opts->filter)
		md_archive_walk_set_filter(w, opts->filter, opts->filter_arg);
	while (!rc) {
		struct md_archive_entry ent;

		rc = md_archive_walk_next(&ent, w, err);
		if (rc == MD_ENOTFOUND) {
			rc = MD_OK;
			break;
		}
		if (rc)
			break;
		if (n % BLOCK == 0 && add_block(f)) {
			rc = md_err_set(err, MD_ENOMEM, "scan: out of memory");
			break;
		}
		*feed_entry(f, n) = ent;
		n++;
		if (n % CHUNK == 0 && !alone) {
			size_t finished;

			if (publish(f, n, 0, &finished))
				break;
			if (opts && opts->progress && n % (16 * CHUNK) == 0)
				opts->progress(opts->progress_arg, finished, 0);
		}
	}
	md_archive_walk_free(w);
	publish(f, n, 1, NULL);
	return rc;
}

int
md_scan_range(struct md_archive_entry **ents, struct md_rmsg ***msgs,
	      size_t *n, struct md_archive *a, const struct md_range *r,
	      const struct md_scan_options *opts, struct md_err *err)
{
	struct feed f;
	pthread_t *threads = NULL;
	unsigned jobs = jobs_for(opts, 0), started = 0;
	struct md_archive_entry *out_ents = NULL;
	struct md_rmsg **out_msgs = NULL;
	size_t total = 0;
	int rc;

	*ents = NULL;
	*msgs = NULL;
	*n = 0;
	rc = feed_init(&f, a, err);
	if (rc)
		return rc;
	f.newest_first = 1;
	threads = calloc(jobs, sizeof(*threads));
	if (!threads) {
		rc = md_err_set(err, MD_ENOMEM, "scan: out of memory");
		goto done;
	}
	started = start_workers(threads, jobs, &f);
	rc = produce(&f, a, r, opts, !started, err);
	if (started) {
		if (rc)
			feed_fail(&f, f.published, err);
		drain(&f, threads, started, opts);
	} else if (!rc) {
		rc = work_alone(&f, opts, err);
	}
	if (rc == MD_ENONLINEAR) {
		/* A history with merges: list it the general way. */
		total = 0;
		goto general;
	}
	if (!rc && f.failed) {
		*err = f.err;
		rc = f.err.code ? f.err.code : MD_EIO;
	}
	if (rc)
		goto done;
	total = f.published;
	out_ents = malloc((total ? total : 1) * sizeof(*out_ents));
	out_msgs = calloc(total ? total : 1, sizeof(*out_msgs));
	if (!out_ents || !out_msgs) {
		rc = md_err_set(err, MD_ENOMEM, "scan: out of memory");
		goto done;
	}
	for (size_t p = 0; p < total; p++) {
		out_ents[total - 1 - p] = *feed_entry(&f, p);
		out_msgs[total - 1 - p] = *feed_slot(&f, p);
		*feed_slot(&f, p) = NULL;
	}
	*ents = out_ents;
	*msgs = out_msgs;
	*n = total;
	out_ents = NULL;
	out_msgs = NULL;
	goto done;

general:
	rc = md_archive_list(&out_ents, &total, a, r, err);
	if (!rc) {
		out_msgs = calloc(total ? total : 1, sizeof(*out_msgs));
		if (!out_msgs)
			rc = md_err_set(err, MD_ENOMEM, "scan: out of memory");
	}
	if (!rc)
		rc = md_scan_entries(out_msgs, out_ents, total, a, opts, err);
	if (!rc) {
		*ents = out_ents;
		*msgs = out_msgs;
		*n = total;
		out_ents = NULL;
		out_msgs = NULL;
	}
done:
	if (out_msgs)
		for (size_t i = 0; i < total; i++)
			md_rmsg_free(out_msgs[i]);
	free(out_msgs);
	free(out_ents);
	free(threads);
	feed_destroy(&f);
	return rc;
}
