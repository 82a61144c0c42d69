// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The purgatory ABI: the embedded images (both byte orders) carry the
 * parameter block where include/purgatory-abi.h says, in their own byte
 * order, behind a branch over it; ppc64_purgatory_build fills it field by
 * field (regions, digests, flags, console, backup) for what a plan holds.
 * Also include/bytes.h, which every such store goes through.
 */
#include <errno.h>
#include "bytes.h"
#include "check.h"
#include "tutil.h"
#include "purgatory-abi.h"
#include "arch/ppc64/ppc64.h"
#include "arch/ppc64/purg-blob.h"

#define P(f) (PURG_PARAMS_OFFSET + offsetof(struct purg_params, f))
#define R(i, f) (P(regions) + (i) * sizeof(struct purg_region) + offsetof(struct purg_region, f))

static void bytes_helpers(void)
{
	uint8_t b[8];

	be32_st(b, 0x01020304);
	CHECK(b[0] == 1 && b[3] == 4 && be32_ld(b) == 0x01020304 && le32_ld(b) == 0x04030201,
	      "be32_st / be32_ld / le32_ld");
	le64_st(b, 0x0102030405060708ULL);
	CHECK(b[0] == 8 && b[7] == 1 && le64_ld(b) == 0x0102030405060708ULL &&
	      be64_ld(b) == 0x0807060504030201ULL, "le64_st / le64_ld / be64_ld");
	bo64_st(1, b, 0xfedcba9876543210ULL);
	CHECK(b[0] == 0xfe && bo64_ld(1, b) == 0xfedcba9876543210ULL && bo64_ld(0, b) == 0x1032547698badcfeULL,
	      "bo64 in both orders");
	bo32_st(0, b + 1, 0xa1b2c3d4);	/* unaligned */
	CHECK(b[1] == 0xd4 && b[4] == 0xa1 && bo32_ld(0, b + 1) == 0xa1b2c3d4, "unaligned bo32");
	bo16_st(1, b + 3, 0xbeef);
	CHECK(b[3] == 0xbe && b[4] == 0xef && bo16_ld(1, b + 3) == 0xbeef && be16_ld(b + 3) == 0xbeef &&
	      le16_ld(b + 3) == 0xefbe, "bo16 / be16 / le16");
}

static void blob(int be)
{
	const struct purgatory_blob *b = be ? &kx_purgatory_be : &kx_purgatory_le;
	const char *o = be ? "BE" : "LE";
	uint32_t w0, target;
	size_t i;
	int zero = 1;

	CHECK(b->bytes != NULL, "%s purgatory is built in", o);
	if (!b->bytes)
		return;
	CHECK(b->size > PURG_PARAMS_OFFSET + PURG_PARAMS_SIZE && b->size < (1u << 20),
	      "%s: image size %zu holds the parameter block", o, b->size);
	CHECK(b->memsz >= b->size, "%s: memsz 0x%llx >= file size", o, b->memsz);
	CHECK_EQ_U64(t_ld(be, b->bytes + P(magic), 8), PURG_MAGIC, "%s: magic at 0x100 in %s order", o, o);
	CHECK_EQ_U64(t_ld(be, b->bytes + P(abi_version), 4), PURG_ABI_VERSION, "%s: ABI version", o);
	CHECK_EQ_U64(t_ld(be, b->bytes + P(image_memsz), 8), b->memsz, "%s: image_memsz = memsz", o);
	for (i = P(flags); i < P(flags) + 4; i++)
		zero &= b->bytes[i] == 0;
	for (i = P(kernel_entry); i < PURG_PARAMS_OFFSET + PURG_PARAMS_SIZE; i++)
		zero &= b->bytes[i] == 0;
	CHECK(zero, "%s: every field the loader fills is zero in the image", o);
	/* ABI: word 0 is "b <entry>" (opcode 18, AA=0, LK=0) jumping over the block. */
	w0 = (uint32_t)t_ld(be, b->bytes, 4);
	target = w0 & 0x03fffffc;
	CHECK((w0 >> 26) == 18 && (w0 & 3) == 0, "%s: word 0 is a relative branch (0x%08x)", o, w0);
	CHECK(target >= PURG_PARAMS_OFFSET + PURG_PARAMS_SIZE && target < b->size,
	      "%s: ... to 0x%x, past the parameter block and inside the image", o, target);
	/*
	 * ABI (head_64.S, OPAL entry): the kernel gets r8 = OPAL base and r9 =
	 * OPAL entry.  The code must load them from the block's fields, r8
	 * first (r9 holds the block's address until its own load), and both
	 * before the rfid into the kernel.
	 */
	{
		const uint32_t ld8 = 0xe8000000u | 8u << 21 | 9u << 16 | PURG_OFF_OPAL_BASE;
		const uint32_t ld9 = 0xe8000000u | 9u << 21 | 9u << 16 | PURG_OFF_OPAL_ENTRY;
		size_t at = 0, rfid = 0;

		for (i = PURG_PARAMS_OFFSET + PURG_PARAMS_SIZE; i + 8 <= b->size; i += 4) {
			if (!at && t_ld(be, b->bytes + i, 4) == ld8 && t_ld(be, b->bytes + i + 4, 4) == ld9)
				at = i;
			if (at && !rfid && t_ld(be, b->bytes + i, 4) == 0x4c000024)
				rfid = i;
		}
		CHECK(at && rfid > at && rfid - at < 32,
		      "%s: ld r8,opal_base(r9); ld r9,opal_entry(r9) just before the rfid into the kernel "
		      "(at 0x%zx, rfid at 0x%zx)", o, at, rfid);
	}
	{
		uint64_t f = 0, m = 0;
		struct target t = { be, 0x10000, be ? "ppc64" : "ppc64le", 0 };

		CHECK(ppc64_purgatory_size(&t, &f, &m) == 0 && f == b->size && m == b->memsz,
		      "%s: ppc64_purgatory_size", o);
	}
}

