// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * elf.c: ELF64 and ELF32 files in both byte orders, built here byte by byte;
 * every field read back; truncation at every length; offsets and counts that
 * overflow or wrap; sections, names and symbols, including broken ones.
 * Each parse gets an exactly-sized heap copy so AddressSanitizer sees any
 * read past the end.
 */
#include <errno.h>
#include "check.h"
#include "elf.h"
#include "elfbuild.h"

/* Where the pieces of a built file are. */
struct lay {
	int c64, be;
	size_t ehsize, phoff, phentsize, phnum;
	size_t load_off, load_filesz, note_off, note_size;
	size_t shstr_off, shstr_size, str_off, str_size, sym_off, sym_size;
	size_t shoff, shnum;
	size_t size;
	uint64_t entry, vbase;
};

static const char shstrtab[] = "\0.text\0.shstrtab\0.symtab\0.strtab\0.bss\0.note";
/* offsets of the names above */
#define N_TEXT 1
#define N_SHSTRTAB 7
#define N_SYMTAB 17
#define N_STRTAB 25
#define N_BSS 33
#define N_NOTE 38
static const char strtab[] = "\0_start\0_vmlinux_start\0";
#define S_START 1
#define S_VMLINUX_START 8

#define SEC_NULL 0
#define SEC_TEXT 1
#define SEC_SHSTRTAB 2
#define SEC_SYMTAB 3
#define SEC_STRTAB 4
#define SEC_BSS 5
#define SEC_NOTE 6
#define NSEC 7

static size_t up8(size_t v)
{
	return (v + 7) & ~(size_t)7;
}

/*
 * ehdr | 2 phdrs (PT_LOAD, PT_NOTE) | LOAD bytes | note | .shstrtab | .strtab |
 * .symtab | section headers.  Returns a malloc'ed file.
 */
static uint8_t *build(int c64, int be, struct lay *L)
{
	struct eb_hdr h;
	struct elf_phdr ph;
	struct elf_shdr sh;
	uint8_t *b;
	size_t i, o;

	memset(L, 0, sizeof(*L));
	L->c64 = c64;
	L->be = be;
	L->ehsize = EB_EHSIZE(c64);
	L->phoff = L->ehsize;
	L->phentsize = EB_PHENTSIZE(c64);
	L->phnum = 2;
	L->load_off = 0x100;
	L->load_filesz = 0x80;
	L->note_off = L->load_off + L->load_filesz;
	L->note_size = 0x20;
	L->shstr_off = L->note_off + L->note_size;
	L->shstr_size = sizeof(shstrtab);
	L->str_off = up8(L->shstr_off + L->shstr_size);
	L->str_size = sizeof(strtab);
	L->sym_off = up8(L->str_off + L->str_size);
	L->sym_size = 3 * EB_SYMSIZE(c64);
	L->shoff = up8(L->sym_off + L->sym_size);
	L->shnum = NSEC;
	L->size = L->shoff + NSEC * EB_SHENTSIZE(c64);
	L->vbase = c64 ? 0xc000000000000000ULL : 0xc0000000ULL;
	L->entry = L->vbase + 0x10;

	b = calloc(1, L->size);
	memset(&h, 0, sizeof(h));
	h.c64 = c64;
	h.be = be;
	h.type = KX_ET_EXEC;
	h.machine = c64 ? KX_EM_PPC64 : KX_EM_PPC;
	h.flags = 0x2;
	h.entry = L->entry;
	h.phoff = L->phoff;
	h.phnum = (uint16_t)L->phnum;
	h.shoff = L->shoff;
	h.shnum = (uint16_t)L->shnum;
	h.shstrndx = SEC_SHSTRTAB;
	eb_ehdr(b, &h);

	memset(&ph, 0, sizeof(ph));
	ph.type = KX_PT_LOAD;
	ph.flags = 5;
	ph.offset = L->load_off;
	ph.vaddr = L->vbase;
	ph.paddr = 0x1000;
	ph.filesz = L->load_filesz;
	ph.memsz = 0x200;
	ph.align = 0x10000;
	eb_phdr(b + L->phoff, c64, be, &ph);
	memset(&ph, 0, sizeof(ph));
	ph.type = KX_PT_NOTE;
	ph.flags = 4;
	ph.offset = L->note_off;
	ph.filesz = L->note_size;
	ph.memsz = L->note_size;
	ph.align = 4;
	eb_phdr(b + L->phoff + L->phentsize, c64, be, &ph);

	for (i = 0; i < L->load_filesz; i++)
		b[L->load_off + i] = (uint8_t)(0xa0 + i);
	memcpy(b + L->shstr_off, shstrtab, sizeof(shstrtab));
	memcpy(b + L->str_off, strtab, sizeof(strtab));
	o = L->sym_off + EB_SYMSIZE(c64);	/* entry 0 is the null symbol */
	eb_sym(b + o, c64, be, S_START, L->entry, 4, 0x12, SEC_TEXT);
	eb_sym(b + o + EB_SYMSIZE(c64), c64, be, S_VMLINUX_START,
	       c64 ? 0xc000000000abc000ULL : 0xc0abc000ULL, 0, 0x10, SEC_TEXT);

#define SH(idx, nm, ty, off, sz, lnk, esz) do {				\
		memset(&sh, 0, sizeof(sh));					\
		sh.name = nm; sh.type = ty; sh.offset = off; sh.size = sz;	\
		sh.link = lnk; sh.entsize = esz; sh.addralign = 1;		\
		eb_shdr(b + L->shoff + (idx) * EB_SHENTSIZE(c64), c64, be, &sh); \
	} while (0)
	SH(SEC_NULL, 0, 0, 0, 0, 0, 0);
	SH(SEC_TEXT, N_TEXT, 1, L->load_off, L->load_filesz, 0, 0);
	SH(SEC_SHSTRTAB, N_SHSTRTAB, 3, L->shstr_off, L->shstr_size, 0, 0);
	SH(SEC_SYMTAB, N_SYMTAB, 2, L->sym_off, L->sym_size, SEC_STRTAB, EB_SYMSIZE(c64));
	SH(SEC_STRTAB, N_STRTAB, 3, L->str_off, L->str_size, 0, 0);
	SH(SEC_BSS, N_BSS, KX_SHT_NOBITS, L->load_off + L->load_filesz, 0x180, 0, 0);
	SH(SEC_NOTE, N_NOTE, 7, L->note_off, L->note_size, 0, 0);
