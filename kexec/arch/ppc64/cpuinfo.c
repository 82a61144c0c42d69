// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What /proc/cpuinfo says about the running system that its device tree
 * does not: which MMU the kernel chose.  pseries and powernv print
 * "MMU\t\t: Hash" or "MMU\t\t: Radix" (platforms/{pseries,powernv}/setup.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "ppc64.h"
#include "sysfs.h"

int ppc64_cpuinfo_hash_mmu(const struct kx_ctx *c)
{
	char *s, *line, *save = NULL;
	int rc;

	if ((rc = sys_try_read(c, "/proc/cpuinfo", &s, NULL)) < 0)
		return rc;
	rc = -ENOENT;
	for (line = strtok_r(s, "\n", &save); line && rc == -ENOENT; line = strtok_r(NULL, "\n", &save)) {
		char *v;

		if (strncmp(line, "MMU", 3) || !strchr(" \t:", line[3]))
			continue;
		v = line + 3 + strspn(line + 3, " \t");
		if (*v++ != ':')
			continue;
		v += strspn(v, " \t");
		if (!strcmp(v, "Hash"))
			rc = 1;
		else if (!strcmp(v, "Radix"))
			rc = 0;
	}
	free(s);
	return rc;
}
