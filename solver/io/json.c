/*
 * io/json.c -- cJSON's parser with out of memory told apart (io/json.h).
 */
#include <pthread.h>
#include <stdlib.h>

#include <cjson/cJSON.h>

#include "io/json.h"

static _Thread_local int failed;
static pthread_once_t hooks_once = PTHREAD_ONCE_INIT;

static void *noting_malloc(size_t n)
{
	void *p = malloc(n);

	if (!p)
		failed = 1;
	return p;
}

static void install_hooks(void)
{
	cJSON_Hooks h = { noting_malloc, free };

	cJSON_InitHooks(&h);
}

struct cJSON *cl_json_parse(const char *text, size_t len, const char **end, int *oom)
{
	const char *e = NULL;
	cJSON *j;

	pthread_once(&hooks_once, install_hooks);
	failed = 0;
	j = cJSON_ParseWithLengthOpts(text, len, &e, 0);
	*oom = !j && failed;
	if (end)
		*end = e;
	return j;
}
