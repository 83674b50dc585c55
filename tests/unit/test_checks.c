/* Unit tests for upgrade/checks.c: the target and path, and every check's
 * verdict, judged from an eks_state built here (no network). */
#include "upgrade/checks.h"

#include <stdio.h>

#include "unit.h"

#define COPY(field, text) (void)snprintf(field, sizeof(field), "%s", text)

/* A cluster at 1.31, ACTIVE; EKS offers 1.30-1.33 (1.30 in extended
 * support); every list readable and empty. */
struct fixture {
	struct eks_state s;
	struct eks_cluster_version versions[4];
	struct eks_update updates[2];
	struct eks_nodegroup nodegroups[2];
	struct eks_addon addons[1];
	struct eks_addon_target addon_targets[2]; /* 1.32, 1.33 */
	struct eks_insight insights[2];
	struct plan plan;
	struct err err;
};

static void ok(struct eks_result *r)
{
	r->attempted = r->ok = true;
}

static void init(struct fixture *f)
{
	static const char *const names[] = {"1.30", "1.31", "1.32", "1.33"};

	memset(f, 0, sizeof(*f));
	COPY(f->s.cluster.name, "demo");
	COPY(f->s.cluster.version, "1.31");
	COPY(f->s.cluster.status, "ACTIVE");
	COPY(f->s.cluster.platform_version, "eks.12");
	for (int i = 0; i < 4; i++) {
		COPY(f->versions[i].version, names[i]);
		COPY(f->versions[i].version_status,
		     i == 0 ? "EXTENDED_SUPPORT" : "STANDARD_SUPPORT");
		f->versions[i].end_of_standard_support = 1800000000.0 + i * 1e7;
	}
	f->s.versions = f->versions;
	f->s.version_count = 4;
	f->s.updates = f->updates;
	f->s.nodegroups = f->nodegroups;
	f->s.addons = f->addons;
	f->s.insights = f->insights;
	ok(&f->s.versions_result);
	ok(&f->s.updates_result);
	ok(&f->s.nodegroups_result);
	ok(&f->s.addons_result);
	ok(&f->s.insights_result);
	err_clear(&f->err);
}

/* One more readable node group. */
static void add_nodegroup(struct fixture *f, const char *name, const char *version,
			  const char *ami_type)
{
	struct eks_nodegroup *ng = &f->nodegroups[f->s.nodegroup_count++];

	COPY(ng->name, name);
	COPY(ng->version, version);
	COPY(ng->ami_type, ami_type);
	ok(&ng->result);
}

/* checks_choose then checks_judge, as checks_run does after reading. */
static const char *plan(struct fixture *f, const char *to, bool multi_step, bool force)
{
	struct checks_request req = {.cluster = "demo", .multi_step = multi_step, .force = force};
	const char *step = NULL;

	if (to != NULL) {
		req.has_target = true;
		CHECK(k8s_version_parse(to, &req.target) == 0);
	}
	CHECK(checks_choose(&req, &f->s, "us-west-2", &f->plan, &step, &f->err) == 0);
	CHECK(checks_judge(&req, &f->s, step, &f->plan, &f->err) == 0);
	return step;
}

static enum check_status status(const struct fixture *f, int check)
{
	return f->plan.checks[check].status;
}

TEST(default_target_is_the_next_offered_minor)
{
	struct fixture f;

	init(&f);
	CHECK_STR(plan(&f, NULL, false, false), "1.32");
	CHECK_STR(f.plan.target_version, "1.32");
	CHECK(f.plan.path_len == 1);
	CHECK(f.plan.upgrade_available && !f.plan.blocked);
	CHECK(status(&f, CHECK_VERSION_TARGET) == CHECK_PASS);
	CHECK_STR(f.plan.region, "us-west-2");
	plan_free(&f.plan);
}

TEST(newest_version_means_nothing_to_do)
{
	struct fixture f;

	init(&f);
	COPY(f.s.cluster.version, "1.33");
	CHECK(plan(&f, NULL, false, false) == NULL);
	CHECK_STR(f.plan.target_version, "");
	CHECK(!f.plan.upgrade_available && !f.plan.blocked);
	CHECK(status(&f, CHECK_NODEGROUP_SKEW) == CHECK_SKIP);
	plan_free(&f.plan);
}

