#include "aws/config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "util/str.h"

static char dir[256];

static void write_file(const char *name, const char *text)
{
	char path[512];
	FILE *f;

	(void)str_fmt(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f == NULL)
		return;
	fputs(text, f);
	fclose(f);
}

static void set_path(const char *variable, const char *name)
{
	char path[512];

	(void)str_fmt(path, sizeof(path), "%s/%s", dir, name);
	setenv(variable, path, 1);
}

/* A clean slate: both files in the scratch directory, no profile chosen. */
static void reset(void)
{
	unsetenv("AWS_PROFILE");
	unsetenv("AWS_DEFAULT_PROFILE");
	setenv("HOME", dir, 1);
	set_path("AWS_CONFIG_FILE", "config");
	set_path("AWS_SHARED_CREDENTIALS_FILE", "credentials");
	write_file("config", "");
	write_file("credentials", "");
}

static int load(struct config *cfg, const char *cli_profile, struct err *err)
{
	err_clear(err);
	return config_load(cfg, cli_profile, err);
}

TEST(profile_sections)
{
	struct config cfg;
	struct err err;

	reset();
	write_file("config", "[default]\nregion = eu-west-1\n"
			     "[profile dev]\nregion = us-east-2\n"
			     "[ops]\nregion = ap-south-1\n"
			     "[profile default]\noutput = json\n");
	write_file("credentials", "[ci]\naws_access_key_id = AKIACI\n");
	CHECK(load(&cfg, NULL, &err) == 0);
	CHECK_STR(cfg.profile, "default");
	CHECK(!cfg.profile_named && !cfg.profile_explicit);
	CHECK(cfg.have_config && cfg.have_credentials);
	CHECK(config_has_profile(&cfg, "dev"));
	CHECK(config_has_profile(&cfg, "ci"));
	/* [ops] in the config file is not a profile; [profile dev] is not "profile dev" */
	CHECK(!config_has_profile(&cfg, "ops"));
	CHECK(!config_has_profile(&cfg, "profile dev"));
	CHECK_STR(config_get(&cfg, "dev", "region"), "us-east-2");
	CHECK(config_get(&cfg, "ops", "region") == NULL);
	CHECK(config_get(&cfg, "nope", "region") == NULL);
	CHECK(config_get(&cfg, NULL, "region") == NULL);
	config_free(&cfg);
	config_free(&cfg);
}

TEST(credentials_file_wins)
{
	struct config cfg;
	struct err err;

	reset();
	write_file("config", "[profile dev]\nregion = us-east-2\naws_access_key_id = FROMCONFIG\n");
	write_file("credentials", "[dev]\naws_access_key_id = FROMCREDS\n");
	CHECK(load(&cfg, "dev", &err) == 0);
	CHECK_STR(config_get(&cfg, "dev", "aws_access_key_id"), "FROMCREDS");
	CHECK_STR(config_get(&cfg, "dev", "region"), "us-east-2");
	CHECK_STR(config_path_for(&cfg, "dev", "aws_access_key_id"), cfg.credentials_path);
	CHECK_STR(config_path_for(&cfg, "dev", "region"), cfg.config_path);
	CHECK_STR(config_path_for(&cfg, "dev", NULL), cfg.credentials_path);
	config_free(&cfg);
}

TEST(profile_precedence)
{
	struct config cfg;
	struct err err;

	reset();
	write_file("config", "[profile a]\n[profile b]\n[profile c]\n");
	setenv("AWS_PROFILE", "b", 1);
	setenv("AWS_DEFAULT_PROFILE", "c", 1);
	CHECK(load(&cfg, "a", &err) == 0);
	CHECK_STR(cfg.profile, "a");
	CHECK(cfg.profile_explicit && cfg.profile_named);
	config_free(&cfg);

	CHECK(load(&cfg, NULL, &err) == 0);
	CHECK_STR(cfg.profile, "b");
	CHECK(!cfg.profile_explicit && cfg.profile_named);
	config_free(&cfg);

	unsetenv("AWS_PROFILE");
	CHECK(load(&cfg, "", &err) == 0);
	CHECK_STR(cfg.profile, "c");
	config_free(&cfg);
	unsetenv("AWS_DEFAULT_PROFILE");
}

