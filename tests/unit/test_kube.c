/* Unit tests for upgrade/kube.c: kubelet versions, and the Table, NodeList
 * and PodDisruptionBudgetList page decoders (no network). */
#include "upgrade/kube.h"

#include <stdlib.h>

#include "unit.h"
#include "util/str.h"

/* A Table page as kube-apiserver sends it for kubectl get nodes (columns
 * trimmed), rows with PartialObjectMetadata. */
static const char table_page[] =
    "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\","
    "\"metadata\":{\"resourceVersion\":\"4001200\",\"continue\":\"eyJ2IjoibWV0YSJ9\","
    "\"remainingItemCount\":700},"
    "\"columnDefinitions\":[{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\"},"
    "{\"name\":\"Status\",\"type\":\"string\"},{\"name\":\"Roles\",\"type\":\"string\"},"
    "{\"name\":\"Age\",\"type\":\"string\"},{\"name\":\"Version\",\"type\":\"string\"}],"
    "\"rows\":["
    "{\"cells\":[\"ip-10-0-1-1.ec2.internal\",\"Ready\",\"<none>\",\"5d\","
    "\"v1.31.7-eks-473151a\"],\"object\":{\"kind\":\"PartialObjectMetadata\","
    "\"metadata\":{\"name\":\"ip-10-0-1-1.ec2.internal\",\"labels\":"
    "{\"eks.amazonaws.com/nodegroup\":\"ng-a\"}}}},"
    "{\"cells\":[\"fargate-ip-10-0-2-2.ec2.internal\",\"Ready\",\"<none>\",\"5d\","
    "\"v1.28.15-eks-1552ad0\"],\"object\":{\"metadata\":{\"labels\":"
    "{\"eks.amazonaws.com/compute-type\":\"fargate\"}}}},"
    "{\"cells\":[\"i-0abc\",\"Ready\",\"<none>\",\"1d\",\"v1.31.4-eks-aeac579\"],"
    "\"object\":{\"metadata\":{\"labels\":{\"eks.amazonaws.com/compute-type\":\"auto\","
    "\"karpenter.sh/nodepool\":\"general-purpose\"}}}},"
    "{\"cells\":[\"ip-10-0-3-3.ec2.internal\",\"Ready\",\"<none>\",\"9d\","
    "\"v1.28.3\"],\"object\":{\"metadata\":{\"labels\":{\"karpenter.sh/nodepool\":\"x\"}}}},"
    "{\"cells\":[\"mi-0123\",\"Ready\",\"<none>\",\"9d\",\"v1.30.1-eks-1\"],"
    "\"object\":{\"metadata\":{\"labels\":{\"eks.amazonaws.com/compute-type\":\"hybrid\"}}}},"
    "{\"cells\":[\"old-box\",\"Ready\",\"<none>\",\"900d\",\"v1.28.0\"],"
    "\"object\":{\"metadata\":{\"labels\":\"not an object\"}}}"
    "]}";

static const char node_list_page[] =
    "{\"kind\":\"NodeList\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"7\"},"
    "\"items\":["
    "{\"metadata\":{\"name\":\"a\",\"labels\":{\"eks.amazonaws.com/nodegroup\":\"ng\"}},"
    "\"status\":{\"nodeInfo\":{\"kubeletVersion\":\"v1.30.9-eks-1\"},\"images\":[]}},"
    "{\"metadata\":{\"name\":\"b\"},\"status\":{\"nodeInfo\":{\"kubeletVersion\":\"v1.30.2\"}}},"
    "{\"metadata\":{\"name\":\"c\"},\"status\":{}}"
    "]}";

static const struct kube_kubelets *group(const struct kube_nodes *n, const char *version)
{
	for (size_t i = 0; i < n->group_count; i++)
		if (strcmp(n->groups[i].version, version) == 0)
			return &n->groups[i];
	return NULL;
}

static int decode_nodes(struct kube_nodes *n, struct kube_page *page, const char *body,
			struct err *err)
{
	err_clear(err);
	return kube_decode_nodes(body, strlen(body), n, page, err);
}