static uint8_t *filled(size_t n, uint8_t seed)
{
	uint8_t *p = malloc(n ? n : 1);
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(seed ^ (i * 11));
	return p;
}

struct built {
	uint8_t *img;
	size_t len;
	int rc;
};

static struct built build(int be, struct plan *p, const struct ppc64_mem *m, const uint8_t *head,
			  int verify, int verbose, int corrupt, uint64_t backup)
{
	struct target t = { be, 0x10000, be ? "ppc64" : "ppc64le", 0 };
	struct ppc64_purg_args a;
	struct built r;

	memset(&a, 0, sizeof(a));
	a.target = &t;
	a.mem = m;
	a.kernel_head = head;
	a.kernel_entry = 0x2000100;
	a.fdt_addr = 0x3000000;
	a.verify = verify;
	a.verbose = verbose;
	a.corrupt_index = corrupt;
	a.backup_dst = backup;
	a.rma_top = 0x10000000;
	r.rc = ppc64_purgatory_build(&a, p, &r.img, &r.len);
	return r;
}

static void plan4(struct plan *p)
{
	memset(p, 0, sizeof(*p));
	p->page_size = 0x10000;
	plan_add(p, ROLE_KERNEL, filled(0x3000, 1), 0x3000, 0x2000000, 0x10000, NULL);
	plan_add(p, ROLE_INITRD, filled(0x5000, 2), 0x5000, 0x20000000, 0x10000, NULL);	/* above RMA */
	plan_add(p, ROLE_DTB, filled(0x800, 3), 0x800, 0x3000000, 0x10000, NULL);
	plan_add(p, ROLE_BACKUP, NULL, 0, 0x4000000, 0x10000, NULL);			/* no bytes */
	plan_add(p, ROLE_ELFCOREHDR, filled(0x400, 4), 0x400, 0x10000000 - 0x400, 0x10000, NULL);
	plan_digest(p);
}

