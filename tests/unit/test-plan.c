// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * plan.c and plan-dump.c: adding segments (at most 16), page rounding,
 * digests, the checks of plan_finalize (alignment, bufsz <= memsz, overlap,
 * wrap-around) with their messages, sorting, notes, the printed plan, and
 * --dump-dir's plan.json and segment files, byte for byte.
 */
#include <errno.h>
#include <sys/mman.h>
#include "check.h"
#include "plan.h"
#include "prehash.h"
#include "tutil.h"

static uint8_t *bytes(size_t n, uint8_t seed)
{
	uint8_t *b = malloc(n ? n : 1);
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = (uint8_t)(seed + i * 13);
	return b;
}

static void init(struct plan *p, uint64_t pg)
{
	memset(p, 0, sizeof(*p));
	p->arch = "ppc64le";
	p->page_size = pg;
	p->flags = 0x150000;
}

static int finalize(struct plan *p, char **err)
{
	struct t_capture c;
	int rc;

	t_capture_start(&c, 2);
	rc = plan_finalize(p);
	*err = t_chomp(t_capture_end(&c));
	return rc;
}

static void adding(void)
{
	struct plan p;
	struct t_capture c;
	char *err;
	int i, rc;

	init(&p, 0x10000);
	CHECK_EQ_U64(plan_add(&p, ROLE_KERNEL, bytes(0x1234, 1), 0x1234, 0x100000, 0x5000, "/boot/vmlinux"),
		     0, "plan_add kernel");
	CHECK_EQ_U64(p.seg[0].memsz, 0x10000, "memsz rounded up to the 64K page");
	CHECK_EQ_U64(p.seg[0].bufsz, 0x1234, "bufsz kept");
	CHECK_STR(p.seg[0].source, "/boot/vmlinux", "source kept");
	CHECK(p.seg[0].verified == 0, "not verified until the purgatory says so");
	CHECK_EQ_U64(plan_add(&p, ROLE_INITRD, bytes(0x30000, 2), 0x30000, 0x200000, 0x1000, NULL), 0,
		     "plan_add with memsz < bufsz");
	CHECK_EQ_U64(p.seg[1].memsz, 0x30000, "memsz grows to cover bufsz");
	CHECK(p.seg[1].source == NULL, "NULL source stays NULL");
	CHECK_EQ_U64(plan_add(&p, ROLE_BACKUP, NULL, 0, 0x300000, 0x10000, NULL), 0,
		     "a segment without bytes (backup)");
	CHECK_EQ_U64(p.seg[2].memsz, 0x10000, "... keeps its memsz");
	{
		char longsrc[5000];

		/* The plan keeps the caller's string (an option's, which outlives it): never cut. */
		memset(longsrc, 's', sizeof(longsrc) - 1);
		longsrc[sizeof(longsrc) - 1] = 0;
		plan_add(&p, ROLE_DTB, bytes(16, 3), 16, 0x400000, 16, longsrc);
		CHECK(p.seg[3].source == longsrc, "a long source is kept whole (the caller's string)");
	}
	rc = 0;
	for (i = 4; i < KX_MAX_SEGMENTS; i++)
		rc |= plan_add(&p, ROLE_ELFCOREHDR, bytes(8, (uint8_t)i), 8, 0x1000000 + i * 0x10000ULL, 8,
			       NULL);
	CHECK(rc == 0 && p.nseg == 16, "16 segments are accepted");
	t_capture_start(&c, 2);
	rc = plan_add(&p, ROLE_PURGATORY, bytes(100, 9), 100, 0x9000000, 100, NULL);
	err = t_chomp(t_capture_end(&c));
	CHECK_EQ_U64(rc, -E2BIG, "the 17th segment is refused with -E2BIG (its buffer freed)");
	CHECK_STR(err, "kexec: cannot add the purgatory segment: the kernel accepts at most 16 segments",
		  "... with a message naming it");
	CHECK_EQ_U64(p.nseg, 16, "... and the plan keeps 16");
	free(err);
	CHECK(plan_find(&p, ROLE_INITRD) == &p.seg[1], "plan_find initrd");
	CHECK(plan_find(&p, ROLE_PURGATORY) == NULL, "plan_find of an absent role");
	CHECK(plan_find(&p, ROLE_ELFCOREHDR) == &p.seg[4], "plan_find returns the first of a role");
	plan_free(&p);
	CHECK(p.nseg == 0 && p.cmdline == NULL, "plan_free resets the plan");
}

