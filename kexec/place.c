// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Where the pieces of a load go.  The rules, each from the kernel:
 *
 * - Nothing on excluded memory: [0, linux,kernel-end) (kexec_prepare refuses
 *   it with ETXTBSY), RTAS, OPAL, TCE tables, the hash table,
 *   reserved-ranges, /reserved-memory, the crash region of a normal load,
 *   and a retained initrd that --reuseinitrd hands on.
 * - Everything inside [--mem-min, --mem-max); for -p inside the crash region.
 * - Page aligned; the kernel also to its p_align.
 * - Below the RMA top: whatever runs or is read in real mode.  The kernel
 *   (its early boot), the device tree (read before the MMU is on), the
 *   purgatory, and for -p the backup (the purgatory fills it in real mode)
 *   and the core header (re-checked by the purgatory, which sees only the
 *   RMA; the crash dump is only as good as it).
 * - -l only: the device tree and the initrd clear of [0, run0_end).  The
 *   next kernel, not told to run where loaded, copies itself to 0 and clears
 *   its .bss there before it reads either (head_64.S, "run0"), and the copy
 *   runs to its _end (p_end), which is page aligned by the next kernel's own
 *   page size: more than the ELF's memsz when that kernel has 64 KiB pages
 *   and the running one 4 KiB.
 * The initrd may go anywhere else in RAM: the running kernel copies segments
 * through its linear mapping and the next kernel reads the initrd with its
 * MMU on.
 *
 * The usual placement: the kernel lowest; then the real-mode pieces (backup,
 * core header, device tree, purgatory), all before the initrd, which may go
 * elsewhere and so must not take their room; then the initrd: in the RMA
 * (where the purgatory re-checks it), or above the RMA, or across its top.
 * A big initrd on a system whose RMA is scarce tries above first: a hash-MMU
 * kernel under a hypervisor allocates everything until its hash table is
 * up, and later its pacas, stacks and RTAS buffer, below ppc64_rma_size
 * (hash__setup_initial_memory_limit), and places a crashkernel= region
 * without an offset at RMA/2.
 *
 * Which end: -p fills the crash region, which nothing else uses, top-down
 * after the kernel at its base.  -l puts every piece as low as it fits, clear
 * of the running kernel's slab pages (@hot, from /proc/kpageflags) and of its
 * freed initrd (avoid_start/end) when it can, because what lies under a
 * destination matters at the moment of the copy.  The running kernel copies
 * the segments into place (kexec_copy_flush) on the task that called reboot,
 * and every copy_page still reads that task's preempt count (enter_vmx_ops
 * asks in_interrupt() before using VMX).  Once a segment has overwritten the
 * task_struct the count can read as "not in interrupt": the copy then takes
 * the VMX path, dereferences current->thread.regs, faults, and the fault
 * handler's printk faults again on kexec_paca's poisoned per-CPU offset until
 * the stack overflows; a register dump of a hung guest showed exactly that
 * (DAR 0xadeaddea..., r1 below kexec_stack).  Task structs live in slab
 * pages, which /proc/kpageflags names; the task that will call kexec -e is
 * usually forked after this load, but from the slab caches' partial pages,
 * which are slab pages now.  A 1 GiB guest after boot had its slab pages
 * (about 35 MiB) right above the kernel, in its freed init memory and the
 * freed initrd of its own boot, where a blind lowest-first placement put the
 * device tree, purgatory and initrd.  The freed initrd stays avoided too: pages
 * freed last are handed out first.  When nothing fits clear of them, the
 * pieces go over slab pages, then over the freed initrd, and the plan says so.
 * It is the running kernel's fault (its copy loop should not depend on the
 * task it may overwrite); this only makes it unlikely.
 *
 * Greedy orders can strand a piece that some other arrangement fits (an
 * aligned kernel leaving unusable slivers, a piece taking the one hole
 * another needed), so when the usual placement fails, an exhaustive search
 * decides.  Its basis: sort any valid arrangement by address and slide each
 * piece down as far as it goes; it stays valid, and each piece then sits at
 * the lowest place it fits at or after the end of the one before.  So
 * placing the pieces in every order, each at the lowest fit after the
 * previous, finds an arrangement whenever one exists (at most 6! orders).
 */
#include <errno.h>
#include <string.h>
#include "place.h"

const char *ppc64_piece_name(enum ppc64_piece p)
{
	switch (p) {
	case PIECE_KERNEL: return "the kernel";
	case PIECE_BACKUP: return "the backup region";
	case PIECE_COREHDR: return "the ELF core header";
	case PIECE_DTB: return "the device tree";
	case PIECE_PURGATORY: return "the purgatory";
	case PIECE_INITRD: return "the initrd";
	case PIECE_N: break;
	}
	return "?";
}

