#include "util/json.h"

#include <float.h>
#include <stdlib.h>

#include "unit.h"

static const char describe_cluster[] =
    "{\"cluster\":{\"name\":\"prod\",\"arn\":\"arn:aws:eks:eu-west-1:111122223333:cluster/prod\","
    "\"createdAt\":1.700000000123E9,\"version\":\"1.29\","
    "\"endpoint\":\"https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com\","
    "\"roleArn\":\"arn:aws:iam::111122223333:role/eks\","
    "\"resourcesVpcConfig\":{\"subnetIds\":[\"subnet-1\",\"subnet-2\"],"
    "\"securityGroupIds\":[],\"endpointPublicAccess\":true,\"endpointPrivateAccess\":false,"
    "\"publicAccessCidrs\":[\"0.0.0.0/0\"]},"
    "\"kubernetesNetworkConfig\":{\"serviceIpv4Cidr\":\"10.100.0.0/16\",\"ipFamily\":\"ipv4\"},"
    "\"logging\":{\"clusterLogging\":[{\"types\":[\"api\",\"audit\"],\"enabled\":false}]},"
    "\"identity\":{\"oidc\":{\"issuer\":\"https://oidc.eks.eu-west-1.amazonaws.com/id/X\"}},"
    "\"status\":\"ACTIVE\","
    "\"certificateAuthority\":{\"data\":\"LS0tLS1CRUdJTi\\/DRVJU\"},"
    "\"platformVersion\":\"eks.7\",\"tags\":{\"kubernetes.io/cluster\":\"owned\"},"
    "\"health\":{\"issues\":[]},\"accessConfig\":{\"authenticationMode\":\"API_AND_CONFIG_MAP\"},"
    "\"upgradePolicy\":{\"supportType\":\"EXTENDED\"}}}";

static const char list_updates[] = "{\n  \"updateIds\": [\n    \"a1b2\",\n    \"c3d4\"\n  ],\n"
				   "  \"nextToken\": null\n}\n";

static int parse(struct json_doc *doc, const char *text, struct err *err)
{
	err_clear(err);
	return json_parse(doc, text, strlen(text), err);
}

TEST(describe_cluster_shape)
{
	struct json_doc doc = {0};
	struct err err = {0};
	char s[256];
	int64_t n;
	double d;
	bool b;
	int c;

	CHECK(json_parse_object(&doc, describe_cluster, strlen(describe_cluster), &err) == 0);
	c = json_object_get(&doc, 0, "cluster");
	CHECK(json_type(&doc, c) == JSON_OBJECT);
	CHECK(json_get_string(&doc, c, "name", s, sizeof(s), &err) == 0);
	CHECK_STR(s, "prod");
	/* "status" comes after deeply nested siblings. */
	CHECK(json_get_string(&doc, c, "status", s, sizeof(s), &err) == 0);
	CHECK_STR(s, "ACTIVE");
	CHECK(json_get_string(&doc, 0, "cluster.certificateAuthority.data", s, sizeof(s), &err) ==
	      0);
	CHECK_STR(s, "LS0tLS1CRUdJTi/DRVJU");
	CHECK(json_get_string(&doc, 0, "cluster.upgradePolicy.supportType", s, sizeof(s), &err) ==
	      0);
	CHECK_STR(s, "EXTENDED");
	CHECK(json_get_string(&doc, c, "resourcesVpcConfig.subnetIds.1", s, sizeof(s), &err) == 0);
	CHECK_STR(s, "subnet-2");
	CHECK(json_path(&doc, c, "resourcesVpcConfig.subnetIds.2") == -1);
	CHECK(json_get_string(&doc, c, "logging.clusterLogging.0.types.1", s, sizeof(s), &err) ==
	      0);
	CHECK_STR(s, "audit");
	CHECK(json_get_bool(&doc, c, "resourcesVpcConfig.endpointPublicAccess", &b, &err) == 0);
	CHECK(b == true);
	CHECK(json_get_bool(&doc, c, "logging.clusterLogging.0.enabled", &b, &err) == 0);
	CHECK(b == false);
	CHECK(json_get_double(&doc, c, "createdAt", &d, &err) == 0);
	CHECK(d > 1700000000.12 && d < 1700000000.13);
	CHECK(json_get_int64(&doc, c, "createdAt", &n, &err) == -1);
	CHECK(strstr(err.message, "createdAt: expected an integer") != NULL);
	err_clear(&err);
	/* A key with dots needs json_object_get. */
	CHECK(json_string(
		  &doc,
		  json_object_get(&doc, json_object_get(&doc, c, "tags"), "kubernetes.io/cluster"),
		  s, sizeof(s), NULL, &err) == 0);
	CHECK_STR(s, "owned");
	CHECK(json_length(&doc, json_path(&doc, c, "resourcesVpcConfig.securityGroupIds")) == 0);
	CHECK(json_length(&doc, json_path(&doc, c, "health.issues")) == 0);
	CHECK(json_get_string(&doc, c, "missing", s, sizeof(s), &err) == -1);
	CHECK_STR(err.message, "missing: missing");
	err_clear(&err);
	CHECK(json_get_string(&doc, c, "resourcesVpcConfig", s, sizeof(s), &err) == -1);
	CHECK_STR(err.message, "resourcesVpcConfig: expected a string, found object");
	json_doc_free(&doc);
	json_doc_free(&doc);
}

