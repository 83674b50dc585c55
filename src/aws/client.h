/* client — one signed AWS request, done the way the SDKs do it.
 *
 * struct aws is the client the session (cmd/session.c) creates once: the
 * HTTP client (connections reused), the region and the EKS/STS endpoints,
 * the measured clock offset, the retry quota, and the credential source it
 * is *given* (aws/credentials.h; the session gives it the cached chain).
 * The client knows nothing of config files, profiles or providers: those
 * sit above it (aws/creds/) and use it to reach STS, IMDS and containers.
 *
 * aws_send_all signs and sends a batch of independent requests at once and
 * retries in AWS "standard" mode (SPEC §7): up to AWS_MAX_ATTEMPTS attempts
 * (default 3) for throttling, 500/502/503/504 and transport errors, with
 * full-jitter exponential backoff capped at 20 s; a clock-skew error is
 * corrected from the server's Date header and retried once; an expired
 * session token makes the credentials refresh and the request retry once.
 * Errors are decoded from x-amzn-ErrorType + body "message" (EKS, and
 * JSON answers of full-URL requests such as the SSO portal's) or the
 * <ErrorResponse> XML (STS).
 *
 * Requests and their strings belong to the caller. Each response owns its
 * body until aws_response_free.
 */
#ifndef EKS_AWS_H
#define EKS_AWS_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "aws/credentials.h"
#include "aws/endpoint.h"
#include "net/http.h"

#define AWS_REGION_MAX 64
#define AWS_RETRY_QUOTA_MAX 500
#define AWS_BACKOFF_CAP_MS 20000
#define AWS_MAX_EXTRA_HEADERS 16 /* aws_request.headers: more is an error */

struct aws_options {
	bool debug;			     /* log requests, retries and sources to stderr */
	const volatile sig_atomic_t *cancel; /* raised by SIGINT/SIGTERM */
	int max_attempts;		     /* AWS_MAX_ATTEMPTS; 0: 3 */
	const char *ca_bundle;		     /* AWS_CA_BUNDLE, or NULL: the built-in roots */
};

struct aws {
	struct http_client http;
	char region[AWS_REGION_MAX]; /* "" until aws_set_region */
	char eks_url[ENDPOINT_URL_MAX];
	char sts_url[ENDPOINT_URL_MAX];
	struct creds_source credentials; /* get == NULL: signed requests fail */
	long clock_offset; /* seconds to add to the local clock (server Date - local) */
	int max_attempts;
	int retry_quota; /* standard mode token bucket, starts at AWS_RETRY_QUOTA_MAX */
	bool debug;
	const volatile sig_atomic_t *cancel;
	/* Monotonic milliseconds (CLOCK_MONOTONIC) after which no retry starts
	 * and no request waits longer: --timeout. 0: none. */
	int64_t deadline_ms;
	/* Set once a request to AWS was cut short, not sent or not retried
	 * because of deadline_ms: what was read is incomplete. */
	bool deadline_hit;
	/* The jitter's random numbers; NULL: clock_random_u32 (tests fix it). */
	uint32_t (*random)(void);
};

enum aws_service { AWS_SERVICE_EKS, AWS_SERVICE_STS, AWS_SERVICE_URL };

struct aws_request {
	enum aws_service service;
	const char *operation; /* "DescribeCluster": for logs and messages */
	const char *method;    /* "GET", "POST", "PUT" */
	const char *path;      /* wire path, percent-encoded ("/clusters/demo") */
	const char *query;     /* wire query without '?', or NULL */
	const char *body;      /* or NULL */
	size_t body_len;
	const char *content_type;   /* for a body: "application/json", form... */
	bool unsigned_request;	    /* AssumeRoleWithWebIdentity, IMDS, container, SSO */
	const struct creds *creds;  /* sign with these instead of the source's */
	const char *url;	    /* AWS_SERVICE_URL: the full URL (IMDS, container, SSO) */
	const char *const *headers; /* extra "Name: value" lines, NULL-terminated; at most
				       AWS_MAX_EXTRA_HEADERS */
	long timeout_ms;	    /* 0: 30 s */
	int max_attempts;	    /* 0: the client's */
	const char *ca_pem;	    /* AWS_SERVICE_URL: trust only this PEM CA */
	size_t ca_pem_len;
	size_t max_body; /* the largest answer accepted; 0: HTTP_DEFAULT_MAX_BODY */
};

