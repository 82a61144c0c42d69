// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What kexec does with the kernel interface, on a stand-in POWER host
 * (fake_power): the order of sync / ifdown / reboot for -e, -f, -x, -y; load
 * then exec or shutdown; the system-call choice of -a, -s and -c with every
 * kind of kexec_file_load refusal injected; what kexec_file_load is handed
 * (file or sealed memfd, initrd, flags, command line); unloading whichever
 * call loaded; and that bad input reaches no system call at all.
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <zlib.h>
#include "fakesys.h"

static char sr_plain[PATH_MAX + 16], sr_crash[PATH_MAX + 16];
static const char *kernel, *kernel_gz, *initrd;
static char *dir_plain, *dir_crash;

/* What the fake saw behind the kernel fd: a path, or "memfd:..." and its seals. */
static char kfd_target[PATH_MAX];
static int kfd_seals;

static int file_load_probe(int kfd, int ifd, unsigned long len, const char *cmdline,
			   unsigned long flags)
{
	char link[64];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", kfd);
	n = readlink(link, kfd_target, sizeof(kfd_target) - 1);
	kfd_target[n > 0 ? n : 0] = 0;
	kfd_seals = fcntl(kfd, F_GET_SEALS);
	rec.file_load++;
	rec_call('F');
	rec.file_ifd = ifd;
	rec.file_flags = flags;
	rec.file_cmdline_len = len;
	snprintf(rec.file_cmdline, sizeof(rec.file_cmdline), "%s", cmdline);
	return rec.file_rc == 1 ? 0 : rec.file_rc ? rec.file_rc : -ENOSYS;
}

static int run_with_probe(const char *a, const char *b, const char *c, const char *d,
			  const char *e)
{
	struct kx_sys probe = fake_power;
	const char *args[] = { a, b, c, d, e };
	char *argv[8];
	int argc = 0, i, rc;
	struct opts o;
	struct t_capture ce;
	char *se;

	probe.kexec_file_load = file_load_probe;
	argv[argc++] = (char *)"kexec";
	for (i = 0; i < 5 && args[i]; i++)
		argv[argc++] = (char *)args[i];
	argv[argc] = NULL;
	memset(&rec, 0, sizeof(rec));
	rec.file_rc = -ENOSYS;
	t_capture_start(&ce, 2);
	rc = opts_parse(argc, argv, &o) == 0 ? kx_run(&o, &probe) : -1000;
	se = t_capture_end(&ce);
	snprintf(err_text, sizeof(err_text), "%s", se);
	free(se);
	opts_free(&o);
	return rc;
}

static void setup(void)
{
	size_t len;
	uint8_t *img;
	gzFile gz;

	dir_plain = sysroot(0);
	dir_crash = sysroot(1);
	snprintf(sr_plain, sizeof(sr_plain), "--sysroot=%s", dir_plain);
	snprintf(sr_crash, sizeof(sr_crash), "--sysroot=%s", dir_crash);
	kernel = strdup(kernel_file(dir_plain));
	img = (uint8_t *)t_slurp(kernel, &len);
	kernel_gz = strdup(t_fmt("%s/vmlinux.gz", dir_plain));
	gz = gzopen(kernel_gz, "wb");
	gzwrite(gz, img, (unsigned)len);
	gzclose(gz);
	free(img);
	initrd = strdup(t_fmt("%s/initrd.img", dir_plain));
	t_write_str(initrd, "070701 an initramfs, as far as kexec cares\n");
}

static void set_loaded(int v)
{
	t_write_str(t_fmt("%s/sys/kernel/kexec_loaded", dir_plain), v ? "1\n" : "0\n");
}

