/*
 * out/sheets.c -- sheets.html: one printable page per driver and trip.
 *
 * A static page (no script needed to read or print it) with one <section
 * class="sheet"> per route, i.e. per vehicle and trip, each starting on a
 * new printed page (A4): the vehicle, its departure and return, distance,
 * parcels to load and to bring back; a small map of the route (inline
 * SVG: the route's shape as in routes.geojson, numbered stops, the depot);
 * and the stops in driving order with the arrival time, the opening hours
 * (arrival window), the parcels to hand over and to collect, the contact
 * person and phone (kept columns, see contact_kind()) and the other kept
 * columns, and a column to sign. The table header repeats on every printed
 * page of a long route. Headings are in Chinese and English.
 *
 * A drone's day is one sheet for its pilot (<section class="sheet
 * pilot">, issue 15), not a page per sortie: where it takes off (the depot
 * or its launch site), the sorties in order with their take-off, arrival
 * and landing times, the parcels and kilograms for each landing point, and
 * a small map with every sortie as a dotted straight flight line.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "out/draw.h"
#include "out/internal.h"
#include "out/layers.h"

#define MAP_W 340.0
#define MAP_H 230.0
#define MAP_PAD 16.0
#define RAD (3.14159265358979323846 / 180.0)

static const char sheets_css[] =
	"body { font: 11pt/1.35 system-ui, \"Noto Sans CJK SC\", \"WenQuanYi Micro Hei\", \"Microsoft YaHei\", sans-serif; color: #000; margin: 0 auto; max-width: 200mm; padding: 8px; }\n"
	"header.top { margin-bottom: 12px; }\n"
	"header.top h1 { font-size: 16pt; margin: 0 0 4px; }\n"
	".sheet { border-top: 2px solid #000; padding-top: 6px; margin-bottom: 24px; break-after: page; page-break-after: always; }\n"
	".sheet:last-child { break-after: auto; page-break-after: auto; }\n"
	".sheet h2 { font-size: 15pt; margin: 0; }\n"
	".sheet h2 small { font-weight: normal; font-size: 11pt; }\n"
	".head { display: flex; gap: 14px; align-items: flex-start; margin: 6px 0 8px; }\n"
	".facts { border-collapse: collapse; }\n"
	".facts th { text-align: left; font-weight: normal; color: #444; padding: 1px 10px 1px 0; white-space: nowrap; }\n"
	".facts td { font-weight: 600; padding: 1px 0; white-space: nowrap; }\n"
	"svg.mini { border: 1px solid #999; flex: 0 0 auto; background: #fafafa; }\n"
	"svg.mini path { fill: none; stroke: #c00; stroke-width: 2.2; stroke-linejoin: round; }\n"
	"svg.mini circle { fill: #c00; stroke: #fff; stroke-width: 1; }\n"
	"svg.mini text { font-size: 9px; fill: #fff; text-anchor: middle; dominant-baseline: central; font-weight: 700; }\n"
	"svg.mini rect { fill: #000; }\n"
	"svg.mini rect.launch { fill: #fff; stroke: #000; stroke-width: 2; }\n"
	"svg.mini path.flight { stroke-width: 2.5; stroke-dasharray: 0.1 5; stroke-linecap: round; }\n"
	"table.stops tr.first td { border-top: 2px solid #000; }\n"
	"table.stops { border-collapse: collapse; width: 100%; }\n"
	"table.stops th, table.stops td { border: 1px solid #777; padding: 3px 4px; vertical-align: top; }\n"
	"table.stops th { background: #eee; font-size: 9pt; text-align: left; }\n"
	"table.stops td.n { text-align: right; white-space: nowrap; }\n"
	"table.stops td.sign { width: 22mm; }\n"
	"table.stops tr { break-inside: avoid; page-break-inside: avoid; }\n"
	"table.stops tfoot td { font-weight: 600; background: #f4f4f4; }\n"
	"thead { display: table-header-group; }\n"
	".note { color: #444; font-size: 9pt; }\n"
	"@page { size: A4; margin: 12mm; }\n"
	"@media print { .noprint { display: none; } body { max-width: none; padding: 0; } }\n";

enum contact { OTHER, CONTACT, PHONE };

/*
 * What a kept column holds, by its name: the contact person (LXR, 联系人,
 * CONTACT, ...) or a phone number (DH, 电话, 手机, PHONE, TEL, ...), else
 * something else (shown under "notes").
 */
