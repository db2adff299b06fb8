/*
 * jsonw.c -- a tiny streaming JSON writer (see jsonw.h).
 *
 * The state is a stack of open containers; each value first asks
 * before_value() for the separator that belongs in front of it. Every
 * stdio call is checked; the first failure sticks in w->status.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "out/jsonw.h"

#define INDENT 2

/* Exported functions are described in jsonw.h; none allocates. */

void cl_jsonw_init(struct cl_jsonw *w, FILE *fp, enum cl_jsonw_style style,
		   struct cl_error *err)
{
	memset(w, 0, sizeof *w);
	w->fp = fp;
	w->err = err;
	w->status = CL_OK;
	w->pretty = style == CL_JSONW_PRETTY;
}

static int misuse(struct cl_jsonw *w, const char *what)
{
	w->status = cl_fail(w->err, CL_EINTERNAL, "JSON writer misuse: %s", what);
	return w->status;
}

static int io_error(struct cl_jsonw *w)
{
	int e = errno;

	w->status = cl_fail(w->err, CL_EOUTPUT, "write failed: %s",
			    e ? strerror(e) : "stream error");
	return w->status;
}

static int put(struct cl_jsonw *w, const char *s, size_t n)
{
	if (n == 0)
		return CL_OK;
	errno = 0;
	if (fwrite(s, 1, n, w->fp) != n)
		return io_error(w);
	return CL_OK;
}

static int puts_(struct cl_jsonw *w, const char *s)
{
	return put(w, s, strlen(s));
}

/* Newline and indentation for an element at the given depth. */
static int newline(struct cl_jsonw *w, int depth)
{
	static const char spaces[] = "                                ";
	int n = depth * INDENT;

	if (put(w, "\n", 1))
		return w->status;
	while (n > 0) {
		int k = n < (int)sizeof spaces - 1 ? n : (int)sizeof spaces - 1;
		if (put(w, spaces, (size_t)k))
			return w->status;
		n -= k;
	}
	return CL_OK;
}

/* Is the innermost open container laid out on several lines? */
static int multiline(const struct cl_jsonw *w)
{
	return w->pretty && w->depth > 0 && !w->flat[w->depth - 1];
}

/*
 * Write what goes in front of an element (a value in an array, a key in an
 * object): the comma after the previous one and, in pretty style, the
 * newline. Counts the element.
 */
static int before_element(struct cl_jsonw *w)
{
	int d = w->depth - 1;

	if (w->count[d]) {
		if (put(w, ",", 1))
			return w->status;
		if (w->pretty && w->flat[d] && put(w, " ", 1))
			return w->status;
	}
	w->count[d] = 1;
	if (multiline(w))
		return newline(w, w->depth);
	return CL_OK;
}

/* Everything a value needs before it can be written. */
static int before_value(struct cl_jsonw *w)
{
	if (w->status)
		return w->status;
	if (w->done)
		return misuse(w, "a second top-level value");
	if (w->depth == 0)
		return CL_OK;
	if (w->kind[w->depth - 1] == '{') {
		if (!w->want_value)
			return misuse(w, "a value in an object without a key");
		w->want_value = 0;
		return CL_OK;
	}
	return before_element(w);
}

/* After a complete value: the document may be complete. */
static int after_value(struct cl_jsonw *w)
{
	if (w->depth == 0)
		w->done = 1;
	return w->status;
}

static int begin(struct cl_jsonw *w, char kind, int flat)
{
	if (before_value(w))
		return w->status;
	if (w->depth >= CL_JSONW_MAXDEPTH)
		return misuse(w, "nesting too deep");
	if (w->depth > 0 && w->flat[w->depth - 1])
		flat = 1;
	w->kind[w->depth] = kind;
	w->count[w->depth] = 0;
	w->flat[w->depth] = (unsigned char)flat;
	w->depth++;
	return put(w, kind == '{' ? "{" : "[", 1);
}

static int end(struct cl_jsonw *w, char kind)
{
	int d;

	if (w->status)
		return w->status;
	if (w->depth == 0 || w->kind[w->depth - 1] != kind)
		return misuse(w, kind == '{' ? "unbalanced '}'" : "unbalanced ']'");
	if (w->want_value)
		return misuse(w, "a key without a value");
	d = --w->depth;
	if (w->count[d] && w->pretty && !w->flat[d] && newline(w, d))
		return w->status;
	if (put(w, kind == '{' ? "}" : "]", 1))
		return w->status;
	return after_value(w);
}

