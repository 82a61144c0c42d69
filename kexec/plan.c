// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "digest.h"
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
	s->source = source;
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

/* Segments still to hash, shared by the threads of plan_digest(). */
struct digest_work {
	struct segment *seg[KX_MAX_SEGMENTS];
	size_t n;
	size_t next;		/* taken with an atomic add */
	enum kx_sha256_code code;	/* the fastest here, timed once */
};

static void *digest_worker(void *arg)
{
	struct digest_work *w = arg;
	size_t i;

	while ((i = __atomic_fetch_add(&w->next, 1, __ATOMIC_RELAXED)) < w->n)
		kx_sha256_by(w->code, w->seg[i]->buf, w->seg[i]->bufsz, w->seg[i]->sha256);
	return NULL;
}

static int by_size_desc(const void *a, const void *b)
{
	const struct segment *x = *(struct segment *const *)a, *y = *(struct segment *const *)b;

	return x->bufsz < y->bufsz ? 1 : x->bufsz > y->bufsz ? -1 : 0;
}

/*
 * CPUs this process may run on: its affinity mask, which taskset and cgroup
 * cpusets narrow (the online count would overstate them); at least 1.
 */
static size_t usable_cpus(void)
{
	cpu_set_t set;
	long n;

	if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0)
		return (size_t)CPU_COUNT(&set);
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (size_t)n : 1;
}

/*
 * SHA-256 of every segment.  Hashing is most of a load's time and the
 * segments are independent, so they are hashed on up to one thread per
 * usable CPU (at most 4: a kernel, an initrd and two small ones is the usual
 * load), largest first; qemu-user runs guest threads in parallel too.  A
 * thread that cannot be started leaves its share to the others.
 */
void plan_digest(struct plan *p)
{
	struct digest_work w;
	pthread_t tid[3];
	size_t cpus = usable_cpus();
	size_t i, nt = 0, want;

	memset(&w, 0, sizeof(w));
	for (i = 0; i < p->nseg; i++)
		w.seg[w.n++] = &p->seg[i];
	qsort(w.seg, w.n, sizeof(w.seg[0]), by_size_desc);
	/* Sampled from the largest segment, and only when there is much to hash. */
	w.code = KX_SHA256_SCALAR;
	if (w.n && w.seg[0]->bufsz >= (1u << 20))
		w.code = kx_sha256_fastest(w.seg[0]->buf, w.seg[0]->bufsz);
	want = w.n < 4 ? w.n : 4;
	if (cpus < want)
		want = cpus;
	/* Small segments are not worth a thread: only the big ones get one. */
	while (want > 1 && w.seg[want - 1]->bufsz < (1u << 20))
		want--;
	for (; nt + 1 < want; nt++)
		if (pthread_create(&tid[nt], NULL, digest_worker, &w) != 0)
			break;
	digest_worker(&w);
	for (i = 0; i < nt; i++)
		pthread_join(tid[i], NULL);
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

	fprintf(f, "kexec plan: %s, kexec_load, flags 0x%lx, page size %llu\n", p->arch, p->flags,
		(unsigned long long)p->page_size);
	if (p->kernel_desc[0])
		fprintf(f, "kernel image: %s\n", p->kernel_desc);
	for (i = 0; i < p->nseg; i++) {
		const struct segment *s = &p->seg[i];

		fprintf(f, "segment %zu: %-10s 0x%016llx-0x%016llx %10s  sha256 ", i,
			role_name(s->role), (unsigned long long)s->mem,
			(unsigned long long)(s->mem + s->memsz), kx_size(sz, s->memsz));
		hex(f, s->sha256, sizeof(s->sha256));
		fprintf(f, "%s%s%s\n", s->verified ? "" : " (not re-checked)",
			s->source ? "  " : "", s->source ? s->source : "");
	}
	fprintf(f, "entry: 0x%llx (purgatory)\n", (unsigned long long)p->entry);
	fprintf(f, "kernel entry: 0x%llx, device tree: 0x%llx\n",
		(unsigned long long)p->kernel_entry, (unsigned long long)p->fdt_addr);
	fprintf(f, "command line (%zu bytes): %s\n", p->cmdline ? strlen(p->cmdline) : 0,
		p->cmdline ? p->cmdline : "");
	for (i = 0; i < p->nnotes; i++)
		fprintf(f, "note: %s\n", p->notes[i]);
}

void file_plan_print(const struct file_plan *p, FILE *f)
{
	fprintf(f, "kexec plan: %s, kexec_file_load, flags 0x%lx, page size %llu\n", p->arch,
		p->flags, (unsigned long long)p->page_size);
	if (p->kernel_desc[0])
		fprintf(f, "kernel image: %s\n", p->kernel_desc);
	fprintf(f, "kernel file: %s\ninitrd file: %s\n", p->kernel_file ? p->kernel_file : "",
		p->initrd_file ? p->initrd_file : "");
	fprintf(f, "command line (%zu bytes): %s\n", p->cmdline ? strlen(p->cmdline) : 0,
		p->cmdline ? p->cmdline : "");
	if (p->note)
		fprintf(f, "note: %s\n", p->note);
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

void file_plan_free(struct file_plan *p)
{
	free(p->cmdline);
	free(p->kernel_file);
	memset(p, 0, sizeof(*p));
}
