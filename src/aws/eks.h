/* eks — the EKS API calls the tool makes, as typed structs (REST-JSON per
 * ../shared/aws-models). Knows nothing of curl: it builds aws_requests and
 * decodes responses with json.c.
 *
 * Reading a cluster for a plan takes two rounds, each sent as one batch so
 * every independent request is in flight at once:
 *   eks_read_overview  DescribeCluster, ListUpdates, ListNodegroups,
 *                      ListAddons, ListInsights (UPGRADE_READINESS) and
 *                      DescribeClusterVersions, following every nextToken
 *                      (pages of all lists advance together);
 *   eks_read_details   DescribeUpdate / DescribeNodegroup / DescribeAddon
 *                      for every listed item, and DescribeAddonVersions for
 *                      the target version of every add-on.
 * Only DescribeCluster failing is fatal; every other call's outcome is kept
 * in its eks_result so the checks can say "skip" with the reason.
 *
 * struct eks_state owns its arrays until eks_state_free.
 */
#ifndef EKS_EKS_H
#define EKS_EKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aws/client.h"

#define EKS_MAX_ITEMS 10000 /* per list: far above any real cluster */
#define EKS_MAX_PAGES 1000  /* per list */
#define EKS_MAX_UPDATE_ERRORS 8
#define EKS_MAX_RESOURCE_IDS 8

struct eks_result {
	bool attempted;
	bool ok;
	bool denied;	/* AccessDenied / 403: permission missing */
	bool transient; /* throttling, 5xx or transport: worth asking again later */
	char code[128];
	char message[512];
};

struct eks_cluster {
	char name[128];
	char arn[512];
	char version[32];
	char platform_version[64];
	char status[64];
	char endpoint[512];
	char support_type[32]; /* upgradePolicy.supportType */
	char ca_data[8192];    /* certificateAuthority.data (base64 PEM) */
	/* resourcesVpcConfig.endpointPublicAccess is false: only clients in the
	 * cluster's VPC (or a network joined to it) reach the endpoint. */
	bool endpoint_private_only;
};

struct eks_update_error {
	char code[64];
	char message[512];
	char resource_ids[EKS_MAX_RESOURCE_IDS][128];
	size_t resource_id_count;
};

struct eks_update {
	char id[128];
	char status[64];
	char type[64];
	char version[32];	   /* params Version */
	char addon_version[128];   /* params AddonVersion (an add-on's update) */
	char platform_version[64]; /* params PlatformVersion */
	double created_at;
	struct eks_update_error errors[EKS_MAX_UPDATE_ERRORS];
	size_t error_count;
	struct eks_result result;
};

struct eks_nodegroup {
	char name[128];
	char version[32];
	char ami_type[64]; /* CUSTOM: a custom AMI EKS does not choose releases for */
	char status[32];   /* ACTIVE, UPDATING, DEGRADED, CREATE_FAILED, ... as it came */
	struct eks_result result;
};

/* DescribeAddonVersions for one add-on and one target version. */
struct eks_addon_target {
	char version[32];	   /* the Kubernetes version asked about */
	bool compatible;	   /* the add-on's current version supports it */
	bool has_versions;	   /* some add-on version supports it at all */
	char default_version[128]; /* its default (else first) add-on version */
	/* For a target older than the cluster (a rollback), the add-on moves
	 * while the control plane is still at `also`, the cluster's version;
	 * EKS accepts only a version that supports both. "" otherwise. */
	char also[32];
	bool default_supports_also;
	char newest_for_both[128]; /* the newest version supporting both, "" if none */
	struct eks_result result;
};

struct eks_addon {
	char name[128];
	char version[128];
	struct eks_result result;
	struct eks_addon_target *targets; /* one per step of the path (eks_read_details) */
	size_t target_count;
};

#define EKS_MAX_CLIENT_STATS 5 /* per deprecation: the busiest user agents */
#define EKS_MAX_DEPRECATIONS 16
#define EKS_MAX_INSIGHT_RESOURCES 5
#define EKS_MAX_ADDITIONAL_INFO 4

struct eks_client_stat {
	char user_agent[256];
	int64_t requests_last_30_days;
	double last_request_time; /* epoch seconds, 0 if absent */
};

struct eks_deprecation {
	char usage[256];	 /* the deprecated API: "/apis/flowcontrol.../v1beta3/..." */
	char replaced_with[256]; /* its replacement, "" when none */
	char start_serving_replacement_version[32];
	char stop_serving_version[32];
	struct eks_client_stat clients[EKS_MAX_CLIENT_STATS]; /* most requests first */
	size_t client_count;
};

struct eks_insight {
	char id[128];
	char name[256];
	char category[32];
	char kubernetes_version[32];
	char status[64];	  /* PASSING, WARNING, ERROR, UNKNOWN, or what came */
	double last_refresh_time; /* epoch seconds, 0 if absent */

	/* DescribeInsight, read for insights that are not PASSING. */
	char recommendation[1024];
	struct eks_deprecation *deprecations;
	size_t deprecation_count;
	char resources[EKS_MAX_INSIGHT_RESOURCES][256]; /* Kubernetes URIs or ARNs */
	size_t resource_count;				/* listed; resource_total counts all */
	size_t resource_total;
	char info_keys[EKS_MAX_ADDITIONAL_INFO][128]; /* additionalInfo */
	char info_values[EKS_MAX_ADDITIONAL_INFO][512];
	size_t info_count;
	struct eks_result detail_result;
};

