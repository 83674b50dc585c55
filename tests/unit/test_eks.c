/* Unit tests for eks.c's response decoders, through eks_decode_response. */
#include "aws/eks.h"

#include "unit.h"

static int decode(const char *operation, const char *body)
{
	struct err err = {0};

	return eks_decode_response(operation, "vpc-cni", "1.33", body, strlen(body), &err);
}

TEST(decodes_well_formed_responses)
{
	CHECK(decode("DescribeCluster", "{\"cluster\": {\"name\": \"demo\", \"version\": \"1.32\","
					" \"status\": \"ACTIVE\", \"arn\": null}}") == 0);
	CHECK(decode("DescribeUpdate",
		     "{\"update\": {\"id\": \"u\", \"status\": \"Failed\", \"params\": [{\"type\":"
		     " \"Version\", \"value\": \"1.33\"}], \"errors\": [{\"errorCode\": \"X\","
		     " \"resourceIds\": [\"a\", \"b\"]}]}}") == 0);
	CHECK(decode("ListUpdates", "{\"updateIds\": [\"u-1\", \"u-2\"], \"nextToken\": null}") ==
	      0);
	CHECK(
	    decode(
		"DescribeAddonVersions",
		"{\"addons\": [{\"addonName\": \"vpc-cni\", \"addonVersions\": [{\"addonVersion\":"
		" \"v1\", \"compatibilities\": [{\"clusterVersion\": \"1.33\", \"defaultVersion\":"
		" true}]}]}]}") == 0);
	CHECK(decode("ListInsights", "{\"insights\": []}") == 0);
}

TEST(refuses_malformed_responses)
{
	struct err err = {0};

	CHECK(decode("DescribeCluster", "{\"cluster\": {\"name\": \"demo\"}}") == -1);
	CHECK(decode("DescribeCluster", "[]") == -1);
	CHECK(decode("ListUpdates", "{\"updateIds\": [1]}") == -1);
	CHECK(decode("DescribeUpdate", "{\"update\": {\"id\": \"u\", \"status\": 3}}") == -1);
	CHECK(decode("ListNodegroups", "{\"nodegroups\": [\"a\"") == -1);
	CHECK(eks_decode_response("NoSuchCall", NULL, NULL, "{}", 2, &err) == -1);
	CHECK_STR(err.message, "no decoder for NoSuchCall");
}

int main(void)
{
	RUN(decodes_well_formed_responses);
	RUN(refuses_malformed_responses);
	return unit_done("eks");
}
