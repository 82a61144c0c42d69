// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dt.c and nexttree.c: trees flattened from directories (sorted, without
 * "name", deterministic), .dtb files good and bad, edits that grow the blob,
 * reserve-map bookkeeping, and the next kernel's /chosen fix-ups.
 */
#include <errno.h>
#include <sys/stat.h>
#include "bytes.h"
#include "check.h"
#include "dt.h"
#include "fdtbuild.h"
#include "ppc64.h"

static uint32_t be32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static uint64_t be64(const void *p)
{
	return (uint64_t)be32(p) << 32 | be32((const uint8_t *)p + 4);
}

static void w32(const char *path, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };

	t_write(path, b, 4);
}

/* stderr of one call, one line without its newline */
#define QUIET(err, call)                                   \
	do {                                               \
		struct t_capture c_;                       \
		t_capture_start(&c_, 2);                   \
		call;                                      \
		(err) = t_chomp(t_capture_end(&c_));       \
	} while (0)

/* ---- dt_from_dir -------------------------------------------------------------- */

static void make_tree_dir(const char *d)
{
	t_write_str(t_fmt("%s/name", d), "");
	t_write(t_fmt("%s/compatible", d), "ibm,pseries\0", 12);
	t_write(t_fmt("%s/model", d), "IBM,9009-42A\0", 13);
	w32(t_fmt("%s/#address-cells", d), 2);
	w32(t_fmt("%s/#size-cells", d), 2);
	t_write(t_fmt("%s/empty-prop", d), "", 0);
	t_write(t_fmt("%s/chosen/name", d), "chosen\0", 7);
	t_write(t_fmt("%s/chosen/bootargs", d), "root=/dev/sda2\0", 15);
	t_write(t_fmt("%s/cpus/name", d), "cpus\0", 5);
	w32(t_fmt("%s/cpus/PowerPC,POWER9@10/reg", d), 0x10);
	w32(t_fmt("%s/cpus/PowerPC,POWER9@2/reg", d), 2);
	w32(t_fmt("%s/cpus/PowerPC,POWER9@8/reg", d), 8);
	w32(t_fmt("%s/cpus/PowerPC,POWER9@a/reg", d), 10);
	w32(t_fmt("%s/cpus/l2-cache@2010/reg", d), 0x2010);
	t_mkdirs(t_fmt("%s/memory@10000000", d));
	t_mkdirs(t_fmt("%s/memory@2000000", d));
	t_mkdirs(t_fmt("%s/memory@0", d));
	t_mkdirs(t_fmt("%s/memory", d));
	t_mkdirs(t_fmt("%s/mem", d));
	t_mkdirs(t_fmt("%s/i2c@1,10", d));
	t_mkdirs(t_fmt("%s/i2c@1,2", d));
	t_mkdirs(t_fmt("%s/i2c@2", d));
	t_write(t_fmt("%s/memory@0/device_type", d), "memory\0", 7);
	/* Not part of a tree: symlinks and FIFOs are skipped (and must not block). */
	if (symlink("chosen", t_fmt("%s/link-to-chosen", d)) < 0 ||
	    mkfifo(t_fmt("%s/chosen/a-fifo", d), 0600) < 0)
		perror("symlink/mkfifo");
}

static void from_dir(void)
{
	char *d = t_mkdtemp("dt"), *err;
	void *a = NULL, *b = NULL;
	const char *v;
	int rc, len;

	make_tree_dir(d);
	QUIET(err, rc = dt_from_dir(d, "/proc/device-tree", 0, &a));
	CHECK(rc == 0, "from_dir: flattens (%s)", err);
	free(err);
	if (rc) {
		t_rmtree(d);
		return;
	}
	CHECK_EQ_U64(fdt_check_full(a, fdt_totalsize(a)), 0, "from_dir: a valid blob");
	CHECK_STR(fdt_children(a, "/"),
		  "chosen i2c@1,2 i2c@1,10 i2c@2 mem memory memory@0 memory@2000000 memory@10000000 cpus",
		  "from_dir: nodes sorted by name, unit addresses compared as numbers, /cpus last "
		  "(lookups of its siblings need not walk it)");
	CHECK_STR(fdt_children(a, "/cpus"),
		  "PowerPC,POWER9@2 PowerPC,POWER9@8 PowerPC,POWER9@a PowerPC,POWER9@10 l2-cache@2010",
		  "from_dir: cpu@2 before cpu@10 (hex: @a before @10)");
	CHECK_STR(fdt_props(a, "/"), "#address-cells #size-cells compatible empty-prop model",
		  "from_dir: properties sorted, \"name\" dropped");
	CHECK_STR(fdt_props(a, "/chosen"), "bootargs", "from_dir: /chosen without name, FIFO skipped");
	CHECK(fdt_path_offset(a, "/link-to-chosen") < 0, "from_dir: symlinks are not followed");
	v = fdt_getprop(a, fdt_path_offset(a, "/chosen"), "bootargs", &len);
	CHECK(v && len == 15 && !strcmp(v, "root=/dev/sda2"), "from_dir: property bytes as in the file");
	v = fdt_getprop(a, 0, "empty-prop", &len);
	CHECK(v && len == 0, "from_dir: an empty file is an empty property");
	v = fdt_getprop(a, fdt_path_offset(a, "/cpus/PowerPC,POWER9@10"), "reg", &len);
	CHECK(v && len == 4 && be32(v) == 0x10, "from_dir: nested property");
	CHECK_EQ_U64(fdt_num_mem_rsv(a), 0, "from_dir: empty reserve map");
	{
		/* "reg" is in five nodes; every distinct name is stored once. */
		static const char *const names[] = { "#address-cells", "#size-cells", "compatible",
						     "empty-prop", "model", "bootargs", "reg",
						     "device_type" };
		size_t want = 0, k;

		for (k = 0; k < sizeof(names) / sizeof(names[0]); k++)
			want += strlen(names[k]) + 1;
		CHECK_EQ_U64(fdt_size_dt_strings(a), want, "from_dir: each property name stored once");
	}

	QUIET(err, rc = dt_from_dir(d, "/proc/device-tree", 0, &b));
	free(err);
	CHECK(rc == 0 && fdt_totalsize(a) == fdt_totalsize(b) && !memcmp(a, b, fdt_totalsize(a)),
	      "from_dir: the same directory gives the same bytes");
	free(b);
	free(a);
	t_rmtree(d);

	/* empty and missing directories */
	d = t_mkdtemp("dt");
	QUIET(err, rc = dt_from_dir(d, "EMPTY", 0, &a));
	CHECK(rc == -ENOENT && t_has(err, "device tree EMPTY is empty"), "from_dir: empty dir (%s)", err);
	free(err);
	QUIET(err, rc = dt_from_dir(t_fmt("%s/nope", d), "NOPE", 0, &a));
	CHECK(rc == -ENOENT && t_has(err, "cannot read device tree NOPE"), "from_dir: missing dir (%s)",
	      err);
	free(err);
	t_rmtree(d);
}

