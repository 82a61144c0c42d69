// SPDX-License-Identifier: GPL-2.0-or-later
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "digest.h"
#include "prehash.h"

size_t kx_usable_cpus(void)
{
	cpu_set_t set;
	long n;

	/* The affinity mask, which taskset and cgroup cpusets narrow (the online count would overstate them). */
	if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0)
		return (size_t)CPU_COUNT(&set);
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (size_t)n : 1;
}

void prehash_add(struct prehash *h, const uint8_t *buf, size_t len, uint64_t piece,
		 unsigned block_shift)
{
	size_t off;

	if (h->finished || !buf || !piece || (h->n && block_shift != h->block_shift))
		return;		/* only until prehash_finish, all in one block size */
	if (h->started)
		pthread_mutex_lock(&h->lock);
	if (!h->closed) {
		/* Written before the first item only: the workers read it once they have one. */
		if (!h->n)
			h->block_shift = block_shift;
		for (off = 0; off < len && h->n < PREHASH_MAX_ITEMS; off += piece) {
			size_t n = len - off < piece ? len - off : piece;

			h->item[h->n].buf = buf + off;
			h->item[h->n].len = n;
			h->n++;
		}
	}
	if (h->started) {
		pthread_cond_broadcast(&h->more);
		pthread_mutex_unlock(&h->lock);
	}
}

/* The next item to hash, or SIZE_MAX once the queue is empty and closed (or not started). */
static size_t take_next(struct prehash *h)
{
	size_t i = SIZE_MAX;

	if (!h->started)
		return h->next < h->n ? h->next++ : SIZE_MAX;
	pthread_mutex_lock(&h->lock);
	while (h->next >= h->n && !h->closed)
		pthread_cond_wait(&h->more, &h->lock);
	if (h->next < h->n)
		i = h->next++;
	pthread_mutex_unlock(&h->lock);
	return i;
}

static void *worker(void *arg)
{
	struct prehash *h = arg;
	size_t i;

	while ((i = take_next(h)) != SIZE_MAX)
		kx_digest_sparse(h->item[i].buf, h->item[i].len, h->block_shift, &h->item[i].zero_mask,
				 h->item[i].digest);
	return NULL;
}

static int by_len_desc(const void *a, const void *b)
{
	const struct prehash_item *x = a, *y = b;

	return x->len < y->len ? 1 : x->len > y->len ? -1 : 0;
}

void prehash_run(struct prehash *h, size_t threads)
{
	if (h->started || h->finished || !threads)
		return;
	/* Largest first: the CPUs then finish close together. */
	qsort(h->item, h->n, sizeof(h->item[0]), by_len_desc);
	if (threads > PREHASH_THREADS)
		threads = PREHASH_THREADS;
	if (pthread_mutex_init(&h->lock, NULL) != 0)
		return;
	if (pthread_cond_init(&h->more, NULL) != 0) {
		pthread_mutex_destroy(&h->lock);
		return;
	}
	h->started = 1;
	for (; h->nt < threads; h->nt++)
		if (pthread_create(&h->tid[h->nt], NULL, worker, h) != 0)
			break;	/* its share waits for prehash_finish */
}

/* No more items: the workers leave once the queue is empty. */
static void close_queue(struct prehash *h, int drop)
{
	if (h->started)
		pthread_mutex_lock(&h->lock);
	h->closed = 1;
	if (drop)
		h->next = h->n;
	if (h->started) {
		pthread_cond_broadcast(&h->more);
		pthread_mutex_unlock(&h->lock);
	}
}

void prehash_finish(struct prehash *h)
{
	size_t i;

	if (h->finished)
		return;
	close_queue(h, 0);
	worker(h);
	for (i = 0; i < h->nt; i++)
		pthread_join(h->tid[i], NULL);
	h->nt = 0;
	if (h->started) {
		pthread_cond_destroy(&h->more);
		pthread_mutex_destroy(&h->lock);
		h->started = 0;
	}
	h->finished = 1;
}

void prehash_cancel(struct prehash *h)
{
	if (!h->finished)
		close_queue(h, 1);
	prehash_finish(h);
	h->n = 0;	/* some were never hashed: none may be taken */
}

int prehash_queued(const struct prehash *h, const uint8_t *buf, size_t len, unsigned block_shift)
{
	size_t i;

	/* Only the adding thread writes an item's buf and len, and reads them here. */
	if (!h || block_shift != h->block_shift)
		return 0;
	for (i = 0; i < h->n; i++)
		if (h->item[i].buf == buf && h->item[i].len == len)
			return 1;
	return 0;
}

int prehash_take(struct prehash *h, const uint8_t *buf, size_t len, unsigned block_shift,
		 uint64_t *zero_mask, uint8_t out[KX_DIGEST_SIZE])
{
	size_t i;

	if (!h || !h->finished || block_shift != h->block_shift)
		return 0;
	for (i = 0; i < h->n; i++)
		if (h->item[i].buf == buf && h->item[i].len == len) {
			*zero_mask = h->item[i].zero_mask;
			memcpy(out, h->item[i].digest, KX_DIGEST_SIZE);
			h->taken++;
			return 1;
		}
	return 0;
}
