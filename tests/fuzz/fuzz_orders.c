/*
 * fuzz_orders.c -- libFuzzer harness for the orders reader: feeds the raw
 * bytes to cl_orders_parse(), then puts what it read on four villages with
 * cl_orders_apply(), and checks both contracts. A success must give lines
 * within the documented limits (and villages whose parcels add up to their
 * lines'), a failure nothing and a one-line message naming the file;
 * anything else aborts so the fuzzer reports it. Built by tests/fuzz/run.sh.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/encoding.h"
#include "io/orders.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int line_ok(const struct cl_order *ln, const struct cl_orders *o)
{
	return ln->line >= 2 && ln->id && ln->id[0] &&
	       cl_utf8_valid(ln->id, strlen(ln->id)) &&
	       ln->deliver >= 0 && ln->deliver <= 100000 &&
	       ln->pickup >= 0 && ln->pickup <= 100000 &&
	       ln->due_days >= 0 && ln->due_days <= 365 &&
	       (ln->priority == 0 || (ln->priority > 0 && ln->priority <= 100)) &&
	       ln->ready_s >= 0 && ln->ready_s <= 24 * 3600 &&
	       (!o->has_brand) == (ln->brand == NULL);
}

static void fail_ok(int rc, const struct cl_error *err)
{
	if (rc != CL_EINPUT || err->status != CL_EINPUT ||
	    strncmp(err->msg, "fuzz.csv: ", 10) != 0 || strchr(err->msg, '\n'))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const ids[4] = { "A", "B", "7", "\xe6\x9d\x91" "1" };
	struct cl_orders *o = (struct cl_orders *)&size;
	struct cl_names skills = { 0, NULL }, brands = { 0, NULL };
	struct cl_site sites[4];
	struct cl_error err;
	long dl = 0, pk = 0, want_dl = 0, want_pk = 0;
	int nl[4], rc;

	cl_error_clear(&err);
	rc = cl_orders_parse("fuzz.csv", (const char *)data, size, &o, &err);
	if (rc != CL_OK) {
		if (o)
			abort();
		fail_ok(rc, &err);
		return 0;
	}
	if (!o || o->n < 0)
		abort();
	for (int i = 0; i < o->n; i++)
		if (!line_ok(&o->lines[i], o))
			abort();
	memset(sites, 0, sizeof sites);
	for (int i = 0; i < 4; i++) {
		sites[i].id = (char *)ids[i];
		sites[i].demand = 1000;
		sites[i].record = i;
	}
	rc = cl_orders_apply(o, sites, 4, nl, &skills, &brands, &err);
	if (rc != CL_OK) {
		fail_ok(rc, &err);
	} else {
		for (int i = 0; i < o->n; i++) {
			want_dl += o->lines[i].deliver;
			want_pk += o->lines[i].pickup;
		}
		for (int i = 0; i < 4; i++) {
			long bd = 0, bp = 0;

			if (nl[i] == 0) {
				if (sites[i].demand != 1000 || sites[i].nbrands)
					abort();
				continue;
			}
			dl += sites[i].demand;
			pk += sites[i].pickup;
			for (int b = 0; b < sites[i].nbrands; b++) {
				bd += sites[i].brands[b].deliver;
				bp += sites[i].brands[b].pickup;
			}
			if (o->has_brand && (bd != sites[i].demand || bp != sites[i].pickup))
				abort();
			if (skills.n < 64 && (sites[i].skills >> skills.n) != 0)
				abort();
		}
		if (dl != want_dl || pk != want_pk || skills.n > 64)
			abort();
	}
	for (int i = 0; i < 4; i++)
		free(sites[i].brands);
	cl_names_free(&skills);
	cl_names_free(&brands);
	cl_orders_destroy(o);
	return 0;
}
