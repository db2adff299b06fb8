/*
 * refine.c -- the set-partitioning refinement (refine.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

#include "cunlu/log.h"
#include "ilp/setpart.h"
#include "util/clock.h"
#include "ilp/refine.h"
#include "search/rng.h"
#include "search/tuning.h"

struct cl_pool *cl_refine_pool(const struct cl_prob *p)
{
	int villages = p->n - 1;
	int max_routes = CL_POOL_PER_VILLAGE * villages;
	if (max_routes < CL_POOL_MIN)
		max_routes = CL_POOL_MIN;
	if (max_routes > CL_POOL_MAX)
		max_routes = CL_POOL_MAX;
	return cl_pool_create(p->n, p->ntypes, max_routes, CL_POOL_PROTECT);
}

/* Add route rt of the search to the pool. */
static int pool_route(struct cl_pool *pool, const struct cl_rt *rt,
		      struct cl_error *err)
{
	int rc = cl_pool_add(pool, rt->type, rt->cost, rt->nodes + 1, rt->len, NULL);
	if (rc == CL_EINTERNAL)
		return cl_fail(err, rc, "out of memory for the route pool");
	if (rc != CL_OK)   /* the search's routes are valid by construction */
		return cl_fail(err, CL_EINTERNAL, "route pool: a route of the search "
			       "was refused (bug)");
	return CL_OK;
}

int cl_refine_collect(struct cl_pool *pool, const struct cl_state *s,
		      const struct cl_lns_work *w, struct cl_error *err)
{
	for (int i = 0; i < w->ndirty; i++) {
		const struct cl_rt *rt = &s->rt[w->dlist[i]];
		if (rt->len > 0 && pool_route(pool, rt, err) != CL_OK)
			return err ? err->status : CL_EINTERNAL;
	}
	return CL_OK;
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
 * Decomposition. The set partitioning model over the whole pool grows
 * beyond what GLPK closes in a second or two (a few thousand columns on a
 * hundred villages, tens of thousands on a thousand). A region of the best
 * plan makes a small model instead: a seed route and its size - 1 closest
 * routes (by the mean distance of their villages to the seed route's;
 * beyond CL_REGION_MIN_ROUTES routes, at most CL_REGION_VILLAGES_PER_ROUTE
 * x size villages: the LP's time grows fast with them), the pooled routes that
 * stay inside the region's villages as columns, the region's routes as the
 * incumbent, and as vehicles the region's own plus the plan's idle ones.
 * GLPK usually proves such a model optimal in milliseconds; a better
 * combination replaces the region's routes in the plan. Seeds are taken in
 * random order until every route was a seed or the time is up.
 */
struct scored {
	double score;
	int route;
};

struct keyed {
	uint64_t key;             /* hash of (type, village set) */
	int64_t cost;
	int col;
};

struct region_work {
	int size;                 /* routes per region at most */
	unsigned char *outside;   /* per site: 1 = not in the region */
	int32_t *dmin;            /* per site: distance to the seed route */
	struct scored *order;     /* the other routes, closest first */
	int *regr;                /* the region's routes (slots of best) */
	int nregr;
	struct cl_sp_route *cols; /* the model's columns (pooled routes) */
	int *pool_col;            /* per pooled route: its column, or -1 */
	int *vehicles;            /* per type */
	int *inc;                 /* the region's routes as column numbers */
	/* dropping routes that another order of the same villages beats */
	struct keyed *ord;        /* columns by (set hash, cost) */
	int *pool_of;             /* per column: pooled route number */
	unsigned char *keep;      /* per column */
	unsigned char *protect;   /* per column: the region's own route */
	int *seen;                /* per site: == stamp2 when in the group's set */
	int stamp2;
};

static int by_score(const void *a, const void *b)
{
	const struct scored *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? -1 : 1;
	return x->route - y->route;
}

static int region_work_init(struct region_work *rw, const struct cl_prob *p,
			    int nr, int npool, int size)
{
	size_t np = (size_t)(npool > 0 ? npool : 1);

	memset(rw, 0, sizeof *rw);
	rw->size = size;
	rw->outside = malloc((size_t)p->n);
	rw->dmin = malloc(sizeof(int32_t) * (size_t)p->n);
	rw->order = malloc(sizeof *rw->order * (size_t)nr);
	rw->regr = malloc(sizeof(int) * (size_t)nr);
	rw->cols = malloc(sizeof *rw->cols * np);
	rw->pool_col = malloc(sizeof(int) * np);
	rw->vehicles = malloc(sizeof(int) * (size_t)p->ntypes);
	rw->inc = malloc(sizeof(int) * (size_t)nr);
	rw->ord = malloc(sizeof *rw->ord * np);
	rw->pool_of = malloc(sizeof(int) * np);
	rw->keep = malloc(np);
	rw->protect = malloc(np);
	rw->seen = calloc((size_t)p->n, sizeof(int));
	return rw->outside && rw->dmin && rw->order && rw->regr &&
	       rw->cols && rw->pool_col && rw->vehicles && rw->inc &&
	       rw->ord && rw->pool_of && rw->keep && rw->protect && rw->seen ? CL_OK : CL_EINTERNAL;
}

static void region_work_free(struct region_work *rw)
{
	free(rw->outside);
	free(rw->dmin);
	free(rw->order);
	free(rw->regr);
	free(rw->cols);
	free(rw->pool_col);
	free(rw->vehicles);
	free(rw->inc);
	free(rw->ord);
	free(rw->pool_of);
	free(rw->keep);
	free(rw->protect);
	free(rw->seen);
}

/* The region around route seed of s: its routes in rw->regr; its
 * villages are those with rw->outside[v] == 0. */
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
		rw->order[n].score = sum / rt->len;
		rw->order[n++].route = r;
	}
	qsort(rw->order, (size_t)n, sizeof *rw->order, by_score);
	memset(rw->outside, 1, (size_t)p->n);
	rw->nregr = 0;
	for (int k = -1; k < n && rw->nregr < rw->size; k++) {
		int r = k < 0 ? seed : rw->order[k].route;
		if (rw->nregr >= CL_REGION_MIN_ROUTES &&
		    villages + s->rt[r].len > CL_REGION_VILLAGES_PER_ROUTE * rw->size)
			break;
		rw->regr[rw->nregr++] = r;
		villages += s->rt[r].len;
		for (int i = 1; i <= s->rt[r].len; i++)
			rw->outside[s->rt[r].nodes[i]] = 0;
	}
}

