/*
 * instance.c -- assembling and validating the problem (see instance.h).
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cunlu/instance.h"
#include "cunlu/log.h"

static const char *const reason_text[CL_REASON_COUNT] = {
	[CL_REASON_NONE] = "served",
	[CL_REASON_CAPACITY] = "demand above every capacity",
	[CL_REASON_RANGE] = "too far for any vehicle's range",
	[CL_REASON_TIMEWINDOW] = "time window unreachable",
	[CL_REASON_DURATION] = "round trip longer than every route limit",
	[CL_REASON_FLEET] = "no vehicle left (fleet too small)",
	[CL_REASON_NOROAD] = "no road connection",
	[CL_REASON_PAYLOAD] = "weight (WEIGHT_KG) above every payload_kg",
	[CL_REASON_ACCESS] = "no vehicle type may serve it (VEHICLES, SKILLS, DRONE landing point)",
};

const char *cl_reason_text(enum cl_reason r)
{
	if ((int)r < 0 || r >= CL_REASON_COUNT)
		return "unknown";
	return reason_text[r];
}

/* s cut to at most max bytes on a UTF-8 boundary, "..." added when cut. */
static void cut_utf8(char *dst, size_t size, const char *s, size_t max)
{
	size_t n = strlen(s), k = n;

	if (k > max) {
		k = max;
		while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
			k--;
	}
	snprintf(dst, size, "%.*s%s", (int)k, s, k < n ? "..." : "");
}

/* See instance.h: `record 5 (FID 4, ID V004 "name")`. */
const char *cl_record_label(int record, const char *id, const char *name,
			    char *buf, size_t size)
{
	char sid[64], sname[80], tail[160];

	cut_utf8(sid, sizeof sid, id ? id : "", 40);
	cut_utf8(sname, sizeof sname, name ? name : "", 60);
	if (sid[0] && sname[0])
		snprintf(tail, sizeof tail, "ID %s \"%s\"", sid, sname);
	else if (sid[0])
		snprintf(tail, sizeof tail, "ID %s", sid);
	else if (sname[0])
		snprintf(tail, sizeof tail, "\"%s\"", sname);
	else
		tail[0] = '\0';
	if (record >= 0 && tail[0])
		snprintf(buf, size, "record %d (FID %d, %s)", record + 1, record, tail);
	else if (record >= 0)
		snprintf(buf, size, "record %d (FID %d)", record + 1, record);
	else
		snprintf(buf, size, "%s", tail[0] ? tail : "a site without record");
	return buf;
}

const char *cl_site_label(const struct cl_site *s, char *buf, size_t size)
{
	return cl_record_label(s->record, s->id, s->name, buf, size);
}

void cl_sites_free(struct cl_site *sites, int n)
{
	if (!sites)
		return;
	for (int i = 0; i < n; i++) {
		free(sites[i].id);
		free(sites[i].name);
		free(sites[i].brands);
		for (int k = 0; sites[i].kept && k < sites[i].nkept; k++)
			free(sites[i].kept[k]);
		free(sites[i].kept);
	}
	free(sites);
}

static const char *const idle_status[CL_IDLE_COUNT] = {
	[CL_IDLE_NO_ORDERS] = "nothing today",
	[CL_IDLE_NOTHING] = "nothing today",
	[CL_IDLE_NOT_SCHEDULED] = "not scheduled",
};

static const char *const idle_text[CL_IDLE_COUNT] = {
	[CL_IDLE_NO_ORDERS] = "no orders today",
	[CL_IDLE_NOTHING] = "nothing to deliver or collect",
	[CL_IDLE_NOT_SCHEDULED] = "not scheduled on this weekday (DAYS) and nothing due",
};

const char *cl_idle_status(enum cl_idle why)
{
	return (int)why >= 0 && why < CL_IDLE_COUNT ? idle_status[why] : "?";
}

const char *cl_idle_text(enum cl_idle why)
{
	return (int)why >= 0 && why < CL_IDLE_COUNT ? idle_text[why] : "?";
}

