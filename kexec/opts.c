// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "formats.h"
#include "log.h"
#include "opts.h"

enum {
	OPT_APPEND = 256, OPT_INITRD, OPT_REUSE_CMDLINE, OPT_DTB, OPT_DT_NO_OLD_ROOT,
	OPT_ARGS_LINUX, OPT_MEM_MIN, OPT_MEM_MAX, OPT_DRY_RUN, OPT_SYSROOT, OPT_DUMP_DIR,
	OPT_ARCH, OPT_PAGE_SIZE, OPT_PRINT_CKR, OPT_TEST_CORRUPT, OPT_PURG_VERBOSE,
	OPT_ELF64_CORE, OPT_REUSEINITRD, OPT_HOTPLUG, OPT_TEST_EXTRA_CPUS, OPT_TEST_STALLED_HELPER,
	OPT_TEST_CORRUPT_ZERO,
};

static const struct option longopts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'v' },
	{ "force", no_argument, NULL, 'f' },
	{ "no-ifdown", no_argument, NULL, 'x' },
	{ "no-sync", no_argument, NULL, 'y' },
	{ "load", no_argument, NULL, 'l' },
	{ "load-panic", no_argument, NULL, 'p' },
	{ "exec", no_argument, NULL, 'e' },
	{ "unload", no_argument, NULL, 'u' },
	{ "status", no_argument, NULL, 'S' },
	{ "type", required_argument, NULL, 't' },
	{ "no-checks", no_argument, NULL, 'i' },
	{ "debug", no_argument, NULL, 'd' },
	{ "append", required_argument, NULL, OPT_APPEND },
	{ "command-line", required_argument, NULL, OPT_APPEND },
	{ "initrd", required_argument, NULL, OPT_INITRD },
	{ "ramdisk", required_argument, NULL, OPT_INITRD },
	{ "reuse-cmdline", no_argument, NULL, OPT_REUSE_CMDLINE },
	{ "dtb", required_argument, NULL, OPT_DTB },
	{ "devicetreeblob", required_argument, NULL, OPT_DTB },
	{ "dt-no-old-root", no_argument, NULL, OPT_DT_NO_OLD_ROOT },
	{ "args-linux", no_argument, NULL, OPT_ARGS_LINUX },
	{ "elf64-core-headers", no_argument, NULL, OPT_ELF64_CORE },
	{ "mem-min", required_argument, NULL, OPT_MEM_MIN },
	{ "mem-max", required_argument, NULL, OPT_MEM_MAX },
	{ "print-ckr-size", no_argument, NULL, OPT_PRINT_CKR },
	{ "kexec-file-syscall", no_argument, NULL, 's' },
	{ "kexec-syscall", no_argument, NULL, 'c' },
	{ "kexec-syscall-auto", no_argument, NULL, 'a' },
	{ "reuseinitrd", no_argument, NULL, OPT_REUSEINITRD },
	{ "hotplug", no_argument, NULL, OPT_HOTPLUG },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "sysroot", required_argument, NULL, OPT_SYSROOT },
	{ "dump-dir", required_argument, NULL, OPT_DUMP_DIR },
	{ "arch", required_argument, NULL, OPT_ARCH },
	{ "page-size", required_argument, NULL, OPT_PAGE_SIZE },
	{ "purgatory-verbose", no_argument, NULL, OPT_PURG_VERBOSE },
	{ "test-corrupt-segment", required_argument, NULL, OPT_TEST_CORRUPT },
	{ "test-extra-cpus", required_argument, NULL, OPT_TEST_EXTRA_CPUS },
	{ "test-stalled-helper", no_argument, NULL, OPT_TEST_STALLED_HELPER },
	{ "test-corrupt-zero-block", no_argument, NULL, OPT_TEST_CORRUPT_ZERO },
	{ NULL, 0, NULL, 0 },
};

