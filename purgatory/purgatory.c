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
#include "blake2b.h"
#include "bytes.h"

#define FDT_OFF_BOOT_CPUID	0x1c	/* ABI: fdt_header.boot_cpuid_phys (BE) */

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

/* A region's check result (check.result): 0 while it runs. */
#define CHECK_MATCHES	1
#define CHECK_DIFFERS	2	/* the BLAKE2b-256 of its blocks with data */
#define CHECK_NOT_ZERO	3	/* a block the loader found all zeros */

/* @result: CHECK_DIFFERS or CHECK_NOT_ZERO, which part of the region's check failed. */
static void report_mismatch(const struct purg_params *p, uint32_t i, uint32_t result)
{
	const struct purg_region *r = &p->regions[i];

	console_puts(p, result == CHECK_NOT_ZERO ? "\nkexec purgatory: non-zero bytes in a zero block of region "
						 : "\nkexec purgatory: digest mismatch in region ");
	console_dec(p, i);
	console_puts(p, " at ");
	console_hex(p, r->start);
	console_puts(p, "-");
	console_hex(p, r->start + r->len);
	console_puts(p, ": memory changed since kexec loaded it; not booting\n");
}

/*
 * The digest check, shared: the master and up to PURG_HASH_HELPERS
 * secondaries (entry.S sends them here as they arrive, which is while the
 * master starts checking) each take the next region not yet taken, largest
 * first.  On the reboot path every CPU is otherwise idle, and a kernel and
 * an initrd are checked at once.  In .bss, zero when the first CPU comes:
 * nothing needs setting up, whoever is first.  Each region is hashed in
 * pieces, counting the bytes done, so that the master can tell a helper
 * that is slow from one that has stopped (a vCPU never dispatched again):
 * it checks such a region itself.  The result is the same check as before:
 * every byte of every region, against the loader's digest.
 */
#define CHECK_PIECE	(256u << 10)	/* bytes hashed between progress reports */
#define CHECK_STALL_MS	2000		/* no progress for this long: the master takes over */
#define TEST_STALL_MS	3000		/* --test-stalled-helper: how long the helper stops */

static struct {
	uint32_t next;				/* taken with an atomic add */
	uint32_t cpus;				/* CPUs that took at least one region */
	uint32_t result[PURG_MAX_REGIONS];	/* CHECK_*, 0 until checked */
	uint64_t progress[PURG_MAX_REGIONS];	/* bytes hashed so far */
	uint32_t stalled;			/* test seam: a helper has stopped */
} check;

static uint32_t nr_regions(const struct purg_params *p)
{
	return p->nr_regions > PURG_MAX_REGIONS ? PURG_MAX_REGIONS : p->nr_regions;
}

/*
 * Region @i checked against the loader's record, progress counted: every
 * block in zero_mask compared with zero, the BLAKE2b-256 of the others compared
 * with the digest.  CHECK_MATCHES if both hold, else which failed.  With
 * @stall (the test seam), stop for TEST_STALL_MS after the first piece and
 * give the region up: -1.
 */
static int region_ok(const struct purg_params *p, uint32_t i, int stall)
{
	const struct purg_region *r = &p->regions[i];
	/* Real mode: a physical address is the pointer. */
	const uint8_t *b = (const uint8_t *)(uintptr_t)r->start;
	uint8_t digest[KX_DIGEST_SIZE];
	struct blake2b_ctx c;
	uint64_t done = 0, n, step = CHECK_PIECE, k;
	int zeros_ok = 1;

	/* A block larger than a progress step is walked in steps; each step in one block. */
	if (r->block_shift < 63 && (1ULL << r->block_shift) < step)
		step = 1ULL << r->block_shift;
	blake2b_init(&c, KX_DIGEST_SIZE);
	while (done < r->len) {
		n = r->len - done < step ? r->len - done : step;
		k = r->block_shift < 63 ? done >> r->block_shift : 0;
		if (k < PURG_ZERO_BLOCKS && (r->zero_mask >> k & 1))
			zeros_ok &= bytes_all_zero(b + done, (size_t)n);
		else
			blake2b_update(&c, b + done, (size_t)n);
		done += n;
		__atomic_store_n(&check.progress[i], done, __ATOMIC_RELAXED);
		if (stall) {
			uint64_t until = purg_mftb() + TEST_STALL_MS * purg_tb_ms(p);

			while (purg_before(until))
				relax();
			return -1;
		}
	}
	if (!zeros_ok)
		return CHECK_NOT_ZERO;
	blake2b_final(&c, digest);
	return memcmp(digest, r->digest, sizeof(digest)) == 0 ? CHECK_MATCHES : CHECK_DIFFERS;
}