TEST(named_profile_must_exist)
{
	struct config cfg;
	struct err err;
	char want[1200];

	reset();
	write_file("config", "[profile a]\n");
	CHECK(load(&cfg, "nope", &err) == -1);
	CHECK(err.exit_code == EXIT_RUNTIME);
	(void)str_fmt(want, sizeof(want), "profile nope not found in %s/config, %s/credentials",
		      dir, dir);
	CHECK_STR(err.message, want);

	/* An explicitly named "default" must exist too (botocore's ProfileNotFound). */
	setenv("AWS_PROFILE", "default", 1);
	CHECK(load(&cfg, NULL, &err) == -1);
	unsetenv("AWS_PROFILE");

	/* The implicit default need not exist. */
	CHECK(load(&cfg, NULL, &err) == 0);
	CHECK(!config_has_profile(&cfg, "default"));
	config_free(&cfg);
}

TEST(no_home_no_files)
{
	struct config cfg;
	struct err err;

	reset();
	unsetenv("HOME");
	unsetenv("AWS_CONFIG_FILE");
	unsetenv("AWS_SHARED_CREDENTIALS_FILE");
	CHECK(load(&cfg, NULL, &err) == 0);
	CHECK(!cfg.have_config && !cfg.have_credentials);
	CHECK_STR(cfg.config_path, "");
	CHECK(config_get(&cfg, "default", "region") == NULL);
	config_free(&cfg);
	CHECK(load(&cfg, "x", &err) == -1);
	CHECK(strstr(err.message, "profile x not found") != NULL);
	CHECK(strstr(err.message, "HOME") != NULL);
}

TEST(default_paths_and_tilde)
{
	struct config cfg;
	struct err err;
	char aws_dir[512], want[600];

	reset();
	unsetenv("AWS_CONFIG_FILE");
	unsetenv("AWS_SHARED_CREDENTIALS_FILE");
	(void)str_fmt(aws_dir, sizeof(aws_dir), "%s/.aws", dir);
	mkdir(aws_dir, 0700);
	write_file(".aws/config", "[profile home]\nregion = sa-east-1\n");
	CHECK(load(&cfg, "home", &err) == 0);
	(void)str_fmt(want, sizeof(want), "%s/.aws/config", dir);
	CHECK_STR(cfg.config_path, want);
	CHECK(cfg.have_config && !cfg.have_credentials);
	CHECK_STR(config_get(&cfg, "home", "region"), "sa-east-1");
	config_free(&cfg);

	setenv("AWS_CONFIG_FILE", "~/.aws/config", 1);
	CHECK(load(&cfg, "home", &err) == 0);
	CHECK_STR(cfg.config_path, want);
	config_free(&cfg);
}

TEST(malformed_file_names_file_and_line)
{
	struct config cfg;
	struct err err;
	char want[600];

	reset();
	write_file("credentials", "[a]\naws_access_key_id = x\nthis is not ini\n");
	CHECK(load(&cfg, NULL, &err) == -1);
	(void)str_fmt(want, sizeof(want), "%s/credentials line 3", dir);
	CHECK(strstr(err.message, want) != NULL);

	write_file("credentials", "[a]\nk = 1\n[a]\n");
	CHECK(load(&cfg, NULL, &err) == -1);
	CHECK(strstr(err.message, "credentials line 3") != NULL);
}

TEST(zeroed_config_is_safe)
{
	struct config cfg = {0};

	CHECK(config_get(&cfg, "default", "region") == NULL);
	CHECK(!config_has_profile(&cfg, "default"));
	CHECK_STR(config_path_for(&cfg, "default", "region"), "");
	config_free(&cfg);
}

static void cleanup(void)
{
	static const char *const names[] = {"config", "credentials", ".aws/config", ".aws", ""};
	char path[512];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		(void)str_fmt(path, sizeof(path), "%s/%s", dir, names[i]);
		(void)remove(path);
	}
}

int main(void)
{
	(void)str_fmt(dir, sizeof(dir), "/tmp/eks-upgrade-test-config-XXXXXX");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	RUN(profile_sections);
	RUN(credentials_file_wins);
	RUN(profile_precedence);
	RUN(named_profile_must_exist);
	RUN(no_home_no_files);
	RUN(default_paths_and_tilde);
	RUN(malformed_file_names_file_and_line);
	RUN(zeroed_config_is_safe);
	cleanup();
	return unit_done("config");
}
