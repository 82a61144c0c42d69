/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Purgatory entry: converts the ppc64 kexec master/slave entry convention
 * into the "bootblock v2" entry the next kernel expects.
 *
 * ABI (arch/powerpc/kexec/core_64.c, misc_64.S kexec_sequence): the running
 * kernel copies the first 0x100 bytes at the entry point to physical 0,
 * releases every secondary CPU to absolute 0x60, and branches here on the
 * master CPU with the MMU off, in its own byte order, r3 = the master's
 * physical CPU id, r4 = this address.  We enter the next kernel with
 * r3 = FDT, r4 = kernel entry, r5 = 0 (no Open Firmware client interface),
 * r8 = OPAL base and r9 = OPAL entry on powernv (0 elsewhere: the loader
 * fills them only from /ibm,opal), in big-endian mode as firmware would
 * (the kernel's first instruction copes with either order, but BE is the
 * documented boot state).
 *
 * Registers are written as plain numbers: r1 is 1, r2 is 2, and so on.
 */
#include "purgatory.h"

#define MSR_LE	1		/* ABI: MSR bit 63, little-endian mode */
#define SPRN_HSRR0 314
#define SPRN_HSRR1 315

	.abiversion 2
	.machine power7

	.section .text.head, "ax"
	.globl	purgatory_start
purgatory_start:
	/* ABI: word 0 is the master's branch; the loader keeps it. */
	b	master

	/*
	 * ABI: 0x04..0xff are replaced by the next kernel's own bytes (see
	 * purgatory-abi.h): after the running kernel copies them to 0, the
	 * secondaries sent to 0x60 spin in the next kernel's __secondary_hold.
	 */
	.org	PURG_PARAMS_OFFSET
	.globl	purg_params
purg_params:
	.quad	PURG_MAGIC
	.long	PURG_ABI_VERSION
	.long	0				/* flags: loader */
	.quad	_end - purgatory_start		/* image_memsz */
	.fill	PURG_OFF_SECONDARY - 0x18, 1, 0
	.quad	purg_secondary - purgatory_start	/* secondary_entry */
	.fill	PURG_PARAMS_SIZE - PURG_OFF_SECONDARY - 8, 1, 0
	.balign	4

master:
	mr	31, 3				/* master's physical CPU id */
	bcl	20, 31, 1f			/* our own address, wherever loaded */
1:	mflr	30
	addis	2, 30, (.TOC. - 1b)@ha		/* ELFv2 TOC pointer */
	addi	2, 2, (.TOC. - 1b)@l
	addis	1, 30, (purg_stack_top - 1b)@ha	/* own stack: the caller's may */
	addi	1, 1, (purg_stack_top - 1b)@l	/* lie in memory we overwrite */
	li	0, 0
	stdu	0, -112(1)			/* first frame, back chain 0 */

	mr	3, 31
	bl	purgatory_main			/* returns only if safe to boot */
	nop

	addis	9, 30, (purg_params - 1b)@ha
	addi	9, 9, (purg_params - 1b)@l
	ld	3, PURG_OFF_FDT(9)		/* ABI: r3 = device tree */
	ld	4, PURG_OFF_KERNEL_ENTRY(9)	/* ABI: r4 = kernel entry */
	li	5, 0				/* ABI: r5 = 0, no OF client */
	li	6, 0
	li	7, 0
	/*
	 * ABI (head_64.S "For OPAL entry"): r8 = OPAL base, r9 = OPAL entry,
	 * as skiboot boots a kernel.  With CONFIG_PPC_EARLY_DEBUG_OPAL the
	 * kernel's early console calls OPAL through them before it has read
	 * the device tree; the kernel's own kexec_file purgatory passes them
	 * too.  Zero on pseries, which has no OPAL.  r9 is the block's
	 * address until this last load.
	 */
	ld	8, PURG_OFF_OPAL_BASE(9)
	ld	9, PURG_OFF_OPAL_ENTRY(9)
	mtsrr0	4
	mfmsr	10
	li	11, MSR_LE
	andc	10, 10, 11			/* enter big-endian */
	mtsrr1	10
	rfid

/*
 * Return into code of our own byte order after something that hands control
 * back in the other order (OPAL always returns big-endian).  The first word
 * is a no-op trap in our order; read in the other order it decodes as a
 * branch over the next word, into instructions stored byte-reversed, which
 * flip MSR_LE and resume at the label below through rfid.
 */
#define RETURN_IN_OWN_ORDER					\
	tdi	0, 0, 0x48;	/* other order: b .+8 */		\
	b	191f;							\
	.long	0xa600607d;	/* mfmsr   11 */			\
	.long	0x01006b69;	/* xori    11,11,1 (toggle LE) */	\
	.long	0x00004039;	/* li      10,0 */			\
	.long	0x6401417d;	/* mtmsrd  10,1 (EE=RI=0) */		\
	.long	0x05009f42;	/* bcl     20,31,$+4 */			\
	.long	0xa602487d;	/* mflr    10 */			\
	.long	0x14004a39;	/* addi    10,10,20 -> 191 */		\
	.long	0xa6035a7d;	/* mtsrr0  10 */			\
	.long	0xa6037b7d;	/* mtsrr1  11 */			\
	.long	0x2400004c;	/* rfid */				\