/*
 * The order regions are taken in: largest first, so the CPUs finish close
 * together.  A stable sort of the loader's regions, which nobody writes
 * here: every CPU computes the same order on its own.
 */
static void check_order(const struct purg_params *p, uint32_t n, uint8_t o[PURG_MAX_REGIONS])
{
	uint32_t i, j;

	for (i = 0; i < n; i++) {
		for (j = i; j > 0 && p->regions[o[j - 1]].len < p->regions[i].len; j--)
			o[j] = o[j - 1];
		o[j] = (uint8_t)i;
	}
}

/*
 * Take regions until none is left; record each result.  A @helper may be
 * the one the test seam stops: it then leaves its region unfinished.
 */
static void check_regions(const struct purg_params *p, int helper)
{
	uint32_t n = nr_regions(p), t, i, took = 0, no = 0;
	uint8_t order[PURG_MAX_REGIONS];
	int stall = 0, r;

	check_order(p, n, order);

	while ((t = __atomic_fetch_add(&check.next, 1, __ATOMIC_RELAXED)) < n) {
		i = order[t];
		if (!took++)
			__atomic_fetch_add(&check.cpus, 1, __ATOMIC_RELAXED);
		if (helper && (p->flags & PURG_F_TEST_STALL))
			stall = __atomic_compare_exchange_n(&check.stalled, &no, 1, 0,
							    __ATOMIC_RELAXED, __ATOMIC_RELAXED);
		r = region_ok(p, i, stall);
		if (r < 0)
			return;
		__atomic_store_n(&check.result[i], (uint32_t)r, __ATOMIC_RELEASE);
	}
}

/* entry.S: a secondary's share, between its arrival and its turn. */
void purg_secondary_check(void)
{
	const struct purg_params *p = &purg_params;

	if (p->flags & PURG_F_VERIFY)
		check_regions(p, 1);
}

/*
 * The master's share, then every result: a region a helper still hashes is
 * waited for while its progress moves, and checked here once it stops.
 */
static void check_all(const struct purg_params *p)
{
	uint32_t n = nr_regions(p), i, r;
	uint64_t ms = purg_tb_ms(p), seen, now, deadline;

	check_regions(p, 0);
	for (i = 0; i < n; i++) {
		seen = __atomic_load_n(&check.progress[i], __ATOMIC_RELAXED);
		deadline = purg_mftb() + CHECK_STALL_MS * ms;
		while (!(r = __atomic_load_n(&check.result[i], __ATOMIC_ACQUIRE))) {
			now = __atomic_load_n(&check.progress[i], __ATOMIC_RELAXED);
			if (now != seen) {
				seen = now;
				deadline = purg_mftb() + CHECK_STALL_MS * ms;
			} else if (!purg_before(deadline)) {
				/* Said even without --purgatory-verbose: a CPU has stopped. */
				console_puts(p, "kexec purgatory: the CPU checking region ");
				console_dec(p, i);
				console_puts(p, " stopped for ");
				console_dec(p, CHECK_STALL_MS);
				console_puts(p, " ms; checking it here\n");
				r = region_ok(p, i, 0);
				break;
			}
			relax();
		}
		if (r != CHECK_MATCHES) {
			report_mismatch(p, i, (uint32_t)r);
			stop();
		}
	}
	if (p->flags & PURG_F_VERBOSE) {
		console_puts(p, "kexec purgatory: all digests match (");
		console_dec(p, n);
		console_puts(p, " regions, checked on ");
		console_dec(p, __atomic_load_n(&check.cpus, __ATOMIC_RELAXED));
		console_puts(p, " CPUs)\n");
	}
}

