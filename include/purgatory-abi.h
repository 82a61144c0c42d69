/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The purgatory's parameter block: the one interface between the loader
 * (kexec/purgatory-params.c) and the freestanding purgatory
 * (purgatory/entry.S, purgatory.c).
 *
 * Layout of the purgatory image (offsets from its first byte, which is also
 * the kexec entry point):
 *
 *   0x000  the master's branch to its real entry        (kept)
 *   0x004  ...0x0ff: replaced by the next kernel's bytes 0x04..0xff, because
 *          the running kernel copies the first 0x100 bytes at the entry point
 *          to physical 0 and sends every secondary CPU to 0x60: they then spin
 *          in the next kernel's own __secondary_hold, and the next kernel's
 *          relocation code (which starts copying at 0x100) finds its own first
 *          0x100 bytes already in place.  0x5c is its __run_at_load word.
 *   0x100  struct purg_params (this header)
 *   ...    code, data, then .bss (stack) up to image_memsz
 *
 * Secondary CPUs (see doc/design.md, "Secondary CPUs"): the running kernel
 * releases them from its kexec_wait, in its own text, to 0x60 just before it
 * branches to the purgatory, and the next kernel soon copies itself over
 * that text.  When the loader recognises the next kernel's __secondary_hold
 * loop in bytes 0x60..0xff (it stores the CPU id at hold_ack, then waits for
 * the doubleword at hold_spin to become an address and branches there), it
 * points that doubleword at purg_secondary: each secondary then reports
 * there as soon as it has left the old kernel, and the master hands them
 * back to the loop at 0x60 one at a time, seeing each one's id appear at
 * hold_ack, before it starts the kernel; every wait is bounded on the
 * timebase.  Otherwise the master only waits on the timebase.
 *
 * Every field is stored in the byte order of the purgatory variant, which is
 * the byte order of the kernel that jumps into it (the running kernel).
 * The loader writes the fields through offsetof() and explicit byte-order
 * stores, never by casting the blob.
 */
#ifndef KX_PURGATORY_ABI_H
#define KX_PURGATORY_ABI_H


#define PURG_HEAD_COPY		0x100	/* ABI: bytes the kernel copies to 0 */
#define PURG_SECONDARY_ENTRY	0x60	/* ABI: where secondaries are sent */
#define PURG_RUN_AT_LOAD_OFF	0x5c	/* ABI: head_64.S __run_at_load */
#define PURG_PARAMS_OFFSET	0x100

#define PURG_MAGIC		0x4b58505055524731ULL	/* "KXPPURG1" */
#define PURG_ABI_VERSION	6
/*
 * Regions to check: pieces of segments, not whole segments, so that the
 * CPUs share the largest segment instead of one CPU hashing it alone while
 * the others wait (the loader cuts them: kexec/plan.c, plan_digest).
 */
#define PURG_MAX_REGIONS	64
/*
 * Each region is cut into at most this many blocks of 2^block_shift bytes
 * (the last may be shorter).  A block the loader found all zeros is marked
 * in zero_mask and checked as zeros; the digest (BLAKE2b-256) covers the other blocks,
 * in order.  A kernel's file data holds megabytes of zeros (a 6.1 ppc64le
 * vmlinux: 16 MiB of its 39), and testing a word for zero costs a fraction
 * of hashing it, here and in the loader.  The check stays exact: every
 * byte is either digested or compared with zero.
 */
#define PURG_ZERO_BLOCKS	64

/* Offsets inside struct purg_params that entry.S uses (checked below). */
#define PURG_OFF_MAGIC		0x00
#define PURG_OFF_ABI_VERSION	0x08
#define PURG_OFF_IMAGE_MEMSZ	0x10
#define PURG_OFF_KERNEL_ENTRY	0x18
#define PURG_OFF_FDT		0x20
#define PURG_OFF_OPAL_BASE	0x30
#define PURG_OFF_OPAL_ENTRY	0x38
#define PURG_OFF_SECONDARY	0x78
#define PURG_OFF_RUN0		0x1080	/* after the regions */
#define PURG_PARAMS_SIZE	0x1098	/* 0x80 + PURG_MAX_REGIONS * 64 + 0x18 */

/*
 * How long the master waits for secondary CPUs, on the timebase (doc/design.md,
 * "Secondary CPUs").  A secondary leaves the old kernel in microseconds unless
 * its (virtual) processor is not running: a hypervisor or a host may hold one
 * back for a dispatch cycle or a time slice, milliseconds to tens of them.  A
 * second is far beyond that and still little next to a reboot; a CPU that has
 * not come by then is stuck, and waiting longer would not bring it.
 */
#define PURG_GATHER_MS		1000	/* from the purgatory's entry, for all expected to come */
#define PURG_HANDOVER_MS	1000	/* for all of them to reach the next kernel's loop */
#define PURG_BLIND_MS		100	/* no hold loop to watch: only this, if any are expected */
#define PURG_TB_DEFAULT		512000000ULL	/* ABI: POWER's architected timebase, Hz */

/* flags */
#define PURG_F_VERIFY		0x01	/* check every region's digest */
#define PURG_F_CONSOLE_HVTERM	0x02	/* console: H_PUT_TERM_CHAR to hvterm_vtermno */
#define PURG_F_CONSOLE_OPAL	0x04	/* console: OPAL_CONSOLE_WRITE to opal_term */
#define PURG_F_BACKUP		0x08	/* kdump: copy backup_src to backup_dst */
#define PURG_F_VERBOSE		0x10	/* say each step on the console */
#define PURG_F_KERNEL_BE	0x20	/* the next kernel (so its hold words) is big-endian */
#define PURG_F_CONSOLE_HVSI	0x40	/* console: HVSI data packets to hvterm_vtermno */
#define PURG_F_TEST_STALL	0x80	/* test seam: the first helper stops 3 s in its first region */
#define PURG_F_PAGE_INIT	0x100	/* pseries "hcall-copy": run0 pages copied with H_PAGE_INIT */

