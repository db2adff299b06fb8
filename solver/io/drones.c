/*
 * io/drones.c -- no-fly zones and launch sites from shapefiles (see
 * io/drones.h). The shapefiles are read by io/shp.c; this file turns
 * their records into the instance's parts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cunlu/log.h"
#include "io/drones.h"
#include "io/fields.h"
#include "io/shp.h"

/* ---------------------------------------------------------------- no-fly zones */

struct zone_acc {
	const char *path;
	int n, cap;
	struct cl_zone *z;
};

/* One polygon record into the next zone (copies everything). */
static int add_zone(void *user, const struct cl_shp_polygon *pg, struct cl_error *err)
{
	struct zone_acc *a = user;
	struct cl_zone *z;
	char num[32];

	if (a->n == a->cap) {
		int cap = a->cap ? 2 * a->cap : 8;
		struct cl_zone *grown = realloc(a->z, sizeof *grown * (size_t)cap);
		if (!grown)
			return cl_oom(err, "reading the no-fly zones %s", a->path);
		a->z = grown;
		a->cap = cap;
	}
	z = &a->z[a->n];
	memset(z, 0, sizeof *z);
	a->n++;
	snprintf(num, sizeof num, "%d", pg->record + 1);
	z->id = strdup(pg->id ? pg->id : num);
	z->name = strdup(pg->name ? pg->name : "");
	z->record = pg->record;
	z->nrings = pg->nrings;
	z->npts = pg->npts;
	z->ring = malloc(sizeof *z->ring * ((size_t)pg->nrings + 1));
	z->x = malloc(sizeof *z->x * (size_t)pg->npts);
	z->y = malloc(sizeof *z->y * (size_t)pg->npts);
	if (!z->id || !z->name || !z->ring || !z->x || !z->y)
		return cl_oom(err, "reading the no-fly zones %s", a->path);
	memcpy(z->ring, pg->ring, sizeof *z->ring * ((size_t)pg->nrings + 1));
	memcpy(z->x, pg->x, sizeof *z->x * (size_t)pg->npts);
	memcpy(z->y, pg->y, sizeof *z->y * (size_t)pg->npts);
	z->minx = z->maxx = z->x[0];
	z->miny = z->maxy = z->y[0];
	for (int i = 1; i < z->npts; i++) {
		z->minx = z->x[i] < z->minx ? z->x[i] : z->minx;
		z->maxx = z->x[i] > z->maxx ? z->x[i] : z->maxx;
		z->miny = z->y[i] < z->miny ? z->y[i] : z->miny;
		z->maxy = z->y[i] > z->maxy ? z->y[i] : z->maxy;
	}
	return CL_OK;
}

int cl_nofly_read(const char *path, struct cl_zone **zones, int *nzones,
		  struct cl_error *err)
{
	struct zone_acc a = { path, 0, 0, NULL };
	int rc;

	*zones = NULL;
	*nzones = 0;
	rc = cl_shp_read_polygons(path, add_zone, &a, err);
	if (rc != CL_OK) {
		cl_zones_free(a.z, a.n);
		return rc;
	}
	if (a.n == 0)
		cl_warn("%s: no zones (every record is marked deleted); drones fly anywhere",
			path);
	*zones = a.z;
	*nzones = a.n;
	return CL_OK;
}

/* ---------------------------------------------------------------- launch sites */

/* The next name of a list separated by ';', ',', '、', '；', '，' or
 * blanks, into buf; the rest of the list, or NULL at its end. */
static const char *next_name(const char *p, char *buf, size_t size)
{
	static const char *const seps[] = {
		";", ",", " ", "\t", "\xe3\x80\x81", "\xef\xbc\x9b", "\xef\xbc\x8c",
	};
	size_t o = 0;

	for (;;) {
		size_t n = 0;

		for (size_t i = 0; *p && i < sizeof seps / sizeof seps[0] && !n; i++)
			if (strncmp(p, seps[i], strlen(seps[i])) == 0)
				n = strlen(seps[i]);
		if (!*p || n) {
			if (o) {
				buf[o] = '\0';
				return p;
			}
			if (!*p)
				return NULL;
			p += n;
			continue;
		}
		if (o + 1 < size)
			buf[o++] = *p;
		p++;
	}
}

