// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kxcore: a tiny reader of ELF64 cores, independent of kexec's own code, for
 * the kdump suite (tests/kdump).  Built static for ppc64le to run in the
 * guests (/proc/vmcore, /proc/kcore) and for the host (the vmlinux file).
 * Physical addresses are found through the program headers' p_paddr.
 *
 *   kxcore phdrs FILE                 the ELF header and every program header,
 *                                     one line each, for the host to check
 *   kxcore notes FILE                 the notes in FILE's PT_NOTE segments,
 *                                     counted by kind
 *   kxcore read FILE PADDR LEN        raw bytes at physical PADDR to stdout
 *   kxcore hex FILE PADDR LEN         the same as one line of hex digits
 *   kxcore sums FILE PADDR LEN CHUNK  one short BLAKE2b-256 (16 hex digits) per
 *                                     CHUNK bytes, 8 to a line:
 *                                     "0xOFFSET D D D D D D D D"
 *   kxcore sum FILE PADDR LEN         the BLAKE2b-256 of the range, one line (the
 *                                     check; "sums" only says where it differs)
 *   kxcore scan FILE LO HI MARKER     every page-aligned physical address in
 *                                     [LO, HI) whose bytes start with MARKER
 *   kxcore pin LO HI MARKER           (not a core) take fresh anonymous pages
 *                                     until one lies at a physical address in
 *                                     [LO, HI) (by /proc/self/pagemap, as
 *                                     root), write MARKER there, print
 *                                     "paddr=0x... after=NM" (N MiB taken
 *                                     before it) and hold it, locked, until
 *                                     killed; the other pages go back
 *
 * Exit status 0, or 1 with one line on stderr.  Both byte orders are read.
 */
#define _FILE_OFFSET_BITS 64
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "blake2b.h"

#define PT_LOAD 1
#define PT_NOTE 4

static const char *prog = "kxcore";

static void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* BLAKE2b-256: the project's own (purgatory/blake2b.c), linked in by tests/kdump/run. */

/* ---- ELF -------------------------------------------------------------------- */

struct phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz;
};

struct core {
	const char *path;
	int fd, be;
	uint16_t type, machine, phnum;
	uint32_t eflags;
	struct phdr *ph;
};

static uint64_t ld(const struct core *c, const uint8_t *p, int n)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < n; i++)
		v |= (uint64_t)p[c->be ? n - 1 - i : i] << (8 * i);
	return v;
}

static void pread_all(const struct core *c, void *buf, size_t len, uint64_t off)
{
	uint8_t *p = buf;

	while (len) {
		ssize_t n = pread(c->fd, p, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			die("%s: read at 0x%" PRIx64 ": %s", c->path, off, strerror(errno));
		if (n == 0)
			die("%s: ends before 0x%" PRIx64, c->path, off);
		p += n, len -= (size_t)n, off += (uint64_t)n;
	}
}

static void core_open(struct core *c, const char *path)
{
	uint8_t e[64], p[56];
	uint64_t phoff;
	uint16_t phentsize, i;

	memset(c, 0, sizeof(*c));
	c->path = path;
	c->fd = open(path, O_RDONLY);
	if (c->fd < 0)
		die("%s: %s", path, strerror(errno));
	pread_all(c, e, sizeof(e), 0);
	if (memcmp(e, "\177ELF", 4) || e[4] != 2 || (e[5] != 1 && e[5] != 2))
		die("%s: not an ELF64 file", path);
	c->be = e[5] == 2;
	c->type = (uint16_t)ld(c, e + 16, 2);
	c->machine = (uint16_t)ld(c, e + 18, 2);
	c->eflags = (uint32_t)ld(c, e + 48, 4);
	phoff = ld(c, e + 32, 8);
	phentsize = (uint16_t)ld(c, e + 54, 2);
	c->phnum = (uint16_t)ld(c, e + 56, 2);
	if (phentsize != sizeof(p) || c->phnum == 0xffff)
		die("%s: unexpected e_phentsize %u or e_phnum %u", path, phentsize, c->phnum);
	c->ph = calloc(c->phnum ? c->phnum : 1, sizeof(*c->ph));
	if (!c->ph)
		die("out of memory");
	for (i = 0; i < c->phnum; i++) {
		struct phdr *h = &c->ph[i];

		pread_all(c, p, sizeof(p), phoff + (uint64_t)i * sizeof(p));
		h->type = (uint32_t)ld(c, p, 4);
		h->flags = (uint32_t)ld(c, p + 4, 4);
		h->offset = ld(c, p + 8, 8);
		h->vaddr = ld(c, p + 16, 8);
		h->paddr = ld(c, p + 24, 8);
		h->filesz = ld(c, p + 32, 8);
		h->memsz = ld(c, p + 40, 8);
	}
}

/*
 * Copy [paddr, paddr + len) into buf from the PT_LOADs that hold it.  A
 * piece covered by no PT_LOAD (with file data) is an error.  /proc/kcore
 * marks non-linear segments with p_paddr = -1; they never match.
 */
static void core_read(const struct core *c, uint64_t paddr, uint8_t *buf, uint64_t len)
{
	while (len) {
		const struct phdr *best = NULL;
		uint64_t n;
		int i;

		for (i = 0; i < c->phnum; i++) {
			const struct phdr *h = &c->ph[i];

			if (h->type == PT_LOAD && h->paddr != UINT64_MAX && paddr >= h->paddr &&
			    paddr - h->paddr < h->filesz) {
				best = h;
				break;
			}
		}
		if (!best)
			die("%s: no PT_LOAD holds physical address 0x%" PRIx64, c->path, paddr);
		n = best->filesz - (paddr - best->paddr);
		if (n > len)
			n = len;
		pread_all(c, buf, (size_t)n, best->offset + (paddr - best->paddr));
		paddr += n, buf += n, len -= n;
	}
}

static uint64_t num(const char *s)
{
	char *end;
	uint64_t v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *end)
		die("not a number: %s", s);
	return v;
}

