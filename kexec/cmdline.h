/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The next kernel's command line. */
#ifndef KX_CMDLINE_H
#define KX_CMDLINE_H

#include <stddef.h>
#include "log.h"
#include "opts.h"

/*
 * --reuse-cmdline (this kernel's /proc/cmdline without BOOT_IMAGE=, and for
 * -p without crashkernel=), then every --append; then, unless
 * --dt-no-old-root or the result has its own root=, the root= word of
 * @old_bootargs (the tree's /chosen/bootargs), as kexec-tools does on ppc64.
 * Longer than @limit - 1 bytes is an error naming both numbers.
 */
int cmdline_build(const struct kx_ctx *c, const struct opts *o, const char *old_bootargs,
		  size_t limit, char **out);

/* Remove every word that starts with @prefix (quotes respected). */
void cmdline_drop(char *s, const char *prefix);

/* The first word starting with @prefix, copied into @buf; 0 if none. */
int cmdline_find(const char *s, const char *prefix, char *buf, size_t len);

#endif
