#include "aws/eks.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "aws/sigv4.h"
#include "util/json.h"
#include "util/k8s_version.h"
#include "util/str.h"
#include "util/uri.h"

#define PAGE_SIZE "100"		     /* the API maximum: real clusters need one page */
#define DETAIL_BATCH 64		     /* describes in flight at once */
#define EKS_MAX_EPOCH 253402300799.0 /* 9999-12-31T23:59:59Z */

/* One logical call: a describe, or a list followed page by page. */
struct job {
	const char *operation;
	const char *method;
	char path[512];
	char query_base[512]; /* without nextToken */
	bool paginated;
	bool insights_body; /* ListInsights: parameters in a JSON body */
	char *next_token;   /* the page to ask for next; NULL for the first (owned) */
	int (*on_page)(struct eks_state *state, struct job *job, const struct json_doc *doc,
		       struct err *err);
	void *item;	     /* the struct a describe fills */
	const void *context; /* DescribeAddonVersions: the eks_addon asked about */
	const char *name;    /* for messages */
	struct eks_result *result;
	bool done;
	int pages; /* answered so far; capped so a looping token cannot spin */
	/* per attempt */
	struct buf query;
	struct buf body;
};

/* "/clusters/<name>[/<sub>[/<item>]]" with each label percent-encoded. */
static int cluster_path(char *out, size_t cap, const char *cluster, const char *sub,
			const char *item)
{
	struct buf b;
	int rc = -1;

	buf_init(&b, cap - 1);
	/* Names and ids from the command line or from answers: "..", "" or
	 * "a/b" must not turn into another path (uri_encode_segment). */
	if (buf_append_str(&b, "/clusters/") == 0 && uri_encode_segment(&b, cluster) == 0 &&
	    (sub == NULL || buf_appendf(&b, "/%s", sub) == 0) &&
	    (item == NULL || (buf_append_str(&b, "/") == 0 && uri_encode_segment(&b, item) == 0)))
		rc = str_copy(out, cap, buf_str(&b));
	buf_free(&b);
	return rc;
}

/* A member's sub-resource, /clusters/C/SUB/ITEM/TAIL: the item goes through
 * uri_encode_segment like every other name ("..", "" or "a/b" stay one
 * segment). */
static int member_path(char *out, size_t cap, const char *cluster, const char *sub,
		       const char *item, const char *tail)
{
	size_t n;

	if (cluster_path(out, cap, cluster, sub, item) != 0)
		return -1;
	n = strlen(out);
	return str_copy(out + n, cap - n, tail);
}

static void record_failure(struct eks_result *r, const struct aws_response *resp)
{
	r->ok = false;
	(void)str_copy(r->code, sizeof(r->code), resp->error_code);
	(void)str_copy(r->message, sizeof(r->message), resp->error_message);
	r->transient = (resp->status == 0 && strcmp(resp->error_code, "TLSError") != 0) ||
		       resp->status >= 500 || resp->status == 429 ||
		       strstr(resp->error_code, "Throttl") != NULL;
	r->denied = resp->status == 403 || strstr(resp->error_code, "AccessDenied") != NULL ||
		    strcmp(resp->error_code, "UnauthorizedOperation") == 0;
}

/* Copies an optional string field that a decision is made on (or that
 * goes back into a request); a present value of the wrong type, or one too
 * long for its field, is an error (a malformed response). Fields only
 * shown to people use show() instead (SPEC §4 tolerant reading). */
static int get_opt(const struct json_doc *doc, int obj, const char *key, char *out, size_t cap,
		   struct err *err)
{
	return json_get_string_opt(doc, obj, key, out, cap, err) < 0 ? -1 : 0;
}

/* A field only shown to people: never an error; cut with "…" when long,
 * "" when missing or of another type. */
static void show(const struct json_doc *doc, int obj, const char *key, char *out, size_t cap)
{
	json_get_display(doc, obj, key, out, cap);
}

/* A string a decision is made on (a status, a version, a type): missing or
 * null is "", a value of another type breaks the model (an error naming
 * the field), and a long one is cut like show() — an enum value we do not
 * know is shown as it comes, never refused. */
static int want(const struct json_doc *doc, int obj, const char *key, char *out, size_t cap,
		struct err *err)
{
	int v = json_path(doc, obj, key);

	if (cap > 0)
		out[0] = '\0';
	if (json_is_absent(doc, v))
		return 0;
	if (json_type(doc, v) != JSON_STRING)
		return err_set(err, EXIT_RUNTIME, "%s: expected a string, found %s", key,
			       json_type_name(json_type(doc, v)));
	json_get_display(doc, v, NULL, out, cap);
	return 0;
}

/* The index of list `key` of the object, -1 when missing or null; a value
 * of another type is an error (never read as an empty list). */
static int want_list(const struct json_doc *doc, int obj, const char *key, int *out,
		     struct err *err)
{
	int v = json_object_get(doc, obj, key);

	*out = -1;
	if (json_is_absent(doc, v))
		return 0;
	if (json_type(doc, v) != JSON_ARRAY)
		return err_set(err, EXIT_RUNTIME, "%s: expected a list, found %s", key,
			       json_type_name(json_type(doc, v)));
	*out = v;
	return 0;
}

static int get_time(const struct json_doc *doc, int obj, const char *key, double *out,
		    struct err *err)
{
	int v = json_path(doc, obj, key);

	*out = 0;
	if (json_type(doc, v) == JSON_MISSING || json_type(doc, v) == JSON_NULL)
		return 0;
	if (json_get_double(doc, obj, key, out, err) != 0)
		return -1;
	/* A time outside 1970..9999 (1e300, -5) is no time: unknown, as if
	 * absent, so no later conversion to time_t or days can overflow. */
	if (!(*out >= 0 && *out <= EKS_MAX_EPOCH))
		*out = 0;
	return 0;
}

static int grow(void **array, size_t count, size_t size, struct err *err)
{
	void *grown;

	if (count >= EKS_MAX_ITEMS)
		return err_set(err, EXIT_RUNTIME, "more than %d items in one list", EKS_MAX_ITEMS);
	grown = realloc(*array, (count + 1) * size);
	if (grown == NULL)
		return err_set(err, EXIT_RUNTIME, "out of memory");
	*array = grown;
	memset((char *)grown + count * size, 0, size);
	return 0;
}

/* --- decoders ------------------------------------------------------------ */

static int decode_cluster(const struct json_doc *doc, int c, struct eks_cluster *out,
			  struct err *err)
{
	struct err ignored;
	int public_access;
	bool flag = true;

