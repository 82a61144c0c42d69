// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vmlinux.c: synthetic vmlinux images in both byte orders become a
 * kernel_image (bytes, footprint, entry offset, run0 marker, byte order);
 * foreign or inconsistent images are refused with a message naming why.
 * Also the loader table that dispatches to it.
 */
#include <errno.h>
#include "check.h"
#include "loadrun.h"
#include "elfbuild.h"
#include "formats.h"
#include "tutil.h"
#include "ppc64.h"

#define KBASE 0xc000000000000000ULL

static struct res load(const uint8_t *img, size_t len)
{
	return t_load(elf_ppc64_load, "vmlinux", img, len);
}

/* Bytes [from, to) of the kernel buffer equal segment @seg's file bytes from @off. */
static int same_as_seg(const struct kernel_image *k, size_t from, size_t to, int seg, uint64_t off)
{
	size_t i;

	for (i = from; i < to; i++)
		if (k->buf[i] != eb_kbyte(seg, off + (i - from)))
			return 0;
	return 1;
}

static void one_segment(int be)
{
	struct eb_kseg s[1] = { { 0, KBASE, 0x3000, 0x5000, 0x10000, 0 } };
	const char *o = be ? "BE" : "LE";
	size_t len, i;
	uint8_t *img = eb_vmlinux(be, KX_EM_PPC64, KBASE, s, 1, 1, &len);
	struct res r = load(img, len);
	int ok = 1;

	CHECK_EQ_U64(r.rc, 0, "%s: one PT_LOAD loads", o);
	CHECK_STR(r.err, "", "%s: silently", o);
	if (r.rc == 0) {
		CHECK_EQ_U64(r.k.bufsz, 0x3000, "%s: bufsz = filesz", o);
		CHECK_EQ_U64(r.k.memsz, 0x5000, "%s: memsz = p_memsz", o);
		CHECK_EQ_U64(r.k.align, 0x10000, "%s: align = p_align", o);
		CHECK_EQ_U64(r.k.entry_off, 0, "%s: entry offset 0", o);
		CHECK_EQ_U64(r.k.big_endian, be, "%s: big_endian", o);
		CHECK_EQ_U64(r.k.run_at_load_marker, 1, "%s: run0 marker seen", o);
		CHECK(r.k.initrd.data == NULL && r.k.initrd.len == 0, "%s: no embedded initrd", o);
		for (i = 0; i < 0x3000; i++) {
			uint8_t want = eb_kbyte(0, i);

			if (i >= 0x5c && i < 0x60) {
				static const uint8_t run0[4] = { 'r', 'u', 'n', '0' };

				want = be ? run0[i - 0x5c] : run0[3 - (i - 0x5c)];
			}
			if (r.k.buf[i] != want)
				ok = 0;
		}
		CHECK(ok, "%s: kernel bytes are the segment's bytes (with run0 at 0x5c in %s order)", o, o);
		CHECK(t_has(r.k.desc, be ? "big-endian" : "little-endian") && t_has(r.k.desc, "PowerPC64"),
		      "%s: description \"%s\"", o, r.k.desc);
	}
	res_free(&r);
	free(img);

	/* Without the marker. */
	img = eb_vmlinux(be, KX_EM_PPC64, KBASE, s, 1, 0, &len);
	r = load(img, len);
	CHECK(r.rc == 0 && r.k.run_at_load_marker == 0, "%s: no run0 marker -> 0", o);
	res_free(&r);
	/* The marker in the other byte order does not count. */
	eb_w32(!be, img + EB_KDATA_OFF + 0x5c, 0x72756e30);
	r = load(img, len);
	CHECK(r.rc == 0 && r.k.run_at_load_marker == 0, "%s: run0 in the wrong byte order -> 0", o);
	res_free(&r);
	free(img);
}

