/*
 * subject.h - the tags at the front of a mail subject.
 *
 * Parses "Re: [RFC PATCH net-next v3 2/7] foo: bar" into its parts: the
 * reply/forward prefixes, the bracketed tags in any order (PATCH, RFC,
 * RESEND, GIT PULL, vN, N/M, and any other word such as "net-next",
 * "6.1.y" or "kvm-unit-tests"), and the title that remains.
 *
 * struct md_subject holds no pointers into the subject except title,
 * which points into the string given to md_subject_parse() and lives as
 * long as it; extra tags are copied into a fixed array (truncated at
 * sizeof(extra), never overflowing).
 */
#ifndef MD_SUBJECT_H
#define MD_SUBJECT_H

enum md_subject_flags {
	MD_SUBJ_REPLY = 1 << 0,   /* Re:, RE:, AW:, SV:, Antw:, ... */
	MD_SUBJ_FORWARD = 1 << 1, /* Fwd:, Fw:, WG: */
	MD_SUBJ_PATCH = 1 << 2,   /* a PATCH tag (also PATCHv2, PATCH-v2) */
	MD_SUBJ_RFC = 1 << 3,
	MD_SUBJ_RESEND = 1 << 4,
	MD_SUBJ_PULL = 1 << 5,    /* GIT PULL, PULL */
	MD_SUBJ_NUMBERED = 1 << 6,/* carries N/M */
	MD_SUBJ_TAGGED = 1 << 7,  /* had at least one [...] group */
};

struct md_subject {
	unsigned flags;     /* enum md_subject_flags */
	unsigned version;   /* 1 when no vN tag */
	unsigned num;       /* N of N/M, 0 when unnumbered */
	unsigned total;     /* M of N/M, 0 when unnumbered */
	char extra[96];     /* other tag words, space-separated, in order */
	const char *title;  /* after all prefixes and tags; points into the
			       parsed string */
};

void md_subject_parse(struct md_subject *out, const char *subject);

/* Patch mail: a PATCH tag and not a reply or forward. */
int md_subject_is_patch_mail(const struct md_subject *s);
/* Shown in "Patch Commit Messages": patch mail numbered 0, 1 or not. */
int md_subject_is_series_head(const struct md_subject *s);

#endif
