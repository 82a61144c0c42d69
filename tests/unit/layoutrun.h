/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Run the ppc64 layout as kexec's load path does: plan header, layout, checks. */
#ifndef KX_T_LAYOUTRUN_H
#define KX_T_LAYOUTRUN_H

#include "ppc64.h"
#include "syscall.h"

static inline int t_layout(const struct ppc64_layout_req *a, struct kernel_image *k,
			   unsigned long flags, struct plan *p)
{
	int rc;

	memset(p, 0, sizeof(*p));
	p->arch = a->target->name;
	p->big_endian = a->target->big_endian;
	p->page_size = a->target->page_size;
	p->flags = flags;
	rc = ppc64_layout(a, k, p);
	return rc ? rc : plan_finalize(p);
}

#endif