191:

/*
 * Secondary CPUs come here from the next kernel's own hold loop at 0x60
 * (purgatory-abi.h, doc/design.md "Secondary CPUs").  ABI (misc_64.S
 * kexec_wait, head_64.S __secondary_hold): the running kernel sends each
 * secondary to 0x60 with r3 = its physical id, MMU off, big-endian; the loop
 * there stores r3 at __secondary_hold_acknowledge, waits for
 * __secondary_hold_spinloop to be non-zero, which the loader made our
 * address, and branches here with r3 = the id, in the next kernel's byte
 * order.  Nothing to return to and no stack: registers are ours.
 *
 * Each one counts itself (its arrival number i), records its id + 1 in
 * ids[i], helps check the digests if it is among the first
 * PURG_HASH_HELPERS, and waits until the master sets turn to i + 1 (or to
 * ALL); then it
 * goes back to 0x60 exactly as kexec_wait sends it, where the kernel's loop
 * stores its id again -- which the master watches for -- and waits for the
 * next kernel.  The master has reset the spinloop word to 0 by then.
 */
	.text
	.globl	purg_secondary
purg_secondary:
	RETURN_IN_OWN_ORDER			/* clobbers r10, r11 only */
	mr	31, 3				/* physical CPU id */
	bcl	20, 31, 1f
1:	mflr	30
	addis	29, 30, (purg_hold - 1b)@ha
	addi	29, 29, (purg_hold - 1b)@l
2:	lwarx	28, 0, 29			/* i = arrived++ */
	addi	27, 28, 1
	stwcx.	27, 0, 29
	bne-	2b
	cmplwi	28, PURG_MAX_HELD
	bge	3f				/* no slot: wait for ALL */
	addi	27, 31, 1			/* ids[i] = id + 1 */
	sldi	26, 28, 2
	addi	26, 26, PURG_HOLD_IDS
	stwx	27, 29, 26
3:	sync					/* count and id before we wait */
	/*
	 * Arrivals 0..PURG_HASH_HELPERS-1 first help check the digests
	 * (purgatory.c): TOC, stack i, one C call.  r26-r31 survive it.
	 */
	cmplwi	28, PURG_HASH_HELPERS
	bge	6f
	addis	2, 30, (.TOC. - 1b)@ha
	addi	2, 2, (.TOC. - 1b)@l
	addis	1, 30, (purg_stack - 1b)@ha
	addi	1, 1, (purg_stack - 1b)@l
	addi	27, 28, 1			/* top of stack i */
	mulli	27, 27, PURG_HASH_STACK
	add	1, 1, 27
	li	0, 0
	stdu	0, -112(1)			/* first frame, back chain 0 */
	bl	purg_secondary_check
	nop
6:	addi	28, 28, 1
4:	or	1, 1, 1				/* low priority while we spin */
	lwz	27, PURG_HOLD_TURN(29)
	cmplw	27, 28
	beq	5f
	cmpwi	27, -1				/* PURG_HOLD_ALL */
	bne	4b
5:	or	2, 2, 2
	isync					/* nothing runs ahead of the turn */
	mfmsr	11
	li	12, MSR_LE
	andc	11, 11, 12			/* ABI: 0x60 is entered big-endian */
	li	10, PURG_SECONDARY_ENTRY
	mtsrr0	10
	mtsrr1	11
	mr	3, 31				/* ABI: r3 = physical CPU id */
	li	4, 0
	rfid

/*
 * int64_t purg_opal_call(token, a0, a1, a2, opal_base, opal_entry)
 * ABI (skiboot): r0 = token, r3.. = arguments, r2 = OPAL base, entered with
 * MSR_LE clear in hypervisor real mode; OPAL returns with blr, big-endian,
 * and preserves r1 and the non-volatile registers.
 */
	.text
	.globl	purg_opal_call
purg_opal_call:
	mflr	0
	std	0, 16(1)
	std	2, 24(1)
	stdu	1, -48(1)
	mr	0, 3
	mr	3, 4
	mr	4, 5
	mr	5, 6
	mr	2, 7
	mtspr	SPRN_HSRR0, 8
	mfmsr	11
	li	12, MSR_LE
	andc	11, 11, 12
	mtspr	SPRN_HSRR1, 11
	bcl	20, 31, 2f
2:	mflr	12
	addi	12, 12, 3f - 2b
	mtlr	12
	hrfid
3:	RETURN_IN_OWN_ORDER
	addi	1, 1, 48
	ld	2, 24(1)
	ld	0, 16(1)
	mtlr	0
	blr

	.section .bss
	.balign	128
	.globl	purg_hold
purg_hold:
	.space	PURG_HOLD_SIZE
	.balign	16
purg_stack:					/* helpers' stacks, then the master's */
	.space	PURG_STACK_SIZE
purg_stack_top:
