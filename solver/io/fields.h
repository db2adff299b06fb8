/*
 * io/fields.h -- the village attributes every village reader shares: the
 * map from keys to columns (--field, --keep-fields) and the parsing and
 * checking of each value, so that a shapefile's .dbf (io/shp.c) and a CSV
 * table (io/csv.c) accept the same values and refuse bad ones with the
 * same message.
 *
 *   key        default column(s)            meaning                 when absent
 *   id         ID                           identifier              record number (1-based)
 *   name       NAME                         village / shop name     ""
 *   demand     DEMAND                       parcels to deliver      1
 *   pickup     PICKUP                       parcels to collect      0
 *   service    SERVICE                      minutes at the stop     5
 *   tw_start   TW_START                     opening time            00:00
 *   tw_end     TW_END                       closing time            24:00
 *   vehicles   VEHICLES                     vehicle types allowed,  every type
 *                                           names ';'-separated
 *   skills     SKILLS                       skills a vehicle needs  none
 *                                           here, ';'-separated
 *   days       DAYS                         weekdays it is served,  every day
 *                                           1 = Monday .. 7 = Sunday
 *                                           ("1;3;5", "1-5", 135)
 *   priority   PRIORITY                     weight of leaving it    1
 *                                           out (number > 0, <= 100)
 *   drone      DRONE                        1 = a drone landing     0
 *                                           point (0/1, yes/no, 是/否)
 *   weight_kg  WEIGHT_KG, WEIGHT            kg of the parcels to    0
 *                                           deliver (0 .. 100000)
 *   lon        LON, X, LONGITUDE, LNG, 经度   longitude (CSV only)    required
 *   lat        LAT, Y, LATITUDE, 纬度         latitude (CSV only)     required
 *
 * Column names match without regard to ASCII case or trailing blanks.
 * Kept fields (--keep-fields LXR,DH) are other columns carried as text
 * through to the outputs (struct cl_site.kept).
 */
#ifndef CUNLU_IO_FIELDS_H
#define CUNLU_IO_FIELDS_H

#include "cunlu/error.h"
#include "cunlu/instance.h"

enum cl_field {
	CL_FIELD_ID, CL_FIELD_NAME, CL_FIELD_DEMAND, CL_FIELD_PICKUP,
	CL_FIELD_SERVICE, CL_FIELD_TW_START, CL_FIELD_TW_END,
	CL_FIELD_VEHICLES, CL_FIELD_SKILLS, CL_FIELD_DAYS, CL_FIELD_PRIORITY,
	CL_FIELD_DRONE, CL_FIELD_WEIGHT,
	CL_FIELD_LON, CL_FIELD_LAT, CL_FIELD_COUNT
};

/* Fields read from the attributes of every layer; lon and lat only from
 * tables without a geometry (CSV). */
#define CL_FIELD_NATTR CL_FIELD_LON

/* Most columns --keep-fields may name, and room for their names. */
#define CL_KEEP_MAX 32
#define CL_KEEP_BUF 1024

/*
 * Which column feeds each field, and the columns kept. name[f] is borrowed
 * (the default's static string or the --field argument); keep[] points
 * into keepbuf, so pass a fieldmap by pointer, never copy it by value.
 */
struct cl_fieldmap {
	const char *name[CL_FIELD_COUNT];
	int nkeep;
	const char *keep[CL_KEEP_MAX];
	char keepbuf[CL_KEEP_BUF];
	/* What VEHICLES and SKILLS values resolve against (borrowed; set by
	   the caller after reading the fleet). Without types, VEHICLES and
	   SKILLS are not read (a depot layer); skills names are looked up in,
	   or added to, *skills. */
	const struct cl_vtype *types;
	int ntypes;
	struct cl_names *skills;
};

/* Every field under its default column, nothing kept. */
void cl_fieldmap_default(struct cl_fieldmap *fm);

/*
 * Apply one "--field key=COLUMN" override, e.g. "demand=PARCELS" (the key
 * case-insensitive, '-' for '_'). The column name is borrowed from spec.
 * CL_EINPUT on an unknown key or a missing '='.
 */
int cl_fieldmap_set(struct cl_fieldmap *fm, const char *spec,
		    struct cl_error *err);

/*
 * Add the comma-separated columns of one --keep-fields argument
 * ("LXR,DH"). CL_EINPUT for an empty name, a name given twice, a name
 * that is already an output property (id, name, ...: those are written
 * anyway), or more than CL_KEEP_MAX names; then nothing of list is kept.
 */
int cl_fieldmap_keep(struct cl_fieldmap *fm, const char *list,
		     struct cl_error *err);

/* The key of field f ("demand"). */
const char *cl_field_key(int f);

