/* aws — one signed AWS request, done the way the SDKs do it.
 *
 * struct aws is the client context every verb creates once: the HTTP client
 * (connections reused), the loaded config and profile, the region and the
 * EKS/STS endpoints, the cached credentials (refreshed before they expire),
 * the measured clock offset, and the retry quota.
 *
 * aws_send_all signs and sends a batch of independent requests at once and
 * retries in AWS "standard" mode (SPEC §7): up to AWS_MAX_ATTEMPTS attempts
 * (default 3) for throttling, 500/502/503/504 and transport errors, with
 * full-jitter exponential backoff capped at 20 s; a clock-skew error is
 * corrected from the server's Date header and retried once; an expired
 * session token makes the credentials refresh and the request retry once.
 * Errors are decoded from x-amzn-ErrorType + body "message" (EKS) or the
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

#include "config.h"
#include "creds.h"
#include "endpoint.h"
#include "http.h"

#define AWS_REGION_MAX 64
/* Seconds between attempts to refresh credentials that still work. */
#define AWS_REFRESH_BACKOFF 30

struct aws_options {
	const char *region;		     /* --region, or NULL */
	const char *profile;		     /* --profile, or NULL */
	bool debug;			     /* log requests, retries and sources to stderr */
	const volatile sig_atomic_t *cancel; /* raised by SIGINT/SIGTERM */
};

struct aws {
	struct http_client http;
	struct config config;
	char region[AWS_REGION_MAX];
	const char *region_source; /* "--region", "AWS_REGION", "profile", "imds" */
	char eks_url[ENDPOINT_URL_MAX];
	char sts_url[ENDPOINT_URL_MAX];
	struct creds creds;
	bool have_creds;
	long clock_offset; /* seconds to add to the local clock (server Date - local) */
	int max_attempts;
	int retry_quota; /* standard mode token bucket, starts at 500 */
	bool debug;
	const volatile sig_atomic_t *cancel;
	int nesting;		/* credential resolution depth (role chains) */
	unsigned long attempts; /* HTTP attempts made, for stats */
	/* Monotonic milliseconds (CLOCK_MONOTONIC) after which no retry starts
	 * and no request waits longer: --timeout. 0: none. */
	int64_t deadline_ms;
	time_t refresh_not_before; /* after a failed refresh: no new attempt before */
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
	bool unsigned_request;	    /* AssumeRoleWithWebIdentity, IMDS, container */
	const struct creds *creds;  /* sign with these instead of the chain's */
	const char *url;	    /* AWS_SERVICE_URL: the full URL (IMDS, container) */
	const char *const *headers; /* extra "Name: value" lines, NULL-terminated */
	long timeout_ms;	    /* 0: 30 s */
	int max_attempts;	    /* 0: the client's */
	const char *ca_pem;	    /* AWS_SERVICE_URL: trust only this PEM CA */
	size_t ca_pem_len;
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

/* Loads config, resolves region and endpoints (no network unless the
 * region has to come from IMDS). Credentials are resolved on first use. */
int aws_init(struct aws *aws, const struct aws_options *opts, struct err *err) MUST_CHECK;
void aws_free(struct aws *aws);

/* Resolves (or refreshes, when near expiry or `force`) the credentials. */
int aws_credentials(struct aws *aws, bool force, struct err *err) MUST_CHECK;

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

/* --debug logging to stderr; never pass secrets. */
void aws_debug(const struct aws *aws, const char *fmt, ...) PRINTF_LIKE(2, 3);

#endif