const char *cl_mode_name(int mode)
{
	return mode == CL_MODE_DRONE ? "drone" : mode == CL_MODE_ROAD ? "road" : "?";
}

int cl_instance_allows(const struct cl_instance *inst, int site, int type)
{
	const struct cl_site *s = &inst->sites[site];
	uint64_t bit;

	/* a drone lands only where there is a landing point */
	if (site > 0 && inst->types[type].mode == CL_MODE_DRONE && !s->drone)
		return 0;

	if (s->vmask != CL_ALL_TYPES && s->vmask != 0) {
		if (type >= 64)
			return 0;
		bit = (uint64_t)1 << type;
		if (!(s->vmask & bit))
			return 0;
	}
	return (s->skills & ~inst->types[type].skills) == 0;
}

const struct cl_site *cl_instance_origin(const struct cl_instance *inst,
					 int type)
{
	int b = inst->types[type].base;

	return b >= 1 && b <= inst->nbases && inst->bases ? &inst->bases[b - 1]
							  : &inst->sites[0];
}

int cl_instance_has_drones(const struct cl_instance *inst)
{
	for (int t = 0; t < inst->ntypes; t++)
		if (inst->types[t].mode == CL_MODE_DRONE && inst->types[t].count > 0)
			return 1;
	return 0;
}

void cl_zones_free(struct cl_zone *zones, int n)
{
	if (!zones)
		return;
	for (int i = 0; i < n; i++) {
		free(zones[i].id);
		free(zones[i].name);
		free(zones[i].ring);
		free(zones[i].x);
		free(zones[i].y);
	}
	free(zones);
}

int cl_instance_add_drones(struct cl_instance *inst, struct cl_site *bases,
			   int nbases, struct cl_zone *zones, int nzones,
			   struct cl_error *err)
{
	int rc = CL_OK;

	for (int t = 0; t < inst->ntypes && rc == CL_OK; t++) {
		const struct cl_vtype *v = &inst->types[t];
		if (v->base < 0 || v->base > nbases)
			rc = cl_fail(err, CL_EINPUT,
				     "vehicle type %s: launch site %d does not exist (%d given)",
				     v->name, v->base, nbases);
		else if (v->base > 0 && v->mode != CL_MODE_DRONE)
			rc = cl_fail(err, CL_EINPUT,
				     "vehicle type %s: only drone types have a launch site",
				     v->name);
	}
	for (int z = 0; z < nzones && rc == CL_OK; z++)
		if (zones[z].nrings < 1 || !zones[z].ring || !zones[z].x || !zones[z].y)
			rc = cl_fail(err, CL_EINPUT, "no-fly zone %d has no ring", z + 1);
	if (rc != CL_OK) {
		cl_sites_free(bases, nbases);
		cl_zones_free(zones, nzones);
		return rc;
	}
	cl_sites_free(inst->bases, inst->nbases);
	cl_zones_free(inst->zones, inst->nzones);
	inst->bases = bases;
	inst->nbases = nbases;
	inst->zones = zones;
	inst->nzones = nzones;
	return CL_OK;
}

/* ASCII case-insensitive equality. */
static int same_ci(const char *a, const char *b)
{
	while (*a && tolower((unsigned char)*a) == tolower((unsigned char)*b)) {
		a++;
		b++;
	}
	return *a == '\0' && *b == '\0';
}

int cl_names_find(const struct cl_names *names, const char *name)
{
	for (int k = 0; k < names->n; k++)
		if (strcmp(names->name[k], name) == 0)
			return k;
	for (int k = 0; k < names->n; k++)
		if (same_ci(names->name[k], name))
			return k;
	return -1;
}

int cl_names_add(struct cl_names *names, const char *name, int limit)
{
	int k = cl_names_find(names, name);
	char **grown, *copy;

	if (k >= 0)
		return k;
	if (names->n >= limit)
		return -1;
	copy = strdup(name);
	grown = copy ? realloc(names->name, sizeof *grown * (size_t)(names->n + 1)) : NULL;
	if (!grown) {
		free(copy);
		return -2;
	}
	names->name = grown;
	names->name[names->n] = copy;
	return names->n++;
}

