// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/reboot.h>
#include "image.h"
#include "syscall.h"
#include "sysread.h"

static int real_kexec_load(unsigned long entry, unsigned long nr, struct kx_kseg *segs,
			   unsigned long flags)
{
#ifdef SYS_kexec_load
	return syscall(SYS_kexec_load, entry, nr, segs, flags) == 0 ? 0 : -errno;
#else
	return -ENOSYS;
#endif
}

static int real_kexec_file_load(int kernel_fd, int initrd_fd, unsigned long cmdline_len,
				const char *cmdline, unsigned long flags)
{
#ifdef SYS_kexec_file_load
	return syscall(SYS_kexec_file_load, kernel_fd, initrd_fd, cmdline_len, cmdline, flags) == 0 ?
	       0 : -errno;
#else
	return -ENOSYS;
#endif
}

static void real_sync(void)
{
	sync();
}

static int real_ifdown(const struct kx_ctx *c)
{
	struct if_nameindex *ifs = if_nameindex(), *i;
	int fd, rc = 0;

	/* A kernel built without networking has no interface to stop. */
	if (!ifs && (errno == ENOSYS || errno == EAFNOSUPPORT)) {
		kx_dbg(c, "no networking in this kernel: no interface to bring down");
		return 0;
	}
	if (!ifs)
		return -errno;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		rc = -errno;
		if_freenameindex(ifs);
		return rc;
	}
	/* A live NIC may DMA into memory the next kernel reuses: stop it. */
	for (i = ifs; i->if_name; i++) {
		struct ifreq ifr;

		memset(&ifr, 0, sizeof(ifr));
		strncpy(ifr.ifr_name, i->if_name, IFNAMSIZ - 1);
		if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
			continue;
		if ((ifr.ifr_flags & IFF_LOOPBACK) || !(ifr.ifr_flags & IFF_UP))
			continue;
		ifr.ifr_flags &= ~IFF_UP;
		if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
			kx_warn("cannot bring %s down: %s", i->if_name, strerror(errno));
		else
			kx_dbg(c, "brought %s down", i->if_name);
	}
	close(fd);
	if_freenameindex(ifs);
	return rc;
}

static int real_reboot_kexec(void)
{
	reboot(LINUX_REBOOT_CMD_KEXEC);
	return -errno;
}

static int real_shutdown_reboot(void)
{
	execlp("shutdown", "shutdown", "-r", "now", (char *)NULL);
	return -errno;
}

const struct kx_sys kx_sys_real = {
#ifdef KX_NATIVE_POWER
	__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ ? "ppc64" : "ppc64le",
#else
	NULL,
#endif
	real_kexec_load, real_kexec_file_load, real_sync, real_ifdown, real_reboot_kexec,
	real_shutdown_reboot,
};

int kx_sealed_fd(const char *name, const void *buf, size_t len)
{
	int fd = memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING), rc;

	if (fd < 0)
		return -errno;
	rc = write_all(fd, buf, len);
	/* What the kernel reads (and may measure) cannot change under it. */
	if (rc == 0 && (fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE |
			      F_SEAL_SEAL) < 0 || lseek(fd, 0, SEEK_SET) < 0))
		rc = -errno;
	if (rc < 0) {
		close(fd);
		return rc;
	}
	return fd;
}

int kx_file_load_placement_refused(int err)
{
	return err == EADDRNOTAVAIL || err == ENOMEM;
}

int kx_file_load_kernel_limit(int err)
{
	/*
	 * EOVERFLOW: the kernel could not read its own device tree while it
	 * built the next one (of_property_read_u64 on a 4-byte property:
	 * arch/powerpc/kexec/ranges.c add_initrd_mem_range does that with
	 * retain_initrd and a firmware's 32-bit linux,initrd-start/-end).
	 */
	return kx_file_load_placement_refused(err) || err == EOVERFLOW;
}

int kx_file_load_may_fall_back(int err)
{
	return err == ENOSYS || err == EINVAL || err == ENOEXEC || err == EOPNOTSUPP ||
	       kx_file_load_kernel_limit(err);
}

/* kexec_file_load's placer found no room: say where it looks, and what can do better. */
static void explain_no_room(const char *call, int err, uint64_t limit, int falling_back)
{
	const char *e = err == ENOMEM ? "ENOMEM" : "EADDRNOTAVAIL";

	if (limit && falling_back)
		kx_warn("%s: the kernel places every segment below 0x%llx (the real-mode area of this "
			"hash-MMU system) and found no room there (%s); loading with kexec_load, which "
			"can place the initrd above it", call, (unsigned long long)limit, e);
	else if (limit)
		kx_err("%s: the kernel places every segment below 0x%llx (the real-mode area of this "
		       "hash-MMU system) and found no room there (%s); kexec_load (-c) can place the "
		       "initrd above it", call, (unsigned long long)limit, e);
	else if (falling_back)
		kx_warn("%s: the kernel found no room to place the segments itself (%s); loading with "
			"kexec_load instead", call, e);
	else
		kx_err("%s: the kernel found no room to place the segments itself (%s); kexec_load (-c) "
		       "places them from this program's own plan", call, e);
}

