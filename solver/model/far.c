/*
 * model/far.c -- geography sanity (far.h): villages or a depot far from
 * the rest stop the run before any routing.
 *
 * A typo in a coordinate, longitude and latitude swapped where both are
 * valid (Andorra's 1.5 E 42.5 N read as 42.5 E 1.5 N lies 4,600 km away),
 * a village at (0, 0) or a swapped --depot all pass the readers' range
 * checks, and then every village is "time window unreachable" and an
 * empty plan replaces yesterday's. So, before the distances are asked for:
 *
 *   1. the median point of the villages (median longitude, median
 *      latitude: robust while fewer than half of them are wrong);
 *   2. the depot must lie within CL_FAR_KM of it; if not, the depot is
 *      named (with a hint when swapping its coordinates, or those of the
 *      whole layer, would fix it) and the villages are not judged;
 *   3. every village must lie within CL_FAR_KM of the depot and, from the
 *      median point, within CL_FAR_SPREAD times the layer's spread (the
 *      90th percentile of the villages' distances to the median point)
 *      or CL_FAR_MIN_KM, whichever is larger. The first far village is
 *      named with its distance and, when swapping its coordinates brings
 *      it back, the hint; the next ones are counted and a few named.
 *
 * --allow-far turns the error into one warning per far site.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cunlu/instance.h"
#include "cunlu/log.h"
#include "cunlu/matrix.h"
#include "model/far.h"

#define KM 1000.0

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* "4631 km", "12.5 km", "850 m" */
static void fmt_dist(double m, char *buf, size_t size)
{
	if (m >= 10 * KM)
		snprintf(buf, size, "%.0f km", m / KM);
	else if (m >= KM)
		snprintf(buf, size, "%.1f km", m / KM);
	else
		snprintf(buf, size, "%.0f m", m);
}

/* Can lon/lat be read the other way round (both in range after the swap)? */
static int swappable(double lon, double lat)
{
	return fabs(lon) <= 90 && fabs(lat) <= 180 && lon != lat;
}

/* Why a village is far, into buf; 0 when it is not. */
struct judge {
	const struct cl_site *depot;
	double mlon, mlat;       /* the villages' median point */
	double spread_m;         /* the limit from the median point */
	int depot_ok;            /* the depot is near the villages */
};

static double from_ref(const struct judge *j, double lon, double lat)
{
	return j->depot_ok ? cl_haversine_m(j->depot->lon, j->depot->lat, lon, lat)
			   : cl_haversine_m(j->mlon, j->mlat, lon, lat);
}

static int far_at(const struct judge *j, double lon, double lat)
{
	return from_ref(j, lon, lat) > CL_FAR_KM * KM ||
	       cl_haversine_m(j->mlon, j->mlat, lon, lat) > j->spread_m;
}

/* One far village in words: "record 5 (...) is 4631 km from the depot ...". */
static void describe(const struct judge *j, const struct cl_site *s, char *buf,
		     size_t size)
{
	char label[CL_LABEL_MAX], d[32], d2[32], why[160];
	double dd = from_ref(j, s->lon, s->lat);
	double dm = cl_haversine_m(j->mlon, j->mlat, s->lon, s->lat);

	cl_site_label(s, label, sizeof label);
	fmt_dist(dd, d, sizeof d);
	if (dd > CL_FAR_KM * KM) {
		snprintf(why, sizeof why, "more than %d km", CL_FAR_KM);
	} else {
		fmt_dist(j->spread_m, d2, sizeof d2);
		fmt_dist(dm, d, sizeof d);
		snprintf(why, sizeof why, "more than %s, %d times the spread of the layer",
			 d2, CL_FAR_SPREAD);
	}
	if (swappable(s->lon, s->lat) && !far_at(j, s->lat, s->lon)) {
		fmt_dist(from_ref(j, s->lat, s->lon), d2, sizeof d2);
		snprintf(buf, size, "%s at lon %.6f, lat %.6f is %s from the %s (%s); longitude "
			 "and latitude look swapped: at lon %.6f, lat %.6f it would be %s away",
			 label, s->lon, s->lat, d, dd > CL_FAR_KM * KM ? (j->depot_ok ? "depot"
			 : "other villages") : "other villages", why, s->lat, s->lon, d2);
	} else {
		snprintf(buf, size, "%s at lon %.6f, lat %.6f is %s from the %s (%s)", label,
			 s->lon, s->lat, d, dd > CL_FAR_KM * KM ? (j->depot_ok ? "depot"
			 : "other villages") : "other villages", why);
	}
}

/* The median point of the villages and their spread. */
static int median(const struct cl_instance *inst, struct judge *j,
		  struct cl_error *err)
{
	int n = inst->nsites - 1;
	double *a = malloc(sizeof *a * (size_t)n), *b = malloc(sizeof *b * (size_t)n);

	if (!a || !b) {
		free(a);
		free(b);
		return cl_oom(err, "checking the villages' coordinates");
	}
	for (int i = 0; i < n; i++) {
		a[i] = inst->sites[i + 1].lon;
		b[i] = inst->sites[i + 1].lat;
	}
	qsort(a, (size_t)n, sizeof *a, cmp_double);
	qsort(b, (size_t)n, sizeof *b, cmp_double);
	j->mlon = n % 2 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
	j->mlat = n % 2 ? b[n / 2] : (b[n / 2 - 1] + b[n / 2]) / 2;
	for (int i = 0; i < n; i++)
		a[i] = cl_haversine_m(j->mlon, j->mlat, inst->sites[i + 1].lon,
				      inst->sites[i + 1].lat);
	qsort(a, (size_t)n, sizeof *a, cmp_double);
	j->spread_m = fmax(CL_FAR_SPREAD * a[(int)floor(0.9 * (n - 1))], CL_FAR_MIN_KM * KM);
	free(a);
	free(b);
	return CL_OK;
}