/* A tree built with libfdt, written out as a directory, read back: the same tree. */
static void round_trip(void)
{
	char *d = t_mkdtemp("dt"), *err, why[256];
	uint8_t *big = malloc(300000);
	struct fb fb;
	void *orig, *back = NULL;
	size_t i;
	int rc;

	for (i = 0; i < 300000; i++)
		big[i] = (uint8_t)(i * 7);
	fb_start(&fb, 400000);
	fb_u32(&fb, "#address-cells", 2);
	fb_u32(&fb, "#size-cells", 2);
	fb_str(&fb, "compatible", "qemu,pseries");
	fb_node(&fb, "chosen");
	fb_str(&fb, "bootargs", "console=hvc0");
	fb_u64(&fb, "linux,kernel-end", 0x1d30000);
	fb_end(&fb);
	fb_node(&fb, "ibm,dynamic-reconfiguration-memory");
	fb_prop(&fb, "ibm,dynamic-memory", big, 300000);
	fb_end(&fb);
	fb_node(&fb, "memory@0");
	fb_str(&fb, "device_type", "memory");
	fb_reg(&fb, "reg", 2, 2, 1, 0ULL, 0x40000000ULL);
	fb_end(&fb);
	orig = fb_finish(&fb);
	fdt_to_dir(orig, d);
	QUIET(err, rc = dt_from_dir(d, "T", 0, &back));
	CHECK(rc == 0, "round trip: reads back (%s)", err);
	free(err);
	if (rc == 0) {
		rc = fdt_tree_diff(orig, back, why, sizeof(why));
		CHECK(rc == 0, "round trip: the same tree, 300 KB property included%s%s", rc ? ": " : "", why);
		free(back);
	}
	free(orig);
	free(big);
	t_rmtree(d);
}

/* ---- dt_from_file ---------------------------------------------------------------- */

static void *small_tree(void)
{
	static const uint64_t rsv[] = { 0x1000000, 0x10000 };
	struct fb fb;

	fb_start_rsv(&fb, 4096, 1, rsv);
	fb_u32(&fb, "#address-cells", 2);
	fb_node(&fb, "chosen");
	fb_str(&fb, "bootargs", "old");
	fb_end(&fb);
	fb_node(&fb, "pci@1");
	fb_u32(&fb, "linux,pci-domain", 1);
	fb_node(&fb, "pci@2");
	fb_u32(&fb, "linux,pci-domain", 2);
	fb_end(&fb);
	fb_end(&fb);
	fb_node(&fb, "pci@3");
	fb_u32(&fb, "linux,pci-domain", 3);
	fb_u32(&fb, "other", 3);
	fb_end(&fb);
	return fb_finish(&fb);
}

