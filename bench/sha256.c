// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench/sha256: how fast each SHA-256 code the loader has runs here, and
 * which one kx_sha256_fastest() picks.  Built and run by bench/sha256-run,
 * for ppc64le and ppc64 under qemu-user with several -cpu models.
 * Usage: sha256-bench MIB REPS; prints "CODE median_s min_s max_s MB/s" per
 * code the CPU offers, then "picked CODE".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "digest.h"

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	size_t mib = argc > 1 ? strtoul(argv[1], NULL, 10) : 64, n = mib << 20, i;
	int reps = argc > 2 ? atoi(argv[2]) : 5, r, code;
	unsigned char *b = malloc(n), d[SHA256_DIGEST_SIZE], first[SHA256_DIGEST_SIZE];
	double t[2][64];

	if (!b || reps < 1 || reps > 64 || !mib) {
		fprintf(stderr, "usage: sha256-bench MIB REPS (1..64)\n");
		return 2;
	}
	for (i = 0; i < n; i++)
		b[i] = (unsigned char)(i * 2654435761u >> 13);
	/* Alternating, so that a burst of load hits both codes. */
	for (r = 0; r < reps; r++)
		for (code = KX_SHA256_SCALAR; code <= KX_SHA256_VCRYPTO; code++) {
			double t0;

			if (!(kx_sha256_codes() & 1u << code))
				continue;
			t0 = now();
			kx_sha256_by(code, b, n, d);
			t[code][r] = now() - t0;
			if (code == KX_SHA256_SCALAR && r == 0)
				memcpy(first, d, sizeof(d));
			else if (memcmp(first, d, sizeof(d))) {
				fprintf(stderr, "%s gives another digest\n", kx_sha256_name(code));
				return 1;
			}
		}
	for (code = KX_SHA256_SCALAR; code <= KX_SHA256_VCRYPTO; code++) {
		if (!(kx_sha256_codes() & 1u << code))
			continue;
		qsort(t[code], (size_t)reps, sizeof(double), cmp);
		printf("%s %.3f %.3f %.3f %.1f\n", kx_sha256_name(code), t[code][reps / 2], t[code][0],
		       t[code][reps - 1], (double)n / 1e6 / t[code][reps / 2]);
	}
	printf("picked %s\n", kx_sha256_name(kx_sha256_fastest(b, n)));
	free(b);
	return 0;
}
