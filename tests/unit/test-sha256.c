// SPDX-License-Identifier: GPL-2.0-or-later
/* SHA-256 against the FIPS 180-4 / NIST example vectors, and chunking. */
#include "check.h"
#include "digest.h"
#include "sha256.h"

static void hexstr(const uint8_t *d, char *out)
{
	int i;

	for (i = 0; i < 32; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

/* The scalar code, and each code the loader can use on this CPU. */
static void vec(const char *msg, size_t len, const char *want)
{
	uint8_t d[32];
	char h[65];
	int code;

	sha256(msg, len, d);
	hexstr(d, h);
	CHECK_STR(h, want, "sha256 of %zu bytes", len);
	for (code = KX_SHA256_SCALAR; code <= KX_SHA256_VCRYPTO; code++) {
		if (!(kx_sha256_codes() & 1u << code))
			continue;
		kx_sha256_by(code, msg, len, d);
		hexstr(d, h);
		CHECK_STR(h, want, "kx_sha256_by %s: %zu bytes", kx_sha256_name(code), len);
	}
}

/*
 * kx_sha256_sparse against a record built here from the definition: the
 * blocks this test zeroed are marked, and the digest is the SHA-256 of the
 * other blocks copied out one after another.  A block that is zero but for
 * its last byte must not be marked.
 */
static void sparse(int code)
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
		sha256(rest, nrest, want);
		mask = 0x5a5a;
		kx_sha256_sparse(code, buf, cases[c].len, SHIFT, &mask, got);
		CHECK(mask == cases[c].zero && !memcmp(want, got, 32),
		      "kx_sha256_sparse %s: %s: the zero blocks marked, the rest digested in order",
		      kx_sha256_name(code), cases[c].what);
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
	static char big[1000000];
	struct sha256_ctx c;
	uint8_t d1[32], d2[32];
	size_t i;
	int code;

	CHECK_PROGRAM("sha256");
	vec("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	vec("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	vec("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56,
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	vec("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
	    112, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
	memset(big, 'a', sizeof(big));
	vec(big, sizeof(big), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");

	/* Feeding in odd-sized pieces must give the one-shot digest. */
	for (i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 7 + (i >> 8));
	sha256(big, sizeof(big), d1);
	sha256_init(&c);
	for (i = 0; i < sizeof(big);) {
		size_t n = (i % 97) + 1;

		if (n > sizeof(big) - i)
			n = sizeof(big) - i;
		sha256_update(&c, big + i, n);
		i += n;
	}
	sha256_final(&c, d2);
	CHECK(!memcmp(d1, d2, 32), "chunked updates equal one-shot");
	zero_test();

	/*
	 * Each code agrees with the scalar one at every length around the block
	 * boundaries the vector code splits at, and at every alignment.
	 */
	for (code = KX_SHA256_SCALAR; code <= KX_SHA256_VCRYPTO; code++) {
		size_t off, len = 0;
		int bad = 0;

		if (!(kx_sha256_codes() & 1u << code))
			continue;
		for (off = 0; off < 8 && !bad; off++)
			for (len = 0; len <= 300 && !bad; len++) {
				sha256(big + off, len, d1);
				kx_sha256_by(code, big + off, len, d2);
				bad = memcmp(d1, d2, 32) != 0;
			}
		CHECK(!bad, "kx_sha256_by %s equals the scalar digest at lengths 0..300, offsets 0..7",
		      kx_sha256_name(code));
		if (bad)
			printf("# first difference: length %zu, offset %zu\n", len - 1, off - 1);
		sparse(code);
	}
	code = kx_sha256_fastest(big, sizeof(big));
	CHECK(kx_sha256_codes() & 1u << code, "kx_sha256_fastest picks a code this CPU has (%s)",
	      kx_sha256_name(code));
	CHECK(kx_sha256_fastest(big, 4095) == KX_SHA256_SCALAR,
	      "kx_sha256_fastest: a sample too small to time gets the scalar code");
	/*
	 * The codes offered must be what the CPU has: tests/build/run names them
	 * in KX_EXPECT_SHA256 for each qemu -cpu it runs this program under.
	 */
	if (getenv("KX_EXPECT_SHA256")) {
		char have[64];

		snprintf(have, sizeof(have), "%s%s", "scalar",
			 kx_sha256_codes() & 1u << KX_SHA256_VCRYPTO ? " vshasigmaw" : "");
		CHECK_STR(have, getenv("KX_EXPECT_SHA256"), "the SHA-256 codes offered on this CPU");
	}
	return CHECK_DONE();
}