struct aws_response {
	bool ok;     /* a 2xx arrived */
	long status; /* HTTP status, 0 if none arrived */
	enum http_failure failure;
	struct buf body;
	char error_code[128];	 /* "ResourceNotFoundException", "Throttling", ... */
	char error_message[512]; /* AWS's message, or the transport error */
	char request_id[128];
	int attempts;
};

/* Sets up the HTTP client; no region, endpoints or credentials yet. No
 * network. */
int aws_init(struct aws *aws, const struct aws_options *opts, struct err *err) MUST_CHECK;
void aws_free(struct aws *aws);

/* The region requests are signed for, and the EKS and STS endpoints it
 * implies (endpoint.h). An empty region leaves EKS unset (its requests
 * then fail naming --region) and STS at us-east-1. */
int aws_set_region(struct aws *aws, const char *region, struct err *err) MUST_CHECK;

/* The credentials the client signs with now (from its source), for the
 * callers that sign by themselves (a presigned URL); the caller wipes *out. */
int aws_get_credentials(struct aws *aws, struct creds *out, struct err *err) MUST_CHECK;

/* Sends n requests at once with retries. Returns 0 when every request was
 * attempted (each response says ok or why not); -1 only for failures that
 * stop everything (no credentials, interrupted, out of memory). */
int aws_send_all(struct aws *aws, size_t n, const struct aws_request *requests,
		 struct aws_response *responses, struct err *err) MUST_CHECK;

/* One request; -1 with err = "Operation: Code: message" unless 2xx. */
int aws_send(struct aws *aws, const struct aws_request *request, struct aws_response *response,
	     struct err *err) MUST_CHECK;

/* Records a response's failure into err ("DescribeCluster: Code: message")
 * with EXIT_RUNTIME; returns -1. */
int aws_response_error(const struct aws_request *request, const struct aws_response *response,
		       struct err *err);

void aws_response_free(struct aws_response *response);

/* The current time corrected by the measured clock offset. */
time_t aws_now(const struct aws *aws);

/* Did --timeout (deadline_ms) cut, hold back or end any request so far?
 * Then answers are missing and nothing may be judged complete. */
bool aws_deadline_hit(const struct aws *aws);

/* --debug logging to stderr; never pass secrets. */
void aws_debug(const struct aws *aws, const char *fmt, ...) PRINTF_LIKE(2, 3);

/* err = "interrupted" with the exit code of the signal in *aws->cancel. */
int aws_interrupted(const struct aws *aws, struct err *err);

/* --- the pieces of the retry policy, exposed for unit tests ------------- */

/* The full-jitter back-off before attempt `attempt` + 1 (attempt >= 1):
 * uniform in [0, min(2^(attempt-1) s, 20 s)), scaled from `random`. */
long aws_backoff_ms(int attempt, uint32_t random);

/* "Mon, 02 Jan 2006 15:04:05 GMT" → time_t; -1 when malformed. */
time_t aws_parse_http_date(const char *text);

/* Worth retrying with back-off: 429, 500, 502, 503, 504, or a throttling or
 * transient error code (the SDKs' lists). */
bool aws_is_retryable_error(long status, const char *code);
/* Retried once at once after the clock offset is corrected from Date. */
bool aws_is_clock_skew_error(const char *code);
/* Retried once after the credential source is asked again with force. */
bool aws_is_expired_token_error(const char *code);

/* Standard mode's retry quota (a token bucket of AWS_RETRY_QUOTA_MAX): a
 * retry takes `cost` (5, 10 after a timeout) or is not made when the
 * bucket cannot pay; a success puts back the cost of the retry that led to
 * it, or 1. */
bool aws_quota_take(struct aws *aws, int cost);
void aws_quota_refund(struct aws *aws, int last_retry_cost);

#endif
