/*
 * search/anneal.h -- ruin and recreate with simulated-annealing
 * acceptance, the main phase of the search (docs/design.md).
 *
 * Each step ruins a copy of the current plan (cl_ruin, sometimes first
 * cl_ruin_route), recreates it (cl_recreate) and accepts it when it costs
 * less than the current plan plus temperature x -ln(u). The temperature
 * falls geometrically from CL_TEMP_START to CL_TEMP_END times the average
 * arc cost of the starting plan, in the fraction of the effort used
 * (cl_anneal_effort). Each new best plan is polished by the local search
 * (ls.h).
 *
 * The run can be paused at a fraction of the effort (cl_anneal_run's
 * `until`) so that the driver can work on the best plan in between (the
 * --ilp sweeps) and restart from it (cl_anneal_restart).
 */
#ifndef CUNLU_ANNEAL_H
#define CUNLU_ANNEAL_H

#include "cunlu/error.h"
#include "search/state.h"

/* Called after each accepted step with the current plan and the routes
 * the step changed (w's list); a status other than CL_OK ends the run
 * with that status (the hook fills err). */
typedef int (*cl_anneal_hook)(void *ctx, const struct cl_state *cur,
			      const struct cl_lns_work *w, struct cl_error *err);

struct cl_anneal {
	struct cl_state cur;      /* the annealing's current plan */
	struct cl_state trial;    /* cur + the step being tried */
	struct cl_state best;     /* the cheapest plan seen, polished */
	long it;                  /* iterations done */
	long max_iters;           /* the budget in iterations (> 0) */
	double t0;                /* clock value the time limit counts from */
	double limit_s;           /* time limit from t0 (1e30: none) */
	double (*now)(void);      /* the clock */
	double frac;              /* effort used at the last check, 0..1 */
	int by_time;              /* the effort is the time limit (max_iters
				     only a cap), else the iterations */
	int time_drove;           /* the time, not the iterations, set the
				     fraction of an iteration-bounded run */
	double temp0, temp_end;   /* temperature at frac 0 and 1 */
	double route_rate;        /* share of steps that first empty a route */
	int time_limited;         /* the time limit ended the run */
	int done;                 /* iterations, time or a stop ended it */
	volatile int *stop;       /* non-zero: stop (may be NULL) */
	int progress;             /* as cl_solve_params.progress */
	double last_print;        /* clock value of the last progress line */
	int printed;              /* a progress line is on the terminal */
	int cycle;                /* the temperature cycle under way
				     (CL_ANNEAL_CYCLES) */
	cl_anneal_hook on_accept; /* may be NULL */
	void *hook_ctx;
};

/*
 * The fraction of the effort used after `it` iterations and `el` of the
 * time limit `limit_s`. By time (by_time): the larger of it / max_iters and
 * el / limit_s. By iterations: it / max_iters, unless the time limit would
 * end the run first: the time then counts from half the limit on, as
 * 2 el / limit_s - 1, so that the schedule still ends when the time does.
 * A run whose pace leaves it within the limit never reaches that term and
 * its plan depends on the seed and the iterations only, however loaded
 * the machine; *timed is set to 1 when the time term is the larger.
 */
double cl_anneal_effort(int by_time, long it, long max_iters, double el,
			double limit_s, int *timed);

/*
 * Allocate the three plans of a (empty); the schedule fields are set by
 * the caller or cl_anneal_start. CL_OK or CL_EINTERNAL (out of memory; a
 * may be freed).
 */
int cl_anneal_init(struct cl_anneal *a, const struct cl_prob *p);
void cl_anneal_free(struct cl_anneal *a);

/*
 * Begin from a->cur (a feasible plan): trial = cur, best = cur unless
 * best is already cheaper, the temperatures from cur's average arc cost.
 * CL_OK or CL_EINTERNAL (out of memory).
 */
int cl_anneal_start(struct cl_anneal *a, const struct cl_prob *p);

/*
 * Run steps until the effort used reaches `until` (a->frac >= until, no
 * step taken then; a->done stays 0) or the run ends (a->done = 1: the
 * iteration budget, the time limit -- a->time_limited -- or a stop).
 * CL_OK, or CL_EINTERNAL with a message (out of memory), or the hook's
 * status.
 */
int cl_anneal_run(struct cl_anneal *a, const struct cl_prob *p,
		  struct cl_lns_work *w, struct cl_rng *rng, double until,
		  struct cl_error *err);

/* Continue from a->best (changed by the caller): cur = trial = best. */
int cl_anneal_restart(struct cl_anneal *a);

/* End the progress line on the terminal, if any. */
void cl_anneal_progress_end(struct cl_anneal *a);

#endif
