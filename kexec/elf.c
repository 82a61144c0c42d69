// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bytes.h"
#include "elf.h"

#define WHY(...) snprintf(why, whylen, __VA_ARGS__)

int elf_is_elf(const void *data, size_t size)
{
	return size >= 4 && !memcmp(data, "\177ELF", 4);
}

const char *elf_machine_name(uint16_t machine)
{
	switch (machine) {
	case 0: return "none";
	case 2: return "SPARC";
	case 3: return "i386";
	case 8: return "MIPS";
	case KX_EM_PPC: return "PowerPC (32-bit)";
	case KX_EM_PPC64: return "PowerPC64";
	case 22: return "S/390";
	case 40: return "ARM";
	case 62: return "x86-64";
	case 183: return "AArch64";
	case 243: return "RISC-V";
	default: return "unknown";
	}
}

/* a + b <= limit without wrapping */
static int fits(uint64_t a, uint64_t b, uint64_t limit)
{
	return a <= limit && b <= limit - a;
}

static void read_phdr(const struct elf_file *e, const uint8_t *p, struct elf_phdr *ph)
{
	int be = e->big_endian;

	if (e->class64) {
		ph->type = bo32_ld(be, p);
		ph->flags = bo32_ld(be, p + 4);
		ph->offset = bo64_ld(be, p + 8);
		ph->vaddr = bo64_ld(be, p + 16);
		ph->paddr = bo64_ld(be, p + 24);
		ph->filesz = bo64_ld(be, p + 32);
		ph->memsz = bo64_ld(be, p + 40);
		ph->align = bo64_ld(be, p + 48);
	} else {
		ph->type = bo32_ld(be, p);
		ph->offset = bo32_ld(be, p + 4);
		ph->vaddr = bo32_ld(be, p + 8);
		ph->paddr = bo32_ld(be, p + 12);
		ph->filesz = bo32_ld(be, p + 16);
		ph->memsz = bo32_ld(be, p + 20);
		ph->flags = bo32_ld(be, p + 24);
		ph->align = bo32_ld(be, p + 28);
	}
}

static void read_shdr(const struct elf_file *e, const uint8_t *p, struct elf_shdr *sh)
{
	int be = e->big_endian;

	sh->name = bo32_ld(be, p);
	sh->type = bo32_ld(be, p + 4);
	if (e->class64) {
		sh->flags = bo64_ld(be, p + 8);
		sh->addr = bo64_ld(be, p + 16);
		sh->offset = bo64_ld(be, p + 24);
		sh->size = bo64_ld(be, p + 32);
		sh->link = bo32_ld(be, p + 40);
		sh->info = bo32_ld(be, p + 44);
		sh->addralign = bo64_ld(be, p + 48);
		sh->entsize = bo64_ld(be, p + 56);
	} else {
		sh->flags = bo32_ld(be, p + 8);
		sh->addr = bo32_ld(be, p + 12);
		sh->offset = bo32_ld(be, p + 16);
		sh->size = bo32_ld(be, p + 20);
		sh->link = bo32_ld(be, p + 24);
		sh->info = bo32_ld(be, p + 28);
		sh->addralign = bo32_ld(be, p + 32);
		sh->entsize = bo32_ld(be, p + 36);
	}
	sh->name_str = "";
}

static int parse_sections(struct elf_file *e, uint64_t shoff, uint16_t shentsize,
			  uint16_t shnum, uint16_t shstrndx, char *why, size_t whylen)
{
	size_t want = e->class64 ? 64 : 40, i;
	const struct elf_shdr *str;

	if (shoff == 0 || shnum == 0)
		return 0;
	if (shentsize < want) {
		WHY("section header size %u is smaller than %zu", shentsize, want);
		return -ENOEXEC;
	}
	if (!fits(shoff, (uint64_t)shentsize * shnum, e->size)) {
		WHY("section headers (%u at offset %#llx) run past the end of the file (%zu bytes)",
		    shnum, (unsigned long long)shoff, e->size);
		return -ENOEXEC;
	}
	e->shdrs = calloc(shnum, sizeof(*e->shdrs));
	if (!e->shdrs) {
		WHY("out of memory");
		return -ENOMEM;
	}
	e->shnum = shnum;
	for (i = 0; i < shnum; i++)
		read_shdr(e, e->data + shoff + i * shentsize, &e->shdrs[i]);
	if (shstrndx >= shnum)
		return 0;	/* no names: sections still usable by type */
	str = &e->shdrs[shstrndx];
	if (str->type == KX_SHT_NOBITS || !fits(str->offset, str->size, e->size))
		return 0;
	for (i = 0; i < shnum; i++) {
		struct elf_shdr *sh = &e->shdrs[i];
		const char *base = (const char *)e->data + str->offset;

		/* A name counts only if it is NUL-terminated inside .shstrtab. */
		if (sh->name < str->size && memchr(base + sh->name, 0, str->size - sh->name))
			sh->name_str = base + sh->name;
	}
	return 0;
}

