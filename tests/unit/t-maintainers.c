/*
 * t-maintainers.c - unit tests of the MAINTAINERS reader
 * (lib/maintainers.h): one small hand-written file per rule, then the
 * kernel's own file from /work/shared/data when it is there.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/maintainers.h"
#include "tests/unit/tap.h"
#include "util/banned.h"

#define REAL_FILE "/work/shared/data/MAINTAINERS-6.1"

static struct md_maintainers *
parse(const char *text)
{
	struct md_maintainers *m = NULL;

	if (!tap_int(md_maintainers_parse(&m, text, strlen(text)), MD_OK,
		     "parse", __FILE__, __LINE__))
		return NULL;
	return m;
}

/* The titles of path's sections as "A|B" with each specificity when
 * with_spec ("A=4|B=0"), or "" for none. */
static const char *
sections(const struct md_maintainers *m, const char *path, int with_spec)
{
	static char out[2048];
	struct md_maintainers_hit *hits;
	size_t n, len = 0;

	out[0] = '\0';
	if (md_maintainers_match(&hits, &n, m, path))
		return "(out of memory)";
	for (size_t i = 0; i < n && len < sizeof(out); i++) {
		const char *t = md_maintainers_title(m, hits[i].section);

		if (with_spec)
			len += (size_t)snprintf(out + len, sizeof(out) - len,
						"%s%s=%d", i ? "|" : "", t,
						hits[i].specificity);
		else
			len += (size_t)snprintf(out + len, sizeof(out) - len,
						"%s%s", i ? "|" : "", t);
	}
	free(hits);
	return out;
}

/* The most specific titles of path, joined with '|'. */
static const char *
best(const struct md_maintainers *m, const char *path)
{
	static char out[2048];
	const char **titles;
	size_t n, len = 0;

	out[0] = '\0';
	if (md_maintainers_best(&titles, &n, m, path))
		return "(out of memory)";
	for (size_t i = 0; i < n && len < sizeof(out); i++)
		len += (size_t)snprintf(out + len, sizeof(out) - len, "%s%s",
					i ? "|" : "", titles[i]);
	free(titles);
	return out;
}

#define CHECK_SECTIONS(m, path, want)                                  \
	tap_str(sections((m), (path), 0), (want), "sections of " path, \
		__FILE__, __LINE__)
#define CHECK_SPECS(m, path, want)                                         \
	tap_str(sections((m), (path), 1), (want), "specificity for " path, \
		__FILE__, __LINE__)
#define CHECK_BEST(m, path, want) \
	tap_str(best((m), (path)), (want), "best for " path, __FILE__, __LINE__)

/* A preamble shaped like the real one: column-0 headings, indented
 * field examples, then the sections. */
static const char preamble[] =
	"List of maintainers and how to submit kernel changes\n"
	"====================================================\n"
	"\n"
	"Descriptions of section entries and preferred order\n"
	"---------------------------------------------------\n"
	"\n"
	"\tM: *Mail* patches to: FullName <address@domain>\n"
	"\tF: *Files* and directories wildcard patterns.\n"
	"\t   F:\tdrivers/net/\tall files in and below drivers/net\n"
	"\t   F:\t*/net/*\t\tall files in \"any top level directory\"/net\n"
	"\tX: *Excluded* files and directories that are NOT maintained\n"
	"\t   X:\tnet/ipv6/\n"
	"\tN: Files and directories *Regex* patterns.\n"
	"\t   N:\t[^a-z]tegra\tall files whose path contains tegra\n"
	"\n"
	"Maintainers List\n"
	"----------------\n"
	"\n"
	".. note:: When reading this list, please look for the most precise\n"
	"          areas first.\n"
	"\n";

