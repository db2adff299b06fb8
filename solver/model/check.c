/*
 * check.c -- the independent feasibility checker (see check.h).
 *
 * Recomputes every figure of a solution from the instance and the matrix
 * alone, by the plainest possible simulation of each route; it shares no
 * code with the search on purpose, so that a bug there cannot hide itself.
 * Arithmetic is done in long long and checked against the limits before
 * anything is narrowed to int, so absurd inputs give a violation, not
 * overflow.
 *
 * Messages count routes and stops from 1 and vehicles from #1, as a
 * dispatcher would; records are 1-based as in the rest of the program.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cunlu/check.h"

/* Where each village was seen while walking the solution. */
#define SEEN_NOWHERE (-1)
#define SEEN_UNASSIGNED (-2)

/* "HH:MM", or "HH:MM:SS" when the time is not on a whole minute. */
static void fmt_time(long long secs, char buf[32])
{
	char hhmm[16];

	if (secs < 0 || secs > INT_MAX) {
		snprintf(buf, 32, "%llds", secs);
		return;
	}
	cl_format_hhmm((int)secs, hhmm);
	if (secs % 60 != 0)
		snprintf(buf, 32, "%s:%02lld", hhmm, secs % 60);
	else
		snprintf(buf, 32, "%s", hhmm);
}

/* "village ID \"X\", record 12" for a valid site index. */
static void fmt_site(const struct cl_instance *inst, int site, char *buf,
		     size_t size)
{
	const struct cl_site *s = &inst->sites[site];
	const char *kind = site == 0 ? "depot" : "village";
	const char *id = s->id ? s->id : "";

	if (s->record >= 0)
		snprintf(buf, size, "%s ID \"%s\", record %d", kind, id,
			 s->record + 1);
	else
		snprintf(buf, size, "%s ID \"%s\"", kind, id);
}

/* "route 3 (van #2)"; the type must already be known valid. */
static void fmt_route(const struct cl_instance *inst,
		      const struct cl_route *r, int ri, char *buf, size_t size)
{
	const char *name = inst->types[r->type].name;

	snprintf(buf, size, "route %d (%s #%d)", ri + 1, name ? name : "?",
		 r->vehicle + 1);
}

/* "route 3 (van #2), stop 5 (village ID \"X\", record 12)". */
static void fmt_stop(const struct cl_instance *inst,
		     const struct cl_route *r, int ri, int k, char *buf,
		     size_t size)
{
	char rbuf[256], sbuf[384];

	fmt_route(inst, r, ri, rbuf, sizeof rbuf);
	fmt_site(inst, r->stops[k], sbuf, sizeof sbuf);
	snprintf(buf, size, "%s, stop %d (%s)", rbuf, k + 1, sbuf);
}

/*
 * The structural checks of route ri that need nothing but indices: type,
 * vehicle number and reuse, stop indices, villages seen twice. Marks the
 * route's villages in seen[]. CL_OK or CL_EINTERNAL with a message.
 */
static int check_route_shape(const struct cl_instance *inst,
			     const struct cl_solution *sol, int ri,
			     int *seen, struct cl_error *err)
{
	const struct cl_route *r = &sol->routes[ri];
	char where[512], what[768];

	if (r->type < 0 || r->type >= inst->ntypes)
		return cl_fail(err, CL_EINTERNAL,
			       "check: route %d: vehicle type %d does not exist "
			       "(the fleet has %d types)", ri + 1, r->type,
			       inst->ntypes);
	fmt_route(inst, r, ri, where, sizeof where);
	if (r->vehicle < 0 || r->vehicle >= inst->types[r->type].count)
		return cl_fail(err, CL_EINTERNAL,
			       "check: %s: vehicle number %d out of range "
			       "(the fleet has %d of this type)", where,
			       r->vehicle + 1, inst->types[r->type].count);
	for (int q = 0; q < ri; q++) {
		const struct cl_route *o = &sol->routes[q];
		if (o->type == r->type && o->vehicle == r->vehicle)
			return cl_fail(err, CL_EINTERNAL,
				       "check: %s: vehicle already used by route %d",
				       where, q + 1);
	}
	if (r->nstops <= 0 || !r->stops)
		return cl_fail(err, CL_EINTERNAL,
			       "check: %s: empty route (no stops)", where);
	for (int k = 0; k < r->nstops; k++) {
		int s = r->stops[k];
		if (s < 1 || s >= inst->nsites)
			return cl_fail(err, CL_EINTERNAL,
				       "check: %s, stop %d: site index %d is not a "
				       "village (valid: 1..%d)", where, k + 1, s,
				       inst->nsites - 1);
		if (seen[s] == ri) {
			fmt_stop(inst, r, ri, k, what, sizeof what);
			return cl_fail(err, CL_EINTERNAL,
				       "check: %s: village visited twice on this route",
				       what);
		}
		if (seen[s] >= 0) {
			fmt_stop(inst, r, ri, k, what, sizeof what);
			return cl_fail(err, CL_EINTERNAL,
				       "check: %s: village already served by route %d",
				       what, seen[s] + 1);
		}
		seen[s] = ri;
	}
	return CL_OK;
}

