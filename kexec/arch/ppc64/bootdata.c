// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The running kernel's boot CPU data: memory it uses during the copy of
 * kexec_load's segments that no property of the device tree names.
 *
 * Early in boot the kernel allocates the boot CPU's paca, its lppaca and
 * (hash MMU) its SLB shadow bottom-up (alloc_paca_data in
 * arch/powerpc/kernel/paca.c sets memblock_set_bottom_up for boot_cpuid), so
 * they land in the first free memory at or above PAGE_SIZE: right above
 * linux,kernel-end, or above whatever the kernel reserved before them (its
 * boot tree and that tree's reserve map, its initrd, the crash region).  The
 * CPU that copies the segments is the reboot CPU, normally the boot CPU, and
 * every copy_page reads `current` through its paca (r13).  A segment copied
 * over it sent the master to a garbage task and hung the guest before the
 * purgatory started (seen on a 6.12 4 KiB-page guest: the device tree placed
 * at linux,kernel-end, exactly where memblock showed the paca).
 *
 * The size of those structures depends on the kernel's configuration (a few
 * KiB: the paca is about 0x500 bytes, the lppaca 1 KiB at 1 KiB alignment),
 * so a generous KX_BOOT_DATA (64 KiB, one page of a 64 KiB-page kernel) is
 * kept from where they start.  Where they start is computed twice, because
 * what the kernel had reserved before them is only partly known here: once
 * from the running kernel alone, once with every boot-time reservation we can
 * see; both ranges are kept clear.
 */
#include <errno.h>
#include "ppc64.h"

#define KX_BOOT_DATA	0x10000ULL
#define KX_BOOT_MIN	0x1000ULL	/* memblock never hands out the first page */

/*
 * From the first free byte at or above KX_BOOT_MIN to KX_BOOT_DATA bytes into
 * the first free stretch that holds KX_BOOT_DATA: smaller stretches before it
 * may hold a piece too (the allocator takes the first fit of each).
 */
static int boot_data_from(const struct rangeset *ram, const struct rangeset *rsv,
			  struct rangeset *out)
{
	struct rangeset f;
	uint64_t first = 0;
	size_t i;
	int rc, have = 0;

	rs_init(&f);
	if ((rc = rs_copy(&f, ram)) < 0 || (rc = rs_subtract_set(&f, rsv)) < 0)
		goto out;
	rs_clip(&f, KX_BOOT_MIN, UINT64_MAX);
	rs_merge(&f);
	for (i = 0; i < f.n; i++) {
		if (!have) {
			first = f.v[i].start;
			have = 1;
		}
		if (f.v[i].end - f.v[i].start >= KX_BOOT_DATA) {
			rc = rs_add(out, first, f.v[i].start + KX_BOOT_DATA,
				    "running kernel's boot CPU data (paca)");
			goto out;
		}
	}
	rc = 0;		/* no such stretch: nothing to place there either */
out:
	rs_free(&f);
	return rc;
}

int ppc64_boot_cpu_data(struct ppc64_mem *m, const struct rangeset *boot_rsv)
{
	struct rangeset kernel, all, found;
	size_t i;
	int rc;

	rs_init(&kernel);
	rs_init(&found);
	if ((rc = boot_rsv ? rs_copy(&all, boot_rsv) : (rs_init(&all), 0)) < 0 ||
	    (rc = rs_add(&kernel, 0, m->kernel_end, "running kernel")) < 0 ||
	    (rc = rs_add(&all, 0, m->kernel_end, "running kernel")) < 0 ||
	    (m->old_initrd_end > m->old_initrd_start &&
	     (rc = rs_add(&all, m->old_initrd_start, m->old_initrd_end, "initrd")) < 0) ||
	    (m->crash_size && (rc = rs_add(&all, m->crash_base, m->crash_base + m->crash_size,
					   "crash kernel region")) < 0))
		goto out;
	rs_merge(&all);
	if ((rc = boot_data_from(&m->ram, &kernel, &found)) < 0 ||
	    (rc = boot_data_from(&m->ram, &all, &found)) < 0)
		goto out;
	for (i = 0; i < found.n; i++)
		if ((rc = rs_add(&m->excl, found.v[i].start, found.v[i].end, found.v[i].label)) < 0)
			goto out;
	rs_sort(&m->excl);
out:
	rs_free(&kernel);
	rs_free(&all);
	rs_free(&found);
	return rc;
}
