// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Purgatory console: enough to say why it refuses to boot.  pseries writes
 * through the hypervisor's virtual terminal (H_PUT_TERM_CHAR), raw or in
 * HVSI data packets, powernv through OPAL_CONSOLE_WRITE; the loader tells us
 * which, from the running system's stdout device.
 */
#include "purgatory.h"
#include "hvsi.h"

#define H_PUT_TERM_CHAR		0x58	/* PAPR hcall */
#define H_BUSY			1
#define OPAL_CONSOLE_WRITE	1	/* ABI: opal-api.h tokens and return codes */
#define OPAL_POLL_EVENTS	10
#define OPAL_CONSOLE_FLUSH	117
#define OPAL_BUSY		(-2)
#define OPAL_PARTIAL		(-3)
#define OPAL_BUSY_EVENT		(-12)
#define OPAL_EVENT_CONSOLE_OUTPUT 0x8	/* ABI: bit of OPAL_POLL_EVENTS' event mask */
/*
 * A console that makes no progress for this long is given up on: the
 * message is lost, but the purgatory goes on to stop (or boot) instead of
 * hanging in a write.  At 9600 baud a whole message drains in 150 ms.
 */
#define STALL_MS		1000

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

/* Up to 16 bytes in one H_PUT_TERM_CHAR; 0, or -1 if the terminal stays busy. */
static int hvterm_put(const struct purg_params *p, const uint8_t *s, size_t k)
{
	uint64_t deadline = purg_mftb() + STALL_MS * purg_tb_ms(p);
	uint64_t w[2] = { 0, 0 };
	size_t i;

	/* ABI: characters travel in register byte order, first char highest. */
	for (i = 0; i < k; i++)
		w[i / 8] |= (uint64_t)s[i] << (56 - 8 * (i % 8));
	while (hcall_put_term_char(p->hvterm_vtermno, k, w[0], w[1]) == H_BUSY)
		if (!purg_before(deadline))
			return -1;
	return 0;
}

static void hvterm_write(const struct purg_params *p, const char *s, size_t n)
{
	while (n) {
		size_t k = n > 16 ? 16 : n;

		if (hvterm_put(p, (const uint8_t *)s, k) < 0)
			return;
		s += k;
		n -= k;
	}
}

/* "hvterm-protocol": one HVSI data packet per 12 characters (include/hvsi.h). */
static void hvsi_write(const struct purg_params *p, const char *s, size_t n)
{
	static uint16_t seq;
	uint8_t pkt[HVSI_HEADER + HVSI_MAX_DATA];

	while (n) {
		size_t k = n > HVSI_MAX_DATA ? HVSI_MAX_DATA : n;

		if (hvterm_put(p, pkt, hvsi_frame(pkt, seq++, s, k)) < 0)
			return;
		s += k;
		n -= k;
	}
}

/* ABI: OPAL_POLL_EVENTS(u64 *mask): run OPAL's pollers; the mask comes back big-endian. */
static uint64_t opal_poll(const struct purg_params *p)
{
	uint8_t mask[8] = { 0 };
	uint64_t v = 0;
	int i;

	purg_opal_call(OPAL_POLL_EVENTS, (uintptr_t)mask, 0, 0, p->opal_base, p->opal_entry);
	for (i = 0; i < 8; i++)
		v = v << 8 | mask[i];
	return v;
}

/*
 * What OPAL_CONSOLE_WRITE took may still sit in skiboot's buffer, which its
 * pollers drain to the UART; the purgatory stops right after a refusal, so
 * drain it now: OPAL_CONSOLE_FLUSH until done (skiboot's
 * opal-console-read-write-1-2.rst: PARTIAL, call again; BUSY, nothing this
 * time), or, where it is not implemented, poll until no console output is
 * pending -- as the kernel's opal_flush_console does.  STALL_MS bound both.
 */
static void opal_flush(const struct purg_params *p)
{
	uint64_t deadline = purg_mftb() + STALL_MS * purg_tb_ms(p);
	int64_t rc;

	for (;;) {
		rc = purg_opal_call(OPAL_CONSOLE_FLUSH, p->opal_term, 0, 0, p->opal_base, p->opal_entry);
		if (rc == 0 || !purg_before(deadline))
			return;
		if (rc == OPAL_PARTIAL)
			deadline = purg_mftb() + STALL_MS * purg_tb_ms(p);
		else if (rc != OPAL_BUSY && rc != OPAL_BUSY_EVENT)
			break;		/* UNSUPPORTED, or PARAMETER from an older OPAL */
		opal_poll(p);
	}
	while ((opal_poll(p) & OPAL_EVENT_CONSOLE_OUTPUT) && purg_before(deadline))
		;
}

/*
 * skiboot's console is a buffer it drains from its pollers: while it says
 * BUSY, BUSY_EVENT, or takes nothing, let it run them (OPAL_POLL_EVENTS,
 * as the kernel's opal_put_chars does) and try again, until STALL_MS pass
 * without a character taken.
 */
static void opal_write(const struct purg_params *p, const char *s, size_t n)
{
	uint64_t deadline = purg_mftb() + STALL_MS * purg_tb_ms(p);

	while (n) {
		/* ABI: the length is a big-endian u64 that OPAL updates in place. */
		uint8_t len_be[8];
		uint64_t done = 0;
		int64_t rc;
		int i;

		for (i = 0; i < 8; i++)
			len_be[i] = (uint8_t)((uint64_t)n >> (56 - 8 * i));
		rc = purg_opal_call(OPAL_CONSOLE_WRITE, p->opal_term, (uintptr_t)len_be, (uintptr_t)s,
				    p->opal_base, p->opal_entry);
		if (rc != 0 && rc != OPAL_BUSY && rc != OPAL_BUSY_EVENT)
			return;		/* closed, or no such terminal: nobody to tell */
		for (i = 0; rc == 0 && i < 8; i++)
			done = done << 8 | len_be[i];
		if (done > n)
			return;
		if (done) {
			s += done;
			n -= done;
			deadline = purg_mftb() + STALL_MS * purg_tb_ms(p);
			continue;
		}
		if (!purg_before(deadline))
			return;
		opal_poll(p);
	}
}

void console_write(const struct purg_params *p, const char *s, size_t n)
{
	if (p->flags & PURG_F_CONSOLE_HVTERM)
		hvterm_write(p, s, n);
	else if (p->flags & PURG_F_CONSOLE_HVSI)
		hvsi_write(p, s, n);
	else if (p->flags & PURG_F_CONSOLE_OPAL) {
		opal_write(p, s, n);
		opal_flush(p);
	}
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
