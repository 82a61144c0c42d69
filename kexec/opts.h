/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The command line, parsed once into a struct (nothing re-parses argv).
 * Flags are collected first and resolved into one action afterwards, so the
 * same flags mean the same thing in any order.
 */
#ifndef KX_OPTS_H
#define KX_OPTS_H

#include <stdint.h>

enum kx_action {
	ACT_LOAD_REBOOT,	/* bare "kexec KERNEL": load, then shutdown -r now */
	ACT_LOAD,		/* -l / -p */
	ACT_LOAD_EXEC,		/* -f with a kernel, or -l ... -e: load, then reboot now */
	ACT_EXEC,		/* -e (or -f alone): reboot into what is loaded */
	ACT_UNLOAD,		/* -u (with -p: the crash kernel) */
	ACT_STATUS,		/* -S (with -p: the crash kernel) */
	ACT_PRINT_CKR,		/* --print-ckr-size */
	ACT_HELP,
	ACT_VERSION,
};

/* Which system call loads (and unloads): -a (default), -s, -c. */
enum kx_syscall { SYSCALL_AUTO, SYSCALL_FILE, SYSCALL_LOAD };

struct opts {
	enum kx_action action;
	enum kx_syscall syscall;
	int panic;		/* -p: the crash kernel */
	int no_ifdown, no_sync, no_checks, debug, dry_run;
	int reuse_cmdline, dt_no_old_root;
	const char *kernel;	/* path */
	const char *initrd;
	char *append;		/* every --append/--command-line, space separated; owned */
	const char *dtb;
	const char *type;	/* -t */
	uint64_t mem_min, mem_max;	/* mem_max 0: no limit */
	const char *sysroot;	/* "" = the real system */
	const char *dump_dir;
	const char *arch;	/* --arch: NULL = the build's default */
	uint64_t page_size;	/* --page-size: 0 = the running kernel's */
	int test_corrupt;	/* --test-corrupt-segment=N (+1), 0 = off */
	unsigned test_extra_cpus;/* --test-extra-cpus=N: the purgatory waits for N that never come */
	int test_stalled_helper;/* --test-stalled-helper: a digest-check helper stops (purgatory) */
	int test_corrupt_zero;	/* --test-corrupt-zero-block: a byte in a block checked as zeros */
	int verbose_purgatory;	/* --purgatory-verbose */
	int reuse_initrd;	/* --reuseinitrd: keep the running kernel's initrd */
	int hotplug;		/* --hotplug: the kernel updates the crash image on hotplug */
};

/*
 * The first option given that only kexec_load can honour (--dtb, ...), or
 * NULL.  With -a such an option selects kexec_load; with -s it is an error.
 */
const char *opts_needs_kexec_load(const struct opts *o);

/*
 * Parse argv.  0: ok (o->action says what to do); -EINVAL: usage error, a
 * line naming the problem and "Try 'kexec --help'." are already printed.
 */
int opts_parse(int argc, char **argv, struct opts *o);
void opts_free(struct opts *o);
void opts_usage(void);

#endif
