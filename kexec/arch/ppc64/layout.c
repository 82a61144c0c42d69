// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Where everything goes on 64-bit POWER.
 *
 * kexec -l:
 * - The kernel: the lowest fitting place in the RMA.  The kernel's kexec
 *   code refuses destinations below the running kernel's end (ETXTBSY), and
 *   the next kernel's early code runs there in real mode before it copies
 *   itself down to 0 (its __run_at_load word says "run0").
 * - Device tree and purgatory: the highest fitting place in the RMA (both
 *   are touched in real mode), the tree also clear of [0, kernel size),
 *   which the next kernel overwrites when it copies itself to 0.
 * - The initrd: in the RMA when it fits, otherwise anywhere in RAM above it
 *   (the kernel copies segments through its linear mapping, and the next
 *   kernel reads the initrd only once its MMU is on); then the purgatory
 *   cannot re-check it in real mode, and the plan says so.
 *
 * kexec -p: everything inside the crash region.  The kernel runs where it is
 * loaded (__run_at_load = 1), so nothing is copied to 0; a 64 KiB backup
 * segment receives the low memory the crash kernel takes over, and the ELF
 * core header describes the crashed kernel's memory.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>
#include "bytes.h"
#include "dt.h"
#include "image.h"
#include "ppc64.h"

#define FDT_PLACEHOLDER 0xfffffffffff00000ULL	/* reserve-map address until placed */

struct place {
	const struct ppc64_load_args *a;
	struct rangeset free;	/* RAM not excluded and not yet used */
	struct rangeset late;	/* free minus what the next kernel overwrites early */
	uint64_t lo, hi;	/* --mem-min / --mem-max, and for -p the crash region */
	uint64_t rma;		/* min(hi, RMA top) */
	uint64_t pg;
	int crash;
	const char *where;	/* "in the RMA" or "in the crash region" */
	struct blob initrd;
	uint64_t backup;	/* -p */
	struct rangeset extra_reserve;
	char *cmdline;
};

static uint64_t min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static uint64_t max64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

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

static int take(struct place *pl, uint64_t addr, uint64_t size)
{
	if (rs_subtract(&pl->free, addr, addr + size) < 0 ||
	    rs_subtract(&pl->late, addr, addr + size) < 0)
		return -ENOMEM;
	return 0;
}

/* Top-down in @set below the RMA top (the usual home of real-mode pieces). */
static int place_high(struct place *pl, struct rangeset *set, const char *what, uint64_t size,
		      uint64_t *addr)
{
	if (rs_find_hole(set, size, pl->pg, pl->lo, pl->rma, 1, addr) < 0)
		return no_room(pl, set, what, size, pl->lo, pl->rma, pl->where);
	return take(pl, *addr, size);
}

static int place_kernel(struct place *pl, struct kernel_image *k, const char *path, struct plan *p)
{
	uint64_t size = align_up(k->memsz, pl->pg), align = max64(pl->pg, k->align), addr;
	int rc;

	if (rs_find_hole(&pl->free, size, align, pl->lo, pl->rma, 0, &addr) < 0)
		return no_room(pl, &pl->free, "the kernel", size, pl->lo, pl->rma, pl->where);
	if ((rc = take(pl, addr, size)) < 0)
		return rc;
	/* The next kernel copies itself to 0 and clears its .bss there: keep out. */
	if (!pl->crash && (rc = rs_subtract(&pl->late, 0, size)) < 0)
		return rc;
	if (pl->crash) {
		/*
		 * ABI: head_64.S __run_at_load = 1: stay in the crash region.  Patched
		 * in place, also when the bytes are the image file's own: that buffer
		 * is ours, read for this load only.
		 */
		bo32_st(k->big_endian, k->buf + k->entry_off + 0x5c, 1);
		plan_note(p, "crash kernel runs where it is loaded (__run_at_load set to 1)");
	}
	if (k->buf_borrowed)
		rc = plan_add_borrowed(p, ROLE_KERNEL, k->buf, k->bufsz, addr, size, path);
	else
		rc = plan_add(p, ROLE_KERNEL, k->buf, k->bufsz, addr, size, path);
	k->buf = NULL;		/* the plan has it now */
	k->buf_borrowed = 0;
	if (rc < 0)
		return rc;
	p->kernel_entry = addr + k->entry_off;
	return 0;
}

