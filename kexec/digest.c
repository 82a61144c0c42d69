// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The loader's SHA-256.  POWER8 and later have vshasigmaw, which computes
 * the four sigma functions of FIPS 180-4 on four words at once; the kernel
 * advertises it as PPC_FEATURE2_VEC_CRYPTO in AT_HWCAP2.  With it, whole
 * blocks can go through the vector code below; the partial last block, and
 * every block on other CPUs and hosts, go through the purgatory's scalar code.
 *
 * Having the instruction does not make it the faster code: QEMU runs
 * vshasigmaw as a call into a helper, and there the vector code takes four
 * to five times as long as the scalar one (bench/sha256-run).  So, as the
 * kernel picks its RAID-6 and XOR routines, the loader times both on a
 * sample of what it is about to hash and keeps the faster
 * (kx_sha256_fastest).  Both give the same digest.
 */
#include <string.h>
#include <time.h>
#include <sys/auxv.h>
#include "bytes.h"
#include "digest.h"

#if defined(__powerpc64__) && defined(__GNUC__)
#define HAVE_VEC_SHA 1

#ifndef PPC_FEATURE2_VEC_CRYPTO
#define PPC_FEATURE2_VEC_CRYPTO	0x02000000	/* ABI: asm/cputable.h */
#endif

/*
 * GCC's generic vectors, not altivec.h: their element i is word i in memory
 * order on both byte orders, so no lane numbering here depends on the
 * endianness, and the file builds for big-endian targets whose default CPU
 * has no AltiVec (the one function that needs POWER8 says so itself).
 */
typedef uint32_t v4w __attribute__((vector_size(16)));
typedef uint64_t v2d __attribute__((vector_size(16)));

#define POWER8	__attribute__((target("cpu=power8")))

/* vshasigmaw: ST=0 gives the schedule's sigma0/sigma1, ST=1 the rounds' Sigma0/Sigma1. */
#define SSIG0(x)	__builtin_crypto_vshasigmaw((x), 0, 0x0)
#define SSIG1(x)	__builtin_crypto_vshasigmaw((x), 0, 0xf)
#define BSIG0(x)	__builtin_crypto_vshasigmaw((x), 1, 0x0)
#define BSIG1(x)	__builtin_crypto_vshasigmaw((x), 1, 0xf)
/* Bits of y where m is set, of x elsewhere. */
#define SEL(x, y, m)	(((x) & ~(m)) | ((y) & (m)))
#define CH(e, f, g)	SEL(g, f, e)
/* Where a and c agree the majority is theirs; where they differ, b decides. */
#define MAJ(a, b, c)	SEL(a, b, (a) ^ (c))

#define LD4(p)		({ v4w v_; memcpy(&v_, (p), 16); v_; })
#define ST4(p, v)	do { v4w v_ = (v); memcpy((p), &v_, 16); } while (0)
#define SPLAT(v, i)	__builtin_shuffle((v), (v4w){ (i), (i), (i), (i) })
/* Doubleword i of x and doubleword j of y (0..1 each): one xxpermdi. */
#define DWS(x, y, i, j)	((v4w)__builtin_shuffle((v2d)(x), (v2d)(y), (v2d){ (i), 2 + (j) }))

/*
 * Every working variable lives splatted across its vector, so a round is the
 * scalar round with vector operations and no lane ever has to be picked out;
 * the rounds rename the variables instead of moving them, as the scalar code
 * does.
 */
#define VROUND(a, b, c, d, e, f, g, h, kw) do {			\
		v4w t1_ = (h) + BSIG1(e) + CH(e, f, g) + (kw);		\
		(d) += t1_;						\
		(h) = t1_ + BSIG0(a) + MAJ(a, b, c);			\
	} while (0)

