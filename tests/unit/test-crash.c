// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kdump.c and the kexec -p side of layout.c: CPU lists, crash notes read from
 * a sysroot, the ELF core header (both byte orders) read back field by field,
 * and a crash-kernel layout: everything inside the crash region, run_at_load
 * set, backup and core header placed, elfcorehdr= on the command line, the
 * crash kernel's tree told what it may use, the purgatory told to back up.
 */
#include <errno.h>
#include "check.h"
#include "layoutrun.h"
#include "dt.h"
#include "elf.h"
#include "fdtbuild.h"
#include "purgatory-abi.h"
#include "syscall.h"
#include "ppc64.h"
#include "purg-blob.h"

#define MB (1ULL << 20)

/* ---- cpulist_parse -------------------------------------------------------------- */

struct cpus {
	int v[64];
	int n, fail_at;
};

static int take_cpu(int cpu, void *arg)
{
	struct cpus *c = arg;

	if (c->fail_at && cpu == c->fail_at)
		return -EIO;
	if (c->n < 64)
		c->v[c->n] = cpu;
	c->n++;
	return 0;
}

static const char *cpus_str(const struct cpus *c)
{
	static char buf[512];
	int i, o = 0;

	buf[0] = 0;
	for (i = 0; i < c->n && i < 64; i++)
		o += snprintf(buf + o, sizeof(buf) - (size_t)o, "%s%d", i ? "," : "", c->v[i]);
	return buf;
}

static void cpulists(void)
{
	static const struct {
		const char *in;
		int rc;
		const char *out;
	} cases[] = {
		{ "0-3,8,10-11\n", 0, "0,1,2,3,8,10,11" },
		{ "0", 0, "0" },
		{ "5\n", 0, "5" },
		{ "", 0, "" },
		{ "\n", 0, "" },
		{ "2-2", 0, "2" },
		{ "3-1", -EINVAL, NULL },
		{ "a", -EINVAL, NULL },
		{ "0-", -EINVAL, NULL },
		{ "0,,1", -EINVAL, NULL },
		{ "-1", -EINVAL, NULL },
		{ "0 1", -EINVAL, NULL },
		{ "0-2000000", -EINVAL, NULL },
		{ "2000000", -EINVAL, NULL },
		{ "99999999999", -EINVAL, NULL },
		{ "8191", 0, "8191" },
		{ "8192", -EINVAL, NULL },		/* NR_CPUS is at most 8192 on ppc64 */
		{ "0-3,2", -EINVAL, NULL },		/* a CPU twice */
		{ "4,1", -EINVAL, NULL },		/* not increasing */
		{ "0-8191,0-8191", -EINVAL, NULL },	/* the work is bounded by 8192 CPUs */
		{ "+1", -EINVAL, NULL },
		{ "0-+3", -EINVAL, NULL },
		{ " 1", -EINVAL, NULL },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cpus c;
		int rc;

		memset(&c, 0, sizeof(c));
		rc = cpulist_parse(cases[i].in, take_cpu, &c);
		if (cases[i].out)
			CHECK(rc == 0 && !strcmp(cpus_str(&c), cases[i].out), "cpulist \"%s\" -> %s (got %d: %s)",
			      t_shown(cases[i].in), cases[i].out, rc, cpus_str(&c));
		else
			CHECK_EQ_U64(rc, cases[i].rc, "cpulist \"%s\" is malformed", t_shown(cases[i].in));
	}
	{
		struct cpus c;

		memset(&c, 0, sizeof(c));
		c.fail_at = 2;
		CHECK_EQ_U64(cpulist_parse("0-7", take_cpu, &c), -EIO, "a callback error stops the walk");
		CHECK_EQ_U64(c.n, 2, "... after CPUs 0 and 1");
	}
}

/* ---- crash_notes_read ----------------------------------------------------------------- */

static char *notes_root(void)
{
	char *d = t_mkdtemp("crash");

	t_write_str(t_fmt("%s/sys/devices/system/cpu/possible", d), "0-3\n");
	t_write_str(t_fmt("%s/sys/devices/system/cpu/cpu0/crash_notes", d), "3ff00000\n");
	t_write_str(t_fmt("%s/sys/devices/system/cpu/cpu0/crash_notes_size", d), "400");
	t_write_str(t_fmt("%s/sys/devices/system/cpu/cpu2/crash_notes", d), "0x3ff20000\n");
	/* Not read: every CPU's note has the first one's size (sizeof(note_buf_t)). */
	t_write_str(t_fmt("%s/sys/devices/system/cpu/cpu2/crash_notes_size", d), "999\n");
	t_write_str(t_fmt("%s/sys/kernel/vmcoreinfo", d), "3fe00000 1000\n");
	return d;
}

