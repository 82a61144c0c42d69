// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Purgatory console: enough to say why it refuses to boot.  pseries writes
 * through the hypervisor's virtual terminal (H_PUT_TERM_CHAR), powernv
 * through OPAL_CONSOLE_WRITE; the loader tells us which, from the running
 * system's stdout device.
 */
#include "purgatory.h"

#define H_PUT_TERM_CHAR		0x58	/* PAPR hcall */
#define H_BUSY			1
#define OPAL_CONSOLE_WRITE	1	/* skiboot token */
#define OPAL_BUSY		(-2)
#define OPAL_BUSY_EVENT		(-12)
#define RETRIES			100000

/* PAPR: r3 = token, r4.. = arguments; returns in r3; sc 1 clobbers r0, r4-r12. */
static long hcall_put_term_char(uint64_t vtermno, uint64_t len, uint64_t hi, uint64_t lo)
{
	register uint64_t r3 __asm__("r3") = H_PUT_TERM_CHAR;
	register uint64_t r4 __asm__("r4") = vtermno;
	register uint64_t r5 __asm__("r5") = len;
	register uint64_t r6 __asm__("r6") = hi;
	register uint64_t r7 __asm__("r7") = lo;

	__asm__ volatile("sc 1"
			 : "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7)
			 :
			 : "r0", "r8", "r9", "r10", "r11", "r12", "cr0", "ctr", "xer", "memory");
	return (long)r3;
}

static void hvterm_write(uint64_t vtermno, const char *s, size_t n)
{
	while (n) {
		size_t k = n > 16 ? 16 : n, i;
		uint64_t w[2] = { 0, 0 };
		int tries = RETRIES;

		/* ABI: characters travel in register byte order, first char highest. */
		for (i = 0; i < k; i++)
			w[i / 8] |= (uint64_t)(uint8_t)s[i] << (56 - 8 * (i % 8));
		while (hcall_put_term_char(vtermno, k, w[0], w[1]) == H_BUSY && --tries)
			;
		s += k;
		n -= k;
	}
}

static void opal_write(const struct purg_params *p, const char *s, size_t n)
{
	while (n) {
		/* ABI: the length is a big-endian u64 that OPAL updates in place. */
		uint8_t len_be[8];
		uint64_t want = n, done;
		int64_t rc;
		int tries = RETRIES, i;

		for (i = 0; i < 8; i++)
			len_be[i] = (uint8_t)(want >> (56 - 8 * i));
		do {
			rc = purg_opal_call(OPAL_CONSOLE_WRITE, p->opal_term, (uintptr_t)len_be,
					    (uintptr_t)s, p->opal_base, p->opal_entry);
		} while ((rc == OPAL_BUSY || rc == OPAL_BUSY_EVENT) && --tries);
		if (rc != 0)
			return;
		done = 0;
		for (i = 0; i < 8; i++)
			done = done << 8 | len_be[i];
		if (done == 0 || done > n)
			return;
		s += done;
		n -= done;
	}
}

void console_write(const struct purg_params *p, const char *s, size_t n)
{
	if (p->flags & PURG_F_CONSOLE_HVTERM)
		hvterm_write(p->hvterm_vtermno, s, n);
	else if (p->flags & PURG_F_CONSOLE_OPAL)
		opal_write(p, s, n);
}

void console_puts(const struct purg_params *p, const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	console_write(p, s, n);
}

void console_hex(const struct purg_params *p, uint64_t v)
{
	char b[18];
	int i;

	b[0] = '0';
	b[1] = 'x';
	for (i = 0; i < 16; i++)
		b[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 0xf];
	console_write(p, b, sizeof(b));
}

void console_dec(const struct purg_params *p, uint64_t v)
{
	char b[20];
	int i = sizeof(b);

	do {
		b[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v && i);
	console_write(p, b + i, sizeof(b) - (size_t)i);
}
