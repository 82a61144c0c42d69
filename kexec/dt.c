// SPDX-License-Identifier: GPL-2.0-or-later
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libfdt.h>
#include "bytes.h"
#include "dt.h"
#include "image.h"
#include "log.h"

/* ---- the in-memory tree read from a directory ---------------------------- */

struct dprop {
	char *name;
	struct blob val;
	uint32_t nameoff;	/* in the strings block, set when flattening */
};

struct dnode {
	char *name;
	struct dprop *props;
	size_t np;
	struct dnode *kids;
	size_t nk;
};

static void dnode_free(struct dnode *n)
{
	size_t i;

	for (i = 0; i < n->np; i++) {
		free(n->props[i].name);
		blob_free(&n->props[i].val);
	}
	for (i = 0; i < n->nk; i++)
		dnode_free(&n->kids[i]);
	free(n->props);
	free(n->kids);
	free(n->name);
}

/*
 * Nodes sort by base name, then by unit address compared as hexadecimal
 * numbers (so cpu@2 comes before cpu@10, as firmware lists them); anything
 * that does not parse falls back to byte order.  Deterministic either way.
 */
static int cmp_unit(const char *a, const char *b)
{
	while (*a && *b) {
		char *ea, *eb;
		unsigned long long x = strtoull(a, &ea, 16), y = strtoull(b, &eb, 16);

		if (ea == a || eb == b)
			break;
		if (x != y)
			return x < y ? -1 : 1;
		a = ea;
		b = eb;
		if (*a != *b)
			break;
		if (*a == ',') {
			a++;
			b++;
		}
	}
	return strcmp(a, b);
}

static int cmp_node(const void *pa, const void *pb)
{
	const char *a = ((const struct dnode *)pa)->name, *b = ((const struct dnode *)pb)->name;
	const char *ua = strchr(a, '@'), *ub = strchr(b, '@');
	size_t la = ua ? (size_t)(ua - a) : strlen(a), lb = ub ? (size_t)(ub - b) : strlen(b);
	int c = strncmp(a, b, la < lb ? la : lb);

	if (c)
		return c;
	if (la != lb)
		return la < lb ? -1 : 1;
	if (!ua || !ub)
		return ua ? 1 : ub ? -1 : 0;
	return cmp_unit(ua + 1, ub + 1);
}

/*
 * The root's children: /cpus last, the rest in name order.  An FDT has no
 * pointer past a subtree, so finding a node walks every tag of the siblings
 * before it, and /cpus is by far the largest subtree on a large machine (a
 * 2,560-CPU LPAR: thousands of properties); the lookups of /chosen, /rtas,
 * /ibm,dynamic-reconfiguration-memory and the like that reading the system
 * and editing the next tree make then skip it.  The order of a node's
 * children means nothing to the kernel (the order within /cpus, which
 * numbers the CPUs, is kept).
 */
static int cmp_root_kid(const void *pa, const void *pb)
{
	int ca = !strcmp(((const struct dnode *)pa)->name, "cpus");
	int cb = !strcmp(((const struct dnode *)pb)->name, "cpus");

	return ca != cb ? ca - cb : cmp_node(pa, pb);
}

static int cmp_prop(const void *a, const void *b)
{
	return strcmp(((const struct dprop *)a)->name, ((const struct dprop *)b)->name);
}

struct walk {
	const char *shown;
	int skip_unreadable;
	int depth;		/* of the node being read; the root is 0 */
	size_t struct_bytes, nprops;
	size_t skipped;
};

#define ALIGN4(x) (((x) + 3) & ~(size_t)3)
#define ALIGN8(x) (((x) + 7) & ~(size_t)7)

/*
 * How deep nodes may nest: the kernel's own FDT code stops at FDT_MAX_DEPTH
 * (64, drivers/of/fdt.c), and real trees are a handful of levels deep.  It
 * bounds our recursion (and its stack) by that, not by the directory.
 */
