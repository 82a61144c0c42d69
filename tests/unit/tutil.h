/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers shared by the unit tests (bodies in tutil.c): temporary
 * directories and files, and capturing what the code under test prints on
 * stderr or stdout so a check can look at the message.
 */
#ifndef KX_TUTIL_H
#define KX_TUTIL_H

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* An @n-byte number at @p in either byte order: independent of kexec's bytes.h. */
uint64_t t_ld(int be, const uint8_t *p, int n);

/* ---- temporary directories and files -------------------------------------- */

/* A fresh directory $TMPDIR (or /tmp)/kx-@tag-XXXXXX, malloc'ed; exits 99 if impossible. */
char *t_mkdtemp(const char *tag);

/* rm -rf @dir, then free the string (t_mkdtemp's). */
void t_rmtree(char *dir);

/* printf into a static rotating buffer (8 of 4 KiB): handy for paths in one expression. */
const char *t_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* mkdir -p; 0 or -errno. */
int t_mkdirs(const char *path);

/* Write @len bytes to @path (creating parent directories); 0 or -errno. */
int t_write(const char *path, const void *data, size_t len);

/* Write the string @s (without its NUL) to @path, as t_write. */
int t_write_str(const char *path, const char *s);

/* The whole file, NUL-terminated, malloc'ed (NULL if unreadable); its length in *@len if given. */
char *t_slurp(const char *path, size_t *len);

/* ---- capturing output ---------------------------------------------------- */

struct t_capture {
	int which;		/* 1: stdout, 2: stderr */
	int saved;
	char path[256];
};

/* From now on, what goes to fd @which lands in a temporary file. */
void t_capture_start(struct t_capture *c, int which);

/* Stop capturing; the text printed meanwhile (malloc'ed, NUL-terminated). */
char *t_capture_end(struct t_capture *c);

/* ---- text ------------------------------------------------------------------ */

/* Drop one trailing newline (for messages shown inside a check line); returns @s. */
char *t_chomp(char *s);

/*
 * A range set (range.h: each element starts with uint64_t start, end) as
 * "[a,b) [c,d)" in hex, in a rotating static buffer (4 of 1 KiB, for
 * comparisons and check names).  A macro, so that tests without range.h
 * need nothing more; t_ranges_ takes the elements, their count and size.
 */
#define t_ranges(set) t_ranges_((const void *)(set)->v, (set)->n, sizeof(*(set)->v))
const char *t_ranges_(const void *v, size_t n, size_t stride);

/* A copy of @s with newlines shown as '|', in a rotating static buffer (for check names). */
const char *t_shown(const char *s);

/* True when @hay contains @needle (NULL-safe). */
int t_has(const char *hay, const char *needle);

/* Count of lines in @s. */
int t_lines(const char *s);

#endif
