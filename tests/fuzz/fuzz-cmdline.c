// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Command-line assembly: option parsing of --append/--command-line, then
 * the next kernel's command line from /proc/cmdline (--reuse-cmdline, which
 * drops BOOT_IMAGE= and, for -p, crashkernel=), the appended words, and the
 * root= of the running tree's bootargs; quotes respected.  The result must
 * fit the kernel's COMMAND_LINE_SIZE or be refused in one line.
 *   input: FLAGS PROC_CMDLINE [KXF| BOOTARGS [KXF| APPEND]...]
 */
#include "fuzz.h"
#include "cmdline.h"
#include "opts.h"
#include "ppc64.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct fz_piece pc[FZ_MAX_PIECES];
	size_t np, i;
	char root[512], path[1024], err[4096];
	struct kx_ctx c = { root, 0 };
	char *argv[FZ_MAX_PIECES + 8], *own[FZ_MAX_PIECES + 8], *bootargs = NULL, *out = NULL;
	int argc = 0, nown = 0, rc;
	struct opts o;
	uint8_t flags;

	if (n < 1)
		return 0;
	flags = d[0];
	np = fz_split(d + 1, n - 1, pc, FZ_MAX_PIECES);
	snprintf(root, sizeof(root), "%s/cmdline", fz_scratch());
	fz_reset_dir(root);
	snprintf(path, sizeof(path), "%s/proc", root);
	fz_mkdirs(path);
	snprintf(path, sizeof(path), "%s/proc/cmdline", root);
	fz_write(path, pc[0].p, pc[0].n);
	if (np > 1)
		bootargs = fz_str(&pc[1]);

	argv[argc++] = (char *)"kexec";
	argv[argc++] = (char *)(flags & 1 ? "-p" : "-l");
	if (flags & 2)
		argv[argc++] = (char *)"--reuse-cmdline";
	if (flags & 4)
		argv[argc++] = (char *)"--dt-no-old-root";
	for (i = 2; i < np; i++) {
		char *s = fz_str(&pc[i]), *a = malloc(pc[i].n + 32);

		if (!a)
			abort();
		sprintf(a, "%s%s", (flags >> (i & 7)) & 8 ? "--command-line=" : "--append=", s);
		free(s);
		own[nown++] = a;
		argv[argc++] = a;
	}
	argv[argc++] = (char *)"vmlinux";
	argv[argc] = NULL;

	fz_err_begin();
	rc = opts_parse(argc, argv, &o);
	if (rc == 0)
		rc = cmdline_build(&c, &o, bootargs, PPC64_COMMAND_LINE_SIZE, &out);
	fz_err_end(err, sizeof(err));
	fz_check_refusal(rc, err, "cmdline");
	if (rc == 0 && strlen(out) >= PPC64_COMMAND_LINE_SIZE) {
		fprintf(stderr, "FINDING: a command line of %zu bytes was accepted\n", strlen(out));
		abort();
	}
	if (rc == 0) {
		char word[256];

		cmdline_find(out, "root=", word, sizeof(word));
		cmdline_drop(out, "root=");
		if (cmdline_find(out, "root=", word, sizeof(word))) {
			fprintf(stderr, "FINDING: root= left after dropping it: %s\n", out);
			abort();
		}
	}
	free(out);
	opts_free(&o);
	for (i = 0; i < (size_t)nown; i++)
		free(own[i]);
	free(bootargs);
	return 0;
}
