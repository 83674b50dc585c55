/* fuzz_creds_json — the credential documents the tool reads from other
 * programs and hosts: credential_process output, the container endpoint's
 * JSON, the IMDS role document. The first byte picks the parser ('p',
 * 'c', 'i'; any other byte by its value), the rest is the document.
 * Promises checked: on failure the struct creds is wiped and a reason
 * given; on success the keys are non-empty C strings, and the temporary
 * kinds (container, IMDS) have a token and an expiry. */
#include "aws/creds/common.h"
#include "fuzz.h"

typedef int (*parse_fn)(const char *json, size_t len, struct creds *out, struct err *err);

static bool all_zero(const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i] != 0)
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const parse_fn parsers[] = {creds_process_parse, creds_container_parse,
					   creds_imds_parse};
	struct creds c;
	struct err err = {0};
	parse_fn parse;
	char *json;

	if (size == 0)
		return 0;
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
	default:
		parse = parsers[data[0] % 3];
	}
	json = fuzz_copy(data + 1, size - 1);
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
