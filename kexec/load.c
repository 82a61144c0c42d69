// SPDX-License-Identifier: GPL-2.0-or-later
/*
 *   image_read -> loader probe/load -> live tree -> memory map -> command line
 *   then kexec_load:      crash notes -> layout -> plan_finalize
 *   or kexec_file_load:   the kernel file (or a sealed copy) and the initrd
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cmdline.h"
#include "dt.h"
#include "iomem.h"
#include "kpageflags.h"
#include "load.h"
#include "purgatory-abi.h"
#include "syscall.h"
#include "sysread.h"

#define KX_MAX_IMAGE (1ULL << 30)	/* a decompressed kernel larger than this is not one */

/* Read the running system's tree once: placement and (without --dtb) the next tree. */
static int read_live_tree(const struct kx_ctx *c, void **fdt, char *shown, size_t len)
{
	char dir[4096];
	int rc = sysread_path(c, "/proc/device-tree", dir, sizeof(dir));

	if (rc < 0)
		return rc;
	snprintf(shown, len, "%s", dir);
	/*
	 * Linux makes "security-*" properties root-only.  Without root, leave them
	 * out and go on: a dry run needs no root, and a real load is the kernel's
	 * to refuse (it checks CAP_SYS_BOOT, and kexec explains its EPERM).
	 */
	return dt_from_dir(dir, shown, geteuid() != 0, fdt);
}

/*
 * /proc/iomem's System RAM into @ram (empty when it cannot tell: not there, or
 * its addresses hidden from a user without root); -EINVAL, said, if malformed.
 */
static int read_system_ram(const struct kx_ctx *c, struct rangeset *ram)
{
	char *text, path[4096];
	unsigned bad;
	int rc;

	rs_init(ram);
	if (sysread_try(c, "/proc/iomem", &text, NULL) < 0)
		return 0;
	rc = iomem_system_ram(text, ram, &bad);
	free(text);
	if (rc == -EINVAL) {
		sysread_path(c, "/proc/iomem", path, sizeof(path));
		kx_err("%s: line %u is not \"START-END : NAME\" with hexadecimal START <= END", path, bad);
	}
	if (rc < 0)
		rs_free(ram);
	return rc == -EACCES ? 0 : rc;
}

/*
 * Where the running kernel's slab pages are now (/proc/kpageflags, root
 * only), in the first KX_KPF_SPAN of RAM, where -l places: task structs live
 * there, and the copy at kexec -e reads the rebooting task's (place.c).
 * Empty when unreadable: a preference, not a rule.
 */
#define KX_KPF_SPAN	(4ULL << 30)
#define KX_KPF_CHUNK	4096

static int read_slab_pages(const struct kx_ctx *c, uint64_t pg, const struct rangeset *ram,
			   struct rangeset *hot)
{
	char path[4096];
	uint64_t *buf;
	size_t i;
	int fd, rc = 0;

