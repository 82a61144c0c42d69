// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include "log.h"

/* printf-like over a va_list (format 2, no variadic arguments of its own). */
static void __attribute__((format(printf, 2, 0)))
vmsg(const char *prefix, const char *fmt, va_list ap)
{
	fputs("kexec: ", stderr);
	fputs(prefix, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void kx_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
}

void kx_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("warning: ", fmt, ap);
	va_end(ap);
}

void kx_dbg(const struct kx_ctx *c, const char *fmt, ...)
{
	va_list ap;

	if (!c || !c->debug)
		return;
	va_start(ap, fmt);
	vmsg("debug: ", fmt, ap);
	va_end(ap);
}

const char *kx_size(char *buf, unsigned long long bytes)
{
	static const char *const unit[] = { "bytes", "KiB", "MiB", "GiB", "TiB" };
	unsigned long long whole = bytes, rem = 0;
	int u = 0;

	while (whole >= 1024 && u < 4) {
		rem = whole % 1024;
		whole /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, KX_SIZE_BUF, "%llu bytes", bytes);
	else if (rem)
		snprintf(buf, KX_SIZE_BUF, "%llu.%llu %s", whole, rem * 10 / 1024, unit[u]);
	else
		snprintf(buf, KX_SIZE_BUF, "%llu %s", whole, unit[u]);
	return buf;
}