TEST(skipping_a_minor_needs_multi_step)
{
	struct fixture f;

	init(&f);
	CHECK(plan(&f, "1.33", false, false) == NULL);
	CHECK(f.plan.blocked);
	CHECK(status(&f, CHECK_VERSION_TARGET) == CHECK_FAIL);
	CHECK(strstr(f.plan.checks[CHECK_VERSION_TARGET].message, "upgrade to 1.32 first") != NULL);
	plan_free(&f.plan);

	init(&f);
	CHECK_STR(plan(&f, "1.33", true, false), "1.32");
	CHECK(f.plan.path_len == 2);
	CHECK_STR(f.plan.path[1], "1.33");
	CHECK(!f.plan.blocked);
	plan_free(&f.plan);
}

TEST(lower_or_unoffered_targets_block)
{
	struct fixture f;

	init(&f);
	CHECK(plan(&f, "1.29", false, false) == NULL); /* two down: never */
	CHECK(f.plan.blocked && status(&f, CHECK_VERSION_TARGET) == CHECK_FAIL);
	plan_free(&f.plan);

	init(&f);
	CHECK_STR(plan(&f, "1.30", false, false), "1.30"); /* one down: a rollback */
	CHECK(f.plan.kind == PLAN_KIND_ROLLBACK);
	CHECK(status(&f, CHECK_ROLLBACK_WINDOW) == CHECK_FAIL); /* no upgrade to 1.31 */
	CHECK(f.plan.blocked);
	plan_free(&f.plan);

	init(&f);
	COPY(f.versions[2].version_status, "UNSUPPORTED");
	CHECK(plan(&f, "1.32", false, false) == NULL);
	CHECK(f.plan.blocked && status(&f, CHECK_VERSION_TARGET) == CHECK_FAIL);
	plan_free(&f.plan);

	init(&f);
	CHECK(plan(&f, "1.31", false, false) == NULL); /* already there */
	CHECK(!f.plan.blocked && !f.plan.upgrade_available);
	plan_free(&f.plan);
}

TEST(unreadable_versions_assume_the_next_minor)
{
	struct fixture f;

	init(&f);
	f.s.versions_result.ok = false;
	COPY(f.s.versions_result.code, "AccessDeniedException");
	CHECK_STR(plan(&f, NULL, false, false), "1.32");
	CHECK(status(&f, CHECK_VERSION_TARGET) == CHECK_WARN);
	CHECK(strstr(f.plan.checks[CHECK_VERSION_TARGET].message, "assuming 1.32") != NULL);
	CHECK(status(&f, CHECK_VERSION_SUPPORT) == CHECK_SKIP);
	plan_free(&f.plan);
}

TEST(update_in_progress_blocks_unless_it_is_the_same_version_update)
{
	struct fixture f;

	init(&f);
	f.s.update_count = 1;
	COPY(f.updates[0].id, "u-1");
	COPY(f.updates[0].type, "VersionUpdate");
	COPY(f.updates[0].status, "InProgress");
	COPY(f.updates[0].version, "1.32");
	ok(&f.updates[0].result);
	COPY(f.s.cluster.status, "UPDATING");
	plan(&f, NULL, false, false);
	CHECK(f.plan.adoptable && !f.plan.blocked);
	CHECK(status(&f, CHECK_UPDATE_IN_PROGRESS) == CHECK_WARN);
	CHECK(status(&f, CHECK_CLUSTER_STATUS) == CHECK_WARN);
	plan_free(&f.plan);

	COPY(f.updates[0].type, "LoggingUpdate");
	COPY(f.updates[0].version, "");
	plan(&f, NULL, false, false);
	CHECK(!f.plan.adoptable && f.plan.blocked);
	CHECK(status(&f, CHECK_UPDATE_IN_PROGRESS) == CHECK_FAIL);
	CHECK(status(&f, CHECK_CLUSTER_STATUS) == CHECK_FAIL);
	plan_free(&f.plan);
}