TEST(list_updates_null_next_token)
{
	struct json_doc doc = {0};
	struct err err = {0};
	struct json_iter it;
	char s[64];
	char seen[2][16];
	int i, n = 0;

	CHECK(parse(&doc, list_updates, &err) == 0);
	CHECK(json_is_null(&doc, json_object_get(&doc, 0, "nextToken")));
	CHECK(json_is_absent(&doc, json_object_get(&doc, 0, "nextToken")));
	CHECK(json_is_absent(&doc, json_object_get(&doc, 0, "nothere")));
	s[0] = 'x';
	CHECK(json_get_string_opt(&doc, 0, "nextToken", s, sizeof(s), &err) == 1);
	CHECK_STR(s, "");
	CHECK(json_get_string(&doc, 0, "nextToken", s, sizeof(s), &err) == -1);
	CHECK_STR(err.message, "nextToken: missing");
	err_clear(&err);
	for (i = json_iter_init(&it, &doc, json_object_get(&doc, 0, "updateIds")); i >= 0;
	     i = json_iter_next(&it)) {
		CHECK(n < 2);
		if (n < 2)
			CHECK(json_string(&doc, i, seen[n], sizeof(seen[n]), NULL, &err) == 0);
		n++;
	}
	CHECK(n == 2);
	CHECK_STR(seen[0], "a1b2");
	CHECK_STR(seen[1], "c3d4");
	json_doc_free(&doc);

	CHECK(parse(&doc, "{\"nextToken\":\"\"}", &err) == 0);
	CHECK(json_get_string_opt(&doc, 0, "nextToken", s, sizeof(s), &err) == 1);
	json_doc_free(&doc);
	CHECK(parse(&doc, "{\"nextToken\":\"abc==\"}", &err) == 0);
	CHECK(json_get_string_opt(&doc, 0, "nextToken", s, sizeof(s), &err) == 0);
	CHECK_STR(s, "abc==");
	json_doc_free(&doc);
	CHECK(parse(&doc, "{\"nextToken\":5}", &err) == 0);
	CHECK(json_get_string_opt(&doc, 0, "nextToken", s, sizeof(s), &err) == -1);
	CHECK_STR(err.message, "nextToken: expected a string, found number");
	json_doc_free(&doc);
}

TEST(object_iteration)
{
	struct json_doc doc = {0};
	struct err err = {0};
	struct json_iter it;
	const char *raw;
	size_t len;
	char keys[64] = "";
	int i;

	CHECK(parse(&doc, "{\"a\":[1,[2,{\"x\":3}]],\"b\":{\"c\":{}},\"d\":null}", &err) == 0);
	CHECK(json_length(&doc, 0) == 3);
	for (i = json_iter_init(&it, &doc, 0); i >= 0; i = json_iter_next(&it)) {
		raw = json_raw(&doc, i, &len);
		CHECK(len == 1);
		strncat(keys, raw, 1);
	}
	CHECK_STR(keys, "abd");
	CHECK(json_iter_init(&it, &doc, json_path(&doc, 0, "b.c")) == -1);
	CHECK(json_iter_init(&it, &doc, -1) == -1);
	CHECK(json_iter_next(&it) == -1);
	json_doc_free(&doc);
}