/*
 * The cache block the flush below steps by: 64 bytes, as the kernel's own
 * copy_and_flush (head_64.S: "the smallest common denominator" of the CPUs
 * it boots on; POWER's blocks are 128 bytes, so every one is reached).
 */
#define FLUSH_STEP	64
#define PAGE_4K		0x1000ULL

#define H_SUCCESS	0
#define H_PAGE_INIT	0x2c		/* PAPR hcall, function set "hcall-copy" */
#define H_COPY_PAGE	(1ULL << (63 - 49))

/* PAPR: r3 = token, r4.. = arguments; returns in r3; sc 1 clobbers r0, r4-r12. */
static long hcall_copy_page(uint64_t dst, uint64_t src)
{
	register uint64_t r3 __asm__("r3") = H_PAGE_INIT;
	register uint64_t r4 __asm__("r4") = H_COPY_PAGE;
	register uint64_t r5 __asm__("r5") = dst;
	register uint64_t r6 __asm__("r6") = src;

	__asm__ volatile("sc 1"
			 : "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6)
			 :
			 : "r0", "r7", "r8", "r9", "r10", "r11", "r12", "cr0", "ctr", "xer", "memory");
	return (long)r3;
}

/*
 * -l: the kernel to 0 (purgatory-abi.h, run0_*), where it would otherwise
 * copy itself first thing.  Word 0 comes from the image (the running kernel
 * put our branch there); 0x04-0xff are the kernel's already, and the
 * secondaries spin in them (its hold loop and hold words): left alone.  From
 * 0x100 on, forwards, which is safe also when the image overlaps where it
 * goes, since it lies above it.  The loader made sure that nothing else we
 * or the kernel need lies in [0, run0_len).
 *
 * Three things the kernel's copy_and_flush does not do, for the whole 4 KiB
 * pages of the destination that lie below the image (page 0, with the hold
 * loop, and any part the image overlaps are copied plainly):
 * - On pseries with "hcall-copy", each such page is copied by the
 *   hypervisor (H_PAGE_INIT, H_COPY_PAGE; plain copying takes over from the
 *   first page it refuses).  Under QEMU's TCG those pages held the old
 *   kernel's translated code, and every store of ours into such a page
 *   takes a slow path until none is left in it, while the hypervisor's copy
 *   drops a page's translations at once: moving Debian 13's 42 MB kernel in
 *   bench/reboot guests took 0.48 s of plain copying.
 * - Elsewhere the destination is claimed with dcbz first, stepping by the
 *   CPUs' d-cache-block-size (a block of any size up to a page stays inside
 *   the pages): no memory is read for blocks about to be overwritten whole.
 * - The caches are made coherent after the copy in one pass each (Book III:
 *   dcbst, sync, icbi, isync before the copied code runs), not with a sync
 *   after every 64 bytes.
 * Returns the pages H_PAGE_INIT copied.
 */
