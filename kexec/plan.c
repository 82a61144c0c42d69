// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "digest.h"
#include "purgatory-abi.h"
#include "log.h"
#include "plan.h"
#include "prehash.h"
#include "range.h"

const char *role_name(enum seg_role r)
{
	switch (r) {
	case ROLE_KERNEL: return "kernel";
	case ROLE_INITRD: return "initrd";
	case ROLE_DTB: return "dtb";
	case ROLE_PURGATORY: return "purgatory";
	case ROLE_ELFCOREHDR: return "elfcorehdr";
	case ROLE_BACKUP: return "backup";
	}
	return "?";
}

int plan_add(struct plan *p, enum seg_role role, uint8_t *buf, size_t bufsz,
	     uint64_t mem, uint64_t memsz, const char *source)
{
	struct segment *s;

	if (p->nseg >= KX_MAX_SEGMENTS) {
		kx_err("cannot add the %s segment: the kernel accepts at most %d segments",
		       role_name(role), KX_MAX_SEGMENTS);
		free(buf);
		return -E2BIG;
	}
	s = &p->seg[p->nseg++];
	memset(s, 0, sizeof(*s));
	s->role = role;
	s->buf = buf;
	s->bufsz = bufsz;
	s->mem = mem;
	s->memsz = align_up(memsz < bufsz ? bufsz : memsz, p->page_size);
	s->source = source;
	return 0;
}

int plan_add_borrowed(struct plan *p, enum seg_role role, uint8_t *buf, size_t bufsz,
		      uint64_t mem, uint64_t memsz, const char *source)
{
	int rc;

	if (p->nseg >= KX_MAX_SEGMENTS)
		return plan_add(p, role, NULL, 0, mem, memsz, source);	/* says why */
	rc = plan_add(p, role, buf, bufsz, mem, memsz, source);
	if (rc == 0)
		p->seg[p->nseg - 1].borrowed = 1;
	return rc;
}

uint64_t plan_piece_off(const struct plan *p, const struct segment *s, uint32_t j)
{
	return s->ndig > 1 ? (uint64_t)j * p->piece_size : 0;
}

uint64_t plan_piece_len(const struct plan *p, const struct segment *s, uint32_t j)
{
	uint64_t off = plan_piece_off(p, s, j);

	if (s->ndig <= 1)
		return s->bufsz;
	return s->bufsz - off < p->piece_size ? s->bufsz - off : p->piece_size;
}

/* Pieces of @bufsz bytes at @piece bytes each; an empty segment has one (of nothing). */
static uint64_t pieces_of(uint64_t bufsz, uint64_t piece)
{
	return bufsz ? (bufsz - 1) / piece + 1 : 1;
}

#define THREAD_WORTH	(1u << 20)	/* a piece smaller than this is not worth a thread */

/* Piece @j's bytes; an empty segment may have no buffer: no offset from NULL. */
static const uint8_t *piece_buf(const struct plan *p, const struct segment *s, uint32_t j)
{
	return s->bufsz ? s->buf + plan_piece_off(p, s, j) : s->buf;
}

/*
 * The check record of every piece of every segment.  Hashing is most of a
 * load's time and the pieces are independent, so they are hashed on up to
 * one thread per usable CPU, largest first, by the queue that also hashes
 * ahead (prehash.h); qemu-user runs guest threads in parallel too.  A thread
 * that cannot be started leaves its share to the others.
 *
 * With @p->pre still running (load.c leaves it so, to hash the kernel and
 * initrd while the layout works), its pieces are waited for here, and the
 * plan's other pieces join its queue; finished, its records are taken and
 * the rest goes to a queue of this function's own.
 */
