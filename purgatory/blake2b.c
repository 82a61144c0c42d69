// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * BLAKE2b as specified in RFC 7693, unkeyed.  Freestanding (no libc),
 * because the purgatory runs it in real mode before the next kernel exists;
 * the loader links the very same file, so both sides agree on every digest.
 *
 * Why BLAKE2b and not SHA-256: nearly all of a load, and all of the
 * purgatory's check, is the digest of the segments.  BLAKE2b works on 64-bit
 * words with only additions, exclusive ors and rotations (a ppc64 instruction
 * each), 10.5 of them per byte against SHA-256's 40-odd, and its digest is as
 * long and as strong: 256 bits, no known attack better than generic.  Both
 * were timed side by side (doc/design.md, "Digests").
 */
#include "blake2b.h"
#include "bytes.h"

/* RFC 7693, 2.6: the same words as SHA-512's initial hash value. */
static const uint64_t blake2b_iv[8] = {
	0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
	0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL,
};

#define ROTR(x, n)	(((x) >> (n)) | ((x) << (64 - (n))))

/* RFC 7693, 3.1: the mixing function G with the rotations R1..R4 of BLAKE2b. */
#define G(a, b, c, d, x, y) do {				\
		a += b + (x); d = ROTR(d ^ a, 32);		\
		c += d;       b = ROTR(b ^ c, 24);		\
		a += b + (y); d = ROTR(d ^ a, 16);		\
		c += d;       b = ROTR(b ^ c, 63);		\
	} while (0)

/*
 * One round with the message schedule SIGMA[r] written out (RFC 7693, 2.7),
 * so that every message word index is a constant: the compiler keeps the
 * working vector in registers instead of indexing memory, which matters most
 * under emulation, where every load is a call away.
 */
#define ROUND(s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, s15) do { \
		G(v0, v4, v8, v12, m[s0], m[s1]);	\
		G(v1, v5, v9, v13, m[s2], m[s3]);	\
		G(v2, v6, v10, v14, m[s4], m[s5]);	\
		G(v3, v7, v11, v15, m[s6], m[s7]);	\
		G(v0, v5, v10, v15, m[s8], m[s9]);	\
		G(v1, v6, v11, v12, m[s10], m[s11]);	\
		G(v2, v7, v8, v13, m[s12], m[s13]);	\
		G(v3, v4, v9, v14, m[s14], m[s15]);	\
	} while (0)

/* RFC 7693, 3.2: compress one 128-byte block; @total counts it, @last is the final flag. */
static void compress(uint64_t h[8], const uint8_t *p, uint64_t total, int last)
{
	uint64_t m[16], v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15;
	int i;

	/* Message words are little-endian by definition, whatever the CPU's order. */
	for (i = 0; i < 16; i++)
		m[i] = le64_ld(p + 8 * i);
	v0 = h[0], v1 = h[1], v2 = h[2], v3 = h[3], v4 = h[4], v5 = h[5], v6 = h[6], v7 = h[7];
	v8 = blake2b_iv[0], v9 = blake2b_iv[1], v10 = blake2b_iv[2], v11 = blake2b_iv[3];
	v12 = blake2b_iv[4] ^ total;		/* the counter's high word stays 0: < 2^64 bytes */
	v13 = blake2b_iv[5];
	v14 = last ? ~blake2b_iv[6] : blake2b_iv[6];
	v15 = blake2b_iv[7];
	ROUND(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
	ROUND(14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3);
	ROUND(11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4);
	ROUND(7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8);
	ROUND(9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13);
	ROUND(2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9);
	ROUND(12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11);
	ROUND(13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10);
	ROUND(6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5);
	ROUND(10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0);
	/* Rounds 10 and 11 reuse the schedules of rounds 0 and 1. */
	ROUND(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
	ROUND(14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3);
	h[0] ^= v0 ^ v8, h[1] ^= v1 ^ v9, h[2] ^= v2 ^ v10, h[3] ^= v3 ^ v11;
	h[4] ^= v4 ^ v12, h[5] ^= v5 ^ v13, h[6] ^= v6 ^ v14, h[7] ^= v7 ^ v15;
}

void blake2b_init(struct blake2b_ctx *c, unsigned outlen)
{
	int i;

	if (outlen < 1 || outlen > BLAKE2B_MAX_DIGEST)
		outlen = KX_DIGEST_SIZE;
	for (i = 0; i < 8; i++)
		c->h[i] = blake2b_iv[i];
	/* Parameter block word 0: digest length, key length 0, fanout 1, depth 1. */
	c->h[0] ^= 0x01010000ULL | outlen;
	c->total = 0;
	c->buflen = 0;
	c->outlen = outlen;
}

void blake2b_update(struct blake2b_ctx *c, const void *data, size_t len)
{
	const uint8_t *p = data;

	/*
	 * A full buffer is compressed only once more bytes come: the last block
	 * of the message must be compressed with the final flag, by _final.
	 */
	if (c->buflen && len) {
		while (c->buflen < BLAKE2B_BLOCK && len)
			c->buf[c->buflen++] = *p++, len--;
		if (!len)
			return;
		c->total += BLAKE2B_BLOCK;
		compress(c->h, c->buf, c->total, 0);
		c->buflen = 0;
	}
	/* Straight from the caller's bytes, keeping back the last (partial or full) block. */
	for (; len > BLAKE2B_BLOCK; len -= BLAKE2B_BLOCK, p += BLAKE2B_BLOCK) {
		c->total += BLAKE2B_BLOCK;
		compress(c->h, p, c->total, 0);
	}
	while (len)
		c->buf[c->buflen++] = *p++, len--;
}

void blake2b_final(struct blake2b_ctx *c, uint8_t *out)
{
	unsigned i;

	c->total += c->buflen;
	for (i = c->buflen; i < BLAKE2B_BLOCK; i++)
		c->buf[i] = 0;
	compress(c->h, c->buf, c->total, 1);
	/* The digest is the hash words' bytes, little-endian, cut to its length. */
	for (i = 0; i < c->outlen; i++)
		out[i] = (uint8_t)(c->h[i / 8] >> (8 * (i % 8)));
}

void kx_digest(const void *data, size_t len, uint8_t out[KX_DIGEST_SIZE])
{
	struct blake2b_ctx c;

	blake2b_init(&c, KX_DIGEST_SIZE);
	blake2b_update(&c, data, len);
	blake2b_final(&c, out);
}

int bytes_all_zero(const void *data, size_t len)
{
	typedef uint64_t __attribute__((may_alias)) word;
	const uint8_t *p = data;
	uint64_t acc = 0;
	int i;

	/* Bytes up to a word boundary, so that every word load is aligned. */
	for (; len && ((uintptr_t)p & 7); len--)
		acc |= *p++;
	/* Eight words at a time: a block with data mostly differs in its first. */
	for (; len >= 64; len -= 64, p += 64) {
		if (acc)
			return 0;
		for (i = 0; i < 8; i++)
			acc |= ((const word *)p)[i];
	}
	while (len--)
		acc |= *p++;
	return acc == 0;
}