#ifndef __ASSEMBLER__
#include <stdint.h>
#include <stddef.h>

struct purg_region {
	uint64_t start;			/* physical address */
	uint64_t len;			/* bytes checked */
	uint64_t zero_mask;		/* bit k set: block k is all zeros */
	uint32_t block_shift;		/* a block is 2^block_shift bytes, from start */
	uint32_t reserved;		/* 0 */
	uint8_t digest[32];		/* BLAKE2b-256 of the blocks not in zero_mask, in order */
};

struct purg_params {
	uint64_t magic;			/* 0x00  PURG_MAGIC, set by the build */
	uint32_t abi_version;		/* 0x08  PURG_ABI_VERSION, set by the build */
	uint32_t flags;			/* 0x0c  PURG_F_* */
	uint64_t image_memsz;		/* 0x10  image + bss, set by the build */
	uint64_t kernel_entry;		/* 0x18  ABI: r4 and branch target */
	uint64_t fdt;			/* 0x20  ABI: r3; boot_cpuid_phys is written here */
	uint64_t hvterm_vtermno;	/* 0x28  pseries console */
	uint64_t opal_base;		/* 0x30  powernv: OPAL r2; ABI: the kernel's r8 */
	uint64_t opal_entry;		/* 0x38  powernv: OPAL entry point; ABI: r9 */
	uint64_t opal_term;		/* 0x40  powernv: console terminal number */
	uint64_t backup_src;		/* 0x48  kdump backup region */
	uint64_t backup_dst;		/* 0x50 */
	uint64_t backup_size;		/* 0x58 */
	uint32_t nr_regions;		/* 0x60 */
	uint32_t boot_cpu;		/* 0x64  written by the purgatory: master's r3 */
	uint64_t tb_freq;		/* 0x68  timebase ticks per second */
	uint32_t nr_secondaries;	/* 0x70  CPUs the running kernel sends to 0x60 */
	uint16_t hold_spin;		/* 0x74  the next kernel's __secondary_hold_spinloop */
	uint16_t hold_ack;		/* 0x76  ... and _acknowledge, at 0; 0: unknown */
	uint64_t secondary_entry;	/* 0x78  purg_secondary's offset, set by the build */
	struct purg_region regions[PURG_MAX_REGIONS];	/* 0x80 */
	/*
	 * -l: the purgatory moves the kernel to 0 itself, once the check is done
	 * and the secondaries are in the kernel's hold loop: run0_len bytes from
	 * run0_src (its load address), whose entry is then kernel_entry.  The
	 * next kernel, finding itself at 0, skips its own copy (head_64.S
	 * __after_prom_start), which flushes the caches line by line (see
	 * doc/design.md, "Moving the kernel to 0").  0: it copies itself.
	 */
	uint64_t run0_src;		/* 0x1080 */
	uint64_t run0_len;		/* 0x1088 */
	uint32_t run0_zero_step;	/* 0x1090  the CPUs' d-cache-block-size, 0: unknown */
	uint32_t reserved2;		/* 0x1094  0 */
};

/* The loader and the purgatory must agree on every offset, on any compiler. */
_Static_assert(sizeof(struct purg_region) == 64, "purg_region layout");
_Static_assert(offsetof(struct purg_region, digest) == 32, "purg_region digest");
_Static_assert(offsetof(struct purg_params, magic) == PURG_OFF_MAGIC, "magic");
_Static_assert(offsetof(struct purg_params, abi_version) == PURG_OFF_ABI_VERSION, "abi_version");
_Static_assert(offsetof(struct purg_params, flags) == 0x0c, "flags");
_Static_assert(offsetof(struct purg_params, image_memsz) == PURG_OFF_IMAGE_MEMSZ, "image_memsz");
_Static_assert(offsetof(struct purg_params, kernel_entry) == PURG_OFF_KERNEL_ENTRY, "kernel_entry");
_Static_assert(offsetof(struct purg_params, fdt) == PURG_OFF_FDT, "fdt");
_Static_assert(offsetof(struct purg_params, hvterm_vtermno) == 0x28, "hvterm");
_Static_assert(offsetof(struct purg_params, opal_base) == PURG_OFF_OPAL_BASE, "opal_base");
_Static_assert(offsetof(struct purg_params, opal_entry) == PURG_OFF_OPAL_ENTRY, "opal_entry");
_Static_assert(offsetof(struct purg_params, opal_term) == 0x40, "opal_term");
_Static_assert(offsetof(struct purg_params, backup_size) == 0x58, "backup");
_Static_assert(offsetof(struct purg_params, nr_regions) == 0x60, "nr_regions");
_Static_assert(offsetof(struct purg_params, tb_freq) == 0x68, "tb_freq");
_Static_assert(offsetof(struct purg_params, hold_ack) == 0x76, "hold_ack");
_Static_assert(offsetof(struct purg_params, secondary_entry) == PURG_OFF_SECONDARY, "secondary_entry");
_Static_assert(offsetof(struct purg_params, regions) == 0x80, "regions");
_Static_assert(offsetof(struct purg_params, run0_src) == PURG_OFF_RUN0, "run0_src");
_Static_assert(sizeof(struct purg_params) == PURG_PARAMS_SIZE, "purg_params size");
#endif /* __ASSEMBLER__ */

#endif
