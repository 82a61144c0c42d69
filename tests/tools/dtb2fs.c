// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dtb2fs DTB DIR: write a flattened device tree as the directory tree Linux
 * shows in /proc/device-tree (one directory per node, one file per property
 * holding its raw big-endian bytes, plus a "name" file per node with the
 * node name up to '@', as of_fdt.c synthesises it).  dtc reads such a tree
 * (-I fs) but cannot write one; the tests build synthetic sysroots with
 * "dtc -I dts -O dtb | dtb2fs".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <libfdt.h>

static void die(const char *what, const char *why)
{
	fprintf(stderr, "dtb2fs: %s: %s\n", what, why);
	exit(1);
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || (len && fwrite(data, 1, len, f) != len) || fclose(f) != 0)
		die(path, strerror(errno));
}

static void walk(const void *fdt, int node, const char *dir)
{
	char path[4096];
	const char *name = fdt_get_name(fdt, node, NULL);
	size_t n = strcspn(name, "@");
	int prop, sub, has_name = 0;

	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		die(dir, strerror(errno));
	fdt_for_each_property_offset(prop, fdt, node) {
		const char *pname;
		int len;
		const void *val = fdt_getprop_by_offset(fdt, prop, &pname, &len);

		if (!val)
			die(dir, "unreadable property");
		if (!strcmp(pname, "name"))
			has_name = 1;
		if (snprintf(path, sizeof(path), "%s/%s", dir, pname) >= (int)sizeof(path))
			die(dir, "path too long");
		write_file(path, val, (size_t)len);
	}
	if (!has_name) {
		char buf[256];

		if (n >= sizeof(buf))
			die(dir, "node name too long");
		memcpy(buf, name, n);
		buf[n] = 0;
		snprintf(path, sizeof(path), "%s/name", dir);
		write_file(path, buf, n + 1);
	}
	fdt_for_each_subnode(sub, fdt, node) {
		if (snprintf(path, sizeof(path), "%s/%s", dir, fdt_get_name(fdt, sub, NULL)) >=
		    (int)sizeof(path))
			die(dir, "path too long");
		walk(fdt, sub, path);
	}
}

int main(int argc, char **argv)
{
	static char buf[16 << 20];
	FILE *f;
	size_t len;
	int rc;

	if (argc != 3)
		die("usage", "dtb2fs DTB DIR");
	f = fopen(argv[1], "rb");
	if (!f)
		die(argv[1], strerror(errno));
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	rc = fdt_check_header(buf);
	if (rc < 0 || fdt_totalsize(buf) > len)
		die(argv[1], rc < 0 ? fdt_strerror(rc) : "truncated");
	walk(buf, 0, argv[2]);
	return 0;
}
