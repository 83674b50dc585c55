/* kube — a small read-only client for the cluster's own Kubernetes API
 * (SPEC §11): every node's kubelet version, and the PodDisruptionBudgets,
 * for the dataplane-skew and pod-disruption checks.
 *
 * Trust (SPEC §8): requests go only to the endpoint DescribeCluster gave
 * (https, nothing else), the server must present a chain to the cluster's
 * own CA (certificateAuthority.data; no other root is trusted), and each
 * carries the EKS bearer token (aws/sts.h), which is wiped after use and
 * never printed.
 *
 * Memory does not grow with the cluster: lists are read a page at a time
 * (limit/continue) and each page is decoded one row at a time (util/json's
 * span readers), keeping only counts per kubelet minor version, a few node
 * names, and the first KUBE_MAX_PDBS blocking PDBs. Nodes are asked for as
 * a Table with kubectl's Accept header and includeObject=Metadata: the
 * Version column is the kubelet, the row's metadata carries the labels that
 * tell managed, Fargate, Auto Mode, Karpenter and hybrid nodes apart, a few
 * KiB a row instead of ~10 KiB. A server that does not serve Tables answers
 * with a NodeList, decoded the same way; later pages then ask for smaller
 * NodeList pages.
 *
 * Nothing here fails a plan: each read ends in a struct kube_result that is
 * ok or says why not, in words a user can act on (unreachable, 401, 403,
 * TLS, timeout, a malformed answer). Only an interruption (SIGINT/SIGTERM)
 * or running out of memory returns -1.
 */
#ifndef EKS_KUBE_H
#define EKS_KUBE_H

#include <stdbool.h>
#include <stddef.h>

#include "aws/client.h"
#include "aws/eks.h"
#include "util/k8s_version.h"

#define KUBE_TABLE_PAGE 500	     /* rows per Table page (SPEC §11: at most 500) */
#define KUBE_LIST_PAGE 100	     /* full nodes per NodeList page (~10 KiB each) */
#define KUBE_FIRST_PAGE 100	     /* before the server has said whether it serves Tables */
#define KUBE_PDB_PAGE 500	     /* PodDisruptionBudgets per page */
#define KUBE_MAX_PAGES 2000	     /* per list: 1,000,000 nodes at 500 a page */
#define KUBE_TIMEOUT_MS 10000	     /* per request, within --timeout */
#define KUBE_VERSION_TIMEOUT_MS 5000 /* GET /version after an update */
#define KUBE_CONTINUE_MAX 4096	     /* metadata.continue */
#define KUBE_MAX_GROUPS 32	     /* distinct kubelet minor versions kept */
#define KUBE_GROUP_NAMES 5	     /* node names kept per kubelet version (SPEC §4) */
#define KUBE_NAME_MAX 128	     /* a node name longer than this is cut with "…" */
#define KUBE_MAX_PDBS 100	     /* blocking PDBs named; all are counted */
#define KUBE_REASON_MAX 640

/* Who runs a node, from its labels: eks.amazonaws.com/compute-type (fargate,
 * auto, hybrid), eks.amazonaws.com/nodegroup (a managed node group),
 * karpenter.sh/nodepool (Karpenter); anything else is self-managed. */
enum kube_node_kind {
	KUBE_NODE_MANAGED = 0,
	KUBE_NODE_SELF_MANAGED,
	KUBE_NODE_KARPENTER,
	KUBE_NODE_AUTO_MODE,
	KUBE_NODE_FARGATE,
	KUBE_NODE_HYBRID,
	KUBE_NODE_KINDS
};

/* "managed", "self-managed", "Karpenter", "Auto Mode", "Fargate", "hybrid". */
const char *kube_node_kind_name(enum kube_node_kind kind);

/* The nodes whose kubelet is at one minor version. */
struct kube_kubelets {
	char version[16]; /* "1.29", or "unknown" when the kubelet version did not parse */
	bool known;	  /* version parsed into minor */
	struct k8s_version minor;
	long count;
	long kinds[KUBE_NODE_KINDS];
	size_t name_count; /* names kept: the first KUBE_GROUP_NAMES seen */
	char names[KUBE_GROUP_NAMES][KUBE_NAME_MAX];
};

