// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * zimage.c: boot-wrapper ELFs (ELF32 big-endian and ELF64
 * little-endian) built here around a synthetic vmlinux, plain, gzip or xz,
 * with and without an embedded initrd; found by section name or by the
 * _vmlinux_start/_vmlinux_end symbols; broken ones refused with a reason.
 */
#include <errno.h>
#include <lzma.h>
#include <zlib.h>
#include "check.h"
#include "loadrun.h"
#include "compress.h"
#include "elfbuild.h"
#include "formats.h"
#include "tutil.h"
#include "ppc64.h"

#define KBASE 0xc000000000000000ULL
#define WVADDR 0x400000ULL	/* where the wrapper's PT_LOAD is linked */


static const char shstr[] = "\0.text\0.kernel:vmlinux.strip\0.kernel:initrd\0.shstrtab\0.symtab\0.strtab\0.data";
#define N_TEXT 1
#define N_KERNEL 7
#define N_INITRD 29
#define N_SHSTRTAB 44
#define N_SYMTAB 54
#define N_STRTAB 62
#define N_DATA 70
static const char symstr[] = "\0_vmlinux_start\0_vmlinux_end";

struct zopt {
	int c64, be;
	unsigned type;		/* e_type; 0: ET_EXEC */
	int kernel_named;	/* 0: the payload's section is called .data (symbols only) */
	int symbols;
	const uint8_t *initrd;
	size_t initrd_len;
};

static size_t up16(size_t v)
{
	return (v + 15) & ~(size_t)15;
}

/* ehdr | PT_LOAD | .text | payload | initrd | .shstrtab | .strtab | .symtab | shdrs */
static uint8_t *wrapper(const struct zopt *z, const uint8_t *payload, size_t plen, size_t *size,
			size_t *shoff_out)
{
	int c = z->c64, be = z->be;
	size_t text = 0x1000, pay = text + 0x100, ird = up16(pay + plen), shs = up16(ird + z->initrd_len);
	size_t strs = up16(shs + sizeof(shstr)), syms = up16(strs + sizeof(symstr));
	size_t shoff = up16(syms + 3 * EB_SYMSIZE(c)), nsec = 7, total = shoff + nsec * EB_SHENTSIZE(c);
	uint8_t *b = calloc(1, total);
	struct eb_hdr h;
	struct elf_phdr ph;
	struct elf_shdr sh;
	size_t i;

	memset(&h, 0, sizeof(h));
	h.c64 = c;
	h.be = be;
	h.type = z->type ? z->type : KX_ET_EXEC;
	h.machine = c ? KX_EM_PPC64 : KX_EM_PPC;
	h.entry = WVADDR;
	h.phoff = EB_EHSIZE(c);
	h.phnum = 1;
	h.shoff = shoff;
	h.shnum = (uint16_t)nsec;
	h.shstrndx = 4;
	eb_ehdr(b, &h);
	memset(&ph, 0, sizeof(ph));
	ph.type = KX_PT_LOAD;
	ph.offset = text;
	ph.vaddr = ph.paddr = WVADDR;
	ph.filesz = ph.memsz = shs - text;
	ph.align = 0x1000;
	eb_phdr(b + h.phoff, c, be, &ph);
	for (i = 0; i < 0x100; i++)
		b[text + i] = 0x60;	/* nops, as far as anyone looks */
	memcpy(b + pay, payload, plen);
	if (z->initrd_len)
		memcpy(b + ird, z->initrd, z->initrd_len);
	memcpy(b + shs, shstr, sizeof(shstr));
	memcpy(b + strs, symstr, sizeof(symstr));
	if (z->symbols) {
		eb_sym(b + syms + EB_SYMSIZE(c), c, be, 1, WVADDR + (pay - text), 0, 0x10, 2);
		eb_sym(b + syms + 2 * EB_SYMSIZE(c), c, be, 16, WVADDR + (pay - text) + plen, 0, 0x10, 2);
	}
#define SH(idx, nm, ty, off, sz, lnk) do {					\
		memset(&sh, 0, sizeof(sh));					\
		sh.name = nm; sh.type = ty; sh.offset = off; sh.size = sz;	\
		sh.link = lnk; sh.addralign = 1;				\
		eb_shdr(b + shoff + (idx) * EB_SHENTSIZE(c), c, be, &sh);	\
	} while (0)
	SH(0, 0, 0, 0, 0, 0);
	SH(1, N_TEXT, 1, text, 0x100, 0);
	SH(2, z->kernel_named ? N_KERNEL : N_DATA, 1, pay, plen, 0);
	SH(3, N_INITRD, 1, ird, z->initrd_len, 0);
	SH(4, N_SHSTRTAB, 3, shs, sizeof(shstr), 0);
	SH(5, z->symbols ? N_SYMTAB : N_DATA, 2, syms, 3 * EB_SYMSIZE(c), 6);
	SH(6, N_STRTAB, 3, strs, sizeof(symstr), 0);