static void from_file(void)
{
	char *d = t_mkdtemp("dtb"), *err;
	void *t = small_tree(), *out = NULL;
	size_t n = fdt_totalsize(t);
	uint8_t *junk;
	int rc;

	t_write(t_fmt("%s/good.dtb", d), t, n);
	QUIET(err, rc = dt_from_file(t_fmt("%s/good.dtb", d), &out));
	CHECK(rc == 0 && out && !memcmp(out, t, n), "from_file: a good .dtb is read as is (%s)", err);
	free(err);
	free(out);

	/* trailing bytes after totalsize are fine */
	junk = calloc(1, n + 100);
	memcpy(junk, t, n);
	t_write(t_fmt("%s/padded.dtb", d), junk, n + 100);
	QUIET(err, rc = dt_from_file(t_fmt("%s/padded.dtb", d), &out));
	CHECK(rc == 0, "from_file: padding after the blob is accepted (%s)", err);
	free(err);
	if (rc == 0)
		free(out);

	t_write(t_fmt("%s/half.dtb", d), t, n / 2);
	QUIET(err, rc = dt_from_file(t_fmt("%s/half.dtb", d), &out));
	CHECK(rc == -EINVAL && t_has(err, "half.dtb") && t_has(err, "truncated?"),
	      "from_file: truncated to half: -EINVAL naming it (%s)", err);
	free(err);

	t_write(t_fmt("%s/header.dtb", d), t, 20);
	QUIET(err, rc = dt_from_file(t_fmt("%s/header.dtb", d), &out));
	CHECK(rc == -EINVAL && t_has(err, "header.dtb"), "from_file: cut inside the header (%s)", err);
	free(err);

	t_write(t_fmt("%s/magic.dtb", d), "\xd0\x0d\xfe\xed", 4);
	QUIET(err, rc = dt_from_file(t_fmt("%s/magic.dtb", d), &out));
	CHECK(rc == -EINVAL, "from_file: just the magic (%s)", err);
	free(err);

	t_write(t_fmt("%s/empty.dtb", d), "", 0);
	QUIET(err, rc = dt_from_file(t_fmt("%s/empty.dtb", d), &out));
	CHECK(rc == -EINVAL && t_has(err, "empty.dtb"), "from_file: empty file (%s)", err);
	free(err);

	memset(junk, 0x5a, n);
	t_write(t_fmt("%s/garbage.dtb", d), junk, n);
	QUIET(err, rc = dt_from_file(t_fmt("%s/garbage.dtb", d), &out));
	CHECK(rc == -EINVAL && t_has(err, "not a valid device tree blob"),
	      "from_file: garbage: \"not a valid device tree blob\" (%s)", err);
	free(err);

	/* good header, broken structure block: a node tag turned into garbage */
	memcpy(junk, t, n);
	{
		uint32_t off = fdt_off_dt_struct(t);

		junk[off + 3] = 0x7f;	/* FDT_BEGIN_NODE (1) -> 0x7f */
	}
	t_write(t_fmt("%s/struct.dtb", d), junk, n);
	QUIET(err, rc = dt_from_file(t_fmt("%s/struct.dtb", d), &out));
	CHECK(rc == -EINVAL && t_has(err, "not a valid device tree blob"),
	      "from_file: bad structure tag is caught (%s)", err);
	free(err);
	if (rc == 0)
		free(out);

	QUIET(err, rc = dt_from_file(t_fmt("%s/missing.dtb", d), &out));
	CHECK(rc == -ENOENT && t_has(err, "cannot read device tree blob"),
	      "from_file: missing file (%s)", err);
	free(err);
	free(junk);
	free(t);
	t_rmtree(d);
}

/*
 * The structure block walk (dt_struct_check, fdt-walk.c), before libfdt:
 * libfdt 1.6.1 loops forever on a property length of -12 (the fuzzer's
 * load target found it), so each hostile block here must be refused, in one
 * line naming the file and the offset, by a walk that ends.
 */
static void struct_walk(void)
{
	char *d = t_mkdtemp("dtbwalk"), *err, why[160];
	void *t = small_tree(), *out = NULL;
	size_t n = fdt_totalsize(t);
	uint32_t so = fdt_off_dt_struct(t), chosen = (uint32_t)fdt_path_offset(t, "/chosen");
	uint8_t *b = malloc(n);
	int rc;

	CHECK(dt_struct_check(t, n, why, sizeof(why)) == 0, "struct walk: a good tree passes");
	memcpy(b, t, n);
	be32_st(b + 20, 16);	/* version 16: no size_dt_struct, the block runs to the end */
	CHECK(dt_struct_check(b, n, why, sizeof(why)) == 0, "struct walk: a good version-16 tree passes");

	/* The root's first property (after its tag and empty name): length -12. */
	memcpy(b, t, n);
	CHECK_EQ_U64(be32_ld(b + so + 8), FDT_PROP, "struct walk: the root's first tag is a property");
	be32_st(b + so + 12, 0xfffffff4);
	t_write(t_fmt("%s/minus12.dtb", d), b, n);
	QUIET(err, rc = dt_from_file(t_fmt("%s/minus12.dtb", d), &out));
	CHECK(rc == -EINVAL && t_has(err, "minus12.dtb: not a valid device tree blob: the property at "
				     "structure offset 0x8 (length 0xfffffff4) runs past the block"),
	      "struct walk: a property length of -12 (libfdt 1.6.1 loops) is refused (%s)", err);
	free(err);
	be32_st(b + so + 12, fdt_size_dt_struct(t) - 8 - 12 + 1);	/* one byte past the block */
	CHECK(dt_struct_check(b, n, why, sizeof(why)) == -EINVAL && strstr(why, "runs past the block"),
	      "struct walk: a property one byte longer than the block is refused (%s)", why);

	memcpy(b, t, n);
	be32_st(b + so + fdt_size_dt_struct(t) - 4, FDT_NOP);	/* FDT_END -> NOP */
	CHECK(dt_struct_check(b, n, why, sizeof(why)) == -EINVAL && strstr(why, "has no end tag"),
	      "struct walk: no end tag (%s)", why);
	memcpy(b, t, n);
	be32_st(b + so, FDT_END_NODE);	/* the root's begin becomes an end */
	CHECK(dt_struct_check(b, n, why, sizeof(why)) == -EINVAL && strstr(why, "closes no node"),
	      "struct walk: an end of node with none open (%s)", why);
	memcpy(b, t, n);
	be32_st(b + so + fdt_size_dt_struct(t) - 8, FDT_NOP);	/* the root's end */
	CHECK(dt_struct_check(b, n, why, sizeof(why)) == -EINVAL && strstr(why, "ends inside 1 open node"),
	      "struct walk: the block ends with a node open (%s)", why);
	memcpy(b, t, n);
	be32_st(b + so + 8, 0x7f);
	CHECK(dt_struct_check(b, n, why, sizeof(why)) == -EINVAL && strstr(why, "unknown tag 0x7f at structure offset 0x8"),
	      "struct walk: an unknown tag (%s)", why);
	memcpy(b, t, n);
	be32_st(b + 36, chosen + 4 + 3);	/* size_dt_struct ends inside "chosen" */
	CHECK(dt_struct_check(b, n, why, sizeof(why)) == -EINVAL && strstr(why, "has no end"),
	      "struct walk: a node name cut by the block's end (%s)", why);
	memcpy(b, t, n);
	be32_st(b + 36, n);	/* a block larger than the blob */
	CHECK(dt_struct_check(b, n, why, sizeof(why)) == -EINVAL && strstr(why, "is not inside the blob"),
	      "struct walk: a block past the blob's end (%s)", why);
	free(b);
	free(t);
	t_rmtree(d);
}

