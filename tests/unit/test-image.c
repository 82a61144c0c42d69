// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * image.c: gzip, xz and zstd streams made here by the real libraries, then
 * decompressed whole, concatenated, truncated, corrupted and over the size
 * limit; magic detection; whole-file reads of missing, directory, empty,
 * /proc and oversized files; image_read of compressed files on disk.
 */
#include <errno.h>
#include <malloc.h>
#include <sys/wait.h>
#include <unistd.h>
#include <lzma.h>
#include <zlib.h>
#ifdef HAVE_ZSTD	/* optional in the product (configure --without-zstd), so here too */
#include <zstd.h>
#endif
#include "check.h"
#include "compress.h"
#include "image.h"
#include "tutil.h"

/* ---- making compressed streams -------------------------------------------- */


#ifdef HAVE_ZSTD
/* As zstd(1) writes it: content size in the header and a checksum at the end. */
static uint8_t *zst(const uint8_t *in, size_t len, size_t *out)
{
	ZSTD_CCtx *c = ZSTD_createCCtx();
	size_t cap = ZSTD_compressBound(len), r;
	uint8_t *o = malloc(cap);

	ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, 19);
	ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
	r = ZSTD_compress2(c, o, cap, in, len);
	if (ZSTD_isError(r))
		exit(99);
	ZSTD_freeCCtx(c);
	*out = r;
	return o;
}

/* The simplest API, as the brief of this test asks for too (no checksum). */
static uint8_t *zst_plain(const uint8_t *in, size_t len, size_t *out)
{
	size_t cap = ZSTD_compressBound(len);
	uint8_t *o = malloc(cap);
	size_t r = ZSTD_compress(o, cap, in, len, 3);

	if (ZSTD_isError(r))
		exit(99);
	*out = r;
	return o;
}

/* zstd in streaming mode: no content size in the frame header, small blocks. */
static uint8_t *zst_stream(const uint8_t *in, size_t len, size_t *out)
{
	ZSTD_CCtx *c = ZSTD_createCCtx();
	size_t cap = ZSTD_compressBound(len) + 1024, r;
	uint8_t *o = malloc(cap);
	ZSTD_inBuffer ib = { in, len, 0 };
	ZSTD_outBuffer ob = { o, cap, 0 };

	ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, 3);
	ZSTD_CCtx_setParameter(c, ZSTD_c_contentSizeFlag, 0);
	ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
	do
		r = ZSTD_compressStream2(c, &ob, &ib, ZSTD_e_end);
	while (r != 0 && !ZSTD_isError(r));
	if (ZSTD_isError(r))
		exit(99);
	ZSTD_freeCCtx(c);
	*out = ob.pos;
	return o;
}
#endif

typedef uint8_t *(*compressor)(const uint8_t *, size_t, size_t *);

static const struct fmt {
	const char *name;
	enum kx_comp how;
	compressor make;
	size_t hdr[3];		/* header bytes whose damage must be detected */
	int checked;		/* the stream carries a checksum of the data */
} fmts[] = {
	{ "gzip", KXC_GZIP, gz, { 0, 1, 3 }, 1 },		/* magic, magic, FLG */
	{ "xz", KXC_XZ, xz, { 0, 1, 7 }, 1 },			/* magic, magic, stream flags */
#ifdef HAVE_ZSTD
	{ "zstd", KXC_ZSTD, zst, { 0, 1, 4 }, 1 },		/* magic, magic, FHD */
	{ "zstd (streamed)", KXC_ZSTD, zst_stream, { 0, 3, 4 }, 1 },
	/* Without a checksum a flipped literal byte is undetectable by design. */
	{ "zstd (ZSTD_compress)", KXC_ZSTD, zst_plain, { 0, 2, 4 }, 0 },
#endif
};

/* Compressible but not trivial: text-like with a slowly changing pattern. */
static uint8_t *sample(size_t len, unsigned seed)
{
	uint8_t *d = malloc(len);
	uint32_t x = seed * 2654435761u + 1;
	size_t i;

	for (i = 0; i < len; i++) {
		x = x * 1103515245u + 12345u;
		d[i] = (i % 64 < 40) ? (uint8_t)("kexec ppc64 purgatory "[i % 22]) : (uint8_t)(x >> 24);
	}
	return d;
}

