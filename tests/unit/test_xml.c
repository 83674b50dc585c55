#include "util/xml.h"

#include "unit.h"

static const char caller_identity[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
    "  <GetCallerIdentityResult>\n"
    "    <Arn>arn:aws:iam::111122223333:user/x</Arn>\n"
    "    <UserId>AIDAEXAMPLE</UserId>\n"
    "    <Account>111122223333</Account>\n"
    "  </GetCallerIdentityResult>\n"
    "  <ResponseMetadata>\n"
    "    <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>\n"
    "  </ResponseMetadata>\n"
    "</GetCallerIdentityResponse>\n";

static const char web_identity[] =
    "<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
    "<AssumeRoleWithWebIdentityResult>"
    "<Audience>sts.amazonaws.com</Audience>"
    "<AssumedRoleUser><AssumedRoleId>AROA:app</AssumedRoleId>"
    "<Arn>arn:aws:sts::111122223333:assumed-role/ci/app</Arn></AssumedRoleUser>"
    "<Provider>arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"
    "</Provider>"
    "<Credentials><AccessKeyId>ASIAEXAMPLE</AccessKeyId>"
    "<SecretAccessKey>wJalr/K7MDENG+bPxRfiCY</SecretAccessKey>"
    "<SessionToken>IQoJb3JpZ2luX2VjE&amp;+/=</SessionToken>"
    "<Expiration>2024-05-01T12:00:00Z</Expiration></Credentials>"
    "<SubjectFromWebIdentityToken>repo:org/repo:ref:refs/heads/main"
    "</SubjectFromWebIdentityToken>"
    "</AssumeRoleWithWebIdentityResult>"
    "<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>"
    "</AssumeRoleWithWebIdentityResponse>";

static const char error_response[] =
    "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\r\n"
    "  <Error>\r\n"
    "    <Type>Sender</Type>\r\n"
    "    <Code>ExpiredToken</Code>\r\n"
    "    <Message>The security token included in the request is expired</Message>\r\n"
    "  </Error>\r\n"
    "  <RequestId>e-1</RequestId>\r\n"
    "</ErrorResponse>\r\n";

static int get(const char *xml, const char *path, char *out, size_t cap, struct err *err)
{
	err_clear(err);
	return xml_text(xml, strlen(xml), path, out, cap, err);
}

TEST(caller_identity_shape)
{
	struct err err;
	char s[128];

	CHECK(get(caller_identity, "GetCallerIdentityResponse/GetCallerIdentityResult/Arn", s,
		  sizeof(s), &err) == 0);
	CHECK_STR(s, "arn:aws:iam::111122223333:user/x");
	CHECK(get(caller_identity, "GetCallerIdentityResponse/GetCallerIdentityResult/Account", s,
		  sizeof(s), &err) == 0);
	CHECK_STR(s, "111122223333");
	CHECK(get(caller_identity, "GetCallerIdentityResponse/ResponseMetadata/RequestId", s,
		  sizeof(s), &err) == 0);
	CHECK_STR(s, "01234567-89ab-cdef-0123-456789abcdef");
	/* Not there: wrong root, wrong level, missing leaf. */
	s[0] = 'x';
	CHECK(get(caller_identity, "ErrorResponse/Error/Code", s, sizeof(s), &err) == 1);
	CHECK_STR(s, "");
	CHECK(get(caller_identity, "GetCallerIdentityResponse/Arn", s, sizeof(s), &err) == 1);
	CHECK(get(caller_identity, "GetCallerIdentityResult/Arn", s, sizeof(s), &err) == 1);
	CHECK(get(caller_identity, "GetCallerIdentityResponse/GetCallerIdentityResult/Nope", s,
		  sizeof(s), &err) == 1);
	CHECK(err.exit_code == 0);
	/* A container's own text is only its whitespace. */
	CHECK(get(caller_identity, "GetCallerIdentityResponse/ResponseMetadata", s, sizeof(s),
		  &err) == 0);
	CHECK_STR(s, "\n    \n  ");
}

TEST(web_identity_shape)
{
	struct err err;
	char s[128];

	CHECK(get(web_identity,
		  "AssumeRoleWithWebIdentityResponse/AssumeRoleWithWebIdentityResult/Credentials/"
		  "SessionToken",
		  s, sizeof(s), &err) == 0);
	CHECK_STR(s, "IQoJb3JpZ2luX2VjE&+/=");
	CHECK(get(web_identity,
		  "AssumeRoleWithWebIdentityResponse/AssumeRoleWithWebIdentityResult/Credentials/"
		  "Expiration",
		  s, sizeof(s), &err) == 0);
	CHECK_STR(s, "2024-05-01T12:00:00Z");
	/* Two <Arn>s in the document: only the one at the path counts. */
	CHECK(get(web_identity,
		  "AssumeRoleWithWebIdentityResponse/AssumeRoleWithWebIdentityResult/"
		  "AssumedRoleUser/Arn",
		  s, sizeof(s), &err) == 0);
	CHECK_STR(s, "arn:aws:sts::111122223333:assumed-role/ci/app");
}

TEST(error_response_shape)
{
	struct err err;
	char s[128];

	CHECK(get(error_response, "ErrorResponse/Error/Code", s, sizeof(s), &err) == 0);
	CHECK_STR(s, "ExpiredToken");
	CHECK(get(error_response, "ErrorResponse/Error/Message", s, sizeof(s), &err) == 0);
	CHECK_STR(s, "The security token included in the request is expired");
	CHECK(get(error_response, "ErrorResponse/RequestId", s, sizeof(s), &err) == 0);
	CHECK_STR(s, "e-1");
	CHECK(get(error_response, "ErrorResponse/Error", s, sizeof(s), &err) == 0);
	CHECK_STR(s, "\n    \n    \n    \n  ");
}

TEST(syntax_features)
{
	static const char doc[] =
	    "\xef\xbb\xbf<?xml version='1.0'?>\n<!-- a <comment> -->\n"
	    "<s:Root xmlns:s=\"urn:x\" a='1>2' b = \"q'q\">"
	    "<s:A>x &lt;&gt;&amp;&quot;&apos; &#65;&#x42;&#xe9;&#x1F600;</s:A>"
	    "<B/><C attr=\"v\" /><D></D>"
	    "<E>one<![CDATA[ <raw> & ]]>two<!-- skip -->three<?pi x?></E>"
	    "<F><G>deep</G>tail</F>"
	    "<H>first</H><H>second</H>"
	    "</s:Root >\n<!-- after -->\n";
	struct err err;
	char s[128];

	CHECK(get(doc, "Root/A", s, sizeof(s), &err) == 0);
	CHECK_STR(s, "x <>&\"' AB\xc3\xa9\xf0\x9f\x98\x80");
	CHECK(get(doc, "Root/B", s, sizeof(s), &err) == 0);
	CHECK_STR(s, "");
	CHECK(get(doc, "Root/C", s, sizeof(s), &err) == 0);
	CHECK_STR(s, "");
	CHECK(get(doc, "Root/D", s, sizeof(s), &err) == 0);
	CHECK_STR(s, "");
	CHECK(get(doc, "Root/E", s, sizeof(s), &err) == 0);
	CHECK_STR(s, "one <raw> & twothree");
	CHECK(get(doc, "Root/F", s, sizeof(s), &err) == 0);
	CHECK_STR(s, "tail");
	CHECK(get(doc, "Root/F/G", s, sizeof(s), &err) == 0);
	CHECK_STR(s, "deep");
	CHECK(get(doc, "Root/H", s, sizeof(s), &err) == 0);
	CHECK_STR(s, "first");
	CHECK(get(doc, "s:Root/A", s, sizeof(s), &err) == 1);
}

TEST(crlf_is_lf)
{
	struct err err;
	char s[32];

	CHECK(get("<a>x\r\ny\rz</a>", "a", s, sizeof(s), &err) == 0);
	CHECK_STR(s, "x\ny\nz");
}

TEST(buffer_too_small)
{
	struct err err;
	char s[5];

	CHECK(get("<a><b>abcd</b><c>abcde</c><d>ab&#xe9;</d><e>abc&#xe9;</e></a>", "a/b", s,
		  sizeof(s), &err) == 0);
	CHECK_STR(s, "abcd");
	CHECK(get("<a><b>abcd</b><c>abcde</c></a>", "a/c", s, sizeof(s), &err) == -1);
	CHECK_STR(err.message, "a/c: value too long (more than 4 bytes)");
	CHECK_STR(s, "");
	CHECK(get("<a><d>ab&#xe9;</d></a>", "a/d", s, sizeof(s), &err) == 0);
	CHECK_STR(s, "ab\xc3\xa9");
	CHECK(get("<a><e>abc&#xe9;</e></a>", "a/e", s, sizeof(s), &err) == -1);
	CHECK(get("<a><![CDATA[abcde]]></a>", "a", s, sizeof(s), &err) == -1);
	err_clear(&err);
	CHECK(xml_text("<a/>", 4, "a", s, 0, &err) == -1);
}

TEST(malformed)
{
	static const char *bad[] = {
	    "",
	    "   ",
	    "<a>",
	    "<a><b></a></b>",
	    "<a></b>",
	    "</a>",
	    "<a></a><b></b>",
	    "<a></a>text",
	    "text<a></a>",
	    "<a>&foo;</a>",
	    "<a>& </a>",
	    "<a>&amp</a>",
	    "<a>&#;</a>",
	    "<a>&#x;</a>",
	    "<a>&#0;</a>",
	    "<a>&#xD800;</a>",
	    "<a>&#x110000;</a>",
	    "<a>&#99999999999;</a>",
	    "<a>&#12a;</a>",
	    "<a>\x01</a>",
	    "<a b></a>",
	    "<a b=c></a>",
	    "<a b=\"c></a>",
	    "<a b=\"<\"></a>",
	    "<a b=\"\x01\"></a>",
	    "<a b=\"1\"c=\"2\"></a>",
	    "<a",
	    "<1a></1a>",
	    "< a></a>",
	    "<a></a",
	    "<a><!-- x </a>",
	    "<a><![CDATA[ x </a>",
	    "<?xml version=\"1.0\"",
	    "<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>",
	    "<![CDATA[x]]><a/>",
	    "<p:a></q:a>",
	};
	struct err err;
	char s[64];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err_clear(&err);
		if (xml_text(bad[i], strlen(bad[i]), "a", s, sizeof(s), &err) != -1) {
			fprintf(stderr, "accepted: %s\n", bad[i]);
			unit_current_failed = 1;
		}
		CHECK(err.message[0] != '\0');
	}
	err_clear(&err);
	CHECK(xml_text("<a>\0</a>", 8, "a", s, sizeof(s), &err) == -1);
	CHECK_STR(err.message, "malformed XML at offset 3: control character");
	CHECK(get("<a><b></a></b>", "a", s, sizeof(s), &err) == -1);
	CHECK_STR(err.message, "malformed XML at offset 6: closing tag does not match the "
			       "opening tag");
	CHECK(get("<a><b>x</b>", "a/b", s, sizeof(s), &err) == -1);
	CHECK_STR(err.message, "truncated XML: <a> is not closed");
	CHECK_STR(s, "");
	/* Malformed after the match still fails. */
	CHECK(get("<a><b>x</b><c>&bad;</c></a>", "a/b", s, sizeof(s), &err) == -1);
	CHECK(get("<a>x</a>", "", s, sizeof(s), &err) == -1);
	CHECK(get("<a>x</a>", "a//b", s, sizeof(s), &err) == -1);
	CHECK_STR(err.message, "bad XML path \"a//b\"");
}

