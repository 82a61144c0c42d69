// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cpuinfo.c: the MMU line of /proc/cpuinfo under a sysroot, as pseries and
 * powernv print it ("MMU\t\t: Hash" / "MMU\t\t: Radix"), among the other
 * lines; absent, unreadable or unrecognised it is unknown.
 */
#include <errno.h>
#include "check.h"
#include "tutil.h"
#include "ppc64.h"

static struct ppc64_cpuinfo ci;

static int mmu(const char *dir, const char *text)
{
	struct kx_ctx c = { dir, 0 };
	int rc;

	if (text)
		t_write_str(t_fmt("%s/proc/cpuinfo", dir), text);
	else
		unlink(t_fmt("%s/proc/cpuinfo", dir));
	rc = ppc64_cpuinfo_read(&c, &ci);
	return rc < 0 ? rc : ci.hash < 0 ? -ENOENT : ci.hash;
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
		{ "MMUX\t: Hash\nMMU\t: Radix\n", 0, "... then the MMU line" },
		{ "model\t: no MMU : Hash\n", -ENOENT, "\"MMU :\" inside another line" },
		{ "MMU\t\t: Radix\nMMU\t\t: Hash table\n", 0, "the last line with a known value" },
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
	CHECK(ci.hash == -1 && ci.power == 0, "unreadable: all unknown (%d, %u)", ci.hash, ci.power);

	/* The generation, and ppc64_rma_limit as the kernel's hash_utils.c sets it. */
	{
		struct ppc64_mem m;

		memset(&m, 0, sizeof(m));
		mmu(d, cases[0].text);
		CHECK(ci.power == 8, "\"cpu : POWER8 (architected)\": generation 8 (%u)", ci.power);
		m.rma_top = 4ULL << 30;
		CHECK_EQ_U64(ppc64_rma_limit(&m, &ci), 1ULL << 30, "POWER8 hash guest, 4 GiB first block: 1 GiB");
		m.rma_top = 256ULL << 20;
		CHECK_EQ_U64(ppc64_rma_limit(&m, &ci), 256ULL << 20, "POWER8 hash guest, 256 MiB RMA: 256 MiB");
		mmu(d, "cpu\t\t: POWER10 (architected)\nMMU\t\t: Hash\n");
		m.rma_top = 4ULL << 30;
		CHECK(ci.power == 10 && ppc64_rma_limit(&m, &ci) == 4ULL << 30,
		      "POWER10 hash guest: the whole first block (%u)", ci.power);
		m.opal = 1;
		CHECK_EQ_U64(ppc64_rma_limit(&m, &ci), 0, "bare metal (OPAL): no limit");
		m.opal = 0;
		mmu(d, cases[1].text);
		CHECK_EQ_U64(ppc64_rma_limit(&m, &ci), 0, "radix: no limit");
		mmu(d, "cpu\t\t: POWER99999 (raw)\nMMU\t\t: Hash\n");
		CHECK(ci.power == 0, "an absurd generation is unknown (%u)", ci.power);
		mmu(d, "cpu MHz\t: POWER7\nxcpu\t: POWER6\ncpu\t\t: PPC970\ncpu\t\t: POWER9 (raw)\n");
		CHECK(ci.power == 9, "the first \"cpu\" line naming a POWER generation (%u)", ci.power);
	}
	t_rmtree(d);
	return CHECK_DONE();
}