int cl_jsonw_begin_object(struct cl_jsonw *w)
{
	return begin(w, '{', 0);
}

int cl_jsonw_begin_object_flat(struct cl_jsonw *w)
{
	return begin(w, '{', 1);
}

int cl_jsonw_end_object(struct cl_jsonw *w)
{
	return end(w, '{');
}

int cl_jsonw_begin_array(struct cl_jsonw *w)
{
	return begin(w, '[', 0);
}

int cl_jsonw_begin_array_flat(struct cl_jsonw *w)
{
	return begin(w, '[', 1);
}

int cl_jsonw_end_array(struct cl_jsonw *w)
{
	return end(w, '[');
}

/*
 * Length of the well-formed UTF-8 sequence at s (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or 0 if there is none.
 * Never reads past a terminating NUL, which is no continuation byte.
 */
static size_t utf8_len(const unsigned char *s)
{
	unsigned c = s[0];
	unsigned lo = 0x80, hi = 0xBF;
	size_t n;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4;
	else
		return 0;
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F;
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return n;
}

/* A quoted, escaped JSON string. */
static int write_quoted(struct cl_jsonw *w, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	const unsigned char *run = s;   /* bytes not yet written, unescaped */
	char esc[8];

	if (put(w, "\"", 1))
		return w->status;
	while (*s) {
		const char *rep = NULL;
		size_t n = utf8_len(s);

		if (n > 1) {
			s += n;
			continue;
		}
		if (n == 0)
			rep = "\\ufffd";
		else if (*s == '"')
			rep = "\\\"";
		else if (*s == '\\')
			rep = "\\\\";
		else if (*s == '\n')
			rep = "\\n";
		else if (*s == '\r')
			rep = "\\r";
		else if (*s == '\t')
			rep = "\\t";
		else if (*s == '\b')
			rep = "\\b";
		else if (*s == '\f')
			rep = "\\f";
		else if (*s < 0x20 || (w->html && (*s == '<' || *s == '>' || *s == '&'))) {
			snprintf(esc, sizeof esc, "\\u%04x", (unsigned)*s);
			rep = esc;
		}
		if (!rep) {
			s++;
			continue;
		}
		if (put(w, (const char *)run, (size_t)(s - run)) || puts_(w, rep))
			return w->status;
		s++;
		run = s;
	}
	if (put(w, (const char *)run, (size_t)(s - run)))
		return w->status;
	return put(w, "\"", 1);
}

int cl_jsonw_key(struct cl_jsonw *w, const char *key)
{
	if (w->status)
		return w->status;
	if (w->depth == 0 || w->kind[w->depth - 1] != '{')
		return misuse(w, "a key outside an object");
	if (w->want_value)
		return misuse(w, "two keys in a row");
	snprintf(w->key, sizeof w->key, "%s", key);
	if (before_element(w) || write_quoted(w, key))
		return w->status;
	if (puts_(w, w->pretty ? ": " : ":"))
		return w->status;
	w->want_value = 1;
	return CL_OK;
}

int cl_jsonw_string(struct cl_jsonw *w, const char *s)
{
	if (!s)
		return cl_jsonw_null(w);
	if (before_value(w) || write_quoted(w, s))
		return w->status;
	return after_value(w);
}

int cl_jsonw_int(struct cl_jsonw *w, long long v)
{
	char buf[32];

	if (before_value(w))
		return w->status;
	snprintf(buf, sizeof buf, "%lld", v);
	if (puts_(w, buf))
		return w->status;
	return after_value(w);
}

int cl_jsonw_uint(struct cl_jsonw *w, unsigned long long v)
{
	char buf[32];

	if (before_value(w))
		return w->status;
	snprintf(buf, sizeof buf, "%llu", v);
	if (puts_(w, buf))
		return w->status;
	return after_value(w);
}

