// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * actions.c and syscall.c through kx_run() with a fake struct kx_sys that
 * records every call, over temporary sysroots: -S, --print-ckr-size, -u, -e,
 * --dry-run loads (-l and -p) end to end, the refusal to touch the kernel
 * from a non-POWER build, kx_load_plan's hand-off, and kx_explain's
 * sentences for each errno.
 */
#include "fakesys.h"

/* ---- -S, --print-ckr-size, --help, --version ---------------------------------------- */

static void status(void)
{
	char *d = sysroot(0), *sr = strdup(t_fmt("--sysroot=%s", d));
	int rc;

	/* -l -S: the kernel -e would boot (/sys/kernel/kexec_loaded). */
	rc = kexec("-l", "-S", sr, NULL);
	CHECK(rc == 0 && calls() == 0, "-l -S with kexec_loaded 0: exit 0, no system call (%d)", rc);
	t_write_str(t_fmt("%s/sys/kernel/kexec_loaded", d), "1\n");
	rc = kexec("-S", "-l", sr, NULL);
	CHECK(rc == 1 && calls() == 0, "-S -l with kexec_loaded 1: exit 1 (%d)", rc);
	/* -S alone, -p -S, -s -S: the crash kernel, as kexec-tools ("by default crash"). */
	rc = kexec("-S", sr, NULL);
	CHECK(rc == 0, "-S reads kexec_crash_loaded (0), not kexec_loaded (1): exit 0 (%d)", rc);
	rc = kexec("-S", "-p", sr, NULL);
	CHECK(rc == 0, "-S -p reads kexec_crash_loaded (0): exit 0 (%d)", rc);
	t_write_str(t_fmt("%s/sys/kernel/kexec_crash_loaded", d), "1\n");
	rc = kexec("-p", "--status", sr, NULL);
	CHECK(rc == 1, "-p --status with kexec_crash_loaded 1: exit 1 (%d)", rc);
	t_write_str(t_fmt("%s/sys/kernel/kexec_loaded", d), "0\n");
	rc = kexec("-S", sr, NULL);
	CHECK(rc == 1, "-S with only a crash kernel loaded: exit 1 (%d)", rc);
	rc = kexec("-s", "-S", sr, NULL);
	CHECK(rc == 1, "-s -S: still the crash kernel (%d)", rc);
	rc = kexec("-l", "-S", sr, NULL);
	CHECK(rc == 0, "-l -S with only a crash kernel loaded: exit 0 (%d)", rc);
	unlink(t_fmt("%s/sys/kernel/kexec_loaded", d));
	rc = kexec("-l", "-S", sr, NULL);
	CHECK(rc == KX_EXIT_USAGE && t_has(err_text, t_fmt("cannot read %s/sys/kernel/kexec_loaded", d)),
	      "-l -S without kexec_loaded: exit 2 naming the file (%d: %s)", rc, t_shown(err_text));
	t_write_str(t_fmt("%s/sys/kernel/kexec_loaded", d), "garbage\n");
	rc = kexec("-l", "-S", sr, NULL);
	CHECK(rc == KX_EXIT_USAGE, "-l -S with a malformed kexec_loaded: exit 2 (%d)", rc);

	rc = kexec("--print-ckr-size", sr, NULL);
	CHECK(rc == 0 && !strcmp(out_text, "0\n"), "--print-ckr-size prints kexec_crash_size (%s)",
	      t_shown(out_text));
	t_write_str(t_fmt("%s/sys/kernel/kexec_crash_size", d), "268435456\n");
	rc = kexec("--print-ckr-size", sr, NULL);
	CHECK(rc == 0 && !strcmp(out_text, "268435456\n"), "--print-ckr-size: 256 MiB (%s)", t_shown(out_text));
	unlink(t_fmt("%s/sys/kernel/kexec_crash_size", d));
	rc = kexec("--print-ckr-size", sr, NULL);
	CHECK(rc == KX_EXIT_FAIL && t_has(err_text, t_fmt("%s/sys/kernel/kexec_crash_size", d)),
	      "--print-ckr-size without the file: exit 1 naming the file under the sysroot (%s)",
	      t_shown(err_text));

	rc = kexec("--help", NULL);
	CHECK(rc == 0 && t_has(out_text, "Usage: kexec [OPTION]... [KERNEL]") && t_has(out_text, "elf-ppc64"),
	      "--help prints the usage with the image types");
	rc = kexec("--version", NULL);
	CHECK(rc == 0 && !strncmp(out_text, "kexec (kexec-ppc64) ", 20), "--version (%s)", t_shown(out_text));
	CHECK(calls() == 0, "none of these made a system call");
	free(sr);
	t_rmtree(d);
}

