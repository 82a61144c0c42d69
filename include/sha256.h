/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SHA-256 (FIPS 180-4), freestanding: the loader digests each segment with it
 * and the purgatory checks the same digests with the same code before it
 * boots anything.
 */
#ifndef KX_SHA256_H
#define KX_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE 32

struct sha256_ctx {
	uint32_t h[8];
	uint64_t total;		/* bytes hashed so far */
	uint8_t buf[64];	/* partial block */
	uint32_t buflen;
};

/* The 64 round constants of FIPS 180-4, 4.2.2 (shared with the loader's vector code). */
extern const uint32_t sha256_k[64];

/** sha256_init() - start a new digest. */
void sha256_init(struct sha256_ctx *c);
/** sha256_update() - hash @len bytes at @data (any alignment). */
void sha256_update(struct sha256_ctx *c, const void *data, size_t len);
/** sha256_final() - pad, write the 32-byte digest to @out. */
void sha256_final(struct sha256_ctx *c, uint8_t out[SHA256_DIGEST_SIZE]);
/** sha256() - one-shot digest of a buffer. */
void sha256(const void *data, size_t len, uint8_t out[SHA256_DIGEST_SIZE]);
/**
 * bytes_all_zero() - whether @len bytes at @data (any alignment) are all
 * zero: the other half of a check record (include/purgatory-abi.h, zero
 * blocks), with which the loader finds zero blocks and the purgatory checks
 * them.  Stops within 64 bytes of the first non-zero one.
 */
int bytes_all_zero(const void *data, size_t len);

#endif