void opts_usage(void)
{
	printf("Usage: kexec [OPTION]... [KERNEL]\n"
	       "Load a new Linux kernel for 64-bit POWER and boot it without firmware.\n\n"
	       "Actions (combine freely; their order does not matter):\n"
	       "  -l, --load              load KERNEL to be started by 'kexec -e'\n"
	       "  -p, --load-panic        load KERNEL as the crash (kdump) kernel\n"
	       "  -e, --exec              boot the loaded kernel now (with -l: load, then boot)\n"
	       "  -f, --force             load KERNEL if given and boot it at once, without\n"
	       "                          asking init to shut down\n"
	       "  -u, --unload            unload the kernel (with -p: the crash kernel)\n"
	       "  -S, --status            exit 1 if the crash kernel (with -l: the kernel to\n"
	       "                          boot with -e) is loaded, 0 if not\n"
	       "      --print-ckr-size    print the size of the crash kernel region\n"
	       "  (no action)             load KERNEL, then run 'shutdown -r now'\n\n"
	       "Loading:\n"
	       "      --append=STRING     the next kernel's command line (repeatable;\n"
	       "      --command-line=STRING  parts are joined with spaces)\n"
	       "      --reuse-cmdline     start from this kernel's command line (/proc/cmdline\n"
	       "                          without BOOT_IMAGE=)\n"
	       "      --initrd=FILE       initial ramdisk (also --ramdisk)\n"
	       "      --dtb=FILE          use FILE as the device tree instead of the running\n"
	       "                          system's (also --devicetreeblob)\n"
	       "      --dt-no-old-root    do not carry over root= from the old command line\n"
	       "  -t, --type=TYPE         image type (elf-ppc64); default: probe\n"
	       "  -i, --no-checks         do not verify segment digests before booting\n"
	       "      --reuseinitrd       give the next kernel the running kernel's initrd\n"
	       "                          (needs retain_initrd on this kernel's command line)\n"
	       "      --hotplug           with -p: let the kernel update the crash kernel's\n"
	       "                          core header and device tree on CPU/memory hotplug\n"
	       "      --mem-min=ADDR      place segments at or above ADDR\n"
	       "      --mem-max=ADDR      place segments below ADDR\n"
	       "      --args-linux, --elf64-core-headers   accepted for compatibility\n\n"
	       "System call:\n"
	       "  -a, --kexec-syscall-auto  kexec_file_load, falling back to kexec_load when the\n"
	       "                          kernel lacks it or cannot load the image (default)\n"
	       "  -s, --kexec-file-syscall  only kexec_file_load (the kernel checks signatures)\n"
	       "  -c, --kexec-syscall     only kexec_load\n\n"
	       "Booting:\n"
	       "  -x, --no-ifdown         do not bring network interfaces down\n"
	       "  -y, --no-sync           do not sync filesystems\n\n"
	       "Planning and diagnosis:\n"
	       "      --dry-run           do everything but the system call; needs no root\n"
	       "      --sysroot=DIR       read /proc and /sys under DIR (a captured system)\n"
	       "      --dump-dir=DIR      write DIR/plan.json and every segment (with --dry-run)\n"
	       "      --arch=ARCH         plan for ppc64le or ppc64 (big-endian); default: the\n"
	       "                          running system, or ppc64le on other hosts\n"
	       "      --page-size=BYTES   page size of the running kernel (default: this\n"
	       "                          system's; 65536 when planning from another host)\n"
	       "      --purgatory-verbose the purgatory reports each step on the console\n"
	       "  -d, --debug             explain each decision on stderr\n"
	       "  -h, --help              show this help;  -v, --version  show the version\n\n"
	       "Image types: ");
	loader_list(stdout);
	printf("\nSee kexec(8).\n");
}

static int __attribute__((format(printf, 1, 2))) usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("kexec: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'kexec --help'.\n", stderr);
	return -EINVAL;
}

/*
 * Name the option getopt stopped at: a long option as written (without any
 * "=value"), a short one by optopt, since it may sit inside a bundle (-Zl).
 */
static int bad_option(int missing_arg, const char *arg)
{
	if (!strncmp(arg, "--", 2)) {
		size_t n = strcspn(arg, "=");

		if (missing_arg)
			return usage_error("option '%.*s' needs an argument", (int)n, arg);
		if (arg[n] == '=')
			return usage_error("option '%.*s' takes no argument", (int)n, arg);
		return usage_error("unknown option '%s'", arg);
	}
	if (missing_arg)
		return usage_error("option '-%c' needs an argument", optopt);
	return usage_error("unknown option '-%c'", optopt);
}