	if (sysread_path(c, "/proc/kpageflags", path, sizeof(path)) < 0 ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	if (!(buf = malloc(KX_KPF_CHUNK * sizeof(*buf)))) {
		close(fd);
		return -ENOMEM;
	}
	for (i = 0; i < ram->n && rc == 0; i++) {
		uint64_t pfn = align_up(ram->v[i].start, pg) / pg;
		uint64_t end = (ram->v[i].end < KX_KPF_SPAN ? ram->v[i].end : KX_KPF_SPAN) / pg;

		while (pfn < end && rc == 0) {
			size_t want = end - pfn < KX_KPF_CHUNK ? (size_t)(end - pfn) : KX_KPF_CHUNK;
			ssize_t got = pread(fd, buf, want * sizeof(*buf), (off_t)(pfn * sizeof(*buf)));

			if (got <= 0 || got % (ssize_t)sizeof(*buf))
				break;	/* short: use what was read */
			rc = kpf_runs(buf, (size_t)got / sizeof(*buf), pfn, pg, KPF_SLAB,
				      "running kernel's slab pages", hot);
			pfn += (size_t)got / sizeof(*buf);
		}
	}
	free(buf);
	close(fd);
	rs_merge(hot);
	kx_dbg(c, "/proc/kpageflags: %zu runs of slab pages, %llu KiB, in the first %llu GiB of RAM",
	       hot->n, (unsigned long long)(rs_total(hot) >> 10),
	       (unsigned long long)(KX_KPF_SPAN >> 30));
	return rc;
}

/*
 * Whether the kexec_load plan needs the check records.  Hashing is most of a
 * load's time, so only when someone reads the digests: with -s this plan
 * only checks the input (the kexec_file_load plan is what is loaded and
 * shown), and with -i the purgatory does not check, unless the plan is shown
 * or dumped.
 */
static int wants_digests(const struct opts *o)
{
	return o->syscall != SYSCALL_FILE && (!o->no_checks || o->dry_run || o->debug || o->dump_dir);
}

/*
 * Hash @len bytes at @buf ahead on worker threads (prehash.h) while this
 * thread goes on reading the system.  The bytes are final: with -p the
 * kernel's __run_at_load word is set before (ppc64_run_at_load).
 */
static void hash_ahead(const struct opts *o, struct prehash *h, const uint8_t *buf, size_t len)
{
	if (!wants_digests(o) || !buf || !len)
		return;
	/* Cut as plan_digest cuts when the plan's pieces are the smallest (the usual case). */
	prehash_add(h, buf, len, KX_PIECE_MIN, plan_block_shift(KX_PIECE_MIN));
}

int load_prepare(const struct kx_ctx *c, const struct opts *o, struct load *L)
{
	struct rangeset sysram;
	const char *old_args;
	int rc, len;

	memset(L, 0, sizeof(*L));
	/*
	 * The hashing workers before anything else: this thread has the system
	 * to read while they hash, a worker per CPU.  They wait for the kernel's
	 * pieces, then the initrd's.  Started first because qemu-user discards
	 * all code it has translated when a process makes its first thread.
	 */
	if (wants_digests(o))
		prehash_run(&L->pre, kx_usable_cpus());
	if ((rc = image_read(o->kernel, KX_MAX_IMAGE, &L->img, &L->how)) < 0)
		return rc;
	L->ld = loader_find(o->type, L->img.data, L->img.len);
	if (!L->ld) {
		char names[256];

		if (o->type)
			kx_err("-t %s: unknown image type (known: %s)", o->type,
			       loader_names(names, sizeof(names)));
		else
			kx_err("%s: not a kernel image this kexec can load (known types: %s)", o->kernel,
			       loader_names(names, sizeof(names)));
		return -ENOEXEC;
	}
	kx_dbg(c, "%s: %s image%s%s", o->kernel, L->ld->name, L->how ? ", compressed with " : "",
	       L->how ? comp_name(L->how) : "");
	if ((rc = L->ld->load(c, o->kernel, &L->img, &L->k)) < 0)
		return rc;
	if (o->panic)
		ppc64_run_at_load(&L->k);
	hash_ahead(o, &L->pre, L->k.buf, L->k.bufsz);
	if ((rc = read_live_tree(c, &L->live, L->shown, sizeof(L->shown))) < 0 ||
	    (rc = read_system_ram(c, &sysram)) < 0)
		return rc;
	rc = ppc64_memmap(L->live, L->shown, &sysram, &L->mem);
	rs_free(&sysram);
	if (rc < 0)
		return rc;
	if (o->dtb && (rc = dt_from_file(o->dtb, &L->dtb)) < 0)
		return rc;
	ppc64_cpuinfo_read(c, &L->cpu);	/* unreadable: all unknown */
	if (o->panic && !L->mem.crash_size) {
		kx_err("no crash kernel region is reserved: boot this kernel with crashkernel=SIZE "
		       "(for example crashkernel=512M) to load a crash kernel");
		return -ENOENT;
	}
	old_args = dt_getprop(L->dtb ? L->dtb : L->live, "/chosen", "bootargs", &len);
	if (old_args && (len <= 0 || !memchr(old_args, 0, (size_t)len)))
		old_args = NULL;
	if (!o->append && !o->reuse_cmdline)
		kx_warn("no --append, --command-line or --reuse-cmdline: the next kernel's command "
			"line will be empty%s", o->dt_no_old_root ? "" : " (but for root=)");
	return cmdline_build(c, o, old_args, PPC64_COMMAND_LINE_SIZE, &L->cmdline);
}

/* "ELF64 ... executable, xz": the image as both plans describe it. */
static void describe(const struct load *L, char *desc, size_t size)
{
	if (snprintf(desc, size, "%s%s%s", L->k.desc, L->how ? ", " : "",
		     L->how ? comp_name(L->how) : "") >= (int)size)
		desc[size - 1] = 0;
}

static int count_cpu(int cpu, void *arg)
{
	(void)cpu;
	++*(uint32_t *)arg;
	return 0;
}

/* How many CPUs the running kernel has present (the purgatory waits for them); 0: unknown. */
static uint32_t count_present_cpus(const struct kx_ctx *c)
{
	char *s;
	uint32_t n = 0;

	if (sysread_try(c, "/sys/devices/system/cpu/present", &s, NULL) < 0)
		return 0;
	if (cpulist_parse(s, count_cpu, &n) < 0)
		n = 0;
	free(s);
	return n;
}

/* --hotplug: the running kernel must be able to rewrite the crash image. */
static int hotplug_size(const struct kx_ctx *c, uint64_t *size)
{
	unsigned long long v;

	if (sysread_ull(c, "/sys/kernel/crash_elfcorehdr_size", &v) < 0 || !v) {
		kx_err("--hotplug: this kernel cannot update a loaded crash kernel on CPU or memory "
		       "hotplug (no /sys/kernel/crash_elfcorehdr_size: it needs CONFIG_CRASH_HOTPLUG)");
		return -EOPNOTSUPP;
	}
	*size = v;
	return 0;
}

/*
 * The initrd's bytes for the segment: --initrd's file (at most all of RAM),
 * read into @L, or the one the image carries (zImage), which stays in @L->k
 * (kexec_file_load may need it too).  The plan borrows them.
 */
static int read_initrd(const struct opts *o, struct load *L, struct blob *out)
{
	uint64_t ram = rs_total(&L->mem.ram);
	int rc;

	if (o->initrd) {
		rc = file_map(o->initrd, "initrd", ram > SIZE_MAX ? SIZE_MAX : (size_t)ram, &L->initrd);
		if (rc < 0)
			return rc;
		*out = L->initrd;
	} else {
		*out = L->k.initrd;
	}
	if (out->data && out->len == 0) {
		kx_err("initrd %s is empty", o->initrd ? o->initrd : "(embedded)");
		return -EINVAL;
	}
	return 0;
}

/*
 * The kexec_load plan in two steps: read what the layout needs from the
 * running system and the files (here), then lay out from that alone.
 */
int load_plan_kexec(const struct kx_ctx *c, const struct opts *o, const struct target *t,
		    struct load *L, struct plan *p)
{
	struct ppc64_layout_req a;
	struct crash_notes notes;
	struct rangeset hot;
	int rc;

