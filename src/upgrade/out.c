/* out — text, JSON and GitHub Actions rendering (see out.h). */
#include "upgrade/out.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/duration.h"
#include "util/json.h"
#include "util/str.h"
#include "util/text.h"

/* A plan holds at most CHECK_COUNT checks of at most 10,000 items of about
 * 700 bytes (escaped): this is comfortably above that. */
#define PLAN_JSON_MAX (64u * 1024 * 1024)
#define EVENT_JSON_MAX (1024u * 1024)
/* The longest text line shown; a longer one is cut. */
#define LINE_MAX_BYTES (256u * 1024)

enum mark {
	MARK_INFO = OUT_INFO,
	MARK_PASS = OUT_PASS,
	MARK_WARN = OUT_WARN,
	MARK_FAIL = OUT_FAIL
};

static const char *const mark_text[] = {"[ℹ]", "[✔]", "[!]", "[✖]"};
static const char *const mark_symbol[] = {"ℹ", "✔", "!", "✖"};
static const char *const mark_color[] = {"\033[36m", "\033[32m", "\033[33m", "\033[31m"};

void out_init(struct out *out, enum out_mode mode)
{
	memset(out, 0, sizeof(*out));
	out->mode = mode;
	out->stdout_file = stdout;
	out->stderr_file = stderr;
	out->is_tty = isatty(STDOUT_FILENO) == 1;
}

bool out_color_wanted(bool no_color_flag)
{
	const char *no_color = getenv("NO_COLOR");

	if (no_color_flag)
		return false;
	/* SPEC §5: colour only while NO_COLOR is unset; set to anything, even
	 * "", it is off (no-color.org ignores an empty value; the contract
	 * does not). */
	if (no_color != NULL)
		return false;
	return isatty(STDOUT_FILENO) == 1;
}

bool out_github_wanted(void)
{
	const char *v = getenv("GITHUB_ACTIONS");

	return v != NULL && strcmp(v, "true") == 0;
}

/* --- text lines ------------------------------------------------------------ */

/* stdout is gone (a closed pipe, a full disk): say once on stderr how to
 * follow the update that goes on without us (SPEC §8, like an interrupt). */
static void output_failed(struct out *out, int error)
{
	if (out->output_failed)
		return;
	out->output_failed = true;
	if (out->resume[0] != '\0') {
		fprintf(out->stderr_file,
			"[!] cannot write the output (%s); the update goes on. Resume with: ",
			error ? strerror(error) : "I/O error");
		(void)text_fputs(out->stderr_file, out->resume);
		fputc('\n', out->stderr_file);
		fflush(out->stderr_file);
	}
}

static int flush_checked(struct out *out, FILE *f, struct err *err)
{
	int error;

	errno = 0;
	if (fflush(f) == 0 && !ferror(f))
		return 0;
	error = errno;
	if (f == out->stdout_file)
		output_failed(out, error);
	return err_set(err, EXIT_RUNTIME, "writing output: %s",
		       error ? strerror(error) : "I/O error");
}

/* Formats a line of text that may carry names and messages from AWS and
 * writes it escaped (util/text.h): no control byte, line break or workflow
 * command gets through. No newline is added. */
static void vput_text(FILE *f, const char *fmt, va_list ap) PRINTF_LIKE(2, 0);

static void vput_text(FILE *f, const char *fmt, va_list ap)
{
	struct buf b;

	buf_init(&b, LINE_MAX_BYTES);
	if (buf_vappendf(&b, fmt, ap) != 0)
		(void)(buf_append_str(&b, "(a line too long to show)") == 0);
	(void)text_fputs(f, buf_str(&b));
	buf_free(&b);
}

static void put_text(FILE *f, const char *fmt, ...) PRINTF_LIKE(2, 3);

static void put_text(FILE *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vput_text(f, fmt, ap);
	va_end(ap);
}

/* put_text and a newline. */
static void text_line(FILE *f, const char *fmt, ...) PRINTF_LIKE(2, 3);

