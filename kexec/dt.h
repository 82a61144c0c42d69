/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Flattened device trees via libfdt: built from a directory tree such as
 * /proc/device-tree (deterministically: nodes and properties sorted), read
 * from a user's .dtb (fully checked), and edited with automatic growth.
 * libfdt error codes are turned into messages here and nowhere else.
 */
#ifndef KX_DT_H
#define KX_DT_H

#include <stddef.h>
#include <stdint.h>

/*
 * Flatten the directory tree at @dir (properties are files, nodes are
 * directories; "name" files are dropped, as FDT v17 names nodes itself).
 * @shown names the tree in messages.  Unreadable (root-only) properties are
 * left out, with one warning, when @skip_unreadable; otherwise fatal.
 */
int dt_from_dir(const char *dir, const char *shown, int skip_unreadable, void **fdt);

/* Read and fully check a .dtb file (--dtb). */
int dt_from_file(const char *path, void **fdt);

/*
 * The checks of dt_from_file on @len bytes at @fdt already in memory
 * (header, version 16+, size, structure walk, libfdt's full check, depth):
 * 0, or -EINVAL after one line naming @path.
 */
int dt_check_blob(const void *fdt, size_t len, const char *path);

/*
 * Walk the structure block of the @len-byte blob @fdt (whose header
 * fdt_check_header has passed) tag by tag, without libfdt: every tag inside
 * the block, every step forward, names ended, nodes balanced, an end tag.
 * 0, or -EINVAL with the reason in @why (for the caller's one line).
 * fdt-walk.c says why libfdt's own walk is not enough.
 */
int dt_struct_check(const void *fdt, size_t len, char *why, size_t whylen);

/* A writable copy of @src with room to grow. */
int dt_copy(const void *src, void **out);

/* Property of the node at @path, or NULL (absent node or property). */
const void *dt_getprop(const void *fdt, const char *path, const char *name, int *len);

/* Edits: grow the blob as needed; print one line naming node/property on failure. */
int dt_ensure_node(void **fdt, const char *path);
int dt_setprop(void **fdt, const char *path, const char *name, const void *val, int len);
/* Room for a @len-byte value, written by the caller at *@val before the tree changes again. */
int dt_setprop_placeholder(void **fdt, const char *path, const char *name, int len, void **val);
int dt_setprop_u64(void **fdt, const char *path, const char *name, uint64_t v);
int dt_setprop_string(void **fdt, const char *path, const char *name, const char *s);
int dt_delprop(void **fdt, const char *path, const char *name);	/* absent is fine */
/* Delete @name from every node that has it; returns how many. */
int dt_delprop_all(void **fdt, const char *name);
/* Drop every reserve-map entry. */
int dt_clear_reserves(void **fdt);
/* Add a reserve-map entry unless an identical one exists. */
int dt_add_reserve(void **fdt, uint64_t addr, uint64_t size);
/* Replace the reserve entry equal to (old_addr, size) by (new_addr, size), in place. */
int dt_move_reserve(void **fdt, uint64_t old_addr, uint64_t new_addr, uint64_t size);
/* Leave @extra free bytes inside the blob (for a kernel that edits it later). */
int dt_add_room(void **fdt, size_t extra);
/* Shrink to the used size. */
int dt_pack(void **fdt);
size_t dt_size(const void *fdt);

#endif
