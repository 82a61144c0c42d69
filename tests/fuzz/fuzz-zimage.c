// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * zImage: the boot wrapper reader (its sections, the compressed vmlinux
 * inside, the initrd it may carry) and the vmlinux loader it hands on to.
 */
#include "fuzz.h"
#include "loader.h"
#include "arch/ppc64/ppc64.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct kx_ctx c = { "", 0 };
	struct kernel_image k;
	struct blob b;
	char err[4096];
	int rc;

	b.data = malloc(n + 1);
	if (!b.data)
		abort();
	memcpy(b.data, d, n);
	b.data[n] = 0;
	b.len = n;
	memset(&k, 0, sizeof(k));
	/* The loader is called whatever the probe says: kexec -t zImage-ppc64 does. */
	zimage_ppc64_probe(b.data, b.len);
	fz_err_begin();
	rc = zimage_ppc64_load(&c, "fuzz.zImage", &b, &k);
	fz_err_end(err, sizeof(err));
	fz_check_refusal(rc, err, "zimage_ppc64_load");
	kernel_image_free(&k);
	blob_free(&b);
	return 0;
}
