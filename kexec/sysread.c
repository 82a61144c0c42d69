// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sysread.h"
#include "image.h"

int sysread_path(const struct kx_ctx *c, const char *abs, char *out, size_t outlen)
{
	const char *root = c && c->sysroot ? c->sysroot : "";
	int n = snprintf(out, outlen, "%s%s", root, abs);

	return n < 0 || (size_t)n >= outlen ? -ENAMETOOLONG : 0;
}

static int read_under(const struct kx_ctx *c, const char *abs, char **buf, size_t *len, int loud)
{
	char path[4096];
	struct blob b;
	int rc = sysread_path(c, abs, path, sizeof(path));

	if (rc == 0)
		rc = file_read_quiet(path, 64u << 20, &b);
	if (rc < 0) {
		if (loud)
			kx_err("cannot read %s: %s", path, strerror(-rc));
		return rc;
	}
	*buf = (char *)b.data;	/* file_read_quiet NUL-terminates */
	if (len)
		*len = b.len;
	return 0;
}

int sysread_file(const struct kx_ctx *c, const char *abs, char **buf, size_t *len)
{
	return read_under(c, abs, buf, len, 1);
}

int sysread_try(const struct kx_ctx *c, const char *abs, char **buf, size_t *len)
{
	return read_under(c, abs, buf, len, 0);
}

int sysread_ull(const struct kx_ctx *c, const char *abs, unsigned long long *v)
{
	char *s, *end;
	int rc = sysread_try(c, abs, &s, NULL);

	if (rc < 0)
		return rc;
	errno = 0;
	*v = strtoull(s, &end, 0);
	rc = (errno || end == s) ? -EINVAL : 0;
	free(s);
	return rc;
}

int sysread_exists(const struct kx_ctx *c, const char *abs)
{
	char path[4096];

	return sysread_path(c, abs, path, sizeof(path)) == 0 && access(path, F_OK) == 0;
}