#undef SH
	/* .text's address, so lookups can be told apart */
	{
		uint8_t *t = b + L->shoff + SEC_TEXT * EB_SHENTSIZE(c64);

		if (c64)
			eb_w64(be, t + 16, L->vbase);
		else
			eb_w32(be, t + 12, (uint32_t)L->vbase);
	}
	return b;
}

/*
 * Parse @len bytes of @src through an exact-size heap copy, which the parsed
 * view points into: the caller frees *copy after elf_free.
 */
static int parse_copy(const uint8_t *src, size_t len, struct elf_file *e, char *why, size_t wl,
		      uint8_t **copy)
{
	uint8_t *c = malloc(len ? len : 1);

	memcpy(c, src, len);
	why[0] = 0;
	*copy = c;
	return elf_parse(c, len, e, why, wl);
}

/* Reparse and run @fn on a modified copy of @orig. */
static int parse_mod(const uint8_t *orig, size_t len, void (*fn)(uint8_t *, const struct lay *),
		     const struct lay *L, char *why, size_t wl)
{
	uint8_t *c = malloc(len);
	struct elf_file e;
	int rc;

	memcpy(c, orig, len);
	fn(c, L);
	why[0] = 0;
	rc = elf_parse(c, len, &e, why, wl);
	if (rc == 0)
		elf_free(&e);
	free(c);
	return rc;
}

static const char *tag(const struct lay *L)
{
	return L->c64 ? (L->be ? "ELF64 BE" : "ELF64 LE") : (L->be ? "ELF32 BE" : "ELF32 LE");
}