TEST(nodegroups_behind_the_control_plane)
{
	struct fixture f;

	init(&f);
	f.s.nodegroup_count = 2;
	COPY(f.nodegroups[0].name, "ng-a");
	COPY(f.nodegroups[0].version, "1.31");
	COPY(f.nodegroups[1].name, "ng-b");
	COPY(f.nodegroups[1].version, "1.30");
	ok(&f.nodegroups[0].result);
	ok(&f.nodegroups[1].result);
	plan(&f, NULL, false, false); /* 1.30 under 1.32: within the rule */
	CHECK(status(&f, CHECK_NODEGROUP_SKEW) == CHECK_WARN && !f.plan.blocked);
	CHECK(f.plan.checks[CHECK_NODEGROUP_SKEW].item_count == 1);
	CHECK_STR(f.plan.checks[CHECK_NODEGROUP_SKEW].items[0].name, "ng-b");
	plan_free(&f.plan);

	COPY(f.nodegroups[1].version, "1.28"); /* four behind 1.32 */
	plan(&f, NULL, false, false);
	CHECK(status(&f, CHECK_NODEGROUP_SKEW) == CHECK_FAIL && f.plan.blocked);
	CHECK(strstr(f.plan.checks[CHECK_NODEGROUP_SKEW].message, "too far behind 1.32") != NULL);
	plan_free(&f.plan);

	COPY(f.nodegroups[1].version, "1.32"); /* newer than the control plane */
	plan(&f, NULL, false, false);
	CHECK(status(&f, CHECK_NODEGROUP_SKEW) == CHECK_FAIL);
	CHECK(strstr(f.plan.checks[CHECK_NODEGROUP_SKEW].message, "newer") != NULL);
	plan_free(&f.plan);
	COPY(f.nodegroups[1].version, "1.30");

	f.nodegroups[1].result.ok = false; /* DescribeNodegroup denied: skip, not fail */
	plan(&f, NULL, false, false);
	CHECK(status(&f, CHECK_NODEGROUP_SKEW) == CHECK_SKIP);
	plan_free(&f.plan);
}

TEST(insights_error_blocks_unless_forced)
{
	struct fixture f;

	init(&f);
	f.s.insight_count = 2;
	COPY(f.insights[0].id, "i-1");
	COPY(f.insights[0].status, "ERROR");
	COPY(f.insights[0].category, "UPGRADE_READINESS");
	COPY(f.insights[0].kubernetes_version, "1.32");
	COPY(f.insights[1].id, "i-2");
	COPY(f.insights[1].status, "SOMETHING_NEW"); /* unknown enum value: a warning */
	plan(&f, NULL, false, false);
	CHECK(status(&f, CHECK_UPGRADE_INSIGHTS) == CHECK_FAIL && f.plan.blocked);
	CHECK(f.plan.checks[CHECK_UPGRADE_INSIGHTS].item_count == 2);
	plan_free(&f.plan);

	plan(&f, NULL, false, true);
	CHECK(status(&f, CHECK_UPGRADE_INSIGHTS) == CHECK_WARN && !f.plan.blocked);
	plan_free(&f.plan);

	COPY(f.insights[0].kubernetes_version, "1.33"); /* another target's insight */
	f.s.insight_count = 1;
	plan(&f, NULL, false, false);
	CHECK(status(&f, CHECK_UPGRADE_INSIGHTS) == CHECK_PASS);
	plan_free(&f.plan);
}

TEST(addons_without_the_target_warn)
{
	struct fixture f;

	init(&f);
	f.s.addon_count = 1;
	COPY(f.addons[0].name, "coredns");
	COPY(f.addons[0].version, "v1.11.3-eksbuild.1");
	ok(&f.addons[0].result);
	f.addons[0].targets = f.addon_targets;
	f.addons[0].target_count = 1;
	COPY(f.addon_targets[0].version, "1.32");
	COPY(f.addon_targets[0].default_version, "v1.11.4-eksbuild.2");
	ok(&f.addon_targets[0].result);
	plan(&f, NULL, false, false);
	CHECK(status(&f, CHECK_ADDON_COMPATIBILITY) == CHECK_WARN && !f.plan.blocked);
	CHECK_STR(f.plan.checks[CHECK_ADDON_COMPATIBILITY].items[0].default_version,
		  "v1.11.4-eksbuild.2");
	plan_free(&f.plan);

	f.addon_targets[0].compatible = true;
	plan(&f, NULL, false, false);
	CHECK(status(&f, CHECK_ADDON_COMPATIBILITY) == CHECK_PASS);
	plan_free(&f.plan);

	f.addons[0].target_count = 0; /* not read for the target: skip, never a guess */
	plan(&f, NULL, false, false);
	CHECK(status(&f, CHECK_ADDON_COMPATIBILITY) == CHECK_SKIP);
	plan_free(&f.plan);
}

