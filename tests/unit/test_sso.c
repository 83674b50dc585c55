/* sso: the token cache's file name (botocore's SHA-1 rule) and expiry
 * times, the cache file's JSON read and written back, and the portal's and
 * OIDC's answers. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aws/creds/common.h"
#include "aws/sso.h"
#include "unit.h"
#include "util/str.h"

static struct sso_token token; /* 28 KiB: not on the stack of every test */

static int parse_token(const char *json, struct err *err)
{
	err_clear(err);
	return creds_sso_token_parse(json, strlen(json), &token, err);
}

static bool all_zero(const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i] != 0)
			return false;
	return true;
}

TEST(cache_file_name_is_sha1_of_session_or_start_url)
{
	char name[64];

	/* Values from Python's hashlib.sha1(key.encode()).hexdigest(), which
	 * is what botocore's SSOTokenLoader uses. */
	CHECK(creds_sso_cache_name("my-sso", name, sizeof(name)) == 0);
	CHECK_STR(name, "0ad374308c5a4e22f723adf10145eafad7c4031c.json");
	CHECK(creds_sso_cache_name("https://d-abc123.awsapps.com/start", name, sizeof(name)) == 0);
	CHECK_STR(name, "40a89917e3175433e361b710a9d43528d7f1890a.json");
	CHECK(creds_sso_cache_name("abc", name, sizeof(name)) == 0);
	CHECK_STR(name, "a9993e364706816aba3e25717850c26c9cd0d89d.json");
	CHECK(creds_sso_cache_name("sso-session \xc3\xa9", name, sizeof(name)) == 0);
	CHECK_STR(name, "aa112e1205e2459c986cbe2f35f955d0dc4e2dc3.json");
	/* 40 hex digits, ".json" and the NUL: 46 bytes. */
	CHECK(creds_sso_cache_name("abc", name, 45) != 0);
	CHECK(creds_sso_cache_name("abc", name, 46) == 0);
}

TEST(expiry_times_as_the_cli_writes_them)
{
	time_t t;

	CHECK(creds_sso_parse_time("2026-11-30T12:00:00Z", &t) == 0 && t == 1796040000);
	CHECK(creds_sso_parse_time("2026-11-30T12:00:00UTC", &t) == 0 && t == 1796040000);
	CHECK(creds_sso_parse_time("2026-11-30T12:00:00+00:00", &t) == 0 && t == 1796040000);
	CHECK(creds_sso_parse_time("2026-11-30T12:00:00.250Z", &t) == 0 && t == 1796040000);
	CHECK(creds_sso_parse_time("2026-11-30T12:00:00.5UTC", &t) == 0 && t == 1796040000);
}

TEST(malformed_expiry_times)
{
	static const char *const bad[] = {"",
					  "UTC",
					  "2026-11-30UTC",
					  "2026-11-30T12:00UTC",
					  "2026-11-30T12:00:00ZUTC",
					  "2026-11-30T12:00:00 UTC",
					  "2026-11-30T12:00:00utc",
					  "2026-11-30T12:00:00+01:00",
					  "2026-11-30T12:00:00UTCZ",
					  "30/11/2026 12:00:00"};
	time_t t;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK(creds_sso_parse_time(bad[i], &t) != 0);
		if (creds_sso_parse_time(bad[i], &t) == 0)
			fprintf(stderr, "  accepted: \"%s\"\n", bad[i]);
	}
}

TEST(token_cache_document)
{
	struct err err;

	CHECK(parse_token("{\"startUrl\": \"https://d-abc123.awsapps.com/start\", "
			  "\"region\": \"us-east-1\", \"accessToken\": \"aoaAAAA\\u002bx\", "
			  "\"expiresAt\": \"2026-11-30T12:00:00Z\", \"clientId\": \"cid\", "
			  "\"clientSecret\": \"csecret\", \"registrationExpiresAt\": "
			  "\"2027-02-28T12:00:00Z\", \"refreshToken\": \"aorAAAA\"}",
			  &err) == 0);
	CHECK_STR(token.access_token, "aoaAAAA+x");
	CHECK(token.expires_at == 1796040000);
	CHECK_STR(token.refresh_token, "aorAAAA");
	CHECK_STR(token.client_id, "cid");
	CHECK_STR(token.client_secret, "csecret");
	CHECK_STR(token.registration_expires_at, "2027-02-28T12:00:00Z");
	CHECK_STR(token.start_url, "https://d-abc123.awsapps.com/start");
	CHECK_STR(token.region, "us-east-1");
	/* A CLI that registered no client writes only the token. */
	CHECK(parse_token("{\"accessToken\":\"a\",\"expiresAt\":\"2019-11-14T04:05:45UTC\"}",
			  &err) == 0);
	CHECK(token.refresh_token[0] == '\0' && token.client_secret[0] == '\0');
	CHECK(parse_token("{\"accessToken\":\"a\",\"expiresAt\":\"2019-11-14T04:05:45Z\","
			  "\"refreshToken\":null}",
			  &err) == 0);
}

