/* unit.h — the unit test harness: one program per module (tests/unit/test_X.c).
 *
 *   TEST(name) { CHECK(x == 1); CHECK_STR(got, "want"); }
 *   int main(void) { RUN(name); return unit_done("X"); }
 *
 * A test passes when none of its checks failed. unit_done prints
 * "X: N passed, N failed" and returns the exit status; tests/run.sh adds
 * the counts of every program.
 */
#ifndef EKS_UNIT_H
#define EKS_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_passed, unit_failed, unit_current_failed;
static const char *unit_current;

#define TEST(name) static void name(void)

#define CHECK(cond)                                                                          \
	do {                                                                                 \
		if (!(cond)) {                                                               \
			fprintf(stderr, "%s:%d: %s: check failed: %s\n", __FILE__, __LINE__, \
				unit_current, #cond);                                        \
			unit_current_failed = 1;                                             \
		}                                                                            \
	} while (0)

#define CHECK_STR(got, want)                                                                 \
	do {                                                                                 \
		const char *unit_g = (got), *unit_w = (want);                                \
		if (unit_g == NULL || strcmp(unit_g, unit_w) != 0) {                         \
			fprintf(stderr, "%s:%d: %s: got \"%s\", want \"%s\"\n", __FILE__,    \
				__LINE__, unit_current, unit_g ? unit_g : "(null)", unit_w); \
			unit_current_failed = 1;                                             \
		}                                                                            \
	} while (0)

#define RUN(name)                        \
	do {                             \
		unit_current = #name;    \
		unit_current_failed = 0; \
		name();                  \
		if (unit_current_failed) \
			unit_failed++;   \
		else                     \
			unit_passed++;   \
	} while (0)

static inline int unit_done(const char *module)
{
	printf("%s: %d passed, %d failed\n", module, unit_passed, unit_failed);
	return unit_failed == 0 ? 0 : 1;
}

#endif
