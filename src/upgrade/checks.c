#include "upgrade/checks.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "upgrade/follow.h"
#include "upgrade/skew.h"
#include "util/clock.h"
#include "util/str.h"

static const char *const check_ids[CHECK_COUNT] = {
    [CHECK_CLUSTER_STATUS] = "cluster-status",
    [CHECK_UPDATE_IN_PROGRESS] = "update-in-progress",
    [CHECK_VERSION_TARGET] = "version-target",
    [CHECK_VERSION_SUPPORT] = "version-support",
    [CHECK_NODEGROUP_SKEW] = "nodegroup-skew",
    [CHECK_ADDON_COMPATIBILITY] = "addon-compatibility",
    [CHECK_UPGRADE_INSIGHTS] = "upgrade-insights",
    [CHECK_ROLLBACK_WINDOW] = "rollback-window",
    [CHECK_DATAPLANE_SKEW] = "dataplane-skew",
    [CHECK_POD_DISRUPTION] = "pod-disruption",
};

/* EKS rolls a control plane back within 7 days of an in-place upgrade
 * (SPEC §10), judged from the upgrade's createdAt: the only time the API
 * gives, and an earlier one than its completion, so the window we state
 * never outlasts EKS's. */
#define ROLLBACK_WINDOW_SECONDS (7 * 86400)

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

/* Times from AWS are untrusted doubles: outside year 1970..9999 they are
 * "unknown" (a 1e300 cast to time_t is undefined behaviour). */
#define EPOCH_MAX 253402300799.0

static void format_date_time(double epoch, char *out, size_t cap)
{
	time_t t = epoch > 0 && epoch <= EPOCH_MAX ? (time_t)epoch : 0;
	struct tm tm;

	if (t == 0 || gmtime_r(&t, &tm) == NULL ||
	    strftime(out, cap, "%Y-%m-%d %H:%M UTC", &tm) == 0)
		(void)str_copy(out, cap, "unknown");
}

