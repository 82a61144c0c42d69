/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Writing ELF32/ELF64 headers into a byte buffer in an explicit byte order,
 * independently of kexec's own readers (no include/bytes.h), so that the
 * tests do not share a mistake with the code they test (bodies in
 * elfbuild.c).
 */
#ifndef KX_ELFBUILD_H
#define KX_ELFBUILD_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "elf.h"

/* Store @v at @p as 2, 4 or 8 bytes, big-endian when @be, else little-endian. */
void eb_w16(int be, uint8_t *p, uint16_t v);
void eb_w32(int be, uint8_t *p, uint32_t v);
void eb_w64(int be, uint8_t *p, uint64_t v);

/* The ELF header fields a test chooses; 0 entry sizes mean the standard ones. */
struct eb_hdr {
	int c64, be;
	uint16_t type, machine;
	uint32_t flags;
	uint64_t entry, phoff, shoff;
	uint16_t phentsize, phnum, shentsize, shnum, shstrndx;
	uint8_t klass, data;	/* override EI_CLASS / EI_DATA when non-zero */
};

#define EB_EHSIZE(c64)	 ((c64) ? 64 : 52)
#define EB_PHENTSIZE(c64) ((c64) ? 56 : 32)
#define EB_SHENTSIZE(c64) ((c64) ? 64 : 40)
#define EB_SYMSIZE(c64)	 ((c64) ? 24 : 16)

/* The ELF header @h at @b (EB_EHSIZE bytes; version 1, the standard ehsize). */
void eb_ehdr(uint8_t *b, const struct eb_hdr *h);

/* Program header (fields as in kexec's struct elf_phdr) at @b, ELF64 when @c64. */
void eb_phdr(uint8_t *b, int c64, int be, const struct elf_phdr *ph);

/* Section header (fields as in kexec's struct elf_shdr) at @b, ELF64 when @c64. */
void eb_shdr(uint8_t *b, int c64, int be, const struct elf_shdr *sh);

/* Symbol table entry: Elf64_Sym {name, info, other, shndx, value, size} / Elf32_Sym. */
void eb_sym(uint8_t *b, int c64, int be, uint32_t name, uint64_t value, uint64_t size,
	    uint8_t info, uint16_t shndx);

/* ---- a synthetic ppc64 vmlinux ------------------------------------------- */

#define EB_KDATA_OFF 0x10000	/* file offset of the first PT_LOAD's bytes */

/* One PT_LOAD of a synthetic kernel; its bytes follow in the file. */
struct eb_kseg {
	uint64_t paddr, vaddr, filesz, memsz, align;
	uint32_t type;		/* 0: PT_LOAD */
};

/* The byte a synthetic kernel holds at file offset @off of its segment @seg. */
uint8_t eb_kbyte(int seg, uint64_t off);

/*
 * A 64-bit POWER kernel image: ELF64 in byte order @be, machine @machine,
 * entry @entry, segments @segs (laid out one after the other in the file
 * from EB_KDATA_OFF on, each filled with eb_kbyte), "run0" written at
 * entry+0x5c when @marker (the entry must then lie in a segment's file data).
 * Returns a malloc'ed image and its size.
 */
uint8_t *eb_vmlinux(int be, uint16_t machine, uint64_t entry, const struct eb_kseg *segs,
		    int nseg, int marker, size_t *size);

#endif
