/*
 * io/fields.c -- the village attributes shared by the readers (io/fields.h).
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cunlu/log.h"
#include "io/encoding.h"
#include "io/fields.h"

#define MAX_PARCELS 1000000     /* per village and direction */
#define MAX_SERVICE_MIN 1440.0  /* one day */

/* The default column names of each field; the first is fm->name[f]. */
static const char *const defaults[CL_FIELD_COUNT][6] = {
	[CL_FIELD_ID] = { "ID" },
	[CL_FIELD_NAME] = { "NAME" },
	[CL_FIELD_DEMAND] = { "DEMAND" },
	[CL_FIELD_PICKUP] = { "PICKUP" },
	[CL_FIELD_SERVICE] = { "SERVICE" },
	[CL_FIELD_TW_START] = { "TW_START" },
	[CL_FIELD_TW_END] = { "TW_END" },
	[CL_FIELD_VEHICLES] = { "VEHICLES" },
	[CL_FIELD_SKILLS] = { "SKILLS" },
	[CL_FIELD_DAYS] = { "DAYS" },
	[CL_FIELD_PRIORITY] = { "PRIORITY" },
	[CL_FIELD_DRONE] = { "DRONE" },
	[CL_FIELD_WEIGHT] = { "WEIGHT_KG", "WEIGHT" },
	[CL_FIELD_LON] = { "LON", "X", "LONGITUDE", "LNG", "\xe7\xbb\x8f\xe5\xba\xa6" /* 经度 */ },
	[CL_FIELD_LAT] = { "LAT", "Y", "LATITUDE", "\xe7\xba\xac\xe5\xba\xa6" /* 纬度 */ },
};

static const char *const field_keys[CL_FIELD_COUNT] = {
	[CL_FIELD_ID] = "id", [CL_FIELD_NAME] = "name",
	[CL_FIELD_DEMAND] = "demand", [CL_FIELD_PICKUP] = "pickup",
	[CL_FIELD_SERVICE] = "service", [CL_FIELD_TW_START] = "tw_start",
	[CL_FIELD_TW_END] = "tw_end", [CL_FIELD_VEHICLES] = "vehicles",
	[CL_FIELD_SKILLS] = "skills", [CL_FIELD_DAYS] = "days",
	[CL_FIELD_PRIORITY] = "priority", [CL_FIELD_DRONE] = "drone",
	[CL_FIELD_WEIGHT] = "weight_kg", [CL_FIELD_LON] = "lon", [CL_FIELD_LAT] = "lat",
};

/*
 * Property keys the outputs write for every stop: a kept column of the
 * same name would be written twice. (Compared without regard to case.)
 */
static const char *const output_keys[] = {
	"kind", "vehicle", "type", "mode", "trip", "seq", "id", "name", "arrival",
	"start", "depart", "load", "deliver", "pickup", "reason", "status",
	"snap_m", "lon", "lat", "run_id",
};

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

int cl_column_eq(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	while (la > 0 && a[la - 1] == ' ')
		la--;
	while (lb > 0 && b[lb - 1] == ' ')
		lb--;
	if (la != lb)
		return 0;
	for (size_t i = 0; i < la; i++)
		if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
			return 0;
	return 1;
}

void cl_excerpt(char *dst, size_t size, const char *s)
{
	size_t o = 0, n = strlen(s);

	for (size_t i = 0; i < n && o + 5 < size;) {
		unsigned char c = (unsigned char)s[i];
		size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;

		if (o >= 60) {
			memcpy(dst + o, "...", 3);
			o += 3;
			break;
		}
		if (c < 0x20 || c == 0x7F || i + len > n || !cl_utf8_valid(s + i, len)) {
			dst[o++] = '?';
			i++;
			continue;
		}
		memcpy(dst + o, s + i, len);
		o += len;
		i += len;
	}
	dst[o] = '\0';
}

/* ---------------------------------------------------------------- the map */

void cl_fieldmap_default(struct cl_fieldmap *fm)
{
	memset(fm, 0, sizeof *fm);
	for (int f = 0; f < CL_FIELD_COUNT; f++)
		fm->name[f] = defaults[f][0];
}

const char *cl_field_key(int f)
{
	return f >= 0 && f < CL_FIELD_COUNT ? field_keys[f] : "?";
}

const char *cl_field_default_column(int f)
{
	return f >= 0 && f < CL_FIELD_COUNT ? defaults[f][0] : "?";
}

int cl_field_is_default(const struct cl_fieldmap *fm, int f)
{
	return !fm || fm->name[f] == defaults[f][0];
}