static void exec_flows(void)
{
	int rc;

	set_loaded(1);
	rc = kexec_power("-e", sr_plain, NULL);
	CHECK(rc == KX_EXIT_FAIL && !strcmp(rec.order, "SIR") &&
	      t_has(err_text, "reboot into the loaded kernel failed"),
	      "-e: sync, interfaces down, reboot, in that order (%s; %s)", rec.order, t_shown(err_text));
	kexec_power("-e", "-x", sr_plain, NULL);
	CHECK_STR(rec.order, "SR", "-e -x: no interface goes down");
	kexec_power("-y", "--exec", sr_plain, NULL);
	CHECK_STR(rec.order, "IR", "-y -e: no sync");
	kexec_power("-e", "--no-sync", "--no-ifdown", sr_plain, NULL);
	CHECK_STR(rec.order, "R", "-e -y -x: straight to the reboot");
	set_loaded(0);
	rc = kexec_power("-e", sr_plain, NULL);
	CHECK(rc == KX_EXIT_FAIL && calls() == 0 && t_has(err_text, "no kernel is loaded"),
	      "-e with nothing loaded: refused, nothing synced or rebooted (%s)", rec.order);
	rc = kexec_power("-f", sr_plain, NULL);
	CHECK(rc == KX_EXIT_FAIL && calls() == 0, "-f without a kernel is -e: refused when nothing is "
	      "loaded (%s)", rec.order);

	/* Load, then boot: the reboot comes only after a load that worked. */
	rc = kexec_power("-l", kernel, "--append=console=hvc0", "-e", sr_plain, NULL);
	CHECK_STR(rec.order, "FLSIR", "-l K -e: kexec_file_load (ENOSYS), kexec_load, then -e's steps");
	kexec_power("-e", kernel, "-l", "--append=console=hvc0", sr_plain, NULL);
	CHECK_STR(rec.order, "FLSIR", "-e K -l: the same, whatever the order");
	kexec_power("-f", kernel, "--append=console=hvc0", sr_plain, NULL);
	CHECK_STR(rec.order, "FLSIR", "-f K: load, then boot at once (sync and ifdown as kexec-tools)");
	kexec_power("-f", "-x", "-y", kernel, "--append=console=hvc0", sr_plain, NULL);
	CHECK_STR(rec.order, "FLR", "-f -x -y K: load, then reboot");
	rc = kexec_power(kernel, "--append=console=hvc0", sr_plain, NULL);
	CHECK(rc == KX_EXIT_FAIL && !strcmp(rec.order, "FLD") && t_has(err_text, "shutdown -r now"),
	      "bare kexec K: load, then ask init with shutdown -r now (%s)", rec.order);
	next.load_rc = -EBUSY;
	rc = kexec_power("-l", kernel, "--append=x", "-e", sr_plain, NULL);
	CHECK(rc == KX_EXIT_FAIL && !strcmp(rec.order, "FL") && t_has(err_text, "busy"),
	      "a failed load never reboots (%s: %s)", rec.order, t_shown(err_text));
	next.load_rc = -EBUSY;
	rc = kexec_power(kernel, "--append=x", sr_plain, NULL);
	CHECK(rc == KX_EXIT_FAIL && !strcmp(rec.order, "FL"), "a failed bare load never shuts down (%s)",
	      rec.order);
}

/* -a with kexec_file_load failing with @err: fall back or not, and what is said. */
static void auto_case(int err, const char *name, int falls_back, const char *said)
{
	int rc;

	next.file_rc = err;
	rc = kexec_power("-l", kernel, "--append=x", sr_plain, NULL);
	if (falls_back)
		CHECK(rc == 0 && !strcmp(rec.order, "FL"),
		      "-a: kexec_file_load %s falls back to kexec_load (%s)", name, rec.order);
	else
		CHECK(rc == KX_EXIT_FAIL && !strcmp(rec.order, "F") && t_has(err_text, said) &&
		      t_lines(err_text) == 1,
		      "-a: kexec_file_load %s: no fallback, one line saying \"%s\" (%s: %s)", name, said,
		      rec.order, t_shown(err_text));
}

