// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * opts.c: every option and alias, action resolution independent of order,
 * and usage errors (-EINVAL plus a message and "Try 'kexec --help'.").
 * opts_parse runs many times in this one process, as it says it may.
 */
#include <errno.h>
#include <stdarg.h>
#include "check.h"
#include "opts.h"
#include "tutil.h"

/*
 * argv strings live in a static pool that is never freed, so that nothing
 * getopt remembers between calls can point into freed memory.
 */
static char pool[2048][160];
static int pool_n;

static char *keep(const char *s)
{
	char *p = pool[pool_n++ % 2048];

	snprintf(p, sizeof(pool[0]), "%s", s);
	return p;
}

static char last_err[4096];	/* as printed */
static char shown_err[4096];	/* the same on one line, for check names */
static char last_args[512];

/* parse(&o, "arg", ..., NULL): argv[0] is "kexec"; stderr captured into last_err. */
static int parse(struct opts *o, ...)
{
	char *argv[40];
	int argc = 0, rc;
	struct t_capture cap;
	const char *a;
	va_list ap;
	char *err;

	argv[argc++] = keep("kexec");
	last_args[0] = 0;
	va_start(ap, o);
	while ((a = va_arg(ap, const char *)) != NULL && argc < 39) {
		argv[argc++] = keep(a);
		snprintf(last_args + strlen(last_args), sizeof(last_args) - strlen(last_args), "%s%s",
			 argc > 2 ? " " : "", a);
	}
	va_end(ap);
	argv[argc] = NULL;
	t_capture_start(&cap, 2);
	rc = opts_parse(argc, argv, o);
	err = t_capture_end(&cap);
	snprintf(last_err, sizeof(last_err), "%s", err);
	free(err);
	t_chomp(last_err);
	{
		char *p;

		snprintf(shown_err, sizeof(shown_err), "%s", last_err);
		for (p = shown_err; *p; p++)
			if (*p == '\n')
				*p = '|';
	}
	return rc;
}

static const char *act(enum kx_action a)
{
	static const char *const n[] = { "LOAD_REBOOT", "LOAD", "LOAD_EXEC", "EXEC", "UNLOAD",
					 "STATUS", "PRINT_CKR", "HELP", "VERSION" };

	return (unsigned)a < sizeof(n) / sizeof(n[0]) ? n[a] : "?";
}

#define ACTION(want_act, want_panic, want_kernel, ...)                                        \
	do {                                                                                   \
		struct opts o_;                                                                \
		int rc_ = parse(&o_, __VA_ARGS__, NULL);                                       \
		CHECK(rc_ == 0 && o_.action == (want_act) && o_.panic == (want_panic) &&      \
		      ((want_kernel) ? o_.kernel && !strcmp(o_.kernel, (want_kernel) ? (want_kernel) : "") \
				     : o_.kernel == NULL),                                     \
		      "kexec %s -> %s%s%s%s (got rc %d, %s, panic %d, kernel %s) %s", last_args,  \
		      act(want_act), (want_panic) ? " panic" : "", (want_kernel) ? " " : "",    \
		      (want_kernel) ? (want_kernel) : "", rc_, act(o_.action), o_.panic,         \
		      o_.kernel ? o_.kernel : "-", shown_err);                                 \
		opts_free(&o_);                                                                \
	} while (0)

/* A usage error whose message contains @want. */
#define USAGE(want, ...)                                                                      \
	do {                                                                                   \
		struct opts o_;                                                                \
		int rc_ = parse(&o_, __VA_ARGS__, NULL);                                       \
		CHECK(rc_ == -EINVAL, "kexec %s is a usage error (rc %d)", last_args, rc_);    \
		CHECK(t_has(last_err, want) && t_has(last_err, "\nTry 'kexec --help'.") &&      \
		      !strncmp(last_err, "kexec: ", 7),                                        \
		      "kexec %s says \"%s\" (got \"%s\")", last_args, want, shown_err);         \
		opts_free(&o_);                                                                \
	} while (0)

