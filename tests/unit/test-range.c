// SPDX-License-Identifier: GPL-2.0-or-later
/* range.c: range sets, merging, subtraction, clipping and the hole finder. */
#include <errno.h>
#include "check.h"
#include "tutil.h"
#include "range.h"

/* "[a,b) [c,d)" for messages and comparisons. */
#define show(s) t_ranges(s)

static void basics(void)
{
	struct rangeset s;
	char longlabel[100];

	rs_init(&s);
	CHECK(s.v == NULL && s.n == 0 && s.cap == 0, "rs_init empties");
	CHECK_EQ_U64(rs_total(&s), 0, "empty total");
	CHECK_EQ_U64(rs_add(&s, 10, 10, "empty"), 0, "empty range accepted quietly");
	CHECK_EQ_U64(rs_add(&s, 20, 10, "inverted"), 0, "inverted range accepted quietly");
	CHECK_EQ_U64(s.n, 0, "... and ignored");
	CHECK_EQ_U64(rs_add(&s, 0x3000, 0x4000, "c"), 0, "add c");
	CHECK_EQ_U64(rs_add(&s, 0x1000, 0x2000, "a"), 0, "add a");
	CHECK_EQ_U64(rs_add(&s, 0x1000, 0x1800, NULL), 0, "add NULL label");
	CHECK_EQ_U64(s.n, 3, "three ranges");
	CHECK_STR(s.v[2].label, "", "NULL label stored as \"\"");
	rs_sort(&s);
	CHECK_STR(show(&s), "[1000,1800) [1000,2000) [3000,4000)", "rs_sort by start then end");
	CHECK_EQ_U64(rs_total(&s), 0x800 + 0x1000 + 0x1000, "total counts overlaps twice (unmerged)");
	memset(longlabel, 'L', sizeof(longlabel) - 1);
	longlabel[sizeof(longlabel) - 1] = 0;
	rs_add(&s, 0x9000, 0xa000, longlabel);
	CHECK_EQ_U64(strlen(s.v[3].label), KX_LABEL_LEN - 1, "long label truncated to %d chars",
		     KX_LABEL_LEN - 1);
	rs_free(&s);
	CHECK(s.v == NULL && s.n == 0, "rs_free resets");
	rs_free(&s);

	/* Growth beyond the initial capacity keeps every range. */
	{
		size_t i;
		int ok = 1;

		for (i = 0; i < 1000; i++)
			rs_add(&s, i * 0x10000, i * 0x10000 + 0x100, "x");
		for (i = 0; i < 1000; i++)
			ok &= s.v[i].start == i * 0x10000 && s.v[i].end == i * 0x10000 + 0x100;
		CHECK(s.n == 1000 && ok, "1000 ranges survive reallocations");
		CHECK_EQ_U64(rs_total(&s), 1000 * 0x100, "total of 1000");
		rs_free(&s);
	}
}

static void merge(void)
{
	struct rangeset s;

	rs_init(&s);
	rs_add(&s, 0x5000, 0x6000, "late");
	rs_add(&s, 0x1000, 0x2000, "first");
	rs_add(&s, 0x2000, 0x3000, "touching");
	rs_add(&s, 0x2800, 0x2900, "inside");
	rs_add(&s, 0x5800, 0x7000, "overlapping");
	rs_add(&s, 0x9000, 0x9001, "alone");
	rs_merge(&s);
	CHECK_STR(show(&s), "[1000,3000) [5000,7000) [9000,9001)",
		  "touching, contained and overlapping ranges merge; separate ones stay");
	CHECK_STR(s.v[0].label, "first", "merged range keeps the lowest range's label");
	CHECK_STR(s.v[1].label, "late", "second merged range keeps its first label");
	CHECK_EQ_U64(rs_total(&s), 0x2000 + 0x2000 + 1, "total after merge");
	rs_merge(&s);
	CHECK_STR(show(&s), "[1000,3000) [5000,7000) [9000,9001)", "merge is idempotent");
	rs_free(&s);

	rs_init(&s);
	rs_merge(&s);
	CHECK_EQ_U64(s.n, 0, "merging an empty set");
	rs_add(&s, 0, UINT64_MAX, "all");
	rs_add(&s, 5, 10, "in");
	rs_merge(&s);
	CHECK_STR(show(&s), "[0,ffffffffffffffff)", "everything absorbs everything");
	rs_free(&s);
}

