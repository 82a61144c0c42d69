/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A recording fake of struct kx_sys, kexec run in-process with stdout and
 * stderr captured, and a small captured system (sysroot) with a relocatable
 * vmlinux: shared by the tests that drive kx_run().  fake_power stands in a
 * POWER host (host_arch "ppc64le"), so loads, unloads and -e reach the fake
 * system calls on any build machine; fake is a non-POWER host.  Bodies and
 * the recorder's state (one per program) in fakesys.c.
 */
#ifndef KX_FAKESYS_H
#define KX_FAKESYS_H

#include <errno.h>
#include <stdarg.h>
#include <unistd.h>
#include "actions.h"
#include "check.h"
#include "elfbuild.h"
#include "fdtbuild.h"
#include "tutil.h"
#include "ppc64.h"

/* ---- the fake kernel --------------------------------------------------------- */

/* What the fake system calls saw; kexec_va clears it before each run. */
struct fake_rec {
	int load, file_load, sync, ifdown, reboot, shutdown;
	unsigned long entry, nr, flags;
	struct kx_kseg segs[KX_MAX_SEGMENTS];
	int segs_null;
	int load_rc, reboot_rc;
	int file_rc;			/* kexec_file_load returns this; 0: -ENOSYS, 1: success */
	unsigned long file_flags, file_cmdline_len;
	int file_kfd, file_ifd;
	char file_cmdline[4096];
	char order[256];		/* call letters in order: L F S I R D */
};
extern struct fake_rec rec;

/* What the fake kernel answers in the next kexec()/kexec_power() run only. */
struct fake_next {
	int load_rc, file_rc, reboot_rc;
};
extern struct fake_next next;

/* Append call letter @c to rec.order (while it has room). */
void rec_call(char c);

/*
 * The fake calls: each counts itself in rec, appends its letter (L F S I R
 * D) and records its arguments.  kexec_load returns rec.load_rc;
 * kexec_file_load rec.file_rc (0: -ENOSYS, 1: success); reboot
 * rec.reboot_rc or -EPERM; the shutdown fallback -ENOENT; ifdown 0.
 */
int f_load(unsigned long entry, unsigned long nr, struct kx_kseg *segs, unsigned long flags);
int f_file_load(int kfd, int ifd, unsigned long len, const char *cmdline, unsigned long flags);
void f_sync(void);
int f_ifdown(const struct kx_ctx *c);
int f_reboot(void);
int f_shutdown(void);

/* The fake calls as a non-POWER host (host_arch NULL) and as a ppc64le one. */
extern const struct kx_sys fake, fake_power;

/* How many fake system calls the last run made. */
int calls(void);

/* ---- running kexec ----------------------------------------------------------------- */

/* What the last run printed on stdout and stderr (cut to fit). */
extern char out_text[65536], err_text[8192];

/*
 * kexec ARGS... (@first, then @ap up to a NULL; at most 62) against @sys,
 * with stdout and stderr captured into out_text and err_text.  rec is
 * cleared and takes next's answers, and next is cleared.  kx_run's exit
 * status, or -1000 for a usage error (opts_parse refused: kx_run never ran).
 */
int kexec_va(const struct kx_sys *sys, const char *first, va_list ap);

/* kexec ARGS... (NULL-terminated) against fake, a non-POWER host. */
int kexec(const char *first, ...);

/* The same against a POWER host (fake_power). */
int kexec_power(const char *first, ...);

/* ---- sysroots ---------------------------------------------------------------------- */

/*
 * The captured system's device tree, malloc'ed: pseries, 1 GiB of RAM, RTAS,
 * an hvterm1 console, and a 128 MiB crash region at 128 MiB when @crash.
 */
void *system_tree(int crash);

/*
 * A captured system in a new t_mkdtemp directory (its path): device tree,
 * cmdline, kexec state, CPU crash notes.
 */
char *sysroot(int crash);

/* A relocatable little-endian vmlinux (run0 marker) written as @d/vmlinux; its path, a t_fmt buffer. */
const char *kernel_file(const char *d);

/* 1 when this build runs on POWER (it can load for real), else 0. */
#ifdef KX_NATIVE_POWER
#define NATIVE 1
#else
#define NATIVE 0
#endif

#endif