static void actions(void)
{
	ACTION(ACT_LOAD, 0, "K", "-l", "K");
	ACTION(ACT_LOAD, 0, "K", "--load", "K");
	ACTION(ACT_LOAD, 0, "K", "K", "-l");
	ACTION(ACT_LOAD_EXEC, 0, "K", "-l", "K", "-e");
	ACTION(ACT_LOAD_EXEC, 0, "K", "-e", "-l", "K");
	ACTION(ACT_LOAD_EXEC, 0, "K", "K", "-e", "-l");
	ACTION(ACT_LOAD_EXEC, 0, "K", "-le", "K");
	ACTION(ACT_LOAD_EXEC, 0, "K", "--exec", "--load", "K");
	ACTION(ACT_LOAD_REBOOT, 0, "K", "K");
	ACTION(ACT_LOAD_REBOOT, 0, "/boot/vmlinux", "-x", "/boot/vmlinux", "-y");
	ACTION(ACT_EXEC, 0, NULL, "-e");
	ACTION(ACT_EXEC, 0, NULL, "--exec");
	ACTION(ACT_EXEC, 0, NULL, "-f");
	ACTION(ACT_EXEC, 0, NULL, "-e", "-f");
	ACTION(ACT_EXEC, 0, NULL, "-f", "-e");
	ACTION(ACT_EXEC, 0, NULL, "--force");
	ACTION(ACT_LOAD_EXEC, 0, "K", "-f", "K");
	ACTION(ACT_LOAD_EXEC, 0, "K", "K", "--force");
	ACTION(ACT_LOAD_EXEC, 0, "K", "-l", "-f", "K");
	ACTION(ACT_LOAD, 1, "K", "-p", "K");
	ACTION(ACT_LOAD, 1, "K", "--load-panic", "K");
	ACTION(ACT_LOAD, 1, "K", "K", "-p");
	ACTION(ACT_UNLOAD, 0, NULL, "-u");
	ACTION(ACT_UNLOAD, 0, NULL, "--unload");
	ACTION(ACT_UNLOAD, 1, NULL, "-u", "-p");
	ACTION(ACT_UNLOAD, 1, NULL, "-p", "-u");
	ACTION(ACT_UNLOAD, 1, NULL, "-pu");
	ACTION(ACT_UNLOAD, 1, NULL, "--load-panic", "--unload");
	/* kexec-tools: -S asks about the crash kernel unless -l says otherwise. */
	ACTION(ACT_STATUS, 1, NULL, "-S");
	ACTION(ACT_STATUS, 1, NULL, "--status");
	ACTION(ACT_STATUS, 1, NULL, "-S", "-p");
	ACTION(ACT_STATUS, 1, NULL, "-p", "-S");
	ACTION(ACT_STATUS, 1, NULL, "-s", "-S");
	ACTION(ACT_STATUS, 0, NULL, "-l", "-S");
	ACTION(ACT_STATUS, 0, NULL, "-S", "--load");
	ACTION(ACT_STATUS, 1, NULL, "-S", "-l", "-p");
	ACTION(ACT_PRINT_CKR, 0, NULL, "--print-ckr-size");
	ACTION(ACT_HELP, 0, NULL, "-h");
	ACTION(ACT_HELP, 0, NULL, "--help");
	ACTION(ACT_HELP, 0, NULL, "-l", "--help");
	ACTION(ACT_VERSION, 0, NULL, "-v");
	ACTION(ACT_VERSION, 0, NULL, "--version");
}

