/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Internal interfaces of the freestanding purgatory (never seen by the loader). */
#ifndef KX_PURGATORY_H
#define KX_PURGATORY_H

#include "purgatory-abi.h"

/*
 * Where the secondaries report (entry.S purg_secondary) and wait for the
 * master (purgatory.c).  In .bss: the kernel zero-fills it when it loads
 * the segment, before any secondary can arrive.  The word the secondaries
 * poll has a cache line of its own (128 bytes on POWER), away from the
 * ones they and the master write.
 */
#define PURG_MAX_HELD		2048	/* ids kept: PowerVM LPARs go to 1920 threads */
#define PURG_HOLD_ARRIVED	0	/* u32: secondaries counted so far (lwarx/stwcx.) */
#define PURG_HOLD_TURN		128	/* u32: i + 1 lets arrival i go; PURG_HOLD_ALL: all */
#define PURG_HOLD_IDS		256	/* u32[PURG_MAX_HELD]: id + 1 of arrival i, 0: not yet */
#define PURG_HOLD_SIZE		(PURG_HOLD_IDS + 4 * PURG_MAX_HELD)
#define PURG_HOLD_ALL		0xffffffff

/*
 * The first PURG_HASH_HELPERS secondaries to arrive help check the digests
 * (purg_secondary_check), each on a stack of its own at the bottom of the
 * .bss stack, the master's above them.  Deepest use by -fstack-usage: about
 * 1,150 bytes on either (the first frame, the check's calls down to the
 * BLAKE2b compression, whose 368-byte frame holds the message words and the
 * saved registers), plus up to 288 that a leaf may use below its r1.
 */
#define PURG_HASH_HELPERS	7
#define PURG_HASH_STACK		1536
#define PURG_STACK_SIZE		16384	/* the helpers' and the master's together */

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

struct purg_hold {
	uint32_t arrived;
	uint32_t pad0[31];
	uint32_t turn;
	uint32_t pad1[31];
	uint32_t ids[PURG_MAX_HELD];
};
_Static_assert(offsetof(struct purg_hold, turn) == PURG_HOLD_TURN, "hold turn");
_Static_assert(offsetof(struct purg_hold, ids) == PURG_HOLD_IDS, "hold ids");
_Static_assert(sizeof(struct purg_hold) == PURG_HOLD_SIZE, "hold size");
_Static_assert(PURG_STACK_SIZE - PURG_HASH_HELPERS * PURG_HASH_STACK >= 3072, "master's stack");

/* The timebase, and its ticks per millisecond (the loader's frequency). */
static inline uint64_t purg_mftb(void)
{
	uint64_t t;

	__asm__ volatile("mftb %0" : "=r"(t));
	return t;
}

static inline uint64_t purg_tb_ms(const struct purg_params *p)
{
	return (p->tb_freq ? p->tb_freq : PURG_TB_DEFAULT) / 1000;
}

/* Whether the timebase has not reached @deadline yet (wraps safely). */
static inline int purg_before(uint64_t deadline)
{
	return (int64_t)(purg_mftb() - deadline) < 0;
}

/* entry.S: .bss, 128-byte aligned. */
extern struct purg_hold purg_hold;

/* Defined in entry.S at PURG_PARAMS_OFFSET; filled in by the loader. */
extern struct purg_params purg_params;

void purgatory_main(uint64_t cpu);
void purg_secondary_check(void);

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

#endif /* __ASSEMBLER__ */
#endif
