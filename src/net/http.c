#include "net/http.h"

#include <bearssl.h>
#include <curl/curl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "net/trust.h"
#include "util/file.h"
#include "util/str.h"
#include "util/text.h"
#include "util/uri.h"

#ifndef EKS_UPGRADE_VERSION
#define EKS_UPGRADE_VERSION "0.0.0"
#endif

/* One request in flight: its easy handle and what the TLS callback needs.
 * BearSSL's X.509 engine keeps per-handshake state, so each transfer gets
 * its own. */
struct transfer {
	CURL *easy;
	struct curl_slist *headers;
	struct http_response *response;
	size_t max_body;
	size_t *in_flight; /* body bytes held by the whole batch */
	br_x509_minimal_context x509;
	bool too_large;
	bool over_budget; /* the batch passed HTTP_MAX_BODY_IN_FLIGHT */
};

static bool curl_ready;

int http_client_init(struct http_client *client, const char *ca_bundle, struct err *err)
{
	memset(client, 0, sizeof(*client));
	if (!curl_ready) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			return err_set(err, EXIT_RUNTIME, "libcurl failed to initialise");
		curl_ready = true;
	}
	if (ca_bundle != NULL && *ca_bundle != '\0') {
		/* Read here, not by libcurl: a FIFO would block its open and
		 * /dev/zero would never end (util/file.h). */
		char why[64];
		int error;
		enum file_result got;

		buf_init(&client->ca_pem, HTTP_MAX_CA_BUNDLE);
		got = file_read(ca_bundle, HTTP_MAX_CA_BUNDLE, &client->ca_pem, &error);
		if (got != FILE_OK || client->ca_pem.len == 0) {
			buf_free(&client->ca_pem);
			return err_set(
			    err, EXIT_RUNTIME,
			    "AWS_CA_BUNDLE %s cannot be read (%s); it must name a PEM file",
			    ca_bundle,
			    got == FILE_OK ? "the file is empty"
					   : file_result_text(got, error, HTTP_MAX_CA_BUNDLE, why,
							      sizeof(why)));
		}
	}
	client->multi = curl_multi_init();
	if (client->multi == NULL) {
		buf_free(&client->ca_pem);
		return err_set(err, EXIT_RUNTIME, "libcurl failed to initialise");
	}
	/* Each TLS connection costs about 64 KiB (BearSSL's record buffers and
	 * curl's state): cap them per host, and let further requests of a batch
	 * wait for a connection to come free instead of opening more. */
	if (curl_multi_setopt(client->multi, CURLMOPT_MAX_HOST_CONNECTIONS,
			      (long)HTTP_MAX_CONNECTIONS) != CURLM_OK ||
	    curl_multi_setopt(client->multi, CURLMOPT_MAXCONNECTS, (long)HTTP_MAX_CONNECTIONS) !=
		CURLM_OK) {
		http_client_free(client);
		return err_set(err, EXIT_RUNTIME, "libcurl rejected a connection limit");
	}
	return 0;
}

void http_client_free(struct http_client *client)
{
	if (client == NULL)
		return;
	if (client->multi != NULL)
		curl_multi_cleanup(client->multi);
	buf_free(&client->ca_pem);
	memset(client, 0, sizeof(*client));
}

/* Replaces curl's X.509 engine with BearSSL's minimal engine over the
 * compiled-in anchors. It checks the chain and the server name (the SNI
 * name curl passes to br_ssl_client_reset right after this callback). */
static CURLcode install_trust_store(CURL *easy, void *ssl_ctx, void *userptr)
{
	br_ssl_client_context *tls = ssl_ctx;
	struct transfer *t = userptr;
	const br_x509_trust_anchor *anchors;
	size_t count;

	(void)easy;
	anchors = trust_anchors(&count);
	br_x509_minimal_init_full(&t->x509, anchors, count);
	br_ssl_engine_set_x509(&tls->eng, &t->x509.vtable);
	return CURLE_OK;
}

static size_t on_body(char *data, size_t size, size_t count, void *userptr)
{
	struct transfer *t = userptr;
	size_t len = size * count, before = t->response->body.cap;

	if (t->response->body.len + len > t->max_body) {
		t->too_large = true;
		return 0;
	}
	/* All bodies of a batch share one budget, whatever each may hold. */
	if (*t->in_flight + len > HTTP_MAX_BODY_IN_FLIGHT) {
		t->over_budget = true;
		return 0;
	}
	if (buf_append(&t->response->body, data, len) != 0) {
		t->too_large = true;
		return 0;
	}
	*t->in_flight += t->response->body.cap - before;
	return len;
}

