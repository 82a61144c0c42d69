// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kexec for 64-bit POWER: argv -> struct opts -> one action.  The only exit().
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "actions.h"
#include "opts.h"

/*
 * Kernels and initrds are mapped, not read (file_map): if one is truncated
 * while kexec runs, touching its lost pages raises SIGBUS.  Say so in one line
 * and fail like any other refused load; nothing has reached the kernel yet
 * (were it inside kexec_load, the kernel's copy would fail with EFAULT instead).
 */
static void on_sigbus(int sig)
{
	static const char msg[] = "kexec: an input file shrank while it was being read; nothing was loaded\n";
	ssize_t n = write(STDERR_FILENO, msg, sizeof(msg) - 1);

	(void)n;
	(void)sig;
	_exit(KX_EXIT_FAIL);
}

int main(int argc, char **argv)
{
	struct opts o;
	struct sigaction sa;
	int rc;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigbus;
	sigaction(SIGBUS, &sa, NULL);
	rc = opts_parse(argc, argv, &o);

	if (rc < 0) {
		opts_free(&o);
		exit(KX_EXIT_USAGE);
	}
	rc = kx_run(&o, &kx_sys_real);
	opts_free(&o);
	exit(rc);
}
