/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bench/sha256-ref.h: the former scalar SHA-256, for bench/digest-run's comparison only. */
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

/** sha256_init() - start a new digest. */
void sha256_init(struct sha256_ctx *c);
/** sha256_update() - hash @len bytes at @data (any alignment). */
void sha256_update(struct sha256_ctx *c, const void *data, size_t len);
/** sha256_final() - pad, write the 32-byte digest to @out. */
void sha256_final(struct sha256_ctx *c, uint8_t out[SHA256_DIGEST_SIZE]);
/** sha256() - one-shot digest of a buffer. */
void sha256(const void *data, size_t len, uint8_t out[SHA256_DIGEST_SIZE]);
#endif
