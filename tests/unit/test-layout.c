// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * layout.c with nexttree.c and purgatory-params.c, end to end for kexec -l: a
 * synthetic kernel and a synthetic pseries tree go in, a finalized plan
 * comes out.  Checked: where each segment lands and why, the next kernel's
 * tree inside the plan, and the purgatory's parameter block read back in
 * the target's byte order (ppc64le and ppc64), region by region.
 */
#include <errno.h>
#include "check.h"
#include "layoutrun.h"
#include "dt.h"
#include "fdtbuild.h"
#include "purgatory-abi.h"
#include "ppc64.h"
#include "purg-blob.h"

#define PG 0x10000ULL

static uint64_t ld64(int be, const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | p[be ? i : 7 - i];
	return v;
}

static uint32_t ld32(int be, const uint8_t *p)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < 4; i++)
		v = v << 8 | p[be ? i : 3 - i];
	return v;
}

static uint64_t up(uint64_t v, uint64_t a)
{
	return (v + a - 1) / a * a;
}

/* ---- inputs ------------------------------------------------------------------ */

struct sys {
	uint64_t rma, ram_top, kernel_end;
	int rtas, hvterm;
	uint64_t old_initrd_start, old_initrd_end;	/* the running kernel's initrd, if any */
};

/* The running system's tree: memory@0 is the RMA, one more block above it. */
static void *live_tree(const struct sys *s)
{
	struct fb b;

	fb_start(&b, 8192);
	fb_u32(&b, "#address-cells", 2);
	fb_u32(&b, "#size-cells", 2);
	fb_node(&b, "chosen");
	fb_str(&b, "bootargs", "BOOT_IMAGE=/old root=/dev/old");
	fb_u64(&b, "linux,kernel-end", s->kernel_end);
	if (s->hvterm)
		fb_str(&b, "linux,stdout-path", "/vdevice/vty@30000000");
	if (s->old_initrd_end) {
		fb_u64(&b, "linux,initrd-start", s->old_initrd_start);
		fb_u64(&b, "linux,initrd-end", s->old_initrd_end);
	}
	fb_end(&b);
	fb_node(&b, "memory@0");
	fb_str(&b, "device_type", "memory");
	fb_reg(&b, "reg", 2, 2, 1, 0ULL, s->rma);
	fb_end(&b);
	fb_nodef(&b, "memory@%llx", (unsigned long long)s->rma);
	fb_str(&b, "device_type", "memory");
	fb_reg(&b, "reg", 2, 2, 1, s->rma, s->ram_top - s->rma);
	fb_end(&b);
	if (s->rtas) {
		fb_node(&b, "rtas");
		fb_u32(&b, "linux,rtas-base", (uint32_t)(s->rma - 0x10000));
		fb_u32(&b, "rtas-size", 0x10000);
		fb_end(&b);
	}
	fb_node(&b, "vdevice");
	fb_node(&b, "vty@30000000");
	fb_str(&b, "compatible", "hvterm1");
	fb_u32(&b, "reg", 0x30000000);
	fb_end(&b);
	fb_end(&b);
	return fb_finish(&b);
}

struct env {
	/* inputs */
	struct sys sys;
	int target_be, kernel_be;
	uint64_t kmemsz, kbufsz, kalign, entry_off, page_size;
	size_t initrd_len;		/* 0: none */
	size_t initrd_zeros;		/* instead: this many zero bytes */
	int no_checks, verbose, corrupt;
	int reuse_initrd, rma_scarce;
	uint64_t mem_min, mem_max;
	/* made */
	struct blob given;		/* the request's initrd bytes (the plan borrows them) */
	void *fdt;
	struct ppc64_mem mem;
	struct target t;
	struct opts o;
	uint8_t *kcopy, *initrd;
	struct plan p;
	int rc;
	char *err;
};

static void env_defaults(struct env *e, int target_be)
{
	memset(e, 0, sizeof(*e));
	e->sys.rma = 0x10000000;
	e->sys.ram_top = 0x40000000;
	e->sys.kernel_end = 0x1d2c000;
	e->sys.rtas = 1;
	e->sys.hvterm = 1;
	e->target_be = target_be;
	e->kernel_be = target_be;
	e->kmemsz = 0x200000;
	e->kbufsz = 0x180000;
	e->kalign = 0x10000;
	e->page_size = PG;
}

