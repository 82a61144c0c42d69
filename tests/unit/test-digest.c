// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The check records' digest: BLAKE2b against RFC 7693's example (Appendix A)
 * and against digests from another implementation (Python's hashlib, noted
 * by each), fed whole and in pieces; the loader's sparse record against one
 * built here from its definition; the zero test.
 */
#include "check.h"
#include "digest.h"
#include "blake2b.h"

static void hexstr(const uint8_t *d, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

/* @len bytes at @msg, digest of @outlen bytes: one-shot, and fed one byte at a time. */
static void vec(const char *msg, size_t len, unsigned outlen, const char *want)
{
	struct blake2b_ctx c;
	uint8_t d[64];
	char h[129];
	size_t i;

	blake2b_init(&c, outlen);
	blake2b_update(&c, msg, len);
	blake2b_final(&c, d);
	hexstr(d, outlen, h);
	CHECK_STR(h, want, "BLAKE2b-%u of %zu bytes", outlen * 8, len);
	blake2b_init(&c, outlen);
	for (i = 0; i < len && len <= 4096; i++)
		blake2b_update(&c, msg + i, 1);
	if (len <= 4096) {
		blake2b_final(&c, d);
		hexstr(d, outlen, h);
		CHECK_STR(h, want, "BLAKE2b-%u of %zu bytes, a byte at a time", outlen * 8, len);
	}
}

/*
 * kx_digest_sparse against a record built here from the definition: the
 * blocks this test zeroed are marked, and the digest is the BLAKE2b-256 of
 * the other blocks copied out one after another.  A block that is zero but
 * for its last byte must not be marked.
 */
static void sparse(void)
{
	enum { SHIFT = 12, BLK = 1 << SHIFT, N = 64 };
	static uint8_t buf[N * BLK], rest[N * BLK];
	static const struct {
		size_t len;
		uint64_t zero, nearly;
		const char *what;
	} cases[] = {
		{ N * BLK, 0, 0, "no zero block" },
		{ N * BLK, ~0ULL, 0, "every block zero" },
		{ N * BLK, 0x8000000000000001ULL, 1ULL << 5, "first and last blocks zero, one nearly" },
		{ 10 * BLK + 100, 1ULL << 10, 0, "a short last block, zero" },
		{ 10 * BLK + 100, 0x2aaULL, 1ULL << 10, "every other block zero, the short last nearly" },
		{ 3 * BLK, 0x2ULL, 0x1ULL, "the first block nearly zero, the second zero" },
		{ 0, 0, 0, "nothing" },
	};
	uint8_t want[32], got[32];
	size_t c, i, k, nrest;
	uint64_t mask;

	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		for (i = 0; i < cases[c].len; i++)
			buf[i] = (uint8_t)(i * 7 + (i >> 9) + 1);
		for (k = 0, nrest = 0; k * BLK < cases[c].len; k++) {
			size_t n = cases[c].len - k * BLK < BLK ? cases[c].len - k * BLK : BLK;

			if (cases[c].zero >> k & 1) {
				memset(buf + k * BLK, 0, n);
				continue;
			}
			if (cases[c].nearly >> k & 1) {
				memset(buf + k * BLK, 0, n - 1);
				buf[k * BLK + n - 1] = 1;
			}
			memcpy(rest + nrest, buf + k * BLK, n);
			nrest += n;
		}
		kx_digest(rest, nrest, want);
		mask = 0x5a5a;
		kx_digest_sparse(buf, cases[c].len, SHIFT, &mask, got);
		CHECK(mask == cases[c].zero && !memcmp(want, got, 32),
		      "kx_digest_sparse: %s: the zero blocks marked, the rest digested in order",
		      cases[c].what);
	}
}

/*
 * bytes_all_zero at every alignment and length around its word and 64-byte
 * steps: true on zeros, false with one set bit anywhere inside, and blind
 * to a set byte just outside.
 */
