/*
 * test_osrm.c -- unit tests for dist/osrm.c and http.c against
 * tests/tools/fake_osrm.py, which this test starts on a free loopback
 * port and stops at the end (the server also exits by itself after 60 s).
 * The server's profile name selects its behaviour (see the top of
 * fake_osrm.py): the matrix against the server's known formula, blocks
 * assembled from small requests equal to one big request, the time per
 * vehicle type, null cells, OSRM error bodies, timeouts, malformed and
 * cut-off replies, retries on 503 and none on 400, leg shapes and the
 * body size cap.
 */
#include <math.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tinytest.h"
#include "cunlu/router.h"
#include "dist/http.h"
#include "dist/osrm.h"
#include "cunlu/matrix.h"

#define NS 13
#define NULL_SITE 5

static char base_url[64], nagle_url[64];
static pid_t server = -1, nagle_server = -1;
static char tmpdir[] = "/tmp/cunlu_osrm_XXXXXX";

/* The area the fake's "data" covers (the GBK sample county): a site
 * outside it snaps to the area's edge, far away. */
#define BBOX "107.3,26.3,107.7,26.7"

static struct cl_site sites[NS];
static struct cl_vtype types[2];
static struct cl_instance inst;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Start a fake server (nagle: with --nagle, osrm-routed's keep-alive
 * stall); *pid and url get it. 0 on success.
 */
static int spawn(int nagle, pid_t *pid, char url[64])
{
	char portfile[128], nullc[64];
	double t0 = now_s();

	snprintf(portfile, sizeof portfile, "%s/port%d", tmpdir, nagle);
	snprintf(nullc, sizeof nullc, "%.6f,%.6f", sites[NULL_SITE].lon, sites[NULL_SITE].lat);
	*pid = fork();
	if (*pid < 0)
		return -1;
	if (*pid == 0) {
		execlp("python3", "python3", "tests/tools/fake_osrm.py", "--port-file", portfile,
		       "--null-coord", nullc, "--lifetime", "60", "--slow-seconds", "3",
		       "--bbox", BBOX, nagle ? "--nagle" : (char *)NULL, (char *)NULL);
		_exit(127);
	}
	while (now_s() - t0 < 15) {
		FILE *f = fopen(portfile, "r");
		if (f) {
			long port = 0;
			int ok = fscanf(f, "%ld", &port) == 1 && port > 0 && port < 65536;
			fclose(f);
			if (ok) {
				snprintf(url, 64, "http://127.0.0.1:%ld", port);
				return 0;
			}
		}
		nanosleep(&(struct timespec){ .tv_sec = 0, .tv_nsec = 20000000 }, NULL);
	}
	return -1;
}

/* Start the fake servers; base_url and nagle_url get their addresses. */
static int start_server(void)
{
	if (!mkdtemp(tmpdir))
		return -1;
	if (spawn(0, &server, base_url) != 0)
		return -1;
	return spawn(1, &nagle_server, nagle_url);
}

static void stop_server(void)
{
	char path[128];

	for (int k = 0; k < 2; k++) {
		pid_t p = k ? nagle_server : server;
		if (p > 0) {
			kill(p, SIGTERM);
			waitpid(p, NULL, 0);
		}
		snprintf(path, sizeof path, "%s/port%d", tmpdir, k);
		unlink(path);
	}
	rmdir(tmpdir);
}

static void setup_instance(void)
{
	/* the GBK sample county's coordinates, depot first */
	static const double ll[NS][2] = {
		{ 107.5038, 26.5012 }, { 107.4321, 26.5612 }, { 107.4587, 26.5873 },
		{ 107.5234, 26.5791 }, { 107.5612, 26.5498 }, { 107.5893, 26.5187 },
		{ 107.5968, 26.4712 }, { 107.5521, 26.4386 }, { 107.5043, 26.4207 },
		{ 107.4588, 26.4395 }, { 107.41234, 26.48765 }, { 107.43, 26.52 },
		{ 107.47, 26.5 },
	};
	for (int i = 0; i < NS; i++) {
		sites[i].lon = ll[i][0];
		sites[i].lat = ll[i][1];
	}
	types[0].name = "van";
	types[0].speed_kmh = 50;
	types[0].count = 2;
	types[1].name = "etricycle";
	types[1].speed_kmh = 18;
	types[1].count = 2;
	inst.nsites = NS;
	inst.sites = sites;
	inst.ntypes = 2;
	inst.types = types;
}

