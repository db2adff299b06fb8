/*
 * io/orders.h -- today's orders: a CSV file of parcel batches, one line per
 * batch, from the express brands' systems (--orders FILE.csv).
 *
 *   column    required  meaning                                   blank / absent
 *   ID        yes       the village layer's ID                    (required)
 *   DELIVER   one of    parcels to deliver (whole number >= 0)    0
 *   PICKUP    the two   parcels to collect (whole number >= 0)    0
 *   BRAND     no        express brand ("ZTO", "韵达", ...)        no brand breakdown
 *   SKILLS    no        skills the batch needs, ';'-separated     none
 *                       ("cold": a refrigerated vehicle)
 *   DUE       no        days left before the parcels must arrive  0 (due today)
 *                       (whole number 0..365)
 *   PRIORITY  no        weight of leaving the village out         1
 *                       (number above 0, at most 100)
 *   READY     no        time the parcels reach the center,        00:00
 *                       HH:MM (a second wave from the city hub)
 *   WEIGHT_KG no        kg of the batch (WEIGHT is accepted too;  0
 *                       0 .. 100000): a drone's payload_kg
 *
 * Column names match without regard to ASCII case or surrounding blanks
 * (DEMAND is accepted for DELIVER); the separator is a comma, or a tab when
 * the header has no comma; fields may be quoted ("..." with "" for a
 * quote, line breaks inside quotes allowed); blank lines are skipped. The
 * file is UTF-8 (a byte order mark is skipped) or, when it is not valid
 * UTF-8, GBK (read as GB18030, with a warning), as Excel saves it on a
 * Chinese Windows.
 *
 * Refused with CL_EINPUT and one line naming the file, the line and the
 * column ("orders.csv: line 7: column DELIVER: \"-2\" is negative"): an
 * unknown or repeated column name, a missing ID column or both DELIVER and
 * PICKUP missing, a line with more fields than the header, a blank ID, a
 * count that is negative, not a whole number or above 100000, a bad DUE,
 * PRIORITY or READY, a skill name with a control character, an
 * unterminated quote, a NUL byte, text that is neither UTF-8 nor GBK, a
 * file above 64 MiB or of more than 1,000,000 lines. cl_orders_apply adds
 * the lines' IDs that are not in the layer (or are shared by two of its
 * records) and a village whose parcels add up past 1,000,000.
 */
#ifndef CUNLU_IO_ORDERS_H
#define CUNLU_IO_ORDERS_H

#include <stddef.h>

#include "cunlu/error.h"
#include "cunlu/instance.h"

/* One line of the file (one batch of parcels). */
struct cl_order {
	int line;           /* 1-based line where the record starts */
	char *id;           /* as written, blanks trimmed (owned) */
	int deliver;        /* parcels */
	int pickup;
	char *brand;        /* NULL without a BRAND column or when blank (owned) */
	char *skills;       /* ';'-separated skill names, NULL when blank (owned) */
	int due_days;       /* 0 = due today */
	double priority;    /* 0 when blank */
	int ready_s;        /* seconds after midnight; 0 when blank */
	double weight_kg;   /* kg; 0 when blank */
};

struct cl_orders {
	char *path;              /* for messages (owned) */
	int n;
	struct cl_order *lines;  /* owned */
	int has_brand;           /* the file has a BRAND column */
	int has_ready;           /* ... a READY column */
	int has_weight;          /* ... a WEIGHT_KG column */
	int guessed_gbk;         /* not UTF-8: read as GB18030 */
};

/*
 * Parse the orders in text[0..len) (no NUL needed); path names the file in
 * messages. On success *out is new (free with cl_orders_destroy); on
 * failure *out is NULL and err says where. A file with a header and no
 * lines is valid (no village has orders today).
 */
int cl_orders_parse(const char *path, const char *text, size_t len,
		    struct cl_orders **out, struct cl_error *err);

/* Read and parse the file at path, as cl_orders_parse. */
int cl_orders_read(const char *path, struct cl_orders **out,
		   struct cl_error *err);

void cl_orders_destroy(struct cl_orders *o);

/*
 * Put the orders on the villages sites[0..nsites) (the layer as read, no
 * depot). For every village with at least one line: demand and pickup
 * become the sums of its lines (the layer's DEMAND and PICKUP are
 * replaced), skills gain the lines' skills (names looked up in, or added
 * to, *skills), due_days is the smallest DUE, priority the largest of the
 * layer's and the lines' PRIORITY, release_s the latest READY, weight_kg
 * the sum of the lines' WEIGHT_KG (when the file has that column; else
 * the layer's WEIGHT_KG stands), and with a
 * BRAND column, brands[] the parcels by brand (names in *brands, in the
 * order first seen). nlines[i] (caller's array of nsites) is set to the
 * number of lines for village i; villages with none are left as they
 * were. Village IDs match exactly after trimming blanks, and IDs of
 * digits only match by value ("007" is "7").
 *
 * CL_EINPUT naming the file, the line and the column for an ID not in the
 * layer, an ID two records of the layer share, sums above 1,000,000, or
 * more than 64 skills; the sites may then be partly changed (the caller
 * discards them). CL_EINTERNAL when out of memory.
 */
int cl_orders_apply(const struct cl_orders *o, struct cl_site *sites,
		    int nsites, int *nlines, struct cl_names *skills,
		    struct cl_names *brands, struct cl_error *err);

#endif