TEST(extended_support_warns)
{
	struct fixture f;

	init(&f);
	COPY(f.s.cluster.version, "1.30");
	plan(&f, NULL, false, false);
	CHECK(status(&f, CHECK_VERSION_SUPPORT) == CHECK_WARN);
	CHECK(strstr(f.plan.checks[CHECK_VERSION_SUPPORT].message, "extended support") != NULL);
	CHECK(!f.plan.blocked);
	plan_free(&f.plan);
}

TEST(every_step_is_forecast_and_a_later_block_blocks_the_path)
{
	struct fixture f;

	init(&f);
	f.s.nodegroup_count = 1;
	COPY(f.nodegroups[0].name, "ng-old");
	COPY(f.nodegroups[0].version, "1.29"); /* allows the control plane up to 1.32 */
	ok(&f.nodegroups[0].result);
	plan(&f, "1.33", true, false);
	CHECK(f.plan.path_len == 2);
	CHECK(status(&f, CHECK_NODEGROUP_SKEW) == CHECK_WARN);
	CHECK_STR(f.plan.later[1].from, "1.32");
	CHECK_STR(f.plan.later[1].version, "1.33");
	CHECK(f.plan.later[1].checks[CHECK_NODEGROUP_SKEW].status == CHECK_FAIL);
	CHECK(f.plan.later[1].checks[CHECK_CLUSTER_STATUS].id == NULL); /* judged live later */
	CHECK(f.plan.later[1].blocked && f.plan.blocked);
	plan_free(&f.plan);

	COPY(f.nodegroups[0].version, "1.30");
	plan(&f, "1.33", true, false);
	CHECK(!f.plan.later[1].blocked && !f.plan.blocked);
	plan_free(&f.plan);
}

TEST(strict_turns_warnings_into_failures)
{
	struct fixture f;

	init(&f);
	COPY(f.s.cluster.version, "1.30"); /* in extended support: a warning */
	plan(&f, NULL, false, false);
	CHECK(status(&f, CHECK_VERSION_SUPPORT) == CHECK_WARN && !f.plan.blocked);
	plan_free(&f.plan);
	{
		struct checks_request req = {.cluster = "demo",
					     .strict = true,
					     .support_warn_days = 60,
					     .now = f.s.versions[0].end_of_standard_support + 1};
		const char *step;

		CHECK(checks_choose(&req, &f.s, "r", &f.plan, &step, &f.err) == 0);
		CHECK(checks_judge(&req, &f.s, step, &f.plan, &f.err) == 0);
		CHECK(status(&f, CHECK_VERSION_SUPPORT) == CHECK_FAIL && f.plan.blocked);
		CHECK(strstr(f.plan.checks[CHECK_VERSION_SUPPORT].message, "(--strict)") != NULL);
		plan_free(&f.plan);
	}
}

/* The support window (SPEC §4) against a fixed clock. */
TEST(support_window_messages)
{
	struct fixture f;
	const double day = 86400;
	struct checks_request req = {.cluster = "demo", .support_warn_days = 60};
	const char *step;
	const char *msg = f.plan.checks[CHECK_VERSION_SUPPORT].message;

	init(&f);
	req.now = (time_t)(f.versions[1].end_of_standard_support - 30 * day); /* 1.31: 30 days */
	CHECK(checks_choose(&req, &f.s, "r", &f.plan, &step, &f.err) == 0);
	CHECK(checks_judge(&req, &f.s, step, &f.plan, &f.err) == 0);
	CHECK(status(&f, CHECK_VERSION_SUPPORT) == CHECK_WARN); /* supportType "": extended */
	CHECK(strstr(msg, "extended-support pricing starts") != NULL);
	CHECK(strstr(msg, "(30 days)") != NULL);
	CHECK(f.plan.support.days_to_end_of_standard == 30);
	plan_free(&f.plan);

	COPY(f.s.cluster.support_type, "STANDARD");
	CHECK(checks_choose(&req, &f.s, "r", &f.plan, &step, &f.err) == 0);
	CHECK(checks_judge(&req, &f.s, step, &f.plan, &f.err) == 0);
	CHECK(strstr(msg, "EKS upgrades the control plane automatically after") != NULL);
	plan_free(&f.plan);

	req.support_warn_days = 10; /* 30 days left: not yet */
	CHECK(checks_choose(&req, &f.s, "r", &f.plan, &step, &f.err) == 0);
	CHECK(checks_judge(&req, &f.s, step, &f.plan, &f.err) == 0);
	CHECK(status(&f, CHECK_VERSION_SUPPORT) == CHECK_PASS);
	plan_free(&f.plan);

	req.now = (time_t)(f.versions[1].end_of_standard_support + 5 * day); /* ended */
	CHECK(checks_choose(&req, &f.s, "r", &f.plan, &step, &f.err) == 0);
	CHECK(checks_judge(&req, &f.s, step, &f.plan, &f.err) == 0);
	CHECK(status(&f, CHECK_VERSION_SUPPORT) == CHECK_WARN);
	CHECK(strstr(msg, "left standard support") != NULL);
	CHECK(f.plan.support.days_to_end_of_standard == -5);
	plan_free(&f.plan);
}

