/*
 * io/csv.c -- villages from a CSV table (io/csv.h).
 *
 * The whole file is read (bounded), turned into UTF-8 once, split into
 * rows of fields (RFC 4180), and each data row goes through the same
 * value checks as a .dbf record (io/fields.c).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cunlu/log.h"
#include "io/csv.h"
#include "io/encoding.h"
#include "io/fields.h"
#include "io/proj.h"
#include "util/file.h"

/* One row: its first line in the file and its fields (owned). */
struct row {
	int line;
	int n;
	char **f;
};

struct table {
	const char *path;
	int strict;
	int nrows, cap;          /* rows[0] is the header */
	struct row *rows;
	char label[256];
};

static void table_free(struct table *t)
{
	for (int r = 0; r < t->nrows; r++) {
		for (int i = 0; i < t->rows[r].n; i++)
			free(t->rows[r].f[i]);
		free(t->rows[r].f);
	}
	free(t->rows);
	t->rows = NULL;
	t->nrows = t->cap = 0;
}

/* ---------------------------------------------------------------- splitting */

/* The separator: ',' unless the header has none but has ';' or tabs. */
static char separator(const char *s)
{
	int comma = 0, semi = 0, tab = 0, quoted = 0;

	for (; *s && (quoted || (*s != '\n' && *s != '\r')); s++) {
		if (*s == '"')
			quoted = !quoted;
		else if (!quoted)
			comma += *s == ',', semi += *s == ';', tab += *s == '\t';
	}
	if (comma)
		return ',';
	return tab >= semi ? (tab ? '\t' : ',') : ';';
}

/* A growable string. */
struct buf {
	char *s;
	size_t n, cap;
};

static int buf_put(struct buf *b, char c)
{
	if (b->n + 1 >= b->cap) {
		size_t cap = b->cap * 2 + 32;
		char *s = realloc(b->s, cap);

		if (!s)
			return -1;
		b->s = s;
		b->cap = cap;
	}
	b->s[b->n++] = c;
	b->s[b->n] = '\0';
	return 0;
}

static int add_field(struct row *row, struct buf *b, int *cap)
{
	char *copy = strdup(b->n ? b->s : "");

	if (!copy)
		return -1;
	if (row->n == *cap) {
		int nc = *cap * 2 + 8;
		char **f = realloc(row->f, sizeof *f * (size_t)nc);

		if (!f) {
			free(copy);
			return -1;
		}
		row->f = f;
		*cap = nc;
	}
	row->f[row->n++] = copy;
	b->n = 0;
	if (b->s)
		b->s[0] = '\0';
	return 0;
}

static int add_row(struct table *t, struct row *row)
{
	if (t->nrows == t->cap) {
		int nc = t->cap * 2 + 64;
		struct row *r = realloc(t->rows, sizeof *r * (size_t)nc);

		if (!r)
			return -1;
		t->rows = r;
		t->cap = nc;
	}
	t->rows[t->nrows++] = *row;
	memset(row, 0, sizeof *row);
	return 0;
}

/*
 * Split UTF-8 text into rows of fields (RFC 4180: a field in double quotes
 * may hold the separator, line breaks and "" for a quote). Rows whose
 * fields are all blank are dropped. CL_EINPUT for a quote never closed.
 */
