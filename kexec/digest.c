// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The loader's check records.  A block is tested for zeros first: a word
 * test costs a fraction of hashing it, and kernels carry megabytes of zeros
 * in their file data.
 *
 * The digest was SHA-256 up to PURG_ABI_VERSION 4, with POWER8's vshasigmaw
 * chosen at run time where it was faster.  BLAKE2b replaced both: on the
 * same ppc64le code under qemu-user it hashes 64 MiB in 0.17 s against the
 * scalar SHA-256's 0.46 s, where vshasigmaw was slower still (a helper call
 * per instruction), and on x86-64 0.07 s against 0.20 s (doc/design.md,
 * "Digests").
 */
#include "digest.h"

void kx_digest_sparse(const void *data, size_t len, unsigned block_shift,
		      uint64_t *zero_mask, uint8_t out[KX_DIGEST_SIZE])
{
	const uint8_t *p = data;
	size_t block = (size_t)1 << block_shift, off, n;
	struct blake2b_ctx c;
	unsigned k;

	*zero_mask = 0;
	blake2b_init(&c, KX_DIGEST_SIZE);
	for (off = 0, k = 0; off < len; off += n, k++) {
		n = len - off < block ? len - off : block;
		/* Past the mask's blocks (not reached: the plan sizes blocks to fit) all is hashed. */
		if (k < 64 && bytes_all_zero(p + off, n))
			*zero_mask |= 1ULL << k;
		else
			blake2b_update(&c, p + off, n);
	}
	blake2b_final(&c, out);
}
