#include "aws/client.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "aws/sigv4.h"
#include "util/clock.h"
#include "util/json.h"
#include "util/str.h"
#include "util/text.h"
#include "util/uri.h"
#include "util/xml.h"

#define RETRY_COST 5
#define RETRY_TIMEOUT_COST 10
#define SKEW_THRESHOLD 240 /* seconds: Java's 4 minutes */
#define AWS_DEADLINE_GRACE_MS 1000
#define AWS_DEADLINE_SLACK_MS 100 /* a timeout this close to the deadline was cut by it */

void aws_debug(const struct aws *aws, const char *fmt, ...)
{
	va_list ap;
	struct buf line;

	if (aws == NULL || !aws->debug)
		return;
	/* Messages carry names, codes and URLs from answers and the
	 * environment: escaped like every other text line (util/text.h). */
	buf_init(&line, 64 * 1024);
	va_start(ap, fmt);
	if (buf_vappendf(&line, fmt, ap) != 0)
		(void)(buf_append_str(&line, "(a message too long to show)") == 0);
	va_end(ap);
	fputs("debug: ", stderr);
	(void)text_fputs(stderr, buf_str(&line));
	fputc('\n', stderr);
	buf_free(&line);
}

/* A request of AWS's cut by --timeout. (The Kubernetes API's reads,
 * AWS_SERVICE_URL, never fail a run: SPEC §11.) */
static void note_deadline(struct aws *aws, const struct aws_request *request)
{
	if (request->service != AWS_SERVICE_URL)
		aws->deadline_hit = true;
}

bool aws_deadline_hit(const struct aws *aws)
{
	return aws->deadline_hit;
}

time_t aws_now(const struct aws *aws)
{
	return time(NULL) + (aws != NULL ? aws->clock_offset : 0);
}

int aws_init(struct aws *aws, const struct aws_options *opts, struct err *err)
{
	memset(aws, 0, sizeof(*aws));
	aws->debug = opts->debug;
	aws->cancel = opts->cancel;
	aws->retry_quota = AWS_RETRY_QUOTA_MAX;
	aws->max_attempts = opts->max_attempts > 0 ? opts->max_attempts : 3;
	if (http_client_init(&aws->http, opts->ca_bundle, err) != 0)
		return -1;
	aws->http.cancel = opts->cancel;
	return 0;
}

int aws_set_region(struct aws *aws, const char *region, struct err *err)
{
	if (str_copy(aws->region, sizeof(aws->region), region) != 0)
		return err_set(err, EXIT_RUNTIME, "region name too long: %.64s", region);
	aws->eks_url[0] = '\0';
	if (aws->region[0] != '\0')
		return endpoint_resolve(ENDPOINT_EKS, aws->region, aws->eks_url,
					sizeof(aws->eks_url), NULL, err) != 0 ||
			       endpoint_resolve(ENDPOINT_STS, aws->region, aws->sts_url,
						sizeof(aws->sts_url), NULL, err) != 0
			   ? -1
			   : 0;
	return endpoint_resolve(ENDPOINT_STS, "us-east-1", aws->sts_url, sizeof(aws->sts_url), NULL,
				err);
}

void aws_free(struct aws *aws)
{
	if (aws == NULL)
		return;
	if (aws->http.stats.requests > 0)
		aws_debug(aws, "%lu HTTP requests, %lu new connections (TLS handshakes included)",
			  aws->http.stats.requests, aws->http.stats.connections);
	http_client_free(&aws->http);
}

static int credentials(struct aws *aws, bool force, struct creds *out, struct err *err)
{
	if (aws->credentials.get == NULL)
		return err_set(err, EXIT_RUNTIME, "no credential source for signed requests");
	return aws->credentials.get(aws->credentials.self, force, out, err);
}

int aws_get_credentials(struct aws *aws, struct creds *out, struct err *err)
{
	return credentials(aws, false, out, err);
}

/* --- one attempt's wire form ------------------------------------------- */