static uint8_t *read_range(const struct core *c, uint64_t paddr, uint64_t len)
{
	uint8_t *b;

	if (len > (256u << 20))
		die("%" PRIu64 " bytes is more than this tool reads at once", len);
	b = malloc(len ? (size_t)len : 1);
	if (!b)
		die("out of memory");
	core_read(c, paddr, b, len);
	return b;
}

static void cmd_phdrs(const struct core *c)
{
	int i;

	printf("ELF data=%s type=%u machine=%u flags=%u phnum=%u\n", c->be ? "BE" : "LE", c->type,
	       c->machine, c->eflags, c->phnum);
	for (i = 0; i < c->phnum; i++) {
		const struct phdr *h = &c->ph[i];
		const char *t = h->type == PT_LOAD ? "LOAD" : h->type == PT_NOTE ? "NOTE" : "OTHER";

		printf("%s paddr=0x%" PRIx64 " size=0x%" PRIx64 " memsz=0x%" PRIx64 " offset=0x%" PRIx64
		       " vaddr=0x%" PRIx64 "\n", t, h->paddr, h->filesz, h->memsz, h->offset, h->vaddr);
	}
}

/* Notes by kind: "NOTES CORE/1=4 VMCOREINFO/0=1" (name/type=count). */
static void cmd_notes(const struct core *c)
{
	struct kind { char name[32]; uint32_t type; unsigned n; } k[32];
	unsigned nk = 0, j;
	int i;

	for (i = 0; i < c->phnum; i++) {
		const struct phdr *h = &c->ph[i];
		uint8_t *b;
		uint64_t o = 0;

		if (h->type != PT_NOTE)
			continue;
		if (h->filesz > (16u << 20))
			die("%s: a PT_NOTE of %" PRIu64 " bytes", c->path, h->filesz);
		b = malloc(h->filesz + 1);
		if (!b)
			die("out of memory");
		pread_all(c, b, (size_t)h->filesz, h->offset);
		while (o + 12 <= h->filesz) {
			uint32_t nsz = (uint32_t)ld(c, b + o, 4), dsz = (uint32_t)ld(c, b + o + 4, 4);
			uint32_t type = (uint32_t)ld(c, b + o + 8, 4);
			uint64_t next = o + 12 + ((nsz + 3ull) & ~3ull) + ((dsz + 3ull) & ~3ull);
			char name[32] = "";

			if (nsz == 0 && dsz == 0)
				break;		/* the end of a per-CPU buffer */
			if (next > h->filesz)
				die("%s: a note at 0x%" PRIx64 " runs past its PT_NOTE", c->path,
				    h->offset + o);
			if (nsz) {
				size_t l = nsz < sizeof(name) ? nsz : sizeof(name) - 1;

				memcpy(name, b + o + 12, l);
				name[l] = 0;
			}
			for (j = 0; j < nk; j++)
				if (!strcmp(k[j].name, name) && k[j].type == type)
					break;
			if (j == nk && nk < 32) {
				snprintf(k[nk].name, sizeof(k[nk].name), "%s", name);
				k[nk].type = type;
				k[nk++].n = 0;
			}
			if (j < nk)
				k[j].n++;
			o = next;
		}
		free(b);
	}
	printf("NOTES");
	for (j = 0; j < nk; j++)
		printf(" %s/%u=%u", k[j].name[0] ? k[j].name : "-", k[j].type, k[j].n);
	printf("\n");
}

