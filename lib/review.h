/*
 * review.h - what a reply to a patch says about review: the trailers it
 * gives (Reviewed-by, Acked-by, Tested-by) and whether a maintainer says
 * the patch or series was applied or queued.
 *
 * md_review_scan() reads a decoded message body (UTF-8 with LF line
 * ends, as md_mail_decode_body() gives; stray CRs, invalid UTF-8 and NUL
 * bytes are tolerated) and never keeps a pointer into it.  Only the
 * replier's own text counts (see "The replier's text" below).  It is
 * meant for replies: run on a patch mail it would report the trailers
 * the patch carries.
 *
 * Ownership: struct md_review owns its trailers array and every string
 * in it (malloc'd, NUL-terminated, valid UTF-8); md_review_release()
 * frees them all.  Nothing here needs GMime.
 *
 * The replier's text.  Lines whose first non-blank character is '>' are
 * quoted and skipped.  Scanning stops for good at the first unquoted
 * line that is
 *  - a signature separator "-- " (optionally followed by a CR);
 *  - the start of a diff: "diff --git ", "--- a/" or "Index: ";
 *  - a scissors line ("-- >8 --", "----8<----");
 *  - the start of a top-posted original: a line starting with "--" that
 *    contains "Original Message", "Begin forwarded message:", or a line
 *    of ten or more '_' (Outlook).
 *
 * Trailers.  An unquoted line, after optional blanks, of the form
 * "TAG-by: VALUE" where TAG is reviewed, acked or tested (any case; the
 * misspellings reviwed, reveiwed and reviewd count as reviewed), several
 * joined by "-and-" ("Reviewed-and-tested-by:" gives one trailer of each
 * kind), the '-' before "by" may be a space, and blanks may precede the
 * ':'.  VALUE must hold a mailbox: "Name <addr>", "\"Name\" <addr>",
 * "<addr>", a bare "addr" (a word with an '@' inside), or "<addr" with
 * the '>' missing; whatever follows the mailbox ("# v5.10",
 * "[for the foo part]", "(powerpc)") is ignored.  An address needs text
 * on both sides of its '@' and no blank or control character; a value
 * of more than MD_REVIEW_MAX_VALUE bytes is not a trailer.  Names have
 * blank runs collapsed to one space, quotes removed and control
 * characters turned into spaces.  Trailers are kept in the order they
 * appear, the first of each (kind, address compared case-insensitively)
 * pair only.
 *
 * Verdicts.  The text is cut into paragraphs (runs of unquoted non-blank
 * lines) and sentences (ending at '.', '!' or '?' followed by a blank or
 * the paragraph's end).  A sentence counts when its first words have the
 * shape
 *
 *     [opener...] [quantity...] [subject] [adverb...] VERB rest
 *
 * - openers: "thanks", "thank you", "ok", "yes", "hi", "now", "lgtm"
 *   and the like; an opener of the "thanks", "hi" or "looks" kind with a
 *   comma within eight words (and no verb before it) is skipped up to
 *   the comma ("Thanks for the patch, applied.");
 * - quantity: patch, patches, series, fix, backports, both, all, the,
 *   this, of, and, numbers and ranges ("Patches 3 and 4 of this series
 *   applied", "Both now queued up", "Queued 1-7");
 * - subject: "I've", "I have", "we've", "we have" (present perfect), or
 *   "I", "we" (simple past);
 * - adverbs: now, also, just, finally, provisionally, tentatively,
 *   already, ...;
 * - VERB: applied, merged, pushed or picked (MD_VERDICT_APPLIED), or
 *   queued (MD_VERDICT_QUEUED).
 * Any other word before the verb means no verdict.  That refuses
 * negations ("not applied", "doesn't apply"), conditionals ("once this
 * is applied", "should be applied"), passives ("has been merged") and
 * promises ("I'll queue it", "will be queued after -rc1": a promise is
 * not a verdict; the maintainer says "Queued" when it is done).  The
 * sentence is refused as well when
 * - it ends with '?';
 * - a tester's word follows the verb: locally, cleanly, tested,
 *   verified, booted, works, fails, ... ("Applied patch x.c cleanly.");
 * - "applied" is followed by on, onto, against, fine, ok or without
 *   ("Applied on top of rc2"), or by "to" + the/my/your/this/that/our +
 *   patch/series/code/changes/commit/version (an author taking a
 *   suggestion: "I've applied it to the patch");
 * - "merged" is followed by with, before, after, fine or ok;
 * - "pushed" is followed by anything but an object (this, it, them, the
 *   series, ...), "to", "into", "and" or "thanks" ("I've pushed an
 *   updated branch", "pushed out my version" are an author's news);
 *   "picked" by anything but "up" or such an object; and "the" after
 *   either by a word other than series, patch(es), fix(es), set, first,
 *   latter, ... ("pushed the updated version", "picked up the work");
 * - the subject is a simple-past "I"/"we" and the verb is not "queued",
 *   unless a destination follows ("to", "into" or "in" and, within four
 *   words, a branch-like word: one holding a '/' or ending in next,
 *   queue, fixes, tree, branch, master or main, and before any of
 *   patch, series, code, changes, commit, version, patchset, revision,
 *   respin, spin, iteration: "I merged them in the next version" is an
 *   author's; "to our ..." is a downstream tree) or the sentence is just
 *   verb and object ("I
 *   finally merged this."): "I applied your fix and it boots" is a
 *   tester's;
 * - it follows a bare list number ("1. Applied Marc's suggestion").
 * The first sentence that counts gives the verdict.
 */
