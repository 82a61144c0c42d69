// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The ELF core header a crash kernel turns into /proc/vmcore.
 *
 * Written in the running kernel's byte order (the crash kernel is read by the
 * same machine).  Notes: one PT_NOTE per possible CPU, pointing at the
 * crashed kernel's per-CPU crash_notes buffer (it fills them while it dies),
 * and one for vmcoreinfo (kernel/crash_core.c, crash_prepare_elf64_headers:
 * for_each_possible_cpu).  Memory: a PT_LOAD per merged range of RAM outside
 * the crash region plus RTAS and OPAL wherever they are (as the kernel's
 * get_crash_memory_ranges), with p_vaddr in the linear mapping
 * (PPC64_PAGE_OFFSET), except that the first 64 KiB are read from the backup copy
 * the purgatory makes, since the crash kernel puts its exception vectors
 * there.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "bytes.h"
#include "kdump.h"
#include "ppc64.h"
#include "sysread.h"

#define ET_CORE		4
#define EM_PPC64	21
#define PT_LOAD		1
#define PT_NOTE		4
#define EHDR_SIZE	64
#define PHDR_SIZE	56
#define MAX_PHDRS	65534		/* e_phnum is 16 bits; 0xffff means "extended" */

int cpulist_parse(const char *s, int (*fn)(int cpu, void *arg), void *arg)
{
	const char *p = s;
	long next = 0;		/* the lowest CPU the list may name next */

	while (*p && *p != '\n') {
		char *end;
		long a, b;
		int rc, i;

		/* Digits only: strtol would also take signs and spaces. */
		if (*p < '0' || *p > '9')
			return -EINVAL;
		a = strtol(p, &end, 10);
		b = a;
		p = end;
		if (*p == '-') {
			if (p[1] < '0' || p[1] > '9')
				return -EINVAL;
			b = strtol(p + 1, &end, 10);
			p = end;
		}
		/*
		 * The kernel prints a cpumask in increasing order without
		 * overlaps, and no ppc64 kernel has more than KX_MAX_CPUS: so
		 * the work is bounded by that, not by the numbers in the list.
		 */
		if (a < next || b < a || b >= KX_MAX_CPUS)
			return -EINVAL;
		for (i = (int)a; i <= (int)b; i++)
			if ((rc = fn(i, arg)) < 0)
				return rc;
		next = b + 1;
		if (*p == ',')
			p++;
		else if (*p && *p != '\n')
			return -EINVAL;
	}
	return 0;
}

struct note_walk {
	const struct kx_ctx *c;
	struct crash_notes *n;
	size_t cap;
	int said;		/* one_cpu already printed why it failed */
	/*
	 * The sysroot's "/sys/devices/system/cpu/", open as @dir: each CPU's
	 * files are opened relative to it ("cpuN/crash_notes"), which spares
	 * the kernel a walk of the whole path per file (and qemu-user its
	 * lookup of every absolute path under its -L root).  @path is the same
	 * path written out, with the relative part after @dirlen, for messages.
	 */
	int dir;
	char path[4096];
	size_t dirlen;
	/*
	 * Every CPU's note has the same size: crash_notes_size shows
	 * sizeof(note_buf_t) whichever CPU it belongs to (drivers/base/cpu.c).
	 * So it is read once, from the first CPU with a note, and not 2,560
	 * times on a machine of 2,560 possible CPUs (three system calls each,
	 * a third of a large -p's under emulation).  0 until then.
	 */
	uint64_t size;
};

static int push(struct crash_notes *n, size_t *cap, uint64_t addr, uint64_t size, int cpu)
{
	if (n->n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		struct crash_note *v = realloc(n->v, nc * sizeof(*v));

		if (!v)
			return -ENOMEM;
		n->v = v;
		*cap = nc;
	}
	n->v[n->n].addr = addr;
	n->v[n->n].size = size;
	n->v[n->n].cpu = cpu;
	n->n++;
	return 0;
}

/* For messages: the first line of a file's contents, at most 40 characters. */
static const char *first_line(char *s)
{
	s[strcspn(s, "\n")] = 0;
	if (strlen(s) > 40)
		s[40] = 0;
	return s;
}

