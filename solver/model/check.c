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
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cunlu/check.h"

/* What the walk over the solution learnt about each village. */
struct seen {
	int route;        /* first route visiting it, or -1 */
	int last;         /* last route visiting it, or -1 */
	int whole;        /* visits taking its whole amounts (no shares) */
	int visits;
	long long dl, pk; /* parcels delivered and collected over its visits */
	int listed;       /* 0, LISTED_UNASSIGNED or LISTED_DEFERRED */
	int entry;        /* its entry in that list (0-based) */
};

#define LISTED_UNASSIGNED 1
#define LISTED_DEFERRED 2

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

/* "village record 12 (FID 11, ID X \"name\")" for a valid site index
 * (cl_site_label). */
static void fmt_site(const struct cl_instance *inst, int site, char *buf,
		     size_t size)
{
	char label[CL_LABEL_MAX];

	snprintf(buf, size, "%s %s", site == 0 ? "depot" : "village",
		 cl_site_label(&inst->sites[site], label, sizeof label));
}

/* "route 3 (van #2)"; the type must already be known valid. */
static void fmt_route(const struct cl_instance *inst,
		      const struct cl_route *r, int ri, char *buf, size_t size)
{
	const char *name = inst->types[r->type].name;

	if (r->trip > 0)
		snprintf(buf, size, "route %d (%s #%d, trip %d)", ri + 1,
			 name ? name : "?", r->vehicle + 1, r->trip + 1);
	else
		snprintf(buf, size, "route %d (%s #%d)", ri + 1, name ? name : "?",
			 r->vehicle + 1);
}

/* "van #2" */
static void fmt_vehicle(const struct cl_instance *inst, int type, int vehicle,
			char *buf, size_t size)
{
	const char *name = inst->types[type].name;

	snprintf(buf, size, "%s #%d", name ? name : "?", vehicle + 1);
}

/* The share delivered (collected) at stop k of r: its own or the whole. */
static long long share_dl(const struct cl_instance *inst, const struct cl_route *r, int k)
{
	return r->deliver ? r->deliver[k] : inst->sites[r->stops[k]].demand;
}