/* The same flags in three orders give the same struct. */
static void order(void)
{
	struct opts a, b, c;
	int ra, rb, rc;

	ra = parse(&a, "-l", "K", "-e", "--initrd=I", "--append=x", "-d", "--dry-run", NULL);
	rb = parse(&b, "-e", "--dry-run", "--append", "x", "-l", "-d", "K", "--ramdisk", "I", NULL);
	rc = parse(&c, "K", "-d", "-e", "--ramdisk=I", "-l", "--command-line=x", "--dry-run", NULL);
	CHECK(ra == 0 && rb == 0 && rc == 0, "three orders parse");
	CHECK(a.action == ACT_LOAD_EXEC && b.action == a.action && c.action == a.action,
	      "... to the same action");
	CHECK(!strcmp(a.kernel, "K") && !strcmp(b.kernel, "K") && !strcmp(c.kernel, "K"),
	      "... the same kernel");
	CHECK(!strcmp(a.initrd, "I") && !strcmp(b.initrd, "I") && !strcmp(c.initrd, "I"),
	      "... the same initrd");
	CHECK(!strcmp(a.append, "x") && !strcmp(b.append, "x") && !strcmp(c.append, "x"),
	      "... the same append");
	CHECK(a.debug && b.debug && c.debug && a.dry_run && b.dry_run && c.dry_run,
	      "... the same flags");
	opts_free(&a);
	opts_free(&b);
	opts_free(&c);
}

