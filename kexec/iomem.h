/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /proc/iomem's top-level "System RAM" ranges: the memory the running kernel
 * manages as it stands now.  The device tree alone cannot say that: memory
 * hot-added since boot has no trace in the boot-time limits, and Linux 6.12
 * writes /chosen/linux,memory-limit on every boot with crashkernel= (the boot
 * memory's size, which hot-added memory does not obey).
 */
#ifndef KX_IOMEM_H
#define KX_IOMEM_H

#include "range.h"

/*
 * Parse @text (the file's contents) into @out (initialised by the caller):
 * every line "START-END : System RAM" that is not indented (a top-level
 * resource), END inclusive.  0: parsed (@out may be empty); -EACCES: the
 * addresses are hidden (all zero: /proc/iomem read without root); -EINVAL:
 * a top-level line is malformed, and *bad_line is its number (from 1).
 * Work and memory are bounded by the size of @text.
 */
int iomem_system_ram(const char *text, struct rangeset *out, unsigned *bad_line);

#endif
