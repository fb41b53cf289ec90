/*
 * error.c - wording of the status codes in error.h.
 */
#include "util/error.h"
#include "util/banned.h"

const char *
md_strerror(int status)
{
	switch (status) {
	case MD_OK:
		return "success";
	case MD_ENOMEM:
		return "out of memory";
	case MD_ETOOBIG:
		return "too large";
	case MD_EINVAL:
		return "invalid argument";
	case MD_ENOTARCHIVE:
		return "not a public-inbox archive";
	case MD_EREV:
		return "unknown revision";
	case MD_ENOTANCESTOR:
		return "not an ancestor";
	case MD_ECORRUPT:
		return "corrupt or missing object";
	case MD_EIO:
		return "input/output error";
	case MD_ECACHE:
		return "cache unusable";
	case MD_ENOTFOUND:
		return "not found";
	case MD_ENONLINEAR:
		return "history is not a single line";
	default:
		return "unknown error";
	}
}
