/* cache — credentials kept between requests and refreshed before they
 * expire: the creds_source the client is given (aws/credentials.h).
 *
 * It wraps any resolver (the chain, in the tool; a fake in unit tests) and
 * reads time through an injectable clock (the client's offset-corrected
 * clock, in the tool), so expiry, refresh and back-off are testable without
 * waiting. Rules (botocore's refresh windows, SPEC §7):
 *  - no credentials yet, `force`, or fewer than CREDS_REFRESH_WINDOW
 *    seconds left: resolve again;
 *  - a refresh that fails while the current credentials are still good for
 *    more than a minute keeps them, and no new attempt is made for
 *    CREDS_CACHE_BACKOFF seconds; otherwise the failure is the caller's;
 *  - credentials that arrive already expired are an error.
 * The cache owns its copy and wipes it in creds_cache_free.
 */
#ifndef EKS_CREDS_CACHE_H
#define EKS_CREDS_CACHE_H

#include <stdbool.h>
#include <time.h>

#include "aws/credentials.h"

/* Seconds between attempts to refresh credentials that still work. */
#define CREDS_CACHE_BACKOFF 30

typedef int (*creds_resolve_fn)(void *ctx, struct creds *out, struct err *err);
typedef time_t (*creds_clock_fn)(void *ctx);
typedef void (*creds_log_fn)(void *ctx, const char *message);

struct creds_cache {
	creds_resolve_fn resolve;
	void *resolve_ctx;
	creds_clock_fn now; /* NULL: time(NULL) */
	void *clock_ctx;
	creds_log_fn log; /* optional: --debug notes */
	void *log_ctx;

	struct creds creds;
	bool have;
	time_t refresh_not_before; /* after a failed refresh: no new attempt before */
	unsigned long resolutions; /* how often `resolve` was called */
};

void creds_cache_init(struct creds_cache *cache, creds_resolve_fn resolve, void *resolve_ctx);

/* The cached credentials (refreshed as above), copied into *out. */
int creds_cache_get(struct creds_cache *cache, bool force, struct creds *out,
		    struct err *err) MUST_CHECK;

/* The cache as the client's credential source. */
struct creds_source creds_cache_source(struct creds_cache *cache);

void creds_cache_free(struct creds_cache *cache);

#endif
