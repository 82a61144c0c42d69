// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The next kernel's device tree.  It starts as the running system's tree (or
 * the user's --dtb); we set what the next kernel must be told and remove
 * what belongs to the running kernel alone.
 *
 * Removed from /chosen, because the running kernel wrote them and the next
 * one would believe them: linux,kernel-end, linux,initrd-*, linux,crashkernel-*,
 * linux,htab-* (the next kernel builds its own hash table), linux,memory-limit,
 * linux,iommu-off / linux,iommu-force-on, linux,tce-alloc-* (all derived from
 * the old command line, which the new one replaces).  linux,pci-domain goes
 * from every node: the running kernel's domain numbering is its own.
 *
 * Reserve map, rebuilt from scratch: RTAS, OPAL, TCE tables and
 * reserved-ranges of the running system (firmware memory that stays live
 * across kexec), the initrd, and the tree itself.  A given --dtb's own entries
 * are dropped: they describe the boot that made it (its initrd, its tree),
 * and kept they would only take that memory from the next kernel.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>
#include "bytes.h"
#include "dt.h"
#include "ppc64.h"

static const char *const stale_chosen[] = {
	"linux,kernel-end", "linux,initrd-start", "linux,initrd-end",
	"linux,crashkernel-base", "linux,crashkernel-size", "linux,htab-base", "linux,htab-size",
	"linux,memory-limit", "linux,iommu-off", "linux,iommu-force-on",
	"linux,tce-alloc-start", "linux,tce-alloc-end", "linux,booted-from-kexec",
};

int ppc64_fdt_fixup(void **fdt, const struct ppc64_fdt_args *a)
{
	size_t i;
	int rc;

	if ((rc = dt_ensure_node(fdt, "/chosen")) < 0 || (rc = dt_clear_reserves(fdt)) < 0)
		return rc;
	for (i = 0; i < sizeof(stale_chosen) / sizeof(stale_chosen[0]); i++)
		if ((rc = dt_delprop(fdt, "/chosen", stale_chosen[i])) < 0)
			return rc;
	if ((rc = dt_delprop_all(fdt, "linux,pci-domain")) < 0)
		return rc;
	if ((rc = dt_setprop_string(fdt, "/chosen", "bootargs", a->cmdline)) < 0)
		return rc;
	/* Tells the next kernel it did not come from firmware (pseries checks it). */
	if ((rc = dt_setprop(fdt, "/chosen", "linux,booted-from-kexec", NULL, 0)) < 0)
		return rc;
	if (a->initrd_end) {
		if ((rc = dt_setprop_u64(fdt, "/chosen", "linux,initrd-start", a->initrd_start)) < 0 ||
		    (rc = dt_setprop_u64(fdt, "/chosen", "linux,initrd-end", a->initrd_end)) < 0 ||
		    (rc = dt_add_reserve(fdt, a->initrd_start, a->initrd_end - a->initrd_start)) < 0)
			return rc;
	}
	for (i = 0; i < a->reserve->n; i++) {
		const struct range *r = &a->reserve->v[i];

		if ((rc = dt_add_reserve(fdt, r->start, r->end - r->start)) < 0)
			return rc;
	}
	for (i = 0; a->extra_reserve && i < a->extra_reserve->n; i++) {
		const struct range *r = &a->extra_reserve->v[i];

		if ((rc = dt_add_reserve(fdt, r->start, r->end - r->start)) < 0)
			return rc;
	}
	return 0;
}

/* ---- the crash kernel's view of memory ----------------------------------- */

/*
 * Cells being written: into a growing buffer, into a fixed placeholder in the
 * tree (exactly @cap bytes, never moved), or only counted (@counting).
 */
struct cellbuf {
	uint8_t *b;
	size_t n, cap;
	int err;
	int fixed, counting;
};

/* Whether @more bytes may be written at b + n; when only counting, counts them. */
static int room(struct cellbuf *cb, size_t more)
{
	size_t nc;
	uint8_t *nb;

	if (cb->err)
		return 0;
	if (cb->counting) {
		cb->n += more;
		return 0;
	}
	if (more <= cb->cap - cb->n)
		return 1;
	if (cb->fixed) {
		cb->err = -EOVERFLOW;	/* the counting pass said otherwise: a bug, not input */
		return 0;
	}
	for (nc = cb->cap ? cb->cap : 4096; nc - cb->n < more; nc *= 2)
		if (nc > SIZE_MAX / 2) {
			cb->err = -ENOMEM;
			return 0;
		}
	if (!(nb = realloc(cb->b, nc))) {
		cb->err = -ENOMEM;
		return 0;
	}
	cb->b = nb;
	cb->cap = nc;
	return 1;
}

static void put_cells(struct cellbuf *cb, uint64_t v, int ncells)
{
	if (!room(cb, (size_t)ncells * 4))
		return;
	if (ncells == 2)
		be64_st(cb->b + cb->n, v);
	else
		be32_st(cb->b + cb->n, (uint32_t)v);
	cb->n += (size_t)ncells * 4;
}