static struct cl_osrm_opts opts(const char *profile)
{
	struct cl_osrm_opts o;
	cl_osrm_opts_default(&o);
	o.url = base_url;
	o.profile = profile;
	o.timeout_s = 5;
	o.retries = 0;
	return o;
}

/* The matrix for profile with the given options, or NULL (err filled). */
static struct cl_matrix *matrix_of(const struct cl_osrm_opts *o, struct cl_error *err, int *rc)
{
	struct cl_router r;
	struct cl_matrix *m = NULL;

	cl_error_clear(err);
	memset(&r, 0, sizeof r);
	*rc = cl_router_osrm(o, &inst, &r, err);
	if (*rc == CL_OK)
		*rc = r.matrix(r.ctx, &inst, &m, err);
	cl_router_destroy(&r);
	return m;
}

/* Requests the server saw for profile (through cl_http). */
static long count_of(const char *profile)
{
	struct cl_http_opts ho;
	struct cl_http *h = NULL;
	struct cl_http_reply rep;
	struct cl_error err;
	char url[160];
	long n = -1;

	cl_http_opts_default(&ho);
	snprintf(url, sizeof url, "%s/count?profile=%s", base_url, profile);
	if (cl_http_create(&ho, &h, &err) == CL_OK && cl_http_get(h, url, &rep, &err) == CL_OK) {
		const char *p = strstr(rep.body ? rep.body : "", "\"count\":");
		if (p)
			n = strtol(p + 8, NULL, 10);
		cl_http_reply_free(&rep);
	}
	cl_http_destroy(h);
	return n;
}

/* GET base_url + path through cl_http; 0 when a 200 reply came. */
static int get_ok(const char *path)
{
	struct cl_http_opts ho;
	struct cl_http *h = NULL;
	struct cl_http_reply rep = { 0 };
	struct cl_error err;
	char url[256];
	int ok = -1;

	cl_http_opts_default(&ho);
	snprintf(url, sizeof url, "%s%s", base_url, path);
	if (cl_http_create(&ho, &h, &err) == CL_OK && cl_http_get(h, url, &rep, &err) == CL_OK)
		ok = rep.status == 200 ? 0 : -1;
	cl_http_reply_free(&rep);
	cl_http_destroy(h);
	return ok;
}

/* The router's cache key for profile on inst (into key), or "" */
static void key_of(const char *profile, const struct cl_instance *in, char key[256])
{
	struct cl_osrm_opts o = opts(profile);
	struct cl_router r;
	struct cl_error err;

	memset(&r, 0, sizeof r);
	key[0] = '\0';
	if (cl_router_osrm(&o, in, &r, &err) == CL_OK)
		snprintf(key, 256, "%s", r.source_key);
	cl_router_destroy(&r);
}

static int same_matrix(const struct cl_matrix *a, const struct cl_matrix *b)
{
	size_t cells = (size_t)a->n * (size_t)a->n;
	if (a->n != b->n || a->ntypes != b->ntypes)
		return 0;
	if (memcmp(a->dist_m, b->dist_m, cells * sizeof(int32_t)) != 0)
		return 0;
	for (int t = 0; t < a->ntypes; t++)
		if (memcmp(a->time_s[t], b->time_s[t], cells * sizeof(int32_t)) != 0)
			return 0;
	return 1;
}

/* Where the fake joins a coordinate to its "roads": 4 decimals, rounded
 * as fake_osrm.py's snap() does. */
static double snapped(double x)
{
	return floor(x * 1e4 + 0.5) / 1e4;
}