static void
test_sections(void)
{
	struct md_maintainers *m;
	char text[4096];

	snprintf(text, sizeof(text), "%s%s", preamble,
		 "NET DRIVERS\n"
		 "M:\tSomeone <someone@example.org>\n"
		 "S:\tMaintained\n"
		 "F:\tdrivers/net/\n"
		 "\n"
		 "   TEGRA THINGS  \n"
		 "N:\t[^a-z]tegra\n"
		 "K:\ttegra\n"
		 "\n"
		 "THE REST\n"
		 "F:\t*\n"
		 "F:\t*/\n");
	m = parse(text);
	/* The preamble's examples start no section. */
	CHECK_INT(md_maintainers_count(m), 3);
	CHECK_STR(md_maintainers_title(m, 0), "NET DRIVERS");
	/* Titles are trimmed. */
	CHECK_STR(md_maintainers_title(m, 1), "TEGRA THINGS");
	CHECK_STR(md_maintainers_title(m, 2), "THE REST");
	CHECK(md_maintainers_title(m, 3) == NULL);
	CHECK_SECTIONS(m, "drivers/net/dummy.c", "NET DRIVERS|THE REST");
	/* The preamble's indented examples are no patterns. */
	CHECK_SECTIONS(m, "x/net/y.c", "THE REST");
	CHECK_SECTIONS(m, "net/ipv6/route.c", "THE REST");
	md_maintainers_free(m);
}

static void
test_patterns(void)
{
	struct md_maintainers *m;

	m = parse("DIR\n"
		  "F:\tdrivers/net/\n"
		  "\n"
		  "GLOB\n"
		  "F:\tdrivers/foo/*\n"
		  "F:\tinclude/linux/kvm*\n"
		  "F:\tarch/*/kvm/\n"
		  "\n"
		  "QUESTION\n"
		  "F:\tdrivers/mfd/da90??.c\n"
		  "F:\tsound/soc/codecs/da7*.[ch]\n"
		  "\n"
		  "BARE DIR\n"
		  "F:\tarch/arm64/hyperv\n"
		  "\n"
		  "FILE\n"
		  "F:\tkernel/fork.c\n");
	CHECK_INT(md_maintainers_count(m), 5);
	/* A trailing slash: everything in and below. */
	CHECK_SECTIONS(m, "drivers/net/dummy.c", "DIR");
	CHECK_SECTIONS(m, "drivers/net/ethernet/intel/e1000/e1000.h", "DIR");
	CHECK_SECTIONS(m, "drivers/netfoo/a.c", "");
	CHECK_SECTIONS(m, "drivers/net", "");
	/* '*' does not cross '/'. */
	CHECK_SECTIONS(m, "drivers/foo/a.c", "GLOB");
	CHECK_SECTIONS(m, "drivers/foo/sub/a.c", "");
	CHECK_SECTIONS(m, "include/linux/kvm_host.h", "GLOB");
	CHECK_SECTIONS(m, "include/linux/kvm", "GLOB");
	CHECK_SECTIONS(m, "include/linux/kvm/x.h", "");
	CHECK_SECTIONS(m, "arch/x86/kvm/x86.c", "GLOB");
	CHECK_SECTIONS(m, "arch/x86/kvm/vmx/vmx.c", "GLOB");
	CHECK_SECTIONS(m, "arch/x86/y/kvm/x86.c", "");
	CHECK_SECTIONS(m, "arch/kvm/x.c", "");
	/* '?' is one character, never '/'; "[...]" one of a set. */
	CHECK_SECTIONS(m, "drivers/mfd/da9052.c", "QUESTION");
	CHECK_SECTIONS(m, "drivers/mfd/da905.c", "");
	CHECK_SECTIONS(m, "drivers/mfd/da90521.c", "");
	CHECK_SECTIONS(m, "drivers/mfd/da90/1.c", "");
	CHECK_SECTIONS(m, "sound/soc/codecs/da7213.h", "QUESTION");
	CHECK_SECTIONS(m, "sound/soc/codecs/da7213.o", "");
	/* A directory without its slash covers what is below it. */
	CHECK_SECTIONS(m, "arch/arm64/hyperv/mshyperv.c", "BARE DIR");
	CHECK_SECTIONS(m, "arch/arm64/hyperv", "BARE DIR");
	CHECK_SECTIONS(m, "arch/arm64/hyperv2.c", "");
	/* A file matches itself only. */
	CHECK_SECTIONS(m, "kernel/fork.c", "FILE");
	CHECK_SECTIONS(m, "kernel/fork.cc", "");
	CHECK_SECTIONS(m, "kernel/fork", "");
	CHECK_SECTIONS(m, "", "");
	md_maintainers_free(m);
}

