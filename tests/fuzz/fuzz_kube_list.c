/* fuzz_kube_list — the list decoders of the Kubernetes API: a NodeList page
 * (kube_decode_node_list) and a PodDisruptionBudgetList page
 * (kube_decode_pdbs). First byte 'p': the PDB decoder gets the rest; any
 * other first byte: the NodeList decoder gets the rest. Promises checked:
 * 0 or -1 with a reason; on success every item counted; the groups add up
 * to the total; PDBs named within the cap, NUL-terminated and printable. */
#include "fuzz.h"
#include "upgrade/kube.h"

static void nodes(const char *body, size_t size)
{
	struct kube_nodes *n = calloc(1, sizeof(*n));
	struct kube_page page;
	struct err err = {0};
	long sum = 0;
	int r;

	if (n == NULL)
		abort();
	r = kube_decode_node_list(body, size, n, &page, &err);
	FUZZ_ASSERT(r == 0 || r == -1);
	FUZZ_ASSERT(r == 0 || err.message[0] != '\0');
	FUZZ_ASSERT(fuzz_terminated(page.next, sizeof(page.next)));
	if (r == 0)
		FUZZ_ASSERT(!page.table && n->total == page.items);
	FUZZ_ASSERT(n->group_count <= KUBE_MAX_GROUPS);
	for (size_t i = 0; i < n->group_count; i++) {
		FUZZ_ASSERT(n->groups[i].name_count <= KUBE_GROUP_NAMES);
		sum += n->groups[i].count;
	}
	FUZZ_ASSERT(sum == n->total);
	free(n);
}

static void pdbs(const char *body, size_t size)
{
	struct kube_pdbs *p = calloc(1, sizeof(*p));
	struct kube_page page;
	struct err err = {0};
	int r;

	if (p == NULL)
		abort();
	r = kube_decode_pdbs(body, size, p, &page, &err);
	FUZZ_ASSERT(r == 0 || r == -1);
	FUZZ_ASSERT(r == 0 || err.message[0] != '\0');
	if (r == 0)
		FUZZ_ASSERT(p->total == page.items);
	FUZZ_ASSERT(p->blocking <= p->total && p->listed <= KUBE_MAX_PDBS);
	FUZZ_ASSERT(p->listed == (size_t)(p->blocking < KUBE_MAX_PDBS ? p->blocking : KUBE_MAX_PDBS));
	for (size_t i = 0; i < p->listed; i++) {
		FUZZ_ASSERT(fuzz_terminated(p->items[i].name, sizeof(p->items[i].name)));
		FUZZ_ASSERT(fuzz_terminated(p->items[i].namespace_name,
					    sizeof(p->items[i].namespace_name)));
		for (const char *c = p->items[i].name; *c; c++)
			FUZZ_ASSERT((unsigned char)*c >= 0x20 && *c != 0x7f);
	}
	free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *body;

	if (size == 0)
		return 0;
	body = fuzz_copy(data + 1, size - 1);
	if (data[0] == 'p')
		pdbs(body, size - 1);
	else
		nodes(body, size - 1);
	free(body);
	return 0;
}