/*
 * Check that the arc a -> b of route ri is usable by the route's vehicle
 * type. k is the stop being driven to (nstops for the return to depot).
 */
static int check_arc(const struct cl_instance *inst, const struct cl_matrix *m,
		     const struct cl_route *r, int ri, int k, int a, int b,
		     struct cl_error *err)
{
	char where[768], from[384], to[384];

	if (cl_dist_t(m, r->type, a, b) >= 0 && cl_time(m, r->type, a, b) >= 0)
		return CL_OK;
	if (k < r->nstops) {
		fmt_stop(inst, r, ri, k, where, sizeof where);
	} else {
		fmt_route(inst, r, ri, where, sizeof where);
		snprintf(where + strlen(where), sizeof where - strlen(where),
			 ", return to depot");
	}
	fmt_site(inst, a, from, sizeof from);
	fmt_site(inst, b, to, sizeof to);
	return cl_fail(err, CL_EINTERNAL,
		       "check: %s: no road from %s to %s (unreachable in the "
		       "matrix)", where, from, to);
}

/*
 * Simulate route ri (whose shape is already checked) and fill ev, whose
 * stops[] has room for r->nstops entries. CL_OK or CL_EINTERNAL with a
 * message naming the route, stop and constraint.
 */
static int eval_route(const struct cl_instance *inst, const struct cl_matrix *m,
		      const struct cl_solution *sol, int ri,
		      struct cl_route_eval *ev, struct cl_error *err)
{
	const struct cl_route *r = &sol->routes[ri];
	const struct cl_vtype *vt = &inst->types[r->type];
	char where[768], t1[32], t2[32];
	long long t, dist = 0, load = 0, load_max, dur;
	int prev = 0, rc;

	fmt_route(inst, r, ri, where, sizeof where);
	if (r->depart_s < vt->shift_start_s) {
		fmt_time(r->depart_s, t1);
		fmt_time(vt->shift_start_s, t2);
		return cl_fail(err, CL_EINTERNAL,
			       "check: %s: departs %s before the shift starts at %s",
			       where, t1, t2);
	}
	for (int k = 0; k < r->nstops; k++)
		load += inst->sites[r->stops[k]].demand;
	if (load > vt->capacity)
		return cl_fail(err, CL_EINTERNAL,
			       "check: %s: leaves the depot with %lld parcels, "
			       "capacity %d", where, load, vt->capacity);
	ev->load_start = (int)load;
	load_max = load;

