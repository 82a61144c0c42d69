// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What kdump and the layout read from /sys and /proc as small text files:
 * CPU lists, each CPU's crash_notes and crash_notes_size, vmcoreinfo, and
 * /proc/cpuinfo; the ELF core header built from the notes that were read;
 * and runs of slab pages from /proc/kpageflags words.
 *   input: POSSIBLE [KXF| CPU0_NOTES [KXF| CPU0_SIZE [KXF| CPU1_NOTES
 *          [KXF| CPU1_SIZE [KXF| VMCOREINFO [KXF| CPUINFO [KXF| KPAGEFLAGS]]]]]]]
 * A file whose piece is missing does not exist.
 */
#include "fuzz.h"
#include "kpageflags.h"
#include "ppc64.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

static const char *const files[] = {
	"sys/devices/system/cpu/possible",
	"sys/devices/system/cpu/cpu0/crash_notes",
	"sys/devices/system/cpu/cpu0/crash_notes_size",
	"sys/devices/system/cpu/cpu1/crash_notes",
	"sys/devices/system/cpu/cpu1/crash_notes_size",
	"sys/kernel/vmcoreinfo",
	"proc/cpuinfo",
};
#define NFILES (sizeof(files) / sizeof(files[0]))

static int count(int cpu, void *arg)
{
	(void)cpu;
	++*(size_t *)arg;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct fz_piece pc[FZ_MAX_PIECES];
	size_t np = fz_split(d, n, pc, FZ_MAX_PIECES), i, cpus = 0;
	char root[512], path[1024], err[4096];
	struct kx_ctx c = { root, 0 };
	struct crash_notes notes;
	struct ppc64_cpuinfo ci;
	int rc;

	snprintf(root, sizeof(root), "%s/sys", fz_scratch());
	fz_reset_dir(root);
	for (i = 0; i < np && i < NFILES; i++) {
		snprintf(path, sizeof(path), "%s/%s", root, files[i]);
		*strrchr(path, '/') = 0;
		fz_mkdirs(path);
		snprintf(path, sizeof(path), "%s/%s", root, files[i]);
		fz_write(path, pc[i].p, pc[i].n);
	}
	{
		char *s = fz_str(&pc[0]);

		if (cpulist_parse(s, count, &cpus) == 0 && cpus > KX_MAX_CPUS) {
			fprintf(stderr, "FINDING: a CPU list gave %zu CPUs, above %d\n", cpus, KX_MAX_CPUS);
			abort();
		}
		free(s);
	}

	fz_err_begin();
	rc = crash_notes_read(&c, &notes);
	fz_err_end(err, sizeof(err));
	fz_check_refusal(rc, err, "crash_notes_read");
	if (rc == 0) {
		/* The core header for those notes over a small machine. */
		struct rangeset ram, fw;
		struct core_mem cm = { &ram, &fw, 0x8000000, 0x10000000 };
		uint8_t *hdr = NULL;
		size_t len = 0, loads = 0;

		rs_init(&ram);
		rs_init(&fw);
		rs_add(&ram, 0, 0x40000000, "ram");
		if (elfcorehdr_size(&notes, &cm) < (1u << 26))
			elfcorehdr_build(n & 1, &notes, &cm, 0x9000000, &hdr, &len, &loads);
		free(hdr);
		rs_free(&ram);
		rs_free(&fw);
		crash_notes_free(&notes);
	}
	ppc64_cpuinfo_read(&c, &ci);

	if (np > NFILES) {
		/* kpageflags: whole 64-bit words only, as the kernel gives them. */
		size_t nw = pc[NFILES].n / 8;
		uint64_t *w = malloc(nw * 8 + 8);
		struct rangeset slab;

		if (!w)
			abort();
		memcpy(w, pc[NFILES].p, nw * 8);
		rs_init(&slab);
		kpf_runs(w, nw, n, 0x10000, KPF_SLAB, "slab", &slab);
		rs_free(&slab);
		free(w);
	}
	return 0;
}
