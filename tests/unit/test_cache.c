/* Unit tests for aws/creds/cache.c: when credentials are resolved again,
 * kept, or refused — with a fake resolver and a fake clock. */
#include "aws/creds/cache.h"

#include <stdio.h>

#include "unit.h"

struct fake {
	time_t now;
	int calls;
	bool fail;	   /* the next resolve fails */
	time_t expiration; /* what the next resolve hands out (0: none) */
};

static int fake_resolve(void *ctx, struct creds *out, struct err *err)
{
	struct fake *f = ctx;

	f->calls++;
	if (f->fail)
		return err_set(err, EXIT_SIGTERM, "provider broke");
	(void)snprintf(out->access_key_id, sizeof(out->access_key_id), "AKID%d", f->calls);
	(void)snprintf(out->source, sizeof(out->source), "fake");
	out->expiration = f->expiration;
	return 0;
}

static time_t fake_now(void *ctx)
{
	return ((struct fake *)ctx)->now;
}

static void setup(struct creds_cache *c, struct fake *f)
{
	creds_cache_init(c, fake_resolve, f);
	c->now = fake_now;
	c->clock_ctx = f;
}

static int get(struct creds_cache *c, bool force, char id[CREDS_ID_MAX], struct err *err)
{
	struct creds out;
	int rc;

	err_clear(err);
	rc = creds_cache_get(c, force, &out, err);
	(void)snprintf(id, CREDS_ID_MAX, "%s", rc == 0 ? out.access_key_id : "");
	creds_wipe(&out);
	return rc;
}

TEST(resolves_once_then_serves_the_copy)
{
	struct fake f = {.now = 1000};
	struct creds_cache c;
	struct err err;
	char id[CREDS_ID_MAX];

	setup(&c, &f);
	CHECK(get(&c, false, id, &err) == 0);
	CHECK_STR(id, "AKID1");
	CHECK(get(&c, false, id, &err) == 0);
	CHECK_STR(id, "AKID1");
	CHECK(f.calls == 1);
	creds_cache_free(&c);
}

TEST(refreshes_inside_the_window_and_when_forced)
{
	struct fake f = {.now = 1000, .expiration = 1000 + 3600};
	struct creds_cache c;
	struct err err;
	char id[CREDS_ID_MAX];

	setup(&c, &f);
	CHECK(get(&c, false, id, &err) == 0);
	f.now = 1000 + 3600 - CREDS_REFRESH_WINDOW - 1; /* just outside the window */
	CHECK(get(&c, false, id, &err) == 0);
	CHECK(f.calls == 1);
	f.now += 2; /* inside it */
	f.expiration = f.now + 3600;
	CHECK(get(&c, false, id, &err) == 0);
	CHECK_STR(id, "AKID2");
	CHECK(get(&c, true, id, &err) == 0); /* the server said ExpiredToken */
	CHECK_STR(id, "AKID3");
	creds_cache_free(&c);
}

TEST(failed_refresh_keeps_good_credentials_and_backs_off)
{
	struct fake f = {.now = 1000, .expiration = 1000 + 500}; /* inside the window */
	struct creds_cache c;
	struct err err;
	char id[CREDS_ID_MAX];

	setup(&c, &f);
	CHECK(get(&c, false, id, &err) == 0);
	f.fail = true;
	f.now += 1;
	CHECK(get(&c, false, id, &err) == 0); /* still good for minutes: kept */
	CHECK_STR(id, "AKID1");
	CHECK(f.calls == 2);
	f.now += CREDS_CACHE_BACKOFF - 1;
	CHECK(get(&c, false, id, &err) == 0); /* backing off: not asked */
	CHECK(f.calls == 2);
	f.now += 1;
	CHECK(get(&c, false, id, &err) == 0); /* back-off over: asked again */
	CHECK(f.calls == 3);
	creds_cache_free(&c);
}

TEST(failed_refresh_of_nearly_expired_credentials_is_an_error)
{
	struct fake f = {.now = 1000, .expiration = 1000 + 500};
	struct creds_cache c;
	struct err err;
	char id[CREDS_ID_MAX];

	setup(&c, &f);
	CHECK(get(&c, false, id, &err) == 0);
	f.fail = true;
	f.now = 1000 + 500 - 60; /* one minute left: not worth keeping */
	CHECK(get(&c, false, id, &err) == -1);
	CHECK(err.exit_code == EXIT_SIGTERM); /* the provider's own code travels */
	CHECK(strstr(err.message, "provider broke") != NULL);
	creds_cache_free(&c);
}

TEST(first_failure_and_expired_credentials_are_errors)
{
	struct fake f = {.now = 1000, .fail = true};
	struct creds_cache c;
	struct err err;
	char id[CREDS_ID_MAX];

	setup(&c, &f);
	CHECK(get(&c, false, id, &err) == -1);
	f.fail = false;
	f.expiration = 999; /* already expired when it arrives */
	CHECK(get(&c, false, id, &err) == -1);
	CHECK(strstr(err.message, "already expired") != NULL);
	creds_cache_free(&c);
}

TEST(forced_refresh_of_static_keys_that_fails_is_an_error)
{
	struct fake f = {.now = 1000}; /* no expiry: environment keys */
	struct creds_cache c;
	struct err err;
	char id[CREDS_ID_MAX];

	setup(&c, &f);
	CHECK(get(&c, false, id, &err) == 0);
	f.fail = true;
	CHECK(get(&c, true, id, &err) == -1);
	creds_cache_free(&c);
	creds_cache_free(&c); /* twice is safe */
}

TEST(source_interface_reaches_the_cache)
{
	struct fake f = {.now = 1000};
	struct creds_cache c;
	struct creds_source s;
	struct creds out;
	struct err err;

	setup(&c, &f);
	s = creds_cache_source(&c);
	err_clear(&err);
	CHECK(s.get(s.self, false, &out, &err) == 0);
	CHECK_STR(out.access_key_id, "AKID1");
	creds_wipe(&out);
	creds_cache_free(&c);
}

int main(void)
{
	RUN(resolves_once_then_serves_the_copy);
	RUN(refreshes_inside_the_window_and_when_forced);
	RUN(failed_refresh_keeps_good_credentials_and_backs_off);
	RUN(failed_refresh_of_nearly_expired_credentials_is_an_error);
	RUN(first_failure_and_expired_credentials_are_errors);
	RUN(forced_refresh_of_static_keys_that_fails_is_an_error);
	RUN(source_interface_reaches_the_cache);
	return unit_done("cache");
}