	if (json_expect_object(doc, c, "cluster", err) != 0 ||
	    json_get_string(doc, c, "name", out->name, sizeof(out->name), err) != 0 ||
	    json_get_string(doc, c, "version", out->version, sizeof(out->version), err) != 0 ||
	    get_opt(doc, c, "endpoint", out->endpoint, sizeof(out->endpoint), err) != 0 ||
	    get_opt(doc, c, "certificateAuthority.data", out->ca_data, sizeof(out->ca_data), err) !=
		0)
		return err_prefix(err, "cluster.");
	if (json_type(doc, json_object_get(doc, c, "status")) != JSON_STRING)
		return err_set(err, EXIT_RUNTIME, "cluster.status: expected a string, found %s",
			       json_type_name(json_type(doc, json_object_get(doc, c, "status"))));
	show(doc, c, "status", out->status, sizeof(out->status));
	show(doc, c, "arn", out->arn, sizeof(out->arn));
	show(doc, c, "platformVersion", out->platform_version, sizeof(out->platform_version));
	show(doc, c, "upgradePolicy.supportType", out->support_type, sizeof(out->support_type));
	/* Only worded into a message when the API server cannot be reached:
	 * anything but the boolean false reads as public. */
	public_access = json_path(doc, c, "resourcesVpcConfig.endpointPublicAccess");
	err_clear(&ignored);
	out->endpoint_private_only = json_type(doc, public_access) == JSON_BOOL &&
				     json_bool(doc, public_access, &flag, &ignored) == 0 && !flag;
	return 0;
}

static int decode_update(const struct json_doc *doc, int u, struct eks_update *out, struct err *err)
{
	struct json_iter it;
	int i;

	if (json_expect_object(doc, u, "update", err) != 0 ||
	    json_get_string(doc, u, "id", out->id, sizeof(out->id), err) != 0 ||
	    json_type(doc, json_object_get(doc, u, "status")) != JSON_STRING ||
	    want(doc, u, "status", out->status, sizeof(out->status), err) != 0 ||
	    want(doc, u, "type", out->type, sizeof(out->type), err) != 0 ||
	    get_time(doc, u, "createdAt", &out->created_at, err) != 0) {
		if (err->exit_code == 0)
			err_set(err, EXIT_RUNTIME, "status: expected a string, found %s",
				json_type_name(json_type(doc, json_object_get(doc, u, "status"))));
		return err_prefix(err, "update.");
	}
	/* Only the version params are read: others (ClusterLogging, CIDR lists,
	 * encryption configs...) hold JSON documents of any length. */
	for (i = json_iter_init(&it, doc, json_object_get(doc, u, "params")); i >= 0;
	     i = json_iter_next(&it)) {
		char type[32];

		show(doc, i, "type", type, sizeof(type));
		if (strcmp(type, "Version") == 0)
			show(doc, i, "value", out->version, sizeof(out->version));
		else if (strcmp(type, "AddonVersion") == 0)
			show(doc, i, "value", out->addon_version, sizeof(out->addon_version));
		else if (strcmp(type, "PlatformVersion") == 0)
			show(doc, i, "value", out->platform_version, sizeof(out->platform_version));
	}
	out->error_count = 0;
	for (i = json_iter_init(&it, doc, json_object_get(doc, u, "errors")); i >= 0;
	     i = json_iter_next(&it)) {
		struct eks_update_error *e;
		struct json_iter ids;

		if (out->error_count == EKS_MAX_UPDATE_ERRORS)
			break;
		e = &out->errors[out->error_count++];
		memset(e, 0, sizeof(*e));
		show(doc, i, "errorCode", e->code, sizeof(e->code));
		show(doc, i, "errorMessage", e->message, sizeof(e->message));
		for (int r = json_iter_init(&ids, doc, json_object_get(doc, i, "resourceIds"));
		     r >= 0 && e->resource_id_count < EKS_MAX_RESOURCE_IDS;
		     r = json_iter_next(&ids)) {
			/* Each id is shown; an array of arrays shows nothing. */
			show(doc, r, NULL, e->resource_ids[e->resource_id_count],
			     sizeof(e->resource_ids[0]));
			e->resource_id_count++;
		}
	}
	return 0;
}

static int page_cluster(struct eks_state *s, struct job *job, const struct json_doc *doc,
			struct err *err)
{
	(void)job;
	return decode_cluster(doc, json_object_get(doc, 0, "cluster"), &s->cluster, err);
}

/* Appends the names of a List* page to an item array (each item starts
 * with its name field). */
static int append_names(const struct json_doc *doc, const char *key, void **array, size_t *count,
			size_t size, size_t name_cap, struct err *err)
{
	struct json_iter it;
	int list;

	if (want_list(doc, 0, key, &list, err) != 0)
		return -1;
	for (int i = json_iter_init(&it, doc, list); i >= 0; i = json_iter_next(&it)) {
		if (grow(array, *count, size, err) != 0)
			return -1;
		if (json_string(doc, i, (char *)*array + *count * size, name_cap, NULL, err) != 0)
			return err_prefix(err, "%s: ", key);
		(*count)++;
	}
	return 0;
}

static int page_updates(struct eks_state *s, struct job *job, const struct json_doc *doc,
			struct err *err)
{
	(void)job;
	return append_names(doc, "updateIds", (void **)&s->updates, &s->update_count,
			    sizeof(*s->updates), sizeof(s->updates->id), err);
}

static int page_nodegroups(struct eks_state *s, struct job *job, const struct json_doc *doc,
			   struct err *err)
{
	(void)job;
	return append_names(doc, "nodegroups", (void **)&s->nodegroups, &s->nodegroup_count,
			    sizeof(*s->nodegroups), sizeof(s->nodegroups->name), err);
}

static int page_addons(struct eks_state *s, struct job *job, const struct json_doc *doc,
		       struct err *err)
{
	(void)job;
	return append_names(doc, "addons", (void **)&s->addons, &s->addon_count, sizeof(*s->addons),
			    sizeof(s->addons->name), err);
}

static int page_insights(struct eks_state *s, struct job *job, const struct json_doc *doc,
			 struct err *err)
{
	struct json_iter it;

	(void)job;
	int list;

	if (want_list(doc, 0, "insights", &list, err) != 0)
		return -1;
	for (int i = json_iter_init(&it, doc, list); i >= 0; i = json_iter_next(&it)) {
		struct eks_insight *in;

		if (grow((void **)&s->insights, s->insight_count, sizeof(*s->insights), err) != 0)
			return -1;
		in = &s->insights[s->insight_count++];
		show(doc, i, "name", in->name, sizeof(in->name));
		if (want(doc, i, "id", in->id, sizeof(in->id), err) != 0 ||
		    want(doc, i, "category", in->category, sizeof(in->category), err) != 0 ||
		    want(doc, i, "kubernetesVersion", in->kubernetes_version,
			 sizeof(in->kubernetes_version), err) != 0 ||
		    want(doc, i, "insightStatus.status", in->status, sizeof(in->status), err) != 0)
			return err_prefix(err, "insights: ");
		if (get_time(doc, i, "lastRefreshTime", &in->last_refresh_time, err) != 0)
			return err_prefix(err, "insights: ");
	}
	return 0;
}

static int page_versions(struct eks_state *s, struct job *job, const struct json_doc *doc,
			 struct err *err)
{
	struct json_iter it;

	(void)job;
	int list;

