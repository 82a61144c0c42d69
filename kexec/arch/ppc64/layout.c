// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Where everything goes, for kexec -l on 64-bit POWER.
 *
 * - The kernel: the lowest fitting place in the RMA.  The kernel's kexec
 *   code refuses destinations below the running kernel's end (ETXTBSY), and
 *   the next kernel's early code runs there in real mode before it copies
 *   itself down to 0 (unless told to run where loaded).
 * - Device tree and purgatory: the highest fitting place in the RMA (both
 *   are touched in real mode), the tree also clear of [0, kernel size),
 *   which the next kernel overwrites when it copies itself to 0.
 * - The initrd: in the RMA when it fits, otherwise anywhere in RAM above it
 *   (the kernel copies segments through its linear mapping, and the next
 *   kernel reads the initrd only once its MMU is on); then the purgatory
 *   cannot re-check it in real mode, and the plan says so.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "dt.h"
#include "image.h"
#include "ppc64.h"

#define FDT_PLACEHOLDER 0xfffffffffff00000ULL	/* reserve-map address until placed */

struct place {
	const struct ppc64_load_args *a;
	struct rangeset free;	/* RAM not excluded and not yet used */
	struct rangeset late;	/* free minus what the next kernel overwrites early */
	uint64_t lo, hi;	/* --mem-min / --mem-max */
	uint64_t pg;
};

/* One line saying what did not fit, where it was looked for, and what is in the way. */
static int no_room(const struct place *pl, const struct rangeset *set, const char *what,
		   uint64_t size, uint64_t lo, uint64_t hi, const char *where)
{
	const struct ppc64_mem *m = pl->a->mem;
	char need[KX_SIZE_BUF], have[KX_SIZE_BUF], used[512] = "";
	uint64_t at, big = rs_largest(set, pl->pg, lo, hi, &at);
	size_t i, n = 0;

	for (i = 0; i < m->excl.n && n < 4; i++) {
		const struct range *r = &m->excl.v[i];

		if (r->end <= lo || r->start >= hi)
			continue;
		snprintf(used + strlen(used), sizeof(used) - strlen(used), "%s%s 0x%llx-0x%llx",
			 n ? ", " : "", r->label, (unsigned long long)r->start, (unsigned long long)r->end);
		n++;
	}
	if (big)
		kx_err("%s needs %s (0x%llx) %s 0x%llx-0x%llx, but the largest free piece there is %s "
		       "at 0x%llx%s%s%s", what, kx_size(need, size), (unsigned long long)size, where,
		       (unsigned long long)lo, (unsigned long long)hi, kx_size(have, big),
		       (unsigned long long)at, n ? " (in use: " : "", used, n ? ")" : "");
	else
		kx_err("%s needs %s (0x%llx) %s 0x%llx-0x%llx, but nothing is free there%s%s%s", what,
		       kx_size(need, size), (unsigned long long)size, where, (unsigned long long)lo,
		       (unsigned long long)hi, n ? " (in use: " : "", used, n ? ")" : "");
	return -ENOSPC;
}

static uint64_t min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static uint64_t max64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

static int take(struct place *pl, uint64_t addr, uint64_t size)
{
	if (rs_subtract(&pl->free, addr, addr + size) < 0 ||
	    rs_subtract(&pl->late, addr, addr + size) < 0)
		return -ENOMEM;
	return 0;
}

static int place_kernel(struct place *pl, struct kernel_image *k, const char *path, struct plan *p)
{
	uint64_t size = align_up(k->memsz, pl->pg), align = max64(pl->pg, k->align), addr;
	uint64_t rma = min64(pl->hi, pl->a->mem->rma_top);
	int rc;

	if (rs_find_hole(&pl->free, size, align, pl->lo, rma, 0, &addr) < 0)
		return no_room(pl, &pl->free, "the kernel", size, pl->lo, rma, "in the RMA");
	if ((rc = take(pl, addr, size)) < 0)
		return rc;
	/* The next kernel copies itself to 0 and clears its .bss there: keep out. */
	if ((rc = rs_subtract(&pl->late, 0, size)) < 0)
		return rc;
	rc = plan_add(p, ROLE_KERNEL, k->buf, k->bufsz, addr, size, path);
	k->buf = NULL;		/* the plan owns it now */
	if (rc < 0)
		return rc;
	p->kernel_entry = addr + k->entry_off;
	return 0;
}

static int place_initrd(struct place *pl, struct kernel_image *k, struct plan *p,
			uint64_t *start, uint64_t *end)
{
	const struct opts *o = pl->a->opts;
	uint64_t rma = min64(pl->hi, pl->a->mem->rma_top), size, addr, ram = rs_total(&pl->a->mem->ram);
	char sz[KX_SIZE_BUF];
	struct blob b;
	int rc;

	*start = *end = 0;
	if (o->initrd) {
		rc = file_read(o->initrd, "initrd", ram > SIZE_MAX ? SIZE_MAX : (size_t)ram, &b);
		if (rc < 0)
			return rc;
	} else if (k->initrd.len) {
		b = k->initrd;	/* carried by the image (zImage) */
		memset(&k->initrd, 0, sizeof(k->initrd));
	} else {
		return 0;
	}
	if (b.len == 0) {
		kx_err("initrd %s is empty", o->initrd ? o->initrd : "(embedded)");
		blob_free(&b);
		return -EINVAL;
	}
	size = align_up(b.len, pl->pg);
	if (rs_find_hole(&pl->late, size, pl->pg, pl->lo, rma, 1, &addr) == 0) {
		/* in the RMA */
	} else if (rs_find_hole(&pl->late, size, pl->pg, max64(pl->lo, rma), pl->hi, 1, &addr) == 0) {
		plan_note(p, "initrd (%s) does not fit in the RMA below 0x%llx: placed above it, so the "
			  "purgatory cannot re-check its digest in real mode", kx_size(sz, b.len),
			  (unsigned long long)rma);
	} else {
		blob_free(&b);
		return no_room(pl, &pl->late, "the initrd", size, pl->lo, pl->hi, "in RAM");
	}
	if ((rc = take(pl, addr, size)) < 0) {
		blob_free(&b);
		return rc;
	}
	*start = addr;
	*end = addr + b.len;
	return plan_add(p, ROLE_INITRD, b.data, b.len, addr, size, o->initrd ? o->initrd : "(embedded)");
}