	t = r->depart_s;
	for (int k = 0; k < r->nstops; k++) {
		const struct cl_site *s = &inst->sites[r->stops[k]];
		struct cl_stop_eval *se = &ev->stops[k];
		long long arrival, start;

		rc = check_arc(inst, m, r, ri, k, prev, r->stops[k], err);
		if (rc != CL_OK)
			return rc;
		arrival = t + cl_time(m, r->type, prev, r->stops[k]);
		dist += cl_dist_t(m, r->type, prev, r->stops[k]);
		start = arrival > s->tw_start_s ? arrival : s->tw_start_s;
		if (start > s->tw_end_s) {
			fmt_stop(inst, r, ri, k, where, sizeof where);
			fmt_time(s->tw_end_s, t2);
			if (arrival > s->tw_end_s) {
				fmt_time(arrival, t1);
				return cl_fail(err, CL_EINTERNAL,
					       "check: %s: arrives %s after closing %s",
					       where, t1, t2);
			}
			fmt_time(s->tw_start_s, t1);
			return cl_fail(err, CL_EINTERNAL,
				       "check: %s: opens %s after it closes %s",
				       where, t1, t2);
		}
		load = load - s->demand + s->pickup;
		if (load > vt->capacity || load < 0) {
			fmt_stop(inst, r, ri, k, where, sizeof where);
			return cl_fail(err, CL_EINTERNAL,
				       "check: %s: %lld parcels on board after the "
				       "stop (delivers %d, picks up %d), capacity %d",
				       where, load, s->demand, s->pickup,
				       vt->capacity);
		}
		if (dist > INT_MAX) {
			fmt_stop(inst, r, ri, k, where, sizeof where);
			return cl_fail(err, CL_EINTERNAL,
				       "check: %s: distance from the depot %lld m "
				       "out of range", where, dist);
		}
		if (load > load_max)
			load_max = load;
		t = start + s->service_s;
		if (t > vt->shift_end_s) {
			fmt_stop(inst, r, ri, k, where, sizeof where);
			fmt_time(t, t1);
			fmt_time(vt->shift_end_s, t2);
			return cl_fail(err, CL_EINTERNAL,
				       "check: %s: leaves %s, after the shift ends "
				       "at %s", where, t1, t2);
		}
		se->site = r->stops[k];
		se->arrival_s = (int)arrival;
		se->start_s = (int)start;
		se->depart_s = (int)t;
		se->wait_s = (int)(start - arrival);
		se->load = (int)load;
		se->dist_m = (int)dist;
		prev = r->stops[k];
	}
	fmt_route(inst, r, ri, where, sizeof where);
	rc = check_arc(inst, m, r, ri, r->nstops, prev, 0, err);
	if (rc != CL_OK)
		return rc;
	t += cl_time(m, r->type, prev, 0);
	dist += cl_dist_t(m, r->type, prev, 0);
	if (t > vt->shift_end_s) {
		fmt_time(t, t1);
		fmt_time(vt->shift_end_s, t2);
		return cl_fail(err, CL_EINTERNAL,
			       "check: %s: returns to the depot at %s, after the "
			       "shift ends at %s", where, t1, t2);
	}
	dur = t - r->depart_s;
	if (vt->max_dur_s > 0 && dur > vt->max_dur_s)
		return cl_fail(err, CL_EINTERNAL,
			       "check: %s: takes %lld min, longer than the route "
			       "limit of %d min (%lld s > %d s)", where, dur / 60,
			       vt->max_dur_s / 60, dur, vt->max_dur_s);
	if (vt->max_dist_m > 0 && (double)dist > vt->max_dist_m)
		return cl_fail(err, CL_EINTERNAL,
			       "check: %s: drives %.3f km, beyond the range of "
			       "%.3f km", where, (double)dist / 1000.0,
			       vt->max_dist_m / 1000.0);
	ev->nstops = r->nstops;
	ev->start_s = r->depart_s;
	ev->end_s = (int)t;
	ev->dur_s = (int)dur;
	ev->dist_m = (long)dist;
	ev->load_end = (int)load;
	ev->load_max = (int)load_max;
	ev->cost = vt->fixed_cost + vt->cost_per_km * (double)dist / 1000.0;
	return CL_OK;
}

/*
 * The unassigned list: valid village indices, each listed once, none also
 * on a route, each with a reason. Marks them in seen[].
 */
static int check_unassigned(const struct cl_instance *inst,
			    const struct cl_solution *sol, int *seen,
			    struct cl_error *err)
{
	char what[384];

	if (sol->nunassigned > 0 && (!sol->unassigned || !sol->reasons))
		return cl_fail(err, CL_EINTERNAL,
			       "check: %d unassigned villages but no list",
			       sol->nunassigned);
	for (int u = 0; u < sol->nunassigned; u++) {
		int s = sol->unassigned[u];
		enum cl_reason why = sol->reasons[u];

		if (s < 1 || s >= inst->nsites)
			return cl_fail(err, CL_EINTERNAL,
				       "check: unassigned entry %d: site index %d is "
				       "not a village (valid: 1..%d)", u + 1, s,
				       inst->nsites - 1);
		fmt_site(inst, s, what, sizeof what);
		if (seen[s] >= 0)
			return cl_fail(err, CL_EINTERNAL,
				       "check: unassigned entry %d (%s): village is "
				       "also served by route %d", u + 1, what,
				       seen[s] + 1);
		if (seen[s] == SEEN_UNASSIGNED)
			return cl_fail(err, CL_EINTERNAL,
				       "check: unassigned entry %d (%s): village "
				       "listed as unassigned twice", u + 1, what);
		if ((int)why <= (int)CL_REASON_NONE ||
		    (int)why >= (int)CL_REASON_COUNT)
			return cl_fail(err, CL_EINTERNAL,
				       "check: unassigned entry %d (%s): no reason "
				       "given (code %d)", u + 1, what, (int)why);
		seen[s] = SEEN_UNASSIGNED;
	}
	return CL_OK;
}