#define DT_MAX_DEPTH 64

#define DENTS_BUF 32768	/* getdents64 buffer, as glibc's opendir takes */

/*
 * The node at @path (relative to the directory @at, or AT_FDCWD), shown as
 * @rel.  Its children and properties are opened relative to it: the kernel
 * then walks one name per file instead of the whole path (and qemu-user
 * looks up no absolute path under its -L root), for thousands of files.
 */
static int read_node(struct walk *w, int at, const char *path, const char *rel, struct dnode *n)
{
	int fd = openat(at, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	uint8_t *dents;
	ssize_t got = 0, pos = 0;
	int rc = 0;

	if (fd < 0) {
		rc = -errno;	/* before printing, which may change errno */
		kx_err("cannot read device tree %s%s: %s", w->shown, rel, strerror(-rc));
		return rc;
	}
	/*
	 * The entries straight from getdents64, not through opendir: fdopendir
	 * costs an fstat and two fcntl per directory, and a large tree has
	 * hundreds of directories (under emulation each system call counts).
	 */
	dents = malloc(DENTS_BUF);
	if (!dents) {
		close(fd);
		return -ENOMEM;
	}
	w->struct_bytes += 8 + ALIGN4(strlen(n->name) + 1);
	for (;;) {
		const struct dirent64 *de;
		char crel[4096];
		struct stat st;
		size_t rl, nl;

		if (pos >= got) {
			got = getdents64(fd, dents, DENTS_BUF);
			if (got < 0) {
				rc = -errno;
				kx_err("cannot read device tree %s%s: %s", w->shown, rel, strerror(-rc));
				break;
			}
			if (got == 0)
				break;
			pos = 0;
		}
		de = (const struct dirent64 *)(dents + pos);
		/* Not reached from a kernel: a record that does not fit would loop or overrun. */
		if (de->d_reclen < offsetof(struct dirent64, d_name) + 1 || de->d_reclen > got - pos ||
		    !memchr(de->d_name, 0, de->d_reclen - offsetof(struct dirent64, d_name))) {
			kx_err("cannot read device tree %s%s: malformed directory entry", w->shown, rel);
			rc = -EIO;
			break;
		}
		pos += de->d_reclen;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		/* Not snprintf: this runs for each of thousands of entries, and printf is slow under emulation. */
		rl = strlen(rel);
		nl = strlen(de->d_name);
		if (rl + 1 + nl >= sizeof(crel)) {
			kx_err("device tree %s%s/%.40s...: path longer than %zu bytes", w->shown, rel,
			       de->d_name, sizeof(crel) - 1);
			rc = -ENAMETOOLONG;
			break;
		}
		memcpy(crel, rel, rl);
		crel[rl] = '/';
		memcpy(crel + rl + 1, de->d_name, nl + 1);
		/*
		 * The entry's type from the directory itself where the file system
		 * gives it (procfs, ext4, tmpfs do), not from a stat of each entry:
		 * under emulation every system call counts, and a large tree has
		 * thousands of entries.
		 */
		if (de->d_type != DT_UNKNOWN)
			st.st_mode = de->d_type == DT_DIR ? S_IFDIR : de->d_type == DT_REG ? S_IFREG : S_IFLNK;
		else if (fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
			rc = -errno;
			kx_err("cannot read device tree %s%s: %s", w->shown, crel, strerror(-rc));
			break;
		}
		if (S_ISDIR(st.st_mode)) {
			struct dnode *nk = realloc(n->kids, (n->nk + 1) * sizeof(*nk));

			if (!nk) {
				rc = -ENOMEM;
				break;
			}
			n->kids = nk;
			memset(&nk[n->nk], 0, sizeof(*nk));
			nk[n->nk].name = strdup(de->d_name);
			if (!nk[n->nk].name) {
				rc = -ENOMEM;
				break;
			}
			n->nk++;
			if (w->depth + 1 > DT_MAX_DEPTH) {
				kx_err("device tree %s%s: nodes nested deeper than %d levels", w->shown, crel,
				       DT_MAX_DEPTH);
				rc = -ELOOP;
				break;
			}
			w->depth++;
			rc = read_node(w, fd, de->d_name, crel, &nk[n->nk - 1]);
			w->depth--;
			if (rc < 0)
				break;
		} else if (S_ISREG(st.st_mode)) {
			struct dprop *np;
			struct blob val;

			/* FDT v17 carries a node's name in the node itself. */
			if (!strcmp(de->d_name, "name"))
				continue;
			rc = file_read_small_at(fd, de->d_name, 256u << 20, &val);
			if (rc == -EACCES && w->skip_unreadable) {
				w->skipped++;
				rc = 0;
				continue;
			}
			if (rc < 0) {
				kx_err("cannot read device tree property %s%s: %s", w->shown, crel,
				       strerror(-rc));
				break;
			}
			np = realloc(n->props, (n->np + 1) * sizeof(*np));
			if (!np) {
				blob_free(&val);
				rc = -ENOMEM;
				break;
			}
			n->props = np;
			np[n->np].name = strdup(de->d_name);
			np[n->np].val = val;
			n->np++;
			if (!np[n->np - 1].name) {
				rc = -ENOMEM;
				break;
			}
			w->struct_bytes += 12 + ALIGN4(val.len);
			w->nprops++;
		}
		/* Symlinks and special files are not part of a device tree. */
	}
	free(dents);
	close(fd);
	if (rc == 0) {
		if (n->np > 1)
			qsort(n->props, n->np, sizeof(*n->props), cmp_prop);
		if (n->nk > 1)
			qsort(n->kids, n->nk, sizeof(*n->kids), w->depth ? cmp_node : cmp_root_kid);
	}
	return rc;
}

/*
 * Flattening.  libfdt's sequential writer looks every property name up in the
 * strings block byte by byte (fdt_property -> fdt_find_add_string), which is
 * quadratic in the number of properties: on a large LPAR's tree, and under
 * emulation even on a small one, that was most of reading the tree.  So the
 * blob is written here in two passes: names get their offsets from a hash
 * table (first use first, each distinct name once), then the blocks are laid
 * out as the FDT v17 spec puts them, the way fdt_create() does (header,
 * empty reserve map, structure, strings).  libfdt checks the result.
 */
struct names {
	const char **key;	/* open addressing, a power of two in size */
	uint32_t *off;
	size_t mask;
	const char **order;	/* distinct names, first use first */
	size_t n;
	size_t bytes;		/* of the strings block */
};

static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	while (*s)
		h = (h ^ (uint8_t)*s++) * 16777619u;
	return h;
}

