#include "upgrade/checks.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/str.h"

static const char *const check_ids[CHECK_COUNT] = {
    [CHECK_CLUSTER_STATUS] = "cluster-status",
    [CHECK_UPDATE_IN_PROGRESS] = "update-in-progress",
    [CHECK_VERSION_TARGET] = "version-target",
    [CHECK_VERSION_SUPPORT] = "version-support",
    [CHECK_NODEGROUP_SKEW] = "nodegroup-skew",
    [CHECK_ADDON_COMPATIBILITY] = "addon-compatibility",
    [CHECK_UPGRADE_INSIGHTS] = "upgrade-insights",
};

/* English agreement for counts in messages: one ↔ many. */
static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static void set(struct check *c, enum check_status status, const char *fmt, ...) PRINTF_LIKE(3, 4);

static void set(struct check *c, enum check_status status, const char *fmt, ...)
{
	va_list ap;
	int n;

	c->status = status;
	va_start(ap, fmt);
	n = vsnprintf(c->message, sizeof(c->message), fmt, ap);
	va_end(ap);
	if (n < 0)
		c->message[0] = '\0';
}

/* "skip" with the reason a call failed: missing permission or an error. */
static void skip_for(struct check *c, const char *operation, const struct eks_result *r)
{
	if (r->denied)
		set(c, CHECK_SKIP, "%s is not allowed for these credentials (%s)", operation,
		    r->code);
	else
		set(c, CHECK_SKIP, "%s failed: %s: %s", operation, r->code, r->message);
}

static void format_date(double epoch, char *out, size_t cap)
{
	time_t t = (time_t)epoch;
	struct tm tm;

	if (epoch <= 0 || gmtime_r(&t, &tm) == NULL || strftime(out, cap, "%Y-%m-%d", &tm) == 0)
		(void)str_copy(out, cap, "unknown");
}

static const struct eks_cluster_version *find_version(const struct eks_state *s,
						      const char *version)
{
	for (size_t i = 0; i < s->version_count; i++)
		if (strcmp(s->versions[i].version, version) == 0)
			return &s->versions[i];
	return NULL;
}

static bool offered(const struct eks_state *s, const char *version)
{
	const struct eks_cluster_version *v = find_version(s, version);

	return v != NULL && strcmp(v->version_status, "UNSUPPORTED") != 0 &&
	       strcmp(v->version_status, "unsupported") != 0;
}

static bool extended(const struct eks_cluster_version *v)
{
	return v != NULL && (strcmp(v->version_status, "EXTENDED_SUPPORT") == 0 ||
			     strcmp(v->version_status, "extended-support") == 0);
}

/* Target and path (SPEC §3). Returns the version the checks look at (the
 * first step), or NULL when there is nothing to do or the target is
 * invalid. */
static const char *choose_target(const struct checks_request *req, const struct eks_state *s,
				 struct k8s_version current, struct plan *plan)
{
	struct check *c = &plan->checks[CHECK_VERSION_TARGET];
	bool known = s->versions_result.ok;
	struct k8s_version target, next = {current.major, current.minor + 1};
	char next_text[32], target_text[32];
	int steps;