/*
 * A sysfs attribute at @full (under the sysroot; opened as @full + @rel
 * relative to the directory @dir) holding one number in @base
 * (16 or 10), nothing else but "\n".  One read: sysfs produces an attribute
 * whole, with one show() call, and hands it out from the start (as a regular
 * file in a captured sysroot does), so a buffer larger than any number is
 * filled at once.  No fstat and no read for EOF: a -p on a machine of 2,560
 * possible CPUs reads two of these per CPU, and under emulation each system
 * call counts.  0, or -errno (-ENOENT unsaid when @quiet_enoent).
 */
static int read_num(int dir, const char *full, size_t rel, int base, uint64_t *v, int quiet_enoent)
{
	char s[64], *end;
	ssize_t n;
	int fd = openat(dir, full + rel, O_RDONLY | O_CLOEXEC), rc = 0;

	if (fd < 0) {
		rc = -errno;
		if (rc != -ENOENT || !quiet_enoent)
			kx_err("cannot read %s: %s", full, strerror(-rc));
		return rc;
	}
	while ((n = read(fd, s, sizeof(s) - 1)) < 0 && errno == EINTR)
		;
	if (n < 0)
		rc = -errno;
	close(fd);
	if (rc < 0) {
		kx_err("cannot read %s: %s", full, strerror(-rc));
		return rc;
	}
	s[n] = 0;
	errno = 0;
	*v = strtoull(s, &end, base);
	/* A full buffer is more than any one number: malformed too. */
	if (errno || end == s || (*end && strcmp(end, "\n")) || n == (ssize_t)sizeof(s) - 1) {
		kx_err("%s: malformed value \"%s\" (expected one %s number)", full, first_line(s),
		       base == 16 ? "hexadecimal" : "decimal");
		return -EINVAL;
	}
	return 0;
}

/*
 * "cpu<N>/crash_notes" at @dst, with room left for "_size": its length, or
 * -1 when @room is too small.  Not snprintf: this runs for each of thousands
 * of CPUs, and printf is slow under emulation.
 */
static int cpu_path(char *dst, size_t room, int cpu)
{
	static const char tail[] = "/crash_notes";
	char digits[12];
	int nd = 0, k;

	do
		digits[nd++] = (char)('0' + cpu % 10);
	while ((cpu /= 10) && nd < (int)sizeof(digits));
	if (3 + (size_t)nd + sizeof(tail) + sizeof("_size") > room)
		return -1;
	memcpy(dst, "cpu", 3);
	k = 3;
	while (nd)
		dst[k++] = digits[--nd];
	memcpy(dst + k, tail, sizeof(tail));
	return k + (int)sizeof(tail) - 1;
}

static int one_cpu_notes(struct note_walk *w, int cpu);

static int one_cpu(int cpu, void *arg)
{
	struct note_walk *w = arg;
	int rc = one_cpu_notes(w, cpu);

	w->said = rc < 0;
	return rc;
}

static int one_cpu_notes(struct note_walk *w, int cpu)
{
	char *tail = w->path + w->dirlen;
	size_t room = sizeof(w->path) - w->dirlen;
	uint64_t addr, size;
	int rc, k;

	w->n->possible++;
	/*
	 * "N/crash_notes", then (first CPU only) "N/crash_notes_size"; the
	 * directory alone if the first is missing.
	 */
	k = cpu_path(tail, room, cpu);
	if (k < 0)
		return -ENAMETOOLONG;	/* not reached: the prefix was checked to leave room */
	rc = read_num(w->dir, w->path, w->dirlen, 16, &addr, 1);
	if (rc == -ENOENT) {
		/*
		 * The kernel's own core header has a note for every possible CPU,
		 * and pseries registers a sysfs device (with crash_notes) for each
		 * of them when CPUs can be hot-plugged (topology_init, arch/powerpc/
		 * kernel/sysfs.c).  Elsewhere a possible CPU that was never online
		 * has no directory: its note's address cannot be known here.
		 * Counted, and the plan says so.  A directory without the file is
		 * an error (a kernel without CONFIG_CRASH_DUMP has none anywhere).
		 */
		tail[strcspn(tail, "/")] = 0;
		if (faccessat(w->dir, tail, F_OK, 0) != 0) {
			kx_dbg(w->c, "CPU %d is possible but has no sysfs directory: no crash note", cpu);
			w->n->missing++;
			return 0;
		}
		cpu_path(tail, room, cpu);
		kx_err("cannot read %s: %s", w->path, strerror(ENOENT));
	}
	if (rc < 0)
		return rc;
	if (!w->size) {
		strcat(tail, "_size");
		if ((rc = read_num(w->dir, w->path, w->dirlen, 10, &w->size, 0)) < 0)
			return rc;
	}
	size = w->size;
	if (!addr || !size || size > (1u << 20) || addr > UINT64_MAX - size) {
		kx_err("CPU %d: crash note at 0x%llx of %llu bytes is not plausible (a note is at "
		       "most 1 MiB, not at 0, and does not wrap around the address space)", cpu,
		       (unsigned long long)addr, (unsigned long long)size);
		return -EINVAL;
	}
	return push(w->n, &w->cap, addr, size, cpu);
}

