#include "upgrade/kube.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/endpoint.h"
#include "aws/sts.h"
#include "util/base64.h"
#include "util/json.h"
#include "util/str.h"
#include "util/uri.h"

/* kubectl's Accept header for `get` (SPEC §11): a Table, v1 or v1beta1,
 * else the plain list. */
#define ACCEPT_TABLE                                            \
	"Accept: application/json;as=Table;v=v1;g=meta.k8s.io," \
	"application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"
#define ACCEPT_JSON "Accept: application/json"
#define TOKEN_MAX (24 * 1024)
#define URL_MAX (16 * 1024) /* the endpoint, and a continue token percent-encoded */

static const char *const kind_names[KUBE_NODE_KINDS] = {
    [KUBE_NODE_MANAGED] = "managed",	 [KUBE_NODE_SELF_MANAGED] = "self-managed",
    [KUBE_NODE_KARPENTER] = "Karpenter", [KUBE_NODE_AUTO_MODE] = "Auto Mode",
    [KUBE_NODE_FARGATE] = "Fargate",	 [KUBE_NODE_HYBRID] = "hybrid",
};

const char *kube_node_kind_name(enum kube_node_kind kind)
{
	return kind >= 0 && kind < KUBE_NODE_KINDS ? kind_names[kind] : "unknown";
}

/* --- kubelet versions ------------------------------------------------------ */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Digits at *p (at most 4) into *out; -1 when none. */
static int number(const char **p, int *out)
{
	int n = 0, digits = 0;

	while (is_digit(**p) && digits < 4) {
		n = n * 10 + (**p - '0');
		(*p)++;
		digits++;
	}
	if (digits == 0 || is_digit(**p))
		return -1;
	*out = n;
	return 0;
}

int kube_kubelet_minor(const char *version, struct k8s_version *out)
{
	const char *p = version;
	int major, minor;

	if (*p == 'v')
		p++;
	if (number(&p, &major) != 0 || *p++ != '.' || number(&p, &minor) != 0)
		return -1;
	if (*p != '\0' && *p != '.' && *p != '-' && *p != '+')
		return -1;
	if (major < 1 || major > 99 || minor > 999)
		return -1;
	out->major = major;
	out->minor = minor;
	return 0;
}

/* --- counting ---------------------------------------------------------------- */

/* Names from the server end up on a terminal: control characters become
 * '?' (a Kubernetes name never holds one). */
static void clean(char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
}

/* One node into its kubelet's group. The last group slot is kept for
 * "unknown", so a page of 40 made-up minors cannot push a real one out. */
static void count_node(struct kube_nodes *nodes, const char *kubelet, const char *name,
		       enum kube_node_kind kind)
{
	struct k8s_version minor = {0, 0};
	bool known = kube_kubelet_minor(kubelet, &minor) == 0;
	char text[16] = "unknown";
	struct kube_kubelets *g = NULL;

	if (known)
		k8s_version_format(minor, text, sizeof(text));
	for (size_t i = 0; i < nodes->group_count && g == NULL; i++)
		if (strcmp(nodes->groups[i].version, text) == 0)
			g = &nodes->groups[i];
	if (g == NULL && known && nodes->group_count >= KUBE_MAX_GROUPS - 1) {
		known = false;
		(void)str_copy(text, sizeof(text), "unknown");
		for (size_t i = 0; i < nodes->group_count && g == NULL; i++)
			if (strcmp(nodes->groups[i].version, text) == 0)
				g = &nodes->groups[i];
	}
	if (g == NULL) {
		g = &nodes->groups[nodes->group_count++];
		memset(g, 0, sizeof(*g));
		(void)str_copy(g->version, sizeof(g->version), text);
		g->known = known;
		g->minor = minor;
	}
	g->count++;
	g->kinds[kind]++;
	if (g->name_count < KUBE_GROUP_NAMES) {
		(void)str_copy(g->names[g->name_count], KUBE_NAME_MAX,
			       name[0] ? name : "(unnamed)");
		clean(g->names[g->name_count++]);
	}
	nodes->total++;
}

static int by_version(const void *a, const void *b)
{
	const struct kube_kubelets *x = a, *y = b;

	if (x->known != y->known)
		return x->known ? -1 : 1;
	return k8s_version_cmp(x->minor, y->minor);
}

void kube_nodes_sort(struct kube_nodes *nodes)
{
	if (nodes->group_count > 1)
		qsort(nodes->groups, nodes->group_count, sizeof(nodes->groups[0]), by_version);
}

/* Who runs the node, from its labels (an object, or anything else: none). */
static enum kube_node_kind node_kind(const struct json_doc *doc, int labels)
{
	char value[32];

