/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A queue of pieces whose check records are computed on worker threads.
 * load.c starts the workers first, then hands them the kernel's pieces and
 * later the initrd's, while the main thread reads the running system (the
 * device tree, crash notes), which on a large machine takes as long as the
 * hashing; plan_digest() takes a record from there when its piece is the
 * same bytes cut the same way, and hashes the rest with a queue of its own.
 */
#ifndef KX_PREHASH_H
#define KX_PREHASH_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include "blake2b.h"

#define PREHASH_MAX_ITEMS	64	/* KX_MAX_PIECES: more cannot be in one plan */
#define PREHASH_THREADS		16	/* past this, memory bandwidth, not CPUs, bounds the hash */

struct prehash_item {
	const uint8_t *buf;	/* the piece's bytes: a buffer's start plus the piece's offset */
	size_t len;
	uint64_t zero_mask;
	uint8_t digest[KX_DIGEST_SIZE];
};

struct prehash {
	struct prehash_item item[PREHASH_MAX_ITEMS];
	size_t n;
	size_t next;		/* the next item a worker takes */
	unsigned block_shift;	/* of every item: the first prehash_add()'s */
	pthread_t tid[PREHASH_THREADS];
	size_t nt;
	/* Once started: @n, @next and @closed under @lock; workers wait on @more. */
	int started;
	int closed;		/* nothing more comes: workers leave when the queue is empty */
	pthread_mutex_t lock;
	pthread_cond_t more;
	int finished;		/* every item hashed, every thread joined */
	size_t taken;		/* records prehash_take() handed out */
};

/** kx_usable_cpus() - CPUs this process may run on (its affinity mask), at least 1. */
size_t kx_usable_cpus(void);

/**
 * prehash_add() - cut @len bytes at @buf into pieces of @piece bytes (the
 * last shorter), as plan_digest() cuts a segment, each to be hashed in
 * blocks of 2^@block_shift, and queue them (before or after prehash_run(),
 * until prehash_finish(); a block size other than the first add's is not
 * queued).  The bytes must not change, nor be freed, until prehash_finish()
 * or prehash_cancel().
 */
void prehash_add(struct prehash *h, const uint8_t *buf, size_t len, uint64_t piece,
		 unsigned block_shift);

/**
 * prehash_run() - start @threads worker threads (at most PREHASH_THREADS)
 * on what was added, largest piece first, and on what is added later; with
 * nothing queued yet they wait for it.  Threads started early cost less
 * under qemu-user, which discards its translated code when a process
 * creates its first thread.
 */
void prehash_run(struct prehash *h, size_t threads);

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
 * prehash_queued() - whether @h (may be NULL) holds the piece of @len bytes
 * at @buf cut into blocks of 2^@block_shift, hashed or still to be: a
 * question for the thread that adds.
 */
int prehash_queued(const struct prehash *h, const uint8_t *buf, size_t len, unsigned block_shift);

/**
 * prehash_take() - the record of the piece of @len bytes at @buf cut into
 * blocks of 2^@block_shift, if @h has it (after prehash_finish): 1 with
 * *@zero_mask and @out set, else 0; counted in @h->taken.
 */
int prehash_take(struct prehash *h, const uint8_t *buf, size_t len, unsigned block_shift,
		 uint64_t *zero_mask, uint8_t out[KX_DIGEST_SIZE]);

#endif