void plan_digest(struct plan *p)
{
	struct prehash q, *h;	/* the pieces not hashed ahead go to h: p->pre, or q */
	size_t cpus = kx_usable_cpus();
	size_t i, want, big = 0, before;
	uint64_t piece = KX_PIECE_MIN, total;
	uint32_t j;

	/* The smallest piece size that needs no more pieces than the purgatory holds. */
	for (;;) {
		for (total = 0, i = 0; i < p->nseg; i++)
			total += pieces_of(p->seg[i].bufsz, piece);
		if (total <= KX_MAX_PIECES)
			break;
		piece *= 2;
	}
	p->piece_size = piece;
	p->block_shift = plan_block_shift(piece);
	memset(&q, 0, sizeof(q));
	/* Pieces queued on a pool that never started (no thread could be made): hashed now. */
	if (p->pre && !p->pre->started)
		prehash_finish(p->pre);
	h = p->pre && p->pre->started && !p->pre->closed ? p->pre : &q;
	/* Cut otherwise than this plan cuts (pieces larger than the least): no use, stopped. */
	if (h == p->pre && h->n && h->block_shift != p->block_shift) {
		prehash_cancel(h);
		h = &q;
	}
	p->ndigest = 0;
	for (i = 0; i < p->nseg; i++) {
		struct segment *s = &p->seg[i];

		s->dig0 = p->ndigest;
		s->ndig = (uint32_t)pieces_of(s->bufsz, piece);
		p->ndigest += s->ndig;
		for (j = 0; j < s->ndig; j++) {
			const uint8_t *buf = piece_buf(p, s, j);
			size_t len = (size_t)plan_piece_len(p, s, j);
			uint64_t *mask = &p->zero_mask[s->dig0 + j];
			uint8_t *out = p->digest[s->dig0 + j];

			/* Hashed ahead (or on its way): taken as it is, below. */
			if (prehash_queued(p->pre, buf, len, p->block_shift))
				continue;
			if (!len) {
				kx_digest_sparse(buf, 0, p->block_shift, mask, out);	/* nothing to queue */
				continue;
			}
			before = h->n;
			prehash_add(h, buf, len, piece, p->block_shift);
			if (h->n == before) {	/* a full queue: hashed here */
				kx_digest_sparse(buf, len, p->block_shift, mask, out);
				continue;
			}
			big += len >= THREAD_WORTH;
		}
	}
	/* Small pieces are not worth a thread: only the big ones get one, this one included. */
	want = big < cpus ? big : cpus;
	if (h == &q)
		prehash_run(&q, want ? want - 1 : 0);
	prehash_finish(h);
	for (i = 0; i < p->nseg; i++)
		for (j = 0; j < p->seg[i].ndig; j++) {
			const uint8_t *buf = piece_buf(p, &p->seg[i], j);
			size_t len = (size_t)plan_piece_len(p, &p->seg[i], j);
			uint64_t *mask = &p->zero_mask[p->seg[i].dig0 + j];
			uint8_t *out = p->digest[p->seg[i].dig0 + j];

			if (!prehash_take(p->pre, buf, len, p->block_shift, mask, out))
				prehash_take(&q, buf, len, p->block_shift, mask, out);
		}
}

void plan_digest_whole(struct plan *p, struct segment *s)
{
	if (p->ndigest > KX_MAX_PIECES)
		return;		/* not reached: one call, after plan_digest's at most KX_MAX_PIECES */
	s->dig0 = p->ndigest++;
	s->ndig = 1;
	/* The same record as every other piece's, so that one checker reads them all. */
	if (p->piece_size)
		kx_digest_sparse(s->buf, s->bufsz, p->block_shift, &p->zero_mask[s->dig0],
				 p->digest[s->dig0]);
	else {
		p->zero_mask[s->dig0] = 0;
		kx_digest(s->buf, s->bufsz, p->digest[s->dig0]);
	}
}

static int cmp_mem(const void *a, const void *b)
{
	const struct segment *x = a, *y = b;

	return x->mem < y->mem ? -1 : x->mem > y->mem;
}

int plan_finalize(struct plan *p)
{
	size_t i;

	qsort(p->seg, p->nseg, sizeof(p->seg[0]), cmp_mem);
	for (i = 0; i < p->nseg; i++) {
		const struct segment *s = &p->seg[i];

		if ((s->mem | s->memsz) & (p->page_size - 1)) {
			kx_err("%s segment 0x%llx+0x%llx is not aligned to the %llu-byte page size",
			       role_name(s->role), (unsigned long long)s->mem,
			       (unsigned long long)s->memsz, (unsigned long long)p->page_size);
			return -EINVAL;
		}
		if (s->bufsz > s->memsz || s->mem + s->memsz < s->mem) {
			kx_err("%s segment at 0x%llx: %zu bytes do not fit in 0x%llx",
			       role_name(s->role), (unsigned long long)s->mem, s->bufsz,
			       (unsigned long long)s->memsz);
			return -EINVAL;
		}
		if (i && p->seg[i - 1].mem + p->seg[i - 1].memsz > s->mem) {
			const struct segment *o = &p->seg[i - 1];

			kx_err("%s segment 0x%llx-0x%llx overlaps %s segment 0x%llx-0x%llx",
			       role_name(s->role), (unsigned long long)s->mem,
			       (unsigned long long)(s->mem + s->memsz), role_name(o->role),
			       (unsigned long long)o->mem, (unsigned long long)(o->mem + o->memsz));
			return -EINVAL;
		}
	}
	return 0;
}