	json_get_display(doc, json_object_get(doc, labels, "eks.amazonaws.com/compute-type"), NULL,
			 value, sizeof(value));
	if (strcmp(value, "fargate") == 0)
		return KUBE_NODE_FARGATE;
	if (strcmp(value, "auto") == 0)
		return KUBE_NODE_AUTO_MODE;
	if (strcmp(value, "hybrid") == 0)
		return KUBE_NODE_HYBRID;
	if (json_type(doc, json_object_get(doc, labels, "eks.amazonaws.com/nodegroup")) ==
	    JSON_STRING)
		return KUBE_NODE_MANAGED;
	if (json_type(doc, json_object_get(doc, labels, "karpenter.sh/nodepool")) == JSON_STRING)
		return KUBE_NODE_KARPENTER;
	return KUBE_NODE_SELF_MANAGED;
}

/* A kubelet version a decision is made on: a string (cut like a display
 * string when long: only its start matters), or missing / null ("": the
 * node counts as "unknown"). Another type breaks the model. */
static int kubelet_version(const struct json_doc *doc, int index, char *out, size_t cap,
			   struct err *err)
{
	enum json_type type = json_type(doc, index);

	out[0] = '\0';
	if (type == JSON_MISSING || type == JSON_NULL)
		return 0;
	if (type != JSON_STRING)
		return err_set(err, EXIT_RUNTIME, "expected a string, found %s",
			       json_type_name(type));
	json_get_display(doc, index, NULL, out, cap);
	return 0;
}

/* --- list pages ---------------------------------------------------------------- */

struct span {
	const char *text;
	size_t len;
};

/* The root members a list page is read by; each a span of the body. */
struct root {
	struct span kind, metadata, columns, rows, items;
};

static bool key_is(const char *key, size_t key_len, const char *name)
{
	return key_len == strlen(name) && memcmp(key, name, key_len) == 0;
}

static int root_member(void *ctx, const char *key, size_t key_len, const char *value,
		       size_t value_len)
{
	struct root *r = ctx;
	struct span *s = key_is(key, key_len, "kind")		     ? &r->kind
			 : key_is(key, key_len, "metadata")	     ? &r->metadata
			 : key_is(key, key_len, "columnDefinitions") ? &r->columns
			 : key_is(key, key_len, "rows")		     ? &r->rows
			 : key_is(key, key_len, "items")	     ? &r->items
								     : NULL;

	/* A duplicated key: the last one wins, as in json_object_get. */
	if (s != NULL)
		*s = (struct span){value, value_len};
	return 0;
}

/* A root member read whole: kind, metadata, columnDefinitions are small. */
static int parse_span(struct json_doc *doc, const struct span *s, const char *what, struct err *err)
{
	if (json_parse(doc, s->text, s->len, err) != 0)
		return err_prefix(err, "%s: ", what);
	return 0;
}

static int read_kind(const struct root *r, char *kind, size_t cap, struct err *err)
{
	struct json_doc doc = {0};

	kind[0] = '\0';
	if (r->kind.text == NULL)
		return 0;
	if (parse_span(&doc, &r->kind, "kind", err) != 0)
		return -1;
	json_get_display(&doc, 0, NULL, kind, cap);
	json_doc_free(&doc);
	return 0;
}

static int read_continue(const struct root *r, struct kube_page *page, struct err *err)
{
	struct json_doc doc = {0};
	int rc = 0;

	if (r->metadata.text == NULL)
		return 0;
	if (parse_span(&doc, &r->metadata, "metadata", err) != 0)
		return -1;
	if (json_type(&doc, 0) == JSON_OBJECT &&
	    json_get_string_opt(&doc, 0, "continue", page->next, sizeof(page->next), err) < 0)
		rc = err_prefix(err, "metadata.");
	json_doc_free(&doc);
	return rc;
}

/* Walking the rows of a Table or the items of a list, one parsed at a time. */
struct walk {
	struct kube_nodes *nodes;
	struct kube_pdbs *pdbs;
	struct kube_page *page;
	struct err *err;
	const char *list;   /* "rows" or "items": for messages */
	bool item_failed;   /* the error came from one element */
	int version_column; /* Table */
	int name_column;    /* Table; -1: the name comes from the row's metadata */
};

/* Every element's error names it: "rows.3: cells.4 (Version): ...". */
static int item_done(struct walk *w, int rc)
{
	if (rc != 0) {
		w->item_failed = true;
		err_prefix(w->err, "%s.%ld: ", w->list, w->page->items);
	}
	w->page->items++;
	return rc;
}

