/* out — everything the user sees: text lines, JSON / NDJSON, and GitHub
 * Actions annotations and step summaries (SPEC §5). No AWS knowledge: the
 * verbs hand over a struct plan or plain values and out renders them.
 *
 * The caller owns a struct out (out_init, then set color / quiet / github
 * as decided from the command line and environment) and the streams it
 * points at; tests point them at memory streams. Text mode writes human
 * lines to stdout_file; JSON mode writes only JSON to stdout_file, one
 * value per line, and everything else (annotations, warnings) to
 * stderr_file. Every stdout line is flushed as it is written.
 *
 * Text marks: [ℹ] info (cyan), [✔] pass (green), [!] warn (yellow),
 * [✖] fail (red); ANSI colour only when out.color is set.
 *
 * Every text line and stderr message is written through util/text.h: names,
 * statuses and messages from AWS cannot carry control bytes, line breaks or
 * GitHub workflow commands into a terminal or a CI log. Annotations get
 * GitHub's escaping on top, the step summary Markdown/HTML escaping.
 */
#ifndef EKS_OUT_H
#define EKS_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "upgrade/plan.h"
#include "util/buf.h"
#include "util/err.h"

enum out_mode { OUT_TEXT = 0, OUT_JSON };

/* The status mark at the start of a text line. */
enum out_mark { OUT_INFO, OUT_PASS, OUT_WARN, OUT_FAIL };

struct out {
	enum out_mode mode;
	bool color;  /* ANSI colours in text mode (out_color_wanted) */
	bool quiet;  /* text: only warn/fail lines, verdicts and results */
	bool github; /* GITHUB_ACTIONS=true: annotations and step summary */
	bool is_tty; /* stdout is a terminal: progress rewritten in place */
	FILE *stdout_file;
	FILE *stderr_file;

	/* Progress state, kept by out_progress. */
	char last_status[64];	   /* status of the last progress line, "" before */
	int64_t last_line_elapsed; /* elapsed seconds at the last progress line */
	bool progress_line_open;   /* a \r line is on the terminal, no newline yet */

	/* The resume command of the update being followed (out_update_start):
	 * when stdout cannot be written any more (EPIPE, a full disk), it is
	 * said once on stderr, as for an interrupt. */
	char resume[1024];
	bool output_failed;
};

/* mode, stdout/stderr, is_tty = isatty(stdout); everything else off. */
void out_init(struct out *out, enum out_mode mode);

/* Colour when stdout is a terminal, NO_COLOR is unset (or empty) and
 * --no-color was not given. */
bool out_color_wanted(bool no_color_flag);

/* GITHUB_ACTIONS=true in the environment. */
bool out_github_wanted(void);

/* --- plan ----------------------------------------------------------------- */

/* The plan as SPEC §5's JSON object, appended to b; with as_event the
 * object starts with "event": "plan" (the first NDJSON line of apply).
 * Checks whose id is NULL are left out. */
int out_plan_json(struct buf *b, const struct plan *plan, bool as_event,
		  struct err *err) MUST_CHECK;

/* Renders the plan: text lines, or one JSON line (as_event as above). With
 * out.github it then writes the annotations and appends the step summary
 * to $GITHUB_STEP_SUMMARY (a failure there is only a warning on stderr). */
int out_plan(struct out *out, const struct plan *plan, bool as_event, struct err *err) MUST_CHECK;

/* Text rendering only (what out_plan does in text mode, without GitHub). */
int out_plan_text(struct out *out, const struct plan *plan, struct err *err) MUST_CHECK;

/* --- GitHub Actions ------------------------------------------------------- */

/* GitHub's workflow-command escaping: % CR LF as %25 %0D %0A, and for a
 * property value also : and , as %3A %2C. -1 when out is too small (it
 * still holds the cut, NUL-terminated result). */
int out_github_escape(char *out, size_t cap, const char *in, bool property);

/* `::error title=eks-upgrade <id>::<message>` per failing check and
 * `::warning ...` per warning one: to stdout in text mode, to stderr in JSON
 * mode. */
void out_github_annotations(struct out *out, const struct plan *plan);

/* Appends a Markdown heading, verdict and | Check | Status | Message |
 * table to the file at path. A NULL/empty path, or a file that cannot be
 * written, gives a warning on stderr; never an error. */
void out_github_summary(struct out *out, const struct plan *plan, const char *path);

/* --- apply / poll --------------------------------------------------------- */

struct out_update_start {
	bool adopted; /* update-adopted rather than update-started */
	const char *update_id;
	const char *from_version;   /* text only: "1.31" */
	const char *target_version; /* "1.32" */
	const char *resume_command; /* out_resume_command */
};