struct eks_cluster_version {
	char version[32];
	char version_status[32];	/* UNSUPPORTED, STANDARD_SUPPORT, EXTENDED_SUPPORT */
	double end_of_standard_support; /* epoch seconds, 0 if absent */
	double end_of_extended_support;
};

struct eks_state {
	struct eks_cluster cluster;
	struct eks_result cluster_result;

	struct eks_update *updates; /* ids from ListUpdates; details from DescribeUpdate */
	size_t update_count;
	struct eks_result updates_result;

	struct eks_nodegroup *nodegroups;
	size_t nodegroup_count;
	struct eks_result nodegroups_result;

	struct eks_addon *addons;
	size_t addon_count;
	struct eks_result addons_result;

	struct eks_insight *insights;
	size_t insight_count;
	struct eks_result insights_result;

	struct eks_cluster_version *versions;
	size_t version_count;
	struct eks_result versions_result;
};

int eks_read_overview(struct aws *aws, const char *cluster, struct eks_state *state,
		      struct err *err) MUST_CHECK;

/* The second round: every describe, DescribeAddonVersions for each add-on
 * and each of the `target_count` versions of the path (none when 0), and
 * DescribeInsight for every insight that is not PASSING. For a target older
 * than the cluster's version every version of the add-on is asked for, so
 * that `also` can be judged from complete compatibility lists. */
/* The add-on version to move to for target t: its default, or for a
 * rollback the default if it also supports the cluster's version, else the
 * newest that supports both; "" when there is none. */
const char *eks_addon_move_to(const struct eks_addon_target *t);

int eks_read_details(struct aws *aws, const char *cluster, const char (*targets)[32],
		     size_t target_count, struct eks_state *state, struct err *err) MUST_CHECK;

/* StartInsightsRefresh / DescribeInsightsRefresh: `status` gets
 * IN_PROGRESS, COMPLETED, FAILED (or what came), `message` EKS's words. */
int eks_start_insights_refresh(struct aws *aws, const char *cluster, char *status, size_t cap,
			       struct err *err) MUST_CHECK;
int eks_describe_insights_refresh(struct aws *aws, const char *cluster, char *status,
				  size_t status_cap, char *message, size_t message_cap,
				  struct err *err) MUST_CHECK;

/* ListUpdates (all pages) and DescribeUpdate for each: only the updates
 * part of the state, for poll. */
int eks_read_updates(struct aws *aws, const char *cluster, struct eks_state *state,
		     struct err *err) MUST_CHECK;

void eks_state_free(struct eks_state *state);

int eks_describe_cluster(struct aws *aws, const char *cluster, struct eks_cluster *out,
			 struct err *err) MUST_CHECK;

/* -1 with err set when the call fails; out->result says why (code). */
int eks_describe_update(struct aws *aws, const char *cluster, const char *update_id,
			struct eks_update *out, struct err *err) MUST_CHECK;

/* What an update is about: the cluster itself, an add-on or a node group
 * (DescribeUpdate / ListUpdates take addonName or nodegroupName). */
enum eks_subject { EKS_SUBJECT_CLUSTER = 0, EKS_SUBJECT_ADDON, EKS_SUBJECT_NODEGROUP };

/* DescribeUpdate of an add-on's or node group's update (`name`). */
int eks_describe_update_of(struct aws *aws, const char *cluster, enum eks_subject subject,
			   const char *name, const char *update_id, struct eks_update *out,
			   struct err *err) MUST_CHECK;

/* ListUpdates of one add-on or node group, each described: `state`'s
 * updates (free with eks_state_free). */
int eks_read_updates_of(struct aws *aws, const char *cluster, enum eks_subject subject,
			const char *name, struct eks_state *state, struct err *err) MUST_CHECK;

/* UpdateAddon to `version` with resolveConflicts `conflicts` (NONE,
 * OVERWRITE, PRESERVE), and UpdateNodegroupVersion to `version` (EKS picks
 * the latest AMI release; never force). Errors as eks_update_cluster_version. */
int eks_update_addon(struct aws *aws, const char *cluster, const char *addon, const char *version,
		     const char *conflicts, const char *token, struct eks_update *out,
		     struct err *err) MUST_CHECK;
int eks_update_nodegroup_version(struct aws *aws, const char *cluster, const char *nodegroup,
				 const char *version, const char *token, struct eks_update *out,
				 struct err *err) MUST_CHECK;

/* UpdateClusterVersion. `token` is the clientRequestToken, reused by every
 * retry. On an AWS error returns -1 with err set and out->result.code
 * (ResourceInUseException, InvalidParameterException, ...) filled. */
int eks_update_cluster_version(struct aws *aws, const char *cluster, const char *version,
			       bool force, int rollback_timeout_minutes, const char *token,
			       struct eks_update *out, struct err *err) MUST_CHECK;

/* Runs the decoder of `operation` ("DescribeCluster", "ListUpdates", ...,
 * "UpdateClusterVersion", "DescribeInsight", "DescribeInsightsRefresh") over a response body into
 * scratch structs that are then thrown away: the decoders are static, and this is how the fuzzer
 * and unit tests reach them. `name` is the item a describe is about (the add-on matched by
 * DescribeAddonVersions) and `target` the version DescribeAddonVersions is read for; either may be
 * NULL. -1 with err set for an unknown operation or a malformed body. */
int eks_decode_response(const char *operation, const char *name, const char *target,
			const char *body, size_t len, struct err *err) MUST_CHECK;

/* A random RFC 4122 version 4 UUID: 36 characters and a NUL. */
int eks_uuid4(char out[37], struct err *err) MUST_CHECK;

#endif
