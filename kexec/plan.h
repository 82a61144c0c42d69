/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The load plans, one type per system call.  struct plan: what kexec_load
 * will be given (segments, entry, flags) plus what a person needs to judge it
 * (roles, sources, digests, notes); built by the layout, checked by
 * plan_finalize(), then printed and dumped (--dry-run) or handed to the
 * kernel.  struct file_plan: what kexec_file_load will be handed (files,
 * command line, flags); the kernel places everything itself.
 */
#ifndef KX_PLAN_H
#define KX_PLAN_H

#include <stdint.h>
#include <stdio.h>
#include "blake2b.h"
#include "purgatory-abi.h"

struct prehash;

#define KX_MAX_SEGMENTS	16	/* ABI: KEXEC_SEGMENT_MAX */
#define KX_MAX_NOTES	12
/*
 * Digests are taken of pieces of a segment, not of the whole: a digest does
 * not split, and a whole kernel or initrd would leave one CPU hashing it
 * while the others wait, here and in the purgatory.  Every piece but a
 * segment's last is piece_size bytes, the same for the whole plan; that is
 * the smallest power of two from KX_PIECE_MIN up that cuts the segments
 * into at most KX_MAX_PIECES pieces, which the purgatory can hold
 * (PURG_MAX_REGIONS).  So the pieces depend on the segments' sizes alone,
 * not on the machine.  Small enough to share a kernel and an initrd among
 * eight CPUs; large enough that finishing a digest costs nothing.
 */
#define KX_PIECE_MIN	(4u << 20)
#define KX_MAX_PIECES	64

/* A piece's zero blocks: PURG_ZERO_BLOCKS of them, 2^shift bytes each. */
static inline unsigned plan_block_shift(uint64_t piece)
{
	return (unsigned)__builtin_ctzll(piece / PURG_ZERO_BLOCKS);
}

enum seg_role {
	ROLE_KERNEL, ROLE_INITRD, ROLE_DTB, ROLE_PURGATORY, ROLE_ELFCOREHDR, ROLE_BACKUP,
};

struct segment {
	enum seg_role role;
	uint8_t *buf;			/* owned by the plan, unless borrowed */
	int borrowed;			/* buf belongs to someone who outlives the plan */
	size_t bufsz;
	uint64_t mem, memsz;		/* page aligned */
	uint32_t dig0, ndig;		/* its pieces' digests: plan.digest[dig0 .. dig0 + ndig) */
	int verified;			/* the purgatory re-checks this digest */
	const char *source;		/* file it came from (a string that outlives the plan), or NULL */
};

struct plan {
	const char *arch;		/* "ppc64le" or "ppc64" */
	int big_endian;			/* byte order of the running kernel */
	uint64_t page_size;
	unsigned long flags;		/* kexec_load flags */
	uint64_t entry;			/* where the kernel jumps: the purgatory */
	uint64_t kernel_entry;		/* where the purgatory jumps */
	uint64_t fdt_addr;
	char *cmdline;			/* owned */
	char kernel_desc[320];		/* "ELF64 little-endian vmlinux (xz)" */
	struct segment seg[KX_MAX_SEGMENTS];
	size_t nseg;
	uint64_t piece_size;		/* see KX_PIECE_MIN; 0 until plan_digest */
	/*
	 * Each piece's check record, in segment order, one more for the
	 * purgatory's own: which of its blocks (piece_size / PURG_ZERO_BLOCKS
	 * bytes, 2^block_shift) are all zeros, and the BLAKE2b-256 of the others
	 * (digest.h, kx_digest_sparse).
	 */
	unsigned block_shift;
	uint64_t zero_mask[KX_MAX_PIECES + 1];
	uint8_t digest[KX_MAX_PIECES + 1][KX_DIGEST_SIZE];
	uint32_t ndigest;
	struct prehash *pre;		/* records hashed ahead (prehash.h), or NULL; not owned */
	char notes[KX_MAX_NOTES][256];
	size_t nnotes;
};

const char *role_name(enum seg_role r);

/*
 * Add a segment; takes ownership of @buf (freed on error too).  @memsz is
 * rounded up to the page size.  -E2BIG with a message past 16 segments.
 */
int plan_add(struct plan *p, enum seg_role role, uint8_t *buf, size_t bufsz,
	     uint64_t mem, uint64_t memsz, const char *source);
/* The same for a buffer the plan must not free. */
int plan_add_borrowed(struct plan *p, enum seg_role role, uint8_t *buf, size_t bufsz,
		      uint64_t mem, uint64_t memsz, const char *source);

/* Cut every segment into pieces (piece_size) and compute each piece's check record. */
void plan_digest(struct plan *p);

/*
 * Digest @s alone, as one piece (the purgatory's own segment, added after
 * plan_digest and small).
 */
void plan_digest_whole(struct plan *p, struct segment *s);

/* Piece @j of @s (0 <= j < s->ndig): its offset into the segment and its length. */
uint64_t plan_piece_off(const struct plan *p, const struct segment *s, uint32_t j);
uint64_t plan_piece_len(const struct plan *p, const struct segment *s, uint32_t j);

/*
 * Sort by address and check what the kernel will check (page alignment,
 * bufsz <= memsz, no overlap), naming the offending segments.  -EINVAL.
 */
int plan_finalize(struct plan *p);

/* A note for people (printed with the plan and in -d output). */
void plan_note(struct plan *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

struct segment *plan_find(struct plan *p, enum seg_role role);

void plan_print(const struct plan *p, FILE *f);
/* Write DIR/plan.json and one file per segment.  Prints its own errors. */
int plan_dump(const struct plan *p, const char *dir);
void plan_free(struct plan *p);

struct file_plan {
	const char *arch;		/* "ppc64le" or "ppc64" */
	uint64_t page_size;
	unsigned long flags;		/* kexec_file_load flags */
	char *cmdline;			/* owned */
	char kernel_desc[320];		/* as in struct plan */
	char *kernel_file;		/* owned: what the kernel fd will hold */
	const char *initrd_file;	/* what the initrd fd will hold (outlives the plan) */
	const char *note;		/* for people, or NULL */
};

void file_plan_print(const struct file_plan *p, FILE *f);
/* Write DIR/plan.json (no segments: the kernel makes them).  Prints its own errors. */
int file_plan_dump(const struct file_plan *p, const char *dir);
void file_plan_free(struct file_plan *p);

#endif