static int table_row(void *ctx, const char *text, size_t len)
{
	struct walk *w = ctx;
	struct json_doc doc = {0};
	char kubelet[64], name[KUBE_NAME_MAX] = "", index[16];
	int cells, metadata, rc = -1;

	if (json_parse(&doc, text, len, w->err) != 0)
		goto out;
	cells = json_object_get(&doc, 0, "cells");
	if (json_type(&doc, 0) != JSON_OBJECT || json_type(&doc, cells) != JSON_ARRAY) {
		err_set(w->err, EXIT_RUNTIME, "expected an object with a list of cells");
		goto out;
	}
	(void)str_fmt(index, sizeof(index), "%d", w->version_column);
	if (kubelet_version(&doc, json_path(&doc, cells, index), kubelet, sizeof(kubelet),
			    w->err) != 0) {
		err_prefix(w->err, "cells.%d (Version): ", w->version_column);
		goto out;
	}
	if (w->name_column >= 0) {
		(void)str_fmt(index, sizeof(index), "%d", w->name_column);
		json_get_display(&doc, cells, index, name, sizeof(name));
	}
	metadata = json_path(&doc, 0, "object.metadata");
	if (name[0] == '\0')
		json_get_display(&doc, metadata, "name", name, sizeof(name));
	count_node(w->nodes, kubelet, name,
		   node_kind(&doc, json_object_get(&doc, metadata, "labels")));
	rc = 0;
out:
	json_doc_free(&doc);
	return item_done(w, rc);
}

static int node_item(void *ctx, const char *text, size_t len)
{
	struct walk *w = ctx;
	struct json_doc doc = {0};
	char kubelet[64], name[KUBE_NAME_MAX];
	int rc = -1;

	if (json_parse(&doc, text, len, w->err) != 0)
		goto out;
	if (json_type(&doc, 0) != JSON_OBJECT) {
		err_set(w->err, EXIT_RUNTIME, "expected an object, found %s",
			json_type_name(json_type(&doc, 0)));
		goto out;
	}
	if (kubelet_version(&doc, json_path(&doc, 0, "status.nodeInfo.kubeletVersion"), kubelet,
			    sizeof(kubelet), w->err) != 0) {
		err_prefix(w->err, "status.nodeInfo.kubeletVersion: ");
		goto out;
	}
	json_get_display(&doc, 0, "metadata.name", name, sizeof(name));
	count_node(w->nodes, kubelet, name, node_kind(&doc, json_path(&doc, 0, "metadata.labels")));
	rc = 0;
out:
	json_doc_free(&doc);
	return item_done(w, rc);
}

/* A PDB stalls a drain when it allows no disruption now and selects pods:
 * status.disruptionsAllowed 0, or no status yet (the eviction API refuses
 * until the controller has computed it). One that selects no pods
 * (status.expectedPods 0) stalls nothing. */
static int pdb_item(void *ctx, const char *text, size_t len)
{
	struct walk *w = ctx;
	struct kube_pdbs *p = w->pdbs;
	struct json_doc doc = {0};
	int64_t allowed = 0, expected = 1;
	int status, rc = -1;

	if (json_parse(&doc, text, len, w->err) != 0)
		goto out;
	if (json_type(&doc, 0) != JSON_OBJECT) {
		err_set(w->err, EXIT_RUNTIME, "expected an object, found %s",
			json_type_name(json_type(&doc, 0)));
		goto out;
	}
	status = json_object_get(&doc, 0, "status");
	if (!json_is_absent(&doc, json_object_get(&doc, status, "disruptionsAllowed")) &&
	    json_get_int64(&doc, status, "disruptionsAllowed", &allowed, w->err) != 0) {
		err_prefix(w->err, "status.");
		goto out;
	}
	if (!json_is_absent(&doc, json_object_get(&doc, status, "expectedPods")) &&
	    json_get_int64(&doc, status, "expectedPods", &expected, w->err) != 0) {
		err_prefix(w->err, "status.");
		goto out;
	}
	p->total++;
	if (allowed <= 0 && expected != 0) {
		p->blocking++;
		if (p->listed < KUBE_MAX_PDBS) {
			struct kube_pdb *item = &p->items[p->listed++];

			json_get_display(&doc, 0, "metadata.namespace", item->namespace_name,
					 sizeof(item->namespace_name));
			json_get_display(&doc, 0, "metadata.name", item->name, sizeof(item->name));
			clean(item->namespace_name);
			clean(item->name);
		}
	}
	rc = 0;
out:
	json_doc_free(&doc);
	return item_done(w, rc);
}

