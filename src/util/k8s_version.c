#include "util/k8s_version.h"

#include <stdio.h>

static const char *read_component(const char *p, int max, int *out)
{
	int value = 0, digits = 0;

	if (*p < '0' || *p > '9')
		return NULL;
	if (*p == '0' && p[1] >= '0' && p[1] <= '9')
		return NULL; /* leading zero */
	for (; *p >= '0' && *p <= '9'; p++) {
		value = value * 10 + (*p - '0');
		if (++digits > 3 || value > max)
			return NULL;
	}
	*out = value;
	return p;
}

int k8s_version_parse(const char *text, struct k8s_version *out)
{
	const char *p = text;
	struct k8s_version v;

	if (p == NULL)
		return -1;
	if (*p == 'v')
		p++;
	p = read_component(p, 99, &v.major);
	if (p == NULL || *p != '.' || v.major < 1)
		return -1;
	p = read_component(p + 1, 999, &v.minor);
	if (p == NULL || *p != '\0')
		return -1;
	*out = v;
	return 0;
}

int k8s_version_cmp(struct k8s_version a, struct k8s_version b)
{
	if (a.major != b.major)
		return a.major < b.major ? -1 : 1;
	if (a.minor != b.minor)
		return a.minor < b.minor ? -1 : 1;
	return 0;
}

int k8s_version_steps(struct k8s_version from, struct k8s_version to)
{
	if (from.major != to.major)
		return from.major < to.major ? 1000 : -1000;
	return to.minor - from.minor;
}

void k8s_version_format(struct k8s_version v, char *out, unsigned long cap)
{
	int n = snprintf(out, cap, "%d.%d", v.major, v.minor);

	if ((n < 0 || (unsigned long)n >= cap) && cap > 0)
		out[0] = '\0';
}