/*
 * Big: more than an eighth of the RMA.  Its room is what a hash-MMU kernel
 * has for its early allocations (above); a few MiB cost little and keep the
 * purgatory's check, a large part does not.
 */
int ppc64_initrd_is_big(uint64_t size, uint64_t rma_top)
{
	return size > rma_top / 8;
}

static uint64_t min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static uint64_t max64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

struct win {
	uint64_t lo, hi, align;
};

/* Each piece's window [lo, hi) and alignment: the rules above but for overlaps. */
static void windows(const struct ppc64_place_in *in, struct win w[PIECE_N], uint64_t *rma)
{
	uint64_t lo = in->lo, hi = in->hi, late;
	int i;

	if (in->crash) {
		lo = max64(lo, in->crash_base);
		hi = min64(hi, in->crash_end);
	}
	*rma = min64(hi, in->rma_top);
	/* -p: the crash kernel runs where it is loaded and copies nothing to 0. */
	late = in->crash ? 0 : max64(in->size[PIECE_KERNEL], in->run0_end);
	for (i = 0; i < PIECE_N; i++) {
		w[i].lo = lo;
		w[i].hi = *rma;
		w[i].align = in->pg;
	}
	w[PIECE_KERNEL].align = max64(in->pg, in->kernel_align);
	w[PIECE_DTB].lo = max64(lo, late);
	w[PIECE_INITRD].lo = max64(lo, late);
	w[PIECE_INITRD].hi = hi;
}

static int free_set(const struct ppc64_place_in *in, struct rangeset *f)
{
	size_t i;
	int rc = rs_copy(f, in->ram);

	rs_merge(f);
	for (i = 0; rc == 0 && i < in->excl->n; i++) {
		const struct range *r = &in->excl->v[i];

		/* For -p the crash region is the destination, not an obstacle. */
		if (in->crash && r->start == in->crash_base && r->end == in->crash_end)
			continue;
		rc = rs_subtract(f, r->start, r->end);
	}
	if (rc == 0 && in->keep_end > in->keep_start)
		rc = rs_subtract(f, in->keep_start, in->keep_end);
	return rc;
}

int ppc64_place_free(const struct ppc64_place_in *in, struct rangeset *f)
{
	uint64_t lo = in->lo, hi = in->hi;
	int rc = free_set(in, f);

	if (in->crash) {
		lo = max64(lo, in->crash_base);
		hi = min64(hi, in->crash_end);
	}
	if (rc == 0)
		rs_clip(f, lo, hi);
	return rc;
}

static void fail(struct ppc64_place_out *out, const struct rangeset *set, enum ppc64_piece p,
		 uint64_t lo, uint64_t hi, uint64_t align, int anywhere)
{
	out->fail = p;
	out->fail_lo = lo;
	out->fail_hi = hi;
	out->largest = rs_largest(set, align, lo, hi, &out->largest_at);
	out->fail_anywhere = anywhere;
}

static int take(struct rangeset *set, uint64_t a, uint64_t size)
{
	return rs_subtract(set, a, a + size);
}

/* The initrd: the rule's windows in the rule's order. */
static int usual_initrd(const struct ppc64_place_in *in, const struct win *w, uint64_t rma,
			struct rangeset *set, struct ppc64_place_out *out)
{
	uint64_t size = in->size[PIECE_INITRD], a;
	int above_first = in->rma_scarce && ppc64_initrd_is_big(size, in->rma_top);
	struct win below = { w->lo, min64(w->hi, rma), w->align };
	struct win above = { max64(w->lo, rma), w->hi, w->align };
	const struct win *try[2] = { above_first ? &above : &below, above_first ? &below : &above };
	int i;

	for (i = 0; i < 2; i++) {
		if (rs_find_hole(set, size, w->align, try[i]->lo, try[i]->hi, in->crash, &a) < 0)
			continue;
		out->addr[PIECE_INITRD] = a;
		out->initrd = try[i] == &below ? INITRD_IN_RMA :
			      above_first ? INITRD_ABOVE_BY_CHOICE : INITRD_ABOVE_NO_ROOM;
		return 0;
	}
	/* Neither wholly below nor wholly above: straddling the top is fine too. */
	if (rs_find_hole(set, size, w->align, w->lo, w->hi, in->crash, &a) == 0) {
		out->addr[PIECE_INITRD] = a;
		out->initrd = INITRD_ACROSS;
		return 0;
	}
	fail(out, set, PIECE_INITRD, w->lo, w->hi, w->align, 1);
	return -ENOSPC;
}

