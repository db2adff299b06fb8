/*
 * model/explain.c -- why a village is not served (see explain.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/explain.h"

static const char *const rule_names[CL_RULE_COUNT] = {
	[CL_RULE_FLEET] = "fleet", [CL_RULE_VEHICLES] = "vehicles",
	[CL_RULE_SKILL] = "skill", [CL_RULE_LANDING] = "landing",
	[CL_RULE_NOROAD] = "noroad", [CL_RULE_NOFLY] = "nofly",
	[CL_RULE_CAPACITY] = "capacity", [CL_RULE_PAYLOAD] = "payload",
	[CL_RULE_TRIP_RANGE] = "trip_range",
	[CL_RULE_RANGE] = "range", [CL_RULE_HOURS] = "hours",
	[CL_RULE_SHIFT] = "shift", [CL_RULE_DURATION] = "duration",
	[CL_RULE_MIXED] = "mixed",
};

const char *cl_rule_name(enum cl_rule r)
{
	return (int)r >= 0 && r < CL_RULE_COUNT ? rule_names[r] : "?";
}

/* What stops type t serving the village alone, with its numbers. */
struct trial {
	enum cl_rule rule;   /* CL_RULE_FLEET: nothing (it could) */
	long long dist;      /* round trip, metres */
	long long limit;     /* the limit broken (metres, seconds, parcels) */
	long long amount;    /* parcels, or seconds of the round trip */
	int arrival;         /* earliest arrival */
	int back;            /* earliest return */
	int released;        /* the parcels' READY time decided the departure */
	int zone;            /* CL_RULE_NOFLY: the zone crossed, or -1 */
	double kg;           /* CL_RULE_PAYLOAD: kg, and the payload_kg */
	double kg_limit;
};

/* A string builder into a fixed buffer (cut when full). */
struct sb {
	char *buf;
	size_t size, len;
};