	memset(&notes, 0, sizeof(notes));
	memset(&a, 0, sizeof(a));
	rs_init(&hot);
	p->arch = t->name;
	p->big_endian = t->big_endian;
	p->page_size = t->page_size;
	describe(L, p->kernel_desc, sizeof(p->kernel_desc));
	p->flags = KEXEC_ARCH_PPC64 | (o->panic ? KEXEC_ON_CRASH : 0);
	if (o->hotplug) {
		if ((rc = hotplug_size(c, &a.hotplug_elfcorehdr_size)) < 0)
			return rc;
		p->flags |= KEXEC_UPDATE_ELFCOREHDR | KEXEC_CRASH_HOTPLUG_SUPPORT;
	}
	if (L->k.big_endian != t->big_endian)
		plan_note(p, "the next kernel is %s-endian, the running one %s-endian: the purgatory "
			  "enters it big-endian and its own entry code switches",
			  L->k.big_endian ? "big" : "little", t->big_endian ? "big" : "little");
	/* The initrd first, so that it is hashed while the rest is read. */
	if ((rc = read_initrd(o, L, &a.initrd)) < 0)
		goto out;
	if (!o->reuse_initrd)
		hash_ahead(o, &L->pre, a.initrd.data, a.initrd.len);
	/* The crashed kernel's notes are read now: a bad one fails the load, not the dump. */
	if (o->panic && (rc = crash_notes_read(c, &notes)) < 0)
		goto out;
	if (o->reuse_initrd) {
		char *cur;
		char word[32];

		if ((rc = sysread_file(c, "/proc/cmdline", &cur, NULL)) < 0)
			goto out;
		rc = cmdline_find(cur, "retain_initrd", word, sizeof(word)) ? 0 : -EINVAL;
		free(cur);
		if (rc < 0) {
			kx_err("--reuseinitrd: the running kernel freed its initrd after boot; boot it with "
			       "retain_initrd on its command line to keep one for the next kernel");
			goto out;
		}
		if (L->mem.old_initrd_backwards) {
			kx_err("--reuseinitrd: the running kernel's initrd is not a range: "
			       "/chosen/linux,initrd-end is not above linux,initrd-start in %s", L->shown);
			rc = -EINVAL;
			goto out;
		}
		if (!L->mem.old_initrd_end) {
			kx_err("--reuseinitrd: the running kernel has no initrd (no /chosen/linux,initrd-start "
			       "and -end in %s)", L->shown);
			rc = -ENOENT;
			goto out;
		}
	}
	a.target = t;
	/*
	 * The layout frees the tree it edits once it has its copy; with --dtb the
	 * running system's tree has been read into L->mem and goes now.
	 */
	a.base_fdt = L->dtb ? L->dtb : L->live;
	a.free_base = 1;
	if (L->dtb) {
		free(L->live);
		L->live = NULL;
	}
	a.dtb_file = o->dtb;
	a.shown = L->shown;
	a.mem = &L->mem;
	a.kernel_file = o->kernel;
	a.cmdline = L->cmdline;
	a.initrd_file = o->initrd;
	a.crash = o->panic;
	a.hotplug = o->hotplug;
	a.reuse_initrd = o->reuse_initrd;
	a.verify = !o->no_checks;
	a.digests = wants_digests(o);
	a.verbose_purgatory = o->verbose_purgatory;
	a.test_corrupt = o->test_corrupt;
	a.test_extra_cpus = o->test_extra_cpus;
	a.test_stalled_helper = o->test_stalled_helper;
	a.test_corrupt_zero = o->test_corrupt_zero;
	a.mem_min = o->mem_min;
	a.mem_max = o->mem_max;
	a.notes = &notes;
	a.present_cpus = count_present_cpus(c);
	/*
	 * A hash-MMU kernel under a hypervisor allocates early below the RMA top
	 * (ppc64_rma_size); on bare metal (OPAL: hypervisor mode) and with radix
	 * it does not.  Unknown (no /proc/cpuinfo MMU line): not scarce.
	 */
	a.rma_scarce = ppc64_rma_limit(&L->mem, &L->cpu) != 0;
	if (!o->panic && (rc = read_slab_pages(c, t->page_size, &L->mem.ram, &hot)) < 0)
		goto out;
	a.hot = &hot;
	/*
	 * The hashing goes on while the layout works: plan_digest waits for it
	 * and adds the plan's other pieces.  Until then the layout changes no
	 * byte of the kernel or initrd and frees neither; whatever the layout's
	 * result, the workers are done before this returns.  (A failure before
	 * the layout returns with them running: load_free stops them before it
	 * frees what they read.)
	 */
	p->pre = &L->pre;
	rc = ppc64_layout(&a, &L->k, p);
	p->pre = NULL;
	if (rc < 0)
		prehash_cancel(&L->pre);
	else
		prehash_finish(&L->pre);
	if (L->dtb)
		L->dtb = NULL;
	else
		L->live = NULL;
	if (rc == 0)
		rc = plan_finalize(p);
out:
	rs_free(&hot);
	crash_notes_free(&notes);
	return rc;
}

int load_plan_file(const struct opts *o, const struct target *t, const struct load *L,
		   struct file_plan *p)
{
	p->arch = t->name;
	p->page_size = t->page_size;
	describe(L, p->kernel_desc, sizeof(p->kernel_desc));
	p->flags = (o->panic ? KEXEC_FILE_ON_CRASH : 0) | (o->initrd || L->k.initrd.len ? 0 :
		   KEXEC_FILE_NO_INITRAMFS) | (o->debug ? KEXEC_FILE_DEBUG : 0);
	/* An uncompressed vmlinux goes by its own fd (its IMA signature stays valid). */
	if (!(p->cmdline = strdup(L->cmdline)) ||
	    asprintf(&p->kernel_file, "%s%s", o->kernel, L->how == KXC_NONE && !L->k.vmlinux.len ? "" :
		     " (its vmlinux, uncompressed, in a sealed memfd)") < 0) {
		p->kernel_file = NULL;
		return -ENOMEM;
	}
	p->initrd_file = o->initrd ? o->initrd : L->k.initrd.len ?
			 "(embedded in the image, in a sealed memfd)" : "none (KEXEC_FILE_NO_INITRAMFS)";
	if (o->panic)
		p->note = "the kernel builds the core header and device tree itself and adds "
			  "elfcorehdr= to the command line";
	return 0;
}

int load_file(const struct kx_ctx *c, const struct opts *o, const struct kx_sys *sys,
	      const struct load *L, const struct file_plan *p)
{
	int kfd, ifd = -1, rc;

	if (L->how == KXC_NONE && !L->k.vmlinux.len)
		kfd = open(o->kernel, O_RDONLY | O_CLOEXEC);
	else if (L->k.vmlinux.len)
		kfd = kx_sealed_fd("kexec-kernel", L->k.vmlinux.data, L->k.vmlinux.len);
	else
		kfd = kx_sealed_fd("kexec-kernel", L->img.data, L->img.len);
	if (kfd < 0) {
		rc = kfd == -1 ? -errno : kfd;
		kx_err("cannot open %s for kexec_file_load: %s", o->kernel, strerror(-rc));
		return rc;
	}
	if (o->initrd)
		ifd = open(o->initrd, O_RDONLY | O_CLOEXEC);
	else if (L->k.initrd.len)
		ifd = kx_sealed_fd("kexec-initrd", L->k.initrd.data, L->k.initrd.len);
	if ((o->initrd || L->k.initrd.len) && ifd < 0) {
		rc = ifd == -1 ? -errno : ifd;
		kx_err("cannot open initrd %s: %s", o->initrd ? o->initrd : "(embedded)", strerror(-rc));
		close(kfd);
		return rc;
	}
	rc = kx_file_load(c, sys, kfd, ifd, p->cmdline, p->flags);
	close(kfd);
	if (ifd >= 0)
		close(ifd);
	return rc;
}

void load_free(struct load *L)
{
	/* The workers read the kernel and initrd: they stop before those go. */
	prehash_cancel(&L->pre);
	blob_free(&L->img);
	blob_free(&L->initrd);
	kernel_image_free(&L->k);
	free(L->live);
	free(L->dtb);
	ppc64_mem_free(&L->mem);
	free(L->cmdline);
	memset(L, 0, sizeof(*L));
}