/* ---- -u, -e ------------------------------------------------------------------------------ */

static void unload_exec(void)
{
	char *d = sysroot(0), *sr = strdup(t_fmt("--sysroot=%s", d));
	struct kx_ctx c = { d, 0 };
	struct t_capture ce;
	char *err;
	int rc;

	rc = kexec("-u", "--dry-run", sr, NULL);
	CHECK(rc == 0 && calls() == 0 && !strcmp(out_text, "dry run: would unload the loaded kernel\n"),
	      "-u --dry-run: says what it would do, calls nothing (%s)", t_shown(out_text));
	rc = kexec("-p", "-u", "--dry-run", sr, NULL);
	CHECK(rc == 0 && calls() == 0 && t_has(out_text, "would unload the crash kernel"),
	      "-p -u --dry-run: the crash kernel");

	rc = kexec("-u", sr, NULL);
	if (NATIVE) {
		CHECK(rc == 0 && rec.load == 1 && rec.entry == 0 && rec.nr == 0 && rec.segs_null &&
		      rec.flags == 0x150000, "-u: kexec_load(0, 0, NULL, 0x150000)");
	} else {
		CHECK(rc == KX_EXIT_FAIL && calls() == 0 && t_has(err_text, "needs a POWER system"),
		      "-u on a non-POWER build: refused, no system call (%s)", t_shown(err_text));
	}
	rc = kexec("-u", "-p", sr, NULL);
	if (NATIVE)
		CHECK(rc == 0 && rec.load == 1 && rec.flags == 0x150001, "-u -p: flags KEXEC_ON_CRASH");
	else
		CHECK(rc == KX_EXIT_FAIL && calls() == 0, "-u -p on a non-POWER build: refused");

	/* kx_unload itself, as -u uses it on POWER. */
	memset(&rec, 0, sizeof(rec));
	rc = kx_unload(&c, &fake, KEXEC_ARCH_PPC64);
	CHECK(rc == 0 && rec.load == 1 && rec.entry == 0 && rec.nr == 0 && rec.segs_null &&
	      rec.flags == 0x150000, "kx_unload: kexec_load(0, 0, NULL, 0x150000)");
	memset(&rec, 0, sizeof(rec));
	rc = kx_unload(&c, &fake, KEXEC_ARCH_PPC64 | KEXEC_ON_CRASH);
	CHECK(rc == 0 && rec.flags == 0x150001, "kx_unload for -p: flags 0x150001");
	memset(&rec, 0, sizeof(rec));
	rec.load_rc = -EBUSY;
	t_capture_start(&ce, 2);
	rc = kx_unload(&c, &fake, KEXEC_ARCH_PPC64);
	err = t_chomp(t_capture_end(&ce));
	CHECK(rc == -EBUSY && t_has(err, "kexec_load (unload): the kernel is busy"),
	      "kx_unload failing: -EBUSY explained (%s)", err);
	free(err);

	rc = kexec("-e", "--dry-run", sr, NULL);
	CHECK(rc == 0 && calls() == 0 &&
	      !strcmp(out_text, "dry run: would sync filesystems, bring network interfaces down, reboot "
				"into the loaded kernel now\n"),
	      "-e --dry-run: says what it would do, calls nothing (%s)", t_shown(out_text));
	rc = kexec("-e", "-x", "-y", "--dry-run", sr, NULL);
	CHECK(rc == 0 && calls() == 0 && !strcmp(out_text, "dry run: would reboot into the loaded kernel now\n"),
	      "-e -x -y --dry-run: no sync, no ifdown (%s)", t_shown(out_text));

	/* Nothing loaded (kexec_loaded 0): never reboot. */
	rc = kexec("-e", sr, NULL);
	CHECK(rc == KX_EXIT_FAIL && rec.reboot == 0 && rec.sync == 0 && rec.ifdown == 0,
	      "-e with nothing loaded: refused, reboot never called (%s)", t_shown(err_text));
	CHECK(t_has(err_text, NATIVE ? "no kernel is loaded" : "needs a POWER system"),
	      "... saying why (%s)", t_shown(err_text));
	rc = kexec("-f", sr, NULL);
	CHECK(rc == KX_EXIT_FAIL && rec.reboot == 0, "-f with nothing loaded: refused too");
	t_write_str(t_fmt("%s/sys/kernel/kexec_loaded", d), "1\n");
	rc = kexec("-e", sr, NULL);
	if (NATIVE)
		CHECK(rc == KX_EXIT_FAIL && rec.sync == 1 && rec.ifdown == 1 && rec.reboot == 1 &&
		      t_has(err_text, "reboot into the loaded kernel failed"),
		      "-e with a kernel loaded: sync, ifdown, reboot (which the fake fails)");
	else
		CHECK(rc == KX_EXIT_FAIL && calls() == 0, "-e on a non-POWER build: refused even when loaded");
	free(sr);
	t_rmtree(d);
}