static void subtract(void)
{
	struct rangeset s;

	rs_init(&s);
	rs_add(&s, 0x1000, 0x9000, "ram");
	CHECK_EQ_U64(rs_subtract(&s, 0x3000, 0x4000), 0, "split");
	CHECK_STR(show(&s), "[1000,3000) [4000,9000)", "a hole in the middle splits in two");
	CHECK_STR(s.v[1].label, "ram", "the upper half keeps the label");
	rs_subtract(&s, 0x1000, 0x2000);
	CHECK_STR(show(&s), "[2000,3000) [4000,9000)", "cut at the start");
	rs_subtract(&s, 0x8000, 0x9000);
	CHECK_STR(show(&s), "[2000,3000) [4000,8000)", "cut at the end");
	rs_subtract(&s, 0x2000, 0x3000);
	CHECK_STR(show(&s), "[4000,8000)", "exact match removes the range");
	rs_subtract(&s, 0x3000, 0x4000);
	CHECK_STR(show(&s), "[4000,8000)", "touching below removes nothing");
	rs_subtract(&s, 0x8000, 0x9000);
	CHECK_STR(show(&s), "[4000,8000)", "touching above removes nothing");
	rs_subtract(&s, 0x5000, 0x5000);
	CHECK_STR(show(&s), "[4000,8000)", "empty subtraction removes nothing");
	rs_subtract(&s, 0x6000, 0x5000);
	CHECK_STR(show(&s), "[4000,8000)", "inverted subtraction removes nothing");
	rs_subtract(&s, 0x4fff, 0x5001);
	CHECK_STR(show(&s), "[4000,4fff) [5001,8000)", "unaligned split");
	rs_subtract(&s, 0, UINT64_MAX);
	CHECK_EQ_U64(s.n, 0, "subtracting everything empties the set");
	rs_free(&s);

	/* One subtraction across many ranges, splitting some and removing others. */
	rs_init(&s);
	rs_add(&s, 0x0000, 0x1000, "a");
	rs_add(&s, 0x2000, 0x3000, "b");
	rs_add(&s, 0x4000, 0x5000, "c");
	rs_add(&s, 0x6000, 0x7000, "d");
	rs_subtract(&s, 0x0800, 0x6800);
	CHECK_STR(show(&s), "[0,800) [6800,7000)", "subtraction spanning four ranges");
	rs_free(&s);

	/* Many splits of one range stay sorted. */
	rs_init(&s);
	rs_add(&s, 0, 0x100000, "ram");
	{
		uint64_t a;
		int sorted = 1;
		size_t i;

		for (a = 0xf0000; a >= 0x10000; a -= 0x10000)
			rs_subtract(&s, a, a + 0x1000);
		for (i = 1; i < s.n; i++)
			sorted &= s.v[i - 1].end < s.v[i].start;
		CHECK(s.n == 16 && sorted, "15 holes make 16 sorted pieces (%zu)", s.n);
		CHECK_EQ_U64(rs_total(&s), 0x100000 - 15 * 0x1000, "total after 15 holes");
	}
	rs_free(&s);

	/* rs_subtract_set */
	{
		struct rangeset t;

		rs_init(&s);
		rs_init(&t);
		rs_add(&s, 0, 0x10000, "ram");
		rs_add(&s, 0x20000, 0x30000, "ram2");
		rs_add(&t, 0, 0x1000, "kernel");
		rs_add(&t, 0x8000, 0x22000, "fw");
		rs_add(&t, 0x2f000, 0x40000, "top");
		CHECK_EQ_U64(rs_subtract_set(&s, &t), 0, "rs_subtract_set");
		CHECK_STR(show(&s), "[1000,8000) [22000,2f000)", "every range of the set removed");
		rs_free(&s);
		rs_free(&t);
	}
}

