// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * memmap.c: device trees built here (pseries and powernv shapes) turned into
 * RAM, RMA, exclusions, reserve ranges and the console; malformed trees must
 * fail with one line naming the property, never crash; a 20000-LMB tree
 * (v1 and v2) must scale and merge.
 */
#include <errno.h>
#include <time.h>
#include "check.h"
#include "fdtbuild.h"
#include "ppc64.h"

#define MB (1ULL << 20)
#define GB (1ULL << 30)
#define ASSIGNED 0x8
#define RESERVED 0x80

/* "label[start,end) ..." of a range set */
static const char *show(const struct rangeset *s, int labels)
{
	static char bufs[2][4096];
	static int k;
	char *buf = bufs[k++ & 1];
	size_t i, o = 0;

	buf[0] = 0;
	for (i = 0; i < s->n && o < 4000; i++)
		o += (size_t)snprintf(buf + o, 4096 - o, "%s%s%s[%llx,%llx)", i ? " " : "",
				      labels ? s->v[i].label : "", labels ? "" : "",
				      (unsigned long long)s->v[i].start, (unsigned long long)s->v[i].end);
	return buf;
}

struct mres {
	int rc;
	struct ppc64_mem m;
	char *err;
};

/* @sysram: /proc/iomem's System RAM, or NULL. */
static struct mres memmap_sys(void *fdt, const struct rangeset *sysram)
{
	struct mres r;
	struct t_capture cap;

	t_capture_start(&cap, 2);
	r.rc = ppc64_memmap(fdt, "T", sysram, &r.m);
	r.err = t_chomp(t_capture_end(&cap));
	return r;
}

static struct mres memmap(void *fdt)
{
	return memmap_sys(fdt, NULL);
}

static void mres_free(struct mres *r)
{
	ppc64_mem_free(&r->m);
	free(r->err);
}

static void root_cells(struct fb *b, int na, int ns)
{
	fb_u32(b, "#address-cells", (uint32_t)na);
	fb_u32(b, "#size-cells", (uint32_t)ns);
}

static void chosen(struct fb *b, uint64_t kernel_end)
{
	fb_node(b, "chosen");
	fb_u64(b, "linux,kernel-end", kernel_end);
	fb_end(b);
}

static void memnode(struct fb *b, uint64_t base, uint64_t size)
{
	fb_nodef(b, "memory@%llx", (unsigned long long)base);
	fb_str(b, "device_type", "memory");
	fb_reg(b, "reg", 2, 2, 1, base, size);
	fb_end(b);
}

/* ---- RAM and RMA ------------------------------------------------------------ */

static void plain(void)
{
	struct fb b;
	struct mres r;

	fb_start(&b, 8192);
	root_cells(&b, 2, 2);
	chosen(&b, 0x1d30000);
	memnode(&b, 0x10000000, 0x30000000);	/* listed first */
	memnode(&b, 0, 0x10000000);
	r = memmap(fb_finish(&b));
	CHECK(r.rc == 0, "plain: parses (%s)", r.err);
	CHECK_STR(show(&r.m.ram, 0), "[0,40000000)", "plain: touching blocks merge into one RAM range");
	CHECK_EQ_U64(r.m.rma_top, 0x10000000, "plain: RMA is the block at 0, whatever the node order");
	CHECK_EQ_U64(r.m.kernel_end, 0x1d30000, "plain: kernel_end");
	CHECK_EQ_U64(r.m.nblocks, 2, "plain: two memory blocks");
	CHECK_EQ_U64(r.m.nlmbs, 0, "plain: no LMBs");
	CHECK_STR(show(&r.m.excl, 1), "running kernel[0,1d30000)", "plain: the running kernel is excluded");
	CHECK_EQ_U64(r.m.reserve.n, 0, "plain: nothing to reserve");
	CHECK_EQ_U64(r.m.console, CONSOLE_NONE, "plain: no console");
	CHECK(r.m.crash_base == 0 && r.m.crash_size == 0 && r.m.memory_limit == 0,
	      "plain: no crash region, no memory limit");
	CHECK_STR(r.err, "", "plain: nothing printed");
	mres_free(&r);
	free(b.fdt);

	/* Two reg pairs in one node, a gap, and a smaller block at 0 in another node. */
	fb_start(&b, 8192);
	root_cells(&b, 2, 2);
	chosen(&b, 0x1000000);
	fb_node(&b, "memory@0");
	fb_str(&b, "device_type", "memory");
	fb_reg(&b, "reg", 2, 2, 2, 0ULL, 0x8000000ULL, 0x20000000ULL, 0x20000000ULL);
	fb_end(&b);
	fb_node(&b, "memory@100000000");
	fb_str(&b, "device_type", "memory");
	fb_reg(&b, "reg", 2, 2, 1, 0x100000000ULL, 0x100000000ULL);
	fb_end(&b);
	r = memmap(fb_finish(&b));
	CHECK(r.rc == 0, "gaps: parses (%s)", r.err);
	CHECK_STR(show(&r.m.ram, 0), "[0,8000000) [20000000,40000000) [100000000,200000000)",
		  "gaps: three RAM ranges");
	CHECK_EQ_U64(r.m.rma_top, 0x8000000, "gaps: RMA is [0, 128 MiB)");
	CHECK_EQ_U64(r.m.nblocks, 3, "gaps: three reg entries");
	mres_free(&r);
	free(b.fdt);

	/* device_type "memory" on a node with another name; a "memory" node without unit. */
	fb_start(&b, 8192);
	root_cells(&b, 2, 2);
	chosen(&b, 0x1000000);
	fb_node(&b, "bank@0");
	fb_str(&b, "device_type", "memory");
	fb_reg(&b, "reg", 2, 2, 1, 0ULL, 0x4000000ULL);
	fb_end(&b);
	fb_node(&b, "memory");
	fb_reg(&b, "reg", 2, 2, 1, 0x8000000ULL, 0x4000000ULL);
	fb_end(&b);
	fb_node(&b, "gpu-memory@200000000000");	/* NVLink GPU memory: not RAM */
	fb_str(&b, "device_type", "memory");
	fb_prop(&b, "compatible", "ibm,coherent-device-memory", 27);
	fb_reg(&b, "reg", 2, 2, 1, 0x200000000000ULL, 0x400000000ULL);
	fb_end(&b);
	fb_node(&b, "memoryless@0");	/* neither name nor device_type says memory */
	fb_reg(&b, "reg", 2, 2, 1, 0x40000000ULL, 0x1000ULL);
	fb_end(&b);
	r = memmap(fb_finish(&b));
	CHECK(r.rc == 0, "names: parses (%s)", r.err);
	CHECK_STR(show(&r.m.ram, 0), "[0,4000000) [8000000,c000000)",
		  "names: device_type=memory and a bare \"memory\" node count; coherent GPU memory "
		  "and other nodes do not");
	mres_free(&r);
	free(b.fdt);

	/* #address-cells 1, #size-cells 1. */
	fb_start(&b, 8192);
	root_cells(&b, 1, 1);
	chosen(&b, 0x800000);
	fb_node(&b, "memory@0");
	fb_str(&b, "device_type", "memory");
	fb_reg(&b, "reg", 1, 1, 2, 0ULL, 0x10000000ULL, 0x20000000ULL, 0x10000000ULL);
	fb_end(&b);
	r = memmap(fb_finish(&b));
	CHECK(r.rc == 0 && !strcmp(show(&r.m.ram, 0), "[0,10000000) [20000000,30000000)") &&
	      r.m.rma_top == 0x10000000, "1/1 cells: reg read as 32-bit pairs (%s)",
	      show(&r.m.ram, 0));
	mres_free(&r);
	free(b.fdt);

	/* No #address-cells / #size-cells: the defaults are 2 and 1. */
	fb_start(&b, 8192);
	chosen(&b, 0x800000);
	fb_node(&b, "memory@0");
	fb_str(&b, "device_type", "memory");
	fb_reg(&b, "reg", 2, 1, 1, 0ULL, 0x20000000ULL);
	fb_end(&b);
	r = memmap(fb_finish(&b));
	CHECK(r.rc == 0 && !strcmp(show(&r.m.ram, 0), "[0,20000000)"),
	      "default cells 2/1: reg is a 64-bit address and 32-bit size (%s, %s)",
	      show(&r.m.ram, 0), r.err);
	mres_free(&r);
	free(b.fdt);
}