static int read_initrd(struct place *pl, struct kernel_image *k)
{
	const struct opts *o = pl->a->opts;
	uint64_t ram = rs_total(&pl->a->mem->ram);
	int rc;

	if (o->initrd) {
		rc = file_read(o->initrd, "initrd", ram > SIZE_MAX ? SIZE_MAX : (size_t)ram, &pl->initrd);
		if (rc < 0)
			return rc;
	} else if (k->initrd.len) {
		pl->initrd = k->initrd;	/* carried by the image (zImage) */
		memset(&k->initrd, 0, sizeof(k->initrd));
	}
	if (pl->initrd.data && pl->initrd.len == 0) {
		kx_err("initrd %s is empty", o->initrd ? o->initrd : "(embedded)");
		return -EINVAL;
	}
	return 0;
}

static int place_initrd(struct place *pl, struct plan *p, uint64_t *start, uint64_t *end)
{
	const char *src = pl->a->opts->initrd ? pl->a->opts->initrd : "(embedded)";
	const struct ppc64_mem *m = pl->a->mem;
	uint64_t size, addr;
	char sz[KX_SIZE_BUF];
	int rc;

	*start = *end = 0;
	if (pl->a->opts->reuse_initrd) {
		/* Already in memory (retain_initrd): no segment, just keep it and say where. */
		*start = m->old_initrd_start;
		*end = m->old_initrd_end;
		plan_note(p, "--reuseinitrd: the running kernel's initrd at 0x%llx-0x%llx is kept for "
			  "the next one", (unsigned long long)*start, (unsigned long long)*end);
		return 0;
	}
	if (!pl->initrd.data)
		return 0;
	size = align_up(pl->initrd.len, pl->pg);
	if (rs_find_hole(&pl->late, size, pl->pg, pl->lo, pl->rma, 1, &addr) == 0) {
		/* in the RMA */
	} else if (rs_find_hole(&pl->late, size, pl->pg, max64(pl->lo, pl->rma), pl->hi, 1, &addr) == 0) {
		plan_note(p, "initrd (%s) does not fit in the RMA below 0x%llx: placed above it, so the "
			  "purgatory cannot re-check its digest in real mode", kx_size(sz, pl->initrd.len),
			  (unsigned long long)pl->rma);
	} else {
		return no_room(pl, &pl->late, "the initrd", size, pl->lo, pl->hi,
			       pl->crash ? "in the crash region" : "in RAM");
	}
	if ((rc = take(pl, addr, size)) < 0)
		return rc;
	*start = addr;
	*end = addr + pl->initrd.len;
	rc = plan_add(p, ROLE_INITRD, pl->initrd.data, pl->initrd.len, addr, size, src);
	memset(&pl->initrd, 0, sizeof(pl->initrd));
	return rc;
}

/*
 * -p: the backup region, the ELF core header (its address goes on the command
 * line as elfcorehdr=), and what the crash kernel must leave alone.
 */
