#include "upgrade/out.h"

#include <stdlib.h>
#include <unistd.h>

#include "unit.h"
#include "util/json.h"
#include "util/str.h"

/* --- helpers --------------------------------------------------------------- */

struct capture {
	FILE *f;
	char *data;
	size_t len;
};

static void capture_open(struct capture *c)
{
	c->data = NULL;
	c->len = 0;
	c->f = open_memstream(&c->data, &c->len);
}

static const char *captured(struct capture *c)
{
	fflush(c->f);
	return c->data != NULL ? c->data : "";
}

static void capture_close(struct capture *c)
{
	fclose(c->f);
	free(c->data);
}

/* An out writing to two memory streams, not a terminal, no colour. */
static void out_memory(struct out *o, enum out_mode mode, struct capture *so, struct capture *se)
{
	out_init(o, mode);
	capture_open(so);
	capture_open(se);
	o->stdout_file = so->f;
	o->stderr_file = se->f;
	o->is_tty = false;
}

static void set_check(struct check *c, const char *id, enum check_status status,
		      const char *message, enum item_kind kind)
{
	c->id = id;
	c->status = status;
	(void)str_copy(c->message, sizeof(c->message), message);
	c->item_kind = kind;
}

static void add_item(struct check *c, const char *name, const char *version,
		     const char *default_version, const char *id, const char *status)
{
	struct check_item item = {{0}};
	struct err err = {0};

	(void)str_copy(item.name, sizeof(item.name), name);
	(void)str_copy(item.version, sizeof(item.version), version);
	(void)str_copy(item.default_version, sizeof(item.default_version), default_version);
	(void)str_copy(item.id, sizeof(item.id), id);
	(void)str_copy(item.status, sizeof(item.status), status);
	CHECK(plan_add_item(c, &item, &err) == 0);
}

/* The checks demo_plan fills: the data plane's are left out (id NULL), as
 * checks with no id are; kubelet and PDB items have their own tests. */
#define DEMO_CHECKS (CHECK_UPGRADE_INSIGHTS + 1)

/* demo at 1.31 → 1.32; blocked by node group skew and an ERROR insight, or
 * ready (insights skipped, node groups pass). */
/* The checks an upgrade's plan carries (the rest are a rollback's, or
 * come with options); demo_plan sets these. */
#define UPGRADE_CHECKS DEMO_CHECKS

static void demo_plan(struct plan *p, bool blocked)
{
	memset(p, 0, sizeof(*p));
	(void)str_copy(p->cluster, sizeof(p->cluster), "demo");
	(void)str_copy(p->region, sizeof(p->region), "us-west-2");
	(void)str_copy(p->arn, sizeof(p->arn), "arn:aws:eks:us-west-2:111122223333:cluster/demo");
	(void)str_copy(p->status, sizeof(p->status), "ACTIVE");
	(void)str_copy(p->current_version, sizeof(p->current_version), "1.31");
	(void)str_copy(p->platform_version, sizeof(p->platform_version), "eks.12");
	(void)str_copy(p->target_version, sizeof(p->target_version), "1.32");
	(void)str_copy(p->path[0], sizeof(p->path[0]), "1.32");
	p->path_len = 1;
	p->upgrade_available = true;
	p->blocked = blocked;
	set_check(&p->checks[CHECK_CLUSTER_STATUS], "cluster-status", CHECK_PASS,
		  "cluster is ACTIVE", ITEMS_NONE);
	set_check(&p->checks[CHECK_UPDATE_IN_PROGRESS], "update-in-progress", CHECK_PASS,
		  "no update in progress", ITEMS_NONE);
	set_check(&p->checks[CHECK_VERSION_TARGET], "version-target", CHECK_PASS,
		  "1.32 is one minor above 1.31", ITEMS_NONE);
	set_check(&p->checks[CHECK_VERSION_SUPPORT], "version-support", CHECK_WARN,
		  "1.31 is in extended support", ITEMS_NONE);
	set_check(&p->checks[CHECK_ADDON_COMPATIBILITY], "addon-compatibility", CHECK_WARN,
		  "1 add-on to update for 1.32", ITEMS_ADDONS);
	add_item(&p->checks[CHECK_ADDON_COMPATIBILITY], "vpc-cni", "v1.18.0", "v1.19.0", "", "");
	if (blocked) {
		set_check(&p->checks[CHECK_NODEGROUP_SKEW], "nodegroup-skew", CHECK_FAIL,
			  "2 node groups are not at 1.31", ITEMS_NODEGROUPS);
		add_item(&p->checks[CHECK_NODEGROUP_SKEW], "ng-a", "1.30", "", "", "");
		add_item(&p->checks[CHECK_NODEGROUP_SKEW], "ng-b", "1.30", "", "", "");
		set_check(&p->checks[CHECK_UPGRADE_INSIGHTS], "upgrade-insights", CHECK_FAIL,
			  "1 insight is ERROR", ITEMS_INSIGHTS);
		add_item(&p->checks[CHECK_UPGRADE_INSIGHTS], "Kubelet version skew", "", "",
			 "abc-123", "ERROR");
	} else {
		set_check(&p->checks[CHECK_NODEGROUP_SKEW], "nodegroup-skew", CHECK_PASS,
			  "2 node groups at 1.31", ITEMS_NODEGROUPS);
		set_check(&p->checks[CHECK_UPGRADE_INSIGHTS], "upgrade-insights", CHECK_SKIP,
			  "ListInsights not allowed", ITEMS_INSIGHTS);
	}
}

/* The blocked plan's text: what --quiet keeps is the tail. */
#define BLOCKED_QUIET_TEXT                                       \
	"[!] version-support: 1.31 is in extended support\n"     \
	"[✖] nodegroup-skew: 2 node groups are not at 1.31\n"  \
	"    - ng-a: 1.30\n"                                     \
	"    - ng-b: 1.30\n"                                     \
	"[!] addon-compatibility: 1 add-on to update for 1.32\n" \
	"    - vpc-cni: v1.18.0 (target default v1.19.0)\n"      \
	"[✖] upgrade-insights: 1 insight is ERROR\n"           \
	"    - Kubelet version skew [ERROR] (abc-123)\n"         \
	"[✖] upgrade blocked by 2 checks: nodegroup-skew, upgrade-insights\n"

static const char blocked_text[] =
    "[ℹ] cluster \"demo\" in us-west-2: version 1.31 (eks.12), status ACTIVE\n"
    "[ℹ] target version 1.32\n"
    "[✔] cluster-status: cluster is ACTIVE\n"
    "[✔] update-in-progress: no update in progress\n"
    "[✔] version-target: 1.32 is one minor above 1.31\n" BLOCKED_QUIET_TEXT;

