/*
 * tls.c - keep libgit2 from parsing the system's CA certificates when
 * the command never opens a network connection.
 *
 * Debian's libgit2 1.5 is built with mbedTLS, and git_libgit2_init()
 * parses every certificate of /etc/ssl/certs/ca-certificates.crt: 3.5 ms
 * on the bench machine, a third of the 10 ms a warm one-week report may
 * take (bench/run).  Only "fetch" needs them.  This file defines the
 * mbedTLS function libgit2 calls for it; the executable's definition
 * takes precedence over the shared library's (ELF symbol interposition),
 * so until md_tls_enable() is called it loads nothing and reports
 * success: any TLS connection then fails certificate verification,
 * never the other way round.  After md_tls_enable() (before the first
 * git_libgit2_init()), the call goes to the real function.
 *
 * With a libgit2 built on another TLS library this function is simply
 * never called.
 */
#include <dlfcn.h>
#include <stddef.h>

#include "cli/cli.h"
#include "util/banned.h"

static int tls_enabled;

void
md_tls_enable(void)
{
	tls_enabled = 1;
}

/* The mbedTLS declaration, without its headers: the chain is opaque. */
int mbedtls_x509_crt_parse_file(void *chain, const char *path);

int
mbedtls_x509_crt_parse_file(void *chain, const char *path)
{
	int (*real)(void *, const char *);

	if (!tls_enabled)
		return 0;
	*(void **)&real = dlsym(RTLD_NEXT, "mbedtls_x509_crt_parse_file");
	if (!real)
		return -1;
	return real(chain, path);
}