static void good_file(int c64, int be)
{
	struct lay L;
	uint8_t *b = build(c64, be, &L);
	struct elf_file e;
	const struct elf_shdr *s;
	char why[256];
	uint64_t v = 0;
	int rc;
	uint8_t *copy = malloc(L.size);

	memcpy(copy, b, L.size);
	rc = elf_parse(copy, L.size, &e, why, sizeof(why));
	CHECK(rc == 0, "%s: a well-formed file parses (%s)", tag(&L), rc ? why : "ok");
	if (rc) {
		free(copy);
		free(b);
		return;
	}
	CHECK(e.data == copy && e.size == L.size, "%s: data/size point at the caller's bytes", tag(&L));
	CHECK_EQ_U64(e.class64, c64, "%s: class64", tag(&L));
	CHECK_EQ_U64(e.big_endian, be, "%s: big_endian", tag(&L));
	CHECK_EQ_U64(e.type, KX_ET_EXEC, "%s: e_type", tag(&L));
	CHECK_EQ_U64(e.machine, c64 ? KX_EM_PPC64 : KX_EM_PPC, "%s: e_machine", tag(&L));
	CHECK_EQ_U64(e.flags, 2, "%s: e_flags", tag(&L));
	CHECK_EQ_U64(e.entry, L.entry, "%s: e_entry", tag(&L));
	CHECK_EQ_U64(e.phnum, 2, "%s: phnum", tag(&L));
	CHECK_EQ_U64(e.phdrs[0].type, KX_PT_LOAD, "%s: phdr 0 type", tag(&L));
	CHECK_EQ_U64(e.phdrs[0].flags, 5, "%s: phdr 0 flags", tag(&L));
	CHECK_EQ_U64(e.phdrs[0].offset, L.load_off, "%s: phdr 0 offset", tag(&L));
	CHECK_EQ_U64(e.phdrs[0].vaddr, L.vbase, "%s: phdr 0 vaddr", tag(&L));
	CHECK_EQ_U64(e.phdrs[0].paddr, 0x1000, "%s: phdr 0 paddr", tag(&L));
	CHECK_EQ_U64(e.phdrs[0].filesz, 0x80, "%s: phdr 0 filesz", tag(&L));
	CHECK_EQ_U64(e.phdrs[0].memsz, 0x200, "%s: phdr 0 memsz", tag(&L));
	CHECK_EQ_U64(e.phdrs[0].align, 0x10000, "%s: phdr 0 align", tag(&L));
	CHECK_EQ_U64(e.phdrs[1].type, KX_PT_NOTE, "%s: phdr 1 type", tag(&L));
	CHECK_EQ_U64(e.phdrs[1].flags, 4, "%s: phdr 1 flags", tag(&L));
	CHECK_EQ_U64(e.phdrs[1].offset, L.note_off, "%s: phdr 1 offset", tag(&L));
	CHECK_EQ_U64(e.phdrs[1].align, 4, "%s: phdr 1 align", tag(&L));
	CHECK_EQ_U64(e.shnum, NSEC, "%s: shnum", tag(&L));
	if (e.shnum == NSEC) {
		CHECK_STR(e.shdrs[SEC_NULL].name_str, "", "%s: section 0 has no name", tag(&L));
		CHECK_STR(e.shdrs[SEC_TEXT].name_str, ".text", "%s: section 1 name", tag(&L));
		CHECK_STR(e.shdrs[SEC_SHSTRTAB].name_str, ".shstrtab", "%s: section 2 name", tag(&L));
		CHECK_STR(e.shdrs[SEC_NOTE].name_str, ".note", "%s: last name (ends the table)",
			  tag(&L));
		CHECK_EQ_U64(e.shdrs[SEC_SYMTAB].link, SEC_STRTAB, "%s: .symtab sh_link", tag(&L));
		CHECK_EQ_U64(e.shdrs[SEC_SYMTAB].entsize, EB_SYMSIZE(c64), "%s: .symtab sh_entsize",
			     tag(&L));
		CHECK_EQ_U64(e.shdrs[SEC_BSS].type, KX_SHT_NOBITS, "%s: .bss sh_type", tag(&L));
		CHECK_EQ_U64(e.shdrs[SEC_BSS].size, 0x180, "%s: .bss sh_size", tag(&L));
	}
	s = elf_section(&e, ".text");
	CHECK(s == &e.shdrs[SEC_TEXT], "%s: elf_section(.text)", tag(&L));
	if (s) {
		CHECK_EQ_U64(s->addr, L.vbase, "%s: .text sh_addr", tag(&L));
		CHECK_EQ_U64(s->offset, L.load_off, "%s: .text sh_offset", tag(&L));
		CHECK_EQ_U64(s->size, 0x80, "%s: .text sh_size", tag(&L));
		CHECK_EQ_U64(s->addralign, 1, "%s: .text sh_addralign", tag(&L));
	}
	CHECK(elf_section(&e, ".strtab") == &e.shdrs[SEC_STRTAB], "%s: elf_section(.strtab)", tag(&L));
	CHECK(elf_section(&e, ".data") == NULL, "%s: elf_section of an absent name is NULL", tag(&L));
	CHECK(elf_section(&e, ".tex") == NULL, "%s: no prefix match in elf_section", tag(&L));
	CHECK(elf_section(&e, "") == &e.shdrs[SEC_NULL], "%s: \"\" finds the null section", tag(&L));
	rc = elf_symbol(&e, "_vmlinux_start", &v);
	CHECK(rc == 0, "%s: elf_symbol(_vmlinux_start) found", tag(&L));
	CHECK_EQ_U64(v, c64 ? 0xc000000000abc000ULL : 0xc0abc000ULL, "%s: _vmlinux_start value",
		     tag(&L));
	rc = elf_symbol(&e, "_start", &v);
	CHECK(rc == 0 && v == L.entry, "%s: elf_symbol(_start) = entry", tag(&L));
	v = 0x1234;
	CHECK_EQ_U64(elf_symbol(&e, "_sta", &v), -ENOENT, "%s: symbol prefix is not a match", tag(&L));
	CHECK_EQ_U64(elf_symbol(&e, "missing", &v), -ENOENT, "%s: absent symbol -ENOENT", tag(&L));
	CHECK_EQ_U64(v, 0x1234, "%s: value untouched when absent", tag(&L));
	elf_free(&e);
	CHECK(e.phdrs == NULL && e.shdrs == NULL, "%s: elf_free clears the pointers", tag(&L));
	elf_free(&e);	/* twice is harmless */
	free(copy);
	free(b);
}

