// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef HAVE_ZLIB
#include <zlib.h>
#endif
#ifdef HAVE_LZMA
#include <lzma.h>
#endif
#ifdef HAVE_ZSTD
#include <zstd.h>
#endif
#include "image.h"
#include "log.h"

void blob_free(struct blob *b)
{
	if (b->mapped)
		munmap(b->data, b->len);
	else
		free(b->data);
	b->data = NULL;
	b->len = 0;
	b->mapped = 0;
}

/* The most a reader of at most @max bytes holds: see blob_reserve. */
static size_t out_limit(size_t max)
{
	return max < SIZE_MAX - 2 ? max + 2 : SIZE_MAX;
}

/*
 * Grow @b to hold at least @want bytes plus the trailing NUL, by doubling,
 * but to no more than @limit bytes (the caller's maximum, one byte to see
 * that there is more, and the NUL): a pipe, /dev/zero or a compressed stream
 * that does not end then costs that maximum, not twice it.
 */
static int blob_reserve(struct blob *b, size_t *cap, size_t want, size_t limit)
{
	size_t ncap = *cap ? *cap : 4096;
	uint8_t *p;

	if (want >= limit)
		want = limit - 1;
	if (want < *cap)
		return 0;
	while (ncap <= want) {
		if (ncap > SIZE_MAX / 2)
			return -ENOMEM;
		ncap *= 2;
	}
	if (ncap > limit)
		ncap = limit;
	p = realloc(b->data, ncap);
	if (!p)
		return -ENOMEM;
	b->data = p;
	*cap = ncap;
	return 0;
}

int file_read_quiet(const char *path, size_t max, struct blob *out)
{
	return file_read_at(AT_FDCWD, path, max, out);
}

int file_read_at(int dir, const char *path, size_t max, struct blob *out)
{
	struct blob b = { NULL, 0, 0 };
	size_t cap = 0;
	size_t limit = out_limit(max);
	struct stat st;
	int fd, rc = 0;

	fd = openat(dir, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		rc = -errno;
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		rc = -EISDIR;
		goto out;
	}
	if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > max) {
		rc = -EFBIG;
		goto out;
	}
	/*
	 * Room for the size the file reports and one byte more to see EOF: a
	 * device tree is thousands of 4-byte files, kept until it is flattened.
	 * /proc and /sys files report size 0 or 4096: read until EOF anyway.
	 */
	if (S_ISREG(st.st_mode) && st.st_size > 0) {
		cap = (size_t)st.st_size + 2;
		b.data = malloc(cap);
		if (!b.data)
			rc = -ENOMEM;
	}
	for (;;) {
		size_t asked;
		ssize_t n;

		if (rc == 0)
			rc = blob_reserve(&b, &cap, b.len + 1, limit);
		if (rc < 0)
			goto out;
		asked = cap - b.len - 1;
		n = read(fd, b.data + b.len, asked);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			goto out;
		}
		if (n == 0)
			break;
		b.len += (size_t)n;
		if (b.len > max) {
			rc = -EFBIG;
			goto out;
		}
		/*
		 * Exactly the size fstat gave, when more was asked for: the end,
		 * without a read to see it.  A regular file returns less than asked
		 * only at its end, and so do a /proc/device-tree property (read from
		 * one buffer of its length) and a sysfs attribute (one show() of at
		 * most the size it reports).  A device tree is thousands of files.
		 */
		if (st.st_size > 0 && S_ISREG(st.st_mode) && b.len == (size_t)st.st_size && (size_t)n < asked)
			break;
		if (b.len + 1 >= cap)
			rc = blob_reserve(&b, &cap, b.len + 1, limit);
	}
	if (!b.data && (rc = blob_reserve(&b, &cap, 1, limit)) < 0)
		goto out;
	b.data[b.len] = 0;
	*out = b;
	b.data = NULL;
out:
	free(b.data);
	close(fd);
	return rc;
}

/*
 * A read of at most this many bytes that returns fewer has reached the end,
 * in each kind of file a device tree is read from: a regular file (short
 * only at its end), /proc/device-tree on older kernels (a property comes
 * whole from one buffer), and /sys/firmware/devicetree, which /proc/device-tree
 * now links to: kernfs hands out a binary attribute at most a page per read,
 * and no page is smaller than this.  So a property under it needs no fstat
 * for its size and no second read to see the end: a large tree is a
 * thousand and more of them, and under emulation each system call counts.
 */
#define SMALL_READ 4096