struct wire {
	struct buf url;
	struct buf authorization;
	char host_header[300];
	char date_header[64];
	char token_header[CREDS_TOKEN_MAX + 32];
	char auth_header[1024];
	char type_header[160];
	/* extra headers, Content-Type, Host, X-Amz-Date, Authorization,
	 * X-Amz-Security-Token, NULL */
	const char *headers[AWS_MAX_EXTRA_HEADERS + 6];
	bool signed_with_source;
};

static void wire_free(struct wire *w)
{
	buf_free(&w->url);
	buf_wipe(&w->authorization); /* the signature */
	explicit_bzero(w->token_header, sizeof(w->token_header));
	explicit_bzero(w->auth_header, sizeof(w->auth_header));
}

static const char *base_url(const struct aws *aws, const struct aws_request *req)
{
	switch (req->service) {
	case AWS_SERVICE_EKS:
		return aws->eks_url;
	case AWS_SERVICE_STS:
		return aws->sts_url;
	default:
		return "";
	}
}

static int build_wire(struct aws *aws, const struct aws_request *req, const struct creds *given,
		      struct wire *w, struct err *err)
{
	const char *base = base_url(aws, req);
	const char *base_path, *path = req->path ? req->path : "/";
	char host[256];
	size_t nh = 0;

	buf_init_secure(&w->url, 16384); /* a presigned or token-bearing URL */
	buf_init_secure(&w->authorization, 2048);
	if (req->service == AWS_SERVICE_URL) {
		if (buf_append_str(&w->url, req->url) != 0)
			return err_set(err, EXIT_RUNTIME, "%s: URL too long", req->operation);
	} else {
		if (*base == '\0')
			return err_set(err, EXIT_RUNTIME,
				       "no AWS region: pass --region or set AWS_REGION");
		if (buf_append_str(&w->url, base) != 0 || buf_append_str(&w->url, path) != 0 ||
		    (req->query != NULL && *req->query != '\0' &&
		     buf_appendf(&w->url, "?%s", req->query) != 0))
			return err_set(err, EXIT_RUNTIME, "%s: URL too long", req->operation);
	}
	for (const char *const *h = req->headers; h != NULL && *h != NULL; h++) {
		if (nh >= AWS_MAX_EXTRA_HEADERS)
			return err_set(err, EXIT_RUNTIME, "%s: more than %d extra headers",
				       req->operation, AWS_MAX_EXTRA_HEADERS);
		w->headers[nh++] = *h;
	}
	if (req->body != NULL && req->content_type != NULL) {
		if (str_fmt(w->type_header, sizeof(w->type_header), "Content-Type: %s",
			    req->content_type) != 0)
			return err_set(err, EXIT_RUNTIME, "content type too long");
		w->headers[nh++] = w->type_header;
	}

