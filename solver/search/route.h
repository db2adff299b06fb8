/*
 * route.h -- a route under construction in the search, with prefix and
 * suffix segment summaries so that inserting or removing villages is
 * evaluated in constant time (seg.h).
 *
 * nodes[0] and nodes[len+1] are the depot; pre[i] summarises nodes[0..i]
 * and suf[i] summarises nodes[i..len+1], both under the route's vehicle
 * type. Arrays start small and grow by doubling (so a plan with many
 * vehicles does not reserve room for every village in every route); after
 * the first iterations the search no longer allocates. A failed growth
 * sets `oom`, which the search checks after each step.
 */
#ifndef CUNLU_ROUTE_H
#define CUNLU_ROUTE_H

#include <stdint.h>
#include "search/prob.h"
#include "search/seg.h"

struct cl_rt {
	int type;          /* vehicle type */
	int vehicle;       /* vehicle number within the type */
	int len;           /* villages on the route */
	int *nodes;        /* len + 2 entries used */
	struct cl_seg *pre;
	struct cl_seg *suf;
	int64_t cost;      /* fixed + unit * distance; 0 when empty */
	int room;          /* entries allocated in nodes, pre and suf */
	int oom;           /* a growth failed: the route is unusable */
};

/* Allocate a route able to hold `room` villages before it grows. */
int cl_rt_init(struct cl_rt *r, int room, int type, int vehicle);
/* Make room for `len` villages; 0 or CL_EINTERNAL (and r->oom set). */
int cl_rt_reserve(struct cl_rt *r, int len);
void cl_rt_free(struct cl_rt *r);
/* Copy src into dst, growing dst if needed (check dst->oom). */
void cl_rt_copy(struct cl_rt *dst, const struct cl_rt *src);

/* Position of village v in r (1..len), or -1. O(len). */
static inline int cl_rt_position(const struct cl_rt *r, int v)
{
	for (int i = 1; i <= r->len; i++)
		if (r->nodes[i] == v)
			return i;
	return -1;
}

/* Recompute pre, suf and cost from nodes[]. O(len). */
void cl_rt_update(struct cl_rt *r, const struct cl_prob *p);

/* Cost of a route of type t with summary s (fixed + unit * dist). */
static inline int64_t cl_rt_cost_of(const struct cl_prob *p, int t,
				    const struct cl_seg *s)
{
	return p->types[t].fixed + p->types[t].unit * s->dist;
}

/*
 * Cost change of inserting village v between nodes[pos] and nodes[pos+1]
 * (0 <= pos <= len), or INT64_MAX if the route would be infeasible.
 * Constant time.
 */
int64_t cl_rt_insert_delta(const struct cl_rt *r, const struct cl_prob *p,
			   int v, int pos);

/* Insert v after nodes[pos] and update the summaries. */
void cl_rt_insert(struct cl_rt *r, const struct cl_prob *p, int v, int pos);

/*
 * Remove the villages at positions [from, to] (1-based node positions,
 * inclusive) without updating the summaries (call cl_rt_update after a
 * batch of removals).
 */
void cl_rt_remove_range(struct cl_rt *r, int from, int to);

#endif
