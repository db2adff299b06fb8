/*
 * route.c -- routes with prefix/suffix summaries (route.h).
 */
#include <stdlib.h>
#include <string.h>

#include "search/route.h"

int cl_rt_init(struct cl_rt *r, int room, int type, int vehicle)
{
	memset(r, 0, sizeof *r);
	r->type = type;
	r->vehicle = vehicle;
	r->room = room + 2;
	r->nodes = calloc((size_t)r->room, sizeof *r->nodes);
	r->pre = calloc((size_t)r->room, sizeof *r->pre);
	r->suf = calloc((size_t)r->room, sizeof *r->suf);
	if (!r->nodes || !r->pre || !r->suf) {
		cl_rt_free(r);
		return CL_EINTERNAL;
	}
	return CL_OK;
}

int cl_rt_reserve(struct cl_rt *r, int len)
{
	if (len + 2 <= r->room)
		return CL_OK;
	int room = r->room * 2 > len + 2 ? r->room * 2 : len + 2;
	int *nodes = realloc(r->nodes, sizeof *nodes * (size_t)room);
	if (nodes)
		r->nodes = nodes;
	struct cl_seg *pre = realloc(r->pre, sizeof *pre * (size_t)room);
	if (pre)
		r->pre = pre;
	struct cl_seg *suf = realloc(r->suf, sizeof *suf * (size_t)room);
	if (suf)
		r->suf = suf;
	if (!nodes || !pre || !suf) {
		r->oom = 1;
		return CL_EINTERNAL;
	}
	r->room = room;
	return CL_OK;
}

void cl_rt_free(struct cl_rt *r)
{
	free(r->nodes);
	free(r->pre);
	free(r->suf);
	r->nodes = NULL;
	r->pre = r->suf = NULL;
}

void cl_rt_copy(struct cl_rt *dst, const struct cl_rt *src)
{
	size_t k = (size_t)src->len + 2;

	if (cl_rt_reserve(dst, src->len) != CL_OK)
		return;
	dst->type = src->type;
	dst->vehicle = src->vehicle;
	dst->len = src->len;
	dst->cost = src->cost;
	memcpy(dst->nodes, src->nodes, sizeof *dst->nodes * k);
	memcpy(dst->pre, src->pre, sizeof *dst->pre * k);
	memcpy(dst->suf, src->suf, sizeof *dst->suf * k);
}

void cl_rt_update(struct cl_rt *r, const struct cl_prob *p)
{
	int t = r->type;
	int last = r->len + 1;
	struct cl_seg s;

	r->nodes[0] = 0;
	r->nodes[last] = 0;
	cl_seg_node(&r->pre[0], p, t, 0);
	for (int i = 1; i <= last; i++) {
		cl_seg_node(&s, p, t, r->nodes[i]);
		cl_seg_join(&r->pre[i], &r->pre[i - 1], &s, p, t);
	}
	cl_seg_node(&r->suf[last], p, t, 0);
	for (int i = last - 1; i >= 0; i--) {
		cl_seg_node(&s, p, t, r->nodes[i]);
		cl_seg_join(&r->suf[i], &s, &r->suf[i + 1], p, t);
	}
	r->cost = r->len > 0 ? cl_rt_cost_of(p, t, &r->pre[last]) : 0;
}

int64_t cl_rt_insert_delta(const struct cl_rt *r, const struct cl_prob *p,
			   int v, int pos)
{
	int t = r->type;
	struct cl_seg s, whole;
	int a = r->nodes[pos], b = r->nodes[pos + 1];
	const int32_t *dist = p->types[t].dist;
	int32_t dav = dist[(long)a * p->n + v], dvb = dist[(long)v * p->n + b];

	if (dav < 0 || dvb < 0)
		return INT64_MAX;
	/* Cheap rejections: everything delivered is on board at the start,
	 * everything collected is on board at the end. */
	if (r->pre[r->len + 1].dl + p->nodes[v].demand > p->types[t].cap ||
	    r->pre[r->len + 1].pk + p->nodes[v].pickup > p->types[t].cap)
		return INT64_MAX;
	cl_seg_node(&s, p, t, v);
	cl_seg_join(&whole, &r->pre[pos], &s, p, t);
	if (whole.tw > 0)
		return INT64_MAX;
	cl_seg_join(&whole, &whole, &r->suf[pos + 1], p, t);
	if (!cl_seg_feasible(&whole, p, t))
		return INT64_MAX;
	return cl_rt_cost_of(p, t, &whole) - r->cost;
}

void cl_rt_insert(struct cl_rt *r, const struct cl_prob *p, int v, int pos)
{
	if (cl_rt_reserve(r, r->len + 1) != CL_OK)
		return;
	memmove(r->nodes + pos + 2, r->nodes + pos + 1,
		sizeof *r->nodes * (size_t)(r->len + 1 - pos));
	r->nodes[pos + 1] = v;
	r->len++;
	cl_rt_update(r, p);
}

void cl_rt_remove_range(struct cl_rt *r, int from, int to)
{
	int k = to - from + 1;
	memmove(r->nodes + from, r->nodes + to + 1,
		sizeof *r->nodes * (size_t)(r->len + 1 - to));
	r->len -= k;
}