static int usual(const struct ppc64_place_in *in, const struct rangeset *f, const struct win *w,
		 uint64_t rma, struct ppc64_place_out *out)
{
	struct rangeset set;
	int i, rc;

	if ((rc = rs_copy(&set, f)) < 0)
		return rc;
	for (i = 0; i < PIECE_INITRD; i++) {
		uint64_t a;

		if (!in->size[i])
			continue;
		/* -l: all bottom-up; -p: the kernel at the base, the rest top-down (above). */
		if (rs_find_hole(&set, in->size[i], w[i].align, w[i].lo, w[i].hi,
				 in->crash && i != PIECE_KERNEL, &a) < 0) {
			fail(out, &set, (enum ppc64_piece)i, w[i].lo, w[i].hi, w[i].align, 0);
			rc = -ENOSPC;
			goto out;
		}
		out->addr[i] = a;
		if ((rc = take(&set, a, in->size[i])) < 0)
			goto out;
	}
	if (in->size[PIECE_INITRD])
		rc = usual_initrd(in, &w[PIECE_INITRD], rma, &set, out);
out:
	rs_free(&set);
	return rc;
}

/* Next permutation in lexicographic order; 0 after the last. */
static int next_order(int *v, int n)
{
	int i = n - 2, j, t;

	while (i >= 0 && v[i] >= v[i + 1])
		i--;
	if (i < 0)
		return 0;
	for (j = n - 1; v[j] <= v[i]; j--)
		;
	t = v[i], v[i] = v[j], v[j] = t;
	for (i++, j = n - 1; i < j; i++, j--)
		t = v[i], v[i] = v[j], v[j] = t;
	return 1;
}

/* Every order, each piece at the lowest fit after the previous (see the top). */
static int exhaustive(const struct ppc64_place_in *in, const struct rangeset *f, const struct win *w,
		      struct ppc64_place_out *out)
{
	int order[PIECE_N], n = 0, i;

	for (i = 0; i < PIECE_N; i++)
		if (in->size[i])
			order[n++] = i;
	do {
		uint64_t next = 0, a;

		for (i = 0; i < n; i++) {
			int p = order[i];

			if (rs_find_hole(f, in->size[p], w[p].align, max64(w[p].lo, next), w[p].hi, 0, &a) < 0)
				break;
			out->addr[p] = a;
			next = a + in->size[p];
		}
		if (i == n)
			return 0;
	} while (next_order(order, n));
	return -ENOSPC;
}

/*
 * The usual placement in @f minus @hot (NULL: none) and minus the freed
 * initrd (avoid_start/end); on -ENOSPC @out is left clear for the next try.
 * rs_subtract keeps the set sorted and disjoint, as rs_find_hole wants it.
 */
static int usual_clear_of(const struct ppc64_place_in *in, const struct rangeset *f,
			  const struct rangeset *hot, const struct win *w, uint64_t rma,
			  struct ppc64_place_out *out)
{
	struct rangeset cold;
	int rc;

	if ((rc = rs_copy(&cold, f)) < 0 || (hot && (rc = rs_subtract_set(&cold, hot)) < 0) ||
	    (rc = take(&cold, in->avoid_start, in->avoid_end - in->avoid_start)) < 0) {
		rs_free(&cold);
		return rc;
	}
	rc = usual(in, &cold, w, rma, out);
	rs_free(&cold);
	if (rc == -ENOSPC)
		memset(out, 0, sizeof(*out));
	return rc;
}

int ppc64_place(const struct ppc64_place_in *in, struct ppc64_place_out *out)
{
	struct win w[PIECE_N];
	struct rangeset f;
	uint64_t rma;
	int rc, hot = in->hot && in->hot->n, avoid = in->avoid_end > in->avoid_start;

	memset(out, 0, sizeof(*out));
	windows(in, w, &rma);
	if ((rc = free_set(in, &f)) < 0)
		goto done;
	/* -l: first clear of the slab pages and the freed initrd, then of the initrd only. */
	rc = -ENOSPC;
	if (!in->crash && hot) {
		rc = usual_clear_of(in, &f, in->hot, w, rma, out);
		out->avoided = out->cold = rc == 0;
	}
	if (rc == -ENOSPC && !in->crash && avoid) {
		rc = usual_clear_of(in, &f, NULL, w, rma, out);
		out->avoided = rc == 0;
		out->cold = rc == 0 && !hot;
	}
	if (rc == -ENOSPC)
		rc = usual(in, &f, w, rma, out);
	if (rc == -ENOSPC) {
		struct ppc64_place_out packed = *out;

		if (exhaustive(in, &f, w, &packed) == 0) {
			uint64_t a = packed.addr[PIECE_INITRD], e = a + in->size[PIECE_INITRD];

			*out = packed;
			out->packed = 1;
			out->initrd = e <= rma ? INITRD_IN_RMA : a >= rma ? INITRD_ABOVE_NO_ROOM : INITRD_ACROSS;
			rc = 0;
		}
	}
done:
	rs_free(&f);
	return rc;
}
