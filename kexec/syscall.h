/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The only place that talks to the kernel's kexec ABI and reboots.  Callers
 * get the operations through a const table, so tests substitute a fake one
 * (a test seam) and no code path here can reboot a test machine by accident.
 */
#ifndef KX_SYSCALL_H
#define KX_SYSCALL_H

#include <stddef.h>
#include <stdint.h>
#include "log.h"
#include "plan.h"

/* ABI: include/uapi/linux/kexec.h */
#define KEXEC_ARCH_PPC64		(21UL << 16)
#define KEXEC_ON_CRASH			0x00000001UL
#define KEXEC_UPDATE_ELFCOREHDR		0x00000004UL
#define KEXEC_CRASH_HOTPLUG_SUPPORT	0x00000008UL
#define KEXEC_FILE_UNLOAD		0x00000001UL
#define KEXEC_FILE_ON_CRASH		0x00000002UL
#define KEXEC_FILE_NO_INITRAMFS		0x00000004UL
#define KEXEC_FILE_DEBUG		0x00000008UL

/* ABI: struct kexec_segment */
struct kx_kseg {
	const void *buf;
	size_t bufsz;
	const void *mem;
	size_t memsz;
};

struct kx_sys {
	/*
	 * The POWER byte order of the system these calls reach ("ppc64le",
	 * "ppc64"), or NULL when they reach no POWER kernel (then kexec only
	 * plans).  The real table says what this build runs on.
	 */
	const char *host_arch;
	/* kexec_load(2): 0 or -errno */
	int (*kexec_load)(unsigned long entry, unsigned long nr, struct kx_kseg *segs,
			  unsigned long flags);
	/* kexec_file_load(2): 0 or -errno; @cmdline_len counts the NUL */
	int (*kexec_file_load)(int kernel_fd, int initrd_fd, unsigned long cmdline_len,
			       const char *cmdline, unsigned long flags);
	void (*sync)(void);
	/* Bring every non-loopback interface down; 0 or -errno. */
	int (*ifdown)(const struct kx_ctx *c);
	/* reboot(LINUX_REBOOT_CMD_KEXEC): returns only on failure, -errno. */
	int (*reboot_kexec)(void);
	/* exec "shutdown -r now": returns only on failure, -errno. */
	int (*shutdown_reboot)(void);
};

extern const struct kx_sys kx_sys_real;

/* Hand @p to kexec_load; on failure one line explaining the kernel's refusal. */
int kx_load_plan(const struct kx_ctx *c, const struct kx_sys *sys, const struct plan *p,
		 uint64_t kernel_end);
/* Unload (flags say which image); explained on failure. */
int kx_unload(const struct kx_ctx *c, const struct kx_sys *sys, unsigned long flags);
/*
 * kexec_file_load(@kfd, @ifd or -1, @cmdline, @flags); -errno, not explained
 * (the caller knows whether -a falls back: kx_explain_file).
 */
int kx_file_load(const struct kx_ctx *c, const struct kx_sys *sys, int kfd, int ifd,
		 const char *cmdline, unsigned long flags);
/*
 * Unload the image (@panic: the crash kernel) with kexec_file_load, then, when
 * @file_only is 0 and the kernel lacks that call, with kexec_load; explained
 * on failure.
 */
int kx_unload_any(const struct kx_ctx *c, const struct kx_sys *sys, int panic, int try_file,
		  int file_only);
/*
 * Sync (unless @no_sync), bring interfaces down (unless @no_ifdown), then
 * reboot into the loaded kernel.  Returns only on failure, explained.
 */
int kx_reboot_into_loaded(const struct kx_ctx *c, const struct kx_sys *sys, int no_sync,
			  int no_ifdown);
/* Run "shutdown -r now" (kexec -l KERNEL then reboots); returns only on failure, explained. */
int kx_shutdown_reboot(const struct kx_sys *sys);

/*
 * -a: after kexec_file_load failed with @err, may kexec_load try?  Yes when the
 * kernel lacks the call or cannot take the image that way (ENOSYS, EINVAL,
 * ENOEXEC, EOPNOTSUPP), or when its own placer found no room
 * (kx_file_load_placement_refused: it keeps every segment below the RMA on a
 * hash-MMU LPAR, where our plan can put a large initrd above it) or could
 * not read its own device tree (EOVERFLOW); never for
 * signature or policy refusals, which kexec_load would only get around by
 * weakening the system's choice.
 */
int kx_file_load_may_fall_back(int err);
/* EADDRNOTAVAIL or ENOMEM: the kernel's placer found no room. */
int kx_file_load_placement_refused(int err);
/*
 * A limit of the kernel's own kexec_file_load code, worth one line when -a
 * falls back: a placement refusal, or EOVERFLOW (it could not read its own
 * device tree).
 */
int kx_file_load_kernel_limit(int err);

/*
 * The sentence behind a kexec_file_load errno (an error line; a warning when
 * @falling_back to kexec_load).  @limit, below which the kernel places every
 * segment (its ppc64_rma_size; 0 for none), names what a placement refusal
 * ran into.
 */
void kx_explain_file(const struct kx_ctx *c, const char *call, int err, uint64_t limit,
		     int falling_back);

/* A file descriptor holding @len bytes, sealed against change (memfd). -errno. */
int kx_sealed_fd(const char *name, const void *buf, size_t len);

/* The sentence behind a kexec_load errno, for the running system under c->sysroot. */
void kx_explain(const struct kx_ctx *c, const char *call, int err, const struct plan *p,
		uint64_t kernel_end);

#endif
