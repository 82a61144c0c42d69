// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ELF vmlinux for 64-bit POWER, in either byte order.  The PT_LOAD segments
 * become one contiguous kernel image (their physical addresses are relative:
 * a ppc64 kernel copies itself to 0, or runs where it is loaded for kdump).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "bytes.h"
#include "elf.h"
#include "ppc64.h"
#include "purgatory-abi.h"

const char elf_ppc64_usage[] = "ELF64 vmlinux, either byte order, optionally gzip/xz/zstd";

int elf_ppc64_probe(const uint8_t *buf, size_t len)
{
	/* Any ELF: the load step names exactly what is wrong with a foreign one. */
	return elf_is_elf(buf, len);
}

#define KX_MAX_KERNEL_SPAN (2ULL << 30)	/* nothing real comes close */
/*
 * Zero bytes the image needs between and inside its PT_LOADs' file data
 * (gaps, and .bss of all but the last).  A vmlinux has one PT_LOAD; a linker
 * leaves at most an alignment between two.  Without this bound a few KiB of
 * ELF with two PT_LOADs 2 GiB apart would have kexec allocate 2 GiB: memory
 * set by a number inside the file, not by its size.
 */
#define KX_MAX_KERNEL_HOLES (16ULL << 20)

struct load_span {
	uint64_t start, end;
	size_t idx;
};

