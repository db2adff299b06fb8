/*
 * io/datum.h -- the datums of Chinese web maps.
 *
 * Positions taken from a web map in China are not WGS 84:
 *
 *   source                                          datum
 *   GPS receivers, phones' raw GPS, Tianditu        WGS 84 (CGCS2000 for
 *   (天地图), county GIS data, OpenStreetMap         Tianditu and GIS data:
 *                                                   the same within cm)
 *   Amap / Gaode (高德), Tencent (腾讯/QQ), Google   GCJ-02 (国测局 "Mars"
 *   Maps inside China, AliPay, WeChat locations     coordinates)
 *   Baidu (百度)                                    BD-09 (GCJ-02 shifted
 *                                                   again by Baidu)
 *
 * GCJ-02 moves positions by 300-700 m by a published obfuscation formula
 * (here in the form widely reimplemented since 2010), BD-09 adds Baidu's
 * published shift on top. Both apply inside mainland China only: outside
 * it (Taiwan, abroad) the offsets are zero by definition, decided by the
 * usual coarse set of rectangles (six for China, six cut out).
 * The way back to WGS 84 has no closed form; it is solved by iterating the
 * forward formula to below 1e-9 degree (0.1 mm).
 */
#ifndef CUNLU_IO_DATUM_H
#define CUNLU_IO_DATUM_H

enum cl_datum { CL_DATUM_WGS84, CL_DATUM_GCJ02, CL_DATUM_BD09 };

/* "wgs84" (also "cgcs2000"), "gcj02", "bd09", any case, '-' and '_'
 * ignored; 0 and *d set, or -1. */
int cl_datum_parse(const char *s, enum cl_datum *d);

/* "WGS 84", "GCJ-02", "BD-09". */
const char *cl_datum_name(enum cl_datum d);

/* Is the WGS 84 position inside mainland China (where GCJ-02 applies)? */
int cl_in_mainland_china(double lon, double lat);

/* A WGS 84 position in datum d (in place; nothing happens for WGS 84 and
 * outside mainland China). */
void cl_datum_from_wgs84(enum cl_datum d, double *lon, double *lat);

/* A position in datum d back to WGS 84 (in place), to within 1e-9 degree. */
void cl_datum_to_wgs84(enum cl_datum d, double *lon, double *lat);

#endif