static uint32_t name_offset(struct names *t, const char *name)
{
	size_t i = name_hash(name) & t->mask;

	while (t->key[i] && strcmp(t->key[i], name))
		i = (i + 1) & t->mask;
	if (!t->key[i]) {
		t->key[i] = name;
		t->off[i] = (uint32_t)t->bytes;
		t->order[t->n++] = name;
		t->bytes += strlen(name) + 1;
	}
	return t->off[i];
}

static void name_all(struct names *t, struct dnode *n)
{
	size_t i;

	for (i = 0; i < n->np; i++)
		n->props[i].nameoff = name_offset(t, n->props[i].name);
	for (i = 0; i < n->nk; i++)
		name_all(t, &n->kids[i]);
}

/* Structure block of @n at @p; returns the end.  Sizes were counted by read_node. */
static uint8_t *emit_node(uint8_t *p, const struct dnode *n)
{
	size_t i, len = strlen(n->name) + 1;

	be32_st(p, FDT_BEGIN_NODE);
	memcpy(p + 4, n->name, len);
	memset(p + 4 + len, 0, ALIGN4(len) - len);
	p += 4 + ALIGN4(len);
	for (i = 0; i < n->np; i++) {
		const struct dprop *q = &n->props[i];

		be32_st(p, FDT_PROP);
		be32_st(p + 4, (uint32_t)q->val.len);
		be32_st(p + 8, q->nameoff);
		if (q->val.len)
			memcpy(p + 12, q->val.data, q->val.len);
		memset(p + 12 + q->val.len, 0, ALIGN4(q->val.len) - q->val.len);
		p += 12 + ALIGN4(q->val.len);
	}
	for (i = 0; i < n->nk; i++)
		p = emit_node(p, &n->kids[i]);
	be32_st(p, FDT_END_NODE);
	return p + 4;
}