#ifndef MD_REVIEW_H
#define MD_REVIEW_H

#include <stddef.h>

/* Longest trailer value (after the ':') looked at, in bytes. */
#define MD_REVIEW_MAX_VALUE 1024

enum md_trailer_kind {
	MD_TRAILER_REVIEWED = 0, /* Reviewed-by */
	MD_TRAILER_ACKED = 1,    /* Acked-by */
	MD_TRAILER_TESTED = 2,   /* Tested-by */
	MD_TRAILER_KIND_LAST = 3
};

enum md_verdict {
	MD_VERDICT_NONE = 0,    /* no verdict in the text */
	MD_VERDICT_APPLIED = 1, /* applied, merged, pushed or picked up */
	MD_VERDICT_QUEUED = 2,  /* queued */
	MD_VERDICT_LAST = 3
};

struct md_trailer {
	enum md_trailer_kind kind;
	char *name; /* display name; "" when only an address was given */
	char *addr; /* as written (case kept); never "" */
};

struct md_review {
	struct md_trailer *trailers; /* in order of appearance, deduped */
	size_t n_trailers;
	size_t alloc_trailers;       /* private */
	enum md_verdict verdict;
};
#define MD_REVIEW_INIT { NULL, 0, 0, MD_VERDICT_NONE }

/* Initialise without allocating. */
void md_review_init(struct md_review *r);
/* Free the trailers; r is left as after md_review_init(). */
void md_review_release(struct md_review *r);

/*
 * Scan the decoded body text body[0..len) of a reply into out, which the
 * call initialises first (it need not be initialised, and what it held
 * is not freed: release it before reusing it).  Returns 0 or MD_ENOMEM;
 * either way out is then the caller's to md_review_release() (after a
 * failure it is empty).
 */
int md_review_scan(struct md_review *out, const char *body, size_t len);

/* "Reviewed-by", "Acked-by", "Tested-by"; "?" for a bad value.  Static
 * storage. */
const char *md_trailer_kind_name(enum md_trailer_kind k);
/* "none", "applied", "queued"; "?" for a bad value.  Static storage. */
const char *md_verdict_name(enum md_verdict v);

/*
 * A cheap prefilter on the raw (undecoded) message raw[0..len), headers
 * included: nonzero when md_review_scan() of its decoded body might find
 * a trailer or a verdict, 0 when it cannot.  False positives are
 * expected (about a third of the replies of a kernel list pass, half of
 * them without a finding); a false negative would be a bug.  It answers
 * nonzero when
 *  - a line that is not quoted (no '>' after optional blanks) holds, in
 *    any case, a trailer tag (a kind word as above, '-' or a space, "by",
 *    optional blanks, ':') or one of the verbs applied, queued, merged,
 *    pushed, picked (quoted lines can be skipped because decoding keeps
 *    line starts when no transfer encoding is at work, see next);
 *  - a Content-Transfer-Encoding header field (at a line start, of the
 *    message or of a part) names an encoding other than 7bit, 8bit or
 *    binary (base64 and uuencode hide the text), or quoted-printable
 *    while the message has a soft line break ("=" at a line end, which
 *    may split a word or join lines) or an escape of a letter, ':',
 *    space or tab;
 *  - there is a NUL byte (UTF-16 or UTF-32 text), or a charset label
 *    that is not ASCII-compatible by name (utf-7, utf-16, utf-32, ucs*,
 *    unicode*, ebcdic*, ibm*, and cp followed by 0, 2, 4, 5, 8, 9, 10 or
 *    11, where the EBCDIC code pages live; a few ASCII ones such as
 *    cp437 are caught too).  An EBCDIC label outside these names is a
 *    known gap.
 * It calls memchr() and memrchr() and compares bytes; each byte is read
 * a bounded number of times.  It relies on md_mail_decode_body() keeping
 * the raw line breaks of untransformed text: should that ever join
 * format=flowed lines, flowed text must count here as QP soft breaks do.
 */
int md_review_maybe(const char *raw, size_t len);

#endif