static int read_notes(const char *root, struct crash_notes *n, char **err)
{
	struct kx_ctx c = { root, 0 };
	struct t_capture cap;
	int rc;

	t_capture_start(&cap, 2);
	rc = crash_notes_read(&c, n);
	*err = t_chomp(t_capture_end(&cap));
	return rc;
}

static void notes(void)
{
	char *d = notes_root(), *err;
	struct crash_notes n;
	int rc;

	rc = read_notes(d, &n, &err);
	CHECK(rc == 0, "notes: read (%s)", err);
	free(err);
	CHECK_EQ_U64(n.n, 3, "notes: two present CPUs and vmcoreinfo");
	CHECK_EQ_U64(n.possible, 4, "notes: four possible CPUs");
	CHECK_EQ_U64(n.missing, 2, "notes: CPUs 1 and 3 counted as having no sysfs directory");
	if (n.n == 3) {
		CHECK(n.v[0].cpu == 0 && n.v[0].addr == 0x3ff00000 && n.v[0].size == 400,
		      "notes: CPU 0 (its size without a newline)");
		CHECK(n.v[1].cpu == 2 && n.v[1].addr == 0x3ff20000 && n.v[1].size == 400,
		      "notes: CPU 2 (0x prefix; the size read once, from CPU 0)");
		CHECK(n.v[2].cpu == -1 && n.v[2].addr == 0x3fe00000 && n.v[2].size == 0x1000,
		      "notes: vmcoreinfo last, both numbers hexadecimal");
	}
	crash_notes_free(&n);
	CHECK(n.v == NULL && n.n == 0, "notes: crash_notes_free resets");

	t_write_str(t_fmt("%s/sys/devices/system/cpu/cpu2/crash_notes", d), "xyz\n");
	rc = read_notes(d, &n, &err);
	CHECK(rc == -EINVAL && t_has(err, t_fmt("%s/sys/devices/system/cpu/cpu2/crash_notes: malformed value", d)),
	      "notes: a malformed address names the file (%s)", t_shown(err));
	CHECK(!strchr(err, '\n'), "notes: ... in one line (the file's newline not echoed): %s", t_shown(err));
	CHECK(n.v == NULL, "notes: nothing left allocated on failure");
	free(err);
	t_write_str(t_fmt("%s/sys/devices/system/cpu/cpu2/crash_notes", d), "3ff20000\n");
	t_write_str(t_fmt("%s/sys/devices/system/cpu/cpu0/crash_notes_size", d), "0\n");
	rc = read_notes(d, &n, &err);
	CHECK(rc == -EINVAL && t_has(err, "CPU 0: crash note at 0x3ff00000 of 0 bytes is not plausible"),
	      "notes: a zero-sized note is refused (%s)", err);
	free(err);
	t_write_str(t_fmt("%s/sys/devices/system/cpu/cpu0/crash_notes_size", d), "400\n");
	/* Without CPU 0's directory the size is CPU 2's, the first with a note. */
	t_write_str(t_fmt("%s/sys/devices/system/cpu/possible", d), "1-3\n");
	rc = read_notes(d, &n, &err);
	CHECK(rc == 0 && n.n == 2 && n.v[0].cpu == 2 && n.v[0].size == 999,
	      "notes: the size comes from the first CPU with a note (%s)", err);
	free(err);
	crash_notes_free(&n);
	t_write_str(t_fmt("%s/sys/devices/system/cpu/possible", d), "0-3\n");
	t_write_str(t_fmt("%s/sys/devices/system/cpu/cpu2/crash_notes_size", d), "400\n");
	unlink(t_fmt("%s/sys/devices/system/cpu/cpu0/crash_notes_size", d));
	rc = read_notes(d, &n, &err);
	CHECK(rc == -ENOENT && t_has(err, "cpu0/crash_notes_size"), "notes: a missing size names the file (%s)",
	      err);
	free(err);
	t_write_str(t_fmt("%s/sys/devices/system/cpu/cpu0/crash_notes_size", d), "400\n");
	/* A CPU directory without its note is an error, not a missing CPU. */
	unlink(t_fmt("%s/sys/devices/system/cpu/cpu2/crash_notes", d));
	rc = read_notes(d, &n, &err);
	CHECK(rc == -ENOENT && t_has(err, t_fmt("cannot read %s/sys/devices/system/cpu/cpu2/crash_notes: ", d)) &&
	      !strchr(err, '\n'), "notes: a CPU directory without crash_notes names the file, in one line (%s)",
	      t_shown(err));
	free(err);
	/* More than any one number (read in one 63-byte read): malformed, not cut short. */
	t_write_str(t_fmt("%s/sys/devices/system/cpu/cpu2/crash_notes", d),
		    "3ff20000                                                                \n");
	rc = read_notes(d, &n, &err);
	CHECK(rc == -EINVAL && t_has(err, "cpu2/crash_notes: malformed value"),
	      "notes: an overlong value is malformed (%s)", t_shown(err));
	free(err);
	t_write_str(t_fmt("%s/sys/devices/system/cpu/cpu2/crash_notes", d), "3ff20000\n");
	t_write_str(t_fmt("%s/sys/kernel/vmcoreinfo", d), "3fe00000\n");
	rc = read_notes(d, &n, &err);
	CHECK(rc == -EINVAL && t_has(err, "vmcoreinfo: malformed"), "notes: vmcoreinfo without a size (%s)",
	      t_shown(err));
	CHECK(!strchr(err, '\n'), "notes: ... in one line: %s", t_shown(err));
	free(err);
	unlink(t_fmt("%s/sys/kernel/vmcoreinfo", d));
	rc = read_notes(d, &n, &err);
	CHECK(rc == -ENOENT && t_has(err, "vmcoreinfo"), "notes: no vmcoreinfo (%s)", err);
	free(err);
	t_write_str(t_fmt("%s/sys/kernel/vmcoreinfo", d), "3fe00000 1000\n");
	t_write_str(t_fmt("%s/sys/devices/system/cpu/possible", d), "4-7\n");
	rc = read_notes(d, &n, &err);
	CHECK(rc == -ENOENT && t_has(err, "no CPU has a crash note"), "notes: no present CPU (%s)", err);
	free(err);
	t_write_str(t_fmt("%s/sys/devices/system/cpu/possible", d), "0-x\n");
	rc = read_notes(d, &n, &err);
	CHECK(rc == -EINVAL && t_has(err, "malformed CPU list"), "notes: a malformed CPU list (%s)", t_shown(err));
	CHECK(!strchr(err, '\n'), "notes: ... in one line: %s", t_shown(err));
	free(err);
	t_rmtree(d);
}

