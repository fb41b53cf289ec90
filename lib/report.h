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
#include "lib/mailbox.h"
#include "lib/mailmap.h"
#include "lib/maintainers.h"
#include "lib/err.h"
#include "lib/msg.h"
#include "lib/scan.h"

/* A review trailer given in the range to a series. */
struct md_series_trailer {
	int kind;                  /* enum md_trailer_kind (lib/review.h) */
	const char *name;          /* the person (after the mailmap); */
	const char *addr;          /*   borrowed from the reply's facts */
	unsigned patch;            /* N of the patch; 0: the cover letter,
				      which stands for every patch */
	const struct md_rmsg *reply; /* the reply that carried it */
};

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
	struct md_rmsg **extra;    /* patch mail of the series whose number
				      was taken already (a patch sent again
				      in the thread) or is above total;
				      owned array, arrival order */
	size_t n_extra;
	unsigned n_replies;        /* replies in the range */
	int single;                /* an unnumbered [PATCH] */

	/* The version this one replaces (version > 1 only), found earlier
	 * in the archive (lib/revision.h says how). */
	int has_prev;
	unsigned prev_version;
	int64_t prev_time;         /* its receive time */
	char *prev_message_id;     /* of its head; owned */
	char *prev_subject;        /* owned */

	/* Review state from the range's replies. */
	struct md_series_trailer *trailers; /* in arrival order; owned */
	size_t n_trailers;
	unsigned n_reviewed;       /* patches 1..total with a Reviewed-by or
				      Acked-by (a cover letter's counts for
				      all) */
	int all_reviewed;          /* n_reviewed == total */
	int verdict;               /* MD_VERDICT_* of the latest verdict */
	const struct md_rmsg *verdict_reply; /* who said it, or NULL */

	/* Subsystems (with a MAINTAINERS file): titles borrowed from the
	 * report's subsystems table, in file order. */
	const char **subsystems;   /* owned array */
	size_t n_subsystems;
};

/* A row of the Top reviewers table. */
struct md_reviewer_row {
	char *name;                /* the most used name */
	char *key;                 /* the address */
	unsigned replies;          /* replies to patch threads */
	unsigned trailers;         /* trailers given */
};

/* The patch list grouped by subsystem (--group-by subsystem). */
struct md_series_group {
	char *title;               /* the subsystem; "" for none */
	struct md_series **series; /* borrowed, in arrival order; owned
				      array */
	size_t n_series;
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

	struct md_reviewer_row *reviewers; /* all, sorted */
	size_t n_reviewers;

	int has_subsystems;        /* a MAINTAINERS file was given */
	char **subsystem_titles;   /* every title a series has; owned */
	size_t n_subsystem_titles;
	struct md_series_group *groups; /* with group_by_subsystem, else
					   NULL */
	size_t n_groups;

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
	const struct md_maintainers *maintainers; /* subsystems, or NULL */
	int group_by_subsystem;    /* needs maintainers */
	/* Look for earlier versions of the range's series (in the cache,
	 * else by reading the archive before the range). */
	int revisions;
};

void md_report_init(struct md_report *r);
int md_report_build(struct md_report *r, struct md_archive *a,
		    const struct md_range *range,
		    const struct md_report_options *opts, struct md_err *err);
void md_report_release(struct md_report *r);

/* The same from an mbox or Maildir read whole (lib/mailbox.h): range
 * bounds by receive time only (the mailbox's, else the Date header);
 * from and to are the first and last message's blob ids.  Earlier
 * versions are looked for among the mailbox's messages. */
int md_report_build_mailbox(struct md_report *r, const struct md_mailbox *mb,
			    const char *path, const struct md_range *range,
			    const struct md_report_options *opts,
			    struct md_err *err);

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
/* The value map holds for the nearest message of ml's thread: its
 * In-Reply-To, else its References from the newest back; NULL when
 * none is in map (lib/series.c). */
struct md_strmap;
void *md_series_thread_get(const struct md_strmap *map,
			   const struct md_mail *ml);
/* Exposed for tests: review state of the series and the reviewers table
 * (lib/series_review.c), after md_report_assemble(). */
int md_report_review(struct md_report *r);
/* Previous versions of the series (lib/series_revision.c): from the
 * cache's index of the archive when c is given, else from hist[0..n). */
int md_report_revisions(struct md_report *r, struct md_cache *c,
			int64_t archive, struct md_rmsg *const *hist,
			size_t n_hist, struct md_err *err);
/* A commit filter (lib/archive.h) for the look-back without a cache:
 * whether a public-inbox commit message (the mail's subject) may be a
 * series head; yes when it cannot tell (encoded words). */
int md_revision_maybe_head(void *arg, const char *message);
/* Whether a series of r has a version above 1. */
int md_report_needs_revisions(const struct md_report *r);
/* Subsystems of the series, and with group, the groups
 * (lib/series_subsys.c). */
int md_report_subsystems(struct md_report *r,
			 const struct md_maintainers *m, int group);

#endif
