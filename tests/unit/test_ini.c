#include "util/ini.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "unit.h"

/* Expected values below were produced by botocore 1.43.11's
 * configloader.raw_config_parse / load_config on the same text. */

static int load(struct ini_file *ini, const char *text, struct err *err)
{
	err_clear(err);
	return ini_load_mem(ini, text, strlen(text), "~/.aws/config", err);
}

TEST(typical_config)
{
	static const char text[] = "# AWS config\n"
				   "[default]\n"
				   "region = eu-west-1\n"
				   "output=json\n"
				   "\n"
				   "[profile dev]\n"
				   "role_arn = arn:aws:iam::111122223333:role/dev\n"
				   "source_profile = default\n"
				   "Region = us-east-2 # inline text is part of the value\n"
				   "; a comment\n"
				   "services = my-services\n"
				   "\n"
				   "[sso-session corp]\n"
				   "sso_start_url = https://corp.awsapps.com/start\n"
				   "\n"
				   "[services my-services]\n"
				   "eks =\n"
				   "  endpoint_url = http://localhost:4566\n"
				   "  # comments are skipped\n"
				   "  Extra_Setting = Keeps Case\n"
				   "sts =\n"
				   "\tendpoint_url = http://sts.local\n";
	struct ini_file ini;
	struct err err;

	CHECK(load(&ini, text, &err) == 0);
	CHECK_STR(ini_get(&ini, "default", "region"), "eu-west-1");
	CHECK_STR(ini_get(&ini, "default", "output"), "json");
	CHECK_STR(ini_get(&ini, "default", "OUTPUT"), "json");
	CHECK_STR(ini_get(&ini, "profile dev", "region"),
		  "us-east-2 # inline text is part of the value");
	CHECK_STR(ini_get(&ini, "profile dev", "source_profile"), "default");
	CHECK(ini_get(&ini, "profile dev", "missing") == NULL);
	CHECK(ini_get(&ini, "Profile dev", "region") == NULL);
	CHECK(ini_get(&ini, NULL, "region") == NULL);
	CHECK(ini_has_section(&ini, "sso-session corp"));
	CHECK(!ini_has_section(&ini, "corp"));
	CHECK_STR(ini_get_sub(&ini, "services my-services", "eks", "endpoint_url"),
		  "http://localhost:4566");
	CHECK_STR(ini_get_sub(&ini, "services my-services", "EKS", "Extra_Setting"), "Keeps Case");
	CHECK(ini_get_sub(&ini, "services my-services", "eks", "extra_setting") == NULL);
	CHECK_STR(ini_get_sub(&ini, "services my-services", "sts", "endpoint_url"),
		  "http://sts.local");
	CHECK(ini_get(&ini, "services my-services", "eks") == NULL);
	CHECK(ini_is_sub(&ini, "services my-services", "eks"));
	CHECK(!ini_is_sub(&ini, "default", "region"));
	CHECK(ini_get_sub(&ini, "default", "region", "x") == NULL);

	CHECK_STR(ini_find_section(&ini, "profile", "dev"), "profile dev");
	CHECK_STR(ini_find_section(&ini, "profile", "default"), "default");
	CHECK_STR(ini_find_section(&ini, "sso-session", "corp"), "sso-session corp");
	CHECK_STR(ini_find_section(&ini, "services", "my-services"), "services my-services");
	CHECK(ini_find_section(&ini, "profile", "corp") == NULL);
	CHECK_STR(ini_get(&ini, ini_find_section(&ini, "profile", "dev"), "role_arn"),
		  "arn:aws:iam::111122223333:role/dev");
	CHECK(ini_get(&ini, ini_find_section(&ini, "profile", "nope"), "role_arn") == NULL);
	ini_free(&ini);
	ini_free(&ini);
}