/* True when the object at obj has exactly these keys in this order. */
static bool keys_are(const struct json_doc *doc, int obj, const char *const *keys, size_t n)
{
	struct json_iter it;
	size_t i = 0;

	if (json_type(doc, obj) != JSON_OBJECT || json_length(doc, obj) != (int)n)
		return false;
	for (int k = json_iter_init(&it, doc, obj); k >= 0; k = json_iter_next(&it), i++) {
		size_t len;
		const char *raw = json_raw(doc, k, &len);

		if (i >= n || len != strlen(keys[i]) || memcmp(raw, keys[i], len) != 0) {
			fprintf(stderr, "key %zu: got %.*s, want %s\n", i, (int)len, raw,
				i < n ? keys[i] : "(end)");
			return false;
		}
	}
	return i == n;
}

static bool string_is(const struct json_doc *doc, int index, const char *path, const char *want)
{
	char got[1024];
	struct err err = {0};

	if (json_get_string(doc, index, path, got, sizeof(got), &err) != 0) {
		fprintf(stderr, "%s\n", err.message);
		return false;
	}
	if (strcmp(got, want) != 0) {
		fprintf(stderr, "%s: got \"%s\", want \"%s\"\n", path, got, want);
		return false;
	}
	return true;
}

static const char *const plan_keys[] = {
    "schemaVersion",  "cluster",	  "region",	   "arn",  "status",
    "currentVersion", "platformVersion",  "targetVersion", "path", "upgradeAvailable",
    "blocked",	      "updateInProgress", "checks",	   "kind", "support",
    "steps"};

/* --- plan_data ------------------------------------------------------------- */

TEST(status_names)
{
	CHECK_STR(check_status_name(CHECK_PASS), "pass");
	CHECK_STR(check_status_name(CHECK_WARN), "warn");
	CHECK_STR(check_status_name(CHECK_FAIL), "fail");
	CHECK_STR(check_status_name(CHECK_SKIP), "skip");
	CHECK_STR(check_status_name((enum check_status)42), "unknown");
}

TEST(add_items_grow_and_free)
{
	struct plan p;
	struct check_item item = {{0}};
	struct err err = {0};
	int failed = 0;

	memset(&p, 0, sizeof(p));
	plan_free(&p); /* zeroed */
	p.checks[0].id = "nodegroup-skew";
	for (int i = 0; i < 1000; i++) {
		(void)str_fmt(item.name, sizeof(item.name), "ng-%d", i);
		if (plan_add_item(&p.checks[0], &item, &err) != 0)
			failed++;
	}
	CHECK(failed == 0);
	CHECK(p.checks[0].item_count == 1000);
	CHECK_STR(p.checks[0].items[0].name, "ng-0");
	CHECK_STR(p.checks[0].items[513].name, "ng-513");
	CHECK_STR(p.checks[0].items[999].name, "ng-999");
	plan_free(&p);
	CHECK(p.checks[0].items == NULL && p.checks[0].item_count == 0);
	plan_free(&p); /* twice */
	plan_free(NULL);
}

TEST(add_items_capped)
{
	struct check c = {0};
	struct check_item item = {{0}};
	struct err err = {0};
	int failed = 0;

	c.id = "addon-compatibility";
	for (int i = 0; i < 10000; i++)
		if (plan_add_item(&c, &item, &err) != 0)
			failed++;
	CHECK(failed == 0);
	CHECK(plan_add_item(&c, &item, &err) == -1);
	CHECK(err.exit_code == EXIT_RUNTIME);
	CHECK(strstr(err.message, "addon-compatibility") != NULL);
	CHECK(c.item_count == 10000);
	free(c.items);
}

/* --- plan: text ------------------------------------------------------------ */

TEST(text_blocked)
{
	struct out o;
	struct capture so, se;
	struct plan p;
	struct err err = {0};

	demo_plan(&p, true);
	out_memory(&o, OUT_TEXT, &so, &se);
	CHECK(out_plan(&o, &p, false, &err) == 0);
	CHECK_STR(captured(&so), blocked_text);
	CHECK_STR(captured(&se), "");
	capture_close(&so);
	capture_close(&se);
	/* One failing check, then none (blocked for another reason). */
	out_memory(&o, OUT_TEXT, &so, &se);
	o.quiet = true;
	p.checks[CHECK_UPGRADE_INSIGHTS].status = CHECK_PASS;
	p.checks[CHECK_VERSION_SUPPORT].status = CHECK_PASS;
	p.checks[CHECK_ADDON_COMPATIBILITY].status = CHECK_PASS;
	CHECK(out_plan(&o, &p, false, &err) == 0);
	p.checks[CHECK_NODEGROUP_SKEW].status = CHECK_PASS;
	CHECK(out_plan(&o, &p, false, &err) == 0);
	CHECK_STR(captured(&so), "[✖] nodegroup-skew: 2 node groups are not at 1.31\n"
				 "    - ng-a: 1.30\n"
				 "    - ng-b: 1.30\n"
				 "[✖] upgrade blocked by 1 check: nodegroup-skew\n"
				 "[✖] upgrade blocked\n");
	capture_close(&so);
	capture_close(&se);
	plan_free(&p);
}

TEST(text_ready_multi_step)
{
	struct out o;
	struct capture so, se;
	struct plan p;
	struct err err = {0};

	demo_plan(&p, false);
	(void)str_copy(p.current_version, sizeof(p.current_version), "1.30");
	(void)str_copy(p.target_version, sizeof(p.target_version), "1.33");
	(void)str_copy(p.path[0], sizeof(p.path[0]), "1.31");
	(void)str_copy(p.path[1], sizeof(p.path[1]), "1.32");
	(void)str_copy(p.path[2], sizeof(p.path[2]), "1.33");
	p.path_len = 3;
	out_memory(&o, OUT_TEXT, &so, &se);
	CHECK(out_plan_text(&o, &p, &err) == 0);
	CHECK_STR(captured(&so),
		  "[ℹ] cluster \"demo\" in us-west-2: version 1.30 (eks.12), status ACTIVE\n"
		  "[ℹ] target version 1.33\n"
		  "[✔] cluster-status: cluster is ACTIVE\n"
		  "[✔] update-in-progress: no update in progress\n"
		  "[✔] version-target: 1.32 is one minor above 1.31\n"
		  "[!] version-support: 1.31 is in extended support\n"
		  "[✔] nodegroup-skew: 2 node groups at 1.31\n"
		  "[!] addon-compatibility: 1 add-on to update for 1.32\n"
		  "    - vpc-cni: v1.18.0 (target default v1.19.0)\n"
		  "[ℹ] upgrade-insights: skipped: ListInsights not allowed\n"
		  "[✔] ready to upgrade 1.30 → 1.31 → 1.32 → 1.33\n");
	capture_close(&so);
	capture_close(&se);
	plan_free(&p);
}