/* ---- the ELF core header ---------------------------------------------------------------- */

/* Read an ELF64 core header's fields into @e (phdrs malloc'ed; elf_free frees). */
static int core_view(const uint8_t *b, size_t len, struct elf_file *e)
{
	size_t i;
	int be;

	memset(e, 0, sizeof(*e));
	if (len < 64 || memcmp(b, "\177ELF", 4) || b[4] != 2 || (b[5] != 1 && b[5] != 2))
		return -1;
	be = b[5] == 2;
	e->class64 = 1;
	e->big_endian = be;
	e->type = (uint16_t)t_ld(be, b + 16, 2);
	e->machine = (uint16_t)t_ld(be, b + 18, 2);
	e->entry = t_ld(be, b + 24, 8);
	e->flags = (uint32_t)t_ld(be, b + 48, 4);
	e->phnum = t_ld(be, b + 56, 2);
	if (t_ld(be, b + 32, 8) != 64 || t_ld(be, b + 54, 2) != 56 || 64 + e->phnum * 56 > len)
		return -1;
	e->phdrs = calloc(e->phnum ? e->phnum : 1, sizeof(*e->phdrs));
	for (i = 0; i < e->phnum; i++) {
		const uint8_t *p = b + 64 + i * 56;
		struct elf_phdr *ph = &e->phdrs[i];

		ph->type = (uint32_t)t_ld(be, p, 4);
		ph->flags = (uint32_t)t_ld(be, p + 4, 4);
		ph->offset = t_ld(be, p + 8, 8);
		ph->vaddr = t_ld(be, p + 16, 8);
		ph->paddr = t_ld(be, p + 24, 8);
		ph->filesz = t_ld(be, p + 32, 8);
		ph->memsz = t_ld(be, p + 40, 8);
		ph->align = t_ld(be, p + 48, 8);
	}
	return 0;
}