/* Order-independent hash of a route's type and villages. */
static uint64_t set_key(const struct cl_sp_route *c)
{
	uint64_t h = 0x9E3779B97F4A7C15ull * (uint64_t)(c->type + 1);
	for (int k = 0; k < c->nstops; k++) {
		uint64_t z = (uint64_t)c->stops[k] * 0xBF58476D1CE4E5B9ull + 1;
		z ^= z >> 31;
		z *= 0x94D049BB133111EBull;
		z ^= z >> 29;
		h += z;
	}
	return h;
}

static int by_key(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->cost != y->cost)
		return x->cost < y->cost ? -1 : 1;
	return x->col - y->col;
}

/* Same type and the same villages (in any order)? */
static int same_set(struct region_work *rw, const struct cl_sp_route *a,
		    const struct cl_sp_route *b)
{
	if (a->type != b->type || a->nstops != b->nstops)
		return 0;
	rw->stamp2++;
	for (int k = 0; k < a->nstops; k++)
		rw->seen[a->stops[k]] = rw->stamp2;
	for (int k = 0; k < b->nstops; k++)
		if (rw->seen[b->stops[k]] != rw->stamp2)
			return 0;
	return 1;
}

/*
 * Of the columns visiting the same villages with the same type, only the
 * cheapest can be in a best combination: drop the others, except the
 * incumbent's own (rw->protect[] set), which must stay a feasible answer.
 * Halves the columns of a typical region (the search visits the same
 * villages in many orders) and the LP's time with them. Returns the
 * number of columns kept; pool_col follows the renumbering.
 */
static int drop_dominated(struct region_work *rw, int ncols)
{
	struct keyed *o = rw->ord;
	for (int j = 0; j < ncols; j++) {
		o[j].key = set_key(&rw->cols[j]);
		o[j].cost = rw->cols[j].cost;
		o[j].col = j;
		rw->keep[j] = 0;
	}
	qsort(o, (size_t)ncols, sizeof *o, by_key);
	for (int a = 0; a < ncols; ) {
		int b = a + 1;
		while (b < ncols && o[b].key == o[a].key)
			b++;
		/* [a, b): one hash, cheapest first; a column is dropped when
		 * a cheaper kept one has the same set. */
		for (int x = a; x < b; x++) {
			int j = o[x].col, dominated = 0;
			for (int y = a; y < x && !dominated; y++)
				dominated = rw->keep[o[y].col] &&
					    same_set(rw, &rw->cols[o[y].col], &rw->cols[j]);
			rw->keep[j] = !dominated || rw->protect[j];
		}
		a = b;
	}
	int n = 0;
	for (int j = 0; j < ncols; j++) {
		int i = rw->pool_of[j];
		if (!rw->keep[j]) {
			rw->pool_col[i] = -1;
			continue;
		}
		rw->cols[n] = rw->cols[j];
		rw->pool_of[n] = i;
		rw->pool_col[i] = n++;
	}
	return n;
}

