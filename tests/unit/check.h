/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A minimal unit-test harness: each test program prints one TAP-style line
 * per check ("ok - name" / "not ok - name: detail") and exits non-zero if
 * any check failed.  Built with AddressSanitizer and UBSan by the test run.
 *
 * The checks stay macros: each names its file, line and condition, and
 * evaluates every argument exactly once.  Their state lives in check.c
 * (build/libkxtest.a), one per test program.
 */
#ifndef KX_CHECK_H
#define KX_CHECK_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How many checks have failed so far; CHECK_DONE() turns it into the exit status. */
extern int check_failures;
/* The program's name on every line ("unit" until CHECK_PROGRAM sets it). */
extern const char *check_prog;

#define CHECK_PROGRAM(name) (check_prog = (name))

/* CHECK(cond, "what"): @cond is evaluated once. */
#define CHECK(cond, ...)                                                   \
	do {                                                               \
		int ok_ = !!(cond);                                        \
		if (!ok_)                                                  \
			check_failures++;                                  \
		printf("%s - %s: ", ok_ ? "ok" : "not ok", check_prog);    \
		printf(__VA_ARGS__);                                       \
		if (!ok_)                                                  \
			printf(" (%s:%d: %s)", __FILE__, __LINE__, #cond); \
		printf("\n");                                              \
	} while (0)

/* CHECK_EQ_U64(a, b, "what"): @a == @b as unsigned 64-bit, both shown in hex when not. */
#define CHECK_EQ_U64(a, b, ...)                                                          \
	do {                                                                             \
		unsigned long long a_ = (unsigned long long)(a), b_ = (unsigned long long)(b); \
		if (a_ == b_) {                                                          \
			printf("ok - %s: ", check_prog);                                 \
			printf(__VA_ARGS__);                                             \
			printf("\n");                                                    \
		} else {                                                                 \
			check_failures++;                                                \
			printf("not ok - %s: ", check_prog);                             \
			printf(__VA_ARGS__);                                             \
			printf(" (%s:%d: %s = 0x%llx, expected 0x%llx)\n", __FILE__,      \
			       __LINE__, #a, a_, b_);                                     \
		}                                                                        \
	} while (0)

/* CHECK_STR(a, b, "what"): equal strings (NULL equals nothing), both shown when not. */
#define CHECK_STR(a, b, ...)                                                       \
	do {                                                                       \
		const char *a_ = (a), *b_ = (b);                                   \
		int same_ = a_ && b_ && !strcmp(a_, b_);                           \
		printf("%s - %s: ", same_ ? "ok" : "not ok", check_prog);          \
		printf(__VA_ARGS__);                                               \
		if (!same_) {                                                      \
			check_failures++;                                          \
			printf(" (%s:%d: got \"%s\", expected \"%s\")", __FILE__,  \
			       __LINE__, a_ ? a_ : "(null)", b_ ? b_ : "(null)"); \
		}                                                                  \
		printf("\n");                                                      \
	} while (0)

/* main's exit status: 1 if any check failed. */
#define CHECK_DONE() (check_failures ? 1 : 0)

#endif