static enum contact contact_kind(const char *name)
{
	static const char *const contact[] = {
		"LXR", "CONTACT", "LIANXIREN", "PERSON", "MANAGER",
		"\xe8\x81\x94\xe7\xb3\xbb\xe4\xba\xba",   /* 联系人 */
		"\xe8\xb4\x9f\xe8\xb4\xa3\xe4\xba\xba",   /* 负责人 */
		"\xe5\xa7\x93\xe5\x90\x8d",               /* 姓名 */
	};
	static const char *const phone[] = {
		"DH", "PHONE", "TEL", "MOBILE", "SJ", "DIANHUA", "LXDH",
		"\xe7\x94\xb5\xe8\xaf\x9d",               /* 电话 */
		"\xe6\x89\x8b\xe6\x9c\xba",               /* 手机 */
		"\xe8\x81\x94\xe7\xb3\xbb\xe7\x94\xb5\xe8\xaf\x9d", /* 联系电话 */
	};
	char up[64];
	size_t n = 0;

	for (const char *p = name; *p && n + 1 < sizeof up; p++)
		up[n++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
	up[n] = '\0';
	for (size_t i = 0; i < sizeof contact / sizeof contact[0]; i++)
		if (strcmp(up, contact[i]) == 0)
			return CONTACT;
	for (size_t i = 0; i < sizeof phone / sizeof phone[0]; i++)
		if (strcmp(up, phone[i]) == 0)
			return PHONE;
	return OTHER;
}

static void hhmm(FILE *f, int secs)
{
	char buf[16];

	cl_format_hhmm(secs, buf);
	fputs(buf, f);
}

/* The stops row of route r's first visit (a route's visits are
 * consecutive rows of the stops layer). */
static int first_row(const struct cl_out *o, int r)
{
	int row0 = 0;

	while (row0 < o->layers->stops.nrows && o->layers->stop_route[row0] != r)
		row0++;
	return row0;
}

/* Route r's line in the small map (scale and offsets as in mini_map). */
static int mini_line(FILE *f, const struct cl_table *rt, int r, double kx, double x0, double y1,
		     double s, double ox, double oy, int flight)
{
	int a = rt->start[r], npos = rt->start[r + 1] - a;
	char *keep;
	int *stack;

	if (npos < 2)
		return 0;
	/* thinned to half a pixel of this map */
	keep = malloc((size_t)npos);
	stack = malloc(sizeof *stack * 2 * (size_t)npos);
	if (!keep || !stack) {
		free(keep);
		free(stack);
		return -1;
	}
	cl_thin_line(rt->lon + a, rt->lat + a, npos, 0.5 / s * 111195.0, keep, stack);
	fputs(flight ? "<path class=\"flight\" d=\"" : "<path d=\"", f);
	for (int i = 0, first = 1; i < npos; i++) {
		if (!keep[i])
			continue;
		fprintf(f, "%s%.1f %.1f", first ? "M" : "L", ox + (rt->lon[a + i] * kx - x0) * s,
			oy + (y1 - rt->lat[a + i]) * s);
		first = 0;
	}
	fputs("\"/>", f);
	free(keep);
	free(stack);
	return 0;
}

/*
 * The small map of routes rs[0..nr-1] (one route, or a drone's sorties):
 * their lines (dotted for a drone's flights), their stops numbered in
 * order across the routes, and the origin (the depot, or a drone's launch
 * site).
 */
static int mini_map(FILE *f, const struct cl_out *o, const int *rs, int nr)
{
	const struct cl_table *rt = &o->layers->routes, *st = &o->layers->stops;
	const struct cl_site *origin = cl_instance_origin(o->inst, o->sol->routes[rs[0]].type);
	int flight = o->inst->types[o->sol->routes[rs[0]].type].mode == CL_MODE_DRONE;
	double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY, kx, s;
	int n = 0;

#define GROW(lon, lat) do { \
	double gx_ = (lon) * kx, gy_ = (lat); \
	if (gx_ < x0) x0 = gx_; \
	if (gx_ > x1) x1 = gx_; \
	if (gy_ < y0) y0 = gy_; \
	if (gy_ > y1) y1 = gy_; \
} while (0)
	kx = cos(o->inst->sites[0].lat * RAD);
	GROW(origin->lon, origin->lat);
	for (int k = 0; k < nr; k++) {
		int row0 = first_row(o, rs[k]);

		for (int i = rt->start[rs[k]]; i < rt->start[rs[k] + 1]; i++)
			GROW(rt->lon[i], rt->lat[i]);
		for (int i = 0; i < o->sol->routes[rs[k]].nstops; i++)
			GROW(st->lon[st->start[row0 + i]], st->lat[st->start[row0 + i]]);
	}
#undef GROW
	s = fmin((MAP_W - 2 * MAP_PAD) / fmax(x1 - x0, 1e-9),
		 (MAP_H - 2 * MAP_PAD) / fmax(y1 - y0, 1e-9));
	/* centred in the box */
	double ox = MAP_PAD + ((MAP_W - 2 * MAP_PAD) - (x1 - x0) * s) / 2;
	double oy = MAP_PAD + ((MAP_H - 2 * MAP_PAD) - (y1 - y0) * s) / 2;
#define SX(lon) (ox + ((lon) * kx - x0) * s)
#define SY(lat) (oy + (y1 - (lat)) * s)
	fprintf(f, "<svg class=\"mini\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
		"xmlns=\"http://www.w3.org/2000/svg\">", MAP_W, MAP_H, MAP_W, MAP_H);
	for (int k = 0; k < nr; k++)
		if (mini_line(f, rt, rs[k], kx, x0, y1, s, ox, oy, flight) != 0)
			return -1;
	fprintf(f, "<rect%s x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\"/>",
		origin != &o->inst->sites[0] ? " class=\"launch\"" : "",
		SX(origin->lon) - 5, SY(origin->lat) - 5);
	for (int k = 0; k < nr; k++)
		n += o->sol->routes[rs[k]].nstops;
	/* numbers from the last so that the first stops are drawn on top */
	for (int k = nr - 1; k >= 0; k--) {
		int row0 = first_row(o, rs[k]);

		for (int i = o->sol->routes[rs[k]].nstops - 1; i >= 0; i--) {
			int p = st->start[row0 + i];

			fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"7\"/><text x=\"%.1f\" "
				"y=\"%.1f\">%d</text>", SX(st->lon[p]), SY(st->lat[p]), SX(st->lon[p]),
				SY(st->lat[p]), n--);
		}
	}
