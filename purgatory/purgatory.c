// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The purgatory's C half: runs on the master CPU in real mode between the
 * old kernel and the new one.  It checks that every segment the loader
 * digested is still intact, copies the kdump backup region, hands the
 * secondary CPUs to the next kernel's hold loop, and records the master's
 * CPU id in the device tree; entry.S then starts the kernel.
 *
 * Nothing here may touch memory outside the segments the loader describes
 * and the next kernel's head at 0 (its hold loop's two words): real mode on
 * a hash-MMU LPAR only reaches the RMA.
 */
#include "purgatory.h"
#include "sha256.h"
#include "bytes.h"

#define FDT_OFF_BOOT_CPUID	0x1c	/* ABI: fdt_header.boot_cpuid_phys (BE) */

/* Never returns: booting a corrupted image would be worse than stopping. */
/* A spin-wait step: low, then medium SMT priority, and a compiler barrier. */
static void relax(void)
{
	__asm__ volatile("or 1,1,1; or 2,2,2" ::: "memory");
}

/* Never returns: booting a corrupted image would be worse than stopping. */
static void __attribute__((noreturn)) stop(void)
{
	for (;;)
		relax();
}

static void sync(void)
{
	__asm__ volatile("sync" ::: "memory");
}

/*
 * The doubleword at physical @off (below 0x100, the next kernel's own head,
 * in its byte order).  One 8-byte access: another CPU writes it.  The
 * pointer is laundered so the compiler sees no fixed address near NULL.
 */
static volatile uint64_t *low_word(uint32_t off)
{
	uintptr_t a = off;

	__asm__("" : "+r"(a));
	return (volatile uint64_t *)a;
}

static uint64_t to_kernel(const struct purg_params *p, uint64_t v)
{
#ifdef __BIG_ENDIAN__
	int own_be = 1;
#else
	int own_be = 0;
#endif
	return own_be == !!(p->flags & PURG_F_KERNEL_BE) ? v : __builtin_bswap64(v);
}

/*
 * Secondary CPUs (entry.S purg_secondary, purgatory-abi.h): see each one
 * arrive, then hand each back to the next kernel's hold loop at 0x60 and
 * see it get there, before the kernel starts and copies itself over the old
 * kernel's kexec_wait.  Every wait is bounded on the timebase; a CPU that
 * misses one is named on the console and the boot goes on, as it would
 * have without this.
 */
static void secondaries(struct purg_params *p, uint64_t t0)
{
	volatile struct purg_hold *h = &purg_hold;
	uint64_t ms = purg_tb_ms(p), deadline;
	uint32_t want = p->nr_secondaries, i, id1;
	int verbose = p->flags & PURG_F_VERBOSE;

	if (!p->hold_spin) {
		/* Nothing to watch: give them time to leave the old kernel. */
		deadline = t0 + PURG_BLIND_MS * ms;
		while (want && purg_before(deadline))
			relax();
		if (want && verbose) {
			console_puts(p, "kexec purgatory: other CPUs: ");
			console_dec(p, want);
			console_puts(p, " expected, no hold loop to watch them reach; waited ");
			console_dec(p, PURG_BLIND_MS);
			console_puts(p, " ms\n");
		}
		return;
	}
	deadline = t0 + PURG_GATHER_MS * ms;
	while (h->arrived < want && purg_before(deadline))
		relax();
	/* Closed: a CPU reaching 0x60 from now on stays in the kernel's loop. */
	*low_word(p->hold_spin) = 0;
	sync();
	/* Said even without --purgatory-verbose: the next kernel may miss a CPU. */
	if (h->arrived < want) {
		console_puts(p, "kexec purgatory: ");
		console_dec(p, h->arrived);
		console_puts(p, " of ");
		console_dec(p, want);
		console_puts(p, " other CPUs came within ");
		console_dec(p, PURG_GATHER_MS);
		console_puts(p, " ms; starting without the rest\n");
	}
	deadline = purg_mftb() + PURG_HANDOVER_MS * ms;
	for (i = 0; i < h->arrived && i < PURG_MAX_HELD; i++) {
		/* Its id follows its count by a few instructions. */
		while (!(id1 = h->ids[i]) && purg_before(deadline))
			relax();
		if (!id1)
			break;
		*low_word(p->hold_ack) = ~0ULL;
		sync();				/* the old value is gone before it may go */
		h->turn = i + 1;
		sync();
		while (*low_word(p->hold_ack) != to_kernel(p, id1 - 1) && purg_before(deadline))
			relax();
		if (*low_word(p->hold_ack) != to_kernel(p, id1 - 1)) {
			console_puts(p, "kexec purgatory: CPU ");
			console_dec(p, id1 - 1);
			console_puts(p, " did not reach the next kernel's hold loop within ");
			console_dec(p, PURG_HANDOVER_MS);
			console_puts(p, " ms\n");
			break;
		}
	}
	/* Any left (late, or past a timeout) go now, unwatched. */
	h->turn = PURG_HOLD_ALL;
	sync();
	if (verbose) {
		console_puts(p, "kexec purgatory: other CPUs: ");
		console_dec(p, want);
		console_puts(p, " expected, ");
		console_dec(p, h->arrived);
		console_puts(p, " came, ");
		console_dec(p, i);
		console_puts(p, " reached the next kernel's hold loop\n");
	}
}