static void options(void)
{
	struct opts o;
	int rc;

	rc = parse(&o, "-l", "K", NULL);
	CHECK(rc == 0 && !strcmp(o.sysroot, "") && o.mem_min == 0 && o.mem_max == 0 && !o.initrd &&
	      !o.append && !o.dtb && !o.type && !o.arch && !o.page_size && !o.dump_dir &&
	      !o.no_ifdown && !o.no_sync && !o.no_checks && !o.debug && !o.dry_run &&
	      !o.reuse_cmdline && !o.dt_no_old_root && !o.test_corrupt && !o.verbose_purgatory,
	      "defaults: everything off, sysroot \"\"");
	opts_free(&o);

	rc = parse(&o, "-l", "-x", "-y", "-i", "-d", "-t", "elf-ppc64", "K", NULL);
	CHECK(rc == 0 && o.no_ifdown && o.no_sync && o.no_checks && o.debug &&
	      !strcmp(o.type, "elf-ppc64"), "-x -y -i -d -t");
	opts_free(&o);
	rc = parse(&o, "-lxyid", "--type=elf-ppc64", "K", NULL);
	CHECK(rc == 0 && o.action == ACT_LOAD && o.no_ifdown && o.no_sync && o.no_checks && o.debug &&
	      !strcmp(o.type, "elf-ppc64"), "clustered -lxyid, --type=");
	opts_free(&o);
	rc = parse(&o, "-l", "--no-ifdown", "--no-sync", "--no-checks", "--debug", "--type",
		   "elf-ppc64", "K", NULL);
	CHECK(rc == 0 && o.no_ifdown && o.no_sync && o.no_checks && o.debug && o.type,
	      "long forms of -x -y -i -d -t");
	opts_free(&o);

	rc = parse(&o, "-l", "K", "--append=a b", "--command-line", "c", "--append=", "--append=d",
		   NULL);
	CHECK(rc == 0 && o.append && !strcmp(o.append, "a b c  d"),
	      "--append and --command-line accumulate, space separated (\"%s\")",
	      o.append ? o.append : "(null)");
	opts_free(&o);
	CHECK(o.append == NULL, "opts_free clears append");

	rc = parse(&o, "-l", "K", "--initrd=/i1", NULL);
	CHECK(rc == 0 && !strcmp(o.initrd, "/i1"), "--initrd");
	opts_free(&o);
	rc = parse(&o, "-l", "K", "--ramdisk", "/i2", NULL);
	CHECK(rc == 0 && !strcmp(o.initrd, "/i2"), "--ramdisk");
	opts_free(&o);
	rc = parse(&o, "-l", "K", "--initrd=/i1", "--ramdisk=/i2", NULL);
	CHECK(rc == 0 && !strcmp(o.initrd, "/i2"), "the last initrd wins");
	opts_free(&o);
	rc = parse(&o, "-l", "K", "--dtb=/d1", NULL);
	CHECK(rc == 0 && !strcmp(o.dtb, "/d1"), "--dtb");
	opts_free(&o);
	rc = parse(&o, "-l", "K", "--devicetreeblob", "/d2", NULL);
	CHECK(rc == 0 && !strcmp(o.dtb, "/d2"), "--devicetreeblob");
	opts_free(&o);
	rc = parse(&o, "-l", "K", "--reuse-cmdline", "--dt-no-old-root", NULL);
	CHECK(rc == 0 && o.reuse_cmdline && o.dt_no_old_root, "--reuse-cmdline --dt-no-old-root");
	opts_free(&o);
	rc = parse(&o, "-l", "K", "--args-linux", "--elf64-core-headers", NULL);
	CHECK(rc == 0 && o.action == ACT_LOAD, "--args-linux and --elf64-core-headers are accepted");
	opts_free(&o);
	rc = parse(&o, "-l", "K", "--mem-min=0x1000000", "--mem-max", "268435456", NULL);
	CHECK(rc == 0 && o.mem_min == 0x1000000 && o.mem_max == 0x10000000,
	      "--mem-min hex, --mem-max decimal");
	opts_free(&o);
	rc = parse(&o, "-l", "K", "--mem-min=010", NULL);
	CHECK(rc == 0 && o.mem_min == 8, "--mem-min=010 is octal, as strtoull base 0");
	opts_free(&o);
	rc = parse(&o, "-l", "K", "--mem-max=0xffffffffffffffff", NULL);
	CHECK(rc == 0 && o.mem_max == UINT64_MAX, "--mem-max at 2^64-1");
	opts_free(&o);
	rc = parse(&o, "-l", "K", "--dry-run", "--sysroot=/captured", "--dump-dir=/out", NULL);
	CHECK(rc == 0 && o.dry_run && !strcmp(o.sysroot, "/captured") && !strcmp(o.dump_dir, "/out"),
	      "--dry-run --sysroot --dump-dir");
	opts_free(&o);
	rc = parse(&o, "-l", "K", "--sysroot", "/", NULL);
	CHECK(rc == 0 && !strcmp(o.sysroot, ""), "--sysroot=/ means the real system (\"\")");
	opts_free(&o);
	rc = parse(&o, "-l", "K", "--arch=ppc64", NULL);
	CHECK(rc == 0 && !strcmp(o.arch, "ppc64"), "--arch=ppc64");
	opts_free(&o);
	rc = parse(&o, "-l", "K", "--arch", "ppc64le", NULL);
	CHECK(rc == 0 && !strcmp(o.arch, "ppc64le"), "--arch ppc64le");
	opts_free(&o);
	rc = parse(&o, "-l", "K", "--page-size=4096", NULL);
	CHECK(rc == 0 && o.page_size == 4096, "--page-size=4096");
	opts_free(&o);
	rc = parse(&o, "-l", "K", "--page-size=0x10000", NULL);
	CHECK(rc == 0 && o.page_size == 65536, "--page-size=0x10000");
	opts_free(&o);
	rc = parse(&o, "-l", "K", "--page-size=16777216", NULL);
	CHECK(rc == 0 && o.page_size == 16u << 20, "--page-size=16M (the largest)");
	opts_free(&o);
	rc = parse(&o, "-l", "K", "--purgatory-verbose", NULL);
	CHECK(rc == 0 && o.verbose_purgatory, "--purgatory-verbose");
	opts_free(&o);
	rc = parse(&o, "-l", "K", "--test-corrupt-segment=0", NULL);
	CHECK(rc == 0 && o.test_corrupt == 1, "--test-corrupt-segment=0 is stored as 1");
	opts_free(&o);
	rc = parse(&o, "-l", "K", "--test-corrupt-segment", "15", NULL);
	CHECK(rc == 0 && o.test_corrupt == 16, "--test-corrupt-segment=15 is stored as 16");
	opts_free(&o);
	rc = parse(&o, "-l", "K", "--test-corrupt-zero-block", NULL);
	CHECK(rc == 0 && o.test_corrupt_zero && !strcmp(opts_needs_kexec_load(&o), "--test-corrupt-zero-block"),
	      "--test-corrupt-zero-block: set, and only kexec_load honours it");
	opts_free(&o);
	/* Which system call: the last of -s / -c / -a wins; -a is the default. */
	rc = parse(&o, "-l", "K", NULL);
	CHECK(rc == 0 && o.syscall == SYSCALL_AUTO, "the default system call choice is -a");
	opts_free(&o);
	rc = parse(&o, "-l", "K", "-s", NULL);
	CHECK(rc == 0 && o.syscall == SYSCALL_FILE, "-s: kexec_file_load");
	opts_free(&o);
	rc = parse(&o, "-l", "K", "--kexec-syscall", NULL);
	CHECK(rc == 0 && o.syscall == SYSCALL_LOAD, "--kexec-syscall: kexec_load");
	opts_free(&o);
	rc = parse(&o, "-l", "K", "-s", "-c", NULL);
	CHECK(rc == 0 && o.syscall == SYSCALL_LOAD, "-s -c: the last wins");
	opts_free(&o);
	rc = parse(&o, "-l", "K", "--kexec-file-syscall", "--kexec-syscall-auto", NULL);
	CHECK(rc == 0 && o.syscall == SYSCALL_AUTO, "--kexec-file-syscall --kexec-syscall-auto: auto");
	opts_free(&o);
	rc = parse(&o, "-l", "K", "-c", "--dtb=x", "--mem-min=0x1000", NULL);
	CHECK(rc == 0 && !strcmp(opts_needs_kexec_load(&o), "--dtb"), "opts_needs_kexec_load names --dtb");
	opts_free(&o);
	rc = parse(&o, "-l", "K", NULL);
	CHECK(rc == 0 && opts_needs_kexec_load(&o) == NULL, "... and nothing for a plain load");
	opts_free(&o);
	rc = parse(&o, "-l", "K", "--reuseinitrd", NULL);
	CHECK(rc == 0 && o.reuse_initrd, "--reuseinitrd");
	opts_free(&o);
	rc = parse(&o, "-p", "K", "--hotplug", NULL);
	CHECK(rc == 0 && o.hotplug && o.panic, "-p --hotplug");
	opts_free(&o);
	/* Options after "--" are arguments. */
	rc = parse(&o, "-l", "--", "-K", NULL);
	CHECK(rc == 0 && o.kernel && !strcmp(o.kernel, "-K"), "-- ends options: kernel \"-K\"");
	opts_free(&o);
}

