/*
 * search/state.h -- the search state and the two halves of one ruin-and-recreate
 * step (after Christiaens & Vanden Berghe 2020, "Slack induction by string
 * removals for vehicle routing problems", Transportation Science):
 * ruin.c removes strings of consecutive villages from routes near a random
 * seed village; recreate.c puts the removed (and earlier unassigned)
 * villages back one by one at their cheapest feasible place, skipping each
 * place with a small "blink" probability.
 */
#ifndef CUNLU_LNS_H
#define CUNLU_LNS_H

#include <stdint.h>
#include "search/prob.h"
#include "search/rng.h"
#include "search/route.h"

/*
 * A complete plan during the search: one route per vehicle, maybe empty.
 * Invariant (kept by every function of search/ that changes a state):
 * route_of[v] is the route holding village v, or -1 when v is in un[] or
 * was never given to the search.
 */
struct cl_state {
	int n;                /* sites: route_of and un have room for n */
	int nr;
	struct cl_rt *rt;     /* nr routes (vehicle slots) */
	int *route_of;        /* per node: route index, -1 if not on a route */
	int nun;
	int *un;              /* villages to place (or left unassigned) */
	int64_t cost;         /* routes + penalty per unassigned */
	/* Kept with cost (cl_state_cost, cl_state_copy, cl_state_sync,
	 * cl_recreate) and by the ruin: the routes with nodes, and the nodes
	 * on the routes (villages and reloads). */
	int nused;
	int nserved;
};

/* Workspace allocated once per run: no allocation inside the loop. */
struct cl_lns_work {
	int *dirty;           /* per route: changed in this step */
	int *dlist;           /* the changed routes */
	int ndirty;
	int *keys;            /* sort keys for recreate */
	int *seen;            /* per vehicle type: a free vehicle was tried */
	int *free_r;          /* per vehicle type: its lowest-numbered empty
				 route, -1 if none (recreate keeps it) */
	int *nfree;           /* per vehicle type: its empty routes */
	int *mark;            /* per route: == stamp when tried for this village
				 (nr + 1 entries: recreate's extra slot) */
	int *tail;            /* room for one route's villages (2-opt*) */
	int *used;            /* per route: recreate's list of used routes */
	int *room_dl, *room_pk; /* their room left (recreate.c) */
	int stamp;
	int keep_pending;     /* cl_recreate_from leaves a plain problem's
				 summaries pending (route.h: later) for
				 the annealing: only the local search
				 reads them, and it settles them first */
	int no_new_routes;    /* recreate may not start an empty vehicle
				 (nor split a day over two vehicles) */
	const int *priority;  /* if set, recreate sometimes orders by it */
	/* the search's deadline, polled by the local search between moves
	 * (cl_lns_due): it stops when now() >= deadline or *stop is set */
	double (*now)(void);  /* NULL: no deadline */
	double deadline;
	volatile int *stop;   /* may be NULL */
};

/*
 * An empty plan for p: every vehicle slot an empty route, every village
 * off the routes (route_of -1, un empty). CL_OK, or CL_EINTERNAL (out of
 * memory; s is left empty and may be freed).
 */
int cl_state_init(struct cl_state *s, const struct cl_prob *p);
/* Free what s owns and zero it; accepts a zeroed or freed state. */
void cl_state_free(struct cl_state *s);
/*
 * Make dst a copy of src (two states of the same problem): every route
 * (nodes and summaries), route_of, the unassigned list and the cost.
 * O(n + villages on routes). CL_OK, or CL_EINTERNAL when a route of dst
 * could not grow (out of memory; dst is then unusable: free it).
 */
int cl_state_copy(struct cl_state *dst, const struct cl_state *src);
/*
 * CL_OK, or CL_EINTERNAL when a route of s failed to grow during a step
 * (route.h: `oom`); the search checks this after each step.
 */
int cl_state_status(const struct cl_state *s);
/*
 * Recompute s->cost: the routes' costs plus, for every village off the
 * routes, what leaving it out costs (cl_prob_miss: a required village's
 * penalty, an optional one's prize).
 */
void cl_state_cost(struct cl_state *s, const struct cl_prob *p);
/*
 * The same in O(changed routes + nun), for a state s that equals base
 * (whose cost, nused and nserved are up to date) but for the routes in
 * w's list and the unassigned villages.
 */