/* ---- checks --------------------------------------------------------------- */

static int dec(enum kx_comp how, const uint8_t *in, size_t inlen, size_t max, struct blob *out,
	       char *why, size_t wl)
{
	/* Exact-size heap copy of the input so over-reads are caught. */
	uint8_t *c = malloc(inlen ? inlen : 1);
	int rc;

	memcpy(c, in, inlen);
	why[0] = 0;
	memset(out, 0, sizeof(*out));
	rc = decompress(how, c, inlen, max, out, why, wl);
	free(c);
	return rc;
}

static void round_trip(const struct fmt *f, size_t len)
{
	uint8_t *d = sample(len, (unsigned)len), *z;
	size_t zlen;
	struct blob out;
	char why[256];
	int rc;

	z = f->make(d, len, &zlen);
	CHECK_EQ_U64(comp_detect(z, zlen), f->how, "%s: comp_detect on a %zu-byte stream", f->name,
		     zlen);
	rc = dec(f->how, z, zlen, 1u << 30, &out, why, sizeof(why));
	CHECK(rc == 0, "%s: %zu bytes decompress (%s)", f->name, len, rc ? why : "ok");
	if (rc == 0) {
		CHECK_EQ_U64(out.len, len, "%s: %zu bytes come out", f->name, len);
		CHECK(out.len == len && !memcmp(out.data, d, len), "%s: ... the same bytes", f->name);
		CHECK(out.data && out.data[out.len] == 0, "%s: ... followed by a NUL", f->name);
		blob_free(&out);
	}
	/* The size limit: exactly the size is fine, one byte less is -EFBIG. */
	rc = dec(f->how, z, zlen, len, &out, why, sizeof(why));
	CHECK(rc == 0 && out.len == len, "%s: max == size is allowed (%s)", f->name, rc ? why : "ok");
	if (rc == 0)
		blob_free(&out);
	rc = dec(f->how, z, zlen, len - 1, &out, why, sizeof(why));
	CHECK_EQ_U64(rc, -EFBIG, "%s: max == size - 1 gives -EFBIG", f->name);
	CHECK(t_has(why, "exceeds"), "%s: ... saying \"%s\"", f->name, why);
	CHECK(out.data == NULL, "%s: ... and no output buffer", f->name);
	free(z);
	free(d);
}

/* A stream that expands a lot (1 KiB -> 8 MiB of one byte, then a tail). */
static void high_ratio(const struct fmt *f)
{
	size_t len = (8u << 20) + 777;
	uint8_t *d = calloc(1, len), *z;
	size_t zlen, i;
	struct blob out;
	char why[256];
	int rc;

	for (i = len - 777; i < len; i++)
		d[i] = (uint8_t)i;
	z = f->make(d, len, &zlen);
	rc = dec(f->how, z, zlen, 1u << 30, &out, why, sizeof(why));
	CHECK(rc == 0, "%s: 8 MiB from %zu compressed bytes (%s)", f->name, zlen, rc ? why : "ok");
	if (rc == 0) {
		CHECK(out.len == len && !memcmp(out.data, d, len), "%s: ... all of it, correct", f->name);
		blob_free(&out);
	}
	rc = dec(f->how, z, zlen, 1u << 20, &out, why, sizeof(why));
	CHECK_EQ_U64(rc, -EFBIG, "%s: an 8 MiB stream with a 1 MiB limit is -EFBIG", f->name);
	free(z);
	free(d);
}

static void concatenated(const struct fmt *f)
{
	uint8_t *a = sample(70000, 1), *b = sample(5000, 2), *za, *zb, *cat;
	size_t la, lb;
	struct blob out;
	char why[256];
	int rc;

	za = f->make(a, 70000, &la);
	zb = f->make(b, 5000, &lb);
	cat = malloc(la + lb);
	memcpy(cat, za, la);
	memcpy(cat + la, zb, lb);
	rc = dec(f->how, cat, la + lb, 1u << 30, &out, why, sizeof(why));
	CHECK(rc == 0, "%s: two concatenated streams decompress (%s)", f->name, rc ? why : "ok");
	if (rc == 0) {
		CHECK(out.len == 75000 && !memcmp(out.data, a, 70000) && !memcmp(out.data + 70000, b, 5000),
		      "%s: ... to both payloads in order (%zu bytes)", f->name, out.len);
		blob_free(&out);
	}
	free(cat);
	free(za);
	free(zb);
	free(a);
	free(b);
}