TEST(credentials_file)
{
	static const char text[] = "[default]\r\n"
				   "aws_access_key_id = AKIDEXAMPLE\r\n"
				   "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG+bPxRfiCY\r\n"
				   "[ci]\r\n"
				   "aws_access_key_id=AKID2\r\n"
				   "aws_session_token = abc==\r\n";
	struct ini_file ini;
	struct err err;

	CHECK(load(&ini, text, &err) == 0);
	CHECK_STR(ini_get(&ini, "default", "aws_secret_access_key"),
		  "wJalrXUtnFEMI/K7MDENG+bPxRfiCY");
	CHECK_STR(ini_get(&ini, "ci", "aws_access_key_id"), "AKID2");
	CHECK_STR(ini_get(&ini, "ci", "aws_session_token"), "abc==");
	ini_free(&ini);
}

TEST(profile_sections_like_botocore)
{
	/* load_config gives profiles default (the later [default] wins whole),
	 * foo, "b c", q; [profilex] and [profile a b] are no profiles. */
	static const char text[] = "[profile default]\ny=2\n"
				   "[default]\nx=1\n"
				   "[profile  foo]\na=1\n"
				   "[profile \"b c\"]\nb=1\n"
				   "[profilex]\nc=1\n"
				   "[profile a b]\nd=1\n"
				   "[profile\tq]\ng=1\n"
				   "[profile 'unclosed]\nh=1\n";
	struct ini_file ini;
	struct err err;
	const char *s;

	CHECK(load(&ini, text, &err) == 0);
	s = ini_find_section(&ini, "profile", "default");
	CHECK_STR(s, "default");
	CHECK_STR(ini_get(&ini, s, "x"), "1");
	CHECK(ini_get(&ini, s, "y") == NULL);
	CHECK_STR(ini_find_section(&ini, "profile", "foo"), "profile  foo");
	CHECK_STR(ini_find_section(&ini, "profile", "b c"), "profile \"b c\"");
	CHECK_STR(ini_find_section(&ini, "profile", "q"), "profile\tq");
	CHECK(ini_find_section(&ini, "profile", "x") == NULL);
	CHECK(ini_find_section(&ini, "profile", "a") == NULL);
	CHECK(ini_find_section(&ini, "profile", "b") == NULL);
	CHECK(ini_find_section(&ini, "profile", "unclosed") == NULL);
	CHECK(ini_find_section(&ini, "profile", "'unclosed") == NULL);
	ini_free(&ini);

	CHECK(load(&ini, "[default]\nx=1\n[profile default]\ny=2\n", &err) == 0);
	CHECK_STR(ini_find_section(&ini, "profile", "default"), "profile default");
	ini_free(&ini);
}

TEST(continuation_lines)
{
	static const char text[] = "[a]\n"
				   "x = a\n"
				   "  b\n"
				   "\n"
				   "  c\n"
				   "y=1\n"
				   "  x2 = 1\n"
				   "  y2 = 2\n"
				   "    z\n"
				   "w = 1\n"
				   "  # not a continuation\n"
				   "  more\n"
				   "e =\n"
				   "\n"
				   "\n"
				   "n =\n"
				   "\n"
				   "  k = 1\n"
				   "    deeper = 2\n"
				   "  k = 3\n"
				   "  =4\n";
	struct ini_file ini;
	struct err err;

	CHECK(load(&ini, text, &err) == 0);
	CHECK_STR(ini_get(&ini, "a", "x"), "a\nb\n\nc");
	/* "  x2 = 1" continues y; "  y2 = 2" too, "    z" as well. */
	CHECK_STR(ini_get(&ini, "a", "y"), "1\nx2 = 1\ny2 = 2\nz");
	CHECK_STR(ini_get(&ini, "a", "w"), "1\nmore");
	CHECK_STR(ini_get(&ini, "a", "e"), "");
	CHECK(!ini_is_sub(&ini, "a", "e"));
	CHECK(ini_is_sub(&ini, "a", "n"));
	CHECK_STR(ini_get_sub(&ini, "a", "n", "k"), "3");
	CHECK_STR(ini_get_sub(&ini, "a", "n", "deeper"), "2");
	CHECK_STR(ini_get_sub(&ini, "a", "n", ""), "4");
	ini_free(&ini);

	/* An indented first key is a key; later deeper lines continue it. */
	CHECK(load(&ini, "[a]\n  x = 1\n  y = 2\n    z\n", &err) == 0);
	CHECK_STR(ini_get(&ini, "a", "x"), "1");
	CHECK_STR(ini_get(&ini, "a", "y"), "2\nz");
	ini_free(&ini);

	/* An indented "[b]" under a key is text, not a section. */
	CHECK(load(&ini, "[a]\nx = 1\n  [b]\ny=2\n", &err) == 0);
	CHECK_STR(ini_get(&ini, "a", "x"), "1\n[b]");
	CHECK(!ini_has_section(&ini, "b"));
	ini_free(&ini);
}