TEST(text_single_step_and_adoptable)
{
	struct out o;
	struct capture so, se;
	struct plan p;
	struct err err = {0};
	const char *text;

	demo_plan(&p, false);
	p.path_len = 0; /* no path: current → target */
	out_memory(&o, OUT_TEXT, &so, &se);
	o.quiet = true;
	CHECK(out_plan_text(&o, &p, &err) == 0);
	p.has_update_in_progress = true;
	p.adoptable = true;
	(void)str_copy(p.update_in_progress.id, sizeof(p.update_in_progress.id), "u-1");
	CHECK(out_plan_text(&o, &p, &err) == 0);
	text = captured(&so);
	CHECK(strstr(text, "[✔] ready to upgrade 1.31 → 1.32\n") != NULL);
	CHECK(strstr(text, "[✔] update u-1 to 1.32 is in progress; apply will adopt it\n") != NULL);
	capture_close(&so);
	capture_close(&se);
	plan_free(&p);
}

TEST(text_nothing_to_do)
{
	struct out o;
	struct capture so, se;
	struct plan p;
	struct err err = {0};

	demo_plan(&p, false);
	(void)str_copy(p.current_version, sizeof(p.current_version), "1.32");
	p.target_version[0] = '\0';
	p.path_len = 0;
	p.upgrade_available = false;
	plan_free(&p);
	for (size_t i = CHECK_VERSION_TARGET; i < CHECK_COUNT; i++)
		set_check(&p.checks[i], p.checks[i].id, CHECK_SKIP, "", ITEMS_NONE);
	out_memory(&o, OUT_TEXT, &so, &se);
	CHECK(out_plan_text(&o, &p, &err) == 0);
	CHECK_STR(captured(&so),
		  "[ℹ] cluster \"demo\" in us-west-2: version 1.32 (eks.12), status ACTIVE\n"
		  "[✔] cluster is already at 1.32; nothing to do\n"
		  "[✔] cluster-status: cluster is ACTIVE\n"
		  "[✔] update-in-progress: no update in progress\n"
		  "[ℹ] version-target: skipped\n"
		  "[ℹ] version-support: skipped\n"
		  "[ℹ] nodegroup-skew: skipped\n"
		  "[ℹ] addon-compatibility: skipped\n"
		  "[ℹ] upgrade-insights: skipped\n");
	/* Quiet keeps the verdict. */
	capture_close(&so);
	capture_close(&se);
	out_memory(&o, OUT_TEXT, &so, &se);
	o.quiet = true;
	CHECK(out_plan_text(&o, &p, &err) == 0);
	CHECK_STR(captured(&so), "[✔] cluster is already at 1.32; nothing to do\n");
	capture_close(&so);
	capture_close(&se);
	plan_free(&p);
}

TEST(text_quiet)
{
	struct out o;
	struct capture so, se;
	struct plan p;
	struct err err = {0};

	demo_plan(&p, true);
	out_memory(&o, OUT_TEXT, &so, &se);
	o.quiet = true;
	CHECK(out_plan(&o, &p, false, &err) == 0);
	CHECK_STR(captured(&so), BLOCKED_QUIET_TEXT);
	capture_close(&so);
	capture_close(&se);
	plan_free(&p);
}

TEST(text_colour)
{
	static const char first[] = "\033[36m[ℹ]\033[0m cluster \"demo\"";
	struct out o;
	struct capture so, se;
	struct plan p;
	struct err err = {0};
	const char *text;

	demo_plan(&p, true);
	out_memory(&o, OUT_TEXT, &so, &se);
	o.color = true;
	CHECK(out_plan_text(&o, &p, &err) == 0);
	text = captured(&so);
	CHECK(strncmp(text, first, strlen(first)) == 0);
	CHECK(strstr(text, "\n\033[32m[✔]\033[0m cluster-status: cluster is ACTIVE\n") != NULL);
	CHECK(strstr(text, "\n\033[33m[!]\033[0m version-support: ") != NULL);
	CHECK(strstr(text, "\n\033[31m[✖]\033[0m upgrade blocked by 2 checks") != NULL);
	/* Items carry no mark and no colour. */
	CHECK(strstr(text, "\n    - ng-a: 1.30\n") != NULL);
	capture_close(&so);
	capture_close(&se);
	out_memory(&o, OUT_TEXT, &so, &se);
	CHECK(out_plan_text(&o, &p, &err) == 0);
	CHECK(strchr(captured(&so), '\033') == NULL);
	capture_close(&so);
	capture_close(&se);
	plan_free(&p);
}

TEST(colour_wanted)
{
	/* The tests' stdout is not a terminal when run by tests/run.sh; either
	 * way --no-color and NO_COLOR win. */
	CHECK(!out_color_wanted(true));
	setenv("NO_COLOR", "1", 1);
	CHECK(!out_color_wanted(false));
	unsetenv("NO_COLOR");
	CHECK(out_color_wanted(false) == (isatty(STDOUT_FILENO) == 1));
	setenv("GITHUB_ACTIONS", "true", 1);
	CHECK(out_github_wanted());
	setenv("GITHUB_ACTIONS", "false", 1);
	CHECK(!out_github_wanted());
	unsetenv("GITHUB_ACTIONS");
	CHECK(!out_github_wanted());
}

/* --- plan: JSON ------------------------------------------------------------ */