static void roles_and_notes(void)
{
	struct plan p;
	int i;

	CHECK_STR(role_name(ROLE_KERNEL), "kernel", "role kernel");
	CHECK_STR(role_name(ROLE_INITRD), "initrd", "role initrd");
	CHECK_STR(role_name(ROLE_DTB), "dtb", "role dtb");
	CHECK_STR(role_name(ROLE_PURGATORY), "purgatory", "role purgatory");
	CHECK_STR(role_name(ROLE_ELFCOREHDR), "elfcorehdr", "role elfcorehdr");
	CHECK_STR(role_name(ROLE_BACKUP), "backup", "role backup");
	CHECK_STR(role_name((enum seg_role)99), "?", "unknown role");
	init(&p, 4096);
	for (i = 0; i < KX_MAX_NOTES + 5; i++)
		plan_note(&p, "note %d of %s", i, "many");
	CHECK_EQ_U64(p.nnotes, KX_MAX_NOTES, "notes stop at %d", KX_MAX_NOTES);
	CHECK_STR(p.notes[3], "note 3 of many", "a note is formatted");
	{
		char big[400];

		memset(big, 'n', sizeof(big) - 1);
		big[sizeof(big) - 1] = 0;
		p.nnotes = 0;
		plan_note(&p, "%s", big);
		CHECK_EQ_U64(strlen(p.notes[0]), sizeof(p.notes[0]) - 1, "a long note is cut");
	}
	plan_free(&p);
}

