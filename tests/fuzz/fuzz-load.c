// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The whole of `kexec -l` / `kexec -p` against a fuzzed running system: a
 * device tree (written out as /proc/device-tree), /proc/cmdline, CPU lists,
 * /proc/iomem and the crash-note files, with option sets picked by two flag
 * bytes.  The kernel interface is the unit tests' recording fake (a POWER
 * host whose calls succeed), so every plan that kexec would hand over is
 * checked here the way the kernel checks it, independently of kexec:
 *   - a refusal prints a "kexec: " line and reaches no system call;
 *   - what reaches kexec_load passes the kernel's sanity_check_segment_list
 *     (at most 16 segments, page-aligned, buffers no larger than memory,
 *     no wrap-around, no two segments overlapping).
 *   input: FLAGS2 DTB [KXF| CMDLINE [KXF| POSSIBLE [KXF| IOMEM [KXF| APPEND
 *          [KXF| CPU0_NOTES]]]]]
 */
#include "fuzz.h"
#include "actions.h"
#include "dt.h"
#include "opts.h"
#include "syscall.h"
#include <libfdt.h>
/* The recording fake kernel interface and the synthetic vmlinux. */
#include "fakesys.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A dry run prints its plan on stdout: not wanted thousands of times. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int fd = open("/dev/null", O_WRONLY);

	(void)argc, (void)argv;
	if (fd < 0 || dup2(fd, 1) < 0)
		abort();
	close(fd);
	return 0;
}

/* Write @fdt's node @node under @dir; names a real tree cannot hold are left out. */
static void tree_out(const void *fdt, int node, const char *dir, int depth)
{
	char path[4096];
	int prop, sub;

	if (depth > 80 || fz_mkdirs(dir) < 0)
		return;
	fdt_for_each_property_offset(prop, fdt, node) {
		const char *name;
		int len;
		const void *v = fdt_getprop_by_offset(fdt, prop, &name, &len);

		if (!v || len < 0 || !name || !fz_safe_name(name, strlen(name)))
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) < sizeof(path))
			fz_write(path, v, (size_t)len);
	}
	fdt_for_each_subnode(sub, fdt, node) {
		const char *name = fdt_get_name(fdt, sub, NULL);

		if (!name || !fz_safe_name(name, strlen(name)))
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) < sizeof(path))
			tree_out(fdt, sub, path, depth + 1);
	}
}

static void put(const char *root, const char *rel, const void *d, size_t n)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	*strrchr(path, '/') = 0;
	fz_mkdirs(path);
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	fz_write(path, d, n);
}

static void put_piece(const char *root, const char *rel, const struct fz_piece *pc, size_t np,
		      size_t i, const char *dflt)
{
	if (i < np)
		put(root, rel, pc[i].p, pc[i].n);
	else
		put(root, rel, dflt, strlen(dflt));
}

