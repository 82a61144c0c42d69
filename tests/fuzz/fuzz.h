/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared by the libFuzzer targets (tests/fuzz/fuzz-*.c, run by tools/fuzz).
 *
 * Beyond "no crash, no sanitizer report", every target checks the rule for
 * bad input: a refusal prints a line starting "kexec: " (the layer that
 * knows the context prints it).  For that, stderr is captured into a memfd
 * around each call; when a sanitizer kills the process, the death callback
 * puts the captured text, report included, back on the real stderr.
 *
 * An input that must stand for several files is split at the token "KXF|"
 * (also in every target's dictionary), so the fuzzer can grow and cross
 * pieces without a binary container format it would have to learn.
 *
 * The bodies are in fuzz.c, compiled once and linked by every target.
 */
#ifndef KX_FUZZ_H
#define KX_FUZZ_H

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sanitizer/common_interface_defs.h>
#include "formats.h"

#define FZ_SEP "KXF|"
#define FZ_MAX_PIECES 16

struct fz_piece {
	const uint8_t *p;
	size_t n;
};

/* Split @d at every FZ_SEP into at most @max pieces; returns their number (at least 1). */
size_t fz_split(const uint8_t *d, size_t n, struct fz_piece *out, size_t max);

/* A NUL-terminated malloc'ed copy of a piece (pieces that stand for text). */
char *fz_str(const struct fz_piece *pc);

/* ---- stderr capture ---------------------------------------------------------- */

/*
 * Capture stderr into a memfd until fz_err_end.  The first call also makes
 * a sanitizer's death put the captured text, its report included, back on
 * the real stderr.
 */
void fz_err_begin(void);

/* Stop capturing; what was printed meanwhile (at most @len - 1 bytes kept). */
void fz_err_end(char *out, size_t len);

/*
 * The rule for a refusal (@rc < 0, or non-zero for an exit status): at
 * least one line starting "kexec: ".  A silent refusal is a finding: it
 * says so, naming @what, and aborts.
 */
void fz_check_refusal(int rc, const char *err, const char *what);

/*
 * Run an image loader on an exact-size copy of @d (so any overread is the
 * sanitizer's finding), with the refusal rule checked.
 */
typedef int (*fz_loader_fn)(const struct kx_ctx *c, const char *path, const struct blob *img,
			    struct kernel_image *out);

void fz_run_loader(fz_loader_fn fn, const char *path, const uint8_t *d, size_t n);

/* ---- files the code under test reads ------------------------------------------ */

/* A scratch directory for this process, on tmpfs when there is one (made on first use). */
const char *fz_scratch(void);

/* Empty @dir (recreated, empty). */
void fz_reset_dir(const char *dir);

/* mkdir -p (mode 0700); 0 or -errno, -ENAMETOOLONG for a path of 4 KiB or more. */
int fz_mkdirs(const char *path);

/* @n bytes at @d as the whole of file @path; 0, -errno, or -EIO when short. */
int fz_write(const char *path, const void *d, size_t n);

/*
 * A name that may become one path component under the scratch directory:
 * never "", ".", "..", never with '/', NUL or other bytes a tree would not
 * hold.  The code under test sees only what a real /proc/device-tree can.
 */
int fz_safe_name(const char *s, size_t n);

/*
 * A memfd holding @d, returned, with its path (/proc/self/fd/N) in @path: a
 * --dtb or kernel "file".  Aborts if it cannot make one.
 */
int fz_memfile(const void *d, size_t n, char *path, size_t plen);

#endif
