/*
 * render_json.c - the report as one JSON document, built with jansson
 * (RFC 8259) and described by docs/json-schema.json (JSON Schema draft
 * 2020-12), whose "schema_version" is MD_JSON_SCHEMA_VERSION.
 *
 * The whole report is given, not only what the text shows: every row of
 * every table, every series with its cover letter and each patch
 * received, its previous version, review state and subsystems, the
 * groups of --group-by subsystem, and the text of the messages the text
 * report shows.  Keys
 * keep the order in which they are set here (JSON_PRESERVE_ORDER), so
 * the output is stable and can be compared byte for byte.
 *
 * Strings: the model's strings are UTF-8 and NUL-free (they are C
 * strings), but a string jansson would reject as invalid UTF-8 has each
 * bad byte replaced by U+FFFD rather than failing the report.  jansson
 * escapes the C0 controls, quote and backslash; code points it leaves
 * raw that can still harm a terminal or a JavaScript parser (DEL, the C1
 * controls, bidirectional controls, U+2028 and U+2029) are escaped as
 * \uXXXX afterwards.  They can only occur inside strings, so the parsed
 * value is unchanged.
 *
 * Ownership: every jansson value is made and released here; the output
 * is written into the caller's md_buf through json_dump_callback(), so
 * no memory of jansson's allocator ever leaves this file.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "lib/render.h"
#include "lib/review.h"
#include "util/utf8.h"
#include "util/banned.h"

/* Bumped whenever what is written changes (docs/json-schema.json says
 * what each version added). */
#define MD_JSON_SCHEMA_VERSION 2

/*
 * Value builders.  Each returns a new reference, or NULL when memory ran
 * out.  put() and push() take the reference given to them even when
 * they fail (json_object_set_new() does), and fail on a NULL value, so a
 * builder can go on after a failure and report it once at the end.
 */
static int
put(json_t *obj, const char *key, json_t *value)
{
	return json_object_set_new(obj, key, value) ? 1 : 0;
}

static int
push(json_t *arr, json_t *value)
{
	return json_array_append_new(arr, value) ? 1 : 0;
}

/* Returns obj, or NULL (releasing it) when bad is set. */
static json_t *
finish(json_t *obj, int bad)
{
	if (bad) {
		json_decref(obj);
		return NULL;
	}
	return obj;
}

/* A JSON string of s[0..len): valid UTF-8 as it is, else with each
 * invalid byte shown as U+FFFD. */
static json_t *
strn(const char *s, size_t len)
{
	struct md_buf fixed = MD_BUF_INIT;
	json_t *j = NULL;

	if (md_utf8_valid(s, len))
		return json_stringn(s, len);
	if (!md_utf8_add_repaired(&fixed, s, len))
		j = json_stringn(fixed.buf, md_buf_len(&fixed));
	md_buf_release(&fixed);
	return j;
}

/* The same for a C string; NULL reads as "". */
static json_t *
str(const char *s)
{
	return s ? strn(s, strlen(s)) : json_string("");
}

static json_t *
integer(int64_t v)
{
	return json_integer((json_int_t)v);
}

static json_t *
boolean(int v)
{
	return json_boolean(v);
}

static json_t *
oid_str(const struct md_oid *oid)
{
	char hex[MD_OID_HEXSZ + 1];

	md_oid_fmt(hex, MD_OID_HEXSZ, oid);
	return json_stringn(hex, MD_OID_HEXSZ);
}

/* "2026-11-02T10:00:00Z"; null when the time has no four-digit year. */
static json_t *
iso_time(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char buf[32];

	if ((int64_t)tt != t || !gmtime_r(&tt, &tm) || tm.tm_year < -1900 ||
	    tm.tm_year > 9999 - 1900)
		return json_null();
	if (!strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm))
		return json_null();
	return json_string(buf);
}

/* A receive time as the pair of members "received" (ISO 8601, UTC) and
 * "received_unix" (seconds since the epoch); both null when !known. */