/*
 * The depot far from the villages: the error (or warning) naming it. When
 * swapping the depot's coordinates brings it to the villages, swapping
 * those of the whole layer brings the villages to it as well (nearly the
 * same distance): one point typed wrong is the likelier story, so the
 * depot is named first and the layer second.
 */
static int far_depot(const struct cl_instance *inst, const struct judge *j,
		     int allow, struct cl_error *err)
{
	const struct cl_site *dp = &inst->sites[0];
	char label[CL_LABEL_MAX], d[32], hint[320] = "";
	double dm = cl_haversine_m(j->mlon, j->mlat, dp->lon, dp->lat);
	int layer = 0;

	if (dp->record < 0)
		snprintf(label, sizeof label, "(--depot)");
	else
		cl_site_label(dp, label, sizeof label);
	fmt_dist(dm, d, sizeof d);
	for (int i = 1; i < inst->nsites; i++)
		layer += swappable(inst->sites[i].lon, inst->sites[i].lat) &&
			 cl_haversine_m(inst->sites[i].lat, inst->sites[i].lon, dp->lon,
					dp->lat) <= CL_FAR_KM * KM;
	if (swappable(dp->lon, dp->lat) &&
	    cl_haversine_m(j->mlon, j->mlat, dp->lat, dp->lon) <= CL_FAR_KM * KM) {
		char d2[32];
		fmt_dist(cl_haversine_m(j->mlon, j->mlat, dp->lat, dp->lon), d2, sizeof d2);
		snprintf(hint, sizeof hint, "; its longitude and latitude look swapped: at "
			 "lon %.6f, lat %.6f it would be %s from them%s%s", dp->lat, dp->lon, d2,
			 dp->record < 0 ? " (--depot takes LON,LAT)" : "",
			 2 * layer > inst->nsites - 1 ? " (or the villages' are all swapped)" : "");
	} else if (2 * layer > inst->nsites - 1) {
		snprintf(hint, sizeof hint, "; the villages' longitude and latitude look "
			 "swapped (%d of %d would lie within %d km of the depot)", layer,
			 inst->nsites - 1, CL_FAR_KM);
	}
	if (allow) {
		cl_warn("%s: the depot %s at lon %.6f, lat %.6f is %s from the villages (their "
			"median point lon %.6f, lat %.6f), more than %d km%s (--allow-far)",
			inst->source, label, dp->lon, dp->lat, d, j->mlon, j->mlat, CL_FAR_KM, hint);
		return CL_OK;
	}
	return cl_fail(err, CL_EINPUT, "%s: the depot %s at lon %.6f, lat %.6f is %s from the "
		       "villages (their median point lon %.6f, lat %.6f), more than %d km%s; "
		       "--allow-far plans anyway", inst->source, label, dp->lon, dp->lat, d,
		       j->mlon, j->mlat, CL_FAR_KM, hint);
}

int cl_instance_check_far(const struct cl_instance *inst, int allow,
			  struct cl_error *err)
{
	struct judge j;
	char first[640], more[512];
	size_t o = 0;
	int nfar = 0, rc, shown = 0;

	if (inst->planar || inst->nsites < 2)
		return CL_OK;
	memset(&j, 0, sizeof j);
	j.depot = &inst->sites[0];
	rc = median(inst, &j, err);
	if (rc)
		return rc;
	j.depot_ok = cl_haversine_m(j.mlon, j.mlat, j.depot->lon, j.depot->lat) <=
		     CL_FAR_KM * KM;
	if (!j.depot_ok) {
		rc = far_depot(inst, &j, allow, err);
		if (rc)
			return rc;      /* the villages are judged against the depot: not now */
	}
	more[0] = '\0';
	for (int i = 1; i < inst->nsites; i++) {
		const struct cl_site *s = &inst->sites[i];
		char line[640], label[CL_LABEL_MAX], d[32];

		if (!far_at(&j, s->lon, s->lat))
			continue;
		nfar++;
		if (allow) {
			if (nfar <= 20) {
				describe(&j, s, line, sizeof line);
				cl_warn("%s: %s (--allow-far)", inst->source, line);
			}
			continue;
		}
		if (nfar == 1) {
			describe(&j, s, first, sizeof first);
		} else if (shown < 3 && o + 1 < sizeof more) {
			int w;
			cl_site_label(s, label, sizeof label);
			fmt_dist(from_ref(&j, s->lon, s->lat), d, sizeof d);
			w = snprintf(more + o, sizeof more - o, "%s%s %s", shown ? ", " : "", label, d);
			if (w > 0)
				o = o + (size_t)w < sizeof more ? o + (size_t)w : sizeof more - 1;
			shown++;
		}
	}
	if (allow && nfar > 20)
		cl_warn("%s: %d more far villages (--allow-far)", inst->source, nfar - 20);
	if (allow || nfar == 0)
		return CL_OK;
	if (nfar == 1)
		return cl_fail(err, CL_EINPUT, "%s: %s; --allow-far plans with it anyway",
			       inst->source, first);
	return cl_fail(err, CL_EINPUT, "%s: %s; %d more far village%s (%s%s); --allow-far "
		       "plans with them anyway", inst->source, first, nfar - 1,
		       nfar - 1 > 1 ? "s" : "", more, nfar - 1 > shown ? ", ..." : "");
}