TEST(skip_nested)
{
	struct json_doc doc = {0};
	struct err err = {0};
	char deep[2200];
	int64_t v = 0;
	size_t n = 0;
	int i;

	/* {"a":[[[...{"k":1}...]]],"k":2}: the walker must pass the whole sibling. */
	n += (size_t)snprintf(deep + n, sizeof(deep) - n, "{\"a\":");
	for (i = 0; i < 200; i++)
		deep[n++] = '[';
	n += (size_t)snprintf(deep + n, sizeof(deep) - n, "{\"k\":1},{\"k\":3}");
	for (i = 0; i < 200; i++)
		deep[n++] = ']';
	n += (size_t)snprintf(deep + n, sizeof(deep) - n, ",\"k\":2}");
	CHECK(n < sizeof(deep));
	CHECK(json_parse(&doc, deep, n, &err) == 0);
	CHECK(json_get_int64(&doc, 0, "k", &v, &err) == 0);
	CHECK(v == 2);
	CHECK(json_skip(&doc, 0) == doc.count);
	CHECK(json_skip(&doc, 1) == 2 + 200 + 6); /* key "a", its value */
	CHECK(json_skip(&doc, 2) == 2 + 200 + 6);
	CHECK(json_skip(&doc, -1) == -1);
	CHECK(json_skip(&doc, doc.count) == -1);
	json_doc_free(&doc);

	CHECK(parse(&doc, "[[1,2],{\"x\":[3]},4]", &err) == 0);
	CHECK(json_skip(&doc, 1) == 4);
	CHECK(json_skip(&doc, 4) == 8);
	CHECK(json_int64(&doc, json_path(&doc, 0, "2"), &v, &err) == 0);
	CHECK(v == 4);
	CHECK(json_int64(&doc, json_path(&doc, 0, "1.x.0"), &v, &err) == 0);
	CHECK(v == 3);
	json_doc_free(&doc);
}

TEST(depth_cap)
{
	struct json_doc doc = {0};
	struct err err = {0};
	char text[2 * JSON_MAX_DEPTH + 4];
	int i;

	for (i = 0; i < JSON_MAX_DEPTH; i++) {
		text[i] = '[';
		text[JSON_MAX_DEPTH + i] = ']';
	}
	CHECK(json_parse(&doc, text, 2 * JSON_MAX_DEPTH, &err) == 0);
	CHECK(doc.count == JSON_MAX_DEPTH);
	json_doc_free(&doc);
	memmove(text + 1, text, 2 * JSON_MAX_DEPTH);
	text[0] = '[';
	text[2 * JSON_MAX_DEPTH + 1] = ']';
	CHECK(json_parse(&doc, text, 2 * JSON_MAX_DEPTH + 2, &err) == -1);
	CHECK(strstr(err.message, "nested too deeply") != NULL);
	CHECK(doc.tokens == NULL);
}

TEST(strings_and_escapes)
{
	struct json_doc doc = {0};
	struct err err = {0};
	char s[64];
	size_t n;

	CHECK(parse(&doc,
		    "[\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\", \"\\u00e9\\u20AC\", \"\\ud83d\\ude00\","
		    "\"caf\xc3\xa9\", \"\\ud83d\", \"\\ude00x\", \"\\u0000\", \"\\ud83d\\u0041\"]",
		    &err) == 0);
	CHECK(json_string(&doc, 1, s, sizeof(s), &n, &err) == 0);
	CHECK_STR(s, "a\"b\\c/d\b\f\n\r\t");
	CHECK(n == 12);
	CHECK(json_string(&doc, 2, s, sizeof(s), &n, &err) == 0);
	CHECK_STR(s, "\xc3\xa9\xe2\x82\xac");
	CHECK(json_string(&doc, 3, s, sizeof(s), &n, &err) == 0);
	CHECK_STR(s, "\xf0\x9f\x98\x80");
	CHECK(n == 4);
	CHECK(json_string(&doc, 4, s, sizeof(s), &n, &err) == 0);
	CHECK_STR(s, "caf\xc3\xa9");
	CHECK(json_string(&doc, 5, s, sizeof(s), &n, &err) == -1);
	CHECK_STR(err.message, "bad string: lone high surrogate");
	CHECK_STR(s, "");
	err_clear(&err);
	CHECK(json_string(&doc, 6, s, sizeof(s), &n, &err) == -1);
	CHECK_STR(err.message, "bad string: lone low surrogate");
	err_clear(&err);
	CHECK(json_string(&doc, 7, s, sizeof(s), &n, &err) == -1);
	CHECK_STR(err.message, "bad string: contains \\u0000");
	err_clear(&err);
	CHECK(json_string(&doc, 8, s, sizeof(s), &n, &err) == -1);
	err_clear(&err);
	CHECK(json_string(&doc, 0, s, sizeof(s), &n, &err) == -1);
	CHECK_STR(err.message, "expected a string, found array");
	json_doc_free(&doc);
}

