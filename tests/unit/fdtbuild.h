/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Building flattened device trees in tests with libfdt's sequential-write
 * API, writing a tree out as a /proc/device-tree style directory, and
 * comparing two trees node by node (bodies in fdtbuild.c).
 */
#ifndef KX_FDTBUILD_H
#define KX_FDTBUILD_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>
#include "tutil.h"

/*
 * A tree being built: fb_start, then fb_node/fb_end pairs around
 * properties, then fb_finish.  The first libfdt error is kept and reported
 * by fb_finish, so the calls in between need no checks.
 */
struct fb {
	void *fdt;
	int err;		/* first libfdt error, 0 if none */
};

/* Keep @rc as @b's error if it is one and the first. */
void fb_ck(struct fb *b, int rc);

/* Start a tree of at most @size bytes with @n reserve-map pairs (addr, size) and open its root. */
void fb_start_rsv(struct fb *b, size_t size, int n, const uint64_t *rsv);

/* Start a tree of at most @size bytes with an empty reserve map. */
void fb_start(struct fb *b, size_t size);

/* Open a child node @name (closed by fb_end). */
void fb_node(struct fb *b, const char *name);

/* Open a child node named by printf. */
void fb_nodef(struct fb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Close the open node. */
void fb_end(struct fb *b);

/* A property of @len raw bytes. */
void fb_prop(struct fb *b, const char *name, const void *v, int len);

/* A property of one big-endian 32-bit cell. */
void fb_u32(struct fb *b, const char *name, uint32_t v);

/* A property of one big-endian 64-bit number. */
void fb_u64(struct fb *b, const char *name, uint64_t v);

/* A string property (NUL included). */
void fb_str(struct fb *b, const char *name, const char *s);

/* @n big-endian 32-bit cells (uint32_t arguments, at most 64). */
void fb_cells(struct fb *b, const char *name, int n, ...);

/* @n (address, size) pairs of uint64_t arguments, written as @na and @ns cells (1 or 2). */
void fb_reg(struct fb *b, const char *name, int na, int ns, int n, ...);

/* Close the root and finish; the malloc'ed tree.  On any libfdt error, says it and exits 99. */
void *fb_finish(struct fb *b);

/* ---- a tree as a directory (/proc/device-tree) ---------------------------- */

/* Write node @node of @fdt out under @dir_in (which may be a t_fmt() buffer); 0 or -errno. */
int fdt_node_to_dir(const void *fdt, int node, const char *dir_in);

/* Write @fdt out under @dir: nodes become directories, properties files. */
int fdt_to_dir(const void *fdt, const char *dir);

/* ---- comparing trees -------------------------------------------------------- */

/*
 * 0 when nodes @na of @a and @nb of @b are equal (names, properties,
 * children, in order); else 1 and the first difference in @why (@wl bytes).
 */
int fdt_node_diff(const void *a, int na, const void *b, int nb, char *why, size_t wl);

/* fdt_node_diff of the two roots (@why empty when equal). */
int fdt_tree_diff(const void *a, const void *b, char *why, size_t wl);

/* Names of @path's children joined by spaces (for order checks), in a static buffer. */
const char *fdt_children(const void *fdt, const char *path);

/* Names of @path's properties joined by spaces, in a static buffer. */
const char *fdt_props(const void *fdt, const char *path);

/* How many reserve-map entries of @f are exactly (@a, @s). */
int has_rsv(const void *f, uint64_t a, uint64_t s);

#endif
