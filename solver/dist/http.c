/*
 * http.c -- HTTP GET with timeout, body cap and bounded retries (http.h).
 *
 * The only file that includes curl/curl.h. One easy handle per client, so
 * consecutive requests to the same server reuse the connection, unless
 * opts.fresh asks for a new connection per request (http.h). Every
 * curl call's CURLcode is checked; the error buffer (CURLOPT_ERRORBUFFER)
 * supplies the human-readable reason.
 *
 * Retry policy: an attempt that ends without a whole reply for a reason
 * that may pass (connection refused or reset, timeout, connection closed
 * mid-reply, empty reply, name lookup failure) or with HTTP 5xx or 429 is
 * repeated up to `retries` times, waiting backoff_s, 2 backoff_s,
 * 4 backoff_s, ... in between. Anything else (a 2xx-4xx reply, a malformed
 * URL, a body above max_body) ends the request at once.
 *
 * libcurl up to 8.17 ignores an allocation failure while it takes the query
 * out of the URL (lib/url.c, parseurlandfillconn: "(void)curl_url_get(uh,
 * CURLUPART_QUERY, ...)"; fixed in 8.18.0 by curl commit 318cd4f2ee) and
 * sends the request without its query string: OSRM then answers another
 * question (a whole table instead of some rows). So the request line libcurl
 * sends is watched (CURLOPT_DEBUGFUNCTION) and one that lacks the URL's query
 * is reported as out of memory (issue 12 item 6).
 */
#include <curl/curl.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dist/http.h"
#include "cunlu/log.h"

struct cl_http {
	CURL *curl;
	struct curl_slist *headers;   /* "Connection: close" with opts.fresh */
	struct cl_http_opts opts;
	char errbuf[CURL_ERROR_SIZE];
	/* the body of the attempt in progress */
	char *buf;
	size_t len, cap;
	int too_big;
	int oom;                     /* the body could not grow */
	int timed_out;   /* the last cl_http_get failed on its timeout */
	/* the request in progress: its URL's query ("" none), and whether
	 * libcurl sent a request line without it */
	const char *query;
	size_t query_len;
	int query_lost;
};

/* Defaults: 30 s per attempt, 3 retries from 0.2 s, bodies up to 256 MiB. */
void cl_http_opts_default(struct cl_http_opts *o)
{
	o->timeout_s = 30;
	o->retries = 3;
	o->backoff_s = 0.2;
	o->max_body = (size_t)256 << 20;
	o->fresh = 0;
}

void cl_http_reply_free(struct cl_http_reply *rep)
{
	if (!rep)
		return;
	free(rep->body);
	rep->body = NULL;
	rep->len = 0;
	rep->status = 0;
}

/* CURLOPT_WRITEFUNCTION: append to h->buf, refusing more than max_body. */
static size_t on_body(char *data, size_t size, size_t nmemb, void *user)
{
	struct cl_http *h = user;
	size_t n = size * nmemb;

	if (n > h->opts.max_body - h->len) {
		h->too_big = 1;
		return 0;   /* makes curl stop with CURLE_WRITE_ERROR */
	}
	if (h->len + n + 1 > h->cap) {
		size_t cap = h->cap ? h->cap : 16384;
		char *p;
		while (cap < h->len + n + 1)
			cap *= 2;
		p = realloc(h->buf, cap);
		if (!p) {
			h->oom = 1;
			return 0;   /* CURLE_WRITE_ERROR, reported as out of memory */
		}
		h->buf = p;
		h->cap = cap;
	}
	memcpy(h->buf + h->len, data, n);
	h->len += n;
	h->buf[h->len] = '\0';
	return n;
}

/* Does the request line at data (up to its end of line) carry the query? */
static int line_has(const char *data, size_t size, const char *q, size_t qlen)
{
	size_t end = 0;

	while (end < size && data[end] != '\r' && data[end] != '\n')
		end++;
	for (size_t i = 0; i + qlen + 1 <= end; i++)
		if (data[i] == '?' && memcmp(data + i + 1, q, qlen) == 0)
			return 1;
	return 0;
}

/* CURLOPT_DEBUGFUNCTION: check each GET request line sent (the top of the
 * file); everything else libcurl says is ignored. */
static int on_debug(CURL *curl, curl_infotype type, char *data, size_t size, void *user)
{
	struct cl_http *h = user;

	(void)curl;
	if (type == CURLINFO_HEADER_OUT && h->query_len && size >= 4 &&
	    memcmp(data, "GET ", 4) == 0 && !line_has(data, size, h->query, h->query_len))
		h->query_lost = 1;
	return 0;
}

