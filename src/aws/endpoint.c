#include "aws/endpoint.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/env.h"
#include "util/str.h"
#include "util/text.h"
#include "util/uri.h"

static bool has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

const char *endpoint_partition(const char *region)
{
	if (has_prefix(region, "cn-"))
		return "aws-cn";
	if (has_prefix(region, "us-gov-"))
		return "aws-us-gov";
	return "aws";
}

/* Loopback and the link-local addresses of IMDS, ECS and EKS Pod Identity:
 * the only hosts a signed or credential request may reach over plain http. */
static bool plain_http_allowed(const char *host)
{
	static const char *const allowed[] = {
	    "localhost",      "::1",	      "169.254.169.254", "169.254.170.2",
	    "169.254.170.23", "fd00:ec2::23", "fd00:ec2::254",
	};
	unsigned char addr[4];

	for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
		if (strcasecmp(host, allowed[i]) == 0)
			return true;
	/* A dotted-quad literal in 127.0.0.0/8; a name such as 127.0.0.1.5 or
	 * 127.evil.example is looked up in DNS and may be anywhere. */
	if (inet_pton(AF_INET, host, addr) == 1)
		return addr[0] == 127;
	return false;
}

bool endpoint_region_valid(const char *region)
{
	size_t n = strlen(region);

	if (n == 0 || n > 63 || region[0] == '-' || region[n - 1] == '-')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = region[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-'))
			return false;
	}
	return true;
}

int endpoint_check_url(const char *url, const char *what, struct err *err)
{
	char host[256];
	bool plain_http;

	if (!text_is_token(url, strlen(url), false))
		return err_set(err, EXIT_RUNTIME,
			       "%s: the URL holds a blank, a line break or another byte that is "
			       "not printable ASCII",
			       what);
	if (uri_host(url, &plain_http, host, sizeof(host)) != 0)
		return err_set(
		    err, EXIT_RUNTIME,
		    "%s: %.200s is not an http(s) URL with a valid host (and no user info)", what,
		    url);
	if (plain_http && !plain_http_allowed(host))
		return err_set(
		    err, EXIT_RUNTIME,
		    "%s: refusing plain http:// to %s; signed requests carry the session "
		    "token, so http is allowed only for loopback and the link-local "
		    "metadata addresses (use https://)",
		    what, host);
	return 0;
}

/* Each service's host name prefix and its override variable (botocore's
 * AWS_ENDPOINT_URL_<service id>: "SSO", "SSO OIDC"). */
static const struct {
	const char *host;
	const char *variable;
} services[] = {
    [ENDPOINT_EKS] = {"eks", "AWS_ENDPOINT_URL_EKS"},
    [ENDPOINT_STS] = {"sts", "AWS_ENDPOINT_URL_STS"},
    [ENDPOINT_SSO] = {"portal.sso", "AWS_ENDPOINT_URL_SSO"},
    [ENDPOINT_SSO_OIDC] = {"oidc", "AWS_ENDPOINT_URL_SSO_OIDC"},
};

static const char *override_url(enum endpoint_service service, const char **name)
{
	const char *specific = services[service].variable;
	const char *v;

	if (env_true("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"))
		return NULL;
	v = getenv(specific);
	if (v != NULL && *v != '\0') {
		*name = specific;
		return v;
	}
	v = getenv("AWS_ENDPOINT_URL");
	if (v != NULL && *v != '\0') {
		*name = "AWS_ENDPOINT_URL";
		return v;
	}
	return NULL;
}

int endpoint_resolve(enum endpoint_service service, const char *region, char *out, size_t cap,
		     bool *overridden, struct err *err)
{
	const char *name = NULL, *url = override_url(service, &name);
	const char *svc = services[service].host;
	const char *partition = endpoint_partition(region);
	bool fips = env_true("AWS_USE_FIPS_ENDPOINT");
	bool dual = env_true("AWS_USE_DUALSTACK_ENDPOINT");
	bool cn = strcmp(partition, "aws-cn") == 0, gov = strcmp(partition, "aws-us-gov") == 0;
	const char *suffix = cn ? "amazonaws.com.cn" : "amazonaws.com";
	const char *dual_suffix = cn ? "api.amazonwebservices.com.cn" : "api.aws";
	int rc;

	if (overridden != NULL)
		*overridden = url != NULL;
	/* Checked with an override too: the region is in every signature. */
	if (!endpoint_region_valid(region))
		return err_set(err, EXIT_RUNTIME, "invalid region name: %.64s", region);
	if (url != NULL) {
		size_t len = strlen(url);

		if (endpoint_check_url(url, name, err) != 0)
			return -1;
		while (len > 0 && url[len - 1] == '/')
			len--;
		if (len >= cap)
			return err_set(err, EXIT_RUNTIME, "%s is too long", name);
		memcpy(out, url, len);
		out[len] = '\0';
		return 0;
	}
	for (const char *p = region; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return err_set(err, EXIT_RUNTIME, "invalid region name: %.64s", region);

	if (fips && dual)
		rc = str_fmt(out, cap, "https://%s-fips.%s.%s", svc, region, dual_suffix);
	else if (dual)
		rc = str_fmt(out, cap, "https://%s.%s.%s", svc, region, dual_suffix);
	else if (fips && gov)
		rc = str_fmt(out, cap, "https://%s.%s.%s", svc, region, suffix);
	else if (fips && service == ENDPOINT_EKS && !cn)
		rc = str_fmt(out, cap, "https://fips.eks.%s.%s", region, suffix);
	else if (fips)
		rc = str_fmt(out, cap, "https://%s-fips.%s.%s", svc, region, suffix);
	else
		rc = str_fmt(out, cap, "https://%s.%s.%s", svc, region, suffix);
	if (rc != 0)
		return err_set(err, EXIT_RUNTIME, "endpoint URL too long for region %.64s", region);
	return 0;
}