static void checks(void)
{
	struct plan p;
	char *err;
	int rc;

	/* Sorting and a clean plan. */
	init(&p, 0x10000);
	plan_add(&p, ROLE_PURGATORY, bytes(100, 1), 100, 0xff0000, 0x10000, NULL);
	plan_add(&p, ROLE_KERNEL, bytes(100, 2), 100, 0x1d30000, 0x1000000, NULL);
	plan_add(&p, ROLE_DTB, bytes(100, 3), 100, 0xfe0000, 0x10000, NULL);
	plan_add(&p, ROLE_INITRD, bytes(100, 4), 100, 0x4000000, 0x10000, NULL);
	rc = finalize(&p, &err);
	CHECK(rc == 0 && !err[0], "a good plan finalizes silently (%s)", err);
	free(err);
	CHECK(p.seg[0].role == ROLE_DTB && p.seg[1].role == ROLE_PURGATORY && p.seg[2].role == ROLE_KERNEL &&
	      p.seg[3].role == ROLE_INITRD, "segments sorted by address");
	CHECK(p.seg[0].buf[0] == 3 && p.seg[2].buf[0] == 2, "buffers travel with their segments");
	plan_free(&p);

	/* Touching segments are fine. */
	init(&p, 0x1000);
	plan_add(&p, ROLE_KERNEL, bytes(10, 1), 10, 0x1000, 0x1000, NULL);
	plan_add(&p, ROLE_DTB, bytes(10, 1), 10, 0x2000, 0x1000, NULL);
	rc = finalize(&p, &err);
	CHECK(rc == 0, "touching segments finalize (%s)", err);
	free(err);
	plan_free(&p);

	/* Misaligned address. */
	init(&p, 0x10000);
	plan_add(&p, ROLE_KERNEL, bytes(10, 1), 10, 0x1d31000, 0x10000, NULL);
	rc = finalize(&p, &err);
	CHECK_EQ_U64(rc, -EINVAL, "a segment at 0x1d31000 with 64K pages is refused");
	CHECK_STR(err, "kexec: kernel segment 0x1d31000+0x10000 is not aligned to the 65536-byte page size",
		  "... naming it");
	free(err);
	plan_free(&p);

	/* Misaligned memsz (set behind plan_add's back). */
	init(&p, 0x10000);
	plan_add(&p, ROLE_DTB, bytes(10, 1), 10, 0x100000, 0x10000, NULL);
	p.seg[0].memsz = 0x8000;
	rc = finalize(&p, &err);
	CHECK(rc == -EINVAL && t_has(err, "dtb segment 0x100000+0x8000 is not aligned"),
	      "a 32K memsz with 64K pages is refused (%s)", err);
	free(err);
	plan_free(&p);

	/* bufsz > memsz. */
	init(&p, 0x1000);
	plan_add(&p, ROLE_INITRD, bytes(0x3000, 1), 0x3000, 0x100000, 0x3000, NULL);
	p.seg[0].memsz = 0x2000;
	rc = finalize(&p, &err);
	CHECK_EQ_U64(rc, -EINVAL, "bufsz > memsz is refused");
	CHECK_STR(err, "kexec: initrd segment at 0x100000: 12288 bytes do not fit in 0x2000", "... naming it");
	free(err);
	plan_free(&p);

	/* Wrap-around at the top. */
	init(&p, 0x1000);
	plan_add(&p, ROLE_KERNEL, bytes(10, 1), 10, 0xffffffffffff0000ULL, 0x20000, NULL);
	rc = finalize(&p, &err);
	CHECK(rc == -EINVAL && t_has(err, "kernel segment at 0xffffffffffff0000"),
	      "a segment wrapping past 2^64 is refused (%s)", err);
	free(err);
	plan_free(&p);

	/* Overlap, listed out of order. */
	init(&p, 0x10000);
	plan_add(&p, ROLE_INITRD, bytes(10, 1), 10, 0x2000000, 0x20000, NULL);
	plan_add(&p, ROLE_KERNEL, bytes(10, 1), 10, 0x1000000, 0x1010000, NULL);
	rc = finalize(&p, &err);
	CHECK_EQ_U64(rc, -EINVAL, "overlapping segments are refused");
	CHECK_STR(err, "kexec: initrd segment 0x2000000-0x2020000 overlaps kernel segment 0x1000000-0x2010000",
		  "... naming both");
	free(err);
	plan_free(&p);

	/* One big segment containing a later one that is not adjacent in the list. */
	init(&p, 0x1000);
	plan_add(&p, ROLE_KERNEL, bytes(10, 1), 10, 0x0, 0x100000, NULL);
	plan_add(&p, ROLE_DTB, bytes(10, 1), 10, 0x200000, 0x1000, NULL);
	plan_add(&p, ROLE_INITRD, bytes(10, 1), 10, 0x80000, 0x1000, NULL);
	rc = finalize(&p, &err);
	CHECK(rc == -EINVAL && t_has(err, "initrd segment 0x80000-0x81000 overlaps kernel"),
	      "a segment inside another is refused (%s)", err);
	free(err);
	plan_free(&p);

	/* Same address twice. */
	init(&p, 0x1000);
	plan_add(&p, ROLE_KERNEL, bytes(10, 1), 10, 0x5000, 0x1000, NULL);
	plan_add(&p, ROLE_DTB, bytes(10, 1), 10, 0x5000, 0x1000, NULL);
	rc = finalize(&p, &err);
	CHECK(rc == -EINVAL && t_has(err, "overlaps"), "two segments at one address are refused (%s)", err);
	free(err);
	plan_free(&p);

	/* An empty plan is fine. */
	init(&p, 0x1000);
	rc = finalize(&p, &err);
	CHECK(rc == 0, "an empty plan finalizes");
	free(err);
	plan_free(&p);
}