static void core_header(int be)
{
	struct crash_note nv[3] = { { 0x3ff00000, 400, 0 }, { 0x3ff20000, 400, 1 }, { 0x3fe00000, 0x1000, -1 } };
	struct crash_notes n = { nv, 3, 2, 0 };
	struct rangeset ram;
	struct elf_file e;
	const char *o = be ? "BE" : "LE";
	uint8_t *buf = NULL;
	size_t len = 0, nloads = 0, i;
	char why[256];
	int rc;

	struct core_mem cm = { &ram, NULL, 0x10000000, 0x18000000 };

	rs_init(&ram);
	rs_add(&ram, 0, 0x40000000, "RAM");
	rs_add(&ram, 0x80000000, 0xc0000000, "RAM");
	rc = elfcorehdr_build(be, &n, &cm, 0x17ff0000, &buf, &len, &nloads);
	CHECK(rc == 0, "%s core: built", o);
	if (rc) {
		rs_free(&ram);
		return;
	}
	CHECK_EQ_U64(nloads, 4, "%s core: 4 PT_LOADs ([0,64K) apart, the crash region cut out)", o);
	CHECK_EQ_U64(len, 64 + 7 * 56, "%s core: header + 7 program headers", o);
	CHECK_EQ_U64(elfcorehdr_size(&n, &cm), len, "%s core: elfcorehdr_size agrees", o);
	/*
	 * Not elf_parse(): a core header is not a file with its data inside, its
	 * PT_LOAD offsets are where the data lives in the old kernel's memory.
	 */
	rc = core_view(buf, len, &e);
	(void)why;
	CHECK(rc == 0, "%s core: ELF identification and program header table fit", o);
	if (rc == 0) {
		static const struct {
			uint32_t type;
			uint64_t off, vaddr, paddr, size;
		} want[7] = {
			{ 4, 0x3ff00000, 0, 0x3ff00000, 400 },
			{ 4, 0x3ff20000, 0, 0x3ff20000, 400 },
			{ 4, 0x3fe00000, 0, 0x3fe00000, 0x1000 },
			{ 1, 0x17ff0000, 0xc000000000000000ULL, 0, 0x10000 },
			{ 1, 0x10000, 0xc000000000010000ULL, 0x10000, 0x10000000 - 0x10000 },
			{ 1, 0x18000000, 0xc000000018000000ULL, 0x18000000, 0x28000000 },
			{ 1, 0x80000000, 0xc000000080000000ULL, 0x80000000, 0x40000000 },
		};

		CHECK(e.class64 && e.big_endian == be && e.type == 4 && e.machine == 21,
		      "%s core: ELF64, %s, ET_CORE, EM_PPC64", o, o);
		CHECK_EQ_U64(e.flags, be ? 0 : 2, "%s core: e_flags (ELFv2 for little-endian)", o);
		CHECK_EQ_U64(e.phnum, 7, "%s core: 7 program headers", o);
		for (i = 0; i < 7 && i < e.phnum; i++) {
			const struct elf_phdr *ph = &e.phdrs[i];

			CHECK(ph->type == want[i].type && ph->offset == want[i].off && ph->vaddr == want[i].vaddr &&
			      ph->paddr == want[i].paddr && ph->filesz == want[i].size && ph->memsz == want[i].size &&
			      ph->flags == (want[i].type == 1 ? 7u : 0u),
			      "%s core: phdr %zu: type %u offset 0x%llx vaddr 0x%llx paddr 0x%llx size 0x%llx", o, i,
			      want[i].type, (unsigned long long)want[i].off, (unsigned long long)want[i].vaddr,
			      (unsigned long long)want[i].paddr, (unsigned long long)want[i].size);
		}
		CHECK(t_ld(be, buf + 52, 2) == 64 && t_ld(be, buf + 54, 2) == 56 && buf[6] == 1 &&
		      t_ld(be, buf + 20, 4) == 1, "%s core: e_ehsize, e_phentsize, versions", o);
		elf_free(&e);
	}
	free(buf);
	rs_free(&ram);
}

/*
 * RTAS and OPAL stay in the dump even inside the crash region, as the
 * kernel's get_crash_memory_ranges adds them back; where they already lie
 * in RAM outside the region they add nothing (no overlapping PT_LOADs).
 */
