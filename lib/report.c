/*
 * report.c - building the report model from a range of an archive.
 *
 * Reads each commit's message (skipping deletions), scans its headers,
 * parses its subject tags, and for patch mail decodes the body to find
 * the in-body author; the commit message excerpt is kept only for the
 * messages shown.  Then counts contributors and domains over the patch
 * mail (each Message-ID once), assembles series (series.c) and lists
 * the messages to show: per series in arrival order, the cover letter,
 * then patch 1; a single patch on its own.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "lib/index.h"
#include "lib/report.h"
#include "lib/review.h"
#include "util/vec.h"
#include "util/banned.h"

void
md_report_init(struct md_report *r)
{
	memset(r, 0, sizeof(*r));
}

static void
rows_free(struct md_count_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(rows[i].name);
		free(rows[i].key);
	}
	free(rows);
}

void
md_report_release(struct md_report *r)
{
	for (size_t i = 0; i < r->n_msgs; i++)
		md_rmsg_free(r->msgs[i]);
	free(r->msgs);
	for (size_t i = 0; i < r->n_series; i++) {
		struct md_series *s = r->series[i];

		free(s->patches);
		free(s->extra);
		free(s->prev_message_id);
		free(s->prev_subject);
		free(s->trailers);
		free(s->subsystems);
		free(s);
	}
	free(r->series);
	for (size_t i = 0; i < r->n_reviewers; i++) {
		free(r->reviewers[i].name);
		free(r->reviewers[i].key);
	}
	free(r->reviewers);
	for (size_t i = 0; i < r->n_subsystem_titles; i++)
		free(r->subsystem_titles[i]);
	free(r->subsystem_titles);
	for (size_t i = 0; i < r->n_groups; i++) {
		free(r->groups[i].title);
		free(r->groups[i].series);
	}
	free(r->groups);
	rows_free(r->domains, r->n_domains);
	rows_free(r->people, r->n_people);
	rows_free(r->orgs, r->n_orgs);
	free(r->shown);
	free(r->list_name);
	free(r->list_id);
	free(r->archive_name);
	md_report_init(r);
}

/*
 * Counting.  A person is keyed by the lower-cased address; the name and
 * the spelling of the address shown are the ones used most often, ties
 * going to the one seen first.
 */
struct variant {
	char *text;
	unsigned count;
};

struct tally {
	unsigned count;
	struct md_ptrvec names;     /* struct variant * */
	struct md_ptrvec spellings; /* struct variant * */
};

static int
variant_add(struct md_ptrvec *v, const char *text)
{
	struct variant *x;

	for (size_t i = 0; i < v->n; i++) {
		x = v->items[i];
		if (!strcmp(x->text, text)) {
			x->count++;
			return MD_OK;
		}
	}
	x = calloc(1, sizeof(*x));
	if (!x)
		return MD_ENOMEM;
	x->text = strdup(text);
	x->count = 1;
	if (!x->text || md_ptrvec_push(v, x)) {
		free(x->text);
		free(x);
		return MD_ENOMEM;
	}
	return MD_OK;
}

static const char *
variant_best(const struct md_ptrvec *v)
{
	const struct variant *best = NULL;

	for (size_t i = 0; i < v->n; i++) {
		const struct variant *x = v->items[i];

		if (!best || x->count > best->count)
			best = x;
	}
	return best ? best->text : "";
}

static void
variants_free(struct md_ptrvec *v)
{
	for (size_t i = 0; i < v->n; i++) {
		struct variant *x = v->items[i];

		free(x->text);
		free(x);
	}
	md_ptrvec_release(v);
}

static int
cmp_rows(const void *a, const void *b)
{
	const struct md_count_row *x = a, *y = b;
	int c;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	c = strcmp(x->name, y->name);
	return c ? c : strcmp(x->key, y->key);
}

static int
tallies_to_rows(struct md_count_row **out, size_t *n, struct md_strmap *map,
		int with_names)
{
	struct md_count_row *rows;
	size_t k = 0;
	int rc = MD_OK;

	rows = calloc(map->n ? map->n : 1, sizeof(*rows));
	if (!rows)
		return MD_ENOMEM;
	for (size_t i = 0; i < map->cap; i++) {
		struct tally *t;

		if (!map->slots[i].key)
			continue;
		t = map->slots[i].value;
		if (with_names) {
			rows[k].name = strdup(variant_best(&t->names));
			rows[k].key = strdup(variant_best(&t->spellings));
		} else {
			rows[k].name = strdup("");
			rows[k].key = strdup(map->slots[i].key);
		}
		rows[k].count = t->count;
		k++;
		if (!rows[k - 1].name || !rows[k - 1].key)
			rc = MD_ENOMEM;
	}
	if (rc) {
		rows_free(rows, k);
		return rc;
	}
	qsort(rows, k, sizeof(*rows), cmp_rows);
	*out = rows;
	*n = k;
	return MD_OK;
}

