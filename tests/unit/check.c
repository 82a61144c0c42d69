// SPDX-License-Identifier: GPL-2.0-or-later
/* The unit-test harness's state (check.h): one copy per test program. */
#include "check.h"

int check_failures;
const char *check_prog = "unit";
