/*
 * io/orders.c -- today's orders from a CSV file (see orders.h).
 *
 * The text is decoded to UTF-8 first (io/encoding.c: valid UTF-8 is kept,
 * anything else read as GB18030), then split into records by a small
 * RFC 4180 scanner that keeps the line where each record starts, for
 * messages. Values are checked one by one against the column table below.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/encoding.h"
#include "io/orders.h"
#include "cunlu/log.h"
#include "util/file.h"

#define ORDERS_MAX_BYTES (64u * 1024 * 1024)
#define ORDERS_MAX_LINES 1000000
#define COUNT_MAX 100000        /* parcels on one line */
#define SUM_MAX 1000000         /* parcels of one village */
#define DUE_MAX 365
#define PRIORITY_MAX 100
#define SHOW 60                 /* bytes of a value quoted in messages */

enum col {
	C_ID, C_DELIVER, C_PICKUP, C_BRAND, C_SKILLS, C_DUE, C_PRIORITY,
	C_READY, C_WEIGHT, C_NCOLS
};

/* The columns: canonical name first, then accepted aliases. */
static const char *const col_names[C_NCOLS][3] = {
	[C_ID] = { "ID", NULL, NULL },
	[C_DELIVER] = { "DELIVER", "DEMAND", NULL },
	[C_PICKUP] = { "PICKUP", NULL, NULL },
	[C_BRAND] = { "BRAND", NULL, NULL },
	[C_SKILLS] = { "SKILLS", "SKILL", NULL },
	[C_DUE] = { "DUE", NULL, NULL },
	[C_PRIORITY] = { "PRIORITY", NULL, NULL },
	[C_READY] = { "READY", NULL, NULL },
	[C_WEIGHT] = { "WEIGHT_KG", "WEIGHT", NULL },
};

/* One record being read: its fields point into a scratch buffer. */
struct record {
	int line;          /* where it starts */
	int nfields;
	int cap;
	char **field;
	char *buf;         /* the fields' text, NUL-separated */
	size_t bufcap;
};

/* A printable excerpt of s: at most SHOW bytes, cut on a UTF-8 boundary,
 * control characters as '?'. */
static const char *show(const char *s, char buf[SHOW + 8])
{
	size_t n = 0, o = 0;

	while (s[n] && n < SHOW)
		n++;
	while (n > 0 && n < strlen(s) && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	for (size_t i = 0; i < n; i++)
		buf[o++] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
	if (s[n]) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}

/* ASCII case-insensitive equality. */
static int same_ci(const char *a, const char *b)
{
	while (*a && toupper((unsigned char)*a) == toupper((unsigned char)*b)) {
		a++;
		b++;
	}
	return *a == '\0' && *b == '\0';
}

/* s with ASCII blanks trimmed at both ends, in place. */
static char *trim(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
			 s[n - 1] == '\n'))
		s[--n] = '\0';
	return s;
}