	k8s_version_format(next, next_text, sizeof(next_text));
	if (!req->has_target) {
		if (known && !offered(s, next_text)) {
			set(c, CHECK_PASS, "%s is the newest version EKS offers; nothing to do",
			    plan->current_version);
			return NULL;
		}
		target = next;
	} else {
		target = req->target;
	}
	k8s_version_format(target, target_text, sizeof(target_text));
	steps = k8s_version_steps(current, target);
	if (steps == 0) {
		set(c, CHECK_PASS, "the cluster is already at %s; nothing to do", target_text);
		return NULL;
	}
	(void)str_copy(plan->target_version, sizeof(plan->target_version), target_text);
	plan->upgrade_available = true;
	if (steps < 0) {
		set(c, CHECK_FAIL,
		    "%s is lower than the current version %s; EKS does not downgrade with an "
		    "update",
		    target_text, plan->current_version);
		plan->upgrade_available = false;
		return NULL;
	}
	if (steps >= 100) {
		set(c, CHECK_FAIL, "%s is not a minor version of Kubernetes %d", target_text,
		    current.major);
		plan->upgrade_available = false;
		return NULL;
	}
	for (int i = 1; i <= steps && plan->path_len < PLAN_MAX_PATH; i++) {
		struct k8s_version v = {current.major, current.minor + i};

		k8s_version_format(v, plan->path[plan->path_len++], sizeof(plan->path[0]));
	}
	if (steps > PLAN_MAX_PATH) {
		set(c, CHECK_FAIL, "%s is %d minor versions ahead; too many steps", target_text,
		    steps);
		return NULL;
	}
	if (steps > 1 && !req->multi_step) {
		set(c, CHECK_FAIL,
		    "%s is %d minor versions ahead of %s; EKS moves one minor version per update: "
		    "upgrade to %s first, or pass --multi-step",
		    target_text, steps, plan->current_version, next_text);
		return NULL;
	}
	if (known) {
		for (size_t i = 0; i < plan->path_len; i++) {
			if (!offered(s, plan->path[i])) {
				set(c, CHECK_FAIL,
				    "%s is not offered by EKS (DescribeClusterVersions)",
				    plan->path[i]);
				return NULL;
			}
		}
		if (steps > 1)
			set(c, CHECK_PASS, "%d steps, each one minor version up and offered by EKS",
			    steps);
		else
			set(c, CHECK_PASS, "%s is one minor version up and offered by EKS",
			    target_text);
	} else {
		set(c, CHECK_WARN, "cannot read the versions EKS offers (%s: %s); assuming %s",
		    s->versions_result.code[0] ? s->versions_result.code
					       : "DescribeClusterVersions",
		    s->versions_result.message, plan->path[0]);
	}
	return plan->path[0];
}

static int by_newest(const void *a, const void *b)
{
	const struct eks_update *x = a, *y = b;

	return x->created_at < y->created_at ? 1 : x->created_at > y->created_at ? -1 : 0;
}

static void check_updates(struct eks_state *s, const char *step, struct plan *plan)
{
	struct check *c = &plan->checks[CHECK_UPDATE_IN_PROGRESS];
	const struct eks_result *first_failure = NULL;
	size_t failed = 0;

	if (!s->updates_result.ok) {
		skip_for(c, "ListUpdates", &s->updates_result);
		return;
	}
	if (s->update_count > 1)
		qsort(s->updates, s->update_count, sizeof(*s->updates), by_newest);
	for (size_t i = 0; i < s->update_count; i++) {
		const struct eks_update *u = &s->updates[i];

		if (!u->result.ok) {
			if (failed++ == 0)
				first_failure = &u->result;
			continue;
		}
		if (strcmp(u->status, "InProgress") != 0)
			continue;
		plan->has_update_in_progress = true;
		(void)str_copy(plan->update_in_progress.id, sizeof(plan->update_in_progress.id),
			       u->id);
		(void)str_copy(plan->update_in_progress.type, sizeof(plan->update_in_progress.type),
			       u->type);
		(void)str_copy(plan->update_in_progress.status,
			       sizeof(plan->update_in_progress.status), u->status);
		(void)str_copy(plan->update_in_progress.version,
			       sizeof(plan->update_in_progress.version), u->version);
		if (step != NULL && strcmp(u->type, "VersionUpdate") == 0 &&
		    strcmp(u->version, step) == 0) {
			plan->adoptable = true;
			set(c, CHECK_WARN,
			    "update %s to %s is already in progress; apply adopts it", u->id,
			    u->version);
		} else {
			set(c, CHECK_FAIL, "update %s (%s%s%s) is in progress; wait for it to end",
			    u->id, u->type[0] ? u->type : "unknown type",
			    u->version[0] ? " to " : "", u->version);
		}
		return;
	}
	if (failed > 0)
		set(c, CHECK_SKIP, "could not describe %zu of %zu updates (%s)", failed,
		    s->update_count, first_failure->code);
	else
		set(c, CHECK_PASS, "no update in progress (%zu earlier update%s)", s->update_count,
		    plural(s->update_count, "", "s"));
}

