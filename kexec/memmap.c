// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The running system's memory, from its device tree (never /proc/iomem: on
 * ppc64 that lacks the crash region and the firmware's reservations).
 *
 * RAM:   memory@* nodes ("reg", or "linux,usable-memory" when we run as a
 *        kdump kernel) and the assigned, non-reserved LMBs of
 *        ibm,dynamic-reconfiguration-memory (ibm,dynamic-memory v1 and v2;
 *        of each LMB only its pieces in linux,drconf-usable-memory when we
 *        run as a kdump kernel), cut at /chosen/linux,memory-limit.
 * RMA:   the first memory block; real-mode code (purgatory, early boot of
 *        the next kernel) can only reach below its top on a hash-MMU LPAR.
 * Excluded from placement: the running kernel [0, linux,kernel-end), which
 *        the kernel's kexec_prepare refuses with ETXTBSY; RTAS; OPAL; TCE
 *        tables; the hash page table; reserved-ranges; /reserved-memory;
 *        the crash kernel region (keeps a loaded crash kernel intact).
 * Reserved for the next kernel: RTAS, OPAL, TCE tables, reserved-ranges.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <libfdt.h>
#include "bytes.h"
#include "ppc64.h"

#define PPC64_MAX_LMBS (1ULL << 24)	/* 4 PiB of 256 MiB LMBs */
#define PPC64_MIN_LMB (1ULL << 24)	/* ABI: SECTION_SIZE_BITS 24 */
#define PPC64_MAX_PHYS (1ULL << 51)	/* ABI: book3s/64/mmu.h MAX_PHYSMEM_BITS */


struct mm {
	const void *fdt;
	const char *shown;
	struct ppc64_mem *m;
	int naddr, nsize;
	/*
	 * /ibm,opal, or < 0: looked up once for the three readers.  A lookup
	 * of an absent node walks every root child's subtree, /cpus included,
	 * and pseries has none.
	 */
	int opal;
};

static void node_path(const struct mm *x, int off, char *buf, int len)
{
	if (fdt_get_path(x->fdt, off, buf, len) < 0)
		snprintf(buf, (size_t)len, "(node at offset %d)", off);
}

static int bad(const struct mm *x, int off, const char *prop, const char *why, int len)
{
	char path[512];

	node_path(x, off, path, sizeof(path));
	kx_err("device tree %s: %s%s%s: %s (%d bytes)", x->shown, path, strcmp(path, "/") ? "/" : "",
	       prop, why, len);
	return -EINVAL;
}

static uint64_t cells(const uint8_t *p, int n)
{
	return n == 2 ? be64_ld(p) : be32_ld(p);
}

/* A 4- or 8-byte big-endian number property; -ENOENT if absent. */
static int num_prop(const struct mm *x, int off, const char *name, uint64_t *v)
{
	int len;
	const uint8_t *p = fdt_getprop(x->fdt, off, name, &len);

	if (!p)
		return -ENOENT;
	if (len != 4 && len != 8)
		return bad(x, off, name, "expected a 4- or 8-byte number", len);
	*v = len == 8 ? be64_ld(p) : be32_ld(p);
	return 0;
}

static int cell_count(const struct mm *x, int off, const char *name, int dflt, int *out)
{
	uint64_t v;
	int rc = num_prop(x, off, name, &v);

	if (rc == -ENOENT) {
		*out = dflt;
		return 0;
	}
	if (rc < 0)
		return rc;
	if (v < 1 || v > 2) {
		char path[512];

		node_path(x, off, path, sizeof(path));
		kx_err("device tree %s: %s%s%s: only 1 or 2 cells are supported (it is %llu)", x->shown,
		       path, strcmp(path, "/") ? "/" : "", name, (unsigned long long)v);
		return -EINVAL;
	}
	*out = (int)v;
	return 0;
}

static int add(struct rangeset *s, uint64_t base, uint64_t size, const char *label)
{
	uint64_t end = base + size;

	if (end < base)
		end = UINT64_MAX;
	return rs_add(s, base, end, label);
}

/* "reg"-style (address, size) pairs, each pair added to @s. */
static int reg_pairs(const struct mm *x, int off, const char *name, int na, int ns,
		     struct rangeset *s, const char *label, int required)
{
	int len, i, stride = (na + ns) * 4;
	const uint8_t *p = fdt_getprop(x->fdt, off, name, &len);