static size_t on_header(char *data, size_t size, size_t count, void *userptr)
{
	struct transfer *t = userptr;
	size_t len = size * count;

	/* A new status line starts a new header block (after 1xx or a proxy's
	 * CONNECT response): keep only the final response's headers. */
	if (len >= 5 && memcmp(data, "HTTP/", 5) == 0)
		buf_reset(&t->response->headers);
	if (buf_append(&t->response->headers, data, len) != 0)
		return 0;
	return len;
}

static enum http_failure classify(CURLcode code)
{
	switch (code) {
	case CURLE_OK:
		return HTTP_OK;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return HTTP_E_RESOLVE;
	case CURLE_COULDNT_CONNECT:
		return HTTP_E_CONNECT;
	case CURLE_OPERATION_TIMEDOUT:
		return HTTP_E_TIMEOUT;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
		return HTTP_E_TLS;
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_WEIRD_SERVER_REPLY:
	case CURLE_HTTP2:
	case CURLE_READ_ERROR:
		return HTTP_E_RECEIVE;
	default:
		return HTTP_E_OTHER;
	}
}

/* curl's BearSSL backend reports handshake failures as a bare number;
 * say what the common ones mean. */
static const char *bearssl_reason(const char *curl_message)
{
	const char *hex = strstr(curl_message, "connection error 0x");
	unsigned long code;

	if (hex == NULL)
		return NULL;
	code = strtoul(hex + strlen("connection error 0x"), NULL, 16);
	switch (code) {
	case BR_ERR_UNSUPPORTED_VERSION:
	case BR_ERR_BAD_VERSION:
		return "the server offers no TLS version accepted here (TLS 1.2 is the minimum)";
	case BR_ERR_BAD_CIPHER_SUITE:
		return "the server chose a cipher suite not accepted here";
	case BR_ERR_BAD_SIGNATURE:
		return "the server's handshake signature does not verify";
	default:
		if (code >= BR_ERR_RECV_FATAL_ALERT && code < BR_ERR_SEND_FATAL_ALERT)
			return "the server ended the handshake with a fatal alert";
		return NULL;
	}
}

/* A header line "Name: value" that cannot split into two: no CR, LF or
 * other control byte, whatever put it there. */
static bool header_line_ok(const char *line)
{
	for (const unsigned char *p = (const unsigned char *)line; *p; p++)
		if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
			return false;
	return strchr(line, ':') != NULL;
}

static int setup(struct http_client *client, struct transfer *t, const struct http_request *req,
		 struct http_response *resp, size_t *in_flight, struct err *err)
{
	CURL *e;
	const char *const *h;
	struct curl_slist *grown;
	bool ok = true, plain_http = false;
	char host[256];

	memset(resp, 0, sizeof(*resp));
	t->response = resp;
	t->in_flight = in_flight;
	t->max_body = req->max_body ? req->max_body : HTTP_DEFAULT_MAX_BODY;
	/* Bodies may carry credentials (STS, IMDS, container, SSO answers). */
	buf_init_secure(&resp->body, t->max_body);
	buf_init(&resp->headers, HTTP_MAX_HEADERS);
	/* The last line of defence of issue 13's item 3: the layers above
	 * validate what they put in URLs and headers, naming the source. */
	if (!text_is_token(req->url, strlen(req->url), false) ||
	    uri_host(req->url, &plain_http, host, sizeof(host)) != 0)
		return err_set(err, EXIT_RUNTIME,
			       "refusing a request URL with a blank, a control byte or no host");
	for (h = req->headers; h != NULL && *h != NULL; h++)
		if (!header_line_ok(*h))
			return err_set(err, EXIT_RUNTIME,
				       "refusing a request header with a line break or a control "
				       "byte");
	t->easy = e = curl_easy_init();
	if (e == NULL)
		return err_set(err, EXIT_RUNTIME, "libcurl: cannot create a transfer");

	for (h = req->headers; h != NULL && *h != NULL; h++) {
		grown = curl_slist_append(t->headers, *h);
		if (grown == NULL)
			return err_set(err, EXIT_RUNTIME, "out of memory");
		t->headers = grown;
	}
	/* No "Expect: 100-continue" round trip on POST bodies. */
	grown = curl_slist_append(t->headers, "Expect:");
	if (grown == NULL)
		return err_set(err, EXIT_RUNTIME, "out of memory");
	t->headers = grown;

