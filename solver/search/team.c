/*
 * search/team.c -- the annealing on several threads (team.h).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cunlu/log.h"
#include "search/pop.h"
#include "search/team.h"
#include "search/tuning.h"

/* What the searches share: the count of those still in the epoch, and
 * the flag that stops them (the time limit or the caller's stop). */
struct team {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int left;                     /* lanes still in the epoch */
	volatile int stop;            /* set by the lead: stop now */
	/* the run's own clock and limit (the lead's at the start: a lead
	 * sharing its thread counts only its own time, see split) */
	double (*now)(void);
	double t0, limit_s;
};

/* One search of the team: its plans, workspace, stream and outcome. */
struct member {
	struct cl_anneal a;
	struct cl_lns_work w;
	struct cl_rng rng;
	struct cl_anneal *ap;         /* &a, or the lead's */
	struct cl_pop *pop;           /* its population, or NULL: one run */
	struct cl_lns_work *wp;
	struct cl_rng *rngp;
	const struct cl_prob *p;
	double until;                 /* this epoch ends at this effort */
	int rc;                       /* the last epoch's status */
	struct cl_error err;
	int own;                      /* a, w were initialised here */
	int64_t prev;                 /* its best cost at the last exchange
				       * (INT64_MAX before the first) */
	long it0;                     /* iterations it had when it joined */
	struct member *next;          /* the next search on its thread, or NULL */
	int shared;                   /* its thread runs more than one search */
	double paused;                /* clock value when it last stopped */
	struct team *team;
};

/* One epoch of one member. A member sharing its thread counts only its
 * own time: its clock's origin moves on by the time the others took
 * since it last ran (so its time fraction is its own share's). */
static void run_member(struct member *m)
{
	struct cl_anneal *a = m->ap;

	if (m->shared) {
		a->t0 += a->now() - m->paused;
		m->wp->deadline = a->t0 + a->limit_s;
	}
	if (m->pop)
		m->rc = cl_pop_advance(m->pop, a, m->p, m->wp, m->rngp, m->until, &m->err);
	else
		m->rc = cl_anneal_run(a, m->p, m->wp, m->rngp, m->until, &m->err);
	if (m->shared)
		m->paused = a->now();
}

/* One epoch of the members of one thread, one after the other (a
 * thread's body). */
static void *epoch(void *arg)
{
	struct member *m = arg;

	for (struct member *x = m; x; x = x->next)
		run_member(x);
	pthread_mutex_lock(&m->team->mu);
	m->team->left--;
	pthread_cond_signal(&m->team->cv);
	pthread_mutex_unlock(&m->team->mu);
	return NULL;
}

/* Has the run reached its time limit, or been told to stop? */
static int lead_over(const struct team *t, const struct cl_anneal *lead)
{
	return (lead->stop && *lead->stop) ||
	       (t->limit_s < 1e29 && t->now() - t->t0 >= t->limit_s);
}

/*
 * The barrier, on the lead's side: wait until every member has ended the
 * epoch. At the time limit (or the caller's stop) the members are told to
 * stop: each ends at its next step or between two moves of its local
 * search (cl_lns_due), so that a member late at the deadline -- in a long
 * polish, or not scheduled while the machine is loaded -- holds the team
 * up by one ruin-and-recreate step at most once it runs, not by the rest
 * of its epoch. An iteration-bounded run never reaches this stop before
 * its iterations end, so its plans do not depend on the timing.
 */
static void wait_members(struct team *t, const struct cl_anneal *lead)
{
	pthread_mutex_lock(&t->mu);
	while (t->left > 0) {
		if (!t->stop && lead_over(t, lead))
			__atomic_store_n(&t->stop, 1, __ATOMIC_RELAXED);
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 5 * 1000 * 1000;   /* look at the clock every 5 ms */
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&t->cv, &t->mu, &ts);
	}
	pthread_mutex_unlock(&t->mu);
}

/* Member k's copy of the lead: the same schedule and plans, its own
 * workspace and stream. CL_OK or CL_EINTERNAL. */