/* Cut the stream at @cut bytes: an error whose reason says truncated. */
static void truncated(const struct fmt *f)
{
	size_t len = 200000, zlen, cuts[8], i, n = 0;
	uint8_t *d = sample(len, 7), *z = NULL;

	z = f->make(d, len, &zlen);
	cuts[n++] = 2;			/* inside the magic */
	cuts[n++] = 10;			/* inside the header */
	cuts[n++] = zlen / 3;
	cuts[n++] = zlen / 2;
	cuts[n++] = zlen - 9;		/* gzip: inside the trailer; others: last block */
	cuts[n++] = zlen - 4;
	cuts[n++] = zlen - 1;
	for (i = 0; i < n; i++) {
		struct blob out;
		char why[256];
		int rc = dec(f->how, z, cuts[i], 1u << 30, &out, why, sizeof(why));

		CHECK_EQ_U64(rc, -EINVAL, "%s: cut at %zu of %zu bytes is an error", f->name, cuts[i],
			     zlen);
		CHECK(t_has(why, "truncated"), "%s: cut at %zu: the reason says truncated: \"%s\"",
		      f->name, cuts[i], why);
		CHECK(out.data == NULL, "%s: cut at %zu: no output left behind", f->name, cuts[i]);
		if (rc == 0)
			blob_free(&out);
	}
	{
		struct blob out;
		char why[256];
		int rc = dec(f->how, z, 0, 1u << 30, &out, why, sizeof(why));

		CHECK(rc < 0 && why[0], "%s: empty input is an error with a reason (%d: %s)", f->name,
		      rc, why);
		if (rc == 0)
			blob_free(&out);
	}
	free(z);
	free(d);
}

static void corrupt(const struct fmt *f)
{
	size_t len = 100000, zlen;
	uint8_t *d = sample(len, 9), *z = NULL;
	const size_t *where = f->hdr;
	char name[64];
	size_t i;

	z = f->make(d, len, &zlen);
	/* A flipped byte in the middle of the data. */
	for (i = 0; f->checked && i < 3; i++) {
		struct blob out;
		char why[256];
		size_t at = zlen / 2 + i * 97;
		int rc;

		z[at] ^= 0x55;
		rc = dec(f->how, z, zlen, 1u << 30, &out, why, sizeof(why));
		z[at] ^= 0x55;
		CHECK_EQ_U64(rc, -EINVAL, "%s: byte %zu flipped: error", f->name, at);
		snprintf(name, sizeof(name), "corrupt %s data", f->how == KXC_GZIP ? "gzip" :
			 f->how == KXC_XZ ? "xz" : "zstd");
		CHECK(t_has(why, name), "%s: byte %zu flipped: reason says \"%s\": \"%s\"", f->name, at,
		      name, why);
		if (rc == 0)
			blob_free(&out);
	}
	/* Header damage. */
	for (i = 0; i < 3; i++) {
		struct blob out;
		char why[256];
		int rc;

		z[where[i]] ^= 0xff;
		rc = dec(f->how, z, zlen, 1u << 30, &out, why, sizeof(why));
		z[where[i]] ^= 0xff;
		CHECK(rc == -EINVAL && why[0], "%s: header byte %zu damaged: -EINVAL (%s)", f->name,
		      where[i], why);
		if (rc == 0)
			blob_free(&out);
	}
	/* gzip's trailer: CRC32 and ISIZE of the data. */
	if (f->how == KXC_GZIP) {
		static const size_t back[2] = { 8, 1 };

		for (i = 0; i < 2; i++) {
			struct blob out;
			char why[256];
			size_t at = zlen - back[i];
			int rc;

			z[at] ^= 1;
			rc = dec(f->how, z, zlen, 1u << 30, &out, why, sizeof(why));
			z[at] ^= 1;
			CHECK_EQ_U64(rc, -EINVAL, "%s: %s mismatch is an error", f->name,
				     i ? "ISIZE" : "CRC32");
			CHECK(t_has(why, "corrupt gzip data"), "%s: ... reported as corrupt: \"%s\"",
			      f->name, why);
			if (rc == 0)
				blob_free(&out);
		}
	}
	/* Garbage after a complete stream. */
	{
		uint8_t *g = malloc(zlen + 16);
		struct blob out;
		char why[256];
		int rc;

		memcpy(g, z, zlen);
		memset(g + zlen, 0xa7, 16);
		rc = dec(f->how, g, zlen + 16, 1u << 30, &out, why, sizeof(why));
		if (f->how == KXC_GZIP) {
			/* as gzip(1): "trailing garbage ignored" */
			CHECK(rc == 0 && out.len == len && !memcmp(out.data, d, len),
			      "%s: trailing garbage after the last member is ignored (%s)", f->name,
			      rc ? why : "ok");
		} else {
			CHECK(rc == -EINVAL && why[0], "%s: trailing garbage is an error (%s)", f->name, why);
		}
		if (rc == 0)
			blob_free(&out);
		free(g);
	}
	free(z);
	free(d);
}