static int run(struct env *e)
{
	struct kernel_image k;
	struct ppc64_layout_req a;
	struct crash_notes notes;
	struct t_capture cap;
	uint64_t i;
	int rc;

	memset(&a, 0, sizeof(a));
	e->fdt = live_tree(&e->sys);
	t_capture_start(&cap, 2);
	rc = ppc64_memmap(e->fdt, "T", NULL, &e->mem);
	if (rc == 0) {
		memset(&e->o, 0, sizeof(e->o));
		e->o.sysroot = "";
		e->o.dry_run = 1;
		e->o.arch = e->target_be ? "ppc64" : "ppc64le";
		e->o.page_size = e->page_size;
		rc = target_init(&e->o, &e->t);
	}
	/* The initrd's bytes as the prepare step would have read them: no file. */
	if (e->initrd_len) {
		e->initrd = malloc(e->initrd_len);
		for (i = 0; i < e->initrd_len; i++)
			e->initrd[i] = (uint8_t)(i * 3 + 1);
		a.initrd.data = malloc(e->initrd_len);
		memcpy(a.initrd.data, e->initrd, e->initrd_len);
		a.initrd.len = e->initrd_len;
	} else if (e->initrd_zeros) {
		a.initrd.data = calloc(1, e->initrd_zeros);
		a.initrd.len = e->initrd_zeros;
	}
	a.initrd_file = a.initrd.len ? "/boot/initrd.img" : NULL;
	memset(&k, 0, sizeof(k));
	k.bufsz = e->kbufsz;
	k.memsz = e->kmemsz;
	k.align = e->kalign;
	k.entry_off = e->entry_off;
	k.big_endian = e->kernel_be;
	k.run_at_load_marker = 1;
	k.buf = malloc(k.bufsz);
	for (i = 0; i < k.bufsz; i++)
		k.buf[i] = (uint8_t)(i * 7 + (i >> 8) + 5);
	e->kcopy = malloc(k.bufsz);
	memcpy(e->kcopy, k.buf, k.bufsz);
	memset(&notes, 0, sizeof(notes));
	a.target = &e->t;
	a.base_fdt = e->fdt;
	a.free_base = 1;	/* as kexec asks: the sanitizers catch a leak or a double free on every path */
	a.shown = "T";
	a.mem = &e->mem;
	a.kernel_file = "/boot/vmlinux";
	a.cmdline = "root=/dev/sda2 quiet";
	a.verify = !e->no_checks;
	a.digests = 1;
	a.verbose_purgatory = e->verbose;
	a.test_corrupt = e->corrupt;
	a.mem_min = e->mem_min;
	a.mem_max = e->mem_max;
	a.reuse_initrd = e->reuse_initrd;
	a.notes = &notes;
	a.rma_scarce = e->rma_scarce;
	if (rc == 0) {
		rc = t_layout(&a, &k, KEXEC_ARCH_PPC64, &e->p);
		e->fdt = NULL;	/* the layout's now */
	}
	e->given = a.initrd;	/* freed after the plan, which borrows it (as in kexec) */
	e->err = t_chomp(t_capture_end(&cap));
	kernel_image_free(&k);
	e->rc = rc;
	return rc;
}

static void env_free(struct env *e)
{
	plan_free(&e->p);
	blob_free(&e->given);
	ppc64_mem_free(&e->mem);
	free(e->fdt);
	free(e->kcopy);
	free(e->initrd);
	free(e->err);
}

static struct segment *seg(struct env *e, enum seg_role r)
{
	return plan_find(&e->p, r);
}

static const struct purgatory_blob *blob(int be)
{
	return be ? &kx_purgatory_be : &kx_purgatory_le;
}

/* ---- shared checks ---------------------------------------------------------------- */

