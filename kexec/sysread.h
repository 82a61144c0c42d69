/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Every read of the running system (/proc, /sys) goes through here, under
 * the --sysroot prefix, so that tests replay captured systems byte for byte.
 */
#ifndef KX_SYSREAD_H
#define KX_SYSREAD_H

#include <stddef.h>
#include "log.h"

/* Write sysroot + @abs into @out; -ENAMETOOLONG if it does not fit. */
int sysread_path(const struct kx_ctx *c, const char *abs, char *out, size_t outlen);

/*
 * Read a whole file under the sysroot into a NUL-terminated malloc'ed buffer.
 * sysread_file() prints one line naming the path on failure; sysread_try()
 * is silent (for files that may legitimately be absent).  -errno on failure.
 */
int sysread_file(const struct kx_ctx *c, const char *abs, char **buf, size_t *len);
int sysread_try(const struct kx_ctx *c, const char *abs, char **buf, size_t *len);

/* Whether @abs exists under the sysroot (a file or a directory). */
int sysread_exists(const struct kx_ctx *c, const char *abs);

/* Read a small file holding one decimal or 0x-hex integer; -errno on failure. */
int sysread_ull(const struct kx_ctx *c, const char *abs, unsigned long long *v);

#endif