static void syscall_choice(void)
{
	int rc;

	auto_case(-ENOSYS, "ENOSYS", 1, NULL);
	auto_case(-EINVAL, "EINVAL", 1, NULL);
	auto_case(-ENOEXEC, "ENOEXEC", 1, NULL);
	auto_case(-EOPNOTSUPP, "EOPNOTSUPP", 1, NULL);
	auto_case(-EKEYREJECTED, "EKEYREJECTED", 0, "requires a signed image");
	auto_case(-ENOKEY, "ENOKEY", 0, "requires a signed image");
	auto_case(-EBADMSG, "EBADMSG", 0, "requires a signed image");
	auto_case(-EPERM, "EPERM", 0, geteuid() ? "needs root" : "security policy");
	auto_case(-EACCES, "EACCES", 0, geteuid() ? "needs root" : "security policy");
	auto_case(-EBUSY, "EBUSY", 0, "busy");

	/*
	 * The kernel's own placer found no room (it keeps every segment below the
	 * RMA on a hash-MMU guest): -a loads from our plan and says why in one
	 * line naming the limit; -s fails with that limit named.
	 */
	t_write_str(t_fmt("%s/proc/cpuinfo", dir_plain), "processor\t: 0\ncpu\t\t: POWER8 "
		    "(architected), altivec supported\nplatform\t: pSeries\nMMU\t\t: Hash\n");
	next.file_rc = -EADDRNOTAVAIL;
	rc = kexec_power("-l", kernel, "--append=x", sr_plain, NULL);
	CHECK(rc == 0 && !strcmp(rec.order, "FL") && t_lines(err_text) == 1 &&
	      t_has(err_text, "warning: kexec_file_load: the kernel places every segment below "
		    "0x40000000 (the real-mode area of this hash-MMU system)") &&
	      t_has(err_text, "loading with kexec_load"),
	      "-a: EADDRNOTAVAIL on a POWER8 hash guest falls back, one line naming the 1 GiB "
	      "limit (%s: %s)", rec.order, t_shown(err_text));
	next.file_rc = -ENOMEM;
	rc = kexec_power("-l", kernel, "--append=x", sr_plain, NULL);
	CHECK(rc == 0 && !strcmp(rec.order, "FL") && t_lines(err_text) == 1 &&
	      t_has(err_text, "(ENOMEM)"), "-a: ENOMEM from the kernel's placer falls back too (%s: %s)",
	      rec.order, t_shown(err_text));
	next.file_rc = -EADDRNOTAVAIL;
	rc = kexec_power("-s", "-l", kernel, "--append=x", sr_plain, NULL);
	CHECK(rc == KX_EXIT_FAIL && !strcmp(rec.order, "F") && t_lines(err_text) == 1 &&
	      t_has(err_text, "below 0x40000000") && t_has(err_text, "kexec_load (-c)") &&
	      !t_has(err_text, "warning"), "-s: no fallback, one line naming the limit (%s: %s)",
	      rec.order, t_shown(err_text));
	t_write_str(t_fmt("%s/proc/cpuinfo", dir_plain), "processor\t: 0\ncpu\t\t: POWER9 "
		    "(architected), altivec supported\nplatform\t: pSeries\nMMU\t\t: Radix\n");
	next.file_rc = -EADDRNOTAVAIL;
	rc = kexec_power("-s", "-l", kernel, "--append=x", sr_plain, NULL);
	CHECK(rc == KX_EXIT_FAIL && t_lines(err_text) == 1 && t_has(err_text, "found no room") &&
	      !t_has(err_text, "real-mode"), "-s on radix: no RMA limit to name, still one line (%s)",
	      t_shown(err_text));
	unlink(t_fmt("%s/proc/cpuinfo", dir_plain));
	/* The kernel could not read its own tree (6.12 with retain_initrd and 32-bit initrd cells). */
	next.file_rc = -EOVERFLOW;
	rc = kexec_power("-l", kernel, "--append=x", sr_plain, NULL);
	CHECK(rc == 0 && !strcmp(rec.order, "FL") && t_lines(err_text) == 1 &&
	      t_has(err_text, "warning: kexec_file_load: the kernel could not read its own device tree"),
	      "-a: EOVERFLOW falls back, one line saying why (%s: %s)", rec.order, t_shown(err_text));
	next.file_rc = -EOVERFLOW;
	rc = kexec_power("-s", "-l", kernel, "--append=x", sr_plain, NULL);
	CHECK(rc == KX_EXIT_FAIL && !strcmp(rec.order, "F") && t_lines(err_text) == 1 &&
	      t_has(err_text, "kexec_load (-c) builds the tree itself"),
	      "-s: EOVERFLOW explained, no fallback (%s: %s)", rec.order, t_shown(err_text));

	/* A kernel that has kexec_file_load: it loads, kexec_load is never tried. */
	next.file_rc = 1;
	rc = kexec_power("-l", kernel, "--append=x", sr_plain, NULL);
	CHECK(rc == 0 && !strcmp(rec.order, "F"), "-a on a kernel with kexec_file_load: it alone "
	      "loads (%s)", rec.order);
	rc = kexec_power("-s", "-l", kernel, "--append=x", sr_plain, NULL);
	CHECK(rc == KX_EXIT_FAIL && !strcmp(rec.order, "F") && t_has(err_text, "ENOSYS"),
	      "-s on a kernel without kexec_file_load: no fallback, ENOSYS explained (%s)", rec.order);
	rc = kexec_power("-c", "-l", kernel, "--append=x", sr_plain, NULL);
	CHECK(rc == 0 && !strcmp(rec.order, "L"), "-c: kexec_load only (%s)", rec.order);
	rc = kexec_power("-s", "-c", "-l", kernel, "--append=x", sr_plain, NULL);
	CHECK(rc == 0 && !strcmp(rec.order, "L"), "-s -c: the last one wins (%s)", rec.order);
	rc = kexec_power("-c", "-s", "-l", kernel, "--append=x", sr_plain, NULL);
	CHECK(rc == KX_EXIT_FAIL && !strcmp(rec.order, "F"), "-c -s: the last one wins (%s)", rec.order);
	rc = kexec_power("-l", kernel, "--append=x", "--mem-max=0x30000000", sr_plain, NULL);
	CHECK(rc == 0 && !strcmp(rec.order, "L"), "-a --mem-max: kexec_load directly (%s)", rec.order);
	rc = kexec_power("-s", "-l", kernel, "--append=x", "--mem-max=0x30000000", sr_plain, NULL);
	CHECK(rc == -1000 && calls() == 0, "-s --mem-max: refused before any system call (%d)", rc);
}

