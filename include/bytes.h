/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Byte order as data: explicit big/little-endian loads and stores on byte
 * pointers.  Used for ELF fields (in the file's EI_DATA order), device-tree
 * property bytes (always big-endian) and the purgatory parameter block (in
 * the target kernel's order).  Byte-wise, so alignment never matters and no
 * host #ifdef is needed.  Freestanding: the purgatory includes it too.
 */
#ifndef KX_BYTES_H
#define KX_BYTES_H

#include <stdint.h>

static inline uint16_t be16_ld(const void *p)
{
	const uint8_t *b = p;
	return (uint16_t)(b[0] << 8 | b[1]);
}

static inline uint32_t be32_ld(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static inline uint64_t be64_ld(const void *p)
{
	const uint8_t *b = p;
	return (uint64_t)be32_ld(b) << 32 | be32_ld(b + 4);
}

static inline uint16_t le16_ld(const void *p)
{
	const uint8_t *b = p;
	return (uint16_t)(b[1] << 8 | b[0]);
}

static inline uint32_t le32_ld(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[3] << 24 | (uint32_t)b[2] << 16 | (uint32_t)b[1] << 8 | b[0];
}

static inline uint64_t le64_ld(const void *p)
{
	const uint8_t *b = p;
	return (uint64_t)le32_ld(b + 4) << 32 | le32_ld(b);
}

static inline void be16_st(void *p, uint16_t v)
{
	uint8_t *b = p;
	b[0] = (uint8_t)(v >> 8); b[1] = (uint8_t)v;
}

static inline void le16_st(void *p, uint16_t v)
{
	uint8_t *b = p;
	b[1] = (uint8_t)(v >> 8); b[0] = (uint8_t)v;
}

static inline void be32_st(void *p, uint32_t v)
{
	uint8_t *b = p;
	b[0] = (uint8_t)(v >> 24); b[1] = (uint8_t)(v >> 16);
	b[2] = (uint8_t)(v >> 8);  b[3] = (uint8_t)v;
}

static inline void be64_st(void *p, uint64_t v)
{
	be32_st(p, (uint32_t)(v >> 32));
	be32_st((uint8_t *)p + 4, (uint32_t)v);
}

static inline void le32_st(void *p, uint32_t v)
{
	uint8_t *b = p;
	b[3] = (uint8_t)(v >> 24); b[2] = (uint8_t)(v >> 16);
	b[1] = (uint8_t)(v >> 8);  b[0] = (uint8_t)v;
}

static inline void le64_st(void *p, uint64_t v)
{
	le32_st(p, (uint32_t)v);
	le32_st((uint8_t *)p + 4, (uint32_t)(v >> 32));
}

/* Loads and stores in a byte order chosen at run time (big_endian != 0: BE). */
static inline uint16_t bo16_ld(int big_endian, const void *p)
{
	return big_endian ? be16_ld(p) : le16_ld(p);
}

static inline uint32_t bo32_ld(int big_endian, const void *p)
{
	return big_endian ? be32_ld(p) : le32_ld(p);
}

static inline uint64_t bo64_ld(int big_endian, const void *p)
{
	return big_endian ? be64_ld(p) : le64_ld(p);
}

static inline void bo16_st(int big_endian, void *p, uint16_t v)
{
	if (big_endian)
		be16_st(p, v);
	else
		le16_st(p, v);
}

static inline void bo32_st(int big_endian, void *p, uint32_t v)
{
	if (big_endian)
		be32_st(p, v);
	else
		le32_st(p, v);
}

static inline void bo64_st(int big_endian, void *p, uint64_t v)
{
	if (big_endian)
		be64_st(p, v);
	else
		le64_st(p, v);
}

#endif