static void report_mismatch(const struct purg_params *p, uint32_t i)
{
	const struct purg_region *r = &p->regions[i];

	console_puts(p, "\nkexec purgatory: SHA-256 mismatch in segment ");
	console_dec(p, i);
	console_puts(p, " at ");
	console_hex(p, r->start);
	console_puts(p, "-");
	console_hex(p, r->start + r->len);
	console_puts(p, ": memory changed since kexec loaded it; not booting\n");
}

static int region_ok(const struct purg_region *r)
{
	uint8_t digest[SHA256_DIGEST_SIZE];

	/* Real mode: a physical address is the pointer. */
	sha256((const void *)(uintptr_t)r->start, (size_t)r->len, digest);
	return memcmp(digest, r->sha256, sizeof(digest)) == 0;
}

void purgatory_main(uint64_t cpu)
{
	struct purg_params *p = &purg_params;
	uint32_t i, n = p->nr_regions;
	int verbose = p->flags & PURG_F_VERBOSE;
	uint64_t t0 = purg_mftb();

	p->boot_cpu = (uint32_t)cpu;
	if (n > PURG_MAX_REGIONS)
		n = PURG_MAX_REGIONS;
	if (verbose) {
		console_puts(p, "kexec purgatory: master CPU ");
		console_dec(p, cpu);
		console_puts(p, "\n");
	}
	if (p->flags & PURG_F_VERIFY) {
		for (i = 0; i < n; i++) {
			if (!region_ok(&p->regions[i])) {
				report_mismatch(p, i);
				stop();
			}
		}
		if (verbose)
			console_puts(p, "kexec purgatory: all digests match\n");
	}
	/* The device tree is checked above before we change it. */
	if (p->flags & PURG_F_BACKUP)
		memcpy((void *)(uintptr_t)p->backup_dst, (const void *)(uintptr_t)p->backup_src,
		       (size_t)p->backup_size);
	/* After the checks: the secondaries arrive meanwhile. */
	secondaries(p, t0);
	/* ABI: the next kernel boots on the CPU named in the FDT header. */
	be32_st((uint8_t *)(uintptr_t)p->fdt + FDT_OFF_BOOT_CPUID, (uint32_t)cpu);
	if (verbose) {
		console_puts(p, "kexec purgatory: entering kernel at ");
		console_hex(p, p->kernel_entry);
		console_puts(p, "\n");
	}
}

void *memcpy(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	uint8_t *d = dst;

	while (n--)
		*d++ = (uint8_t)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x < *y ? -1 : 1;
	return 0;
}
