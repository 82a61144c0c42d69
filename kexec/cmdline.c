// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cmdline.h"
#include "sysread.h"

/* Words are separated by blanks outside double quotes (the kernel's rule). */
static const char *word_end(const char *p)
{
	int q = 0;

	for (; *p; p++) {
		if (*p == '"')
			q = !q;
		else if (!q && (*p == ' ' || *p == '\t' || *p == '\n'))
			break;
	}
	return p;
}

static const char *skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	return p;
}

void cmdline_drop(char *s, const char *prefix)
{
	char *out = s;
	const char *p = skip_blanks(s);
	size_t pl = strlen(prefix);

	while (*p) {
		const char *e = word_end(p);

		if (strncmp(p, prefix, pl)) {
			if (out != s)
				*out++ = ' ';
			memmove(out, p, (size_t)(e - p));
			out += e - p;
		}
		p = skip_blanks(e);
	}
	*out = 0;
}

int cmdline_find(const char *s, const char *prefix, char *buf, size_t len)
{
	const char *p = skip_blanks(s);
	size_t pl = strlen(prefix);

	while (*p) {
		const char *e = word_end(p);

		if (!strncmp(p, prefix, pl)) {
			size_t n = (size_t)(e - p);

			if (n >= len)
				n = len - 1;
			memcpy(buf, p, n);
			buf[n] = 0;
			return 1;
		}
		p = skip_blanks(e);
	}
	return 0;
}

static int append(char **s, const char *word)
{
	size_t a = strlen(*s), b = strlen(word);
	char *n;

	if (!b)
		return 0;
	n = realloc(*s, a + b + 2);
	if (!n)
		return -ENOMEM;
	if (a)
		n[a++] = ' ';
	memcpy(n + a, word, b + 1);
	*s = n;
	return 0;
}

int cmdline_build(const struct kx_ctx *c, const struct opts *o, const char *old_bootargs,
		  size_t limit, char **out)
{
	/* root= may be as long as the old command line itself. */
	size_t rootlen = old_bootargs ? strlen(old_bootargs) + 1 : 1;
	char *s = strdup(""), *root = malloc(rootlen);
	int rc = 0;

	if (!s || !root) {
		free(s);
		free(root);
		return -ENOMEM;
	}
	if (o->reuse_cmdline) {
		char *cur;

		rc = sysread_file(c, "/proc/cmdline", &cur, NULL);
		if (rc < 0)
			goto fail;
		cmdline_drop(cur, "BOOT_IMAGE=");
		if (o->panic)
			cmdline_drop(cur, "crashkernel=");
		rc = append(&s, cur);
		free(cur);
		if (rc < 0)
			goto fail;
	}
	if (o->append && (rc = append(&s, o->append)) < 0)
		goto fail;
	if (!o->dt_no_old_root && old_bootargs && !cmdline_find(s, "root=", root, rootlen) &&
	    cmdline_find(old_bootargs, "root=", root, rootlen)) {
		kx_dbg(c, "carrying over %s from the old command line", root);
		if ((rc = append(&s, root)) < 0)
			goto fail;
	}
	if (strlen(s) >= limit) {
		kx_err("the command line is %zu bytes; the kernel accepts at most %zu "
		       "(COMMAND_LINE_SIZE %zu with the final NUL)", strlen(s), limit - 1, limit);
		rc = -E2BIG;
		goto fail;
	}
	free(root);
	*out = s;
	return 0;
fail:
	free(root);
	free(s);
	return rc;
}