static void core_firmware(int rtas_at_end)
{
	struct crash_note nv[2] = { { 0x3ff00000, 400, 0 }, { 0x3fe00000, 0x1000, -1 } };
	struct crash_notes n = { nv, 2, 1, 0 };
	struct rangeset ram, fw;
	struct core_mem cm = { &ram, &fw, 0x10000000, 0x18000000 };
	uint64_t rtas = rtas_at_end ? 0x17ff0000 : 0x17f00000;
	const char *tag = rtas_at_end ? "RTAS at the region's end" : "RTAS inside the region";
	struct elf_file e;
	uint8_t *buf = NULL;
	size_t len = 0, nloads = 0, i, k = 0;
	int rc;
	/* Expected PT_LOADs (paddr, size), worked out by hand. */
	static const uint64_t inside[][2] = {
		{ 0, 0x10000 }, { 0x10000, 0x10000000 - 0x10000 }, { 0x17f00000, 0x10000 },
		{ 0x18000000, 0x28000000 }, { 0x80000000, 0x40000000 },
	};
	static const uint64_t at_end[][2] = {
		{ 0, 0x10000 }, { 0x10000, 0x10000000 - 0x10000 }, { 0x17ff0000, 0x28010000 },
		{ 0x80000000, 0x40000000 },
	};
	const uint64_t (*want)[2] = rtas_at_end ? at_end : inside;
	size_t nwant = rtas_at_end ? 4 : 5;

	rs_init(&ram);
	rs_init(&fw);
	rs_add(&ram, 0, 0x40000000, "RAM");
	rs_add(&ram, 0x80000000, 0xc0000000, "RAM");
	rs_add(&fw, rtas, rtas + 0x10000, "RTAS");
	rs_add(&fw, 0x30000000, 0x30100000, "OPAL");	/* in RAM outside the region */
	rc = elfcorehdr_build(0, &n, &cm, 0x17000000, &buf, &len, &nloads);
	CHECK(rc == 0, "%s: core header built", tag);
	CHECK_EQ_U64(nloads, nwant, "%s: %zu PT_LOADs", tag, nwant);
	CHECK_EQ_U64(elfcorehdr_size(&n, &cm), len, "%s: elfcorehdr_size agrees", tag);
	if (rc == 0 && core_view(buf, len, &e) == 0) {
		for (i = 0; i < e.phnum; i++) {
			const struct elf_phdr *ph = &e.phdrs[i];

			if (ph->type != 1)
				continue;
			CHECK(k < nwant && ph->paddr == want[k][0] && ph->memsz == want[k][1] &&
			      ph->offset == (ph->paddr ? ph->paddr : 0x17000000),
			      "%s: PT_LOAD %zu is 0x%llx+0x%llx (got 0x%llx+0x%llx)", tag, k,
			      k < nwant ? (unsigned long long)want[k][0] : 0ULL,
			      k < nwant ? (unsigned long long)want[k][1] : 0ULL,
			      (unsigned long long)ph->paddr, (unsigned long long)ph->memsz);
			k++;
		}
		elf_free(&e);
	}
	free(buf);
	rs_free(&ram);
	rs_free(&fw);
}

/* ---- a crash-kernel layout ------------------------------------------------------------------- */

struct cenv {
	uint64_t crash_base, crash_size, rma, memory_limit;
	uint64_t ram2;			/* RAM right above the RMA, up to here (0: none) */
	int marker, target_be, rma_scarce;
	size_t missing;			/* possible CPUs without a sysfs directory */
	size_t initrd_len;
	struct blob given;		/* the request's initrd bytes */
	void *fdt;
	struct ppc64_mem mem;
	struct target t;
	struct opts o;
	struct plan p;
	uint8_t *kcopy;
	int rc;
	char *err;
};

static void *crash_tree(const struct cenv *e)
{
	struct fb b;

	fb_start(&b, 8192);
	fb_u32(&b, "#address-cells", 2);
	fb_u32(&b, "#size-cells", 2);
	fb_node(&b, "chosen");
	fb_u64(&b, "linux,kernel-end", 0x1d2c000);
	if (e->crash_size) {
		fb_u64(&b, "linux,crashkernel-base", e->crash_base);
		fb_u64(&b, "linux,crashkernel-size", e->crash_size);
	}
	if (e->memory_limit)
		fb_u64(&b, "linux,memory-limit", e->memory_limit);
	fb_end(&b);
	fb_node(&b, "memory@0");
	fb_str(&b, "device_type", "memory");
	fb_reg(&b, "reg", 2, 2, 1, 0ULL, e->rma);
	fb_end(&b);
	if (e->ram2) {
		fb_nodef(&b, "memory@%llx", (unsigned long long)e->rma);
		fb_str(&b, "device_type", "memory");
		fb_reg(&b, "reg", 2, 2, 1, e->rma, e->ram2 - e->rma);
		fb_end(&b);
	}
	fb_node(&b, "memory@80000000");
	fb_str(&b, "device_type", "memory");
	fb_reg(&b, "reg", 2, 2, 1, 0x80000000ULL, 0x40000000ULL);
	fb_end(&b);
	fb_node(&b, "rtas");
	fb_u32(&b, "linux,rtas-base", 0x2fff0000);
	fb_u32(&b, "rtas-size", 0x10000);
	fb_end(&b);
	return fb_finish(&b);
}