static void
test_exclude_and_regex(void)
{
	struct md_maintainers *m;

	m = parse("NETWORKING\n"
		  "F:\tnet/\n"
		  "X:\tnet/ipv6/\n"
		  "X:\tnet/core/*.h\n"
		  "\n"
		  "TEGRA\n"
		  "N:\t[^a-z]tegra\n"
		  "N:\t(unclosed\n"
		  "N:\tzstd\n"
		  "X:\tdrivers/staging/\n"
		  "F:\tinclude/soc/tegra/\n");
	CHECK_SECTIONS(m, "net/ipv4/tcp.c", "NETWORKING");
	CHECK_SECTIONS(m, "net/ipv6/route.c", "");
	CHECK_SECTIONS(m, "net/core/dev.h", "");
	CHECK_SECTIONS(m, "net/core/dev.c", "NETWORKING");
	CHECK_SECTIONS(m, "net/core/sub/dev.h", "NETWORKING");
	/* N: anywhere in the path; a bad expression is left out. */
	CHECK_SECTIONS(m, "drivers/gpio/gpio-tegra.c", "TEGRA");
	CHECK_SECTIONS(m, "arch/arm/mach-integrator/core.c", "");
	CHECK_SECTIONS(m, "lib/zstd/common.c", "TEGRA");
	CHECK_SECTIONS(m, "x/(unclosed", "");
	/* X: also drops N: matches. */
	CHECK_SECTIONS(m, "drivers/staging/nvec/tegra.c", "");
	CHECK_SPECS(m, "include/soc/tegra/fuse.h", "TEGRA=6");
	md_maintainers_free(m);
}

static void
test_specificity(void)
{
	struct md_maintainers *m;

	m = parse("NET\n"
		  "F:\tdrivers/net/\n"
		  "\n"
		  "NET FILES\n"
		  "F:\tdrivers/net/*\n"
		  "\n"
		  "DUMMY\n"
		  "F:\tdrivers/net/dummy.c\n"
		  "F:\tdrivers/\n"
		  "\n"
		  "DUMMY REGEX\n"
		  "N:\tdummy\n"
		  "\n"
		  "DRIVERS\n"
		  "F:\tdrivers/\n"
		  "\n"
		  "ALSO NET FILES\n"
		  "F:\tdrivers/net/*.c\n"
		  "\n"
		  "THE REST\n"
		  "F:\t*\n"
		  "F:\t*/\n");
	/* 2 per component, 1 more for the file itself, the best of a
	 * section's patterns; N: is 3; THE REST 0. */
	CHECK_SPECS(m, "drivers/net/dummy.c",
		    "NET=4|NET FILES=6|DUMMY=7|DUMMY REGEX=3|DRIVERS=2|"
		    "ALSO NET FILES=6|THE REST=0");
	CHECK_BEST(m, "drivers/net/dummy.c", "DUMMY");
	/* Ties come in file order. */
	CHECK_BEST(m, "drivers/net/loopback.c", "NET FILES|ALSO NET FILES");
	CHECK_BEST(m, "drivers/dummy/x.c", "DUMMY REGEX");
	CHECK_BEST(m, "drivers/x.c", "DUMMY|DRIVERS");
	CHECK_BEST(m, "README", "THE REST");
	CHECK_SPECS(m, "fs/ext4/inode.c", "THE REST=0");
	md_maintainers_free(m);
}