static int
put_time(json_t *obj, int64_t t, int known)
{
	int bad = 0;

	bad |= put(obj, "received", known ? iso_time(t) : json_null());
	bad |= put(obj, "received_unix", known ? integer(t) : json_null());
	return bad;
}

static json_t *
person(const struct md_addr *a)
{
	json_t *o = json_object();
	int bad = !o;

	if (bad)
		return NULL;
	bad |= put(o, "name", str(a->name));
	bad |= put(o, "email", str(a->addr));
	return finish(o, bad);
}

/* The other tag words of a subject ("net-next", "6.1.y"), in order. */
static json_t *
tags(const struct md_subject *subj)
{
	const char *p = subj->extra;
	json_t *arr = json_array();
	int bad = !arr;

	if (bad)
		return NULL;
	while (*p) {
		size_t n = strcspn(p, " ");

		if (n)
			bad |= push(arr, strn(p, n));
		p += n;
		p += strspn(p, " ");
	}
	return finish(arr, bad);
}

/*
 * Whether a message is one of r->shown: a sorted copy of the pointers,
 * searched with bsearch(), so that no order of r->shown is assumed.
 */
struct shown_set {
	const struct md_rmsg **v;
	size_t n;
};

static int
cmp_ptr(const void *a, const void *b)
{
	const struct md_rmsg *ma = *(const struct md_rmsg *const *)a;
	const struct md_rmsg *mb = *(const struct md_rmsg *const *)b;
	uintptr_t x = (uintptr_t)ma, y = (uintptr_t)mb;

	return (x > y) - (x < y);
}

static int
shown_set_init(struct shown_set *out, const struct md_report *r)
{
	out->n = r->n_shown;
	out->v = calloc(r->n_shown ? r->n_shown : 1, sizeof(*out->v));
	if (!out->v)
		return MD_ENOMEM;
	for (size_t i = 0; i < r->n_shown; i++)
		out->v[i] = r->shown[i];
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_ptr);
	return MD_OK;
}

static int
shown_set_has(const struct shown_set *set, const struct md_rmsg *m)
{
	return set->n &&
	       bsearch(&m, set->v, set->n, sizeof(*set->v), cmp_ptr) != NULL;
}

static json_t *
message(const struct md_rmsg *m, const struct shown_set *shown)
{
	json_t *o = json_object();
	int bad = !o, is_shown;

	if (bad)
		return NULL;
	is_shown = shown_set_has(shown, m);
	bad |= put(o, "number",
		   (m->subj.flags & MD_SUBJ_NUMBERED) ? integer(m->subj.num)
						      : json_null());
	bad |= put(o, "subject", str(m->mail.subject));
	bad |= put(o, "title", str(m->subj.title));
	bad |= put(o, "message_id", str(m->mail.message_id));
	bad |= put(o, "commit", oid_str(&m->commit));
	bad |= put_time(o, m->time, 1);
	bad |= put(o, "author", person(&m->mail.author));
	bad |= put(o, "sender", person(&m->mail.from));
	bad |= put(o, "shown", boolean(is_shown));
	if (is_shown)
		bad |= put(o, "body", str(m->excerpt));
	return finish(o, bad);
}

/* The first message of a series: when it arrived, and which it was. */
static json_t *
arrival(const struct md_rmsg *m)
{
	json_t *o = json_object();
	int bad = !o;

	if (bad)
		return NULL;
	bad |= put(o, "commit", oid_str(&m->commit));
	bad |= put_time(o, m->time, 1);
	return finish(o, bad);
}

/* The version a series replaces, or null. */
static json_t *
previous(const struct md_series *s)
{
	json_t *o;
	int bad;

	if (!s->has_prev)
		return json_null();
	o = json_object();
	bad = !o;
	if (bad)
		return NULL;
	bad |= put(o, "version", integer(s->prev_version));
	bad |= put(o, "message_id", str(s->prev_message_id));
	bad |= put(o, "subject", str(s->prev_subject));
	bad |= put_time(o, s->prev_time, 1);
	return finish(o, bad);
}

