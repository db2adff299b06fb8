/*
 * instance.h -- the validated problem: depot, village service points and
 * the fleet. Readers produce the pieces; cl_instance_build() checks them
 * and assembles an instance that no later stage modifies.
 *
 * Units: coordinates in degrees (WGS84/CGCS2000 lon/lat), times in seconds
 * after midnight, durations in seconds, distances in metres, loads in
 * parcels, money in the fleet file's currency.
 */
#ifndef CUNLU_INSTANCE_H
#define CUNLU_INSTANCE_H

#include "cunlu/error.h"

/* A place to visit (or the depot). Strings are UTF-8 and owned. */
struct cl_site {
	char *id;          /* ID field, or the 1-based record number as text */
	char *name;        /* NAME field, "" when absent */
	double lon, lat;   /* degrees */
	int demand;        /* parcels to deliver here (>= 0) */
	int pickup;        /* parcels to collect here (>= 0) */
	int service_s;     /* time spent at the stop */
	int tw_start_s;    /* opening time, seconds after midnight */
	int tw_end_s;      /* closing time; service must start by then */
	int record;        /* 0-based record in the source layer, -1 if none */
};

/* A vehicle type of the fleet. */
struct cl_vtype {
	char *name;          /* "van", "etricycle", ... (owned) */
	int count;           /* vehicles of this type available (>= 0) */
	int capacity;        /* parcels on board at any time (> 0) */
	double speed_kmh;    /* average road speed (> 0) */
	int shift_start_s;   /* earliest departure from the depot */
	int shift_end_s;     /* latest return to the depot */
	int max_dur_s;       /* longest route, depot to depot; 0 = shift only */
	double max_dist_m;   /* longest route (battery range); 0 = unlimited */
	double fixed_cost;   /* cost per vehicle used */
	double cost_per_km;  /* cost per km driven */
	unsigned avoid_roads; /* road classes this type may not drive, a
				 bitmask of 1u << enum cl_road_class
				 (router.h); 0 = none */
};

struct cl_instance {
	char *source;            /* villages file, for messages (owned) */
	int planar;              /* 1: benchmark file, lon/lat hold plane x/y
				    and distances are in the file's units */
	int nsites;              /* depot + villages */
	struct cl_site *sites;   /* sites[0] is the depot, 1..nsites-1 villages */
	int ntypes;
	struct cl_vtype *types;
};

/*
 * Why a village is not on any route. Reported with every unassigned
 * village, never dropped silently.
 */
enum cl_reason {
	CL_REASON_NONE = 0,
	CL_REASON_CAPACITY,    /* demand or pickup above every capacity */
	CL_REASON_RANGE,       /* round trip longer than every vehicle's range */
	CL_REASON_TIMEWINDOW,  /* opening hours cannot be reached in any shift */
	CL_REASON_DURATION,    /* round trip longer than every route limit */
	CL_REASON_FLEET,       /* feasible alone, but the fleet ran out */
	CL_REASON_NOROAD,      /* no road connection to the depot */
	CL_REASON_COUNT
};

/* A short English phrase for a reason ("demand above every capacity"). */
const char *cl_reason_text(enum cl_reason r);

/* Free an array of sites (and their strings); accepts NULL. */
void cl_sites_free(struct cl_site *sites, int n);
/* Free an array of vehicle types; accepts NULL. */
void cl_vtypes_free(struct cl_vtype *types, int n);

/*
 * Assemble an instance. Takes ownership of depot (copied into sites[0] and
 * its strings), of villages[] and of types[] in all cases, success or not;
 * the caller must not free them afterwards. Validates what no single reader
 * can (duplicate IDs are allowed but warned about; an empty fleet is an
 * error). On success *out is set; destroy with cl_instance_destroy().
 */
int cl_instance_build(const char *source, struct cl_site *depot,
		      struct cl_site *villages, int nvillages,
		      struct cl_vtype *types, int ntypes,
		      struct cl_instance **out, struct cl_error *err);

void cl_instance_destroy(struct cl_instance *inst);

/* "HH:MM" or "HH:MM:SS" -> seconds after midnight ("24:00" allowed).
 * CL_OK or CL_EINPUT. */
int cl_parse_hhmm(const char *s, int *secs);
/* seconds -> "HH:MM" (rounded down to the minute; >= 24h shows 24:00+). */
void cl_format_hhmm(int secs, char buf[16]);

/*
 * Drivable road classes (OSM highway=*). A *_link road belongs to the
 * class of its road; Geofabrik's track_grade1..5 are tracks; "road" and
 * Geofabrik's "unknown" are roads of unknown class. Fleet files name them
 * in "avoid_roads" (struct cl_vtype.avoid_roads is a bitmask of 1u << c).
 */
enum cl_road_class {
	CL_ROAD_MOTORWAY, CL_ROAD_TRUNK, CL_ROAD_PRIMARY, CL_ROAD_SECONDARY,
	CL_ROAD_TERTIARY, CL_ROAD_UNCLASSIFIED, CL_ROAD_RESIDENTIAL,
	CL_ROAD_LIVING_STREET, CL_ROAD_SERVICE, CL_ROAD_TRACK, CL_ROAD_ROAD,
	CL_ROAD_NCLASSES
};

/* The class named name ("motorway", ...; exact, lower case), or -1. */
int cl_road_class_parse(const char *name);
/* The name of class c ("motorway"), or "?" when c is out of range. */
const char *cl_road_class_name(int c);

#endif