	if (!req->unsigned_request && req->service != AWS_SERVICE_URL) {
		const struct creds *c = req->creds ? req->creds : given;
		struct sigv4_credentials sc = {c->access_key_id, c->secret_access_key,
					       c->session_token};

		/* Whatever gave them, they go into headers (item 3 of issue 13). */
		if (creds_check(c, err) != 0)
			return err_prefix(err, "%s: ", req->operation);
		struct sigv4_header sh[2];
		size_t nsh = 0;
		struct sigv4_context ctx = {
		    .credentials = &sc,
		    .region = aws->region[0] ? aws->region : "us-east-1",
		    .service = req->service == AWS_SERVICE_EKS ? "eks" : "sts",
		    .time = aws_now(aws),
		};
		struct sigv4_request sr;
		struct sigv4_output out;

		base_path = uri_path(base);
		if (uri_authority(base, host, sizeof(host)) != 0)
			return err_set(err, EXIT_RUNTIME, "bad endpoint URL %.200s", base);
		sh[nsh++] = (struct sigv4_header){"Host", host};
		if (req->body != NULL && req->content_type != NULL)
			sh[nsh++] = (struct sigv4_header){"Content-Type", req->content_type};
		/* The signed path is the full wire path, with any base path of an
		 * endpoint override in front. */
		{
			char full_path[4096];

			if (str_fmt(full_path, sizeof(full_path), "%s%s", base_path, path) != 0)
				return err_set(err, EXIT_RUNTIME, "%s: path too long",
					       req->operation);
			memset(&sr, 0, sizeof(sr));
			memset(&out, 0, sizeof(out));
			sr.method = req->method;
			sr.path = full_path;
			sr.query = req->query;
			sr.headers = sh;
			sr.header_count = nsh;
			sr.payload = req->body ? req->body : "";
			sr.payload_len = req->body ? req->body_len : 0;
			if (sigv4_sign_headers(&sr, &ctx, &out, &w->authorization, err) != 0) {
				explicit_bzero(&out, sizeof(out));
				return err_prefix(err, "%s: signing: ", req->operation);
			}
		}
		/* Every way out wipes the signature left in `out`. */
		if (str_fmt(w->host_header, sizeof(w->host_header), "Host: %s", host) != 0 ||
		    str_fmt(w->date_header, sizeof(w->date_header), "X-Amz-Date: %s",
			    out.amz_date) != 0 ||
		    str_fmt(w->auth_header, sizeof(w->auth_header), "Authorization: %s",
			    buf_str(&w->authorization)) != 0) {
			explicit_bzero(&out, sizeof(out));
			return err_set(err, EXIT_RUNTIME, "%s: header too long", req->operation);
		}
		w->headers[nh++] = w->host_header;
		w->headers[nh++] = w->date_header;
		w->headers[nh++] = w->auth_header;
		if (out.security_token != NULL) {
			if (str_fmt(w->token_header, sizeof(w->token_header),
				    "X-Amz-Security-Token: %s", out.security_token) != 0) {
				explicit_bzero(&out, sizeof(out));
				return err_set(err, EXIT_RUNTIME, "session token too long");
			}
			w->headers[nh++] = w->token_header;
		}
		w->signed_with_source = req->creds == NULL;
		explicit_bzero(&out, sizeof(out));
	}
	w->headers[nh] = NULL;
	return 0;
}

/* --- decoding and classification --------------------------------------- */

time_t aws_parse_http_date(const char *s)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	struct tm tm;
	char mon[4];
	int day, year, h, m, sec;
	const char *comma = strchr(s, ',');
	const char *found;

	if (comma == NULL ||
	    sscanf(comma + 1, " %d %3s %d %d:%d:%d", &day, mon, &year, &h, &m, &sec) != 6)
		return -1;
	found = strstr(months, mon);
	if (found == NULL || strlen(mon) != 3 || (found - months) % 3 != 0)
		return -1;
	/* Untrusted numbers: `year - 1900` of -2147483648 would overflow. */
	if (year < 1970 || year > 9999 || day < 1 || day > 31 || h < 0 || h > 23 || m < 0 ||
	    m > 59 || sec < 0 || sec > 60)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_mday = day;
	tm.tm_mon = (int)((found - months) / 3);
	tm.tm_year = year - 1900;
	tm.tm_hour = h;
	tm.tm_min = m;
	tm.tm_sec = sec;
	return timegm(&tm);
}

static void sanitize_code(char *code)
{
	char *colon = strchr(code, ':'), *hash;

	if (colon != NULL)
		*colon = '\0';
	hash = strrchr(code, '#');
	if (hash != NULL)
		memmove(code, hash + 1, strlen(hash + 1) + 1);
}

static void decode_error(const struct aws_request *req, const struct http_response *hr,
			 struct aws_response *resp)
{
	const char *body = buf_str(&hr->body);
	struct err ignored;