/* ---- loads ---------------------------------------------------------------------------------- */

static void loads(void)
{
	char *d = sysroot(1);
	const char *sr, *k, *dump;
	char *json;
	int rc;

	k = strdup(kernel_file(d));
	sr = strdup(t_fmt("--sysroot=%s", d));
	dump = strdup(t_fmt("--dump-dir=%s/dump", d));

	rc = kexec("-l", k, sr, "--append=console=hvc0", NULL);
	if (NATIVE)
		CHECK(rc == 0 && rec.load == 1 && rec.nr == 3 && rec.flags == 0x150000,
		      "-l on POWER: one kexec_load with 3 segments (%s)", t_shown(err_text));
	else
		CHECK(rc == KX_EXIT_FAIL && calls() == 0 && t_has(err_text, "needs a POWER system"),
		      "-l without --dry-run on this host: refused, no system call (%s)", t_shown(err_text));

	rc = kexec("-l", k, sr, "--dry-run", "--append=console=hvc0", NULL);
	CHECK(rc == 0 && calls() == 0, "-l --dry-run: succeeds, no system call (%d: %s)", rc,
	      t_shown(err_text));
	CHECK(t_has(out_text, "kexec plan: ppc64le, kexec_load, flags 0x150000, page size 65536\n"),
	      "-l --dry-run: prints the plan header");
	CHECK(t_has(out_text, t_fmt("command line (%zu bytes): console=hvc0 root=/dev/vda2\n",
				    strlen("console=hvc0 root=/dev/vda2"))),
	      "-l --dry-run: command line with the old root= carried over (%s)", t_shown(out_text));
	CHECK(t_has(out_text, "segment 0: kernel     0x0000000001d30000-") &&
	      t_has(out_text, "purgatory") && t_has(out_text, "dtb"), "-l --dry-run: the segments");

	rc = kexec(k, sr, "--dry-run", "--reuse-cmdline", NULL);
	CHECK(rc == 0 && calls() == 0 && t_has(out_text, "dry run: would now run 'shutdown -r now'\n") &&
	      t_has(out_text, "root=/dev/vda2 quiet\n"),
	      "kexec K --dry-run --reuse-cmdline: plans, then says it would shut down (%s)",
	      t_shown(err_text));
	rc = kexec("-l", k, "-e", sr, "--dry-run", NULL);
	CHECK(rc == 0 && calls() == 0 && t_has(out_text, "would sync filesystems") &&
	      t_has(err_text, "warning: no --append"),
	      "-l K -e --dry-run: plans, would reboot, warns about the empty command line");
	rc = kexec("-l", k, sr, "--dry-run", dump, "--append=x", NULL);
	json = t_slurp(t_fmt("%s/dump/plan.json", d), NULL);
	CHECK(rc == 0 && calls() == 0 && json && t_has(json, "\"cmdline\": \"x root=/dev/vda2\""),
	      "--dump-dir: plan.json written");
	free(json);
	rc = kexec("-l", k, sr, "--dry-run", "--arch=ppc64", "--append=x", NULL);
	CHECK(rc == 0 && t_has(out_text, "kexec plan: ppc64, kexec_load") &&
	      t_has(out_text, "note: the next kernel is little-endian, the running one big-endian"),
	      "--arch=ppc64 --dry-run: a big-endian plan for a little-endian kernel, with a note");

	/* kdump */
	rc = kexec("-p", k, sr, "--dry-run", "--append=maxcpus=1", NULL);
	CHECK(rc == 0 && calls() == 0, "-p --dry-run: succeeds, no system call (%s)", t_shown(err_text));
	CHECK(t_has(out_text, "flags 0x150001") && t_has(out_text, "elfcorehdr=") &&
	      t_has(out_text, "backup") && t_has(out_text, "elfcorehdr "),
	      "-p --dry-run: crash flag, elfcorehdr= and the kdump segments (%s)", t_shown(out_text));

	/* failures before any system call */
	rc = kexec("-l", t_fmt("%s/missing", d), sr, "--dry-run", NULL);
	CHECK(rc == KX_EXIT_FAIL && calls() == 0 && t_has(err_text, "missing"),
	      "-l of a missing kernel: exit 1 naming it");
	t_write_str(t_fmt("%s/notakernel", d), "just text, not an image\n");
	rc = kexec("-l", t_fmt("%s/notakernel", d), sr, "--dry-run", NULL);
	CHECK(rc == KX_EXIT_FAIL && t_has(err_text, "not a kernel image this kexec can load"),
	      "-l of a text file: exit 1 (%s)", t_shown(err_text));
	rc = kexec("-l", k, "-t", "bogus", sr, "--dry-run", NULL);
	CHECK(rc == KX_EXIT_FAIL && t_has(err_text, "-t bogus: unknown image type"),
	      "-t bogus: exit 1 (%s)", t_shown(err_text));
	rc = kexec("-l", k, "--sysroot=/nonexistent-sysroot", "--dry-run", NULL);
	CHECK(rc == KX_EXIT_FAIL && t_has(err_text, "/nonexistent-sysroot/proc/device-tree"),
	      "a sysroot without a device tree: exit 1 naming it (%s)", t_shown(err_text));
	rc = kexec("-l", k, sr, "--dry-run", t_fmt("--dtb=%s/missing.dtb", d), NULL);
	CHECK(rc == KX_EXIT_FAIL && t_has(err_text, "missing.dtb"), "--dtb missing: exit 1 naming it");
	free((char *)k);
	free((char *)sr);
	free((char *)dump);
	t_rmtree(d);

	/* -p without a crash region */
	d = sysroot(0);
	k = strdup(kernel_file(d));
	rc = kexec("-p", k, t_fmt("--sysroot=%s", d), "--dry-run", NULL);
	CHECK(rc == KX_EXIT_FAIL && calls() == 0 && t_has(err_text, "crashkernel="),
	      "-p without a crash region: exit 1 telling how to reserve one (%s)", t_shown(err_text));
	free((char *)k);
	t_rmtree(d);
}