/* Sorted, aligned, disjoint, and the tree and purgatory say what the plan says. */
static void check_plan(struct env *e, const char *tag)
{
	int be = e->target_be, rsv_ok = 0, i, n;
	struct segment *ks = seg(e, ROLE_KERNEL), *ds = seg(e, ROLE_DTB), *ps = seg(e, ROLE_PURGATORY);
	struct segment *is = seg(e, ROLE_INITRD);
	const struct purgatory_blob *b = blob(be);
	const uint8_t *pp;
	uint64_t pg = e->t.page_size;
	size_t j, nverified = 0;
	uint32_t flags, nreg, want_flags;
	const void *v;
	int len;

	CHECK(ks && ds && ps, "%s: kernel, dtb and purgatory segments", tag);
	if (!ks || !ds || !ps)
		return;
	for (j = 0; j < e->p.nseg; j++) {
		struct segment *s = &e->p.seg[j];

		CHECK(!(s->mem % pg) && !(s->memsz % pg) && s->bufsz <= s->memsz,
		      "%s: %s at 0x%llx+0x%llx is page aligned and holds its bytes", tag, role_name(s->role),
		      (unsigned long long)s->mem, (unsigned long long)s->memsz);
		if (j)
			CHECK(e->p.seg[j - 1].mem + e->p.seg[j - 1].memsz <= s->mem,
			      "%s: %s and %s are sorted and disjoint", tag, role_name(e->p.seg[j - 1].role),
			      role_name(s->role));
		CHECK(s->mem >= e->mem_min && (!e->mem_max || s->mem + s->memsz <= e->mem_max),
		      "%s: %s inside --mem-min/--mem-max", tag, role_name(s->role));
		{
			/* Its pieces tile its bytes, each digest of its own piece. */
			uint8_t d[32];
			uint64_t at = 0, off, plen;
			uint32_t q;
			int ok = s->ndig >= 1;

			for (q = 0; ok && q < s->ndig; q++) {
				off = plan_piece_off(&e->p, s, q);
				plen = plan_piece_len(&e->p, s, q);
				ok = off == at && plen <= s->bufsz - off &&
				     (q + 1 == s->ndig ? off + plen == s->bufsz : plen == e->p.piece_size);
				kx_digest(s->buf + off, (size_t)plen, d);
				ok = ok && !memcmp(d, e->p.digest[s->dig0 + q], 32);
				at = off + plen;
			}
			CHECK(ok, "%s: %s's %u digests are of its bytes, in pieces of 0x%llx", tag,
			      role_name(s->role), s->ndig, (unsigned long long)e->p.piece_size);
		}
	}
	/* kernel */
	CHECK(ks->bufsz == e->kbufsz && !memcmp(ks->buf, e->kcopy, e->kbufsz),
	      "%s: the kernel segment holds the kernel's bytes", tag);
	CHECK_EQ_U64(ks->memsz, up(e->kmemsz, pg), "%s: kernel memsz is its footprint, page aligned", tag);
	CHECK_EQ_U64(e->p.kernel_entry, ks->mem + e->entry_off, "%s: kernel entry", tag);
	CHECK_EQ_U64(e->p.entry, ps->mem, "%s: the entry is the purgatory", tag);
	CHECK_EQ_U64(e->p.fdt_addr, ds->mem, "%s: fdt address is the dtb segment", tag);
	CHECK(ds->mem >= up(e->kmemsz, pg) && (!is || is->mem >= up(e->kmemsz, pg)),
	      "%s: dtb and initrd clear of [0, kernel size) which the kernel overwrites", tag);
	CHECK(ds->mem + ds->memsz <= e->mem.rma_top && ps->mem + ps->memsz <= e->mem.rma_top &&
	      ks->mem + ks->memsz <= e->mem.rma_top, "%s: kernel, dtb and purgatory inside the RMA", tag);
	CHECK(e->p.cmdline && !strcmp(e->p.cmdline, "root=/dev/sda2 quiet"), "%s: the plan's command line",
	      tag);

	/* the next kernel's tree */
	CHECK_EQ_U64(fdt_check_full(ds->buf, ds->bufsz), 0, "%s: the dtb segment is a valid tree", tag);
	CHECK_EQ_U64(fdt_totalsize(ds->buf), ds->bufsz, "%s: ... packed to its size", tag);
	v = dt_getprop(ds->buf, "/chosen", "bootargs", &len);
	CHECK(v && !strcmp(v, "root=/dev/sda2 quiet"), "%s: /chosen/bootargs is the command line", tag);
	CHECK(!dt_getprop(ds->buf, "/chosen", "linux,kernel-end", NULL), "%s: linux,kernel-end removed", tag);
	n = fdt_num_mem_rsv(ds->buf);
	for (i = 0; i < n; i++) {
		uint64_t a, s;

		fdt_get_mem_rsv(ds->buf, i, &a, &s);
		rsv_ok += a == ds->mem && s == ds->memsz;
		CHECK(a < (1ULL << 53), "%s: reserve entry %d (0x%llx) is a physical address, not a placeholder", tag, i,
		      (unsigned long long)a);
	}
	CHECK_EQ_U64(rsv_ok, 1, "%s: the tree reserves itself exactly once", tag);
	if (is) {
		int ok = 0;

		v = dt_getprop(ds->buf, "/chosen", "linux,initrd-start", &len);
		CHECK(v && len == 8 && ld64(1, v) == is->mem, "%s: linux,initrd-start = initrd segment", tag);
		v = dt_getprop(ds->buf, "/chosen", "linux,initrd-end", &len);
		CHECK(v && len == 8 && ld64(1, v) == is->mem + e->initrd_len, "%s: linux,initrd-end", tag);
		for (i = 0; i < n; i++) {
			uint64_t a, s;

			fdt_get_mem_rsv(ds->buf, i, &a, &s);
			ok += a == is->mem && s == e->initrd_len;
		}
		CHECK_EQ_U64(ok, 1, "%s: initrd reserved", tag);
		CHECK(is->bufsz == e->initrd_len && !memcmp(is->buf, e->initrd, e->initrd_len),
		      "%s: initrd bytes", tag);
	} else {
		CHECK(!dt_getprop(ds->buf, "/chosen", "linux,initrd-start", NULL), "%s: no initrd properties", tag);
	}
	if (e->sys.rtas) {
		int ok = 0;

		for (i = 0; i < n; i++) {
			uint64_t a, s;

			fdt_get_mem_rsv(ds->buf, i, &a, &s);
			ok += a == e->sys.rma - 0x10000 && s == 0x10000;
		}
		CHECK_EQ_U64(ok, 1, "%s: RTAS reserved for the next kernel", tag);
	}

	/* the purgatory */
	CHECK(b->bytes != NULL, "%s: this build has the %s purgatory", tag, be ? "BE" : "LE");
	if (!b->bytes)
		return;
	CHECK_EQ_U64(ps->bufsz, b->size, "%s: purgatory segment is the whole image", tag);
	CHECK_EQ_U64(ps->memsz, up(b->memsz, pg), "%s: purgatory memsz includes its bss", tag);
	CHECK(!memcmp(ps->buf, b->bytes, 4), "%s: purgatory word 0 (the master's branch) kept", tag);
	CHECK(!memcmp(ps->buf + 4, ks->buf + e->entry_off + 4, PURG_HEAD_COPY - 4),
	      "%s: purgatory bytes 4..0xff are the kernel's (at its entry)", tag);
	pp = ps->buf + PURG_PARAMS_OFFSET;
	CHECK_EQ_U64(ld64(be, pp + offsetof(struct purg_params, magic)), PURG_MAGIC,
		     "%s: params magic in %s order", tag, be ? "big-endian" : "little-endian");
	CHECK_EQ_U64(ld32(be, pp + offsetof(struct purg_params, abi_version)), PURG_ABI_VERSION,
		     "%s: params ABI version", tag);
	CHECK_EQ_U64(ld64(be, pp + offsetof(struct purg_params, image_memsz)), b->memsz,
		     "%s: params image_memsz", tag);
	CHECK_EQ_U64(ld64(be, pp + offsetof(struct purg_params, kernel_entry)), e->p.kernel_entry,
		     "%s: params kernel_entry", tag);
	CHECK_EQ_U64(ld64(be, pp + offsetof(struct purg_params, fdt)), ds->mem, "%s: params fdt", tag);
	flags = ld32(be, pp + offsetof(struct purg_params, flags));
	want_flags = (e->no_checks ? 0 : PURG_F_VERIFY) | (e->sys.hvterm ? PURG_F_CONSOLE_HVTERM : 0) |
		     (e->verbose ? PURG_F_VERBOSE : 0) | (e->kernel_be ? PURG_F_KERNEL_BE : 0);
	CHECK_EQ_U64(flags, want_flags, "%s: params flags", tag);
	CHECK_EQ_U64(ld64(be, pp + offsetof(struct purg_params, hvterm_vtermno)),
		     e->sys.hvterm ? 0x30000000 : 0, "%s: params hvterm_vtermno", tag);
	CHECK(ld64(be, pp + offsetof(struct purg_params, backup_src)) == 0 &&
	      ld64(be, pp + offsetof(struct purg_params, backup_dst)) == 0 &&
	      ld64(be, pp + offsetof(struct purg_params, backup_size)) == 0, "%s: no backup for -l", tag);
	CHECK(ld32(be, pp + offsetof(struct purg_params, boot_cpu)) == 0, "%s: boot_cpu zero", tag);
	/* No /cpus in these trees: no secondaries expected, POWER's architected timebase. */
	CHECK(ld64(be, pp + offsetof(struct purg_params, tb_freq)) == PURG_TB_DEFAULT &&
	      ld32(be, pp + offsetof(struct purg_params, nr_secondaries)) == 0 &&
	      ld32(be, pp + offsetof(struct purg_params, hold_spin)) == 0,
	      "%s: 512 MHz timebase, no secondaries, hold words untouched", tag);
	nreg = ld32(be, pp + offsetof(struct purg_params, nr_regions));
	for (j = 0; j < e->p.nseg; j++) {
		struct segment *s = &e->p.seg[j];
		int expect = !e->no_checks && s->role != ROLE_PURGATORY && s->mem + s->bufsz <= e->mem.rma_top;

		CHECK_EQ_U64(s->verified, expect, "%s: %s %s re-checked by the purgatory", tag,
			     role_name(s->role), expect ? "is" : "is not");
		/* Pieces of piece_size bytes, the last one shorter. */
		if (s->verified && e->p.piece_size)
			nverified += (s->bufsz + e->p.piece_size - 1) / e->p.piece_size;
	}
	CHECK_EQ_U64(nreg, nverified, "%s: params nr_regions = the verified segments' pieces", tag);
	for (j = 0; j < nreg && j < PURG_MAX_REGIONS; j++) {
		const uint8_t *r = pp + offsetof(struct purg_params, regions) + j * sizeof(struct purg_region);
		uint64_t start = ld64(be, r + offsetof(struct purg_region, start));
		uint64_t rlen = ld64(be, r + offsetof(struct purg_region, len));
		size_t k;
		int found = 0;

		for (k = 0; k < e->p.nseg; k++) {
			struct segment *s = &e->p.seg[k];
			uint8_t want[32];

			if (start < s->mem || start >= s->mem + s->bufsz)
				continue;
			found = 1;
			/* Independent of the plan's digests: of the segment's own bytes. */
			kx_digest(s->buf + (start - s->mem), (size_t)(rlen <= s->bufsz - (start - s->mem) ?
								   rlen : 0), want);
			if (e->corrupt == (int)j + 1)
				want[0] ^= 0xff;
			CHECK(s->verified && rlen <= s->bufsz - (start - s->mem) &&
			      (rlen == s->bufsz || rlen == e->p.piece_size ||
			       start + rlen == s->mem + s->bufsz) &&
			      (start - s->mem) % (e->p.piece_size ? e->p.piece_size : 1) == 0 &&
			      !memcmp(r + offsetof(struct purg_region, digest), want, 32),
			      "%s: region %zu = %s 0x%llx+0x%llx, a piece of it, with its digest%s", tag, j,
			      role_name(s->role), (unsigned long long)start, (unsigned long long)rlen,
			      e->corrupt == (int)j + 1 ? " (spoilt on purpose)" : "");
		}
		CHECK(found, "%s: region %zu starts at a segment (0x%llx)", tag, j, (unsigned long long)start);
	}
	/* After the parameter block the image is the blob's, untouched. */
	CHECK(!memcmp(ps->buf + PURG_PARAMS_OFFSET + PURG_PARAMS_SIZE, b->bytes + PURG_PARAMS_OFFSET +
		      PURG_PARAMS_SIZE, b->size - PURG_PARAMS_OFFSET - PURG_PARAMS_SIZE),
	      "%s: purgatory code and data after the parameters are the blob's", tag);
}