	ok &= curl_easy_setopt(e, CURLOPT_URL, req->url) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https") == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L) == CURLE_OK;
	/* The path is sent as built: its segments are percent-encoded by the
	 * layers above (uri_encode_segment), and libcurl must not squash a
	 * "%2E%2E" from an id into "..", which would call another API. */
	ok &= curl_easy_setopt(e, CURLOPT_PATH_AS_IS, 1L) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L) == CURLE_OK;
	/* A resolver thread still waiting on a hung DNS server is left behind
	 * (the process exits soon), not waited for past --timeout. */
	ok &= curl_easy_setopt(e, CURLOPT_QUICK_EXIT, 1L) == CURLE_OK;
	/* Plain http is allowed only to loopback and link-local addresses
	 * (endpoint.h): IMDS, container credentials with their token, a local
	 * endpoint. A proxy from http_proxy / ALL_PROXY would see all of it in
	 * clear, so those requests never go through one (botocore does not
	 * proxy container credentials either). HTTPS follows HTTPS_PROXY and
	 * NO_PROXY as libcurl reads them. */
	if (plain_http)
		ok &= curl_easy_setopt(e, CURLOPT_PROXY, "") == CURLE_OK;
	/* AWS answers are small: a 4 KiB receive buffer instead of 16 KiB keeps
	 * memory down when dozens of requests are in flight at once. */
	ok &= curl_easy_setopt(e, CURLOPT_BUFFERSIZE, 4096L) == CURLE_OK;
	ok &=
	    curl_easy_setopt(e, CURLOPT_USERAGENT, "eks-upgrade/" EKS_UPGRADE_VERSION) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, req->method) == CURLE_OK;
	if (req->body != NULL || strcmp(req->method, "GET") != 0) {
		ok &= curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len) ==
		      CURLE_OK;
		ok &=
		    curl_easy_setopt(e, CURLOPT_POSTFIELDS, req->body ? req->body : "") == CURLE_OK;
	}
	ok &= curl_easy_setopt(e, CURLOPT_TIMEOUT_MS,
			       req->timeout_ms > 0 ? req->timeout_ms : 30000L) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
			       req->connect_timeout_ms > 0 ? req->connect_timeout_ms : 10000L) ==
	      CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_WRITEDATA, t) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_HEADERDATA, t) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_ERRORBUFFER, resp->error) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_PRIVATE, t) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2) == CURLE_OK;
	if (req->ca_pem != NULL) {
		/* A server with its own CA (an EKS API server): trust exactly it. */
		struct curl_blob blob = {(void *)(uintptr_t)req->ca_pem, req->ca_pem_len,
					 CURL_BLOB_COPY};

		ok &= curl_easy_setopt(e, CURLOPT_CAINFO_BLOB, &blob) == CURLE_OK;
	} else if (client->ca_pem.len > 0) {
		/* AWS_CA_BUNDLE, read once by http_client_init; the client
		 * outlives every transfer, so curl need not copy it. */
		struct curl_blob blob = {client->ca_pem.data, client->ca_pem.len, CURL_BLOB_NOCOPY};

		ok &= curl_easy_setopt(e, CURLOPT_CAINFO_BLOB, &blob) == CURLE_OK;
	} else {
		ok &=
		    curl_easy_setopt(e, CURLOPT_SSL_CTX_FUNCTION, install_trust_store) == CURLE_OK;
		ok &= curl_easy_setopt(e, CURLOPT_SSL_CTX_DATA, t) == CURLE_OK;
	}
	if (!ok)
		return err_set(err, EXIT_RUNTIME, "libcurl rejected an option for %s", req->url);
	if (curl_multi_add_handle(client->multi, e) != CURLM_OK)
		return err_set(err, EXIT_RUNTIME, "libcurl: cannot start a transfer");
	return 0;
}

static void finish(struct http_client *client, struct transfer *t, CURLcode code)
{
	struct http_response *resp = t->response;
	const char *url = NULL;
	char host[256];
	long connects = 0, status = 0;
	curl_off_t micros = 0;

	(void)curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
	(void)curl_easy_getinfo(t->easy, CURLINFO_NUM_CONNECTS, &connects);
	(void)curl_easy_getinfo(t->easy, CURLINFO_TOTAL_TIME_T, &micros);
	(void)curl_easy_getinfo(t->easy, CURLINFO_EFFECTIVE_URL, &url);
	resp->elapsed_ms = (long)(micros / 1000);
	resp->new_connection = connects > 0;
	client->stats.requests++;
	if (connects > 0)
		client->stats.connections += (unsigned long)connects;
	{
		bool plain_http;

		/* For messages: a URL that does not parse was refused before. */
		if (uri_host(url ? url : "", &plain_http, host, sizeof(host)) != 0)
			(void)str_copy(host, sizeof(host), "the server");
	}

	if (t->too_large || t->over_budget) {
		resp->failure = HTTP_E_TOO_LARGE;
		if (t->over_budget)
			(void)str_fmt(resp->error, sizeof(resp->error),
				      "responses from %s together are larger than %u bytes", host,
				      HTTP_MAX_BODY_IN_FLIGHT);
		else
			(void)str_fmt(resp->error, sizeof(resp->error),
				      "response from %s is larger than %zu bytes", host,
				      t->max_body);
		/* Nothing of a refused body is kept: its bytes go back to the
		 * batch's budget at once. */
		*t->in_flight -= resp->body.cap < *t->in_flight ? resp->body.cap : *t->in_flight;
		buf_wipe(&resp->body);
	} else if (code != CURLE_OK) {
		char detail[sizeof(resp->error)];

		resp->failure = classify(code);
		(void)str_fmt(detail, sizeof(detail), "%s",
			      resp->error[0] ? resp->error : curl_easy_strerror(code));
		if (resp->failure == HTTP_E_TLS && bearssl_reason(detail) != NULL) {
			char raw[sizeof(detail)];

			memcpy(raw, detail, sizeof(raw));
			(void)str_fmt(detail, sizeof(detail), "%s (%s)", bearssl_reason(raw), raw);
		}
		(void)str_fmt(resp->error, sizeof(resp->error), "%s: %s", host, detail);
	} else {
		resp->failure = HTTP_OK;
		resp->status = status;
		resp->error[0] = '\0';
	}
	if (resp->failure != HTTP_OK)
		resp->status = 0;
}