/* Emit the pieces of [a, b) inside @usable as (address, size) pairs; returns how many. */
static size_t put_usable(struct cellbuf *cb, const struct rangeset *usable, uint64_t a, uint64_t b,
			 int na, int ns)
{
	size_t i, k = 0;

	for (i = 0; i < usable->n; i++) {
		uint64_t s = usable->v[i].start > a ? usable->v[i].start : a;
		uint64_t e = usable->v[i].end < b ? usable->v[i].end : b;

		if (s >= e)
			continue;
		put_cells(cb, s, na);
		put_cells(cb, e - s, ns);
		k++;
	}
	return k;
}

static size_t count_usable(const struct rangeset *usable, uint64_t a, uint64_t b)
{
	size_t i, k = 0;

	for (i = 0; i < usable->n; i++)
		if (usable->v[i].start < b && a < usable->v[i].end)
			k++;
	return k;
}

struct lmb_walk {
	struct cellbuf *cb;
	const struct rangeset *usable;
	int na, ns;
};

/* @n entries of a count of 0 (an LMB with nothing usable), in one step. */
static void put_empty(struct cellbuf *cb, uint64_t n, int ns)
{
	size_t len;

	if (n > SIZE_MAX / 8 / (size_t)ns) {
		cb->err = -ENOMEM;
		return;
	}
	len = (size_t)n * (size_t)ns * 4;
	if (!room(cb, len))
		return;
	memset(cb->b + cb->n, 0, len);
	cb->n += len;
}

/*
 * The first LMB at or after index @k of the set at @base that meets @usable
 * (@count if none): the LMBs before it get empty entries in one step, so a
 * set of millions of LMBs costs no more than its bytes of output.
 */
static uint64_t next_usable_lmb(const struct rangeset *usable, uint64_t base, uint64_t size,
				uint64_t count, uint64_t k)
{
	uint64_t best = count, a = base + k * size;
	size_t i;

	for (i = 0; i < usable->n; i++) {
		const struct range *r = &usable->v[i];
		uint64_t j;

		if (r->end <= a || r->start >= r->end)
			continue;
		j = r->start <= a ? k : k + (r->start - a) / size;
		if (j < best)
			best = j;
	}
	return best;
}

/*
 * How many LMBs from the one at @a (at most @left) lie wholly inside one
 * range of @usable and meet no other: each of those has the same entry (one
 * pair), so a counting pass can count them in one step.  0 if the LMB at @a
 * is not such a one.
 */
static uint64_t lmbs_inside(const struct rangeset *usable, uint64_t a, uint64_t size, uint64_t left)
{
	uint64_t end = 0, n;
	size_t i, in = usable->n;

	for (i = 0; i < usable->n; i++)
		if (usable->v[i].start <= a && usable->v[i].end > a) {
			in = i;
			end = usable->v[i].end;
			break;
		}
	if (in == usable->n)
		return 0;
	for (i = 0; i < usable->n; i++)
		if (i != in && usable->v[i].end > a && usable->v[i].start < end)
			end = usable->v[i].start > a ? usable->v[i].start : a;
	n = end > a ? (end - a) / size : 0;
	return n < left ? n : left;
}

/*
 * ABI (arch/powerpc/kernel/prom.c, early_init_drmem_lmb): one entry per LMB
 * the kernel uses (assigned, not reserved), in property order: a count in
 * #size-cells, then that many (base, size) pairs.
 */
static int lmb_usable(uint64_t base, uint64_t size, uint64_t count, uint32_t flags, void *arg)
{
	struct lmb_walk *w = arg;
	uint64_t k = 0, j, a, run, per;

	if (!ppc64_lmb_usable(flags))
		return 0;
	while (k < count && !w->cb->err) {
		j = next_usable_lmb(w->usable, base, size, count, k);
		put_empty(w->cb, j - k, w->ns);
		if (j == count)
			break;
		a = base + j * size;
		if (w->cb->counting && (run = lmbs_inside(w->usable, a, size, count - j)) > 0) {
			/* Sizing only: a run of LMBs wholly usable, (count, base, size) each. */
			per = (uint64_t)(2 * w->ns + w->na) * 4;
			if (run > (SIZE_MAX - w->cb->n) / per) {
				w->cb->err = -ENOMEM;
				break;
			}
			w->cb->n += (size_t)(run * per);
			k = j + run;
			continue;
		}
		put_cells(w->cb, count_usable(w->usable, a, a + size), w->ns);
		put_usable(w->cb, w->usable, a, a + size, w->na, w->ns);
		k = j + 1;
	}
	return w->cb->err;
}

/*
 * linux,drconf-usable-memory: one entry per usable LMB (the ABI), so its
 * size follows the LMB count, which a v2 entry of 24 bytes can make 16M.  It
 * is sized by a counting walk first and then written straight into its room
 * in the tree: one copy of it in memory, not a growing buffer beside the tree.
 */
