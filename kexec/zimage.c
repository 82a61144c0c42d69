// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The ppc64 zImage: the kernel's arch/powerpc/boot wrapper, an ELF (32-bit
 * big-endian, or 64-bit in either byte order) whose linker script
 * (zImage.lds.S) puts the stripped vmlinux, compressed with gzip or xz or
 * not at all (wrapper -Z), in the section .kernel:vmlinux.strip, bounded by
 * _vmlinux_start/_vmlinux_end, and an optional initrd in .kernel:initrd.
 *
 * We do not run the wrapper (it expects Open Firmware or an ePAPR loader):
 * we take the vmlinux out, load it through the ELF path, and use the
 * embedded initrd when no --initrd is given.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "elf.h"
#include "ppc64.h"

#define KSECTION ".kernel:vmlinux.strip"
#define ISECTION ".kernel:initrd"

const char zimage_ppc64_usage[] = "ppc64 zImage boot wrapper (vmlinux inside, gzip/xz/none)";

/* Where a section's bytes are, or -ENOENT/-EINVAL when absent or out of the file. */
static int section_bytes(const struct elf_file *e, const char *name, const uint8_t **p, size_t *len)
{
	const struct elf_shdr *s = elf_section(e, name);
	uint64_t sv, ev;

	if (s) {
		if (s->type == KX_SHT_NOBITS || s->offset > e->size || s->size > e->size - s->offset)
			return -EINVAL;
		*p = e->data + s->offset;
		*len = (size_t)s->size;
		return 0;
	}
	/* No section table: the wrapper's symbols say the same (if a table of symbols survived). */
	if (!strcmp(name, KSECTION) && elf_symbol(e, "_vmlinux_start", &sv) == 0 &&
	    elf_symbol(e, "_vmlinux_end", &ev) == 0 && ev >= sv) {
		size_t i;

		for (i = 0; i < e->phnum; i++) {
			const struct elf_phdr *ph = &e->phdrs[i];

			/*
			 * elf_parse bounds only EXEC/DYN PT_LOADs by the file (a
			 * core's p_offset is an address), so check here too.
			 */
			if (ph->type == KX_PT_LOAD && ph->offset <= e->size &&
			    ph->filesz <= e->size - ph->offset && sv >= ph->vaddr &&
			    ev - ph->vaddr <= ph->filesz) {
				*p = e->data + ph->offset + (sv - ph->vaddr);
				*len = (size_t)(ev - sv);
				return 0;
			}
		}
		return -EINVAL;
	}
	return -ENOENT;
}

/*
 * A boot wrapper: any of its .kernel: payload sections, or else its symbols
 * (entry or payload bounds), looked up in one pass over the symbol table,
 * which in a vmlinux is long.
 */
static int is_wrapper(const struct elf_file *e)
{
	static const char *const marks[] = { "_zimage_start", "_vmlinux_start" };
	size_t i;

	for (i = 0; i < e->shnum; i++)
		if (!strncmp(e->shdrs[i].name_str, ".kernel:", 8))
			return 1;
	/*
	 * A 64-bit kernel is linked at KERNELBASE and enters there; the boot
	 * wrapper is linked low.  Such an entry settles it without walking a
	 * vmlinux's ~100,000 symbols, which also touched 5 MB of its file.
	 */
	if (e->class64 && e->entry >= PPC64_PAGE_OFFSET)
		return 0;
	return elf_symbol_any(e, marks, 2) >= 0;
}

int zimage_ppc64_probe(const uint8_t *buf, size_t len)
{
	struct elf_file e;
	char why[128];
	int found;

	if (!elf_is_elf(buf, len) || elf_parse(buf, len, &e, why, sizeof(why)) < 0)
		return 0;
	/*
	 * The wrapper's own marks count too, so that a wrapper whose kernel was
	 * stripped out is refused as such rather than loaded as a kernel itself.
	 */
	found = (e.machine == KX_EM_PPC || e.machine == KX_EM_PPC64) && is_wrapper(&e);
	elf_free(&e);
	return found;
}

int zimage_ppc64_load(const struct kx_ctx *c, const char *path, const struct blob *img,
		      struct kernel_image *out)
{
	struct elf_file e;
	struct blob inner = { NULL, 0, 0 };
	const uint8_t *p;
	size_t n;
	enum kx_comp how;
	char why[256], name[4200], wrapper[64];
	int rc;

	memset(out, 0, sizeof(*out));
	rc = formats_parse_elf(path, img, &e);
	if (rc < 0)
		return rc;
	if (e.type != KX_ET_EXEC && e.type != KX_ET_DYN) {
		kx_err("%s: a zImage wrapper is an executable ELF, but this one has e_type %u "
		       "(2 or 3 expected)", path, (unsigned)e.type);
		rc = -ENOEXEC;
		goto out;
	}
	snprintf(wrapper, sizeof(wrapper), "ELF%d %s-endian", e.class64 ? 64 : 32,
		 e.big_endian ? "big" : "little");
	rc = section_bytes(&e, KSECTION, &p, &n);
	if (rc < 0) {
		kx_err("%s: zImage section %s %s", path, KSECTION,
		       rc == -ENOENT ? "is missing" : "lies outside the file: truncated?");
		goto out;
	}
	if (n == 0) {
		kx_err("%s: zImage section %s is empty: no kernel inside", path, KSECTION);
		rc = -ENOEXEC;
		goto out;
	}
	how = comp_detect(p, n);
	if (how != KXC_NONE) {
		rc = decompress(how, p, n, 1u << 30, &inner, why, sizeof(why));
		if (rc < 0) {
			if (rc != -ENOMEM)	/* out of memory: said once, by the action */
				kx_err("%s: the kernel in %s: %s", path, KSECTION, why);
			goto out;
		}
	} else {
		inner.data = malloc(n + 1);
		if (!inner.data) {
			rc = -ENOMEM;
			goto out;
		}
		memcpy(inner.data, p, n);
		inner.len = n;
	}
	if (!elf_is_elf(inner.data, inner.len)) {
		kx_err("%s: the %s%s payload in %s is not an ELF vmlinux: corrupt?", path,
		       how ? comp_name(how) : "uncompressed", how ? "-compressed" : "", KSECTION);
		rc = -ENOEXEC;
		goto out;
	}
	snprintf(name, sizeof(name), "%s (vmlinux inside the zImage)", path);
	if ((rc = elf_ppc64_load(c, name, &inner, out)) < 0)
		goto out;
	/* The wrapper's own initrd, used when none is given on the command line. */
	if (section_bytes(&e, ISECTION, &p, &n) == 0 && n) {
		out->initrd.data = malloc(n + 1);
		if (!out->initrd.data) {
			rc = -ENOMEM;
			goto out;
		}
		memcpy(out->initrd.data, p, n);
		out->initrd.len = n;
	}
	/* kexec_file_load is given the vmlinux itself. */
	out->vmlinux = inner;
	inner.data = NULL;
	inner.len = 0;
	{
		char desc[sizeof(out->desc)];

		/* Checked, so a long description is cut rather than overrun. */
		if (snprintf(desc, sizeof(desc), "zImage (%s wrapper, %s kernel%s): %s", wrapper,
			     how ? comp_name(how) : "uncompressed", out->initrd.len ? ", with initrd" : "",
			     out->desc) >= (int)sizeof(desc))
			desc[sizeof(desc) - 1] = 0;
		memcpy(out->desc, desc, sizeof(desc));
	}
out:
	if (rc < 0)
		kernel_image_free(out);
	blob_free(&inner);
	elf_free(&e);
	return rc;
}
