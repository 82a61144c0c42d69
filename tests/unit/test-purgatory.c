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
#include "ppc64.h"
#include "purg-blob.h"
#include "hvsi.h"

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
	uint64_t se;
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
		if (i < P(secondary_entry) || i >= P(secondary_entry) + 8)
			zero &= b->bytes[i] == 0;
	CHECK(zero, "%s: every field the loader fills is zero in the image", o);
	/* The build's other field: where the secondaries enter, in the code. */
	se = t_ld(be, b->bytes + P(secondary_entry), 8);
	CHECK(se >= PURG_PARAMS_OFFSET + PURG_PARAMS_SIZE && se % 4 == 0 && se + 4 <= b->size,
	      "%s: secondary_entry 0x%llx is an instruction after the block", o, (unsigned long long)se);
	/*
	 * ABI: it starts as entry.S's RETURN_IN_OWN_ORDER: a no-op trap that the
	 * other byte order reads as "b .+8" ("tdi 0,0,0x48"), since the next
	 * kernel's hold loop branches there in the next kernel's order.
	 */
	CHECK_EQ_U64(t_ld(be, b->bytes + se, 4), 0x08000048, "%s: ... and starts with tdi 0,0,0x48", o);
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

			uint8_t d[32];

			kx_digest(s->buf, s->bufsz, d);
			CHECK(t_ld(be, r.img + R(i, start), 8) == s->mem && t_ld(be, r.img + R(i, len), 8) == s->bufsz &&
			      !memcmp(r.img + R(i, digest), d, 32),
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
		uint8_t d0[32];

		kx_digest(p.seg[2].buf, p.seg[2].bufsz, d);
		d[0] ^= 0xff;
		kx_digest(p.seg[0].buf, p.seg[0].bufsz, d0);
		CHECK(!memcmp(r.img + R(1, digest), d, 32) && !memcmp(r.img + R(0, digest), d0, 32),
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

	/*
	 * Segments in pieces (plan_digest's, set by hand here: this is the
	 * block, not the hashing): one region per piece, in order, up to the
	 * last of PURG_MAX_REGIONS, each with its own digest.
	 */
	memset(&p, 0, sizeof(p));
	p.page_size = 0x10000;
	plan_add(&p, ROLE_KERNEL, NULL, 63 * (4u << 20) - 5, 0, 63 * (4u << 20), NULL);
	plan_add(&p, ROLE_DTB, NULL, 0x800, 0xfd00000, 0x10000, NULL);
	p.piece_size = 4u << 20;
	p.block_shift = 16;
	p.seg[0].ndig = 63;
	p.seg[1].dig0 = 63;
	p.seg[1].ndig = 1;
	p.ndigest = 64;
	for (i = 0; i < 64; i++) {
		memset(p.digest[i], (int)i + 1, 32);
		p.zero_mask[i] = i * 0x0101010101010101ULL;
	}
	r = build(be, &p, &m, head, 1, 0, 0, 0);
	{
		int ok = r.rc == 0 && t_ld(be, r.img + P(nr_regions), 4) == PURG_MAX_REGIONS;

		for (i = 0; ok && i < 64; i++) {
			uint64_t start = i < 63 ? i * (4u << 20) : 0xfd00000;
			uint64_t len = i < 62 ? 4u << 20 : i == 62 ? (4u << 20) - 5 : 0x800;

			ok = t_ld(be, r.img + R(i, start), 8) == start && t_ld(be, r.img + R(i, len), 8) == len &&
			     r.img[R(i, digest)] == i + 1 && r.img[R(i, digest) + 31] == i + 1 &&
			     t_ld(be, r.img + R(i, zero_mask), 8) == i * 0x0101010101010101ULL &&
			     t_ld(be, r.img + R(i, block_shift), 4) == 16 && !t_ld(be, r.img + R(i, reserved), 4);
		}
		CHECK(ok && p.seg[0].verified && p.seg[1].verified,
		      "%s: 63 pieces of a kernel and a dtb: 64 regions, each a piece with its digest, "
		      "zero blocks and block size", o);
	}
	free(r.img);
	plan_free(&p);

	/* 15 segments in the RMA: 15 regions. */
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

/* ---- HVSI framing (include/hvsi.h, shared with the purgatory's console) ---------------- */

static void hvsi(void)
{
	uint8_t pkt[HVSI_HEADER + HVSI_MAX_DATA + 4];
	static const uint8_t want[] = { 0xff, 16, 0x12, 0x34, 'k', 'e', 'x', 'e', 'c', ' ',
					'p', 'u', 'r', 'g', 'a', 't' };
	size_t n;

	memset(pkt, 0xaa, sizeof(pkt));
	n = hvsi_frame(pkt, 0x1234, "kexec purgatory", 15);
	CHECK(n == 16 && !memcmp(pkt, want, 16) && pkt[16] == 0xaa,
	      "hvsi: 15 characters: one 16-byte data packet of the first 12 (0xff, length, "
	      "big-endian sequence number), nothing past it");
	n = hvsi_frame(pkt, 0xffff, "\n", 1);
	CHECK(n == 5 && pkt[0] == 0xff && pkt[1] == 5 && pkt[2] == 0xff && pkt[3] == 0xff && pkt[4] == '\n',
	      "hvsi: one character: a 5-byte packet");
}

/* Each console kind the loader finds becomes its flag, with its terminal. */
static void console_flags(int be)
{
	static const struct {
		enum ppc64_console c;
		uint32_t flag;
		const char *what;
	} cases[] = {
		{ CONSOLE_NONE, 0, "none" },
		{ CONSOLE_HVTERM, PURG_F_CONSOLE_HVTERM, "hvterm (raw)" },
		{ CONSOLE_HVSI, PURG_F_CONSOLE_HVSI, "HVSI (hvterm-protocol)" },
		{ CONSOLE_OPAL, PURG_F_CONSOLE_OPAL, "OPAL" },
	};
	uint8_t *head = filled(0x100, 0x55);
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ppc64_mem m;
		struct plan p;
		struct built r;

		memset(&m, 0, sizeof(m));
		m.console = cases[i].c;
		m.vtermno = cases[i].c == CONSOLE_OPAL ? 0 : 0x30000007;
		plan4(&p);
		r = build(be, &p, &m, head, 0, 0, 0, 0);
		CHECK(r.rc == 0 && (t_ld(be, r.img + P(flags), 4) &
				    (PURG_F_CONSOLE_HVTERM | PURG_F_CONSOLE_HVSI | PURG_F_CONSOLE_OPAL)) == cases[i].flag &&
		      t_ld(be, r.img + P(hvterm_vtermno), 8) == m.vtermno,
		      "%s: console %s: its flag alone, terminal 0x%llx", be ? "BE" : "LE", cases[i].what,
		      (unsigned long long)m.vtermno);
		if (r.rc == 0)
			free(r.img);
		plan_free(&p);
	}
	free(head);
}

/* ---- secondary CPUs: the next kernel's hold loop -------------------------------------- */

/*
 * Bytes 0x60.. of real kernels' heads (head_64.S: FIXUP_ENDIAN, then
 * __secondary_hold), as 32-bit values; a kernel stores them in its own byte
 * order.  Copied from Debian's 6.12 and 6.1 ppc64el vmlinux.
 */
static const uint32_t hold_612[] = {
	0x08000048, 0x4800002c, 0xa600607d, 0x01006b69, 0x00004039, 0x6401417d, 0x05009f42,
	0xa602487d, 0x14004a39, 0xa6035a7d, 0xa6037b7d, 0x2400004c,
	0x7f0000a6,	/* mfmsr r24 */
	0x63180002,	/* ori r24,r24,MSR_RI */
	0x7f000164,	/* mtmsrd r24 */
	0x7c781b78,	/* mr r24,r3 */
	0x7c992378,	/* mr r25,r4 */
	0xfb000040,	/* std r24,0x40(0): __secondary_hold_acknowledge */
	0x7c0004ac,	/* sync */
	0xe9800038,	/* ld r12,0x38(0): __secondary_hold_spinloop */
	0x2c2c0000,	/* cmpdi r12,0 */
	0x4182fff8,	/* beq .-8 */
	0x7d8903a6, 0x7f03c378, 0x38800000, 0x4c00012c, 0x4e800420,
};
static const uint32_t hold_61_tail[] = {
	0x3b400000,	/* li r26,0 */
	0xe99a0038,	/* ld r12,0x38(r26) */
	0x2c2c0000, 0x4182fff8, 0x7d8903a6, 0x7f03c378, 0x38800000, 0x4c00012c, 0x4e800420,
};

static void put_words(uint8_t *head, int be, size_t at, const uint32_t *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		bo32_st(be, head + at + 4 * i, w[i]);
}

/* A kernel head: 6.12's hold loop (or 6.1's with @v61), "run0" at 0x5c. */
static void make_head(uint8_t *head, int be, int v61)
{
	memset(head, 0, 0x100);
	bo32_st(be, head, 0x48000100);
	bo32_st(be, head + 0x5c, 0x72756e30);
	put_words(head, be, 0x60, hold_612, sizeof(hold_612) / 4);
	if (v61)	/* from the ld on: "li r26,0; ld r12,0x38(r26)" */
		put_words(head, be, 0x60 + 4 * 19, hold_61_tail, sizeof(hold_61_tail) / 4);
}

static void hold_words(int be)
{
	const char *o = be ? "BE" : "LE";
	uint8_t head[0x100];
	uint32_t spin = 0, ack = 0;
	static const struct {
		const char *what;
		size_t at;	/* word offset from 0x60 to patch, or a byte offset with bad_byte */
		uint32_t word;
	} bad[] = {
		{ "no hold loop (zeros)", 0, 0 },
		{ "spin load from a non-zero base", 19, 0xe98a0038 },		/* ld r12,0x38(r10) */
		{ "no cmpdi after the load", 20, 0x60000000 },
		{ "cmpdi of another register", 20, 0x2c2b0000 },
		{ "branch not back to the load", 21, 0x4182fff4 },
		{ "bne, not beq", 21, 0x4082fff8 },
		{ "ack stores a register that is not r3", 17, 0xfb200040 },	/* std r25 */
		{ "ack at 0 (over our branch)", 17, 0xfb000000 },
		{ "ack over __run_at_load", 17, 0xfb000058 },
		{ "ack not 8-aligned", 17, 0xfb000044 },
		{ "ack = spin word", 17, 0xfb000038 },
		{ "spin word past the head's data", 19, 0xe9800060 },
	};
	size_t i;

	make_head(head, be, 0);
	CHECK(ppc64_hold_words(head, be, &spin, &ack) == 0 && spin == 0x38 && ack == 0x40,
	      "%s: 6.12 __secondary_hold: spin 0x38, ack 0x40 (got 0x%x, 0x%x)", o, spin, ack);
	make_head(head, be, 1);
	spin = ack = 0;
	CHECK(ppc64_hold_words(head, be, &spin, &ack) == 0 && spin == 0x38 && ack == 0x40,
	      "%s: 6.1 __secondary_hold (li r26,0; ld r12,0x38(r26)): spin 0x38, ack 0x40", o);
	make_head(head, !be, 0);
	CHECK(ppc64_hold_words(head, be, &spin, &ack) == -ENOENT,
	      "%s: a head of the other byte order is not recognised", o);
	make_head(head, be, 0);
	bo64_st(be, head + 0x38, 0xc000000000001234ULL);
	CHECK(ppc64_hold_words(head, be, &spin, &ack) == -ENOENT,
	      "%s: refused: the spin word is not 0 in the image", o);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		make_head(head, be, 0);
		if (i == 0)
			memset(head + 0x60, 0, 0xa0);
		else
			bo32_st(be, head + 0x60 + 4 * bad[i].at, bad[i].word);
		CHECK(ppc64_hold_words(head, be, &spin, &ack) == -ENOENT, "%s: refused: %s", o, bad[i].what);
	}
}