/* ---- edits ------------------------------------------------------------------------- */

/* A packed copy: no free space at all, so every edit must grow it. */
static void *packed_copy(const void *t)
{
	void *c = malloc(fdt_totalsize(t));

	memcpy(c, t, fdt_totalsize(t));
	fdt_pack(c);
	return c;
}

/*
 * The strings block before the structure block, as a firmware may lay out its
 * blob (--dtb /sys/firmware/fdt from SLOF): valid, but libfdt reorders such a
 * blob into a second copy when it opens it for edits, never in place.
 */
static void *misordered(const void *t)
{
	uint8_t *p = packed_copy(t), *m;
	size_t st = fdt_off_dt_struct(p), st_sz = fdt_size_dt_struct(p);
	size_t str = fdt_off_dt_strings(p), str_sz = fdt_size_dt_strings(p), nst;

	m = calloc(1, fdt_totalsize(p) + 16);
	memcpy(m, p, st);				/* header and reserve map */
	memcpy(m + st, p + str, str_sz);		/* then the strings */
	nst = (st + str_sz + 7) & ~(size_t)7;
	memcpy(m + nst, p + st, st_sz);			/* then the structure */
	fdt_set_off_dt_strings(m, (uint32_t)st);
	fdt_set_off_dt_struct(m, (uint32_t)nst);
	fdt_set_totalsize(m, (uint32_t)(nst + st_sz));
	free(p);
	return m;
}

static void edits_misordered(void)
{
	void *t = small_tree(), *m, *c = NULL;
	uint8_t *big = calloc(1, 65536);
	const void *v;
	int len;

	/* Larger than the room dt_copy adds (4 KiB), as a firmware's blob is. */
	CHECK_EQ_U64(dt_setprop(&t, "/chosen", "big", big, 65536), 0, "misordered blob: a 64 KiB property");
	m = misordered(t);
	CHECK(fdt_check_full(m, fdt_totalsize(m)) == 0 && fdt_off_dt_strings(m) < fdt_off_dt_struct(m),
	      "misordered blob: valid, strings before structure");
	CHECK_EQ_U64(dt_copy(m, &c), 0, "dt_copy of a misordered blob (a firmware's) gets room to grow");
	CHECK(c && dt_setprop_string(&c, "/chosen", "bootargs", "edited") == 0 &&
	      (v = dt_getprop(c, "/chosen", "bootargs", &len)) && !strcmp(v, "edited") &&
	      fdt_check_full(c, dt_size(c)) == 0, "... and takes edits, staying valid");
	free(c);
	free(m);
	free(t);
	free(big);
}

