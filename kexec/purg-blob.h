/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The purgatory images embedded at build time (build/purgatory-blobs.c). */
#ifndef KX_PURG_BLOB_H
#define KX_PURG_BLOB_H

#include <stddef.h>

struct purgatory_blob {
	const unsigned char *bytes;	/* NULL when this variant was not built */
	size_t size;			/* file bytes */
	unsigned long long memsz;	/* including .bss (stack) */
};

extern const struct purgatory_blob kx_purgatory_le;
extern const struct purgatory_blob kx_purgatory_be;

#endif
