/*
 * test_setpart.c -- the GLPK set partitioning model against enumeration
 * on random small pools (exact and penalty modes, per-type vehicle
 * limits, infeasible pools), an incumbent kept under a time limit that
 * expires inside GLPK, duplicates through the pool, and GLPK's error hook.
 */
#include <math.h>
#include <stdint.h>

#include "tinytest.h"
#include "ilp/setpart.h"
#include "ilp/pool.h"
#include "search/rng.h"

#define NV 8            /* villages 1..NV */
#define MAXR 20

struct small {
	int nr;
	struct cl_sp_route rt[MAXR];
	int st[MAXR][4];
	unsigned mask[MAXR];
	int veh[2];
	int mode;
	int64_t penalty;
	/* enumeration */
	int64_t best;        /* INT64_MAX: no feasible plan */
	int first[MAXR], nfirst;   /* the first feasible plan found */
	int64_t first_cost;
	int cur[MAXR], ncur;
};

static void make_small(struct small *s, struct cl_rng *rng, int mode,
		       int64_t unit, int skip_village)
{
	memset(s, 0, sizeof *s);
	s->nr = 15 + cl_rng_int(rng, 6);
	s->veh[0] = 1 + cl_rng_int(rng, 3);
	s->veh[1] = 1 + cl_rng_int(rng, 3);
	s->mode = mode;
	s->penalty = (200 + cl_rng_int(rng, 600)) * unit;
	for (int r = 0; r < s->nr; r++) {
		int n = 1 + cl_rng_int(rng, 4);
		unsigned m = 0;
		for (int k = 0; k < n; k++) {
			int v;
			do
				v = 1 + cl_rng_int(rng, NV);
			while ((m >> v & 1) || v == skip_village);
			m |= 1u << v;
			s->st[r][k] = v;
		}
		s->mask[r] = m;
		s->rt[r].type = cl_rng_int(rng, 2);
		s->rt[r].cost = (int64_t)(100 + cl_rng_int(rng, 900)) * n * unit;
		s->rt[r].stops = s->st[r];
		s->rt[r].nstops = n;
	}
}

/* Every subset of non-overlapping routes within the vehicle limits. */
static void enumerate(struct small *s, int i, unsigned mask, int64_t cost,
		      int u0, int u1)
{
	const unsigned full = ((1u << (NV + 1)) - 1) & ~1u;

	if (i == s->nr) {
		int64_t c = cost;
		if (s->mode == CL_SP_EXACT) {
			if (mask != full)
				return;
		} else {
			for (int v = 1; v <= NV; v++)
				if (!(mask >> v & 1))
					c += s->penalty;
		}
		if (s->nfirst == 0 && s->first_cost == 0) {
			memcpy(s->first, s->cur, sizeof(int) * (size_t)s->ncur);
			s->nfirst = s->ncur;
			s->first_cost = c;
		}
		if (c < s->best)
			s->best = c;
		return;
	}
	enumerate(s, i + 1, mask, cost, u0, u1);
	int t = s->rt[i].type;
	if ((mask & s->mask[i]) == 0 && (t == 0 ? u0 < s->veh[0] : u1 < s->veh[1])) {
		s->cur[s->ncur++] = i;
		enumerate(s, i + 1, mask | s->mask[i], cost + s->rt[i].cost,
			  u0 + (t == 0), u1 + (t == 1));
		s->ncur--;
	}
}

/* Is res a feasible plan over s with the objective it claims? */
static int plan_ok(const struct small *s, const struct cl_sp_result *res)
{
	unsigned mask = 0;
	int used[2] = { 0, 0 };
	int64_t c = 0;

	for (int i = 0; i < res->nchosen; i++) {
		int r = res->chosen[i];
		if (r < 0 || r >= s->nr || (mask & s->mask[r]))
			return 0;
		mask |= s->mask[r];
		used[s->rt[r].type]++;
		c += s->rt[r].cost;
	}
	if (used[0] > s->veh[0] || used[1] > s->veh[1])
		return 0;
	for (int v = 1; v <= NV; v++)
		if (!(mask >> v & 1)) {
			if (s->mode == CL_SP_EXACT)
				return 0;
			c += s->penalty;
		}
	return c == res->objective;
}

