// SPDX-License-Identifier: GPL-2.0-or-later
/* ELF headers and images for the unit tests (elfbuild.h says what each helper does). */
#include "elfbuild.h"

void eb_w16(int be, uint8_t *p, uint16_t v)
{
	if (be) {
		p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v;
	} else {
		p[1] = (uint8_t)(v >> 8); p[0] = (uint8_t)v;
	}
}

void eb_w32(int be, uint8_t *p, uint32_t v)
{
	int i;

	for (i = 0; i < 4; i++)
		p[be ? 3 - i : i] = (uint8_t)(v >> (8 * i));
}

void eb_w64(int be, uint8_t *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		p[be ? 7 - i : i] = (uint8_t)(v >> (8 * i));
}

void eb_ehdr(uint8_t *b, const struct eb_hdr *h)
{
	int be = h->be, c = h->c64;
	uint16_t phe = h->phentsize ? h->phentsize : EB_PHENTSIZE(c);
	uint16_t she = h->shentsize ? h->shentsize : EB_SHENTSIZE(c);

	memset(b, 0, EB_EHSIZE(c));
	memcpy(b, "\177ELF", 4);
	b[4] = h->klass ? h->klass : (c ? 2 : 1);
	b[5] = h->data ? h->data : (be ? 2 : 1);
	b[6] = 1;	/* EV_CURRENT */
	eb_w16(be, b + 16, h->type);
	eb_w16(be, b + 18, h->machine);
	eb_w32(be, b + 20, 1);
	if (c) {
		eb_w64(be, b + 24, h->entry);
		eb_w64(be, b + 32, h->phoff);
		eb_w64(be, b + 40, h->shoff);
		eb_w32(be, b + 48, h->flags);
		eb_w16(be, b + 52, 64);
		eb_w16(be, b + 54, phe);
		eb_w16(be, b + 56, h->phnum);
		eb_w16(be, b + 58, she);
		eb_w16(be, b + 60, h->shnum);
		eb_w16(be, b + 62, h->shstrndx);
	} else {
		eb_w32(be, b + 24, (uint32_t)h->entry);
		eb_w32(be, b + 28, (uint32_t)h->phoff);
		eb_w32(be, b + 32, (uint32_t)h->shoff);
		eb_w32(be, b + 36, h->flags);
		eb_w16(be, b + 40, 52);
		eb_w16(be, b + 42, phe);
		eb_w16(be, b + 44, h->phnum);
		eb_w16(be, b + 46, she);
		eb_w16(be, b + 48, h->shnum);
		eb_w16(be, b + 50, h->shstrndx);
	}
}

void eb_phdr(uint8_t *b, int c64, int be, const struct elf_phdr *ph)
{
	if (c64) {
		eb_w32(be, b, ph->type);
		eb_w32(be, b + 4, ph->flags);
		eb_w64(be, b + 8, ph->offset);
		eb_w64(be, b + 16, ph->vaddr);
		eb_w64(be, b + 24, ph->paddr);
		eb_w64(be, b + 32, ph->filesz);
		eb_w64(be, b + 40, ph->memsz);
		eb_w64(be, b + 48, ph->align);
	} else {
		eb_w32(be, b, ph->type);
		eb_w32(be, b + 4, (uint32_t)ph->offset);
		eb_w32(be, b + 8, (uint32_t)ph->vaddr);
		eb_w32(be, b + 12, (uint32_t)ph->paddr);
		eb_w32(be, b + 16, (uint32_t)ph->filesz);
		eb_w32(be, b + 20, (uint32_t)ph->memsz);
		eb_w32(be, b + 24, ph->flags);
		eb_w32(be, b + 28, (uint32_t)ph->align);
	}
}

void eb_shdr(uint8_t *b, int c64, int be, const struct elf_shdr *sh)
{
	eb_w32(be, b, sh->name);
	eb_w32(be, b + 4, sh->type);
	if (c64) {
		eb_w64(be, b + 8, sh->flags);
		eb_w64(be, b + 16, sh->addr);
		eb_w64(be, b + 24, sh->offset);
		eb_w64(be, b + 32, sh->size);
		eb_w32(be, b + 40, sh->link);
		eb_w32(be, b + 44, sh->info);
		eb_w64(be, b + 48, sh->addralign);
		eb_w64(be, b + 56, sh->entsize);
	} else {
		eb_w32(be, b + 8, (uint32_t)sh->flags);
		eb_w32(be, b + 12, (uint32_t)sh->addr);
		eb_w32(be, b + 16, (uint32_t)sh->offset);
		eb_w32(be, b + 20, (uint32_t)sh->size);
		eb_w32(be, b + 24, sh->link);
		eb_w32(be, b + 28, sh->info);
		eb_w32(be, b + 32, (uint32_t)sh->addralign);
		eb_w32(be, b + 36, (uint32_t)sh->entsize);
	}
}

void eb_sym(uint8_t *b, int c64, int be, uint32_t name, uint64_t value, uint64_t size,
	    uint8_t info, uint16_t shndx)
{
	eb_w32(be, b, name);
	if (c64) {
		b[4] = info;
		b[5] = 0;
		eb_w16(be, b + 6, shndx);
		eb_w64(be, b + 8, value);
		eb_w64(be, b + 16, size);
	} else {
		eb_w32(be, b + 4, (uint32_t)value);
		eb_w32(be, b + 8, (uint32_t)size);
		b[12] = info;
		b[13] = 0;
		eb_w16(be, b + 14, shndx);
	}
}

/* ---- a synthetic ppc64 vmlinux ------------------------------------------- */

uint8_t eb_kbyte(int seg, uint64_t off)
{
	return (uint8_t)(off * 131 + (off >> 9) + seg * 17 + 1);
}

uint8_t *eb_vmlinux(int be, uint16_t machine, uint64_t entry, const struct eb_kseg *segs,
		    int nseg, int marker, size_t *size)
{
	struct eb_hdr h;
	uint64_t off = EB_KDATA_OFF;
	size_t total = EB_KDATA_OFF;
	uint8_t *b;
	int i;

	for (i = 0; i < nseg; i++)
		total += segs[i].filesz;
	b = calloc(1, total);
	memset(&h, 0, sizeof(h));
	h.c64 = 1;
	h.be = be;
	h.type = KX_ET_EXEC;
	h.machine = machine;
	h.entry = entry;
	h.phoff = 64;
	h.phnum = (uint16_t)nseg;
	eb_ehdr(b, &h);
	for (i = 0; i < nseg; i++) {
		struct elf_phdr ph;
		uint64_t k;

		memset(&ph, 0, sizeof(ph));
		ph.type = segs[i].type ? segs[i].type : KX_PT_LOAD;
		ph.flags = 7;
		ph.offset = off;
		ph.vaddr = segs[i].vaddr;
		ph.paddr = segs[i].paddr;
		ph.filesz = segs[i].filesz;
		ph.memsz = segs[i].memsz;
		ph.align = segs[i].align;
		eb_phdr(b + 64 + 56 * i, 1, be, &ph);
		for (k = 0; k < segs[i].filesz; k++)
			b[off + k] = eb_kbyte(i, k);
		if (marker && ph.type == KX_PT_LOAD && entry >= ph.vaddr &&
		    entry - ph.vaddr + 0x60 <= ph.filesz)
			eb_w32(be, b + off + (entry - ph.vaddr) + 0x5c, 0x72756e30);
		off += segs[i].filesz;
	}
	*size = total;
	return b;
}