/* "orders.csv: line 7: column DELIVER: " + the formatted rest. */
static int bad(struct cl_error *err, const char *path, int line, int col,
	       const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int bad(struct cl_error *err, const char *path, int line, int col,
	       const char *fmt, ...)
{
	char where[96] = "", what[CL_ERRMSG_MAX];
	va_list ap;

	if (line > 0 && col >= 0)
		snprintf(where, sizeof where, "line %d: column %s: ", line,
			 col_names[col][0]);
	else if (line > 0)
		snprintf(where, sizeof where, "line %d: ", line);
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return cl_fail(err, CL_EINPUT, "%s: %s%s", path, where, what);
}

static void record_free(struct record *r)
{
	free(r->field);
	free(r->buf);
}

/*
 * Read the record at text[*pos..len) into r (fields trimmed of nothing:
 * the caller trims), advancing *pos past its line end and *line by the
 * lines it spans. sep is ',' or '\t'. CL_EINPUT for an unterminated quote
 * or text after a closing quote.
 */
static int next_record(const char *path, const char *text, size_t len,
		       size_t *pos, int *line, char sep, struct record *r,
		       struct cl_error *err)
{
	size_t p = *pos, o = 0;
	int start = *line;

	r->line = start;
	r->nfields = 0;
	if (r->bufcap < len - p + 1) {
		char *b = realloc(r->buf, len - p + 1);
		if (!b)
			return cl_oom(err, "reading %s", path);
		r->buf = b;
		r->bufcap = len - p + 1;
	}
	for (;;) {
		size_t fstart = o;

		if (r->nfields == r->cap) {
			int cap = r->cap ? 2 * r->cap : 16;
			char **f = realloc(r->field, sizeof *f * (size_t)cap);
			if (!f)
				return cl_oom(err, "reading %s", path);
			r->field = f;
			r->cap = cap;
		}
		/* leading blanks before a quote are allowed */
		size_t q = p;
		while (q < len && (text[q] == ' ' || (text[q] == '\t' && sep != '\t')))
			q++;
		if (q < len && text[q] == '"') {
			p = q + 1;
			for (;;) {
				if (p >= len)
					return bad(err, path, start, -1,
						   "a quote opened on this line is never closed");
				if (text[p] == '"') {
					if (p + 1 < len && text[p + 1] == '"') {
						r->buf[o++] = '"';
						p += 2;
						continue;
					}
					p++;
					break;
				}
				if (text[p] == '\n')
					(*line)++;
				r->buf[o++] = text[p++];
			}
			while (p < len && (text[p] == ' ' || (text[p] == '\t' && sep != '\t') ||
					   text[p] == '\r'))
				p++;
			if (p < len && text[p] != sep && text[p] != '\n')
				return bad(err, path, *line, -1,
					   "text after a closing quote (a quote inside a field is written \"\")");
		} else {
			while (p < len && text[p] != sep && text[p] != '\n')
				r->buf[o++] = text[p++];
		}
		r->buf[o++] = '\0';
		r->field[r->nfields++] = r->buf + fstart;
		if (p >= len || text[p] == '\n') {
			if (p < len)
				p++;
			(*line)++;
			break;
		}
		p++;   /* the separator */
	}
	*pos = p;
	return CL_OK;
}

/* 1 when every field of r is blank. */
static int record_blank(const struct record *r)
{
	for (int f = 0; f < r->nfields; f++)
		if (*trim(r->field[f]))
			return 0;
	return 1;
}

/* A whole number from..to (blank: dflt). */
static int get_int(const char *path, int line, int col, const char *s, int dflt,
		   int hi, const char *unit, int *out, struct cl_error *err)
{
	char shown[SHOW + 8], *end;
	long v;

	if (*s == '\0') {
		*out = dflt;
		return CL_OK;
	}
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end == '.' && end > s) {
		/* "12.0" as spreadsheets write whole numbers is fine */
		char *z = end + 1;
		while (*z == '0')
			z++;
		if (*z == '\0' && z > end + 1)
			end = z;
	}
	if (end == s || *end != '\0' || !isdigit((unsigned char)s[s[0] == '-' || s[0] == '+'])) {
		if (strchr(s, '.') && strtod(s, &end) && *end == '\0')
			return bad(err, path, line, col, "\"%s\" is not a whole number of %s",
				   show(s, shown), unit);
		return bad(err, path, line, col, "\"%s\" is not a number", show(s, shown));
	}
	if (v < 0)
		return bad(err, path, line, col, "\"%s\" is negative", show(s, shown));
	if (errno == ERANGE || v > hi)
		return bad(err, path, line, col, "\"%s\" is too large (at most %d %s)",
			   show(s, shown), hi, unit);
	*out = (int)v;
	return CL_OK;
}

/* Check the ';'-separated skill names of s. */
static int check_skills(const char *path, int line, const char *s, struct cl_error *err)
{
	char shown[SHOW + 8];

	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return bad(err, path, line, C_SKILLS,
				   "\"%s\" contains a control character", show(s, shown));
	return CL_OK;
}