static json_t *
trailer(const struct md_series_trailer *t)
{
	json_t *o = json_object();
	int bad = !o;

	if (bad)
		return NULL;
	bad |= put(o, "kind", str(md_trailer_kind_name(t->kind)));
	bad |= put(o, "name", str(t->name));
	bad |= put(o, "email", str(t->addr));
	bad |= put(o, "patch", integer(t->patch));
	bad |= put(o, "message_id",
		   str(t->reply ? t->reply->mail.message_id : ""));
	return finish(o, bad);
}

static json_t *
review(const struct md_series *s)
{
	const struct md_rmsg *v = s->verdict_reply;
	int has_verdict = s->verdict != MD_VERDICT_NONE;
	json_t *o = json_object(), *all = json_array();
	int bad = !o || !all;

	if (bad) {
		json_decref(o);
		json_decref(all);
		return NULL;
	}
	bad |= put(o, "reviewed", integer(s->n_reviewed));
	bad |= put(o, "all_reviewed", boolean(s->all_reviewed));
	bad |= put(o, "verdict",
		   has_verdict ? str(md_verdict_name(s->verdict))
			       : json_null());
	bad |= put(o, "verdict_by",
		   has_verdict && v ? person(&v->mail.author) : json_null());
	bad |= put(o, "verdict_message_id",
		   has_verdict && v ? str(v->mail.message_id) : json_null());
	for (size_t i = 0; i < s->n_trailers && !bad; i++)
		bad |= push(all, trailer(&s->trailers[i]));
	bad |= put(o, "trailers", all);
	return finish(o, bad);
}

static json_t *
subsystems(const struct md_series *s)
{
	json_t *arr = json_array();
	int bad = !arr;

	if (bad)
		return NULL;
	for (size_t i = 0; i < s->n_subsystems; i++)
		bad |= push(arr, str(s->subsystems[i]));
	return finish(arr, bad);
}

static json_t *
series(const struct md_series *s, const struct shown_set *shown)
{
	const struct md_rmsg *h = s->head;
	const unsigned flags = h->subj.flags;
	json_t *o = json_object(), *patches = json_array(), *extra;
	int bad = !o || !patches;

	if (bad) {
		json_decref(o);
		json_decref(patches);
		return NULL;
	}
	bad |= put(o, "index", integer((int64_t)s->index));
	bad |= put(o, "title", str(h->subj.title));
	bad |= put(o, "subject", str(h->mail.subject));
	bad |= put(o, "tags", tags(&h->subj));
	bad |= put(o, "version", integer(s->version));
	bad |= put(o, "rfc", boolean(flags & MD_SUBJ_RFC));
	bad |= put(o, "resend", boolean(flags & MD_SUBJ_RESEND));
	bad |= put(o, "pull", boolean(flags & MD_SUBJ_PULL));
	bad |= put(o, "single", boolean(s->single));
	bad |= put(o, "total", integer(s->total));
	bad |= put(o, "received", integer(s->received));
	bad |= put(o, "replies", integer(s->n_replies));
	bad |= put(o, "author", person(&h->mail.author));
	bad |= put(o, "first", arrival(s->first));
	bad |= put(o, "cover",
		   s->cover ? message(s->cover, shown) : json_null());
	for (unsigned i = 0; i < s->total; i++)
		if (s->patches[i])
			bad |= push(patches, message(s->patches[i], shown));
	bad |= put(o, "patches", patches);
	extra = json_array();
	bad |= !extra;
	for (size_t i = 0; extra && i < s->n_extra; i++)
		bad |= push(extra, message(s->extra[i], shown));
	bad |= put(o, "extra", extra);
	bad |= put(o, "previous", previous(s));
	bad |= put(o, "review", review(s));
	bad |= put(o, "subsystems", subsystems(s));
	return finish(o, bad);
}

static json_t *
rows(const struct md_count_row *v, size_t n, int people, const char *what)
{
	json_t *arr = json_array();
	int bad = !arr;

	if (bad)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();

		if (!o) {
			bad = 1;
			break;
		}
		if (people) {
			bad |= put(o, "name", str(v[i].name));
			bad |= put(o, "email", str(v[i].key));
		} else {
			bad |= put(o, what, str(v[i].key));
		}
		bad |= put(o, "count", integer(v[i].count));
		bad |= push(arr, o);
	}
	return finish(arr, bad);
}