	if (want_list(doc, 0, "clusterVersions", &list, err) != 0)
		return -1;
	for (int i = json_iter_init(&it, doc, list); i >= 0; i = json_iter_next(&it)) {
		struct eks_cluster_version *v;

		if (grow((void **)&s->versions, s->version_count, sizeof(*s->versions), err) != 0)
			return -1;
		v = &s->versions[s->version_count++];
		if (get_time(doc, i, "endOfStandardSupportDate", &v->end_of_standard_support,
			     err) != 0 ||
		    get_time(doc, i, "endOfExtendedSupportDate", &v->end_of_extended_support,
			     err) != 0)
			return err_prefix(err, "clusterVersions: ");
		if (want(doc, i, "clusterVersion", v->version, sizeof(v->version), err) != 0 ||
		    want(doc, i, "versionStatus", v->version_status, sizeof(v->version_status),
			 err) != 0 ||
		    /* The deprecated `status` field, when versionStatus is absent. */
		    (v->version_status[0] == '\0' && want(doc, i, "status", v->version_status,
							  sizeof(v->version_status), err) != 0))
			return err_prefix(err, "clusterVersions: ");
	}
	return 0;
}

static int page_update(struct eks_state *s, struct job *job, const struct json_doc *doc,
		       struct err *err)
{
	(void)s;
	return decode_update(doc, json_object_get(doc, 0, "update"), job->item, err);
}

static int page_nodegroup(struct eks_state *s, struct job *job, const struct json_doc *doc,
			  struct err *err)
{
	struct eks_nodegroup *ng = job->item;
	int n = json_object_get(doc, 0, "nodegroup");

	(void)s;
	if (json_expect_object(doc, n, "nodegroup", err) != 0 ||
	    want(doc, n, "version", ng->version, sizeof(ng->version), err) != 0 ||
	    want(doc, n, "amiType", ng->ami_type, sizeof(ng->ami_type), err) != 0 ||
	    want(doc, n, "status", ng->status, sizeof(ng->status), err) != 0)
		return err_prefix(err, "nodegroup %s: ", ng->name);
	return 0;
}

static int page_addon(struct eks_state *s, struct job *job, const struct json_doc *doc,
		      struct err *err)
{
	struct eks_addon *a = job->item;
	int n = json_object_get(doc, 0, "addon");

	(void)s;
	if (json_expect_object(doc, n, "addon", err) != 0 ||
	    want(doc, n, "addonVersion", a->version, sizeof(a->version), err) != 0)
		return err_prefix(err, "addon %s: ", a->name);
	return 0;
}

/* Natural order of add-on versions: "v1.19.10-eksbuild.1" after
 * "v1.19.2-eksbuild.3" (runs of digits compare as numbers). */
static int addon_version_cmp(const char *x, const char *y)
{
	while (*x != '\0' && *y != '\0') {
		if (isdigit((unsigned char)*x) && isdigit((unsigned char)*y)) {
			size_t nx, ny;
			int c;

			while (*x == '0' && isdigit((unsigned char)x[1]))
				x++;
			while (*y == '0' && isdigit((unsigned char)y[1]))
				y++;
			nx = strspn(x, "0123456789");
			ny = strspn(y, "0123456789");
			if (nx != ny)
				return nx < ny ? -1 : 1;
			c = strncmp(x, y, nx);
			if (c != 0)
				return c;
			x += nx;
			y += ny;
		} else if (*x != *y) {
			return (unsigned char)*x < (unsigned char)*y ? -1 : 1;
		} else {
			x++;
			y++;
		}
	}
	return (*x != '\0') - (*y != '\0');
}

/* One add-on version that supports the target. */
static void note_addon_version(struct eks_addon_target *t, const struct eks_addon *a,
			       const char *version, bool is_default, bool for_also)
{
	t->has_versions = true;
	if (strcmp(version, a->version) == 0)
		t->compatible = true;
	if (is_default || t->default_version[0] == '\0') {
		(void)str_copy(t->default_version, sizeof(t->default_version), version);
		t->default_supports_also = for_also;
	}
	if (for_also &&
	    (t->newest_for_both[0] == '\0' || addon_version_cmp(version, t->newest_for_both) > 0))
		(void)str_copy(t->newest_for_both, sizeof(t->newest_for_both), version);
}

const char *eks_addon_move_to(const struct eks_addon_target *t)
{
	if (t->also[0] == '\0' || t->default_supports_also)
		return t->default_version;
	return t->newest_for_both;
}

/* DescribeAddonVersions for one add-on and the target: is the current
 * version compatible, and which is the target's default? */
static int page_addon_versions(struct eks_state *s, struct job *job, const struct json_doc *doc,
			       struct err *err)
{
	const struct eks_addon *a = job->context;
	struct eks_addon_target *t = job->item;
	const char *target_version = t->version;
	struct json_iter it, vit, cit;

	(void)s;
	int list;

	if (want_list(doc, 0, "addons", &list, err) != 0)
		return -1;
	for (int i = json_iter_init(&it, doc, list); i >= 0; i = json_iter_next(&it)) {
		char name[128];

		show(doc, i, "addonName", name, sizeof(name));
		if (strcmp(name, a->name) != 0)
			continue;
		for (int v = json_iter_init(&vit, doc, json_object_get(doc, i, "addonVersions"));
		     v >= 0; v = json_iter_next(&vit)) {
			char version[128];
			bool for_target = false, is_default = false, for_also = false;

			show(doc, v, "addonVersion", version, sizeof(version));
			for (int c = json_iter_init(&cit, doc,
						    json_object_get(doc, v, "compatibilities"));
			     c >= 0; c = json_iter_next(&cit)) {
				char cluster_version[32];
				bool d_value = false;
				int d = json_object_get(doc, c, "defaultVersion");

				show(doc, c, "clusterVersion", cluster_version,
				     sizeof(cluster_version));
				if (json_type(doc, d) == JSON_BOOL &&
				    json_bool(doc, d, &d_value, err) != 0)
					return err_prefix(err, "compatibilities: ");
				if (t->also[0] != '\0' && strcmp(cluster_version, t->also) == 0)
					for_also = true;
				if (strcmp(cluster_version, target_version) != 0)
					continue;
				for_target = true;
				is_default = is_default || d_value;
			}
			if (for_target)
				note_addon_version(t, a, version, is_default, for_also);
		}
	}
	return 0;
}

static int by_requests(const void *a, const void *b)
{
	const struct eks_client_stat *x = a, *y = b;

	return x->requests_last_30_days < y->requests_last_30_days   ? 1
	       : x->requests_last_30_days > y->requests_last_30_days ? -1
								     : 0;
}

/* One deprecationDetails entry; its clientStats are kept busiest first. */
static int decode_deprecation(const struct json_doc *doc, int d, struct eks_deprecation *out,
			      struct err *err)
{
	struct eks_client_stat all[64];
	size_t n = 0;
	struct json_iter it;