static void fill(int be)
{
	const struct purgatory_blob *b = be ? &kx_purgatory_be : &kx_purgatory_le;
	const char *o = be ? "BE" : "LE";
	uint8_t *head = filled(0x100, 0x77);
	struct ppc64_mem m;
	struct plan p;
	struct built r;
	size_t i;

	if (!b->bytes)
		return;
	memset(&m, 0, sizeof(m));
	m.console = CONSOLE_HVTERM;
	m.vtermno = 0x30000002;
	plan4(&p);
	r = build(be, &p, &m, head, 1, 0, 0, 0);
	CHECK(r.rc == 0 && r.len == b->size, "%s: build succeeds, image size %zu", o, r.len);
	if (r.rc) {
		plan_free(&p);
		free(head);
		return;
	}
	CHECK(!memcmp(r.img, b->bytes, 4) && !memcmp(r.img + 4, head + 4, 0xfc),
	      "%s: branch kept, 0x04-0xff from the kernel head", o);
	CHECK_EQ_U64(t_ld(be, r.img + P(magic), 8), PURG_MAGIC, "%s: magic untouched", o);
	CHECK_EQ_U64(t_ld(be, r.img + P(image_memsz), 8), b->memsz, "%s: image_memsz untouched", o);
	CHECK_EQ_U64(t_ld(be, r.img + P(kernel_entry), 8), 0x2000100, "%s: kernel_entry", o);
	CHECK_EQ_U64(t_ld(be, r.img + P(fdt), 8), 0x3000000, "%s: fdt", o);
	CHECK_EQ_U64(t_ld(be, r.img + P(flags), 4), PURG_F_VERIFY | PURG_F_CONSOLE_HVTERM, "%s: flags", o);
	CHECK_EQ_U64(t_ld(be, r.img + P(hvterm_vtermno), 8), 0x30000002, "%s: hvterm_vtermno", o);
	CHECK(!t_ld(be, r.img + P(opal_base), 8) && !t_ld(be, r.img + P(opal_entry), 8),
	      "%s: pseries (no OPAL): the kernel's r8 and r9 will be 0", o);
	CHECK_EQ_U64(t_ld(be, r.img + P(nr_regions), 4), 3,
		     "%s: 3 regions: kernel, dtb, core header (initrd above the RMA, backup empty)", o);
	{
		static const int idx[3] = { 0, 2, 4 };

		for (i = 0; i < 3; i++) {
			struct segment *s = &p.seg[idx[i]];

			CHECK(t_ld(be, r.img + R(i, start), 8) == s->mem && t_ld(be, r.img + R(i, len), 8) == s->bufsz &&
			      !memcmp(r.img + R(i, sha256), s->sha256, 32),
			      "%s: region %zu is the %s (start, length, digest)", o, i, role_name(s->role));
		}
	}
	CHECK(p.seg[0].verified && !p.seg[1].verified && p.seg[2].verified && !p.seg[3].verified &&
	      p.seg[4].verified, "%s: exactly the listed segments are marked verified", o);
	for (i = 3; i < PURG_MAX_REGIONS; i++)
		if (t_ld(be, r.img + R(i, start), 8) || t_ld(be, r.img + R(i, len), 8))
			break;
	CHECK(i == PURG_MAX_REGIONS, "%s: unused regions stay zero", o);
	CHECK(!t_ld(be, r.img + P(backup_src), 8) && !t_ld(be, r.img + P(backup_dst), 8) &&
	      !t_ld(be, r.img + P(backup_size), 8), "%s: no backup without a backup address", o);
	CHECK(!memcmp(r.img + PURG_PARAMS_OFFSET + PURG_PARAMS_SIZE,
		      b->bytes + PURG_PARAMS_OFFSET + PURG_PARAMS_SIZE,
		      b->size - PURG_PARAMS_OFFSET - PURG_PARAMS_SIZE), "%s: code after the block untouched", o);
	free(r.img);
	plan_free(&p);

	/* corrupt, verbose, OPAL console, backup */
	memset(&m, 0, sizeof(m));
	m.console = CONSOLE_OPAL;
	m.opal_base = 0x30000000;
	m.opal_entry = 0x30000100;
	m.opal_term = 1;
	plan4(&p);
	r = build(be, &p, &m, head, 1, 1, 2, 0x5000000);
	CHECK(r.rc == 0, "%s: build with options", o);
	if (r.rc == 0) {
		uint8_t d[32];

		CHECK_EQ_U64(t_ld(be, r.img + P(flags), 4),
			     PURG_F_VERIFY | PURG_F_CONSOLE_OPAL | PURG_F_VERBOSE | PURG_F_BACKUP, "%s: flags", o);
		CHECK(t_ld(be, r.img + P(opal_base), 8) == 0x30000000 && t_ld(be, r.img + P(opal_entry), 8) == 0x30000100 &&
		      t_ld(be, r.img + P(opal_term), 8) == 1 && t_ld(be, r.img + P(hvterm_vtermno), 8) == 0,
		      "%s: OPAL base, entry (the kernel's r8, r9) and terminal", o);
		CHECK(t_ld(be, r.img + P(backup_src), 8) == 0 && t_ld(be, r.img + P(backup_dst), 8) == 0x5000000 &&
		      t_ld(be, r.img + P(backup_size), 8) == 0x10000, "%s: backup 0 -> 0x5000000, 64 KiB", o);
		memcpy(d, p.seg[2].sha256, 32);
		d[0] ^= 0xff;
		CHECK(!memcmp(r.img + R(1, sha256), d, 32) && !memcmp(r.img + R(0, sha256), p.seg[0].sha256, 32),
		      "%s: --test-corrupt-segment=1 spoils region 1's digest only", o);
		free(r.img);
	}
	plan_free(&p);

	/* -i: no regions, nothing verified */
	plan4(&p);
	r = build(be, &p, &m, head, 0, 0, 0, 0);
	CHECK(r.rc == 0 && t_ld(be, r.img + P(nr_regions), 4) == 0 && !(t_ld(be, r.img + P(flags), 4) & PURG_F_VERIFY),
	      "%s: verify off: no regions, no VERIFY flag", o);
	for (i = 0; i < p.nseg; i++)
		if (p.seg[i].verified)
			break;
	CHECK(i == p.nseg, "%s: verify off: no segment marked verified", o);
	free(r.img);
	plan_free(&p);

	/* 15 segments in the RMA: 15 regions (the most a plan can need). */
	memset(&p, 0, sizeof(p));
	p.page_size = 0x10000;
	for (i = 0; i < 15; i++)
		plan_add(&p, ROLE_ELFCOREHDR, filled(0x100, (uint8_t)i), 0x100, 0x1000000 + i * 0x10000, 0x10000, NULL);
	plan_digest(&p);
	r = build(be, &p, &m, head, 1, 0, 0, 0);
	CHECK(r.rc == 0 && t_ld(be, r.img + P(nr_regions), 4) == 15 &&
	      t_ld(be, r.img + R(14, start), 8) == 0x1000000 + 14 * 0x10000, "%s: 15 regions", o);
	free(r.img);
	plan_free(&p);
	free(head);
}

int main(void)
{
	CHECK_PROGRAM("purgatory");
	bytes_helpers();
	blob(0);
	blob(1);
	fill(0);
	fill(1);
	return CHECK_DONE();
}