static int split(struct table *t, const char *s, struct cl_error *err)
{
	char sep = separator(s);
	struct row row = { 1, 0, NULL };
	struct buf b = { NULL, 0, 0 };
	int line = 1, cap = 0, quoted = 0, qline = 0, rc = CL_OK, blank = 1;

	for (const char *p = s;; p++) {
		char c = *p;

		if (quoted) {
			if (c == '\0') {
				rc = cl_fail(err, CL_EINPUT, "%s: line %d: a quoted value is never "
					     "closed (a \" without its closing \")", t->path, qline);
				goto done;
			}
			if (c == '"' && p[1] == '"') {
				p++;
			} else if (c == '"') {
				quoted = 0;
				continue;
			}
			if (c == '\n')
				line++;
			if (buf_put(&b, c) != 0)
				goto nomem;
			continue;
		}
		if (c == '"' && b.n == 0) {
			quoted = 1;
			qline = line;
			blank = 0;
			continue;
		}
		if (c == sep) {
			if (add_field(&row, &b, &cap) != 0)
				goto nomem;
			continue;
		}
		if (c == '\r' || c == '\n' || c == '\0') {
			if (add_field(&row, &b, &cap) != 0)
				goto nomem;
			for (int i = 0; i < row.n && blank; i++)
				blank = strspn(row.f[i], " \t") == strlen(row.f[i]);
			if (!blank) {
				if (add_row(t, &row) != 0)
					goto nomem;
			} else {
				for (int i = 0; i < row.n; i++)
					free(row.f[i]);
				free(row.f);
				memset(&row, 0, sizeof row);
			}
			cap = 0;
			blank = 1;
			if (c == '\0')
				break;
			if (c == '\r' && p[1] == '\n')
				p++;
			line++;
			row.line = line;
			continue;
		}
		if (c != ' ' && c != '\t')
			blank = 0;
		if (buf_put(&b, c) != 0)
			goto nomem;
	}
	goto done;
nomem:
	rc = cl_oom(err, "reading %s", t->path);
done:
	for (int i = 0; i < row.n; i++)
		free(row.f[i]);
	free(row.f);
	free(b.s);
	return rc;
}

/* ---------------------------------------------------------------- text */

/* The file's text as UTF-8 in *out (owned): a BOM dropped, GBK converted. */
static int to_utf8(const struct table *t, const char *data, size_t len, char **out,
		   struct cl_error *err)
{
	struct cl_decoder *dec = NULL;
	int guessed = 0, rc;

	*out = NULL;
	if (len >= 2 && (((unsigned char)data[0] == 0xFF && (unsigned char)data[1] == 0xFE) ||
			 ((unsigned char)data[0] == 0xFE && (unsigned char)data[1] == 0xFF)))
		return cl_fail(err, CL_EINPUT, "%s: UTF-16 text (Excel's \"Unicode Text\"); save "
			       "the sheet as \"CSV UTF-8\" or plain \"CSV\" instead", t->path);
	if (memchr(data, '\0', len))
		return cl_fail(err, CL_EINPUT, "%s: holds NUL bytes; not a CSV text file "
			       "(an .xlsx workbook? save it as CSV)", t->path);
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
		data += 3;
		len -= 3;
	}
	if (len >= 2 && data[0] == 'P' && data[1] == 'K')
		return cl_fail(err, CL_EINPUT, "%s: a zip file (an .xlsx workbook?); save the "
			       "sheet as CSV", t->path);
	if (cl_utf8_valid(data, len)) {
		*out = strndup(data, len);
		return *out ? CL_OK : cl_oom(err, "reading %s", t->path);
	}
	rc = cl_decoder_create(NULL, &dec, err);
	if (!rc)
		rc = cl_decoder_run(dec, data, len, out, &guessed, err);
	cl_decoder_destroy(dec);
	if (rc == CL_EINPUT)
		return cl_fail_prefix(err, "%s: neither UTF-8 nor GBK (GB18030) text", t->path);
	if (rc)
		return rc;
	return cl_fields_warn(t->strict, err,
			      "%s: not UTF-8; read as GBK (GB18030), as Excel saves CSV "
			      "on a Chinese Windows", t->path);
}

/* ---------------------------------------------------------------- rows */

/* "line 7 (ID V004 "上林村")" for messages. */
static const char *row_label(struct table *t, const struct row *row, const int *col)
{
	const char *id = col[CL_FIELD_ID] >= 0 && col[CL_FIELD_ID] < row->n ?
			 row->f[col[CL_FIELD_ID]] : "";
	const char *name = col[CL_FIELD_NAME] >= 0 && col[CL_FIELD_NAME] < row->n ?
			   row->f[col[CL_FIELD_NAME]] : "";
	char a[80], b[80];

	cl_excerpt(a, sizeof a, id);
	cl_excerpt(b, sizeof b, name);
	if (*a && *b)
		snprintf(t->label, sizeof t->label, "line %d (ID %s \"%s\")", row->line, a, b);
	else if (*a || *b)
		snprintf(t->label, sizeof t->label, "line %d (%s%s)", row->line, *a ? "ID " : "",
			 *a ? a : b);
	else
		snprintf(t->label, sizeof t->label, "line %d", row->line);
	return t->label;
}