static int place_crash_extras(struct place *pl, struct plan *p)
{
	const struct ppc64_load_args *a = pl->a;
	const struct ppc64_mem *m = a->mem;
	uint64_t cend = m->crash_base + m->crash_size, addr, size;
	size_t len, nloads;
	uint8_t *hdr;
	char *cl;
	int rc;

	if ((rc = place_high(pl, &pl->free, "the backup region", KDUMP_BACKUP_SIZE, &pl->backup)) < 0 ||
	    (rc = plan_add(p, ROLE_BACKUP, NULL, 0, pl->backup, KDUMP_BACKUP_SIZE, NULL)) < 0)
		return rc;
	rc = elfcorehdr_build(a->target->big_endian, a->notes, &m->ram, m->crash_base, cend,
			      pl->backup, &hdr, &len, &nloads);
	if (rc < 0)
		return rc;
	/* --hotplug: the kernel rewrites the header in place, up to the size it asks for. */
	size = align_up(max64(len, a->hotplug_elfcorehdr_size), pl->pg);
	if ((rc = place_high(pl, &pl->free, "the ELF core header", size, &addr)) < 0) {
		free(hdr);
		return rc;
	}
	if ((rc = plan_add(p, ROLE_ELFCOREHDR, hdr, len, addr, size, NULL)) < 0)
		return rc;
	plan_note(p, "core header: %zu CPU notes (%zu possible CPUs) + vmcoreinfo, %zu PT_LOAD "
		  "ranges, low 64 KiB read from the backup at 0x%llx", a->notes->n - 1,
		  a->notes->possible, nloads, (unsigned long long)pl->backup);

	/* ABI: the crash kernel finds the core header through elfcorehdr=. */
	if (asprintf(&cl, "%s%selfcorehdr=%lluK", pl->cmdline, pl->cmdline[0] ? " " : "",
		     (unsigned long long)(addr >> 10)) < 0)
		return -ENOMEM;
	free(pl->cmdline);
	pl->cmdline = cl;
	if (strlen(cl) >= PPC64_COMMAND_LINE_SIZE) {
		kx_err("the command line with elfcorehdr= is %zu bytes; the kernel accepts at most %d",
		       strlen(cl), PPC64_COMMAND_LINE_SIZE - 1);
		return -E2BIG;
	}
	/* The crashed kernel's memory above the backed-up 64 KiB stays untouched. */
	if ((rc = rs_add(&pl->extra_reserve, KDUMP_BACKUP_SIZE, m->crash_base, "crashed kernel")) < 0 ||
	    (rc = rs_add(&pl->extra_reserve, pl->backup, pl->backup + KDUMP_BACKUP_SIZE, "backup")) < 0 ||
	    (rc = rs_add(&pl->extra_reserve, addr, addr + size, "elfcorehdr")) < 0)
		return rc;
	return 0;
}

/*
 * What the crash kernel may use: memory up to the end of the crash region
 * (the kernel's own kexec_file code does the same: guests fail to boot
 * without the low memory) plus the firmware it calls into (RTAS, OPAL, TCE
 * tables) — not reserved-ranges, which is firmware memory and never RAM to it.
 */
static int crash_usable(const struct ppc64_mem *m, struct rangeset *u)
{
	size_t i;
	int rc = rs_add(u, 0, m->crash_base + m->crash_size, "crash");

	for (i = 0; rc == 0 && i < m->firmware.n; i++)
		rc = rs_add(u, m->firmware.v[i].start, m->firmware.v[i].end, m->firmware.v[i].label);
	rs_merge(u);
	return rc;
}

/*
 * Bytes a kernel needs to add a node for each possible CPU that has none yet:
 * the average size of the present CPU nodes (their share of /cpus) times the
 * number missing, plus slack for the strings and alignment.
 */
static size_t cpu_room(const void *fdt, size_t possible)
{
	int cpus = fdt_path_offset(fdt, "/cpus"), off, end, depth = 0;
	size_t n = 0, per;

	if (cpus < 0)
		return 4096;
	fdt_for_each_subnode(off, fdt, cpus)
		n++;
	end = cpus;
	do
		end = fdt_next_node(fdt, end, &depth);
	while (end >= 0 && depth > 0);
	if (end < 0)
		end = (int)fdt_size_dt_struct(fdt);
	per = n ? (size_t)(end - cpus) / n : 2048;
	return (possible > n ? (possible - n) * per : 0) + 4096;
}

