// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What /proc/cpuinfo says about the running system that its device tree
 * does not: which MMU the kernel chose ("MMU\t\t: Hash" or "Radix", printed
 * by platforms/{pseries,powernv}/setup.c) and the processor generation
 * ("cpu\t\t: POWER9 (architected), ..."), which together decide how far
 * real mode reaches for the kernel's own allocations (ppc64_rma_size).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "ppc64.h"
#include "sysread.h"

/* @line is "KEY<blanks>: VALUE...": the VALUE copied to @v (to the line's end, cut to @vsize - 1), or 0. */
static int value_of(const char *line, const char *end, const char *key, char *v, size_t vsize)
{
	size_t n = strlen(key), len;

	if ((size_t)(end - line) <= n || memcmp(line, key, n))
		return 0;
	for (line += n; line < end && (*line == ' ' || *line == '\t'); line++)
		;
	if (line == end || *line++ != ':')
		return 0;
	for (; line < end && (*line == ' ' || *line == '\t'); line++)
		;
	len = (size_t)(end - line) < vsize - 1 ? (size_t)(end - line) : vsize - 1;
	memcpy(v, line, len);
	v[len] = 0;
	return 1;
}

int ppc64_cpuinfo_read(const struct kx_ctx *c, struct ppc64_cpuinfo *ci)
{
	const char *line, *end, *top;
	char *s, v[32];
	size_t len;
	int rc;

	ci->hash = -1;
	ci->power = 0;
	if ((rc = sysread_try(c, "/proc/cpuinfo", &s, &len)) < 0)
		return rc;
	top = s + len;
	/*
	 * The MMU line is printed once, after every CPU's stanza: the lines are
	 * searched from the end, which on a machine of 2,560 CPUs (240 KB of
	 * stanzas) spares walking them all.  The last line with a known value.
	 */
	for (end = top; end > s && ci->hash < 0; end = line - 1) {
		for (line = end; line > s && line[-1] != '\n'; line--)
			;
		if (value_of(line, end, "MMU", v, sizeof(v)))
			ci->hash = !strcmp(v, "Hash") ? 1 : !strcmp(v, "Radix") ? 0 : -1;
		if (line == s)
			break;
	}
	/* The first CPU's stanza: "POWER9 (architected)", "POWER10 (raw)": one number. */
	for (line = s; line < top && !ci->power; line = end + 1) {
		unsigned long g;

		end = memchr(line, '\n', (size_t)(top - line));
		if (!end)
			end = top;
		if (!value_of(line, end, "cpu", v, sizeof(v)) || strncmp(v, "POWER", 5) ||
		    v[5] < '0' || v[5] > '9')
			continue;
		/* strtoul, not sscanf: scanf's first call alone is 0.7 ms of translation under qemu-user. */
		g = strtoul(v + 5, NULL, 10);
		ci->power = g <= 99 ? (unsigned)g : 0;
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