TEST(json_plan_blocked)
{
	struct plan p;
	struct buf b;
	struct json_doc doc = {0};
	struct err err = {0};
	bool v = false;
	int64_t n = 0;
	int checks, c;
	static const char *const check_keys[] = {"id", "status", "message", "items"};
	static const char *const ng_keys[] = {"name", "version"};
	static const char *const addon_keys[] = {"name", "version", "defaultVersion"};
	static const char *const insight_keys[] = {
	    "id",	    "name",	 "status",	  "lastRefreshTime", "recommendation",
	    "deprecations", "resources", "resourceCount", "additionalInfo",  "detailError"};

	demo_plan(&p, true);
	buf_init(&b, 1 << 20);
	CHECK(out_plan_json(&b, &p, false, &err) == 0);
	CHECK(strchr(buf_str(&b), '\n') == NULL);
	CHECK(json_parse_object(&doc, buf_str(&b), b.len, &err) == 0);
	CHECK(keys_are(&doc, 0, plan_keys, sizeof(plan_keys) / sizeof(plan_keys[0])));
	CHECK(json_get_int64(&doc, 0, "schemaVersion", &n, &err) == 0 && n == 2);
	CHECK(string_is(&doc, 0, "cluster", "demo"));
	CHECK(string_is(&doc, 0, "region", "us-west-2"));
	CHECK(string_is(&doc, 0, "arn", "arn:aws:eks:us-west-2:111122223333:cluster/demo"));
	CHECK(string_is(&doc, 0, "status", "ACTIVE"));
	CHECK(string_is(&doc, 0, "currentVersion", "1.31"));
	CHECK(string_is(&doc, 0, "platformVersion", "eks.12"));
	CHECK(string_is(&doc, 0, "targetVersion", "1.32"));
	CHECK(json_length(&doc, json_path(&doc, 0, "path")) == 1);
	CHECK(string_is(&doc, 0, "path.0", "1.32"));
	CHECK(json_get_bool(&doc, 0, "upgradeAvailable", &v, &err) == 0 && v);
	CHECK(json_get_bool(&doc, 0, "blocked", &v, &err) == 0 && v);
	CHECK(json_is_null(&doc, json_path(&doc, 0, "updateInProgress")));
	checks = json_path(&doc, 0, "checks");
	CHECK(json_length(&doc, checks) == UPGRADE_CHECKS);
	for (int i = 0; i < UPGRADE_CHECKS; i++) {
		char path[32];

		(void)str_fmt(path, sizeof(path), "checks.%d", i);
		CHECK(keys_are(&doc, json_path(&doc, 0, path), check_keys, 4));
	}
	/* Check order follows the plan's array. */
	CHECK(string_is(&doc, 0, "checks.0.id", "cluster-status"));
	CHECK(string_is(&doc, 0, "checks.0.status", "pass"));
	CHECK(string_is(&doc, 0, "checks.0.message", "cluster is ACTIVE"));
	CHECK(json_type(&doc, json_path(&doc, 0, "checks.0.items")) == JSON_ARRAY);
	CHECK(json_length(&doc, json_path(&doc, 0, "checks.0.items")) == 0);
	CHECK(string_is(&doc, 0, "checks.3.status", "warn"));
	c = json_path(&doc, 0, "checks.4");
	CHECK(string_is(&doc, c, "id", "nodegroup-skew"));
	CHECK(string_is(&doc, c, "status", "fail"));
	CHECK(json_length(&doc, json_path(&doc, c, "items")) == 2);
	CHECK(keys_are(&doc, json_path(&doc, c, "items.1"), ng_keys, 2));
	CHECK(string_is(&doc, c, "items.1.name", "ng-b"));
	CHECK(string_is(&doc, c, "items.1.version", "1.30"));
	c = json_path(&doc, 0, "checks.5");
	CHECK(keys_are(&doc, json_path(&doc, c, "items.0"), addon_keys, 3));
	CHECK(string_is(&doc, c, "items.0.name", "vpc-cni"));
	CHECK(string_is(&doc, c, "items.0.version", "v1.18.0"));
	CHECK(string_is(&doc, c, "items.0.defaultVersion", "v1.19.0"));
	c = json_path(&doc, 0, "checks.6");
	CHECK(string_is(&doc, c, "id", "upgrade-insights"));
	CHECK(keys_are(&doc, json_path(&doc, c, "items.0"), insight_keys, 10));
	CHECK(string_is(&doc, c, "items.0.id", "abc-123"));
	CHECK(string_is(&doc, c, "items.0.name", "Kubelet version skew"));
	CHECK(string_is(&doc, c, "items.0.status", "ERROR"));
	json_doc_free(&doc);
	buf_free(&b);
	plan_free(&p);
}

TEST(json_plan_null_target_update_in_progress_event)
{
	struct plan p;
	struct buf b;
	struct json_doc doc = {0};
	struct err err = {0};
	static const char *const update_keys[] = {"id", "type", "status", "version"};
	const char *event_keys[1 + sizeof(plan_keys) / sizeof(plan_keys[0])];
	bool v = true;

	demo_plan(&p, false);
	p.target_version[0] = '\0';
	p.path_len = 0;
	p.upgrade_available = false;
	p.has_update_in_progress = true;
	(void)str_copy(p.update_in_progress.id, sizeof(p.update_in_progress.id), "u-\"1\"");
	(void)str_copy(p.update_in_progress.type, sizeof(p.update_in_progress.type),
		       "VersionUpdate");
	(void)str_copy(p.update_in_progress.status, sizeof(p.update_in_progress.status),
		       "InProgress");
	(void)str_copy(p.update_in_progress.version, sizeof(p.update_in_progress.version), "1.32");
	p.checks[CHECK_VERSION_SUPPORT].id = NULL; /* not filled: left out */
	event_keys[0] = "event";
	memcpy(event_keys + 1, plan_keys, sizeof(plan_keys));
	buf_init(&b, 1 << 20);
	CHECK(out_plan_json(&b, &p, true, &err) == 0);
	CHECK(json_parse_object(&doc, buf_str(&b), b.len, &err) == 0);
	CHECK(keys_are(&doc, 0, event_keys, sizeof(event_keys) / sizeof(event_keys[0])));
	CHECK(string_is(&doc, 0, "event", "plan"));
	CHECK(json_is_null(&doc, json_path(&doc, 0, "targetVersion")));
	CHECK(json_type(&doc, json_path(&doc, 0, "path")) == JSON_ARRAY);
	CHECK(json_length(&doc, json_path(&doc, 0, "path")) == 0);
	CHECK(json_get_bool(&doc, 0, "upgradeAvailable", &v, &err) == 0 && !v);
	CHECK(keys_are(&doc, json_path(&doc, 0, "updateInProgress"), update_keys, 4));
	CHECK(string_is(&doc, 0, "updateInProgress.id", "u-\"1\""));
	CHECK(string_is(&doc, 0, "updateInProgress.type", "VersionUpdate"));
	CHECK(string_is(&doc, 0, "updateInProgress.status", "InProgress"));
	CHECK(string_is(&doc, 0, "updateInProgress.version", "1.32"));
	CHECK(json_length(&doc, json_path(&doc, 0, "checks")) == UPGRADE_CHECKS - 1);
	CHECK(string_is(&doc, 0, "checks.3.id", "nodegroup-skew"));
	json_doc_free(&doc);
	buf_free(&b);
	plan_free(&p);
}

TEST(json_plan_buffer_too_small)
{
	struct plan p;
	struct buf b;
	struct err err = {0};

	demo_plan(&p, true);
	buf_init(&b, 100);
	CHECK(out_plan_json(&b, &p, false, &err) == -1);
	CHECK(err.message[0] != '\0');
	buf_free(&b);
	plan_free(&p);
}