	show(doc, d, "usage", out->usage, sizeof(out->usage));
	show(doc, d, "replacedWith", out->replaced_with, sizeof(out->replaced_with));
	show(doc, d, "startServingReplacementVersion", out->start_serving_replacement_version,
	     sizeof(out->start_serving_replacement_version));
	show(doc, d, "stopServingVersion", out->stop_serving_version,
	     sizeof(out->stop_serving_version));
	for (int c = json_iter_init(&it, doc, json_object_get(doc, d, "clientStats"));
	     c >= 0 && n < sizeof(all) / sizeof(all[0]); c = json_iter_next(&it)) {
		struct eks_client_stat *cs = &all[n++];
		int r = json_object_get(doc, c, "numberOfRequestsLast30Days");

		memset(cs, 0, sizeof(*cs));
		show(doc, c, "userAgent", cs->user_agent, sizeof(cs->user_agent));
		if (json_type(doc, r) == JSON_NUMBER &&
		    json_int64(doc, r, &cs->requests_last_30_days, err) != 0)
			return err_prefix(err, "clientStats.numberOfRequestsLast30Days: ");
		if (get_time(doc, c, "lastRequestTime", &cs->last_request_time, err) != 0)
			return err_prefix(err, "clientStats: ");
	}
	if (n > 1)
		qsort(all, n, sizeof(all[0]), by_requests);
	out->client_count = n < EKS_MAX_CLIENT_STATS ? n : EKS_MAX_CLIENT_STATS;
	memcpy(out->clients, all, out->client_count * sizeof(all[0]));
	return 0;
}

static int page_insight(struct eks_state *s, struct job *job, const struct json_doc *doc,
			struct err *err)
{
	struct eks_insight *in = job->item;
	int i = json_object_get(doc, 0, "insight");
	struct json_iter it;

	(void)s;
	if (json_expect_object(doc, i, "insight", err) != 0)
		return -1;
	show(doc, i, "recommendation", in->recommendation, sizeof(in->recommendation));
	for (int d = json_iter_init(
		 &it, doc, json_path(doc, i, "categorySpecificSummary.deprecationDetails"));
	     d >= 0 && in->deprecation_count < EKS_MAX_DEPRECATIONS; d = json_iter_next(&it)) {
		struct eks_deprecation *grown =
		    realloc(in->deprecations, (in->deprecation_count + 1) * sizeof(*grown));

		if (grown == NULL)
			return err_set(err, EXIT_RUNTIME, "out of memory");
		in->deprecations = grown;
		memset(&grown[in->deprecation_count], 0, sizeof(*grown));
		if (decode_deprecation(doc, d, &grown[in->deprecation_count++], err) != 0)
			return err_prefix(err, "deprecationDetails: ");
	}
	for (int r = json_iter_init(&it, doc, json_object_get(doc, i, "resources")); r >= 0;
	     r = json_iter_next(&it)) {
		if (in->resource_count < EKS_MAX_INSIGHT_RESOURCES) {
			char *out = in->resources[in->resource_count];

			show(doc, r, "kubernetesResourceUri", out, sizeof(in->resources[0]));
			if (out[0] == '\0')
				show(doc, r, "arn", out, sizeof(in->resources[0]));
			in->resource_count++;
		}
		in->resource_total++;
	}
	{
		int info = json_object_get(doc, i, "additionalInfo");

		for (int k = json_iter_init(&it, doc, info);
		     k >= 0 && in->info_count < EKS_MAX_ADDITIONAL_INFO; k = json_iter_next(&it)) {
			size_t len;
			const char *key = json_raw(doc, k, &len);

			(void)str_fmt(in->info_keys[in->info_count], sizeof(in->info_keys[0]),
				      "%.*s", (int)(len < 120 ? len : 120), key ? key : "");
			show(doc, k + 1, NULL, in->info_values[in->info_count],
			     sizeof(in->info_values[0]));
			in->info_count++;
		}
	}
	return 0;
}

/* --- the batch engine ---------------------------------------------------- */

/* The largest answer an operation may send (issue 13, item 10): one node
 * group, add-on or update is a few KiB, so a batch of DETAIL_BATCH stays
 * small whatever a server sends; the rest keep the client's 8 MiB. */
static size_t max_body(const char *operation)
{
	static const struct {
		const char *operation;
		size_t max;
	} caps[] = {
	    {"DescribeNodegroup", 256u * 1024},
	    {"DescribeAddon", 256u * 1024},
	    {"DescribeUpdate", 1024u * 1024},
	    {"DescribeInsight", 2048u * 1024},
	};

	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
		if (strcmp(operation, caps[i].operation) == 0)
			return caps[i].max;
	return 0;
}

static int build_request(struct job *job, struct aws_request *req, struct err *err)
{
	buf_free(&job->query);
	buf_free(&job->body);
	buf_init(&job->query, 8192);
	buf_init(&job->body, 8192);
	if (job->insights_body) {
		struct json_writer w;

		json_writer_init(&w, &job->body);
		json_write_begin_object(&w);
		json_write_key(&w, "filter");
		json_write_begin_object(&w);
		json_write_key(&w, "categories");
		json_write_begin_array(&w);
		json_write_string(&w, "UPGRADE_READINESS");
		json_write_string(&w, "ROLLBACK_READINESS");
		json_write_end_array(&w);
		json_write_end_object(&w);
		json_write_key_int64(&w, "maxResults", 100);
		if (job->next_token != NULL)
			json_write_key_string(&w, "nextToken", job->next_token);
		json_write_end_object(&w);
		if (json_writer_finish(&w, err) != 0)
			return -1;
	} else if (buf_append_str(&job->query, job->query_base) != 0 ||
		   (job->next_token != NULL &&
		    (buf_append_str(&job->query, job->query.len ? "&nextToken=" : "nextToken=") !=
			 0 ||
		     uri_encode(&job->query, job->next_token, strlen(job->next_token), 1) != 0))) {
		return err_set(err, EXIT_RUNTIME, "%s: query too long", job->operation);
	}
	*req = (struct aws_request){
	    .service = AWS_SERVICE_EKS,
	    .operation = job->operation,
	    .method = job->method,
	    .path = job->path,
	    .query = job->query.len ? buf_str(&job->query) : NULL,
	    .body = job->insights_body ? buf_str(&job->body) : NULL,
	    .body_len = job->insights_body ? job->body.len : 0,
	    .content_type = job->insights_body ? "application/json" : NULL,
	    .max_body = max_body(job->operation),
	};
	return 0;
}

static int run_jobs(struct aws *aws, struct eks_state *state, struct job *jobs, size_t n,
		    struct err *err)
{
	struct aws_request *reqs = calloc(n ? n : 1, sizeof(*reqs));
	struct aws_response *resps = calloc(n ? n : 1, sizeof(*resps));
	size_t *idx = calloc(n ? n : 1, sizeof(*idx));
	int rc = -1;

