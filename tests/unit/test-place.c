// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * place.c: where the pieces of a load go.
 *
 * A property test first: tens of thousands of random systems (RAM in blocks
 * with holes, the running kernel, firmware and other excluded ranges at
 * byte granularity, a crash region that may cross the RMA top, a retained
 * initrd, --mem-min/--mem-max, RMAs of 16..64 pages standing in for
 * 256 MiB..1 GiB, random piece sizes and kernel alignments, -l and -p, a
 * scarce RMA or not).  For each, a brute-force search written here, from
 * the rules alone (a sweep over every page address with the set of pieces
 * placed so far), decides whether any arrangement exists; the placer must
 * succeed exactly then, and whatever it returns must satisfy every rule,
 * checked here piece by piece.  Where the placer used its usual order, the
 * kernel must be at its lowest possible address and the initrd where the
 * rule says it goes if it can.
 *
 * Then directed cases: the issue-7 reproducer at full scale, the initrd rule
 * for a scarce RMA, a crash region across the RMA top, a packing only the
 * exhaustive search finds, and what a failure reports.
 */
#include <errno.h>
#include "check.h"
#include "place.h"

#define PG 0x10000ULL
#define MB (1ULL << 20)
#define NP PIECE_N

/* ---- a deterministic PRNG (xorshift64*) ------------------------------------------------ */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

/* Uniform in [a, b]. */
static uint64_t rr(uint64_t a, uint64_t b)
{
	return a + rnd() % (b - a + 1);
}

static int chance(int percent)
{
	return (int)(rnd() % 100) < percent;
}

/* ---- a system, as the test sees it --------------------------------------------------------- */

struct world {
	struct rangeset ram, excl;
	int crash_idx;			/* index of the crash region in excl, or -1 */
	struct ppc64_place_in in;
};

static void world_free(struct world *w)
{
	rs_free(&w->ram);
	rs_free(&w->excl);
}

static int real_mode(int p)
{
	return p != PIECE_INITRD;
}

static uint64_t align_of(const struct world *w, int p)
{
	uint64_t a = w->in.pg;

	if (p == PIECE_KERNEL && w->in.kernel_align > a)
		a = w->in.kernel_align;
	return a;
}

/* Piece @p at @a on its own: every rule but "no overlap with the other pieces". */
static int allowed(const struct world *w, int p, uint64_t a, const char **why)
{
	const struct ppc64_place_in *in = &w->in;
	uint64_t s = in->size[p], e = a + s;
	size_t i;
	int in_ram = 0;

	if (a % align_of(w, p))
		return *why = "misaligned", 0;
	if (e < a)
		return *why = "wraps", 0;
	for (i = 0; i < w->ram.n; i++)
		in_ram |= w->ram.v[i].start <= a && e <= w->ram.v[i].end;
	if (!in_ram)
		return *why = "not inside one block of RAM", 0;
	for (i = 0; i < w->excl.n; i++) {
		if (in->crash && (int)i == w->crash_idx)
			continue;
		if (w->excl.v[i].start < e && a < w->excl.v[i].end)
			return *why = "on an excluded range", 0;
	}
	if (in->keep_end > in->keep_start && in->keep_start < e && a < in->keep_end)
		return *why = "on the retained initrd", 0;
	if (a < in->lo || e > in->hi)
		return *why = "outside --mem-min/--mem-max", 0;
	if (in->crash && (a < in->crash_base || e > in->crash_end))
		return *why = "outside the crash region", 0;
	if (real_mode(p) && e > in->rma_top)
		return *why = "real-mode piece above the RMA top", 0;
	if (!in->crash && (p == PIECE_DTB || p == PIECE_INITRD) && a < in->size[PIECE_KERNEL])
		return *why = "inside [0, kernel size), which the next kernel overwrites", 0;
	return 1;
}