/* One data record into o->lines[o->n]. */
static int parse_line(struct cl_orders *o, const struct record *r, const int *colof,
		      struct cl_error *err)
{
	struct cl_order *ln = &o->lines[o->n];
	const char *v[C_NCOLS];
	char shown[SHOW + 8], *end;
	int rc;

	memset(ln, 0, sizeof *ln);
	ln->line = r->line;
	for (int c = 0; c < C_NCOLS; c++)
		v[c] = colof[c] >= 0 && colof[c] < r->nfields ? trim(r->field[colof[c]]) : "";
	if (*v[C_ID] == '\0')
		return bad(err, o->path, r->line, C_ID, "no village ID");
	rc = get_int(o->path, r->line, C_DELIVER, v[C_DELIVER], 0, COUNT_MAX, "parcels",
		     &ln->deliver, err);
	if (rc == CL_OK)
		rc = get_int(o->path, r->line, C_PICKUP, v[C_PICKUP], 0, COUNT_MAX, "parcels",
			     &ln->pickup, err);
	if (rc == CL_OK && get_int(o->path, r->line, C_DUE, v[C_DUE], 0, DUE_MAX, "days",
				   &ln->due_days, err) != CL_OK)
		return bad(err, o->path, r->line, C_DUE,
			   "\"%s\" is not a number of days from 0 (due today) to %d",
			   show(v[C_DUE], shown), DUE_MAX);
	if (rc != CL_OK)
		return rc;
	if (*v[C_PRIORITY]) {
		errno = 0;
		ln->priority = strtod(v[C_PRIORITY], &end);
		if (end == v[C_PRIORITY] || *end != '\0' || errno == ERANGE ||
		    !(ln->priority > 0) || ln->priority > PRIORITY_MAX)
			return bad(err, o->path, r->line, C_PRIORITY,
				   "\"%s\" is not a number above 0 and at most %d",
				   show(v[C_PRIORITY], shown), PRIORITY_MAX);
	}
	if (*v[C_WEIGHT]) {
		errno = 0;
		ln->weight_kg = strtod(v[C_WEIGHT], &end);
		if (end == v[C_WEIGHT] || *end != '\0' || errno == ERANGE ||
		    !(ln->weight_kg >= 0) || ln->weight_kg > CL_MAX_WEIGHT_KG)
			return bad(err, o->path, r->line, C_WEIGHT,
				   "\"%s\" is not a weight in kg from 0 to %.0f",
				   show(v[C_WEIGHT], shown), CL_MAX_WEIGHT_KG);
	}
	if (*v[C_READY] && cl_parse_hhmm(v[C_READY], &ln->ready_s) != CL_OK)
		return bad(err, o->path, r->line, C_READY,
			   "\"%s\" is not a time HH:MM from 00:00 to 24:00",
			   show(v[C_READY], shown));
	if (*v[C_SKILLS]) {
		rc = check_skills(o->path, r->line, v[C_SKILLS], err);
		if (rc != CL_OK)
			return rc;
		ln->skills = strdup(v[C_SKILLS]);
		if (!ln->skills)
			return cl_oom(err, "reading %s", o->path);
	}
	if (colof[C_BRAND] >= 0) {
		ln->brand = strdup(*v[C_BRAND] ? v[C_BRAND] : "other");
		if (!ln->brand)
			return cl_oom(err, "reading %s", o->path);
	}
	ln->id = strdup(v[C_ID]);
	if (!ln->id)
		return cl_oom(err, "reading %s", o->path);
	o->n++;
	return CL_OK;
}

/* The header: which field holds each column. */
static int parse_header(const char *path, struct record *r, int *colof,
			struct cl_error *err)
{
	char shown[SHOW + 8];

