// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench/sha256-ref.c: the scalar SHA-256 (FIPS 180-4) that the loader and the
 * purgatory used up to PURG_ABI_VERSION 4 (purgatory/sha256.c at d45ef12),
 * kept here only so that bench/digest-run can time BLAKE2b against it.
 */
#include "sha256-ref.h"

static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define ROR(x, n)	(((x) >> (n)) | ((x) << (32 - (n))))
#define BSIG0(x)	(ROR(x, 2) ^ ROR(x, 13) ^ ROR(x, 22))
#define BSIG1(x)	(ROR(x, 6) ^ ROR(x, 11) ^ ROR(x, 25))
#define SSIG0(x)	(ROR(x, 7) ^ ROR(x, 18) ^ ((x) >> 3))
#define SSIG1(x)	(ROR(x, 17) ^ ROR(x, 19) ^ ((x) >> 10))
#define CH(x, y, z)	((z) ^ ((x) & ((y) ^ (z))))	/* (x & y) ^ (~x & z) */
#define MAJ(x, y, z)	(((x) & (y)) | ((z) & ((x) | (y))))

/* Message words are big-endian by definition, whatever the CPU's order. */
static inline uint32_t load_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/*
 * Word t of the message schedule, kept in a ring of 16: word t replaces word
 * t - 16, which is its last use.
 */
#define SCHED(w, t)	((w)[(t) & 15] += SSIG1((w)[((t) - 2) & 15]) + (w)[((t) - 7) & 15] + \
			 SSIG0((w)[((t) - 15) & 15]))

/*
 * One round.  Instead of shifting the eight working variables down after
 * every round, the caller renames them: after eight rounds they are back in
 * place.  That is what makes the hash fast enough for the purgatory, which
 * checks every segment at each kexec boot.
 */
#define ROUND(a, b, c, d, e, f, g, h, k, wt) do {			\
		uint32_t t1_ = (h) + BSIG1(e) + CH(e, f, g) + (k) + (wt);	\
		(d) += t1_;						\
		(h) = t1_ + BSIG0(a) + MAJ(a, b, c);			\
	} while (0)

#define EIGHT(t, WT) do {						\
		ROUND(a, b, c, d, e, f, g, h, sha256_k[(t)], WT((t)));		\
		ROUND(h, a, b, c, d, e, f, g, sha256_k[(t) + 1], WT((t) + 1));	\
		ROUND(g, h, a, b, c, d, e, f, sha256_k[(t) + 2], WT((t) + 2));	\
		ROUND(f, g, h, a, b, c, d, e, sha256_k[(t) + 3], WT((t) + 3));	\
		ROUND(e, f, g, h, a, b, c, d, sha256_k[(t) + 4], WT((t) + 4));	\
		ROUND(d, e, f, g, h, a, b, c, sha256_k[(t) + 5], WT((t) + 5));	\
		ROUND(c, d, e, f, g, h, a, b, sha256_k[(t) + 6], WT((t) + 6));	\
		ROUND(b, c, d, e, f, g, h, a, sha256_k[(t) + 7], WT((t) + 7));	\
	} while (0)

static void compress(uint32_t hash[8], const uint8_t *blk)
{
	uint32_t w[16], a, b, c, d, e, f, g, h;

	a = hash[0]; b = hash[1]; c = hash[2]; d = hash[3];
	e = hash[4]; f = hash[5]; g = hash[6]; h = hash[7];
	/*
	 * The first 16 rounds load their message word as they go.  Loaded in a
	 * loop beforehand, the words were byte-swapped with vector permutes
	 * (GCC 12 vectorises that loop at -O2 on ppc64le), which qemu's TCG
	 * runs as helper calls: 4 a block, ~20% of the hash's time under
	 * qemu-user.  Here each is one lwbrx, as in kexec-tools' build.
	 */
#define FIRST(t) (w[t] = load_be32(blk + 4 * (t)))
#define LATER(t) SCHED(w, t)
	EIGHT(0, FIRST);
	EIGHT(8, FIRST);
	/*
	 * Unrolled to the end: with constant indexes the compiler keeps the
	 * schedule's ring in registers instead of memory.  Measured against the
	 * loop it replaces (hashing 256 MiB): 11% fewer instructions on x86-64
	 * (callgrind), about 10% less time for ppc64le under qemu-user.
	 */
	EIGHT(16, LATER);
	EIGHT(24, LATER);
	EIGHT(32, LATER);
	EIGHT(40, LATER);
	EIGHT(48, LATER);
	EIGHT(56, LATER);
#undef FIRST
#undef LATER
	hash[0] += a; hash[1] += b; hash[2] += c; hash[3] += d;
	hash[4] += e; hash[5] += f; hash[6] += g; hash[7] += h;
}

void sha256_init(struct sha256_ctx *c)
{
	static const uint32_t iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};
	int i;

	for (i = 0; i < 8; i++)
		c->h[i] = iv[i];
	c->total = 0;
	c->buflen = 0;
}

void sha256_update(struct sha256_ctx *c, const void *data, size_t len)
{
	const uint8_t *p = data;

	c->total += len;
	if (c->buflen) {
		while (len && c->buflen < 64) {
			c->buf[c->buflen++] = *p++;
			len--;
		}
		if (c->buflen < 64)
			return;
		compress(c->h, c->buf);
		c->buflen = 0;
	}
	/* Whole blocks straight from the input: no copy on the hot path. */
	for (; len >= 64; len -= 64, p += 64)
		compress(c->h, p);
	while (len--)
		c->buf[c->buflen++] = *p++;
}

void sha256_final(struct sha256_ctx *c, uint8_t out[SHA256_DIGEST_SIZE])
{
	uint64_t bits = c->total * 8;
	int i;

	c->buf[c->buflen++] = 0x80;
	if (c->buflen > 56) {
		while (c->buflen < 64)
			c->buf[c->buflen++] = 0;
		compress(c->h, c->buf);
		c->buflen = 0;
	}
	while (c->buflen < 56)
		c->buf[c->buflen++] = 0;
	for (i = 0; i < 8; i++)
		c->buf[56 + i] = (uint8_t)(bits >> (56 - 8 * i));
	compress(c->h, c->buf);
	for (i = 0; i < 8; i++) {
		out[4 * i] = (uint8_t)(c->h[i] >> 24);
		out[4 * i + 1] = (uint8_t)(c->h[i] >> 16);
		out[4 * i + 2] = (uint8_t)(c->h[i] >> 8);
		out[4 * i + 3] = (uint8_t)c->h[i];
	}
}

void sha256(const void *data, size_t len, uint8_t out[SHA256_DIGEST_SIZE])
{
	struct sha256_ctx c;

	sha256_init(&c);
	sha256_update(&c, data, len);
	sha256_final(&c, out);
}