/* ---- scenarios ---------------------------------------------------------------------------- */

static void normal(int be)
{
	struct env e;
	const char *tag = be ? "ppc64 + initrd" : "ppc64le + initrd";
	uint64_t purg, initrd_at, dtb_at;

	env_defaults(&e, be);
	e.initrd_len = 0x123456;
	run(&e);
	CHECK(e.rc == 0, "%s: layout succeeds (%s)", tag, t_shown(e.err));
	if (e.rc == 0) {
		CHECK_EQ_U64(e.p.nseg, 4, "%s: four segments", tag);
		CHECK(e.p.seg[0].role == ROLE_KERNEL && e.p.seg[1].role == ROLE_DTB &&
		      e.p.seg[2].role == ROLE_PURGATORY && e.p.seg[3].role == ROLE_INITRD,
		      "%s: in address order kernel, dtb, purgatory, initrd", tag);
		CHECK_EQ_U64(seg(&e, ROLE_KERNEL)->mem, 0x1d30000,
			     "%s: kernel at the first 64K boundary above linux,kernel-end 0x1d2c000", tag);
		/* -l: every piece as low as it fits, the real-mode pieces before the initrd. */
		dtb_at = 0x1d30000 + seg(&e, ROLE_KERNEL)->memsz;
		CHECK_EQ_U64(seg(&e, ROLE_DTB)->mem, dtb_at, "%s: dtb right above the kernel", tag);
		purg = dtb_at + seg(&e, ROLE_DTB)->memsz;
		CHECK_EQ_U64(seg(&e, ROLE_PURGATORY)->mem, purg, "%s: purgatory right above the dtb", tag);
		initrd_at = purg + up(blob(be)->memsz, PG);
		CHECK_EQ_U64(seg(&e, ROLE_INITRD)->mem, initrd_at,
			     "%s: initrd right above the purgatory, in the RMA", tag);
		CHECK_EQ_U64(e.p.nnotes, 0, "%s: no notes", tag);
		CHECK(seg(&e, ROLE_INITRD)->buf == e.given.data && seg(&e, ROLE_INITRD)->borrowed &&
		      seg(&e, ROLE_INITRD)->bufsz == e.initrd_len &&
		      !memcmp(seg(&e, ROLE_INITRD)->buf, e.initrd, e.initrd_len),
		      "%s: the initrd segment is the request's bytes, borrowed, unchanged", tag);
		check_plan(&e, tag);
	}
	env_free(&e);
}