static void zero_test(void)
{
	static uint8_t z[300];
	size_t off, len, at = 0;
	int bad = 0;

	for (off = 0; off < 8 && !bad; off++)
		for (len = 0; len <= 200 && !bad; len++) {
			memset(z, 0, sizeof(z));
			z[off + len] = 1;	/* just past the end */
			if (off)
				z[off - 1] = 1;	/* just before the start */
			bad = !bytes_all_zero(z + off, len);
			for (at = 0; at < len && !bad; at++) {
				z[off + at] = 0x80;
				bad = bytes_all_zero(z + off, len);
				z[off + at] = 0;
			}
		}
	CHECK(!bad, "bytes_all_zero: offsets 0..7, lengths 0..200, one set byte at every place");
	if (bad)
		printf("# first wrong answer: offset %zu, length %zu, byte %zu\n", off - 1, len - 1, at);
}

int main(void)
{
	static char big[1000000 + 8];
	/* hashlib.blake2b(bytes((i * 7 + (i >> 8)) & 0xff for i in range(n)), digest_size=32) */
	static const struct {
		size_t len;
		const char *want;
	} pat[] = {
		{ 1, "03170a2e7597b7b7e3d84c05391d139a62b157e78786d8c082f29dcf4c111314" },
		{ 127, "4ff62e7c4c43fe101a078479c48836be4907d9d498dcc577ca89d694b2c11f9b" },
		{ 128, "14696d2a98d9f8a280da8b132b1045b345e1033759c6b02fcc4ee885c8ae7c37" },
		{ 129, "3934215260b1039be9d9d2b073b059bcd50120c327a22af93eb4d98cf821c14c" },
		{ 255, "a3bb8b4fa098078d32bb5a89e905e237862fd83e99141ca7d8a073bb268ba2a0" },
		{ 256, "3d0cb2693dfbac42af5a6cc960953fea8714aa39c4bcd054ef61d6b5e98ade4a" },
		{ 257, "00466ab5e91660e4fdbef955724cca27cee84370539f22d393d1f566bd177514" },
		{ 1000, "38981cec8fd0971914a759c4fac0538dbb29495eec4aea07f277e1f5f8562d27" },
	};
	struct blake2b_ctx c;
	uint8_t d1[32], d2[32];
	size_t i, off;

	CHECK_PROGRAM("digest");
	/* RFC 7693, Appendix A: BLAKE2b-512 of "abc". */
	vec("abc", 3, 64,
	    "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
	    "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
	/* hashlib.blake2b(MSG, digest_size=N): the parameter block carries the length. */
	vec("", 0, 32, "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
	vec("abc", 3, 32, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
	vec("abc", 3, 20, "384264f676f39536840523f284921cdc68b6846b");
	memset(big, 'a', 1000000);
	vec(big, 1000000, 32, "0741850f36cba4259628355d1073e24ddb9ca0e1bfac36fd39ae5dc2101e23a4");

	/* Around the block boundaries, at every alignment (the loads are byte-wise). */
	for (off = 0; off < 8; off++) {
		int bad = 0;

		for (i = 0; i < 1000; i++)
			big[off + i] = (char)(i * 7 + (i >> 8));
		for (i = 0; i < sizeof(pat) / sizeof(pat[0]); i++) {
			char h[65];

			kx_digest(big + off, pat[i].len, d1);
			hexstr(d1, 32, h);
			if (strcmp(h, pat[i].want)) {
				printf("# offset %zu, length %zu: %s\n", off, pat[i].len, h);
				bad = 1;
			}
		}
		CHECK(!bad, "BLAKE2b-256 at lengths 1, 127-129, 255-257, 1000 from offset %zu", off);
	}

	/* Feeding in odd-sized pieces must give the one-shot digest. */
	for (i = 0; i < 1000000; i++)
		big[i] = (char)(i * 7 + (i >> 8));
	kx_digest(big, 1000000, d1);
	blake2b_init(&c, 32);
	for (i = 0; i < 1000000;) {
		size_t n = (i % 97) + 1;

		if (n > 1000000 - i)
			n = 1000000 - i;
		blake2b_update(&c, big + i, n);
		i += n;
	}
	blake2b_final(&c, d2);
	CHECK(!memcmp(d1, d2, 32), "chunked updates equal one-shot");
	blake2b_init(&c, 32);
	blake2b_update(&c, big, 128);
	blake2b_update(&c, big + 128, 0);
	blake2b_update(&c, big + 128, 1000000 - 128);
	blake2b_final(&c, d2);
	CHECK(!memcmp(d1, d2, 32), "a full first block, an empty update, the rest: equal to one-shot");
	zero_test();
	sparse();
	return CHECK_DONE();
}