/* May another attempt succeed after this transport failure? */
static int temporary(CURLcode c)
{
	switch (c) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_PARTIAL_FILE:
	case CURLE_GOT_NOTHING:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_SSL_CONNECT_ERROR:
		return 1;
	default:
		return 0;
	}
}

static void sleep_s(double s)
{
	struct timespec ts, rem;

	if (!(s > 0))
		return;
	ts.tv_sec = (time_t)s;
	ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &rem) != 0 && errno == EINTR)
		ts = rem;
}

static long to_ms(double s)
{
	if (!(s > 0))
		return 0;   /* no limit */
	if (s > 1e6)
		return 1000000000L;
	return (long)ceil(s * 1000.0);
}

/* libcurl's global init is reference-counted by libcurl and thread-safe
 * since 7.84, so each client takes and releases its own share; no call is
 * needed from main(). */
int cl_http_create(const struct cl_http_opts *o, struct cl_http **out,
		   struct cl_error *err)
{
	struct cl_http *h = NULL;
	CURLcode c;
	int rc = CL_OK, global = 0;

	*out = NULL;
	c = curl_global_init(CURL_GLOBAL_DEFAULT);
	if (c != CURLE_OK) {
		/* its only failure in practice: memory (CURLE_FAILED_INIT too) */
		rc = cl_oom(err, "initialising libcurl (%s)", curl_easy_strerror(c));
		goto cleanup;
	}
	global = 1;
	h = calloc(1, sizeof *h);
	if (!h) {
		rc = cl_oom(err, "for the HTTP client");
		goto cleanup;
	}
	h->opts = *o;
	if (h->opts.retries < 0)
		h->opts.retries = 0;
	if (h->opts.max_body == 0)
		h->opts.max_body = (size_t)256 << 20;
	h->curl = curl_easy_init();
	if (!h->curl) {         /* fails only when out of memory */
		rc = cl_oom(err, "for a libcurl handle");
		goto cleanup;
	}
	c = curl_easy_setopt(h->curl, CURLOPT_ERRORBUFFER, h->errbuf);
	if (c == CURLE_OK)
		c = curl_easy_setopt(h->curl, CURLOPT_NOSIGNAL, 1L);
	if (c == CURLE_OK)
		c = curl_easy_setopt(h->curl, CURLOPT_DEBUGFUNCTION, on_debug);
	if (c == CURLE_OK)
		c = curl_easy_setopt(h->curl, CURLOPT_DEBUGDATA, h);
	if (c == CURLE_OK)   /* the debug function is called in verbose mode only */
		c = curl_easy_setopt(h->curl, CURLOPT_VERBOSE, 1L);
	if (c == CURLE_OK)
		c = curl_easy_setopt(h->curl, CURLOPT_TIMEOUT_MS, to_ms(h->opts.timeout_s));
	if (c == CURLE_OK)
		c = curl_easy_setopt(h->curl, CURLOPT_CONNECTTIMEOUT_MS, to_ms(h->opts.timeout_s));
	if (c == CURLE_OK)
		c = curl_easy_setopt(h->curl, CURLOPT_WRITEFUNCTION, on_body);
	if (c == CURLE_OK)
		c = curl_easy_setopt(h->curl, CURLOPT_WRITEDATA, h);
	if (c == CURLE_OK)
		c = curl_easy_setopt(h->curl, CURLOPT_USERAGENT, "cunlu/" CUNLU_VERSION);
	if (c == CURLE_OK)   /* accept gzip/deflate if libcurl can decode them */
		c = curl_easy_setopt(h->curl, CURLOPT_ACCEPT_ENCODING, "");
	if (c == CURLE_OK)
		c = curl_easy_setopt(h->curl, CURLOPT_MAXFILESIZE_LARGE,
				     (curl_off_t)h->opts.max_body);
#if LIBCURL_VERSION_NUM >= 0x075500
	if (c == CURLE_OK)
		c = curl_easy_setopt(h->curl, CURLOPT_PROTOCOLS_STR, "http,https");
#endif
	if (c == CURLE_OK && h->opts.fresh) {
		/* one connection per request, closed by the server first
		 * (so the TIME_WAIT sockets pile up there, not here) */
		h->headers = curl_slist_append(NULL, "Connection: close");
		if (!h->headers) {
			rc = cl_oom(err, "for an HTTP header");
			goto cleanup;
		}
		c = curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, h->headers);
		if (c == CURLE_OK)
			c = curl_easy_setopt(h->curl, CURLOPT_FORBID_REUSE, 1L);
	}
	if (c == CURLE_OUT_OF_MEMORY) {
		rc = cl_oom(err, "setting up libcurl");
		goto cleanup;
	}
	if (c != CURLE_OK) {
		rc = cl_fail(err, CL_EINTERNAL, "libcurl: %s", curl_easy_strerror(c));
		goto cleanup;
	}
	*out = h;
	h = NULL;
	global = 0;