TEST(kubelet_minor_versions)
{
	struct k8s_version v;

	CHECK(kube_kubelet_minor("v1.29.15-eks-473151a", &v) == 0 && v.major == 1 && v.minor == 29);
	CHECK(kube_kubelet_minor("v1.31.0+k3s1", &v) == 0 && v.minor == 31);
	CHECK(kube_kubelet_minor("1.9", &v) == 0 && v.minor == 9);
	CHECK(kube_kubelet_minor("v1.30", &v) == 0 && v.minor == 30);
	CHECK(kube_kubelet_minor("", &v) == -1);
	CHECK(kube_kubelet_minor("v", &v) == -1);
	CHECK(kube_kubelet_minor("unknown-build", &v) == -1);
	CHECK(kube_kubelet_minor("v1.", &v) == -1);
	CHECK(kube_kubelet_minor("v1.x", &v) == -1);
	CHECK(kube_kubelet_minor("v1.29beta", &v) == -1);
	CHECK(kube_kubelet_minor("v0.29.1", &v) == -1);
	CHECK(kube_kubelet_minor("v123456.1", &v) == -1);
	CHECK(kube_kubelet_minor("v1.99999", &v) == -1);
}

TEST(table_page_counts_every_row_by_minor_and_kind)
{
	struct kube_nodes n;
	struct kube_page page;
	struct err err;
	const struct kube_kubelets *g;

	memset(&n, 0, sizeof(n));
	CHECK(decode_nodes(&n, &page, table_page, &err) == 0);
	CHECK(page.table);
	CHECK(page.items == 6);
	CHECK_STR(page.next, "eyJ2IjoibWV0YSJ9");
	CHECK(n.total == 6);
	kube_nodes_sort(&n);
	CHECK(n.group_count == 3);
	CHECK_STR(n.groups[0].version, "1.28");
	CHECK_STR(n.groups[1].version, "1.30");
	CHECK_STR(n.groups[2].version, "1.31");
	g = group(&n, "1.28");
	CHECK(g != NULL && g->count == 3);
	CHECK(g != NULL && g->kinds[KUBE_NODE_FARGATE] == 1 && g->kinds[KUBE_NODE_KARPENTER] == 1 &&
	      g->kinds[KUBE_NODE_SELF_MANAGED] == 1);
	CHECK(g != NULL && g->name_count == 3);
	CHECK_STR(g->names[0], "fargate-ip-10-0-2-2.ec2.internal");
	CHECK_STR(g->names[2], "old-box");
	g = group(&n, "1.31");
	CHECK(g != NULL && g->count == 2 && g->kinds[KUBE_NODE_MANAGED] == 1 &&
	      g->kinds[KUBE_NODE_AUTO_MODE] == 1);
	g = group(&n, "1.30");
	CHECK(g != NULL && g->kinds[KUBE_NODE_HYBRID] == 1);
}

TEST(table_columns_in_any_order_and_names_from_metadata)
{
	static const char body[] =
	    "{\"rows\":[{\"cells\":[\"v1.32.1\",\"x\"],\"object\":{\"metadata\":{\"name\":\"n1\"}}}"
	    "],"
	    "\"columnDefinitions\":[{\"name\":\"Version\"},{\"name\":\"Other\"}],"
	    "\"kind\":\"Table\"}";
	struct kube_nodes n;
	struct kube_page page;
	struct err err;

	memset(&n, 0, sizeof(n));
	CHECK(decode_nodes(&n, &page, body, &err) == 0);
	CHECK(n.total == 1 && n.group_count == 1);
	CHECK_STR(n.groups[0].version, "1.32");
	CHECK_STR(n.groups[0].names[0], "n1");
	CHECK_STR(page.next, "");
}

TEST(node_list_pages_count_too)
{
	struct kube_nodes n;
	struct kube_page page;
	struct err err;

	memset(&n, 0, sizeof(n));
	CHECK(decode_nodes(&n, &page, node_list_page, &err) == 0);
	CHECK(!page.table);
	CHECK(page.items == 3);
	CHECK(n.total == 3);
	kube_nodes_sort(&n);
	CHECK(n.group_count == 2);
	CHECK_STR(n.groups[0].version, "1.30");
	CHECK(n.groups[0].count == 2 && n.groups[0].kinds[KUBE_NODE_MANAGED] == 1 &&
	      n.groups[0].kinds[KUBE_NODE_SELF_MANAGED] == 1);
	/* No kubelet version yet: counted, as unknown, last. */
	CHECK_STR(n.groups[1].version, "unknown");
	CHECK(!n.groups[1].known && n.groups[1].count == 1);
	CHECK_STR(n.groups[1].names[0], "c");
}

