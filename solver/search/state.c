/*
 * state.c -- the search state (a plan during the search) and the step
 * workspace (state.h).
 */
#include <stdlib.h>
#include <string.h>

#include "search/state.h"

int cl_state_init(struct cl_state *s, const struct cl_prob *p)
{
	int room = p->n - 1;

	memset(s, 0, sizeof *s);
	s->n = p->n;
	for (int t = 0; t < p->ntypes; t++)
		s->nr += p->types[t].count < room ? p->types[t].count : room;
	s->rt = calloc((size_t)(s->nr > 0 ? s->nr : 1), sizeof *s->rt);
	s->route_of = malloc(sizeof(int) * (size_t)p->n);
	s->un = malloc(sizeof(int) * (size_t)p->n);
	if (!s->rt || !s->route_of || !s->un)
		goto nomem;
	int r = 0;
	for (int t = 0; t < p->ntypes; t++) {
		int k = p->types[t].count < room ? p->types[t].count : room;
		for (int v = 0; v < k; v++, r++) {
			if (cl_rt_init(&s->rt[r], room < 16 ? room : 16, t, v) != CL_OK)
				goto nomem;
			cl_rt_update(&s->rt[r], p);
		}
	}
	for (int i = 0; i < p->n; i++)
		s->route_of[i] = -1;
	return CL_OK;
nomem:
	cl_state_free(s);
	return CL_EINTERNAL;
}

void cl_state_free(struct cl_state *s)
{
	if (s->rt)
		for (int r = 0; r < s->nr; r++)
			cl_rt_free(&s->rt[r]);
	free(s->rt);
	free(s->route_of);
	free(s->un);
	memset(s, 0, sizeof *s);
}

int cl_state_copy(struct cl_state *dst, const struct cl_state *src)
{
	for (int r = 0; r < src->nr; r++) {
		cl_rt_copy(&dst->rt[r], &src->rt[r]);
		if (dst->rt[r].oom)
			return CL_EINTERNAL;
	}
	memcpy(dst->route_of, src->route_of, sizeof(int) * (size_t)src->n);
	dst->nun = src->nun;
	dst->cost = src->cost;
	dst->nused = src->nused;
	dst->nserved = src->nserved;
	memcpy(dst->un, src->un, sizeof(int) * (size_t)src->nun);
	return CL_OK;
}

int cl_state_sync(struct cl_state *dst, const struct cl_state *src,
		  const struct cl_lns_work *w)
{
	for (int i = 0; i < w->ndirty; i++) {
		int r = w->dlist[i];
		const struct cl_rt *rt = &src->rt[r];
		cl_rt_copy(&dst->rt[r], rt);
		for (int k = 1; k <= rt->len; k++)
			dst->route_of[rt->nodes[k]] = r;
	}
	for (int i = 0; i < src->nun; i++)
		dst->route_of[src->un[i]] = -1;
	memcpy(dst->un, src->un, sizeof(int) * (size_t)src->nun);
	dst->nun = src->nun;
	dst->cost = src->cost;
	dst->nused = src->nused;
	dst->nserved = src->nserved;
	return cl_lns_status(dst, w);
}

int cl_lns_status(const struct cl_state *s, const struct cl_lns_work *w)
{
	for (int i = 0; i < w->ndirty; i++)
		if (s->rt[w->dlist[i]].oom)
			return CL_EINTERNAL;
	return CL_OK;
}

int cl_state_status(const struct cl_state *s)
{
	for (int r = 0; r < s->nr; r++)
		if (s->rt[r].oom)
			return CL_EINTERNAL;
	return CL_OK;
}

void cl_state_settle(struct cl_state *s, const struct cl_prob *p)
{
	for (int r = 0; r < s->nr; r++) {
		cl_rt_settle(&s->rt[r], p);
		cl_rt_fresh_suf(&s->rt[r], p);
	}
}