	if (reqs == NULL || resps == NULL || idx == NULL) {
		err_set(err, EXIT_RUNTIME, "out of memory");
		goto out;
	}
	for (;;) {
		size_t m = 0;

		for (size_t i = 0; i < n && m < DETAIL_BATCH; i++) {
			if (jobs[i].done)
				continue;
			if (build_request(&jobs[i], &reqs[m], err) != 0)
				goto out;
			idx[m++] = i;
		}
		if (m == 0)
			break;
		if (aws_send_all(aws, m, reqs, resps, err) != 0)
			goto out;
		for (size_t k = 0; k < m; k++) {
			struct job *job = &jobs[idx[k]];
			struct aws_response *resp = &resps[k];
			struct json_doc doc;
			struct err decode_err;
			char *token = NULL;
			int t;

			job->result->attempted = true;
			memset(&doc, 0, sizeof(doc));
			if (!resp->ok) {
				record_failure(job->result, resp);
				job->done = true;
				aws_response_free(resp);
				continue;
			}
			err_clear(&decode_err);
			if (json_parse_object(&doc, buf_str(&resp->body), resp->body.len,
					      &decode_err) != 0 ||
			    job->on_page(state, job, &doc, &decode_err) != 0)
				goto job_failed;
			job->result->ok = true;
			t = json_object_get(&doc, 0, "nextToken");
			job->done = true;
			if (job->paginated && !json_is_absent(&doc, t)) {
				size_t raw_len = 0;

				/* The model sets no length: as long as the answer allows. */
				(void)json_raw(&doc, t, &raw_len);
				token = malloc(raw_len + 1);
				if (token == NULL) {
					err_set(&decode_err, EXIT_RUNTIME, "out of memory");
					goto job_failed;
				}
				if (json_string(&doc, t, token, raw_len + 1, NULL, &decode_err) !=
				    0) {
					err_prefix(&decode_err, "nextToken: ");
					goto job_failed;
				}
				if (job->next_token != NULL &&
				    strcmp(token, job->next_token) == 0) {
					err_set(&decode_err, EXIT_RUNTIME,
						"the service returned the same nextToken twice");
					goto job_failed;
				}
				if (++job->pages >= EKS_MAX_PAGES) {
					err_set(&decode_err, EXIT_RUNTIME,
						"more than %d pages; the service keeps answering "
						"with a nextToken",
						EKS_MAX_PAGES);
					goto job_failed;
				}
				free(job->next_token);
				job->next_token = token;
				token = NULL;
				job->done = false;
			}
			json_doc_free(&doc);
			aws_response_free(resp);
			continue;
		job_failed:
			free(token);
			err_prefix(&decode_err, "%s%s%s: malformed response: ", job->operation,
				   job->name ? " " : "", job->name ? job->name : "");
			json_doc_free(&doc);
			/* An answer that breaks the model where a decision is made
			 * ends the run naming the field (SPEC §4 tolerant reading,
			 * §8): a check made to skip by it would let a plan that was
			 * never judged say "ready". (A call AWS refuses, or that
			 * cannot be made, is a skip: record_failure above.) */
			err_set(err, EXIT_RUNTIME, "%s", decode_err.message);
			for (; k < m; k++)
				aws_response_free(&resps[k]);
			goto out;
		}
	}
	rc = 0;
out:
	for (size_t i = 0; i < n; i++) {
		buf_free(&jobs[i].query);
		buf_free(&jobs[i].body);
		free(jobs[i].next_token);
		jobs[i].next_token = NULL;
	}
	free(reqs);
	free(resps);
	free(idx);
	return rc;
}

/* The DescribeUpdate job that fills u (its id is already set). */
static int update_job(struct job *job, const char *cluster, struct eks_update *u)
{
	*job = (struct job){.operation = "DescribeUpdate",
			    .method = "GET",
			    .on_page = page_update,
			    .item = u,
			    .name = u->id,
			    .result = &u->result};
	return cluster_path(job->path, sizeof(job->path), cluster, "updates", u->id);
}

int eks_read_overview(struct aws *aws, const char *cluster, struct eks_state *state,
		      struct err *err)
{
	struct job jobs[6];
	int rc;

	memset(jobs, 0, sizeof(jobs));
	jobs[0] = (struct job){.operation = "DescribeCluster",
			       .method = "GET",
			       .on_page = page_cluster,
			       .result = &state->cluster_result};
	jobs[1] = (struct job){.operation = "ListUpdates",
			       .method = "GET",
			       .paginated = true,
			       .on_page = page_updates,
			       .result = &state->updates_result};
	jobs[2] = (struct job){.operation = "ListNodegroups",
			       .method = "GET",
			       .paginated = true,
			       .on_page = page_nodegroups,
			       .result = &state->nodegroups_result};
	jobs[3] = (struct job){.operation = "ListAddons",
			       .method = "GET",
			       .paginated = true,
			       .on_page = page_addons,
			       .result = &state->addons_result};
	jobs[4] = (struct job){.operation = "ListInsights",
			       .method = "POST",
			       .paginated = true,
			       .insights_body = true,
			       .on_page = page_insights,
			       .result = &state->insights_result};
	jobs[5] = (struct job){.operation = "DescribeClusterVersions",
			       .method = "GET",
			       .paginated = true,
			       .on_page = page_versions,
			       .result = &state->versions_result};
	if (cluster_path(jobs[0].path, sizeof(jobs[0].path), cluster, NULL, NULL) != 0 ||
	    cluster_path(jobs[1].path, sizeof(jobs[1].path), cluster, "updates", NULL) != 0 ||
	    cluster_path(jobs[2].path, sizeof(jobs[2].path), cluster, "node-groups", NULL) != 0 ||
	    cluster_path(jobs[3].path, sizeof(jobs[3].path), cluster, "addons", NULL) != 0 ||
	    cluster_path(jobs[4].path, sizeof(jobs[4].path), cluster, "insights", NULL) != 0)
		return err_set(err, EXIT_RUNTIME, "cluster name too long");
	(void)str_copy(jobs[5].path, sizeof(jobs[5].path), "/cluster-versions");
	for (int i = 1; i <= 3; i++)
		(void)str_copy(jobs[i].query_base, sizeof(jobs[i].query_base),
			       "maxResults=" PAGE_SIZE);
	(void)str_copy(jobs[5].query_base, sizeof(jobs[5].query_base),
		       "includeAll=true&maxResults=" PAGE_SIZE);

	rc = run_jobs(aws, state, jobs, 6, err);
	if (rc != 0)
		return -1;
	if (!state->cluster_result.ok)
		return err_set(err, EXIT_RUNTIME, "DescribeCluster %s: %s: %s", cluster,
			       state->cluster_result.code, state->cluster_result.message);
	return 0;
}

/* Which insights DescribeInsight is read for: those not PASSING. */
static bool wants_detail(const struct eks_insight *in)
{
	return in->id[0] != '\0' && strcmp(in->status, "PASSING") != 0;
}

/* Is Kubernetes version x older than y (both readable)? */
static bool older_than(const char *x, const char *y)
{
	struct k8s_version vx, vy;

	return k8s_version_parse(x, &vx) == 0 && k8s_version_parse(y, &vy) == 0 &&
	       k8s_version_cmp(vx, vy) < 0;
}

