/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Test data compressed by the real libraries, as the gzip and xz tools would
 * (bodies in compress.c).
 */
#ifndef KX_T_COMPRESS_H
#define KX_T_COMPRESS_H

#include <lzma.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* @len bytes at @in gzip-compressed (level 9), malloc'ed, its size in *@out; exits 99 on failure. */
uint8_t *gz(const uint8_t *in, size_t len, size_t *out);

/* The same xz-compressed (preset 6, CRC64). */
uint8_t *xz(const uint8_t *in, size_t len, size_t *out);

#endif