/* Every rule, for a whole arrangement; the first broken one in @why. */
static int valid(const struct world *w, const uint64_t *addr, char *why, size_t wl)
{
	int p, q;
	const char *r;

	for (p = 0; p < NP; p++) {
		if (!w->in.size[p])
			continue;
		if (!allowed(w, p, addr[p], &r)) {
			snprintf(why, wl, "%s at 0x%llx: %s", ppc64_piece_name((enum ppc64_piece)p),
				 (unsigned long long)addr[p], r);
			return 0;
		}
		for (q = 0; q < p; q++)
			if (w->in.size[q] && addr[q] < addr[p] + w->in.size[p] && addr[p] < addr[q] + w->in.size[q]) {
				snprintf(why, wl, "%s and %s overlap", ppc64_piece_name((enum ppc64_piece)q),
					 ppc64_piece_name((enum ppc64_piece)p));
				return 0;
			}
	}
	return 1;
}

/*
 * Brute force: does any arrangement exist?  Sweep the page addresses from the
 * top down; can[x][m] says whether the pieces not in the set m all fit at or
 * above page x.  At each page either nothing starts there, or one piece not
 * yet placed does (and the sweep jumps past it).  Every arrangement, sorted by
 * address, is such a path, so this misses none.
 */
#define MAXPAGES 1024

static int exists(const struct world *w)
{
	static unsigned char can[MAXPAGES + 1][1 << NP];
	static unsigned char ok[NP][MAXPAGES];
	uint64_t top = 0;
	int n, x, m, p, full = 0;
	const char *why;
	size_t i;

	for (i = 0; i < w->ram.n; i++)
		if (w->ram.v[i].end > top)
			top = w->ram.v[i].end;
	n = (int)((top + PG - 1) / PG);
	if (n > MAXPAGES) {
		fprintf(stderr, "test-place: %d pages is more than the brute force takes\n", n);
		exit(99);
	}
	for (p = 0; p < NP; p++) {
		if (w->in.size[p])
			full |= 1 << p;
		for (x = 0; x < n; x++)
			ok[p][x] = w->in.size[p] && allowed(w, p, (uint64_t)x * PG, &why);
	}
	for (m = 0; m < 1 << NP; m++)
		can[n][m] = m == full;
	for (x = n - 1; x >= 0; x--)
		for (m = 0; m < 1 << NP; m++) {
			int c = 0;

			if ((m & full) != m)
				continue;
			c = can[x + 1][m];
			for (p = 0; !c && p < NP; p++) {
				int next;

				if (!(full & 1 << p) || (m & 1 << p) || !ok[p][x])
					continue;
				next = x + (int)(w->in.size[p] / PG);
				c = next <= n && can[next][m | 1 << p];
			}
			can[x][m] = (unsigned char)c;
		}
	return can[0][0];
}

/* Can piece @p go anywhere in [lo, hi) with the others where @addr has them? */
static int fits_beside(const struct world *w, const uint64_t *addr, int p, uint64_t lo, uint64_t hi)
{
	uint64_t a, try[NP], top = w->ram.v[w->ram.n - 1].end;
	char why[200];

	if (hi > top)
		hi = top;
	memcpy(try, addr, sizeof(try));
	for (a = lo / PG * PG; a + w->in.size[p] <= hi; a += PG) {
		if (a < lo)
			continue;
		try[p] = a;
		if (valid(w, try, why, sizeof(why)))
			return 1;
	}
	return 0;
}

/* ---- random systems ------------------------------------------------------------------------ */

