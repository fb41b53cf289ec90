/*
 * report.h - the report model: everything a renderer shows, built once
 * from a range of an archive.
 *
 * md_report_build() reads the range's messages (in parallel, with one
 * archive reader per thread; the result does not depend on the number
 * of threads), or with a cache, first brings the cache's index of the
 * archive up to date and then takes them from it (the same facts, so
 * the same report).  It keeps what the report
 * needs of each (headers always; the decoded body only of the messages
 * whose text is shown or whose in-body From matters), counts the patch
 * mail per contributor and domain, assembles series and orders the
 * messages shown.  Renderers (lib/render.h) only read the model.
 *
 * Ownership: struct md_report owns every message, series, row and string
 * reachable from it; md_report_release() frees them all.  Pointers
 * between parts (a series' messages, a shown message) are borrowed and
 * live as long as the report.
 */
#ifndef MD_REPORT_H
#define MD_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "lib/archive.h"
#include "lib/cache.h"
#include "lib/domainmap.h"
#include "lib/mailmap.h"
#include "lib/err.h"
#include "lib/msg.h"
#include "lib/scan.h"

/* A patch series of the range: a cover letter and its patches, or a
 * single patch. */
struct md_series {
	size_t index;              /* arrival order among series */
	struct md_rmsg *first;     /* the message that arrived first */
	struct md_rmsg *cover;     /* 0/N, or NULL */
	struct md_rmsg *head;      /* cover, else patch 1, else first */
	struct md_rmsg **patches;  /* patches[i] is patch i+1, or NULL;
				      a single patch is patches[0] */
	unsigned total;            /* N of the series (1 for a single) */
	unsigned version;
	unsigned received;         /* distinct patches 1..total received */
	unsigned n_replies;        /* replies in the range */
	int single;                /* an unnumbered [PATCH] */
};

/* A row of a top-N table. */
struct md_count_row {
	char *name;    /* contributors: the most used name; "" for domains */
	char *key;     /* the address (most used spelling) or the domain */
	unsigned count;
};

struct md_report {
	char *list_name;           /* as shown in the title */
	char *list_id;             /* the range's most common List-Id, or "" */
	char *archive_name;
	struct md_oid from, to;    /* first shown id and last commit */
	int has_from;
	int64_t from_time, to_time; /* earliest and latest receive time of
				       the messages (0 when there are none) */

	struct md_rmsg **msgs;     /* every message of the range, in order */
	size_t n_msgs;
	size_t n_deleted;          /* deletion commits skipped */
	size_t n_duplicates;
	size_t n_patch_mail;
	size_t n_malformed;

	struct md_count_row *domains;  /* all, sorted */
	size_t n_domains;
	struct md_count_row *people;   /* all, sorted */
	size_t n_people;
	int has_orgs;                  /* a domain map was given */
	struct md_count_row *orgs;     /* all, sorted; key: organisation */
	size_t n_orgs;

	struct md_series **series; /* in arrival order */
	size_t n_series;

	struct md_rmsg **shown;    /* Patch Commit Messages, in order */
	size_t n_shown;
};

struct md_report_options {
	const char *list_name;     /* NULL: derive from List-Id or path */
	unsigned jobs;             /* parsing threads; 0: one per core */
	md_scan_progress_fn *progress; /* may be NULL */
	void *progress_arg;
	struct md_cache *cache;    /* NULL: read everything from git */
	const struct md_mailmap *mailmap; /* canonical authors, or NULL */
	const struct md_domainmap *domainmap; /* organisations, or NULL */
};

void md_report_init(struct md_report *r);
int md_report_build(struct md_report *r, struct md_archive *a,
		    const struct md_range *range,
		    const struct md_report_options *opts, struct md_err *err);
void md_report_release(struct md_report *r);

/*
 * Runs with no range (the weekly cron use).  md_report_next_range()
 * gives the range after the end of the last report remembered in the
 * cache for this archive, up to the newest message; when there is no
 * cache, no report was made yet, or the last end is no longer in the
 * archive (a rewritten history), the 7 days up to the newest message
 * (then only *from_last is 0).  Safe across a new epoch: the range may
 * start in an older one.  md_report_remember_end() stores the end of r
 * as the new last end.
 */
#define MD_REPORT_FIRST_DAYS 7
int md_report_next_range(struct md_range *out, int *from_last,
			 struct md_archive *a, struct md_cache *c,
			 struct md_err *err);
int md_report_remember_end(struct md_cache *c, struct md_archive *a,
			   const struct md_range *range, struct md_err *err);

/* Exposed for tests: assemble series and reply counts from r->msgs
 * (which must have mail, subj, patch_mail and duplicate set). */
int md_report_assemble(struct md_report *r);
/* Exposed for tests: fill the domain and contributor tables. */
int md_report_count(struct md_report *r);
/* Exposed for tests: fill the organisations table from a domain map. */
int md_report_count_orgs(struct md_report *r, const struct md_domainmap *m);

#endif