cleanup:
	if (h) {
		if (h->curl)
			curl_easy_cleanup(h->curl);
		curl_slist_free_all(h->headers);
		free(h);
	}
	if (global)
		curl_global_cleanup();
	return rc;
}

int cl_http_timed_out(const struct cl_http *h)
{
	return h && h->timed_out;
}

void cl_http_destroy(struct cl_http *h)
{
	if (!h)
		return;
	curl_easy_cleanup(h->curl);
	curl_slist_free_all(h->headers);
	free(h->buf);
	free(h);
	curl_global_cleanup();
}

/* The retry policy is at the top of the file. */
int cl_http_get(struct cl_http *h, const char *url, struct cl_http_reply *rep,
		struct cl_error *err)
{
	double wait = h->opts.backoff_s;
	int attempts = 1 + h->opts.retries;
	CURLcode c = CURLE_OK;

	memset(rep, 0, sizeof *rep);
	h->timed_out = 0;
	c = curl_easy_setopt(h->curl, CURLOPT_URL, url);
	if (c == CURLE_OUT_OF_MEMORY)
		return cl_oom(err, "for an HTTP request");
	if (c != CURLE_OK)
		return cl_fail(err, CL_EINPUT, "bad URL: %s", curl_easy_strerror(c));
	h->query = strchr(url, '?');
	h->query = h->query ? h->query + 1 : "";
	h->query_len = strcspn(h->query, "#");
	for (int a = 1; a <= attempts; a++) {
		long status = 0;

		h->query_lost = 0;
		h->len = 0;
		h->too_big = 0;
		h->oom = 0;
		h->errbuf[0] = '\0';
		c = curl_easy_perform(h->curl);
		if (h->query_lost)
			return cl_oom(err, "in libcurl: the request went without its query string "
				      "(an allocation failed in curl_url_get)");
		if (c == CURLE_OK)
			c = curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &status);
		/* A final reply, or a 5xx/429 after the last retry: the caller
		 * judges the status. */
		if (c == CURLE_OK &&
		    (a == attempts || !((status >= 500 && status <= 599) || status == 429))) {
			rep->body = malloc(h->len + 1);
			if (!rep->body)
				return cl_oom(err, "for an HTTP reply");
			if (h->len)
				memcpy(rep->body, h->buf, h->len);
			rep->body[h->len] = '\0';
			rep->len = h->len;
			rep->status = status;
			return CL_OK;
		}
		if (c != CURLE_OK && (h->oom || c == CURLE_OUT_OF_MEMORY))
			return cl_oom(err, "for an HTTP request or reply");
		if (c != CURLE_OK && (h->too_big || c == CURLE_FILESIZE_EXCEEDED))
			return cl_fail(err, CL_EROUTING, "reply larger than %zu bytes", h->opts.max_body);
		if (c != CURLE_OK && !temporary(c))
			return cl_fail(err, CL_EROUTING, "%s",
				       h->errbuf[0] ? h->errbuf : curl_easy_strerror(c));
		if (a < attempts) {
			if (c == CURLE_OK)
				cl_debug("HTTP %ld; retry %d of %d in %.1f s", status, a,
					 h->opts.retries, wait);
			else
				cl_debug("%s; retry %d of %d in %.1f s",
					 h->errbuf[0] ? h->errbuf : curl_easy_strerror(c), a,
					 h->opts.retries, wait);
			sleep_s(wait);
			wait *= 2;
		}
	}
	h->timed_out = c == CURLE_OPERATION_TIMEDOUT;
	return cl_fail(err, CL_EROUTING, "%s (%d attempt%s)",
		       h->errbuf[0] ? h->errbuf : curl_easy_strerror(c), attempts,
		       attempts == 1 ? "" : "s");
}