static void no_initrd(int target_be, int kernel_be)
{
	struct env e;
	char tag[64];

	snprintf(tag, sizeof(tag), "%s target, %s kernel", target_be ? "BE" : "LE", kernel_be ? "BE" : "LE");
	env_defaults(&e, target_be);
	e.kernel_be = kernel_be;
	e.entry_off = 0x10000;	/* entry not at the start: the head comes from the entry */
	e.kbufsz = 0x30000;
	run(&e);
	CHECK(e.rc == 0, "%s: layout succeeds (%s)", tag, t_shown(e.err));
	if (e.rc == 0) {
		CHECK_EQ_U64(e.p.nseg, 3, "%s: three segments", tag);
		CHECK_EQ_U64(seg(&e, ROLE_DTB)->mem, seg(&e, ROLE_KERNEL)->mem + seg(&e, ROLE_KERNEL)->memsz,
			     "%s: dtb right above the kernel", tag);
		check_plan(&e, tag);
	}
	env_free(&e);
}

static void flags(int be)
{
	struct env e;

	env_defaults(&e, be);
	e.no_checks = 1;
	e.initrd_len = 5000;
	run(&e);
	CHECK(e.rc == 0, "-i: layout succeeds (%s)", t_shown(e.err));
	if (e.rc == 0) {
		CHECK(e.p.nnotes == 1 && t_has(e.p.notes[0], "-i: the purgatory will not verify"),
		      "-i: a note says so");
		check_plan(&e, be ? "-i (ppc64)" : "-i (ppc64le)");
	}
	env_free(&e);

	env_defaults(&e, be);
	e.verbose = 1;
	e.corrupt = 2;		/* --test-corrupt-segment=1 */
	e.sys.hvterm = 0;
	e.initrd_len = 5000;
	run(&e);
	CHECK(e.rc == 0, "verbose+corrupt: layout succeeds (%s)", t_shown(e.err));
	if (e.rc == 0)
		check_plan(&e, be ? "verbose, corrupt 1, no console (ppc64)" :
				    "verbose, corrupt 1, no console (ppc64le)");
	env_free(&e);
}

