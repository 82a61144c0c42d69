// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Where everything goes on 64-bit POWER, and the segments that go there.
 *
 * In three steps, so that nothing placed early can take the room of what
 * must come later:
 *  1. size every piece: the kernel (its memory size and p_align), the
 *     initrd, the purgatory, for -p the backup and the ELF core header, and
 *     the next kernel's device tree, built once with placeholders where
 *     addresses go (linux,initrd-start/-end are fixed 8-byte properties and
 *     the count of reserve entries is known, so its size does not depend on
 *     where anything lands; for -p elfcorehdr= is sized for the largest
 *     address the crash region holds);
 *  2. place them all at once (place.c, which states the rules);
 *  3. build the segments at their addresses: the core header, the final
 *     command line, the tree's placeholders patched, and last the
 *     purgatory, which carries every other segment's digest.
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
#include "place.h"
#include "ppc64.h"
#include "purgatory-abi.h"

/*
 * Reserve-map addresses until placed, one per kind: far above any physical
 * address (POWER has at most 2^53 bytes), with room for any size after them.
 */
#define RSV_DTB		0xf000000000000000ULL
#define RSV_INITRD	0xe000000000000000ULL
#define RSV_BACKUP	0xd000000000000000ULL
#define RSV_COREHDR	0xc000000000000000ULL