static json_t *
reviewers(const struct md_report *r)
{
	json_t *arr = json_array();
	int bad = !arr;

	if (bad)
		return NULL;
	for (size_t i = 0; i < r->n_reviewers && !bad; i++) {
		const struct md_reviewer_row *row = &r->reviewers[i];
		json_t *o = json_object();

		if (!o) {
			bad = 1;
			break;
		}
		bad |= put(o, "name", str(row->name));
		bad |= put(o, "email", str(row->key));
		bad |= put(o, "replies", integer(row->replies));
		bad |= put(o, "trailers", integer(row->trailers));
		bad |= push(arr, o);
	}
	return finish(arr, bad);
}

/* The groups of --group-by subsystem, each listing the 'index' of its
 * series; null without it. */
static json_t *
groups(const struct md_report *r)
{
	json_t *arr;
	int bad;

	if (!r->groups)
		return json_null();
	arr = json_array();
	bad = !arr;
	if (bad)
		return NULL;
	for (size_t i = 0; i < r->n_groups && !bad; i++) {
		const struct md_series_group *g = &r->groups[i];
		json_t *o = json_object(), *list = json_array();

		if (!o || !list) {
			json_decref(o);
			json_decref(list);
			bad = 1;
			break;
		}
		bad |= put(o, "title", str(g->title));
		for (size_t k = 0; k < g->n_series && !bad; k++)
			bad |= push(list,
				    integer((int64_t)g->series[k]->index));
		bad |= put(o, "series", list);
		bad |= push(arr, o);
	}
	return finish(arr, bad);
}

static json_t *
range(const struct md_report *r)
{
	json_t *o = json_object(), *from = json_object(), *to = json_object();
	/* The model keeps 0 for the times of an empty range. */
	int any = r->n_msgs + r->n_deleted > 0;
	int bad = !o || !from || !to;

	if (bad) {
		json_decref(o);
		json_decref(from);
		json_decref(to);
		return NULL;
	}
	bad |= put(from, "commit",
		   r->has_from ? oid_str(&r->from) : json_null());
	bad |= put_time(from, r->from_time, any);
	bad |= put(to, "commit", oid_str(&r->to));
	bad |= put_time(to, r->to_time, any);
	bad |= put(o, "from", from);
	bad |= put(o, "to", to);
	return finish(o, bad);
}

static json_t *
counts(const struct md_report *r)
{
	json_t *o = json_object();
	int bad = !o;

	if (bad)
		return NULL;
	bad |= put(o, "messages", integer((int64_t)r->n_msgs));
	bad |= put(o, "patch_mail", integer((int64_t)r->n_patch_mail));
	bad |= put(o, "duplicates", integer((int64_t)r->n_duplicates));
	bad |= put(o, "deleted", integer((int64_t)r->n_deleted));
	bad |= put(o, "malformed", integer((int64_t)r->n_malformed));
	bad |= put(o, "series", integer((int64_t)r->n_series));
	bad |= put(o, "shown", integer((int64_t)r->n_shown));
	return finish(o, bad);
}

/* The order of the text report's "Patch Commit Messages". */
static json_t *
shown_list(const struct md_report *r)
{
	json_t *arr = json_array();
	int bad = !arr;

	if (bad)
		return NULL;
	for (size_t i = 0; i < r->n_shown; i++) {
		const struct md_rmsg *m = r->shown[i];
		json_t *o = json_object();

		if (!o) {
			bad = 1;
			break;
		}
		bad |= put(o, "series",
			   m->series ? integer((int64_t)m->series->index)
				     : json_null());
		bad |= put(o, "commit", oid_str(&m->commit));
		bad |= push(arr, o);
	}
	return finish(arr, bad);
}