/* The Version and Name columns of a Table. */
static int find_columns(const struct root *r, struct walk *w, struct err *err)
{
	struct json_doc doc = {0};
	struct json_iter it;
	int i, n = 0;

	w->version_column = w->name_column = -1;
	if (r->columns.text == NULL)
		return err_set(err, EXIT_RUNTIME, "columnDefinitions: missing");
	if (parse_span(&doc, &r->columns, "columnDefinitions", err) != 0)
		return -1;
	if (json_type(&doc, 0) != JSON_ARRAY) {
		err_set(err, EXIT_RUNTIME, "columnDefinitions: expected a list, found %s",
			json_type_name(json_type(&doc, 0)));
		json_doc_free(&doc);
		return -1;
	}
	for (i = json_iter_init(&it, &doc, 0); i >= 0; i = json_iter_next(&it), n++) {
		char name[32];

		json_get_display(&doc, i, "name", name, sizeof(name));
		if (strcmp(name, "Version") == 0 && w->version_column < 0)
			w->version_column = n;
		else if (strcmp(name, "Name") == 0 && w->name_column < 0)
			w->name_column = n;
	}
	json_doc_free(&doc);
	if (w->version_column < 0)
		return err_set(err, EXIT_RUNTIME, "columnDefinitions: no Version column");
	return 0;
}

/* The elements of the list at span s (missing or null: none). */
static int each_element(const struct span *s, const char *list, json_element_fn each,
			struct walk *w)
{
	w->list = list;
	if (s->text == NULL || (s->len == 4 && memcmp(s->text, "null", 4) == 0))
		return 0;
	if (json_each_element(s->text, s->len, each, w, w->err) != 0)
		return w->item_failed ? -1 : err_prefix(w->err, "%s: ", list);
	return 0;
}

enum form { FORM_NODES, FORM_TABLE, FORM_NODE_LIST, FORM_PDB_LIST };

static int decode_page(const char *body, size_t len, enum form form, struct kube_nodes *nodes,
		       struct kube_pdbs *pdbs, struct kube_page *page, struct err *err)
{
	struct root r;
	struct walk w = {nodes, pdbs, page, err, "", false, -1, -1};
	char kind[64];
	bool table;

	memset(&r, 0, sizeof(r));
	memset(page, 0, sizeof(*page));
	if (json_each_member(body, len, root_member, &r, err) != 0 ||
	    read_kind(&r, kind, sizeof(kind), err) != 0 || read_continue(&r, page, err) != 0)
		return -1;
	table = strcmp(kind, "Table") == 0 || (kind[0] == '\0' && r.rows.text != NULL);
	if (form == FORM_NODES)
		form = table ? FORM_TABLE : FORM_NODE_LIST;
	switch (form) {
	case FORM_TABLE:
		if (kind[0] != '\0' && strcmp(kind, "Table") != 0)
			return err_set(err, EXIT_RUNTIME, "expected a Table, found kind %s", kind);
		page->table = true;
		if (find_columns(&r, &w, err) != 0)
			return -1;
		return each_element(&r.rows, "rows", table_row, &w);
	case FORM_NODE_LIST:
		if (kind[0] != '\0' && strcmp(kind, "NodeList") != 0)
			return err_set(err, EXIT_RUNTIME,
				       "expected a Table or a NodeList, found kind %s", kind);
		return each_element(&r.items, "items", node_item, &w);
	case FORM_PDB_LIST:
		if (kind[0] != '\0' && strcmp(kind, "PodDisruptionBudgetList") != 0)
			return err_set(err, EXIT_RUNTIME,
				       "expected a PodDisruptionBudgetList, found kind %s", kind);
		return each_element(&r.items, "items", pdb_item, &w);
	default:
		return err_set(err, EXIT_RUNTIME, "unknown list form");
	}
}

int kube_decode_nodes(const char *body, size_t len, struct kube_nodes *nodes,
		      struct kube_page *page, struct err *err)
{
	return decode_page(body, len, FORM_NODES, nodes, NULL, page, err);
}

int kube_decode_node_table(const char *body, size_t len, struct kube_nodes *nodes,
			   struct kube_page *page, struct err *err)
{
	return decode_page(body, len, FORM_TABLE, nodes, NULL, page, err);
}

int kube_decode_node_list(const char *body, size_t len, struct kube_nodes *nodes,
			  struct kube_page *page, struct err *err)
{
	return decode_page(body, len, FORM_NODE_LIST, nodes, NULL, page, err);
}

int kube_decode_pdbs(const char *body, size_t len, struct kube_pdbs *pdbs, struct kube_page *page,
		     struct err *err)
{
	return decode_page(body, len, FORM_PDB_LIST, NULL, pdbs, page, err);
}

/* --- the client ------------------------------------------------------------------ */

