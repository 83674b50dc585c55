/* The container and IMDS credential documents, the container URL rule,
 * and the secret file reader. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "aws/creds/common.h"
#include "unit.h"
#include "util/str.h"

static const char imds_doc[] = "{\n"
			       "  \"Code\" : \"Success\",\n"
			       "  \"LastUpdated\" : \"2024-05-01T11:00:00Z\",\n"
			       "  \"Type\" : \"AWS-HMAC\",\n"
			       "  \"AccessKeyId\" : \"ASIAIMDS\",\n"
			       "  \"SecretAccessKey\" : \"imds/secret+key\",\n"
			       "  \"Token\" : \"IQoJb3JpZ2luX2VjE\\u002b==\",\n"
			       "  \"Expiration\" : \"2024-05-01T17:00:00Z\"\n"
			       "}";

static const char container_doc[] =
    "{\"AccessKeyId\":\"ASIACONT\",\"SecretAccessKey\":\"c\",\"Token\":\"t\","
    "\"Expiration\":\"2024-05-01T12:00:00.123+00:00\","
    "\"RoleArn\":\"arn:aws:iam::111122223333:role/pod\",\"AccountId\":\"111122223333\"}";

static int imds(const char *json, struct creds *c, struct err *err)
{
	err_clear(err);
	return creds_imds_parse(json, strlen(json), c, err);
}

static int container(const char *json, struct creds *c, struct err *err)
{
	err_clear(err);
	return creds_container_parse(json, strlen(json), c, err);
}

TEST(imds_document)
{
	struct creds c;
	struct err err;

	CHECK(imds(imds_doc, &c, &err) == 0);
	CHECK_STR(c.access_key_id, "ASIAIMDS");
	CHECK_STR(c.secret_access_key, "imds/secret+key");
	CHECK_STR(c.session_token, "IQoJb3JpZ2luX2VjE+==");
	CHECK(c.expiration == 1714582800);
	CHECK_STR(c.source, "");
	creds_wipe(&c);
	/* Code is optional */
	CHECK(imds("{\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"s\",\"Token\":\"t\","
		   "\"Expiration\":\"2024-05-01T17:00:00Z\"}",
		   &c, &err) == 0);
}

TEST(imds_bad_documents)
{
	struct creds c;
	struct err err;

	CHECK(imds("{\"Code\":\"AssumeRoleUnauthorizedAccess\",\"Message\":\"denied by SCP\"}", &c,
		   &err) == -1);
	CHECK_STR(err.message, "Code: AssumeRoleUnauthorizedAccess: denied by SCP");
	CHECK(imds("{\"Code\":\"Success\",\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"s\","
		   "\"Expiration\":\"2024-05-01T17:00:00Z\"}",
		   &c, &err) == -1);
	CHECK_STR(err.message, "Token: missing");
	CHECK(imds("{\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"s\",\"Token\":\"t\"}", &c, &err) ==
	      -1);
	CHECK_STR(err.message, "Expiration: missing");
	CHECK(imds("{\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"s\",\"Token\":\"\","
		   "\"Expiration\":\"2024-05-01T17:00:00Z\"}",
		   &c, &err) == -1);
	CHECK_STR(err.message, "Token: empty");
	CHECK(imds("{\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"s\",\"Token\":\"t\","
		   "\"Expiration\":\"2024-13-01T17:00:00Z\"}",
		   &c, &err) == -1);
	CHECK(strstr(err.message, "Expiration: not an ISO-8601 time") != NULL);
	CHECK(imds("{\"Code\":\"Success\",\"AccessKeyId\":[],\"SecretAccessKey\":\"s\"}", &c,
		   &err) == -1);
	CHECK(imds("<html>404</html>", &c, &err) == -1);
	CHECK(strstr(err.message, "JSON") != NULL);
	CHECK(imds("{\"AccessKeyId\":\"A\"", &c, &err) == -1);
	CHECK(imds("", &c, &err) == -1);
	CHECK(c.access_key_id[0] == '\0');
}

TEST(imds_oversized_fields)
{
	struct creds c;
	struct err err;
	char json[CREDS_TOKEN_MAX + 200];
	char token[CREDS_TOKEN_MAX + 1];

	memset(token, 'T', sizeof(token) - 1);
	token[sizeof(token) - 1] = '\0';
	(void)str_fmt(json, sizeof(json),
		      "{\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"s\",\"Token\":\"%s\","
		      "\"Expiration\":\"2024-05-01T17:00:00Z\"}",
		      token);
	CHECK(imds(json, &c, &err) == -1);
	CHECK(strncmp(err.message, "Token: ", 7) == 0);
	CHECK(strstr(err.message, "TTTT") == NULL);
}

TEST(container_document)
{
	struct creds c;
	struct err err;

	CHECK(container(container_doc, &c, &err) == 0);
	CHECK_STR(c.access_key_id, "ASIACONT");
	CHECK_STR(c.session_token, "t");
	CHECK(c.expiration == 1714564800);
	creds_wipe(&c);
}