/* Two segments with a gap, entry in the second, physical base not 0. */
static void two_segments(int be)
{
	struct eb_kseg s[2] = {
		{ 0x10000, KBASE + 0x10000, 0x2000, 0x3000, 0x1000, 0 },
		{ 0x14000, KBASE + 0x14000, 0x1800, 0x4000, 0x10000, 0 },
	};
	const char *o = be ? "BE" : "LE";
	uint64_t entry = KBASE + 0x14100;
	size_t len, i;
	uint8_t *img = eb_vmlinux(be, KX_EM_PPC64, entry, s, 2, 1, &len);
	struct res r = load(img, len);

	CHECK_EQ_U64(r.rc, 0, "%s: two PT_LOADs load", o);
	if (r.rc == 0) {
		int zero = 1;

		CHECK_EQ_U64(r.k.bufsz, 0x5800, "%s: bufsz spans lowest paddr to last file byte", o);
		CHECK_EQ_U64(r.k.memsz, 0x8000, "%s: memsz spans to the highest p_memsz end", o);
		CHECK_EQ_U64(r.k.align, 0x10000, "%s: align is the largest p_align", o);
		CHECK_EQ_U64(r.k.entry_off, 0x4100, "%s: entry offset relative to the lowest paddr", o);
		CHECK(same_as_seg(&r.k, 0, 0x2000, 0, 0), "%s: first segment's bytes at 0", o);
		for (i = 0x2000; i < 0x4000; i++)
			zero &= r.k.buf[i] == 0;
		CHECK(zero, "%s: the gap (including the first .bss) is zero", o);
		CHECK(same_as_seg(&r.k, 0x4000, 0x4000 + 0x15c, 1, 0) &&
		      same_as_seg(&r.k, 0x4160, 0x5800, 1, 0x160),
		      "%s: second segment's bytes at 0x4000", o);
		CHECK_EQ_U64(r.k.run_at_load_marker, 1, "%s: run0 found at entry + 0x5c", o);
	}
	res_free(&r);
	free(img);
}

/* Segments listed out of physical order; vaddr and paddr with different offsets. */
static void unordered(void)
{
	struct eb_kseg s[3] = {
		{ 0x200000, KBASE + 0x200000, 0x1000, 0x1000, 0x10000, 0 },
		{ 0, KBASE, 0x1000, 0x1000, 0x10000, 0 },
		{ 0x100000, KBASE + 0x100000, 0, 0x8000, 0x10000, 0 },	/* bss only */
	};
	size_t len;
	uint8_t *img = eb_vmlinux(0, KX_EM_PPC64, KBASE + 0x10, s, 3, 0, &len);
	struct res r = load(img, len);

	CHECK_EQ_U64(r.rc, 0, "segments out of order load");
	if (r.rc == 0) {
		CHECK_EQ_U64(r.k.entry_off, 0x10, "entry in the lowest segment, listed second");
		CHECK_EQ_U64(r.k.bufsz, 0x201000, "bufsz to the end of the highest file data");
		CHECK_EQ_U64(r.k.memsz, 0x201000, "memsz");
		CHECK(same_as_seg(&r.k, 0, 0x1000, 1, 0) && same_as_seg(&r.k, 0x200000, 0x201000, 0, 0),
		      "each segment's bytes at its paddr offset");
	}
	res_free(&r);
	free(img);
}

static void refused(int be, const char *what, uint8_t *img, size_t len, const char *msg)
{
	struct res r = load(img, len);
	int one_line = t_lines(r.err) == 1;

	t_chomp(r.err);
	CHECK_EQ_U64(r.rc, -ENOEXEC, "%s: %s: refused", be ? "BE" : "LE", what);
	CHECK(t_has(r.err, msg) && t_has(r.err, "kexec: vmlinux: ") && one_line,
	      "%s: %s: one line naming the file says \"%s\" (got: %s)", be ? "BE" : "LE", what, msg,
	      r.err);
	CHECK(r.k.buf == NULL, "%s: %s: no buffer left behind", be ? "BE" : "LE", what);
	res_free(&r);
	free(img);
}

/* refused() on a kernel of @n segments entered at the first one's start. */
static void refused_segs(int be, const char *what, const struct eb_kseg *segs, int n, const char *msg)
{
	size_t len;
	uint8_t *img = eb_vmlinux(be, KX_EM_PPC64, segs[0].vaddr, segs, n, 0, &len);

	refused(be, what, img, len, msg);
}

/* A kernel of @n segments loads as one buffer of @bufsz bytes with the last
 * segment's file bytes at its physical offset. */
static void accepted_segs(int be, const char *what, const struct eb_kseg *segs, int n, size_t bufsz)
{
	size_t len;
	uint8_t *img = eb_vmlinux(be, KX_EM_PPC64, segs[0].vaddr, segs, n, 0, &len);
	struct res r = load(img, len);
	const struct eb_kseg *l = &segs[n - 1];

	CHECK(r.rc == 0 && r.k.bufsz == bufsz &&
	      same_as_seg(&r.k, l->paddr - segs[0].paddr, l->paddr - segs[0].paddr + l->filesz, n - 1, 0),
	      "%s: %s: loaded, the last segment at its offset", be ? "BE" : "LE", what);
	res_free(&r);
	free(img);
}

