/* fuzz_wire — the small parsers of untrusted text that issue 13 found
 * unfuzzed: HTTP response headers (http_response_header), the Date header
 * (aws_parse_http_date), ISO-8601 times (creds_parse_time,
 * creds_sso_parse_time), the IMDS role list (creds_imds_first_role) and
 * credential_process command-line splitting (creds_process_split). Every
 * input goes to all of them. Promises checked: outputs NUL-terminated and
 * within their caps; a header value has no CR/LF and no surrounding blank;
 * dates within 1970..9999; a role name is one line without '/'; split
 * arguments lie inside the text, NULL-terminated, at most the maximum. */
#include <time.h>

#include "aws/client.h"
#include "aws/credentials.h"
#include "aws/creds/common.h"
#include "fuzz.h"
#include "net/http.h"

#define YEAR_9999_END 253402300800LL

static void check_headers(const char *text, size_t len)
{
	static const char *const names[] = {"Date", "Age", "x-amzn-RequestId", "x-amzn-ErrorType",
					    "Content-Type", "", "X"};
	struct http_response r;

	memset(&r, 0, sizeof(r));
	buf_init(&r.headers, HTTP_MAX_HEADERS);
	buf_init(&r.body, 0);
	if (buf_append(&r.headers, text, len) != 0)
		return;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char value[64];
		const char *v = http_response_header(&r, names[i], value, sizeof(value));

		if (v == NULL)
			continue;
		FUZZ_ASSERT(v == value && fuzz_terminated(value, sizeof(value)));
		FUZZ_ASSERT(strpbrk(value, "\r\n") == NULL);
		FUZZ_ASSERT(value[0] != ' ' && value[0] != '\t');
		if (value[0] != '\0')
			FUZZ_ASSERT(value[strlen(value) - 1] != ' ' &&
				    value[strlen(value) - 1] != '\t');
		if (strcmp(names[i], "Date") == 0) {
			time_t t = aws_parse_http_date(value);

			FUZZ_ASSERT(t == (time_t)-1 || (t >= 0 && t < YEAR_9999_END));
		}
	}
	http_response_free(&r);
}

static void check_times(const char *text)
{
	time_t t = 0;

	if (creds_parse_time(text, &t) == 0)
		FUZZ_ASSERT(t >= -62167219200LL && t < YEAR_9999_END);
	if (creds_sso_parse_time(text, &t) == 0)
		FUZZ_ASSERT(t >= -62167219200LL && t < YEAR_9999_END);
	t = aws_parse_http_date(text);
	FUZZ_ASSERT(t == (time_t)-1 || (t >= 0 && t < YEAR_9999_END));
}

static void check_role(const char *text)
{
	char role[64];

	if (creds_imds_first_role(text, role, sizeof(role)) != 0)
		return;
	FUZZ_ASSERT(fuzz_terminated(role, sizeof(role)) && role[0] != '\0');
	FUZZ_ASSERT(strpbrk(role, "\r\n/") == NULL);
	FUZZ_ASSERT(strncmp(text, role, strlen(role)) == 0);
}

static void check_split(const char *text)
{
	struct creds_process_argv args;
	struct err err = {0};

	if (creds_process_split(text, &args, &err) != 0) {
		FUZZ_ASSERT(err.message[0] != '\0');
		return;
	}
	FUZZ_ASSERT(args.argc >= 1 && args.argc <= CREDS_PROCESS_MAX_ARGS);
	FUZZ_ASSERT(args.argv[args.argc] == NULL);
	for (int i = 0; i < args.argc; i++) {
		FUZZ_ASSERT(args.argv[i] >= args.text &&
			    args.argv[i] < args.text + sizeof(args.text));
		FUZZ_ASSERT(fuzz_terminated(args.argv[i],
					    (size_t)(args.text + sizeof(args.text) - args.argv[i])));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size);

	check_headers((const char *)data, size);
	check_times(text);
	check_role(text);
	check_split(text);
	free(text);
	return 0;
}
