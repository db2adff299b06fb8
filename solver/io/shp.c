/*
 * io/shp.c -- village service points from an ESRI shapefile (see io/shp.h),
 * and the records of a road line layer (cl_shp_read_lines) or of a no-fly
 * polygon layer (cl_shp_read_polygons).
 *
 * The only file that includes shapefil.h. shapelib decodes the shapes
 * (SHPReadObject), but it is handed only files this reader has already
 * checked: the three members exist, the .shp/.shx/.dbf headers agree with
 * each other and with the file sizes, and every .shx entry lies inside the
 * .shp. So a damaged or hostile layer gives one CL_EINPUT message naming
 * the file, the record and the field, never a crash or an allocation sized
 * by a header field.
 *
 * OUT OF MEMORY. shapelib 1.5.0 (Debian 12's libshp2 1.5.0-3) does not
 * check several of its allocations: SHPOpenLL's calloc of the handle and
 * its 100-byte header buffer, DBFOpenLL's handle and field arrays,
 * DBFReadAttribute's work buffer, and in SHPReadObject the calloc of the
 * SHPObject (shpopen.c line 2316, dereferenced on the next line) and, for
 * points, the four one-double callocs (lines 2741-2744, written by the
 * memcpy of line 2756). A failed allocation there is a SIGSEGV. So this
 * reader opens nothing through shapelib: it builds the SHPInfo handle
 * itself from the .shx it has checked (every allocation checked; the
 * struct is public in shapefil.h and SHPClose frees exactly what is put
 * in it), gives it its own cached SHPObject and switches it to fast-read
 * mode, in which SHPReadObject allocates only through realloc calls whose
 * failure it reports ("Not enough memory ...", taken here as out of
 * memory, CL_EINTERNAL: the record sizes were checked against the file,
 * so it is not a broken file). The .dbf is read by this file directly:
 * a record at a time into its own buffer, after the header checks, with
 * shapelib's rules for column widths and NULL values.
 *
 * shapelib's SAHooks carry no user-data pointer, so its Error hook finds
 * the reader of the current call through a thread-local pointer:
 * concurrent calls from different threads are safe, nested calls on one
 * thread cannot happen (the reader never calls itself).
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <shapefil.h>

#include "io/encoding.h"
#include "io/fields.h"
#include "io/proj.h"
#include "io/shp.h"
#include "io/table.h"
#include "cunlu/log.h"
#include "util/file.h"

#define SHP_HEADER 100          /* .shp / .shx file header, bytes */
#define SHP_MIN_RECORD 12       /* record header + shape type of a null shape */
#define SHX_ENTRY 8             /* offset + length, big-endian 16-bit words */
#define DBF_HEADER 32
#define MAX_RECORDS 10000000    /* far beyond any county; guards allocation */
#define PRJ_MAX 65536           /* larger .prj / .cpg files are refused */
#define CPG_MAX 256

enum member { M_SHP, M_SHX, M_DBF, M_PRJ, M_CPG, M_COUNT };

static const char *const member_ext[M_COUNT] = { "shp", "shx", "dbf", "prj", "cpg" };

/* Values of a field left blank, for the warning at the end. */
struct blanks {
	int count;
	int first[3];                 /* the first records, 0-based */
};

/* Everything one call of the reader holds. */
struct shp_reader {
	char *base;                   /* path without ".shp" */
	char *file[M_COUNT];          /* member files found, NULL if absent */
	char hookmsg[256];            /* first message from shapelib's Error hook */
	int nrec;                     /* records listed by the .shx */
	unsigned *rec_off, *rec_len;  /* per record, from the .shx (bytes) */
	uint64_t shp_size;
	int shp_type;
	int ldid;                     /* .dbf language driver byte */
	SHPHandle shp;                /* built here, see the top of the file */
	/* the .dbf, read here */
	FILE *dbf;
	uint64_t dbf_hlen, dbf_reclen;
	char *recbuf;                 /* the current record (dbf_reclen + 1) */
	int cur;                      /* its number, -1 none */
	char *fieldbuf;               /* one value (widest column + 1) */
	int ncols;
	char **colname;               /* decoded .dbf column names */
	char (*colraw)[XBASE_FLDNAME_LEN_READ + 1];  /* as in the file */
	char *coltype;                /* native dBASE type per column */
	int *coloff, *colwidth;       /* bytes within a record */
	int col[CL_FIELD_NATTR];      /* column of each field, -1 if absent */
	int nkeep;
	int keepcol[CL_KEEP_MAX];     /* column of each kept field */
	int lines;                    /* 1: a line layer (cl_shp_read_lines) */
	int polys;                    /* 1: a polygon layer (cl_shp_read_polygons) */
	const struct cl_fieldmap *fm; /* the caller's field map (borrowed) */
	const char *crs_opt;          /* --crs: the CRS of a layer without .prj */
	struct cl_crs *crs;           /* the layer's CRS to WGS 84; NULL: lon/lat */
	int crs_said;                 /* 1: a .prj or --crs says what the CRS is */
	/* text */
	struct cl_decoder *dec;
	char charset[64];             /* the decoder's iconv name; "" unknown */
	char enc_name[64];            /* declared code page ("GBK"); "" when unknown */
	char enc_from[128];           /* where it was declared, for messages */
	int warned_guess;
	struct cl_decoder *gbk;       /* for the example of a misread (lazily) */
	int misread;                  /* values that look written in another page */
	const char *misread_as;       /* "GBK" or "UTF-8" */
	char misread_example[256];
	/* a village layer's data warnings (cl_shp_read_sites) */
	int warn_defaults, strict;
	struct blanks blank[CL_FIELD_NATTR];
	char label[CL_LABEL_MAX];     /* rec_label()'s result */
	/* a line layer: the requested columns (cl_shp_read_lines) */
	const int *lcols;
	int nlcols;
	int rec;                      /* the record being read */
	char **lvals;                 /* decoded on demand, per requested column */
	unsigned char *ltried;        /* 1: decoded (or failed) for this record */
	int *lbad;                    /* values that did not decode, per column */
	int *lbad_first;              /* the first such record, per column */
};

static _Thread_local struct shp_reader *hook_reader;

/* ---------------------------------------------------------------- small helpers */

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static unsigned le16(const unsigned char *p)
{
	return (unsigned)p[1] << 8 | p[0];
}

/* ---------------------------------------------------------------- shapelib hooks */

static void hook_error(const char *msg)
{
	struct shp_reader *rd = hook_reader;
	size_t n;

	if (!rd || rd->hookmsg[0])
		return;
	snprintf(rd->hookmsg, sizeof rd->hookmsg, "%s", msg);
	n = strlen(rd->hookmsg);
	while (n > 0 && (rd->hookmsg[n - 1] == '\n' || rd->hookmsg[n - 1] == '.'))
		rd->hookmsg[--n] = '\0';
}

static const char *hook_message(const struct shp_reader *rd)
{
	return rd->hookmsg[0] ? rd->hookmsg : "corrupt file (shapelib cannot read it)";
}

/* Did shapelib fail for want of memory? (see the top of the file) */
static int hook_oom(const struct shp_reader *rd)
{
	return strncmp(rd->hookmsg, "Not enough memory", 17) == 0;
}

/* ---------------------------------------------------------------- finding the files */

static char *join(const char *base, const char *ext, int upper)
{
	size_t n = strlen(base);
	char *s = malloc(n + 5);

	if (!s)
		return NULL;
	memcpy(s, base, n);
	s[n] = '.';
	for (int i = 0; i < 3; i++)
		s[n + 1 + i] = upper ? (char)(ext[i] - 'a' + 'A') : ext[i];
	s[n + 4] = '\0';
	return s;
}

static int exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/*
 * Find every member next to path: the case of a given ".shp"/".SHP" is
 * tried first, then the other. A missing .shp, .shx or .dbf is an error
 * naming the file expected.
 */
static int find_members(struct shp_reader *rd, const char *path,
			struct cl_error *err)
{
	size_t len = strlen(path);
	int given = len >= 4 && path[len - 4] == '.' && cl_column_eq(path + len - 3, "shp");
	int upper_first = given && path[len - 3] == 'S';
	char *cand = NULL;

	rd->base = strndup(path, given ? len - 4 : len);
	if (!rd->base)
		return cl_fail(err, CL_EINTERNAL, "out of memory");
	for (int m = 0; m < M_COUNT; m++) {
		if (m == M_SHP && given && exists(path)) {
			rd->file[m] = strdup(path);
			if (!rd->file[m])
				return cl_fail(err, CL_EINTERNAL, "out of memory");
			continue;
		}
		for (int k = 0; k < 2 && !rd->file[m]; k++) {
			cand = join(rd->base, member_ext[m], k == 0 ? upper_first : !upper_first);
			if (!cand)
				return cl_fail(err, CL_EINTERNAL, "out of memory");
			if (exists(cand)) {
				rd->file[m] = cand;
			} else {
				free(cand);
			}
		}
		if (!rd->file[m] && m <= M_DBF) {
			char *want = m == M_SHP && given ? strdup(path)
						      : join(rd->base, member_ext[m], upper_first);
			int rc;

			if (!want)
				return cl_fail(err, CL_EINTERNAL, "out of memory");
			if (m == M_SHP)
				rc = cl_fail(err, CL_EINPUT, "%s: no such file", want);
			else
				rc = cl_fail(err, CL_EINPUT,
					     "%s: missing; a shapefile needs its .shp, .shx and "
					     ".dbf side by side", want);
			free(want);
			return rc;
		}
	}
	return CL_OK;
}