int cl_field_matches(const struct cl_fieldmap *fm, int f, const char *col)
{
	if (!cl_field_is_default(fm, f))
		return fm->name[f] && cl_column_eq(col, fm->name[f]);
	for (int k = 0; k < 6 && defaults[f][k]; k++)
		if (cl_column_eq(col, defaults[f][k]))
			return 1;
	return 0;
}

int cl_fieldmap_set(struct cl_fieldmap *fm, const char *spec,
		    struct cl_error *err)
{
	const char *eq = strchr(spec, '=');
	const char *key = spec, *col;
	size_t klen;

	if (!eq)
		return cl_fail(err, CL_EINPUT,
			       "--field \"%s\": expected key=COLUMN, e.g. demand=PARCELS", spec);
	while (*key == ' ')
		key++;
	klen = (size_t)(eq - key);
	while (klen > 0 && key[klen - 1] == ' ')
		klen--;
	col = eq + 1;
	while (*col == ' ')
		col++;
	if (*col == '\0')
		return cl_fail(err, CL_EINPUT,
			       "--field \"%s\": no column name after '='", spec);
	for (int f = 0; f < CL_FIELD_COUNT; f++) {
		size_t n = strlen(field_keys[f]);
		int match = klen == n;

		for (size_t i = 0; match && i < n; i++) {
			int c = lower((unsigned char)key[i]);
			if (c == '-')
				c = '_';
			match = c == field_keys[f][i];
		}
		if (match) {
			fm->name[f] = col;
			return CL_OK;
		}
	}
	{
		char keys[256];
		size_t o = 0;

		keys[0] = '\0';
		for (int f = 0; f < CL_FIELD_COUNT; f++)
			o += (size_t)snprintf(keys + o, sizeof keys - o, "%s%s", f ? ", " : "",
					      field_keys[f]);
		return cl_fail(err, CL_EINPUT, "--field \"%s\": unknown key \"%.*s\"; keys are %s",
			       spec, (int)klen, key, keys);
	}
}

/* The names of list appended to fm->keep; may stop halfway on error. */
static int keep_list(struct cl_fieldmap *fm, const char *list,
		     struct cl_error *err)
{
	size_t used = 0;

	for (int k = 0; k < fm->nkeep; k++)
		used += strlen(fm->keep[k]) + 1;
	for (const char *p = list;;) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char *dst;

		while (n > 0 && *p == ' ') {
			p++;
			n--;
		}
		while (n > 0 && p[n - 1] == ' ')
			n--;
		if (n == 0)
			return cl_fail(err, CL_EINPUT, "--keep-fields \"%s\": empty column name; "
				       "expected names separated by commas, e.g. LXR,DH", list);
		if (fm->nkeep == CL_KEEP_MAX || used + n + 1 > CL_KEEP_BUF)
			return cl_fail(err, CL_EINPUT, "--keep-fields: more than %d columns "
				       "(or %d characters)", CL_KEEP_MAX, CL_KEEP_BUF - 1);
		dst = fm->keepbuf + used;
		memcpy(dst, p, n);
		dst[n] = '\0';
		for (size_t i = 0; i < sizeof output_keys / sizeof output_keys[0]; i++)
			if (cl_column_eq(dst, output_keys[i]))
				return cl_fail(err, CL_EINPUT, "--keep-fields: \"%s\" is a property "
					       "every output already has; keep other columns (to "
					       "read a column as %s, use --field %s=COLUMN)", dst,
					       output_keys[i], output_keys[i]);
		for (int k = 0; k < fm->nkeep; k++)
			if (cl_column_eq(dst, fm->keep[k]))
				return cl_fail(err, CL_EINPUT, "--keep-fields: \"%s\" is named twice",
					       dst);
		fm->keep[fm->nkeep++] = dst;
		used += n + 1;
		if (!end)
			return CL_OK;
		p = end + 1;
	}
}

int cl_fieldmap_keep(struct cl_fieldmap *fm, const char *list,
		     struct cl_error *err)
{
	int before = fm->nkeep, rc = keep_list(fm, list, err);

	if (rc)
		fm->nkeep = before;     /* all of the list or nothing */
	return rc;
}

/* ---------------------------------------------------------------- text */

/*
 * Copy s into buf[0..size) with full-width ASCII forms (U+FF01..U+FF5E,
 * what a Chinese input method types: "０８：３０") turned into ASCII and
 * the ideographic space into a space, blanks trimmed. 0, or -1 when it
 * does not fit.
 */
