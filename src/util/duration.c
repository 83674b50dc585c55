#include "util/duration.h"

#include <stdio.h>

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads digits with an optional fraction as thousandths: "1.5" → 1500. */
static const char *read_number(const char *p, int64_t *thousandths)
{
	int64_t whole = 0, frac = 0, scale = 100;

	if (!is_digit(*p))
		return NULL;
	for (; is_digit(*p); p++) {
		whole = whole * 10 + (*p - '0');
		if (whole > DURATION_MAX_MS)
			return NULL;
	}
	if (*p == '.') {
		p++;
		if (!is_digit(*p))
			return NULL;
		for (; is_digit(*p); p++) {
			frac += (*p - '0') * scale;
			scale /= 10;
		}
	}
	*thousandths = whole * 1000 + frac;
	return p;
}

int duration_parse_ms(const char *text, int64_t *ms)
{
	const char *p = text;
	int64_t total = 0, value, unit;

	if (text == NULL || *text == '\0')
		return -1;
	while (*p != '\0') {
		const char *start = p;

		p = read_number(p, &value);
		if (p == NULL)
			return -1;
		if (p[0] == 'm' && p[1] == 's') {
			unit = 1;
			p += 2;
		} else if (*p == 'd') {
			unit = 24LL * 3600 * 1000;
			p++;
		} else if (*p == 'h') {
			unit = 3600 * 1000;
			p++;
		} else if (*p == 'm') {
			unit = 60 * 1000;
			p++;
		} else if (*p == 's') {
			unit = 1000;
			p++;
		} else if (*p == '\0' && start == text) {
			unit = 1000; /* a bare number, the whole text, is seconds */
		} else {
			return -1;
		}
		if (value > DURATION_MAX_MS * 1000 / unit)
			return -1;
		total += value * unit / 1000;
		if (total > DURATION_MAX_MS)
			return -1;
	}
	*ms = total;
	return 0;
}

void duration_format(int64_t ms, char *out, unsigned long cap)
{
	int64_t h = ms / 3600000, m = ms / 60000 % 60, s = ms / 1000 % 60, rest = ms % 1000;
	int n;

	if (ms < 1000)
		n = snprintf(out, cap, "%lldms", (long long)ms);
	else if (h > 0 && m == 0 && s == 0)
		n = snprintf(out, cap, "%lldh", (long long)h);
	else if (h > 0)
		n = snprintf(out, cap, "%lldh%lldm%s", (long long)h, (long long)m, s ? "+" : "");
	else if (m > 0 && s == 0)
		n = snprintf(out, cap, "%lldm", (long long)m);
	else if (m > 0)
		n = snprintf(out, cap, "%lldm%llds", (long long)m, (long long)s);
	else if (rest != 0)
		n = snprintf(out, cap, "%lld.%03llds", (long long)s, (long long)rest);
	else
		n = snprintf(out, cap, "%llds", (long long)s);
	if (n < 0 || (unsigned long)n >= cap) {
		if (cap > 0)
			out[0] = '\0';
	}
}
