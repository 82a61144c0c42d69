// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The next kernel's device tree.  It starts as the running system's tree (or
 * the user's --dtb); we set what the next kernel must be told and remove
 * what belongs to the running kernel alone.
 *
 * Removed from /chosen, because the running kernel wrote them and the next
 * one would believe them: linux,kernel-end, linux,initrd-*, linux,crashkernel-*,
 * linux,htab-* (the next kernel builds its own hash table), linux,memory-limit,
 * linux,iommu-off / linux,iommu-force-on, linux,tce-alloc-* (all derived from
 * the old command line, which the new one replaces).  linux,pci-domain goes
 * from every node: the running kernel's domain numbering is its own.
 *
 * Reserve map: RTAS, OPAL, TCE tables and reserved-ranges (firmware memory
 * that stays live across kexec), the initrd, and the tree itself.
 */
#include <errno.h>
#include <string.h>
#include "dt.h"
#include "ppc64.h"

static const char *const stale_chosen[] = {
	"linux,kernel-end", "linux,initrd-start", "linux,initrd-end",
	"linux,crashkernel-base", "linux,crashkernel-size", "linux,htab-base", "linux,htab-size",
	"linux,memory-limit", "linux,iommu-off", "linux,iommu-force-on",
	"linux,tce-alloc-start", "linux,tce-alloc-end", "linux,booted-from-kexec",
};

int ppc64_fdt_fixup(void **fdt, const struct ppc64_fdt_args *a)
{
	size_t i;
	int rc;

	if ((rc = dt_ensure_node(fdt, "/chosen")) < 0)
		return rc;
	for (i = 0; i < sizeof(stale_chosen) / sizeof(stale_chosen[0]); i++)
		if ((rc = dt_delprop(fdt, "/chosen", stale_chosen[i])) < 0)
			return rc;
	if ((rc = dt_delprop_all(fdt, "linux,pci-domain")) < 0)
		return rc;
	if ((rc = dt_setprop_string(fdt, "/chosen", "bootargs", a->cmdline)) < 0)
		return rc;
	/* Tells the next kernel it did not come from firmware (pseries checks it). */
	if ((rc = dt_setprop(fdt, "/chosen", "linux,booted-from-kexec", NULL, 0)) < 0)
		return rc;
	if (a->initrd_end) {
		if ((rc = dt_setprop_u64(fdt, "/chosen", "linux,initrd-start", a->initrd_start)) < 0 ||
		    (rc = dt_setprop_u64(fdt, "/chosen", "linux,initrd-end", a->initrd_end)) < 0 ||
		    (rc = dt_add_reserve(fdt, a->initrd_start, a->initrd_end - a->initrd_start)) < 0)
			return rc;
	}
	for (i = 0; i < a->reserve->n; i++) {
		const struct range *r = &a->reserve->v[i];

		if ((rc = dt_add_reserve(fdt, r->start, r->end - r->start)) < 0)
			return rc;
	}
	return 0;
}