static void text_line(FILE *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vput_text(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
}

/* A progress line rewritten with \r has no newline yet: end it before
 * anything else is written to the terminal. */
static void end_progress_line(struct out *out)
{
	if (out->progress_line_open) {
		fputc('\n', out->stdout_file);
		out->progress_line_open = false;
	}
}

static void put_mark(const struct out *out, FILE *f, enum mark mark)
{
	if (out->color)
		fprintf(f, "%s%s\033[0m ", mark_color[mark], mark_text[mark]);
	else
		fprintf(f, "%s ", mark_text[mark]);
}

static void vline(struct out *out, enum mark mark, const char *fmt, va_list ap) PRINTF_LIKE(3, 0);

static void vline(struct out *out, enum mark mark, const char *fmt, va_list ap)
{
	end_progress_line(out);
	put_mark(out, out->stdout_file, mark);
	vput_text(out->stdout_file, fmt, ap);
	fputc('\n', out->stdout_file);
	fflush(out->stdout_file);
}

static void line(struct out *out, enum mark mark, const char *fmt, ...) PRINTF_LIKE(3, 4);

static void line(struct out *out, enum mark mark, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vline(out, mark, fmt, ap);
	va_end(ap);
}

void out_text_line(struct out *out, enum out_mark mark, const char *fmt, ...)
{
	va_list ap;

	if (out->mode != OUT_TEXT)
		return;
	va_start(ap, fmt);
	vline(out, (enum mark)mark, fmt, ap);
	va_end(ap);
}

void out_warning(struct out *out, const char *fmt, ...)
{
	va_list ap;

	end_progress_line(out);
	fputs("[!] ", out->stderr_file);
	va_start(ap, fmt);
	vput_text(out->stderr_file, fmt, ap);
	va_end(ap);
	fputc('\n', out->stderr_file);
	fflush(out->stderr_file);
}

static bool is(const char *status, const char *name)
{
	return status != NULL && strcmp(status, name) == 0;
}

static const char *or_empty(const char *s)
{
	return s != NULL ? s : "";
}

/* --- plan: text ------------------------------------------------------------ */

static enum mark check_mark(enum check_status status)
{
	switch (status) {
	case CHECK_PASS:
		return MARK_PASS;
	case CHECK_WARN:
		return MARK_WARN;
	case CHECK_FAIL:
		return MARK_FAIL;
	case CHECK_SKIP:
		break;
	}
	return MARK_INFO;
}

/* "1.30 → 1.31 → 1.32": the current version, then the path (or the
 * target alone when the path is empty). */
static void path_text(const struct plan *plan, char *out, size_t cap)
{
	size_t len;

	(void)str_copy(out, cap, plan->current_version);
	if (plan->path_len == 0) {
		len = strlen(out);
		(void)str_fmt(out + len, cap - len, " → %s", plan->target_version);
		return;
	}
	for (size_t i = 0; i < plan->path_len && i < PLAN_MAX_PATH; i++) {
		len = strlen(out);
		(void)str_fmt(out + len, cap - len, " → %s", plan->path[i]);
	}
}

/* The one-line conclusion of a plan, shared by text and the summary. */
static enum mark verdict(const struct plan *plan, char *out, size_t cap)
{
	char path[PLAN_MAX_PATH * 40];
	const char *what = plan->kind == PLAN_KIND_ROLLBACK ? "rollback" : "upgrade";

	if (plan->blocked) {
		char ids[CHECK_COUNT * 32] = "";
		size_t n = 0;

		for (size_t i = 0; i < CHECK_COUNT; i++) {
			const struct check *c = &plan->checks[i];
			size_t len = strlen(ids);

			if (c->id == NULL || c->status != CHECK_FAIL)
				continue;
			(void)str_fmt(ids + len, sizeof(ids) - len, "%s%s", n ? ", " : "", c->id);
			n++;
		}
		for (size_t s = 1; n == 0 && s < plan->path_len && s < PLAN_MAX_PATH; s++) {
			const struct plan_step *st = &plan->later[s];

			if (!st->blocked)
				continue;
			for (size_t i = 0; i < CHECK_COUNT; i++) {
				const struct check *c = &st->checks[i];
				size_t len = strlen(ids);

				if (c->id == NULL || c->status != CHECK_FAIL)
					continue;
				(void)str_fmt(ids + len, sizeof(ids) - len, "%s%s", n ? ", " : "",
					      c->id);
				n++;
			}
			(void)str_fmt(out, cap,
				      "upgrade blocked: step %s → %s would fail %zu check%s: %s; "
				      "nothing is started",
				      st->from, st->version, n, n == 1 ? "" : "s", ids);
			return MARK_FAIL;
		}
		if (n == 0)
			(void)str_fmt(out, cap, "%s blocked", what);
		else
			(void)str_fmt(out, cap, "%s blocked by %zu check%s: %s", what, n,
				      n == 1 ? "" : "s", ids);
		return MARK_FAIL;
	}
	if (plan->target_version[0] == '\0') {
		(void)str_fmt(out, cap, "cluster is already at %s; nothing to do",
			      plan->current_version);
		return MARK_PASS;
	}
	if (plan->has_update_in_progress && plan->adoptable) {
		(void)str_fmt(out, cap, "update %s to %s is in progress; apply will adopt it",
			      plan->update_in_progress.id, plan->target_version);
		return MARK_PASS;
	}
	path_text(plan, path, sizeof(path));
	(void)str_fmt(out, cap, "ready to %s %s",
		      plan->kind == PLAN_KIND_ROLLBACK ? "roll back" : "upgrade", path);
	return MARK_PASS;
}

/* "2026-11-30 10:00 UTC" (text) or "2026-11-30T10:00:00Z" (JSON); "" when
 * unknown. */
static void time_text(double epoch, bool iso, char *out, size_t cap)
{
	time_t t = epoch > 0 && epoch < 253402300800.0 ? (time_t)epoch : 0;
	struct tm tm;

	if (t <= 0 || gmtime_r(&t, &tm) == NULL ||
	    strftime(out, cap, iso ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%d %H:%M UTC", &tm) == 0)
		(void)str_copy(out, cap, "");
}

/* What DescribeInsight said: the recommendation, each deprecated API with
 * its replacement and its busiest clients, the affected resources. */
static void insight_text(FILE *f, const struct eks_insight *in)
{
	char when[32];

	if (in->recommendation[0])
		text_line(f, "      recommendation: %s", in->recommendation);
	for (size_t d = 0; d < in->deprecation_count; d++) {
		const struct eks_deprecation *dep = &in->deprecations[d];

		text_line(
		    f, "      deprecated: %s%s%s%s%s", dep->usage[0] ? dep->usage : "(unnamed)",
		    dep->replaced_with[0] ? " → " : "", dep->replaced_with,
		    dep->stop_serving_version[0] ? ", removed in " : "", dep->stop_serving_version);
		for (size_t k = 0; k < dep->client_count && k < 3; k++) {
			const struct eks_client_stat *cs = &dep->clients[k];

			char count[48] = "requests unknown";

			if (cs->requests_last_30_days >= 0)
				(void)str_fmt(count, sizeof(count), "%lld request%s in 30 days",
					      (long long)cs->requests_last_30_days,
					      cs->requests_last_30_days == 1 ? "" : "s");
			time_text(cs->last_request_time, false, when, sizeof(when));
			text_line(f, "        client %s: %s%s%s",
				  cs->user_agent[0] ? cs->user_agent : "(no user agent)", count,
				  when[0] ? ", last " : "", when);
		}
	}
	for (size_t r = 0; r < in->resource_count; r++)
		text_line(f, "      resource: %s", in->resources[r]);
	if (in->resource_total > in->resource_count)
		fprintf(f, "      ... and %zu more resources\n",
			in->resource_total - in->resource_count);
	if (in->detail_result.attempted && !in->detail_result.ok)
		text_line(f, "      details unavailable: DescribeInsight: %s: %s",
			  in->detail_result.code, in->detail_result.message);
	time_text(in->last_refresh_time, false, when, sizeof(when));
	if (when[0])
		fprintf(f, "      refreshed %s\n", when);
}

/* "1.29: 3 nodes (2 self-managed, 1 Fargate): a, b, c" — at most
 * KUBE_GROUP_NAMES names, then "and N more". */
static void kubelets_text(const struct kube_kubelets *g, char *out, size_t cap)
{
	size_t len;
	bool first = true;

	(void)str_fmt(out, cap, "%s: %ld node%s (", g->version, g->count, g->count == 1 ? "" : "s");
	for (int k = 0; k < KUBE_NODE_KINDS; k++) {
		if (g->kinds[k] == 0)
			continue;
		len = strlen(out);
		(void)str_fmt(out + len, cap - len, "%s%ld %s", first ? "" : ", ", g->kinds[k],
			      kube_node_kind_name((enum kube_node_kind)k));
		first = false;
	}
	len = strlen(out);
	(void)str_copy(out + len, cap - len, "):");
	for (size_t i = 0; i < g->name_count && i < KUBE_GROUP_NAMES; i++) {
		len = strlen(out);
		(void)str_fmt(out + len, cap - len, "%s %s", i ? "," : "", g->names[i]);
	}
	if (g->count > (long)g->name_count) {
		len = strlen(out);
		(void)str_fmt(out + len, cap - len, " and %ld more",
			      g->count - (long)g->name_count);
	}
}

static void item_text(const struct out *out, enum item_kind kind, const struct check_item *item)
{
	FILE *f = out->stdout_file;

	switch (kind) {
	case ITEMS_NODEGROUPS:
		text_line(f, "    - %s: %s", item->name, item->version);
		return;
	case ITEMS_ADDONS:
		if (item->default_version[0])
			text_line(f, "    - %s: %s (target default %s)", item->name, item->version,
				  item->default_version);
		else
			text_line(f, "    - %s: %s", item->name, item->version);
		return;
	case ITEMS_INSIGHTS:
		text_line(f, "    - %s [%s] (%s)", item->name, item->status, item->id);
		if (item->insight != NULL)
			insight_text(f, item->insight);
		return;
	case ITEMS_KUBELETS: {
		char text[1024];

		kubelets_text(&item->kubelets, text, sizeof(text));
		text_line(f, "    - %s", text); /* node names came from the server */
		return;
	}
	case ITEMS_PDBS:
		text_line(f, "    - %s/%s", item->namespace_name, item->name);
		return;
	case ITEMS_NONE:
		break;
	}
	text_line(f, "    - %s", item->name);
}

static void check_text(struct out *out, const struct check *check)
{
	const char *skipped = check->status == CHECK_SKIP ? "skipped: " : "";

	if (check->message[0])
		line(out, check_mark(check->status), "%s: %s%s", check->id, skipped,
		     check->message);
	else
		line(out, check_mark(check->status), "%s%s", check->id,
		     check->status == CHECK_SKIP ? ": skipped" : "");
	for (size_t i = 0; i < check->item_count; i++)
		item_text(out, check->item_kind, &check->items[i]);
}

/* The whole change, before --approve (SPEC §9), when it is more than the
 * control plane alone. */
static void actions_text(struct out *out, const struct plan *plan)
{
	size_t others = 0;

	for (size_t i = 0; i < plan->action_count; i++)
		if (plan->actions[i].type != ACTION_CONTROL_PLANE)
			others++;
	if (others == 0 || out->quiet)
		return;
	line(out, MARK_INFO, "%zu action%s, in order:", plan->action_count,
	     plan->action_count == 1 ? "" : "s");
	for (size_t i = 0; i < plan->action_count; i++) {
		const struct plan_action *a = &plan->actions[i];

		if (a->type == ACTION_CONTROL_PLANE)
			text_line(out->stdout_file, "    %zu. control plane %s: %s → %s", i + 1,
				  a->name, a->from, a->to);
		else
			text_line(out->stdout_file, "    %zu. %s %s: %s → %s", i + 1,
				  a->type == ACTION_ADDON ? "add-on" : "node group", a->name,
				  a->from, a->to);
	}
}

int out_plan_text(struct out *out, const struct plan *plan, struct err *err)
{
	char text[1024];
	enum mark mark;

	if (!out->quiet)
		line(out, MARK_INFO, "cluster \"%s\" in %s: version %s (%s), status %s",
		     plan->cluster, plan->region, plan->current_version, plan->platform_version,
		     plan->status);
	/* With nothing to do, the target line is the verdict. */
	if (plan->target_version[0] == '\0' && !plan->blocked) {
		mark = verdict(plan, text, sizeof(text));
		line(out, mark, "%s", text);
	} else if (!out->quiet) {
		line(out, MARK_INFO, "target version %s", plan->target_version);
	}
	for (size_t i = 0; i < CHECK_COUNT; i++) {
		const struct check *c = &plan->checks[i];

		if (c->id == NULL)
			continue;
		if (out->quiet && c->status != CHECK_WARN && c->status != CHECK_FAIL)
			continue;
		check_text(out, c);
	}
	for (size_t s = 1; s < plan->path_len && s < PLAN_MAX_PATH; s++) {
		const struct plan_step *st = &plan->later[s];

		if (st->version[0] == '\0') /* not forecast: the path is invalid */
			continue;
		if (!out->quiet || st->blocked)
			line(out, st->blocked ? MARK_FAIL : MARK_INFO,
			     "step %zu of %zu, %s → %s (forecast%s):", s + 1, plan->path_len,
			     st->from, st->version, st->blocked ? ": blocked" : "");
		for (size_t i = 0; i < CHECK_COUNT; i++) {
			const struct check *c = &st->checks[i];

			if (c->id == NULL)
				continue;
			if (out->quiet && c->status != CHECK_WARN && c->status != CHECK_FAIL)
				continue;
			check_text(out, c);
		}
	}
	actions_text(out, plan);
	if (plan->target_version[0] != '\0' || plan->blocked) {
		mark = verdict(plan, text, sizeof(text));
		line(out, mark, "%s", text);
	}
	return flush_checked(out, out->stdout_file, err);
}

/* --- plan: JSON ------------------------------------------------------------ */

static void time_json(struct json_writer *w, const char *key, double epoch)
{
	char when[32];

	time_text(epoch, true, when, sizeof(when));
	json_write_key_string(w, key, when[0] ? when : NULL);
}

static void deprecation_json(struct json_writer *w, const struct eks_deprecation *dep)
{
	json_write_begin_object(w);
	json_write_key_string(w, "usage", dep->usage);
	json_write_key_string(w, "replacedWith", dep->replaced_with[0] ? dep->replaced_with : NULL);
	json_write_key_string(w, "startServingReplacementVersion",
			      dep->start_serving_replacement_version[0]
				  ? dep->start_serving_replacement_version
				  : NULL);
	json_write_key_string(w, "stopServingVersion",
			      dep->stop_serving_version[0] ? dep->stop_serving_version : NULL);
	json_write_key(w, "clientStats");
	json_write_begin_array(w);
	for (size_t k = 0; k < dep->client_count; k++) {
		json_write_begin_object(w);
		json_write_key_string(w, "userAgent", dep->clients[k].user_agent);
		json_write_key_int64(w, "numberOfRequestsLast30Days",
				     dep->clients[k].requests_last_30_days);
		time_json(w, "lastRequestTime", dep->clients[k].last_request_time);
		json_write_end_object(w);
	}
	json_write_end_array(w);
	json_write_end_object(w);
}

/* SPEC §4 insight items: lastRefreshTime, recommendation, deprecations,
 * and the rest of what DescribeInsight said. */
static void insight_json(struct json_writer *w, const struct eks_insight *in)
{
	time_json(w, "lastRefreshTime", in != NULL ? in->last_refresh_time : 0);
	json_write_key_string(w, "recommendation",
			      in != NULL && in->recommendation[0] ? in->recommendation : NULL);
	json_write_key(w, "deprecations");
	json_write_begin_array(w);
	for (size_t d = 0; in != NULL && d < in->deprecation_count; d++)
		deprecation_json(w, &in->deprecations[d]);
	json_write_end_array(w);
	json_write_key(w, "resources");
	json_write_begin_array(w);
	for (size_t r = 0; in != NULL && r < in->resource_count; r++)
		json_write_string(w, in->resources[r]);
	json_write_end_array(w);
	json_write_key_int64(w, "resourceCount", in != NULL ? (int64_t)in->resource_total : 0);
	json_write_key(w, "additionalInfo");
	json_write_begin_object(w);
	for (size_t k = 0; in != NULL && k < in->info_count; k++)
		json_write_key_string(w, in->info_keys[k], in->info_values[k]);
	json_write_end_object(w);
	if (in != NULL && in->detail_result.attempted && !in->detail_result.ok) {
		char why[sizeof(in->detail_result.code) + sizeof(in->detail_result.message) + 4];

		(void)str_fmt(why, sizeof(why), "%s: %s", in->detail_result.code,
			      in->detail_result.message);
		json_write_key_string(w, "detailError", why);
	} else {
		json_write_key_string(w, "detailError", NULL);
	}
}

static void item_json(struct json_writer *w, enum item_kind kind, const struct check_item *item)
{
	json_write_begin_object(w);
	switch (kind) {
	case ITEMS_NODEGROUPS:
		json_write_key_string(w, "name", item->name);
		json_write_key_string(w, "version", item->version);
		break;
	case ITEMS_ADDONS:
		json_write_key_string(w, "name", item->name);
		json_write_key_string(w, "version", item->version);
		json_write_key_string(w, "defaultVersion", item->default_version);
		break;
	case ITEMS_INSIGHTS:
		json_write_key_string(w, "id", item->id);
		json_write_key_string(w, "name", item->name);
		json_write_key_string(w, "status", item->status);
		insight_json(w, item->insight);
		break;
	case ITEMS_KUBELETS:
		json_write_key_string(w, "version", item->kubelets.version);
		json_write_key_int64(w, "count", item->kubelets.count);
		json_write_key(w, "nodes");
		json_write_begin_array(w);
		for (size_t i = 0; i < item->kubelets.name_count && i < KUBE_GROUP_NAMES; i++)
			json_write_string(w, item->kubelets.names[i]);
		json_write_end_array(w);
		break;
	case ITEMS_PDBS:
		json_write_key_string(w, "namespace", item->namespace_name);
		json_write_key_string(w, "name", item->name);
		break;
	case ITEMS_NONE:
		json_write_key_string(w, "name", item->name);
		break;
	}
	json_write_end_object(w);
}

static void check_json(struct json_writer *w, const struct check *check)
{
	json_write_begin_object(w);
	json_write_key_string(w, "id", check->id);
	json_write_key_string(w, "status", check_status_name(check->status));
	json_write_key_string(w, "message", check->message);
	json_write_key(w, "items");
	json_write_begin_array(w);
	for (size_t i = 0; i < check->item_count; i++)
		item_json(w, check->item_kind, &check->items[i]);
	json_write_end_array(w);
	json_write_end_object(w);
}

static void checks_json(struct json_writer *w, const struct check *checks)
{
	json_write_begin_array(w);
	for (size_t i = 0; i < CHECK_COUNT; i++)
		if (checks[i].id != NULL)
			check_json(w, &checks[i]);
	json_write_end_array(w);
}

static void action_json(struct json_writer *w, const struct plan_action *a)
{
	json_write_begin_object(w);
	json_write_key_string(w, "type", plan_action_type_name(a->type));
	json_write_key_string(w, "name", a->name);
	json_write_key_string(w, "from", a->from);
	json_write_key_string(w, "to", a->to);
	json_write_end_object(w);
}

static void actions_json(struct json_writer *w, const struct plan *plan, size_t step)
{
	json_write_key(w, "actions");
	json_write_begin_array(w);
	for (size_t i = 0; i < plan->action_count; i++)
		if (plan->actions[i].step == step)
			action_json(w, &plan->actions[i]);
	json_write_end_array(w);
}

static bool step_blocked(const struct check *checks)
{
	for (size_t i = 0; i < CHECK_COUNT; i++)
		if (checks[i].id != NULL && checks[i].status == CHECK_FAIL)
			return true;
	return false;
}

/* SPEC §4: supportType, the current version's support dates, and the days
 * left in standard support; null when unknown. */
static void support_json(struct json_writer *w, const struct plan *plan)
{
	const struct plan_support *sup = &plan->support;
	char date[32];

	json_write_key(w, "support");
	json_write_begin_object(w);
	json_write_key_string(w, "supportType", sup->support_type[0] ? sup->support_type : NULL);
	time_text(sup->end_of_standard, true, date, sizeof(date));
	json_write_key_string(w, "endOfStandardSupport", date[0] ? date : NULL);
	time_text(sup->end_of_extended, true, date, sizeof(date));
	json_write_key_string(w, "endOfExtendedSupport", date[0] ? date : NULL);
	json_write_key(w, "daysToEndOfStandardSupport");
	if (sup->known && sup->end_of_standard > 0)
		json_write_int64(w, sup->days_to_end_of_standard);
	else
		json_write_null(w);
	json_write_end_object(w);
}

int out_plan_json(struct buf *b, const struct plan *plan, bool as_event, struct err *err)
{
	struct json_writer w;

	json_writer_init(&w, b);
	json_write_begin_object(&w);
	if (as_event)
		json_write_key_string(&w, "event", "plan");
	json_write_key_int64(&w, "schemaVersion", 2);
	json_write_key_string(&w, "cluster", plan->cluster);
	json_write_key_string(&w, "region", plan->region);
	json_write_key_string(&w, "arn", plan->arn);
	json_write_key_string(&w, "status", plan->status);
	json_write_key_string(&w, "currentVersion", plan->current_version);
	json_write_key_string(&w, "platformVersion", plan->platform_version);
	json_write_key_string(&w, "targetVersion",
			      plan->target_version[0] ? plan->target_version : NULL);
	json_write_key(&w, "path");
	json_write_begin_array(&w);
	for (size_t i = 0; i < plan->path_len && i < PLAN_MAX_PATH; i++)
		json_write_string(&w, plan->path[i]);
	json_write_end_array(&w);
	json_write_key_bool(&w, "upgradeAvailable", plan->upgrade_available);
	json_write_key_bool(&w, "blocked", plan->blocked);
	json_write_key(&w, "updateInProgress");
	if (plan->has_update_in_progress) {
		const struct plan_update *u = &plan->update_in_progress;

		json_write_begin_object(&w);
		json_write_key_string(&w, "id", u->id);
		json_write_key_string(&w, "type", u->type);
		json_write_key_string(&w, "status", u->status);
		/* Updates that are not version updates carry no version. */
		json_write_key_string(&w, "version", u->version[0] ? u->version : NULL);
		json_write_end_object(&w);
	} else {
		json_write_null(&w);
	}
	json_write_key(&w, "checks");
	checks_json(&w, plan->checks);
	json_write_key_string(&w, "kind", plan_kind_name(plan->kind));
	support_json(&w, plan);
	json_write_key(&w, "steps");
	json_write_begin_array(&w);
	for (size_t s = 0; s < plan->path_len && s < PLAN_MAX_PATH; s++) {
		json_write_begin_object(&w);
		json_write_key_string(&w, "version", plan->path[s]);
		json_write_key_bool(&w, "blocked",
				    s == 0 ? step_blocked(plan->checks) : plan->later[s].blocked);
		json_write_key(&w, "checks");
		checks_json(&w, s == 0 ? plan->checks : plan->later[s].checks);
		actions_json(&w, plan, s);
		json_write_end_object(&w);
	}
	if (plan->finishing && plan->action_count > 0) {
		/* At the target: one step of add-on and node group actions left. */
		json_write_begin_object(&w);
		json_write_key_string(&w, "version", plan->current_version);
		json_write_key_bool(&w, "blocked", step_blocked(plan->checks));
		json_write_key(&w, "checks");
		checks_json(&w, plan->checks);
		actions_json(&w, plan, 0);
		json_write_end_object(&w);
	}
	json_write_end_array(&w);
	json_write_end_object(&w);
	return json_writer_finish(&w, err);
}

/* One JSON value as one flushed stdout line. */
static int json_line(struct out *out, const struct buf *b, struct err *err)
{
	fwrite(buf_str(b), 1, b->len, out->stdout_file);
	fputc('\n', out->stdout_file);
	return flush_checked(out, out->stdout_file, err);
}

int out_plan(struct out *out, const struct plan *plan, bool as_event, struct err *err)
{
	int rc;

	if (out->mode == OUT_JSON) {
		struct buf b;

		buf_init(&b, PLAN_JSON_MAX);
		rc = out_plan_json(&b, plan, as_event, err);
		if (rc == 0)
			rc = json_line(out, &b, err);
		buf_free(&b);
	} else {
		rc = out_plan_text(out, plan, err);
	}
	if (rc != 0)
		return rc;
	if (out->github) {
		out_github_annotations(out, plan);
		out_github_summary(out, plan, getenv("GITHUB_STEP_SUMMARY"));
	}
	return 0;
}

/* --- GitHub Actions -------------------------------------------------------- */

int out_github_escape(char *out, size_t cap, const char *in, bool property)
{
	size_t len = 0;

	if (cap == 0)
		return -1;
	for (const char *p = in; *p; p++) {
		const char *rep = NULL;
		size_t n;

		switch (*p) {
		case '%':
			rep = "%25";
			break;
		case '\r':
			rep = "%0D";
			break;
		case '\n':
			rep = "%0A";
			break;
		case ':':
			rep = property ? "%3A" : NULL;
			break;
		case ',':
			rep = property ? "%2C" : NULL;
			break;
		default:
			break;
		}
		n = rep ? strlen(rep) : 1;
		if (len + n >= cap) {
			out[len] = '\0';
			return -1;
		}
		if (rep)
			memcpy(out + len, rep, n);
		else
			out[len] = *p;
		len += n;
	}
	out[len] = '\0';
	return 0;
}

/* One ::error:: or ::warning:: per failing or warning check; `step` names
 * a later step of the path in the title ("" for the first). */
static void annotate_checks(FILE *f, const struct check *checks, const char *step)
{
	for (size_t i = 0; i < CHECK_COUNT; i++) {
		const struct check *c = &checks[i];
		char title[256], title_escaped[3 * sizeof(title)];
		char text[4 * sizeof(c->message)], message[3 * sizeof(text)];

		if (c->id == NULL || (c->status != CHECK_FAIL && c->status != CHECK_WARN))
			continue;
		(void)str_fmt(title, sizeof(title), "eks-upgrade %s%s", c->id, step);
		(void)out_github_escape(title_escaped, sizeof(title_escaped), title, true);
		/* The escaping of every text line first (no control bytes, no line
		 * breaks, no "##["), then GitHub's own escaping of the data. */
		(void)text_escape_to(text, sizeof(text), c->message);
		(void)out_github_escape(message, sizeof(message), text, false);
		fprintf(f, "::%s title=%s::%s\n", c->status == CHECK_FAIL ? "error" : "warning",
			title_escaped, message);
	}
}

/* " (step 1.32 → 1.33)": how a later step of the path is named. */
static void later_step_name(const struct plan_step *st, char *out, size_t cap)
{
	(void)str_fmt(out, cap, " (step %s → %s)", st->from, st->version);
}

void out_github_annotations(struct out *out, const struct plan *plan)
{
	FILE *f = out->mode == OUT_JSON ? out->stderr_file : out->stdout_file;
	char step[96];

	end_progress_line(out);
	annotate_checks(f, plan->checks, "");
	/* A later step forecast to fail blocks the path: it is annotated too. */
	for (size_t s = 1; s < plan->path_len && s < PLAN_MAX_PATH; s++) {
		later_step_name(&plan->later[s], step, sizeof(step));
		annotate_checks(f, plan->later[s].checks, step);
	}
	fflush(f);
}

/* Text in the step summary, which GitHub renders as Markdown with HTML:
 * escaped as any text line first (no control bytes or line breaks), then
 * the punctuation that starts Markdown syntax inside a line backslash-
 * escaped (emphasis, code, links and images, table cells, strikethrough,
 * math, mentions) and < > & as HTML entities, so a name from AWS is shown
 * as written and can neither add markup nor break out of its table cell.
 * (Headings and lists start a line, which a cell never does.) */
void out_markdown_text(FILE *f, const char *s)
{
	struct buf b;

	buf_init(&b, LINE_MAX_BYTES);
	if (text_escape(&b, s, strlen(s)) != 0)
		(void)(buf_append_str(&b, "…") == 0);
	for (const char *p = buf_str(&b); *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '<')
			fputs("&lt;", f);
		else if (c == '>')
			fputs("&gt;", f);
		else if (c == '&')
			fputs("&amp;", f);
		else if (c < 0x80 && strchr("$*@[\\]_`|~", c) != NULL)
			fprintf(f, "\\%c", c);
		else
			fputc(c, f);
	}
	buf_free(&b);
}

static void md_cell(FILE *f, const char *s)
{
	out_markdown_text(f, s);
}

static void md_item(FILE *f, enum item_kind kind, const struct check_item *item)
{
	char text[1024];

	(void)str_copy(text, sizeof(text), item->name);
	switch (kind) {
	case ITEMS_NODEGROUPS:
		(void)str_fmt(text, sizeof(text), "%s: %s", item->name, item->version);
		break;
	case ITEMS_ADDONS:
		if (item->default_version[0])
			(void)str_fmt(text, sizeof(text), "%s: %s (target default %s)", item->name,
				      item->version, item->default_version);
		else
			(void)str_fmt(text, sizeof(text), "%s: %s", item->name, item->version);
		break;
	case ITEMS_INSIGHTS:
		(void)str_fmt(text, sizeof(text), "%s [%s] (%s)", item->name, item->status,
			      item->id);
		break;
	case ITEMS_KUBELETS:
		kubelets_text(&item->kubelets, text, sizeof(text));
		break;
	case ITEMS_PDBS:
		(void)str_fmt(text, sizeof(text), "%s/%s", item->namespace_name, item->name);
		break;
	case ITEMS_NONE:
		break;
	}
	fputs("<br>• ", f);
	md_cell(f, text);
}

/* The summary file for appending, without blocking on a FIFO and only
 * when it is a regular file; NULL with errno (0: not a regular file). */
static FILE *open_summary(const char *path)
{
	struct stat st;
	FILE *f;
	int fd =
	    open(path, O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0644);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    fcntl(fd, F_SETFL, O_WRONLY | O_APPEND) != 0 || (f = fdopen(fd, "a")) == NULL) {
		errno = 0;
		close(fd);
		return NULL;
	}
	return f;
}

/* The checks as a Markdown table, then a blank line. */
static void md_checks(FILE *f, const struct check *checks)
{
	fputs("| Check | Status | Message |\n| --- | --- | --- |\n", f);
	for (size_t i = 0; i < CHECK_COUNT; i++) {
		const struct check *c = &checks[i];

		if (c->id == NULL)
			continue;
		fputs("| ", f);
		md_cell(f, c->id);
		fprintf(f, " | %s %s | ", mark_symbol[check_mark(c->status)],
			check_status_name(c->status));
		md_cell(f, c->message);
		for (size_t k = 0; k < c->item_count; k++)
			md_item(f, c->item_kind, &c->items[k]);
		fputs(" |\n", f);
	}
	fputc('\n', f);
}

void out_github_summary(struct out *out, const struct plan *plan, const char *path)
{
	char text[1024];
	enum mark mark;
	FILE *f;

	if (path == NULL || path[0] == '\0') {
		out_warning(out, "GITHUB_STEP_SUMMARY is not set; no step summary written");
		return;
	}
	f = open_summary(path);
	if (f == NULL) {
		out_warning(out, "cannot write the step summary %s: %s", path,
			    errno ? strerror(errno) : "not a regular file");
		return;
	}
	fputs("### eks-upgrade: ", f);
	md_cell(f, plan->cluster);
	fputs(" (", f);
	md_cell(f, plan->region);
	fputs(") ", f);
	if (plan->target_version[0]) {
		md_cell(f, plan->current_version);
		fputs(" → ", f);
		md_cell(f, plan->target_version);
		fputs("\n\n", f);
	} else {
		fputs("at ", f);
		md_cell(f, plan->current_version);
		fputs("\n\n", f);
	}
	mark = verdict(plan, text, sizeof(text));
	fprintf(f, "%s ", mark_symbol[mark]);
	md_cell(f, text);
	fputs("\n\n", f);
	md_checks(f, plan->checks);
	for (size_t s = 1; s < plan->path_len && s < PLAN_MAX_PATH; s++) {
		const struct plan_step *st = &plan->later[s];
		size_t judged = 0;

		for (size_t i = 0; i < CHECK_COUNT; i++)
			judged += st->checks[i].id != NULL;
		if (judged == 0)
			continue;
		fputs("#### step ", f);
		md_cell(f, st->from);
		fputs(" → ", f);
		md_cell(f, st->version);
		fputs(st->blocked ? " (forecast: blocked)\n\n" : " (forecast)\n\n", f);
		md_checks(f, st->checks);
	}
	if (ferror(f)) {
		out_warning(out, "cannot write the step summary %s: %s", path, strerror(errno));
		fclose(f);
		return;
	}
	if (fclose(f) != 0)
		out_warning(out, "cannot write the step summary %s: %s", path, strerror(errno));
}

/* --- apply / poll ---------------------------------------------------------- */

/* Each update's progress starts afresh (apply may follow several). */
static void progress_reset(struct out *out)
{
	end_progress_line(out);
	out->last_status[0] = '\0';
	out->last_line_elapsed = 0;
}

static int event_line(struct out *out, struct json_writer *w, struct err *err)
{
	int rc = json_writer_finish(w, err);

	if (rc == 0)
		rc = json_line(out, w->out, err);
	buf_free(w->out);
	return rc;
}

int out_update_start(struct out *out, const struct out_update_start *start, struct err *err)
{
	progress_reset(out);
	(void)str_copy(out->resume, sizeof(out->resume), or_empty(start->resume_command));
	if (out->mode == OUT_JSON) {
		struct buf b;
		struct json_writer w;

		buf_init(&b, EVENT_JSON_MAX);
		json_writer_init(&w, &b);
		json_write_begin_object(&w);
		json_write_key_string(&w, "event",
				      start->adopted ? "update-adopted" : "update-started");
		json_write_key_string(&w, "updateId", start->update_id);
		json_write_key_string(&w, "targetVersion", start->target_version);
		json_write_key_string(&w, "resumeCommand", start->resume_command);
		json_write_end_object(&w);
		return event_line(out, &w, err);
	}
	if (start->adopted)
		line(out, MARK_INFO, "adopted update %s already in progress",
		     or_empty(start->update_id));
	else
		line(out, MARK_INFO, "started update %s (%s → %s)", or_empty(start->update_id),
		     or_empty(start->from_version), or_empty(start->target_version));
	line(out, MARK_INFO, "resume with: %s", or_empty(start->resume_command));
	return flush_checked(out, out->stdout_file, err);
}

int out_action(struct out *out, const struct out_action *a, bool ended, struct err *err)
{
	const char *kind = strcmp(a->type, "addon") == 0 ? "add-on" : "node group";

	progress_reset(out);
	if (out->mode == OUT_JSON) {
		struct buf b;
		struct json_writer w;

		buf_init(&b, EVENT_JSON_MAX);
		json_writer_init(&w, &b);
		json_write_begin_object(&w);
		json_write_key_string(&w, "event", ended ? "action-ended" : "action-started");
		json_write_key_string(&w, "type", a->type);
		json_write_key_string(&w, "name", a->name);
		json_write_key_string(&w, "from", a->from);
		json_write_key_string(&w, "to", a->to);
		json_write_key_string(&w, "updateId", a->update_id);
		json_write_key_string(&w, "status", a->status);
		json_write_end_object(&w);
		return event_line(out, &w, err);
	}
	if (!ended)
		line(out, MARK_INFO, "%s %s %s: %s → %s (update %s)",
		     a->adopted ? "adopted" : "started", kind, or_empty(a->name), or_empty(a->from),
		     or_empty(a->to), or_empty(a->update_id));
	else
		line(out, is(a->status, "Successful") ? MARK_PASS : MARK_FAIL, "%s %s: %s → %s %s",
		     kind, or_empty(a->name), or_empty(a->from), or_empty(a->to),
		     or_empty(a->status));
	return flush_checked(out, out->stdout_file, err);
}

bool out_progress_due(bool is_tty, const char *last_status, const char *new_status,
		      int64_t seconds_since_last_line)
{
	if (is_tty)
		return true;
	if (last_status == NULL || last_status[0] == '\0')
		return true;
	if (strcmp(last_status, or_empty(new_status)) != 0)
		return true;
	return seconds_since_last_line >= OUT_HEARTBEAT_SECONDS;
}

void out_format_elapsed(int64_t seconds, char *buf, size_t cap)
{
	long long s = seconds < 0 ? 0 : (long long)seconds;

	if (s < 60)
		(void)str_fmt(buf, cap, "%llds", s);
	else if (s < 3600)
		(void)str_fmt(buf, cap, "%lldm%02llds", s / 60, s % 60);
	else
		(void)str_fmt(buf, cap, "%lldh%02lldm%02llds", s / 3600, s / 60 % 60, s % 60);
}

int out_progress(struct out *out, const char *update_id, const char *status,
		 int64_t elapsed_seconds, struct err *err)
{
	bool in_place = out->mode == OUT_TEXT && out->is_tty;
	char now[sizeof(out->last_status)], elapsed[32];

	/* Compare as stored, so a status longer than the field cannot look
	 * like a change on every poll. */
	(void)str_copy(now, sizeof(now), or_empty(status));
	if (!out_progress_due(in_place, out->last_status, now,
			      elapsed_seconds - out->last_line_elapsed))
		return 0;
	memcpy(out->last_status, now, sizeof(now));
	out->last_line_elapsed = elapsed_seconds;
	if (out->mode == OUT_JSON) {
		struct buf b;
		struct json_writer w;

		buf_init(&b, EVENT_JSON_MAX);
		json_writer_init(&w, &b);
		json_write_begin_object(&w);
		json_write_key_string(&w, "event", "progress");
		json_write_key_string(&w, "updateId", update_id);
		json_write_key_string(&w, "status", status);
		json_write_key_int64(&w, "elapsedSeconds", elapsed_seconds);
		json_write_end_object(&w);
		return event_line(out, &w, err);
	}
	if (out->quiet)
		return 0;
	out_format_elapsed(elapsed_seconds, elapsed, sizeof(elapsed));
	if (!in_place) {
		line(out, MARK_INFO, "waiting for update %s: %s, %s elapsed", or_empty(update_id),
		     or_empty(status), elapsed);
		return flush_checked(out, out->stdout_file, err);
	}
	fputc('\r', out->stdout_file);
	put_mark(out, out->stdout_file, MARK_INFO);
	/* \033[K clears what a longer previous line left behind. */
	put_text(out->stdout_file, "waiting for update %s: %s, %s elapsed", or_empty(update_id),
		 or_empty(status), elapsed);
	fputs("\033[K", out->stdout_file);
	out->progress_line_open = true;
	return flush_checked(out, out->stdout_file, err);
}

static void result_json(struct json_writer *w, const struct out_result *r)
{
	json_write_begin_object(w);
	json_write_key_string(w, "event", "result");
	json_write_key_string(w, "updateId", r->update_id);
	json_write_key_string(w, "status", r->status);
	json_write_key_string(w, "version", r->version);
	json_write_key_string(w, "platformVersion", r->platform_version);
	json_write_key(w, "errors");
	json_write_begin_array(w);
	for (size_t i = 0; i < r->error_count; i++) {
		const struct out_error *e = &r->errors[i];

		json_write_begin_object(w);
		json_write_key_string(w, "errorCode", e->code);
		json_write_key_string(w, "errorMessage", e->message);
		json_write_key(w, "resourceIds");
		json_write_begin_array(w);
		for (size_t k = 0; k < e->resource_id_count; k++)
			json_write_string(w, e->resource_ids[k]);
		json_write_end_array(w);
		json_write_end_object(w);
	}
	json_write_end_array(w);
	json_write_key_int64(w, "exitCode", r->exit_code);
	json_write_key_string(w, "rollbackUntil", r->rollback_until);
	if (is(r->status, "Partial")) {
		json_write_key(w, "completed");
		json_write_begin_array(w);
		for (size_t i = 0; i < r->completed_count; i++) {
			const struct plan_action *c = &r->completed[i];

			json_write_begin_object(w);
			json_write_key_string(w, "type", plan_action_type_name(c->type));
			json_write_key_string(w, "name", c->name);
			json_write_key_string(w, "from", c->from);
			json_write_key_string(w, "to", c->to);
			json_write_end_object(w);
		}
		json_write_end_array(w);
		json_write_key_string(w, "resumeCommand", r->resume_command);
	}
	json_write_end_object(w);
}

static void error_text(struct out *out, const struct out_error *e)
{
	FILE *f = out->stdout_file;

	put_text(f, "    - %s: %s", or_empty(e->code), or_empty(e->message));
	for (size_t k = 0; k < e->resource_id_count; k++)
		put_text(f, "%s%s", k ? ", " : " (", or_empty(e->resource_ids[k]));
	fputs(e->resource_id_count ? ")\n" : "\n", f);
}

static void result_text(struct out *out, const struct out_result *r)
{
	const char *id = or_empty(r->update_id), *resume = or_empty(r->resume_command);
	char timeout[32] = "";

	if (is(r->status, "Successful")) {
		if (r->platform_version != NULL && r->platform_version[0])
			line(out, MARK_PASS, "update %s Successful: cluster %s is at %s (%s)", id,
			     or_empty(r->cluster), or_empty(r->version), r->platform_version);
		else
			line(out, MARK_PASS, "update %s Successful: cluster %s is at %s", id,
			     or_empty(r->cluster), or_empty(r->version));
		if (r->rollback_until != NULL)
			line(out, MARK_INFO, "a rollback is possible until %s: %s",
			     r->rollback_until, or_empty(r->rollback_command));
	} else if (is(r->status, "Failed") || is(r->status, "Cancelled")) {
		line(out, MARK_FAIL, "update %s %s", id, r->status);
		for (size_t i = 0; i < r->error_count; i++)
			error_text(out, &r->errors[i]);
	} else if (is(r->status, "TimedOut")) {
		if (r->timeout_ms > 0)
			duration_format(r->timeout_ms, timeout, sizeof(timeout));
		line(out, MARK_WARN, "timed out%s%s; the update is still running. Resume with: %s",
		     timeout[0] ? " after " : "", timeout, resume);
	} else if (is(r->status, "Interrupted")) {
		line(out, MARK_WARN, "interrupted; the update goes on. Resume with: %s", resume);
	} else if (is(r->status, "InProgress")) {
		line(out, MARK_INFO, "update %s is InProgress; not waiting. Resume with: %s", id,
		     resume);
	} else if (is(r->status, "NotApproved")) {
		line(out, MARK_INFO,
		     "no changes were applied, run again with --approve to apply them");
	} else if (is(r->status, "NoUpdate")) {
		line(out, MARK_INFO, "no update in progress on cluster %s", or_empty(r->cluster));
	} else if (is(r->status, "Partial")) {
		line(out, MARK_FAIL, "partially applied: %zu action%s done, then %s",
		     r->completed_count, r->completed_count == 1 ? "" : "s",
		     r->error_count > 0 ? "a failure" : "a block");
		for (size_t i = 0; i < r->error_count; i++)
			error_text(out, &r->errors[i]);
		line(out, MARK_INFO, "go on with: %s", resume);
	} else if (is(r->status, "UpToDate") || is(r->status, "Blocked")) {
		/* The plan's verdict line already said it. */
	} else {
		line(out, MARK_INFO, "update %s: %s", id, or_empty(r->status));
	}
}

int out_result(struct out *out, const struct out_result *result, struct err *err)
{
	progress_reset(out);
	if (out->mode == OUT_JSON) {
		struct buf b;
		struct json_writer w;

		buf_init(&b, EVENT_JSON_MAX);
		json_writer_init(&w, &b);
		result_json(&w, result);
		return event_line(out, &w, err);
	}
	result_text(out, result);
	return flush_checked(out, out->stdout_file, err);
}

/* --- resume command -------------------------------------------------------- */

static bool shell_safe(const char *s)
{
	static const char safe[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				   "0123456789@%+=:,./_-";

	if (*s == '\0')
		return false;
	for (; *s; s++)
		if (strchr(safe, *s) == NULL)
			return false;
	return true;
}

static int append(char *out, size_t cap, size_t *len, const char *s)
{
	size_t n = strlen(s);

	if (*len + n >= cap)
		return -1;
	memcpy(out + *len, s, n + 1);
	*len += n;
	return 0;
}

/* " <option> <value>", the value in single quotes unless it is plainly
 * safe; a ' inside becomes '\''. */
static int append_option(char *out, size_t cap, size_t *len, const char *option, const char *value)
{
	char one[2] = {0, 0};

	if (append(out, cap, len, " ") != 0 || append(out, cap, len, option) != 0 ||
	    append(out, cap, len, " ") != 0)
		return -1;
	if (shell_safe(value))
		return append(out, cap, len, value);
	if (append(out, cap, len, "'") != 0)
		return -1;
	for (const char *p = value; *p; p++) {
		one[0] = *p;
		if (append(out, cap, len, *p == '\'' ? "'\\''" : one) != 0)
			return -1;
	}
	return append(out, cap, len, "'");
}

int out_resume_command(char *out, size_t cap, const char *cluster, const char *region,
		       const char *profile, const char *update_id)
{
	size_t len = 0;

	if (cap == 0)
		return -1;
	out[0] = '\0';
	if (append(out, cap, &len, "eks-upgrade poll") != 0 ||
	    append_option(out, cap, &len, "--cluster", or_empty(cluster)) != 0)
		goto cut;
	if (region != NULL && region[0] && append_option(out, cap, &len, "--region", region) != 0)
		goto cut;
	if (profile != NULL && profile[0] &&
	    append_option(out, cap, &len, "--profile", profile) != 0)
		goto cut;
	if (update_id != NULL && update_id[0] &&
	    append_option(out, cap, &len, "--update-id", update_id) != 0)
		goto cut;
	return 0;
cut:
	out[len] = '\0';
	return -1;
}