int file_read_small_at(int dir, const char *path, size_t max, struct blob *out)
{
	uint8_t buf[SMALL_READ];
	ssize_t n;
	int fd, rc = 0;

	fd = openat(dir, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while ((n = read(fd, buf, sizeof(buf))) < 0 && errno == EINTR)
		;
	if (n < 0)
		rc = -errno;	/* a directory: EISDIR, as file_read_at says */
	close(fd);
	if (rc < 0)
		return rc;
	if ((size_t)n == sizeof(buf))
		return file_read_at(dir, path, max, out);	/* maybe more: the general way */
	if ((size_t)n > max)
		return -EFBIG;
	out->data = malloc((size_t)n + 1);
	if (!out->data)
		return -ENOMEM;
	memcpy(out->data, buf, (size_t)n);
	out->data[n] = 0;
	out->len = (size_t)n;
	out->mapped = 0;
	return 0;
}

int file_read(const char *path, const char *what, size_t max, struct blob *out)
{
	int rc = file_read_quiet(path, max, out);
	char sz[KX_SIZE_BUF];

	if (rc == -EFBIG)
		kx_err("%s %s is larger than %s: it cannot be loaded", what, path, kx_size(sz, max));
	else if (rc < 0 && rc != -ENOMEM)	/* out of memory: said once, by the action */
		kx_err("cannot read %s %s: %s", what, path, strerror(-rc));
	return rc;
}

int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

enum kx_comp comp_detect(const uint8_t *d, size_t n)
{
	static const uint8_t xz[6] = { 0xfd, '7', 'z', 'X', 'Z', 0 };
	static const uint8_t zst[4] = { 0x28, 0xb5, 0x2f, 0xfd };

	if (n >= 3 && d[0] == 0x1f && d[1] == 0x8b && d[2] == 8)
		return KXC_GZIP;
	if (n >= 6 && !memcmp(d, xz, 6))
		return KXC_XZ;
	if (n >= 4 && !memcmp(d, zst, 4))
		return KXC_ZSTD;
	return KXC_NONE;
}

const char *comp_name(enum kx_comp how)
{
	switch (how) {
	case KXC_GZIP: return "gzip";
	case KXC_XZ: return "xz";
	case KXC_ZSTD: return "zstd";
	default: return "none";
	}
}

#define WHY(...) snprintf(why, whylen, __VA_ARGS__)

#ifdef HAVE_ZLIB
static int gunzip(const uint8_t *in, size_t inlen, size_t max, struct blob *out,
		  char *why, size_t whylen)
{
	struct blob b = { NULL, 0, 0 };
	size_t cap = 0;
	z_stream z;
	int zr, rc;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		WHY("zlib initialisation failed");
		return -ENOMEM;
	}
	z.next_in = (Bytef *)in;
	for (;;) {
		/* zlib counts in uInt: feed and drain in bounded steps. */
		size_t left_in = inlen - (size_t)((const uint8_t *)z.next_in - in);

		rc = blob_reserve(&b, &cap, b.len + (inlen < 65536 ? 65536 : inlen), out_limit(max));
		if (rc < 0) {
			WHY("out of memory after %zu bytes", b.len);
			goto fail;
		}
		z.avail_in = left_in > (1u << 30) ? (1u << 30) : (uInt)left_in;
		z.next_out = b.data + b.len;
		z.avail_out = (cap - b.len - 1) > (1u << 30) ? (1u << 30) : (uInt)(cap - b.len - 1);
		zr = inflate(&z, Z_NO_FLUSH);
		b.len = (size_t)(z.next_out - b.data);
		if (b.len > max) {
			WHY("decompressed data exceeds %zu bytes", max);
			rc = -EFBIG;
			goto fail;
		}
		if (zr == Z_STREAM_END) {
			size_t used = (size_t)((const uint8_t *)z.next_in - in);

			/* Another gzip member may follow (gzip -c a b > c). */
			if (used + 3 <= inlen && comp_detect(in + used, inlen - used) == KXC_GZIP) {
				inflateReset(&z);
				continue;
			}
			break;
		}
		if (zr == Z_BUF_ERROR && z.avail_in == 0 && left_in <= (1u << 30)) {
			WHY("truncated gzip data: the stream ends after %zu of its bytes without an end marker",
			    inlen);
			rc = -EINVAL;
			goto fail;
		}
		if (zr != Z_OK && zr != Z_BUF_ERROR) {
			WHY("corrupt gzip data at compressed byte %zu: %s",
			    (size_t)((const uint8_t *)z.next_in - in), z.msg ? z.msg : "inflate error");
			rc = -EINVAL;
			goto fail;
		}
	}
	inflateEnd(&z);
	*out = b;
	return 0;
fail:
	inflateEnd(&z);
	free(b.data);
	return rc;
}
#endif

#ifdef HAVE_LZMA
static const char *lzma_why(lzma_ret r)
{
	switch (r) {
	case LZMA_FORMAT_ERROR: return "not an xz stream";
	case LZMA_OPTIONS_ERROR: return "unsupported xz options";
	case LZMA_DATA_ERROR: return "data is corrupt";
	case LZMA_BUF_ERROR: return "stream is truncated";
	case LZMA_MEM_ERROR: return "out of memory";
	default: return "decoder error";
	}
}