/* For people: the crash region, and what the crash kernel is told it may use. */
static void note_crash_memory(struct plan *p, const struct ppc64_mem *m, const struct rangeset *u)
{
	char list[200] = "", sz[KX_SIZE_BUF];
	size_t i, used = 0;

	for (i = 0; i < u->n && used < sizeof(list) - 40; i++)
		used += (size_t)snprintf(list + used, sizeof(list) - used, "%s0x%llx-0x%llx", i ? ", " : "",
					 (unsigned long long)u->v[i].start, (unsigned long long)u->v[i].end);
	if (i < u->n)
		snprintf(list + used, sizeof(list) - used, " and %zu more", u->n - i);
	plan_note(p, "crash region 0x%llx-0x%llx (%s); the crash kernel's usable memory: %s",
		  (unsigned long long)m->crash_base, (unsigned long long)(m->crash_base + m->crash_size),
		  kx_size(sz, m->crash_size), list);
}

static int place_fdt(struct place *pl, struct plan *p, uint64_t initrd_start, uint64_t initrd_end)
{
	const struct ppc64_load_args *a = pl->a;
	struct ppc64_fdt_args fa = { pl->cmdline, initrd_start, initrd_end, &a->mem->reserve,
				     &pl->extra_reserve };
	struct rangeset usable;
	uint64_t size, addr;
	void *fdt;
	int rc;

	rs_init(&usable);
	if ((rc = dt_copy(a->base_fdt, &fdt)) < 0)
		return rc;
	if ((rc = ppc64_fdt_fixup(&fdt, &fa)) < 0)
		goto fail;
	if (pl->crash && ((rc = crash_usable(a->mem, &usable)) < 0 ||
			  (rc = ppc64_fdt_usable_memory(&fdt, a->opts->dtb ? a->opts->dtb : a->shown,
							&usable)) < 0))
		goto fail;
	if (pl->crash)
		note_crash_memory(p, a->mem, &usable);
	if ((rc = dt_pack(&fdt)) < 0)
		goto fail;
	/* --hotplug: room for the kernel to add a node for every CPU that may appear. */
	if (a->opts->hotplug && (rc = dt_add_room(&fdt, cpu_room(fdt, a->notes->possible))) < 0)
		goto fail;
	/* The tree reserves itself: one more map entry (16 bytes), then its final size. */
	size = align_up(dt_size(fdt) + 16, pl->pg);
	if ((rc = dt_add_reserve(&fdt, FDT_PLACEHOLDER, size)) < 0)
		goto fail;
	if (rs_find_hole(&pl->late, size, pl->pg, pl->lo, pl->rma, 1, &addr) < 0) {
		rc = no_room(pl, &pl->late, "the device tree", size, pl->lo, pl->rma, pl->where);
		goto fail;
	}
	if ((rc = dt_move_reserve(&fdt, FDT_PLACEHOLDER, addr, size)) < 0 ||
	    (!a->opts->hotplug && (rc = dt_pack(&fdt)) < 0))
		goto fail;
	if ((rc = take(pl, addr, size)) < 0)
		goto fail;
	rs_free(&usable);
	p->fdt_addr = addr;
	return plan_add(p, ROLE_DTB, fdt, dt_size(fdt), addr, size,
			a->opts->dtb ? a->opts->dtb : "(from the running system)");
fail:
	rs_free(&usable);
	free(fdt);
	return rc;
}

/*
 * The CPUs the running kernel will send to 0x60 besides the one that runs the
 * purgatory (doc/design.md, "Secondary CPUs"): at kexec -e it brings every
 * present CPU online and sends all to kexec_wait -- /sys's present list, or
 * without one the tree's threads.  None on OPAL, where pnv_kexec_cpu_down()
 * returns them to firmware, nor for a crash kernel: it runs where loaded and
 * does not copy itself over the crashed kernel's kexec_wait, so late ones
 * are harmless there, and a crashed system may have CPUs that never come.
 */