	for (int c = 0; c < C_NCOLS; c++)
		colof[c] = -1;
	for (int f = 0; f < r->nfields; f++) {
		const char *name = trim(r->field[f]);
		int c, a = 0;

		if (*name == '\0') {
			if (f == r->nfields - 1 && f > 0)
				continue;   /* a trailing separator */
			return bad(err, path, r->line, -1, "column %d has no name", f + 1);
		}
		for (c = 0; c < C_NCOLS; c++) {
			for (a = 0; a < 3 && col_names[c][a]; a++)
				if (same_ci(name, col_names[c][a]))
					break;
			if (a < 3 && col_names[c][a])
				break;
		}
		if (c == C_NCOLS)
			return bad(err, path, r->line, -1,
				   "unknown column \"%s\" (expected ID, DELIVER, PICKUP and "
				   "optionally BRAND, SKILLS, DUE, PRIORITY, READY)",
				   show(name, shown));
		if (colof[c] >= 0)
			return bad(err, path, r->line, -1,
				   "column %s given twice (columns %d and %d)",
				   col_names[c][0], colof[c] + 1, f + 1);
		colof[c] = f;
	}
	if (colof[C_ID] < 0)
		return bad(err, path, r->line, -1,
			   "no ID column (the header names ID, DELIVER, PICKUP, ...)");
	if (colof[C_DELIVER] < 0 && colof[C_PICKUP] < 0)
		return bad(err, path, r->line, -1,
			   "neither a DELIVER nor a PICKUP column: no parcels to plan");
	return CL_OK;
}

void cl_orders_destroy(struct cl_orders *o)
{
	if (!o)
		return;
	for (int i = 0; i < o->n; i++) {
		free(o->lines[i].id);
		free(o->lines[i].brand);
		free(o->lines[i].skills);
	}
	free(o->lines);
	free(o->path);
	free(o);
}

/* Line of byte offset off in text. */
static int line_of(const char *text, size_t off)
{
	int line = 1;

	for (size_t i = 0; i < off; i++)
		line += text[i] == '\n';
	return line;
}

/* text[0..len) as UTF-8 in *utf8 (new); *gbk = 1 when it was not UTF-8. */
static int to_utf8(const char *path, const char *text, size_t len, char **utf8,
		   int *gbk, struct cl_error *err)
{
	struct cl_decoder *dec = NULL;
	struct cl_error e2;
	const char *nul = memchr(text, '\0', len);
	int rc;

	*utf8 = NULL;
	*gbk = 0;
	if (nul)
		return bad(err, path, line_of(text, (size_t)(nul - text)), -1,
			   "NUL byte (is this a CSV file?)");
	if (cl_utf8_valid(text, len)) {
		*utf8 = malloc(len + 1);
		if (!*utf8)
			return cl_oom(err, "reading %s", path);
		memcpy(*utf8, text, len);
		(*utf8)[len] = '\0';
		return CL_OK;
	}
	rc = cl_decoder_create("GB18030", &dec, err);
	if (rc != CL_OK)
		return rc;
	cl_error_clear(&e2);
	rc = cl_decoder_run(dec, text, len, utf8, NULL, &e2);
	cl_decoder_destroy(dec);
	if (rc == CL_EINPUT) {
		/* find the first bad line for the message */
		size_t s = 0;
		int line = 1;
		while (s < len) {
			size_t e = s;
			while (e < len && text[e] != '\n')
				e++;
			if (!cl_utf8_valid(text + s, e - s)) {
				char *tmp = NULL;
				struct cl_decoder *d2 = NULL;
				int bad_line = 0;
				if (cl_decoder_create("GB18030", &d2, &e2) == CL_OK) {
					bad_line = cl_decoder_run(d2, text + s, e - s, &tmp, NULL, &e2) != CL_OK;
					free(tmp);
					cl_decoder_destroy(d2);
				}
				if (bad_line)
					break;
			}
			s = e + 1;
			line++;
		}
		return bad(err, path, line, -1,
			   "neither UTF-8 nor GBK text (save the file as CSV UTF-8)");
	}
	if (rc != CL_OK)
		return cl_fail(err, rc, "%s: %s", path, e2.msg);
	*gbk = 1;
	return CL_OK;
}

/*
 * The start of the header in body[0..blen) (blank lines before it skipped:
 * *pos and *line move past them) and the separator its first line uses:
 * ',' unless the first field ends at a tab. An empty file is an error.
 */
