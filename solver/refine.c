/*
 * refine.c -- the set-partitioning refinement (refine.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <stdint.h>

#include "cunlu/log.h"
#include "cunlu/setpart.h"
#include "refine.h"
#include "rng.h"

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

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
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

/*
 * Decomposition: the set partitioning model over the whole pool grows
 * beyond what GLPK closes in a second or two (a few thousand columns on a
 * hundred villages, tens of thousands on a thousand). A region of the best
 * plan -- a seed route and its size - 1 closest routes, at most
 * REGION_VILLAGES_PER_ROUTE x size villages -- makes a small model instead: its villages,
 * the pooled routes that stay inside them, and the region's own routes as
 * the incumbent. GLPK usually proves such a model optimal in milliseconds;
 * a better combination replaces the region's routes in the plan. Seeds are
 * taken in random order until every route was a seed or the time is up.
 */
#define REGION_VILLAGES_PER_ROUTE 20

struct region_work {
	int *mark;           /* per site: == stamp when in the region */
	int stamp;
	int32_t *dmin;       /* per site: distance to the seed route */
	int *order;          /* routes, by closeness to the seed */
	double *score;
	int *regr;           /* the region's routes (slots of best) */
	int nregr;
	int size;            /* routes per region at most */
	int *cand;           /* pool indices of the columns */
	struct cl_sp_route *cols;
	int *pool_col;       /* per pool route: column, or -1 (sized lazily) */
	int pool_col_n;
	int *vehicles;
	int *inc;
};

static const struct region_work *score_ctx;

static int by_score(const void *a, const void *b)
{
	double x = score_ctx->score[*(const int *)a];
	double y = score_ctx->score[*(const int *)b];
	return (x > y) - (x < y);
}

/* The region around route seed of s: its routes in rw->regr and its
 * villages marked with rw->stamp. */
static void grow_region(struct region_work *rw, const struct cl_state *s,
			const struct cl_prob *p, int seed)
{
	const struct cl_rt *sr = &s->rt[seed];
	int n = 0, villages = 0;

	for (int v = 0; v < p->n; v++)
		rw->dmin[v] = INT32_MAX;
	for (int i = 1; i <= sr->len; i++) {
		const int32_t *row = p->dist + (long)sr->nodes[i] * p->n;
		for (int v = 1; v < p->n; v++)
			if (row[v] < rw->dmin[v])
				rw->dmin[v] = row[v];
	}
	for (int r = 0; r < s->nr; r++) {
		const struct cl_rt *rt = &s->rt[r];
		if (rt->len == 0 || r == seed)
			continue;
		double sum = 0;
		for (int i = 1; i <= rt->len; i++)
			sum += rw->dmin[rt->nodes[i]];
		rw->score[r] = sum / rt->len;
		rw->order[n++] = r;
	}
	score_ctx = rw;
	qsort(rw->order, (size_t)n, sizeof(int), by_score);
	rw->stamp++;
	rw->nregr = 0;
	for (int k = -1; k < n && rw->nregr < rw->size; k++) {
		int r = k < 0 ? seed : rw->order[k];
		if (k >= 0 && villages + s->rt[r].len > REGION_VILLAGES_PER_ROUTE * rw->size)
			break;
		rw->regr[rw->nregr++] = r;
		villages += s->rt[r].len;
		for (int i = 1; i <= s->rt[r].len; i++)
			rw->mark[s->rt[r].nodes[i]] = rw->stamp;
	}
}

/* Replace the region's routes of s by the chosen columns. */
static int replace_region(struct cl_state *s, const struct cl_prob *p,
			  const struct region_work *rw,
			  const struct cl_sp_result *res)
{
	for (int k = 0; k < rw->nregr; k++) {
		struct cl_rt *rt = &s->rt[rw->regr[k]];
		for (int i = 1; i <= rt->len; i++)
			s->route_of[rt->nodes[i]] = -1;
		rt->len = 0;
		cl_rt_update(rt, p);
	}
	for (int k = 0; k < res->nchosen; k++) {
		const struct cl_sp_route *c = &rw->cols[res->chosen[k]];
		int r;
		for (r = 0; r < s->nr; r++)
			if (s->rt[r].type == c->type && s->rt[r].len == 0)
				break;
		if (r == s->nr || cl_rt_reserve(&s->rt[r], c->nstops) != CL_OK)
			return CL_EINTERNAL;
		memcpy(s->rt[r].nodes + 1, c->stops, sizeof(int) * (size_t)c->nstops);
		s->rt[r].len = c->nstops;
		for (int j = 0; j < c->nstops; j++)
			s->route_of[c->stops[j]] = r;
		cl_rt_update(&s->rt[r], p);
	}
	cl_state_cost(s, p);
	return CL_OK;
}