/* gzip(1) output with a file name, a comment and a header CRC in the header. */
static void gzip_header_fields(void)
{
	uint8_t *d = sample(50000, 11), *o;
	gz_header h;
	z_stream z;
	struct blob out;
	char why[256];
	size_t cap;
	int rc;

	memset(&z, 0, sizeof(z));
	memset(&h, 0, sizeof(h));
	deflateInit2(&z, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
	h.name = (Bytef *)"vmlinux";
	h.comment = (Bytef *)"built by a test";
	h.hcrc = 1;
	h.time = 1700000000;
	h.os = 3;
	deflateSetHeader(&z, &h);
	cap = deflateBound(&z, 50000) + 128;
	o = malloc(cap);
	z.next_in = d;
	z.avail_in = 50000;
	z.next_out = o;
	z.avail_out = (uInt)cap;
	deflate(&z, Z_FINISH);
	rc = dec(KXC_GZIP, o, z.total_out, 1u << 30, &out, why, sizeof(why));
	CHECK(rc == 0 && out.len == 50000 && !memcmp(out.data, d, 50000),
	      "gzip with FNAME, FCOMMENT and FHCRC in the header (%s)", rc ? why : "ok");
	if (rc == 0)
		blob_free(&out);
	o[12] ^= 0xff;	/* inside the file name: the header CRC no longer matches */
	rc = dec(KXC_GZIP, o, z.total_out, 1u << 30, &out, why, sizeof(why));
	CHECK(rc == -EINVAL && t_has(why, "corrupt gzip data"), "a damaged header fails its CRC (%s)", why);
	if (rc == 0)
		blob_free(&out);
	deflateEnd(&z);
	free(o);
	free(d);
}

static void detect(void)
{
	static const uint8_t g[] = { 0x1f, 0x8b, 0x08 }, g9[] = { 0x1f, 0x8b, 0x09 };
	static const uint8_t x[] = { 0xfd, '7', 'z', 'X', 'Z', 0 };
	static const uint8_t s[] = { 0x28, 0xb5, 0x2f, 0xfd };
	struct blob out;
	char why[128];
	int rc;

	CHECK_EQ_U64(comp_detect(g, 3), KXC_GZIP, "gzip magic");
	CHECK_EQ_U64(comp_detect(g, 2), KXC_NONE, "gzip magic cut to 2 bytes");
	CHECK_EQ_U64(comp_detect(g9, 3), KXC_NONE, "gzip with a method other than deflate");
	CHECK_EQ_U64(comp_detect(x, 6), KXC_XZ, "xz magic");
	CHECK_EQ_U64(comp_detect(x, 5), KXC_NONE, "xz magic cut to 5 bytes");
	CHECK_EQ_U64(comp_detect(s, 4), KXC_ZSTD, "zstd magic");
	CHECK_EQ_U64(comp_detect(s, 3), KXC_NONE, "zstd magic cut to 3 bytes");
	CHECK_EQ_U64(comp_detect((const uint8_t *)"\177ELF", 4), KXC_NONE, "ELF is not compressed");
	CHECK_EQ_U64(comp_detect(g, 0), KXC_NONE, "0 bytes");
	CHECK_STR(comp_name(KXC_GZIP), "gzip", "comp_name gzip");
	CHECK_STR(comp_name(KXC_XZ), "xz", "comp_name xz");
	CHECK_STR(comp_name(KXC_ZSTD), "zstd", "comp_name zstd");
	CHECK_STR(comp_name(KXC_NONE), "none", "comp_name none");
	why[0] = 0;
	rc = decompress(KXC_NONE, g, 3, 100, &out, why, sizeof(why));
	CHECK(rc == -ENOTSUP && t_has(why, "not supported"), "decompress(NONE): -ENOTSUP (%s)", why);
#ifndef HAVE_ZSTD
	/* A build without libzstd recognises the stream and says it cannot read it. */
	why[0] = 0;
	rc = decompress(KXC_ZSTD, s, 4, 100, &out, why, sizeof(why));
	CHECK(rc == -ENOTSUP && t_has(why, "zstd compression is not supported"),
	      "decompress(zstd) without libzstd: -ENOTSUP (%s)", why);
#endif
}

/* file_read_quiet() of a pipe that carries @n bytes: a stream with no size. */
static int read_pipe(size_t n, size_t max, struct blob *b)
{
	int fd[2], rc, st;
	pid_t pid;

	if (pipe(fd) < 0)
		return -errno;
	pid = fork();
	if (pid == 0) {
		static const char z[4096];
		size_t left = n;

		close(fd[0]);
		while (left) {
			ssize_t w = write(fd[1], z, left < sizeof(z) ? left : sizeof(z));

			if (w <= 0)
				_exit(1);
			left -= (size_t)w;
		}
		_exit(0);
	}
	close(fd[1]);
	rc = pid < 0 ? -errno : file_read_quiet(t_fmt("/proc/self/fd/%d", fd[0]), max, b);
	close(fd[0]);
	if (pid > 0)
		waitpid(pid, &st, 0);
	return rc;
}

/*
 * file_read_small_at: one read under a page, the general reader from a page
 * up (the sizes around the switch), relative to a directory's fd, and the
 * same errors as file_read_at.
 */
static void small_files(const char *dir)
{
	static const size_t sizes[] = { 0, 1, 4095, 4096, 4097, 100000 };
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);
	struct blob b;
	size_t i, k;
	int rc;

	CHECK(dfd >= 0, "file_read_small_at: the directory opens");
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		uint8_t *v = malloc(sizes[i] + 1);
		int same;

		for (k = 0; k < sizes[i]; k++)
			v[k] = (uint8_t)(k * 7 + i);
		t_write(t_fmt("%s/small%zu", dir, i), v, sizes[i]);
		memset(&b, 0, sizeof(b));
		rc = file_read_small_at(dfd, t_fmt("small%zu", i), 1 << 20, &b);
		same = rc == 0 && b.len == sizes[i] && !b.mapped && !memcmp(b.data, v, sizes[i]) &&
		       b.data[sizes[i]] == 0;
		CHECK(same, "file_read_small_at: %zu bytes read whole, NUL-terminated", sizes[i]);
		if (rc == 0)
			blob_free(&b);
		free(v);
	}
	CHECK_EQ_U64(file_read_small_at(dfd, "small5", 99999, &b), -EFBIG,
		     "file_read_small_at: a page and more over the limit is -EFBIG");
	CHECK_EQ_U64(file_read_small_at(dfd, "small2", 100, &b), -EFBIG,
		     "file_read_small_at: under a page, over the limit is -EFBIG");
	CHECK_EQ_U64(file_read_small_at(dfd, "missing", 100, &b), -ENOENT,
		     "file_read_small_at: missing -ENOENT");
	CHECK_EQ_U64(file_read_small_at(dfd, ".", 100, &b), -EISDIR,
		     "file_read_small_at: a directory -EISDIR");
	close(dfd);
}

