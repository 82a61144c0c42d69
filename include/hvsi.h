/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * HVSI framing, as much as the purgatory needs to print on a pseries console
 * whose node is compatible "hvterm-protocol": such a vty carries packets,
 * not raw characters (LoPAR, "A Protocol for a Virtual TTY Interface"; the
 * kernel's drivers/tty/hvc/hvsi_lib.c).  Freestanding: the purgatory and the
 * unit tests include it.
 *
 * ABI (LoPAR): a packet is a type byte, a length byte (of the whole packet),
 * a big-endian 16-bit sequence number, then the payload.  Data packets have
 * type 0xff.  The platform forwards data packets to the serial port while
 * the protocol is open -- the running kernel opened it at boot and, as the
 * console, never closes it -- and drops them while it is closed.  Sequence
 * numbers of data packets carry no meaning the other side may depend on
 * (LoPAR: "cautioned not to create logical dependencies on sequence numbers
 * for data packets"), so the purgatory numbers its own from 0.
 */
#ifndef KX_HVSI_H
#define KX_HVSI_H

#include <stddef.h>
#include <stdint.h>

#define HVSI_DATA_PACKET	0xff	/* ABI: VS_DATA_PACKET_HEADER */
#define HVSI_HEADER		4
#define HVSI_MAX_DATA		12	/* a packet fits one 16-byte H_PUT_TERM_CHAR */

/* Frame up to HVSI_MAX_DATA bytes of @s into @pkt; returns the packet's length. */
static inline size_t hvsi_frame(uint8_t pkt[HVSI_HEADER + HVSI_MAX_DATA], uint16_t seq,
				const char *s, size_t n)
{
	size_t i;

	if (n > HVSI_MAX_DATA)
		n = HVSI_MAX_DATA;
	pkt[0] = HVSI_DATA_PACKET;
	pkt[1] = (uint8_t)(HVSI_HEADER + n);
	pkt[2] = (uint8_t)(seq >> 8);
	pkt[3] = (uint8_t)seq;
	for (i = 0; i < n; i++)
		pkt[HVSI_HEADER + i] = (uint8_t)s[i];
	return HVSI_HEADER + n;
}

#endif
