// SPDX-License-Identifier: GPL-2.0-or-later
/* Compressed test data (compress.h says what each helper does). */
#include "compress.h"

uint8_t *gz(const uint8_t *in, size_t len, size_t *out)
{
	z_stream z;
	size_t cap;
	uint8_t *o;

	memset(&z, 0, sizeof(z));
	/* windowBits 15 + 16: a gzip wrapper, as the gzip tool writes */
	if (deflateInit2(&z, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		exit(99);
	cap = deflateBound(&z, len) + 64;
	o = malloc(cap);
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)len;
	z.next_out = o;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		exit(99);
	*out = z.total_out;
	deflateEnd(&z);
	return o;
}

uint8_t *xz(const uint8_t *in, size_t len, size_t *out)
{
	size_t cap = lzma_stream_buffer_bound(len), pos = 0;
	uint8_t *o = malloc(cap);

	if (lzma_easy_buffer_encode(6, LZMA_CHECK_CRC64, NULL, in, len, o, &pos, cap) != LZMA_OK)
		exit(99);
	*out = pos;
	return o;
}
