/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /proc/kpageflags: one little 64-bit word of flags per page frame of the
 * running kernel (Documentation/admin-guide/mm/pagemap.rst; root only).
 */
#ifndef KX_KPAGEFLAGS_H
#define KX_KPAGEFLAGS_H

#include <stddef.h>
#include <stdint.h>
#include "range.h"

#define KPF_SLAB	7	/* ABI: include/uapi/linux/kernel-page-flags.h */

/*
 * Append to @out, as physical ranges, the runs of pages among @n words
 * (native byte order, as read) for frames @first_pfn.. whose flags have bit
 * @bit; pages are @pg bytes.  -ENOMEM.
 */
int kpf_runs(const uint64_t *flags, size_t n, uint64_t first_pfn, uint64_t pg, unsigned bit,
	     const char *label, struct rangeset *out);

#endif