	if (!p)
		return required ? bad(x, off, name, "missing", 0) : 0;
	if (len == 0 || len % stride)
		return bad(x, off, name, "length is not a whole number of (address, size) pairs", len);
	for (i = 0; i < len; i += stride) {
		uint64_t base = cells(p + i, na), size = cells(p + i + na * 4, ns);

		if (size > UINT64_MAX - base)
			return bad(x, off, name, "a range runs past the end of the address space", len);

		if (add(s, base, size, label) < 0)
			return -ENOMEM;
		if (s == &x->m->ram && base == 0 && (x->m->rma_top == 0 || base + size < x->m->rma_top))
			x->m->rma_top = base + size;
		if (s == &x->m->ram)
			x->m->nblocks++;
	}
	return 0;
}

int ppc64_is_memory_node(const void *fdt, int off)
{
	const char *name = fdt_get_name(fdt, off, NULL);
	int len;
	const char *dt = fdt_getprop(fdt, off, "device_type", &len);
	const char *compat = fdt_getprop(fdt, off, "compatible", &len);

	/* GPU memory on POWER9 (NVLink): not system RAM for kexec purposes. */
	if (compat && len > 0 && fdt_stringlist_contains(compat, len, "ibm,coherent-device-memory"))
		return 0;
	if (dt && !strcmp(dt, "memory"))
		return 1;
	return name && (!strcmp(name, "memory") || !strncmp(name, "memory@", 7));
}