#undef SH
	if (!z->initrd_len) {
		/* no initrd: the section is still there, empty, as the wrapper makes it */
	}
	*size = total;
	if (shoff_out)
		*shoff_out = shoff;
	return b;
}

/* The vmlinux inside: little-endian, relocatable, two segments. */
static uint8_t *inner(size_t *len)
{
	struct eb_kseg s[2] = {
		{ 0, KBASE, 0x4000, 0x4000, 0x10000, 0 },
		{ 0x4000, KBASE + 0x4000, 0x2000, 0x6000, 0x10000, 0 },
	};

	return eb_vmlinux(0, KX_EM_PPC64, KBASE, s, 2, 1, len);
}

static struct res load(const uint8_t *img, size_t len)
{
	struct res r = t_load(zimage_ppc64_load, "zImage", img, len);

	t_chomp(r.err);
	return r;
}

static void good(int c64, int be, const char *comp)
{
	uint8_t ird[3000], *v, *payload, *w;
	size_t vlen, plen, wlen, i;
	struct zopt z = { c64, be, 0, 1, 1, ird, sizeof(ird) };
	struct kernel_image ref;
	struct blob vb;
	struct kx_ctx c = { "", 0 };
	struct res r;
	char tag[96];

	snprintf(tag, sizeof(tag), "ELF%d %s wrapper, %s kernel", c64 ? 64 : 32, be ? "BE" : "LE", comp);
	for (i = 0; i < sizeof(ird); i++)
		ird[i] = (uint8_t)(i ^ 0x5a);
	v = inner(&vlen);
	if (!strcmp(comp, "gzip"))
		payload = gz(v, vlen, &plen);
	else if (!strcmp(comp, "xz"))
		payload = xz(v, vlen, &plen);
	else {
		payload = malloc(vlen);
		memcpy(payload, v, vlen);
		plen = vlen;
	}
	w = wrapper(&z, payload, plen, &wlen, NULL);
	CHECK(zimage_ppc64_probe(w, wlen), "%s: probe", tag);
	{
		const struct loader *l = loader_find(NULL, w, wlen);

		CHECK(l && !strcmp(l->name, "zImage"), "%s: loader_find picks the zImage loader", tag);
	}
	vb.data = v;
	vb.len = vlen;
	memset(&ref, 0, sizeof(ref));
	elf_ppc64_load(&c, "ref", &vb, &ref);
	r = load(w, wlen);
	CHECK(r.rc == 0, "%s: loads (%s)", tag, r.err);
	if (r.rc == 0) {
		CHECK(r.k.bufsz == ref.bufsz && !memcmp(r.k.buf, ref.buf, ref.bufsz) && r.k.memsz == ref.memsz &&
		      r.k.entry_off == ref.entry_off && r.k.align == ref.align && r.k.big_endian == 0 &&
		      r.k.run_at_load_marker == 1, "%s: the same kernel image as the vmlinux alone", tag);
		CHECK(r.k.initrd.len == sizeof(ird) && !memcmp(r.k.initrd.data, ird, sizeof(ird)),
		      "%s: the embedded initrd", tag);
		CHECK(r.k.vmlinux.len == vlen && !memcmp(r.k.vmlinux.data, v, vlen),
		      "%s: the decompressed vmlinux kept for kexec_file_load", tag);
		CHECK(t_has(r.k.desc, t_fmt("zImage (ELF%d %s-endian wrapper, %s kernel, with initrd): ELF64 "
					    "little-endian", c64 ? 64 : 32, be ? "big" : "little",
					    !strcmp(comp, "none") ? "uncompressed" : comp)),
		      "%s: description \"%s\"", tag, r.k.desc);
	}
	res_free(&r);
	kernel_image_free(&ref);
	free(w);

	/* Without an initrd; found by symbols only. */
	z.initrd_len = 0;
	z.kernel_named = 0;
	w = wrapper(&z, payload, plen, &wlen, NULL);
	CHECK(zimage_ppc64_probe(w, wlen), "%s, symbols only: probe", tag);
	r = load(w, wlen);
	CHECK(r.rc == 0 && r.k.initrd.len == 0 && r.k.bufsz == 0x6000,
	      "%s, symbols only, no initrd: loads without an initrd (%s)", tag, r.err);
	res_free(&r);
	{
		/* No .kernel: section left at all: the symbols alone say "wrapper"... */
		uint8_t *k = memmem(w, wlen, ".kernel:initrd", 14);

		if (k)
			k[7] = '_';
		CHECK(k && zimage_ppc64_probe(w, wlen), "%s, no .kernel: section: a zImage by its symbols",
		      tag);
		/* ...unless it enters at KERNELBASE, as only a kernel does: then they are not read. */
		if (c64) {
			eb_w64(be, w + 24, 0xc000000000000000ULL);
			CHECK(!zimage_ppc64_probe(w, wlen),
			      "%s, no .kernel: section, entry at KERNELBASE: not a zImage", tag);
		}
	}
	free(w);
	free(payload);
	free(v);
}

