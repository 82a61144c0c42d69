// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A flattened tree's structure block, walked tag by tag before libfdt sees
 * it.  libfdt 1.6.1 (Debian 12's) adds a property's length to a signed
 * offset: a length of 0xfffffff4 (-12) leaves fdt_next_tag where it was,
 * and then fdt_check_full, like every walk, loops forever (the fuzzer's
 * load target found it through --dtb).  Later libfdt refuses such lengths;
 * kexec must not depend on which one it is linked with.
 */
#include <errno.h>
#include <stdio.h>
#include <libfdt.h>
#include "bytes.h"
#include "dt.h"

#define TAG_ALIGN(o)	(((o) + 3) & ~(uint64_t)3)

int dt_struct_check(const void *blob, size_t len, char *why, size_t whylen)
{
	const uint8_t *fdt = blob;
	uint64_t total, off, size, o = 0, depth = 0, n;
	uint32_t tag;

	/* The header's own checks (fdt_check_header) come first: size is its business. */
	if (len < sizeof(struct fdt_header))
		return -EINVAL;
	total = be32_ld(fdt + 4);
	off = be32_ld(fdt + 8);
	/* Version 17 gives the block's size; 16 leaves the rest of the blob. */
	size = be32_ld(fdt + 20) >= 17 ? be32_ld(fdt + 36) : total > off ? total - off : 0;
	if (total > len || off > total || size > total - off) {
		snprintf(why, whylen, "the structure block (0x%llx+0x%llx) is not inside the blob's 0x%llx bytes",
			 (unsigned long long)off, (unsigned long long)size, (unsigned long long)total);
		return -EINVAL;
	}
	fdt += off;
	/*
	 * Every step moves forward by at least one tag and stays inside the
	 * block, so the walk ends; libfdt's walks take the same steps.
	 */
	while (o + 4 <= size) {
		tag = be32_ld(fdt + o);
		switch (tag) {
		case FDT_BEGIN_NODE:
			for (n = o + 4; n < size && fdt[n]; n++)
				;
			if (n >= size) {
				snprintf(why, whylen, "the node name at structure offset 0x%llx has no end",
					 (unsigned long long)o);
				return -EINVAL;
			}
			depth++;
			o = TAG_ALIGN(n + 1);
			break;
		case FDT_END_NODE:
			if (!depth) {
				snprintf(why, whylen, "an end of node at structure offset 0x%llx closes no node",
					 (unsigned long long)o);
				return -EINVAL;
			}
			depth--;
			o += 4;
			break;
		case FDT_PROP:
			if (o + 12 > size || be32_ld(fdt + o + 4) > size - o - 12) {
				snprintf(why, whylen, "the property at structure offset 0x%llx (length 0x%x) runs past the block's 0x%llx bytes",
					 (unsigned long long)o, o + 8 <= size ? be32_ld(fdt + o + 4) : 0,
					 (unsigned long long)size);
				return -EINVAL;
			}
			o = TAG_ALIGN(o + 12 + be32_ld(fdt + o + 4));
			break;
		case FDT_NOP:
			o += 4;
			break;
		case FDT_END:
			if (depth) {
				snprintf(why, whylen, "the structure block ends inside %llu open node%s",
					 (unsigned long long)depth, depth == 1 ? "" : "s");
				return -EINVAL;
			}
			return 0;
		default:
			snprintf(why, whylen, "unknown tag 0x%x at structure offset 0x%llx", tag,
				 (unsigned long long)o);
			return -EINVAL;
		}
	}
	snprintf(why, whylen, "the structure block has no end tag in its 0x%llx bytes",
		 (unsigned long long)size);
	return -EINVAL;
}