/*
 * The model of the current region: columns, vehicles and incumbent.
 * Returns the number of columns, or 0 when a region route is not in the
 * pool (it was evicted: the region is skipped).
 */
static int region_model(struct region_work *rw, const struct cl_pool *pool,
			const struct cl_state *s, const struct cl_prob *p)
{
	int npool = cl_pool_count(pool), ncols = 0;

	for (int i = 0; i < npool; i++) {
		int n, in = 1;
		const int *stops = cl_pool_stops(pool, i, &n);
		for (int k = 0; k < n && in; k++)
			in = !rw->outside[stops[k]];
		rw->pool_col[i] = -1;
		if (!in)
			continue;
		rw->pool_col[i] = ncols;
		rw->pool_of[ncols] = i;
		rw->cols[ncols].type = cl_pool_type(pool, i);
		rw->cols[ncols].cost = cl_pool_cost(pool, i);
		rw->cols[ncols].stops = stops;
		rw->cols[ncols].nstops = n;
		ncols++;
	}
	/* The region's routes, found before the renumbering. */
	for (int k = 0; k < rw->nregr; k++) {
		const struct cl_rt *rt = &s->rt[rw->regr[k]];
		int i = cl_pool_find(pool, rt->type, rt->nodes + 1, rt->len);
		if (i < 0 || rw->pool_col[i] < 0)
			return 0;
		rw->inc[k] = i;
	}
	memset(rw->protect, 0, (size_t)ncols);
	for (int k = 0; k < rw->nregr; k++)
		rw->protect[rw->pool_col[rw->inc[k]]] = 1;
	ncols = drop_dominated(rw, ncols);
	for (int k = 0; k < rw->nregr; k++)
		rw->inc[k] = rw->pool_col[rw->inc[k]];

	for (int t = 0; t < p->ntypes; t++)
		rw->vehicles[t] = p->types[t].count;
	for (int r = 0; r < s->nr; r++)
		if (s->rt[r].len > 0)
			rw->vehicles[s->rt[r].type]--;
	for (int k = 0; k < rw->nregr; k++)
		rw->vehicles[s->rt[rw->regr[k]].type]++;
	return ncols;
}

/*
 * Replace the region's routes of s by the chosen columns. CL_OK, or
 * CL_EINTERNAL with a message (s is then unusable).
 */
static int replace_region(struct cl_state *s, const struct cl_prob *p,
			  const struct region_work *rw,
			  const struct cl_sp_result *res, struct cl_error *err)
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
		if (r == s->nr)   /* the model counts the free vehicles */
			return cl_fail(err, CL_EINTERNAL, "ilp: no free vehicle of type %d "
				       "for a chosen route (bug)", c->type);
		if (cl_rt_reserve(&s->rt[r], c->nstops) != CL_OK)
			return cl_fail(err, CL_EINTERNAL, "out of memory in the ILP refinement");
		memcpy(s->rt[r].nodes + 1, c->stops, sizeof(int) * (size_t)c->nstops);
		s->rt[r].len = c->nstops;
		for (int j = 0; j < c->nstops; j++)
			s->route_of[c->stops[j]] = r;
		cl_rt_update(&s->rt[r], p);
	}
	cl_state_cost(s, p);
	return CL_OK;
}

/* The plan's routes, in random order (rng): the sweep's seeds. */
static int shuffled_seeds(const struct cl_state *s, struct cl_rng *rng, int *seeds)
{
	int n = 0;
	for (int r = 0; r < s->nr; r++)
		if (s->rt[r].len > 0)
			seeds[n++] = r;
	for (int i = n - 1; i > 0; i--) {
		int j = cl_rng_int(rng, i + 1), t = seeds[i];
		seeds[i] = seeds[j];
		seeds[j] = t;
	}
	return n;
}

/*
 * Solve the model of the current region (ncols columns) within time_s
 * and put a better combination into s. *better is set to 1 when it did.
 */
