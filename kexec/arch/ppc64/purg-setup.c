// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fill the purgatory: the embedded image of the running kernel's byte order,
 * its first 0x100 bytes taken from the next kernel (see purgatory-abi.h), and
 * its parameter block written field by field in that byte order.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "bytes.h"
#include "purg-blob.h"
#include "purgatory-abi.h"
#include "ppc64.h"

static const struct purgatory_blob *blob_for(const struct target *t)
{
	const struct purgatory_blob *b = t->big_endian ? &kx_purgatory_be : &kx_purgatory_le;

	if (!b->bytes) {
		kx_err("this kexec was built without a %s-endian purgatory, so it cannot plan for %s "
		       "(configure found no compiler for it)", t->big_endian ? "big" : "little", t->name);
		return NULL;
	}
	return b;
}

int ppc64_purgatory_size(const struct target *t, uint64_t *filesz, uint64_t *memsz)
{
	const struct purgatory_blob *b = blob_for(t);

	if (!b)
		return -ENOEXEC;
	*filesz = b->size;
	*memsz = b->memsz;
	return 0;
}

#define P(field) (PURG_PARAMS_OFFSET + offsetof(struct purg_params, field))

int ppc64_purgatory_build(const struct ppc64_purg_args *a, struct plan *p, uint8_t **out,
			  size_t *outlen)
{
	const struct purgatory_blob *b = blob_for(a->target);
	int be = a->target->big_endian;
	uint32_t flags = 0, n = 0;
	uint8_t *img;
	size_t i;

	if (!b)
		return -ENOEXEC;
	img = malloc(b->size);
	if (!img)
		return -ENOMEM;
	memcpy(img, b->bytes, b->size);
	/* ABI: keep our branch at 0; the rest of 0x00-0xff is the next kernel's. */
	memcpy(img + 4, a->kernel_head + 4, PURG_HEAD_COPY - 4);

	if (a->verify)
		flags |= PURG_F_VERIFY;
	if (a->verbose)
		flags |= PURG_F_VERBOSE;
	if (a->mem->console == CONSOLE_HVTERM)
		flags |= PURG_F_CONSOLE_HVTERM;
	else if (a->mem->console == CONSOLE_OPAL)
		flags |= PURG_F_CONSOLE_OPAL;
	bo64_st(be, img + P(kernel_entry), a->kernel_entry);
	bo64_st(be, img + P(fdt), a->fdt_addr);
	bo64_st(be, img + P(hvterm_vtermno), a->mem->vtermno);
	bo64_st(be, img + P(opal_base), a->mem->opal_base);
	bo64_st(be, img + P(opal_entry), a->mem->opal_entry);
	bo64_st(be, img + P(opal_term), a->mem->opal_term);
	if (a->backup_dst) {
		/* kdump: the crash kernel reuses the low 64 KiB; the core reads the copy. */
		flags |= PURG_F_BACKUP;
		bo64_st(be, img + P(backup_src), 0);
		bo64_st(be, img + P(backup_dst), a->backup_dst);
		bo64_st(be, img + P(backup_size), KDUMP_BACKUP_SIZE);
	}

	/* Real mode reaches only the RMA: segments above it are not re-checked. */
	for (i = 0; a->verify && i < p->nseg; i++) {
		struct segment *s = &p->seg[i];
		size_t off = P(regions) + n * sizeof(struct purg_region);

		if (s->role == ROLE_PURGATORY || !s->bufsz || s->mem + s->bufsz > a->rma_top)
			continue;
		/* --hotplug: the kernel rewrites these after loading, so no fixed digest. */
		if (a->hotplug && (s->role == ROLE_DTB || s->role == ROLE_ELFCOREHDR))
			continue;
		bo64_st(be, img + off + offsetof(struct purg_region, start), s->mem);
		bo64_st(be, img + off + offsetof(struct purg_region, len), s->bufsz);
		memcpy(img + off + offsetof(struct purg_region, sha256), s->sha256, SHA256_DIGEST_SIZE);
		/* Test seam: a wrong digest must stop the boot on the console. */
		if (a->corrupt_index == (int)n + 1)
			img[off + offsetof(struct purg_region, sha256)] ^= 0xff;
		s->verified = 1;
		n++;
	}
	bo32_st(be, img + P(nr_regions), n);
	bo32_st(be, img + P(flags), flags);
	*out = img;
	*outlen = b->size;
	return 0;
}
