// SPDX-License-Identifier: GPL-2.0-or-later
/* SHA-256 against the FIPS 180-4 / NIST example vectors, and chunking. */
#include "check.h"
#include "sha256.h"

static void hexstr(const uint8_t *d, char *out)
{
	int i;

	for (i = 0; i < 32; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static void vec(const char *msg, size_t len, const char *want)
{
	uint8_t d[32];
	char h[65];

	sha256(msg, len, d);
	hexstr(d, h);
	CHECK_STR(h, want, "sha256 of %zu bytes", len);
}

int main(void)
{
	static char big[1000000];
	struct sha256_ctx c;
	uint8_t d1[32], d2[32];
	size_t i;

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
	return CHECK_DONE();
}
