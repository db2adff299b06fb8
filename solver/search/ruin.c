/*
 * ruin.c -- string removal around a seed village (search/state.h).
 *
 * From routes near a randomly chosen village, remove a string of
 * consecutive villages (or, half of the time, a longer string of which a
 * short run is kept: the "split string"). Removing neighbours from several
 * routes at once lets recreate exchange villages between nearby routes.
 */
#include "search/state.h"
#include "search/tuning.h"

static void take_out(struct cl_state *s, const struct cl_prob *p, struct cl_rt *r,
		     int from, int to)
{
	/* a plain problem's routes keep their cost while their summaries
	 * wait (route.h: later) */
	if (p->plain)
		r->cost -= cl_rt_cut_saving(r, p, from, to);
	for (int i = from; i <= to; i++) {
		int v = r->nodes[i];
		if (v == 0)
			continue;   /* a reload stays (route.h) */
		s->route_of[v] = -1;
		s->un[s->nun++] = v;
		/* what cl_rt_cut_later needs kept (the updates
		 * recompute it) */
		r->dl -= p->nodes[v].demand;
		r->pk -= p->nodes[v].pickup;
	}
	cl_rt_remove_range(r, from, to);
}

/* Route r went from len nodes to its present length (the update may
 * also drop a reload left without a village): s->nused and s->nserved,
 * which the ruin keeps (state.h). */
static void count_cut(struct cl_state *s, const struct cl_rt *r, int len)
{
	s->nserved -= len - r->len;
	s->nused -= len > 0 && r->len == 0;
}

/* Remove a string of l villages containing position pos of route r;
 * *from and *to: the first and last position removed. */
static void remove_string(struct cl_state *s, const struct cl_prob *p, struct cl_rt *r,
			  int pos, int l, struct cl_rng *rng, int *from, int *to)
{
	int lo = pos - l + 1 < 1 ? 1 : pos - l + 1;
	int hi = pos < r->len - l + 1 ? pos : r->len - l + 1;
	int start = lo + cl_rng_int(rng, hi - lo + 1);
	take_out(s, p, r, start, start + l - 1);
	*from = start;
	*to = start + l - 1;
}

/*
 * Split string: pick a string of l + m villages containing pos, keep a run
 * of m of them (1 <= m <= CL_SPLIT_MAX) and remove the l others.
 */
static void remove_split(struct cl_state *s, const struct cl_prob *p, struct cl_rt *r,
			 int pos, int l, struct cl_rng *rng, int *from, int *to)
{
	int m = 1;
	while (l + m < r->len && m < CL_SPLIT_MAX && cl_rng_unit(rng) < CL_SPLIT_GROW)
		m++;
	int total = l + m;
	int lo = pos - total + 1 < 1 ? 1 : pos - total + 1;
	int hi = pos < r->len - total + 1 ? pos : r->len - total + 1;
	int start = lo + cl_rng_int(rng, hi - lo + 1);
	int keep = start + cl_rng_int(rng, l + 1);   /* kept run [keep, keep+m) */
	/* Remove the right part first so the left positions stay valid. */
	if (keep + m <= start + total - 1)
		take_out(s, p, r, keep + m, start + total - 1);
	if (keep - 1 >= start)
		take_out(s, p, r, start, keep - 1);
	/* what changed: [start, start + total - 1] less the kept run, of
	 * which the first and the last position may have stayed */
	*from = keep > start ? start : keep + m;
	*to = keep + m <= start + total - 1 ? start + total - 1 : keep - 1;
}

void cl_ruin(struct cl_state *s, const struct cl_prob *p,
	     struct cl_lns_work *w, struct cl_rng *rng)
{
	int used = s->nused, served = s->nserved;

	if (served == 0)
		return;
	double avg_len = (double)served / used;
	double ls_max = avg_len < CL_MAX_STRING ? avg_len : CL_MAX_STRING;
	double ks_max = 4.0 * CL_AVG_REMOVED / (1.0 + ls_max) - 1.0;
	int ks = (int)(cl_rng_unit(rng) * ks_max) + 1;

	int seed;
	do
		seed = 1 + cl_rng_int(rng, p->n - 1);
	while (s->route_of[seed] < 0 && served > 0 && cl_rng_unit(rng) < 0.999);

	int strings = 0;
	for (int k = -1; k < p->nnear && strings < ks; k++) {
		int c = k < 0 ? seed : p->near[(long)seed * p->nnear + k];
		int r = s->route_of[c];
		if (r < 0 || w->dirty[r])
			continue;
		struct cl_rt *rt = &s->rt[r];
		int lmax = rt->len < (int)ls_max ? rt->len : (int)ls_max;
		if (lmax < 1)
			lmax = 1;
		int l = 1 + cl_rng_int(rng, lmax);
		int pos = cl_rt_position(rt, c), len = rt->len, from, to;
		if (l >= rt->len || cl_rng_unit(rng) < 0.5)
			remove_string(s, p, rt, pos, l, rng, &from, &to);
		else
			remove_split(s, p, rt, pos, l, rng, &from, &to);
		/* a route is ruined once a step, and nothing below reads
		 * the summaries: its update can come at once -- or, in a
		 * plain problem, after recreate's insertions (route.h:
		 * later), in one pass for both */
		if (p->plain)
			cl_rt_cut_later(rt, from);
		else
			cl_rt_update_cut(rt, p, from, to, len);
		count_cut(s, rt, len);
		cl_lns_touch(w, r);
		strings++;
	}
}

void cl_ruin_route(struct cl_state *s, const struct cl_prob *p,
		   struct cl_lns_work *w, struct cl_rng *rng)
{
	int pick = -1;

	/* A tournament of three favours short routes, the easiest to empty. */
	for (int k = 0; k < 3; k++) {
		for (int tries = 0; tries < 8; tries++) {
			int r = cl_rng_int(rng, s->nr);
			if (s->rt[r].len == 0)
				continue;
			if (pick < 0 || s->rt[r].len < s->rt[pick].len)
				pick = r;
			break;
		}
	}
	if (pick < 0 || w->dirty[pick])
		return;
	int len = s->rt[pick].len;
	take_out(s, p, &s->rt[pick], 1, len);
	cl_lns_touch(w, pick);
	cl_rt_update(&s->rt[pick], p);
	count_cut(s, &s->rt[pick], len);
}