struct kube {
	struct aws *aws;
	const struct eks_cluster *cluster;
	char base[ENDPOINT_URL_MAX]; /* the endpoint, without a trailing '/' */
	char host[256];		     /* for messages */
	struct buf ca;		     /* the cluster's CA, PEM */
	struct buf auth;	     /* "Authorization: Bearer k8s-aws-v1...": a credential */
	int timeout_ms;		     /* per request */
};

static void result_set(struct kube_result *r, enum kube_failure failure, long status,
		       const char *fmt, ...) PRINTF_LIKE(4, 5);

static void result_set(struct kube_result *r, enum kube_failure failure, long status,
		       const char *fmt, ...)
{
	va_list ap;

	r->ok = false;
	r->failure = failure;
	r->status = status;
	va_start(ap, fmt);
	if (vsnprintf(r->reason, sizeof(r->reason), fmt, ap) < 0)
		r->reason[0] = '\0';
	va_end(ap);
}

/* What a server or libcurl said, made fit for one line of a terminal:
 * control characters become spaces, and it is cut at 200 bytes, never
 * inside a UTF-8 sequence. */
static void sanitize(const char *in, char *out, size_t cap)
{
	size_t n = 0;

	for (; *in != '\0' && n + 1 < cap && n < 200; in++)
		out[n++] = (unsigned char)*in < 0x20 || *in == 0x7f ? ' ' : *in;
	if (*in != '\0')
		while (n > 0 && ((unsigned char)*in & 0xc0) == 0x80) {
			/* The cut fell inside a sequence: drop its first bytes too. */
			in--;
			n--;
		}
	out[n] = '\0';
}

/* A PEM certificate block whose body decodes to DER (an ASN.1 SEQUENCE):
 * enough to tell certificate data from garbage before any connection;
 * BearSSL checks the rest in the handshake. */
static bool pem_certificate(const struct buf *pem)
{
	static const char begin[] = "-----BEGIN CERTIFICATE-----";
	static const char end[] = "-----END CERTIFICATE-----";
	const char *b = strstr(buf_str(pem), begin), *e;
	struct buf der;
	bool ok;

	if (b == NULL)
		return false;
	b += sizeof(begin) - 1;
	e = strstr(b, end);
	if (e == NULL)
		return false;
	buf_init(&der, pem->len);
	ok = base64_decode(&der, b, (size_t)(e - b)) == 0 && der.len >= 64 &&
	     (unsigned char)der.data[0] == 0x30;
	buf_free(&der);
	return ok;
}

/* Endpoint and CA. r ok, or saying why nothing can be sent. */
static void open_endpoint(struct kube *k, struct aws *aws, const struct eks_cluster *cluster,
			  struct kube_result *r)
{
	struct err e;
	size_t n;

	memset(k, 0, sizeof(*k));
	k->aws = aws;
	k->cluster = cluster;
	k->timeout_ms = KUBE_TIMEOUT_MS;
	buf_init(&k->ca, 64 * 1024);
	buf_init(&k->auth, TOKEN_MAX + 64);
	err_clear(&e);
	memset(r, 0, sizeof(*r));
	if (cluster->endpoint[0] == '\0' || cluster->ca_data[0] == '\0') {
		result_set(r, KUBE_NOT_READY, 0,
			   "DescribeCluster gave no endpoint or certificate authority for the "
			   "cluster");
		return;
	}
	if (strncmp(cluster->endpoint, "https://", 8) != 0 ||
	    endpoint_check_url(cluster->endpoint, "the cluster endpoint", &e) != 0 ||
	    str_copy(k->base, sizeof(k->base), cluster->endpoint) != 0 ||
	    uri_authority(k->base, k->host, sizeof(k->host)) != 0) {
		result_set(r, KUBE_NOT_READY, 0,
			   "the cluster endpoint from DescribeCluster is not an https URL; the "
			   "token is sent nowhere else");
		return;
	}
	n = strlen(k->base);
	while (n > 8 && k->base[n - 1] == '/')
		k->base[--n] = '\0';
	if (base64_decode(&k->ca, cluster->ca_data, strlen(cluster->ca_data)) != 0 ||
	    !pem_certificate(&k->ca)) {
		result_set(r, KUBE_NOT_READY, 0,
			   "the cluster's certificateAuthority.data from DescribeCluster is not a "
			   "PEM certificate, so the API server cannot be verified");
		return;
	}
	r->ok = true;
}

/* The EKS token into k->auth. 0 with r still ok, or r saying why not; -1
 * only when interrupted or out of memory. */
