/*
 * refine.c -- the set-partitioning refinement (refine.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cunlu/log.h"
#include "cunlu/setpart.h"
#include "refine.h"

struct cl_pool *cl_refine_pool(const struct cl_prob *p)
{
	int villages = p->n - 1;
	int max_routes = 40 * villages < 5000 ? 5000 : 40 * villages;
	if (max_routes > 200000)
		max_routes = 200000;
	return cl_pool_create(p->n, p->ntypes, max_routes, 30);
}

void cl_refine_collect(struct cl_pool *pool, const struct cl_state *s,
		       const struct cl_lns_work *w)
{
	for (int i = 0; i < w->ndirty; i++) {
		const struct cl_rt *rt = &s->rt[w->dlist[i]];
		if (rt->len > 0)
			cl_pool_add(pool, rt->type, rt->cost, rt->nodes + 1, rt->len);
	}
}

static const char *status_name(int st)
{
	switch (st) {
	case CL_SP_OPTIMAL: return "optimal";
	case CL_SP_FEASIBLE: return "feasible";
	case CL_SP_INCUMBENT: return "incumbent kept";
	case CL_SP_INFEASIBLE: return "infeasible";
	case CL_SP_NOSOLUTION: return "no solution";
	default: return "error";
	}
}

/* Rebuild s from the chosen pooled routes, one vehicle slot each. */
static int rebuild(struct cl_state *s, const struct cl_prob *p,
		   const struct cl_pool *pool, const struct cl_sp_result *res,
		   const enum cl_reason *why)
{
	for (int r = 0; r < s->nr; r++)
		s->rt[r].len = 0;
	for (int v = 0; v < p->n; v++)
		s->route_of[v] = -1;
	for (int k = 0; k < res->nchosen; k++) {
		int i = res->chosen[k], n;
		int t = cl_pool_type(pool, i);
		const int *stops = cl_pool_stops(pool, i, &n);
		int r;
		for (r = 0; r < s->nr; r++)
			if (s->rt[r].type == t && s->rt[r].len == 0)
				break;
		if (r == s->nr || cl_rt_reserve(&s->rt[r], n) != CL_OK)
			return CL_EINTERNAL;
		memcpy(s->rt[r].nodes + 1, stops, sizeof(int) * (size_t)n);
		s->rt[r].len = n;
		for (int j = 0; j < n; j++)
			s->route_of[stops[j]] = r;
	}
	for (int r = 0; r < s->nr; r++)
		cl_rt_update(&s->rt[r], p);
	s->nun = 0;
	for (int v = 1; v < p->n; v++)
		if (s->route_of[v] < 0 && why[v] == CL_REASON_NONE)
			s->un[s->nun++] = v;
	cl_state_cost(s, p);
	return CL_OK;
}

int cl_refine_run(struct cl_pool *pool, struct cl_state *best,
		  const struct cl_prob *p, const enum cl_reason *why,
		  double time_s, const struct cl_solve_params *params,
		  struct cl_ilp_stats *st, struct cl_error *err)
{
	struct cl_sp_params sp;
	struct cl_sp_result res;
	int *inc = NULL, *vehicles = NULL, ninc = 0, rc = 0;
	unsigned char *optional = NULL;

	memset(&res, 0, sizeof res);
	inc = malloc(sizeof(int) * (size_t)(best->nr > 0 ? best->nr : 1));
	vehicles = malloc(sizeof(int) * (size_t)p->ntypes);
	optional = calloc((size_t)p->n, 1);
	if (!inc || !vehicles || !optional) {
		rc = -cl_fail(err, CL_EINTERNAL, "out of memory in the ILP refinement");
		goto cleanup;
	}
	/* The incumbent's routes must be in the pool; an add may compact the
	 * pool, so look them up only after all are in. */
	for (int attempt = 0; attempt < 3; attempt++) {
		for (int r = 0; r < best->nr; r++)
			if (best->rt[r].len > 0)
				cl_pool_add(pool, best->rt[r].type, best->rt[r].cost,
					    best->rt[r].nodes + 1, best->rt[r].len);
		ninc = 0;
		for (int r = 0; r < best->nr && ninc >= 0; r++) {
			if (best->rt[r].len == 0)
				continue;
			int i = cl_pool_find(pool, best->rt[r].type, best->rt[r].nodes + 1,
					     best->rt[r].len);
			if (i < 0)
				ninc = -1;
			else
				inc[ninc++] = i;
		}
		if (ninc >= 0)
			break;
	}
	if (ninc < 0) {
		cl_debug("ilp: the best plan's routes did not stay in the pool; skipped");
		goto cleanup;
	}
	for (int t = 0; t < p->ntypes; t++)
		vehicles[t] = p->types[t].count;
	for (int v = 1; v < p->n; v++)
		optional[v] = why[v] != CL_REASON_NONE;
	cl_sp_params_default(&sp);
	sp.vehicles = vehicles;
	sp.mode = CL_SP_PENALTY;
	sp.penalty = p->penalty;
	sp.optional = optional;
	sp.incumbent = inc;
	sp.nincumbent = ninc;
	sp.time_limit_s = time_s;
	sp.mip_gap = params->ilp_gap;
	sp.verbose = params->ilp_verbose;
	if (st->runs == 0)
		st->before_cost = (double)(best->cost - p->penalty * best->nun) / CL_COST_SCALE;
	int src = cl_setpart_solve_pool(pool, &sp, &res, err);
	st->runs++;
	st->time_s += res.elapsed_s;
	st->pool_routes = cl_pool_count(pool);
	st->columns = res.ncols;
	st->lp_bound = isnan(res.lp_bound) ? NAN : res.lp_bound / CL_COST_SCALE;
	snprintf(st->status, sizeof st->status, "%s", status_name(res.status));
	if (src != CL_OK) {
		rc = -src;
		goto cleanup;
	}
	st->ilp_cost = (double)res.objective / CL_COST_SCALE;
	cl_info("ilp: %d pooled routes, LP bound %.2f, ILP %.2f (%s) in %.2f s",
		st->pool_routes, st->lp_bound, st->ilp_cost, st->status, res.elapsed_s);
	if (res.improved && res.objective < best->cost) {
		if (rebuild(best, p, pool, &res, why) != CL_OK) {
			rc = -cl_fail(err, CL_EINTERNAL, "ilp: cannot rebuild the plan");
			goto cleanup;
		}
		st->improvements++;
		rc = 1;
	}
cleanup:
	cl_sp_result_free(&res);
	free(inc);
	free(vehicles);
	free(optional);
	return rc;
}