static int read_flag(const struct kx_ctx *c, const char *path)
{
	unsigned long long v;

	return sysread_ull(c, path, &v) == 0 ? (int)v : -1;
}

/* The active lockdown mode ("integrity", "confidentiality") or NULL. */
static const char *lockdown(const struct kx_ctx *c, char *buf, size_t len)
{
	char *s, *a, *b;

	if (sysread_try(c, "/sys/kernel/security/lockdown", &s, NULL) < 0)
		return NULL;
	a = strchr(s, '[');
	b = a ? strchr(a, ']') : NULL;
	if (!a || !b || (size_t)(b - a - 1) >= len) {
		free(s);
		return NULL;
	}
	memcpy(buf, a + 1, (size_t)(b - a - 1));
	buf[b - a - 1] = 0;
	free(s);
	return strcmp(buf, "none") ? buf : NULL;
}

void kx_explain(const struct kx_ctx *c, const char *call, int err, const struct plan *p,
		uint64_t kernel_end)
{
	char mode[32];
	size_t i;

	switch (err) {
	case EPERM:
		if (geteuid() != 0)
			kx_err("%s: not permitted: loading or unloading a kernel needs root "
			       "(CAP_SYS_BOOT)", call);
		else if (read_flag(c, "/proc/sys/kernel/kexec_load_disabled") == 1)
			kx_err("%s: not permitted: /proc/sys/kernel/kexec_load_disabled is 1, which "
			       "lasts until the next boot", call);
		else if (lockdown(c, mode, sizeof(mode)))
			kx_err("%s: not permitted: the kernel is locked down (%s), so it loads only "
			       "signed kernels through kexec_file_load", call, mode);
		else
			kx_err("%s: not permitted (CAP_SYS_BOOT missing, or a security module refused)",
			       call);
		return;
	case EBUSY:
		kx_err("%s: the kernel is busy with another kexec load or boot; try again", call);
		return;
	case ETXTBSY:
		for (i = 0; p && i < p->nseg; i++) {
			const struct segment *s = &p->seg[i];

			if (s->mem < kernel_end) {
				kx_err("%s: the kernel refused segment %zu (%s, 0x%llx-0x%llx): it overlaps "
				       "the running kernel (0x0-0x%llx)", call, i, role_name(s->role),
				       (unsigned long long)s->mem, (unsigned long long)(s->mem + s->memsz),
				       (unsigned long long)kernel_end);
				return;
			}
		}
		kx_err("%s: the kernel refused a segment that overlaps memory it is using (its "
		       "image or a TCE table) (ETXTBSY)", call);
		return;
	case EINVAL:
		kx_err("%s: the kernel rejected the segment list (EINVAL): segments must be aligned to "
		       "its page size%s%llu%s, must not overlap, and together must not exceed half of "
		       "memory", call, p ? " (planned for " : "", p ? (unsigned long long)p->page_size : 0ULL,
		       p ? " bytes)" : "");
		return;
	case EADDRNOTAVAIL:
		kx_err("%s: a segment lies outside the memory the kernel accepts as a destination%s "
		       "(EADDRNOTAVAIL)", call, p && (p->flags & KEXEC_ON_CRASH) ?
		       " (the crash kernel region)" : "");
		return;
	case ENOMEM:
		kx_err("%s: the kernel could not allocate memory to stage the segments (ENOMEM)", call);
		return;
	case ENOSYS:
		kx_err("%s: this kernel (or emulator) does not implement it (ENOSYS): is it built "
		       "with CONFIG_KEXEC?", call);
		return;
	default:
		kx_err("%s failed: %s", call, strerror(err));
	}
}

