// SPDX-License-Identifier: GPL-2.0-or-later
#include <sched.h>
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

	if (h->nt || h->finished || !buf || !piece || (h->n && block_shift != h->block_shift))
		return;		/* only before prehash_run, all in one block size */
	h->block_shift = block_shift;
	for (off = 0; off < len && h->n < PREHASH_MAX_ITEMS; off += piece) {
		size_t n = len - off < piece ? len - off : piece;

		h->item[h->n].buf = buf + off;
		h->item[h->n].len = n;
		h->n++;
	}
}

static void *worker(void *arg)
{
	struct prehash *h = arg;
	size_t i;

	while ((i = __atomic_fetch_add(&h->next, 1, __ATOMIC_RELAXED)) < h->n)
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
	if (h->nt || h->finished || !h->n)
		return;
	/* Largest first: the CPUs then finish close together. */
	qsort(h->item, h->n, sizeof(h->item[0]), by_len_desc);
	if (threads > PREHASH_THREADS)
		threads = PREHASH_THREADS;
	if (threads > h->n)
		threads = h->n;
	for (; h->nt < threads; h->nt++)
		if (pthread_create(&h->tid[h->nt], NULL, worker, h) != 0)
			break;	/* its share waits for prehash_finish */
}

void prehash_finish(struct prehash *h)
{
	size_t i;

	if (h->finished)
		return;
	worker(h);
	for (i = 0; i < h->nt; i++)
		pthread_join(h->tid[i], NULL);
	h->nt = 0;
	h->finished = 1;
}

void prehash_cancel(struct prehash *h)
{
	if (!h->finished)
		__atomic_store_n(&h->next, h->n, __ATOMIC_RELAXED);
	prehash_finish(h);
	h->n = 0;	/* some were never hashed: none may be taken */
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
