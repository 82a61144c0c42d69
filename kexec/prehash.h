/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Check records computed ahead: the kernel's and initrd's pieces are hashed
 * on worker threads while the main thread reads the running system (the
 * device tree, crash notes), which on a large machine takes as long as the
 * hashing.  plan_digest() takes a record from here when its piece is the
 * same bytes cut the same way, and hashes the rest itself.
 */
#ifndef KX_PREHASH_H
#define KX_PREHASH_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include "blake2b.h"

#define PREHASH_MAX_ITEMS	64	/* KX_MAX_PIECES: more cannot be in one plan */
#define PREHASH_THREADS		16	/* as plan_digest's */

struct prehash_item {
	const uint8_t *buf;	/* the piece's bytes: a buffer's start plus the piece's offset */
	size_t len;
	uint64_t zero_mask;
	uint8_t digest[KX_DIGEST_SIZE];
};

struct prehash {
	struct prehash_item item[PREHASH_MAX_ITEMS];
	size_t n;
	size_t next;		/* taken with an atomic add */
	uint64_t piece;		/* the piece size assumed: KX_PIECE_MIN */
	unsigned block_shift;
	pthread_t tid[PREHASH_THREADS];
	size_t nt;
	int finished;		/* every item hashed, every thread joined */
	size_t taken;		/* records prehash_take() handed out */
};

/** kx_usable_cpus() - CPUs this process may run on (its affinity mask), at least 1. */
size_t kx_usable_cpus(void);

/**
 * prehash_add() - cut @len bytes at @buf into pieces as plan_digest() would
 * if the plan's piece size is KX_PIECE_MIN (the usual case), and queue them;
 * the threads start at the first call of prehash_run().  A piece that holds
 * [@skip_off, @skip_off + 4) (a word the layout will still change; ~0: none)
 * is left out.  The bytes must not change, nor be freed, until
 * prehash_finish().
 */
void prehash_add(struct prehash *h, const uint8_t *buf, size_t len, size_t skip_off);

/** prehash_run() - start hashing what was added, on one thread per usable CPU. */
void prehash_run(struct prehash *h);

/**
 * prehash_finish() - hash whatever is still queued on this thread too, then
 * wait for the workers.  Idempotent; also for an unstarted or empty @h.
 */
void prehash_finish(struct prehash *h);

/**
 * prehash_cancel() - leave what is still queued and wait for the workers'
 * current pieces (a failed load: its records are not wanted).  Idempotent.
 */
void prehash_cancel(struct prehash *h);

/**
 * prehash_take() - the record of the piece of @len bytes at @buf cut into
 * blocks of 2^@block_shift, if @h has it (after prehash_finish): 1 with
 * *@zero_mask and @out set, else 0; counted in @h->taken.
 */
int prehash_take(struct prehash *h, const uint8_t *buf, size_t len, unsigned block_shift,
		 uint64_t *zero_mask, uint8_t out[KX_DIGEST_SIZE]);

#endif
