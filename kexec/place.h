/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where the pieces of a load go: a pure function of the running system's
 * memory and the pieces' sizes (place.c).  layout.c sizes the pieces, asks
 * here for addresses, then builds the segments; tests/unit/test-place.c
 * checks the answer against a brute-force search.
 */
#ifndef KX_PPC64_PLACE_H
#define KX_PPC64_PLACE_H

#include <stdint.h>
#include "range.h"

/* In the order the usual placement takes them. */
enum ppc64_piece {
	PIECE_KERNEL, PIECE_BACKUP, PIECE_COREHDR, PIECE_DTB, PIECE_PURGATORY, PIECE_INITRD,
	PIECE_N
};

const char *ppc64_piece_name(enum ppc64_piece p);	/* "the kernel", "the initrd", ... */

struct ppc64_place_in {
	const struct rangeset *ram;	/* usable RAM, sorted */
	const struct rangeset *excl;	/* no piece may overlap any of these */
	int crash;			/* -p: everything inside [crash_base, crash_end),
					   which @excl lists too (it is skipped then) */
	uint64_t crash_base, crash_end;
	uint64_t keep_start, keep_end;	/* --reuseinitrd: the retained initrd (end 0: none) */
	uint64_t avoid_start, avoid_end;/* -l: used only if nothing else fits (end 0: none) */
	const struct rangeset *hot;	/* -l: avoided too, first (NULL: none); sorted, merged */
	uint64_t lo, hi;		/* --mem-min, --mem-max (UINT64_MAX: no limit) */
	uint64_t rma_top;		/* real-mode limit: the end of the block at 0 */
	uint64_t pg;			/* page size, a power of two */
	uint64_t size[PIECE_N];		/* page multiples; 0: no such piece */
	uint64_t kernel_align;		/* a power of two, at least @pg */
	uint64_t run0_end;		/* -l: [0, run0_end) the next kernel overwrites */
	int rma_scarce;			/* hash MMU under a hypervisor (see place.c) */
};

/* How the initrd came to be where it is (for the plan's notes). */
enum ppc64_initrd_place {
	INITRD_IN_RMA,		/* below the RMA top: the purgatory re-checks it */
	INITRD_ABOVE_BY_CHOICE,	/* big, and the RMA is scarce: above on purpose */
	INITRD_ABOVE_NO_ROOM,	/* the RMA had no room left for it */
	INITRD_ACROSS,		/* neither below nor above: across the RMA top */
};

struct ppc64_place_out {
	uint64_t addr[PIECE_N];
	int packed;			/* the usual order failed; the exhaustive search placed */
	int avoided;			/* every piece kept clear of avoid_start/end */
	int cold;			/* ... and of @hot */
	enum ppc64_initrd_place initrd;
	/* On -ENOSPC: what the usual order could not place, and where it looked. */
	enum ppc64_piece fail;
	uint64_t fail_lo, fail_hi;	/* the window searched */
	uint64_t largest, largest_at;	/* the largest aligned free piece left in it */
	int fail_anywhere;		/* the window was all of RAM (not just the RMA) */
};

/*
 * Addresses for every piece of nonzero size.  0, -ENOSPC when no
 * arrangement satisfies the rules (out->fail and the rest say what the usual
 * order could not place), -ENOMEM.  Prints nothing.
 */
int ppc64_place(const struct ppc64_place_in *in, struct ppc64_place_out *out);

/*
 * The free memory every piece's window lies in: RAM minus the exclusions,
 * inside [--mem-min, --mem-max) and for -p the crash region.  -ENOMEM.
 */
int ppc64_place_free(const struct ppc64_place_in *in, struct rangeset *f);

/* A big initrd, by the rule that keeps it out of a scarce RMA. */
int ppc64_initrd_is_big(uint64_t size, uint64_t rma_top);

#endif
