// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The actions: load (through kexec_file_load or kexec_load, see load.c),
 * exec, unload, status.  Nothing reaches the kernel until every check has
 * passed, so a bad input never disturbs an image loaded earlier.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "actions.h"
#include "ppc64.h"
#include "load.h"
#include "sysread.h"

static int need_native(const struct target *t, const struct kx_sys *sys, const char *what)
{
	if (t->native)
		return 0;
	if (sys->host_arch)
		kx_err("%s needs a %s system; this one is %s (use --dry-run to plan)", what, t->name,
		       sys->host_arch);
	else
		kx_err("%s needs a POWER system; this kexec runs elsewhere and can only plan "
		       "(use --dry-run)", what);
	return -ENOEXEC;
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
	if ((rc = need_native(t, sys, "kexec -e")) < 0)
		return KX_EXIT_FAIL;
	if (!just_loaded && sysread_ull(c, "/sys/kernel/kexec_loaded", &loaded) == 0 && !loaded) {
		kx_err("no kernel is loaded: load one with 'kexec -l KERNEL' first");
		return KX_EXIT_FAIL;
	}
	kx_reboot_into_loaded(c, sys, o->no_sync, o->no_ifdown);
	return KX_EXIT_FAIL;
}

static int do_load(const struct kx_ctx *c, const struct opts *o, const struct kx_sys *sys,
		   const struct target *t)
{
	enum kx_syscall mode = o->syscall;
	struct load L;
	struct plan p;
	struct file_plan fp;
	int rc, planned = 0;

	if (!o->dry_run && need_native(t, sys, "loading a kernel") < 0)
		return KX_EXIT_FAIL;
	memset(&p, 0, sizeof(p));
	memset(&fp, 0, sizeof(fp));
	if (mode == SYSCALL_AUTO && opts_needs_kexec_load(o)) {
		kx_dbg(c, "%s only works with kexec_load: not trying kexec_file_load",
		       opts_needs_kexec_load(o));
		mode = SYSCALL_LOAD;
	}
	/*
	 * The kexec_load plan is made whichever call will load: it is where every
	 * input is checked (sizes, placement, the crash region), so that nothing
	 * bad reaches either system call, and it is ready if -a falls back.
	 */
	if ((rc = load_prepare(c, o, &L)) < 0 || (rc = load_plan_kexec(c, o, t, &L, &p)) < 0)
		goto out;
	if (mode != SYSCALL_LOAD && (rc = load_plan_file(o, t, &L, &fp)) < 0)
		goto out;
	/* Shown and dumped: with -s the kexec_file_load plan, else the kexec_load one. */
	if ((o->dry_run || o->debug) && mode == SYSCALL_FILE)
		file_plan_print(&fp, o->dry_run ? stdout : stderr);
	else if (o->dry_run || o->debug)
		plan_print(&p, o->dry_run ? stdout : stderr);
	if (o->dump_dir && (rc = mode == SYSCALL_FILE ? file_plan_dump(&fp, o->dump_dir) :
			    plan_dump(&p, o->dump_dir)) < 0)
		goto out;
	if (o->dry_run)
		goto out;
	planned = 1;	/* from here the kernel's calls explain their own failures */
	if (mode != SYSCALL_LOAD) {
		rc = load_file(c, o, sys, &L, &fp);
		if (rc == 0)
			goto out;
		if (mode == SYSCALL_FILE || !kx_file_load_may_fall_back(-rc)) {
			kx_explain_file(c, "kexec_file_load", -rc, ppc64_rma_limit(&L.mem, &L.cpu), 0);
			goto out;
		}
		/* A kernel without the call is routine; a limit it met is news. */
		if (kx_file_load_kernel_limit(-rc))
			kx_explain_file(c, "kexec_file_load", -rc, ppc64_rma_limit(&L.mem, &L.cpu), 1);
		else
			kx_dbg(c, "kexec_file_load: %s; falling back to kexec_load", strerror(-rc));
	}
	rc = kx_load_plan(c, sys, &p, L.mem.kernel_end);
out:
	/*
	 * Who prints: the layer that knows the context says why an input is
	 * refused; an allocation that fails anywhere while planning is said
	 * here, once (the layers below return -ENOMEM quietly).
	 */
	if (rc == -ENOMEM && !planned)
		kx_err("out of memory while planning the load");
	file_plan_free(&fp);
	plan_free(&p);
	load_free(&L);
	if (rc < 0)
		return KX_EXIT_FAIL;
	if (o->action == ACT_LOAD_EXEC)
		return do_exec(c, o, sys, t, 1);
	if (o->action == ACT_LOAD_REBOOT) {
		if (o->dry_run) {
			printf("dry run: would now run 'shutdown -r now'\n");
			return 0;
		}
		kx_shutdown_reboot(sys);
		return KX_EXIT_FAIL;
	}
	return 0;
}

static int do_unload(const struct kx_ctx *c, const struct opts *o, const struct kx_sys *sys)
{
	return kx_unload_any(c, sys, o->panic, o->syscall != SYSCALL_LOAD, o->syscall == SYSCALL_FILE) < 0 ?
	       KX_EXIT_FAIL : 0;
}

static int do_status(const struct kx_ctx *c, const struct opts *o)
{
	const char *f = o->panic ? "/sys/kernel/kexec_crash_loaded" : "/sys/kernel/kexec_loaded";
	unsigned long long v;
	char path[4096];

	if (sysread_ull(c, f, &v) < 0) {
		sysread_path(c, f, path, sizeof(path));
		kx_err("cannot read %s: is this kernel built with CONFIG_KEXEC?", path);
		return KX_EXIT_USAGE;
	}
	kx_dbg(c, "%s: %llu", f, v);
	return v ? 1 : 0;
}

static int do_print_ckr(const struct kx_ctx *c)
{
	unsigned long long v;

	if (sysread_ull(c, "/sys/kernel/kexec_crash_size", &v) < 0) {
		char path[4096];

		sysread_path(c, "/sys/kernel/kexec_crash_size", path, sizeof(path));
		kx_err("cannot read %s: is this kernel built with CONFIG_KEXEC?", path);
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
	if (target_init_host(o, sys->host_arch, &t) < 0)
		return KX_EXIT_FAIL;
	switch (o->action) {
	case ACT_UNLOAD:
		if (o->dry_run) {
			printf("dry run: would unload the %s kernel\n", o->panic ? "crash" : "loaded");
			return 0;
		}
		if (need_native(&t, sys, "unloading") < 0)
			return KX_EXIT_FAIL;
		return do_unload(&c, o, sys);
	case ACT_EXEC:
		return do_exec(&c, o, sys, &t, 0);
	default:
		return do_load(&c, o, sys, &t);
	}
}