static int normalize(const char *s, char *buf, size_t size)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t o = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	while (*p) {
		if (o + 4 >= size)
			return -1;
		if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x81 && p[2] <= 0xBF) {
			buf[o++] = (char)(p[2] - 0x81 + 0x21);      /* U+FF01..U+FF3F */
			p += 3;
		} else if (p[0] == 0xEF && p[1] == 0xBD && p[2] >= 0x80 && p[2] <= 0x9E) {
			buf[o++] = (char)(p[2] - 0x80 + 0x60);      /* U+FF40..U+FF5E */
			p += 3;
		} else if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) {
			buf[o++] = ' ';                               /* U+3000 */
			p += 3;
		} else {
			buf[o++] = (char)*p++;
		}
	}
	while (o > 0 && (buf[o - 1] == ' ' || buf[o - 1] == '\t'))
		o--;
	buf[o] = '\0';
	return 0;
}

/* s starts with prefix: return the rest, else NULL. */
static const char *skip(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(s, prefix, n) == 0 ? s + n : NULL;
}

static const char *skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Up to maxd decimal digits into *v; the rest of s, or NULL if none. */
static const char *digits(const char *s, int maxd, int *v)
{
	int n = 0;

	*v = 0;
	while (*s >= '0' && *s <= '9' && n < maxd) {
		*v = *v * 10 + (*s++ - '0');
		n++;
	}
	return n ? s : NULL;
}

int cl_parse_number(const char *s, double *v)
{
	char buf[128];
	const char *p;
	char *end;
	int ndig = 0;

	if (normalize(s, buf, sizeof buf) != 0)
		return 0;
	p = buf;
	if (*p == '+' || *p == '-')
		p++;
	while (*p >= '0' && *p <= '9') {
		p++;
		ndig++;
	}
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9') {
			p++;
			ndig++;
		}
	}
	if (!ndig)
		return 0;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p)
		return 0;
	errno = 0;
	*v = strtod(buf, &end);
	return *end == '\0' && errno == 0 && isfinite(*v);
}

enum meridiem { NONE, AM, PM, NOON };

/* "8点", "8点30", "8点30分", "8点半", "8点整", "8时30分". */
static int parse_dian(const char *p, int *h, int *m)
{
	const char *q;

	p = digits(p, 2, h);
	if (!p)
		return 0;
	if (!(q = skip(p, "\xe7\x82\xb9")) && !(q = skip(p, "\xe6\x97\xb6")))   /* 点 时 */
		return 0;
	p = q;
	*m = 0;
	if ((q = skip(p, "\xe5\x8d\x8a")) != NULL) {                            /* 半 */
		*m = 30;
		p = q;
	} else if ((q = skip(p, "\xe6\x95\xb4")) != NULL) {                     /* 整 */
		p = q;
	} else if (*p >= '0' && *p <= '9') {
		p = digits(p, 2, m);
		if ((q = skip(p, "\xe5\x88\x86")) != NULL)                        /* 分 */
			p = q;
	}
	return *p == '\0';
}