static int addon_versions_job(struct job *job, struct eks_addon *a, struct eks_addon_target *t)
{
	struct buf q;
	int rc = 0;

	*job = (struct job){.operation = "DescribeAddonVersions",
			    .method = "GET",
			    .paginated = true,
			    .on_page = page_addon_versions,
			    .item = t,
			    .context = a,
			    .name = a->name,
			    .result = &t->result};
	(void)str_copy(job->path, sizeof(job->path), "/addons/supported-versions");
	buf_init(&q, sizeof(job->query_base) - 1);
	/* With `also` every version is asked for: a filtered answer need not
	 * list a version's other compatibilities. */
	if ((t->also[0] == '\0' && (buf_append_str(&q, "kubernetesVersion=") != 0 ||
				    uri_encode(&q, t->version, strlen(t->version), 1) != 0 ||
				    buf_append_str(&q, "&") != 0)) ||
	    buf_append_str(&q, "addonName=") != 0 ||
	    uri_encode(&q, a->name, strlen(a->name), 1) != 0 ||
	    buf_append_str(&q, "&maxResults=" PAGE_SIZE) != 0)
		rc = -1;
	else
		(void)str_copy(job->query_base, sizeof(job->query_base), buf_str(&q));
	buf_free(&q);
	return rc;
}

int eks_read_details(struct aws *aws, const char *cluster, const char (*targets)[32],
		     size_t target_count, struct eks_state *state, struct err *err)
{
	size_t n = state->update_count + state->nodegroup_count +
		   state->addon_count * (1 + target_count) + state->insight_count,
	       k = 0;
	struct job *jobs = calloc(n ? n : 1, sizeof(*jobs));
	int rc = -1;

	if (jobs == NULL)
		return err_set(err, EXIT_RUNTIME, "out of memory");
	for (size_t i = 0; i < state->update_count; i++, k++)
		if (update_job(&jobs[k], cluster, &state->updates[i]) != 0)
			goto too_long;
	for (size_t i = 0; i < state->nodegroup_count; i++, k++) {
		struct eks_nodegroup *ng = &state->nodegroups[i];

		jobs[k] = (struct job){.operation = "DescribeNodegroup",
				       .method = "GET",
				       .on_page = page_nodegroup,
				       .item = ng,
				       .name = ng->name,
				       .result = &ng->result};
		if (cluster_path(jobs[k].path, sizeof(jobs[k].path), cluster, "node-groups",
				 ng->name) != 0)
			goto too_long;
	}
	/* DescribeAddon before DescribeAddonVersions: a batch is decoded in
	 * order, so each add-on's version is known when its targets are. */
	for (size_t i = 0; i < state->addon_count; i++, k++) {
		struct eks_addon *a = &state->addons[i];

		jobs[k] = (struct job){.operation = "DescribeAddon",
				       .method = "GET",
				       .on_page = page_addon,
				       .item = a,
				       .name = a->name,
				       .result = &a->result};
		if (cluster_path(jobs[k].path, sizeof(jobs[k].path), cluster, "addons", a->name) !=
		    0)
			goto too_long;
	}
	for (size_t i = 0; target_count > 0 && i < state->addon_count; i++) {
		struct eks_addon *a = &state->addons[i];

		free(a->targets);
		a->target_count = 0;
		a->targets = calloc(target_count, sizeof(*a->targets));
		if (a->targets == NULL) {
			free(jobs);
			return err_set(err, EXIT_RUNTIME, "out of memory");
		}
		a->target_count = target_count;
		for (size_t t = 0; t < target_count; t++, k++) {
			(void)str_copy(a->targets[t].version, sizeof(a->targets[t].version),
				       targets[t]);
			if (older_than(targets[t], state->cluster.version))
				(void)str_copy(a->targets[t].also, sizeof(a->targets[t].also),
					       state->cluster.version);
			if (addon_versions_job(&jobs[k], a, &a->targets[t]) != 0)
				goto too_long;
		}
	}
	for (size_t i = 0; i < state->insight_count; i++) {
		struct eks_insight *in = &state->insights[i];

		if (!wants_detail(in))
			continue;
		jobs[k] = (struct job){.operation = "DescribeInsight",
				       .method = "GET",
				       .on_page = page_insight,
				       .item = in,
				       .name = in->id,
				       .result = &in->detail_result};
		if (cluster_path(jobs[k].path, sizeof(jobs[k].path), cluster, "insights", in->id) !=
		    0)
			goto too_long;
		k++;
	}
	rc = run_jobs(aws, state, jobs, k, err);
	free(jobs);
	return rc;
too_long:
	free(jobs);
	return err_set(err, EXIT_RUNTIME, "a name is empty or too long for a request path");
}

int eks_read_updates(struct aws *aws, const char *cluster, struct eks_state *state, struct err *err)
{
	struct job list = {.operation = "ListUpdates",
			   .method = "GET",
			   .paginated = true,
			   .on_page = page_updates,
			   .result = &state->updates_result};
	struct job *jobs;
	int rc;

	if (cluster_path(list.path, sizeof(list.path), cluster, "updates", NULL) != 0)
		return err_set(err, EXIT_RUNTIME, "cluster name too long");
	(void)str_copy(list.query_base, sizeof(list.query_base), "maxResults=" PAGE_SIZE);
	if (run_jobs(aws, state, &list, 1, err) != 0)
		return -1;
	if (!state->updates_result.ok)
		return err_set(err, EXIT_RUNTIME, "ListUpdates %s: %s: %s", cluster,
			       state->updates_result.code, state->updates_result.message);
	jobs = calloc(state->update_count ? state->update_count : 1, sizeof(*jobs));
	if (jobs == NULL)
		return err_set(err, EXIT_RUNTIME, "out of memory");
	for (size_t i = 0; i < state->update_count; i++) {
		if (update_job(&jobs[i], cluster, &state->updates[i]) != 0) {
			free(jobs);
			return err_set(err, EXIT_RUNTIME, "update id empty or too long");
		}
	}
	rc = run_jobs(aws, state, jobs, state->update_count, err);
	free(jobs);
	return rc;
}

void eks_state_free(struct eks_state *state)
{
	if (state == NULL)
		return;
	free(state->updates);
	free(state->nodegroups);
	for (size_t i = 0; state->addons != NULL && i < state->addon_count; i++)
		free(state->addons[i].targets);
	free(state->addons);
	for (size_t i = 0; state->insights != NULL && i < state->insight_count; i++)
		free(state->insights[i].deprecations);
	free(state->insights);
	free(state->versions);
	memset(state, 0, sizeof(*state));
}

static int single(struct aws *aws, struct job *job, struct err *err)
{
	struct eks_state unused;
	int rc;

	memset(&unused, 0, sizeof(unused));
	rc = run_jobs(aws, &unused, job, 1, err);
	eks_state_free(&unused);
	if (rc != 0)
		return -1;
	if (!job->result->ok)
		return err_set(err, EXIT_RUNTIME, "%s: %s: %s", job->operation, job->result->code,
			       job->result->message);
	return 0;
}

int eks_describe_cluster(struct aws *aws, const char *cluster, struct eks_cluster *out,
			 struct err *err)
{
	struct eks_result result;
	struct job job = {.operation = "DescribeCluster", .method = "GET", .result = &result};
	struct eks_state state;
	int rc;

	memset(&result, 0, sizeof(result));
	memset(&state, 0, sizeof(state));
	job.on_page = page_cluster;
	if (cluster_path(job.path, sizeof(job.path), cluster, NULL, NULL) != 0)
		return err_set(err, EXIT_RUNTIME, "cluster name too long");
	rc = run_jobs(aws, &state, &job, 1, err);
	if (rc == 0 && !result.ok)
		rc = err_set(err, EXIT_RUNTIME, "DescribeCluster %s: %s: %s", cluster, result.code,
			     result.message);
	if (rc == 0)
		*out = state.cluster;
	eks_state_free(&state);
	return rc;
}

