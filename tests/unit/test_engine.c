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

TEST(plan_step_is_one_control_plane_action)
{
	struct plan plan;
	struct step step;

	memset(&plan, 0, sizeof(plan));
	(void)snprintf(plan.cluster, sizeof(plan.cluster), "demo");
	(void)snprintf(plan.current_version, sizeof(plan.current_version), "1.30");
	(void)snprintf(plan.path[0], sizeof(plan.path[0]), "1.31");
	(void)snprintf(plan.path[1], sizeof(plan.path[1]), "1.32");
	plan.path_len = 2;
	engine_plan_step(&plan, &step);
	CHECK(step.action_count == 1);
	CHECK_STR(step.version, "1.31");
	CHECK(step.actions[0].type == ACTION_CONTROL_PLANE);
	CHECK_STR(step.actions[0].name, "demo");
	CHECK_STR(step.actions[0].from, "1.30");
	CHECK_STR(step.actions[0].to, "1.31");
	CHECK_STR(step.actions[0].adopt_id, "");

	plan.adoptable = true;
	(void)snprintf(plan.update_in_progress.id, sizeof(plan.update_in_progress.id), "u-1");
	engine_plan_step(&plan, &step);
	CHECK_STR(step.actions[0].adopt_id, "u-1");
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
	RUN(plan_step_is_one_control_plane_action);
	RUN(start_refusals_that_mean_blocked);
	return unit_done("engine");
}
