/*
 * out/dispatch.c -- dispatch.csv, the drivers' list.
 *
 * RFC 4180 CSV in UTF-8: CRLF line ends; a field containing a comma, a
 * double quote, CR or LF is enclosed in double quotes with its quotes
 * doubled. The file starts with a UTF-8 byte order mark: Excel on a
 * Chinese Windows otherwise reads a CSV file as GBK and shows the village
 * names garbled; LibreOffice, Python's "utf-8-sig" and GDAL skip the mark.
 *
 * Header: vehicle,type,trip,seq,kind,id,name,arrival,start,depart,deliver,
 * pickup,load, then brands when the orders had a BRAND column, then
 * lon,lat, then the kept columns (--keep-fields; empty on depot lines).
 * The road vehicles come first, in the plan's order; then the drones, a
 * section per origin: those flying from the depot, then those of each
 * launch site (--drone-sites), whose depot rows (depart, reload, return)
 * name the launch site. For each vehicle's day, trip by trip in driving
 * order:
 *   kind "depart", seq 0      leaving the depot on trip 1: depart, load
 *                             (parcels loaded);
 *   kind "stop", seq 1..n     the stops: arrival, start (service start
 *                             after waiting), depart, deliver, pickup
 *                             (this visit's share), load (after it),
 *                             brands ("ZTO 4, YTO 2; pickup YTO 1");
 *   kind "reload", seq 0      back at the depot between two trips, the
 *                             row of the next trip: arrival (the return),
 *                             depart (the next trip leaves), deliver (the
 *                             collected parcels unloaded), pickup (the
 *                             parcels loaded), load (on board leaving);
 *   kind "return", seq n + 1  back at the depot after the last trip:
 *                             arrival, load (brought back).
 * Depot lines carry the depot's id and name; fields that do not apply are
 * empty. Times are "HH:MM", coordinates have 6 decimals.
 */
#include <errno.h>
#include <string.h>

#include "io/datum.h"
#include "out/jsonw.h"
#include "out/internal.h"

#define COORD_DECIMALS 6

/* A CSV stream with a sticky error, like struct cl_jsonw. */
struct csv {
	FILE *fp;
	struct cl_error *err;
	int status;
	int col;      /* fields written on the current line */
	int datum;    /* positions written in this datum (--out-coords) */
};

static int csv_io_error(struct csv *c)
{
	int e = errno;

	c->status = cl_fail(c->err, CL_EOUTPUT, "write failed: %s",
			    e ? strerror(e) : "stream error");
	return c->status;
}

static int csv_put(struct csv *c, const char *s, size_t n)
{
	if (c->status || n == 0)
		return c->status;
	errno = 0;
	if (fwrite(s, 1, n, c->fp) != n)
		return csv_io_error(c);
	return CL_OK;
}

/* One field, quoted when RFC 4180 requires it. NULL writes an empty field. */
static int csv_field(struct csv *c, const char *s)
{
	if (c->col++ > 0 && csv_put(c, ",", 1))
		return c->status;
	if (!s)
		return c->status;
	if (!strpbrk(s, ",\"\r\n"))
		return csv_put(c, s, strlen(s));
	if (csv_put(c, "\"", 1))
		return c->status;
	for (const char *q; (q = strchr(s, '"')) != NULL; s = q + 1)
		if (csv_put(c, s, (size_t)(q - s) + 1) || csv_put(c, "\"", 1))
			return c->status;
	if (csv_put(c, s, strlen(s)))
		return c->status;
	return csv_put(c, "\"", 1);
}

static int csv_int(struct csv *c, long v)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%ld", v);
	return csv_field(c, buf);
}

static int csv_hhmm(struct csv *c, int secs)
{
	char buf[16];

	cl_format_hhmm(secs, buf);
	return csv_field(c, buf);
}