static int by_start(const void *a, const void *b)
{
	const struct load_span *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/*
 * PT_LOADs must not overlap in physical memory.  Sorted by start, an overlap
 * shows as a start below the furthest end so far: n log n, where comparing
 * every pair of 4,096 program headers is 8 million steps.
 */
static int loads_disjoint(const char *path, const struct elf_file *e, size_t nload)
{
	struct load_span *s = calloc(nload, sizeof(*s));
	size_t i, n = 0, far;
	int rc = 0;

	if (!s)
		return -ENOMEM;
	for (i = 0; i < e->phnum; i++)
		if (e->phdrs[i].type == KX_PT_LOAD && e->phdrs[i].memsz)
			s[n++] = (struct load_span){ e->phdrs[i].paddr, e->phdrs[i].paddr + e->phdrs[i].memsz, i };
	qsort(s, n, sizeof(*s), by_start);
	for (far = 0, i = 1; i < n; i++) {
		if (s[i].start < s[far].end) {
			size_t a = s[far].idx < s[i].idx ? s[far].idx : s[i].idx;
			size_t b = s[far].idx < s[i].idx ? s[i].idx : s[far].idx;

			kx_err("%s: PT_LOAD segments %zu and %zu overlap at physical 0x%llx", path, a, b,
			       (unsigned long long)s[i].start);
			rc = -ENOEXEC;
			break;
		}
		if (s[i].end > s[far].end)
			far = i;
	}
	free(s);
	return rc;
}

int elf_ppc64_load(const struct kx_ctx *c, const char *path, const struct blob *img,
		   struct kernel_image *out)
{
	struct elf_file e;
	uint64_t lo = UINT64_MAX, hi_file = 0, hi_mem = 0, align = 0, file_bytes = 0;
	size_t i, nload = 0;
	int rc, have_entry = 0;

	memset(out, 0, sizeof(*out));
	rc = formats_parse_elf(path, img, &e);
	if (rc < 0)
		return rc;
	rc = -ENOEXEC;
	if (!e.class64) {
		kx_err("%s: 32-bit ELF: a 64-bit POWER kernel (vmlinux) is ELF64", path);
		goto out;
	}
	if (e.machine != KX_EM_PPC64) {
		kx_err("%s: ELF machine is %s (%u), not PowerPC64 (%u)", path,
		       elf_machine_name(e.machine), e.machine, KX_EM_PPC64);
		goto out;
	}
	if (e.type != KX_ET_EXEC && e.type != KX_ET_DYN) {
		kx_err("%s: ELF type %u is not an executable kernel", path, e.type);
		goto out;
	}
	for (i = 0; i < e.phnum; i++) {
		const struct elf_phdr *ph = &e.phdrs[i];

		if (ph->type != KX_PT_LOAD || ph->memsz == 0)
			continue;
		nload++;
		file_bytes += ph->filesz;
		if (ph->paddr < lo)
			lo = ph->paddr;
		if (ph->paddr + ph->filesz > hi_file)
			hi_file = ph->paddr + ph->filesz;
		if (ph->paddr + ph->memsz > hi_mem)
			hi_mem = ph->paddr + ph->memsz;
		if (ph->align > align && !(ph->align & (ph->align - 1)))
			align = ph->align;
	}
	if (!nload) {
		kx_err("%s: no loadable (PT_LOAD) segment", path);
		goto out;
	}
	if (hi_mem - lo > KX_MAX_KERNEL_SPAN) {
		kx_err("%s: PT_LOAD segments span 0x%llx bytes (more than 2 GiB): not a kernel", path,
		       (unsigned long long)(hi_mem - lo));
		goto out;
	}
	rc = loads_disjoint(path, &e, nload);
	if (rc < 0)
		goto out;
	rc = -ENOEXEC;
	for (i = 0; i < e.phnum; i++) {
		const struct elf_phdr *ph = &e.phdrs[i];

		if (ph->type == KX_PT_LOAD && e.entry >= ph->vaddr && e.entry - ph->vaddr < ph->filesz) {
			out->entry_off = e.entry - ph->vaddr + ph->paddr - lo;
			have_entry = 1;
			break;
		}
	}
	if (!have_entry) {
		kx_err("%s: entry point 0x%llx is not inside any loaded segment's file data", path,
		       (unsigned long long)e.entry);
		goto out;
	}
	out->bufsz = (size_t)(hi_file - lo);
	if (out->bufsz - file_bytes > KX_MAX_KERNEL_HOLES) {
		kx_err("%s: PT_LOAD segments leave 0x%llx bytes between their file data (more than 16 MiB): not a kernel",
		       path, (unsigned long long)(out->bufsz - file_bytes));
		goto out;
	}
	if (out->entry_off + 0x100 > out->bufsz) {
		kx_err("%s: fewer than 256 bytes follow the entry point: not a ppc64 kernel", path);
		goto out;
	}
	if (nload == 1) {
		/*
		 * One PT_LOAD (every vmlinux): its file bytes are the image as loaded,
		 * so point at them instead of copying 40 MB; the blob outlives the load.
		 */
		for (i = 0; i < e.phnum; i++)
			if (e.phdrs[i].type == KX_PT_LOAD && e.phdrs[i].memsz)
				out->buf = img->data + e.phdrs[i].offset;
		out->buf_borrowed = 1;
	} else {
		out->buf = calloc(1, out->bufsz);
		if (!out->buf) {
			rc = -ENOMEM;	/* said once, by the action */
			goto out;
		}
		for (i = 0; i < e.phnum; i++) {
			const struct elf_phdr *ph = &e.phdrs[i];

			if (ph->type == KX_PT_LOAD && ph->filesz)
				memcpy(out->buf + (ph->paddr - lo), img->data + ph->offset, ph->filesz);
		}
	}
	out->memsz = hi_mem - lo;
	out->align = align;
	out->big_endian = e.big_endian;
	/* ABI: head_64.S keeps "run0" at 0x5c unless told to run where loaded. */
	out->run_at_load_marker =
		bo32_ld(e.big_endian, out->buf + out->entry_off + PURG_RUN_AT_LOAD_OFF) == RUN_AT_LOAD_MARKER;
	snprintf(out->desc, sizeof(out->desc), "ELF64 %s-endian PowerPC64 %s, entry offset 0x%llx%s",
		 e.big_endian ? "big" : "little", e.type == KX_ET_DYN ? "relocatable executable" : "executable",
		 (unsigned long long)out->entry_off,
		 out->run_at_load_marker ? ", relocatable (run0 marker)" : "");
	kx_dbg(c, "%s: %zu PT_LOAD, file bytes 0x%zx, memory 0x%llx, align 0x%llx", path, nload,
	       out->bufsz, (unsigned long long)out->memsz, (unsigned long long)align);
	rc = 0;
out:
	elf_free(&e);
	return rc;
}
