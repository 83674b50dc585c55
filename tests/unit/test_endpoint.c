#include <stdlib.h>

#include "aws/endpoint.h"
#include "unit.h"

static void clear_env(void)
{
	unsetenv("AWS_ENDPOINT_URL");
	unsetenv("AWS_ENDPOINT_URL_EKS");
	unsetenv("AWS_ENDPOINT_URL_STS");
	unsetenv("AWS_ENDPOINT_URL_SSO");
	unsetenv("AWS_ENDPOINT_URL_SSO_OIDC");
	unsetenv("AWS_USE_FIPS_ENDPOINT");
	unsetenv("AWS_USE_DUALSTACK_ENDPOINT");
	unsetenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
}

static const char *resolve(enum endpoint_service s, const char *region)
{
	static char out[ENDPOINT_URL_MAX];
	static struct err err;

	err_clear(&err);
	if (endpoint_resolve(s, region, out, sizeof(out), NULL, &err) != 0)
		return err.message;
	return out;
}

TEST(partitions)
{
	clear_env();
	CHECK_STR(resolve(ENDPOINT_EKS, "us-west-2"), "https://eks.us-west-2.amazonaws.com");
	CHECK_STR(resolve(ENDPOINT_STS, "eu-central-1"), "https://sts.eu-central-1.amazonaws.com");
	CHECK_STR(resolve(ENDPOINT_EKS, "cn-north-1"), "https://eks.cn-north-1.amazonaws.com.cn");
	CHECK_STR(resolve(ENDPOINT_EKS, "us-gov-west-1"),
		  "https://eks.us-gov-west-1.amazonaws.com");
	CHECK_STR(endpoint_partition("cn-northwest-1"), "aws-cn");
	CHECK_STR(endpoint_partition("us-gov-east-1"), "aws-us-gov");
	CHECK_STR(endpoint_partition("ap-south-2"), "aws");
}

TEST(fips_and_dualstack)
{
	clear_env();
	setenv("AWS_USE_FIPS_ENDPOINT", "true", 1);
	CHECK_STR(resolve(ENDPOINT_EKS, "us-east-1"), "https://fips.eks.us-east-1.amazonaws.com");
	CHECK_STR(resolve(ENDPOINT_STS, "us-east-1"), "https://sts-fips.us-east-1.amazonaws.com");
	CHECK_STR(resolve(ENDPOINT_EKS, "us-gov-west-1"),
		  "https://eks.us-gov-west-1.amazonaws.com");
	CHECK_STR(resolve(ENDPOINT_EKS, "cn-north-1"),
		  "https://eks-fips.cn-north-1.amazonaws.com.cn");
	setenv("AWS_USE_DUALSTACK_ENDPOINT", "TRUE", 1);
	CHECK_STR(resolve(ENDPOINT_EKS, "us-east-1"), "https://eks-fips.us-east-1.api.aws");
	unsetenv("AWS_USE_FIPS_ENDPOINT");
	CHECK_STR(resolve(ENDPOINT_STS, "cn-north-1"),
		  "https://sts.cn-north-1.api.amazonwebservices.com.cn");
	clear_env();
}

TEST(overrides_in_order)
{
	bool overridden = false;
	char out[ENDPOINT_URL_MAX];
	struct err err;

	clear_env();
	setenv("AWS_ENDPOINT_URL", "https://all.example/", 1);
	CHECK_STR(resolve(ENDPOINT_EKS, "us-west-2"), "https://all.example");
	setenv("AWS_ENDPOINT_URL_EKS", "https://eks.example:8443/base//", 1);
	CHECK_STR(resolve(ENDPOINT_EKS, "us-west-2"), "https://eks.example:8443/base");
	CHECK_STR(resolve(ENDPOINT_STS, "us-west-2"), "https://all.example");
	err_clear(&err);
	CHECK(endpoint_resolve(ENDPOINT_EKS, "x", out, sizeof(out), &overridden, &err) == 0);
	CHECK(overridden);
	setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true", 1);
	CHECK_STR(resolve(ENDPOINT_EKS, "us-west-2"), "https://eks.us-west-2.amazonaws.com");
	clear_env();
}

TEST(plain_http_only_to_loopback_and_metadata)
{
	static const char *const ok[] = {
	    "https://anything.example",	 "http://localhost:9",	     "http://127.0.0.1:80/x",
	    "http://127.9.8.7",		 "http://[::1]:8080",	     "http://169.254.169.254",
	    "http://169.254.170.2/v2/x", "http://169.254.170.23/v1", "http://[fd00:ec2::23]/v1",
	};
	static const char *const refused[] = {
	    "http://example.com",
	    "http://10.0.0.1",
	    "http://127.0.0.1.evil.com",
	    "http://localhost.evil",
	    "ftp://localhost",
	    "localhost:80",
	    "http://user@localhost",
	    "http://127.0.0.1:1@192.0.2.2:18999/",
	    "https://u:p@eks.example",
	    "http://localhost@evil.example",
	    "http://[::1]@evil.example",
	    "http://[::2]",
	    "http://169.254.169.253",
	    "http://",
	    "http://[fd00:ec2::23",
	    /* issue 13: names that look like loopback, and URLs that are not one line */
	    "http://127.0.0.1.5",
	    "http://127.1",
	    "http://127.0.0.1/\r\nX: y",
	    "https://eks.example/a b",
	    "https://eks.example/\x1b",
	};
	struct err err;

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		err_clear(&err);
		CHECK(endpoint_check_url(ok[i], "test", &err) == 0);
	}
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		err_clear(&err);
		if (endpoint_check_url(refused[i], "test", &err) == 0)
			fprintf(stderr, "accepted %s\n", refused[i]);
		CHECK(err.exit_code == EXIT_RUNTIME);
	}
}