static long long share_pk(const struct cl_instance *inst, const struct cl_route *r, int k)
{
	return r->pickup ? r->pickup[k] : inst->sites[r->stops[k]].pickup;
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
 * vehicle number, stop indices, shares, villages seen twice (split visits
 * must carry their shares). Records the route's visits in seen[].
 * CL_OK or CL_EINTERNAL with a message.
 */
static int check_route_shape(const struct cl_instance *inst,
			     const struct cl_solution *sol, int ri,
			     struct seen *seen, struct cl_error *err)
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
	if (r->nstops <= 0 || !r->stops)
		return cl_fail(err, CL_EINTERNAL,
			       "check: %s: empty route (no stops)", where);
	for (int k = 0; k < r->nstops; k++) {
		int s = r->stops[k];
		struct seen *sv;
		long long dl, pk;

		if (s < 1 || s >= inst->nsites)
			return cl_fail(err, CL_EINTERNAL,
				       "check: %s, stop %d: site index %d is not a "
				       "village (valid: 1..%d)", where, k + 1, s,
				       inst->nsites - 1);
		sv = &seen[s];
		fmt_stop(inst, r, ri, k, what, sizeof what);
		if (sv->last == ri)
			return cl_fail(err, CL_EINTERNAL,
				       "check: %s: village visited twice on this route",
				       what);
		dl = share_dl(inst, r, k);
		pk = share_pk(inst, r, k);
		if (dl < 0 || pk < 0)
			return cl_fail(err, CL_EINTERNAL,
				       "check: %s: negative share (delivers %lld, picks up %lld)",
				       what, dl, pk);
		if (sv->visits > 0 && (sv->whole > 0 || !r->deliver || !r->pickup))
			return cl_fail(err, CL_EINTERNAL,
				       "check: %s: village already served by route %d",
				       what, sv->route + 1);
		if (dl + pk == 0 && (sv->visits > 0 || r->deliver || r->pickup) &&
		    inst->sites[s].demand + inst->sites[s].pickup > 0)
			return cl_fail(err, CL_EINTERNAL,
				       "check: %s: a visit that delivers and collects nothing",
				       what);
		if (sv->visits == 0)
			sv->route = ri;
		sv->last = ri;
		sv->visits++;
		sv->whole += !r->deliver || !r->pickup;
		sv->dl += dl;
		sv->pk += pk;
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

/* The names of the skills in mask, "cold, lift", into buf. */
static void fmt_skills(const struct cl_instance *inst, uint64_t mask, char *buf,
		       size_t size)
{
	size_t o = 0;

	buf[0] = '\0';
	for (int k = 0; k < 64 && o < size; k++) {
		if (!(mask & ((uint64_t)1 << k)))
			continue;
		if (k < inst->nskills && inst->skill_names && inst->skill_names[k])
			o += (size_t)snprintf(buf + o, size - o, "%s%s", o ? ", " : "",
					      inst->skill_names[k]);
		else
			o += (size_t)snprintf(buf + o, size - o, "%sskill %d", o ? ", " : "", k);
	}
}

/*
 * The access rules at stop k of route ri: the type is allowed (VEHICLES)
 * and has the village's skills; the trip leaves after the village's
 * parcels are ready.
 */
static int check_access(const struct cl_instance *inst, const struct cl_route *r,
			int ri, int k, struct cl_error *err)
{
	const struct cl_site *s = &inst->sites[r->stops[k]];
	const struct cl_vtype *vt = &inst->types[r->type];
	char where[768], names[256], t1[32], t2[32];
	uint64_t missing = s->skills & ~vt->skills;

	if (s->vmask != 0 && s->vmask != CL_ALL_TYPES &&
	    (r->type >= 64 || !(s->vmask & ((uint64_t)1 << r->type)))) {
		fmt_stop(inst, r, ri, k, where, sizeof where);
		return cl_fail(err, CL_EINTERNAL,
			       "check: %s: vehicle type %s may not serve this village (VEHICLES)",
			       where, vt->name ? vt->name : "?");
	}
	if (vt->mode == CL_MODE_DRONE && !s->drone) {
		fmt_stop(inst, r, ri, k, where, sizeof where);
		return cl_fail(err, CL_EINTERNAL,
			       "check: %s: drone type %s lands at a village without a landing "
			       "point (DRONE = 0)", where, vt->name ? vt->name : "?");
	}
	if (missing) {
		fmt_stop(inst, r, ri, k, where, sizeof where);
		fmt_skills(inst, missing, names, sizeof names);
		return cl_fail(err, CL_EINTERNAL,
			       "check: %s: needs skill %s, which vehicle type %s does not have",
			       where, names, vt->name ? vt->name : "?");
	}
	if (r->depart_s < s->release_s) {
		fmt_stop(inst, r, ri, k, where, sizeof where);
		fmt_time(r->depart_s, t1);
		fmt_time(s->release_s, t2);
		return cl_fail(err, CL_EINTERNAL,
			       "check: %s: the trip leaves the depot at %s, before "
			       "this village's parcels are ready at %s", where, t1, t2);
	}
	return CL_OK;
}

/* "the depot", "launch site record 1 (FID 0, ID P1 \"pier\")" or the village of site i, for the
 * flight legs of type t (node 0 is its origin). */
static void fmt_node(const struct cl_instance *inst, int t, int i, char *buf, size_t size)
{
	const struct cl_site *o = cl_instance_origin(inst, t);
	char label[CL_LABEL_MAX];

	if (i == 0 && o != &inst->sites[0])
		snprintf(buf, size, "launch site %s", cl_site_label(o, label, sizeof label));
	else if (i == 0)
		snprintf(buf, size, "the depot");
	else
		fmt_site(inst, i, buf, size);
}

/*
 * A drone's leg a -> b of route ri (k: the stop flown to, nstops for the
 * return): the straight line touches no no-fly zone, and the matrix gives
 * the great-circle distance between the two points (within 1 m of
 * rounding), whatever the road source. Road types: nothing to check.
 */
static int check_flight(const struct cl_instance *inst, const struct cl_matrix *m,
			const struct cl_route *r, int ri, int k, int a, int b,
			struct cl_error *err)
{
	const struct cl_site *o = cl_instance_origin(inst, r->type);
	const struct cl_site *sa = a == 0 ? o : &inst->sites[a];
	const struct cl_site *sb = b == 0 ? o : &inst->sites[b];
	char where[768], from[384], to[384], zl[CL_LABEL_MAX];
	double gc;
	int z;

	if (inst->types[r->type].mode != CL_MODE_DRONE)
		return CL_OK;
	if (k < r->nstops)
		fmt_stop(inst, r, ri, k, where, sizeof where);
	else
		fmt_route(inst, r, ri, where, sizeof where);
	fmt_node(inst, r->type, a, from, sizeof from);
	fmt_node(inst, r->type, b, to, sizeof to);
	z = cl_instance_nofly(inst, sa->lon, sa->lat, sb->lon, sb->lat);
	if (z >= 0) {
		const struct cl_zone *zn = &inst->zones[z];
		return cl_fail(err, CL_EINTERNAL,
			       "check: %s: the flight from %s to %s crosses no-fly zone %s",
			       where, from, to,
			       cl_record_label(zn->record, zn->id, zn->name, zl, sizeof zl));
	}
	gc = cl_haversine_m(sa->lon, sa->lat, sb->lon, sb->lat);
	if (fabs((double)cl_dist_t(m, r->type, a, b) - gc) > 1.0)
		return cl_fail(err, CL_EINTERNAL,
			       "check: %s: the matrix gives %d m for the flight from %s to %s, "
			       "%.0f m as the crow flies", where, cl_dist_t(m, r->type, a, b),
			       from, to, gc);
	return CL_OK;
}

/* A trip being simulated: the clock, the distance driven and the load on
 * board, after the last stop visited. */
struct drive {
	long long t, dist, load, load_max;
	int prev;                /* the last site visited (0: the depot) */
};

/*
 * The departure: not before the shift starts, every stop allowed for the
 * vehicle (check_access), and the parcels to deliver on board within
 * capacity. Starts d at the depot.
 */
static int depart(const struct cl_instance *inst, const struct cl_route *r, int ri,
		  struct drive *d, struct cl_error *err)
{
	const struct cl_vtype *vt = &inst->types[r->type];
	char where[768], t1[32], t2[32];
	long long load = 0;
	double kg = 0;
	int rc;

	fmt_route(inst, r, ri, where, sizeof where);
	if (vt->max_stops > 0 && r->nstops > vt->max_stops)
		return cl_fail(err, CL_EINTERNAL,
			       "check: %s: %d stops on this %s, max_stops %d", where,
			       r->nstops, vt->mode == CL_MODE_DRONE ? "sortie" : "trip",
			       vt->max_stops);
	if (r->depart_s < vt->shift_start_s) {
		fmt_time(r->depart_s, t1);
		fmt_time(vt->shift_start_s, t2);
		return cl_fail(err, CL_EINTERNAL,
			       "check: %s: departs %s before the shift starts at %s",
			       where, t1, t2);
	}
	for (int k = 0; k < r->nstops; k++) {
		rc = check_access(inst, r, ri, k, err);
		if (rc != CL_OK)
			return rc;
		load += share_dl(inst, r, k);
		/* a share of a split village weighs its share of the parcels */
		kg += inst->sites[r->stops[k]].demand > 0 && r->deliver ?
		      inst->sites[r->stops[k]].weight_kg * (double)share_dl(inst, r, k) /
		      inst->sites[r->stops[k]].demand : inst->sites[r->stops[k]].weight_kg;
	}
	if (vt->payload_kg > 0 && kg > vt->payload_kg + 1e-6)
		return cl_fail(err, CL_EINTERNAL,
			       "check: %s: carries %.3f kg on this %s, payload_kg %.3f",
			       where, kg, vt->mode == CL_MODE_DRONE ? "sortie" : "trip",
			       vt->payload_kg);
	if (load > vt->capacity)
		return cl_fail(err, CL_EINTERNAL,
			       "check: %s: leaves the depot with %lld parcels, "
			       "capacity %d", where, load, vt->capacity);
	d->t = r->depart_s;
	d->dist = 0;
	d->load = d->load_max = load;
	d->prev = 0;
	return CL_OK;
}

/*
 * Drive on to stop k of route ri and serve it: the arc exists, service
 * starts by closing time, the load after the stop is within capacity, the
 * vehicle leaves before its shift ends. Fills se.
 */
static int visit(const struct cl_instance *inst, const struct cl_matrix *m,
		 const struct cl_route *r, int ri, int k, struct drive *d,
		 struct cl_stop_eval *se, struct cl_error *err)
{
	const struct cl_site *s = &inst->sites[r->stops[k]];
	const struct cl_vtype *vt = &inst->types[r->type];
	long long arrival, start, dl = share_dl(inst, r, k), pk = share_pk(inst, r, k);
	char where[768], t1[32], t2[32];
	int rc;

	rc = check_arc(inst, m, r, ri, k, d->prev, r->stops[k], err);
	if (rc == CL_OK)
		rc = check_flight(inst, m, r, ri, k, d->prev, r->stops[k], err);
	if (rc != CL_OK)
		return rc;
	arrival = d->t + cl_time(m, r->type, d->prev, r->stops[k]);
	d->dist += cl_dist_t(m, r->type, d->prev, r->stops[k]);
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
	d->load = d->load - dl + pk;
	if (d->load > vt->capacity || d->load < 0) {
		fmt_stop(inst, r, ri, k, where, sizeof where);
		return cl_fail(err, CL_EINTERNAL,
			       "check: %s: %lld parcels on board after the "
			       "stop (delivers %lld, picks up %lld), capacity %d",
			       where, d->load, dl, pk, vt->capacity);
	}
	if (d->dist > INT_MAX) {
		fmt_stop(inst, r, ri, k, where, sizeof where);
		return cl_fail(err, CL_EINTERNAL,
			       "check: %s: distance from the depot %lld m "
			       "out of range", where, d->dist);
	}
	if (d->load > d->load_max)
		d->load_max = d->load;
	d->t = start + s->service_s;
	if (d->t > vt->shift_end_s) {
		fmt_stop(inst, r, ri, k, where, sizeof where);
		fmt_time(d->t, t1);
		fmt_time(vt->shift_end_s, t2);
		return cl_fail(err, CL_EINTERNAL,
			       "check: %s: leaves %s, after the shift ends "
			       "at %s", where, t1, t2);
	}
	se->site = r->stops[k];
	se->arrival_s = (int)arrival;
	se->start_s = (int)start;
	se->depart_s = (int)d->t;
	se->wait_s = (int)(start - arrival);
	se->load = (int)d->load;
	se->dist_m = (int)d->dist;
	se->deliver = (int)dl;
	se->pickup = (int)pk;
	d->prev = r->stops[k];
	return CL_OK;
}

/*
 * Simulate route ri (whose shape is already checked) and fill ev, whose
 * stops[] has room for r->nstops entries: the trip's own rules (depart,
 * visit each stop, return within the shift and max_trip_km). CL_OK or
 * CL_EINTERNAL with a message naming the route, stop and constraint.
 */
static int eval_route(const struct cl_instance *inst, const struct cl_matrix *m,
		      const struct cl_solution *sol, int ri,
		      struct cl_route_eval *ev, struct cl_error *err)
{
	const struct cl_route *r = &sol->routes[ri];
	const struct cl_vtype *vt = &inst->types[r->type];
	char where[768], t1[32], t2[32];
	struct drive d = { 0, 0, 0, 0, 0 };
	int rc;

	rc = depart(inst, r, ri, &d, err);
	if (rc != CL_OK)
		return rc;
	ev->load_start = (int)d.load;
	for (int k = 0; k < r->nstops; k++) {
		rc = visit(inst, m, r, ri, k, &d, &ev->stops[k], err);
		if (rc != CL_OK)
			return rc;
	}
	fmt_route(inst, r, ri, where, sizeof where);
	rc = check_arc(inst, m, r, ri, r->nstops, d.prev, 0, err);
	if (rc == CL_OK)
		rc = check_flight(inst, m, r, ri, r->nstops, d.prev, 0, err);
	if (rc != CL_OK)
		return rc;
	d.t += cl_time(m, r->type, d.prev, 0);
	d.dist += cl_dist_t(m, r->type, d.prev, 0);
	if (d.t > vt->shift_end_s) {
		fmt_time(d.t, t1);
		fmt_time(vt->shift_end_s, t2);
		return cl_fail(err, CL_EINTERNAL,
			       "check: %s: returns to the depot at %s, after the "
			       "shift ends at %s", where, t1, t2);
	}
	if (vt->max_trip_m > 0 && d.dist > vt->max_trip_m && vt->mode == CL_MODE_DRONE)
		return cl_fail(err, CL_EINTERNAL,
			       "check: %s: flies %.3f km on this sortie, beyond its "
			       "range_km %.3f", where, (double)d.dist / 1000.0,
			       (double)vt->max_trip_m / 1000.0);
	if (vt->max_trip_m > 0 && d.dist > vt->max_trip_m)
		return cl_fail(err, CL_EINTERNAL,
			       "check: %s: drives %.3f km on this trip, beyond "
			       "max_trip_km %.3f", where, (double)d.dist / 1000.0,
			       (double)vt->max_trip_m / 1000.0);
	ev->nstops = r->nstops;
	ev->trip = r->trip;
	ev->start_s = r->depart_s;
	ev->end_s = (int)d.t;
	ev->dur_s = (int)(d.t - r->depart_s);
	ev->dist_m = (long)d.dist;
	ev->load_end = (int)d.load;
	ev->load_max = (int)d.load_max;
	return CL_OK;
}

/*
 * Vehicle v's day, its trips already evaluated: trips numbered 1, 2, ...
 * in the order of the routes, each leaving after the previous one's
 * return plus the reload time, at most max_trips, the day's duration and
 * distance within the limits. Fills the costs of its trips and of the day.
 */
static int check_vehicle(const struct cl_instance *inst,
			 const struct cl_solution *sol, struct cl_report *rep,
			 int v, struct cl_error *err)
{
	struct cl_vehicle_eval *ve = &rep->vehicles[v];
	const struct cl_vtype *vt = &inst->types[ve->type];
	int max_trips = vt->max_trips > 0 ? vt->max_trips : 1;
	char who[256], where[512], t1[32], t2[32];
	long long dist = 0, dur, prev_end = 0;
	double per_h = vt->cost_per_hour / 3600.0;
	int n = 0, prev = -1;

	fmt_vehicle(inst, ve->type, ve->vehicle, who, sizeof who);
	for (int ri = ve->first_route; ri < sol->nroutes; ri++) {
		const struct cl_route *r = &sol->routes[ri];
		struct cl_route_eval *ev = &rep->routes[ri];

		if (r->type != ve->type || r->vehicle != ve->vehicle)
			continue;
		fmt_route(inst, r, ri, where, sizeof where);
		if (r->trip != n) {
			if (r->trip >= 0 && r->trip < n) {
				for (int q = ve->first_route; q < ri; q++)
					if (sol->routes[q].type == r->type &&
					    sol->routes[q].vehicle == r->vehicle &&
					    sol->routes[q].trip == r->trip)
						return cl_fail(err, CL_EINTERNAL,
							       "check: %s: vehicle already used by route %d",
							       where, q + 1);
			}
			return cl_fail(err, CL_EINTERNAL,
				       "check: %s: is trip %d of %s, but its trip %d "
				       "comes next (trips are numbered from 1 in time order)",
				       where, r->trip + 1, who, n + 1);
		}
		if (n + 1 > max_trips)
			return cl_fail(err, CL_EINTERNAL,
				       "check: %s: trip %d of %s, beyond max_trips %d",
				       where, n + 1, who, max_trips);
		if (prev >= 0 && (long long)ev->start_s < prev_end + vt->reload_s) {
			fmt_time(ev->start_s, t1);
			fmt_time(prev_end, t2);
			return cl_fail(err, CL_EINTERNAL,
				       "check: %s: leaves %s, %lld min after trip %d returned "
				       "at %s; %s takes %d min", where, t1,
				       ((long long)ev->start_s - prev_end) / 60, n, t2,
				       vt->mode == CL_MODE_DRONE ? "the turnaround" : "reloading",
				       vt->reload_s / 60);
		}
		ev->veh = v;
		/* the time since the previous return belongs to this trip */
		ev->cost = vt->cost_per_km * (double)ev->dist_m / 1000.0 +
			   per_h * (double)(ev->end_s - (prev >= 0 ? prev_end : ev->start_s));
		if (n == 0)
			ev->cost += vt->fixed_cost;
		dist += ev->dist_m;
		for (int k = 0; k < ev->nstops; k++)
			ve->parcels += ev->stops[k].deliver + ev->stops[k].pickup;
		prev_end = ev->end_s;
		prev = ri;
		n++;
	}
	ve->ntrips = n;
	ve->start_s = rep->routes[ve->first_route].start_s;
	ve->end_s = (int)prev_end;
	dur = prev_end - ve->start_s;
	ve->dur_s = (int)dur;
	ve->dist_m = (long)dist;
	if (vt->max_dur_s > 0 && dur > vt->max_dur_s) {
		fmt_time(ve->start_s, t1);
		fmt_time(prev_end, t2);
		return cl_fail(err, CL_EINTERNAL,
			       "check: %s: %s takes %lld min (%s-%s%s), longer than "
			       "the route limit of %d min (%lld s > %d s)",
			       n > 1 ? who : where, n > 1 ? "the day" : "the route",
			       dur / 60, t1, t2, n > 1 ? ", all trips" : "",
			       vt->max_dur_s / 60, dur, vt->max_dur_s);
	}
	if (vt->max_dist_m > 0 && (double)dist > vt->max_dist_m) {
		if (n > 1)
			return cl_fail(err, CL_EINTERNAL,
				       "check: %s: drives %.3f km in the day (%d trips), "
				       "beyond the range of %.3f km", who,
				       (double)dist / 1000.0, n, vt->max_dist_m / 1000.0);
		fmt_route(inst, &sol->routes[ve->first_route], ve->first_route,
			  where, sizeof where);
		return cl_fail(err, CL_EINTERNAL,
			       "check: %s: drives %.3f km, beyond the range of "
			       "%.3f km", where, (double)dist / 1000.0,
			       vt->max_dist_m / 1000.0);
	}
	ve->cost = vt->fixed_cost + vt->cost_per_km * (double)dist / 1000.0 +
		   per_h * (double)dur;
	return CL_OK;
}

/*
 * The unassigned and deferred lists: valid village indices, each listed
 * once, none also on a route; unassigned ones with a reason, deferred ones
 * optional (nothing due today). Marks them in seen[].
 */
static int check_lists(const struct cl_instance *inst,
		       const struct cl_solution *sol, struct seen *seen,
		       struct cl_error *err)
{
	static const char *const list_name[3] = { "", "unassigned", "deferred" };
	char what[384];

	if (sol->nunassigned > 0 && (!sol->unassigned || !sol->reasons))
		return cl_fail(err, CL_EINTERNAL,
			       "check: %d unassigned villages but no list",
			       sol->nunassigned);
	if (sol->ndeferred < 0 || (sol->ndeferred > 0 && !sol->deferred))
		return cl_fail(err, CL_EINTERNAL,
			       "check: %d deferred villages but no list",
			       sol->ndeferred);
	for (int l = LISTED_UNASSIGNED; l <= LISTED_DEFERRED; l++) {
		int n = l == LISTED_UNASSIGNED ? sol->nunassigned : sol->ndeferred;
		const int *list = l == LISTED_UNASSIGNED ? sol->unassigned : sol->deferred;

		for (int u = 0; u < n; u++) {
			int s = list[u];

			if (s < 1 || s >= inst->nsites)
				return cl_fail(err, CL_EINTERNAL,
					       "check: %s entry %d: site index %d is "
					       "not a village (valid: 1..%d)", list_name[l],
					       u + 1, s, inst->nsites - 1);
			fmt_site(inst, s, what, sizeof what);
			if (seen[s].route >= 0)
				return cl_fail(err, CL_EINTERNAL,
					       "check: %s entry %d (%s): village is "
					       "also served by route %d", list_name[l], u + 1,
					       what, seen[s].route + 1);
			if (seen[s].listed == l)
				return cl_fail(err, CL_EINTERNAL,
					       "check: %s entry %d (%s): village "
					       "listed as %s twice", list_name[l], u + 1, what,
					       list_name[l]);
			if (seen[s].listed)
				return cl_fail(err, CL_EINTERNAL,
					       "check: %s entry %d (%s): village is also "
					       "listed as %s", list_name[l], u + 1, what,
					       list_name[seen[s].listed]);
			if (l == LISTED_UNASSIGNED &&
			    ((int)sol->reasons[u] <= (int)CL_REASON_NONE ||
			     (int)sol->reasons[u] >= (int)CL_REASON_COUNT))
				return cl_fail(err, CL_EINTERNAL,
					       "check: unassigned entry %d (%s): no reason "
					       "given (code %d)", u + 1, what,
					       (int)sol->reasons[u]);
			if (l == LISTED_DEFERRED && !inst->sites[s].optional)
				return cl_fail(err, CL_EINTERNAL,
					       "check: deferred entry %d (%s): parcels are "
					       "due today; only a village with nothing due "
					       "today may be deferred", u + 1, what);
			seen[s].listed = l;
			seen[s].entry = u;
		}
	}
	return CL_OK;
}

/* The report's vehicle for route ri: found, or added as a new one. */
static int vehicle_of(struct cl_report *rep, const struct cl_solution *sol, int ri)
{
	const struct cl_route *r = &sol->routes[ri];

	for (int v = 0; v < rep->nvehicles; v++)
		if (rep->vehicles[v].type == r->type && rep->vehicles[v].vehicle == r->vehicle)
			return v;
	rep->vehicles[rep->nvehicles].type = r->type;
	rep->vehicles[rep->nvehicles].vehicle = r->vehicle;
	rep->vehicles[rep->nvehicles].first_route = ri;
	return rep->nvehicles++;
}

int cl_check(const struct cl_instance *inst, const struct cl_matrix *m,
	     const struct cl_solution *sol, struct cl_report *rep,
	     struct cl_error *err)
{
	struct cl_report tmp;
	struct seen *seen = NULL;
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

	seen = calloc((size_t)(inst->nsites > 0 ? inst->nsites : 1), sizeof *seen);
	tmp.routes = calloc(sol->nroutes > 0 ? (size_t)sol->nroutes : 1,
			    sizeof *tmp.routes);
	tmp.vehicles = calloc(sol->nroutes > 0 ? (size_t)sol->nroutes : 1,
			      sizeof *tmp.vehicles);
	if (!seen || !tmp.routes || !tmp.vehicles) {
		rc = cl_fail(err, CL_EINTERNAL, "check: out of memory");
		goto cleanup;
	}
	tmp.nroutes = sol->nroutes;
	for (int i = 0; i < inst->nsites; i++)
		seen[i].route = seen[i].last = -1;

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
		ev->veh = vehicle_of(&tmp, sol, ri);
	}
	for (int v = 0; v < tmp.nvehicles; v++) {
		rc = check_vehicle(inst, sol, &tmp, v, err);
		if (rc != CL_OK)
			goto cleanup;
		tmp.total_dist_m += tmp.vehicles[v].dist_m;
		tmp.total_dur_s += tmp.vehicles[v].dur_s;
		tmp.total_cost += tmp.vehicles[v].cost;
	}
	rc = check_lists(inst, sol, seen, err);
	if (rc != CL_OK)
		goto cleanup;
	for (int s = 1; s < inst->nsites; s++) {
		const struct cl_site *site = &inst->sites[s];

		fmt_site(inst, s, what, sizeof what);
		if (seen[s].route < 0 && !seen[s].listed) {
			rc = cl_fail(err, CL_EINTERNAL,
				     "check: %s is neither on a route nor reported "
				     "unassigned%s", what, site->optional ? " or deferred" : "");
			goto cleanup;
		}
		if (seen[s].route >= 0 &&
		    (seen[s].dl != site->demand || seen[s].pk != site->pickup)) {
			rc = cl_fail(err, CL_EINTERNAL,
				     "check: %s: its %d visits deliver %lld and collect "
				     "%lld parcels, but it has %d to deliver and %d to "
				     "collect", what, seen[s].visits, seen[s].dl,
				     seen[s].pk, site->demand, site->pickup);
			goto cleanup;
		}
		if (seen[s].route >= 0)
			tmp.served++;
		else
			tmp.miss_cost += site->miss_cost;
	}
	tmp.vehicles_used = tmp.nvehicles;
	tmp.unassigned = sol->nunassigned;
	tmp.deferred = sol->ndeferred;
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
	free(rep->vehicles);
	memset(rep, 0, sizeof *rep);
}