static void
tallies_free(struct md_strmap *map)
{
	for (size_t i = 0; i < map->cap; i++) {
		struct tally *t = map->slots[i].key ? map->slots[i].value
						    : NULL;

		if (!t)
			continue;
		variants_free(&t->names);
		variants_free(&t->spellings);
		free(t);
	}
	md_strmap_release(map);
}

static struct tally *
tally_get(struct md_strmap *map, const char *key)
{
	int created;
	void **slot = md_strmap_slot(map, key, &created);

	if (!slot)
		return NULL;
	if (created)
		*slot = calloc(1, sizeof(struct tally));
	return *slot;
}

int
md_report_count(struct md_report *r)
{
	struct md_strmap people = MD_STRMAP_INIT, domains = MD_STRMAP_INIT;
	int rc = MD_OK;

	people.fold_case = 1;
	domains.fold_case = 1;
	r->n_patch_mail = 0;
	for (size_t i = 0; i < r->n_msgs && !rc; i++) {
		const struct md_rmsg *m = r->msgs[i];
		const char *addr = m->mail.author.addr, *at;
		struct md_buf dom = MD_BUF_INIT;
		struct tally *p, *d;

		if (!m->patch_mail || m->duplicate)
			continue;
		r->n_patch_mail++;
		at = strrchr(addr, '@');
		if (at && at[1]) {
			for (const char *c = at + 1; *c && !rc; c++)
				rc = md_buf_addch(&dom,
						  tolower((unsigned char)*c));
		} else {
			rc = md_buf_addstr(&dom, "(unknown)");
		}
		p = rc ? NULL : tally_get(&people, addr[0] ? addr : "(unknown)");
		d = rc ? NULL : tally_get(&domains, dom.buf);
		md_buf_release(&dom);
		if (!p || !d) {
			rc = MD_ENOMEM;
			break;
		}
		p->count++;
		d->count++;
		rc = variant_add(&p->names, m->mail.author.name);
		if (!rc)
			rc = variant_add(&p->spellings,
					 addr[0] ? addr : "(unknown)");
	}
	if (!rc)
		rc = tallies_to_rows(&r->people, &r->n_people, &people, 1);
	if (!rc)
		rc = tallies_to_rows(&r->domains, &r->n_domains, &domains, 0);
	tallies_free(&people);
	tallies_free(&domains);
	return rc;
}

int
md_report_count_orgs(struct md_report *r, const struct md_domainmap *m)
{
	struct md_strmap orgs = MD_STRMAP_INIT;
	int rc = MD_OK;

	orgs.fold_case = 1;
	for (size_t i = 0; i < r->n_msgs && !rc; i++) {
		const struct md_rmsg *msg = r->msgs[i];
		const char *org;
		struct tally *t;

		if (!msg->patch_mail || msg->duplicate)
			continue;
		org = md_domainmap_lookup(m, msg->mail.author.addr);
		t = tally_get(&orgs, org ? org : MD_DOMAINMAP_UNKNOWN);
		if (!t)
			rc = MD_ENOMEM;
		else
			t->count++;
	}
	if (!rc)
		rc = tallies_to_rows(&r->orgs, &r->n_orgs, &orgs, 0);
	if (!rc)
		r->has_orgs = 1;
	tallies_free(&orgs);
	return rc;
}

static int
build_shown(struct md_report *r)
{
	size_t k = 0;

	r->shown = calloc(r->n_series * 2 + 1, sizeof(*r->shown));
	if (!r->shown)
		return MD_ENOMEM;
	for (size_t i = 0; i < r->n_series; i++) {
		struct md_series *s = r->series[i];

		if (s->cover)
			r->shown[k++] = s->cover;
		if (s->patches[0] && s->patches[0]->subj.num <= 1)
			r->shown[k++] = s->patches[0];
	}
	r->n_shown = k;
	return MD_OK;
}

/* "kvm.vger.kernel.org" -> "KVM"; the most common List-Id wins (kept
 * in r->list_id); name, when given, is the title's name instead. */