static void errors(int be)
{
	struct eb_kseg one[1] = { { 0, KBASE, 0x3000, 0x5000, 0x10000, 0 } };
	size_t len;
	uint8_t *img;

	img = eb_vmlinux(be, 62, KBASE, one, 1, 0, &len);
	refused(be, "x86-64 machine", img, len, "ELF machine is x86-64 (62), not PowerPC64 (21)");

	img = eb_vmlinux(be, KX_EM_PPC, KBASE, one, 1, 0, &len);
	refused(be, "32-bit PowerPC machine in an ELF64", img, len, "PowerPC (32-bit)");

	{
		/* An ELF32 PowerPC file. */
		uint8_t *b = calloc(1, 0x400);
		struct eb_hdr h;
		struct elf_phdr ph;

		memset(&h, 0, sizeof(h));
		h.be = be;
		h.type = KX_ET_EXEC;
		h.machine = KX_EM_PPC;
		h.entry = 0xc0000000;
		h.phoff = 52;
		h.phnum = 1;
		eb_ehdr(b, &h);
		memset(&ph, 0, sizeof(ph));
		ph.type = KX_PT_LOAD;
		ph.offset = 0x100;
		ph.vaddr = 0xc0000000;
		ph.filesz = ph.memsz = 0x300;
		eb_phdr(b + 52, 0, be, &ph);
		refused(be, "ELF32", b, 0x400, "32-bit ELF");
	}

	img = eb_vmlinux(be, KX_EM_PPC64, KBASE, one, 1, 0, &len);
	eb_w16(be, img + 16, 1);	/* ET_REL */
	refused(be, "relocatable object (ET_REL)", img, len, "ELF type 1 is not an executable kernel");

	{
		struct eb_kseg note[1] = { { 0, KBASE, 0x3000, 0x3000, 4, KX_PT_NOTE } };

		img = eb_vmlinux(be, KX_EM_PPC64, KBASE, note, 1, 0, &len);
		refused(be, "no PT_LOAD", img, len, "no loadable (PT_LOAD) segment");
	}
	{
		struct eb_kseg empty[1] = { { 0, KBASE, 0, 0, 4, 0 } };

		img = eb_vmlinux(be, KX_EM_PPC64, KBASE, empty, 1, 0, &len);
		refused(be, "only an empty PT_LOAD", img, len, "no loadable (PT_LOAD) segment");
	}
	{
		/* Program headers' physical layouts a kernel cannot have. */
		static const struct {
			const char *what, *msg;
			int n;
			struct eb_kseg segs[3];
		} bad[] = {
			{ "PT_LOADs overlapping in .bss", "PT_LOAD segments 0 and 1 overlap at physical 0x2800", 2,
			  { { 0, KBASE, 0x2000, 0x3000, 0x1000, 0 },
			    { 0x2800, KBASE + 0x2800, 0x1000, 0x1000, 0x1000, 0 } } },
			{ "a PT_LOAD inside another (listed first)",
			  "PT_LOAD segments 0 and 1 overlap at physical 0x1000", 2,
			  { { 0x1000, KBASE + 0x1000, 0x1000, 0x1000, 0x1000, 0 },
			    { 0, KBASE, 0x2000, 0x2000, 0x1000, 0 } } },
			/* Found whatever the order: the third lies inside the first,
			 * with a disjoint one listed between them. */
			{ "a PT_LOAD inside the first, listed third",
			  "PT_LOAD segments 0 and 2 overlap at physical 0x8000", 3,
			  { { 0, KBASE, 0x10000, 0x10000, 0x1000, 0 },
			    { 0x20000, KBASE + 0x20000, 0x1000, 0x1000, 0x1000, 0 },
			    { 0x8000, KBASE + 0x8000, 0x1000, 0x1000, 0x1000, 0 } } },
			/* 2 GiB - 64 KiB apart in a file of a few KiB: within the
			 * 2 GiB span, but the buffer would be 2 GiB of zeros. */
			{ "PT_LOADs 2 GiB apart",
			  "PT_LOAD segments leave 0x7ffef000 bytes between their file data (more than 16 MiB)", 2,
			  { { 0, KBASE, 0x1000, 0x1000, 0x1000, 0 },
			    { 0x7fff0000, KBASE + 0x7fff0000, 0x1000, 0x1000, 0x1000, 0 } } },
		};
		size_t k;

		for (k = 0; k < sizeof(bad) / sizeof(bad[0]); k++)
			refused_segs(be, bad[k].what, bad[k].segs, bad[k].n, bad[k].msg);
	}
	{
		/* Touching (end == start) is not an overlap. */
		struct eb_kseg t[2] = {
			{ 0, KBASE, 0x1000, 0x1000, 0x1000, 0 },
			{ 0x1000, KBASE + 0x1000, 0x1000, 0x1000, 0x1000, 0 },
		};

		accepted_segs(be, "touching PT_LOADs", t, 2, 0x2000);
	}
	{
		/* 16 MiB of zeros between them is the most allowed; 4 KiB more is not. */
		struct eb_kseg gap[2] = {
			{ 0, KBASE, 0x1000, 0x1000, 0x1000, 0 },
			{ 0x1001000, KBASE + 0x1001000, 0x1000, 0x1000, 0x1000, 0 },
		};

		accepted_segs(be, "16 MiB between two PT_LOADs", gap, 2, 0x1002000);
		gap[1].paddr += 0x1000;
		gap[1].vaddr += 0x1000;
		refused_segs(be, "16 MiB + 4 KiB between two PT_LOADs", gap, 2,
			     "leave 0x1001000 bytes between their file data");
	}

	img = eb_vmlinux(be, KX_EM_PPC64, KBASE + 0x10000, one, 1, 0, &len);
	refused(be, "entry past the segments", img, len, "entry point 0xc000000000010000 is not inside");
	img = eb_vmlinux(be, KX_EM_PPC64, KBASE + 0x3000, one, 1, 0, &len);
	refused(be, "entry in .bss (past the file bytes)", img, len, "is not inside any loaded segment");
	img = eb_vmlinux(be, KX_EM_PPC64, KBASE - 4, one, 1, 0, &len);
	refused(be, "entry just below the segment", img, len, "entry point");

	img = eb_vmlinux(be, KX_EM_PPC64, KBASE + 0x3000 - 0xff, one, 1, 0, &len);
	refused(be, "255 bytes after the entry", img, len, "fewer than 256 bytes follow the entry point");
	{
		struct res r;

		img = eb_vmlinux(be, KX_EM_PPC64, KBASE + 0x3000 - 0x100, one, 1, 0, &len);
		r = load(img, len);
		CHECK(r.rc == 0 && r.k.entry_off == 0x2f00, "%s: exactly 256 bytes after the entry is fine",
		      be ? "BE" : "LE");
		res_free(&r);
		free(img);
	}
	{
		struct eb_kseg wide[2] = {
			{ 0, KBASE, 0x1000, 0x1000, 0x1000, 0 },
			{ 0x80000000ULL, KBASE + 0x80000000ULL, 0x1000, 0x1000, 0x1000, 0 },
		};

		img = eb_vmlinux(be, KX_EM_PPC64, KBASE, wide, 2, 0, &len);
		refused(be, "PT_LOADs spanning more than 2 GiB", img, len, "more than 2 GiB");
	}
	/* A truncated image is refused by the ELF layer, with its reason. */
	img = eb_vmlinux(be, KX_EM_PPC64, KBASE, one, 1, 0, &len);
	refused(be, "truncated inside the PT_LOAD data", img, len - 1, "truncated?");
}