static void
test_malformed(void)
{
	struct md_maintainers *m;
	const char **titles;
	size_t n;

	/* Field lines before any title; lower-case and empty fields; a
	 * field without a blank after the colon (get_maintainer.pl takes
	 * it); '#' comments and a blank line inside a section. */
	m = parse("F:\torphan/\n"
		  "\n"
		  "FIRST\n"
		  "F:\n"
		  "F:\t/\n"
		  "F:tight/\n"
		  "# a comment\n"
		  "F:\tafter-comment/\n"
		  "\n"
		  "F:\tafter-blank/\n"
		  "F:\t/rooted/\n"
		  "Z:\tan unknown field\n"
		  "not a field line\n"
		  "f:\tlower/\n"
		  "\n"
		  "SECOND\n"
		  "F:\tsecond/\n"
		  "stray text\n"
		  "F:\tthird/\n");
	CHECK_INT(md_maintainers_count(m), 3);
	CHECK_SECTIONS(m, "orphan/a.c", "");
	CHECK_SECTIONS(m, "tight/a.c", "FIRST");
	CHECK_SECTIONS(m, "after-comment/a.c", "FIRST");
	CHECK_SECTIONS(m, "after-blank/a.c", "FIRST");
	CHECK_SECTIONS(m, "rooted/a.c", "FIRST");
	CHECK_SECTIONS(m, "lower/a.c", "");
	CHECK_SECTIONS(m, "a.c", "");
	/* As in get_maintainer.pl, a stray line titles the fields after
	 * it. */
	CHECK_STR(md_maintainers_title(m, 1), "SECOND");
	CHECK_STR(md_maintainers_title(m, 2), "stray text");
	CHECK_SECTIONS(m, "second/a.c", "SECOND");
	CHECK_SECTIONS(m, "third/a.c", "stray text");
	md_maintainers_free(m);

	/* CRLF lines and no final newline. */
	m = parse("CRLF SECTION\r\nM:\tx <x@example.org>\r\nF:\tcrlf/\r\n"
		  "F:\tcrlf.c\r\n\r\nLAST\r\nF:\tlast.c");
	CHECK_INT(md_maintainers_count(m), 2);
	CHECK_STR(md_maintainers_title(m, 0), "CRLF SECTION");
	CHECK_SECTIONS(m, "crlf/a.c", "CRLF SECTION");
	CHECK_SECTIONS(m, "crlf.c", "CRLF SECTION");
	CHECK_SECTIONS(m, "last.c", "LAST");
	md_maintainers_free(m);

	/* Empty and field-less files. */
	m = parse("");
	CHECK_INT(md_maintainers_count(m), 0);
	CHECK_SECTIONS(m, "a.c", "");
	CHECK_INT(md_maintainers_best(&titles, &n, m, "a.c"), MD_OK);
	CHECK(titles == NULL && n == 0);
	md_maintainers_free(m);
	m = parse("Just text\n\nand more\n");
	CHECK_INT(md_maintainers_count(m), 0);
	md_maintainers_free(m);
	md_maintainers_free(NULL);
}