TEST(length_bounds_the_text)
{
	struct err err = {0};
	char s[16];

	CHECK(xml_text("<a>xy</a>garbage", 9, "a", s, sizeof(s), &err) == 0);
	CHECK_STR(s, "xy");
	CHECK(xml_text("<a>xy</a>", 8, "a", s, sizeof(s), &err) == -1);
	CHECK(strstr(err.message, "truncated XML") != NULL);
}

TEST(depth_cap)
{
	char doc[16 * (XML_MAX_DEPTH + 2)];
	char path[4 * (XML_MAX_DEPTH + 2)];
	struct err err;
	char s[8];
	size_t n = 0, p = 0;
	int i;

	for (i = 0; i < XML_MAX_DEPTH; i++) {
		n += (size_t)snprintf(doc + n, sizeof(doc) - n, "<e>");
		p += (size_t)snprintf(path + p, sizeof(path) - p, "%se", i ? "/" : "");
	}
	n += (size_t)snprintf(doc + n, sizeof(doc) - n, "v");
	for (i = 0; i < XML_MAX_DEPTH; i++)
		n += (size_t)snprintf(doc + n, sizeof(doc) - n, "</e>");
	CHECK(n < sizeof(doc) && p < sizeof(path));
	CHECK(get(doc, path, s, sizeof(s), &err) == 0);
	CHECK_STR(s, "v");
	CHECK(get(doc, "e/e", s, sizeof(s), &err) == 0);
	CHECK_STR(s, "");
	n = 0;
	for (i = 0; i <= XML_MAX_DEPTH; i++)
		n += (size_t)snprintf(doc + n, sizeof(doc) - n, "<e>");
	CHECK(get(doc, "e", s, sizeof(s), &err) == -1);
	CHECK(strstr(err.message, "nested too deeply") != NULL);
}

int main(void)
{
	RUN(caller_identity_shape);
	RUN(web_identity_shape);
	RUN(error_response_shape);
	RUN(syntax_features);
	RUN(crlf_is_lf);
	RUN(buffer_too_small);
	RUN(malformed);
	RUN(length_bounds_the_text);
	RUN(depth_cap);
	return unit_done("xml");
}