/* A value of the row, trimmed; NULL when blank or missing. */
static char *value(const struct row *row, int c)
{
	char *s, *e;

	if (c < 0 || c >= row->n)
		return NULL;
	s = row->f[c];
	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return *s ? s : NULL;
}

/* The columns: "ID, NAME, ..." for messages. */
static void column_list(const struct row *h, char *list, size_t size)
{
	size_t o = 0;

	list[0] = '\0';
	for (int i = 0; i < h->n; i++) {
		size_t room = size - 8 - o;
		char shown[80];
		int w;

		cl_excerpt(shown, sizeof shown, h->f[i]);   /* one line, whatever the name */
		w = snprintf(list + o, room, "%s%s", i ? ", " : "", shown);

		if (w < 0 || (size_t)w >= room) {
			memcpy(list + o, ", ...", 6);
			return;
		}
		o += (size_t)w;
	}
	if (!h->n)
		snprintf(list, size, "(none)");
}

/* The position of a row: degrees, or --crs units transformed. */
static int position(struct table *t, const struct row *row, const int *col,
		    const char *const *colname, struct cl_crs *crs, struct cl_site *s,
		    struct cl_error *err)
{
	const char *txt[2] = { value(row, col[CL_FIELD_LON]), value(row, col[CL_FIELD_LAT]) };
	double v[2];
	char q[80], guess[320], code[16];

	for (int k = 0; k < 2; k++) {
		int f = k ? CL_FIELD_LAT : CL_FIELD_LON;

		if (!txt[k])
			return cl_fail(err, CL_EINPUT, "%s: %s: column %s: no %s", t->path,
				       row_label(t, row, col), colname[f],
				       k ? "latitude" : "longitude");
		cl_excerpt(q, sizeof q, txt[k]);
		if (!(crs ? cl_parse_number(txt[k], &v[k]) : cl_parse_degrees(txt[k], &v[k])))
			return cl_fail(err, CL_EINPUT, "%s: %s: column %s: \"%s\" is not a %s%s",
				       t->path, row_label(t, row, col), colname[f], q,
				       k ? "latitude" : "longitude",
				       crs ? "" : " (decimal degrees such as 107.4321, or "
				       "degrees-minutes-seconds such as 107\xc2\xb0" "25'55.6\")");
	}
	if (crs) {
		double x = v[0], y = v[1];

		if (cl_crs_to_lonlat(crs, &v[0], &v[1]) != 0)
			return cl_fail(err, CL_EINPUT, "%s: %s: x=%.10g, y=%.10g cannot be "
				       "transformed from \"%s\" to longitude/latitude; are they in "
				       "that coordinate system?", t->path, row_label(t, row, col),
				       x, y, cl_crs_name(crs));
	} else if (fabs(v[0]) > 180 || fabs(v[1]) > 90) {
		if (fabs(v[0]) <= 90 && fabs(v[1]) <= 180)
			return cl_fail(err, CL_EINPUT, "%s: %s: longitude %.10g, latitude %.10g: "
				       "latitude must be within -90..90; looks like the two columns "
				       "are swapped (give --field lon=%s --field lat=%s)", t->path,
				       row_label(t, row, col), v[0], v[1], colname[CL_FIELD_LAT],
				       colname[CL_FIELD_LON]);
		cl_crs_guess(v[0], v[1], guess, sizeof guess, code);
		return cl_fail(err, CL_EINPUT, "%s: %s: x=%.10g, y=%.10g are not longitude/latitude; "
			       "they look like %s. Name the coordinate system with --crs %s",
			       t->path, row_label(t, row, col), v[0], v[1], guess,
			       code[0] ? code : "EPSG:NNNN");
	}
	s->lon = v[0];
	s->lat = v[1];
	return CL_OK;
}

/* The kept columns of a row into s->kept ("" when blank). */
static int kept(const struct row *row, const int *keepcol, int nkeep, struct cl_site *s,
		struct cl_error *err)
{
	if (nkeep == 0)
		return CL_OK;
	s->kept = calloc((size_t)nkeep, sizeof *s->kept);
	if (!s->kept)
		return cl_oom(err, "reading kept columns");
	s->nkept = nkeep;
	for (int k = 0; k < nkeep; k++) {
		const char *v = value(row, keepcol[k]);

		s->kept[k] = strdup(v ? v : "");
		if (!s->kept[k])
			return cl_oom(err, "reading kept columns");
	}
	return CL_OK;
}

