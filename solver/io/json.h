/*
 * io/json.h -- cJSON's parser with out of memory told apart from bad JSON.
 *
 * cJSON_Parse returns NULL both for text that is not JSON and when one of
 * its allocations fails, so a run short of memory would report the fleet
 * file or an OSRM reply as broken (exit 2 or 3). cl_json_parse installs
 * cJSON hooks (once, for the process) whose malloc notes a failure in a
 * thread-local flag, and reports it in *oom. The caller reports
 * CL_EINTERNAL through cl_oom when *oom is set (issue 12 item 6).
 */
#ifndef CUNLU_IO_JSON_H
#define CUNLU_IO_JSON_H

#include <stddef.h>

struct cJSON;

/*
 * cJSON_ParseWithLengthOpts(text, len, end, 0): the tree (free with
 * cJSON_Delete) or NULL; on NULL, *oom is 1 when an allocation failed
 * (then *end means nothing) and 0 when the text is not JSON. end may be
 * NULL.
 */
struct cJSON *cl_json_parse(const char *text, size_t len, const char **end, int *oom);

#endif