TEST(string_buffer_too_small)
{
	struct json_doc doc = {0};
	struct err err = {0};
	char s[5];

	CHECK(parse(&doc, "[\"abcd\",\"abcde\",\"ab\\u00e9\",\"abc\\u00e9\"]", &err) == 0);
	CHECK(json_string(&doc, 1, s, sizeof(s), NULL, &err) == 0);
	CHECK_STR(s, "abcd");
	CHECK(json_string(&doc, 2, s, sizeof(s), NULL, &err) == -1);
	CHECK_STR(err.message, "string too long (more than 4 bytes)");
	CHECK_STR(s, "");
	err_clear(&err);
	CHECK(json_string(&doc, 3, s, sizeof(s), NULL, &err) == 0);
	CHECK_STR(s, "ab\xc3\xa9");
	CHECK(json_string(&doc, 4, s, sizeof(s), NULL, &err) == -1);
	err_clear(&err);
	CHECK(json_string(&doc, 1, s, 0, NULL, &err) == -1);
	json_doc_free(&doc);
}

TEST(escaped_keys)
{
	struct json_doc doc = {0};
	struct err err = {0};
	int64_t v = 0;

	CHECK(parse(&doc, "{\"n\\u0061me\":1,\"a\\\"b\":2,\"dup\":3,\"dup\":4}", &err) == 0);
	CHECK(json_get_int64(&doc, 0, "name", &v, &err) == 0);
	CHECK(v == 1);
	CHECK(json_int64(&doc, json_object_get(&doc, 0, "a\"b"), &v, &err) == 0);
	CHECK(v == 2);
	CHECK(json_get_int64(&doc, 0, "dup", &v, &err) == 0);
	CHECK(v == 4);
	CHECK(json_object_get(&doc, 0, "nam") == -1);
	CHECK(json_object_get(&doc, 1, "name") == -1); /* not an object */
	json_doc_free(&doc);
}

TEST(numbers)
{
	struct json_doc doc = {0};
	struct err err = {0};
	int64_t v = 0;
	double d = 0;
	bool b;

	CHECK(parse(&doc,
		    "[9223372036854775807,-9223372036854775808,9223372036854775808,"
		    "-9223372036854775809,-0,1e2,1.5,-2.5e-3,1e999,true,null,\"5\",1e-999]",
		    &err) == 0);
	CHECK(json_int64(&doc, 1, &v, &err) == 0);
	CHECK(v == INT64_MAX);
	CHECK(json_int64(&doc, 2, &v, &err) == 0);
	CHECK(v == INT64_MIN);
	CHECK(json_int64(&doc, 3, &v, &err) == -1);
	CHECK(strstr(err.message, "out of range") != NULL);
	err_clear(&err);
	CHECK(json_int64(&doc, 4, &v, &err) == -1);
	err_clear(&err);
	CHECK(json_int64(&doc, 5, &v, &err) == 0);
	CHECK(v == 0);
	CHECK(json_int64(&doc, 6, &v, &err) == -1);
	err_clear(&err);
	CHECK(json_double(&doc, 6, &d, &err) == 0);
	CHECK(d == 100.0);
	CHECK(json_double(&doc, 7, &d, &err) == 0);
	CHECK(d == 1.5);
	CHECK(json_double(&doc, 8, &d, &err) == 0);
	CHECK(d == -2.5e-3);
	CHECK(json_double(&doc, 9, &d, &err) == -1);
	CHECK(strstr(err.message, "out of range") != NULL);
	err_clear(&err);
	CHECK(json_bool(&doc, 10, &b, &err) == 0);
	CHECK(b);
	CHECK(json_bool(&doc, 11, &b, &err) == -1);
	err_clear(&err);
	CHECK(json_is_null(&doc, 11));
	CHECK(json_type(&doc, 12) == JSON_STRING);
	CHECK(json_double(&doc, 12, &d, &err) == -1);
	CHECK_STR(err.message, "expected a number, found string");
	err_clear(&err);
	CHECK(json_double(&doc, 13, &d, &err) == 0);
	CHECK(d >= 0 && d < DBL_MIN);
	json_doc_free(&doc);
}