TEST(bad_token_cache_documents_are_refused_and_wiped)
{
	static const struct {
		const char *json, *message;
	} cases[] = {
	    {"", "truncated JSON"},
	    {"[]", "expected an object"},
	    {"{\"expiresAt\":\"2026-11-30T12:00:00Z\"}", "accessToken: missing"},
	    {"{\"accessToken\":\"\",\"expiresAt\":\"2026-11-30T12:00:00Z\"}", "accessToken: empty"},
	    {"{\"accessToken\":\"secret-value\"}", "expiresAt: missing"},
	    {"{\"accessToken\":\"secret-value\",\"expiresAt\":\"tomorrow\"}",
	     "expiresAt: not an ISO-8601 time: \"tomorrow\""},
	    {"{\"accessToken\":\"secret-value\",\"expiresAt\":1796040000}", "expiresAt: expected"},
	    {"{\"accessToken\":\"secret-value\",\"expiresAt\":\"2026-11-30T12:00:00Z\","
	     "\"clientSecret\":7}",
	     "clientSecret: expected"},
	};
	struct err err;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&token, 0xa5, sizeof(token));
		CHECK(parse_token(cases[i].json, &err) != 0);
		CHECK(strstr(err.message, cases[i].message) != NULL);
		CHECK(strstr(err.message, "secret-value") == NULL);
		CHECK(all_zero(&token, sizeof(token)));
		if (strstr(err.message, cases[i].message) == NULL)
			fprintf(stderr, "  case %zu: %s\n", i, err.message);
	}
}

TEST(token_saved_as_the_cli_does_and_read_back)
{
	char dir[] = "/tmp/test_sso_XXXXXX", path[256];
	struct err err;
	struct stat st;
	DIR *d;
	struct dirent *e;
	int files = 0;

	CHECK(mkdtemp(dir) != NULL);
	(void)str_fmt(path, sizeof(path), "%s/0ad374308c5a4e22f723adf10145eafad7c4031c.json", dir);
	CHECK(parse_token("{\"startUrl\":\"https://x/start\",\"region\":\"eu-west-1\","
			  "\"accessToken\":\"tok\\\"en\",\"expiresAt\":\"2026-11-30T12:00:00UTC\","
			  "\"clientId\":\"c\",\"clientSecret\":\"s\",\"registrationExpiresAt\":"
			  "\"2027-02-28T12:00:00Z\",\"refreshToken\":\"r\"}",
			  &err) == 0);
	err_clear(&err);
	CHECK(creds_sso_token_save(path, &token, &err) == 0);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
	/* Saved again over the old file: replaced, no temporary file left. */
	CHECK(creds_sso_token_save(path, &token, &err) == 0);
	d = opendir(dir);
	while (d != NULL && (e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			files++;
	if (d != NULL)
		closedir(d);
	CHECK(files == 1);
	{
		struct buf text;

		CHECK(creds_read_secret_file(path, "cache", &text, &err) == 0);
		CHECK_STR(text.data,
			  "{\"startUrl\":\"https://x/start\",\"region\":\"eu-west-1\","
			  "\"accessToken\":\"tok\\\"en\",\"expiresAt\":\"2026-11-30T12:00:00Z\","
			  "\"clientId\":\"c\",\"clientSecret\":\"s\",\"registrationExpiresAt\":"
			  "\"2027-02-28T12:00:00Z\",\"refreshToken\":\"r\"}");
		CHECK(parse_token(text.data, &err) == 0);
		CHECK_STR(token.access_token, "tok\"en");
		CHECK(token.expires_at == 1796040000);
		buf_wipe(&text);
	}
	/* A folder that does not exist: an error naming the file, nothing left. */
	(void)str_fmt(path, sizeof(path), "%s/missing/x.json", dir);
	err_clear(&err);
	CHECK(creds_sso_token_save(path, &token, &err) != 0);
	CHECK(strstr(err.message, "/missing/x.json") != NULL);
	(void)str_fmt(path, sizeof(path), "%s/0ad374308c5a4e22f723adf10145eafad7c4031c.json", dir);
	CHECK(unlink(path) == 0);
	CHECK(rmdir(dir) == 0);
	sso_token_wipe(&token);
}

TEST(role_credentials_answer)
{
	struct creds c;
	struct err err;
	static const char ok[] =
	    "{\"roleCredentials\":{\"accessKeyId\":\"ASIASSO\",\"secretAccessKey\":\"sso/secret\","
	    "\"sessionToken\":\"IQoJ\",\"expiration\":1796040000123}}";

	err_clear(&err);
	CHECK(sso_role_credentials_parse(ok, strlen(ok), &c, &err) == 0);
	CHECK_STR(c.access_key_id, "ASIASSO");
	CHECK_STR(c.secret_access_key, "sso/secret");
	CHECK_STR(c.session_token, "IQoJ");
	CHECK(c.expiration == 1796040000); /* milliseconds, not seconds */
	creds_wipe(&c);
}

TEST(bad_role_credentials_answers)
{
	static const struct {
		const char *json, *message;
	} cases[] = {
	    {"{}", "roleCredentials"},
	    {"{\"roleCredentials\":[]}", "roleCredentials"},
	    {"{\"roleCredentials\":{\"accessKeyId\":\"A\",\"secretAccessKey\":\"S\","
	     "\"expiration\":1796040000000}}",
	     "roleCredentials.sessionToken: missing"},
	    {"{\"roleCredentials\":{\"accessKeyId\":\"A\",\"secretAccessKey\":\"\","
	     "\"sessionToken\":\"T\",\"expiration\":1796040000000}}",
	     "roleCredentials.secretAccessKey: empty"},
	    {"{\"roleCredentials\":{\"accessKeyId\":\"A\",\"secretAccessKey\":\"S\","
	     "\"sessionToken\":\"T\",\"expiration\":\"2026-11-30T12:00:00Z\"}}",
	     "roleCredentials.expiration"},
	    /* Seconds where milliseconds belong would be a time in 1970. */
	    {"{\"roleCredentials\":{\"accessKeyId\":\"A\",\"secretAccessKey\":\"S\","
	     "\"sessionToken\":\"T\",\"expiration\":1796040000}}",
	     "not a time in epoch milliseconds"},
	};
	struct creds c;
	struct err err;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&c, 0xa5, sizeof(c));
		err_clear(&err);
		CHECK(sso_role_credentials_parse(cases[i].json, strlen(cases[i].json), &c, &err) !=
		      0);
		CHECK(strstr(err.message, cases[i].message) != NULL);
		CHECK(all_zero(&c, sizeof(c)));
		if (strstr(err.message, cases[i].message) == NULL)
			fprintf(stderr, "  case %zu: %s\n", i, err.message);
	}
}