TEST(pages_add_up_and_names_stop_at_five)
{
	struct kube_nodes n;
	struct kube_page page;
	struct err err;

	memset(&n, 0, sizeof(n));
	for (int i = 0; i < 4; i++)
		CHECK(decode_nodes(&n, &page, node_list_page, &err) == 0);
	CHECK(n.total == 12);
	CHECK(group(&n, "1.30")->count == 8);
	CHECK(group(&n, "1.30")->name_count == KUBE_GROUP_NAMES);
}

TEST(one_form_each)
{
	struct kube_nodes n;
	struct kube_page page;
	struct err err = {0};

	memset(&n, 0, sizeof(n));
	CHECK(kube_decode_node_table(node_list_page, strlen(node_list_page), &n, &page, &err) ==
	      -1);
	CHECK_STR(err.message, "expected a Table, found kind NodeList");
	err_clear(&err);
	CHECK(kube_decode_node_list(table_page, strlen(table_page), &n, &page, &err) == -1);
	CHECK(strstr(err.message, "found kind Table") != NULL);
	err_clear(&err);
	CHECK(decode_nodes(&n, &page, "{\"kind\":\"PodList\",\"items\":[]}", &err) == -1);
	CHECK(strstr(err.message, "found kind PodList") != NULL);
	CHECK(n.total == 0);
}

/* Where a decision is made the page must fit the model, and the error says
 * where it does not. */
