/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Messages.  Every error is one line on stderr, "kexec: ..." naming the file,
 * field or address range; the layer that knows the context prints it and
 * everything below returns -errno quietly.
 */
#ifndef KX_LOG_H
#define KX_LOG_H

#include <stdarg.h>

#include "ctx.h"

void kx_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kx_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kx_dbg(const struct kx_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Human-readable size ("40.5 MiB") into @buf. */
const char *kx_size(char *buf, unsigned long long bytes);
#define KX_SIZE_BUF 24

#endif