static int find_header(const char *path, const char *body, size_t blen, size_t *pos,
		       int *line, char *sep, struct cl_error *err)
{
	size_t e;

	while (*pos < blen && (body[*pos] == '\n' || body[*pos] == '\r' || body[*pos] == ' ')) {
		*line += body[*pos] == '\n';
		(*pos)++;
	}
	if (*pos >= blen)
		return bad(err, path, 0, -1, "empty file (expected a header line: ID,DELIVER,PICKUP,...)");
	e = *pos;
	while (e < blen && body[e] != '\n' && body[e] != ',')
		e++;
	*sep = e < blen && body[e] == ',' ? ',' : '\t';
	if (*sep == '\t' && !memchr(body + *pos, '\t', e - *pos))
		*sep = ',';
	return CL_OK;
}

/* Room for one more line in o->lines (*cap of them allocated). */
static int grow_lines(struct cl_orders *o, int *cap, struct cl_error *err)
{
	int ncap = *cap ? 2 * *cap : 64;
	struct cl_order *l;

	if (o->n < *cap)
		return CL_OK;
	l = realloc(o->lines, sizeof *l * (size_t)ncap);
	if (!l)
		return cl_oom(err, "reading %s", o->path);
	o->lines = l;
	*cap = ncap;
	return CL_OK;
}

/*
 * The data records of body[*pos..blen) into o->lines (blank records
 * skipped, no more fields than the header's columns colof[]), reading with
 * r; *line is the line of *pos.
 */
static int read_lines(struct cl_orders *o, const char *body, size_t blen, size_t *pos,
		      int *line, char sep, struct record *r, const int *colof,
		      struct cl_error *err)
{
	int ncols = 0, cap = 0, rc;

	for (int c = 0; c < C_NCOLS; c++)
		if (colof[c] + 1 > ncols)
			ncols = colof[c] + 1;
	while (*pos < blen) {
		rc = next_record(o->path, body, blen, pos, line, sep, r, err);
		if (rc != CL_OK)
			return rc;
		if (record_blank(r))
			continue;
		/* trailing empty fields (a separator at the end) are fine */
		while (r->nfields > ncols && *trim(r->field[r->nfields - 1]) == '\0')
			r->nfields--;
		if (r->nfields > ncols)
			return bad(err, o->path, r->line, -1,
				   "%d fields, but the header names %d columns",
				   r->nfields, ncols);
		if (o->n >= ORDERS_MAX_LINES)
			return bad(err, o->path, r->line, -1, "more than %d order lines",
				   ORDERS_MAX_LINES);
		if ((rc = grow_lines(o, &cap, err)) != CL_OK)
			return rc;
		rc = parse_line(o, r, colof, err);
		if (rc != CL_OK) {
			/* parse_line leaves a half-made line: free its strings */
			free(o->lines[o->n].id);
			free(o->lines[o->n].brand);
			free(o->lines[o->n].skills);
			return rc;
		}
	}
	return CL_OK;
}

int cl_orders_parse(const char *path, const char *text, size_t len,
		    struct cl_orders **out, struct cl_error *err)
{
	struct cl_orders *o = NULL;
	struct record r;
	char *utf8 = NULL, sep = ',';
	const char *body;
	size_t pos = 0, blen;
	int colof[C_NCOLS], line = 1, rc;

	*out = NULL;
	memset(&r, 0, sizeof r);
	if (len > ORDERS_MAX_BYTES)
		return bad(err, path, 0, -1, "too large (more than %u bytes)", ORDERS_MAX_BYTES);
	o = calloc(1, sizeof *o);
	if (!o || !(o->path = strdup(path))) {
		rc = cl_oom(err, "reading %s", path);
		goto cleanup;
	}
	rc = to_utf8(path, text, len, &utf8, &o->guessed_gbk, err);
	if (rc != CL_OK)
		goto cleanup;
	body = utf8;
	blen = strlen(utf8);
	if (blen >= 3 && memcmp(body, "\xef\xbb\xbf", 3) == 0) {
		body += 3;
		blen -= 3;
	}
	rc = find_header(path, body, blen, &pos, &line, &sep, err);
	if (rc == CL_OK)
		rc = next_record(path, body, blen, &pos, &line, sep, &r, err);
	if (rc == CL_OK)
		rc = parse_header(path, &r, colof, err);
	if (rc != CL_OK)
		goto cleanup;
	o->has_brand = colof[C_BRAND] >= 0;
	o->has_ready = colof[C_READY] >= 0;
	o->has_weight = colof[C_WEIGHT] >= 0;
	rc = read_lines(o, body, blen, &pos, &line, sep, &r, colof, err);
	if (rc != CL_OK)
		goto cleanup;
	*out = o;
	o = NULL;
cleanup:
	record_free(&r);
	free(utf8);
	cl_orders_destroy(o);
	return rc;
}