int64_t cl_state_miss(const struct cl_state *s, const struct cl_prob *p)
{
	int64_t c = 0;
	for (int i = 0; i < s->nun; i++) {
		int v = s->un[i], again = 0;
		/* a split village is missed once, however many of its
		 * visits are out: serving part of it saves nothing */
		if (p->visits && p->visits[p->site[v]] > 1)
			for (int j = 0; j < i && !again; j++)
				again = p->site[s->un[j]] == p->site[v];
		if (!again)
			c += cl_prob_miss(p, v);
	}
	return c;
}

void cl_state_cost(struct cl_state *s, const struct cl_prob *p)
{
	int64_t c = 0;
	int used = 0, served = 0;

	for (int r = 0; r < s->nr; r++) {
		c += s->rt[r].cost;
		used += s->rt[r].len > 0;
		served += s->rt[r].len;
	}
	s->cost = c + cl_state_miss(s, p);
	s->nused = used;
	s->nserved = served;
}

void cl_state_cost_from(struct cl_state *s, const struct cl_state *base,
			const struct cl_prob *p, const struct cl_lns_work *w)
{
	int64_t c = cl_state_route_cost(base, p);
	int used = base->nused, served = base->nserved;

	for (int i = 0; i < w->ndirty; i++) {
		const struct cl_rt *now = &s->rt[w->dlist[i]], *was = &base->rt[w->dlist[i]];
		c += now->cost - was->cost;
		used += (now->len > 0) - (was->len > 0);
		served += now->len - was->len;
	}
	s->cost = c + cl_state_miss(s, p);
	s->nused = used;
	s->nserved = served;
}

int cl_lns_work_init(struct cl_lns_work *w, const struct cl_prob *p, int nr)
{
	memset(w, 0, sizeof *w);
	w->dirty = calloc((size_t)(nr > 0 ? nr : 1), sizeof(int));
	w->dlist = calloc((size_t)(nr > 0 ? nr : 1), sizeof(int));
	w->keys = calloc((size_t)p->n, sizeof(int));
	w->seen = calloc((size_t)p->ntypes, sizeof(int));
	w->free_r = calloc((size_t)p->ntypes, sizeof(int));
	w->nfree = calloc((size_t)p->ntypes, sizeof(int));
	w->mark = calloc((size_t)nr + 1, sizeof(int));
	w->tail = calloc((size_t)p->n, sizeof(int));
	w->used = calloc((size_t)(nr > 0 ? nr : 1), sizeof(int));
	w->room_dl = calloc((size_t)(nr > 0 ? nr : 1), sizeof(int));
	w->room_pk = calloc((size_t)(nr > 0 ? nr : 1), sizeof(int));
	if (!w->mark || !w->tail || !w->dirty || !w->dlist || !w->keys || !w->seen ||
	    !w->free_r || !w->nfree || !w->used || !w->room_dl || !w->room_pk) {
		cl_lns_work_free(w);
		return CL_EINTERNAL;
	}
	return CL_OK;
}

void cl_lns_work_free(struct cl_lns_work *w)
{
	free(w->dirty);
	free(w->dlist);
	free(w->keys);
	free(w->seen);
	free(w->free_r);
	free(w->nfree);
	free(w->mark);
	free(w->tail);
	free(w->used);
	free(w->room_dl);
	free(w->room_pk);
	memset(w, 0, sizeof *w);
}

void cl_state_whole_visits(struct cl_state *s, const struct cl_prob *p)
{
	int changed = 0;

	if (!p->site)
		return;
	/* a site is partial when one of its visits is off the routes */
	for (int i = 0; i < s->nun; i++) {
		int site = cl_prob_site(p, s->un[i]);
		for (int v = 1; v < p->n; v++) {
			int r = s->route_of[v], pos;
			if (cl_prob_site(p, v) != site || r < 0)
				continue;
			pos = cl_rt_position(&s->rt[r], v);
			cl_rt_remove_range(&s->rt[r], pos, pos);
			cl_rt_update(&s->rt[r], p);
			s->route_of[v] = -1;
			s->un[s->nun++] = v;
			changed = 1;
		}
	}
	if (changed)
		cl_state_cost(s, p);
}
