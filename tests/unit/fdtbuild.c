// SPDX-License-Identifier: GPL-2.0-or-later
/* Device trees for the unit tests (fdtbuild.h says what each helper does). */
#include "fdtbuild.h"

void fb_ck(struct fb *b, int rc)
{
	if (rc < 0 && !b->err)
		b->err = rc;
}

void fb_start_rsv(struct fb *b, size_t size, int n, const uint64_t *rsv)
{
	int i;

	b->err = 0;
	b->fdt = calloc(1, size);
	fb_ck(b, fdt_create(b->fdt, (int)size));
	for (i = 0; i < n; i++)
		fb_ck(b, fdt_add_reservemap_entry(b->fdt, rsv[2 * i], rsv[2 * i + 1]));
	fb_ck(b, fdt_finish_reservemap(b->fdt));
	fb_ck(b, fdt_begin_node(b->fdt, ""));
}

void fb_start(struct fb *b, size_t size)
{
	fb_start_rsv(b, size, 0, NULL);
}

void fb_node(struct fb *b, const char *name)
{
	fb_ck(b, fdt_begin_node(b->fdt, name));
}

void fb_nodef(struct fb *b, const char *fmt, ...)
{
	char name[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	fb_node(b, name);
}

void fb_end(struct fb *b)
{
	fb_ck(b, fdt_end_node(b->fdt));
}

void fb_prop(struct fb *b, const char *name, const void *v, int len)
{
	fb_ck(b, fdt_property(b->fdt, name, v, len));
}

void fb_u32(struct fb *b, const char *name, uint32_t v)
{
	fb_ck(b, fdt_property_u32(b->fdt, name, v));
}

void fb_u64(struct fb *b, const char *name, uint64_t v)
{
	fb_ck(b, fdt_property_u64(b->fdt, name, v));
}

void fb_str(struct fb *b, const char *name, const char *s)
{
	fb_ck(b, fdt_property_string(b->fdt, name, s));
}

void fb_cells(struct fb *b, const char *name, int n, ...)
{
	uint32_t v[64];
	va_list ap;
	int i;

	va_start(ap, n);
	for (i = 0; i < n && i < 64; i++)
		v[i] = cpu_to_fdt32(va_arg(ap, uint32_t));
	va_end(ap);
	fb_prop(b, name, v, n * 4);
}

void fb_reg(struct fb *b, const char *name, int na, int ns, int n, ...)
{
	uint8_t buf[64 * 16], *p = buf;
	va_list ap;
	int i, k;

	va_start(ap, n);
	for (i = 0; i < n && i < 64; i++) {
		uint64_t v[2];

		v[0] = va_arg(ap, uint64_t);
		v[1] = va_arg(ap, uint64_t);
		for (k = 0; k < 2; k++) {
			int cells = k ? ns : na;

			if (cells == 2) {
				fdt64_t x = cpu_to_fdt64(v[k]);

				memcpy(p, &x, 8);
				p += 8;
			} else {
				fdt32_t x = cpu_to_fdt32((uint32_t)v[k]);

				memcpy(p, &x, 4);
				p += 4;
			}
		}
	}
	va_end(ap);
	fb_prop(b, name, buf, (int)(p - buf));
}

void *fb_finish(struct fb *b)
{
	fb_end(b);
	fb_ck(b, fdt_finish(b->fdt));
	if (b->err) {
		fprintf(stderr, "fdtbuild: %s\n", fdt_strerror(b->err));
		free(b->fdt);
		b->fdt = NULL;
		exit(99);
	}
	return b->fdt;
}

/* ---- a tree as a directory (/proc/device-tree) ---------------------------- */

int fdt_node_to_dir(const void *fdt, int node, const char *dir_in)
{
	char dir[4096];
	int prop, sub, rc;

	/* @dir_in may be a t_fmt() buffer, which the calls below recycle. */
	snprintf(dir, sizeof(dir), "%s", dir_in);
	rc = t_mkdirs(dir);
	if (rc < 0)
		return rc;
	fdt_for_each_property_offset(prop, fdt, node) {
		const char *name;
		int len;
		const void *v = fdt_getprop_by_offset(fdt, prop, &name, &len);

		if ((rc = t_write(t_fmt("%s/%s", dir, name), v, (size_t)len)) < 0)
			return rc;
	}
	fdt_for_each_subnode(sub, fdt, node) {
		char path[4096 + 256];

		snprintf(path, sizeof(path), "%s/%s", dir, fdt_get_name(fdt, sub, NULL));
		if ((rc = fdt_node_to_dir(fdt, sub, path)) < 0)
			return rc;
	}
	return 0;
}

int fdt_to_dir(const void *fdt, const char *dir)
{
	return fdt_node_to_dir(fdt, 0, dir);
}

/* ---- comparing trees -------------------------------------------------------- */

int fdt_node_diff(const void *a, int na, const void *b, int nb, char *why, size_t wl)
{
	int pa, pb, sa, sb;
	const char *an = fdt_get_name(a, na, NULL), *bn = fdt_get_name(b, nb, NULL);

	if (strcmp(an, bn)) {
		snprintf(why, wl, "node %s vs %s", an, bn);
		return 1;
	}
	pa = fdt_first_property_offset(a, na);
	pb = fdt_first_property_offset(b, nb);
	while (pa >= 0 && pb >= 0) {
		const char *x, *y;
		int lx, ly;
		const void *vx = fdt_getprop_by_offset(a, pa, &x, &lx);
		const void *vy = fdt_getprop_by_offset(b, pb, &y, &ly);

		if (strcmp(x, y) || lx != ly || memcmp(vx, vy, (size_t)lx)) {
			snprintf(why, wl, "node %s: property %s vs %s", an, x, y);
			return 1;
		}
		pa = fdt_next_property_offset(a, pa);
		pb = fdt_next_property_offset(b, pb);
	}
	if ((pa >= 0) != (pb >= 0)) {
		snprintf(why, wl, "node %s: property counts differ", an);
		return 1;
	}
	sa = fdt_first_subnode(a, na);
	sb = fdt_first_subnode(b, nb);
	while (sa >= 0 && sb >= 0) {
		if (fdt_node_diff(a, sa, b, sb, why, wl))
			return 1;
		sa = fdt_next_subnode(a, sa);
		sb = fdt_next_subnode(b, sb);
	}
	if ((sa >= 0) != (sb >= 0)) {
		snprintf(why, wl, "node %s: child counts differ", an);
		return 1;
	}
	return 0;
}

int fdt_tree_diff(const void *a, const void *b, char *why, size_t wl)
{
	why[0] = 0;
	return fdt_node_diff(a, 0, b, 0, why, wl);
}

const char *fdt_children(const void *fdt, const char *path)
{
	static char buf[4096];
	int off = fdt_path_offset(fdt, path), sub;
	size_t o = 0;

	buf[0] = 0;
	if (off < 0)
		return "(no node)";
	fdt_for_each_subnode(sub, fdt, off)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s", o ? " " : "",
				      fdt_get_name(fdt, sub, NULL));
	return buf;
}

const char *fdt_props(const void *fdt, const char *path)
{
	static char buf[4096];
	int off = fdt_path_offset(fdt, path), p;
	size_t o = 0;

	buf[0] = 0;
	if (off < 0)
		return "(no node)";
	fdt_for_each_property_offset(p, fdt, off) {
		const char *name;

		fdt_getprop_by_offset(fdt, p, &name, NULL);
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s", o ? " " : "", name);
	}
	return buf;
}

int has_rsv(const void *f, uint64_t a, uint64_t s)
{
	int i, n = fdt_num_mem_rsv(f), k = 0;

	for (i = 0; i < n; i++) {
		uint64_t x, y;

		fdt_get_mem_rsv(f, i, &x, &y);
		k += x == a && y == s;
	}
	return k;
}
