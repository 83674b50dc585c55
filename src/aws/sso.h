/* sso — the two IAM Identity Center calls an SSO profile needs
 * (conventions, "IAM Identity Center (SSO) profiles"):
 *
 *  - the portal's GetRoleCredentials: GET /federation/credentials with the
 *    access token `aws sso login` cached in the x-amz-sso_bearer_token
 *    header, answered with the role's temporary keys;
 *  - SSO OIDC CreateToken with grant_type refresh_token: a new access token
 *    from the refresh token and client registration in the same cache.
 *
 * Neither is SigV4-signed: the bearer token (or the client secret and
 * refresh token) is the credential. Both are sent through the client as
 * unsigned full-URL requests, to the endpoint of the SSO region
 * (endpoint.h: ENDPOINT_SSO, ENDPOINT_SSO_OIDC, with their overrides),
 * never to the client's own region.
 *
 * The parsers read untrusted JSON into caller-owned structs and leave them
 * wiped (or unchanged) on failure; their messages name fields, never
 * values. Reading and writing the token cache file is the provider's job
 * (aws/creds/sso.c). Request
 * bodies and headers that carried a secret, and the responses, are wiped
 * before they are released. struct sso_token holds secrets: the owner
 * calls sso_token_wipe before it goes out of scope.
 */
#ifndef EKS_SSO_H
#define EKS_SSO_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "aws/client.h"
#include "aws/credentials.h"

/* Access and refresh tokens, client ids and secrets are opaque strings of
 * one or two kilobytes in practice; nothing longer is accepted. */
#define SSO_SECRET_MAX 8192
#define SSO_TEXT_MAX 2048

/* A token as the AWS CLI caches it in ~/.aws/sso/cache/<sha1>.json, and as
 * CreateToken renews it. Empty strings and 0 times mean "absent". */
struct sso_token {
	char access_token[SSO_SECRET_MAX];
	time_t expires_at;
	char refresh_token[SSO_SECRET_MAX];
	char client_id[SSO_TEXT_MAX];
	char client_secret[SSO_SECRET_MAX];
	char registration_expires_at[64]; /* kept as written, for the cache */
	char start_url[SSO_TEXT_MAX];
	char region[64];
};

void sso_token_wipe(struct sso_token *token);

/* A GetRoleCredentials answer: roleCredentials.{accessKeyId,
 * secretAccessKey, sessionToken} non-empty strings and expiration in epoch
 * milliseconds. out->source is left for the caller; on failure *out is
 * wiped. */
int sso_role_credentials_parse(const char *json, size_t len, struct creds *out,
			       struct err *err) MUST_CHECK;

/* A CreateToken answer, applied to *token: accessToken and expiresIn
 * (seconds after `now`) required; refreshToken replaces the old one when
 * present (OAuth 2.0: a server that sends none keeps the old one valid).
 * On failure *token is left unchanged. */
int sso_create_token_parse(const char *json, size_t len, time_t now, struct sso_token *token,
			   struct err *err) MUST_CHECK;

/* How a failed SSO call ended, for the caller's advice. */
enum sso_failure {
	SSO_FAILED = 0,	   /* transport, server or malformed answer */
	SSO_UNAUTHORIZED,  /* 401: the access token is expired or invalid */
	SSO_FORBIDDEN,	   /* 403: no access to that role in that account */
	SSO_INVALID_GRANT, /* CreateToken: refresh token or client no longer valid */
};

/* GetRoleCredentials for account_id / role_name with token->access_token,
 * on the portal of `sso_region`. Fills *out (expiration set); on failure
 * *why says which kind, err says what the portal answered. */
int sso_get_role_credentials(struct aws *aws, const char *sso_region, const char *access_token,
			     const char *account_id, const char *role_name, struct creds *out,
			     enum sso_failure *why, struct err *err) MUST_CHECK;

/* CreateToken (grant_type refresh_token) with token's client_id,
 * client_secret and refresh_token, on the OIDC endpoint of `sso_region`;
 * on success token->access_token, expires_at (and refresh_token when
 * renewed) are updated in place. */
int sso_refresh_token(struct aws *aws, const char *sso_region, struct sso_token *token,
		      enum sso_failure *why, struct err *err) MUST_CHECK;

#endif