static int memory_nodes(struct mm *x)
{
	int off, rc;

	fdt_for_each_subnode(off, x->fdt, 0) {
		const char *prop;

		if (!ppc64_is_memory_node(x->fdt, off))
			continue;
		/* A kdump kernel is told its share in linux,usable-memory. */
		prop = fdt_getprop(x->fdt, off, "linux,usable-memory", NULL) ? "linux,usable-memory" : "reg";
		rc = reg_pairs(x, off, prop, x->naddr, x->nsize, &x->m->ram, "RAM", 1);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/*
 * Walk the LMB sets of ibm,dynamic-memory(-v2) in property order, one call
 * per entry: a v2 entry of millions of LMBs is one call, not millions.
 * ABI (asm/drmem.h): v1 entries are {base, drc_index, reserved, aa_index,
 * flags}, v2 entries {seq_lmbs, base, drc_index, aa_index, flags}; the base
 * takes the root's #address-cells, as the kernel reads it.
 */
int ppc64_walk_lmbs(const void *fdt, const char *shown, ppc64_lmb_fn fn, void *arg)
{
	struct mm x = { fdt, shown, NULL, 2, 2, -1 };
	int off = fdt_path_offset(fdt, "/ibm,dynamic-reconfiguration-memory");
	const char *pname;
	const uint8_t *p, *e;
	uint64_t lmb_size, total = 0;
	int len, v2, stride, rc;
	uint32_t n, i;

	if (off < 0)
		return 0;
	if ((rc = cell_count(&x, 0, "#address-cells", 2, &x.naddr)) < 0 ||
	    (rc = cell_count(&x, 0, "#size-cells", 1, &x.nsize)) < 0)
		return rc;
	/* As the kernel's drmem.c: v1 when present, else v2. */
	p = fdt_getprop(fdt, off, "ibm,dynamic-memory", &len);
	v2 = p == NULL;
	pname = v2 ? "ibm,dynamic-memory-v2" : "ibm,dynamic-memory";
	if (!p)
		p = fdt_getprop(fdt, off, pname, &len);
	if (!p)
		return 0;	/* no LMB list: memory@ nodes say it all */
	/* As walk_drmem_lmbs_early: at least #size-cells cells, of which the first count. */
	e = fdt_getprop(fdt, off, "ibm,lmb-size", &rc);
	if (!e || rc < x.nsize * 4)
		return bad(&x, off, "ibm,lmb-size", e ? "shorter than #size-cells asks for" : "missing",
			   e ? rc : 0);
	lmb_size = cells(e, x.nsize);
	if (lmb_size == 0 || (lmb_size & (lmb_size - 1)))
		return bad(&x, off, "ibm,lmb-size", "is not a power of two", rc);
	/* ABI: an LMB is a memory block, at least a 16 MiB section (asm/sparsemem.h). */
	if (lmb_size < PPC64_MIN_LMB)
		return bad(&x, off, "ibm,lmb-size", "is smaller than the kernel's 16 MiB memory section",
			   rc);
	/* ABI: book3s/64/mmu.h MAX_PHYSMEM_BITS 51: no kernel addresses more. */
	if (lmb_size > PPC64_MAX_PHYS)
		return bad(&x, off, "ibm,lmb-size", "is larger than the 2 PiB (2^51) a ppc64 kernel can address",
			   rc);
	if (len < 4)
		return bad(&x, off, pname, "too short for its entry count", len);
	n = be32_ld(p);
	stride = v2 ? 4 + x.naddr * 4 + 12 : x.naddr * 4 + 16;
	if ((uint64_t)n * (uint64_t)stride > (uint64_t)(len - 4))
		return bad(&x, off, pname, "entry count overruns the property", len);
	for (i = 0, e = p + 4; i < n; i++, e += stride) {
		uint64_t count = v2 ? be32_ld(e) : 1, base = cells(e + (v2 ? 4 : 0), x.naddr);

		/* Far above any real LPAR; bounds the work a corrupt count can cause. */
		total += count;
		if (total > PPC64_MAX_LMBS)
			return bad(&x, off, pname, "describes more than 16M LMBs", len);
		uint32_t flags = be32_ld(e + stride - 4);

		if (count > (UINT64_MAX - base) / lmb_size)
			return bad(&x, off, pname, "an LMB set runs past the end of the address space", len);
		/*
		 * ABI: MAX_PHYSMEM_BITS 51: a kernel can address no memory above
		 * 2 PiB, so no machine describes any; this also bounds the walk
		 * below by the LMB size, whatever a count says.
		 */
		if (count && base + count * lmb_size > PPC64_MAX_PHYS)
			return bad(&x, off, pname, "an LMB set ends above the 2 PiB (2^51) a ppc64 kernel can address",
				   len);
		if (count && (rc = fn(base, lmb_size, count, flags, arg)) < 0)
			return rc;
	}
	return 0;
}

struct lmb_ram {
	const struct mm *x;
	int node;		/* /ibm,dynamic-reconfiguration-memory */
	const uint8_t *usm;	/* linux,drconf-usable-memory, or NULL */
	int len, pos;
};

/* One line naming linux,drconf-usable-memory, the LMB and what is wrong. */
static int bad_usm(const struct lmb_ram *w, uint64_t base, int at, const char *what)
{
	char why[160];

	snprintf(why, sizeof(why), "%s (the entry of the LMB at 0x%llx, at byte %d)", what,
		 (unsigned long long)base, at);
	return bad(w->x, w->node, "linux,drconf-usable-memory", why, w->len);
}

/*
 * ABI (arch/powerpc/kernel/prom.c, early_init_drmem_lmb): a kdump kernel's
 * linux,drconf-usable-memory holds, for each LMB the kernel uses (assigned,
 * not reserved) in property order, a count in #size-cells and that many
 * (base, size) pairs in root cells; the kernel adds those pieces instead of
 * the LMB (a count of 0: nothing).  Bytes after the last entry are ignored,
 * as the kernel ignores them.
 */
static int usable_pieces(struct lmb_ram *w, uint64_t base)
{
	int na = w->x->naddr, ns = w->x->nsize, pair = (na + ns) * 4, at = w->pos, rc;
	uint64_t count, k;

	if (w->len - w->pos < ns * 4)
		return bad_usm(w, base, at, "ends before the count");
	count = cells(w->usm + w->pos, ns);
	w->pos += ns * 4;
	if (count > (uint64_t)((w->len - w->pos) / pair))
		return bad_usm(w, base, at, "the count overruns the property");
	for (k = 0; k < count; k++, w->pos += pair) {
		uint64_t a = cells(w->usm + w->pos, na), sz = cells(w->usm + w->pos + na * 4, ns);

		if (sz > UINT64_MAX - a)
			return bad_usm(w, base, at, "a range runs past the end of the address space");
		if ((rc = add(&w->x->m->ram, a, sz, "RAM (LMB)")) < 0)
			return rc;
	}
	return 0;
}

static int add_lmb(uint64_t base, uint64_t size, uint64_t count, uint32_t flags, void *arg)
{
	struct lmb_ram *w = arg;
	struct ppc64_mem *m = w->x->m;
	uint64_t k;
	int rc;

	if (!ppc64_lmb_usable(flags))
		return 0;
	m->nlmbs += count;
	/*
	 * Per LMB only when the tree says so per LMB: each one then consumes at
	 * least a count's bytes of linux,drconf-usable-memory, so the property's
	 * length bounds this loop, whatever @count says.
	 */
	if (w->usm) {
		for (k = 0; k < count; k++)
			if ((rc = usable_pieces(w, base + k * size)) < 0)
				return rc;
		return 0;
	}
	/* Adjacent sets join as we go: a multi-terabyte LPAR stays a few ranges. */
	if (m->ram.n && m->ram.v[m->ram.n - 1].end == base) {
		m->ram.v[m->ram.n - 1].end = base + count * size;
		return 0;
	}
	return add(&m->ram, base, count * size, "RAM (LMB)");
}

static int dynamic_memory(struct mm *x)
{
	struct lmb_ram w = { x, fdt_path_offset(x->fdt, "/ibm,dynamic-reconfiguration-memory"), NULL, 0, 0 };

	if (w.node >= 0)
		w.usm = fdt_getprop(x->fdt, w.node, "linux,drconf-usable-memory", &w.len);
	x->m->drconf_usable = w.usm != NULL;
	return ppc64_walk_lmbs(x->fdt, x->shown, add_lmb, &w);
}

#define KEEP_RESERVED	1	/* also in the next kernel's reserve map */
#define KEEP_FIRMWARE	2	/* also usable by a crash kernel (it calls into it) */
#define KEEP_DUMP	4	/* in a crash dump even inside the crash region */

static int excl(struct ppc64_mem *m, uint64_t base, uint64_t size, const char *label, int keep)
{
	if (!size)
		return 0;
	if (add(&m->excl, base, size, label) < 0)
		return -ENOMEM;
	if ((keep & KEEP_RESERVED) && add(&m->reserve, base, size, label) < 0)
		return -ENOMEM;
	if ((keep & KEEP_FIRMWARE) && add(&m->firmware, base, size, label) < 0)
		return -ENOMEM;
	if ((keep & KEEP_DUMP) && add(&m->fw_dump, base, size, label) < 0)
		return -ENOMEM;
	return 0;
}

/*
 * An optional (base, size) property pair: 1 when both are there, 0 when the
 * base is absent, -EINVAL (said) when malformed or when only half is there.
 */
static int pair_prop(const struct mm *x, int off, const char *base, const char *size,
		     uint64_t *a, uint64_t *b)
{
	int rc = num_prop(x, off, base, a);

	if (rc == -ENOENT)
		return 0;
	if (rc < 0)
		return rc;
	rc = num_prop(x, off, size, b);
	if (rc == -ENOENT)
		return bad(x, off, size, "missing", 0);
	return rc < 0 ? rc : 1;
}

static int firmware_ranges(struct mm *x)
{
	struct ppc64_mem *m = x->m;
	int chosen = fdt_path_offset(x->fdt, "/chosen"), off, rc, len;
	uint64_t a, b;

	if (chosen < 0) {
		kx_err("device tree %s has no /chosen node", x->shown);
		return -EINVAL;
	}
	rc = num_prop(x, chosen, "linux,kernel-end", &m->kernel_end);
	if (rc == -ENOENT) {
		kx_err("device tree %s: /chosen/linux,kernel-end is missing, so where the running "
		       "kernel ends is unknown (is it built with CONFIG_KEXEC?)", x->shown);
		return -EINVAL;
	}
	if (rc < 0 || (rc = excl(m, 0, m->kernel_end, "running kernel", 0)) < 0)
		return rc;

	rc = num_prop(x, chosen, "linux,memory-limit", &m->memory_limit);
	if (rc < 0 && rc != -ENOENT)
		return rc;

	/*
	 * The running kernel's initrd: only --reuseinitrd cares, so no error
	 * here if odd; an end not above the start is noted for its message.
	 */
	if (num_prop(x, chosen, "linux,initrd-start", &a) == 0 &&
	    num_prop(x, chosen, "linux,initrd-end", &b) == 0) {
		if (b > a) {
			m->old_initrd_start = a;
			m->old_initrd_end = b;
		} else {
			m->old_initrd_backwards = 1;
		}
	}

	rc = pair_prop(x, chosen, "linux,crashkernel-base", "linux,crashkernel-size", &a, &b);
	if (rc < 0)
		return rc;
	if (rc) {
		/* The kernel reserves whole pages (memblock), and nothing wraps around. */
		const char *why = !b ? "is zero" :
			a > UINT64_MAX - b ? "runs past the end of the address space from linux,crashkernel-base" :
			(a | b) & 0xfff ? "or -base is not a multiple of 4 KiB" : NULL;

		if (why) {
			fdt_getprop(x->fdt, chosen, "linux,crashkernel-size", &len);
			return bad(x, chosen, "linux,crashkernel-size", why, len);
		}
		m->crash_base = a;
		m->crash_size = b;
		if ((rc = excl(m, a, b, "crash kernel region", 0)) < 0)
			return rc;
	}
	rc = pair_prop(x, chosen, "linux,htab-base", "linux,htab-size", &a, &b);
	if (rc < 0 || (rc && (rc = excl(m, a, b, "hash page table", 0)) < 0))
		return rc;

	off = fdt_path_offset(x->fdt, "/rtas");
	if (off >= 0) {
		/* PAPR: the hypervisor's function sets; "hcall-copy" is H_PAGE_INIT. */
		const char *fs = fdt_getprop(x->fdt, off, "ibm,hypertas-functions", &len);

		m->hcall_copy = fs && len > 0 && fdt_stringlist_contains(fs, len, "hcall-copy");
	}
	rc = off < 0 ? 0 : pair_prop(x, off, "linux,rtas-base", "rtas-size", &a, &b);
	/*
	 * RTAS and OPAL stay in a crash dump even inside the crash region: the
	 * kernel's get_crash_memory_ranges (arch/powerpc/kexec/ranges.c) adds
	 * them back after cutting the region out.
	 */
	if (rc < 0 || (rc && (rc = excl(m, a, b, "RTAS", KEEP_RESERVED | KEEP_FIRMWARE | KEEP_DUMP)) < 0))
		return rc;
	off = x->opal;
	rc = off < 0 ? 0 : pair_prop(x, off, "opal-base-address", "opal-runtime-size", &a, &b);
	if (rc < 0)
		return rc;
	m->opal = off >= 0;
	if (rc) {
		if ((rc = excl(m, a, b, "OPAL", KEEP_RESERVED | KEEP_FIRMWARE | KEEP_DUMP)) < 0)
			return rc;
		/* OPAL's entry point: the purgatory's console on powernv. */
		m->opal_base = a;
		rc = num_prop(x, off, "opal-entry-address", &m->opal_entry);
		if (rc < 0 && rc != -ENOENT)
			return rc;
	}

	/* TCE tables live in PCI host bridge nodes anywhere in the tree. */
	for (off = fdt_next_node(x->fdt, -1, NULL); off >= 0; off = fdt_next_node(x->fdt, off, NULL)) {
		rc = pair_prop(x, off, "linux,tce-base", "linux,tce-size", &a, &b);
		if (rc < 0 || (rc && (rc = excl(m, a, b, "TCE table", KEEP_RESERVED | KEEP_FIRMWARE)) < 0))
			return rc;
	}

	/* skiboot's reserved-ranges: (address, size) pairs in root cells. */
	{
		struct rangeset tmp;
		size_t i;

		rs_init(&tmp);
		rc = reg_pairs(x, 0, "reserved-ranges", x->naddr, x->nsize, &tmp, "reserved-ranges", 0);
		for (i = 0; rc == 0 && i < tmp.n; i++)
			rc = excl(m, tmp.v[i].start, tmp.v[i].end - tmp.v[i].start, "reserved-ranges",
				  KEEP_RESERVED);
		rs_free(&tmp);
		if (rc < 0)
			return rc;
	}

	/* /reserved-memory children: the next kernel honours the nodes themselves. */
	off = fdt_path_offset(x->fdt, "/reserved-memory");
	if (off >= 0) {
		int na, ns, sub;

		if ((rc = cell_count(x, off, "#address-cells", x->naddr, &na)) < 0 ||
		    (rc = cell_count(x, off, "#size-cells", x->nsize, &ns)) < 0)
			return rc;
		fdt_for_each_subnode(sub, x->fdt, off) {
			rc = reg_pairs(x, sub, "reg", na, ns, &m->excl, "reserved-memory", 0);
			if (rc < 0)
				return rc;
		}
	}
	return 0;
}

/*
 * What the purgatory needs about the CPUs (doc/design.md, "Secondary CPUs"):
 * the timebase frequency, as the kernel's time.c reads it from the first
 * cpu node (ibm,extended-timebase-frequency, else timebase-frequency); the
 * threads of the available cpu nodes, one per ibm,ppc-interrupt-server#s
 * entry as smp_setup_cpu_maps counts them; and whether OPAL v3 runs the
 * machine (FW_FEATURE_OPAL: the kernel then returns its secondaries to
 * OPAL instead of sending them to 0x60).  Quietly: a wrong count costs the
 * purgatory a bounded wait, not the boot.
 */
static void cpu_facts(struct mm *x)
{
	struct ppc64_mem *m = x->m;
	int cpus = fdt_path_offset(x->fdt, "/cpus"), off, len;
	int opal = x->opal;
	const char *c;
	uint64_t v;
	int odd_block = 0;

	c = opal < 0 ? NULL : fdt_getprop(x->fdt, opal, "compatible", &len);
	m->opal_v3 = c && len > 0 && fdt_stringlist_contains(c, len, "ibm,opal-v3");
	if (cpus < 0)
		return;
	fdt_for_each_subnode(off, x->fdt, cpus) {
		const char *type = NULL, *st = NULL, *dcb = NULL, *srv = NULL;
		int tlen = 0, stlen = 0, dlen = 0, slen = 0, po;

		/*
		 * One pass over the node's properties for the four this needs, not
		 * a fdt_getprop each: a large LPAR's cpu node has dozens, getprop
		 * walks them all for an absent one ("status" mostly is), and there
		 * are hundreds of cpu nodes.
		 */
		fdt_for_each_property_offset(po, x->fdt, off) {
			const char *name;
			const char *val = fdt_getprop_by_offset(x->fdt, po, &name, &len);

			/* The first of a name, as fdt_getprop finds it. */
			if (!val || !name)
				continue;
			if (!type && !strcmp(name, "device_type"))
				type = val, tlen = len;
			else if (!st && !strcmp(name, "status"))
				st = val, stlen = len;
			else if (!dcb && !strcmp(name, "d-cache-block-size"))
				dcb = val, dlen = len;
			else if (!srv && !strcmp(name, "ibm,ppc-interrupt-server#s"))
				srv = val, slen = len;
		}
		if (!type || tlen < 4 || memcmp(type, "cpu", 4))
			continue;
		if (!m->tb_freq) {
			const uint8_t *e = fdt_getprop(x->fdt, off, "ibm,extended-timebase-frequency", &len);

			if (e && len == 8)
				m->tb_freq = be64_ld(e);
			else if (num_prop(x, off, "timebase-frequency", &v) == 0)
				m->tb_freq = v;
		}
		/* ePAPR: the block dcbz clears; the purgatory's dcbz pass steps by it. */
		if (dcb && dlen == 4) {
			uint32_t b = be32_ld(dcb);

			odd_block |= b < 16 || b > 4096 || (b & (b - 1));
			if (!m->dcache_block || b < m->dcache_block)
				m->dcache_block = b;
		}
		if (st && stlen > 0 && strncmp(st, "okay", (size_t)stlen) && strncmp(st, "ok", (size_t)stlen))
			continue;
		if (srv && slen >= 4)
			m->dt_threads += (uint32_t)slen / 4;
		else
			m->dt_threads++;
	}
	if (odd_block)
		m->dcache_block = 0;
}

/* Where the purgatory can print: the system's stdout, if it is hvterm or OPAL. */
static void find_console(struct mm *x)
{
	struct ppc64_mem *m = x->m;
	int len = 0, off = -1, opal = x->opal;
	int chosen = fdt_path_offset(x->fdt, "/chosen");
	const char *path = fdt_getprop(x->fdt, chosen, "linux,stdout-path", &len);
	uint64_t v;

	if (!path)
		path = fdt_getprop(x->fdt, chosen, "stdout-path", &len);
	if (path && len > 0 && memchr(path, 0, (size_t)len)) {
		char buf[256];
		size_t n = strcspn(path, ":");

		if (n < sizeof(buf)) {
			memcpy(buf, path, n);
			buf[n] = 0;
			off = fdt_path_offset(x->fdt, buf);
		}
	}
	if (off >= 0) {
		const char *compat = fdt_getprop(x->fdt, off, "compatible", &len);

		/*
		 * As the kernel's hvc_vio_init_early(): "hvterm1" is a raw
		 * terminal (tested first), "hvterm-protocol" speaks HVSI
		 * packets, which raw characters would not get through.
		 */
		int raw = compat && len > 0 && fdt_stringlist_contains(compat, len, "hvterm1");
		int hvsi = compat && len > 0 && fdt_stringlist_contains(compat, len, "hvterm-protocol");

		if (raw || hvsi) {
			const uint8_t *reg = fdt_getprop(x->fdt, off, "reg", &len);

			if (reg && len >= 4) {
				m->console = raw ? CONSOLE_HVTERM : CONSOLE_HVSI;
				m->vtermno = be32_ld(reg);
				return;
			}
		}
	}
	if (opal >= 0 && m->opal_entry) {
		m->console = CONSOLE_OPAL;
		m->opal_term = 0;
		/* Quietly: a console we cannot name is not worth refusing a load for. */
		if (off >= 0) {
			const uint8_t *reg = fdt_getprop(x->fdt, off, "reg", &len);

			if (reg && len == 4 && (v = be32_ld(reg)) < 16)
				m->opal_term = v;
		}
	}
}

int ppc64_memmap(const void *fdt, const char *shown, const struct rangeset *sysram,
		 struct ppc64_mem *m)
{
	struct mm x = { fdt, shown, m, 2, 2, fdt_path_offset(fdt, "/ibm,opal") };
	int rc;

	memset(m, 0, sizeof(*m));
	rs_init(&m->ram);
	rs_init(&m->excl);
	rs_init(&m->reserve);
	rs_init(&m->firmware);
	rs_init(&m->fw_dump);
	if ((rc = cell_count(&x, 0, "#address-cells", 2, &x.naddr)) < 0 ||
	    (rc = cell_count(&x, 0, "#size-cells", 1, &x.nsize)) < 0 ||
	    (rc = memory_nodes(&x)) < 0 || (rc = dynamic_memory(&x)) < 0 ||
	    (rc = firmware_ranges(&x)) < 0)
		goto fail;
	if (m->ram.n == 0) {
		kx_err("device tree %s describes no memory (no memory@ node, no assigned LMB)", shown);
		rc = -EINVAL;
		goto fail;
	}
	if (m->rma_top == 0) {
		kx_err("device tree %s: no memory block starts at address 0, so the real-mode "
		       "area (RMA) is unknown", shown);
		rc = -EINVAL;
		goto fail;
	}
	rs_merge(&m->ram);
	/*
	 * What the running kernel manages now.  /proc/iomem's System RAM says it
	 * best: mem= is applied there, and memory hot-added or removed since boot
	 * is not in any boot-time limit.  Without it (read without root, or not
	 * captured), linux,memory-limit as the kernel applied it at boot: a size,
	 * cut where that much RAM has been counted in address order
	 * (memblock_enforce_memory_limit); 6.12 writes one even without mem=.
	 */
	if (sysram && sysram->n) {
		if ((rc = rs_intersect(&m->ram, sysram)) < 0)
			goto fail;
		m->ram_from_iomem = 1;
	} else if (m->memory_limit) {
		rs_keep_bytes(&m->ram, m->memory_limit);
	}
	if (m->ram.n == 0) {
		kx_err("device tree %s: none of its memory is System RAM in %s", shown,
		       m->ram_from_iomem ? "/proc/iomem" : "linux,memory-limit");
		rc = -EINVAL;
		goto fail;
	}
	rs_sort(&m->excl);
	rs_sort(&m->reserve);
	rs_sort(&m->firmware);
	rs_sort(&m->fw_dump);
	find_console(&x);
	cpu_facts(&x);
	return 0;
fail:
	ppc64_mem_free(m);
	return rc;
}

void ppc64_mem_free(struct ppc64_mem *m)
{
	rs_free(&m->ram);
	rs_free(&m->excl);
	rs_free(&m->reserve);
	rs_free(&m->firmware);
	rs_free(&m->fw_dump);
}