static void edits(void)
{
	void *t = small_tree(), *f = packed_copy(t), *c = NULL;
	uint8_t *big = malloc(100000);
	const void *v;
	char *err;
	size_t before = fdt_totalsize(f);
	int rc, len, i;

	memset(big, 0xab, 100000);
	CHECK_EQ_U64(dt_copy(t, &c), 0, "dt_copy");
	CHECK(dt_size(c) >= fdt_totalsize(t) + 4096, "dt_copy leaves room to grow (%zu)", dt_size(c));
	v = dt_getprop(c, "/chosen", "bootargs", &len);
	CHECK(v && len == 4 && !strcmp(v, "old"), "dt_getprop on the copy");
	CHECK(dt_getprop(c, "/nope", "bootargs", &len) == NULL, "dt_getprop: absent node");
	CHECK(dt_getprop(c, "/chosen", "nope", &len) == NULL, "dt_getprop: absent property");
	free(c);

	rc = dt_setprop(&f, "/chosen", "big", big, 100000);
	CHECK(rc == 0 && dt_size(f) > before + 100000, "dt_setprop grows a packed tree for 100 KB (%zu)",
	      dt_size(f));
	v = dt_getprop(f, "/chosen", "big", &len);
	CHECK(v && len == 100000 && !memcmp(v, big, 100000), "... and the value is there");
	CHECK_EQ_U64(fdt_check_full(f, dt_size(f)), 0, "... in a valid tree");
	CHECK_EQ_U64(dt_setprop_u64(&f, "/chosen", "n64", 0x0123456789abcdefULL), 0, "dt_setprop_u64");
	v = dt_getprop(f, "/chosen", "n64", &len);
	CHECK(v && len == 8 && be64(v) == 0x0123456789abcdefULL, "... 8 big-endian bytes");
	CHECK_EQ_U64(dt_setprop_string(&f, "/chosen", "bootargs", "a new line"), 0, "dt_setprop_string");
	v = dt_getprop(f, "/chosen", "bootargs", &len);
	CHECK(v && len == 11 && !strcmp(v, "a new line"), "... replaces the value, NUL included");
	CHECK_EQ_U64(dt_setprop(&f, "/chosen", "flag", NULL, 0), 0, "dt_setprop of an empty property");
	v = dt_getprop(f, "/chosen", "flag", &len);
	CHECK(v && len == 0, "... present with length 0");
	QUIET(err, rc = dt_setprop(&f, "/nope", "x", "y", 2));
	CHECK(rc == -ENOENT && t_has(err, "no node /nope for property x"),
	      "dt_setprop on a missing node: -ENOENT (%s)", err);
	free(err);

	CHECK_EQ_U64(dt_delprop(&f, "/chosen", "big"), 0, "dt_delprop");
	CHECK(dt_getprop(f, "/chosen", "big", &len) == NULL, "... gone");
	CHECK_EQ_U64(dt_delprop(&f, "/chosen", "big"), 0, "dt_delprop of an absent property is fine");
	CHECK_EQ_U64(dt_delprop(&f, "/nope", "big"), 0, "dt_delprop in an absent node is fine");

	CHECK_EQ_U64(dt_delprop_all(&f, "linux,pci-domain"), 3, "dt_delprop_all counts 3 nodes");
	CHECK(!dt_getprop(f, "/pci@1", "linux,pci-domain", NULL) &&
	      !dt_getprop(f, "/pci@1/pci@2", "linux,pci-domain", NULL) &&
	      !dt_getprop(f, "/pci@3", "linux,pci-domain", NULL), "... nested ones too");
	CHECK(dt_getprop(f, "/pci@3", "other", NULL) != NULL, "... other properties stay");
	CHECK_EQ_U64(dt_delprop_all(&f, "linux,pci-domain"), 0, "a second dt_delprop_all finds none");

	/* nodes */
	free(f);
	f = packed_copy(t);
	CHECK_EQ_U64(dt_ensure_node(&f, "/a/b/c"), 0, "dt_ensure_node /a/b/c on a packed tree");
	CHECK(fdt_path_offset(f, "/a") >= 0 && fdt_path_offset(f, "/a/b") >= 0 &&
	      fdt_path_offset(f, "/a/b/c") >= 0, "... creates every level");
	CHECK_EQ_U64(dt_ensure_node(&f, "/a/b/c"), 0, "... and is idempotent");
	CHECK_EQ_U64(dt_ensure_node(&f, "/chosen"), 0, "existing node");
	CHECK_EQ_U64(dt_setprop_string(&f, "/a/b/c", "p", "v"), 0, "a property in the new node");
	CHECK_EQ_U64(fdt_check_full(f, dt_size(f)), 0, "valid after node edits");

	/* reserve map */
	free(f);
	f = packed_copy(t);
	CHECK_EQ_U64(fdt_num_mem_rsv(f), 1, "one reserve entry to start with");
	CHECK_EQ_U64(dt_add_reserve(&f, 0x1000000, 0x10000), 0, "adding an identical entry");
	CHECK_EQ_U64(fdt_num_mem_rsv(f), 1, "... adds nothing");
	CHECK_EQ_U64(dt_add_reserve(&f, 0x1000000, 0x20000), 0, "same address, other size");
	CHECK_EQ_U64(fdt_num_mem_rsv(f), 2, "... is a new entry");
	for (i = 0; i < 500; i++)
		dt_add_reserve(&f, 0x100000000ULL + (uint64_t)i * 0x10000, 0x1000);
	CHECK_EQ_U64(fdt_num_mem_rsv(f), 502, "500 more entries, growing as needed");
	CHECK_EQ_U64(fdt_check_full(f, dt_size(f)), 0, "valid with 502 reserve entries");
	CHECK_EQ_U64(dt_move_reserve(&f, 0x1000000, 0x5000000, 0x20000), 0, "dt_move_reserve");
	{
		uint64_t a, s;
		int n = fdt_num_mem_rsv(f), found_new = 0, found_old = 0;

		for (i = 0; i < n; i++) {
			fdt_get_mem_rsv(f, i, &a, &s);
			found_new += a == 0x5000000 && s == 0x20000;
			found_old += a == 0x1000000 && s == 0x20000;
		}
		CHECK(n == 502 && found_new == 1 && found_old == 0,
		      "... replaces the entry (count %d, new %d, old %d)", n, found_new, found_old);
		CHECK(fdt_get_mem_rsv(f, 0, &a, &s) == 0 && a == 0x1000000 && s == 0x10000,
		      "... and leaves the others alone");
		CHECK(fdt_get_mem_rsv(f, 1, &a, &s) == 0 && a == 0x5000000 && s == 0x20000,
		      "... in the position the old entry had (a placeholder keeps its place)");
		CHECK_EQ_U64(fdt_check_full(f, dt_size(f)), 0, "... and the tree stays valid");
	}
	QUIET(err, rc = dt_move_reserve(&f, 0x1000000, 0x6000000, 0x30000));
	CHECK(rc == -EINVAL && t_has(err, "reserve entry 0x1000000+0x30000 not found"),
	      "dt_move_reserve of an absent entry (%s)", err);
	free(err);

	/* pack */
	CHECK_EQ_U64(dt_pack(&f), 0, "dt_pack");
	CHECK_EQ_U64(dt_size(f), fdt_off_dt_strings(f) + fdt_size_dt_strings(f), "... to the used size");
	free(f);
	free(t);
	free(big);
}

/* ---- the next kernel's tree --------------------------------------------------------- */

