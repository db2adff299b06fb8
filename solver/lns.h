/*
 * lns.h -- the search state and the two halves of one ruin-and-recreate
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
#include "prob.h"
#include "rng.h"
#include "route.h"

/* A complete plan during the search: one route per vehicle, maybe empty. */
struct cl_state {
	int nr;
	struct cl_rt *rt;     /* nr routes (vehicle slots) */
	int *route_of;        /* per node: route index, -1 if not on a route */
	int nun;
	int *un;              /* villages to place (or left unassigned) */
	int64_t cost;         /* routes + penalty per unassigned */
};

/* Workspace allocated once per run: no allocation inside the loop. */
struct cl_lns_work {
	int *ruined;          /* per route: touched in this step */
	int *keys;            /* sort keys for recreate */
	int *seen;            /* per vehicle type: last village that saw a free vehicle */
};

int cl_state_init(struct cl_state *s, const struct cl_prob *p);
void cl_state_free(struct cl_state *s);
void cl_state_copy(struct cl_state *dst, const struct cl_state *src);
/* Recompute s->cost from the routes and the unassigned count. */
void cl_state_cost(struct cl_state *s, const struct cl_prob *p);

int cl_lns_work_init(struct cl_lns_work *w, const struct cl_prob *p, int nr);
void cl_lns_work_free(struct cl_lns_work *w);

/* Remove strings of villages around a random village; they go to s->un. */
void cl_ruin(struct cl_state *s, const struct cl_prob *p,
	     struct cl_lns_work *w, struct cl_rng *rng);

/*
 * Insert every village of s->un at its cheapest feasible place (blink
 * rate `blink`); those that fit nowhere stay in s->un. Updates s->cost.
 */
void cl_recreate(struct cl_state *s, const struct cl_prob *p,
		 struct cl_lns_work *w, struct cl_rng *rng, double blink);

#endif