static void random_world(struct world *w)
{
	struct ppc64_place_in *in = &w->in;
	uint64_t R = rr(16, 64) * PG, end, ke, a, s;
	int i, nblocks = (int)rr(0, 3), nexcl = (int)rr(0, 4), tight = chance(15);

	memset(w, 0, sizeof(*w));
	rs_init(&w->ram);
	rs_init(&w->excl);
	w->crash_idx = -1;
	in->ram = &w->ram;
	in->excl = &w->excl;
	in->pg = PG;
	in->rma_top = R;
	in->lo = 0;
	in->hi = UINT64_MAX;
	/* RAM: the RMA block at 0, then blocks with holes (sometimes none: merged). */
	rs_add(&w->ram, 0, R, "RAM");
	end = R;
	/* tight: one small block right above the RMA, so that an initrd may only fit across its top */
	if (tight)
		nblocks = 1;
	for (i = 0; i < nblocks; i++) {
		uint64_t gap = tight || chance(30) ? 0 : rr(0, R / PG) * PG + (chance(20) ? rr(1, 15) * 0x1000 : 0);

		s = rr(1, tight ? R / PG / 4 : R / PG) * PG;
		rs_add(&w->ram, end + gap, end + gap + s, "RAM");
		end += gap + s;
	}
	rs_merge(&w->ram);
	/* The running kernel [0, linux,kernel-end), anywhere in the lower half. */
	ke = rr(1, R / PG / 2) * PG - (chance(50) ? rr(0, 15) * 0x1000 : 0);
	rs_add(&w->excl, 0, ke, "running kernel");
	/* RTAS, TCE, htab, reserved ranges: byte-granular, small. */
	for (i = 0; i < nexcl; i++) {
		a = rr(0, end / 0x100) * 0x100;
		s = rr(1, 3 * PG);
		rs_add(&w->excl, a, a + s, "firmware");
	}
	in->crash = chance(45);
	if (in->crash || chance(20)) {
		/* The region starts in the RMA; it may run past its top (crashkernel=512M@128M). */
		in->crash_base = rr(ke / PG + 1, R / PG - 1) * PG;
		in->crash_end = in->crash_base + rr(R / PG / 4, R / PG) * PG;
		w->crash_idx = (int)w->excl.n;
		rs_add(&w->excl, in->crash_base, in->crash_end, "crash kernel region");
	}
	if (!in->crash && chance(15)) {
		in->keep_start = rr(0, end / 0x1000) * 0x1000;
		in->keep_end = in->keep_start + rr(1, 8 * PG);
	}
	if (chance(20))
		in->lo = rr(0, R / 2 / 0x1000) * 0x1000;
	if (chance(20))
		in->hi = in->lo + rr(R / 2 / 0x1000, end / 0x1000) * 0x1000;
	in->size[PIECE_KERNEL] = rr(1, chance(20) ? R / PG : R / PG / 3) * PG;
	in->kernel_align = PG << rr(0, 4);
	in->size[PIECE_DTB] = rr(1, 2) * PG;
	in->size[PIECE_PURGATORY] = rr(1, 2) * PG;
	if (in->crash) {
		in->size[PIECE_BACKUP] = PG;
		in->size[PIECE_COREHDR] = rr(1, 4) * PG;
	}
	if (chance(75))
		in->size[PIECE_INITRD] = rr(1, chance(25) ? 2 * R / PG : R / PG / 2) * PG;
	in->rma_scarce = chance(50);
}