static int member_init(struct member *m, const struct cl_anneal *lead,
		       const struct cl_prob *p, uint64_t seed, int k, struct team *t)
{
	m->team = t;
	if (cl_anneal_init(&m->a, p) != CL_OK)
		return CL_EINTERNAL;
	m->own = 1;
	if (cl_lns_work_init(&m->w, p, lead->cur.nr) != CL_OK)
		return CL_EINTERNAL;   /* w is left zeroed */
	m->a.it = lead->it;
	m->a.max_iters = lead->max_iters;
	m->a.t0 = lead->t0;
	m->a.limit_s = lead->limit_s;
	m->a.now = lead->now;
	m->a.frac = lead->frac;
	m->a.by_time = lead->by_time;
	m->a.temp0 = lead->temp0;
	m->a.temp_end = lead->temp_end;
	m->a.route_rate = lead->route_rate;
	m->a.cycle = lead->cycle;
	m->it0 = lead->it;
	m->prev = INT64_MAX;
	m->a.stop = &m->team->stop;   /* the lead passes its own stop on */
	if (cl_state_copy(&m->a.cur, &lead->cur) != CL_OK ||
	    cl_state_copy(&m->a.trial, &lead->trial) != CL_OK ||
	    cl_state_copy(&m->a.best, &lead->best) != CL_OK)
		return CL_EINTERNAL;
	/* distinct streams: splitmix64 (cl_rng_seed) spreads seed + k */
	cl_rng_seed(&m->rng, seed + 0x9e3779b97f4a7c15ull * (uint64_t)k);
	m->w.now = lead->limit_s < 1e29 ? lead->now : NULL;
	m->w.deadline = lead->t0 + lead->limit_s;
	m->w.stop = &m->team->stop;
	m->ap = &m->a;
	m->wp = &m->w;
	m->rngp = &m->rng;
	m->p = p;
	return CL_OK;
}

static void member_free(struct member *m)
{
	if (!m->own)
		return;
	cl_lns_work_free(&m->w);
	cl_anneal_free(&m->a);
}

/* The iterations the thread's whole effort gives, as the lead's probe
 * tells it (from effort fraction f0, with it0 iterations done and el0
 * seconds on the run's clock, to its end): those done and those of the
 * probe's pace over the rest (exactly the budget when the iterations
 * decide; by time the probe's pace, not the pace since the run began,
 * which counts the first plan's construction) -- or, when the probe's
 * pace in seconds gives less than half of that over the time left, that
 * (a run whose plan the time decides anyway). An iteration budget
 * the time limit cuts short (anneal.h: from half the time on the time
 * drives the fraction) counts its fraction in iterations until then: a
 * probe of 1% of those ended only at half the time, and the fraction's
 * pace put the effort at a hundred times what the time allows (10,000
 * villages, --iterations 1000000000, 60 s: 22.7 million against 0.69
 * million done: the population ran, eight elites a search; issue 13,
 * nineteenth session). 0 when the probe took no effort. */
static double probe_total(const struct cl_anneal *a, long it0, double f0, double el0)
{
	double df = a->frac - f0;
	if (df <= 0)
		return 0;
	double total = (double)a->it + (double)(a->it - it0) / df * (1 - a->frac);
	if (a->limit_s < 1e29) {
		double el = a->now() - a->t0, dt = el - el0;
		if (dt > 0) {
			double left = a->limit_s > el ? a->limit_s - el : 0;
			double by_clock = (double)a->it + (double)(a->it - it0) / dt * left;
			if (by_clock < total / 2)
				total = by_clock;
		}
	}
	return total;
}

/*
 * After the probe, without the population: each of the n threads takes
 * `per - 1` more searches (members n.., on thread k % n), each a copy of
 * its thread's first search with its own stream, and the thread's
 * remaining effort is shared between them: each gets 1 / per of the
 * iterations left and of the time left (the time each counts is its own,
 * run_member). CL_OK or CL_EINTERNAL.
 */
static int split(struct member *ms, int n, int per, const struct cl_prob *p, uint64_t seed,
		 struct team *t)
{
	double at = t->now();

