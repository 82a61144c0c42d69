/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Files into memory: raw reads (initrd, --dtb) and kernel images that may be
 * gzip, xz or zstd compressed, recognised by their magic bytes.
 */
#ifndef KX_IMAGE_H
#define KX_IMAGE_H

#include <stddef.h>
#include <stdint.h>

struct blob {
	uint8_t *data;		/* malloc'ed, one extra NUL byte after len; or mapped */
	size_t len;
	int mapped;		/* a file's pages (file_map): no NUL after len */
};

enum kx_comp { KXC_NONE, KXC_GZIP, KXC_XZ, KXC_ZSTD };

/* Read a whole file (regular or /proc style) of at most @max bytes. -errno. */
int file_read_quiet(const char *path, size_t max, struct blob *out);
/* The same for @path relative to the directory @dir (or AT_FDCWD). */
int file_read_at(int dir, const char *path, size_t max, struct blob *out);
/*
 * The same, for files that are mostly small (device-tree properties): one
 * open, one read and one close when the file is under a page, file_read_at
 * otherwise.
 */
int file_read_small_at(int dir, const char *path, size_t max, struct blob *out);

/* The same, printing one line "cannot read WHAT PATH: reason" on failure. */
int file_read(const char *path, const char *what, size_t max, struct blob *out);

/*
 * The bytes of a regular file mapped privately instead of read (kernels and
 * initrds are tens of MB: this saves copying them once more and faulting in
 * fresh memory for the copy), else read as file_read does, with its one line
 * on failure.  Only for binary data parsed within len: no NUL follows it.
 * A file truncated while mapped raises SIGBUS on access (see main.c).
 */
int file_map(const char *path, const char *what, size_t max, struct blob *out);

/*
 * Read a kernel image and decompress it when its magic says so; *how tells
 * which.  Prints one line naming @path on failure (missing file, corrupt or
 * truncated stream, format not built in, larger than @max once expanded).
 */
int image_read(const char *path, size_t max, struct blob *out, enum kx_comp *how);

/* Compression named by the magic at @d, or KXC_NONE. */
enum kx_comp comp_detect(const uint8_t *d, size_t n);

/*
 * Decompress @in into @out (at most @max bytes).  On failure -errno and a
 * reason in @why ("corrupt xz data at byte 123: ...").
 */
int decompress(enum kx_comp how, const uint8_t *in, size_t inlen, size_t max,
	       struct blob *out, char *why, size_t whylen);

const char *comp_name(enum kx_comp how);

/* write(2) until all @len bytes are out (EINTR retried); 0 or -errno. */
int write_all(int fd, const void *buf, size_t len);
void blob_free(struct blob *b);

#endif