/* "H:MM" or "H:MM:SS" (H one or two digits). */
static int parse_colon(const char *p, int *h, int *m, int *sec)
{
	p = digits(p, 2, h);
	if (!p || *p++ != ':')
		return 0;
	if (!(p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9'))
		return 0;
	*m = (p[0] - '0') * 10 + (p[1] - '0');
	p += 2;
	*sec = 0;
	if (*p == ':') {
		if (!(p[1] >= '0' && p[1] <= '9' && p[2] >= '0' && p[2] <= '9'))
			return 0;
		*sec = (p[1] - '0') * 10 + (p[2] - '0');
		p += 3;
		if (*p == '.')     /* fractions of a second: "08:30:00.000" */
			while (*++p >= '0' && *p <= '9')
				;
	}
	return *p == '\0';
}

/* Skip a leading date "2024-05-01 ", "2024/5/1 " or "2024-05-01T". */
static const char *skip_date(const char *p)
{
	int y, mo, d;
	const char *q = digits(p, 4, &y);

	if (!q || q - p != 4 || (*q != '-' && *q != '/' && *q != '.'))
		return p;
	q = digits(q + 1, 2, &mo);
	if (!q || (*q != '-' && *q != '/' && *q != '.'))
		return p;
	q = digits(q + 1, 2, &d);
	if (!q || (*q != ' ' && *q != 'T'))
		return p;
	return skip_blanks(q + 1);
}

int cl_parse_time_text(const char *s, int *secs)
{
	static const struct { const char *word; enum meridiem m; } words[] = {
		{ "\xe4\xb8\x8a\xe5\x8d\x88", AM },    /* 上午 */
		{ "\xe6\x97\xa9\xe4\xb8\x8a", AM },    /* 早上 */
		{ "\xe5\x87\x8c\xe6\x99\xa8", AM },    /* 凌晨 */
		{ "\xe4\xb8\x8b\xe5\x8d\x88", PM },    /* 下午 */
		{ "\xe6\x99\x9a\xe4\xb8\x8a", PM },    /* 晚上 */
		{ "\xe5\x82\x8d\xe6\x99\x9a", PM },    /* 傍晚 */
		{ "\xe4\xb8\xad\xe5\x8d\x88", NOON },  /* 中午 */
	};
	char buf[128];
	char *p;
	size_t n;
	enum meridiem mer = NONE;
	int h = 0, m = 0, sec = 0;
	double v;

	if (normalize(s, buf, sizeof buf) != 0 || !buf[0])
		return CL_EINPUT;
	/* An Excel day fraction: a number with a decimal point in [0, 1]. */
	if (strchr(buf, '.') && !strchr(buf, ':') && cl_parse_number(buf, &v)) {
		if (v < 0 || v > 1)
			return CL_EINPUT;
		*secs = (int)lround(v * 1440.0) * 60;
		return CL_OK;
	}
	p = (char *)skip_date(buf);
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		const char *q = skip(p, words[i].word);
		if (q) {
			mer = words[i].m;
			p = (char *)skip_blanks(q);
			break;
		}
	}
	n = strlen(p);
	if (mer == NONE && n >= 2) {
		int a = lower((unsigned char)p[n - 2]), b = lower((unsigned char)p[n - 1]);
		if ((a == 'a' || a == 'p') && b == 'm') {
			mer = a == 'a' ? AM : PM;
			p[n - 2] = '\0';
			while (n > 2 && p[n - 3] == ' ')
				p[--n - 2] = '\0';
		}
	}
	if (!parse_colon(p, &h, &m, &sec) && !parse_dian(p, &h, &m))
		return CL_EINPUT;
	if (mer != NONE && h > 12)
		return CL_EINPUT;
	if (mer == AM && h == 12)
		h = 0;
	else if (mer == PM && h < 12)
		h += 12;
	else if (mer == NOON && h < 11)
		h += 12;
	if (m > 59 || sec > 59 || h > 24 || (h == 24 && (m || sec)))
		return CL_EINPUT;
	*secs = h * 3600 + m * 60 + sec;
	return CL_OK;
}

int cl_parse_degrees(const char *s, double *deg)
{
	static const char *const marks[] = {
		"\xc2\xb0", "\xe2\x80\xb2", "\xe2\x80\xb3", "'", "\"", "d", "D",
		"\xe5\xba\xa6", "\xe5\x88\x86", "\xe7\xa7\x92",  /* 度 分 秒 */
	};
	char buf[128], num[64];
	double part[3] = { 0, 0, 0 }, sign = 1;
	const char *p;
	int np = 0;
	size_t n;

	if (normalize(s, buf, sizeof buf) != 0 || !buf[0])
		return 0;
	if (cl_parse_number(buf, deg))
		return 1;
	p = buf;
	n = strlen(buf);
	if (strchr("NSEWnsew", buf[0])) {
		sign = buf[0] == 'S' || buf[0] == 's' || buf[0] == 'W' || buf[0] == 'w' ? -1 : 1;
		p++;
	} else if (n > 0 && strchr("NSEWnsew", buf[n - 1])) {
		char c = buf[n - 1];
		sign = c == 'S' || c == 's' || c == 'W' || c == 'w' ? -1 : 1;
		buf[--n] = '\0';
	}
	while (*p) {
		size_t k = 0;

		p = skip_blanks(p);
		if (!*p)
			break;
		if (*p == '-' && np == 0) {
			sign = -sign;
			p++;
		}
		while ((p[k] >= '0' && p[k] <= '9') || p[k] == '.')
			k++;
		if (k == 0 || k >= sizeof num || np == 3)
			return 0;
		memcpy(num, p, k);
		num[k] = '\0';
		if (!cl_parse_number(num, &part[np++]))
			return 0;
		p = skip_blanks(p + k);
		/* at most one unit mark after each number */
		for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
			const char *q = skip(p, marks[i]);
			if (q) {
				p = q;
				break;
			}
		}
	}
	if (np < 2 || part[1] >= 60 || part[2] >= 60)
		return 0;
	*deg = sign * (part[0] + part[1] / 60.0 + part[2] / 3600.0);
	return 1;
}

