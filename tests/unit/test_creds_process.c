#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "aws/client.h"
#include "aws/creds/common.h"
#include "unit.h"
#include "util/clock.h"
#include "util/str.h"

static int split(const char *line, struct creds_process_argv *args, struct err *err)
{
	err_clear(err);
	return creds_process_split(line, args, err);
}

static int parse(const char *json, struct creds *c, struct err *err)
{
	err_clear(err);
	return creds_process_parse(json, strlen(json), c, err);
}

TEST(split_plain_words)
{
	struct creds_process_argv a;
	struct err err;

	CHECK(split("  /usr/bin/get-creds --profile  ci\t--json ", &a, &err) == 0);
	CHECK(a.argc == 4);
	CHECK_STR(a.argv[0], "/usr/bin/get-creds");
	CHECK_STR(a.argv[1], "--profile");
	CHECK_STR(a.argv[2], "ci");
	CHECK_STR(a.argv[3], "--json");
	CHECK(a.argv[4] == NULL);
}

TEST(split_quotes_and_escapes)
{
	struct creds_process_argv a;
	struct err err;

	/* As Python's shlex.split (botocore's compat_shell_split) does it. */
	CHECK(split("cmd 'a b' \"c d\" e\\ f 'it'\\''s' \"q\\\"x\\\\y\\n\" ''", &a, &err) == 0);
	CHECK(a.argc == 7);
	CHECK_STR(a.argv[1], "a b");
	CHECK_STR(a.argv[2], "c d");
	CHECK_STR(a.argv[3], "e f");
	CHECK_STR(a.argv[4], "it's");
	CHECK_STR(a.argv[5], "q\"x\\y\\n");
	CHECK_STR(a.argv[6], "");
	CHECK(split("a'b'\"c\"d", &a, &err) == 0);
	CHECK(a.argc == 1);
	CHECK_STR(a.argv[0], "abcd");
	/* no shell: these are plain characters */
	CHECK(split("echo $HOME; rm -rf / | x", &a, &err) == 0);
	CHECK(a.argc == 7);
	CHECK_STR(a.argv[1], "$HOME;");
	CHECK_STR(a.argv[5], "|");
	CHECK(split("C:\\\\tools\\\\x.exe", &a, &err) == 0);
	CHECK_STR(a.argv[0], "C:\\tools\\x.exe");
}

TEST(split_bad_input)
{
	struct creds_process_argv a;
	struct err err;
	char line[CREDS_PROCESS_LINE_MAX + 10];

	CHECK(split("cmd 'open", &a, &err) == -1);
	CHECK(strstr(err.message, "no closing quotation") != NULL);
	CHECK(split("cmd \"open", &a, &err) == -1);
	CHECK(split("cmd \"a\\\"", &a, &err) == -1);
	CHECK(split("cmd \\", &a, &err) == -1);
	CHECK(strstr(err.message, "backslash") != NULL);
	CHECK(split("", &a, &err) == -1);
	CHECK(strstr(err.message, "empty") != NULL);
	CHECK(split("   \t ", &a, &err) == -1);

	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	CHECK(split(line, &a, &err) == -1);
	CHECK(strstr(err.message, "longer than") != NULL);

	for (size_t i = 0; i < 2 * (CREDS_PROCESS_MAX_ARGS + 1); i += 2) {
		line[i] = 'a';
		line[i + 1] = ' ';
	}
	line[2 * (CREDS_PROCESS_MAX_ARGS + 1)] = '\0';
	CHECK(split(line, &a, &err) == -1);
	CHECK(strstr(err.message, "arguments") != NULL);
	line[2 * CREDS_PROCESS_MAX_ARGS] = '\0';
	CHECK(split(line, &a, &err) == 0);
	CHECK(a.argc == CREDS_PROCESS_MAX_ARGS);
}

TEST(parse_full_and_minimal)
{
	struct creds c;
	struct err err;

	CHECK(parse("{\"Version\": 1, \"AccessKeyId\": \"ASIAPROC\", \"SecretAccessKey\": \"s/+=\","
		    " \"SessionToken\": \"tok\", \"Expiration\": \"2030-01-02T03:04:05Z\","
		    " \"AccountId\": \"111122223333\"}",
		    &c, &err) == 0);
	CHECK_STR(c.access_key_id, "ASIAPROC");
	CHECK_STR(c.secret_access_key, "s/+=");
	CHECK_STR(c.session_token, "tok");
	CHECK(c.expiration == 1893553445);
	creds_wipe(&c);

	CHECK(parse("{\"Version\":1,\"AccessKeyId\":\"AKIA\",\"SecretAccessKey\":\"s\"}", &c,
		    &err) == 0);
	CHECK_STR(c.session_token, "");
	CHECK(c.expiration == 0);
	CHECK(parse("{\"Version\":1.0,\"AccessKeyId\":\"AKIA\",\"SecretAccessKey\":\"s\","
		    "\"SessionToken\":null,\"Expiration\":null}",
		    &c, &err) == 0);
	creds_wipe(&c);
}