int crash_notes_read(const struct kx_ctx *c, struct crash_notes *out)
{
	struct note_walk w;	/* about 4 KiB, like full[] */
	char *s, *end, full[4096];
	unsigned long long addr, size;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&w, 0, sizeof(w));
	w.c = c;
	w.n = out;
	w.dir = -1;
	/* Room left for "cpu<N>/crash_notes_size". */
	if (sysread_path(c, "/sys/devices/system/cpu/", w.path, sizeof(w.path) - 32) < 0) {
		kx_err("the sysroot path is too long");
		return -ENAMETOOLONG;
	}
	w.dirlen = strlen(w.path);
	sysread_path(c, "/sys/devices/system/cpu/possible", full, sizeof(full));
	rc = sysread_try(c, "/sys/devices/system/cpu/possible", &s, NULL);
	if (rc < 0) {
		kx_err("cannot read %s: %s (the crash kernel needs every CPU's register notes)", full,
		       strerror(-rc));
		return rc;
	}
	/* Readable a moment ago through the same directory. */
	w.dir = open(w.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (w.dir < 0) {
		rc = -errno;
		kx_err("cannot read %s: %s", w.path, strerror(-rc));
		free(s);
		return rc;
	}
	rc = cpulist_parse(s, one_cpu, &w);
	close(w.dir);
	/* A syntax error anywhere in the list, not one a CPU's files already reported. */
	if (rc < 0 && !w.said)
		kx_err("%s: malformed CPU list \"%s\" (the kernel prints increasing, non-overlapping "
		       "CPU numbers below %d)", full, first_line(s), KX_MAX_CPUS);
	free(s);
	if (rc < 0)
		goto fail;
	if (!out->n) {
		kx_err("no CPU has a crash note in /sys/devices/system/cpu: is the kernel built "
		       "with CONFIG_CRASH_DUMP?");
		rc = -ENOENT;
		goto fail;
	}
	/* vmcoreinfo: "ADDR SIZE", both hexadecimal. */
	sysread_path(c, "/sys/kernel/vmcoreinfo", full, sizeof(full));
	rc = sysread_try(c, "/sys/kernel/vmcoreinfo", &s, NULL);
	if (rc < 0) {
		kx_err("cannot read %s: %s (needed so that dump tools can read the core)", full,
		       strerror(-rc));
		goto fail;
	}
	errno = 0;
	addr = strtoull(s, &end, 16);
	size = (end != s && *end == ' ') ? strtoull(end + 1, &end, 16) : 0;
	if (errno || !addr || !size || size > (1u << 20) || addr > UINT64_MAX - size ||
	    (*end && strcmp(end, "\n"))) {
		kx_err("%s: malformed \"%s\" (expected \"ADDRESS SIZE\" in hexadecimal, at most "
		       "1 MiB, not wrapping around)", full, first_line(s));
		free(s);
		rc = -EINVAL;
		goto fail;
	}
	free(s);
	if ((rc = push(out, &w.cap, addr, size, -1)) < 0)
		goto fail;
	return 0;
fail:
	crash_notes_free(out);
	return rc;
}

void crash_notes_free(struct crash_notes *n)
{
	free(n->v);
	memset(n, 0, sizeof(*n));
}

/*
 * The memory the core describes: RAM outside the crash region, and RTAS and
 * OPAL even inside it (get_crash_memory_ranges adds them back: their state at
 * the crash is worth having), merged.
 */