/* Truncated at every length: the error names the part that is cut. */
static void truncations(int c64, int be)
{
	struct lay L;
	uint8_t *b = build(c64, be, &L);
	size_t cut, phend = L.phoff + L.phnum * L.phentsize, load_end = L.load_off + L.load_filesz;
	int bad = 0, badwhy = 0;
	char why[256], first_bad[320] = "";

	for (cut = 0; cut <= L.size; cut++) {
		struct elf_file e;
		uint8_t *copy;
		int rc = parse_copy(b, cut, &e, why, sizeof(why), &copy);
		const char *want;

		if (cut < 4)
			want = "not an ELF file";
		else if (cut < 16)
			want = "truncated ELF identification";
		else if (cut < L.ehsize)
			want = "truncated ELF header";
		else if (cut < phend)
			want = "program headers";
		else if (cut < load_end)
			want = "truncated?";
		else if (cut < L.size)
			want = "section headers";
		else
			want = NULL;
		if (rc == 0)
			elf_free(&e);
		free(copy);
		if (want ? rc != -ENOEXEC : rc != 0) {
			bad++;
			if (!first_bad[0])
				snprintf(first_bad, sizeof(first_bad), "cut %zu: rc %d (%s)", cut, rc, why);
		} else if (want && !strstr(why, want)) {
			badwhy++;
			if (!first_bad[0])
				snprintf(first_bad, sizeof(first_bad), "cut %zu: why \"%s\", wanted \"%s\"",
					 cut, why, want);
		}
	}
	CHECK(bad == 0, "%s: every truncation 0..%zu fails with -ENOEXEC (and the full file parses)%s%s",
	      tag(&L), L.size, bad ? ": " : "", bad ? first_bad : "");
	CHECK(badwhy == 0, "%s: each truncation's reason names the cut part%s%s", tag(&L),
	      badwhy ? ": " : "", badwhy ? first_bad : "");
	/* Spot checks of the exact wording. */
	{
		struct elf_file e;
		uint8_t *copy;
		char want[128];

		parse_copy(b, L.ehsize - 1, &e, why, sizeof(why), &copy);
		free(copy);
		snprintf(want, sizeof(want), "truncated ELF header: %zu of %zu bytes", L.ehsize - 1,
			 L.ehsize);
		CHECK_STR(why, want, "%s: header cut one byte short", tag(&L));
		parse_copy(b, 10, &e, why, sizeof(why), &copy);
		free(copy);
		CHECK_STR(why, "truncated ELF identification (10 bytes)", "%s: cut inside e_ident",
			  tag(&L));
		parse_copy(b, L.load_off + 1, &e, why, sizeof(why), &copy);
		free(copy);
		snprintf(want, sizeof(want), "segment 0: bytes %#zx-%#zx lie past the end of the file "
			 "(%zu bytes): truncated?", L.load_off, L.load_off + L.load_filesz,
			 L.load_off + 1);
		CHECK_STR(why, want, "%s: cut inside the PT_LOAD data", tag(&L));
	}
	free(b);
}

/* ---- modifications of a good file --------------------------------------- */

static void ph0_field64(uint8_t *b, const struct lay *L, int off64, int off32, uint64_t v)
{
	uint8_t *p = b + L->phoff;

	if (L->c64)
		eb_w64(L->be, p + off64, v);
	else
		eb_w32(L->be, p + off32, (uint32_t)v);
}

static void m_phoff_huge(uint8_t *b, const struct lay *L)
{
	if (L->c64)
		eb_w64(L->be, b + 32, UINT64_MAX - 16);
	else
		eb_w32(L->be, b + 28, UINT32_MAX - 16);
}

static void m_phoff_past(uint8_t *b, const struct lay *L)
{
	/* The table would end one byte after the file. */
	uint64_t v = L->size - L->phnum * L->phentsize + 1;

	if (L->c64)
		eb_w64(L->be, b + 32, v);
	else
		eb_w32(L->be, b + 28, (uint32_t)v);
}

static void m_phoff_exact(uint8_t *b, const struct lay *L)
{
	/* Table ends exactly at the end of the file: fine.  (It then overlays
	 * the section headers, whose bytes there read as PT_NULL entries.) */
	uint64_t v = L->size - L->phnum * L->phentsize;

	if (L->c64)
		eb_w64(L->be, b + 32, v);
	else
		eb_w32(L->be, b + 28, (uint32_t)v);
}

static void m_phnum0(uint8_t *b, const struct lay *L)
{
	eb_w16(L->be, b + (L->c64 ? 56 : 44), 0);
}

static void m_phnum_max(uint8_t *b, const struct lay *L)
{
	eb_w16(L->be, b + (L->c64 ? 56 : 44), KX_ELF_MAX_PHDRS + 1);
}

static void m_phnum_xnum(uint8_t *b, const struct lay *L)
{
	eb_w16(L->be, b + (L->c64 ? 56 : 44), 0xffff);
}

static void m_phentsize_small(uint8_t *b, const struct lay *L)
{
	eb_w16(L->be, b + (L->c64 ? 54 : 42), (uint16_t)(L->phentsize - 1));
}

static void m_load_off_wrap(uint8_t *b, const struct lay *L)
{
	ph0_field64(b, L, 8, 4, L->c64 ? UINT64_MAX - 0x10 : UINT32_MAX - 0x10);
}

static void m_load_past_end(uint8_t *b, const struct lay *L)
{
	/* offset + filesz = size + 1 */
	ph0_field64(b, L, 8, 4, L->size - L->load_filesz + 1);
}

static void m_load_to_end(uint8_t *b, const struct lay *L)
{
	/* offset + filesz = size exactly: allowed */
	ph0_field64(b, L, 8, 4, L->size - L->load_filesz);
}

static void m_filesz_gt_memsz(uint8_t *b, const struct lay *L)
{
	ph0_field64(b, L, 40, 20, L->load_filesz - 1);	/* memsz */
}