void cl_names_free(struct cl_names *names)
{
	if (!names)
		return;
	for (int k = 0; k < names->n; k++)
		free(names->name[k]);
	free(names->name);
	names->name = NULL;
	names->n = 0;
}

void cl_instance_extra_free(struct cl_instance_extra *x)
{
	if (!x)
		return;
	cl_names_free(&x->skills);
	cl_names_free(&x->brands);
	cl_sites_free(x->idle, x->nidle);
	free(x->idle_why);
	x->idle = NULL;
	x->idle_why = NULL;
	x->nidle = 0;
}

/* The mask of the first n skills. */
static uint64_t first_bits(int n)
{
	return n >= 64 ? UINT64_MAX : ((uint64_t)1 << n) - 1;
}

int cl_instance_add_extra(struct cl_instance *inst, struct cl_instance_extra *x,
			  struct cl_error *err)
{
	uint64_t known = first_bits(x->skills.n);
	int rc = CL_OK;

	for (int t = 0; t < inst->ntypes && rc == CL_OK; t++)
		if (inst->types[t].skills & ~known)
			rc = cl_fail(err, CL_EINPUT, "vehicle type %s: a skill without a name",
				     inst->types[t].name);
	for (int i = 0; i < inst->nsites && rc == CL_OK; i++) {
		const struct cl_site *s = &inst->sites[i];
		if (s->skills & ~known)
			rc = cl_fail(err, CL_EINPUT, "%s: village %s: a skill without a name",
				     inst->source, s->id);
		for (int b = 0; b < s->nbrands && rc == CL_OK; b++)
			if (s->brands[b].brand < 0 || s->brands[b].brand >= x->brands.n)
				rc = cl_fail(err, CL_EINPUT, "%s: village %s: a brand without a name",
					     inst->source, s->id);
	}
	if (rc == CL_OK) {
		cl_names_free(&(struct cl_names){ inst->nskills, inst->skill_names });
		cl_names_free(&(struct cl_names){ inst->nbrand_names, inst->brand_names });
		inst->nskills = x->skills.n;
		inst->skill_names = x->skills.name;
		inst->nbrand_names = x->brands.n;
		inst->brand_names = x->brands.name;
		x->skills = (struct cl_names){ 0, NULL };
		x->brands = (struct cl_names){ 0, NULL };
		cl_sites_free(inst->idle, inst->nidle);
		free(inst->idle_why);
		inst->nidle = x->nidle;
		inst->idle = x->idle;
		inst->idle_why = x->idle_why;
		x->nidle = 0;
		x->idle = NULL;
		x->idle_why = NULL;
	}
	cl_instance_extra_free(x);
	return rc;
}

void cl_instance_price(struct cl_instance *inst, double defer_cost)
{
	double worst = 1;

	for (int t = 0; t < inst->ntypes; t++) {
		const struct cl_vtype *v = &inst->types[t];
		double day_s = v->shift_end_s - v->shift_start_s;
		double h, c;

		if (v->max_dur_s > 0 && v->max_dur_s < day_s)
			day_s = v->max_dur_s;
		h = day_s / 3600.0;
		c = v->fixed_cost + v->cost_per_km * v->speed_kmh * h + v->cost_per_hour * h;
		if (c > worst)
			worst = c;
	}
	for (int i = 1; i < inst->nsites; i++) {
		struct cl_site *s = &inst->sites[i];
		double parcels = (double)s->demand + (double)s->pickup;

		if (s->due_days <= 0) {
			s->miss_cost = 4 * worst * s->priority * (1 + parcels / 10);
		} else {
			s->miss_cost = defer_cost * s->priority * parcels / s->due_days;
			if (s->miss_cost > worst)
				s->miss_cost = worst;
		}
	}
}

const char *cl_site_kept(const struct cl_site *s, int k)
{
	return s->kept && k >= 0 && k < s->nkept && s->kept[k] ? s->kept[k] : "";
}