static void clip_copy_overlap(void)
{
	struct rangeset s, d;
	const struct range *r;

	rs_init(&s);
	rs_add(&s, 0x1000, 0x3000, "a");
	rs_add(&s, 0x4000, 0x6000, "b");
	rs_add(&s, 0x8000, 0x9000, "c");
	CHECK_EQ_U64(rs_copy(&d, &s), 0, "rs_copy");
	CHECK(d.v != s.v && d.n == 3 && !strcmp(show(&d), "[1000,3000) [4000,6000) [8000,9000)"),
	      "copy is a separate equal set");
	rs_clip(&s, 0x2000, 0x5000);
	CHECK_STR(show(&s), "[2000,3000) [4000,5000)", "clip to [0x2000, 0x5000)");
	CHECK_STR(s.v[1].label, "b", "clip keeps labels");
	rs_clip(&s, 0x3000, 0x4000);
	CHECK_EQ_U64(s.n, 0, "clip to a gap empties");
	CHECK_STR(show(&d), "[1000,3000) [4000,6000) [8000,9000)", "the copy is untouched");
	r = rs_overlap(&d, 0x2fff, 0x3001);
	CHECK(r && r->start == 0x1000, "rs_overlap finds [0x1000,0x3000) for [0x2fff,0x3001)");
	CHECK(rs_overlap(&d, 0x3000, 0x4000) == NULL, "touching both neighbours is no overlap");
	r = rs_overlap(&d, 0, UINT64_MAX);
	CHECK(r && r->start == 0x1000, "everything overlaps the first range");
	CHECK(rs_overlap(&d, 0x9000, 0xa000) == NULL, "past the end");
	rs_clip(&d, 0, UINT64_MAX);
	CHECK_EQ_U64(d.n, 3, "clip to everything keeps everything");
	rs_free(&s);
	rs_free(&d);
	rs_init(&s);
	CHECK_EQ_U64(rs_copy(&d, &s), 0, "copy of an empty set");
	CHECK(d.n == 0 && d.v == NULL, "... is empty");
	rs_free(&d);
}