/* The kernel's own checks of a segment list (kernel/kexec_core.c). */
static void check_segments(void)
{
	unsigned long i, j;

	if (rec.nr > 16) {
		fprintf(stderr, "FINDING: %lu segments reached kexec_load\n", rec.nr);
		abort();
	}
	for (i = 0; i < rec.nr; i++) {
		uint64_t m = (uint64_t)(uintptr_t)rec.segs[i].mem, ms = rec.segs[i].memsz;

		if ((m & 0xfff) || (ms & 0xfff) || rec.segs[i].bufsz > ms || m + ms < m) {
			fprintf(stderr, "FINDING: segment %lu [0x%llx +0x%llx, buf 0x%zx] fails the kernel's checks\n",
				i, (unsigned long long)m, (unsigned long long)ms, rec.segs[i].bufsz);
			abort();
		}
		for (j = 0; j < i; j++) {
			uint64_t pm = (uint64_t)(uintptr_t)rec.segs[j].mem, pms = rec.segs[j].memsz;

			if (m < pm + pms && pm < m + ms) {
				fprintf(stderr, "FINDING: segments %lu and %lu overlap\n", j, i);
				abort();
			}
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	static char kdir[512], kle[600], kbe[600], rd[600];
	struct fz_piece pc[FZ_MAX_PIECES];
	char root[512], dtbpath[600], err[8192], sysroot_arg[600], *append = NULL;
	char *argv[32];
	void *tree;
	int argc = 0, rc;
	size_t np;
	uint8_t f1, f2;
	struct opts o;

	if (!kdir[0]) {
		/* Once: a little- and a big-endian relocatable vmlinux, and an initrd. */
		struct eb_kseg s[1] = { { 0, 0xc000000000000000ULL, 0x20000, 0x30000, 0x10000, 0 } };
		size_t len;
		uint8_t *img;

		snprintf(kdir, sizeof(kdir), "%s/k", fz_scratch());
		fz_mkdirs(kdir);
		snprintf(kle, sizeof(kle), "%s/vmlinux-le", kdir);
		snprintf(kbe, sizeof(kbe), "%s/vmlinux-be", kdir);
		snprintf(rd, sizeof(rd), "%s/initrd", kdir);
		img = eb_vmlinux(0, KX_EM_PPC64, 0xc000000000000000ULL, s, 1, 1, &len);
		fz_write(kle, img, len);
		free(img);
		img = eb_vmlinux(1, KX_EM_PPC64, 0xc000000000000000ULL, s, 1, 1, &len);
		fz_write(kbe, img, len);
		free(img);
		fz_write(rd, "070701initrd", 12);
	}
	if (n < 2)
		return 0;
	f1 = d[0];
	f2 = d[1];
	np = fz_split(d + 2, n - 2, pc, FZ_MAX_PIECES);
	/*
	 * Only a tree libfdt accepts becomes a directory (kexec reads
	 * directories); libfdt wants it 8-byte aligned, the input is not.
	 */
	if (pc[0].n < sizeof(struct fdt_header))
		return 0;
	tree = malloc(pc[0].n);
	if (!tree)
		abort();
	memcpy(tree, pc[0].p, pc[0].n);
	/* kexec's own checks of a --dtb (libfdt 1.6.1's alone may crash or never end). */
	fz_err_begin();
	rc = dt_check_blob(tree, pc[0].n, "fuzz.dtb");
	fz_err_end(err, sizeof(err));
	if (rc < 0) {
		free(tree);
		return 0;
	}

	snprintf(root, sizeof(root), "%s/root", fz_scratch());
	fz_reset_dir(root);
	{
		char dt[600];

		snprintf(dt, sizeof(dt), "%s/proc/device-tree", root);
		tree_out(tree, 0, dt, 0);
	}
	put_piece(root, "proc/cmdline", pc, np, 1, "BOOT_IMAGE=/boot/vmlinux root=/dev/vda2 quiet\n");
	put_piece(root, "sys/devices/system/cpu/possible", pc, np, 2, "0-3\n");
	put_piece(root, "sys/devices/system/cpu/present", pc, np, 2, "0-3\n");
	put_piece(root, "proc/iomem", pc, np, 3, "00000000-3fffffff : System RAM\n");
	put_piece(root, "sys/devices/system/cpu/cpu0/crash_notes", pc, np, 5, "3ff00000\n");
	put(root, "sys/devices/system/cpu/cpu0/crash_notes_size", "400\n", 4);
	put(root, "sys/kernel/kexec_loaded", "0\n", 2);
	put(root, "sys/kernel/kexec_crash_loaded", "0\n", 2);
	put(root, "sys/kernel/kexec_crash_size", "134217728\n", 11);
	put(root, "sys/kernel/vmcoreinfo", "3fe00000 1000\n", 14);
	if (np > 4)
		append = fz_str(&pc[4]);

	snprintf(sysroot_arg, sizeof(sysroot_arg), "--sysroot=%s", root);
	argv[argc++] = (char *)"kexec";
	argv[argc++] = (char *)(f1 & 1 ? "-p" : "-l");
	argv[argc++] = sysroot_arg;
	if (f1 & 2)
		argv[argc++] = (char *)"-s";
	if (f1 & 4)
		argv[argc++] = (char *)"--reuse-cmdline";
	if (f1 & 8) {
		static char ird[700];

		snprintf(ird, sizeof(ird), "--initrd=%s", rd);
		argv[argc++] = ird;
	}
	if (f1 & 16)
		argv[argc++] = (char *)"-i";
	if (f1 & 32)
		argv[argc++] = (char *)"--hotplug";
	if (f1 & 64)
		argv[argc++] = (char *)"--reuseinitrd";
	if (f1 & 128)
		argv[argc++] = (char *)"--dt-no-old-root";
	if (f2 & 1)
		argv[argc++] = (char *)"--dry-run";
	if (f2 & 4) {
		/* The fuzzed tree is also a user's --dtb. */
		static char a[700];

		snprintf(dtbpath, sizeof(dtbpath), "%s/user.dtb", root);
		fz_write(dtbpath, pc[0].p, pc[0].n);
		snprintf(a, sizeof(a), "--dtb=%s", dtbpath);
		argv[argc++] = a;
	}
	if (f2 & 8)
		argv[argc++] = (char *)"--page-size=65536";
	if (append) {
		static char *a;

		free(a);
		a = malloc(strlen(append) + 16);
		if (!a)
			abort();
		sprintf(a, "--append=%s", append);
		argv[argc++] = a;
	}
	argv[argc++] = f2 & 2 ? kbe : kle;
	argv[argc] = NULL;

	memset(&rec, 0, sizeof(rec));
	rec.file_rc = 1;	/* kexec_file_load succeeds too */
	fz_err_begin();
	rc = opts_parse(argc, argv, &o);
	if (rc == 0)
		rc = kx_run(&o, &fake_power);
	opts_free(&o);
	fz_err_end(err, sizeof(err));
	fz_check_refusal(rc, err, "kexec");
	if (rc != 0 && (rec.load || rec.file_load)) {
		fprintf(stderr, "FINDING: kexec failed (%d) after a load reached the kernel\n%s\n", rc, err);
		abort();
	}
	if (rec.load)
		check_segments();
	free(append);
	free(tree);
	return 0;
}
