/*
 * search/team.h -- the annealing on several threads (--threads N).
 *
 * N searches start from the same plan, each with its own random stream
 * (the first one continues the caller's, so that it is exactly the
 * one-thread search until the first exchange), and run in CL_TEAM_EPOCHS
 * epochs, each on its own thread: an epoch ends at the next 1/EPOCHS of
 * the annealing's effort (the larger of the iteration and time
 * fractions, anneal.h), so that under a time limit all end it at about
 * the same moment. At the end of each epoch all wait for one another (a
 * barrier); they are ranked by their
 * best plan (cost, then index), and the worse half continue from the
 * team's best plan (cur = trial = best = it), keeping their own
 * temperature and random stream -- only those whose own best plan did
 * not improve during the epoch (CL_TEAM_STALE), but in the team of
 * CL_TEAM_SPLIT_BIG searches (below), where all of them do
 * (CL_TEAM_BIG_ALWAYS). The ranking and the restarts depend only
 * on the plans, never on which thread finished first, so the same seed, N
 * and iteration budget give the same plan on every run; a time limit
 * that decides the effort first makes it depend on the machine's speed,
 * as with one thread.
 *
 * At the time limit (or the caller's stop) the lead, waiting at the
 * barrier with the deadline, tells the others to stop: each ends at its
 * next step or between two moves of its local search (cl_lns_due).
 *
 * With the population layer (pop.h), a first epoch to CL_POP_PROBE tells
 * from the lead's rate whether the effort is large enough (the iterations
 * its pace gives over the effort left, or over the time left when that
 * gives less than half: team.c, probe_total); if so, with
 * opening hours (prob.h: tw), each
 * search runs its own population from there on (cl_pop_advance, its
 * elites from its own probe's best plan), and at each barrier the team's
 * best plan migrates into every other population (cl_pop_migrate: it
 * takes the worst elite's place once the elites are made) instead of the
 * restarts.
 *
 * Without opening hours, when the probe tells that a thread's effort is
 * at least CL_TEAM_SPLIT_PER_VILLAGE iterations per village, the team
 * gets CL_TEAM_SPLIT searches in all, CL_TEAM_SPLIT_BIG (4) from the
 * population's effort on (instead of populations, tuning.h says why):
 * each thread shares its effort between
 * CL_TEAM_SPLIT / N of them, rounded up (with 2: only N = 1 shares; all
 * CL_TEAM_SPLIT with CL_TEAM_SPLIT_EACH, a measured option, off), run
 * one after the other in each epoch (member k on thread k mod N), each
 * with its share of the thread's iterations and time left. The time each
 * counts is its own (its clock's origin moves on while the others of its
 * thread run), so that its schedule ends with its share. They take part
 * in the exchanges as the others: with one thread this is a team of two
 * searches on one core, which on X did better than one search with all
 * of the iterations, or twice them (tuning.h). Otherwise, with one thread
 * the search is the one run (or one population) it was.
 *
 * The problem (cl_prob) and the matrices are only read; each search has
 * its own plans (cl_anneal), workspace (cl_lns_work) and generator.
 */
#ifndef CUNLU_TEAM_H
#define CUNLU_TEAM_H

#include <stdint.h>

#include "cunlu/error.h"
#include "search/anneal.h"

/*
 * Run the annealing of `lead` (started: cl_anneal_start done, schedule
 * set) with nthreads - 1 more searches to its end (lead->done: the
 * iteration budget, the time limit or a stop). lead's on_accept hook must
 * be NULL (the hooks' pools are not shared). The other searches' streams
 * come from `seed`. On return lead->best is the team's best plan,
 * *iterations the iterations of all searches together, *searches
 * their number and *population 1 when they ran the population layer
 * (pop.h), else 0; lead's clock origin, limit and budget are as on entry.
 * nthreads <= 1 without the population layer (cl_pop_applies) is plain
 * cl_anneal_run. CL_OK, CL_EINTERNAL (out of memory) with a message.
 */
int cl_team_run(struct cl_anneal *lead, struct cl_lns_work *w, struct cl_rng *rng,
		const struct cl_prob *p, int nthreads, uint64_t seed, long *iterations,
		int *searches, int *population, struct cl_error *err);

#endif