static int
derive_list_name(struct md_report *r, const char *name, const char *fallback)
{
	struct md_strmap ids = MD_STRMAP_INIT;
	const char *best = NULL;
	uintptr_t best_n = 0;
	struct md_buf b = MD_BUF_INIT;
	int rc = MD_OK;

	ids.fold_case = 1;
	for (size_t i = 0; i < r->n_msgs; i++) {
		const char *id = r->msgs[i]->mail.list_id;
		void **slot;

		if (!id[0])
			continue;
		slot = md_strmap_slot(&ids, id, NULL);
		if (!slot) {
			rc = MD_ENOMEM;
			goto done;
		}
		*slot = (void *)((uintptr_t)*slot + 1);
		if ((uintptr_t)*slot > best_n ||
		    ((uintptr_t)*slot == best_n && strcmp(id, best) < 0)) {
			best_n = (uintptr_t)*slot;
			best = r->msgs[i]->mail.list_id;
		}
	}
	r->list_id = strdup(best ? best : "");
	if (!r->list_id) {
		rc = MD_ENOMEM;
		goto done;
	}
	if (name) {
		r->list_name = strdup(name);
		rc = r->list_name ? MD_OK : MD_ENOMEM;
		goto done;
	}
	if (!best)
		best = fallback;
	for (const char *c = best; *c && *c != '.' && !rc; c++)
		rc = md_buf_addch(&b, toupper((unsigned char)*c));
	if (!rc && !md_buf_len(&b))
		rc = md_buf_addstr(&b, "LIST");
	if (!rc) {
		r->list_name = md_buf_detach(&b, NULL);
		if (!r->list_name)
			rc = MD_ENOMEM;
	}
done:
	md_buf_release(&b);
	md_strmap_release(&ids);
	return rc;
}

/* Authors as the mailmap names them (the cache keeps them as written,
 * so a changed mailmap needs no new index). */
static int
map_person(char **name_io, char **addr_io, const struct md_mailmap *map)
{
	const char *name, *email;
	char *p;

	md_mailmap_lookup(&name, &email, map, *name_io, *addr_io);
	if (name) {
		p = strdup(name);
		if (!p)
			return MD_ENOMEM;
		free(*name_io);
		*name_io = p;
	}
	if (email) {
		p = strdup(email);
		if (!p)
			return MD_ENOMEM;
		free(*addr_io);
		*addr_io = p;
	}
	return MD_OK;
}

static int
apply_mailmap(struct md_report *r, const struct md_mailmap *map)
{
	for (size_t i = 0; i < r->n_msgs; i++) {
		struct md_rmsg *m = r->msgs[i];
		int rc = map_person(&m->mail.author.name, &m->mail.author.addr,
				    map);

		for (size_t k = 0; k < m->n_trailers && !rc; k++)
			rc = map_person(&m->trailers[k].name,
					&m->trailers[k].addr, map);
		if (rc)
			return rc;
	}
	return MD_OK;
}

/* The sequential phase: messages in archive order, duplicates marked. */
static int
merge(struct md_report *r, struct md_rmsg **slots,
      const struct md_archive_entry *ents, size_t n)
{
	struct md_strmap seen = MD_STRMAP_INIT;
	int rc = MD_OK;

	for (size_t i = 0; i < n; i++) {
		struct md_rmsg *m = slots[i];

		if (!r->has_from) {
			r->from = ents[i].commit;
			r->has_from = 1;
		}
		if (ents[i].deleted) {
			r->n_deleted++;
			continue;
		}
		/* The span of the messages' receive times (a deletion's
		 * commit time says nothing about the mail). */
		if (!r->n_msgs || ents[i].time < r->from_time)
			r->from_time = ents[i].time;
		if (!r->n_msgs || ents[i].time > r->to_time)
			r->to_time = ents[i].time;
		slots[i] = NULL;
		m->index = r->n_msgs;
		r->msgs[r->n_msgs++] = m;
		if (m->mail.message_id[0] && !rc) {
			int created;
			void **slot = md_strmap_slot(&seen, m->mail.message_id,
						     &created);

			if (!slot) {
				rc = MD_ENOMEM;
				continue;
			}
			m->duplicate = !created;
		}
		if (m->duplicate)
			r->n_duplicates++;
		if (m->mail.defects & MD_MAIL_MALFORMED_MASK)
			r->n_malformed++;
	}
	md_strmap_release(&seen);
	return rc;
}

/* The range's entries and messages from the cache's index: MD_ENOTFOUND
 * when the index does not cover it. */