TEST(unparseable_cluster_version_is_an_error)
{
	struct fixture f;
	struct checks_request req = {.cluster = "demo"};
	const char *step;

	init(&f);
	COPY(f.s.cluster.version, "latest");
	CHECK(checks_choose(&req, &f.s, "us-west-2", &f.plan, &step, &f.err) == -1);
	CHECK(f.err.exit_code == EXIT_RUNTIME);
	plan_free(&f.plan);
}

/* --- the data plane (SPEC §4 dataplane-skew, pod-disruption) --------------- */

/* Nodes at `version` ("" or "unknown": an unreadable kubelet version). */
static void nodes_at(struct kube_dataplane *dp, const char *version, long count,
		     enum kube_node_kind kind)
{
	struct kube_kubelets *g = &dp->nodes.groups[dp->nodes.group_count++];

	memset(g, 0, sizeof(*g));
	COPY(g->version, version);
	g->known = k8s_version_parse(version, &g->minor) == 0;
	g->count = count;
	g->kinds[kind] = count;
	for (long i = 0; i < count && i < KUBE_GROUP_NAMES; i++)
		(void)snprintf(g->names[g->name_count++], KUBE_NAME_MAX, "node-%s-%ld", version, i);
	dp->nodes.total += count;
	dp->nodes.result.ok = true;
}

/* checks_choose + checks_judge with what the Kubernetes API said. */
static void plan_dataplane(struct fixture *f, const struct kube_dataplane *dp, const char *to,
			   bool multi_step, bool with_nodegroups)
{
	struct checks_request req = {.cluster = "demo",
				     .multi_step = multi_step,
				     .with_nodegroups = with_nodegroups,
				     .dataplane = dp};
	const char *step = NULL;

	if (to != NULL) {
		req.has_target = true;
		CHECK(k8s_version_parse(to, &req.target) == 0);
	}
	CHECK(checks_choose(&req, &f->s, "us-west-2", &f->plan, &step, &f->err) == 0);
	CHECK(checks_judge(&req, &f->s, step, &f->plan, &f->err) == 0);
}

static const char *message(const struct fixture *f, int check)
{
	return f->plan.checks[check].message;
}

