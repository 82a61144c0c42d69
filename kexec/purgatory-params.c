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

_Static_assert(KX_MAX_PIECES <= PURG_MAX_REGIONS, "the purgatory holds every piece plan_digest cuts");

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

/* Power ISA instruction fields (bit 0 is the most significant). */
#define OPCD(w)		((w) >> 26)
#define RT(w)		(((w) >> 21) & 31)	/* also RS, BO */
#define RA(w)		(((w) >> 16) & 31)	/* also BI */
#define DS(w)		((int32_t)(int16_t)((w) & 0xfffc))
#define IS_LD(w)	(OPCD(w) == 58 && ((w) & 3) == 0)	/* ld RT,DS(RA) */
#define IS_STD(w)	(OPCD(w) == 62 && ((w) & 3) == 0)	/* std RS,DS(RA) */
#define IS_LI0(w)	(((w) & 0xfc1fffff) == 0x38000000)	/* li RT,0 (addi RT,0,0) */
#define IS_MR3(w)	(((w) & 0xffe0ffff) == 0x7c601b78)	/* mr RA,r3 (or RA,3,3) */
#define CMPDI0(r)	(0x2c200000u | (uint32_t)(r) << 16)	/* cmpdi cr0,r,0 */

/*
 * An address register that holds 0 at word @i: r0 in RA means 0 (ABI: Power
 * ISA, D-form), or the word before is "li rA,0" (6.1's __secondary_hold:
 * "li r26,0; ld r12,0x38(r26)"; 6.12 writes "ld r12,0x38(0)").
 */
static int zero_base(const uint32_t *w, int i, uint32_t ra)
{
	return ra == 0 || (i > 0 && IS_LI0(w[i - 1]) && RT(w[i - 1]) == ra);
}