static int place_fdt(struct place *pl, struct plan *p, uint64_t initrd_start, uint64_t initrd_end)
{
	const struct ppc64_load_args *a = pl->a;
	struct ppc64_fdt_args fa = { a->cmdline, initrd_start, initrd_end, &a->mem->reserve };
	uint64_t rma = min64(pl->hi, a->mem->rma_top), size, addr;
	void *fdt;
	int rc;

	if ((rc = dt_copy(a->base_fdt, &fdt)) < 0)
		return rc;
	if ((rc = ppc64_fdt_fixup(&fdt, &fa)) < 0 || (rc = dt_pack(&fdt)) < 0)
		goto fail;
	/* The tree reserves itself: one more map entry (16 bytes), then its final size. */
	size = align_up(dt_size(fdt) + 16, pl->pg);
	if ((rc = dt_add_reserve(&fdt, FDT_PLACEHOLDER, size)) < 0)
		goto fail;
	if (rs_find_hole(&pl->late, size, pl->pg, pl->lo, rma, 1, &addr) < 0) {
		rc = no_room(pl, &pl->late, "the device tree", size, pl->lo, rma, "in the RMA");
		goto fail;
	}
	if ((rc = dt_move_reserve(&fdt, FDT_PLACEHOLDER, addr, size)) < 0 || (rc = dt_pack(&fdt)) < 0)
		goto fail;
	if ((rc = take(pl, addr, size)) < 0)
		goto fail;
	p->fdt_addr = addr;
	return plan_add(p, ROLE_DTB, fdt, dt_size(fdt), addr, size,
			a->opts->dtb ? a->opts->dtb : "(from the running system)");
fail:
	free(fdt);
	return rc;
}

static int place_purgatory(struct place *pl, const struct kernel_image *k, struct plan *p)
{
	const struct ppc64_load_args *a = pl->a;
	uint64_t rma = min64(pl->hi, a->mem->rma_top), filesz, memsz, addr;
	struct ppc64_purg_args pa;
	uint8_t *buf;
	size_t len;
	int rc;

	if ((rc = ppc64_purgatory_size(a->target, &filesz, &memsz)) < 0)
		return rc;
	memsz = align_up(memsz, pl->pg);
	if (rs_find_hole(&pl->free, memsz, pl->pg, pl->lo, rma, 1, &addr) < 0)
		return no_room(pl, &pl->free, "the purgatory", memsz, pl->lo, rma, "in the RMA");
	if ((rc = take(pl, addr, memsz)) < 0)
		return rc;
	plan_digest(p);		/* the purgatory carries the others' digests */
	memset(&pa, 0, sizeof(pa));
	pa.target = a->target;
	pa.mem = a->mem;
	pa.kernel_head = plan_find(p, ROLE_KERNEL)->buf + k->entry_off;
	pa.kernel_entry = p->kernel_entry;
	pa.fdt_addr = p->fdt_addr;
	pa.verify = !a->opts->no_checks;
	pa.verbose = a->opts->verbose_purgatory;
	pa.corrupt_index = a->opts->test_corrupt;
	pa.rma_top = a->mem->rma_top;
	rc = ppc64_purgatory_build(&pa, p, &buf, &len);
	if (rc < 0)
		return rc;
	p->entry = addr;
	rc = plan_add(p, ROLE_PURGATORY, buf, len, addr, memsz, NULL);
	if (rc == 0)
		sha256(buf, len, p->seg[p->nseg - 1].sha256);
	return rc;
}

int ppc64_layout(const struct ppc64_load_args *a, struct kernel_image *k, const char *path,
		 struct plan *p)
{
	struct place pl;
	uint64_t istart, iend;
	int rc;

	memset(&pl, 0, sizeof(pl));
	pl.a = a;
	pl.pg = a->target->page_size;
	pl.lo = a->opts->mem_min;
	pl.hi = a->opts->mem_max ? a->opts->mem_max : UINT64_MAX;
	if ((rc = rs_copy(&pl.free, &a->mem->ram)) < 0 ||
	    (rc = rs_subtract_set(&pl.free, &a->mem->excl)) < 0 ||
	    (rc = rs_copy(&pl.late, &pl.free)) < 0)
		goto out;

	if ((rc = place_kernel(&pl, k, path, p)) < 0 ||
	    (rc = place_initrd(&pl, k, p, &istart, &iend)) < 0 ||
	    (rc = place_fdt(&pl, p, istart, iend)) < 0)
		goto out;
	/* Last: the purgatory carries every other segment's digest. */
	rc = place_purgatory(&pl, k, p);
	if (rc == 0 && a->opts->no_checks)
		plan_note(p, "-i: the purgatory will not verify segment digests");
out:
	rs_free(&pl.free);
	rs_free(&pl.late);
	return rc;
}