static void *live_tree(void)
{
	static const uint64_t rsv[] = { 0x7000000, 0x1000 };
	struct fb fb;

	fb_start_rsv(&fb, 8192, 1, rsv);
	fb_u32(&fb, "#address-cells", 2);
	fb_u32(&fb, "#size-cells", 2);
	fb_node(&fb, "chosen");
	fb_str(&fb, "bootargs", "BOOT_IMAGE=/old root=/dev/old");
	fb_str(&fb, "linux,stdout-path", "/vdevice/vty@30000000");
	fb_u64(&fb, "linux,kernel-end", 0x1d30000);
	fb_u64(&fb, "linux,initrd-start", 0x2000000);
	fb_u64(&fb, "linux,initrd-end", 0x2100000);
	fb_u64(&fb, "linux,crashkernel-base", 0x20000000);
	fb_u64(&fb, "linux,crashkernel-size", 0x10000000);
	fb_u64(&fb, "linux,htab-base", 0x3c000000);
	fb_u64(&fb, "linux,htab-size", 0x1000000);
	fb_u64(&fb, "linux,memory-limit", 0x80000000);
	fb_prop(&fb, "linux,iommu-off", NULL, 0);
	fb_prop(&fb, "linux,iommu-force-on", NULL, 0);
	fb_u64(&fb, "linux,tce-alloc-start", 0x1000);
	fb_u64(&fb, "linux,tce-alloc-end", 0x2000);
	fb_str(&fb, "linux,booted-from-kexec", "stale");
	fb_u32(&fb, "linux,rtas-base", 0x1234);	/* not ours to remove */
	fb_end(&fb);
	fb_node(&fb, "pci@800000020000000");
	fb_u32(&fb, "linux,pci-domain", 0);
	fb_node(&fb, "ethernet@0");
	fb_u32(&fb, "linux,pci-domain", 7);
	fb_end(&fb);
	fb_end(&fb);
	return fb_finish(&fb);
}

static void fixup(void)
{
	static const char *const stale[] = {
		"linux,kernel-end", "linux,initrd-start", "linux,initrd-end", "linux,crashkernel-base",
		"linux,crashkernel-size", "linux,htab-base", "linux,htab-size", "linux,memory-limit",
		"linux,iommu-off", "linux,iommu-force-on", "linux,tce-alloc-start", "linux,tce-alloc-end",
	};
	void *t = live_tree(), *f = packed_copy(t);
	struct rangeset res, extra;
	struct ppc64_fdt_args a;
	const void *v;
	size_t i;
	int rc, len, left = 0;

	rs_init(&res);
	rs_init(&extra);
	rs_add(&res, 0x30000000, 0x31000000, "OPAL");
	rs_add(&res, 0x3fff0000, 0x40000000, "RTAS");
	rs_add(&extra, 0x10000, 0x20000000, "crashed kernel");
	memset(&a, 0, sizeof(a));
	a.cmdline = "root=/dev/sda2 quiet";
	a.initrd_start = 0x3000000;
	a.initrd_end = 0x3400123;
	a.reserve = &res;
	rc = ppc64_fdt_fixup(&f, &a);
	CHECK_EQ_U64(rc, 0, "fixup: succeeds on a packed tree");
	CHECK_EQ_U64(fdt_check_full(f, dt_size(f)), 0, "fixup: the result is valid");
	v = dt_getprop(f, "/chosen", "bootargs", &len);
	CHECK(v && len == 21 && !strcmp(v, "root=/dev/sda2 quiet"), "fixup: bootargs is the new line");
	for (i = 0; i < sizeof(stale) / sizeof(stale[0]); i++)
		if (dt_getprop(f, "/chosen", stale[i], NULL))
			left++;
	v = dt_getprop(f, "/chosen", "linux,initrd-start", &len);
	CHECK(v && len == 8 && be64(v) == 0x3000000, "fixup: linux,initrd-start is the new 8-byte start");
	v = dt_getprop(f, "/chosen", "linux,initrd-end", &len);
	CHECK(v && len == 8 && be64(v) == 0x3400123, "fixup: linux,initrd-end is the exact end");
	CHECK_EQ_U64(left, 2, "fixup: every stale /chosen property is gone (but the new initrd pair)");
	v = dt_getprop(f, "/chosen", "linux,booted-from-kexec", &len);
	CHECK(v && len == 0, "fixup: linux,booted-from-kexec present and empty");
	CHECK(dt_getprop(f, "/chosen", "linux,stdout-path", NULL) &&
	      dt_getprop(f, "/chosen", "linux,rtas-base", NULL), "fixup: other /chosen properties stay");
	CHECK(!dt_getprop(f, "/pci@800000020000000", "linux,pci-domain", NULL) &&
	      !dt_getprop(f, "/pci@800000020000000/ethernet@0", "linux,pci-domain", NULL),
	      "fixup: linux,pci-domain removed from every node");
	/* The base tree's entry belonged to the boot that made it: the map is rebuilt. */
	CHECK_EQ_U64(fdt_num_mem_rsv(f), 3, "fixup: initrd + OPAL + RTAS, nothing else");
	CHECK(has_rsv(f, 0x7000000, 0x1000) == 0, "fixup: the base tree's own reserve entry is dropped");
	CHECK(has_rsv(f, 0x3000000, 0x400123) == 1, "fixup: initrd reserved");
	CHECK(has_rsv(f, 0x30000000, 0x1000000) == 1 && has_rsv(f, 0x3fff0000, 0x10000) == 1,
	      "fixup: each reserve range reserved");
	/* Again on the result: nothing doubles. */
	rc = ppc64_fdt_fixup(&f, &a);
	CHECK(rc == 0 && fdt_num_mem_rsv(f) == 3, "fixup: idempotent reserve map (%d)", fdt_num_mem_rsv(f));
	free(f);

	/* No initrd, an extra reserve set, no /chosen in the base tree. */
	{
		struct fb fb;

		fb_start(&fb, 1024);
		fb_u32(&fb, "#address-cells", 2);
		f = fb_finish(&fb);
		fdt_pack(f);
	}
	a.initrd_start = a.initrd_end = 0;
	a.extra_reserve = &extra;
	rc = ppc64_fdt_fixup(&f, &a);
	CHECK_EQ_U64(rc, 0, "fixup: a tree without /chosen");
	CHECK(dt_getprop(f, "/chosen", "bootargs", NULL) != NULL, "fixup: /chosen created with bootargs");
	CHECK(!dt_getprop(f, "/chosen", "linux,initrd-start", NULL) &&
	      !dt_getprop(f, "/chosen", "linux,initrd-end", NULL), "fixup: no initrd, no initrd properties");
	CHECK(fdt_num_mem_rsv(f) == 3 && has_rsv(f, 0x10000, 0x20000000 - 0x10000) == 1,
	      "fixup: the extra reserve set is reserved too (%d entries)", fdt_num_mem_rsv(f));
	free(f);
	rs_free(&res);
	rs_free(&extra);
	free(t);
}