static int add_token(struct kube *k, struct kube_result *r, struct err *err)
{
	struct buf token;
	struct err e;

	err_clear(&e);
	buf_init(&token, TOKEN_MAX);
	if (buf_init_secret(&token, TOKEN_MAX) != 0 ||
	    buf_init_secret(&k->auth, TOKEN_MAX + 64) != 0) {
		buf_wipe(&token);
		return err_set(err, EXIT_RUNTIME, "out of memory for the EKS token");
	}
	if (sts_eks_token(k->aws, k->cluster->name, &token, &e) != 0 ||
	    buf_appendf(&k->auth, "Authorization: Bearer %s", buf_str(&token)) != 0) {
		buf_wipe(&token);
		if (e.exit_code == EXIT_SIGINT || e.exit_code == EXIT_SIGTERM) {
			*err = e;
			return -1;
		}
		result_set(r, KUBE_NOT_READY, 0, "could not make the EKS token: %s",
			   e.message[0] ? e.message : "too long");
		return 0;
	}
	buf_wipe(&token);
	return 0;
}

/* Endpoint, CA and token. 0 with r ok, or r saying why nothing can be
 * sent; -1 only when interrupted. */
static int open_client(struct kube *k, struct aws *aws, const struct eks_cluster *cluster,
		       struct kube_result *r, struct err *err)
{
	open_endpoint(k, aws, cluster, r);
	return r->ok ? add_token(k, r, err) : 0;
}

static void close_client(struct kube *k)
{
	buf_free(&k->ca);
	buf_wipe(&k->auth);
}

static int get(struct kube *k, const char *operation, const char *url, const char *accept,
	       int attempts, struct aws_response *resp, struct err *err)
{
	const char *headers[3] = {accept, k->auth.len > 0 ? buf_str(&k->auth) : NULL, NULL};
	struct aws_request req = {
	    .service = AWS_SERVICE_URL,
	    .operation = operation,
	    .method = "GET",
	    .url = url,
	    .unsigned_request = true,
	    .headers = headers,
	    .timeout_ms = k->timeout_ms,
	    .max_attempts = attempts,
	    .ca_pem = k->ca.data,
	    .ca_pem_len = k->ca.len,
	};

	return aws_send_all(k->aws, 1, &req, resp, err);
}

/* The advice for an endpoint that did not answer (SPEC §11). */
static const char *reach_advice(const struct kube *k)
{
	return k->cluster->endpoint_private_only
		   ? "its endpoint is private (endpointPublicAccess false): run eks-upgrade from "
		     "inside the cluster's VPC (or a network joined to it), or add --no-kube-api"
		   : "if its endpoint is private or allows only some publicAccessCidrs, run from "
		     "inside the VPC or an allowed network, or add --no-kube-api";
}

/* Why a request got no usable answer, in words a user can act on. `verb`
 * is the RBAC permission it needs ("list nodes"). */
static void failed(const struct kube *k, const char *verb, const char *path,
		   const struct aws_response *resp, struct kube_result *r)
{
	char said[256];

	sanitize(resp->error_message, said, sizeof(said));
	if (resp->failure != HTTP_OK) {
		switch (resp->failure) {
		case HTTP_E_RESOLVE:
		case HTTP_E_CONNECT:
			result_set(r, KUBE_UNREACHABLE, 0,
				   "cannot reach the cluster's API server %s (%s); %s", k->host,
				   said, reach_advice(k));
			return;
		case HTTP_E_TIMEOUT:
			result_set(r, KUBE_TIMEOUT, 0,
				   "the cluster's API server %s did not answer in time (%s); %s",
				   k->host, said, reach_advice(k));
			return;
		case HTTP_E_TLS:
			result_set(r, KUBE_TLS, 0,
				   "the API server %s is not verified by the cluster's own CA from "
				   "DescribeCluster (%s), so nothing was sent to it; a proxy that "
				   "inspects TLS? list the host in NO_PROXY",
				   k->host, said);
			return;
		default: /* reset, truncated, larger than the cap */
			result_set(r, KUBE_HTTP, 0, "GET %s from %s failed: %s", path, k->host,
				   said);
			return;
		}
	}
	switch (resp->status) {
	case 401:
		result_set(r, KUBE_UNAUTHORIZED, 401,
			   "the API server did not accept the EKS token (401 Unauthorized): this "
			   "IAM principal has no access entry on the cluster (aws eks "
			   "create-access-entry; see the README), or the token was refused as "
			   "expired (is the clock right?)");
		return;
	case 403:
		result_set(r, KUBE_FORBIDDEN, 403,
			   "not allowed to %s (403 Forbidden: %s); grant this principal's "
			   "Kubernetes identity `%s` (the ClusterRole eks-upgrade-reader in the "
			   "README), or add --no-kube-api",
			   verb, said, verb);
		return;
	case 410:
		result_set(r, KUBE_HTTP, 410,
			   "the list changed too much while it was read (410 Gone: %s); run again",
			   said);
		return;
	default:
		result_set(r, KUBE_HTTP, resp->status, "GET %s answered HTTP %ld (%s)", path,
			   resp->status, said);
	}
}

