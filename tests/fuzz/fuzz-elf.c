// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ELF: the checked header reader (both byte orders, ELF32/64, every type),
 * its section and symbol lookups, and the ppc64 vmlinux loader on top.
 */
#include "fuzz.h"
#include "elf.h"
#include "ppc64.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	static const char *const names[] = { "_vmlinux_start", "__start", "_stext" };
	struct elf_file e;
	char why[256];
	uint64_t v;

	if (elf_is_elf(d, n) && elf_parse(d, n, &e, why, sizeof(why)) == 0) {
		elf_section(&e, ".kernel:vmlinux.strip");
		elf_section(&e, ".text");
		elf_symbol(&e, "_vmlinux_start", &v);
		elf_symbol_any(&e, names, 3);
		elf_machine_name(e.machine);
		elf_free(&e);
	}
	if (elf_ppc64_probe(d, n) >= 0)
		fz_run_loader(elf_ppc64_load, "fuzz.elf", d, n);
	return 0;
}