TEST(create_token_answer)
{
	struct err err;
	static const char rotated[] = "{\"accessToken\":\"new-access\",\"tokenType\":\"Bearer\","
				      "\"expiresIn\":28800,\"refreshToken\":\"new-refresh\"}";
	static const char kept[] = "{\"accessToken\":\"newer\",\"expiresIn\":3600}";

	memset(&token, 0, sizeof(token));
	(void)str_copy(token.access_token, sizeof(token.access_token), "old-access");
	(void)str_copy(token.refresh_token, sizeof(token.refresh_token), "old-refresh");
	err_clear(&err);
	CHECK(sso_create_token_parse(rotated, strlen(rotated), 1000, &token, &err) == 0);
	CHECK_STR(token.access_token, "new-access");
	CHECK_STR(token.refresh_token, "new-refresh");
	CHECK(token.expires_at == 1000 + 28800);
	/* No refreshToken in the answer: the old one stays (OAuth 2.0). */
	CHECK(sso_create_token_parse(kept, strlen(kept), 2000, &token, &err) == 0);
	CHECK_STR(token.access_token, "newer");
	CHECK_STR(token.refresh_token, "new-refresh");
	CHECK(token.expires_at == 2000 + 3600);
	sso_token_wipe(&token);
}

TEST(bad_create_token_answers_leave_the_token_alone)
{
	static const char *const bad[] = {
	    "{\"expiresIn\":3600}",
	    "{\"accessToken\":\"\",\"expiresIn\":3600}",
	    "{\"accessToken\":\"a\"}",
	    "{\"accessToken\":\"a\",\"expiresIn\":0}",
	    "{\"accessToken\":\"a\",\"expiresIn\":\"3600\"}",
	    "{\"accessToken\":\"a\",\"expiresIn\":3600,\"refreshToken\":5}",
	    "not json",
	};
	struct err err;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&token, 0, sizeof(token));
		(void)str_copy(token.access_token, sizeof(token.access_token), "old");
		token.expires_at = 7;
		err_clear(&err);
		CHECK(sso_create_token_parse(bad[i], strlen(bad[i]), 1000, &token, &err) != 0);
		CHECK(err.message[0] != '\0');
		CHECK_STR(token.access_token, "old");
		CHECK(token.expires_at == 7);
	}
}

TEST(wipe_clears_the_token)
{
	memset(&token, 'x', sizeof(token));
	sso_token_wipe(&token);
	CHECK(all_zero(&token, sizeof(token)));
	sso_token_wipe(NULL);
}

int main(void)
{
	RUN(cache_file_name_is_sha1_of_session_or_start_url);
	RUN(expiry_times_as_the_cli_writes_them);
	RUN(malformed_expiry_times);
	RUN(token_cache_document);
	RUN(bad_token_cache_documents_are_refused_and_wiped);
	RUN(token_saved_as_the_cli_does_and_read_back);
	RUN(role_credentials_answer);
	RUN(bad_role_credentials_answers);
	RUN(create_token_answer);
	RUN(bad_create_token_answers_leave_the_token_alone);
	RUN(wipe_clears_the_token);
	return unit_done("sso");
}
