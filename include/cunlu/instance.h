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

#include <stddef.h>
#include <stdint.h>

#include "cunlu/error.h"

/* Skills are bits of a uint64_t (bit k = inst->skill_names[k]). */
#define CL_MAX_SKILLS 64
/* Every vehicle type may serve the site (struct cl_site.vmask). */
#define CL_ALL_TYPES UINT64_MAX
/* Most trips a vehicle may make in a day (fleet key max_trips). */
#define CL_MAX_TRIPS 50
/* Heaviest WEIGHT_KG of one village (kg): keeps weights in grams and their
   sums over a route far inside 64-bit integers. */
#define CL_MAX_WEIGHT_KG 100000.0

/* Parcels of one express brand at a village (from the orders' BRAND). */
struct cl_brand_qty {
	int brand;         /* index into inst->brand_names */
	int deliver;       /* parcels to deliver */
	int pickup;        /* parcels to collect */
};

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
	/* Access rules, today's orders and what missing the village costs. */
	uint64_t skills;   /* skills a vehicle needs here (bit k =
			      inst->skill_names[k]): the layer's SKILLS and
			      those of today's order lines; 0 = none */
	uint64_t vmask;    /* vehicle types allowed (bit t = inst->types[t]):
			      the layer's VEHICLES; CL_ALL_TYPES = any (what
			      cl_instance_build makes of 0) */
	int release_s;     /* earliest time its parcels can leave the depot
			      (orders' READY, the latest of its lines);
			      0 = from the start of the day */
	int due_days;      /* days left before its parcels must arrive: the
			      smallest DUE of its lines; 0 = due today */
	int optional;      /* 1: nothing is due today (due_days >= 1); the
			      search may defer it (see miss_cost) */
	unsigned days;     /* weekdays it is served (DAYS): bit d for ISO day
			      d, 1 = Monday .. 7 = Sunday; 0 = every day */
	double priority;   /* PRIORITY (orders or layer, the larger); > 0;
			      cl_instance_build makes 0 into 1 */
	double miss_cost;  /* money: what not serving it today costs in the
			      objective (cl_instance_price: a penalty above
			      any vehicle's day for a required village, a
			      prize for an optional one); the search
			      minimises routes + sum of miss_cost of the
			      villages it leaves out */
	int nbrands;
	struct cl_brand_qty *brands; /* parcels by brand (owned; NULL when the
					orders had no BRAND) */
	int nkept;        /* kept columns (--keep-fields), in the order given */
	char **kept;      /* their text, UTF-8, "" when blank (owned; NULL
			      when nkept is 0) */
	/* Drones (issue 15). */
	int drone;        /* 1: the village has a drone landing point (DRONE);
			      only then may a drone type serve it */
	double weight_kg; /* kg of the parcels delivered here (WEIGHT_KG, or
			      the orders' sum); 0 = not given. Counts against
			      a type's payload_kg on each trip */
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
	int max_trips;       /* trips per vehicle and day (1..50; reloads at
				the depot in between); cl_instance_build
				makes 0 into 1 */
	int reload_s;        /* time at the depot between two trips */
	int64_t max_trip_m;  /* longest single trip; 0 = no per-trip limit
				(max_dist_m and max_dur_s hold for the whole
				day: one battery charge, one shift) */
	double cost_per_hour; /* driver wages per hour of the vehicle's day
				 (first departure to last return, waiting
				 and reloads included) */
	uint64_t skills;     /* skills this type has (bit k =
				inst->skill_names[k]) */
	/* Drones (issue 15). */
	int mode;            /* enum cl_mode: how it travels */
	int max_stops;       /* villages per trip (a drone's sortie); 0 = no
				limit */
	double payload_kg;   /* kg delivered per trip (sum of the villages'
				weight_kg); 0 = no limit */
	int base;            /* where its trips start and end: 0 = the depot,
				k >= 1 = launch site inst->bases[k - 1]
				(--drone-sites; drone types only) */
};

/* How a vehicle type travels (fleet key "mode"). */
enum cl_mode {
	CL_MODE_ROAD = 0,   /* on the road network (or detour x great circle) */
	CL_MODE_DRONE = 1   /* flies great-circle legs at its speed, lands only
			       at villages with DRONE = 1, never through a
			       no-fly zone (--no-fly) */
};

/* "road" or "drone". */
const char *cl_mode_name(int mode);

/*
 * A no-fly zone (--no-fly): one polygon record of the layer, as rings of
 * lon/lat vertices (outer rings and holes alike; the even-odd rule decides
 * what is inside). Each ring is closed (its last vertex repeats its
 * first) and has at least 4 vertices.
 */
