/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Internal interfaces of the freestanding purgatory (never seen by the loader). */
#ifndef KX_PURGATORY_H
#define KX_PURGATORY_H

#include <stddef.h>
#include <stdint.h>
#include "purgatory-abi.h"

/* Defined in entry.S at PURG_PARAMS_OFFSET; filled in by the loader. */
extern struct purg_params purg_params;

void purgatory_main(uint64_t cpu);

/* console.c: writes to whatever console the loader found, or nowhere. */
void console_write(const struct purg_params *p, const char *s, size_t n);
void console_puts(const struct purg_params *p, const char *s);
void console_hex(const struct purg_params *p, uint64_t v);
void console_dec(const struct purg_params *p, uint64_t v);

/* entry.S: one OPAL call made in big-endian real mode, whatever our order. */
int64_t purg_opal_call(uint64_t token, uint64_t a0, uint64_t a1, uint64_t a2,
		       uint64_t opal_base, uint64_t opal_entry);

/* GCC may emit calls to these even in freestanding code. */
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

#endif