	for (int k = 0; k < n; k++) {
		struct cl_anneal *a = ms[k].ap;
		long it = a->it, left = a->max_iters - it;
		/* the first takes the remainder: the thread's total is unchanged */
		a->max_iters = it + left - (per - 1) * (left / per);
		if (a->limit_s < 1e29) {
			/* its share of the time left, ending at `end`, on a clock
			 * whose fraction goes on from where it stands (f) rather
			 * than jumping ahead (which the first plan's time would
			 * make large): origin and limit so that the fraction is f
			 * now and 1 at `end` */
			double f = (at - a->t0) / a->limit_s;
			double end = at + (a->t0 + a->limit_s - at) / per;
			if (f < 1) {
				a->limit_s = (end - at) / (1 - f);
				a->t0 = at - f * a->limit_s;
			}
		}
		ms[k].wp->deadline = a->t0 + a->limit_s;
		for (int j = k + n; j < n * per; j += n) {
			if (member_init(&ms[j], a, p, seed, j, t) != CL_OK)
				return CL_EINTERNAL;
			ms[j].a.max_iters = it + left / per;
		}
	}
	for (int k = 0; k < n * per; k++) {
		ms[k].next = k + n < n * per ? &ms[k + n] : NULL;
		ms[k].shared = 1;
		ms[k].paused = at;
	}
	return CL_OK;
}

/* Does member i's best plan rank before member j's (cost, then index)? */
static int before(const struct member *ms, int i, int j)
{
	int64_t ci = ms[i].ap->best.cost, cj = ms[j].ap->best.cost;

	return ci < cj || (ci == cj && i < j);
}

/*
 * The barrier's exchange: order[] gets the members ranked (insertion
 * sort: a few members); unless `last`, those of the worse half (n / 2
 * members) whose best plan did not improve since the last exchange (with
 * `stale`: CL_TEAM_STALE; else every one of them) continue from the best
 * member's best plan -- or, with
 * populations, every member whose best plan costs more takes it into its
 * population (cl_pop_migrate). CL_OK or CL_EINTERNAL.
 */
static int exchange(struct member *ms, int n, int *order, int last, int stale)
{
	for (int k = 0; k < n; k++) {
		int j = k;
		while (j > 0 && before(ms, k, order[j - 1])) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = k;
	}
	if (last)
		return CL_OK;
	const struct cl_state *top = &ms[order[0]].ap->best;
	if (ms[0].pop) {
		for (int k = 1; k < n; k++)
			if (cl_pop_migrate(ms[order[k]].pop, ms[order[k]].ap, top) != CL_OK)
				return CL_EINTERNAL;
		return CL_OK;
	}
	for (int k = n - n / 2; k < n; k++) {
		struct member *m = &ms[order[k]];
		struct cl_anneal *a = m->ap;
		/* still improving on its own (or the first exchange): goes on */
		if (stale && a->best.cost < m->prev)
			continue;
		if (a->best.cost > top->cost && cl_state_copy(&a->best, top) != CL_OK)
			return CL_EINTERNAL;
		if (cl_anneal_restart(a) != CL_OK)
			return CL_EINTERNAL;
	}
	for (int k = 0; k < n; k++)
		ms[k].prev = ms[k].ap->best.cost;
	return CL_OK;
}

/*
 * One epoch: every member runs until its effort reaches `until` (or its
 * end), the members of threads 1..nl-1 on their own threads and those of
 * the lead's on this one; a thread that cannot start runs here afterwards
 * (the plans do not depend on it). *done: every member has ended. The
 * first member's failure, with its message.
 */
static int run_epoch(struct member *ms, int n, int nl, pthread_t *tid, int *started,
		     struct team *t, const struct cl_anneal *lead, double until, int *done,
		     struct cl_error *err)
{
	int rc = CL_OK;