static int solve_region(struct region_work *rw, struct cl_state *s,
			const struct cl_prob *p, int ncols, double time_s, int all,
			const struct cl_refine_opts *opts, struct cl_refine_stats *st,
			int *better, struct cl_error *err)
{
	struct cl_sp_params sp;
	struct cl_sp_result res;
	int rc;

	*better = 0;
	cl_sp_params_default(&sp);
	sp.nsites = p->n;
	sp.ntypes = p->ntypes;
	sp.vehicles = rw->vehicles;
	sp.mode = CL_SP_EXACT;
	sp.optional = rw->outside;   /* other villages: not this model's */
	sp.incumbent = rw->inc;
	sp.nincumbent = rw->nregr;
	sp.time_limit_s = time_s;
	sp.mip_gap = opts->gap;
	sp.verbose = opts->verbose;
	rc = cl_setpart_solve(rw->cols, ncols, &sp, &res, err);
	st->time_s += res.elapsed_s;
	st->columns = res.ncols;
	if (rc != CL_OK)
		goto cleanup;
	snprintf(st->status, sizeof st->status, "%s", status_name(res.status));
	st->whole_plan = all;
	if (all)
		st->lp_bound = isnan(res.lp_bound) ? NAN : res.lp_bound / CL_COST_SCALE;
	if (res.improved && res.objective < res.incumbent_objective) {
		rc = replace_region(s, p, rw, &res, err);
		if (rc != CL_OK)
			goto cleanup;
		st->gain += (double)(res.incumbent_objective - res.objective) /
			    CL_COST_SCALE;
		st->improvements++;
		*better = 1;
	}
cleanup:
	cl_sp_result_free(&res);
	return rc;
}

/* The plan's cost in money units, without the unassigned penalty. */
static double plan_cost(const struct cl_state *s, const struct cl_prob *p, int64_t cost)
{
	return (double)(cost - cl_state_miss(s, p)) / CL_COST_SCALE;
}

int cl_refine_regions(struct cl_pool *pool, struct cl_state *best,
		      const struct cl_prob *p, double time_s, int size,
		      struct cl_rng *rng, const struct cl_refine_opts *opts,
		      struct cl_refine_stats *st, int *improved, int *swept,
		      struct cl_error *err)
{
	struct region_work rw;
	double t0 = cl_now_s();
	int rc = CL_OK, nseeds = 0, *seeds = NULL, regions = 0, q;
	int all = 0;         /* the last region was the whole plan */
	int64_t cost0 = best->cost;

	memset(&rw, 0, sizeof rw);
	*improved = 0;
	*swept = 0;
	/* The plan's routes become columns (an add may evict another
	 * route; a region whose route is gone is skipped). */
	for (int r = 0; r < best->nr && rc == CL_OK; r++)
		if (best->rt[r].len > 0)
			rc = pool_route(pool, &best->rt[r], err);
	if (rc != CL_OK)
		goto cleanup;
	seeds = malloc(sizeof(int) * (size_t)best->nr);
	if (!seeds || region_work_init(&rw, p, best->nr, cl_pool_count(pool), size) != CL_OK) {
		rc = cl_fail(err, CL_EINTERNAL, "out of memory in the ILP refinement");
		goto cleanup;
	}
	nseeds = shuffled_seeds(best, rng, seeds);
	int whole = nseeds;   /* routes of the plan: a region this big is all */
	if (st->runs == 0)
		st->before_cost = plan_cost(best, p, best->cost);
	for (q = 0; q < nseeds; q++) {
		double left = time_s - (cl_now_s() - t0);
		if (left <= 0.005 || (opts->stop && *opts->stop))
			break;
		if (best->rt[seeds[q]].len == 0)
			continue;   /* emptied by an earlier region */
		grow_region(&rw, best, p, seeds[q]);
		int ncols = region_model(&rw, pool, best, p);
		if (ncols <= rw.nregr)
			continue;   /* evicted route, or nothing to choose from */
		all = rw.nregr == whole;
		/* One hard region must not eat the sweep: a few times its
		 * share of the time at most; one model over the whole plan
		 * gets all of it. */
		double cap = CL_REGION_MAX_SHARES * time_s / nseeds;
		if (cap < CL_REGION_MIN_S)
			cap = CL_REGION_MIN_S;
		if (all)
			cap = left;
		int better;
		regions++;
		rc = solve_region(&rw, best, p, ncols, left < cap ? left : cap, all,
				  opts, st, &better, err);
		if (rc != CL_OK)
			goto cleanup;
		*improved |= better;
		if (all) {
			q = nseeds;   /* one model was the whole plan: swept */
			break;
		}
	}
	*swept = q == nseeds;
	st->runs++;
	st->pool_routes = cl_pool_count(pool);
	st->ilp_cost = plan_cost(best, p, best->cost);
	if (all)   /* (not size >= whole: the village limit may split the plan) */
		cl_info("ilp: the whole plan over %d pooled routes (%d columns): %.2f -> %.2f, "
			"%s, in %.2f s", st->pool_routes, st->columns,
			plan_cost(best, p, cost0), st->ilp_cost, st->status, cl_now_s() - t0);
	else
		cl_info("ilp: %d regions of up to %d routes over %d pooled routes: %.2f -> %.2f "
			"in %.2f s", regions, size, st->pool_routes,
			plan_cost(best, p, cost0), st->ilp_cost, cl_now_s() - t0);
cleanup:
	region_work_free(&rw);
	free(seeds);
	return rc;
}
