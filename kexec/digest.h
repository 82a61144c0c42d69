/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SHA-256 of segment bytes in the loader: POWER's vector SHA-2 instructions
 * where the CPU has them, the purgatory's scalar code otherwise.  Both give
 * the same digests; the purgatory checks them with its scalar code.
 */
#ifndef KX_DIGEST_H
#define KX_DIGEST_H

#include <stddef.h>
#include <stdint.h>
#include "sha256.h"

enum kx_sha256_code {
	KX_SHA256_SCALAR,	/* purgatory/sha256.c: every CPU */
	KX_SHA256_VCRYPTO,	/* vshasigmaw: POWER8 and later (AT_HWCAP2) */
};

/** kx_sha256_codes() - the codes this CPU can run, as a bit mask of 1 << code. */
unsigned kx_sha256_codes(void);

/** kx_sha256_name() - "scalar" or "vshasigmaw". */
const char *kx_sha256_name(enum kx_sha256_code code);

/**
 * kx_sha256_by() - digest @len bytes at @data into @out with @code, which
 * must be one kx_sha256_codes() reports.
 */
void kx_sha256_by(enum kx_sha256_code code, const void *data, size_t len,
		  uint8_t out[SHA256_DIGEST_SIZE]);

/**
 * kx_sha256_sparse() - the purgatory's check record of @len bytes at @data
 * (include/purgatory-abi.h, struct purg_region): cut into blocks of
 * 2^@block_shift bytes (at most PURG_ZERO_BLOCKS of them, the last may be
 * shorter), set bit k of *@zero_mask for each block k that is all zeros,
 * and write to @out the SHA-256 of the other blocks, in order, with @code.
 * No zero block: the SHA-256 of the bytes, as kx_sha256_by() gives.
 */
void kx_sha256_sparse(enum kx_sha256_code code, const void *data, size_t len,
		      unsigned block_shift, uint64_t *zero_mask, uint8_t out[SHA256_DIGEST_SIZE]);

/**
 * kx_sha256_fastest() - the code that hashes @sample (up to its first 8 KiB)
 * fastest here, timed; the scalar code when it is the only one, or when the
 * sample is too small to time.
 */
enum kx_sha256_code kx_sha256_fastest(const void *sample, size_t len);

#endif
