/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kdump on 64-bit POWER: what the crashed kernel leaves for the crash kernel
 * (CPU register notes, vmcoreinfo), the ELF core header describing its
 * memory, and the usable-memory view the crash kernel is given.
 */
#ifndef KX_KDUMP_H
#define KX_KDUMP_H

#include <stdint.h>
#include "log.h"
#include "range.h"

#define KDUMP_BACKUP_SIZE 0x10000	/* ABI: low 64 KiB the crash kernel reuses */

struct crash_note {
	uint64_t addr, size;
	int cpu;			/* -1: vmcoreinfo */
};

struct crash_notes {
	struct crash_note *v;
	size_t n;
	size_t possible;		/* possible CPUs listed by sysfs */
	size_t missing;			/* ... of which without a sysfs directory (no note) */
};

/* What the core header describes. */
struct core_mem {
	const struct rangeset *ram;	/* the crashed kernel's RAM */
	const struct rangeset *fw_dump;	/* RTAS, OPAL: kept even inside the crash region */
	uint64_t crash_base, crash_end;
};

/*
 * Read /sys/devices/system/cpu/possible, each possible CPU's crash_notes and
 * crash_notes_size, and /sys/kernel/vmcoreinfo under the sysroot.  One line
 * naming the file on a missing or malformed value.  A possible CPU without a
 * cpuN directory has no note; it is counted in ->missing.
 */
int crash_notes_read(const struct kx_ctx *c, struct crash_notes *out);
void crash_notes_free(struct crash_notes *n);

/*
 * Program headers of the core: one PT_NOTE per note, PT_LOADs for the RAM
 * minus the crash region plus RTAS and OPAL (adjacent ranges merged), with
 * [0, 64 KiB) read from @backup.  Returns the number of PT_LOADs in *nloads.
 */
size_t elfcorehdr_size(const struct crash_notes *n, const struct core_mem *cm);
int elfcorehdr_build(int big_endian, const struct crash_notes *n, const struct core_mem *cm,
		     uint64_t backup, uint8_t **buf, size_t *len, size_t *nloads);

/* ABI: arch/powerpc/platforms/Kconfig.cputype, NR_CPUS "range 2 8192 if SMP". */
#define KX_MAX_CPUS	8192

/*
 * Parse a CPU list such as "0-3,8,10-11" into a bitmap-free callback walk.
 * -EINVAL unless increasing, without overlaps, and every CPU below
 * KX_MAX_CPUS (so at most KX_MAX_CPUS calls of @fn).
 */
int cpulist_parse(const char *s, int (*fn)(int cpu, void *arg), void *arg);

#endif