void kx_explain_file(const struct kx_ctx *c, const char *call, int err, uint64_t limit,
		     int falling_back)
{
	char mode[32];

	if (kx_file_load_placement_refused(err)) {
		explain_no_room(call, err, limit, falling_back);
		return;
	}
	if (err == EOVERFLOW) {
		if (falling_back)
			kx_warn("%s: the kernel could not read its own device tree to build the next "
				"one (EOVERFLOW: a property shorter than it expects); loading with "
				"kexec_load, which builds the tree itself", call);
		else
			kx_err("%s: the kernel could not read its own device tree to build the next one "
			       "(EOVERFLOW: a property shorter than it expects); kexec_load (-c) builds "
			       "the tree itself", call);
		return;
	}
	switch (err) {
	case ENOKEY:
		kx_err("%s: the kernel requires a signed image: this one is not signed with a key "
		       "the kernel trusts (ENOKEY)", call);
		return;
	case EKEYREJECTED:
		kx_err("%s: the kernel requires a signed image: its signature was rejected "
		       "(EKEYREJECTED)", call);
		return;
	case EBADMSG:
		kx_err("%s: the kernel requires a signed image: its signature is malformed (EBADMSG)",
		       call);
		return;
	case EPERM:
	case EACCES:
		if (geteuid() != 0)
			kx_err("%s: not permitted: loading a kernel needs root (CAP_SYS_BOOT)", call);
		else if (lockdown(c, mode, sizeof(mode)))
			kx_err("%s: refused by the kernel's lockdown (%s): the image must be signed and "
			       "verified", call, mode);
		else
			kx_err("%s: refused by the kernel's security policy (IMA appraisal or a "
			       "security module) (%s)", call, err == EPERM ? "EPERM" : "EACCES");
		return;
	case ENOEXEC:
		kx_err("%s: the kernel cannot load this image itself (ENOEXEC); kexec_load (-c) can",
		       call);
		return;
	case ENOSYS:
		kx_err("%s: this kernel (or emulator) does not implement it (ENOSYS: no "
		       "CONFIG_KEXEC_FILE); use kexec_load (-c)", call);
		return;
	case EINVAL:
		kx_err("%s: the kernel rejected the request (EINVAL): unsupported flags, or no crash "
		       "region for -p", call);
		return;
	default:
		kx_explain(c, call, err, NULL, 0);
	}
}

int kx_load_plan(const struct kx_ctx *c, const struct kx_sys *sys, const struct plan *p,
		 uint64_t kernel_end)
{
	struct kx_kseg segs[KX_MAX_SEGMENTS];
	size_t i;
	int rc;

	for (i = 0; i < p->nseg; i++) {
		segs[i].buf = p->seg[i].buf;
		segs[i].bufsz = p->seg[i].bufsz;
		segs[i].mem = (const void *)(uintptr_t)p->seg[i].mem;
		segs[i].memsz = (size_t)p->seg[i].memsz;
	}
	kx_dbg(c, "kexec_load(entry 0x%llx, %zu segments, flags 0x%lx)", (unsigned long long)p->entry,
	       p->nseg, p->flags);
	rc = sys->kexec_load((unsigned long)p->entry, p->nseg, segs, p->flags);
	if (rc < 0)
		kx_explain(c, "kexec_load", -rc, p, kernel_end);
	return rc;
}

int kx_unload(const struct kx_ctx *c, const struct kx_sys *sys, unsigned long flags)
{
	int rc = sys->kexec_load(0, 0, NULL, flags);

	if (rc < 0)
		kx_explain(c, "kexec_load (unload)", -rc, NULL, 0);
	return rc;
}

int kx_file_load(const struct kx_ctx *c, const struct kx_sys *sys, int kfd, int ifd,
		 const char *cmdline, unsigned long flags)
{
	kx_dbg(c, "kexec_file_load(kernel fd %d, initrd fd %d, %zu command-line bytes, flags 0x%lx)",
	       kfd, ifd, strlen(cmdline) + 1, flags);
	return sys->kexec_file_load(kfd, ifd, strlen(cmdline) + 1, cmdline, flags);
}

/*
 * Unloading works whichever call loaded the image: kexec_file_load's UNLOAD
 * first (kexec_load is refused outright under lockdown), kexec_load if the
 * kernel lacks it.
 */
int kx_unload_any(const struct kx_ctx *c, const struct kx_sys *sys, int panic, int try_file,
		  int file_only)
{
	int rc;

	if (try_file) {
		rc = sys->kexec_file_load(-1, -1, 0, NULL,
					  KEXEC_FILE_UNLOAD | (panic ? KEXEC_FILE_ON_CRASH : 0));
		if (rc == 0)
			return 0;
		if (file_only || !kx_file_load_may_fall_back(-rc)) {
			kx_explain_file(c, "kexec_file_load (unload)", -rc, 0, 0);
			return rc;
		}
		kx_dbg(c, "kexec_file_load (unload): %s; using kexec_load", strerror(-rc));
	}
	return kx_unload(c, sys, KEXEC_ARCH_PPC64 | (panic ? KEXEC_ON_CRASH : 0));
}

int kx_shutdown_reboot(const struct kx_sys *sys)
{
	int rc = sys->shutdown_reboot();

	kx_err("cannot run 'shutdown -r now' to reboot into the loaded kernel: %s "
	       "(it stays loaded; 'kexec -e' boots it)", strerror(-rc));
	return rc;
}

int kx_reboot_into_loaded(const struct kx_ctx *c, const struct kx_sys *sys, int no_sync,
			  int no_ifdown)
{
	int rc;

	if (!no_sync)
		sys->sync();
	if (!no_ifdown && (rc = sys->ifdown(c)) < 0)
		kx_warn("cannot list network interfaces to bring them down: %s", strerror(-rc));
	rc = sys->reboot_kexec();
	kx_err("reboot into the loaded kernel failed: %s", strerror(-rc));
	return rc;
}