int cl_instance_set_kept(struct cl_instance *inst, const char *const *names,
			 int n, struct cl_error *err)
{
	char **v = n > 0 ? calloc((size_t)n, sizeof *v) : NULL;

	if (n > 0 && !v)
		return cl_fail(err, CL_EINTERNAL, "out of memory");
	for (int k = 0; k < n; k++) {
		v[k] = strdup(names[k]);
		if (!v[k]) {
			while (k-- > 0)
				free(v[k]);
			free(v);
			return cl_fail(err, CL_EINTERNAL, "out of memory");
		}
	}
	for (int k = 0; k < inst->nkept; k++)
		free(inst->kept_names[k]);
	free(inst->kept_names);
	inst->kept_names = v;
	inst->nkept = n;
	return CL_OK;
}

void cl_vtypes_free(struct cl_vtype *types, int n)
{
	if (!types)
		return;
	for (int i = 0; i < n; i++)
		free(types[i].name);
	free(types);
}

void cl_instance_destroy(struct cl_instance *inst)
{
	if (!inst)
		return;
	cl_sites_free(inst->sites, inst->nsites);
	cl_vtypes_free(inst->types, inst->ntypes);
	cl_names_free(&(struct cl_names){ inst->nskills, inst->skill_names });
	cl_names_free(&(struct cl_names){ inst->nbrand_names, inst->brand_names });
	cl_sites_free(inst->idle, inst->nidle);
	free(inst->idle_why);
	for (int k = 0; k < inst->nkept; k++)
		free(inst->kept_names[k]);
	free(inst->kept_names);
	cl_sites_free(inst->bases, inst->nbases);
	cl_zones_free(inst->zones, inst->nzones);
	free(inst->source);
	free(inst);
}

/* The fleet's new keys: defaults for zeros (max_trips 0 -> 1), ranges. */
static int check_types(struct cl_vtype *types, int ntypes, struct cl_error *err)
{
	for (int t = 0; t < ntypes; t++) {
		struct cl_vtype *v = &types[t];

		if (v->max_trips == 0)
			v->max_trips = 1;
		if (v->max_trips < 1 || v->max_trips > CL_MAX_TRIPS)
			return cl_fail(err, CL_EINPUT,
				       "vehicle type %s: max_trips %d out of range (1 to %d)",
				       v->name, v->max_trips, CL_MAX_TRIPS);
		if (v->reload_s < 0 || v->reload_s > 24 * 3600)
			return cl_fail(err, CL_EINPUT,
				       "vehicle type %s: reload time %d s out of range (0 to 24 h)",
				       v->name, v->reload_s);
		if (v->max_trip_m < 0)
			return cl_fail(err, CL_EINPUT,
				       "vehicle type %s: max_trip_km is negative", v->name);
		if (!(v->cost_per_hour >= 0) || !isfinite(v->cost_per_hour))
			return cl_fail(err, CL_EINPUT,
				       "vehicle type %s: cost_per_hour %g is not a number >= 0",
				       v->name, v->cost_per_hour);
		if (v->mode != CL_MODE_ROAD && v->mode != CL_MODE_DRONE)
			return cl_fail(err, CL_EINPUT, "vehicle type %s: unknown mode %d",
				       v->name, v->mode);
		if (v->max_stops < 0)
			return cl_fail(err, CL_EINPUT, "vehicle type %s: max_stops is negative",
				       v->name);
		if (!(v->payload_kg >= 0) || !isfinite(v->payload_kg))
			return cl_fail(err, CL_EINPUT,
				       "vehicle type %s: payload_kg %g is not a number >= 0",
				       v->name, v->payload_kg);
		if (v->base != 0)
			return cl_fail(err, CL_EINPUT,
				       "vehicle type %s: a launch site is set by cl_instance_add_drones",
				       v->name);
	}
	return CL_OK;
}