static void params_for(const struct small *s, struct cl_sp_params *par)
{
	cl_sp_params_default(par);
	par->nsites = NV + 1;
	par->ntypes = 2;
	par->vehicles = s->veh;
	par->mode = s->mode;
	par->penalty = s->penalty;
}

static void test_enumeration(void)
{
	struct cl_rng rng;
	struct small s;
	int infeasible = 0, improved = 0, fixed = 0;

	cl_rng_seed(&rng, 2024);
	for (int k = 0; k < 36; k++) {
		int mode = k % 2 ? CL_SP_PENALTY : CL_SP_EXACT;
		/* large costs (micro-units) on every third pool */
		int64_t unit = k % 3 == 0 ? 1000003 : 1;
		make_small(&s, &rng, mode, unit, 0);
		s.best = INT64_MAX;
		enumerate(&s, 0, 0, 0, 0, 0);

		struct cl_sp_params par;
		struct cl_sp_result res;
		struct cl_error err;
		params_for(&s, &par);
		CHECK_INT(cl_setpart_solve(s.rt, s.nr, &par, &res, &err), CL_OK);
		if (s.best == INT64_MAX) {
			CHECK_INT(res.status, CL_SP_INFEASIBLE);
			infeasible++;
		} else {
			CHECK_INT(res.status, CL_SP_OPTIMAL);
			CHECK_INT(res.objective, s.best);
			CHECK(plan_ok(&s, &res));
			CHECK(res.lp_bound <= (double)s.best * (1 + 1e-9) + 1e-6);
		}
		cl_sp_result_free(&res);

		/* Again with the first plan found as the incumbent. */
		if (s.best != INT64_MAX) {
			par.incumbent = s.first;
			par.nincumbent = s.nfirst;
			CHECK_INT(cl_setpart_solve(s.rt, s.nr, &par, &res, &err), CL_OK);
			CHECK_INT(res.status, CL_SP_OPTIMAL);
			CHECK_INT(res.objective, s.best);
			CHECK_INT(res.incumbent_objective, s.first_cost);
			CHECK_INT(res.improved, s.first_cost > s.best);
			CHECK(plan_ok(&s, &res));
			improved += res.improved;
			/* Reduced-cost fixing left the optimum in (checked
			 * above) and did rule columns out. */
			CHECK(res.nfixed >= 0 && res.nfixed <= res.ncols);
			fixed += res.nfixed;
			cl_sp_result_free(&res);
		}
	}
	CHECK(infeasible > 0);      /* some exact pools have no partition */
	CHECK(improved > 0);
	CHECK(fixed > 0);
}

/* A village that no route visits. */
static void test_uncovered(void)
{
	struct cl_rng rng;
	struct small s;
	struct cl_sp_params par;
	struct cl_sp_result res;
	struct cl_error err;

	cl_rng_seed(&rng, 5);
	make_small(&s, &rng, CL_SP_EXACT, 1, 3);
	params_for(&s, &par);
	CHECK_INT(cl_setpart_solve(s.rt, s.nr, &par, &res, &err), CL_OK);
	CHECK_INT(res.status, CL_SP_INFEASIBLE);
	CHECK_INT(res.nuncovered, 1);
	CHECK_INT(res.nchosen, 0);
	cl_sp_result_free(&res);

	s.mode = CL_SP_PENALTY;
	s.best = INT64_MAX;
	enumerate(&s, 0, 0, 0, 0, 0);
	params_for(&s, &par);
	CHECK_INT(cl_setpart_solve(s.rt, s.nr, &par, &res, &err), CL_OK);
	CHECK_INT(res.status, CL_SP_OPTIMAL);
	CHECK_INT(res.objective, s.best);
	CHECK(plan_ok(&s, &res));
	int has3 = 0;
	for (int i = 0; i < res.nunassigned; i++)
		has3 += res.unassigned[i] == 3;
	CHECK_INT(has3, 1);
	cl_sp_result_free(&res);

	/* Optional villages may stay out at no cost, even in exact mode. */
	unsigned char opt[NV + 1] = { 0 };
	opt[3] = 1;
	s.mode = CL_SP_EXACT;
	params_for(&s, &par);
	par.optional = opt;
	CHECK_INT(cl_setpart_solve(s.rt, s.nr, &par, &res, &err), CL_OK);
	CHECK(res.status == CL_SP_OPTIMAL || res.status == CL_SP_INFEASIBLE);
	CHECK_INT(res.nuncovered, 0);
	cl_sp_result_free(&res);
}

