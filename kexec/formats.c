// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "ppc64.h"
#include "formats.h"

/* Probe order: most specific format first (a zImage is an ELF too). */
static const struct loader loaders[] = {
	{ "zImage", zimage_ppc64_probe, zimage_ppc64_load, zimage_ppc64_usage },
	{ "elf-ppc64", elf_ppc64_probe, elf_ppc64_load, elf_ppc64_usage },
};

const struct loader *loader_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(loaders) / sizeof(loaders[0]); i++)
		if (!strcmp(loaders[i].name, name))
			return &loaders[i];
	return NULL;
}

const struct loader *loader_find(const char *name, const uint8_t *img, size_t len)
{
	size_t i;

	if (name)
		return loader_by_name(name);
	for (i = 0; i < sizeof(loaders) / sizeof(loaders[0]); i++)
		if (loaders[i].probe(img, len))
			return &loaders[i];
	return NULL;
}

void loader_list(FILE *f)
{
	size_t i;

	for (i = 0; i < sizeof(loaders) / sizeof(loaders[0]); i++)
		fprintf(f, "%s%s (%s)", i ? ", " : "", loaders[i].name, loaders[i].usage);
}

const char *loader_names(char *buf, size_t len)
{
	size_t i, used = 0;

	buf[0] = 0;
	for (i = 0; i < sizeof(loaders) / sizeof(loaders[0]) && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? ", " : "", loaders[i].name);
	return buf;
}

void kernel_image_free(struct kernel_image *k)
{
	if (!k->buf_borrowed)
		free(k->buf);
	blob_free(&k->initrd);
	blob_free(&k->vmlinux);
	memset(k, 0, sizeof(*k));
}

int formats_parse_elf(const char *path, const struct blob *img, struct elf_file *e)
{
	char why[256];
	int rc = elf_parse(img->data, img->len, e, why, sizeof(why));

	if (rc < 0 && rc != -ENOMEM)
		kx_err("%s: %s", path, why);
	return rc;
}