int eks_describe_update(struct aws *aws, const char *cluster, const char *update_id,
			struct eks_update *out, struct err *err)
{
	struct job job = {.operation = "DescribeUpdate",
			  .method = "GET",
			  .on_page = page_update,
			  .item = out,
			  .result = &out->result};

	/* update_id may point into *out: build the path before clearing it. */
	if (cluster_path(job.path, sizeof(job.path), cluster, "updates", update_id) != 0)
		return err_set(err, EXIT_RUNTIME, "update id empty or too long");
	memset(out, 0, sizeof(*out));
	return single(aws, &job, err);
}

static const char *subject_key(enum eks_subject subject)
{
	return subject == EKS_SUBJECT_ADDON ? "addonName=" : "nodegroupName=";
}

/* "addonName=<name>" (or nodegroupName), encoded, for the query. */
static int subject_query(char *out, size_t cap, enum eks_subject subject, const char *name)
{
	struct buf q;
	int rc = -1;

	buf_init(&q, cap - 1);
	if (buf_append_str(&q, subject_key(subject)) == 0 &&
	    uri_encode(&q, name, strlen(name), 1) == 0)
		rc = str_copy(out, cap, buf_str(&q));
	buf_free(&q);
	return rc;
}

int eks_describe_update_of(struct aws *aws, const char *cluster, enum eks_subject subject,
			   const char *name, const char *update_id, struct eks_update *out,
			   struct err *err)
{
	struct job job = {.operation = "DescribeUpdate",
			  .method = "GET",
			  .on_page = page_update,
			  .item = out,
			  .result = &out->result};

	if (subject == EKS_SUBJECT_CLUSTER)
		return eks_describe_update(aws, cluster, update_id, out, err);
	if (cluster_path(job.path, sizeof(job.path), cluster, "updates", update_id) != 0 ||
	    subject_query(job.query_base, sizeof(job.query_base), subject, name) != 0)
		return err_set(err, EXIT_RUNTIME, "update id or name too long");
	memset(out, 0, sizeof(*out));
	return single(aws, &job, err);
}

int eks_read_updates_of(struct aws *aws, const char *cluster, enum eks_subject subject,
			const char *name, struct eks_state *state, struct err *err)
{
	struct job list = {.operation = "ListUpdates",
			   .method = "GET",
			   .paginated = true,
			   .on_page = page_updates,
			   .result = &state->updates_result};
	struct job *jobs;
	int rc;

	if (cluster_path(list.path, sizeof(list.path), cluster, "updates", NULL) != 0 ||
	    subject_query(list.query_base, sizeof(list.query_base), subject, name) != 0)
		return err_set(err, EXIT_RUNTIME, "name too long");
	if (run_jobs(aws, state, &list, 1, err) != 0)
		return -1;
	if (!state->updates_result.ok)
		return err_set(err, EXIT_RUNTIME, "ListUpdates %s: %s: %s", name,
			       state->updates_result.code, state->updates_result.message);
	jobs = calloc(state->update_count ? state->update_count : 1, sizeof(*jobs));
	if (jobs == NULL)
		return err_set(err, EXIT_RUNTIME, "out of memory");
	for (size_t i = 0; i < state->update_count; i++)
		if (update_job(&jobs[i], cluster, &state->updates[i]) != 0 ||
		    subject_query(jobs[i].query_base, sizeof(jobs[i].query_base), subject, name) !=
			0) {
			free(jobs);
			return err_set(err, EXIT_RUNTIME, "update id too long");
		}
	rc = run_jobs(aws, state, jobs, state->update_count, err);
	free(jobs);
	return rc;
}

/* POST path with a JSON body; the answer's update decoded into *out. */
static int start_update(struct aws *aws, const char *operation, const char *path,
			const struct buf *body, struct eks_update *out, struct err *err)
{
	struct aws_request req = {.service = AWS_SERVICE_EKS,
				  .operation = operation,
				  .method = "POST",
				  .path = path,
				  .body = buf_str(body),
				  .body_len = body->len,
				  .content_type = "application/json"};
	struct aws_response resp;
	struct json_doc doc;
	int rc = -1;

	memset(&resp, 0, sizeof(resp));
	memset(&doc, 0, sizeof(doc));
	if (aws_send_all(aws, 1, &req, &resp, err) != 0)
		return -1;
	out->result.attempted = true;
	if (!resp.ok) {
		record_failure(&out->result, &resp);
		aws_response_error(&req, &resp, err);
		goto out;
	}
	if (json_parse_object(&doc, buf_str(&resp.body), resp.body.len, err) != 0 ||
	    decode_update(&doc, json_object_get(&doc, 0, "update"), out, err) != 0) {
		err_prefix(err, "%s: malformed response: ", operation);
		goto out;
	}
	out->result.ok = true;
	rc = 0;
out:
	json_doc_free(&doc);
	aws_response_free(&resp);
	return rc;
}

int eks_update_addon(struct aws *aws, const char *cluster, const char *addon, const char *version,
		     const char *conflicts, const char *token, struct eks_update *out,
		     struct err *err)
{
	char path[512];
	struct buf body;
	struct json_writer w;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (member_path(path, sizeof(path), cluster, "addons", addon, "/update") != 0)
		return err_set(err, EXIT_RUNTIME, "add-on name too long");
	buf_init(&body, 4096);
	json_writer_init(&w, &body);
	json_write_begin_object(&w);
	json_write_key_string(&w, "addonVersion", version);
	if (conflicts != NULL)
		json_write_key_string(&w, "resolveConflicts", conflicts);
	json_write_key_string(&w, "clientRequestToken", token);
	json_write_end_object(&w);
	if (json_writer_finish(&w, err) == 0)
		rc = start_update(aws, "UpdateAddon", path, &body, out, err);
	buf_free(&body);
	return rc;
}

int eks_update_nodegroup_version(struct aws *aws, const char *cluster, const char *nodegroup,
				 const char *version, const char *token, struct eks_update *out,
				 struct err *err)
{
	char path[512];
	struct buf body;
	struct json_writer w;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (member_path(path, sizeof(path), cluster, "node-groups", nodegroup, "/update-version") !=
	    0)
		return err_set(err, EXIT_RUNTIME, "node group name too long");
	buf_init(&body, 4096);
	json_writer_init(&w, &body);
	json_write_begin_object(&w);
	json_write_key_string(&w, "version", version);
	json_write_key_string(&w, "clientRequestToken", token);
	json_write_end_object(&w);
	if (json_writer_finish(&w, err) == 0)
		rc = start_update(aws, "UpdateNodegroupVersion", path, &body, out, err);
	buf_free(&body);
	return rc;
}

struct refresh_answer {
	char *status;
	size_t status_cap;
	char *message;
	size_t message_cap;
};

static int page_refresh(struct eks_state *s, struct job *job, const struct json_doc *doc,
			struct err *err)
{
	struct refresh_answer *r = job->item;

