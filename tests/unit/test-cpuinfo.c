// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cpuinfo.c: the MMU line of /proc/cpuinfo under a sysroot, as pseries and
 * powernv print it ("MMU\t\t: Hash" / "MMU\t\t: Radix"), among the other
 * lines; absent, unreadable or unrecognised it is unknown.
 */
#include <errno.h>
#include "check.h"
#include "tutil.h"
#include "arch/ppc64/ppc64.h"

static int mmu(const char *dir, const char *text)
{
	struct kx_ctx c = { dir, 0 };

	if (text)
		t_write_str(t_fmt("%s/proc/cpuinfo", dir), text);
	else
		unlink(t_fmt("%s/proc/cpuinfo", dir));
	return ppc64_cpuinfo_hash_mmu(&c);
}

int main(void)
{
	static const struct {
		const char *text;
		int want;
		const char *what;
	} cases[] = {
		{ "processor\t: 0\ncpu\t\t: POWER8 (architected), altivec supported\nclock\t\t: 1000.000000MHz\n"
		  "revision\t: 2.0 (pvr 004d 0200)\n\ntimebase\t: 512000000\nplatform\t: pSeries\n"
		  "model\t\t: IBM pSeries (emulated by qemu)\nmachine\t\t: CHRP IBM pSeries (emulated by qemu)\n"
		  "MMU\t\t: Hash\n", 1, "a POWER8 guest's cpuinfo: hash" },
		{ "processor\t: 0\nplatform\t: PowerNV\nMMU\t\t: Radix\n", 0, "a powernv9's: radix" },
		{ "MMU : Hash", 1, "spaces and no newline" },
		{ "MMU\t\t: Hash table\n", -ENOENT, "an unknown value" },
		{ "MMUX\t: Hash\n", -ENOENT, "another key starting with MMU" },
		{ "processor\t: 0\n", -ENOENT, "no MMU line (older kernels)" },
		{ "", -ENOENT, "empty" },
	};
	char *d = t_mkdtemp("cpuinfo");
	size_t i;

	CHECK_PROGRAM("cpuinfo");
	t_mkdirs(t_fmt("%s/proc", d));
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CHECK_EQ_U64(mmu(d, cases[i].text), cases[i].want, "%s", cases[i].what);
	CHECK_EQ_U64(mmu(d, NULL), -ENOENT, "no /proc/cpuinfo under the sysroot: unknown, nothing printed");
	t_rmtree(d);
	return CHECK_DONE();
}