int elf_parse(const void *data, size_t size, struct elf_file *out, char *why, size_t whylen)
{
	struct elf_file e;
	const uint8_t *d = data;
	uint64_t phoff, shoff;
	uint16_t phentsize, phnum, shentsize, shnum, shstrndx;
	size_t ehsize, want, i;
	int rc;

	memset(&e, 0, sizeof(e));
	memset(out, 0, sizeof(*out));
	e.data = d;
	e.size = size;
	if (!elf_is_elf(d, size)) {
		WHY("not an ELF file");
		return -ENOEXEC;
	}
	if (size < 16) {
		WHY("truncated ELF identification (%zu bytes)", size);
		return -ENOEXEC;
	}
	if (d[4] != 1 && d[4] != 2) {
		WHY("invalid ELF class %u", d[4]);
		return -ENOEXEC;
	}
	if (d[5] != 1 && d[5] != 2) {
		WHY("invalid ELF data encoding %u", d[5]);
		return -ENOEXEC;
	}
	e.class64 = d[4] == 2;
	e.big_endian = d[5] == 2;
	ehsize = e.class64 ? 64 : 52;
	if (size < ehsize) {
		WHY("truncated ELF header: %zu of %zu bytes", size, ehsize);
		return -ENOEXEC;
	}
	e.type = bo16_ld(e.big_endian, d + 16);
	e.machine = bo16_ld(e.big_endian, d + 18);
	if (e.class64) {
		e.entry = bo64_ld(e.big_endian, d + 24);
		phoff = bo64_ld(e.big_endian, d + 32);
		shoff = bo64_ld(e.big_endian, d + 40);
		e.flags = bo32_ld(e.big_endian, d + 48);
		phentsize = bo16_ld(e.big_endian, d + 54);
		phnum = bo16_ld(e.big_endian, d + 56);
		shentsize = bo16_ld(e.big_endian, d + 58);
		shnum = bo16_ld(e.big_endian, d + 60);
		shstrndx = bo16_ld(e.big_endian, d + 62);
	} else {
		e.entry = bo32_ld(e.big_endian, d + 24);
		phoff = bo32_ld(e.big_endian, d + 28);
		shoff = bo32_ld(e.big_endian, d + 32);
		e.flags = bo32_ld(e.big_endian, d + 36);
		phentsize = bo16_ld(e.big_endian, d + 42);
		phnum = bo16_ld(e.big_endian, d + 44);
		shentsize = bo16_ld(e.big_endian, d + 46);
		shnum = bo16_ld(e.big_endian, d + 48);
		shstrndx = bo16_ld(e.big_endian, d + 50);
	}
	want = e.class64 ? 56 : 32;
	if (phnum == 0) {
		WHY("no program headers");
		return -ENOEXEC;
	}
	if (phnum > KX_ELF_MAX_PHDRS) {
		WHY("%u program headers is more than %d", phnum, KX_ELF_MAX_PHDRS);
		return -ENOEXEC;
	}
	if (phentsize < want) {
		WHY("program header size %u is smaller than %zu", phentsize, want);
		return -ENOEXEC;
	}
	if (!fits(phoff, (uint64_t)phentsize * phnum, size)) {
		WHY("program headers (%u at offset %#llx) run past the end of the file (%zu bytes)",
		    phnum, (unsigned long long)phoff, size);
		return -ENOEXEC;
	}
	e.phdrs = calloc(phnum, sizeof(*e.phdrs));
	if (!e.phdrs) {
		WHY("out of memory");
		return -ENOMEM;
	}
	e.phnum = phnum;
	for (i = 0; i < phnum; i++) {
		struct elf_phdr *ph = &e.phdrs[i];

		read_phdr(&e, d + phoff + i * phentsize, ph);
		/* In a core header (an elfcorehdr) p_offset is a physical address, not in the file. */
		if (ph->type != KX_PT_LOAD || e.type == KX_ET_CORE)
			continue;
		if (ph->filesz > ph->memsz) {
			WHY("segment %zu: file size %#llx exceeds memory size %#llx", i,
			    (unsigned long long)ph->filesz, (unsigned long long)ph->memsz);
			goto bad;
		}
		if (ph->offset > UINT64_MAX - ph->filesz) {
			WHY("segment %zu: %#llx bytes at file offset %#llx run past the end of the file "
			    "(%zu bytes) and of the address space", i, (unsigned long long)ph->filesz,
			    (unsigned long long)ph->offset, size);
			goto bad;
		}
		if (!fits(ph->offset, ph->filesz, size)) {
			WHY("segment %zu: bytes %#llx-%#llx lie past the end of the file (%zu bytes): truncated?",
			    i, (unsigned long long)ph->offset,
			    (unsigned long long)(ph->offset + ph->filesz), size);
			goto bad;
		}
		if (!fits(ph->paddr, ph->memsz, UINT64_MAX) || !fits(ph->vaddr, ph->memsz, UINT64_MAX)) {
			WHY("segment %zu: address range wraps around", i);
			goto bad;
		}
	}
	rc = parse_sections(&e, shoff, shentsize, shnum, shstrndx, why, whylen);
	if (rc < 0) {
		elf_free(&e);
		return rc;
	}
	*out = e;
	return 0;
bad:
	elf_free(&e);
	return -ENOEXEC;
}

