/*
 * error.h - status codes shared by util/ and lib/.
 *
 * Every fallible function returns int: 0 (MD_OK) or one of the negative
 * codes below.  md_strerror() gives the fixed wording of a code; the
 * context-specific detail (a path, libgit2's message) travels separately
 * in struct md_err (see lib/md.h).
 */
#ifndef MD_ERROR_H
#define MD_ERROR_H

enum md_status {
	MD_OK = 0,
	MD_ENOMEM = -1,      /* an allocation failed */
	MD_ETOOBIG = -2,     /* input passed a size cap */
	MD_EINVAL = -3,      /* a bad argument (option value, revision syntax) */
	MD_ENOTARCHIVE = -4, /* the path is not a public-inbox archive */
	MD_EREV = -5,        /* a revision does not resolve */
	MD_ENOTANCESTOR = -6,/* in A..B, A is not an ancestor of B */
	MD_ECORRUPT = -7,    /* a git object is missing or corrupt */
	MD_EIO = -8,         /* reading or writing a file failed */
	MD_ECACHE = -9,      /* the cache database cannot be used */
	MD_ENOTFOUND = -10,  /* a looked-up thing does not exist */
	MD_ENONLINEAR = -11, /* an epoch's history has merges: walk it the
				general way */
	MD_ESTATUS_LAST = -12
};

/* The fixed description of a status code; never NULL, static storage. */
const char *md_strerror(int status);

#endif