static int parse_u64(const char *s, uint64_t *v)
{
	char *end;
	unsigned long long x;

	if (!*s || *s == '-')
		return -EINVAL;
	errno = 0;
	x = strtoull(s, &end, 0);
	if (errno || *end)
		return -EINVAL;
	*v = x;
	return 0;
}

static int add_append(struct opts *o, const char *s)
{
	size_t old = o->append ? strlen(o->append) : 0;
	char *n = realloc(o->append, old + strlen(s) + 2);

	if (!n)
		return -ENOMEM;
	if (old)
		n[old++] = ' ';
	strcpy(n + old, s);
	o->append = n;
	return 0;
}

int opts_parse(int argc, char **argv, struct opts *o)
{
	int l = 0, e = 0, f = 0, u = 0, s = 0, ckr = 0, c;
	uint64_t v;

	memset(o, 0, sizeof(*o));
	o->sysroot = "";
	opterr = 0;
	optind = 0;	/* glibc: 0 also forgets a half-read bundle such as -hl */
	while ((c = getopt_long(argc, argv, ":hvfxylpeuSt:idsca", longopts, NULL)) != -1) {
		switch (c) {
		case 'h': o->action = ACT_HELP; return 0;
		case 'v': o->action = ACT_VERSION; return 0;
		case 'f': f = 1; break;
		case 'x': o->no_ifdown = 1; break;
		case 'y': o->no_sync = 1; break;
		case 'l': l = 1; break;
		case 'p': o->panic = 1; break;
		case 'e': e = 1; break;
		case 'u': u = 1; break;
		case 'S': s = 1; break;
		case 't': o->type = optarg; break;
		case 'i': o->no_checks = 1; break;
		case 'd': o->debug = 1; break;
		/* Like kexec-tools, the last of -s/-c/-a wins. */
		case 's': o->syscall = SYSCALL_FILE; break;
		case 'c': o->syscall = SYSCALL_LOAD; break;
		case 'a': o->syscall = SYSCALL_AUTO; break;
		case OPT_REUSEINITRD: o->reuse_initrd = 1; break;
		case OPT_HOTPLUG: o->hotplug = 1; break;
		case OPT_APPEND:
			if (add_append(o, optarg) < 0)
				return -ENOMEM;
			break;
		case OPT_INITRD: o->initrd = optarg; break;
		case OPT_REUSE_CMDLINE: o->reuse_cmdline = 1; break;
		case OPT_DTB: o->dtb = optarg; break;
		case OPT_DT_NO_OLD_ROOT: o->dt_no_old_root = 1; break;
		case OPT_ARGS_LINUX: break;	/* kexec-tools: no effect on ELF loaders */
		case OPT_ELF64_CORE: break;	/* ELF64 is the only core format on ppc64 */
		case OPT_MEM_MIN:
			if (parse_u64(optarg, &o->mem_min) < 0)
				return usage_error("--mem-min: '%s' is not an address", optarg);
			break;
		case OPT_MEM_MAX:
			if (parse_u64(optarg, &o->mem_max) < 0 || o->mem_max == 0)
				return usage_error("--mem-max: '%s' is not an address", optarg);
			break;
		case OPT_PRINT_CKR: ckr = 1; break;
		case OPT_DRY_RUN: o->dry_run = 1; break;
		case OPT_SYSROOT: o->sysroot = optarg; break;
		case OPT_DUMP_DIR: o->dump_dir = optarg; break;
		case OPT_ARCH:
			if (strcmp(optarg, "ppc64le") && strcmp(optarg, "ppc64"))
				return usage_error("--arch: '%s' is not ppc64le or ppc64", optarg);
			o->arch = optarg;
			break;
		case OPT_PAGE_SIZE:
			if (parse_u64(optarg, &v) < 0 || v < 4096 || v > (1u << 24) || (v & (v - 1)))
				return usage_error("--page-size: '%s' is not a power of two from 4096 to 16M",
						   optarg);
			o->page_size = v;
			break;
		case OPT_PURG_VERBOSE: o->verbose_purgatory = 1; break;
		case OPT_TEST_CORRUPT:
			if (parse_u64(optarg, &v) < 0 || v > 15)
				return usage_error("--test-corrupt-segment: '%s' is not 0..15", optarg);
			o->test_corrupt = (int)v + 1;
			break;
		case OPT_TEST_EXTRA_CPUS:
			if (parse_u64(optarg, &v) < 0 || v < 1 || v > 16)
				return usage_error("--test-extra-cpus: '%s' is not 1..16", optarg);
			o->test_extra_cpus = (unsigned)v;
			break;
		case OPT_TEST_STALLED_HELPER: o->test_stalled_helper = 1; break;
		case OPT_TEST_CORRUPT_ZERO: o->test_corrupt_zero = 1; break;
		case ':':
		default:
			return bad_option(c == ':', argv[optind - 1]);
		}
	}
	if (optind < argc)
		o->kernel = argv[optind++];
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	if (o->sysroot[0] && !strcmp(o->sysroot, "/"))
		o->sysroot = "";

	/* Resolve the action from the set of flags, never from their order. */
	if (s) {
		/*
		 * kexec-tools: "-S: return 1 if the type (by default crash) is
		 * loaded"; only -l asks about the normal kernel.
		 */
		o->action = ACT_STATUS;
		o->panic = o->panic || !l;
		return 0;
	}
	if (ckr) {
		o->action = ACT_PRINT_CKR;
		return 0;
	}
	if (u) {
		if (l || e || f)
			return usage_error("%s", "-u cannot be combined with -l, -e or -f");
		o->action = ACT_UNLOAD;
		return 0;
	}
	if (l && o->panic)
		return usage_error("%s", "-l and -p load different kernels: choose one");
	if (o->panic && (e || f))
		return usage_error("%s", "-p loads a crash kernel, which only a crash starts: "
					 "it cannot be combined with -e or -f");
	if (l || o->panic)
		o->action = (e || f) ? ACT_LOAD_EXEC : ACT_LOAD;
	else if (f)
		o->action = o->kernel ? ACT_LOAD_EXEC : ACT_EXEC;
	else if (e)
		o->action = ACT_EXEC;
	else
		o->action = ACT_LOAD_REBOOT;

	if (o->action == ACT_EXEC && o->kernel)
		return usage_error("-e boots the kernel already loaded: '%s' would be ignored "
				   "(use -l KERNEL -e to load and boot)", o->kernel);
	if ((o->action == ACT_LOAD || o->action == ACT_LOAD_EXEC || o->action == ACT_LOAD_REBOOT) &&
	    !o->kernel) {
		if (o->action == ACT_LOAD_REBOOT && argc <= 1)
			return usage_error("%s", "no kernel given");
		return usage_error("%s", "no kernel image given to load");
	}
	if (o->reuse_initrd && o->initrd)
		return usage_error("%s", "--reuseinitrd keeps the running kernel's initrd: it cannot "
					 "be combined with --initrd");
	if (o->hotplug && !o->panic)
		return usage_error("%s", "--hotplug applies to a crash kernel: use it with -p");
	if (o->syscall == SYSCALL_FILE && opts_needs_kexec_load(o))
		return usage_error("%s only works with kexec_load, but -s asks for kexec_file_load "
				   "(drop -s, or use -c)", opts_needs_kexec_load(o));
	if (o->dump_dir && !o->dry_run)
		return usage_error("%s", "--dump-dir goes with --dry-run");
	if (o->mem_max && o->mem_min >= o->mem_max)
		return usage_error("%s", "--mem-min must be below --mem-max");
	return 0;
}

const char *opts_needs_kexec_load(const struct opts *o)
{
	/* kexec_file_load builds its own device tree and placement in the kernel. */
	if (o->dtb)
		return "--dtb";
	if (o->reuse_initrd)
		return "--reuseinitrd";
	if (o->mem_min)
		return "--mem-min";
	if (o->mem_max)
		return "--mem-max";
	if (o->test_corrupt)
		return "--test-corrupt-segment";
	if (o->test_extra_cpus)
		return "--test-extra-cpus";
	if (o->test_stalled_helper)
		return "--test-stalled-helper";
	if (o->test_corrupt_zero)
		return "--test-corrupt-zero-block";
	if (o->verbose_purgatory)
		return "--purgatory-verbose";
	return NULL;
}

void opts_free(struct opts *o)
{
	free(o->append);
	o->append = NULL;
}