static void holes(void)
{
	struct rangeset f;
	uint64_t a = 0;

	rs_init(&f);
	rs_add(&f, 0x1000, 0x5000, "low");		/* 16 KiB */
	rs_add(&f, 0x10800, 0x30000, "mid");		/* starts unaligned */
	rs_add(&f, 0x100000, 0x140000, "high");	/* 256 KiB */
	rs_merge(&f);

	CHECK_EQ_U64(rs_find_hole(&f, 0x1000, 0x1000, 0, UINT64_MAX, 0, &a), 0, "bottom-up small");
	CHECK_EQ_U64(a, 0x1000, "lowest address");
	CHECK_EQ_U64(rs_find_hole(&f, 0x1000, 0x1000, 0, UINT64_MAX, 1, &a), 0, "top-down small");
	CHECK_EQ_U64(a, 0x13f000, "highest address");
	CHECK_EQ_U64(rs_find_hole(&f, 0x4000, 0x1000, 0, UINT64_MAX, 0, &a), 0, "exact fit");
	CHECK_EQ_U64(a, 0x1000, "exact fit in the low range");
	CHECK_EQ_U64(rs_find_hole(&f, 0x4001, 0x1000, 0, UINT64_MAX, 0, &a), 0, "one byte too big");
	CHECK_EQ_U64(a, 0x11000, "skips to the next range, aligned up from 0x10800");
	CHECK_EQ_U64(rs_find_hole(&f, 0x1000, 0x10000, 0, UINT64_MAX, 0, &a), 0, "64K alignment");
	CHECK_EQ_U64(a, 0x20000, "0x10800 aligns to 0x20000");
	CHECK_EQ_U64(rs_find_hole(&f, 0x10000, 0x10000, 0, UINT64_MAX, 0, &a), 0, "64K in 64K");
	CHECK_EQ_U64(a, 0x20000, "exactly [0x20000,0x30000)");
	CHECK_EQ_U64(rs_find_hole(&f, 0x10001, 0x10000, 0, 0x100000, 0, &a), -ENOSPC,
		     "nothing below 1 MiB holds 64K+1 at 64K alignment");
	CHECK_EQ_U64(rs_find_hole(&f, 0x3000, 0x10000, 0, UINT64_MAX, 1, &a), 0, "top-down aligned");
	CHECK_EQ_U64(a, 0x130000, "top-down aligns down");
	CHECK_EQ_U64(rs_find_hole(&f, 0x1000, 0x1000, 0x2000, 0x4000, 0, &a), 0, "lo bound");
	CHECK_EQ_U64(a, 0x2000, "at lo");
	CHECK_EQ_U64(rs_find_hole(&f, 0x1000, 0x1000, 0x2000, 0x4000, 1, &a), 0, "hi bound");
	CHECK_EQ_U64(a, 0x3000, "ends at hi");
	CHECK_EQ_U64(rs_find_hole(&f, 0x2001, 0x1000, 0x2000, 0x4000, 0, &a), -ENOSPC,
		     "does not fit between lo and hi");
	CHECK_EQ_U64(rs_find_hole(&f, 0x1000, 0x1000, 0x1800, 0x2800, 0, &a), -ENOSPC,
		     "lo aligned up leaves too little below hi");
	CHECK_EQ_U64(rs_find_hole(&f, 0x1000, 0x1000, 0x5000, 0x10800, 0, &a), -ENOSPC,
		     "window inside a gap");
	CHECK_EQ_U64(rs_find_hole(&f, 0x1000, 0x1000, 0x4000, 0x2000, 0, &a), -ENOSPC,
		     "lo above hi");
	CHECK_EQ_U64(rs_find_hole(&f, 0x40001, 0x1000, 0, UINT64_MAX, 1, &a), -ENOSPC,
		     "larger than every range");
	CHECK_EQ_U64(rs_find_hole(&f, 0, 0x1000, 0, UINT64_MAX, 0, &a), -EINVAL, "size 0 is invalid");
	CHECK_EQ_U64(rs_find_hole(&f, 0x1000, 0, 0, UINT64_MAX, 0, &a), -EINVAL, "align 0 is invalid");
	CHECK_EQ_U64(rs_find_hole(&f, 0x1000, 0x3000, 0, UINT64_MAX, 0, &a), -EINVAL,
		     "non-power-of-two align is invalid");
	/* Top-down prefers the highest range that fits, even if a lower one fits better. */
	CHECK_EQ_U64(rs_find_hole(&f, 0x3000, 0x1000, 0, 0x100000, 1, &a), 0, "top-down below 1M");
	CHECK_EQ_U64(a, 0x2d000, "the top of the middle range");
	rs_free(&f);

	/* Empty free set. */
	rs_init(&f);
	CHECK_EQ_U64(rs_find_hole(&f, 1, 1, 0, UINT64_MAX, 0, &a), -ENOSPC, "empty set: -ENOSPC");
	rs_free(&f);
}