static void m_filesz_huge(uint8_t *b, const struct lay *L)
{
	ph0_field64(b, L, 32, 16, L->c64 ? UINT64_MAX : UINT32_MAX);	/* filesz */
	ph0_field64(b, L, 40, 20, L->c64 ? UINT64_MAX : UINT32_MAX);	/* memsz */
}

static void m_paddr_wrap(uint8_t *b, const struct lay *L)
{
	/* 64-bit: paddr + memsz wraps; 32-bit values cannot wrap 64 bits */
	ph0_field64(b, L, 24, 12, L->c64 ? UINT64_MAX - 0xff : 0xffffff00);
}

static void m_vaddr_wrap(uint8_t *b, const struct lay *L)
{
	ph0_field64(b, L, 16, 8, L->c64 ? UINT64_MAX - 0xff : 0xffffff00);
}

static void m_class0(uint8_t *b, const struct lay *L)  { (void)L; b[4] = 0; }
static void m_class3(uint8_t *b, const struct lay *L)  { (void)L; b[4] = 3; }
static void m_data0(uint8_t *b, const struct lay *L)   { (void)L; b[5] = 0; }
static void m_data3(uint8_t *b, const struct lay *L)   { (void)L; b[5] = 3; }
static void m_magic(uint8_t *b, const struct lay *L)   { (void)L; b[3] = 'f'; }

static void m_shoff_past(uint8_t *b, const struct lay *L)
{
	if (L->c64)
		eb_w64(L->be, b + 40, L->shoff + 1);
	else
		eb_w32(L->be, b + 32, (uint32_t)(L->shoff + 1));
}

static void m_shoff_wrap(uint8_t *b, const struct lay *L)
{
	if (L->c64)
		eb_w64(L->be, b + 40, UINT64_MAX - 8);
	else
		eb_w32(L->be, b + 32, UINT32_MAX - 8);
}

static void m_shentsize_small(uint8_t *b, const struct lay *L)
{
	eb_w16(L->be, b + (L->c64 ? 58 : 46), (uint16_t)(EB_SHENTSIZE(L->c64) - 1));
}

static void m_no_sections(uint8_t *b, const struct lay *L)
{
	/* shnum 0 with a nonsense offset: sections are optional */
	eb_w16(L->be, b + (L->c64 ? 60 : 48), 0);
	if (L->c64)
		eb_w64(L->be, b + 40, UINT64_MAX);
	else
		eb_w32(L->be, b + 32, UINT32_MAX);
}

struct mod_case {
	const char *what;
	void (*fn)(uint8_t *, const struct lay *);
	int rc;
	const char *why;
};

static void modifications(int c64, int be)
{
	static const struct mod_case cases[] = {
		{ "e_phoff near the top of the address space (wraps)", m_phoff_huge, -ENOEXEC,
		  "program headers" },
		{ "program header table one byte past the end", m_phoff_past, -ENOEXEC,
		  "run past the end of the file" },
		{ "program header table ending exactly at the end", m_phoff_exact, 0, NULL },
		{ "no program headers", m_phnum0, -ENOEXEC, "no program headers" },
		{ "more program headers than KX_ELF_MAX_PHDRS", m_phnum_max, -ENOEXEC,
		  "program headers is more than" },
		{ "e_phnum 0xffff (PN_XNUM)", m_phnum_xnum, -ENOEXEC, "more than" },
		{ "e_phentsize too small", m_phentsize_small, -ENOEXEC, "program header size" },
		{ "PT_LOAD offset wraps", m_load_off_wrap, -ENOEXEC, "past the end of the file" },
		{ "PT_LOAD data one byte past the end", m_load_past_end, -ENOEXEC, "truncated?" },
		{ "PT_LOAD data ending exactly at the end", m_load_to_end, 0, NULL },
		{ "PT_LOAD filesz > memsz", m_filesz_gt_memsz, -ENOEXEC, "exceeds memory size" },
		{ "PT_LOAD filesz = memsz = max", m_filesz_huge, -ENOEXEC, "past the end" },
		{ "EI_CLASS 0", m_class0, -ENOEXEC, "invalid ELF class 0" },
		{ "EI_CLASS 3", m_class3, -ENOEXEC, "invalid ELF class 3" },
		{ "EI_DATA 0", m_data0, -ENOEXEC, "invalid ELF data encoding 0" },
		{ "EI_DATA 3", m_data3, -ENOEXEC, "invalid ELF data encoding 3" },
		{ "bad magic", m_magic, -ENOEXEC, "not an ELF file" },
		{ "section headers one byte past the end", m_shoff_past, -ENOEXEC,
		  "section headers" },
		{ "e_shoff wraps", m_shoff_wrap, -ENOEXEC, "section headers" },
		{ "e_shentsize too small", m_shentsize_small, -ENOEXEC, "section header size" },
		{ "e_shnum 0 with a nonsense e_shoff", m_no_sections, 0, NULL },
	};
	struct lay L;
	uint8_t *b = build(c64, be, &L);
	char why[256];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = parse_mod(b, L.size, cases[i].fn, &L, why, sizeof(why));

		CHECK_EQ_U64(rc, cases[i].rc, "%s: %s: rc", tag(&L), cases[i].what);
		if (cases[i].why)
			CHECK(strstr(why, cases[i].why) != NULL, "%s: %s: reason \"%s\" says \"%s\"",
			      tag(&L), cases[i].what, why, cases[i].why);
	}
	/* 64-bit-only wrap-around of the physical and virtual range. */
	if (c64) {
		int rc = parse_mod(b, L.size, m_paddr_wrap, &L, why, sizeof(why));

		CHECK_EQ_U64(rc, -ENOEXEC, "%s: PT_LOAD paddr + memsz wraps", tag(&L));
		CHECK(strstr(why, "wraps around") != NULL, "%s: reason \"%s\"", tag(&L), why);
		rc = parse_mod(b, L.size, m_vaddr_wrap, &L, why, sizeof(why));
		CHECK_EQ_U64(rc, -ENOEXEC, "%s: PT_LOAD vaddr + memsz wraps", tag(&L));
	} else {
		/* 32-bit numbers near 4 GiB do not wrap 64-bit arithmetic. */
		int rc = parse_mod(b, L.size, m_paddr_wrap, &L, why, sizeof(why));

		CHECK_EQ_U64(rc, 0, "%s: 32-bit paddr near 4 GiB is fine (%s)", tag(&L), why);
	}
	free(b);
}

