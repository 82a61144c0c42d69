/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A checked view of an ELF file (ELF32 or ELF64, either byte order).  Every
 * field is read through the file's own EI_DATA, so a little-endian kexec
 * parses big-endian kernels and the reverse.  No I/O: the caller owns the
 * bytes; parsing fails cleanly on truncated or inconsistent headers.
 */
#ifndef KX_ELF_H
#define KX_ELF_H

#include <stddef.h>
#include <stdint.h>

#define KX_EM_PPC	20
#define KX_EM_PPC64	21
#define KX_ET_EXEC	2
#define KX_ET_DYN	3
#define KX_ET_CORE	4
#define KX_PT_LOAD	1
#define KX_PT_NOTE	4
#define KX_SHT_RELA	4
#define KX_SHT_NOBITS	8
#define KX_SHT_REL	9
#define KX_ELF_MAX_PHDRS 4096	/* far above any kernel; bounds allocation */

struct elf_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

struct elf_shdr {
	uint32_t name, type;
	uint64_t flags, addr, offset, size, addralign, entsize;
	uint32_t link, info;
	const char *name_str;		/* into the file's .shstrtab, or "" */
};

struct elf_file {
	const uint8_t *data;
	size_t size;
	int class64;			/* 1: ELF64, 0: ELF32 */
	int big_endian;
	uint16_t type, machine;
	uint32_t flags;
	uint64_t entry;
	size_t phnum, shnum;
	struct elf_phdr *phdrs;		/* native copies, checked against size */
	struct elf_shdr *shdrs;		/* NULL when the file has none */
};

/* True when @data starts with the ELF magic. */
int elf_is_elf(const void *data, size_t size);

/*
 * Parse headers.  Program headers must lie inside the file and each PT_LOAD
 * must satisfy offset + filesz <= size, filesz <= memsz, with no wrap-around.
 * Section headers are optional (a broken table is ignored only if there is
 * none at all).  On failure returns -ENOEXEC with a reason in @why.
 */
int elf_parse(const void *data, size_t size, struct elf_file *out, char *why, size_t whylen);
void elf_free(struct elf_file *e);

/* The section called @name, or NULL. */
const struct elf_shdr *elf_section(const struct elf_file *e, const char *name);

/* Symbol value by name from .symtab (for zImage's _vmlinux_start), -ENOENT if absent. */
int elf_symbol(const struct elf_file *e, const char *name, uint64_t *value);
/* Index in @names of the first of them found in one pass over .symtab, or -ENOENT. */
int elf_symbol_any(const struct elf_file *e, const char *const *names, size_t n);

const char *elf_machine_name(uint16_t machine);

#endif