void elf_free(struct elf_file *e)
{
	free(e->phdrs);
	free(e->shdrs);
	e->phdrs = NULL;
	e->shdrs = NULL;
}

const struct elf_shdr *elf_section(const struct elf_file *e, const char *name)
{
	size_t i;

	for (i = 0; i < e->shnum; i++)
		if (!strcmp(e->shdrs[i].name_str, name))
			return &e->shdrs[i];
	return NULL;
}

/*
 * Walk .symtab; for each NUL-terminated name, @match may keep it (>= 0 stops
 * the walk and is returned, with the value in *value).
 */
static int symbol_walk(const struct elf_file *e, int (*match)(const char *name, const void *arg),
		       const void *arg, uint64_t *value)
{
	const struct elf_shdr *sym = elf_section(e, ".symtab"), *str;
	size_t entsz = e->class64 ? 24 : 16, i, n;
	int ended;

	if (!sym || sym->link >= e->shnum || !fits(sym->offset, sym->size, e->size))
		return -ENOENT;
	str = &e->shdrs[sym->link];
	if (!fits(str->offset, str->size, e->size))
		return -ENOENT;
	n = sym->size / entsz;
	/*
	 * A table that ends in NUL terminates every name in it, so one check
	 * here spares a memchr per symbol (a vmlinux has ~100,000 of them).
	 */
	ended = str->size && e->data[str->offset + str->size - 1] == 0;
	for (i = 0; i < n; i++) {
		const uint8_t *s = e->data + sym->offset + i * entsz;
		uint32_t nm = bo32_ld(e->big_endian, s);
		const char *sname = (const char *)e->data + str->offset + nm;
		int k;

		if (nm >= str->size || (!ended && !memchr(sname, 0, str->size - nm)) ||
		    (k = match(sname, arg)) < 0)
			continue;
		if (value)
			*value = e->class64 ? bo64_ld(e->big_endian, s + 8) : bo32_ld(e->big_endian, s + 4);
		return k;
	}
	return -ENOENT;
}

static int match_one(const char *name, const void *arg)
{
	return strcmp(name, arg) ? -1 : 0;
}

int elf_symbol(const struct elf_file *e, const char *name, uint64_t *value)
{
	return symbol_walk(e, match_one, name, value) < 0 ? -ENOENT : 0;
}

struct names {
	const char *const *v;
	size_t n;
};

static int match_any(const char *name, const void *arg)
{
	const struct names *w = arg;
	size_t i;

	if (name[0] != '_')	/* every name asked for starts so: most symbols stop here */
		return -1;
	for (i = 0; i < w->n; i++)
		if (!strcmp(name, w->v[i]))
			return (int)i;
	return -1;
}

int elf_symbol_any(const struct elf_file *e, const char *const *names, size_t n)
{
	struct names w = { names, n };

	return symbol_walk(e, match_any, &w, NULL);
}