/* ---- the crash kernel's usable memory ------------------------------------------------- */

static void usable_memory(void)
{
	struct rangeset u;
	struct fb fb;
	void *f;
	const void *v;
	uint8_t dm[4 + 3 * 24];
	char *err;
	int rc, len;

	memset(dm, 0, sizeof(dm));
	dm[3] = 3;	/* three v1 LMBs of 256 MiB at 256M, 512M, 768M */
	dm[4 + 4] = 0x10;
	dm[4 + 23] = 0x08;
	dm[4 + 24 + 4] = 0x20;
	dm[4 + 24 + 23] = 0x00;	/* unassigned: no entry at all */
	dm[4 + 48 + 4] = 0x30;
	dm[4 + 48 + 23] = 0x08;
	fb_start(&fb, 8192);
	fb_u32(&fb, "#address-cells", 2);
	fb_u32(&fb, "#size-cells", 2);
	fb_node(&fb, "ibm,dynamic-reconfiguration-memory");
	fb_u64(&fb, "ibm,lmb-size", 0x10000000);
	fb_prop(&fb, "ibm,dynamic-memory", dm, sizeof(dm));
	fb_end(&fb);
	fb_node(&fb, "memory@0");
	fb_str(&fb, "device_type", "memory");
	fb_reg(&fb, "reg", 2, 2, 1, 0ULL, 0x10000000ULL);
	fb_end(&fb);
	fb_node(&fb, "memory@100000000");
	fb_str(&fb, "device_type", "memory");
	fb_reg(&fb, "reg", 2, 2, 1, 0x100000000ULL, 0x10000000ULL);
	fb_end(&fb);
	f = fb_finish(&fb);
	fdt_pack(f);

	rs_init(&u);
	rs_add(&u, 0, 0x18000000, "crash");		/* RMA and half of the first LMB */
	rs_add(&u, 0x3fff0000, 0x40000000, "RTAS");	/* in the third LMB */
	QUIET(err, rc = ppc64_fdt_usable_memory(&f, "T", &u, UINT64_MAX));
	CHECK(rc == 0, "usable-memory: succeeds (%s)", err);
	free(err);
	v = dt_getprop(f, "/memory@0", "linux,usable-memory", &len);
	CHECK(v && len == 16 && be64(v) == 0 && be64((const uint8_t *)v + 8) == 0x10000000,
	      "usable-memory: memory@0 keeps its whole block");
	v = dt_getprop(f, "/memory@100000000", "linux,usable-memory", &len);
	CHECK(v && len == 16 && be64(v) == 0 && be64((const uint8_t *)v + 8) == 0,
	      "usable-memory: a block with nothing usable gets one empty pair");
	v = dt_getprop(f, "/ibm,dynamic-reconfiguration-memory", "linux,drconf-usable-memory", &len);
	CHECK(v && len == 8 + 16 + 8 + 16, "usable-memory: drconf entries for the 2 assigned LMBs (%d bytes)",
	      len);
	if (v && len == 48) {
		const uint8_t *p = v;

		CHECK(be64(p) == 1 && be64(p + 8) == 0x10000000 && be64(p + 16) == 0x8000000,
		      "usable-memory: LMB 1: count 1, [256M, +128M)");
		CHECK(be64(p + 24) == 1 && be64(p + 32) == 0x3fff0000 && be64(p + 40) == 0x10000,
		      "usable-memory: LMB 3: count 1, the RTAS range");
	}
	rs_free(&u);
	free(f);
}

/*
 * v2 sets of millions of LMBs, with usable ranges (unsorted) that start,
 * end and stop inside them: the entries must be what the kernel's per-LMB
 * reading expects, computed here LMB by LMB from the rule (an independent
 * expansion), while the walk itself calls once per set.
 */
struct set { uint32_t n; uint64_t base; uint32_t flags; };

static void put64(uint8_t **p, uint64_t v)
{
	for (int i = 7; i >= 0; i--)
		*(*p)++ = (uint8_t)(v >> (8 * i));
}

static int count_sets(uint64_t base, uint64_t size, uint64_t count, uint32_t flags, void *arg)
{
	(void)base, (void)size, (void)count, (void)flags;
	++*(int *)arg;
	return 0;
}