/* A larger e_phentsize is honoured as the stride. */
static void wide_phentsize(int c64, int be)
{
	size_t phent = EB_PHENTSIZE(c64) + 8, size = 0x400;
	uint8_t *b = calloc(1, size);
	struct eb_hdr h;
	struct elf_phdr ph;
	struct elf_file e;
	uint8_t *copy;
	char why[256];
	int rc;

	memset(&h, 0, sizeof(h));
	h.c64 = c64;
	h.be = be;
	h.type = KX_ET_DYN;
	h.machine = 21;
	h.phoff = 0x40 + 0x40;
	h.phnum = 2;
	h.phentsize = (uint16_t)phent;
	eb_ehdr(b, &h);
	memset(&ph, 0, sizeof(ph));
	ph.type = KX_PT_LOAD;
	ph.offset = 0x200;
	ph.filesz = 0x10;
	ph.memsz = 0x10;
	ph.paddr = 0x3000;
	eb_phdr(b + h.phoff, c64, be, &ph);
	ph.offset = 0x300;
	ph.paddr = 0x5000;
	eb_phdr(b + h.phoff + phent, c64, be, &ph);
	rc = parse_copy(b, size, &e, why, sizeof(why), &copy);
	CHECK(rc == 0, "%s %s: e_phentsize %zu parses (%s)", c64 ? "ELF64" : "ELF32",
	      be ? "BE" : "LE", phent, why);
	if (rc == 0) {
		CHECK_EQ_U64(e.phdrs[1].paddr, 0x5000, "%s %s: second phdr read at the wider stride",
			     c64 ? "ELF64" : "ELF32", be ? "BE" : "LE");
		CHECK_EQ_U64(e.type, KX_ET_DYN, "ET_DYN type");
		CHECK(e.shdrs == NULL && e.shnum == 0, "no section headers: shdrs NULL");
		CHECK(elf_section(&e, ".text") == NULL, "elf_section without sections");
		{
			uint64_t v;

			CHECK_EQ_U64(elf_symbol(&e, "x", &v), -ENOENT, "elf_symbol without sections");
		}
		elf_free(&e);
	}
	free(copy);
	free(b);
}

/* KX_ELF_MAX_PHDRS program headers exactly: accepted. */
static void max_phdrs(void)
{
	size_t size = 64 + (size_t)KX_ELF_MAX_PHDRS * 56;
	uint8_t *b = calloc(1, size);
	struct eb_hdr h;
	struct elf_file e;
	uint8_t *copy;
	char why[256];
	int rc;

	memset(&h, 0, sizeof(h));
	h.c64 = 1;
	h.be = 1;
	h.type = KX_ET_EXEC;
	h.machine = 21;
	h.phoff = 64;
	h.phnum = KX_ELF_MAX_PHDRS;
	eb_ehdr(b, &h);	/* all PT_NULL */
	rc = parse_copy(b, size, &e, why, sizeof(why), &copy);
	CHECK(rc == 0, "%d program headers (the maximum) are accepted (%s)", KX_ELF_MAX_PHDRS, why);
	if (rc == 0) {
		CHECK_EQ_U64(e.phnum, KX_ELF_MAX_PHDRS, "phnum = max");
		elf_free(&e);
	}
	free(copy);
	free(b);
}

