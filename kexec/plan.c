// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "log.h"
#include "plan.h"
#include "range.h"

const char *role_name(enum seg_role r)
{
	switch (r) {
	case ROLE_KERNEL: return "kernel";
	case ROLE_INITRD: return "initrd";
	case ROLE_DTB: return "dtb";
	case ROLE_PURGATORY: return "purgatory";
	case ROLE_ELFCOREHDR: return "elfcorehdr";
	case ROLE_BACKUP: return "backup";
	}
	return "?";
}

int plan_add(struct plan *p, enum seg_role role, uint8_t *buf, size_t bufsz,
	     uint64_t mem, uint64_t memsz, const char *source)
{
	struct segment *s;

	if (p->nseg >= KX_MAX_SEGMENTS) {
		kx_err("cannot add the %s segment: the kernel accepts at most %d segments",
		       role_name(role), KX_MAX_SEGMENTS);
		free(buf);
		return -E2BIG;
	}
	s = &p->seg[p->nseg++];
	memset(s, 0, sizeof(*s));
	s->role = role;
	s->buf = buf;
	s->bufsz = bufsz;
	s->mem = mem;
	s->memsz = align_up(memsz < bufsz ? bufsz : memsz, p->page_size);
	if (source) {
		strncpy(s->source, source, sizeof(s->source) - 1);
	}
	return 0;
}

int plan_add_borrowed(struct plan *p, enum seg_role role, uint8_t *buf, size_t bufsz,
		      uint64_t mem, uint64_t memsz, const char *source)
{
	int rc;

	if (p->nseg >= KX_MAX_SEGMENTS)
		return plan_add(p, role, NULL, 0, mem, memsz, source);	/* says why */
	rc = plan_add(p, role, buf, bufsz, mem, memsz, source);
	if (rc == 0)
		p->seg[p->nseg - 1].borrowed = 1;
	return rc;
}

void plan_digest(struct plan *p)
{
	size_t i;

	for (i = 0; i < p->nseg; i++)
		sha256(p->seg[i].buf, p->seg[i].bufsz, p->seg[i].sha256);
}

static int cmp_mem(const void *a, const void *b)
{
	const struct segment *x = a, *y = b;

	return x->mem < y->mem ? -1 : x->mem > y->mem;
}

int plan_finalize(struct plan *p)
{
	size_t i;

	qsort(p->seg, p->nseg, sizeof(p->seg[0]), cmp_mem);
	for (i = 0; i < p->nseg; i++) {
		const struct segment *s = &p->seg[i];

		if ((s->mem | s->memsz) & (p->page_size - 1)) {
			kx_err("%s segment 0x%llx+0x%llx is not aligned to the %llu-byte page size",
			       role_name(s->role), (unsigned long long)s->mem,
			       (unsigned long long)s->memsz, (unsigned long long)p->page_size);
			return -EINVAL;
		}
		if (s->bufsz > s->memsz || s->mem + s->memsz < s->mem) {
			kx_err("%s segment at 0x%llx: %zu bytes do not fit in 0x%llx",
			       role_name(s->role), (unsigned long long)s->mem, s->bufsz,
			       (unsigned long long)s->memsz);
			return -EINVAL;
		}
		if (i && p->seg[i - 1].mem + p->seg[i - 1].memsz > s->mem) {
			const struct segment *o = &p->seg[i - 1];

			kx_err("%s segment 0x%llx-0x%llx overlaps %s segment 0x%llx-0x%llx",
			       role_name(s->role), (unsigned long long)s->mem,
			       (unsigned long long)(s->mem + s->memsz), role_name(o->role),
			       (unsigned long long)o->mem, (unsigned long long)(o->mem + o->memsz));
			return -EINVAL;
		}
	}
	return 0;
}

void plan_note(struct plan *p, const char *fmt, ...)
{
	va_list ap;

	if (p->nnotes >= KX_MAX_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(p->notes[p->nnotes++], sizeof(p->notes[0]), fmt, ap);
	va_end(ap);
}

struct segment *plan_find(struct plan *p, enum seg_role role)
{
	size_t i;

	for (i = 0; i < p->nseg; i++)
		if (p->seg[i].role == role)
			return &p->seg[i];
	return NULL;
}

static void hex(FILE *f, const uint8_t *d, size_t n)
{
	while (n--)
		fprintf(f, "%02x", *d++);
}

void plan_print(const struct plan *p, FILE *f)
{
	size_t i;
	char sz[KX_SIZE_BUF];

	fprintf(f, "kexec plan: %s, %s, flags 0x%lx, page size %llu\n", p->arch, p->syscall,
		p->flags, (unsigned long long)p->page_size);
	if (p->kernel_desc[0])
		fprintf(f, "kernel image: %s\n", p->kernel_desc);
	for (i = 0; i < p->nseg; i++) {
		const struct segment *s = &p->seg[i];

		fprintf(f, "segment %zu: %-10s 0x%016llx-0x%016llx %10s  sha256 ", i,
			role_name(s->role), (unsigned long long)s->mem,
			(unsigned long long)(s->mem + s->memsz), kx_size(sz, s->memsz));
		hex(f, s->sha256, sizeof(s->sha256));
		fprintf(f, "%s%s%s\n", s->verified ? "" : " (not re-checked)",
			s->source[0] ? "  " : "", s->source);
	}
	if (p->file_kernel[0]) {
		/* kexec_file_load: the kernel places everything itself. */
		fprintf(f, "kernel file: %s\ninitrd file: %s\n", p->file_kernel, p->file_initrd);
	} else {
		fprintf(f, "entry: 0x%llx (purgatory)\n", (unsigned long long)p->entry);
		fprintf(f, "kernel entry: 0x%llx, device tree: 0x%llx\n",
			(unsigned long long)p->kernel_entry, (unsigned long long)p->fdt_addr);
	}
	fprintf(f, "command line (%zu bytes): %s\n", p->cmdline ? strlen(p->cmdline) : 0,
		p->cmdline ? p->cmdline : "");
	for (i = 0; i < p->nnotes; i++)
		fprintf(f, "note: %s\n", p->notes[i]);
}

void plan_free(struct plan *p)
{
	size_t i;

	for (i = 0; i < p->nseg; i++)
		if (!p->seg[i].borrowed)
			free(p->seg[i].buf);
	free(p->cmdline);
	memset(p, 0, sizeof(*p));
}