/* IAM Identity Center: the portal and OIDC endpoints of the rule sets in
 * @aws-sdk/client-sso and client-sso-oidc, and their own overrides. */
TEST(sso_portal_and_oidc)
{
	clear_env();
	CHECK_STR(resolve(ENDPOINT_SSO, "us-east-1"), "https://portal.sso.us-east-1.amazonaws.com");
	CHECK_STR(resolve(ENDPOINT_SSO_OIDC, "eu-west-1"), "https://oidc.eu-west-1.amazonaws.com");
	CHECK_STR(resolve(ENDPOINT_SSO, "cn-north-1"),
		  "https://portal.sso.cn-north-1.amazonaws.com.cn");
	setenv("AWS_USE_FIPS_ENDPOINT", "true", 1);
	CHECK_STR(resolve(ENDPOINT_SSO, "us-east-1"),
		  "https://portal.sso-fips.us-east-1.amazonaws.com");
	CHECK_STR(resolve(ENDPOINT_SSO_OIDC, "us-east-1"),
		  "https://oidc-fips.us-east-1.amazonaws.com");
	CHECK_STR(resolve(ENDPOINT_SSO, "us-gov-west-1"),
		  "https://portal.sso.us-gov-west-1.amazonaws.com");
	setenv("AWS_USE_DUALSTACK_ENDPOINT", "true", 1);
	CHECK_STR(resolve(ENDPOINT_SSO, "us-east-1"), "https://portal.sso-fips.us-east-1.api.aws");
	unsetenv("AWS_USE_FIPS_ENDPOINT");
	CHECK_STR(resolve(ENDPOINT_SSO_OIDC, "us-east-1"), "https://oidc.us-east-1.api.aws");
	clear_env();
	setenv("AWS_ENDPOINT_URL", "https://all.example", 1);
	CHECK_STR(resolve(ENDPOINT_SSO, "us-east-1"), "https://all.example");
	setenv("AWS_ENDPOINT_URL_SSO", "https://portal.example/", 1);
	setenv("AWS_ENDPOINT_URL_SSO_OIDC", "http://localhost:9", 1);
	CHECK_STR(resolve(ENDPOINT_SSO, "us-east-1"), "https://portal.example");
	CHECK_STR(resolve(ENDPOINT_SSO_OIDC, "us-east-1"), "http://localhost:9");
	CHECK_STR(resolve(ENDPOINT_EKS, "us-east-1"), "https://all.example");
	setenv("AWS_ENDPOINT_URL_SSO", "http://portal.example", 1);
	CHECK(strstr(resolve(ENDPOINT_SSO, "us-east-1"),
		     "AWS_ENDPOINT_URL_SSO: refusing plain http:// to portal.example") != NULL);
	clear_env();
}

TEST(bad_region_is_refused)
{
	clear_env();
	CHECK(strstr(resolve(ENDPOINT_EKS, "us-west-2/../x"), "invalid region") != NULL);
	CHECK(strstr(resolve(ENDPOINT_EKS, "US-WEST-2"), "invalid region") != NULL);
	/* An override does not make any region acceptable: it is signed. */
	setenv("AWS_ENDPOINT_URL_EKS", "http://localhost:9", 1);
	CHECK(strstr(resolve(ENDPOINT_EKS, "us-west-2\r\nX: y"), "invalid region") != NULL);
	CHECK(strstr(resolve(ENDPOINT_EKS, "-x"), "invalid region") != NULL);
	CHECK_STR(resolve(ENDPOINT_EKS, "local-1"), "http://localhost:9");
	clear_env();
	CHECK(endpoint_region_valid("us-west-2") && endpoint_region_valid("Local1"));
	CHECK(!endpoint_region_valid("") && !endpoint_region_valid("a b") &&
	      !endpoint_region_valid("a-") && !endpoint_region_valid("a.b"));
}

int main(void)
{
	RUN(partitions);
	RUN(fips_and_dualstack);
	RUN(overrides_in_order);
	RUN(plain_http_only_to_loopback_and_metadata);
	RUN(sso_portal_and_oidc);
	RUN(bad_region_is_refused);
	return unit_done("endpoint");
}