TEST(syntax_details)
{
	struct ini_file ini;
	struct err err;

	CHECK(load(&ini,
		   "[a]\nx: 1\ny : 2 = 3\nz = a:b\nmy key = 1\nq = \"q\"\ne == 1\nt\t=\t1\t\n"
		   "h#k = 1\nempty =   \n",
		   &err) == 0);
	CHECK_STR(ini_get(&ini, "a", "x"), "1");
	CHECK_STR(ini_get(&ini, "a", "y"), "2 = 3");
	CHECK_STR(ini_get(&ini, "a", "z"), "a:b");
	CHECK_STR(ini_get(&ini, "a", "my key"), "1");
	CHECK_STR(ini_get(&ini, "a", "q"), "\"q\"");
	CHECK_STR(ini_get(&ini, "a", "e"), "= 1");
	CHECK_STR(ini_get(&ini, "a", "t"), "1");
	CHECK_STR(ini_get(&ini, "a", "h#k"), "1");
	CHECK_STR(ini_get(&ini, "a", "empty"), "");
	ini_free(&ini);

	CHECK(load(&ini, "[ default ]\nx=1\n[a] trailing\ny=2\n[b]]\nz=3\n[c]d]\nw=4\n[A]\nv=5\n",
		   &err) == 0);
	CHECK(!ini_has_section(&ini, "default"));
	CHECK_STR(ini_get(&ini, " default ", "x"), "1");
	CHECK_STR(ini_get(&ini, "a", "y"), "2");
	CHECK_STR(ini_get(&ini, "b]", "z"), "3");
	CHECK_STR(ini_get(&ini, "c]d", "w"), "4");
	CHECK_STR(ini_get(&ini, "A", "v"), "5");
	CHECK(ini_get(&ini, "A", "y") == NULL);
	ini_free(&ini);

	/* "[a=1" is no header, so it is the key "[a". */
	CHECK(load(&ini, "[s]\n[a=1\n", &err) == 0);
	CHECK_STR(ini_get(&ini, "s", "[a"), "1");
	ini_free(&ini);

	CHECK(load(&ini, "", &err) == 0);
	CHECK(!ini_has_section(&ini, "default"));
	ini_free(&ini);
	CHECK(load(&ini, "# only\n; comments\n\n", &err) == 0);
	ini_free(&ini);
}

TEST(line_endings_and_bom)
{
	struct ini_file ini;
	struct err err;

	CHECK(load(&ini, "\xef\xbb\xbf[default]\r\nx = 1 \r\ny=\r\n  k = v\r\n", &err) == 0);
	CHECK_STR(ini_get(&ini, "default", "x"), "1");
	CHECK_STR(ini_get_sub(&ini, "default", "y", "k"), "v");
	ini_free(&ini);
	CHECK(load(&ini, "[a]\rx=1\r  2\r", &err) == 0);
	CHECK_STR(ini_get(&ini, "a", "x"), "1\n2");
	ini_free(&ini);
	/* No final newline. */
	CHECK(load(&ini, "[a]\nx=1", &err) == 0);
	CHECK_STR(ini_get(&ini, "a", "x"), "1");
	ini_free(&ini);
}