/*
 * Check sol against inst and m (see check.h). On success the report, if
 * wanted, is filled with arrays the caller frees with cl_report_free(); on
 * failure *rep is left zeroed with nothing allocated. Returns CL_OK, or
 * CL_EINTERNAL for a violation, a matrix that does not fit the instance,
 * or exhausted memory.
 */
int cl_check(const struct cl_instance *inst, const struct cl_matrix *m,
	     const struct cl_solution *sol, struct cl_report *rep,
	     struct cl_error *err)
{
	struct cl_report tmp;
	int *seen = NULL;
	int rc = CL_OK;
	char what[384];

	memset(&tmp, 0, sizeof tmp);
	if (rep)
		memset(rep, 0, sizeof *rep);
	if (!m || m->n != inst->nsites || m->ntypes != inst->ntypes)
		return cl_fail(err, CL_EINTERNAL,
			       "check: the matrix (%d sites, %d types) does not fit "
			       "the instance (%d sites, %d types)", m ? m->n : 0,
			       m ? m->ntypes : 0, inst->nsites, inst->ntypes);
	if (sol->nroutes < 0 || sol->nunassigned < 0 ||
	    (sol->nroutes > 0 && !sol->routes))
		return cl_fail(err, CL_EINTERNAL, "check: malformed solution");

	seen = malloc(sizeof *seen * (size_t)(inst->nsites > 0 ? inst->nsites : 1));
	tmp.routes = calloc(sol->nroutes > 0 ? (size_t)sol->nroutes : 1,
			    sizeof *tmp.routes);
	if (!seen || !tmp.routes) {
		rc = cl_fail(err, CL_EINTERNAL, "check: out of memory");
		goto cleanup;
	}
	tmp.nroutes = sol->nroutes;
	for (int i = 0; i < inst->nsites; i++)
		seen[i] = SEEN_NOWHERE;

	for (int ri = 0; ri < sol->nroutes; ri++) {
		struct cl_route_eval *ev = &tmp.routes[ri];

		rc = check_route_shape(inst, sol, ri, seen, err);
		if (rc != CL_OK)
			goto cleanup;
		ev->stops = calloc((size_t)sol->routes[ri].nstops, sizeof *ev->stops);
		if (!ev->stops) {
			rc = cl_fail(err, CL_EINTERNAL, "check: out of memory");
			goto cleanup;
		}
		rc = eval_route(inst, m, sol, ri, ev, err);
		if (rc != CL_OK)
			goto cleanup;
		tmp.total_dist_m += ev->dist_m;
		tmp.total_dur_s += ev->dur_s;
		tmp.total_cost += ev->cost;
		tmp.served += ev->nstops;
	}
	rc = check_unassigned(inst, sol, seen, err);
	if (rc != CL_OK)
		goto cleanup;
	for (int s = 1; s < inst->nsites; s++) {
		if (seen[s] != SEEN_NOWHERE)
			continue;
		fmt_site(inst, s, what, sizeof what);
		rc = cl_fail(err, CL_EINTERNAL,
			     "check: %s is neither on a route nor reported "
			     "unassigned", what);
		goto cleanup;
	}
	tmp.vehicles_used = sol->nroutes;
	tmp.unassigned = sol->nunassigned;
	rc = CL_OK;
cleanup:
	free(seen);
	if (rc == CL_OK && rep)
		*rep = tmp;
	else
		cl_report_free(&tmp);
	return rc;
}

/* Free the arrays of a report and zero it; accepts NULL and zeroed reports. */
void cl_report_free(struct cl_report *rep)
{
	if (!rep)
		return;
	if (rep->routes) {
		for (int r = 0; r < rep->nroutes; r++)
			free(rep->routes[r].stops);
		free(rep->routes);
	}
	memset(rep, 0, sizeof *rep);
}