int http_send_all(struct http_client *client, size_t n, const struct http_request *requests,
		  struct http_response *responses, struct err *err)
{
	struct transfer *transfers;
	int running = 0, rc = 0;
	size_t i, done = 0, in_flight = 0;

	if (n == 0)
		return 0;
	transfers = calloc(n, sizeof(*transfers));
	if (transfers == NULL)
		return err_set(err, EXIT_RUNTIME, "out of memory");
	for (i = 0; i < n; i++) {
		if (setup(client, &transfers[i], &requests[i], &responses[i], &in_flight, err) !=
		    0) {
			rc = -1;
			n = i + 1;
			goto out;
		}
	}

	while (done < n) {
		CURLMsg *msg;
		int left;

		if (client->cancel != NULL && *client->cancel) {
			for (i = 0; i < n; i++) {
				if (transfers[i].response->failure == HTTP_OK &&
				    transfers[i].response->status == 0) {
					transfers[i].response->failure = HTTP_E_CANCELLED;
					(void)str_fmt(transfers[i].response->error,
						      sizeof(transfers[i].response->error),
						      "interrupted");
				}
			}
			break;
		}
		if (curl_multi_perform(client->multi, &running) != CURLM_OK) {
			rc = err_set(err, EXIT_RUNTIME, "libcurl: transfer loop failed");
			goto out;
		}
		while ((msg = curl_multi_info_read(client->multi, &left)) != NULL) {
			struct transfer *t = NULL;

			if (msg->msg != CURLMSG_DONE)
				continue;
			(void)curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&t);
			finish(client, t, msg->data.result);
			(void)curl_multi_remove_handle(client->multi, t->easy);
			done++;
		}
		if (done < n && curl_multi_poll(client->multi, NULL, 0, 100, NULL) != CURLM_OK) {
			rc = err_set(err, EXIT_RUNTIME, "libcurl: transfer loop failed");
			goto out;
		}
	}
out:
	for (i = 0; i < n; i++) {
		if (transfers[i].easy != NULL) {
			(void)curl_multi_remove_handle(client->multi, transfers[i].easy);
			curl_easy_cleanup(transfers[i].easy);
		}
		/* curl copied our headers, Authorization and tokens included:
		 * wipe its copies too. */
		for (struct curl_slist *h = transfers[i].headers; h != NULL; h = h->next)
			explicit_bzero(h->data, strlen(h->data));
		curl_slist_free_all(transfers[i].headers);
		/* Nothing half-received goes back when the batch failed. */
		if (rc != 0 && transfers[i].response != NULL)
			http_response_free(transfers[i].response);
	}
	free(transfers);
	return rc;
}

const char *http_response_header(const struct http_response *response, const char *name, char *out,
				 size_t cap)
{
	const char *p = buf_str(&response->headers);
	size_t name_len = strlen(name);

	while (*p != '\0') {
		const char *eol = p + strcspn(p, "\r\n");

		if ((size_t)(eol - p) > name_len && p[name_len] == ':' &&
		    strncasecmp(p, name, name_len) == 0) {
			const char *v = p + name_len + 1, *end = eol;
			size_t len;

			while (v < end && (*v == ' ' || *v == '\t'))
				v++;
			while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
				end--;
			len = (size_t)(end - v);
			if (len >= cap)
				return NULL;
			memcpy(out, v, len);
			out[len] = '\0';
			return out;
		}
		p = eol;
		while (*p == '\r' || *p == '\n')
			p++;
	}
	return NULL;
}

void http_response_free(struct http_response *response)
{
	if (response == NULL)
		return;
	buf_free(&response->headers);
	buf_wipe(&response->body);
}

void http_library_versions(const char **curl_version, const char **tls_version)
{
	const curl_version_info_data *info = curl_version_info(CURLVERSION_NOW);

	*curl_version = info->version;
	*tls_version = info->ssl_version;
}