static void check_status(const struct eks_state *s, struct plan *plan)
{
	struct check *c = &plan->checks[CHECK_CLUSTER_STATUS];

	if (strcmp(s->cluster.status, "ACTIVE") == 0)
		set(c, CHECK_PASS, "cluster is ACTIVE");
	else if (strcmp(s->cluster.status, "UPDATING") == 0 && plan->adoptable)
		set(c, CHECK_WARN, "cluster is UPDATING (the version update in progress)");
	else
		set(c, CHECK_FAIL, "cluster status is %s; EKS updates only ACTIVE clusters",
		    s->cluster.status);
}

static void check_support(const struct eks_state *s, const char *step, struct plan *plan)
{
	struct check *c = &plan->checks[CHECK_VERSION_SUPPORT];
	const struct eks_cluster_version *cur = find_version(s, plan->current_version);
	const struct eks_cluster_version *tgt = step ? find_version(s, step) : NULL;
	char cur_std[16], cur_ext[16], tgt_std[16];

	if (!s->versions_result.ok) {
		skip_for(c, "DescribeClusterVersions", &s->versions_result);
		return;
	}
	if (cur == NULL) {
		set(c, CHECK_WARN, "EKS lists no support dates for %s", plan->current_version);
		return;
	}
	format_date(cur->end_of_standard_support, cur_std, sizeof(cur_std));
	format_date(cur->end_of_extended_support, cur_ext, sizeof(cur_ext));
	if (tgt != NULL)
		format_date(tgt->end_of_standard_support, tgt_std, sizeof(tgt_std));
	if (extended(cur))
		set(c, CHECK_WARN,
		    "%s is in extended support (extra cost) since %s, until %s%s%s%s",
		    plan->current_version, cur_std, cur_ext, tgt ? "; " : "", tgt ? step : "",
		    tgt ? (extended(tgt) ? " is in extended support too"
					 : " is in standard support")
			: "");
	else if (extended(tgt))
		set(c, CHECK_WARN, "%s is in standard support until %s; %s is in extended support",
		    plan->current_version, cur_std, step);
	else if (tgt != NULL)
		set(c, CHECK_PASS, "%s in standard support until %s; %s until %s",
		    plan->current_version, cur_std, step, tgt_std);
	else
		set(c, CHECK_PASS, "%s (%s) in standard support until %s", plan->current_version,
		    cur->version_status, cur_std);
}

static int check_nodegroups(const struct eks_state *s, struct plan *plan, struct err *err)
{
	struct check *c = &plan->checks[CHECK_NODEGROUP_SKEW];
	size_t behind = 0;

	c->item_kind = ITEMS_NODEGROUPS;
	if (!s->nodegroups_result.ok) {
		skip_for(c, "ListNodegroups", &s->nodegroups_result);
		return 0;
	}
	for (size_t i = 0; i < s->nodegroup_count; i++) {
		const struct eks_nodegroup *ng = &s->nodegroups[i];
		struct check_item item;

		if (!ng->result.ok) {
			skip_for(c, "DescribeNodegroup", &ng->result);
			return 0;
		}
		if (strcmp(ng->version, plan->current_version) == 0)
			continue;
		memset(&item, 0, sizeof(item));
		(void)str_copy(item.name, sizeof(item.name), ng->name);
		(void)str_copy(item.version, sizeof(item.version), ng->version);
		if (plan_add_item(c, &item, err) != 0)
			return -1;
		behind++;
	}
	if (behind > 0)
		set(c, CHECK_FAIL,
		    "%zu of %zu managed node groups %s not at the control plane version %s; EKS "
		    "rejects the update until %s (UpdateNodegroupVersion)",
		    behind, s->nodegroup_count, plural(behind, "is", "are"), plan->current_version,
		    plural(behind, "it is", "they are"));
	else if (s->nodegroup_count == 0)
		set(c, CHECK_PASS, "no managed node groups");
	else
		set(c, CHECK_PASS, "%s %zu managed node group%s %s at %s",
		    plural(s->nodegroup_count, "the", "all"), s->nodegroup_count,
		    plural(s->nodegroup_count, "", "s"), plural(s->nodegroup_count, "is", "are"),
		    plan->current_version);
	return 0;
}

