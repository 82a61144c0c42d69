// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kexec for 64-bit POWER: argv -> struct opts -> one action.  The only exit().
 */
#include <stdlib.h>
#include "actions.h"
#include "opts.h"

int main(int argc, char **argv)
{
	struct opts o;
	int rc = opts_parse(argc, argv, &o);

	if (rc < 0) {
		opts_free(&o);
		exit(KX_EXIT_USAGE);
	}
	rc = kx_run(&o, &kx_sys_real);
	opts_free(&o);
	exit(rc);
}
