/* checks — the pre-flight checks (SPEC §3-4): reads the cluster with aws/eks
 * (two batched rounds), then its nodes (and PodDisruptionBudgets) through its
 * own Kubernetes API (upgrade/kube.h), and turns what it found into a struct plan: the
 * target version and path, and each check's pass/warn/fail/skip with its
 * message and items. Read-only: it never changes the cluster.
 */
#ifndef EKS_CHECKS_H
#define EKS_CHECKS_H

#include <stdbool.h>
#include <time.h>

#include "aws/client.h"
#include "aws/eks.h"
#include "upgrade/kube.h"
#include "upgrade/plan.h"
#include "util/k8s_version.h"

struct checks_request {
	const char *cluster;
	bool has_target; /* --to given */
	struct k8s_version target;
	bool multi_step;
	bool rollback;			   /* `rollback`: the target is one minor down */
	bool with_addons, with_nodegroups; /* scope (SPEC §9): plan their updates too */
	bool force;			   /* ERROR insights become warn */
	bool strict;			   /* --strict: every warn becomes fail */
	bool refresh_insights;		   /* --refresh-insights */
	int support_warn_days;		   /* --support-warn-days */
	time_t now;	  /* wall clock for support dates and insight ages; 0: the client's */
	bool no_kube_api; /* --no-kube-api: nothing is asked of the Kubernetes API */
	/* What the Kubernetes API said, for checks_judge: checks_run reads it
	 * (SPEC §11); NULL: not read. */
	const struct kube_dataplane *dataplane;
};

/* Fills plan (zeroed first). -1 only when the plan cannot be made at all
 * (DescribeCluster failed, malformed response, no credentials). `state`
 * receives what was read (the caller frees it with eks_state_free); apply
 * uses it to find the update to adopt. */
int checks_run(struct aws *aws, const struct checks_request *req, struct plan *plan,
	       struct eks_state *state, struct err *err) MUST_CHECK;

/* The two deciding halves of checks_run, for callers (and unit tests) that
 * hold an eks_state already. checks_choose zeroes the plan, fills its
 * header from the overview (cluster, versions, status) and chooses the
 * target and path; *step is the version the next update goes to, or NULL
 * when there is nothing to do or the target is invalid. checks_judge turns
 * the details read for that step into every check's verdict and `blocked`. */
int checks_choose(const struct checks_request *req, const struct eks_state *state,
		  const char *region, struct plan *plan, const char **step,
		  struct err *err) MUST_CHECK;
int checks_judge(const struct checks_request *req, struct eks_state *state, const char *step,
		 struct plan *plan, struct err *err) MUST_CHECK;

#endif