struct cl_zone {
	char *id;           /* ID field, or the 1-based record number (owned) */
	char *name;         /* NAME field, "" when absent (owned) */
	int record;         /* 0-based record in the layer */
	int nrings;
	int *ring;          /* nrings + 1 entries: ring k is vertices
			       ring[k] .. ring[k + 1] - 1 (owned) */
	int npts;
	double *x, *y;      /* longitude, latitude of every vertex (owned) */
	double minx, miny, maxx, maxy;   /* bounding box */
};

/* Why a village of the layer is not in today's problem at all. */
enum cl_idle {
	CL_IDLE_NO_ORDERS = 0,  /* --orders given and no line for it */
	CL_IDLE_NOTHING,        /* nothing to deliver or collect (0 and 0) */
	CL_IDLE_NOT_SCHEDULED,  /* DAYS does not include --date's weekday and
				   none of its parcels is due today */
	CL_IDLE_COUNT
};

/* "nothing today" or "not scheduled": the status outputs show. */
const char *cl_idle_status(enum cl_idle why);
/* A short phrase for messages ("no orders today", ...). */
const char *cl_idle_text(enum cl_idle why);

struct cl_instance {
	char *source;            /* villages file, for messages (owned) */
	int planar;              /* 1: benchmark file, lon/lat hold plane x/y
				    and distances are in the file's units */
	int nsites;              /* depot + villages */
	struct cl_site *sites;   /* sites[0] is the depot, 1..nsites-1 villages */
	int ntypes;
	struct cl_vtype *types;
	int nskills;
	char **skill_names;      /* skill k of the uint64_t masks (owned) */
	int nbrand_names;
	char **brand_names;      /* brands of struct cl_brand_qty (owned) */
	/* Villages of the layer left out of today's problem (not passed to
	   the search; outputs list them with their status). */
	int nidle;
	struct cl_site *idle;    /* owned */
	enum cl_idle *idle_why;  /* parallel to idle (owned) */
	int nkept;              /* kept columns: names of the sites' kept */
	char **kept_names;      /* values, as given (owned) */
	/* Drones (issue 15; cl_instance_add_drones). */
	int nbases;
	struct cl_site *bases;   /* launch sites (--drone-sites): a drone type
				    with base k >= 1 starts and ends its
				    sorties at bases[k - 1] (owned) */
	int nzones;
	struct cl_zone *zones;   /* no-fly zones (--no-fly) (owned) */
};

/*
 * Whether vehicle type `type` may serve site `site`: the type is among the
 * site's allowed types (VEHICLES; a vmask of 0, as in an instance not made
 * by cl_instance_build, allows every type) and has every skill the site
 * needs.
 */
int cl_instance_allows(const struct cl_instance *inst, int site, int type);

/*
 * Where the trips of vehicle type `type` start and end: the depot
 * (sites[0]), or its launch site (bases[base - 1]). For a type based at a
 * launch site, node 0 of its distance and time matrices is that site.
 */
const struct cl_site *cl_instance_origin(const struct cl_instance *inst,
					 int type);

/* 1 when some vehicle type (with vehicles) is a drone. */
int cl_instance_has_drones(const struct cl_instance *inst);

/*
 * The first no-fly zone (index into inst->zones) that the straight leg
 * from (lon1, lat1) to (lon2, lat2) touches, or -1. "Straight" is the
 * segment on a local equirectangular projection (x = lon * cos(mean
 * latitude)), which is within metres of the great circle over a county;
 * a leg that starts or ends inside a zone, crosses its boundary or runs
 * along it touches it (model/zone.c).
 */
int cl_instance_nofly(const struct cl_instance *inst, double lon1, double lat1,
		      double lon2, double lat2);

/*
 * cl_instance_nofly for a leg whose two ends the caller knows to lie
 * outside every zone (cl_instance_nofly of the point itself is -1): only
 * the zones' edges are tested, a third of the work. The flight matrices
 * use it for the n^2 legs after testing the n points once.
 */
int cl_instance_nofly_between(const struct cl_instance *inst, double lon1, double lat1,
			      double lon2, double lat2);

/* Free an array of zones (and their parts); accepts NULL. */
void cl_zones_free(struct cl_zone *zones, int n);

/*
 * Give inst its launch sites and no-fly zones (taken over in all cases,
 * success or not; either may be NULL with a count of 0). The types' base
 * fields must already name launch sites within 1..nbases, and only drone
 * types may have one. CL_EINPUT when they do not (a bug in a reader).
 */
int cl_instance_add_drones(struct cl_instance *inst, struct cl_site *bases,
			   int nbases, struct cl_zone *zones, int nzones,
			   struct cl_error *err);

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
	CL_REASON_PAYLOAD,     /* its parcels fit, but their weight
				  (WEIGHT_KG) is above every payload_kg */
	CL_REASON_ACCESS,      /* no vehicle type may serve it (VEHICLES,
				  SKILLS) */
	CL_REASON_COUNT
};

/* A short English phrase for a reason ("demand above every capacity"). */
const char *cl_reason_text(enum cl_reason r);

