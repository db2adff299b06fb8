/*
 * http.h -- HTTP GET for the routing backends (http.c, the only file that
 * includes curl/curl.h).
 *
 * A client keeps one connection open between requests (keep-alive, unless
 * opts.fresh), has a
 * per-request timeout, a cap on the body size, and retries with
 * exponential back-off when the failure may be temporary: no connection,
 * a timeout, a connection closed mid-reply, HTTP 5xx and HTTP 429. A 4xx
 * reply is the server's final word and is returned at once. No signal is
 * used for timeouts (CURLOPT_NOSIGNAL), so clients may live on any thread
 * (one client per thread).
 */
#ifndef CUNLU_HTTP_H
#define CUNLU_HTTP_H

#include <stddef.h>

#include "cunlu/error.h"

struct cl_http_opts {
	double timeout_s;    /* whole request, connect included (default 30) */
	int retries;         /* extra attempts after a temporary failure (3) */
	double backoff_s;    /* wait before the first retry; doubles (0.2) */
	size_t max_body;     /* longest body accepted, bytes (256 MiB) */
	int fresh;           /* 1: a new connection per request, sent with
				"Connection: close" (0: keep-alive). For
				servers whose keep-alive replies stall on
				Nagle's algorithm (osrm-routed, dist/osrm.c) */
};

/* A reply: the HTTP status and the body, NUL-terminated (owned). */
struct cl_http_reply {
	long status;
	char *body;
	size_t len;
};

struct cl_http;

void cl_http_opts_default(struct cl_http_opts *o);

/*
 * Make a client (*out, destroy with cl_http_destroy). Initialises libcurl
 * (curl_global_init, reference-counted by libcurl) for the client's
 * lifetime. CL_EINTERNAL when libcurl cannot start.
 */
int cl_http_create(const struct cl_http_opts *o, struct cl_http **out,
		   struct cl_error *err);

/* Release a client and its share of libcurl; accepts NULL. */
void cl_http_destroy(struct cl_http *h);

/*
 * GET url. CL_OK when a whole reply arrived, whatever its status: *rep
 * holds the status and body (free with cl_http_reply_free) and the caller
 * judges the status; after the retries, a 5xx or 429 reply is returned
 * like any other. CL_EROUTING when no whole reply arrived after 1 + retries
 * attempts (connection refused, timeout, connection closed mid-reply, body
 * above max_body); err then holds the reason and the number of attempts
 * but not the URL, which the caller names in its own words (the URL of a
 * table request can be kilobytes long). CL_EINPUT for a malformed URL;
 * CL_EINTERNAL when out of memory. *rep is empty on failure. A call takes
 * at most (1 + retries) x timeout_s plus the back-off waits (0.2 + 0.4 +
 * 0.8 s with the defaults).
 */
int cl_http_get(struct cl_http *h, const char *url, struct cl_http_reply *rep,
		struct cl_error *err);

/* 1 when the last cl_http_get failed because its last attempt ran out of
 * time (timeout_s), so the caller can name its timeout option. */
int cl_http_timed_out(const struct cl_http *h);

/* Free a reply's body and clear it; accepts NULL. */
void cl_http_reply_free(struct cl_http_reply *rep);

#endif
