/*
 * roadnet.c -- reading a road line shapefile into a compressed graph
 * (roadnet.h). The records come through cl_shp_read_lines (io/shp.c, the
 * only file that includes shapefil.h).
 *
 * ROAD CLASSES AND DEFAULT SPEEDS (km/h, where no usable maxspeed is
 * tagged; a *_link road is driven like its road)
 *
 *   motorway 90   trunk 70   primary 60   secondary 50   tertiary 40
 *   unclassified 30   residential 25   living_street 10   service 15
 *   track 15 (Geofabrik track_grade1..5 too)   road / unknown 30
 *
 * Not driven: footway, path, steps, pedestrian, cycleway, bridleway,
 * corridor, platform, proposed, construction, abandoned, bus_guideway,
 * raceway, elevator, via_ferrata, features without a highway value, and
 * any value not listed above (bus_stop, rest_area, ...; counted in an
 * info message).
 *
 * oneway: "yes"/"1"/"true" and Geofabrik "F" forward only, "-1"/"reverse"
 * and Geofabrik "T" backward only, anything else both ways.
 * maxspeed: the first number ("50", "50 km/h", "30 mph", "90;30;90");
 * "none", "signals" and other text leave the class default.
 * access, motor_vehicle: a way whose motor_vehicle (or, without one, its
 * access) is no, private, agricultural, forestry, emergency, psv, bus or
 * military is not driven; yes, permissive, destination, delivery,
 * designated, customers and anything else are.
 *
 * COLUMNS. Each of highway, oneway, maxspeed, access and motor_vehicle
 * comes from the column of that name (--road-field KEY=COLUMN names
 * another); when the layer has no such column but has GDAL's other_tags
 * column (the OSM driver's default export: "key"=>"value",... ), the
 * value is read from there. Text is decoded only when a value is needed
 * (io/shp.h, cl_shp_line_value): a value that does not decode is taken as
 * absent and warned about, never a refusal of the layer, and the road
 * names are never decoded at all.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/shp.h"
#include "cunlu/log.h"
#include "cunlu/matrix.h"
#include "dist/roadnet.h"
#include "util/hash.h"

#define COORD_SCALE 1e7       /* vertices equal after rounding to 1e-7 degree */
#define MAX_KMH 200.0         /* a maxspeed above this is taken as a typo */
#define PI 3.14159265358979323846
#define C_N_MAX 9             /* the columns requested (C_N below) */

static const double class_kmh[CL_ROAD_NCLASSES] = {
	[CL_ROAD_MOTORWAY] = 90, [CL_ROAD_TRUNK] = 70, [CL_ROAD_PRIMARY] = 60,
	[CL_ROAD_SECONDARY] = 50, [CL_ROAD_TERTIARY] = 40,
	[CL_ROAD_UNCLASSIFIED] = 30, [CL_ROAD_RESIDENTIAL] = 25,
	[CL_ROAD_LIVING_STREET] = 10, [CL_ROAD_SERVICE] = 15,
	[CL_ROAD_TRACK] = 15, [CL_ROAD_ROAD] = 30,
};

