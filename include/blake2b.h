/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * BLAKE2b (RFC 7693), unkeyed, freestanding: the loader digests each segment
 * with it and the purgatory checks the same digests with the same code
 * before it boots anything.  The check records use 32-byte digests
 * (BLAKE2b-256); the other lengths are there for the RFC's test vectors.
 */
#ifndef KX_BLAKE2B_H
#define KX_BLAKE2B_H

#include <stddef.h>
#include <stdint.h>

#define KX_DIGEST_SIZE		32	/* a check record's digest: BLAKE2b-256 */
#define BLAKE2B_MAX_DIGEST	64
#define BLAKE2B_BLOCK		128

struct blake2b_ctx {
	uint64_t h[8];
	uint64_t total;		/* bytes compressed so far (the counter's low word) */
	uint8_t buf[BLAKE2B_BLOCK];	/* held back: the last block is compressed by _final */
	uint32_t buflen;
	uint32_t outlen;
};

/** blake2b_init() - start a digest of @outlen bytes (1..64). */
void blake2b_init(struct blake2b_ctx *c, unsigned outlen);
/** blake2b_update() - hash @len bytes at @data (any alignment). */
void blake2b_update(struct blake2b_ctx *c, const void *data, size_t len);
/** blake2b_final() - write the digest (its @outlen bytes) to @out. */
void blake2b_final(struct blake2b_ctx *c, uint8_t *out);
/** kx_digest() - one-shot BLAKE2b-256 of a buffer, as the check records hold. */
void kx_digest(const void *data, size_t len, uint8_t out[KX_DIGEST_SIZE]);
/**
 * bytes_all_zero() - whether @len bytes at @data (any alignment) are all
 * zero: the other half of a check record (include/purgatory-abi.h, zero
 * blocks), with which the loader finds zero blocks and the purgatory checks
 * them.  Stops within 64 bytes of the first non-zero one.
 */
int bytes_all_zero(const void *data, size_t len);

#endif