static int
load_range(struct md_archive_entry **ents, struct md_rmsg ***msgs, size_t *n,
	   struct md_cache *c, int64_t id, struct md_archive *a,
	   const struct md_range *range, struct md_err *err)
{
	uint32_t first = range->has_start ? range->start_epoch : 0;
	int rc = MD_OK;

	for (uint32_t k = first; k <= range->end_epoch && !rc; k++) {
		struct md_oid head, tip;
		size_t after = 0, upto = 0, count;

		if (!md_archive_epoch_head(&head, a, k))
			continue;
		if (range->has_start && k == range->start_epoch)
			rc = md_cache_entry_seq(&after, c, id, k, &range->start,
						err);
		if (!rc && k == range->end_epoch) {
			rc = md_cache_entry_seq(&upto, c, id, k, &range->end,
						err);
		} else if (!rc) {
			rc = md_cache_epoch_tip(&count, &tip, c, id, k, err);
			if (!rc && memcmp(&tip, &head, sizeof(tip)))
				rc = MD_ENOTFOUND;
			upto = count;
		}
		if (!rc && upto < after)
			rc = MD_ENOTFOUND;
		if (!rc)
			rc = md_cache_load_span(
				ents, msgs, n, c, id, k, after, upto,
				range->has_since ? range->since : INT64_MIN,
				range->has_until ? range->until : INT64_MAX, err);
	}
	return rc;
}

/* Store what a scan parsed, for the next run. */
static int
store_msgs(struct md_cache *c, struct md_rmsg **msgs, size_t n,
	   struct md_err *err)
{
	int rc = md_cache_begin(c, err);

	for (size_t i = 0; i < n && !rc; i++)
		if (msgs[i])
			rc = md_cache_put_msg(c, msgs[i], err);
	if (rc) {
		md_cache_rollback(c);
		return rc;
	}
	return md_cache_commit(c, err);
}

/* The scan options a report's options ask for (threads, progress). */
static struct md_scan_options
scan_options(const struct md_report_options *opts)
{
	struct md_scan_options so = { 0, NULL, NULL, NULL, NULL };

	if (opts) {
		so.jobs = opts->jobs;
		so.progress = opts->progress;
		so.progress_arg = opts->progress_arg;
	}
	return so;
}

/* Fill from the cache when it can serve the range, else from git. */
static int
read_range(struct md_archive_entry **ents, struct md_rmsg ***msgs, size_t *n,
	   struct md_archive *a, const struct md_range *range,
	   const struct md_report_options *opts, struct md_err *err)
{
	struct md_scan_options sopts = scan_options(opts);
	struct md_index_options iopts = { sopts.jobs, sopts.progress,
					  sopts.progress_arg };
	struct md_cache *c = opts ? opts->cache : NULL;
	int64_t id;
	int rc;

	*ents = NULL;
	*msgs = NULL;
	*n = 0;
	if (!c)
		return md_scan_range(ents, msgs, n, a, range, &sopts, err);
	rc = md_cache_archive_id(&id, c, md_archive_path(a), err);
	if (!rc)
		rc = md_index_update(NULL, c, id, a, &iopts, err);
	if (!rc)
		rc = load_range(ents, msgs, n, c, id, a, range, err);
	if (rc != MD_ENOTFOUND)
		return rc;
	for (size_t i = 0; i < *n; i++)
		md_rmsg_free((*msgs)[i]);
	free(*msgs);
	free(*ents);
	rc = md_scan_range(ents, msgs, n, a, range, &sopts, err);
	if (!rc)
		rc = store_msgs(c, *msgs, *n, err);
	return rc;
}

/*
 * Everything after reading: the model from the range's entries and
 * messages (slots are taken).  hist: messages read before, for the
 * revisions when there is no cache (NULL: look in the archive).
 */
static int
finish(struct md_report *r, struct md_rmsg **slots,
       const struct md_archive_entry *ents, size_t n, const char *fallback,
       const struct md_report_options *opts, struct md_err *err)
{
	int rc;

	rc = merge(r, slots, ents, n);
	if (!rc)
		rc = derive_list_name(r, opts ? opts->list_name : NULL,
				      fallback);
	if (!rc && opts && opts->mailmap)
		rc = apply_mailmap(r, opts->mailmap);
	if (!rc)
		rc = md_report_count(r);
	if (!rc && opts && opts->domainmap)
		rc = md_report_count_orgs(r, opts->domainmap);
	if (!rc)
		rc = md_report_assemble(r);
	if (!rc)
		rc = md_report_review(r);
	if (!rc && opts && opts->maintainers)
		rc = md_report_subsystems(r, opts->maintainers,
					  opts->group_by_subsystem);
	if (!rc)
		rc = build_shown(r);
	if (rc)
		md_err_set(err, rc, "report: out of memory");
	return rc;
}