static int drconf_usable(void **fdt, const char *shown, const struct rangeset *usable, int na, int ns,
			 uint64_t room)
{
	static const char node[] = "/ibm,dynamic-reconfiguration-memory", name[] = "linux,drconf-usable-memory";
	struct cellbuf cb = { NULL, 0, 0, 0, 0, 1 };
	struct lmb_walk w = { &cb, usable, na, ns };
	void *at;
	int rc;

	if ((rc = ppc64_walk_lmbs(*fdt, shown, lmb_usable, &w)) < 0 || cb.n == 0)
		return rc;
	if (cb.n > INT32_MAX / 2) {
		kx_err("device tree %s: the crash kernel's %s/%s would be %zu bytes, more than a device "
		       "tree holds", shown, node, name, cb.n);
		return -E2BIG;
	}
	/*
	 * The tree is a segment in the crash region: when this property alone
	 * cannot fit there, say so now rather than build it (up to 24 bytes
	 * for each of 16M LMBs) and fail to place it.
	 */
	if (cb.n > room) {
		char need[KX_SIZE_BUF], have[KX_SIZE_BUF];

		kx_err("device tree %s: the crash kernel's %s/%s would be %s (%zu bytes: an entry for "
		       "every LMB), but the crash region has %s (%llu bytes) left for its device tree: "
		       "boot with a larger crashkernel=", shown, node, name, kx_size(need, cb.n), cb.n,
		       kx_size(have, room), (unsigned long long)room);
		return -ENOSPC;
	}
	if ((rc = dt_setprop_placeholder(fdt, node, name, (int)cb.n, &at)) < 0)
		return rc;
	cb = (struct cellbuf){ at, 0, cb.n, 0, 1, 0 };
	if ((rc = ppc64_walk_lmbs(*fdt, shown, lmb_usable, &w)) < 0)
		return rc;
	if (!cb.err && cb.n != cb.cap)
		cb.err = -EOVERFLOW;
	if (cb.err == -EOVERFLOW)
		kx_err("internal error: %s/%s came out %zu bytes, not the %zu counted", node, name, cb.n, cb.cap);
	return cb.err;
}

static int root_cells(const void *fdt, const char *name, int dflt)
{
	int len;
	const uint8_t *p = fdt_getprop(fdt, 0, name, &len);

	return p && len == 4 ? (int)be32_ld(p) : dflt;
}

int ppc64_fdt_usable_memory(void **fdt, const char *shown, const struct rangeset *usable, uint64_t room)
{
	int na = root_cells(*fdt, "#address-cells", 2), ns = root_cells(*fdt, "#size-cells", 1);
	char (*paths)[256] = NULL;
	int off, n = 0, i, rc = 0;

	if (na < 1 || na > 2 || ns < 1 || ns > 2) {
		kx_err("device tree %s: #address-cells %d / #size-cells %d are not supported", shown, na, ns);
		return -EINVAL;
	}
	/* Collect paths first: setting properties moves node offsets. */
	fdt_for_each_subnode(off, *fdt, 0) {
		char (*np)[256];

		if (!ppc64_is_memory_node(*fdt, off))
			continue;
		np = realloc(paths, (size_t)(n + 1) * sizeof(*paths));
		if (!np) {
			free(paths);
			return -ENOMEM;
		}
		paths = np;
		if (fdt_get_path(*fdt, off, paths[n], sizeof(paths[n])) < 0) {
			int nl = 0;
			const char *nm = fdt_get_name(*fdt, off, &nl);

			kx_err("device tree %s: memory node name of %d bytes (\"%.40s...\"): longer than "
			       "the %zu bytes a node path may have here", shown, nl, nm ? nm : "?",
			       sizeof(paths[n]) - 1);
			free(paths);
			return -EINVAL;
		}
		n++;
	}
	for (i = 0; rc == 0 && i < n; i++) {
		struct cellbuf cb = { NULL, 0, 0, 0, 0, 0 };
		int len, stride = (na + ns) * 4, j;
		const uint8_t *reg = dt_getprop(*fdt, paths[i], "reg", &len);
		size_t k = 0;

		if (!reg || len <= 0 || len % stride) {
			kx_err("device tree %s: %s/reg: length is not a whole number of (address, size) pairs (%d bytes)",
			       shown, paths[i], reg ? len : 0);
			rc = -EINVAL;
			break;
		}
		for (j = 0; j < len; j += stride) {
			uint64_t a = na == 2 ? be64_ld(reg + j) : be32_ld(reg + j);
			uint64_t s = ns == 2 ? be64_ld(reg + j + na * 4) : be32_ld(reg + j + na * 4);

			k += put_usable(&cb, usable, a, a + s, na, ns);
		}
		/* Nothing usable in this node: one empty pair, which the kernel skips. */
		if (!k) {
			put_cells(&cb, 0, na);
			put_cells(&cb, 0, ns);
		}
		rc = cb.err ? cb.err : dt_setprop(fdt, paths[i], "linux,usable-memory", cb.b, (int)cb.n);
		free(cb.b);
	}
	free(paths);
	if (rc == 0 && fdt_path_offset(*fdt, "/ibm,dynamic-reconfiguration-memory") >= 0)
		rc = drconf_usable(fdt, shown, usable, na, ns, room);
	return rc;
}