static void cenv_defaults(struct cenv *e, int be)
{
	memset(e, 0, sizeof(*e));
	e->crash_base = 0x10000000;
	e->crash_size = 0x8000000;	/* 128 MiB */
	e->rma = 0x30000000;
	e->marker = 1;
	e->target_be = be;
}

static int crun(struct cenv *e)
{
	struct crash_note nv[2] = { { 0x2ff00000, 400, 0 }, { 0x2fe00000, 0x1000, -1 } };
	struct crash_notes notes = { nv, 2, 1 + e->missing, e->missing };
	struct ppc64_layout_req a;
	struct kernel_image k;
	struct t_capture cap;
	size_t i;
	int rc;

	memset(&a, 0, sizeof(a));
	e->fdt = crash_tree(e);
	t_capture_start(&cap, 2);
	rc = ppc64_memmap(e->fdt, "T", NULL, &e->mem);
	memset(&e->o, 0, sizeof(e->o));
	e->o.sysroot = "";
	e->o.dry_run = 1;
	e->o.panic = 1;
	e->o.arch = e->target_be ? "ppc64" : "ppc64le";
	e->o.page_size = 0x10000;
	if (rc == 0)
		rc = target_init(&e->o, &e->t);
	/* The initrd's bytes as the prepare step would have read them: no file. */
	if (e->initrd_len) {
		a.initrd.data = calloc(1, e->initrd_len);
		a.initrd.len = e->initrd_len;
		a.initrd_file = "/boot/initrd-kdump";
	}
	memset(&k, 0, sizeof(k));
	k.bufsz = 0x100000;
	k.memsz = 0x180000;
	k.align = 0x10000;
	k.big_endian = e->target_be;
	k.run_at_load_marker = e->marker;
	k.buf = calloc(1, k.bufsz);
	for (i = 0; i < k.bufsz; i++)
		k.buf[i] = (uint8_t)(i * 5 + 3);
	if (e->marker)
		memcpy(k.buf + 0x5c, e->target_be ? "run0" : "0nur", 4);
	e->kcopy = malloc(k.bufsz);
	memcpy(e->kcopy, k.buf, k.bufsz);
	a.target = &e->t;
	a.base_fdt = e->fdt;
	a.free_base = 1;	/* as kexec asks: the sanitizers catch a leak or a double free on every path */
	a.shown = "T";
	a.mem = &e->mem;
	a.kernel_file = "/boot/vmlinux-kdump";
	a.cmdline = "maxcpus=1";
	a.crash = 1;
	a.verify = 1;
	a.digests = 1;
	a.notes = &notes;
	a.rma_scarce = e->rma_scarce;
	if (rc == 0) {
		rc = t_layout(&a, &k, KEXEC_ARCH_PPC64 | KEXEC_ON_CRASH, &e->p);
		e->fdt = NULL;	/* the layout's now */
	}
	e->given = a.initrd;	/* freed after the plan, which borrows it (as in kexec) */
	e->err = t_chomp(t_capture_end(&cap));
	kernel_image_free(&k);
	e->rc = rc;
	return rc;
}

static void cenv_free(struct cenv *e)
{
	plan_free(&e->p);
	blob_free(&e->given);
	ppc64_mem_free(&e->mem);
	free(e->fdt);
	free(e->kcopy);
	free(e->err);
}