static void refused(const char *what, const uint8_t *w, size_t wlen, const char *msg)
{
	struct res r = load(w, wlen);

	CHECK(r.rc < 0 && t_has(r.err, msg) && t_has(r.err, "zImage") && t_lines(r.err) == 0,
	      "%s: refused in one line \"%s\" (%d: %s)", what, msg, r.rc, t_shown(r.err));
	CHECK(r.k.buf == NULL && r.k.initrd.data == NULL && r.k.vmlinux.data == NULL,
	      "%s: nothing left allocated", what);
	res_free(&r);
}

static void bad(void)
{
	struct zopt z = { 0, 1, 0, 1, 1, NULL, 0 };
	uint8_t *v, *payload, *w, junk[64];
	size_t vlen, plen, wlen, shoff;

	v = inner(&vlen);
	payload = gz(v, vlen, &plen);

	/*
	 * No kernel section and no symbols, but the wrapper's (empty) .kernel:initrd
	 * is there: a wrapper stripped of its kernel, refused as such rather than
	 * loaded as a kernel itself.
	 */
	z.kernel_named = 0;
	z.symbols = 0;
	w = wrapper(&z, payload, plen, &wlen, NULL);
	CHECK(zimage_ppc64_probe(w, wlen), "no kernel section, no symbols, a .kernel:initrd: a zImage");
	{
		const struct loader *l = loader_find(NULL, w, wlen);

		CHECK(l && !strcmp(l->name, "zImage"), "... so the zImage loader takes it");
	}
	refused("a wrapper stripped of its kernel", w, wlen, ".kernel:vmlinux.strip is missing");
	free(w);
	z.kernel_named = 1;
	z.symbols = 1;

	/* the section lies past the end of the file */
	w = wrapper(&z, payload, plen, &wlen, &shoff);
	eb_w32(1, w + shoff + 2 * 40 + 16, 0x7fff0000);	/* ELF32 sh_offset */
	CHECK(zimage_ppc64_probe(w, wlen), "a section outside the file still looks like a zImage");
	refused("section outside the file", w, wlen, "lies outside the file: truncated?");
	free(w);

	/*
	 * A core file (e_type 4) with the wrapper's symbols and a PT_LOAD whose
	 * bytes lie far past the end: elf_parse leaves a core's offsets alone,
	 * so the zImage path must not read through them (ASan watches).
	 */
	z.kernel_named = 0;
	z.type = KX_ET_CORE;
	w = wrapper(&z, payload, plen, &wlen, NULL);
	eb_w32(1, w + 52 + 4, 0x7fff0000);	/* ELF32 program header 0: p_offset */
	refused("a core-type wrapper with its segment past the end", w, wlen, "has e_type 4");
	free(w);
	z.kernel_named = 1;
	z.type = 0;

	/* empty */
	w = wrapper(&z, payload, 0, &wlen, NULL);
	refused("empty kernel section", w, wlen, "is empty: no kernel inside");
	free(w);

	/* not an ELF inside */
	memset(junk, 'j', sizeof(junk));
	w = wrapper(&z, junk, sizeof(junk), &wlen, NULL);
	refused("garbage payload", w, wlen, "uncompressed payload in .kernel:vmlinux.strip is not an ELF vmlinux");
	free(w);

	/* corrupt gzip */
	payload[plen / 2] ^= 0xff;
	payload[plen / 2 + 1] ^= 0xff;
	w = wrapper(&z, payload, plen, &wlen, NULL);
	refused("corrupt gzip payload", w, wlen, "the kernel in .kernel:vmlinux.strip: corrupt gzip data");
	free(w);
	free(payload);

	/* truncated gzip */
	payload = gz(v, vlen, &plen);
	w = wrapper(&z, payload, plen - 10, &wlen, NULL);
	refused("truncated gzip payload", w, wlen, "truncated gzip data");
	free(w);
	free(payload);

	/* an x86-64 ELF inside */
	{
		struct eb_kseg s[1] = { { 0, KBASE, 0x1000, 0x1000, 0x1000, 0 } };
		size_t xl;
		uint8_t *x = eb_vmlinux(0, 62, KBASE, s, 1, 0, &xl);

		w = wrapper(&z, x, xl, &wlen, NULL);
		refused("x86-64 vmlinux inside", w, wlen, "zImage (vmlinux inside the zImage): ELF machine is x86-64");
		free(w);
		free(x);
	}
	free(v);
}

int main(void)
{
	CHECK_PROGRAM("zimage");
	good(0, 1, "gzip");
	good(0, 1, "xz");
	good(0, 1, "none");
	good(1, 0, "gzip");
	good(1, 1, "xz");
	bad();
	return CHECK_DONE();
}