static void test_router_setup(void)
{
	struct cl_osrm_opts o = opts("driving");
	struct cl_router r;
	struct cl_error err;
	char url[80], key[120];

	snprintf(url, sizeof url, "%s/", base_url);
	o.url = url;
	memset(&r, 0, sizeof r);
	CHECK_INT(cl_router_osrm(&o, &inst, &r, &err), CL_OK);
	snprintf(key, sizeof key, "osrm:%s:driving:data=", base_url);
	CHECK(r.source_key && strncmp(r.source_key, key, strlen(key)) == 0);
	CHECK_INT((int)strlen(r.source_key), (int)strlen(key) + 16 + (int)strlen(":snap_max=1000.000"));
	CHECK_HAS(r.source_key, ":snap_max=1000.000");
	CHECK_STR(r.name, "osrm");
	/* snap distances from the probe: the fake snaps to 4 decimals */
	CHECK(r.snap_m != NULL);
	if (r.snap_m) {
		for (int i = 0; i < NS; i++) {
			double lon = snapped(sites[i].lon), lat = snapped(sites[i].lat);
			double want = cl_haversine_m(sites[i].lon, sites[i].lat, lon, lat);
			CHECK(fabs(r.snap_m(r.ctx, -1, i) - want) <= 0.06);
			CHECK(r.snap_m(r.ctx, 1, i) == r.snap_m(r.ctx, -1, i));
		}
	}
	CHECK(r.route_shape != NULL);
	cl_router_destroy(&r);

	o.url = "ftp://example.org";
	CHECK_INT(cl_router_osrm(&o, &inst, &r, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "ftp://example.org");
	o.url = "http://";
	CHECK_INT(cl_router_osrm(&o, &inst, &r, &err), CL_EINPUT);
	o.url = "http://host:5000/?x=1";
	CHECK_INT(cl_router_osrm(&o, &inst, &r, &err), CL_EINPUT);
	o.url = base_url;
	o.profile = "car/../x";
	CHECK_INT(cl_router_osrm(&o, &inst, &r, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "car/../x");
}

/* The fake's formula: great circle between the snapped points x 1.25 at
 * 10 m/s. */
static void test_matrix_values(void)
{
	struct cl_osrm_opts o = opts("driving");
	struct cl_error err;
	int rc;
	struct cl_matrix *m = matrix_of(&o, &err, &rc);

	CHECK_INT(rc, CL_OK);
	if (!m)
		return;
	CHECK_INT(m->n, NS);
	for (int i = 0; i < NS; i++) {
		for (int j = 0; j < NS; j++) {
			double d = i == j ? 0 : 1.25 * cl_haversine_m(snapped(sites[i].lon),
								      snapped(sites[i].lat),
								      snapped(sites[j].lon),
								      snapped(sites[j].lat));
			int32_t dm = cl_dist(m, i, j);
			CHECK(fabs(dm - d) <= 1.0);
			/* van at 50 km/h: OSRM's 36 km/h decides */
			CHECK(abs(cl_time(m, 0, i, j) - (int32_t)llround(d / 10.0)) <= 1);
			/* tricycle at 18 km/h (5 m/s): its own speed decides */
			CHECK(abs(cl_time(m, 1, i, j) - (int32_t)llround(d / 5.0)) <= 1);
			CHECK(cl_time(m, 1, i, j) >= cl_time(m, 0, i, j));
		}
	}
	CHECK(m->dist_type[0] == NULL && m->dist_type[1] == NULL);
	cl_matrix_destroy(m);
}

/*
 * Blocks: profile "toobig" refuses more than 5 coordinates. With
 * max_table 5, 4, 3 and 2 the matrix assembled from blocks equals the
 * single request's; max_table 5 on 13 sites takes 7 chunks of 2, so 21
 * requests (and 3 for the probe, depot + 4 villages each); max_table 6 is
 * refused with OSRM's TooBig, and the message names --osrm-max-table.
 */
static void test_blocks(void)
{
	struct cl_osrm_opts o = opts("driving");
	struct cl_error err;
	struct cl_matrix *one, *m;
	long before;
	int rc;

	one = matrix_of(&o, &err, &rc);
	CHECK_INT(rc, CL_OK);
	if (!one)
		return;
	o.profile = "toobig";
	for (int mt = 5; mt >= 2; mt--) {
		o.max_table = mt;
		before = count_of("toobig");
		m = matrix_of(&o, &err, &rc);
		CHECK_INT(rc, CL_OK);
		CHECK(m && same_matrix(one, m));
		if (mt == 5)
			CHECK_INT(count_of("toobig") - before, 21 + 3);
		cl_matrix_destroy(m);
	}
	o.max_table = 6;
	m = matrix_of(&o, &err, &rc);
	CHECK(m == NULL);
	CHECK_INT(rc, CL_EROUTING);
	CHECK_HAS(err.msg, "HTTP 400: TooBig: Too many table coordinates");
	CHECK_HAS(err.msg, base_url);
	CHECK_HAS(err.msg, "set --osrm-max-table to the server's --max-table-size");
	cl_matrix_destroy(one);
}

static void test_null_cells(void)
{
	struct cl_osrm_opts o = opts("nullcell");
	struct cl_error err;
	int rc;
	struct cl_matrix *m = matrix_of(&o, &err, &rc);

	CHECK_INT(rc, CL_OK);
	if (!m)
		return;
	for (int i = 0; i < NS; i++) {
		int32_t want = i == NULL_SITE ? 0 : CL_UNREACHABLE;
		CHECK_INT(cl_dist(m, i, NULL_SITE), want);
		CHECK_INT(cl_dist(m, NULL_SITE, i), want);
		for (int t = 0; t < 2; t++) {
			CHECK_INT(cl_time(m, t, i, NULL_SITE), want);
			CHECK_INT(cl_time(m, t, NULL_SITE, i), want);
		}
	}
	CHECK(cl_dist(m, 1, 2) > 0);
	cl_matrix_destroy(m);
}

/* A 400 with OSRM's body: code and message reported, never retried. */
static void test_http_400(void)
{
	struct cl_osrm_opts o = opts("invalid");
	struct cl_error err;
	int rc;
	long before = count_of("invalid");
	struct cl_matrix *m;

	o.retries = 3;
	m = matrix_of(&o, &err, &rc);
	CHECK(m == NULL);
	CHECK_INT(rc, CL_EROUTING);
	CHECK_HAS(err.msg, "HTTP 400: InvalidQuery: Query string malformed close to position 42");
	CHECK_HAS(err.msg, base_url);
	CHECK_HAS(err.msg, "/table/v1/invalid/");
	CHECK_INT(count_of("invalid") - before, 1);
}

static void test_timeout(void)
{
	struct cl_osrm_opts o = opts("slow");
	struct cl_error err;
	struct cl_matrix *m;
	double t0 = now_s(), dt;
	int rc;

	o.timeout_s = 0.3;
	o.retries = 1;
	m = matrix_of(&o, &err, &rc);
	dt = now_s() - t0;
	CHECK(m == NULL);
	CHECK_INT(rc, CL_EROUTING);
	CHECK_HAS(err.msg, "imed out");
	CHECK_HAS(err.msg, "2 attempts");
	CHECK_HAS(err.msg, base_url);
	CHECK_HAS(err.msg, "did not answer within --osrm-timeout 0.3 s");
	/* two attempts of 0.3 s and one back-off of 0.2 s, with slack */
	CHECK(dt >= 0.75 && dt < 3.0);
}

static void test_malformed_and_shape(void)
{
	struct cl_osrm_opts o = opts("malformed");
	struct cl_error err;
	int rc;
	struct cl_matrix *m = matrix_of(&o, &err, &rc);

	CHECK(m == NULL);
	CHECK_INT(rc, CL_EROUTING);
	CHECK_HAS(err.msg, "not JSON");
	CHECK_HAS(err.msg, base_url);
	o.profile = "badshape";
	m = matrix_of(&o, &err, &rc);
	CHECK(m == NULL);
	CHECK_INT(rc, CL_EROUTING);
	/* the probe (1 x 13) is the first request */
	CHECK_HAS(err.msg, "\"durations\" has 0 rows, expected 1");
}

/* A reply cut off mid-body is a connection error: retried, then fails. */
static void test_closed_mid_reply(void)
{
	struct cl_osrm_opts o = opts("close");
	struct cl_error err;
	long before = count_of("close");
	int rc;
	struct cl_matrix *m;

	o.retries = 2;
	m = matrix_of(&o, &err, &rc);
	CHECK(m == NULL);
	CHECK_INT(rc, CL_EROUTING);
	CHECK_HAS(err.msg, "3 attempts");
	CHECK_HAS(err.msg, base_url);
	CHECK_INT(count_of("close") - before, 3);
}

static void test_retry_503(void)
{
	struct cl_osrm_opts o = opts("flaky2");
	struct cl_error err;
	int rc;
	struct cl_matrix *m;

	o.retries = 3;
	m = matrix_of(&o, &err, &rc);
	CHECK_INT(rc, CL_OK);
	CHECK(m != NULL);
	cl_matrix_destroy(m);
	CHECK_INT(count_of("flaky2"), 4);   /* 503, 503, the probe, the table */

	o.profile = "flaky5";
	o.retries = 1;
	m = matrix_of(&o, &err, &rc);
	CHECK(m == NULL);
	CHECK_INT(rc, CL_EROUTING);
	CHECK_HAS(err.msg, "HTTP 503: Unavailable");
	CHECK_INT(count_of("flaky5"), 2);
}

static void test_refused(void)
{
	struct cl_osrm_opts o = opts("driving");
	struct sockaddr_in a;
	socklen_t alen = sizeof a;
	char url[64];
	struct cl_error err;
	struct cl_matrix *m;
	int fd, rc;

	/* a port that was free a moment ago */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK(bind(fd, (struct sockaddr *)&a, sizeof a) == 0);
	CHECK(getsockname(fd, (struct sockaddr *)&a, &alen) == 0);
	close(fd);
	snprintf(url, sizeof url, "http://127.0.0.1:%d", ntohs(a.sin_port));
	o.url = url;
	o.retries = 1;
	m = matrix_of(&o, &err, &rc);
	CHECK(m == NULL);
	CHECK_INT(rc, CL_EROUTING);
	CHECK_HAS(err.msg, url);
	CHECK_HAS(err.msg, "2 attempts");
}

static double line_m(const double *ll, int n)
{
	double s = 0;
	for (int i = 1; i < n; i++)
		s += cl_haversine_m(ll[2 * i - 2], ll[2 * i - 1], ll[2 * i], ll[2 * i + 1]);
	return s;
}

/* Leg shapes start and end at the sites; length = table distance plus
 * the snap segments the fake's 4-decimal snapping makes. */
static void test_leg_shape(void)
{
	struct cl_osrm_opts o = opts("driving");
	struct cl_router r;
	struct cl_matrix *m = NULL;
	struct cl_error err;
	/* The fake snaps to 4 decimals: at most ~8 m from each site. */
	const double snap_max = 8.0;

	memset(&r, 0, sizeof r);
	CHECK_INT(cl_router_osrm(&o, &inst, &r, &err), CL_OK);
	CHECK_INT(r.matrix(r.ctx, &inst, &m, &err), CL_OK);
	if (!m) {
		cl_router_destroy(&r);
		return;
	}
	for (int a = 0; a < NS; a += 4) {
		for (int b = 0; b < NS; b += 5) {
			double *ll = NULL, len, want;
			int np = 0;
			CHECK_INT(r.leg_shape(r.ctx, &inst, 1, a, b, &ll, &np, &err), CL_OK);
			CHECK(np >= 2);
			if (!ll || np < 2)
				continue;
			CHECK(ll[0] == sites[a].lon && ll[1] == sites[a].lat);
			CHECK(ll[2 * np - 2] == sites[b].lon && ll[2 * np - 1] == sites[b].lat);
			if (a != b)
				CHECK(np >= 3);
			len = line_m(ll, np);
			want = cl_dist(m, a, b);
			CHECK(fabs(len - want) <= 0.005 * want + 2 * snap_max + 1.0);
			free(ll);
		}
	}
	cl_router_destroy(&r);
	cl_matrix_destroy(m);
}

/*
 * A stop outside the server's data (lon 120, lat 30 against the fake's
 * county): OSRM snaps it to the edge of its roads and says how far that
 * is. The router reports that distance (snap_m), makes the site
 * unreachable for every type (the snap bound) and explains why
 * (site_note); a larger bound lets it be served. A depot outside: nothing
 * is reachable, and the note says it is the depot.
 */
static void test_far_site(void)
{
	struct cl_site far[NS];
	struct cl_instance fi = inst;
	struct cl_osrm_opts o = opts("driving");
	struct cl_router r;
	struct cl_matrix *m = NULL;
	struct cl_error err;
	char note[512];
	double want = cl_haversine_m(120.0, 30.0, 107.7, 26.7);

	memcpy(far, sites, sizeof far);
	far[3].lon = 120.0;
	far[3].lat = 30.0;
	far[3].id = "V03";
	fi.sites = far;
	memset(&r, 0, sizeof r);
	CHECK_INT(cl_router_osrm(&o, &fi, &r, &err), CL_OK);
	if (!r.snap_m || !r.site_note)
		return;
	for (int i = 0; i < NS; i++) {
		double d = r.snap_m(r.ctx, 0, i);
		if (i == 3)
			CHECK(fabs(d - want) < 1.0);
		else
			CHECK(d >= 0 && d < 8.0);
	}
	CHECK_INT(r.site_note(r.ctx, &fi, 3, note, sizeof note), 1);
	CHECK_HAS(note, "no road within --snap-max 1000 m: van, etricycle 12575");
	CHECK_INT(r.site_note(r.ctx, &fi, 4, note, sizeof note), 0);
	CHECK_INT(r.matrix(r.ctx, &fi, &m, &err), CL_OK);
	for (int j = 0; m && j < NS; j++) {
		if (j == 3)
			continue;
		CHECK_INT(cl_dist(m, 3, j), CL_UNREACHABLE);
		CHECK_INT(cl_dist(m, j, 3), CL_UNREACHABLE);
		CHECK_INT(cl_time(m, 1, j, 3), CL_UNREACHABLE);
		CHECK(j == 4 || cl_dist(m, 4, j) >= 0);
	}
	cl_matrix_destroy(m);
	m = NULL;
	cl_router_destroy(&r);

	/* a bound above the distance: reachable */
	o.snap_max_m = 2e6;
	memset(&r, 0, sizeof r);
	CHECK_INT(cl_router_osrm(&o, &fi, &r, &err), CL_OK);
	CHECK_INT(r.site_note(r.ctx, &fi, 3, note, sizeof note), 0);
	CHECK_INT(r.matrix(r.ctx, &fi, &m, &err), CL_OK);
	CHECK(m && cl_dist(m, 0, 3) > 0);
	cl_matrix_destroy(m);
	m = NULL;
	cl_router_destroy(&r);

	/* the depot outside: every village is cut off, the note names the depot */
	memcpy(far, sites, sizeof far);
	far[0].lon = 120.0;
	far[0].lat = 30.0;
	o.snap_max_m = 1000;
	memset(&r, 0, sizeof r);
	CHECK_INT(cl_router_osrm(&o, &fi, &r, &err), CL_OK);
	CHECK_INT(r.site_note(r.ctx, &fi, 5, note, sizeof note), 1);
	CHECK_HAS(note, "the depot is 12575");
	CHECK_INT(r.matrix(r.ctx, &fi, &m, &err), CL_OK);
	for (int j = 1; m && j < NS; j++)
		CHECK_INT(cl_dist(m, 0, j), CL_UNREACHABLE);
	cl_matrix_destroy(m);
	cl_router_destroy(&r);
}

/*
 * The data identity in the cache key: the same server and data give the
 * same key; a "rebuilt dataset" (other distances) or a data_version gives
 * another; the data as it was gives the first key again.
 */
static void test_identity(void)
{
	char k1[256], k2[256], k3[256], k4[256], k5[256];

	key_of("driving", &inst, k1);
	key_of("driving", &inst, k2);
	CHECK(k1[0] != '\0');
	CHECK_STR(k1, k2);
	CHECK_INT(get_ok("/admin?detour=1.3"), 0);
	key_of("driving", &inst, k3);
	CHECK(k3[0] != '\0' && strcmp(k1, k3) != 0);
	CHECK_INT(get_ok("/admin?detour=1.25&data_version=2026-11-30T00:00:00Z"), 0);
	key_of("driving", &inst, k4);
	CHECK(k4[0] != '\0' && strcmp(k1, k4) != 0 && strcmp(k3, k4) != 0);
	CHECK_INT(get_ok("/admin?no_data_version=1"), 0);
	key_of("driving", &inst, k5);
	CHECK_STR(k1, k5);
	/* another profile is another key */
	key_of("other", &inst, k2);
	CHECK(k2[0] != '\0' && strcmp(k1, k2) != 0);
}

/* The probe failing stops the router with the server named. */
static void test_probe_fails(void)
{
	struct cl_osrm_opts o = opts("probe503");
	struct cl_router r;
	struct cl_error err;

	memset(&r, 0, sizeof r);
	CHECK_INT(cl_router_osrm(&o, &inst, &r, &err), CL_EROUTING);
	CHECK_HAS(err.msg, "HTTP 503: Unavailable");
	CHECK_HAS(err.msg, "/table/v1/probe503/");
	CHECK_HAS(err.msg, base_url);
}

/* Join leg shapes as routes.geojson did (a joint written once). */
static int join_legs(struct cl_router *r, const int *stops, int nstops, double **out, int *nout,
		     struct cl_error *err)
{
	double *all = NULL;
	int n = 0, cap = 0, rc = CL_OK;

	for (int i = 0; i <= nstops && rc == CL_OK; i++) {
		int a = i == 0 ? 0 : stops[i - 1], b = i == nstops ? 0 : stops[i];
		double *xy = NULL;
		int np = 0;
		rc = r->leg_shape(r->ctx, &inst, 0, a, b, &xy, &np, err);
		for (int k = 0; k < np && rc == CL_OK; k++) {
			if (n > 0 && all[2 * n - 2] == xy[2 * k] && all[2 * n - 1] == xy[2 * k + 1])
				continue;
			if (n == cap) {
				cap = cap ? 2 * cap : 64;
				all = realloc(all, sizeof *all * 2 * (size_t)cap);
				if (!all)
					return CL_EINTERNAL;
			}
			all[2 * n] = xy[2 * k];
			all[2 * n + 1] = xy[2 * k + 1];
			n++;
		}
		free(xy);
	}
	*out = all;
	*nout = n;
	return rc;
}

/*
 * Route shapes in one request per route (at most 100 waypoints a
 * request): the same line as the legs asked one by one, passing through
 * every stop in order, from the depot back to the depot.
 */
static void test_route_shape(void)
{
	struct cl_osrm_opts o = opts("shapes");
	struct cl_router r;
	struct cl_error err;
	int stops[250];
	const int lens[2] = { NS - 1, 250 }, reqs[2] = { 1, 3 };

	for (int i = 0; i < 250; i++)
		stops[i] = 1 + (i * 5) % (NS - 1);
	memset(&r, 0, sizeof r);
	CHECK_INT(cl_router_osrm(&o, &inst, &r, &err), CL_OK);
	if (!r.route_shape)
		return;
	for (int c = 0; c < 2; c++) {
		double *xy = NULL, *legs = NULL;
		int np = 0, nl = 0, k = 0;
		long before = count_of("shapes");

		CHECK_INT(r.route_shape(r.ctx, &inst, 0, stops, lens[c], &xy, &np, &err), CL_OK);
		CHECK_INT(count_of("shapes") - before, reqs[c]);
		CHECK_INT(join_legs(&r, stops, lens[c], &legs, &nl, &err), CL_OK);
		CHECK_INT(np, nl);
		CHECK(xy && legs && np == nl && memcmp(xy, legs, sizeof *xy * 2 * (size_t)np) == 0);
		if (xy && np >= 2) {
			CHECK(xy[0] == sites[0].lon && xy[1] == sites[0].lat);
			CHECK(xy[2 * np - 2] == sites[0].lon && xy[2 * np - 1] == sites[0].lat);
			/* every stop's own position, in order */
			for (int i = 0; i < lens[c]; i++) {
				const struct cl_site *s = &sites[stops[i]];
				while (k < np && !(xy[2 * k] == s->lon && xy[2 * k + 1] == s->lat))
					k++;
				CHECK(k < np);
			}
		}
		free(xy);
		free(legs);
	}
	cl_router_destroy(&r);

	/* a server that takes at most 5 waypoints a route: TooBig for 14 and
	 * then 8, so 2 refused requests and 4 of 5, 5, 5 and 2 waypoints */
	o = opts("toobig");
	o.max_table = 5;
	memset(&r, 0, sizeof r);
	CHECK_INT(cl_router_osrm(&o, &inst, &r, &err), CL_OK);
	if (r.route_shape) {
		double *xy = NULL, *legs = NULL;
		int np = 0, nl = 0;
		long before = count_of("toobig");

		CHECK_INT(r.route_shape(r.ctx, &inst, 0, stops, NS - 1, &xy, &np, &err), CL_OK);
		CHECK_INT(count_of("toobig") - before, 6);
		CHECK_INT(join_legs(&r, stops, NS - 1, &legs, &nl, &err), CL_OK);
		CHECK(xy && legs && np == nl && memcmp(xy, legs, sizeof *xy * 2 * (size_t)np) == 0);
		free(xy);
		free(legs);
	}
	cl_router_destroy(&r);
}

/*
 * osrm-routed's stall: on a reused connection each reply waits ~40 ms for
 * the client's delayed ACK (the fake with --nagle does the same). The
 * client takes a fresh connection per request for http:// URLs, so 20 leg
 * shapes take far less than 20 x 40 ms.
 */
static void test_no_stall(void)
{
	struct cl_osrm_opts o = opts("driving");
	struct cl_router r;
	struct cl_error err;
	double t0, dt;

	o.url = nagle_url;
	memset(&r, 0, sizeof r);
	CHECK_INT(cl_router_osrm(&o, &inst, &r, &err), CL_OK);
	if (!r.leg_shape)
		return;
	t0 = now_s();
	for (int i = 0; i < 20; i++) {
		double *xy = NULL;
		int np = 0;
		CHECK_INT(r.leg_shape(r.ctx, &inst, 0, i % NS, (i + 3) % NS, &xy, &np, &err), CL_OK);
		free(xy);
	}
	dt = now_s() - t0;
	printf("20 leg shapes from the stalling server: %.3f s\n", dt);
	CHECK(dt < 0.4);
	cl_router_destroy(&r);
}

/*
 * The parsers on their own (dist/osrm.h): the server's code and message go
 * into a one-line error (printable ASCII, cut); snap distances, locations
 * and data_version are read; a route's legs are its steps joined.
 */
static void test_parsers(void)
{
	static const char err_body[] =
		"{\"code\":\"Too\\nBig\",\"message\":\"line one\\r\\nline two\\u0007\"}";
	static const char table_body[] =
		"{\"code\":\"Ok\",\"durations\":[[0,null]],\"distances\":[[0,7.5]],"
		"\"sources\":[{\"distance\":1.5,\"location\":[7.42,43.73]}],"
		"\"destinations\":[{\"distance\":1.5,\"location\":[7.42,43.73]},"
		"{\"distance\":10147213.2,\"location\":[7.41,43.72]}],"
		"\"data_version\":\"2026-11-30\\u0001\"}";
	static const char route_body[] =
		"{\"code\":\"Ok\",\"routes\":[{\"legs\":[{\"steps\":["
		"{\"geometry\":{\"coordinates\":[[1,2],[3,4]]}},"
		"{\"geometry\":{\"coordinates\":[[3,4],[3,4]]}}]},"
		"{\"steps\":[{\"geometry\":{\"coordinates\":[[3,4],[5,6]]}}]}]}]}";
	double dur[2], dist[2], ss[1], sd[2], loc[4], *xy = NULL;
	struct cl_osrm_table t = { .nsrc = 1, .ndst = 2, .dur = dur, .dist = dist,
				   .snap_src = ss, .snap_dst = sd, .loc_dst = loc };
	struct cl_error err;
	char code[CL_OSRM_CODE_MAX];
	int first[3];

	CHECK_INT(cl_osrm_parse_table("u", 400, err_body, strlen(err_body), &t, &err), CL_EROUTING);
	CHECK_STR(err.msg, "osrm u: HTTP 400: Too?Big: line one??line two?");
	CHECK_STR(t.code, "Too?Big");
	CHECK_INT(cl_osrm_parse_table("u", 200, table_body, strlen(table_body), &t, &err), CL_OK);
	CHECK(dur[0] == 0 && isnan(dur[1]) && dist[0] == 0 && isnan(dist[1]));
	CHECK(ss[0] == 1.5 && sd[1] == 10147213.2 && loc[2] == 7.41 && loc[3] == 43.72);
	CHECK_STR(t.data_version, "2026-11-30?");
	/* one cell too few */
	t.ndst = 3;
	CHECK_INT(cl_osrm_parse_table("u", 200, table_body, strlen(table_body), &t, &err), CL_EROUTING);
	CHECK_HAS(err.msg, "\"durations\" row 0 is not an array of 3");
	CHECK_INT(cl_osrm_parse_route("u", 200, route_body, strlen(route_body), 2, &xy, first, code,
				      &err), CL_OK);
	CHECK_INT(first[0], 0);
	CHECK_INT(first[1], 2);
	CHECK_INT(first[2], 4);
	CHECK(xy && xy[2] == 3 && xy[4] == 3 && xy[6] == 5);
	free(xy);
	CHECK_INT(cl_osrm_parse_route("u", 200, route_body, strlen(route_body), 3, &xy, first, code,
				      &err), CL_EROUTING);
	CHECK(xy == NULL);
	CHECK_HAS(err.msg, "routes[0].legs is not an array of 3 legs");
}

static void test_http_body_cap(void)
{
	struct cl_http_opts ho;
	struct cl_http *h = NULL;
	struct cl_http_reply rep;
	struct cl_error err;
	char url[128];

	cl_http_opts_default(&ho);
	ho.max_body = 5;
	snprintf(url, sizeof url, "%s/count", base_url);
	CHECK_INT(cl_http_create(&ho, &h, &err), CL_OK);
	if (!h)
		return;
	CHECK_INT(cl_http_get(h, url, &rep, &err), CL_EROUTING);
	CHECK_HAS(err.msg, "larger than 5 bytes");
	CHECK(rep.body == NULL);
	cl_http_destroy(h);
	cl_http_destroy(NULL);
	cl_http_reply_free(NULL);
}

int main(void)
{
	setup_instance();
	if (start_server() != 0) {
		fprintf(stderr, "cannot start tests/tools/fake_osrm.py (run from the source tree)\n");
		stop_server();
		tt_failed++;
		TT_END();
	}
	RUN(test_router_setup);
	RUN(test_matrix_values);
	RUN(test_blocks);
	RUN(test_null_cells);
	RUN(test_http_400);
	RUN(test_timeout);
	RUN(test_malformed_and_shape);
	RUN(test_closed_mid_reply);
	RUN(test_retry_503);
	RUN(test_refused);
	RUN(test_leg_shape);
	RUN(test_far_site);
	RUN(test_identity);
	RUN(test_probe_fails);
	RUN(test_route_shape);
	RUN(test_no_stall);
	RUN(test_parsers);
	RUN(test_http_body_cap);
	stop_server();
	TT_END();
}
