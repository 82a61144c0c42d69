// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * zImage: the boot wrapper reader (its sections, the compressed vmlinux
 * inside, the initrd it may carry) and the vmlinux loader it hands on to.
 */
#include "fuzz.h"
#include "ppc64.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	/* The loader runs whatever the probe says: kexec -t zImage-ppc64 does. */
	zimage_ppc64_probe(d, n);
	fz_run_loader(zimage_ppc64_load, "fuzz.zImage", d, n);
	return 0;
}
