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
#include "cunlu/matrix.h"

#define NS 13
#define NULL_SITE 5

static char base_url[64];
static pid_t server = -1;
static char tmpdir[] = "/tmp/cunlu_osrm_XXXXXX";

static struct cl_site sites[NS];
static struct cl_vtype types[2];
static struct cl_instance inst;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Start the fake server; base_url gets its address. 0 on success. */
static int start_server(void)
{
	char portfile[128], nullc[64];
	double t0 = now_s();

	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(portfile, sizeof portfile, "%s/port", tmpdir);
	snprintf(nullc, sizeof nullc, "%.6f,%.6f", sites[NULL_SITE].lon, sites[NULL_SITE].lat);
	server = fork();
	if (server < 0)
		return -1;
	if (server == 0) {
		execlp("python3", "python3", "tests/tools/fake_osrm.py", "--port-file", portfile,
		       "--null-coord", nullc, "--lifetime", "60", "--slow-seconds", "3",
		       (char *)NULL);
		_exit(127);
	}
	while (now_s() - t0 < 15) {
		FILE *f = fopen(portfile, "r");
		if (f) {
			long port = 0;
			int ok = fscanf(f, "%ld", &port) == 1 && port > 0 && port < 65536;
			fclose(f);
			if (ok) {
				snprintf(base_url, sizeof base_url, "http://127.0.0.1:%ld", port);
				return 0;
			}
		}
		nanosleep(&(struct timespec){ .tv_sec = 0, .tv_nsec = 20000000 }, NULL);
	}
	return -1;
}

static void stop_server(void)
{
	char path[128];

	if (server > 0) {
		kill(server, SIGTERM);
		waitpid(server, NULL, 0);
	}
	snprintf(path, sizeof path, "%s/port", tmpdir);
	unlink(path);
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
	types[1].name = "etricycle";
	types[1].speed_kmh = 18;
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
	*rc = cl_router_osrm(o, &r, err);
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

static void test_router_setup(void)
{
	struct cl_osrm_opts o = opts("driving");
	struct cl_router r;
	struct cl_error err;
	char url[80], key[120];

	snprintf(url, sizeof url, "%s/", base_url);
	o.url = url;
	memset(&r, 0, sizeof r);
	CHECK_INT(cl_router_osrm(&o, &r, &err), CL_OK);
	snprintf(key, sizeof key, "osrm:%s:driving", base_url);
	CHECK_STR(r.source_key, key);
	CHECK_STR(r.name, "osrm");
	CHECK(r.snap_m == NULL);   /* not reported for OSRM (cache-independent outputs) */
	cl_router_destroy(&r);

	o.url = "ftp://example.org";
	CHECK_INT(cl_router_osrm(&o, &r, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "ftp://example.org");
	o.url = "http://";
	CHECK_INT(cl_router_osrm(&o, &r, &err), CL_EINPUT);
	o.url = "http://host:5000/?x=1";
	CHECK_INT(cl_router_osrm(&o, &r, &err), CL_EINPUT);
	o.url = base_url;
	o.profile = "car/../x";
	CHECK_INT(cl_router_osrm(&o, &r, &err), CL_EINPUT);
	CHECK_HAS(err.msg, "car/../x");
}

/* The fake's formula: great circle x 1.25 at 10 m/s. */
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
			double d = i == j ? 0 : 1.25 * cl_haversine_m(sites[i].lon, sites[i].lat,
								      sites[j].lon, sites[j].lat);
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
 * requests; max_table 6 is refused with OSRM's TooBig.
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
			CHECK_INT(count_of("toobig") - before, 21);
		cl_matrix_destroy(m);
	}
	o.max_table = 6;
	m = matrix_of(&o, &err, &rc);
	CHECK(m == NULL);
	CHECK_INT(rc, CL_EROUTING);
	CHECK_HAS(err.msg, "HTTP 400: TooBig: Too many table coordinates");
	CHECK_HAS(err.msg, base_url);
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
	CHECK_HAS(err.msg, "\"durations\" has 12 rows, expected 13");
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
	CHECK_INT(count_of("flaky2"), 3);

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
	CHECK_INT(cl_router_osrm(&o, &r, &err), CL_OK);
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
	RUN(test_http_body_cap);
	stop_server();
	TT_END();
}