static void sb_add(struct sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void sb_add(struct sb *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->len + 1 >= b->size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->buf + b->len, b->size - b->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		b->len += (size_t)n < b->size - b->len ? (size_t)n : b->size - b->len - 1;
}

static void hhmm(int secs, char buf[16])
{
	cl_format_hhmm(secs, buf);
}

/* "1 h 05 min" or "45 min". */
static void span(long long secs, char buf[32])
{
	long long min = (secs + 59) / 60;

	if (min >= 60)
		snprintf(buf, 32, "%lld h %02lld min", min / 60, min % 60);
	else
		snprintf(buf, 32, "%lld min", min);
}

static int allowed_type(const struct cl_site *s, int t)
{
	return s->vmask == 0 || s->vmask == CL_ALL_TYPES ||
	       (t < 64 && (s->vmask & ((uint64_t)1 << t)));
}

/* Type t serving village v on a trip of its own: the first rule broken. */
static void try_type(const struct cl_instance *inst, const struct cl_matrix *m,
		     int v, int t, struct trial *tr)
{
	const struct cl_site *s = &inst->sites[v];
	const struct cl_vtype *vt = &inst->types[t];
	long long d0, d1, t0, t1, dep, start;

	memset(tr, 0, sizeof *tr);
	if (!allowed_type(s, t)) {
		tr->rule = CL_RULE_VEHICLES;
		return;
	}
	if (s->skills & ~vt->skills) {
		tr->rule = CL_RULE_SKILL;
		return;
	}
	if (vt->mode == CL_MODE_DRONE && !s->drone) {
		tr->rule = CL_RULE_LANDING;
		return;
	}
	d0 = cl_dist_t(m, t, 0, v);
	d1 = cl_dist_t(m, t, v, 0);
	t0 = cl_time(m, t, 0, v);
	t1 = cl_time(m, t, v, 0);
	if (d0 < 0 || d1 < 0 || t0 < 0 || t1 < 0) {
		const struct cl_site *o = cl_instance_origin(inst, t);

		tr->rule = CL_RULE_NOROAD;
		tr->zone = -1;
		if (vt->mode == CL_MODE_DRONE) {
			tr->rule = CL_RULE_NOFLY;
			tr->zone = cl_instance_nofly(inst, o->lon, o->lat, s->lon, s->lat);
		}
		return;
	}
	tr->dist = d0 + d1;
	if (s->demand > vt->capacity || s->pickup > vt->capacity) {
		tr->rule = CL_RULE_CAPACITY;
		tr->amount = s->demand > s->pickup ? s->demand : s->pickup;
		tr->limit = vt->capacity;
		return;
	}
	if (vt->payload_kg > 0 && s->weight_kg > vt->payload_kg + 1e-6) {
		tr->rule = CL_RULE_PAYLOAD;
		tr->kg = s->weight_kg;
		tr->kg_limit = vt->payload_kg;
		return;
	}
	if (vt->max_trip_m > 0 && tr->dist > vt->max_trip_m) {
		tr->rule = CL_RULE_TRIP_RANGE;
		tr->limit = vt->max_trip_m;
		return;
	}
	if (vt->max_dist_m > 0 && (double)tr->dist > vt->max_dist_m) {
		tr->rule = CL_RULE_RANGE;
		tr->limit = (long long)vt->max_dist_m;
		return;
	}
	dep = vt->shift_start_s;
	if (s->release_s > dep) {
		dep = s->release_s;
		tr->released = 1;
	}
	tr->arrival = (int)(dep + t0);
	if (tr->arrival > s->tw_end_s) {
		tr->rule = CL_RULE_HOURS;
		return;
	}
	start = tr->arrival > s->tw_start_s ? tr->arrival : s->tw_start_s;
	tr->back = (int)(start + s->service_s + t1);
	if (tr->back > vt->shift_end_s) {
		tr->rule = CL_RULE_SHIFT;
		return;
	}
	tr->amount = t0 + s->service_s + t1;
	if (vt->max_dur_s > 0 && tr->amount > vt->max_dur_s) {
		tr->rule = CL_RULE_DURATION;
		tr->limit = vt->max_dur_s;
		return;
	}
	tr->rule = CL_RULE_FLEET;
}

/* The sentence for rule r broken by type t (trial tr). */
static void rule_text(struct sb *b, const struct cl_instance *inst, int v, int t,
		      const struct trial *tr, int several, int mixed)
{
	const struct cl_site *s = &inst->sites[v];
	const char *name = inst->types[t].name;
	char a[16], c[16], d[16], x[32], y[32];

	switch (tr->rule) {
	case CL_RULE_NOROAD:
		/* the phrase of cl_reason_text(CL_REASON_NOROAD) */
		sb_add(b, "no road connection");
		if (mixed)
			sb_add(b, " (%s)", name);
		break;
	case CL_RULE_LANDING:
		sb_add(b, "no drone landing point, DRONE = 0 (%s)", name);
		break;
	case CL_RULE_NOFLY: {
		const struct cl_site *o = cl_instance_origin(inst, t);
		char zl[CL_LABEL_MAX];

		if (tr->zone < 0 || tr->zone >= inst->nzones) {
			sb_add(b, "no flight possible (%s)", name);
			break;
		}
		if (o == &inst->sites[0])
			sb_add(b, "the flight from the depot");
		else
			sb_add(b, "the flight from launch site %s", o->name && *o->name ? o->name : o->id);
		sb_add(b, " crosses no-fly zone %s (%s)",
		       cl_record_label(inst->zones[tr->zone].record, inst->zones[tr->zone].id,
				       inst->zones[tr->zone].name, zl, sizeof zl), name);
		break;
	}
	case CL_RULE_CAPACITY:
		sb_add(b, "%lld parcels to %s, %scapacity %lld (%s)", tr->amount,
		       s->demand >= s->pickup ? "deliver" : "collect",
		       several ? "largest " : "", tr->limit, name);
		break;
	case CL_RULE_PAYLOAD:
		sb_add(b, "%.2f kg to deliver (WEIGHT_KG), %spayload_kg %.2f (%s)", tr->kg,
		       several ? "largest " : "", tr->kg_limit, name);
		break;
	case CL_RULE_TRIP_RANGE:
		if (inst->types[t].mode == CL_MODE_DRONE)
			sb_add(b, "flight out and back %.1f km, %srange_km %.1f km (%s)",
			       (double)tr->dist / 1000.0, several ? "longest " : "",
			       (double)tr->limit / 1000.0, name);
		else
			sb_add(b, "round trip %.1f km, %smax_trip_km %.1f km (%s)",
			       (double)tr->dist / 1000.0, several ? "longest " : "",
			       (double)tr->limit / 1000.0, name);
		break;
	case CL_RULE_RANGE:
		sb_add(b, "round trip %.1f km, %srange %.1f km (%s)", (double)tr->dist / 1000.0,
		       several ? "longest " : "", (double)tr->limit / 1000.0, name);
		break;
	case CL_RULE_HOURS:
		hhmm(s->tw_start_s, a);
		hhmm(s->tw_end_s, c);
		hhmm(tr->arrival, d);
		sb_add(b, "opening hours %s-%s unreachable: ", a, c);
		if (tr->released) {
			char r[16];
			hhmm(s->release_s, r);
			sb_add(b, "its parcels are ready at %s (READY), ", r);
		}
		sb_add(b, "earliest arrival %s (%s)", d, name);
		break;
	case CL_RULE_SHIFT:
		hhmm(tr->back, a);
		hhmm(inst->types[t].shift_end_s, c);
		sb_add(b, "back at the depot at %s at the earliest, after the shift ends at %s (%s)",
		       a, c, name);
		break;
	case CL_RULE_DURATION:
		span(tr->amount, x);
		span(tr->limit, y);
		sb_add(b, "round trip takes %s, %sroute limit %s (%s)", x,
		       several ? "longest " : "", y, name);
		break;
	default:
		sb_add(b, "%s could serve it", name);
		break;
	}
}

/* Is trial a closer to being feasible than trial b (same rule)? */
static int closer(const struct trial *a, const struct trial *b, const struct cl_instance *inst,
		  int ta, int tb)
{
	switch (a->rule) {
	case CL_RULE_CAPACITY:
		return a->limit > b->limit;
	case CL_RULE_PAYLOAD:
		return a->kg_limit > b->kg_limit;
	case CL_RULE_TRIP_RANGE:
	case CL_RULE_RANGE:
		return a->limit - a->dist > b->limit - b->dist;
	case CL_RULE_HOURS:
		return a->arrival < b->arrival;
	case CL_RULE_SHIFT:
		return a->back - inst->types[ta].shift_end_s < b->back - inst->types[tb].shift_end_s;
	case CL_RULE_DURATION:
		return a->limit - a->amount > b->limit - b->amount;
	default:
		return 0;
	}
}

/* "van and etricycle" of the types whose bit is in mask. */
static void type_list(struct sb *b, const struct cl_instance *inst, const int *in)
{
	int n = 0, k = 0;

	for (int t = 0; t < inst->ntypes; t++)
		n += in[t];
	for (int t = 0; t < inst->ntypes; t++) {
		if (!in[t])
			continue;
		sb_add(b, "%s%s", k == 0 ? "" : k == n - 1 ? " and " : ", ", inst->types[t].name);
		k++;
	}
}

/* The names of the skills in mask. */
static void skill_list(struct sb *b, const struct cl_instance *inst, uint64_t mask)
{
	int k = 0;

	for (int i = 0; i < 64; i++) {
		if (!(mask & ((uint64_t)1 << i)))
			continue;
		if (i < inst->nskills && inst->skill_names)
			sb_add(b, "%s%s", k ? ", " : "", inst->skill_names[i]);
		else
			sb_add(b, "%sskill %d", k ? ", " : "", i);
		k++;
	}
}

/*
 * "fleet too small: 2 of 2 van, 3 of 3 etricycle used (6 trips), 2 villages
 * left", counting the types that could serve the village alone ("only
 * coldvan can serve it" when the others cannot).
 */
static void fleet_text(struct sb *b, const struct cl_instance *inst, const struct cl_report *rep,
		       const struct trial *tr, int nt, int nleft)
{
	int k = 0, idle_type = -1, idle = 0, trips = 0, used_all = 0, able = 0, types = 0;
	int in[256];

	for (int t = 0; t < nt; t++) {
		in[t] = tr[t].rule == CL_RULE_FLEET;
		able += in[t];
		types += inst->types[t].count > 0;
	}
	sb_add(b, "fleet too small: ");
	for (int t = 0; t < nt; t++) {
		int used = 0;

		if (!in[t])
			continue;
		if (rep)
			for (int i = 0; i < rep->nvehicles; i++)
				if (rep->vehicles[i].type == t) {
					used++;
					trips += rep->vehicles[i].ntrips;
				}
		if (!rep)
			used = inst->types[t].count;
		sb_add(b, "%s%d of %d %s", k++ ? ", " : "", used, inst->types[t].count,
		       inst->types[t].name);
		if (used < inst->types[t].count && idle_type < 0) {
			idle_type = t;
			idle = inst->types[t].count - used;
		}
		used_all += used;
	}
	sb_add(b, " used");
	if (trips > used_all)
		sb_add(b, " (%d trips%s", trips, able < types ? "; " : ")");
	if (able < types) {
		sb_add(b, "%sonly ", trips > used_all ? "" : " (");
		type_list(b, inst, in);
		sb_add(b, " can serve it)");
	}
	sb_add(b, ", %d village%s left", nleft, nleft == 1 ? "" : "s");
	if (idle_type >= 0)
		sb_add(b, "; a %s could serve it alone and %d %s unused: a longer --time-limit may "
		       "find room", inst->types[idle_type].name, idle, idle == 1 ? "is" : "are");
}

enum cl_rule cl_explain_site(const struct cl_instance *inst, const struct cl_matrix *m,
			     const struct cl_report *rep, int site, int nleft,
			     char *buf, size_t size)
{
	const struct cl_site *s = &inst->sites[site];
	struct trial tr[256];
	int in[256], nt = inst->ntypes < 256 ? inst->ntypes : 256;
	int any_ok = 0, nvehicles = 0, nskill = 0, rest = 0;
	enum cl_rule common = CL_RULE_COUNT;
	struct sb b = { buf, size, 0 };

	buf[0] = '\0';
	for (int t = 0; t < nt; t++) {
		in[t] = 0;
		if (inst->types[t].count <= 0) {
			tr[t].rule = CL_RULE_COUNT;
			continue;
		}
		try_type(inst, m, site, t, &tr[t]);
		any_ok |= tr[t].rule == CL_RULE_FLEET;
		nvehicles += tr[t].rule == CL_RULE_VEHICLES;
		nskill += tr[t].rule == CL_RULE_SKILL;
		if (tr[t].rule > CL_RULE_SKILL) {
			rest++;
			common = common == CL_RULE_COUNT || common == tr[t].rule ? tr[t].rule
								     : CL_RULE_MIXED;
		}
	}
	if (any_ok) {
		fleet_text(&b, inst, rep, tr, nt, nleft);
		return CL_RULE_FLEET;
	}
	/* access: the types VEHICLES allows, then the skills */
	if (nvehicles > 0) {
		for (int t = 0; t < nt; t++)
			in[t] = tr[t].rule != CL_RULE_VEHICLES && tr[t].rule != CL_RULE_COUNT;
		if (nvehicles + nskill + rest == nvehicles) {
			sb_add(&b, "VEHICLES allows no vehicle type of the fleet");
		} else {
			sb_add(&b, "only ");
			type_list(&b, inst, in);
			sb_add(&b, " may serve it (VEHICLES)");
		}
	}
	if (nskill > 0) {
		int has = 0;

		for (int t = 0; t < nt; t++) {
			in[t] = inst->types[t].count > 0 && !(s->skills & ~inst->types[t].skills);
			has += in[t];
		}
		sb_add(&b, "%sneeds skill ", b.len ? " and " : "");
		skill_list(&b, inst, s->skills);
		if (has == 0) {
			sb_add(&b, "; no vehicle type has %s", (s->skills & (s->skills - 1)) ?
			       "them all" : "it");
		} else {
			sb_add(&b, ", which only ");
			type_list(&b, inst, in);
			sb_add(&b, " %s", has > 1 ? "have" : "has");
		}
	}
	if (rest > 0) {
		if (b.len)
			sb_add(&b, "; ");
		if (common != CL_RULE_MIXED) {
			int best = -1;

			for (int t = 0; t < nt; t++)
				if (tr[t].rule == common &&
				    (best < 0 || closer(&tr[t], &tr[best], inst, t, best)))
					best = t;
			rule_text(&b, inst, site, best, &tr[best], rest > 1, 0);
		} else {
			int k = 0;

			for (int t = 0; t < nt; t++) {
				if (tr[t].rule <= CL_RULE_SKILL || tr[t].rule == CL_RULE_COUNT)
					continue;
				if (k++)
					sb_add(&b, "; ");
				rule_text(&b, inst, site, t, &tr[t], 0, 1);
			}
		}
		return common;
	}
	return nvehicles > 0 && nskill == 0 ? CL_RULE_VEHICLES : CL_RULE_SKILL;
}

void cl_explain_free(struct cl_explain *ex)
{
	if (!ex)
		return;
	for (int u = 0; u < ex->nunassigned; u++)
		free(ex->unassigned[u]);
	for (int d = 0; d < ex->ndeferred; d++)
		free(ex->deferred[d]);
	free(ex->unassigned);
	free(ex->rule);
	free(ex->deferred);
	memset(ex, 0, sizeof *ex);
}

int cl_explain_plan(const struct cl_instance *inst, const struct cl_matrix *m,
		    const struct cl_solution *sol, const struct cl_report *rep,
		    struct cl_explain *ex, struct cl_error *err)
{
	char buf[CL_EXPLAIN_MAX];
	int nfleet = 0;

	memset(ex, 0, sizeof *ex);
	ex->unassigned = calloc((size_t)sol->nunassigned + 1, sizeof *ex->unassigned);
	ex->rule = calloc((size_t)sol->nunassigned + 1, sizeof *ex->rule);
	ex->deferred = calloc((size_t)sol->ndeferred + 1, sizeof *ex->deferred);
	if (!ex->unassigned || !ex->rule || !ex->deferred)
		goto nomem;
	/* first the rules, to count the villages the fleet leaves */
	for (int u = 0; u < sol->nunassigned; u++) {
		ex->rule[u] = cl_explain_site(inst, m, rep, sol->unassigned[u], 0, buf, sizeof buf);
		nfleet += ex->rule[u] == CL_RULE_FLEET;
	}
	for (int u = 0; u < sol->nunassigned; u++) {
		cl_explain_site(inst, m, rep, sol->unassigned[u], nfleet, buf, sizeof buf);
		ex->unassigned[u] = strdup(buf);
		ex->nunassigned = u + 1;
		if (!ex->unassigned[u])
			goto nomem;
	}
	for (int d = 0; d < sol->ndeferred; d++) {
		const struct cl_site *s = &inst->sites[sol->deferred[d]];

		snprintf(buf, sizeof buf, "nothing due today: due in %d day%s; serving it "
			 "today was worth %.2f (--defer-cost)", s->due_days,
			 s->due_days == 1 ? "" : "s", s->miss_cost);
		ex->deferred[d] = strdup(buf);
		ex->ndeferred = d + 1;
		if (!ex->deferred[d])
			goto nomem;
	}
	return CL_OK;
nomem:
	return cl_oom(err, "explaining the villages left out");
}
