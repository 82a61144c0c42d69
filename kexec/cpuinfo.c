// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What /proc/cpuinfo says about the running system that its device tree
 * does not: which MMU the kernel chose ("MMU\t\t: Hash" or "Radix", printed
 * by platforms/{pseries,powernv}/setup.c) and the processor generation
 * ("cpu\t\t: POWER9 (architected), ..."), which together decide how far
 * real mode reaches for the kernel's own allocations (ppc64_rma_size).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ppc64.h"
#include "sysread.h"

/* @line is "KEY<blanks>: VALUE": the VALUE, or NULL for another key. */
static const char *value_of(const char *line, const char *key)
{
	size_t n = strlen(key);

	if (strncmp(line, key, n) || !strchr(" \t:", line[n]))
		return NULL;
	line += n + strspn(line + n, " \t");
	if (*line++ != ':')
		return NULL;
	return line + strspn(line, " \t");
}

int ppc64_cpuinfo_read(const struct kx_ctx *c, struct ppc64_cpuinfo *ci)
{
	char *s, *line, *save = NULL;
	const char *v;
	int rc;

	ci->hash = -1;
	ci->power = 0;
	if ((rc = sysread_try(c, "/proc/cpuinfo", &s, NULL)) < 0)
		return rc;
	for (line = strtok_r(s, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if ((v = value_of(line, "MMU")) && ci->hash < 0) {
			if (!strcmp(v, "Hash"))
				ci->hash = 1;
			else if (!strcmp(v, "Radix"))
				ci->hash = 0;
		} else if ((v = value_of(line, "cpu")) && !ci->power) {
			/* "POWER9 (architected)", "POWER10 (raw)": one number. */
			if (sscanf(v, "POWER%u", &ci->power) != 1 || ci->power > 99)
				ci->power = 0;
		}
	}
	free(s);
	return 0;
}

uint64_t ppc64_rma_limit(const struct ppc64_mem *m, const struct ppc64_cpuinfo *ci)
{
	/*
	 * ABI: arch/powerpc/mm/book3s64/hash_utils.c: under a hypervisor a
	 * hash-MMU kernel sets ppc64_rma_size to its first memory block, at most
	 * 1 GiB before POWER9 (ISA 3.0) and 1 TiB after; radix and bare metal
	 * (OPAL: hypervisor mode) have no such limit.  Unknown counts as none.
	 */
	if (ci->hash != 1 || m->opal || !m->rma_top)
		return 0;
	if (ci->power && ci->power < 9)
		return m->rma_top < (1ULL << 30) ? m->rma_top : 1ULL << 30;
	return m->rma_top < (1ULL << 40) ? m->rma_top : 1ULL << 40;
}