/* The villages' new fields: defaults for zeros, ranges, brand sums. */
static int check_villages(const char *source, struct cl_site *v, int n, int ntypes,
			  struct cl_error *err)
{
	for (int i = 0; i < n; i++) {
		struct cl_site *s = &v[i];
		int dl = 0, pk = 0;

		if (s->vmask == 0)
			s->vmask = CL_ALL_TYPES;
		else if (s->vmask != CL_ALL_TYPES && ntypes < 64 &&
			 (s->vmask & first_bits(ntypes)) == 0)
			return cl_fail(err, CL_EINPUT,
				       "%s: village %s: no vehicle type of the fleet may serve it (VEHICLES)",
				       source, s->id);
		if (s->drone != 0 && s->drone != 1)
			return cl_fail(err, CL_EINPUT, "%s: village %s: DRONE %d is not 0 or 1",
				       source, s->id, s->drone);
		if (!(s->weight_kg >= 0) || s->weight_kg > CL_MAX_WEIGHT_KG)
			return cl_fail(err, CL_EINPUT,
				       "%s: village %s: weight %g kg is not a number from 0 to %g",
				       source, s->id, s->weight_kg, CL_MAX_WEIGHT_KG);
		if (s->priority == 0)
			s->priority = 1;
		if (!(s->priority > 0) || !isfinite(s->priority))
			return cl_fail(err, CL_EINPUT,
				       "%s: village %s: priority %g is not a number above 0",
				       source, s->id, s->priority);
		if (s->due_days < 0)
			return cl_fail(err, CL_EINPUT, "%s: village %s: due in %d days (negative)",
				       source, s->id, s->due_days);
		s->optional = s->due_days > 0;
		if (s->release_s < 0 || s->release_s > 24 * 3600)
			return cl_fail(err, CL_EINPUT,
				       "%s: village %s: release time %d s out of range (0 to 24 h)",
				       source, s->id, s->release_s);
		for (int b = 0; b < s->nbrands; b++) {
			dl += s->brands[b].deliver;
			pk += s->brands[b].pickup;
		}
		if (s->nbrands > 0 && (dl != s->demand || pk != s->pickup))
			return cl_fail(err, CL_EINPUT,
				       "%s: village %s: parcels by brand (%d, %d) do not add up to its demand and pickup (%d, %d)",
				       source, s->id, dl, pk, s->demand, s->pickup);
	}
	return CL_OK;
}

int cl_instance_build(const char *source, struct cl_site *depot,
		      struct cl_site *villages, int nvillages,
		      struct cl_vtype *types, int ntypes,
		      struct cl_instance **out, struct cl_error *err)
{
	struct cl_instance *inst = NULL;
	int rc;
	int vehicles = 0;