TEST(scalar_roots)
{
	struct json_doc doc = {0};
	struct err err = {0};
	int64_t v = 0;
	char s[8];

	CHECK(parse(&doc, " 42 ", &err) == 0);
	CHECK(json_int64(&doc, 0, &v, &err) == 0);
	CHECK(v == 42);
	json_doc_free(&doc);
	CHECK(parse(&doc, "\"hi\"", &err) == 0);
	CHECK(json_string(&doc, 0, s, sizeof(s), NULL, &err) == 0);
	CHECK_STR(s, "hi");
	json_doc_free(&doc);
	CHECK(parse(&doc, "null", &err) == 0);
	CHECK(json_is_null(&doc, 0));
	json_doc_free(&doc);
	CHECK(json_parse_object(&doc, "[1]", 3, &err) == -1);
	CHECK_STR(err.message, "JSON document: expected an object, found array");
	CHECK(doc.tokens == NULL);
}

/* Each of these must fail; jsmn alone accepts most of them. */
TEST(malformed)
{
	static const char *bad[] = {
	    "",
	    "   ",
	    "[1 2]",
	    "{\"a\" \"b\"}",
	    "{\"a\":1 \"b\":2}",
	    "{\"a\":1,}",
	    "[1,]",
	    "[,1]",
	    "{,}",
	    "[\"a\":1]",
	    "{\"a\":1}x",
	    "{\"a\":1}{}",
	    "{1:2}",
	    "{a:1}",
	    "[tru]",
	    "[truee]",
	    "[nul]",
	    "[01]",
	    "[1.]",
	    "[.5]",
	    "[1e]",
	    "[+1]",
	    "[-]",
	    "[1.2.3]",
	    "[0x10]",
	    "[NaN]",
	    "[Infinity]",
	    "['a']",
	    "[\"a\tb\"]",
	    "[\"\\x\"]",
	    "[\"\\u12G4\"]",
	    "[\"\xff\"]",
	    "[\"\xc0\xaf\"]",
	    "[\"\xed\xa0\x80\"]",
	    "[\"\xe2\x82\"]",
	    "{\"a\":1]",
	    "[1}",
	    "]",
	    "}",
	    "[1]]",
	    "/* c */ {}",
	};
	struct json_doc doc = {0};
	struct err err;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (parse(&doc, bad[i], &err) != -1) {
			fprintf(stderr, "accepted: %s\n", bad[i]);
			unit_current_failed = 1;
			json_doc_free(&doc);
		}
		CHECK(err.message[0] != '\0');
		CHECK(doc.tokens == NULL);
	}
	CHECK(parse(&doc, "{\"a\":1}x", &err) == -1);
	CHECK_STR(err.message, "malformed JSON at offset 7: data after the value");
	CHECK(parse(&doc, "[1 2]", &err) == -1);
	CHECK_STR(err.message, "malformed JSON at offset 3");
	/* An embedded NUL is neither whitespace nor string content. */
	err_clear(&err);
	CHECK(json_parse(&doc, "{}\0", 3, &err) == -1);
	err_clear(&err);
	CHECK(json_parse(&doc, "[\"a\0\"]", 6, &err) == -1);
}

TEST(truncated)
{
	static const char *cut[] = {
	    "{",      "{\"a\"",	  "{\"a\":", "{\"a\":1", "{\"a\":1,", "[\"abc",
	    "[\"a\\", "[\"\\u12", "[tr",     "[-",	 "[1e",	      "[[[]]",
	};
	struct json_doc doc = {0};
	struct err err;
	size_t i;

	for (i = 0; i < sizeof(cut) / sizeof(cut[0]); i++) {
		if (parse(&doc, cut[i], &err) != -1) {
			fprintf(stderr, "accepted: %s\n", cut[i]);
			unit_current_failed = 1;
			json_doc_free(&doc);
			continue;
		}
		if (strcmp(err.message, "truncated JSON") != 0) {
			fprintf(stderr, "%s: %s\n", cut[i], err.message);
			unit_current_failed = 1;
		}
	}
	/* The length bounds the text: no NUL terminator is needed. */
	CHECK(json_parse(&doc, "{\"a\":1}", 6, &err) == -1);
	CHECK_STR(err.message, "truncated JSON");
	err_clear(&err);
	CHECK(json_parse(&doc, "{\"a\":1}garbage", 7, &err) == 0);
	json_doc_free(&doc);
}

