/*
 * fleetmin.c -- fleet minimisation (fleetmin.h).
 */
#include <stdlib.h>
#include <string.h>

#include "search/fleetmin.h"

static int routes_used(const struct cl_state *s)
{
	int k = 0;
	for (int r = 0; r < s->nr; r++)
		k += s->rt[r].len > 0;
	return k;
}

static long absence_sum(const struct cl_state *s, const int *absence)
{
	long sum = 0;
	for (int i = 0; i < s->nun; i++)
		sum += absence[s->un[i]];
	return sum;
}

static void copy_full(struct cl_state *dst, const struct cl_state *src,
		      const struct cl_prob *p)
{
	cl_state_copy(dst, src);
	memcpy(dst->route_of, src->route_of, sizeof(int) * (size_t)p->n);
}

int cl_fleet_minimise(struct cl_state *s, struct cl_state *tmp,
		      const struct cl_prob *p, struct cl_lns_work *w,
		      struct cl_rng *rng, double (*now)(void), double deadline,
		      long max_steps, int min_routes, volatile int *stop)
{
	long steps = 0;
	int *absence = calloc((size_t)p->n, sizeof(int));
	struct cl_state work;
	int saved = 0, base_nun = s->nun;

	if (!absence)
		return 0;
	if (cl_state_init(&work, p) != CL_OK) {
		free(absence);
		return 0;
	}
	w->priority = absence;
	while (now() < deadline && steps < max_steps && !(stop && *stop) &&
	       routes_used(s) > (min_routes > 1 ? min_routes : 1)) {
		/* work = s without its shortest route */
		copy_full(&work, s, p);
		int pick = -1;
		for (int r = 0; r < work.nr; r++)
			if (work.rt[r].len > 0 && (pick < 0 || work.rt[r].len < work.rt[pick].len))
				pick = r;
		struct cl_rt *rt = &work.rt[pick];
		for (int i = 1; i <= rt->len; i++) {
			work.route_of[rt->nodes[i]] = -1;
			work.un[work.nun++] = rt->nodes[i];
		}
		rt->len = 0;
		cl_rt_update(rt, p);
		cl_state_cost(&work, p);

		/* Place the villages without a new vehicle, steering by absence. */
		int done = 0;
		long it = 0;
		while (!done && !(stop && *stop) && steps++ < max_steps &&
		       ((it++ & 15) || now() < deadline)) {
			copy_full(tmp, &work, p);
			cl_lns_begin(w);
			w->no_new_routes = 1;
			cl_ruin(tmp, p, w, rng);
			cl_recreate(tmp, p, w, rng, 0.01);
			w->no_new_routes = 0;
			for (int i = 0; i < tmp->nun; i++)
				absence[tmp->un[i]]++;
			if (tmp->nun <= base_nun) {
				done = 1;
			} else if (tmp->nun < work.nun ||
				   absence_sum(tmp, absence) <= absence_sum(&work, absence)) {
				copy_full(&work, tmp, p);
			}
		}
		cl_lns_begin(w);
		if (!done)
			break;
		copy_full(s, tmp, p);
		saved++;
	}
	w->priority = NULL;
	w->no_new_routes = 0;
	cl_state_free(&work);
	free(absence);
	return saved;
}