/* The loader points the kernel's spin word at purg_secondary, or says why not. */
static void hold_build(int be, int kernel_be)
{
	const struct purgatory_blob *b = be ? &kx_purgatory_be : &kx_purgatory_le;
	char o[32];
	struct target t = { be, 0x10000, be ? "ppc64" : "ppc64le", 0 };
	struct ppc64_purg_args a;
	struct ppc64_mem m;
	uint8_t head[0x100];
	struct plan p;
	uint8_t *img;
	size_t len, i;
	uint64_t se;
	int rc, other;

	if (!b->bytes)
		return;
	snprintf(o, sizeof(o), "%s purgatory, %s kernel", be ? "BE" : "LE", kernel_be ? "BE" : "LE");
	se = t_ld(be, b->bytes + P(secondary_entry), 8);
	memset(&m, 0, sizeof(m));
	m.tb_freq = 0;
	memset(&a, 0, sizeof(a));
	a.target = &t;
	a.mem = &m;
	a.kernel_head = head;
	a.kernel_be = kernel_be;
	a.load_addr = 0x3fd70000;
	a.nr_secondaries = 3;
	make_head(head, kernel_be, 0);

	memset(&p, 0, sizeof(p));
	rc = ppc64_purgatory_build(&a, &p, &img, &len);
	CHECK(rc == 0, "%s: build", o);
	if (rc)
		return;
	CHECK(t_ld(kernel_be, img + 0x38, 8) == 0x3fd70000 + se,
	      "%s: the kernel's spin word (0x38) is purg_secondary's address, in the kernel's order", o);
	for (i = 4, other = 0; i < 0x100; i++)
		other += (i < 0x38 || i >= 0x40) && img[i] != head[i];
	CHECK(!other, "%s: every other byte of 0x04-0xff is the kernel's (the ack word too)", o);
	CHECK(t_ld(be, img + P(hold_spin), 2) == 0x38 && t_ld(be, img + P(hold_ack), 2) == 0x40 &&
	      t_ld(be, img + P(nr_secondaries), 4) == 3 && t_ld(be, img + P(tb_freq), 8) == PURG_TB_DEFAULT,
	      "%s: params: hold 0x38/0x40, 3 secondaries, 512 MHz timebase (none in the tree)", o);
	CHECK(!!(t_ld(be, img + P(flags), 4) & PURG_F_KERNEL_BE) == kernel_be, "%s: KERNEL_BE flag", o);
	CHECK_EQ_U64(p.nnotes, 0, "%s: no note", o);
	free(img);

	/* Nobody expected (1 CPU, OPAL, kdump): the head is the kernel's, untouched. */
	a.nr_secondaries = 0;
	m.tb_freq = 0x1234567;
	rc = ppc64_purgatory_build(&a, &p, &img, &len);
	CHECK(rc == 0 && !memcmp(img + 4, head + 4, 0xfc) && t_ld(be, img + P(hold_spin), 2) == 0 &&
	      t_ld(be, img + P(nr_secondaries), 4) == 0 && t_ld(be, img + P(tb_freq), 8) == 0x1234567 &&
	      p.nnotes == 0, "%s: no secondaries: head untouched, no hold words, the tree's timebase", o);
	if (rc == 0)
		free(img);

	/* Not recognised: untouched, a note says the purgatory only waits. */
	a.nr_secondaries = 1;
	bo32_st(kernel_be, head + 0x60 + 4 * 20, 0x60000000);
	rc = ppc64_purgatory_build(&a, &p, &img, &len);
	CHECK(rc == 0 && !memcmp(img + 4, head + 4, 0xfc) && t_ld(be, img + P(hold_spin), 2) == 0 &&
	      t_ld(be, img + P(nr_secondaries), 4) == 1 && p.nnotes == 1 &&
	      t_has(p.notes[0], "no __secondary_hold loop this kexec recognises") &&
	      t_has(p.notes[0], "the 1 other CPU leave the old kernel, and only waits 100 ms for it"),
	      "%s: unrecognised hold loop: head untouched, a note: %s", o, p.nnotes ? p.notes[0] : "none");
	if (rc == 0)
		free(img);
	plan_free(&p);
}

int main(void)
{
	CHECK_PROGRAM("purgatory");
	bytes_helpers();
	hvsi();
	blob(0);
	blob(1);
	fill(0);
	fill(1);
	console_flags(0);
	console_flags(1);
	hold_words(0);
	hold_words(1);
	hold_build(0, 0);
	hold_build(0, 1);
	hold_build(1, 1);
	hold_build(1, 0);
	return CHECK_DONE();
}