/* ---- kx_load_plan and kx_explain ---------------------------------------------------------------- */

static void plan3(struct plan *p)
{
	memset(p, 0, sizeof(*p));
	p->arch = "ppc64le";
	p->page_size = 0x10000;
	p->flags = 0x150000;
	p->entry = 0xfe00000;
	plan_add(p, ROLE_PURGATORY, calloc(1, 0x100), 0x100, 0x1000000, 0x10000, NULL);
	plan_add(p, ROLE_KERNEL, calloc(1, 0x2000), 0x2000, 0x1d30000, 0x30000, NULL);
	plan_add(p, ROLE_DTB, calloc(1, 0x300), 0x300, 0xfe00000, 0x10000, NULL);
	plan_finalize(p);
}

static char *explain(const struct kx_ctx *c, int err, const struct plan *p, uint64_t kend)
{
	struct t_capture ce;

	t_capture_start(&ce, 2);
	kx_explain(c, "kexec_load", err, p, kend);
	return t_chomp(t_capture_end(&ce));
}

static void hand_off(void)
{
	char *d = t_mkdtemp("explain"), *e;
	struct kx_ctx c = { d, 0 };
	struct t_capture ce;
	struct plan p;
	size_t i;
	int rc, ok = 1;

	plan3(&p);
	memset(&rec, 0, sizeof(rec));
	rc = kx_load_plan(&c, &fake, &p, 0x1d2c000);
	CHECK(rc == 0 && rec.load == 1 && rec.entry == 0xfe00000 && rec.nr == 3 && rec.flags == 0x150000,
	      "kx_load_plan: entry, count and flags passed");
	for (i = 0; i < 3; i++)
		ok &= rec.segs[i].buf == p.seg[i].buf && rec.segs[i].bufsz == p.seg[i].bufsz &&
		      (uintptr_t)rec.segs[i].mem == p.seg[i].mem && rec.segs[i].memsz == p.seg[i].memsz;
	CHECK(ok, "kx_load_plan: every segment's buf, bufsz, mem, memsz as planned, in order");
	rec.load_rc = -ETXTBSY;
	t_capture_start(&ce, 2);
	rc = kx_load_plan(&c, &fake, &p, 0x1d2c000);
	e = t_chomp(t_capture_end(&ce));
	CHECK(rc == -ETXTBSY && t_has(e, "kexec_load: the kernel refused segment 0 (purgatory, "
				       "0x1000000-0x1010000): it overlaps the running kernel (0x0-0x1d2c000)"),
	      "kx_load_plan -ETXTBSY: names the overlapping segment (%s)", e);
	free(e);

	/* EPERM: root or not, kexec_load_disabled, lockdown */
	if (geteuid() != 0) {
		e = explain(&c, EPERM, &p, 0);
		CHECK(t_has(e, "needs root (CAP_SYS_BOOT)"), "EPERM as a user: needs root (%s)", e);
		free(e);
	} else {
		e = explain(&c, EPERM, &p, 0);
		CHECK(t_has(e, "kexec_load: not permitted (CAP_SYS_BOOT missing, or a security module refused)"),
		      "EPERM as root, nothing known: the generic sentence (%s)", e);
		free(e);
		t_write_str(t_fmt("%s/proc/sys/kernel/kexec_load_disabled", d), "1\n");
		e = explain(&c, EPERM, &p, 0);
		CHECK(t_has(e, "/proc/sys/kernel/kexec_load_disabled is 1, which lasts until the next boot"),
		      "EPERM with kexec_load_disabled=1 (%s)", e);
		free(e);
		t_write_str(t_fmt("%s/proc/sys/kernel/kexec_load_disabled", d), "0\n");
		t_write_str(t_fmt("%s/sys/kernel/security/lockdown", d), "none [integrity] confidentiality\n");
		e = explain(&c, EPERM, &p, 0);
		CHECK(t_has(e, "the kernel is locked down (integrity)") && t_has(e, "kexec_file_load"),
		      "EPERM under lockdown [integrity] (%s)", e);
		free(e);
		t_write_str(t_fmt("%s/sys/kernel/security/lockdown", d), "none integrity [confidentiality]\n");
		e = explain(&c, EPERM, &p, 0);
		CHECK(t_has(e, "locked down (confidentiality)"), "EPERM under lockdown [confidentiality]");
		free(e);
		t_write_str(t_fmt("%s/sys/kernel/security/lockdown", d), "[none] integrity confidentiality\n");
		e = explain(&c, EPERM, &p, 0);
		CHECK(t_has(e, "CAP_SYS_BOOT missing, or a security module refused"),
		      "EPERM with lockdown [none]: the generic sentence (%s)", e);
		free(e);
	}
	e = explain(&c, EBUSY, &p, 0);
	CHECK_STR(e, "kexec: kexec_load: the kernel is busy with another kexec load or boot; try again", "EBUSY");
	free(e);
	e = explain(&c, ETXTBSY, &p, 0x1000);
	CHECK(t_has(e, "overlaps memory it is using") && t_has(e, "ETXTBSY"),
	      "ETXTBSY with no segment below kernel-end: the general sentence (%s)", e);
	free(e);
	e = explain(&c, ETXTBSY, &p, 0x1d30001);
	CHECK(t_has(e, "refused segment 0 (purgatory, 0x1000000-0x1010000)"),
	      "ETXTBSY: the lowest segment under kernel-end is named (%s)", e);
	free(e);
	e = explain(&c, EINVAL, &p, 0);
	CHECK(t_has(e, "(EINVAL)") && t_has(e, "planned for 65536 bytes"), "EINVAL names the page size (%s)", e);
	free(e);
	e = explain(&c, EINVAL, NULL, 0);
	CHECK(t_has(e, "(EINVAL)") && !t_has(e, "planned for"), "EINVAL without a plan (%s)", e);
	free(e);
	e = explain(&c, ENOMEM, &p, 0);
	CHECK(t_has(e, "could not allocate memory") && t_has(e, "ENOMEM"), "ENOMEM (%s)", e);
	free(e);
	e = explain(&c, EADDRNOTAVAIL, &p, 0);
	CHECK(t_has(e, "EADDRNOTAVAIL") && !t_has(e, "crash kernel region"), "EADDRNOTAVAIL for -l (%s)", e);
	free(e);
	p.flags |= KEXEC_ON_CRASH;
	e = explain(&c, EADDRNOTAVAIL, &p, 0);
	CHECK(t_has(e, "(the crash kernel region)"), "EADDRNOTAVAIL for -p names the crash region (%s)", e);
	free(e);
	e = explain(&c, ENOSYS, &p, 0);
	CHECK(t_has(e, "does not implement it (ENOSYS)") && t_has(e, "CONFIG_KEXEC"), "ENOSYS (%s)", e);
	free(e);
	e = explain(&c, EIO, &p, 0);
	CHECK_STR(e, "kexec: kexec_load failed: Input/output error", "any other errno: strerror");
	free(e);
	plan_free(&p);
	t_rmtree(d);
}

int main(void)
{
	CHECK_PROGRAM("actions");
	status();
	unload_exec();
	loads();
	hand_off();
	return CHECK_DONE();
}
