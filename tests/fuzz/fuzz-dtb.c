// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A --dtb blob, and every tree the memory map reads: the blob is checked as
 * kexec checks a user's file, then read as the running system's tree
 * (memory@ nodes, drconf v1/v2 LMBs, crash and initrd properties, RTAS,
 * OPAL, TCE, consoles), bounded by a /proc/iomem text when the input has a
 * second piece, and finally edited as the next kernel's tree.
 *   input: DTB [KXF| IOMEM]
 */
#include "fuzz.h"
#include "dt.h"
#include "iomem.h"
#include "ppc64.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

/*
 * The room a crash region leaves for the tree (layout.c's dtb_room), which
 * kexec checks linux,drconf-usable-memory against before building it.  A
 * small region's: larger ones only make the same paths longer (a tree of
 * millions of LMBs, each with a real entry, took seconds a unit here).
 */
#define FZ_DTB_ROOM	(64u << 20)

static int count_lmb(uint64_t base, uint64_t size, uint64_t count, uint32_t flags, void *arg)
{
	(void)base, (void)size, (void)flags;
	*(size_t *)arg += count;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct fz_piece pc[FZ_MAX_PIECES];
	size_t np = fz_split(d, n, pc, FZ_MAX_PIECES), lmbs = 0;
	struct rangeset sysram;
	struct ppc64_mem m;
	struct ppc64_cpuinfo ci = { 1, 9 };
	char path[64], err[4096];
	void *fdt = NULL;
	int fd, rc;

	rs_init(&sysram);
	if (np > 1) {
		char *text = fz_str(&pc[1]);
		unsigned bad;

		iomem_system_ram(text, &sysram, &bad);
		free(text);
	}
	fd = fz_memfile(pc[0].p, pc[0].n, path, sizeof(path));
	fz_err_begin();
	rc = dt_from_file(path, &fdt);
	fz_err_end(err, sizeof(err));
	close(fd);
	fz_check_refusal(rc, err, "dt_from_file");
	if (rc < 0)
		goto out;

	fz_err_begin();
	rc = ppc64_memmap(fdt, "fuzz.dtb", &sysram, &m);
	fz_err_end(err, sizeof(err));
	fz_check_refusal(rc, err, "ppc64_memmap");
	if (rc == 0) {
		struct ppc64_fdt_args fa = { "console=hvc0 root=/dev/vda", 0x2000000, 0x2100000,
					     &m.reserve, NULL };
		void *next = NULL;

		ppc64_rma_limit(&m, &ci);
		fz_err_begin();
		ppc64_walk_lmbs(fdt, "fuzz.dtb", count_lmb, &lmbs);
		rc = dt_copy(fdt, &next);
		if (rc == 0)
			rc = ppc64_fdt_fixup(&next, &fa);
		if (rc == 0)
			rc = ppc64_fdt_usable_memory(&next, "fuzz.dtb", &m.ram, FZ_DTB_ROOM);
		if (rc == 0)
			rc = dt_pack(&next);
		fz_err_end(err, sizeof(err));
		fz_check_refusal(rc, err, "next tree");
		free(next);
		ppc64_mem_free(&m);
	}
	free(fdt);
out:
	rs_free(&sysram);
	return 0;
}