TEST(json_mode_stdout_only_json)
{
	struct out o;
	struct capture so, se;
	struct plan p;
	struct err err = {0};
	struct json_doc doc = {0};
	const char *text;
	size_t len;

	demo_plan(&p, true);
	out_memory(&o, OUT_JSON, &so, &se);
	o.github = true;
	setenv("GITHUB_STEP_SUMMARY", "/nonexistent-dir/summary.md", 1);
	CHECK(out_plan(&o, &p, false, &err) == 0);
	unsetenv("GITHUB_STEP_SUMMARY");
	text = captured(&so);
	len = strlen(text);
	CHECK(len > 0 && text[len - 1] == '\n' && strchr(text, '\n') == text + len - 1);
	CHECK(json_parse_object(&doc, text, len - 1, &err) == 0);
	CHECK(string_is(&doc, 0, "cluster", "demo"));
	/* Annotations and the summary warning went to stderr. */
	text = captured(&se);
	CHECK(strstr(text, "::error title=eks-upgrade nodegroup-skew::2 node groups are not at "
			   "1.31\n") != NULL);
	CHECK(strstr(text, "[!] cannot write the step summary /nonexistent-dir/summary.md") !=
	      NULL);
	json_doc_free(&doc);
	capture_close(&so);
	capture_close(&se);
	plan_free(&p);
}

/* --- GitHub Actions -------------------------------------------------------- */

TEST(github_escape)
{
	char out[64];

	CHECK(out_github_escape(out, sizeof(out), "50% done\r\nnext: a,b", false) == 0);
	CHECK_STR(out, "50%25 done%0D%0Anext: a,b");
	CHECK(out_github_escape(out, sizeof(out), "eks-upgrade a:b,c%", true) == 0);
	CHECK_STR(out, "eks-upgrade a%3Ab%2Cc%25");
	CHECK(out_github_escape(out, sizeof(out), "", true) == 0);
	CHECK_STR(out, "");
	/* An escape is never cut in half. */
	CHECK(out_github_escape(out, 5, "ab%cd", false) == -1);
	CHECK_STR(out, "ab");
	CHECK(out_github_escape(out, 7, "ab%c", false) == 0);
	CHECK_STR(out, "ab%25c");
}

TEST(github_annotations_text)
{
	struct out o;
	struct capture so, se;
	struct plan p;

	demo_plan(&p, true);
	(void)str_copy(p.checks[CHECK_VERSION_SUPPORT].message,
		       sizeof(p.checks[CHECK_VERSION_SUPPORT].message),
		       "100% extended\nsupport: yes");
	out_memory(&o, OUT_TEXT, &so, &se);
	out_github_annotations(&o, &p);
	CHECK_STR(captured(&so),
		  "::warning title=eks-upgrade version-support::100%25 extended support: yes\n"
		  "::error title=eks-upgrade nodegroup-skew::2 node groups are not at 1.31\n"
		  "::warning title=eks-upgrade addon-compatibility::1 add-on to update for 1.32\n"
		  "::error title=eks-upgrade upgrade-insights::1 insight is ERROR\n");
	CHECK_STR(captured(&se), "");
	capture_close(&so);
	capture_close(&se);
	plan_free(&p);
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *data;
	long n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	data = calloc(1, (size_t)n + 1);
	if (data != NULL && fread(data, 1, (size_t)n, f) != (size_t)n) {
		free(data);
		data = NULL;
	}
	fclose(f);
	return data;
}

TEST(github_summary_file)
{
	struct out o;
	struct capture so, se;
	struct plan p;
	char path[] = "/tmp/test_out_summaryXXXXXX";
	char *text;
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK(write(fd, "earlier step\n", 13) == 13); /* appended to, not replaced */
	close(fd);
	demo_plan(&p, true);
	(void)str_copy(p.checks[CHECK_CLUSTER_STATUS].message,
		       sizeof(p.checks[CHECK_CLUSTER_STATUS].message), "a|b\r\nc");
	out_memory(&o, OUT_TEXT, &so, &se);
	out_github_summary(&o, &p, path);
	CHECK_STR(captured(&se), "");
	text = read_file(path);
	CHECK_STR(text, "earlier step\n"
			"### eks-upgrade: demo (us-west-2) 1.31 → 1.32\n"
			"\n"
			"✖ upgrade blocked by 2 checks: nodegroup-skew, upgrade-insights\n"
			"\n"
			"| Check | Status | Message |\n"
			"| --- | --- | --- |\n"
			"| cluster-status | ✔ pass | a\\|b c |\n"
			"| update-in-progress | ✔ pass | no update in progress |\n"
			"| version-target | ✔ pass | 1.32 is one minor above 1.31 |\n"
			"| version-support | ! warn | 1.31 is in extended support |\n"
			"| nodegroup-skew | ✖ fail | 2 node groups are not at 1.31"
			"<br>• ng-a: 1.30<br>• ng-b: 1.30 |\n"
			"| addon-compatibility | ! warn | 1 add-on to update for 1.32"
			"<br>• vpc-cni: v1.18.0 (target default v1.19.0) |\n"
			"| upgrade-insights | ✖ fail | 1 insight is ERROR"
			"<br>• Kubelet version skew \\[ERROR\\] (abc-123) |\n"
			"\n");
	free(text);
	unlink(path);
	/* Missing variable and unwritable file: warnings, nothing else. */
	out_github_summary(&o, &p, NULL);
	out_github_summary(&o, &p, "/nonexistent-dir/x.md");
	CHECK_STR(captured(&se), "[!] GITHUB_STEP_SUMMARY is not set; no step summary written\n"
				 "[!] cannot write the step summary /nonexistent-dir/x.md: No "
				 "such file or directory\n");
	CHECK_STR(captured(&so), "");
	capture_close(&so);
	capture_close(&se);
	plan_free(&p);
}

TEST(github_summary_nothing_to_do)
{
	struct out o;
	struct capture so, se;
	struct plan p;
	static const char head[] = "### eks-upgrade: demo (us-west-2) at 1.31\n\n"
				   "✔ cluster is already at 1.31; nothing to do\n\n";
	char path[] = "/tmp/test_out_summaryXXXXXX";
	char *text;
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	if (fd < 0)
		return;
	close(fd);
	demo_plan(&p, false);
	p.target_version[0] = '\0';
	out_memory(&o, OUT_TEXT, &so, &se);
	out_github_summary(&o, &p, path);
	text = read_file(path);
	CHECK(text != NULL && strncmp(text, head, strlen(head)) == 0);
	CHECK(text != NULL && strstr(text, "| upgrade-insights | ℹ skip | ListInsights not "
					   "allowed |\n") != NULL);
	free(text);
	unlink(path);
	capture_close(&so);
	capture_close(&se);
	plan_free(&p);
}

/* --- apply / poll ---------------------------------------------------------- */

TEST(update_start_text)
{
	struct out o;
	struct capture so, se;
	struct err err = {0};
	struct out_update_start s = {.update_id = "u-1",
				     .from_version = "1.31",
				     .target_version = "1.32",
				     .resume_command = "eks-upgrade poll --cluster demo"};

	out_memory(&o, OUT_TEXT, &so, &se);
	o.quiet = true; /* the id and the resume command are always printed */
	CHECK(out_update_start(&o, &s, &err) == 0);
	s.adopted = true;
	CHECK(out_update_start(&o, &s, &err) == 0);
	CHECK_STR(captured(&so), "[ℹ] started update u-1 (1.31 → 1.32)\n"
				 "[ℹ] resume with: eks-upgrade poll --cluster demo\n"
				 "[ℹ] adopted update u-1 already in progress\n"
				 "[ℹ] resume with: eks-upgrade poll --cluster demo\n");
	capture_close(&so);
	capture_close(&se);
}