static void loaders(void)
{
	struct eb_kseg one[1] = { { 0, KBASE, 0x3000, 0x5000, 0x10000, 0 } };
	size_t len;
	uint8_t *img = eb_vmlinux(1, KX_EM_PPC64, KBASE, one, 1, 0, &len);
	const struct loader *l;
	char names[64];

	CHECK(elf_ppc64_probe(img, len), "probe accepts an ELF");
	CHECK(!elf_ppc64_probe((const uint8_t *)"\x1f\x8b\x08", 3), "probe refuses gzip bytes");
	CHECK(!elf_ppc64_probe(img, 3), "probe refuses 3 bytes");
	l = loader_find(NULL, img, len);
	CHECK(l && !strcmp(l->name, "elf-ppc64"), "loader_find probes a plain vmlinux as elf-ppc64 (%s)",
	      l ? l->name : "none");
	CHECK(loader_find(NULL, (const uint8_t *)"garbage!", 8) == NULL, "no loader for garbage");
	CHECK(loader_find("elf-ppc64", (const uint8_t *)"x", 1) == loader_by_name("elf-ppc64"),
	      "-t elf-ppc64 is taken by name without probing");
	CHECK(loader_find("zImage-x86", img, len) == NULL, "-t with an unknown name: NULL");
	CHECK(loader_by_name("bogus") == NULL, "loader_by_name(bogus)");
	CHECK(t_has(loader_names(names, sizeof(names)), "elf-ppc64"), "loader_names lists elf-ppc64 (%s)",
	      names);
	CHECK(l && l->load == elf_ppc64_load && l->usage && l->usage[0], "table entry is complete");
	free(img);
}

int main(void)
{
	CHECK_PROGRAM("elf-ppc64");
	one_segment(0);
	one_segment(1);
	two_segments(0);
	two_segments(1);
	unordered();
	errors(0);
	errors(1);
	loaders();
	return CHECK_DONE();
}
