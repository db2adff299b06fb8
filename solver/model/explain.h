/*
 * model/explain.h -- why a village is not served, in words a dispatcher can
 * act on: the binding rule and its numbers ("round trip 64.2 km, longest
 * range 60 km (etricycle)", "needs skill cold; no vehicle type has it",
 * "fleet too small: 3 van and 4 etricycle used, 2 villages left",
 * "opening hours 14:00-15:00 unreachable: earliest arrival 15:20 (van)").
 *
 * Computed from the instance, the matrix and the checked plan alone, apart
 * from the search (which only says which villages it left out): for each
 * vehicle type, the first rule that stops it serving the village on a trip
 * of its own, in this order -- VEHICLES, skills, a landing point (drones),
 * a road (drones: a flight clear of the no-fly zones), capacity, payload
 * (WEIGHT_KG against payload_kg), the trip range (a drone's range_km),
 * the day's range, opening hours (after the parcels are ready and
 * the shift starts), the return before the shift ends, the longest route.
 * When some type could serve it alone, the fleet is the binding rule.
 */
#ifndef CUNLU_MODEL_EXPLAIN_H
#define CUNLU_MODEL_EXPLAIN_H

#include "cunlu/check.h"
#include "cunlu/error.h"
#include "cunlu/instance.h"
#include "cunlu/matrix.h"
#include "cunlu/solution.h"

/* The binding rule, as a short code (summary.json "rule"). */
enum cl_rule {
	CL_RULE_FLEET,      /* "fleet": some type could serve it alone */
	CL_RULE_VEHICLES,   /* "vehicles": VEHICLES rules out every type */
	CL_RULE_SKILL,      /* "skill": no type allowed has its skills */
	CL_RULE_LANDING,    /* "landing": a drone type, and no landing point
			       (DRONE = 0) */
	CL_RULE_NOROAD,     /* "noroad": no road between it and the depot */
	CL_RULE_NOFLY,      /* "nofly": a drone's flight crosses a no-fly
			       zone */
	CL_RULE_CAPACITY,   /* "capacity": more parcels than any capacity */
	CL_RULE_PAYLOAD,    /* "payload": more kg than any payload_kg */
	CL_RULE_TRIP_RANGE, /* "trip_range": round trip above max_trip_km */
	CL_RULE_RANGE,      /* "range": round trip above max_route_km */
	CL_RULE_HOURS,      /* "hours": opening hours unreachable */
	CL_RULE_SHIFT,      /* "shift": cannot be back before the shift ends */
	CL_RULE_DURATION,   /* "duration": round trip above max_route_min */
	CL_RULE_MIXED,      /* "mixed": different rules for different types */
	CL_RULE_COUNT
};

/* "fleet", "range", ... */
const char *cl_rule_name(enum cl_rule r);

/* Longest explanation, with the NUL. */
#define CL_EXPLAIN_MAX 512

/* Explanations of the villages a plan leaves out (all owned). */
struct cl_explain {
	int nunassigned;
	char **unassigned;      /* parallel to sol->unassigned */
	enum cl_rule *rule;     /* parallel to sol->unassigned */
	int ndeferred;
	char **deferred;        /* parallel to sol->deferred: "due in 2 days
				   (prize 6.00 for today)" */
};

/*
 * Explain every unassigned and deferred village of sol; rep is the
 * checker's report of sol (vehicles used). *ex is filled (free with
 * cl_explain_free in every case). CL_OK or CL_EINTERNAL (out of memory).
 */
int cl_explain_plan(const struct cl_instance *inst, const struct cl_matrix *m,
		    const struct cl_solution *sol, const struct cl_report *rep,
		    struct cl_explain *ex, struct cl_error *err);

/*
 * Why village `site` cannot be served: the rule and the sentence into
 * buf (CL_EXPLAIN_MAX). When some type could serve it on a trip of its
 * own, CL_RULE_FLEET with the counts of rep's vehicles (rep may be NULL:
 * "every vehicle is busy"); nleft is the number of villages left out
 * for the fleet, for the message.
 */
enum cl_rule cl_explain_site(const struct cl_instance *inst, const struct cl_matrix *m,
			     const struct cl_report *rep, int site, int nleft,
			     char *buf, size_t size);

void cl_explain_free(struct cl_explain *ex);

#endif
