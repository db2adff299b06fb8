/*
 * model/today.c -- today's villages (see today.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/today.h"

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int cl_date_weekday(const char *date, int *weekday)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y = 0, m = 0, d = 0;
	long days = 0;

	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (date[i] != '-')
				return CL_EINPUT;
		} else if (date[i] < '0' || date[i] > '9') {
			return CL_EINPUT;
		}
	}
	if (date[10] != '\0')
		return CL_EINPUT;
	y = (date[0] - '0') * 1000 + (date[1] - '0') * 100 + (date[2] - '0') * 10 + (date[3] - '0');
	m = (date[5] - '0') * 10 + (date[6] - '0');
	d = (date[8] - '0') * 10 + (date[9] - '0');
	if (y < 1900 || m < 1 || m > 12 || d < 1 ||
	    d > mdays[m - 1] + (m == 2 && leap(y)))
		return CL_EINPUT;
	/* days since Monday 1900-01-01 */
	for (int yy = 1900; yy < y; yy++)
		days += 365 + leap(yy);
	for (int mm = 1; mm < m; mm++)
		days += mdays[mm - 1] + (mm == 2 && leap(y));
	days += d - 1;
	*weekday = (int)(days % 7) + 1;
	return CL_OK;
}

void cl_date_tomorrow(char buf[32])
{
	time_t now = time(NULL);
	struct tm tm;

	/* noon today plus a day: safe across a daylight-saving change */
	localtime_r(&now, &tm);
	tm.tm_hour = 12;
	tm.tm_min = tm.tm_sec = 0;
	tm.tm_mday += 1;
	tm.tm_isdst = -1;
	mktime(&tm);
	snprintf(buf, 32, "%04d-%02d-%02d", (tm.tm_year + 1900) % 10000, (tm.tm_mon + 1) % 100,
		 tm.tm_mday % 100);
}

int cl_day_select(struct cl_site *villages, int *n, const int *nlines,
		  int weekday, struct cl_instance_extra *x, struct cl_error *err)
{
	struct cl_site *idle;
	enum cl_idle *why;
	int nidle = 0, keep = 0;
	enum cl_idle *verdict = malloc(sizeof *verdict * (size_t)(*n > 0 ? *n : 1));
	int *out = malloc(sizeof *out * (size_t)(*n > 0 ? *n : 1));

	if (!verdict || !out) {
		free(verdict);
		free(out);
		return cl_oom(err, "choosing today's villages");
	}
	for (int i = 0; i < *n; i++) {
		const struct cl_site *s = &villages[i];
		int due_today = nlines && s->due_days == 0;

		out[i] = 1;
		if (nlines && nlines[i] == 0)
			verdict[i] = CL_IDLE_NO_ORDERS;
		else if (s->demand == 0 && s->pickup == 0)
			verdict[i] = CL_IDLE_NOTHING;
		else if (s->days != 0 && !(s->days & (1u << weekday)) && !due_today)
			verdict[i] = CL_IDLE_NOT_SCHEDULED;
		else
			out[i] = 0;
		nidle += out[i];
	}
	idle = realloc(x->idle, sizeof *idle * (size_t)(x->nidle + nidle + 1));
	if (idle)
		x->idle = idle;
	why = realloc(x->idle_why, sizeof *why * (size_t)(x->nidle + nidle + 1));
	if (why)
		x->idle_why = why;
	if (!idle || !why) {
		free(verdict);
		free(out);
		return cl_oom(err, "choosing today's villages");
	}
	for (int i = 0; i < *n; i++) {
		if (out[i]) {
			x->idle[x->nidle] = villages[i];
			x->idle_why[x->nidle++] = verdict[i];
		} else {
			villages[keep++] = villages[i];
		}
	}
	*n = keep;
	free(verdict);
	free(out);
	return CL_OK;
}