	err_clear(&ignored);
	(void)http_response_header(hr, "x-amzn-RequestId", resp->request_id,
				   sizeof(resp->request_id));
	if (req->service == AWS_SERVICE_STS) {
		/* Whatever is missing or malformed stays empty: the status fills in. */
		if (xml_text(body, hr->body.len, "ErrorResponse/Error/Code", resp->error_code,
			     sizeof(resp->error_code), &ignored) != 0)
			resp->error_code[0] = '\0';
		if (xml_text(body, hr->body.len, "ErrorResponse/Error/Message", resp->error_message,
			     sizeof(resp->error_message), &ignored) != 0)
			resp->error_message[0] = '\0';
		if (resp->request_id[0] == '\0' &&
		    xml_text(body, hr->body.len, "ErrorResponse/RequestId", resp->request_id,
			     sizeof(resp->request_id), &ignored) != 0)
			resp->request_id[0] = '\0';
	} else {
		/* REST-JSON: EKS, and the JSON endpoints reached by full URL (the
		 * SSO portal and OIDC, whose errors say {"error", "error_description"},
		 * container credentials). A body that is no JSON object (IMDS's HTML)
		 * leaves the status and its first line. */
		struct json_doc doc;
		static const char *const code_keys[] = {"code", "Code", "__type", "error", NULL};
		static const char *const message_keys[] = {"message", "Message",
							   "error_description", NULL};

		memset(&doc, 0, sizeof(doc));
		(void)http_response_header(hr, "x-amzn-ErrorType", resp->error_code,
					   sizeof(resp->error_code));
		if (json_parse_object(&doc, body, hr->body.len, &ignored) == 0) {
			for (size_t k = 0; resp->error_code[0] == '\0' && code_keys[k]; k++)
				if (json_get_string_opt(&doc, 0, code_keys[k], resp->error_code,
							sizeof(resp->error_code), &ignored) < 0)
					resp->error_code[0] = '\0';
			for (size_t k = 0; resp->error_message[0] == '\0' && message_keys[k]; k++)
				if (json_get_string_opt(&doc, 0, message_keys[k],
							resp->error_message,
							sizeof(resp->error_message), &ignored) < 0)
					resp->error_message[0] = '\0';
		}
		json_doc_free(&doc);
	}
	sanitize_code(resp->error_code);
	if (resp->error_code[0] == '\0')
		(void)str_fmt(resp->error_code, sizeof(resp->error_code), "HTTP%ld", hr->status);
	if (resp->error_message[0] == '\0') {
		/* A non-JSON/XML body (a proxy's page, plain text): its first line. */
		size_t len = strcspn(body, "\r\n");

		if (len > 200)
			len = 200;
		(void)str_fmt(resp->error_message, sizeof(resp->error_message), "%.*s", (int)len,
			      body);
	}
}

static bool in_list(const char *code, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(code, *list) == 0)
			return true;
	return false;
}

static const char *const throttling_codes[] = {
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
    NULL,
};
static const char *const transient_codes[] = {
    "RequestTimeout",
    "RequestTimeoutException",
    "PriorRequestNotComplete",
    "IDPCommunicationError",
    NULL,
};
static const char *const skew_codes[] = {
    "RequestTimeTooSkewed",
    "RequestExpired",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "RequestInTheFuture",
    "AuthFailure",
    NULL,
};
static const char *const expired_codes[] = {"ExpiredToken", "ExpiredTokenException", NULL};

bool aws_is_retryable_error(long status, const char *code)
{
	return status == 429 || status == 500 || status == 502 || status == 503 || status == 504 ||
	       in_list(code, throttling_codes) || in_list(code, transient_codes);
}

bool aws_is_clock_skew_error(const char *code)
{
	return in_list(code, skew_codes);
}

bool aws_is_expired_token_error(const char *code)
{
	return in_list(code, expired_codes);
}

bool aws_quota_take(struct aws *aws, int cost)
{
	if (aws->retry_quota < cost)
		return false;
	aws->retry_quota -= cost;
	return true;
}

void aws_quota_refund(struct aws *aws, int last_retry_cost)
{
	/* Standard mode: a success refunds the cost of the retry that led to
	 * it, or 1 when it needed none. */
	aws->retry_quota += last_retry_cost > 0 ? last_retry_cost : 1;
	if (aws->retry_quota > AWS_RETRY_QUOTA_MAX)
		aws->retry_quota = AWS_RETRY_QUOTA_MAX;
}

enum verdict { DONE, RETRY, RETRY_NOW, REFRESH_AND_RETRY };

struct pending {
	bool active;
	bool skew_retried;
	bool refreshed;
	int cost;    /* quota taken for this request's retries */
	int charged; /* quota taken this round, given back if the retry is not made */
};