/* base + path + "?limit=N[&includeObject=Metadata][&continue=...]" */
static int page_url(const struct kube *k, struct buf *url, const char *path, int limit,
		    bool metadata, const char *next)
{
	buf_reset(url);
	if (buf_appendf(url, "%s%s?limit=%d%s", k->base, path, limit,
			metadata ? "&includeObject=Metadata" : "") != 0)
		return -1;
	if (next[0] != '\0' && (buf_append_str(url, "&continue=") != 0 ||
				uri_encode(url, next, strlen(next), true) != 0))
		return -1;
	return 0;
}

#define NODES_PATH "/api/v1/nodes"
#define PDBS_PATH "/apis/policy/v1/poddisruptionbudgets"

/* Every page of nodes. A server that answers the Table request with a
 * NodeList (or refuses it with 406) is asked for NodeList pages after. */
static int list_nodes(struct kube *k, struct kube_nodes *nodes, struct err *err)
{
	char next[KUBE_CONTINUE_MAX] = "";
	bool table = true;
	struct buf url;
	int rc = -1;

	buf_init(&url, URL_MAX);
	nodes->as_table = true;
	for (int page = 0;; page++) {
		struct aws_response resp;
		struct kube_page info;
		struct err bad;
		int limit = page == 0 ? KUBE_FIRST_PAGE : table ? KUBE_TABLE_PAGE : KUBE_LIST_PAGE;

		if (page >= KUBE_MAX_PAGES) {
			result_set(&nodes->result, KUBE_BAD_RESPONSE, 200,
				   "the node list did not end after %d pages", KUBE_MAX_PAGES);
			rc = 0;
			goto out;
		}
		if (page_url(k, &url, NODES_PATH, limit, table, next) != 0) {
			result_set(&nodes->result, KUBE_BAD_RESPONSE, 200,
				   "the node list's continue token is too long");
			rc = 0;
			goto out;
		}
		/* The first request fails fast: an endpoint out of reach costs one
		 * timeout, not three. */
		if (get(k, "ListNodes", buf_str(&url), table ? ACCEPT_TABLE : ACCEPT_JSON,
			page == 0 ? 1 : 0, &resp, err) != 0)
			goto out;
		if (!resp.ok && resp.status == 406 && table && page == 0) {
			aws_response_free(&resp);
			table = false;
			nodes->as_table = false;
			page = -1;
			continue;
		}
		if (!resp.ok) {
			failed(k, "list nodes", NODES_PATH, &resp, &nodes->result);
			aws_response_free(&resp);
			rc = 0;
			goto out;
		}
		nodes->pages++;
		if (resp.body.len > nodes->largest_page)
			nodes->largest_page = resp.body.len;
		err_clear(&bad);
		if (kube_decode_nodes(buf_str(&resp.body), resp.body.len, nodes, &info, &bad) !=
		    0) {
			result_set(&nodes->result, KUBE_BAD_RESPONSE, resp.status,
				   "the API server's node list cannot be read: %s", bad.message);
			aws_response_free(&resp);
			rc = 0;
			goto out;
		}
		aws_response_free(&resp);
		if (!info.table)
			table = nodes->as_table = false;
		if (info.next[0] == '\0')
			break;
		(void)str_copy(next, sizeof(next), info.next);
	}
	kube_nodes_sort(nodes);
	nodes->result.ok = true;
	aws_debug(k->aws, "kubernetes: %ld nodes in %d page%s (%s), largest %zu bytes",
		  nodes->total, nodes->pages, nodes->pages == 1 ? "" : "s",
		  nodes->as_table ? "Table" : "NodeList", nodes->largest_page);
	rc = 0;
out:
	buf_free(&url);
	return rc;
}