TEST(default_section)
{
	struct ini_file ini;
	struct err err;

	CHECK(load(&ini,
		   "[DEFAULT]\nr=1\ns3 =\n  a = 1\n[a]\nx=2\n[b]\nr=3\ns3 =\n  b = 2\n"
		   "[DEFAULT]\nq=4\n",
		   &err) == 0);
	CHECK(!ini_has_section(&ini, "DEFAULT"));
	CHECK(ini_get(&ini, "DEFAULT", "r") == NULL);
	CHECK_STR(ini_get(&ini, "a", "r"), "1");
	CHECK_STR(ini_get(&ini, "a", "q"), "4");
	CHECK_STR(ini_get(&ini, "b", "r"), "3");
	CHECK_STR(ini_get_sub(&ini, "a", "s3", "a"), "1");
	/* b's own block replaces DEFAULT's whole. */
	CHECK_STR(ini_get_sub(&ini, "b", "s3", "b"), "2");
	CHECK(ini_get_sub(&ini, "b", "s3", "a") == NULL);
	CHECK(ini_get(&ini, "c", "r") == NULL);
	CHECK(ini_find_section(&ini, "profile", "DEFAULT") == NULL);
	ini_free(&ini);
}

TEST(keys_in_file_order)
{
	struct ini_file ini;
	struct err err;

	CHECK(load(&ini,
		   "[DEFAULT]\nd=0\n[profile a]\nRegion = x\ns3 =\n  k = v\nlogin_session = y\n"
		   "[empty]\n",
		   &err) == 0);
	CHECK_STR(ini_key(&ini, "profile a", 0), "region");
	CHECK_STR(ini_key(&ini, "profile a", 1), "s3");
	CHECK_STR(ini_key(&ini, "profile a", 2), "login_session");
	CHECK(ini_key(&ini, "profile a", 3) == NULL);
	CHECK(ini_key(&ini, "empty", 0) == NULL);
	CHECK(ini_key(&ini, "missing", 0) == NULL);
	CHECK(ini_key(&ini, "DEFAULT", 0) == NULL);
	CHECK(ini_key(&ini, NULL, 0) == NULL);
	ini_free(&ini);
}

TEST(errors_name_file_and_line)
{
	static const struct {
		const char *text;
		const char *message;
	} cases[] = {
	    {"[a]\nx=1\n\n# c\njustakey\n",
	     "~/.aws/config line 5: expected '[section]' or 'key = value'"},
	    {"[a]\n=1\n", "~/.aws/config line 2: expected '[section]' or 'key = value'"},
	    {"[a]\n : 1\n", "~/.aws/config line 2: expected '[section]' or 'key = value'"},
	    {"[]\nx=1\n", "~/.aws/config line 1: expected a '[section]' line before any key"},
	    {"x=1\n[a]\n", "~/.aws/config line 1: expected a '[section]' line before any key"},
	    {"[a]\nx=1\n[b]\n[a]\n", "~/.aws/config line 4: section [a] appears twice"},
	    {"[a]\nx=1\nX = 2\n", "~/.aws/config line 3: key 'x' appears twice in the section"},
	    {"[DEFAULT]\nx=1\n[DEFAULT]\nx=2\n",
	     "~/.aws/config line 4: key 'x' appears twice in the section"},
	    {"[a]\ns3 =\n  endpoint_url = x\n  nokey\n",
	     "~/.aws/config line 4: expected 'key = value' in the block under 's3'"},
	    {"[a]\ns3 =\n  k: v\n",
	     "~/.aws/config line 3: expected 'key = value' in the block under 's3'"},
	    {"\xef\xbb\xbf x\n",
	     "~/.aws/config line 1: expected a '[section]' line before any key"},
	};
	struct ini_file ini;
	struct err err;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK(load(&ini, cases[i].text, &err) == -1);
		CHECK_STR(err.message, cases[i].message);
		CHECK(ini.entries == NULL && ini.strings.data == NULL);
	}
	/* The same key in different sections is fine. */
	CHECK(load(&ini, "[a]\nx=1\n[b]\nx=2\n", &err) == 0);
	CHECK_STR(ini_get(&ini, "b", "x"), "2");
	ini_free(&ini);
	/* A NUL byte (botocore would keep it in the value). */
	err_clear(&err);
	CHECK(ini_load_mem(&ini, "[a]\nx=1\0\n", 9, "f", &err) == -1);
	CHECK_STR(err.message, "f line 2: NUL byte");
}

