// SPDX-License-Identifier: GPL-2.0-or-later
/* kpageflags.c: runs of frames with KPF_SLAB, as physical ranges. */
#include "check.h"
#include "kpageflags.h"

int main(void)
{
	const uint64_t S = 1ULL << KPF_SLAB;
	uint64_t f[] = { 0, S, S | 0x20, 0, S, 0x40, S, S };
	struct rangeset r;

	CHECK_PROGRAM("kpageflags");
	rs_init(&r);
	CHECK(kpf_runs(f, 8, 0x100, 0x10000, KPF_SLAB, "slab", &r) == 0 && r.n == 3,
	      "three runs among eight frames (%zu)", r.n);
	CHECK(r.n == 3 && r.v[0].start == 0x1010000 && r.v[0].end == 0x1030000 &&
	      r.v[1].start == 0x1040000 && r.v[1].end == 0x1050000 &&
	      r.v[2].start == 0x1060000 && r.v[2].end == 0x1080000,
	      "at frame 0x100 of 64 KiB pages: 0x1010000-0x1030000, 0x1040000-0x1050000, and one "
	      "running to the end of what was read");
	rs_free(&r);
	rs_init(&r);
	CHECK(kpf_runs(f, 0, 0, 0x1000, KPF_SLAB, "slab", &r) == 0 && r.n == 0, "nothing read: none");
	rs_free(&r);
	return CHECK_DONE();
}