static void format_date(double epoch, char *out, size_t cap)
{
	time_t t = epoch > 0 && epoch <= EPOCH_MAX ? (time_t)epoch : 0;
	struct tm tm;

	if (t == 0 || gmtime_r(&t, &tm) == NULL || strftime(out, cap, "%Y-%m-%d", &tm) == 0)
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
	if (req->rollback && !req->has_target) {
		target = (struct k8s_version){current.major, current.minor - 1};
	} else if (!req->has_target) {
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
	if (steps == -1 && current.minor > 0) {
		/* One minor down: a rollback (SPEC §3, §10). */
		plan->kind = PLAN_KIND_ROLLBACK;
		(void)str_copy(plan->path[0], sizeof(plan->path[0]), target_text);
		plan->path_len = 1;
		if (known && !offered(s, target_text)) {
			set(c, CHECK_FAIL,
			    "%s is no longer supported by EKS (DescribeClusterVersions): there is "
			    "nothing to roll back to",
			    target_text);
			return NULL;
		}
		if (known)
			set(c, CHECK_PASS, "%s is one minor version down: a rollback", target_text);
		else
			set(c, CHECK_WARN,
			    "cannot read the versions EKS offers (%s: %s); assuming %s is still "
			    "supported",
			    s->versions_result.code[0] ? s->versions_result.code
						       : "DescribeClusterVersions",
			    s->versions_result.message, target_text);
		return plan->path[0];
	}
	if (req->rollback) {
		set(c, CHECK_FAIL,
		    "%s is not one minor version below %s: EKS rolls back one minor "
		    "version only",
		    target_text, plan->current_version);
		plan->upgrade_available = false;
		return NULL;
	}
	if (steps < 0) {
		set(c, CHECK_FAIL,
		    "%s is %d minor versions below the current version %s; EKS rolls back one "
		    "minor version only (to %d.%d, within 7 days of the upgrade)",
		    target_text, -steps, plan->current_version, current.major, current.minor - 1);
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
		/* InProgress, and any status the model does not list (Cancelling
		 * during an Auto Mode rollback): still running (SPEC §10). */
		if (follow_update_ended(u->status))
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
		if (step != NULL &&
		    strcmp(u->type, plan->kind == PLAN_KIND_ROLLBACK ? "VersionRollback"
								     : "VersionUpdate") == 0 &&
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

/* Whole days from now until `end` (negative once it has passed). */
static long days_until(double end, time_t now)
{
	double d = (end - (double)now) / 86400.0;

	if (d > 1e6 || d < -1e6) /* untrusted: keep the cast defined */
		d = d > 0 ? 1e6 : -1e6;
	return (long)(d >= 0 ? d : d - 0.999999);
}

/* EKS's own status says so, or the date has passed. */
static bool standard_support_ended(const struct eks_cluster_version *v, time_t now)
{
	return extended(v) ||
	       (v->end_of_standard_support > 0 && (double)now >= v->end_of_standard_support);
}

/* The support window (SPEC §4): the current version's standard support,
 * what happens when it ends (by the cluster's upgradePolicy.supportType),
 * and whether the target is in extended support. */
static void check_support(const struct eks_state *s, const char *step, int warn_days, time_t now,
			  struct plan *plan)
{
	struct check *c = &plan->checks[CHECK_VERSION_SUPPORT];
	const struct eks_cluster_version *cur = find_version(s, plan->current_version);
	const struct eks_cluster_version *tgt = step ? find_version(s, step) : NULL;
	struct plan_support *sup = &plan->support;
	char cur_std[16], cur_ext[16], tgt_std[16], target_part[96] = "";
	bool standard = strcmp(s->cluster.support_type, "STANDARD") == 0;
	bool tgt_extended = tgt != NULL && standard_support_ended(tgt, now);
	long days;

	(void)str_copy(sup->support_type, sizeof(sup->support_type), s->cluster.support_type);
	if (!s->versions_result.ok) {
		skip_for(c, "DescribeClusterVersions", &s->versions_result);
		return;
	}
	if (cur == NULL) {
		set(c, CHECK_WARN, "EKS lists no support dates for %s", plan->current_version);
		return;
	}
	sup->known = true;
	sup->end_of_standard = cur->end_of_standard_support;
	sup->end_of_extended = cur->end_of_extended_support;
	days = days_until(cur->end_of_standard_support, now);
	sup->days_to_end_of_standard = cur->end_of_standard_support > 0 ? days : 0;
	format_date(cur->end_of_standard_support, cur_std, sizeof(cur_std));
	format_date(cur->end_of_extended_support, cur_ext, sizeof(cur_ext));
	if (tgt != NULL) {
		format_date(tgt->end_of_standard_support, tgt_std, sizeof(tgt_std));
		(void)str_fmt(target_part, sizeof(target_part), "; %s %s%s", step,
			      tgt_extended ? "is in extended support" : "until ",
			      tgt_extended ? (standard_support_ended(cur, now) ? " too" : "")
					   : tgt_std);
	}
	if (standard_support_ended(cur, now)) {
		if (standard)
			set(c, CHECK_WARN,
			    "%s left standard support on %s: EKS upgrades the control plane "
			    "automatically (add-ons and nodes are not upgraded; EKS Auto Mode "
			    "nodes "
			    "may be)%s",
			    plan->current_version, cur_std, target_part);
		else
			set(c, CHECK_WARN,
			    "%s is in extended support (extra cost) since %s, until %s%s",
			    plan->current_version, cur_std, cur_ext, target_part);
	} else if (cur->end_of_standard_support > 0 && days <= warn_days) {
		if (standard)
			set(c, CHECK_WARN,
			    "%s: EKS upgrades the control plane automatically after %s (%ld day%s; "
			    "add-ons and nodes are not upgraded; EKS Auto Mode nodes may be)%s",
			    plan->current_version, cur_std, days, plural((size_t)days, "", "s"),
			    target_part);
		else
			set(c, CHECK_WARN, "%s: extended-support pricing starts %s (%ld day%s)%s",
			    plan->current_version, cur_std, days, plural((size_t)days, "", "s"),
			    target_part);
	} else if (tgt_extended) {
		set(c, CHECK_WARN, "%s is in standard support until %s%s", plan->current_version,
		    cur_std, target_part);
	} else if (tgt != NULL) {
		set(c, CHECK_PASS, "%s in standard support until %s%s", plan->current_version,
		    cur_std, target_part);
	} else {
		set(c, CHECK_PASS, "%s (%s) in standard support until %s", plan->current_version,
		    cur->version_status, cur_std);
	}
}

/* rollback-window (SPEC §10): the Successful VersionUpdate to the current
 * version less than 7 days old, no rollback since, and the version rolled
 * back to usable by this cluster's support type. A rollback to the target
 * already running passed all that when EKS accepted it: adopting it is not
 * judged again (the window may have closed since). */
static void check_rollback_window(const struct eks_state *s, time_t now, struct plan *plan)
{
	struct check *c = &plan->checks[CHECK_ROLLBACK_WINDOW];
	const struct eks_update *upgrade = NULL, *rolled = NULL;
	const struct eks_cluster_version *to = find_version(s, plan->path[0]);
	char started[32], closes[32];
	double until;

	if (plan->adoptable) {
		set(c, CHECK_PASS,
		    "rollback %s to %s is already running (EKS accepted it); apply adopts it",
		    plan->update_in_progress.id, plan->path[0]);
		return;
	}
	if (!s->updates_result.ok) {
		skip_for(c, "ListUpdates", &s->updates_result);
		return;
	}
	for (size_t i = 0; i < s->update_count; i++) {
		const struct eks_update *u = &s->updates[i];

		if (!u->result.ok) {
			skip_for(c, "DescribeUpdate", &u->result);
			return;
		}
		if (strcmp(u->type, "VersionUpdate") == 0 && strcmp(u->status, "Successful") == 0 &&
		    strcmp(u->version, plan->current_version) == 0 &&
		    (upgrade == NULL || u->created_at > upgrade->created_at))
			upgrade = u;
	}
	for (size_t i = 0; upgrade != NULL && i < s->update_count; i++) {
		const struct eks_update *u = &s->updates[i];

		if (strcmp(u->type, "VersionRollback") == 0 &&
		    strcmp(u->status, "Successful") == 0 && u->created_at > upgrade->created_at)
			rolled = u;
	}
	if (upgrade == NULL) {
		set(c, CHECK_FAIL,
		    "no Successful VersionUpdate to %s in the cluster's updates: EKS rolls back "
		    "only "
		    "an in-place upgrade (a cluster created at %s cannot roll back)",
		    plan->current_version, plan->current_version);
		return;
	}
	until = upgrade->created_at + ROLLBACK_WINDOW_SECONDS;
	plan->rollback_until = until;
	format_date_time(upgrade->created_at, started, sizeof(started));
	format_date_time(until, closes, sizeof(closes));
	if (rolled != NULL)
		set(c, CHECK_FAIL,
		    "the cluster was already rolled back since its upgrade to %s (update %s): EKS "
		    "rolls back one step only",
		    plan->current_version, rolled->id);
	else if ((double)now >= until)
		set(c, CHECK_FAIL,
		    "the upgrade to %s (update %s) started %s; the 7-day rollback window closed %s",
		    plan->current_version, upgrade->id, started, closes);
	else if (to != NULL && standard_support_ended(to, now) &&
		 s->cluster.support_type[0] != '\0' &&
		 strcmp(s->cluster.support_type, "EXTENDED") != 0)
		set(c, CHECK_FAIL,
		    "%s is in extended support and the cluster's support type is %s: set "
		    "upgradePolicy.supportType to EXTENDED first",
		    plan->path[0],
		    s->cluster.support_type[0] ? s->cluster.support_type : "unknown");
	else
		set(c, CHECK_PASS,
		    "rollback possible until %s (7 days after update %s to %s started, %s)", closes,
		    upgrade->id, plan->current_version, started);
}

/* The support window of the target of a later step: only whether it is in
 * extended support. */
static void check_step_support(const struct eks_state *s, const char *step, struct check *c)
{
	const struct eks_cluster_version *tgt = find_version(s, step);
	char std[16];

	if (!s->versions_result.ok) {
		skip_for(c, "DescribeClusterVersions", &s->versions_result);
		return;
	}
	if (tgt == NULL) {
		set(c, CHECK_WARN, "EKS lists no support dates for %s", step);
		return;
	}
	format_date(tgt->end_of_standard_support, std, sizeof(std));
	if (extended(tgt))
		set(c, CHECK_WARN, "%s is in extended support (extra cost)", step);
	else
		set(c, CHECK_PASS, "%s in standard support until %s", step, std);
}

static bool custom_ami(const struct eks_nodegroup *ng)
{
	return strcmp(ng->ami_type, "CUSTOM") == 0;
}

/* A node group that is not ACTIVE (NodegroupStatus): UPDATING and DEGRADED
 * can still take UpdateNodegroupVersion (an update already running is
 * adopted or waited for; a degraded one may fail), anything else (CREATING,
 * CREATE_FAILED, DELETING, DELETE_FAILED, a value newer than the model)
 * cannot, and is left alone like a custom AMI. */
static bool not_active(const struct eks_nodegroup *ng)
{
	return ng->status[0] != '\0' && strcmp(ng->status, "ACTIVE") != 0;
}

static bool left_alone(const struct eks_nodegroup *ng)
{
	return custom_ami(ng) || (not_active(ng) && strcmp(ng->status, "UPDATING") != 0 &&
				  strcmp(ng->status, "DEGRADED") != 0);
}

/* How nodegroup-skew judges a step: a rollback's; an upgrade's first step
 * (where --with-nodegroups moves a node group the rule would break to the
 * control plane's version before it); with --with-nodegroups. */
struct nodegroup_scope {
	bool rollback, first_step, with_nodegroups;
};

static int check_nodegroups(const struct eks_state *s, const char *current, const char *step,
			    struct nodegroup_scope scope, struct check *c, struct err *err)
{
	struct k8s_version cp, target, newest;
	size_t behind = 0, too_far = 0, newer = 0, unknown = 0, planned = 0, custom = 0, first = 0,
	       inactive = 0;
	const struct eks_nodegroup *first_ng = NULL, *inactive_ng = NULL, *oldest = NULL;
	struct k8s_version oldest_version = {0, 0};
	char oldest_part[192] = "", limit[16];
	bool rollback = scope.rollback, with_nodegroups = scope.with_nodegroups, listed;

	c->item_kind = ITEMS_NODEGROUPS;
	if (!s->nodegroups_result.ok) {
		skip_for(c, "ListNodegroups", &s->nodegroups_result);
		return 0;
	}
	if (k8s_version_parse(current, &cp) != 0 || k8s_version_parse(step, &target) != 0) {
		set(c, CHECK_SKIP, "no control plane version to compare with");
		return 0;
	}
	/* No kubelet newer than the control plane, now or after this step. */
	newest = k8s_version_cmp(target, cp) < 0 ? target : cp;
	for (size_t i = 0; i < s->nodegroup_count; i++) {
		const struct eks_nodegroup *ng = &s->nodegroups[i];
		struct check_item item;
		struct k8s_version k;

		if (!ng->result.ok) {
			skip_for(c, "DescribeNodegroup", &ng->result);
			return 0;
		}
		if (not_active(ng) && inactive++ == 0)
			inactive_ng = ng;
		/* --with-nodegroups moves every node group it can to the step's
		 * version (SPEC §9): nothing to judge, only to list. One the rule
		 * would break at the first step goes to the control plane's
		 * version before it (SPEC §3: the step plans the data plane
		 * first). A node group newer than the control plane is judged. */
		if (with_nodegroups && !left_alone(ng) &&
		    (rollback || k8s_version_parse(ng->version, &k) != 0 ||
		     k8s_version_cmp(k, cp) <= 0)) {
			if (strcmp(ng->version, step) != 0)
				planned++;
			if (!rollback && scope.first_step &&
			    k8s_version_parse(ng->version, &k) == 0 && !skew_allowed(k, target) &&
			    first++ == 0)
				first_ng = ng;
			continue;
		}
		listed = false;
		if (with_nodegroups && left_alone(ng)) {
			/* Left alone (SPEC §9): named, and judged by the rule below. */
			custom += custom_ami(ng);
			if (strcmp(ng->version, step) != 0) {
				memset(&item, 0, sizeof(item));
				(void)str_copy(item.name, sizeof(item.name), ng->name);
				(void)str_copy(item.version, sizeof(item.version), ng->version);
				if (plan_add_item(c, &item, err) != 0)
					return -1;
				listed = true;
			}
		}
		/* Where it should be: at the control plane's version, or for a
		 * rollback at the version rolled back to. */
		if (strcmp(ng->version, rollback ? step : current) == 0)
			continue;
		if (k8s_version_parse(ng->version, &k) != 0)
			unknown++;
		else if (k8s_version_cmp(k, newest) > 0)
			newer++;
		else if (!skew_allowed(k, target))
			too_far++;
		else if (behind++ == 0 || k8s_version_cmp(k, oldest_version) < 0) {
			oldest = ng;
			oldest_version = k;
		}
		if (listed)
			continue;
		memset(&item, 0, sizeof(item));
		(void)str_copy(item.name, sizeof(item.name), ng->name);
		(void)str_copy(item.version, sizeof(item.version), ng->version);
		if (plan_add_item(c, &item, err) != 0)
			return -1;
	}
	if (newer > 0 && rollback)
		set(c, CHECK_FAIL,
		    "%zu of %zu managed node group%s %s newer than %s, the version after the "
		    "rollback; roll %s back first (UpdateNodegroupVersion to %s)",
		    newer, s->nodegroup_count, plural(s->nodegroup_count, "", "s"),
		    plural(newer, "is", "are"), step, plural(newer, "it", "them"), step);
	else if (newer > 0)
		set(c, CHECK_FAIL,
		    "%zu of %zu managed node group%s %s newer than the control plane %s; EKS "
		    "never runs kubelets newer than the control plane",
		    newer, s->nodegroup_count, plural(s->nodegroup_count, "", "s"),
		    plural(newer, "is", "are"), current);
	else if (too_far > 0)
		set(c, CHECK_FAIL,
		    "%zu of %zu managed node group%s would be too far behind %s (kubelets may be "
		    "at "
		    "most 3 minor versions behind the control plane, 2 for 1.24 and older); update "
		    "%s first (UpdateNodegroupVersion)",
		    too_far, s->nodegroup_count, plural(s->nodegroup_count, "", "s"), step,
		    plural(too_far, "it", "them"));
	else if (custom > 0 && with_nodegroups)
		set(c, CHECK_WARN,
		    "%zu managed node group%s with a custom AMI (amiType CUSTOM) %s left alone: "
		    "update %s launch template yourself%s",
		    custom, plural(custom, "", "s"), plural(custom, "is", "are"),
		    plural(custom, "its", "their"),
		    planned > 0 ? "; the others will be updated" : "");
	else if (planned > 0 && behind + unknown == 0 && first > 0)
		set(c, CHECK_PASS,
		    "%zu of %zu managed node group%s will be updated to the control plane's "
		    "version; %zu (%s at %s) would be too far behind %s, so %s updated to %s "
		    "before the control plane",
		    planned, s->nodegroup_count, plural(s->nodegroup_count, "", "s"), first,
		    first_ng->name, first_ng->version, step, plural(first, "it is", "they are"),
		    current);
	else if (planned > 0 && behind + unknown == 0)
		set(c, CHECK_PASS, "%zu of %zu managed node group%s will be updated to %s", planned,
		    s->nodegroup_count, plural(s->nodegroup_count, "", "s"),
		    rollback ? step : "the control plane's version");
	else if (behind + unknown > 0) {
		/* How far they may fall (SPEC §4), as dataplane-skew says it. */
		if (oldest != NULL) {
			k8s_version_format(skew_limit(oldest_version), limit, sizeof(limit));
			(void)str_fmt(oldest_part, sizeof(oldest_part),
				      "; %s%s at %s allows the control plane up to %s",
				      behind > 1 ? "the oldest, " : "", oldest->name,
				      oldest->version, limit);
		}
		set(c, CHECK_WARN,
		    "%zu of %zu managed node group%s %s behind the control plane %s%s; allowed at "
		    "%s (kubelets may be up to 3 minor versions behind, 2 for 1.24 and older)%s",
		    behind + unknown, s->nodegroup_count, plural(s->nodegroup_count, "", "s"),
		    plural(behind + unknown, "is", "are"), current,
		    unknown > 0 ? " or of unknown version" : "", step, oldest_part);
	} else if (s->nodegroup_count == 0)
		set(c, CHECK_PASS, "no managed node groups");
	else if (rollback)
		set(c, CHECK_PASS, "%s %zu managed node group%s %s within the skew rule at %s",
		    plural(s->nodegroup_count, "the", "all"), s->nodegroup_count,
		    plural(s->nodegroup_count, "", "s"), plural(s->nodegroup_count, "is", "are"),
		    step);
	else
		set(c, CHECK_PASS, "%s %zu managed node group%s %s at %s",
		    plural(s->nodegroup_count, "the", "all"), s->nodegroup_count,
		    plural(s->nodegroup_count, "", "s"), plural(s->nodegroup_count, "is", "are"),
		    current);
	if (inactive > 0) {
		size_t len = strlen(c->message);

		if (c->status == CHECK_PASS)
			c->status = CHECK_WARN;
		(void)str_fmt(
		    c->message + len, sizeof(c->message) - len,
		    "; %zu managed node group%s not ACTIVE (%s is %s)%s", inactive,
		    plural(inactive, " is", "s are"), inactive_ng->name, inactive_ng->status,
		    !with_nodegroups ? ""
		    : left_alone(inactive_ng)
			? ": EKS cannot update it, so --with-nodegroups leaves it alone"
			: ": its update may wait for the one running or fail on its health issues");
	}
	return 0;
}

/* What DescribeAddonVersions said of the add-on for `version`; NULL when it
 * was not asked. */
static const struct eks_addon_target *addon_target(const struct eks_addon *a, const char *version)
{
	for (size_t i = 0; version != NULL && i < a->target_count; i++)
		if (strcmp(a->targets[i].version, version) == 0)
			return &a->targets[i];
	return NULL;
}

/* An add-on that does not list the control plane's current version as
 * compatible (a step whose add-on update failed, then a re-run): with
 * --with-addons it goes to the current version's default before the control
 * plane moves on; with no version for the current one, that is a fail. */
static bool addon_behind(const struct eks_addon *a, const char *current,
			 const struct eks_addon_target **t)
{
	*t = addon_target(a, current);
	return *t != NULL && (*t)->result.ok && !(*t)->compatible;
}

/* `current`: the control plane's version, judged for an upgrade's first
 * step with --with-addons (NULL otherwise). */
static int check_addons(const struct eks_state *s, size_t step_index, const char *step,
			const char *current, bool rollback, bool with_addons, struct check *c,
			struct err *err)
{
	size_t stale = 0, no_version = 0, no_common = 0, behind = 0, stranded = 0;
	const struct eks_addon *first_behind = NULL, *first_stranded = NULL;
	const char *also = "";

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
		const struct eks_addon_target *t = step_index < a->target_count
						       ? &a->targets[step_index]
						       : NULL,
					      *now;
		struct check_item item;

		if (!a->result.ok) {
			skip_for(c, "DescribeAddon", &a->result);
			return 0;
		}
		if (t == NULL) {
			set(c, CHECK_SKIP, "DescribeAddonVersions was not read for %s", step);
			return 0;
		}
		if (!t->result.ok) {
			skip_for(c, "DescribeAddonVersions", &t->result);
			return 0;
		}
		if (with_addons && current != NULL && strcmp(current, step) != 0 &&
		    addon_behind(a, current, &now)) {
			if (now->default_version[0] != '\0' && behind++ == 0)
				first_behind = a;
			if (now->default_version[0] == '\0' && stranded++ == 0)
				first_stranded = a;
		}
		if (t->compatible)
			continue;
		if (!t->has_versions || t->default_version[0] == '\0')
			no_version++;
		else if (eks_addon_move_to(t)[0] == '\0')
			no_common++;
		also = t->also;
		memset(&item, 0, sizeof(item));
		(void)str_copy(item.name, sizeof(item.name), a->name);
		(void)str_copy(item.version, sizeof(item.version), a->version);
		(void)str_copy(item.default_version, sizeof(item.default_version),
			       eks_addon_move_to(t)[0] != '\0' ? eks_addon_move_to(t)
							       : t->default_version);
		if (plan_add_item(c, &item, err) != 0)
			return -1;
		stale++;
	}
	if (stranded > 0)
		set(c, CHECK_FAIL,
		    "%zu of %zu add-ons (%s at %s) %s not compatible with the control plane's %s "
		    "and EKS lists no version of %s for it: --with-addons cannot move %s before "
		    "the control plane moves on; update or remove %s first",
		    stranded, s->addon_count, first_stranded->name, first_stranded->version,
		    plural(stranded, "is", "are"), current, plural(stranded, "it", "them"),
		    plural(stranded, "it", "them"), plural(stranded, "it", "them"));
	else if (no_version > 0 && with_addons)
		set(c, CHECK_FAIL,
		    "%zu of %zu add-ons %s no version for %s: --with-addons cannot update %s; "
		    "remove %s or wait for a build",
		    no_version, s->addon_count, plural(no_version, "has", "have"), step,
		    plural(no_version, "it", "them"), plural(no_version, "it", "them"));
	else if (no_common > 0 && with_addons)
		set(c, CHECK_FAIL,
		    "%zu of %zu add-ons %s no version that supports both %s and %s: EKS takes "
		    "only a version for the control plane's %s, so --with-addons cannot move %s "
		    "before the rollback; remove %s, or move %s by hand",
		    no_common, s->addon_count, plural(no_common, "has", "have"), also, step, also,
		    plural(no_common, "it", "them"), plural(no_common, "it", "them"),
		    plural(no_common, "it", "them"));
	else if (stale > 0 && with_addons && rollback)
		set(c, CHECK_PASS,
		    "%zu of %zu add-ons will be updated before the rollback to a version that "
		    "supports both %s and %s (%s's default where it does)",
		    stale, s->addon_count, also, step, step);
	else if (stale > 0 && with_addons)
		set(c, CHECK_PASS, "%zu of %zu add-ons will be updated to %s's default version%s",
		    stale, s->addon_count, step,
		    current != NULL && strcmp(current, step) == 0 ? ""
								  : " after the control plane");
	else if (stale > 0 && rollback)
		set(c, CHECK_FAIL,
		    "%zu of %zu add-ons %s not list %s as compatible: move %s to a version that "
		    "supports %s and %s (one is listed) before rolling back, or pass --with-addons",
		    stale, s->addon_count, plural(stale, "does", "do"), step,
		    plural(stale, "it", "them"), also, step);
	else if (stale > 0)
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
	if (behind > 0 && c->status != CHECK_FAIL) {
		size_t len = strlen(c->message);

		(void)str_fmt(c->message + len, sizeof(c->message) - len,
			      "; %zu (%s at %s) %s not compatible with the control plane's %s: "
			      "%s to %s's default before the control plane moves on",
			      behind, first_behind->name, first_behind->version,
			      plural(behind, "is", "are"), current,
			      plural(behind, "it goes", "they go"), current);
	}
	return 0;
}

/* Insights older than this are said to be stale (SPEC §4). */
#define INSIGHTS_STALE_SECONDS (24 * 3600)

static int check_insights(const struct eks_state *s, const char *step, bool rollback, bool force,
			  time_t now, struct check *c, struct err *err)
{
	/* A rollback reads ROLLBACK_READINESS, where UNKNOWN blocks too (SPEC §4). */
	const char *category = rollback ? "ROLLBACK_READINESS" : "UPGRADE_READINESS";
	const char *kind = rollback ? "rollback" : "upgrade";
	size_t errors = 0, warnings = 0, relevant = 0;
	double oldest = 0;
	char stale[96] = "";

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

		if ((in->category[0] && strcmp(in->category, category) != 0) ||
		    (!in->category[0] && rollback) ||
		    (in->kubernetes_version[0] && strcmp(in->kubernetes_version, step) != 0))
			continue;
		relevant++;
		if (in->last_refresh_time > 0 && (oldest == 0 || in->last_refresh_time < oldest))
			oldest = in->last_refresh_time;
		if (strcmp(in->status, "PASSING") == 0)
			continue;
		if (strcmp(in->status, "ERROR") == 0 ||
		    (rollback && (strcmp(in->status, "UNKNOWN") == 0 || in->status[0] == '\0')))
			errors++;
		else
			warnings++; /* WARNING, UNKNOWN, and values newer than our model */
		memset(&item, 0, sizeof(item));
		(void)str_copy(item.id, sizeof(item.id), in->id);
		(void)str_copy(item.name, sizeof(item.name), in->name);
		(void)str_copy(item.status, sizeof(item.status),
			       in->status[0] ? in->status : "UNKNOWN");
		item.insight = in;
		if (plan_add_item(c, &item, err) != 0)
			return -1;
	}
	if (oldest > 0 && now - (time_t)oldest > INSIGHTS_STALE_SECONDS)
		(void)str_fmt(stale, sizeof(stale),
			      " (last refreshed %ld h ago; --refresh-insights asks for new ones)",
			      (long)((now - (time_t)oldest) / 3600));
	if (errors > 0 && !force)
		set(c, CHECK_FAIL,
		    "%zu %s insight%s for %s %s %s; fix %s, or pass --force to %s to override "
		    "(sends force=true)%s",
		    errors, kind, plural(errors, "", "s"), step, plural(errors, "is", "are"),
		    rollback ? "ERROR or UNKNOWN" : "ERROR", plural(errors, "it", "them"),
		    rollback ? "rollback" : "apply", stale);
	else if (errors > 0)
		set(c, CHECK_WARN, "%zu %s insight%s for %s %s %s; overridden by --force%s", errors,
		    kind, plural(errors, "", "s"), step, plural(errors, "is", "are"),
		    rollback ? "ERROR or UNKNOWN" : "ERROR", stale);
	else if (warnings > 0)
		set(c, CHECK_WARN, "%zu %s insight%s for %s need%s attention%s", warnings, kind,
		    plural(warnings, "", "s"), step, plural(warnings, "s", ""), stale);
	else
		set(c, CHECK_PASS, "%zu %s insight%s for %s, %s%s", relevant, kind,
		    plural(relevant, "", "s"), step, plural(relevant, "passing", "all passing"),
		    stale);
	return 0;
}

/* --- the data plane through the Kubernetes API (SPEC §4, §11) ------------- */

/* "2 self-managed, 1 Fargate": who runs the nodes counted in kinds. */
static void kinds_text(const long *kinds, char *out, size_t cap)
{
	size_t len = 0;

	out[0] = '\0';
	for (int k = 0; k < KUBE_NODE_KINDS; k++) {
		if (kinds[k] == 0)
			continue;
		(void)str_fmt(out + len, cap - len, "%s%ld %s", len ? ", " : "", kinds[k],
			      kube_node_kind_name((enum kube_node_kind)k));
		len = strlen(out);
	}
}

static void add_kinds(long *sum, const struct kube_kubelets *g)
{
	for (int k = 0; k < KUBE_NODE_KINDS; k++)
		sum[k] += g->kinds[k];
}

/* Takes the nodes of kind out of g (a group newer than a rollback's
 * target) and returns how many there were. */
static long take_kind(struct kube_kubelets *g, enum kube_node_kind kind)
{
	long taken = g->kinds[kind];

	g->count -= taken;
	g->kinds[kind] = 0;
	return taken;
}

/* Nodes newer than a rollback's target that do not block it (SPEC §10):
 * EKS rolls Auto Mode nodes back itself, deletes Fargate pods so they come
 * back at the target, and --with-nodegroups moves the managed node groups
 * back first. */
struct rolled_back {
	long auto_mode, fargate, managed;
};

/* "2 managed: --with-nodegroups rolls their node groups back first; 1 Auto
 * Mode: EKS rolls it back itself", after lead when there is any. */
static void rolled_back_text(const struct rolled_back *r, const char *lead, char *out, size_t cap)
{
	char managed[120] = "", auto_mode[80] = "";

	out[0] = '\0';
	if (r->managed + r->auto_mode == 0)
		return;
	if (r->managed > 0)
		(void)str_fmt(managed, sizeof(managed),
			      "%ld managed: --with-nodegroups rolls %s back first", r->managed,
			      plural((size_t)r->managed, "its node group", "their node groups"));
	if (r->auto_mode > 0)
		(void)str_fmt(auto_mode, sizeof(auto_mode),
			      "%s%ld Auto Mode: EKS rolls %s back itself", managed[0] ? "; " : "",
			      r->auto_mode, plural((size_t)r->auto_mode, "it", "them"));
	(void)str_fmt(out, cap, "%s%s%s", lead, managed, auto_mode);
}

/* Managed nodes that the plan's node group updates move before a
 * control-plane step: at kubelet minor `from` now, at `to` by then. */
struct managed_move {
	struct k8s_version from, to;
};

struct managed_moves {
	size_t count;
	struct managed_move moves[KUBE_MAX_GROUPS];
};

/* The managed nodes of the moves, counted at the version their node groups
 * will have (into `out`, a copy of n); the others where they are. Returns
 * how many nodes were moved. */
static long move_managed(const struct kube_nodes *n, const struct managed_moves *m,
			 struct kube_nodes *out)
{
	long moved = 0;

	*out = *n;
	for (size_t i = 0; i < n->group_count; i++) {
		struct kube_kubelets *g = &out->groups[i], *to = NULL;
		const struct managed_move *mv = NULL;
		long taken;

		for (size_t k = 0; g->known && k < m->count; k++)
			if (k8s_version_cmp(m->moves[k].from, g->minor) == 0)
				mv = &m->moves[k];
		if (mv == NULL || g->kinds[KUBE_NODE_MANAGED] == 0)
			continue;
		for (size_t k = 0; k < out->group_count; k++)
			if (out->groups[k].known &&
			    k8s_version_cmp(out->groups[k].minor, mv->to) == 0)
				to = &out->groups[k];
		if (to == NULL && out->group_count < KUBE_MAX_GROUPS) {
			to = &out->groups[out->group_count++];
			memset(to, 0, sizeof(*to));
			to->known = true;
			to->minor = mv->to;
			k8s_version_format(mv->to, to->version, sizeof(to->version));
		}
		if (to == NULL)
			continue; /* no room: judged where they are */
		taken = take_kind(g, KUBE_NODE_MANAGED);
		to->count += taken;
		to->kinds[KUBE_NODE_MANAGED] += taken;
		moved += taken;
	}
	kube_nodes_sort(out);
	return moved;
}

/* Every node's kubelet against the skew rule at `step`, with the control
 * plane at `control_plane` before it: the data plane stays where it is,
 * apart from the managed nodes whose node groups the plan moves first
 * (`moves`, --with-nodegroups). */
static int check_dataplane(const struct checks_request *req, const char *control_plane,
			   const char *step, const struct managed_moves *moves, struct check *c,
			   struct err *err)
{
	const struct kube_nodes *n = req->dataplane != NULL ? &req->dataplane->nodes : NULL;
	const struct kube_kubelets *oldest = NULL, *oldest_blocked = NULL;
	long newer = 0, too_far = 0, ahead = 0, behind = 0, unknown = 0, moved = 0;
	struct rolled_back rolled = {0, 0, 0};
	bool rollback;
	long newer_kinds[KUBE_NODE_KINDS] = {0}, too_far_kinds[KUBE_NODE_KINDS] = {0};
	struct k8s_version cp, target;
	struct kube_nodes *judged = NULL;
	char kinds[160], limit[16], versions[96] = "", moved_note[160] = "";

	c->item_kind = ITEMS_KUBELETS;
	if (req->no_kube_api) {
		set(c, CHECK_SKIP, "--no-kube-api: the nodes were not read");
		return 0;
	}
	if (n == NULL || !n->result.ok) {
		set(c, CHECK_SKIP, "%s", n != NULL ? n->result.reason : "the nodes were not read");
		return 0;
	}
	if (k8s_version_parse(control_plane, &cp) != 0 || k8s_version_parse(step, &target) != 0) {
		set(c, CHECK_SKIP, "no control plane version to compare with");
		return 0;
	}
	rollback = k8s_version_cmp(target, cp) < 0;
	/* The items are the kubelets as they are now; the verdict counts the
	 * moved managed nodes where they will be. */
	for (size_t i = 0; i < n->group_count; i++) {
		struct check_item item;

		memset(&item, 0, sizeof(item));
		(void)str_copy(item.version, sizeof(item.version), n->groups[i].version);
		item.kubelets = n->groups[i];
		if (plan_add_item(c, &item, err) != 0)
			return -1;
	}
	judged = malloc(sizeof(*judged));
	if (judged == NULL)
		return err_set(err, EXIT_RUNTIME, "out of memory");
	if (moves != NULL && moves->count > 0)
		moved = move_managed(n, moves, judged);
	else
		*judged = *n;
	if (moved > 0)
		(void)str_fmt(
		    moved_note, sizeof(moved_note),
		    " (%ld managed node%s counted at the version --with-nodegroups updates "
		    "%s node group%s to first)",
		    moved, plural((size_t)moved, "", "s"), plural((size_t)moved, "its", "their"),
		    plural((size_t)moved, "", "s"));
	for (size_t i = 0; i < judged->group_count; i++) {
		const struct kube_kubelets *g = &judged->groups[i];
		size_t len = strlen(versions);

		if (g->count == 0)
			continue;
		(void)str_fmt(versions + len, sizeof(versions) - len, "%s%s", len ? ", " : "",
			      g->version);
		if (!g->known) {
			unknown += g->count;
		} else if (k8s_version_cmp(g->minor, target) > 0 ||
			   g->minor.major != target.major) {
			struct kube_kubelets kept = *g;

			if (rollback) {
				rolled.auto_mode += take_kind(&kept, KUBE_NODE_AUTO_MODE);
				rolled.fargate += take_kind(&kept, KUBE_NODE_FARGATE);
				if (req->with_nodegroups)
					rolled.managed += take_kind(&kept, KUBE_NODE_MANAGED);
			}
			newer += kept.count;
			add_kinds(newer_kinds, &kept);
		} else if (!skew_allowed(g->minor, target)) {
			too_far += g->count;
			add_kinds(too_far_kinds, g);
			if (oldest_blocked == NULL)
				oldest_blocked = g; /* groups are sorted, oldest first */
		} else if (k8s_version_cmp(g->minor, cp) > 0) {
			ahead += g->count;
		} else if (k8s_version_cmp(g->minor, cp) < 0 &&
			   k8s_version_cmp(g->minor, target) < 0) {
			/* Behind where the control plane will be: a rollback's
			 * nodes at its target are where they should be. */
			behind += g->count;
			if (oldest == NULL)
				oldest = g;
		}
	}
	if (newer > 0) {
		kinds_text(newer_kinds, kinds, sizeof(kinds));
		set(c, CHECK_FAIL,
		    "%ld of %ld node%s (%s) run%s a kubelet newer than %s; a kubelet may never be "
		    "newer than the control plane: replace %s or roll %s back first%s",
		    newer, n->total, plural((size_t)n->total, "", "s"), kinds,
		    plural((size_t)newer, "s", ""), step, plural((size_t)newer, "it", "them"),
		    plural((size_t)newer, "it", "them"), moved_note);
	} else if (too_far > 0) {
		kinds_text(too_far_kinds, kinds, sizeof(kinds));
		k8s_version_format(skew_limit(oldest_blocked->minor), limit, sizeof(limit));
		set(c, CHECK_FAIL,
		    "%ld of %ld node%s (%s) would be too far behind %s: kubelet %s allows the "
		    "control plane up to %s (at most 3 minor versions behind, 2 for 1.24 and "
		    "older); upgrade or replace %s first%s",
		    too_far, n->total, plural((size_t)n->total, "", "s"), kinds, step,
		    oldest_blocked->version, limit, plural((size_t)too_far, "it", "them"),
		    moved_note);
	} else if (behind + ahead + unknown + rolled.fargate > 0) {
		char parts[5][240] = {"", "", "", "", ""};

		if (behind > 0) {
			k8s_version_format(skew_limit(oldest->minor), limit, sizeof(limit));
			(void)str_fmt(
			    parts[0], sizeof(parts[0]),
			    "%ld of %ld node%s %s behind the control plane %s; allowed at "
			    "%s (kubelet %s allows up to %s)",
			    behind, n->total, plural((size_t)n->total, "", "s"),
			    plural((size_t)behind, "is", "are"), control_plane, step,
			    oldest->version, limit);
		}
		if (ahead > 0)
			(void)str_fmt(
			    parts[1], sizeof(parts[1]),
			    "%s%ld node%s %s ahead of the control plane %s (allowed once it "
			    "is at %s)",
			    behind > 0 ? "; " : "", ahead, plural((size_t)ahead, "", "s"),
			    plural((size_t)ahead, "is", "are"), control_plane, step);
		if (unknown > 0)
			(void)str_fmt(parts[2], sizeof(parts[2]),
				      "%s%ld node%s report%s a kubelet version that cannot be read",
				      behind + ahead > 0 ? "; " : "", unknown,
				      plural((size_t)unknown, "", "s"),
				      plural((size_t)unknown, "s", ""));
		if (rolled.fargate > 0)
			(void)str_fmt(
			    parts[3], sizeof(parts[3]),
			    "%s%ld Fargate node%s run%s a kubelet newer than %s: EKS "
			    "deletes %s pod%s during the rollback and they come back at %s",
			    behind + ahead + unknown > 0 ? "; " : "", rolled.fargate,
			    plural((size_t)rolled.fargate, "", "s"),
			    plural((size_t)rolled.fargate, "s", ""), step,
			    plural((size_t)rolled.fargate, "its", "their"),
			    plural((size_t)rolled.fargate, "", "s"), step);
		rolled_back_text(&rolled, "; ", parts[4], sizeof(parts[4]));
		set(c, CHECK_WARN, "%s%s%s%s%s%s", parts[0], parts[1], parts[2], parts[3], parts[4],
		    moved_note);
	} else if (rolled.managed + rolled.auto_mode > 0) {
		char text[240];

		rolled_back_text(&rolled, "", text, sizeof(text));
		set(c, CHECK_PASS,
		    "%ld of %ld node%s run%s a kubelet newer than %s, which does not block the "
		    "rollback: %s",
		    rolled.managed + rolled.auto_mode, n->total, plural((size_t)n->total, "", "s"),
		    plural((size_t)(rolled.managed + rolled.auto_mode), "s", ""), step, text);
	} else if (n->total == 0) {
		set(c, CHECK_PASS, "no nodes");
	} else {
		set(c, CHECK_PASS, "%s %ld node%s run%s kubelet %s%s",
		    plural((size_t)n->total, "the", "all"), n->total,
		    plural((size_t)n->total, "", "s"), plural((size_t)n->total, "s", ""), versions,
		    moved_note);
	}
	free(judged);
	return 0;
}

/* PodDisruptionBudgets that would stall node drains (SPEC §4: never a
 * fail); judged only with --with-nodegroups. */
static int check_pdbs(const struct checks_request *req, struct check *c, struct err *err)
{
	const struct kube_pdbs *p =
	    req->dataplane != NULL && req->dataplane->pdbs_read ? &req->dataplane->pdbs : NULL;

	c->item_kind = ITEMS_PDBS;
	if (c->id == NULL)
		return 0;
	if (req->no_kube_api) {
		set(c, CHECK_SKIP, "--no-kube-api: PodDisruptionBudgets were not read");
		return 0;
	}
	if (p == NULL || !p->result.ok) {
		set(c, CHECK_SKIP, "%s",
		    p != NULL ? p->result.reason : "PodDisruptionBudgets were not read");
		return 0;
	}
	for (size_t i = 0; i < p->listed; i++) {
		struct check_item item;

		memset(&item, 0, sizeof(item));
		(void)str_copy(item.name, sizeof(item.name), p->items[i].name);
		(void)str_copy(item.namespace_name, sizeof(item.namespace_name),
			       p->items[i].namespace_name);
		if (plan_add_item(c, &item, err) != 0)
			return -1;
	}
	if (p->blocking > 0)
		set(c, CHECK_WARN,
		    "%ld of %ld PodDisruptionBudget%s allow%s no disruption now: draining a node "
		    "that runs %s pods stalls (a managed node group update fails with "
		    "PodEvictionFailure after 15 minutes)%s",
		    p->blocking, p->total, plural((size_t)p->total, "", "s"),
		    plural((size_t)p->blocking, "s", ""),
		    plural((size_t)p->blocking, "its", "their"),
		    (size_t)p->blocking > p->listed ? "; the first 100 are named" : "");
	else if (p->total == 0)
		set(c, CHECK_PASS, "no PodDisruptionBudgets");
	else
		set(c, CHECK_PASS, "%s %ld PodDisruptionBudget%s allow%s a disruption now",
		    plural((size_t)p->total, "the", "all"), p->total,
		    plural((size_t)p->total, "", "s"), plural((size_t)p->total, "s", ""));
	return 0;
}

/* The managed node groups' versions when the control plane goes to
 * path[i] (SPEC §3: a step's skew rule counts the data plane the plan moves
 * first): every node group action of the plan before that control-plane
 * action. A kubelet version moves only when all node groups at it move to
 * one version; with a node group unread or unparsed nothing moves. */
static int managed_moves_at(const struct eks_state *s, const struct plan *plan, size_t i,
			    struct managed_moves *out, struct err *err)
{
	struct k8s_version *from, *to;
	int rc = 0;

	out->count = 0;
	if (plan->kind != PLAN_KIND_UPGRADE || !s->nodegroups_result.ok || s->nodegroup_count == 0)
		return 0;
	from = calloc(s->nodegroup_count, sizeof(*from));
	to = calloc(s->nodegroup_count, sizeof(*to));
	if (from == NULL || to == NULL) {
		rc = err_set(err, EXIT_RUNTIME, "out of memory");
		goto out;
	}
	for (size_t k = 0; k < s->nodegroup_count; k++)
		if (!s->nodegroups[k].result.ok ||
		    k8s_version_parse(s->nodegroups[k].version, &from[k]) != 0)
			goto out;
	memcpy(to, from, s->nodegroup_count * sizeof(*to));
	for (size_t a = 0; a < plan->action_count; a++) {
		const struct plan_action *act = &plan->actions[a];

		if (act->type == ACTION_CONTROL_PLANE && act->step == i)
			break;
		for (size_t k = 0; act->type == ACTION_NODEGROUP && k < s->nodegroup_count; k++)
			if (strcmp(s->nodegroups[k].name, act->name) == 0)
				(void)k8s_version_parse(act->to, &to[k]);
	}
	for (size_t k = 0; k < s->nodegroup_count && out->count < KUBE_MAX_GROUPS; k++) {
		bool one_way = k8s_version_cmp(from[k], to[k]) != 0;

		for (size_t j = 0; one_way && j < s->nodegroup_count; j++)
			if (k8s_version_cmp(from[j], from[k]) == 0 &&
			    k8s_version_cmp(to[j], to[k]) != 0)
				one_way = false;
		for (size_t j = 0; one_way && j < out->count; j++)
			if (k8s_version_cmp(out->moves[j].from, from[k]) == 0)
				one_way = false; /* listed already */
		if (one_way)
			out->moves[out->count++] = (struct managed_move){from[k], to[k]};
	}
out:
	free(from);
	free(to);
	return rc;
}

/* A later step: what can be known now about path[i] (SPEC §3). */
static int forecast_step(const struct checks_request *req, const struct eks_state *s,
			 struct plan *plan, size_t i, time_t now, struct err *err)
{
	struct plan_step *st = &plan->later[i];
	struct check *target = &st->checks[CHECK_VERSION_TARGET];
	struct nodegroup_scope scope = {false, false, req->with_nodegroups};
	struct managed_moves moves;

	(void)str_copy(st->from, sizeof(st->from), plan->path[i - 1]);
	(void)str_copy(st->version, sizeof(st->version), plan->path[i]);
	for (int k = CHECK_VERSION_TARGET; k < CHECK_COUNT; k++)
		if (k != CHECK_ROLLBACK_WINDOW) /* an upgrade's later steps */
			st->checks[k].id = check_ids[k];
	if (!req->with_nodegroups)
		st->checks[CHECK_POD_DISRUPTION].id = NULL;
	if (!s->versions_result.ok)
		set(target, CHECK_WARN, "cannot read the versions EKS offers; assuming %s",
		    st->version);
	else if (offered(s, st->version))
		set(target, CHECK_PASS, "%s is one minor version up from %s and offered by EKS",
		    st->version, st->from);
	else
		set(target, CHECK_FAIL, "%s is not offered by EKS (DescribeClusterVersions)",
		    st->version);
	check_step_support(s, st->version, &st->checks[CHECK_VERSION_SUPPORT]);
	/* The control plane will be at path[i-1]: the data plane stays where it is
	 * unless the plan's node group updates move it. */
	if (managed_moves_at(s, plan, i, &moves, err) != 0)
		return -1;
	return check_nodegroups(s, plan->current_version, st->version, scope,
				&st->checks[CHECK_NODEGROUP_SKEW], err) != 0 ||
		       check_addons(s, i, st->version, NULL, false, req->with_addons,
				    &st->checks[CHECK_ADDON_COMPATIBILITY], err) != 0 ||
		       check_insights(s, st->version, false, req->force, now,
				      &st->checks[CHECK_UPGRADE_INSIGHTS], err) != 0 ||
		       check_dataplane(req, st->from, st->version, &moves,
				       &st->checks[CHECK_DATAPLANE_SKEW], err) != 0 ||
		       check_pdbs(req, &st->checks[CHECK_POD_DISRUPTION], err) != 0
		   ? -1
		   : 0;
}

/* --- the plan's actions (SPEC §9) ----------------------------------------- */

/* kube-proxy, vpc-cni, coredns (eksctl's documented order; AWS documents
 * none), then the rest by name. */
static int addon_rank(const char *name)
{
	static const char *const first[] = {"kube-proxy", "vpc-cni", "coredns"};

	for (int i = 0; i < 3; i++)
		if (strcmp(name, first[i]) == 0)
			return i;
	return 3;
}

static const struct eks_state *sort_state;

static int by_addon_order(const void *a, const void *b)
{
	const struct eks_addon *x = &sort_state->addons[*(const size_t *)a];
	const struct eks_addon *y = &sort_state->addons[*(const size_t *)b];
	int rx = addon_rank(x->name), ry = addon_rank(y->name);

	return rx != ry ? rx - ry : strcmp(x->name, y->name);
}

static int add_action(struct plan *plan, enum action_type type, size_t step, const char *name,
		      const char *from, const char *to, struct err *err)
{
	struct plan_action a;

	memset(&a, 0, sizeof(a));
	a.type = type;
	a.step = step;
	(void)str_copy(a.name, sizeof(a.name), name);
	(void)str_copy(a.from, sizeof(a.from), from);
	(void)str_copy(a.to, sizeof(a.to), to);
	return plan_add_action(plan, &a, err);
}

/* The add-on updates of step i: each add-on not compatible with `version`
 * (the step's, or before the first step the control plane's current one)
 * goes to that version's default (its version is tracked in `current` from
 * step to step). */
static int addon_actions(const struct eks_state *s, const size_t *order, char (*current)[128],
			 size_t i, const char *version, struct plan *plan, struct err *err)
{
	for (size_t k = 0; s->addons_result.ok && k < s->addon_count; k++) {
		const struct eks_addon *a = &s->addons[order[k]];
		const struct eks_addon_target *t = addon_target(a, version);
		char *cur = current[order[k]];
		bool moved = strcmp(cur, a->version) != 0;

		const char *to = t != NULL ? eks_addon_move_to(t) : "";

		if (t == NULL || !a->result.ok || !t->result.ok || to[0] == '\0')
			continue;
		if (moved ? strcmp(cur, to) == 0 : t->compatible)
			continue;
		if (add_action(plan, ACTION_ADDON, i, a->name, cur, to, err) != 0)
			return -1;
		(void)str_copy(cur, 128, to);
	}
	return 0;
}

/* The node group updates of step i (control plane at `version`): at the
 * last step every node group goes to it; before that only those the next
 * step's skew rule would leave behind. Custom AMIs are left alone. */
static int nodegroup_actions(const struct eks_state *s, struct k8s_version *current, size_t i,
			     const char *version, const char *next, struct plan *plan,
			     struct err *err)
{
	bool rollback = plan->kind == PLAN_KIND_ROLLBACK;
	struct k8s_version v, n;

	if (!s->nodegroups_result.ok || k8s_version_parse(version, &v) != 0)
		return 0;
	for (size_t k = 0; k < s->nodegroup_count; k++) {
		const struct eks_nodegroup *ng = &s->nodegroups[k];
		char from[32];

		if (!ng->result.ok || left_alone(ng) || current[k].major == 0)
			continue;
		/* Only a rollback moves a node group down; for an upgrade one newer
		 * than the control plane fails nodegroup-skew. */
		if (k8s_version_cmp(current[k], v) == 0 ||
		    (!rollback && k8s_version_cmp(current[k], v) > 0))
			continue;
		if (next != NULL && k8s_version_parse(next, &n) == 0 && skew_allowed(current[k], n))
			continue;
		k8s_version_format(current[k], from, sizeof(from));
		if (add_action(plan, ACTION_NODEGROUP, i, ng->name, from, version, err) != 0)
			return -1;
		current[k] = v;
	}
	return 0;
}

static int build_actions(const struct checks_request *req, const struct eks_state *s,
			 struct plan *plan, struct err *err)
{
	size_t steps = plan->finishing ? 1 : plan->path_len;
	size_t *order = calloc(s->addon_count ? s->addon_count : 1, sizeof(*order));
	char(*addon_versions)[128] = calloc(s->addon_count ? s->addon_count : 1, 128);
	struct k8s_version *ng_versions =
	    calloc(s->nodegroup_count ? s->nodegroup_count : 1, sizeof(*ng_versions));
	int rc = -1;

	if (order == NULL || addon_versions == NULL || ng_versions == NULL) {
		err_set(err, EXIT_RUNTIME, "out of memory");
		goto out;
	}
	for (size_t k = 0; k < s->addon_count; k++) {
		order[k] = k;
		(void)str_copy(addon_versions[k], 128, s->addons[k].version);
	}
	sort_state = s;
	if (s->addon_count > 1)
		qsort(order, s->addon_count, sizeof(*order), by_addon_order);
	for (size_t k = 0; k < s->nodegroup_count; k++)
		if (k8s_version_parse(s->nodegroups[k].version, &ng_versions[k]) != 0)
			ng_versions[k].major = 0; /* unknown: left alone */
	if (plan->kind == PLAN_KIND_ROLLBACK) {
		/* Reversed (SPEC §10): node groups, add-ons, then the control plane. */
		if ((req->with_nodegroups &&
		     nodegroup_actions(s, ng_versions, 0, plan->path[0], NULL, plan, err) != 0) ||
		    (req->with_addons &&
		     addon_actions(s, order, addon_versions, 0, plan->path[0], plan, err) != 0) ||
		    add_action(plan, ACTION_CONTROL_PLANE, 0, plan->cluster, plan->current_version,
			       plan->path[0], err) != 0)
			goto out;
		rc = 0;
		goto out;
	}
	/* Before the first step, what the control plane's current version
	 * still needs (not when that step's update is already running: EKS took
	 * it): an add-on not compatible with it goes to its default (SPEC §9:
	 * never left behind), a node group the first step's skew rule would
	 * break goes to it (SPEC §3: the step plans the data plane first). */
	if (!plan->finishing && steps > 0 && !plan->adoptable &&
	    ((req->with_addons &&
	      addon_actions(s, order, addon_versions, 0, plan->current_version, plan, err) != 0) ||
	     (req->with_nodegroups && nodegroup_actions(s, ng_versions, 0, plan->current_version,
							plan->path[0], plan, err) != 0)))
		goto out;
	for (size_t i = 0; i < steps; i++) {
		const char *version = plan->finishing ? plan->current_version : plan->path[i];
		const char *from = i == 0 ? plan->current_version : plan->path[i - 1];

		if (!plan->finishing && add_action(plan, ACTION_CONTROL_PLANE, i, plan->cluster,
						   from, version, err) != 0)
			goto out;
		if (req->with_addons &&
		    addon_actions(s, order, addon_versions, i, version, plan, err) != 0)
			goto out;
		if (req->with_nodegroups &&
		    nodegroup_actions(s, ng_versions, i, version,
				      i + 1 < steps ? plan->path[i + 1] : NULL, plan, err) != 0)
			goto out;
	}
	rc = 0;
out:
	free(order);
	free(addon_versions);
	free(ng_versions);
	return rc;
}

/* --strict: every warn becomes fail; skip stays skip. */
static void make_strict(struct check *checks)
{
	for (int i = 0; i < CHECK_COUNT; i++) {
		struct check *c = &checks[i];
		size_t len = strlen(c->message);

		if (c->id == NULL || c->status != CHECK_WARN)
			continue;
		c->status = CHECK_FAIL;
		(void)str_copy(c->message + len, sizeof(c->message) - len, " (--strict)");
	}
}

static bool any_fail(const struct check *checks)
{
	for (int i = 0; i < CHECK_COUNT; i++)
		if (checks[i].id != NULL && checks[i].status == CHECK_FAIL)
			return true;
	return false;
}

/* The path is blocked when its first step or any later one is. */
static void update_blocked(struct plan *plan)
{
	plan->blocked = any_fail(plan->checks);
	for (size_t i = 1; i < plan->path_len && i < PLAN_MAX_PATH; i++) {
		plan->later[i].blocked = any_fail(plan->later[i].checks);
		if (plan->later[i].blocked)
			plan->blocked = true;
	}
}

/* At the target already (SPEC §3: exit 0). With the scope flags, what it
 * still has to move at the current version (SPEC §9: `apply --to CURRENT
 * --with-...` finishes the remaining actions), judged like a step's:
 * nodegroup-skew (a custom AMI is named), addon-compatibility (an add-on
 * with no version fails) and pod-disruption. A busy cluster blocks only
 * when there is something to do. */
static int judge_finishing(const struct checks_request *req, struct eks_state *state, time_t now,
			   struct plan *plan, struct err *err)
{
	struct nodegroup_scope scope = {false, false, true};
	const char *current = plan->current_version;

	for (int i = CHECK_VERSION_SUPPORT; i < CHECK_COUNT; i++)
		set(&plan->checks[i], CHECK_SKIP, "nothing to upgrade");
	check_support(state, NULL, req->support_warn_days, now, plan);
	plan->kind = PLAN_KIND_NONE;
	plan->finishing = req->with_addons || req->with_nodegroups;
	if (plan->finishing &&
	    (build_actions(req, state, plan, err) != 0 ||
	     (req->with_nodegroups &&
	      check_nodegroups(state, current, current, scope, &plan->checks[CHECK_NODEGROUP_SKEW],
			       err) != 0) ||
	     (req->with_addons &&
	      check_addons(state, 0, current, current, false, true,
			   &plan->checks[CHECK_ADDON_COMPATIBILITY], err) != 0) ||
	     check_pdbs(req, &plan->checks[CHECK_POD_DISRUPTION], err) != 0))
		return -1;
	if (plan->action_count == 0) {
		for (int i = CHECK_CLUSTER_STATUS; i <= CHECK_UPDATE_IN_PROGRESS; i++) {
			struct check *c = &plan->checks[i];
			size_t len = strlen(c->message);

			if (c->status != CHECK_FAIL)
				continue;
			c->status = CHECK_WARN;
			(void)str_copy(c->message + len, sizeof(c->message) - len,
				       "; nothing to upgrade, so it blocks nothing");
		}
	} else if (req->strict) {
		make_strict(plan->checks);
	}
	update_blocked(plan);
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
	if (*step == NULL && plan->target_version[0] != '\0') {
		/* An invalid target: no upgrade is available (as for two down), and
		 * an upgrade's path lists no step, since none was forecast (JSON
		 * steps[]); a rollback's one step carries the checks that say why. */
		plan->upgrade_available = false;
		if (plan->kind != PLAN_KIND_ROLLBACK)
			plan->path_len = 0;
	}
	if (plan->kind != PLAN_KIND_ROLLBACK)
		plan->checks[CHECK_ROLLBACK_WINDOW].id = NULL; /* rollbacks only */
	return 0;
}

int checks_judge(const struct checks_request *req, struct eks_state *state, const char *step,
		 struct plan *plan, struct err *err)
{
	time_t now = req->now != 0 ? req->now : time(NULL);
	struct nodegroup_scope first_scope = {false, false, req->with_nodegroups};
	struct managed_moves moves;

	if (!req->with_nodegroups)
		plan->checks[CHECK_POD_DISRUPTION].id = NULL;
	check_updates(state, step, plan);
	check_status(state, plan);
	if (step == NULL && plan->target_version[0] == '\0')
		return judge_finishing(req, state, now, plan, err);
	if (plan->kind != PLAN_KIND_ROLLBACK)
		plan->kind = step != NULL ? PLAN_KIND_UPGRADE : PLAN_KIND_NONE;
	first_scope.rollback = plan->kind == PLAN_KIND_ROLLBACK;
	first_scope.first_step = !plan->adoptable;
	check_support(state, step, req->support_warn_days, now, plan);
	if (plan->kind == PLAN_KIND_ROLLBACK)
		check_rollback_window(state, now, plan);
	/* The actions first: a step's skew rules count the node groups they
	 * move before it. */
	if (build_actions(req, state, plan, err) != 0 ||
	    managed_moves_at(state, plan, 0, &moves, err) != 0)
		return -1;
	if (step == NULL) {
		/* An invalid target: say so; the data plane has no step to judge. */
		for (int i = CHECK_NODEGROUP_SKEW; i < CHECK_COUNT; i++)
			set(&plan->checks[i], CHECK_SKIP, "no valid target version");
	} else if (check_nodegroups(state, plan->current_version, step, first_scope,
				    &plan->checks[CHECK_NODEGROUP_SKEW], err) != 0 ||
		   check_addons(state, 0, step,
				plan->kind == PLAN_KIND_UPGRADE && !plan->adoptable
				    ? plan->current_version
				    : NULL,
				plan->kind == PLAN_KIND_ROLLBACK, req->with_addons,
				&plan->checks[CHECK_ADDON_COMPATIBILITY], err) != 0 ||
		   check_insights(state, step, plan->kind == PLAN_KIND_ROLLBACK, req->force, now,
				  &plan->checks[CHECK_UPGRADE_INSIGHTS], err) != 0 ||
		   check_dataplane(req, plan->current_version, step, &moves,
				   &plan->checks[CHECK_DATAPLANE_SKEW], err) != 0 ||
		   check_pdbs(req, &plan->checks[CHECK_POD_DISRUPTION], err) != 0) {
		return -1;
	}
	for (size_t i = 1; step != NULL && i < plan->path_len; i++)
		if (forecast_step(req, state, plan, i, now, err) != 0)
			return -1;
	if (req->strict) {
		make_strict(plan->checks);
		for (size_t i = 1; i < plan->path_len; i++)
			make_strict(plan->later[i].checks);
	}
	update_blocked(plan);
	return 0;
}

/* --refresh-insights (SPEC §4): StartInsightsRefresh, then
 * DescribeInsightsRefresh until it leaves IN_PROGRESS, for at most
 * INSIGHTS_REFRESH_MAX_MS and never past the deadline. A refresh that fails,
 * is denied or does not finish is a note (the stored insights are used);
 * only an interruption is an error. */
#define INSIGHTS_REFRESH_MAX_MS (10 * 60 * 1000)
#define INSIGHTS_REFRESH_POLL_MS 2000

static int refresh_insights(struct aws *aws, const char *cluster, char *note, size_t cap,
			    struct err *err)
{
	int64_t until = clock_monotonic_ms() + INSIGHTS_REFRESH_MAX_MS;
	char status[32] = "", message[256] = "";
	struct err call_err;

	if (aws->deadline_ms > 0 && until > aws->deadline_ms)
		until = aws->deadline_ms;
	err_clear(&call_err);
	if (eks_start_insights_refresh(aws, cluster, status, sizeof(status), &call_err) == 0) {
		while (strcmp(status, "IN_PROGRESS") == 0 && clock_monotonic_ms() < until) {
			if (clock_sleep_ms(INSIGHTS_REFRESH_POLL_MS, aws->cancel) != 0)
				return aws_interrupted(aws, err);
			if (eks_describe_insights_refresh(aws, cluster, status, sizeof(status),
							  message, sizeof(message), &call_err) != 0)
				break;
		}
	}
	if (call_err.exit_code == EXIT_SIGINT || call_err.exit_code == EXIT_SIGTERM) {
		*err = call_err;
		return -1;
	}
	if (call_err.message[0] != '\0')
		(void)str_fmt(note, cap, "insights refresh failed (%s); using the stored insights",
			      call_err.message);
	else if (strcmp(status, "COMPLETED") != 0)
		(void)str_fmt(note, cap, "insights refresh %s%s%s; using the stored insights",
			      strcmp(status, "IN_PROGRESS") == 0 ? "did not finish in time"
								 : status,
			      message[0] ? ": " : "", message);
	return 0;
}

/* A refresh that did not complete: the insights check says so, and is at
 * least a warning. */
static void note_refresh(struct plan *plan, const char *note)
{
	struct check *checks[PLAN_MAX_PATH + 1];
	size_t n = 0;

	checks[n++] = &plan->checks[CHECK_UPGRADE_INSIGHTS];
	for (size_t i = 1; i < plan->path_len && i < PLAN_MAX_PATH; i++)
		checks[n++] = &plan->later[i].checks[CHECK_UPGRADE_INSIGHTS];
	for (size_t i = 0; i < n; i++) {
		struct check *c = checks[i];
		size_t len = strlen(c->message);

		if (c->id == NULL)
			continue;
		if (c->status == CHECK_PASS)
			c->status = CHECK_WARN;
		(void)str_fmt(c->message + len, sizeof(c->message) - len, "%s%s", len ? "; " : "",
			      note);
	}
}

int checks_run(struct aws *aws, const struct checks_request *req, struct plan *plan,
	       struct eks_state *state, struct err *err)
{
	struct checks_request timed = *req;
	struct kube_dataplane *dataplane = NULL;
	char note[512] = "";
	const char *step;
	int rc;

	memset(plan, 0, sizeof(*plan));
	memset(state, 0, sizeof(*state));
	if (req->refresh_insights &&
	    refresh_insights(aws, req->cluster, note, sizeof(note), err) != 0)
		return -1;
	if (eks_read_overview(aws, req->cluster, state, err) != 0 ||
	    checks_choose(req, state, aws->region, plan, &step, err) != 0)
		return -1;
	if (step == NULL && plan->target_version[0] == '\0' && req->with_addons) {
		/* Finishing at the current version: add-ons are judged against it. */
		char current[1][32];

		(void)str_copy(current[0], sizeof(current[0]), plan->current_version);
		if (eks_read_details(aws, req->cluster, (const char(*)[32])current, 1, state,
				     err) != 0)
			return -1;
	} else {
		/* With --with-addons an upgrade also asks about the current
		 * version: an add-on left behind it moves first (SPEC §9). */
		char targets[PLAN_MAX_PATH + 1][32];
		size_t n = step != NULL ? plan->path_len : 0;

		memcpy(targets, plan->path, n * sizeof(targets[0]));
		if (n > 0 && req->with_addons && plan->kind != PLAN_KIND_ROLLBACK)
			(void)str_copy(targets[n++], sizeof(targets[0]), plan->current_version);
		if (eks_read_details(aws, req->cluster, (const char(*)[32])targets, n, state,
				     err) != 0)
			return -1;
	}
	/* The data plane through the cluster's own API server, at the endpoint
	 * and with the CA DescribeCluster gave (SPEC §8, §11). */
	if ((step != NULL || (plan->target_version[0] == '\0' && req->with_nodegroups)) &&
	    !req->no_kube_api) {
		dataplane = malloc(sizeof(*dataplane));
		if (dataplane == NULL)
			return err_set(err, EXIT_RUNTIME, "out of memory");
		if (kube_read_dataplane(aws, &state->cluster, req->with_nodegroups, dataplane,
					err) != 0) {
			free(dataplane);
			return -1;
		}
		timed.dataplane = dataplane;
	}
	if (timed.now == 0)
		timed.now = aws_now(aws);
	rc = checks_judge(&timed, state, step, plan, err);
	free(dataplane);
	if (rc != 0)
		return -1;
	if (note[0] != '\0' && step != NULL) {
		note_refresh(plan, note);
		if (req->strict) {
			make_strict(plan->checks);
			for (size_t i = 1; i < plan->path_len && i < PLAN_MAX_PATH; i++)
				make_strict(plan->later[i].checks);
		}
		update_blocked(plan);
	}
	return 0;
}
