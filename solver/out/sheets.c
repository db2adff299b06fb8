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

/* A route's small map: its line, its numbered stops and the depot. */
static int mini_map(FILE *f, const struct cl_out *o, int r, int row0)
{
	const struct cl_table *rt = &o->layers->routes, *st = &o->layers->stops;
	const struct cl_route *route = &o->sol->routes[r];
	int a = rt->start[r], b = rt->start[r + 1];
	double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY, kx, s;
	char *keep = NULL;
	int *stack = NULL, npos = b - a;

#define GROW(lon, lat) do { \
	double gx_ = (lon) * kx, gy_ = (lat); \
	if (gx_ < x0) x0 = gx_; \
	if (gx_ > x1) x1 = gx_; \
	if (gy_ < y0) y0 = gy_; \
	if (gy_ > y1) y1 = gy_; \
} while (0)
	/* the route's line starts at its origin: the depot, or a drone's
	   launch site */
	double dlon = npos > 0 ? rt->lon[a] : st->lon[0], dlat = npos > 0 ? rt->lat[a] : st->lat[0];
	kx = cos(o->inst->sites[0].lat * RAD);
	GROW(dlon, dlat);
	for (int i = a; i < b; i++)
		GROW(rt->lon[i], rt->lat[i]);
	for (int i = 0; i < route->nstops; i++)
		GROW(st->lon[st->start[row0 + i]], st->lat[st->start[row0 + i]]);
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
	if (npos >= 2) {
		/* thinned to half a pixel of this map */
		keep = malloc((size_t)npos);
		stack = malloc(sizeof *stack * 2 * (size_t)npos);
		if (!keep || !stack) {
			free(keep);
			free(stack);
			return -1;
		}
		cl_thin_line(rt->lon + a, rt->lat + a, npos, 0.5 / s * 111195.0, keep, stack);
		fputs("<path d=\"", f);
		for (int i = 0, first = 1; i < npos; i++) {
			if (!keep[i])
				continue;
			fprintf(f, "%s%.1f %.1f", first ? "M" : "L", SX(rt->lon[a + i]), SY(rt->lat[a + i]));
			first = 0;
		}
		fputs("\"/>", f);
		free(keep);
		free(stack);
	}
	fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\"/>",
		SX(dlon) - 5, SY(dlat) - 5);
	for (int i = route->nstops - 1; i >= 0; i--) {
		int p = st->start[row0 + i];

		fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"7\"/><text x=\"%.1f\" y=\"%.1f\">%d</text>",
			SX(st->lon[p]), SY(st->lat[p]), SX(st->lon[p]), SY(st->lat[p]), i + 1);
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

/* One route's sheet; row0 is the stops row of its first visit. */
static int sheet(FILE *f, const struct cl_out *o, int r, int row0, struct cl_error *err)
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
	if (mini_map(f, o, r, row0) != 0)
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

/* sheets.html to fp[0] (see out/internal.h). */
int cl_out_sheets(FILE **fp, const struct cl_out *o, struct cl_error *err)
{
	FILE *f = fp[0];
	const char *src = o->info && o->info->villages ? o->info->villages : "";
	char when[64] = "", day[32];
	time_t now = time(NULL);
	struct tm tm;
	int rc = CL_OK;

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
		"</header>\n", when, o->sol->nroutes, o->sol->nroutes == 1 ? "" : "s");
	if (o->sol->nroutes == 0)
		fputs("<p>No routes today.</p>\n", f);
	for (int r = 0; r < o->sol->nroutes && !rc; r++) {
		int row0 = 0;

		/* a route's visits are consecutive rows of the stops layer */
		while (row0 < o->layers->stops.nrows && o->layers->stop_route[row0] != r)
			row0++;
		rc = sheet(f, o, r, row0, err);
	}
	fputs("</body>\n</html>\n", f);
	if (!rc && ferror(f))
		rc = cl_fail(err, CL_EOUTPUT, "write failed");
	return rc;
}