static int csv_coord(struct csv *c, double v, const char *what,
		     const struct cl_site *s)
{
	char buf[CL_JSONW_NUMBUF];

	if (c->status)
		return c->status;
	if (cl_format_fixed(buf, v, COORD_DECIMALS)) {
		c->status = cl_fail(c->err, CL_EOUTPUT,
				    "site \"%s\": %s is not a finite number",
				    s->id, what);
		return c->status;
	}
	return csv_field(c, buf);
}

static int csv_end_line(struct csv *c)
{
	c->col = 0;
	return csv_put(c, "\r\n", 2);
}

/* The fields every line shares: vehicle, type, trip, seq, kind, id, name. */
static void line_start(struct csv *c, const char *label, const char *type,
		       int trip, int seq, const char *kind, const struct cl_site *s)
{
	csv_field(c, label);
	csv_field(c, type);
	csv_int(c, trip);
	csv_int(c, seq);
	csv_field(c, kind);
	csv_field(c, s->id);
	csv_field(c, s->name);
}

/*
 * A stop's parcels by brand: "ZTO 4, YTO 2; pickup YTO 1", and for a
 * split visit "(this visit 20 of 45)". Empty without brands.
 */
static void brand_text(const struct cl_instance *inst, const struct cl_site *s,
		       const struct cl_stop_eval *se, char *buf, size_t size)
{
	size_t o = 0;
	int k = 0;

	buf[0] = '\0';
	for (int pass = 0; pass < 2; pass++) {
		int first = 1;

		for (int b = 0; b < s->nbrands && o < size; b++) {
			int n = pass ? s->brands[b].pickup : s->brands[b].deliver;
			int br = s->brands[b].brand;

			if (n == 0)
				continue;
			o += (size_t)snprintf(buf + o, size - o, "%s%s%s %d",
					      first ? (k ? "; " : "") : ", ",
					      first && pass ? "pickup " : "",
					      br >= 0 && br < inst->nbrand_names ?
					      inst->brand_names[br] : "?", n);
			first = 0;
			k++;
		}
	}
	if (se && o < size && (se->deliver != s->demand || se->pickup != s->pickup))
		snprintf(buf + o, size - o, "%s(this visit %d of %d)", o ? " " : "",
			 se->deliver + se->pickup, s->demand + s->pickup);
}

/* The fields every line ends with: load, brands, lon, lat, kept columns. */
static int line_end(struct csv *c, const struct cl_instance *inst, int load,
		    const struct cl_site *s, const struct cl_stop_eval *se)
{
	csv_int(c, load);
	if (inst->nbrand_names > 0) {
		char brands[1024];

		if (se)
			brand_text(inst, s, se, brands, sizeof brands);
		csv_field(c, se ? brands : NULL);
	}
	{
		double lon = s->lon, lat = s->lat;

		cl_datum_from_wgs84((enum cl_datum)c->datum, &lon, &lat);
		csv_coord(c, lon, "lon", s);
		csv_coord(c, lat, "lat", s);
	}
	for (int k = 0; k < inst->nkept; k++)
		csv_field(c, s < inst->sites || s >= inst->sites + inst->nsites ||
			  s == &inst->sites[0] ? NULL : cl_site_kept(s, k));
	return csv_end_line(c);
}

/* One trip: its depot row (depart or reload), its stops, and the return
 * row when it is the vehicle's last trip. prev is the vehicle's previous
 * trip, or NULL. */