static void property(void)
{
	const int ncases = 30000;
	int i, feasible = 0, infeasible = 0, packed = 0, above_choice = 0, across = 0, wrong = 0;
	int crossing = 0;

	for (i = 0; i < ncases && wrong < 10; i++) {
		struct world w;
		struct ppc64_place_out out;
		char why[200] = "";
		int rc, ex;

		random_world(&w);
		rc = ppc64_place(&w.in, &out);
		ex = exists(&w);
		feasible += ex;
		infeasible += !ex;
		if (rc == -ENOMEM) {
			CHECK(0, "property case %d: -ENOMEM", i);
			wrong++;
		} else if (ex && rc) {
			CHECK(0, "property case %d: an arrangement exists, but the placer says %d (failed on %s)",
			      i, rc, ppc64_piece_name(out.fail));
			wrong++;
		} else if (!ex && rc == 0) {
			CHECK(0, "property case %d: the placer placed what the brute force cannot", i);
			wrong++;
		} else if (rc == 0 && !valid(&w, out.addr, why, sizeof(why))) {
			CHECK(0, "property case %d: the placer's arrangement breaks a rule: %s", i, why);
			wrong++;
		} else if (rc == 0) {
			uint64_t rma = w.in.rma_top, k;
			const char *r;
			int big = w.in.rma_scarce && ppc64_initrd_is_big(w.in.size[PIECE_INITRD], rma);

			packed += out.packed;
			crossing += w.in.crash && w.in.crash_end > rma;
			across += w.in.size[PIECE_INITRD] && out.initrd == INITRD_ACROSS;
			if (!out.packed) {
				/* The usual order: the kernel lowest of all its places. */
				for (k = 0; k < out.addr[PIECE_KERNEL]; k += PG)
					if (allowed(&w, PIECE_KERNEL, k, &r)) {
						CHECK(0, "property case %d: the kernel at 0x%llx, but 0x%llx was possible", i,
						      (unsigned long long)out.addr[PIECE_KERNEL], (unsigned long long)k);
						wrong++;
						break;
					}
			}
			if (!out.packed && w.in.size[PIECE_INITRD]) {
				uint64_t ia = out.addr[PIECE_INITRD], ie = ia + w.in.size[PIECE_INITRD];

				above_choice += out.initrd == INITRD_ABOVE_BY_CHOICE;
				/* The rule: where it prefers to go, unless it could not. */
				if (ie > rma && !big && fits_beside(&w, out.addr, PIECE_INITRD, 0, rma)) {
					CHECK(0, "property case %d: the initrd above the RMA though it fits below", i);
					wrong++;
				} else if (ia < rma && big && fits_beside(&w, out.addr, PIECE_INITRD, rma, UINT64_MAX)) {
					CHECK(0, "property case %d: a big initrd in a scarce RMA though it fits above", i);
					wrong++;
				} else if ((out.initrd == INITRD_IN_RMA) != (ie <= rma) ||
					   (out.initrd == INITRD_ACROSS) != (ia < rma && ie > rma)) {
					CHECK(0, "property case %d: initrd at 0x%llx-0x%llx reported as %d", i,
					      (unsigned long long)ia, (unsigned long long)ie, out.initrd);
					wrong++;
				}
			}
		}
		world_free(&w);
	}
	CHECK(wrong == 0, "property: %d random systems: the placer succeeds exactly when the brute force "
	      "finds an arrangement, and its arrangements keep every rule", i);
	/* The sample must exercise what it claims to. */
	CHECK(feasible > ncases / 5 && infeasible > ncases / 20,
	      "property: both outcomes well represented (%d placeable, %d not)", feasible, infeasible);
	CHECK(packed >= 20, "property: %d placeable only by the exhaustive search (the usual order failed)",
	      packed);
	CHECK(above_choice >= 20 && across >= 5 && crossing >= 20,
	      "property: %d big initrds above a scarce RMA by choice, %d across its top, %d crash regions "
	      "across it", above_choice, across, crossing);
}

/* ---- directed cases ------------------------------------------------------------------------------ */

static void base_world(struct world *w, uint64_t rma, uint64_t ram_top, uint64_t kernel_end)
{
	memset(w, 0, sizeof(*w));
	rs_init(&w->ram);
	rs_init(&w->excl);
	w->crash_idx = -1;
	w->in.ram = &w->ram;
	w->in.excl = &w->excl;
	w->in.pg = PG;
	w->in.rma_top = rma;
	w->in.hi = UINT64_MAX;
	w->in.kernel_align = PG;
	rs_add(&w->ram, 0, ram_top, "RAM");
	rs_add(&w->excl, 0, kernel_end, "running kernel");
}

/*
 * Issue 7: synth-rma256 (RMA 256 MiB of 1 GiB, kernel to 32 MiB, TCE below
 * and RTAS at the top of the RMA) with --mem-min=0xf200000 and an initrd of
 * 0x8e8000 bytes: the initrd used to take the room the device tree needed.
 */
