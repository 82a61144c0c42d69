/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * 64-bit POWER: what the running system looks like (memmap.c), how a kernel
 * image is read (vmlinux.c, zimage.c), where everything goes (layout.c), the next
 * kernel's device tree (nexttree.c) and the purgatory (purgatory-params.c).
 */
#ifndef KX_PPC64_H
#define KX_PPC64_H

#include <stdint.h>
#include "formats.h"
#include "log.h"
#include "opts.h"
#include "plan.h"
#include "range.h"
#include "kdump.h"

#define PPC64_COMMAND_LINE_SIZE	2048		/* ABI: arch/powerpc/include/uapi/asm/setup.h */
#define RUN_AT_LOAD_MARKER	0x72756e30	/* ABI: head_64.S "run0" */
#define PPC64_PAGE_OFFSET	0xc000000000000000ULL	/* ABI: KERNELBASE, the linear mapping */

/* What we plan for: the running kernel's byte order and page size. */
struct target {
	int big_endian;
	uint64_t page_size;
	const char *name;	/* "ppc64le" or "ppc64" */
	int native;		/* this build runs on that system and may load */
};

/* For this build's host (POWER or not). */
int target_init(const struct opts *o, struct target *t);
/* For a host running @host ("ppc64le", "ppc64"), or none (NULL): planning only. */
int target_init_host(const struct opts *o, const char *host, struct target *t);

/* hvterm: raw vty ("hvterm1"); HVSI: vty speaking HVSI packets ("hvterm-protocol"). */
enum ppc64_console { CONSOLE_NONE, CONSOLE_HVTERM, CONSOLE_OPAL, CONSOLE_HVSI };

/* The running system's memory as its device tree describes it. */
struct ppc64_mem {
	struct rangeset ram;	/* usable RAM, merged, cut at linux,memory-limit */
	struct rangeset excl;	/* labelled ranges no segment may overlap */
	struct rangeset reserve;/* ranges the next kernel must leave alone (reserve map) */
	struct rangeset firmware;/* RTAS, OPAL, TCE: what a crash kernel may still use */
	struct rangeset fw_dump;/* RTAS, OPAL: in a crash dump even inside the crash region */
	uint64_t rma_top;	/* end of the first memory block (real-mode limit) */
	uint64_t kernel_end;	/* /chosen/linux,kernel-end */
	uint64_t crash_base, crash_size;
	uint64_t memory_limit;	/* /chosen/linux,memory-limit (a size); 0: none */
	int ram_from_iomem;	/* RAM bounded by /proc/iomem, not by memory_limit */
	uint64_t old_initrd_start, old_initrd_end;	/* the running kernel's initrd, if any */
	int old_initrd_backwards;	/* /chosen has initrd-start and -end, but end <= start */
	size_t nblocks, nlmbs;	/* memory@ reg entries and usable LMBs seen */
	int drconf_usable;	/* LMBs limited by linux,drconf-usable-memory (a kdump kernel) */
	int opal;		/* /ibm,opal: bare metal, the kernel runs in hypervisor mode */
	enum ppc64_console console;
	uint64_t vtermno, opal_base, opal_entry, opal_term;
	int opal_v3;		/* /ibm,opal is "ibm,opal-v3": secondaries go back to OPAL */
	int hcall_copy;		/* /rtas/ibm,hypertas-functions has "hcall-copy" (H_PAGE_INIT) */
	uint64_t tb_freq;	/* timebase ticks per second; 0: not in the tree */
	uint32_t dt_threads;	/* threads of the available cpu nodes */
	uint32_t dcache_block;	/* smallest d-cache-block-size of the cpu nodes; 0: none, or one not
				 * a power of two of 16 to 4096 bytes */
};

/* ABI: arch/powerpc/include/asm/drmem.h */
#define DRCONF_MEM_ASSIGNED	0x00000008
#define DRCONF_MEM_RESERVED	0x00000080

