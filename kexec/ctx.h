/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What every layer needs from the command line: where to read, how loud. */
#ifndef KX_CTX_H
#define KX_CTX_H

struct kx_ctx {
	const char *sysroot;	/* prefix for /proc and /sys reads; "" = real system */
	int debug;		/* -d: explain each decision on stderr (log.h's kx_dbg) */
};

#endif
