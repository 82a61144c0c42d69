// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A device tree read from a directory, as /proc/device-tree is: structure
 * (nesting, names, files beside directories) and property contents, then
 * the memory map of the tree that was read.
 *   input: PIECE [KXF| PIECE]...; PIECE = "rel/path" NUL contents
 * (a path ending in '/' is a directory).  Names a real tree could not hold
 * ("..", control bytes) are left out: the fuzzer must not write elsewhere.
 */
#include "fuzz.h"
#include "dt.h"
#include "ppc64.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

/* Create the file or directory a piece names under @root; skip bad names. */
static void place(const char *root, const struct fz_piece *pc)
{
	const uint8_t *nul = memchr(pc->p, 0, pc->n);
	char path[4096];
	size_t len, i, start, at;

	if (!nul)
		return;
	len = (size_t)(nul - pc->p);
	at = (size_t)snprintf(path, sizeof(path), "%s", root);
	for (start = 0, i = 0; i <= len; i++) {
		if (i < len && pc->p[i] != '/')
			continue;
		if (i > start) {
			if (!fz_safe_name((const char *)pc->p + start, i - start) ||
			    at + 1 + (i - start) >= sizeof(path))
				return;
			path[at++] = '/';
			memcpy(path + at, pc->p + start, i - start);
			at += i - start;
			path[at] = 0;
		}
		start = i + 1;
	}
	if (at == strlen(root))
		return;
	if (len && pc->p[len - 1] == '/') {
		fz_mkdirs(path);
		return;
	}
	/* The parent directories, then the property file. */
	{
		char *slash = strrchr(path, '/');

		*slash = 0;
		fz_mkdirs(path);
		*slash = '/';
	}
	fz_write(path, nul + 1, pc->n - len - 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct fz_piece pc[FZ_MAX_PIECES];
	size_t np = fz_split(d, n, pc, FZ_MAX_PIECES), i;
	char root[512], err[4096];
	struct ppc64_mem m;
	void *fdt = NULL;
	int rc;

	snprintf(root, sizeof(root), "%s/dt", fz_scratch());
	fz_reset_dir(root);
	for (i = 0; i < np; i++)
		place(root, &pc[i]);
	fz_err_begin();
	rc = dt_from_dir(root, "fuzz-tree", n & 1, &fdt);
	fz_err_end(err, sizeof(err));
	fz_check_refusal(rc, err, "dt_from_dir");
	if (rc < 0)
		return 0;
	fz_err_begin();
	rc = ppc64_memmap(fdt, "fuzz-tree", NULL, &m);
	fz_err_end(err, sizeof(err));
	fz_check_refusal(rc, err, "ppc64_memmap");
	if (rc == 0)
		ppc64_mem_free(&m);
	free(fdt);
	return 0;
}