/* The RMA is too small for the initrd: it goes above, unverified, with a note. */
static void big_initrd(int be)
{
	struct env e;
	const char *tag = be ? "initrd above the RMA (ppc64)" : "initrd above the RMA (ppc64le)";

	env_defaults(&e, be);
	e.sys.rma = 0x2000000;		/* 32 MiB */
	e.sys.ram_top = 0x10000000;
	e.sys.kernel_end = 0x1000000;
	e.sys.rtas = 0;
	e.initrd_len = (20u << 20) + 1;
	run(&e);
	CHECK(e.rc == 0, "%s: layout succeeds (%s)", tag, t_shown(e.err));
	if (e.rc == 0) {
		struct segment *is = seg(&e, ROLE_INITRD);

		CHECK_EQ_U64(is->mem, 0x2000000, "%s: the initrd goes lowest above the RMA", tag);
		CHECK(is->verified == 0, "%s: ... and is not verified", tag);
		CHECK(e.p.nnotes == 1 && t_has(e.p.notes[0], "does not fit in the RMA below 0x2000000") &&
		      t_has(e.p.notes[0], "cannot re-check"), "%s: a note explains it (%s)", tag,
		      e.p.nnotes ? e.p.notes[0] : "none");
		CHECK(seg(&e, ROLE_DTB)->mem < 0x2000000 && seg(&e, ROLE_PURGATORY)->mem < 0x2000000,
		      "%s: dtb and purgatory stay in the RMA", tag);
		check_plan(&e, tag);
	}
	env_free(&e);
}

/*
 * Issue 7 at the layout level: the RMA window above --mem-min leaves, after
 * the 2 MiB kernel, exactly the initrd's 16 pages.  Placed first, the initrd
 * took them and the device tree found no room; now the real-mode pieces
 * come first and the initrd goes above the RMA, with a note.
 */
