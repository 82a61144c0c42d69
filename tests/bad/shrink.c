// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * LD_PRELOAD shim for tests/bad/run's input-shrinks check: after kexec maps a
 * file whose path ends in $KX_SHRINK, truncate that file to 0 bytes, as a
 * concurrent writer could.  kexec's first touch of the mapping then raises
 * SIGBUS, deterministically.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <unistd.h>

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	static void *(*real)(void *, size_t, int, int, int, off_t);
	const char *want = getenv("KX_SHRINK");
	char link[64], path[4096];
	ssize_t n;
	void *p;

	if (!real)
		real = (void *(*)(void *, size_t, int, int, int, off_t))dlsym(RTLD_NEXT, "mmap");
	p = real(addr, len, prot, flags, fd, off);
	if (p == MAP_FAILED || fd < 0 || !want || !*want)
		return p;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof(path) - 1);
	if (n > 0) {
		size_t wl = strlen(want);

		path[n] = 0;
		if ((size_t)n >= wl && !strcmp(path + n - wl, want) && truncate(path, 0) != 0)
			perror("shrink.c: truncate");
	}
	return p;
}