/* ---- markers in physical memory ------------------------------------------- */

#define SCAN_CHUNK (4u << 20)
#define SCAN_MAP (64u << 20)

/*
 * Marker pages in [a, e) of PT_LOAD h, through mmap where the file allows it
 * (/proc/vmcore does): read() copies every page of old memory through a
 * mapping of its own, which under TCG with a hash MMU costs milliseconds a
 * page, while a mapping of the file costs a fault per page touched.  Returns
 * the next address to scan: e, or where mmap first failed.
 */
static uint64_t scan_mapped(const struct core *c, const struct phdr *h, uint64_t a, uint64_t e,
			    const char *marker, size_t ml, uint64_t *found)
{
	uint64_t sp = (uint64_t)sysconf(_SC_PAGESIZE), pg = 4096;

	if (a % sp || (h->offset - h->paddr) % sp)
		return a;
	while (a + ml <= e) {
		uint64_t n = e - a < SCAN_MAP ? e - a : SCAN_MAP, o;
		const uint8_t *m = mmap(NULL, (size_t)n, PROT_READ, MAP_SHARED, c->fd,
					(off_t)(h->offset + (a - h->paddr)));

		if (m == MAP_FAILED)
			return a;
		for (o = 0; o + ml <= n; o += pg)
			if (!memcmp(m + o, marker, ml)) {
				printf("paddr=0x%" PRIx64 "\n", a + o);
				(*found)++;
			}
		munmap((void *)m, (size_t)n);
		a += n;
	}
	return e;
}

static void cmd_scan(const struct core *c, uint64_t lo, uint64_t hi, const char *marker)
{
	size_t ml = strlen(marker);
	uint8_t *b = malloc(SCAN_CHUNK);
	uint64_t pg = 4096, found = 0;
	int i;

	if (!b)
		die("out of memory");
	if (!ml || ml > pg)
		die("a marker of %zu bytes", ml);
	for (i = 0; i < c->phnum; i++) {
		const struct phdr *h = &c->ph[i];
		uint64_t s, e, a;

		if (h->type != PT_LOAD || h->paddr == UINT64_MAX)
			continue;
		s = h->paddr > lo ? h->paddr : lo;
		e = h->paddr + h->filesz < hi ? h->paddr + h->filesz : hi;
		s = (s + pg - 1) & ~(pg - 1);
		if (s >= e)
			continue;
		for (a = scan_mapped(c, h, s, e, marker, ml, &found); a + ml <= e;) {
			uint64_t n = e - a < SCAN_CHUNK ? e - a : SCAN_CHUNK, o;

			pread_all(c, b, (size_t)n, h->offset + (a - h->paddr));
			for (o = 0; o + ml <= n; o += pg)
				if (!memcmp(b + o, marker, ml)) {
					printf("paddr=0x%" PRIx64 "\n", a + o);
					found++;
				}
			a += n;
		}
	}
	free(b);
	if (!found)
		printf("none\n");
}

