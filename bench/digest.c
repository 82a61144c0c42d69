// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench/digest: how fast the check records' digest (BLAKE2b-256,
 * purgatory/blake2b.c, which the loader and the purgatory share) hashes
 * here, side by side with the scalar SHA-256 the project used before
 * (bench/sha256-ref.c).  Built and run by bench/digest-run, for ppc64le and
 * ppc64 under qemu-user with several -cpu models and for this host.
 * Usage: digest-bench MIB REPS; prints "NAME median_s min_s max_s MB/s" per
 * digest, then "ratio R" (BLAKE2b's median over SHA-256's).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "blake2b.h"
#include "sha256-ref.h"

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
	static const char *name[2] = { "blake2b-256", "sha256" };
	size_t mib = argc > 1 ? strtoul(argv[1], NULL, 10) : 64, n = mib << 20, i;
	int reps = argc > 2 ? atoi(argv[2]) : 5, r, k;
	unsigned char *b = malloc(n), d[32];
	double t[2][64];

	if (!b || reps < 1 || reps > 64 || !mib) {
		fprintf(stderr, "usage: digest-bench MIB REPS (1..64)\n");
		return 2;
	}
	for (i = 0; i < n; i++)
		b[i] = (unsigned char)(i * 2654435761u >> 13);
	/* Alternating, so that a burst of load hits both. */
	for (r = 0; r < reps; r++)
		for (k = 0; k < 2; k++) {
			double t0 = now();

			if (k == 0)
				kx_digest(b, n, d);
			else
				sha256(b, n, d);
			t[k][r] = now() - t0;
		}
	for (k = 0; k < 2; k++) {
		qsort(t[k], (size_t)reps, sizeof(double), cmp);
		printf("%s %.3f %.3f %.3f %.1f\n", name[k], t[k][reps / 2], t[k][0], t[k][reps - 1],
		       (double)n / 1e6 / t[k][reps / 2]);
	}
	printf("ratio %.3f\n", t[0][reps / 2] / t[1][reps / 2]);
	free(b);
	return 0;
}
