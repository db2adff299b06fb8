/*
 * jsonw.h -- a tiny streaming JSON writer over a FILE*.
 *
 * The writer keeps a stack of open containers so that it places commas,
 * colons and (when pretty) newlines itself; the caller just says what comes
 * next. Strings are escaped per RFC 8259 (quote, backslash and control
 * characters; valid UTF-8 passes through, an invalid byte becomes U+FFFD so
 * the file stays valid UTF-8). Doubles are printed with a fixed number of
 * decimals, independent of the locale; NaN and infinities are refused.
 *
 * Errors are sticky, like a stdio stream's error flag: the first failure is
 * recorded in the caller's struct cl_error, every later call does nothing
 * and returns the same status, and cl_jsonw_finish() reports it. So a
 * writer may emit a whole document and check once at the end.
 *
 *   CL_EOUTPUT    a number that JSON cannot hold (NaN, infinity), or a
 *                 write error on the stream (errno's text)
 *   CL_EINTERNAL  misuse: a value where a key is due, unbalanced
 *                 containers, nesting deeper than CL_JSONW_MAXDEPTH
 *
 * A struct cl_jsonw holds no resources: put it on the stack, call
 * cl_jsonw_init(), and nothing needs freeing. The stream stays the
 * caller's.
 */
#ifndef CUNLU_JSONW_H
#define CUNLU_JSONW_H

#include <stddef.h>
#include <stdio.h>

#include "cunlu/error.h"

#define CL_JSONW_MAXDEPTH 32
/* Big enough for any double printed with up to CL_JSONW_MAXDECIMALS. */
#define CL_JSONW_NUMBUF 352
#define CL_JSONW_MAXDECIMALS 17

/* Layout: everything on one line, or one member per line indented. */
enum cl_jsonw_style { CL_JSONW_COMPACT = 0, CL_JSONW_PRETTY = 1 };

struct cl_jsonw {
	FILE *fp;                 /* the stream written to (borrowed) */
	struct cl_error *err;     /* where the first failure goes (borrowed) */
	int status;               /* CL_OK until the first failure */
	int pretty;               /* enum cl_jsonw_style */
	int depth;                /* open containers */
	int done;                 /* the top-level value is complete */
	int want_value;           /* a key was written, its value is due */
	char kind[CL_JSONW_MAXDEPTH];           /* '{' or '[' per level */
	unsigned char count[CL_JSONW_MAXDEPTH]; /* 0 empty so far, 1 not */
	unsigned char flat[CL_JSONW_MAXDEPTH];  /* level kept on one line */
	char key[64];             /* last key (truncated), for messages */
	int html;                 /* escape < > & (cl_jsonw_html_safe) */
};

/* Start writing one JSON document to fp; failures go to err (may be NULL). */
void cl_jsonw_init(struct cl_jsonw *w, FILE *fp, enum cl_jsonw_style style,
		   struct cl_error *err);

/*
 * Open and close containers. The _flat variants keep that container and
 * everything inside it on one line even in pretty style (used for
 * coordinate pairs and for one GeoJSON Feature per line).
 */
int cl_jsonw_begin_object(struct cl_jsonw *w);
int cl_jsonw_begin_object_flat(struct cl_jsonw *w);
int cl_jsonw_end_object(struct cl_jsonw *w);
int cl_jsonw_begin_array(struct cl_jsonw *w);
int cl_jsonw_begin_array_flat(struct cl_jsonw *w);
int cl_jsonw_end_array(struct cl_jsonw *w);

/* The next member's key; only inside an object, before each value. */
int cl_jsonw_key(struct cl_jsonw *w, const char *key);

/* Values. cl_jsonw_string() writes null when s is NULL. */
int cl_jsonw_string(struct cl_jsonw *w, const char *s);
int cl_jsonw_int(struct cl_jsonw *w, long long v);
int cl_jsonw_uint(struct cl_jsonw *w, unsigned long long v);
int cl_jsonw_double(struct cl_jsonw *w, double v, int decimals);
int cl_jsonw_bool(struct cl_jsonw *w, int v);
int cl_jsonw_null(struct cl_jsonw *w);

/* Shorthands for an object member: key, then the value. */
int cl_jsonw_kstring(struct cl_jsonw *w, const char *key, const char *s);
int cl_jsonw_kint(struct cl_jsonw *w, const char *key, long long v);
int cl_jsonw_kuint(struct cl_jsonw *w, const char *key, unsigned long long v);
int cl_jsonw_kdouble(struct cl_jsonw *w, const char *key, double v,
		     int decimals);
int cl_jsonw_knull(struct cl_jsonw *w, const char *key);

/*
 * A number already printed as text ("25300", "80.36"): written as it is
 * when it is a JSON number, else CL_EINTERNAL (a bug in the caller).
 */
int cl_jsonw_number(struct cl_jsonw *w, const char *text);
int cl_jsonw_knumber(struct cl_jsonw *w, const char *key, const char *text);

/*
 * Escape '<', '>' and '&' in strings from now on (as \u003c ...), so the
 * document can sit inside an HTML <script> element whatever the text.
 */
void cl_jsonw_html_safe(struct cl_jsonw *w);

/*
 * End the document: checks that exactly one complete value was written,
 * writes the final newline and returns the sticky status (CL_OK or the
 * first failure, already described in err). Does not flush or close fp.
 */
int cl_jsonw_finish(struct cl_jsonw *w);

/*
 * Format v with `decimals` digits after a '.', whatever the C locale says
 * ("-0.00" becomes "0.00"). Returns CL_OK, or CL_EOUTPUT when v is NaN or
 * infinite or decimals is outside 0..CL_JSONW_MAXDECIMALS (buf is then "").
 * Shared with the CSV writer so both files print numbers the same way.
 */
int cl_format_fixed(char buf[CL_JSONW_NUMBUF], double v, int decimals);

#endif