int cl_format_fixed(char buf[CL_JSONW_NUMBUF], double v, int decimals)
{
	char raw[CL_JSONW_NUMBUF];
	int n, j = 0, point = 0, nonzero = 0;

	buf[0] = '\0';
	if (!isfinite(v) || decimals < 0 || decimals > CL_JSONW_MAXDECIMALS)
		return CL_EOUTPUT;
	n = snprintf(raw, sizeof raw, "%.*f", decimals, v);
	if (n < 0 || n >= (int)sizeof raw)
		return CL_EOUTPUT;
	/*
	 * Copy digits and the sign; whatever the locale put between the
	 * integer and the fraction (',' or a multibyte mark) becomes '.'.
	 */
	for (int i = 0; raw[i]; i++) {
		if ((raw[i] >= '0' && raw[i] <= '9') || raw[i] == '-') {
			buf[j++] = raw[i];
			nonzero |= raw[i] >= '1' && raw[i] <= '9';
		} else if (!point) {
			buf[j++] = '.';
			point = 1;
		}
	}
	buf[j] = '\0';
	if (buf[0] == '-' && !nonzero)
		memmove(buf, buf + 1, (size_t)j);
	return CL_OK;
}

int cl_jsonw_double(struct cl_jsonw *w, double v, int decimals)
{
	char buf[CL_JSONW_NUMBUF];

	if (before_value(w))
		return w->status;
	if (cl_format_fixed(buf, v, decimals)) {
		if (isfinite(v))
			return misuse(w, "number of decimals out of range");
		w->status = cl_fail(w->err, CL_EOUTPUT,
				    "value of \"%s\" is %s; JSON has no NaN or infinity",
				    w->key[0] ? w->key : "(top level)",
				    isnan(v) ? "NaN" : "infinite");
		return w->status;
	}
	if (puts_(w, buf))
		return w->status;
	return after_value(w);
}

int cl_jsonw_bool(struct cl_jsonw *w, int v)
{
	if (before_value(w) || puts_(w, v ? "true" : "false"))
		return w->status;
	return after_value(w);
}

int cl_jsonw_null(struct cl_jsonw *w)
{
	if (before_value(w) || puts_(w, "null"))
		return w->status;
	return after_value(w);
}

int cl_jsonw_kstring(struct cl_jsonw *w, const char *key, const char *s)
{
	if (cl_jsonw_key(w, key))
		return w->status;
	return cl_jsonw_string(w, s);
}

int cl_jsonw_kint(struct cl_jsonw *w, const char *key, long long v)
{
	if (cl_jsonw_key(w, key))
		return w->status;
	return cl_jsonw_int(w, v);
}

int cl_jsonw_kuint(struct cl_jsonw *w, const char *key, unsigned long long v)
{
	if (cl_jsonw_key(w, key))
		return w->status;
	return cl_jsonw_uint(w, v);
}

int cl_jsonw_kdouble(struct cl_jsonw *w, const char *key, double v,
		     int decimals)
{
	if (cl_jsonw_key(w, key))
		return w->status;
	return cl_jsonw_double(w, v, decimals);
}

int cl_jsonw_knull(struct cl_jsonw *w, const char *key)
{
	if (cl_jsonw_key(w, key))
		return w->status;
	return cl_jsonw_null(w);
}

void cl_jsonw_html_safe(struct cl_jsonw *w)
{
	w->html = 1;
}

/* Is s a JSON number (RFC 8259 section 6)? */
static int is_number(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (*s >= '1' && *s <= '9')
		while (*s >= '0' && *s <= '9')
			s++;
	else
		return 0;
	if (*s == '.') {
		if (!(*++s >= '0' && *s <= '9'))
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!(*s >= '0' && *s <= '9'))
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

int cl_jsonw_number(struct cl_jsonw *w, const char *text)
{
	if (before_value(w))
		return w->status;
	if (!is_number(text))
		return misuse(w, "a number that is not a JSON number");
	if (puts_(w, text))
		return w->status;
	return after_value(w);
}

int cl_jsonw_knumber(struct cl_jsonw *w, const char *key, const char *text)
{
	if (cl_jsonw_key(w, key))
		return w->status;
	return cl_jsonw_number(w, text);
}

int cl_jsonw_finish(struct cl_jsonw *w)
{
	if (w->status)
		return w->status;
	if (w->depth > 0)
		return misuse(w, "containers left open");
	if (!w->done)
		return misuse(w, "no value written");
	return put(w, "\n", 1);
}
