/*
 * instance.c -- assembling and validating the problem (see instance.h).
 */
#include <ctype.h>
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
};

const char *cl_reason_text(enum cl_reason r)
{
	if ((int)r < 0 || r >= CL_REASON_COUNT)
		return "unknown";
	return reason_text[r];
}

void cl_sites_free(struct cl_site *sites, int n)
{
	if (!sites)
		return;
	for (int i = 0; i < n; i++) {
		free(sites[i].id);
		free(sites[i].name);
	}
	free(sites);
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
	free(inst->source);
	free(inst);
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
	if (nvillages <= 0) {
		rc = cl_fail(err, CL_EINPUT, "%s: no villages to visit", source);
		goto fail;
	}
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
	memcpy(inst->sites + 1, villages, sizeof *villages * (size_t)nvillages);
	free(villages);
	villages = NULL;
	inst->nsites = nvillages + 1;
	inst->types = types;
	inst->ntypes = ntypes;
	types = NULL;
	for (int i = 1; i < inst->nsites; i++) {
		for (int j = i + 1; j < inst->nsites && j < i + 64; j++)
			if (strcmp(inst->sites[i].id, inst->sites[j].id) == 0)
				cl_warn("%s: records %d and %d share the ID \"%s\"",
					source, inst->sites[i].record + 1,
					inst->sites[j].record + 1, inst->sites[i].id);
	}
	*out = inst;
	return CL_OK;
nomem:
	rc = cl_fail(err, CL_EINTERNAL, "out of memory building the instance");
fail:
	if (depot) {
		free(depot->id);
		free(depot->name);
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

/* The class named name exactly ("motorway"), or -1. */
int cl_road_class_parse(const char *name)
{
	for (int c = 0; c < CL_ROAD_NCLASSES; c++)
		if (strcmp(name, class_name[c]) == 0)
			return c;
	return -1;
}

/* The name of class c, "?" out of range. */
const char *cl_road_class_name(int c)
{
	return c >= 0 && c < CL_ROAD_NCLASSES ? class_name[c] : "?";
}