POWER8 static void blocks_vcrypto(uint32_t hash[8], const uint8_t *p, size_t n)
{
	uint32_t w[64] __attribute__((aligned(16)));
	v4w a, b, c, d, e, f, g, h, kw, x, s1, s2, prev;
	int t;

	for (; n; n--, p += 64) {
		for (t = 0; t < 16; t++)
			w[t] = be32_ld(p + 4 * t);
		/*
		 * Four schedule words at a time.  Words t+2 and t+3 need sigma1 of
		 * words t and t+1 of the same four, so sigma1 runs twice: on words
		 * t-2, t-1 (from the previous four), then on the new t, t+1.
		 */
		prev = LD4(&w[12]);
		for (t = 16; t < 64; t += 4) {
			x = LD4(&w[t - 16]) + SSIG0(LD4(&w[t - 15])) + LD4(&w[t - 7]);
			s1 = SSIG1(DWS(prev, prev, 1, 1));	/* lanes 0, 1 */
			s2 = SSIG1(DWS(x + s1, x + s1, 0, 0));	/* lanes 2, 3 */
			prev = x + DWS(s1, s2, 0, 1);
			ST4(&w[t], prev);
		}
		a = (v4w){ hash[0], hash[0], hash[0], hash[0] };
		b = (v4w){ hash[1], hash[1], hash[1], hash[1] };
		c = (v4w){ hash[2], hash[2], hash[2], hash[2] };
		d = (v4w){ hash[3], hash[3], hash[3], hash[3] };
		e = (v4w){ hash[4], hash[4], hash[4], hash[4] };
		f = (v4w){ hash[5], hash[5], hash[5], hash[5] };
		g = (v4w){ hash[6], hash[6], hash[6], hash[6] };
		h = (v4w){ hash[7], hash[7], hash[7], hash[7] };
		for (t = 0; t < 64; t += 8) {
			kw = LD4(&w[t]) + LD4(&sha256_k[t]);
			VROUND(a, b, c, d, e, f, g, h, SPLAT(kw, 0));
			VROUND(h, a, b, c, d, e, f, g, SPLAT(kw, 1));
			VROUND(g, h, a, b, c, d, e, f, SPLAT(kw, 2));
			VROUND(f, g, h, a, b, c, d, e, SPLAT(kw, 3));
			kw = LD4(&w[t + 4]) + LD4(&sha256_k[t + 4]);
			VROUND(e, f, g, h, a, b, c, d, SPLAT(kw, 0));
			VROUND(d, e, f, g, h, a, b, c, SPLAT(kw, 1));
			VROUND(c, d, e, f, g, h, a, b, SPLAT(kw, 2));
			VROUND(b, c, d, e, f, g, h, a, SPLAT(kw, 3));
		}
		hash[0] += a[0]; hash[1] += b[0]; hash[2] += c[0]; hash[3] += d[0];
		hash[4] += e[0]; hash[5] += f[0]; hash[6] += g[0]; hash[7] += h[0];
	}
}

static int have_vcrypto(void)
{
	return (getauxval(AT_HWCAP2) & PPC_FEATURE2_VEC_CRYPTO) != 0;
}

#else
static int have_vcrypto(void)
{
	return 0;
}
#endif

unsigned kx_sha256_codes(void)
{
	return 1u << KX_SHA256_SCALAR | (have_vcrypto() ? 1u << KX_SHA256_VCRYPTO : 0);
}

const char *kx_sha256_name(enum kx_sha256_code code)
{
	return code == KX_SHA256_VCRYPTO ? "vshasigmaw" : "scalar";
}

/* Hash @n more bytes into @c with @code. */
static void feed(enum kx_sha256_code code, struct sha256_ctx *c, const uint8_t *p, size_t n)
{
#ifdef HAVE_VEC_SHA
	/* Whole blocks through the vector code while nothing is buffered. */
	if (code == KX_SHA256_VCRYPTO && c->buflen == 0) {
		size_t whole = n & ~(size_t)63;

		blocks_vcrypto(c->h, p, whole / 64);
		c->total += whole;
		p += whole;
		n -= whole;
	}
#endif
	(void)code;
	sha256_update(c, p, n);
}

void kx_sha256_by(enum kx_sha256_code code, const void *data, size_t len,
		  uint8_t out[SHA256_DIGEST_SIZE])
{
	struct sha256_ctx c;

	sha256_init(&c);
	feed(code, &c, data, len);
	sha256_final(&c, out);
}

void kx_sha256_sparse(enum kx_sha256_code code, const void *data, size_t len,
		      unsigned block_shift, uint64_t *zero_mask, uint8_t out[SHA256_DIGEST_SIZE])
{
	const uint8_t *p = data;
	size_t block = (size_t)1 << block_shift, off, n;
	struct sha256_ctx c;
	unsigned k;

	*zero_mask = 0;
	sha256_init(&c);
	for (off = 0, k = 0; off < len; off += n, k++) {
		n = len - off < block ? len - off : block;
		/* Past the mask's blocks (not reached: the plan sizes blocks to fit) all is hashed. */
		if (k < 64 && bytes_all_zero(p + off, n))
			*zero_mask |= 1ULL << k;
		else
			feed(code, &c, p + off, n);
	}
	sha256_final(&c, out);
}

static double seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

#define SAMPLE_MAX	(8u << 10)
#define SAMPLE_MIN	(4u << 10)

enum kx_sha256_code kx_sha256_fastest(const void *sample, size_t len)
{
	double best[2] = { 1e9, 1e9 };
	uint8_t d[SHA256_DIGEST_SIZE];
	int round, code;

	if (!(kx_sha256_codes() & 1u << KX_SHA256_VCRYPTO) || len < SAMPLE_MIN)
		return KX_SHA256_SCALAR;
	if (len > SAMPLE_MAX)
		len = SAMPLE_MAX;
	/* Alternating, best of three each: a busy machine slows both alike. */
	for (round = 0; round < 3; round++)
		for (code = KX_SHA256_SCALAR; code <= KX_SHA256_VCRYPTO; code++) {
			double t0 = seconds(), t;

			kx_sha256_by(code, sample, len, d);
			t = seconds() - t0;
			if (t < best[code])
				best[code] = t;
		}
	return best[KX_SHA256_VCRYPTO] < best[KX_SHA256_SCALAR] ? KX_SHA256_VCRYPTO : KX_SHA256_SCALAR;
}