static void usable_memory(void)
{
	struct fb b;
	struct mres r;

	fb_start(&b, 8192);
	root_cells(&b, 2, 2);
	chosen(&b, 0x1000000);
	fb_node(&b, "memory@0");
	fb_str(&b, "device_type", "memory");
	fb_reg(&b, "reg", 2, 2, 1, 0ULL, 0x40000000ULL);
	fb_reg(&b, "linux,usable-memory", 2, 2, 1, 0ULL, 0x8000000ULL);
	fb_end(&b);
	fb_node(&b, "memory@40000000");
	fb_str(&b, "device_type", "memory");
	fb_reg(&b, "reg", 2, 2, 1, 0x40000000ULL, 0x40000000ULL);
	fb_reg(&b, "linux,usable-memory", 2, 2, 2, 0x50000000ULL, 0x1000000ULL, 0x60000000ULL, 0ULL);
	fb_end(&b);
	r = memmap(fb_finish(&b));
	CHECK(r.rc == 0, "usable-memory: parses (%s)", r.err);
	CHECK_STR(show(&r.m.ram, 0), "[0,8000000) [50000000,51000000)",
		  "usable-memory: linux,usable-memory wins over reg; empty pairs count for nothing");
	CHECK_EQ_U64(r.m.rma_top, 0x8000000, "usable-memory: RMA from the usable block at 0");
	mres_free(&r);
	free(b.fdt);
}

/* ---- ibm,dynamic-memory ------------------------------------------------------- */

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)(v >> 32));
	put32(p + 4, (uint32_t)v);
}

/* v1: u32 count, then {u64 base, u32 drc_index, u32 reserved, u32 aa_index, u32 flags} */
static uint8_t *dm_v1(size_t n, const uint64_t *base, const uint32_t *flags, int *len)
{
	uint8_t *p = calloc(1, 4 + n * 24);
	size_t i;

	put32(p, (uint32_t)n);
	for (i = 0; i < n; i++) {
		uint8_t *e = p + 4 + i * 24;

		put64(e, base[i]);
		put32(e + 8, 0x80000000u + (uint32_t)i);
		put32(e + 12, 0);
		put32(e + 16, 0xffffffffu);
		put32(e + 20, flags[i]);
	}
	*len = (int)(4 + n * 24);
	return p;
}

/* v2: u32 count, then {u32 seq_lmbs, u64 base, u32 drc_index, u32 aa_index, u32 flags} */
static uint8_t *dm_v2(size_t n, const uint32_t *count, const uint64_t *base, const uint32_t *flags,
		      int *len)
{
	uint8_t *p = calloc(1, 4 + n * 24);
	size_t i;

	put32(p, (uint32_t)n);
	for (i = 0; i < n; i++) {
		uint8_t *e = p + 4 + i * 24;

		put32(e, count[i]);
		put64(e + 4, base[i]);
		put32(e + 12, 0x80000000u + (uint32_t)i);
		put32(e + 16, 0);
		put32(e + 20, flags[i]);
	}
	*len = (int)(4 + n * 24);
	return p;
}

/* A pseries tree: memory@0 of @rma bytes plus a drconf node with the given property. */
static void *drconf_tree(uint64_t rma, const char *prop, const void *v, int len, int lmb_len,
			 uint64_t lmb, size_t size)
{
	struct fb b;

	fb_start(&b, size);
	root_cells(&b, 2, 2);
	chosen(&b, 0x1000000);
	memnode(&b, 0, rma);
	fb_node(&b, "ibm,dynamic-reconfiguration-memory");
	if (lmb_len == 8)
		fb_u64(&b, "ibm,lmb-size", lmb);
	else if (lmb_len == 4)
		fb_u32(&b, "ibm,lmb-size", (uint32_t)lmb);
	else if (lmb_len > 0)
		fb_prop(&b, "ibm,lmb-size", "\0\0\0\0\0\0\0\0\0\0\0\0", lmb_len);
	if (prop)
		fb_prop(&b, prop, v, len);
	fb_end(&b);
	return fb_finish(&b);
}

static void dynamic_v1(void)
{
	const uint64_t base[] = { 0, 256 * MB, 512 * MB, 768 * MB, 1 * GB, 1 * GB + 256 * MB,
				  2 * GB };
	const uint32_t flags[] = { ASSIGNED, ASSIGNED, ASSIGNED | RESERVED, 0, ASSIGNED,
				   ASSIGNED | 0x40, RESERVED };
	struct mres r;
	uint8_t *p;
	void *fdt;
	int len;

	p = dm_v1(7, base, flags, &len);
	fdt = drconf_tree(256 * MB, "ibm,dynamic-memory", p, len, 8, 256 * MB, 8192);
	r = memmap(fdt);
	CHECK(r.rc == 0, "v1: parses (%s)", r.err);
	CHECK_STR(show(&r.m.ram, 0), "[0,20000000) [40000000,60000000)",
		  "v1: assigned LMBs only (not reserved, not unassigned), adjacent ones merged");
	CHECK_EQ_U64(r.m.nlmbs, 4, "v1: four usable LMBs");
	CHECK_EQ_U64(r.m.rma_top, 256 * MB, "v1: RMA still the memory@0 block");
	CHECK_EQ_U64(rs_total(&r.m.ram), 1 * GB, "v1: 1 GiB in all");
	mres_free(&r);
	free(fdt);
	free(p);

	/* Only an LMB list, no memory@ node at 0 at all: the RMA is unknown. */
	{
		struct fb b;

		p = dm_v1(7, base, flags, &len);
		fb_start(&b, 8192);
		root_cells(&b, 2, 2);
		chosen(&b, 0x1000000);
		fb_node(&b, "ibm,dynamic-reconfiguration-memory");
		fb_u64(&b, "ibm,lmb-size", 256 * MB);
		fb_prop(&b, "ibm,dynamic-memory", p, len);
		fb_end(&b);
		fdt = fb_finish(&b);
		r = memmap(fdt);
		CHECK(r.rc == -EINVAL && t_has(r.err, "no memory block starts at address 0"),
		      "v1 without memory@0: the RMA is unknown (%s)", r.err);
		mres_free(&r);
		free(fdt);
		free(p);
	}
}