TEST(parse_version_checks)
{
	struct creds c;
	struct err err;

	CHECK(parse("{\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"s\"}", &c, &err) == -1);
	CHECK_STR(err.message, "Version: missing");
	CHECK(parse("{\"Version\":\"1\",\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"s\"}", &c,
		    &err) == -1);
	CHECK_STR(err.message, "Version: must be the number 1");
	CHECK(parse("{\"Version\":2,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"s\"}", &c, &err) ==
	      -1);
	CHECK_STR(err.message, "Version: must be the number 1");
	CHECK(parse("{\"Version\":true,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"s\"}", &c,
		    &err) == -1);
	CHECK(parse("{\"Version\":null,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"s\"}", &c,
		    &err) == -1);
}

TEST(parse_missing_and_bad_fields)
{
	struct creds c;
	struct err err;

	CHECK(parse("{\"Version\":1,\"SecretAccessKey\":\"s\"}", &c, &err) == -1);
	CHECK_STR(err.message, "AccessKeyId: missing");
	CHECK(parse("{\"Version\":1,\"AccessKeyId\":\"A\"}", &c, &err) == -1);
	CHECK_STR(err.message, "SecretAccessKey: missing");
	CHECK(parse("{\"Version\":1,\"AccessKeyId\":\"\",\"SecretAccessKey\":\"s\"}", &c, &err) ==
	      -1);
	CHECK_STR(err.message, "AccessKeyId: empty");
	CHECK(parse("{\"Version\":1,\"AccessKeyId\":7,\"SecretAccessKey\":\"s\"}", &c, &err) == -1);
	CHECK(strstr(err.message, "AccessKeyId") != NULL);
	CHECK(parse("{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"s\","
		    "\"Expiration\":\"tomorrow\"}",
		    &c, &err) == -1);
	CHECK(strstr(err.message, "Expiration: not an ISO-8601 time") != NULL);
	CHECK(parse("{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"s\","
		    "\"Expiration\":12345}",
		    &c, &err) == -1);
	/* the secret is never echoed, and a failed parse leaves nothing behind */
	CHECK(parse("{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"topsecret\","
		    "\"Expiration\":\"x\"}",
		    &c, &err) == -1);
	CHECK(strstr(err.message, "topsecret") == NULL);
	CHECK(c.secret_access_key[0] == '\0' && c.access_key_id[0] == '\0');
	CHECK(parse("", &c, &err) == -1);
	CHECK(parse("[1]", &c, &err) == -1);
	CHECK(parse("{\"Version\":1,", &c, &err) == -1);
	CHECK(parse("not json", &c, &err) == -1);
}

/* --- running a process ---------------------------------------------------- */

static int run(const char *command, long timeout_ms, struct creds *c, struct err *err)
{
	struct aws aws = {0};

	err_clear(err);
	return creds_process_run(&aws, command, timeout_ms, c, err);
}

TEST(run_prints_credentials)
{
	struct creds c;
	struct err err;

	CHECK(run("sh -c 'printf \"%s\" \"$0\"' "
		  "'{\"Version\":1,\"AccessKeyId\":\"AKIARUN\",\"SecretAccessKey\":\"s\"}'",
		  0, &c, &err) == 0);
	CHECK_STR(c.access_key_id, "AKIARUN");
	creds_wipe(&c);
}

TEST(run_failures)
{
	struct creds c;
	struct err err;

	CHECK(run("sh -c 'echo \"token expired, run login\" >&2; echo more >&2; exit 3'", 0, &c,
		  &err) == -1);
	CHECK_STR(err.message,
		  "credential_process: sh exited with status 3: token expired, run login");
	CHECK(run("sh -c 'exit 1'", 0, &c, &err) == -1);
	CHECK(strstr(err.message, "(nothing on stderr)") != NULL);
	CHECK(run("/nonexistent/get-creds --x", 0, &c, &err) == -1);
	CHECK(strstr(err.message, "/nonexistent/get-creds") != NULL);
	CHECK(run("sh -c 'echo not json'", 0, &c, &err) == -1);
	CHECK(strstr(err.message, "output of sh") != NULL);
	CHECK(run("sh -c 'sleep 5'", 300, &c, &err) == -1);
	CHECK(strstr(err.message, "did not finish") != NULL);
	CHECK(run("sh -c 'head -c 70000 /dev/zero'", 0, &c, &err) == -1);
	CHECK(strstr(err.message, "more than 65536 bytes") != NULL);
	CHECK(run("sh -c 'kill -9 $$'", 0, &c, &err) == -1);
	CHECK(strstr(err.message, "killed by signal 9") != NULL);
	CHECK(run("'unterminated", 0, &c, &err) == -1);
	CHECK(c.access_key_id[0] == '\0');
}

