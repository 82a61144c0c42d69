// SPDX-License-Identifier: GPL-2.0-or-later
/* Runs of page frames with one flag, from /proc/kpageflags words. */
#include "kpageflags.h"

int kpf_runs(const uint64_t *flags, size_t n, uint64_t first_pfn, uint64_t pg, unsigned bit,
	     const char *label, struct rangeset *out)
{
	size_t i = 0, start;
	int rc;

	while (i < n) {
		if (!(flags[i] >> bit & 1)) {
			i++;
			continue;
		}
		for (start = i; i < n && (flags[i] >> bit & 1); i++)
			;
		rc = rs_add(out, (first_pfn + start) * pg, (first_pfn + i) * pg, label);
		if (rc < 0)
			return rc;
	}
	return 0;
}
