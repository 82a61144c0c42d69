/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Run an image loader on bytes, as kexec would, with its stderr captured. */
#ifndef KX_T_LOADRUN_H
#define KX_T_LOADRUN_H

#include "formats.h"
#include "tutil.h"

struct res {
	int rc;
	struct kernel_image k;
	char *err;
	struct blob img;	/* the loader may point into it: kept until res_free */
};

typedef int (*t_loader_fn)(const struct kx_ctx *c, const char *path, const struct blob *img,
			   struct kernel_image *out);

/*
 * The loader reads through an exact-size copy, so overreads are caught, and
 * which lives as long as the result (kernel bytes may point into it).
 */
static inline struct res t_load(t_loader_fn fn, const char *path, const uint8_t *img, size_t len)
{
	struct kx_ctx c = { "", 0 };
	struct t_capture cap;
	struct blob b;
	struct res r;

	b.data = malloc(len + 1);
	memcpy(b.data, img, len);
	b.data[len] = 0;
	b.len = len;
	b.mapped = 0;
	t_capture_start(&cap, 2);
	r.rc = fn(&c, path, &b, &r.k);
	r.err = t_capture_end(&cap);
	r.img = b;
	return r;
}

static inline void res_free(struct res *r)
{
	kernel_image_free(&r->k);
	free(r->err);
	blob_free(&r->img);
}

#endif