int ppc64_hold_words(const uint8_t *head, int be, uint32_t *spin, uint32_t *ack)
{
	enum { FIRST = PURG_SECONDARY_ENTRY / 4, N = PURG_HEAD_COPY / 4 - FIRST };
	uint32_t w[N], idreg = 1u << 3;	/* registers holding r3, the CPU id */
	int i, a = -1;

	for (i = 0; i < N; i++)
		w[i] = bo32_ld(be, head + 4 * (FIRST + i));
	for (i = 0; i < N; i++) {
		if (IS_MR3(w[i]))
			idreg |= 1u << RA(w[i]);
		/* ABI (head_64.S): "std r24,__secondary_hold_acknowledge(0)", r24 = r3. */
		if (a < 0 && IS_STD(w[i]) && (idreg >> RT(w[i]) & 1) && zero_base(w, i, RA(w[i])))
			a = i;
		/* ABI: "ld r12,spinloop(0); cmpdi r12,0; beq <the ld>", after the store. */
		if (a >= 0 && i + 2 < N && IS_LD(w[i]) && zero_base(w, i, RA(w[i])) &&
		    w[i + 1] == CMPDI0(RT(w[i])) && OPCD(w[i + 2]) == 16 && (RT(w[i + 2]) & ~3u) == 12 &&
		    RA(w[i + 2]) == 2 && (w[i + 2] & 0xffff) == (uint32_t)(-8 & 0xfffc)) {
			int32_t s = DS(w[i]), k = DS(w[a]);

			/*
			 * Both in the head, clear of word 0 (our branch) and of
			 * __run_at_load at 0x5c, distinct, and the spin word 0 in
			 * the image as the kernel ships it.
			 */
			if (s < 8 || k < 8 || s + 8 > PURG_RUN_AT_LOAD_OFF || k + 8 > PURG_RUN_AT_LOAD_OFF || s % 8 || k % 8 || s == k ||
			    bo64_ld(be, head + s) != 0)
				return -ENOENT;
			*spin = (uint32_t)s;
			*ack = (uint32_t)k;
			return 0;
		}
	}
	return -ENOENT;
}

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
	if (a->test_stall)
		flags |= PURG_F_TEST_STALL;
	if (a->kernel_be)
		flags |= PURG_F_KERNEL_BE;
	if (a->mem->console == CONSOLE_HVTERM)
		flags |= PURG_F_CONSOLE_HVTERM;
	else if (a->mem->console == CONSOLE_HVSI)
		flags |= PURG_F_CONSOLE_HVSI;
	else if (a->mem->console == CONSOLE_OPAL)
		flags |= PURG_F_CONSOLE_OPAL;
	bo64_st(be, img + P(kernel_entry), a->kernel_entry);
	bo64_st(be, img + P(fdt), a->fdt_addr);
	bo64_st(be, img + P(hvterm_vtermno), a->mem->vtermno);
	bo64_st(be, img + P(opal_base), a->mem->opal_base);
	bo64_st(be, img + P(opal_entry), a->mem->opal_entry);
	bo64_st(be, img + P(opal_term), a->mem->opal_term);
	bo64_st(be, img + P(tb_freq), a->mem->tb_freq ? a->mem->tb_freq : PURG_TB_DEFAULT);
	bo32_st(be, img + P(nr_secondaries), a->nr_secondaries);
	bo64_st(be, img + P(run0_src), a->run0_src);
	bo64_st(be, img + P(run0_len), a->run0_len);
	bo32_st(be, img + P(run0_zero_step), a->run0_zero_step);
	if (a->run0_page_init)
		flags |= PURG_F_PAGE_INIT;
	if (a->nr_secondaries) {
		uint32_t spin, ack;

		if (ppc64_hold_words(a->kernel_head, a->kernel_be, &spin, &ack) == 0) {
			/*
			 * ABI: the kernel's hold loop branches to the address it
			 * finds here, read in its own byte order: our secondaries'
			 * entry.  The master puts 0 back before the kernel starts.
			 */
			bo64_st(a->kernel_be, img + spin,
				a->load_addr + bo64_ld(be, b->bytes + P(secondary_entry)));
			bo16_st(be, img + P(hold_spin), (uint16_t)spin);
			bo16_st(be, img + P(hold_ack), (uint16_t)ack);
		} else {
			plan_note(p, "the next kernel's bytes 0x60-0xff hold no __secondary_hold loop this "
				  "kexec recognises: the purgatory cannot see the %u other CPU%s leave the "
				  "old kernel, and only waits %u ms for %s", a->nr_secondaries,
				  a->nr_secondaries == 1 ? "" : "s", PURG_BLIND_MS,
				  a->nr_secondaries == 1 ? "it" : "them");
		}
	}
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
		uint32_t j;

		if (s->role == ROLE_PURGATORY || !s->bufsz || s->mem + s->bufsz > a->rma_top)
			continue;
		/* --hotplug: the kernel rewrites these after loading, so no fixed digest. */
		if (a->hotplug && (s->role == ROLE_DTB || s->role == ROLE_ELFCOREHDR))
			continue;
		/* One region per piece (plan.h): the purgatory's CPUs share them. */
		if (!s->ndig || n + s->ndig > PURG_MAX_REGIONS)
			continue;	/* not reached: plan_digest cuts at most KX_MAX_PIECES */
		for (j = 0; j < s->ndig; j++, n++) {
			size_t off = P(regions) + n * sizeof(struct purg_region);

			bo64_st(be, img + off + offsetof(struct purg_region, start),
				s->mem + plan_piece_off(p, s, j));
			bo64_st(be, img + off + offsetof(struct purg_region, len),
				plan_piece_len(p, s, j));
			bo64_st(be, img + off + offsetof(struct purg_region, zero_mask),
				p->zero_mask[s->dig0 + j]);
			bo32_st(be, img + off + offsetof(struct purg_region, block_shift), p->block_shift);
			memcpy(img + off + offsetof(struct purg_region, digest), p->digest[s->dig0 + j],
			       KX_DIGEST_SIZE);
			/* Test seam: a wrong digest must stop the boot on the console. */
			if (a->corrupt_index == (int)n + 1)
				img[off + offsetof(struct purg_region, digest)] ^= 0xff;
		}
		s->verified = 1;
	}
	bo32_st(be, img + P(nr_regions), n);
	bo32_st(be, img + P(flags), flags);
	*out = img;
	*outlen = b->size;
	return 0;
}
