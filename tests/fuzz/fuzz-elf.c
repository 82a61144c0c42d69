// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ELF: the checked header reader (both byte orders, ELF32/64, every type),
 * its section and symbol lookups, and the ppc64 vmlinux loader on top.
 */
#include "fuzz.h"
#include "elf.h"
#include "loader.h"
#include "arch/ppc64/ppc64.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	static const char *const names[] = { "_vmlinux_start", "__start", "_stext" };
	struct kx_ctx c = { "", 0 };
	struct elf_file e;
	struct kernel_image k;
	struct blob b;
	char why[256], err[4096];
	uint64_t v;
	int rc;

	if (elf_is_elf(d, n) && elf_parse(d, n, &e, why, sizeof(why)) == 0) {
		elf_section(&e, ".kernel:vmlinux.strip");
		elf_section(&e, ".text");
		elf_symbol(&e, "_vmlinux_start", &v);
		elf_symbol_any(&e, names, 3);
		elf_machine_name(e.machine);
		elf_free(&e);
	}
	/* An exact-size copy, so that any overread is the sanitizer's finding. */
	b.data = malloc(n + 1);
	if (!b.data)
		abort();
	memcpy(b.data, d, n);
	b.data[n] = 0;
	b.len = n;
	memset(&k, 0, sizeof(k));
	if (elf_ppc64_probe(b.data, b.len) >= 0) {
		fz_err_begin();
		rc = elf_ppc64_load(&c, "fuzz.elf", &b, &k);
		fz_err_end(err, sizeof(err));
		fz_check_refusal(rc, err, "elf_ppc64_load");
		kernel_image_free(&k);
	}
	blob_free(&b);
	return 0;
}
