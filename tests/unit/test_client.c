/* Unit tests for aws/client.c: the pieces of AWS "standard" retries —
 * back-off, which errors are retried, the retry quota — and Date parsing
 * for clock-skew correction. */
#include "aws/client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "unit.h"
#include "util/clock.h"

TEST(backoff_is_full_jitter_capped_at_20s)
{
	CHECK(aws_backoff_ms(1, 0) == 0);
	CHECK(aws_backoff_ms(1, UINT32_MAX) < 1000);
	CHECK(aws_backoff_ms(1, UINT32_MAX) >= 999);
	CHECK(aws_backoff_ms(2, UINT32_MAX) < 2000 && aws_backoff_ms(2, UINT32_MAX) >= 1999);
	CHECK(aws_backoff_ms(2, 1u << 31) == 1000);
	CHECK(aws_backoff_ms(5, UINT32_MAX) < 16000 && aws_backoff_ms(5, UINT32_MAX) >= 15999);
	CHECK(aws_backoff_ms(6, UINT32_MAX) < 20000 && aws_backoff_ms(6, UINT32_MAX) >= 19999);
	CHECK(aws_backoff_ms(50, UINT32_MAX) < 20000);
}

TEST(which_errors_are_retried)
{
	CHECK(aws_is_retryable_error(503, "ServiceUnavailableException"));
	CHECK(aws_is_retryable_error(429, "HTTP429"));
	CHECK(aws_is_retryable_error(500, ""));
	CHECK(aws_is_retryable_error(400, "ThrottlingException"));
	CHECK(aws_is_retryable_error(400, "Throttling"));
	CHECK(aws_is_retryable_error(400, "RequestTimeout"));
	CHECK(!aws_is_retryable_error(400, "InvalidParameterException"));
	CHECK(!aws_is_retryable_error(403, "AccessDeniedException"));
	CHECK(!aws_is_retryable_error(404, "ResourceNotFoundException"));
	CHECK(!aws_is_retryable_error(501, "NotImplemented"));
	CHECK(aws_is_clock_skew_error("RequestTimeTooSkewed"));
	CHECK(aws_is_clock_skew_error("InvalidSignatureException"));
	CHECK(!aws_is_clock_skew_error("AccessDenied"));
	CHECK(aws_is_expired_token_error("ExpiredTokenException"));
	CHECK(aws_is_expired_token_error("ExpiredToken"));
	CHECK(!aws_is_expired_token_error("InvalidClientTokenId"));
}

TEST(quota_pays_for_retries_until_empty_and_refunds_on_success)
{
	struct aws aws = {.retry_quota = AWS_RETRY_QUOTA_MAX};
	int retries = 0;

	while (aws_quota_take(&aws, 5))
		retries++;
	CHECK(retries == AWS_RETRY_QUOTA_MAX / 5);
	CHECK(aws.retry_quota == 0);
	aws_quota_refund(&aws, 5); /* a success after a retry: its cost back */
	CHECK(aws.retry_quota == 5);
	aws_quota_refund(&aws, 0); /* a success without retries: 1 */
	CHECK(aws.retry_quota == 6);
	CHECK(!aws_quota_take(&aws, 10)); /* a timeout's retry costs 10 */
	CHECK(aws.retry_quota == 6);
	aws.retry_quota = AWS_RETRY_QUOTA_MAX;
	aws_quota_refund(&aws, 10);
	CHECK(aws.retry_quota == AWS_RETRY_QUOTA_MAX); /* never above the maximum */
}