static enum verdict judge(struct aws *aws, const struct aws_request *req,
			  const struct http_response *hr, struct aws_response *resp,
			  struct pending *p, const struct wire *w, time_t sent_at)
{
	char value[64], age[32];
	int max = req->max_attempts > 0 ? req->max_attempts : aws->max_attempts;
	bool can_retry = resp->attempts < max;
	int cost = RETRY_COST;

	/* Clock offset from any response with a Date (not a cached one). */
	if (hr->failure == HTTP_OK &&
	    http_response_header(hr, "Date", value, sizeof(value)) != NULL &&
	    http_response_header(hr, "Age", age, sizeof(age)) == NULL &&
	    req->service != AWS_SERVICE_URL) {
		time_t server = aws_parse_http_date(value);

		if (server != (time_t)-1) {
			long measured = (long)(server - sent_at);
			long offset = labs(measured) >= 60 ? measured : 0;

			if (offset != aws->clock_offset)
				aws_debug(aws,
					  "clock: server time differs by %ld s; signing with that "
					  "offset",
					  measured);
			aws->clock_offset = offset;
		}
	}

	resp->failure = hr->failure;
	resp->status = hr->status;
	if (hr->failure != HTTP_OK) {
		(void)str_copy(resp->error_message, sizeof(resp->error_message), hr->error);
		(void)str_copy(resp->error_code, sizeof(resp->error_code),
			       hr->failure == HTTP_E_TLS ? "TLSError" : "TransportError");
		switch (hr->failure) {
		case HTTP_E_TIMEOUT:
			cost = RETRY_TIMEOUT_COST;
			/* fall through */
		case HTTP_E_RESOLVE:
		case HTTP_E_CONNECT:
		case HTTP_E_RECEIVE:
			break;
		default:
			return DONE;
		}
	} else if (hr->status >= 200 && hr->status < 300) {
		resp->ok = true;
		aws_quota_refund(aws, p->cost);
		return DONE;
	} else {
		decode_error(req, hr, resp);
		if (aws_is_clock_skew_error(resp->error_code) && !p->skew_retried &&
		    labs(aws->clock_offset) >= SKEW_THRESHOLD) {
			p->skew_retried = true;
			return RETRY_NOW;
		}
		if (aws_is_expired_token_error(resp->error_code) && w->signed_with_source &&
		    !p->refreshed) {
			p->refreshed = true;
			return REFRESH_AND_RETRY;
		}
		if (!aws_is_retryable_error(hr->status, resp->error_code))
			return DONE;
	}
	if (!can_retry)
		return DONE;
	if (!aws_quota_take(aws, cost)) {
		aws_debug(aws, "%s: retry quota exhausted", req->operation);
		return DONE;
	}
	p->cost = cost;
	p->charged = cost;
	return RETRY;
}

int aws_interrupted(const struct aws *aws, struct err *err)
{
	int sig = aws->cancel != NULL ? (int)*aws->cancel : SIGINT;

	return err_set(err, err_signal_exit_code(sig), "interrupted");
}

long aws_backoff_ms(int attempt, uint32_t random)
{
	long cap = 1000L << (attempt - 1 < 5 ? attempt - 1 : 5);

	if (cap > AWS_BACKOFF_CAP_MS)
		cap = AWS_BACKOFF_CAP_MS;
	return (long)((double)random / 4294967296.0 * (double)cap);
}

int aws_send_all(struct aws *aws, size_t n, const struct aws_request *requests,
		 struct aws_response *responses, struct err *err)
{
	struct pending *pend = calloc(n ? n : 1, sizeof(*pend));
	struct wire *wires = calloc(n ? n : 1, sizeof(*wires));
	struct http_request *hreq = calloc(n ? n : 1, sizeof(*hreq));
	struct http_response *hresp = calloc(n ? n : 1, sizeof(*hresp));
	size_t *idx = calloc(n ? n : 1, sizeof(*idx));
	struct creds given; /* from the client's source, for this attempt */
	int rc = -1, backoffs = 0;

	memset(&given, 0, sizeof(given));