static void
test_real_file(void)
{
	struct md_maintainers *m = NULL;
	struct md_err err = {0, ""};
	size_t n;

	if (access(REAL_FILE, R_OK)) {
		printf("ok %d # skip %s absent\n", ++tap_count, REAL_FILE);
		return;
	}
	CHECK_INT(md_maintainers_load(&m, REAL_FILE, &err), MD_OK);
	if (!m)
		return;
	n = md_maintainers_count(m);
	CHECK_INT(n, 2614);
	CHECK_STR(md_maintainers_title(m, 0), "3C59X NETWORK DRIVER");
	CHECK_STR(md_maintainers_title(m, n - 1), "THE REST");
	CHECK_SPECS(m, "arch/arm64/kvm/mmu.c",
		    "ARM64 PORT (AARCH64 ARCHITECTURE)=4|"
		    "KERNEL VIRTUAL MACHINE FOR ARM64 (KVM/arm64)=6|"
		    "THE REST=0");
	CHECK_BEST(m, "arch/arm64/kvm/mmu.c",
		   "KERNEL VIRTUAL MACHINE FOR ARM64 (KVM/arm64)");
	CHECK_BEST(m, "arch/x86/kvm/x86.c",
		   "KERNEL VIRTUAL MACHINE FOR X86 (KVM/x86)");
	CHECK_BEST(m, "arch/x86/kvm/vmx/vmx.c",
		   "KERNEL VIRTUAL MACHINE FOR X86 (KVM/x86)");
	CHECK_BEST(m, "drivers/pci/pci.c", "PCI SUBSYSTEM");
	CHECK_BEST(m, "virt/kvm/kvm_main.c", "KERNEL VIRTUAL MACHINE (KVM)");
	/* KVM's glob in virt/kvm does not reach below it. */
	CHECK_SECTIONS(m, "virt/kvm/sub/x.c", "THE REST");
	CHECK_SECTIONS(m, "tools/testing/selftests/kvm/aarch64/arch_timer.c",
		       "KERNEL SELFTEST FRAMEWORK|"
		       "KERNEL VIRTUAL MACHINE (KVM)|"
		       "KERNEL VIRTUAL MACHINE FOR ARM64 (KVM/arm64)|"
		       "THE REST");
	CHECK_BEST(m, "tools/testing/selftests/kvm/aarch64/arch_timer.c",
		   "KERNEL VIRTUAL MACHINE FOR ARM64 (KVM/arm64)");
	CHECK_BEST(m, "tools/testing/selftests/kvm/lib/aarch64/processor.c",
		   "KERNEL VIRTUAL MACHINE FOR ARM64 (KVM/arm64)");
	CHECK_BEST(m, "tools/testing/selftests/kvm/lib/kvm_util.c",
		   "KERNEL VIRTUAL MACHINE (KVM)");
	CHECK_BEST(m, "include/linux/kvm_host.h",
		   "KERNEL VIRTUAL MACHINE (KVM)");
	/* X: drivers/char/random.c in CHAR and MISC DRIVERS. */
	CHECK_SECTIONS(m, "drivers/char/random.c",
		       "RANDOM NUMBER DRIVER|THE REST");
	CHECK_BEST(m, "drivers/char/mem.c", "CHAR and MISC DRIVERS");
	/* N: [^a-z]tegra, less specific than drivers/gpio/. */
	CHECK_SPECS(m, "drivers/gpio/gpio-tegra.c",
		    "GPIO SUBSYSTEM=4|TEGRA ARCHITECTURE SUPPORT=3|"
		    "THE REST=0");
	/* A glob in the first component (ARM/VERSATILE EXPRESS). */
	CHECK_BEST(m, "drivers/clk/vexpress-osc.c",
		   "ARM/VERSATILE EXPRESS PLATFORM");
	/* "F: sound/soc/atmel" without its slash is a directory. */
	CHECK(strstr(sections(m, "sound/soc/atmel/mchp-i2s-mcc.c", 0),
		     "MICROCHIP AUDIO ASOC DRIVERS") != NULL);
	/* Only THE REST. */
	CHECK_SECTIONS(m, "README", "THE REST");
	CHECK_SECTIONS(m, "nosuchdir/deeper/file.c", "THE REST");
	md_maintainers_free(m);
}

int
main(void)
{
	struct md_maintainers *m = NULL;
	struct md_err err = {0, ""};

	test_sections();
	test_patterns();
	test_exclude_and_regex();
	test_specificity();
	test_malformed();
	CHECK_INT(md_maintainers_load(&m, "/nonexistent/MAINTAINERS", &err),
		  MD_EIO);
	CHECK(m == NULL);
	CHECK_STR(err.msg, "read maintainers '/nonexistent/MAINTAINERS': "
			   "No such file or directory");
	test_real_file();
	return tap_done();
}