/* ---------------------------------------------------------------- values */

static int loc_fail(struct cl_error *err, const struct cl_fieldloc *loc,
		    const char *col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* "FILE: record N: field COL: " (or "FILE: LABEL: field COL: ") + the message. */
static int loc_fail(struct cl_error *err, const struct cl_fieldloc *loc,
		    const char *col, const char *fmt, ...)
{
	char msg[CL_ERRMSG_MAX], shown[80];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	cl_excerpt(shown, sizeof shown, col);
	if (loc->label)
		return cl_fail(err, CL_EINPUT, "%s: %s: %s %s: %s", loc->file, loc->label,
			       loc->colword, shown, msg);
	return cl_fail(err, CL_EINPUT, "%s: %s %d: %s %s: %s", loc->file, loc->unit,
		       loc->num, loc->colword, shown, msg);
}

/* A count of parcels (DEMAND, PICKUP): a whole number >= 0. */
static int value_count(const char *s, const char *col, const struct cl_fieldloc *loc,
		       int dflt, int *out, struct cl_error *err)
{
	char q[80];
	double v;

	*out = dflt;
	if (!s)
		return CL_OK;
	cl_excerpt(q, sizeof q, s);
	if (!cl_parse_number(s, &v))
		return loc_fail(err, loc, col, "\"%s\" is not a number", q);
	if (v < 0)
		return loc_fail(err, loc, col, "\"%s\" is negative; parcels must be 0 or more", q);
	if (v != floor(v))
		return loc_fail(err, loc, col, "\"%s\" is not a whole number of parcels", q);
	if (v > MAX_PARCELS)
		return loc_fail(err, loc, col, "\"%s\" is more than %d parcels", q, MAX_PARCELS);
	*out = (int)v;
	return CL_OK;
}

/* SERVICE: minutes >= 0, possibly fractional, to whole seconds. */
static int value_service(const char *s, const char *col, const struct cl_fieldloc *loc,
			 int *out, struct cl_error *err)
{
	char q[80];
	double v;

	*out = 5 * 60;
	if (!s)
		return CL_OK;
	cl_excerpt(q, sizeof q, s);
	if (!cl_parse_number(s, &v))
		return loc_fail(err, loc, col, "\"%s\" is not a number of minutes", q);
	if (v < 0)
		return loc_fail(err, loc, col, "\"%s\" is negative; service minutes must be 0 "
				"or more", q);
	if (v > MAX_SERVICE_MIN)
		return loc_fail(err, loc, col, "\"%s\" minutes is more than a day", q);
	*out = (int)lround(v * 60.0);
	return CL_OK;
}

/* TW_START / TW_END: a time as cl_parse_time_text() reads it. */
static int value_time(const char *s, const char *col, const struct cl_fieldloc *loc,
		      int dflt, int *out, struct cl_error *err)
{
	char q[80];
	double v;

	*out = dflt;
	if (!s || cl_parse_time_text(s, out) == CL_OK)
		return CL_OK;
	cl_excerpt(q, sizeof q, s);
	if (cl_parse_number(s, &v) && v == floor(v) && v >= 0 && v <= 24)
		return loc_fail(err, loc, col, "\"%s\" is not a time; expected HH:MM, e.g. "
				"%02d:00 for %d o'clock (a number with a decimal point is read "
				"as Excel's fraction of a day)", q, (int)v, (int)v);
	return loc_fail(err, loc, col, "\"%s\" is not a time; expected HH:MM (e.g. 08:30; "
			"also read: 8:30, 08\xef\xbc\x9a" "30, 8\xe7\x82\xb9" "30, 2:30 PM, "
			"Excel day fractions such as 0.354)", q);
}

/* The next item of a list separated by ';', ',', blanks, '、', '；' or
 * '，': copied into buf (trimmed), the rest returned; NULL at the end. */
static const char *list_item(const char *p, char *buf, size_t size)
{
	static const char *const seps[] = {
		";", ",", " ", "\t", "\xe3\x80\x81", "\xef\xbc\x9b", "\xef\xbc\x8c",
	};
	size_t o = 0;

	for (;;) {
		size_t n = 0;

		if (!*p) {
			buf[o] = '\0';
			return o ? p : NULL;
		}
		for (size_t i = 0; i < sizeof seps / sizeof seps[0] && !n; i++)
			if (strncmp(p, seps[i], strlen(seps[i])) == 0)
				n = strlen(seps[i]);
		if (n) {
			p += n;
			if (o) {
				buf[o] = '\0';
				return p;
			}
			continue;
		}
		if (o + 1 < size)
			buf[o++] = *p;
		p++;
	}
}

int cl_parse_days(const char *s, unsigned *mask)
{
	char item[64], buf[128];
	const char *p;
	unsigned m = 0;

	if (normalize(s, buf, sizeof buf) != 0)
		return 0;
	/* a numeric column: "135" (or "135.0") */
	{
		size_t n = strspn(buf, "1234567");
		if (n > 1 && (buf[n] == '\0' || strcmp(buf + n, ".0") == 0 ||
			      strcmp(buf + n, ".00") == 0)) {
			for (size_t i = 0; i < n; i++)
				m |= 1u << (buf[i] - '0');
			*mask = m;
			return 1;
		}
	}
	for (p = list_item(buf, item, sizeof item); p; p = list_item(p, item, sizeof item)) {
		int a, b;
		char *dash = strchr(item, '-');

		if (dash && dash[1] >= '1' && dash[1] <= '7' && dash[2] == '\0' && dash == item + 1 &&
		    item[0] >= '1' && item[0] <= '7') {
			a = item[0] - '0';
			b = dash[1] - '0';
			if (a > b)
				return 0;
		} else if (item[0] >= '1' && item[0] <= '7' &&
			   (item[1] == '\0' || strcmp(item + 1, ".0") == 0)) {
			a = b = item[0] - '0';
		} else {
			return 0;
		}
		for (int d = a; d <= b; d++)
			m |= 1u << d;
	}
	if (!m)
		return 0;
	*mask = m;
	return 1;
}

/* VEHICLES: vehicle type names into a mask of types (0 when blank). */
static int value_vehicles(const char *s, const char *col, const struct cl_fieldloc *loc,
			  const struct cl_fieldmap *fm, uint64_t *out, struct cl_error *err)
{
	char item[256], q[80], names[512];
	const char *p;
	uint64_t m = 0;

	*out = 0;
	if (!s || !fm || !fm->types)
		return CL_OK;
	for (p = list_item(s, item, sizeof item); p; p = list_item(p, item, sizeof item)) {
		int t, hit = -1;

		for (t = 0; t < fm->ntypes && hit < 0; t++)
			if (strcmp(fm->types[t].name, item) == 0)
				hit = t;
		for (t = 0; t < fm->ntypes && hit < 0; t++)
			if (cl_column_eq(fm->types[t].name, item))
				hit = t;
		if (hit < 0) {
			size_t o = 0;

			names[0] = '\0';
			for (t = 0; t < fm->ntypes && o < sizeof names; t++)
				o += (size_t)snprintf(names + o, sizeof names - o, "%s%s",
						      t ? ", " : "", fm->types[t].name);
			cl_excerpt(q, sizeof q, item);
			return loc_fail(err, loc, col, "no vehicle type \"%s\" in the fleet "
					"(it has %s)", q, names);
		}
		if (hit >= 64)
			return loc_fail(err, loc, col, "a village can name vehicle types only in "
					"a fleet of at most 64 types (this one has %d)", fm->ntypes);
		m |= (uint64_t)1 << hit;
	}
	*out = m;
	return CL_OK;
}

/* SKILLS: skill names into a mask of bits of fm->skills. */
static int value_skills(const char *s, const char *col, const struct cl_fieldloc *loc,
			const struct cl_fieldmap *fm, uint64_t *out, struct cl_error *err)
{
	char item[256], q[80];
	const char *p;

	*out = 0;
	if (!s || !fm || !fm->types || !fm->skills)
		return CL_OK;
	for (p = list_item(s, item, sizeof item); p; p = list_item(p, item, sizeof item)) {
		int k = cl_names_add(fm->skills, item, CL_MAX_SKILLS);

		if (k == -2)
			return cl_fail(err, CL_EINTERNAL, "out of memory");
		cl_excerpt(q, sizeof q, item);
		if (k < 0)
			return loc_fail(err, loc, col, "\"%s\" is one skill too many (at most %d "
					"distinct skills)", q, CL_MAX_SKILLS);
		*out |= (uint64_t)1 << k;
	}
	return CL_OK;
}

/* DAYS: weekdays into a mask (0 = every day). */
static int value_days(const char *s, const char *col, const struct cl_fieldloc *loc,
		      unsigned *out, struct cl_error *err)
{
	char q[80];

	*out = 0;
	if (!s || cl_parse_days(s, out))
		return CL_OK;
	cl_excerpt(q, sizeof q, s);
	return loc_fail(err, loc, col, "\"%s\" is not a list of weekdays; expected numbers "
			"1 (Monday) to 7 (Sunday) such as 1;3;5 or 1-5", q);
}

/* PRIORITY: a number above 0, at most 100 (0 when blank). */
static int value_priority(const char *s, const char *col, const struct cl_fieldloc *loc,
			  double *out, struct cl_error *err)
{
	char q[80];
	double v;

	*out = 0;
	if (!s)
		return CL_OK;
	cl_excerpt(q, sizeof q, s);
	if (!cl_parse_number(s, &v) || !(v > 0) || v > 100)
		return loc_fail(err, loc, col, "\"%s\" is not a priority (a number above 0, "
				"at most 100; 1 is normal)", q);
	*out = v;
	return CL_OK;
}

/* DRONE: 1 = a landing point, 0 = none (0 when blank). */
static int value_drone(const char *s, const char *col, const struct cl_fieldloc *loc,
		       int *out, struct cl_error *err)
{
	static const char *const yes[] = {
		"yes", "y", "true", "t", "\xe6\x98\xaf" /* 是 */, "\xe6\x9c\x89" /* 有 */
	};
	static const char *const no[] = {
		"no", "n", "false", "f", "\xe5\x90\xa6" /* 否 */, "\xe6\x97\xa0" /* 无 */
	};
	char q[80];
	double v;

	*out = 0;
	if (!s)
		return CL_OK;
	if (cl_parse_number(s, &v) && (v == 0 || v == 1)) {
		*out = v == 1;
		return CL_OK;
	}
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (cl_column_eq(s, yes[i])) {
			*out = 1;
			return CL_OK;
		}
		if (cl_column_eq(s, no[i]))
			return CL_OK;
	}
	cl_excerpt(q, sizeof q, s);
	return loc_fail(err, loc, col, "\"%s\" is not a landing-point flag; expected 1 "
			"(the village has a drone landing point) or 0 (none)", q);
}