	for (int k = 0; k < n; k++) {
		ms[k].until = until;
		ms[k].rc = CL_OK;
	}
	t->left = nl;
	for (int k = 1; k < nl; k++)
		started[k] = pthread_create(&tid[k], NULL, epoch, &ms[k]) == 0;
	epoch(&ms[0]);
	for (int k = 1; k < nl; k++)
		if (!started[k])
			epoch(&ms[k]);
	wait_members(t, lead);
	for (int k = 1; k < nl; k++)
		if (started[k])
			pthread_join(tid[k], NULL);
	*done = 1;
	for (int k = 0; k < n; k++) {
		*done &= ms[k].ap->done;
		if (ms[k].rc != CL_OK && rc == CL_OK) {
			rc = ms[k].rc;
			*err = ms[k].err;
		}
	}
	return rc;
}

/* Searches on each of nl threads for `searches` in all (rounded up, at
 * least one). */
static int per_thread(int searches, int nl)
{
	return searches > nl ? (searches + nl - 1) / nl : 1;
}

int cl_team_run(struct cl_anneal *lead, struct cl_lns_work *w, struct cl_rng *rng,
		const struct cl_prob *p, int nthreads, uint64_t seed, long *iterations,
		int *searches, int *population, struct cl_error *err)
{
	struct member *ms = NULL;
	pthread_t *tid = NULL;
	int *order = NULL, *started = NULL;
	struct cl_pop *pops = NULL;
	int rc = CL_OK, nl = nthreads > 1 ? nthreads : 1, done = 0, npop = 0;
	int stale = CL_TEAM_STALE;    /* exchange's rule (tuning.h) */
	/* searches per thread when the effort is shared: CL_TEAM_SPLIT on
	 * each thread (CL_TEAM_SPLIT_EACH) or in all, CL_TEAM_SPLIT_BIG in all
	 * from the population's effort on (tuning.h) */
	int per = CL_TEAM_SPLIT_EACH ? CL_TEAM_SPLIT : per_thread(CL_TEAM_SPLIT, nl);
	int per_big = per_thread(CL_TEAM_SPLIT_BIG, nl);
	int cap = nl * (per > per_big ? per : per_big), n = nl;
	double villages = p->nsites > 1 ? p->nsites - 1 : 1;
	struct team team;
	double lead_t0 = lead->t0, lead_limit = lead->limit_s;
	long lead_max = lead->max_iters;

	if (nl == 1 && !cl_pop_applies(lead)) {
		rc = cl_anneal_run(lead, p, w, rng, 2.0, err);
		*iterations = lead->it;
		*searches = 1;
		*population = 0;
		return rc;
	}
	ms = calloc((size_t)cap, sizeof *ms);
	tid = calloc((size_t)nl, sizeof *tid);
	order = calloc((size_t)cap, sizeof *order);
	started = calloc((size_t)nl, sizeof *started);
	if (!ms || !tid || !order || !started) {
		rc = cl_fail(err, CL_EINTERNAL, "out of memory for %d search threads", nl);
		goto cleanup;
	}
	memset(&team, 0, sizeof team);
	pthread_mutex_init(&team.mu, NULL);
	pthread_cond_init(&team.cv, NULL);
	team.now = lead->now;
	team.t0 = lead->t0;
	team.limit_s = lead->limit_s;
	ms[0].ap = lead;
	ms[0].wp = w;
	ms[0].rngp = rng;
	ms[0].p = p;
	ms[0].team = &team;
	ms[0].it0 = lead->it;
	ms[0].prev = INT64_MAX;
	for (int k = 1; k < nl && rc == CL_OK; k++)
		if (member_init(&ms[k], lead, p, seed, k, &team) != CL_OK)
			rc = cl_fail(err, CL_EINTERNAL, "out of memory for %d search threads", nl);

	/* with the population layer: a probe epoch tells whether the effort
	 * is large enough (the lead's rate, pop.h); if so each search runs a
	 * population from there on, and the exchanges migrate plans -- with
	 * opening hours only: without, the team gets CL_TEAM_SPLIT_BIG
	 * searches in all instead (tuning.h); if not, and the thread's effort
	 * is large enough, each thread shares it between CL_TEAM_SPLIT
	 * searches (split; not with opening hours, whose population starts
	 * at 2,000 per village: not measured there) */
	if (rc == CL_OK && cl_pop_applies(lead)) {
		/* the probe: CL_POP_PROBE of the effort from where it stands
		 * (by time, the first plan may have taken more than that) */
		int timed = 0;
		long it0 = lead->it;
		double el0 = lead->now() - lead->t0;
		double f0 = cl_anneal_effort(lead->by_time, lead->it, lead->max_iters, el0,
					     lead->limit_s, &timed);
		rc = run_epoch(ms, n, nl, tid, started, &team, lead, f0 + CL_POP_PROBE, &done, err);
		double total = rc == CL_OK ? probe_total(lead, it0, f0, el0) : 0;
		int wanted = rc == CL_OK && !done && cl_pop_wanted(lead, p, total);
		int big = wanted && !p->tw && CL_TEAM_SPLIT_BIG > 1;
		int share = big ? per_big : per;
		if (wanted && !big) {
			if (n == 1)
				cl_debug("population: %d elites from %ld iterations of %.0f",
					 CL_POP_SIZE, lead->it, total);
			else
				cl_debug("population: %d searches of %d elites from %ld "
					 "iterations of %.0f",
					 n, CL_POP_SIZE, lead->it, total);
			pops = calloc((size_t)n, sizeof *pops);
			if (!pops)
				rc = cl_fail(err, CL_EINTERNAL, "out of memory for the population");
			for (; rc == CL_OK && npop < n; npop++) {
				if (cl_pop_init(&pops[npop], ms[npop].ap, p) != CL_OK)
					rc = cl_fail(err, CL_EINTERNAL, "out of memory for the population");
				else
					ms[npop].pop = &pops[npop];
			}
		} else if (rc == CL_OK && !done && share > 1 && !p->tw &&
			   total >= CL_TEAM_SPLIT_PER_VILLAGE * villages) {
			cl_debug("team: %d searches on each of %d thread%s from %ld iterations of %.0f",
				 share, nl, nl == 1 ? "" : "s", lead->it, total);
			n = nl * share;
			if (big && CL_TEAM_BIG_ALWAYS)
				stale = 0;
			if (split(ms, nl, share, p, seed, &team) != CL_OK)
				rc = cl_fail(err, CL_EINTERNAL, "out of memory for %d searches", n);
		}
	}
	for (int e = 1; rc == CL_OK; e++) {
		/* one search alone runs to its end, without exchanges */
		double until = n == 1 || e >= CL_TEAM_EPOCHS ? 2.0 : (double)e / CL_TEAM_EPOCHS;
		if (!done)
			rc = run_epoch(ms, n, nl, tid, started, &team, lead, until, &done, err);
		if (rc == CL_OK && exchange(ms, n, order, done, stale) != CL_OK)
			rc = cl_fail(err, CL_EINTERNAL, "out of memory in the search");
		if (done)
			break;
	}
	if (rc == CL_OK && order[0] != 0 &&
	    cl_state_copy(&lead->best, &ms[order[0]].ap->best) != CL_OK)
		rc = cl_fail(err, CL_EINTERNAL, "out of memory in the search");
	*iterations = lead->it;
	*searches = n;
	*population = npop > 0;
	for (int k = 1; k < n; k++) {
		if (!ms[k].ap)
			continue;   /* not set up: out of memory */
		*iterations += ms[k].ap->it - ms[k].it0;
		if (ms[k].ap->time_limited)
			lead->time_limited = 1;
		if (ms[k].ap->time_drove)
			lead->time_drove = 1;
	}
	/* the lead's clock and budget as the caller set them */
	lead->t0 = lead_t0;
	lead->limit_s = lead_limit;
	lead->max_iters = lead_max;
	pthread_cond_destroy(&team.cv);
	pthread_mutex_destroy(&team.mu);
cleanup:
	for (int k = 0; k < npop; k++)
		if (ms[k].pop)
			cl_pop_free(ms[k].pop);
	free(pops);
	if (ms)
		for (int k = 1; k < cap; k++)
			member_free(&ms[k]);
	free(ms);
	free(tid);
	free(order);
	free(started);
	return rc;
}