static int check_addons(const struct eks_state *s, const char *step, struct plan *plan,
			struct err *err)
{
	struct check *c = &plan->checks[CHECK_ADDON_COMPATIBILITY];
	size_t stale = 0;

	c->item_kind = ITEMS_ADDONS;
	if (step == NULL) {
		set(c, CHECK_SKIP, "no target version");
		return 0;
	}
	if (!s->addons_result.ok) {
		skip_for(c, "ListAddons", &s->addons_result);
		return 0;
	}
	for (size_t i = 0; i < s->addon_count; i++) {
		const struct eks_addon *a = &s->addons[i];
		struct check_item item;

		if (!a->result.ok) {
			skip_for(c, "DescribeAddon", &a->result);
			return 0;
		}
		if (!a->versions_result.ok) {
			skip_for(c, "DescribeAddonVersions", &a->versions_result);
			return 0;
		}
		if (a->compatible)
			continue;
		memset(&item, 0, sizeof(item));
		(void)str_copy(item.name, sizeof(item.name), a->name);
		(void)str_copy(item.version, sizeof(item.version), a->version);
		(void)str_copy(item.default_version, sizeof(item.default_version),
			       a->default_version);
		if (plan_add_item(c, &item, err) != 0)
			return -1;
		stale++;
	}
	if (stale > 0)
		set(c, CHECK_WARN,
		    "%zu of %zu add-ons %s not list %s as compatible; update %s to the target's "
		    "default version after the control plane",
		    stale, s->addon_count, plural(stale, "does", "do"), step,
		    plural(stale, "it", "them"));
	else if (s->addon_count == 0)
		set(c, CHECK_PASS, "no EKS add-ons");
	else
		set(c, CHECK_PASS, "%s %zu add-on%s support%s %s",
		    plural(s->addon_count, "the", "all"), s->addon_count,
		    plural(s->addon_count, "", "s"), plural(s->addon_count, "s", ""), step);
	return 0;
}

static int check_insights(const struct eks_state *s, const char *step, bool force,
			  struct plan *plan, struct err *err)
{
	struct check *c = &plan->checks[CHECK_UPGRADE_INSIGHTS];
	size_t errors = 0, warnings = 0, relevant = 0;

	c->item_kind = ITEMS_INSIGHTS;
	if (step == NULL) {
		set(c, CHECK_SKIP, "no target version");
		return 0;
	}
	if (!s->insights_result.ok) {
		skip_for(c, "ListInsights", &s->insights_result);
		return 0;
	}
	for (size_t i = 0; i < s->insight_count; i++) {
		const struct eks_insight *in = &s->insights[i];
		struct check_item item;

		if ((in->category[0] && strcmp(in->category, "UPGRADE_READINESS") != 0) ||
		    (in->kubernetes_version[0] && strcmp(in->kubernetes_version, step) != 0))
			continue;
		relevant++;
		if (strcmp(in->status, "PASSING") == 0)
			continue;
		if (strcmp(in->status, "ERROR") == 0)
			errors++;
		else
			warnings++; /* WARNING, UNKNOWN, and values newer than our model */
		memset(&item, 0, sizeof(item));
		(void)str_copy(item.id, sizeof(item.id), in->id);
		(void)str_copy(item.name, sizeof(item.name), in->name);
		(void)str_copy(item.status, sizeof(item.status),
			       in->status[0] ? in->status : "UNKNOWN");
		if (plan_add_item(c, &item, err) != 0)
			return -1;
	}
	if (errors > 0 && !force)
		set(c, CHECK_FAIL,
		    "%zu upgrade insight%s for %s %s ERROR; fix %s, or pass --force to apply to "
		    "override (sends force=true)",
		    errors, plural(errors, "", "s"), step, plural(errors, "is", "are"),
		    plural(errors, "it", "them"));
	else if (errors > 0)
		set(c, CHECK_WARN, "%zu upgrade insight%s for %s %s ERROR; overridden by --force",
		    errors, plural(errors, "", "s"), step, plural(errors, "is", "are"));
	else if (warnings > 0)
		set(c, CHECK_WARN, "%zu upgrade insight%s for %s need%s attention", warnings,
		    plural(warnings, "", "s"), step, plural(warnings, "s", ""));
	else
		set(c, CHECK_PASS, "%zu upgrade insight%s for %s, %s", relevant,
		    plural(relevant, "", "s"), step, plural(relevant, "passing", "all passing"));
	return 0;
}

