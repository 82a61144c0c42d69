// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * gzip, xz and zstd streams: the format named by the magic, and then each
 * format the build has whatever the magic says (a stream may lie about
 * itself).  A failure must say why; the output is bounded by @max, never
 * by a size inside the stream.
 */
#include "fuzz.h"
#include "image.h"

#define FZ_MAX_OUT (8u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

static void one(enum kx_comp how, const uint8_t *d, size_t n)
{
	struct blob out = { 0 };
	char why[256] = "";
	int rc = decompress(how, d, n, FZ_MAX_OUT, &out, why, sizeof(why));

	if (rc < 0 && !why[0]) {
		fprintf(stderr, "FINDING: %s stream refused (%d) without a reason\n", comp_name(how), rc);
		abort();
	}
	if (rc == 0 && out.len > FZ_MAX_OUT) {
		fprintf(stderr, "FINDING: %s gave %zu bytes, above the limit\n", comp_name(how), out.len);
		abort();
	}
	blob_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	enum kx_comp how = comp_detect(d, n);

	if (how != KXC_NONE)
		one(how, d, n);
	/* The first byte picks another decoder for the rest (a lying magic). */
	if (n > 1) {
		enum kx_comp other = (enum kx_comp)(1 + d[0] % 3);

		if (other != how)
			one(other, d + 1, n - 1);
	}
	return 0;
}
