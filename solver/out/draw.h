/*
 * out/draw.h -- what the two HTML outputs (map.html, sheets.html) share:
 * writing HTML text safely and thinning lines for drawing.
 */
#ifndef CUNLU_OUT_DRAW_H
#define CUNLU_OUT_DRAW_H

#include <stdio.h>

/* Write s with & < > " ' escaped as HTML entities (NULL writes nothing). */
void cl_html_text(FILE *fp, const char *s);

/*
 * Thin the line of n lon/lat positions (lon[i], lat[i]) for drawing:
 * Douglas-Peucker with tolerance tol_m metres (local flat projection),
 * the first and last positions always kept. keep[i] is set to 1 for the
 * positions kept, 0 for the others; returns how many are kept. keep must
 * hold n entries; stack is a workspace of 2 * n ints.
 */
int cl_thin_line(const double *lon, const double *lat, int n, double tol_m,
		 char *keep, int *stack);

#endif
