// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bootdata.c: the range kept clear for the running kernel's boot CPU data.
 * The independent model is the kernel's own allocator: memblock, bottom-up
 * from PAGE_SIZE, first fit, allocating the boot CPU's paca (a config-
 * dependent size, 128-byte aligned), lppaca (1 KiB at 1 KiB) and SLB shadow
 * in that order around the boot-time reservations.  Over random layouts,
 * every byte the model allocates must lie in what ppc64_boot_cpu_data
 * excluded, and the exclusion stays small.
 */
#include <errno.h>
#include "check.h"
#include "arch/ppc64/ppc64.h"

static uint64_t rnd_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(uint64_t n)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return n ? rnd_state % n : 0;
}

/* memblock_find_in_range_node, bottom-up: lowest aligned fit at or above 4 KiB. */
static int model_alloc(struct rangeset *used, const struct rangeset *ram, uint64_t size,
		       uint64_t align, uint64_t *at)
{
	struct rangeset f;
	int rc;

	rs_copy(&f, ram);
	rs_subtract_set(&f, used);
	rs_merge(&f);
	rc = rs_find_hole(&f, size, align, 0x1000, UINT64_MAX, 0, at);
	rs_free(&f);
	if (rc == 0)
		rs_add(used, *at, *at + size, "model");
	return rc;
}

static int covered(const struct rangeset *excl, uint64_t a, uint64_t b)
{
	struct rangeset e;
	int r;

	rs_copy(&e, excl);
	rs_merge(&e);
	r = rs_covers(&e, a, b);
	rs_free(&e);
	return r;
}

int main(void)
{
	int round, bad = 0, rc_bad = 0, known_only_kernel_bad = 0;
	uint64_t widest = 0;

	CHECK_PROGRAM("bootdata");

	/* The case seen in a guest: 6.12 4 KiB pages, kernel-end 0x287f000, paca right there. */
	{
		struct ppc64_mem m;

		memset(&m, 0, sizeof(m));
		rs_add(&m.ram, 0, 0x40000000, "ram");
		m.kernel_end = 0x287f000;
		CHECK(ppc64_boot_cpu_data(&m, NULL) == 0, "a plain 1 GiB guest");
		CHECK(covered(&m.excl, 0x287f000, 0x287fc00),
		      "memblock's paca 0x287f000-0x287f4ff and lppaca 0x287f800-0x287fbff are excluded");
		CHECK(!covered(&m.excl, 0x2890000, 0x2891000), "and no more than 64 KiB of them");
		ppc64_mem_free(&m);
	}
	/* Booted by kexec: the boot tree right above the kernel pushes the paca above it. */
	{
		struct ppc64_mem m;
		struct rangeset rsv;

		memset(&m, 0, sizeof(m));
		rs_init(&rsv);
		rs_add(&m.ram, 0, 0x40000000, "ram");
		rs_add(&rsv, 0x287f000, 0x2883000, "boot dtb");
		m.kernel_end = 0x2880000;
		CHECK(ppc64_boot_cpu_data(&m, &rsv) == 0, "a kernel booted with its tree at its end");
		CHECK(covered(&m.excl, 0x2880000, 0x2893000),
		      "both the kernel's end and 64 KiB above the boot tree are excluded");
		rs_free(&rsv);
		ppc64_mem_free(&m);
	}

	for (round = 0; round < 20000; round++) {
		struct ppc64_mem m;
		struct rangeset rsv, used;
		uint64_t ram_end = 0x10000000ULL << rnd(4), at, sizes[3], aligns[3] = { 128, 0x400, 128 };
		int n = (int)rnd(5), i, know_rsv = (int)rnd(2) || n == 0;

		memset(&m, 0, sizeof(m));
		rs_init(&rsv);
		rs_init(&used);
		rs_add(&m.ram, 0, ram_end, "ram");
		if (rnd(4) == 0)	/* a hole in RAM near the kernel */
			rs_subtract(&m.ram, 0x3000000 + rnd(0x100) * 0x1000, 0x3100000);
		m.kernel_end = 0x1000000 + rnd(0x2000) * 0x1000;
		rs_add(&used, 0, m.kernel_end, "kernel");
		/* Boot reservations: some touching the kernel's end, some a little above. */
		for (i = 0; i < n; i++) {
			uint64_t a = m.kernel_end + (rnd(2) ? 0 : rnd(0x40) * 0x80);
			uint64_t s = 0x80 + rnd(0x8000);

			rs_add(&rsv, a, a + s, "rsv");
			rs_add(&used, a, a + s, "rsv");
		}
		if (rnd(3) == 0) {	/* the initrd it booted with, just above */
			m.old_initrd_start = m.kernel_end + rnd(0x10) * 0x1000;
			m.old_initrd_end = m.old_initrd_start + 0x100000;
			rs_add(&used, m.old_initrd_start, m.old_initrd_end, "initrd");
		}
		sizes[0] = 0x300 + rnd(0x2000);
		sizes[1] = 0x400;
		sizes[2] = 0x100 + rnd(0x100);
		if (ppc64_boot_cpu_data(&m, know_rsv ? &rsv : NULL) != 0) {
			rc_bad++;
			goto next;
		}
		for (i = 0; i < 3; i++) {
			if (model_alloc(&used, &m.ram, sizes[i], aligns[i], &at) < 0)
				continue;
			if (!covered(&m.excl, at, at + sizes[i])) {
				if (know_rsv)
					bad++;
				else
					known_only_kernel_bad++;
				if (bad == 1 && know_rsv)
					printf("# first miss: kernel-end 0x%llx piece %d at 0x%llx+0x%llx\n",
					       (unsigned long long)m.kernel_end, i,
					       (unsigned long long)at, (unsigned long long)sizes[i]);
			}
		}
		{
			/* What the exclusion takes of free RAM (before the model's pieces). */
			struct rangeset e;
			uint64_t w;

			rs_copy(&e, &m.excl);
			rs_merge(&e);
			rs_intersect(&e, &m.ram);
			rs_subtract(&e, 0, m.kernel_end);
			rs_subtract_set(&e, &rsv);
			if (m.old_initrd_end)
				rs_subtract(&e, m.old_initrd_start, m.old_initrd_end);
			w = rs_total(&e);
			if (w > widest)
				widest = w;
			rs_free(&e);
		}
next:
		rs_free(&rsv);
		rs_free(&used);
		ppc64_mem_free(&m);
	}
	CHECK(rc_bad == 0, "20000 random layouts computed (%d failed)", rc_bad);
	CHECK(bad == 0, "every paca, lppaca and SLB shadow the model allocates is excluded when the "
	      "boot reserve map is known (%d misses)", bad);
	/* Not a requirement: reservations it cannot see may push the pieces past it. */
	printf("# without the boot reserve map: %d of the model's pieces fell outside\n",
	       known_only_kernel_bad);
	CHECK(widest <= 0x10000 * 8, "the exclusion stays small: at most 0x%llx bytes of free RAM",
	      (unsigned long long)widest);
	return CHECK_DONE();
}