static void near_top(void)
{
	struct rangeset f;
	uint64_t a = 0, where = 1;

	rs_init(&f);
	rs_add(&f, UINT64_MAX - 0x3fff, UINT64_MAX, "top");	/* [..c000, ..ffff) */
	CHECK_EQ_U64(rs_find_hole(&f, 0x1000, 0x1000, 0, UINT64_MAX, 0, &a), 0, "near the top");
	CHECK_EQ_U64(a, 0xffffffffffffc000ULL, "at the (aligned) start");
	CHECK_EQ_U64(rs_find_hole(&f, 0x1000, 0x1000, 0, UINT64_MAX, 1, &a), 0, "top-down near top");
	CHECK_EQ_U64(a, 0xffffffffffffe000ULL, "last whole page below UINT64_MAX");
	CHECK_EQ_U64(rs_find_hole(&f, 0x3000, 0x1000, 0, UINT64_MAX, 1, &a), 0,
		     "three pages fit top-down");
	CHECK_EQ_U64(a, 0xffffffffffffc000ULL, "... at the start");
	CHECK_EQ_U64(rs_find_hole(&f, 0x4000, 0x1000, 0, UINT64_MAX, 0, &a), -ENOSPC,
		     "four pages do not (the last byte is not addressable)");
	CHECK_EQ_U64(rs_find_hole(&f, 0x1000, 0x1000, UINT64_MAX - 5, UINT64_MAX, 0, &a), -ENOSPC,
		     "lo so high that aligning it up would wrap");
	CHECK_EQ_U64(rs_find_hole(&f, 1, 1ULL << 63, 0, UINT64_MAX, 0, &a), -ENOSPC,
		     "2^63 alignment cannot land in the top range");
	CHECK_EQ_U64(rs_find_hole(&f, 0x100, 1, UINT64_MAX - 0x100, UINT64_MAX, 0, &a), 0,
		     "byte alignment up to the last byte");
	CHECK_EQ_U64(a, UINT64_MAX - 0x100, "... at lo");
	CHECK_EQ_U64(rs_largest(&f, 0x1000, 0, UINT64_MAX, &where), 0x3fff, "largest near the top");
	CHECK_EQ_U64(where, 0xffffffffffffc000ULL, "... starts aligned");
	CHECK_EQ_U64(rs_largest(&f, 0x1000, UINT64_MAX - 5, UINT64_MAX, &where), 0,
		     "no aligned piece above UINT64_MAX-5");
	CHECK_EQ_U64(where, 0, "where is 0 when nothing is found");
	rs_free(&f);

	rs_init(&f);
	rs_add(&f, 0, UINT64_MAX, "all");
	CHECK_EQ_U64(rs_find_hole(&f, UINT64_MAX, 1, 0, UINT64_MAX, 0, &a), 0, "the whole space");
	CHECK_EQ_U64(a, 0, "... at 0");
	CHECK_EQ_U64(rs_find_hole(&f, 1ULL << 62, 1ULL << 62, 0, UINT64_MAX, 1, &a), 0,
		     "2^62 bytes at 2^62 alignment top-down");
	CHECK_EQ_U64(a, 2ULL << 62, "... at 2^63");
	rs_free(&f);
}

static void largest(void)
{
	struct rangeset f;
	uint64_t where = 0;

	rs_init(&f);
	rs_add(&f, 0x1000, 0x5000, "a");
	rs_add(&f, 0x10800, 0x30000, "b");
	rs_add(&f, 0x100000, 0x108000, "c");
	CHECK_EQ_U64(rs_largest(&f, 0x1000, 0, UINT64_MAX, &where), 0x1f000, "largest (page aligned)");
	CHECK_EQ_U64(where, 0x11000, "... starts at the aligned start");
	CHECK_EQ_U64(rs_largest(&f, 0x10000, 0, UINT64_MAX, &where), 0x10000, "largest at 64K align");
	CHECK_EQ_U64(where, 0x20000, "... at 0x20000");
	CHECK_EQ_U64(rs_largest(&f, 0x1000, 0, 0x20000, &where), 0xf000, "largest below 0x20000");
	CHECK_EQ_U64(where, 0x11000, "... in b");
	CHECK_EQ_U64(rs_largest(&f, 0x1000, 0x5000, 0x10000, &where), 0, "nothing in a gap");
	CHECK_EQ_U64(rs_largest(&f, 0x1000, 0x104000, UINT64_MAX, &where), 0x4000, "above lo");
	CHECK_EQ_U64(where, 0x104000, "... at lo");
	rs_free(&f);
}

