/*
 * maintainers.h - the Linux kernel's MAINTAINERS file: which subsystem
 * sections a file path falls under.
 *
 * The file, as scripts/get_maintainer.pl reads it:
 *  - A field line is an upper-case letter and a colon at the start of the
 *    line ("F:\tdrivers/net/"), the value being the rest, trimmed.  Blank
 *    lines and lines starting with '#' (after blanks) are skipped.
 *  - A section is a run of field lines; its title is the other line just
 *    before the run.  Field lines with no line before them start no
 *    section, so the preamble, whose field examples are indented, makes
 *    none.
 *  - F: is a file pattern.  '*', '?' and "[...]" are globs that never
 *    match '/'.  With a trailing slash the pattern names directories and
 *    takes everything in and below them ("drivers/net/"); otherwise it
 *    must match the whole path ("drivers/net/" and a '*' are the files
 *    in drivers/net, not below it).  A pattern without any wildcard also
 *    takes everything below it, as get_maintainer.pl does for a name
 *    that is a directory in the tree ("arch/arm64/hyperv").  Paths are
 *    relative: a leading '/' is dropped; an empty pattern or "/" is
 *    none.
 *  - X: has the syntax of F:; a path that matches an X: of a section is
 *    not in that section at all, whatever its F: and N: say.
 *  - N: is an extended regular expression (POSIX regcomp()) that may
 *    match anywhere in the path.  One that does not compile is skipped.
 *  - K: and every other field are ignored.
 * Deviations from get_maintainer.pl, on purpose: its '*' may cross '/'
 * in a pattern with a trailing slash, its patterns match as regular
 * expression prefixes ("drivers/foo.c" also takes "drivers/foo.cc"), and
 * its N: are Perl expressions (with /x); here globs stay inside one
 * component and match whole components, and N: is POSIX.
 *
 * Specificity says how closely a section's best pattern fits a path, for
 * picking the most specific sections:
 *  - F: with c components ("arch/arm64/kvm/" has 3): 2 * c, plus one
 *    when the pattern is the path itself (no wildcards, no trailing
 *    slash), so a file named exactly wins over a glob or a directory;
 *  - F: with no literal character at all, as THE REST's "*": 0, the
 *    lowest;
 *  - N: MD_MAINTAINERS_SPEC_REGEX, between a top-level directory and a
 *    two-level one.
 *
 * struct md_maintainers owns the file's text and everything parsed from
 * it; titles belong to it and stay valid until md_maintainers_free().
 * Arrays returned by md_maintainers_match() and md_maintainers_best()
 * are malloc'ed and belong to the caller (free()).  A loaded map is only
 * read by the lookups, so threads may share it.
 */
#ifndef MD_MAINTAINERS_H
#define MD_MAINTAINERS_H

#include <stddef.h>

#include "lib/err.h"

/* The specificity of a match by an N: regular expression. */
#define MD_MAINTAINERS_SPEC_REGEX 3

struct md_maintainers;

struct md_maintainers_hit {
	size_t section;	 /* index for md_maintainers_title() */
	int specificity; /* of the section's best pattern for the path */
};

/* Read and parse the MAINTAINERS file at path.  Errors (MD_EIO,
 * MD_ETOOBIG past 16 MiB, MD_ENOMEM) fill err with "read maintainers
 * 'PATH': why". */
int md_maintainers_load(struct md_maintainers **out, const char *path,
			struct md_err *err);
/* Parse text[0..len) (which the map copies).  Any text is accepted:
 * lines that are not understood are skipped.  0 or MD_ENOMEM. */
int md_maintainers_parse(struct md_maintainers **out, const char *text,
			 size_t len);
/* Accepts NULL. */
void md_maintainers_free(struct md_maintainers *m);

/* The number of sections, in file order. */
size_t md_maintainers_count(const struct md_maintainers *m);
/* The title of a section (trimmed), or NULL when section is out of
 * range; the string belongs to m. */
const char *md_maintainers_title(const struct md_maintainers *m,
				 size_t section);

/* The sections path ("arch/arm64/kvm/mmu.c": relative, no "./" or "a/")
 * falls under, in file order, one hit each.  *out is set to a malloc'ed
 * array of *out_n hits that the caller frees, or to NULL when there are
 * none.  0 or MD_ENOMEM (then *out is NULL and *out_n 0). */
int md_maintainers_match(struct md_maintainers_hit **out, size_t *out_n,
			 const struct md_maintainers *m, const char *path);
/* The titles of the most specific sections for path: those whose
 * specificity is the highest among its hits, in file order.  *out is a
 * malloc'ed array of *out_n titles (NULL when none): the caller frees
 * the array, the strings belong to m.  0 or MD_ENOMEM. */
int md_maintainers_best(const char ***out, size_t *out_n,
			const struct md_maintainers *m, const char *path);

#endif