static int unxz(const uint8_t *in, size_t inlen, size_t max, struct blob *out,
		char *why, size_t whylen)
{
	struct blob b = { NULL, 0, 0 };
	lzma_stream s = LZMA_STREAM_INIT;
	size_t cap = 0;
	lzma_ret r;
	int rc;

	if (lzma_stream_decoder(&s, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK) {
		WHY("liblzma initialisation failed");
		return -ENOMEM;
	}
	s.next_in = in;
	s.avail_in = inlen;
	for (;;) {
		rc = blob_reserve(&b, &cap, b.len + (inlen < 65536 ? 65536 : inlen * 2), out_limit(max));
		if (rc < 0) {
			WHY("out of memory after %zu bytes", b.len);
			goto fail;
		}
		s.next_out = b.data + b.len;
		s.avail_out = cap - b.len - 1;
		/* LZMA_CONCATENATED: LZMA_FINISH tells it no more input will come. */
		r = lzma_code(&s, LZMA_FINISH);
		b.len = (size_t)(s.next_out - b.data);
		if (b.len > max) {
			WHY("decompressed data exceeds %zu bytes", max);
			rc = -EFBIG;
			goto fail;
		}
		if (r == LZMA_STREAM_END)
			break;
		/*
		 * LZMA_OK: progress was made.  When the input ran out without an end
		 * marker, the next call makes none and says LZMA_BUF_ERROR (truncated).
		 */
		if (r == LZMA_OK)
			continue;
		WHY("%s xz data at compressed byte %zu: %s",
		    r == LZMA_BUF_ERROR ? "truncated" : "corrupt", inlen - s.avail_in, lzma_why(r));
		rc = -EINVAL;
		goto fail;
	}
	lzma_end(&s);
	*out = b;
	return 0;
fail:
	lzma_end(&s);
	free(b.data);
	return rc;
}
#endif

#ifdef HAVE_ZSTD
static int unzstd(const uint8_t *in, size_t inlen, size_t max, struct blob *out,
		  char *why, size_t whylen)
{
	struct blob b = { NULL, 0, 0 };
	ZSTD_DStream *ds = ZSTD_createDStream();
	ZSTD_inBuffer ib = { in, inlen, 0 };
	size_t cap = 0, r = 1;
	int rc;

	if (!ds) {
		WHY("libzstd initialisation failed");
		return -ENOMEM;
	}
	while (ib.pos < ib.size) {
		ZSTD_outBuffer ob;

		rc = blob_reserve(&b, &cap, b.len + (inlen < 65536 ? 65536 : inlen * 2), out_limit(max));
		if (rc < 0) {
			WHY("out of memory after %zu bytes", b.len);
			goto fail;
		}
		ob.dst = b.data + b.len;
		ob.size = cap - b.len - 1;
		ob.pos = 0;
		r = ZSTD_decompressStream(ds, &ob, &ib);
		b.len += ob.pos;
		if (ZSTD_isError(r)) {
			WHY("corrupt zstd data at compressed byte %zu: %s", ib.pos, ZSTD_getErrorName(r));
			rc = -EINVAL;
			goto fail;
		}
		if (b.len > max) {
			WHY("decompressed data exceeds %zu bytes", max);
			rc = -EFBIG;
			goto fail;
		}
		if (ob.pos == 0 && ib.pos == ib.size)
			break;
	}
	if (r != 0) {
		WHY("truncated zstd data: the frame ends after %zu bytes", inlen);
		rc = -EINVAL;
		goto fail;
	}
	ZSTD_freeDStream(ds);
	*out = b;
	return 0;
fail:
	ZSTD_freeDStream(ds);
	free(b.data);
	return rc;
}
#endif

int decompress(enum kx_comp how, const uint8_t *in, size_t inlen, size_t max,
	       struct blob *out, char *why, size_t whylen)
{
	int rc = -ENOTSUP;

	switch (how) {
#ifdef HAVE_ZLIB
	case KXC_GZIP: rc = gunzip(in, inlen, max, out, why, whylen); break;
#endif
#ifdef HAVE_LZMA
	case KXC_XZ: rc = unxz(in, inlen, max, out, why, whylen); break;
#endif
#ifdef HAVE_ZSTD
	case KXC_ZSTD: rc = unzstd(in, inlen, max, out, why, whylen); break;
#endif
	default:
		WHY("%s compression is not supported by this build of kexec", comp_name(how));
		break;
	}
	if (rc == 0)
		out->data[out->len] = 0;
	return rc;
}

int file_map(const char *path, const char *what, size_t max, struct blob *out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	void *p;

	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (unsigned long long)st.st_size <= max) {
		/* Private and writable: a writer (none today) would get its own copy. */
		p = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
		if (p != MAP_FAILED) {
			close(fd);
			out->data = p;
			out->len = (size_t)st.st_size;
			out->mapped = 1;
			return 0;
		}
	}
	if (fd >= 0)
		close(fd);
	/* Pipes, empty or oversized files, a failed open or mmap: read() says why. */
	return file_read(path, what, max, out);
}

int image_read(const char *path, size_t max, struct blob *out, enum kx_comp *how)
{
	struct blob raw;
	char why[256];
	int rc = file_map(path, "kernel image", max, &raw);

	if (rc < 0)
		return rc;
	*how = comp_detect(raw.data, raw.len);
	if (*how == KXC_NONE) {
		*out = raw;
		return 0;
	}
	rc = decompress(*how, raw.data, raw.len, max, out, why, sizeof(why));
	blob_free(&raw);
	if (rc < 0 && rc != -ENOMEM)	/* out of memory: said once, by the action */
		kx_err("%s: %s", path, why);
	return rc;
}