TEST(update_start_json)
{
	struct out o;
	struct capture so, se;
	struct err err = {0};
	struct out_update_start s = {.update_id = "u-1",
				     .from_version = "1.31",
				     .target_version = "1.32",
				     .resume_command = "eks-upgrade poll --cluster 'a b'"};

	out_memory(&o, OUT_JSON, &so, &se);
	CHECK(out_update_start(&o, &s, &err) == 0);
	s.adopted = true;
	CHECK(out_update_start(&o, &s, &err) == 0);
	CHECK_STR(captured(&so),
		  "{\"event\":\"update-started\",\"updateId\":\"u-1\",\"targetVersion\":\"1.32\","
		  "\"resumeCommand\":\"eks-upgrade poll --cluster 'a b'\"}\n"
		  "{\"event\":\"update-adopted\",\"updateId\":\"u-1\",\"targetVersion\":\"1.32\","
		  "\"resumeCommand\":\"eks-upgrade poll --cluster 'a b'\"}\n");
	CHECK_STR(captured(&se), "");
	capture_close(&so);
	capture_close(&se);
}

TEST(progress_due)
{
	/* Terminal: every poll rewrites the line. */
	CHECK(out_progress_due(true, "InProgress", "InProgress", 1));
	/* Otherwise: first line, a change, or the heartbeat. */
	CHECK(out_progress_due(false, NULL, "InProgress", 0));
	CHECK(out_progress_due(false, "", "InProgress", 0));
	CHECK(!out_progress_due(false, "InProgress", "InProgress", 0));
	CHECK(!out_progress_due(false, "InProgress", "InProgress", 59));
	CHECK(out_progress_due(false, "InProgress", "InProgress", 60));
	CHECK(out_progress_due(false, "InProgress", "InProgress", 61));
	CHECK(out_progress_due(false, "InProgress", "Successful", 1));
	CHECK(out_progress_due(false, "InProgress", NULL, 1));
}

TEST(progress_lines_not_tty)
{
	struct out o;
	struct capture so, se;
	struct err err = {0};
	struct out_result r = {.update_id = "u-1",
			       .status = "Successful",
			       .cluster = "demo",
			       .version = "1.32",
			       .platform_version = "eks.1"};

	out_memory(&o, OUT_TEXT, &so, &se);
	CHECK(out_progress(&o, "u-1", "InProgress", 0, &err) == 0);
	CHECK(out_progress(&o, "u-1", "InProgress", 15, &err) == 0);
	CHECK(out_progress(&o, "u-1", "InProgress", 59, &err) == 0);
	CHECK(out_progress(&o, "u-1", "InProgress", 60, &err) == 0);
	CHECK(out_progress(&o, "u-1", "InProgress", 75, &err) == 0);
	CHECK(out_progress(&o, "u-1", "InProgress", 125, &err) == 0);
	CHECK(out_progress(&o, "u-1", "InProgress", 3725, &err) == 0);
	CHECK(out_progress(&o, "u-1", "Successful", 3730, &err) == 0);
	CHECK(out_result(&o, &r, &err) == 0);
	CHECK_STR(captured(&so), "[ℹ] waiting for update u-1: InProgress, 0s elapsed\n"
				 "[ℹ] waiting for update u-1: InProgress, 1m00s elapsed\n"
				 "[ℹ] waiting for update u-1: InProgress, 2m05s elapsed\n"
				 "[ℹ] waiting for update u-1: InProgress, 1h02m05s elapsed\n"
				 "[ℹ] waiting for update u-1: Successful, 1h02m10s elapsed\n"
				 "[✔] update u-1 Successful: cluster demo is at 1.32 (eks.1)\n");
	capture_close(&so);
	capture_close(&se);
}

TEST(progress_restarts_per_update)
{
	struct out o;
	struct capture so, se;
	struct err err = {0};
	struct out_update_start s = {.adopted = true, .update_id = "u-2", .resume_command = "r"};

	out_memory(&o, OUT_TEXT, &so, &se);
	CHECK(out_progress(&o, "u-1", "InProgress", 100, &err) == 0);
	CHECK(out_update_start(&o, &s, &err) == 0);
	CHECK(out_progress(&o, "u-2", "InProgress", 0, &err) == 0);
	CHECK_STR(captured(&so), "[ℹ] waiting for update u-1: InProgress, 1m40s elapsed\n"
				 "[ℹ] adopted update u-2 already in progress\n"
				 "[ℹ] resume with: r\n"
				 "[ℹ] waiting for update u-2: InProgress, 0s elapsed\n");
	capture_close(&so);
	capture_close(&se);
}

TEST(progress_in_place_on_tty)
{
	struct out o;
	struct capture so, se;
	struct err err = {0};
	struct out_result r = {.update_id = "u-1", .status = "Failed"};

	out_memory(&o, OUT_TEXT, &so, &se);
	o.is_tty = true;
	CHECK(out_progress(&o, "u-1", "InProgress", 5, &err) == 0);
	CHECK(out_progress(&o, "u-1", "InProgress", 260, &err) == 0);
	CHECK(out_result(&o, &r, &err) == 0);
	CHECK_STR(captured(&so), "\r[ℹ] waiting for update u-1: InProgress, 5s elapsed\033[K"
				 "\r[ℹ] waiting for update u-1: InProgress, 4m20s elapsed\033[K"
				 "\n[✖] update u-1 Failed\n");
	capture_close(&so);
	capture_close(&se);
	/* Quiet: no progress at all. */
	out_memory(&o, OUT_TEXT, &so, &se);
	o.is_tty = true;
	o.quiet = true;
	CHECK(out_progress(&o, "u-1", "InProgress", 5, &err) == 0);
	CHECK_STR(captured(&so), "");
	capture_close(&so);
	capture_close(&se);
}

