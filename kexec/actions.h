/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The pipeline behind each action; returns the process exit code. */
#ifndef KX_ACTIONS_H
#define KX_ACTIONS_H

#include "opts.h"
#include "syscall.h"

/*
 * Exit codes: 0 success; 1 failure (one line on stderr says why); 2 usage
 * error.  -S: 1 when loaded, 0 when not, 2 when the state cannot be read.
 */
#define KX_EXIT_FAIL	1
#define KX_EXIT_USAGE	2

int kx_run(const struct opts *o, const struct kx_sys *sys);

#endif