TEST(token_cap)
{
	struct json_doc doc = {0};
	struct err err = {0};
	size_t n = 2 * (size_t)JSON_MAX_TOKENS + 2, i;
	char *text = malloc(n);

	CHECK(text != NULL);
	if (text == NULL)
		return;
	/* [0,0,...] with exactly JSON_MAX_TOKENS - 1 zeros is allowed. */
	text[0] = '[';
	for (i = 1; i + 1 < n; i += 2) {
		text[i] = '0';
		text[i + 1] = ',';
	}
	text[2 * (JSON_MAX_TOKENS - 1)] = ']';
	CHECK(json_parse(&doc, text, 2 * (JSON_MAX_TOKENS - 1) + 1, &err) == 0);
	CHECK(doc.count == JSON_MAX_TOKENS);
	CHECK(json_length(&doc, 0) == JSON_MAX_TOKENS - 1);
	json_doc_free(&doc);
	text[2 * (JSON_MAX_TOKENS - 1)] = ',';
	text[2 * JSON_MAX_TOKENS] = ']';
	CHECK(json_parse(&doc, text, 2 * JSON_MAX_TOKENS + 1, &err) == -1);
	CHECK(strstr(err.message, "JSON too large") != NULL);
	free(text);
}

TEST(writer_escaping_round_trip)
{
	static const char nasty[] = "q\"b\\s/\n\r\t\b\f\x01\x1f\x7f caf\xc3\xa9 \xf0\x9f\x98\x80";
	struct buf out;
	struct json_writer w;
	struct json_doc doc = {0};
	struct err err = {0};
	char s[128];
	int64_t v = 0;
	bool b = false;

	buf_init(&out, 4096);
	json_writer_init(&w, &out);
	json_write_begin_object(&w);
	json_write_key_string(&w, "s", nasty);
	json_write_key(&w, "k\"ey");
	json_write_int64(&w, INT64_MIN);
	json_write_key(&w, "arr");
	json_write_begin_array(&w);
	json_write_bool(&w, true);
	json_write_null(&w);
	json_write_begin_object(&w);
	json_write_end_object(&w);
	json_write_raw(&w, "{\"r\":[1]}", 9);
	json_write_string(&w, NULL);
	json_write_end_array(&w);
	json_write_key_bool(&w, "b", true);
	json_write_key_int64(&w, "max", INT64_MAX);
	json_write_end_object(&w);
	CHECK(json_writer_finish(&w, &err) == 0);
	CHECK_STR(
	    buf_str(&out),
	    "{\"s\":\"q\\\"b\\\\s/\\n\\r\\t\\b\\f\\u0001\\u001f\\u007f caf\xc3\xa9 "
	    "\xf0\x9f\x98\x80\",\"k\\\"ey\":-9223372036854775808,"
	    "\"arr\":[true,null,{},{\"r\":[1]},null],\"b\":true,\"max\":9223372036854775807}");

	CHECK(json_parse_object(&doc, out.data, out.len, &err) == 0);
	CHECK(json_get_string(&doc, 0, "s", s, sizeof(s), &err) == 0);
	CHECK_STR(s, nasty);
	CHECK(json_int64(&doc, json_object_get(&doc, 0, "k\"ey"), &v, &err) == 0);
	CHECK(v == INT64_MIN);
	CHECK(json_get_int64(&doc, 0, "arr.3.r.0", &v, &err) == 0);
	CHECK(v == 1);
	CHECK(json_get_bool(&doc, 0, "b", &b, &err) == 0);
	CHECK(b);
	CHECK(json_get_int64(&doc, 0, "max", &v, &err) == 0);
	CHECK(v == INT64_MAX);
	json_doc_free(&doc);
	buf_free(&out);
}

TEST(writer_invalid_utf8)
{
	struct buf out;
	struct json_writer w;
	struct err err = {0};

	buf_init(&out, 256);
	json_writer_init(&w, &out);
	json_write_string(&w, "a\xff"
			      "b\xc3");
	CHECK(json_writer_finish(&w, &err) == 0);
	CHECK_STR(buf_str(&out), "\"a\\ufffdb\\ufffd\"");
	buf_free(&out);
}

TEST(writer_cap_is_sticky)
{
	struct buf out;
	struct json_writer w;
	struct err err = {0};
	int i;

	buf_init(&out, 16);
	json_writer_init(&w, &out);
	json_write_begin_array(&w);
	for (i = 0; i < 100; i++)
		json_write_int64(&w, 12345);
	json_write_end_array(&w);
	CHECK(w.error != NULL);
	CHECK(out.len <= 16);
	CHECK(json_writer_finish(&w, &err) == -1);
	CHECK_STR(err.message, "writing JSON: output too large");
	buf_free(&out);
}