static json_t *
report(const struct md_report *r, const struct md_render_options *o,
       const struct shown_set *shown)
{
	json_t *doc = json_object(), *archive = json_object();
	json_t *list = json_object(), *all = json_array();
	char lore[64];
	int bad = !doc || !archive || !list || !all;

	if (bad) {
		json_decref(doc);
		json_decref(archive);
		json_decref(list);
		json_decref(all);
		return NULL;
	}
	if (o && o->lore_list)
		snprintf(lore, sizeof(lore), "%s", o->lore_list);
	else
		md_render_lore_list(lore, sizeof(lore), r);

	bad |= put(doc, "schema_version", integer(MD_JSON_SCHEMA_VERSION));
	bad |= put(archive, "name", str(r->archive_name));
	bad |= put(doc, "archive", archive);
	bad |= put(list, "name", str(r->list_name));
	bad |= put(list, "list_id", str(r->list_id));
	bad |= put(list, "lore", str(lore));
	bad |= put(doc, "list", list);
	bad |= put(doc, "range", range(r));
	bad |= put(doc, "counts", counts(r));
	bad |= put(doc, "domains", rows(r->domains, r->n_domains, 0, "domain"));
	if (r->has_orgs)
		bad |= put(doc, "organisations",
			   rows(r->orgs, r->n_orgs, 0, "organisation"));
	bad |= put(doc, "contributors",
		   rows(r->people, r->n_people, 1, NULL));
	bad |= put(doc, "reviewers", reviewers(r));
	for (size_t i = 0; i < r->n_series && !bad; i++)
		bad |= push(all, series(r->series[i], shown));
	bad |= put(doc, "series", all);
	bad |= put(doc, "groups", groups(r));
	bad |= put(doc, "shown", shown_list(r));
	return finish(doc, bad);
}

/* json_dump_callback() sink: appends to an md_buf, keeping its error. */
struct sink {
	struct md_buf *buf;
	int rc;
};

static int
sink_write(const char *data, size_t len, void *arg)
{
	struct sink *s = arg;

	s->rc = md_buf_add(s->buf, data, len);
	return s->rc ? -1 : 0;
}

/* Copy jansson's output to out with the code points it leaves raw that
 * md_cp_is_unsafe() names, and U+2028/U+2029, escaped as \uXXXX. */
static int
add_escaped(struct md_buf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0;
	int rc = MD_OK;

	while (i < len && !rc) {
		uint32_t cp = p[i];
		size_t n = 1;

		/* jansson writes valid UTF-8 only; a byte that starts no
		 * sequence would be copied as it is. */
		if (p[i] >= 0x80) {
			n = md_utf8_seq(p + i, len - i, &cp);
			if (!n) {
				i++;
				continue;
			}
		}
		if ((cp != '\n' && md_cp_is_unsafe(cp)) || cp == 0x2028 ||
		    cp == 0x2029) {
			rc = md_buf_add(out, s + run, i - run);
			if (!rc)
				rc = md_buf_addf(out, "\\u%04X", (unsigned)cp);
			run = i + n;
		}
		i += n;
	}
	if (!rc)
		rc = md_buf_add(out, s + run, len - run);
	return rc;
}

int
md_render_json(struct md_buf *out, const struct md_report *r,
	       const struct md_render_options *o)
{
	struct md_buf raw = MD_BUF_INIT;
	struct shown_set shown = { NULL, 0 };
	struct sink sink = { &raw, MD_OK };
	size_t len0 = md_buf_len(out);
	json_t *doc = NULL;
	int rc;

	rc = shown_set_init(&shown, r);
	if (rc)
		goto done;
	doc = report(r, o, &shown);
	if (!doc) {
		rc = MD_ENOMEM;
		goto done;
	}
	if (json_dump_callback(doc, sink_write, &sink,
			       JSON_INDENT(2) | JSON_PRESERVE_ORDER)) {
		rc = sink.rc ? sink.rc : MD_ENOMEM;
		goto done;
	}
	rc = add_escaped(out, raw.buf, md_buf_len(&raw));
	if (!rc)
		rc = md_buf_addch(out, '\n');
	/* On failure out is left as it was given. */
	if (rc)
		md_buf_setlen(out, len0);
done:
	json_decref(doc);
	md_buf_release(&raw);
	free(shown.v);
	return rc;
}