/* WEIGHT_KG: kg >= 0, at most CL_MAX_WEIGHT_KG (0 when blank). */
static int value_weight(const char *s, const char *col, const struct cl_fieldloc *loc,
			double *out, struct cl_error *err)
{
	char q[80];
	double v;

	*out = 0;
	if (!s)
		return CL_OK;
	cl_excerpt(q, sizeof q, s);
	if (!cl_parse_number(s, &v))
		return loc_fail(err, loc, col, "\"%s\" is not a weight in kg", q);
	if (!(v >= 0) || v > CL_MAX_WEIGHT_KG)
		return loc_fail(err, loc, col, "\"%s\" kg is out of range (0 to %.0f)", q,
				CL_MAX_WEIGHT_KG);
	*out = v;
	return CL_OK;
}

static int dup_text(const char *s, char **out, struct cl_error *err)
{
	*out = strdup(s);
	return *out ? CL_OK : cl_fail(err, CL_EINTERNAL, "out of memory");
}

int cl_fields_to_site(char *const text[CL_FIELD_NATTR],
		      const char *const col[CL_FIELD_NATTR],
		      const struct cl_fieldloc *loc, int idnum,
		      const struct cl_fieldmap *fm, struct cl_site *s,
		      struct cl_error *err)
{
	char a[16], b[16], num[32];
	int rc;

