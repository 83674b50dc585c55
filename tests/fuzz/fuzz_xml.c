/* fuzz_xml — xml_text over any bytes with the paths the tool reads (STS
 * results, the query-protocol ErrorResponse) and a few odd ones, into a
 * roomy buffer and a tiny one. Promises checked: the answer is 0, 1 or
 * -1; out is always NUL-terminated and "" unless found; whether the
 * document is well formed does not depend on the path. */
#include "fuzz.h"
#include "util/xml.h"

static const char *const paths[] = {
    "GetCallerIdentityResponse/GetCallerIdentityResult/Arn",
    ("AssumeRoleWithWebIdentityResponse/AssumeRoleWithWebIdentityResult/Credentials/"
     "SessionToken"),
    "AssumeRoleResponse/AssumeRoleResult/Credentials/Expiration",
    "ErrorResponse/Error/Code",
    "ErrorResponse/Error/Message",
    "ErrorResponse/RequestId",
    "a",
    "a/b",
    "x:a/b",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *xml = fuzz_copy(data, size);
	char big[4096], tiny[4];
	int malformed = -1; /* unknown until the first answer */

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct err err = {0};
		int r = xml_text(xml, size, paths[i], big, sizeof(big), &err), bad;

		FUZZ_ASSERT(r == 0 || r == 1 || r == -1);
		FUZZ_ASSERT(fuzz_terminated(big, sizeof(big)));
		FUZZ_ASSERT(r == 0 || big[0] == '\0');
		FUZZ_ASSERT(r != -1 || err.message[0] != '\0');
		/* "value too long" is about the path's value, not the document. */
		bad = r == -1 && strstr(err.message, "value too long") == NULL;
		if (r != -1 || bad) {
			FUZZ_ASSERT(malformed == -1 || malformed == bad);
			malformed = bad;
		}
		err_clear(&err);
		r = xml_text(xml, size, paths[i], tiny, sizeof(tiny), &err);
		FUZZ_ASSERT(r == 0 || r == 1 || r == -1);
		FUZZ_ASSERT(fuzz_terminated(tiny, sizeof(tiny)));
		FUZZ_ASSERT(r != 0 || strlen(tiny) < sizeof(tiny));
	}
	free(xml);
	return 0;
}