static void test_bad_input(void)
{
	struct cl_rng rng;
	struct small s;
	struct cl_sp_params par;
	struct cl_sp_result res;
	struct cl_error err;
	int inc[2] = { 0, 0 };

	cl_rng_seed(&rng, 9);
	make_small(&s, &rng, CL_SP_EXACT, 1, 0);
	params_for(&s, &par);
	par.incumbent = inc;
	par.nincumbent = 2;      /* repeated */
	CHECK_INT(cl_setpart_solve(s.rt, s.nr, &par, &res, &err), CL_EINPUT);
	CHECK_INT(res.status, CL_SP_ERROR);
	CHECK_HAS(err.msg, "incumbent");
	par.nincumbent = 1;      /* one route covers not every village */
	CHECK_INT(cl_setpart_solve(s.rt, s.nr, &par, &res, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "not a feasible plan");
	params_for(&s, &par);
	s.st[0][0] = NV + 1;
	CHECK_INT(cl_setpart_solve(s.rt, s.nr, &par, &res, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "out of range");
	cl_sp_result_free(&res);
}

/* Duplicates given through the pool are one column. */
static void test_pool_dedup(void)
{
	struct cl_rng rng;
	struct small s;
	struct cl_sp_params par;
	struct cl_sp_result a, b;
	struct cl_error err;

	cl_rng_seed(&rng, 77);
	do {
		make_small(&s, &rng, CL_SP_EXACT, 1, 0);
		s.best = INT64_MAX;
		enumerate(&s, 0, 0, 0, 0, 0);
	} while (s.best == INT64_MAX);
	struct cl_pool *pool = cl_pool_create(NV + 1, 2, 1000, 2);
	int distinct = 0;
	for (int rep = 0; rep < 3; rep++)
		for (int r = 0; r < s.nr; r++) {
			int added;
			CHECK_INT(cl_pool_add(pool, s.rt[r].type, s.rt[r].cost,
					      s.st[r], s.rt[r].nstops, &added), CL_OK);
			distinct += added;
		}
	CHECK_INT(cl_pool_count(pool), distinct);
	params_for(&s, &par);
	CHECK_INT(cl_setpart_solve_pool(pool, &par, &a, &err), CL_OK);
	CHECK_INT(a.ncols, distinct);
	CHECK_INT(a.status, CL_SP_OPTIMAL);
	CHECK_INT(a.objective, s.best);
	CHECK_INT(cl_setpart_solve(s.rt, s.nr, &par, &b, &err), CL_OK);
	CHECK_INT(b.objective, a.objective);
	cl_sp_result_free(&a);
	cl_sp_result_free(&b);
	cl_pool_destroy(pool);
}

/* A GLPK error is caught, reported, and a later solve still works. */
static void test_error_hook(void)
{
	struct cl_rng rng;
	struct small s;
	struct cl_sp_params par;
	struct cl_sp_result res;
	struct cl_error err;

	cl_rng_seed(&rng, 31);
	make_small(&s, &rng, CL_SP_PENALTY, 1, 0);
	s.best = INT64_MAX;
	enumerate(&s, 0, 0, 0, 0, 0);
	params_for(&s, &par);
	par.test_fault = 1;
	cl_error_clear(&err);
	CHECK_INT(cl_setpart_solve(s.rt, s.nr, &par, &res, &err), CL_EINTERNAL);
	CHECK_INT(res.status, CL_SP_ERROR);
	CHECK_HAS(err.msg, "GLPK");
	CHECK_HAS(err.msg, "glp_set_obj_coef");
	printf("caught: %s\n", err.msg);
	cl_sp_result_free(&res);
	for (int k = 0; k < 2; k++) {
		par.test_fault = k == 0 ? 0 : 1;
		int rc = cl_setpart_solve(s.rt, s.nr, &par, &res, &err);
		if (k == 0) {
			CHECK_INT(rc, CL_OK);
			CHECK_INT(res.status, CL_SP_OPTIMAL);
			CHECK_INT(res.objective, s.best);
		} else {
			CHECK_INT(rc, CL_EINTERNAL);
		}
		cl_sp_result_free(&res);
	}
	par.test_fault = 0;
	CHECK_INT(cl_setpart_solve(s.rt, s.nr, &par, &res, &err), CL_OK);
	CHECK_INT(res.objective, s.best);
	cl_sp_result_free(&res);
}

/*
 * 3,000 random routes over 200 villages plus one single-village route per
 * village (the incumbent: every village alone). With a 0.01 s limit the
 * answer is feasible and no worse than the incumbent.
 */
static void test_time_limit(void)
{
	enum { NS = 201, NR = 3000 };
	struct cl_pool *pool = cl_pool_create(NS, 2, 10000, 3);
	struct cl_rng rng;
	int veh[2] = { 150, 150 };
	int inc[NS];

	cl_rng_seed(&rng, 99);
	for (int v = 1; v < NS; v++) {
		int st[1] = { v };
		CHECK_INT(cl_pool_add(pool, v % 2, 5000000000LL + 1000003LL * v, st, 1, NULL),
			  CL_OK);
		inc[v - 1] = cl_pool_count(pool) - 1;
	}
	for (int r = 0; r < NR; r++) {
		int st[8], n = 2 + cl_rng_int(&rng, 7), used[NS] = { 0 };
		int base = 1 + cl_rng_int(&rng, NS - 1);
		for (int k = 0; k < n; k++) {
			int v;
			do
				v = 1 + (base + cl_rng_int(&rng, 20)) % (NS - 1);
			while (used[v]);
			used[v] = 1;
			st[k] = v;
		}
		int64_t cost = 3000000000LL + (int64_t)n * (1000000000LL +
			       (int64_t)cl_rng_int(&rng, 1000000000));
		CHECK_INT(cl_pool_add(pool, cl_rng_int(&rng, 2), cost, st, n, NULL), CL_OK);
	}
	struct cl_sp_params par;
	struct cl_sp_result res;
	struct cl_error err;
	cl_sp_params_default(&par);
	par.vehicles = veh;
	par.incumbent = inc;
	par.nincumbent = NS - 1;
	par.time_limit_s = 0.01;
	CHECK_INT(cl_setpart_solve_pool(pool, &par, &res, &err), CL_OK);
	CHECK(res.status == CL_SP_FEASIBLE || res.status == CL_SP_INCUMBENT ||
	      res.status == CL_SP_OPTIMAL);
	CHECK(res.objective <= res.incumbent_objective);
	/* feasibility, checked here */
	int cover[NS] = { 0 }, used[2] = { 0, 0 };
	int64_t c = 0;
	for (int i = 0; i < res.nchosen; i++) {
		int n, r = res.chosen[i];
		const int *s = cl_pool_stops(pool, r, &n);
		for (int k = 0; k < n; k++)
			cover[s[k]]++;
		used[cl_pool_type(pool, r)]++;
		c += cl_pool_cost(pool, r);
	}
	int ok = 1;
	for (int v = 1; v < NS; v++)
		ok &= cover[v] == 1;
	CHECK(ok);
	CHECK(used[0] <= veh[0] && used[1] <= veh[1]);
	CHECK_INT(c, res.objective);
	printf("time limit 0.01 s: status %d, %d columns, %.3f s, objective %.6g "
	       "(incumbent %.6g, LP %.6g)\n", res.status, res.ncols, res.elapsed_s,
	       (double)res.objective, (double)res.incumbent_objective, res.lp_bound);
	cl_sp_result_free(&res);

	/* The same with a larger limit must do at least as well. */
	par.time_limit_s = 2.0;
	par.verbose = getenv("SP_VERBOSE") != NULL;
	CHECK_INT(cl_setpart_solve_pool(pool, &par, &res, &err), CL_OK);
	CHECK(res.objective <= res.incumbent_objective);
	printf("time limit 2 s: status %d, %.3f s, objective %.6g, LP %.6g\n",
	       res.status, res.elapsed_s, (double)res.objective, res.lp_bound);
	cl_sp_result_free(&res);
	cl_pool_destroy(pool);
}

int main(void)
{
	RUN(test_enumeration);
	RUN(test_uncovered);
	RUN(test_bad_input);
	RUN(test_pool_dedup);
	RUN(test_error_hook);
	RUN(test_time_limit);
	TT_END();
}
