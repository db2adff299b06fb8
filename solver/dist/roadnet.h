/*
 * roadnet.h -- a road-network line shapefile as a compressed graph
 * (internal to the roads router: dist/roads.c, snap.c, paths.c).
 *
 * Vertices are the distinct positions of the drivable ways (rounded to
 * 1e-7 degree, about 1 cm, so that ways meet where they share a vertex).
 * Nodes are the junction vertices: where a way starts or ends, and where
 * more than two way segments meet. An edge is the run of one way part
 * between two nodes; it keeps its original vertices (for snapping and
 * shapes) with the distance of each from the edge's start. Arcs are the
 * directions an edge may be driven (one or two, by the way's oneway).
 */
#ifndef CUNLU_ROADNET_H
#define CUNLU_ROADNET_H

#include "cunlu/router.h"
#include "cunlu/error.h"

/* A drivable way (one record of the layer). */
struct cl_roadway {
	int record;          /* 0-based record in the .shp */
	int cls;             /* enum cl_road_class */
	int oneway;          /* 0 both ways, 1 forward only, -1 backward only */
	double kmh;          /* maxspeed, or the class default */
};

/* A run of one way part between two nodes, in the way's direction. */
struct cl_roadedge {
	int from, to;        /* nodes */
	int way;             /* index into ways */
	int v0, nv;          /* its vertices: vert[v0 .. v0+nv-1], nv >= 2 */
	double len_m;        /* haversine length */
};

/* A direction in which an edge may be driven. */
struct cl_roadarc {
	int to;              /* node reached */
	int edge;
	int fwd;             /* 1: from -> to, 0: to -> from */
};

struct cl_roadnet {
	int nverts;          /* distinct vertices */
	double *lon, *lat;
	int nways;
	struct cl_roadway *ways;
	int nnodes;
	int *node_vert;      /* vertex of each node */
	int nedges;
	struct cl_roadedge *edges;
	int *vert;           /* vertex ids of the edges, concatenated */
	double *cum_m;       /* per entry of vert: distance from the edge start */
	int nsegs;           /* segments: entries of vert that start one */
	int *arc_start;      /* nnodes + 1: arcs leaving node n are
				arcs[arc_start[n] .. arc_start[n+1]) */
	struct cl_roadarc *arcs;
	int narcs;
	double clon, clat;   /* centre of the network, degrees */
	double kx, ky;       /* local projection: x = (lon - clon) * kx metres */
	int records;         /* records read */
};

/*
 * Read the line layer o->path into a graph. CL_EINPUT naming the file for
 * a missing member, a layer that is not lines, a column override that
 * does not exist, or a layer without any drivable way; CL_EINTERNAL when
 * out of memory. *out on success (cl_roadnet_destroy).
 */
int cl_roadnet_read(const struct cl_roads_opts *o, struct cl_roadnet **out,
		    struct cl_error *err);
void cl_roadnet_destroy(struct cl_roadnet *rn);

/* The class of an OSM highway / Geofabrik fclass value: the exact class
 * names, their *_link roads, Geofabrik's track_gradeN and "unknown"; -1
 * for the rest (not driven). */
int cl_roadnet_class(const char *highway);
/* 0 both ways, 1 forward, -1 backward (OSM and Geofabrik F/T/B). */
int cl_roadnet_oneway(const char *s);
/* The first speed in an OSM maxspeed value, in km/h (mph converted); 0
 * when unusable. */
double cl_roadnet_maxspeed(const char *s);

/*
 * The value of key in GDAL's other_tags text ("key"=>"value",...),
 * unescaped into buf[0..size). 1 when found, 0 when not (or cut off).
 */
int cl_roadnet_tag(const char *tags, const char *key, char *buf, size_t size);
/* 0 when access / motor_vehicle (either may be NULL) close the way to
 * motor vehicles (no, private, agricultural, ...; see roadnet.c). */
int cl_roadnet_access_ok(const char *access, const char *motor_vehicle);

/* The default speed of road class c in km/h where no maxspeed is tagged;
 * 0 out of range. */
double cl_road_class_kmh(int c);

#endif