static void files(void)
{
	char *dir = t_mkdtemp("image");
	struct blob b;
	struct t_capture cap;
	char *err;
	uint8_t hundred[100];
	int rc;

	memset(hundred, 'h', sizeof(hundred));
	rc = file_read_quiet(t_fmt("%s/missing", dir), 1000, &b);
	CHECK_EQ_U64(rc, -ENOENT, "file_read_quiet: missing file -ENOENT");
	rc = file_read_quiet(dir, 1000, &b);
	CHECK_EQ_U64(rc, -EISDIR, "file_read_quiet: a directory -EISDIR");
	t_write(t_fmt("%s/empty", dir), "", 0);
	memset(&b, 0, sizeof(b));
	rc = file_read_quiet(t_fmt("%s/empty", dir), 1000, &b);
	CHECK(rc == 0 && b.len == 0 && b.data && b.data[0] == 0,
	      "file_read_quiet: empty file gives 0 bytes and a NUL-terminated buffer");
	blob_free(&b);
	t_write(t_fmt("%s/hundred", dir), hundred, 100);
	rc = file_read_quiet(t_fmt("%s/hundred", dir), 100, &b);
	CHECK(rc == 0 && b.len == 100 && !memcmp(b.data, hundred, 100) && b.data[100] == 0,
	      "file_read_quiet: 100 bytes with max 100");
	if (rc == 0)
		blob_free(&b);
	rc = file_read_quiet(t_fmt("%s/hundred", dir), 99, &b);
	CHECK_EQ_U64(rc, -EFBIG, "file_read_quiet: 100 bytes with max 99 is -EFBIG");
	/* /proc files say size 0: read to EOF, and the limit still applies. */
	rc = file_read_quiet("/proc/self/status", 1 << 20, &b);
	CHECK(rc == 0 && b.len > 100 && t_has((char *)b.data, "Name:"),
	      "file_read_quiet: /proc/self/status (st_size 0) is read to the end (%zu bytes)",
	      rc ? 0 : b.len);
	if (rc == 0)
		blob_free(&b);
	rc = file_read_quiet("/proc/self/status", 10, &b);
	CHECK_EQ_U64(rc, -EFBIG, "file_read_quiet: /proc file over the limit -EFBIG");
	/*
	 * A pipe: exactly the limit is read whole, in a buffer no larger than
	 * the limit needs (it grows by doubling, which past 100,000 from 4 KiB
	 * would be 128 KiB); one byte more is -EFBIG.
	 */
	memset(&b, 0, sizeof(b));
	rc = read_pipe(100000, 100000, &b);
	CHECK(rc == 0 && b.len == 100000 && b.data[99999] == 0 && b.data[100000] == 0 &&
	      malloc_usable_size(b.data) < 100000 + 64,
	      "file_read_quiet: a pipe of exactly the limit, in a buffer of %zu bytes (limit 100000)",
	      rc == 0 ? malloc_usable_size(b.data) : 0);
	if (rc == 0)
		blob_free(&b);
	rc = read_pipe(100001, 100000, &b);
	CHECK_EQ_U64(rc, -EFBIG, "file_read_quiet: a pipe one byte over the limit is -EFBIG");

	t_capture_start(&cap, 2);
	rc = file_read(t_fmt("%s/missing", dir), "initrd", 1000, &b);
	err = t_chomp(t_capture_end(&cap));
	CHECK_EQ_U64(rc, -ENOENT, "file_read: missing");
	CHECK_STR(err, t_fmt("kexec: cannot read initrd %s/missing: No such file or directory", dir),
		  "file_read: one line naming what and where");
	free(err);
	t_capture_start(&cap, 2);
	rc = file_read(t_fmt("%s/hundred", dir), "initrd", 64, &b);
	err = t_chomp(t_capture_end(&cap));
	CHECK_EQ_U64(rc, -EFBIG, "file_read: too big");
	CHECK_STR(err, t_fmt("kexec: initrd %s/hundred is larger than 64 bytes: it cannot be loaded",
			     dir), "file_read: says the limit");
	free(err);

	/* file_map: a regular file's pages; anything else is read as file_read reads it. */
	memset(&b, 0, sizeof(b));
	rc = file_map(t_fmt("%s/hundred", dir), "initrd", 100, &b);
	CHECK(rc == 0 && b.mapped && b.len == 100 && !memcmp(b.data, hundred, 100),
	      "file_map: a regular file is mapped, its bytes as written");
	if (rc == 0) {
		b.data[0] = 'x';	/* private: the file keeps its bytes */
		blob_free(&b);
		CHECK(!b.data && !b.mapped, "file_map: blob_free unmaps and clears");
		rc = file_read_quiet(t_fmt("%s/hundred", dir), 100, &b);
		CHECK(rc == 0 && b.data[0] == 'h', "file_map: a write to the mapping stays private");
		if (rc == 0)
			blob_free(&b);
	}
	rc = file_map(t_fmt("%s/empty", dir), "initrd", 100, &b);
	CHECK(rc == 0 && !b.mapped && b.len == 0, "file_map: an empty file is read (nothing to map)");
	if (rc == 0)
		blob_free(&b);
	t_capture_start(&cap, 2);
	rc = file_map(t_fmt("%s/hundred", dir), "initrd", 64, &b);
	err = t_chomp(t_capture_end(&cap));
	CHECK(rc == -EFBIG && t_has(err, "is larger than 64 bytes"), "file_map: over the limit (%s)",
	      err);
	free(err);
	t_capture_start(&cap, 2);
	rc = file_map(t_fmt("%s/missing", dir), "initrd", 64, &b);
	err = t_chomp(t_capture_end(&cap));
	CHECK(rc == -ENOENT && t_has(err, "cannot read initrd"), "file_map: missing (%s)", err);
	free(err);
	rc = file_map("/proc/self/status", "status", 1 << 20, &b);
	CHECK(rc == 0 && !b.mapped && t_has((char *)b.data, "Name:"),
	      "file_map: a /proc file (st_size 0) is read, NUL-terminated");
	if (rc == 0)
		blob_free(&b);
	small_files(dir);
	t_rmtree(dir);
}