static void dynamic_v2(void)
{
	const uint32_t count[] = { 2, 1, 3, 4, 0 };
	const uint64_t base[] = { 256 * MB, 768 * MB, 1 * GB, 2 * GB, 4 * GB };
	const uint32_t flags[] = { ASSIGNED, ASSIGNED | RESERVED, ASSIGNED, 0, ASSIGNED };
	struct mres r;
	uint8_t *p, *p1;
	void *fdt;
	int len, len1;

	p = dm_v2(5, count, base, flags, &len);
	fdt = drconf_tree(256 * MB, "ibm,dynamic-memory-v2", p, len, 8, 256 * MB, 8192);
	r = memmap(fdt);
	CHECK(r.rc == 0, "v2: parses (%s)", r.err);
	CHECK_STR(show(&r.m.ram, 0), "[0,30000000) [40000000,70000000)",
		  "v2: runs of assigned LMBs, merged with memory@0");
	CHECK_EQ_U64(r.m.nlmbs, 5, "v2: 2 + 3 usable LMBs (a run of 0 adds none)");
	mres_free(&r);
	free(fdt);

	/* Both present: v2 is the one to believe. */
	{
		const uint64_t b1[] = { 8 * GB };
		const uint32_t f1[] = { ASSIGNED };
		struct fb b;

		p1 = dm_v1(1, b1, f1, &len1);
		fb_start(&b, 8192);
		root_cells(&b, 2, 2);
		chosen(&b, 0x1000000);
		memnode(&b, 0, 256 * MB);
		fb_node(&b, "ibm,dynamic-reconfiguration-memory");
		fb_u64(&b, "ibm,lmb-size", 256 * MB);
		fb_prop(&b, "ibm,dynamic-memory", p1, len1);
		fb_prop(&b, "ibm,dynamic-memory-v2", p, len);
		fb_end(&b);
		fdt = fb_finish(&b);
		r = memmap(fdt);
		/* The kernel's drmem.c reads v1 when both are there: so must we. */
		CHECK(r.rc == 0 && !strcmp(show(&r.m.ram, 0), "[0,10000000) [200000000,210000000)"),
		      "v1 and v2: v1 wins, as in the kernel (%s)", show(&r.m.ram, 0));
		mres_free(&r);
		free(fdt);
		free(p1);
	}
	free(p);
}

/* 20000 LMBs, every 1000th one unassigned: 20 merged ranges, quickly. */
static void big(int v2)
{
	const size_t n = 20000;
	const uint64_t lmb = 256 * MB;
	uint64_t *base = calloc(n, sizeof(*base));
	uint32_t *flags = calloc(n, sizeof(*flags)), *count = calloc(n, sizeof(*count));
	struct timespec t0, t1;
	struct mres r;
	uint8_t *p;
	void *fdt;
	size_t i, k = 0;
	int len;
	double secs;

	if (!v2) {
		for (i = 0; i < n; i++) {
			base[i] = (i + 1) * lmb;
			flags[i] = (i % 1000 == 999) ? 0 : ASSIGNED;
		}
		p = dm_v1(n, base, flags, &len);
	} else {
		/* the same memory as runs: 999 assigned, 1 unassigned, ...; split each
		 * assigned run in two entries so entries also need merging */
		for (i = 0; i < n; i += 1000) {
			count[k] = 500; base[k] = (i + 1) * lmb; flags[k++] = ASSIGNED;
			count[k] = 499; base[k] = (i + 501) * lmb; flags[k++] = ASSIGNED;
			count[k] = 1; base[k] = (i + 1000) * lmb; flags[k++] = 0;
		}
		p = dm_v2(k, count, base, flags, &len);
	}
	fdt = drconf_tree(lmb, v2 ? "ibm,dynamic-memory-v2" : "ibm,dynamic-memory", p, len, 8, lmb,
			  (size_t)len + 8192);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = memmap(fdt);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	CHECK(r.rc == 0, "%s 20000 LMBs: parses (%s)", v2 ? "v2" : "v1", r.err);
	CHECK_EQ_U64(r.m.ram.n, 20, "%s 20000 LMBs: merged into 20 ranges", v2 ? "v2" : "v1");
	CHECK_EQ_U64(r.m.nlmbs, 19980, "%s 20000 LMBs: 19980 usable", v2 ? "v2" : "v1");
	CHECK_EQ_U64(rs_total(&r.m.ram), 19981 * lmb, "%s 20000 LMBs: total RAM", v2 ? "v2" : "v1");
	if (r.m.ram.n == 20) {
		CHECK(r.m.ram.v[0].start == 0 && r.m.ram.v[0].end == 1000 * lmb &&
		      r.m.ram.v[19].start == 19001 * lmb && r.m.ram.v[19].end == 20000 * lmb,
		      "%s 20000 LMBs: first and last range (%s ...)", v2 ? "v2" : "v1",
		      show(&r.m.ram, 0));
	}
	CHECK(secs < 2.0, "%s 20000 LMBs: in %.3f s", v2 ? "v2" : "v1", secs);
	mres_free(&r);
	free(fdt);
	free(p);
	free(base);
	free(flags);
	free(count);
}

/* /proc/iomem's System RAM, when given, bounds RAM instead of the limit. */
static void iomem_bound(void)
{
	struct fb b;
	struct rangeset sys;
	struct mres r;

	fb_start(&b, 8192);
	root_cells(&b, 2, 2);
	fb_node(&b, "chosen");
	fb_u64(&b, "linux,kernel-end", 0x1000000);
	/* 6.12 with crashkernel=: the boot memory's size, written without mem=. */
	fb_u64(&b, "linux,memory-limit", 0x80000000);
	fb_end(&b);
	memnode(&b, 0, 0x80000000);
	memnode(&b, 0x80000000, 0x40000000);	/* a DIMM hot-added since boot */
	memnode(&b, 0x100000000ULL, 0x10000000);	/* removed from the kernel, still described */
	fb_finish(&b);
	rs_init(&sys);
	rs_add(&sys, 0, 0xa0000000, "System RAM");
	rs_add(&sys, 0xb0000000, 0xc0000000, "System RAM");
	r = memmap_sys(b.fdt, &sys);
	CHECK(r.rc == 0 && !strcmp(show(&r.m.ram, 0), "[0,a0000000) [b0000000,c0000000)") && r.m.ram_from_iomem,
	      "iomem: RAM is the tree's memory that is System RAM now, whatever the limit says (%s)",
	      show(&r.m.ram, 0));
	mres_free(&r);
	r = memmap(b.fdt);
	CHECK(r.rc == 0 && !strcmp(show(&r.m.ram, 0), "[0,80000000)") && !r.m.ram_from_iomem,
	      "no iomem: the limit's 2 GiB, the hot-added DIMM not counted (%s)", show(&r.m.ram, 0));
	mres_free(&r);
	rs_free(&sys);
	rs_add(&sys, 0x200000000ULL, 0x300000000ULL, "System RAM");
	r = memmap_sys(b.fdt, &sys);
	CHECK(r.rc == -EINVAL && t_has(r.err, "none of its memory is System RAM in /proc/iomem"),
	      "iomem and the tree share no RAM: one line (%s)", r.err);
	mres_free(&r);
	rs_free(&sys);
	free(b.fdt);
}