/*
 * How every message names a village: `record 5 (FID 4, ID V004 "上林村")`
 * -- the 1-based record number as dBASE counts, the 0-based feature ID
 * that QGIS and GDAL show, the ID and the name (left out when empty, cut
 * on a UTF-8 boundary when long). A site without a record (record < 0,
 * e.g. --depot LON,LAT) is `ID depot "depot"`. id and name may be NULL
 * or empty and are then left out (`record 5 (FID 4)`).
 * Writes at most size bytes (CL_LABEL_MAX is always enough) and returns
 * buf.
 */
#define CL_LABEL_MAX 192
const char *cl_record_label(int record, const char *id, const char *name,
			    char *buf, size_t size);
/* cl_record_label() of a site. */
const char *cl_site_label(const struct cl_site *s, char *buf, size_t size);

/* Free an array of sites (and their strings); accepts NULL. */
void cl_sites_free(struct cl_site *sites, int n);
/* Free an array of vehicle types; accepts NULL. */
void cl_vtypes_free(struct cl_vtype *types, int n);

/*
 * Assemble an instance. Takes ownership of depot (copied into sites[0] and
 * its strings), of villages[] and of types[] in all cases, success or not;
 * the caller must not free them afterwards. Validates what no single reader
 * can (duplicate IDs are allowed but warned about; an empty fleet is an
 * error). nvillages may be 0: a day with nothing to plan (the villages of
 * the layer all left out), which gives an instance of the depot alone. On
 * success *out is set; destroy with cl_instance_destroy().
 */
int cl_instance_build(const char *source, struct cl_site *depot,
		      struct cl_site *villages, int nvillages,
		      struct cl_vtype *types, int ntypes,
		      struct cl_instance **out, struct cl_error *err);

void cl_instance_destroy(struct cl_instance *inst);

/*
 * A list of names (skills, brands): the index of a name is its bit or
 * number. Names match exactly, or else without regard to ASCII case, and
 * keep their first spelling.
 */
struct cl_names {
	int n;
	char **name;   /* owned */
};

/* The index of name in names, or -1. */
int cl_names_find(const struct cl_names *names, const char *name);
/*
 * The index of name, added at the end when missing. Returns the index, -1
 * when adding would exceed limit entries, -2 when out of memory.
 */
int cl_names_add(struct cl_names *names, const char *name, int limit);
/* Free the names (not the struct); leaves an empty list. */
void cl_names_free(struct cl_names *names);

/*
 * What cl_instance_build does not take: the names behind the skill bits
 * and the brand numbers, and the villages of the layer left out of today's
 * problem (idle[i] is left out because of idle_why[i]).
 */
struct cl_instance_extra {
	struct cl_names skills;
	struct cl_names brands;
	int nidle;
	struct cl_site *idle;
	enum cl_idle *idle_why;
};

/*
 * Move x's parts into inst (x is left empty, success or not) and check
 * them against the instance: every skill bit of a site or a type names a
 * skill, every brand number a brand. CL_EINPUT when they do not match
 * (a bug in a reader), CL_EINTERNAL when out of memory.
 */
int cl_instance_add_extra(struct cl_instance *inst, struct cl_instance_extra *x,
			  struct cl_error *err);
/* Free x's parts; accepts NULL. */
void cl_instance_extra_free(struct cl_instance_extra *x);

/*
 * --defer-cost's default: money per parcel that waits when the deadline
 * is tomorrow (see cl_instance_price).
 */
#define CL_DEFER_COST_DEFAULT 2.0

/*
 * Set every village's miss_cost (money) from the fleet and defer_cost:
 *
 *   B = the dearest vehicle day: max over types of fixed_cost
 *       + cost_per_km * speed_kmh * H + cost_per_hour * H, H = the
 *       longest day the type may work (shift, or max_route_min if
 *       shorter) in hours: no vehicle's day can cost more;
 *   required village (due today):
 *       miss = 4 B * priority * (1 + (demand + pickup) / 10)
 *       (leaving it out costs more than any vehicle's day, more so with
 *       more parcels and a higher priority);
 *   optional village (due in d >= 1 days):
 *       miss = min(B, defer_cost * priority * (demand + pickup) / d)
 *       (a prize for serving it today, growing as the deadline nears,
 *       always below any required village's penalty).
 *
 * cl_instance_build calls it with CL_DEFER_COST_DEFAULT.
 */
void cl_instance_price(struct cl_instance *inst, double defer_cost);

/*
 * Name the kept columns (copied): names[k] is the column of every
 * village's kept[k]. CL_EINTERNAL when out of memory.
 */
int cl_instance_set_kept(struct cl_instance *inst, const char *const *names,
			 int n, struct cl_error *err);

/* Village i's kept column k, "" when it has none. */
const char *cl_site_kept(const struct cl_site *s, int k);

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