TEST(container_bad_documents)
{
	struct creds c;
	struct err err;

	CHECK(container("{\"code\":\"AccessDenied\",\"message\":\"no\"}", &c, &err) == -1);
	CHECK_STR(err.message, "AccessKeyId: missing");
	CHECK(container("{\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"s\","
			"\"Expiration\":\"2024-05-01T12:00:00Z\"}",
			&c, &err) == -1);
	CHECK_STR(err.message, "Token: missing");
	CHECK(container("{\"AccessKeyId\":\"A\",\"SecretAccessKey\":null,\"Token\":\"t\","
			"\"Expiration\":\"2024-05-01T12:00:00Z\"}",
			&c, &err) == -1);
	CHECK_STR(err.message, "SecretAccessKey: missing");
	CHECK(container("{\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"s\",\"Token\":\"t\","
			"\"Expiration\":\"2024-05-01\"}",
			&c, &err) == -1);
	CHECK(container("[]", &c, &err) == -1);
	CHECK(container("{\"AccessKeyId\":\"A\\u0000\",\"SecretAccessKey\":\"s\",\"Token\":\"t\","
			"\"Expiration\":\"2024-05-01T12:00:00Z\"}",
			&c, &err) == -1);
	CHECK(container("{} trailing", &c, &err) == -1);
}

TEST(container_url_rule)
{
	static const char *const allowed[] = {
	    "https://example.com/creds",
	    "HTTPS://creds.internal:8443/x",
	    "http://169.254.170.2/v2/credentials/abc",
	    "http://169.254.170.23/v1/credentials",
	    "http://[fd00:ec2::23]/v1/credentials",
	    "http://[fd00:ec2:0::23]:80/v1/credentials",
	    "http://localhost:8080/creds",
	    "http://LOCALHOST/creds",
	    "http://127.0.0.1:1234",
	    "http://127.1.2.3/x",
	    "http://[::1]:9000/x",
	};
	static const char *const refused[] = {
	    "http://example.com/creds",
	    "http://169.254.169.254/latest/meta-data/",
	    "http://169.254.170.3/x",
	    "http://[fd00:ec2::254]/x",
	    "http://128.0.0.1/x",
	    "http://localhost.evil.com/x",
	    "http://169.254.170.2@evil.com/x",
	    "http://[::1/x",
	    "http:///x",
	    "ftp://localhost/x",
	    "localhost:8080",
	    "https://",
	    "",
	};

	for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++) {
		if (!creds_container_url_allowed(allowed[i]))
			fprintf(stderr, "refused: %s\n", allowed[i]);
		CHECK(creds_container_url_allowed(allowed[i]));
	}
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		if (creds_container_url_allowed(refused[i]))
			fprintf(stderr, "allowed: %s\n", refused[i]);
		CHECK(!creds_container_url_allowed(refused[i]));
	}
}

TEST(secret_file)
{
	char path[] = "/tmp/eks-upgrade-test-secret-XXXXXX";
	struct buf b;
	struct err err = {0};
	int fd = mkstemp(path);
	char *big;

	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK(write(fd, "tok\n", 4) == 4);
	CHECK(creds_read_secret_file(path, "token file", &b, &err) == 0);
	CHECK_STR(buf_str(&b), "tok\n"); /* as read: no trimming */
	buf_wipe(&b);

	CHECK(ftruncate(fd, 0) == 0);
	CHECK(creds_read_secret_file(path, "token file", &b, &err) == -1);
	CHECK(strstr(err.message, "the file is empty") != NULL);
	CHECK(strstr(err.message, path) != NULL);

	big = calloc(1, CREDS_FILE_MAX + 1);
	if (big != NULL) {
		memset(big, 'x', CREDS_FILE_MAX + 1);
		CHECK(pwrite(fd, big, CREDS_FILE_MAX + 1, 0) == CREDS_FILE_MAX + 1);
		err_clear(&err);
		CHECK(creds_read_secret_file(path, "token file", &b, &err) == -1);
		CHECK(strstr(err.message, "larger than") != NULL);
		CHECK(ftruncate(fd, CREDS_FILE_MAX) == 0);
		CHECK(creds_read_secret_file(path, "token file", &b, &err) == 0);
		CHECK(b.len == CREDS_FILE_MAX);
		buf_wipe(&b);
		free(big);
	}
	CHECK(pwrite(fd, "a\0b", 3, 0) == 3 && ftruncate(fd, 3) == 0);
	err_clear(&err);
	CHECK(creds_read_secret_file(path, "token file", &b, &err) == -1);
	CHECK(strstr(err.message, "NUL") != NULL);
	close(fd);
	unlink(path);

	err_clear(&err);
	CHECK(creds_read_secret_file(path, "web identity token file", &b, &err) == -1);
	CHECK(strstr(err.message, "web identity token file /tmp/eks-upgrade-test-secret-") != NULL);
	CHECK(strstr(err.message, "No such file") != NULL);
	buf_wipe(&b);
	buf_wipe(&b);
}

int main(void)
{
	RUN(imds_document);
	RUN(imds_bad_documents);
	RUN(imds_oversized_fields);
	RUN(container_document);
	RUN(container_bad_documents);
	RUN(container_url_rule);
	RUN(secret_file);
	return unit_done("creds_parse");
}