static uint32_t expected_secondaries(const struct ppc64_load_args *a)
{
	uint32_t n = a->present_cpus ? a->present_cpus : a->mem->dt_threads;

	if (a->opts->panic || a->mem->opal_v3)
		return 0;
	return n > 1 ? n - 1 : 0;
}

static int place_purgatory(struct place *pl, const struct kernel_image *k, struct plan *p)
{
	const struct ppc64_load_args *a = pl->a;
	uint64_t filesz, memsz, addr;
	struct ppc64_purg_args pa;
	uint8_t *buf;
	size_t len;
	int rc;

	if ((rc = ppc64_purgatory_size(a->target, &filesz, &memsz)) < 0)
		return rc;
	memsz = align_up(memsz, pl->pg);
	if ((rc = place_high(pl, &pl->free, "the purgatory", memsz, &addr)) < 0)
		return rc;
	/*
	 * The purgatory carries the others' digests.  Hashing is most of a load's
	 * time, so skip it when nobody reads them: with -s this plan only checks
	 * the input (the kexec_file_load plan is what is loaded and shown), and
	 * with -i the purgatory does not check, unless the plan is shown or dumped.
	 */
	if (a->opts->syscall != SYSCALL_FILE &&
	    (!a->opts->no_checks || a->opts->dry_run || a->opts->debug || a->opts->dump_dir))
		plan_digest(p);
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
	pa.backup_dst = pl->backup;
	pa.hotplug = a->opts->hotplug;
	pa.load_addr = addr;
	pa.kernel_be = k->big_endian;
	pa.nr_secondaries = expected_secondaries(a);
	/* Test seam: CPUs that will never come, so the purgatory's wait must time out. */
	if (pa.nr_secondaries)
		pa.nr_secondaries += a->opts->test_extra_cpus;
	rc = ppc64_purgatory_build(&pa, p, &buf, &len);
	if (rc < 0)
		return rc;
	p->entry = addr;
	rc = plan_add(p, ROLE_PURGATORY, buf, len, addr, memsz, NULL);
	if (rc == 0)
		sha256(buf, len, p->seg[p->nseg - 1].sha256);
	return rc;
}

/* -p preconditions, each refused with the reason and the numbers. */
static int crash_checks(struct place *pl, const struct kernel_image *k, const char *path)
{
	const struct ppc64_mem *m = pl->a->mem;
	uint64_t cend = m->crash_base + m->crash_size, need, have;
	char a[KX_SIZE_BUF], b[KX_SIZE_BUF];
	uint64_t fsz, msz;

	if (!m->crash_size) {
		kx_err("no crash kernel region is reserved: boot this kernel with crashkernel=SIZE "
		       "(for example crashkernel=512M) to load a crash kernel");
		return -ENOENT;
	}
	if (m->memory_limit && m->memory_limit < cend) {
		kx_err("linux,memory-limit 0x%llx (mem=) ends before the crash region 0x%llx-0x%llx does",
		       (unsigned long long)m->memory_limit, (unsigned long long)m->crash_base,
		       (unsigned long long)cend);
		return -EINVAL;
	}
	if (m->crash_base >= m->rma_top) {
		kx_err("the crash region 0x%llx-0x%llx lies above the RMA (0x0-0x%llx): a crash kernel "
		       "must start in real mode below it", (unsigned long long)m->crash_base,
		       (unsigned long long)cend, (unsigned long long)m->rma_top);
		return -EINVAL;
	}
	if (!k->run_at_load_marker) {
		kx_err("%s is not relocatable (no \"run0\" marker at entry+0x5c): a crash kernel must "
		       "run inside the crash region", path);
		return -ENOEXEC;
	}
	if (ppc64_purgatory_size(pl->a->target, &fsz, &msz) < 0)
		return -ENOEXEC;
	/* Everything but the device tree (which is small) must fit at once. */
	need = align_up(k->memsz, pl->pg) + align_up(pl->initrd.len, pl->pg) + align_up(msz, pl->pg) +
	       KDUMP_BACKUP_SIZE + align_up(elfcorehdr_size(pl->a->notes, &m->ram, m->crash_base, cend),
					    pl->pg) + pl->pg;
	have = rs_total(&pl->free);
	if (need > have) {
		kx_err("the crash region 0x%llx-0x%llx has %s free but the crash kernel%s need%s %s: "
		       "%llu bytes short (boot with a larger crashkernel=)",
		       (unsigned long long)m->crash_base, (unsigned long long)cend, kx_size(a, have),
		       pl->initrd.len ? " and its initrd" : "", pl->initrd.len ? "" : "s", kx_size(b, need),
		       (unsigned long long)(need - have));
		return -ENOSPC;
	}
	return 0;
}