static int write_trip(struct csv *c, const struct cl_instance *inst,
		      const struct cl_route *route, const struct cl_route_eval *ev,
		      const struct cl_route_eval *prev, int last)
{
	/* a drone's sortie starts and ends at its origin (depot or launch site) */
	const struct cl_site *depot = cl_instance_origin(inst, route->type);
	const char *type = inst->types[route->type].name;
	char label[CL_OUT_LABEL_MAX];
	int trip = route->trip + 1, rc;

	rc = cl_out_vehicle_label(inst, route, label, c->err);
	if (rc)
		return rc;
	line_start(c, label, type, trip, 0, prev ? "reload" : "depart", depot);
	if (prev)
		csv_hhmm(c, prev->end_s);   /* arrival */
	else
		csv_field(c, NULL);
	csv_field(c, NULL);                 /* start */
	csv_hhmm(c, ev->start_s);           /* depart */
	if (prev) {
		csv_int(c, prev->load_end);     /* unloaded */
		csv_int(c, ev->load_start);     /* loaded */
	} else {
		csv_field(c, NULL);
		csv_field(c, NULL);
	}
	line_end(c, inst, ev->load_start, depot, NULL);
	for (int i = 0; i < route->nstops; i++) {
		const struct cl_site *s = &inst->sites[route->stops[i]];
		const struct cl_stop_eval *se = &ev->stops[i];

		line_start(c, label, type, trip, i + 1, "stop", s);
		csv_hhmm(c, se->arrival_s);
		csv_hhmm(c, se->start_s);
		csv_hhmm(c, se->depart_s);
		csv_int(c, se->deliver);
		csv_int(c, se->pickup);
		line_end(c, inst, se->load, s, se);
	}
	if (!last)
		return c->status;
	line_start(c, label, type, trip, route->nstops + 1, "return", depot);
	csv_hhmm(c, ev->end_s);             /* arrival */
	csv_field(c, NULL);                 /* start */
	csv_field(c, NULL);                 /* depart */
	csv_field(c, NULL);                 /* deliver */
	csv_field(c, NULL);                 /* pickup */
	return line_end(c, inst, ev->load_end, depot, NULL);
}

int cl_out_dispatch(FILE *fp, const struct cl_instance *inst,
		    const struct cl_solution *sol, const struct cl_report *rep,
		    const struct cl_runinfo *info, struct cl_error *err)
{
	static const char bom[] = "\xEF\xBB\xBF";
	static const char *const header[] = {
		"vehicle", "type", "trip", "seq", "kind", "id", "name", "arrival",
		"start", "depart", "deliver", "pickup", "load",
	};
	struct csv c = { fp, err, CL_OK, 0, info ? info->out_datum : 0 };
	int rc;

	csv_put(&c, bom, sizeof bom - 1);
	/* the run's identity: one cell, no comma, before the header (Excel
	   shows it in A1 and reads the rest as before) */
	if (info && info->run_id) {
		csv_put(&c, "# run_id ", 9);
		csv_put(&c, info->run_id, strlen(info->run_id));
		csv_put(&c, "\r\n", 2);
	}
	for (size_t i = 0; i < sizeof header / sizeof header[0]; i++)
		csv_field(&c, header[i]);
	if (inst->nbrand_names > 0)
		csv_field(&c, "brands");
	csv_field(&c, "lon");
	csv_field(&c, "lat");
	for (int k = 0; k < inst->nkept; k++)
		csv_field(&c, inst->kept_names[k]);
	csv_end_line(&c);
	/* the road vehicles first, then a section per drone origin (the
	   depot, then each launch site in the layer's order); vehicle by
	   vehicle, each one's trips in order */
	for (int sec = -1; sec <= inst->nbases; sec++) {
		for (int v = 0; v < rep->nvehicles; v++) {
			const struct cl_vtype *vt = &inst->types[rep->vehicles[v].type];
			const struct cl_route_eval *prev = NULL;
			int last = -1;

			if (sec < 0 ? vt->mode == CL_MODE_DRONE
				    : vt->mode != CL_MODE_DRONE || vt->base != sec)
				continue;
			for (int r = rep->vehicles[v].first_route; r < sol->nroutes; r++)
				if (rep->routes[r].veh == v)
					last = r;
			for (int r = rep->vehicles[v].first_route; r < sol->nroutes; r++) {
				if (rep->routes[r].veh != v)
					continue;
				rc = write_trip(&c, inst, &sol->routes[r], &rep->routes[r], prev,
						r == last);
				if (rc)
					return rc;
				prev = &rep->routes[r];
			}
		}
	}
	return c.status;
}