/*
 * The blob of @root (counted in @w), its size in *size; NULL when out of
 * memory or when the blob would pass 2 GiB (then *size says so).
 */
static void *flatten(const struct walk *w, struct dnode *root, size_t *size)
{
	const size_t hdr = ALIGN8(sizeof(struct fdt_header)), rsv = sizeof(struct fdt_reserve_entry);
	struct names t;
	size_t slots = 16, i;
	uint8_t *fdt = NULL, *p;

	*size = 0;
	while (slots < 2 * w->nprops)
		slots *= 2;
	memset(&t, 0, sizeof(t));
	t.key = calloc(slots, sizeof(*t.key));
	t.off = calloc(slots, sizeof(*t.off));
	t.order = calloc(w->nprops + 1, sizeof(*t.order));
	t.mask = slots - 1;
	if (t.key && t.off && t.order) {
		name_all(&t, root);
		*size = hdr + rsv + w->struct_bytes + 4 + t.bytes;
		fdt = *size <= INT32_MAX ? calloc(1, *size) : NULL;
	}
	if (fdt) {
		be32_st(fdt + 0, FDT_MAGIC);
		be32_st(fdt + 4, (uint32_t)*size);
		be32_st(fdt + 8, (uint32_t)(hdr + rsv));		/* off_dt_struct */
		be32_st(fdt + 12, (uint32_t)(hdr + rsv + w->struct_bytes + 4));	/* off_dt_strings */
		be32_st(fdt + 16, (uint32_t)hdr);			/* off_mem_rsvmap */
		be32_st(fdt + 20, 17);					/* version */
		be32_st(fdt + 24, 16);					/* last_comp_version */
		be32_st(fdt + 32, (uint32_t)t.bytes);			/* size_dt_strings */
		be32_st(fdt + 36, (uint32_t)(w->struct_bytes + 4));	/* size_dt_struct */
		p = emit_node(fdt + hdr + rsv, root);	/* the reserve map: one zero entry */
		be32_st(p, FDT_END);
		p += 4;
		for (i = 0; i < t.n; i++) {
			size_t len = strlen(t.order[i]) + 1;

			memcpy(p, t.order[i], len);
			p += len;
		}
	}
	free(t.key);
	free(t.off);
	free(t.order);
	return fdt;
}

int dt_from_dir(const char *dir, const char *shown, int skip_unreadable, void **out)
{
	struct walk w = { shown, skip_unreadable, 0, 0, 0, 0 };
	struct dnode root;
	size_t size;
	void *fdt;
	int rc;

	memset(&root, 0, sizeof(root));
	root.name = strdup("");
	if (!root.name)
		return -ENOMEM;
	rc = read_node(&w, AT_FDCWD, dir, "", &root);
	if (rc < 0) {
		dnode_free(&root);
		return rc;
	}
	if (w.skipped)
		kx_warn("%zu root-only properties of %s left out (not running as root)", w.skipped, shown);
	if (!root.np && !root.nk) {
		kx_err("device tree %s is empty", shown);
		dnode_free(&root);
		return -ENOENT;
	}
	fdt = flatten(&w, &root, &size);
	dnode_free(&root);
	if (!fdt) {
		if (size <= INT32_MAX)
			return -ENOMEM;	/* out of memory: said once, by the action */
		kx_err("device tree %s is too large to flatten (%zu bytes)", shown, size);
		return -EFBIG;
	}
	rc = fdt_check_full(fdt, size);
	if (rc < 0) {	/* a bug here, not in the input: every input is representable */
		kx_err("cannot flatten device tree %s: %s", shown, fdt_strerror(rc));
		free(fdt);
		return -EINVAL;
	}
	*out = fdt;
	return 0;
}

