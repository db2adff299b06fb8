/*
 * dist/geo.c -- the map-free router: great circle x detour (router.h).
 * Routes are drawn as straight lines between stops.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cunlu/router.h"

struct geo_ctx {
	double detour;
	int threads;
	char key[64];
};

static int geo_matrix(void *ctx, const struct cl_instance *inst,
		      struct cl_matrix **out, struct cl_error *err)
{
	const struct geo_ctx *g = ctx;
	return cl_matrix_geo_threads(inst, g->detour, g->threads, out, err);
}

static void geo_destroy(void *ctx)
{
	free(ctx);
}

int cl_router_geo(double detour, struct cl_router *out, struct cl_error *err)
{
	return cl_router_geo_threads(detour, 1, out, err);
}

int cl_router_geo_threads(double detour, int threads, struct cl_router *out,
			  struct cl_error *err)
{
	struct geo_ctx *g = calloc(1, sizeof *g);

	if (!g)
		return cl_oom(err, "for the router");
	g->detour = detour;
	g->threads = threads > 1 ? threads : 1;
	snprintf(g->key, sizeof g->key, "geo:%.6f", detour);
	memset(out, 0, sizeof *out);
	out->name = "geo";
	out->ctx = g;
	out->source_key = g->key;
	out->matrix = geo_matrix;
	out->destroy = geo_destroy;
	return CL_OK;
}