/* Broken section tables and name tables. */
static void section_names(int c64, int be)
{
	struct lay L;
	uint8_t *b = build(c64, be, &L), *c;
	size_t she = EB_SHENTSIZE(c64);
	struct elf_file e;
	char why[256];
	uint64_t v;
	int rc;

	/* 1. .shstrtab whose last name is not NUL-terminated: cut its size by one. */
	c = malloc(L.size);
	memcpy(c, b, L.size);
	if (c64)
		eb_w64(be, c + L.shoff + SEC_SHSTRTAB * she + 32, L.shstr_size - 1);
	else
		eb_w32(be, c + L.shoff + SEC_SHSTRTAB * she + 20, (uint32_t)(L.shstr_size - 1));
	rc = elf_parse(c, L.size, &e, why, sizeof(why));
	CHECK_EQ_U64(rc, 0, "%s: unterminated last name still parses", tag(&L));
	if (rc == 0) {
		CHECK_STR(e.shdrs[SEC_NOTE].name_str, "", "%s: unterminated name reads as \"\"", tag(&L));
		CHECK_STR(e.shdrs[SEC_BSS].name_str, ".bss", "%s: other names intact", tag(&L));
		CHECK(elf_section(&e, ".note") == NULL, "%s: unterminated name is not found", tag(&L));
		CHECK(elf_section(&e, ".bss") == &e.shdrs[SEC_BSS], "%s: .bss still found", tag(&L));
		elf_free(&e);
	}
	free(c);

	/* 2. .shstrtab with no NUL at all (size cut to exclude the leading NUL's successors). */
	c = malloc(L.size);
	memcpy(c, b, L.size);
	memset(c + L.shstr_off, 'x', L.shstr_size);
	rc = elf_parse(c, L.size, &e, why, sizeof(why));
	CHECK_EQ_U64(rc, 0, "%s: name table without any NUL parses", tag(&L));
	if (rc == 0) {
		size_t i;
		int named = 0;

		for (i = 0; i < e.shnum; i++)
			named += e.shdrs[i].name_str[0] != 0;
		CHECK_EQ_U64(named, 0, "%s: no section gets a name from a table without NULs", tag(&L));
		elf_free(&e);
	}
	free(c);

	/* 3. A name index past the table. */
	c = malloc(L.size);
	memcpy(c, b, L.size);
	eb_w32(be, c + L.shoff + SEC_TEXT * she, (uint32_t)L.shstr_size);
	eb_w32(be, c + L.shoff + SEC_BSS * she, 0xffffffffu);
	rc = elf_parse(c, L.size, &e, why, sizeof(why));
	CHECK_EQ_U64(rc, 0, "%s: name index past .shstrtab parses", tag(&L));
	if (rc == 0) {
		CHECK_STR(e.shdrs[SEC_TEXT].name_str, "", "%s: index == size gives \"\"", tag(&L));
		CHECK_STR(e.shdrs[SEC_BSS].name_str, "", "%s: index 0xffffffff gives \"\"", tag(&L));
		CHECK(elf_section(&e, ".text") == NULL, "%s: .text no longer found", tag(&L));
		elf_free(&e);
	}
	free(c);

	/* 4. .shstrtab lying outside the file, or NOBITS: no names, still parses. */
	c = malloc(L.size);
	memcpy(c, b, L.size);
	if (c64)
		eb_w64(be, c + L.shoff + SEC_SHSTRTAB * she + 24, UINT64_MAX - 2);
	else
		eb_w32(be, c + L.shoff + SEC_SHSTRTAB * she + 16, UINT32_MAX - 2);
	rc = elf_parse(c, L.size, &e, why, sizeof(why));
	CHECK_EQ_U64(rc, 0, "%s: .shstrtab offset past the file parses", tag(&L));
	if (rc == 0) {
		CHECK_STR(e.shdrs[SEC_TEXT].name_str, "", "%s: ... without names", tag(&L));
		CHECK_EQ_U64(e.shdrs[SEC_TEXT].offset, L.load_off, "%s: ... sections still read",
			     tag(&L));
		CHECK_EQ_U64(elf_symbol(&e, "_start", &v), -ENOENT,
			     "%s: ... and no .symtab can be found by name", tag(&L));
		elf_free(&e);
	}
	eb_w32(be, c + L.shoff + SEC_SHSTRTAB * she + 4, KX_SHT_NOBITS);
	if (c64)
		eb_w64(be, c + L.shoff + SEC_SHSTRTAB * she + 24, L.shstr_off);
	else
		eb_w32(be, c + L.shoff + SEC_SHSTRTAB * she + 16, (uint32_t)L.shstr_off);
	rc = elf_parse(c, L.size, &e, why, sizeof(why));
	CHECK(rc == 0 && e.shdrs[SEC_TEXT].name_str[0] == 0,
	      "%s: a NOBITS .shstrtab gives no names", tag(&L));
	if (rc == 0)
		elf_free(&e);
	free(c);

	/* 5. e_shstrndx out of range: no names. */
	c = malloc(L.size);
	memcpy(c, b, L.size);
	eb_w16(be, c + (c64 ? 62 : 50), NSEC);
	rc = elf_parse(c, L.size, &e, why, sizeof(why));
	CHECK(rc == 0 && e.shnum == NSEC && !e.shdrs[SEC_TEXT].name_str[0],
	      "%s: e_shstrndx == e_shnum: sections without names", tag(&L));
	if (rc == 0)
		elf_free(&e);
	free(c);

	/* 6. Broken .symtab: link out of range, data outside the file, names unterminated. */
	c = malloc(L.size);
	memcpy(c, b, L.size);
	eb_w32(be, c + L.shoff + SEC_SYMTAB * she + (c64 ? 40 : 24), 99);	/* sh_link */
	rc = elf_parse(c, L.size, &e, why, sizeof(why));
	if (rc == 0) {
		CHECK_EQ_U64(elf_symbol(&e, "_start", &v), -ENOENT, "%s: .symtab sh_link out of range",
			     tag(&L));
		elf_free(&e);
	}
	memcpy(c, b, L.size);
	if (c64)
		eb_w64(be, c + L.shoff + SEC_SYMTAB * she + 32, L.size);	/* sh_size */
	else
		eb_w32(be, c + L.shoff + SEC_SYMTAB * she + 20, (uint32_t)L.size);
	rc = elf_parse(c, L.size, &e, why, sizeof(why));
	if (rc == 0) {
		CHECK_EQ_U64(elf_symbol(&e, "_start", &v), -ENOENT,
			     "%s: .symtab running past the file", tag(&L));
		elf_free(&e);
	}
	memcpy(c, b, L.size);
	if (c64)
		eb_w64(be, c + L.shoff + SEC_STRTAB * she + 24, UINT64_MAX - 1);	/* strtab offset */
	else
		eb_w32(be, c + L.shoff + SEC_STRTAB * she + 16, UINT32_MAX - 1);
	rc = elf_parse(c, L.size, &e, why, sizeof(why));
	if (rc == 0) {
		CHECK_EQ_U64(elf_symbol(&e, "_start", &v), -ENOENT, "%s: .strtab past the file",
			     tag(&L));
		elf_free(&e);
	}
	/* .strtab shortened so "_vmlinux_start" loses its NUL: not found, "_start" still is. */
	memcpy(c, b, L.size);
	if (c64)
		eb_w64(be, c + L.shoff + SEC_STRTAB * she + 32, L.str_size - 2);
	else
		eb_w32(be, c + L.shoff + SEC_STRTAB * she + 20, (uint32_t)(L.str_size - 2));
	rc = elf_parse(c, L.size, &e, why, sizeof(why));
	if (rc == 0) {
		CHECK_EQ_U64(elf_symbol(&e, "_vmlinux_start", &v), -ENOENT,
			     "%s: symbol whose name lacks its NUL is not found", tag(&L));
		CHECK(elf_symbol(&e, "_start", &v) == 0 && v == L.entry,
		      "%s: the other symbol still is", tag(&L));
		elf_free(&e);
	}
	/* A symbol name index past .strtab. */
	memcpy(c, b, L.size);
	eb_w32(be, c + L.sym_off + EB_SYMSIZE(c64), 0x7fffffff);
	rc = elf_parse(c, L.size, &e, why, sizeof(why));
	if (rc == 0) {
		CHECK_EQ_U64(elf_symbol(&e, "_start", &v), -ENOENT,
			     "%s: symbol name index past .strtab", tag(&L));
		elf_free(&e);
	}
	free(c);
	free(b);
}