int dt_check_blob(const void *fdt, size_t len, const char *path)
{
	int rc;

	/* libfdt reads the whole header: a shorter file must stop here. */
	if (len < sizeof(struct fdt_header)) {
		kx_err("%s: %zu bytes is shorter than a device tree header (%zu): truncated?", path,
		       len, sizeof(struct fdt_header));
		return -EINVAL;
	}
	rc = fdt_check_header(fdt);
	/*
	 * Versions 2-15 (node names as full paths) are from before 2006; dtc
	 * and firmware write 17.  libfdt 1.6.1 (Debian 12) dereferences NULL in
	 * fdt_check_full on a root node of such a tree whose name has no '/'
	 * (the fuzzer's dtb target found it), so they stop here.
	 */
	if (rc == 0 && fdt_version(fdt) < 16) {
		kx_err("%s: device tree version %u: kexec reads version 16 and later (dtc and "
		       "firmware write 17)", path, fdt_version(fdt));
		return -EINVAL;
	}
	if (rc == 0 && fdt_totalsize(fdt) > len) {
		kx_err("%s: device tree header claims %u bytes but the file has %zu: truncated?",
		       path, fdt_totalsize(fdt), len);
		return -EINVAL;
	}
	if (rc == 0) {
		char why[160];

		if (dt_struct_check(fdt, len, why, sizeof(why)) < 0) {
			kx_err("%s: not a valid device tree blob: %s", path, why);
			return -EINVAL;
		}
	}
#ifdef HAVE_FDT_CHECK_FULL
	if (rc == 0)
		rc = fdt_check_full(fdt, len);
#else
	if (rc == 0) {
		int off = 0, depth = 0;

		while ((off = fdt_next_node(fdt, off, &depth)) >= 0)
			;
		if (off != -FDT_ERR_NOTFOUND)
			rc = off;
	}
#endif
	if (rc < 0) {
		kx_err("%s: not a valid device tree blob: %s", path, fdt_strerror(rc));
		return -EINVAL;
	}
	/* A tree deeper than the next kernel's FDT code walks would not boot. */
	{
		int off = 0, depth = 0;

		while ((off = fdt_next_node(fdt, off, &depth)) >= 0 && depth <= DT_MAX_DEPTH)
			;
		if (off >= 0) {
			kx_err("%s: nodes nest deeper than %d levels (the kernel's FDT_MAX_DEPTH)",
			       path, DT_MAX_DEPTH);
			return -EINVAL;
		}
	}
	return 0;
}

int dt_from_file(const char *path, void **out)
{
	struct blob b;
	int rc = file_read(path, "device tree blob", 64u << 20, &b);

	if (rc < 0)
		return rc;
	rc = dt_check_blob(b.data, b.len, path);
	if (rc < 0) {
		blob_free(&b);
		return rc;
	}
	*out = b.data;
	return 0;
}

size_t dt_size(const void *fdt)
{
	return fdt_totalsize(fdt);
}

/*
 * More room at the end, in place: realloc (which moves a large buffer by
 * remapping its pages, not by copying them) and fdt_open_into on the same
 * buffer.  A second buffer would double the peak for a tree of tens of MB
 * (a crash kernel's linux,drconf-usable-memory on a tree of millions of LMBs).
 */
