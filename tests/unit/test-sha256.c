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