TEST(writer_misuse)
{
	struct buf out;
	struct json_writer w;
	struct err err;

	buf_init(&out, 256);

	json_writer_init(&w, &out);
	json_write_begin_object(&w);
	json_write_int64(&w, 1);
	err_clear(&err);
	CHECK(json_writer_finish(&w, &err) == -1);
	CHECK_STR(err.message, "writing JSON: a value in an object without a key");

	buf_reset(&out);
	json_writer_init(&w, &out);
	json_write_key(&w, "a");
	err_clear(&err);
	CHECK(json_writer_finish(&w, &err) == -1);
	CHECK_STR(err.message, "writing JSON: a key outside an object");

	buf_reset(&out);
	json_writer_init(&w, &out);
	json_write_begin_array(&w);
	json_write_end_object(&w);
	err_clear(&err);
	CHECK(json_writer_finish(&w, &err) == -1);
	CHECK_STR(err.message, "writing JSON: unbalanced end of object");

	buf_reset(&out);
	json_writer_init(&w, &out);
	json_write_begin_object(&w);
	json_write_key(&w, "a");
	json_write_end_object(&w);
	err_clear(&err);
	CHECK(json_writer_finish(&w, &err) == -1);
	CHECK_STR(err.message, "writing JSON: a key without a value");

	buf_reset(&out);
	json_writer_init(&w, &out);
	json_write_begin_array(&w);
	err_clear(&err);
	CHECK(json_writer_finish(&w, &err) == -1);
	CHECK_STR(err.message, "writing JSON: unclosed object or array");

	buf_reset(&out);
	json_writer_init(&w, &out);
	json_write_int64(&w, 1);
	json_write_int64(&w, 2);
	err_clear(&err);
	CHECK(json_writer_finish(&w, &err) == -1);
	CHECK_STR(err.message, "writing JSON: a second top-level value");
	CHECK_STR(buf_str(&out), "1");

	/* NDJSON: one writer per line over the same buffer. */
	buf_reset(&out);
	json_writer_init(&w, &out);
	json_write_begin_object(&w);
	json_write_key_string(&w, "event", "start");
	json_write_end_object(&w);
	err_clear(&err);
	CHECK(json_writer_finish(&w, &err) == 0);
	CHECK(buf_append(&out, "\n", 1) == 0);
	json_writer_init(&w, &out);
	json_write_begin_object(&w);
	json_write_key_string(&w, "event", "end");
	json_write_end_object(&w);
	CHECK(json_writer_finish(&w, &err) == 0);
	CHECK_STR(buf_str(&out), "{\"event\":\"start\"}\n{\"event\":\"end\"}");
	buf_free(&out);
}

/* Display fields (SPEC §4 tolerant reading) never fail: long values are
 * cut on a code point boundary and end with "…". */
TEST(display_strings_are_cut_never_refused)
{
	struct json_doc doc;
	struct err err;
	char small[8], tiny[3];

	err_clear(&err);
	memset(&doc, 0, sizeof(doc));
	CHECK(parse(&doc,
		    "{\"a\":\"abcdefghij\",\"b\":\"ab\\u00e9\\u00e9\\u00e9\",\"n\":5,"
		    "\"e\":\"lone \\ud800\",\"s\":\"short\",\"z\":null}",
		    &err) == 0);
	json_get_display(&doc, 0, "a", small, sizeof(small));
	CHECK_STR(small, "abcd\xe2\x80\xa6"); /* 4 bytes + "…" + NUL */
	json_get_display(&doc, 0, "b", small, sizeof(small));
	CHECK_STR(small, "ab\xc3\xa9\xe2\x80\xa6"); /* never half an é */
	json_get_display(&doc, 0, "s", small, sizeof(small));
	CHECK_STR(small, "short");
	json_get_display(&doc, 0, "n", small, sizeof(small)); /* not a string */
	CHECK_STR(small, "");
	json_get_display(&doc, 0, "e", small, sizeof(small)); /* a lone surrogate */
	CHECK_STR(small, "");
	json_get_display(&doc, 0, "z", small, sizeof(small));
	CHECK_STR(small, "");
	json_get_display(&doc, 0, "missing", small, sizeof(small));
	CHECK_STR(small, "");
	json_get_display(&doc, 0, "a", tiny, sizeof(tiny)); /* no room for "…" */
	CHECK_STR(tiny, "");
	json_get_display(&doc, json_object_get(&doc, 0, "s"), NULL, small, sizeof(small));
	CHECK_STR(small, "short");
	json_doc_free(&doc);
}

/* --- reading in pieces ------------------------------------------------------- */

struct pieces {
	char seen[512];
	int calls;
	int stop_at; /* return -1 on this call (1-based); 0: never */
	struct err *err;
};

