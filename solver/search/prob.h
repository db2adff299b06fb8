/*
 * prob.h -- the search's view of an instance: integer data laid out for
 * fast move evaluation. Costs are 64-bit integers in micro-units of money
 * (VROOM's habit: exact comparisons, reproducible runs).
 */
#ifndef CUNLU_PROB_H
#define CUNLU_PROB_H

#include <stdint.h>
#include "cunlu/error.h"
#include "cunlu/instance.h"
#include "cunlu/matrix.h"

#define CL_COST_SCALE 1000000.0  /* micro-units per money unit */

struct cl_ptype {
	int count;            /* vehicles of this type */
	int cap;              /* parcels */
	int shift_start;      /* seconds */
	int shift_end;
	int max_dur;          /* seconds; INT_MAX when only the shift bounds it */
	int64_t max_dist;     /* metres; INT64_MAX when unlimited */
	int64_t fixed;        /* micro-units per vehicle used */
	int64_t unit;         /* micro-units per metre */
	const int32_t *time;  /* n*n travel times for this type */
	const int32_t *dist;  /* n*n distances this type drives */
};

struct cl_pnode {
	int demand, pickup, service, tw_start, tw_end;
};

struct cl_prob {
	int n;                    /* sites, 0 = depot */
	const int32_t *dist;      /* n*n metres (shared; for neighbour lists) */
	int ntypes;
	struct cl_ptype *types;
	struct cl_pnode *nodes;
	int64_t penalty;          /* cost of leaving one village unassigned */
	int nnear;                /* neighbours per node in near[] */
	int *near;                /* n*nnear: villages sorted by distance */
};

int cl_prob_create(const struct cl_instance *inst, const struct cl_matrix *m,
		   struct cl_prob **out, struct cl_error *err);
void cl_prob_destroy(struct cl_prob *p);

static inline int32_t cl_prob_dist(const struct cl_prob *p, int i, int j)
{
	return p->dist[(long)i * p->n + j];
}

#endif