static void memory_limit(void)
{
	struct fb b;
	struct mres r;

	fb_start(&b, 8192);
	root_cells(&b, 2, 2);
	fb_node(&b, "chosen");
	fb_u64(&b, "linux,kernel-end", 0x1000000);
	fb_u64(&b, "linux,memory-limit", 0x28000000);
	fb_end(&b);
	memnode(&b, 0, 0x10000000);
	memnode(&b, 0x20000000, 0x20000000);
	r = memmap(fb_finish(&b));
	CHECK(r.rc == 0, "memory-limit: parses (%s)", r.err);
	/* A size, as memblock_enforce_memory_limit applies it: 256 MiB below the hole, 384 above. */
	CHECK_STR(show(&r.m.ram, 0), "[0,10000000) [20000000,38000000)",
		  "memory-limit: RAM cut where 0x28000000 bytes of it have been counted");
	CHECK_EQ_U64(r.m.memory_limit, 0x28000000, "memory-limit: recorded");
	mres_free(&r);
	free(b.fdt);

	fb_start(&b, 8192);
	root_cells(&b, 2, 2);
	fb_node(&b, "chosen");
	fb_u64(&b, "linux,kernel-end", 0x1000000);
	fb_u32(&b, "linux,memory-limit", 0x8000000);	/* 4-byte form */
	fb_end(&b);
	memnode(&b, 0, 0x10000000);
	r = memmap(fb_finish(&b));
	CHECK(r.rc == 0 && !strcmp(show(&r.m.ram, 0), "[0,8000000)"),
	      "memory-limit: a 32-bit limit inside the RMA cuts RAM (%s)", show(&r.m.ram, 0));
	mres_free(&r);
	free(b.fdt);
}

/* ---- exclusions and reservations ---------------------------------------------- */

static void *firmware_tree(void)
{
	struct fb b;

	fb_start(&b, 16384);
	root_cells(&b, 2, 2);
	fb_reg(&b, "reserved-ranges", 2, 2, 2, 0x31000000ULL, 0x100000ULL, 0x7f000000ULL, 0x1000000ULL);
	fb_node(&b, "chosen");
	fb_u64(&b, "linux,kernel-end", 0x1d30000);
	fb_u64(&b, "linux,crashkernel-base", 0x20000000);
	fb_u64(&b, "linux,crashkernel-size", 0x10000000);
	fb_u64(&b, "linux,htab-base", 0x3c000000);
	fb_u64(&b, "linux,htab-size", 0x1000000);
	fb_end(&b);
	memnode(&b, 0, 0x40000000);
	memnode(&b, 0x40000000, 0x40000000);
	fb_node(&b, "rtas");
	fb_u32(&b, "linux,rtas-base", 0x3fff0000);
	fb_u32(&b, "rtas-size", 0x10000);
	fb_end(&b);
	fb_node(&b, "ibm,opal");
	fb_u64(&b, "opal-base-address", 0x30000000);
	fb_u64(&b, "opal-entry-address", 0x30000100);
	fb_u64(&b, "opal-runtime-size", 0x1000000);
	fb_end(&b);
	fb_node(&b, "pci@800000020000000");
	fb_u64(&b, "linux,tce-base", 0x3e000000);
	fb_u64(&b, "linux,tce-size", 0x800000);
	fb_node(&b, "pci@1");	/* TCE tables anywhere in the tree */
	fb_u32(&b, "linux,tce-base", 0x3d000000);
	fb_u32(&b, "linux,tce-size", 0x400000);
	fb_end(&b);
	fb_end(&b);
	fb_node(&b, "reserved-memory");
	fb_u32(&b, "#address-cells", 2);
	fb_u32(&b, "#size-cells", 2);
	fb_node(&b, "ibm,firmware@7e000000");
	fb_reg(&b, "reg", 2, 2, 1, 0x7e000000ULL, 0x800000ULL);
	fb_end(&b);
	fb_node(&b, "no-reg");
	fb_end(&b);
	fb_end(&b);
	return fb_finish(&b);
}

static void exclusions(void)
{
	void *fdt = firmware_tree();
	struct mres r = memmap(fdt);

	CHECK(r.rc == 0, "firmware: parses (%s)", r.err);
	CHECK_STR(show(&r.m.excl, 1),
		  "running kernel[0,1d30000) crash kernel region[20000000,30000000) OPAL[30000000,31000000) "
		  "reserved-ranges[31000000,31100000) hash page table[3c000000,3d000000) "
		  "TCE table[3d000000,3d400000) TCE table[3e000000,3e800000) RTAS[3fff0000,40000000) "
		  "reserved-memory[7e000000,7e800000) reserved-ranges[7f000000,80000000)",
		  "firmware: every exclusion, sorted and labelled");
	CHECK_STR(show(&r.m.reserve, 1),
		  "OPAL[30000000,31000000) reserved-ranges[31000000,31100000) TCE table[3d000000,3d400000) "
		  "TCE table[3e000000,3e800000) RTAS[3fff0000,40000000) reserved-ranges[7f000000,80000000)",
		  "firmware: the reserve set is RTAS, OPAL, TCE and reserved-ranges only");
	CHECK(r.m.crash_base == 0x20000000 && r.m.crash_size == 0x10000000, "firmware: crash region");
	CHECK_EQ_U64(r.m.rma_top, 0x40000000, "firmware: RMA 1 GiB");
	CHECK_STR(show(&r.m.ram, 0), "[0,80000000)", "firmware: RAM itself is not cut");
	CHECK_EQ_U64(r.m.console, CONSOLE_OPAL, "firmware: OPAL present: OPAL console");
	CHECK(r.m.opal_base == 0x30000000 && r.m.opal_entry == 0x30000100 && r.m.opal_term == 0,
	      "firmware: OPAL base, entry, terminal 0");
	mres_free(&r);
	free(fdt);
}

/* ---- console ----------------------------------------------------------------------- */

static void *console_tree(const char *stdout_prop, const char *stdout_path, const char *compat,
			  int compat_len, int with_reg, int opal)
{
	struct fb b;

	fb_start(&b, 8192);
	root_cells(&b, 2, 2);
	fb_node(&b, "chosen");
	fb_u64(&b, "linux,kernel-end", 0x1000000);
	if (stdout_path)
		fb_str(&b, stdout_prop, stdout_path);
	fb_end(&b);
	memnode(&b, 0, 0x10000000);
	fb_node(&b, "vdevice");
	fb_node(&b, "vty@30000000");
	if (compat)
		fb_prop(&b, "compatible", compat, compat_len);
	if (with_reg)
		fb_u32(&b, "reg", 0x30000000);
	fb_end(&b);
	fb_node(&b, "vty@30000001");
	fb_str(&b, "compatible", "hvterm1");
	fb_u32(&b, "reg", 0x30000001);
	fb_end(&b);
	fb_end(&b);
	if (opal) {
		fb_node(&b, "ibm,opal");
		fb_u64(&b, "opal-base-address", 0x30000000);
		fb_u64(&b, "opal-entry-address", 0x30000100);
		fb_u64(&b, "opal-runtime-size", 0x100000);
		fb_node(&b, "consoles");
		fb_node(&b, "serial@1");
		fb_u32(&b, "reg", 1);
		fb_end(&b);
		fb_node(&b, "serial@20");
		fb_u32(&b, "reg", 0x20);
		fb_end(&b);
		fb_end(&b);
		fb_end(&b);
	}
	return fb_finish(&b);
}