struct lay {
	const struct ppc64_layout_req *a;
	uint64_t pg;
	int crash;
	uint64_t rma;		/* the RMA top, or --mem-max / the crash region's end below it */
	const struct blob *initrd;	/* the request's: its bytes go in the plan as they are */
	uint64_t initrd_len;	/* bytes of the initrd segment (0: none) */
	struct ppc64_place_in in;
	struct ppc64_place_out at;
	struct core_mem cm;	/* -p */
	struct rangeset extra_reserve;	/* -p: crashed kernel, backup, core header */
	struct rangeset usable;	/* -p: what the crash kernel may use */
	uint64_t dtb_room;	/* -p: what the crash region leaves for the tree */
	void *fdt;		/* the next kernel's tree, with placeholders until placed */
	int base_released;	/* the request's tree is freed (free_base) or left to its owner */
	char *cmdline;		/* the command line; for -p without elfcorehdr= until placed */
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
static void no_room(const struct lay *l)
{
	const struct ppc64_mem *m = l->a->mem;
	const struct ppc64_place_out *o = &l->at;
	uint64_t size = l->in.size[o->fail], lo = o->fail_lo, hi = o->fail_hi;
	const char *where = l->crash ? "in the crash region" : o->fail_anywhere ? "in RAM" : "in the RMA";
	char need[KX_SIZE_BUF], have[KX_SIZE_BUF], used[512] = "";
	size_t i, n = 0;

	for (i = 0; i < m->excl.n && n < 4; i++) {
		const struct range *r = &m->excl.v[i];

		if (r->end <= lo || r->start >= hi)
			continue;
		/* For -p the region is where things go, not what is in the way. */
		if (l->crash && r->start == m->crash_base && r->end == m->crash_base + m->crash_size)
			continue;
		snprintf(used + strlen(used), sizeof(used) - strlen(used), "%s%s 0x%llx-0x%llx",
			 n ? ", " : "", r->label, (unsigned long long)r->start, (unsigned long long)r->end);
		n++;
	}
	if (o->largest)
		kx_err("%s needs %s (0x%llx) %s 0x%llx-0x%llx, but the largest free piece there is %s "
		       "at 0x%llx%s%s%s", ppc64_piece_name(o->fail), kx_size(need, size),
		       (unsigned long long)size, where, (unsigned long long)lo, (unsigned long long)hi,
		       kx_size(have, o->largest), (unsigned long long)o->largest_at, n ? " (in use: " : "",
		       used, n ? ")" : "");
	else
		kx_err("%s needs %s (0x%llx) %s 0x%llx-0x%llx, but nothing is free there%s%s%s",
		       ppc64_piece_name(o->fail), kx_size(need, size), (unsigned long long)size, where,
		       (unsigned long long)lo, (unsigned long long)hi, n ? " (in use: " : "", used,
		       n ? ")" : "");
}

/*
 * What the next kernel overwrites from 0 when it copies itself down: up to
 * its _end (head_64.S p_end), which vmlinux.lds.S aligns to the kernel's own
 * PAGE_SIZE after .bss, so at most memsz rounded up to 64 KiB, the largest
 * ppc64 page.  (A 6.1 64 KiB-page kernel: memsz 0x287ca18, _end 0x2880000.)
 */
static uint64_t ppc64_run0_end(const struct kernel_image *k)
{
	return align_up(k->memsz, 0x10000);
}

/*
 * --reuseinitrd with -l: the next kernel copies itself to 0 and clears its
 * .bss there (head_64.S, "run0") before it unpacks the initrd, so a retained
 * initrd inside [0, its memory size) would be gone by then.
 */
static int reuse_initrd_check(const struct lay *l, const struct kernel_image *k)
{
	const struct ppc64_mem *m = l->a->mem;

	if (l->crash || m->old_initrd_start >= ppc64_run0_end(k))
		return 0;
	kx_err("--reuseinitrd: the running kernel's initrd 0x%llx-0x%llx lies inside 0x0-0x%llx, which "
	       "the next kernel (%s) overwrites when it copies itself to 0 and clears its .bss; load the "
	       "initrd again with --initrd instead", (unsigned long long)m->old_initrd_start,
	       (unsigned long long)m->old_initrd_end, (unsigned long long)ppc64_run0_end(k),
	       l->a->kernel_file);
	return -EINVAL;
}

/*
 * -p preconditions, each refused with the reason and the numbers (that there
 * is a crash region at all is load.c's to check, before anything is read).
 */
static int crash_checks(struct lay *l, const struct kernel_image *k)
{
	const struct ppc64_mem *m = l->a->mem;
	uint64_t cend = m->crash_base + m->crash_size, need, have;
	char a[KX_SIZE_BUF], b[KX_SIZE_BUF];
	struct rangeset f;
	int rc;

	if (!rs_covers(&m->ram, m->crash_base, cend)) {
		kx_err("the crash region 0x%llx-0x%llx is not all RAM this kernel uses (%s)",
		       (unsigned long long)m->crash_base, (unsigned long long)cend,
		       m->ram_from_iomem ? "/proc/iomem's System RAM" :
		       m->memory_limit ? "linux,memory-limit: mem=" : "the device tree's memory");
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
		       "run inside the crash region", l->a->kernel_file);
		return -ENOEXEC;
	}
	/* Everything but the device tree (at least a page) must fit at once. */
	need = l->in.size[PIECE_KERNEL] + l->in.size[PIECE_INITRD] + l->in.size[PIECE_PURGATORY] +
	       KDUMP_BACKUP_SIZE + align_up(elfcorehdr_size(l->a->notes, &l->cm), l->pg) + l->pg;
	if ((rc = ppc64_place_free(&l->in, &f)) < 0)
		return rc;
	have = rs_total(&f);
	rs_free(&f);
	if (need > have) {
		kx_err("the crash region 0x%llx-0x%llx has %s free but the crash kernel%s need%s %s: "
		       "%llu bytes short (boot with a larger crashkernel=)",
		       (unsigned long long)m->crash_base, (unsigned long long)cend, kx_size(a, have),
		       l->initrd->len ? " and its initrd" : "", l->initrd->len ? "" : "s", kx_size(b, need),
		       (unsigned long long)(need - have));
		return -ENOSPC;
	}
	l->dtb_room = have - (need - l->pg);
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

/* " elfcorehdr=NK" after @base (ABI: the crash kernel finds the core header through it). */
static char *with_elfcorehdr(const char *base, uint64_t addr)
{
	char *cl;

	if (asprintf(&cl, "%s%selfcorehdr=%lluK", base, base[0] ? " " : "",
		     (unsigned long long)(addr >> 10)) < 0)
		return NULL;
	return cl;
}

/* The caller's tree, once copied (or on the way out), when it asked for that. */
static void release_base(struct lay *l)
{
	if (l->a->free_base && !l->base_released)
		free(l->a->base_fdt);
	l->base_released = 1;
}

/*
 * Step 1 for the device tree: the next kernel's tree with placeholders for
 * every address still to be chosen, and the memory it needs.
 */
static int size_fdt(struct lay *l, uint64_t *memsz)
{
	const struct ppc64_layout_req *a = l->a;
	const struct ppc64_mem *m = a->mem;
	struct ppc64_fdt_args fa = { l->cmdline, 0, 0, &m->reserve, &l->extra_reserve };
	char *sizing = NULL;
	int rc;

	if (a->reuse_initrd) {
		fa.initrd_start = m->old_initrd_start;
		fa.initrd_end = m->old_initrd_end;
	} else if (l->initrd->len) {
		fa.initrd_start = RSV_INITRD;
		fa.initrd_end = RSV_INITRD + l->initrd->len;
	}
	if (l->crash) {
		/* The core header lies below the region's end: no longer number than this. */
		if (!(sizing = with_elfcorehdr(l->cmdline, m->crash_base + m->crash_size)))
			return -ENOMEM;
		fa.cmdline = sizing;
		if ((rc = rs_add(&l->extra_reserve, KDUMP_BACKUP_SIZE, m->crash_base, "crashed kernel")) < 0 ||
		    (rc = rs_add(&l->extra_reserve, RSV_BACKUP, RSV_BACKUP + KDUMP_BACKUP_SIZE, "backup")) < 0 ||
		    (rc = rs_add(&l->extra_reserve, RSV_COREHDR, RSV_COREHDR + l->in.size[PIECE_COREHDR],
				 "elfcorehdr")) < 0)
			goto out;
	}
	rc = dt_copy(a->base_fdt, &l->fdt);
	release_base(l);
	if (rc < 0 || (rc = ppc64_fdt_fixup(&l->fdt, &fa)) < 0)
		goto out;
	if (l->crash && ((rc = crash_usable(m, &l->usable)) < 0 ||
			 (rc = ppc64_fdt_usable_memory(&l->fdt, a->dtb_file ? a->dtb_file : a->shown,
							&l->usable, l->dtb_room)) < 0))
		goto out;
	if ((rc = dt_pack(&l->fdt)) < 0)
		goto out;
	/* --hotplug: room for the kernel to add a node for every CPU that may appear. */
	if (a->hotplug && (rc = dt_add_room(&l->fdt, cpu_room(l->fdt, a->notes->possible))) < 0)
		goto out;
	/* The tree reserves itself: one more map entry (16 bytes), then its final size. */
	*memsz = align_up(dt_size(l->fdt) + 16, l->pg);
	rc = dt_add_reserve(&l->fdt, RSV_DTB, *memsz);
out:
	free(sizing);
	return rc;
}

/* Step 1: every piece's size, and the tree built around placeholders. */
static int size_pieces(struct lay *l, const struct kernel_image *k)
{
	const struct ppc64_layout_req *a = l->a;
	uint64_t filesz, memsz;
	int rc;

	l->in.size[PIECE_KERNEL] = align_up(k->memsz, l->pg);
	l->in.kernel_align = max64(l->pg, k->align);
	l->in.run0_end = ppc64_run0_end(k);
	if ((rc = ppc64_purgatory_size(a->target, &filesz, &memsz)) < 0)
		return rc;
	l->in.size[PIECE_PURGATORY] = align_up(memsz, l->pg);
	if (l->initrd->len && !a->reuse_initrd)
		l->in.size[PIECE_INITRD] = align_up(l->initrd->len, l->pg);
	if (l->crash) {
		l->in.size[PIECE_BACKUP] = KDUMP_BACKUP_SIZE;
		/* --hotplug: the kernel rewrites the header in place, up to the size it asks for. */
		l->in.size[PIECE_COREHDR] = align_up(max64(elfcorehdr_size(a->notes, &l->cm),
							   a->hotplug_elfcorehdr_size), l->pg);
	}
	return 0;
}

/*
 * -p: ABI: head_64.S __run_at_load = 1, so the crash kernel stays in the
 * crash region.  Patched in place, also when the bytes are the image file's
 * own: that buffer is ours, read or privately mapped (copy on write) for
 * this load only.  load.c sets it as soon as the kernel is read, so that the
 * hashing ahead sees the kernel's final bytes.  Only with the run0 marker
 * (crash_checks refuses a kernel without).
 */
void ppc64_run_at_load(struct kernel_image *k)
{
	uint8_t *w;

	if (!k->run_at_load_marker || !k->buf || k->entry_off + PURG_RUN_AT_LOAD_OFF + 4 > k->bufsz)
		return;
	/* Stored only when not 1 yet: the second call runs while workers hash these bytes. */
	w = k->buf + k->entry_off + PURG_RUN_AT_LOAD_OFF;
	if (bo32_ld(k->big_endian, w) != 1)
		bo32_st(k->big_endian, w, 1);
}

static int commit_kernel(struct lay *l, struct kernel_image *k, struct plan *p)
{
	uint64_t addr = l->at.addr[PIECE_KERNEL];
	const char *path = l->a->kernel_file;
	int rc;

	if (l->crash) {
		ppc64_run_at_load(k);	/* load.c did already: this is the same word, the same 1 */
		plan_note(p, "crash kernel runs where it is loaded (__run_at_load set to 1)");
	}
	if (k->buf_borrowed)
		rc = plan_add_borrowed(p, ROLE_KERNEL, k->buf, k->bufsz, addr, l->in.size[PIECE_KERNEL], path);
	else
		rc = plan_add(p, ROLE_KERNEL, k->buf, k->bufsz, addr, l->in.size[PIECE_KERNEL], path);
	k->buf = NULL;		/* the plan has it now */
	k->buf_borrowed = 0;
	if (rc < 0)
		return rc;
	p->kernel_entry = addr + k->entry_off;
	return 0;
}

/* -p: the backup region, the ELF core header, and elfcorehdr= on the command line. */
static int commit_crash_extras(struct lay *l, struct plan *p)
{
	const struct ppc64_layout_req *a = l->a;
	uint64_t backup = l->at.addr[PIECE_BACKUP], hdr_at = l->at.addr[PIECE_COREHDR];
	size_t len, nloads;
	uint8_t *hdr;
	char *cl;
	int rc;

	if ((rc = plan_add(p, ROLE_BACKUP, NULL, 0, backup, KDUMP_BACKUP_SIZE, NULL)) < 0)
		return rc;
	if ((rc = elfcorehdr_build(a->target->big_endian, a->notes, &l->cm, backup, &hdr, &len,
				   &nloads)) < 0)
		return rc;
	if ((rc = plan_add(p, ROLE_ELFCOREHDR, hdr, len, hdr_at, l->in.size[PIECE_COREHDR], NULL)) < 0)
		return rc;
	plan_note(p, "core header: %zu CPU notes (%zu possible CPUs) + vmcoreinfo, %zu PT_LOAD "
		  "ranges, low 64 KiB read from the backup at 0x%llx", a->notes->n - 1,
		  a->notes->possible, nloads, (unsigned long long)backup);
	if (a->notes->missing)
		plan_note(p, "%zu of %zu possible CPUs have no /sys/devices/system/cpu/cpuN (never "
			  "online, not hot-pluggable): the dump will hold no registers for them",
			  a->notes->missing, a->notes->possible);
	if (!(cl = with_elfcorehdr(l->cmdline, hdr_at)))
		return -ENOMEM;
	free(l->cmdline);
	l->cmdline = cl;
	if (strlen(cl) >= PPC64_COMMAND_LINE_SIZE) {
		kx_err("the command line with elfcorehdr= is %zu bytes; the kernel accepts at most %d",
		       strlen(cl), PPC64_COMMAND_LINE_SIZE - 1);
		return -E2BIG;
	}
	return 0;
}

static int commit_initrd(struct lay *l, struct plan *p)
{
	const char *src = l->a->initrd_file ? l->a->initrd_file : "(embedded)";
	const struct ppc64_mem *m = l->a->mem;
	uint64_t addr = l->at.addr[PIECE_INITRD];
	char sz[KX_SIZE_BUF], rma[KX_SIZE_BUF];

	if (l->a->reuse_initrd) {
		/* Already in memory (retain_initrd): no segment, just keep it and say where. */
		plan_note(p, "--reuseinitrd: the running kernel's initrd at 0x%llx-0x%llx is kept for "
			  "the next one", (unsigned long long)m->old_initrd_start,
			  (unsigned long long)m->old_initrd_end);
		return 0;
	}
	if (!l->in.size[PIECE_INITRD])
		return 0;
	kx_size(sz, l->initrd->len);
	switch (l->at.initrd) {
	case INITRD_IN_RMA:
		break;
	case INITRD_ABOVE_BY_CHOICE:
		plan_note(p, "initrd (%s, over 1/8 of the %s RMA) placed above it: a hash-MMU kernel "
			  "under a hypervisor makes its early allocations in the RMA; the purgatory "
			  "cannot re-check the initrd in real mode", sz, kx_size(rma, m->rma_top));
		break;
	case INITRD_ABOVE_NO_ROOM:
		plan_note(p, "initrd (%s) does not fit in the RMA below 0x%llx: placed above it, so the "
			  "purgatory cannot re-check its digest in real mode", sz, (unsigned long long)l->rma);
		break;
	case INITRD_ACROSS:
		plan_note(p, "initrd (%s) fits neither below nor above the RMA top 0x%llx: placed across "
			  "it, so the purgatory cannot re-check its digest in real mode", sz,
			  (unsigned long long)l->rma);
		break;
	}
	return plan_add_borrowed(p, ROLE_INITRD, l->initrd->data, l->initrd->len, addr,
				 l->in.size[PIECE_INITRD], src);
}

/* Step 3 for the device tree: the placeholders become addresses. */
static int commit_fdt(struct lay *l, struct plan *p)
{
	const struct ppc64_layout_req *a = l->a;
	uint64_t addr = l->at.addr[PIECE_DTB], memsz = l->in.size[PIECE_DTB];
	uint64_t ia = l->at.addr[PIECE_INITRD], ilen = l->initrd_len;
	void *fdt;
	int rc;

	if (ilen && ((rc = dt_setprop_u64(&l->fdt, "/chosen", "linux,initrd-start", ia)) < 0 ||
		     (rc = dt_setprop_u64(&l->fdt, "/chosen", "linux,initrd-end", ia + ilen)) < 0 ||
		     (rc = dt_move_reserve(&l->fdt, RSV_INITRD, ia, ilen)) < 0))
		return rc;
	if (l->crash &&
	    ((rc = dt_setprop_string(&l->fdt, "/chosen", "bootargs", l->cmdline)) < 0 ||
	     (rc = dt_move_reserve(&l->fdt, RSV_BACKUP, l->at.addr[PIECE_BACKUP], KDUMP_BACKUP_SIZE)) < 0 ||
	     (rc = dt_move_reserve(&l->fdt, RSV_COREHDR, l->at.addr[PIECE_COREHDR],
				   l->in.size[PIECE_COREHDR])) < 0))
		return rc;
	if ((rc = dt_move_reserve(&l->fdt, RSV_DTB, addr, memsz)) < 0 ||
	    (!a->hotplug && (rc = dt_pack(&l->fdt)) < 0))
		return rc;
	if (dt_size(l->fdt) > memsz) {
		/* Cannot happen: every patch keeps or shrinks what was sized. */
		kx_err("device tree: %zu bytes after placement, more than the 0x%llx sized for it",
		       dt_size(l->fdt), (unsigned long long)memsz);
		return -EFAULT;
	}
	if (l->crash)
		note_crash_memory(p, a->mem, &l->usable);
	fdt = l->fdt;
	l->fdt = NULL;
	p->fdt_addr = addr;
	return plan_add(p, ROLE_DTB, fdt, dt_size(fdt), addr, memsz,
			a->dtb_file ? a->dtb_file : "(from the running system)");
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
static uint32_t expected_secondaries(const struct ppc64_layout_req *a)
{
	uint32_t n = a->present_cpus ? a->present_cpus : a->mem->dt_threads;

	if (a->crash || a->mem->opal_v3)
		return 0;
	return n > 1 ? n - 1 : 0;
}

/*
 * Test seam (--test-corrupt-zero-block): after the digests, write a byte into
 * the first block of the kernel or initrd that the purgatory will check as
 * zeros, as if that memory had changed after loading; the digest of the
 * other blocks still matches, so only the zero check can catch it.
 */
static int spoil_zero_block(struct plan *p)
{
	size_t i;
	uint32_t j;

	for (i = 0; i < p->nseg; i++) {
		struct segment *s = &p->seg[i];

		if (s->role != ROLE_KERNEL && s->role != ROLE_INITRD)
			continue;
		for (j = 0; j < s->ndig; j++) {
			uint64_t mask = p->zero_mask[s->dig0 + j], off;

			if (!mask)
				continue;
			off = plan_piece_off(p, s, j) + ((uint64_t)__builtin_ctzll(mask) << p->block_shift);
			s->buf[off] = 0x5a;
			plan_note(p, "test: byte 0x%llx of the %s (a block checked as zeros) spoiled after its digest",
				  (unsigned long long)off, role_name(s->role));
			return 0;
		}
	}
	kx_err("--test-corrupt-zero-block: the kernel and initrd have no block of zeros to spoil");
	return -EINVAL;
}

/*
 * -l: whether the purgatory moves the kernel to 0 (purgatory-abi.h, run0_*)
 * rather than the kernel itself: when the image has head_64.S's hold loop
 * (the kernel that copies itself to 0 and skips that when it finds itself
 * there, since Linux 2.6) and nothing of the load but the kernel's own image
 * lies in [0, its size).  The image goes from its entry (its _stext) on,
 * which is what the kernel would copy; its entry is then 0.  A crash kernel
 * runs where it is loaded: nothing moves.
 */
static void run0_move(const struct lay *l, const struct kernel_image *k, struct plan *p,
		      uint64_t purg_addr, struct ppc64_purg_args *pa)
{
	const struct segment *ks = plan_find(p, ROLE_KERNEL);
	uint64_t len;
	uint32_t spin, ack;
	size_t i;

	if (l->crash || k->entry_off + PURG_HEAD_COPY >= k->memsz ||
	    ppc64_hold_words(ks->buf + k->entry_off, k->big_endian, &spin, &ack) < 0)
		return;
	len = align_up(k->memsz - k->entry_off, 8);
	if (k->entry_off + len > ks->memsz || purg_addr < len)
		return;
	for (i = 0; i < p->nseg; i++)
		if (p->seg[i].role != ROLE_KERNEL && p->seg[i].mem < len)
			return;
	pa->run0_src = ks->mem + k->entry_off;
	pa->run0_len = len;
	pa->run0_zero_step = l->a->mem->dcache_block;
	pa->run0_page_init = l->a->mem->hcall_copy;
	pa->kernel_entry = 0;
	plan_note(p, "the purgatory moves the kernel to 0 (0x%llx bytes) after its check, so the "
		  "kernel skips its own copy there", (unsigned long long)len);
}

static int commit_purgatory(struct lay *l, const struct kernel_image *k, struct plan *p)
{
	const struct ppc64_layout_req *a = l->a;
	uint64_t addr = l->at.addr[PIECE_PURGATORY];
	struct ppc64_purg_args pa;
	uint8_t *buf;
	size_t len;
	int rc;

	/* The purgatory carries the others' digests (when anyone reads them: load.c). */
	if (a->digests)
		plan_digest(p);
	if (a->test_corrupt_zero && (rc = spoil_zero_block(p)) < 0)
		return rc;
	memset(&pa, 0, sizeof(pa));
	pa.target = a->target;
	pa.mem = a->mem;
	pa.kernel_head = plan_find(p, ROLE_KERNEL)->buf + k->entry_off;
	pa.kernel_entry = p->kernel_entry;
	pa.fdt_addr = p->fdt_addr;
	pa.verify = a->verify;
	pa.verbose = a->verbose_purgatory;
	pa.corrupt_index = a->test_corrupt;
	pa.test_stall = a->test_stalled_helper;
	pa.rma_top = a->mem->rma_top;
	pa.backup_dst = l->crash ? l->at.addr[PIECE_BACKUP] : 0;
	pa.hotplug = a->hotplug;
	pa.load_addr = addr;
	pa.kernel_be = k->big_endian;
	pa.nr_secondaries = expected_secondaries(a);
	run0_move(l, k, p, addr, &pa);
	/* Test seam: CPUs that will never come, so the purgatory's wait must time out. */
	if (pa.nr_secondaries)
		pa.nr_secondaries += a->test_extra_cpus;
	rc = ppc64_purgatory_build(&pa, p, &buf, &len);
	if (rc < 0)
		return rc;
	p->entry = addr;
	rc = plan_add(p, ROLE_PURGATORY, buf, len, addr, l->in.size[PIECE_PURGATORY], NULL);
	if (rc == 0)
		plan_digest_whole(p, &p->seg[p->nseg - 1]);
	return rc;
}

static void lay_init(struct lay *l, const struct ppc64_layout_req *a)
{
	const struct ppc64_mem *m = a->mem;
	uint64_t hi = a->mem_max ? a->mem_max : UINT64_MAX;

	memset(l, 0, sizeof(*l));
	l->a = a;
	l->initrd = &a->initrd;
	l->pg = a->target->page_size;
	l->crash = a->crash;
	if (l->crash)
		hi = min64(hi, m->crash_base + m->crash_size);
	l->rma = min64(hi, m->rma_top);
	rs_init(&l->extra_reserve);
	rs_init(&l->usable);
	l->in.ram = &m->ram;
	l->in.excl = &m->excl;
	l->in.crash = l->crash;
	l->in.crash_base = m->crash_base;
	l->in.crash_end = m->crash_base + m->crash_size;
	if (a->reuse_initrd) {
		/* The old initrd stays where it is, so nothing may land on it. */
		l->in.keep_start = m->old_initrd_start;
		l->in.keep_end = m->old_initrd_end;
	} else if (!l->crash && m->old_initrd_end) {
		/* Freed after boot, so likely live again: only if nothing else fits (place.c). */
		l->in.avoid_start = align_down(m->old_initrd_start, l->pg);
		l->in.avoid_end = align_up(m->old_initrd_end, l->pg);
	}
	if (!l->crash)
		l->in.hot = a->hot;
	l->in.lo = a->mem_min;
	l->in.hi = a->mem_max ? a->mem_max : UINT64_MAX;
	l->in.rma_top = m->rma_top;
	l->in.pg = l->pg;
	l->in.rma_scarce = a->rma_scarce;
	l->cm.ram = &m->ram;
	l->cm.fw_dump = &m->fw_dump;
	l->cm.crash_base = m->crash_base;
	l->cm.crash_end = m->crash_base + m->crash_size;
}

int ppc64_layout(const struct ppc64_layout_req *a, struct kernel_image *k, struct plan *p)
{
	struct lay l;
	int rc;

	lay_init(&l, a);
	if (!(l.cmdline = strdup(a->cmdline))) {
		rc = -ENOMEM;
		goto out;
	}
	if ((a->reuse_initrd && (rc = reuse_initrd_check(&l, k)) < 0) ||
	    (rc = size_pieces(&l, k)) < 0 ||
	    (l.crash && (rc = crash_checks(&l, k)) < 0) ||
	    (rc = size_fdt(&l, &l.in.size[PIECE_DTB])) < 0)
		goto out;
	if ((rc = ppc64_place(&l.in, &l.at)) < 0) {
		if (rc == -ENOSPC)
			no_room(&l);
		goto out;
	}
	if (l.at.packed)
		plan_note(p, "the usual placement left no room for %s: segments packed from the "
			  "bottom up instead", ppc64_piece_name(l.at.fail));
	if (l.in.hot && l.in.hot->n && !l.at.cold)
		plan_note(p, "no room clear of the running kernel's %llu KiB of slab pages: "
			  "segments placed over some", (unsigned long long)(rs_total(l.in.hot) >> 10));
	if (l.in.avoid_end && !l.at.avoided)
		plan_note(p, "no room without the running kernel's freed initrd at 0x%llx-0x%llx: "
			  "segments placed on it", (unsigned long long)l.in.avoid_start,
			  (unsigned long long)l.in.avoid_end);
	l.initrd_len = l.in.size[PIECE_INITRD] ? l.initrd->len : 0;
	if ((rc = commit_kernel(&l, k, p)) < 0 ||
	    (l.crash && (rc = commit_crash_extras(&l, p)) < 0) ||
	    (rc = commit_initrd(&l, p)) < 0 ||
	    (rc = commit_fdt(&l, p)) < 0)
		goto out;
	/* Last: the purgatory carries every other segment's digest. */
	rc = commit_purgatory(&l, k, p);
	if (rc == 0 && !a->verify)
		plan_note(p, "-i: the purgatory will not verify segment digests");
	if (rc == 0) {
		p->cmdline = l.cmdline;
		l.cmdline = NULL;
	}
out:
	release_base(&l);
	free(l.cmdline);
	free(l.fdt);
	rs_free(&l.extra_reserve);
	rs_free(&l.usable);
	return rc;
}