#undef SX
#undef SY
	fputs("</svg>\n", f);
	return 0;
}

/* How many trips each vehicle of route r's type and number makes. */
static int trips_of(const struct cl_solution *sol, const struct cl_route *r)
{
	int n = 0;

	for (int i = 0; i < sol->nroutes; i++)
		n += sol->routes[i].type == r->type && sol->routes[i].vehicle == r->vehicle;
	return n;
}

static void fact(FILE *f, const char *label, const char *value)
{
	fputs("<tr><th>", f);
	fputs(label, f);
	fputs("</th><td>", f);
	cl_html_text(f, value);
	fputs("</td></tr>\n", f);
}

/* One route's sheet. */
static int sheet(FILE *f, const struct cl_out *o, int r, struct cl_error *err)
{
	const struct cl_instance *inst = o->inst;
	const struct cl_route *route = &o->sol->routes[r];
	const struct cl_route_eval *ev = &o->rep->routes[r];
	char label[CL_OUT_LABEL_MAX], buf[160], a[16], b[16];
	int ncontact = 0, nphone = 0, nother = 0, ntrips, deliver = 0, pickup = 0, rc;

	rc = cl_out_vehicle_label(inst, route, label, err);
	if (rc)
		return rc;
	for (int k = 0; k < inst->nkept; k++) {
		enum contact c = contact_kind(inst->kept_names[k]);

		ncontact += c == CONTACT;
		nphone += c == PHONE;
		nother += c == OTHER;
	}
	ntrips = trips_of(o->sol, route);
	fputs("<section class=\"sheet\">\n<h2>", f);
	cl_html_text(f, label);
	if (ntrips > 1)
		fprintf(f, " <small>trip %d of %d \xe7\xac\xac%d\xe8\xb6\x9f</small>", route->trip + 1,
			ntrips, route->trip + 1);
	fputs(" <small>(", f);
	cl_html_text(f, inst->types[route->type].name);
	fputs(")</small></h2>\n<div class=\"head\">\n", f);
	if (mini_map(f, o, &r, 1) != 0)
		return cl_oom(err, "drawing a sheet's map");
	fputs("<table class=\"facts\">\n", f);
	cl_out_day_label(o->info, buf);
	if (buf[0])
		fact(f, "\xe6\x97\xa5\xe6\x9c\x9f date", buf);
	cl_format_hhmm(ev->start_s, a);
	cl_format_hhmm(ev->end_s, b);
	fact(f, "\xe5\x87\xba\xe5\x8f\x91 leave the depot", a);
	fact(f, "\xe8\xbf\x94\xe5\x9b\x9e back at the depot", b);
	snprintf(buf, sizeof buf, "%d", route->nstops);
	fact(f, "\xe7\xab\x99\xe7\x82\xb9 stops", buf);
	snprintf(buf, sizeof buf, "%.1f km", (double)ev->dist_m / 1000.0);
	fact(f, "\xe9\x87\x8c\xe7\xa8\x8b distance", buf);
	snprintf(buf, sizeof buf, "%d:%02d", ev->dur_s / 3600, ev->dur_s / 60 % 60);
	fact(f, "\xe7\x94\xa8\xe6\x97\xb6 time", buf);
	snprintf(buf, sizeof buf, "%d", ev->load_start);
	fact(f, "\xe8\xa3\x85\xe8\xbd\xa6 parcels to load", buf);
	snprintf(buf, sizeof buf, "%d", ev->load_end);
	fact(f, "\xe5\xb8\xa6\xe5\x9b\x9e parcels to bring back", buf);
	fputs("</table>\n</div>\n<table class=\"stops\">\n<thead><tr><th>#</th><th>ID</th>"
	      "<th>\xe5\x90\x8d\xe7\xa7\xb0 name</th><th>\xe5\x88\xb0\xe8\xbe\xbe arrival</th>"
	      "<th>\xe8\x90\xa5\xe4\xb8\x9a open</th><th>\xe9\x80\x81 hand over</th>"
	      "<th>\xe5\x8f\x96 collect</th>", f);
	if (ncontact)
		fputs("<th>\xe8\x81\x94\xe7\xb3\xbb\xe4\xba\xba contact</th>", f);
	if (nphone)
		fputs("<th>\xe7\x94\xb5\xe8\xaf\x9d phone</th>", f);
	if (nother)
		fputs("<th>\xe5\xa4\x87\xe6\xb3\xa8 notes</th>", f);
	fputs("<th>\xe7\xad\xbe\xe6\x94\xb6 signature</th></tr></thead>\n<tbody>\n", f);
	for (int i = 0; i < route->nstops; i++) {
		const struct cl_site *s = &inst->sites[route->stops[i]];
		const struct cl_stop_eval *se = &ev->stops[i];
		int d = cl_route_deliver(route, inst, i), p = cl_route_pickup(route, inst, i);

		deliver += d;
		pickup += p;
		fprintf(f, "<tr class=\"stop\"><td class=\"n\">%d</td><td>", i + 1);
		cl_html_text(f, s->id);
		fputs("</td><td>", f);
		cl_html_text(f, s->name);
		fputs("</td><td class=\"n\">", f);
		hhmm(f, se->arrival_s);
		if (se->start_s > se->arrival_s) {
			fputs(" <span class=\"note\">wait to ", f);
			hhmm(f, se->start_s);
			fputs("</span>", f);
		}
		fputs("</td><td class=\"n\">", f);
		if (s->tw_start_s <= 0 && s->tw_end_s >= 24 * 3600) {
			fputs("\xe2\x80\x94", f);   /* any time */
		} else {
			hhmm(f, s->tw_start_s);
			fputs("\xe2\x80\x93", f);
			hhmm(f, s->tw_end_s);
		}
		fprintf(f, "</td><td class=\"n\">%d</td><td class=\"n\">%d</td>", d, p);
		for (int pass = CONTACT; pass <= PHONE; pass++) {
			if (!(pass == CONTACT ? ncontact : nphone))
				continue;
			fputs("<td>", f);
			for (int k = 0, first = 1; k < inst->nkept; k++) {
				const char *v = cl_site_kept(s, k);

				if ((int)contact_kind(inst->kept_names[k]) != pass || !*v)
					continue;
				if (!first)
					fputs("<br>", f);
				if (pass == PHONE) {
					fputs("<a href=\"tel:", f);
					cl_html_text(f, v);
					fputs("\">", f);
					cl_html_text(f, v);
					fputs("</a>", f);
				} else {
					cl_html_text(f, v);
				}
				first = 0;
			}
			fputs("</td>", f);
		}
		if (nother) {
			fputs("<td>", f);
			for (int k = 0, first = 1; k < inst->nkept; k++) {
				const char *v = cl_site_kept(s, k);

				if (contact_kind(inst->kept_names[k]) != OTHER || !*v)
					continue;
				fputs(first ? "" : "; ", f);
				cl_html_text(f, inst->kept_names[k]);
				fputs(": ", f);
				cl_html_text(f, v);
				first = 0;
			}
			fputs("</td>", f);
		}
		fputs("<td class=\"sign\"></td></tr>\n", f);
	}
	fprintf(f, "</tbody>\n<tfoot><tr><td></td><td colspan=\"2\">\xe8\xbf\x94\xe5\x9b\x9e back "
		"at the depot</td><td class=\"n\">");
	hhmm(f, ev->end_s);
	fprintf(f, "</td><td></td><td class=\"n\">%d</td><td class=\"n\">%d</td><td colspan=\"%d\">"
		"</td></tr></tfoot>\n</table>\n</section>\n", deliver, pickup,
		1 + (ncontact > 0) + (nphone > 0) + (nother > 0));
	return CL_OK;
}