static int list_pdbs(struct kube *k, struct kube_pdbs *pdbs, struct err *err)
{
	char next[KUBE_CONTINUE_MAX] = "";
	struct buf url;
	int rc = -1;

	buf_init(&url, URL_MAX);
	for (int page = 0;; page++) {
		struct aws_response resp;
		struct kube_page info;
		struct err bad;

		if (page >= KUBE_MAX_PAGES ||
		    page_url(k, &url, PDBS_PATH, KUBE_PDB_PAGE, false, next) != 0) {
			result_set(&pdbs->result, KUBE_BAD_RESPONSE, 200,
				   "the PodDisruptionBudget list did not end properly");
			rc = 0;
			goto out;
		}
		if (get(k, "ListPodDisruptionBudgets", buf_str(&url), ACCEPT_JSON, 0, &resp, err) !=
		    0)
			goto out;
		if (!resp.ok) {
			failed(k, "list poddisruptionbudgets", PDBS_PATH, &resp, &pdbs->result);
			aws_response_free(&resp);
			rc = 0;
			goto out;
		}
		pdbs->pages++;
		err_clear(&bad);
		if (kube_decode_pdbs(buf_str(&resp.body), resp.body.len, pdbs, &info, &bad) != 0) {
			result_set(&pdbs->result, KUBE_BAD_RESPONSE, resp.status,
				   "the API server's PodDisruptionBudget list cannot be read: %s",
				   bad.message);
			aws_response_free(&resp);
			rc = 0;
			goto out;
		}
		aws_response_free(&resp);
		if (info.next[0] == '\0')
			break;
		(void)str_copy(next, sizeof(next), info.next);
	}
	pdbs->result.ok = true;
	rc = 0;
out:
	buf_free(&url);
	return rc;
}

/* After the nodes could not be read, the PDBs are only asked for when the
 * server answered and only the permission was missing (a 403 for nodes
 * says nothing about PDBs); anything else would fail the same way. */
static bool worth_asking_again(const struct kube_result *r)
{
	return r->ok || r->failure == KUBE_FORBIDDEN || r->failure == KUBE_HTTP ||
	       r->failure == KUBE_BAD_RESPONSE;
}

int kube_read_dataplane(struct aws *aws, const struct eks_cluster *cluster, bool pdbs,
			struct kube_dataplane *out, struct err *err)
{
	struct kube k;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	out->pdbs_read = pdbs;
	if (open_client(&k, aws, cluster, &out->nodes.result, err) != 0)
		goto out;
	if (out->nodes.result.ok) {
		out->nodes.result.ok = false;
		if (list_nodes(&k, &out->nodes, err) != 0)
			goto out;
	}
	if (pdbs) {
		if (worth_asking_again(&out->nodes.result)) {
			if (list_pdbs(&k, &out->pdbs, err) != 0)
				goto out;
		} else {
			out->pdbs.result = out->nodes.result;
		}
	}
	rc = 0;
out:
	close_client(&k);
	return rc;
}

/* GET /version, anonymously first (EKS serves it to everyone by default),
 * then with the token after a 401 or 403. */
int kube_server_version(struct aws *aws, const struct eks_cluster *cluster, char *git_version,
			size_t cap, char *why, size_t why_cap)
{
	struct kube k;
	struct kube_result r;
	struct aws_response resp;
	struct json_doc doc;
	struct err err;
	char url[ENDPOINT_URL_MAX + 16];
	int rc = 1;

	memset(&resp, 0, sizeof(resp));
	memset(&doc, 0, sizeof(doc));
	err_clear(&err);
	git_version[0] = '\0';
	open_endpoint(&k, aws, cluster, &r);
	k.timeout_ms = KUBE_VERSION_TIMEOUT_MS;
	if (!r.ok)
		goto out;
	if (str_fmt(url, sizeof(url), "%s/version", k.base) != 0) {
		result_set(&r, KUBE_NOT_READY, 0, "the cluster endpoint is too long");
		goto out;
	}
	if (get(&k, "GET /version", url, ACCEPT_JSON, 1, &resp, &err) != 0)
		goto fatal;
	if (resp.ok || !(resp.status == 401 || resp.status == 403))
		goto answered;
	aws_response_free(&resp);
	if (add_token(&k, &r, &err) != 0)
		goto fatal;
	if (!r.ok)
		goto out;
	if (get(&k, "GET /version", url, ACCEPT_JSON, 1, &resp, &err) != 0)
		goto fatal;
answered:
	if (!resp.ok) {
		failed(&k, "get /version", "/version", &resp, &r);
		goto out;
	}
	if (json_parse_object(&doc, buf_str(&resp.body), resp.body.len, &err) != 0 ||
	    json_get_string(&doc, 0, "gitVersion", git_version, cap, &err) != 0) {
		result_set(&r, KUBE_BAD_RESPONSE, resp.status, "/version: %s", err.message);
		goto out;
	}
	rc = 0;
	goto out;
fatal:
	result_set(&r, KUBE_HTTP, 0, "%s", err.message);
out:
	if (rc != 0)
		sanitize(r.reason, why, why_cap);
	json_doc_free(&doc);
	aws_response_free(&resp);
	close_client(&k);
	return rc;
}
