/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The loader's half of the purgatory's check records: the zero blocks and
 * the BLAKE2b-256 of the rest, with the purgatory's own code
 * (purgatory/blake2b.c), so both sides agree on every byte.
 */
#ifndef KX_DIGEST_H
#define KX_DIGEST_H

#include <stddef.h>
#include <stdint.h>
#include "blake2b.h"

/**
 * kx_digest_sparse() - the purgatory's check record of @len bytes at @data
 * (include/purgatory-abi.h, struct purg_region): cut into blocks of
 * 2^@block_shift bytes (at most PURG_ZERO_BLOCKS of them, the last may be
 * shorter), set bit k of *@zero_mask for each block k that is all zeros,
 * and write to @out the BLAKE2b-256 of the other blocks, in order.
 * No zero block: the digest of the bytes, as kx_digest() gives.
 */
void kx_digest_sparse(const void *data, size_t len, unsigned block_shift,
		      uint64_t *zero_mask, uint8_t out[KX_DIGEST_SIZE]);

#endif
