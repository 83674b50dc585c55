/* checks — the pre-flight checks (SPEC §3-4): reads the cluster with eks.c
 * (two batched rounds) and turns what it found into a struct plan: the
 * target version and path, and each check's pass/warn/fail/skip with its
 * message and items. Read-only: it never changes the cluster.
 */
#ifndef EKS_CHECKS_H
#define EKS_CHECKS_H

#include <stdbool.h>

#include "aws.h"
#include "eks.h"
#include "k8s_version.h"
#include "plan.h"

struct checks_request {
	const char *cluster;
	bool has_target; /* --to given */
	struct k8s_version target;
	bool multi_step;
	bool force; /* ERROR insights become warn */
};

/* Fills plan (zeroed first). -1 only when the plan cannot be made at all
 * (DescribeCluster failed, malformed response, no credentials). `state`
 * receives what was read (the caller frees it with eks_state_free); apply
 * uses it to find the update to adopt. */
int checks_run(struct aws *aws, const struct checks_request *req, struct plan *plan,
	       struct eks_state *state, struct err *err) MUST_CHECK;

#endif