static void issue7(void)
{
	struct world w;
	struct ppc64_place_out out;
	char why[200];
	int rc;

	base_world(&w, 0x10000000, 0x40000000, 0x2000000);
	rs_add(&w.excl, 0xf000000, 0xf200000, "TCE table");
	rs_add(&w.excl, 0xfff0000, 0xfff1000, "RTAS");
	w.in.lo = 0xf200000;
	w.in.size[PIECE_KERNEL] = 0x500000;
	w.in.size[PIECE_DTB] = PG;
	w.in.size[PIECE_PURGATORY] = PG;
	w.in.size[PIECE_INITRD] = 0x8f0000;
	rc = ppc64_place(&w.in, &out);
	CHECK(rc == 0 && valid(&w, out.addr, why, sizeof(why)), "issue 7: placed, every rule kept (%d)", rc);
	CHECK(out.addr[PIECE_KERNEL] == 0xf200000 && out.addr[PIECE_DTB] == 0xf700000 &&
	      out.addr[PIECE_PURGATORY] == 0xf710000 && !out.packed,
	      "issue 7: kernel at --mem-min, device tree and purgatory right above it, the usual way");
	CHECK(out.addr[PIECE_INITRD] == 0x10000000 && out.initrd == INITRD_ABOVE_NO_ROOM,
	      "issue 7: the initrd lowest above the RMA, for want of room in it (0x%llx)",
	      (unsigned long long)out.addr[PIECE_INITRD]);
	world_free(&w);
}