static void images(void)
{
	char *dir = t_mkdtemp("image");
	size_t len = 150000, zlen;
	uint8_t *d = sample(len, 3), *z;
	struct blob b;
	struct t_capture cap;
	enum kx_comp how;
	char *err;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		const char *path = t_fmt("%s/vmlinux.%zu", dir, i);

		z = fmts[i].make(d, len, &zlen);
		t_write(path, z, zlen);
		how = KXC_NONE;
		rc = image_read(path, 1u << 30, &b, &how);
		CHECK(rc == 0 && how == fmts[i].how && b.len == len && !memcmp(b.data, d, len),
		      "image_read: %s file decompressed, how = %s", fmts[i].name, comp_name(how));
		if (rc == 0)
			blob_free(&b);
		/* corrupt on disk (a header byte after the magic): one line naming the file */
		z[fmts[i].hdr[2]] ^= 0xff;
		t_write(path, z, zlen);
		t_capture_start(&cap, 2);
		rc = image_read(path, 1u << 30, &b, &how);
		err = t_capture_end(&cap);
		CHECK(rc == -EINVAL && t_has(err, path) && t_has(err, "corrupt") && t_lines(err) == 1,
		      "image_read: corrupt %s file: -EINVAL and one line naming it", fmts[i].name);
		if (rc == 0)
			blob_free(&b);
		free(err);
		free(z);
	}
	/* plain file */
	t_write(t_fmt("%s/plain", dir), d, len);
	rc = image_read(t_fmt("%s/plain", dir), 1u << 30, &b, &how);
	CHECK(rc == 0 && how == KXC_NONE && b.len == len && !memcmp(b.data, d, len),
	      "image_read: uncompressed file as is");
	if (rc == 0)
		blob_free(&b);
	/* expands beyond max */
	z = gz(d, len, &zlen);
	t_write(t_fmt("%s/big.gz", dir), z, zlen);
	t_capture_start(&cap, 2);
	rc = image_read(t_fmt("%s/big.gz", dir), len - 1, &b, &how);
	err = t_capture_end(&cap);
	CHECK(rc == -EFBIG && t_has(err, "big.gz") && t_has(err, "exceeds"),
	      "image_read: expanding past max is -EFBIG, named");
	free(err);
	free(z);
	/* missing */
	t_capture_start(&cap, 2);
	rc = image_read(t_fmt("%s/nope", dir), 1u << 30, &b, &how);
	err = t_capture_end(&cap);
	CHECK(rc == -ENOENT && t_has(err, "cannot read kernel image") && t_has(err, "nope"),
	      "image_read: missing file named");
	free(err);
	free(d);
	t_rmtree(dir);
}

int main(void)
{
	size_t i;

	CHECK_PROGRAM("image");
	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		round_trip(&fmts[i], 1);
		round_trip(&fmts[i], 1000);
		round_trip(&fmts[i], 300000);
		high_ratio(&fmts[i]);
		concatenated(&fmts[i]);
		truncated(&fmts[i]);
		corrupt(&fmts[i]);
	}
	gzip_header_fields();
	detect();
	files();
	images();
	return CHECK_DONE();
}