/* Text: `[ℹ] started update <id> (1.31 → 1.32)` or `[ℹ] adopted update <id>
 * already in progress`, then `[ℹ] resume with: <command>` (also with
 * --quiet). JSON: the update-started / update-adopted event. */
int out_update_start(struct out *out, const struct out_update_start *start,
		     struct err *err) MUST_CHECK;

/* Whether a progress line is due: always on a terminal (the line is
 * rewritten in place); otherwise on the first status, a status change, or
 * after 60 s without a line (heartbeat). last_status may be NULL or "". */
/* An add-on or node group update (SPEC §9): JSON the action-started /
 * action-ended event {type, name, from, to, updateId, status}; text one
 * line. `status` is the update's (InProgress when it starts). */
struct out_action {
	const char *type; /* "addon", "nodegroup" */
	const char *name;
	const char *from;
	const char *to;
	const char *update_id;
	const char *status;
	bool adopted;
};
int out_action(struct out *out, const struct out_action *action, bool ended,
	       struct err *err) MUST_CHECK;

bool out_progress_due(bool is_tty, const char *last_status, const char *new_status,
		      int64_t seconds_since_last_line);

#define OUT_HEARTBEAT_SECONDS 60

/* Called on every poll; prints only when out_progress_due says so (in JSON
 * mode as if not a terminal): text `[ℹ] waiting for update <id>: <status>,
 * 4m20s elapsed` (in place on a terminal; nothing with --quiet), JSON the
 * progress event. */
int out_progress(struct out *out, const char *update_id, const char *status,
		 int64_t elapsed_seconds, struct err *err) MUST_CHECK;

/* "45s", "4m20s", "1h02m05s". */
void out_format_elapsed(int64_t seconds, char *buf, size_t cap);

struct out_error {
	const char *code;
	const char *message;
	const char *const *resource_ids;
	size_t resource_id_count;
};

struct out_result {
	const char *update_id; /* NULL → null */
	const char *status;    /* Successful, Failed, Cancelled, TimedOut, ... */
	const char *cluster;   /* text only */
	const char *version;   /* the cluster's version now; NULL → null */
	const char *platform_version;
	const struct out_error *errors;
	size_t error_count;
	int exit_code;
	const char *resume_command; /* text: TimedOut, Interrupted, InProgress */
	int64_t timeout_ms;	    /* text: TimedOut */
	/* After a Successful upgrade: until when EKS allows a rollback (ISO 8601
	 * UTC, JSON rollbackUntil; null otherwise) and the command that does it. */
	const char *rollback_until;
	const char *rollback_command;
	/* Partial (SPEC §9): what was done before the failure or block. */
	const struct plan_action *completed;
	size_t completed_count;
};

/* The last thing apply/poll print. JSON: the result event. Text:
 *   Successful  [✔] update <id> Successful: cluster demo is at 1.32 (eks.1)
 *   Failed, Cancelled  [✖] update <id> Failed, then `    - <code>: <message>
 *               (<resource ids>)` per error
 *   TimedOut    [!] timed out after 1h5m; the update is still running.
 *               Resume with: <command>
 *   Interrupted [!] interrupted; the update goes on. Resume with: <command>
 *   InProgress  [ℹ] update <id> is InProgress; not waiting. Resume with: ...
 *   NotApproved [!] not started: run again with --approve to upgrade
 *   NoUpdate    [ℹ] no update in progress on cluster demo
 *   UpToDate, Blocked: nothing (the plan's verdict already said it)
 *   other       [ℹ] update <id>: <status> */
int out_result(struct out *out, const struct out_result *result, struct err *err) MUST_CHECK;

/* `eks-upgrade poll --cluster demo --region us-west-2 [--profile p]
 * --update-id <id>`, values shell-quoted when they need it. profile may be
 * NULL or "", update_id too (then poll finds the update in progress). -1
 * when it does not fit in cap. */
int out_resume_command(char *out, size_t cap, const char *cluster, const char *region,
		       const char *profile, const char *update_id);

/* `[ℹ] <text>` (or another mark) on stdout in text mode, escaped; nothing
 * in JSON mode. For the verbs' own lines (a step done, the API server's
 * version). */
void out_text_line(struct out *out, enum out_mark mark, const char *fmt, ...) PRINTF_LIKE(3, 4);

/* Writes s for a Markdown document rendered by GitHub (the step summary):
 * escaped as a text line, then Markdown punctuation and HTML neutralised. */
void out_markdown_text(FILE *f, const char *s);

/* `[!] <message>` on stderr (no colour): diagnostics in either mode. */
void out_warning(struct out *out, const char *fmt, ...) PRINTF_LIKE(2, 3);

#endif