static void usage_errors(void)
{
	USAGE("unknown option '--bogus'", "--bogus", "-l", "K");
	USAGE("unknown option '-Z'", "-Z");
	USAGE("-Z", "-Zl", "K");	/* the message names the bad option, not argv[0] */
	USAGE("'--append' needs an argument", "-l", "K", "--append");
	USAGE("'-t' needs an argument", "-l", "K", "-t");
	/* Long options are named as typed, not by their short equivalent. */
	USAGE("'--type' needs an argument", "-l", "K", "--type");
	USAGE("--load", "--load=K");
	USAGE("--exec", "-l", "K", "--exec=now");
	USAGE("'--initrd' needs an argument", "-l", "K", "--initrd");
	USAGE("-l and -p load different kernels", "-l", "-p", "K");
	USAGE("-l and -p load different kernels", "-p", "K", "-l");
	USAGE("-u cannot be combined with -l, -e or -f", "-u", "-l", "K");
	USAGE("-u cannot be combined", "-l", "-u");
	USAGE("-u cannot be combined", "-u", "-e");
	USAGE("-u cannot be combined", "-f", "-u");
	USAGE("-p loads a crash kernel", "-p", "K", "-e");
	USAGE("-p loads a crash kernel", "-p", "K", "-f");
	USAGE("-e boots the kernel already loaded: 'K' would be ignored", "-e", "K");
	USAGE("-e boots the kernel already loaded", "K", "--exec");
	USAGE("unexpected argument 'K2'", "-l", "K1", "K2");
	USAGE("unexpected argument 'K2'", "K1", "K2");
	USAGE("no kernel image given to load", "-l");
	USAGE("no kernel image given to load", "-p");
	USAGE("no kernel image given to load", "-d");
	USAGE("--mem-min must be below --mem-max", "-l", "K", "--mem-min=0x2000", "--mem-max=0x2000");
	USAGE("--mem-min must be below --mem-max", "-l", "K", "--mem-max=0x2000", "--mem-min=0x3000");
	USAGE("--mem-max: '0' is not an address", "-l", "K", "--mem-max=0");
	USAGE("--mem-min: '-1' is not an address", "-l", "K", "--mem-min=-1");
	USAGE("--mem-min: '12abc' is not an address", "-l", "K", "--mem-min=12abc");
	USAGE("--mem-min: '' is not an address", "-l", "K", "--mem-min=");
	USAGE("--mem-max: '0x1ffffffffffffffff' is not an address", "-l", "K",
	      "--mem-max=0x1ffffffffffffffff");
	USAGE("--dump-dir goes with --dry-run", "-l", "K", "--dump-dir=/tmp/x");
	USAGE("--arch: 'x86_64' is not ppc64le or ppc64", "-l", "K", "--arch=x86_64");
	USAGE("--arch: 'PPC64' is not", "-l", "K", "--arch=PPC64");
	USAGE("--page-size: '1000' is not a power of two", "-l", "K", "--page-size=1000");
	USAGE("--page-size: '2048' is not", "-l", "K", "--page-size=2048");
	USAGE("--page-size: '0x3000' is not", "-l", "K", "--page-size=0x3000");
	USAGE("--page-size: '33554432' is not", "-l", "K", "--page-size=33554432");
	USAGE("--page-size: '64k' is not", "-l", "K", "--page-size=64k");
	USAGE("--test-corrupt-segment: '16' is not 0..15", "-l", "K", "--test-corrupt-segment=16");
	USAGE("--test-corrupt-segment: 'x' is not", "-l", "K", "--test-corrupt-segment=x");
	USAGE("--dtb only works with kexec_load", "-l", "K", "-s", "--dtb=x");
	USAGE("--mem-max only works with kexec_load", "-s", "-l", "K", "--mem-max=0x10000000");
	USAGE("--reuseinitrd keeps the running kernel's initrd", "-l", "K", "--reuseinitrd", "--initrd=I");
	USAGE("--hotplug applies to a crash kernel", "-l", "K", "--hotplug");
	{
		struct opts o;
		int rc = parse(&o, NULL);

		CHECK_EQ_U64(rc, -EINVAL, "bare kexec is a usage error");
		CHECK(t_has(last_err, "no kernel given") && t_has(last_err, "Try 'kexec --help'."),
		      "... \"no kernel given\" (%s)", shown_err);
		opts_free(&o);
	}
}