static uint64_t move_kernel(const struct purg_params *p)
{
	const uint8_t *src = (const uint8_t *)(uintptr_t)p->run0_src;
	uintptr_t zero = 0;
	uint8_t *dst;
	uint32_t word0 = *(const uint32_t *)src;	/* before anything moves */
	uint64_t a, hv_end = PAGE_4K, below = p->run0_src < p->run0_len ? p->run0_src : p->run0_len;

	__asm__("" : "+r"(zero));	/* physical 0, not a null pointer to the compiler */
	dst = (uint8_t *)zero;
	below &= ~(PAGE_4K - 1);
	if (p->flags & PURG_F_PAGE_INIT) {
		while (hv_end < below && hcall_copy_page(hv_end, p->run0_src + hv_end) == H_SUCCESS)
			hv_end += PAGE_4K;
	} else {
		for (a = PAGE_4K; p->run0_zero_step && a < below; a += p->run0_zero_step)
			__asm__ volatile("dcbz 0,%0" ::"r"(dst + a) : "memory");
	}
	/* Page 0 from 0x100, then whatever the hypervisor did not copy; forwards. */
	a = p->run0_len < PAGE_4K ? p->run0_len : PAGE_4K;
	memcpy(dst + PURG_HEAD_COPY, src + PURG_HEAD_COPY, (size_t)(a - PURG_HEAD_COPY));
	if (p->run0_len > hv_end)
		memcpy(dst + hv_end, src + hv_end, (size_t)(p->run0_len - hv_end));
	*(volatile uint32_t *)dst = word0;
	for (a = 0; a < p->run0_len; a += FLUSH_STEP)
		__asm__ volatile("dcbst 0,%0" ::"r"(dst + a) : "memory");
	sync();
	for (a = 0; a < p->run0_len; a += FLUSH_STEP)
		__asm__ volatile("icbi 0,%0" ::"r"(dst + a) : "memory");
	__asm__ volatile("sync; isync" ::: "memory");
	return (hv_end - PAGE_4K) / PAGE_4K;
}

void purgatory_main(uint64_t cpu)
{
	struct purg_params *p = &purg_params;
	int verbose = p->flags & PURG_F_VERBOSE;
	uint64_t t0 = purg_mftb();

	p->boot_cpu = (uint32_t)cpu;
	if (verbose) {
		console_puts(p, "kexec purgatory: master CPU ");
		console_dec(p, cpu);
		console_puts(p, "\n");
	}
	if (p->flags & PURG_F_VERIFY)
		check_all(p);
	/* The device tree is checked above before we change it. */
	if (p->flags & PURG_F_BACKUP)
		memcpy((void *)(uintptr_t)p->backup_dst, (const void *)(uintptr_t)p->backup_src,
		       (size_t)p->backup_size);
	/* After the checks: the secondaries arrive meanwhile. */
	secondaries(p, t0);
	/* ABI: the next kernel boots on the CPU named in the FDT header. */
	be32_st((uint8_t *)(uintptr_t)p->fdt + FDT_OFF_BOOT_CPUID, (uint32_t)cpu);
	/* Last: the secondaries are in the kernel's hold loop by now, which this leaves alone. */
	if (p->run0_len) {
		uint64_t hv = move_kernel(p);

		if (verbose) {
			console_puts(p, "kexec purgatory: moved the kernel to 0 (");
			console_dec(p, p->run0_len);
			console_puts(p, " bytes");
			if (hv) {
				console_puts(p, ", ");
				console_dec(p, hv);
				console_puts(p, " pages through H_PAGE_INIT");
			}
			console_puts(p, ")\n");
		}
	}
	if (verbose) {
		console_puts(p, "kexec purgatory: entering kernel at ");
		console_hex(p, p->kernel_entry);
		console_puts(p, "\n");
	}
}

/*
 * Doublewords where both ends are aligned (a kernel moves through here), bytes
 * otherwise.  Built with -fno-builtin and -fno-tree-loop-distribute-patterns:
 * the compiler must not turn these loops back into calls to memcpy.
 */
void *memcpy(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	if (!(((uintptr_t)d | (uintptr_t)s) & 7)) {
		uint64_t *dw = (uint64_t *)(void *)d;
		const uint64_t *sw = (const uint64_t *)(const void *)s;

		for (; n >= 32; n -= 32, dw += 4, sw += 4) {
			uint64_t w0 = sw[0], w1 = sw[1], w2 = sw[2], w3 = sw[3];

			dw[0] = w0, dw[1] = w1, dw[2] = w2, dw[3] = w3;
		}
		d = (uint8_t *)dw;
		s = (const uint8_t *)sw;
	}
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