static void misc(void)
{
	static const uint8_t magic[4] = { 0x7f, 'E', 'L', 'F' };
	struct elf_file e;
	char why[64];

	CHECK(elf_is_elf(magic, 4), "elf_is_elf on the 4-byte magic");
	CHECK(!elf_is_elf(magic, 3), "elf_is_elf on 3 bytes");
	CHECK(!elf_is_elf(magic, 0), "elf_is_elf on 0 bytes");
	CHECK(!elf_is_elf("\x1f\x8b\x08\x00", 4), "elf_is_elf on gzip");
	CHECK_STR(elf_machine_name(21), "PowerPC64", "machine 21");
	CHECK_STR(elf_machine_name(20), "PowerPC (32-bit)", "machine 20");
	CHECK_STR(elf_machine_name(62), "x86-64", "machine 62");
	CHECK_STR(elf_machine_name(183), "AArch64", "machine 183");
	CHECK_STR(elf_machine_name(0xbeef), "unknown", "unknown machine");
	/* A failed parse leaves a struct that elf_free accepts. */
	memset(&e, 0xa5, sizeof(e));
	CHECK_EQ_U64(elf_parse("\177ELF\002", 5, &e, why, sizeof(why)), -ENOEXEC, "5-byte file");
	CHECK(e.phdrs == NULL && e.shdrs == NULL, "failure zeroes *out");
	elf_free(&e);
	/* A tiny why buffer is respected. */
	CHECK_EQ_U64(elf_parse("nope", 4, &e, why, 4), -ENOEXEC, "non-ELF");
	CHECK_STR(why, "not", "reason truncated to the buffer");
}

int main(void)
{
	int c64, be;

	CHECK_PROGRAM("elf");
	for (c64 = 1; c64 >= 0; c64--)
		for (be = 0; be <= 1; be++) {
			good_file(c64, be);
			truncations(c64, be);
			modifications(c64, be);
			wide_phentsize(c64, be);
			section_names(c64, be);
		}
	max_phdrs();
	misc();
	return CHECK_DONE();
}