	for (size_t i = 0; i < n; i++) {
		memset(&responses[i], 0, sizeof(responses[i]));
		buf_init(&responses[i].body, 0);
	}
	if (pend == NULL || wires == NULL || hreq == NULL || hresp == NULL || idx == NULL) {
		err_set(err, EXIT_RUNTIME, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		pend[i].active = true;
	for (;;) {
		size_t m = 0;
		bool any_signed = false, need_sleep = false, refresh = false;
		time_t sent_at;

		/* Past --timeout (and a second's grace, for the last poll of a
		 * follow that slept up to the deadline) nothing new is sent: each
		 * request still pending ends as a transport timeout. A request
		 * sent before gets at least a second, below. */
		if (aws->deadline_ms > 0 &&
		    clock_monotonic_ms() >= aws->deadline_ms + AWS_DEADLINE_GRACE_MS) {
			for (size_t i = 0; i < n; i++) {
				if (!pend[i].active)
					continue;
				pend[i].active = false;
				responses[i].ok = false;
				responses[i].status = 0;
				responses[i].failure = HTTP_E_TIMEOUT;
				(void)str_copy(responses[i].error_code,
					       sizeof(responses[i].error_code), "TransportError");
				(void)str_copy(
				    responses[i].error_message, sizeof(responses[i].error_message),
				    "--timeout reached before the request could be sent");
				note_deadline(aws, &requests[i]);
			}
			break;
		}

		for (size_t i = 0; i < n; i++)
			if (pend[i].active && !requests[i].unsigned_request &&
			    requests[i].service != AWS_SERVICE_URL && requests[i].creds == NULL)
				any_signed = true;
		if (any_signed && credentials(aws, false, &given, err) != 0)
			goto out;
		for (size_t i = 0; i < n; i++) {
			const struct aws_request *r = &requests[i];

			if (!pend[i].active)
				continue;
			wire_free(&wires[m]);
			memset(&wires[m], 0, sizeof(wires[m]));
			if (build_wire(aws, r, &given, &wires[m], err) != 0)
				goto out;
			hreq[m] = (struct http_request){
			    .method = r->method,
			    .url = buf_str(&wires[m].url),
			    .headers = wires[m].headers,
			    .body = r->body,
			    .body_len = r->body_len,
			    .timeout_ms = r->timeout_ms,
			    .ca_pem = r->ca_pem,
			    .ca_pem_len = r->ca_pem_len,
			    .max_body = r->max_body,
			    .connect_timeout_ms =
				r->timeout_ms && r->timeout_ms < 10000 ? r->timeout_ms : 0,
			};
			if (aws->deadline_ms > 0) {
				long left = (long)(aws->deadline_ms - clock_monotonic_ms());
				long wanted = hreq[m].timeout_ms > 0 ? hreq[m].timeout_ms : 30000;

				/* At least a second, so an answer can still arrive. */
				hreq[m].timeout_ms = left < 1000     ? 1000
						     : left < wanted ? left
								     : wanted;
			}
			idx[m++] = i;
		}
		if (m == 0)
			break;
		sent_at = time(NULL);
		if (http_send_all(&aws->http, m, hreq, hresp, err) != 0)
			goto out;
		for (size_t k = 0; k < m; k++) {
			size_t i = idx[k];
			struct aws_response *resp = &responses[i];
			enum verdict v;

			if (hresp[k].failure == HTTP_E_CANCELLED) {
				http_response_free(&hresp[k]);
				aws_interrupted(aws, err);
				for (size_t j = k + 1; j < m; j++)
					http_response_free(&hresp[j]);
				goto out;
			}
			resp->attempts++;
			resp->ok = false;
			pend[i].charged = 0;
			resp->error_code[0] = resp->error_message[0] = resp->request_id[0] = '\0';
			v = judge(aws, &requests[i], &hresp[k], resp, &pend[i], &wires[k], sent_at);
			/* A timeout at the deadline: its time was cut to what was left. */
			if (hresp[k].failure == HTTP_E_TIMEOUT && aws->deadline_ms > 0 &&
			    clock_monotonic_ms() + AWS_DEADLINE_SLACK_MS >= aws->deadline_ms)
				note_deadline(aws, &requests[i]);
			aws_debug(aws, "%s %s %s -> %ld%s%s%s (%ld ms, attempt %d)%s",
				  requests[i].operation, requests[i].method,
				  requests[i].service == AWS_SERVICE_URL
				      ? requests[i].url
				      : (requests[i].path ? requests[i].path : "/"),
				  hresp[k].status, resp->error_code[0] ? " " : "", resp->error_code,
				  hresp[k].failure != HTTP_OK ? " (transport)" : "",
				  hresp[k].elapsed_ms, resp->attempts,
				  v == RETRY		   ? ", will retry"
				  : v == RETRY_NOW	   ? ", retrying with corrected clock"
				  : v == REFRESH_AND_RETRY ? ", refreshing credentials and retrying"
							   : "");
			buf_wipe(&resp->body); /* may hold credentials */
			resp->body = hresp[k].body;
			buf_init(&hresp[k].body, 0);
			http_response_free(&hresp[k]);
			if (v == DONE) {
				pend[i].active = false;
			} else {
				if (v == RETRY)
					need_sleep = true;
				if (v == REFRESH_AND_RETRY)
					refresh = true;
			}
		}
		if (refresh && credentials(aws, true, &given, err) != 0)
			goto out;
		if (need_sleep) {
			/* The exponent counts the back-offs slept, not the rounds: a
			 * round retried at once (clock skew, refreshed credentials)
			 * does not make the next wait longer. */
			long delay = aws_backoff_ms(
			    backoffs + 1, aws->random != NULL ? aws->random() : clock_random_u32());

			if (aws->deadline_ms > 0 &&
			    clock_monotonic_ms() + delay >= aws->deadline_ms) {
				/* --timeout comes first: keep the last answers as they are,
				 * and give back the quota of the retries not made. */
				aws_debug(aws, "retry: no time left before the deadline");
				for (size_t i = 0; i < n; i++) {
					if (pend[i].active)
						note_deadline(aws, &requests[i]);
					if (pend[i].charged > 0) {
						aws->retry_quota += pend[i].charged;
						if (aws->retry_quota > AWS_RETRY_QUOTA_MAX)
							aws->retry_quota = AWS_RETRY_QUOTA_MAX;
						pend[i].cost -= pend[i].charged;
						pend[i].charged = 0;
					}
					pend[i].active = false;
				}
				continue;
			}
			backoffs++;
			aws_debug(aws, "retry: backing off %ld ms", delay);
			if (clock_sleep_ms(delay, aws->cancel) != 0) {
				aws_interrupted(aws, err);
				goto out;
			}
		}
	}
	rc = 0;
out:
	if (rc != 0) /* nothing half-done goes back to the caller */
		for (size_t i = 0; i < n; i++)
			aws_response_free(&responses[i]);
	for (size_t i = 0; i < n && wires != NULL; i++)
		wire_free(&wires[i]);
	free(pend);
	free(wires);
	free(hreq);
	free(hresp);
	free(idx);
	creds_wipe(&given);
	return rc;
}

int aws_response_error(const struct aws_request *request, const struct aws_response *response,
		       struct err *err)
{
	if (response->failure != HTTP_OK)
		return err_set(err, EXIT_RUNTIME, "%s: %s%s", request->operation,
			       response->failure == HTTP_E_TLS ? "TLS error: " : "",
			       response->error_message);
	return err_set(err, EXIT_RUNTIME, "%s: %s: %s%s%s%s", request->operation,
		       response->error_code,
		       response->error_message[0] ? response->error_message : "(no message)",
		       response->request_id[0] ? " (request id " : "",
		       response->request_id[0] ? response->request_id : "",
		       response->request_id[0] ? ")" : "");
}

int aws_send(struct aws *aws, const struct aws_request *request, struct aws_response *response,
	     struct err *err)
{
	if (aws_send_all(aws, 1, request, response, err) != 0)
		return -1;
	if (!response->ok) {
		return aws_response_error(request, response, err);
	}
	return 0;
}

void aws_response_free(struct aws_response *response)
{
	if (response != NULL)
		buf_wipe(&response->body); /* STS, IMDS and container answers carry credentials */
}