static int core_ranges(const struct core_mem *cm, struct rangeset *out)
{
	size_t i;
	int rc = rs_copy(out, cm->ram);

	if (rc == 0)
		rc = rs_subtract(out, cm->crash_base, cm->crash_end);
	for (i = 0; rc == 0 && cm->fw_dump && i < cm->fw_dump->n; i++)
		rc = rs_add(out, cm->fw_dump->v[i].start, cm->fw_dump->v[i].end, cm->fw_dump->v[i].label);
	if (rc == 0)
		rs_merge(out);
	/* [0, 64K) gets its own header: it is read from the backup copy. */
	if (rc == 0 && out->n && out->v[0].start == 0 && out->v[0].end > KDUMP_BACKUP_SIZE) {
		uint64_t end = out->v[0].end;

		out->v[0].end = KDUMP_BACKUP_SIZE;
		rc = rs_add(out, KDUMP_BACKUP_SIZE, end, "RAM");
		rs_sort(out);
	}
	return rc;
}

size_t elfcorehdr_size(const struct crash_notes *n, const struct core_mem *cm)
{
	struct rangeset r;
	size_t nph;

	if (core_ranges(cm, &r) < 0)
		return 0;
	nph = n->n + r.n;
	rs_free(&r);
	return EHDR_SIZE + nph * PHDR_SIZE;
}

static void phdr(uint8_t *p, int be, uint32_t type, uint64_t off, uint64_t vaddr,
		 uint64_t paddr, uint64_t size)
{
	bo32_st(be, p, type);
	bo32_st(be, p + 4, type == PT_LOAD ? 7 : 0);	/* PF_R|PF_W|PF_X */
	bo64_st(be, p + 8, off);
	bo64_st(be, p + 16, vaddr);
	bo64_st(be, p + 24, paddr);
	bo64_st(be, p + 32, size);
	bo64_st(be, p + 40, size);
	bo64_st(be, p + 48, 0);
}

int elfcorehdr_build(int big_endian, const struct crash_notes *n, const struct core_mem *cm,
		     uint64_t backup, uint8_t **buf, size_t *len, size_t *nloads)
{
	struct rangeset r;
	size_t nph, i, k = 0, sz;
	uint8_t *b, *p;
	int rc = core_ranges(cm, &r);

	if (rc < 0)
		return rc;
	nph = n->n + r.n;
	if (nph > MAX_PHDRS) {
		kx_err("the core header would need %zu program headers (more than %d)", nph, MAX_PHDRS);
		rs_free(&r);
		return -E2BIG;
	}
	sz = EHDR_SIZE + nph * PHDR_SIZE;
	b = calloc(1, sz);
	if (!b) {
		rs_free(&r);
		return -ENOMEM;
	}
	memcpy(b, "\177ELF", 4);
	b[4] = 2;				/* ELFCLASS64 */
	b[5] = big_endian ? 2 : 1;		/* EI_DATA */
	b[6] = 1;				/* EV_CURRENT */
	bo16_st(big_endian, b + 16, ET_CORE);	/* e_type */
	bo16_st(big_endian, b + 18, EM_PPC64);	/* e_machine */
	bo32_st(big_endian, b + 20, 1);		/* e_version */
	bo64_st(big_endian, b + 32, EHDR_SIZE);	/* e_phoff */
	/* ABI: ELF_CORE_EFLAGS is 2 (ELFv2) for little-endian kernels. */
	bo32_st(big_endian, b + 48, big_endian ? 0 : 2);
	bo16_st(big_endian, b + 52, EHDR_SIZE);	/* e_ehsize */
	bo16_st(big_endian, b + 54, PHDR_SIZE);	/* e_phentsize */
	bo16_st(big_endian, b + 56, (uint16_t)nph);	/* e_phnum */

	p = b + EHDR_SIZE;
	for (i = 0; i < n->n; i++, p += PHDR_SIZE)
		phdr(p, big_endian, PT_NOTE, n->v[i].addr, 0, n->v[i].addr, n->v[i].size);
	for (i = 0; i < r.n; i++, p += PHDR_SIZE, k++) {
		uint64_t s = r.v[i].start, e = r.v[i].end;

		phdr(p, big_endian, PT_LOAD, s == 0 && e == KDUMP_BACKUP_SIZE ? backup : s,
		     PPC64_PAGE_OFFSET + s, s, e - s);
	}
	rs_free(&r);
	*buf = b;
	*len = sz;
	*nloads = k;
	return 0;
}