TEST(http_date)
{
	CHECK(aws_parse_http_date("Mon, 30 Nov 2026 10:00:00 GMT") == 1796032800);
	CHECK(aws_parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT") == 0);
	CHECK(aws_parse_http_date("30 Nov 2026 10:00:00 GMT") == -1); /* no weekday */
	CHECK(aws_parse_http_date("Mon, 30 Foo 2026 10:00:00 GMT") == -1);
	CHECK(aws_parse_http_date("Mon, 30 anF 2026 10:00:00 GMT") == -1);
	CHECK(aws_parse_http_date("Mon,") == -1);
}

/* Issue 13, item 12: Date headers with numbers out of range are refused
 * (year - 1900 of INT_MIN was signed overflow under UBSan). */
TEST(http_date_out_of_range)
{
	CHECK(aws_parse_http_date("Mon, 30 Nov -2147483648 10:00:00 GMT") == -1);
	CHECK(aws_parse_http_date("Mon, 30 Nov 2147483647 10:00:00 GMT") == -1);
	CHECK(aws_parse_http_date("Mon, 2147483647 Nov 2026 10:00:00 GMT") == -1);
	CHECK(aws_parse_http_date("Mon, 30 Nov 2026 99:00:00 GMT") == -1);
	CHECK(aws_parse_http_date("Mon, 30 Nov 1969 10:00:00 GMT") == -1);
}

/* --- a scripted server: one canned answer per request, then close ------- */

struct script {
	int listener;
	const char *const *answers; /* NULL-terminated; the last one repeats */
	int served;
};

static void *serve(void *arg)
{
	struct script *sc = arg;

	for (;;) {
		char request[8192];
		const char *answer = NULL;
		int fd = accept(sc->listener, NULL, NULL);

		if (fd < 0)
			return NULL;
		if (recv(fd, request, sizeof(request), 0) < 0) /* one small request */
			answer = NULL;
		for (int i = 0; sc->answers[i] != NULL && i <= sc->served; i++)
			answer = sc->answers[i];
		sc->served++;
		if (answer != NULL)
			(void)send(fd, answer, strlen(answer), MSG_NOSIGNAL);
		close(fd);
	}
}

static int start_script(struct script *sc, const char *const *answers, pthread_t *thread)
{
	struct sockaddr_in addr;
	socklen_t len = sizeof(addr);

	memset(sc, 0, sizeof(*sc));
	memset(&addr, 0, sizeof(addr));
	sc->answers = answers;
	sc->listener = socket(AF_INET, SOCK_STREAM, 0);
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (sc->listener < 0 || bind(sc->listener, (struct sockaddr *)&addr, sizeof(addr)) != 0 ||
	    listen(sc->listener, 8) != 0 ||
	    getsockname(sc->listener, (struct sockaddr *)&addr, &len) != 0)
		return -1;
	if (pthread_create(thread, NULL, serve, sc) != 0)
		return -1;
	return ntohs(addr.sin_port);
}

static void stop_script(struct script *sc, pthread_t thread)
{
	shutdown(sc->listener, SHUT_RDWR);
	close(sc->listener);
	pthread_join(thread, NULL);
}

static int static_keys(void *self, bool force, struct creds *out, struct err *err)
{
	(void)self;
	(void)force;
	(void)err;
	memset(out, 0, sizeof(*out));
	(void)snprintf(out->access_key_id, sizeof(out->access_key_id), "AKIDEXAMPLE");
	(void)snprintf(out->secret_access_key, sizeof(out->secret_access_key), "secret");
	(void)snprintf(out->source, sizeof(out->source), "test");
	return 0;
}

static uint32_t random_max(void)
{
	return UINT32_MAX;
}

/* A client of the scripted server on `port`, signing for EKS. */
static void client_of(struct aws *aws, int port)
{
	struct aws_options opts = {0};
	struct err err;

	err_clear(&err);
	CHECK(aws_init(aws, &opts, &err) == 0);
	(void)snprintf(aws->region, sizeof(aws->region), "us-west-2");
	(void)snprintf(aws->eks_url, sizeof(aws->eks_url), "http://127.0.0.1:%d", port);
	aws->credentials = (struct creds_source){static_keys, NULL};
	aws->random = random_max;
}

/* The request both retry tests send. */
static const struct aws_request describe_cluster = {.service = AWS_SERVICE_EKS,
						    .operation = "DescribeCluster",
						    .method = "GET",
						    .path = "/clusters/demo"};

#define ANSWER_503                                                                              \
	"HTTP/1.1 503 Service Unavailable\r\nx-amzn-ErrorType: ServiceUnavailableException\r\n" \
	"Content-Length: 2\r\nConnection: close\r\n\r\n{}"
#define ANSWER_200 "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"

/* The back-off exponent counts back-offs slept, not rounds: after a round
 * retried at once for clock skew, the first back-off is still at most 1 s
 * (it was up to 2 s). */
TEST(backoff_counts_only_rounds_that_slept)
{
	static char skew[512];
	const char *answers[] = {skew, ANSWER_503, ANSWER_200, NULL};
	struct aws_response resp;
	struct script sc;
	struct aws aws;
	struct err err;
	pthread_t thread;
	char date[64];
	time_t ahead = time(NULL) + 3600;
	struct tm tm;
	int port;
	int64_t t;

	(void)gmtime_r(&ahead, &tm);
	(void)strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S GMT", &tm);
	(void)snprintf(skew, sizeof(skew),
		       "HTTP/1.1 403 Forbidden\r\nx-amzn-ErrorType: InvalidSignatureException\r\n"
		       "Date: %s\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
		       date);
	port = start_script(&sc, answers, &thread);
	CHECK(port > 0);
	client_of(&aws, port);
	err_clear(&err);
	t = clock_monotonic_ms();
	CHECK(aws_send_all(&aws, 1, &describe_cluster, &resp, &err) == 0);
	t = clock_monotonic_ms() - t;
	CHECK(resp.ok && resp.attempts == 3);
	CHECK(t >= 900 && t < 1700);
	aws_response_free(&resp);
	aws_free(&aws);
	stop_script(&sc, thread);
}

/* A retry the deadline cancels costs no quota. */
TEST(quota_back_when_the_deadline_cancels_the_retry)
{
	const char *answers[] = {ANSWER_503, NULL};
	struct aws_response resp;
	struct script sc;
	struct aws aws;
	struct err err;
	pthread_t thread;
	int port = start_script(&sc, answers, &thread);

	CHECK(port > 0);
	client_of(&aws, port);
	aws.deadline_ms = clock_monotonic_ms() + 300; /* a 1 s back-off would pass it */
	err_clear(&err);
	CHECK(aws_send_all(&aws, 1, &describe_cluster, &resp, &err) == 0);
	CHECK(!resp.ok && resp.status == 503 && resp.attempts == 1);
	CHECK(aws.retry_quota == AWS_RETRY_QUOTA_MAX);
	aws_response_free(&resp);
	aws_free(&aws);
	stop_script(&sc, thread);
}

/* Headers past the 16th were dropped without a word: now an error. */
TEST(too_many_headers_is_an_error)
{
	const char *headers[AWS_MAX_EXTRA_HEADERS + 2];
	struct aws_request req = {.service = AWS_SERVICE_URL,
				  .operation = "Test",
				  .method = "GET",
				  .url = "http://127.0.0.1:9/",
				  .unsigned_request = true,
				  .headers = headers};
	struct aws_response resp;
	struct aws aws;
	struct err err;

	for (int i = 0; i < AWS_MAX_EXTRA_HEADERS + 1; i++)
		headers[i] = "X-A: b";
	headers[AWS_MAX_EXTRA_HEADERS + 1] = NULL;
	client_of(&aws, 9);
	err_clear(&err);
	CHECK(aws_send_all(&aws, 1, &req, &resp, &err) == -1);
	CHECK(strstr(err.message, "more than 16 extra headers") != NULL);
	aws_free(&aws);
}

int main(void)
{
	RUN(backoff_is_full_jitter_capped_at_20s);
	RUN(which_errors_are_retried);
	RUN(quota_pays_for_retries_until_empty_and_refunds_on_success);
	RUN(http_date);
	RUN(http_date_out_of_range);
	RUN(backoff_counts_only_rounds_that_slept);
	RUN(quota_back_when_the_deadline_cancels_the_retry);
	RUN(too_many_headers_is_an_error);
	return unit_done("client");
}