static int grow(void **fdt, size_t extra)
{
	size_t old = fdt_totalsize(*fdt), nsize = old + extra;
	uint8_t *n;
	int rc;

	if (nsize < old || nsize > INT32_MAX)
		return -ENOMEM;
	/*
	 * dt_pack shrinks the blob, not its buffer: the next small addition fits
	 * without realloc, which under AddressSanitizer always copies.
	 */
	if (nsize > malloc_usable_size(*fdt)) {
		if (!(n = realloc(*fdt, nsize)))
			return -ENOMEM;
		*fdt = n;
	}
	n = *fdt;
	/* Zeroed: free space may stay in the blob (--hotplug), and must not carry heap bytes. */
	memset(n + old, 0, nsize - old);
	rc = fdt_open_into(n, n, (int)nsize);
	if (rc == -FDT_ERR_NOSPACE) {
		/*
		 * Blocks out of the usual order (a firmware's blob, --dtb
		 * /sys/firmware/fdt): libfdt reorders them into a second
		 * copy, which it will not build inside the same buffer.
		 * This happens once: the result is in order.
		 */
		if (!(n = calloc(1, nsize)))
			return -ENOMEM;
		rc = fdt_open_into(*fdt, n, (int)nsize);
		if (rc < 0) {
			free(n);
		} else {
			free(*fdt);
			*fdt = n;
		}
	}
	if (rc < 0) {
		kx_err("device tree: %s", fdt_strerror(rc));
		return -EINVAL;
	}
	return 0;
}

int dt_copy(const void *src, void **out)
{
	size_t size = fdt_totalsize(src);
	void *n = malloc(size);

	if (!n)
		return -ENOMEM;
	memcpy(n, src, size);
	*out = n;
	return grow(out, 4096);
}

const void *dt_getprop(const void *fdt, const char *path, const char *name, int *len)
{
	int off = fdt_path_offset(fdt, path);

	if (off < 0)
		return NULL;
	return fdt_getprop(fdt, off, name, len);
}

/* Run @op, growing the tree and retrying while it reports no space. */
#define WITH_SPACE(fdt, op, need, what, ...)					\
	({									\
		int rc_;							\
		while ((rc_ = (op)) == -FDT_ERR_NOSPACE) {			\
			int g_ = grow(fdt, (size_t)(need) + 1024);		\
			if (g_ < 0)						\
				return g_;					\
		}								\
		if (rc_ < 0) {							\
			kx_err("device tree: cannot " what ": %s", __VA_ARGS__, fdt_strerror(rc_)); \
			return -EINVAL;						\
		}								\
		rc_;								\
	})

int dt_ensure_node(void **fdt, const char *path)
{
	const char *slash;
	char parent[1024];
	int poff;

	if (fdt_path_offset(*fdt, path) >= 0)
		return 0;
	slash = strrchr(path, '/');
	if (!slash || slash == path) {
		strcpy(parent, "/");
	} else {
		if ((size_t)(slash - path) >= sizeof(parent)) {
			kx_err("device tree: node path of %zu bytes (\"%.40s...\") is longer than the "
			       "%zu bytes allowed", strlen(path), path, sizeof(parent) - 1);
			return -ENAMETOOLONG;
		}
		memcpy(parent, path, (size_t)(slash - path));
		parent[slash - path] = 0;
		if (dt_ensure_node(fdt, parent) < 0)
			return -EINVAL;
	}
	poff = fdt_path_offset(*fdt, parent);
	if (poff < 0) {
		kx_err("device tree: no node %s", parent);
		return -ENOENT;
	}
	WITH_SPACE(fdt, fdt_add_subnode(*fdt, fdt_path_offset(*fdt, parent), slash + 1),
		   strlen(slash) + 16, "add node %s", path);
	return 0;
}

int dt_setprop_placeholder(void **fdt, const char *path, const char *name, int len, void **val)
{
	if (fdt_path_offset(*fdt, path) < 0) {
		kx_err("device tree: no node %s for property %s", path, name);
		return -ENOENT;
	}
	WITH_SPACE(fdt, fdt_setprop_placeholder(*fdt, fdt_path_offset(*fdt, path), name, len, val),
		   len + strlen(name) + 16, "set %s/%s", path, name);
	return 0;
}

