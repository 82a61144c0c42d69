// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The purgatory's C half: runs on the master CPU in real mode between the
 * old kernel and the new one.  It checks that every segment the loader
 * digested is still intact, copies the kdump backup region, and records the
 * master's CPU id in the device tree; entry.S then starts the kernel.
 *
 * Nothing here may touch memory outside the segments the loader describes:
 * real mode on a hash-MMU LPAR only reaches the RMA.
 */
#include "purgatory.h"
#include "sha256.h"
#include "bytes.h"

#define FDT_OFF_BOOT_CPUID	0x1c	/* ABI: fdt_header.boot_cpuid_phys (BE) */

/* Never returns: booting a corrupted image would be worse than stopping. */
static void __attribute__((noreturn)) stop(void)
{
	for (;;)
		__asm__ volatile("or 1,1,1; or 2,2,2" ::: "memory");	/* low, then medium priority */
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
