#include "aws/creds/cache.h"

#include <stdio.h>
#include <string.h>

void creds_cache_init(struct creds_cache *cache, creds_resolve_fn resolve, void *resolve_ctx)
{
	memset(cache, 0, sizeof(*cache));
	cache->resolve = resolve;
	cache->resolve_ctx = resolve_ctx;
}

static time_t now(const struct creds_cache *cache)
{
	return cache->now != NULL ? cache->now(cache->clock_ctx) : time(NULL);
}

static void note(const struct creds_cache *cache, const char *message)
{
	if (cache->log != NULL)
		cache->log(cache->log_ctx, message);
}

/* Temporary credentials good for more than another minute: worth keeping
 * after a failed refresh. (Credentials without an expiry are only refreshed
 * when forced, after the server refused them: those are not kept.) */
static bool still_good(const struct creds_cache *cache, time_t t)
{
	return cache->have && cache->creds.expiration > t + 60;
}

static int refresh(struct creds_cache *cache, struct err *err)
{
	struct creds fresh;
	struct err failure;
	time_t t = now(cache);

	memset(&fresh, 0, sizeof(fresh));
	err_clear(&failure);
	cache->resolutions++;
	if (cache->resolve(cache->resolve_ctx, &fresh, &failure) != 0) {
		creds_wipe(&fresh);
		if (still_good(cache, t)) {
			char message[sizeof(failure.message) + 64];

			(void)snprintf(message, sizeof(message),
				       "credentials: refresh failed (%s); keeping the current ones",
				       failure.message);
			note(cache, message);
			cache->refresh_not_before = t + CREDS_CACHE_BACKOFF;
			return 0;
		}
		return err_set(err, failure.exit_code, "%s", failure.message);
	}
	if (fresh.expiration != 0 && fresh.expiration <= t) {
		creds_wipe(&fresh);
		return err_set(err, EXIT_RUNTIME, "credentials from %s are already expired",
			       fresh.source);
	}
	creds_wipe(&cache->creds);
	cache->creds = fresh;
	cache->have = true;
	creds_wipe(&fresh);
	return 0;
}

int creds_cache_get(struct creds_cache *cache, bool force, struct creds *out, struct err *err)
{
	time_t t = now(cache);
	bool wanted = !cache->have || force || creds_need_refresh(&cache->creds, t);

	/* After a failed refresh, wait a little before asking again while the
	 * current credentials still work. */
	if (wanted && !force && cache->have && t < cache->refresh_not_before &&
	    still_good(cache, t))
		wanted = false;
	if (wanted && refresh(cache, err) != 0)
		return -1;
	*out = cache->creds;
	return 0;
}

static int source_get(void *self, bool force, struct creds *out, struct err *err)
{
	return creds_cache_get(self, force, out, err);
}

struct creds_source creds_cache_source(struct creds_cache *cache)
{
	return (struct creds_source){source_get, cache};
}

void creds_cache_free(struct creds_cache *cache)
{
	if (cache == NULL)
		return;
	creds_wipe(&cache->creds);
	cache->have = false;
}