/* The default column of field f ("DEMAND"). */
const char *cl_field_default_column(int f);

/* 1 when fm->name[f] is the default (not overridden by --field). */
int cl_field_is_default(const struct cl_fieldmap *fm, int f);

/*
 * Does the column named col feed field f? The override when one was
 * given, else any of the default names (ASCII case-insensitive, trailing
 * blanks ignored).
 */
int cl_field_matches(const struct cl_fieldmap *fm, int f, const char *col);

/* ASCII case-insensitive equality ignoring trailing blanks. */
int cl_column_eq(const char *a, const char *b);

/*
 * Where a value comes from, for messages: "FILE: record 5: field DEMAND"
 * (a .dbf) or "FILE: line 7: column DEMAND" (a CSV file).
 */
struct cl_fieldloc {
	const char *file;      /* the file named */
	const char *unit;      /* "record" or "line" */
	int num;               /* its 1-based number */
	const char *colword;   /* "field" or "column" */
	const char *label;     /* how to name the record instead of "UNIT NUM"
				  (`record 5 (FID 4, ID V004 "上林村")`), or NULL */
};

/*
 * A site's attributes from the decoded text of each of its fields:
 * text[f] is NULL when the column is absent or the value blank (the
 * default applies); col[f] is the column's name for messages. Fills id
 * (default: the decimal idnum), name, demand, pickup, service_s,
 * tw_start_s, tw_end_s, priority (0 when blank: cl_instance_build makes it
 * 1), days, drone, weight_kg, and -- when fm has the fleet's types -- vmask (0 = every
 * type) and skills of *s (lon, lat and record are the caller's). fm may be
 * NULL (no VEHICLES, no SKILLS). On failure CL_EINPUT with one line
 * "FILE: record N: field COL: ..." and nothing allocated in *s (skill
 * names may have been added to fm->skills).
 */
int cl_fields_to_site(char *const text[CL_FIELD_NATTR],
		      const char *const col[CL_FIELD_NATTR],
		      const struct cl_fieldloc *loc, int idnum,
		      const struct cl_fieldmap *fm, struct cl_site *s,
		      struct cl_error *err);

/*
 * Weekdays from text: ISO numbers 1 (Monday) to 7 (Sunday) separated by
 * ';', ',', blanks or the Chinese '、' / full-width '；' '，', ranges "1-5",
 * or a run of digits as a numeric column holds it ("135"). Bit d of *mask
 * for day d. 1, or 0 when the text is not such a list.
 */
int cl_parse_days(const char *s, unsigned *mask);

/*
 * A time of day as people type it into a table: "08:30", "8:30",
 * "08:30:00", full-width "08：30", "8点", "8点30", "8点30分", "8点半",
 * "下午2点", "2:30 PM", a date with a time ("2024-05-01 08:30", Excel's
 * datetime cells: the date is ignored), or an Excel day fraction with a
 * decimal point ("0.354166" = 08:30). 00:00 to 24:00. CL_OK or CL_EINPUT.
 */
int cl_parse_time_text(const char *s, int *secs);

/*
 * A plain decimal number ("12", "-3.5", "1e3", full-width digits too);
 * 1 and *v set, or 0.
 */
int cl_parse_number(const char *s, double *v);

/*
 * A longitude or latitude as typed: decimal degrees, or degrees, minutes
 * and seconds ("107°25'55.6\"", "107°25′55.6″E", "26 34 12 N"); S and W
 * make it negative. 1 and *deg set, or 0.
 */
int cl_parse_degrees(const char *s, double *deg);

/*
 * What field f becomes when its column is missing or a value blank ("1
 * parcel to deliver"), for warnings; NULL for fields where blank means
 * "no restriction".
 */
const char *cl_field_default_text(int f);

/*
 * A column that often holds field f in county data (件数 for demand, 开门
 * for tw_start, ...: Chinese names contained, English ones equal without
 * regard to case) and is not used[] yet, to suggest a --field mapping; its
 * index or -1.
 */
int cl_field_suggest(int f, const char *const *colname, int ncols, const int *used);

/*
 * A printable excerpt of s for a message: at most ~60 bytes, cut on a
 * UTF-8 boundary, control bytes and invalid UTF-8 shown as '?'.
 */
void cl_excerpt(char *dst, size_t size, const char *s);

/*
 * A warning about the data of a village table (a default applied, a code
 * page or an encoding guessed, a coordinate system assumed): logged with
 * cl_warn, CL_OK. With strict (--strict) it is an error instead: CL_EINPUT
 * with the same text and " (--strict)", so that a cron job stops rather
 * than plan on guesses. The shapefile (io/shp.c) and CSV (io/csv.c)
 * readers both warn through it.
 */
int cl_fields_warn(int strict, struct cl_error *err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
