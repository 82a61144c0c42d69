/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Sets of physical address ranges [start, end): RAM, exclusions, free space,
 * and the hole finder that places segments.  Labels travel with ranges so
 * that a refusal can say what is in the way ("RTAS 0x2fff0000-0x2fff085c").
 */
#ifndef KX_RANGE_H
#define KX_RANGE_H

#include <stddef.h>
#include <stdint.h>

#define KX_LABEL_LEN 64

struct range {
	uint64_t start, end;		/* end exclusive; start < end */
	char label[KX_LABEL_LEN];
};

struct rangeset {
	struct range *v;
	size_t n, cap;
};

void rs_init(struct rangeset *s);
void rs_free(struct rangeset *s);
/* Append [start, end) (empty ranges are ignored); -ENOMEM. */
int rs_add(struct rangeset *s, uint64_t start, uint64_t end, const char *label);
/* Sort by start. */
void rs_sort(struct rangeset *s);
/* Sort, then join overlapping and touching ranges (keeps the first label). */
void rs_merge(struct rangeset *s);
/* Remove [start, end) from every range (may split one in two); -ENOMEM. */
int rs_subtract(struct rangeset *s, uint64_t start, uint64_t end);
int rs_subtract_set(struct rangeset *s, const struct rangeset *t);
/* Keep only what lies inside [lo, hi). */
void rs_clip(struct rangeset *s, uint64_t lo, uint64_t hi);
/*
 * Keep only what also lies in @t.  Both sorted and merged (rs_merge); the
 * result is too, with @s's labels.  -ENOMEM.
 */
int rs_intersect(struct rangeset *s, const struct rangeset *t);
/* Keep the lowest @size bytes of @s (sorted, merged); the rest goes. */
void rs_keep_bytes(struct rangeset *s, uint64_t size);
uint64_t rs_total(const struct rangeset *s);
/* Copy @src into @dst (initialised); -ENOMEM. */
int rs_copy(struct rangeset *dst, const struct rangeset *src);
/* Whether [start, end) lies wholly inside @s (sorted, merged). */
int rs_covers(const struct rangeset *s, uint64_t start, uint64_t end);
/* First range overlapping [start, end), or NULL. */
const struct range *rs_overlap(const struct rangeset *s, uint64_t start, uint64_t end);

/*
 * Find @size bytes at an @align-aligned address inside one range of @free
 * (sorted, merged) and inside [lo, hi).  Lowest address first, or highest
 * when @topdown.  0 and *addr set, or -ENOSPC.
 */
int rs_find_hole(const struct rangeset *free, uint64_t size, uint64_t align,
		 uint64_t lo, uint64_t hi, int topdown, uint64_t *addr);

/* Largest aligned piece of @free inside [lo, hi): its size, and its start in *where. */
uint64_t rs_largest(const struct rangeset *free, uint64_t align, uint64_t lo, uint64_t hi,
		    uint64_t *where);

static inline uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

static inline uint64_t align_down(uint64_t v, uint64_t a)
{
	return v & ~(a - 1);
}

#endif
