/* endpoint — where EKS, STS and IAM Identity Center (SSO) requests go
 * (SPEC §7, conventions §3).
 *
 * Partition by region (aws, aws-cn, aws-us-gov), FIPS and dual-stack
 * variants from AWS_USE_FIPS_ENDPOINT / AWS_USE_DUALSTACK_ENDPOINT, and the
 * overrides AWS_ENDPOINT_URL_EKS, AWS_ENDPOINT_URL_STS,
 * AWS_ENDPOINT_URL_SSO (the SSO portal), AWS_ENDPOINT_URL_SSO_OIDC, and
 * AWS_ENDPOINT_URL for all of them.
 * Every URL that will carry credentials passes endpoint_check_url: https, or
 * plain http only to loopback and the link-local metadata addresses.
 */
#ifndef EKS_ENDPOINT_H
#define EKS_ENDPOINT_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

enum endpoint_service {
	ENDPOINT_EKS,
	ENDPOINT_STS,
	ENDPOINT_SSO,	   /* the portal: portal.sso.REGION.amazonaws.com */
	ENDPOINT_SSO_OIDC, /* oidc.REGION.amazonaws.com */
};

#define ENDPOINT_URL_MAX 512

/* Writes the base URL (scheme://host[:port][/base-path], no trailing slash)
 * for `service` in `region`. `overridden` (optional) tells whether an
 * AWS_ENDPOINT_URL* variable chose it. */
int endpoint_resolve(enum endpoint_service service, const char *region, char *out, size_t cap,
		     bool *overridden, struct err *err) MUST_CHECK;

/* Refuses anything but https://, or http:// to loopback (localhost, a
 * 127.0.0.0/8 address literal, ::1) and the link-local metadata/container
 * addresses, and any URL with a blank, a control byte or a non-ASCII byte
 * (it would reach the Host header or the request line). `what` names the
 * setting in the message ("AWS_ENDPOINT_URL_EKS"). */
int endpoint_check_url(const char *url, const char *what, struct err *err) MUST_CHECK;

/* A region name as botocore accepts it: 1 to 63 of [A-Za-z0-9-], neither
 * first nor last a '-'. It goes into host names and into the signature's
 * credential scope (the Authorization header), so nothing else may pass. */
bool endpoint_region_valid(const char *region);

/* "aws", "aws-cn" or "aws-us-gov" for a region. */
const char *endpoint_partition(const char *region);

#endif