TEST(model_breaking_pages_name_the_field)
{
	static const struct {
		const char *body, *message;
	} cases[] = {
	    {"{\"kind\":\"Table\",\"columnDefinitions\":[{\"name\":\"Version\"}],"
	     "\"rows\":[{\"cells\":[\"v1.30.1\"]},{\"cells\":[130]}]}",
	     "rows.1: cells.0 (Version): expected a string, found number"},
	    {"{\"kind\":\"Table\",\"columnDefinitions\":[{\"name\":\"Name\"}],\"rows\":[]}",
	     "columnDefinitions: no Version column"},
	    {"{\"kind\":\"Table\",\"rows\":[]}", "columnDefinitions: missing"},
	    {"{\"kind\":\"Table\",\"columnDefinitions\":{},\"rows\":[]}",
	     "columnDefinitions: expected a list, found object"},
	    {"{\"kind\":\"Table\",\"columnDefinitions\":[{\"name\":\"Version\"}],\"rows\":{}}",
	     "rows: expected a JSON array"},
	    {"{\"kind\":\"Table\",\"columnDefinitions\":[{\"name\":\"Version\"}],\"rows\":[7]}",
	     "rows.0: expected an object with a list of cells"},
	    {"{\"kind\":\"NodeList\",\"items\":[{\"status\":{\"nodeInfo\":{\"kubeletVersion\":"
	     "true}}}]}",
	     "items.0: status.nodeInfo.kubeletVersion: expected a string, found boolean"},
	    {"{\"kind\":\"NodeList\",\"items\":[[]]}", "items.0: expected an object, found array"},
	    {"{\"kind\":\"NodeList\",\"metadata\":{\"continue\":5},\"items\":[]}",
	     "metadata.continue: expected a string, found number"},
	    {"[]", "expected a JSON object"},
	    {"{\"kind\":\"NodeList\",\"items\":[}", "malformed JSON at offset 28"},
	    {"", "truncated JSON"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct kube_nodes n;
		struct kube_page page;
		struct err err;

		memset(&n, 0, sizeof(n));
		CHECK(decode_nodes(&n, &page, cases[i].body, &err) == -1);
		CHECK_STR(err.message, cases[i].message);
	}
}

/* Shown, never decided on: names and labels of any shape are tolerated;
 * names are cut and made safe for a terminal. */
TEST(tolerant_names_and_labels)
{
	char body[2048];
	struct kube_nodes n;
	struct kube_page page;
	struct err err;
	char long_name[400];

	memset(long_name, 'n', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	(void)str_fmt(
	    body, sizeof(body),
	    "{\"kind\":\"NodeList\",\"items\":["
	    "{\"metadata\":{\"name\":\"%s\",\"labels\":[]},"
	    "\"status\":{\"nodeInfo\":{\"kubeletVersion\":\"v1.30.1\"}}},"
	    "{\"metadata\":{\"name\":\"evil\\u001b[31m\\n\"},"
	    "\"status\":{\"nodeInfo\":{\"kubeletVersion\":\"v1.30.1\"}}},"
	    "{\"metadata\":{\"name\":7},\"status\":{\"nodeInfo\":{\"kubeletVersion\":null}}}"
	    "]}",
	    long_name);
	memset(&n, 0, sizeof(n));
	CHECK(decode_nodes(&n, &page, body, &err) == 0);
	CHECK(n.total == 3);
	CHECK(strlen(group(&n, "1.30")->names[0]) < KUBE_NAME_MAX);
	CHECK(strstr(group(&n, "1.30")->names[0], "…") != NULL);
	CHECK_STR(group(&n, "1.30")->names[1], "evil?[31m?");
	CHECK_STR(group(&n, "unknown")->names[0], "(unnamed)");
	CHECK(group(&n, "1.30")->kinds[KUBE_NODE_SELF_MANAGED] == 2);
}

/* A hostile page with more minors than groups cannot push counts out: the
 * extra ones are counted as unknown. */
TEST(group_cap_keeps_counting)
{
	struct kube_nodes n;
	struct kube_page page;
	struct err err;
	struct buf body;
	long sum = 0;

	buf_init(&body, 1 << 20);
	CHECK(buf_append_str(&body, "{\"kind\":\"NodeList\",\"items\":[") == 0);
	for (int i = 0; i < 50; i++)
		CHECK(buf_appendf(&body,
				  "%s{\"metadata\":{\"name\":\"n%d\"},\"status\":{\"nodeInfo\":"
				  "{\"kubeletVersion\":\"v1.%d.0\"}}}",
				  i ? "," : "", i, i) == 0);
	CHECK(buf_append_str(&body, "]}") == 0);
	memset(&n, 0, sizeof(n));
	CHECK(decode_nodes(&n, &page, buf_str(&body), &err) == 0);
	CHECK(n.total == 50);
	CHECK(n.group_count == KUBE_MAX_GROUPS);
	for (size_t i = 0; i < n.group_count; i++)
		sum += n.groups[i].count;
	CHECK(sum == 50);
	kube_nodes_sort(&n);
	CHECK_STR(n.groups[KUBE_MAX_GROUPS - 1].version, "unknown");
	CHECK(n.groups[KUBE_MAX_GROUPS - 1].count == 50 - (KUBE_MAX_GROUPS - 1));
	CHECK_STR(n.groups[0].version, "1.0");
	buf_free(&body);
}

TEST(pdb_pages)
{
	static const char body[] =
	    "{\"kind\":\"PodDisruptionBudgetList\",\"apiVersion\":\"policy/v1\","
	    "\"metadata\":{\"continue\":\"next\"},\"items\":["
	    "{\"metadata\":{\"namespace\":\"kube-system\",\"name\":\"coredns\"},"
	    "\"status\":{\"disruptionsAllowed\":1,\"expectedPods\":2}},"
	    "{\"metadata\":{\"namespace\":\"shop\",\"name\":\"checkout\"},"
	    "\"status\":{\"disruptionsAllowed\":0,\"expectedPods\":3}},"
	    "{\"metadata\":{\"namespace\":\"shop\",\"name\":\"nothing-selected\"},"
	    "\"status\":{\"disruptionsAllowed\":0,\"expectedPods\":0}},"
	    "{\"metadata\":{\"namespace\":\"shop\",\"name\":\"just-created\"}}"
	    "]}";
	struct kube_pdbs p;
	struct kube_page page;
	struct err err = {0};

	memset(&p, 0, sizeof(p));
	CHECK(kube_decode_pdbs(body, strlen(body), &p, &page, &err) == 0);
	CHECK_STR(page.next, "next");
	CHECK(p.total == 4 && p.blocking == 2 && p.listed == 2);
	CHECK_STR(p.items[0].namespace_name, "shop");
	CHECK_STR(p.items[0].name, "checkout");
	CHECK_STR(p.items[1].name, "just-created");
	err_clear(&err);
	{
		static const char bad[] =
		    "{\"items\":[{\"status\":{\"disruptionsAllowed\":\"0\"}}]}";

		CHECK(kube_decode_pdbs(bad, strlen(bad), &p, &page, &err) == -1);
	}
	CHECK_STR(err.message,
		  "items.0: status.disruptionsAllowed: expected an integer, found string");
}

TEST(pdb_listing_is_capped_counting_goes_on)
{
	struct kube_pdbs p;
	struct kube_page page;
	struct err err = {0};
	struct buf body;

	buf_init(&body, 1 << 20);
	CHECK(buf_append_str(&body, "{\"items\":[") == 0);
	for (int i = 0; i < KUBE_MAX_PDBS + 20; i++)
		CHECK(buf_appendf(&body,
				  "%s{\"metadata\":{\"namespace\":\"ns\",\"name\":\"p%d\"},"
				  "\"status\":{\"disruptionsAllowed\":0}}",
				  i ? "," : "", i) == 0);
	CHECK(buf_append_str(&body, "]}") == 0);
	memset(&p, 0, sizeof(p));
	CHECK(kube_decode_pdbs(buf_str(&body), body.len, &p, &page, &err) == 0);
	CHECK(p.blocking == KUBE_MAX_PDBS + 20 && p.listed == KUBE_MAX_PDBS);
	buf_free(&body);
}

TEST(kind_names)
{
	CHECK_STR(kube_node_kind_name(KUBE_NODE_MANAGED), "managed");
	CHECK_STR(kube_node_kind_name(KUBE_NODE_SELF_MANAGED), "self-managed");
	CHECK_STR(kube_node_kind_name(KUBE_NODE_AUTO_MODE), "Auto Mode");
	CHECK_STR(kube_node_kind_name(KUBE_NODE_KINDS), "unknown");
}

/* Nothing is sent when DescribeCluster's endpoint or CA cannot be trusted:
 * the read says why, and no request (the client has no region, no
 * credentials: any attempt to reach out would fail differently). */
TEST(nothing_sent_without_a_trustworthy_endpoint_and_ca)
{
	static const struct {
		const char *endpoint, *ca, *reason;
	} cases[] = {
	    {"", "", "DescribeCluster gave no endpoint"},
	    {"http://127.0.0.1:1", "LS0t", "not an https URL"},
	    {"https://user@host", "LS0t", "not an https URL"},
	    {"https://host.example", "c2ltdWxhdGVk", "not a PEM certificate"},
	    {"https://host.example",
	     "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCnNpbXVsYXRlZAotLS0tLUVORCBDRVJUSUZJQ0FURS0tLS0tC"
	     "g==",
	     "not a PEM certificate"},
	};
	struct aws aws;
	struct aws_options opts = {0};
	struct err err = {0};

	CHECK(aws_init(&aws, &opts, &err) == 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct eks_cluster cluster;
		struct kube_dataplane *dp = calloc(1, sizeof(*dp));

		memset(&cluster, 0, sizeof(cluster));
		(void)str_copy(cluster.name, sizeof(cluster.name), "demo");
		(void)str_copy(cluster.endpoint, sizeof(cluster.endpoint), cases[i].endpoint);
		(void)str_copy(cluster.ca_data, sizeof(cluster.ca_data), cases[i].ca);
		CHECK(kube_read_dataplane(&aws, &cluster, true, dp, &err) == 0);
		CHECK(!dp->nodes.result.ok && dp->nodes.result.failure == KUBE_NOT_READY);
		CHECK(strstr(dp->nodes.result.reason, cases[i].reason) != NULL);
		CHECK(!dp->pdbs.result.ok && dp->pdbs.result.failure == KUBE_NOT_READY);
		CHECK(aws.http.stats.requests == 0);
		free(dp);
	}
	aws_free(&aws);
}

int main(void)
{
	RUN(kubelet_minor_versions);
	RUN(table_page_counts_every_row_by_minor_and_kind);
	RUN(table_columns_in_any_order_and_names_from_metadata);
	RUN(node_list_pages_count_too);
	RUN(pages_add_up_and_names_stop_at_five);
	RUN(one_form_each);
	RUN(model_breaking_pages_name_the_field);
	RUN(tolerant_names_and_labels);
	RUN(group_cap_keeps_counting);
	RUN(pdb_pages);
	RUN(pdb_listing_is_capped_counting_goes_on);
	RUN(kind_names);
	RUN(nothing_sent_without_a_trustworthy_endpoint_and_ca);
	return unit_done("kube");
}