/* Earlier versions of the series, from the cache, else from the archive
 * up to the range's end (the range itself when it starts at the
 * beginning). */
static int
archive_revisions(struct md_report *r, struct md_archive *a,
		  const struct md_range *range,
		  const struct md_report_options *opts, struct md_err *err)
{
	struct md_scan_options sopts = { opts->jobs, NULL, NULL, NULL, NULL };
	struct md_archive_entry *ents = NULL;
	struct md_rmsg **hist = NULL;
	struct md_range whole;
	size_t n = 0;
	int64_t id;
	int rc;

	if (!opts->revisions || !md_report_needs_revisions(r))
		return MD_OK;
	if (opts->cache) {
		rc = md_cache_archive_id(&id, opts->cache, md_archive_path(a),
					 err);
		return rc ? rc : md_report_revisions(r, opts->cache, id, NULL,
						     0, err);
	}
	if (!range->has_start && !range->has_since && !range->has_until)
		return md_report_revisions(r, NULL, 0, r->msgs, r->n_msgs,
					   err);
	memset(&whole, 0, sizeof(whole));
	whole.end_epoch = range->end_epoch;
	whole.end = range->end;
	/* Only series heads are looked at: read just the commits whose
	 * subject may be one. */
	sopts.filter = md_revision_maybe_head;
	rc = md_scan_range(&ents, &hist, &n, a, &whole, &sopts, err);
	if (!rc)
		rc = md_report_revisions(r, NULL, 0, hist, n, err);
	for (size_t i = 0; i < n; i++)
		md_rmsg_free(hist[i]);
	free(hist);
	free(ents);
	return rc;
}

int
md_report_build(struct md_report *r, struct md_archive *a,
		const struct md_range *range,
		const struct md_report_options *opts, struct md_err *err)
{
	struct md_archive_entry *ents = NULL;
	struct md_rmsg **slots = NULL;
	size_t n = 0;
	int rc;

	md_report_release(r);
	rc = read_range(&ents, &slots, &n, a, range, opts, err);
	if (rc)
		goto done;
	r->msgs = calloc(n ? n : 1, sizeof(*r->msgs));
	r->archive_name = strdup(md_archive_name(a));
	if (!r->msgs || !r->archive_name) {
		rc = md_err_set(err, MD_ENOMEM, "report: out of memory");
		goto done;
	}
	r->to = range->end;
	if (range->has_start && !range->has_since && !range->has_until) {
		r->from = range->start;
		r->has_from = 1;
	}
	if ((range->has_since || range->has_until) && n)
		r->to = ents[n - 1].commit;
	rc = finish(r, slots, ents, n, md_archive_name(a), opts, err);
	if (!rc && opts)
		rc = archive_revisions(r, a, range, opts, err);
done:
	for (size_t i = 0; slots && i < n; i++)
		md_rmsg_free(slots[i]);
	free(slots);
	free(ents);
	return rc;
}

/* "kvm" for .../kvm.mbox.gz, .../kvm.mbox, .../kvm/ (a Maildir). */
static char *
mailbox_name(const char *path)
{
	const char *base;
	size_t n = strlen(path);
	char *name;

	while (n > 1 && path[n - 1] == '/')
		n--;
	base = path + n;
	while (base > path && base[-1] != '/')
		base--;
	n -= (size_t)(base - path);
	if (n > 3 && !strncmp(base + n - 3, ".gz", 3))
		n -= 3;
	if (n > 5 && !strncmp(base + n - 5, ".mbox", 5))
		n -= 5;
	name = strndup(base, n);
	if (name && !name[0]) {
		free(name);
		name = strdup("mailbox");
	}
	return name;
}

int
md_report_build_mailbox(struct md_report *r, const struct md_mailbox *mb,
			const char *path, const struct md_range *range,
			const struct md_report_options *opts,
			struct md_err *err)
{
	struct md_scan_options sopts = scan_options(opts);
	struct md_scan_raw *raws = NULL;
	struct md_rmsg **all = NULL, **slots = NULL;
	struct md_archive_entry *ents = NULL;
	unsigned char *in_range = NULL;
	size_t n = 0;
	int rc = MD_OK;