/*
 * A drone pilot's sheet: vehicle v's (a drone's) sorties, in order, on one
 * page: where it takes off, the day's figures, a map of the flights, and
 * a row per landing (its sortie, take-off, arrival and landing back, the
 * parcels and kilograms, contact and phone when kept, a column to sign
 * for the parcels at the landing point).
 */
static int pilot_sheet(FILE *f, const struct cl_out *o, int v, struct cl_error *err)
{
	const struct cl_instance *inst = o->inst;
	const struct cl_vehicle_eval *ve = &o->rep->vehicles[v];
	const struct cl_site *origin;
	char label[CL_OUT_LABEL_MAX], buf[160];
	int *rs, nr = 0, nstops = 0, deliver = 0, pickup = 0, ncontact = 0, kg = 0, rc;

	rs = malloc(sizeof *rs * (size_t)o->sol->nroutes);
	if (!rs)
		return cl_oom(err, "writing a pilot's sheet");
	for (int r = ve->first_route; r < o->sol->nroutes; r++)
		if (o->rep->routes[r].veh == v) {
			rs[nr++] = r;
			nstops += o->sol->routes[r].nstops;
			for (int i = 0; i < o->sol->routes[r].nstops; i++)
				kg |= inst->sites[o->sol->routes[r].stops[i]].weight_kg > 0;
		}
	origin = cl_instance_origin(inst, o->sol->routes[rs[0]].type);
	for (int k = 0; k < inst->nkept; k++)
		ncontact += contact_kind(inst->kept_names[k]) != OTHER;
	rc = cl_out_vehicle_label(inst, &o->sol->routes[rs[0]], label, err);
	if (rc) {
		free(rs);
		return rc;
	}
	fputs("<section class=\"sheet pilot\">\n<h2>", f);
	cl_html_text(f, label);
	fputs(" <small>(", f);
	cl_html_text(f, inst->types[ve->type].name);
	fprintf(f, ") \xe6\x97\xa0\xe4\xba\xba\xe6\x9c\xba\xe9\xa3\x9e\xe6\x89\x8b drone pilot \xc2\xb7 "
		"%d \xe6\x9e\xb6\xe6\xac\xa1 sortie%s</small></h2>\n<div class=\"head\">\n", nr,
		nr == 1 ? "" : "s");
	if (mini_map(f, o, rs, nr) != 0) {
		free(rs);
		return cl_oom(err, "drawing a sheet's map");
	}
	fputs("<table class=\"facts\">\n", f);
	snprintf(buf, sizeof buf, "%s%s%s", origin->name && *origin->name ? origin->name : "",
		 origin->name && *origin->name ? " " : "", origin->id ? origin->id : "");
	fact(f, "\xe8\xb5\xb7\xe9\x99\x8d\xe7\x82\xb9 takes off from",
	     origin == &inst->sites[0] ? "the depot" : buf);
	cl_format_hhmm(ve->start_s, buf);
	fact(f, "\xe9\xa6\x96\xe6\xac\xa1\xe8\xb5\xb7\xe9\xa3\x9e first take-off", buf);
	cl_format_hhmm(ve->end_s, buf);
	fact(f, "\xe6\x9c\x80\xe5\x90\x8e\xe9\x99\x8d\xe8\x90\xbd last landing", buf);
	snprintf(buf, sizeof buf, "%d", nstops);
	fact(f, "\xe7\xab\x99\xe7\x82\xb9 landing points", buf);
	snprintf(buf, sizeof buf, "%.1f km", (double)ve->dist_m / 1000.0);
	fact(f, "\xe9\xa3\x9e\xe8\xa1\x8c flown", buf);
	fputs("</table>\n</div>\n<table class=\"stops\">\n<thead><tr><th>#</th>"
	      "<th>\xe6\x9e\xb6\xe6\xac\xa1 sortie</th><th>\xe8\xb5\xb7\xe9\xa3\x9e take off</th>"
	      "<th>ID</th><th>\xe5\x90\x8d\xe7\xa7\xb0 name</th><th>\xe5\x88\xb0\xe8\xbe\xbe arrival</th>"
	      "<th>\xe9\x80\x81 hand over</th><th>\xe5\x8f\x96 collect</th>", f);
	if (kg)
		fputs("<th>kg</th>", f);
	fputs("<th>\xe9\x99\x8d\xe8\x90\xbd land back</th>", f);
	if (ncontact)
		fputs("<th>\xe8\x81\x94\xe7\xb3\xbb contact</th>", f);
	fputs("<th>\xe7\xad\xbe\xe6\x94\xb6 signature</th></tr></thead>\n<tbody>\n", f);
	for (int k = 0, n = 0; k < nr; k++) {
		const struct cl_route *route = &o->sol->routes[rs[k]];
		const struct cl_route_eval *ev = &o->rep->routes[rs[k]];

		for (int i = 0; i < route->nstops; i++) {
			const struct cl_site *s = &inst->sites[route->stops[i]];
			int d = cl_route_deliver(route, inst, i), p = cl_route_pickup(route, inst, i);

			deliver += d;
			pickup += p;
			fprintf(f, "<tr class=\"stop%s\"><td class=\"n\">%d</td><td class=\"n\">%d</td>"
				"<td class=\"n\">", i == 0 ? " first" : "", ++n, route->trip + 1);
			if (i == 0)
				hhmm(f, ev->start_s);
			fputs("</td><td>", f);
			cl_html_text(f, s->id);
			fputs("</td><td>", f);
			cl_html_text(f, s->name);
			fputs("</td><td class=\"n\">", f);
			hhmm(f, ev->stops[i].arrival_s);
			fprintf(f, "</td><td class=\"n\">%d</td><td class=\"n\">%d</td>", d, p);
			if (kg)
				fprintf(f, "<td class=\"n\">%.1f</td>", s->weight_kg);
			fputs("<td class=\"n\">", f);
			if (i == route->nstops - 1)
				hhmm(f, ev->end_s);
			fputs("</td>", f);
			if (ncontact) {
				fputs("<td>", f);
				for (int c = 0, first = 1; c < inst->nkept; c++) {
					const char *val = cl_site_kept(s, c);

					if (contact_kind(inst->kept_names[c]) == OTHER || !*val)
						continue;
					fputs(first ? "" : " ", f);
					cl_html_text(f, val);
					first = 0;
				}
				fputs("</td>", f);
			}
			fputs("<td class=\"sign\"></td></tr>\n", f);
		}
	}
	fprintf(f, "</tbody>\n<tfoot><tr><td></td><td colspan=\"5\">\xe5\x90\x88\xe8\xae\xa1 total"
		"</td><td class=\"n\">%d</td><td class=\"n\">%d</td><td colspan=\"%d\"></td></tr>"
		"</tfoot>\n</table>\n</section>\n", deliver, pickup, 2 + kg + (ncontact > 0));
	free(rs);
	return CL_OK;
}

