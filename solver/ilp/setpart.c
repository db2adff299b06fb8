/*
 * setpart.c -- the set partitioning model over the route pool, solved by
 * GLPK (setpart.h). The only file of the project that includes glpk.h.
 *
 * Steps of cl_setpart_solve(), one function each:
 *   1. check the input (ctx_create, check_input), the villages each route
 *      visits (count_cover) and the incumbent (check_incumbent), in int64,
 *      without GLPK;
 *   2. villages no route visits: in exact mode the answer is "infeasible"
 *      at once; in penalty mode they are left out at their penalty and get
 *      no row;
 *   3. build the model (build_model: rows and columns as in setpart.h),
 *      costs divided by their gcd (set_scale), the incumbent as the start
 *      (set_start);
 *   4. run_model -> guarded_solve -> glpk_run: the LP relaxation with
 *      glp_simplex (dual; its optimum is reported as lp_bound); with an
 *      incumbent, fix at 0 the columns whose reduced cost rules them out
 *      of any better plan; then glp_intopt from that basis (clique cuts,
 *      pseudocost branching on small models) with the incumbent handed
 *      over in the GLP_IHEUR callback (glp_ios_heur_sol);
 *   5. read_outcome: the return code and glp_mip_status(), GLPK's choice
 *      checked with our own int64 check, the incumbent kept unless GLPK's
 *      choice is strictly cheaper.
 *
 * Why the MIP presolver is off: glp_ios_heur_sol() takes the values of the
 * columns of the problem the branch-and-cut tree works on; with the MIP
 * presolver on that is the presolved problem, whose columns do not match
 * ours, so the incumbent could not be handed over. The LP is solved first
 * instead (glp_intopt without presolver needs an optimal basis anyway).
 *
 * GLPK errors: GLPK calls abort() on misuse or internal failure unless an
 * error hook is installed. Every GLPK call runs under a hook that
 * longjmp()s back to guarded_solve(), which then frees GLPK's environment
 * (glp_free_env, which also frees the problem object) and reports
 * CL_EINTERNAL with GLPK's message, captured by a terminal hook. Our own
 * arrays live in struct sp_ctx, outside GLPK, and are freed by the caller
 * in both cases.
 */
#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ilp/setpart.h"
#include "util/clock.h"
#include "ilp/pool.h"
#include "search/tuning.h"

#define COST_MAX ((int64_t)1 << 53)   /* exact in a double */

/* Everything a solve needs; survives a longjmp because it is not local to
 * guarded_solve(). */
struct sp_ctx {
	const struct cl_sp_route *routes;
	int nroutes;
	const struct cl_sp_params *par;
	int nsites, ntypes;
	double t0;
	int64_t scale;
	int64_t const_pen;          /* penalties of villages no route covers */
	int *row_of;                /* per site: model row, 0 = none */
	int nvrows;                 /* village rows (1..nvrows) */
	int *trow;                  /* per type: model row, 0 = none */
	int *slack_of;              /* per site: slack column, 0 = none */
	int nrows, ncols;
	int *ia, *ja;               /* matrix, 1-based (GLPK's convention) */
	double *ar;
	int nnz;
	double *x0;                 /* incumbent column values, 1-based */
	int have_inc;
	int inc_given;              /* handed to GLPK already */
	unsigned char *pick;        /* per route: chosen by GLPK */
	/* outcome of the GLPK part */
	int lp_solved;
	double lp_obj;              /* scaled units */
	int mip_rc, mip_stat, lp_rc, lp_stat;
	int ran_mip;
	double inc_obj;             /* incumbent's objective, scaled units,
				       without const_pen */
	int nfixed;                 /* columns fixed at 0 by their reduced cost */
	/* our own workspace (check_plan) and the incumbent's routes */
	int *cover;                 /* per site */
	int *used;                  /* per type */
	unsigned char *inc;         /* per route: in the incumbent */
	/* GLPK error handling */
	jmp_buf jb;
	char msg[512];              /* tail of GLPK's terminal output */
	size_t msglen;
};

void cl_sp_params_default(struct cl_sp_params *p)
{
	memset(p, 0, sizeof *p);
	p->mode = CL_SP_EXACT;
}

