/* fuzz_eks — the EKS response decoders (eks_decode_response) over any
 * body. The input is a first line naming the operation, optionally
 * followed by the item name and target version (as DescribeAddonVersions
 * needs them), then the response body:
 *
 *   DescribeAddonVersions vpc-cni 1.33
 *   {"addons": [...]}
 *
 * An input whose first line names no operation is run through every
 * decoder. Promises checked: an answer of 0 or -1, and a reason with -1. */
#include "aws/eks.h"
#include "fuzz.h"

static const char *const operations[] = {
    "DescribeAddon",	 "DescribeAddonVersions", "DescribeCluster",	  "DescribeClusterVersions",
    "DescribeNodegroup", "DescribeUpdate",	  "ListAddons",		  "ListInsights",
    "ListNodegroups",	 "ListUpdates",		  "UpdateClusterVersion",
    /* SPEC v2: insight details and the insights refresh */
    "DescribeInsight",	 "StartInsightsRefresh",  "DescribeInsightsRefresh",
};

static void decode(const char *operation, const char *name, const char *target, const char *body,
		   size_t len)
{
	struct err err = {0};
	int r = eks_decode_response(operation, name, target, body, len, &err);

	FUZZ_ASSERT(r == 0 || r == -1);
	FUZZ_ASSERT(r == 0 || err.message[0] != '\0');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t head_len = nl != NULL ? (size_t)(nl - data) : 0;
	char *head = fuzz_cstring(data, head_len);
	char *body = fuzz_copy(nl != NULL ? nl + 1 : data, nl != NULL ? size - head_len - 1 : size);
	size_t body_len = nl != NULL ? size - head_len - 1 : size;
	char *words[3] = {head, NULL, NULL};
	size_t i;

	for (int w = 1; w < 3; w++) {
		char *space = words[w - 1] != NULL ? strchr(words[w - 1], ' ') : NULL;
		if (space != NULL) {
			*space = '\0';
			words[w] = space + 1;
		}
	}
	for (i = 0; i < sizeof(operations) / sizeof(operations[0]); i++)
		if (strcmp(head, operations[i]) == 0)
			break;
	if (i < sizeof(operations) / sizeof(operations[0])) {
		decode(head, words[1], words[2], body, body_len);
	} else {
		for (i = 0; i < sizeof(operations) / sizeof(operations[0]); i++)
			decode(operations[i], "vpc-cni", "1.33", body, body_len);
		decode("NoSuchOperation", NULL, NULL, body, body_len);
	}
	free(head);
	free(body);
	return 0;
}