TEST(progress_json_events)
{
	struct out o;
	struct capture so, se;
	struct err err = {0};

	out_memory(&o, OUT_JSON, &so, &se);
	o.is_tty = true; /* JSON never rewrites: change or heartbeat only */
	CHECK(out_progress(&o, "u-1", "InProgress", 0, &err) == 0);
	CHECK(out_progress(&o, "u-1", "InProgress", 30, &err) == 0);
	CHECK(out_progress(&o, "u-1", "InProgress", 61, &err) == 0);
	CHECK(out_progress(&o, "u-1", "Failed", 62, &err) == 0);
	CHECK_STR(captured(&so),
		  "{\"event\":\"progress\",\"updateId\":\"u-1\",\"status\":\"InProgress\","
		  "\"elapsedSeconds\":0}\n"
		  "{\"event\":\"progress\",\"updateId\":\"u-1\",\"status\":\"InProgress\","
		  "\"elapsedSeconds\":61}\n"
		  "{\"event\":\"progress\",\"updateId\":\"u-1\",\"status\":\"Failed\","
		  "\"elapsedSeconds\":62}\n");
	capture_close(&so);
	capture_close(&se);
}

TEST(elapsed_format)
{
	char s[32];

	out_format_elapsed(0, s, sizeof(s));
	CHECK_STR(s, "0s");
	out_format_elapsed(59, s, sizeof(s));
	CHECK_STR(s, "59s");
	out_format_elapsed(260, s, sizeof(s));
	CHECK_STR(s, "4m20s");
	out_format_elapsed(3600, s, sizeof(s));
	CHECK_STR(s, "1h00m00s");
	out_format_elapsed(-5, s, sizeof(s));
	CHECK_STR(s, "0s");
}

static const char *const ids[] = {"ng-a", "ng-b"};
static const struct out_error failed_errors[] = {
    {.code = "NodeCreationFailure",
     .message = "Instances failed to join",
     .resource_ids = ids,
     .resource_id_count = 2},
    {.code = "Unknown", .message = "something \"odd\""},
};

TEST(result_text_statuses)
{
	struct out o;
	struct capture so, se;
	struct err err = {0};
	struct out_result r = {.update_id = "u-1",
			       .cluster = "demo",
			       .version = "1.31",
			       .resume_command = "eks-upgrade poll --update-id u-1"};

	out_memory(&o, OUT_TEXT, &so, &se);
	o.quiet = true; /* results are always printed */
	r.status = "Failed";
	r.errors = failed_errors;
	r.error_count = 2;
	CHECK(out_result(&o, &r, &err) == 0);
	r.errors = NULL;
	r.error_count = 0;
	r.status = "Cancelled";
	CHECK(out_result(&o, &r, &err) == 0);
	r.status = "TimedOut";
	r.timeout_ms = 65 * 60 * 1000;
	CHECK(out_result(&o, &r, &err) == 0);
	r.status = "Interrupted";
	CHECK(out_result(&o, &r, &err) == 0);
	r.status = "InProgress";
	CHECK(out_result(&o, &r, &err) == 0);
	r.status = "NotApproved";
	CHECK(out_result(&o, &r, &err) == 0);
	r.status = "NoUpdate";
	CHECK(out_result(&o, &r, &err) == 0);
	r.status = "UpToDate";
	CHECK(out_result(&o, &r, &err) == 0);
	r.status = "Blocked";
	CHECK(out_result(&o, &r, &err) == 0);
	r.status = "Whatever";
	CHECK(out_result(&o, &r, &err) == 0);
	r.status = "Successful";
	r.platform_version = NULL;
	CHECK(out_result(&o, &r, &err) == 0);
	CHECK_STR(captured(&so),
		  "[✖] update u-1 Failed\n"
		  "    - NodeCreationFailure: Instances failed to join (ng-a, ng-b)\n"
		  "    - Unknown: something \"odd\"\n"
		  "[✖] update u-1 Cancelled\n"
		  "[!] timed out after 1h5m; the update is still running. Resume with: "
		  "eks-upgrade poll --update-id u-1\n"
		  "[!] interrupted; the update goes on. Resume with: eks-upgrade poll "
		  "--update-id u-1\n"
		  "[ℹ] update u-1 is InProgress; not waiting. Resume with: eks-upgrade poll "
		  "--update-id u-1\n"
		  "[ℹ] no changes were applied, run again with --approve to apply them\n"
		  "[ℹ] no update in progress on cluster demo\n"
		  "[ℹ] update u-1: Whatever\n"
		  "[✔] update u-1 Successful: cluster demo is at 1.31\n");
	capture_close(&so);
	capture_close(&se);
}

TEST(result_json)
{
	struct out o;
	struct capture so, se;
	struct err err = {0};
	struct out_result r = {.update_id = "u-1",
			       .status = "Failed",
			       .version = "1.31",
			       .platform_version = "eks.12",
			       .errors = failed_errors,
			       .error_count = 2,
			       .exit_code = 4};

	out_memory(&o, OUT_JSON, &so, &se);
	CHECK(out_result(&o, &r, &err) == 0);
	r = (struct out_result){.status = "NoUpdate", .exit_code = 0};
	CHECK(out_result(&o, &r, &err) == 0);
	CHECK_STR(captured(&so),
		  "{\"event\":\"result\",\"updateId\":\"u-1\",\"status\":\"Failed\","
		  "\"version\":\"1.31\",\"platformVersion\":\"eks.12\",\"errors\":["
		  "{\"errorCode\":\"NodeCreationFailure\",\"errorMessage\":\"Instances failed to "
		  "join\",\"resourceIds\":[\"ng-a\",\"ng-b\"]},"
		  "{\"errorCode\":\"Unknown\",\"errorMessage\":\"something \\\"odd\\\"\","
		  "\"resourceIds\":[]}],\"exitCode\":4,\"rollbackUntil\":null}\n"
		  "{\"event\":\"result\",\"updateId\":null,\"status\":\"NoUpdate\","
		  "\"version\":null,\"platformVersion\":null,\"errors\":[],\"exitCode\":0,"
		  "\"rollbackUntil\":null}\n");
	CHECK_STR(captured(&se), "");
	capture_close(&so);
	capture_close(&se);
}

TEST(resume_command)
{
	char s[256];

	CHECK(out_resume_command(s, sizeof(s), "demo", "us-west-2", NULL, "abc-123") == 0);
	CHECK_STR(s, "eks-upgrade poll --cluster demo --region us-west-2 --update-id abc-123");
	CHECK(out_resume_command(s, sizeof(s), "demo", "us-west-2", "", "abc-123") == 0);
	CHECK_STR(s, "eks-upgrade poll --cluster demo --region us-west-2 --update-id abc-123");
	CHECK(out_resume_command(s, sizeof(s), "demo", "us-west-2", "it's mine", "abc") == 0);
	CHECK_STR(s, "eks-upgrade poll --cluster demo --region us-west-2 --profile 'it'\\''s "
		     "mine' --update-id abc");
	CHECK(out_resume_command(s, sizeof(s), "a$(rm)", "eu-west-1", "prod", "x;y") == 0);
	CHECK_STR(s, "eks-upgrade poll --cluster 'a$(rm)' --region eu-west-1 --profile prod "
		     "--update-id 'x;y'");
	CHECK(out_resume_command(s, sizeof(s), "", "eu-west-1", NULL, "u") == 0);
	CHECK_STR(s, "eks-upgrade poll --cluster '' --region eu-west-1 --update-id u");
	/* Too small: -1, still a terminated string. */
	CHECK(out_resume_command(s, 30, "demo", "us-west-2", NULL, "abc-123") == -1);
	CHECK(strlen(s) < 30);
	CHECK(strncmp(s, "eks-upgrade poll --cluster", 26) == 0);
}