int ppc64_layout(const struct ppc64_load_args *a, struct kernel_image *k, const char *path,
		 struct plan *p)
{
	const struct ppc64_mem *m = a->mem;
	struct place pl;
	uint64_t istart, iend;
	size_t i;
	int rc;

	memset(&pl, 0, sizeof(pl));
	pl.a = a;
	pl.pg = a->target->page_size;
	pl.crash = a->opts->panic;
	pl.lo = a->opts->mem_min;
	pl.hi = a->opts->mem_max ? a->opts->mem_max : UINT64_MAX;
	pl.where = pl.crash ? "in the crash region" : "in the RMA";
	rs_init(&pl.extra_reserve);
	pl.cmdline = strdup(a->cmdline);
	if (!pl.cmdline)
		return -ENOMEM;
	if ((rc = rs_copy(&pl.free, &m->ram)) < 0)
		goto out;
	for (i = 0; i < m->excl.n; i++) {
		const struct range *r = &m->excl.v[i];

		/* For -p the crash region is the destination, not an obstacle. */
		if (pl.crash && r->start == m->crash_base && r->end == m->crash_base + m->crash_size)
			continue;
		if ((rc = rs_subtract(&pl.free, r->start, r->end)) < 0)
			goto out;
	}
	if (pl.crash) {
		pl.lo = max64(pl.lo, m->crash_base);
		pl.hi = min64(pl.hi, m->crash_base + m->crash_size);
		rs_clip(&pl.free, pl.lo, pl.hi);
	}
	/* --reuseinitrd: the old initrd stays where it is, so nothing may land on it. */
	if (a->opts->reuse_initrd &&
	    (rc = rs_subtract(&pl.free, align_down(m->old_initrd_start, pl.pg),
			      align_up(m->old_initrd_end, pl.pg))) < 0)
		goto out;
	pl.rma = min64(pl.hi, m->rma_top);
	if ((rc = rs_copy(&pl.late, &pl.free)) < 0 || (rc = read_initrd(&pl, k)) < 0)
		goto out;
	if (pl.crash && (rc = crash_checks(&pl, k, path)) < 0)
		goto out;
	if ((rc = place_kernel(&pl, k, path, p)) < 0)
		goto out;
	if (pl.crash && (rc = place_crash_extras(&pl, p)) < 0)
		goto out;
	if ((rc = place_initrd(&pl, p, &istart, &iend)) < 0 ||
	    (rc = place_fdt(&pl, p, istart, iend)) < 0)
		goto out;
	/* Last: the purgatory carries every other segment's digest. */
	rc = place_purgatory(&pl, k, p);
	if (rc == 0 && a->opts->no_checks)
		plan_note(p, "-i: the purgatory will not verify segment digests");
	if (rc == 0) {
		p->cmdline = pl.cmdline;
		pl.cmdline = NULL;
	}
out:
	free(pl.cmdline);
	blob_free(&pl.initrd);
	rs_free(&pl.free);
	rs_free(&pl.late);
	rs_free(&pl.extra_reserve);
	return rc;
}