int cl_orders_read(const char *path, struct cl_orders **out, struct cl_error *err)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	rc = cl_file_read(path, "the orders file", ORDERS_MAX_BYTES, &data, &len, err);
	if (rc != CL_OK)
		return rc;
	rc = cl_orders_parse(path, data, len, out, err);
	free(data);
	if (rc == CL_OK && (*out)->guessed_gbk)
		cl_warn("%s: not UTF-8; read as GBK (GB18030)", path);
	return rc;
}

/* ---------------------------------------------------------------- applying */

/* The key an ID is matched by: digits-only IDs without leading zeros. */
static const char *id_key(const char *id, char *buf, size_t size)
{
	const char *p = id;

	if (*p == '\0')
		return id;
	for (const char *q = id; *q; q++)
		if (!isdigit((unsigned char)*q))
			return id;
	while (p[0] == '0' && p[1])
		p++;
	snprintf(buf, size, "%s", p);
	return buf;
}

struct keyed {
	char *key;
	int site;
};

static int keyed_cmp(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : (x->site > y->site) - (x->site < y->site);
}

/* Add the skills of line ln (';'-separated) to *mask. */
static int line_skills(const struct cl_orders *o, const struct cl_order *ln,
		       struct cl_names *skills, uint64_t *mask, struct cl_error *err)
{
	char *copy, *p, *next, shown[SHOW + 8];
	int rc = CL_OK;

	if (!ln->skills)
		return CL_OK;
	copy = strdup(ln->skills);
	if (!copy)
		return cl_oom(err, "reading %s", o->path);
	for (p = copy; p && rc == CL_OK; p = next) {
		char *name;
		int k;

		next = strchr(p, ';');
		if (next)
			*next++ = '\0';
		name = trim(p);
		if (*name == '\0')
			continue;
		k = cl_names_add(skills, name, CL_MAX_SKILLS);
		if (k == -2)
			rc = cl_oom(err, "reading %s", o->path);
		else if (k < 0)
			rc = bad(err, o->path, ln->line, C_SKILLS,
				 "\"%s\" is one skill too many (at most %d distinct skills)",
				 show(name, shown), CL_MAX_SKILLS);
		else
			*mask |= (uint64_t)1 << k;
	}
	free(copy);
	return rc;
}

/* Add n parcels of line ln's brand to site s. */
static int add_brand(const struct cl_orders *o, const struct cl_order *ln,
		     struct cl_site *s, struct cl_names *brands, struct cl_error *err)
{
	int b = cl_names_add(brands, ln->brand, INT_MAX);
	struct cl_brand_qty *grown;

	if (b < 0)
		return cl_oom(err, "reading %s", o->path);
	for (int k = 0; k < s->nbrands; k++)
		if (s->brands[k].brand == b) {
			s->brands[k].deliver += ln->deliver;
			s->brands[k].pickup += ln->pickup;
			return CL_OK;
		}
	grown = realloc(s->brands, sizeof *grown * (size_t)(s->nbrands + 1));
	if (!grown)
		return cl_oom(err, "reading %s", o->path);
	s->brands = grown;
	s->brands[s->nbrands].brand = b;
	s->brands[s->nbrands].deliver = ln->deliver;
	s->brands[s->nbrands].pickup = ln->pickup;
	s->nbrands++;
	return CL_OK;
}