static void console(void)
{
	static const struct {
		const char *what, *prop, *path, *compat;
		int compat_len, reg, opal;
		enum ppc64_console want;
		uint64_t term;
	} cases[] = {
		{ "hvterm1 vty", "linux,stdout-path", "/vdevice/vty@30000000", "hvterm1", 8, 1, 0,
		  CONSOLE_HVTERM, 0x30000000 },
		{ "stdout-path (no linux,)", "stdout-path", "/vdevice/vty@30000000", "hvterm1", 8, 1, 0,
		  CONSOLE_HVTERM, 0x30000000 },
		{ "path with :options", "linux,stdout-path", "/vdevice/vty@30000001:9600n8", NULL, 0, 0,
		  0, CONSOLE_HVTERM, 0x30000001 },
		{ "hvterm-protocol in a string list: HVSI packets", "linux,stdout-path",
		  "/vdevice/vty@30000000", "foo\0hvterm-protocol", 20, 1, 0, CONSOLE_HVSI, 0x30000000 },
		{ "hvterm-protocol alone: HVSI", "stdout-path", "/vdevice/vty@30000000:9600",
		  "hvterm-protocol", 16, 1, 0, CONSOLE_HVSI, 0x30000000 },
		{ "hvterm-protocol and hvterm1: raw, as the kernel chooses", "linux,stdout-path",
		  "/vdevice/vty@30000000", "hvterm-protocol\0hvterm1", 24, 1, 0, CONSOLE_HVTERM,
		  0x30000000 },
		{ "hvterm-protocol without reg", "linux,stdout-path", "/vdevice/vty@30000000",
		  "hvterm-protocol", 16, 0, 0, CONSOLE_NONE, 0 },
		{ "HVSI wins over OPAL", "linux,stdout-path", "/vdevice/vty@30000000", "hvterm-protocol",
		  16, 1, 1, CONSOLE_HVSI, 0x30000000 },
		{ "hvterm1 without reg", "linux,stdout-path", "/vdevice/vty@30000000", "hvterm1", 8, 0, 0,
		  CONSOLE_NONE, 0 },
		{ "not an hvterm", "linux,stdout-path", "/vdevice/vty@30000000", "ibm,vty", 8, 1, 0,
		  CONSOLE_NONE, 0 },
		{ "stdout-path to nowhere", "linux,stdout-path", "/vdevice/vty@99", NULL, 0, 0, 0,
		  CONSOLE_NONE, 0 },
		{ "no stdout-path", "linux,stdout-path", NULL, "hvterm1", 8, 1, 0, CONSOLE_NONE, 0 },
		{ "OPAL serial@1", "linux,stdout-path", "/ibm,opal/consoles/serial@1", NULL, 0, 0, 1,
		  CONSOLE_OPAL, 1 },
		{ "OPAL serial with a terminal number >= 16", "linux,stdout-path",
		  "/ibm,opal/consoles/serial@20", NULL, 0, 0, 1, CONSOLE_OPAL, 0 },
		{ "OPAL without stdout-path", "linux,stdout-path", NULL, NULL, 0, 0, 1, CONSOLE_OPAL, 0 },
		{ "hvterm wins over OPAL", "linux,stdout-path", "/vdevice/vty@30000000", "hvterm1", 8, 1, 1,
		  CONSOLE_HVTERM, 0x30000000 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		void *fdt = console_tree(cases[i].prop, cases[i].path, cases[i].compat,
					 cases[i].compat_len, cases[i].reg, cases[i].opal);
		struct mres r = memmap(fdt);
		uint64_t term = r.m.console == CONSOLE_OPAL ? r.m.opal_term : r.m.vtermno;

		CHECK(r.rc == 0 && r.m.console == cases[i].want && term == cases[i].term,
		      "console: %s -> %s %#llx (got %d %#llx%s%s)", cases[i].what,
		      cases[i].want == CONSOLE_HVTERM ? "hvterm" : cases[i].want == CONSOLE_HVSI ? "HVSI" :
		      cases[i].want == CONSOLE_OPAL ? "OPAL" : "none",
		      (unsigned long long)cases[i].term, r.m.console, (unsigned long long)term,
		      r.err[0] ? ": " : "", r.err);
		mres_free(&r);
		free(fdt);
	}
}

/* ---- CPUs: timebase, threads, OPAL v3 (for the purgatory's secondaries) -------------- */

static void *cpus_tree(int opal_v3)
{
	struct fb b;

	fb_start(&b, 8192);
	root_cells(&b, 2, 2);
	chosen(&b, 0x1000000);
	memnode(&b, 0, 0x10000000);
	fb_node(&b, "cpus");
	fb_u32(&b, "#address-cells", 1);
	fb_u32(&b, "#size-cells", 0);
	fb_node(&b, "l2-cache@20");		/* not a cpu: ignored */
	fb_str(&b, "device_type", "cache");
	fb_cells(&b, "ibm,ppc-interrupt-server#s", 2, 7, 8);
	fb_end(&b);
	fb_node(&b, "PowerPC,POWER9@0");	/* SMT4 core, 250 MHz timebase */
	fb_str(&b, "device_type", "cpu");
	fb_str(&b, "status", "okay");
	fb_u32(&b, "timebase-frequency", 250000000);
	fb_cells(&b, "ibm,ppc-interrupt-server#s", 4, 0, 1, 2, 3);
	fb_end(&b);
	fb_node(&b, "PowerPC,POWER9@4");	/* one thread, no status */
	fb_str(&b, "device_type", "cpu");
	fb_u32(&b, "timebase-frequency", 1);	/* not the first: not read */
	fb_cells(&b, "ibm,ppc-interrupt-server#s", 1, 4);
	fb_end(&b);
	fb_node(&b, "PowerPC,POWER9@8");	/* disabled: not counted */
	fb_str(&b, "device_type", "cpu");
	fb_str(&b, "status", "disabled");
	fb_cells(&b, "ibm,ppc-interrupt-server#s", 2, 8, 9);
	fb_end(&b);
	fb_node(&b, "PowerPC,POWER9@a");	/* no server list: one thread */
	fb_str(&b, "device_type", "cpu");
	fb_end(&b);
	fb_end(&b);
	if (opal_v3) {
		fb_node(&b, "ibm,opal");
		fb_prop(&b, "compatible", "ibm,opal-v2\0ibm,opal-v3", 24);
		fb_end(&b);
	}
	return fb_finish(&b);
}

static void cpus(void)
{
	void *fdt = cpus_tree(0);
	struct mres r = memmap(fdt);

	CHECK(r.rc == 0 && r.m.tb_freq == 250000000 && r.m.dt_threads == 6 && !r.m.opal_v3,
	      "cpus: first cpu node's timebase 250 MHz, 6 threads (4 + 1 + 1, the disabled "
	      "core and the cache left out), no OPAL (got %llu Hz, %u threads, opal_v3 %d)",
	      (unsigned long long)r.m.tb_freq, r.m.dt_threads, r.m.opal_v3);
	mres_free(&r);
	free(fdt);
	fdt = cpus_tree(1);
	r = memmap(fdt);
	CHECK(r.rc == 0 && r.m.opal_v3, "cpus: /ibm,opal compatible with ibm,opal-v3: OPAL v3");
	mres_free(&r);
	free(fdt);
	fdt = console_tree("linux,stdout-path", NULL, NULL, 0, 0, 0);
	r = memmap(fdt);
	CHECK(r.rc == 0 && r.m.tb_freq == 0 && r.m.dt_threads == 0 && !r.m.opal_v3,
	      "cpus: no /cpus: timebase unknown (0), no threads");
	mres_free(&r);
	free(fdt);
}

/* ---- a kdump kernel's tree: linux,drconf-usable-memory ---------------------------------- */

/* Cells written one by one: @n cells of @v, big-endian. */
struct cw {
	uint8_t b[512];
	int n;
};

static void cw_put(struct cw *w, int cells, uint64_t v)
{
	if (cells == 2)
		put64(w->b + w->n, v);
	else
		put32(w->b + w->n, (uint32_t)v);
	w->n += cells * 4;
}

/*
 * A kdump kernel's tree (root #address-cells 2, #size-cells @ns): memory@0
 * of 256 MiB with linux,usable-memory [0, 96 MiB), and 256 MiB LMBs in
 * ibm,dynamic-memory-v2: 2 assigned at 256 MiB, 1 unassigned at 768 MiB, 1
 * assigned but reserved at 1 GiB, 2 assigned at 1.25 GiB; so four usable
 * LMBs, in order 0x10000000, 0x20000000, 0x50000000, 0x60000000, each with
 * an entry in linux,drconf-usable-memory (@usm), which the kernel reads only
 * for usable LMBs (prom.c early_init_drmem_lmb).
 */
static void *kdump_tree(int ns, const struct cw *usm)
{
	const uint32_t count[] = { 2, 1, 1, 2 };
	const uint64_t base[] = { 256 * MB, 768 * MB, 1 * GB, 1 * GB + 256 * MB };
	const uint32_t flags[] = { ASSIGNED, 0, ASSIGNED | RESERVED, ASSIGNED };
	uint8_t *p;
	struct fb b;
	int len;

	p = dm_v2(4, count, base, flags, &len);
	fb_start(&b, 8192);
	root_cells(&b, 2, ns);
	chosen(&b, 0x1000000);
	fb_node(&b, "memory@0");
	fb_str(&b, "device_type", "memory");
	fb_reg(&b, "reg", 2, ns, 1, 0ULL, 256 * MB);
	fb_reg(&b, "linux,usable-memory", 2, ns, 1, 0ULL, 96 * MB);
	fb_end(&b);
	fb_node(&b, "ibm,dynamic-reconfiguration-memory");
	if (ns == 2)
		fb_u64(&b, "ibm,lmb-size", 256 * MB);
	else
		fb_u32(&b, "ibm,lmb-size", 256 * MB);
	fb_prop(&b, "ibm,dynamic-memory-v2", p, len);
	if (usm)
		fb_prop(&b, "linux,drconf-usable-memory", usm->b, usm->n);
	fb_end(&b);
	free(p);
	return fb_finish(&b);
}

/* The good property: 1 piece, none, 2 pieces, none. */
static void good_usm(int ns, struct cw *w)
{
	memset(w, 0, sizeof(*w));
	cw_put(w, ns, 1);
	cw_put(w, 2, 0x10000000); cw_put(w, ns, 0x1000000);
	cw_put(w, ns, 0);
	cw_put(w, ns, 2);
	cw_put(w, 2, 0x50000000); cw_put(w, ns, 0x100000);
	cw_put(w, 2, 0x58000000); cw_put(w, ns, 0x200000);
	cw_put(w, ns, 0);
}

static void drconf_usable(int ns)
{
	struct cw w;
	struct mres r;
	void *fdt;

	good_usm(ns, &w);
	fdt = kdump_tree(ns, &w);
	r = memmap(fdt);
	CHECK(r.rc == 0, "usable LMBs (%d size cells): parses (%s)", ns, r.err);
	CHECK_STR(show(&r.m.ram, 0), "[0,6000000) [10000000,11000000) [50000000,50100000) [58000000,58200000)",
		  "usable LMBs (%d size cells): RAM is memory@0's usable part and the listed pieces, "
		  "not the LMBs", ns);
	CHECK(r.m.drconf_usable == 1 && r.m.nlmbs == 4, "usable LMBs (%d size cells): flagged, four LMBs", ns);
	CHECK_EQ_U64(r.m.rma_top, 96 * MB, "usable LMBs (%d size cells): the RMA is the usable block at 0", ns);
	mres_free(&r);
	free(fdt);

	/* Bytes after the last usable LMB's entry: ignored, as the kernel ignores them. */
	good_usm(ns, &w);
	cw_put(&w, 2, 0xdeadbeefcafef00dULL);
	fdt = kdump_tree(ns, &w);
	r = memmap(fdt);
	CHECK(r.rc == 0 && !strcmp(show(&r.m.ram, 0),
				   "[0,6000000) [10000000,11000000) [50000000,50100000) [58000000,58200000)"),
	      "usable LMBs (%d size cells): trailing bytes ignored (%s)", ns, r.err);
	mres_free(&r);
	free(fdt);

	/* Without the property: whole LMBs. */
	fdt = kdump_tree(ns, NULL);
	r = memmap(fdt);
	CHECK(r.rc == 0 && !strcmp(show(&r.m.ram, 0), "[0,6000000) [10000000,30000000) [50000000,70000000)") &&
	      !r.m.drconf_usable, "no drconf-usable-memory (%d size cells): whole usable LMBs (%s)", ns,
	      show(&r.m.ram, 0));
	mres_free(&r);
	free(fdt);
}

static void drconf_usable_bad(void)
{
	static const struct {
		int kind;
		const char *what, *msg;
	} cases[] = {
		{ 0, "empty", "ends before the count (the entry of the LMB at 0x10000000, at byte 0)" },
		{ 1, "ending before the third usable LMB's count",
		  "ends before the count (the entry of the LMB at 0x50000000, at byte 20)" },
		{ 2, "a count of 3 where 2 pairs follow",
		  "the count overruns the property (the entry of the LMB at 0x50000000, at byte 20)" },
		{ 3, "a count of 2^32-1", "the count overruns the property (the entry of the LMB at 0x10000000" },
		{ 4, "a piece running past 2^64",
		  "a range runs past the end of the address space (the entry of the LMB at 0x10000000, at byte 0)" },
		{ 5, "cut inside a pair", "the count overruns the property (the entry of the LMB at 0x10000000" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cw w;
		struct mres r;
		void *fdt;
		int one;

		memset(&w, 0, sizeof(w));
		switch (cases[i].kind) {
		case 1:
			good_usm(1, &w);
			w.n = 20;	/* 1 + (2+1) cells, then the 0 count: 5 cells */
			break;
		case 2:
			good_usm(1, &w);
			put32(w.b + 20, 3);
			break;
		case 3:
			cw_put(&w, 1, 0xffffffff);
			cw_put(&w, 2, 0x10000000); cw_put(&w, 1, 0x1000);
			break;
		case 4:
			cw_put(&w, 1, 1);
			cw_put(&w, 2, 0xffffffffffff0000ULL); cw_put(&w, 1, 0x100000);
			cw_put(&w, 1, 0); cw_put(&w, 1, 0); cw_put(&w, 1, 0);
			break;
		case 5:
			cw_put(&w, 1, 1);
			cw_put(&w, 2, 0x10000000);
			break;
		}
		fdt = kdump_tree(1, &w);
		r = memmap(fdt);
		one = r.err[0] && !strchr(r.err, '\n');
		CHECK(r.rc == -EINVAL && one && t_has(r.err, "/ibm,dynamic-reconfiguration-memory/"
							   "linux,drconf-usable-memory: ") &&
		      t_has(r.err, cases[i].msg), "drconf-usable-memory %s: one line naming it and \"%s\" (%s)",
		      cases[i].what, cases[i].msg, t_shown(r.err));
		CHECK(r.m.ram.v == NULL, "drconf-usable-memory %s: nothing left allocated", cases[i].what);
		mres_free(&r);
		free(fdt);
	}
}

/* ibm,lmb-size longer than #size-cells: its first cells count (walk_drmem_lmbs_early). */
static void lmb_size_longer(void)
{
	static const uint8_t twelve[12] = { 0, 0, 0, 0, 0x10, 0, 0, 0, 0xff, 0xff, 0xff, 0xff };
	const uint64_t base[] = { 256 * MB, 512 * MB };
	const uint32_t flags[] = { ASSIGNED, ASSIGNED };
	struct mres r;
	struct fb b;
	uint8_t *p;
	void *fdt;
	int len, ns;

	for (ns = 1; ns <= 2; ns++) {
		p = dm_v1(2, base, flags, &len);
		fb_start(&b, 8192);
		root_cells(&b, 2, ns);
		chosen(&b, 0x1000000);
		fb_node(&b, "memory@0");
		fb_str(&b, "device_type", "memory");
		fb_reg(&b, "reg", 2, ns, 1, 0ULL, 256 * MB);
		fb_end(&b);
		fb_node(&b, "ibm,dynamic-reconfiguration-memory");
		/* 1 cell: 0x00000000 would be refused, so start it at byte 4 then */
		fb_prop(&b, "ibm,lmb-size", ns == 2 ? twelve : twelve + 4, ns == 2 ? 12 : 8);
		fb_prop(&b, "ibm,dynamic-memory", p, len);
		fb_end(&b);
		fdt = fb_finish(&b);
		r = memmap(fdt);
		CHECK(r.rc == 0 && !strcmp(show(&r.m.ram, 0), "[0,30000000)"),
		      "ibm,lmb-size of %d bytes with %d size cells: the first %d cells, 256 MiB (%s%s)",
		      ns == 2 ? 12 : 8, ns, ns, r.err, show(&r.m.ram, 0));
		mres_free(&r);
		free(fdt);
		free(p);
	}
}

/* ---- malformed trees ------------------------------------------------------------------- */

enum bad_kind {
	B_REG_LEN, B_REG_EMPTY, B_REG_MISSING, B_DM_OVERRUN, B_DM_SHORT, B_LMB_MISSING, B_LMB_LEN,
	B_LMB_ZERO, B_LMB_POW2, B_V2_OVERFLOW, B_V1_WRAP, B_KEND_LEN, B_KEND_MISSING, B_NO_CHOSEN, B_LIMIT_LEN,
	B_NO_MEMORY, B_NO_ZERO, B_ADDR_CELLS3, B_SIZE_CELLS0, B_RTAS_SIZE_MISSING, B_RTAS_SIZE_LEN,
	B_TCE_SIZE_MISSING, B_RESMEM_CELLS, B_RESRANGES_LEN, B_RESMEM_REG_LEN,
	/* wrong-length numbers that memmap currently skips instead of refusing */
	B_RTAS_BASE_LEN, B_OPAL_BASE_LEN, B_OPAL_SIZE_MISSING, B_TCE_BASE_LEN, B_CRASH_BASE_LEN,
	B_HTAB_BASE_LEN, B_REG_WRAP,
};

static void *bad_tree(enum bad_kind k)
{
	struct fb b;
	uint8_t dm[4 + 24];

	fb_start(&b, 16384);
	fb_u32(&b, "#address-cells", k == B_ADDR_CELLS3 ? 3 : 2);
	fb_u32(&b, "#size-cells", k == B_SIZE_CELLS0 ? 0 : 2);
	if (k == B_RESRANGES_LEN)
		fb_prop(&b, "reserved-ranges", "0123456789ab", 12);
	if (k != B_NO_CHOSEN) {
		fb_node(&b, "chosen");
		if (k == B_KEND_LEN)
			fb_prop(&b, "linux,kernel-end", "\0\0\1", 3);
		else if (k != B_KEND_MISSING)
			fb_u64(&b, "linux,kernel-end", 0x1000000);
		if (k == B_LIMIT_LEN)
			fb_prop(&b, "linux,memory-limit", "\1\0", 2);
		if (k == B_CRASH_BASE_LEN) {
			fb_prop(&b, "linux,crashkernel-base", "\0\0\0\0\x20\0", 6);
			fb_u64(&b, "linux,crashkernel-size", 0x10000000);
		}
		if (k == B_HTAB_BASE_LEN) {
			fb_prop(&b, "linux,htab-base", "\x3c", 1);
			fb_u64(&b, "linux,htab-size", 0x1000000);
		}
		fb_end(&b);
	}
	if (k != B_NO_MEMORY) {
		fb_node(&b, k == B_NO_ZERO ? "memory@10000000" : "memory@0");
		fb_str(&b, "device_type", "memory");
		if (k == B_REG_LEN)
			fb_prop(&b, "reg", "0123456789abcdef0123", 20);
		else if (k == B_REG_EMPTY)
			fb_prop(&b, "reg", NULL, 0);
		else if (k == B_REG_WRAP)
			fb_reg(&b, "reg", 2, 2, 2, 0ULL, 0x40000000ULL, 0xfffffffff0000000ULL, 0x20000000ULL);
		else if (k != B_REG_MISSING)
			fb_reg(&b, "reg", 2, 2, 1, k == B_NO_ZERO ? 0x10000000ULL : 0ULL, 0x40000000ULL);
		fb_end(&b);
	}
	if (k == B_DM_OVERRUN || k == B_DM_SHORT || k == B_LMB_MISSING || k == B_LMB_LEN ||
	    k == B_LMB_ZERO || k == B_LMB_POW2 || k == B_V2_OVERFLOW || k == B_V1_WRAP) {
		fb_node(&b, "ibm,dynamic-reconfiguration-memory");
		if (k == B_LMB_LEN)
			fb_u32(&b, "ibm,lmb-size", 0x10000000);
		else if (k == B_LMB_ZERO)
			fb_u64(&b, "ibm,lmb-size", 0);
		else if (k == B_LMB_POW2)
			fb_u64(&b, "ibm,lmb-size", 0x18000000);
		else if (k == B_V2_OVERFLOW)
			fb_u64(&b, "ibm,lmb-size", 1ULL << 40);
		else if (k != B_LMB_MISSING)
			fb_u64(&b, "ibm,lmb-size", 0x10000000);
		memset(dm, 0, sizeof(dm));
		if (k == B_V2_OVERFLOW) {
			put32(dm, 1);
			put32(dm + 4, 0xffffffffu);
			put64(dm + 8, 0x40000000);
			put32(dm + 24, ASSIGNED);
			fb_prop(&b, "ibm,dynamic-memory-v2", dm, sizeof(dm));
		} else if (k == B_V1_WRAP) {
			put32(dm, 1);
			put64(dm + 4, 0xfffffffff0000000ULL);
			put32(dm + 24, ASSIGNED);
			fb_prop(&b, "ibm,dynamic-memory", dm, sizeof(dm));
		} else {
			put32(dm, k == B_LMB_POW2 || k == B_LMB_ZERO ? 1 : 2);	/* 2: room for one */
			put64(dm + 4, 0x40000000);
			put32(dm + 24, ASSIGNED);
			fb_prop(&b, "ibm,dynamic-memory", dm, k == B_DM_SHORT ? 3 : (int)sizeof(dm));
		}
		fb_end(&b);
	}
	if (k == B_RTAS_SIZE_MISSING || k == B_RTAS_SIZE_LEN || k == B_RTAS_BASE_LEN) {
		fb_node(&b, "rtas");
		if (k == B_RTAS_BASE_LEN)
			fb_prop(&b, "linux,rtas-base", "\x3f\xff\0", 3);
		else
			fb_u32(&b, "linux,rtas-base", 0x3fff0000);
		if (k == B_RTAS_SIZE_LEN)
			fb_prop(&b, "rtas-size", "\0\1\0\0\0", 5);
		else if (k != B_RTAS_SIZE_MISSING)
			fb_u32(&b, "rtas-size", 0x10000);
		fb_end(&b);
	}
	if (k == B_OPAL_BASE_LEN || k == B_OPAL_SIZE_MISSING) {
		fb_node(&b, "ibm,opal");
		if (k == B_OPAL_BASE_LEN)
			fb_prop(&b, "opal-base-address", "\0\0\0\0\x30\0\0", 7);
		else
			fb_u64(&b, "opal-base-address", 0x30000000);
		fb_u64(&b, "opal-entry-address", 0x30000100);
		if (k != B_OPAL_SIZE_MISSING)
			fb_u64(&b, "opal-runtime-size", 0x1000000);
		fb_end(&b);
	}
	if (k == B_TCE_SIZE_MISSING || k == B_TCE_BASE_LEN) {
		fb_node(&b, "pci@800000020000000");
		if (k == B_TCE_BASE_LEN)
			fb_prop(&b, "linux,tce-base", "\x3e\0\0", 3);
		else
			fb_u64(&b, "linux,tce-base", 0x3e000000);
		if (k != B_TCE_SIZE_MISSING)
			fb_u64(&b, "linux,tce-size", 0x800000);
		fb_end(&b);
	}
	if (k == B_RESMEM_CELLS || k == B_RESMEM_REG_LEN) {
		fb_node(&b, "reserved-memory");
		fb_u32(&b, "#address-cells", k == B_RESMEM_CELLS ? 3 : 2);
		fb_u32(&b, "#size-cells", 2);
		fb_node(&b, "fw@0");
		if (k == B_RESMEM_REG_LEN)
			fb_prop(&b, "reg", "0123456789ab", 12);
		else
			fb_reg(&b, "reg", 2, 2, 1, 0x7e000000ULL, 0x1000ULL);
		fb_end(&b);
		fb_end(&b);
	}
	return fb_finish(&b);
}

static void malformed(void)
{
	static const struct {
		enum bad_kind k;
		const char *what, *msg;
	} cases[] = {
		{ B_REG_LEN, "reg of 20 bytes with 2+2 cells",
		  "/memory@0/reg: length is not a whole number of (address, size) pairs (20 bytes)" },
		{ B_REG_EMPTY, "empty reg", "/memory@0/reg: length is not a whole number" },
		{ B_REG_MISSING, "memory node without reg", "/memory@0/reg: missing" },
		{ B_DM_OVERRUN, "ibm,dynamic-memory count overruns the property",
		  "ibm,dynamic-memory: entry count overruns the property (28 bytes)" },
		{ B_DM_SHORT, "ibm,dynamic-memory of 3 bytes", "too short for its entry count" },
		{ B_LMB_MISSING, "no ibm,lmb-size", "ibm,lmb-size: missing" },
		{ B_LMB_LEN, "4-byte ibm,lmb-size with 2 size cells",
		  "ibm,lmb-size: shorter than #size-cells asks for (4 bytes)" },
		{ B_LMB_ZERO, "ibm,lmb-size 0", "/ibm,dynamic-reconfiguration-memory/ibm,lmb-size: " },
		{ B_LMB_POW2, "ibm,lmb-size 0x18000000 (not a power of two)",
		  "/ibm,dynamic-reconfiguration-memory/ibm,lmb-size: " },
		{ B_V2_OVERFLOW, "v2 run of 2^32-1 LMBs of 2^40 bytes",
		  "/ibm,dynamic-reconfiguration-memory/ibm,dynamic-memory-v2: " },
		{ B_V1_WRAP, "v1 LMB ending at 2^64", "/ibm,dynamic-reconfiguration-memory/ibm,dynamic-memory: " },
		{ B_KEND_LEN, "3-byte linux,kernel-end",
		  "/chosen/linux,kernel-end: expected a 4- or 8-byte number (3 bytes)" },
		{ B_KEND_MISSING, "no linux,kernel-end", "/chosen/linux,kernel-end is missing" },
		{ B_NO_CHOSEN, "no /chosen", "has no /chosen node" },
		{ B_LIMIT_LEN, "2-byte linux,memory-limit", "linux,memory-limit: expected a 4- or 8-byte" },
		{ B_NO_MEMORY, "no memory at all", "describes no memory" },
		{ B_NO_ZERO, "no block at 0", "no memory block starts at address 0" },
		{ B_ADDR_CELLS3, "#address-cells 3", "#address-cells: only 1 or 2 cells are supported" },
		{ B_SIZE_CELLS0, "#size-cells 0", "#size-cells: only 1 or 2 cells are supported" },
		{ B_RTAS_SIZE_MISSING, "RTAS without rtas-size", "/rtas/rtas-size: missing" },
		{ B_RTAS_SIZE_LEN, "5-byte rtas-size", "/rtas/rtas-size: expected a 4- or 8-byte" },
		{ B_TCE_SIZE_MISSING, "linux,tce-base without linux,tce-size",
		  "/pci@800000020000000/linux,tce-size: missing" },
		{ B_RESMEM_CELLS, "/reserved-memory with #address-cells 3",
		  "/reserved-memory/#address-cells: only 1 or 2" },
		{ B_RESRANGES_LEN, "reserved-ranges of 12 bytes", "reserved-ranges: length is not a whole" },
		{ B_RESMEM_REG_LEN, "reserved-memory child reg of 12 bytes",
		  "/reserved-memory/fw@0/reg: length is not a whole" },
		/* Firmware ranges whose numbers are malformed must not be silently dropped:
		 * the range would then not be excluded, and a segment could land on it. */
		{ B_RTAS_BASE_LEN, "3-byte linux,rtas-base",
		  "/rtas/linux,rtas-base: expected a 4- or 8-byte number (3 bytes)" },
		{ B_OPAL_BASE_LEN, "7-byte opal-base-address",
		  "/ibm,opal/opal-base-address: expected a 4- or 8-byte number (7 bytes)" },
		{ B_OPAL_SIZE_MISSING, "opal-base-address without opal-runtime-size",
		  "/ibm,opal/opal-runtime-size: missing" },
		{ B_TCE_BASE_LEN, "3-byte linux,tce-base",
		  "/pci@800000020000000/linux,tce-base: expected a 4- or 8-byte number (3 bytes)" },
		{ B_CRASH_BASE_LEN, "6-byte linux,crashkernel-base",
		  "/chosen/linux,crashkernel-base: expected a 4- or 8-byte number (6 bytes)" },
		{ B_HTAB_BASE_LEN, "1-byte linux,htab-base",
		  "/chosen/linux,htab-base: expected a 4- or 8-byte number (1 bytes)" },
		/* As for LMBs ("an LMB set runs past the end of the address space"):
		 * a memory block that wraps past 2^64 is not memory to plan with. */
		{ B_REG_WRAP, "memory reg running past 2^64", "/memory@0/reg: " },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		void *fdt = bad_tree(cases[i].k);
		struct mres r = memmap(fdt);
		int one_line = r.err[0] && !strchr(r.err, '\n');

		CHECK_EQ_U64(r.rc, -EINVAL, "malformed: %s: -EINVAL", cases[i].what);
		CHECK(t_has(r.err, cases[i].msg) && one_line && !strncmp(r.err, "kexec: device tree T", 20),
		      "malformed: %s: one line \"%s\" (got \"%s\")", cases[i].what, cases[i].msg,
		      t_shown(r.err));
		if (r.rc < 0)
			CHECK(r.m.ram.v == NULL && r.m.excl.v == NULL && r.m.reserve.v == NULL,
			      "malformed: %s: nothing left allocated", cases[i].what);
		mres_free(&r);
		free(fdt);
	}
}

int main(void)
{
	CHECK_PROGRAM("memmap");
	plain();
	usable_memory();
	dynamic_v1();
	dynamic_v2();
	big(0);
	big(1);
	drconf_usable(1);
	drconf_usable(2);
	drconf_usable_bad();
	lmb_size_longer();
	memory_limit();
	iomem_bound();
	exclusions();
	console();
	cpus();
	malformed();
	return CHECK_DONE();
}
