// SPDX-License-Identifier: GPL-2.0-or-later
/*
 *   image_read -> loader probe/load -> live tree -> memory map -> command line
 *   -> layout (kernel, initrd, device tree, purgatory) -> plan_finalize
 *   -> --dry-run ? print/dump : kexec_load
 * Nothing reaches the kernel until every check above has passed, so a bad
 * input never disturbs an image loaded earlier.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "actions.h"
#include "arch/ppc64/ppc64.h"
#include "cmdline.h"
#include "dt.h"
#include "image.h"
#include "loader.h"
#include "sysfs.h"

#define KX_MAX_IMAGE (1ULL << 30)	/* a decompressed kernel larger than this is not one */

static int need_native(const struct target *t, const struct opts *o, const char *what)
{
	if (t->native)
		return 0;
#ifdef KX_NATIVE_POWER
	kx_err("%s needs a %s system; this one is not (use --dry-run to plan)", what, t->name);
#else
	kx_err("%s needs a POWER system; this kexec runs elsewhere and can only plan (use --dry-run)",
	       what);
#endif
	(void)o;
	return -ENOEXEC;
}

/* Read the running system's tree once: placement and (without --dtb) the next tree. */
static int read_live_tree(const struct kx_ctx *c, const struct opts *o, void **fdt, char *shown,
			  size_t len)
{
	char dir[4096];
	int rc = sys_path(c, "/proc/device-tree", dir, sizeof(dir));

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

static int build_plan(const struct kx_ctx *c, const struct opts *o, const struct target *t,
		      struct plan *p, uint64_t *kernel_end)
{
	struct kernel_image k;
	struct blob img = { NULL, 0 };
	struct ppc64_mem mem;
	struct ppc64_load_args a;
	struct crash_notes notes;
	const struct loader *ld;
	enum kx_comp how;
	void *live = NULL, *dtb = NULL;
	const char *old_args;
	char shown[4096], *cmdline = NULL;
	int rc, len;

	memset(&k, 0, sizeof(k));
	memset(&mem, 0, sizeof(mem));
	memset(&notes, 0, sizeof(notes));
	if ((rc = image_read(o->kernel, KX_MAX_IMAGE, &img, &how)) < 0)
		return rc;
	ld = loader_find(o->type, img.data, img.len);
	if (!ld) {
		char names[256];

		if (o->type)
			kx_err("-t %s: unknown image type (known: %s)", o->type, loader_names(names, sizeof(names)));
		else
			kx_err("%s: not a kernel image this kexec can load (known types: %s)", o->kernel,
			       loader_names(names, sizeof(names)));
		rc = -ENOEXEC;
		goto out;
	}
	kx_dbg(c, "%s: %s image%s%s", o->kernel, ld->name, how ? ", compressed with " : "",
	       how ? comp_name(how) : "");
	if ((rc = ld->load(c, o->kernel, &img, &k)) < 0)
		goto out;
	blob_free(&img);
	if ((rc = read_live_tree(c, o, &live, shown, sizeof(shown))) < 0 ||
	    (rc = ppc64_memmap(live, shown, &mem)) < 0)
		goto out;
	*kernel_end = mem.kernel_end;
	if (o->dtb && (rc = dt_from_file(o->dtb, &dtb)) < 0)
		goto out;
	old_args = dt_getprop(dtb ? dtb : live, "/chosen", "bootargs", &len);
	if (old_args && (len <= 0 || !memchr(old_args, 0, (size_t)len)))
		old_args = NULL;
	if (!o->append && !o->reuse_cmdline)
		kx_warn("no --append, --command-line or --reuse-cmdline: the next kernel's command "
			"line will be empty%s", o->dt_no_old_root ? "" : " (but for root=)");
	if ((rc = cmdline_build(c, o, old_args, PPC64_COMMAND_LINE_SIZE, &cmdline)) < 0)
		goto out;
	/* The crashed kernel's notes are read now: a bad one fails the load, not the dump. */
	if (o->panic && mem.crash_size && (rc = crash_notes_read(c, &notes)) < 0)
		goto out;

	p->arch = t->name;
	p->big_endian = t->big_endian;
	p->page_size = t->page_size;
	p->syscall = "kexec_load";
	p->flags = KEXEC_ARCH_PPC64 | (o->panic ? KEXEC_ON_CRASH : 0);
	if (snprintf(p->kernel_desc, sizeof(p->kernel_desc), "%s%s%s", k.desc, how ? ", " : "",
		     how ? comp_name(how) : "") >= (int)sizeof(p->kernel_desc))
		p->kernel_desc[sizeof(p->kernel_desc) - 1] = 0;
	if (k.big_endian != t->big_endian)
		plan_note(p, "the next kernel is %s-endian, the running one %s-endian: the purgatory "
			  "enters it big-endian and its own entry code switches", k.big_endian ? "big" : "little",
			  t->big_endian ? "big" : "little");
	a.ctx = c;
	a.opts = o;
	a.target = t;
	a.base_fdt = dtb ? dtb : live;
	a.mem = &mem;
	a.cmdline = cmdline;
	a.notes = &notes;
	a.shown = shown;
	if ((rc = ppc64_layout(&a, &k, o->kernel, p)) < 0 || (rc = plan_finalize(p)) < 0)
		goto out;
out:
	crash_notes_free(&notes);
	free(cmdline);
	free(live);
	free(dtb);
	blob_free(&img);
	kernel_image_free(&k);
	ppc64_mem_free(&mem);
	return rc;
}

static int do_exec(const struct kx_ctx *c, const struct opts *o, const struct kx_sys *sys,
		   const struct target *t, int just_loaded)
{
	unsigned long long loaded = 0;
	int rc;

	if (o->dry_run) {
		printf("dry run: would %s%sreboot into the loaded kernel now\n",
		       o->no_sync ? "" : "sync filesystems, ",
		       o->no_ifdown ? "" : "bring network interfaces down, ");
		return 0;
	}
	if ((rc = need_native(t, o, "kexec -e")) < 0)
		return KX_EXIT_FAIL;
	if (!just_loaded && sys_try_read_ull(c, "/sys/kernel/kexec_loaded", &loaded) == 0 && !loaded) {
		kx_err("no kernel is loaded: load one with 'kexec -l KERNEL' first");
		return KX_EXIT_FAIL;
	}
	if (!o->no_sync)
		sys->sync();
	if (!o->no_ifdown && (rc = sys->ifdown(c)) < 0)
		kx_warn("cannot list network interfaces to bring them down: %s", strerror(-rc));
	rc = sys->reboot_kexec();
	kx_err("reboot into the loaded kernel failed: %s", strerror(-rc));
	return KX_EXIT_FAIL;
}

static int do_load(const struct kx_ctx *c, const struct opts *o, const struct kx_sys *sys,
		   const struct target *t)
{
	struct plan p;
	uint64_t kernel_end = 0;
	int rc;

	if (!o->dry_run && need_native(t, o, "loading a kernel") < 0)
		return KX_EXIT_FAIL;
	memset(&p, 0, sizeof(p));
	rc = build_plan(c, o, t, &p, &kernel_end);
	if (rc == 0 && (o->dry_run || o->debug))
		plan_print(&p, o->dry_run ? stdout : stderr);
	if (rc == 0 && o->dump_dir)
		rc = plan_dump(&p, o->dump_dir);
	if (rc == 0 && !o->dry_run)
		rc = kx_load_plan(c, sys, &p, kernel_end);
	plan_free(&p);
	if (rc < 0)
		return KX_EXIT_FAIL;
	if (o->action == ACT_LOAD_EXEC)
		return do_exec(c, o, sys, t, 1);
	if (o->action == ACT_LOAD_REBOOT) {
		if (o->dry_run) {
			printf("dry run: would now run 'shutdown -r now'\n");
			return 0;
		}
		rc = sys->shutdown_reboot();
		kx_err("cannot run 'shutdown -r now' to reboot into the loaded kernel: %s "
		       "(it stays loaded; 'kexec -e' boots it)", strerror(-rc));
		return KX_EXIT_FAIL;
	}
	return 0;
}

static int do_status(const struct kx_ctx *c, const struct opts *o)
{
	const char *f = o->panic ? "/sys/kernel/kexec_crash_loaded" : "/sys/kernel/kexec_loaded";
	unsigned long long v;
	char path[4096];

	if (sys_try_read_ull(c, f, &v) < 0) {
		sys_path(c, f, path, sizeof(path));
		kx_err("cannot read %s: is this kernel built with CONFIG_KEXEC?", path);
		return KX_EXIT_USAGE;
	}
	kx_dbg(c, "%s: %llu", f, v);
	return v ? 1 : 0;
}

static int do_print_ckr(const struct kx_ctx *c)
{
	unsigned long long v;

	if (sys_try_read_ull(c, "/sys/kernel/kexec_crash_size", &v) < 0) {
		kx_err("cannot read /sys/kernel/kexec_crash_size");
		return KX_EXIT_FAIL;
	}
	printf("%llu\n", v);
	return 0;
}

int kx_run(const struct opts *o, const struct kx_sys *sys)
{
	struct kx_ctx c = { o->sysroot, o->debug };
	struct target t;

	switch (o->action) {
	case ACT_HELP:
		opts_usage();
		return 0;
	case ACT_VERSION:
		printf("kexec (kexec-ppc64) %s\n", KX_VERSION);
		return 0;
	case ACT_STATUS:
		return do_status(&c, o);
	case ACT_PRINT_CKR:
		return do_print_ckr(&c);
	default:
		break;
	}
	if (target_init(o, &t) < 0)
		return KX_EXIT_FAIL;
	switch (o->action) {
	case ACT_UNLOAD:
		if (o->dry_run) {
			printf("dry run: would unload the %s kernel\n", o->panic ? "crash" : "loaded");
			return 0;
		}
		if (need_native(&t, o, "unloading") < 0)
			return KX_EXIT_FAIL;
		return kx_unload(&c, sys, KEXEC_ARCH_PPC64 | (o->panic ? KEXEC_ON_CRASH : 0)) < 0 ?
		       KX_EXIT_FAIL : 0;
	case ACT_EXEC:
		return do_exec(&c, o, sys, &t, 0);
	default:
		return do_load(&c, o, sys, &t);
	}
}