static void aligners(void)
{
	CHECK_EQ_U64(align_up(0, 0x1000), 0, "align_up(0)");
	CHECK_EQ_U64(align_up(1, 0x1000), 0x1000, "align_up(1)");
	CHECK_EQ_U64(align_up(0x1000, 0x1000), 0x1000, "align_up(aligned)");
	CHECK_EQ_U64(align_down(0x1fff, 0x1000), 0x1000, "align_down");
	CHECK_EQ_U64(align_down(UINT64_MAX, 0x10000), 0xffffffffffff0000ULL, "align_down(max)");
}

/* Intersection against a brute-force byte-granular model on small random sets. */
static void intersect_keep(void)
{
	struct rangeset a, b;
	unsigned seed = 12345, round, bad = 0;
	int i;

	rs_init(&a);
	rs_init(&b);
	rs_add(&a, 0, 0x100, NULL);
	rs_add(&a, 0x200, 0x300, NULL);
	rs_add(&b, 0x80, 0x280, NULL);
	CHECK(rs_intersect(&a, &b) == 0 && !strcmp(show(&a), "[80,100) [200,280)"),
	      "intersect: pieces of both (%s)", show(&a));
	rs_free(&b);
	CHECK(rs_intersect(&a, &b) == 0 && a.n == 0, "intersect with nothing: nothing");
	for (round = 0; round < 2000; round++) {
		unsigned char in_a[256], in_b[256];
		int x;

		rs_free(&a);
		rs_free(&b);
		memset(in_a, 0, sizeof(in_a));
		memset(in_b, 0, sizeof(in_b));
		for (i = 0; i < 6; i++) {
			unsigned s1, e1;

			seed = seed * 1103515245 + 12345;
			s1 = (seed >> 8) & 0xff;
			e1 = s1 + ((seed >> 16) & 0x3f);
			if (e1 > 256)
				e1 = 256;
			rs_add(i & 1 ? &b : &a, s1, e1, NULL);
			for (x = (int)s1; x < (int)e1; x++)
				(i & 1 ? in_b : in_a)[x] = 1;
		}
		rs_merge(&a);
		rs_merge(&b);
		if (rs_intersect(&a, &b) < 0) {
			bad++;
			continue;
		}
		for (x = 0; x < 256; x++)
			if (!!rs_overlap(&a, (uint64_t)x, (uint64_t)x + 1) != (in_a[x] && in_b[x]))
				bad++;
	}
	CHECK(bad == 0, "intersect: 2000 random pairs agree with a byte-by-byte model (%u mismatches)", bad);
	rs_free(&a);
	rs_free(&b);

	rs_add(&a, 0, 0x100, NULL);
	rs_add(&a, 0x200, 0x400, NULL);
	rs_keep_bytes(&a, 0x180);
	CHECK(!strcmp(show(&a), "[0,100) [200,280)"), "keep_bytes: the lowest 0x180 bytes (%s)", show(&a));
	rs_keep_bytes(&a, 0x100);
	CHECK(!strcmp(show(&a), "[0,100)"), "keep_bytes: exactly the first range (%s)", show(&a));
	rs_keep_bytes(&a, 0x1000);
	CHECK(!strcmp(show(&a), "[0,100)"), "keep_bytes: more than there is keeps all (%s)", show(&a));
	rs_keep_bytes(&a, 0);
	CHECK(a.n == 0, "keep_bytes: 0 keeps nothing");
	rs_free(&a);
	CHECK(rs_covers(&b, 5, 5) == 1, "covers: an empty range is covered");
}

int main(void)
{
	CHECK_PROGRAM("range");
	intersect_keep();
	basics();
	merge();
	subtract();
	clip_copy_overlap();
	holes();
	near_top();
	largest();
	aligners();
	return CHECK_DONE();
}