double cl_road_class_kmh(int c)
{
	return c >= 0 && c < CL_ROAD_NCLASSES ? class_kmh[c] : 0;
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* ASCII case-insensitive equality. */
static int same(const char *a, const char *b)
{
	while (*a && lower((unsigned char)*a) == lower((unsigned char)*b)) {
		a++;
		b++;
	}
	return *a == '\0' && *b == '\0';
}

int cl_roadnet_class(const char *h)
{
	char buf[32];
	size_t n;
	int c;

	if (!h)
		return -1;
	n = strlen(h);
	if (n == 0 || n >= sizeof buf)
		return -1;
	for (size_t i = 0; i <= n; i++)
		buf[i] = (char)lower((unsigned char)h[i]);
	if (n > 5 && strcmp(buf + n - 5, "_link") == 0) {
		buf[n - 5] = '\0';
		c = cl_road_class_parse(buf);
		return c >= 0 && c <= CL_ROAD_TERTIARY ? c : -1;
	}
	if (strncmp(buf, "track_grade", 11) == 0)
		return CL_ROAD_TRACK;
	if (strcmp(buf, "unknown") == 0)
		return CL_ROAD_ROAD;
	return cl_road_class_parse(buf);
}

int cl_roadnet_oneway(const char *s)
{
	if (!s)
		return 0;
	if (same(s, "yes") || same(s, "1") || same(s, "true") || same(s, "F"))
		return 1;
	if (same(s, "-1") || same(s, "reverse") || same(s, "T"))
		return -1;
	return 0;
}

double cl_roadnet_maxspeed(const char *s)
{
	double v = 0, scale = 1;
	int digits = 0;
	const char *p;

	if (!s)
		return 0;
	while (*s == ' ')
		s++;
	for (p = s; *p >= '0' && *p <= '9'; p++, digits++)
		v = v * 10 + (*p - '0');
	if (digits == 0 || digits > 4)
		return 0;
	if (*p == '.' || *p == ',') {
		for (p++; *p >= '0' && *p <= '9'; p++) {
			scale /= 10;
			v += (*p - '0') * scale;
		}
	}
	while (*p == ' ')
		p++;
	if (lower((unsigned char)p[0]) == 'm' && lower((unsigned char)p[1]) == 'p' &&
	    lower((unsigned char)p[2]) == 'h')
		v *= 1.609344;
	else if (*p && *p != ';' && *p != '|' &&
		 !(lower((unsigned char)p[0]) == 'k' && lower((unsigned char)p[1]) == 'm'))
		return 0;     /* "5 knots", "5t", ... */
	return v > 0 && v <= MAX_KMH ? v : 0;
}

/* ---------------------------------------------------------------- building */

/* What the reading callback accumulates. */
struct builder {
	const struct cl_roads_opts *o;
	const char *file;
	const int *present;     /* which requested columns exist */
	int decided;            /* columns checked (on the first record) */
	int c_highway;          /* C_HIGHWAY or C_FCLASS */
	int c_motor;            /* C_MOTOR or C_MOTOR10 */
	int from_tags[C_N_MAX]; /* 1: the field is read from other_tags */
	int ignored;            /* records not driven */
	int closed;             /* of which closed by access / motor_vehicle */
	/* vertex hash: slot -> vertex id + 1, 0 empty */
	int *slot;
	size_t nslot;
	int64_t *kx, *ky;
	double *lon, *lat;
	int nverts, capverts;
	/* parts: way, first and end index into pv */
	int *pv;                /* vertex ids of the parts, concatenated */
	long npv, cappv;
	int *part_way, *part_a;
	int nparts, capparts;
	struct cl_roadway *ways;
	int nways, capways;
	int records;
};

static int grow(void **p, int *cap, int need, size_t size)
{
	void *q;
	int n = *cap ? *cap : 256;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	q = realloc(*p, (size_t)n * size);
	if (!q)
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

/* Slot hash of a vertex's integer coordinates (util/hash.h). */
static size_t hash_key(int64_t x, int64_t y)
{
	int64_t xy[2] = { x, y };

	return (size_t)cl_hash_mix(cl_hash_bytes(CL_HASH_INIT, xy, sizeof xy));
}

static int rehash(struct builder *b)
{
	size_t n = b->nslot ? b->nslot * 2 : 4096;
	int *s = calloc(n, sizeof *s);

	if (!s)
		return -1;
	for (int v = 0; v < b->nverts; v++) {
		size_t i = hash_key(b->kx[v], b->ky[v]) & (n - 1);
		while (s[i])
			i = (i + 1) & (n - 1);
		s[i] = v + 1;
	}
	free(b->slot);
	b->slot = s;
	b->nslot = n;
	return 0;
}

/* The vertex at lon/lat, added when new; -1 when out of memory. */
static int vertex(struct builder *b, double lon, double lat)
{
	int64_t x = llround(lon * COORD_SCALE), y = llround(lat * COORD_SCALE);
	size_t i;
	int v;

	if ((size_t)b->nverts * 2 >= b->nslot && rehash(b) != 0)
		return -1;
	for (i = hash_key(x, y) & (b->nslot - 1); b->slot[i]; i = (i + 1) & (b->nslot - 1)) {
		v = b->slot[i] - 1;
		if (b->kx[v] == x && b->ky[v] == y)
			return v;
	}
	if (b->nverts == b->capverts) {
		int cap = b->capverts, c2 = cap, c3 = cap, c4 = cap;
		if (grow((void **)&b->kx, &cap, b->nverts + 1, sizeof *b->kx) ||
		    grow((void **)&b->ky, &c2, b->nverts + 1, sizeof *b->ky) ||
		    grow((void **)&b->lon, &c3, b->nverts + 1, sizeof *b->lon) ||
		    grow((void **)&b->lat, &c4, b->nverts + 1, sizeof *b->lat))
			return -1;
		b->capverts = cap;
	}
	v = b->nverts++;
	b->kx[v] = x;
	b->ky[v] = y;
	b->lon[v] = lon;
	b->lat[v] = lat;
	b->slot[i] = v + 1;
	return v;
}

enum { C_HIGHWAY, C_FCLASS, C_ONEWAY, C_MAXSPEED, C_ACCESS, C_MOTOR, C_OTHER, C_NAME,
       C_MOTOR10, C_N };

/* The OSM keys of the columns, for other_tags. */
static const char *const tag_key[C_N] = {
	[C_HIGHWAY] = "highway", [C_ONEWAY] = "oneway", [C_MAXSPEED] = "maxspeed",
	[C_ACCESS] = "access", [C_MOTOR] = "motor_vehicle",
};

/*
 * Which columns feed the fields: highway, or fclass when there is no
 * highway column; a column named by an option must exist. The others
 * come from other_tags when their column is missing.
 */
static int pick_columns(struct builder *b, struct cl_error *err)
{
	const struct cl_roads_opts *o = b->o;
	const char *opt[C_N] = { o->f_highway, NULL, o->f_oneway, o->f_maxspeed, o->f_access,
				 o->f_motor_vehicle, o->f_other_tags, o->f_name, NULL };
	char from[128] = "";
	size_t k = 0;

	b->decided = 1;
	for (int c = 0; c < C_N; c++)
		if (opt[c] && !b->present[c])
			return cl_fail(err, CL_EINPUT, "%s: no column \"%s\" in the .dbf "
				       "(--road-field)", b->file, opt[c]);
	b->c_highway = b->present[C_HIGHWAY] ? C_HIGHWAY : b->present[C_FCLASS] ? C_FCLASS : -1;
	/* a shapefile keeps 10 characters of a column name: motor_vehi */
	b->c_motor = !b->present[C_MOTOR] && b->present[C_MOTOR10] ? C_MOTOR10 : C_MOTOR;
	for (int c = C_HIGHWAY; c < C_OTHER; c++) {
		b->from_tags[c] = 0;
		if (c == C_FCLASS || b->present[c] || !b->present[C_OTHER] ||
		    (c == C_HIGHWAY && b->c_highway >= 0) ||
		    (c == C_MOTOR && b->c_motor == C_MOTOR10))
			continue;
		b->from_tags[c] = 1;
		if (c == C_HIGHWAY)
			b->c_highway = C_HIGHWAY;
		k += (size_t)snprintf(from + k, sizeof from - k, "%s%s", k ? ", " : "", tag_key[c]);
		if (k >= sizeof from)
			k = sizeof from - 1;
	}
	if (b->c_highway < 0)
		return cl_fail(err, CL_EINPUT, "%s: no \"highway\" (or Geofabrik \"fclass\") "
			       "column in the .dbf; is this a road layer? (--road-field "
			       "highway=COLUMN names another)", b->file);
	if (from[0])
		cl_info("%s: %s read from other_tags (no such columns)", b->file, from);
	return CL_OK;
}

/*
 * The value of key in GDAL's other_tags text ("key"=>"value",...; '\'
 * escapes '"' and '\' inside the quotes), unescaped into buf. 1 when
 * found (cut to size - 1 bytes), 0 when not. A pair cut off by the
 * shapefile's 254-byte limit is not found.
 */
int cl_roadnet_tag(const char *tags, const char *key, char *buf, size_t size)
{
	const char *p = tags;
	size_t klen = strlen(key);

	if (!tags || size == 0)
		return 0;
	for (;;) {
		const char *ks, *ke, *vs;
		size_t o = 0;

		while (*p == ' ' || *p == ',')
			p++;
		if (*p != '"')
			return 0;
		ks = ++p;
		while (*p && *p != '"') {
			if (*p == '\\' && p[1])
				p++;
			p++;
		}
		if (*p != '"')
			return 0;
		ke = p++;
		while (*p == ' ')
			p++;
		if (p[0] != '=' || p[1] != '>')
			return 0;
		p += 2;
		while (*p == ' ')
			p++;
		if (*p != '"')
			return 0;
		vs = ++p;
		while (*p && *p != '"') {
			if (*p == '\\' && p[1])
				p++;
			p++;
		}
		if (*p != '"')
			return 0;          /* cut off: the last pair is incomplete */
		if ((size_t)(ke - ks) == klen && memcmp(ks, key, klen) == 0) {
			for (const char *q = vs; q < p; q++) {
				if (*q == '\\' && q + 1 < p)
					q++;
				if (o + 1 < size)
					buf[o++] = *q;
			}
			buf[o] = '\0';
			return 1;
		}
		p++;
	}
}

/* May a motor vehicle drive a way with these access / motor_vehicle values? */
int cl_roadnet_access_ok(const char *access, const char *motor_vehicle)
{
	static const char *const closed[] = {
		"no", "private", "agricultural", "forestry", "emergency", "psv", "bus",
		"military"
	};
	const char *v = motor_vehicle && *motor_vehicle ? motor_vehicle : access;

	if (!v)
		return 1;
	for (size_t i = 0; i < sizeof closed / sizeof closed[0]; i++)
		if (same(v, closed[i]))
			return 0;
	return 1;
}

/*
 * Field c of the line: its column's text, or its tag in other_tags (into
 * tmp). *v NULL when absent. CL_OK or CL_EINTERNAL (out of memory).
 */
static int field(const struct builder *b, const struct cl_shp_line *ln, int c,
		 char *tmp, size_t size, const char **v, struct cl_error *err)
{
	const char *tags;
	int rc;

	*v = NULL;
	if (!b->from_tags[c])
		return cl_shp_line_value(ln, c, v, err);
	rc = cl_shp_line_value(ln, C_OTHER, &tags, err);
	if (rc == CL_OK && cl_roadnet_tag(tags, tag_key[c], tmp, size))
		*v = tmp;
	return rc;
}

/* The cl_shp_read_lines callback: one record, its parts become ways. */
static int on_line(void *user, const struct cl_shp_line *ln, struct cl_error *err)
{
	struct builder *b = user;
	const char *hw, *ow, *ms, *acc, *mv;
	char t_hw[64], t_ow[32], t_ms[32], t_acc[32], t_mv[32];
	int cls, w, rc;
	double kmh;

	if (!b->decided) {
		rc = pick_columns(b, err);
		if (rc)
			return rc;
	}
	rc = field(b, ln, b->c_highway, t_hw, sizeof t_hw, &hw, err);
	if (rc)
		return rc;
	cls = cl_roadnet_class(hw);
	b->records++;
	if (cls < 0) {
		b->ignored++;
		return CL_OK;
	}
	rc = field(b, ln, C_ACCESS, t_acc, sizeof t_acc, &acc, err);
	if (!rc)
		rc = field(b, ln, b->c_motor, t_mv, sizeof t_mv, &mv, err);
	if (rc)
		return rc;
	if (!cl_roadnet_access_ok(acc, mv)) {
		b->ignored++;
		b->closed++;
		return CL_OK;
	}
	rc = field(b, ln, C_ONEWAY, t_ow, sizeof t_ow, &ow, err);
	if (!rc)
		rc = field(b, ln, C_MAXSPEED, t_ms, sizeof t_ms, &ms, err);
	if (rc)
		return rc;
	if (grow((void **)&b->ways, &b->capways, b->nways + 1, sizeof *b->ways))
		goto nomem;
	w = b->nways++;
	kmh = cl_roadnet_maxspeed(ms);
	b->ways[w].record = ln->record;
	b->ways[w].cls = cls;
	b->ways[w].oneway = cl_roadnet_oneway(ow);
	b->ways[w].kmh = kmh > 0 ? kmh : class_kmh[cls];
	for (int k = 0; k < ln->nparts; k++) {
		long start = b->npv;
		int a = ln->part[2 * k], e = ln->part[2 * k + 1];

		for (int i = a; i < e; i++) {
			int v = vertex(b, ln->x[i], ln->y[i]);
			if (v < 0)
				goto nomem;
			if (b->npv > start && b->pv[b->npv - 1] == v)
				continue;      /* repeated vertex */
			if (b->npv == b->cappv) {
				long n = b->cappv ? b->cappv * 2 : 4096;
				int *q = realloc(b->pv, (size_t)n * sizeof *q);
				if (!q)
					goto nomem;
				b->pv = q;
				b->cappv = n;
			}
			b->pv[b->npv++] = v;
		}
		if (b->npv - start < 2) {
			b->npv = start;
			continue;
		}
		if (b->nparts + 1 >= b->capparts) {
			int cap = b->capparts, c2 = cap;
			if (grow((void **)&b->part_way, &cap, b->nparts + 2, sizeof(int)) ||
			    grow((void **)&b->part_a, &c2, b->nparts + 2, sizeof(int)))
				goto nomem;
			b->capparts = cap;
		}
		if (b->npv > INT32_MAX / 2)
			return cl_fail(err, CL_EINPUT, "%s: record %d: too many vertices",
				       b->file, ln->record + 1);
		b->part_way[b->nparts] = w;
		b->part_a[b->nparts++] = (int)start;
		b->part_a[b->nparts] = (int)b->npv;
	}
	return CL_OK;
nomem:
	return cl_fail(err, CL_EINTERNAL, "%s: out of memory reading the road network",
		       b->file);
}

static void builder_free(struct builder *b)
{
	free(b->slot);
	free(b->kx);
	free(b->ky);
	free(b->lon);
	free(b->lat);
	free(b->pv);
	free(b->part_way);
	free(b->part_a);
	free(b->ways);
}

/* Free a network; accepts NULL. */
void cl_roadnet_destroy(struct cl_roadnet *rn)
{
	if (!rn)
		return;
	free(rn->lon);
	free(rn->lat);
	free(rn->ways);
	free(rn->node_vert);
	free(rn->edges);
	free(rn->vert);
	free(rn->cum_m);
	free(rn->arc_start);
	free(rn->arcs);
	free(rn);
}

/*
 * The edges: each part cut at its nodes (node[v]: the node of vertex v,
 * -1 for a plain vertex), with the vertices and their distances from the
 * edge's start. rn->edges, vert, cum_m are sized for the worst case.
 */
static void make_edges(const struct builder *b, const int *node, struct cl_roadnet *rn)
{
	long nv = 0;
	int ne = 0;

	for (int p = 0; p < b->nparts; p++) {
		int a = b->part_a[p], e = b->part_a[p + 1];
		int i = a;

		while (i + 1 < e) {
			struct cl_roadedge *ed = &rn->edges[ne];
			ed->from = node[b->pv[i]];
			ed->way = b->part_way[p];
			ed->v0 = (int)nv;
			rn->vert[nv] = b->pv[i];
			rn->cum_m[nv++] = 0;
			do {
				int u = b->pv[i], w = b->pv[i + 1];
				rn->vert[nv] = w;
				rn->cum_m[nv] = rn->cum_m[nv - 1] +
					cl_haversine_m(b->lon[u], b->lat[u], b->lon[w], b->lat[w]);
				nv++;
				i++;
			} while (node[b->pv[i]] < 0);
			ed->to = node[b->pv[i]];
			ed->nv = (int)(nv - ed->v0);
			ed->len_m = rn->cum_m[nv - 1];
			rn->nsegs += ed->nv - 1;
			ne++;
		}
	}
	rn->nedges = ne;
}

/*
 * The arcs, grouped by the node they leave (arc_start, counting sort):
 * one per direction a way's oneway allows. cursor has room for nnodes.
 */
static int make_arcs(const struct builder *b, struct cl_roadnet *rn, int *cursor)
{
	int ne = rn->nedges, na = 0;

	rn->arc_start = calloc((size_t)rn->nnodes + 2, sizeof *rn->arc_start);
	rn->arcs = malloc(((size_t)ne * 2 + 1) * sizeof *rn->arcs);
	if (!rn->arc_start || !rn->arcs)
		return CL_EINTERNAL;
	for (int e = 0; e < ne; e++) {
		int ow = b->ways[rn->edges[e].way].oneway;
		if (ow != -1)
			rn->arc_start[rn->edges[e].from + 1]++;
		if (ow != 1)
			rn->arc_start[rn->edges[e].to + 1]++;
	}
	for (int n = 0; n < rn->nnodes; n++)
		rn->arc_start[n + 1] += rn->arc_start[n];
	for (int n = 0; n < rn->nnodes; n++)
		cursor[n] = rn->arc_start[n];
	for (int e = 0; e < ne; e++) {
		const struct cl_roadedge *ed = &rn->edges[e];
		int ow = b->ways[ed->way].oneway;
		if (ow != -1)
			rn->arcs[cursor[ed->from]++] = (struct cl_roadarc){ ed->to, e, 1 };
		if (ow != 1)
			rn->arcs[cursor[ed->to]++] = (struct cl_roadarc){ ed->from, e, 0 };
		na += (ow != -1) + (ow != 1);
	}
	rn->narcs = na;
	return CL_OK;
}

/* The centre of the vertices' bounding box and the local projection. */
static void set_projection(const struct builder *b, struct cl_roadnet *rn)
{
	double lo0 = 1e9, lo1 = -1e9, la0 = 1e9, la1 = -1e9;

	for (int v = 0; v < b->nverts; v++) {
		if (b->lon[v] < lo0) lo0 = b->lon[v];
		if (b->lon[v] > lo1) lo1 = b->lon[v];
		if (b->lat[v] < la0) la0 = b->lat[v];
		if (b->lat[v] > la1) la1 = b->lat[v];
	}
	rn->clon = (lo0 + lo1) / 2;
	rn->clat = (la0 + la1) / 2;
	rn->ky = 6371008.8 * PI / 180.0;
	rn->kx = rn->ky * cos(rn->clat * PI / 180.0);
}

/*
 * Nodes, edges and arcs from the parts: a vertex is a node when a part
 * starts or ends there or when it has other than two segment ends.
 * CL_OK or CL_EINTERNAL (out of memory; the caller reports it).
 */
static int build_graph(struct builder *b, struct cl_roadnet *rn)
{
	int *deg = NULL, *node = NULL, rc = CL_EINTERNAL;

	deg = calloc((size_t)b->nverts + 1, sizeof *deg);
	node = malloc(((size_t)b->nverts + 1) * sizeof *node);
	if (!deg || !node)
		goto cleanup;
	for (int p = 0; p < b->nparts; p++) {
		int a = b->part_a[p], e = b->part_a[p + 1];
		for (int i = a; i < e; i++)
			deg[b->pv[i]] += (i > a) + (i + 1 < e);
		deg[b->pv[a]] += 100;      /* part ends are always nodes */
		deg[b->pv[e - 1]] += 100;
	}
	rn->nnodes = 0;
	for (int v = 0; v < b->nverts; v++)
		node[v] = deg[v] != 2 && deg[v] != 0 ? rn->nnodes++ : -1;
	rn->node_vert = malloc(((size_t)rn->nnodes + 1) * sizeof *rn->node_vert);
	/* an edge per run between nodes: at most one per segment */
	rn->edges = malloc(((size_t)b->npv + 1) * sizeof *rn->edges);
	rn->vert = malloc(((size_t)b->npv * 2 + 1) * sizeof *rn->vert);
	rn->cum_m = malloc(((size_t)b->npv * 2 + 1) * sizeof *rn->cum_m);
	if (!rn->node_vert || !rn->edges || !rn->vert || !rn->cum_m)
		goto cleanup;
	for (int v = 0; v < b->nverts; v++)
		if (node[v] >= 0)
			rn->node_vert[node[v]] = v;
	make_edges(b, node, rn);
	rc = make_arcs(b, rn, deg);       /* deg reused as the cursors */
	if (rc == CL_OK)
		set_projection(b, rn);
cleanup:
	free(deg);
	free(node);
	return rc;
}

int cl_roadnet_read(const struct cl_roads_opts *o, struct cl_roadnet **out,
		    struct cl_error *err)
{
	const char *cols[C_N];
	int present[C_N] = { 0 };
	struct builder b;
	struct cl_roadnet *rn = NULL;
	int rc;

	*out = NULL;
	memset(&b, 0, sizeof b);
	b.o = o;
	b.file = o->path;
	b.present = present;
	cols[C_HIGHWAY] = o->f_highway ? o->f_highway : "highway";
	cols[C_FCLASS] = o->f_highway ? NULL : "fclass";
	cols[C_ONEWAY] = o->f_oneway ? o->f_oneway : "oneway";
	cols[C_MAXSPEED] = o->f_maxspeed ? o->f_maxspeed : "maxspeed";
	cols[C_ACCESS] = o->f_access ? o->f_access : "access";
	cols[C_MOTOR] = o->f_motor_vehicle ? o->f_motor_vehicle : "motor_vehicle";
	cols[C_OTHER] = o->f_other_tags ? o->f_other_tags : "other_tags";
	cols[C_NAME] = o->f_name ? o->f_name : "name";   /* checked, never read */
	cols[C_MOTOR10] = o->f_motor_vehicle ? NULL : "motor_vehi";
	b.c_highway = -1;
	rc = cl_shp_read_lines(o->path, cols, C_N, present, on_line, &b, err);
	if (rc)
		goto cleanup;
	if (b.nparts == 0) {
		rc = cl_fail(err, CL_EINPUT, "%s: no drivable roads among %d line record(s) "
			     "(footway, path, steps, ... and lines without a highway value "
			     "are not driven)", o->path, b.records);
		goto cleanup;
	}
	if (b.ignored)
		cl_info("%s: %d of %d records are not driven (footways, paths, ...)",
			o->path, b.ignored, b.records);
	if (b.closed)
		cl_info("%s: %d records closed to motor vehicles (access, motor_vehicle)",
			o->path, b.closed);
	rn = calloc(1, sizeof *rn);
	if (!rn || build_graph(&b, rn) != CL_OK) {
		rc = cl_oom(err, "building the road graph of %s", o->path);
		goto cleanup;
	}
	rn->records = b.records;
	rn->nverts = b.nverts;
	rn->lon = b.lon;
	rn->lat = b.lat;
	rn->nways = b.nways;
	rn->ways = b.ways;
	b.lon = b.lat = NULL;
	b.ways = NULL;
	*out = rn;
	rn = NULL;
	cl_info("%s: %d ways, %d junctions, %d edges, %d segments", o->path,
		(*out)->nways, (*out)->nnodes, (*out)->nedges, (*out)->nsegs);
cleanup:
	builder_free(&b);
	cl_roadnet_destroy(rn);
	return rc;
}