/* Descriptors open now (/proc/self/fd, less the one that reads it). */
static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n - 1;
}

static void file_load_args(void)
{
	int rc, fds = open_fds();

	rc = run_with_probe("-s", "-l", kernel, "--append=console=hvc0 quiet", sr_plain);
	CHECK(rc == KX_EXIT_FAIL && rec.file_load == 1 && !strcmp(kfd_target, kernel),
	      "-s: an uncompressed vmlinux goes by its own fd (%s)", kfd_target);
	CHECK(rec.file_ifd == -1 && (rec.file_flags & KEXEC_FILE_NO_INITRAMFS) &&
	      !(rec.file_flags & KEXEC_FILE_ON_CRASH), "-s without --initrd: fd -1 and NO_INITRAMFS (0x%lx)",
	      rec.file_flags);
	CHECK(!strcmp(rec.file_cmdline, "console=hvc0 quiet root=/dev/vda2") &&
	      rec.file_cmdline_len == strlen(rec.file_cmdline) + 1,
	      "-s: the command line (old root= carried over) with its NUL counted (%lu: %s)",
	      rec.file_cmdline_len, rec.file_cmdline);
	rc = run_with_probe("-s", "-l", kernel_gz, "--append=x", sr_plain);
	CHECK(rec.file_load == 1 && !strncmp(kfd_target, "/memfd:kexec-kernel", 19) &&
	      (kfd_seals & (F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL)) ==
	      (F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL),
	      "-s with a gzip kernel: a sealed memfd holds the vmlinux (%s, seals 0x%x)", kfd_target,
	      kfd_seals);
	CHECK(rc == KX_EXIT_FAIL && open_fds() == fds,
	      "-s with a gzip kernel, refused by the kernel: its memfd is closed (%d open, %d before)",
	      open_fds(), fds);
	rc = run_with_probe("-s", "-l", kernel, t_fmt("--initrd=%s", initrd), sr_plain);
	CHECK(rec.file_load == 1 && rec.file_ifd >= 0 && !(rec.file_flags & KEXEC_FILE_NO_INITRAMFS),
	      "-s --initrd: an initrd fd, no NO_INITRAMFS (fd %d, flags 0x%lx)", rec.file_ifd,
	      rec.file_flags);
	CHECK(open_fds() == fds, "-s --initrd, refused by the kernel: kernel and initrd fds closed "
	      "(%d open, %d before)", open_fds(), fds);
	rc = run_with_probe("-s", "-p", kernel, "-d", sr_crash);
	CHECK(rec.file_load == 1 && (rec.file_flags & KEXEC_FILE_ON_CRASH) &&
	      (rec.file_flags & KEXEC_FILE_DEBUG), "-s -p -d: ON_CRASH and DEBUG (0x%lx)", rec.file_flags);
	(void)rc;
}