/* sheets.html to fp[0] (see out/internal.h). */
int cl_out_sheets(FILE **fp, const struct cl_out *o, struct cl_error *err)
{
	FILE *f = fp[0];
	const char *src = o->info && o->info->villages ? o->info->villages : "";
	char when[64] = "", day[32];
	time_t now = time(NULL);
	struct tm tm;
	int rc = CL_OK, nsheets = 0;

	for (int r = 0; r < o->sol->nroutes; r++)
		nsheets += o->inst->types[o->sol->routes[r].type].mode != CL_MODE_DRONE ||
			   o->rep->vehicles[o->rep->routes[r].veh].first_route == r;
	if (localtime_r(&now, &tm))
		strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
	fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n", f);
	if (o->info && o->info->run_id) {
		fputs("<meta name=\"cunlu-run-id\" content=\"", f);
		cl_html_text(f, o->info->run_id);
		fputs("\">\n", f);
	}
	fputs("<title>\xe6\xb4\xbe\xe9\x80\x81\xe5\x8d\x95 driver sheets: ", f);
	cl_html_text(f, src);
	fputs("</title>\n<style>\n", f);
	fputs(sheets_css, f);
	fputs("</style>\n</head>\n<body>\n<header class=\"top noprint\">\n"
	      "<h1>\xe6\xb4\xbe\xe9\x80\x81\xe5\x8d\x95 driver sheets</h1>\n<div class=\"note\">", f);
	cl_html_text(f, src);
	cl_out_day_label(o->info, day);
	if (day[0]) {
		fputs(" \xc2\xb7 for ", f);
		cl_html_text(f, day);
	}
	fprintf(f, " \xc2\xb7 made %s \xc2\xb7 %d sheet%s, one page each when printed \xc2\xb7 "
		"<a href=\"map.html\">map</a> \xc2\xb7 "
		"<button onclick=\"window.print()\">print \xe6\x89\x93\xe5\x8d\xb0</button></div>\n"
		"</header>\n", when, nsheets, nsheets == 1 ? "" : "s");
	if (o->sol->nroutes == 0)
		fputs("<p>No routes today.</p>\n", f);
	/* a road route's sheet, or at a drone's first sortie its pilot's */
	for (int r = 0; r < o->sol->nroutes && !rc; r++) {
		const struct cl_route_eval *ev = &o->rep->routes[r];

		if (o->inst->types[o->sol->routes[r].type].mode != CL_MODE_DRONE)
			rc = sheet(f, o, r, err);
		else if (o->rep->vehicles[ev->veh].first_route == r)
			rc = pilot_sheet(f, o, ev->veh, err);
	}
	fputs("</body>\n</html>\n", f);
	if (!rc && ferror(f))
		rc = cl_fail(err, CL_EOUTPUT, "write failed");
	return rc;
}