/* The acceptance cases of issue 17: cluster at 1.31 going to 1.32. */
TEST(dataplane_skew_rule_for_every_node)
{
	struct fixture f;
	struct kube_dataplane dp;

	/* Self-managed nodes four minors behind the target: blocked. */
	init(&f);
	memset(&dp, 0, sizeof(dp));
	nodes_at(&dp, "1.28", 3, KUBE_NODE_SELF_MANAGED);
	nodes_at(&dp, "1.31", 7, KUBE_NODE_MANAGED);
	plan_dataplane(&f, &dp, NULL, false, false);
	CHECK(status(&f, CHECK_DATAPLANE_SKEW) == CHECK_FAIL && f.plan.blocked);
	CHECK_STR(message(&f, CHECK_DATAPLANE_SKEW),
		  "3 of 10 nodes (3 self-managed) would be too far behind 1.32: kubelet 1.28 "
		  "allows the control plane up to 1.31 (at most 3 minor versions behind, 2 for "
		  "1.24 and older); upgrade or replace them first");
	CHECK(f.plan.checks[CHECK_DATAPLANE_SKEW].item_kind == ITEMS_KUBELETS);
	CHECK(f.plan.checks[CHECK_DATAPLANE_SKEW].item_count == 2);
	CHECK_STR(f.plan.checks[CHECK_DATAPLANE_SKEW].items[0].version, "1.28");
	CHECK(f.plan.checks[CHECK_DATAPLANE_SKEW].items[0].kubelets.count == 3);
	CHECK_STR(f.plan.checks[CHECK_DATAPLANE_SKEW].items[0].kubelets.names[2], "node-1.28-2");
	plan_free(&f.plan);

	/* Three behind: a warning, saying how far they may fall. */
	init(&f);
	memset(&dp, 0, sizeof(dp));
	nodes_at(&dp, "1.29", 2, KUBE_NODE_FARGATE);
	nodes_at(&dp, "1.31", 1, KUBE_NODE_MANAGED);
	plan_dataplane(&f, &dp, NULL, false, false);
	CHECK(status(&f, CHECK_DATAPLANE_SKEW) == CHECK_WARN && !f.plan.blocked);
	CHECK_STR(message(&f, CHECK_DATAPLANE_SKEW),
		  "2 of 3 nodes are behind the control plane 1.31; allowed at 1.32 (kubelet 1.29 "
		  "allows up to 1.32)");
	plan_free(&f.plan);

	/* A node newer than the target: blocked. */
	init(&f);
	memset(&dp, 0, sizeof(dp));
	nodes_at(&dp, "1.31", 4, KUBE_NODE_MANAGED);
	nodes_at(&dp, "1.33", 1, KUBE_NODE_HYBRID);
	plan_dataplane(&f, &dp, NULL, false, false);
	CHECK(status(&f, CHECK_DATAPLANE_SKEW) == CHECK_FAIL && f.plan.blocked);
	CHECK_STR(message(&f, CHECK_DATAPLANE_SKEW),
		  "1 of 5 nodes (1 hybrid) runs a kubelet newer than 1.32; a kubelet may never be "
		  "newer than the control plane: replace it or roll it back first");
	plan_free(&f.plan);

	/* At the target already (ahead of the control plane now): allowed. */
	init(&f);
	memset(&dp, 0, sizeof(dp));
	nodes_at(&dp, "1.32", 1, KUBE_NODE_SELF_MANAGED);
	nodes_at(&dp, "unknown", 1, KUBE_NODE_SELF_MANAGED);
	plan_dataplane(&f, &dp, NULL, false, false);
	CHECK(status(&f, CHECK_DATAPLANE_SKEW) == CHECK_WARN);
	CHECK_STR(message(&f, CHECK_DATAPLANE_SKEW),
		  "1 node is ahead of the control plane 1.31 (allowed once it is at 1.32); 1 node "
		  "reports a kubelet version that cannot be read");
	plan_free(&f.plan);

	/* Everything at the control plane's version. */
	init(&f);
	memset(&dp, 0, sizeof(dp));
	nodes_at(&dp, "1.31", 1200, KUBE_NODE_KARPENTER);
	plan_dataplane(&f, &dp, NULL, false, false);
	CHECK(status(&f, CHECK_DATAPLANE_SKEW) == CHECK_PASS);
	CHECK_STR(message(&f, CHECK_DATAPLANE_SKEW), "all 1200 nodes run kubelet 1.31");
	CHECK(f.plan.checks[CHECK_DATAPLANE_SKEW].items[0].kubelets.name_count == 5);
	plan_free(&f.plan);

	/* 1.24 and older may fall two behind, not three. */
	init(&f);
	COPY(f.s.cluster.version, "1.26");
	COPY(f.versions[0].version, "1.27");
	memset(&dp, 0, sizeof(dp));
	nodes_at(&dp, "1.24", 1, KUBE_NODE_SELF_MANAGED);
	plan_dataplane(&f, &dp, "1.27", false, false);
	CHECK(status(&f, CHECK_DATAPLANE_SKEW) == CHECK_FAIL);
	plan_free(&f.plan);
}

/* Every step of a --multi-step path is judged against its own version,
 * the data plane staying where it is. */