static void crowded_rma(int be)
{
	struct env e;
	const char *tag = be ? "crowded RMA (ppc64)" : "crowded RMA (ppc64le)";

	env_defaults(&e, be);
	e.mem_min = 0x0fff0000 - 0x300000;	/* 32 kernel pages + 16 */
	e.initrd_len = 0x100000;
	run(&e);
	CHECK(e.rc == 0, "%s: layout succeeds (%s)", tag, t_shown(e.err));
	if (e.rc == 0) {
		CHECK(seg(&e, ROLE_DTB)->mem >= e.mem_min && seg(&e, ROLE_PURGATORY)->mem >= e.mem_min &&
		      seg(&e, ROLE_DTB)->mem + seg(&e, ROLE_DTB)->memsz <= 0x0fff0000,
		      "%s: dtb and purgatory in the RMA window, below RTAS", tag);
		CHECK_EQ_U64(seg(&e, ROLE_INITRD)->mem, 0x10000000, "%s: the initrd lowest above the RMA", tag);
		CHECK(e.p.nnotes == 1 && t_has(e.p.notes[0], "does not fit in the RMA below 0x10000000"),
		      "%s: a note says why (%s)", tag, e.p.nnotes ? e.p.notes[0] : "none");
		check_plan(&e, tag);
	}
	env_free(&e);
}

/* A 40 MiB initrd in a 256 MiB RMA: above it when the RMA is scarce (hash MMU under a hypervisor). */
static void scarce_rma(void)
{
	struct env e;
	int scarce;

	for (scarce = 0; scarce <= 1; scarce++) {
		const char *tag = scarce ? "scarce RMA, 40 MiB initrd" : "radix, 40 MiB initrd";

		env_defaults(&e, 0);
		e.rma_scarce = scarce;
		e.initrd_len = 40u << 20;
		run(&e);
		CHECK(e.rc == 0, "%s: layout succeeds (%s)", tag, t_shown(e.err));
		if (e.rc == 0) {
			uint64_t at = seg(&e, ROLE_INITRD)->mem;

			CHECK(scarce ? at == 0x10000000 : at + (40u << 20) <= 0x10000000,
			      "%s: the initrd %s (0x%llx)", tag, scarce ? "lowest above the RMA" : "in the RMA",
			      (unsigned long long)at);
			CHECK(scarce ? e.p.nnotes == 1 && t_has(e.p.notes[0], "over 1/8 of the 256 MiB RMA") &&
				       t_has(e.p.notes[0], "hash-MMU") : e.p.nnotes == 0,
			      "%s: %s (%s)", tag, scarce ? "a note gives the reason" : "no note",
			      e.p.nnotes ? e.p.notes[0] : "none");
			check_plan(&e, tag);
		}
		env_free(&e);
	}
}

/*
 * --reuseinitrd keeps the running kernel's initrd where it is; with -l the
 * next kernel copies itself to 0 and clears its .bss before reading it, so
 * one inside [0, the next kernel's memory size) is refused, naming both.
 */
static void reuse_initrd(void)
{
	struct env e;

	env_defaults(&e, 0);
	e.kmemsz = 0x4000000;		/* 64 MiB with .bss */
	e.sys.old_initrd_start = 0x3000000;
	e.sys.old_initrd_end = 0x3400000;
	e.reuse_initrd = 1;
	run(&e);
	CHECK(e.rc == -EINVAL && t_lines(e.err) == 0 &&
	      t_has(e.err, "--reuseinitrd: the running kernel's initrd 0x3000000-0x3400000 lies inside "
			   "0x0-0x4000000, which the next kernel (/boot/vmlinux) overwrites") &&
	      t_has(e.err, "--initrd"), "--reuseinitrd inside [0, memsz): refused in one line (%s)",
	      t_shown(e.err));
	CHECK_EQ_U64(e.p.nseg, 0, "... and nothing planned");
	env_free(&e);

	/* Straddling the end of the kernel's footprint is inside too. */
	env_defaults(&e, 0);
	e.kmemsz = 0x4000000;
	e.sys.old_initrd_start = 0x3ff0000;
	e.sys.old_initrd_end = 0x4400000;
	e.reuse_initrd = 1;
	run(&e);
	CHECK(e.rc == -EINVAL && t_has(e.err, "0x3ff0000-0x4400000 lies inside 0x0-0x4000000"),
	      "--reuseinitrd straddling memsz: refused (%s)", t_shown(e.err));
	env_free(&e);

	/* Starting right at the next kernel's end: kept, and nothing lands on it. */
	env_defaults(&e, 0);
	e.kmemsz = 0x4000000;
	e.sys.old_initrd_start = 0x4000000;
	e.sys.old_initrd_end = 0x4400000;
	e.reuse_initrd = 1;
	run(&e);
	CHECK(e.rc == 0, "--reuseinitrd at memsz: kept (%s)", t_shown(e.err));
	if (e.rc == 0) {
		struct segment *ds = seg(&e, ROLE_DTB);
		const void *v;
		int len;
		size_t j;

		CHECK(!seg(&e, ROLE_INITRD), "--reuseinitrd at memsz: no initrd segment");
		v = dt_getprop(ds->buf, "/chosen", "linux,initrd-start", &len);
		CHECK(v && len == 8 && ld64(1, v) == 0x4000000, "--reuseinitrd at memsz: initrd-start names it");
		CHECK(has_rsv(ds->buf, 0x4000000, 0x400000) == 1, "--reuseinitrd at memsz: reserved");
		for (j = 0; j < e.p.nseg; j++)
			CHECK(e.p.seg[j].mem >= 0x4400000 || e.p.seg[j].mem + e.p.seg[j].memsz <= 0x4000000,
			      "--reuseinitrd at memsz: %s clear of it", role_name(e.p.seg[j].role));
	}
	env_free(&e);
}

