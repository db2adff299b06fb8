/*
 * out/draw.c -- HTML text and line thinning for the HTML outputs
 * (out/draw.h).
 */
#include <math.h>

#include "out/draw.h"

void cl_html_text(FILE *fp, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		default: fputc(*s, fp); break;
		}
	}
}

#define DEG_M 111195.0   /* metres per degree of latitude */
#define RAD (3.14159265358979323846 / 180.0)

int cl_thin_line(const double *lon, const double *lat, int n, double tol_m,
		 char *keep, int *stack)
{
	double kx, tol2 = tol_m * tol_m;
	int top = 0, kept = 0;

	if (n <= 0)
		return 0;
	kx = cos(lat[0] * RAD) * DEG_M;
	for (int i = 0; i < n; i++)
		keep[i] = 0;
	keep[0] = keep[n - 1] = 1;
	if (n > 2) {
		stack[top++] = 0;
		stack[top++] = n - 1;
	}
	while (top > 0) {
		int b = stack[--top], a = stack[--top], far = -1;
		double ax = lon[a] * kx, ay = lat[a] * DEG_M;
		double dx = lon[b] * kx - ax, dy = lat[b] * DEG_M - ay;
		double len2 = dx * dx + dy * dy, best = tol2;

		for (int i = a + 1; i < b; i++) {
			double px = lon[i] * kx - ax, py = lat[i] * DEG_M - ay, d2;

			if (len2 > 0) {
				double t = (px * dx + py * dy) / len2;

				t = t < 0 ? 0 : t > 1 ? 1 : t;
				px -= t * dx;
				py -= t * dy;
			}
			d2 = px * px + py * py;
			if (d2 > best) {
				best = d2;
				far = i;
			}
		}
		if (far < 0)
			continue;
		keep[far] = 1;
		if (far - a > 1) {
			stack[top++] = a;
			stack[top++] = far;
		}
		if (b - far > 1) {
			stack[top++] = far;
			stack[top++] = b;
		}
	}
	for (int i = 0; i < n; i++)
		kept += keep[i];
	return kept;
}
