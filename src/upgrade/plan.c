/* plan — the small helpers of the plan data model (plan.h): status
 * names, the growable item arrays of each check, and freeing them. */
#include <stdlib.h>
#include <string.h>

#include "upgrade/plan.h"

/* A check never lists more items than this: a cluster with more node
 * groups or add-ons than that is not one this tool is meant for, and the
 * cap keeps a hostile or broken response from growing memory forever. */
#define PLAN_MAX_ITEMS 10000

const char *check_status_name(enum check_status status)
{
	switch (status) {
	case CHECK_PASS:
		return "pass";
	case CHECK_WARN:
		return "warn";
	case CHECK_FAIL:
		return "fail";
	case CHECK_SKIP:
		return "skip";
	}
	return "unknown";
}

int plan_add_item(struct check *check, const struct check_item *item, struct err *err)
{
	struct check_item *grown;
	size_t cap;

	if (check->item_count >= PLAN_MAX_ITEMS)
		return err_set(err, EXIT_RUNTIME, "check %s: more than %d items",
			       check->id ? check->id : "?", PLAN_MAX_ITEMS);
	/* Capacity is not stored: it is the next power of two from 4 up. */
	cap = 4;
	while (cap < check->item_count)
		cap *= 2;
	if (check->items == NULL || check->item_count == cap) {
		size_t next = check->items == NULL ? 4 : cap * 2;

		grown = realloc(check->items, next * sizeof(*grown));
		if (grown == NULL)
			return err_set(err, EXIT_RUNTIME, "check %s: out of memory",
				       check->id ? check->id : "?");
		check->items = grown;
	}
	check->items[check->item_count++] = *item;
	return 0;
}

const char *plan_action_type_name(enum action_type type)
{
	switch (type) {
	case ACTION_ADDON:
		return "addon";
	case ACTION_NODEGROUP:
		return "nodegroup";
	default:
		return "control-plane";
	}
}

int plan_add_action(struct plan *plan, const struct plan_action *action, struct err *err)
{
	struct plan_action *grown;

	if (plan->action_count >= PLAN_MAX_ITEMS)
		return err_set(err, EXIT_RUNTIME, "more than %d actions", PLAN_MAX_ITEMS);
	grown = realloc(plan->actions, (plan->action_count + 1) * sizeof(*grown));
	if (grown == NULL)
		return err_set(err, EXIT_RUNTIME, "out of memory");
	plan->actions = grown;
	plan->actions[plan->action_count++] = *action;
	return 0;
}

const char *plan_kind_name(enum plan_kind kind)
{
	switch (kind) {
	case PLAN_KIND_UPGRADE:
		return "upgrade";
	case PLAN_KIND_ROLLBACK:
		return "rollback";
	default:
		return "none";
	}
}

static void free_checks(struct check *checks)
{
	for (size_t i = 0; i < CHECK_COUNT; i++) {
		free(checks[i].items);
		checks[i].items = NULL;
		checks[i].item_count = 0;
	}
}

void plan_free(struct plan *plan)
{
	if (plan == NULL)
		return;
	free_checks(plan->checks);
	for (size_t i = 0; i < PLAN_MAX_PATH; i++)
		free_checks(plan->later[i].checks);
	free(plan->actions);
	plan->actions = NULL;
	plan->action_count = 0;
}