static void bounds(void)
{
	struct env e;

	env_defaults(&e, 0);
	e.mem_min = 0x4000000;
	e.mem_max = 0x8000000;
	e.initrd_len = 0x20000;
	run(&e);
	CHECK(e.rc == 0, "mem-min/max: layout succeeds (%s)", t_shown(e.err));
	if (e.rc == 0) {
		CHECK_EQ_U64(seg(&e, ROLE_KERNEL)->mem, 0x4000000, "mem-min/max: kernel at --mem-min");
		CHECK_EQ_U64(seg(&e, ROLE_DTB)->mem, 0x4000000 + seg(&e, ROLE_KERNEL)->memsz,
			     "mem-min/max: the dtb right above the kernel");
		CHECK_EQ_U64(seg(&e, ROLE_PURGATORY)->mem + seg(&e, ROLE_PURGATORY)->memsz,
			     seg(&e, ROLE_INITRD)->mem, "mem-min/max: the initrd starts where the purgatory ends");
		CHECK(seg(&e, ROLE_INITRD)->mem + 0x20000 <= 0x8000000, "mem-min/max: all below --mem-max");
		check_plan(&e, "mem-min/max");
	}
	env_free(&e);

	/* 4 KiB pages */
	env_defaults(&e, 1);
	e.page_size = 4096;
	e.kalign = 0;
	e.sys.kernel_end = 0x1d2c000;
	e.initrd_len = 0x1001;
	run(&e);
	CHECK(e.rc == 0, "4K pages: layout succeeds (%s)", t_shown(e.err));
	if (e.rc == 0) {
		CHECK_EQ_U64(seg(&e, ROLE_KERNEL)->mem, 0x1d2c000, "4K pages: kernel right at linux,kernel-end");
		CHECK_EQ_U64(seg(&e, ROLE_INITRD)->memsz, 0x2000, "4K pages: initrd memsz 2 pages");
		check_plan(&e, "4K pages");
	}
	env_free(&e);
}

static void no_room(void)
{
	struct env e;

	env_defaults(&e, 0);
	e.kmemsz = 0x10000000;
	e.kbufsz = 0x1000;
	run(&e);
	CHECK_EQ_U64(e.rc, -ENOSPC, "a 256 MiB kernel in a 256 MiB RMA: -ENOSPC");
	CHECK(t_has(e.err, "the kernel needs 256 MiB (0x10000000) in the RMA") &&
	      t_has(e.err, "largest free piece") && t_lines(e.err) == 0,
	      "... one line with the numbers (%s)", t_shown(e.err));
	CHECK_EQ_U64(e.p.nseg, 0, "... and no segment left in the plan");
	env_free(&e);

	env_defaults(&e, 0);
	e.mem_min = 0x20000000;
	run(&e);
	CHECK_EQ_U64(e.rc, -ENOSPC, "--mem-min above the RMA: -ENOSPC");
	CHECK(t_has(e.err, "the kernel needs"), "... naming the kernel (%s)", t_shown(e.err));
	env_free(&e);

	env_defaults(&e, 1);
	e.sys.rma = 0x2000000;
	e.sys.ram_top = 0x4000000;
	e.sys.kernel_end = 0x1000000;
	e.initrd_zeros = 40u << 20;	/* fits RAM (64 MiB), but no free range */
	run(&e);
	CHECK(e.rc == -ENOSPC && t_has(e.err, "the initrd needs"),
	      "an initrd that fits no free range: -ENOSPC (%d: %s)", e.rc, t_shown(e.err));
	env_free(&e);
}

int main(void)
{
	CHECK_PROGRAM("layout");
	normal(0);
	normal(1);
	no_initrd(0, 0);
	no_initrd(0, 1);
	no_initrd(1, 0);
	no_initrd(1, 1);
	flags(0);
	flags(1);
	big_initrd(0);
	big_initrd(1);
	bounds();
	crowded_rma(0);
	crowded_rma(1);
	scarce_rma();
	reuse_initrd();
	no_room();
	return CHECK_DONE();
}