void cl_state_cost_from(struct cl_state *s, const struct cl_state *base,
			const struct cl_prob *p, const struct cl_lns_work *w);
/*
 * A split village (prob.h) some of whose visits are off the routes is
 * taken off the routes entirely (its site is then not served), so that a
 * plan never serves part of a village. Updates the cost. O(n + route
 * lengths).
 */
void cl_state_whole_visits(struct cl_state *s, const struct cl_prob *p);
/* Bring every route's pending summaries up to date (route.h: later,
 * suf_stale): s is then as cl_rt_update leaves it. */
void cl_state_settle(struct cl_state *s, const struct cl_prob *p);
/* What the villages off the routes cost (micro-units). O(nun). */
int64_t cl_state_miss(const struct cl_state *s, const struct cl_prob *p);
/* s->cost without cl_state_miss: the routes alone. */
static inline int64_t cl_state_route_cost(const struct cl_state *s,
					  const struct cl_prob *p)
{
	return s->cost - cl_state_miss(s, p);
}

int cl_lns_work_init(struct cl_lns_work *w, const struct cl_prob *p, int nr);

/* Start a step: no route changed yet. */
static inline void cl_lns_begin(struct cl_lns_work *w)
{
	for (int i = 0; i < w->ndirty; i++)
		w->dirty[w->dlist[i]] = 0;
	w->ndirty = 0;
}

/* Has the search's deadline passed, or was it told to stop (w's now,
 * deadline and stop)? */
static inline int cl_lns_due(const struct cl_lns_work *w)
{
	if (w->stop && __atomic_load_n(w->stop, __ATOMIC_RELAXED))
		return 1;
	return w->now && w->now() >= w->deadline;
}

/* Route r changes in this step. */
static inline void cl_lns_touch(struct cl_lns_work *w, int r)
{
	if (!w->dirty[r]) {
		w->dirty[r] = 1;
		w->dlist[w->ndirty++] = r;
	}
}

/*
 * Make dst equal to src again after a step that changed only the routes
 * in w's list (dst and src were equal before it): copies those routes,
 * the unassigned list and the cost. O(size of the changed routes).
 * CL_OK, or CL_EINTERNAL when a route of dst could not grow (out of
 * memory; dst is then unusable).
 */
int cl_state_sync(struct cl_state *dst, const struct cl_state *src,
		  const struct cl_lns_work *w);
/*
 * cl_state_status for the routes in w's list only: after a step, the
 * only routes that can have failed to grow (the others failed earlier,
 * when they changed, and were caught then). O(changed routes).
 */
int cl_lns_status(const struct cl_state *s, const struct cl_lns_work *w);
void cl_lns_work_free(struct cl_lns_work *w);

/* Remove strings of villages around a random village; they go to s->un.
 * Reads and keeps s->nused and s->nserved (up to date wherever s->cost
 * is). */
void cl_ruin(struct cl_state *s, const struct cl_prob *p,
	     struct cl_lns_work *w, struct cl_rng *rng);

/*
 * Empty one whole route (preferring short ones) into s->un, so that
 * recreate may do without a vehicle. Call before cl_ruin in a step.
 */
void cl_ruin_route(struct cl_state *s, const struct cl_prob *p,
		   struct cl_lns_work *w, struct cl_rng *rng);

/*
 * Insert every village of s->un at its cheapest feasible place (blink
 * rate `blink`); those that fit nowhere stay in s->un. Updates s->cost.
 */
void cl_recreate(struct cl_state *s, const struct cl_prob *p,
		 struct cl_lns_work *w, struct cl_rng *rng, double blink);
/*
 * cl_recreate for a step that began with s equal to base (the routes
 * changed since are in w's list, base's cost, nused and nserved are up to
 * date): the same insertions, but the free vehicles and the cost are
 * counted from base and the changed routes (cl_state_cost_from) instead
 * of over every vehicle slot. base may be NULL (cl_recreate). With
 * w->keep_pending (and base) a plain problem's changed routes keep their
 * summaries pending (route.h: later) instead of being settled.
 */
void cl_recreate_from(struct cl_state *s, const struct cl_state *base,
		      const struct cl_prob *p, struct cl_lns_work *w,
		      struct cl_rng *rng, double blink);

#endif
