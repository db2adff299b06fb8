/*
 * intra.c -- 2-opt and or-opt inside one route (intra.h).
 */
#include <stdint.h>

#include "search/intra.h"
#include "search/tuning.h"

/* Record move m in the test list, if any. */
static inline void note(struct cl_intra_move *all, int max_all, int *nall,
			enum cl_intra_kind kind, int i, int j, int k, int rev,
			int64_t delta)
{
	if (all && *nall < max_all) {
		struct cl_intra_move *m = &all[(*nall)++];
		m->kind = kind;
		m->i = i;
		m->j = j;
		m->k = k;
		m->rev = rev;
		m->delta = delta;
	}
}

/* Keep m if it improves on *best. */
static inline void keep(struct cl_intra_move *best, enum cl_intra_kind kind,
			int i, int j, int k, int rev, int64_t delta)
{
	if (delta < best->delta) {
		best->kind = kind;
		best->i = i;
		best->j = j;
		best->k = k;
		best->rev = rev;
		best->delta = delta;
	}
}

/* Cost change of the route pre ++ mid ++ suf (mid not empty). */
static inline int64_t delta3(const struct cl_rt *r, const struct cl_prob *p,
			     const struct cl_seg *pre, const struct cl_seg *mid,
			     const struct cl_seg *suf)
{
	struct cl_seg x;
	int64_t c;

	cl_seg_join(&x, pre, mid, p, r->type);
	c = cl_rt_eval3(p, r->type, &x, -1, suf);
	return c == INT64_MAX ? INT64_MAX : c - r->cost;
}

/*
 * The moves anchored at position i (2-opt reversing nodes[i..j], or-opt
 * moving nodes[i..i+k-1]) whose other end is at most win positions away;
 * the best improving one goes into *best (best->delta is the bar to beat).
 */
static void scan_at(const struct cl_rt *r, const struct cl_prob *p, int i,
		    int win, struct cl_intra_move *best,
		    struct cl_intra_move *all, int max_all, int *nall)
{
	int t = r->type, len = r->len;
	struct cl_seg rev, nd, mid, sf, sr, x;

	/* 2-opt: nodes[i..j] reversed */
	cl_seg_node(&rev, p, t, r->nodes[i]);
	for (int j = i + 1; j <= len && j - i <= win; j++) {
		cl_seg_node(&nd, p, t, r->nodes[j]);
		cl_seg_join(&rev, &nd, &rev, p, t);
		int64_t d = delta3(r, p, &r->pre[i - 1], &rev, &r->suf[j + 1]);
		note(all, max_all, nall, CL_INTRA_TWO_OPT, i, j, 0, 0, d);
		keep(best, CL_INTRA_TWO_OPT, i, j, 0, 0, d);
	}
	/* or-opt: nodes[i..i+k-1] (forward sf, reversed sr) moved */
	cl_seg_node(&sf, p, t, r->nodes[i]);
	sr = sf;
	for (int k = 1; k <= CL_OROPT_MAX && k < len && i + k - 1 <= len; k++) {
		if (k > 1) {
			cl_seg_node(&nd, p, t, r->nodes[i + k - 1]);
			cl_seg_join(&sf, &sf, &nd, p, t);
			cl_seg_join(&sr, &nd, &sr, p, t);
		}
		int nrev = k > 1 ? 2 : 1;
		/* before: pre[j] ++ S ++ nodes[j+1..i-1] ++ suf[i+k] */
		for (int j = i - 2; j >= 0 && i - 1 - j <= win; j--) {
			cl_seg_node(&nd, p, t, r->nodes[j + 1]);
			if (j == i - 2)
				mid = nd;
			else
				cl_seg_join(&mid, &nd, &mid, p, t);
			for (int rv = 0; rv < nrev; rv++) {
				cl_seg_join(&x, &r->pre[j], rv ? &sr : &sf, p, t);
				int64_t d = delta3(r, p, &x, &mid, &r->suf[i + k]);
				note(all, max_all, nall, CL_INTRA_OR_OPT, i, j, k, rv, d);
				keep(best, CL_INTRA_OR_OPT, i, j, k, rv, d);
			}
		}
		/* after: pre[i-1] ++ nodes[i+k..j] ++ S ++ suf[j+1] */
		for (int j = i + k; j <= len && j - (i + k - 1) <= win; j++) {
			cl_seg_node(&nd, p, t, r->nodes[j]);
			if (j == i + k)
				cl_seg_join(&mid, &r->pre[i - 1], &nd, p, t);
			else
				cl_seg_join(&mid, &mid, &nd, p, t);
			for (int rv = 0; rv < nrev; rv++) {
				int64_t d = delta3(r, p, &mid, rv ? &sr : &sf, &r->suf[j + 1]);
				note(all, max_all, nall, CL_INTRA_OR_OPT, i, j, k, rv, d);
				keep(best, CL_INTRA_OR_OPT, i, j, k, rv, d);
			}
		}
	}
}

/* May r be scanned (at least two villages, one trip)? */
static int scannable(const struct cl_rt *r)
{
	return r->len >= 2 && r->pre[r->len + 1].nrl == 0;
}

int cl_intra_best(const struct cl_rt *r, const struct cl_prob *p,
		  struct cl_intra_move *best, struct cl_intra_move *all,
		  int max_all, int *nall)
{
	if (nall)
		*nall = 0;
	best->delta = 0;
	if (!scannable(r))
		return 0;
	for (int i = 1; i <= r->len; i++)
		scan_at(r, p, i, r->len, best, all, max_all, nall);
	return best->delta < 0;
}

static void reverse(int *a, int i, int j)
{
	for (; i < j; i++, j--) {
		int x = a[i];
		a[i] = a[j];
		a[j] = x;
	}
}

void cl_intra_apply(struct cl_rt *r, const struct cl_prob *p,
		    const struct cl_intra_move *m)
{
	int *a = r->nodes;

	if (m->kind == CL_INTRA_TWO_OPT) {
		reverse(a, m->i, m->j);
	} else {
		int s[CL_OROPT_MAX], i = m->i, j = m->j, k = m->k;
		for (int q = 0; q < k; q++)
			s[q] = a[i + q];
		if (j < i) {
			/* nodes[j+1..i-1] shift right by k */
			for (int q = i - 1; q >= j + 1; q--)
				a[q + k] = a[q];
			for (int q = 0; q < k; q++)
				a[j + 1 + q] = s[m->rev ? k - 1 - q : q];
		} else {
			/* nodes[i+k..j] shift left by k */
			for (int q = i + k; q <= j; q++)
				a[q - k] = a[q];
			for (int q = 0; q < k; q++)
				a[j - k + 1 + q] = s[m->rev ? k - 1 - q : q];
		}
	}
	cl_rt_update(r, p);
}

long cl_intra_improve(struct cl_rt *r, const struct cl_prob *p)
{
	struct cl_intra_move m;
	long moves = 0;
	int improved = 1;

	if (r->polished || !scannable(r))
		return 0;
	for (int pass = 0; pass < CL_INTRA_MAX_PASSES && improved; pass++) {
		improved = 0;
		for (int i = 1; i <= r->len; i++) {
			m.delta = 0;
			scan_at(r, p, i, CL_INTRA_WINDOW, &m, NULL, 0, NULL);
			if (m.delta < 0) {
				int64_t before = r->cost;
				cl_intra_apply(r, p, &m);
				moves++;
				if (r->cost >= before)
					return moves;   /* cannot happen: the delta is exact */
				improved = 1;
			}
		}
	}
	r->polished = !improved;
	return moves;
}