static void hex(const uint8_t *d, char *out)
{
	int i;

	for (i = 0; i < 32; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static void digests_print_dump(void)
{
	char *dir = t_mkdtemp("plan"), *json, *want, *err, *printed, h[3][65];
	struct t_capture c;
	struct plan p;
	uint8_t d[32];
	size_t i, len;
	int rc;

	init(&p, 0x10000);
	plan_add(&p, ROLE_PURGATORY, bytes(0x1b80, 7), 0x1b80, 0xfe00000, 0x10000, NULL);
	plan_add(&p, ROLE_KERNEL, bytes(0x20000, 5), 0x20000, 0x1d30000, 0x30000, "/boot/vmlinux");
	plan_add(&p, ROLE_BACKUP, NULL, 0, 0x10000000, 0x10000, NULL);
	plan_digest(&p);
	kx_digest(p.seg[1].buf, 0x20000, d);
	CHECK(p.seg[1].ndig == 1 && !memcmp(d, p.digest[p.seg[1].dig0], 32),
	      "plan_digest: the digest of a small segment's bytes, in one piece");
	kx_digest("", 0, d);
	CHECK(p.seg[2].ndig == 1 && !memcmp(d, p.digest[p.seg[2].dig0], 32),
	      "plan_digest: an empty segment has one piece, with the empty digest");
	CHECK_EQ_U64(p.piece_size, KX_PIECE_MIN, "plan_digest: small segments, the smallest pieces");
	p.seg[1].verified = 1;
	p.entry = 0xfe00000;
	p.kernel_entry = 0x1d30000;
	p.fdt_addr = 0xfd00000;
	p.cmdline = strdup("root=\"LABEL=a b\" c:\\d \x01 end");
	snprintf(p.kernel_desc, sizeof(p.kernel_desc), "ELF64 little-endian PowerPC64");
	plan_note(&p, "a \"quoted\" note");
	rc = finalize(&p, &err);
	free(err);
	CHECK(rc == 0, "dump plan finalizes");
	for (i = 0; i < 3; i++)
		hex(p.digest[p.seg[i].dig0], h[i]);

	t_capture_start(&c, 1);
	plan_print(&p, stdout);
	printed = t_capture_end(&c);
	CHECK(t_has(printed, "kexec plan: ppc64le, kexec_load, flags 0x150000, page size 65536\n"),
	      "plan_print: the header line");
	CHECK(t_has(printed, "kernel image: ELF64 little-endian PowerPC64\n"), "plan_print: kernel line");
	CHECK(t_has(printed, t_fmt("segment 1: purgatory  0x000000000fe00000-0x000000000fe10000     64 KiB"
				   "  blake2b %s (not re-checked)\n", h[1])),
	      "plan_print: a segment line");
	CHECK(t_has(printed, t_fmt("segment 0: kernel     0x0000000001d30000-0x0000000001d60000    192 KiB"
				   "  blake2b %s  /boot/vmlinux\n", h[0])),
	      "plan_print: a verified segment with its source");
	CHECK(t_has(printed, "entry: 0xfe00000 (purgatory)\nkernel entry: 0x1d30000, device tree: 0xfd00000\n"),
	      "plan_print: entries");
	CHECK(t_has(printed, "command line (27 bytes): root=\"LABEL=a b\" c:\\d \x01 end\n"),
	      "plan_print: the command line with its length");
	CHECK(t_has(printed, "note: a \"quoted\" note\n"), "plan_print: notes");
	free(printed);

	rc = plan_dump(&p, t_fmt("%s/out", dir));
	CHECK_EQ_U64(rc, 0, "plan_dump into a new directory");
	json = t_slurp(t_fmt("%s/out/plan.json", dir), NULL);
	if (asprintf(&want,
		     "{\n"
		     "  \"arch\": \"ppc64le\",\n"
		     "  \"syscall\": \"kexec_load\",\n"
		     "  \"flags\": \"0x150000\",\n"
		     "  \"page_size\": \"0x10000\",\n"
		     "  \"entry\": \"0xfe00000\",\n"
		     "  \"kernel_entry\": \"0x1d30000\",\n"
		     "  \"fdt\": \"0xfd00000\",\n"
		     "  \"cmdline\": \"root=\\\"LABEL=a b\\\" c:\\\\d \\u0001 end\",\n"
		     "  \"segments\": [\n"
		     "    {\"index\": 0, \"role\": \"kernel\", \"mem\": \"0x1d30000\", \"memsz\": \"0x30000\", "
		     "\"bufsz\": \"0x20000\", \"digests\": [{\"offset\": \"0x0\", \"len\": \"0x20000\", \"blake2b\": \"%s\", \"zero_mask\": \"0x0\", \"block\": \"0x10000\"}], \"verified\": true, \"file\": \"segment-0-kernel.bin\"},\n"
		     "    {\"index\": 1, \"role\": \"purgatory\", \"mem\": \"0xfe00000\", \"memsz\": \"0x10000\", "
		     "\"bufsz\": \"0x1b80\", \"digests\": [{\"offset\": \"0x0\", \"len\": \"0x1b80\", \"blake2b\": \"%s\", \"zero_mask\": \"0x0\", \"block\": \"0x10000\"}], \"verified\": false, \"file\": \"segment-1-purgatory.bin\"},\n"
		     "    {\"index\": 2, \"role\": \"backup\", \"mem\": \"0x10000000\", \"memsz\": \"0x10000\", "
		     "\"bufsz\": \"0x0\", \"digests\": [{\"offset\": \"0x0\", \"len\": \"0x0\", \"blake2b\": \"%s\", \"zero_mask\": \"0x0\", \"block\": \"0x10000\"}], \"verified\": false, \"file\": \"segment-2-backup.bin\"}\n"
		     "  ],\n"
		     "  \"notes\": [\n"
		     "    \"a \\\"quoted\\\" note\"\n"
		     "  ]\n"
		     "}\n", h[0], h[1], h[2]) < 0)
		exit(99);
	CHECK_STR(json, want, "plan.json: every key and value, exactly");
	free(json);
	free(want);
	for (i = 0; i < 3; i++) {
		char *f = t_slurp(t_fmt("%s/out/segment-%zu-%s.bin", dir, i, role_name(p.seg[i].role)), &len);

		CHECK(f && len == p.seg[i].bufsz && (!len || !memcmp(f, p.seg[i].buf, len)),
		      "segment-%zu-%s.bin holds the segment's bytes", i, role_name(p.seg[i].role));
		free(f);
	}
	/* Again into the same directory: overwritten, identical. */
	CHECK_EQ_U64(plan_dump(&p, t_fmt("%s/out", dir)), 0, "plan_dump into an existing directory");
	/* No notes: an empty array. */
	p.nnotes = 0;
	plan_dump(&p, t_fmt("%s/out", dir));
	json = t_slurp(t_fmt("%s/out/plan.json", dir), NULL);
	CHECK(json && t_has(json, "\n  ],\n  \"notes\": []\n}\n"), "plan.json without notes ends with []");
	free(json);
	/* A directory that cannot be created. */
	t_capture_start(&c, 2);
	rc = plan_dump(&p, t_fmt("%s/missing/deeper", dir));
	err = t_capture_end(&c);
	CHECK(rc == -ENOENT && t_has(err, "cannot create dump directory"), "plan_dump: unreachable directory");
	free(err);
	plan_free(&p);
	t_rmtree(dir);
}

/*
 * Segments larger than a piece: digests of consecutive pieces of piece_size
 * bytes (the last shorter), each checked here against the bytes it covers;
 * and the piece size doubles until the pieces fit the purgatory's regions.
 */
static void digests_in_pieces(void)
{
	const size_t big = 9 * (1u << 20) + 0x123, four = 4u << 20;
	const size_t huge = 260u << 20;	/* 65 pieces of 4 MiB: one too many with another segment */
	struct t_capture c;
	struct plan p;
	uint8_t d[32], *zero;
	char *printed, h[65];
	uint32_t j;
	int ok;

	init(&p, 0x10000);
	plan_add(&p, ROLE_KERNEL, bytes(big, 3), big, 0x1000000, big, "/boot/vmlinux");
	plan_add(&p, ROLE_INITRD, bytes(four, 9), four, 0x4000000, four, "/boot/initrd");
	p.seg[0].buf[four + 7] ^= 1;	/* the pattern repeats: pieces 0 and 1 must differ */
	plan_digest(&p);
	CHECK(p.piece_size == four && p.seg[0].ndig == 3 && p.seg[1].ndig == 1 && p.ndigest == 4,
	      "plan_digest: 9 MiB + 0x123 bytes in 3 pieces of 4 MiB, exactly 4 MiB in 1");
	for (ok = 1, j = 0; j < 3; j++) {
		size_t off = j * four, len = j < 2 ? four : big - 2 * four;

		ok = ok && plan_piece_off(&p, &p.seg[0], j) == off && plan_piece_len(&p, &p.seg[0], j) == len;
		kx_digest(p.seg[0].buf + off, len, d);
		ok = ok && !memcmp(d, p.digest[p.seg[0].dig0 + j], 32);
	}
	CHECK(ok, "plan_digest: each piece's digest is of its own bytes, the last piece shorter");
	t_capture_start(&c, 1);
	plan_print(&p, stdout);
	printed = t_capture_end(&c);
	hex(p.digest[p.seg[0].dig0 + 2], h);
	CHECK(t_has(printed, "  blake2b of 3 pieces of 4 MiB (not re-checked)  /boot/vmlinux\n") &&
	      t_has(printed, t_fmt("  piece  2: +0x000800000      1 MiB  blake2b %s\n", h)),
	      "plan_print: a segment in pieces, then one line per piece");
	free(printed);
	plan_free(&p);

	zero = mmap(NULL, huge, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (zero == MAP_FAILED)
		exit(99);
	init(&p, 0x10000);
	plan_add_borrowed(&p, ROLE_INITRD, zero, huge, 0x10000000, huge, NULL);
	plan_add(&p, ROLE_KERNEL, bytes(0x20000, 1), 0x20000, 0x1000000, 0x20000, NULL);
	plan_digest(&p);
	CHECK(p.piece_size == 2 * four && p.seg[0].ndig == 33 && p.ndigest == 34,
	      "plan_digest: 260 MiB and one more segment would be 66 pieces of 4 MiB: 34 of 8 MiB");
	/* All zeros: every block is marked, and nothing is left to hash. */
	kx_digest("", 0, d);
	for (ok = p.block_shift == 17, j = 0; j < 32; j++)
		ok = ok && !memcmp(d, p.digest[p.seg[0].dig0 + j], 32) && p.zero_mask[p.seg[0].dig0 + j] == ~0ULL;
	CHECK(ok && !memcmp(d, p.digest[p.seg[0].dig0 + 32], 32) && p.zero_mask[p.seg[0].dig0 + 32] == 0xffffffffULL,
	      "plan_digest: 32 pieces of 8 MiB and a last one of 4 MiB, all zeros: 64 and 32 zero blocks "
	      "of 128 KiB, the digest of nothing");
	CHECK(p.zero_mask[p.seg[1].dig0] == 0, "plan_digest: a piece with no zero block has no bit set");
	plan_free(&p);
	munmap(zero, huge);
}

/*
 * A plan of the kernel @k (@big bytes) and initrd @r (@four bytes) digested
 * with @pool as its records hashed ahead: whether its records are @a's.
 */
static int same_with_pool(const struct plan *a, struct prehash *pool, uint8_t *k, size_t big,
			  uint8_t *r, size_t four)
{
	struct plan c;
	uint32_t j;
	int same;

	init(&c, 0x10000);
	plan_add_borrowed(&c, ROLE_KERNEL, k, big, 0x1000000, big, NULL);
	plan_add_borrowed(&c, ROLE_INITRD, r, four, 0x4000000, four, NULL);
	c.pre = pool;
	plan_digest(&c);
	same = c.ndigest == a->ndigest;
	for (j = 0; same && j < a->ndigest; j++)
		same = a->zero_mask[j] == c.zero_mask[j] && !memcmp(a->digest[j], c.digest[j], 32);
	plan_free(&c);
	return same;
}

/*
 * Records hashed ahead (prehash.h) are the records plan_digest makes itself:
 * the same plan with and without them, every hashed-ahead piece taken, also
 * when the workers started before any piece came (as load.c starts them);
 * none taken when the plan cuts other pieces; and finish is safe twice and
 * on an unused one.
 */
static void hashed_ahead(void)
{
	const size_t big = 9 * (1u << 20) + 0x123, four = 4u << 20;
	struct prehash *h = calloc(1, sizeof(*h)), idle;
	struct plan a, b;
	uint8_t *k = bytes(big, 3), *r = bytes(four, 9);
	int same = 1;
	uint32_t j;

	memset(k + four + 0x10000, 0, 0x30000);	/* zero blocks in the second piece */
	init(&a, 0x10000);
	plan_add(&a, ROLE_KERNEL, k, big, 0x1000000, big, NULL);
	plan_add(&a, ROLE_INITRD, r, four, 0x4000000, four, NULL);
	plan_digest(&a);
	prehash_run(h, 2);	/* nothing queued yet: the workers wait for it */
	prehash_add(h, k, big, four, plan_block_shift(four));
	prehash_add(h, r, four, four, plan_block_shift(four));
	prehash_finish(h);
	prehash_finish(h);
	prehash_add(h, r, four, four, plan_block_shift(four));
	CHECK(h->n == 4, "prehash: nothing is queued after finish (%zu)", h->n);
	init(&b, 0x10000);
	plan_add_borrowed(&b, ROLE_KERNEL, k, big, 0x1000000, big, NULL);
	plan_add_borrowed(&b, ROLE_INITRD, r, four, 0x4000000, four, NULL);
	b.pre = h;
	plan_digest(&b);
	for (j = 0; j < a.ndigest; j++)
		same = same && a.zero_mask[j] == b.zero_mask[j] && !memcmp(a.digest[j], b.digest[j], 32);
	CHECK(same && a.ndigest == 4 && b.ndigest == 4 && a.zero_mask[1] != 0,
	      "prehash: the plan's records are the same with records hashed ahead");
	CHECK(h->n == 4 && h->taken == 4, "prehash: every piece hashed ahead is taken (%zu of %zu)",
	      h->taken, h->n);
	memset(&idle, 0, sizeof(idle));
	prehash_finish(&idle);
	CHECK(idle.finished && !prehash_take(&idle, k, four, a.block_shift, &a.zero_mask[0], a.digest[0]),
	      "prehash: an unused one finishes and has nothing");
	/* Cancelled (a failed load): the workers stop, and nothing half-done is handed out. */
	memset(&idle, 0, sizeof(idle));
	prehash_add(&idle, k, big, four, plan_block_shift(four));
	prehash_run(&idle, 2);
	prehash_cancel(&idle);
	prehash_cancel(&idle);
	prehash_add(&idle, k, big, four, plan_block_shift(four));
	CHECK(idle.finished && !idle.nt && !prehash_take(&idle, k + four, four, a.block_shift, &a.zero_mask[0],
							   a.digest[0]),
	      "prehash: a cancelled one is joined and hands out nothing");
	/*
	 * Still running when the plan is digested (as load.c leaves it during
	 * the layout): the plan waits for its pieces and queues its others on it.
	 */
	{
		struct prehash *run = calloc(1, sizeof(*run));

		prehash_run(run, 2);
		prehash_add(run, k, big, four, plan_block_shift(four));
		CHECK(same_with_pool(&a, run, k, big, r, four) && run->finished && run->n == 4 && run->taken == 4,
		      "prehash: a running queue: the same records, the plan's other piece hashed on it "
		      "(%zu queued, %zu taken)", run->n, run->taken);
		/* Pieces of another size than the plan's: the queue is stopped, the plan hashes all. */
		memset(run, 0, sizeof(*run));
		prehash_run(run, 2);
		prehash_add(run, k, big, 1u << 20, plan_block_shift(1u << 20));
		CHECK(same_with_pool(&a, run, k, big, r, four) && run->finished && run->n == 0 && run->taken == 0,
		      "prehash: a running queue cut otherwise is cancelled and nothing taken from it");
		/* Queued on a pool that never started (no thread could be made): hashed all the same. */
		memset(run, 0, sizeof(*run));
		prehash_add(run, k, big, four, plan_block_shift(four));
		CHECK(same_with_pool(&a, run, k, big, r, four) && run->finished && run->taken == 3,
		      "prehash: pieces queued on a pool never started are hashed and taken (%zu)", run->taken);
		free(run);
	}
	/* Started, nothing ever queued, cancelled (a load that failed before its kernel was read). */
	memset(&idle, 0, sizeof(idle));
	prehash_run(&idle, 3);
	prehash_cancel(&idle);
	CHECK(idle.finished && !idle.nt && !idle.started, "prehash: idle workers leave when cancelled");
	plan_free(&b);
	/* A plan of 8 MiB pieces (another block size): nothing taken, all hashed by the plan. */
	h->taken = 0;
	CHECK(!prehash_take(h, r, four, a.block_shift + 1, &a.zero_mask[0], a.digest[0]) && !h->taken,
	      "prehash: a piece cut into other blocks is not taken");
	plan_free(&a);
	free(h);
}

/* The kexec_file_load plan: files and flags, no segments or addresses. */
static void file_plan_print_dump(void)
{
	char *dir = t_mkdtemp("fplan"), *printed, *json;
	struct file_plan p;
	struct t_capture c;

	memset(&p, 0, sizeof(p));
	p.arch = "ppc64le";
	p.page_size = 0x10000;
	p.flags = 0x6;
	p.cmdline = strdup("console=hvc0 \"x\"");
	snprintf(p.kernel_desc, sizeof(p.kernel_desc), "ELF64 little-endian PowerPC64, xz");
	p.kernel_file = strdup("/boot/vmlinux.xz (its vmlinux, uncompressed, in a sealed memfd)");
	p.initrd_file = "none (KEXEC_FILE_NO_INITRAMFS)";
	p.note = "a note";
	t_capture_start(&c, 1);
	file_plan_print(&p, stdout);
	printed = t_capture_end(&c);
	CHECK_STR(printed, "kexec plan: ppc64le, kexec_file_load, flags 0x6, page size 65536\n"
		  "kernel image: ELF64 little-endian PowerPC64, xz\n"
		  "kernel file: /boot/vmlinux.xz (its vmlinux, uncompressed, in a sealed memfd)\n"
		  "initrd file: none (KEXEC_FILE_NO_INITRAMFS)\n"
		  "command line (16 bytes): console=hvc0 \"x\"\n"
		  "note: a note\n", "file_plan_print: every line, exactly");
	free(printed);
	CHECK_EQ_U64(file_plan_dump(&p, t_fmt("%s/out", dir)), 0, "file_plan_dump into a new directory");
	json = t_slurp(t_fmt("%s/out/plan.json", dir), NULL);
	CHECK_STR(json, "{\n  \"arch\": \"ppc64le\",\n  \"syscall\": \"kexec_file_load\",\n"
		  "  \"flags\": \"0x6\",\n  \"page_size\": \"0x10000\",\n"
		  "  \"kernel_file\": \"/boot/vmlinux.xz (its vmlinux, uncompressed, in a sealed memfd)\",\n"
		  "  \"initrd_file\": \"none (KEXEC_FILE_NO_INITRAMFS)\",\n"
		  "  \"cmdline\": \"console=hvc0 \\\"x\\\"\",\n"
		  "  \"notes\": [\n    \"a note\"\n  ]\n}\n",
		  "file plan.json: every key and value, exactly (no segments, no addresses)");
	free(json);
	CHECK(access(t_fmt("%s/out/segment-0-kernel.bin", dir), F_OK) != 0,
	      "file_plan_dump writes no segment files");
	file_plan_free(&p);
	CHECK(!p.cmdline && !p.kernel_file, "file_plan_free frees and resets");
	t_rmtree(dir);
}

int main(void)
{
	CHECK_PROGRAM("plan");
	adding();
	roles_and_notes();
	checks();
	digests_print_dump();
	digests_in_pieces();
	hashed_ahead();
	file_plan_print_dump();
	return CHECK_DONE();
}
