/* fuzz_kube_table — the node Table decoder (kube_decode_node_table): one
 * page of GET /api/v1/nodes as kube-apiserver answers kubectl's Accept
 * header. The input is the page body. Promises checked: an answer of 0 or
 * -1 with a reason; every node counted once (the groups add up to the
 * total, and on success to the rows of the page); groups, names and the
 * continue token within their caps and NUL-terminated. */
#include "fuzz.h"
#include "upgrade/kube.h"

static void check_nodes(const struct kube_nodes *n)
{
	long sum = 0;

	FUZZ_ASSERT(n->group_count <= KUBE_MAX_GROUPS);
	for (size_t i = 0; i < n->group_count; i++) {
		const struct kube_kubelets *g = &n->groups[i];
		long kinds = 0;

		FUZZ_ASSERT(fuzz_terminated(g->version, sizeof(g->version)));
		FUZZ_ASSERT(g->count > 0 && g->name_count <= KUBE_GROUP_NAMES);
		for (int k = 0; k < KUBE_NODE_KINDS; k++)
			kinds += g->kinds[k];
		FUZZ_ASSERT(kinds == g->count);
		for (size_t j = 0; j < g->name_count; j++) {
			FUZZ_ASSERT(fuzz_terminated(g->names[j], KUBE_NAME_MAX));
			for (const char *c = g->names[j]; *c; c++)
				FUZZ_ASSERT((unsigned char)*c >= 0x20 && *c != 0x7f);
		}
		sum += g->count;
	}
	FUZZ_ASSERT(sum == n->total);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *body = fuzz_copy(data, size);
	struct kube_nodes *nodes = calloc(1, sizeof(*nodes));
	struct kube_page page;
	struct err err = {0};
	int r;

	if (nodes == NULL)
		abort();
	r = kube_decode_node_table(body, size, nodes, &page, &err);
	FUZZ_ASSERT(r == 0 || r == -1);
	FUZZ_ASSERT(r == 0 || err.message[0] != '\0');
	FUZZ_ASSERT(fuzz_terminated(page.next, sizeof(page.next)));
	if (r == 0)
		FUZZ_ASSERT(page.table && nodes->total == page.items);
	check_nodes(nodes);
	kube_nodes_sort(nodes);
	check_nodes(nodes);
	free(nodes);
	free(body);
	return 0;
}