static void __attribute__((noreturn)) cmd_pin(uint64_t lo, uint64_t hi, const char *marker)
{
	long pg = sysconf(_SC_PAGESIZE);
	size_t ml = strlen(marker), chunk = 64u << 20, tried = 0, i, n = 0, j;
	uint8_t *held[80];
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0)
		die("/proc/self/pagemap: %s", strerror(errno));
	if (!ml || ml >= (size_t)pg)
		die("a marker of %zu bytes", ml);
	/* Bounded: 4 GiB of tries, then give up (the range never came up). */
	while (tried < (4ull << 30) && n < sizeof(held) / sizeof(held[0])) {
		uint8_t *m = mmap(NULL, chunk, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (m == MAP_FAILED)
			die("mmap after %zu MiB: %s", tried >> 20, strerror(errno));
		/* Base pages: khugepaged would copy them into a huge page elsewhere. */
		madvise(m, chunk, MADV_NOHUGEPAGE);
		for (i = 0; i < chunk; i += (size_t)pg)
			m[i] = 1;	/* touch: a real page now */
		for (i = 0; i < chunk; i += (size_t)pg) {
			uint8_t e[8];
			uint64_t v, pa;

			if (pread(fd, e, 8, (off_t)(((uintptr_t)(m + i) / (uint64_t)pg) * 8)) != 8)
				die("/proc/self/pagemap: %s", strerror(errno));
			memcpy(&v, e, 8);	/* native order: the kernel wrote it */
			if (!(v >> 63) || !(v & ((1ull << 55) - 1)))
				continue;	/* not present, or the PFN is hidden (not root) */
			pa = (v & ((1ull << 55) - 1)) * (uint64_t)pg;
			if (pa < lo || pa >= hi)
				continue;
			/* Only this page carries the marker: the dump must hold it here. */
			memcpy(m + i, marker, ml);
			if (mlock(m + i, (size_t)pg) != 0)
				die("mlock: %s", strerror(errno));
			/*
			 * Give the rest back (the next marker, and whatever runs
			 * before the crash, need the memory): the pages skipped
			 * were only needed while looking.
			 */
			for (j = 0; j < n; j++)
				munmap(held[j], chunk);
			if (i)
				munmap(m, i);
			if (i + (size_t)pg < chunk)
				munmap(m + i + pg, chunk - i - (size_t)pg);
			printf("paddr=0x%" PRIx64 " after=%zuM\n", pa, (tried >> 20));
			fflush(stdout);
			for (;;)
				pause();
		}
		held[n++] = m;	/* keep it: the next chunk must come from elsewhere */
		tried += chunk;
	}
	die("no page in [0x%" PRIx64 ", 0x%" PRIx64 ") after %zu MiB", lo, hi, tried >> 20);
}

int main(int argc, char **argv)
{
	struct core c;
	uint64_t paddr, len, chunk, i;
	uint8_t *b, d[32];
	int j;

	if (argc == 5 && !strcmp(argv[1], "pin"))
		cmd_pin(num(argv[2]), num(argv[3]), argv[4]);
	if (argc < 3)
		die("usage: kxcore phdrs|notes FILE | read|hex|sum FILE PADDR LEN | sums FILE PADDR LEN CHUNK"
		    " | scan FILE LO HI MARKER | pin LO HI MARKER");
	core_open(&c, argv[2]);
	if (!strcmp(argv[1], "phdrs") && argc == 3) {
		cmd_phdrs(&c);
	} else if (!strcmp(argv[1], "notes") && argc == 3) {
		cmd_notes(&c);
	} else if ((!strcmp(argv[1], "read") || !strcmp(argv[1], "hex")) && argc == 5) {
		paddr = num(argv[3]), len = num(argv[4]);
		b = read_range(&c, paddr, len);
		if (argv[1][0] == 'r') {
			if (fwrite(b, 1, (size_t)len, stdout) != len)
				die("write: %s", strerror(errno));
		} else {
			for (i = 0; i < len; i++)
				printf("%02x", b[i]);
			printf("\n");
		}
		free(b);
	} else if (!strcmp(argv[1], "scan") && argc == 6) {
		cmd_scan(&c, num(argv[3]), num(argv[4]), argv[5]);
	} else if (!strcmp(argv[1], "sum") && argc == 5) {
		paddr = num(argv[3]), len = num(argv[4]);
		b = read_range(&c, paddr, len);
		kx_digest(b, (size_t)len, d);
		for (j = 0; j < 32; j++)
			printf("%02x", d[j]);
		printf("\n");
		free(b);
	} else if (!strcmp(argv[1], "sums") && argc == 6) {
		paddr = num(argv[3]), len = num(argv[4]), chunk = num(argv[5]);
		if (!chunk || len % chunk)
			die("LEN must be a multiple of CHUNK");
		b = read_range(&c, paddr, len);
		for (i = 0; i < len; i += chunk) {
			if ((i / chunk) % 8 == 0)
				printf("%s0x%" PRIx64, i ? "\n" : "", paddr + i);
			kx_digest(b + i, (size_t)chunk, d);
			printf(" ");
			for (j = 0; j < 8; j++)
				printf("%02x", d[j]);
		}
		printf("\n");
		free(b);
	} else {
		die("bad arguments (see the comment at the top of kxcore.c)");
	}
	if (fflush(stdout) != 0)
		die("write: %s", strerror(errno));
	free(c.ph);
	close(c.fd);
	return 0;
}