void cl_sp_result_free(struct cl_sp_result *res)
{
	if (!res)
		return;
	free(res->chosen);
	free(res->unassigned);
	memset(res, 0, sizeof *res);
}

static int64_t gcd64(int64_t a, int64_t b)
{
	while (b != 0) {
		int64_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

/* GLPK error hook: leave GLPK for good (it must not return). */
static void on_glpk_error(void *info)
{
	struct sp_ctx *c = info;
	longjmp(c->jb, 1);
}

/* GLPK terminal hook: keep the tail of the output for error messages;
 * swallow it unless verbose. */
static int on_glpk_term(void *info, const char *s)
{
	struct sp_ctx *c = info;
	size_t n = strlen(s);

	if (c->msglen + n >= sizeof c->msg)
		c->msglen = 0;
	if (n < sizeof c->msg) {
		memcpy(c->msg + c->msglen, s, n + 1);
		c->msglen += n;
	}
	return c->par->verbose ? 0 : 1;
}

/* GLPK's branch-and-cut callback: hand over the incumbent once. */
static void on_glpk_tree(glp_tree *tree, void *info)
{
	struct sp_ctx *c = info;

	if (glp_ios_reason(tree) == GLP_IHEUR && c->have_inc && !c->inc_given) {
		c->inc_given = 1;
		glp_ios_heur_sol(tree, c->x0);
	}
	/* tm_lim is only checked between nodes; stop as soon as we see the
	 * limit passed (the best plan so far is kept). */
	if (c->par->time_limit_s > 0 && cl_now_s() - c->t0 > c->par->time_limit_s)
		glp_ios_terminate(tree);
}

/* Milliseconds left for GLPK, at least 1; INT_MAX without a limit. */
static int ms_left(const struct sp_ctx *c)
{
	double lim = c->par->time_limit_s;
	if (lim <= 0)
		return INT_MAX;
	double left = (lim - (cl_now_s() - c->t0)) * 1000.0;
	if (left < 1.0)
		return 1;
	if (left > (double)INT_MAX)
		return INT_MAX;
	return (int)left;
}

/*
 * Reduced-cost fixing. With optimal LP duals, every feasible plan x costs
 * at least lp_obj + d_j for each column j it uses whose reduced cost d_j
 * is positive (the other terms of c.x - lp_obj are >= 0). A plan must
 * beat the incumbent by at least one scaled unit (costs are integers
 * there), so a column with d_j > inc_obj - 1 - lp_obj cannot be in it and
 * is fixed at 0. The incumbent's own columns always stay free. On
 * large pools this leaves GLPK a small fraction of the columns. Returns
 * the number of columns fixed.
 */
static int fix_by_reduced_cost(struct sp_ctx *c, glp_prob *lp)
{
	double room = c->inc_obj - 1.0 - c->lp_obj;
	double tol = 1e-7 * (fabs(c->lp_obj) + 1.0);
	int n = 0;

	for (int j = 1; j <= c->ncols; j++) {
		if (c->x0[j] > 0.5 || glp_get_col_stat(lp, j) != GLP_NL)
			continue;
		if (glp_get_col_dual(lp, j) > room + tol) {
			glp_set_col_bnds(lp, j, GLP_FX, 0.0, 0.0);
			n++;
		}
	}
	c->nfixed = n;
	return n;
}

/* Build and solve the model; every GLPK call of the project is here.
 * Runs under the error hook installed by guarded_solve(). */
static void glpk_run(struct sp_ctx *c, glp_prob *lp)
{
	const struct cl_sp_params *par = c->par;
	int msg = par->verbose ? GLP_MSG_ON : GLP_MSG_OFF;

	glp_set_obj_dir(lp, GLP_MIN);
	glp_add_rows(lp, c->nrows);
	glp_add_cols(lp, c->ncols);
	for (int v = 1; v < c->nsites; v++) {
		int i = c->row_of[v];
		if (i == 0)
			continue;
		if (par->optional && par->optional[v])
			glp_set_row_bnds(lp, i, GLP_UP, 0.0, 1.0);
		else
			glp_set_row_bnds(lp, i, GLP_FX, 1.0, 1.0);
	}
	for (int t = 0; t < c->ntypes; t++)
		if (c->trow[t] != 0)
			glp_set_row_bnds(lp, c->trow[t], GLP_UP, 0.0,
					 (double)par->vehicles[t]);
	for (int j = 1; j <= c->ncols; j++)
		glp_set_col_kind(lp, j, GLP_BV);
	for (int r = 0; r < c->nroutes; r++)
		glp_set_obj_coef(lp, r + 1, (double)(c->routes[r].cost / c->scale));
	for (int v = 1; v < c->nsites; v++)
		if (c->slack_of[v] != 0)
			glp_set_obj_coef(lp, c->slack_of[v],
					 (double)(par->penalty / c->scale));
	glp_load_matrix(lp, c->nnz, c->ia, c->ja, c->ar);
	if (par->test_fault)
		glp_set_obj_coef(lp, c->ncols + 1, 1.0);   /* out of range */

	glp_smcp sm;
	glp_init_smcp(&sm);
	sm.msg_lev = msg;
	sm.tm_lim = ms_left(c);
	sm.presolve = GLP_OFF;
	/* Dual simplex: with costs >= 0 the all-slack starting basis is dual
	 * feasible, and on ten region models of X-n393 it took half the
	 * primal simplex's time (median; 1.3x to 15x faster). Falls back to
	 * the primal simplex if it fails. */
	sm.meth = GLP_DUALP;
	c->lp_rc = glp_simplex(lp, &sm);
	c->lp_stat = glp_get_status(lp);
	if (c->lp_rc != 0 || c->lp_stat != GLP_OPT)
		return;
	c->lp_solved = 1;
	c->lp_obj = glp_get_obj_val(lp);
	if (c->have_inc && fix_by_reduced_cost(c, lp) > 0) {
		/* Same basis, still optimal: one warm simplex call restores the
		 * optimal status glp_intopt requires. */
		sm.tm_lim = ms_left(c);
		c->lp_rc = glp_simplex(lp, &sm);
		if (c->lp_rc != 0 || glp_get_status(lp) != GLP_OPT)
			return;
	}

	glp_iocp io;
	glp_init_iocp(&io);
	io.msg_lev = msg;
	io.tm_lim = ms_left(c);
	io.presolve = GLP_OFF;
	io.mip_gap = par->mip_gap > 0 ? par->mip_gap : 0.0;
	/* Clique cuts (rows of a set partitioning model are cliques of its
	 * conflict graph) and pseudocost branching: together they close
	 * pools of a few thousand routes that the default settings leave
	 * open for minutes. Pseudocost branching's start-up does not look at
	 * the time limit: on a few thousand columns with clique cuts it
	 * overran a 2 s limit by 3 s (test_setpart), so larger models branch
	 * the default way. (GLPK's proximity search was tried and left off:
	 * it spends its whole time limit at the root even on models that
	 * branching closes in milliseconds.) */
	io.clq_cuts = GLP_ON;
	io.br_tech = c->ncols <= CL_SP_PCOST_MAX_COLS ? GLP_BR_PCH : GLP_BR_DTH;
	io.cb_func = on_glpk_tree;
	io.cb_info = c;
	c->ran_mip = 1;
	c->mip_rc = glp_intopt(lp, &io);
	c->mip_stat = glp_mip_status(lp);
	if (c->mip_stat == GLP_OPT || c->mip_stat == GLP_FEAS)
		for (int r = 0; r < c->nroutes; r++)
			c->pick[r] = glp_mip_col_val(lp, r + 1) > 0.5;
}

/*
 * Run glpk_run() with GLPK's error hook installed. Returns 0, 1 after
 * a GLPK error (GLPK's environment and the problem are gone then; GLPK
 * reports its own allocation failures this way too, "glp_alloc: no memory
 * available"), or 2 when GLPK's environment cannot be allocated. GLPK's
 * environment is freed in every case.
 */
static int guarded_solve(struct sp_ctx *c)
{
	glp_prob *lp;

	c->msglen = 0;
	c->msg[0] = '\0';
	/* Without an environment, GLPK's first call makes one and calls
	 * abort() when that fails ("GLPK initialization failed"): make it
	 * here, where a failure can be reported (2: out of memory). */
	switch (glp_init_env()) {
	case 0:
	case 1:
		break;
	case 2:
		return 2;
	default:
		snprintf(c->msg, sizeof c->msg, "GLPK cannot initialise its environment");
		return 1;
	}
	if (setjmp(c->jb) != 0) {
		/* Do not touch the problem object: glp_free_env frees it. */
		glp_free_env();
		return 1;
	}
	glp_error_hook(on_glpk_error, c);
	glp_term_hook(on_glpk_term, c);
	glp_term_out(c->par->verbose ? GLP_ON : GLP_OFF);
	lp = glp_create_prob();
	glpk_run(c, lp);
	glp_delete_prob(lp);
	glp_error_hook(NULL, NULL);
	glp_term_hook(NULL, NULL);
	glp_free_env();
	return 0;
}

/* GLPK's captured message as one line. */
static void one_line(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = '\0';
	for (size_t i = 0; i < n; i++)
		if (s[i] == '\n')
			s[i] = ';';
}

/*
 * Is the set of routes in pick[] feasible? Fills *obj (routes +
 * penalties) and, when unass is not NULL, the non-optional villages left
 * out. cover[] is workspace of nsites entries, used[] of ntypes.
 */
static int check_plan(const struct sp_ctx *c, const unsigned char *pick,
		      int *cover, int *used, int64_t *obj, int *unass, int *nunass)
{
	const struct cl_sp_params *par = c->par;
	int64_t sum = 0;
	int nu = 0;

	memset(cover, 0, sizeof(int) * (size_t)c->nsites);
	memset(used, 0, sizeof(int) * (size_t)c->ntypes);
	for (int r = 0; r < c->nroutes; r++) {
		if (!pick[r])
			continue;
		const struct cl_sp_route *rt = &c->routes[r];
		sum += rt->cost;
		used[rt->type]++;
		for (int k = 0; k < rt->nstops; k++)
			cover[rt->stops[k]]++;
	}
	for (int t = 0; t < c->ntypes; t++)
		if (used[t] > par->vehicles[t])
			return 0;
	for (int v = 1; v < c->nsites; v++) {
		if (cover[v] > 1)
			return 0;
		if (cover[v] == 1 || (par->optional && par->optional[v]))
			continue;
		if (par->mode != CL_SP_PENALTY)
			return 0;
		sum += par->penalty;
		if (unass)
			unass[nu] = v;
		nu++;
	}
	*obj = sum;
	if (nunass)
		*nunass = nu;
	return 1;
}

/* Check the parameters and routes. CL_OK or CL_EINPUT. */
static int check_input(const struct sp_ctx *c, struct cl_error *err)
{
	const struct cl_sp_params *par = c->par;

	if (c->nsites < 2 || c->ntypes < 1 || !par->vehicles)
		return cl_fail(err, CL_EINPUT, "set partitioning: need nsites >= 2, "
			       "ntypes >= 1 and the vehicle counts");
	if (c->nroutes < 0 || (c->nroutes > 0 && !c->routes) ||
	    c->nroutes > INT_MAX - c->nsites - 1)
		return cl_fail(err, CL_EINPUT, "set partitioning: bad route count %d",
			       c->nroutes);
	if (par->mode != CL_SP_EXACT && par->mode != CL_SP_PENALTY)
		return cl_fail(err, CL_EINPUT, "set partitioning: unknown mode %d",
			       par->mode);
	if (par->mode == CL_SP_PENALTY && (par->penalty < 0 || par->penalty > COST_MAX))
		return cl_fail(err, CL_EINPUT, "set partitioning: penalty out of range");
	for (int t = 0; t < c->ntypes; t++)
		if (par->vehicles[t] < 0)
			return cl_fail(err, CL_EINPUT, "set partitioning: type %d: "
				       "negative vehicle count", t);
	if (par->nincumbent < 0 || (par->nincumbent > 0 && !par->incumbent))
		return cl_fail(err, CL_EINPUT, "set partitioning: bad incumbent");
	for (int r = 0; r < c->nroutes; r++) {
		const struct cl_sp_route *rt = &c->routes[r];
		if (rt->type < 0 || rt->type >= c->ntypes)
			return cl_fail(err, CL_EINPUT, "set partitioning: route %d: "
				       "type %d out of range", r, rt->type);
		if (rt->nstops < 1 || !rt->stops)
			return cl_fail(err, CL_EINPUT, "set partitioning: route %d: "
				       "no stops", r);
		if (rt->cost > COST_MAX || rt->cost < -COST_MAX)
			return cl_fail(err, CL_EINPUT, "set partitioning: route %d: "
				       "cost out of range", r);
		for (int k = 0; k < rt->nstops; k++)
			if (rt->stops[k] < 1 || rt->stops[k] >= c->nsites)
				return cl_fail(err, CL_EINPUT, "set partitioning: route "
					       "%d: stop %d out of range", r, rt->stops[k]);
	}
	return CL_OK;
}

/* Fill the matrix and the row and column numbering. */
static void build_model(struct sp_ctx *c, const int *cover)
{
	const struct cl_sp_params *par = c->par;
	int *ntype = c->trow;     /* count routes per type first */
	int i = 0, j = c->nroutes, k = 0;

	for (int v = 1; v < c->nsites; v++)
		c->row_of[v] = cover[v] > 0 ? ++i : 0;
	c->nvrows = i;
	memset(ntype, 0, sizeof(int) * (size_t)c->ntypes);
	for (int r = 0; r < c->nroutes; r++)
		ntype[c->routes[r].type]++;
	for (int t = 0; t < c->ntypes; t++)
		c->trow[t] = ntype[t] > par->vehicles[t] ? ++i : 0;
	c->nrows = i;
	for (int r = 0; r < c->nroutes; r++) {
		const struct cl_sp_route *rt = &c->routes[r];
		for (int s = 0; s < rt->nstops; s++) {
			k++;
			c->ia[k] = c->row_of[rt->stops[s]];
			c->ja[k] = r + 1;
			c->ar[k] = 1.0;
		}
		if (c->trow[rt->type] != 0) {
			k++;
			c->ia[k] = c->trow[rt->type];
			c->ja[k] = r + 1;
			c->ar[k] = 1.0;
		}
	}
	for (int v = 1; v < c->nsites; v++) {
		c->slack_of[v] = 0;
		if (c->row_of[v] != 0 && par->mode == CL_SP_PENALTY &&
		    !(par->optional && par->optional[v])) {
			c->slack_of[v] = ++j;
			k++;
			c->ia[k] = c->row_of[v];
			c->ja[k] = j;
			c->ar[k] = 1.0;
		}
	}
	c->ncols = j;
	c->nnz = k;
}

/* Indices checked before GLPK sees them: a bad one would abort GLPK. */
static int model_ok(const struct sp_ctx *c)
{
	if (c->nrows < 0 || c->ncols < 0)
		return 0;
	for (int k = 1; k <= c->nnz; k++)
		if (c->ia[k] < 1 || c->ia[k] > c->nrows ||
		    c->ja[k] < 1 || c->ja[k] > c->ncols)
			return 0;
	return 1;
}

static int set_answer(struct sp_ctx *c, const unsigned char *pick,
		      int *cover, int *used, struct cl_sp_result *res)
{
	int n = 0;

	for (int r = 0; r < c->nroutes; r++)
		n += pick[r] != 0;
	res->chosen = malloc(sizeof(int) * (size_t)(n > 0 ? n : 1));
	res->unassigned = malloc(sizeof(int) * (size_t)c->nsites);
	if (!res->chosen || !res->unassigned)
		return CL_EINTERNAL;
	for (int r = 0; r < c->nroutes; r++)
		if (pick[r])
			res->chosen[res->nchosen++] = r;
	if (!check_plan(c, pick, cover, used, &res->objective, res->unassigned,
			&res->nunassigned))
		return CL_EINTERNAL;
	return CL_OK;
}

/* Free a context made by ctx_create() (accepts NULL). */
static void ctx_free(struct sp_ctx *c)
{
	if (!c)
		return;
	free(c->cover);
	free(c->used);
	free(c->inc);
	free(c->pick);
	free(c->row_of);
	free(c->slack_of);
	free(c->trow);
	free(c->ia);
	free(c->ja);
	free(c->ar);
	free(c->x0);
	free(c);
}

/*
 * A context for the solve with its arrays, after checking the input.
 * CL_OK, CL_EINPUT or CL_EINTERNAL (out of memory); *out is NULL on
 * failure.
 */
static int ctx_create(const struct cl_sp_route *routes, int nroutes,
		      const struct cl_sp_params *params, struct sp_ctx **out,
		      struct cl_error *err)
{
	struct sp_ctx *c = calloc(1, sizeof *c);
	size_t nnz_max = 0, nr1 = (size_t)(nroutes > 0 ? nroutes : 1);
	int rc;

	*out = NULL;
	if (!c)
		return cl_fail(err, CL_EINTERNAL, "set partitioning: out of memory");
	c->t0 = cl_now_s();
	c->routes = routes;
	c->nroutes = nroutes;
	c->par = params;
	c->nsites = params->nsites;
	c->ntypes = params->ntypes;
	rc = check_input(c, err);
	if (rc != CL_OK)
		goto fail;
	for (int r = 0; r < nroutes; r++)
		nnz_max += (size_t)routes[r].nstops + 1;
	nnz_max += (size_t)c->nsites;
	if (nnz_max >= (size_t)INT_MAX) {
		rc = cl_fail(err, CL_EINPUT, "set partitioning: model too large");
		goto fail;
	}
	c->cover = calloc((size_t)c->nsites, sizeof(int));
	c->used = calloc((size_t)c->ntypes, sizeof(int));
	c->inc = calloc(nr1, 1);
	c->pick = calloc(nr1, 1);
	c->row_of = calloc((size_t)c->nsites, sizeof(int));
	c->slack_of = calloc((size_t)c->nsites, sizeof(int));
	c->trow = calloc((size_t)c->ntypes, sizeof(int));
	c->ia = malloc(sizeof(int) * (nnz_max + 1));
	c->ja = malloc(sizeof(int) * (nnz_max + 1));
	c->ar = malloc(sizeof(double) * (nnz_max + 1));
	c->x0 = calloc((size_t)nroutes + (size_t)c->nsites + 1, sizeof(double));
	if (!c->cover || !c->used || !c->inc || !c->pick || !c->row_of || !c->slack_of ||
	    !c->trow || !c->ia || !c->ja || !c->ar || !c->x0) {
		rc = cl_fail(err, CL_EINTERNAL, "set partitioning: out of memory");
		goto fail;
	}
	*out = c;
	return CL_OK;
fail:
	ctx_free(c);
	return rc;
}

/*
 * Refuse a route visiting a village twice; count in c->cover the routes
 * of each village, and the villages nobody covers (res->nuncovered; their
 * penalties in c->const_pen). CL_OK or CL_EINPUT.
 */
static int count_cover(struct sp_ctx *c, struct cl_sp_result *res,
		       struct cl_error *err)
{
	const struct cl_sp_route *routes = c->routes;
	const struct cl_sp_params *params = c->par;

	for (int r = 0; r < c->nroutes; r++) {
		for (int k = 0; k < routes[r].nstops; k++) {
			int v = routes[r].stops[k];
			if (c->cover[v] == r + 1)
				return cl_fail(err, CL_EINPUT, "set partitioning: route %d "
					       "visits village %d twice", r, v);
			c->cover[v] = r + 1;
		}
	}
	memset(c->cover, 0, sizeof(int) * (size_t)c->nsites);
	for (int r = 0; r < c->nroutes; r++)
		for (int k = 0; k < routes[r].nstops; k++)
			c->cover[routes[r].stops[k]]++;
	for (int v = 1; v < c->nsites; v++) {
		if (c->cover[v] > 0 || (params->optional && params->optional[v]))
			continue;
		res->nuncovered++;
		c->const_pen += params->penalty;
	}
	return CL_OK;
}

/*
 * The incumbent: distinct valid indices forming a feasible plan, marked
 * in c->inc; its objective in res. CL_OK, CL_EINPUT or CL_EINTERNAL.
 */
static int check_incumbent(struct sp_ctx *c, struct cl_sp_result *res,
			   struct cl_error *err)
{
	const struct cl_sp_params *params = c->par;

	for (int i = 0; i < params->nincumbent; i++) {
		int r = params->incumbent[i];
		if (r < 0 || r >= c->nroutes || c->inc[r])
			return cl_fail(err, CL_EINPUT, "set partitioning: incumbent "
				       "route %d out of range or repeated", r);
		c->inc[r] = 1;
	}
	if (!params->incumbent)
		return CL_OK;
	int *cv = calloc((size_t)c->nsites, sizeof(int));
	if (!cv)
		return cl_fail(err, CL_EINTERNAL, "set partitioning: out of memory");
	int ok = check_plan(c, c->inc, cv, c->used, &res->incumbent_objective, NULL, NULL);
	free(cv);
	if (!ok)
		return cl_fail(err, CL_EINPUT, "set partitioning: the incumbent "
			       "is not a feasible plan over the routes");
	c->have_inc = 1;
	return CL_OK;
}

/* Costs divided by their gcd (and the penalty's): c->scale. */
static void set_scale(struct sp_ctx *c, struct cl_sp_result *res)
{
	int64_t g = 0;
	for (int r = 0; r < c->nroutes; r++)
		g = gcd64(g, c->routes[r].cost < 0 ? -c->routes[r].cost : c->routes[r].cost);
	if (c->par->mode == CL_SP_PENALTY)
		g = gcd64(g, c->par->penalty);
	c->scale = g > 0 ? g : 1;
	res->scale = c->scale;
	if (c->have_inc)
		c->inc_obj = (double)((res->incumbent_objective - c->const_pen) /
				      c->scale);
}

/* The incumbent as GLPK's starting integer solution (x0, 1-based). */
static void set_start(struct sp_ctx *c)
{
	for (int r = 0; r < c->nroutes; r++)
		c->x0[r + 1] = c->inc[r] ? 1.0 : 0.0;
	memset(c->cover, 0, sizeof(int) * (size_t)c->nsites);
	for (int r = 0; r < c->nroutes; r++)
		if (c->inc[r])
			for (int k = 0; k < c->routes[r].nstops; k++)
				c->cover[c->routes[r].stops[k]] = 1;
	for (int v = 1; v < c->nsites; v++)
		if (c->slack_of[v] != 0)
			c->x0[c->slack_of[v]] = c->cover[v] ? 0.0 : 1.0;
}

/* Run GLPK on the model (or decide a model with nothing to choose). */
static int run_model(struct sp_ctx *c, struct cl_error *err)
{
	if (c->nrows == 0 || c->ncols == 0) {
		/* Nothing for GLPK to decide: every route is unusable or there
		 * are none; choosing nothing is the only plan. */
		memset(c->pick, 0, (size_t)(c->nroutes > 0 ? c->nroutes : 1));
		c->lp_solved = 1;
		c->lp_obj = 0;
		c->ran_mip = 1;
		c->mip_rc = 0;
		c->mip_stat = GLP_OPT;
		return CL_OK;
	}
	switch (guarded_solve(c)) {
	case 0:
		break;
	case 2:
		return cl_oom(err, "for GLPK's environment");
	default:
		one_line(c->msg);
		/* glp_alloc / glp_realloc: "no memory available" */
		if (strstr(c->msg, "no memory available"))
			return cl_oom(err, "in GLPK: %s", c->msg);
		return cl_fail(err, CL_EINTERNAL, "GLPK failed: %s",
			       c->msg[0] ? c->msg : "internal error");
	}
	return CL_OK;
}

/*
 * Read GLPK's return code and status into res: its plan when our check
 * accepts it and it beats the incumbent, else the incumbent's. CL_OK or
 * CL_EINTERNAL.
 */
static int read_outcome(struct sp_ctx *c, struct cl_sp_result *res,
			struct cl_error *err)
{
	res->nfixed = c->nfixed;
	if (c->lp_solved)
		res->lp_bound = c->lp_obj * (double)c->scale + (double)c->const_pen;
	int glpk_has = c->ran_mip && (c->mip_stat == GLP_OPT || c->mip_stat == GLP_FEAS);
	int proven = c->ran_mip && c->mip_rc == 0 && c->mip_stat == GLP_OPT;
	int infeasible = (c->lp_rc == 0 && c->lp_stat == GLP_NOFEAS) ||
			 (c->ran_mip && c->mip_stat == GLP_NOFEAS) ||
			 (c->ran_mip && c->mip_rc == GLP_ENOPFS);
	int64_t gobj = 0;
	if (glpk_has && !check_plan(c, c->pick, c->cover, c->used, &gobj, NULL, NULL))
		glpk_has = 0;   /* never trust a plan our check refuses */
	if (glpk_has && (!c->have_inc || gobj < res->incumbent_objective)) {
		res->status = proven ? CL_SP_OPTIMAL : CL_SP_FEASIBLE;
		res->improved = c->have_inc;
		if (set_answer(c, c->pick, c->cover, c->used, res) != CL_OK)
			return cl_fail(err, CL_EINTERNAL, "set partitioning: out of memory");
		return CL_OK;
	}
	if (c->have_inc)
		res->status = proven ? CL_SP_OPTIMAL : CL_SP_INCUMBENT;
	else if (infeasible && !glpk_has)
		res->status = CL_SP_INFEASIBLE;
	else
		res->status = CL_SP_NOSOLUTION;
	return CL_OK;
}

int cl_setpart_solve(const struct cl_sp_route *routes, int nroutes,
		     const struct cl_sp_params *params,
		     struct cl_sp_result *res, struct cl_error *err)
{
	struct sp_ctx *c = NULL;
	double t0 = cl_now_s();
	int rc;

	memset(res, 0, sizeof *res);
	res->status = CL_SP_ERROR;
	res->lp_bound = NAN;
	res->incumbent_objective = INT64_MAX;
	rc = ctx_create(routes, nroutes, params, &c, err);
	if (rc == CL_OK)
		rc = count_cover(c, res, err);
	if (rc == CL_OK)
		rc = check_incumbent(c, res, err);
	if (rc != CL_OK)
		goto cleanup;
	if (res->nuncovered > 0 && params->mode == CL_SP_EXACT) {
		res->status = CL_SP_INFEASIBLE;
	} else {
		set_scale(c, res);
		build_model(c, c->cover);
		res->nrows = c->nrows;
		res->ncols = c->ncols;
		if (!model_ok(c)) {
			rc = cl_fail(err, CL_EINTERNAL, "set partitioning: model index out "
				     "of range (bug)");
			goto cleanup;
		}
		if (c->have_inc)
			set_start(c);
		rc = run_model(c, err);
		if (rc == CL_OK)
			rc = read_outcome(c, res, err);
		if (rc != CL_OK)
			goto cleanup;
	}
	if (c->have_inc && !res->chosen &&
	    set_answer(c, c->inc, c->cover, c->used, res) != CL_OK)
		rc = cl_fail(err, CL_EINTERNAL, "set partitioning: out of memory");
cleanup:
	if (rc != CL_OK) {
		cl_sp_result_free(res);
		res->status = CL_SP_ERROR;
		res->lp_bound = NAN;
		res->incumbent_objective = INT64_MAX;
	}
	res->elapsed_s = cl_now_s() - (c ? c->t0 : t0);
	ctx_free(c);
	return rc;
}

int cl_setpart_solve_pool(const struct cl_pool *pool,
			  const struct cl_sp_params *params,
			  struct cl_sp_result *res, struct cl_error *err)
{
	struct cl_sp_params par = *params;
	struct cl_sp_route *rt;
	int n = cl_pool_count(pool), rc;

	rt = malloc(sizeof *rt * (size_t)(n > 0 ? n : 1));
	if (!rt) {
		memset(res, 0, sizeof *res);
		res->status = CL_SP_ERROR;
		res->lp_bound = NAN;
		return cl_fail(err, CL_EINTERNAL, "set partitioning: out of memory");
	}
	for (int i = 0; i < n; i++) {
		rt[i].type = cl_pool_type(pool, i);
		rt[i].cost = cl_pool_cost(pool, i);
		rt[i].stops = cl_pool_stops(pool, i, &rt[i].nstops);
	}
	par.nsites = cl_pool_nsites(pool);
	par.ntypes = cl_pool_ntypes(pool);
	rc = cl_setpart_solve(rt, n, &par, res, err);
	free(rt);
	return rc;
}