#define CREDS_JSON "'{\"Version\":1,\"AccessKeyId\":\"AKIARUN\",\"SecretAccessKey\":\"s\"}'"

/* Issue 13, item 6: a child left in the background that holds stdout does
 * not make a finished process fail; the process is waited for, not EOF. */
TEST(run_background_child_holding_stdout)
{
	struct creds c;
	struct err err;
	int64_t t = clock_monotonic_ms();

	CHECK(run("sh -c 'sleep 30 & printf \"%s\" \"$0\"' " CREDS_JSON, 5000, &c, &err) == 0);
	CHECK_STR(c.access_key_id, "AKIARUN");
	CHECK(clock_monotonic_ms() - t < 3000);
	creds_wipe(&c);
}

/* The pid a command wrote to `path`, or -1. */
static long pid_in(const char *path)
{
	FILE *f = fopen(path, "r");
	long pid = -1;

	if (f != NULL) {
		if (fscanf(f, "%ld", &pid) != 1)
			pid = -1;
		fclose(f);
	}
	unlink(path);
	return pid;
}

static bool gone(long pid)
{
	/* Killed and reaped by init (we are not its parent): poll a little. */
	for (int i = 0; i < 100; i++) {
		if (kill((pid_t)pid, 0) != 0 && errno == ESRCH)
			return true;
		(void)clock_sleep_ms(20, NULL);
	}
	return false;
}

/* ... and what it started is ended with it: its process group. */
TEST(run_ends_the_process_group)
{
	struct creds c;
	struct err err;
	char command[512], path[64];
	long pid;

	(void)str_fmt(path, sizeof(path), "/tmp/eks-upgrade-test-pid-%ld", (long)getpid());
	(void)str_fmt(command, sizeof(command), "sh -c 'sleep 300 & echo $! > %s; exit 1'", path);
	CHECK(run(command, 5000, &c, &err) == -1);
	pid = pid_in(path);
	CHECK(pid > 0 && gone(pid));
	(void)str_fmt(command, sizeof(command), "sh -c 'sleep 300 & echo $! > %s; sleep 30'", path);
	CHECK(run(command, 500, &c, &err) == -1);
	CHECK(strstr(err.message, "did not finish") != NULL);
	pid = pid_in(path);
	CHECK(pid > 0 && gone(pid));
}

/* C1 controls (and C0, bidi overrides) of its stderr are shown escaped. */
TEST(run_stderr_is_escaped)
{
	struct creds c;
	struct err err;

	CHECK(run("sh -c 'printf \"bad \\302\\233 31m \\033]0;x \\342\\200\\256 end\" >&2; "
		  "exit 1'",
		  0, &c, &err) == -1);
	CHECK_STR(err.message, "credential_process: sh exited with status 1: bad \\u009b 31m "
			       "\\x1b]0;x \\u202e end");
}

/* --timeout (the client's deadline) bounds the process, not a fixed 60 s. */
TEST(run_within_the_deadline)
{
	struct aws aws = {0};
	struct creds c;
	struct err err;
	int64_t t = clock_monotonic_ms();

	err_clear(&err);
	aws.deadline_ms = t + 500;
	CHECK(creds_process_run(&aws, "sh -c 'sleep 30'", 0, &c, &err) == -1);
	CHECK(strstr(err.message, "did not finish") != NULL);
	CHECK(clock_monotonic_ms() - t < 2500);
}

int main(void)
{
	RUN(split_plain_words);
	RUN(split_quotes_and_escapes);
	RUN(split_bad_input);
	RUN(parse_full_and_minimal);
	RUN(parse_version_checks);
	RUN(parse_missing_and_bad_fields);
	RUN(run_prints_credentials);
	RUN(run_failures);
	RUN(run_background_child_holding_stdout);
	RUN(run_ends_the_process_group);
	RUN(run_stderr_is_escaped);
	RUN(run_within_the_deadline);
	return unit_done("creds_process");
}