static void crash_layout(int be)
{
	struct cenv e;
	const char *o = be ? "ppc64" : "ppc64le";
	struct segment *ks, *bs, *hs, *ds, *ps, *is;
	uint64_t cend;
	size_t i;

	cenv_defaults(&e, be);
	e.initrd_len = 0x200000;
	crun(&e);
	CHECK(e.rc == 0, "%s -p: layout succeeds (%s)", o, t_shown(e.err));
	if (e.rc) {
		cenv_free(&e);
		return;
	}
	cend = e.crash_base + e.crash_size;
	for (i = 0; i < e.p.nseg; i++)
		CHECK(e.p.seg[i].mem >= e.crash_base && e.p.seg[i].mem + e.p.seg[i].memsz <= cend,
		      "%s -p: %s inside the crash region", o, role_name(e.p.seg[i].role));
	ks = plan_find(&e.p, ROLE_KERNEL);
	bs = plan_find(&e.p, ROLE_BACKUP);
	hs = plan_find(&e.p, ROLE_ELFCOREHDR);
	ds = plan_find(&e.p, ROLE_DTB);
	ps = plan_find(&e.p, ROLE_PURGATORY);
	is = plan_find(&e.p, ROLE_INITRD);
	CHECK(ks && bs && hs && ds && ps && is && e.p.nseg == 6,
	      "%s -p: kernel, backup, core header, initrd, dtb, purgatory", o);
	if (!(ks && bs && hs && ds && ps && is)) {
		cenv_free(&e);
		return;
	}
	CHECK_EQ_U64(ks->mem, e.crash_base, "%s -p: the kernel at the crash base", o);
	CHECK_EQ_U64(t_ld(be, ks->buf + 0x5c, 4), 1, "%s -p: __run_at_load set to 1 in the kernel's byte order", o);
	CHECK(!memcmp(ks->buf, e.kcopy, 0x5c) && !memcmp(ks->buf + 0x60, e.kcopy + 0x60, ks->bufsz - 0x60),
	      "%s -p: nothing else in the kernel changed", o);
	CHECK(bs->bufsz == 0 && bs->memsz == 0x10000, "%s -p: a 64 KiB backup segment without bytes", o);
	CHECK(e.p.cmdline && !strcmp(e.p.cmdline, t_fmt("maxcpus=1 elfcorehdr=%lluK",
							 (unsigned long long)(hs->mem >> 10))),
	      "%s -p: elfcorehdr= names the core header in KiB (%s)", o, e.p.cmdline ? e.p.cmdline : "");
	{
		const void *v;
		int len;

		v = dt_getprop(ds->buf, "/chosen", "bootargs", &len);
		CHECK(v && !strcmp(v, e.p.cmdline), "%s -p: the tree's bootargs carry elfcorehdr= too", o);
		CHECK(has_rsv(ds->buf, 0x10000, e.crash_base - 0x10000) == 1,
		      "%s -p: the crashed kernel's memory [64K, crash base) is reserved", o);
		CHECK(has_rsv(ds->buf, bs->mem, 0x10000) == 1, "%s -p: the backup is reserved", o);
		CHECK(has_rsv(ds->buf, hs->mem, hs->memsz) == 1, "%s -p: the core header is reserved", o);
		v = dt_getprop(ds->buf, "/memory@0", "linux,usable-memory", &len);
		CHECK(v && len == 32 && t_ld(1, v, 8) == 0 && t_ld(1, (const uint8_t *)v + 8, 8) == cend &&
		      t_ld(1, (const uint8_t *)v + 16, 8) == 0x2fff0000 && t_ld(1, (const uint8_t *)v + 24, 8) == 0x10000,
		      "%s -p: memory@0 usable up to the crash region's end, plus RTAS (%d bytes)", o, len);
		v = dt_getprop(ds->buf, "/memory@80000000", "linux,usable-memory", &len);
		CHECK(v && len == 16 && t_ld(1, v, 8) == 0 && t_ld(1, (const uint8_t *)v + 8, 8) == 0,
		      "%s -p: memory above is not usable (one empty pair)", o);
	}
	{
		const uint8_t *pp = ps->buf + PURG_PARAMS_OFFSET;
		uint32_t fl = (uint32_t)t_ld(be, pp + offsetof(struct purg_params, flags), 4);

		CHECK(fl & PURG_F_BACKUP, "%s -p: the purgatory backs up low memory", o);
		CHECK(t_ld(be, pp + offsetof(struct purg_params, backup_src), 8) == 0 &&
		      t_ld(be, pp + offsetof(struct purg_params, backup_dst), 8) == bs->mem &&
		      t_ld(be, pp + offsetof(struct purg_params, backup_size), 8) == 0x10000,
		      "%s -p: backup 0 -> the backup segment, 64 KiB", o);
	}
	{
		struct elf_file ce;
		char why[128];
		int rc = core_view(hs->buf, hs->bufsz, &ce);

		(void)why;
		CHECK(rc == 0 && ce.type == 4 && ce.big_endian == be, "%s -p: the core header is an ET_CORE", o);
		if (rc == 0) {
			size_t j;
			int backup_ok = 0, crash_in = 0;

			for (j = 0; j < ce.phnum; j++) {
				const struct elf_phdr *ph = &ce.phdrs[j];

				backup_ok += ph->type == 1 && ph->paddr == 0 && ph->offset == bs->mem;
				crash_in += ph->type == 1 && ph->paddr < cend && e.crash_base < ph->paddr + ph->memsz;
			}
			CHECK(backup_ok == 1, "%s -p: the core reads [0,64K) from the backup", o);
			CHECK(crash_in == 0, "%s -p: the core leaves out the crash region", o);
			elf_free(&ce);
		}
	}
	CHECK(t_has(e.p.notes[0], "runs where it is loaded"), "%s -p: a note says run_at_load was set", o);
	cenv_free(&e);
}

