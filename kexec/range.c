// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "range.h"

void rs_init(struct rangeset *s)
{
	s->v = NULL;
	s->n = s->cap = 0;
}

void rs_free(struct rangeset *s)
{
	free(s->v);
	rs_init(s);
}

int rs_add(struct rangeset *s, uint64_t start, uint64_t end, const char *label)
{
	struct range *r;

	if (end <= start)
		return 0;
	if (s->n == s->cap) {
		size_t ncap = s->cap ? s->cap * 2 : 16;
		struct range *nv = realloc(s->v, ncap * sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		s->v = nv;
		s->cap = ncap;
	}
	r = &s->v[s->n++];
	r->start = start;
	r->end = end;
	r->label[0] = 0;
	if (label) {
		strncpy(r->label, label, KX_LABEL_LEN - 1);
		r->label[KX_LABEL_LEN - 1] = 0;
	}
	return 0;
}

static int cmp_start(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return 0;
}

void rs_sort(struct rangeset *s)
{
	if (s->n > 1)
		qsort(s->v, s->n, sizeof(*s->v), cmp_start);
}

void rs_merge(struct rangeset *s)
{
	size_t i, o = 0;

	rs_sort(s);
	for (i = 0; i < s->n; i++) {
		if (o && s->v[i].start <= s->v[o - 1].end) {
			if (s->v[i].end > s->v[o - 1].end)
				s->v[o - 1].end = s->v[i].end;
			continue;
		}
		s->v[o++] = s->v[i];
	}
	s->n = o;
}

int rs_subtract(struct rangeset *s, uint64_t start, uint64_t end)
{
	size_t i;

	if (end <= start)
		return 0;
	for (i = 0; i < s->n; i++) {
		struct range *r = &s->v[i];

		if (r->end <= start || r->start >= end)
			continue;
		if (r->start < start && r->end > end) {
			/* Split: keep the low part here, append the high part. */
			uint64_t hi_end = r->end;
			char label[KX_LABEL_LEN];

			memcpy(label, r->label, sizeof(label));
			r->end = start;
			if (rs_add(s, end, hi_end, label) < 0)
				return -ENOMEM;
			continue;
		}
		if (r->start < start)
			r->end = start;
		else if (r->end > end)
			r->start = end;
		else
			r->end = r->start;	/* fully covered: emptied below */
	}
	/* Drop emptied ranges and keep the set sorted. */
	{
		size_t o = 0;

		for (i = 0; i < s->n; i++)
			if (s->v[i].end > s->v[i].start)
				s->v[o++] = s->v[i];
		s->n = o;
	}
	rs_sort(s);
	return 0;
}

int rs_subtract_set(struct rangeset *s, const struct rangeset *t)
{
	size_t i;
	int rc;

	for (i = 0; i < t->n; i++)
		if ((rc = rs_subtract(s, t->v[i].start, t->v[i].end)) < 0)
			return rc;
	return 0;
}

void rs_clip(struct rangeset *s, uint64_t lo, uint64_t hi)
{
	size_t i, o = 0;

	for (i = 0; i < s->n; i++) {
		struct range r = s->v[i];

		if (r.start < lo)
			r.start = lo;
		if (r.end > hi)
			r.end = hi;
		if (r.end > r.start)
			s->v[o++] = r;
	}
	s->n = o;
}

int rs_intersect(struct rangeset *s, const struct rangeset *t)
{
	struct rangeset out;
	size_t i = 0, j = 0;
	int rc = 0;

	rs_init(&out);
	/* One walk over both: each step retires the range that ends first. */
	while (rc == 0 && i < s->n && j < t->n) {
		uint64_t a = s->v[i].start > t->v[j].start ? s->v[i].start : t->v[j].start;
		uint64_t b = s->v[i].end < t->v[j].end ? s->v[i].end : t->v[j].end;

		if (a < b)
			rc = rs_add(&out, a, b, s->v[i].label);
		if (s->v[i].end < t->v[j].end)
			i++;
		else
			j++;
	}
	if (rc < 0) {
		rs_free(&out);
		return rc;
	}
	rs_free(s);
	*s = out;
	return 0;
}

void rs_keep_bytes(struct rangeset *s, uint64_t size)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		uint64_t len = s->v[i].end - s->v[i].start;

		if (size < len) {
			s->v[i].end = s->v[i].start + size;
			s->n = size ? i + 1 : i;
			return;
		}
		size -= len;
	}
}

uint64_t rs_total(const struct rangeset *s)
{
	uint64_t t = 0;
	size_t i;

	for (i = 0; i < s->n; i++)
		t += s->v[i].end - s->v[i].start;
	return t;
}

int rs_copy(struct rangeset *dst, const struct rangeset *src)
{
	rs_init(dst);
	if (!src->n)
		return 0;
	dst->v = malloc(src->n * sizeof(*dst->v));
	if (!dst->v)
		return -ENOMEM;
	memcpy(dst->v, src->v, src->n * sizeof(*dst->v));
	dst->n = dst->cap = src->n;
	return 0;
}

int rs_covers(const struct rangeset *s, uint64_t start, uint64_t end)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].start <= start && end <= s->v[i].end)
			return 1;
	return start >= end;
}

const struct range *rs_overlap(const struct rangeset *s, uint64_t start, uint64_t end)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].start < end && start < s->v[i].end)
			return &s->v[i];
	return NULL;
}

/* Usable aligned window of @r inside [lo, hi): 0 if empty. */
static int window(const struct range *r, uint64_t align, uint64_t lo, uint64_t hi,
		  uint64_t *ws, uint64_t *we)
{
	uint64_t s = r->start > lo ? r->start : lo;
	uint64_t e = r->end < hi ? r->end : hi;

	if (s > UINT64_MAX - (align - 1))
		return 0;
	s = align_up(s, align);
	if (s >= e)
		return 0;
	*ws = s;
	*we = e;
	return 1;
}

int rs_find_hole(const struct rangeset *free, uint64_t size, uint64_t align,
		 uint64_t lo, uint64_t hi, int topdown, uint64_t *addr)
{
	size_t i;

	if (!size || !align || (align & (align - 1)))
		return -EINVAL;
	for (i = 0; i < free->n; i++) {
		const struct range *r = &free->v[topdown ? free->n - 1 - i : i];
		uint64_t ws, we;

		if (!window(r, align, lo, hi, &ws, &we) || we - ws < size)
			continue;
		*addr = topdown ? align_down(we - size, align) : ws;
		return 0;
	}
	return -ENOSPC;
}

uint64_t rs_largest(const struct rangeset *free, uint64_t align, uint64_t lo, uint64_t hi,
		    uint64_t *where)
{
	uint64_t best = 0;
	size_t i;

	*where = 0;
	for (i = 0; i < free->n; i++) {
		uint64_t ws, we;

		if (window(&free->v[i], align, lo, hi, &ws, &we) && we - ws > best) {
			best = we - ws;
			*where = ws;
		}
	}
	return best;
}