/* Open a member for reading; it must be a regular file. */
static int open_member(const struct shp_reader *rd, int m, FILE **fp,
		       uint64_t *size, struct cl_error *err)
{
	struct stat st;

	errno = 0;
	*fp = fopen(rd->file[m], "rb");
	if (!*fp && errno == ENOMEM)
		return cl_oom(err, "opening %s", rd->file[m]);
	if (!*fp)
		return cl_fail(err, CL_EINPUT, "%s: cannot open: %s", rd->file[m], strerror(errno));
	if (fstat(fileno(*fp), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(*fp);
		*fp = NULL;
		return cl_fail(err, CL_EINPUT, "%s: not a regular file", rd->file[m]);
	}
	*size = (uint64_t)st.st_size;
	return CL_OK;
}

/* A small text member (.prj, .cpg) as a new string: util/file.h's reader,
 * refusing a file larger than max. */
static int slurp(const struct shp_reader *rd, int m, size_t max, char **out,
		 struct cl_error *err)
{
	size_t len;

	return cl_file_read(rd->file[m], NULL, max, out, &len, err);
}

/* ---------------------------------------------------------------- .prj */

/* Find keyword kw followed by '[' or '(' (case-insensitive); NULL if absent. */
static const char *wkt_find(const char *wkt, const char *kw)
{
	size_t n = strlen(kw);

	for (const char *p = wkt; *p; p++) {
		size_t i = 0;
		const char *q;

		while (i < n && lower((unsigned char)p[i]) == lower((unsigned char)kw[i]))
			i++;
		if (i < n)
			continue;
		q = p + n;
		while (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n')
			q++;
		if (*q == '[' || *q == '(')
			return q + 1;
	}
	return NULL;
}

/* The first quoted string at p (the object's name), as an excerpt. */
static void wkt_name(const char *p, char *buf, size_t size)
{
	const char *q, *e;
	char raw[128];
	size_t n;

	buf[0] = '\0';
	if (!p)
		return;
	q = strchr(p, '"');
	if (!q)
		return;
	e = strchr(q + 1, '"');
	if (!e)
		return;
	n = (size_t)(e - q - 1);
	if (n >= sizeof raw)
		n = sizeof raw - 1;
	memcpy(raw, q + 1, n);
	raw[n] = '\0';
	cl_excerpt(buf, size, raw);
}

/* Does a datum / CRS name denote WGS84 or CGCS2000? */
static int datum_ok(const char *name)
{
	static const char *const good[] = {
		"WGS84", "WGS1984", "CGCS2000", "CHINA2000",
		"CHINAGEODETICCOORDINATESYSTEM2000"
	};
	char key[128];
	size_t k = 0;

	for (const char *p = name; *p && k + 1 < sizeof key; p++) {
		int c = (unsigned char)*p;
		if (c >= 'a' && c <= 'z')
			key[k++] = (char)(c - 'a' + 'A');
		else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
			key[k++] = (char)c;
	}
	key[k] = '\0';
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		if (strstr(key, good[i]))
			return 1;
	return 0;
}

/*
 * The common case without PROJ: a WKT that is geographic (no projection)
 * on WGS84 or CGCS2000, in degrees from Greenwich. PROJ would say the
 * same, only slower (it opens its database).
 */
static int plain_lonlat(const char *wkt)
{
	const char *g = wkt_find(wkt, "GEOGCS");
	char name[128], datum[128];

	if (!g || wkt_find(wkt, "PROJCS") || wkt_find(wkt, "PROJCRS") ||
	    wkt_find(wkt, "TOWGS84") || wkt_find(wkt, "VERTCS") || wkt_find(wkt, "COMPD_CS"))
		return 0;
	wkt_name(g, name, sizeof name);
	wkt_name(wkt_find(g, "DATUM"), datum, sizeof datum);
	if (!datum_ok(name) && !datum_ok(datum))
		return 0;
	if (!strstr(wkt, "PRIMEM[\"Greenwich\",0") ||
	    (!strstr(wkt, "UNIT[\"Degree\",0.0174532925199433") &&
	     !strstr(wkt, "UNIT[\"degree\",0.0174532925199433")))
		return 0;
	return 1;
}

/*
 * The layer must be in geographic lon/lat: a projected .prj is an error,
 * a datum other than WGS84 / CGCS2000 a warning, no .prj a note.
 */
static int check_prj(struct shp_reader *rd, struct cl_error *err)
{
	static const char *const projected[] = { "PROJCS", "PROJCRS", "PROJECTEDCRS" };
	static const char *const geographic[] = {
		"GEOGCS", "GEOGCRS", "GEODCRS", "GEOGRAPHICCRS", "GEODETICCRS"
	};
	char *wkt = NULL, name[128];
	const char *p = NULL, *s;
	struct cl_error why;
	int rc;

	if (rd->file[M_PRJ]) {
		rc = slurp(rd, M_PRJ, PRJ_MAX, &wkt, err);
		if (rc)
			return rc;
		for (s = wkt; *s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'; s++)
			;
		if (!*s) {
			cl_info("%s: empty", rd->file[M_PRJ]);
			free(wkt);
			wkt = NULL;
		}
	}
	if (!wkt) {
		/* No coordinate system in the layer: --crs, or lon/lat. */
		if (rd->crs_opt) {
			char what[128];

			rd->crs_said = 1;
			snprintf(what, sizeof what, "--crs %s", rd->crs_opt);
			return cl_crs_create(rd->crs_opt, what, &rd->crs, err);
		}
		cl_info("%s: no .prj file; coordinates are taken as WGS84 longitude/latitude",
			rd->file[M_SHP]);
		return CL_OK;
	}
	if (rd->crs_opt)
		cl_warn("%s: --crs %s is not used: the layer's .prj says its coordinate "
			"system", rd->file[M_PRJ], rd->crs_opt);
	rd->crs_said = 1;
	if (plain_lonlat(wkt)) {
		free(wkt);
		return CL_OK;
	}
	cl_error_clear(&why);
	if (cl_crs_is_wkt(wkt))
		rc = cl_crs_create(wkt, rd->file[M_PRJ], &rd->crs, &why);
	else
		rc = cl_fail(&why, CL_EINPUT, "not WKT");
	if (rc != CL_EINPUT) {
		if (rc)
			*err = why;
		free(wkt);
		return rc;
	}
	/* PROJ cannot read it: what does the text say? */
	rc = CL_OK;
	for (size_t i = 0; i < sizeof projected / sizeof projected[0] && !p; i++)
		p = wkt_find(wkt, projected[i]);
	if (p) {
		wkt_name(p, name, sizeof name);
		rc = cl_fail(err, CL_EINPUT, "%s: projected coordinate system \"%s\" that PROJ "
			     "cannot read (%s); give the layer a .prj PROJ reads, or name its "
			     "coordinate system with --crs EPSG:NNNN after removing the .prj",
			     rd->file[M_PRJ], name, why.msg);
		goto done;
	}
	for (size_t i = 0; i < sizeof geographic / sizeof geographic[0] && !p; i++)
		p = wkt_find(wkt, geographic[i]);
	rd->crs_said = 0;
	rc = cl_fields_warn(rd->strict, err,
			    "%s: coordinate system not recognised (%s); coordinates are "
			    "taken as WGS84 longitude/latitude", rd->file[M_PRJ], why.msg);
done:
	free(wkt);
	return rc;
}

/* ---------------------------------------------------------------- .shp / .shx / .dbf headers */

static const char *shape_type_name(int t)
{
	switch (t) {
	case SHPT_NULL: return "Null";
	case SHPT_POINT: return "Point";
	case SHPT_ARC: return "PolyLine";
	case SHPT_POLYGON: return "Polygon";
	case SHPT_MULTIPOINT: return "MultiPoint";
	case SHPT_POINTZ: return "PointZ";
	case SHPT_ARCZ: return "PolyLineZ";
	case SHPT_POLYGONZ: return "PolygonZ";
	case SHPT_MULTIPOINTZ: return "MultiPointZ";
	case SHPT_POINTM: return "PointM";
	case SHPT_ARCM: return "PolyLineM";
	case SHPT_POLYGONM: return "PolygonM";
	case SHPT_MULTIPOINTM: return "MultiPointM";
	case SHPT_MULTIPATCH: return "MultiPatch";
	default: return NULL;
	}
}

static int is_point_type(int t)
{
	return t == SHPT_POINT || t == SHPT_POINTZ || t == SHPT_POINTM ||
	       t == SHPT_MULTIPOINT || t == SHPT_MULTIPOINTZ || t == SHPT_MULTIPOINTM;
}

static int is_line_type(int t)
{
	return t == SHPT_ARC || t == SHPT_ARCZ || t == SHPT_ARCM;
}

static int is_polygon_type(int t)
{
	return t == SHPT_POLYGON || t == SHPT_POLYGONZ || t == SHPT_POLYGONM;
}

/* The layer type this reader wants: points, lines for roads, polygons
 * for no-fly zones. */
static int wanted_type(const struct shp_reader *rd, int t)
{
	return rd->polys ? is_polygon_type(t) : rd->lines ? is_line_type(t)
							  : is_point_type(t);
}

/* Read the 100-byte header of a .shp or .shx; declared length in bytes. */
static int read_shp_header(const struct shp_reader *rd, int m, FILE *fp,
			   uint64_t size, uint64_t *declared, int *type,
			   struct cl_error *err)
{
	unsigned char h[SHP_HEADER];

	if (size < SHP_HEADER || fread(h, 1, SHP_HEADER, fp) != SHP_HEADER)
		return cl_fail(err, CL_EINPUT,
			       "%s: truncated: %llu bytes, less than the 100-byte header",
			       rd->file[m], (unsigned long long)size);
	if (be32(h) != 9994)
		return cl_fail(err, CL_EINPUT, "%s: not a shapefile (bad file code)",
			       rd->file[m]);
	*declared = (uint64_t)be32(h + 24) * 2;
	*type = (int)le32(h + 32);
	if (*declared < SHP_HEADER)
		return cl_fail(err, CL_EINPUT, "%s: corrupt header (file length %llu bytes)",
			       rd->file[m], (unsigned long long)*declared);
	return CL_OK;
}

/* The layer type of the .shp: known, and what this reader wants (lines
 * for roads, points for villages). */
static int check_type(const struct shp_reader *rd, int type, struct cl_error *err)
{
	const char *tname = shape_type_name(type);

	if (!tname)
		return cl_fail(err, CL_EINPUT, "%s: unknown shape type %d; not a valid shapefile",
			       rd->file[M_SHP], type);
	if (rd->lines && !is_line_type(type))
		return cl_fail(err, CL_EINPUT, "%s: is a %s layer; roads must be a line "
			       "(PolyLine) layer", rd->file[M_SHP], tname);
	if (rd->polys && !is_polygon_type(type))
		return cl_fail(err, CL_EINPUT, "%s: is a %s layer; no-fly zones must be a "
			       "Polygon layer", rd->file[M_SHP], tname);
	if (!wanted_type(rd, type))
		return cl_fail(err, CL_EINPUT, "%s: is a %s layer%s; village service points "
			       "must be a Point layer", rd->file[M_SHP], tname,
			       type == SHPT_ARC || type == SHPT_ARCZ || type == SHPT_ARCM ?
			       " (lines)" : "");
	return CL_OK;
}

/* The number of records the .shx lists (*n): its declared length fits the
 * file, is whole entries, and lists 1 to MAX_RECORDS records. */
static int count_records(const struct shp_reader *rd, uint64_t shx_decl,
			 uint64_t shx_size, uint64_t *n, struct cl_error *err)
{
	if (shx_decl > shx_size)
		return cl_fail(err, CL_EINPUT, "%s: truncated: the header says %llu bytes, "
			       "the file has %llu", rd->file[M_SHX],
			       (unsigned long long)shx_decl, (unsigned long long)shx_size);
	if ((shx_decl - SHP_HEADER) % SHX_ENTRY != 0)
		return cl_fail(err, CL_EINPUT, "%s: corrupt: %llu bytes of index is not a "
			       "whole number of 8-byte entries", rd->file[M_SHX],
			       (unsigned long long)(shx_decl - SHP_HEADER));
	*n = (shx_decl - SHP_HEADER) / SHX_ENTRY;
	if (*n == 0)
		return cl_fail(err, CL_EINPUT, "%s: no features (the layer is empty)",
			       rd->file[M_SHP]);
	if (*n > MAX_RECORDS)
		return cl_fail(err, CL_EINPUT, "%s: lists %llu records, more than %d; "
			       "not a village layer", rd->file[M_SHX],
			       (unsigned long long)*n, MAX_RECORDS);
	return CL_OK;
}

/* Every one of the n index entries points at a record inside the .shp
 * (shp_size bytes), after its header; kept in rd->rec_off / rec_len for
 * the handle of open_records (n is bounded by the .shx's size). */
static int check_entries(struct shp_reader *rd, FILE *shx, uint64_t n,
			 uint64_t shp_size, struct cl_error *err)
{
	rd->rec_off = malloc(sizeof *rd->rec_off * (size_t)n);
	rd->rec_len = malloc(sizeof *rd->rec_len * (size_t)n);
	if (!rd->rec_off || !rd->rec_len)
		return cl_oom(err, "reading %s", rd->file[M_SHX]);
	for (uint64_t i = 0; i < n; i++) {
		unsigned char e[SHX_ENTRY];
		uint64_t off, len;

		if (fread(e, 1, SHX_ENTRY, shx) != SHX_ENTRY)
			return cl_fail(err, CL_EINPUT, "%s: record %llu: read error",
				       rd->file[M_SHX], (unsigned long long)i + 1);
		off = (uint64_t)be32(e) * 2;
		len = (uint64_t)be32(e + 4) * 2;
		if (off < SHP_HEADER)
			return cl_fail(err, CL_EINPUT, "%s: record %llu: offset %llu points into "
				       "the .shp header; the index is corrupt", rd->file[M_SHX],
				       (unsigned long long)i + 1, (unsigned long long)off);
		if (off + 8 + len > shp_size)
			return cl_fail(err, CL_EINPUT, "%s: record %llu: truncated: the record "
				       "(bytes %llu to %llu) runs past the end of the file "
				       "(%llu bytes)", rd->file[M_SHP], (unsigned long long)i + 1,
				       (unsigned long long)off, (unsigned long long)(off + 8 + len),
				       (unsigned long long)shp_size);
		/* shapelib reads len + 8 bytes into an int-sized buffer */
		if (len > (uint64_t)INT_MAX / 2 || off > (uint64_t)INT_MAX)
			return cl_fail(err, CL_EINPUT, "%s: record %llu: %llu bytes at %llu; not "
				       "a village or road record", rd->file[M_SHP],
				       (unsigned long long)i + 1, (unsigned long long)len,
				       (unsigned long long)off);
		rd->rec_off[i] = (unsigned)off;
		rd->rec_len[i] = (unsigned)len;
	}
	return CL_OK;
}

/*
 * Check the .shp and .shx against each other and the file sizes: layer
 * type, record count, every record inside the .shp. Sets rd->nrec.
 */
static int check_shp(struct shp_reader *rd, struct cl_error *err)
{
	FILE *shp = NULL, *shx = NULL;
	uint64_t shp_size = 0, shx_size = 0, shp_decl = 0, shx_decl = 0, n = 0, room;
	int type = 0, shx_type = 0, rc;

	rc = open_member(rd, M_SHP, &shp, &shp_size, err);
	if (rc == CL_OK)
		rc = open_member(rd, M_SHX, &shx, &shx_size, err);
	if (rc == CL_OK)
		rc = read_shp_header(rd, M_SHP, shp, shp_size, &shp_decl, &type, err);
	if (rc == CL_OK)
		rc = check_type(rd, type, err);
	if (rc == CL_OK)
		rc = read_shp_header(rd, M_SHX, shx, shx_size, &shx_decl, &shx_type, err);
	if (rc)
		goto done;
	if (shx_type != type) {
		/* shapelib takes the layer type from the .shx: both must agree. */
		rc = cl_fail(err, CL_EINPUT, "%s: shape type %d differs from the %s layer "
			     "type of %s; the files do not belong together", rd->file[M_SHX],
			     shx_type, shape_type_name(type), rd->file[M_SHP]);
		goto done;
	}
	rc = count_records(rd, shx_decl, shx_size, &n, err);
	if (rc == CL_OK)
		rc = check_entries(rd, shx, n, shp_size, err);
	if (rc)
		goto done;
	room = shp_size < SHP_HEADER ? 0 : (shp_size - SHP_HEADER) / SHP_MIN_RECORD;
	if (n > room) {
		rc = cl_fail(err, CL_EINPUT, "%s: lists %llu records but %s has room for "
			     "at most %llu; the files do not belong together",
			     rd->file[M_SHX], (unsigned long long)n, rd->file[M_SHP],
			     (unsigned long long)room);
		goto done;
	}
	if (shp_decl > shp_size) {
		rc = cl_fail(err, CL_EINPUT, "%s: truncated after record %llu: the header "
			     "says %llu bytes, the file has %llu", rd->file[M_SHP],
			     (unsigned long long)n, (unsigned long long)shp_decl,
			     (unsigned long long)shp_size);
		goto done;
	}
	rd->nrec = (int)n;
	rd->shp_size = shp_size;
	rd->shp_type = type;
done:
	if (shp)
		fclose(shp);
	if (shx)
		fclose(shx);
	return rc;
}

/*
 * The field descriptors after the 32-byte .dbf header, kept in rd (raw
 * name, type, offset and width in the record): every column must lie
 * inside the record. The width is byte 16 of a descriptor, as shapelib
 * 1.5 reads it (it does not take byte 17 as a high byte for long text
 * columns); the list ends at a 0x0D byte or the end of the header.
 */
static int read_dbf_columns(struct shp_reader *rd, FILE *fp, uint64_t hlen,
			    uint64_t reclen, struct cl_error *err)
{
	unsigned char d[DBF_HEADER];
	uint64_t end = 1;     /* after the deletion flag */
	uint64_t ndesc = (hlen - DBF_HEADER) / DBF_HEADER;   /* < 2048 */
	char name[XBASE_FLDNAME_LEN_READ + 1], shown[64];
	int widest = 0;

	rd->colraw = calloc((size_t)ndesc + 1, sizeof *rd->colraw);
	rd->coltype = calloc((size_t)ndesc + 1, 1);
	rd->coloff = calloc((size_t)ndesc + 1, sizeof *rd->coloff);
	rd->colwidth = calloc((size_t)ndesc + 1, sizeof *rd->colwidth);
	if (!rd->colraw || !rd->coltype || !rd->coloff || !rd->colwidth)
		return cl_oom(err, "reading %s", rd->file[M_DBF]);
	for (uint64_t i = 0; i < ndesc; i++) {
		if (fread(d, 1, 1, fp) != 1)
			break;
		if (d[0] == 0x0D)
			break;
		if (fread(d + 1, 1, DBF_HEADER - 1, fp) != DBF_HEADER - 1)
			break;
		memcpy(name, d, XBASE_FLDNAME_LEN_READ);
		name[XBASE_FLDNAME_LEN_READ] = '\0';
		if (end + d[16] > reclen) {
			cl_excerpt(shown, sizeof shown, name);
			if (strspn(shown, " ") == strlen(shown))
				snprintf(shown, sizeof shown, "unnamed");
			return cl_fail(err, CL_EINPUT, "%s: column %llu (%s) extends past the "
				       "%llu-byte record; the header is corrupt", rd->file[M_DBF],
				       (unsigned long long)i + 1, shown, (unsigned long long)reclen);
		}
		memcpy(rd->colraw[rd->ncols], name, sizeof name);
		rd->coltype[rd->ncols] = (char)d[11];
		rd->coloff[rd->ncols] = (int)end;
		rd->colwidth[rd->ncols] = d[16];
		if (d[16] > widest)
			widest = d[16];
		rd->ncols++;
		end += d[16];
	}
	rd->recbuf = malloc((size_t)reclen + 1);
	rd->fieldbuf = malloc((size_t)widest + 1);
	if (!rd->recbuf || !rd->fieldbuf)
		return cl_oom(err, "reading %s", rd->file[M_DBF]);
	rd->cur = -1;
	return CL_OK;
}

/*
 * The .dbf header: record count matching the .shx, all records present,
 * the columns. The file stays open in rd->dbf for the records.
 */
static int check_dbf(struct shp_reader *rd, struct cl_error *err)
{
	FILE *fp = NULL;
	unsigned char h[DBF_HEADER];
	uint64_t size, nrec, hlen, reclen;
	int rc;

	rc = open_member(rd, M_DBF, &fp, &size, err);
	if (rc)
		return rc;
	if (size < DBF_HEADER || fread(h, 1, DBF_HEADER, fp) != DBF_HEADER) {
		rc = cl_fail(err, CL_EINPUT, "%s: not a dBASE file (%llu bytes)",
			     rd->file[M_DBF], (unsigned long long)size);
		goto done;
	}
	nrec = le32(h + 4);
	hlen = le16(h + 8);
	reclen = le16(h + 10);
	rd->ldid = h[29];
	if (hlen < DBF_HEADER + 1 || hlen > size || reclen == 0) {
		rc = cl_fail(err, CL_EINPUT, "%s: corrupt header (header length %llu, record "
			     "length %llu, file %llu bytes)", rd->file[M_DBF],
			     (unsigned long long)hlen, (unsigned long long)reclen,
			     (unsigned long long)size);
		goto done;
	}
	if (nrec != (uint64_t)rd->nrec) {
		rc = cl_fail(err, CL_EINPUT, "%s: has %llu records but %s lists %d shapes; "
			     "the files do not belong together", rd->file[M_DBF],
			     (unsigned long long)nrec, rd->file[M_SHX], rd->nrec);
		goto done;
	}
	rc = read_dbf_columns(rd, fp, hlen, reclen, err);
	if (rc)
		goto done;
	if (hlen + nrec * reclen > size) {
		rc = cl_fail(err, CL_EINPUT, "%s: record %llu: truncated (the file ends at "
			     "byte %llu)", rd->file[M_DBF],
			     (unsigned long long)((size - hlen) / reclen + 1),
			     (unsigned long long)size);
		goto done;
	}
	rd->dbf_hlen = hlen;
	rd->dbf_reclen = reclen;
	rd->dbf = fp;
	fp = NULL;
done:
	if (fp)
		fclose(fp);
	return rc;
}

/*
 * Record rec of the .dbf into rd->recbuf (unless it is there already).
 * The header checks guarantee it lies inside the file; a failing read is
 * an input error naming the record.
 */
static int load_record(struct shp_reader *rd, int rec, struct cl_error *err)
{
	if (rd->cur == rec)
		return CL_OK;
	rd->cur = -1;
	if (fseeko(rd->dbf, (off_t)(rd->dbf_hlen + (uint64_t)rec * rd->dbf_reclen),
		   SEEK_SET) != 0 ||
	    fread(rd->recbuf, 1, (size_t)rd->dbf_reclen, rd->dbf) != rd->dbf_reclen)
		return cl_fail(err, CL_EINPUT, "%s: record %d: read error", rd->file[M_DBF],
			       rec + 1);
	rd->recbuf[rd->dbf_reclen] = '\0';
	rd->cur = rec;
	return CL_OK;
}

/* Is record rec marked deleted ('*')? */
static int record_deleted(struct shp_reader *rd, int rec, int *deleted,
			  struct cl_error *err)
{
	int rc = load_record(rd, rec, err);

	*deleted = rc == CL_OK && rd->recbuf[0] == '*';
	return rc;
}

/*
 * The raw text of column col in the loaded record, in rd->fieldbuf
 * (NUL-terminated at the column's width or an embedded NUL), or NULL when
 * the value is NULL by shapelib's rules: numbers all blank or starting
 * with '*', dates "00000000", logicals '?', other types empty.
 */
static const char *raw_value(struct shp_reader *rd, int col)
{
	char *v = rd->fieldbuf, t = rd->coltype[col];
	int w = rd->colwidth[col];

	memcpy(v, rd->recbuf + rd->coloff[col], (size_t)w);
	v[w] = '\0';
	switch (t) {
	case 'N':
	case 'F':
		return v[0] == '*' || strspn(v, " ") == strlen(v) ? NULL : v;
	case 'D':
		return strncmp(v, "00000000", 8) == 0 ? NULL : v;
	case 'L':
		return v[0] == '?' ? NULL : v;
	default:
		return v[0] == '\0' ? NULL : v;
	}
}

/* ---------------------------------------------------------------- text encoding */

/* Pick the decoder: .cpg first, then the language driver, else unknown. */
static int setup_decoder(struct shp_reader *rd, struct cl_error *err)
{
	char charset[64], label[64];
	const char *cs = NULL;
	char *cpg = NULL;
	struct cl_error scratch;
	int rc;

	if (rd->file[M_CPG]) {
		rc = slurp(rd, M_CPG, CPG_MAX, &cpg, err);
		if (rc)
			return rc;
		cpg[strcspn(cpg, "\r\n")] = '\0';
		cl_excerpt(label, sizeof label, cpg);
		if (strspn(cpg, " \t") == strlen(cpg)) {
			free(cpg);
			cpg = NULL;     /* a blank .cpg says nothing: try the LDID */
		}
	}
	if (cpg) {
		if (cl_codepage_from_label(cpg, charset, sizeof charset)) {
			cs = charset;
			snprintf(rd->enc_name, sizeof rd->enc_name, "%s", label);
			snprintf(rd->enc_from, sizeof rd->enc_from, "%s", rd->file[M_CPG]);
		} else {
			rc = cl_fields_warn(rd->strict, err,
					    "%s: code page \"%s\" not recognised; text "
					    "that is not UTF-8 is read as GB18030 (GBK)",
					    rd->file[M_CPG], label);
		}
		free(cpg);
		if (rc)
			return rc;
	} else if (rd->ldid != 0) {
		cs = cl_codepage_from_ldid(rd->ldid);
		if (cs) {
			snprintf(rd->enc_name, sizeof rd->enc_name, "%s", cs);
			snprintf(rd->enc_from, sizeof rd->enc_from, "language driver 0x%02X",
				 (unsigned)rd->ldid);
		} else {
			cl_info("%s: language driver 0x%02X not recognised; text that is not "
				"UTF-8 is read as GB18030 (GBK)", rd->file[M_DBF],
				(unsigned)rd->ldid);
		}
	}
	rc = cl_decoder_create(cs, &rd->dec, &scratch);
	if (rc == CL_EINPUT && cs) {
		/* Listed but missing from this system's iconv: fall back. */
		rc = cl_fields_warn(rd->strict, err,
				    "%s: code page %s is not available here; text "
				    "that is not UTF-8 is read as GB18030 (GBK)", rd->file[M_DBF],
				    cs);
		if (rc)
			return rc;
		rd->enc_name[0] = '\0';
		cs = NULL;
		rc = cl_decoder_create(NULL, &rd->dec, &scratch);
	}
	if (rc)
		return cl_fail(err, rc, "%s: %s", rd->file[M_DBF], scratch.msg);
	snprintf(rd->charset, sizeof rd->charset, "%s", cs ? cs : "");
	return CL_OK;
}

static const char *rec_label(struct shp_reader *rd, int rec);

/* Is the declared charset GBK or one of its supersets/subsets? */
static int charset_gbk(const char *cs)
{
	return cl_column_eq(cs, "GB18030") || cl_column_eq(cs, "GBK") || cl_column_eq(cs, "GB2312") ||
	       cl_column_eq(cs, "CP936");
}

/*
 * raw (n bytes) decoded by the declared code page into decoded (NULL when
 * it did not decode): remember the first value that looks written in
 * another code page, with what it reads as there, and count them (see
 * cl_text_misread). The warning comes once, at the end of the layer.
 */
static void note_misread(struct shp_reader *rd, const char *raw, size_t n,
			 const char *decoded, int rec, int col)
{
	const char *as;
	char *alt = NULL, shown[96], alt_shown[96];
	struct cl_error scratch;

	if (!rd->charset[0] || cl_column_eq(rd->charset, "UTF-8") || cl_column_eq(rd->charset, "UTF8"))
		as = decoded ? NULL : cl_text_misread(raw, n, NULL, 0);
	else
		as = cl_text_misread(raw, n, decoded, charset_gbk(rd->charset));
	if (!as || (rd->misread_as && strcmp(as, rd->misread_as) != 0))
		return;
	if (rd->misread++ > 0)
		return;
	rd->misread_as = as;
	if (strcmp(as, "GBK") == 0) {
		if (!rd->gbk && cl_decoder_create("GB18030", &rd->gbk, &scratch) != CL_OK)
			rd->gbk = NULL;
		if (rd->gbk && cl_decoder_run(rd->gbk, raw, n, &alt, NULL, &scratch) != CL_OK)
			alt = NULL;
	} else {
		alt = strndup(raw, n);
	}
	cl_excerpt(shown, sizeof shown, decoded ? decoded : "");
	cl_excerpt(alt_shown, sizeof alt_shown, alt ? alt : "");
	snprintf(rd->misread_example, sizeof rd->misread_example,
		 "record %d (FID %d) field %s %s%s%s reads \"%s\" in %s", rec + 1, rec,
		 rd->colname[col],
		 decoded ? "\"" : "", decoded ? shown : "(undecodable)", decoded ? "\"" : "",
		 alt_shown, as);
	free(alt);
}

/* The warning for values that look written in another code page. */
static int warn_misread(struct shp_reader *rd, struct cl_error *err)
{
	if (!rd->misread)
		return CL_OK;
	return cl_fields_warn(rd->strict, err,
			      "%s: %d text value(s) read as %s (code page from %s) "
			      "look written in %s (e.g. %s); if the layer is %s, write %s into "
			      "its .cpg file", rd->file[M_DBF], rd->misread,
			      rd->enc_name[0] ? rd->enc_name : rd->charset,
			      rd->enc_from[0] ? rd->enc_from : "the .dbf", rd->misread_as,
			      rd->misread_example, rd->misread_as, rd->misread_as);
}

/*
 * Decode a raw value to a new UTF-8 string (blanks trimmed). On failure
 * the message names the file, record and column, and the code page the
 * bytes look written in, when one fits.
 */
static int decode(struct shp_reader *rd, const char *raw, int rec, int col,
		  char **out, struct cl_error *err)
{
	size_t n;
	int guessed = 0, rc;
	char *copy = NULL;

	while (*raw == ' ' || *raw == '\t' || *raw == '\r' || *raw == '\n')
		raw++;
	n = strlen(raw);
	while (n > 0 && (raw[n - 1] == ' ' || raw[n - 1] == '\t' ||
			 raw[n - 1] == '\r' || raw[n - 1] == '\n'))
		n--;
	rc = cl_decoder_run(rd->dec, raw, n, out, &guessed, err);
	if (rc == CL_EINPUT) {
		const char *as = cl_text_misread(raw, n, NULL,
						 rd->charset[0] && charset_gbk(rd->charset));
		char hint[128] = "";

		if (as && rd->enc_name[0])
			snprintf(hint, sizeof hint, "; the bytes look like %s text: if the layer "
				 "is %s, write %s into its .cpg file", as, as, as);
		/* rec_label reads the record again: keep the message's parts first */
		copy = strdup(rd->colname[col]);
		if (rd->enc_name[0])
			cl_fail_prefix(err, "%s: %s: field %s: not valid %s text (code "
				       "page from %s)%s", rd->file[M_DBF], rec_label(rd, rec),
				       copy ? copy : "?", rd->enc_name, rd->enc_from, hint);
		else
			cl_fail_prefix(err, "%s: %s: field %s: neither UTF-8 nor GB18030 "
				       "text (code page unknown)", rd->file[M_DBF],
				       rec_label(rd, rec), copy ? copy : "?");
		free(copy);
		return rc;
	}
	if (rc)
		return rc;
	if (rd->charset[0] && n > 0)
		note_misread(rd, raw, n, *out, rec, col);
	if (guessed && !rd->warned_guess) {
		rd->warned_guess = 1;
		rc = cl_fields_warn(rd->strict, err,
				    "%s: code page unknown (no usable .cpg or language "
				    "driver); text that is not UTF-8 was read as GB18030 (GBK); add "
				    "a .cpg file saying GBK or UTF-8 to make this explicit",
				    rd->file[M_DBF]);
		if (rc) {
			free(*out);
			*out = NULL;
		}
	}
	return rc;
}

/* ---------------------------------------------------------------- columns */

/* "ID, NAME, 件数, ..." into list (cut with ", ..." when long). */
static void column_list(const struct shp_reader *rd, char *list, size_t size)
{
	size_t o = 0;

	list[0] = '\0';
	if (rd->ncols == 0) {
		snprintf(list, size, "(none)");
		return;
	}
	for (int i = 0; i < rd->ncols; i++) {
		size_t room = size - 8 - o;   /* keep room for ", ..." */
		int w = snprintf(list + o, room, "%s%s", i ? ", " : "", rd->colname[i]);
		if (w < 0 || (size_t)w >= room) {
			memcpy(list + o, ", ...", 6);
			break;
		}
		o += (size_t)w;
	}
}

/*
 * A column named on the command line that the .dbf does not have: the
 * message lists the columns there are.
 */
static int missing_column(const struct shp_reader *rd, const char *want,
			  const char *opt, const char *key, struct cl_error *err)
{
	char list[640], how[160];

	column_list(rd, list, sizeof list);
	if (key)
		snprintf(how, sizeof how, "%s%s=%s", opt, key, want);
	else
		snprintf(how, sizeof how, "%s", opt);
	return cl_fail(err, CL_EINPUT, "%s: column \"%s\" (%s) does not exist; the columns "
		       "are: %s", rd->file[M_DBF], want, how, list);
}

/* A column that may hold field f and feeds no other field, or -1. */
static int suggest_column(const struct shp_reader *rd, int f)
{
	int used[1024] = { 0 };

	for (int g = 0; g < CL_FIELD_NATTR; g++)
		if (rd->col[g] >= 0 && rd->col[g] < 1024)
			used[rd->col[g]] = 1;
	for (int k = 0; k < rd->nkeep; k++)
		if (rd->keepcol[k] >= 0 && rd->keepcol[k] < 1024)
			used[rd->keepcol[k]] = 1;
	return cl_field_suggest(f, (const char *const *)rd->colname,
				rd->ncols < 1024 ? rd->ncols : 1024, used);
}

/*
 * Decoded column names, and the column of each field of the map. A
 * column named by --field or --keep-fields must exist. In a village layer
 * (warn_defaults), each default column that is missing is a warning of
 * its own, saying what every village gets instead and how to map a column
 * to it.
 */
static int map_columns(struct shp_reader *rd, const struct cl_fieldmap *fm,
		       struct cl_error *err)
{
	struct cl_error scratch;
	char list[640];
	int rc;

	rd->colname = calloc((size_t)rd->ncols + 1, sizeof *rd->colname);
	if (!rd->colname)
		return cl_oom(err, "reading %s", rd->file[M_DBF]);
	for (int i = 0; i < rd->ncols; i++) {
		char shown[64];
		const char *raw = rd->colraw[i];

		/* Names that do not decode are shown as printable bytes instead. */
		rc = cl_decoder_run(rd->dec, raw, strlen(raw), &rd->colname[i], NULL, &scratch);
		if (rc == CL_EINTERNAL)
			return cl_oom(err, "reading %s", rd->file[M_DBF]);
		if (rc != CL_OK) {
			cl_excerpt(shown, sizeof shown, raw);
			rd->colname[i] = strdup(shown);
			if (!rd->colname[i])
				return cl_oom(err, "reading %s", rd->file[M_DBF]);
		}
	}
	for (int f = 0; f < CL_FIELD_NATTR; f++)
		rd->col[f] = -1;
	if (rd->lines)
		return CL_OK;     /* cl_shp_read_lines looks its columns up itself */
	if (rd->polys) {
		/* a zone's ID and NAME, for rec_label and the zone */
		for (int i = 0; i < rd->ncols; i++) {
			if (rd->col[CL_FIELD_ID] < 0 && cl_column_eq(rd->colname[i], "ID"))
				rd->col[CL_FIELD_ID] = i;
			if (rd->col[CL_FIELD_NAME] < 0 && cl_column_eq(rd->colname[i], "NAME"))
				rd->col[CL_FIELD_NAME] = i;
		}
		return CL_OK;
	}
	for (int f = 0; f < CL_FIELD_NATTR; f++) {
		for (int i = 0; i < rd->ncols && rd->col[f] < 0; i++)
			if (cl_field_matches(fm, f, rd->colname[i]))
				rd->col[f] = i;
		if (rd->col[f] >= 0 || cl_field_is_default(fm, f))
			continue;
		/* An override (--field) naming a column that is not there. */
		return missing_column(rd, fm->name[f], "--field ", cl_field_key(f), err);
	}
	rd->nkeep = fm ? fm->nkeep : 0;
	for (int k = 0; k < rd->nkeep; k++) {
		rd->keepcol[k] = -1;
		for (int i = 0; i < rd->ncols && rd->keepcol[k] < 0; i++)
			if (cl_column_eq(rd->colname[i], fm->keep[k]))
				rd->keepcol[k] = i;
		if (rd->keepcol[k] < 0)
			return missing_column(rd, fm->keep[k], "--keep-fields", NULL, err);
	}
	if (!rd->warn_defaults)
		return CL_OK;
	column_list(rd, list, sizeof list);
	for (int f = 0; f < CL_FIELD_NATTR; f++) {
		int sug;

		if (rd->col[f] >= 0 || !cl_field_default_text(f))
			continue;
		sug = suggest_column(rd, f);
		rc = cl_fields_warn(rd->strict, err,
				    "%s: no column %s: every village gets %s; map the "
				    "column that holds it with --field %s=%s (the columns: %s)",
				    rd->file[M_DBF], cl_field_default_column(f),
				    cl_field_default_text(f), cl_field_key(f),
				    sug >= 0 ? rd->colname[sug] : "COLUMN", list);
		if (rc)
			return rc;
	}
	return CL_OK;
}

/*
 * How messages name record rec: cl_record_label() with the ID and NAME
 * of the record when the layer has those columns (read afresh, decoded
 * leniently), e.g. record 5 (FID 4, ID V004 "上林村"). Into rd->label.
 */
static const char *rec_label(struct shp_reader *rd, int rec)
{
	char *val[2] = { NULL, NULL };
	const int f[2] = { CL_FIELD_ID, CL_FIELD_NAME };
	struct cl_error scratch;

	for (int k = 0; k < 2 && !rd->lines && rd->dbf; k++) {
		const char *raw;
		int c = rd->col[f[k]];
		size_t n;

		if (c < 0 || load_record(rd, rec, &scratch) != CL_OK ||
		    !(raw = raw_value(rd, c)))
			continue;
		while (*raw == ' ')
			raw++;
		n = strlen(raw);
		while (n > 0 && raw[n - 1] == ' ')
			n--;
		if (cl_decoder_run(rd->dec, raw, n, &val[k], NULL, &scratch) != CL_OK) {
			char shown[96], *copy = strndup(raw, n);
			if (copy) {
				cl_excerpt(shown, sizeof shown, copy);
				val[k] = strdup(shown);
			}
			free(copy);
		}
	}
	cl_record_label(rec, val[0] && *val[0] ? val[0] : NULL, val[1], rd->label,
			sizeof rd->label);
	free(val[0]);
	free(val[1]);
	return rd->label;
}

/* ---------------------------------------------------------------- attribute values */

/* The decoded text of column col in record rec; NULL when NULL or blank. */
static int column_text(struct shp_reader *rd, int rec, int col, char **out,
		       struct cl_error *err)
{
	const char *raw;
	int rc;

	*out = NULL;
	if (col < 0)
		return CL_OK;
	rc = load_record(rd, rec, err);
	if (rc)
		return rc;
	raw = raw_value(rd, col);
	if (!raw)
		return CL_OK;
	rc = decode(rd, raw, rec, col, out, err);
	if (rc)
		return rc;
	if (**out == '\0') {
		free(*out);
		*out = NULL;
	}
	return CL_OK;
}

/*
 * The text of field f in record rec, decoded; *out stays NULL when the
 * field is absent, NULL or blank (the caller applies the default). A
 * blank value of a column that exists is counted for the warning at the
 * end of the layer.
 */
static int field_text(struct shp_reader *rd, int rec, int f, char **out,
		      struct cl_error *err)
{
	int rc = column_text(rd, rec, rd->col[f], out, err);

	if (rc == CL_OK && !*out && rd->col[f] >= 0) {
		struct blanks *b = &rd->blank[f];
		if (b->count < 3)
			b->first[b->count] = rec;
		b->count++;
	}
	return rc;
}

/*
 * One warning per field with blank values: how many, which records (the
 * first three), and what they got instead.
 */
static int warn_blanks(struct shp_reader *rd, int nread, struct cl_error *err)
{
	for (int f = 0; f < CL_FIELD_NATTR; f++) {
		const struct blanks *b = &rd->blank[f];
		char which[3 * CL_LABEL_MAX + 16];
		size_t o = 0;
		int rc;

		if (!rd->warn_defaults || b->count == 0 || !cl_field_default_text(f))
			continue;
		which[0] = '\0';
		for (int k = 0; k < b->count && k < 3; k++) {
			int w = snprintf(which + o, sizeof which - o, "%s%s", k ? ", " : "",
					 rec_label(rd, b->first[k]));
			if (w > 0 && (size_t)w < sizeof which - o)
				o += (size_t)w;
		}
		rc = cl_fields_warn(rd->strict, err,
				    "%s: %s is blank in %d of %d records (%s%s): each gets %s",
				    rd->file[M_DBF], rd->colname[rd->col[f]], b->count, nread,
				    which, b->count > 3 ? ", ..." : "", cl_field_default_text(f));
		if (rc)
			return rc;
	}
	return CL_OK;
}

/*
 * ID: the text; from a numeric column without decimals ("12.000000" as
 * GDAL writes an integer into an N field with decimals) the whole number.
 */
static int field_id(struct shp_reader *rd, int rec, char **out,
		    struct cl_error *err)
{
	char buf[32];
	double v;
	int rc;
	char type;

	rc = field_text(rd, rec, CL_FIELD_ID, out, err);
	if (rc || !*out)
		return rc;
	type = rd->coltype[rd->col[CL_FIELD_ID]];
	if ((type == 'N' || type == 'F') && cl_parse_number(*out, &v) &&
	    v == floor(v) && fabs(v) < 1e15) {
		snprintf(buf, sizeof buf, "%.0f", v);
		free(*out);
		*out = strdup(buf);
		if (!*out)
			return cl_oom(err, "reading %s", rd->file[M_DBF]);
	}
	return CL_OK;
}

/* ---------------------------------------------------------------- records */

/* Longitude/latitude in range, with a hint when they look swapped. */
static int check_coords(struct shp_reader *rd, int rec, double *px, double *py,
			struct cl_error *err)
{
	double x = *px, y = *py;
	char guess[320], code[16];

	if (!isfinite(x) || !isfinite(y))
		return cl_fail(err, CL_EINPUT, "%s: %s: coordinates x=%g, y=%g are not "
			       "finite numbers", rd->file[M_SHP], rec_label(rd, rec), x, y);
	if (rd->crs && cl_crs_to_lonlat(rd->crs, px, py) != 0)
		return cl_fail(err, CL_EINPUT, "%s: %s: coordinates x=%.10g, y=%.10g cannot be "
			       "transformed from \"%s\" to longitude/latitude; are they in that "
			       "coordinate system?", rd->file[M_SHP], rec_label(rd, rec), x, y,
			       cl_crs_name(rd->crs));
	if (rd->crs)
		return CL_OK;
	if (fabs(x) <= 180 && fabs(y) <= 90)
		return CL_OK;
	if (fabs(x) <= 90 && fabs(y) <= 180)
		return cl_fail(err, CL_EINPUT, "%s: %s: coordinates x=%.10g, y=%.10g "
			       "are not longitude/latitude (latitude y must be within -90..90); "
			       "looks like longitude and latitude are swapped",
			       rd->file[M_SHP], rec_label(rd, rec), x, y);
	cl_crs_guess(x, y, guess, sizeof guess, code);
	if (rd->crs_said)
		return cl_fail(err, CL_EINPUT, "%s: %s: coordinates x=%.10g, y=%.10g are out of "
			       "range for longitude (-180..180) / latitude (-90..90), though the "
			       "layer's coordinate system is geographic; they look like %s",
			       rd->file[M_SHP], rec_label(rd, rec), x, y, guess);
	return cl_fail(err, CL_EINPUT, "%s: %s: coordinates x=%.10g, y=%.10g are not "
		       "longitude/latitude and the layer has no .prj saying what they are; "
		       "they look like %s. Put the layer's .prj beside it, or name its "
		       "coordinate system with --crs %s", rd->file[M_SHP],
		       rec_label(rd, rec), x, y, guess, code[0] ? code : "EPSG:NNNN");
}

/*
 * Record rec of the .shp as shapelib decodes it (*obj, the reader's
 * cached object: not freed by the caller). CL_EINTERNAL when shapelib ran
 * out of memory, CL_EINPUT naming the record when it cannot read it.
 */
static int read_object(struct shp_reader *rd, int rec, SHPObject **obj, struct cl_error *err)
{
	rd->hookmsg[0] = '\0';
	*obj = SHPReadObject(rd->shp, rec);
	if (!*obj && hook_oom(rd))
		return cl_oom(err, "reading %s", rd->file[M_SHP]);
	if (!*obj)
		return cl_fail(err, CL_EINPUT, "%s: %s: cannot read the shape: %s",
			       rd->file[M_SHP], rec_label(rd, rec), hook_message(rd));
	return CL_OK;
}

/* The point of record rec. */
static int read_point(struct shp_reader *rd, int rec, double *x, double *y,
		      struct cl_error *err)
{
	SHPObject *obj;
	const char *tname;
	int rc = CL_OK;

	rc = read_object(rd, rec, &obj, err);
	if (rc != CL_OK)
		return rc;
	tname = shape_type_name(obj->nSHPType);
	if (obj->nSHPType == SHPT_NULL) {
		rc = cl_fail(err, CL_EINPUT, "%s: %s: null shape (no point)",
			     rd->file[M_SHP], rec_label(rd, rec));
	} else if (!tname) {
		rc = cl_fail(err, CL_EINPUT, "%s: %s: unknown shape type %d",
			     rd->file[M_SHP], rec_label(rd, rec), obj->nSHPType);
	} else if (!is_point_type(obj->nSHPType)) {
		rc = cl_fail(err, CL_EINPUT, "%s: %s: is a %s shape; village service "
			     "points must be points", rd->file[M_SHP], rec_label(rd, rec), tname);
	} else if (obj->nVertices < 1 || !obj->padfX || !obj->padfY) {
		rc = cl_fail(err, CL_EINPUT, "%s: %s: %s with no points",
			     rd->file[M_SHP], rec_label(rd, rec), tname);
	} else {
		*x = obj->padfX[0];
		*y = obj->padfY[0];
		rc = check_coords(rd, rec, x, y, err);
	}
	SHPDestroyObject(obj);
	return rc;
}

/* The kept columns of record rec into s->kept ("" when blank). */
static int read_kept(struct shp_reader *rd, int rec, struct cl_site *s,
		      struct cl_error *err)
{
	int rc = CL_OK;

	if (rd->nkeep == 0)
		return CL_OK;
	s->kept = calloc((size_t)rd->nkeep, sizeof *s->kept);
	if (!s->kept)
		return cl_oom(err, "reading %s", rd->file[M_DBF]);
	s->nkept = rd->nkeep;
	for (int k = 0; k < rd->nkeep && !rc; k++) {
		rc = column_text(rd, rec, rd->keepcol[k], &s->kept[k], err);
		if (!rc && !s->kept[k]) {
			s->kept[k] = strdup("");
			if (!s->kept[k])
				rc = cl_oom(err, "reading %s", rd->file[M_DBF]);
		}
	}
	return rc;
}

/*
 * One site from record rec: geometry first, then the text of each field
 * in order (decoded), then their values (io/fields.c), then kept columns.
 */
static int read_site(struct shp_reader *rd, int rec, struct cl_site *s,
		     struct cl_error *err)
{
	char *text[CL_FIELD_NATTR] = { NULL };
	const char *col[CL_FIELD_NATTR];
	struct cl_fieldloc loc = { rd->file[M_DBF], "record", rec + 1, "field", NULL };
	char label[CL_LABEL_MAX];
	int rc;

	s->record = rec;
	rc = read_point(rd, rec, &s->lon, &s->lat, err);
	for (int f = 0; f < CL_FIELD_NATTR && !rc; f++) {
		col[f] = rd->col[f] >= 0 ? rd->colname[rd->col[f]] : cl_field_default_column(f);
		rc = f == CL_FIELD_ID ? field_id(rd, rec, &text[f], err)
				      : field_text(rd, rec, f, &text[f], err);
	}
	/* messages about the values name the record by its ID and name */
	loc.label = cl_record_label(rec, text[CL_FIELD_ID], text[CL_FIELD_NAME], label,
				    sizeof label);
	if (!rc)
		rc = cl_fields_to_site(text, col, &loc, rec + 1, rd->fm, s, err);
	for (int f = 0; f < CL_FIELD_NATTR; f++)
		free(text[f]);
	if (!rc)
		rc = read_kept(rd, rec, s, err);
	return rc;
}

/* ---------------------------------------------------------------- the reader */

static void reader_close(struct shp_reader *rd)
{
	if (rd->shp)
		SHPClose(rd->shp);     /* frees what open_records put in it */
	if (rd->dbf)
		fclose(rd->dbf);
	cl_decoder_destroy(rd->dec);
	cl_decoder_destroy(rd->gbk);
	cl_crs_destroy(rd->crs);
	for (int i = 0; rd->colname && i < rd->ncols; i++)
		free(rd->colname[i]);
	free(rd->colname);
	free(rd->colraw);
	free(rd->coltype);
	free(rd->coloff);
	free(rd->colwidth);
	free(rd->recbuf);
	free(rd->fieldbuf);
	free(rd->rec_off);
	free(rd->rec_len);
	for (int c = 0; rd->lvals && c < rd->nlcols; c++)
		free(rd->lvals[c]);
	free(rd->lvals);
	free(rd->ltried);
	free(rd->lbad);
	free(rd->lbad_first);
	for (int m = 0; m < M_COUNT; m++)
		free(rd->file[m]);
	free(rd->base);
	if (hook_reader == rd)
		hook_reader = NULL;
}

/*
 * The .shp handle for SHPReadObject, built here rather than by SHPOpenLL
 * (see the top of the file): the .shp opened with shapelib's default
 * stdio hooks and our Error hook, the record offsets and sizes of the
 * checked .shx, no .shx handle (shapelib never needs it then), and
 * fast-read mode with a cached object allocated here, so that reading a
 * record allocates nothing unchecked. SHPClose frees all of it.
 */
static int open_records(struct shp_reader *rd, struct cl_error *err)
{
	SHPInfo *h = calloc(1, sizeof *h);
	FILE *fp;

	hook_reader = rd;
	rd->hookmsg[0] = '\0';
	if (!h)
		return cl_oom(err, "reading %s", rd->file[M_SHP]);
	h->psCachedObject = calloc(1, sizeof *h->psCachedObject);
	if (!h->psCachedObject) {
		free(h);
		return cl_oom(err, "reading %s", rd->file[M_SHP]);
	}
	errno = 0;
	fp = fopen(rd->file[M_SHP], "rb");
	if (!fp) {
		int e = errno;
		free(h->psCachedObject);
		free(h);
		if (e == ENOMEM)
			return cl_oom(err, "opening %s", rd->file[M_SHP]);
		return cl_fail(err, CL_EINPUT, "%s: cannot open: %s", rd->file[M_SHP],
			       strerror(e));
	}
	SASetupDefaultHooks(&h->sHooks);
	h->sHooks.Error = hook_error;
	h->fpSHP = (SAFile)(void *)fp;
	h->fpSHX = NULL;
	h->nShapeType = rd->shp_type;
	h->nFileSize = rd->shp_size > UINT_MAX ? UINT_MAX : (unsigned)rd->shp_size;
	h->nRecords = h->nMaxRecords = rd->nrec;
	h->panRecOffset = rd->rec_off;
	h->panRecSize = rd->rec_len;
	rd->rec_off = rd->rec_len = NULL;     /* SHPClose frees them now */
	rd->shp = h;
	SHPSetFastModeReadObject(h, 1);       /* the cached object is there */
	return CL_OK;
}

/* The three members, their headers, the code page, the records' handle. */
static int open_layer(struct shp_reader *rd, const char *path,
		      const struct cl_fieldmap *fm, struct cl_error *err)
{
	int rc = find_members(rd, path, err);

	if (!rc)
		rc = check_prj(rd, err);
	if (!rc)
		rc = check_shp(rd, err);
	if (!rc)
		rc = check_dbf(rd, err);
	if (!rc)
		rc = setup_decoder(rd, err);
	if (!rc)
		rc = open_records(rd, err);
	if (!rc)
		rc = map_columns(rd, fm, err);
	return rc;
}

/*
 * Read the layer: find and check the members, then the .prj, the
 * headers, the code page, and each record (geometry, then fields); then
 * the warnings that need the whole layer (blank values, misread text).
 * On success the caller owns *sites (cl_sites_free); on failure nothing
 * is left allocated and err holds one line.
 */
int cl_shp_read_sites(const char *path, const struct cl_shp_read_opts *o,
		      struct cl_site **sites, int *nsites, struct cl_error *err)
{
	struct shp_reader rd;
	struct cl_site *out = NULL;
	int n = 0, deleted = 0, rc;

	*sites = NULL;
	*nsites = 0;
	memset(&rd, 0, sizeof rd);
	rd.warn_defaults = o && o->warn_defaults;
	rd.strict = o && o->strict;
	rd.fm = o ? o->fm : NULL;
	rd.crs_opt = o ? o->crs : NULL;
	rc = open_layer(&rd, path, rd.fm, err);
	if (rc)
		goto cleanup;
	out = calloc((size_t)rd.nrec, sizeof *out);
	if (!out) {
		rc = cl_oom(err, "reading %s", rd.file[M_SHP]);
		goto cleanup;
	}
	for (int rec = 0; rec < rd.nrec; rec++) {
		int del;

		rc = record_deleted(&rd, rec, &del, err);
		if (rc)
			goto cleanup;
		if (del) {
			deleted++;
			continue;
		}
		rc = read_site(&rd, rec, &out[n++], err);
		if (rc)
			goto cleanup;
	}
	if (deleted)
		cl_info("%s: skipped %d record(s) marked deleted in %s", rd.file[M_SHP],
			deleted, rd.file[M_DBF]);
	if (n == 0) {
		rc = cl_fail(err, CL_EINPUT, "%s: no features (every record is marked deleted)",
			     rd.file[M_SHP]);
		goto cleanup;
	}
	rc = warn_blanks(&rd, n, err);
	if (!rc)
		rc = warn_misread(&rd, err);
	if (rc)
		goto cleanup;
	*sites = out;
	*nsites = n;
	out = NULL;
cleanup:
	cl_sites_free(out, n);
	reader_close(&rd);
	return rc;
}

/* The depot and other point layers: no warnings about defaults. */
int cl_shp_read_points(const char *path, const struct cl_fieldmap *fm,
		       struct cl_site **sites, int *nsites,
		       struct cl_error *err)
{
	struct cl_shp_read_opts o = { fm, 0, 0, NULL };

	return cl_shp_read_sites(path, &o, sites, nsites, err);
}

/* ---------------------------------------------------------------- line layers */

/*
 * Requested column c of the line being read, decoded on first use (see
 * io/shp.h): a value that does not decode is NULL, counted for the
 * warning at the end of the layer; only running out of memory is an
 * error.
 */
int cl_shp_line_value(const struct cl_shp_line *ln, int c, const char **value,
		      struct cl_error *err)
{
	struct shp_reader *rd = ln->reader;
	struct cl_error scratch;
	int rc;

	*value = NULL;
	if (c < 0 || c >= rd->nlcols)
		return CL_OK;
	if (!rd->ltried[c]) {
		rd->ltried[c] = 1;
		rc = column_text(rd, rd->rec, rd->lcols[c], &rd->lvals[c], &scratch);
		if (rc == CL_EINTERNAL)
			return cl_fail(err, CL_EINTERNAL, "%s", scratch.msg);
		if (rc) {
			if (rd->lbad[c] == 0)
				rd->lbad_first[c] = rd->rec;
			rd->lbad[c]++;
			rd->lvals[c] = NULL;
		}
	}
	*value = rd->lvals[c];
	return CL_OK;
}

/*
 * One record of a line layer handed to fn: its parts (a part with fewer
 * than two vertices is dropped), its coordinates checked; the requested
 * columns are decoded when fn asks for them (cl_shp_line_value). Null
 * shapes are skipped.
 */
static int read_line(struct shp_reader *rd, int rec,
		     int (*fn)(void *, const struct cl_shp_line *, struct cl_error *),
		     void *user, struct cl_error *err)
{
	SHPObject *obj;
	struct cl_shp_line ln;
	int *part = NULL, np = 0, rc = CL_OK;

	rc = read_object(rd, rec, &obj, err);
	if (rc != CL_OK)
		return rc;
	if (obj->nSHPType == SHPT_NULL || obj->nVertices < 2)
		goto cleanup;
	if (!is_line_type(obj->nSHPType) || !obj->padfX || !obj->padfY) {
		rc = cl_fail(err, CL_EINPUT, "%s: %s: is a %s shape, not a line",
			     rd->file[M_SHP], rec_label(rd, rec),
			     shape_type_name(obj->nSHPType) ? shape_type_name(obj->nSHPType)
							     : "unknown");
		goto cleanup;
	}
	for (int i = 0; i < obj->nVertices; i++) {
		rc = check_coords(rd, rec, &obj->padfX[i], &obj->padfY[i], err);
		if (rc)
			goto cleanup;
	}
	part = malloc(sizeof *part * ((size_t)(obj->nParts > 0 ? obj->nParts : 1) * 2));
	if (!part) {
		rc = cl_oom(err, "reading %s", rd->file[M_SHP]);
		goto cleanup;
	}
	/* part[2k], part[2k+1]: first and end vertex of the k-th kept part */
	for (int k = 0; k < (obj->nParts > 0 ? obj->nParts : 1); k++) {
		int a = obj->nParts > 0 ? obj->panPartStart[k] : 0;
		int b = obj->nParts > 0 && k + 1 < obj->nParts ? obj->panPartStart[k + 1]
							      : obj->nVertices;

		if (a < 0 || b > obj->nVertices || a > b) {
			rc = cl_fail(err, CL_EINPUT, "%s: %s: part %d: corrupt "
				     "vertex range", rd->file[M_SHP], rec_label(rd, rec), k + 1);
			goto cleanup;
		}
		if (b - a >= 2) {
			part[2 * np] = a;
			part[2 * np + 1] = b;
			np++;
		}
	}
	rd->rec = rec;
	for (int c = 0; c < rd->nlcols; c++) {
		free(rd->lvals[c]);
		rd->lvals[c] = NULL;
		rd->ltried[c] = 0;
	}
	ln.record = rec;
	ln.nparts = np;
	ln.part = part;
	ln.x = obj->padfX;
	ln.y = obj->padfY;
	ln.reader = rd;
	if (np > 0)
		rc = fn(user, &ln, err);
cleanup:
	free(part);
	SHPDestroyObject(obj);
	return rc;
}

/* One warning per requested column with values that did not decode. */
static void warn_undecodable(struct shp_reader *rd, const char *const *columns)
{
	for (int c = 0; c < rd->nlcols; c++) {
		if (rd->lbad[c] == 0)
			continue;
		if (rd->enc_name[0])
			cl_warn("%s: %d value(s) of column %s are not valid %s text (code page "
				"from %s), first in record %d; they are taken as empty",
				rd->file[M_DBF], rd->lbad[c], columns[c], rd->enc_name,
				rd->enc_from, rd->lbad_first[c] + 1);
		else
			cl_warn("%s: %d value(s) of column %s are neither UTF-8 nor GB18030, "
				"first in record %d; they are taken as empty", rd->file[M_DBF],
				rd->lbad[c], columns[c], rd->lbad_first[c] + 1);
	}
}

/*
 * Read a line layer record by record (see io/shp.h). The same checks as
 * for points: members, .prj, headers, code page; then each record.
 */
int cl_shp_read_lines(const char *path, const char *const *columns, int ncols,
		      int *present,
		      int (*fn)(void *user, const struct cl_shp_line *line,
				struct cl_error *err),
		      void *user, struct cl_error *err)
{
	struct shp_reader rd;
	int *cols = NULL, rc;

	memset(&rd, 0, sizeof rd);
	rd.lines = 1;
	cols = calloc((size_t)ncols + 1, sizeof *cols);
	rd.lvals = calloc((size_t)ncols + 1, sizeof *rd.lvals);
	rd.ltried = calloc((size_t)ncols + 1, 1);
	rd.lbad = calloc((size_t)ncols + 1, sizeof *rd.lbad);
	rd.lbad_first = calloc((size_t)ncols + 1, sizeof *rd.lbad_first);
	if (!cols || !rd.lvals || !rd.ltried || !rd.lbad || !rd.lbad_first) {
		rc = cl_oom(err, "reading %s", path);
		goto cleanup;
	}
	rd.nlcols = ncols;
	rd.lcols = cols;
	rc = open_layer(&rd, path, NULL, err);
	if (rc)
		goto cleanup;
	for (int c = 0; c < ncols; c++) {
		cols[c] = -1;
		for (int i = 0; columns[c] && i < rd.ncols && cols[c] < 0; i++)
			if (cl_column_eq(rd.colname[i], columns[c]))
				cols[c] = i;
		present[c] = cols[c] >= 0;
	}
	for (int rec = 0; rec < rd.nrec; rec++) {
		int del;

		rc = record_deleted(&rd, rec, &del, err);
		if (rc)
			goto cleanup;
		if (del)
			continue;
		rc = read_line(&rd, rec, fn, user, err);
		if (rc)
			goto cleanup;
	}
	warn_undecodable(&rd, columns);
cleanup:
	free(cols);
	reader_close(&rd);
	return rc;
}

/* ---------------------------------------------------------------- writing */

/*
 * The writer builds the three members in memory and then copies them to
 * the caller's streams, which belong to an atomic output set: a failure
 * leaves nothing behind but the caller's temporary files.
 *
 * It writes the bytes itself rather than through shapelib's writer, whose
 * allocations are unchecked in shapelib 1.5.0 (Debian 12's libshp2): the
 * malloc of the file name in SHPCreateLL and DBFCreateLL, DBFCreateLL's
 * calloc of the handle, the four SfRealloc calls and the header and record
 * reallocs in DBFAddNativeFieldType, SHPCreateObject's calloc of the
 * object and its part and vertex arrays: a failed allocation there is a
 * SIGSEGV (found by failing allocations one at a time, issue 12 item 6;
 * tests/e2e/oom_test.sh). And SHPWriteHeader, when its malloc of the .shx
 * index fails, only calls the Error hook and leaves the .shx without its
 * entries. The bytes are those shapelib 1.5.0 writes for the same calls
 * (SHPCreateSimpleObject, SHPWriteObject, DBFAddField, DBFWrite*Attribute,
 * SHPClose, DBFClose), checked by comparing the two on the test outputs:
 * the same header bounds (started at the first non-null shape's first
 * vertex, Z and M 0), the .dbf header with the date of writing, the code
 * page byte (LDID), 'N' for numbers ("%W.Df"), '*' for a NULL number,
 * blanks for a NULL text, 0x0D after the field descriptors, 0x1A at the end.
 */

#define DBF_TEXT_MAX 254   /* widest dBASE character field */
#define DBF_NAME_MAX 10    /* XBASE_FLDNAME_LEN_WRITE */
#define DBF_WIDTH_MAX 255  /* XBASE_FLD_MAX_WIDTH */

/* A member being built: a growable buffer. */
struct memfile {
	const char *ext;           /* "shp", "shx", "dbf" */
	unsigned char *buf;
	size_t len, cap;
};

/* Append n bytes of p (NULL: zeros). 0, or -1 when out of memory. */
static int mf_put(struct memfile *m, const void *p, size_t n)
{
	if (n > m->cap - m->len) {
		size_t cap = m->cap ? m->cap : 4096;
		unsigned char *b;

		while (cap - m->len < n) {
			if (cap > SIZE_MAX / 2)
				return -1;
			cap *= 2;
		}
		b = realloc(m->buf, cap);
		if (!b)
			return -1;
		m->buf = b;
		m->cap = cap;
	}
	if (p)
		memcpy(m->buf + m->len, p, n);
	else
		memset(m->buf + m->len, 0, n);
	m->len += n;
	return 0;
}

static void put_be32(unsigned char *b, uint32_t v)
{
	b[0] = (unsigned char)(v >> 24);
	b[1] = (unsigned char)(v >> 16);
	b[2] = (unsigned char)(v >> 8);
	b[3] = (unsigned char)v;
}

static void put_le32(unsigned char *b, uint32_t v)
{
	b[0] = (unsigned char)v;
	b[1] = (unsigned char)(v >> 8);
	b[2] = (unsigned char)(v >> 16);
	b[3] = (unsigned char)(v >> 24);
}

static void put_le64d(unsigned char *b, double d)
{
	uint64_t u;

	memcpy(&u, &d, sizeof u);
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(u >> (8 * i));
}

/* Cut s (encoded text) to at most max bytes on a character boundary. */
static void cut_text(char *s, size_t max, int utf8)
{
	size_t n = strlen(s);

	if (n <= max)
		return;
	n = max;
	if (utf8) {
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	} else {
		/* GBK: a lead byte (0x81..0xFE) starts a two-byte character */
		size_t i = 0;

		while (i < n) {
			size_t len = (unsigned char)s[i] >= 0x81 ? 2 : 1;
			if (i + len > n)
				break;
			i += len;
		}
		n = i;
	}
	s[n] = '\0';
}

/* The encoded column names: cut to 10 bytes, made unique. */
static int field_names(const struct cl_table *t, struct cl_encoder *enc, int utf8,
		       const char *what, char **names, struct cl_error *err)
{
	int lossy = 0, rc;

	for (int c = 0; c < t->ncols; c++) {
		rc = cl_encoder_run(enc, t->cols[c].name, &names[c], &lossy, err);
		if (rc)
			return rc;
		if (strlen(names[c]) > DBF_NAME_MAX) {
			cut_text(names[c], DBF_NAME_MAX, utf8);
			cl_warn("%s: field name \"%s\" is longer than 10 bytes; cut", what,
				t->cols[c].name);
		}
		for (int k = 0, n = 1; k < c; k++) {
			if (!cl_column_eq(names[k], names[c]))
				continue;
			/* the same as an earlier one once cut: end it in a digit
			   (_1 .. _9, _0), past ten in a number (_11, _12, ...),
			   never one already tried */
			char suffix[16], *grown;

			snprintf(suffix, sizeof suffix, "_%d", n <= 10 ? n % 10 : n);
			n++;
			cut_text(names[c], DBF_NAME_MAX - strlen(suffix), utf8);
			grown = realloc(names[c], DBF_NAME_MAX + 1);   /* a short name too */
			if (!grown)
				return cl_oom(err, "writing %s", what);
			names[c] = grown;
			strcat(names[c], suffix);
			k = -1;
		}
	}
	if (lossy)
		cl_warn("%s: a field name has characters the code page lacks; written as '?'",
			what);
	return CL_OK;
}

/* Two positions of row r that differ? */
static int line_has_extent(const struct cl_table *t, int r)
{
	for (int i = t->start[r] + 1; i < t->start[r + 1]; i++)
		if (t->lon[i] != t->lon[t->start[r]] || t->lat[i] != t->lat[t->start[r]])
			return 1;
	return 0;
}

/*
 * The .shp and .shx of t (points or lines; a row without a position, or a
 * line without extent, is a Null shape), as shapelib 1.5.0 writes them.
 * CL_OK, CL_EINTERNAL (out of memory) or CL_EOUTPUT (beyond 4 GB).
 */
static int build_shp(const struct cl_table *t, struct memfile *shp, struct memfile *shx,
		     const char *what, struct cl_error *err)
{
	int type = t->geom == CL_GEOM_POINT ? SHPT_POINT : SHPT_ARC;
	double bmin[2] = { 0.0, 0.0 }, bmax[2] = { 0.0, 0.0 };
	unsigned char h[100], rec[56], v[16], e[8];

	if (mf_put(shp, NULL, sizeof h) || mf_put(shx, NULL, sizeof h))
		return cl_oom(err, "writing %s", what);
	for (int r = 0; r < t->nrows; r++) {
		int a = t->start[r], n = t->start[r + 1] - t->start[r];
		int null = n == 0 || (t->geom == CL_GEOM_LINE && !line_has_extent(t, r));
		int nv = null ? 0 : type == SHPT_POINT ? 1 : n;
		size_t off = shp->len;
		size_t size = null ? 12 : type == SHPT_POINT ? 28 : 56 + 16 * (size_t)n;

		if (size > UINT32_MAX - off || (size - 8) / 2 > INT32_MAX)
			return cl_fail(err, CL_EOUTPUT, "%s: record %d: the .shp would pass 4 GB",
				       what, r + 1);
		put_be32(rec, (uint32_t)r + 1);
		put_be32(rec + 4, (uint32_t)((size - 8) / 2));
		put_le32(rec + 8, (uint32_t)(null ? SHPT_NULL : type));
		if (!null && type == SHPT_POINT) {
			put_le64d(rec + 12, t->lon[a]);
			put_le64d(rec + 20, t->lat[a]);
		} else if (!null) {
			/* SHPComputeExtents, then nParts 1, nPoints, part start 0 */
			double x0 = t->lon[a], y0 = t->lat[a], x1 = x0, y1 = y0;

			for (int i = a; i < a + n; i++) {
				x0 = t->lon[i] < x0 ? t->lon[i] : x0;
				y0 = t->lat[i] < y0 ? t->lat[i] : y0;
				x1 = t->lon[i] > x1 ? t->lon[i] : x1;
				y1 = t->lat[i] > y1 ? t->lat[i] : y1;
			}
			put_le64d(rec + 12, x0);
			put_le64d(rec + 20, y0);
			put_le64d(rec + 28, x1);
			put_le64d(rec + 36, y1);
			put_le32(rec + 44, 1);
			put_le32(rec + 48, (uint32_t)n);
			put_le32(rec + 52, 0);
		}
		if (mf_put(shp, rec, null ? 12 : type == SHPT_POINT ? 28 : 56))
			return cl_oom(err, "writing %s", what);
		for (int i = a; !null && type == SHPT_ARC && i < a + n; i++) {
			put_le64d(v, t->lon[i]);
			put_le64d(v + 8, t->lat[i]);
			if (mf_put(shp, v, sizeof v))
				return cl_oom(err, "writing %s", what);
		}
		put_be32(e, (uint32_t)(off / 2));
		put_be32(e + 4, (uint32_t)((size - 8) / 2));
		if (mf_put(shx, e, sizeof e))
			return cl_oom(err, "writing %s", what);
		/* the file's bounds, as SHPWriteObject keeps them */
		if (bmin[0] == 0.0 && bmax[0] == 0.0 && bmin[1] == 0.0 && bmax[1] == 0.0 && nv > 0) {
			bmin[0] = bmax[0] = t->lon[a];
			bmin[1] = bmax[1] = t->lat[a];
		}
		for (int i = a; i < a + nv; i++) {
			bmin[0] = bmin[0] < t->lon[i] ? bmin[0] : t->lon[i];
			bmin[1] = bmin[1] < t->lat[i] ? bmin[1] : t->lat[i];
			bmax[0] = bmax[0] > t->lon[i] ? bmax[0] : t->lon[i];
			bmax[1] = bmax[1] > t->lat[i] ? bmax[1] : t->lat[i];
		}
	}
	memset(h, 0, sizeof h);
	h[2] = 0x27;                    /* file code 9994, big-endian */
	h[3] = 0x0a;
	put_be32(h + 24, (uint32_t)(shp->len / 2));
	put_le32(h + 28, 1000);
	put_le32(h + 32, (uint32_t)type);
	put_le64d(h + 36, bmin[0]);
	put_le64d(h + 44, bmin[1]);
	put_le64d(h + 52, bmax[0]);
	put_le64d(h + 60, bmax[1]);     /* Z and M bounds: 0 */
	memcpy(shp->buf, h, sizeof h);
	put_be32(h + 24, (uint32_t)(shx->len / 2));
	memcpy(shx->buf, h, sizeof h);
	return CL_OK;
}

/* 1 when column c of t is numeric (N in the .dbf). */
static int col_numeric(const struct cl_table *t, int c)
{
	return t->cols[c].type == CL_COL_INT || t->cols[c].type == CL_COL_REAL;
}

/* The decimals of column c of t in the .dbf (0 but for reals). */
static int col_decimals(const struct cl_table *t, int c)
{
	return t->cols[c].type == CL_COL_REAL ? t->cols[c].decimals : 0;
}

/*
 * The .dbf's record layout: the width wd[c] of each column (its widest
 * value width[c], room for the decimals of a number, at most
 * DBF_WIDTH_MAX) and its offset off[c] in a record of *reclen bytes (the
 * deletion flag first). CL_EOUTPUT past 65,535 bytes.
 */
static int dbf_layout(const struct cl_table *t, const int *width, int *wd, int *off,
		      int *reclen, const char *what, struct cl_error *err)
{
	*reclen = 1;
	for (int c = 0; c < t->ncols; c++) {
		int dec = col_decimals(t, c);

		wd[c] = width[c] > 0 ? width[c] : 1;
		if (col_numeric(t, c) && wd[c] < dec + 2)
			wd[c] = dec + 2;
		if (wd[c] > DBF_WIDTH_MAX)
			wd[c] = DBF_WIDTH_MAX;
		if (*reclen + wd[c] > 65535)
			return cl_fail(err, CL_EOUTPUT, "%s: field %s: the record would pass "
				       "65,535 bytes, the most a .dbf holds", what, t->cols[c].name);
		off[c] = *reclen;
		*reclen += wd[c];
	}
	return CL_OK;
}

/*
 * The .dbf header of t (today's date, the record count, the header's
 * length hlen and the record's reclen, the code page byte ldid), the field
 * descriptors (names[], widths wd[]) and their end mark. 1 when memory
 * runs out.
 */
static int dbf_header(const struct cl_table *t, char **names, const int *wd, size_t hlen,
		      int reclen, int ldid, struct memfile *dbf)
{
	unsigned char h[32], fd[32];
	time_t now = time(NULL);
	struct tm tm;

	memset(h, 0, sizeof h);
	h[0] = 0x03;
	h[1] = 95;                      /* shapelib's date when there is no clock */
	h[2] = 7;
	h[3] = 26;
	if (localtime_r(&now, &tm)) {
		h[1] = (unsigned char)tm.tm_year;
		h[2] = (unsigned char)(tm.tm_mon + 1);
		h[3] = (unsigned char)tm.tm_mday;
	}
	put_le32(h + 4, (uint32_t)t->nrows);
	h[8] = (unsigned char)(hlen % 256);
	h[9] = (unsigned char)(hlen / 256);
	h[10] = (unsigned char)(reclen % 256);
	h[11] = (unsigned char)(reclen / 256);
	h[29] = (unsigned char)ldid;
	if (mf_put(dbf, h, sizeof h))
		return 1;
	for (int c = 0; c < t->ncols; c++) {
		memset(fd, 0, sizeof fd);
		strncpy((char *)fd, names[c], DBF_NAME_MAX);
		fd[11] = col_numeric(t, c) ? 'N' : 'C';
		if (col_numeric(t, c)) {
			fd[16] = (unsigned char)wd[c];
			fd[17] = (unsigned char)col_decimals(t, c);
		} else {
			fd[16] = (unsigned char)(wd[c] % 256);
			fd[17] = (unsigned char)(wd[c] / 256);
		}
		if (mf_put(dbf, fd, sizeof fd))
			return 1;
	}
	return mf_put(dbf, "\r", 1);    /* 0x0D: end of the field descriptors */
}

/*
 * The .dbf records of t from the encoded text[] (NULL: no value, '*' in a
 * number), laid out by wd[] and off[] in rec (reclen bytes), then the end
 * of file mark. CL_EOUTPUT for a value wider than its column.
 */
static int dbf_records(const struct cl_table *t, char **text, const int *wd, const int *off,
		       char *rec, int reclen, struct memfile *dbf, const char *what,
		       struct cl_error *err)
{
	char num[DBF_WIDTH_MAX + 1];

	for (int r = 0; r < t->nrows; r++) {
		memset(rec, ' ', (size_t)reclen);   /* ' ' in byte 0: not deleted */
		for (int c = 0; c < t->ncols; c++) {
			const char *v = text[(long)r * t->ncols + c];
			int isnum = col_numeric(t, c);
			size_t n;

			if (!v) {
				memset(rec + off[c], isnum ? '*' : ' ', (size_t)wd[c]);
				continue;
			}
			if (isnum) {
				snprintf(num, sizeof num, "%*.*f",   /* shapelib's "%W.Df" */
					 wd[c] < DBF_WIDTH_MAX - 1 ? wd[c] : DBF_WIDTH_MAX - 1,
					 col_decimals(t, c), strtod(v, NULL));
				v = num;
			}
			n = strlen(v);
			if (n > (size_t)wd[c])
				return cl_fail(err, CL_EOUTPUT, "%s: record %d: field %s: \"%s\" is "
					       "wider than its %d characters", what, r + 1,
					       t->cols[c].name, v, wd[c]);
			memcpy(rec + off[c], v, n);
		}
		if (mf_put(dbf, rec, (size_t)reclen))
			return cl_oom(err, "writing %s", what);
	}
	if (mf_put(dbf, "\x1a", 1))     /* end of file */
		return cl_oom(err, "writing %s", what);
	return CL_OK;
}

/*
 * The .dbf of t: names[] and text[] encoded, width[] the widest value of
 * each column, ldid the code page byte (0: none, the .cpg says it).
 */
static int build_dbf(const struct cl_table *t, char **names, const int *width,
		     char **text, int ldid, struct memfile *dbf, const char *what,
		     struct cl_error *err)
{
	char *rec = NULL;
	int *wd = NULL, *off = NULL, reclen = 1, rc;
	size_t hlen = 32 * ((size_t)t->ncols + 1) + 1;

	if (hlen > 65535)
		return cl_fail(err, CL_EOUTPUT, "%s: %d fields: more than a .dbf holds (2046)",
			       what, t->ncols);
	wd = calloc((size_t)t->ncols + 1, sizeof *wd);
	off = calloc((size_t)t->ncols + 1, sizeof *off);
	if (!wd || !off) {
		rc = cl_oom(err, "writing %s", what);
		goto cleanup;
	}
	rc = dbf_layout(t, width, wd, off, &reclen, what, err);
	if (rc)
		goto cleanup;
	if (dbf_header(t, names, wd, hlen, reclen, ldid, dbf) ||
	    !(rec = malloc((size_t)reclen))) {
		rc = cl_oom(err, "writing %s", what);
		goto cleanup;
	}
	rc = dbf_records(t, text, wd, off, rec, reclen, dbf, what, err);
cleanup:
	free(rec);
	free(wd);
	free(off);
	return rc;
}

/* Copy a member built in memory to its stream. */
static int copy_out(const struct memfile *m, FILE *fp, const char *what,
		    struct cl_error *err)
{
	errno = 0;
	if (fwrite(m->buf, 1, m->len, fp) != m->len) {
		if (errno == ENOMEM)
			return cl_oom(err, "writing %s", what);
		return cl_fail(err, CL_EOUTPUT, "%s: write failed: %s", what,
			       errno ? strerror(errno) : "stream error");
	}
	return CL_OK;
}

/*
 * Every value of t encoded once into text[] (NULL stays NULL; cut at
 * DBF_TEXT_MAX bytes), the widest of each column into width[]; a warning
 * when a character is lost or a value cut.
 */
static int encode_values(const struct cl_table *t, struct cl_encoder *enc, int utf8,
			 const char *encoding, const char *what, char **text, int *width,
			 struct cl_error *err)
{
	long ncells = (long)t->nrows * t->ncols;
	int rc, lossy = 0, cut = 0;

	for (long i = 0; i < ncells; i++) {
		int c = (int)(i % t->ncols);
		const char *v = t->val[i];
		size_t n;

		if (!v)
			continue;
		rc = cl_encoder_run(enc, v, &text[i], &lossy, err);
		if (rc)
			return rc;
		if (strlen(text[i]) > DBF_TEXT_MAX) {
			cut_text(text[i], DBF_TEXT_MAX, utf8);
			cut = 1;
		}
		n = strlen(text[i]);
		if ((int)n > width[c])
			width[c] = (int)n;
	}
	if (lossy)
		cl_warn("%s: some text has characters %s lacks; written as '?' (use the "
			"default UTF-8 to keep them)", what, encoding);
	if (cut)
		cl_warn("%s: some text is longer than the 254 bytes a dBASE field holds; cut",
			what);
	return CL_OK;
}

int cl_shp_write_table(const struct cl_table *t, const char *encoding,
		       const char *what, FILE *shp, FILE *shx, FILE *dbf,
		       struct cl_error *err)
{
	struct memfile f[3] = { { "shp", NULL, 0, 0 }, { "shx", NULL, 0, 0 },
				{ "dbf", NULL, 0, 0 } };
	struct cl_encoder *enc = NULL;
	char **names = NULL, **text = NULL;
	int *width = NULL, rc, utf8;
	long ncells = (long)t->nrows * t->ncols;

	rc = cl_encoder_create(encoding, &enc, err);
	if (rc)
		return rc;
	utf8 = cl_column_eq(encoding, "UTF-8") || cl_column_eq(encoding, "UTF8");
	names = calloc((size_t)t->ncols + 1, sizeof *names);
	width = calloc((size_t)t->ncols + 1, sizeof *width);
	text = calloc((size_t)ncells + 1, sizeof *text);
	if (!names || !width || !text) {
		rc = cl_oom(err, "writing %s", what);
		goto cleanup;
	}
	rc = field_names(t, enc, utf8, what, names, err);
	if (!rc)
		rc = encode_values(t, enc, utf8, encoding, what, text, width, err);
	/* a code page other than UTF-8 is named by the LDID byte 77 (GBK) */
	if (!rc)
		rc = build_shp(t, &f[0], &f[1], what, err);
	if (!rc)
		rc = build_dbf(t, names, width, text, utf8 ? 0 : 77, &f[2], what, err);
	for (int i = 0; !rc && i < 3; i++)
		rc = copy_out(&f[i], i == 0 ? shp : i == 1 ? shx : dbf, what, err);
cleanup:
	for (int i = 0; i < 3; i++)
		free(f[i].buf);
	for (long i = 0; text && i < ncells; i++)
		free(text[i]);
	for (int c = 0; names && c < t->ncols; c++)
		free(names[c]);
	free(text);
	free(names);
	free(width);
	cl_encoder_destroy(enc);
	return rc;
}

/* ---------------------------------------------------------------- polygon layers */

/*
 * Check the rings of polygon record rec: each part a closed ring (its last
 * vertex equal to its first) of at least 4 vertices, with an area, and
 * lon/lat coordinates (transformed in place from the layer's CRS).
 * ring[0..nparts] gets the parts' starts.
 */
static int check_rings(struct shp_reader *rd, int rec, SHPObject *obj,
		       int *ring, struct cl_error *err)
{
	int nparts = obj->nParts > 0 ? obj->nParts : 1;

	for (int i = 0; i < obj->nVertices; i++) {
		int rc = check_coords(rd, rec, &obj->padfX[i], &obj->padfY[i], err);
		if (rc)
			return rc;
	}
	ring[0] = 0;
	for (int k = 0; k < nparts; k++) {
		int a = obj->nParts > 0 ? obj->panPartStart[k] : 0;
		int b = obj->nParts > 0 && k + 1 < obj->nParts ? obj->panPartStart[k + 1]
							      : obj->nVertices;
		double area2 = 0;

		if (a < 0 || b > obj->nVertices || a > b || a != ring[k])
			return cl_fail(err, CL_EINPUT, "%s: %s: ring %d: corrupt vertex range",
				       rd->file[M_SHP], rec_label(rd, rec), k + 1);
		ring[k + 1] = b;
		if (b - a < 4)
			return cl_fail(err, CL_EINPUT, "%s: %s: ring %d has %d vertices; a closed "
				       "ring needs at least 4 (a triangle and its first vertex "
				       "again)", rd->file[M_SHP], rec_label(rd, rec), k + 1, b - a);
		if (obj->padfX[a] != obj->padfX[b - 1] || obj->padfY[a] != obj->padfY[b - 1])
			return cl_fail(err, CL_EINPUT, "%s: %s: ring %d is not closed: it starts "
				       "at %.7f, %.7f and ends at %.7f, %.7f", rd->file[M_SHP],
				       rec_label(rd, rec), k + 1, obj->padfX[a], obj->padfY[a],
				       obj->padfX[b - 1], obj->padfY[b - 1]);
		for (int i = a; i + 1 < b; i++)
			area2 += (obj->padfX[i] - obj->padfX[a]) * (obj->padfY[i + 1] - obj->padfY[a]) -
				 (obj->padfX[i + 1] - obj->padfX[a]) * (obj->padfY[i] - obj->padfY[a]);
		if (area2 == 0)
			return cl_fail(err, CL_EINPUT, "%s: %s: ring %d encloses no area (its "
				       "vertices lie on a line)", rd->file[M_SHP],
				       rec_label(rd, rec), k + 1);
	}
	return CL_OK;
}

/* One record of a polygon layer handed to fn (see cl_shp_read_polygons). */
static int read_polygon(struct shp_reader *rd, int rec,
			int (*fn)(void *, const struct cl_shp_polygon *, struct cl_error *),
			void *user, struct cl_error *err)
{
	SHPObject *obj;
	struct cl_shp_polygon pg;
	char *id = NULL, *name = NULL;
	int *ring = NULL, rc = CL_OK;

	rc = read_object(rd, rec, &obj, err);
	if (rc != CL_OK)
		return rc;
	if (obj->nSHPType == SHPT_NULL || obj->nVertices == 0) {
		rc = cl_fail(err, CL_EINPUT, "%s: %s: null shape (no polygon); draw its zone "
			     "or delete the record", rd->file[M_SHP], rec_label(rd, rec));
		goto cleanup;
	}
	if (!is_polygon_type(obj->nSHPType) || !obj->padfX || !obj->padfY) {
		rc = cl_fail(err, CL_EINPUT, "%s: %s: is a %s shape, not a polygon",
			     rd->file[M_SHP], rec_label(rd, rec),
			     shape_type_name(obj->nSHPType) ? shape_type_name(obj->nSHPType)
							     : "unknown");
		goto cleanup;
	}
	ring = malloc(sizeof *ring * ((size_t)(obj->nParts > 0 ? obj->nParts : 1) + 1));
	if (!ring) {
		rc = cl_oom(err, "reading %s", rd->file[M_SHP]);
		goto cleanup;
	}
	rc = check_rings(rd, rec, obj, ring, err);
	if (!rc && rd->col[CL_FIELD_ID] >= 0)
		rc = column_text(rd, rec, rd->col[CL_FIELD_ID], &id, err);
	if (!rc && rd->col[CL_FIELD_NAME] >= 0)
		rc = column_text(rd, rec, rd->col[CL_FIELD_NAME], &name, err);
	if (rc)
		goto cleanup;
	pg.record = rec;
	pg.nrings = obj->nParts > 0 ? obj->nParts : 1;
	pg.ring = ring;
	pg.npts = ring[pg.nrings];
	pg.x = obj->padfX;
	pg.y = obj->padfY;
	pg.id = id;
	pg.name = name;
	rc = fn(user, &pg, err);
cleanup:
	free(id);
	free(name);
	free(ring);
	SHPDestroyObject(obj);
	return rc;
}

int cl_shp_read_polygons(const char *path,
			 int (*fn)(void *user, const struct cl_shp_polygon *pg,
				   struct cl_error *err),
			 void *user, struct cl_error *err)
{
	struct shp_reader rd;
	int rc;

	memset(&rd, 0, sizeof rd);
	rd.polys = 1;
	rc = open_layer(&rd, path, NULL, err);
	for (int rec = 0; !rc && rec < rd.nrec; rec++) {
		int del;

		rc = record_deleted(&rd, rec, &del, err);
		if (!rc && !del)
			rc = read_polygon(&rd, rec, fn, user, err);
	}
	reader_close(&rd);
	return rc;
}