/* @val must not point into the tree: making room may move it. */
int dt_setprop(void **fdt, const char *path, const char *name, const void *val, int len)
{
	void *at;
	int rc = dt_setprop_placeholder(fdt, path, name, len, &at);

	if (rc == 0 && len > 0)
		memcpy(at, val, (size_t)len);
	return rc;
}

int dt_setprop_u64(void **fdt, const char *path, const char *name, uint64_t v)
{
	fdt64_t be = cpu_to_fdt64(v);

	return dt_setprop(fdt, path, name, &be, sizeof(be));
}

int dt_setprop_string(void **fdt, const char *path, const char *name, const char *s)
{
	return dt_setprop(fdt, path, name, s, (int)strlen(s) + 1);
}

int dt_delprop(void **fdt, const char *path, const char *name)
{
	int off = fdt_path_offset(*fdt, path), rc;

	if (off < 0)
		return 0;
	rc = fdt_delprop(*fdt, off, name);
	if (rc < 0 && rc != -FDT_ERR_NOTFOUND) {
		kx_err("device tree: cannot delete %s/%s: %s", path, name, fdt_strerror(rc));
		return -EINVAL;
	}
	return 0;
}

int dt_delprop_all(void **fdt, const char *name)
{
	int off = -1, n = 0;

	for (;;) {
		off = fdt_next_node(*fdt, off, NULL);
		if (off < 0)
			break;
		if (fdt_getprop(*fdt, off, name, NULL)) {
			int rc = fdt_delprop(*fdt, off, name);

			if (rc < 0) {
				kx_err("device tree: cannot delete %s: %s", name, fdt_strerror(rc));
				return -EINVAL;
			}
			n++;
		}
	}
	return n;
}

int dt_clear_reserves(void **fdt)
{
	int rc;

	while (fdt_num_mem_rsv(*fdt) > 0) {
		rc = fdt_del_mem_rsv(*fdt, 0);
		if (rc < 0) {
			kx_err("device tree: cannot clear the reserve map: %s", fdt_strerror(rc));
			return -EINVAL;
		}
	}
	return 0;
}

int dt_add_reserve(void **fdt, uint64_t addr, uint64_t size)
{
	int i, n = fdt_num_mem_rsv(*fdt);

	for (i = 0; i < n; i++) {
		uint64_t a, s;

		if (fdt_get_mem_rsv(*fdt, i, &a, &s) == 0 && a == addr && s == size)
			return 0;
	}
	WITH_SPACE(fdt, fdt_add_mem_rsv(*fdt, addr, size), 32,
		   "reserve 0x%llx+0x%llx", (unsigned long long)addr, (unsigned long long)size);
	return 0;
}

int dt_move_reserve(void **fdt, uint64_t old_addr, uint64_t new_addr, uint64_t size)
{
	int i, n = fdt_num_mem_rsv(*fdt);

	for (i = 0; i < n; i++) {
		uint64_t a, s;

		if (fdt_get_mem_rsv(*fdt, i, &a, &s) == 0 && a == old_addr && s == size) {
			/*
			 * Rewritten in place (struct fdt_reserve_entry: two big-endian
			 * 64-bit words): the entry keeps its position in the map, and the
			 * blob its size, which the caller may already have placed.
			 */
			be64_st((uint8_t *)*fdt + fdt_off_mem_rsvmap(*fdt) + (size_t)i * 16, new_addr);
			return 0;
		}
	}
	kx_err("device tree: reserve entry 0x%llx+0x%llx not found", (unsigned long long)old_addr,
	       (unsigned long long)size);
	return -EINVAL;
}

int dt_add_room(void **fdt, size_t extra)
{
	return grow(fdt, extra);
}

int dt_pack(void **fdt)
{
	int rc = fdt_pack(*fdt);

	if (rc < 0) {
		kx_err("device tree: cannot pack: %s", fdt_strerror(rc));
		return -EINVAL;
	}
	return 0;
}
