/* sts — the three STS calls (query protocol, XML responses): who am I, and
 * the two ways to assume a role. Built on aws_send; parsing via xml.c. */
#ifndef EKS_STS_H
#define EKS_STS_H

#include "aws/client.h"
#include "aws/credentials.h"

struct sts_identity {
	char account[32];
	char arn[512];
	char user_id[256];
};

int sts_get_caller_identity(struct aws *aws, struct sts_identity *out, struct err *err) MUST_CHECK;

/* Signed with `source` credentials. out->source is left for the caller. */
int sts_assume_role(struct aws *aws, const struct creds *source, const char *role_arn,
		    const char *session_name, const char *external_id, int duration_seconds,
		    struct creds *out, struct err *err) MUST_CHECK;

/* Unsigned. `token` is the web identity token as read from the file. */
int sts_assume_role_with_web_identity(struct aws *aws, const char *role_arn,
				      const char *session_name, const char *token,
				      struct creds *out, struct err *err) MUST_CHECK;

/* The EKS bearer token's core: a presigned STS GetCallerIdentity URL
 * (X-Amz-Expires=60) with the header x-k8s-aws-id: CLUSTER signed in,
 * written into url (reset first). It is a credential: never log it. */
int sts_presign_caller_identity(struct aws *aws, const char *cluster, struct buf *url,
				struct err *err) MUST_CHECK;

/* The EKS bearer token: "k8s-aws-v1." + base64url(the presigned URL),
 * written into token (reset first). A credential: never log it; wipe it. */
int sts_eks_token(struct aws *aws, const char *cluster, struct buf *token,
		  struct err *err) MUST_CHECK;

#endif
