/*
 * msg.h - one message of an archive as mldigest keeps it: where it sits
 * in the archive, and what was read of it (headers, subject tags, the
 * author, the text shown).
 *
 * md_rmsg_parse() turns a raw message into these facts; the cache
 * (lib/cache.h) stores and restores exactly the same facts, so a report
 * built from the cache is the report built from the archive.  Whatever
 * changes what md_rmsg_parse() produces must bump MD_MSG_FACTS_VERSION,
 * which makes every cache rebuild its records.
 *
 * Ownership: struct md_rmsg owns its mail (see mail.h), excerpt,
 * trailers, paths and change_id; md_rmsg_free() frees them and the
 * struct.  subj.title points into
 * mail.subject.  The series pointer is set and owned by the report.
 */
#ifndef MD_MSG_H
#define MD_MSG_H

#include <stddef.h>
#include <stdint.h>

#include "lib/archive.h"
#include "lib/mail.h"
#include "lib/subject.h"

/* Bump when md_rmsg_parse()'s output changes for some input. */
#define MD_MSG_FACTS_VERSION 7

struct md_series;
struct md_trailer;

struct md_rmsg {
	/* Where it is. */
	struct md_oid commit;
	struct md_oid blob;
	int64_t time;              /* receive time (commit date) */
	int tz_minutes;
	uint32_t epoch;

	/* What it says: set by md_rmsg_parse() or from the cache. */
	struct md_mail mail;       /* no body kept */
	struct md_subject subj;    /* title points into mail.subject */
	char *excerpt;             /* the shown text of a series head,
				      else NULL */
	int patch_mail;            /* a PATCH tag, not a reply */
	/* What a reply says about review (lib/review.h); empty for other
	 * mail and for replies whose raw text cannot hold any. */
	struct md_trailer *trailers;
	size_t n_trailers;
	int verdict;               /* MD_VERDICT_* */
	/* Patch mail: the files its diff touches (a cover letter: the
	 * paths of its diffstat), first-seen order. */
	char **paths;
	size_t n_paths;
	char *change_id;           /* a series head's b4 change-id, or NULL */

	/* Set by the report. */
	size_t index;              /* arrival order in the range, from 0 */
	int duplicate;             /* Message-ID seen before in the range */
	struct md_series *series;  /* the series of a patch mail */
};

/* Parse raw[0..len) into m's facts (m zeroed or fresh): headers and
 * subject always; for patch mail the body too, whose in-body From is
 * the author, keeping the paths it touches and, of a series head, the
 * excerpt and change-id; for a reply whose raw text may hold review
 * trailers or a maintainer's verdict, the body too, keeping those.
 * MD_ENOMEM only. */
int md_rmsg_parse(struct md_rmsg *m, const char *raw, size_t len);

/* Derive subj and patch_mail from mail.subject (after the cache filled
 * mail). */
void md_rmsg_derive(struct md_rmsg *m);

/* Free m's trailers (also used by the cache when loading fails). */
void md_rmsg_free_trailers(struct md_rmsg *m);

void md_rmsg_free(struct md_rmsg *m);

#endif
