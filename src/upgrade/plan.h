/* plan — the result of the pre-flight checks (SPEC §3-4), as data.
 *
 * checks.c fills a struct plan from what aws/eks.c read; out.c renders it
 * (text, JSON, GitHub annotations); the engine takes its steps from it. The struct owns its item
 * arrays until plan_free. Check ids are fixed strings; unknown enum values from AWS are carried as
 * the strings that came.
 */
#ifndef EKS_PLAN_H
#define EKS_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "aws/eks.h"
#include "upgrade/kube.h"
#include "util/err.h"

enum check_status { CHECK_PASS = 0, CHECK_WARN, CHECK_FAIL, CHECK_SKIP };

/* What a check's items are (SPEC §4 "Items"). */
enum item_kind {
	ITEMS_NONE = 0,
	ITEMS_NODEGROUPS, /* {name, version} */
	ITEMS_ADDONS,	  /* {name, version, defaultVersion} */
	ITEMS_INSIGHTS,	  /* {id, name, status, lastRefreshTime, recommendation, deprecations} */
	ITEMS_KUBELETS,	  /* {version, count, nodes}: one per kubelet minor version */
	ITEMS_PDBS,	  /* {namespace, name} */
};

struct check_item {
	char name[256];
	char version[128];	   /* node group / add-on version */
	char default_version[128]; /* add-on: the target's default version */
	char id[128];		   /* insight id */
	char status[64];	   /* insight status */
	/* An insight's details (DescribeInsight), borrowed from the eks_state
	 * the checks read: valid while that state lives. NULL otherwise. */
	const struct eks_insight *insight;
	/* Kubelets: the nodes at `version`, by kind, and a few of their names. */
	struct kube_kubelets kubelets;
	char namespace_name[64]; /* PDB (its name is `name`) */
};

struct check {
	const char *id; /* "cluster-status", "update-in-progress", ... */
	enum check_status status;
	char message[768];
	enum item_kind item_kind;
	struct check_item *items; /* owned */
	size_t item_count;
};

enum {
	CHECK_CLUSTER_STATUS,
	CHECK_UPDATE_IN_PROGRESS,
	CHECK_VERSION_TARGET,
	CHECK_VERSION_SUPPORT,
	CHECK_NODEGROUP_SKEW,
	CHECK_ADDON_COMPATIBILITY,
	CHECK_UPGRADE_INSIGHTS,
	CHECK_ROLLBACK_WINDOW, /* rollbacks only: its id is NULL for an upgrade */
	CHECK_DATAPLANE_SKEW,
	CHECK_POD_DISRUPTION,
	CHECK_COUNT
};

#define PLAN_MAX_PATH 16

/* The checks forecast for a later step of the path (SPEC §3: every step is
 * judged before anything starts). Only the checks that can be forecast
 * carry an id: cluster-status and update-in-progress are judged live
 * before the step runs. */
struct plan_step {
	char from[32];
	char version[32];
	bool blocked;
	struct check checks[CHECK_COUNT];
};

enum plan_kind { PLAN_KIND_NONE = 0, PLAN_KIND_UPGRADE, PLAN_KIND_ROLLBACK };

/* One change the plan makes (SPEC §9): the control plane's version, an EKS
 * add-on's version (UpdateAddon) or a managed node group's
 * (UpdateNodegroupVersion), in the order apply runs them. */
enum action_type { ACTION_CONTROL_PLANE = 0, ACTION_ADDON, ACTION_NODEGROUP };

struct plan_action {
	enum action_type type;
	size_t step; /* index into the path (0 when the path is empty: finishing) */
	char name[128];
	char from[128];
	char to[128];
};

const char *plan_action_type_name(enum action_type type); /* "control-plane", ... */

/* The support window (SPEC §4 "Support window"), for JSON `support`. */
struct plan_support {
	bool known;		      /* DescribeClusterVersions listed the current version */
	char support_type[32];	      /* upgradePolicy.supportType: STANDARD, EXTENDED, or "" */
	double end_of_standard;	      /* epoch seconds, 0 unknown */
	double end_of_extended;	      /* epoch seconds, 0 unknown */
	long days_to_end_of_standard; /* negative once it has ended */
};

struct plan_update {
	char id[128];
	char type[64];
	char status[64];
	char version[32];
};

struct plan {
	char cluster[128];
	char region[64];
	char arn[512];
	char status[64];
	char current_version[32];
	char platform_version[64];
	char target_version[32];      /* "" → null: nothing to do */
	char path[PLAN_MAX_PATH][32]; /* versions to pass through, in order */
	size_t path_len;
	bool upgrade_available;
	bool blocked;
	bool has_update_in_progress;
	struct plan_update update_in_progress;
	bool adoptable; /* the update in progress is this very version change: apply adopts it */
	double
	    rollback_until; /* kind rollback: when the 7-day window closes (epoch s), 0 unknown */
	enum plan_kind kind;
	struct plan_support support;
	struct check checks[CHECK_COUNT]; /* the first step's */
	struct plan_action *actions;	  /* owned; every step's, in order */
	size_t action_count;
	bool finishing; /* at the target already: only add-on / node group actions left */
	struct plan_step later[PLAN_MAX_PATH]; /* later[i] forecasts path[i], i >= 1 */
};

const char *plan_kind_name(enum plan_kind kind); /* "upgrade", "rollback", "none" */

const char *check_status_name(enum check_status status); /* "pass", "warn", ... */

/* Appends an item to a check; -1 when out of memory (recorded in err). */
int plan_add_item(struct check *check, const struct check_item *item, struct err *err) MUST_CHECK;

int plan_add_action(struct plan *plan, const struct plan_action *action,
		    struct err *err) MUST_CHECK;

void plan_free(struct plan *plan);

#endif
