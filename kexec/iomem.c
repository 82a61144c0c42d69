// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "iomem.h"

/* A hex number of at most 16 digits at *p; advances *p.  -EINVAL if none. */
static int hex64(const char **p, uint64_t *v)
{
	const char *s = *p;
	uint64_t x = 0;
	int n = 0;

	for (; n < 17; s++, n++) {
		int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			break;
		x = x << 4 | (uint64_t)d;
	}
	if (n == 0 || n > 16)
		return -EINVAL;
	*p = s;
	*v = x;
	return 0;
}

int iomem_system_ram(const char *text, struct rangeset *out, unsigned *bad_line)
{
	const char *line = text;
	unsigned no = 0, seen = 0, hidden = 0;

	*bad_line = 0;
	while (line && *line) {
		const char *nl = strchr(line, '\n'), *p = line, *name;
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		uint64_t start, end;

		no++;
		/* Nested resources (indented) are parts of their parent: skip. */
		if (len == 0 || line[0] == ' ' || line[0] == '\t')
			goto next;
		if (hex64(&p, &start) < 0 || *p++ != '-' || hex64(&p, &end) < 0 ||
		    strncmp(p, " : ", 3) || end < start || end == UINT64_MAX) {
			*bad_line = no;
			return -EINVAL;
		}
		name = p + 3;
		if ((size_t)(name - line) + 10 != len || strncmp(name, "System RAM", 10))
			goto next;
		seen++;
		if (start == 0 && end == 0) {
			hidden++;
			goto next;
		}
		if (rs_add(out, start, end + 1, "System RAM") < 0)
			return -ENOMEM;
next:
		line = nl ? nl + 1 : NULL;
	}
	/* Without root every address reads as zero: nothing to learn. */
	if (seen && hidden == seen) {
		rs_free(out);
		return -EACCES;
	}
	rs_merge(out);
	return 0;
}