/* A kubelets item: version, count, kinds, at most five names, "and N more". */
static void add_kubelets(struct check *c, const char *version, long count, int names)
{
	struct check_item item;
	struct err err = {0};

	memset(&item, 0, sizeof(item));
	(void)str_copy(item.version, sizeof(item.version), version);
	(void)str_copy(item.kubelets.version, sizeof(item.kubelets.version), version);
	item.kubelets.count = count;
	item.kubelets.kinds[KUBE_NODE_SELF_MANAGED] = count - 1;
	item.kubelets.kinds[KUBE_NODE_FARGATE] = 1;
	for (int i = 0; i < names && i < KUBE_GROUP_NAMES; i++)
		(void)str_fmt(item.kubelets.names[item.kubelets.name_count++], KUBE_NAME_MAX,
			      "node-%d", i);
	CHECK(plan_add_item(c, &item, &err) == 0);
}

static void dataplane_plan(struct plan *p)
{
	struct check_item pdb;
	struct err err = {0};

	demo_plan(p, false);
	set_check(&p->checks[CHECK_DATAPLANE_SKEW], "dataplane-skew", CHECK_FAIL,
		  "7 of 9 nodes would be too far behind 1.32", ITEMS_KUBELETS);
	add_kubelets(&p->checks[CHECK_DATAPLANE_SKEW], "1.28", 7, 5);
	add_kubelets(&p->checks[CHECK_DATAPLANE_SKEW], "1.31", 2, 2);
	set_check(&p->checks[CHECK_POD_DISRUPTION], "pod-disruption", CHECK_WARN,
		  "1 of 3 PodDisruptionBudgets allows no disruption now", ITEMS_PDBS);
	memset(&pdb, 0, sizeof(pdb));
	(void)str_copy(pdb.namespace_name, sizeof(pdb.namespace_name), "shop");
	(void)str_copy(pdb.name, sizeof(pdb.name), "checkout");
	CHECK(plan_add_item(&p->checks[CHECK_POD_DISRUPTION], &pdb, &err) == 0);
	p->blocked = true;
}

TEST(text_dataplane_items)
{
	struct out o;
	struct capture so, se;
	struct plan p;
	struct err err = {0};

	dataplane_plan(&p);
	out_memory(&o, OUT_TEXT, &so, &se);
	o.quiet = true;
	CHECK(out_plan(&o, &p, false, &err) == 0);
	CHECK(strstr(captured(&so),
		     "[✖] dataplane-skew: 7 of 9 nodes would be too far behind 1.32\n"
		     "    - 1.28: 7 nodes (6 self-managed, 1 Fargate): node-0, node-1, node-2, "
		     "node-3, node-4 and 2 more\n"
		     "    - 1.31: 2 nodes (1 self-managed, 1 Fargate): node-0, node-1\n"
		     "[!] pod-disruption: 1 of 3 PodDisruptionBudgets allows no disruption now\n"
		     "    - shop/checkout\n"
		     "[✖] upgrade blocked by 1 check: dataplane-skew\n") != NULL);
	capture_close(&so);
	capture_close(&se);
	plan_free(&p);
}

TEST(json_dataplane_items)
{
	struct plan p;
	struct buf b;
	struct json_doc doc = {0};
	struct err err = {0};
	int64_t n = 0;
	int c;
	static const char *const kubelet_keys[] = {"version", "count", "nodes"};
	static const char *const pdb_keys[] = {"namespace", "name"};

	dataplane_plan(&p);
	buf_init(&b, 1 << 20);
	CHECK(out_plan_json(&b, &p, false, &err) == 0);
	CHECK(json_parse_object(&doc, buf_str(&b), b.len, &err) == 0);
	CHECK(json_length(&doc, json_path(&doc, 0, "checks")) == CHECK_COUNT - 1); /* no rollback */
	c = json_path(&doc, 0, "checks.7");
	CHECK(string_is(&doc, c, "id", "dataplane-skew"));
	CHECK(keys_are(&doc, json_path(&doc, c, "items.0"), kubelet_keys, 3));
	CHECK(string_is(&doc, c, "items.0.version", "1.28"));
	CHECK(json_get_int64(&doc, c, "items.0.count", &n, &err) == 0 && n == 7);
	CHECK(json_length(&doc, json_path(&doc, c, "items.0.nodes")) == 5);
	CHECK(string_is(&doc, c, "items.0.nodes.4", "node-4"));
	CHECK(json_length(&doc, json_path(&doc, c, "items.1.nodes")) == 2);
	c = json_path(&doc, 0, "checks.8");
	CHECK(string_is(&doc, c, "id", "pod-disruption"));
	CHECK(string_is(&doc, c, "status", "warn"));
	CHECK(keys_are(&doc, json_path(&doc, c, "items.0"), pdb_keys, 2));
	CHECK(string_is(&doc, c, "items.0.namespace", "shop"));
	CHECK(string_is(&doc, c, "items.0.name", "checkout"));
	/* The first step carries the same checks. */
	CHECK(json_length(&doc, json_path(&doc, 0, "steps.0.checks")) == CHECK_COUNT - 1);
	json_doc_free(&doc);
	buf_free(&b);
	plan_free(&p);
}

int main(void)
{
	RUN(status_names);
	RUN(add_items_grow_and_free);
	RUN(add_items_capped);
	RUN(text_blocked);
	RUN(text_ready_multi_step);
	RUN(text_single_step_and_adoptable);
	RUN(text_nothing_to_do);
	RUN(text_quiet);
	RUN(text_colour);
	RUN(colour_wanted);
	RUN(json_plan_blocked);
	RUN(json_plan_null_target_update_in_progress_event);
	RUN(json_plan_buffer_too_small);
	RUN(json_mode_stdout_only_json);
	RUN(github_escape);
	RUN(github_annotations_text);
	RUN(github_summary_file);
	RUN(github_summary_nothing_to_do);
	RUN(update_start_text);
	RUN(update_start_json);
	RUN(progress_due);
	RUN(progress_lines_not_tty);
	RUN(progress_restarts_per_update);
	RUN(progress_in_place_on_tty);
	RUN(progress_json_events);
	RUN(elapsed_format);
	RUN(result_text_statuses);
	RUN(result_json);
	RUN(resume_command);
	RUN(text_dataplane_items);
	RUN(json_dataplane_items);
	return unit_done("out");
}