/* The kernel uses an LMB only when it is assigned and not reserved. */
static inline int ppc64_lmb_usable(uint32_t flags)
{
	return (flags & DRCONF_MEM_ASSIGNED) && !(flags & DRCONF_MEM_RESERVED);
}

/* @count LMBs of @size each from @base, all with @flags (a v2 entry; v1: one). */
typedef int (*ppc64_lmb_fn)(uint64_t base, uint64_t size, uint64_t count, uint32_t flags, void *arg);
/*
 * Every LMB set of /ibm,dynamic-reconfiguration-memory in order; checked.
 * One call per property entry, so the walk's own work follows the property's
 * size, not the LMB counts inside it.
 */
int ppc64_walk_lmbs(const void *fdt, const char *shown, ppc64_lmb_fn fn, void *arg);
/* A root child describing system RAM (not ibm,coherent-device-memory). */
int ppc64_is_memory_node(const void *fdt, int off);

/* What /proc/cpuinfo says (cpuinfo.c). */
struct ppc64_cpuinfo {
	int hash;		/* the kernel's MMU: 1 hash, 0 radix, -1 unknown */
	unsigned power;		/* processor generation (8 for POWER8), 0 unknown */
};
/*
 * Read /proc/cpuinfo under the sysroot into @ci (fields it does not give stay
 * unknown).  0, or -errno when it cannot be read (then all unknown), silently.
 */
int ppc64_cpuinfo_read(const struct kx_ctx *c, struct ppc64_cpuinfo *ci);
/*
 * The running kernel's ppc64_rma_size: below it its early allocations, and
 * every segment kexec_file_load places, must lie.  0: no such limit.
 */
uint64_t ppc64_rma_limit(const struct ppc64_mem *m, const struct ppc64_cpuinfo *ci);

/*
 * Parse @fdt (the live tree); one line naming the property on failure.  RAM
 * is what the tree describes, bounded by @sysram (/proc/iomem's System RAM)
 * when given and not empty, else by /chosen/linux,memory-limit.
 */
int ppc64_memmap(const void *fdt, const char *shown, const struct rangeset *sysram,
		 struct ppc64_mem *m);
void ppc64_mem_free(struct ppc64_mem *m);

/* ELF vmlinux loader (loader table entry). */
int elf_ppc64_probe(const uint8_t *buf, size_t len);
int elf_ppc64_load(const struct kx_ctx *c, const char *path, const struct blob *img,
		   struct kernel_image *out);
extern const char elf_ppc64_usage[];

/* zImage boot wrapper loader: the vmlinux inside goes through elf_ppc64_load. */
int zimage_ppc64_probe(const uint8_t *buf, size_t len);
int zimage_ppc64_load(const struct kx_ctx *c, const char *path, const struct blob *img,
		      struct kernel_image *out);
extern const char zimage_ppc64_usage[];

/*
 * Everything the layout needs besides the kernel, all of it already read
 * (load.c's prepare step reads the files and the running system): the layout
 * reads nothing and decides only from this, so it runs on data alone.
 */
struct ppc64_layout_req {
	const struct target *target;
	void *base_fdt;			/* the tree to edit: running system's or --dtb */
	/*
	 * The layout frees base_fdt as soon as it has its copy, whether or not
	 * it succeeds: kept to the end, it would be a second copy of the dtb
	 * segment at the hash's memory peak (MiBs on a big LPAR's v1 tree).
	 */
	int free_base;
	const char *dtb_file;		/* --dtb's file, or NULL: the running system's tree */
	const char *shown;		/* the live tree's name in messages */
	const struct ppc64_mem *mem;
	const char *kernel_file;	/* the kernel's name in messages and the plan */
	const char *cmdline;		/* the command line (-p adds elfcorehdr=) */
	struct blob initrd;		/* its bytes, borrowed by the plan: they must outlive it */
	const char *initrd_file;	/* its name; NULL: carried by the image */
	int crash;			/* -p: everything inside the crash region */
	int hotplug;			/* --hotplug: the kernel rewrites tree and core header */
	int reuse_initrd;		/* --reuseinitrd: keep the running kernel's */
	int verify;			/* the purgatory re-checks the digests (not -i) */
	int digests;			/* compute them (to verify, or to show or dump them) */
	int verbose_purgatory;		/* --verbose-purgatory */
	int test_corrupt, test_extra_cpus, test_stalled_helper, test_corrupt_zero;	/* test seams (opts.h) */
	uint64_t mem_min, mem_max;	/* --mem-min/--mem-max; max 0: none */
	const struct crash_notes *notes;/* -p: the crashed kernel's notes */
	uint64_t hotplug_elfcorehdr_size;/* --hotplug: /sys/kernel/crash_elfcorehdr_size */
	uint32_t present_cpus;		/* /sys/devices/system/cpu/present; 0: unknown */
	int rma_scarce;			/* hash MMU under a hypervisor: see place.c */
	const struct rangeset *hot;	/* -l: the running kernel's slab pages now (may be empty) */
};

