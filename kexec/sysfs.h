/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Every read of the running system (/proc, /sys) goes through here, under
 * the --sysroot prefix, so that tests replay captured systems byte for byte.
 */
#ifndef KX_SYSFS_H
#define KX_SYSFS_H

#include <stddef.h>
#include "log.h"

/* Write sysroot + @abs into @out; -ENAMETOOLONG if it does not fit. */
int sys_path(const struct kx_ctx *c, const char *abs, char *out, size_t outlen);

/*
 * Read a whole file under the sysroot into a NUL-terminated malloc'ed buffer.
 * sys_read_file() prints one line naming the path on failure; sys_try_read()
 * is silent (for files that may legitimately be absent).  -errno on failure.
 */
int sys_read_file(const struct kx_ctx *c, const char *abs, char **buf, size_t *len);
int sys_try_read(const struct kx_ctx *c, const char *abs, char **buf, size_t *len);

/* Whether @abs exists under the sysroot (a file or a directory). */
int sys_exists(const struct kx_ctx *c, const char *abs);

/* Read a small file holding one decimal or 0x-hex integer; -errno on failure. */
int sys_try_read_ull(const struct kx_ctx *c, const char *abs, unsigned long long *v);

#endif