/* A big initrd on a hash-MMU LPAR goes above the RMA; a small one, or with radix, stays. */
static void initrd_rule(void)
{
	static const struct {
		uint64_t size;
		int scarce, room_above;
		enum ppc64_initrd_place want;
		const char *what;
	} cases[] = {
		{ 40 * MB, 1, 1, INITRD_ABOVE_BY_CHOICE, "40 MiB, scarce RMA: above by choice" },
		{ 40 * MB, 0, 1, INITRD_IN_RMA, "40 MiB, radix: in the RMA" },
		{ 32 * MB, 1, 1, INITRD_IN_RMA, "exactly 1/8 of the RMA, scarce: not big, in the RMA" },
		{ 32 * MB + PG, 1, 1, INITRD_ABOVE_BY_CHOICE, "a page more than 1/8: above" },
		{ 40 * MB, 1, 0, INITRD_IN_RMA, "40 MiB, scarce, no RAM above: in the RMA after all" },
		{ 240 * MB, 0, 1, INITRD_ABOVE_NO_ROOM, "240 MiB, radix: no room in the RMA, above" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct world w;
		struct ppc64_place_out out;
		char why[200];
		int rc;

		base_world(&w, 256 * MB, cases[i].room_above ? 1024 * MB : 256 * MB, 32 * MB);
		w.in.size[PIECE_KERNEL] = 20 * MB;
		w.in.size[PIECE_DTB] = PG;
		w.in.size[PIECE_PURGATORY] = PG;
		w.in.size[PIECE_INITRD] = cases[i].size;
		w.in.rma_scarce = cases[i].scarce;
		rc = ppc64_place(&w.in, &out);
		CHECK(rc == 0 && valid(&w, out.addr, why, sizeof(why)) && out.initrd == cases[i].want &&
		      ((out.addr[PIECE_INITRD] >= 256 * MB) == (cases[i].want != INITRD_IN_RMA)),
		      "initrd rule: %s (rc %d, at 0x%llx, %d)", cases[i].what, rc,
		      (unsigned long long)out.addr[PIECE_INITRD], out.initrd);
		world_free(&w);
	}
}

/*
 * Across the RMA top: RTAS one page below it leaves a single free page at
 * the top, too small for the 2-page device tree and purgatory, which go
 * below RTAS; then 26 pages are left in the RMA and 31 above it, and the
 * 32-page initrd fits neither, but from that top page across.
 */
static void across_top(void)
{
	struct world w;
	struct ppc64_place_out out;
	char why[200];
	int rc;

	base_world(&w, 0x10000000, 0x10000000 + 31 * PG, 0xf000000);
	rs_add(&w.excl, 0x10000000 - 2 * PG, 0x10000000 - PG, "RTAS");
	w.in.size[PIECE_KERNEL] = 0xe00000;
	w.in.size[PIECE_DTB] = 2 * PG;
	w.in.size[PIECE_PURGATORY] = 2 * PG;
	w.in.size[PIECE_INITRD] = 32 * PG;
	rc = ppc64_place(&w.in, &out);
	CHECK(rc == 0 && valid(&w, out.addr, why, sizeof(why)) && !out.packed &&
	      out.initrd == INITRD_ACROSS && out.addr[PIECE_INITRD] == 0x10000000 - PG,
	      "across: the initrd from the page above RTAS over the RMA top, the usual way (%d, 0x%llx)", rc,
	      (unsigned long long)out.addr[PIECE_INITRD]);
	world_free(&w);
}

/* crashkernel=512M@128M with a 256 MiB RMA: real-mode pieces below its top, the rest may go above. */
static void crash_across_rma(void)
{
	struct world w;
	struct ppc64_place_out out;
	char why[200];
	int rc, p;

	base_world(&w, 256 * MB, 2048 * MB, 40 * MB);
	w.in.crash = 1;
	w.in.crash_base = 128 * MB;
	w.in.crash_end = 640 * MB;
	w.crash_idx = (int)w.excl.n;
	rs_add(&w.excl, w.in.crash_base, w.in.crash_end, "crash kernel region");
	rs_add(&w.excl, 256 * MB - 0x10000, 256 * MB - 0xf000, "RTAS");
	w.in.size[PIECE_KERNEL] = 100 * MB;
	w.in.size[PIECE_BACKUP] = PG;
	w.in.size[PIECE_COREHDR] = 2 * PG;
	w.in.size[PIECE_DTB] = PG;
	w.in.size[PIECE_PURGATORY] = PG;
	w.in.size[PIECE_INITRD] = 60 * MB;	/* fits only above the RMA */
	rc = ppc64_place(&w.in, &out);
	CHECK(rc == 0 && valid(&w, out.addr, why, sizeof(why)), "crash across the RMA: placed (%d)", rc);
	for (p = 0; rc == 0 && p < NP; p++)
		if (p != PIECE_INITRD)
			CHECK(out.addr[p] >= 128 * MB && out.addr[p] + w.in.size[p] <= 256 * MB,
			      "crash across the RMA: %s in the region below the RMA top",
			      ppc64_piece_name((enum ppc64_piece)p));
	CHECK(rc == 0 && out.addr[PIECE_INITRD] == 640 * MB - 60 * MB && out.initrd == INITRD_ABOVE_NO_ROOM,
	      "crash across the RMA: the initrd at the top of the region, above the RMA (0x%llx)",
	      (unsigned long long)out.addr[PIECE_INITRD]);
	world_free(&w);
}

/*
 * -p with a --hotplug-sized core header (4 pages): free in the region are 4
 * pages at its top and 3 below.  Top-down, the backup takes one of the 4 and
 * the header then fits nowhere; the header in the 4 and the rest in the 3 is
 * what the exhaustive search finds.
 */
static void packing(void)
{
	struct world w;
	struct ppc64_place_out out;
	char why[200];
	uint64_t cb = 0x4000000, k = 0x200000;
	int rc;

	base_world(&w, 0x10000000, 0x10000000, 0x2000000);
	w.in.crash = 1;
	w.in.crash_base = cb;
	w.in.crash_end = cb + k + 10 * PG;
	w.crash_idx = (int)w.excl.n;
	rs_add(&w.excl, w.in.crash_base, w.in.crash_end, "crash kernel region");
	/* [cb + k, +3 pages) free, 3 pages taken, [.., +4 pages) free at the top */
	rs_add(&w.excl, cb + k + 3 * PG, cb + k + 6 * PG, "RTAS");
	w.in.size[PIECE_KERNEL] = k;
	w.in.size[PIECE_BACKUP] = PG;
	w.in.size[PIECE_COREHDR] = 4 * PG;
	w.in.size[PIECE_DTB] = PG;
	w.in.size[PIECE_PURGATORY] = PG;
	rc = ppc64_place(&w.in, &out);
	CHECK(rc == 0 && valid(&w, out.addr, why, sizeof(why)), "packing: placed (%d: %s)", rc, why);
	CHECK(out.packed && out.fail == PIECE_COREHDR,
	      "packing: by the exhaustive search, after the usual order failed on the core header");
	CHECK_EQ_U64(out.addr[PIECE_COREHDR], cb + k + 6 * PG, "packing: the core header in the 4 pages");
	world_free(&w);
}

/* Nothing fits: -ENOSPC, naming what the usual order could not place and the room there. */
static void failure(void)
{
	struct world w;
	struct ppc64_place_out out;
	int rc;

	base_world(&w, 0x10000000, 0x40000000, 0x2000000);
	w.in.size[PIECE_KERNEL] = 0xe000000 + PG;	/* a page more than the RMA has free */
	w.in.size[PIECE_DTB] = PG;
	w.in.size[PIECE_PURGATORY] = PG;
	rc = ppc64_place(&w.in, &out);
	CHECK(rc == -ENOSPC && out.fail == PIECE_KERNEL && out.fail_lo == 0 && out.fail_hi == 0x10000000 &&
	      out.largest == 0xe000000 && out.largest_at == 0x2000000 && !out.fail_anywhere,
	      "failure: the kernel, in 0x0-0x10000000, largest piece 0xe000000 at 0x2000000 (%d, %s, "
	      "0x%llx at 0x%llx)", rc, ppc64_piece_name(out.fail), (unsigned long long)out.largest,
	      (unsigned long long)out.largest_at);
	world_free(&w);

	/* -l: an initrd with no room anywhere: its window starts at the kernel's size. */
	base_world(&w, 0x2000000, 0x2000000, 0x1000000);
	w.in.size[PIECE_KERNEL] = 0x400000;
	w.in.size[PIECE_DTB] = PG;
	w.in.size[PIECE_PURGATORY] = PG;
	w.in.size[PIECE_INITRD] = 0xc00000;
	rc = ppc64_place(&w.in, &out);
	CHECK(rc == -ENOSPC && out.fail == PIECE_INITRD && out.fail_lo == 0x400000 && out.fail_anywhere &&
	      out.largest == 0xc00000 - 2 * PG,
	      "failure: the initrd, in RAM above the kernel's size, 2 pages short (%d, %s, 0x%llx-0x%llx, "
	      "largest 0x%llx)", rc, ppc64_piece_name(out.fail), (unsigned long long)out.fail_lo,
	      (unsigned long long)out.fail_hi, (unsigned long long)out.largest);
	world_free(&w);
}

/*
 * -l keeps clear of the running kernel's freed initrd when it can (its pages
 * are the likeliest to hold the task that calls kexec -e), and uses it when
 * nothing else fits.
 */
static void avoid_old_initrd(void)
{
	struct world w;
	struct ppc64_place_out out;
	char why[200];
	uint64_t o0 = 0x2500000, o1 = 0x5500000;	/* the old initrd, right above the kernel */
	int rc, p, clear = 1;

	base_world(&w, 0x10000000, 0x40000000, 0x2000000);
	w.in.size[PIECE_KERNEL] = 0x500000;
	w.in.size[PIECE_DTB] = PG;
	w.in.size[PIECE_PURGATORY] = PG;
	w.in.size[PIECE_INITRD] = 0x1000000;
	w.in.avoid_start = o0;
	w.in.avoid_end = o1;
	rc = ppc64_place(&w.in, &out);
	for (p = 0; p < NP; p++)
		if (w.in.size[p] && out.addr[p] < o1 && o0 < out.addr[p] + w.in.size[p])
			clear = 0;
	CHECK(rc == 0 && valid(&w, out.addr, why, sizeof(why)) && clear && out.avoided &&
	      out.addr[PIECE_KERNEL] == 0x2000000 && out.addr[PIECE_DTB] == o1,
	      "avoid: every piece clear of the old initrd, the rest right above it (%d, dtb 0x%llx)",
	      rc, (unsigned long long)out.addr[PIECE_DTB]);
	/* An RMA that ends inside the old initrd: the real-mode pieces must use it. */
	w.in.rma_top = 0x5000000;
	w.in.avoid_start = 0x2500000;
	w.in.avoid_end = 0x6000000;
	rc = ppc64_place(&w.in, &out);
	CHECK(rc == 0 && valid(&w, out.addr, why, sizeof(why)) && !out.avoided,
	      "avoid: placed on the old initrd when nothing else fits (%d: %s)", rc, rc ? "" : "ok");
	world_free(&w);
}

/*
 * -l keeps clear of the running kernel's slab pages (task structs) first,
 * then of the freed initrd only, then of nothing; the flags say which.
 */
static void avoid_slab(void)
{
	struct world w;
	struct ppc64_place_out out;
	struct rangeset hot;
	char why[200];
	int rc, p, clear = 1;

	rs_init(&hot);
	rs_add(&hot, 0x2100000, 0x2180000, "slab");
	rs_add(&hot, 0x3000000, 0x3010000, "slab");
	base_world(&w, 0x10000000, 0x40000000, 0x2000000);
	w.in.size[PIECE_KERNEL] = 0x500000;
	w.in.size[PIECE_DTB] = PG;
	w.in.size[PIECE_PURGATORY] = PG;
	w.in.size[PIECE_INITRD] = 0x1000000;
	w.in.avoid_start = 0x6000000;
	w.in.avoid_end = 0x7000000;
	w.in.hot = &hot;
	rc = ppc64_place(&w.in, &out);
	for (p = 0; p < NP; p++)
		if (w.in.size[p] && (rs_overlap(&hot, out.addr[p], out.addr[p] + w.in.size[p]) ||
				     (out.addr[p] < 0x7000000 && 0x6000000 < out.addr[p] + w.in.size[p])))
			clear = 0;
	CHECK(rc == 0 && valid(&w, out.addr, why, sizeof(why)) && clear && out.avoided && out.cold,
	      "slab: every piece clear of the slab pages and the old initrd (%d, kernel 0x%llx, "
	      "initrd 0x%llx)", rc, (unsigned long long)out.addr[PIECE_KERNEL],
	      (unsigned long long)out.addr[PIECE_INITRD]);
	/* Slab pages everywhere in the RMA: the real-mode pieces go over them. */
	rs_free(&hot);
	rs_init(&hot);
	for (p = 0x2000000; p < 0x10000000; p += 0x200000)
		rs_add(&hot, (uint64_t)p + 0x100000, (uint64_t)p + 0x110000, "slab");
	rc = ppc64_place(&w.in, &out);
	CHECK(rc == 0 && valid(&w, out.addr, why, sizeof(why)) && out.avoided && !out.cold,
	      "slab: over slab pages when nothing else fits, still clear of the old initrd (%d)", rc);
	rs_free(&hot);
	world_free(&w);
}

/*
 * -l: the next kernel overwrites [0, its _end) when it copies itself down,
 * which can be past its memsz (a 64 KiB-page kernel loaded by a 4 KiB-page
 * one): the device tree and the initrd stay above that, not just above the
 * kernel's size in this kernel's pages.  (A CI guest hung: a 6.12 4 KiB
 * kernel put the tree 4 KiB below a 6.1 64 KiB kernel's _end.)
 */
static void run0_end(void)
{
	struct world w;
	struct ppc64_place_out out;
	char why[200];
	int rc;

	base_world(&w, 0x10000000, 0x40000000, 0x2000000);
	w.in.size[PIECE_KERNEL] = 0x500000;
	w.in.run0_end = 0x2600000;	/* beyond the kernel's size, above kernel-end */
	w.in.size[PIECE_DTB] = PG;
	w.in.size[PIECE_PURGATORY] = PG;
	w.in.size[PIECE_INITRD] = 0x100000;
	rc = ppc64_place(&w.in, &out);
	CHECK(rc == 0 && valid(&w, out.addr, why, sizeof(why)) && out.addr[PIECE_DTB] >= 0x2600000 &&
	      out.addr[PIECE_INITRD] >= 0x2600000,
	      "run0: the device tree and the initrd above the next kernel's _end (%d, dtb 0x%llx, "
	      "initrd 0x%llx)", rc, (unsigned long long)out.addr[PIECE_DTB],
	      (unsigned long long)out.addr[PIECE_INITRD]);
	world_free(&w);
}

int main(void)
{
	CHECK_PROGRAM("place");
	run0_end();
	avoid_old_initrd();
	avoid_slab();
	property();
	issue7();
	initrd_rule();
	across_top();
	crash_across_rma();
	packing();
	failure();
	return CHECK_DONE();
}