TEST(dataplane_skew_is_forecast_for_every_step)
{
	struct fixture f;
	struct kube_dataplane dp;

	init(&f);
	memset(&dp, 0, sizeof(dp));
	nodes_at(&dp, "1.30", 2, KUBE_NODE_SELF_MANAGED);
	nodes_at(&dp, "1.31", 2, KUBE_NODE_MANAGED);
	plan_dataplane(&f, &dp, "1.33", true, false);
	CHECK(f.plan.path_len == 2);
	CHECK(status(&f, CHECK_DATAPLANE_SKEW) == CHECK_WARN);
	CHECK_STR(f.plan.later[1].checks[CHECK_DATAPLANE_SKEW].id, "dataplane-skew");
	CHECK(f.plan.later[1].checks[CHECK_DATAPLANE_SKEW].status == CHECK_WARN);
	CHECK(strstr(f.plan.later[1].checks[CHECK_DATAPLANE_SKEW].message,
		     "behind the control plane 1.32; allowed at 1.33") != NULL);
	CHECK(!f.plan.blocked);
	plan_free(&f.plan);

	/* 1.29 passes at 1.32 but would be four behind at 1.33: the path is
	 * blocked before anything starts. */
	init(&f);
	memset(&dp, 0, sizeof(dp));
	nodes_at(&dp, "1.29", 1, KUBE_NODE_FARGATE);
	plan_dataplane(&f, &dp, "1.33", true, false);
	CHECK(status(&f, CHECK_DATAPLANE_SKEW) == CHECK_WARN);
	CHECK(f.plan.later[1].checks[CHECK_DATAPLANE_SKEW].status == CHECK_FAIL);
	CHECK(f.plan.later[1].blocked && f.plan.blocked);
	plan_free(&f.plan);
}

/* With --with-nodegroups a step counts managed nodes at the version the
 * plan's node group updates give their node groups before it. */
TEST(dataplane_skew_counts_managed_nodes_where_the_plan_moves_them)
{
	struct fixture f;
	struct kube_dataplane dp;

	init(&f);
	add_nodegroup(&f, "ng-old", "1.29", "AL2023_x86_64_STANDARD");
	memset(&dp, 0, sizeof(dp));
	nodes_at(&dp, "1.29", 2, KUBE_NODE_MANAGED);
	nodes_at(&dp, "1.31", 1, KUBE_NODE_SELF_MANAGED);
	plan_dataplane(&f, &dp, "1.33", true, true);
	CHECK(f.plan.later[1].checks[CHECK_DATAPLANE_SKEW].status == CHECK_WARN);
	CHECK(strstr(f.plan.later[1].checks[CHECK_DATAPLANE_SKEW].message,
		     "2 managed nodes counted at the version --with-nodegroups updates") != NULL);
	CHECK(f.plan.later[1].checks[CHECK_DATAPLANE_SKEW].item_count == 2); /* as they are */
	CHECK(!f.plan.blocked);
	plan_free(&f.plan);

	/* A custom AMI node group at the same version stays: nothing moves. */
	add_nodegroup(&f, "ng-custom", "1.29", "CUSTOM");
	plan_dataplane(&f, &dp, "1.33", true, true);
	CHECK(f.plan.later[1].checks[CHECK_DATAPLANE_SKEW].status == CHECK_FAIL);
	CHECK(f.plan.blocked);
	plan_free(&f.plan);

	/* Without --with-nodegroups nothing moves them. */
	f.s.nodegroup_count = 1;
	plan_dataplane(&f, &dp, "1.33", true, false);
	CHECK(f.plan.later[1].checks[CHECK_DATAPLANE_SKEW].status == CHECK_FAIL);
	plan_free(&f.plan);
}

TEST(dataplane_skipped_never_fatal)
{
	struct fixture f;
	struct kube_dataplane dp;
	struct checks_request req = {.cluster = "demo", .no_kube_api = true};
	const char *step;

	init(&f);
	memset(&dp, 0, sizeof(dp));
	(void)snprintf(dp.nodes.result.reason, sizeof(dp.nodes.result.reason),
		       "not allowed to list nodes (403 Forbidden: ...)");
	dp.nodes.result.failure = KUBE_FORBIDDEN;
	plan_dataplane(&f, &dp, NULL, false, false);
	CHECK(status(&f, CHECK_DATAPLANE_SKEW) == CHECK_SKIP && !f.plan.blocked);
	CHECK_STR(message(&f, CHECK_DATAPLANE_SKEW),
		  "not allowed to list nodes (403 Forbidden: ...)");
	plan_free(&f.plan);

	CHECK(checks_choose(&req, &f.s, "r", &f.plan, &step, &f.err) == 0);
	CHECK(checks_judge(&req, &f.s, step, &f.plan, &f.err) == 0);
	CHECK(status(&f, CHECK_DATAPLANE_SKEW) == CHECK_SKIP);
	CHECK_STR(message(&f, CHECK_DATAPLANE_SKEW), "--no-kube-api: the nodes were not read");
	plan_free(&f.plan);

	plan(&f, NULL, false, false); /* not read at all */
	CHECK(status(&f, CHECK_DATAPLANE_SKEW) == CHECK_SKIP);
	plan_free(&f.plan);

	/* Nothing to do: nothing judged. */
	COPY(f.s.cluster.version, "1.33");
	memset(&dp, 0, sizeof(dp));
	nodes_at(&dp, "1.20", 1, KUBE_NODE_SELF_MANAGED);
	plan_dataplane(&f, &dp, NULL, false, false);
	CHECK(status(&f, CHECK_DATAPLANE_SKEW) == CHECK_SKIP && !f.plan.blocked);
	plan_free(&f.plan);
}