int cl_orders_apply(const struct cl_orders *o, struct cl_site *sites,
		    int nsites, int *nlines, struct cl_names *skills,
		    struct cl_names *brands, struct cl_error *err)
{
	struct keyed *index = NULL;
	char kbuf[64], shown[SHOW + 8];
	int rc = CL_OK;

	for (int i = 0; i < nsites; i++)
		nlines[i] = 0;
	index = calloc((size_t)(nsites > 0 ? nsites : 1), sizeof *index);
	if (!index)
		return cl_oom(err, "reading %s", o->path);
	for (int i = 0; i < nsites && rc == CL_OK; i++) {
		index[i].key = strdup(id_key(sites[i].id ? sites[i].id : "", kbuf, sizeof kbuf));
		index[i].site = i;
		if (!index[i].key)
			rc = cl_oom(err, "reading %s", o->path);
	}
	if (rc != CL_OK)
		goto cleanup;
	qsort(index, (size_t)nsites, sizeof *index, keyed_cmp);
	for (int l = 0; l < o->n && rc == CL_OK; l++) {
		const struct cl_order *ln = &o->lines[l];
		struct keyed key = { (char *)(uintptr_t)id_key(ln->id, kbuf, sizeof kbuf), -1 };
		struct keyed *hit;
		struct cl_site *s;
		long lo = 0, hi = nsites;

		/* the first entry with this key */
		while (lo < hi) {
			long mid = (lo + hi) / 2;
			if (strcmp(index[mid].key, key.key) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		hit = lo < nsites && strcmp(index[lo].key, key.key) == 0 ? &index[lo] : NULL;
		if (!hit) {
			rc = bad(err, o->path, ln->line, C_ID,
				 "no village with ID \"%s\" in the village layer",
				 show(ln->id, shown));
			break;
		}
		if (lo + 1 < nsites && strcmp(index[lo + 1].key, key.key) == 0) {
			char la[CL_LABEL_MAX], lb[CL_LABEL_MAX];
			rc = bad(err, o->path, ln->line, C_ID,
				 "ID \"%s\" is shared by %s and %s of the village layer; "
				 "give each village its own ID", show(ln->id, shown),
				 cl_site_label(&sites[hit->site], la, sizeof la),
				 cl_site_label(&sites[index[lo + 1].site], lb, sizeof lb));
			break;
		}
		s = &sites[hit->site];
		if (nlines[hit->site] == 0) {
			/* the orders replace the layer's standing amounts */
			s->demand = 0;
			s->pickup = 0;
			if (o->has_weight)
				s->weight_kg = 0;
			s->due_days = ln->due_days;
			free(s->brands);
			s->brands = NULL;
			s->nbrands = 0;
		}
		nlines[hit->site]++;
		if ((long)s->demand + ln->deliver > SUM_MAX ||
		    (long)s->pickup + ln->pickup > SUM_MAX) {
			rc = bad(err, o->path, ln->line, ln->deliver ? C_DELIVER : C_PICKUP,
				 "village \"%s\" gets more than %d parcels", show(ln->id, shown),
				 SUM_MAX);
			break;
		}
		if (s->weight_kg + ln->weight_kg > CL_MAX_WEIGHT_KG) {
			rc = bad(err, o->path, ln->line, C_WEIGHT,
				 "village \"%s\" gets more than %.0f kg", show(ln->id, shown),
				 CL_MAX_WEIGHT_KG);
			break;
		}
		s->weight_kg += ln->weight_kg;
		s->demand += ln->deliver;
		s->pickup += ln->pickup;
		if (ln->due_days < s->due_days)
			s->due_days = ln->due_days;
		if (ln->priority > s->priority)
			s->priority = ln->priority;
		if (ln->ready_s > s->release_s)
			s->release_s = ln->ready_s;
		rc = line_skills(o, ln, skills, &s->skills, err);
		if (rc == CL_OK && ln->brand)
			rc = add_brand(o, ln, s, brands, err);
	}
cleanup:
	for (int i = 0; i < nsites; i++)
		free(index[i].key);
	free(index);
	return rc;
}