/*
 * crashkernel=512M@128M on an LPAR with a 256 MiB RMA: the region crosses
 * the RMA top.  Everything the purgatory and early boot touch in real mode
 * goes below it; a big initrd, on a scarce RMA, above it, still inside the
 * region, and then not re-checked.  And 3 of 4 possible CPUs without sysfs
 * directories are named in a note.
 */
static void crash_across_rma(void)
{
	struct cenv e;
	uint64_t rma = 0x10000000, cend;
	size_t i;

	cenv_defaults(&e, 0);
	e.rma = rma;
	e.ram2 = 0x40000000;
	e.crash_base = 0x8000000;
	e.crash_size = 0x20000000;
	e.rma_scarce = 1;
	e.missing = 3;
	e.initrd_len = (33u << 20);	/* over 1/8 of the RMA */
	crun(&e);
	cend = e.crash_base + e.crash_size;
	CHECK(e.rc == 0, "-p across the RMA top: layout succeeds (%s)", t_shown(e.err));
	for (i = 0; e.rc == 0 && i < e.p.nseg; i++) {
		const struct segment *s = &e.p.seg[i];

		CHECK(s->mem >= e.crash_base && s->mem + s->memsz <= cend, "-p across the RMA top: %s in the region",
		      role_name(s->role));
		if (s->role == ROLE_INITRD)
			CHECK(s->mem >= rma && s->mem + s->memsz == cend && !s->verified,
			      "-p across the RMA top: the initrd above the RMA, at the region's top, not re-checked "
			      "(0x%llx)", (unsigned long long)s->mem);
		else
			CHECK(s->mem + s->memsz <= rma && (s->role == ROLE_PURGATORY || s->role == ROLE_BACKUP ||
							   s->verified),
			      "-p across the RMA top: %s below the RMA top (0x%llx), re-checked", role_name(s->role),
			      (unsigned long long)s->mem);
	}
	CHECK(e.rc == 0 && e.p.nnotes == 5 && t_has(e.p.notes[1], "core header: 1 CPU notes (4 possible CPUs)") &&
	      t_has(e.p.notes[2], "3 of 4 possible CPUs have no /sys/devices/system/cpu/cpuN") &&
	      t_has(e.p.notes[3], "placed above it") && t_has(e.p.notes[4], "crash region 0x8000000-0x28000000"),
	      "-p across the RMA top: notes on run_at_load, the core header, the CPUs without notes, the "
	      "initrd and the region (%zu: %s | %s | %s)", e.p.nnotes, e.p.nnotes > 2 ? e.p.notes[2] : "",
	      e.p.nnotes > 3 ? e.p.notes[3] : "", e.p.nnotes > 4 ? e.p.notes[4] : "");
	cenv_free(&e);
}

static void crash_refusals(void)
{
	struct cenv e;

	/* No crash region at all: load.c refuses that first (test-flows.c). */
	cenv_defaults(&e, 0);
	e.marker = 0;
	crun(&e);
	CHECK(e.rc == -ENOEXEC && t_has(e.err, "/boot/vmlinux-kdump is not relocatable"),
	      "-p with a kernel lacking run0 (%s)", t_shown(e.err));
	cenv_free(&e);

	cenv_defaults(&e, 0);
	e.crash_base = 0x80000000;
	crun(&e);
	CHECK(e.rc == -EINVAL && t_has(e.err, "lies above the RMA"), "-p with the region above the RMA (%s)",
	      t_shown(e.err));
	cenv_free(&e);

	cenv_defaults(&e, 0);
	e.memory_limit = 0x14000000;
	crun(&e);
	CHECK(e.rc == -EINVAL && t_has(e.err, "the crash region 0x10000000-0x18000000 is not all RAM this "
				       "kernel uses (linux,memory-limit: mem=)"),
	      "-p with mem= inside the region (%s)", t_shown(e.err));
	cenv_free(&e);

	cenv_defaults(&e, 1);
	e.crash_size = 0x100000;	/* 1 MiB, less than the kernel */
	crun(&e);
	CHECK(e.rc == -ENOSPC && t_has(e.err, "bytes short"),
	      "-p with a 1 MiB region: says how much is missing (%d: %s)", e.rc, t_shown(e.err));
	cenv_free(&e);
}

int main(void)
{
	CHECK_PROGRAM("crash");
	cpulists();
	notes();
	core_header(0);
	core_header(1);
	core_firmware(0);
	core_firmware(1);
	crash_layout(0);
	crash_layout(1);
	crash_across_rma();
	crash_refusals();
	return CHECK_DONE();
}