int checks_choose(const struct checks_request *req, const struct eks_state *state,
		  const char *region, struct plan *plan, const char **step, struct err *err)
{
	struct k8s_version current;

	memset(plan, 0, sizeof(*plan));
	for (int i = 0; i < CHECK_COUNT; i++)
		plan->checks[i].id = check_ids[i];
	(void)str_copy(plan->cluster, sizeof(plan->cluster), state->cluster.name);
	(void)str_copy(plan->region, sizeof(plan->region), region);
	(void)str_copy(plan->arn, sizeof(plan->arn), state->cluster.arn);
	(void)str_copy(plan->status, sizeof(plan->status), state->cluster.status);
	(void)str_copy(plan->current_version, sizeof(plan->current_version),
		       state->cluster.version);
	(void)str_copy(plan->platform_version, sizeof(plan->platform_version),
		       state->cluster.platform_version);
	if (k8s_version_parse(state->cluster.version, &current) != 0)
		return err_set(err, EXIT_RUNTIME, "DescribeCluster: unexpected version \"%.32s\"",
			       state->cluster.version);
	*step = choose_target(req, state, current, plan);
	return 0;
}

int checks_judge(const struct checks_request *req, struct eks_state *state, const char *step,
		 struct plan *plan, struct err *err)
{
	check_updates(state, step, plan);
	check_status(state, plan);
	if (step == NULL && plan->target_version[0] == '\0') {
		/* Nothing to do: the remaining checks have nothing to look at, and
		 * a busy cluster blocks nothing (SPEC §3: exit 0). */
		for (int i = CHECK_CLUSTER_STATUS; i <= CHECK_UPDATE_IN_PROGRESS; i++) {
			struct check *c = &plan->checks[i];
			size_t len = strlen(c->message);

			if (c->status != CHECK_FAIL)
				continue;
			c->status = CHECK_WARN;
			(void)str_copy(c->message + len, sizeof(c->message) - len,
				       "; nothing to upgrade, so it blocks nothing");
		}
		for (int i = CHECK_VERSION_SUPPORT; i < CHECK_COUNT; i++)
			set(&plan->checks[i], CHECK_SKIP, "nothing to upgrade");
		check_support(state, NULL, plan);
	} else {
		check_support(state, step, plan);
		if (check_nodegroups(state, plan, err) != 0 ||
		    check_addons(state, step, plan, err) != 0 ||
		    check_insights(state, step, req->force, plan, err) != 0)
			return -1;
	}
	for (int i = 0; i < CHECK_COUNT; i++)
		if (plan->checks[i].status == CHECK_FAIL)
			plan->blocked = true;
	return 0;
}

int checks_run(struct aws *aws, const struct checks_request *req, struct plan *plan,
	       struct eks_state *state, struct err *err)
{
	const char *step;

	memset(plan, 0, sizeof(*plan));
	memset(state, 0, sizeof(*state));
	if (eks_read_overview(aws, req->cluster, state, err) != 0 ||
	    checks_choose(req, state, aws->region, plan, &step, err) != 0 ||
	    eks_read_details(aws, req->cluster, step, state, err) != 0)
		return -1;
	return checks_judge(req, state, step, plan, err);
}
