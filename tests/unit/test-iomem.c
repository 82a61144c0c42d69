// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/iomem's System RAM: top-level lines only, END inclusive, merged;
 * the unprivileged view (all zeros) and malformed lines recognised; text
 * taken from real pseries and powernv captures, plus hostile input.
 */
#include <errno.h>
#include "check.h"
#include "tutil.h"
#include "iomem.h"

#define show(s) t_ranges(s)

static int parse(const char *text, struct rangeset *r, unsigned *bad)
{
	rs_init(r);
	return iomem_system_ram(text, r, bad);
}

int main(void)
{
	struct rangeset r;
	unsigned bad;
	int rc;

	CHECK_PROGRAM("iomem");
	/* A pseries guest with a hot-added DIMM (6.12). */
	rc = parse("00000000-7fffffff : System RAM\n"
		   "80000000-8fffffff : System RAM\n"
		   "90000000-9fffffff : System RAM\n"
		   "200080000000-2000ffffffff : pci@800000020000000\n"
		   "  200080000000-20008000ffff : 0000:00:01.0\n", &r, &bad);
	CHECK(rc == 0 && !strcmp(show(&r), "[0,a0000000)"),
	      "adjacent System RAM lines merge; the PCI window is not RAM (%d: %s)", rc, show(&r));
	rs_free(&r);

	/* powernv: RAM with a hole, nested entries indented. */
	rc = parse("00000000-3fffffff : System RAM\n"
		   "  00000000-0163ffff : Kernel code\n"
		   "  01640000-01ffffff : Kernel data\n"
		   "200000000-23fffffff : System RAM\n"
		   "  200000000-2000fffff : System RAM\n", &r, &bad);
	CHECK(rc == 0 && !strcmp(show(&r), "[0,40000000) [200000000,240000000)"),
	      "only top-level lines count (an indented \"System RAM\" is a part) (%s)", show(&r));
	rs_free(&r);

	rc = parse("00000000-00000000 : System RAM\n00000000-00000000 : System RAM\n", &r, &bad);
	CHECK(rc == -EACCES && r.n == 0, "read without root, every address is 0: hidden (%d)", rc);
	rc = parse("", &r, &bad);
	CHECK(rc == 0 && r.n == 0, "an empty file: nothing, no error (%d)", rc);
	rc = parse("00000000-0fffffff : System RAM (Boot)\n00000000-0fffffff : Reserved\n", &r, &bad);
	CHECK(rc == 0 && r.n == 0, "only the exact name \"System RAM\" is RAM (%d, %zu)", rc, r.n);
	rs_free(&r);

	rc = parse("00000000-7fffffff : System RAM\nzz-10 : System RAM\n", &r, &bad);
	CHECK(rc == -EINVAL && bad == 2, "a malformed line is refused, by number (%d, line %u)", rc, bad);
	rs_free(&r);
	rc = parse("10000000-0fffffff : System RAM\n", &r, &bad);
	CHECK(rc == -EINVAL && bad == 1, "END below START is refused (%d)", rc);
	rs_free(&r);
	rc = parse("0-ffffffffffffffff : System RAM\n", &r, &bad);
	CHECK(rc == -EINVAL, "END at the top of the address space (END + 1 wraps) is refused (%d)", rc);
	rs_free(&r);
	rc = parse("00000000000000000-1 : System RAM\n", &r, &bad);
	CHECK(rc == -EINVAL, "more than 16 hex digits is refused (%d)", rc);
	rs_free(&r);
	rc = parse("00000000-7fffffff System RAM\n", &r, &bad);
	CHECK(rc == -EINVAL && bad == 1, "no \" : \" separator is refused (%d)", rc);
	rs_free(&r);
	rc = parse("00000000-7fffffff : System RAM", &r, &bad);
	CHECK(rc == 0 && !strcmp(show(&r), "[0,80000000)"), "a last line without a newline (%s)",
	      show(&r));
	rs_free(&r);
	return CHECK_DONE();
}