/* ---------------------------------------------------------------- the reader */

/* Find each field's column; the ones named on the command line must exist. */
static int map_columns(struct table *t, const struct cl_shp_read_opts *o, int *col,
		       const char **colname, int *keepcol, struct cl_error *err)
{
	const struct cl_fieldmap *fm = o ? o->fm : NULL;
	const struct row *h = &t->rows[0];
	char list[640];
	int used[1024] = { 0 }, rc;

	for (int i = 0; i < h->n; i++) {
		char *e = h->f[i] + strlen(h->f[i]);

		while (e > h->f[i] && (e[-1] == ' ' || e[-1] == '\t'))
			*--e = '\0';
		/* names go into one-line messages: no control characters */
		for (char *p = h->f[i]; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7F)
				*p = '?';
	}
	column_list(h, list, sizeof list);
	for (int f = 0; f < CL_FIELD_COUNT; f++) {
		col[f] = -1;
		for (int i = 0; i < h->n && col[f] < 0; i++)
			if (cl_field_matches(fm, f, h->f[i]))
				col[f] = i;
		colname[f] = col[f] >= 0 ? h->f[col[f]] : cl_field_default_column(f);
		if (col[f] >= 0 && col[f] < 1024)
			used[col[f]] = 1;
		if (col[f] >= 0 || (f < CL_FIELD_NATTR && cl_field_is_default(fm, f)))
			continue;
		if (!cl_field_is_default(fm, f))
			return cl_fail(err, CL_EINPUT, "%s: column \"%s\" (--field %s=%s) does not "
				       "exist; the columns are: %s", t->path, fm->name[f],
				       cl_field_key(f), fm->name[f], list);
		return cl_fail(err, CL_EINPUT, "%s: no %s column (looked for %s; name it with "
			       "--field %s=COLUMN); the columns are: %s", t->path,
			       f == CL_FIELD_LON ? "longitude" : "latitude",
			       f == CL_FIELD_LON ? "LON, X, LONGITUDE, LNG, \xe7\xbb\x8f\xe5\xba\xa6"
						 : "LAT, Y, LATITUDE, \xe7\xba\xac\xe5\xba\xa6",
			       cl_field_key(f), list);
	}
	for (int k = 0; fm && k < fm->nkeep; k++) {
		keepcol[k] = -1;
		for (int i = 0; i < h->n && keepcol[k] < 0; i++)
			if (cl_column_eq(h->f[i], fm->keep[k]))
				keepcol[k] = i;
		if (keepcol[k] < 0)
			return cl_fail(err, CL_EINPUT, "%s: column \"%s\" (--keep-fields) does not "
				       "exist; the columns are: %s", t->path, fm->keep[k], list);
		if (keepcol[k] < 1024)
			used[keepcol[k]] = 1;
	}
	for (int f = 0; o && o->warn_defaults && f < CL_FIELD_NATTR; f++) {
		int sug;

		if (col[f] >= 0 || !cl_field_default_text(f))
			continue;
		sug = cl_field_suggest(f, (const char *const *)h->f, h->n < 1024 ? h->n : 1024, used);
		rc = cl_fields_warn(t->strict, err,
				    "%s: no column %s: every village gets %s; map the column "
				    "that holds it with --field %s=%s (the columns: %s)", t->path,
				    cl_field_default_column(f), cl_field_default_text(f),
				    cl_field_key(f), sug >= 0 ? h->f[sug] : "COLUMN", list);
		if (rc)
			return rc;
	}
	return CL_OK;
}

/* One data row into *s (io/fields.c for the values). */
static int read_row(struct table *t, const struct row *row, int idx, const int *col,
		    const char *const *colname, const int *keepcol, int nkeep,
		    const struct cl_fieldmap *fm, struct cl_crs *crs, int *blanks,
		    struct cl_site *s, struct cl_error *err)
{
	char *text[CL_FIELD_NATTR];
	struct cl_fieldloc loc = { t->path, "line", row->line, "column", NULL };
	int rc;