	(void)s;
	(void)err;
	show(doc, 0, "status", r->status, r->status_cap);
	if (r->message != NULL)
		show(doc, 0, "message", r->message, r->message_cap);
	return 0;
}

static int insights_refresh(struct aws *aws, const char *cluster, const char *method,
			    struct refresh_answer *answer, struct err *err)
{
	struct eks_result result;
	struct job job = {.operation = strcmp(method, "POST") == 0 ? "StartInsightsRefresh"
								   : "DescribeInsightsRefresh",
			  .method = method,
			  .on_page = page_refresh,
			  .item = answer,
			  .result = &result};

	memset(&result, 0, sizeof(result));
	if (cluster_path(job.path, sizeof(job.path), cluster, "insights-refresh", NULL) != 0)
		return err_set(err, EXIT_RUNTIME, "cluster name too long");
	return single(aws, &job, err);
}

int eks_start_insights_refresh(struct aws *aws, const char *cluster, char *status, size_t cap,
			       struct err *err)
{
	struct refresh_answer answer = {status, cap, NULL, 0};

	return insights_refresh(aws, cluster, "POST", &answer, err);
}

int eks_describe_insights_refresh(struct aws *aws, const char *cluster, char *status,
				  size_t status_cap, char *message, size_t message_cap,
				  struct err *err)
{
	struct refresh_answer answer = {status, status_cap, message, message_cap};

	return insights_refresh(aws, cluster, "GET", &answer, err);
}

int eks_update_cluster_version(struct aws *aws, const char *cluster, const char *version,
			       bool force, int rollback_timeout_minutes, const char *token,
			       struct eks_update *out, struct err *err)
{
	char path[512];
	struct buf body;
	struct json_writer w;
	struct aws_request req = {.service = AWS_SERVICE_EKS,
				  .operation = "UpdateClusterVersion",
				  .method = "POST",
				  .content_type = "application/json"};
	struct aws_response resp;
	struct json_doc doc;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	memset(&resp, 0, sizeof(resp));
	memset(&doc, 0, sizeof(doc));
	buf_init(&body, 4096);
	if (cluster_path(path, sizeof(path), cluster, "updates", NULL) != 0)
		return err_set(err, EXIT_RUNTIME, "cluster name too long");
	json_writer_init(&w, &body);
	json_write_begin_object(&w);
	json_write_key_string(&w, "version", version);
	json_write_key_string(&w, "clientRequestToken", token);
	if (force)
		json_write_key_bool(&w, "force", true);
	if (rollback_timeout_minutes > 0) {
		json_write_key(&w, "rollbackConfig");
		json_write_begin_object(&w);
		json_write_key_int64(&w, "timeoutMinutes", rollback_timeout_minutes);
		json_write_end_object(&w);
	}
	json_write_end_object(&w);
	if (json_writer_finish(&w, err) != 0)
		goto out;
	req.path = path;
	req.body = buf_str(&body);
	req.body_len = body.len;
	if (aws_send_all(aws, 1, &req, &resp, err) != 0)
		goto out;
	out->result.attempted = true;
	if (!resp.ok) {
		record_failure(&out->result, &resp);
		aws_response_error(&req, &resp, err);
		goto out;
	}
	if (json_parse_object(&doc, buf_str(&resp.body), resp.body.len, err) != 0 ||
	    decode_update(&doc, json_object_get(&doc, 0, "update"), out, err) != 0) {
		err_prefix(err, "UpdateClusterVersion: malformed response: ");
		goto out;
	}
	out->result.ok = true;
	rc = 0;
out:
	json_doc_free(&doc);
	aws_response_free(&resp);
	buf_free(&body);
	return rc;
}

int eks_decode_response(const char *operation, const char *name, const char *target,
			const char *body, size_t len, struct err *err)
{
	static const struct {
		const char *operation;
		int (*on_page)(struct eks_state *state, struct job *job, const struct json_doc *doc,
			       struct err *err);
	} decoders[] = {
	    {"DescribeAddon", page_addon},
	    {"DescribeAddonVersions", page_addon_versions},
	    {"DescribeCluster", page_cluster},
	    {"DescribeClusterVersions", page_versions},
	    {"DescribeNodegroup", page_nodegroup},
	    {"DescribeUpdate", page_update},
	    {"ListAddons", page_addons},
	    {"ListInsights", page_insights},
	    {"ListNodegroups", page_nodegroups},
	    {"ListUpdates", page_updates},
	    {"UpdateClusterVersion", page_update},
	    {"DescribeInsight", page_insight},
	    {"StartInsightsRefresh", page_refresh},
	    {"DescribeInsightsRefresh", page_refresh},
	};
	struct eks_state state;
	struct eks_update update;
	struct eks_nodegroup nodegroup;
	struct eks_addon addon;
	struct eks_addon_target addon_target;
	struct eks_insight insight;
	char status[32], message[256];
	struct refresh_answer refresh = {status, sizeof(status), message, sizeof(message)};
	struct job job;
	struct json_doc doc;
	size_t i;
	int rc = -1;

	for (i = 0; i < sizeof(decoders) / sizeof(decoders[0]); i++)
		if (strcmp(operation, decoders[i].operation) == 0)
			break;
	if (i == sizeof(decoders) / sizeof(decoders[0]))
		return err_set(err, EXIT_RUNTIME, "no decoder for %s", operation);
	memset(&state, 0, sizeof(state));
	memset(&update, 0, sizeof(update));
	memset(&nodegroup, 0, sizeof(nodegroup));
	memset(&addon, 0, sizeof(addon));
	memset(&addon_target, 0, sizeof(addon_target));
	memset(&insight, 0, sizeof(insight));
	memset(&job, 0, sizeof(job));
	memset(&doc, 0, sizeof(doc));
	(void)str_copy(nodegroup.name, sizeof(nodegroup.name), name ? name : "");
	(void)str_copy(addon.name, sizeof(addon.name), name ? name : "");
	(void)str_copy(addon_target.version, sizeof(addon_target.version), target ? target : "");
	job.operation = operation;
	job.on_page = decoders[i].on_page;
	job.context = &addon;
	job.item = job.on_page == page_update		? (void *)&update
		   : job.on_page == page_nodegroup	? (void *)&nodegroup
		   : job.on_page == page_addon_versions ? (void *)&addon_target
		   : job.on_page == page_insight	? (void *)&insight
		   : job.on_page == page_refresh	? (void *)&refresh
							: (void *)&addon;
	if (json_parse_object(&doc, body, len, err) == 0 &&
	    job.on_page(&state, &job, &doc, err) == 0)
		rc = 0;
	json_doc_free(&doc);
	eks_state_free(&state);
	free(insight.deprecations);
	return rc;
}

int eks_uuid4(char out[37], struct err *err)
{
	unsigned char b[16];
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	if (getrandom(b, sizeof(b), 0) != (ssize_t)sizeof(b))
		return err_set(err, EXIT_RUNTIME, "no randomness for a client request token");
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	for (size_t i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[b[i] >> 4];
		out[o++] = hex[b[i] & 15];
	}
	out[o] = '\0';
	return 0;
}