static void region_work_free(struct region_work *rw)
{
	free(rw->mark);
	free(rw->dmin);
	free(rw->order);
	free(rw->score);
	free(rw->regr);
	free(rw->cand);
	free(rw->cols);
	free(rw->pool_col);
	free(rw->vehicles);
	free(rw->inc);
}

int cl_refine_regions(struct cl_pool *pool, struct cl_state *best,
		      const struct cl_prob *p, double time_s, int size,
		      struct cl_rng *rng, const struct cl_solve_params *params,
		      struct cl_ilp_stats *st, int *swept, struct cl_error *err)
{
	struct region_work rw;
	double t0 = now_s();
	int rc = 0, nseeds = 0, *seeds = NULL, *used = NULL;

	memset(&rw, 0, sizeof rw);
	rw.size = size;
	*swept = 0;
	for (int r = 0; r < best->nr; r++)
		if (best->rt[r].len > 0)
			cl_pool_add(pool, best->rt[r].type, best->rt[r].cost,
				    best->rt[r].nodes + 1, best->rt[r].len);
	int npool = cl_pool_count(pool);
	rw.mark = calloc((size_t)p->n, sizeof(int));
	rw.dmin = malloc(sizeof(int32_t) * (size_t)p->n);
	rw.order = malloc(sizeof(int) * (size_t)best->nr);
	rw.score = malloc(sizeof(double) * (size_t)best->nr);
	rw.regr = malloc(sizeof(int) * (size_t)best->nr);
	rw.cand = malloc(sizeof(int) * (size_t)(npool > 0 ? npool : 1));
	rw.cols = malloc(sizeof *rw.cols * (size_t)(npool > 0 ? npool : 1));
	rw.pool_col = malloc(sizeof(int) * (size_t)(npool > 0 ? npool : 1));
	rw.vehicles = malloc(sizeof(int) * (size_t)p->ntypes);
	rw.inc = malloc(sizeof(int) * (size_t)best->nr);
	seeds = malloc(sizeof(int) * (size_t)best->nr);
	used = calloc((size_t)p->ntypes, sizeof(int));
	if (!rw.mark || !rw.dmin || !rw.order || !rw.score || !rw.regr ||
	    !rw.cand || !rw.cols || !rw.pool_col || !rw.vehicles || !rw.inc ||
	    !seeds || !used) {
		rc = -cl_fail(err, CL_EINTERNAL, "out of memory in the ILP refinement");
		goto cleanup;
	}
	for (int r = 0; r < best->nr; r++)
		if (best->rt[r].len > 0)
			seeds[nseeds++] = r;
	int nseeds_all = nseeds;
	for (int i = nseeds - 1; i > 0; i--) {
		int j = cl_rng_int(rng, i + 1), t = seeds[i];
		seeds[i] = seeds[j];
		seeds[j] = t;
	}
	if (st->runs == 0)
		st->before_cost = (double)(best->cost - p->penalty * best->nun) / CL_COST_SCALE;
	int regions = 0, improved = 0, q;
	int64_t cost0 = best->cost;
	for (q = 0; q < nseeds; q++) {
		double left = time_s - (now_s() - t0);
		if (left <= 0.005 || (params->stop && *params->stop))
			break;
		int seed = seeds[q];
		if (best->rt[seed].len == 0)
			continue;   /* emptied by an earlier region */
		grow_region(&rw, best, p, seed);
		/* Columns: pooled routes inside the region. */
		int ncols = 0;
		for (int i = 0; i < npool; i++) {
			int n;
			const int *stops = cl_pool_stops(pool, i, &n);
			int in = 1;
			for (int k = 0; k < n && in; k++)
				in = rw.mark[stops[k]] == rw.stamp;
			rw.pool_col[i] = -1;
			if (!in)
				continue;
			rw.pool_col[i] = ncols;
			rw.cand[ncols] = i;
			rw.cols[ncols].type = cl_pool_type(pool, i);
			rw.cols[ncols].cost = cl_pool_cost(pool, i);
			rw.cols[ncols].stops = stops;
			rw.cols[ncols].nstops = n;
			ncols++;
		}
		/* Vehicles: the region's own plus the plan's idle ones. */
		memset(used, 0, sizeof(int) * (size_t)p->ntypes);
		for (int r = 0; r < best->nr; r++)
			if (best->rt[r].len > 0)
				used[best->rt[r].type]++;
		for (int t = 0; t < p->ntypes; t++)
			rw.vehicles[t] = p->types[t].count - used[t];
		int ninc = 0;
		for (int k = 0; k < rw.nregr; k++) {
			const struct cl_rt *rt = &best->rt[rw.regr[k]];
			int i = cl_pool_find(pool, rt->type, rt->nodes + 1, rt->len);
			rw.vehicles[rt->type]++;
			if (i < 0 || rw.pool_col[i] < 0) {
				ninc = -1;
				break;
			}
			rw.inc[ninc++] = rw.pool_col[i];
		}
		if (ninc < 0)
			continue;   /* cannot happen: the plan's routes were added */
		if (ncols <= rw.nregr)
			continue;   /* nothing to choose from */
		struct cl_sp_params sp;
		struct cl_sp_result res;
		cl_sp_params_default(&sp);
		sp.nsites = p->n;
		sp.ntypes = p->ntypes;
		sp.vehicles = rw.vehicles;
		sp.mode = CL_SP_EXACT;
		sp.incumbent = rw.inc;
		sp.nincumbent = ninc;
		/* One hard region must not eat the sweep: a few times its
		 * share of the time at most. */
		double cap = 4.0 * time_s / nseeds;
		sp.time_limit_s = left < cap ? left : (cap > 0.02 ? cap : 0.02);
		sp.mip_gap = params->ilp_gap;
		sp.verbose = params->ilp_verbose;
		/* Villages outside the region (and its routes' idle ones) are
		 * not this model's business: mark them optional. */
		unsigned char *opt = calloc((size_t)p->n, 1);
		if (!opt) {
			rc = -cl_fail(err, CL_EINTERNAL, "out of memory in the ILP refinement");
			goto cleanup;
		}
		for (int v = 1; v < p->n; v++)
			opt[v] = rw.mark[v] != rw.stamp;
		sp.optional = opt;
		int src = cl_setpart_solve(rw.cols, ncols, &sp, &res, err);
		free(opt);
		regions++;
		st->time_s += res.elapsed_s;
		st->columns = res.ncols;
		if (src != CL_OK) {
			cl_sp_result_free(&res);
			rc = -src;
			goto cleanup;
		}
		if (rw.nregr == nseeds_all)   /* one model over the whole plan */
			st->lp_bound = isnan(res.lp_bound) ? NAN :
				       res.lp_bound / CL_COST_SCALE;
		if (res.improved && res.objective < res.incumbent_objective) {
			if (replace_region(best, p, &rw, &res) != CL_OK) {
				cl_sp_result_free(&res);
				rc = -cl_fail(err, CL_EINTERNAL, "ilp: cannot rebuild the plan");
				goto cleanup;
			}
			st->gain += (double)(res.incumbent_objective - res.objective) /
				    CL_COST_SCALE;
			st->improvements++;
			improved = 1;
		}
		snprintf(st->status, sizeof st->status, "%s", status_name(res.status));
		cl_sp_result_free(&res);
		if (rw.nregr == nseeds_all) {
			q = nseeds;   /* the whole plan was one model: swept */
			break;
		}
	}
	*swept = q == nseeds;
	st->runs++;
	st->pool_routes = npool;
	st->ilp_cost = (double)(best->cost - p->penalty * best->nun) / CL_COST_SCALE;
	cl_info("ilp: %d regions of up to %d routes over %d pooled routes: %.2f -> %.2f "
		"in %.2f s", regions, size, npool,
		(double)(cost0 - p->penalty * best->nun) / CL_COST_SCALE, st->ilp_cost,
		now_s() - t0);
	rc = improved;
cleanup:
	region_work_free(&rw);
	free(seeds);
	free(used);
	return rc;
}
