/* http — HTTPS for the rest of the program; the only user of libcurl.
 *
 * One http_client per process holds a libcurl multi handle, so connections
 * (and TLS sessions) are reused across requests, and a batch of independent
 * requests runs at once (http_send_all). TLS peer and host name are always
 * verified: against the trust store compiled into the binary (trust.h), or
 * the PEM file named by ca_bundle (AWS_CA_BUNDLE). There is no switch to turn
 * verification off.
 *
 * Requests and their strings are owned by the caller and must outlive the
 * call. Responses are filled by the call and owned by the caller afterwards
 * (http_response_free). Retries, signing and AWS error decoding live above,
 * in aws/client.c; this layer only moves bytes and classifies transport failures.
 */
#ifndef EKS_HTTP_H
#define EKS_HTTP_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

/* Response bodies larger than this are refused (SPEC §8); a request may
 * set a smaller cap (a DescribeNodegroup is a few KiB). */
#define HTTP_DEFAULT_MAX_BODY (8u * 1024 * 1024)
/* The bodies of one batch together: past this, a transfer fails as too
 * large, so a batch of 64 describes cannot hold 64 times the cap. */
#define HTTP_MAX_BODY_IN_FLIGHT (24u * 1024 * 1024)
/* AWS_CA_BUNDLE: a PEM bundle of every public root is about 220 KiB. */
#define HTTP_MAX_CA_BUNDLE (4u * 1024 * 1024)
#define HTTP_MAX_HEADERS (64u * 1024)
/* Connections kept or opened at once to one host. */
#define HTTP_MAX_CONNECTIONS 24

enum http_failure {
	HTTP_OK = 0,	  /* a complete response arrived (any status) */
	HTTP_E_RESOLVE,	  /* host name did not resolve */
	HTTP_E_CONNECT,	  /* connection refused / unreachable */
	HTTP_E_TIMEOUT,	  /* connect or total timeout */
	HTTP_E_TLS,	  /* handshake or certificate verification failed */
	HTTP_E_RECEIVE,	  /* connection reset, truncated or garbled response */
	HTTP_E_TOO_LARGE, /* body above the cap */
	HTTP_E_CANCELLED, /* the cancel flag was raised (SIGINT/SIGTERM) */
	HTTP_E_OTHER,
};

struct http_request {
	const char *method; /* "GET", "POST", "PUT" */
	const char *url;
	const char *const *headers; /* "Name: value" strings, NULL-terminated; may be NULL */
	const char *body;	    /* may be NULL */
	size_t body_len;
	long timeout_ms;	 /* whole request; 0: 30 s */
	long connect_timeout_ms; /* 0: 10 s */
	size_t max_body;	 /* 0: HTTP_DEFAULT_MAX_BODY */
	/* PEM CA certificates to trust for this request instead of the trust
	 * store or AWS_CA_BUNDLE (the cluster's own CA); NULL for none. */
	const char *ca_pem;
	size_t ca_pem_len;
};

struct http_response {
	long status; /* 0 when no response arrived */
	enum http_failure failure;
	char error[256];    /* what went wrong, naming the host */
	struct buf headers; /* raw header block of the final response */
	struct buf body;
	bool new_connection; /* a new connection (and TLS handshake) was made */
	long elapsed_ms;
};

struct http_stats {
	unsigned long requests;
	unsigned long connections; /* new connections; over HTTPS, TLS handshakes */
};

struct http_client {
	void *multi;			     /* CURLM */
	struct buf ca_pem;		     /* AWS_CA_BUNDLE's PEM; empty: the compiled-in store */
	const volatile sig_atomic_t *cancel; /* optional: nonzero aborts transfers */
	struct http_stats stats;
};

/* ca_bundle: path of a PEM file to trust instead of the compiled-in store,
 * or NULL. It is read now: a regular file of at most HTTP_MAX_CA_BUNDLE
 * bytes (util/file.h). */
int http_client_init(struct http_client *client, const char *ca_bundle, struct err *err) MUST_CHECK;
void http_client_free(struct http_client *client);

/* Sends n requests at once and waits for all. Every response is filled,
 * including transport failures (response.failure). Returns -1 only when
 * the requests could not be set up at all (a URL or header with a control
 * byte included) or the transfer loop broke; the responses are then
 * empty. Plain http:// requests never go through a proxy. */
int http_send_all(struct http_client *client, size_t n, const struct http_request *requests,
		  struct http_response *responses, struct err *err) MUST_CHECK;

/* The value of header `name` (case-insensitive) of the final response,
 * trimmed, copied into out; NULL when absent or longer than cap. */
const char *http_response_header(const struct http_response *response, const char *name, char *out,
				 size_t cap);

void http_response_free(struct http_response *response);

/* libcurl's version and its TLS backend's ("8.14.1", "BearSSL"), for
 * `eks-upgrade version`. Static strings. */
void http_library_versions(const char **curl_version, const char **tls_version);

#endif