	s->id = s->name = NULL;
	rc = value_count(text[CL_FIELD_DEMAND], col[CL_FIELD_DEMAND], loc, 1, &s->demand, err);
	if (!rc)
		rc = value_count(text[CL_FIELD_PICKUP], col[CL_FIELD_PICKUP], loc, 0,
				 &s->pickup, err);
	if (!rc)
		rc = value_service(text[CL_FIELD_SERVICE], col[CL_FIELD_SERVICE], loc,
				   &s->service_s, err);
	if (!rc)
		rc = value_time(text[CL_FIELD_TW_START], col[CL_FIELD_TW_START], loc, 0,
				&s->tw_start_s, err);
	if (!rc)
		rc = value_time(text[CL_FIELD_TW_END], col[CL_FIELD_TW_END], loc, 24 * 3600,
				&s->tw_end_s, err);
	if (!rc && s->tw_end_s < s->tw_start_s) {
		cl_format_hhmm(s->tw_end_s, a);
		cl_format_hhmm(s->tw_start_s, b);
		rc = loc_fail(err, loc, col[CL_FIELD_TW_END], "closing time %s is before the "
			      "opening time %s (%s)", a, b, col[CL_FIELD_TW_START]);
	}
	if (!rc)
		rc = value_vehicles(text[CL_FIELD_VEHICLES], col[CL_FIELD_VEHICLES], loc, fm,
				    &s->vmask, err);
	if (!rc)
		rc = value_skills(text[CL_FIELD_SKILLS], col[CL_FIELD_SKILLS], loc, fm,
				  &s->skills, err);
	if (!rc)
		rc = value_days(text[CL_FIELD_DAYS], col[CL_FIELD_DAYS], loc, &s->days, err);
	if (!rc)
		rc = value_priority(text[CL_FIELD_PRIORITY], col[CL_FIELD_PRIORITY], loc,
				    &s->priority, err);
	if (!rc)
		rc = value_drone(text[CL_FIELD_DRONE], col[CL_FIELD_DRONE], loc, &s->drone, err);
	if (!rc)
		rc = value_weight(text[CL_FIELD_WEIGHT], col[CL_FIELD_WEIGHT], loc,
				  &s->weight_kg, err);
	if (rc)
		return rc;
	snprintf(num, sizeof num, "%d", idnum);
	rc = dup_text(text[CL_FIELD_ID] ? text[CL_FIELD_ID] : num, &s->id, err);
	if (!rc)
		rc = dup_text(text[CL_FIELD_NAME] ? text[CL_FIELD_NAME] : "", &s->name, err);
	if (rc) {
		free(s->id);
		s->id = NULL;
	}
	return rc;
}

