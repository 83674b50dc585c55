/* fuzz_creds_json — the credential documents the tool reads from other
 * programs, hosts and files: credential_process output, the container
 * endpoint's JSON, the IMDS role document, and for IAM Identity Center the
 * token cache file `aws sso login` writes, the portal's GetRoleCredentials
 * answer and OIDC's CreateToken answer. The first byte picks the parser
 * ('p', 'c', 'i', 's' cache, 'r' role credentials, 'o' CreateToken; any
 * other byte by its value), the rest is the document.
 * Promises checked: on failure the struct is wiped (CreateToken: left as it
 * was) and a reason given; on success the keys and tokens are non-empty C
 * strings within their arrays, and the temporary kinds have a token and an
 * expiry. */
#include "aws/creds/common.h"
#include "aws/sso.h"
#include "fuzz.h"

typedef int (*parse_fn)(const char *json, size_t len, struct creds *out, struct err *err);

static struct sso_token token, before; /* 28 KiB each */

static bool all_zero(const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i] != 0)
			return false;
	return true;
}

static void check_token_strings(const struct sso_token *t)
{
	FUZZ_ASSERT(fuzz_terminated(t->access_token, sizeof(t->access_token)));
	FUZZ_ASSERT(fuzz_terminated(t->refresh_token, sizeof(t->refresh_token)));
	FUZZ_ASSERT(fuzz_terminated(t->client_id, sizeof(t->client_id)));
	FUZZ_ASSERT(fuzz_terminated(t->client_secret, sizeof(t->client_secret)));
	FUZZ_ASSERT(
	    fuzz_terminated(t->registration_expires_at, sizeof(t->registration_expires_at)));
	FUZZ_ASSERT(fuzz_terminated(t->start_url, sizeof(t->start_url)));
	FUZZ_ASSERT(fuzz_terminated(t->region, sizeof(t->region)));
	FUZZ_ASSERT(t->access_token[0] != '\0');
}

/* The token cache file. */
static void cache(const char *json, size_t len)
{
	struct err err = {0};

	memset(&token, 0xa5, sizeof(token));
	if (creds_sso_token_parse(json, len, &token, &err) != 0) {
		FUZZ_ASSERT(err.message[0] != '\0');
		FUZZ_ASSERT(all_zero(&token, sizeof(token)));
		return;
	}
	check_token_strings(&token);
	sso_token_wipe(&token);
}

/* CreateToken's answer, applied to a token read from a cache. */
static void create_token(const char *json, size_t len)
{
	struct err err = {0};

	memset(&token, 0, sizeof(token));
	memcpy(token.access_token, "old-access", sizeof("old-access"));
	memcpy(token.refresh_token, "old-refresh", sizeof("old-refresh"));
	token.expires_at = 1000;
	before = token;
	if (sso_create_token_parse(json, len, 1000, &token, &err) != 0) {
		FUZZ_ASSERT(err.message[0] != '\0');
		FUZZ_ASSERT(memcmp(&token, &before, sizeof(token)) == 0);
		return;
	}
	check_token_strings(&token);
	FUZZ_ASSERT(token.refresh_token[0] != '\0' && token.expires_at > 1000);
	sso_token_wipe(&token);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const parse_fn parsers[] = {creds_process_parse, creds_container_parse,
					   creds_imds_parse, sso_role_credentials_parse};
	struct creds c;
	struct err err = {0};
	parse_fn parse;
	char *json;

	if (size == 0)
		return 0;
	json = fuzz_copy(data + 1, size - 1);
	switch (data[0]) {
	case 'p':
		parse = creds_process_parse;
		break;
	case 'c':
		parse = creds_container_parse;
		break;
	case 'i':
		parse = creds_imds_parse;
		break;
	case 'r':
		parse = sso_role_credentials_parse;
		break;
	case 's':
		cache(json, size - 1);
		free(json);
		return 0;
	case 'o':
		create_token(json, size - 1);
		free(json);
		return 0;
	default:
		if (data[0] % 6 < 4) {
			parse = parsers[data[0] % 6];
			break;
		}
		if (data[0] % 6 == 4)
			cache(json, size - 1);
		else
			create_token(json, size - 1);
		free(json);
		return 0;
	}
	memset(&c, 0xa5, sizeof(c)); /* the parser must not rely on a zeroed struct */
	if (parse(json, size - 1, &c, &err) != 0) {
		FUZZ_ASSERT(err.message[0] != '\0');
		FUZZ_ASSERT(all_zero(&c, sizeof(c)));
	} else {
		FUZZ_ASSERT(fuzz_terminated(c.access_key_id, sizeof(c.access_key_id)) &&
			    c.access_key_id[0] != '\0');
		FUZZ_ASSERT(fuzz_terminated(c.secret_access_key, sizeof(c.secret_access_key)) &&
			    c.secret_access_key[0] != '\0');
		FUZZ_ASSERT(fuzz_terminated(c.session_token, sizeof(c.session_token)));
		FUZZ_ASSERT(parse == creds_process_parse ||
			    (c.session_token[0] != '\0' && c.expiration != 0));
	}
	creds_wipe(&c);
	free(json);
	return 0;
}
