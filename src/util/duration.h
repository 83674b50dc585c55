/* duration — parsing of --timeout / --poll-interval values (SPEC §2).
 *
 * Accepted: "500ms", "30s", "10m", "1h", "1h30m", "7d" (units may be
 * combined, largest first or not), and a bare number of seconds ("90",
 * "1.5").
 */
#ifndef EKS_DURATION_H
#define EKS_DURATION_H

#include <stdint.h>

/* The longest duration accepted: 7 days. */
#define DURATION_MAX_MS (7LL * 24 * 3600 * 1000)

/* 0 and *ms set on success; -1 on anything else (empty, unknown unit,
 * overflow, negative, above DURATION_MAX_MS). */
int duration_parse_ms(const char *text, int64_t *ms);

/* Short rendering for messages, whole units only, largest first: 500 ms
 * "500ms", 1.5 s "1.500s", 20 s "20s", 90 s "1m30s", 10 min "10m", 65 min
 * "1h5m", 2 h "2h"; above an hour, leftover seconds show as "+" ("1h5m+").
 * Cut to "" when cap is too small. */
void duration_format(int64_t ms, char *out, unsigned long cap);

#endif