TEST(limits)
{
	struct ini_file ini;
	struct err err = {0};
	size_t n = INI_MAX_SIZE + 1, i, len = 0;
	char *big = malloc(n);

	CHECK(big != NULL);
	if (big == NULL)
		return;
	memset(big, '\n', n);
	CHECK(ini_load_mem(&ini, big, n, "big", &err) == -1);
	CHECK_STR(err.message, "big: larger than 1048576 bytes");
	err_clear(&err);
	CHECK(ini_load_mem(&ini, big, n - 1, "big", &err) == 0);
	ini_free(&ini);

	/* Too many keys. */
	len = (size_t)snprintf(big, n, "[a]\n");
	for (i = 0; i < INI_MAX_ENTRIES; i++)
		len += (size_t)snprintf(big + len, n - len, "k%zu=1\n", i);
	CHECK(len < n);
	err_clear(&err);
	CHECK(ini_load_mem(&ini, big, len, "many", &err) == -1);
	CHECK_STR(err.message, "many line 10001: more than 10000 keys and sections");
	free(big);
}

TEST(load_file)
{
	char path[] = "/tmp/test_ini_XXXXXX";
	struct ini_file ini;
	struct err err = {0};
	int fd = mkstemp(path);
	FILE *f;

	CHECK(fd >= 0);
	if (fd < 0)
		return;
	f = fdopen(fd, "w");
	CHECK(f != NULL);
	if (f == NULL)
		return;
	fputs("[default]\nregion = ap-south-1\n", f);
	fclose(f);
	CHECK(ini_load_file(&ini, path, NULL, &err) == 0);
	CHECK_STR(ini_get(&ini, "default", "region"), "ap-south-1");
	ini_free(&ini);
	CHECK(ini_load_file(&ini, path, "~/.aws/config", &err) == 0);
	ini_free(&ini);
	unlink(path);
	CHECK(ini_load_file(&ini, path, "~/.aws/config", &err) == 1);
	CHECK(err.exit_code == 0);
	CHECK(ini_get(&ini, "default", "region") == NULL);
	CHECK(ini_load_file(&ini, "/tmp", NULL, &err) == 1);
	CHECK(ini_load_file(&ini, "/etc/passwd/x", NULL, &err) == 1);
	ini_free(&ini);

	/* A syntax error names the display name. */
	memcpy(path, "/tmp/test_ini_XXXXXX", sizeof(path));
	fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK(write(fd, "[a]\nbad\n", 8) == 8);
	close(fd);
	CHECK(ini_load_file(&ini, path, "~/.aws/credentials", &err) == -1);
	CHECK_STR(err.message, "~/.aws/credentials line 2: expected '[section]' or 'key = value'");
	unlink(path);
}

int main(void)
{
	RUN(typical_config);
	RUN(credentials_file);
	RUN(profile_sections_like_botocore);
	RUN(continuation_lines);
	RUN(syntax_details);
	RUN(line_endings_and_bom);
	RUN(default_section);
	RUN(keys_in_file_order);
	RUN(errors_name_file_and_line);
	RUN(limits);
	RUN(load_file);
	return unit_done("ini");
}
