/* token — a Kubernetes ExecCredential with an EKS bearer token, so kubectl
 * in the same scratch image needs no AWS CLI:
 *   users: [{name: eks, user: {exec: {apiVersion: client.authentication.k8s.io/v1beta1,
 *            command: eks-upgrade, args: [token, --cluster, NAME]}}}]
 * The token is "k8s-aws-v1." + base64url(presigned STS GetCallerIdentity
 * URL); EKS accepts it for 15 minutes, so it is marked to expire in 14. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "aws/sts.h"
#include "cmd/session.h"
#include "cmd/verbs.h"
#include "util/json.h"

#define TOKEN_LIFETIME 14 * 60

int verb_token(const struct cli *cli, struct err *err)
{
	struct session session;
	struct aws *aws = &session.client;
	struct buf token, out;
	struct json_writer w;
	char expires[32];
	time_t at;
	struct tm tm;
	int rc = -1;

	buf_init_secure(&token, 32768);
	buf_init_secure(&out, 40000);
	if (session_open(&session, cli, err) != 0 ||
	    sts_eks_token(aws, cli->cluster, &token, err) != 0)
		goto out;
	at = aws_now(aws) + TOKEN_LIFETIME;
	if (gmtime_r(&at, &tm) == NULL ||
	    strftime(expires, sizeof(expires), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
		err_set(err, EXIT_RUNTIME, "cannot format the expiry time");
		goto out;
	}
	json_writer_init(&w, &out);
	json_write_begin_object(&w);
	json_write_key_string(&w, "kind", "ExecCredential");
	json_write_key_string(&w, "apiVersion", "client.authentication.k8s.io/v1beta1");
	json_write_key(&w, "spec");
	json_write_begin_object(&w);
	json_write_end_object(&w);
	json_write_key(&w, "status");
	json_write_begin_object(&w);
	json_write_key_string(&w, "expirationTimestamp", expires);
	json_write_key_string(&w, "token", buf_str(&token));
	json_write_end_object(&w);
	json_write_end_object(&w);
	if (json_writer_finish(&w, err) != 0)
		goto out;
	if (printf("%s\n", buf_str(&out)) < 0 || fflush(stdout) != 0) {
		err_set(err, EXIT_RUNTIME, "cannot write to stdout");
		goto out;
	}
	rc = EXIT_OK;
out:
	buf_wipe(&token);
	buf_wipe(&out);
	session_close(&session);
	return rc;
}
