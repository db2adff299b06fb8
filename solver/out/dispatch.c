/*
 * out/dispatch.c -- dispatch.csv, the drivers' list.
 *
 * RFC 4180 CSV in UTF-8: CRLF line ends; a field containing a comma, a
 * double quote, CR or LF is enclosed in double quotes with its quotes
 * doubled. The file starts with a UTF-8 byte order mark: Excel on a
 * Chinese Windows otherwise reads a CSV file as GBK and shows the village
 * names garbled; LibreOffice, Python's "utf-8-sig" and GDAL skip the mark.
 *
 * Header: vehicle,type,seq,id,name,arrival,start,depart,deliver,pickup,
 * load,lon,lat, then the kept columns (--keep-fields; empty on depot
 * lines). For each route, in driving order:
 *   seq 0            leaving the depot: depart, load (parcels loaded);
 *   seq 1..nstops    the stops: arrival, start (service start after
 *                    waiting), depart, deliver, pickup, load (after it);
 *   seq nstops + 1   back at the depot: arrival, load (brought back).
 * Depot lines carry the depot's id and name; fields that do not apply are
 * empty. Times are "HH:MM", coordinates have 6 decimals.
 */
#include <errno.h>
#include <string.h>

#include "out/jsonw.h"
#include "out/internal.h"

#define COORD_DECIMALS 6

/* A CSV stream with a sticky error, like struct cl_jsonw. */
struct csv {
	FILE *fp;
	struct cl_error *err;
	int status;
	int col;      /* fields written on the current line */
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

/* The fields every line shares: vehicle, type, seq, id, name. */
static void line_start(struct csv *c, const char *label, const char *type,
		       int seq, const struct cl_site *s)
{
	csv_field(c, label);
	csv_field(c, type);
	csv_int(c, seq);
	csv_field(c, s->id);
	csv_field(c, s->name);
}

/* The fields every line ends with: load, lon, lat, the kept columns. */
static int line_end(struct csv *c, const struct cl_instance *inst, int load,
		    const struct cl_site *s)
{
	csv_int(c, load);
	csv_coord(c, s->lon, "lon", s);
	csv_coord(c, s->lat, "lat", s);
	for (int k = 0; k < inst->nkept; k++)
		csv_field(c, s == &inst->sites[0] ? NULL : cl_site_kept(s, k));
	return csv_end_line(c);
}

static int write_route(struct csv *c, const struct cl_instance *inst,
		       const struct cl_route *route,
		       const struct cl_route_eval *ev)
{
	const struct cl_site *depot = &inst->sites[0];
	const char *type = inst->types[route->type].name;
	char label[CL_OUT_LABEL_MAX];
	int rc;

	rc = cl_out_vehicle_label(inst, route, label, c->err);
	if (rc)
		return rc;
	line_start(c, label, type, 0, depot);
	csv_field(c, NULL);                 /* arrival */
	csv_field(c, NULL);                 /* start */
	csv_hhmm(c, ev->start_s);           /* depart */
	csv_field(c, NULL);                 /* deliver */
	csv_field(c, NULL);                 /* pickup */
	line_end(c, inst, ev->load_start, depot);
	for (int i = 0; i < route->nstops; i++) {
		const struct cl_site *s = &inst->sites[route->stops[i]];
		const struct cl_stop_eval *se = &ev->stops[i];

		line_start(c, label, type, i + 1, s);
		csv_hhmm(c, se->arrival_s);
		csv_hhmm(c, se->start_s);
		csv_hhmm(c, se->depart_s);
		csv_int(c, s->demand);
		csv_int(c, s->pickup);
		line_end(c, inst, se->load, s);
	}
	line_start(c, label, type, route->nstops + 1, depot);
	csv_hhmm(c, ev->end_s);             /* arrival */
	csv_field(c, NULL);                 /* start */
	csv_field(c, NULL);                 /* depart */
	csv_field(c, NULL);                 /* deliver */
	csv_field(c, NULL);                 /* pickup */
	return line_end(c, inst, ev->load_end, depot);
}

int cl_out_dispatch(FILE *fp, const struct cl_instance *inst,
		    const struct cl_solution *sol, const struct cl_report *rep,
		    const struct cl_runinfo *info, struct cl_error *err)
{
	static const char bom[] = "\xEF\xBB\xBF";
	static const char *const header[] = {
		"vehicle", "type", "seq", "id", "name", "arrival", "start",
		"depart", "deliver", "pickup", "load", "lon", "lat",
	};
	struct csv c = { fp, err, CL_OK, 0 };
	int rc;

	(void)info;
	csv_put(&c, bom, sizeof bom - 1);
	for (size_t i = 0; i < sizeof header / sizeof header[0]; i++)
		csv_field(&c, header[i]);
	for (int k = 0; k < inst->nkept; k++)
		csv_field(&c, inst->kept_names[k]);
	csv_end_line(&c);
	for (int r = 0; r < sol->nroutes; r++) {
		rc = write_route(&c, inst, &sol->routes[r], &rep->routes[r]);
		if (rc)
			return rc;
	}
	return c.status;
}
