// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mkvmlinux: write a synthetic, deterministic ppc64 "vmlinux" for the golden
 * and bad-input tests.  Real kernels are not used there: their bytes change
 * with every Debian upload, and the tests only need the ELF shape.
 *
 *   mkvmlinux [options] OUT       (BYTES: a number, optionally with K, M or G)
 *     -E le|be       byte order (default le)
 *     -f BYTES       file bytes of the loaded image (default 3 MiB)
 *     -m BYTES       memory size of the loaded image, >= -f (default 5 MiB: bss)
 *     -n N           split the image into N PT_LOADs (default 1), each at a
 *                    64 KiB-aligned physical address, contiguous unless -g
 *     -g BYTES       leave a gap of BYTES (64 KiB multiple) between PT_LOADs
 *     -s SEED        pseudo-random content seed (default 1)
 *     -c 32          write an ELF32 header instead (for the bad-input tests)
 *     -M MACHINE     e_machine (default 21, EM_PPC64)
 *     -t TYPE        e_type (default 2, ET_EXEC)
 *     -R             no "run0" marker at 0x5c
 *     -H             no __secondary_hold loop at 0x60 (pseudo-random bytes there)
 *     -r             raw: write just -f pseudo-random bytes, no ELF (initrds)
 *
 * Shape (like a real ppc64 vmlinux): ELF64 header, program headers
 * (PT_LOAD..., PT_NOTE), the first segment's data at file offset 0x10000,
 * entry 0xc000000000000000 = the first segment's vaddr, paddr 0, p_align
 * 0x10000.  The word at 0x5c of the image is "run0" (0x72756e30) in the
 * file's byte order, as head_64.S has it, and 0x60 holds head_64.S's
 * __secondary_hold loop as Linux 6.12 assembles it (FIXUP_ENDIAN, then "std
 * r24,0x40(0)" and "ld r12,0x38(0)"), with zeros in the two doublewords it
 * uses.  The PT_NOTE points at an ELF note
 * ("Linux", type 1) inside the first segment's file data.
 *
 * The output depends only on the options: same options, same bytes.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PAGE		0x10000ULL
#define VBASE		0xc000000000000000ULL
#define MAX_LOADS	8
#define NOTE_OFF	0x1000ULL	/* inside the first segment, past the 0x100 head */

static int big_endian;

static void put16(uint8_t *p, uint16_t v)
{
	if (big_endian) {
		p[0] = (uint8_t)(v >> 8);
		p[1] = (uint8_t)v;
	} else {
		p[0] = (uint8_t)v;
		p[1] = (uint8_t)(v >> 8);
	}
}

static void put32(uint8_t *p, uint32_t v)
{
	int i;

	for (i = 0; i < 4; i++)
		p[big_endian ? 3 - i : i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		p[big_endian ? 7 - i : i] = (uint8_t)(v >> (8 * i));
}

static void die(const char *msg)
{
	fprintf(stderr, "mkvmlinux: %s\n", msg);
	exit(2);
}

/* A number in C syntax, optionally followed by K, M or G (binary units). */
static uint64_t num(const char *s)
{
	char *end;
	unsigned long long v;
	int shift = 0;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (*end == 'K')
		shift = 10;
	else if (*end == 'M')
		shift = 20;
	else if (*end == 'G')
		shift = 30;
	if (shift)
		end++;
	if (errno || *end || !*s || *s == '-' || v > (~0ULL >> shift))
		die("bad number");
	return (uint64_t)v << shift;
}

/* xorshift64*: small, fast, and the same everywhere. */
static uint64_t rng_state;
static uint8_t rng_byte(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint8_t)((rng_state * 0x2545F4914F6CDD1DULL) >> 56);
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

/* -r: FILESZ bytes of the same pseudo-random stream, streamed out. */
static int write_raw(const char *path, uint64_t len)
{
	static uint8_t buf[65536];
	FILE *f = fopen(path, "wb");

	if (!f) {
		perror(path);
		return 1;
	}
	while (len) {
		size_t n = len < sizeof(buf) ? (size_t)len : sizeof(buf), k;

		for (k = 0; k < n; k++)
			buf[k] = rng_byte();
		if (fwrite(buf, 1, n, f) != n)
			break;
		len -= n;
	}
	if (fclose(f) != 0 || len) {
		perror(path);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t filesz = 3ULL << 20, memsz = 5ULL << 20, gap = 0, seed = 1;
	unsigned nload = 1, machine = 21, type = 2, i;
	int class32 = 0, marker = 1, hold = 1, raw = 0, c;
	uint64_t seg_file[MAX_LOADS], seg_mem[MAX_LOADS], seg_pa[MAX_LOADS], seg_off[MAX_LOADS];
	uint64_t total, pos, left_file, left_mem, ehsize, phentsize;
	uint8_t *img, *ph;
	FILE *f;

	while ((c = getopt(argc, argv, "E:f:m:n:g:s:c:M:t:RHr")) != -1) {
		switch (c) {
		case 'E':
			if (!strcmp(optarg, "be"))
				big_endian = 1;
			else if (strcmp(optarg, "le"))
				die("-E takes le or be");
			break;
		case 'f': filesz = num(optarg); break;
		case 'm': memsz = num(optarg); break;
		case 'n': nload = (unsigned)num(optarg); break;
		case 'g': gap = num(optarg); break;
		case 's': seed = num(optarg); break;
		case 'c': class32 = num(optarg) == 32; break;
		case 'M': machine = (unsigned)num(optarg); break;
		case 't': type = (unsigned)num(optarg); break;
		case 'R': marker = 0; break;
		case 'H': hold = 0; break;
		case 'r': raw = 1; break;
		default: die("usage: mkvmlinux [-E le|be] [-f FILESZ] [-m MEMSZ] [-n N] [-g GAP] "
			     "[-s SEED] [-c 32] [-M MACHINE] [-t TYPE] [-R] [-r] OUT");
		}
	}
	if (optind + 1 != argc)
		die("one output file expected");
	rng_state = seed * 0x9E3779B97F4A7C15ULL + 1;
	if (raw)
		return write_raw(argv[optind], filesz);
	if (nload < 1 || nload > MAX_LOADS)
		die("-n: 1 to 8 segments");
	if (memsz < filesz || filesz < NOTE_OFF + 0x100 || gap % PAGE)
		die("need memsz >= filesz >= 0x1100 and a 64 KiB-multiple gap");

	/*
	 * Split filesz/memsz over the segments: every segment but the last gets
	 * an equal, 64 KiB-aligned share of file bytes and no bss; the last one
	 * takes the rest and all of the bss.
	 */
	left_file = filesz;
	left_mem = memsz;
	pos = 0;
	for (i = 0; i < nload; i++) {
		uint64_t share = i + 1 < nload ? align_up(filesz / nload, PAGE) : left_file;

		if (share > left_file || (i + 1 < nload && share == left_file))
			die("-f too small for -n");
		seg_file[i] = share;
		seg_mem[i] = i + 1 < nload ? share : left_mem;
		seg_pa[i] = pos;
		seg_off[i] = i ? seg_off[i - 1] + align_up(seg_file[i - 1], PAGE) : PAGE;
		left_file -= share;
		left_mem -= seg_mem[i];
		pos = align_up(pos + seg_mem[i], PAGE) + gap;
	}
	total = seg_off[nload - 1] + seg_file[nload - 1];
	img = calloc(1, total);
	if (!img)
		die("out of memory");

	/* Segment contents: pseudo-random, then the fixed bits a kernel has. */
	for (i = 0; i < nload; i++) {
		uint64_t k;

		for (k = 0; k < seg_file[i]; k++)
			img[seg_off[i] + k] = rng_byte();
	}
	put32(img + PAGE, 0x48000100);		/* b .+0x100, like head_64.S __start */
	if (marker)
		put32(img + PAGE + 0x5c, 0x72756e30);	/* "run0" */
	else
		put32(img + PAGE + 0x5c, 0);
	if (hold) {
		/* The kernel's 32-bit words, each in the file's byte order. */
		static const uint32_t code[] = {
			0x08000048, 0x4800002c, 0xa600607d, 0x01006b69, 0x00004039, 0x6401417d,
			0x05009f42, 0xa602487d, 0x14004a39, 0xa6035a7d, 0xa6037b7d, 0x2400004c,
			0x7f0000a6, 0x63180002, 0x7f000164, 0x7c781b78, 0x7c992378, 0xfb000040,
			0x7c0004ac, 0xe9800038, 0x2c2c0000, 0x4182fff8, 0x7d8903a6, 0x7f03c378,
			0x38800000, 0x4c00012c, 0x4e800420,
		};

		memset(img + PAGE + 0x38, 0, 16);	/* spinloop, acknowledge */
		for (i = 0; i < sizeof(code) / sizeof(code[0]); i++)
			put32(img + PAGE + 0x60 + 4 * i, code[i]);
	}
	/* ELF note "Linux", type 1, 4-byte descriptor. */
	put32(img + PAGE + NOTE_OFF, 6);
	put32(img + PAGE + NOTE_OFF + 4, 4);
	put32(img + PAGE + NOTE_OFF + 8, 1);
	memcpy(img + PAGE + NOTE_OFF + 12, "Linux\0\0\0", 8);
	put32(img + PAGE + NOTE_OFF + 20, 0x00060001);

	/* ELF header. */
	memcpy(img, "\177ELF", 4);
	img[4] = class32 ? 1 : 2;
	img[5] = big_endian ? 2 : 1;
	img[6] = 1;			/* EV_CURRENT */
	ehsize = class32 ? 52 : 64;
	phentsize = class32 ? 32 : 56;
	put16(img + 16, (uint16_t)type);
	put16(img + 18, (uint16_t)machine);
	put32(img + 20, 1);
	if (class32) {
		put32(img + 24, (uint32_t)VBASE);	/* truncated: it is a wrong file anyway */
		put32(img + 28, (uint32_t)ehsize);	/* e_phoff */
		put32(img + 32, 0);			/* e_shoff */
		put32(img + 36, 0);			/* e_flags */
		put16(img + 40, (uint16_t)ehsize);
		put16(img + 42, (uint16_t)phentsize);
		put16(img + 44, (uint16_t)(nload + 1));
	} else {
		put64(img + 24, VBASE);			/* e_entry */
		put64(img + 32, ehsize);		/* e_phoff */
		put64(img + 40, 0);			/* e_shoff: no sections */
		put32(img + 48, 2);			/* e_flags: ELFv2 ABI */
		put16(img + 52, (uint16_t)ehsize);
		put16(img + 54, (uint16_t)phentsize);
		put16(img + 56, (uint16_t)(nload + 1));
	}
	/* e_shentsize, e_shnum, e_shstrndx stay 0 */

	/* Program headers: the PT_LOADs, then the PT_NOTE. */
	ph = img + ehsize;
	for (i = 0; i <= nload; i++, ph += phentsize) {
		int note = i == nload;
		uint64_t off = note ? PAGE + NOTE_OFF : seg_off[i];
		uint64_t pa = note ? NOTE_OFF : seg_pa[i];
		uint64_t fsz = note ? 24 : seg_file[i], msz = note ? 24 : seg_mem[i];
		uint32_t ptype = note ? 4 : 1, flags = note ? 4 : 7;	/* R / RWX */
		uint64_t align = note ? 4 : PAGE;

		if (class32) {
			put32(ph, ptype);
			put32(ph + 4, (uint32_t)off);
			put32(ph + 8, (uint32_t)(VBASE + pa));
			put32(ph + 12, (uint32_t)pa);
			put32(ph + 16, (uint32_t)fsz);
			put32(ph + 20, (uint32_t)msz);
			put32(ph + 24, flags);
			put32(ph + 28, (uint32_t)align);
		} else {
			put32(ph, ptype);
			put32(ph + 4, flags);
			put64(ph + 8, off);
			put64(ph + 16, VBASE + pa);
			put64(ph + 24, pa);
			put64(ph + 32, fsz);
			put64(ph + 40, msz);
			put64(ph + 48, align);
		}
	}
	if ((uint64_t)(ph - img) > PAGE)
		die("program headers overflow the first 64 KiB");

	f = fopen(argv[optind], "wb");
	if (!f || fwrite(img, 1, total, f) != total || fclose(f) != 0) {
		perror(argv[optind]);
		return 1;
	}
	free(img);
	return 0;
}
