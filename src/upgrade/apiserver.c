#include "upgrade/apiserver.h"

#include <string.h>

#include "aws/sts.h"
#include "util/base64.h"
#include "util/json.h"
#include "util/str.h"

#define APISERVER_TIMEOUT_MS 5000

static int get_version(struct aws *aws, const char *url, const struct buf *ca,
		       const char *authorization, struct aws_response *resp, struct err *err)
{
	const char *headers[3] = {"Accept: application/json", authorization, NULL};
	struct aws_request req = {
	    .service = AWS_SERVICE_URL,
	    .operation = "GET /version",
	    .method = "GET",
	    .url = url,
	    .unsigned_request = true,
	    .headers = headers,
	    .timeout_ms = APISERVER_TIMEOUT_MS,
	    .max_attempts = 1,
	    .ca_pem = ca->data,
	    .ca_pem_len = ca->len,
	};

	return aws_send_all(aws, 1, &req, resp, err);
}

int apiserver_version(struct aws *aws, const struct eks_cluster *cluster, char *git_version,
		      size_t cap, char *why, size_t why_cap)
{
	struct buf ca, token, auth;
	struct aws_response resp;
	struct json_doc doc;
	struct err err;
	char url[600];
	int rc = 1;

	buf_init(&ca, 64 * 1024);
	buf_init_secure(&token, 32 * 1024);
	buf_init_secure(&auth, 33 * 1024);
	memset(&resp, 0, sizeof(resp));
	memset(&doc, 0, sizeof(doc));
	err_clear(&err);
	git_version[0] = '\0';
	if (cluster->endpoint[0] == '\0' || cluster->ca_data[0] == '\0') {
		(void)str_copy(why, why_cap, "DescribeCluster gave no endpoint or CA");
		goto out;
	}
	if (base64_decode(&ca, cluster->ca_data, strlen(cluster->ca_data)) != 0) {
		(void)str_copy(why, why_cap, "the cluster's CA data is not base64");
		goto out;
	}
	if (endpoint_check_url(cluster->endpoint, "cluster endpoint", &err) != 0 ||
	    str_fmt(url, sizeof(url), "%s/version", cluster->endpoint) != 0) {
		(void)str_fmt(why, why_cap, "%s",
			      err.message[0] ? err.message : "endpoint too long");
		goto out;
	}
	if (get_version(aws, url, &ca, NULL, &resp, &err) != 0)
		goto failed;
	if (resp.status == 401 || resp.status == 403) {
		aws_response_free(&resp);
		if (sts_eks_token(aws, cluster->name, &token, &err) != 0 ||
		    buf_appendf(&auth, "Authorization: Bearer %s", buf_str(&token)) != 0)
			goto failed;
		if (get_version(aws, url, &ca, buf_str(&auth), &resp, &err) != 0)
			goto failed;
	}
	if (!resp.ok) {
		(void)str_fmt(why, why_cap, "%s",
			      resp.failure != HTTP_OK ? resp.error_message : resp.error_code);
		goto out;
	}
	if (json_parse_object(&doc, buf_str(&resp.body), resp.body.len, &err) != 0 ||
	    json_get_string(&doc, 0, "gitVersion", git_version, cap, &err) != 0)
		goto failed;
	rc = 0;
	goto out;
failed:
	(void)str_fmt(why, why_cap, "%s", err.message);
out:
	json_doc_free(&doc);
	aws_response_free(&resp);
	buf_free(&ca);
	buf_wipe(&token);
	buf_wipe(&auth);
	return rc;
}