/*
 * opts_parse may be called again after a parse that stopped in the middle
 * of a cluster of short options ("-hl" returns at -h): the next parse must
 * not see the rest of the old cluster.
 */
static void reparse(void)
{
	struct opts o;
	int rc;

	rc = parse(&o, "-hl", NULL);
	CHECK(rc == 0 && o.action == ACT_HELP, "-hl: help");
	opts_free(&o);
	rc = parse(&o, "-e", NULL);
	CHECK(rc == 0 && o.action == ACT_EXEC,
	      "after -hl, a new parse of -e is a plain exec (rc %d, action %s: %s)", rc,
	      act(o.action), shown_err);
	opts_free(&o);

	rc = parse(&o, "-Zu", NULL);
	CHECK_EQ_U64(rc, -EINVAL, "-Zu: usage error");
	opts_free(&o);
	rc = parse(&o, "-l", "K", NULL);
	CHECK(rc == 0 && o.action == ACT_LOAD && !strcmp(o.kernel, "K"),
	      "after -Zu, a new parse of -l K loads K (rc %d, action %s: %s)", rc, act(o.action),
	      shown_err);
	opts_free(&o);

	rc = parse(&o, "-vp", NULL);
	opts_free(&o);
	rc = parse(&o, "-u", NULL);
	CHECK(rc == 0 && o.action == ACT_UNLOAD && o.panic == 0,
	      "after -vp, -u unloads the normal kernel (panic %d)", o.panic);
	opts_free(&o);
}

int main(void)
{
	CHECK_PROGRAM("opts");
	actions();
	order();
	options();
	usage_errors();
	reparse();
	return CHECK_DONE();
}