	md_report_release(r);
	raws = calloc(mb->n ? mb->n : 1, sizeof(*raws));
	all = calloc(mb->n ? mb->n : 1, sizeof(*all));
	slots = calloc(mb->n ? mb->n : 1, sizeof(*slots));
	ents = calloc(mb->n ? mb->n : 1, sizeof(*ents));
	in_range = calloc(mb->n ? mb->n : 1, 1);
	r->msgs = calloc(mb->n ? mb->n : 1, sizeof(*r->msgs));
	r->archive_name = mailbox_name(path);
	if (!raws || !all || !slots || !ents || !in_range || !r->msgs ||
	    !r->archive_name) {
		rc = md_err_set(err, MD_ENOMEM, "report: out of memory");
		goto done;
	}
	for (size_t i = 0; i < mb->n; i++) {
		raws[i].data = mb->msgs[i].raw;
		raws[i].len = mb->msgs[i].len;
	}
	rc = md_scan_raw(all, raws, mb->n, &sopts, err);
	if (rc)
		goto done;
	/* A message's id is its blob id; its receive time the mailbox's,
	 * else its Date. */
	for (size_t i = 0; i < mb->n; i++) {
		struct md_rmsg *m = all[i];

		m->blob = m->commit = mb->msgs[i].id;
		m->time = mb->msgs[i].time ? mb->msgs[i].time : m->mail.date;
		if (!md_range_has_time(range, m->time))
			continue;
		ents[n].commit = ents[n].blob = m->blob;
		ents[n].time = m->time;
		ents[n].resolved = 1;
		slots[n++] = m;
		in_range[i] = 1;
	}
	if (n)
		r->to = ents[n - 1].commit;
	rc = finish(r, slots, ents, n, r->archive_name, opts, err);
	if (!rc && opts && opts->revisions && md_report_needs_revisions(r))
		rc = md_report_revisions(r, NULL, 0, all, mb->n, err);
done:
	/* The messages of the range belong to r now, or are left in slots
	 * when it failed. */
	for (size_t i = 0; all && in_range && i < mb->n; i++)
		if (!in_range[i])
			md_rmsg_free(all[i]);
	for (size_t k = 0; slots && k < n; k++)
		md_rmsg_free(slots[k]);
	free(in_range);
	free(all);
	free(slots);
	free(ents);
	free(raws);
	return rc;
}

int
md_report_next_range(struct md_range *out, int *from_last,
		     struct md_archive *a, struct md_cache *c,
		     struct md_err *err)
{
	struct md_oid last, head;
	uint32_t last_epoch = 0;
	int64_t last_time = 0, newest_time = 0, id;
	int found = 0, rc;

	*from_last = 0;
	rc = md_archive_resolve(out, a, NULL, err);
	if (rc)
		return rc;
	if (c) {
		rc = md_cache_archive_id(&id, c, md_archive_path(a), err);
		if (!rc)
			rc = md_cache_get_last(&found, &last_epoch, &last,
					       &last_time, c, id, err);
		if (rc)
			return rc;
	}
	if (found && last_epoch <= out->end_epoch &&
	    md_archive_epoch_head(&head, a, last_epoch) &&
	    md_archive_is_ancestor(a, last_epoch, &last, &head)) {
		out->has_start = 1;
		out->start_epoch = last_epoch;
		out->start = last;
		*from_last = 1;
		return MD_OK;
	}
	if (found) {
		/* The last end is gone (a purge rewrote the history): go
		 * on from its time. */
		out->has_since = 1;
		out->since = last_time + 1;
		return MD_OK;
	}
	rc = md_archive_commit_time(&newest_time, a, out->end_epoch, &out->end);
	if (rc)
		return md_err_set(err, MD_ECORRUPT,
				  "read archive '%s': cannot read the newest "
				  "commit", md_archive_path(a));
	out->has_since = 1;
	out->since = newest_time - MD_REPORT_FIRST_DAYS * 86400;
	return MD_OK;
}

int
md_report_remember_end(struct md_cache *c, struct md_archive *a,
		       const struct md_range *range, struct md_err *err)
{
	int64_t id, time = 0;
	int rc;

	rc = md_cache_archive_id(&id, c, md_archive_path(a), err);
	if (rc)
		return rc;
	if (md_archive_commit_time(&time, a, range->end_epoch, &range->end))
		return md_err_set(err, MD_ECORRUPT,
				  "read archive '%s': cannot read the newest "
				  "commit", md_archive_path(a));
	return md_cache_set_last(c, id, range->end_epoch, &range->end, time,
				 err);
}
