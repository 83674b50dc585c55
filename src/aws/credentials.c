#include "aws/credentials.h"

#include <stdlib.h>
#include <string.h>

#include "util/text.h"

void creds_wipe(struct creds *c)
{
	if (c != NULL)
		explicit_bzero(c, sizeof(*c));
}

int creds_check(const struct creds *c, struct err *err)
{
	const char *source = c->source[0] ? c->source : "the credential source";

	if (!text_is_token(c->access_key_id, strlen(c->access_key_id), false))
		return err_set(err, EXIT_RUNTIME,
			       "credentials from %s: the access key id holds a blank, a line "
			       "break or another byte that cannot go into a request header",
			       source);
	if (!text_is_token(c->session_token, strlen(c->session_token), false))
		return err_set(err, EXIT_RUNTIME,
			       "credentials from %s: the session token holds a blank, a line "
			       "break or another byte that cannot go into a request header",
			       source);
	return 0;
}

bool creds_need_refresh(const struct creds *c, time_t now)
{
	return c->expiration != 0 && c->expiration - now < CREDS_REFRESH_WINDOW;
}

static const char *digits(const char *p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++, p++) {
		if (*p < '0' || *p > '9')
			return NULL;
		v = v * 10 + (*p - '0');
	}
	*out = v;
	return p;
}

int creds_parse_time(const char *text, time_t *out)
{
	struct tm tm;
	const char *p = text;
	int year, mon, day, hour, min, sec;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	if ((p = digits(p, 4, &year)) == NULL || *p++ != '-' || (p = digits(p, 2, &mon)) == NULL ||
	    *p++ != '-' || (p = digits(p, 2, &day)) == NULL ||
	    (*p != 'T' && *p != 't' && *p != ' '))
		return -1;
	p++;
	if ((p = digits(p, 2, &hour)) == NULL || *p++ != ':' || (p = digits(p, 2, &min)) == NULL ||
	    *p++ != ':' || (p = digits(p, 2, &sec)) == NULL)
		return -1;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return -1;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'Z' || *p == 'z')
		p++;
	else if (strcmp(p, "+00:00") == 0 || strcmp(p, "+0000") == 0)
		p += strlen(p);
	if (*p != '\0')
		return -1;
	if (mon < 1 || mon > 12 || day < 1 || day > 31 || hour > 23 || min > 59 || sec > 60)
		return -1;
	tm.tm_year = year - 1900;
	tm.tm_mon = mon - 1;
	tm.tm_mday = day;
	tm.tm_hour = hour;
	tm.tm_min = min;
	tm.tm_sec = sec;
	t = timegm(&tm);
	if (t == (time_t)-1)
		return -1;
	*out = t;
	return 0;
}
