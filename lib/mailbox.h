/*
 * mailbox.h - reading an mbox file or a Maildir directory into a list of
 * raw messages.
 *
 * What a path is (md_mailbox_kind()):
 *  - a directory with a cur/ or a new/ subdirectory is a Maildir: the
 *    regular files of new/ and cur/ are its messages; tmp/, names that
 *    start with '.' and anything that is not a regular file are skipped;
 *  - a regular file is an mbox, gzip-compressed when it starts with the
 *    gzip magic number 1f 8b, read as is otherwise;
 *  - anything else is an error.
 *
 * The mbox rules (lines end at LF; a CR before it is part of the line,
 * so CRLF files stay CRLF byte for byte):
 *  - Blank lines ("\n" or "\r\n") at the start of the file are skipped.
 *    A file that is empty or only blank lines holds 0 messages; any
 *    other first line must start with "From ", else the file is not an
 *    mbox.  A file whose first line holds a CR that does not end it has
 *    CR-only line ends, which are not supported (an error).
 *  - A message starts after a separator: the first line, or a line that
 *    starts with "From " and follows a blank line.  A "From " line after
 *    a non-blank line is body text (writers escape those anyway).  The
 *    separator line is not part of the message.
 *  - In every line of a message, "^>+From " loses one '>' (mboxrd's rule,
 *    which also undoes mboxo's escaping of "From ").
 *  - Writers add one blank line after each message, so exactly one
 *    trailing blank line of each message is removed when present,
 *    including at the end of the file.  A final message without a
 *    trailing newline is kept as is.
 *   Hence an mbox written as, per message, "From SENDER DATE\n" + the
 *   message with "^>*From " lines given one more '>' + "\n", gives every
 *   message back byte for byte when it ends with a newline (a message
 *   that does not comes back with one, except the last of the file when
 *   the writer adds nothing after it).  This is how public-inbox's
 *   mboxrd output and mutt write; git format-patch --stdout adds no line
 *   but ends each patch with a blank line, which is then removed.
 *   The deviation: a body line starting "From " that follows a blank line
 *   and was not escaped (a broken writer) splits the message there.
 *
 * Receive times (struct md_mailbox_msg.time, seconds since the epoch, 0
 * when unknown):
 *  - mbox: the date of the "From " line, asctime's form in UTC
 *    ("From sender Mon Mar  1 10:00:00 2021"), read leniently: the weekday
 *    may be missing, seconds too, the year may come before or after a
 *    zone ("+0100", "UTC", "PST"), a two-digit year is 19xx from 50 up and
 *    20xx below, and "Mon, 1 Mar 2021 10:00:00 +0000" (RFC 5322 order) is
 *    accepted as well; zone names other than RFC 822's count as UTC.  A
 *    line without a date that reads, with a date not after the epoch
 *    (public-inbox writes "Thu Jan  1 00:00:00 1970") or with git
 *    format-patch's fixed "Mon Sep 17 00:00:00 2001" gives 0.
 *  - Maildir: the decimal number a file name starts with when a '.'
 *    follows it ("1614592800.M12P34.host:2,S"), else the file's mtime.
 *
 * Order: an mbox's messages in file order; a Maildir's by time, then by
 * file name (then cur/ before new/).
 *
 * Each message's id is its git blob id (SHA-1 of "blob LEN\0" + the raw
 * bytes), the id the same bytes have in a public-inbox archive.
 *
 * Memory: struct md_mailbox owns everything it points to, and
 * md_mailbox_release() frees it all.  An mbox is read whole into one
 * buffer (decompressed first if need be) and unescaped in place: every
 * raw of an mbox points into that buffer, with no copy per message.  A
 * Maildir's messages are one allocation each.  The where strings share
 * one allocation.  Every raw
 * is followed by a NUL byte that len does not count (raw may contain NUL
 * bytes of its own); the caller may change the bytes of raw[0..len) in
 * place.  Nothing is valid after md_mailbox_release().
 *
 * NEEDSWORK: there is no size cap: a gzip bomb takes as much memory as it
 * inflates to, and the whole mailbox is in memory at once (about the
 * size of the uncompressed mbox, or of the Maildir's files).
 *
 * A Maildir that changes while it is read: a file that disappears between
 * listing and opening (moved from new/ to cur/ by a mail reader) is
 * skipped; new/ is listed before cur/, so such a message is usually found
 * in cur/ again, but may be lost or read twice.
 */
