/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Image loaders.  The table in formats.c is the one place that says which
 * formats exist and in which order they are probed.  A loader turns file
 * bytes into a struct kernel_image; the arch layout places it.
 */
#ifndef KX_FORMATS_H
#define KX_FORMATS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "elf.h"
#include "image.h"
#include "log.h"

struct kernel_image {
	uint8_t *buf;		/* the kernel's bytes from its lowest load address */
	int buf_borrowed;	/* buf points into the image blob (not owned, may be patched) */
	size_t bufsz;
	uint64_t memsz;		/* footprint including .bss */
	uint64_t align;		/* required load alignment */
	uint64_t entry_off;	/* entry point, as an offset into buf */
	int big_endian;		/* the kernel's byte order */
	int run_at_load_marker;	/* "run0" at entry+0x5c: the kernel may run where loaded */
	char desc[256];		/* for the plan: "ELF64 big-endian ppc64 vmlinux" */
	struct blob initrd;	/* an initrd the image carries (zImage), or empty */
	struct blob vmlinux;	/* zImage: the ELF vmlinux inside (for kexec_file_load) */
};

struct loader {
	const char *name;
	/* Pure: looks at bytes only; never fails loudly. */
	int (*probe)(const uint8_t *buf, size_t len);
	/* Prints one line naming @path on failure. */
	int (*load)(const struct kx_ctx *c, const char *path, const struct blob *img,
		    struct kernel_image *out);
	const char *usage;
};

/* The loader called @name, or the first whose probe accepts @img. */
const struct loader *loader_find(const char *name, const uint8_t *img, size_t len);
const struct loader *loader_by_name(const char *name);
/* "elf-ppc64, zImage-ppc64" into @buf */
const char *loader_names(char *buf, size_t len);
void loader_list(FILE *f);
void kernel_image_free(struct kernel_image *k);

/*
 * elf_parse() of @img for the loaders, with one line naming @path when it
 * fails (but for -ENOMEM: running out of memory is said once, by the action).
 */
int formats_parse_elf(const char *path, const struct blob *img, struct elf_file *e);

#endif
