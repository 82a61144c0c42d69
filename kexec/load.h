/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Loading, in two steps: load_prepare() reads and checks everything both
 * system calls need (image, running system, command line); then either
 * load_plan_kexec() lays out segments for kexec_load, or load_file() hands
 * the files to kexec_file_load.  Bad input fails in load_prepare(), before
 * either system call.
 */
#ifndef KX_LOAD_H
#define KX_LOAD_H

#include "prehash.h"
#include "ppc64.h"
#include "image.h"
#include "formats.h"
#include "opts.h"
#include "plan.h"
#include "syscall.h"

struct load {
	struct kernel_image k;
	struct blob img;		/* the kernel file, decompressed */
	enum kx_comp how;
	const struct loader *ld;
	void *live, *dtb;		/* running system's tree; --dtb */
	char shown[4096];		/* the live tree's path, for messages */
	struct ppc64_mem mem;
	struct ppc64_cpuinfo cpu;	/* what /proc/cpuinfo says */
	char *cmdline;
	struct blob initrd;		/* --initrd's bytes (kexec_load only) */
	/* The kernel's and the initrd's pieces, hashed while the system is read. */
	struct prehash pre;
};

int load_prepare(const struct kx_ctx *c, const struct opts *o, struct load *L);
/* The kexec_load plan: segments placed, purgatory filled, checked. */
int load_plan_kexec(const struct kx_ctx *c, const struct opts *o, const struct target *t,
		    struct load *L, struct plan *p);
/* Describe a kexec_file_load (no segments: the kernel places everything); -ENOMEM. */
int load_plan_file(const struct opts *o, const struct target *t, const struct load *L,
		   struct file_plan *p);
/* Call kexec_file_load for @p; 0 or -errno (not explained: the caller decides). */
int load_file(const struct kx_ctx *c, const struct opts *o, const struct kx_sys *sys,
	      const struct load *L, const struct file_plan *p);
void load_free(struct load *L);

#endif