#ifndef MD_MAILBOX_H
#define MD_MAILBOX_H

#include <stddef.h>
#include <stdint.h>

#include "lib/archive.h"
#include "lib/err.h"

enum md_mailbox_kind {
	MD_MAILBOX_NONE = 0,    /* not a mailbox */
	MD_MAILBOX_MBOX = 1,    /* an mbox file, maybe gzip-compressed */
	MD_MAILBOX_MAILDIR = 2  /* a Maildir directory */
};

struct md_mailbox_msg {
	char *raw;          /* the message, NUL-terminated; belongs to the
			       mailbox */
	size_t len;         /* bytes in raw, without the terminating NUL */
	int64_t time;       /* receive time, seconds since the epoch; 0 when
			       unknown (the caller then uses Date:) */
	struct md_oid id;   /* git blob id of raw[0..len) */
	const char *where;  /* for error messages: "line N" (the line of
			       the mbox's "From " separator) or "cur/NAME" /
			       "new/NAME" in a Maildir; belongs to the
			       mailbox */
};

struct md_mailbox {
	int kind;                     /* enum md_mailbox_kind */
	struct md_mailbox_msg *msgs;  /* n messages, in the order above */
	size_t n;
	/* private */
	char *data;                   /* an mbox's bytes */
	char *names;                  /* the where strings */
};
#define MD_MAILBOX_INIT { MD_MAILBOX_NONE, NULL, 0, NULL, NULL }

/*
 * What path is, cheaply, for telling input kinds apart: MD_MAILBOX_MAILDIR
 * for a directory with a cur/ or new/ subdirectory, MD_MAILBOX_MBOX for a
 * regular file that starts with the gzip magic number, with "From " after
 * optional blank lines, or is empty (or blank lines only), else
 * MD_MAILBOX_NONE (also when path cannot be read).  Only the first 4 KiB
 * are looked at, and gzip data is not checked.
 */
int md_mailbox_kind(const char *path);

/* Initialise without allocating (the same as MD_MAILBOX_INIT). */
void md_mailbox_init(struct md_mailbox *mb);

/*
 * Read the mbox or Maildir at path into *out, which need not be
 * initialised; on error *out is left empty (releasing it is harmless).
 * Errors, with one line in err:
 *   MD_EINVAL  not a mailbox: "read mailbox 'PATH': not an mbox file or a
 *              Maildir directory", "read mbox 'PATH': not an mbox file (no
 *              'From ' line at the start)", "read mbox 'PATH': lines end
 *              with CR alone (not supported)", "read maildir 'PATH': no
 *              cur/ or new/ directory";
 *   MD_EIO     a file or directory cannot be read, e.g. "read mailbox
 *              'PATH': No such file or directory", "read maildir 'PATH':
 *              'cur/NAME': Permission denied" (or 'cur': for the
 *              directory itself), "read mbox 'PATH': truncated gzip
 *              data", "read mbox 'PATH': corrupt gzip data (WHY)";
 *   MD_ETOOBIG the data does not fit in memory's address range;
 *   MD_ENOMEM  memory ran out;
 *   MD_ECORRUPT libgit2 could not hash a message (not expected).
 * Calls git_libgit2_init() and git_libgit2_shutdown() around its work
 * (they count); different mailboxes may be read in different threads.
 */
int md_mailbox_read(struct md_mailbox *out, const char *path,
		    struct md_err *err);

/* Free everything the mailbox holds and make it empty; accepts an empty
 * or initialised mailbox. */
void md_mailbox_release(struct md_mailbox *mb);

#endif