	if (row->n > t->rows[0].n) {
		for (int i = t->rows[0].n; i < row->n; i++)
			if (strspn(row->f[i], " \t") != strlen(row->f[i]))
				return cl_fail(err, CL_EINPUT, "%s: %s: %d values but the header "
					       "names %d columns (a separator inside a value that is "
					       "not in double quotes?)", t->path,
					       row_label(t, row, col), row->n, t->rows[0].n);
	}
	s->record = idx;
	rc = position(t, row, col, colname, crs, s, err);
	if (rc)
		return rc;
	for (int f = 0; f < CL_FIELD_NATTR; f++) {
		text[f] = value(row, col[f]);
		if (!text[f] && col[f] >= 0)
			blanks[f]++;
	}
	loc.label = row_label(t, row, col);
	rc = cl_fields_to_site(text, colname, &loc, idx + 1, fm, s, err);
	if (!rc)
		rc = kept(row, keepcol, nkeep, s, err);
	return rc;
}

int cl_csv_parse_sites(const char *path, const char *data, size_t len,
		       const struct cl_shp_read_opts *o, struct cl_site **sites,
		       int *nsites, struct cl_error *err)
{
	struct table t;
	struct cl_site *out = NULL;
	struct cl_crs *crs = NULL;
	const char *colname[CL_FIELD_COUNT];
	int col[CL_FIELD_COUNT], keepcol[CL_KEEP_MAX], blanks[CL_FIELD_NATTR] = { 0 };
	int n = 0, rc, nkeep = o && o->fm ? o->fm->nkeep : 0;
	char *text = NULL;

	*sites = NULL;
	*nsites = 0;
	memset(&t, 0, sizeof t);
	t.path = path;
	t.strict = o && o->strict;
	rc = to_utf8(&t, data, len, &text, err);
	if (!rc)
		rc = split(&t, text, err);
	if (rc)
		goto cleanup;
	if (t.nrows == 0) {
		rc = cl_fail(err, CL_EINPUT, "%s: empty; expected a header row naming the "
			     "columns, then one row per village", path);
		goto cleanup;
	}
	rc = map_columns(&t, o, col, colname, keepcol, err);
	if (rc)
		goto cleanup;
	if (t.nrows == 1) {
		rc = cl_fail(err, CL_EINPUT, "%s: no villages (only the header row)", path);
		goto cleanup;
	}
	if (o && o->crs) {
		char what[128];

		snprintf(what, sizeof what, "--crs %s", o->crs);
		rc = cl_crs_create(o->crs, what, &crs, err);
		if (rc)
			goto cleanup;
	}
	out = calloc((size_t)t.nrows, sizeof *out);
	if (!out) {
		rc = cl_oom(err, "reading %s", path);
		goto cleanup;
	}
	for (int r = 1; r < t.nrows; r++) {
		rc = read_row(&t, &t.rows[r], r - 1, col, colname, keepcol, nkeep,
			      o ? o->fm : NULL, crs, blanks, &out[n], err);
		n++;
		if (rc)
			goto cleanup;
	}
	for (int f = 0; o && o->warn_defaults && f < CL_FIELD_NATTR && !rc; f++)
		if (blanks[f] && cl_field_default_text(f))
			rc = cl_fields_warn(t.strict, err,
					    "%s: %s is blank in %d of %d rows: each gets %s",
					    path, colname[f], blanks[f], n,
					    cl_field_default_text(f));
	if (rc)
		goto cleanup;
	*sites = out;
	*nsites = n;
	out = NULL;
cleanup:
	cl_sites_free(out, n);
	cl_crs_destroy(crs);
	table_free(&t);
	free(text);
	return rc;
}

int cl_csv_read_sites(const char *path, const struct cl_shp_read_opts *o,
		      struct cl_site **sites, int *nsites, struct cl_error *err)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	*sites = NULL;
	*nsites = 0;
	rc = cl_file_read(path, NULL, (size_t)CL_CSV_MAX, &data, &len, err);
	if (rc)
		return rc;
	rc = cl_csv_parse_sites(path, data, len, o, sites, nsites, err);
	free(data);
	return rc;
}