/* The type named name: exactly, else without regard to ASCII case; -1. */
static int find_type(const struct cl_vtype *types, int ntypes, const char *name)
{
	for (int t = 0; t < ntypes; t++)
		if (strcmp(types[t].name, name) == 0)
			return t;
	for (int t = 0; t < ntypes; t++)
		if (cl_column_eq(types[t].name, name))
			return t;
	return -1;
}

/* "uav, uav2" (the drone types), into buf. */
static const char *drone_names(const struct cl_vtype *types, int ntypes, char *buf,
			       size_t size)
{
	size_t o = 0;

	buf[0] = '\0';
	for (int t = 0; t < ntypes && o < size; t++)
		if (types[t].mode == CL_MODE_DRONE)
			o += (size_t)snprintf(buf + o, size - o, "%s%s", o ? ", " : "",
					      types[t].name);
	return o ? buf : "none";
}

/* TYPES of site k (record rec) into base[]. */
static int site_types(const char *path, const struct cl_site *s, int k,
		      const struct cl_vtype *types, int ntypes, int *base,
		      struct cl_error *err)
{
	const char *text = cl_site_kept(s, 0), *p;
	char name[256], shown[80], list[512], label[CL_LABEL_MAX];
	int n = 0;

	for (p = next_name(text, name, sizeof name); p; p = next_name(p, name, sizeof name)) {
		int t = find_type(types, ntypes, name);

		cl_excerpt(shown, sizeof shown, name);
		cl_site_label(s, label, sizeof label);
		if (t < 0)
			return cl_fail(err, CL_EINPUT, "%s: %s: field TYPES: no vehicle "
				       "type \"%s\" in the fleet (its drone types: %s)", path,
				       label, shown, drone_names(types, ntypes, list,
									 sizeof list));
		if (types[t].mode != CL_MODE_DRONE)
			return cl_fail(err, CL_EINPUT, "%s: %s: field TYPES: %s is not a "
				       "drone type (\"mode\": \"drone\" in the fleet); only drones "
				       "fly from launch sites", path, label, shown);
		if (base[t] != 0 && base[t] != k + 1)
			return cl_fail(err, CL_EINPUT, "%s: %s: field TYPES: drone type %s "
				       "is already based at another site; a type has one base "
				       "(give each site its own type)", path, label, shown);
		base[t] = k + 1;
		n++;
	}
	if (n == 0)
		cl_warn("%s: launch site %s: TYPES names no drone type; no drone flies from it",
			path, cl_site_label(s, label, sizeof label));
	return CL_OK;
}

int cl_drone_sites_read(const char *path, const struct cl_vtype *types, int ntypes,
			struct cl_site **sites, int *nsites, int *base,
			struct cl_error *err)
{
	struct cl_fieldmap fm;
	struct cl_site *s = NULL;
	int n = 0, rc;

	*sites = NULL;
	*nsites = 0;
	for (int t = 0; t < ntypes; t++)
		base[t] = 0;
	cl_fieldmap_default(&fm);
	rc = cl_fieldmap_keep(&fm, "TYPES", err);
	if (rc == CL_OK)
		rc = cl_shp_read_points(path, &fm, &s, &n, err);
	for (int k = 0; k < n && rc == CL_OK; k++)
		rc = site_types(path, &s[k], k, types, ntypes, base, err);
	if (rc != CL_OK) {
		cl_sites_free(s, n);
		for (int t = 0; t < ntypes; t++)
			base[t] = 0;
		return rc;
	}
	for (int k = 0; k < n; k++) {
		/* a launch site is a depot: nothing to deliver there */
		s[k].demand = s[k].pickup = s[k].service_s = 0;
		s[k].tw_start_s = 0;
		s[k].tw_end_s = 24 * 3600;
	}
	*sites = s;
	*nsites = n;
	return CL_OK;
}
