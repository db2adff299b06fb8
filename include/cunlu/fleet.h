/*
 * fleet.h -- the fleet: vehicle types from a JSON file, or the default.
 *
 * File format (UTF-8 JSON, at most 1 MiB; solver/io/fleet.c has the full
 * table of keys and limits):
 *
 *   { "vehicle_types": [
 *       { "name": "van", "count": 3, "capacity": 150, "speed_kmh": 35,
 *         "shift_start": "07:00", "shift_end": "19:00",
 *         "max_route_min": 600, "max_route_km": 0,
 *         "fixed_cost": 100, "cost_per_km": 1.2, "cost_per_hour": 0,
 *         "max_trips": 1, "reload_min": 15, "max_trip_km": 0,
 *         "skills": ["cold"] } ] }
 *
 * "vehicle_types" is the only top-level key; the array is non-empty (at
 * most 100 types). "name" (non-empty, unique) and "count" (integer >= 0)
 * are required. The other keys are optional, with these defaults:
 * capacity 150 parcels (integer > 0), speed_kmh 35 (> 0, <= 150),
 * shift_start "07:00", shift_end "19:00" (HH:MM, end after start),
 * max_route_min 0 (0 = no limit beyond the shift), max_route_km 0
 * (0 = unlimited; the battery range of an electric tricycle),
 * fixed_cost 100 per vehicle used, cost_per_km 1.2, cost_per_hour 0 (per
 * hour of the vehicle's day, waiting included), max_trips 1 (trips a day,
 * 1..50), reload_min 15 (minutes at the depot between two trips),
 * max_trip_km 0 (0 = no per-trip limit; max_route_km and max_route_min
 * hold for the whole day), skills [] (e.g. ["cold"] for a refrigerated
 * van), mode "road" ("drone": issue 15), max_stops 0 (villages per trip,
 * 0 = no limit), payload_kg 0 (kg delivered per trip, 0 = no limit). A
 * drone type needs range_km (per sortie, out and back: max_trip_m) and
 * may give turnaround_min (default 10: reload_s); its defaults differ:
 * capacity 5, speed_kmh 60, max_trips 10, max_stops 1. Road keys
 * (max_trip_km, reload_min, avoid_roads) are refused on a drone and drone
 * keys on a road type.
 *
 * Converted to struct cl_vtype: times in seconds after midnight,
 * max_dur_s = max_route_min * 60 rounded, max_dist_m = max_route_km * 1000,
 * reload_s = reload_min * 60 rounded, max_trip_m = max_trip_km * 1000
 * rounded, skills = a bit per skill name, numbered by *skills (see below).
 *
 * Unknown keys, keys given twice, wrong types, out-of-range values and
 * duplicate names are rejected with CL_EINPUT and a message naming the
 * file and the key ("fleet.json: vehicle_types[1].speed_kmh: expected a
 * number, got a string").
 *
 * The default fleet (cl_fleet_default), used when no fleet file is given:
 *
 *   name       count  capacity  speed     shift        max route  range      fixed  per km
 *   van          4      150     35 km/h  07:00-19:00  600 min    unlimited  100    1.2
 *   etricycle    4       40     20 km/h  07:00-19:00  480 min    60 km       30    0.3
 *
 * (one trip a day each, no wages, no skills).
 */
#ifndef CUNLU_FLEET_H
#define CUNLU_FLEET_H

#include <stddef.h>

#include "cunlu/error.h"
#include "cunlu/instance.h"

/*
 * Parse a fleet from text already in memory (len bytes, no NUL needed);
 * `path` is used in messages. On success *types is a new array of *ntypes
 * owned by the caller (free with cl_vtypes_free). CL_EINPUT naming the
 * path, the vehicle type and the key for text that is not a fleet;
 * CL_EINTERNAL when out of memory; on failure *types is NULL, *ntypes 0
 * and err says why. Skill names of "skills" keys are looked up in, or
 * added to, *skills (bit k of a type's skills is skills->name[k]); the
 * same list later numbers the villages' skills and goes into the instance
 * (cl_instance_add_extra). On failure *skills is as it was. skills may be
 * NULL when the caller has no use for the names.
 */
int cl_fleet_parse(const char *path, const char *text, size_t len,
		   struct cl_vtype **types, int *ntypes, struct cl_names *skills,
		   struct cl_error *err);

/*
 * Read and parse a fleet file, as cl_fleet_parse(); a missing or
 * unreadable file, or one larger than 1 MiB, is CL_EINPUT naming it.
 */
int cl_fleet_read(const char *path, struct cl_vtype **types, int *ntypes,
		  struct cl_names *skills, struct cl_error *err);

/*
 * The default fleet described above, as a new array owned by the caller
 * (free with cl_vtypes_free). Fails only when out of memory.
 */
int cl_fleet_default(struct cl_vtype **types, int *ntypes,
		     struct cl_error *err);

#endif