static void unload_flows(void)
{
	int rc;

	rc = kexec_power("-u", sr_plain, NULL);
	CHECK(rc == 0 && !strcmp(rec.order, "FL") && rec.file_flags == KEXEC_FILE_UNLOAD &&
	      rec.nr == 0 && rec.segs_null && rec.flags == 0x150000,
	      "-u: KEXEC_FILE_UNLOAD first, then kexec_load(0, 0, NULL) (%s)", rec.order);
	rc = kexec_power("-p", "-u", sr_crash, NULL);
	CHECK(rc == 0 && !strcmp(rec.order, "FL") &&
	      rec.file_flags == (KEXEC_FILE_UNLOAD | KEXEC_FILE_ON_CRASH) && rec.flags == 0x150001,
	      "-p -u: both calls aimed at the crash kernel (0x%lx, 0x%lx)", rec.file_flags, rec.flags);
	rc = kexec_power("-u", "-p", sr_crash, NULL);
	CHECK(rc == 0 && rec.flags == 0x150001, "-u -p: the same in the other order");
	next.file_rc = 1;
	rc = kexec_power("-u", sr_plain, NULL);
	CHECK(rc == 0 && !strcmp(rec.order, "F"), "-u where kexec_file_load works: it alone "
	      "unloads (%s)", rec.order);
	rc = kexec_power("-c", "-u", sr_plain, NULL);
	CHECK(rc == 0 && !strcmp(rec.order, "L"), "-c -u: kexec_load only (%s)", rec.order);
	rc = kexec_power("-s", "-u", sr_plain, NULL);
	CHECK(rc == KX_EXIT_FAIL && !strcmp(rec.order, "F"), "-s -u on a kernel without it: explained, "
	      "no kexec_load (%s)", rec.order);
	next.file_rc = -EPERM;
	rc = kexec_power("-u", sr_plain, NULL);
	CHECK(rc == KX_EXIT_FAIL && !strcmp(rec.order, "F"),
	      "-u refused by policy: kexec_load is not tried behind its back (%s)", rec.order);
}

static void bad_input_reaches_nothing(void)
{
	int rc, fds = open_fds();

	rc = kexec_power("-l", "/nonexistent/vmlinux", "--append=x", sr_plain, NULL);
	CHECK(rc == KX_EXIT_FAIL && calls() == 0, "missing kernel: no system call (%s)", rec.order);
	rc = kexec_power("-l", kernel, "--initrd=/nonexistent/initrd", sr_plain, NULL);
	CHECK(rc == KX_EXIT_FAIL && calls() == 0, "missing initrd: no system call, not even "
	      "kexec_file_load (%s)", rec.order);
	rc = kexec_power("-l", initrd, "--append=x", sr_plain, NULL);
	CHECK(rc == KX_EXIT_FAIL && calls() == 0, "not a kernel: no system call (%s)", rec.order);
	rc = kexec_power("-p", kernel, "--append=x", sr_plain, NULL);
	CHECK(rc == KX_EXIT_FAIL && calls() == 0 && t_has(err_text, "crashkernel="),
	      "-p without a crash region: no system call, boot with crashkernel= (%s)",
	      t_shown(err_text));
	/* Files the prepare step reads and refuses, before either call. */
	t_write(t_fmt("%s/empty.img", dir_plain), "", 0);
	rc = kexec_power("-l", kernel, t_fmt("--initrd=%s/empty.img", dir_plain), "--append=x", sr_plain,
			 NULL);
	CHECK(rc == KX_EXIT_FAIL && calls() == 0 && t_has(err_text, "empty.img is empty"),
	      "an empty initrd: no system call (%s)", t_shown(err_text));
	t_write(t_fmt("%s/huge.img", dir_plain), "", 0);
	if (truncate(t_fmt("%s/huge.img", dir_plain), (off_t)0x40000001) < 0)	/* fakesys.h: 1 GiB of RAM */
		perror("truncate");
	rc = kexec_power("-l", kernel, t_fmt("--initrd=%s/huge.img", dir_plain), "--append=x", sr_plain,
			 NULL);
	CHECK(rc == KX_EXIT_FAIL && calls() == 0 && t_has(err_text, "huge.img is larger than") &&
	      t_has(err_text, "it cannot be loaded"),
	      "an initrd larger than RAM: refused before reading it, no system call (%s)",
	      t_shown(err_text));
	CHECK(open_fds() == fds, "the refused loads left no descriptor open (%d open, %d before)",
	      open_fds(), fds);
	rc = kexec_power("-l", kernel, "--append=x", "-e", "--dry-run", sr_plain, NULL);
	CHECK(rc == 0 && calls() == 0, "--dry-run on a POWER host: no system call at all (%s)",
	      rec.order);
}

int main(void)
{
	CHECK_PROGRAM("flows");
	setup();
	exec_flows();
	syscall_choice();
	file_load_args();
	unload_flows();
	bad_input_reaches_nothing();
	t_rmtree(dir_plain);
	t_rmtree(dir_crash);
	free((void *)kernel);
	free((void *)kernel_gz);
	free((void *)initrd);
	return CHECK_DONE();
}
