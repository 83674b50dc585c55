/* fuzz_values — the small parsers of values a user or a response hands
 * over: durations (--timeout), Kubernetes versions (--to, EKS versions),
 * base64 (certificate data, tokens) and ISO-8601 times (credential
 * expiry). Every input goes to all of them, as a C string (up to the
 * first NUL) or as bytes. Promises checked: results within their stated
 * ranges; formatting what was parsed parses back to the same value. */
#include "util/base64.h"
#include "aws/credentials.h"
#include "util/duration.h"
#include "fuzz.h"
#include "util/k8s_version.h"

static void check_duration(const char *text)
{
	int64_t ms = -1, again = -1;
	char shown[64];

	if (duration_parse_ms(text, &ms) != 0)
		return;
	FUZZ_ASSERT(ms >= 0 && ms <= DURATION_MAX_MS);
	/* A number without a unit is only allowed as the whole text. */
	if (text[strlen(text) - 1] >= '0' && text[strlen(text) - 1] <= '9')
		FUZZ_ASSERT(strspn(text, "0123456789.") == strlen(text));
	duration_format(ms, shown, sizeof(shown));
	FUZZ_ASSERT(fuzz_terminated(shown, sizeof(shown)) && shown[0] != '\0');
	/* "1h30m+" marks dropped seconds and does not parse back; the rest
	 * comes back the same, but for milliseconds dropped above a minute. */
	if (strchr(shown, '+') == NULL) {
		FUZZ_ASSERT(duration_parse_ms(shown, &again) == 0);
		FUZZ_ASSERT(again == ms || (ms >= 60000 && ms % 1000 != 0));
	}
}

static void check_version(const char *text)
{
	struct k8s_version v, back;
	char shown[16];

	if (k8s_version_parse(text, &v) != 0)
		return;
	FUZZ_ASSERT(v.major >= 1 && v.major <= 99 && v.minor >= 0 && v.minor <= 999);
	k8s_version_format(v, shown, sizeof(shown));
	FUZZ_ASSERT(k8s_version_parse(shown, &back) == 0 && k8s_version_cmp(v, back) == 0);
	FUZZ_ASSERT(k8s_version_steps(v, back) == 0);
}

static void check_base64(const char *bytes, size_t size)
{
	struct buf decoded, encoded, again;

	buf_init(&decoded, size + 1);
	buf_init(&encoded, 2 * size + 8);
	buf_init(&again, size + 1);
	if (base64_decode(&decoded, bytes, size) == 0) {
		FUZZ_ASSERT(decoded.len <= size * 3 / 4 + 1);
		/* Decoding what we encode gives the same bytes back. */
		FUZZ_ASSERT(base64_encode(&encoded, decoded.data ? decoded.data : "", decoded.len,
					  false) == 0);
		FUZZ_ASSERT(base64_decode(&again, buf_str(&encoded), encoded.len) == 0);
		FUZZ_ASSERT(again.len == decoded.len &&
			    memcmp(buf_str(&again), buf_str(&decoded), decoded.len) == 0);
	}
	buf_free(&decoded);
	buf_free(&encoded);
	buf_free(&again);
	buf_init(&encoded, 2 * size + 8);
	FUZZ_ASSERT(base64_encode(&encoded, bytes, size, true) == 0);
	FUZZ_ASSERT(encoded.len == (size * 4 + 2) / 3);
	buf_free(&encoded);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size);
	char *bytes = fuzz_copy(data, size);
	time_t t;

	check_duration(text);
	check_version(text);
	if (creds_parse_time(text, &t) == 0)
		FUZZ_ASSERT(strlen(text) >= 19);
	check_base64(bytes, size);
	free(text);
	free(bytes);
	return 0;
}