static void usable_memory_v2(void)
{
	static const struct set sets[] = {
		{ 1000, 0x10000000ULL, 0x08 },
		{ 5, 0x10000000ULL + 1000ULL * 0x10000000, 0x00 },	/* unassigned: no entries */
		{ 2000000, 0x10000000ULL + 1005ULL * 0x10000000, 0x08 },
		{ 3, 0x10000000ULL + 2001005ULL * 0x10000000, 0x88 },	/* reserved: no entries */
		{ 7, 0x10000000ULL + 2001008ULL * 0x10000000, 0x08 },
	};
	const uint64_t lmb = 0x10000000;
	const size_t nsets = sizeof(sets) / sizeof(sets[0]);
	uint8_t dm[4 + 5 * 24], *q = dm + 4;
	struct rangeset u;
	struct fb fb;
	void *f;
	const uint8_t *v;
	uint8_t *want = NULL;
	size_t wn = 0, i;
	char *err;
	int rc, len, calls = 0;

	dm[0] = dm[1] = dm[2] = 0;
	dm[3] = (uint8_t)nsets;
	for (i = 0; i < nsets; i++) {
		uint8_t *e = q;

		memset(e, 0, 24);
		e[0] = (uint8_t)(sets[i].n >> 24), e[1] = (uint8_t)(sets[i].n >> 16);
		e[2] = (uint8_t)(sets[i].n >> 8), e[3] = (uint8_t)sets[i].n;
		q = e + 4;
		put64(&q, sets[i].base);
		e[23] = (uint8_t)sets[i].flags;
		q = e + 24;
	}
	fb_start(&fb, 8192);
	fb_u32(&fb, "#address-cells", 2);
	fb_u32(&fb, "#size-cells", 2);
	fb_node(&fb, "ibm,dynamic-reconfiguration-memory");
	fb_u64(&fb, "ibm,lmb-size", lmb);
	fb_prop(&fb, "ibm,dynamic-memory-v2", dm, sizeof(dm));
	fb_end(&fb);
	f = fb_finish(&fb);
	fdt_pack(f);

	rs_init(&u);
	/* Unsorted on purpose; inside LMB 500, across LMBs 1004/1005's border, deep in the big set. */
	rs_add(&u, 0x10000000ULL + 1500000ULL * lmb + 0x1000, 0x10000000ULL + 1500002ULL * lmb, "deep");
	rs_add(&u, 0x10000000ULL + 500 * lmb + 0x100000, 0x10000000ULL + 500 * lmb + 0x200000, "one");
	rs_add(&u, 0x10000000ULL + 999 * lmb, 0x10000000ULL + 1006 * lmb + 0x5000, "border");
	rs_add(&u, 0x10000000ULL + 2001014ULL * lmb, 0x10000000ULL + 2001020ULL * lmb, "past the end");
	/* 100,000 whole LMBs (one run when sizing), and a range inside it that ends the run. */
	rs_add(&u, 0x10000000ULL + 1200000ULL * lmb, 0x10000000ULL + 1300000ULL * lmb, "run");
	rs_add(&u, 0x10000000ULL + 1250000ULL * lmb + 0x10, 0x10000000ULL + 1250000ULL * lmb + 0x20, "inside");

	CHECK(ppc64_walk_lmbs(f, "T", count_sets, &calls) == 0 && calls == (int)nsets,
	      "v2 walk: one call per entry (%d for %zu entries of 2,001,015 LMBs)", calls, nsets);

	/* The rule, LMB by LMB: for each assigned, unreserved LMB, its pieces in @u. */
	want = malloc((2001007 + 16) * 8 + (100001 + 64) * 16);
	for (i = 0; want && i < nsets; i++) {
		uint64_t k;

		if ((sets[i].flags & 0x88) != 0x08)
			continue;
		for (k = 0; k < sets[i].n; k++) {
			uint64_t a = sets[i].base + k * lmb, b = a + lmb, cnt = 0;
			uint8_t *cp = want + wn, *pp;
			size_t r;

			wn += 8;
			pp = want + wn;
			for (r = 0; r < u.n; r++) {
				uint64_t s = u.v[r].start > a ? u.v[r].start : a;
				uint64_t e = u.v[r].end < b ? u.v[r].end : b;

				if (s < e) {
					put64(&pp, s);
					put64(&pp, e - s);
					cnt++;
				}
			}
			put64(&cp, cnt);
			wn += cnt * 16;
		}
	}
	/* One byte less room than the property takes: refused in one line, nothing added. */
	QUIET(err, rc = ppc64_fdt_usable_memory(&f, "T", &u, wn - 1));
	CHECK(rc == -ENOSPC && err && strstr(err, "linux,drconf-usable-memory would be") &&
	      strstr(err, "larger crashkernel=") && !strchr(err, '\n'),
	      "v2 usable-memory: a property larger than the crash region's room is refused in one "
	      "line (rc %d: %s)", rc, err);
	free(err);
	CHECK(!dt_getprop(f, "/ibm,dynamic-reconfiguration-memory", "linux,drconf-usable-memory", &len),
	      "v2 usable-memory: the refused property was not added");
	QUIET(err, rc = ppc64_fdt_usable_memory(&f, "T", &u, wn));
	CHECK(rc == 0, "v2 usable-memory: succeeds with exactly its size as room (%s)", err);
	free(err);
	v = dt_getprop(f, "/ibm,dynamic-reconfiguration-memory", "linux,drconf-usable-memory", &len);
	CHECK(v && want && (size_t)len == wn && memcmp(v, want, wn) == 0,
	      "v2 usable-memory: one entry per usable LMB, as expanded LMB by LMB (%d bytes, want %zu)",
	      v ? len : -1, wn);
	free(want);
	rs_free(&u);
	free(f);
}

int main(void)
{
	CHECK_PROGRAM("dt");
	from_dir();
	round_trip();
	from_file();
	struct_walk();
	edits();
	edits_misordered();
	fixup();
	usable_memory();
	usable_memory_v2();
	return CHECK_DONE();
}