static int on_member(void *ctx, const char *key, size_t key_len, const char *value,
		     size_t value_len)
{
	struct pieces *p = ctx;
	size_t len = strlen(p->seen);

	(void)snprintf(p->seen + len, sizeof(p->seen) - len, "%.*s=%.*s;", (int)key_len, key,
		       (int)value_len, value);
	if (++p->calls == p->stop_at)
		return err_set(p->err, EXIT_RUNTIME, "stopped at %.*s", (int)key_len, key);
	return 0;
}

static int on_element(void *ctx, const char *value, size_t value_len)
{
	struct pieces *p = ctx;
	size_t len = strlen(p->seen);
	struct json_doc doc = {0};
	struct err err = {0};

	/* Each piece parses alone. */
	CHECK(json_parse(&doc, value, value_len, &err) == 0);
	json_doc_free(&doc);
	(void)snprintf(p->seen + len, sizeof(p->seen) - len, "[%.*s]", (int)value_len, value);
	if (++p->calls == p->stop_at)
		return err_set(p->err, EXIT_RUNTIME, "stopped");
	return 0;
}

TEST(members_and_elements_as_spans)
{
	static const char text[] =
	    " {\"kind\" : \"Table\", \"r\\u006fws\":[ {\"a\":[1,2]} , \"x\",null,-1.5e3 ],"
	    "\"m\":{}, \"e\":[]}\n";
	struct err err = {0};
	struct pieces p = {"", 0, 0, &err};

	CHECK(json_each_member(text, strlen(text), on_member, &p, &err) == 0);
	CHECK_STR(p.seen, "kind=\"Table\";r\\u006fws=[ {\"a\":[1,2]} , \"x\",null,-1.5e3 ];m={};"
			  "e=[];");
	memset(&p, 0, sizeof(p));
	p.err = &err;
	{
		static const char list[] = "[ {\"a\":[1,2]} , \"x\",null,-1.5e3 ]";

		CHECK(json_each_element(list, strlen(list), on_element, &p, &err) == 0);
	}
	CHECK_STR(p.seen, "[{\"a\":[1,2]}][\"x\"][null][-1.5e3]");
	memset(&p, 0, sizeof(p));
	CHECK(json_each_element("[]", 2, on_element, &p, &err) == 0);
	CHECK(json_each_member(" { } ", 5, on_member, &p, &err) == 0);
	CHECK(p.calls == 0);
}

/* Nothing is handed out from a text that is not valid as a whole, and a
 * callback's -1 stops the walk with its error. */
TEST(pieces_only_from_valid_documents)
{
	struct err err = {0};
	struct pieces p = {"", 0, 0, &err};
	static const char *const bad[] = {"{\"a\":1,\"b\":[}", "{\"a\":1} x", "{\"a\":1,}", "{",
					  ""};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err_clear(&err);
		CHECK(json_each_member(bad[i], strlen(bad[i]), on_member, &p, &err) == -1);
		CHECK(err.message[0] != '\0');
	}
	CHECK(p.calls == 0);
	err_clear(&err);
	CHECK(json_each_member("[1]", 3, on_member, &p, &err) == -1);
	CHECK_STR(err.message, "expected a JSON object");
	err_clear(&err);
	CHECK(json_each_element("{}", 2, on_element, &p, &err) == -1);
	CHECK_STR(err.message, "expected a JSON array");
	err_clear(&err);
	CHECK(json_each_member(NULL, 0, on_member, &p, &err) == -1);
	err_clear(&err);
	p.stop_at = 2;
	CHECK(json_each_member("{\"a\":1,\"b\":2,\"c\":3}", 19, on_member, &p, &err) == -1);
	CHECK_STR(err.message, "stopped at b");
	CHECK(p.calls == 2);
}

int main(void)
{
	RUN(display_strings_are_cut_never_refused);
	RUN(describe_cluster_shape);
	RUN(list_updates_null_next_token);
	RUN(object_iteration);
	RUN(skip_nested);
	RUN(depth_cap);
	RUN(strings_and_escapes);
	RUN(string_buffer_too_small);
	RUN(escaped_keys);
	RUN(numbers);
	RUN(scalar_roots);
	RUN(malformed);
	RUN(truncated);
	RUN(token_cap);
	RUN(writer_escaping_round_trip);
	RUN(writer_invalid_utf8);
	RUN(writer_cap_is_sticky);
	RUN(writer_misuse);
	RUN(members_and_elements_as_spans);
	RUN(pieces_only_from_valid_documents);
	return unit_done("json");
}
