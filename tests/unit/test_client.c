/* Unit tests for aws/client.c: the pieces of AWS "standard" retries —
 * back-off, which errors are retried, the retry quota — and Date parsing
 * for clock-skew correction. */
#include "aws/client.h"

#include "unit.h"

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

int main(void)
{
	RUN(backoff_is_full_jitter_capped_at_20s);
	RUN(which_errors_are_retried);
	RUN(quota_pays_for_retries_until_empty_and_refunds_on_success);
	RUN(http_date);
	return unit_done("client");
}