/* ---------------------------------------------------------------- missing columns */

/* What each field becomes when its column is missing or a value blank;
 * NULL for the optional fields (VEHICLES, SKILLS, DAYS, PRIORITY: blank
 * means "no restriction", nothing to warn about). */
static const char *const default_text[CL_FIELD_NATTR] = {
	[CL_FIELD_ID] = "its record number as ID",
	[CL_FIELD_NAME] = "an empty name",
	[CL_FIELD_DEMAND] = "1 parcel to deliver",
	[CL_FIELD_PICKUP] = "0 parcels to collect",
	[CL_FIELD_SERVICE] = "5 minutes at the stop",
	[CL_FIELD_TW_START] = "opening time 00:00",
	[CL_FIELD_TW_END] = "closing time 24:00",
};

/*
 * Column names that often hold a field in county data (Chinese and
 * English), to suggest a --field mapping. A column matches when its name
 * is one of these (case-insensitive) or, for the Chinese ones, contains
 * it.
 */
static const char *const synonyms[CL_FIELD_NATTR][8] = {
	[CL_FIELD_ID] = { "编号", "代码", "站点编号", "CODE", "NO", NULL },
	[CL_FIELD_NAME] = { "名称", "村名", "站点名", "村庄", "名字", NULL },
	[CL_FIELD_DEMAND] = { "件数", "派件", "数量", "票数", "PARCELS", "QTY", "QUANTITY", NULL },
	[CL_FIELD_PICKUP] = { "揽收", "揽件", "收件", "寄件", "COLLECT", NULL },
	[CL_FIELD_SERVICE] = { "服务", "停留", "时长", NULL },
	[CL_FIELD_TW_START] = { "开门", "营业开始", "开始", "OPEN", "OPENS", NULL },
	[CL_FIELD_TW_END] = { "关门", "营业结束", "结束", "CLOSE", "CLOSES", NULL },
};

const char *cl_field_default_text(int f)
{
	return f >= 0 && f < CL_FIELD_NATTR ? default_text[f] : NULL;
}

int cl_field_suggest(int f, const char *const *colname, int ncols, const int *used)
{
	if (f < 0 || f >= CL_FIELD_NATTR)
		return -1;
	for (int k = 0; synonyms[f][k]; k++) {
		const char *syn = synonyms[f][k];
		int ascii = (unsigned char)syn[0] < 0x80;

		for (int i = 0; i < ncols; i++)
			if (!used[i] && (ascii ? cl_column_eq(colname[i], syn)
					       : strstr(colname[i], syn) != NULL))
				return i;
	}
	return -1;
}

int cl_fields_warn(int strict, struct cl_error *err, const char *fmt, ...)
{
	char msg[CL_ERRMSG_MAX - 32];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (strict)
		return cl_fail(err, CL_EINPUT, "%s (--strict)", msg);
	cl_warn("%s", msg);
	return CL_OK;
}