/*
 * Place kernel, initrd, device tree and purgatory (with -p also the backup
 * region and the ELF core header, all inside the crash region); fill @p,
 * including its final command line.  Takes @k's bytes.
 */
int ppc64_layout(const struct ppc64_layout_req *r, struct kernel_image *k, struct plan *p);
/* -p: set the kernel's __run_at_load word to 1 (layout.c), when it has the run0 marker. */
void ppc64_run_at_load(struct kernel_image *k);

/* The next kernel's device tree edits (see nexttree.c). */
struct ppc64_fdt_args {
	const char *cmdline;
	uint64_t initrd_start, initrd_end;	/* end 0: no initrd */
	const struct rangeset *reserve;
	const struct rangeset *extra_reserve;	/* -p: crashed kernel, backup, core header */
};
int ppc64_fdt_fixup(void **fdt, const struct ppc64_fdt_args *a);
/*
 * Crash kernel: linux,usable-memory in every memory node and
 * linux,drconf-usable-memory for dynamic memory, limited to @usable.  The
 * tree must fit in @room bytes (what the crash region has left for it): a
 * linux,drconf-usable-memory that alone would not is refused before it is
 * built.
 */
int ppc64_fdt_usable_memory(void **fdt, const char *shown, const struct rangeset *usable, uint64_t room);

/* Build the purgatory segment's bytes for the segments already in @p. */
struct ppc64_purg_args {
	const struct target *target;
	const struct ppc64_mem *mem;
	const uint8_t *kernel_head;	/* the next kernel's first 0x100 bytes */
	uint64_t kernel_entry, fdt_addr;
	int verify, verbose;
	int corrupt_index;		/* test seam: >0 spoils digest index-1 */
	int test_stall;			/* test seam: a helper of the check stops */
	uint64_t backup_dst;		/* -p: where the low 64 KiB are saved; 0: none */
	int hotplug;			/* the kernel rewrites the tree and core header */
	uint64_t rma_top;		/* regions above it are not re-checked */
	uint64_t load_addr;		/* where the purgatory segment goes */
	int kernel_be;			/* the next kernel's byte order */
	uint32_t nr_secondaries;	/* CPUs the running kernel will send to 0x60 */
	uint64_t run0_src, run0_len;	/* -l: the purgatory moves the kernel to 0; 0: it moves itself */
	uint32_t run0_zero_step;	/* the CPUs' d-cache-block-size for its dcbz pass, 0: none */
	int run0_page_init;		/* ... or H_PAGE_INIT copies its pages */
};
int ppc64_purgatory_size(const struct target *t, uint64_t *filesz, uint64_t *memsz);
/*
 * The next kernel's __secondary_hold loop in its first 0x100 bytes (@be: its
 * byte order): the offsets of the doubleword it waits on and of the one it
 * stores the CPU id in.  0 if found, -ENOENT if not recognised.
 */
int ppc64_hold_words(const uint8_t *head, int be, uint32_t *spin, uint32_t *ack);
int ppc64_purgatory_build(const struct ppc64_purg_args *a, struct plan *p, uint8_t **buf,
			  size_t *len);

#endif