void plan_note(struct plan *p, const char *fmt, ...)
{
	va_list ap;

	if (p->nnotes >= KX_MAX_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(p->notes[p->nnotes++], sizeof(p->notes[0]), fmt, ap);
	va_end(ap);
}

struct segment *plan_find(struct plan *p, enum seg_role role)
{
	size_t i;

	for (i = 0; i < p->nseg; i++)
		if (p->seg[i].role == role)
			return &p->seg[i];
	return NULL;
}

static void hex(FILE *f, const uint8_t *d, size_t n)
{
	while (n--)
		fprintf(f, "%02x", *d++);
}

/* After a digest: how many of the piece's blocks are zeros, checked as such. */
static void zero_blocks(FILE *f, const struct plan *p, uint32_t d)
{
	char sz[KX_SIZE_BUF];

	if (p->zero_mask[d])
		fprintf(f, " + %d zero blocks of %s", __builtin_popcountll(p->zero_mask[d]),
			kx_size(sz, 1ULL << p->block_shift));
}

void plan_print(const struct plan *p, FILE *f)
{
	size_t i;
	char sz[KX_SIZE_BUF];

	fprintf(f, "kexec plan: %s, kexec_load, flags 0x%lx, page size %llu\n", p->arch, p->flags,
		(unsigned long long)p->page_size);
	if (p->kernel_desc[0])
		fprintf(f, "kernel image: %s\n", p->kernel_desc);
	for (i = 0; i < p->nseg; i++) {
		const struct segment *s = &p->seg[i];

		uint32_t j;

		fprintf(f, "segment %zu: %-10s 0x%016llx-0x%016llx %10s  blake2b ", i,
			role_name(s->role), (unsigned long long)s->mem,
			(unsigned long long)(s->mem + s->memsz), kx_size(sz, s->memsz));
		if (s->ndig == 1) {
			hex(f, p->digest[s->dig0], KX_DIGEST_SIZE);
			zero_blocks(f, p, s->dig0);
		} else if (s->ndig)
			fprintf(f, "of %u pieces of %s", s->ndig, kx_size(sz, p->piece_size));
		else
			fputs("(not computed)", f);
		fprintf(f, "%s%s%s\n", s->verified ? "" : " (not re-checked)",
			s->source ? "  " : "", s->source ? s->source : "");
		for (j = 0; s->ndig > 1 && j < s->ndig; j++) {
			fprintf(f, "  piece %2u: +0x%09llx %10s  blake2b ", j,
				(unsigned long long)plan_piece_off(p, s, j),
				kx_size(sz, plan_piece_len(p, s, j)));
			hex(f, p->digest[s->dig0 + j], KX_DIGEST_SIZE);
			zero_blocks(f, p, s->dig0 + j);
			fputc('\n', f);
		}
	}
	fprintf(f, "entry: 0x%llx (purgatory)\n", (unsigned long long)p->entry);
	fprintf(f, "kernel entry: 0x%llx, device tree: 0x%llx\n",
		(unsigned long long)p->kernel_entry, (unsigned long long)p->fdt_addr);
	fprintf(f, "command line (%zu bytes): %s\n", p->cmdline ? strlen(p->cmdline) : 0,
		p->cmdline ? p->cmdline : "");
	for (i = 0; i < p->nnotes; i++)
		fprintf(f, "note: %s\n", p->notes[i]);
}

void file_plan_print(const struct file_plan *p, FILE *f)
{
	fprintf(f, "kexec plan: %s, kexec_file_load, flags 0x%lx, page size %llu\n", p->arch,
		p->flags, (unsigned long long)p->page_size);
	if (p->kernel_desc[0])
		fprintf(f, "kernel image: %s\n", p->kernel_desc);
	fprintf(f, "kernel file: %s\ninitrd file: %s\n", p->kernel_file ? p->kernel_file : "",
		p->initrd_file ? p->initrd_file : "");
	fprintf(f, "command line (%zu bytes): %s\n", p->cmdline ? strlen(p->cmdline) : 0,
		p->cmdline ? p->cmdline : "");
	if (p->note)
		fprintf(f, "note: %s\n", p->note);
}

void plan_free(struct plan *p)
{
	size_t i;

	for (i = 0; i < p->nseg; i++)
		if (!p->seg[i].borrowed)
			free(p->seg[i].buf);
	free(p->cmdline);
	memset(p, 0, sizeof(*p));
}

void file_plan_free(struct file_plan *p)
{
	free(p->cmdline);
	free(p->kernel_file);
	memset(p, 0, sizeof(*p));
}
