/* Unit tests for upgrade/engine.c: the steps a plan becomes, the update poll
 * picks, and how EKS's refusals map to exit codes. */
#include "upgrade/engine.h"

#include <stdio.h>

#include "unit.h"

static struct eks_update update(const char *id, const char *type, const char *status,
				double created_at)
{
	struct eks_update u;

	memset(&u, 0, sizeof(u));
	(void)snprintf(u.id, sizeof(u.id), "%s", id);
	(void)snprintf(u.type, sizeof(u.type), "%s", type);
	(void)snprintf(u.status, sizeof(u.status), "%s", status);
	u.created_at = created_at;
	u.result.attempted = u.result.ok = true;
	return u;
}

TEST(pick_prefers_any_update_in_progress)
{
	struct eks_update list[3];
	struct eks_state s = {.updates = list, .update_count = 3};

	list[0] = update("old-version", "VersionUpdate", "Successful", 100);
	list[1] = update("logging", "LoggingUpdate", "InProgress", 50);
	list[2] = update("new-version", "VersionUpdate", "Failed", 200);
	CHECK_STR(engine_pick_update(&s)->id, "logging");
}

TEST(pick_takes_the_newest_version_update_otherwise)
{
	struct eks_update list[4];
	struct eks_state s = {.updates = list, .update_count = 4};

	list[0] = update("v1", "VersionUpdate", "Successful", 100);
	list[1] = update("v3", "VersionUpdate", "Failed", 300);
	list[2] = update("cfg", "ConfigUpdate", "Successful", 400);
	list[3] = update("v2", "VersionUpdate", "Successful", 200);
	CHECK_STR(engine_pick_update(&s)->id, "v3");
}

TEST(pick_skips_what_could_not_be_described_and_may_find_nothing)
{
	struct eks_update list[2];
	struct eks_state s = {.updates = list, .update_count = 2};

	list[0] = update("broken", "VersionUpdate", "InProgress", 100);
	list[0].result.ok = false;
	list[1] = update("cfg", "ConfigUpdate", "Successful", 400);
	CHECK(engine_pick_update(&s) == NULL);
	s.update_count = 0;
	CHECK(engine_pick_update(&s) == NULL);
}

TEST(plan_step_takes_the_first_steps_actions_in_order)
{
	struct plan plan;
	struct step step;
	struct err err;
	struct plan_action acts[] = {
	    {ACTION_CONTROL_PLANE, 0, "demo", "1.30", "1.31"},
	    {ACTION_ADDON, 0, "kube-proxy", "v1.30.0", "v1.31.0"},
	    {ACTION_NODEGROUP, 0, "ng-a", "1.30", "1.31"},
	    {ACTION_CONTROL_PLANE, 1, "demo", "1.31", "1.32"},
	};

	err_clear(&err);
	memset(&plan, 0, sizeof(plan));
	(void)snprintf(plan.cluster, sizeof(plan.cluster), "demo");
	(void)snprintf(plan.current_version, sizeof(plan.current_version), "1.30");
	(void)snprintf(plan.path[0], sizeof(plan.path[0]), "1.31");
	(void)snprintf(plan.path[1], sizeof(plan.path[1]), "1.32");
	plan.path_len = 2;
	for (size_t i = 0; i < sizeof(acts) / sizeof(acts[0]); i++)
		CHECK(plan_add_action(&plan, &acts[i], &err) == 0);
	CHECK(engine_plan_step(&plan, &step, &err) == 0);
	CHECK(step.action_count == 3);
	CHECK_STR(step.version, "1.31");
	CHECK(step.actions[0].type == ACTION_CONTROL_PLANE);
	CHECK_STR(step.actions[0].to, "1.31");
	CHECK_STR(step.actions[0].adopt_id, "");
	CHECK(step.actions[1].type == ACTION_ADDON &&
	      engine_subject(&step.actions[1]) == EKS_SUBJECT_ADDON);
	CHECK_STR(step.actions[1].name, "kube-proxy");
	CHECK(engine_subject(&step.actions[2]) == EKS_SUBJECT_NODEGROUP);
	CHECK(!step.actions[0].rollback);
	engine_step_free(&step);

	plan.adoptable = true;
	plan.kind = PLAN_KIND_ROLLBACK;
	(void)snprintf(plan.update_in_progress.id, sizeof(plan.update_in_progress.id), "u-1");
	CHECK(engine_plan_step(&plan, &step, &err) == 0);
	CHECK_STR(step.actions[0].adopt_id, "u-1");
	CHECK_STR(step.actions[1].adopt_id, ""); /* only the control plane adopts */
	CHECK(step.actions[0].rollback && !step.actions[1].rollback);
	engine_step_free(&step);
	engine_step_free(&step); /* twice is safe */
	plan_free(&plan);
}

TEST(update_id_in_a_409_message)
{
	char id[40];

	engine_update_id_in("Cannot VersionUpdate because cluster demo currently has update "
			    "0f1e2d3c-0000-4000-8000-00000000a005 in progress",
			    id, sizeof(id));
	CHECK_STR(id, "0f1e2d3c-0000-4000-8000-00000000a005");
	engine_update_id_in("currently has an update in progress", id, sizeof(id));
	CHECK_STR(id, "");
	engine_update_id_in("0f1e2d3c-0000-4000-8000-00000000a00", id, sizeof(id)); /* short */
	CHECK_STR(id, "");
}

TEST(start_refusals_that_mean_blocked)
{
	CHECK(engine_start_error_code("InvalidParameterException") == EXIT_BLOCKED);
	CHECK(engine_start_error_code("InvalidStateException") == EXIT_BLOCKED);
	CHECK(engine_start_error_code("ResourceInUseException") == EXIT_BLOCKED);
	CHECK(engine_start_error_code("InvalidRequestException") == EXIT_BLOCKED);
	CHECK(engine_start_error_code("AccessDeniedException") == EXIT_RUNTIME);
	CHECK(engine_start_error_code("") == EXIT_RUNTIME);
}

int main(void)
{
	RUN(pick_prefers_any_update_in_progress);
	RUN(pick_takes_the_newest_version_update_otherwise);
	RUN(pick_skips_what_could_not_be_described_and_may_find_nothing);
	RUN(plan_step_takes_the_first_steps_actions_in_order);
	RUN(update_id_in_a_409_message);
	RUN(start_refusals_that_mean_blocked);
	return unit_done("engine");
}
