/*
 * out/shapefile.c -- routes.shp and stops.shp, for ArcGIS and older GIS
 * tools: the routes and stops layers (out/layers.h) with the attributes
 * of the GeoJSON, written by io/shp.c through shapelib.
 *
 * Each layer is five files: .shp, .shx and .dbf from io/shp.c, a .prj
 * saying WGS 84 (ESRI's WKT, as ArcGIS writes it) and a .cpg naming the
 * code page of the .dbf: "UTF-8" by default, or "936" with
 * --shp-encoding GBK (ArcGIS's name for GBK; the .dbf also carries the
 * language driver 0x4D), for ArcGIS versions that read no UTF-8. Times
 * are text fields ("08:30"), so no converter turns them into dates.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "io/shp.h"
#include "out/internal.h"
#include "out/layers.h"

static const char prj_wgs84[] =
	"GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\","
	"6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\","
	"0.0174532925199433]]";

/* The encoding of the .dbf text, and what its .cpg says. */
static void code_page(const struct cl_runinfo *info, const char **enc, const char **cpg)
{
	const char *e = info && info->shp_encoding ? info->shp_encoding : "UTF-8";

	if (strcmp(e, "GBK") == 0) {
		*enc = "GBK";
		*cpg = "936";
	} else {
		*enc = "UTF-8";
		*cpg = "UTF-8";
	}
}

static int put_text(FILE *fp, const char *s, struct cl_error *err)
{
	errno = 0;
	if (fputs(s, fp) == EOF)
		return cl_fail(err, CL_EOUTPUT, "write failed: %s",
			       errno ? strerror(errno) : "stream error");
	return CL_OK;
}

/*
 * t with one more column, run_id, holding id in every row: a view that
 * borrows t's values and geometry (free with free_view). A shapefile has
 * no place for a layer-wide value, so the run's identity is a field.
 */
static int with_run_id(const struct cl_table *t, const char *id, struct cl_table *v,
		       struct cl_error *err)
{
	int nc = t->ncols + 1;

	*v = *t;
	v->ncols = nc;
	v->cols = malloc(sizeof *v->cols * (size_t)nc);
	v->val = malloc(sizeof *v->val * ((size_t)t->nrows * (size_t)nc + 1));
	if (!v->cols || !v->val) {
		free(v->cols);
		free(v->val);
		v->cols = NULL;
		v->val = NULL;
		return cl_oom(err, "writing a shapefile");
	}
	memcpy(v->cols, t->cols, sizeof *v->cols * (size_t)t->ncols);
	v->cols[t->ncols] = (struct cl_column){ (char *)"run_id", CL_COL_TEXT, 0 };
	for (int r = 0; r < t->nrows; r++) {
		memcpy(v->val + (size_t)r * (size_t)nc, t->val + (size_t)r * (size_t)t->ncols,
		       sizeof *v->val * (size_t)t->ncols);
		v->val[(size_t)r * (size_t)nc + (size_t)t->ncols] = (char *)id;
	}
	return CL_OK;
}

static void free_view(struct cl_table *v)
{
	free(v->cols);
	free(v->val);
}

static int write_layer(FILE **fp, const struct cl_out *o, const struct cl_table *t,
		       const char *what, struct cl_error *err)
{
	const char *enc, *cpg;
	struct cl_table v;
	int rc;

	code_page(o->info, &enc, &cpg);
	if (o->info && o->info->run_id) {
		rc = with_run_id(t, o->info->run_id, &v, err);
		if (!rc)
			rc = cl_shp_write_table(&v, enc, what, fp[0], fp[1], fp[2], err);
		free_view(&v);
	} else {
		rc = cl_shp_write_table(t, enc, what, fp[0], fp[1], fp[2], err);
	}
	if (!rc)
		rc = put_text(fp[3], prj_wgs84, err);
	if (!rc)
		rc = put_text(fp[4], cpg, err);
	return rc;
}

/* routes.shp .shx .dbf .prj .cpg to fp[0..4] (see out/internal.h). */
int cl_out_routes_shp(FILE **fp, const struct cl_out *o, struct cl_error *err)
{
	return write_layer(fp, o, &o->layers->routes, "routes.shp", err);
}

/* stops.shp .shx .dbf .prj .cpg to fp[0..4] (see out/internal.h). */
int cl_out_stops_shp(FILE **fp, const struct cl_out *o, struct cl_error *err)
{
	return write_layer(fp, o, &o->layers->stops, "stops.shp", err);
}