enum kube_failure {
	KUBE_OK = 0,
	KUBE_NOT_READY,	    /* no endpoint, no usable CA, no token: nothing was sent */
	KUBE_UNREACHABLE,   /* no connection (DNS, refused, no route) */
	KUBE_TIMEOUT,	    /* no answer in time */
	KUBE_TLS,	    /* the server's certificate is not from the cluster's CA */
	KUBE_UNAUTHORIZED,  /* 401: the token was not accepted */
	KUBE_FORBIDDEN,	    /* 403: RBAC */
	KUBE_HTTP,	    /* another status */
	KUBE_BAD_RESPONSE,  /* a 2xx answer that is not a list we can read */
	KUBE_NOT_ATTEMPTED, /* skipped after an earlier read could not reach the server */
};

struct kube_result {
	bool ok;
	enum kube_failure failure;
	long status;		      /* HTTP status, 0 when none arrived */
	char reason[KUBE_REASON_MAX]; /* why not, and what to do; "" when ok */
};

struct kube_nodes {
	struct kube_result result;
	long total;
	size_t group_count;
	struct kube_kubelets groups[KUBE_MAX_GROUPS]; /* oldest minor first, "unknown" last */
	bool as_table;				      /* every page was a Table */
	int pages;
	size_t largest_page; /* bytes of the largest page body */
};

struct kube_pdb {
	char namespace_name[64];
	char name[256];
};

struct kube_pdbs {
	struct kube_result result;
	long total;    /* PodDisruptionBudgets read */
	long blocking; /* with status.disruptionsAllowed 0 (or no status yet) */
	size_t listed; /* the first KUBE_MAX_PDBS blocking ones */
	struct kube_pdb items[KUBE_MAX_PDBS];
	int pages;
};

/* What the checks need from the Kubernetes API. */
struct kube_dataplane {
	struct kube_nodes nodes;
	bool pdbs_read; /* asked for (--with-nodegroups) */
	struct kube_pdbs pdbs;
};

/* Reads the nodes and, with `pdbs`, the PodDisruptionBudgets of `cluster`
 * (as DescribeCluster described it) into out (zeroed first). Returns 0
 * whatever the reads found (out's results say it); -1 only when
 * interrupted or out of memory. */
int kube_read_dataplane(struct aws *aws, const struct eks_cluster *cluster, bool pdbs,
			struct kube_dataplane *out, struct err *err) MUST_CHECK;

/* --- the pieces, for unit tests and the fuzzers ---------------------------- */

/* What one list page said besides its items. */
struct kube_page {
	char next[KUBE_CONTINUE_MAX]; /* metadata.continue; "" on the last page */
	long items;		      /* rows or items on this page */
	bool table;		      /* it was a Table */
};

/* One page of GET /api/v1/nodes: a Table (meta.k8s.io v1 or v1beta1) or a
 * NodeList, told apart by its kind (or by rows / items when kind is
 * missing). Each node is counted into nodes. -1 with err naming the field
 * when the page breaks the model where a decision is made (a kubelet
 * version that is not a string, rows or items that are not a list, no
 * Version column); names and labels are read tolerantly. */
int kube_decode_nodes(const char *body, size_t len, struct kube_nodes *nodes,
		      struct kube_page *page, struct err *err) MUST_CHECK;

/* The same, expecting exactly one of the two forms: what the fuzzers feed. */
int kube_decode_node_table(const char *body, size_t len, struct kube_nodes *nodes,
			   struct kube_page *page, struct err *err) MUST_CHECK;
int kube_decode_node_list(const char *body, size_t len, struct kube_nodes *nodes,
			  struct kube_page *page, struct err *err) MUST_CHECK;

/* One page of GET /apis/policy/v1/poddisruptionbudgets (a
 * PodDisruptionBudgetList). status.disruptionsAllowed must be an integer
 * when present. */
int kube_decode_pdbs(const char *body, size_t len, struct kube_pdbs *pdbs, struct kube_page *page,
		     struct err *err) MUST_CHECK;

/* A kubelet's version ("v1.29.15-eks-473151a", "v1.31.0+k3s1") to its
 * minor version; -1 when it does not start with [v]MAJOR.MINOR. */
int kube_kubelet_minor(const char *version, struct k8s_version *out);

/* Sorts the groups: oldest minor first, "unknown" last. */
void kube_nodes_sort(struct kube_nodes *nodes);

/* After an update: GET /version from the cluster's API server (the same
 * https endpoint and CA checks as the reads above), anonymously first, then
 * with the EKS token after a 401 or 403. 0 with git_version
 * ("v1.32.1-eks-...") filled; 1 when it could not be asked or answered (why
 * says what happened, one sanitized line). Never -1: a private endpoint or
 * no route from here must not fail an update EKS reported Successful. */
int kube_server_version(struct aws *aws, const struct eks_cluster *cluster, char *git_version,
			size_t cap, char *why, size_t why_cap);

#endif