	*out = NULL;
	if (ntypes <= 0) {
		rc = cl_fail(err, CL_EINPUT, "the fleet has no vehicle types");
		goto fail;
	}
	for (int t = 0; t < ntypes; t++)
		vehicles += types[t].count;
	if (vehicles <= 0) {
		rc = cl_fail(err, CL_EINPUT, "the fleet has no vehicles (every count is 0)");
		goto fail;
	}
	/* No village at all is a day with nothing to do (every village of the
	   layer left out by the orders or DAYS); readers refuse empty layers. */
	if (nvillages < 0) {
		rc = cl_fail(err, CL_EINPUT, "%s: no villages to visit", source);
		goto fail;
	}
	rc = check_types(types, ntypes, err);
	if (rc == CL_OK)
		rc = check_villages(source, villages, nvillages, ntypes, err);
	if (rc != CL_OK)
		goto fail;
	inst = calloc(1, sizeof *inst);
	if (!inst)
		goto nomem;
	inst->source = strdup(source);
	inst->sites = calloc((size_t)nvillages + 1, sizeof *inst->sites);
	if (!inst->source || !inst->sites)
		goto nomem;
	inst->sites[0] = *depot;
	memset(depot, 0, sizeof *depot);
	inst->sites[0].demand = 0;
	inst->sites[0].pickup = 0;
	inst->sites[0].service_s = 0;
	inst->sites[0].vmask = CL_ALL_TYPES;
	inst->sites[0].skills = 0;
	inst->sites[0].weight_kg = 0;
	inst->sites[0].priority = 1;
	memcpy(inst->sites + 1, villages, sizeof *villages * (size_t)nvillages);
	free(villages);
	villages = NULL;
	inst->nsites = nvillages + 1;
	inst->types = types;
	inst->ntypes = ntypes;
	types = NULL;
	for (int i = 1; i < inst->nsites; i++) {
		for (int j = i + 1; j < inst->nsites && j < i + 64; j++)
			if (strcmp(inst->sites[i].id, inst->sites[j].id) == 0) {
				char a[CL_LABEL_MAX], b[CL_LABEL_MAX];
				cl_warn("%s: %s and %s share the ID \"%s\"", source,
					cl_site_label(&inst->sites[i], a, sizeof a),
					cl_site_label(&inst->sites[j], b, sizeof b),
					inst->sites[i].id);
			}
	}
	cl_instance_price(inst, CL_DEFER_COST_DEFAULT);
	*out = inst;
	return CL_OK;
nomem:
	rc = cl_fail(err, CL_EINTERNAL, "out of memory building the instance");
fail:
	if (depot) {
		free(depot->id);
		free(depot->name);
		for (int k = 0; depot->kept && k < depot->nkept; k++)
			free(depot->kept[k]);
		free(depot->kept);
		memset(depot, 0, sizeof *depot);
	}
	cl_sites_free(villages, nvillages);
	cl_vtypes_free(types, ntypes);
	cl_instance_destroy(inst);
	return rc;
}

int cl_parse_hhmm(const char *s, int *secs)
{
	int h = 0, m = 0, sec = 0, nd = 0;

	while (isspace((unsigned char)*s))
		s++;
	while (isdigit((unsigned char)*s) && nd < 2) {
		h = h * 10 + (*s++ - '0');
		nd++;
	}
	if (nd == 0 || *s++ != ':')
		return CL_EINPUT;
	if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]))
		return CL_EINPUT;
	m = (s[0] - '0') * 10 + (s[1] - '0');
	s += 2;
	/* "HH:MM:SS" (what GIS tools write for time fields), seconds kept. */
	if (s[0] == ':') {
		if (!isdigit((unsigned char)s[1]) || !isdigit((unsigned char)s[2]))
			return CL_EINPUT;
		sec = (s[1] - '0') * 10 + (s[2] - '0');
		s += 3;
	}
	while (isspace((unsigned char)*s))
		s++;
	if (*s != '\0' || m > 59 || sec > 59 || h > 24 || (h == 24 && (m != 0 || sec != 0)))
		return CL_EINPUT;
	*secs = h * 3600 + m * 60 + sec;
	return CL_OK;
}

void cl_format_hhmm(int secs, char buf[16])
{
	if (secs < 0)
		secs = 0;
	snprintf(buf, 16, "%02d:%02d", secs / 3600, (secs / 60) % 60);
}

static const char *const class_name[CL_ROAD_NCLASSES] = {
	[CL_ROAD_MOTORWAY] = "motorway", [CL_ROAD_TRUNK] = "trunk",
	[CL_ROAD_PRIMARY] = "primary", [CL_ROAD_SECONDARY] = "secondary",
	[CL_ROAD_TERTIARY] = "tertiary", [CL_ROAD_UNCLASSIFIED] = "unclassified",
	[CL_ROAD_RESIDENTIAL] = "residential",
	[CL_ROAD_LIVING_STREET] = "living_street", [CL_ROAD_SERVICE] = "service",
	[CL_ROAD_TRACK] = "track", [CL_ROAD_ROAD] = "road",
};

int cl_road_class_parse(const char *name)
{
	for (int c = 0; c < CL_ROAD_NCLASSES; c++)
		if (strcmp(name, class_name[c]) == 0)
			return c;
	return -1;
}

const char *cl_road_class_name(int c)
{
	return c >= 0 && c < CL_ROAD_NCLASSES ? class_name[c] : "?";
}