TEST(pod_disruption_only_with_nodegroups)
{
	struct fixture f;
	struct kube_dataplane dp;

	init(&f);
	memset(&dp, 0, sizeof(dp));
	nodes_at(&dp, "1.31", 2, KUBE_NODE_MANAGED);
	dp.pdbs_read = true;
	dp.pdbs.result.ok = true;
	dp.pdbs.total = 3;
	dp.pdbs.blocking = 1;
	dp.pdbs.listed = 1;
	COPY(dp.pdbs.items[0].namespace_name, "shop");
	COPY(dp.pdbs.items[0].name, "checkout");
	plan_dataplane(&f, &dp, NULL, false, false);
	CHECK(f.plan.checks[CHECK_POD_DISRUPTION].id == NULL);
	plan_free(&f.plan);

	plan_dataplane(&f, &dp, "1.33", true, true);
	CHECK_STR(f.plan.checks[CHECK_POD_DISRUPTION].id, "pod-disruption");
	CHECK(status(&f, CHECK_POD_DISRUPTION) == CHECK_WARN && !f.plan.blocked);
	CHECK_STR(message(&f, CHECK_POD_DISRUPTION),
		  "1 of 3 PodDisruptionBudgets allows no disruption now: draining a node that runs "
		  "its pods stalls (a managed node group update fails with PodEvictionFailure "
		  "after 15 minutes)");
	CHECK(f.plan.checks[CHECK_POD_DISRUPTION].item_kind == ITEMS_PDBS);
	CHECK_STR(f.plan.checks[CHECK_POD_DISRUPTION].items[0].namespace_name, "shop");
	CHECK_STR(f.plan.checks[CHECK_POD_DISRUPTION].items[0].name, "checkout");
	CHECK(f.plan.later[1].checks[CHECK_POD_DISRUPTION].status == CHECK_WARN);
	plan_free(&f.plan);

	dp.pdbs.blocking = 0;
	dp.pdbs.listed = 0;
	plan_dataplane(&f, &dp, NULL, false, true);
	CHECK(status(&f, CHECK_POD_DISRUPTION) == CHECK_PASS);
	CHECK_STR(message(&f, CHECK_POD_DISRUPTION),
		  "all 3 PodDisruptionBudgets allow a disruption now");
	plan_free(&f.plan);

	dp.pdbs.result.ok = false;
	COPY(dp.pdbs.result.reason, "not allowed to list poddisruptionbudgets");
	plan_dataplane(&f, &dp, NULL, false, true);
	CHECK(status(&f, CHECK_POD_DISRUPTION) == CHECK_SKIP);
	plan_free(&f.plan);
}

int main(void)
{
	RUN(default_target_is_the_next_offered_minor);
	RUN(newest_version_means_nothing_to_do);
	RUN(skipping_a_minor_needs_multi_step);
	RUN(lower_or_unoffered_targets_block);
	RUN(unreadable_versions_assume_the_next_minor);
	RUN(update_in_progress_blocks_unless_it_is_the_same_version_update);
	RUN(nodegroups_behind_the_control_plane);
	RUN(insights_error_blocks_unless_forced);
	RUN(addons_without_the_target_warn);
	RUN(extended_support_warns);
	RUN(every_step_is_forecast_and_a_later_block_blocks_the_path);
	RUN(strict_turns_warnings_into_failures);
	RUN(support_window_messages);
	RUN(unparseable_cluster_version_is_an_error);
	RUN(dataplane_skew_rule_for_every_node);
	RUN(dataplane_skew_is_forecast_for_every_step);
	RUN(dataplane_skew_counts_managed_nodes_where_the_plan_moves_them);
	RUN(dataplane_skipped_never_fatal);
	RUN(pod_disruption_only_with_nodegroups);
	return unit_done("checks");
}
