// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Which kernel we plan for.  On POWER: the one we run on (same byte order as
 * this binary, its page size).  Elsewhere (x86-64 development hosts) only a
 * dry run makes sense: ppc64le with 64 KiB pages unless told otherwise.
 * Which host we are on is the system interface's to say (struct kx_sys), so
 * a test can stand in a POWER host on any machine.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "ppc64.h"

int target_init(const struct opts *o, struct target *t)
{
#ifdef KX_NATIVE_POWER
	return target_init_host(o, __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ ? "ppc64" : "ppc64le", t);
#else
	return target_init_host(o, NULL, t);
#endif
}

int target_init_host(const struct opts *o, const char *host, struct target *t)
{
	if (host) {
		if (o->arch && strcmp(o->arch, host) && !o->dry_run) {
			kx_err("--arch=%s: this system runs %s; a %s plan can only be a --dry-run",
			       o->arch, host, o->arch);
			return -EINVAL;
		}
		t->name = o->arch ? o->arch : host;
		t->native = !strcmp(t->name, host);
		t->page_size = o->page_size ? o->page_size : (uint64_t)sysconf(_SC_PAGESIZE);
	} else {
		t->name = o->arch ? o->arch : "ppc64le";
		t->native = 0;
		t->page_size = o->page_size ? o->page_size : 65536;
	}
	t->big_endian = !strcmp(t->name, "ppc64");
	return 0;
}
